"""The only module that knows MkDocs: it connects the build's events to the pipeline.

Hook modules are loaded once per process and ``mkdocs serve`` does not reload them, so
all per-build state is created anew in ``on_config``; only the preview server's way to
make the last build's files (:mod:`.preview`) lasts until the next build starts.
Generated pages are virtual files (``File.generated``), never written into ``docs/``,
and they stay out of the navigation: the directory and the calendar are their
navigation (a nav of 1,000 pages makes every page render it).
"""

from __future__ import annotations

import gc
import gzip
import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import escape
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import open_directory, watching
from .contribute import expand_markers
from .feeds import autodiscovery
from .history import file_dates
from .load import DATA_DIR
from .memo import CheckMemo
from .model import Directory
from .parallel import close_all, forked_pool, worker_count
from .preview import Preview
from .problems import Problem, summary_line
from .render import (
    Asset,
    AssetBundle,
    PageContext,
    PageSpec,
    SiteInfo,
    lang_prefix,
    render,
    render_page,
)
from .site import PRODUCERS, static_assets
from .ui import t
from .values import UI_LANGUAGES

if TYPE_CHECKING:  # the server's module loads a file watcher a plain build never needs
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.plugins.verbund")


Shells = dict[tuple[str, str, str], tuple[list[str], list[str]]]


@dataclass
class BuildState:
    root: Path
    directory: Directory
    site: SiteInfo
    pages: dict[str, PageSpec] = field(default_factory=dict)
    """Generated pages by MkDocs source path."""
    assets: list[Asset | AssetBundle] = field(default_factory=list)
    large: bool = False
    """More bulk pages than the theme's search index should hold (SEARCH_RECORDS_MAX)."""
    framed: set[str] = field(default_factory=set)
    """Pages that are bulk only because the site is large (:func:`_frame_the_rest`)."""
    nav: Navigation | None = None
    env: jinja2.Environment | None = None
    files: Files | None = None
    shells: Shells = field(default_factory=dict)
    """The theme's frames of the bulk pages, by :func:`_shell_key` (see _frame)."""


_state: BuildState | None = None
preview = Preview()
_lazy = False
"""Generated files are made when requested (``mkdocs serve`` with its reloading server,
which alone runs the preview's request handler), not all written by the build."""


_memo: CheckMemo | None = None
"""Each record's check, kept from one build to the next under ``mkdocs serve``."""


GC_THRESHOLD = 1000
"""While MkDocs runs: how many young collections before Python walks every object.

A national directory holds about ten million objects (the records, the model, MkDocs'
pages, under ``mkdocs serve`` the kept checks), and Python's default (10) walks them all
each time the heap has grown by a quarter: 15 times in a build (3 s of the main
process's work, measured), several times per preview rebuild (4 of 10 s). Objects are
still freed when unused (by reference counting), and cycles less often; a long
``mkdocs serve`` does not grow (tests/test_preview.py)."""
_gc_threshold: tuple[int, int, int] | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _lazy, _memo, _gc_threshold
    _lazy = command == "serve" and _reloading()
    _memo = CheckMemo() if command == "serve" else None
    if _gc_threshold is None:
        _gc_threshold = gc.get_threshold()
        gc.set_threshold(_gc_threshold[0], _gc_threshold[1],
                         max(_gc_threshold[2], GC_THRESHOLD))


def on_shutdown() -> None:
    """The process as it was: MkDocs may be run from a longer-lived one (and a build
    that follows in it writes every file, as a build without ``on_startup`` does)."""
    global _gc_threshold, _memo, _lazy
    _memo, _lazy = None, False
    watching.stop()
    close_all()  # the last preview's background process, if still running
    if _gc_threshold is not None:
        gc.set_threshold(*_gc_threshold)
        _gc_threshold = None


def _reloading() -> bool:
    """Whether ``mkdocs serve`` runs its reloading server: ``--no-livereload`` builds
    once and calls no ``on_serve``, so every file must be written."""
    import click

    context = click.get_current_context(silent=True)
    return bool(context.params.get("livereload", True)) if context is not None else True


def report(problems: list[Problem]) -> None:
    """Log problems in the compiler format; warnings fail ``mkdocs build --strict``.

    Stale profiles are logged as information only: a daily rebuild must not start to
    fail just because time passed. ``verbund validate`` and ``verbund stale`` list them.
    """
    for problem in problems:
        if problem.is_error:
            log.error(problem.text())
        elif problem.code == "stale":
            log.info(problem.text())
        else:
            log.warning(problem.text())


def _esc(text: str) -> str:
    """HTML-escape as Jinja's autoescape does, so every page spells entities alike."""
    return str(escape(text))


def _branch(config: MkDocsConfig) -> str:
    match = re.match(r"(?:edit|blob|tree)/([^/]+)/", config.edit_uri or "")
    return match[1] if match else "main"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _state
    _state = None
    preview.withdraw()  # under `mkdocs serve`, nothing is made from the previous build
    close_all()  # a background process of a build that failed (under `mkdocs serve`)
    root = Path(config.config_file_path).resolve().parent
    if _memo is not None:  # under mkdocs serve, what the kernel saw change, if it can tell
        if _lazy:  # the reloading server (on_serve) will watch the records
            watching.start(str(root / DATA_DIR))
        _memo.report(watching.changes.take())
    directory, problems = open_directory(root, memo=_memo)
    report(problems)
    if directory is None:
        raise Abort(f"{summary_line(problems)} in directory/: nothing was built. Fix the "
                    "errors above (run 'verbund validate' to see them again).")
    site = SiteInfo(
        site_url=config.site_url or "http://localhost:8000/",
        repo_url=config.repo_url,
        branch=_branch(config),
        site_name=config.site_name,
        history=file_dates(root),
        on_request=_lazy,
    )
    state = BuildState(root=root, directory=directory, site=site)
    for producer in PRODUCERS:
        pages, assets = producer(directory, site)
        state.pages.update((p.src_uri, p) for p in pages)
        state.assets.extend(assets)
    state.assets.extend(static_assets(directory, root))
    state.large = sum(p.bulk for p in state.pages.values()) > SEARCH_RECORDS_MAX
    if state.large:
        _frame_the_rest(state)
    _state = state
    config.theme["language"] = directory.settings.default_language
    # Feed autodiscovery in the head of every page, generated or hand-written (main.html).
    config.extra["verbund_feeds"] = autodiscovery(directory, config.site_name)
    return config


WITH_CONTENTS = frozenset({"overview.html"})
"""Generated pages that show the theme's table of contents, which MkDocs makes from the
rendered headings: they always go through MkDocs' per-page pipeline."""


def _frame_the_rest(state: BuildState) -> None:
    """On a large site, the generated pages MkDocs would render one by one (listings,
    newsletter issues, the archive) are written from the theme's frame too.

    There, the theme's search index leaves them out anyway (SEARCHABLE_AT_SCALE), and
    without a table of contents nothing of MkDocs' pipeline shows on them: rendering
    240 newsletter issues and the listings through it was a quarter of every rebuild
    under ``mkdocs serve``. A small site keeps them in its search, with their full text.
    """
    for src_uri, spec in state.pages.items():
        if not spec.bulk and spec.template not in WITH_CONTENTS:
            state.pages[src_uri] = replace(spec, bulk=True)
            state.framed.add(src_uri)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., None]
             ) -> LiveReloadServer:
    """Rebuild when a record changes, as when a page does, and make generated files
    when they are requested (:mod:`.preview`).

    MkDocs watches only ``docs/`` and ``mkdocs.yml``; without this, an editor who
    changes a record under ``mkdocs serve`` keeps seeing the old page. The records are
    watched with the kernel's notifications where they are reliable (:mod:`.watching`).
    """
    watching.watch(server, str(Path(config.config_file_path).resolve().parent / DATA_DIR))
    server.set_app(preview.wrap(server.get_app(), server.mount_path))
    return server


def on_files(files: Files, config: MkDocsConfig) -> Files:
    state = _require()
    _leave_out_other_languages(files, state.directory)
    # The hand-written files, asked 140,000 times at national scale: a set, not a lookup
    # that normalises every path first (the paths made here are normal already).
    hand_written = set(files.src_uris)
    for src_uri in sorted(hand_written & state.pages.keys())[:1]:
        raise Abort(f"docs/{src_uri} is a generated page; remove the hand-written file")
    for src_uri in state.framed:  # a page in docs/ may link to it, as to any other
        files.append(_LinkTarget.of(config, state.pages[src_uri]))
    # The bulk pages are written by write_generated(), outside the per-page pipeline.
    # MkDocs renders the others in this order: those waiting for the background go last.
    for spec in sorted((s for s in state.pages.values() if not s.bulk), key=lambda s: s.late):
        files.append(File.generated(config, spec.src_uri, content="",
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    for asset in state.assets:
        if isinstance(asset, AssetBundle):
            continue  # its files are known once made; write_generated() writes them
        if asset.path in hand_written:
            raise Abort(f"docs/{asset.path} is a generated file; remove the hand-written one")
        if _linkable(asset):
            # One made when written (a feed) is a placeholder here, replaced by the file
            # itself once MkDocs has copied its files (or, in a preview, on request).
            files.append(File.generated(config, asset.path, content=b"" if callable(
                asset.content) else asset.content))
    return files


def _leave_out_other_languages(files: Files, directory: Directory) -> None:
    """Hand-written pages in a language the site is not published in stay unpublished.

    A city that lists only ``de`` in settings.yml keeps the English pages it forked in
    ``docs/en/``; published, they would be English text marked ``lang="de"``, linking
    to English pages that are not made, and ``mkdocs build --strict`` would stop on
    those links. The folder stays, so adding ``en`` again brings them back.
    """
    languages = directory.settings.languages
    for lang in UI_LANGUAGES:
        if lang in languages:
            continue
        left_out = [file for file in files if file.src_uri.startswith(f"{lang}/")]
        for file in left_out:
            files.remove(file)
        if left_out:
            log.info(f"docs/{lang}/ is not published: settings.yml lists the "
                     f"language{'s' if len(languages) > 1 else ''} {', '.join(languages)}")


class _LinkTarget(File):
    """A generated page MkDocs knows only as the target of links from pages in docs/:
    write_generated() writes it (or the preview makes it), not MkDocs' page loop, which
    takes every Markdown file it holds and no other."""

    @classmethod
    def of(cls, config: MkDocsConfig, spec: PageSpec) -> File:
        file = cls.generated(config, spec.src_uri, content="")
        file.dest_uri = spec.url + "index.html"  # its url follows, as a page's does
        return file

    def is_documentation_page(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        """Nothing to copy: the page is written with the other bulk pages."""


def _linkable(asset: Asset) -> bool:
    """Top-level files (feeds, calendars, schemas) are MkDocs files too, so that pages
    in docs/ may link to them and the link check knows them. The many deeper ones (one
    calendar per association and event, index shards) are written by write_generated
    alone: a national directory has 50,000, and a MkDocs File each costs memory and time
    for a plain copy."""
    return asset.path.count("/") <= 1


def _language_of(page: Page, directory: Directory) -> str:
    first = page.file.src_uri.split("/", 1)[0]
    others = directory.settings.languages[1:]
    return first if first in others else directory.settings.default_language


def _hand_written_alternates(page: Page, directory: Directory, files: Files) -> dict[str, str]:
    """The same hand-written page in the other languages (docs/x.md <-> docs/en/x.md)."""
    lang = _language_of(page, directory)
    base = page.file.src_uri.removeprefix(lang_prefix(directory, lang))
    result = {}
    for other in directory.settings.languages:
        candidate = files.get_file_from_path(lang_prefix(directory, other) + base)
        if candidate is not None:
            result[other] = candidate.url
    return result


NAV = (("nav.home", ""), ("nav.directory", "directory/"), ("nav.map", "map/"),
       ("nav.overview", "overview/"), ("nav.events", "events/"),
       ("nav.newsletter", "newsletter/"), ("nav.contribute", "contribute/"))
FOOTER = (("footer.privacy", "privacy/"), ("footer.imprint", "imprint/"), ("footer.data", "data/"))


def _navigation(directory: Directory, lang: str, url: str) -> dict[str, Any]:
    """The menu and footer links of a page, in its language, with the current section."""
    prefix = lang_prefix(directory, lang)
    section = url.removeprefix(prefix).split("/", 1)[0]
    nav = [{"title": t(lang, key), "url": prefix + path,
            "active": path.rstrip("/") == section} for key, path in NAV]
    footer = [{"title": t(lang, key), "url": prefix + path} for key, path in FOOTER]
    return {"verbund_nav": nav, "verbund_footer": footer}


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    state = _require()
    spec = state.pages.get(page.file.src_uri)
    directory = state.directory
    if spec is None:
        lang = _language_of(page, directory)
        page.meta["verbund_lang"] = lang
        page.meta["verbund_alternates"] = _hand_written_alternates(page, directory, files)
        page.meta.update(_navigation(directory, lang, page.url))
        return markdown
    # Record text never reaches the theme raw: the title is escaped here because
    # mkdocs-material writes page.title and page.meta.description unescaped.
    page.title = _esc(spec.title)
    page.meta.update(_generated_meta(spec, directory, spec.title,
                                     spec.summary(directory, state.site),
                                     large=state.large))
    return ""


def _generated_meta(spec: PageSpec, directory: Directory, title: str,
                    description: str, *, large: bool = False) -> dict[str, Any]:
    meta = _navigation(directory, spec.lang, spec.url)
    meta.update({
        "verbund_lang": spec.lang,
        "verbund_alternates": dict(spec.alternates),
        "verbund_title": title,
        "description": _esc(description[:300]),
        "hide": [] if spec.template in WITH_CONTENTS else ["toc"],
    })
    if not spec.search or (large and spec.template not in SEARCHABLE_AT_SCALE):
        meta["search"] = {"exclude": True}
    return meta


SEARCHABLE_AT_SCALE: frozenset[str] = frozenset()
"""On a large site the theme's search index, which every page loads at once, holds only
the hand-written pages: listings of thousands of records (and 120 newsletter issues in
two languages, 220 KB gzip) would make every first visit heavy. The directory's and the
calendar's own filters search the records; the newsletter archive lists every issue."""


def on_page_content(html_: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    state = _require()
    spec = state.pages.get(page.file.src_uri)
    if spec is not None:
        return render_page(spec, state.directory, state.site)
    if page.is_homepage or page.file.src_uri in _home_pages(state.directory):
        lang = page.meta.get("verbund_lang", state.directory.settings.default_language)
        from .pages import home_context

        h = PageContext(state.directory, state.site, lang, page.url)
        return html_ + render("home.html", h, **home_context(h))
    if "<!-- verbund:" in html_:  # the guide's generated parts (web form, reference)
        lang = page.meta.get("verbund_lang", state.directory.settings.default_language)
        h = PageContext(state.directory, state.site, lang, page.url)
        return expand_markers(html_, h)
    return html_


def _home_pages(directory: Directory) -> set[str]:
    return {lang_prefix(directory, lang) + "index.md" for lang in directory.settings.languages}


def _require() -> BuildState:
    if _state is None:  # pragma: no cover - MkDocs always calls on_config first
        raise Abort("verbund: the build state is missing (on_config did not run)")
    return _state


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _require().nav = nav
    return nav


class _KeptBytecode(jinja2.BytecodeCache):
    """The theme's compiled templates, kept from one build to the next under ``mkdocs
    serve``: MkDocs makes a new environment for every build, and compiling
    mkdocs-material's templates again took a tenth of a second of each rebuild. Jinja
    checks each kept entry against the template's source and compiles a changed one."""

    def __init__(self) -> None:
        self._kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._kept:
            bucket.bytecode_from_string(self._kept[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._kept[bucket.key] = bucket.bytecode_to_string()


_bytecode = _KeptBytecode()


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    state = _require()
    state.env, state.files = env, files
    if _memo is not None:  # mkdocs serve
        env.bytecode_cache = _bytecode
    return env


# --- bulk pages: thousands of pages of one shape, framed by one rendered shell ----------
#
# MkDocs renders every page through Markdown, the search plugin's HTML parser and the
# theme's base.html: about 4 ms a page, most of it identical for pages of one shape. A
# profile's frame differs from another profile's only in the title, the description
# and its own address, so the theme renders the frame once per language and section
# with placeholders, and each page is the frame with the placeholders filled in.

SLOT = "VBSLOT7"
_SLOTS = re.compile(f"{SLOT}(?:TITLE|DESC|PAGE)|<h1>{SLOT}CONTENT</h1>")
SEARCH_RECORDS_MAX = 5000
"""Bulk pages join the theme's site search up to this many; beyond, the search index
would grow to megabytes (18 MB at 15,000 pages), and the directory's own finder, which
loads only what a query needs, is the search."""


def _place(url: str) -> tuple[str, str]:
    """A page's folder and its own last part: ``events/x/`` -> ``("events", "x")``."""
    head, _, leaf = url.rstrip("/").rpartition("/")
    return head, leaf


def _placeholder(url: str) -> str:
    """The same address with its last part a placeholder: ``events/x/`` ->
    ``events/VBSLOT7PAGE/``; the relative links from it are those of the page."""
    head = _place(url)[0]
    return f"{head}/{SLOT}PAGE/" if head else f"{SLOT}PAGE/"


def _shell(state: BuildState, config: MkDocsConfig, spec: PageSpec
           ) -> tuple[list[str], list[str]]:
    """The theme's page around a placeholder, split at the placeholders."""
    fake_url = _placeholder(spec.url)
    file = File.generated(config, fake_url.rstrip("/") + ".md", content="")
    page = Page(None, file, config)
    page.markdown = ""
    page.content = f"<h1>{SLOT}CONTENT</h1>"
    page.toc = get_toc([])
    fake = PageSpec(url=fake_url, lang=spec.lang, title="", description="",
                    template=spec.template, search=False,
                    alternates={k: _placeholder(u) for k, u in spec.alternates.items()})
    page.meta = _generated_meta(fake, state.directory, f"{SLOT}TITLE", f"{SLOT}DESC")
    # The menu marks the page's own section: a page at the top (/events/) is its own.
    page.meta.update(_navigation(state.directory, spec.lang, spec.url))
    page.title = f"{SLOT}TITLE"
    context = get_context(state.nav, state.files, config, page)
    html_ = _trim(state.env.get_template("main.html").render(context))
    return _SLOTS.split(html_), _SLOTS.findall(html_)


_INDENT = re.compile(r"\n[ \t\r\n]+")


def _trim(frame: str) -> str:
    """The frame without its template indentation: a tenth of every bulk page's bytes.

    At national scale that is 200 MB of a site that GitHub Pages wants under 1 GB. Only
    the frame is trimmed, where no whitespace is content; a frame that holds a ``pre``
    or ``textarea`` (a theme override might add one) is left as it is.
    """
    if "<pre" in frame or "<textarea" in frame:
        return frame
    return _INDENT.sub("\n", frame)


PARALLEL_MIN = 2000
"""From this many files to write, two processes share the work: rendering 90,000 pages
and 45,000 calendars is CPU-bound, and the machines that build sites have two cores."""


def _shell_key(spec: PageSpec) -> tuple[str, str, str]:
    """Pages of one folder, language and template share a frame. The template tells the
    pages at the top apart (/events/, /map/), whose menus mark different sections."""
    return spec.lang, _place(spec.url)[0], spec.template


def _frame(state: BuildState, config: MkDocsConfig, spec: PageSpec
           ) -> tuple[list[str], list[str]]:
    """The frame of ``spec``'s kind of page, rendered by the theme the first time it is
    needed (a build renders every frame before its writing processes start)."""
    key = _shell_key(spec)
    frame = state.shells.get(key)
    if frame is None:
        frame = state.shells[key] = _shell(state, config, spec)
    return frame


def _page_data(state: BuildState, config: MkDocsConfig, spec: PageSpec) -> bytes:
    parts, slots = _frame(state, config, spec)
    values = {
        f"{SLOT}TITLE": _esc(spec.title),
        f"{SLOT}DESC": _esc(spec.summary(state.directory, state.site)[:300]),
        f"{SLOT}PAGE": _place(spec.url)[1],
        f"<h1>{SLOT}CONTENT</h1>": render_page(spec, state.directory, state.site),
    }
    out = [parts[0]]
    for slot, part in zip(slots, parts[1:], strict=True):
        out += (values[slot], part)
    return "".join(out).encode("utf-8", errors="xmlcharrefreplace")


Job = PageSpec | Asset


def _job_name(job: Job) -> str:
    """The generated file's path under the output folder."""
    return job.url + "index.html" if isinstance(job, PageSpec) else job.path


def _job_data(state: BuildState, config: MkDocsConfig, job: Job) -> bytes:
    return _page_data(state, config, job) if isinstance(job, PageSpec) else job.data()


_FOLDERS: set[str] = set()
"""Output folders this process made: a record's page and calendar share one, and each
avoidable system call counts 135,000 times (the kernel's share of the writing was 40%)."""


def _write_file(path: str, data: bytes) -> None:
    """Write one output file with the fewest system calls: an open, a write, a close."""
    folder = os.path.dirname(path)
    if folder not in _FOLDERS:
        try:
            os.mkdir(folder)
        except FileExistsError:
            pass
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
        _FOLDERS.add(folder)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


_JOBS: tuple[BuildState, MkDocsConfig, Path, list[Job]] | None = None


def _run_jobs(start: int, stop: int) -> int:
    """Write jobs ``start:stop``; runs in a forked worker (or in the build itself)."""
    assert _JOBS is not None
    state, config, site_dir, jobs = _JOBS
    for job in jobs[start:stop]:
        _write_file(os.path.join(site_dir, _job_name(job)), _job_data(state, config, job))
    return stop - start


def _generated(state: BuildState, config: MkDocsConfig) -> tuple[list[PageSpec], list[Job]]:
    """The bulk pages (in the sitemap's order) and every file to write, in the order to
    make them."""
    pages = [s for s in state.pages.values() if s.bulk]
    # A record's pages in every language one after the other: their texts are the same
    # (a fallback) and render_markdown's cache then serves the second one.
    prefixes = {lang: lang_prefix(state.directory, lang)
                for lang in state.directory.settings.languages}
    ordered = sorted(pages, key=lambda s: (s.url.removeprefix(prefixes[s.lang]), s.lang))
    for spec in ordered:  # the theme renders in this process, before any worker starts
        _frame(state, config, spec)
    # Files made when written (the open data, seconds each at national scale) go first:
    # last, they would leave one process working alone at the end.
    first: list[Asset] = []
    last: list[Asset] = []
    for item in state.assets:
        if isinstance(item, AssetBundle):
            last += item.assets()  # waits for a background process still making them
        elif callable(item.content):
            first.append(item)
        elif not _linkable(item):
            last.append(item)
    state.assets.clear()
    return pages, [*first, *ordered, *last]


class _Requested:
    """What a preview makes of a build, found by the path a browser asks for.

    Nothing is listed or made in advance: a rebuild under ``mkdocs serve`` ends once
    MkDocs' own pages are written, even while the directory's search index is still
    being made in the background (a request for its files waits for it).
    """

    def __init__(self, state: BuildState, config: MkDocsConfig, specs: list[PageSpec]
                 ) -> None:
        self.state, self.config = state, config
        self.assets = {a.path: a for a in state.assets
                       if isinstance(a, Asset) and (callable(a.content) or not _linkable(a))}
        self.bundles = [a for a in state.assets if isinstance(a, AssetBundle)]
        site_url = config.site_url or ""
        sitemap = Path(config.site_dir) / "sitemap.xml"
        if sitemap.is_file():
            text = sitemap.read_text("utf-8")
            files = cache(partial(_sitemap_files, text, site_url, specs))
            for name in _sitemap_names(text, len(specs)):
                self.assets[name] = Asset(name, partial(lambda n, f: f()[n], name, files))

    def job(self, name: str) -> Job | None:
        spec = self.state.pages.get(name.removesuffix(".html") + ".md")
        if spec is not None and spec.bulk and name.endswith("index.html"):
            return spec
        for bundle in [b for b in self.bundles if name.startswith(b.folder)]:
            # Its names are known once it is made (waiting for it, if need be).
            self.assets.update((a.path, a) for a in bundle.assets())
            self.bundles.remove(bundle)
        return self.assets.get(name)

    def data(self, job: Job) -> bytes:
        return _job_data(self.state, self.config, job)


def publish_generated(state: BuildState, config: MkDocsConfig) -> None:
    """Under ``mkdocs serve``: the bulk pages, the deep files and the sitemap, made when
    requested (the theme's search index takes the bulk pages of a small site now)."""
    specs = [s for s in state.pages.values() if s.bulk]
    _add_to_search(state, Path(config.site_dir), specs)
    requested = _Requested(state, config, specs)
    preview.publish(config.site_dir, requested.job, requested.data)


def write_generated(state: BuildState, config: MkDocsConfig) -> list[PageSpec]:
    """Write the bulk pages and the deep generated files; the pages written."""
    global _JOBS
    site_dir = Path(config.site_dir)
    _FOLDERS.clear()  # `mkdocs serve` empties the output folder before every build
    pages, jobs = _generated(state, config)
    _JOBS = (state, config, site_dir, jobs)
    try:
        workers = worker_count(len(jobs), PARALLEL_MIN)
        if workers < 2:
            _run_jobs(0, len(jobs))
        else:
            size = 250
            starts = range(0, len(jobs), size)
            with forked_pool(workers) as pool:
                done = sum(pool.map(_run_jobs, starts,
                                    [min(i + size, len(jobs)) for i in starts]))
            if done != len(jobs):  # pragma: no cover - a worker's error is raised by map
                raise Abort(f"verbund: wrote {done} of {len(jobs)} generated files")
    finally:
        _JOBS = None
    return pages


def _add_to_search(state: BuildState, site_dir: Path, specs: list[PageSpec]) -> None:
    """Bulk pages into the theme's search index, on small sites."""
    index_file = site_dir / "search" / "search_index.json"
    if specs and len(specs) <= SEARCH_RECORDS_MAX and index_file.is_file():
        index = json.loads(index_file.read_text("utf-8"))
        index["docs"].extend(
            {"location": spec.url, "title": _esc(spec.title),
             "text": _esc(spec.summary(state.directory, state.site))}
            for spec in specs if spec.search)
        index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")),
                              "utf-8")


def _sitemap_names(theme: str, records: int) -> list[str]:
    """The sitemap's files, for the theme's sitemap ``theme`` and ``records`` bulk pages.

    A sitemap may list 50,000 addresses: a national site has 90,000 pages, so
    sitemap.xml becomes an index of the theme's sitemap and parts of the records'.
    """
    names = ["sitemap.xml"]
    if records + theme.count("<url>") > SITEMAP_MAX:
        names.append("sitemap-pages.xml")
        names += (f"sitemap-records-{n}.xml" for n in range(1, -(-records // SITEMAP_MAX) + 1))
    return [x for name in names for x in (name, name + ".gz")]


def _sitemap_files(theme: str, site_url: str, specs: list[PageSpec]) -> dict[str, bytes]:
    """The sitemap with the bulk pages added to the theme's (see _sitemap_names)."""
    base = site_url.rstrip("/") + "/"
    entries = [f"<url><loc>{_esc(base + spec.url)}</loc></url>\n" for spec in specs]
    names = _sitemap_names(theme, len(specs))[::2]
    texts = {}
    if len(names) == 1:
        texts["sitemap.xml"] = theme.replace("</urlset>", "".join(entries) + "</urlset>")
    else:
        head = (theme[: theme.index("<url>")] if "<url>" in theme
                else theme.replace("</urlset>", ""))
        texts["sitemap-pages.xml"] = theme
        for name, start in zip(names[2:], range(0, len(entries), SITEMAP_MAX), strict=True):
            texts[name] = head + "".join(entries[start:start + SITEMAP_MAX]) + "</urlset>\n"
        texts["sitemap.xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "".join(f"<sitemap><loc>{_esc(base + part)}</loc></sitemap>\n"
                      for part in names[1:])
            + "</sitemapindex>\n")
    files = {}
    for name, text in texts.items():
        files[name] = data = text.encode("utf-8")
        files[name + ".gz"] = gzip.compress(data, mtime=0)
    return files


def _add_to_search_and_sitemap(state: BuildState, site_dir: Path, site_url: str,
                               specs: list[PageSpec]) -> None:
    """Bulk pages into the theme's search index (small sites) and into the sitemap."""
    _add_to_search(state, site_dir, specs)
    sitemap = site_dir / "sitemap.xml"
    if sitemap.is_file():
        for name, data in _sitemap_files(sitemap.read_text("utf-8"), site_url, specs).items():
            (site_dir / name).write_bytes(data)


SITEMAP_MAX = 40_000
"""Addresses per sitemap file (the protocol allows 50,000)."""


def on_post_build(config: MkDocsConfig) -> None:
    """Write the bulk pages (under ``mkdocs serve``, publish how to make them), then drop
    the build's state: the next build starts afresh."""
    global _state
    state = _require()
    try:
        if _lazy:
            publish_generated(state, config)  # its background process may still run
            return
        specs = write_generated(state, config)
        _add_to_search_and_sitemap(state, Path(config.site_dir), config.site_url or "", specs)
        close_all()
    except BaseException:
        close_all()
        raise
    finally:
        _state = None


def on_build_error(error: Exception) -> None:
    """A failed build leaves no process behind, and no state for the next one."""
    global _state
    _state = None
    close_all()
