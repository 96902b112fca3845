"""The preview server's generated files, made when a browser asks for them.

A national directory's build writes 138,000 files (2 GB), and ``mkdocs serve`` empties
its output folder before every rebuild: an edited record showed after 110 s, most of
it writing and deleting pages nobody looked at. A preview needs only the pages someone
opens. So under ``mkdocs serve`` a build publishes how to make each generated file, and
the first request for one makes it and writes it where the server reads its files;
the server then serves it as any other file (it holds requests back while a rebuild
runs, and adds its reload script to pages).

Nothing made can outlive its build: a build withdraws the previous one's files before
it reads a record, and deletes those that were made, so a page is either made from the
latest build or waits for it.
"""

from __future__ import annotations

import os
import posixpath
import threading
from collections.abc import Callable, Iterable
from contextlib import suppress
from typing import Any, TypeVar

T = TypeVar("T")
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

WAIT = 60.0
"""Seconds a request waits for a build in progress before the server answers it as it
would (it waits for the build itself; a failed build shows until it is fixed)."""


class Preview:
    """Generated files of the latest good build, by path under the output folder."""

    def __init__(self) -> None:
        self._ready = threading.Condition()
        self._find: Callable[[str], Any] | None = None
        self._make: Callable[[Any], bytes] = bytes
        self._root = ""
        self._made: set[str] = set()
        self._names: set[str] = set()
        """The names made from the latest build (each is made once)."""

    def withdraw(self) -> None:
        """A build starts: no file is made from the previous one any more, and those that
        were are deleted (``mkdocs serve --dirty`` keeps the output folder's files)."""
        with self._ready:
            self._find = None
            for path in self._made:
                with suppress(FileNotFoundError):
                    os.remove(path)
            self._made.clear()
            self._names.clear()

    def publish(self, root: str, find: Callable[[str], T | None],
                make: Callable[[T], bytes]) -> None:
        """A build ended well: its generated files can be made, in folder ``root``; the
        file at path ``name`` (under ``root``) is ``make(find(name))``, none where
        ``find`` gives None. Looked up, not listed: a national site has 138,000."""
        with self._ready:
            self._root = root
            self._find, self._make = find, make
            self._ready.notify_all()

    def make(self, *names: str) -> bool:
        """Write those of the generated files ``names`` (paths under the output folder)
        that were not made yet; waits for a build in progress. Whether any was made."""
        with self._ready:
            if not self._ready.wait_for(lambda: self._find is not None, timeout=WAIT):
                return False
            assert self._find is not None
            made = False
            for name in names:
                job = None if name in self._names else self._find(name)
                if job is None:
                    continue
                self._names.add(name)
                data = self._make(job)
                path = os.path.join(self._root, *name.split("/"))
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as file:
                    file.write(data)
                self._made.add(path)
                made = True
            return made

    def wrap(self, app: WSGIApp, mount: str) -> WSGIApp:
        """The server's application, with generated files made before it looks for them
        (``mount``: the server's mount path, with its slashes).

        The server holds a request back while a rebuild runs, and the rebuild empties the
        output folder: a file made just before it began is gone when the request goes
        on. Such a request, not found, is answered again once the file is made anew.
        """

        def application(environ: dict[str, Any], start_response: Callable[..., Any]
                        ) -> Iterable[bytes]:
            names = requested(environ.get("PATH_INFO", ""), mount)
            if not names:
                return app(environ, start_response)
            self.make(*names)
            held: list[Any] = []

            def hold(*args: Any) -> Callable[[bytes], object]:  # status, headers[, error]
                held[:] = args
                return lambda data: None

            body = app(environ, hold)
            if held[0].startswith("404") and self.make(*names):
                if hasattr(body, "close"):
                    body.close()
                return app(environ, start_response)
            start_response(*held)
            return body

        return application


def requested(path_info: str, mount: str) -> list[str]:
    """The output files a request may be served from, as MkDocs' server finds them: the
    file, or a folder's ``index.html`` (a path without its final slash is redirected to
    the folder when that file exists)."""
    path = path_info.encode("latin-1").decode("utf-8", "ignore")
    if not (path + "/").startswith(mount):
        return []
    rel = path[len(mount):]
    if path.endswith("/"):
        rel += "index.html"
    rel = posixpath.normpath("/" + rel).lstrip("/")
    return [rel] if path.endswith("/") else [rel, rel + "/index.html"]
