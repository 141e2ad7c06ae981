"""The questions a parent answers in "Your views", as data.

Staff pages, the print view and the interpreter's page read the same list, so a
question is worded in one place. Each answer is stored under its question's key
(portal.models.Answer.key), e.g. "strengths.family".

The four headings and what they ask come from the councils' own forms (seeds 000
and 004); the hints are the parents' tips from seed 001. Every word is new, in
plain English for someone under stress, perhaps reading in a second language.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class Page:
    slug: str  # the page's address: /views/<slug>
    title: str
    intro: str
    questions: tuple[Question, ...]


PAGES: tuple[Page, ...] = (
    Page(
        slug="risks",
        title=_l("Risks and concerns"),
        intro=_l(
            "The conference will talk about what worries people. Here you can say what you think."
        ),
        questions=(
            Question(
                "risks.report",
                _l("Do you agree with what the social worker's report says?"),
                _l("Say which parts you think are right and which are wrong or missing, and why."),
            ),
            Question(
                "risks.change",
                _l("What needs to change so that your child is safer and better cared for?"),
                _l("Be honest about what needs to change. It shows you want things to get better."),
            ),
            Question(
                "risks.difficulties",
                _l("What is hard for your family right now?"),
                _l("If you had problems in the past, say how you got through them."),
            ),
        ),
    ),
    Page(
        slug="strengths",
        title=_l("Strengths"),
        intro=_l(
            "The conference must also hear what is good. Nobody knows your family better than you."
        ),
        questions=(
            Question(
                "strengths.family",
                _l("What is good about your family?"),
                _l("If nobody else talks about your family's strengths, you can. Write them here."),
            ),
            Question(
                "strengths.parent",
                _l("What do you do well as a parent or carer?"),
                _l("Small things count, like taking your child to school or eating together."),
            ),
            Question(
                "strengths.know",
                _l("What good things do you want the professionals to know about you?"),
                _l("Think of a hard time you got through. Say what you did."),
            ),
        ),
    ),
    Page(
        slug="support",
        title=_l("Services and support"),
        intro=_l("Help can come from people you know and from services."),
        questions=(
            Question(
                "support.people",
                _l("Could family or friends help you? Who, and how?"),
                _l("For example, someone who could take your child to school or look after them."),
            ),
            Question(
                "support.services",
                _l("What services or support does your family need?"),
                _l("For example, help with housing, money, health or parenting."),
            ),
            Question(
                "support.difference",
                _l("How would this help make things better?"),
            ),
        ),
    ),
    Page(
        slug="next-steps",
        title=_l("Next steps"),
        intro=_l("At the end, the conference makes a plan. Say what you want it to include."),
        questions=(
            Question(
                "next.after",
                _l("What do you think should happen after the conference?"),
            ),
            Question(
                "next.you",
                _l("What could you do to make things better?"),
                _l("Be honest. Small steps count."),
            ),
            Question(
                "next.others",
                _l("What could other people or services do to make things better?"),
            ),
        ),
    ),
    Page(
        slug="anything-else",
        title=_l("Anything else"),
        intro=_l("This page is optional."),
        questions=(
            Question(
                "other.anything",
                _l("Is there anything else you want the conference to know?"),
                _l("Notes help you remember what you want to say on the day."),
            ),
        ),
    ),
)

BY_SLUG: dict[str, Page] = {page.slug: page for page in PAGES}
BY_KEY: dict[str, Question] = {q.key: q for page in PAGES for q in page.questions}
PAGE_OF: dict[str, Page] = {q.key: page for page in PAGES for q in page.questions}


def page(slug: str) -> Page | None:
    return BY_SLUG.get(slug)


def next_page(slug: str) -> Page | None:
    slugs = [p.slug for p in PAGES]
    index = slugs.index(slug)
    return PAGES[index + 1] if index + 1 < len(PAGES) else None
