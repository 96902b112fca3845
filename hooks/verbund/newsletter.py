"""The newsletter: archive, one page per issue, the subscribe page and an email version.

An issue is written once, in one language, as Markdown; the site shows it with German
and English chrome around it, the feeds (:mod:`feeds`) carry it with absolute links, and
``email.html`` carries it as one self-contained document for any mailing tool. All three
are made from the same pieces here, so a subscriber reads the same text everywhere.

The digest is computed as of the issue's date from dated facts only (when a record file
entered the git history, when an event takes place), so an issue published in March
still lists the same associations and events when it is rebuilt in December.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache, partial
from itertools import groupby
from typing import Any

from markupsafe import Markup

from . import links, ui
from .model import Association, Directory, I18n, NewsletterIssue
from .occurrences import Occurrence, between
from .render import (
    Asset,
    PageContext,
    PageSpec,
    SiteInfo,
    lang_attrs,
    lang_prefix,
    relative_base,
    render,
)
from .text import render_markdown

ARCHIVE = "newsletter/"
SUBSCRIBE = "newsletter/subscribe/"
RSS_PATH = "feed.xml"
ATOM_PATH = "atom.xml"
DIRECTORY_FEED_PATH = "directory/feed.xml"
EVENTS_FEED_PATH = "events/feed.xml"
CALENDAR_PATH = "events.ics"
FIRST_DIGEST_DAYS = 90
"""The first issue has no previous one to count from: it looks back this many days."""

History = Mapping[str, tuple[date, date]]
UrlFor = Callable[[str], str]
"""Site path (``directory/x/``, ``en/events/y/``) -> the URL to write into the HTML."""


def issue_path(issue_id: str) -> str:
    return f"newsletter/{issue_id}/"


def email_path(issue_id: str) -> str:
    return f"newsletter/{issue_id}/email.html"


def record_path(kind: str, ident: str) -> str:
    """Where a record's page lives (without the language prefix), per DESIGN.md."""
    folder = {"association": "directory", "event": "events", "newsletter": "newsletter"}[kind]
    return f"{folder}/{ident}/"


# --- languages -----------------------------------------------------------------------


def body_language(d: Directory, issue: NewsletterIssue) -> str:
    """The language the issue is written in: its ``language``, else the site's first."""
    return issue.language or d.settings.default_language


def chrome_language(d: Directory, issue: NewsletterIssue) -> str:
    """The site language for the words around the issue in feeds and email: the issue's
    own language where the site speaks it, so a German issue is not framed in English."""
    lang = body_language(d, issue)
    for candidate in (lang, lang.split("-")[0]):
        if candidate in d.settings.languages:
            return candidate
    return d.settings.default_language


def issue_text(d: Directory, issue: NewsletterIssue, value: I18n, lang: str) -> tuple[str, str]:
    """``(language, text)`` of a title or summary for a page in ``lang``.

    A plain string declares no language; it is in the language of the issue.
    """
    found, text = value.pick(lang, d.settings.languages)
    return found or body_language(d, issue), text


def newsletter_title(d: Directory, lang: str) -> str:
    news = d.settings.newsletter
    title = news.title if news is not None else d.settings.municipality
    return title.text(lang, d.settings.languages)


# --- the body -------------------------------------------------------------------------


def known_ids(d: Directory) -> links.Known:
    return links.Known(d.by_slug.keys(), d.events_by_id.keys(), {n.id for n in d.newsletters})


_HEADING = re.compile(r"<(/?)h([1-6])\b")


def _promote_headings(html: str) -> str:
    """Make the body's top heading level h2, keeping the steps below it.

    :mod:`text` places record headings under a profile's h2; an issue's ``## Section``
    is instead a section of the page, right under its h1. Measuring the top level keeps
    this right whatever shift :mod:`text` applies. The HTML is already sanitised, so a
    ``<h`` here is always a tag, never text.
    """
    levels = [int(m[2]) for m in _HEADING.finditer(html)]
    if not levels:
        return html
    delta = min(levels) - 2
    return _HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) - delta}", html)


def render_body(d: Directory, issue: NewsletterIssue, lang: str, url: UrlFor,
                anchor_base: str = "") -> Markup:
    """The issue's Markdown as sanitised HTML, internal links resolved with ``url``.

    ``lang`` decides which language version of a record the links point to and name;
    ``anchor_base`` is put before ``#anchors`` (empty on the page, the issue's absolute
    URL in feeds and email, where a bare ``#`` would point at the reader's own page).
    """
    prefix = lang_prefix(d, lang)

    def target_url(target: links.Target) -> str:
        if target.kind == "anchor":
            return anchor_base
        if target.kind == "site":
            return url(target.id)
        return url(prefix + record_path(target.kind, target.id))

    def label(target: links.Target) -> str:
        if target.kind == "association":
            return d.by_slug[target.id].name
        if target.kind == "event":
            return d.events_by_id[target.id].title.text(lang, d.settings.languages)
        other = next(n for n in d.newsletters if n.id == target.id)
        return other.title.text(lang, d.settings.languages)

    markdown = links.rewrite(issue.body, known_ids(d), target_url, label)
    return Markup(_promote_headings(str(render_markdown(markdown))))


# --- the digest -----------------------------------------------------------------------


DIGEST_MAX = 40
"""Entries per digest section: a newsletter stays readable in a national directory, where a
month brings hundreds of new entries and thousands of events; the rest is one link away."""


@dataclass(frozen=True)
class Digest:
    """What the records said as of the issue's date."""

    issue: NewsletterIssue
    since: date | None
    """The previous issue's date; None for the first issue (then a fixed look-back)."""
    associations: tuple[Association, ...] | None
    """Added after ``since`` up to the issue's date; None when the issue did not ask."""
    occurrences: tuple[Occurrence, ...] | None
    until: date | None
    """Last day of "coming up"; None when the issue did not ask."""

    @property
    def look_back(self) -> int:
        return FIRST_DIGEST_DAYS

    @property
    def events(self) -> list[tuple[Occurrence, tuple[Occurrence, ...]]]:
        """Coming up, one entry per event: its first occurrence and the later ones, so a
        weekly café is one line with its dates, not four lines."""
        groups: dict[str, list[Occurrence]] = {}
        for o in self.occurrences or ():
            groups.setdefault(o.event.id, []).append(o)
        return [(items[0], tuple(items[1:])) for items in groups.values()][:DIGEST_MAX]

    @property
    def more_events(self) -> int:
        return max(0, len({o.event.id for o in self.occurrences or ()}) - DIGEST_MAX)

    @property
    def shown_associations(self) -> tuple[Association, ...]:
        return (self.associations or ())[:DIGEST_MAX]

    @property
    def more_associations(self) -> int:
        return max(0, len(self.associations or ()) - DIGEST_MAX)


def neighbours(d: Directory, issue: NewsletterIssue) -> tuple[NewsletterIssue | None,
                                                               NewsletterIssue | None]:
    """``(previous, next)`` issue in time; the archive is newest first."""
    index = next(i for i, n in enumerate(d.newsletters) if n.id == issue.id)
    older = d.newsletters[index + 1] if index + 1 < len(d.newsletters) else None
    newer = d.newsletters[index - 1] if index > 0 else None
    return older, newer


def added_on(path: str, history: History, fallback: date) -> date:
    """When a record entered the directory: its first commit, else the record's own date
    (a tarball or a copy without ``.git`` has no history)."""
    dates = history.get(path)
    return dates[0] if dates else fallback


def history_as_of(history: History, day: date) -> History:
    """The history if it reaches back to ``day``, else nothing.

    A repository whose first commit came after an issue (records imported later, or an
    issue back-dated) cannot say what was in the directory on the issue's date; every
    record would look newer than the issue. The records' own dates are the better guess.
    """
    if history and min(first for first, _ in history.values()) <= day:
        return history
    return {}


class _Same:
    """A key for an object that is equal only to itself (a build's history is a dict)."""

    __slots__ = ("obj",)

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.obj is self.obj


@lru_cache(maxsize=2)
def _digests(d: Directory, history: _Same) -> dict[str, Digest | None]:
    """The digests made for a directory and a history, by issue id.

    An issue's digest is shown on its page in every language, in the feeds and in the
    e-mail edition: made once, not four times (a second each time at national scale).
    Keyed by the objects themselves, which a build makes anew and never changes, and
    holding them while kept, so a later build can never be served an earlier digest.
    """
    return {}


def digest(d: Directory, history: History, issue: NewsletterIssue) -> Digest | None:
    """The generated sections of an issue, or None when its front matter asks for none."""
    made = _digests(d, _Same(history))
    if issue.id not in made:
        made[issue.id] = _digest(d, history, issue)
    return made[issue.id]


def _digest(d: Directory, history: History, issue: NewsletterIssue) -> Digest | None:
    """The generated sections of an issue, or None when its front matter asks for none.

    Only facts dated up to the issue count: an association counts as new by the date
    its file was added, and an event appears only if its file existed on the issue's
    date, so records added later never slip into an old issue.
    """
    if not issue.digest_new_associations and not issue.digest_upcoming_days:
        return None
    history = history_as_of(history, issue.date)
    older, _ = neighbours(d, issue)
    since = older.date if older is not None else None
    associations = None
    if issue.digest_new_associations:
        start = since or issue.date - timedelta(days=FIRST_DIGEST_DAYS)
        associations = tuple(sorted(
            (a for a in d.associations
             if start < added_on(a.path, history, a.reviewed) <= issue.date),
            key=Association.sort_key))
    occurrences = until = None
    if issue.digest_upcoming_days:
        until = issue.date + timedelta(days=issue.digest_upcoming_days)
        occurrences = tuple(
            o for o in between(d, issue.date, until)
            if added_on(o.event.path, history, issue.date) <= issue.date
        )
    return Digest(issue, since, associations, occurrences, until)


def render_digest(h: PageContext, dg: Digest | None, url: UrlFor) -> Markup:
    if dg is None:
        return Markup("")
    prefix = lang_prefix(h.directory, h.lang)
    return Markup(render("_newsletter_digest.html", h, dg=dg, url=url, prefix=prefix))


# --- the email version ----------------------------------------------------------------

FONT = "font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;"
ACCENT = "#00695c"
EMAIL_STYLES = {
    "h2": f"margin:28px 0 10px;font-size:21px;line-height:1.3;color:{ACCENT};",
    "h3": "margin:22px 0 8px;font-size:18px;line-height:1.3;",
    "h4": "margin:18px 0 6px;font-size:16px;",
    "h5": "margin:16px 0 6px;font-size:15px;",
    "h6": "margin:16px 0 6px;font-size:15px;",
    "p": "margin:0 0 14px;",
    "ul": "margin:0 0 14px;padding:0 0 0 22px;",
    "ol": "margin:0 0 14px;padding:0 0 0 22px;",
    "li": "margin:0 0 6px;",
    "a": f"color:{ACCENT};text-decoration:underline;",
    "blockquote": "margin:0 0 14px;padding:4px 14px;border-left:4px solid #cccccc;color:#444444;",
    "pre": "margin:0 0 14px;padding:8px;background:#f0f0f0;white-space:pre-wrap;font-size:14px;",
    "code": "font-family:Consolas,Menlo,monospace;font-size:14px;background:#f0f0f0;",
    "table": "border-collapse:collapse;margin:0 0 14px;",
    "th": "border:1px solid #cccccc;padding:4px 8px;text-align:left;",
    "td": "border:1px solid #cccccc;padding:4px 8px;",
    "hr": "border:0;border-top:1px solid #dddddd;margin:20px 0;",
}
"""Mail programs drop ``<style>`` blocks and stylesheets; only inline styles survive."""
_OPEN_TAG = re.compile(r"<(" + "|".join(EMAIL_STYLES) + r")(?=[\s>/])")


def inline_styles(html: str) -> str:
    """Give every element of (sanitised or escaped) HTML its inline style."""
    return _OPEN_TAG.sub(lambda m: f'<{m[1]} style="{EMAIL_STYLES[m[1]]}"', html)


def email_document(d: Directory, site: SiteInfo, history: History,
                   issue: NewsletterIssue) -> str:
    """The issue as one HTML document that needs nothing from anywhere: no scripts, no
    stylesheets, no images or fonts; every link absolute."""
    lang = chrome_language(d, issue)
    h = PageContext(d, site, lang, issue_path(issue.id))
    anchor = site.absolute(issue_path(issue.id))
    body = inline_styles(str(render_body(d, issue, lang, site.absolute, anchor)))
    generated = inline_styles(str(render_digest(h, digest(d, history, issue), site.absolute)))
    title_lang, title = issue_text(d, issue, issue.title, lang)
    summary = issue_text(d, issue, issue.summary, lang)[1] if issue.summary else ""
    return render(
        "newsletter_email.html", h, issue=issue, title=title,
        title_attrs=lang_attrs(title_lang, lang), summary=summary,
        body_attrs=lang_attrs(body_language(d, issue), lang),
        # Sanitised Markdown and autoescaped template output, with styles added:
        body=Markup(body), digest=Markup(generated),
        newsletter=newsletter_title(d, lang), font=FONT, accent=ACCENT,
        urls={"issue": site.absolute(issue_path(issue.id)),
              "archive": site.absolute(ARCHIVE), "subscribe": site.absolute(SUBSCRIBE),
              "rss": site.absolute(RSS_PATH), "home": site.absolute("")},
    )


# --- pages -----------------------------------------------------------------------------


def _alternates(d: Directory, path: str) -> dict[str, str]:
    return {lang: lang_prefix(d, lang) + path for lang in d.settings.languages}


def newsletter_pages(d: Directory, site: SiteInfo) -> tuple[list[PageSpec], list[Asset]]:
    pages: list[PageSpec] = []
    for lang in d.settings.languages:
        prefix = lang_prefix(d, lang)
        pages.append(PageSpec(
            url=prefix + ARCHIVE, lang=lang, title=ui.t(lang, "newsletter.title"),
            description=_description(d, lang), template="newsletter_archive.html",
            alternates=_alternates(d, ARCHIVE), build=archive_context))
        pages.append(PageSpec(
            url=prefix + SUBSCRIBE, lang=lang, title=ui.t(lang, "newsletter.subscribe"),
            description=ui.t(lang, "newsletter.subscribe.description"),
            template="newsletter_subscribe.html", alternates=_alternates(d, SUBSCRIBE),
            build=subscribe_context))
        for issue in d.newsletters:
            summary = issue.summary.text(lang, d.settings.languages) if issue.summary else ""
            pages.append(PageSpec(
                url=prefix + issue_path(issue.id), lang=lang,
                title=issue.title.text(lang, d.settings.languages),
                description=summary or newsletter_title(d, lang),
                template="newsletter_issue.html", alternates=_alternates(d, issue_path(issue.id)),
                build=partial(issue_context, issue=issue.id)))
    # Made when written, as the feeds are: 120 issues with their digests take seconds.
    assets = [Asset(email_path(n.id), partial(_email_bytes, d, site, n)) for n in d.newsletters]
    return pages, assets


def _email_bytes(d: Directory, site: SiteInfo, issue: NewsletterIssue) -> bytes:
    return email_document(d, site, site.history, issue).encode("utf-8")


def _description(d: Directory, lang: str) -> str:
    news = d.settings.newsletter
    if news is not None and news.description is not None:
        return news.description.text(lang, d.settings.languages)
    return ui.t(lang, "newsletter.description")


def feed_links(h: PageContext) -> dict[str, str]:
    """Relative links to the feeds and the subscribe page, for the page templates."""
    return {"rss": h.root(RSS_PATH), "atom": h.root(ATOM_PATH),
            "subscribe": h.href(SUBSCRIBE)}


def archive_context(h: PageContext) -> dict[str, Any]:
    d = h.directory
    years = []
    for year, issues in groupby(d.newsletters, key=lambda n: n.date.year):
        items = []
        for issue in issues:
            title_lang, title = issue_text(d, issue, issue.title, h.lang)
            summary = issue_text(d, issue, issue.summary, h.lang) if issue.summary else None
            items.append({"issue": issue, "title": title,
                          "title_attrs": lang_attrs(title_lang, h.lang),
                          "summary": summary[1] if summary else None,
                          "summary_attrs": lang_attrs(summary[0], h.lang) if summary else "",
                          "url": h.href(issue_path(issue.id))})
        years.append((year, items))
    return {"years": years, "heading": newsletter_title(d, h.lang),
            "description": _description(d, h.lang), "feeds": feed_links(h)}


def issue_context(h: PageContext, issue: str) -> dict[str, Any]:
    d = h.directory
    item = next(n for n in d.newsletters if n.id == issue)
    base = relative_base(h.url)

    def url(path: str) -> str:
        return base + path

    older, newer = neighbours(d, item)
    title_lang, title = issue_text(d, item, item.title, h.lang)
    language = body_language(d, item)
    written_in = None
    if language.split("-")[0] != h.lang.split("-")[0]:
        written_in = h.t("newsletter.written_in", language=ui.language_name(language, h.lang))

    def neighbour(n: NewsletterIssue | None) -> dict[str, Any] | None:
        if n is None:
            return None
        found, text = issue_text(d, n, n.title, h.lang)
        return {"url": h.href(issue_path(n.id)), "title": text,
                "attrs": lang_attrs(found, h.lang)}

    return {
        "issue": item,
        "title": title,
        "title_attrs": lang_attrs(title_lang, h.lang),
        "body": render_body(d, item, h.lang, url),
        "body_attrs": lang_attrs(language, h.lang),
        "written_in": written_in,
        "digest": render_digest(h, digest(d, h.site.history, item), url),
        "older": neighbour(older),
        "newer": neighbour(newer),
        "heading": newsletter_title(d, h.lang),
        "feeds": feed_links(h),
        "email": h.root(email_path(item.id)),
    }


def subscribe_context(h: PageContext) -> dict[str, Any]:
    site = h.site
    return {
        "heading": ui.t(h.lang, "newsletter.subscribe"),
        "feeds": [
            (h.t("newsletter.subscribe.feed_rss"), site.absolute(RSS_PATH)),
            (h.t("newsletter.subscribe.feed_atom"), site.absolute(ATOM_PATH)),
            (h.t("newsletter.subscribe.feed_events"), site.absolute(EVENTS_FEED_PATH)),
            (h.t("newsletter.subscribe.feed_directory"), site.absolute(DIRECTORY_FEED_PATH)),
            (h.t("newsletter.subscribe.feed_calendar"), site.absolute(CALENDAR_PATH)),
        ],
        "rss": site.absolute(RSS_PATH),
        "home": site.absolute(lang_prefix(h.directory, h.lang)),
        "archive": h.href(ARCHIVE),
        "latest": h.root(email_path(h.directory.newsletters[0].id))
                  if h.directory.newsletters else None,
    }
