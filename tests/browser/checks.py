"""What the gates check in a loaded page, shared by the gate tests and the broken fixture.

Each check takes a Playwright page and returns a list of problems (strings naming
the rule and the element); an empty list means the page passes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from portal.db import session
from tests.pages import Contexts, Visit, World, all_visits, languages, open_visit

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}


SKIP_HINT = "; PORTAL_SKIP_BROWSER=1 skips the browser tests"


def require(path: Path, what: str) -> None:
    """A gate whose tool is missing fails, saying what to install (never a silent skip)."""
    if not path.exists():
        pytest.fail(f"{what} not found at {path}: run `make install` (npm ci){SKIP_HINT}",
                    pytrace=False)


@pytest.fixture
def world(app):
    with app.test_request_context():
        yield World(app, session())


def walk(browser, base: str, app, world: World, viewport: dict, lang: str = "en",
         problems: list[str] | None = None, exclude: tuple[str, ...] = (),
         **options) -> Iterator[tuple[Visit, object, str]]:
    """Open every registered visit; yield (visit, page, html as served).

    A visit that cannot be opened is added to `problems` (when given) rather than
    stopping the walk, so one run reports every broken page. `exclude` leaves out
    endpoints starting with any of its prefixes."""
    visits = [v for v in all_visits(app, world) if not v.endpoint.startswith(exclude or "\0")]
    for _lang, visit, page, html in _open_each(browser, base, world, viewport, [lang], visits,
                                               lambda _lang: problems, **options):
        yield visit, page, html


def walk_languages(browser, base: str, app, world: World, viewport: dict, langs: list[str],
                   problems: dict[str, list[str]], exclude: tuple[str, ...] = ()
                   ) -> Iterator[tuple[str, Visit, object, str]]:
    """The first page of each endpoint (no error states: the gate walks have them) in
    each language; yield (language, visit, page, html as served). One browser context
    per kind of user serves every language (the address says which), so each signs in
    once. A visit that cannot be opened goes in its language's `problems`."""
    seen, visits = set(), []
    for visit in all_visits(app, world):
        if visit.endpoint.startswith(exclude or "\0") or visit.submit:
            continue
        if visit.endpoint not in seen:
            seen.add(visit.endpoint)
            visits.append(visit)
    yield from _open_each(browser, base, world, viewport, langs, visits,
                          lambda lang: problems.setdefault(lang, []))


def _open_each(browser, base, world, viewport, langs, visits, problems_for, **options):
    scripts = [AXE] if AXE.exists() else []
    with Contexts(browser, base, world, viewport, scripts=scripts, **options) as contexts:
        for lang in langs:
            for visit in visits:
                try:
                    page = contexts.page_for(visit)
                    html = open_visit(page, base, visit, lang)
                except Exception as error:  # report, keep walking
                    problems = problems_for(lang)
                    if problems is None:
                        raise
                    problems.append(
                        f"{visit.label}: could not open: {str(error).splitlines()[0]}")
                    continue
                yield lang, visit, page, html


def report(problems: list[str], what: str) -> str:
    return f"{len(problems)} {what}:\n" + "\n".join(problems)


# ---- axe-core ------------------------------------------------------------------------------

def run_axe(page) -> list[str]:
    """axe-core with the WCAG 2.0/2.1/2.2 A and AA rules; one line per failing element."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                         resultTypes: ['violations']})""",
        AXE_TAGS,
    )
    problems = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            why = "; ".join(c["message"] for c in node.get("any", []) + node.get("all", []))
            problems.append(
                f"axe {violation['id']} ({violation['impact']}): {violation['help']}; "
                f"element {target}: {node['html'][:160]}" + (f" ({why[:200]})" if why else "")
            )
    return problems


# ---- fonts ---------------------------------------------------------------------------------

# Draws each letter of the matched elements, in their own font, on a canvas, and compares
# it with what the browser draws for a code point no font has (U+0378, unassigned): a
# letter drawn the same is an empty box ("tofu"), so the page's script has no font.
_TOFU_JS = r"""(selector) => {
  const canvas = document.createElement('canvas');
  canvas.width = 64; canvas.height = 64;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const draw = (ch, font) => {
    ctx.clearRect(0, 0, 64, 64); ctx.font = font; ctx.fillStyle = '#000';
    ctx.fillText(ch, 8, 44);
    return Array.from(ctx.getImageData(0, 0, 64, 64).data).join(',');
  };
  const missing = [];
  for (const el of document.querySelectorAll(selector)) {
    const style = getComputedStyle(el);
    const font = `32px ${style.fontFamily}`;
    const box = draw('\u0378', font);
    for (const ch of new Set(Array.from(el.textContent))) {
      if (/[\s\p{P}\p{M}\p{Cf}]/u.test(ch)) continue;
      if (draw(ch, font) === box) missing.push(ch);
    }
  }
  return missing;
}"""


def missing_glyphs(page, selector: str = "h1, main p, main a, button") -> list[str]:
    """Letters on the page that the browser can only draw as empty boxes."""
    missing = page.evaluate(_TOFU_JS, selector)
    if not missing:
        return []
    points = " ".join(f"{ch} U+{ord(ch):04X}" for ch in missing[:20])
    return [f"no font draws {len(missing)} letters: {points}"]


# ---- reflow and text spacing ---------------------------------------------------------------

def horizontal_scroll(page) -> list[str]:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if widths[0] > widths[1]:
        wide = page.evaluate(
            """() => { const w = document.documentElement.clientWidth, out = [];
                for (const el of document.body.querySelectorAll('*')) {
                  const r = el.getBoundingClientRect();
                  if (r.right > w + 1 && r.width > 0 && getComputedStyle(el).position !== 'fixed')
                    out.push(el.outerHTML.slice(0, 80) + ' right=' + Math.round(r.right));
                  if (out.length >= 3) break; }
                return out; }"""
        )
        return [f"reflow: page scrolls sideways ({widths[0]}px wide in {widths[1]}px): {wide}"]
    return []


TEXT_SPACING_JS = """() => {
  for (const el of document.querySelectorAll('body, body *')) {
    el.style.setProperty('line-height', '1.5', 'important');
    el.style.setProperty('letter-spacing', '0.12em', 'important');
    el.style.setProperty('word-spacing', '0.16em', 'important');
    if (el.tagName === 'P') el.style.setProperty('margin-bottom', '2em', 'important');
  }
}"""

CLIPPED_JS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const s = getComputedStyle(el);
    if (s.display === 'none' || s.visibility === 'hidden') continue;
    if (el.clientWidth <= 1 || el.clientHeight <= 1) continue;   // visually hidden text
    if (!el.textContent.trim()) continue;
    const clipX = ['hidden', 'clip'].includes(s.overflowX);
    const clipY = ['hidden', 'clip'].includes(s.overflowY);
    const over = (clipX && el.scrollWidth > el.clientWidth + 1) ||
                 (clipY && el.scrollHeight > el.clientHeight + 1);
    const field = ['INPUT', 'SELECT'].includes(el.tagName) &&
                  el.scrollHeight > el.clientHeight + 2;
    if (over || field)
      out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' +
               el.textContent.trim().slice(0, 40) + '"');
  }
  return out;
}"""


def text_spacing(page) -> list[str]:
    """WCAG 1.4.12: with the spacing a reader may set, nothing is cut off."""
    page.evaluate(TEXT_SPACING_JS)
    clipped = page.evaluate(CLIPPED_JS)
    problems = [f"text spacing: text cut off in {c}" for c in clipped]
    wide = horizontal_scroll(page)
    return problems + [p.replace("reflow:", "text spacing + reflow:") for p in wide]


# ---- targets, autocomplete, colour alone ----------------------------------------------------

TARGETS_JS = """() => {
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, ' +
              '[role=button], [tabindex]:not([tabindex="-1"])';
  const all = [...document.querySelectorAll(sel)].filter(el => {
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 1 && r.height > 1 &&
           r.right > 0 && r.bottom > -10000 && r.left < 10000;
  });
  const rects = all.map(el => el.getBoundingClientRect());
  const inline = el => {
    if (el.tagName !== 'A') return false;
    if (getComputedStyle(el).display !== 'inline') return false;
    const block = el.closest('p, li, dd, td, .hint, label, legend');
    return block && block.textContent.trim() !== el.textContent.trim();
  };
  const out = [];
  all.forEach((el, i) => {
    const r = rects[i];
    if (r.width >= 24 && r.height >= 24) return;
    if (inline(el)) return;                       // WCAG 2.5.8 inline exception
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    const clash = rects.some((o, j) => j !== i && !all[j].contains(el) && !el.contains(all[j]) &&
      o.left < cx + 12 && o.right > cx - 12 && o.top < cy + 12 && o.bottom > cy - 12);
    if (clash)
      out.push(el.outerHTML.slice(0, 120) + ' is ' +
               Math.round(r.width) + 'x' + Math.round(r.height));
  });
  return out;
}"""


def target_sizes(page) -> list[str]:
    """WCAG 2.5.8: a target is 24 by 24 CSS pixels, or has room around it."""
    return [f"target size: {t}" for t in page.evaluate(TARGETS_JS)]


AUTOCOMPLETE_JS = """() => {
  const rules = [
    [/(^|_)(e-?mail)($|_)/, ['email', 'username']],
    [/(^|_)(phone|mobile|tel)($|_)/, ['tel', 'tel-national']],
    [/^(full_?)?name$|^your_name$/, ['name']],
    [/(^|_)(given|first)_?name($|_)/, ['given-name']],
    [/(^|_)(family|last)_?name($|_)/, ['family-name']],
    [/(^|_)post_?code($|_)/, ['postal-code']],
    [/(^|_)(otp|totp|two_factor|second_factor|2fa)($|_)/, ['one-time-code']],
  ];
  const out = [];
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    const name = (el.name || '').toLowerCase(), ac = (el.getAttribute('autocomplete') || '').trim();
    const tokens = ac.split(/\\s+/);
    // "off" says the field is not about the person filling it in (a parent's name typed
    // by staff, a supporter's name): 1.3.5 does not apply. Never on a password.
    if (ac === 'off' && el.type !== 'password') continue;
    const wanted = el.type === 'email' ? ['email', 'username']
      : el.type === 'tel' ? ['tel', 'tel-national']
      : el.type === 'password' ? ['current-password', 'new-password', 'one-time-code']
      : (rules.find(([re]) => re.test(name)) || [null, null])[1];
    if (wanted && !wanted.some(w => tokens.includes(w)))
      out.push(`<${el.tagName.toLowerCase()} name="${el.name}" type="${el.type}"> ` +
               `has autocomplete="${ac}", expected one of ${wanted.join(', ')}`);
  }
  return out;
}"""


def autocomplete(page) -> list[str]:
    """WCAG 1.3.5: inputs about the user say what they are, so browsers can fill them.
    A field that looks personal (by its name or type) needs the right token, or an
    explicit autocomplete="off" when it is about someone else."""
    return [f"autocomplete: {a}" for a in page.evaluate(AUTOCOMPLETE_JS)]


COLOUR_ALONE_JS = """() => {
  const out = [];
  const visibleText = el => {
    const s = getComputedStyle(el);
    return (el.innerText || '').trim() && s.visibility !== 'hidden' && s.display !== 'none' &&
           el.getBoundingClientRect().width > 1;
  };
  for (const el of document.querySelectorAll('.tag, [class*="status"], .field-error')) {
    if (el.classList.contains('field-error')) {
      const msg = el.querySelector('.error-message');
      if (!msg || !visibleText(msg))
        out.push('field marked as an error by colour only: ' + el.outerHTML.slice(0, 100));
    } else if (!visibleText(el)) {
      out.push('status shown without visible text: ' + el.outerHTML.slice(0, 100));
    }
  }
  return out;
}"""


def colour_alone(page) -> list[str]:
    """WCAG 1.4.1: a status or an error is written, not only coloured."""
    return [f"colour alone: {c}" for c in page.evaluate(COLOUR_ALONE_JS)]


# ---- keyboard ---------------------------------------------------------------------------------

FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const s = getComputedStyle(el), r = el.getBoundingClientRect();
  const alpha = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return 1;
                       const p = m[1].split(',').map(Number); return p.length > 3 ? p[3] : 1; };
  // Focus inside a control's own browser-drawn parts (a date field's calendar button):
  // the browser draws that ring, and the page cannot style or see it.
  const inside = !el.matches(':focus');
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 &&
                  alpha(s.outlineColor) > 0;
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
               (el.getAttribute('href') ? '[href="' + el.getAttribute('href') + '"]' : '') +
               (el.name ? '[name="' + el.name + '"]' : '') +
               ' "' + (el.innerText || el.value || '').trim().slice(0, 30) + '"';
  // Not hidden behind anything (a sticky header, a banner): some point of it is on top.
  const points = [[0.5, 0.5], [0.1, 0.1], [0.9, 0.1], [0.1, 0.9], [0.9, 0.9]];
  const seen = points.some(([fx, fy]) => {
    const x = r.left + r.width * fx, y = r.top + r.height * fy;
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
    const hit = document.elementFromPoint(x, y);
    return hit && (hit === el || el.contains(hit) || hit.contains(el) ||
                   (hit.tagName === 'LABEL' && hit.control === el) ||
                   (el.labels && [...el.labels].includes(hit)));
  });
  return {name, visible: inside || outline || shadow, seen, key: name + r.top + r.left};
}"""


def tab_through(page, limit: int = 80) -> tuple[list[str], list[str]]:
    """Tab through the page; return (names of tab stops, problems)."""
    stops, problems, first = [], [], None
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused is None:
            if stops:
                break
            continue
        if focused["key"] == first:
            break
        first = first or focused["key"]
        stops.append(focused["name"])
        if not focused["visible"]:
            problems.append(f"focus not visible on {focused['name']}")
        if not focused["seen"]:
            problems.append(f"focus hidden behind another element on {focused['name']}")
    return stops, problems


# ---- the Nu HTML Checker, once for many pages --------------------------------------------------

def vnu(pages: dict[str, str]) -> tuple[dict[str, list[str]], int]:
    """Check many HTML documents in one Java run. Returns (errors by page label, warning count)."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("java not found: the Nu HTML Checker needs it (`apt-get install "
                    f"default-jre-headless`, or run .ci/run){SKIP_HINT}", pytrace=False)
    require(VNU, "vnu.jar")
    with tempfile.TemporaryDirectory() as tmp:
        names = {}
        for i, (label, html) in enumerate(pages.items()):
            path = Path(tmp) / f"page-{i:03d}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = label
        result = subprocess.run(
            [java, "-jar", str(VNU), "--format", "json", "--exit-zero-always", "--no-langdetect",
             *sorted(str(Path(tmp) / n) for n in os.listdir(tmp))],
            capture_output=True, text=True, timeout=300,
        )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors: dict[str, list[str]] = {}
    warnings = 0
    for m in messages:
        url = m.get("url", "?")
        label = names.get(url.rsplit("/", 1)[-1], url)
        if m["type"] == "error" or m.get("subType") == "fatal":
            where = f"line {m.get('lastLine', '?')}"
            errors.setdefault(label, []).append(f"{where}: {m['message']} {m.get('extract', '')!r}")
        else:
            warnings += 1
    return errors, warnings


# ---- keyboard: error summary, skip link, radio groups ------------------------------------------

def error_state(page, prefix: str = "Error:") -> list[str]:
    """After a failed submit: "Error:" (in the page's language) in the title, focus on the
    error summary, and each of its links moves focus to its field."""
    problems = []
    title = page.title()
    if not title.startswith(prefix):
        problems.append(f'title {title!r} does not start with "{prefix}"')
    if not page.evaluate("() => !!document.activeElement.closest('[data-error-summary]')"):
        problems.append("focus is not on the error summary after the failed submit")
    links = page.locator("[data-error-summary] a")
    if links.count() == 0:
        problems.append("the error summary has no links to the fields")
    for i in range(links.count()):
        link = links.nth(i)
        target = (link.get_attribute("href") or "").lstrip("#")
        link.focus()
        page.keyboard.press("Enter")
        now = page.evaluate("() => document.activeElement.id")
        if now != target:
            problems.append(f"summary link to #{target} moved focus to #{now or 'nothing'}")
            continue
        focused = page.evaluate(FOCUSED_JS)
        if focused and not focused["seen"]:
            problems.append(f"field #{target} is focused but hidden behind another element")
    page.evaluate("() => document.activeElement.blur()")
    return problems


def skip_link(page, stops: list[str]) -> list[str]:
    """The first tab stop is a skip link to <main>, and it moves focus there."""
    if not stops or not stops[0].startswith('a[href="#main"]'):
        return [f"the first tab stop is {stops[:1] or 'nothing'}, not the skip link"]
    page.locator('a[href="#main"]').first.focus()
    page.keyboard.press("Enter")
    if page.evaluate("() => document.activeElement.id") != "main":
        return ["the skip link does not move focus to <main>"]
    return []


# Disabled radios (the interpreter's read-only copy of a parent's page) are not operable
# by design, so they are not checked.
RADIO_GROUPS_JS = """() => [...new Set([...document.querySelectorAll(
                       'main input[type=radio]:not(:disabled)')].map(r => r.name))]"""


def radio_groups(page) -> list[str] | None:
    """In every radio group, the arrow keys move and choose. None: no group to try."""
    problems, groups = [], 0
    for name in page.evaluate(RADIO_GROUPS_JS):
        radios = page.locator(f'main input[type=radio][name="{name}"]:not(:disabled)')
        if radios.count() < 2:
            continue
        groups += 1
        radios.first.focus()
        page.keyboard.press("Space")
        page.keyboard.press("ArrowDown")
        second = radios.nth(1)
        if not (second.is_checked() and second.evaluate("el => el === document.activeElement")):
            problems.append(f"ArrowDown does not choose the next option of {name}")
        page.keyboard.press("ArrowUp")
        if not radios.first.is_checked():
            problems.append(f"ArrowUp does not choose the previous option of {name}")
    return problems if groups else None


TIMEOUT_WARNING_JS = """() => !!(document.body.dataset.timeout && document.body.dataset.keepalive &&
    document.querySelector('dialog#timeout-warning [data-stay]'))"""

# Kinds of user (Visit.who) whose session times out and must be warned first.
SIGNED_IN_PARENTS = {"parent", "parent_sent", "parent_started"}
SIGNED_IN_STAFF = {"social_worker", "manager", "interpreter", "admin"}
# Signed-in pages without the site's layout (nothing to type on them, so nothing to lose).
NO_WARNING_NEEDED = {"staff.family_print": "a page laid out for printing"}


def timeout_warning(page, visit: Visit) -> list[str] | None:
    """None for pages that need no warning: public pages, and error pages such as a 404
    (the plain layout: the user leaves them at once)."""
    signed_in = SIGNED_IN_PARENTS | SIGNED_IN_STAFF
    if visit.who in signed_in and visit.status == 200 and visit.endpoint not in NO_WARNING_NEEDED:
        if not page.evaluate(TIMEOUT_WARNING_JS):
            return ["a signed-in page without the timeout warning"]
        return []
    return None


# ---- one walk per size, every check on each page ----------------------------------------------


class Findings:
    """What one walk over every registered page found, by kind of check.

    `ran` counts the pages each check looked at: a check that looked at no page at all
    (its pages vanished from the registry, or the walk stopped calling it) fails too."""

    def __init__(self, size: str):
        self.size, self.pages = size, 0
        self.problems: dict[str, list[str]] = {}
        self.ran: dict[str, int] = {}
        self.html: dict[str, str] = {}

    def add(self, kind: str, visit: Visit, found: list[str] | None) -> None:
        """`found` is None when the check does not apply to this page (no radio group)."""
        if found is None:
            return
        self.ran[kind] = self.ran.get(kind, 0) + 1
        bucket = self.problems.setdefault(kind, [])
        bucket += [f"{visit.label}: {p}" for p in found]

    def assert_none(self, *kinds: str) -> None:
        assert self.pages, "no pages visited"
        never = [kind for kind in kinds if not self.ran.get(kind)]
        assert not never, (
            f"checks that ran on no page at {self.size}: {', '.join(never)} "
            f"(ran: {', '.join(f'{k} {n}' for k, n in sorted(self.ran.items()))})"
        )
        found = [p for kind in kinds for p in self.problems.get(kind, [])]
        assert not found, report(
            found, f"problems ({', '.join(kinds)}) on {self.pages} pages at {self.size}"
        )


# The full gates run in English and in one right-to-left language (parent and public
# pages: staff pages stay English), so mirroring problems fail the build too.
# Persian, or Arabic until Persian is offered.
RTL_GATES = ("fa", "ar")


def gate_languages() -> list[str]:
    from portal.i18n import DEFAULT

    offered = languages()
    return [DEFAULT] + [lang for lang in RTL_GATES if lang in offered][:1]


def gates(*sizes: str) -> list:
    """One pytest param per walk: each size (all, or those named) in each gate language,
    e.g. "phone-en", "desktop-fa". Each walk is its own xdist group: it happens once,
    and the walks run side by side on the workers. They are `presentation` tests: what
    a page looks like, the same whatever the database (tests/conftest.py)."""
    return [
        pytest.param(f"{size}-{lang}", id=f"{size}-{lang}",
                     marks=[pytest.mark.xdist_group(f"gate-{size}-{lang}"),
                            pytest.mark.presentation])
        for size in (sizes or tuple(VIEWPORTS))
        for lang in gate_languages()
    ]


def _error_prefix(app, page) -> str:
    """ "Error:" in the language of the page on screen."""
    from flask_babel import force_locale, gettext

    from portal.i18n import LANGUAGES

    tag = page.evaluate("document.documentElement.lang")
    code = next((lang.babel for lang in LANGUAGES if lang.tag == tag), "en_GB")
    with app.test_request_context(), force_locale(code):
        return gettext("Error:")


def walk_all(browser, base: str, app, gate: str) -> Findings:
    """Open every page and state once at this size in this language and run every check
    on it: the tests then read their part, so each page loads once per walk, not once
    per test. English walks every page; the right-to-left gate language walks the parent
    and public pages (staff pages stay English) and checks no English is left."""
    from portal.i18n import DEFAULT
    from tests.browser.languages import STAFF, language_problems

    size, lang = gate.split("-", 1)
    findings = Findings(gate)
    viewport = VIEWPORTS[size]
    failures: list[str] = []
    with app.test_request_context():
        world = World(app, session())
        exclude = () if lang == DEFAULT else STAFF
        for visit, page, html in walk(browser, base, app, world, viewport, lang,
                                      problems=failures, exclude=exclude):
            findings.pages += 1
            findings.add("language", visit, language_problems(page, visit, html, lang, base)
                         if lang != DEFAULT else [])
            if visit.submit and visit.errors:
                findings.add("errors", visit, error_state(page, _error_prefix(app, page)))
            findings.add("axe", visit, run_axe(page))
            if size == "phone":
                findings.add("targets", visit, target_sizes(page))
                findings.add("autocomplete", visit, autocomplete(page))
                findings.add("colour", visit, colour_alone(page))
                findings.add("timeout", visit, timeout_warning(page, visit))
                findings.add("reflow", visit, horizontal_scroll(page))
            else:
                findings.html[visit.label] = html
            stops, focus = tab_through(page)
            findings.add("focus", visit, focus)
            if not visit.submit:
                findings.add("skip", visit, skip_link(page, stops))
                findings.add("radios", visit, radio_groups(page))
            if size == "phone":
                findings.add("spacing", visit, text_spacing(page))  # last: it restyles the page
    findings.problems["open"] = failures
    findings.ran["open"] = findings.pages + len(failures)
    return findings


# Every kind of check walk_all records; test_the_gate_bites proves each on a broken page.
WALK_CHECKS = ("errors", "axe", "targets", "autocomplete", "colour", "timeout", "reflow",
               "focus", "skip", "radios", "spacing")

_FINDINGS: dict[str, Findings] = {}


def findings_for(request, gate: str) -> Findings:
    """The walk for this gate ("phone-en"), made once per test process and shared by
    the tests, which run in the gate's xdist group (see gates())."""
    if gate not in _FINDINGS:
        browser = request.getfixturevalue("browser")
        base = request.getfixturevalue("live_server")
        app = request.getfixturevalue("app")
        require(AXE, "axe-core")
        _FINDINGS[gate] = walk_all(browser, base, app, gate)
    return _FINDINGS[gate]
