"""The value forms records use — dates, times, codes, URLs, names — read in one place.

Validation asks "is this a real value?" and the model asks "what does it mean?"; both
answer with these functions so that what passes validation is exactly what the model
can build.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
import zoneinfo
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache, lru_cache
from importlib import resources
from urllib.parse import urlsplit

UI_LANGUAGES = ("de", "en")
"""Languages the interface is translated into; record texts may be in any language."""
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ckb", "sd", "ug", "yi", "dv", "syr"})

_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?)?\Z"
)


def parse_date(text: str) -> date:
    """``2026-03-05`` -> date; ``ValueError`` for text that is no real date (2026-13-45)."""
    match = _DATETIME.match(text)
    if not match or match.group(4) is not None:
        raise ValueError(f"'{text}' is not a date in the form YYYY-MM-DD")
    return date(int(match[1]), int(match[2]), int(match[3]))


def parse_when(text: str, tz: zoneinfo.ZoneInfo | None) -> date | datetime:
    """Read a date (all-day) or an aware date-time: wall-clock time in ``tz`` or an offset."""
    match = _DATETIME.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a date or date and time")
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    if match[4] is None:
        return date(year, month, day)
    hour, minute, second = int(match[4]), int(match[5]), int(match[6] or 0)
    offset = match[7]
    if offset is None:
        tzinfo = tz or zoneinfo.ZoneInfo("Europe/Berlin")
    elif offset == "Z":
        tzinfo = UTC
    else:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:])
        if hours > 18 or minutes > 59:
            raise ValueError(f"'{offset}' is not a UTC offset")
        tzinfo = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return datetime(year, month, day, hour, minute, second, tzinfo=tzinfo)


def is_stale(reviewed: date, today: date, months: int) -> bool:
    """Whether a profile confirmed on ``reviewed`` is due for confirmation again."""
    month = today.year * 12 + today.month - 1 - months
    limit_year, limit_month = divmod(month, 12)
    day = min(today.day, 28)
    return reviewed < date(limit_year, limit_month + 1, day)


def today(tz_name: str = "Europe/Berlin") -> date:
    """Return the build's "today": the date in the site's timezone, or ``VERBUND_TODAY``."""
    fixed = os.environ.get("VERBUND_TODAY", "").strip()
    if fixed:
        return parse_date(fixed)
    return datetime.now(zoneinfo.ZoneInfo(tz_name)).date()


@cache
def timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@lru_cache(maxsize=1024)  # a few names, asked twice per event
def is_timezone(name: str) -> bool:
    """Whether ``name`` is one of :func:`zoneinfo.available_timezones`.

    That list is made by opening every file in the time zone folders (12 ms, more than
    checking a record), so a name is first looked for where that search would find it;
    only a name not found so, mostly a wrong one about to be reported, is looked up in
    the whole list (which may hold names of the tzdata package as well).
    """
    return _zone_file(name) or name in timezones()


def _zone_file(name: str) -> bool:
    """Whether the search of :func:`zoneinfo.available_timezones` finds ``name`` as a
    file: each part an entry of its folder, spelt so (a file system may ignore case),
    the folders no links (the search does not follow them) nor ``posix/`` or ``right/``
    at the top (it skips those), and the file a TZif file."""
    parts = name.split("/")
    if name == "posixrules" or parts[0] in ("posix", "right") or set(parts) & {"", ".", ".."}:
        return False
    for root in zoneinfo.TZPATH:
        folder = root
        for part in parts[:-1]:
            folder = os.path.join(folder, part)
            if not _named_in_folder(folder) or os.path.islink(folder) or not os.path.isdir(folder):
                break
        else:
            file = os.path.join(folder, parts[-1])
            if _named_in_folder(file) and _is_tzif(file):  # a folder is no TZif file
                return True
    return False


def _named_in_folder(path: str) -> bool:
    """Whether the folder lists the name as spelt: asking for the path itself would find
    ``europe/berlin`` on a file system that ignores case."""
    folder, name = os.path.split(path)
    try:
        return name in os.listdir(folder)
    except OSError:
        return False


def _is_tzif(file: str) -> bool:
    try:
        with open(file, "rb") as handle:
            return handle.read(4) == b"TZif"
    except OSError:
        return False


_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")


def is_http_url(text: str) -> bool:
    if _SPACE_OR_CONTROL.search(text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


EMAIL = re.compile(r"[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+\.[A-Za-z]{2,}\Z")


def is_email(text: str) -> bool:
    return bool(EMAIL.match(text))


_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})


def cldr_codes() -> dict[str, list[str]]:
    """The ISO 3166-1 country and ISO 639 language codes CLDR (through Babel) knows.

    The checks read a copy of these in ``codes.json``: loading CLDR's English names takes
    longer than checking one record. A test compares the copy with this.
    """
    from babel import Locale

    english = Locale("en")
    return {
        "countries": sorted(c for c in english.territories
                            if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES),
        "languages": sorted(c for c in english.languages if c.isalpha()),
    }


@cache
def _codes() -> dict[str, frozenset[str]]:
    text = resources.files(__package__).joinpath("codes.json").read_text("utf-8")
    return {k: frozenset(v) for k, v in json.loads(text).items()}


def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes known to CLDR (plus XK, Kosovo, in common use)."""
    return _codes()["countries"]


def language_codes() -> frozenset[str]:
    return _codes()["languages"]


_SUBTAG = re.compile(r"[A-Za-z]{4}|[A-Za-z]{2}|[0-9]{3}|[A-Za-z0-9]{5,8}\Z")


@lru_cache(maxsize=4096)  # a few dozen codes, asked 200,000 times at national scale
def is_language(code: str) -> bool:
    """Tell whether ``code`` is an ISO 639 code CLDR knows, optionally with BCP 47 subtags."""
    parts = code.split("-")
    if parts[0] not in language_codes():
        return False
    return all(_SUBTAG.fullmatch(p) for p in parts[1:])


def base_language(code: str) -> str:
    return code.split("-")[0].lower()


def is_rtl(code: str) -> bool:
    parts = code.split("-")
    if len(parts) > 1 and parts[1] in ("Arab", "Hebr", "Thaa", "Syrc"):
        return True
    return base_language(code) in RTL_LANGUAGES


_NOT_ASCII_WORD = re.compile("[^a-z0-9]+")


@lru_cache(maxsize=1 << 16)
def fold_name(name: str) -> str:
    """Fold a name to the form in which two names count as the same.

    Case, accents and punctuation are dropped: "Café Grenzenlos" = "cafe grenzenlos!".
    """
    if name.isascii():  # most names: the same result without a look at each character
        return _NOT_ASCII_WORD.sub("", name.lower())
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(
        ch for ch in decomposed
        if unicodedata.category(ch)[0] in ("L", "N") and not unicodedata.combining(ch)
    )


_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe",
                           "å": "aa", "ı": "i", "ł": "l", "đ": "d", "þ": "th"})


def slugify(text: str, limit: int = 64) -> str:
    """Derive a file name id from a name: ``Café Grenzenlos e.V.`` -> ``cafe-grenzenlos-e-v``."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_TRANSLIT))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:limit].rstrip("-")


def script_of(char: str) -> str | None:
    """Return the script of a letter (LATIN, CYRILLIC, …), from its Unicode name."""
    if not char.isalpha():
        return None
    try:
        return unicodedata.name(char).split(" ")[0]
    except ValueError:
        return None


_WORD = re.compile(r"\w+")


LOOKALIKE_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK"})
"""Scripts whose letters look alike (a, а, α): mixing them in a word is a typo or a trick.

Other scripts mix legitimately inside one word: Japanese writes kanji, hiragana and
katakana together (ドイツ日本協会), Korean may add hanja, and Ukrainian spells its
apostrophe as the modifier letter U+02BC (Мʼяке)."""


def mixed_script_word(text: str) -> tuple[str, list[str]] | None:
    """Find the first word that mixes lookalike scripts (a Cyrillic 'і' in a Latin word)."""
    if text.isascii():  # one script only: most names, and the check is 20 µs a name
        return None
    for word in _WORD.findall(text):
        scripts = {s for s in map(script_of, word) if s in LOOKALIKE_SCRIPTS}
        if len(scripts) > 1:
            return word, sorted(scripts)
    return None


MARKUP = re.compile(r"</?[A-Za-z!?]|&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
"""HTML tags, comments or character references: plain-text fields must not carry markup.

A tag starts with ``<`` directly followed by a letter (HTML reads ``< b`` as text), so
"Jung < Alt" and "Kinder <3" stay plain text."""

_RAW_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^>]*)?/?>|<!--|<\?|<!\[CDATA\[", re.I)
_SCRIPT_URL = re.compile(r"(?:java|vb)\s*script\s*:|data\s*:\s*text/html|livescript\s*:", re.I)
_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]*)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>")
_ATTR_LIST = re.compile(r"\{\s*[:#.]|\{[^}]*\bon[a-z]+\s*=", re.I)
ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")


_SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "livescript", "data"})


def markdown_findings(text: str) -> list[tuple[int, str]]:
    """Find what makes a Markdown text unsafe or unsupported, as ``(offset, fix)`` pairs.

    The offset is where the finding starts in ``text``, so that a report can point at
    the line in a long description or newsletter body. Each kind of finding is reported
    once per line: ``<b>bold</b>`` is one mistake, not two.
    """
    found: list[tuple[int, str, str]] = []
    if not ("<" in text or ":" in text or "[" in text or "{" in text):
        return []  # nothing below can match: most texts, in a fraction of the time
    for match in _RAW_HTML.finditer(text):
        found.append((match.start(), "html",
                      f"contains raw HTML ({match[0][:40]}); use Markdown instead"))
    for match in _SCRIPT_URL.finditer(text):
        found.append((match.start(), "script",
                      "contains a 'javascript:' or similar script link; remove it"))
    for match in _LINK.finditer(text):
        target = match[1]
        if match[0].startswith("!"):
            found.append((match.start(), "image", "contains an image; images from other sites "
                          "are not shown (they would track visitors): remove it"))
            continue
        scheme = target.split(":", 1)[0].lower() if ":" in target else ""
        if scheme in _SCRIPT_SCHEMES:
            continue  # reported as a script link
        if scheme and scheme not in ALLOWED_SCHEMES and not scheme.isdigit():
            found.append((match.start(1), "link", f"links to '{target[:60]}'; only http, "
                          "https, mailto and tel links are allowed"))
    for match in _AUTOLINK.finditer(text):
        scheme = match[1].split(":", 1)[0].lower()
        if scheme not in ALLOWED_SCHEMES and scheme not in _SCRIPT_SCHEMES:
            found.append((match.start(1), "link", f"links to '{match[1][:60]}'; only http, "
                          "https, mailto and tel links are allowed"))
    for match in _ATTR_LIST.finditer(text):
        found.append((match.start(), "attr",
                      "contains attribute syntax ({: …} or { on…= }); remove it"))
    result: list[tuple[int, str]] = []
    seen: set[tuple[int, str]] = set()
    for offset, kind, message in sorted(found):
        line = text.count("\n", 0, offset)
        if (line, kind) not in seen:
            seen.add((line, kind))
            result.append((offset, message))
    return result


def markdown_issues(text: str) -> list[str]:
    """List the fixes of :func:`markdown_findings` without positions, each once."""
    return list(dict.fromkeys(message for _, message in markdown_findings(text)))
