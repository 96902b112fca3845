"""The interface in German and English, and localised dates and names from CLDR.

Interface strings live here, not in templates, so both languages stay side by side and
a missing translation is a failing test rather than a mixed-language page. Dates,
country and language names come from Babel (CLDR), never from hand-made tables.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.dates import format_interval, format_skeleton, get_timezone_location
from babel.dates import format_time as _babel_time

STRINGS: dict[str, dict[str, str]] = {
    "de": {
        "nav.home": "Start",
        "nav.directory": "Verzeichnis",
        "nav.map": "Karte",
        "nav.overview": "Überblick",
        "nav.events": "Termine",
        "nav.newsletter": "Rundbrief",
        "nav.contribute": "Mitmachen",
        "nav.data": "Offene Daten",
        "nav.label": "Hauptnavigation",
        "lang.switch": "Sprache",
        "lang.other": "English",
        "directory.title": "Verzeichnis",
        "directory.description": "Alle {count} Vereine und Initiativen in {city}: durchsuchen "
                                 "und filtern nach Themen, Sprachen, Herkunft und Stadtteil.",
        "directory.search": "Suche nach Name oder Beschreibung",
        "directory.filters": "Filter",
        "directory.reset": "Alle Filter zurücksetzen",
        "directory.results": "{count} von {total} Einträgen",
        "directory.none": "Keine Einträge passen zu diesen Filtern.",
        "directory.nojs": "Alle Einträge sind unten aufgeführt. Zum Filtern wird JavaScript "
                          "benötigt.",
        "facet.kind": "Art",
        "facet.topics": "Themen",
        "facet.countries": "Länder",
        "facet.languages": "Sprachen",
        "facet.district": "Stadtteil",
        "facet.offers": "Bietet",
        "facet.seeks": "Sucht",
        "facet.status": "Status",
        "status.active": "aktiv",
        "status.inactive": "derzeit nicht aktiv",
        "status.dissolved": "aufgelöst",
        "profile.kind": "Art",
        "profile.topics": "Themen",
        "profile.countries": "Herkunfts- und Partnerländer",
        "profile.languages": "Sprachen",
        "profile.offers": "Bietet",
        "profile.seeks": "Sucht",
        "profile.facts": "Auf einen Blick",
        "profile.founded": "Gegründet",
        "profile.members": "Mitglieder",
        "profile.members_approx": "etwa {count}",
        "profile.volunteer_run": "Ehrenamtlich geführt",
        "profile.yes": "ja",
        "profile.no": "nein",
        "profile.contact": "Kontakt",
        "profile.website": "Website",
        "profile.email": "E-Mail",
        "profile.phone": "Telefon",
        "profile.address": "Adresse",
        "profile.opening_hours": "Öffnungszeiten",
        "profile.social": "Soziale Medien",
        "profile.people": "Ansprechpersonen",
        "profile.member_of": "Mitglied in",
        "profile.members_list": "Mitglieder dieses Bündnisses",
        "profile.events": "Nächste Termine",
        "profile.no_events": "Derzeit keine angekündigten Termine.",
        "profile.events_feed": "Termine abonnieren",
        "profile.map": "Lage",
        "profile.map_link": "Auf der Karte zeigen",
        "profile.reviewed": "Zuletzt vom Verein bestätigt am {date}.",
        "profile.stale": "Dieses Profil wurde seit mehr als {months} Monaten nicht bestätigt; "
                         "Angaben können veraltet sein.",
        "profile.changed": "Zuletzt geändert am {date}",
        "profile.history": "Änderungsverlauf",
        "profile.edit": "Dieses Profil bearbeiten",
        "profile.report": "Eine Änderung melden",
        "profile.other_languages": "Auch in anderen Sprachen",
        "profile.description": "Über uns",
        "profile.logo": "Logo von {name}",
        "profile.back": "Zurück zum Verzeichnis",
        "profile.status_note_inactive": "Dieser Verein ist derzeit nicht aktiv.",
        "profile.status_note_dissolved": "Dieser Verein ist aufgelöst.",
        "email.at": "(at)",
        "map.title": "Karte",
        "map.description": "Vereine und Initiativen in {city} auf der Karte.",
        "map.consent_title": "Karte laden?",
        "map.consent_text": "Die Kartenkacheln kommen von OpenStreetMap (tile.openstreetmap.org). "
                            "Wenn Sie die Karte laden, überträgt Ihr Browser Ihre IP-Adresse an "
                            "die OpenStreetMap Foundation. Ohne Ihre Zustimmung wird nichts "
                            "geladen.",
        "map.consent_remember": "Entscheidung auf diesem Gerät merken",
        "map.consent_button": "Karte laden",
        "map.consent_revoke": "Zustimmung zur Karte widerrufen",
        "map.privacy": "Mehr in der Datenschutzerklärung",
        "map.list": "Alle Orte als Liste",
        "map.count": "{count} Vereine mit Standort",
        "overview.title": "Überblick",
        "overview.description": "Die Landschaft der Vereine in {city} auf einen Blick: Arten, "
                                "Themen, Länder, Sprachen, Stadtteile, Bündnisse und wer was "
                                "sucht und bietet.",
        "overview.by_kind": "Nach Art",
        "overview.by_topic": "Nach Themen",
        "overview.by_country": "Nach Herkunfts- und Partnerländern",
        "overview.by_language": "Nach Sprachen",
        "overview.by_district": "Nach Stadtteilen",
        "overview.alliances": "Bündnisse und ihre Mitglieder",
        "overview.matchmaking": "Wer sucht, wer bietet?",
        "overview.matchmaking_intro": "Für jeden Bedarf: die Vereine, die ihn suchen, und die, die "
                                      "ihn anbieten.",
        "overview.need": "Bedarf",
        "overview.seekers": "Gesucht von",
        "overview.offerers": "Angeboten von",
        "overview.nobody": "noch niemand",
        "overview.table": "Zahlen als Tabelle",
        "overview.count": "Anzahl",
        "overview.totals": "{associations} Vereine, {events} Termine, {countries} Länder, "
                           "{languages} Sprachen",
        "home.counts": "Auf einen Blick",
        "home.associations": "Vereine und Initiativen",
        "home.events": "Termine",
        "home.countries": "Herkunfts- und Partnerländer",
        "home.languages": "Sprachen",
        "home.newest": "Neu im Verzeichnis",
        "home.next_events": "Nächste Termine",
        "home.all_events": "Alle Termine",
        "home.latest_newsletter": "Aktueller Rundbrief",
        "home.join": "Mitmachen",
        "home.join_text": "Ihr Verein fehlt oder die Angaben sind veraltet? So tragen Sie ihn ein "
                          "oder ändern ihn.",
        "home.to_directory": "Zum Verzeichnis",
        "data.title": "Offene Daten",
        "data.description": "Alle Einträge als JSON und CSV unter CC BY 4.0, mit JSON-Schemas.",
        "footer.privacy": "Datenschutz",
        "footer.imprint": "Impressum",
        "footer.data": "Offene Daten",
        "skip": "Zum Inhalt springen",
        "event.status.cancelled": "abgesagt",
        "event.status.postponed": "verschoben",
        "event.online": "online",
    },
    "en": {
        "nav.home": "Home",
        "nav.directory": "Directory",
        "nav.map": "Map",
        "nav.overview": "Overview",
        "nav.events": "Events",
        "nav.newsletter": "Newsletter",
        "nav.contribute": "Contribute",
        "nav.data": "Open data",
        "nav.label": "Main navigation",
        "lang.switch": "Language",
        "lang.other": "Deutsch",
        "directory.title": "Directory",
        "directory.description": "All {count} associations and initiatives in {city}: search "
                                 "and filter by topic, language, origin and district.",
        "directory.search": "Search by name or description",
        "directory.filters": "Filters",
        "directory.reset": "Reset all filters",
        "directory.results": "{count} of {total} entries",
        "directory.none": "No entries match these filters.",
        "directory.nojs": "All entries are listed below. Filtering needs JavaScript.",
        "facet.kind": "Kind",
        "facet.topics": "Topics",
        "facet.countries": "Countries",
        "facet.languages": "Languages",
        "facet.district": "District",
        "facet.offers": "Offers",
        "facet.seeks": "Seeks",
        "facet.status": "Status",
        "status.active": "active",
        "status.inactive": "currently inactive",
        "status.dissolved": "dissolved",
        "profile.kind": "Kind",
        "profile.topics": "Topics",
        "profile.countries": "Countries of origin and partnership",
        "profile.languages": "Languages",
        "profile.offers": "Offers",
        "profile.seeks": "Seeks",
        "profile.facts": "At a glance",
        "profile.founded": "Founded",
        "profile.members": "Members",
        "profile.members_approx": "about {count}",
        "profile.volunteer_run": "Run by volunteers",
        "profile.yes": "yes",
        "profile.no": "no",
        "profile.contact": "Contact",
        "profile.website": "Website",
        "profile.email": "Email",
        "profile.phone": "Phone",
        "profile.address": "Address",
        "profile.opening_hours": "Opening hours",
        "profile.social": "Social media",
        "profile.people": "Contact persons",
        "profile.member_of": "Member of",
        "profile.members_list": "Members of this alliance",
        "profile.events": "Upcoming events",
        "profile.no_events": "No events announced at the moment.",
        "profile.events_feed": "Subscribe to events",
        "profile.map": "Location",
        "profile.map_link": "Show on the map",
        "profile.reviewed": "Last confirmed by the association on {date}.",
        "profile.stale": "This profile has not been confirmed for more than {months} months; "
                         "details may be out of date.",
        "profile.changed": "Last changed on {date}",
        "profile.history": "History of changes",
        "profile.edit": "Edit this profile",
        "profile.report": "Report a change",
        "profile.other_languages": "Also in other languages",
        "profile.description": "About us",
        "profile.logo": "Logo of {name}",
        "profile.back": "Back to the directory",
        "profile.status_note_inactive": "This association is currently inactive.",
        "profile.status_note_dissolved": "This association has been dissolved.",
        "email.at": "(at)",
        "map.title": "Map",
        "map.description": "Associations and initiatives in {city} on a map.",
        "map.consent_title": "Load the map?",
        "map.consent_text": "The map tiles come from OpenStreetMap (tile.openstreetmap.org). "
                            "When you load the map, your browser sends your IP address to the "
                            "OpenStreetMap Foundation. Nothing is loaded without your consent.",
        "map.consent_remember": "Remember my choice on this device",
        "map.consent_button": "Load the map",
        "map.consent_revoke": "Withdraw consent to the map",
        "map.privacy": "More in the privacy notice",
        "map.list": "All places as a list",
        "map.count": "{count} associations with a location",
        "overview.title": "Overview",
        "overview.description": "The landscape of associations in {city} at a glance: kinds, "
                                "topics, countries, languages, districts, alliances and who "
                                "seeks and offers what.",
        "overview.by_kind": "By kind",
        "overview.by_topic": "By topic",
        "overview.by_country": "By country of origin or partnership",
        "overview.by_language": "By language",
        "overview.by_district": "By district",
        "overview.alliances": "Alliances and their members",
        "overview.matchmaking": "Who seeks, who offers?",
        "overview.matchmaking_intro": "For each need: the associations that seek it and those "
                                      "that offer it.",
        "overview.need": "Need",
        "overview.seekers": "Sought by",
        "overview.offerers": "Offered by",
        "overview.nobody": "nobody yet",
        "overview.table": "Figures as a table",
        "overview.count": "Count",
        "overview.totals": "{associations} associations, {events} events, {countries} countries, "
                           "{languages} languages",
        "home.counts": "At a glance",
        "home.associations": "Associations and initiatives",
        "home.events": "Events",
        "home.countries": "Countries of origin and partnership",
        "home.languages": "Languages",
        "home.newest": "New in the directory",
        "home.next_events": "Next events",
        "home.all_events": "All events",
        "home.latest_newsletter": "Latest newsletter",
        "home.join": "Join in",
        "home.join_text": "Is your association missing, or are its details out of date? Here is "
                          "how to add or change it.",
        "home.to_directory": "To the directory",
        "data.title": "Open data",
        "data.description": "All entries as JSON and CSV under CC BY 4.0, with JSON Schemas.",
        "footer.privacy": "Privacy",
        "footer.imprint": "Legal notice",
        "footer.data": "Open data",
        "skip": "Skip to content",
        "event.status.cancelled": "cancelled",
        "event.status.postponed": "postponed",
        "event.online": "online",
    },
}


def t(lang: str, key: str, **kwargs: Any) -> str:
    """An interface string; English when a language lacks it, the key when both do."""
    table = STRINGS.get(lang) or STRINGS["en"]
    text = table.get(key) or STRINGS["en"].get(key) or key
    return text.format(**kwargs) if kwargs else text


FORMAT_LOCALES = {"en": "en_GB"}
"""English dates in European order (Saturday, 5 December 2026), as a German site's readers
expect; names of countries and languages are the same in both."""


@cache
def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(FORMAT_LOCALES.get(lang, lang).replace("-", "_"))
    except (ValueError, LookupError):
        return Locale("en")


def format_date(value: date | datetime, lang: str, fmt: str = "long") -> str:
    """``23. November 2026`` / ``23 November 2026``; ``full`` adds the weekday."""
    if isinstance(value, datetime):
        value = value.date()
    return _babel_date(value, format=fmt, locale=_locale(lang))


def format_time(value: datetime, lang: str) -> str:
    return _babel_time(value, format="short", locale=_locale(lang), tzinfo=value.tzinfo)


def format_datetime(value: datetime, lang: str, fmt: str = "medium") -> str:
    return _babel_datetime(value, format=fmt, locale=_locale(lang), tzinfo=value.tzinfo)


def country_name(code: str, lang: str) -> str:
    return _locale(lang).territories.get(code.upper(), code)


def language_name(code: str, lang: str) -> str:
    """CLDR's name of a language code in ``lang``: ``ta`` -> ``Tamil``, ``pt-BR`` -> …"""
    if not code:
        return ""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(_locale(lang))
    except (ValueError, LookupError):
        name = _locale(lang).languages.get(code.split("-")[0])
    return name or code


def _hour_skeleton(lang: str) -> str:
    """``Hm`` (13:00) or ``hm`` (1:00 PM), as the language writes times."""
    if lang.startswith("en"):
        return "hm"
    pattern = _locale(lang).time_formats["short"].pattern
    return "hm" if "h" in pattern else "Hm"


def format_span(start: date | datetime, end: date | datetime | None, lang: str) -> str:
    """When something happens, in words: ``Samstag, 5. Dezember 2026, 10:00–13:00 Uhr``.

    All-day ends are inclusive (the last day), as records write them.
    """
    locale = _locale(lang)
    if not isinstance(start, datetime):
        if end is None or end == start:
            return format_date(start, lang, "full")
        return format_interval(start, end, "yMMMMEEEEd", locale=locale)
    day = format_date(start, lang, "full")
    hours = _hour_skeleton(lang)
    if end is None:
        return f"{day}, {format_skeleton(hours, start, locale=locale)}"
    if isinstance(end, datetime) and end.date() == start.date():
        return f"{day}, {format_interval(start.timetz(), end.timetz(), hours, locale=locale)}"
    return f"{format_span(start, None, lang)} – {format_span(end, None, lang)}"


def timezone_name(tz: str, lang: str) -> str:
    """``America/New_York`` -> ``New York`` style names from CLDR, for a short note."""
    try:
        return get_timezone_location(tz, locale=_locale(lang), return_city=True)
    except (LookupError, ValueError):
        return tz
