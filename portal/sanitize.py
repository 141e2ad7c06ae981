"""The one place text written by staff becomes HTML, and the only module that imports bleach.

A report section is written in a small Markdown subset, parsed by markdown-it-py (a
CommonMark parser) with every other construct switched off:

    A paragraph is lines of text; a blank line, or a label, starts the next one.
    - a list item starts with "- " or "* "
    1. a numbered item starts with "1. "
    **bold words** and [a link](https://example.org) (http, https and mailto only)

Headings, quotes, code, images, tables, HTML and *italics* are not part of it: they
stay as typed. A link whose words are themselves an address goes to that address,
whatever the brackets after it say, so a link never says one place and goes to another.

Any paragraph or list item may begin with a label in square brackets saying what
kind of statement it is, and whether it is second-hand and from whom:

    [fact] Amani started at Park School in September.
    [allegation, second-hand: school] A neighbour told the school that ...
    - [opinion] I think the family needs more help with housing.

The labels are fact, observation, allegation and opinion; "second-hand" may stand
alone or name its source after a colon. Text in square brackets that is not a label
(e.g. "[name removed]") stays as written.

Everything typed is escaped by the parser and only the HTML it writes for the subset
survives; bleach then cleans the result again against explicit allow-lists, so a
mistake here still cannot let a script, an event handler, a style or a javascript:
link through.

Free text shown anywhere (a parent's answers, names, notes) may carry Unicode bidi
controls (U+202A-U+202E, U+2066-U+2069) that would reorder the words around them:
`isolate()` puts such text in <bdi>, and every `{{ value }}` in an HTML template goes
through it (portal/templating.py); `plain_line()` removes them where no markup can go.

Pure: no Flask. The words for the labels live in the templates (translated there).
"""

import difflib
import re
from dataclasses import dataclass

import bleach
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

KINDS = ("fact", "observation", "allegation", "opinion")
ALLOWED_TAGS = frozenset({"p", "ul", "ol", "li", "strong", "a", "bdi"})
ALLOWED_ATTRIBUTES = {"a": ["href", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"
SOURCE_LIMIT = 100

_LABEL = re.compile(r"^\[([^\[\]\n]{1,160})\](?!\()[ \t]*")
_SECOND_HAND = re.compile(r"^second[\s-]?hand(?:\s*[:\-–]\s*(?P<source>.*))?$", re.IGNORECASE)
_BULLET = re.compile(r"^[ \t]{0,3}[-*+][ \t]+(?P<text>.*)$")
_NUMBERED = re.compile(r"^[ \t]{0,3}\d{1,3}[.)][ \t]+(?P<text>.*)$")
# Words that are an address: any scheme ("https:", "mailto:", "javascript:"), "www."
# or an email address.
_ADDRESS = re.compile(
    r"^(?:[a-z][a-z0-9+.\-]{1,20}:\S+|www\.\S+|[^\s@:/]+@[^\s@]+\.[^\s@]+)$", re.I
)

# CommonMark with only paragraphs, lists, bold (and its pair, italics, which _inline
# turns back into the typed characters), links and line breaks.
_MARKDOWN = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False}).enable(
    ["list", "emphasis", "link", "newline"]
)


BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def isolate(text: str) -> Markup:
    """Free text as escaped HTML; inside <bdi> when it carries bidi controls, so they
    cannot reorder the words around it."""
    html = escape(text)
    if BIDI_CONTROLS.search(str(text)):
        return Markup("<bdi>{}</bdi>").format(html)
    return html


def sentence(text: str, **free: str) -> Markup:
    """A translated sentence, not yet filled in (`_("… %(name)s")` without arguments),
    with each piece of free text escaped and isolated: for flash messages."""
    return escape(text) % {key: isolate(value) for key, value in free.items()}


_NOT_IN_HTML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def form_value(value: object) -> Markup:
    """What a person typed, shown back in its box (an input's value, a textarea): exactly
    as typed, bidi controls included (a box is its own paragraph), escaped, never wrapped
    in <bdi>; only the control characters HTML cannot carry (NUL and the like) are left
    out, and the form's own check has already said they were there."""
    return escape(_NOT_IN_HTML.sub("", "" if value is None else str(value)))


def plain_line(value: str | Markup) -> Markup:
    """Text for a place that takes no markup (<title>, <option>): escaped, without bidi
    controls or the <bdi> isolate() added."""
    html = value if isinstance(value, Markup) else escape(value)
    unwrapped = str(html).replace("<bdi>", "").replace("</bdi>", "")
    return Markup(BIDI_CONTROLS.sub("", unwrapped))  # noqa: S704 - escaped above


@dataclass(frozen=True)
class Item:
    """A paragraph or list item: its sanitised inline HTML and its label, if any."""

    html: Markup
    kind: str | None = None  # one of KINDS
    second_hand: bool = False
    source: str = ""  # plain text; escape when shown

    @property
    def labelled(self) -> bool:
        return self.kind is not None or self.second_hand


@dataclass(frozen=True)
class Block:
    tag: str  # "p", "ul" or "ol"
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Label:
    kind: str | None
    second_hand: bool
    source: str


# ---- labels -----------------------------------------------------------------------


def parse_label(inside: str) -> Label | None:
    """The label in "[...]", or None when the brackets hold something else."""
    kind, second_hand, source = None, False, ""
    for part in (p.strip() for p in inside.split(",")):
        lowered = part.lower()
        if lowered in KINDS and kind is None:
            kind = lowered
            continue
        match = _SECOND_HAND.match(part)
        if match and not second_hand:
            second_hand = True
            source = " ".join((match.group("source") or "").split())[:SOURCE_LIMIT]
            continue
        return None
    return Label(kind, second_hand, source)


def _split_label(text: str) -> tuple[Label | None, str]:
    match = _LABEL.match(text)
    if match:
        label = parse_label(match.group(1))
        if label is not None:
            return label, text[match.end():]
    return None, text


def label_problems(text: str) -> list[tuple[int, str]]:
    """Brackets at the start of a line that look like a mistyped label: (line number, what
    was typed). "[name removed]" is not a problem; "[alegation]" or "[fact, rumour]" is."""
    problems = []
    words = [*KINDS, "second-hand"]
    for number, line in enumerate(_lines(text), start=1):
        body = line
        for pattern in (_BULLET, _NUMBERED):
            match = pattern.match(line)
            if match:
                body = match.group("text")
                break
        match = _LABEL.match(body)
        if not match or parse_label(match.group(1)) is not None:
            continue
        parts = [p.strip().lower() for p in match.group(1).split(",")]
        looks_like = any(
            p in KINDS or _SECOND_HAND.match(p) or difflib.get_close_matches(p, words, cutoff=0.75)
            for p in parts
        )
        if looks_like:
            problems.append((number, match.group(0).strip()))
    return problems


# ---- inline: bold and links ------------------------------------------------------------


def safe_url(url: str) -> str | None:
    """The URL if it is http, https or mailto, else None."""
    cleaned = "".join(ch for ch in url if ch.isprintable() and not ch.isspace())
    scheme = cleaned.split(":", 1)[0].lower() if ":" in cleaned else ""
    if scheme not in ALLOWED_PROTOCOLS:
        return None
    if scheme in ("http", "https") and not cleaned.lower().startswith(f"{scheme}://"):
        return None
    return cleaned


def _address(words: str) -> str | None:
    """The address a link's words name, if its words are an address."""
    words = words.strip()
    if not _ADDRESS.match(words):
        return None
    if words.lower().startswith("www."):
        return "https://" + words
    if "@" in words and "://" not in words and not words.lower().startswith("mailto:"):
        return "mailto:" + words
    return words


def _link_words(tokens: list[Token], start: int) -> str:
    words = []
    for token in tokens[start + 1 :]:
        if token.type == "link_close":
            break
        words.append(token.content)
    return "".join(words)


def _inline(tokens: list[Token]) -> Markup:
    """One paragraph's or item's inline tokens as clean HTML: text, bold and safe links."""
    out: list[Token] = []
    dropped = 0  # link_close tokens to drop, for links we will not make
    for index, token in enumerate(tokens):
        if token.type in ("softbreak", "hardbreak"):
            token = Token("text", "", 0, content=" ")
        elif token.type in ("em_open", "em_close"):
            token = Token("text", "", 0, content=token.markup)  # not ours: as typed
        elif token.type == "link_open":
            href = token.attrGet("href") or ""
            named = _address(_link_words(tokens, index))
            url = safe_url(_MARKDOWN.normalizeLink(named) if named else str(href))
            if url is None:
                dropped += 1  # keep the words, drop a link we will not make
                continue
            token = Token("link_open", "a", 1, attrs={"href": url, "rel": LINK_REL})
        elif token.type == "link_close" and dropped:
            dropped -= 1
            continue
        out.append(token)
    html = _MARKDOWN.renderer.renderInline(out, _MARKDOWN.options, {})
    return clean(html.strip())


def clean(html: str) -> Markup:
    """Bleach with the allow-lists: anything else is escaped, and links keep their rel."""
    cleaned = bleach.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=False,
        strip_comments=True,
    )
    return Markup(cleaned)  # noqa: S704 - bleach has just cleaned it against the allow-lists


# ---- blocks -----------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _item(raw: str) -> Item:
    """An item from its typed words (a paragraph's or list item's inline source): its
    label, if it starts with one, taken off first (labels are ours, not Markdown, so
    bold or a link inside a source stays plain text); inside <bdi> when its words carry
    bidi controls."""
    label, rest = _split_label(raw.strip())
    inline = _MARKDOWN.parseInline(rest)
    html = _inline(inline[0].children or [] if inline else [])
    if BIDI_CONTROLS.search(rest):
        html = Markup("<bdi>{}</bdi>").format(html)
    if label is None:
        return Item(html)
    return Item(html, label.kind, label.second_hand, label.source)


def _statements(raw: str) -> list[str]:
    """A paragraph's typed words split where a line starts with a label: each labelled
    statement is its own paragraph."""
    parts: list[list[str]] = [[]]
    for line in raw.split("\n"):
        if parts[-1] and _split_label(line.strip())[0] is not None:
            parts.append([])
        parts[-1].append(line)
    return ["\n".join(part) for part in parts if "".join(part).strip()]


def blocks(text: str) -> list[Block]:
    """The section's text as paragraphs and lists, each item with its label. A list
    inside a list item is read as more items of the outer list."""
    result: list[Block] = []
    lists: list[str] = []  # the open lists' tags, outermost first
    items: list[Item] = []
    for token in _MARKDOWN.parse(text or ""):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(token.tag)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            tag = lists.pop()
            if not lists and items:
                result.append(Block(tag, tuple(items)))
                items = []
        elif token.type == "inline":
            if lists:
                items.append(_item(token.content))
            else:
                result.extend(Block("p", (_item(part),)) for part in _statements(token.content))
    return result
