"""Which records exist, asked of the file system one name at a time.

Checking one file needs to know whether the records it refers to exist, whether another
file has its id, and whether the file itself is a record at all. Listing every file
answers all of that, but a national directory has 45,000 of them: listing their names
costs more than the check itself. Here each question is put to the file system for the
one name it is about. The answers are those of :func:`load.record_files`, which lists
everything (the same folders are searched, hidden names and sub-folders of the wrong
folders left out); a test compares the two on awkward layouts.

One limit of asking instead of listing: on a file system that ignores case (macOS,
Windows) a name is found in whatever case it is asked for. Links to folders are followed
by neither.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from pathlib import Path

from .load import (
    DATA_DIR,
    RECORD_DIRS,
    RECORD_KINDS,
    Entry,
    RawDirectory,
    is_folder,
    not_read,
    read_settings,
    record_files,
    sub_folder_file,
)


def _listable(folder: str) -> bool:
    """Whether ``os.listdir`` can read the folder (it opens it, as this does)."""
    try:
        with os.scandir(folder):
            return True
    except OSError:
        return False


def _searched(name: str, suffix: str) -> bool:
    """Whether the listing looks into an entry of this name when it is a folder."""
    return bool(name) and not name.startswith(".") and not name.endswith(suffix)


def _reached(top: str, folder: str, suffix: str) -> bool:
    """Whether the listing of ``top`` reads the names in ``folder``: ``top`` itself or a
    folder below it reached through searched names only, each of them listable."""
    current = top
    if folder != top:
        if not folder.startswith(top + os.sep):
            return False
        for part in folder[len(top) + 1:].split(os.sep):
            if not _searched(part, suffix) or not _listable(current):
                return False
            current = os.path.join(current, part)
            if not is_folder(current):  # a link to a folder is not followed
                return False
    return _listable(current)


class RecordIds(Collection[str]):
    """The ids of one kind of record, found by looking for the one file an id would be.

    ``in`` asks the file system about that name in each folder the records can be in;
    only iterating (a "did you mean" suggestion, on the way to an error) lists them all.
    """

    def __init__(self, root: Path, folder: str) -> None:
        self.root = root
        self.folder = folder
        self.suffix = RECORD_DIRS[folder]
        self.top = str(root / DATA_DIR / folder)
        self._folders: list[str] | None = None
        self._listed: frozenset[str] | None = None

    def folders(self) -> list[str]:
        """The folders the listing takes records from: the top folder, and for events
        every folder below it that it searches.

        Most file systems give a folder a link count of 2 plus the number of its
        sub-folders (each sub-folder's ``..``). Where the top folder shows that this file
        system keeps such counts, a sub-folder (on the same file system) with a count of
        2 holds no folders and is not listed: the year folders of a national directory
        hold 15,000 names each, and only the few folders themselves are wanted here.
        """
        if self._folders is not None:
            return self._folders
        self._folders = []
        if self.folder != "events":
            if _listable(self.top):
                self._folders.append(self.top)
            return self._folders
        try:
            top = os.stat(self.top)
            names = os.listdir(self.top)
        except OSError:
            return self._folders
        self._folders.append(self.top)
        real = sum(is_folder(os.path.join(self.top, n)) for n in names
                   if not n.endswith(self.suffix))
        counted = real > 0 and top.st_nlink == 2 + real
        pending = self._sub_folders(self.top, names)
        while pending:
            current = pending.pop()
            if counted and _holds_no_folders(current, top.st_dev):
                if _listable(current):
                    self._folders.append(current)
                continue
            try:
                names = os.listdir(current)
            except OSError:
                continue
            self._folders.append(current)
            pending += self._sub_folders(current, names)
        return self._folders

    def _sub_folders(self, folder: str, names: list[str]) -> list[str]:
        paths = (os.path.join(folder, n) for n in sorted(names) if _searched(n, self.suffix))
        return [path for path in paths if is_folder(path)]

    def files(self, ident: str) -> list[str]:
        """The paths of the record files with this id, in the folders the listing reads."""
        return list(self._files(ident))

    def _files(self, ident: str) -> Iterator[str]:
        name = ident + self.suffix
        if name.startswith(".") or any(sep in name for sep in (os.sep, os.altsep) if sep):
            return  # a name the listing skips, or no single name at all
        for folder in self.folders():
            path = os.path.join(folder, name)
            if os.path.lexists(path):
                yield path

    def __contains__(self, ident: object) -> bool:
        return isinstance(ident, str) and next(self._files(ident), None) is not None

    def _all(self) -> frozenset[str]:
        if self._listed is None:
            cut = -len(self.suffix)
            found = record_files(self.root, self.folder, [])
            self._listed = frozenset(name[:cut] for names in found.values() for name in names)
        return self._listed

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def _holds_no_folders(folder: str, device: int) -> bool:
    try:
        info = os.stat(folder)
    except OSError:
        return False
    return info.st_nlink == 2 and info.st_dev == device


def select_records(root: Path, paths: set[str]
                   ) -> tuple[RawDirectory, list[Entry], dict[str, RecordIds]]:
    """Read settings and taxonomy, and find which of ``paths`` (absolute) are records:
    the entries to read and, for references, the ids of every kind of record.

    The listing's problems about the given files (a record in a sub-folder that is not
    read, a ``.yaml`` file) are reported as checking everything reports them.
    """
    raw, found_data = read_settings(root)
    ids = {RECORD_KINDS[folder]: RecordIds(root, folder) for folder in RECORD_DIRS}
    entries: list[Entry] = []
    if not found_data:
        return raw, entries, ids
    shown = len(str(root)) + 1
    for folder, suffix in RECORD_DIRS.items():
        top = ids[RECORD_KINDS[folder]].top
        for path in sorted(p for p in paths if p.startswith(top + os.sep)):
            where, name = os.path.split(path)
            if name.startswith(".") or not _reached(top, where, suffix):
                continue
            if not os.path.lexists(path):
                continue
            if name.endswith(suffix) and (where == top or folder == "events"):
                entries.append(Entry.of(RECORD_KINDS[folder], path, shown, suffix))
            elif name.endswith(suffix):
                raw.problems.append(sub_folder_file(root, path, folder))
            elif not is_folder(path) and (problem := not_read(root, path, suffix)):
                raw.problems.append(problem)
    return raw, entries, ids
