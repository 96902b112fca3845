"""RSS and Atom: what a feed reader gets from the built site.

feedparser stands in for the readers (it flags any XML or format error as ``bozo``);
the raw XML is read too, because feedparser cleans HTML itself and would hide what we
published.
"""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from conftest import TODAY, Project
from sitetools import build_site, make_project
from verbund import open_directory
from verbund.feeds import MAX_ISSUES, directory_feed, events_feed, newsletter_feed
from verbund.model import Directory, I18n, NewsletterIssue
from verbund.render import SiteInfo

SITE = "https://verbund.example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
FEEDS = ("feed.xml", "atom.xml", "directory/feed.xml", "events/feed.xml")
DEMO = {  # id: (title, date, a text from its body, whether it has a digest)
    "2026-11-winter": ("Rundbrief Winter 2026", "2026-11-20", "Rückblick: Dialogkonferenz", True),
    "2026-09-herbst": ("Rundbrief Herbst 2026", "2026-09-12", "Interkulturelle Woche", True),
    "2026-06-sommer": ("Rundbrief Sommer 2026", "2026-06-20", "Drei Vorhaben", False),
    "2026-03-fruehling": ("Rundbrief Frühling 2026", "2026-03-14", "Neue Förderrichtlinie",
                          False),
}


def parse(path: Path) -> feedparser.FeedParserDict:
    result = feedparser.parse(path.read_bytes())
    assert not result.bozo, (path, result.get("bozo_exception"))
    return result


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


# --- the newsletter feeds of the demo site ---------------------------------------------


@pytest.mark.parametrize(("name", "version"), [("feed.xml", "rss20"), ("atom.xml", "atom10")])
def test_newsletter_feeds_hold_every_issue(demo_site: Path, name: str, version: str) -> None:
    feed = parse(demo_site / name)
    assert feed.version == version
    assert feed.feed.title == "Verbund Auenfurt – Rundbrief"
    assert feed.feed.link == SITE + "newsletter/"
    assert feed.feed.language == "de"
    assert any(link.rel == "self" and link.href == SITE + name for link in feed.feed.links)
    assert [e.link for e in feed.entries] == [SITE + f"newsletter/{i}/" for i in DEMO]
    for entry, (issue_id, (title, day, text, has_digest)) in zip(feed.entries, DEMO.items(),
                                                                  strict=True):
        assert entry.title == title
        assert entry.id == SITE + f"newsletter/{issue_id}/"
        assert date(*entry.published_parsed[:3]).isoformat() == day
        html = entry.content[0].value
        assert text in html
        assert ("Neu im Verzeichnis" in html) == has_digest
        assert ("Demnächst" in html) == has_digest
        assert all(h.startswith("https://") or h.startswith("mailto:") for h in hrefs(html))
        assert [t.term for t in entry.tags] in (["Rundbrief"], ["newsletter"])
        assert entry.summary  # the front matter's summary


def test_rss_details(demo_site: Path) -> None:
    raw = (demo_site / "feed.xml").read_text("utf-8")
    channel = ET.fromstring(raw).find("channel")
    assert channel is not None
    assert channel.findtext("managingEditor") == "redaktion@example.org (Redaktion Verbund Auenfurt)"
    assert channel.findtext("lastBuildDate") == "Fri, 20 Nov 2026 12:00:00 +0100"
    assert channel.find(f"{ATOM}link").get("href") == SITE + "feed.xml"  # type: ignore[union-attr]
    items = channel.findall("item")
    # dates in the site's timezone: summer time in September, winter time in November
    assert [i.findtext("pubDate") for i in items] == [
        "Fri, 20 Nov 2026 12:00:00 +0100", "Sat, 12 Sep 2026 12:00:00 +0200",
        "Sat, 20 Jun 2026 12:00:00 +0200", "Sat, 14 Mar 2026 12:00:00 +0100"]
    guid = items[0].find("guid")
    assert guid is not None and guid.get("isPermaLink") == "true"
    assert items[0].findtext("author") == "redaktion@example.org (Redaktion Verbund Auenfurt)"
    content = items[1].findtext(CONTENT) or ""
    assert '<a href="https://verbund.example.org/directory/isv-universitaet/"' in content


def test_atom_details(demo_site: Path) -> None:
    feed = ET.fromstring((demo_site / "atom.xml").read_text("utf-8"))
    assert feed.findtext(f"{ATOM}id") == SITE + "atom.xml"
    assert feed.findtext(f"{ATOM}updated") == "2026-11-20T12:00:00+01:00"
    assert feed.findtext(f"{ATOM}author/{ATOM}email") == "redaktion@example.org"
    entry = feed.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}published") == "2026-11-20T12:00:00+01:00"
    assert entry.find(f"{ATOM}content").get("type") == "html"  # type: ignore[union-attr]


def test_feeds_are_the_same_in_every_build(demo_site: Path, tmp_path: Path) -> None:
    again = build_site(make_project(tmp_path / "again"))
    for name in (*FEEDS, *(f"newsletter/{i}/email.html" for i in DEMO)):
        assert (again / name).read_bytes() == (demo_site / name).read_bytes(), name


# --- directory and events feeds --------------------------------------------------------


def test_directory_feed(demo_site: Path) -> None:
    feed = parse(demo_site / "directory/feed.xml")
    assert feed.feed.link == SITE + "directory/"
    assert 0 < len(feed.entries) <= 50
    days = [date(*e.published_parsed[:3]) for e in feed.entries]
    assert days == sorted(days, reverse=True)  # newest first
    for entry in feed.entries:
        slug = entry.link.removeprefix(SITE + "directory/").rstrip("/")
        assert (demo_site / "directory" / slug / "index.html").is_file()
        assert entry.id.startswith(entry.link + "#")
    # Without git history (the test copy), "reviewed" dates count.
    first = feed.entries[0]
    assert "Zuletzt vom Verein bestätigt am" in first.summary


def test_events_feed(demo_site: Path) -> None:
    feed = parse(demo_site / "events/feed.xml")
    assert feed.feed.link == SITE + "events/"
    ids = [e.id for e in feed.entries]
    assert ids and len(ids) == len(set(ids))  # one item per event
    assert all(i.startswith(SITE + "events/") for i in ids)
    assert feed.entries[0].title == "Frauen-Sprachcafé mit Kinderbetreuung – 24.11.2026"
    assert "Frauentreff Mosaik" in feed.entries[0].summary


# --- autodiscovery -----------------------------------------------------------------------

DISCOVERY = re.compile(r'<link rel="alternate feed" type="(application/(?:rss|atom)\+xml)" '
                       r'title="[^"]+" href="([^"]+)">')


def test_every_page_announces_the_feeds(demo_site: Path) -> None:
    pages = [p for p in demo_site.rglob("*.html") if p.name != "email.html"]
    assert len(pages) > 100
    for page in pages:
        html = page.read_text("utf-8")
        url = SITE + page.relative_to(demo_site).as_posix()
        found = {(kind, urljoin(url, href)) for kind, href in DISCOVERY.findall(html)}
        assert found == {
            ("application/rss+xml", SITE + "feed.xml"),
            ("application/atom+xml", SITE + "atom.xml"),
            ("application/rss+xml", SITE + "events/feed.xml"),
            ("application/rss+xml", SITE + "directory/feed.xml"),
        }, page


# --- a directory written by someone else -------------------------------------------------


def test_other_city_feeds(other_site: Path) -> None:
    for name in FEEDS:
        parse(other_site / name)
    for name in ("feed.xml", "atom.xml"):
        feed = parse(other_site / name)
        assert feed.feed.title == "Nordhafen network news"
        assert feed.feed.language == "en"
        (entry,) = feed.entries
        assert entry.title == "November news"
        assert entry.link == SITE + "newsletter/2026-11/"
        assert date(*entry.published_parsed[:3]) == date(2026, 11, 1)
        assert "The winter regatta is on." in entry.content[0].value
        assert entry.summary == "What happens at the harbour this winter."
    events = parse(other_site / "events/feed.xml")
    assert any("(cancelled)" in e.title for e in events.entries)
    assert (other_site / "newsletter/2026-11/email.html").is_file()


# --- text that tries to break out, built without validation ------------------------------


@pytest.fixture
def nasty(project: Project) -> Directory:
    """The minimal directory with an issue that validation would never let through:
    control characters, raw HTML, script links. The feeds must still be safe."""
    directory, problems = open_directory(project.root, TODAY)
    assert directory is not None, problems
    issue = NewsletterIssue(
        id="2026-11-20", path="directory/newsletter/2026-11-20.md",
        title=I18n("Bell\x07 & <b>bold</b> ]]> \x1b[31m"), date=date(2026, 11, 20),
        body=("Hallo\x01 <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n"
              "[klick](javascript:alert(3)) ]]> \ufffe Ende\x0c"),
        body_line=5, summary=I18n("Sum\x0bmary <i>x</i>"),
    )
    return dataclasses.replace(directory, newsletters=(issue, *directory.newsletters))


class _Elements(HTMLParser):
    """What a reader's HTML engine would make of a feed's content: elements, attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs += [(name, value or "") for name, value in attrs]


def elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def test_control_characters_and_markup_do_not_reach_the_feed(nasty: Directory) -> None:
    site = SiteInfo(SITE, site_name="Verbund Test")
    rss = newsletter_feed(nasty, site, "feed.xml", "application/rss+xml").rss_str()
    atom = newsletter_feed(nasty, site, "atom.xml", "application/atom+xml").atom_str()
    for raw in (rss, atom):
        assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", raw)
        assert "\ufffe".encode() not in raw
        parsed = feedparser.parse(raw)
        assert not parsed.bozo, parsed.get("bozo_exception")
        tree = ET.fromstring(raw)
        content = next(e.text or "" for e in tree.iter()
                       if e.tag in (CONTENT, f"{ATOM}content"))
        html = elements(content)
        assert html.tags <= {"p", "a"}, html.tags  # <script> and <img> stayed text
        assert [n for n, _ in html.attrs if n.startswith("on")] == []
        assert [v for n, v in html.attrs if n == "href"] == []  # javascript: link dropped
        assert "Hallo &lt;script&gt;alert(1)&lt;/script&gt;" in content
        assert "Ende" in content
        titles = [e.text for e in tree.iter() if e.tag in ("title", f"{ATOM}title")]
        assert "Bell & <b>bold</b> ]]> [31m" in titles  # text, escaped by the XML writer
    assert b"<title>Bell &amp; &lt;b&gt;bold&lt;/b&gt; ]]&gt; [31m</title>" in rss


def test_feeds_without_issues_events_or_history(nasty: Directory) -> None:
    empty = dataclasses.replace(nasty, newsletters=(), events=())
    site = SiteInfo(SITE)
    for raw in (newsletter_feed(empty, site, "feed.xml", "application/rss+xml").rss_str(),
                newsletter_feed(empty, site, "atom.xml", "application/atom+xml").atom_str(),
                events_feed(empty, site).rss_str(), directory_feed(empty, site).rss_str()):
        parsed = feedparser.parse(raw)
        assert not parsed.bozo
    assert len(feedparser.parse(directory_feed(empty, site).rss_str()).entries) == 2


def test_only_the_newest_issues(project: Project) -> None:
    for n in range(MAX_ISSUES + 5):
        day = date(2022, 1, 1).fromordinal(date(2022, 1, 1).toordinal() + 7 * n)
        project.write(f"directory/newsletter/issue-{n:03d}.md",
                      f"---\ntitle: Nummer {n}\ndate: {day.isoformat()}\n---\nText {n}.\n",
                      dedent=False)
    directory, problems = open_directory(project.root, TODAY)
    assert directory is not None, problems
    feed = feedparser.parse(newsletter_feed(directory, SiteInfo(SITE), "feed.xml",
                                            "application/rss+xml").rss_str())
    titles = [e.title for e in feed.entries]
    assert len(titles) == MAX_ISSUES
    assert titles[0] == "Rundbrief November"  # 2026-11-01, the newest
    assert titles[1:3] == [f"Nummer {MAX_ISSUES + 4}", f"Nummer {MAX_ISSUES + 3}"]
