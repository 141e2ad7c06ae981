"""The guide's pages, in reading order. Each page's words are in
templates/guide/pages/<slug>.html; the facts come from the council's profile."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class GuidePage:
    slug: str
    title: str


PAGES = [
    GuidePage("what-is-a-conference", _l("What a child protection conference is")),
    GuidePage("who-will-be-there", _l("Who will be at the conference")),
    GuidePage("the-chair", _l("The chair, and meeting them before the conference")),
    GuidePage("before", _l("Before the conference")),
    GuidePage("on-the-day", _l("On the day")),
    GuidePage("after", _l("After the conference")),
    GuidePage("your-rights", _l("Your rights and what you can expect")),
    GuidePage("confidentiality", _l("Who hears what, and what is recorded")),
    GuidePage("tips", _l("Tips to help you have your say")),
]

BY_SLUG = {p.slug: p for p in PAGES}


def neighbours(slug: str) -> tuple[GuidePage | None, GuidePage | None]:
    index = [p.slug for p in PAGES].index(slug)
    before = PAGES[index - 1] if index > 0 else None
    after = PAGES[index + 1] if index + 1 < len(PAGES) else None
    return before, after
