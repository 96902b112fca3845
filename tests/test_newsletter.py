"""The newsletter: internal links, the digest as of an issue's date, pages, email.html.

Digests are checked against a git history written in the test (commits with fixed
dates), because "new since the last issue" is defined by when record files entered the
repository. Sites are built the way a city builds them (``mkdocs build --strict``).
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from conftest import NEWSLETTER_FILE, TODAY, Project
from sitetools import REPO, axe_violations, build, build_site, make_project
from verbund import links, open_directory
from verbund.history import file_dates
from verbund.newsletter import _promote_headings, digest, history_as_of
from verbund.ui import STRINGS

KNOWN = links.Known({"weltladen-auenfurt", "buendnis-vielfalt"}, {"fruehstueck"}, {"2026-11"})


def urls(target: links.Target) -> str:
    return f"/{target.kind}/{target.id}/"


def labels(target: links.Target) -> str:
    return {"weltladen-auenfurt": "Weltladen *Auenfurt* [e.V.]"}.get(target.id, target.id)


# --- the link syntax -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("Siehe [[weltladen-auenfurt]].",
                     r"Siehe [Weltladen \*Auenfurt\* \[e\.V\.\]](</association/weltladen-auenfurt/>).",
                     id="wiki-link-named-after-the-record"),
        pytest.param("[[fruehstueck|Zum Frühstück]]", "[Zum Frühstück](</event/fruehstueck/>)",
                     id="wiki-link-with-own-text"),
        pytest.param("[[buendnis-vielfalt#kontakt]]",
                     "[buendnis\\-vielfalt](</association/buendnis-vielfalt/#kontakt>)",
                     id="wiki-link-with-anchor"),
        pytest.param("[Frühstück](../events/fruehstueck.yml)", "[Frühstück](/event/fruehstueck/)",
                     id="relative-event-yml"),
        pytest.param("[F](../events/2026/fruehstueck.md)", "[F](/event/fruehstueck/)",
                     id="relative-event-in-year-folder-md"),
        pytest.param("[W](../associations/weltladen-auenfurt.yml#x)",
                     "[W](/association/weltladen-auenfurt/#x)", id="relative-association"),
        pytest.param("[Vorige](2026-11.md)", "[Vorige](/newsletter/2026-11/)",
                     id="relative-issue"),
        pytest.param("[W]: ../associations/weltladen-auenfurt.yml\n\n[Weltladen][W]",
                     "[W]: /association/weltladen-auenfurt/\n\n[Weltladen][W]",
                     id="reference-definition"),
        pytest.param("[Mitmachen](/contribute/)", "[Mitmachen](/site/contribute//)",
                     id="site-path"),
        pytest.param("[x](https://example.org/a.yml) [m](mailto:a@example.org)",
                     "[x](https://example.org/a.yml) [m](mailto:a@example.org)",
                     id="external-links-untouched"),
        pytest.param("`[[weltladen-auenfurt]]` and\n\n```\n[[nothing]]\n```\n",
                     "`[[weltladen-auenfurt]]` and\n\n```\n[[nothing]]\n```\n",
                     id="code-is-left-alone"),
    ],
)
def test_rewrite(body: str, expected: str) -> None:
    assert links.rewrite(body, KNOWN, urls, labels) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[[weltladen-auenfurtt]]", [(2, "link [[weltladen-auenfurtt]]: there is no association, "
                                     "event or newsletter issue 'weltladen-auenfurtt'; did you "
                                     "mean 'weltladen-auenfurt'?")]),
        ("x [F](../events/fruestueck.yml)",
         [(6, "link '../events/fruestueck.yml': there is no event 'fruestueck' in "
              "directory/events/; did you mean 'fruehstueck'?")]),
        ("[A](../associations/nobody.yml)",
         [(4, "link '../associations/nobody.yml': there is no association 'nobody' in "
              "directory/associations/")]),
        ("[W](www.example.org/weltladen)",
         [(4, "link 'www.example.org/weltladen' does not point to a record of this directory; "
              "for a web address write https://www.example.org/weltladen")]),
        ("[D](../../docs/privacy.md)",
         [(4, "link '../../docs/privacy.md' does not point to a record of this directory; link "
              "records as [[id]] or ../associations/<slug>.yml, ../events/<id>.yml, "
              "<issue>.md, pages of this site as /contribute/, and anything else with a full "
              "https:// address")]),
        ("[P](//example.org/x)", [(4, "link '//example.org/x': write the full address, "
                                      "https://example.org/x")]),
        ("fine: [[fruehstueck]] [a](#anchor) `[[broken]]`", []),
    ],
)
def test_findings(body: str, expected: list[tuple[int, str]]) -> None:
    assert list(links.findings(body, KNOWN)) == expected


def test_headings_start_at_h2_whatever_the_shift() -> None:
    assert _promote_headings("<h3>A</h3><h4>B</h4><h3>C</h3>") == "<h2>A</h2><h3>B</h3><h2>C</h2>"
    assert _promote_headings("<h5>x</h5>") == "<h2>x</h2>"
    assert _promote_headings("<p>&lt;h3&gt;</p>") == "<p>&lt;h3&gt;</p>"


# --- validation: the same rules in `verbund validate` and in the build --------------------

BROKEN = """\
---
title: Rundbrief Dezember
date: 2026-12-01
---
Hallo,

wir treffen uns beim [Frühstück](../events/fruehstueck.yml) und im
Laden: [[weltladen-auenfurt]]. Neu ist [[cafe-grenzenlos]], und
[der Markt](../events/markt.yml) fällt aus.
"""
BROKEN_LINES = [
    "directory/newsletter/2026-12.md:8:42: error: body: link [[cafe-grenzenlos]]: there is no "
    "association, event or newsletter issue 'cafe-grenzenlos'",
    "directory/newsletter/2026-12.md:9:13: error: body: link '../events/markt.yml': there is no "
    "event 'markt' in directory/events/",
]


def test_validation_reports_broken_links_at_their_line(project: Project) -> None:
    assert project.check("directory/newsletter/2026-12.md", BROKEN, dedent=False) == BROKEN_LINES


def test_verbund_validate_reports_broken_links(project: Project) -> None:
    project.write("directory/newsletter/2026-12.md", BROKEN, dedent=False)
    env = {**os.environ, "VERBUND_TODAY": TODAY.isoformat()}
    result = subprocess.run([sys.executable, "-m", "verbund.cli", "validate", str(project.root)],
                            capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 1
    assert [line for line in result.stdout.splitlines() if "2026-12.md" in line] == BROKEN_LINES


def test_language_must_be_a_language(project: Project) -> None:
    content = "---\ntitle: News\ndate: 2026-11-01\nlanguage: xq\n---\nText\n"
    assert project.check(NEWSLETTER_FILE, content, dedent=False) == [
        "directory/newsletter/2026-11.md:4:11: error: language: 'xq' is not an ISO 639 language "
        "code; use a code such as de, en, tr, ar or ta",
    ]


def test_a_broken_link_fails_the_build(project: Project, tmp_path: Path) -> None:
    project.write("directory/newsletter/2026-12.md", BROKEN, dedent=False)
    site = make_project(tmp_path / "build", project.root / "directory")
    result = build(site)
    assert result.returncode != 0
    for line in BROKEN_LINES:
        assert line in result.stderr
    assert not (site / "site" / "newsletter").exists()


# --- the digest, as of the issue's date, from a fixed git history -------------------------


def git(root: Path, *args: str, day: str = "2026-01-05") -> None:
    stamp = f"{day}T10:00:00+01:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp,
           "GIT_AUTHOR_NAME": "Redaktion", "GIT_AUTHOR_EMAIL": "redaktion@example.org",
           "GIT_COMMITTER_NAME": "Redaktion", "GIT_COMMITTER_EMAIL": "redaktion@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True)


def commit(root: Path, day: str) -> None:
    git(root, "add", "directory", day=day)
    git(root, "commit", "-q", "-m", f"records of {day}", day=day)


def association(name: str, reviewed: str) -> str:
    return (f"name: {name}\nkind: migrant-organisation\nsummary: {{de: Über {name}.}}\n"
            f"topics: [culture]\nreviewed: {reviewed}\n")


def event(title: str, start: str) -> str:
    return (f"title: {{de: {title}}}\nstart: {start}\norganizers: [weltladen-auenfurt]\n"
            "format: workshop\nlocation: {address: {street: Marktgasse 8, city: Auenfurt}}\n")


def issue(title: str, day: str, digest: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {day}\n{digest}---\nHallo.\n"


DIGEST = "digest: {new_associations: true, upcoming_events_days: 30}\n"


def write_history(project: Project, *, until: int = 4) -> None:
    """Four commits: the base records in January, one association in July, one in
    August, and an association and an event in October (after the September issue)."""
    root = project.root
    git(root, "init", "-q")
    project.write("directory/newsletter/2026-06.md",
                  issue("Juni", "2026-06-15", "digest: {new_associations: true}\n"))
    project.write("directory/newsletter/2026-09.md", issue("September", "2026-09-15", DIGEST))
    project.write("directory/events/herbstmarkt.yml", event("Herbstmarkt", "2026-10-03"))
    project.write("directory/events/novembertreffen.yml", event("Treffen", "2026-10-20"))
    commit(root, "2026-01-05")
    steps = [
        ("2026-07-10", {"directory/associations/cafe-grenzenlos.yml":
                        association("Café Grenzenlos", "2026-07-01")}),
        # reviewed long ago, added in August: git's date counts, not the record's.
        ("2026-08-20", {"directory/associations/kulturkreis-nord.yml":
                        association("Kulturkreis Nord", "2025-12-01")}),
        # Added after the September issue, with dates that fall inside its windows.
        ("2026-10-01", {"directory/associations/spaeter-verein.yml":
                        association("Später Verein", "2026-09-10"),
                        "directory/events/spaetes-fest.yml": event("Spätes Fest", "2026-09-20")}),
    ]
    for day, files in steps[:until - 1]:
        for path, text in files.items():
            project.write(path, text)
        commit(root, day)


def digest_of(root: Path, issue_id: str) -> tuple[list[str], list[str]] | None:
    directory, problems = open_directory(root, TODAY)
    assert directory is not None, [p.text() for p in problems]
    item = next(n for n in directory.newsletters if n.id == issue_id)
    found = digest(directory, file_dates(root), item)
    if found is None:
        return None
    return ([a.slug for a in found.associations or ()],
            [o.event.id for o in found.occurrences or ()])


@pytest.fixture
def history(project: Project) -> Project:
    if shutil.which("git") is None:
        pytest.skip("needs git")
    write_history(project)
    return project


def test_digest_uses_the_git_history(history: Project) -> None:
    assert digest_of(history.root, "2026-09") == (["cafe-grenzenlos", "kulturkreis-nord"],
                                                  ["herbstmarkt"])
    # The first issue with a digest looks back 90 days: nothing was added in that time.
    assert digest_of(history.root, "2026-06") == ([], [])
    assert digest_of(history.root, "2026-11") is None  # no digest asked for


def test_an_old_issue_does_not_change_when_the_directory_does(project: Project) -> None:
    if shutil.which("git") is None:
        pytest.skip("needs git")
    write_history(project, until=3)
    before = digest_of(project.root, "2026-09")
    for path, text in {"directory/associations/spaeter-verein.yml":
                       association("Später Verein", "2026-09-10"),
                       "directory/events/spaetes-fest.yml":
                       event("Spätes Fest", "2026-09-20")}.items():
        project.write(path, text)
    commit(project.root, "2026-10-01")
    assert digest_of(project.root, "2026-09") == before


def test_without_history_the_reviewed_dates_count(history: Project, tmp_path: Path) -> None:
    copy = tmp_path / "tarball"
    shutil.copytree(history.root / "directory", copy / "directory")
    assert file_dates(copy) == {}
    assert digest_of(copy, "2026-09") == (
        ["buendnis-vielfalt", "cafe-grenzenlos", "spaeter-verein"],
        ["spaetes-fest", "herbstmarkt"],
    )


def test_a_digest_is_made_for_its_own_directory(project: Project) -> None:
    """Digests are kept per directory and history object (a build makes each anew):
    the next build's directory, with the same history, gets its own digest."""
    project.write("directory/newsletter/2026-09.md", issue("September", "2026-09-15", DIGEST))
    history: dict[str, tuple[date, date]] = {}

    def new_associations() -> list[str]:
        directory, problems = open_directory(project.root, TODAY)
        assert directory is not None, [p.text() for p in problems]
        item = next(n for n in directory.newsletters if n.id == "2026-09")
        found = digest(directory, history, item)
        assert found is not None and found is digest(directory, history, item)
        return [a.slug for a in found.associations or ()]

    before = new_associations()
    project.write("directory/associations/neuer-verein.yml",
                  association("Neuer Verein", "2026-09-01"))
    assert new_associations() == sorted([*before, "neuer-verein"])


def test_history_that_starts_after_the_issue_is_not_used() -> None:
    """Records imported in one commit after an issue: git cannot say what was new then."""
    dates = {"directory/associations/a.yml": (date(2026, 11, 1), date(2026, 11, 2))}
    assert history_as_of(dates, date(2026, 9, 15)) == {}
    assert history_as_of(dates, date(2026, 11, 1)) == dates


def test_the_digest_on_page_email_and_feed(history: Project) -> None:
    """A site built inside the repository shows the digest computed from its history."""
    root = history.root
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("docs", "overrides", "hooks"):
        (root / name).symlink_to(REPO / name, target_is_directory=True)
    site = build_site(root)
    page = (site / "newsletter" / "2026-09" / "index.html").read_text("utf-8")
    email = (site / "newsletter" / "2026-09" / "email.html").read_text("utf-8")
    feed = (site / "feed.xml").read_text("utf-8")
    for html in (page, email):
        new = html[html.index("Neu im Verzeichnis"):]
        assert "Café Grenzenlos" in new and "Kulturkreis Nord" in new
        assert "Später Verein" not in html and "Spätes Fest" not in html
        assert "Seit der letzten Ausgabe vom 15. Juni 2026 neu eingetragen:" in html
        assert "Herbstmarkt" in html[html.index("Demnächst"):]
    assert 'href="../../directory/cafe-grenzenlos/"' in page
    assert 'href="https://verbund.example.org/directory/cafe-grenzenlos/"' in email
    assert "https://verbund.example.org/events/herbstmarkt/" in feed


# --- pages ---------------------------------------------------------------------------


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", "".join(parser.parts))


def content(html: str) -> str:
    start = html.index('<article class="md-content__inner')
    return html[start:html.index("</article>", start)]


DEMO_ISSUES = ["2026-11-winter", "2026-09-herbst", "2026-06-sommer", "2026-03-fruehling"]


def test_archive_lists_every_issue_newest_first(demo_site: Path) -> None:
    for archive, lang in ((demo_site / "newsletter/index.html", "de"),
                          (demo_site / "en/newsletter/index.html", "en")):
        html = content(archive.read_text("utf-8"))
        found = re.findall(r'href="(?:\.\./)*(?:en/)?newsletter/([a-z0-9-]+)/"', html)
        assert [x for x in found if x != "subscribe"] == DEMO_ISSUES, lang
        assert '<h2 id="year-2026">2026</h2>' in html
        assert "Rückblick auf die Dialogkonferenz" in html  # summaries
        assert 'href="../feed.xml"' in html or 'href="../../feed.xml"' in html


def test_issue_pages_with_previous_next_and_subscribe_links(demo_site: Path) -> None:
    html = content((demo_site / "newsletter/2026-09-herbst/index.html").read_text("utf-8"))
    assert '<a href="../../newsletter/2026-06-sommer/" rel="prev">' in html
    assert '<a href="../../newsletter/2026-11-winter/" rel="next">' in html
    assert 'href="../../feed.xml" type="application/rss+xml"' in html
    assert 'href="../../atom.xml" type="application/atom+xml"' in html
    assert 'href="../../newsletter/subscribe/"' in html
    assert 'href="../../newsletter/2026-09-herbst/email.html"' in html
    # relative links in the body resolve to the record pages
    assert '<a href="../../directory/isv-universitaet/"' in html
    assert '<a href="../../events/sprachcafe-international/"' in html
    first = content((demo_site / "newsletter/2026-03-fruehling/index.html").read_text("utf-8"))
    assert 'rel="prev"' not in first and 'rel="next"' in first


def test_english_page_marks_the_german_issue(demo_site: Path) -> None:
    html = content((demo_site / "en/newsletter/2026-11-winter/index.html").read_text("utf-8"))
    assert '<h1 lang="de">Rundbrief Winter 2026</h1>' in html
    assert '<div class="vb-issue__body" lang="de">' in html
    assert "This issue is written in German." in html
    assert "New in the directory" in html and "Coming up" in html
    # [[…]] links go to the English pages, named in English where the record has it
    assert 'href="../../../en/directory/ukrainische-initiative-dim/"' in html
    assert 'href="../../../en/events/weltladen-weihnachtsmarkt-2026/"' in html
    german = content((demo_site / "newsletter/2026-11-winter/index.html").read_text("utf-8"))
    assert '<div class="vb-issue__body">' in german and "<h1>Rundbrief Winter 2026</h1>" in german


def test_body_headings_follow_the_page_outline(demo_site: Path) -> None:
    html = content((demo_site / "newsletter/2026-11-winter/index.html").read_text("utf-8"))
    levels = [int(x) for x in re.findall(r"<h([1-6])", html)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    assert "<h2>Rückblick: Dialogkonferenz</h2>" in html


def test_subscribe_page(demo_site: Path) -> None:
    for path, words in (("newsletter/subscribe/index.html", ("Was ist RSS?", "Feedreader")),
                        ("en/newsletter/subscribe/index.html", ("What is RSS?", "feed reader"))):
        html = content((demo_site / path).read_text("utf-8"))
        for url in ("https://verbund.example.org/feed.xml", "https://verbund.example.org/atom.xml",
                    "https://verbund.example.org/events/feed.xml",
                    "https://verbund.example.org/directory/feed.xml"):
            assert f'<a href="{url}"><code>{url}</code></a>' in html
        text = text_of(html)
        for word in (*words, "Thunderbird", "Mailchimp", "email.html"):
            assert word in text, (path, word)


class _Resources(HTMLParser):
    """Everything in a document that would make a mail program fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.hrefs: list[str] = []
        self.styled = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag in ("script", "link", "img", "iframe", "object", "embed", "style", "video",
                   "audio", "source", "base", "form", "svg"):
            self.found.append(tag)
        for name, value in attrs:
            if name in ("src", "srcset", "background", "poster") or name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name == "style" and value and "url(" in value:
                self.found.append(f"{tag}[style=url()]")
        if tag == "a":
            self.hrefs.append(names.get("href") or "")
        if "style" in names:
            self.styled += 1


def check_email(path: Path, site_url: str) -> str:
    html = path.read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert html.count("<html") == 1 and html.rstrip().endswith("</html>")
    parser = _Resources()
    parser.feed(html)
    assert parser.found == [], path
    assert parser.hrefs and all(h.startswith((site_url, "https://", "mailto:", "tel:"))
                                for h in parser.hrefs), parser.hrefs
    assert parser.styled > 10  # styles are inline
    return html


def test_email_version_of_every_issue(demo_site: Path) -> None:
    for issue_id in DEMO_ISSUES:
        html = check_email(demo_site / "newsletter" / issue_id / "email.html",
                           "https://verbund.example.org/")
        assert '<html lang="de">' in html
        assert f'href="https://verbund.example.org/newsletter/{issue_id}/"' in html
    winter = (demo_site / "newsletter/2026-11-winter/email.html").read_text("utf-8")
    assert '<h2 style="' in winter and "Demnächst" in winter
    assert 'href="https://verbund.example.org/directory/ukrainische-initiative-dim/"' in winter


def test_other_city_pages_and_email(other_site: Path) -> None:
    """A directory written by someone else: English first, German second."""
    assert (other_site / "newsletter/index.html").is_file()
    assert (other_site / "de/newsletter/index.html").is_file()
    english = content((other_site / "newsletter/2026-11/index.html").read_text("utf-8"))
    assert "<h1>November news</h1>" in english
    german = content((other_site / "de/newsletter/2026-11/index.html").read_text("utf-8"))
    assert '<div class="vb-issue__body" lang="en">' in german
    assert "Diese Ausgabe ist auf Englisch geschrieben." in german
    html = check_email(other_site / "newsletter/2026-11/email.html", "https://verbund.example.org/")
    assert '<html lang="en">' in html and "November news" in html


def test_interface_strings_in_both_languages() -> None:
    for prefix in ("newsletter.", "feeds."):
        de = {k for k in STRINGS["de"] if k.startswith(prefix)}
        en = {k for k in STRINGS["en"] if k.startswith(prefix)}
        assert de == en and de


# --- hostile text ----------------------------------------------------------------------

HOSTILE_TITLE = 'Tom & Jerry <3 "Zitat" ]]> \'x\''
HOSTILE = f"""\
---
title: '{HOSTILE_TITLE.replace("'", "''")}'
date: 2026-11-15
summary: "A & B <3 ]]>"
---
Fünf & sechs <3, ein ]]> und <https://example.org/?a=1&b=2>.

Laden: [[weltladen-auenfurt]] · [x](https://example.org/"onmouseover=alert(1))
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import make_project as records

    source = records(tmp_path_factory.mktemp("hostile-records"))
    source.write("directory/associations/weltladen-auenfurt.yml",
                 "name: 'Welt*laden* [Auen]furt_'\nkind: world-shop\n"
                 "summary: {de: Fairer Handel & mehr <3.}\ntopics: [fair-trade]\n"
                 "member_of: [buendnis-vielfalt]\nreviewed: 2026-10-28\n")
    source.write("directory/newsletter/2026-11-15.md", HOSTILE, dedent=False)
    return build_site(make_project(tmp_path_factory.mktemp("hostile"),
                                   source.root / "directory"))


def test_hostile_text_is_escaped_on_the_page(hostile_site: Path) -> None:
    html = content((hostile_site / "newsletter/2026-11-15/index.html").read_text("utf-8"))
    assert "<h1>Tom &amp; Jerry &lt;3 &#34;Zitat&#34; ]]&gt; &#39;x&#39;</h1>" in html
    assert "Fünf &amp; sechs &lt;3, ein ]]&gt; und" in html
    parser = _Resources()
    parser.feed(html)
    assert [x for x in parser.found if "[on" in x] == []
    # A record's name is shown as written: its * _ [ ] are not Markdown.
    assert ">Welt*laden* [Auen]furt_</a>" in html
    head = (hostile_site / "newsletter/2026-11-15/index.html").read_text("utf-8")
    assert "<title>Tom &amp; Jerry &lt;3" in head


def test_hostile_text_in_the_email(hostile_site: Path) -> None:
    html = check_email(hostile_site / "newsletter/2026-11-15/email.html",
                       "https://verbund.example.org/")
    assert "Tom &amp; Jerry &lt;3" in html
    assert "<3" not in html.replace("&lt;3", "")


def test_hostile_text_in_the_feeds(hostile_site: Path) -> None:
    for name, summary in (("feed.xml", "<description>A &amp; B &lt;3 ]]&gt;</description>"),
                          ("atom.xml", "<summary>A &amp; B &lt;3 ]]&gt;</summary>")):
        raw = (hostile_site / name).read_bytes()
        assert summary.encode() in raw
        feed = feedparser.parse(raw)
        assert not feed.bozo, feed.get("bozo_exception")
        entry = next(e for e in feed.entries if e.link.endswith("/newsletter/2026-11-15/"))
        assert entry.title == HOSTILE_TITLE
        assert "Fünf &amp; sechs &lt;3, ein ]]&gt; und" in entry.content[0].value


@pytest.mark.browser
@pytest.mark.parametrize("path", ["newsletter/", "newsletter/2026-11-winter/",
                                  "en/newsletter/2026-09-herbst/", "newsletter/subscribe/",
                                  "newsletter/2026-11-winter/email.html"])
def test_newsletter_pages_in_a_browser(page, demo_url: str, path: str) -> None:
    page.goto(demo_url + path)
    assert page.requests.external(demo_url) == []  # nothing loaded from elsewhere
    assert axe_violations(page) == []
