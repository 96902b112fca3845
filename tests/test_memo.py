"""Under ``mkdocs serve`` each record's check is kept for the next build (verbund.memo).

The promise: a check with the memo reports exactly what a fresh check reports, whatever
changed between the two, and checks again only what it must. Each scenario checks the
project once with the memo, changes something a record's check reads (its file, even
with the same size and time stamp; another record; settings; taxonomy; a logo; today),
and compares the next check with the memo to a fresh one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import fields
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import ASSOCIATION, EVENT_FILE, TODAY, Project, png
from verbund import validate as validation
from verbund.load import RawDirectory
from verbund.memo import CheckMemo
from verbund.model import Directory, build
from verbund.problems import Problem

RECORDS = 4  # two associations, one event, one newsletter issue in the base project
BUENDNIS = "directory/associations/buendnis-vielfalt.yml"
LOGO = "directory/logos/weltladen.png"


def _same_stamp(path: Path, change: Callable[[], object]) -> None:
    """Change a file and give it back its time stamps: only its bytes tell."""
    before = path.stat()
    change()
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def _edit_same_size(project: Project, relative: str, old: str, new: str) -> None:
    assert len(old.encode()) == len(new.encode())
    path = project.root / relative
    text = path.read_text("utf-8")
    assert old in text
    _same_stamp(path, lambda: path.write_text(text.replace(old, new), "utf-8"))


def _with_logo(project: Project) -> None:
    project.write(LOGO, png())
    path = project.root / ASSOCIATION
    path.write_text(path.read_text("utf-8") + "logo: weltladen.png\n", "utf-8")


SCENARIOS: dict[str, tuple[Callable[[Project], object], Callable[[Project], object], int]] = {
    # name: (prepare, change, results used again)
    "nothing changed": (lambda p: None, lambda p: None, RECORDS),
    "a record, same size and time stamp": (
        lambda p: None,
        lambda p: _edit_same_size(p, ASSOCIATION, "kind: world-shop", "kind: world-sho_"),
        RECORDS - 1),
    "a record's name now equals another's": (
        lambda p: None,
        lambda p: _edit_same_size(p, ASSOCIATION, "Weltladen Auenfurt e.V.",
                                  "Bündnis Vielfalt      "),
        RECORDS - 1),
    "a record that others name is deleted": (
        lambda p: None, lambda p: p.remove(BUENDNIS), 0),
    "a new record": (
        lambda p: None,
        lambda p: p.write("directory/associations/cafe-grenzenlos.yml",
                          "name: Café Grenzenlos\nkind: alliance\nreviewed: 2026-01-10\n"),
        0),
    "a topic leaves the taxonomy": (
        lambda p: None,
        lambda p: _edit_same_size(p, "directory/taxonomy.yml", "anti-racism:", "anti-rassism"),
        0),
    "a setting": (
        lambda p: None,
        lambda p: _edit_same_size(p, "directory/settings.yml", "stale_after_months: 12",
                                  "stale_after_months: 01"),
        0),
    "a logo becomes text of the same size and time stamp": (
        _with_logo,
        lambda p: _same_stamp(p.root / LOGO, lambda: (p.root / LOGO).write_bytes(
            b"x" * len(png()))),
        RECORDS - 1),
    "a logo is deleted": (_with_logo, lambda p: p.remove(LOGO), RECORDS - 1),
    "a record becomes unreadable bytes": (
        lambda p: None,
        lambda p: (p.root / EVENT_FILE).write_bytes(b"title: \xff\xfe broken\n"),
        RECORDS - 1),
    "a record becomes a link": (
        lambda p: None,
        lambda p: ((p.root / EVENT_FILE).unlink(),
                   (p.root / EVENT_FILE).symlink_to(p.root / BUENDNIS)),
        RECORDS - 1),
}


def _files(root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() if not p.is_symlink() else b"->" + bytes(p.readlink())
            for p in (root / "directory").rglob("*") if p.is_file() or p.is_symlink()}


@pytest.mark.parametrize("reported", [False, True],
                         ids=["every file compared", "the kernel names the changed files"])
@pytest.mark.parametrize("parallel", [False, True], ids=["one process", "two processes"])
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_kept_check_reports_what_a_fresh_check_reports(
        project: Project, scenario: str, parallel: bool, reported: bool,
        monkeypatch: pytest.MonkeyPatch) -> None:
    prepare, change, reused = SCENARIOS[scenario]
    if parallel:  # the records are read and checked by forked workers, as at scale
        monkeypatch.setattr(validation, "PARALLEL_MIN", 1)
    prepare(project)
    memo = CheckMemo()
    first_raw, first = validation.validate(project.root, TODAY, memo=memo)
    assert memo.reused == 0
    _model(first_raw, first, memo)
    before = _files(project.root)
    change(project)
    if reported:  # what the kernel reports under mkdocs serve (verbund.watching)
        after = _files(project.root)
        memo.report({p for p in before.keys() | after.keys() if before.get(p) != after.get(p)})
    raw, problems = validation.validate(project.root, TODAY, memo=memo)
    fresh_raw, fresh = validation.validate(project.root, TODAY)
    assert [p.text() for p in problems] == [p.text() for p in fresh]
    for kind in ("associations", "events", "newsletters"):
        assert ([(d.path, d.data, d.body) for d in getattr(raw, kind)]
                == [(d.path, d.data, d.body) for d in getattr(fresh_raw, kind)])
    assert memo.reused == reused
    # The model made with the objects kept from the first build is the one made afresh.
    assert _fields(_model(raw, problems, memo)) == _fields(_model(fresh_raw, fresh, None))
    if scenario != "nothing changed":
        assert problems != first  # each change is one a check must notice


def _model(raw: RawDirectory, problems: list[Problem], memo: CheckMemo | None
           ) -> Directory | None:
    if any(p.is_error for p in problems):
        return None
    return build(raw, TODAY) if memo is None else build(raw, TODAY, memo.made)


def _fields(d: Directory | None) -> list[object] | None:
    """A directory compares by identity (its caches are per object); its fields by value."""
    return None if d is None else [getattr(d, f.name) for f in fields(d)]


def test_the_model_of_an_unchanged_record_is_made_once(project: Project) -> None:
    memo = CheckMemo()

    def model() -> Directory:
        made = _model(*validation.validate(project.root, TODAY, memo=memo), memo)
        assert made is not None
        return made

    def ids(d: Directory) -> dict[str, int]:
        return {x.path: id(x) for x in (*d.associations, *d.events)}

    first, again = model(), model()
    assert ids(again) == ids(first)
    _edit_same_size(project, ASSOCIATION, "Weltladen Auenfurt", "Weltladen Auenfurz")
    edited = model()
    assert {p for p, i in ids(edited).items() if ids(first)[p] != i} == {ASSOCIATION}
    assert "Weltladen Auenfurz e.V." in [a.name for a in edited.associations]
    # Another time zone of the site is another context: every record is made anew.
    _edit_same_size(project, "directory/settings.yml", "Europe/Berlin", "Europe/Zurich")
    moved = model()
    assert not set(ids(moved).values()) & set(ids(edited).values())
    assert moved.settings.timezone == "Europe/Zurich"
    assert [e.timezone for e in moved.events] == ["Europe/Zurich"]


def test_a_file_the_kernel_reported_unchanged_is_not_read_again(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    memo = CheckMemo()
    validation.validate(project.root, TODAY, memo=memo)
    read: list[str] = []
    reader = validation.read_bytes
    monkeypatch.setattr(validation, "read_bytes", lambda path: read.append(path) or reader(path))
    edited = str(project.root / ASSOCIATION)
    memo.report({edited})
    validation.validate(project.root, TODAY, memo=memo)
    assert (read, memo.reused) == ([edited], RECORDS)  # read, and found as it was
    read.clear()
    validation.validate(project.root, TODAY, memo=memo)  # the report was for one check
    assert (len(read), memo.reused) == (RECORDS, RECORDS)


def test_another_day_checks_everything_again(project: Project) -> None:
    memo = CheckMemo()
    later = TODAY + timedelta(days=400)  # the profiles are stale by then
    validation.validate(project.root, TODAY, memo=memo)
    _, problems = validation.validate(project.root, later, memo=memo)
    assert memo.reused == 0
    assert problems == validation.validate(project.root, later)[1]
    assert any(p.code == "stale" for p in problems)


def test_a_check_of_single_files_keeps_nothing(project: Project) -> None:
    memo = CheckMemo()
    validation.validate(project.root, TODAY, {project.root / ASSOCIATION}, memo=memo)
    validation.validate(project.root, TODAY, memo=memo)
    assert memo.reused == 0


def test_the_kept_documents_are_the_ones_used_again(project: Project) -> None:
    """What the memo saves is the reading too: an unchanged record is the same object."""
    memo = CheckMemo()
    first, _ = validation.validate(project.root, date(2026, 11, 23), memo=memo)
    again, _ = validation.validate(project.root, date(2026, 11, 23), memo=memo)
    assert [id(d) for d in again.associations] == [id(d) for d in first.associations]
