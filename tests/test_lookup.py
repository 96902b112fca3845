"""Asking the file system about single records gives the answers of listing them all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import Project
from verbund.load import RECORD_DIRS, RECORD_KINDS, display_path, list_records, listing_ids
from verbund.lookup import RecordIds, select_records

AWKWARD = [
    "directory/associations/cafe-grenzenlos.yml",
    "directory/associations/.draft.yml",
    "directory/associations/eine-welt.yaml",
    "directory/associations/notes.txt",
    "directory/associations/Gross.yml",
    "directory/associations/essen.md",
    "directory/associations/2026/verein-alt.yml",
    "directory/associations/2026/deeper/verein-tief.yml",
    "directory/associations/2026/verein-alt.yaml",
    "directory/associations/.hidden/verein-versteckt.yml",
    "directory/associations/ordner.yml/verein-im-ordner.yml",
    "directory/events/oben.yml",
    "directory/events/notes.md",
    "directory/events/2026/cafe-grenzenlos.yml",
    "directory/events/2026/markt.yml",
    "directory/events/2026/markt.yaml",
    "directory/events/2026/03/tief.yml",
    "directory/events/2026/03/april/tiefer.yml",
    "directory/events/2026/.hidden/versteckt.yml",
    "directory/events/2027/markt.yml",
    "directory/events/alt.yml/im-ordner.yml",
    "directory/events/.archiv/archiviert.yml",
    "directory/events/fotos.md/bild.txt",
    "directory/newsletter/2026-12.md",
    "directory/newsletter/2027-01.yml",
    "directory/newsletter/.entwurf.md",
    "directory/newsletter/2026/2026-10.md",
    "directory/notizen.yml",
    "elsewhere/verlinkt.yml",
    "elsewhere/unten/ganz-unten.yml",
]
"""Every kind of file the listing reads, reports or skips, where it reads, reports or
skips it."""

PROBES = ["", ".", "..", "../events/markt", "2026/markt", "markt/", ".draft", "draft",
          "gross", "Gross", "eine-welt", "ordner", "alt", "im-ordner", "x\x00y", "2026",
          "verlinkt", "ganz-unten", "nirgends"]
"""Ids to look up besides every file's own: odd ones, and ones that are no record's."""


@pytest.fixture
def awkward(project: Project) -> Project:
    for relative in AWKWARD:
        project.write(relative, "x: 1\n")
    (project.root / "directory/events/verlinkt").symlink_to(
        project.root / "elsewhere", target_is_directory=True)
    (project.root / "directory/events/2026/leer").mkdir()
    return project


def every_path(root: Path) -> list[str]:
    """Every file and folder under directory/, and the files behind the link."""
    found = [str(root / "directory/events/verlinkt/verlinkt.yml"),
             str(root / "directory/events/verlinkt/unten/ganz-unten.yml"),
             str(root / "directory/events/2026/fehlt.yml"), str(root / "directory/fehlt/x.yml")]
    for folder, names, files in os.walk(root / "directory"):
        found += [os.path.join(folder, name) for name in names + files]
    return sorted(found)


def test_selecting_a_file_reports_what_listing_everything_reports(awkward: Project) -> None:
    root = awkward.root.resolve()
    raw, entries, _ = list_records(root)
    for path in every_path(root):
        shown = display_path(root, Path(path))
        selected_raw, selected, _ = select_records(root, {path})
        assert selected == [e for e in entries if e.path == path], shown
        assert [p for p in selected_raw.problems if p.path == shown] == [
            p for p in raw.problems if p.path == shown], shown


def test_ids_are_those_of_the_listing(awkward: Project) -> None:
    root = awkward.root.resolve()
    _, _, listing = list_records(root)
    listed = listing_ids(listing)
    probes = [*PROBES, *(Path(p).stem for p in every_path(root))]
    for folder, suffix in RECORD_DIRS.items():
        kind = RECORD_KINDS[folder]
        ids = RecordIds(root, folder)
        assert {p: p in ids for p in probes} == {p: p in listed[kind] for p in probes}, kind
        assert set(ids) == set(listed[kind])
        assert len(ids) == len(listed[kind])
        for ident in probes:
            assert sorted(ids.files(ident)) == sorted(
                os.path.join(where, ident + suffix) for where, names in listing[kind].items()
                if ident + suffix in names), ident


def test_year_folders_are_not_listed_to_find_an_id(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A year folder of a national directory holds 15,000 names: looking up one id asks
    for that name only, where the file system's link counts show there are no folders
    inside to search as well."""
    for relative in ("directory/events/2027/markt.yml", "directory/events/2028/03/tief.yml"):
        project.write(relative, "x: 1\n")
    events = project.root.resolve() / "directory/events"
    if os.stat(events).st_nlink != 2 + 3:  # 2026, 2027, 2028
        pytest.skip("this file system does not count sub-folders in a folder's links")
    listed: list[str] = []
    real_listdir = os.listdir

    def listdir(path: str) -> list[str]:
        listed.append(os.path.relpath(path, events))
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", listdir)
    ids = RecordIds(project.root.resolve(), "events")
    assert ("markt" in ids, "tief" in ids, "fruehstueck" in ids, "nirgends" in ids) == (
        True, True, True, False)
    assert sorted(listed) == [".", "2028"]


def test_folders_are_listed_where_link_counts_say_nothing(
    awkward: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some file systems (network or FUSE ones) give every folder two links whatever it
    holds: their counts cannot tell that a folder has none inside."""
    real_stat = os.stat

    class TwoLinks:
        def __init__(self, info: os.stat_result) -> None:
            self.info = info

        def __getattr__(self, name: str) -> object:
            return 2 if name == "st_nlink" else getattr(self.info, name)

    monkeypatch.setattr(os, "stat", lambda path, **kw: TwoLinks(real_stat(path, **kw)))
    ids = RecordIds(awkward.root.resolve(), "events")
    # ganz-unten is behind a link to a folder: not followed, whatever the counts say
    assert ("tiefer" in ids, "ganz-unten" in ids, "versteckt" in ids) == (True, False, False)
