"""The calendar's pages on a fixed "today": the upcoming list, event pages, the archive, the
subscribe page, and the links from profiles and home, read back from the built HTML."""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitetools import REPO, SITE_URL
from verbund import open_directory
from verbund.event_pages import event_pages
from verbund.model import Directory
from verbund.occurrences import past, upcoming
from verbund.render import SiteInfo, render_page

TODAY = date(2026, 11, 23)
EVENTS = sorted(p.stem for p in (REPO / "directory" / "events").rglob("*.yml"))


@pytest.fixture(scope="module")
def model() -> Directory:
    d, problems = open_directory(REPO, today=TODAY)
    assert d is not None, [p.text() for p in problems]
    return d


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


class Items(HTMLParser):
    """The list items of the event finder: their data attributes, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li" and any(k == "data-topics" for k, _ in attrs):
            self.items.append(dict(attrs))


def items(html: str) -> list[dict[str, str | None]]:
    parser = Items()
    parser.feed(html)
    return parser.items


def entries(html: str) -> list[str]:
    """The ``<li class="vb-event…">`` blocks of a list, as HTML."""
    return re.findall(r'<li class="vb-event[^"]*".*?</li>', html, re.S)


def entry(html: str, event_id: str) -> str:
    found = [x for x in entries(html) if f"events/{event_id}/" in x]
    assert found, event_id
    return found[0]


def jsonld(html: str) -> dict:
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


# --- pages exist -------------------------------------------------------------------


@pytest.mark.parametrize("url", ["events/", "events/archive/", "events/subscribe/",
                                 "en/events/", "en/events/archive/", "en/events/subscribe/"])
def test_calendar_pages_exist_in_both_languages(demo_site: Path, url: str) -> None:
    html = read(demo_site, url)
    assert f'<html lang="{"en" if url.startswith("en/") else "de"}"' in html
    assert "<h1>" in html


def test_every_event_has_a_page_in_both_languages(demo_site: Path, model: Directory) -> None:
    assert len(EVENTS) == 40
    for e in model.events:
        assert f"<h1>{e.title.text('de')}" in read(demo_site, f"events/{e.id}/").replace(
            "&#34;", '"').replace("<del>", ""), e.id
        en = read(demo_site, f"en/events/{e.id}/")
        assert '<html lang="en"' in en and (demo_site / f"events/{e.id}/event.ics").is_file()


# --- the upcoming list -------------------------------------------------------------


def test_events_page_lists_exactly_the_upcoming_occurrences(demo_site: Path,
                                                            model: Directory) -> None:
    html = read(demo_site, "events/")
    listed = items(html)
    coming = upcoming(model)
    assert len(listed) == len(coming) > 100
    assert f"{len(coming)} von {len(coming)} Terminen" in html
    first = entries(html)[0]
    assert "events/frauen-sprachcafe/" in first
    assert 'datetime="2026-11-24T10:00:00+01:00"' in first
    # Past events are not listed; an ongoing one is.
    for gone in ("infoabend-einbuergerung-november", "cup-der-vielfalt-2025",
                 "vortrag-begegnungsreise-kisimani", "dialogkonferenz-2026"):
        assert f"events/{gone}/" not in html, gone
    assert "events/weltladen-weihnachtsmarkt-2026/" in html
    # The exceptions of a weekly rule are left out.
    assert 'datetime="2026-12-24T18:00:00+01:00"' not in html
    assert 'datetime="2026-12-17T18:00:00+01:00"' in html


def test_events_are_grouped_by_month_with_localised_headings(demo_site: Path) -> None:
    months = re.findall(r'<h2 id="m-[\d-]+">([^<]+)</h2>', read(demo_site, "events/"))
    assert months[:3] == ["November 2026", "Dezember 2026", "Januar 2027"]
    assert months[-1] == "November 2027"  # the window: twelve months ahead
    en = re.findall(r'<h2 id="m-[\d-]+">([^<]+)</h2>', read(demo_site, "en/events/"))
    assert en[:3] == ["November 2026", "December 2026", "January 2027"]


def test_dates_are_written_out_in_each_language(demo_site: Path) -> None:
    de, en = read(demo_site, "events/"), read(demo_site, "en/events/")
    assert "Samstag, 5. Dezember 2026, 09:30–12:00 Uhr" in entry(de, "fair-fruehstueck-rosenhoehe")
    assert "Saturday, 5 December 2026, 9:30\u202fam\u2009–\u200912:00\u202fpm" in entry(
        en, "fair-fruehstueck-rosenhoehe")
    colombo = entry(de, "online-schulpartnerschaft-jaffna")
    assert "Samstag, 16. Januar 2027, 18:30–20:00 Uhr (Colombo)" in colombo


@pytest.mark.parametrize(("url", "description"), [
    # A repeating event leads with its next date, not its first (2026-09-03).
    ("events/sprachcafe-international/",
     "Donnerstag, 26. November 2026, 18:00–20:00 Uhr · Café im Studierendenhaus"),
    ("events/exkursion-kaffeeroesterei/",
     "abgesagt · Samstag, 12. Dezember 2026, 10:00–13:00 Uhr · Rösterei Speicher 7"),
    ("en/events/ausstellung-angekommen/",
     "Monday 18 January\u2009–\u2009Friday 5 March 2027 · Neues Rathaus, Bürgerhalle"),
])
def test_an_event_page_is_described_by_its_date_and_place(demo_site: Path, url: str,
                                                          description: str) -> None:
    """What search results and link previews show (made when the page is written)."""
    assert f'<meta name="description" content="{description}">' in read(demo_site, url)


def test_cancelled_and_postponed_are_struck_through_not_hidden(demo_site: Path) -> None:
    html = read(demo_site, "events/")
    cancelled = entry(html, "exkursion-kaffeeroesterei")
    assert "vb-event--cancelled" in cancelled
    assert re.search(r"<del><time [^>]*>Samstag, 12\. Dezember 2026", cancelled)
    assert re.search(r"<del>Exkursion: Zu Besuch", cancelled)
    assert ">abgesagt</span>" in cancelled
    postponed = entry(html, "open-space-eine-welt-vor-ort")
    assert "vb-event--postponed" in postponed and "<del><time" in postponed
    assert ">verschoben</span>" in postponed
    assert ">postponed</span>" in entry(read(demo_site, "en/events/"), "open-space-eine-welt-vor-ort")


def test_each_entry_carries_its_facets(demo_site: Path) -> None:
    html = read(demo_site, "events/")
    for facet in ("topics", "format", "languages", "organizers", "mode", "accessibility"):
        assert f'data-vb-facet="{facet}"' in html, facet
    by_id = {re.search(r'href="\.\./events/([^/]+)/"', x)[1]: x for x in entries(html)}
    hybrid = by_id["netzwerktreffen-buendnis"]
    assert 'data-mode="in-person online hybrid"' in hybrid
    assert 'data-organizers="buendnis-vielfalt-eine-welt"' in hybrid
    assert 'data-format="network-meeting"' in hybrid
    online = by_id["online-schulpartnerschaft-jaffna"]
    assert 'data-mode="online"' in online and 'data-accessibility="step-free-online"' in online
    assert 'data-mode="in-person"' in by_id["yalda-nacht-2026"]
    for value in ("in-person", "online", "hybrid"):
        assert f'name="mode" value="{value}"' in html


def test_no_event_disappears(demo_site: Path, model: Directory) -> None:
    linked = set(re.findall(r'href="\.\./events/([a-z0-9-]+)/"', read(demo_site, "events/")))
    linked |= set(re.findall(r'href="\.\./\.\./events/([a-z0-9-]+)/"',
                             read(demo_site, "events/archive/")))
    assert {e.id for e in model.events} <= linked | {"archive", "subscribe"}


# --- the archive -------------------------------------------------------------------


def test_archive_lists_past_events_by_year(demo_site: Path, model: Directory) -> None:
    html = read(demo_site, "events/archive/")
    years = re.findall(r'<h2 id="y(\d{4})">', html)
    assert years == ["2026", "2025"]
    y2026, y2025 = html.split('<h2 id="y2025">')
    assert "events/cup-der-vielfalt-2025/" in y2025
    assert "events/weltladen-weihnachtsmarkt-2025/" in y2025
    assert "events/dialogkonferenz-2026/" in y2026
    cancelled = entry(y2026, "infoabend-einbuergerung-november")
    assert "<del>" in cancelled and ">abgesagt</span>" in cancelled
    cafe = entry(y2026, "sprachcafe-international")
    assert "12 Termine vom 3. September 2026 bis 19. November 2026" in cafe
    assert "events/yalda-nacht-2026/" not in html  # still to come
    assert {o.event.id for o in past(model)} == set(
        re.findall(r'href="\.\./\.\./events/([a-z0-9-]+)/"', html)) - {""}


# --- one event ---------------------------------------------------------------------


def test_event_page_shows_everything_about_a_repeating_hybrid_event(demo_site: Path) -> None:
    html = read(demo_site, "events/netzwerktreffen-buendnis/")
    assert "<h1>Netzwerktreffen des Bündnisses für Vielfalt und Eine Welt" in html
    assert "Dienstag, 8. Dezember 2026, 19:00–21:00 Uhr" in html
    dates = html.split('<h2 id="dates">', 1)[1]
    assert dates.index("12. Januar 2027") < dates.index("9. Februar 2027")
    assert "10. November 2026" in dates  # an earlier date, in the folded list
    assert "Weitere Termine stehen in der Kalenderdatei." in dates  # open-ended rule
    assert "Weitere Termine" not in read(demo_site, "events/ag-antirassismus/")  # COUNT=10
    assert "11. August 2026" not in html  # the summer break (except)
    assert "Eine-Welt-Haus, Saal im 1. Stock (auch online)" in html
    assert "Marktgasse 3<br>34117 Auenfurt" in html
    assert 'href="https://www.openstreetmap.org/?mlat=51.31580&amp;mlon=9.49690' in html
    assert 'href="https://meet.example.org/buendnis-netzwerktreffen"' in html
    assert 'href="../../directory/buendnis-vielfalt-eine-welt/"' in html
    assert 'href="https://example.org/buendnis/treffen" rel="nofollow noopener noreferrer ugc"' \
        in html  # the description's Markdown, sanitised
    assert "hybrid (vor Ort und online)" in html and "kostenlos" in html
    assert "Rollstuhlgerecht" in html and "Barrierearm online" in html
    assert 'href="../../events/netzwerktreffen-buendnis/event.ics"' in html
    assert 'href="webcal://verbund.example.org/directory/buendnis-vielfalt-eine-welt/events.ics"' \
        in html
    assert 'href="../../events/?topics=political-participation"' in html
    assert "https://github.com/example/verbund/edit/main/directory/events/" \
        "netzwerktreffen-buendnis.yml" in html
    assert (demo_site / "events/netzwerktreffen-buendnis/event.ics").is_file()


def test_timezone_is_shown_only_when_it_differs(demo_site: Path) -> None:
    html = read(demo_site, "events/online-schulpartnerschaft-jaffna/")
    assert "Zeitangaben in Ortszeit Colombo." in html
    assert "In Auenfurt: Samstag, 16. Januar 2027, 14:00–15:30 Uhr" in html
    en = read(demo_site, "en/events/online-schulpartnerschaft-jaffna/")
    assert "Times are local time in Colombo." in en
    assert "Ortszeit" not in read(demo_site, "events/yalda-nacht-2026/").split("<h2 id=\"about")[0]
    # +01:00 written in the record is shown on the site's clock.
    assert "Donnerstag, 3. Dezember 2026, 18:00–20:00 Uhr" in read(
        demo_site, "events/info-aufenthaltsrecht-dezember-2026/")


def test_registration_email_is_not_in_the_html(demo_site: Path) -> None:
    html = read(demo_site, "events/exkursion-kaffeeroesterei/")
    assert "bildung@weltladen-auenfurt.example.org" not in html
    assert 'data-vb-mail="gro.elpmaxe.trufneua-nedaltlew@gnudlib"' in html


def test_past_and_cancelled_event_pages_say_so(demo_site: Path) -> None:
    assert "Dieser Termin liegt in der Vergangenheit." in read(demo_site,
                                                             "events/cup-der-vielfalt-2025/")
    cancelled = read(demo_site, "events/exkursion-kaffeeroesterei/")
    assert "Dieser Termin ist abgesagt." in cancelled and "<h1><del>" in cancelled


@pytest.mark.parametrize(("event_id", "status", "mode", "start", "location"), [
    ("netzwerktreffen-buendnis", "EventScheduled", "MixedEventAttendanceMode",
     "2026-12-08T19:00+01:00", ["Place", "VirtualLocation"]),
    ("online-schulpartnerschaft-jaffna", "EventScheduled", "OnlineEventAttendanceMode",
     "2027-01-16T18:30+05:30", "VirtualLocation"),
    ("exkursion-kaffeeroesterei", "EventCancelled", "OfflineEventAttendanceMode",
     "2026-12-12T10:00+01:00", "Place"),
    ("open-space-eine-welt-vor-ort", "EventPostponed", "OfflineEventAttendanceMode",
     "2027-02-20T10:00+01:00", "Place"),
    ("weltladen-weihnachtsmarkt-2026", "EventScheduled", "OfflineEventAttendanceMode",
     "2026-11-26", "Place"),
])
def test_schema_org_event(demo_site: Path, event_id: str, status: str, mode: str, start: str,
                          location: str | list[str]) -> None:
    data = jsonld(read(demo_site, f"events/{event_id}/"))
    assert data["@type"] == "Event"
    assert data["eventStatus"] == f"https://schema.org/{status}"
    assert data["eventAttendanceMode"] == f"https://schema.org/{mode}"
    assert data["startDate"] == start
    assert data["url"] == f"{SITE_URL}events/{event_id}/"
    places = data["location"] if isinstance(data["location"], list) else [data["location"]]
    assert [p["@type"] for p in places] == (location if isinstance(location, list)
                                             else [location])
    assert all(o["url"].startswith(f"{SITE_URL}directory/") for o in data["organizer"])
    assert jsonld(read(demo_site, f"en/events/{event_id}/"))["url"] == \
        f"{SITE_URL}en/events/{event_id}/"


# --- subscribing -------------------------------------------------------------------


def test_subscribe_page_documents_every_feed(demo_site: Path, model: Directory) -> None:
    html = read(demo_site, "events/subscribe/")
    assert 'href="webcal://verbund.example.org/events.ics"' in html
    assert 'href="../../events.ics"' in html
    assert 'value="https://verbund.example.org/events.ics"' in html
    for topic in model.taxonomy.topics:
        assert f'href="webcal://verbund.example.org/events/topics/{topic}.ics"' in html
        assert (demo_site / f"events/topics/{topic}.ics").is_file()
    assert "https://verbund.example.org/events/topics/&lt;topic&gt;.ics" in html
    assert "https://verbund.example.org/directory/&lt;slug&gt;/events.ics" in html
    assert "https://verbund.example.org/events/&lt;id&gt;/event.ics" in html
    for app in ("Google Kalender", "Outlook", "Apple Kalender"):
        assert f">{app}" in html
    en = read(demo_site, "en/events/subscribe/")
    for app in ("Google Calendar", "Outlook", "Apple Calendar"):
        assert f">{app}" in en
    assert "From URL" in en and "Subscribe from web" in en and "New Calendar Subscription" in en


def test_events_page_links_to_feeds_archive_and_subscribing(demo_site: Path) -> None:
    html = read(demo_site, "events/")
    for href in ('href="webcal://verbund.example.org/events.ics"', 'href="../events.ics"',
                 'href="../events/archive/"', 'href="../events/subscribe/"'):
        assert href in html


def test_every_profile_links_to_its_calendar(demo_site: Path, model: Directory) -> None:
    for a in model.associations:
        html = read(demo_site, f"directory/{a.slug}/")
        assert f'href="webcal://verbund.example.org/directory/{a.slug}/events.ics"' in html
        assert f'href="../../directory/{a.slug}/events.ics"' in html
        assert (demo_site / f"directory/{a.slug}/events.ics").is_file()


def test_profile_shows_its_next_occurrences(demo_site: Path) -> None:
    html = read(demo_site, "directory/weltladen-auenfurt/").split('<h2 id="events">', 1)[1]
    assert html.index("events/weltladen-weihnachtsmarkt-2026/") < html.index(
        "events/fair-fruehstueck-rosenhoehe/")
    assert "events/weltladen-weihnachtsmarkt-2025/" not in html


def test_home_shows_the_next_five(demo_site: Path) -> None:
    home = read(demo_site, "").split('id="home-events"', 1)[1].split("</section>", 1)[0]
    found = entries(home)
    assert len(found) == 5
    assert "events/frauen-sprachcafe/" in found[0]


# --- another city, hostile text, reserved names --------------------------------------


def test_a_directory_written_by_someone_else(other_site: Path) -> None:
    # English is this city's first language: it lives at the root, German below /de/.
    html = read(other_site, "events/")
    assert '<html lang="en"' in html and "<h1>Events</h1>" in html
    regatta = entries(html)
    assert len(regatta) == 4  # three Sundays (one excepted) and the supper
    assert all("vb-event--cancelled" in x for x in regatta[:3])
    assert "Sunday, 6 December 2026" in regatta[0]
    assert "Sunday, 27 December 2026" in regatta[2]  # 20 December is excepted
    assert "No past events yet." in read(other_site, "events/archive/")
    assert "<h1>Termine</h1>" in read(other_site, "de/events/")
    assert (other_site / "directory/old-salts/events.ics").is_file()


HOSTILE = """\
title: 'Tom & Jerry''s "Club" <3 >_<'
start: 2026-12-05T10:00
end: 2026-12-05T13:00
organizers: [weltladen-auenfurt]
format: workshop
location:
  name: 'Saal "A" & <3'
  address: {street: Marktgasse 8, postcode: "34117", city: Auenfurt}
"""


def test_hostile_text_is_escaped_on_the_event_page(project: object) -> None:
    project.write("directory/events/hostile.yml", HOSTILE, dedent=False)  # type: ignore[attr-defined]
    d, problems = open_directory(project.root, today=TODAY)  # type: ignore[attr-defined]
    assert d is not None, [p.text() for p in problems]
    site = SiteInfo(site_url=SITE_URL)
    specs, _ = event_pages(d, site)
    (spec,) = [s for s in specs if s.url == "events/hostile/"]
    html = render_page(spec, d, site)
    assert "<h1>Tom &amp; Jerry&#39;s &#34;Club&#34; &lt;3 &gt;_&lt;" in html
    assert "Saal &#34;A&#34; &amp; &lt;3" in html
    assert "<3" not in html.split('<script type="application/ld+json">')[0]
    data = jsonld(html)
    assert data["name"] == 'Tom & Jerry\'s "Club" <3 >_<'
    raw = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in raw and "&" not in raw  # \u003c and \u0026 inside the script
    (listing,) = [s for s in specs if s.url == "events/"]
    assert "Tom &amp; Jerry&#39;s &#34;Club&#34; &lt;3" in render_page(listing, d, site)


def test_an_event_named_like_a_calendar_page_is_refused(project: object) -> None:
    source = (project.root / "directory/events/2026/fruehstueck.yml").read_text("utf-8")  # type: ignore[attr-defined]
    project.write("directory/events/archive.yml", source, dedent=False)  # type: ignore[attr-defined]
    d, problems = open_directory(project.root, today=TODAY)  # type: ignore[attr-defined]
    assert d is None  # validation refuses it, so the build never gets this far
    assert [p.text() for p in problems if p.is_error] == [
        "directory/events/archive.yml:1:1: error: file name 'archive.yml' is taken by a page "
        "of the site (/events/archive/); choose another name"]


def test_a_long_archive_gets_a_page_per_year(monkeypatch: pytest.MonkeyPatch,
                                             model: Directory) -> None:
    """Nothing disappears at national scale: past events move to one page per year."""
    import verbund.event_pages as ep

    d = model
    monkeypatch.setattr(ep, "ARCHIVE_INLINE_MAX", 3)
    years = ep.archive_years(d)
    assert years and years == sorted(years, reverse=True)
    pages, _ = ep.event_pages(d, SiteInfo(site_url=SITE_URL))
    year_pages = [p for p in pages if p.url.startswith("events/archive/") and p.url != "events/archive/"]
    assert [p.url for p in year_pages] == [f"events/archive/{y}/" for y in years]
    assert all(p.bulk for p in year_pages)
