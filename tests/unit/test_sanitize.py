"""The report's Markdown subset and labels, and known XSS payloads rendering harmless."""

import pytest
from bs4 import BeautifulSoup

from portal import sanitize
from portal.sanitize import SOURCE_LIMIT

# A selection from OWASP's XSS filter-evasion cheat sheet and similar public lists,
# in the forms a person could paste into a text box.
XSS_PAYLOADS = [
    "<script>alert('XSS')</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",  # noqa: E501
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",  # noqa: E501
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<SCRIPT/XSS SRC=\"https://xss.example/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<SCRIPT SRC=https://xss.example/xss.js?< B >",
    "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<svg/onload=alert('XSS')>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<BGSOUND SRC=\"javascript:alert('XSS');\">",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<STYLE>@import'https://xss.example/xss.css';</STYLE>",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">",
    "<p style=\"color:red\">styled</p>",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"https://xss.example/scriptlet.html\"></OBJECT>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",  # noqa: E501
    "<a href=\"javascript:alert(1)\">click</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">click</a>",
    "<a href=\"vbscript:msgbox(1)\">click</a>",
    "<base href=\"javascript:alert('XSS');//\">",
    "<form action=\"javascript:alert(1)\"><button>go</button></form>",
    "<details open ontoggle=alert(1)>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<p><b>unclosed <i>tags",
    "</p></li></ul></ol><script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert`1`)",
    "[click](  javascript:alert(1))",
    "[click](java\u0000script:alert(1))",
    "[click](data:text/html,<script>alert(1)</script>)",
    "[click](vbscript:msgbox(1))",
    "[click](//evil.example/path)",
    "[click](https:evil.example)",
    "[a](https://ok.example/\"onmouseover=\"alert(1))",
    "[a](https://ok.example/\" onmouseover=\"alert(1)\")",
    "**<img src=x onerror=alert(1)>**",
    "[**<script>alert(1)</script>**](https://ok.example/)",
    "[fact, second-hand: <script>alert(1)</script>] text",
    "[allegation, second-hand: \" onmouseover=\"alert(1)] text",
    "- <img src=x onerror=alert(1)>\n- [x](javascript:alert(1))",
    "1. <iframe src=https://evil.example></iframe>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\u003cscript\u003ealert(1)\u003c/script\u003e",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "<img src=\"x\" onerror=\"alert(1)\"",
]

EVENT_PREFIX = "on"


def _html(text: str) -> str:
    """The blocks as the report macro writes them (without the label words)."""
    parts = []
    for block in sanitize.blocks(text):
        items = "".join(f"<li>{item.html}</li>" for item in block.items)
        if block.tag == "p":
            parts.extend(f"<p>{item.html}</p>" for item in block.items)
        else:
            parts.append(f"<{block.tag}>{items}</{block.tag}>")
    return "".join(parts)


def _rendered(text: str) -> BeautifulSoup:
    """Everything a page would show for this text's blocks."""
    return BeautifulSoup(f"<div>{_html(text)}</div>", "html.parser")


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_known_xss_payloads_render_harmless(payload):
    soup = _rendered(payload)
    for tag in soup.find_all(True):
        assert tag.name in sanitize.ALLOWED_TAGS | {"div"}, f"{tag.name} survived"
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith(EVENT_PREFIX), f"event handler {attribute}"
            assert attribute in ("href", "rel"), f"attribute {attribute} survived"
            if attribute == "href":
                assert value.startswith(("https://", "http://", "mailto:")), value
    for link in soup.find_all("a"):
        assert link["rel"] == ["noopener", "noreferrer"]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payloads_inside_the_source_are_plain_text(app, payload):
    """A label's source is kept as typed and shown as text by the page's own macro."""
    # A source cannot hold brackets, commas or new lines (they end the label).
    source = " ".join(payload.translate(str.maketrans("[],", "() ")).split())[:SOURCE_LIMIT]
    blocks = sanitize.blocks(f"[allegation, second-hand: {source}] said")
    item = blocks[0].items[0]
    source = source.replace("\0", "\ufffd")  # CommonMark: a NUL is read as U+FFFD
    assert (item.kind, item.second_hand, item.source) == ("allegation", True, source)
    with app.test_request_context():
        macros = app.jinja_env.get_template("parent/report_macros.html").module
        soup = BeautifulSoup(str(macros.report_text(blocks)), "html.parser")
    labels = [label.get_text() for label in soup.find_all(class_="statement-label")]
    assert labels == ["Allegation", f"Second-hand, from: {source}"]
    assert {tag.name for tag in soup.find_all(True)} <= {"div", "p", "span"}
    assert not [tag.attrs for tag in soup.find_all(True) if set(tag.attrs) - {"class", "lang"}]


def test_paragraphs_lists_bold_and_links():
    text = (
        "First paragraph\ncontinues here.\n\n"
        "- one **bold**\n- two [Family Rights Group](https://frg.org.uk/advice)\n\n"
        "1. first\n2. second\n\n"
        "Write to [us](mailto:help@example.org)."
    )
    soup = BeautifulSoup(_html(text), "html.parser")
    assert [p.get_text() for p in soup.find_all("p")] == [
        "First paragraph continues here.", "Write to us."
    ]
    items = [li.get_text() for li in soup.ul.find_all("li")]
    assert items == ["one bold", "two Family Rights Group"]
    assert [li.get_text() for li in soup.ol.find_all("li")] == ["first", "second"]
    assert soup.strong.get_text() == "bold"
    links = soup.find_all("a")
    assert links[0]["href"] == "https://frg.org.uk/advice"
    assert links[1]["href"] == "mailto:help@example.org"
    assert all(a["rel"] == ["noopener", "noreferrer"] for a in links)


def test_ampersands_in_links_are_escaped_once():
    html = _html("[a](https://example.org/?a=1&b=2)")
    assert 'href="https://example.org/?a=1&amp;b=2"' in html


def test_labels_on_paragraphs_and_items():
    text = (
        "[fact] Amani is 7.\n"
        "[allegation, second-hand: school] A neighbour said something.\n\n"
        "- [Opinion] The family needs help.\n"
        "- [second hand] Heard from a friend.\n"
        "- [observation, second-hand - health visitor] Seen at home.\n\n"
        "[name removed] went to the shop."
    )
    blocks = sanitize.blocks(text)
    items = [item for block in blocks for item in block.items]
    assert [(i.kind, i.second_hand, i.source) for i in items] == [
        ("fact", False, ""),
        ("allegation", True, "school"),
        ("opinion", False, ""),
        (None, True, ""),
        ("observation", True, "health visitor"),
        (None, False, ""),
    ]
    assert str(items[0].html) == "Amani is 7."
    # Brackets that are not a label stay as written.
    assert "[name removed] went to the shop." in str(items[-1].html)
    assert [b.tag for b in blocks] == ["p", "p", "ul", "p"]


def test_mistyped_labels_are_found_but_other_brackets_are_not():
    text = "[alegation] one\n[fact, rumour] two\n[name removed] three\n- [opnion] four\n[fact] five"
    assert sanitize.label_problems(text) == [
        (1, "[alegation]"), (2, "[fact, rumour]"), (4, "[opnion]")
    ]


def test_a_link_is_not_taken_for_a_label():
    items = sanitize.blocks("[fact](https://example.org) is a link")[0].items
    assert items[0].kind is None
    assert '<a href="https://example.org"' in str(items[0].html)


def test_source_is_kept_short():
    item = sanitize.blocks("[fact, second-hand: " + "x" * 120 + "] text")[0].items[0]
    assert len(item.source) == sanitize.SOURCE_LIMIT


def test_empty_and_blank_text():
    assert sanitize.blocks("") == []
    assert sanitize.blocks("\n \n\t\n") == []


@pytest.mark.parametrize(
    ("typed", "goes_to"),
    [
        ("[https://a.example](https://evil.example)", "https://a.example"),
        ("[www.a.example](https://evil.example)", "https://www.a.example"),
        ("[help@a.example](https://evil.example)", "mailto:help@a.example"),
        ("[mailto:help@a.example](https://evil.example)", "mailto:help@a.example"),
        ("[Family Rights Group](https://frg.org.uk)", "https://frg.org.uk"),
    ],
)
def test_a_link_whose_words_are_an_address_goes_to_that_address(typed, goes_to):
    links = _rendered(typed).find_all("a")
    assert [a["href"] for a in links] == [goes_to]
    assert "evil" not in _html(typed)


@pytest.mark.parametrize(
    "typed",
    ["[javascript:alert(1)](https://ok.example)", "[data:text/html,x](https://ok.example)"],
)
def test_a_link_whose_words_are_an_unsafe_address_is_no_link(typed):
    soup = _rendered(typed)
    assert not soup.find_all("a")
    assert soup.get_text() == typed.split("](")[0].lstrip("[")


@pytest.mark.parametrize(
    "typed",
    [
        "# Not a heading",
        "> Not a quote",
        "    not code",
        "`not code`",
        "![not an image](https://a.example/x.png)",
        "*not italics* and _not either_",
        "---",
        "| a | b |\n|---|---|",
        "<https://a.example>",
        "[not a reference][x]\n\n[x]: https://evil.example",
    ],
)
def test_markdown_beyond_the_subset_stays_as_typed(typed):
    soup = _rendered(typed)
    # An image's "!" stays as typed before what is then an ordinary link.
    assert {tag.name for tag in soup.find_all(True)} <= {"div", "p", "a"}
    assert [a["href"] for a in soup.find_all("a")] in ([], ["https://a.example/x.png"])
    assert "evil" not in str(soup.find_all("a"))
    if not typed.startswith(("!", "---")):
        # The characters that would have made it something else are still there.
        assert typed.split("\n")[0].strip() in soup.get_text()
