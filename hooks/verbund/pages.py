"""The directory's pages: profiles, the filterable list, the map, the overview, home.

Each function returns page specs with their template and context; nothing here knows
MkDocs. Upcoming events come from :mod:`occurrences`, so every page agrees on what
"upcoming" means for the build date.
"""

from __future__ import annotations

import heapq
import json
from collections import Counter
from dataclasses import replace
from functools import lru_cache, partial
from typing import Any

from . import dirindex, render, svgchart
from .facets import FacetOption, count_values, sorted_options
from .model import Association, Directory, kept
from .occurrences import Occurrence, upcoming
from .parallel import Background
from .render import Asset, AssetBundle, PageContext, PageSpec, SiteInfo, lang_prefix
from .ui import t

FACETS = ("kind", "topics", "countries", "languages", "district", "offers", "seeks", "status")
"""Facets of the directory, in the order shown; also the URL query keys."""
HOME_EVENTS = 5
OVERVIEW_LIST_MAX = 60
"""Members shown per alliance on the overview; the alliance's profile lists them all."""
MATCH_MAX = 12
"""Names per cell of the matchmaking table; the filtered directory lists them all."""
MAP_LIST_MAX = 500
"""Up to this many located associations, the map page lists them too; beyond, the
directory is the list (the map page must stay light on a phone)."""


def facet_values(a: Association) -> dict[str, tuple[str, ...]]:
    district = a.contact.address.district if a.contact.address else None
    return {
        "kind": (a.kind,),
        "topics": a.topics,
        "countries": a.countries,
        "languages": a.languages,
        "district": (district,) if district else (),
        "offers": a.offers,
        "seeks": a.seeks,
        "status": (a.status,),
    }


STATUS_ORDER = ("active", "inactive", "dissolved")
VOCABULARIES = {"kind": "kinds", "topics": "topics", "offers": "offers", "seeks": "seeks"}


@lru_cache(maxsize=2)
def _not_dissolved(directory: Directory) -> tuple[Association, ...]:
    """The associations the overview and the home page count (inactive ones too), found
    once per directory object."""
    return tuple(a for a in directory.associations if a.status != "dissolved")


@lru_cache(maxsize=4)
def _facet_counts(directory: Directory, active_only: bool) -> dict[str, Counter[str]]:
    """Cached per directory object (as :mod:`occurrences` does): the directory page and
    the overview ask in every language, and 15,000 associations take a tenth of a
    second to count."""
    return count_values(_not_dissolved(directory) if active_only else directory.associations,
                        FACETS, facet_values)


def facet_options(h: PageContext, *, active_only: bool = False
                  ) -> dict[str, list[FacetOption]]:
    """Every facet's options with counts over the associations (those not dissolved,
    with ``active_only``), sorted for people."""

    def label(facet: str, value: str) -> str:
        if facet in VOCABULARIES:
            return h.label(VOCABULARIES[facet], value)
        if facet == "countries":
            return h.country(value)
        if facet == "languages":
            return h.language(value)
        if facet == "status":
            return h.t(f"status.{value}")
        return value

    return sorted_options(_facet_counts(h.directory, active_only), label,
                          {"status": STATUS_ORDER})


def profile_url(slug: str) -> str:
    return f"directory/{slug}/"


def _alternates(directory: Directory, path: str) -> dict[str, str]:
    return {lang: lang_prefix(directory, lang) + path for lang in directory.settings.languages}


def _municipality(directory: Directory, lang: str) -> str:
    return directory.settings.municipality.text(lang, directory.settings.languages)


def directory_pages(directory: Directory, site: SiteInfo
                    ) -> tuple[list[PageSpec], list[Asset | AssetBundle]]:
    pages: list[PageSpec] = []
    assets: list[Asset | AssetBundle] = []
    index: Background[dirindex.IndexFiles] | None = None
    list_pages = 0
    if dirindex.index_mode(directory):
        if site.on_request:  # see dirindex.prepare
            dirindex.prepare(directory, facet_values)
        # Made beside everything else until the directory page or the writing needs it.
        index = Background(partial(dirindex.build_index, directory, facet_values))
        assets = [AssetBundle(partial(_index_files, index), dirindex.INDEX_DIR)]
        list_pages = dirindex.page_count(len(directory.associations))
    languages = directory.settings.languages
    profiles = [kept(a, ("pages", languages), partial(_profile_pages_of, a, languages))
                for a in directory.associations]
    for number, lang in enumerate(languages):
        prefix = lang_prefix(directory, lang)
        city = _municipality(directory, lang)

        def spec(path: str, template: str, title: str, description: str,
                 build: Any, lang: str = lang, prefix: str = prefix,
                 bulk: bool = False) -> PageSpec:
            return PageSpec(url=prefix + path, lang=lang, title=title, description=description,
                            template=template, build=build, bulk=bulk,
                            alternates=_alternates(directory, path))

        pages += (specs[number] for specs in profiles)
        pages.append(replace(
            spec("directory/", "directory.html", t(lang, "directory.title"),
                 t(lang, "directory.description", count=len(directory.associations),
                   city=city), partial(directory_context, index=index)),
            late=index is not None))
        for number in range(2, list_pages + 1):
            first = (number - 1) * dirindex.PAGE_SIZE + 1
            last = min(number * dirindex.PAGE_SIZE, len(directory.associations))
            pages.append(replace(
                spec(dirindex.page_url(number), "directory_page.html",
                     t(lang, "directory.page_title", page=number),
                     t(lang, "directory.page_description", first=first, last=last,
                       total=len(directory.associations), city=city),
                     partial(list_page_context, number=number, pages=list_pages), bulk=True),
                search=False))
        pages.append(spec("map/", "map.html", t(lang, "map.title"),
                          t(lang, "map.description", city=city), map_context))
        pages.append(spec("overview/", "overview.html", t(lang, "overview.title"),
                          t(lang, "overview.description", city=city), overview_context))
    return pages, [*assets, Asset(MAP_POINTS, partial(map_points, directory))]


def _profile_pages_of(a: Association, languages: tuple[str, ...]) -> tuple[PageSpec, ...]:
    return render.record_pages(
        languages, profile_url(a.slug), "profile.html",
        partial(profile_context, association=a.slug), lambda lang: a.name,
        description=lambda lang: a.summary.text(lang, languages))


# --- contexts: what each template gets beyond the page helpers -----------------------


def profile_context(h: PageContext, association: str) -> dict[str, Any]:
    d = h.directory
    a = d.by_slug[association]
    history = h.site.history.get(a.path)
    repo = h.site.repo_url.rstrip("/") if h.site.repo_url else None
    branch = h.site.branch
    links = {}
    if repo:
        links = {
            "edit": f"{repo}/edit/{branch}/{a.path}",
            "history": f"{repo}/commits/{branch}/{a.path}",
            # No labels= here: GitHub ignores it (or 404s) for people who may not label;
            # the issue form adds its label itself.
            "report": f"{repo}/issues/new?template=update-association.yml"
                      f"&title=Update:+{a.slug}&slug={a.slug}",
        }
    events = upcoming_by_organizer(d).get(a.slug, [])[:10]
    return {
        "a": a,
        "stale": d.is_stale(a),
        "changed": history[1] if history else None,
        "links": links,
        "alliances": [d.by_slug[s] for s in a.member_of if s in d.by_slug],
        "members": d.members.get(a.slug, ()),
        "events": events,
        "email": _obfuscate(a.contact.email) if a.contact.email else None,
        "people": [(p, _obfuscate(p.email) if p.email else None) for p in a.people],
        "jsonld": organization_jsonld(h, a),
        "chips": _chips(h, a),
    }


CHIP_FACETS = ("topics", "countries", "languages", "offers", "seeks")


def _chips(h: PageContext, a: Association) -> list[tuple[str, list[tuple[str, str]]]]:
    """The profile's facet values with their labels, in the order the page lists them.

    One list for the template's one loop: a Jinja macro call per facet cost more than
    making the list, 30,000 pages over at national scale.
    """
    names = {"countries": h.country, "languages": h.language}
    chips = []
    for facet in CHIP_FACETS:
        values = getattr(a, facet)
        if values or facet == "topics":
            name = names.get(facet) or partial(h.label, facet)
            chips.append((facet, [(value, name(value)) for value in values]))
    return chips


@lru_cache(maxsize=2)
def upcoming_by_organizer(d: Directory) -> dict[str, list[Occurrence]]:
    """Upcoming occurrences per organiser, computed once per directory: asking for each
    of 15,000 profiles separately would scan every occurrence 15,000 times."""
    result: dict[str, list[Occurrence]] = {}
    for occurrence in upcoming(d, limit=None):
        for slug in occurrence.event.organizers:
            result.setdefault(slug, []).append(occurrence)
    return result


def _obfuscate(address: str) -> dict[str, str]:
    """An address harvesters do not find in the HTML; one click still opens the mail app.

    The link carries the address reversed; a few lines of script turn it into a
    ``mailto:`` at the moment of the click. Without script the text stays readable.
    """
    user, _, domain = address.partition("@")
    return {"user": user, "domain": domain, "reversed": address[::-1]}


def organization_jsonld(h: PageContext, a: Association) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": a.name,
        "description": h.plain(a.summary),
        "url": h.site.absolute(lang_prefix(h.directory, h.lang) + profile_url(a.slug)),
    }
    if a.short_name:
        data["alternateName"] = a.short_name
    if a.founded:
        data["foundingDate"] = str(a.founded)
    if a.contact.website:
        data["sameAs"] = [a.contact.website, *(url for _, url in a.contact.social)]
    if a.contact.phone:
        data["telephone"] = a.contact.phone
    if a.contact.address:
        addr = a.contact.address
        data["address"] = {"@type": "PostalAddress", "streetAddress": addr.street,
                           "postalCode": addr.postcode, "addressLocality": addr.city}
    if a.contact.geo:
        data["location"] = {"@type": "Place", "geo": {
            "@type": "GeoCoordinates", "latitude": a.contact.geo.lat,
            "longitude": a.contact.geo.lon}}
    if a.member_of:
        data["memberOf"] = [{"@type": "Organization", "name": h.directory.by_slug[s].name}
                            for s in a.member_of if s in h.directory.by_slug]
    return data


def _index_files(index: Background[dirindex.IndexFiles]) -> dict[str, bytes]:
    return index.result().files


def directory_context(h: PageContext,
                      index: Background[dirindex.IndexFiles] | None = None) -> dict[str, Any]:
    """The filterable list. Small directories put every entry in the page, with its
    facet values, and the finder filters the DOM; large ones (``index``) show the
    first page of the list, and the finder queries the index (see :mod:`dirindex`)."""
    d = h.directory
    if index is not None:
        files = index.result()
        return {"items": [], "first": d.associations[:dirindex.PAGE_SIZE],
                "facets": facet_options(h), "facet_names": FACETS,
                "total": len(d.associations), "index": index_config(h, files),
                "pager": pager(h, 1, files.pages)}
    items = []
    for a in d.associations:
        values = facet_values(a)
        items.append({
            "a": a,
            "facets": {f: " ".join(values[f]) for f in FACETS},
            "search": f"{a.name} {a.short_name or ''} " + " ".join(a.summary.values()),
        })
    return {"items": items, "facets": facet_options(h), "facet_names": FACETS,
            "total": len(items), "index": None}


def index_config(h: PageContext, index: dirindex.IndexFiles) -> dict[str, Any]:
    """What the index finder reads from the page: where the index is, its version (so a
    browser never mixes two builds' files), and the strings it shows."""
    return {
        "index": h.root(dirindex.INDEX_DIR),
        "version": index.version,
        "lang": h.lang,
        "profiles": h.href("directory/"),
        "page-size": dirindex.RESULTS_STEP,
        "inactive": h.t("status.inactive"),
        "dissolved": h.t("status.dissolved"),
        "loading": h.t("directory.loading"),
        "error": h.t("directory.load_error"),
    }


def pager(h: PageContext, number: int, pages: int) -> dict[str, Any]:
    """Links of the list pages that work without script: previous, next, the first and
    last, and two either side of the current one."""
    shown = sorted({1, pages, *range(max(1, number - 2), min(pages, number + 2) + 1)})
    links: list[dict[str, Any] | None] = []
    for k, n in enumerate(shown):
        if k and n - shown[k - 1] > 1:
            links.append(None)  # a gap
        links.append({"number": n, "href": h.href(dirindex.page_url(n)), "current": n == number,
                      "label": h.t("directory.page", page=n)})
    return {
        "number": number, "pages": pages, "links": links,
        "prev": h.href(dirindex.page_url(number - 1)) if number > 1 else None,
        "next": h.href(dirindex.page_url(number + 1)) if number < pages else None,
    }


def list_page_context(h: PageContext, number: int, pages: int) -> dict[str, Any]:
    d = h.directory
    start = (number - 1) * dirindex.PAGE_SIZE
    return {"items": d.associations[start:start + dirindex.PAGE_SIZE],
            "pager": pager(h, number, pages), "first": start + 1,
            "total": len(d.associations)}


MAP_POINTS = "map/points.json"


def map_points(d: Directory) -> bytes:
    """Every located association as ``[lat, lon, name, slug, status]``: fetched only after
    the visitor agreed to the map, so the page itself stays light at any size."""
    points = [[a.contact.geo.lat, a.contact.geo.lon, a.name, a.slug, a.status]  # type: ignore[union-attr]
              for a in d.associations if a.contact.geo]
    return json.dumps({"points": points}, ensure_ascii=False, separators=(",", ":")).encode()


def map_context(h: PageContext) -> dict[str, Any]:
    d = h.directory
    located = [a for a in d.associations if a.contact.geo]
    bounds = d.settings.bounds
    return {"located": located if len(located) <= MAP_LIST_MAX else [],
            "count": len(located),
            "bounds": [list(bounds[0]), list(bounds[1])] if bounds else None}


def overview_context(h: PageContext) -> dict[str, Any]:
    d = h.directory
    active = _not_dissolved(d)
    options = facet_options(h, active_only=True)
    charts = {}
    for facet, title in (("kind", "overview.by_kind"), ("topics", "overview.by_topic"),
                         ("countries", "overview.by_country"),
                         ("languages", "overview.by_language"),
                         ("district", "overview.by_district")):
        rows = [(o.label, o.count, h.href(f"directory/?{facet}={o.value}")) for o in options[facet]]
        if rows:
            charts[facet] = {"title": h.t(title), "rows": rows,
                             "svg": svgchart.bar_chart(rows, title=h.t(title), chart_id=facet)}
    alliances = [(d.by_slug[slug], members) for slug, members in sorted(
        d.members.items(), key=lambda kv: (-len(kv[1]), kv[0])) if slug in d.by_slug]
    seekers: dict[str, list[Association]] = {}
    offerers: dict[str, list[Association]] = {}
    for a in active:
        for need in a.seeks:
            seekers.setdefault(need, []).append(a)
        for offer in a.offers:
            offerers.setdefault(offer, []).append(a)
    matches = [
        {"id": need, "label": h.label("seeks", need), "seekers": seekers[need],
         "offerers": offerers.get(need, [])}
        for need in sorted(seekers, key=lambda n: h.label("seeks", n).casefold())
    ]
    return {"charts": charts, "alliances": alliances, "matches": matches,
            "counts": _counts(d), "list_max": OVERVIEW_LIST_MAX, "match_max": MATCH_MAX}


@lru_cache(maxsize=2)
def _counts(d: Directory) -> dict[str, int]:
    """The home page's and the overview's figures, cached per directory object."""
    active = _not_dissolved(d)
    return {
        "associations": len(active),
        "events": len(upcoming(d, limit=None)),
        "countries": len({c for a in active for c in a.countries}),
        "languages": len({x.split("-")[0] for a in active for x in a.languages}),
    }


def newest(d: Directory, site: SiteInfo, limit: int = 6) -> list[Association]:
    """Associations by the date their file entered the directory (git), else ``reviewed``."""
    def added(a: Association) -> tuple[Any, str]:
        dates = site.history.get(a.path)
        return (dates[0] if dates else a.reviewed), a.slug

    return heapq.nlargest(limit, (a for a in d.associations if a.active), key=added)


def home_context(h: PageContext) -> dict[str, Any]:
    d = h.directory
    return {
        "counts": _counts(d),
        "newest": newest(d, h.site),
        "events": upcoming(d, limit=HOME_EVENTS),
        "newsletter": d.newsletters[0] if d.newsletters else None,
    }


__all__ = ["Occurrence", "directory_pages", "home_context"]
