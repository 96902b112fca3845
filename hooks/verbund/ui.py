"""The interface in German and English, and localised dates and names from CLDR.

Interface strings live here, not in templates, so both languages stay side by side and
a missing translation is a failing test rather than a mixed-language page. Dates,
country and language names come from Babel (CLDR), never from hand-made tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from functools import cache, lru_cache
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
        "directory.nojs_pages": "Die Einträge sind unten seitenweise aufgeführt. Zum Suchen "
                                "und Filtern wird JavaScript benötigt.",
        "directory.more": "Weitere Einträge anzeigen",
        "directory.loading": "Die Suche wird geladen …",
        "directory.load_error": "Die Suche konnte nicht geladen werden. Die Einträge sind "
                                "unten seitenweise aufgeführt.",
        "directory.pages": "Seiten des Verzeichnisses",
        "directory.page": "Seite {page}",
        "directory.page_of": "Seite {page} von {pages}",
        "directory.previous": "Vorherige Seite",
        "directory.next": "Nächste Seite",
        "directory.page_title": "Verzeichnis, Seite {page}",
        "directory.page_description": "Vereine und Initiativen in {city}, Einträge {first} bis "
                                      "{last} von {total}.",
        "directory.page_intro": "Einträge {first} bis {last} von {total}.",
        "directory.to_search": "Zur Suche mit Filtern",
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
        "overview.more": "und {count} weitere",
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
        # --- calendar: /events/, event pages, archive, subscribing, .ics texts ---
        "event.status.scheduled": "findet statt",
        "event.status_note.cancelled": "Dieser Termin ist abgesagt.",
        "event.status_note.postponed": "Dieser Termin ist verschoben; der neue Termin steht "
                                       "noch nicht fest.",
        "event.past": "Dieser Termin liegt in der Vergangenheit.",
        "event.when": "Wann",
        "event.next_dates": "Nächste Termine",
        "event.more_dates": "Weitere Termine stehen in der Kalenderdatei.",
        "event.past_dates": "Frühere Termine ({count})",
        "event.repeats": "Wiederkehrender Termin",
        "event.timezone": "Zeitangaben in Ortszeit {zone}.",
        "event.site_time": "In {city}: {when}",
        "event.where": "Ort",
        "event.map_link": "Auf OpenStreetMap zeigen",
        "event.map_note": "externe Seite; erst beim Klick wird etwas von dort geladen",
        "event.mode": "Teilnahme",
        "event.online_link": "Online teilnehmen",
        "event.organizers": "Veranstaltet von",
        "event.format": "Format",
        "event.topics": "Themen",
        "event.languages": "Sprachen",
        "event.registration": "Anmeldung",
        "event.cost": "Kosten",
        "event.accessibility": "Barrierefreiheit",
        "event.description": "Beschreibung",
        "event.details": "Auf einen Blick",
        "event.calendar": "In den Kalender",
        "event.add": "Zum Kalender hinzufügen (.ics)",
        "event.add_help": "Die Datei übernimmt diesen Termin einmalig in Ihren Kalender. "
                          "Damit spätere Änderungen und Absagen ankommen, abonnieren Sie "
                          "lieber einen Kalender:",
        "event.subscribe_organizer": "Termine von {name} abonnieren",
        "event.more": "Details",
        "event.edit": "Diesen Termin bearbeiten",
        "event.back": "Alle kommenden Termine",
        "events.title": "Termine",
        "events.description": "Kommende Termine der Vereine und Initiativen in {city}: "
                              "filtern nach Thema, Format, Sprache, Veranstalter, Teilnahme "
                              "und Barrierefreiheit.",
        "events.search": "Suche nach Titel, Ort oder Veranstalter",
        "events.results": "{count} von {total} Terminen",
        "events.more": "Hier stehen die nächsten Termine; {count} weitere stehen im "
                       "Kalender-Abo und auf den Seiten der Vereine.",
        "events.none": "Keine Termine passen zu diesen Filtern.",
        "events.empty": "Derzeit sind keine Termine angekündigt.",
        "events.nojs": "Alle Termine sind unten aufgeführt. Zum Filtern wird JavaScript "
                       "benötigt.",
        "events.window": "Wiederkehrende Termine stehen hier bis {date}; der abonnierte "
                         "Kalender enthält alle.",
        "events.archive_link": "Vergangene Termine",
        "events.subscribe_link": "Kalender abonnieren",
        "events.feed_https": "iCalendar-Datei (https)",
        "events.feed_webcal": "Abonnieren (webcal)",
        "events.mode.in-person": "vor Ort",
        "events.mode.online": "online",
        "events.mode.hybrid": "hybrid (vor Ort und online)",
        "facet.format": "Format",
        "facet.organizers": "Veranstalter",
        "facet.mode": "Teilnahme",
        "facet.accessibility": "Barrierefreiheit",
        "events.archive.title": "Vergangene Termine",
        "events.archive.description": "Alle vergangenen Termine in {city}, nach Jahren.",
        "events.archive.dates": "{count} Termine vom {first} bis {last}",
        "events.archive.empty": "Noch keine vergangenen Termine.",
        "events.subscribe.title": "Termine abonnieren",
        "events.subscribe.description": "Die Termine aus {city} im eigenen Kalender: alle, "
                                        "nach Thema oder nach Verein – mit Google Kalender, "
                                        "Outlook, Apple Kalender und anderen Programmen.",
        "events.subscribe.intro": "Ein Abonnement hält Ihren Kalender aktuell: neue Termine, "
                                  "Änderungen und Absagen kommen von selbst an. Ihr "
                                  "Kalenderprogramm ruft die Datei dazu regelmäßig ab, meist "
                                  "alle paar Stunden bis einmal am Tag; diese Website wird "
                                  "täglich neu erstellt.",
        "events.subscribe.all": "Alle Termine",
        "events.subscribe.copy": "Adresse zum Kopieren",
        "events.subscribe.by_topic": "Nach Thema",
        "events.subscribe.by_topic_intro": "Für jedes Thema gibt es einen eigenen Kalender "
                                           "unter {pattern}, zum Beispiel {example}.",
        "events.subscribe.by_organizer": "Nach Verein",
        "events.subscribe.by_organizer_intro": "Jeder Verein hat einen eigenen Kalender unter "
                                               "{pattern}; der Link steht auch auf seiner "
                                               "Profilseite.",
        "events.subscribe.one_event": "Einen einzelnen Termin",
        "events.subscribe.one_event_text": "Auf jeder Terminseite lädt „Zum Kalender "
                                           "hinzufügen“ die Datei {pattern}. Sie übernimmt den "
                                           "Termin einmalig; spätere Änderungen kommen nur über "
                                           "ein Abonnement an.",
        "events.subscribe.count": "{count} Termine",
        "events.subscribe.how": "So geht es",
        "events.subscribe.google": "Google Kalender",
        "events.subscribe.google_1": "Öffnen Sie calendar.google.com am Computer (in der App "
                                     "auf dem Telefon geht es nicht).",
        "events.subscribe.google_2": "Klicken Sie links neben „Weitere Kalender“ auf „+“ und "
                                     "dann auf „Per URL“.",
        "events.subscribe.google_3": "Fügen Sie die https-Adresse des Kalenders ein und klicken "
                                     "Sie auf „Kalender hinzufügen“.",
        "events.subscribe.google_4": "Nach kurzer Zeit erscheint er auch in der App auf dem "
                                     "Telefon. Google aktualisiert abonnierte Kalender in "
                                     "eigenen Abständen, oft erst nach vielen Stunden.",
        "events.subscribe.outlook": "Outlook",
        "events.subscribe.outlook_1": "Outlook im Web und das neue Outlook: Kalender öffnen, "
                                      "„Kalender hinzufügen“ wählen, dann „Aus dem Internet "
                                      "abonnieren“.",
        "events.subscribe.outlook_2": "Die https-Adresse einfügen, einen Namen vergeben und "
                                      "„Importieren“ klicken.",
        "events.subscribe.outlook_3": "Klassisches Outlook unter Windows: im Kalender "
                                      "„Kalender hinzufügen“ → „Aus dem Internet“ wählen, die "
                                      "Adresse einfügen und mit „Ja“ bestätigen. Oder einfach "
                                      "auf den webcal-Link klicken.",
        "events.subscribe.apple": "Apple Kalender (Mac, iPhone, iPad)",
        "events.subscribe.apple_1": "Am einfachsten: auf den webcal-Link klicken oder tippen "
                                    "und „Abonnieren“ bestätigen.",
        "events.subscribe.apple_2": "Am Mac von Hand: „Ablage“ → „Neues Kalenderabonnement“, "
                                    "die Adresse einfügen, „Abonnieren“; unter „Automatisch "
                                    "aktualisieren“ z. B. „Jeden Tag“ wählen.",
        "events.subscribe.apple_3": "Am iPhone oder iPad von Hand: Einstellungen → Apps → "
                                    "Kalender → Kalender-Accounts → Account hinzufügen → "
                                    "Andere → Kalenderabo hinzufügen.",
        "events.subscribe.other": "Andere Programme",
        "events.subscribe.other_1": "Thunderbird, Android-Kalender-Apps mit Abo-Funktion und "
                                    "die meisten anderen Programme verstehen die https-Adresse "
                                    "als „Kalender im Netzwerk“ oder „Abonnement“ (Format "
                                    "iCalendar, .ics).",
        "events.subscribe.privacy": "Beim Abruf sieht der Server dieser Website (GitHub "
                                    "Pages) die IP-Adresse des abrufenden Dienstes; bei "
                                    "Google Kalender und Outlook ist das ein Server von "
                                    "Google bzw. Microsoft, nicht Ihr Gerät. Die "
                                    "Kalenderdateien enthalten nur die veröffentlichten "
                                    "Termine.",
        "events.subscribe.language": "Die Kalenderdateien sind auf {language}.",
        "calendar.summary.cancelled": "Abgesagt: {title}",
        "calendar.summary.postponed": "Verschoben: {title}",
        "calendar.note.cancelled": "ABGESAGT – dieser Termin findet nicht statt.",
        "calendar.note.postponed": "VERSCHOBEN – der neue Termin steht noch nicht fest.",
        "calendar.name.all": "{site} – Termine",
        "calendar.name.organizer": "{name} – Termine",
        "calendar.name.topic": "{topic} – Termine ({site})",
        "calendar.description.all": "Alle Termine der Vereine und Initiativen in {city}.",
        "calendar.description.organizer": "Termine von {name} ({site}).",
        "calendar.description.topic": "Termine zum Thema {topic} in {city}.",
        "newsletter.title": "Rundbrief",
        "newsletter.description": "Alle Ausgaben des Rundbriefs, die neueste zuerst.",
        "newsletter.none": "Es ist noch keine Ausgabe erschienen.",
        "newsletter.written_in": "Diese Ausgabe ist auf {language} geschrieben.",
        "newsletter.previous": "Vorherige Ausgabe",
        "newsletter.next": "Nächste Ausgabe",
        "newsletter.archive": "Alle Ausgaben",
        "newsletter.subscribe": "Rundbrief abonnieren",
        "newsletter.subscribe_lead": "Keine Ausgabe verpassen: per RSS oder Atom im Feedreader "
                                     "oder per E-Mail.",
        "newsletter.how_to_subscribe": "So abonnieren Sie",
        "newsletter.rss": "RSS-Feed",
        "newsletter.atom": "Atom-Feed",
        "newsletter.email_version": "E-Mail-Fassung (HTML)",
        "newsletter.read_online": "Im Browser lesen",
        "newsletter.email_footer": "Sie erhalten diesen Rundbrief von {site}.",
        "newsletter.editor": "Redaktion",
        "newsletter.category": "Rundbrief",
        "newsletter.digest_new": "Neu im Verzeichnis",
        "newsletter.digest_new_since": "Seit der letzten Ausgabe vom {date} neu eingetragen:",
        "newsletter.digest_new_first": "In den {days} Tagen vor dieser Ausgabe neu eingetragen:",
        "newsletter.digest_new_none": "Seit der letzten Ausgabe sind keine Einträge neu "
                                      "hinzugekommen.",
        "newsletter.digest_upcoming": "Demnächst",
        "newsletter.digest_upcoming_intro": "Termine vom {start} bis zum {end}:",
        "newsletter.digest_upcoming_none": "Für diesen Zeitraum sind keine Termine eingetragen.",
        "newsletter.digest_also": "Auch am {dates}",
        "newsletter.digest_more_associations": "… und {count} weitere neue Einträge im "
                                               "Verzeichnis",
        "newsletter.digest_more_events": "… und {count} weitere Termine im Kalender",
        "newsletter.subscribe.description": "Den Rundbrief und die Termine per RSS, Atom oder "
                                            "E-Mail verfolgen.",
        "newsletter.subscribe.what_title": "Was ist RSS?",
        "newsletter.subscribe.what": "RSS und Atom sind offene Formate, in denen eine Website "
                                     "ihre neuen Beiträge als Liste veröffentlicht. Ein "
                                     "Feedreader – eine App oder ein Webdienst – fragt diese "
                                     "Liste regelmäßig ab und zeigt Ihnen jede neue Ausgabe, "
                                     "ohne Anmeldung, ohne E-Mail-Adresse und ohne Tracking.",
        "newsletter.subscribe.feeds_title": "Die Adressen der Feeds",
        "newsletter.subscribe.feeds_intro": "Kopieren Sie eine dieser Adressen in Ihren "
                                            "Feedreader:",
        "newsletter.subscribe.feed_rss": "Rundbrief als RSS 2.0",
        "newsletter.subscribe.feed_atom": "Rundbrief als Atom (derselbe Inhalt; nehmen Sie "
                                          "den, den Ihr Programm anbietet)",
        "newsletter.subscribe.feed_directory": "Neue und aktualisierte Einträge im "
                                               "Verzeichnis (RSS)",
        "newsletter.subscribe.feed_events": "Kommende Termine (RSS)",
        "newsletter.subscribe.feed_calendar": "Alle Termine als Kalender-Abonnement "
                                              "(iCalendar, für Kalender-Apps)",
        "newsletter.subscribe.readers_title": "So folgen Sie in gängigen Programmen",
        "newsletter.subscribe.reader_web": "Feedly, Inoreader oder NewsBlur (im Browser und als "
                                           "App): „Hinzufügen“ bzw. „Follow“ wählen und die "
                                           "Adresse des Rundbrief-Feeds einfügen.",
        "newsletter.subscribe.reader_thunderbird": "Thunderbird: Unter „Neu“ ein Feed-Konto "
                                                   "anlegen, dann „Abonnements verwalten“ "
                                                   "öffnen und die Adresse einfügen.",
        "newsletter.subscribe.reader_apps": "NetNewsWire (Mac, iPhone), Feeder (Android) und "
                                            "die meisten anderen Apps: „Feed hinzufügen“ "
                                            "wählen und die Adresse einfügen.",
        "newsletter.subscribe.reader_auto": "Viele Feedreader finden die Feeds selbst, wenn Sie "
                                            "nur die Adresse dieser Website eingeben: {url}",
        "newsletter.subscribe.email_title": "Per E-Mail verschicken (für die Redaktion)",
        "newsletter.subscribe.guide": "So schreibt die Redaktion eine Ausgabe",
        "newsletter.subscribe.email_intro": "Diese Website verschickt selbst keine E-Mails und "
                                            "speichert keine Adressen. Wer den Rundbrief per "
                                            "E-Mail verteilen möchte, nutzt einen üblichen "
                                            "RSS-to-Email-Dienst, etwa die RSS-Kampagnen von "
                                            "Mailchimp oder MailerLite oder Buttondown:",
        "newsletter.subscribe.email_step_feed": "Im Dienst eine RSS-Kampagne („RSS to Email“) "
                                                "anlegen und als Quelle die Adresse des "
                                                "Rundbrief-Feeds eintragen:",
        "newsletter.subscribe.email_step_schedule": "Einen Zeitplan wählen, zum Beispiel "
                                                    "täglich. Der Dienst prüft dann den Feed "
                                                    "und verschickt jede neue Ausgabe mit dem "
                                                    "vollständigen Text an alle, die sich "
                                                    "angemeldet haben.",
        "newsletter.subscribe.email_step_form": "Das Anmeldeformular des Dienstes (mit "
                                                "Bestätigung per E-Mail, „Double-Opt-in“) auf "
                                                "der Website verlinken.",
        "newsletter.subscribe.email_step_manual": "Oder jede Ausgabe von Hand verschicken: "
                                                  "Unter jeder Ausgabe steht eine "
                                                  "E-Mail-Fassung (…/email.html), eine einzelne "
                                                  "HTML-Datei ohne Skripte und ohne externe "
                                                  "Inhalte, die sich in jedes Mailing-Programm "
                                                  "übernehmen lässt.",
        "newsletter.subscribe.email_privacy": "Der Dienst verarbeitet die E-Mail-Adressen im "
                                              "Auftrag des Netzwerks: Dafür braucht es einen "
                                              "Vertrag zur Auftragsverarbeitung (Art. 28 "
                                              "DSGVO), und der Dienst gehört in die "
                                              "Datenschutzerklärung.",
        "feeds.newsletter_rss": "{title} (RSS)",
        "feeds.newsletter_atom": "{title} (Atom)",
        "feeds.directory_title": "{site}: neu und aktualisiert im Verzeichnis",
        "feeds.directory_description": "Neue und geänderte Einträge im Verzeichnis der Vereine "
                                       "und Initiativen in {city}.",
        "feeds.events_title": "{site}: kommende Termine",
        "feeds.events_description": "Die nächsten Termine der Vereine und Initiativen in {city}.",
        "feeds.new": "Neu im Verzeichnis seit {date}.",
        "feeds.updated": "Aktualisiert am {date}.",
        "feeds.confirmed": "Zuletzt vom Verein bestätigt am {date}.",
        "feeds.category_new": "neu",
        "feeds.category_updated": "aktualisiert",
        "feeds.organizers": "Veranstaltet von {names}.",
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
        "directory.nojs_pages": "The entries are listed below, page by page. Searching and "
                                "filtering need JavaScript.",
        "directory.more": "Show more entries",
        "directory.loading": "Loading the search …",
        "directory.load_error": "The search could not be loaded. The entries are listed below, "
                                "page by page.",
        "directory.pages": "Pages of the directory",
        "directory.page": "Page {page}",
        "directory.page_of": "Page {page} of {pages}",
        "directory.previous": "Previous page",
        "directory.next": "Next page",
        "directory.page_title": "Directory, page {page}",
        "directory.page_description": "Associations and initiatives in {city}, entries {first} "
                                      "to {last} of {total}.",
        "directory.page_intro": "Entries {first} to {last} of {total}.",
        "directory.to_search": "To the search with filters",
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
        "overview.more": "and {count} more",
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
        # --- calendar: /events/, event pages, archive, subscribing, .ics texts ---
        "event.status.scheduled": "takes place",
        "event.status_note.cancelled": "This event has been cancelled.",
        "event.status_note.postponed": "This event has been postponed; the new date has not "
                                       "been fixed yet.",
        "event.past": "This event is in the past.",
        "event.when": "When",
        "event.next_dates": "Next dates",
        "event.more_dates": "Further dates are in the calendar file.",
        "event.past_dates": "Earlier dates ({count})",
        "event.repeats": "Repeating event",
        "event.timezone": "Times are local time in {zone}.",
        "event.site_time": "In {city}: {when}",
        "event.where": "Where",
        "event.map_link": "Show on OpenStreetMap",
        "event.map_note": "external site; nothing is loaded from it until you click",
        "event.mode": "Taking part",
        "event.online_link": "Join online",
        "event.organizers": "Organised by",
        "event.format": "Format",
        "event.topics": "Topics",
        "event.languages": "Languages",
        "event.registration": "Registration",
        "event.cost": "Cost",
        "event.accessibility": "Accessibility",
        "event.description": "About the event",
        "event.details": "At a glance",
        "event.calendar": "Add to your calendar",
        "event.add": "Add to calendar (.ics)",
        "event.add_help": "The file copies this event into your calendar once. To receive "
                          "later changes and cancellations, subscribe to a calendar instead:",
        "event.subscribe_organizer": "Subscribe to events by {name}",
        "event.more": "Details",
        "event.edit": "Edit this event",
        "event.back": "All upcoming events",
        "events.title": "Events",
        "events.description": "Upcoming events of the associations and initiatives in {city}: "
                              "filter by topic, format, language, organiser, how to take "
                              "part and accessibility.",
        "events.search": "Search by title, place or organiser",
        "events.results": "{count} of {total} events",
        "events.more": "These are the next events; {count} more are in the calendar feed "
                       "and on the associations' pages.",
        "events.none": "No events match these filters.",
        "events.empty": "No events are announced at the moment.",
        "events.nojs": "All events are listed below. Filtering needs JavaScript.",
        "events.window": "Repeating events are listed here until {date}; the calendar "
                         "subscription contains them all.",
        "events.archive_link": "Past events",
        "events.subscribe_link": "Subscribe to the calendar",
        "events.feed_https": "iCalendar file (https)",
        "events.feed_webcal": "Subscribe (webcal)",
        "events.mode.in-person": "in person",
        "events.mode.online": "online",
        "events.mode.hybrid": "hybrid (in person and online)",
        "facet.format": "Format",
        "facet.organizers": "Organisers",
        "facet.mode": "Taking part",
        "facet.accessibility": "Accessibility",
        "events.archive.title": "Past events",
        "events.archive.description": "All past events in {city}, by year.",
        "events.archive.dates": "{count} dates from {first} to {last}",
        "events.archive.empty": "No past events yet.",
        "events.subscribe.title": "Subscribe to events",
        "events.subscribe.description": "The events of {city} in your own calendar: all of "
                                        "them, by topic or by association – with Google "
                                        "Calendar, Outlook, Apple Calendar and other apps.",
        "events.subscribe.intro": "A subscription keeps your calendar up to date: new events, "
                                  "changes and cancellations arrive by themselves. Your "
                                  "calendar app fetches the file regularly, usually every few "
                                  "hours up to once a day; this website is rebuilt daily.",
        "events.subscribe.all": "All events",
        "events.subscribe.copy": "Address to copy",
        "events.subscribe.by_topic": "By topic",
        "events.subscribe.by_topic_intro": "Every topic has its own calendar at {pattern}, "
                                           "for example {example}.",
        "events.subscribe.by_organizer": "By association",
        "events.subscribe.by_organizer_intro": "Every association has its own calendar at "
                                               "{pattern}; the link is also on its profile "
                                               "page.",
        "events.subscribe.one_event": "A single event",
        "events.subscribe.one_event_text": "On every event page, \"Add to calendar\" downloads "
                                           "the file {pattern}. It copies the event once; later "
                                           "changes only arrive through a subscription.",
        "events.subscribe.count": "{count} events",
        "events.subscribe.how": "How to subscribe",
        "events.subscribe.google": "Google Calendar",
        "events.subscribe.google_1": "Open calendar.google.com on a computer (the phone app "
                                     "cannot add subscriptions).",
        "events.subscribe.google_2": "Next to \"Other calendars\" on the left, click \"+\", "
                                     "then \"From URL\".",
        "events.subscribe.google_3": "Paste the calendar's https address and click \"Add "
                                     "calendar\".",
        "events.subscribe.google_4": "It soon appears in the phone app as well. Google "
                                     "refreshes subscribed calendars at its own pace, often "
                                     "only after many hours.",
        "events.subscribe.outlook": "Outlook",
        "events.subscribe.outlook_1": "Outlook on the web and the new Outlook: open the "
                                      "calendar, choose \"Add calendar\", then \"Subscribe "
                                      "from web\".",
        "events.subscribe.outlook_2": "Paste the https address, give it a name and click "
                                      "\"Import\".",
        "events.subscribe.outlook_3": "Classic Outlook for Windows: in the calendar choose "
                                      "\"Add calendar\" → \"From Internet\", paste the address "
                                      "and confirm with \"Yes\". Or simply click the webcal "
                                      "link.",
        "events.subscribe.apple": "Apple Calendar (Mac, iPhone, iPad)",
        "events.subscribe.apple_1": "Easiest: click or tap the webcal link and confirm "
                                    "\"Subscribe\".",
        "events.subscribe.apple_2": "On a Mac by hand: \"File\" → \"New Calendar "
                                    "Subscription\", paste the address, \"Subscribe\"; set "
                                    "\"Auto-refresh\" to e.g. \"Every day\".",
        "events.subscribe.apple_3": "On an iPhone or iPad by hand: Settings → Apps → Calendar "
                                    "→ Calendar Accounts → Add Account → Other → Add "
                                    "Subscribed Calendar.",
        "events.subscribe.other": "Other apps",
        "events.subscribe.other_1": "Thunderbird, Android calendar apps that can subscribe, "
                                    "and most other programs accept the https address as a "
                                    "\"network calendar\" or \"subscription\" (iCalendar "
                                    "format, .ics).",
        "events.subscribe.privacy": "When a calendar is fetched, this website's server "
                                    "(GitHub Pages) sees the IP address of whatever fetches "
                                    "it; with Google Calendar and Outlook that is a Google or "
                                    "Microsoft server, not your device. The calendar files "
                                    "contain only the published events.",
        "events.subscribe.language": "The calendar files are in {language}.",
        "calendar.summary.cancelled": "Cancelled: {title}",
        "calendar.summary.postponed": "Postponed: {title}",
        "calendar.note.cancelled": "CANCELLED – this event will not take place.",
        "calendar.note.postponed": "POSTPONED – the new date has not been fixed yet.",
        "calendar.name.all": "{site} – events",
        "calendar.name.organizer": "{name} – events",
        "calendar.name.topic": "{topic} – events ({site})",
        "calendar.description.all": "All events of the associations and initiatives in {city}.",
        "calendar.description.organizer": "Events by {name} ({site}).",
        "calendar.description.topic": "Events on {topic} in {city}.",
        "newsletter.title": "Newsletter",
        "newsletter.description": "Every issue of the newsletter, the newest first.",
        "newsletter.none": "No issue has been published yet.",
        "newsletter.written_in": "This issue is written in {language}.",
        "newsletter.previous": "Previous issue",
        "newsletter.next": "Next issue",
        "newsletter.archive": "All issues",
        "newsletter.subscribe": "Subscribe to the newsletter",
        "newsletter.subscribe_lead": "Never miss an issue: follow it by RSS or Atom in a feed "
                                     "reader, or by email.",
        "newsletter.how_to_subscribe": "How to subscribe",
        "newsletter.rss": "RSS feed",
        "newsletter.atom": "Atom feed",
        "newsletter.email_version": "Email version (HTML)",
        "newsletter.read_online": "Read it online",
        "newsletter.email_footer": "You receive this newsletter from {site}.",
        "newsletter.editor": "Editorial team",
        "newsletter.category": "Newsletter",
        "newsletter.digest_new": "New in the directory",
        "newsletter.digest_new_since": "Added since the last issue of {date}:",
        "newsletter.digest_new_first": "Added in the {days} days before this issue:",
        "newsletter.digest_new_none": "No entries have been added since the last issue.",
        "newsletter.digest_upcoming": "Coming up",
        "newsletter.digest_upcoming_intro": "Events from {start} to {end}:",
        "newsletter.digest_upcoming_none": "No events are listed for this period.",
        "newsletter.digest_also": "Also on {dates}",
        "newsletter.digest_more_associations": "… and {count} more new entries in the "
                                               "directory",
        "newsletter.digest_more_events": "… and {count} more events in the calendar",
        "newsletter.subscribe.description": "Follow the newsletter and the events by RSS, Atom "
                                            "or email.",
        "newsletter.subscribe.what_title": "What is RSS?",
        "newsletter.subscribe.what": "RSS and Atom are open formats in which a website "
                                     "publishes its new posts as a list. A feed reader – an app "
                                     "or a web service – checks that list regularly and shows "
                                     "you every new issue, with no sign-up, no email address "
                                     "and no tracking.",
        "newsletter.subscribe.feeds_title": "The addresses of the feeds",
        "newsletter.subscribe.feeds_intro": "Copy one of these addresses into your feed reader:",
        "newsletter.subscribe.feed_rss": "The newsletter as RSS 2.0",
        "newsletter.subscribe.feed_atom": "The newsletter as Atom (the same content; take the "
                                          "one your program offers)",
        "newsletter.subscribe.feed_directory": "New and updated entries in the directory (RSS)",
        "newsletter.subscribe.feed_events": "Upcoming events (RSS)",
        "newsletter.subscribe.feed_calendar": "All events as a calendar subscription "
                                              "(iCalendar, for calendar apps)",
        "newsletter.subscribe.readers_title": "How to follow in common programs",
        "newsletter.subscribe.reader_web": "Feedly, Inoreader or NewsBlur (in the browser and as "
                                           "an app): choose “Add” or “Follow” and paste the "
                                           "address of the newsletter feed.",
        "newsletter.subscribe.reader_thunderbird": "Thunderbird: under “New”, create a feed "
                                                   "account, then open “Manage subscriptions” "
                                                   "and paste the address.",
        "newsletter.subscribe.reader_apps": "NetNewsWire (Mac, iPhone), Feeder (Android) and "
                                            "most other apps: choose “Add feed” and paste the "
                                            "address.",
        "newsletter.subscribe.reader_auto": "Many feed readers find the feeds themselves when "
                                            "you enter just the address of this website: {url}",
        "newsletter.subscribe.email_title": "Sending it by email (for the editorial team)",
        "newsletter.subscribe.guide": "How the editorial team writes an issue",
        "newsletter.subscribe.email_intro": "This website sends no email and stores no "
                                            "addresses. To send the newsletter by email, use a "
                                            "standard RSS-to-email service, such as the RSS "
                                            "campaigns of Mailchimp or MailerLite, or "
                                            "Buttondown:",
        "newsletter.subscribe.email_step_feed": "In the service, create an RSS campaign (“RSS "
                                                "to email”) and enter the address of the "
                                                "newsletter feed as its source:",
        "newsletter.subscribe.email_step_schedule": "Choose a schedule, for example daily. The "
                                                    "service then checks the feed and sends "
                                                    "every new issue, with its full text, to "
                                                    "everyone who signed up.",
        "newsletter.subscribe.email_step_form": "Link the service's sign-up form (with "
                                                "confirmation by email, “double opt-in”) from "
                                                "the website.",
        "newsletter.subscribe.email_step_manual": "Or send each issue by hand: below every issue "
                                                  "there is an email version (…/email.html), a "
                                                  "single HTML file without scripts or external "
                                                  "content that any mailing program can take "
                                                  "over.",
        "newsletter.subscribe.email_privacy": "The service processes the email addresses on "
                                              "behalf of the network: this needs a data "
                                              "processing agreement (Art. 28 GDPR), and the "
                                              "service belongs in the privacy notice.",
        "feeds.newsletter_rss": "{title} (RSS)",
        "feeds.newsletter_atom": "{title} (Atom)",
        "feeds.directory_title": "{site}: new and updated in the directory",
        "feeds.directory_description": "New and changed entries in the directory of "
                                       "associations and initiatives in {city}.",
        "feeds.events_title": "{site}: upcoming events",
        "feeds.events_description": "The next events of the associations and initiatives in "
                                    "{city}.",
        "feeds.new": "New in the directory since {date}.",
        "feeds.updated": "Updated on {date}.",
        "feeds.confirmed": "Last confirmed by the association on {date}.",
        "feeds.category_new": "new",
        "feeds.category_updated": "updated",
        "feeds.organizers": "Organised by {names}.",
    },
}


class _Strings(dict[str, str]):
    """One language's interface strings; a missing one is English's, else the key."""

    def __missing__(self, key: str) -> str:
        return STRINGS["en"].get(key) or key


@cache
def strings(lang: str) -> Mapping[str, str]:
    """The strings of a language, for :func:`t` and as a lookup for templates (a call to
    :func:`t` costs three times as much, and a profile page needs thirty of them)."""
    return _Strings({k: v for k, v in (STRINGS.get(lang) or STRINGS["en"]).items() if v})


def t(lang: str, key: str, **kwargs: Any) -> str:
    """An interface string; English when a language lacks it, the key when both do."""
    text = strings(lang)[key]
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


@cache  # a few hundred codes, asked on every profile page
def country_name(code: str, lang: str) -> str:
    return _locale(lang).territories.get(code.upper(), code)


@cache  # Babel parses the code on every call: 30 µs, on every profile page
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

    All-day ends are inclusive (the last day), as records write them. Times are shown as
    the wall clock they carry (callers convert to the event's zone first).
    """
    if not isinstance(start, datetime):
        if end is None or end == start:
            return _full_date(start, lang)
        return _date_range(start, end if not isinstance(end, datetime) else end.date(), lang)
    day = _full_date(start.date(), lang)
    if end is None:
        return f"{day}, {_clock(start.hour, start.minute, lang)}"
    if isinstance(end, datetime) and end.date() == start.date():
        return f"{day}, {_clock_range(start.hour, start.minute, end.hour, end.minute, lang)}"
    return f"{format_span(start, None, lang)} – {format_span(end, None, lang)}"


# Babel formats a date in about 0.1 ms; a national calendar shows half a million dates,
# made of a few thousand days and a few hundred clock times: each is formatted once.


@lru_cache(maxsize=8192)
def _full_date(value: date, lang: str) -> str:
    return format_date(value, lang, "full")


@lru_cache(maxsize=8192)
def _date_range(start: date, end: date, lang: str) -> str:
    return format_interval(start, end, "yMMMMEEEEd", locale=_locale(lang))


@lru_cache(maxsize=4096)
def _clock(hour: int, minute: int, lang: str) -> str:
    return format_skeleton(_hour_skeleton(lang), datetime(2000, 1, 1, hour, minute),
                           locale=_locale(lang))


@lru_cache(maxsize=8192)
def _clock_range(h1: int, m1: int, h2: int, m2: int, lang: str) -> str:
    return format_interval(time(h1, m1), time(h2, m2), _hour_skeleton(lang),
                           locale=_locale(lang))


def format_month(value: date, lang: str) -> str:
    """``Dezember 2026`` / ``December 2026``: the month headings of the calendar."""
    return format_skeleton("yMMMM", value, locale=_locale(lang))


def timezone_name(tz: str, lang: str) -> str:
    """``America/New_York`` -> ``New York`` style names from CLDR, for a short note."""
    try:
        return get_timezone_location(tz, locale=_locale(lang), return_city=True)
    except (LookupError, ValueError):
        return tz
