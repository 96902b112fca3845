"""RSS and Atom feeds, made with feedgen: the newsletter, directory changes, events.

XML is never written by hand here: feedgen (lxml underneath) escapes every text, so a
title such as ``Tom & Jerry <3`` cannot break a feed or smuggle markup into a reader.
lxml refuses the control characters XML 1.0 forbids instead of writing them, so every
text passes :func:`text.xml_safe` first.

Feed readers remember items by their id and sort them by date: ids are absolute URLs
that never change for the same record, and every date comes from the data (issue date,
git history, the record's ``reviewed``), never from the clock, so two builds of the
same data on the same day write the same bytes and readers show nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from functools import partial
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator
from markupsafe import Markup, escape

from . import ui
from .model import Directory
from .newsletter import (
    ARCHIVE,
    ATOM_PATH,
    DIRECTORY_FEED_PATH,
    EVENTS_FEED_PATH,
    RSS_PATH,
    body_language,
    chrome_language,
    digest,
    issue_path,
    issue_text,
    newsletter_title,
    render_body,
    render_digest,
)
from .occurrences import Occurrence, upcoming
from .render import Asset, PageContext, PageSpec, SiteInfo, lang_attrs, lang_prefix
from .text import xml_safe

MAX_ISSUES = 50
MAX_ITEMS = 50
NOON = time(12)
"""Issues and records carry a date, not a time. Noon in the site's timezone keeps the
day the same for readers anywhere from UTC-11 to UTC+11 (midnight would show the day
before to everyone west of the site)."""


def _x(text: str) -> str:
    return xml_safe(text)


def _at_noon(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, NOON, tzinfo=tz)


def _editor(d: Directory, site: SiteInfo) -> dict[str, str]:
    lang = d.settings.default_language
    person = {"name": _x(f"{ui.t(lang, 'newsletter.editor')} {site.site_name}")}
    news = d.settings.newsletter
    if news is not None and news.editor_email:
        person["email"] = _x(news.editor_email)
    return person


def _channel(fg: FeedGenerator, d: Directory, site: SiteInfo, *, title: str, description: str,
             page: str, self_path: str, feed_type: str) -> None:
    """What every feed says about itself: title, links, language, editor."""
    fg.id(site.absolute(self_path))
    fg.title(_x(title))
    fg.description(_x(description))
    # feedgen gives RSS's one <link> the last link added: the page, not the feed itself.
    fg.link(href=site.absolute(self_path), rel="self", type=feed_type)
    fg.link(href=site.absolute(page), rel="alternate", type="text/html")
    fg.language(d.settings.default_language)
    editor = _editor(d, site)
    fg.author(editor)
    if "email" in editor:
        fg.managingEditor(f"{editor['email']} ({editor['name']})")
    fg.generator("Verbund (python-feedgen)")


# --- the newsletter ---------------------------------------------------------------------


def issue_content(d: Directory, site: SiteInfo, issue_id: str) -> str:
    """An issue's full HTML for a feed: sanitised body and digest, absolute links only."""
    issue = next(n for n in d.newsletters if n.id == issue_id)
    lang = chrome_language(d, issue)
    url = site.absolute(issue_path(issue.id))
    h = PageContext(d, site, lang, issue_path(issue.id))
    body = render_body(d, issue, lang, site.absolute, url)
    attrs = lang_attrs(body_language(d, issue), d.settings.default_language)
    if attrs:
        body = Markup(f"<div{attrs}>") + body + Markup("</div>")
    return _x(str(body) + str(render_digest(h, digest(d, site.history, issue), site.absolute)))


def newsletter_feed(d: Directory, site: SiteInfo, self_path: str, feed_type: str) -> FeedGenerator:
    lang = d.settings.default_language
    news = d.settings.newsletter
    description = (news.description.text(lang, d.settings.languages)
                   if news is not None and news.description is not None
                   else ui.t(lang, "newsletter.description"))
    fg = FeedGenerator()
    _channel(fg, d, site, title=newsletter_title(d, lang), description=description,
             page=lang_prefix(d, lang) + ARCHIVE, self_path=self_path, feed_type=feed_type)
    fg.category(term="newsletter", label=_x(ui.t(lang, "newsletter.category")))
    tz = d.settings.tz
    issues = d.newsletters[:MAX_ISSUES]
    fg.updated(_at_noon(issues[0].date if issues else d.today, tz))
    editor = _editor(d, site)
    for issue in issues:
        ilang = chrome_language(d, issue)
        url = site.absolute(issue_path(issue.id))
        fe = fg.add_entry(order="append")
        fe.guid(url, permalink=True)
        fe.title(_x(issue_text(d, issue, issue.title, ilang)[1]))
        fe.link(href=url, rel="alternate", type="text/html")
        fe.published(_at_noon(issue.date, tz))
        fe.updated(_at_noon(issue.date, tz))
        fe.author(editor)
        fe.category(term="newsletter", label=_x(ui.t(ilang, "newsletter.category")))
        if issue.summary:
            fe.summary(_x(issue_text(d, issue, issue.summary, ilang)[1]))
        fe.content(issue_content(d, site, issue.id), type="html")
    return fg


# --- directory changes ------------------------------------------------------------------


def _listing_channel(d: Directory, site: SiteInfo, section: str, path: str) -> FeedGenerator:
    """The channel of the directory's or the calendar's RSS feed, in the default language."""
    lang = d.settings.default_language
    city = d.settings.municipality.text(lang, d.settings.languages)
    fg = FeedGenerator()
    _channel(fg, d, site, title=ui.t(lang, f"feeds.{section}_title", site=site.site_name),
             description=ui.t(lang, f"feeds.{section}_description", city=city),
             page=lang_prefix(d, lang) + f"{section}/", self_path=path,
             feed_type="application/rss+xml")
    return fg


def directory_feed(d: Directory, site: SiteInfo) -> FeedGenerator:
    """New and updated associations, newest first.

    The date is the last commit that touched the file, or ``reviewed`` without git
    history. The id carries that date, so a reader shows an update as a new item.
    """
    lang, tz = d.settings.default_language, d.settings.tz
    fg = _listing_channel(d, site, "directory", DIRECTORY_FEED_PATH)
    h = PageContext(d, site, lang, "")
    rows = []
    for a in d.associations:
        dates = site.history.get(a.path)
        if dates:
            state, changed = ("new" if dates[0] == dates[1] else "updated"), dates[1]
        else:
            state, changed = "confirmed", a.reviewed
        rows.append((changed, a.slug, state, a))
    rows.sort(key=lambda r: (-r[0].toordinal(), r[1]))
    rows = rows[:MAX_ITEMS]
    fg.updated(_at_noon(rows[0][0] if rows else d.today, tz))
    for changed, slug, state, a in rows:
        url = site.absolute(lang_prefix(d, lang) + f"directory/{slug}/")
        fe = fg.add_entry(order="append")
        fe.guid(f"{url}#{changed.isoformat()}", permalink=False)
        fe.title(_x(a.name))
        fe.link(href=url, rel="alternate", type="text/html")
        fe.published(_at_noon(changed, tz))
        when = ui.format_date(changed, lang)
        note = ui.t(lang, f"feeds.{state}", date=when)
        html = (Markup("<p>") + h.text(a.summary) + Markup("</p><p>")
                + escape(h.label("kinds", a.kind)) + Markup(" · ") + escape(note)
                + Markup("</p>"))
        fe.description(_x(str(html)))
        category = "new" if state == "new" else "updated"
        fe.category([{"term": category, "label": _x(ui.t(lang, f"feeds.category_{category}"))},
                     {"term": a.kind, "label": _x(h.label("kinds", a.kind))},
                     *({"term": t, "label": _x(h.label("topics", t))} for t in a.topics)])
    return fg


# --- upcoming events --------------------------------------------------------------------


def _next_occurrences(d: Directory) -> list[Occurrence]:
    """The next occurrence of each upcoming event, soonest first: one item per event,
    so a weekly language café does not fill the reader with fifty entries."""
    seen: set[str] = set()
    result = []
    for o in upcoming(d):
        if o.event.id not in seen:
            seen.add(o.event.id)
            result.append(o)
    return result[:MAX_ITEMS]


def events_feed(d: Directory, site: SiteInfo) -> FeedGenerator:
    lang, tz = d.settings.default_language, d.settings.tz
    fg = _listing_channel(d, site, "events", EVENTS_FEED_PATH)
    fg.updated(_at_noon(d.today, tz))
    h = PageContext(d, site, lang, "")
    for o in _next_occurrences(d):
        e = o.event
        url = site.absolute(lang_prefix(d, lang) + f"events/{e.id}/")
        fe = fg.add_entry(order="append")
        fe.guid(url, permalink=True)
        title = e.title.text(lang, d.settings.languages)
        status = f" ({ui.t(lang, 'event.status.' + e.status)})" if e.status != "scheduled" else ""
        fe.title(_x(f"{title}{status} – {ui.format_date(o.first_day, lang, 'medium')}"))
        fe.link(href=url, rel="alternate", type="text/html")
        dates = site.history.get(e.path)
        if dates:
            fe.published(_at_noon(dates[1], tz))
        where = e.location.name or (", ".join(e.location.address.lines())
                                    if e.location.address else "")
        if e.location.online:
            where = f"{where} · {ui.t(lang, 'event.online')}" if where else ui.t(lang,
                                                                                 "event.online")
        names = ", ".join(d.by_slug[s].name for s in e.organizers if s in d.by_slug)
        html = Markup("<p><strong>") + escape(h.when(o)) + Markup("</strong>")
        if where:
            html += Markup("<br>") + escape(where)
        html += Markup("</p>")
        if names:
            html += Markup("<p>") + escape(ui.t(lang, "feeds.organizers", names=names)) \
                + Markup("</p>")
        if e.description is not None:
            html += h.markdown(e.description)
        fe.description(_x(str(html)))
        fe.category([{"term": e.format, "label": _x(h.label("formats", e.format))},
                     *({"term": t, "label": _x(h.label("topics", t))} for t in e.topics)])
    return fg


# --- the producer -----------------------------------------------------------------------


def _rss(make: Callable[[], FeedGenerator]) -> bytes:
    return make().rss_str(pretty=True)


def _atom(make: Callable[[], FeedGenerator]) -> bytes:
    return make().atom_str(pretty=True)


def feeds(d: Directory, site: SiteInfo) -> tuple[list[PageSpec], list[Asset]]:
    """The four feeds, made when written: at national scale most of a second each, work
    a build shares between its writing processes and a preview does when asked."""
    assets = [
        Asset(RSS_PATH, partial(_rss, partial(newsletter_feed, d, site, RSS_PATH,
                                              "application/rss+xml"))),
        Asset(ATOM_PATH, partial(_atom, partial(newsletter_feed, d, site, ATOM_PATH,
                                                "application/atom+xml"))),
        Asset(DIRECTORY_FEED_PATH, partial(_rss, partial(directory_feed, d, site))),
        Asset(EVENTS_FEED_PATH, partial(_rss, partial(events_feed, d, site))),
    ]
    return [], assets


def autodiscovery(d: Directory, site_name: str) -> list[tuple[str, str, str, str]]:
    """``(type, title, path, rel)`` of the feeds every page announces in its head, so that
    a reader given any page of the site finds them.

    They use ``rel="alternate feed"``, not the bare ``rel="alternate"``: the theme's
    script fetches "sitemap.xml" beside every exact ``[rel=alternate]`` link on every
    page view (a 404 in /directory/ and /events/, and 230 KB at the root of a national
    site). Feed readers look for the "alternate" token and the type, which both carry.
    """
    lang = d.settings.default_language
    title = newsletter_title(d, lang)
    return [
        ("application/rss+xml", ui.t(lang, "feeds.newsletter_rss", title=title), RSS_PATH,
         "alternate feed"),
        ("application/atom+xml", ui.t(lang, "feeds.newsletter_atom", title=title), ATOM_PATH,
         "alternate feed"),
        ("application/rss+xml", ui.t(lang, "feeds.events_title", site=site_name),
         EVENTS_FEED_PATH, "alternate feed"),
        ("application/rss+xml", ui.t(lang, "feeds.directory_title", site=site_name),
         DIRECTORY_FEED_PATH, "alternate feed"),
    ]
