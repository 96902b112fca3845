"""Typed, immutable objects built from records that passed validation.

Rendering consumes only these objects, never raw YAML: a template can then trust that
a date is a date, a list is a tuple and a reference resolves. Objects are frozen so that
one build cannot leak state into the next (``mkdocs serve`` keeps the process alive).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property, partial
from typing import Any, TypeVar

from . import values as v
from .load import Document, RawDirectory


class I18n(Mapping[str, str]):
    """A text in one or several languages, resolved with fallback.

    A plain string has no declared language; it is stored under ``""`` and shown as is.
    """

    __slots__ = ("_texts",)

    def __init__(self, value: str | Mapping[str, str]) -> None:
        texts = {"": value} if isinstance(value, str) else dict(value)
        object.__setattr__(self, "_texts", texts)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("I18n is immutable")

    def __getitem__(self, lang: str) -> str:
        return self._texts[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __repr__(self) -> str:
        return f"I18n({self._texts!r})"

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._texts.items())))

    def pick(self, lang: str, fallbacks: tuple[str, ...] = ()) -> tuple[str, str]:
        """``(language, text)`` in ``lang``, else the first fallback, else any text.

        The language is ``""`` when the text did not declare one.
        """
        for candidate in (lang, *fallbacks):
            if candidate in self._texts:
                return candidate, self._texts[candidate]
        for candidate, text in self._texts.items():
            return candidate, text
        return "", ""

    def text(self, lang: str, fallbacks: tuple[str, ...] = ()) -> str:
        return self.pick(lang, fallbacks)[1]


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    labels: I18n

    def label(self, lang: str, fallbacks: tuple[str, ...] = ()) -> str:
        return self.labels.text(lang, fallbacks) if self.labels else self.id


@dataclass(frozen=True)
class Taxonomy:
    kinds: Mapping[str, Term]
    topics: Mapping[str, Term]
    offers: Mapping[str, Term]
    seeks: Mapping[str, Term]
    formats: Mapping[str, Term]
    accessibility: Mapping[str, Term]
    districts: tuple[str, ...] = ()

    def vocabulary(self, name: str) -> Mapping[str, Term]:
        return getattr(self, name)


@dataclass(frozen=True, slots=True)
class NewsletterSettings:
    title: I18n
    description: I18n | None
    editor_email: str | None


@dataclass(frozen=True)
class Settings:
    municipality: I18n
    timezone: str = "Europe/Berlin"
    languages: tuple[str, ...] = ("de", "en")
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = None
    newsletter: NewsletterSettings | None = None
    stale_after_months: int = 12
    event_window_months: int = 12

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @cached_property
    def tz(self) -> zoneinfo.ZoneInfo:
        """Asked for every occurrence's day: a zone looked up once, not 75,000 times."""
        return zoneinfo.ZoneInfo(self.timezone)


@dataclass(frozen=True, slots=True)
class Geo:
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Address:
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    district: str | None = None

    def lines(self) -> tuple[str, ...]:
        town = " ".join(x for x in (self.postcode, self.city) if x)
        return tuple(x for x in (self.street, town) if x)


@dataclass(frozen=True, slots=True)
class Contact:
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    address: Address | None = None
    geo: Geo | None = None
    opening_hours: I18n | None = None
    social: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: I18n
    consent: date
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Association:
    slug: str
    path: str
    name: str
    kind: str
    summary: I18n
    topics: tuple[str, ...]
    reviewed: date
    short_name: str | None = None
    description: I18n | None = None
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()
    seeks: tuple[str, ...] = ()
    member_of: tuple[str, ...] = ()
    founded: int | None = None
    members: int | None = None
    volunteer_run: bool | None = None
    contact: Contact = field(default_factory=Contact)
    people: tuple[Person, ...] = ()
    logo: str | None = None
    status: str = "active"
    maintainers: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return self.status == "active"

    def sort_key(self) -> tuple[int, str]:
        """Active first, then inactive, then dissolved; alphabetical within each."""
        return self._sort_key

    @cached_property
    def _sort_key(self) -> tuple[int, str]:
        # Kept on the object, which outlives a build under ``mkdocs serve`` (model.build).
        rank = {"active": 0, "inactive": 1, "dissolved": 2}[self.status]
        return rank, v.fold_name(self.name)


@dataclass(frozen=True, slots=True)
class Location:
    name: str | None = None
    address: Address | None = None
    geo: Geo | None = None
    online: str | None = None

    @property
    def mode(self) -> str:
        """schema.org attendance mode: offline, online or mixed."""
        if self.online and self.address:
            return "mixed"
        return "online" if self.online else "offline"


@dataclass(frozen=True)
class Event:
    id: str
    path: str
    title: I18n
    start: date | datetime
    organizers: tuple[str, ...]
    format: str
    location: Location
    timezone: str
    end: date | datetime | None = None
    repeat: str | None = None
    exceptions: tuple[date, ...] = ()
    topics: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    description: I18n | None = None
    registration: str | None = None
    cost: I18n | None = None
    accessibility: tuple[str, ...] = ()
    status: str = "scheduled"
    timezone_given: bool = False
    """True when the record names its own timezone (shown on the page if it differs)."""

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)


@dataclass(frozen=True)
class NewsletterIssue:
    id: str
    path: str
    title: I18n
    date: date
    body: str
    body_line: int
    summary: I18n | None = None
    digest_new_associations: bool = False
    digest_upcoming_days: int | None = None
    language: str | None = None
    """The language the body is written in; ``None`` means the site's default language."""


@dataclass(frozen=True, eq=False)
class Directory:
    """Everything the site is made of, after validation."""

    settings: Settings
    taxonomy: Taxonomy
    associations: tuple[Association, ...]
    events: tuple[Event, ...]
    newsletters: tuple[NewsletterIssue, ...]
    today: date

    @cached_property
    def by_slug(self) -> Mapping[str, Association]:
        return {a.slug: a for a in self.associations}

    @cached_property
    def events_by_id(self) -> Mapping[str, Event]:
        return {e.id: e for e in self.events}

    @cached_property
    def members(self) -> Mapping[str, tuple[Association, ...]]:
        """Alliance slug -> its member associations, in directory order."""
        result: dict[str, list[Association]] = {}
        for association in self.associations:
            for parent in association.member_of:
                result.setdefault(parent, []).append(association)
        return {k: tuple(x) for k, x in result.items()}

    def is_stale(self, association: Association) -> bool:
        return v.is_stale(association.reviewed, self.today, self.settings.stale_after_months)


T = TypeVar("T")


def kept(obj: Association | Event, key: Hashable, make: Callable[[], T]) -> T:
    """What ``make`` makes of the record object ``obj``, kept on it as a cached property
    keeps a value; ``key`` names everything else ``make`` reads.

    An object is immutable, and under ``mkdocs serve`` the objects of the records that
    did not change are the ones of the build before (:func:`build`), so what was made of
    them (their occurrences, their pages) is made once, not after every edit. Nothing
    made from the whole directory may be kept this way: it changes with any record.
    """
    store = obj.__dict__.get("_kept")
    if store is None:
        store = obj.__dict__["_kept"] = {}
    if key not in store:
        store[key] = make()
    return store[key]  # type: ignore[no-any-return]


# --- building -----------------------------------------------------------------------


def _i18n(value: Any) -> I18n | None:
    return I18n(value) if isinstance(value, str | dict) else None


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, list) else ()


def _address(value: Any) -> Address | None:
    if not isinstance(value, dict):
        return None
    return Address(value.get("street"), value.get("postcode"), value.get("city"),
                   value.get("district"))


def _geo(value: Any) -> Geo | None:
    if not isinstance(value, dict):
        return None
    return Geo(float(value["lat"]), float(value["lon"]))


def _rrule(text: str) -> str:
    """Normalise a repeat rule: ``rrule:freq=weekly`` -> ``FREQ=WEEKLY``.

    RFC 5545 names and values are case-insensitive; one spelling keeps calendar files
    and comparisons simple.
    """
    text = text.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    return text.upper()


def _vocabulary(data: Mapping[str, Any], key: str) -> dict[str, Term]:
    return {term: Term(term, I18n(labels)) for term, labels in (data.get(key) or {}).items()}


def build_settings(data: Mapping[str, Any]) -> Settings:
    news = data.get("newsletter") or {}
    municipality = I18n(data["municipality"])
    bounds = data.get("bounds")
    return Settings(
        municipality=municipality,
        timezone=data.get("timezone") or "Europe/Berlin",
        languages=tuple(data.get("languages") or ("de", "en")),
        bounds=((bounds[0][0], bounds[0][1]), (bounds[1][0], bounds[1][1])) if bounds else None,
        newsletter=NewsletterSettings(
            title=_i18n(news.get("title")) or municipality,
            description=_i18n(news.get("description")),
            editor_email=news.get("editor_email"),
        ),
        stale_after_months=data.get("stale_after_months") or 12,
        event_window_months=data.get("event_window_months") or 12,
    )


def build_taxonomy(data: Mapping[str, Any]) -> Taxonomy:
    return Taxonomy(
        kinds=_vocabulary(data, "kinds"),
        topics=_vocabulary(data, "topics"),
        offers=_vocabulary(data, "offers"),
        seeks=_vocabulary(data, "seeks"),
        formats=_vocabulary(data, "formats"),
        accessibility=_vocabulary(data, "accessibility"),
        districts=tuple(data.get("districts") or ()),
    )


def build_association(doc: Document) -> Association:
    d = doc.data
    contact = d.get("contact") or {}
    return Association(
        slug=doc.stem,
        path=doc.path,
        name=d["name"],
        short_name=d.get("short_name"),
        kind=d["kind"],
        summary=I18n(d["summary"]),
        description=_i18n(d.get("description")),
        topics=_tuple(d.get("topics")),
        countries=_tuple(d.get("countries")),
        languages=_tuple(d.get("languages")),
        offers=_tuple(d.get("offers")),
        seeks=_tuple(d.get("seeks")),
        member_of=_tuple(d.get("member_of")),
        founded=d.get("founded"),
        members=d.get("members"),
        volunteer_run=d.get("volunteer_run"),
        contact=Contact(
            website=contact.get("website"),
            email=contact.get("email"),
            phone=contact.get("phone"),
            address=_address(contact.get("address")),
            geo=_geo(contact.get("geo")),
            opening_hours=_i18n(contact.get("opening_hours")),
            social=tuple((contact.get("social") or {}).items()),
        ),
        people=tuple(
            Person(p["name"], I18n(p["role"]), v.parse_date(p["consent"]), p.get("email"),
                   p.get("phone"))
            for p in d.get("people") or ()
        ),
        logo=d.get("logo"),
        status=d.get("status") or "active",
        reviewed=v.parse_date(d["reviewed"]),
        maintainers=tuple(m.lstrip("@") for m in d.get("maintainers") or ()),
    )


def build_event(doc: Document, settings: Settings) -> Event:
    d = doc.data
    tz_name = d.get("timezone") or settings.timezone
    tz = zoneinfo.ZoneInfo(tz_name)
    location = d.get("location") or {}
    end = d.get("end")
    repeat = d.get("repeat")
    return Event(
        id=doc.stem,
        path=doc.path,
        title=I18n(d["title"]),
        start=v.parse_when(d["start"], tz),
        end=v.parse_when(end, tz) if end else None,
        timezone=tz_name,
        timezone_given=bool(d.get("timezone")),
        repeat=_rrule(repeat) if repeat else None,
        exceptions=tuple(v.parse_date(x) for x in d.get("except") or ()),
        organizers=_tuple(d.get("organizers")),
        format=d["format"],
        topics=_tuple(d.get("topics")),
        languages=_tuple(d.get("languages")),
        location=Location(location.get("name"), _address(location.get("address")),
                          _geo(location.get("geo")), location.get("online")),
        description=_i18n(d.get("description")),
        registration=d.get("registration"),
        cost=_i18n(d.get("cost")),
        accessibility=_tuple(d.get("accessibility")),
        status=d.get("status") or "scheduled",
    )


def build_newsletter(doc: Document) -> NewsletterIssue:
    d = doc.data
    digest = d.get("digest") or {}
    return NewsletterIssue(
        id=doc.stem,
        path=doc.path,
        title=I18n(d["title"]),
        date=v.parse_date(d["date"]),
        body=doc.body,
        body_line=doc.body_line,
        summary=_i18n(d.get("summary")),
        digest_new_associations=bool(digest.get("new_associations")),
        digest_upcoming_days=digest.get("upcoming_events_days"),
        language=d.get("language"),
    )


Keep = Callable[[Document, Hashable, Callable[[], Any]], Any]
"""``keep(doc, key, make)``: what ``make`` makes of ``doc``, perhaps made before
(:meth:`memo.CheckMemo.made`)."""


def _make(doc: Document, key: Hashable, make: Callable[[], Any]) -> Any:
    return make()


def build(raw: RawDirectory, today: date | None = None, keep: Keep = _make) -> Directory:
    """Build the model of a directory that validated without errors.

    Under ``mkdocs serve`` ``keep`` gives back the objects made of the records that did
    not change since the last build (they are immutable): 45,000 of them took half a
    second to make anew after every edit.
    """
    if raw.settings is None or raw.taxonomy is None:
        raise ValueError("build() needs a validated directory")
    settings = build_settings(raw.settings.data)
    associations = sorted((keep(d, "association", partial(build_association, d))
                           for d in raw.associations), key=Association.sort_key)
    events = sorted((keep(d, ("event", settings.timezone), partial(build_event, d, settings))
                     for d in raw.events), key=lambda e: e.id)
    newsletters = sorted((build_newsletter(d) for d in raw.newsletters),
                         key=lambda n: (n.date, n.id), reverse=True)
    return Directory(
        settings=settings,
        taxonomy=build_taxonomy(raw.taxonomy.data),
        associations=tuple(associations),
        events=tuple(events),
        newsletters=tuple(newsletters),
        today=today or v.today(settings.timezone),
    )
