"""Events as dated occurrences: repeating rules expanded, exceptions removed.

Repeating events are expanded in their own timezone from a timezone-aware start, so a
meeting at 19:00 stays at 19:00 local time across the March and October clock changes
(RFC 5545 semantics for a DTSTART with TZID). A start written with an explicit offset
(``18:00+01:00``) is first moved into the event's timezone: the instant stays exactly
what the record says, and the pages, the calendars and the repetition all agree on one
local time. All-day events are dates; their ``end`` is the last day, inclusive, as
people write it.

Pages and calendar files get their occurrences only from here, so "upcoming" means the
same thing everywhere for one build date.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache, partial
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from .model import Directory, Event, kept

MAX_STEPS = 20_000
"""Per event, how many instances of a rule are generated at most: an open-ended rule with
a small interval (hourly, minutely) would otherwise keep the build busy for minutes.
Weekly meetings over 380 years, or daily ones over 50, fit well inside."""


@dataclass(frozen=True, slots=True)
class Occurrence:
    event: Event
    start: date | datetime
    end: date | datetime | None

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def first_day(self) -> date:
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def last_day(self) -> date:
        end = self.end or self.start
        return end.date() if isinstance(end, datetime) else end

    @property
    def cancelled(self) -> bool:
        return self.event.status == "cancelled"

    @property
    def key(self) -> str:
        """Stable id of one occurrence: the event id and the start's local date/time."""
        stamp = (self.start.strftime("%Y%m%dT%H%M") if isinstance(self.start, datetime)
                 else self.start.strftime("%Y%m%d"))
        return f"{self.event.id}-{stamp}"

    def last_day_in(self, tz: ZoneInfo) -> date:
        """The day the occurrence ends on in ``tz`` (the site's calendar decides past or
        upcoming, not the event's: an evening in Colombo is an afternoon in Berlin).
        """
        end = self.end or self.start
        return end.astimezone(tz).date() if isinstance(end, datetime) else end


def local(value: date | datetime, event: Event) -> date | datetime:
    """A record's date-time in the event's own timezone (dates stay dates)."""
    return value.astimezone(ZoneInfo(event.timezone)) if isinstance(value, datetime) else value


def window_end(directory: Directory) -> date:
    """How far ahead repeating events are listed (``settings.event_window_months``)."""
    today = directory.today
    months = today.month - 1 + directory.settings.event_window_months
    year, month = today.year + months // 12, months % 12 + 1
    return date(year, month, min(today.day, 28))


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


@lru_cache(maxsize=1 << 14)
def _starts(repeat: str, wall: datetime, fold: int, zone: str | None,
            until: date) -> tuple[date | datetime, ...]:
    """The starts of a rule up to the day ``until``: a function of its arguments alone,
    so kept (the preview of ``mkdocs serve`` rebuilds the same 30,000 events after
    every edit, and expanding them is dateutil's work of a second and a half).

    The start is given as its wall-clock time, fold and zone name: aware date-times are
    equal when their instants are, and 19:00 in Berlin is not 18:00 in London for a rule
    that repeats across their different clock changes. ``zone`` None is an all-day rule.
    """
    dtstart = wall.replace(fold=fold, tzinfo=ZoneInfo(zone) if zone else None)
    result: list[date | datetime] = []
    # ``repeat`` already passed validation with the same parser, so it cannot fail here.
    rule: rrule = rrulestr(repeat, dtstart=dtstart, cache=False)  # type: ignore[assignment]
    for step, start in enumerate(rule):
        instance = start if zone else start.date()
        if step >= MAX_STEPS or _day(instance) > until:
            break
        result.append(instance)
    return tuple(result)


def _rule_starts(event: Event, until: date) -> tuple[date | datetime, ...]:
    """The starts of the event's rule up to the day ``until``, exceptions included: the
    rule anchored at the event's local start (all-day rules on naive midnights)."""
    assert event.repeat is not None
    start = local(event.start, event)
    if isinstance(start, datetime):
        return _starts(event.repeat, start.replace(tzinfo=None), start.fold, event.timezone,
                       until)
    return _starts(event.repeat, datetime.combine(start, time.min), 0, None, until)


def expand(event: Event, until: date) -> list[Occurrence]:
    """The occurrences of one event that start on or before ``until``.

    A single event is returned whatever its date: only repetition needs a horizon.
    """
    start, end = local(event.start, event), local(event.end, event) if event.end else None
    if not event.repeat:
        return [Occurrence(event, start, end)]
    duration = end - start if end is not None else None  # type: ignore[operator]
    skip = set(event.exceptions)
    result: list[Occurrence] = []
    for instance in _rule_starts(event, until):
        if _day(instance) in skip:
            continue
        finish = instance + duration if duration is not None else None  # type: ignore[operator]
        result.append(Occurrence(event, instance, finish))
    return result


def excluded(event: Event) -> list[date | datetime]:
    """The rule's starts that ``except`` removes: exactly what iCalendar's EXDATE lists.

    Exceptions are whole days (that is how people write them), so a rule with several
    starts on one day loses all of them; a date on which the rule does not meet at all
    removes nothing and is left out.
    """
    if not event.repeat or not event.exceptions:
        return []
    skip = set(event.exceptions)
    return [i for i in _rule_starts(event, max(skip)) if _day(i) in skip]


def sort_key(o: Occurrence) -> tuple[datetime, str]:
    """Time order over timed and all-day occurrences alike (a day starts at midnight)."""
    start = o.start
    if not isinstance(start, datetime):
        start = datetime.combine(start, time.min, tzinfo=ZoneInfo(o.event.timezone))
    return start, o.event.id


@lru_cache(maxsize=2)
def all_occurrences(directory: Directory) -> tuple[Occurrence, ...]:
    """Every occurrence up to the end of the window, in time order.

    Cached per directory object (hashed by identity): a directory is immutable and
    rebuilt on every build, so the cache can never serve an old calendar.
    """
    until = window_end(directory)
    items: list[Occurrence] = []
    keys: list[tuple[datetime, str]] = []
    for e in directory.events:
        # Kept with the event object (a preview's unchanged events: model.kept).
        made, made_keys = kept(e, ("occurrences", until), partial(_expand_keyed, e, until))
        items += made
        keys += made_keys
    order = sorted(range(len(items)), key=keys.__getitem__)
    return tuple([items[i] for i in order])


def _expand_keyed(event: Event, until: date
                  ) -> tuple[list[Occurrence], list[tuple[datetime, str]]]:
    made = expand(event, until)
    return made, [sort_key(o) for o in made]


@lru_cache(maxsize=2)
def by_event(directory: Directory) -> Mapping[str, tuple[Occurrence, ...]]:
    """Event id -> its occurrences in time order (an event page needs only its own)."""
    result: dict[str, list[Occurrence]] = {e.id: [] for e in directory.events}
    for o in all_occurrences(directory):
        result[o.event.id].append(o)
    return {k: tuple(x) for k, x in result.items()}


@lru_cache(maxsize=2)
def longest(directory: Directory) -> timedelta:
    """The longest time any event lasts (cached per directory object, as above)."""
    spans = (e.end - e.start for e in directory.events  # type: ignore[operator]
             if e.end is not None and type(e.end) is type(e.start))
    return max(spans, default=timedelta(0))


def _instant(o: Occurrence) -> datetime:
    return sort_key(o)[0]


def between(directory: Directory, first: date, last: date) -> list[Occurrence]:
    """The occurrences on any day from ``first`` to ``last`` (inclusive), in time order.

    Found by bisection in the sorted list: a newsletter digest asks this of 74,000
    occurrences five times per issue. An occurrence's days are its own timezone's, at
    most 14 hours from UTC, so a margin of two days around the UTC instants (and the
    longest event before them) finds every candidate; the exact test then decides.
    """
    items = all_occurrences(directory)
    margin = timedelta(days=2)
    low = datetime.combine(first - longest(directory) - margin, time.min, UTC)
    high = datetime.combine(last + margin, time.min, UTC)
    lo = bisect_left(items, low, key=_instant)
    hi = bisect_right(items, high, lo=lo, key=_instant)
    return [o for o in items[lo:hi] if o.last_day >= first and o.first_day <= last]


def is_upcoming(o: Occurrence, directory: Directory) -> bool:
    """Not ended before today in the site's timezone: today's and ongoing ones count."""
    return o.last_day_in(directory.settings.tz) >= directory.today


@lru_cache(maxsize=2)
def _split(directory: Directory) -> tuple[tuple[Occurrence, ...], tuple[Occurrence, ...]]:
    """(upcoming, past), each in time order: asked for by the home page, the overview,
    the listings and the feeds, and cached per directory object as above."""
    coming: list[Occurrence] = []
    gone: list[Occurrence] = []
    for o in all_occurrences(directory):
        (coming if is_upcoming(o, directory) else gone).append(o)
    return tuple(coming), tuple(gone)


@lru_cache(maxsize=2)
def leading(directory: Directory) -> Mapping[str, Occurrence]:
    """Event id -> the date its page leads with: the next one, else the most recent one
    (none for an event without a date in the window). Decided once per build: 60,000
    event pages ask, and deciding per page meant 220,000 time zone conversions."""
    result: dict[str, Occurrence] = {}
    for o in _split(directory)[0]:
        result.setdefault(o.event.id, o)
    for event_id, items in by_event(directory).items():
        if items and event_id not in result:
            result[event_id] = items[-1]
    return result


def upcoming(directory: Directory, limit: int | None = None) -> list[Occurrence]:
    """Occurrences that have not ended before today (ongoing ones included)."""
    items = _split(directory)[0]
    return list(items[:limit] if limit is not None else items)


def past(directory: Directory) -> list[Occurrence]:
    return list(_split(directory)[1])


def next_day(value: date) -> date:
    return value + timedelta(days=1)
