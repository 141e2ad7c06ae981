"""The translation catalogs: extract, merge, check and compile (no Flask).

    python -m portal.catalogs init CODE  start a language: its catalog and glossary
    python -m portal.catalogs update    re-extract messages.pot, merge it into every
                                        translations/<code>/LC_MESSAGES/messages.po
    python -m portal.catalogs compile   check each catalog; compile the ones that pass
    python -m portal.catalogs check [CODE...]   list every problem; exit 1 if any

`make translations` runs update then compile; `make install`, `make run` and the test
suite compile. A language is offered (portal.i18n.offered) only when its compiled
catalog exists, and a catalog is compiled only when it passes every check below, so a
half-written catalog never reaches a parent and never turns the build red.

The template is written reproducibly (sorted by message, file names without line
numbers, a fixed header date) so re-extraction changes nothing unless a message did,
and two branches adding different messages rarely touch the same lines.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess  # noqa: S404  (runs GNU msgfmt --check, a fixed command)
import sys
import tempfile
import tomllib
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"
MAPPING = ROOT / "babel.cfg"
GLOSSARY_TEMPLATE = TRANSLATIONS / "glossary-template.md"
DOMAIN = "messages"

KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "_l": None,
    "lazy_gettext": None,
    "lazy_pgettext": ((1, "c"), 2),
    "lazy_ngettext": (1, 2),
}

# The header date is fixed so the template changes only when a message does.
_FIXED_DATE = datetime(2026, 1, 1)

# Context for the council profile's words (see extract_profile).
PROFILE_CONTEXT = "council profile"

# The profile fields whose words a parent reads: dotted paths in the TOML, "*" for
# any key or list item. Names of people, places and numbers are facts, not words.
PROFILE_WORDS = (
    "name",
    "service_name",
    "attendance.police_team.value",
    "local.format_help.places.*.name",
)

# Translations that may equal their English: codes and names the same in every
# language. A translator can also allow one entry by writing a translator comment
# "# same as English: <why>" above it (e.g. a council's proper name kept as written).
SAME_AS_ENGLISH = frozenset({"BSL", "999", "PDF", "OK", "Email", "ID"})
_SAME_MARK = "same as english:"

# Staff and interpreter pages stay in English: a message used only there may be left
# untranslated (it then shows in English), so a new staff string never switches a
# language off and translators spend their care on what parents read. The printed
# invitation letter is the parent's, though it is made on a staff page.
STAFF_ONLY = ("templates/staff/", "portal/staff/", "templates/interpreter/",
              "portal/interpreter/", "portal/staff_accounts.py")
PARENT_FACING = ("templates/staff/letter.html", "templates/staff/_letter_body.html",
                 "portal/staff/letters.py")


# ---- extraction -------------------------------------------------------------------


def extract_profile(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extractor for a council profile: each parent-facing field's text, with
    the context "council profile" and a comment naming the council and field."""
    data = tomllib.loads(fileobj.read().decode("utf-8"))
    slug = data.get("slug", "?")
    for path, text in _profile_words(data):
        yield 0, "pgettext", (PROFILE_CONTEXT, text), [f"{slug}: {path}"]


def _profile_words(data: dict) -> Iterator[tuple[str, str]]:
    def walk(value, parts: list[str], pattern: list[str]):
        if not pattern:
            if isinstance(value, str) and value.strip():
                yield ".".join(parts), value
            return
        head, rest = pattern[0], pattern[1:]
        if isinstance(value, dict):
            keys = value.keys() if head == "*" else [head] if head in value else []
            for key in keys:
                yield from walk(value[key], [*parts, key], rest)
        elif isinstance(value, list) and head == "*":
            for i, item in enumerate(value):
                yield from walk(item, [*parts, str(i)], rest)

    for dotted in PROFILE_WORDS:
        yield from walk(data, [], dotted.split("."))


def extract() -> Catalog:
    """Every marked message in the code, templates and council profiles."""
    with MAPPING.open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    catalog = Catalog(
        project="Conference preparation portal",
        version="1",
        charset="utf-8",
        creation_date=_FIXED_DATE,
        revision_date=_FIXED_DATE,
        fuzzy=False,
    )
    found = extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",), strip_comment_tags=True,
        directory_filter=_wanted_directory,
    )
    for filename, _lineno, message, comments, context in found:
        catalog.add(message, None, [(filename, None)], auto_comments=comments, context=context)
    return catalog


def _wanted_directory(dirpath: str) -> bool:
    relative = Path(dirpath).resolve().relative_to(ROOT).parts
    return not relative or relative[0] in {"portal", "templates"}


def _write(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=0, sort_output=True, include_lineno=False,
             ignore_obsolete=True)
    # Babel names its own version in the header; leave it out so an upgrade of Babel
    # alone does not make the template stale.
    return re.sub(rb'"Generated-By: [^"]*"\n', b"", out.getvalue())


def template_bytes() -> bytes:
    return _write(extract())


def catalog_paths() -> dict[str, Path]:
    """Each language's catalog on disk: code -> .po path."""
    return {
        po.parent.parent.name: po
        for po in sorted(TRANSLATIONS.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    }


def update() -> None:
    """Write messages.pot and merge it into every catalog (like msgmerge)."""
    data = template_bytes()
    TEMPLATE.write_bytes(data)
    template = read_po(io.BytesIO(data))
    for code, path in catalog_paths().items():
        with path.open("rb") as f:
            catalog = read_po(f, locale=code)
        merge(catalog, template)
        path.write_bytes(_write(catalog))


def merge(catalog: Catalog, template: Catalog) -> None:
    """Merge the template into one catalog, as msgmerge would, except that a new message
    used only on staff pages gets no fuzzy guess: it may stay empty (shown in English),
    and a guess borrowed from another message would only switch the language off."""
    before = {(m.id, m.context) for m in catalog if m.id}
    catalog.update(template, update_creation_date=False)
    catalog.revision_date = _FIXED_DATE
    for message in catalog:
        if message.id and message.fuzzy and staff_only(message) and (
            (message.id, message.context) not in before
        ):
            message.string = ("",) * len(message.string) if message.pluralizable else ""
            message.flags.discard("fuzzy")
            message.previous_id = []


def init(code: str) -> Path:
    """Start a language: its catalog from the template (with the plural rules Babel
    knows for it) and its glossary from the glossary template. Refuses to overwrite."""
    path = TRANSLATIONS / code / "LC_MESSAGES" / f"{DOMAIN}.po"
    if path.exists():
        raise SystemExit(f"{path.relative_to(ROOT)} exists already")
    template = read_template()
    catalog = Catalog(locale=code, project=template.project, version=template.version,
                      charset="utf-8", creation_date=_FIXED_DATE, revision_date=_FIXED_DATE,
                      fuzzy=False)
    catalog.update(template, update_creation_date=False)
    path.parent.mkdir(parents=True)
    path.write_bytes(_write(catalog))
    glossary = TRANSLATIONS / code / "glossary.md"
    if not glossary.exists():
        glossary.write_text(GLOSSARY_TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
    return path


# ---- checks -----------------------------------------------------------------------

_PLACEHOLDER = re.compile(
    r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[a-z]|%[sdr]|\{[A-Za-z_0-9]*\}"
)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_LETTER = re.compile(r"[^\W\d_]")


def _strings(message: Message) -> tuple[list[str], list[str]]:
    ids = list(message.id) if isinstance(message.id, tuple | list) else [message.id]
    strs = list(message.string) if isinstance(message.string, tuple | list) else [message.string]
    return ids, strs


def _label(message: Message) -> str:
    ids, _ = _strings(message)
    where = f" [{message.context}]" if message.context else ""
    return f"{ids[0][:70]!r}{where}"


def _allowed_same(message: Message, english: str) -> bool:
    bare = _TAG.sub("", _PLACEHOLDER.sub("", english))
    if not _LETTER.search(bare) or english.strip() in SAME_AS_ENGLISH:
        return True
    return any(c.strip().lower().startswith(_SAME_MARK) for c in message.user_comments)


def staff_only(message: Message) -> bool:
    """Whether every place that uses this message is a staff or interpreter page."""
    places = [path for path, _line in message.locations]
    return bool(places) and all(
        path.startswith(STAFF_ONLY) and not path.startswith(PARENT_FACING) for path in places
    )


def message_problems(message: Message) -> list[str]:
    """What is wrong with one translated entry (empty when nothing is)."""
    ids, strs = _strings(message)
    label = _label(message)
    if message.fuzzy:
        return [f"{label}: marked fuzzy (check it, then remove the fuzzy flag)"]
    if not any(s.strip() for s in strs) and staff_only(message):
        return []
    if not all(s.strip() for s in strs):
        return [f"{label}: not translated"]
    problems = []
    wanted_places = Counter(p for i in ids for p in _PLACEHOLDER.findall(i))
    wanted_tags = Counter(_TAG.findall(ids[0]))
    for form, text in enumerate(strs):
        places = Counter(_PLACEHOLDER.findall(text))
        missing = set(wanted_places) - set(places)
        if len(ids) > 1:
            missing -= {"%(num)d", "%(num)s"}  # a plural form may spell the number out
        extra = set(places) - set(wanted_places)
        where = f" (form {form})" if len(strs) > 1 else ""
        if missing:
            problems.append(f"{label}{where}: lost {', '.join(sorted(missing))}")
        if extra:
            problems.append(f"{label}{where}: placeholders not in the English: "
                            f"{', '.join(sorted(extra))}")
        if Counter(_TAG.findall(text)) != wanted_tags:
            problems.append(f"{label}{where}: HTML tags differ from the English "
                            f"{sorted(wanted_tags.elements())} vs "
                            f"{sorted(_TAG.findall(text))}")
        english = ids[min(form, len(ids) - 1)]
        if text.strip() == english.strip() and not _allowed_same(message, english):
            problems.append(f"{label}{where}: left in English (if that is right, add the "
                            "translator comment '# same as English: <why>')")
    return problems


def msgfmt_problems(path: Path) -> list[str]:
    """GNU msgfmt --check (formats, header, plural forms)."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return ["msgfmt is not installed (apt-get install gettext)"]
    result = subprocess.run(  # noqa: S603
        [msgfmt, "--check", "--output-file=/dev/null", str(path)],
        capture_output=True, text=True, check=False,
    )
    if result.returncode == 0:
        return []
    return [f"msgfmt: {line}" for line in result.stderr.splitlines() if line.strip()]


def check(path: Path, template: Catalog | None = None) -> list[str]:
    """Every problem with one catalog: msgfmt, untranslated, fuzzy, placeholders and
    tags, entries left in English, and entries the template has that it lacks."""
    with path.open("rb") as f:
        catalog = read_po(f)
    problems = msgfmt_problems(path)
    for message in catalog:
        if message.id:
            problems += message_problems(message)
    if template is not None:
        ours = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog if m.id}
        for message in template:
            if message.id:
                key = (message.id if isinstance(message.id, str) else message.id[0],
                       message.context)
                if key not in ours:
                    problems.append(f"{_label(message)}: missing (run make translations)")
    return problems


def read_template() -> Catalog:
    with TEMPLATE.open("rb") as f:
        return read_po(f)


# ---- compiling --------------------------------------------------------------------


def mo_path(code: str) -> Path:
    return TRANSLATIONS / code / "LC_MESSAGES" / f"{DOMAIN}.mo"


def compile_all(codes: list[str] | None = None) -> dict[str, list[str]]:
    """Compile each catalog that passes every check; remove the compiled file of one
    that does not, so it is not offered. Returns code -> problems (empty: compiled)."""
    template = read_template()
    results: dict[str, list[str]] = {}
    for code, path in catalog_paths().items():
        if codes is not None and code not in codes:
            continue
        problems = check(path, template)
        results[code] = problems
        target = mo_path(code)
        if problems:
            target.unlink(missing_ok=True)
            continue
        with path.open("rb") as f:
            catalog = read_po(f, locale=code)
        out = io.BytesIO()
        write_mo(out, catalog)
        # Write then rename: parallel test workers may compile at the same moment.
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(out.getvalue())
        os.replace(tmp, target)
    return results


def _main(argv: list[str]) -> int:
    command, codes = (argv[0] if argv else "compile"), argv[1:] or None
    if command == "init" and len(argv) == 2:
        print(f"wrote {init(argv[1]).relative_to(ROOT)}")
        return 0
    if command == "update":
        update()
        print(f"wrote {TEMPLATE.relative_to(ROOT)} and merged {len(catalog_paths())} catalogs")
        return 0
    if command in {"compile", "check"}:
        results = compile_all(codes) if command == "compile" else {
            code: check(path, read_template())
            for code, path in catalog_paths().items() if codes is None or code in codes
        }
        failed = 0
        for code, problems in sorted(results.items()):
            if not problems:
                print(f"{code}: ok" + (", compiled" if command == "compile" else ""))
                continue
            failed += 1
            print(f"{code}: {len(problems)} problems" + (", not offered" if command == "compile"
                                                         else ""))
            for problem in problems[: None if command == "check" else 5]:
                print(f"  {problem}")
        # Compiling is not a gate (a half-written catalog is simply not offered);
        # checking is.
        return 1 if failed and command == "check" else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
