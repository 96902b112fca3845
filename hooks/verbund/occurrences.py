"""Events as dated occurrences: repeating rules expanded, exceptions removed.

Repeating events are expanded in their own timezone from a timezone-aware start, so a
meeting at 19:00 stays at 19:00 local time across the March and October clock changes
(RFC 5545 semantics for a DTSTART with TZID). All-day events are dates; their ``end``
is the last day, inclusive, as people write it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from .model import Directory, Event

MAX_OCCURRENCES = 1000
"""Per event: a daily rule without end would otherwise fill the calendar for years."""


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


def window_end(directory: Directory) -> date:
    """How far ahead repeating events are listed (``settings.event_window_months``)."""
    today = directory.today
    months = today.month - 1 + directory.settings.event_window_months
    year, month = today.year + months // 12, months % 12 + 1
    return date(year, month, min(today.day, 28))


def expand(event: Event, until: date) -> list[Occurrence]:
    """The occurrences of one event that start on or before ``until``."""
    duration = (event.end - event.start) if event.end is not None else None  # type: ignore[operator]
    if not event.repeat:
        return [Occurrence(event, event.start, event.end)]
    if isinstance(event.start, datetime):
        dtstart = event.start
        limit = datetime.combine(until, time.max, tzinfo=event.start.tzinfo)
    else:
        dtstart = datetime.combine(event.start, time.min)
        limit = datetime.combine(until, time.max)
    rule = rrulestr(event.repeat, dtstart=dtstart, cache=False)
    skip = set(event.exceptions)
    result: list[Occurrence] = []
    for start in rule.xafter(dtstart, count=MAX_OCCURRENCES, inc=True):
        if start > limit:
            break
        local: date | datetime = start if isinstance(event.start, datetime) else start.date()
        day = local.date() if isinstance(local, datetime) else local
        if day in skip:
            continue
        end = local + duration if duration is not None else None  # type: ignore[operator]
        result.append(Occurrence(event, local, end))
    return result


def _sort_key(o: Occurrence) -> tuple[datetime, str]:
    start = o.start
    if not isinstance(start, datetime):  # all-day: from midnight in the event's timezone
        start = datetime.combine(start, time.min, tzinfo=ZoneInfo(o.event.timezone))
    return start, o.event.id


@lru_cache(maxsize=2)
def all_occurrences(directory: Directory) -> tuple[Occurrence, ...]:
    """Every occurrence up to the end of the window, in time order.

    Cached per directory object (hashed by identity): a directory is immutable and
    rebuilt on every build, so the cache can never serve an old calendar.
    """
    until = window_end(directory)
    items = [o for e in directory.events for o in expand(e, until)]
    items.sort(key=_sort_key)
    return tuple(items)


def upcoming(directory: Directory, limit: int | None = None) -> list[Occurrence]:
    """Occurrences that have not ended before today (ongoing ones included)."""
    today = directory.today
    items = [o for o in all_occurrences(directory) if o.last_day >= today]
    return items[:limit] if limit is not None else items


def past(directory: Directory) -> list[Occurrence]:
    today = directory.today
    return [o for o in all_occurrences(directory) if o.last_day < today]


def next_day(value: date) -> date:
    return value + timedelta(days=1)
