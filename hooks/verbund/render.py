"""What a generated page or file is, and the Jinja2 environment that renders pages.

Producers (directory pages, events, newsletter, open data) return :class:`PageSpec` and
:class:`Asset` objects; only :mod:`mkdocs_events` turns them into MkDocs files. A page
spec carries the content HTML, not the frame: the theme adds the frame, so the site
could move to another front end without touching the producers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, cached_property
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import Markup, escape

from . import ui
from . import values as v
from .model import Directory, I18n
from .text import render_markdown


@dataclass(frozen=True)
class PageSpec:
    """One generated HTML page at ``url`` (``directory/kiel-global/``; ``""`` is home)."""

    url: str
    lang: str
    title: str
    description: str
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    alternates: Mapping[str, str] = field(default_factory=dict)
    """Language -> URL of the same page in that language."""
    search: bool = True
    """Whether the page goes into the site search index."""
    bulk: bool = False
    """One of many pages of one shape (profiles, events): written from a frame the theme
    renders once, not through MkDocs' per-page pipeline (see mkdocs_events)."""
    build: Callable[[PageContext], Mapping[str, Any]] | None = None
    """Makes the template's context when the page is rendered (late, so ``mkdocs serve``
    renders only what it needs); usually a ``functools.partial``."""
    late: bool = False
    """Rendered after the other pages: its context waits for a value made in the
    background (the directory's search index), which then has had the most time."""
    describe: Callable[[PageContext], str] | None = None
    """Makes the description when it is needed, in place of ``description`` (late, as
    ``build``): the dates of 60,000 event pages in words are work that a preview need
    not do before a page is asked for, and that a build does in its writing processes."""

    def summary(self, directory: Directory, site: SiteInfo) -> str:
        """The page's description (the head's meta description, search results)."""
        if self.describe is None:
            return self.description
        return self.describe(PageContext(directory, site, self.lang, self.url))

    @cached_property
    def src_uri(self) -> str:
        """The MkDocs source path that yields ``url`` with directory URLs (kept: a
        preview keeps the pages of unchanged records, and asks for it every build)."""
        return f"{self.url}index.md" if self.url.endswith("/") or not self.url else self.url


@dataclass(frozen=True)
class Asset:
    """A generated file copied as is: feeds, calendars, data, schemas, scripts.

    ``content`` may be a function that makes the bytes: then they are made only when the
    file is written, possibly in another process, and never all held at once.
    """

    path: str
    content: bytes | Callable[[], bytes]

    def data(self) -> bytes:
        return self.content() if callable(self.content) else self.content


@dataclass(frozen=True)
class AssetBundle:
    """Generated files whose names are known only once they are made.

    The directory's search index is cut into as many shards as its words need, and it
    is made in the background (:class:`parallel.Background`) while the build goes on;
    ``make`` is asked for the files when they are written.
    """

    make: Callable[[], Mapping[str, bytes]]
    folder: str
    """Where its files go (``directory/index/``): a preview waits for them only when a
    browser asks for a file there."""

    def assets(self) -> list[Asset]:
        return [Asset(path, data) for path, data in self.make().items()]


@dataclass(frozen=True)
class SiteInfo:
    """What producers need to know about the site beyond the records."""

    site_url: str
    repo_url: str | None = None
    branch: str = "main"
    site_name: str = "Verbund"
    history: Mapping[str, tuple[date, date]] = field(default_factory=dict)
    """Record path -> (first added, last changed) from git; empty outside a repository."""
    on_request: bool = False
    """Files are made when a browser asks for them (the preview of ``mkdocs serve``): a
    producer prepares nothing in advance that can wait for a request."""

    def absolute(self, url: str) -> str:
        return self.site_url.rstrip("/") + "/" + url.lstrip("/")

    def webcal(self, url: str) -> str:
        """The ``webcal:`` form of a calendar's URL: a click on it opens the "subscribe"
        dialog of Apple Calendar, Outlook and most desktop apps, which then fetch it over
        https.
        """
        return "webcal://" + self.absolute(url).split("://", 1)[1]


def lang_prefix(directory: Directory, lang: str) -> str:
    """URL prefix of a language: the default language lives at the root, others below."""
    return "" if lang == directory.settings.default_language else f"{lang}/"


def record_pages(languages: tuple[str, ...], path: str, template: str,
                 build: Callable[[PageContext], Mapping[str, Any]],
                 title: Callable[[str], str], *,
                 description: Callable[[str], str] = lambda lang: "",
                 describe: Callable[[PageContext], str] | None = None
                 ) -> tuple[PageSpec, ...]:
    """A record's page in each of ``languages`` (the first is the default), at ``path``
    below each language's prefix; ``title`` and ``description`` are asked per
    language. Nothing here may read the directory: under ``mkdocs serve`` a record's
    pages are kept with its unchanged object (:func:`model.kept`)."""
    alternates = {lang: ("" if lang == languages[0] else f"{lang}/") + path
                  for lang in languages}
    specs = []
    for lang in languages:
        name = title(lang)
        specs.append(PageSpec(url=alternates[lang], lang=lang, title=name,
                              description=description(lang), template=template, build=build,
                              describe=describe, bulk=True,
                              alternates=alternates))
    return tuple(specs)


def relative_base(url: str) -> str:
    """From a page at ``url`` back to the site root, as directory URLs need it."""
    depth = url.count("/")
    return "../" * depth if depth else "./"


@dataclass
class PageContext:
    """Helpers every template gets; bound to one page's language and place."""

    directory: Directory
    site: SiteInfo
    lang: str
    url: str

    @property
    def fallbacks(self) -> tuple[str, ...]:
        return self.directory.settings.languages

    def t(self, key: str, **kwargs: Any) -> str:
        return ui.t(self.lang, key, **kwargs)

    @property
    def T(self) -> Mapping[str, str]:
        """The interface strings without parameters, as a lookup (see :func:`ui.strings`)."""
        return ui.strings(self.lang)

    def href(self, path: str, lang: str | None = None) -> str:
        """Relative link from this page to ``path`` in ``lang`` (default: the page's)."""
        prefix = lang_prefix(self.directory, lang or self.lang)
        return relative_base(self.url) + prefix + path

    def root(self, path: str) -> str:
        """Relative link to a language-independent file (data, feeds, assets)."""
        return relative_base(self.url) + path

    def text(self, value: I18n | None) -> Markup:
        """An i18n text in the page language, with ``lang``/``dir`` when it differs."""
        if value is None:
            return Markup("")
        lang, text = value.pick(self.lang, self.fallbacks)
        return self._wrap(lang, escape(text))

    def markdown(self, value: I18n | None) -> Markup:
        if value is None:
            return Markup("")
        lang, text = value.pick(self.lang, self.fallbacks)
        return self._wrap(lang, render_markdown(text), block=True)

    def markdown_in(self, value: I18n, lang: str) -> Markup:
        """One language's Markdown, marked with its language (for "other languages")."""
        return self._wrap(lang, render_markdown(value[lang]), block=True)

    def plain(self, value: I18n | None) -> str:
        return value.text(self.lang, self.fallbacks) if value is not None else ""

    def _wrap(self, lang: str, html: Markup, *, block: bool = False) -> Markup:
        attrs = lang_attrs(lang, self.lang)
        if not attrs:
            return html
        tag = "div" if block else "span"
        return Markup(f"<{tag}{attrs}>") + html + Markup(f"</{tag}>")

    def other_languages(self, value: I18n | None) -> list[tuple[str, str, Markup]]:
        """The texts of ``value`` not shown in the page language: (code, name, attrs)."""
        if value is None:
            return []
        shown, _ = value.pick(self.lang, self.fallbacks)
        return [(code, ui.language_name(code, self.lang), lang_attrs(code, self.lang))
                for code in value if code and code != shown]

    def label(self, vocabulary: str, term_id: str) -> str:
        term = self.directory.taxonomy.vocabulary(vocabulary).get(term_id)
        return term.label(self.lang, self.fallbacks) if term else term_id

    def date(self, value: date | datetime, fmt: str = "long") -> str:
        return ui.format_date(value, self.lang, fmt)

    def when(self, occurrence: Any) -> str:
        """An occurrence's date and time in words, in the event's own timezone; the zone
        is named when it is not the site's.
        """
        event = occurrence.event
        start, end = occurrence.start, occurrence.end
        if isinstance(start, datetime):
            zone = ZoneInfo(event.timezone)
            start = start.astimezone(zone)
            end = end.astimezone(zone) if isinstance(end, datetime) else end
        text = ui.format_span(start, end, self.lang)
        if isinstance(start, datetime) and event.timezone != self.directory.settings.timezone:
            text += f" ({ui.timezone_name(event.timezone, self.lang)})"
        return text

    def country(self, code: str) -> str:
        return ui.country_name(code, self.lang)

    def language(self, code: str) -> str:
        return ui.language_name(code, self.lang)


def lang_attrs(text_lang: str, page_lang: str) -> Markup:
    """``lang`` (and ``dir``) for a text whose language is not the page's."""
    if not text_lang or text_lang == page_lang:
        return Markup("")
    attrs = f' lang="{escape(text_lang)}"'
    if v.is_rtl(text_lang):
        attrs += ' dir="rtl"'
    return Markup(attrs)


def _tojson(value: Any) -> Markup:
    """JSON safe inside ``<script>``: Jinja's own filter escapes < > & and quotes."""
    return jinja2.utils.htmlsafe_json_dumps(value, dumps=json.dumps, ensure_ascii=False)


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("verbund", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        # The templates are package files: asking the disk whether they changed costs a
        # stat per template and page, 180,000 of them at national scale.
        auto_reload=False,
    )
    env.filters["tojson"] = _tojson
    env.globals["safe_url"] = safe_url
    return env


def safe_url(url: str | None) -> str:
    """Only http(s) links leave the site; anything else becomes a harmless ``#``."""
    return url if url and v.is_http_url(url) else "#"


def render(template: str, ctx: PageContext, **context: Any) -> str:
    return environment().get_template(template).render(h=ctx, **context)


def render_page(spec: PageSpec, directory: Directory, site: SiteInfo) -> str:
    """The content HTML of a generated page (the theme adds the frame)."""
    h = PageContext(directory, site, spec.lang, spec.url)
    extra = spec.build(h) if spec.build else {}
    return render(spec.template, h, spec=spec, **extra)


Producer = Callable[[Directory, SiteInfo], tuple[list[PageSpec], Sequence[Asset | AssetBundle]]]
