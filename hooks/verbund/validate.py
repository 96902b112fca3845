"""Validation: the schemas plus every rule that needs more than one value to decide.

Rules are small functions over a :class:`Context`; each yields problems that name the
field and the fix. Every rule is written for records that may also have failed the
schema (fields missing or of the wrong type), because a volunteer should see every
mistake in one run, not one layer at a time.
"""

from __future__ import annotations

import os
import re
import zoneinfo
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from datetime import date, datetime
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from . import values as v
from .load import (
    DATA_DIR,
    Document,
    Entry,
    LoadError,
    RawDirectory,
    display_path,
    list_records,
    listing_ids,
    load_entry,
    read_bytes,
)
from .lookup import RecordIds, select_records
from .problems import Problem
from .schemas import RecordValidator, field_name

if TYPE_CHECKING:  # checking one file keeps nothing, and need not import hashlib
    from .memo import CheckMemo

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{1,62}[a-z0-9]\Z")
LANGUAGE_FIX = "; use a code such as de, en, tr, ar or ta"
LANGUAGE_FORM = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
"""The form the schema accepts; only such codes are then looked up in CLDR."""
LOGO_MAX_BYTES = 200 * 1024
DEFAULT_TIMEZONE = "Europe/Berlin"


class Context(NamedTuple):
    """What rules may consult: the whole loaded directory and the settings in force.

    The rules for single records read these fields and, of ``raw``, the root alone (the
    records in ``raw`` are for the rules across records): a kept result of a record's
    check (:mod:`memo`) is used again while these fields are equal.

    A named tuple, not a dataclass: see :class:`problems.Problem`."""

    raw: RawDirectory
    today: date
    timezone: str = DEFAULT_TIMEZONE
    languages: tuple[str, ...] = ("de", "en")
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = None
    stale_after_months: int = 12
    taxonomy: Mapping[str, Any] = MappingProxyType({})
    associations: Collection[str] = frozenset()
    """Ids of every association file: references are checked against the files' names,
    so a record can be checked without reading the others (in parallel, or alone)."""
    events: Collection[str] = frozenset()
    newsletters: Collection[str] = frozenset()

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


Rule = Callable[[Document, Context], Iterable[Problem]]


def _get(data: Any, *path: str | int) -> Any:
    """Get the value at ``path`` in possibly malformed data; None where the path breaks.

    Loaded records hold exactly ``dict`` and ``list``, so ``type() is`` may stand in
    for ``isinstance``: this runs twenty times per record.
    """
    for part in path:
        if type(data) is dict:
            data = data.get(part)
        elif type(data) is list and type(part) is int and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _strings(data: Any, *path: str) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Yield the text(s) at ``path``: one string, each item of a list, or each language."""
    value = _get(data, *path)
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield (*path, i), item
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str):
                yield (*path, key), item


def _date(doc: Document, path: tuple[str | int, ...]) -> tuple[date | None, list[Problem]]:
    value = _get(doc.data, *path)
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None, []  # wrong form: the schema reports it
    try:
        return v.parse_date(value), []
    except ValueError:
        return None, [doc.problem(path, f"{field_name(path)}: {value} is not a real date; "
                                  "check the month and day")]


# --- rules for every kind of record -------------------------------------------------


def plain_text(doc: Document, ctx: Context, fields: Iterable[tuple[str, ...]]) -> Iterator[Problem]:
    for path in fields:
        for where, text in _strings(doc.data, *path):
            if v.MARKUP.search(text):
                yield doc.problem(where, f"{field_name(where)}: plain text may not contain HTML "
                                  "tags or entities such as <b> or &amp;; write the characters "
                                  "themselves")


def markdown_text(doc: Document, path: tuple[str, ...]) -> Iterator[Problem]:
    """Check Markdown texts; a finding in a literal block (``|``) points at its own line."""
    for where, text in _strings(doc.data, *path):
        for offset, issue in v.markdown_findings(text):
            yield doc.problem(where, f"{field_name(where)}: {issue}",
                              at=doc.where_in(where, offset))


def language_keys(
    doc: Document, ctx: Context, fields: Iterable[tuple[str, ...]]
) -> Iterator[Problem]:
    """Check that the languages of i18n texts are real; their form is the schema's job."""
    for path in fields:
        value = _get(doc.data, *path)
        if not isinstance(value, dict):
            continue
        for key in value:
            if LANGUAGE_FORM.fullmatch(key) and not v.is_language(key):
                yield doc.problem((*path, key), f"{field_name(path)}: '{key}' is not an "
                                  f"ISO 639 language code{LANGUAGE_FIX}", key=True)


def default_language_text(doc: Document, ctx: Context, path: tuple[str, ...]) -> Iterator[Problem]:
    value = _get(doc.data, *path)
    lang = ctx.default_language
    if isinstance(value, dict) and value and lang not in value:
        yield doc.problem(path, f"{field_name(path)}: no text in '{lang}', the site's default "
                          f"language; add {field_name(path)}.{lang}", "warning")


def urls(doc: Document, paths: Iterable[tuple[str, ...]]) -> Iterator[Problem]:
    for path in paths:
        value = _get(doc.data, *path)
        items = value.items() if isinstance(value, dict) else [(None, value)]
        for key, url in items:
            where = path if key is None else (*path, key)
            if isinstance(url, str) and not v.is_http_url(url):
                yield doc.problem(where, f"{field_name(where)}: '{url[:80]}' is not a web "
                                  "address; write a full http:// or https:// URL")


def codes(doc: Document, ctx: Context) -> Iterator[Problem]:
    for where, code in _strings(doc.data, "countries"):
        if code in v.country_codes():
            continue
        hint = ""
        if code.upper() in v.country_codes():
            hint = f"; write it in capitals: '{code.upper()}'"
        yield doc.problem(where, f"{field_name(where)}: '{code}' is not an ISO 3166-1 country "
                          f"code{hint}")
    for where, code in _strings(doc.data, "languages"):
        if LANGUAGE_FORM.fullmatch(code) and not v.is_language(code):
            yield doc.problem(where, f"{field_name(where)}: '{code}' is not an ISO 639 "
                              f"language code{LANGUAGE_FIX}")


def geo_inside(doc: Document, ctx: Context, path: tuple[str, ...]) -> Iterator[Problem]:
    """Check that a point lies in the directory's area (``settings.bounds``).

    A latitude or longitude outside the globe is left to the schema's minimum/maximum
    message: one mistake, one message.
    """
    lat, lon = _get(doc.data, *path, "lat"), _get(doc.data, *path, "lon")
    if ctx.bounds is None or not all(
        isinstance(x, int | float) and not isinstance(x, bool) for x in (lat, lon)
    ):
        return
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return
    (south, west), (north, east) = ctx.bounds
    if not (south <= lat <= north and west <= lon <= east):
        swapped = south <= lon <= north and west <= lat <= east
        hint = " (latitude and longitude swapped?)" if swapped else ""
        yield doc.problem(path, f"{field_name(path)}: {lat}, {lon} is outside the area of this "
                          f"directory (settings.yml bounds {[list(b) for b in ctx.bounds]}){hint}")


RESERVED_IDS = {
    "associations": frozenset({"page", "index"}),
    "events": frozenset({"archive", "subscribe", "topics", "page"}),
    "newsletter": frozenset({"subscribe"}),
}
"""Ids whose page address the site itself uses (/events/archive/, /directory/page/2/…)."""


def slug_rule(doc: Document, ctx: Context) -> Iterator[Problem]:
    folder = doc.path.split("/")[1] if doc.path.count("/") >= 2 else ""
    if doc.stem in RESERVED_IDS.get(folder, ()):
        yield Problem(doc.path, 1, 1, "error", f"file name '{doc.file.name}' is taken by a page "
                      f"of the site (/{'directory' if folder == 'associations' else folder}/"
                      f"{doc.stem}/); choose another name")
    if not SLUG.match(doc.stem):
        suggestion = v.slugify(doc.stem)
        fix = f"; rename it to '{suggestion}{doc.file.suffix}'" if SLUG.match(suggestion) else ""
        yield Problem(doc.path, 1, 1, "error", f"file name '{doc.file.name}' is not a valid id: "
                      "use lower-case letters a-z, digits and '-', 3 to 64 characters" + fix)


# --- associations --------------------------------------------------------------------


def association_rules(doc: Document, ctx: Context) -> Iterator[Problem]:
    data = doc.data
    yield from slug_rule(doc, ctx)
    yield from plain_text(doc, ctx, [("name",), ("short_name",), ("summary",),
                                     ("contact", "opening_hours")])
    for i in range(len(data["people"]) if isinstance(data.get("people"), list) else 0):
        yield from plain_text(doc, ctx, [("people", i, "name"), ("people", i, "role")])
        consent, problems = _date(doc, ("people", i, "consent"))
        yield from problems
        if consent and consent > ctx.today:
            yield doc.problem(("people", i, "consent"),
                              f"people[{i}].consent: {consent} is in the future; write the "
                              "date the person agreed to be published")
    people = _get(data, "people")
    names = [("name",), ("short_name",)] + [
        ("people", i, "name") for i in range(len(people) if isinstance(people, list) else 0)
    ]
    for path in names:
        text = _get(data, *path)
        if isinstance(text, str) and (mixed := v.mixed_script_word(text)):
            word, scripts = mixed
            yield doc.problem(path, f"{field_name(path)}: the word '{word}' mixes "
                              f"{' and '.join(s.title() for s in scripts)} letters; retype it "
                              "in one script")
    yield from markdown_text(doc, ("description",))
    yield from language_keys(doc, ctx, [("summary",), ("description",),
                                        ("contact", "opening_hours")])
    yield from default_language_text(doc, ctx, ("summary",))
    yield from codes(doc, ctx)
    yield from urls(doc, [("contact", "website"), ("contact", "social")])
    yield from geo_inside(doc, ctx, ("contact", "geo"))

    founded = _get(data, "founded")
    if isinstance(founded, int) and not isinstance(founded, bool) and founded > ctx.today.year:
        yield doc.problem(("founded",), f"founded: {founded} is in the future; write the "
                          "year the association was founded")

    for where, slug in _strings(data, "member_of"):
        if slug == doc.stem:
            yield doc.problem(where, f"{field_name(where)}: an association cannot be a member "
                              "of itself")
        elif SLUG.match(slug) and slug not in ctx.associations:
            yield doc.problem(where, f"{field_name(where)}: there is no association '{slug}' "
                              f"({DATA_DIR}/associations/{slug}.yml does not exist)")

    reviewed, problems = _date(doc, ("reviewed",))
    yield from problems
    if reviewed:
        if reviewed > ctx.today:
            yield doc.problem(("reviewed",), f"reviewed: {reviewed} is in the future; write the "
                              "date the profile was last confirmed")
        elif _get(data, "status") in (None, "active") and v.is_stale(
            reviewed, ctx.today, ctx.stale_after_months
        ):
            yield doc.problem(("reviewed",), f"reviewed {reviewed} is more than "
                              f"{ctx.stale_after_months} months ago; ask the association to "
                              "confirm its profile and update the date", "warning", code="stale")

    logo = _logo_name(data)
    if logo is not None:
        yield from logo_rule(doc, logo, logo_facts(ctx.raw.root, logo))


_LOGO_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _logo_name(data: Any) -> str | None:
    """The logo file a record names, if the name is one the logo rule looks up."""
    logo = _get(data, "logo")
    return logo if isinstance(logo, str) and _LOGO_NAME.fullmatch(logo) else None


_IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
}


def image_type(head: bytes) -> str | None:
    for magic, kind in _IMAGE_MAGIC.items():
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    return None


def logo_facts(root: Path, logo: str) -> tuple[int, bytes] | None:
    """All the logo rule reads of a logo file: its size and first bytes; None when there
    is no such file (a link does not count). Kept results are checked against these
    (:func:`outside_inputs`), so the rule must read nothing else."""
    file = root / DATA_DIR / "logos" / logo
    if not file.is_file() or file.is_symlink():
        return None
    with file.open("rb") as handle:
        return os.fstat(handle.fileno()).st_size, handle.read(512)


def logo_rule(doc: Document, logo: str, facts: tuple[int, bytes] | None) -> Iterator[Problem]:
    where = ("logo",)
    if facts is None:
        yield doc.problem(where, f"logo: {DATA_DIR}/logos/{logo} does not exist; add the file "
                          "or remove the line")
        return
    size, head = facts
    kind = image_type(head)
    if kind is None:
        svg = b"<svg" in head.lower() or logo.lower().endswith(".svg")
        what = "an SVG" if svg else "not an image"
        yield doc.problem(where, f"logo: {logo} is {what}; use a PNG, JPEG or WebP file")
    if size > LOGO_MAX_BYTES:
        yield doc.problem(where, f"logo: {logo} is {size // 1024} KB; the limit is "
                          f"{LOGO_MAX_BYTES // 1024} KB: make it smaller")


# --- events --------------------------------------------------------------------------


def _event_when(doc: Document, ctx: Context, key: str,
                tz: zoneinfo.ZoneInfo | None) -> tuple[date | datetime | None, list[Problem]]:
    text = _get(doc.data, key)
    if not isinstance(text, str):
        return None, []
    try:
        return v.parse_when(text, tz), []
    except ValueError:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].*)?", text):
            return None, []  # the schema reports the form
        return None, [doc.problem((key,), f"{key}: {text} is not a real date and time; "
                                  "check the month, day, hour and offset")]


def event_tz(doc: Document, ctx: Context) -> zoneinfo.ZoneInfo:
    name = _get(doc.data, "timezone")
    valid = isinstance(name, str) and v.is_timezone(name)
    return zoneinfo.ZoneInfo(name if valid else ctx.timezone)


def event_rules(doc: Document, ctx: Context) -> Iterator[Problem]:
    data = doc.data
    yield from slug_rule(doc, ctx)
    yield from plain_text(doc, ctx, [("title",), ("cost",), ("location", "name")])
    yield from markdown_text(doc, ("description",))
    yield from language_keys(doc, ctx, [("title",), ("description",), ("cost",)])
    yield from default_language_text(doc, ctx, ("title",))
    yield from codes(doc, ctx)
    yield from urls(doc, [("location", "online")])
    yield from geo_inside(doc, ctx, ("location", "geo"))

    tz_name = _get(data, "timezone")
    if isinstance(tz_name, str) and not v.is_timezone(tz_name):
        yield doc.problem(("timezone",), f"timezone: '{tz_name}' is not an IANA time zone; "
                          "write a name such as Europe/Berlin or America/New_York")
    tz = event_tz(doc, ctx)
    start, problems = _event_when(doc, ctx, "start", tz)
    yield from problems
    end, problems = _event_when(doc, ctx, "end", tz)
    yield from problems
    if start is not None and end is not None:
        if isinstance(start, datetime) != isinstance(end, datetime):
            yield doc.problem(("end",), "end: write the same kind of value as start (both dates "
                              "for an all-day event, or both dates with times)")
        elif end < start:  # type: ignore[operator]
            fmt = _show_when
            yield doc.problem(("end",), f"end ({fmt(end)}) is before start ({fmt(start)})")

    rule = _get(data, "repeat")
    if isinstance(rule, str) and start is not None:
        yield from rrule_rule(doc, rule, start)
    excepts = _get(data, "except")
    if isinstance(excepts, list) and excepts and not isinstance(rule, str):
        yield doc.problem(("except",), "except: only makes sense together with repeat; remove it "
                          "or add a repeat rule")
    for i in range(len(excepts) if isinstance(excepts, list) else 0):
        _, problems = _date(doc, ("except", i))
        yield from problems

    for where, slug in _strings(data, "organizers"):
        if SLUG.match(slug) and slug not in ctx.associations:
            yield doc.problem(where, f"{field_name(where)}: there is no association '{slug}' "
                              f"({DATA_DIR}/associations/{slug}.yml does not exist)")

    location = _get(data, "location")
    if isinstance(location, dict) and not (location.get("address") or location.get("online")):
        yield doc.problem(("location",), "location: give at least an address or an online link "
                          "(online: https://…)")
    registration = _get(data, "registration")
    if isinstance(registration, str) and not (
        v.is_http_url(registration) or v.is_email(registration.removeprefix("mailto:"))
    ):
        yield doc.problem(("registration",), f"registration: '{registration[:80]}' is neither a "
                          "web address (https://…) nor an email address")


def _show_when(value: date | datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value.isoformat()


RRULE_EXAMPLE = "e.g. FREQ=MONTHLY;BYDAY=1SA;COUNT=6"
_RRULE_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_RRULE_RANGES = {
    "BYMONTH": (1, 12, False), "BYMONTHDAY": (1, 31, True), "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True), "BYSETPOS": (1, 366, True),
}
"""Allowed values per RFC 5545 (``True``: a negative value counts from the end)."""


def _rrule_parts(text: str) -> tuple[str | None, str | None]:
    """Check what dateutil accepts but a calendar must not: ``(invalid, unsupported)``.

    dateutil takes ``BYMONTHDAY=32`` or ``COUNT=0`` silently and then searches up to the
    year 9999 for a date that never comes (seconds per record); ``FREQ=SECONDLY`` or
    ``BYMINUTE`` would turn one record into millions of occurrences. Both are refused
    before the rule is expanded anywhere.
    """
    parts: dict[str, str] = {}
    for item in text.split(";"):
        name, _, value = item.partition("=")
        parts[name.strip().upper()] = value.strip().upper()
    if "COUNT" in parts and "UNTIL" in parts:
        return "use COUNT or UNTIL, not both", None
    for name in ("COUNT", "INTERVAL"):
        if parts.get(name, "1").lstrip("+-").isdigit() and int(parts.get(name, "1")) < 1:
            return f"{name} must be at least 1", None
    for name, (low, high, signed) in _RRULE_RANGES.items():
        for item in filter(None, parts.get(name, "").split(",")):
            if item.lstrip("+-").isdigit() and not (
                low <= (abs(int(item)) if signed else int(item)) <= high
            ):
                sign = f"-{high}…-{low} or " if signed else ""
                return f"{name}={item} is out of range ({sign}{low}…{high})", None
    freq = parts.get("FREQ")
    if freq in ("SECONDLY", "MINUTELY", "HOURLY"):
        return None, (f"FREQ={freq} is too frequent for an event; use "
                      f"{', '.join(_RRULE_FREQS[:-1])} or {_RRULE_FREQS[-1]}")
    for name in ("BYHOUR", "BYMINUTE", "BYSECOND"):
        if name in parts:
            return None, f"{name} is not supported: the time of day comes from start"
    return None, None


def rrule_rule(doc: Document, rule: str, start: date | datetime) -> Iterator[Problem]:
    """Check a repeat rule: valid iCalendar, and sensible for a calendar of events."""
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if "\n" in text or "DTSTART" in text.upper():
        yield doc.problem(("repeat",), "repeat: write only the rule, e.g. FREQ=WEEKLY;BYDAY=TU")
        return
    invalid, unsupported = _rrule_parts(text)
    if unsupported:
        yield doc.problem(("repeat",), f"repeat: {unsupported}")
        return
    dtstart = start if isinstance(start, datetime) else datetime.combine(start, datetime.min.time())
    reason = invalid
    if reason is None:
        try:
            from dateutil.rrule import rrulestr  # only events that repeat need it

            rrulestr(text, dtstart=dtstart)
        except (ValueError, TypeError) as exc:
            reason = str(exc).rstrip(".")
    if reason is None:
        return
    if "UNTIL" in reason and "UTC" in reason:
        reason = ("UNTIL must be in UTC, e.g. UNTIL=20270630T235959Z" if isinstance(start, datetime)
                  else "for an all-day event write UNTIL as a date, e.g. UNTIL=20270630")
    elif "unpack" in reason or "FREQ" not in text.upper():
        # dateutil's own words here are Python's ("not enough values to unpack").
        reason = "write NAME=VALUE parts separated by ';', starting with FREQ="
    yield doc.problem(("repeat",), f"repeat: '{rule}' is not a valid iCalendar RRULE "
                      f"({reason}); {RRULE_EXAMPLE}")


# --- newsletter, settings, taxonomy --------------------------------------------------


def newsletter_rules(doc: Document, ctx: Context) -> Iterator[Problem]:
    yield from slug_rule(doc, ctx)
    yield from plain_text(doc, ctx, [("title",), ("summary",)])
    yield from language_keys(doc, ctx, [("title",), ("summary",)])
    _, problems = _date(doc, ("date",))
    yield from problems
    language = _get(doc.data, "language")
    if isinstance(language, str) and LANGUAGE_FORM.fullmatch(language) and not v.is_language(
        language
    ):
        yield doc.problem(("language",), f"language: '{language}' is not an ISO 639 language "
                          f"code{LANGUAGE_FIX}")
    # Internal links ([[id]], ../events/x.yml) are checked here, not at rendering, so that
    # `verbund validate` and a pull request's check catch a link to a missing record too.
    from . import links  # newsletters only: checking a profile should not load it

    known = links.Known(ctx.associations, ctx.events, ctx.newsletters)
    for offset, issue in [*v.markdown_findings(doc.body), *links.findings(doc.body, known)]:
        before = doc.body[:offset]
        line = doc.body_line + before.count("\n")
        col = offset - (before.rfind("\n") + 1) + 1
        yield Problem(doc.path, line, col, "error", f"body: {issue}")


def settings_rules(doc: Document, ctx: Context) -> Iterator[Problem]:
    data = doc.data
    tz_name = _get(data, "timezone")
    if isinstance(tz_name, str) and not v.is_timezone(tz_name):
        yield doc.problem(("timezone",), f"timezone: '{tz_name}' is not an IANA time zone; "
                          "write a name such as Europe/Berlin")
    for where, code in _strings(data, "languages"):
        if code not in v.UI_LANGUAGES:
            yield doc.problem(where, f"{field_name(where)}: the site's interface exists in "
                              f"{' and '.join(v.UI_LANGUAGES)}; '{code}' cannot be a site "
                              "language (records may still have texts in any language)")
    bounds = _get(data, "bounds")
    if (isinstance(bounds, list) and len(bounds) == 2
            and all(isinstance(p, list) and len(p) == 2 for p in bounds)
            and all(isinstance(x, int | float) for p in bounds for x in p)):
        (south, west), (north, east) = bounds
        if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
            yield doc.problem(("bounds",), "bounds: write [[south, west], [north, east]] with "
                              "south < north and west < east, in degrees")


def taxonomy_rules(doc: Document, ctx: Context) -> Iterator[Problem]:
    data = doc.data if isinstance(doc.data, dict) else {}
    for key, vocabulary in data.items():
        if not isinstance(vocabulary, dict):
            continue
        for term, labels in vocabulary.items():
            if not isinstance(labels, dict):
                continue
            for lang in ctx.languages:
                if lang not in labels:
                    yield doc.problem((key, term), f"{key}.{term}: no label in '{lang}'; the "
                                      "site will show the id instead", "warning", key=True)
            yield from plain_text(doc, ctx, [(key, term)])


# --- cross-record rules --------------------------------------------------------------


def unique_ids(ctx: Context) -> Iterator[Problem]:
    seen: dict[str, Document] = {}
    for doc in [*ctx.raw.associations, *ctx.raw.events]:
        first = seen.setdefault(doc.stem, doc)
        if first is not doc:
            yield _id_used(doc.path, doc.stem, first.path)
    news: dict[str, Document] = {}
    for doc in ctx.raw.newsletters:
        first = news.setdefault(doc.stem, doc)
        if first is not doc:  # pragma: no cover - one folder cannot hold two equal names
            yield Problem(doc.path, 1, 1, "error",
                          f"id '{doc.stem}' is already used by {first.path}")


def unique_names(ctx: Context) -> Iterator[Problem]:
    seen: dict[str, Document] = {}
    for doc in ctx.raw.associations:
        name = _get(doc.data, "name")
        if not isinstance(name, str):
            continue
        folded = v.fold_name(name)
        first = seen.setdefault(folded, doc)
        if first is not doc and folded:
            line = first.where(("name",))[0]
            yield doc.problem(("name",), f"name: '{name}' is the same as the name in "
                              f"{first.path}:{line} once case, accents and punctuation are "
                              "ignored; is this association already listed?")


def member_cycles(ctx: Context) -> Iterator[Problem]:
    docs = {d.stem: d for d in ctx.raw.associations}
    graph: dict[str, list[str]] = {}  # only the members: most associations belong to none
    for slug, doc in docs.items():
        parents = _get(doc.data, "member_of")
        if type(parents) is list and parents:
            graph[slug] = [s for s in parents if type(s) is str and s in docs and s != slug]
    reported: set[frozenset[str]] = set()
    state: dict[str, int] = {}
    for start in sorted(graph):
        if state.get(start):
            continue
        # Iterative depth-first search: a long member chain must not hit the recursion limit.
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(graph[start]))]
        trail = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                trail.pop()
                state[node] = 2
                continue
            if state.get(child) == 1:
                cycle = [*trail[trail.index(child):], child]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    doc = docs[cycle[-2]]
                    index = next(i for i, s in _strings_index(doc, "member_of") if s == child)
                    yield doc.problem(("member_of", index), "member_of: "
                                      f"{' → '.join(cycle)} is a cycle; an association cannot "
                                      "be (indirectly) a member of its own members")
            elif not state.get(child):
                state[child] = 1
                trail.append(child)
                stack.append((child, iter(graph.get(child, ()))))


def _strings_index(doc: Document, key: str) -> Iterator[tuple[int, str]]:
    for where, value in _strings(doc.data, key):
        yield where[-1], value  # type: ignore[misc]


# --- driver --------------------------------------------------------------------------


def _context(raw: RawDirectory, today: date | None,
             ids: Mapping[str, Collection[str]] | None = None) -> Context:
    settings = raw.settings.data if raw.settings and isinstance(raw.settings.data, dict) else {}
    tz_name = settings.get("timezone")
    tz_name = tz_name if isinstance(tz_name, str) and v.is_timezone(tz_name) else DEFAULT_TIMEZONE
    # Only languages the site can be shown in count; an unsupported one is reported once
    # in settings.yml, not again for every taxonomy label and summary.
    languages = settings.get("languages")
    languages = [x for x in languages if x in v.UI_LANGUAGES] if isinstance(languages, list) else []
    if not languages:
        languages = ["de", "en"]
    bounds = settings.get("bounds")
    try:
        (s, w), (n, e) = bounds  # type: ignore[misc]
        bounds_t = ((float(s), float(w)), (float(n), float(e)))
    except (TypeError, ValueError):
        bounds_t = None
    stale = settings.get("stale_after_months")
    taxonomy = raw.taxonomy.data if raw.taxonomy and isinstance(raw.taxonomy.data, dict) else {}
    return Context(
        raw=raw,
        today=today or v.today(tz_name),
        timezone=tz_name,
        languages=tuple(languages),
        bounds=bounds_t,
        stale_after_months=stale if isinstance(stale, int) and stale > 0 else 12,
        taxonomy=taxonomy,
        **(ids if ids is not None else {
            kind: frozenset(d.stem for d in getattr(raw, kind))
            for kind in ("associations", "events", "newsletters")}),
    )


_FIELD_EXAMPLES = {
    "association": "name: …, kind: …",
    "event": "title: …, start: …",
    "newsletter": "title: …, date: …",
    "settings": "municipality: …, timezone: …",
    "taxonomy": "kinds: …, topics: …",
}


def _is_mapping(doc: Document, what: str) -> list[Problem]:
    """Check that a record is a mapping of fields; nothing else can be checked otherwise."""
    if isinstance(doc.data, dict):
        return []
    if doc.data is None:  # "---" or "~" alone: nothing written yet
        return [Problem(doc.path, 1, 1, "error", "file is empty; write the record's fields or "
                        "delete the file")]
    found = "a list" if isinstance(doc.data, list) else "a single value"
    article = "an" if what[0] in "aeiou" else "a"
    return [Problem(doc.path, 1, 1, "error", f"{article} {what} file holds a mapping of fields "
                    f"({_FIELD_EXAMPLES[what]}), but this file holds {found}")]


RECORD_RULES: dict[str, Rule] = {
    "association": association_rules,
    "event": event_rules,
    "newsletter": newsletter_rules,
}


RECORD_TYPES = {"associations": "association", "events": "event", "newsletters": "newsletter"}
PARALLEL_MIN = 2000
"""From this many records, two processes read and check them: loading and checking is
CPU work per file, and a national directory has 45,000 files."""


def _check_meta(raw: RawDirectory, ctx: Context) -> tuple[list[Problem], Mapping[str, Any] | None]:
    """Settings and taxonomy; the taxonomy to enforce, or None when it is unusable."""
    problems: list[Problem] = []
    taxonomy_ok = True
    for name, doc in (("settings", raw.settings), ("taxonomy", raw.taxonomy)):
        if doc is None:
            continue
        shape = _is_mapping(doc, name)
        problems += shape
        if shape:
            taxonomy_ok = taxonomy_ok and name != "taxonomy"
            continue
        problems += RecordValidator(name).problems(doc)
        problems += (settings_rules if name == "settings" else taxonomy_rules)(doc, ctx)
    return problems, (ctx.taxonomy if taxonomy_ok and raw.taxonomy else None)


class _Checker:
    """Checks single records against one context, with validators compiled once."""

    def __init__(self, ctx: Context, taxonomy: Mapping[str, Any] | None,
                 keep: bool = True) -> None:
        self.ctx = ctx
        self.taxonomy = taxonomy
        self.keep = keep
        self.validators: dict[str, RecordValidator] = {}
        self.contents: dict[str, bytes] = {}
        """Bytes already read, by path: these are judged, not the file read again."""

    def validator(self, kind: str) -> RecordValidator:
        """Compiled on first use: checking one file compiles one schema, not three."""
        if kind not in self.validators:
            self.validators[kind] = RecordValidator(RECORD_TYPES[kind], self.taxonomy)
        return self.validators[kind]

    def doc(self, kind: str, doc: Document) -> list[Problem]:
        shape = _is_mapping(doc, RECORD_TYPES[kind])
        if shape:
            return shape
        rules = RECORD_RULES[RECORD_TYPES[kind]]
        return [*self.validator(kind).problems(doc), *rules(doc, self.ctx)]

    def entry(self, entry: Entry) -> tuple[Document | None, list[Problem]]:
        doc, problems = load_entry(entry, self.contents.get(entry.path))
        if doc is not None:
            problems += self.doc(entry.kind, doc)
            if not self.keep:
                fields = CROSS_FIELDS.get(entry.kind, ())
                data = doc.data if isinstance(doc.data, dict) else {}
                doc.data = {k: data[k] for k in fields if k in data}
                doc.body = ""
        return doc, problems


_WORKER: _Checker | None = None
_Sent = tuple[Any, str, int, int, list[Problem]] | list[Problem]
"""What a worker sends back for one record: its data, body, body line and offset with
the problems found, or the problems alone when the file could not be read. Plain values
only: documents and paths cost more to send between processes than to rebuild."""


def _work(chunk: list[Entry]) -> list[_Sent]:
    assert _WORKER is not None
    results: list[_Sent] = []
    for entry in chunk:
        doc, problems = _WORKER.entry(entry)
        results.append(problems if doc is None else
                       (doc.data, doc.body, doc.body_line, doc.offset, problems))
    return results


def _received(entry: Entry, sent: _Sent) -> tuple[Document | None, list[Problem]]:
    if isinstance(sent, list):
        return None, sent
    data, body, body_line, offset, problems = sent
    return Document(entry.display, entry.path, data, body, body_line, offset=offset,
                    stem=entry.stem), problems


def _check_entries(checker: _Checker,
                   entries: list[Entry]) -> list[tuple[Document | None, list[Problem]]]:
    """Read and check records, in two processes when there are many (results in order)."""
    global _WORKER
    if len(entries) < PARALLEL_MIN:
        return [checker.entry(entry) for entry in entries]
    from .parallel import forked_pool, worker_count  # not at start-up: one file needs neither

    workers = worker_count(len(entries), PARALLEL_MIN)
    if workers < 2:
        return [checker.entry(entry) for entry in entries]
    for kind in RECORD_TYPES:  # compiled once, before the fork, for both workers
        checker.validator(kind)
    # Forked workers inherit the checker (compiled validators included). Chunks of 400
    # files keep both busy to the end and let the parent unpickle results meanwhile.
    _WORKER = checker
    size = 400
    try:
        with forked_pool(workers) as pool:
            parts = pool.map(_work, [entries[i:i + size] for i in range(0, len(entries), size)])
            sent = [result for part in parts for result in part]
        return [_received(entry, one) for entry, one in zip(entries, sent, strict=True)]
    finally:
        _WORKER = None


def memo_context(checker: _Checker) -> tuple[Any, ...]:
    """Everything besides its own file that a record's check reads from the run: the
    context's fields (see :class:`Context`) and how the checker was set up."""
    ctx = checker.ctx
    return (ctx._replace(raw=None), ctx.raw.root, checker.taxonomy is not None, checker.keep)


def outside_inputs(ctx: Context, doc: Document | None) -> Any:
    """What a record's check reads of files that are not records: the logo it names."""
    logo = _logo_name(doc.data) if doc is not None else None
    return None if logo is None else (logo, logo_facts(ctx.raw.root, logo))


def _check_remembered(checker: _Checker, entries: list[Entry],
                      memo: CheckMemo) -> list[tuple[Document | None, list[Problem]]]:
    """:func:`_check_entries`, with the results of files unchanged since the last check
    in the same context taken from ``memo``."""
    memo.begin(memo_context(checker))
    outside = partial(outside_inputs, checker.ctx)
    results: list[tuple[Document | None, list[Problem]] | None] = [None] * len(entries)
    fresh: list[int] = []
    contents: dict[str, bytes] = {}
    for i, entry in enumerate(entries):
        results[i] = memo.recall_unchanged(entry.path, outside)
        if results[i] is not None:
            continue
        try:
            data = read_bytes(entry.path)
        except (LoadError, OSError):
            fresh.append(i)  # the checker reads it again and reports why it cannot
            continue
        results[i] = memo.recall(entry.path, data, outside)
        if results[i] is None:
            fresh.append(i)
            contents[entry.path] = data
    checker.contents = contents
    try:
        checked = _check_entries(checker, [entries[i] for i in fresh])
    finally:
        checker.contents = {}
    for i, result in zip(fresh, checked, strict=True):
        results[i] = result
        path = entries[i].path
        if path in contents:
            memo.keep(path, contents[path], outside(result[0]), result)
    memo.retain({entry.path for entry in entries})
    return results  # type: ignore[return-value]  # every place is filled


CROSS_FIELDS = {"associations": ("name", "member_of")}
"""The fields that the checks across records (:func:`unique_ids`, :func:`unique_names`,
:func:`member_cycles`) read: all that must travel back from a worker process when the
caller wants the problems only."""


def check(raw: RawDirectory, today: date | None = None) -> list[Problem]:
    """Every problem in a loaded directory, sorted by file and line."""
    ctx = _context(raw, today)
    problems, taxonomy = _check_meta(raw, ctx)
    problems += raw.problems
    checker = _Checker(ctx, taxonomy)
    for kind in RECORD_TYPES:
        for doc in getattr(raw, kind):
            problems += checker.doc(kind, doc)
    for rule in (unique_ids, unique_names, member_cycles):
        problems += rule(ctx)
    return sorted(set(problems))


def validate(root: Path, today: date | None = None, only: set[Path] | None = None, *,
             records: bool = True, memo: CheckMemo | None = None
             ) -> tuple[RawDirectory, list[Problem]]:
    """Load and check the directory under ``root``; the raw records and every problem.

    With ``records=False`` the records are checked but not returned (the lists of the
    raw directory are empty): the command line needs only the problems, and sending
    45,000 records from the worker processes costs a tenth of the time.

    ``only`` (resolved paths) checks just those files, plus settings.yml and
    taxonomy.yml, on which every record depends. References to other records, and the
    ids of the files checked, are judged by the other files' names (asked of the file
    system one name at a time, see :mod:`lookup`), so a valid reference is never
    reported as broken; the checks that need every record's content (duplicate names,
    member cycles) run only on the whole directory, as CI does.

    ``memo`` keeps each record's result for the next check of the whole directory in
    the same process (``mkdocs serve``), which then reads every file but checks only
    the changed ones; the rules across records always run on all of them.
    """
    root = root.resolve()  # then every listed path is resolved too, without a call each
    ids: Mapping[str, Collection[str]]
    taken: list[Problem] = []
    if only is None:
        raw, selected, listing = list_records(root)
        ids = listing_ids(listing)
    else:
        raw, selected, lookups = select_records(root, {str(p) for p in only})
        ids = lookups
        taken = [p for entry in selected if (p := _id_taken(root, entry, lookups))]
    ctx = _context(raw, today, ids)
    problems, taxonomy = _check_meta(raw, ctx)
    problems += raw.problems
    checker = _Checker(ctx, taxonomy, keep=records)
    checked = (_check_entries(checker, selected) if memo is None or only is not None
               else _check_remembered(checker, selected, memo))
    for entry, (doc, found) in zip(selected, checked, strict=True):
        problems += found
        if doc is not None:
            getattr(raw, entry.kind).append(doc)
    if only is None:
        for rule in (unique_ids, unique_names, member_cycles):
            problems += rule(ctx)
    if not records:
        raw.associations, raw.events, raw.newsletters = [], [], []
    if only is None:
        return raw, sorted(set(problems))
    problems += taken
    wanted = {display_path(root, file.resolve()) for file in only}
    always = {f"{DATA_DIR}/settings.yml", f"{DATA_DIR}/taxonomy.yml"}
    known = {entry.display for entry in selected}
    known |= {p.path for p in raw.problems} | always
    report = [p for p in problems if p.path in wanted | always]
    report += [
        Problem(path, 1, 1, "error", f"is not a record: Verbund reads {DATA_DIR}/settings.yml, "
                f"{DATA_DIR}/taxonomy.yml and the files in {DATA_DIR}/associations/, "
                f"{DATA_DIR}/events/ and {DATA_DIR}/newsletter/")
        for path in sorted(wanted - known)
    ]
    return raw, sorted(set(report))


def _id_taken(root: Path, entry: Entry, ids: Mapping[str, RecordIds]) -> Problem | None:
    """:func:`unique_ids` for a file checked alone, judged by the other files' names."""
    if entry.kind == "newsletters":
        return None
    others = sorted(path for kind in ("associations", "events")
                    for path in ids[kind].files(entry.stem) if path != entry.path)
    if not others:
        return None
    return _id_used(entry.display, entry.stem, display_path(root, Path(others[0])))


def _id_used(path: str, ident: str, other: str) -> Problem:
    return Problem(path, 1, 1, "error", f"id '{ident}' is already used by {other}; rename one "
                   "of the files")
