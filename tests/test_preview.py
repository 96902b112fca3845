"""Under ``mkdocs serve`` generated files are made on request (verbund.preview).

The promise is that a preview shows exactly what a build publishes, and nothing from
an earlier build: every file made on request is byte for byte the file ``mkdocs build``
writes, none is missing, and after a record changes, the next build makes its page
from the new record. The builds run in this process, as ``mkdocs serve`` runs them.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from sitetools import SITE_URL, TODAY, make_project
from verbund import dirindex, mkdocs_events
from verbund.preview import Preview, requested

PROFILE = "directory/syrisches-haus/index.html"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    project = make_project(tmp_path / "project")
    monkeypatch.chdir(project)
    monkeypatch.setenv("VERBUND_TODAY", TODAY)
    monkeypatch.setenv("VERBUND_SITE_URL", SITE_URL)
    yield project
    mkdocs_events.on_shutdown()
    mkdocs_events.preview.withdraw()


def _build(project: Path, site_dir: Path, *, serve: bool, dirty: bool = False,
           start: bool = True) -> None:
    """A build as ``mkdocs build`` or ``mkdocs serve`` runs it; ``start=False`` is a
    rebuild of the same serve, which started once."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir))
    if start:
        mkdocs_events.on_startup(command="serve" if serve else "build", dirty=dirty)
    build(config, dirty=dirty)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*") if p.is_file()}


@pytest.fixture(params=["small", "large"])
def size(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The demo as it is, and as if it had more records than the theme's search holds
    (every generated page without a table of contents is written from a frame) and
    than its directory page lists (its search index is made in the background)."""
    if request.param == "large":
        monkeypatch.setattr(mkdocs_events, "SEARCH_RECORDS_MAX", 0)
        monkeypatch.setattr(dirindex, "INDEX_THRESHOLD", 0)
    return str(request.param)


def test_every_file_made_on_request_is_the_file_a_build_writes(project: Path, size: str
                                                                ) -> None:
    _build(project, project / "built", serve=False)
    built = _files(project / "built")
    _build(project, project / "served", serve=True)
    served = _files(project / "served")
    assert PROFILE in built
    assert PROFILE not in served  # nothing is written before it is asked for
    deferred = sorted(set(built) - set(served))
    assert len(deferred) > 100
    assert {"en/" + PROFILE, "directory/syrisches-haus/events.ics"} <= set(deferred)
    if size == "large":  # framed listings, the search index's files
        assert {"events/index.html", "directory/index.html",
                "directory/index/facets.json"} <= set(deferred)
    # The theme's sitemap is there, and the records' pages are added when it is asked for.
    assert served["sitemap.xml"] != built["sitemap.xml"]
    # Files that pages link to are there as placeholders until they are asked for.
    assert served["feed.xml"] == served["events.ics"] == b""
    for name in built:  # as a browser asks for each
        mkdocs_events.preview.make(name)
    assert _files(project / "served") == built


def test_after_edits_a_preview_makes_what_a_fresh_build_writes(project: Path, size: str
                                                                ) -> None:
    """What a preview keeps of unchanged records (their model objects, pages, occurrences
    and search words) never shows in place of what the edited records make."""
    site = project / "served"
    _build(project, site, serve=True)
    for name, old, new in [
        ("associations/syrisches-haus.yml", "name: Syrisches Haus Auenfurt e.V.",
         "name: Haus der syrischen Kultur"),
        ("events/sprachcafe-international.yml", "start: 2026-09-03T18:00\nend: 2026-09-03T20:00",
         "start: 2026-09-03T18:30\nend: 2026-09-03T20:30"),
        ("events/sprachcafe-international.yml", 'de: "Internationales Sprachcafé"',
         'de: "Internationaler Sprachtreff"'),
    ]:
        record = project / "directory" / name
        text = record.read_text("utf-8")
        assert old in text, (name, old)
        record.write_text(text.replace(old, new), "utf-8")
    _build(project, site, serve=True, start=False)
    # A fresh build, in a process of its own: in this one it would end the preview.
    fresh = multiprocessing.get_context("fork").Process(
        target=_build, args=(project, project / "built"), kwargs={"serve": False})
    fresh.start()
    fresh.join(timeout=120)
    assert fresh.exitcode == 0
    built = _files(project / "built")
    for name in built:
        mkdocs_events.preview.make(name)
    assert _files(site) == built
    event = built["events/sprachcafe-international/index.html"].decode()
    assert "Internationaler Sprachtreff" in event and "18:30" in event
    assert "Haus der syrischen Kultur" in built[PROFILE].decode()


def test_a_changed_record_is_made_anew_and_a_removed_one_is_gone(project: Path) -> None:
    site = project / "served"
    _build(project, site, serve=True)
    mkdocs_events.preview.make(PROFILE)
    assert "Syrisches Haus Auenfurt e.V." in (site / PROFILE).read_text("utf-8")
    record = project / "directory/associations/syrisches-haus.yml"
    record.write_text(record.read_text("utf-8").replace(
        "name: Syrisches Haus Auenfurt e.V.", "name: Haus der syrischen Kultur"), "utf-8")
    texts = {p: p.read_text("utf-8") for p in (project / "directory").rglob("*.*")
             if p.suffix in (".yml", ".md")}
    other = next(p for p in sorted((project / "directory/associations").glob("*.yml"))
                 if p != record and not any(p.stem in text for q, text in texts.items()
                                            if q != p))
    gone = f"directory/{other.stem}/index.html"
    mkdocs_events.preview.make(gone)
    assert (site / gone).is_file()
    other.unlink()
    # --dirty keeps the output folder's files: only the preview can have removed them.
    _build(project, site, serve=True, dirty=True, start=False)
    assert not (site / PROFILE).exists()
    mkdocs_events.preview.make(PROFILE)
    assert "Haus der syrischen Kultur" in (site / PROFILE).read_text("utf-8")
    mkdocs_events.preview.make(gone)
    assert not (site / gone).exists()


def test_a_long_preview_does_not_grow(project: Path) -> None:
    """What a preview keeps between builds (checks, digests, expanded rules, the files
    it can make) is replaced by each build, not added to; and with full collections
    made rarer while MkDocs runs, nothing piles up either."""
    default = gc.get_threshold()
    mkdocs_events.on_startup(command="serve", dirty=False)
    assert gc.get_threshold()[2] >= mkdocs_events.GC_THRESHOLD
    record = project / "directory/associations/syrisches-haus.yml"
    text = record.read_text("utf-8")
    counts = []
    for build_number in range(5):
        record.write_text(text.replace("Syrisches Haus", f"Syrisches Haus {build_number}"),
                          "utf-8")
        _build(project, project / "served", serve=True, start=False)
        mkdocs_events.preview.make(PROFILE)
        gc.collect()
        counts.append(len(gc.get_objects()))
    assert "Syrisches Haus 4" in (project / "served" / PROFILE).read_text("utf-8")
    assert max(counts[2:]) <= counts[1] * 1.01, counts
    mkdocs_events.on_shutdown()
    assert gc.get_threshold() == default


def test_a_build_makes_full_collections_rarer_until_mkdocs_shuts_down(project: Path) -> None:
    default = gc.get_threshold()
    _build(project, project / "built", serve=False)
    assert gc.get_threshold()[2] >= mkdocs_events.GC_THRESHOLD > default[2]
    mkdocs_events.on_shutdown()
    assert gc.get_threshold() == default


@pytest.mark.parametrize(("path", "mount", "names"), [
    ("/", "/", ["index.html"]),
    ("/directory/a/", "/", ["directory/a/index.html"]),
    ("/directory/a", "/", ["directory/a", "directory/a/index.html"]),
    ("/calendar/all.ics", "/", ["calendar/all.ics", "calendar/all.ics/index.html"]),
    ("/city/directory/a/", "/city/", ["directory/a/index.html"]),
    ("/other/directory/a/", "/city/", []),
    ("/directory/../../etc/passwd", "/", ["etc/passwd", "etc/passwd/index.html"]),
    ("/directory/caf\xc3\xa9/", "/", ["directory/café/index.html"]),
])
def test_a_request_names_the_files_the_server_would_read(
        path: str, mount: str, names: list[str]) -> None:
    assert requested(path, mount) == names


def _app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("200 OK", [])
    return [b"served"]


def test_a_request_during_a_build_waits_for_it(tmp_path: Path) -> None:
    preview = Preview()
    app = preview.wrap(_app, "/")
    done = threading.Event()

    def request() -> None:
        app({"PATH_INFO": "/a/"}, lambda *args: None)
        done.set()

    thread = threading.Thread(target=request)
    thread.start()
    assert not done.wait(0.2)  # no build has published its files yet
    preview.publish(str(tmp_path), {"a/index.html": b"made"}.get, bytes)
    thread.join(10)
    assert done.is_set()
    assert (tmp_path / "a/index.html").read_bytes() == b"made"
    (tmp_path / "a/index.html").write_bytes(b"kept")
    app({"PATH_INFO": "/a/"}, lambda *args: None)  # made once per build
    assert (tmp_path / "a/index.html").read_bytes() == b"kept"
    preview.withdraw()
    assert not (tmp_path / "a/index.html").exists()


def test_a_request_held_back_through_a_rebuild_is_answered_from_the_new_build(
        tmp_path: Path) -> None:
    preview = Preview()
    preview.publish(str(tmp_path), {"a/index.html": b"old"}.get, bytes)
    page = tmp_path / "a/index.html"
    calls: list[str] = []

    def server(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        if environ["PATH_INFO"] == "/a/" and not calls:
            # The request waited for a rebuild, which emptied the folder and published anew.
            page.unlink()
            preview.withdraw()
            preview.publish(str(tmp_path), {"a/index.html": b"new"}.get, bytes)
        calls.append(environ["PATH_INFO"])
        if page.is_file() and environ["PATH_INFO"] == "/a/":
            start_response("200 OK", [])
            return [page.read_bytes()]
        start_response("404 Not Found", [])
        return [b"not found"]

    app = preview.wrap(server, "/")
    answers: list[str] = []
    body = app({"PATH_INFO": "/a/"}, lambda status, headers: answers.append(status))
    assert (answers, list(body), calls) == (["200 OK"], [b"new"], ["/a/", "/a/"])
    body = app({"PATH_INFO": "/b/"}, lambda status, headers: answers.append(status))
    assert (answers[1:], list(body), calls[2:]) == (["404 Not Found"], [b"not found"], ["/b/"])


def test_only_a_request_for_the_search_index_waits_for_it(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild ends without the directory's search index, made in the background;
    pages, feeds and the theme's files are served at once, not after it."""
    monkeypatch.setattr(dirindex, "INDEX_THRESHOLD", 0)
    site = project / "served"
    _build(project, site, serve=True)
    find = mkdocs_events.preview._find
    requested = getattr(find, "__self__", None)
    assert isinstance(requested, mkdocs_events._Requested)
    assert mkdocs_events.preview.make(PROFILE, "feed.xml", "directory/index.html")
    mkdocs_events.preview.make("assets/verbund/verbund.css", "nothing/here.html")
    assert requested.bundles  # not waited for
    assert mkdocs_events.preview.make("directory/index/facets.json")
    assert not requested.bundles
    assert json.loads((site / "directory/index/facets.json").read_text("utf-8"))["n"] > 0


def test_a_changed_theme_template_shows_in_the_next_build(project: Path) -> None:
    """The theme's compiled templates are kept between the builds of ``mkdocs serve``;
    an edited template is compiled again."""
    overrides = project / "overrides"
    source = overrides.resolve()
    overrides.unlink()
    shutil.copytree(source, overrides)
    site = project / "served"
    _build(project, site, serve=True)
    mkdocs_events.preview.make(PROFILE)
    assert 'name="vb-edited"' not in (site / PROFILE).read_text("utf-8")
    main = overrides / "main.html"
    main.write_text(main.read_text("utf-8").replace(
        "{% block extrahead %}", '{% block extrahead %}<meta name="vb-edited">'), "utf-8")
    _build(project, site, serve=True, start=False)
    mkdocs_events.preview.make(PROFILE, "privacy/index.html")
    assert '<meta name="vb-edited">' in (site / PROFILE).read_text("utf-8")
    assert '<meta name="vb-edited">' in (site / "privacy/index.html").read_text("utf-8")
