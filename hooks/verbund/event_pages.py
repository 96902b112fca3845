"""The calendar's pages: upcoming events, one page per event, the archive, subscribing.

Nothing here knows MkDocs, and nothing here decides what "upcoming" means: that is
:mod:`occurrences`, so the home page, profiles, these pages and the iCalendar files
agree for every build date. Lists are rendered in full on the server and filtered in
the browser by the same finder as the directory, so they work without JavaScript and
filters live in the URL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache, partial
from typing import Any
from urllib.parse import urlencode

from . import ui
from .calendar_ics import ALL_PATH, event_path, events_by, organizer_path, topic_path
from .facets import FacetOption, count_options
from .model import Directory, Event, kept
from .occurrences import (
    Occurrence,
    by_event,
    is_upcoming,
    leading,
    past,
    upcoming,
    window_end,
)
from .pages import profile_url
from .render import Asset, PageContext, PageSpec, SiteInfo, lang_prefix, record_pages
from .ui import t

FACETS = ("topics", "format", "languages", "organizers", "mode", "accessibility")
"""Facets of the event list, in the order shown; also the URL query keys."""
MODES = ("in-person", "online", "hybrid")
RESERVED_IDS = frozenset({"archive", "subscribe"})
"""Event ids that would collide with the calendar's own pages and folders."""
NEXT_DATES = 12
"""How many coming dates an event page lists; the calendar file has all of them."""

EVENT_STATUS = {"scheduled": "EventScheduled", "cancelled": "EventCancelled",
                "postponed": "EventPostponed"}
ATTENDANCE = {"offline": "OfflineEventAttendanceMode", "online": "OnlineEventAttendanceMode",
              "mixed": "MixedEventAttendanceMode"}


def event_url(event_id: str) -> str:
    return f"events/{event_id}/"


def modes(event: Event) -> tuple[str, ...]:
    """How one can take part; a hybrid event counts for "online" and "in person" too,
    since someone ticking "online" wants everything they can join from home."""
    mode = event.location.mode
    if mode == "mixed":
        return MODES
    return ("online",) if mode == "online" else ("in-person",)


def facet_values(event: Event) -> dict[str, tuple[str, ...]]:
    return {
        "topics": event.topics,
        "format": (event.format,),
        "languages": event.languages,
        "organizers": event.organizers,
        "mode": modes(event),
        "accessibility": event.accessibility,
    }


def facet_options(h: PageContext, events: Iterable[Event]) -> dict[str, list[FacetOption]]:
    """Options with counts over the listed items (one per occurrence, as in the list)."""
    vocab = {"topics": "topics", "format": "formats", "accessibility": "accessibility"}

    def label(facet: str, value: str) -> str:
        if facet in vocab:
            return h.label(vocab[facet], value)
        if facet == "languages":
            return h.language(value)
        if facet == "organizers":
            a = h.directory.by_slug.get(value)
            return a.name if a else value
        return h.t(f"events.mode.{value}")

    return count_options(events, FACETS, facet_values, label, {"mode": MODES})


def _alternates(directory: Directory, path: str) -> dict[str, str]:
    return {lang: lang_prefix(directory, lang) + path for lang in directory.settings.languages}


def event_pages(directory: Directory, site: SiteInfo) -> tuple[list[PageSpec], list[Asset]]:
    """Producer: ``/events/``, ``/events/<id>/``, the archive and the subscribe page."""
    clashes = sorted(e.path for e in directory.events if e.id in RESERVED_IDS)
    if clashes:
        raise ValueError(f"{', '.join(clashes)}: this file name is reserved for a page of the "
                         f"calendar (/events/<name>/); rename the file")
    fallbacks = directory.settings.languages
    pages: list[PageSpec] = []
    per_event = [kept(e, ("pages", fallbacks), partial(_event_pages_of, e, fallbacks))
                 for e in directory.events]
    for number, lang in enumerate(directory.settings.languages):
        prefix = lang_prefix(directory, lang)
        city = directory.settings.municipality.text(lang, fallbacks)

        def spec(path: str, template: str, title: str, description: str, build: Any,
                 lang: str = lang, prefix: str = prefix, bulk: bool = False) -> PageSpec:
            return PageSpec(url=prefix + path, lang=lang, title=title, description=description,
                            template=template, build=build, bulk=bulk,
                            alternates=_alternates(directory, path))

        pages += (specs[number] for specs in per_event)
        pages.append(spec("events/", "events.html", t(lang, "events.title"),
                          t(lang, "events.description", city=city), events_context))
        pages.append(spec("events/archive/", "events_archive.html",
                          t(lang, "events.archive.title"),
                          t(lang, "events.archive.description", city=city), archive_context))
        for year in archive_years(directory):
            pages.append(spec(f"events/archive/{year}/", "events_archive.html",
                              f"{t(lang, 'events.archive.title')} {year}",
                              t(lang, "events.archive.description", city=city),
                              partial(archive_context, year=year), bulk=True))
        pages.append(spec("events/subscribe/", "events_subscribe.html",
                          t(lang, "events.subscribe.title"),
                          t(lang, "events.subscribe.description", city=city), subscribe_context))
    return pages, []


def _event_pages_of(e: Event, languages: tuple[str, ...]) -> tuple[PageSpec, ...]:
    return record_pages(
        languages, event_url(e.id), "event.html", partial(event_context, event=e.id),
        lambda lang: e.title.text(lang, languages), describe=partial(_summary, e=e))


def _summary(h: PageContext, e: Event) -> str:
    """The page description (search results, link previews): when and where, in words."""
    shown = leading(h.directory).get(e.id)
    parts = [h.when(shown)] if shown else []
    if e.status != "scheduled":
        parts.insert(0, h.t(f"event.status.{e.status}"))
    place = e.location.name or (", ".join(e.location.address.lines()) if e.location.address
                                else "")
    parts.append(place or h.t("event.online"))
    return " · ".join(parts)


# --- contexts -----------------------------------------------------------------------


@dataclass(frozen=True)
class Month:
    key: str
    title: str
    items: list[dict[str, Any]]


def _item(h: PageContext, o: Occurrence) -> dict[str, Any]:
    e = o.event
    values = facet_values(e)
    organizers = [h.directory.by_slug[s].name for s in e.organizers if s in h.directory.by_slug]
    search = " ".join([*e.title.values(), e.location.name or "",
                       e.location.address.district or "" if e.location.address else "",
                       *organizers, h.label("formats", e.format)])
    return {"o": o, "data": {f: " ".join(values[f]) for f in FACETS},
            "search": " ".join(search.split()).lower()}


EVENTS_LIST_MAX = 400
"""Occurrences listed on /events/: a national calendar has tens of thousands in a year,
which no phone should download at once; the rest are in the feeds and on the profiles."""
SUBSCRIBE_LIST_MAX = 300
"""Organisers listed with their feeds on /events/subscribe/; beyond, the page gives the
address pattern and every profile links its own feed (a list of 15,000 is 5 MB)."""
ARCHIVE_INLINE_MAX = 800
"""Past events listed on the archive page itself; more get one page per year."""


def events_context(h: PageContext) -> dict[str, Any]:
    d = h.directory
    everything = upcoming(d)
    items = everything[:EVENTS_LIST_MAX]
    months: list[Month] = []
    for o in items:
        # An event that began before today (a running exhibition) is listed this month.
        day = max(o.first_day, d.today)
        key = f"{day.year:04d}-{day.month:02d}"
        if not months or months[-1].key != key:
            months.append(Month(key, ui.format_month(day, h.lang), []))
        months[-1].items.append(_item(h, o))
    return {
        "months": months,
        "more": len(everything) - len(items),
        "total": len(items),
        "facets": facet_options(h, (o.event for o in items)),
        "facet_names": FACETS,
        "until": window_end(d),
        "feed": {"https": h.root(ALL_PATH), "webcal": h.site.webcal(ALL_PATH)},
    }


@lru_cache(maxsize=2)
def _year_entries(directory: Directory) -> list[tuple[int, list[dict[str, Any]]]]:
    """Past occurrences by year, newest first; a repeating event is one entry per year.

    Cached per directory object (as :mod:`occurrences` does): every archive page and
    both languages ask, and the templates only read it."""
    years: dict[int, dict[str, list[Occurrence]]] = {}
    for o in past(directory):
        years.setdefault(o.first_day.year, {}).setdefault(o.event.id, []).append(o)
    result = []
    for year in sorted(years, reverse=True):
        entries = [{"event": dates[0].event, "first": dates[0], "last": dates[-1],
                    "count": len(dates)} for dates in years[year].values()]
        entries.sort(key=lambda x: (x["last"].first_day, x["event"].id), reverse=True)
        result.append((year, entries))
    return result


def archive_context(h: PageContext, year: int | None = None) -> dict[str, Any]:
    """The archive: everything on one page, or (when large) a list of years whose pages
    hold the events; ``year`` makes one such page. Nothing disappears either way."""
    years = _year_entries(h.directory)
    total = sum(len(entries) for _, entries in years)
    if year is not None:
        years = [(y, entries) for y, entries in years if y == year]
        return {"years": years, "total": total, "by_year": False, "year": year}
    by_year = total > ARCHIVE_INLINE_MAX
    return {"years": years, "total": total, "by_year": by_year, "year": None}


def archive_years(directory: Directory) -> list[int]:
    """Years that get a page of their own (only when the archive is too long for one):
    the archive's entries are counted, not made (an entry per event and year)."""
    entries = {(o.start.year, o.event.id) for o in past(directory)}  # its first day's year
    if len(entries) <= ARCHIVE_INLINE_MAX:
        return []
    return sorted({year for year, _ in entries}, reverse=True)


def subscribe_context(h: PageContext) -> dict[str, Any]:
    d = h.directory
    site = h.site

    def feed(path: str) -> dict[str, str]:
        return {"https": site.absolute(path), "webcal": site.webcal(path), "href": h.root(path)}

    by_organizer, by_topic = events_by(d)
    topics = [{"id": topic, "label": h.label("topics", topic),
               "count": len(by_topic.get(topic, ())), **feed(topic_path(topic))}
              for topic in d.taxonomy.topics]
    topics.sort(key=lambda x: x["label"].casefold())
    organizers = [{"a": a, "count": len(by_organizer[a.slug]), **feed(organizer_path(a.slug))}
                  for a in d.associations if a.slug in by_organizer]
    if len(organizers) > SUBSCRIBE_LIST_MAX:
        organizers = []  # the address pattern and each profile's own link serve instead
    example_topic = topics[0]["id"] if topics else "culture"
    return {
        "all": feed(ALL_PATH),
        "topics": topics,
        "organizers": organizers,
        "pattern": {
            "organizer": site.absolute(organizer_path("<slug>")),
            "topic": site.absolute(topic_path("<topic>")),
            "event": site.absolute(event_path("<id>")),
            "example": site.absolute(topic_path(example_topic)),
        },
    }


def _open_ended(e: Event) -> bool:
    """A rule without COUNT or UNTIL goes on past the listed window (the .ics has it all)."""
    parts = {p.split("=", 1)[0].strip().upper() for p in (e.repeat or "").split(";")}
    return not parts & {"COUNT", "UNTIL"}


def _site_time(h: PageContext, o: Occurrence) -> str | None:
    """The same time on the site's clock, for an event held in another timezone."""
    if o.all_day or o.event.timezone == h.directory.settings.timezone:
        return None
    tz = h.directory.settings.tz
    start = o.start.astimezone(tz)  # type: ignore[union-attr]
    end = o.end.astimezone(tz) if isinstance(o.end, datetime) else None
    return ui.format_span(start, end, h.lang)


def _map_link(e: Event) -> str | None:
    """OpenStreetMap in a new page, never tiles in this one: nothing loads without a click."""
    loc = e.location
    if loc.geo:
        lat, lon = f"{loc.geo.lat:.5f}", f"{loc.geo.lon:.5f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
    if loc.address:
        query = ", ".join(loc.address.lines())
        return "https://www.openstreetmap.org/search?" + urlencode({"query": query})
    return None


def _registration(value: str | None) -> dict[str, Any] | None:
    if not value:
        return None
    if value.startswith(("http://", "https://")):
        return {"url": value}
    address = value.removeprefix("mailto:")
    user, _, host = address.partition("@")
    return {"mail": {"user": user, "domain": host, "reversed": address[::-1]}}


def event_context(h: PageContext, event: str) -> dict[str, Any]:
    d = h.directory
    e = d.events_by_id[event]
    occurrences = by_event(d)[e.id]
    coming = [o for o in occurrences if is_upcoming(o, d)]
    gone = [o for o in occurrences if not is_upcoming(o, d)]
    main = leading(d).get(e.id)
    repo = h.site.repo_url.rstrip("/") if h.site.repo_url else None
    return {
        "e": e,
        "main": main,
        "is_past": not coming,
        "coming": coming[:NEXT_DATES],
        "more_dates": bool(e.repeat) and (len(coming) > NEXT_DATES or _open_ended(e)),
        "gone": list(reversed(gone)),
        "site_time": _site_time(h, main) if main else None,
        "zone": (ui.timezone_name(e.timezone, h.lang) if e.timezone != d.settings.timezone
                 and not e.all_day else None),
        "city": d.settings.municipality.text(h.lang, h.fallbacks),
        "organizers": [d.by_slug[s] for s in e.organizers if s in d.by_slug],
        "map": _map_link(e),
        "registration": _registration(e.registration),
        "ics": {"href": h.root(event_path(e.id))},
        "feeds": [{"a": d.by_slug[s], "webcal": h.site.webcal(organizer_path(s)),
                   "href": h.root(organizer_path(s))} for s in e.organizers if s in d.by_slug],
        "edit": f"{repo}/edit/{h.site.branch}/{e.path}" if repo else None,
        "jsonld": event_jsonld(h, e, main),
    }


def _iso(value: date | datetime) -> str:
    return value.isoformat(timespec="minutes") if isinstance(value, datetime) else value.isoformat()


def _place(e: Event) -> dict[str, Any]:
    loc = e.location
    place: dict[str, Any] = {"@type": "Place"}
    if loc.name:
        place["name"] = loc.name
    if loc.address:
        place["address"] = {"@type": "PostalAddress", "streetAddress": loc.address.street,
                            "postalCode": loc.address.postcode,
                            "addressLocality": loc.address.city}
    if loc.geo:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": loc.geo.lat,
                        "longitude": loc.geo.lon}
    return place


def event_jsonld(h: PageContext, e: Event, o: Occurrence | None) -> dict[str, Any]:
    """schema.org Event for search engines; escaped for ``<script>`` by ``tojson``."""
    d = h.directory
    url = h.site.absolute(lang_prefix(d, h.lang) + event_url(e.id))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": h.plain(e.title),
        "url": url,
        "eventStatus": f"https://schema.org/{EVENT_STATUS.get(e.status, 'EventScheduled')}",
        "eventAttendanceMode": f"https://schema.org/{ATTENDANCE[e.location.mode]}",
    }
    if o is not None:
        data["startDate"] = _iso(o.start)
        if o.end is not None:
            data["endDate"] = _iso(o.end)
    if e.description:
        data["description"] = " ".join(h.plain(e.description).split())[:500]
    locations: list[dict[str, Any]] = []
    if e.location.address or e.location.geo:
        locations.append(_place(e))
    if e.location.online:
        locations.append({"@type": "VirtualLocation", "url": e.location.online})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    data["organizer"] = [
        {"@type": "Organization", "name": a.name,
         "url": h.site.absolute(lang_prefix(d, h.lang) + profile_url(a.slug))}
        for a in (d.by_slug[s] for s in e.organizers if s in d.by_slug)
    ]
    if e.languages:
        data["inLanguage"] = list(e.languages)
    return data
