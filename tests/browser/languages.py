"""Language checks on a page a gate opened in another language: <html lang dir> are the
language's (staff pages stay English), and no English is left in the page's chrome
(title, skip link, header, navigation, footer, headings, labels, buttons): a text there
that is the same as on the English page is English left behind."""

from __future__ import annotations

from bs4 import BeautifulSoup

from portal.i18n import BY_CODE, DEFAULT

CHROME = ("title, .skip-link, .service-name, .leave-button, .site-nav, .footer-links, "
          "main h1, main h2, main button, main label, main legend, #timeout-warning")
STAFF = ("staff.", "interpreter.")


def _texts(html: str) -> set[str]:
    soup = BeautifulSoup(html, "html.parser")
    texts = set()
    for element in soup.select(CHROME):
        for text in element.find_all(string=True):
            if any(p.name != "html" and p.has_attr("lang") for p in text.parents
                   if hasattr(p, "has_attr")):
                continue  # a language's own name, or words marked as another language
            words = " ".join(str(text).split())
            if sum(ch.isascii() and ch.isalpha() for ch in words) >= 3:
                texts.add(words)
    return texts


def english_left(html: str, english_html: str) -> list[str]:
    return [f"English left: {text!r}" for text in sorted(_texts(html) & _texts(english_html))]


def lang_and_dir(html: str, code: str) -> list[str]:
    root = BeautifulSoup(html, "html.parser").html
    language = BY_CODE[code]
    found = (root.get("lang"), root.get("dir"))
    if found != (language.tag, language.direction):
        return [f"<html lang={found[0]!r} dir={found[1]!r}>, expected {language.tag} "
                f"{language.direction}"]
    return []


def language_problems(page, visit, html: str, code: str, base: str,
                      english: dict[str, str] | None = None) -> list[str]:
    """`english`: the English pages fetched so far, by address (the same for every
    language, so a walk over many languages fetches each once)."""
    if visit.rendered is not None:
        return []
    if visit.endpoint.startswith(STAFF):
        return lang_and_dir(html, DEFAULT)
    problems = lang_and_dir(html, code)
    if not visit.submit:
        english = {} if english is None else english
        if visit.path not in english:
            joiner = "&" if "?" in visit.path else "?"
            english[visit.path] = page.request.get(
                f"{base}{visit.path}{joiner}lang={DEFAULT}").text()
        problems += english_left(html, english[visit.path])
    return problems
