"""iCalendar feeds: every file parses back, matches the records, expands the same way in a
second parser, keeps stable UIDs and identical bytes, and escapes text."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
from sitetools import REPO, SITE_URL
from verbund import open_directory
from verbund.calendar_ics import calendar_files, vevent
from verbund.model import Directory
from verbund.occurrences import all_occurrences, upcoming, window_end
from verbund.render import SiteInfo

TODAY = date(2026, 11, 23)
DOMAIN = "verbund.example.org"
SITE_NAME = re.search(r"^site_name: (.+)$", (REPO / "mkdocs.yml").read_text("utf-8"), re.M)[1]
SITE = SiteInfo(site_url=SITE_URL, site_name=SITE_NAME)  # as the build sees it
STATUS = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}


@pytest.fixture(scope="module")
def model() -> Directory:
    d, problems = open_directory(REPO, today=TODAY)
    assert d is not None, [p.text() for p in problems]
    return d


def parse(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def by_uid(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


def exdates(ev: icalendar.Event) -> list[date | datetime]:
    value = ev.get("EXDATE")
    if value is None:
        return []
    return [d.dt for item in (value if isinstance(value, list) else [value]) for d in item.dts]


def as_utc(value: date | datetime) -> date | datetime:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def text(value: object) -> str:
    """A calendar-level name: the library keeps X- properties raw; unescape them as TEXT
    (RFC 5545 3.3.11), as calendar apps do."""
    raw = value.to_ical() if hasattr(value, "to_ical") else value
    raw = raw.decode() if isinstance(raw, bytes) else str(raw)
    return re.sub(r"\\([\\,;nN])", lambda m: "\n" if m[1] in "nN" else m[1], raw)


# --- the files ---------------------------------------------------------------------


def test_every_feed_of_the_contract_exists_and_parses(demo_site: Path, model: Directory) -> None:
    expected = {"events.ics"}
    expected |= {f"directory/{a.slug}/events.ics" for a in model.associations}
    expected |= {f"events/topics/{t}.ics" for t in model.taxonomy.topics}
    expected |= {f"events/{e.id}/event.ics" for e in model.events}
    found = {p.relative_to(demo_site).as_posix() for p in demo_site.rglob("*.ics")}
    assert found == expected
    for path in sorted(found):
        raw = (demo_site / path).read_bytes()
        assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
        assert all(len(line) <= 75 for line in raw.split(b"\r\n")), path  # folded (RFC 5545)
        cal = parse(demo_site / path)
        assert str(cal["VERSION"]) == "2.0" and "PRODID" in cal
        assert text(cal["X-WR-CALNAME"]) and str(cal["METHOD"]) == "PUBLISH"
        assert cal.get_missing_tzids() == set(), path  # a VTIMEZONE for every TZID used
        for ev in cal.walk("VEVENT"):
            for prop in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "URL", "STATUS"):
                assert prop in ev, (path, prop)


def test_all_events_feed_holds_one_vevent_per_record(demo_site: Path, model: Directory) -> None:
    cal = parse(demo_site / "events.ics")
    assert len(cal.walk("VEVENT")) == len(model.events) == 40
    assert set(by_uid(cal)) == {f"{e.id}@{DOMAIN}" for e in model.events}
    assert text(cal["X-WR-CALNAME"]) == f"{SITE_NAME} – Termine"
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/Berlin"
    assert {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")} == {"Europe/Berlin", "Asia/Colombo"}


def test_vevents_match_the_records(demo_site: Path, model: Directory) -> None:
    events = by_uid(parse(demo_site / "events.ics"))
    for e in model.events:
        ev = events[f"{e.id}@{DOMAIN}"]
        start, end = ev["DTSTART"].dt, ev["DTEND"].dt if "DTEND" in ev else None
        if e.all_day:
            assert (start, end) == (e.start, (e.end or e.start) + timedelta(days=1)), e.id
            assert ev["DTSTART"].params["VALUE"] == "DATE"
        else:
            assert as_utc(start) == as_utc(e.start), e.id
            assert end is None or as_utc(end) == as_utc(e.end), e.id  # type: ignore[arg-type]
            assert ev["DTSTART"].params["TZID"] == e.timezone, e.id
        if e.repeat:
            assert ev["RRULE"] == icalendar.vRecur.from_ical(e.repeat), e.id
            days = {x.date() if isinstance(x, datetime) else x for x in exdates(ev)}
            assert days == set(e.exceptions), e.id  # every demo exception hits a date
            if not e.all_day:  # EXDATE at the start's local time, in the same zone
                assert {(x.hour, x.minute, str(x.tzinfo)) for x in exdates(ev)} <= {
                    (start.hour, start.minute, e.timezone)}
        else:
            assert "RRULE" not in ev and "EXDATE" not in ev, e.id
        assert str(ev["STATUS"]) == STATUS[e.status]
        assert e.title.text("de") in str(ev["SUMMARY"])
        assert str(ev["URL"]) == f"{SITE_URL}events/{e.id}/"
        assert f"{SITE_URL}events/{e.id}/" in str(ev["DESCRIPTION"])
        assert ev["DTSTAMP"].dt == datetime(2026, 11, 23, tzinfo=UTC)  # no git history here
        if e.location.geo:
            assert (ev["GEO"].latitude, ev["GEO"].longitude) == (e.location.geo.lat,
                                                                 e.location.geo.lon)
        if e.location.name:
            assert str(ev["LOCATION"]).startswith(e.location.name)
        assert str(ev["TRANSP"]) == "TRANSPARENT"


@pytest.mark.parametrize(("event_id", "start", "end"), [
    # explicit +01:00 offsets
    ("info-aufenthaltsrecht-dezember-2026", datetime(2026, 12, 3, 17, tzinfo=UTC),
     datetime(2026, 12, 3, 19, tzinfo=UTC)),
    ("vortrag-lieferketten", datetime(2027, 2, 11, 18, tzinfo=UTC),
     datetime(2027, 2, 11, 20, tzinfo=UTC)),
    # Asia/Colombo, UTC+05:30
    ("online-schulpartnerschaft-jaffna", datetime(2027, 1, 16, 13, tzinfo=UTC),
     datetime(2027, 1, 16, 14, 30, tzinfo=UTC)),
    # summer time in Berlin (UTC+2)
    ("cup-der-vielfalt-2027", datetime(2027, 7, 3, 8, tzinfo=UTC),
     datetime(2027, 7, 3, 16, tzinfo=UTC)),
    # all-day, end exclusive
    ("weltladen-weihnachtsmarkt-2026", date(2026, 11, 26), date(2026, 12, 24)),
])
def test_right_instants(demo_site: Path, event_id: str, start: date, end: date) -> None:
    for path in ("events.ics", f"events/{event_id}/event.ics"):
        ev = by_uid(parse(demo_site / path))[f"{event_id}@{DOMAIN}"]
        assert (as_utc(ev["DTSTART"].dt), as_utc(ev["DTEND"].dt)) == (start, end)


def test_raw_lines_of_a_repeating_event(demo_site: Path) -> None:
    raw = (demo_site / "events/frauen-sprachcafe/event.ics").read_bytes().decode("utf-8")
    lines = raw.replace("\r\n ", "").split("\r\n")  # unfolded
    assert "DTSTART;TZID=Europe/Berlin:20261006T100000" in lines
    assert "RRULE:FREQ=WEEKLY;UNTIL=20270630T235959Z;BYDAY=TU" in lines
    assert "EXDATE;TZID=Europe/Berlin:20261222T100000,20261229T100000" in lines
    assert "BEGIN:VTIMEZONE" in lines and "TZID:Europe/Berlin" in lines
    assert "REFRESH-INTERVAL;VALUE=DURATION:P1D" in lines


def test_cancelled_and_postponed_are_marked(demo_site: Path) -> None:
    events = by_uid(parse(demo_site / "events.ics"))
    cancelled = events[f"exkursion-kaffeeroesterei@{DOMAIN}"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["SUMMARY"]).startswith("Abgesagt: ")
    assert "ABGESAGT" in str(cancelled["DESCRIPTION"])
    postponed = events[f"open-space-eine-welt-vor-ort@{DOMAIN}"]
    assert str(postponed["STATUS"]) == "TENTATIVE"
    assert str(postponed["SUMMARY"]).startswith("Verschoben: ")


# --- a second parser ---------------------------------------------------------------


def instants(cal: icalendar.Calendar, start: date, end: date) -> set[tuple[str, object]]:
    return {(str(ev["UID"]).split("@")[0], as_utc(ev["DTSTART"].dt))
            for ev in recurring_ical_events.of(cal).between(start, end)}


def test_second_parser_expands_every_occurrence_like_the_site(
        demo_site: Path, model: Directory) -> None:
    cal = parse(demo_site / "events.ics")
    until = window_end(model)
    ours = {(o.event.id, as_utc(o.start)) for o in all_occurrences(model)
            if o.first_day < until}
    assert instants(cal, date(2000, 1, 1), until) == ours
    coming = {(o.event.id, as_utc(o.start)) for o in upcoming(model) if o.first_day >= TODAY}
    assert instants(cal, TODAY, until) >= coming


def test_second_parser_sees_the_clock_changes_and_exceptions(demo_site: Path) -> None:
    cal = parse(demo_site / "events.ics")
    cafe = sorted(t for i, t in instants(cal, date(2026, 10, 20), date(2027, 4, 2))
                  if i == "sprachcafe-international")
    assert datetime(2026, 10, 22, 16, tzinfo=UTC) in cafe   # summer time
    assert datetime(2026, 10, 29, 17, tzinfo=UTC) in cafe   # winter time
    assert datetime(2027, 3, 25, 17, tzinfo=UTC) in cafe
    assert datetime(2027, 4, 1, 16, tzinfo=UTC) in cafe     # summer time again
    assert not [t for t in cafe if t.date() in (date(2026, 12, 24), date(2026, 12, 31))]
    breakfast = [t for i, t in instants(cal, date(2026, 12, 1), date(2027, 3, 1))
                 if i == "fair-fruehstueck-rosenhoehe"]
    assert sorted(breakfast) == [datetime(2026, 12, 5, 8, 30, tzinfo=UTC),
                                 datetime(2027, 2, 6, 8, 30, tzinfo=UTC)]


def test_a_directory_written_by_someone_else(other_site: Path) -> None:
    cal = parse(other_site / "events.ics")
    events = by_uid(cal)
    assert set(events) == {f"winter-regatta@{DOMAIN}", f"midsummer-supper@{DOMAIN}"}
    regatta = events[f"winter-regatta@{DOMAIN}"]
    assert regatta["RRULE"] == icalendar.vRecur.from_ical("FREQ=WEEKLY;BYDAY=SU;COUNT=4")
    assert exdates(regatta) == [date(2026, 12, 20)]
    assert (regatta["DTSTART"].dt, regatta["DTEND"].dt) == (date(2026, 12, 6), date(2026, 12, 7))
    assert str(regatta["STATUS"]) == "CANCELLED"
    supper = events[f"midsummer-supper@{DOMAIN}"]
    assert as_utc(supper["DTSTART"].dt) == datetime(2027, 6, 25, 16, tzinfo=UTC)
    assert as_utc(supper["DTEND"].dt) == datetime(2027, 6, 25, 21, tzinfo=UTC)
    got = sorted(t for i, t in instants(cal, date(2026, 1, 1), date(2028, 1, 1))
                 if i == "winter-regatta")
    assert got == [date(2026, 12, 6), date(2026, 12, 13), date(2026, 12, 27)]
    # English is this city's first language: the feed speaks it.
    assert str(regatta["SUMMARY"]) == "Cancelled: Winter regatta"


# --- feeds per organizer and per topic -----------------------------------------------


def test_organizer_and_topic_feeds_hold_their_events(demo_site: Path, model: Directory) -> None:
    for a in model.associations:
        cal = parse(demo_site / f"directory/{a.slug}/events.ics")
        expected = {f"{e.id}@{DOMAIN}" for e in model.events if a.slug in e.organizers}
        assert set(by_uid(cal)) == expected, a.slug
        assert a.name in text(cal["X-WR-CALNAME"])
    for topic in model.taxonomy.topics:
        cal = parse(demo_site / f"events/topics/{topic}.ics")
        assert set(by_uid(cal)) == {f"{e.id}@{DOMAIN}" for e in model.events
                                    if topic in e.topics}, topic
    without = [a for a in model.associations
               if not any(a.slug in e.organizers for e in model.events)]
    assert without, "the demo has associations without events; their feed is empty but valid"
    empty = parse(demo_site / f"directory/{without[0].slug}/events.ics")
    assert empty.walk("VEVENT") == [] and empty.walk("VTIMEZONE") == []


def test_single_event_file_has_only_its_timezone(demo_site: Path) -> None:
    cal = parse(demo_site / "events/online-schulpartnerschaft-jaffna/event.ics")
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Colombo"]
    day = parse(demo_site / "events/weltladen-weihnachtsmarkt-2026/event.ics")
    assert day.walk("VTIMEZONE") == []


# --- stability ---------------------------------------------------------------------


def test_files_are_the_same_bytes_for_the_same_data_and_day(
        demo_site: Path, model: Directory) -> None:
    _, assets = calendar_files(model, SITE)
    assert len(assets) == len(list(demo_site.rglob("*.ics")))
    for asset in assets:  # the build in a subprocess and this one agree byte for byte
        assert (demo_site / asset.path).read_bytes() == asset.data(), asset.path
    again, _ = open_directory(REPO, today=TODAY)
    assert again is not None
    assert [a.data() for a in calendar_files(again, SITE)[1]] == [a.data() for a in assets]


def test_uids_and_stamps_come_from_the_record_not_the_clock(model: Directory) -> None:
    e = model.events_by_id["sprachcafe-international"]
    history = {e.path: (date(2026, 8, 20), date(2026, 10, 2))}
    site = SiteInfo(site_url=SITE_URL, history=history)
    ev = vevent(e, model, site)
    assert str(ev["UID"]) == f"sprachcafe-international@{DOMAIN}"
    assert ev["DTSTAMP"].dt == datetime(2026, 10, 2, tzinfo=UTC)
    assert ev["LAST-MODIFIED"].dt == datetime(2026, 10, 2, tzinfo=UTC)
    assert ev["CREATED"].dt == datetime(2026, 8, 20, tzinfo=UTC)
    later, _ = open_directory(REPO, today=date(2027, 1, 15))
    assert later is not None
    assert vevent(later.events_by_id[e.id], later, site).to_ical() == ev.to_ical()
    # The site's domain names the UID, not the path the site is served from.
    other = SiteInfo(site_url="https://example.github.io/verbund/")
    assert str(vevent(e, model, other)["UID"]) == "sprachcafe-international@example.github.io"


# --- escaping ----------------------------------------------------------------------

HOSTILE_TITLE = 'Kaffee, Kuchen; Musik\\Tanz <3 & "mehr" >_<'
HOSTILE_EVENT = """\
title: 'Kaffee, Kuchen; Musik\\Tanz <3 & "mehr" >_<'
start: 2026-12-05T10:00
end: 2026-12-05T13:00
organizers: [weltladen-auenfurt]
format: workshop
location:
  name: "Saal 1; Eingang B, Hof"
  address: {street: Marktgasse 8, postcode: "34117", city: Auenfurt}
description: |
  Erste Zeile; mit Semikolon, Komma
  und Backslash \\ und <3 & Co.

  Zweiter Absatz.
cost: "frei; Spenden, gern"
"""


def test_text_is_escaped_by_the_library_and_reads_back_unchanged(project: object) -> None:
    project.write("directory/events/hostile.yml", HOSTILE_EVENT, dedent=False)  # type: ignore[attr-defined]
    d, problems = open_directory(project.root, today=TODAY)  # type: ignore[attr-defined]
    assert d is not None, [p.text() for p in problems]
    assets = {a.path: a.data() for a in calendar_files(d, SITE)[1]}
    raw = assets["events/hostile/event.ics"].decode("utf-8")
    unfolded = raw.replace("\r\n ", "")
    assert "SUMMARY:Kaffee\\, Kuchen\\; Musik\\\\Tanz <3 & \"mehr\" >_<\r\n" in unfolded
    assert "LOCATION:Saal 1\\; Eingang B\\, Hof\\, Marktgasse 8\\, 34117 Auenfurt\r\n" in unfolded
    assert "Semikolon\\, Komma und Backslash \\\\ und <3 & Co.\\n\\nZweiter Absatz." in unfolded
    assert "\n" not in raw.replace("\r\n", "")  # no bare newline inside a value
    ev = by_uid(icalendar.Calendar.from_ical(raw))[f"hostile@{DOMAIN}"]
    assert str(ev["SUMMARY"]) == HOSTILE_TITLE
    assert str(ev["LOCATION"]) == "Saal 1; Eingang B, Hof, Marktgasse 8, 34117 Auenfurt"
    assert str(ev["DESCRIPTION"]).startswith(
        "Erste Zeile; mit Semikolon, Komma und Backslash \\ und <3 & Co.\n\nZweiter Absatz.")
    assert "Kosten: frei; Spenden, gern" in str(ev["DESCRIPTION"])
    # The calendar's own name is the title, escaped as text.
    cal = icalendar.Calendar.from_ical(raw)
    assert text(cal["X-WR-CALNAME"]) == text(cal["NAME"]) == HOSTILE_TITLE
    assert text(cal["X-WR-CALDESC"]) == f"{HOSTILE_TITLE} – Termine – Verbund Auenfurt"
    assert "X-WR-CALDESC:Kaffee\\, Kuchen\\; Musik\\\\Tanz" in unfolded
    assert max(len(line.encode("utf-8")) for line in raw.split("\r\n")) <= 75  # folded
    assert "VBSLOT" not in raw
    # The second parser reads the same file without complaint.
    (occurrence,) = recurring_ical_events.of(cal).at(date(2026, 12, 5))
    assert str(occurrence["SUMMARY"]) == HOSTILE_TITLE


@pytest.mark.parametrize("value", [
    "Verein",
    "a" * 68,                       # NAME: + 68 = 73 octets
    "a" * 69,                       # 74 octets: the longest line the library leaves whole
    "a" * 70,                       # 75 octets: folded
    "ü" * 34,                       # 73 octets, 39 characters
    "ü" * 35,                       # 75 octets: folded although 40 characters
    "Bündnis; Vielfalt, Eine Welt\\ e.V." + "x" * 33,  # escapes near the fold
    "தமிழ் கலாச்சார மன்றம் " * 3,    # three octets a character
    "Verein 🌍" * 12,
])
def test_a_text_line_is_what_the_library_writes(value: str) -> None:
    """Short lines skip the library's folding, which would leave them as they are."""
    from icalendar.parser.content_line import Contentline
    from verbund.calendar_ics import _line, _text_line

    text = icalendar.vText(_line(value))
    expected = Contentline.from_parts("NAME", text.params, text, sorted=True).to_ical()
    assert _text_line("name", value) == expected + b"\r\n"
    assert all(len(part) < 76 for part in expected.split(b"\r\n"))


def test_every_entry_is_the_bytes_the_library_writes(project: object, model: Directory) -> None:
    """Events and zones skip the library's folding for short lines: nothing else may change."""
    from verbund.calendar_ics import _ical, _vtimezone

    project.write("directory/events/hostile.yml", HOSTILE_EVENT, dedent=False)  # type: ignore[attr-defined]
    hostile, problems = open_directory(project.root, today=TODAY)  # type: ignore[attr-defined]
    assert hostile is not None, [p.text() for p in problems]
    for d in (model, hostile):
        for e in d.events:
            component = vevent(e, d, SITE)
            assert _ical(component) == component.to_ical(), e.id
    zones = {e.timezone for e in model.events} | {"Asia/Kolkata", "America/St_Johns"}
    for tzid in sorted(zones):
        component = _vtimezone(tzid, date(2024, 1, 1), date(2027, 12, 31))
        assert _ical(component) == component.to_ical(), tzid
    assert len(model.events) > 20
