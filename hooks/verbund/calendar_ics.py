"""iCalendar files that calendar apps can subscribe to: all events, per organizer, per
topic, and one per event.

Everything is written with the ``icalendar`` library, never by hand: it folds lines and
escapes commas, semicolons, backslashes and newlines, which hand-made feeds get wrong
and calendar apps then reject silently. One event is one VEVENT whose repetition stays
a rule (RRULE and EXDATE), so a subscriber's app shows dates beyond the site's window
and a changed rule replaces the whole series.

Files must be byte-for-byte the same for two builds of the same data on the same day
(subscribers' apps and caches compare them), so nothing here reads the clock: DTSTAMP
and LAST-MODIFIED come from the record's last change in git, else from the build date,
and every list is sorted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache, partial
from urllib.parse import urlsplit

import icalendar
from icalendar.parser import Contentline

from .model import Association, Directory, Event
from .occurrences import excluded, local, next_day
from .parallel import forked_pool, worker_count
from .render import Asset, PageSpec, SiteInfo
from .text import xml_safe
from .ui import t

PRODID = "-//Verbund//Verbund event calendar//DE"
REFRESH = timedelta(days=1)
"""How often apps should fetch again: the site is rebuilt daily, so more is wasted."""

ALL_PATH = "events.ics"


def organizer_path(slug: str) -> str:
    return f"directory/{slug}/events.ics"


def topic_path(topic: str) -> str:
    return f"events/topics/{topic}.ics"


def event_path(event_id: str) -> str:
    return f"events/{event_id}/event.ics"


def event_page(event_id: str) -> str:
    return f"events/{event_id}/"


def domain(site: SiteInfo) -> str:
    return urlsplit(site.site_url).hostname or "localhost"


def uid(event: Event, site: SiteInfo) -> str:
    """Stable across builds and hosts' paths: apps match updates and cancellations by it."""
    return f"{event.id}@{domain(site)}"


# --- one event -----------------------------------------------------------------------


def _text(value: str) -> str:
    return xml_safe(value).strip()


_LINK = re.compile(r"\[([^\]\n]+)\]\((\S+?)\)")
_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s")


def _plain(markdown: str) -> str:
    """Markdown as calendar apps show text: links as "text (URL)", wrapped lines joined
    (a record's YAML block wraps at 80 columns; a phone's calendar must not)."""
    def link(m: re.Match[str]) -> str:
        return m[2] if m[2].endswith(m[1]) else f"{m[1]} ({m[2]})"

    text = _LINK.sub(link, _text(markdown)).replace("**", "").replace("__", "")
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        lines: list[str] = []
        for line in block.splitlines():
            if lines and not _LIST_ITEM.match(line):
                lines[-1] += " " + line.strip()
            else:
                lines.append(line.strip())
        paragraphs.append("\n".join(lines))
    return "\n\n".join(p for p in paragraphs if p)


def _line(value: str) -> str:
    """Calendar names and categories: one line, as app sidebars show them."""
    return re.sub(r"\s+", " ", _text(value))


def _location(event: Event) -> str:
    loc = event.location
    parts = [loc.name] if loc.name else []
    if loc.address:
        parts += [x for x in loc.address.lines() if x not in parts]
    if not parts and loc.online:
        parts.append(loc.online)
    return ", ".join(_text(p) for p in parts if p)


def _rule(event: Event) -> icalendar.vRecur:
    """The record's RRULE as written; only UNTIL is brought to the type of DTSTART, as
    RFC 5545 requires (a date for all-day events, UTC for timed ones)."""
    assert event.repeat is not None
    rule = icalendar.vRecur.from_ical(event.repeat)
    until = rule.get("UNTIL")
    if until:
        value = until[0]
        if event.all_day and isinstance(value, datetime):
            rule["UNTIL"] = [value.date()]
        elif not event.all_day and not isinstance(value, datetime):
            end_of_day = datetime.combine(value, time(23, 59, 59), local(event.start, event).tzinfo)
            rule["UNTIL"] = [end_of_day.astimezone(UTC)]
        elif not event.all_day and value.tzinfo is None:
            rule["UNTIL"] = [value.replace(tzinfo=UTC)]
    return rule


def _stamp(event: Event, directory: Directory, site: SiteInfo) -> tuple[datetime, date | None]:
    """(DTSTAMP, first added): from git where known, else the build date."""
    history = site.history.get(event.path)
    changed = history[1] if history else directory.today
    return datetime.combine(changed, time.min, UTC), history[0] if history else None


def _description(event: Event, directory: Directory, site: SiteInfo, lang: str) -> str:
    fallbacks = directory.settings.languages
    lines = []
    if event.status != "scheduled":
        lines.append(t(lang, f"calendar.note.{event.status}"))
    if event.description:
        lines.append(_plain(event.description.text(lang, fallbacks)))
    names = [directory.by_slug[s].name for s in event.organizers if s in directory.by_slug]
    facts = [(t(lang, "event.organizers"), ", ".join(names))]
    if event.location.online:
        facts.append((t(lang, "event.online_link"), event.location.online))
    if event.registration:
        facts.append((t(lang, "event.registration"), event.registration))
    if event.cost:
        facts.append((t(lang, "event.cost"), _text(event.cost.text(lang, fallbacks))))
    if event.accessibility:
        labels = [directory.taxonomy.accessibility[x].label(lang, fallbacks)
                  if x in directory.taxonomy.accessibility else x for x in event.accessibility]
        facts.append((t(lang, "event.accessibility"), ", ".join(labels)))
    facts.append((t(lang, "event.more"), site.absolute(event_page(event.id))))
    lines.append("\n".join(f"{label}: {value}" for label, value in facts if value))
    return "\n\n".join(x for x in lines if x)


STATUS = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}
"""iCalendar has no "postponed"; TENTATIVE says "do not count on this date", and the
title says why."""


def vevent(event: Event, directory: Directory, site: SiteInfo) -> icalendar.Event:
    """One record as one VEVENT, in the site's default language."""
    lang = directory.settings.default_language
    fallbacks = directory.settings.languages
    component = icalendar.Event()
    stamp, created = _stamp(event, directory, site)
    component.add("uid", uid(event, site))
    component.add("dtstamp", stamp)
    if created is not None:
        component.add("created", datetime.combine(created, time.min, UTC))
        component.add("last-modified", stamp)
    start = local(event.start, event)
    component.add("dtstart", start)
    if event.all_day:
        last = event.end or event.start
        component.add("dtend", next_day(last))  # type: ignore[arg-type]  # exclusive
    elif event.end is not None:
        component.add("dtend", local(event.end, event))
    if event.repeat:
        component.add("rrule", _rule(event))
        skipped = excluded(event)
        if skipped:
            component.add("exdate", skipped)
    title = _text(event.title.text(lang, fallbacks))
    if event.status != "scheduled":
        title = t(lang, f"calendar.summary.{event.status}", title=title)
    component.add("summary", title)
    component.add("description", _description(event, directory, site, lang))
    where = _location(event)
    if where:
        component.add("location", where)
    if event.location.geo:
        component.add("geo", (event.location.geo.lat, event.location.geo.lon))
    component.add("url", site.absolute(event_page(event.id)))
    component.add("status", STATUS.get(event.status, "CONFIRMED"))
    categories = [directory.taxonomy.formats[event.format].label(lang, fallbacks)
                  if event.format in directory.taxonomy.formats else event.format]
    categories += [directory.taxonomy.topics[x].label(lang, fallbacks)
                   if x in directory.taxonomy.topics else x for x in event.topics]
    component.add("categories", [_line(c) for c in categories])
    component.add("class", "PUBLIC")
    # A public event one follows is not a meeting one is booked for: don't block time.
    component.add("transp", "TRANSPARENT")
    return component


# --- calendars -----------------------------------------------------------------------


@cache
def _vtimezone(tzid: str, first: date, last: date) -> icalendar.Timezone:
    return icalendar.Timezone.from_tzid(tzid, first_date=first, last_date=last)


def _zone_range(events: Iterable[Event]) -> tuple[date, date]:
    """The years the VTIMEZONEs cover: the library's default span (1970–2038, so that
    open-ended rules stay right for years), widened for records outside it."""
    first, last = icalendar.Timezone.DEFAULT_FIRST_DATE, icalendar.Timezone.DEFAULT_LAST_DATE
    for e in events:
        day = e.start.date() if isinstance(e.start, datetime) else e.start
        first = min(first, date(day.year - 1, 1, 1))
        last = max(last, date(day.year + 2, 1, 1))
    return first, last


class _Parts:
    """Each VEVENT and VTIMEZONE serialised once by the library, reused in every feed.

    One event appears in up to four feeds (all, its organisers', its topics', its own);
    serialising it again for each cost 90% of the calendar build (6 s for 3,000 events).
    A feed is the library's serialised VCALENDAR head with these serialised components
    placed before its END line, byte for byte what ``add_component`` would give.
    """

    def __init__(self, directory: Directory, site: SiteInfo) -> None:
        self.directory, self.site = directory, site
        self.first, self.last = _zone_range(directory.events)
        self._events: dict[str, bytes] = {}
        self._zones: dict[str, bytes] = {}
        self.head = _head(directory, site)

    def prepare(self, events: list[Event]) -> None:
        """Serialise many events at once, in two processes when there are many: at
        national scale this is 30,000 VEVENTs, ten seconds for one core."""
        global _PARTS
        todo = [e for e in events if e.id not in self._events]
        workers = worker_count(len(todo), PARALLEL_MIN)
        if workers < 2:
            for e in todo:
                self.event(e)
            return
        _PARTS = (self, todo)
        try:
            size = 500
            starts = range(0, len(todo), size)
            with forked_pool(workers) as pool:
                for chunk in pool.map(_serialise, starts, [i + size for i in starts]):
                    self._events.update(chunk)
        finally:
            _PARTS = None

    def event(self, event: Event) -> bytes:
        if event.id not in self._events:
            self._events[event.id] = _ical(vevent(event, self.directory, self.site))
        return self._events[event.id]

    def zone(self, tzid: str) -> bytes:
        if tzid not in self._zones:
            self._zones[tzid] = _ical(_vtimezone(tzid, self.first, self.last))
        return self._zones[tzid]


PARALLEL_MIN = 2000
_PARTS: tuple[_Parts, list[Event]] | None = None


def _serialise(start: int, stop: int) -> dict[str, bytes]:
    """VEVENTs ``start:stop`` of the prepared list; runs in a forked worker."""
    assert _PARTS is not None
    parts, events = _PARTS
    return {e.id: _ical(vevent(e, parts.directory, parts.site)) for e in events[start:stop]}


_TEXT_PROPERTIES = ("name", "x-wr-calname", "x-wr-caldesc")
"""The head's only lines that differ from one feed to the next."""
_SLOTS = tuple(f"\r\n{key.upper()}:VBSLOT{number}\r\n".encode("ascii")
               for number, key in enumerate(_TEXT_PROPERTIES))
"""Those lines as :func:`_head` writes them, with their placeholders."""


def _head(directory: Directory, site: SiteInfo) -> bytes:
    """The library's VCALENDAR head, its three text lines holding placeholders."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    for number, key in enumerate(_TEXT_PROPERTIES):
        cal.add(key, icalendar.vText(f"VBSLOT{number}"))
    cal.add("x-wr-timezone", directory.settings.timezone)
    cal.add("refresh-interval", icalendar.vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", icalendar.vDuration(REFRESH))
    cal.add("url", site.absolute(""))
    return cal.to_ical()


FOLD_OCTETS = 75
"""The library folds a line into parts of fewer octets than this (RFC 5545: 75)."""


def _folded(line: Contentline) -> bytes:
    """A content line as the library writes it, folded.

    The library's folding walks every line a character at a time, two fifths of the
    cost of an event's entry; a line shorter than one part comes out as it went in, so
    only the longer ones are handed to it.
    """
    encoded = line.encode("utf-8")
    return encoded if len(encoded) < FOLD_OCTETS else line.to_ical()


def _ical(component: icalendar.cal.Component) -> bytes:
    """``component.to_ical()``, byte for byte, with short lines left unfolded."""
    return b"\r\n".join(_folded(line) for line in component.content_lines() if line) + b"\r\n"


def _text_line(key: str, value: str) -> bytes:
    """One text property as the library writes it in a component: escaped and folded.
    The library types these names as unknown and would write them unescaped."""
    text = icalendar.vText(_line(value))
    return _folded(Contentline.from_parts(key.upper(), text.params, text, sorted=True)) + b"\r\n"


def calendar(directory: Directory, site: SiteInfo, events: Iterable[Event], name: str,
             description: str, parts: _Parts | None = None) -> bytes:
    """A VCALENDAR with one VEVENT per event and a VTIMEZONE for every zone they use.

    The fixed head is serialised once per build (45,000 feeds at national scale); a
    feed's own name and description are serialised into it line by line.
    """
    parts = parts or _Parts(directory, site)
    events = sorted(events, key=lambda e: e.id)
    head = parts.head
    for key, slot, value in zip(_TEXT_PROPERTIES, _SLOTS, (name, name, description),
                                strict=True):
        head = head.replace(slot, b"\r\n" + _text_line(key, value), 1)
    head, end, tail = head.rpartition(b"END:VCALENDAR")
    zones = sorted({e.timezone for e in events if not e.all_day})
    body = b"".join(parts.zone(tzid) for tzid in zones)
    body += b"".join(parts.event(e) for e in events)
    return head + body + end + tail


@lru_cache(maxsize=2)
def events_by(directory: Directory) -> tuple[dict[str, list[Event]], dict[str, list[Event]]]:
    """Organizer slug -> events and topic -> events, in one pass (not one per feed: at
    national scale that would be associations × events); cached per directory object,
    as :mod:`occurrences` does."""
    by_organizer: dict[str, list[Event]] = {}
    by_topic: dict[str, list[Event]] = {}
    for e in directory.events:
        for slug in e.organizers:
            by_organizer.setdefault(slug, []).append(e)
        for topic in e.topics:
            by_topic.setdefault(topic, []).append(e)
    return by_organizer, by_topic


def calendar_files(directory: Directory, site: SiteInfo) -> tuple[list[PageSpec], list[Asset]]:
    """Producer: every feed, including empty ones, so a link on a profile never 404s."""
    lang = directory.settings.default_language
    fallbacks = directory.settings.languages
    city = directory.settings.municipality.text(lang, fallbacks)
    all_name = t(lang, "calendar.name.all", site=site.site_name)
    parts = _Parts(directory, site)
    if not site.on_request:  # a preview serialises only the events of calendars opened
        parts.prepare(list(directory.events))
    # Every calendar is made when written (in parallel at national scale, each process
    # with its own cache of serialised components), or in a preview when asked for.
    assets = [Asset(ALL_PATH, partial(calendar, directory, site, directory.events, all_name,
                                      t(lang, "calendar.description.all", city=city), parts))]
    # A calendar's events and names are found when it is made: a preview makes a few of
    # the 45,000, and a build makes them in its writing processes.
    assets += (Asset(organizer_path(a.slug), partial(_organizer_calendar, parts, a))
               for a in directory.associations)
    by_topic = events_by(directory)[1]
    for topic, term in directory.taxonomy.topics.items():
        label = term.label(lang, fallbacks)
        assets.append(Asset(topic_path(topic), partial(
            calendar, directory, site, by_topic.get(topic, []),
            t(lang, "calendar.name.topic", topic=label, site=site.site_name),
            t(lang, "calendar.description.topic", topic=label, city=city), parts)))
    assets += (Asset(event_path(e.id), partial(_event_calendar, parts, e))
               for e in directory.events)
    return [], assets


def _organizer_calendar(parts: _Parts, a: Association) -> bytes:
    directory, site = parts.directory, parts.site
    lang = directory.settings.default_language
    return calendar(directory, site, events_by(directory)[0].get(a.slug, []),
                    t(lang, "calendar.name.organizer", name=a.name),
                    t(lang, "calendar.description.organizer", name=a.name,
                      site=site.site_name), parts)


def _event_calendar(parts: _Parts, e: Event) -> bytes:
    directory, site = parts.directory, parts.site
    lang = directory.settings.default_language
    name = e.title.text(lang, directory.settings.languages)
    return calendar(directory, site, [e], name,
                    f"{name} – {t(lang, 'events.title')} – {site.site_name}", parts)
