"""The contribution page: the web form's definition, and the record reference in the guide.

Both are generated at build time from the JSON Schemas and the taxonomy (through
:mod:`formfields`), so the web form, the issue forms and the reference can never
disagree with what validation accepts. The guide (``docs/contribute.md``) is written
by hand and holds markers that are replaced here:

``<!-- verbund:form -->``
    the web form: a placeholder that ``assets/verbund/contribute.js`` fills from
    ``assets/verbund/forms.json``;
``<!-- verbund:reference association -->`` / ``event``
    the table of fields (field, required, meaning, example);
``<!-- verbund:vocabularies -->``
    the allowed ids of every vocabulary with their labels.

The web form builds the YAML in the browser and sends nothing by itself: it offers
links (a prefilled GitHub issue form, GitHub's "new file" editor, e-mail) and a
download, and the person chooses.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .formfields import (
    FIELD_TEXTS,
    UI,
    FormField,
    Vocabulary,
    form_fields,
    schema_fields,
)
from .issueform import LABELS, TEMPLATES
from .model import Directory
from .render import Asset, PageContext, PageSpec, SiteInfo, render

FORMS_ASSET = "assets/verbund/forms.json"
WEB_FORMS = ("association", "event")
MARKER = re.compile(
    r"<!--\s*verbund:(form|reference|vocabularies|issue-links)(?:\s+([a-z]+))?\s*-->")

STRINGS: dict[str, dict[str, str]] = {
    "de": {
        "loading": "Das Formular wird geladen …",
        "nojs": "Das Web-Formular braucht JavaScript. Sie können Ihren Eintrag auch über die "
                "Formulare auf GitHub oder per E-Mail schicken (siehe unten).",
        "load_failed": "Das Formular konnte nicht geladen werden. Bitte nutzen Sie die "
                       "anderen Wege unten.",
        "choose": "Was möchten Sie eintragen?",
        "association": "Einen Verein",
        "event": "Einen Termin",
        "required": "Pflichtangabe",
        "choose_option": "– bitte wählen –",
        "privacy": "Alles, was Sie hier eintragen, wird öffentlich und bleibt es (auch im "
                   "Git-Verlauf). Bitte nur Funktionsadressen (info@…) und keine privaten "
                   "Daten ohne Einwilligung.",
        "check": "Prüfen und Datei anzeigen",
        "errors_title": "Bitte korrigieren Sie diese Angaben:",
        "err_required": "Bitte ausfüllen.",
        "err_choose": "Bitte auswählen.",
        "err_confirm": "Bitte bestätigen.",
        "err_too_long": "Höchstens {max} Zeichen; jetzt sind es {count}.",
        "err_too_short": "Mindestens {min} Zeichen.",
        "err_email": "Bitte eine E-Mail-Adresse wie info@example.org.",
        "err_url": "Bitte eine vollständige Adresse mit https://.",
        "err_phone": "Bitte nur Ziffern, Leerzeichen und + ( ) / - verwenden.",
        "err_integer": "Bitte eine ganze Zahl, nur Ziffern.",
        "err_range": "Bitte eine Zahl von {min} bis {max}.",
        "err_item": "„{item}“ passt nicht: {hint}",
        "err_items_max": "Höchstens {max} auswählen.",
        "err_items_min": "Mindestens {min} auswählen.",
        "err_geo": "Bitte „Breite, Länge“, z. B. 51.3127, 9.4797.",
        "err_date": "Bitte ein Datum wie 2026-12-05.",
        "err_time": "Bitte eine Uhrzeit wie 18:30.",
        "err_slug": "Nur Kleinbuchstaben a–z, Ziffern und Bindestriche, 3 bis 64 Zeichen.",
        "err_pattern": "Das Format passt nicht.",
        "err_chars": "Enthält ein unsichtbares Steuerzeichen; bitte entfernen.",
        "err_location": "Bitte eine Anschrift oder einen Online-Link angeben.",
        "err_end": "Das Ende liegt vor dem Beginn.",
        "err_end_kind": "Bitte für Beginn und Ende beide mit oder beide ohne Uhrzeit angeben.",
        "err_no_slug": "Aus dem Namen lässt sich keine Adresse bilden; bitte „Adresse der Seite“ "
                       "ausfüllen.",
        "hint_country": "zwei Großbuchstaben wie TR",
        "hint_language": "ein Sprachcode wie de oder ar",
        "hint_slug": "ein Kurzname wie weltladen-auenfurt",
        "hint_user": "ein GitHub-Name",
        "result_title": "Ihre Datei",
        "result_intro": "So sieht Ihr Eintrag als Datei aus. Prüfen Sie ihn und wählen Sie "
                        "dann einen Weg, ihn zu schicken. Dieses Formular schickt nichts von "
                        "selbst.",
        "file": "Datei",
        "ways": "So schicken Sie den Eintrag",
        "way_issue": "Auf GitHub als Issue öffnen",
        "way_issue_help": "Mit GitHub-Konto: Das Formular auf GitHub ist schon ausgefüllt; "
                          "Auswahllisten bleiben dort leer, ihre Werte stehen im Feld "
                          "„Datensatz“. Absenden – ein Automat legt den Vorschlag an.",
        "way_file": "Auf GitHub als Änderungsvorschlag öffnen",
        "way_file_help": "Mit GitHub-Konto: GitHub legt die Datei in Ihrer Kopie an und "
                         "öffnet einen Pull Request.",
        "way_download": "Datei herunterladen",
        "way_email": "Per E-Mail an die Redaktion schicken",
        "way_email_help": "Ohne GitHub-Konto: Ihr E-Mail-Programm öffnet sich mit dem Eintrag; "
                          "Sie schicken ihn selbst ab. Schneidet es lange Texte ab, hängen Sie "
                          "die heruntergeladene Datei an.",
        "too_long": "Zu lang für einen Link: bitte herunterladen und per E-Mail schicken.",
        "mail_subject": "Eintrag für das Verzeichnis: {file}",
        "mail_intro": "Hallo Redaktion,\n\nbitte nehmt diesen Eintrag auf:\n\n",
        "issue_title_association": "Neuer Verein / New association: {name}",
        "issue_title_event": "Neuer Termin / New event: {name}",
        "reference_field": "Feld",
        "reference_required": "Pflicht",
        "reference_meaning": "Bedeutung",
        "reference_example": "Beispiel",
        "reference_yes": "ja",
        "reference_no": "nein",
        "reference_within": "ja, in jedem Eintrag von {parent}",
        "reference_caption_association": "Felder eines Vereins (directory/associations/"
                                         "<kurzname>.yml)",
        "reference_caption_event": "Felder eines Termins (directory/events/<jahr>/<id>.yml)",
        "vocabulary_id": "Wert (id)",
        "vocabulary_label": "Bezeichnung",
        "vocabulary_kinds": "Arten (kind)",
        "vocabulary_topics": "Themen (topics)",
        "vocabulary_offers": "Angebote (offers)",
        "vocabulary_seeks": "Gesuche (seeks)",
        "vocabulary_formats": "Formate (format)",
        "vocabulary_accessibility": "Barrierefreiheit (accessibility)",
        "vocabulary_districts": "Stadtteile (district)",
        "link_association": "Verein eintragen",
        "link_update": "Verein ändern oder bestätigen",
        "link_event": "Termin eintragen",
        "link_all": "Alle Formulare",
        "no_repo": "Für diese Website ist kein GitHub-Repository eingestellt (repo_url in "
                   "mkdocs.yml).",
    },
    "en": {
        "loading": "Loading the form …",
        "nojs": "The web form needs JavaScript. You can also send your entry with the forms "
                "on GitHub or by email (see below).",
        "load_failed": "The form could not be loaded. Please use one of the other ways below.",
        "choose": "What would you like to add?",
        "association": "An association",
        "event": "An event",
        "required": "required",
        "choose_option": "– please choose –",
        "privacy": "Everything you enter here becomes public and stays public (also in the "
                   "git history). Please use role addresses (info@…) and no private details "
                   "without consent.",
        "check": "Check and show the file",
        "errors_title": "Please correct these answers:",
        "err_required": "Please fill this in.",
        "err_choose": "Please choose.",
        "err_confirm": "Please confirm.",
        "err_too_long": "At most {max} characters; now there are {count}.",
        "err_too_short": "At least {min} characters.",
        "err_email": "Please enter an email address such as info@example.org.",
        "err_url": "Please enter a full address with https://.",
        "err_phone": "Please use digits, spaces and + ( ) / - only.",
        "err_integer": "Please enter a whole number, digits only.",
        "err_range": "Please enter a number from {min} to {max}.",
        "err_item": "“{item}” does not fit: {hint}",
        "err_items_max": "Choose at most {max}.",
        "err_items_min": "Choose at least {min}.",
        "err_geo": "Please enter “latitude, longitude”, e.g. 51.3127, 9.4797.",
        "err_date": "Please enter a date such as 2026-12-05.",
        "err_time": "Please enter a time such as 18:30.",
        "err_slug": "Only lower-case letters a–z, digits and hyphens, 3 to 64 characters.",
        "err_pattern": "The format does not fit.",
        "err_chars": "Contains an invisible control character; please remove it.",
        "err_location": "Please give an address or an online link.",
        "err_end": "The end is before the start.",
        "err_end_kind": "Please give start and end both with or both without a time.",
        "err_no_slug": "No address can be made from the name; please fill in “Page address”.",
        "hint_country": "two capital letters such as TR",
        "hint_language": "a language code such as de or ar",
        "hint_slug": "a short name such as weltladen-auenfurt",
        "hint_user": "a GitHub user name",
        "result_title": "Your file",
        "result_intro": "This is your entry as a file. Check it, then choose a way to send it. "
                        "This form sends nothing by itself.",
        "file": "File",
        "ways": "How to send the entry",
        "way_issue": "Open on GitHub as an issue",
        "way_issue_help": "With a GitHub account: the form on GitHub is filled in already; "
                          "choice lists stay empty there, their values are in the “Record” "
                          "field. Submit it, and a bot prepares the proposal.",
        "way_file": "Open on GitHub as a proposed change",
        "way_file_help": "With a GitHub account: GitHub creates the file in your copy and "
                         "opens a pull request.",
        "way_download": "Download the file",
        "way_email": "Send it to the editorial team by email",
        "way_email_help": "Without a GitHub account: your email program opens with the entry; "
                          "you send it yourself. If it cuts long texts, attach the downloaded "
                          "file instead.",
        "too_long": "Too long for a link: please download it and send it by email.",
        "mail_subject": "Entry for the directory: {file}",
        "mail_intro": "Hello editorial team,\n\nplease add this entry:\n\n",
        "issue_title_association": "Neuer Verein / New association: {name}",
        "issue_title_event": "Neuer Termin / New event: {name}",
        "reference_field": "Field",
        "reference_required": "Required",
        "reference_meaning": "Meaning",
        "reference_example": "Example",
        "reference_yes": "yes",
        "reference_no": "no",
        "reference_within": "yes, in each entry of {parent}",
        "reference_caption_association": "Fields of an association "
                                         "(directory/associations/<slug>.yml)",
        "reference_caption_event": "Fields of an event (directory/events/<year>/<id>.yml)",
        "vocabulary_id": "Value (id)",
        "vocabulary_label": "Label",
        "vocabulary_kinds": "Kinds (kind)",
        "vocabulary_topics": "Topics (topics)",
        "vocabulary_offers": "Offers (offers)",
        "vocabulary_seeks": "Wishes (seeks)",
        "vocabulary_formats": "Formats (format)",
        "vocabulary_accessibility": "Accessibility (accessibility)",
        "vocabulary_districts": "Districts (district)",
        "link_association": "Add an association",
        "link_update": "Change or confirm an association",
        "link_event": "Add an event",
        "link_all": "All forms",
        "no_repo": "No GitHub repository is configured for this site (repo_url in mkdocs.yml).",
    },
}

EXAMPLES: dict[str, dict[str, str]] = {
    "association": {
        "name": 'name: "Café Grenzenlos e.V."',
        "short_name": "short_name: Café Grenzenlos",
        "summary": 'summary: {de: "Offenes Café für Begegnung.", en: "An open café for '
                   'meeting people."}',
        "description": "description:\n  de: |\n    Jeden **Donnerstag** ab 16 Uhr …",
        "countries": "countries: [SY, AF]",
        "languages": "languages: [de, ar, fa]",
        "member_of": "member_of: [buendnis-vielfalt]",
        "founded": "founded: 2016",
        "members": "members: 40",
        "volunteer_run": "volunteer_run: true",
        "contact.website": "website: https://cafe-grenzenlos.example.org",
        "contact.email": "email: info@cafe-grenzenlos.example.org",
        "contact.phone": 'phone: "+49 561 123456"',
        "contact.address.street": "street: Holländische Straße 12",
        "contact.address.postcode": 'postcode: "34127"',
        "contact.address.city": "city: Auenfurt",
        "contact.geo": "geo: {lat: 51.3127, lon: 9.4797}",
        "contact.opening_hours": 'opening_hours: {de: "Do 16–20 Uhr", en: "Thu 4–8 pm"}',
        "contact.social": "social: {mastodon: https://social.example.org/@cafe}",
        "people[].name": "name: Ayşe Demir",
        "people[].role": "role: {de: Vorsitz, en: Chair}",
        "people[].email": "email: vorstand@cafe-grenzenlos.example.org",
        "people[].phone": 'phone: "+49 561 123457"',
        "people[].consent": "consent: 2026-03-05",
        "logo": "logo: cafe-grenzenlos.png",
        "status": "status: active",
        "reviewed": "reviewed: 2026-11-23",
        "maintainers": "maintainers: [octocat]",
    },
    "event": {
        "title": 'title: {de: "Interkulturelles Frühstück", en: "Intercultural breakfast"}',
        "start": "start: 2026-12-05T10:00",
        "end": "end: 2026-12-05T13:00",
        "timezone": "timezone: Europe/Berlin",
        "repeat": "repeat: FREQ=MONTHLY;BYDAY=1SA;COUNT=6",
        "except": "except: [2027-01-02]",
        "organizers": "organizers: [weltladen-auenfurt]",
        "languages": "languages: [de, ar]",
        "location.name": "name: Stadtbibliothek, Saal 2",
        "location.address.street": "street: Wilhelmstraße 5",
        "location.address.postcode": 'postcode: "34117"',
        "location.address.city": "city: Auenfurt",
        "location.geo": "geo: {lat: 51.317, lon: 9.4925}",
        "location.online": "online: https://meet.example.org/fruehstueck",
        "description": "description:\n  de: |\n    Wir laden ein …",
        "registration": "registration: anmeldung@example.org",
        "cost": "cost: {de: kostenlos, en: free}",
        "status": "status: cancelled",
    },
}
_VOCABULARY_FIELDS = {
    "kind": "kinds", "topics": "topics", "offers": "offers", "seeks": "seeks",
    "format": "formats", "accessibility": "accessibility",
}


def vocabulary_of(directory: Directory) -> Vocabulary:
    """The model's taxonomy and languages in the shape the form definitions take."""
    taxonomy = directory.taxonomy
    terms = {
        key: {term_id: {lang: text for lang, text in term.labels.items() if lang}
              for term_id, term in taxonomy.vocabulary(key).items()}
        for key in _VOCABULARY_FIELDS.values()
    }
    return Vocabulary(terms, tuple(directory.settings.languages), tuple(taxonomy.districts))


def _field_json(f: FormField) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": f.id, "kind": f.kind, "path": list(f.path), "label": dict(f.label),
        "help": dict(f.help), "required": f.required, "prefill": f.prefillable,
    }
    optional = {
        "options": [{"id": o.id, "label": dict(o.label)} for o in f.options] or None,
        "maxLength": f.max_length, "minLength": f.min_length, "minimum": f.minimum,
        "maxItems": f.max_items, "minItems": f.min_items, "pattern": f.pattern,
        "itemPattern": f.item_pattern, "lang": f.lang, "part": f.part,
        "option": dict(f.extra["option"]) if "option" in f.extra else None,
    }
    data.update({k: x for k, x in optional.items() if x is not None})
    return data


def _order(record: str, vocab: Vocabulary) -> list[str]:
    """Dotted paths in the schema's order: the browser writes keys in this order too."""
    return [f.path for f in schema_fields(record, vocab.taxonomy()) if "[]" not in f.path]


def forms_definition(directory: Directory, site: SiteInfo) -> dict[str, Any]:
    """Everything the web form needs, as JSON: fields, texts, and where entries go."""
    vocab = vocabulary_of(directory)
    news = directory.settings.newsletter
    forms = {}
    for form in WEB_FORMS:
        fields = [f for f in form_fields(form, vocab) if f.kind != "record"]
        forms[form] = {
            "record": form,
            "folder": "directory/associations" if form == "association" else "directory/events",
            "template": TEMPLATES[form],
            "label": LABELS[form],
            "order": _order(form, vocab),
            "fields": [_field_json(f) for f in fields],
        }
    return {
        "version": 1,
        "repo": site.repo_url.rstrip("/") if site.repo_url else None,
        "branch": site.branch,
        "editorEmail": news.editor_email if news else None,
        "languages": list(directory.settings.languages),
        "strings": STRINGS,
        "forms": forms,
    }


def contribute_assets(directory: Directory, site: SiteInfo) -> tuple[list[PageSpec], list[Asset]]:
    """Producer: the web form's definition, one file for both languages."""
    text = json.dumps(forms_definition(directory, site), ensure_ascii=False,
                      separators=(",", ":"))
    return [], [Asset(FORMS_ASSET, text.encode("utf-8"))]


# --- the guide's generated parts -------------------------------------------------------


def reference_rows(record: str, vocab: Vocabulary, lang: str) -> list[dict[str, str]]:
    """One row per schema field: name, label, required, meaning, example."""
    strings = STRINGS[lang]
    taxonomy = vocab.taxonomy()
    rows = []
    for f in schema_fields(record, taxonomy):
        key = f.path
        label_de, label_en, help_de, help_en = FIELD_TEXTS[record][key]
        if lang == "de":
            label, meaning = label_de, help_de
        else:
            label, meaning = label_en, f.node.get("description") or help_en
        if f.required:
            required = strings["reference_within"].format(parent=f.parent.removesuffix("[]")) \
                if f.parent else strings["reference_yes"]
        else:
            required = strings["reference_no"]
        example = EXAMPLES[record].get(key, "")
        name = key.rsplit(".", 1)[-1].removesuffix("[]")
        vocabulary = _VOCABULARY_FIELDS.get(name)
        if not example and vocabulary and vocab.terms.get(vocabulary):
            ids = list(vocab.terms[vocabulary])[:2]
            example = f"{name}: {ids[0]}" if name in ("kind", "format") \
                else f"{name}: [{', '.join(ids)}]"
        if not example and name == "district" and vocab.districts:
            example = f"district: {vocab.districts[0]}"
        rows.append({"path": key, "label": label, "required": required,
                     "meaning": meaning, "example": example})
    return rows


def _vocabularies(vocab: Vocabulary, lang: str) -> list[dict[str, Any]]:
    strings = STRINGS[lang]
    groups = []
    for key in _VOCABULARY_FIELDS.values():
        terms = vocab.terms.get(key, {})
        groups.append({
            "title": strings[f"vocabulary_{key}"],
            "terms": [(term_id, labels.get(lang) or next(iter(labels.values()), term_id))
                      for term_id, labels in terms.items()],
        })
    if vocab.districts:
        groups.append({"title": strings["vocabulary_districts"],
                       "terms": [(d, d) for d in vocab.districts]})
    return groups


def expand_markers(html: str, h: PageContext) -> str:
    """Replace the guide's markers with the generated form, reference and vocabularies."""
    if "verbund:" not in html:
        return html
    lang = h.lang if h.lang in UI else "en"
    vocab = vocabulary_of(h.directory)

    def replace(match: re.Match[str]) -> str:
        what, arg = match[1], match[2]
        strings = STRINGS[lang]
        if what == "form":
            return render("contribute_form.html", h, strings=strings,
                          src=h.root(FORMS_ASSET), lang=lang)
        if what == "reference" and arg in ("association", "event"):
            return render("contribute_reference.html", h, strings=strings,
                          caption=strings[f"reference_caption_{arg}"],
                          rows=reference_rows(arg, vocab, lang))
        if what == "issue-links":
            repo = h.site.repo_url.rstrip("/") if h.site.repo_url else None
            links = []
            if repo:
                links = [(f"{repo}/issues/new?template={TEMPLATES[form]}",
                          strings[f"link_{key}"])
                         for form, key in (("association", "association"),
                                           ("update", "update"), ("event", "event"))]
                links.append((f"{repo}/issues/new/choose", strings["link_all"]))
            return render("contribute_links.html", h, strings=strings, links=links)
        if what == "vocabularies":
            return render("contribute_vocabularies.html", h, strings=strings,
                          groups=_vocabularies(vocab, lang))
        return match[0]

    return MARKER.sub(replace, html)


__all__ = ["contribute_assets", "expand_markers", "forms_definition", "reference_rows"]
