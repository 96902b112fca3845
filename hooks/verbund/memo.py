"""What checking each record found, kept between the builds of one ``mkdocs serve``.

At national scale, reading and checking 45,000 records is a third of every rebuild,
and an editor who saves one record has changed one file. A record's check depends on
its file's bytes, on the context every record is checked in (settings, taxonomy, the
ids of all records, today: :func:`validate.memo_context`), and on files outside the
records that a rule reads (the logo a profile names: :func:`validate.outside_inputs`).
A result is used again only when all three are what they were, compared, never assumed
from a time stamp, so a kept result cannot go stale: the file's bytes are read anew on
every build (a tenth of what checking them costs) and the checker judges exactly those.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from .load import Document
from .problems import Problem

T = TypeVar("T")
Result = tuple[Document | None, list[Problem]]
"""A record's document (None when the file could not be read) and its problems."""


def _digest(data: bytes) -> bytes:
    # A digest, not the bytes: the records of a national directory are 40 MB.
    return hashlib.blake2b(data, digest_size=16).digest()


class CheckMemo:
    """The last result for each record file, within the context it was found in."""

    def __init__(self) -> None:
        self._context: Any = None
        self._kept: dict[str, tuple[bytes, Any, Result]] = {}
        self.reused = 0
        """Results used again in the last check: what tests and the log can tell."""
        self._report: set[str] | None = None
        self._changed: set[str] | None = None
        self._made: dict[int, tuple[Document, dict[Hashable, Any]]] = {}
        self._made_before: dict[int, tuple[Document, dict[Hashable, Any]]] = {}

    def begin(self, context: Any) -> None:
        """Start a check of the whole directory in ``context``; results found in any
        other context are forgotten."""
        self.reused = 0
        self._changed, self._report = self._report, None
        # What was made of the documents of the last check: kept only for those that
        # are used again (made() moves them over), so nothing of a gone record stays.
        self._made_before, self._made = self._made, {}
        if context != self._context:
            self._kept.clear()
            self._context = context

    def report(self, changed: set[str] | None) -> None:
        """The files the kernel reported changed since the last check (:mod:`watching`),
        for the next check only: the others are not read again, their kept results
        stand. None: it cannot tell, and every file is read and compared."""
        self._report = changed

    def recall_unchanged(self, path: str, outside: Callable[[Document | None], Any]
                         ) -> Result | None:
        """The kept result for ``path`` without reading it, if the kernel reported no
        change to it (:meth:`report`) and the files outside it are as they were."""
        if self._changed is None or path in self._changed:
            return None
        return self._reuse(self._kept.get(path), outside)

    def recall(self, path: str, data: bytes,
               outside: Callable[[Document | None], Any]) -> Result | None:
        """The kept result for ``path`` if its bytes were ``data`` and the files outside
        it that it read are as they were; None to check it anew."""
        kept = self._kept.get(path)
        if kept is None or kept[0] != _digest(data):
            return None
        return self._reuse(kept, outside)

    def _reuse(self, kept: tuple[bytes, Any, Result] | None,
               outside: Callable[[Document | None], Any]) -> Result | None:
        """A kept entry's result, if the files outside the record that it read are as
        they were."""
        if kept is None:
            return None
        facts, (doc, problems) = kept[1], kept[2]
        if outside(doc) != facts:
            return None
        self.reused += 1
        return doc, list(problems)

    def keep(self, path: str, data: bytes, facts: Any, result: Result) -> None:
        """Remember what checking ``data`` (the bytes judged) found."""
        doc, problems = result
        self._kept[path] = (_digest(data), facts, (doc, list(problems)))

    def retain(self, paths: set[str]) -> None:
        """Forget the files that are gone."""
        for path in self._kept.keys() - paths:
            del self._kept[path]

    def made(self, doc: Document, key: Hashable, make: Callable[[], T]) -> T:
        """What ``make`` makes of ``doc`` (its model object), made once per document.

        A record that did not change is given back as the very document kept for it
        (:meth:`recall`), so what was made of that object is what would be made again;
        a changed record is a new document. ``key`` names everything else ``make``
        reads (the site's time zone for an event): another key makes it anew.
        """
        entry = self._made.get(id(doc))
        if entry is None:
            before = self._made_before.pop(id(doc), None)
            # The entry holds its document, so no other object can have its id meanwhile.
            entry = before if before is not None and before[0] is doc else (doc, {})
            self._made[id(doc)] = entry
        values = entry[1]
        if key not in values:
            values[key] = make()
        return values[key]  # type: ignore[no-any-return]
