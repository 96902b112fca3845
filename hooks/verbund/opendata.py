"""Open data: the records as JSON and CSV, and the JSON Schemas, for reuse.

The JSON keeps the record field names (the contract), so a developer who read the
record reference can read the data. The CSV is for spreadsheets: one row per
association, lists joined with ``;`` and cells that a spreadsheet would run as a formula
neutralised.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from functools import cache, partial
from typing import Any

from .model import Association, Directory, Event, I18n
from .render import Asset, PageContext, PageSpec, SiteInfo, lang_prefix
from .schemas import schema
from .ui import t

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_SCALARS = (str, int, float)


def _plain(value: Any) -> Any:
    """Model values back into the record's JSON form."""
    if isinstance(value, _SCALARS) or value is None:  # most values: asked first
        return value
    if isinstance(value, I18n):
        return value[""] if list(value) == [""] else dict(value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        if value and all(isinstance(x, tuple) and len(x) == 2 for x in value):
            return {k: _plain(x) for k, x in value}  # social: (platform, url) pairs
        return [_plain(x) for x in value]
    if is_dataclass(value):
        return {name: _plain(x) for name in _field_names(type(value))
                if (x := getattr(value, name)) not in (None, (), "")}
    return value


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    """A record class's fields, looked up once: 45,000 records ask for them."""
    return tuple(f.name for f in fields(cls))


def association_record(a: Association, site: SiteInfo, lang_path: str = "") -> dict[str, Any]:
    data = _plain(a)
    data.pop("path", None)
    data["url"] = site.absolute(lang_path + f"directory/{a.slug}/")
    return data


def event_record(e: Event, site: SiteInfo) -> dict[str, Any]:
    data = _plain(e)
    data.pop("path", None)
    data.pop("timezone_given", None)
    if "exceptions" in data:
        data["except"] = data.pop("exceptions")
    data["url"] = site.absolute(f"events/{e.id}/")
    return data


def neutralise(cell: str) -> str:
    """A leading apostrophe keeps spreadsheets from running ``=HYPERLINK(…)`` and the like."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


CSV_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("slug", "Kennung (Dateiname)", "Id (file name)"),
    ("name", "Name", "Name"),
    ("short_name", "Kurzname", "Short name"),
    ("kind", "Art (Kennung aus der Taxonomie)", "Kind (taxonomy id)"),
    ("summary_{lang}", "Kurzbeschreibung je Sprache", "Summary per language"),
    ("topics", "Themen, mit ; getrennt", "Topics, joined with ;"),
    ("countries", "Länder (ISO 3166-1)", "Countries (ISO 3166-1)"),
    ("languages", "Sprachen (ISO 639)", "Languages (ISO 639)"),
    ("offers", "Bietet", "Offers"),
    ("seeks", "Sucht", "Seeks"),
    ("member_of", "Mitglied in (Kennungen)", "Member of (ids)"),
    ("founded", "Gründungsjahr", "Year founded"),
    ("members", "Mitglieder (ungefähr)", "Members (approximate)"),
    ("volunteer_run", "Ehrenamtlich geführt (true/false)", "Run by volunteers (true/false)"),
    ("website", "Website", "Website"),
    ("email", "E-Mail", "Email"),
    ("phone", "Telefon", "Phone"),
    ("street", "Straße", "Street"),
    ("postcode", "Postleitzahl", "Postcode"),
    ("city", "Ort", "City"),
    ("district", "Stadtteil", "District"),
    ("lat", "Breitengrad", "Latitude"),
    ("lon", "Längengrad", "Longitude"),
    ("status", "Status (active, inactive, dissolved)", "Status (active, inactive, dissolved)"),
    ("reviewed", "Zuletzt bestätigt", "Last confirmed"),
    ("url", "Profilseite", "Profile page"),
)


def associations_csv(directory: Directory, site: SiteInfo) -> str:
    langs = directory.settings.languages
    header = []
    for name, _, _ in CSV_COLUMNS:
        header += [name.format(lang=x) for x in langs] if "{lang}" in name else [name]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for a in directory.associations:
        c = a.contact
        addr = c.address
        row: dict[str, Any] = {
            "slug": a.slug, "name": a.name, "short_name": a.short_name, "kind": a.kind,
            **{f"summary_{x}": a.summary.get(x) or (a.summary.get("") if x == langs[0] else "")
               for x in langs},
            "topics": a.topics, "countries": a.countries, "languages": a.languages,
            "offers": a.offers, "seeks": a.seeks, "member_of": a.member_of,
            "founded": a.founded, "members": a.members,
            "volunteer_run": "" if a.volunteer_run is None else str(a.volunteer_run).lower(),
            "website": c.website, "email": c.email, "phone": c.phone,
            "street": addr and addr.street, "postcode": addr and addr.postcode,
            "city": addr and addr.city, "district": addr and addr.district,
            "lat": c.geo and c.geo.lat, "lon": c.geo and c.geo.lon,
            "status": a.status, "reviewed": a.reviewed.isoformat(),
            "url": site.absolute(f"directory/{a.slug}/"),
        }
        cells = []
        for name in header:
            value = row.get(name)
            if isinstance(value, tuple):
                value = ";".join(value)
            cells.append(neutralise("" if value is None else str(value)))
        writer.writerow(cells)
    return "\ufeff" + out.getvalue()  # the BOM makes spreadsheet programs read UTF-8


def data_fields(h: PageContext) -> dict[str, Any]:
    index = 1 if h.lang == "de" else 2
    return {"fields": [(c[0].replace("{lang}", "<lang>"), c[index]) for c in CSV_COLUMNS]}


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def _json_records(meta: dict[str, Any], key: str, records: Iterable[dict[str, Any]]) -> bytes:
    """``{**meta, key: records}`` as JSON with one record per line: readable, a change
    to a record is a change to its line, and the standard library's C encoder writes
    it (with ``indent`` its Python one runs: a second per file at national scale)."""
    head = json.dumps({**meta, key: []}, ensure_ascii=False)
    assert head.endswith("[]}")
    lines = ",\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    return f"{head[:-2]}\n{lines}\n]}}\n".encode()


def opendata(directory: Directory, site: SiteInfo) -> tuple[list[PageSpec], list[Asset]]:
    taxonomy = {k: dict.fromkeys(getattr(directory.taxonomy, k))
                for k in ("kinds", "topics", "offers", "seeks", "formats", "accessibility")}
    taxonomy["districts"] = list(directory.taxonomy.districts)  # type: ignore[assignment]
    meta = {"licence": "CC-BY-4.0", "source": site.site_url,
            "generated": directory.today.isoformat()}
    # Made when written (by the writing processes, beside the pages): 45,000 records
    # take seconds to turn into JSON and CSV.
    assets = [
        Asset("data/associations.json", lambda: _json_records(
            meta, "associations", (association_record(a, site) for a in directory.associations))),
        Asset("data/events.json", lambda: _json_records(
            meta, "events", (event_record(e, site) for e in directory.events))),
        Asset("data/associations.csv",
              lambda: associations_csv(directory, site).encode("utf-8")),
    ]
    for name in ("association", "event"):
        published = schema(name, taxonomy)
        published["$id"] = site.absolute(f"schema/{name}.json")
        assets.append(Asset(f"schema/{name}.json", _json(published)))
    pages = [
        PageSpec(url=lang_prefix(directory, lang) + "data/", lang=lang, title=t(lang, "data.title"),
                 description=t(lang, "data.description"), template="data.html",
                 build=partial(data_fields),
                 alternates={x: lang_prefix(directory, x) + "data/"
                             for x in directory.settings.languages})
        for lang in directory.settings.languages
    ]
    return pages, assets
