"""The fields of the contribution forms, derived from the JSON Schemas and the taxonomy.

One definition feeds three things that must never disagree: the GitHub issue forms
(``verbund issue-forms``), the web form on ``/contribute/`` and the record reference in
the guide. The schema decides what a field is (required, limits, allowed ids); this
module adds only what a schema cannot say: which fields a volunteer is asked for, in
which order, and their labels and help in German and English. Every schema field
needs a text here; a test fails when the schema grows a field without one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .forms import FORMS, RECORD_OF_FORM
from .schemas import VOCABULARIES, schema

UI = ("de", "en")
"""The languages of labels and help; record texts may be in any language."""

Texts = Mapping[str, str]

# --- texts for every schema field ----------------------------------------------------
# path -> (label de, label en, help de, help en or "" for the schema's description).

_A: dict[str, tuple[str, str, str, str]] = {
    "name": ("Name des Vereins", "Name of the association",
             "Der vollständige Name, wie er in der Satzung steht.",
             "The full name, as in the statutes."),
    "short_name": ("Kurzname", "Short name",
                   "Abkürzung oder gebräuchlicher Kurzname, höchstens 30 Zeichen.",
                   "Acronym or usual short name, at most 30 characters."),
    "kind": ("Art", "Kind", "Welche Art von Verein oder Einrichtung.",
             "What kind of association or organisation."),
    "summary": ("Kurzbeschreibung", "Summary",
                "Ein oder zwei Sätze, reiner Text, höchstens 300 Zeichen je Sprache.",
                "One or two sentences, plain text, at most 300 characters per language."),
    "description": ("Beschreibung", "Description",
                    "Längere Beschreibung in Markdown (**fett**, Listen, Links), höchstens "
                    "5.000 Zeichen je Sprache; kein HTML.",
                    "A longer description in Markdown (**bold**, lists, links), at most 5,000 "
                    "characters per language; no HTML."),
    "topics": ("Themen", "Topics", "1 bis 8 Handlungsfelder.", "1 to 8 fields of action."),
    "countries": ("Herkunfts- und Partnerländer", "Countries",
                  "ISO-Ländercodes mit zwei Großbuchstaben, durch Kommas getrennt: TR, SY, LK.",
                  "Two-letter ISO country codes, separated by commas: TR, SY, LK."),
    "languages": ("Sprachen", "Languages",
                  "Sprachen, in denen der Verein arbeitet, als Codes: de, tr, ar, ta.",
                  "Languages the association works in, as codes: de, tr, ar, ta."),
    "offers": ("Wir bieten", "We offer", "Was der Verein anderen anbieten kann.",
               "What the association can offer others."),
    "seeks": ("Wir suchen", "We are looking for", "Was der Verein sucht.",
              "What the association is looking for."),
    "member_of": ("Mitglied in", "Member of",
                  "Kurznamen (Adressen) von Bündnissen oder Dachverbänden in diesem "
                  "Verzeichnis, durch Kommas getrennt.",
                  "Slugs (web addresses) of alliances or umbrella associations in this "
                  "directory, separated by commas."),
    "founded": ("Gründungsjahr", "Year founded", "Jahr der Gründung, z. B. 1998.",
                "Year of foundation, e.g. 1998."),
    "members": ("Mitglieder", "Members", "Ungefähre Zahl der Mitglieder.",
                "Approximate number of members."),
    "volunteer_run": ("Rein ehrenamtlich", "Run by volunteers",
                      "Ja, wenn der Verein ausschließlich ehrenamtlich arbeitet.",
                      "Yes if the association is run by volunteers only."),
    "contact": ("Kontakt", "Contact",
                "Wie der Verein erreichbar ist; bitte Funktionsadressen (info@…) statt "
                "privater Adressen.",
                "How to reach the association; please use role addresses (info@…) rather "
                "than private ones."),
    "contact.website": ("Website", "Website", "Adresse der Website, mit https://.",
                        "Web address, with https://."),
    "contact.email": ("E-Mail", "Email",
                      "Eine Funktionsadresse wie info@… oder vorstand@…, keine private "
                      "Adresse.",
                      "A role address such as info@… or board@…, not a private one."),
    "contact.phone": ("Telefon", "Phone",
                      "Möglichst international: +49 561 123456.",
                      "Ideally international: +49 561 123456."),
    "contact.address": ("Anschrift", "Address", "Anschrift des Vereins oder Treffpunkts.",
                        "Postal address of the association or its meeting place."),
    "contact.address.street": ("Straße und Hausnummer", "Street and number",
                               "Straße und Hausnummer.",
                               "Street and house number."),
    "contact.address.postcode": ("Postleitzahl", "Postcode",
                                 "Postleitzahl, als Text: \"01067\".",
                                 "Postcode, as text: \"01067\"."),
    "contact.address.city": ("Ort", "City", "Stadt oder Gemeinde.", "City or town."),
    "contact.address.district": ("Stadtteil", "District", "Stadtteil.", "District of the city."),
    "contact.geo": ("Koordinaten", "Coordinates",
                    "Breite, Länge in Grad, z. B. 51.3127, 9.4797 (aus OpenStreetMap: "
                    "Rechtsklick, „Adresse anzeigen“). Damit erscheint der Verein auf der "
                    "Karte.",
                    "Latitude, longitude in degrees, e.g. 51.3127, 9.4797 (from "
                    "OpenStreetMap: right-click, “Show address”). Puts the association on "
                    "the map."),
    "contact.opening_hours": ("Öffnungszeiten", "Opening hours",
                              "Öffnungs- oder Sprechzeiten als Text.",
                              "Opening or office hours as text."),
    "contact.social": ("Soziale Medien", "Social media",
                       "Plattform und Adresse: {mastodon: https://…}.",
                       "Platform and address: {mastodon: https://…}."),
    "people": ("Ansprechpersonen", "Contact persons",
               "Nur Personen, die der Veröffentlichung zugestimmt haben; das Datum der "
               "Zustimmung ist Pflicht.",
               "Only people who agreed to be published; the date of their consent is "
               "required."),
    "people[].name": ("Name", "Name", "Name der Person.", "The person's name."),
    "people[].role": ("Funktion", "Role", "Funktion im Verein, z. B. Vorsitz.",
                      "Role in the association, e.g. chair."),
    "people[].email": ("E-Mail", "Email", "Möglichst eine Funktionsadresse.",
                       "Preferably a role address."),
    "people[].phone": ("Telefon", "Phone", "Telefonnummer.", "Phone number."),
    "people[].consent": ("Einwilligung", "Consent",
                         "Datum, an dem die Person der Veröffentlichung zugestimmt hat.",
                         "Date on which the person agreed to be published."),
    "logo": ("Logo", "Logo",
             "Dateiname eines PNG-, JPEG- oder WebP-Bildes (höchstens 200 KB) in "
             "directory/logos/.",
             "File name of a PNG, JPEG or WebP image (at most 200 KB) in "
             "directory/logos/."),
    "status": ("Status", "Status", "active (Standard), inactive oder dissolved.",
               "active (default), inactive or dissolved."),
    "reviewed": ("Zuletzt bestätigt", "Last confirmed",
                 "Datum, an dem der Verein das Profil zuletzt bestätigt hat.",
                 "Date on which the association last confirmed the profile."),
    "maintainers": ("Betreuende auf GitHub", "Maintainers on GitHub",
                    "GitHub-Namen der Personen, die Änderungen an diesem Eintrag "
                    "freigeben dürfen, durch Kommas getrennt.",
                    "GitHub user names of the people allowed to approve changes to this "
                    "entry, separated by commas."),
}

_E: dict[str, tuple[str, str, str, str]] = {
    "title": ("Titel", "Title", "Titel der Veranstaltung, höchstens 150 Zeichen.",
              "Title of the event, at most 150 characters."),
    "start": ("Beginn", "Start",
              "2026-12-05 für einen ganztägigen Termin, 2026-12-05T10:00 mit Uhrzeit "
              "(Ortszeit).",
              "2026-12-05 for an all-day event, 2026-12-05T10:00 with a time (local "
              "time)."),
    "end": ("Ende", "End", "Wie der Beginn, nicht davor.",
            "Like the start, not before it."),
    "timezone": ("Zeitzone", "Time zone",
                 "IANA-Zeitzone wie Europe/Berlin; sonst die der Website.",
                 "IANA time zone such as Europe/Berlin; otherwise the site's."),
    "repeat": ("Wiederholung", "Repeats",
               "Eine iCalendar-Regel, z. B. FREQ=MONTHLY;BYDAY=1SA;COUNT=6 (jeden ersten "
               "Samstag, sechsmal).",
               "An iCalendar rule, e.g. FREQ=MONTHLY;BYDAY=1SA;COUNT=6 (every first "
               "Saturday, six times)."),
    "except": ("Ausnahmen", "Exceptions",
               "Daten, an denen ein wiederkehrender Termin ausfällt.",
               "Dates on which a repeating event does not take place."),
    "organizers": ("Veranstaltende", "Organisers",
                   "Kurznamen (Adressen) der veranstaltenden Vereine aus diesem Verzeichnis, "
                   "durch Kommas getrennt, z. B. weltladen-auenfurt.",
                   "Slugs (web addresses) of the organising associations in this directory, "
                   "separated by commas, e.g. weltladen-auenfurt."),
    "format": ("Format", "Format", "Welche Art von Veranstaltung.",
               "What kind of event."),
    "topics": ("Themen", "Topics", "Bis zu 8 Themen.", "Up to 8 topics."),
    "languages": ("Sprachen", "Languages",
                  "Sprachen der Veranstaltung als Codes: de, en, ar.",
                  "Languages of the event as codes: de, en, ar."),
    "location": ("Ort", "Location",
                 "Wo der Termin stattfindet: mindestens eine Anschrift oder ein Online-Link.",
                 "Where it takes place: at least an address or an online link."),
    "location.name": ("Name des Ortes", "Name of the place",
                      "z. B. Stadtbibliothek, Saal 2.", "e.g. City library, room 2."),
    "location.address": ("Anschrift", "Address", "Anschrift des Ortes.",
                         "Postal address of the place."),
    "location.address.street": ("Straße und Hausnummer", "Street and number",
                                "Straße und Hausnummer.",
                                "Street and house number."),
    "location.address.postcode": ("Postleitzahl", "Postcode",
                                  "Postleitzahl, als Text: \"01067\".",
                                  "Postcode, as text: \"01067\"."),
    "location.address.city": ("Ort", "City", "Stadt oder Gemeinde.", "City or town."),
    "location.address.district": ("Stadtteil", "District", "Stadtteil.", "District of the city."),
    "location.geo": ("Koordinaten", "Coordinates", "Breite, Länge in Grad.",
                     "Latitude, longitude in degrees."),
    "location.online": ("Online-Link", "Online link",
                        "Für Online- oder hybride Termine: die Adresse mit https://.",
                        "For online or hybrid events: the address with https://."),
    "description": ("Beschreibung", "Description",
                    "Beschreibung in Markdown, höchstens 5.000 Zeichen je Sprache; kein HTML.",
                    "Description in Markdown, at most 5,000 characters per language; "
                    "no HTML."),
    "registration": ("Anmeldung", "Registration",
                     "Adresse (https://…) oder E-Mail-Adresse für die Anmeldung.",
                     "Web address (https://…) or email address for registration."),
    "cost": ("Kosten", "Cost", "Als Text, z. B. „kostenlos“ oder „5 €, ermäßigt 3 €“.",
             "As text, e.g. “free” or “€5, concessions €3”."),
    "accessibility": ("Barrierefreiheit", "Accessibility",
                      "Was vor Ort barrierefrei ist.", "What is accessible at the venue."),
    "status": ("Status", "Status", "scheduled (Standard), cancelled oder postponed.",
               "scheduled (default), cancelled or postponed."),
}

FIELD_TEXTS: dict[str, dict[str, tuple[str, str, str, str]]] = {"association": _A, "event": _E}

EXTRA_TEXTS: dict[str, tuple[str, str, str, str]] = {
    "slug": ("Adresse der Seite (optional)", "Page address (optional)",
             "Kurzname für die Webadresse und den Dateinamen: Kleinbuchstaben a–z, Ziffern "
             "und Bindestriche, z. B. cafe-grenzenlos. Leer lassen, dann wird er aus dem "
             "Namen gebildet.",
             "Short name for the web address and the file name: lower-case a–z, digits and "
             "hyphens, e.g. cafe-grenzenlos. Leave empty to derive it from the name."),
    "update_slug": ("Adresse der Seite", "Page address",
                    "Der Kurzname aus der Adresse des Profils: …/directory/<kurzname>/.",
                    "The short name from the profile's address: …/directory/<slug>/."),
    "changes": ("Was soll sich ändern?", "What should change?",
                "Beschreiben Sie in eigenen Worten, was geändert oder entfernt werden soll. "
                "Felder unten nur ausfüllen, wenn sich dort etwas ändert; leere Felder "
                "bleiben, wie sie sind.",
                "Describe in your own words what should change or be removed. Fill in the "
                "fields below only where something changes; empty fields stay as they are."),
    "confirm": ("Profil bestätigen", "Confirm the profile", "", ""),
    "confirm.option": ("Ich spreche für den Verein und bestätige, dass das Profil (mit den "
                       "Änderungen) stimmt.",
                       "I speak for the association and confirm that the profile (with the "
                       "changes) is correct.", "", ""),
    "start_date": ("Datum", "Date", "Tag des Termins: JJJJ-MM-TT, z. B. 2026-12-05.",
                   "Day of the event: YYYY-MM-DD, e.g. 2026-12-05."),
    "start_time": ("Beginn (Uhrzeit)", "Start time",
                   "Uhrzeit HH:MM, Ortszeit; leer lassen für einen ganztägigen Termin.",
                   "Time HH:MM, local time; leave empty for an all-day event."),
    "end_date": ("Enddatum", "End date",
                 "Nur für mehrtägige Termine: JJJJ-MM-TT.",
                 "Only for events lasting several days: YYYY-MM-DD."),
    "end_time": ("Ende (Uhrzeit)", "End time", "Uhrzeit HH:MM.", "Time HH:MM."),
    "record": ("Datensatz aus dem Web-Formular (optional)", "Record from the web form (optional)",
               "Wird vom Web-Formular auf der Website ausgefüllt. Felder oben haben Vorrang.",
               "Filled in by the web form on the site. Fields above take precedence."),
    "consent": ("Einverständnis", "Consent", "", ""),
    "consent.option": ("Ich darf diese Angaben veröffentlichen. Sie enthalten keine privaten "
                       "Kontaktdaten ohne Einwilligung der Person. Mir ist bewusst, dass sie "
                       "dauerhaft öffentlich im Git-Verlauf stehen.",
                       "I may publish these details. They contain no private contact details "
                       "without the person's consent. I understand they stay public in the "
                       "git history.", "", ""),
}

# --- what each form asks for, in order -------------------------------------------------

ASSOCIATION_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "text"), ("short_name", "text"), ("kind", "choice"), ("summary", "i18n-textarea"),
    ("topics", "choices"), ("description", "i18n-markdown"), ("offers", "choices"),
    ("seeks", "choices"), ("countries", "list"), ("languages", "list"), ("member_of", "list"),
    ("founded", "integer"), ("members", "integer"), ("volunteer_run", "bool"),
    ("contact.website", "url"), ("contact.email", "email"), ("contact.phone", "phone"),
    ("contact.address.street", "text"), ("contact.address.postcode", "text"),
    ("contact.address.city", "text"), ("contact.address.district", "district"),
    ("contact.geo", "geo"), ("maintainers", "list"),
)
EVENT_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "i18n-text"), ("start", "when"), ("end", "when"), ("repeat", "text"),
    ("organizers", "list"), ("format", "choice"), ("topics", "choices"),
    ("languages", "list"), ("location.name", "text"), ("location.address.street", "text"),
    ("location.address.postcode", "text"), ("location.address.city", "text"),
    ("location.address.district", "district"), ("location.online", "url"),
    ("description", "i18n-markdown"), ("registration", "text"), ("cost", "text"),
    ("accessibility", "choices"),
)

CHOICE_KINDS = frozenset({"choice", "choices", "bool", "district"})


@dataclass(frozen=True)
class Option:
    id: str
    label: Texts

    def text(self) -> str:
        """The option as an issue form shows it: both labels and the id to read it back."""
        de, en = self.label.get("de", self.id), self.label.get("en", self.id)
        words = de if de == en else f"{de} / {en}"
        return words if words == self.id else f"{words} [{self.id}]"


@dataclass(frozen=True)
class FormField:
    """One question of a form and where its answer goes in the record."""

    id: str
    kind: str
    """text, textarea, markdown, choice, choices, list, integer, bool, url, email, phone,
    geo, date, time, slug, record, confirm."""
    path: tuple[str, ...]
    label: Texts
    help: Texts
    required: bool = False
    options: tuple[Option, ...] = ()
    max_length: int | None = None
    min_length: int | None = None
    minimum: int | None = None
    max_items: int | None = None
    min_items: int | None = None
    pattern: str | None = None
    lang: str | None = None
    """For one language of an i18n text: its code."""
    part: str | None = None
    """For the date or time half of ``start``/``end``."""
    item_pattern: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def dotted(self) -> str:
        return ".".join(self.path)

    @property
    def prefillable(self) -> bool:
        """GitHub fills only text inputs and text areas from the URL of a new issue."""
        return self.kind not in CHOICE_KINDS and self.kind != "confirm"

    def label_text(self) -> str:
        return bilingual(self.label)


def bilingual(texts: Texts) -> str:
    de, en = texts.get("de", ""), texts.get("en", "")
    return de if de == en or not en else f"{de} / {en}" if de else en


# --- reading the schema ----------------------------------------------------------------


def resolve(node: Mapping[str, Any], root: Mapping[str, Any]) -> dict[str, Any]:
    """Merge a ``$ref`` into its node, so that limits of the definition apply."""
    result = dict(node)
    while "$ref" in result:
        ref = result.pop("$ref")
        target = root["$defs"][ref.rsplit("/", 1)[-1]]
        result = {**target, **result}
    return result


def node_at(record_schema: Mapping[str, Any], path: Sequence[str]) -> dict[str, Any]:
    node = resolve(record_schema, record_schema)
    for part in path:
        if part == "[]":
            node = resolve(node["items"], record_schema)
        else:
            node = resolve(node["properties"][part], record_schema)
    return node


def required_in_parent(record_schema: Mapping[str, Any], path: Sequence[str]) -> bool:
    parent = node_at(record_schema, path[:-1])
    return path[-1] in parent.get("required", ())


@dataclass(frozen=True)
class SchemaField:
    """One row of the record reference."""

    path: str
    required: bool
    parent: str
    node: Mapping[str, Any]


_LEAF_OBJECTS = frozenset({"geo"})


def schema_fields(record: str, taxonomy: Mapping[str, Any] | None = None) -> Iterator[SchemaField]:
    """Every field of a record type, depth first, in the schema's order."""
    root = schema(record, taxonomy)

    def walk(node: Mapping[str, Any], prefix: str) -> Iterator[SchemaField]:
        node = resolve(node, root)
        required = set(node.get("required", ()))
        for name, child in node.get("properties", {}).items():
            child = resolve(child, root)
            path = f"{prefix}.{name}" if prefix else name
            yield SchemaField(path, name in required, prefix, child)
            if child.get("type") == "object" and "properties" in child \
                    and name not in _LEAF_OBJECTS:
                yield from walk(child, path)
            items = resolve(child.get("items", {}), root)
            if child.get("type") == "array" and items.get("type") == "object":
                yield from walk(items, f"{path}[]")

    yield from walk(root, "")


# --- building the forms ----------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """What a form needs from the directory: ids with labels, and the content languages."""

    terms: Mapping[str, Mapping[str, Mapping[str, str]]]
    """taxonomy key -> id -> language -> label."""
    languages: tuple[str, ...] = ("de", "en")
    districts: tuple[str, ...] = ()

    @classmethod
    def from_raw(cls, taxonomy: Any, settings: Any) -> Vocabulary:
        """From loaded ``taxonomy.yml`` and ``settings.yml`` data (possibly malformed)."""
        taxonomy = taxonomy if isinstance(taxonomy, dict) else {}
        terms: dict[str, dict[str, dict[str, str]]] = {}
        for key in VOCABULARIES.values():
            vocabulary = taxonomy.get(key)
            if isinstance(vocabulary, dict):
                terms[key] = {
                    str(i): {str(k): str(x) for k, x in labels.items()}
                    if isinstance(labels, dict) else {}
                    for i, labels in vocabulary.items()
                }
        districts = taxonomy.get("districts")
        languages = settings.get("languages") if isinstance(settings, dict) else None
        languages = tuple(str(x) for x in languages) if isinstance(languages, list) else ()
        return cls(terms, languages or ("de", "en"),
                   tuple(str(d) for d in districts) if isinstance(districts, list) else ())

    def taxonomy(self) -> dict[str, Any]:
        """The taxonomy as the schemas want it, to inject the ids as enums."""
        data: dict[str, Any] = {k: dict(v) for k, v in self.terms.items()}
        if self.districts:
            data["districts"] = list(self.districts)
        return data

    def options(self, key: str) -> tuple[Option, ...]:
        return tuple(Option(i, labels) for i, labels in self.terms.get(key, {}).items())


def _texts(record: str, dotted: str) -> tuple[Texts, Texts]:
    label_de, label_en, help_de, help_en = FIELD_TEXTS[record][dotted]
    return {"de": label_de, "en": label_en}, {"de": help_de, "en": help_en}


def _extra(key: str) -> tuple[Texts, Texts]:
    label_de, label_en, help_de, help_en = EXTRA_TEXTS[key]
    return {"de": label_de, "en": label_en}, {"de": help_de, "en": help_en}


def _language_names(code: str) -> Texts:
    from .ui import language_name  # Babel's names; imported only when forms are built

    return {ui: language_name(code, ui) for ui in UI}


_ITEM_PATTERNS = {
    "countries": "^[A-Z]{2}$",
    "languages": "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
    "member_of": "^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$",
    "organizers": "^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$",
    "maintainers": "^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$",
}


def _schema_field(record: str, root: Mapping[str, Any], dotted: str, kind: str,
                  vocab: Vocabulary, *, optional: bool) -> list[FormField]:
    path = tuple(dotted.split("."))
    node = node_at(root, path)
    label, help_ = _texts(record, dotted)
    help_ = {"de": help_["de"], "en": help_["en"] or node.get("description", "")}
    required = (not optional) and len(path) == 1 and required_in_parent(root, path)
    ident = path[-1]
    if kind.startswith("i18n-"):
        widget = kind.removeprefix("i18n-")
        per_language = resolve(node.get("additionalProperties", {}), root)
        fields = []
        for index, lang in enumerate(vocab.languages):
            names = _language_names(lang)
            fields.append(FormField(
                id=f"{ident}_{lang.lower().replace('-', '_')}", kind=widget, path=path,
                label={ui: f"{label[ui]} ({names[ui]})" for ui in UI}, help=help_,
                required=required and index == 0, lang=lang,
                max_length=per_language.get("maxLength"),
                min_length=per_language.get("minLength"), extra={"base_label": label},
            ))
        return fields
    if kind == "when":
        fields = []
        for part in ("date", "time"):
            key = f"{ident}_{part}"
            part_label, part_help = _extra(key)
            fields.append(FormField(id=key, kind=part, path=path, label=part_label,
                                    help=part_help, part=part,
                                    required=required and part == "date" and not optional))
        return fields
    if kind == "geo":
        return [FormField(id="geo", kind="geo", path=path, label=label, help=help_)]
    options: tuple[Option, ...] = ()
    if kind in ("choice", "choices"):
        target = resolve(node.get("items", {}), root) if kind == "choices" else node
        options = vocab.options(target.get("x-vocabulary", ""))
    if kind == "district":
        if vocab.districts:
            options = tuple(Option(d, {"de": d, "en": d}) for d in vocab.districts)
        else:
            kind = "text"
    if kind == "bool":
        options = (Option("true", {"de": "Ja", "en": "Yes"}),
                   Option("false", {"de": "Nein", "en": "No"}))
    items = resolve(node.get("items", {}), root) if node.get("type") == "array" else {}
    item_pattern = (_ITEM_PATTERNS.get(ident) or items.get("pattern")) if kind == "list" else None
    return [FormField(
        id=ident, kind=kind, path=path, label=label, help=help_, required=required,
        options=options, max_length=node.get("maxLength"), min_length=node.get("minLength"),
        minimum=node.get("minimum"), max_items=node.get("maxItems"),
        min_items=node.get("minItems"), pattern=node.get("pattern"),
        item_pattern=item_pattern,
    )]


def _special(key: str, kind: str, *, required: bool = False, pattern: str | None = None,
             **extra: Any) -> FormField:
    label, help_ = _extra(key)
    ident = "slug" if key == "update_slug" else key
    return FormField(id=ident, kind=kind, path=(), label=label, help=help_, required=required,
                     pattern=pattern, extra=extra)


def form_fields(form: str, vocab: Vocabulary) -> list[FormField]:
    """The questions of one form, in order: ``association``, ``update`` or ``event``."""
    if form not in FORMS:
        raise ValueError(f"unknown form '{form}'; use one of {', '.join(FORMS)}")
    record = RECORD_OF_FORM[form]
    root = schema(record, vocab.taxonomy())
    spec = ASSOCIATION_FIELDS if record == "association" else EVENT_FIELDS
    update = form == "update"
    fields: list[FormField] = []
    if update:
        fields.append(_special("update_slug", "slug", required=True,
                               pattern="^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$"))
        fields.append(_special("changes", "textarea"))
        confirm_label, _ = _extra("confirm.option")
        fields.append(_special("confirm", "confirm", option=confirm_label))
    for dotted, kind in spec:
        fields += _schema_field(record, root, dotted, kind, vocab, optional=update)
    if form == "association":
        fields.append(_special("slug", "slug", pattern="^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$"))
    fields.append(_special("record", "record"))
    consent_label, _ = _extra("consent.option")
    fields.append(_special("consent", "confirm", required=True, option=consent_label))
    return fields


def field_label(fields: Sequence[FormField], dotted: str) -> str | None:
    """The form label for a record path such as ``contact.email`` or ``summary.de``."""
    for f in fields:
        if not f.path:
            continue
        name = f.dotted + (f".{f.lang}" if f.lang else "")
        if name == dotted:
            return f.label_text()
    for f in fields:
        if f.path and f.dotted == dotted:
            return bilingual(f.extra["base_label"]) if f.lang else f.label_text()
    return None
