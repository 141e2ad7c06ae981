"""A pseudo-translation for tests only (never shipped): every message of the template
with its letters swapped for look-alikes ("Leave this site" -> "Ŀéàṽé ţĥíš šíţé"),
placeholders and HTML tags kept. It passes every catalog check, so the tests that run
over each offered language can prove they work before the real catalogs land, and any
English left on a page (a string not marked for translation) stands out."""

import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural

from portal import catalogs

_LOOK_ALIKE = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥíĵķĺɱñóƥɋŕšţúṽŵẋýžÀƁÇĐÉƑĜĤÍĴĶĹṀÑÓƤɊŔŠŢÚṼŴẊÝŽ",
)
_KEEP = re.compile(
    r"(%\([A-Za-z_0-9]+\)[-#0 +]*\d*(?:\.\d+)?[a-z]|%[sdr%]|\{[A-Za-z_0-9]*\}|<[^<>]*>|&\w+;)"
)


def pseudo(text: str) -> str:
    return "".join(part if _KEEP.fullmatch(part) else part.translate(_LOOK_ALIKE)
                   for part in _KEEP.split(text))


def write_pseudo_catalogs(folder: Path, codes: list[str]) -> Path:
    """Compiled pseudo catalogs for `codes` under folder/<code>/LC_MESSAGES/."""
    template = catalogs.read_template()
    for code in codes:
        catalog = Catalog(locale=code, charset="utf-8")
        forms = get_plural(code).num_plurals
        for message in template:
            if not message.id:
                continue
            if isinstance(message.id, tuple | list):
                string = tuple(pseudo(message.id[min(i, 1)]) for i in range(forms))
            else:
                string = pseudo(message.id)
            catalog.add(message.id, string, context=message.context, flags=message.flags)
        target = folder / code / "LC_MESSAGES"
        target.mkdir(parents=True, exist_ok=True)
        out = io.BytesIO()
        write_mo(out, catalog)
        (target / "messages.mo").write_bytes(out.getvalue())
    return folder


# Until their real catalogs are compiled, the test app offers these two as pseudo
# catalogs: one left-to-right, one right-to-left, so every per-language test runs.
STAND_INS = ("pl", "ar")


def stand_in_codes() -> list[str]:
    from portal.i18n import available

    real = {language.code for language in available([catalogs.TRANSLATIONS])}
    return [code for code in STAND_INS if code not in real]


def translation_directories(folder: Path) -> str:
    """PORTAL_TRANSLATIONS for a test app: the real catalogs, then the stand-ins."""
    return f"{catalogs.TRANSLATIONS};{write_pseudo_catalogs(folder, stand_in_codes())}"
