"""The one place text written by staff becomes HTML, and the only module that imports bleach.

A report section is written in a small Markdown subset:

    A paragraph is lines of text; a blank line, or a label, starts the next one.
    - a list item starts with "- " or "* "
    1. a numbered item starts with "1. "
    **bold words** and [a link](https://example.org) (http, https and mailto only)

Any paragraph or list item may begin with a label in square brackets saying what
kind of statement it is, and whether it is second-hand and from whom:

    [fact] Amani started at Park School in September.
    [allegation, second-hand: school] A neighbour told the school that ...
    - [opinion] I think the family needs more help with housing.

The labels are fact, observation, allegation and opinion; "second-hand" may stand
alone or name its source after a colon. Text in square brackets that is not a label
(e.g. "[name removed]") stays as written.

Everything typed is escaped first and only the HTML this module writes survives;
bleach then cleans the result again against explicit allow-lists, so a mistake here
still cannot let a script, an event handler, a style or a javascript: link through.

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
_LINK = re.compile(r"\[(?P<text>[^\[\]\n]+)\]\((?P<url>[^()\s]+)\)")
_BOLD = re.compile(r"\*\*(?=\S)(?P<text>.+?)(?<=\S)\*\*")


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


def _bold(raw: str) -> str:
    out, last = [], 0
    for match in _BOLD.finditer(raw):
        out.append(str(escape(raw[last:match.start()])))
        out.append(f"<strong>{escape(match.group('text'))}</strong>")
        last = match.end()
    out.append(str(escape(raw[last:])))
    return "".join(out)


def safe_url(url: str) -> str | None:
    """The URL if it is http, https or mailto, else None."""
    cleaned = "".join(ch for ch in url if ch.isprintable() and not ch.isspace())
    scheme = cleaned.split(":", 1)[0].lower() if ":" in cleaned else ""
    if scheme not in ALLOWED_PROTOCOLS:
        return None
    if scheme in ("http", "https") and not cleaned.lower().startswith(f"{scheme}://"):
        return None
    return cleaned


def inline(raw: str) -> str:
    out, last = [], 0
    for match in _LINK.finditer(raw):
        out.append(_bold(raw[last:match.start()]))
        text = _bold(match.group("text"))
        url = safe_url(match.group("url"))
        if url is None:
            out.append(text)  # keep the words, drop a link we will not make
        else:
            out.append(f'<a href="{escape(url)}" rel="{LINK_REL}">{text}</a>')
        last = match.end()
    out.append(_bold(raw[last:]))
    return "".join(out)


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
    label, rest = _split_label(raw.strip())
    html = clean(inline(rest))
    if BIDI_CONTROLS.search(rest):
        html = Markup("<bdi>{}</bdi>").format(html)
    if label is None:
        return Item(html)
    return Item(html, label.kind, label.second_hand, label.source)


def blocks(text: str) -> list[Block]:
    """The section's text as paragraphs and lists, each item with its label."""
    result: list[Block] = []
    tag: str | None = None
    items: list[list[str]] = []

    def close():
        nonlocal tag, items
        if tag is not None and items:
            result.append(Block(tag, tuple(_item(" ".join(parts)) for parts in items)))
        tag, items = None, []

    for line in _lines(text):
        if not line.strip():
            close()
            continue
        bullet, numbered = _BULLET.match(line), _NUMBERED.match(line)
        marker = "ul" if bullet else "ol" if numbered else None
        if marker:
            if tag != marker:
                close()
                tag = marker
            items.append([(bullet or numbered).group("text")])
        elif _split_label(line.strip())[0] is not None:
            close()  # a label at the start of a line starts a new paragraph
            tag, items = "p", [[line.strip()]]
        elif tag in ("ul", "ol"):
            items[-1].append(line.strip())  # a wrapped list item goes on
        else:
            if tag is None:
                tag, items = "p", [[]]
            items[-1].append(line.strip())
    close()
    return result


def to_html(text: str) -> Markup:
    """The section as plain HTML without its labels (for places that cannot show them)."""
    parts = []
    for block in blocks(text):
        if block.tag == "p":
            parts.extend(f"<p>{item.html}</p>" for item in block.items)
        else:
            inner = "".join(f"<li>{item.html}</li>" for item in block.items)
            parts.append(f"<{block.tag}>{inner}</{block.tag}>")
    return clean("".join(parts))
