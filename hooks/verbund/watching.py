"""Watching the records for ``mkdocs serve`` with the kernel's file notifications.

MkDocs compares the times of every watched file twice a second. A national directory
is 45,000 record files: each comparison holds Python for 0.2 s, so a rebuild under the
server took 6.3 s against 5.1 s in a process alone (measured), and an edit waited up to
0.7 s to be noticed. On Linux, with the records on a local file system, the kernel
reports changes instead (inotify). Network and container mounts (NFS, SMB, the shared
folders of Docker Desktop and WSL) do not deliver those notifications reliably, which is
why MkDocs polls; there, and on other systems, the records are polled as well.
``VERBUND_WATCH=poll`` or ``VERBUND_WATCH=native`` overrides the choice.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger("mkdocs.plugins.verbund")

LOCAL_FILESYSTEMS = frozenset({"ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "tmpfs", "zfs",
                               "bcachefs", "jfs", "reiserfs", "nilfs2"})
"""File systems whose changes the kernel itself makes, and so reports."""

MOUNTINFO = "/proc/self/mountinfo"


class _Server(Protocol):
    """What of MkDocs' live-reload server is used: its observer and ``watch``."""

    observer: Any

    def watch(self, path: str) -> None: ...


_ESCAPE = re.compile(rb"\\([0-7]{3})")


def filesystem_type(path: str, mountinfo: str = MOUNTINFO) -> str | None:
    """The type of the file system that holds ``path`` (resolved), from the kernel's mount
    table; None where there is no such table."""
    try:
        table = Path(mountinfo).read_bytes()
    except OSError:
        return None
    target = os.path.realpath(path)
    best, kind = "", None
    for line in table.splitlines():
        fields = line.split(b" ")
        if b"-" not in fields[6:-1]:
            continue
        # Spaces and the like in a mount point are written as octal escapes (\040).
        mount_point = os.fsdecode(_ESCAPE.sub(lambda m: bytes([int(m[1], 8)]), fields[4]))
        inside = (target == mount_point or mount_point == "/"
                  or target.startswith(mount_point.rstrip("/") + "/"))
        if inside and len(mount_point) >= len(best):
            best, kind = mount_point, fields[fields.index(b"-", 6) + 1].decode("ascii", "replace")
    return kind


def native(path: str) -> bool:
    """Whether the kernel's notifications can be trusted to report changes under ``path``."""
    choice = os.environ.get("VERBUND_WATCH", "").strip().lower()
    if choice in ("poll", "native"):
        return choice == "native"
    if choice:
        log.warning(f"VERBUND_WATCH={choice!r} is not 'poll' or 'native'; choosing by the "
                    "file system")
    return sys.platform.startswith("linux") and filesystem_type(path) in LOCAL_FILESYSTEMS


class ChangeLog:
    """The files under the watched records that the kernel reported changed since the
    last build took the list (:meth:`take`), so that a rebuild reads only those again
    (:class:`memo.CheckMemo`); None where that cannot be known for certain.

    The list is only trusted from the second build after watching began: the first one
    had read the records before the watch began, so a change between the two is in no
    list. A change to a folder (created, moved, deleted) or a burst of changes that may
    have overflowed the kernel's queue (whose events we would then have received in
    their thousands) makes the next build read everything, as does a folder that is a
    link: the kernel reports changes behind it to no watch of ours.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paths: set[str] = set()
        self._events = 0
        self._watching = False
        self._known = False
        self.limit = 0
        """Events after which the list is not trusted (a quarter of the kernel's queue)."""

    def begin(self, limit: int) -> None:
        with self._lock:
            self._watching, self._known, self.limit = True, False, limit
            self._paths, self._events = set(), 0

    def end(self) -> None:
        with self._lock:
            self._watching = self._known = False
            self._paths, self._events = set(), 0

    def record(self, event: Any) -> None:
        """Note one event, before the server hears of it (and perhaps starts a build)."""
        with self._lock:
            self._events += 1
            if event.is_directory or self._events > self.limit:
                self._known = False
            self._paths.add(os.fsdecode(event.src_path))
            if getattr(event, "dest_path", ""):
                self._paths.add(os.fsdecode(event.dest_path))

    def take(self) -> set[str] | None:
        """The paths changed since the last call; None when every file must be read."""
        with self._lock:
            paths = self._paths if self._watching and self._known else None
            self._paths, self._events = set(), 0
            self._known = self._watching  # from now on, every change is in the list
            return paths


changes = ChangeLog()


def _queue_limit() -> int:
    """A quarter of the kernel's inotify queue: more events than that and the queue may
    have overflowed, dropping some (the kernel queues 16,384 events by default)."""
    try:
        return int(Path("/proc/sys/fs/inotify/max_queued_events").read_text()) // 4
    except (OSError, ValueError):
        return 1024


def _linked_folders(path: str) -> bool:
    """Whether a folder under ``path`` is a link (the kernel does not watch behind it)."""
    for current, folders, _ in os.walk(path):
        if any(os.path.islink(os.path.join(current, name)) for name in folders):
            return True
    return False


def _changes_observer() -> Any:
    """A watchdog observer that reports changes only, and notes them in :data:`changes`
    before any handler hears of them.

    Reading a file is an event to inotify too (opened, closed without writing), and a
    rebuild reads every record: reported, each rebuild would start the next.
    """
    from watchdog import events
    from watchdog.observers import Observer

    kinds = [events.FileModifiedEvent, events.FileCreatedEvent, events.FileDeletedEvent,
             events.FileMovedEvent, events.FileClosedEvent, events.DirCreatedEvent,
             events.DirDeletedEvent, events.DirMovedEvent]

    class Noted(events.FileSystemEventHandler):  # type: ignore[misc]
        def __init__(self, handler: Any) -> None:
            self.handler = handler

        def dispatch(self, event: Any) -> None:
            changes.record(event)
            self.handler.dispatch(event)

    class ChangesObserver(Observer):  # type: ignore[misc, valid-type]
        def schedule(self, handler: Any, path: Any, *, recursive: bool = False,
                     event_filter: Any = None, follow_symlink: bool = False) -> Any:
            return super().schedule(Noted(handler), path, recursive=recursive,
                                    event_filter=event_filter or kinds,
                                    follow_symlink=follow_symlink)

    return ChangesObserver()


_running: list[Any] = []
_early: dict[str, Any] = {}
"""Observers started by :func:`start`, by path, until :func:`watch` takes them."""


def _native_observer(path: str) -> Any:
    """A started observer of changes under ``path``, noting them in :data:`changes`; None
    where the kernel's notifications are not to be used or refused."""
    if not native(path):
        return None
    from watchdog.events import FileSystemEventHandler

    observer = _changes_observer()
    try:  # the kernel's limits (watches, instances) show when the first watch starts
        observer.start()
        observer.schedule(FileSystemEventHandler(), path, recursive=True)  # notes only
    except OSError as error:
        log.info(f"Watching {path} by polling: the kernel's notifications are not "
                 f"available ({error})")
        observer.stop()
        return None
    if not _linked_folders(path):
        changes.begin(_queue_limit())
    _running.append(observer)
    return observer


def start(path: str) -> None:
    """Note the changes under ``path`` from now on, before the first build of ``mkdocs
    serve`` reads it (the server starts watching only after that build): then the
    rebuild after the first edit reads only what changed, as every later one does."""
    if path not in _early and not _running:
        _early[path] = _native_observer(path)


def watch(server: _Server, path: str) -> None:
    """Have ``server`` rebuild when something under ``path`` changes, as ``server.watch``
    does, told by the kernel where it can be (see :func:`native`)."""
    observer = _early.pop(path) if path in _early else _native_observer(path)
    if observer is None:
        server.watch(path)
        return
    # The server's own watch, with its reaction to a change, scheduled on this observer:
    # ``watch`` schedules on whichever observer the server holds at the time.
    polling, server.observer = server.observer, observer
    try:
        server.watch(path)
    finally:
        server.observer = polling
    log.info(f"Watching {path} with the kernel's file notifications")


def stop() -> None:
    """Stop the observers :func:`watch` started (``mkdocs serve`` stops only its own)."""
    changes.end()
    _early.clear()
    while _running:
        observer = _running.pop()
        observer.stop()
        observer.join(timeout=5)
