"""Occurrences: repeating rules expanded in the event's timezone, exceptions removed, and
the upcoming/past split for a fixed build date. Pure Python, no site is built."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sitetools import REPO
from verbund import open_directory
from verbund.model import Address, Directory, Event, I18n, Location, Settings, Taxonomy
from verbund.occurrences import (
    all_occurrences,
    between,
    by_event,
    excluded,
    expand,
    leading,
    past,
    upcoming,
    window_end,
)
from verbund.values import parse_when

TODAY = date(2026, 11, 23)
BERLIN = ZoneInfo("Europe/Berlin")
FAR = date(2030, 1, 1)


def event(start: str, end: str | None = None, *, repeat: str | None = None,
          exceptions: tuple[str, ...] = (), tz: str = "Europe/Berlin", id: str = "e",
          status: str = "scheduled") -> Event:
    """An event as the model builds it from a record (times read like the loader reads them)."""
    zone = ZoneInfo(tz)
    return Event(
        id=id, path=f"directory/events/{id}.yml", title=I18n({"de": id}),
        start=parse_when(start, zone), end=parse_when(end, zone) if end else None,
        organizers=("verein",), format="workshop",
        location=Location(address=Address("Marktgasse 1", "34117", "Auenfurt")),
        timezone=tz, repeat=repeat, exceptions=tuple(date.fromisoformat(x) for x in exceptions),
        status=status,
    )


def directory(*events: Event, today: date = TODAY, tz: str = "Europe/Berlin",
              months: int = 12) -> Directory:
    return Directory(
        settings=Settings(municipality=I18n("Auenfurt"), timezone=tz, event_window_months=months),
        taxonomy=Taxonomy({}, {}, {}, {}, {}, {}), associations=(), events=events,
        newsletters=(), today=today,
    )


def utc(o: object) -> datetime:
    return o.start.astimezone(UTC)  # type: ignore[attr-defined]


# --- repetition across the clock changes ---------------------------------------------


def test_weekly_rule_keeps_local_time_across_october_change() -> None:
    e = event("2026-10-15T18:00", "2026-10-15T20:00", repeat="FREQ=WEEKLY;BYDAY=TH;COUNT=3")
    items = expand(e, FAR)
    assert [o.start.time() for o in items] == [time(18, 0)] * 3  # type: ignore[union-attr]
    # Summer time (UTC+2) on 15 and 22 October, winter time (UTC+1) from 29 October.
    assert [utc(o) for o in items] == [datetime(2026, 10, 15, 16, tzinfo=UTC),
                                       datetime(2026, 10, 22, 16, tzinfo=UTC),
                                       datetime(2026, 10, 29, 17, tzinfo=UTC)]
    assert [o.end.hour for o in items] == [20, 20, 20]  # type: ignore[union-attr]


def test_weekly_rule_keeps_local_time_across_march_change() -> None:
    e = event("2027-03-18T19:00", "2027-03-18T21:00", repeat="FREQ=WEEKLY;BYDAY=TH;COUNT=3")
    assert [utc(o) for o in expand(e, FAR)] == [datetime(2027, 3, 18, 18, tzinfo=UTC),
                                                datetime(2027, 3, 25, 18, tzinfo=UTC),
                                                datetime(2027, 4, 1, 17, tzinfo=UTC)]


def test_demo_language_cafe_is_at_18_local_before_and_after_both_changes() -> None:
    d, _ = open_directory(REPO, today=TODAY)
    assert d is not None
    dates = {o.first_day: o for o in by_event(d)["sprachcafe-international"]}
    for day, hour_utc in ((date(2026, 10, 22), 16), (date(2026, 10, 29), 17),
                          (date(2027, 3, 25), 17), (date(2027, 4, 1), 16)):
        assert utc(dates[day]).hour == hour_utc, day
    # except: [2026-12-24, 2026-12-31]
    assert date(2026, 12, 24) not in dates and date(2026, 12, 31) not in dates
    assert date(2027, 1, 7) in dates


# --- COUNT, UNTIL, BYDAY, except -----------------------------------------------------


def test_count_with_first_saturday_and_an_exception() -> None:
    e = event("2026-09-05T09:30", "2026-09-05T12:00", repeat="FREQ=MONTHLY;BYDAY=1SA;COUNT=12",
              exceptions=("2027-01-02",))
    days = [o.first_day for o in expand(e, FAR)]
    assert len(days) == 11  # COUNT counts the excluded date too (RFC 5545)
    assert days[:5] == [date(2026, 9, 5), date(2026, 10, 3), date(2026, 11, 7),
                        date(2026, 12, 5), date(2027, 2, 6)]
    assert days[-1] == date(2027, 8, 7)
    assert all(d.weekday() == 5 and d.day <= 7 for d in days)


def test_last_wednesday_of_the_month() -> None:
    e = event("2026-10-28T18:30", repeat="FREQ=MONTHLY;BYDAY=-1WE;COUNT=4")
    assert [o.first_day for o in expand(e, FAR)] == [
        date(2026, 10, 28), date(2026, 11, 25), date(2026, 12, 30), date(2027, 1, 27)]


def test_until_in_utc_is_inclusive_of_the_last_local_date() -> None:
    e = event("2026-10-06T10:00", "2026-10-06T11:30",
              repeat="FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630T235959Z",
              exceptions=("2026-12-22", "2026-12-29"))
    days = [o.first_day for o in expand(e, FAR)]
    assert days[0] == date(2026, 10, 6) and days[-1] == date(2027, 6, 29)
    assert date(2026, 12, 22) not in days and date(2026, 12, 29) not in days
    assert date(2027, 1, 5) in days


def test_several_weekdays_and_interval() -> None:
    e = event("2026-11-02T17:00", repeat="FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=4")
    assert [o.first_day for o in expand(e, FAR)] == [
        date(2026, 11, 2), date(2026, 11, 4), date(2026, 11, 16), date(2026, 11, 18)]


def test_excluded_lists_exactly_the_removed_starts() -> None:
    e = event("2026-09-03T18:00", repeat="FREQ=WEEKLY;BYDAY=TH",
              exceptions=("2026-12-24", "2026-12-25", "2026-12-31"))
    # 25 December is a Friday: the rule does not meet then, so nothing is removed for it.
    assert excluded(e) == [datetime(2026, 12, 24, 18, tzinfo=BERLIN),
                           datetime(2026, 12, 31, 18, tzinfo=BERLIN)]
    assert excluded(event("2026-09-03T18:00")) == []


def test_excluded_all_day_dates_are_dates() -> None:
    e = event("2026-12-06", repeat="FREQ=WEEKLY;BYDAY=SU;COUNT=4", exceptions=("2026-12-20",))
    assert excluded(e) == [date(2026, 12, 20)]
    assert [o.start for o in expand(e, FAR)] == [date(2026, 12, 6), date(2026, 12, 13),
                                                date(2026, 12, 27)]


# --- all-day, multi-day --------------------------------------------------------------


def test_all_day_multi_day_keeps_its_inclusive_end() -> None:
    (o,) = expand(event("2026-11-26", "2026-12-23"), FAR)
    assert o.all_day and (o.first_day, o.last_day) == (date(2026, 11, 26), date(2026, 12, 23))


def test_repeating_multi_day_event_moves_its_end_with_it() -> None:
    e = event("2026-12-04", "2026-12-06", repeat="FREQ=MONTHLY;BYDAY=1FR;COUNT=2")
    assert [(o.start, o.end) for o in expand(e, FAR)] == [
        (date(2026, 12, 4), date(2026, 12, 6)), (date(2027, 1, 1), date(2027, 1, 3))]


def test_timed_event_over_midnight() -> None:
    (o,) = expand(event("2026-12-31T20:00", "2027-01-01T02:00"), FAR)
    assert (o.first_day, o.last_day) == (date(2026, 12, 31), date(2027, 1, 1))


# --- offsets and other timezones -----------------------------------------------------


def test_explicit_offset_keeps_the_instant_and_shows_local_time() -> None:
    (o,) = expand(event("2026-12-03T18:00+01:00", "2026-12-03T20:00+01:00"), FAR)
    assert utc(o) == datetime(2026, 12, 3, 17, tzinfo=UTC)
    assert o.start.tzinfo == BERLIN and o.start.hour == 18  # type: ignore[union-attr]
    # +01:00 written for a summer date is 19:00 on the Berlin clock, the same instant.
    (summer,) = expand(event("2026-07-01T18:00+01:00"), FAR)
    assert utc(summer) == datetime(2026, 7, 1, 17, tzinfo=UTC)
    assert summer.start.hour == 19  # type: ignore[union-attr]
    (z,) = expand(event("2026-12-03T17:00Z"), FAR)
    assert z.start == o.start


def test_offset_start_of_a_rule_repeats_on_the_local_clock() -> None:
    e = event("2026-10-22T18:00+02:00", repeat="FREQ=WEEKLY;COUNT=2")
    assert [o.start.hour for o in expand(e, FAR)] == [18, 18]  # type: ignore[union-attr]
    assert [utc(o).hour for o in expand(e, FAR)] == [16, 17]


def test_other_timezone_repeats_in_its_own_clock() -> None:
    e = event("2027-01-16T18:30", "2027-01-16T20:00", tz="Asia/Colombo",
              repeat="FREQ=WEEKLY;COUNT=2")
    items = expand(e, FAR)
    assert [utc(o) for o in items] == [datetime(2027, 1, 16, 13, tzinfo=UTC),
                                       datetime(2027, 1, 23, 13, tzinfo=UTC)]
    assert str(items[0].start.tzinfo) == "Asia/Colombo"  # type: ignore[union-attr]


def test_new_york_rule_follows_american_clock_changes() -> None:
    e = event("2027-03-07T19:00", tz="America/New_York", repeat="FREQ=WEEKLY;COUNT=2")
    # The USA change on 14 March 2027, two weeks before Europe.
    assert [utc(o).hour for o in expand(e, FAR)] == [0, 23]


def test_the_same_instant_in_two_zones_repeats_on_each_clock() -> None:
    """Expanded rules are kept between builds; the same instant written in two zones
    (equal as date-times) must still repeat by each zone's own clock changes."""
    berlin = event("2027-03-07T03:00", tz="Europe/Berlin", repeat="FREQ=WEEKLY;COUNT=4")
    new_york = event("2027-03-06T21:00", tz="America/New_York", repeat="FREQ=WEEKLY;COUNT=4")
    assert berlin.start == new_york.start
    assert [utc(o).hour for o in expand(berlin, FAR)] == [2, 2, 2, 1]
    assert [utc(o).hour for o in expand(new_york, FAR)] == [2, 2, 1, 1]
    assert [str(o.start.tzinfo) for o in expand(new_york, FAR)] == ["America/New_York"] * 4


def test_a_kept_expansion_is_cut_at_each_horizon() -> None:
    e = event("2026-09-03T18:00", repeat="FREQ=WEEKLY;BYDAY=TH")
    assert len(expand(e, date(2026, 9, 30))) == 4
    assert len(expand(e, date(2026, 10, 31))) == 9
    assert len(expand(e, date(2026, 9, 30))) == 4


# --- window, order and the upcoming/past split -----------------------------------------


def test_open_ended_rule_stops_at_the_window() -> None:
    e = event("2026-09-03T18:00", repeat="FREQ=WEEKLY;BYDAY=TH")
    d = directory(e, months=3)
    assert window_end(d) == date(2027, 2, 23)
    assert all_occurrences(d)[-1].first_day == date(2027, 2, 18)


def test_window_end_is_a_real_date_at_month_ends() -> None:
    assert window_end(directory(today=date(2026, 1, 31), months=1)) == date(2026, 2, 28)
    assert window_end(directory(today=date(2026, 12, 15), months=12)) == date(2027, 12, 15)


def test_single_events_are_kept_whatever_their_date() -> None:
    d = directory(event("2019-05-01T10:00", id="old"), event("2031-05-01", id="far"))
    assert [o.event.id for o in all_occurrences(d)] == ["old", "far"]


def test_upcoming_and_past_split_on_the_build_date() -> None:
    d = directory(
        event("2026-11-22T10:00", "2026-11-22T12:00", id="yesterday"),
        event("2026-11-23T08:00", "2026-11-23T09:00", id="this-morning"),
        event("2026-11-20", "2026-11-25", id="ongoing"),
        event("2026-11-20", "2026-11-22", id="ended"),
        event("2026-11-24T10:00", id="tomorrow", status="cancelled"),
        event("2026-11-16T18:00", repeat="FREQ=WEEKLY;COUNT=3", id="weekly"),
    )
    assert {o.event.id for o in past(d)} == {"yesterday", "ended", "weekly"}
    coming = upcoming(d)
    assert [o.event.id for o in coming] == ["ongoing", "this-morning", "weekly", "tomorrow",
                                            "weekly"]
    assert [o.first_day for o in coming if o.event.id == "weekly"] == [TODAY, date(2026, 11, 30)]
    assert upcoming(d, limit=2) == coming[:2]
    # Nothing is lost: every occurrence is exactly one of the two.
    assert len(past(d)) + len(coming) == len(all_occurrences(d))


def test_an_event_page_leads_with_the_next_date_else_the_last_one() -> None:
    d = directory(
        event("2026-11-16T18:00", repeat="FREQ=WEEKLY;COUNT=3", id="weekly"),
        event("2026-11-02T18:00", repeat="FREQ=WEEKLY;COUNT=3", id="over"),
        event("2026-11-20", "2026-11-25", id="ongoing"),
        event("2027-06-01", repeat="FREQ=YEARLY", id="beyond"),
    )
    lead = leading(d)
    assert {k: (o.first_day, o.event.id) for k, o in lead.items()} == {
        "weekly": (TODAY, "weekly"),  # today's, not last week's or next week's
        "over": (date(2026, 11, 16), "over"),  # all past: the most recent
        "ongoing": (date(2026, 11, 20), "ongoing"),
        "beyond": (date(2027, 6, 1), "beyond"),
    }
    outside = directory(event("2028-01-01", repeat="FREQ=YEARLY", id="later"), months=3)
    assert leading(outside) == {}  # no date in the window: the page leads with none


def test_split_uses_the_sites_clock_not_the_events() -> None:
    d = directory(
        # 01:00–03:00 in Colombo on the 23rd is 20:30–22:30 in Berlin on the 22nd: past.
        event("2026-11-23T01:00", "2026-11-23T03:00", tz="Asia/Colombo", id="colombo"),
        # 20:00–22:00 in New York on the 22nd ends at 04:00 on the 23rd in Berlin: upcoming.
        event("2026-11-22T20:00", "2026-11-22T22:00", tz="America/New_York", id="new-york"),
    )
    assert [o.event.id for o in past(d)] == ["colombo"]
    assert [o.event.id for o in upcoming(d)] == ["new-york"]


def test_order_mixes_all_day_and_timed_events_by_time() -> None:
    d = directory(event("2026-12-05T10:00", id="b-timed"), event("2026-12-05", id="c-day"),
                  event("2026-12-04T23:00", id="a-evening"))
    assert [o.event.id for o in all_occurrences(d)] == ["a-evening", "c-day", "b-timed"]


def _edge_directory() -> Directory:
    """Events at the edges of a day in the zones furthest from UTC, long and repeating."""
    return directory(
        event("2026-12-01T00:30", id="kiritimati-early", tz="Pacific/Kiritimati"),  # UTC+14
        event("2026-11-30T23:30", id="pago-late", tz="Pacific/Pago_Pago"),  # UTC-11
        event("2026-11-20", "2026-12-10", id="three-weeks"),
        event("2026-11-01T18:00", "2026-11-30T23:00", id="month-long"),
        event("2026-11-02T19:00", repeat="FREQ=WEEKLY;COUNT=12", id="weekly"),
        event("2026-11-29", repeat="FREQ=DAILY;COUNT=5", id="daily-all-day",
              tz="America/Los_Angeles"),
        event("2026-12-02T23:59", id="after", tz="Asia/Colombo"),
        event("2026-11-29T00:00", id="before-midnight-ny", tz="America/New_York"),
    )


@pytest.mark.parametrize(("first", "last"), [
    (date(2026, 11, 30), date(2026, 12, 1)),
    (date(2026, 12, 1), date(2026, 12, 1)),
    (date(2026, 11, 29), date(2026, 11, 29)),
    (date(2026, 12, 10), date(2026, 12, 31)),
    (date(2025, 1, 1), date(2025, 12, 31)),
    (date(2026, 11, 1), date(2027, 3, 1)),
])
def test_between_finds_exactly_what_a_full_scan_finds(first: date, last: date) -> None:
    d = _edge_directory()
    scan = [o for o in all_occurrences(d) if o.last_day >= first and o.first_day <= last]
    assert between(d, first, last) == scan


def test_between_keeps_events_begun_long_before() -> None:
    found = {o.event.id for o in between(_edge_directory(), date(2026, 12, 9), date(2026, 12, 9))}
    assert found == {"three-weeks"}
    on_30th = {o.event.id for o in between(_edge_directory(), date(2026, 11, 30),
                                            date(2026, 11, 30))}
    assert on_30th == {"month-long", "three-weeks", "daily-all-day", "weekly", "pago-late"}


@pytest.mark.parametrize(("event_id", "first", "count"), [
    ("fair-fruehstueck-rosenhoehe", date(2026, 12, 5), 8),   # Dec–Aug minus 2 January
    ("ag-antirassismus", date(2026, 11, 25), 9),             # COUNT=10 from October
    ("netzwerk-fluechtlingshilfe-treffen", date(2027, 1, 20), 11),  # no 16 December
])
def test_demo_rules_on_the_fixed_today(event_id: str, first: date, count: int) -> None:
    d, _ = open_directory(REPO, today=TODAY)
    assert d is not None
    coming = [o for o in upcoming(d) if o.event.id == event_id]
    assert coming[0].first_day == first
    assert len(coming) == count
