"""The languages a parent can ask an interpreter for.

British Sign Language first, then the spoken languages most asked for in English
children's services, by English name. Each has a stable code (stored with the
request), its English name (translated for the page) and its own name in its own
script, so a parent who does not read English can still find it.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Language:
    code: str
    name: object  # a lazy string: the name in the page's language
    own_name: str = ""  # the name in its own script, when that differs

    @property
    def label(self) -> str:
        name = str(self.name)
        return f"{name} – {self.own_name}" if self.own_name and self.own_name != name else name


OTHER = "other"

LANGUAGES: tuple[Language, ...] = (
    Language("bfi", _l("British Sign Language (BSL)")),
    Language("sq", _l("Albanian"), "Shqip"),
    Language("am", _l("Amharic"), "አማርኛ"),
    Language("ar", _l("Arabic"), "العربية"),
    Language("bn", _l("Bengali"), "বাংলা"),
    Language("bg", _l("Bulgarian"), "Български"),
    Language("yue", _l("Cantonese"), "粵語"),
    Language("cs", _l("Czech"), "Čeština"),
    Language("prs", _l("Dari"), "دری"),
    Language("fa", _l("Farsi (Persian)"), "فارسی"),
    Language("fr", _l("French"), "Français"),
    Language("de", _l("German"), "Deutsch"),
    Language("el", _l("Greek"), "Ελληνικά"),
    Language("gu", _l("Gujarati"), "ગુજરાતી"),
    Language("he", _l("Hebrew"), "עברית"),
    Language("hi", _l("Hindi"), "हिन्दी"),
    Language("hu", _l("Hungarian"), "Magyar"),
    Language("ig", _l("Igbo"), "Asụsụ Igbo"),
    Language("it", _l("Italian"), "Italiano"),
    Language("kmr", _l("Kurdish (Kurmanji)"), "Kurmancî"),
    Language("ckb", _l("Kurdish (Sorani)"), "کوردیی ناوەندی"),
    Language("lv", _l("Latvian"), "Latviešu"),
    Language("ln", _l("Lingala"), "Lingála"),
    Language("lt", _l("Lithuanian"), "Lietuvių"),
    Language("ml", _l("Malayalam"), "മലയാളം"),
    Language("cmn", _l("Mandarin"), "普通话"),
    Language("ne", _l("Nepali"), "नेपाली"),
    Language("om", _l("Oromo"), "Afaan Oromoo"),
    Language("ps", _l("Pashto"), "پښتو"),
    Language("pl", _l("Polish"), "Polski"),
    Language("pt", _l("Portuguese"), "Português"),
    Language("pa", _l("Punjabi"), "ਪੰਜਾਬੀ"),
    Language("ro", _l("Romanian"), "Română"),
    Language("rom", _l("Romani"), "Romani čhib"),
    Language("ru", _l("Russian"), "Русский"),
    Language("sk", _l("Slovak"), "Slovenčina"),
    Language("so", _l("Somali"), "Soomaali"),
    Language("es", _l("Spanish"), "Español"),
    Language("sw", _l("Swahili"), "Kiswahili"),
    Language("syl", _l("Sylheti"), "ꠍꠤꠟꠐꠤ"),
    Language("tl", _l("Tagalog (Filipino)"), "Tagalog"),
    Language("ta", _l("Tamil"), "தமிழ்"),
    Language("th", _l("Thai"), "ไทย"),
    Language("ti", _l("Tigrinya"), "ትግርኛ"),
    Language("tr", _l("Turkish"), "Türkçe"),
    Language("tw", _l("Twi"), "Twi"),
    Language("uk", _l("Ukrainian"), "Українська"),
    Language("ur", _l("Urdu"), "اردو"),
    Language("vi", _l("Vietnamese"), "Tiếng Việt"),
    Language("cy", _l("Welsh"), "Cymraeg"),
    Language("yo", _l("Yoruba"), "Yorùbá"),
    Language(OTHER, _l("Another language (tell us which below)")),
)

BY_CODE: dict[str, Language] = {language.code: language for language in LANGUAGES}


def _key(text: str) -> str:
    return " ".join(text.casefold().replace("–", " ").replace("-", " ").split())


def find(typed: str) -> Language | None:
    """The language a person chose or typed: its label from the list, its English or
    translated name, its own name, or its code. None if we do not know it."""
    wanted = _key(typed or "")
    if not wanted:
        return None
    for language in LANGUAGES:
        names = {language.code, str(language.name), language.label, language.own_name}
        if wanted in {_key(name) for name in names if name}:
            return language
    return None


def label(code: str) -> str:
    language = BY_CODE.get(code)
    return language.label if language else code
