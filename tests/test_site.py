"""The built demo site: every page and file the contract names, read back from the HTML."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from sitetools import REPO, SITE_URL, TODAY, build, make_project
from verbund.load import load_file

ASSOCIATIONS = sorted(p.stem for p in (REPO / "directory" / "associations").glob("*.yml"))


def read(site: Path, url: str) -> str:
    path = site / url / "index.html" if url.endswith("/") or not url else site / url
    return path.read_text("utf-8")


def records() -> dict[str, dict]:
    """The records as Verbund reads them (YAML 1.2: PyYAML's safe_load reads NO as False)."""
    folder = REPO / "directory" / "associations"
    return {slug: load_file(folder / f"{slug}.yml", slug).data for slug in ASSOCIATIONS}


class Elements(HTMLParser):
    """Collects tags with their attributes, to assert on structure rather than strings."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(html)
    return parser.tags


@pytest.mark.parametrize("url", [
    "", "directory/", "map/", "overview/", "data/", "privacy/", "imprint/", "contribute/",
    "en/", "en/directory/", "en/map/", "en/overview/", "en/data/", "en/privacy/", "en/imprint/",
])
def test_contract_pages_exist(demo_site: Path, url: str) -> None:
    html = read(demo_site, url)
    assert "<h1" in html
    lang = "en" if url.startswith("en/") else "de"
    assert f'<html lang="{lang}"' in html


@pytest.mark.parametrize("path", [
    "data/associations.json", "data/associations.csv", "data/events.json",
    "schema/association.json", "schema/event.json", "assets/leaflet/leaflet.js",
])
def test_contract_files_exist(demo_site: Path, path: str) -> None:
    assert (demo_site / path).stat().st_size > 100


def test_every_association_has_a_profile_in_both_languages(demo_site: Path) -> None:
    for slug, record in records().items():
        for prefix in ("", "en/"):
            html = read(demo_site, f"{prefix}directory/{slug}/")
            name = record["name"].replace("&", "&amp;").replace('"', "&#34;")
            assert f"<h1>{name}" in html, slug


def test_a_site_in_one_language_leaves_out_the_pages_of_the_other(tmp_path: Path) -> None:
    """A German-only city keeps the docs/en/ it forked; it is not published, not even
    as German pages, and the strict build passes."""
    project = make_project(tmp_path)
    settings = project / "directory" / "settings.yml"
    settings.write_text(settings.read_text("utf-8").replace("languages: [de, en]",
                                                            "languages: [de]"), "utf-8")
    result = build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "docs/en/ is not published: settings.yml lists the language de" in result.stderr
    site = project / "site"
    assert not (site / "en").exists()
    assert (site / "imprint" / "index.html").is_file()
    assert (site / "directory" / ASSOCIATIONS[0] / "index.html").is_file()
    for url in ("", "imprint/", f"directory/{ASSOCIATIONS[0]}/"):
        html = read(site, url)
        assert '<html lang="de"' in html
        assert "md-select__link" not in html  # no language switch
        assert "/en/" not in html and "en/" not in re.findall(r'href="([^"]*)"', html)
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "/en/" not in sitemap


def test_directory_lists_every_association_server_side(demo_site: Path) -> None:
    html = read(demo_site, "directory/")
    items = [a for t, a in elements(html) if t == "li" and "data-kind" in a]
    assert len(items) == len(ASSOCIATIONS)
    links = {a["href"] for t, a in elements(html) if t == "a" and a.get("href", "").startswith("../directory/")}
    assert {f"../directory/{s}/" for s in ASSOCIATIONS} <= links


def test_inactive_and_dissolved_sorted_last_and_marked(demo_site: Path) -> None:
    html = read(demo_site, "directory/")
    statuses = re.findall(r'data-status="(\w+)"', html)
    ranks = ["active", "inactive", "dissolved"]
    assert statuses == sorted(statuses, key=ranks.index)
    assert "dissolved" in statuses
    assert "vb-badge--dissolved" in html


def test_profile_content(demo_site: Path) -> None:
    html = read(demo_site, "directory/tamilischer-kulturverein/")
    assert "Sri Lanka" in html  # country name from CLDR
    assert ">Tamil<" in html  # language name from CLDR
    assert "tamil-auenfurt.example.org" in html
    assert "mailto:" not in html  # obfuscated: the script builds mailto: on click
    assert 'data-vb-mail="gro.elpmaxe.ornetlimat-tamil@ofni"' in html or "data-vb-mail=" in html
    assert 'href="tel:+495618124010"' in html
    assert "Zuletzt vom Verein bestätigt am" in html
    assert "/edit/main/directory/associations/tamilischer-kulturverein.yml" in html
    assert "issues/new?template=update-association.yml" in html
    # Offers link to the filtered directory.
    assert 'href="../../directory/?offers=' in html


@pytest.mark.parametrize(("page", "expected"), [
    ("directory/tamilischer-kulturverein/", [
        ("Themen", [("topics", "culture", "Kultur"), ("topics", "education", "Bildung")]),
        ("Herkunfts- und Partnerländer", [("countries", "LK", "Sri Lanka"),
                                          ("countries", "IN", "Indien")]),
        ("Sprachen", [("languages", "ta", "Tamil"), ("languages", "de", "Deutsch")]),
        ("Bietet", [("offers", "music-dance", "Musik und Tanz")]),
        ("Sucht", [("seeks", "rooms", "Räume")]),
    ]),
    ("en/directory/tamilischer-kulturverein/", [
        ("Topics", [("topics", "culture", "Culture")]),
        ("Countries of origin and partnership", [("countries", "LK", "Sri Lanka")]),
        ("Languages", [("languages", "ta", "Tamil"), ("languages", "de", "German")]),
        ("Offers", [("offers", "music-dance", "Music and dance")]),
        ("Seeks", [("seeks", "rooms", "Rooms")]),
    ]),
])
def test_profile_facts_link_each_value_to_the_filtered_directory(
        demo_site: Path, page: str, expected: list[tuple[str, list[tuple[str, str, str]]]]) -> None:
    facts = read(demo_site, page).split('<dl class="vb-facts">', 1)[1].split("</dl>", 1)[0]
    found = re.findall(r"<dt>([^<]+)</dt><dd><ul class=\"vb-chips\">(.*?)</ul></dd>", facts)
    assert [heading for heading, _ in found] == [heading for heading, _ in expected]
    for (_, chips), (_, values) in zip(found, expected, strict=True):
        links = re.findall(r'<li><a href="(?:\.\./)+(?:en/)?directory/\?(\w+)=([^"]+)">([^<]+)</a></li>',
                           chips)
        assert values == links[:len(values)]


def test_other_languages_carry_lang_and_rtl(demo_site: Path) -> None:
    arabic = [s for s, r in records().items() if "ar" in (r.get("summary") or {})]
    assert arabic
    html = read(demo_site, f"directory/{arabic[0]}/")
    assert '<section lang="ar" dir="rtl">' in html
    english = read(demo_site, f"en/directory/{arabic[0]}/")
    assert 'lang="de"' not in english.split("<article", 1)[1].split("Also in other", 1)[0]


def test_stale_profile_is_marked(demo_site: Path) -> None:
    html = read(demo_site, "directory/griechische-gemeinde/")
    assert "vb-note--stale" in html
    fresh = read(demo_site, "directory/tamilischer-kulturverein/")
    assert "vb-note--stale" not in fresh


def test_alliance_lists_members_and_member_links_alliance(demo_site: Path) -> None:
    members = [s for s, r in records().items() if "buendnis-vielfalt-eine-welt" in (r.get("member_of") or [])]
    assert len(members) >= 8
    html = read(demo_site, "directory/buendnis-vielfalt-eine-welt/")
    for slug in members:
        assert f'href="../../directory/{slug}/"' in html
    member = read(demo_site, f"directory/{members[0]}/")
    assert 'href="../../directory/buendnis-vielfalt-eine-welt/"' in member


def test_organization_json_ld(demo_site: Path) -> None:
    html = read(demo_site, "directory/tamilischer-kulturverein/")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block
    data = json.loads(block[1])
    assert data["@type"] == "Organization"
    assert data["url"] == SITE_URL + "directory/tamilischer-kulturverein/"
    assert data["name"] == records()["tamilischer-kulturverein"]["name"]


def test_json_matches_records(demo_site: Path) -> None:
    data = json.loads((demo_site / "data/associations.json").read_text("utf-8"))
    assert data["licence"] == "CC-BY-4.0"
    by_slug = {a["slug"]: a for a in data["associations"]}
    assert set(by_slug) == set(ASSOCIATIONS)
    for slug, record in records().items():
        exported = by_slug[slug]
        for key in ("name", "kind", "topics", "summary", "countries", "member_of", "founded"):
            if key in record:
                assert exported[key] == record[key], (slug, key)
        assert exported["reviewed"] == record["reviewed"]


@pytest.mark.parametrize(("name", "key"), [("associations", "associations"), ("events", "events")])
def test_open_data_has_one_record_per_line(demo_site: Path, name: str, key: str) -> None:
    """A change to a record is a change to one line of the published file."""
    text = (demo_site / f"data/{name}.json").read_text("utf-8")
    first, *lines, last = text.splitlines()
    assert (json.loads(first + "]}")["licence"], last) == ("CC-BY-4.0", "]}")
    records = json.loads(text)[key]
    assert [json.loads(line.removesuffix(",")) for line in lines] == records
    assert len(records) > 3


def test_csv_one_row_per_association(demo_site: Path) -> None:
    text = (demo_site / "data/associations.csv").read_text("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(ASSOCIATIONS)
    row = next(r for r in rows if r["slug"] == "tamilischer-kulturverein")
    assert row["countries"] == ";".join(records()["tamilischer-kulturverein"]["countries"])
    assert row["summary_de"] and row["summary_en"]


def test_schemas_carry_taxonomy(demo_site: Path) -> None:
    schema = json.loads((demo_site / "schema/association.json").read_text("utf-8"))
    taxonomy = yaml.safe_load((REPO / "directory/taxonomy.yml").read_text("utf-8"))
    assert schema["$defs"]["kind"]["enum"] == sorted(taxonomy["kinds"])
    assert schema["$id"] == SITE_URL + "schema/association.json"


def test_overview_has_charts_alliances_and_matchmaking(demo_site: Path) -> None:
    html = read(demo_site, "overview/")
    assert html.count('<svg class="vb-chart"') >= 4
    assert "Bündnisse und ihre Mitglieder" in html
    assert 'class="vb-match"' in html
    assert "<script src=" not in html.split("<article", 1)[1].split("</article>", 1)[0]


def test_map_points_and_no_tiles(demo_site: Path) -> None:
    html = read(demo_site, "map/")
    data = json.loads((demo_site / "map/points.json").read_text("utf-8"))
    geo = {s for s, r in records().items() if (r.get("contact") or {}).get("geo")}
    assert {p[3] for p in data["points"]} == geo
    assert 'data-points="../map/points.json"' in html
    assert "tile.openstreetmap.org" not in "".join(
        a.get("src") or "" for _, a in elements(html))


def test_home_shows_counts_events_newest_and_newsletter(demo_site: Path) -> None:
    html = read(demo_site, "")
    assert f"<strong>{len([r for r in records().values() if r.get('status') != 'dissolved'])}</strong>" in html
    assert "Nächste Termine" in html
    assert "Neu im Verzeichnis" in html
    assert "Aktueller Rundbrief" in html


def test_no_third_party_resources_anywhere(demo_site: Path) -> None:
    """No page embeds a script, style, font or image from another host."""
    for file in demo_site.rglob("*.html"):
        for tag, attrs in elements(file.read_text("utf-8")):
            url = attrs.get("src") if tag in ("script", "img", "iframe") else (
                attrs.get("href") if tag == "link" and attrs.get("rel") in ("stylesheet", "preconnect", "icon") else None)
            if url:
                assert not re.match(r"(https?:)?//", url), (file, tag, url)


def test_generated_pages_stay_out_of_the_navigation(demo_site: Path) -> None:
    html = read(demo_site, "directory/tamilischer-kulturverein/")
    nav = html.split('md-nav--primary', 1)[1].split("</nav>", 1)[0]
    assert "ghana" not in nav


def test_bulk_pages_carry_the_frame_without_its_indentation(demo_site: Path) -> None:
    html = read(demo_site, "directory/tamilischer-kulturverein/")
    before, after = html.split('<article', 1)[0], html.rsplit("</article>", 1)[1]
    assert 'class="md-header"' in before and "md-nav--primary" in before and "md-footer" in after
    assert not re.findall(r"\n[ \t]|\n\n", before + "|" + after)
    hand_written = read(demo_site, "privacy/")  # MkDocs renders these: left as they are
    assert re.search(r"\n[ \t]+<", hand_written)


@pytest.mark.parametrize(("frame", "trimmed"), [
    ("<body>\n  <nav>\n\n    <a>x</a>\n  </nav>\n</body>", "<body>\n<nav>\n<a>x</a>\n</nav>\n</body>"),
    ("<p>a\u00a0\n\u00a0b</p>", "<p>a\u00a0\n\u00a0b</p>"),  # a no-break space is content
    ("<div>\n  <pre>a\n  b</pre>\n</div>", "<div>\n  <pre>a\n  b</pre>\n</div>"),
    ("<div>\n  <textarea>a\n  b</textarea>\n</div>", "<div>\n  <textarea>a\n  b</textarea>\n</div>"),
])
def test_only_indentation_is_trimmed_from_a_frame(frame: str, trimmed: str) -> None:
    from verbund.mkdocs_events import _trim

    assert _trim(frame) == trimmed


def test_sitemap_lists_every_page(demo_site: Path) -> None:
    text = (demo_site / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{SITE_URL}directory/tamilischer-kulturverein/</loc>" in text
    assert f"<loc>{SITE_URL}en/directory/tamilischer-kulturverein/</loc>" in text


def test_a_large_sitemap_becomes_an_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import verbund.mkdocs_events as events
    from verbund.render import PageSpec

    monkeypatch.setattr(events, "SITEMAP_MAX", 3)
    (tmp_path / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
        'schemas/sitemap/0.9">\n<url><loc>https://x.org/</loc></url>\n</urlset>\n', "utf-8")
    specs = [PageSpec(url=f"directory/a{i}/", lang="de", title="A", description="",
                      template="profile.html", bulk=True) for i in range(7)]
    state = events.BuildState(root=tmp_path, directory=None, site=None)  # type: ignore[arg-type]
    events._add_to_search_and_sitemap(state, tmp_path, "https://x.org/", specs)
    index = (tmp_path / "sitemap.xml").read_text("utf-8")
    assert index.count("<sitemap>") == 4  # the theme's pages and three parts of records
    listed = "".join((tmp_path / f"sitemap-records-{n}.xml").read_text("utf-8") for n in (1, 2, 3))
    assert [f"https://x.org/directory/a{i}/" in listed for i in range(7)] == [True] * 7
    assert "https://x.org/</loc>" in (tmp_path / "sitemap-pages.xml").read_text("utf-8")
    assert (tmp_path / "sitemap.xml.gz").is_file()


def test_search_index_holds_profiles_on_small_sites(demo_site: Path) -> None:
    index = json.loads((demo_site / "search/search_index.json").read_text("utf-8"))
    locations = {d["location"] for d in index["docs"]}
    assert "directory/tamilischer-kulturverein/" in locations
    assert "events/" in {loc.split("#")[0] for loc in locations}


def _resolved(html: str, url: str) -> str:
    """A page with its template indentation dropped and every link made absolute: how a
    browser reads it (``./`` and ``../data/`` are one page for a page at ``data/``)."""
    html = re.sub(r"\n[ \t\r\n]+", "\n", html)
    return re.sub(r'(href|src)="([^"]*)"',
                  lambda m: f'{m[1]}="{urljoin(SITE_URL + url, unescape(m[2]))}"', html)


def test_a_large_site_frames_its_listings_as_mkdocs_would_render_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above SEARCH_RECORDS_MAX the listings, newsletter issues and other pages without a
    table of contents are written from the theme's frame, not by MkDocs' page loop: a
    browser gets the same pages, and pages in docs/ still link to them (strict)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from verbund import mkdocs_events

    project = make_project(tmp_path / "project")
    monkeypatch.chdir(project)
    monkeypatch.setenv("VERBUND_TODAY", TODAY)
    monkeypatch.setenv("VERBUND_SITE_URL", SITE_URL)
    monkeypatch.setattr(mkdocs_events, "SEARCH_RECORDS_MAX", 0)
    framed: set[str] = set()
    frame_the_rest = mkdocs_events._frame_the_rest

    def spy(state: mkdocs_events.BuildState) -> None:
        frame_the_rest(state)
        framed.update(state.framed)

    def site(name: str, frame: bool) -> dict[str, str]:
        monkeypatch.setattr(mkdocs_events, "_frame_the_rest",
                            spy if frame else lambda state: None)
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / name),
                             strict=True)
        mkdocs_events.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            mkdocs_events.on_shutdown()
        return {p.relative_to(tmp_path / name).as_posix(): p.read_text("utf-8")
                for p in (tmp_path / name).rglob("*.html")}

    rendered, written = site("rendered", frame=False), site("framed", frame=True)
    assert {"events/index.md", "en/map/index.md", "newsletter/2026-11-winter/index.md",
            "directory/index.md", "newsletter/subscribe/index.md"} <= framed
    assert "overview/index.md" not in framed  # its table of contents is MkDocs' work
    assert written.keys() == rendered.keys()
    for name, html in written.items():
        url = name.removesuffix("index.html")
        assert _resolved(html, url) == _resolved(rendered[name], url), name
    for name in ("events/index.html", "newsletter/2026-11-winter/index.html"):
        head = written[name].split("<article", 1)[0]  # written from the trimmed frame
        assert not re.findall(r"\n[ \t]", head)
        assert re.findall(r"\n[ \t]", rendered[name].split("<article", 1)[0])
    assert 'href="../map/"' in written["privacy/index.html"]  # docs/privacy.md: map/index.md
    sitemap = (tmp_path / "framed/sitemap.xml").read_text("utf-8")
    assert sitemap.count(f"<loc>{SITE_URL}events/</loc>") == 1


@pytest.mark.parametrize(("name", "message"), [
    ("events/index.md", "docs/events/index.md is a generated page; remove the hand-written file"),
    ("events.ics", "docs/events.ics is a generated file; remove the hand-written one"),
])
def test_a_hand_written_file_in_place_of_a_generated_one_stops_the_build(
        tmp_path: Path, name: str, message: str) -> None:
    source = tmp_path / "source"
    shutil.copytree(REPO / "docs", source / "docs")
    shutil.copytree(REPO / "directory", source / "directory")
    (source / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
    (source / "docs" / name).write_text("# mine\n", "utf-8")
    result = build(make_project(tmp_path / "project", source / "directory"))
    assert result.returncode == 1
    assert result.stdout.split() == message.split()  # what MkDocs prints of its Abort
