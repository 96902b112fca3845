"""Large directories are read and written by two processes: the result must not change."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import verbund.calendar_ics as calendar_ics
import verbund.mkdocs_events as events
import verbund.validate as validate
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from sitetools import REPO, SITE_URL, TODAY, make_project


def digest_tree(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def build_in_process(project: Path, monkeypatch: pytest.MonkeyPatch, parallel_min: int) -> Path:
    monkeypatch.setattr(events, "PARALLEL_MIN", parallel_min)
    monkeypatch.setattr(validate, "PARALLEL_MIN", parallel_min)
    monkeypatch.setattr(calendar_ics, "PARALLEL_MIN", parallel_min)
    monkeypatch.setenv("VERBUND_TODAY", TODAY)
    monkeypatch.setenv("VERBUND_SITE_URL", SITE_URL)
    site = project / f"site-{parallel_min}"
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
    build(config)
    return site


def test_two_processes_write_the_same_site_as_one(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "project")
    monkeypatch.chdir(project)
    one = digest_tree(build_in_process(project, monkeypatch, 10**9))
    two = digest_tree(build_in_process(project, monkeypatch, 1))
    # The search index and sitemap carry no dates; every other file is the same too.
    assert one.keys() == two.keys()
    assert [k for k in one if one[k] != two[k]] == []
    assert sum(k.startswith("directory/") and k.endswith("/index.html") for k in one) > 40


def test_a_second_build_in_one_process_writes_every_file_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As under `mkdocs serve`: the output folder is emptied and the same process builds
    again; what it remembers of the first build (folders it made) must not skip any."""
    project = make_project(tmp_path / "project")
    monkeypatch.chdir(project)
    first = digest_tree(build_in_process(project, monkeypatch, 10**9))
    shutil.rmtree(project / f"site-{10**9}")
    assert digest_tree(build_in_process(project, monkeypatch, 10**9)) == first


def test_two_processes_report_the_same_problems(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "project")
    bad = project / "directory/associations/syrisches-haus.yml"
    bad.write_text(bad.read_text("utf-8").replace("kind:", "kind: nonsense\nkin:"), "utf-8")
    monkeypatch.setattr(validate, "PARALLEL_MIN", 10**9)
    _, sequential = validate.validate(project)
    monkeypatch.setattr(validate, "PARALLEL_MIN", 1)
    raw, parallel = validate.validate(project)
    assert parallel == sequential
    assert any(p.path.endswith("syrisches-haus.yml") for p in parallel)
    assert len(raw.associations) > 40


def test_problems_only_mode_finds_what_needs_every_record(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line keeps only names and memberships of the records it checked; the
    checks across records (same name, member cycles) must still see all of them."""
    project = make_project(tmp_path / "project")
    folder = project / "directory/associations"
    copy = (folder / "atlas-marokko.yml").read_text("utf-8")
    (folder / "atlas-marokko-zwei.yml").write_text(copy, "utf-8")
    umbrella = folder / "dachverband-migrantenorganisationen.yml"
    umbrella.write_text(umbrella.read_text("utf-8").replace(
        "member_of: [buendnis-vielfalt-eine-welt]",
        "member_of: [buendnis-vielfalt-eine-welt, afghanischer-kulturverein]"), "utf-8")
    monkeypatch.setattr(validate, "PARALLEL_MIN", 10**9)
    _, everything = validate.validate(project)
    monkeypatch.setattr(validate, "PARALLEL_MIN", 1)
    raw, problems_only = validate.validate(project, records=False)
    assert problems_only == everything
    messages = [p.message for p in problems_only]
    assert any("is the same as the name in directory/associations/atlas-marokko" in m
               for m in messages)
    assert any("is a cycle" in m for m in messages)
    assert (raw.associations, raw.events, raw.newsletters) == ([], [], [])


@pytest.mark.parametrize(("jobs", "cores", "expected"), [
    (1999, 2, 1),    # too few to be worth starting processes
    (2000, 2, 2),
    (50_000, 1, 1),  # one core: the work stays in this process
    (50_000, 8, 2),  # never more than two: what CI runners have, and memory stays bounded
    (50_000, None, 1),
])
def test_worker_count(monkeypatch: pytest.MonkeyPatch, jobs: int, cores: int | None,
                      expected: int) -> None:
    from verbund.parallel import worker_count

    monkeypatch.setattr("os.cpu_count", lambda: cores)
    assert worker_count(jobs, 2000) == expected


def test_checking_one_file_starts_no_process_machinery(tmp_path: Path) -> None:
    """`verbund validate FILE` runs in editors on every save: no multiprocessing import."""
    project = make_project(tmp_path / "project")
    one = next((project / "directory" / "associations").glob("*.yml"))
    code = ("import sys; from pathlib import Path; from verbund.validate import validate; "
            f"validate(Path({str(project)!r}), only={{Path({str(one)!r})}}, records=False); "
            "print('multiprocessing' in sys.modules, 'concurrent.futures' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "VERBUND_TODAY": TODAY})
    assert out.stdout.split() == ["False", "False"]


def children() -> set[int]:
    """This process's child processes that still exist (Linux: /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found.update(int(pid) for pid in (task / "children").read_text().split())
    return found


def test_a_background_value_is_made_in_another_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from verbund import parallel
    from verbund.parallel import Background

    monkeypatch.setattr("os.cpu_count", lambda: 2)
    big = list(range(100_000))  # inherited by the forked process, never sent to it
    threads = threading.active_count()
    background = Background(lambda: (os.getpid(), sum(big)))
    assert threading.active_count() == threads  # none started: later forks copy none
    pid, total = background.result()
    assert pid != os.getpid() and total == sum(big)
    assert background.result() == (pid, total)  # kept: asking again waits for nothing
    assert pid not in children() and not parallel._OPEN


def test_with_one_core_a_background_value_is_made_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from verbund.parallel import Background

    monkeypatch.setattr("os.cpu_count", lambda: 1)
    assert Background(os.getpid).result() == os.getpid()


def test_a_background_error_reaches_the_build_and_no_process_is_left(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from verbund.parallel import Background

    monkeypatch.setattr("os.cpu_count", lambda: 2)
    before = children()  # a browser of other tests may be running
    with pytest.raises(ValueError, match="invalid literal"):
        Background(lambda: int("x")).result()
    assert children() == before


def test_a_background_process_that_dies_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from verbund.parallel import Background

    monkeypatch.setattr("os.cpu_count", lambda: 2)
    before = children()
    with pytest.raises(RuntimeError, match=r"ended without a result \(exit status 3\)"):
        Background(lambda: os._exit(3)).result()
    assert children() == before


def test_closing_stops_a_background_process_at_work(monkeypatch: pytest.MonkeyPatch) -> None:
    from verbund import parallel
    from verbund.parallel import Background, close_all

    monkeypatch.setattr("os.cpu_count", lambda: 2)
    before = children()
    Background(lambda: time.sleep(60))
    assert len(children() - before) == 1
    started = time.monotonic()
    close_all()
    assert children() == before and not parallel._OPEN
    assert time.monotonic() - started < 5


def test_a_forked_process_leaves_its_parents_background_processes_alone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A process forked meanwhile (a build's writer, a test's fresh build) inherits the
    list of open background processes; closing them is its parent's business."""
    import multiprocessing

    from verbund.parallel import Background, close_all

    monkeypatch.setattr("os.cpu_count", lambda: 2)
    value = Background(lambda: (time.sleep(0.5), "made")[1])
    child = multiprocessing.get_context("fork").Process(target=close_all)
    child.start()
    child.join(timeout=30)
    assert child.exitcode == 0
    assert value.result() == "made"


def test_a_failed_build_closes_its_background_processes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the index threshold the search index is made in a background process; a
    build that stops before it is used (here: a hand-written page where a generated one
    goes) must not leave it running under `mkdocs serve`, and the next build works."""
    from verbund import dirindex, parallel

    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr(dirindex, "INDEX_THRESHOLD", 10)
    project = make_project(tmp_path / "project")
    (project / "docs").unlink()
    shutil.copytree(REPO / "docs", project / "docs")
    clash = project / "docs" / "map" / "index.md"
    clash.parent.mkdir()
    clash.write_text("# Karte\n", "utf-8")
    monkeypatch.chdir(project)
    before = children()
    with pytest.raises(Abort, match=r"docs/map/index\.md is a generated page"):
        build_in_process(project, monkeypatch, 10**9)
    assert not parallel._OPEN
    assert children() == before
    clash.unlink()
    site = build_in_process(project, monkeypatch, 10**9)
    assert (site / "directory" / "index" / "facets.json").is_file()
    assert children() == before
