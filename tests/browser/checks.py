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
from tests.pages import Contexts, Visit, World, all_visits, open_visit

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}

# The pages and HTML do not depend on the database, so the gates run once, in the
# SQLite run; the PostgreSQL run skips them.
once = pytest.mark.skipif(
    bool(os.environ.get("PORTAL_TEST_DB")),
    reason="accessibility and HTML gates do not depend on the database: they run in the SQLite run",
)


def _required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("PORTAL_REQUIRE_BROWSER"))


def require(path: Path, what: str) -> None:
    if not path.exists():
        message = f"{what} not found at {path}: run `npm ci`"
        if _required():
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def world(app):
    with app.test_request_context():
        yield World(app, session())


def walk(browser, base: str, app, world: World, viewport: dict, lang: str = "en",
         problems: list[str] | None = None, **options) -> Iterator[tuple[Visit, object, str]]:
    """Open every registered visit; yield (visit, page, html as served).

    A visit that cannot be opened is added to `problems` (when given) rather than
    stopping the walk, so one run reports every broken page."""
    visits = all_visits(app, world)
    with Contexts(browser, base, world, viewport, **options) as contexts:
        for visit in visits:
            try:
                page = contexts.page_for(visit)
                html = open_visit(page, base, visit, lang)
            except Exception as error:  # report, keep walking
                if problems is None:
                    raise
                problems.append(f"{visit.label}: could not open: {str(error).splitlines()[0]}")
                continue
            yield visit, page, html


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
    """WCAG 1.3.5: inputs about the user say what they are, so browsers can fill them."""
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
  return {name, visible: outline || shadow, seen, key: name + r.top + r.left};
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
        message = "java not found: the Nu HTML Checker needs it (default-jre-headless)"
        if _required():
            pytest.fail(message)
        pytest.skip(message)
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
