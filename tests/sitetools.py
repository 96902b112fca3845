"""Building real sites for tests, serving them, and driving them in Chromium.

Registered as a pytest plugin from ``conftest.py``. A site is built the way a city
builds it: a project folder with ``mkdocs.yml``, ``docs/``, ``overrides/``, ``hooks/``
and a ``directory/`` of records, then ``mkdocs build``. Fixture directories are copied
into ``tmp_path`` so a test may change them freely.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = "2026-11-23"
SITE_URL = "https://verbund.example.org/"


def make_project(target: Path, directory: Path | None = None) -> Path:
    """A buildable project in ``target`` whose records come from ``directory``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    source = directory or REPO / "directory"
    # A city writes its own pages in its own default language: use them when it has them.
    docs = source.parent / "docs" if (source.parent / "docs").is_dir() else REPO / "docs"
    for name, origin in (("docs", docs), ("overrides", REPO / "overrides"), ("hooks", REPO / "hooks")):
        link = target / name
        if not link.exists():
            link.symlink_to(origin, target_is_directory=True)
    shutil.copytree(source, target / "directory", dirs_exist_ok=True)
    return target


def build(project: Path, *, strict: bool = True, today: str = TODAY,
          env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build`` in a subprocess: a fresh process per build, as users run it."""
    environ = {**os.environ, "VERBUND_TODAY": today, "VERBUND_SITE_URL": SITE_URL,
               "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    # Not -q: quiet mode drops warnings before --strict can count them.
    args = [sys.executable, "-m", "mkdocs", "build", "-d", str(project / "site")]
    if strict:
        args.append("--strict")
    return subprocess.run(args, cwd=project, env=environ, capture_output=True, text=True,
                          timeout=300, check=False)


def build_site(project: Path, **kwargs: object) -> Path:
    result = build(project, **kwargs)  # type: ignore[arg-type]
    assert result.returncode == 0, result.stderr[-4000:]
    return project / "site"


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo data of the repository, built once per test session."""
    return build_site(make_project(tmp_path_factory.mktemp("demo")))


@pytest.fixture(scope="session")
def other_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory written by someone else to the contract (tests/fixtures/other-city)."""
    project = make_project(tmp_path_factory.mktemp("other"),
                           FIXTURES / "other-city" / "directory")
    return build_site(project)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def demo_url(demo_site: Path) -> Iterator[str]:
    server, url = serve(demo_site)
    yield url
    server.shutdown()


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium through Playwright. Skipped locally without it; under CI=true
    a missing browser is a failure, so browser tests can never silently not run."""
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - depends on the machine
        sync_playwright = None  # type: ignore[assignment]
    if executable is None or sync_playwright is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but Chromium or Playwright is missing: browser tests must run")
        pytest.skip("needs Debian's chromium and playwright (apt-get install chromium)")
    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield instance
        instance.close()


class Requests:
    """Every request a page made, to prove nothing left the site."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.failed: list[str] = []
        """Same-site requests answered with an error status (a broken link or asset)."""

    def external(self, base: str) -> list[str]:
        return [u for u in self.urls if not u.startswith((base, "data:", "about:", "blob:"))]


@pytest.fixture
def page(browser: object, demo_url: str) -> Iterator[object]:
    """A fresh browser page (own storage) that records every request it makes.

    Requests to other hosts are recorded, then aborted: a test machine has no network,
    and a site that makes them fails the privacy assertions anyway.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.requests = Requests()  # type: ignore[attr-defined]

    def route(r: object) -> None:
        url = r.request.url  # type: ignore[attr-defined]
        tab.requests.urls.append(url)  # type: ignore[attr-defined]
        if url.startswith(demo_url):
            r.continue_()  # type: ignore[attr-defined]
        else:
            r.abort()  # type: ignore[attr-defined]

    tab.route("**/*", route)
    tab.on("response", lambda r: r.status >= 400 and tab.requests.failed.append(r.url))  # type: ignore[attr-defined]
    yield tab
    context.close()


def axe_violations(tab: object, *, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's violations of the given impacts, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in impacts:
            targets = [", ".join(n["target"]) for n in violation["nodes"][:5]]
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} "
                         f"at {targets}")
    return found


SCALE_RECORDS = 1500
"""A directory above the index threshold (dirindex.INDEX_THRESHOLD), small enough to
generate and build in a few seconds."""


@pytest.fixture(scope="session")
def scale_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated directory of 1,500 associations (the benchmark's generator, seeded),
    built once per session: its directory runs in index mode. The site is in ``site/``."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from national import generate

    source = tmp_path_factory.mktemp("scale-source")
    generate(source, SCALE_RECORDS, events=False)
    project = make_project(tmp_path_factory.mktemp("scale"), source / "directory")
    build_site(project)
    return project
