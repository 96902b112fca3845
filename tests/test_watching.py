"""Which watcher a served directory gets: the kernel's notifications where they are
reliable (local file systems on Linux), MkDocs' polling elsewhere."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from verbund import watching

MOUNTS = r"""22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 253:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
40 27 0:35 / /mnt/c rw,noatime - 9p drvfs rw,dirsync
41 27 0:36 / /data rw,relatime shared:5 master:2 - nfs4 server:/export rw
42 41 253:1 / /data/local rw,relatime - xfs /dev/vdb rw
43 27 0:37 / /media/my\040disk rw - vfat /dev/sdb1 rw
44 27 0:38 /host /workspace rw - fakeowner grpcfuse rw
"""


@pytest.fixture
def mountinfo(tmp_path: Path) -> str:
    file = tmp_path / "mountinfo"
    file.write_text(MOUNTS, "utf-8")
    return str(file)


@pytest.mark.parametrize(("path", "kind"), [
    ("/home/city/verbund/directory", "ext4"),
    ("/mnt/c/Users/verein/verbund/directory", "9p"),
    ("/data/verbund/directory", "nfs4"),
    ("/data/local/verbund/directory", "xfs"),   # the longest mount point holding it
    ("/data/local", "xfs"),
    ("/datastore/verbund", "ext4"),             # a prefix of the name is not a parent
    ("/media/my disk/verbund", "vfat"),         # a space, written \040 in the table
    ("/workspace/verbund/directory", "fakeowner"),  # Docker Desktop's shared folder
])
def test_the_file_system_of_a_path(mountinfo: str, path: str, kind: str) -> None:
    assert watching.filesystem_type(path, mountinfo) == kind


def test_no_mount_table_no_type(tmp_path: Path) -> None:
    assert watching.filesystem_type("/anything", str(tmp_path / "missing")) is None


@pytest.mark.parametrize(("kind", "platform", "expected"), [
    ("ext4", "linux", True), ("xfs", "linux", True), ("tmpfs", "linux", True),
    ("nfs4", "linux", False), ("cifs", "linux", False), ("9p", "linux", False),
    ("fakeowner", "linux", False), ("virtiofs", "linux", False), (None, "linux", False),
    ("ext4", "darwin", False), ("ext4", "win32", False),
])
def test_native_only_where_the_kernel_reports_changes(
    monkeypatch: pytest.MonkeyPatch, kind: str | None, platform: str, expected: bool
) -> None:
    monkeypatch.delenv("VERBUND_WATCH", raising=False)
    monkeypatch.setattr(watching, "filesystem_type", lambda path: kind)
    monkeypatch.setattr(sys, "platform", platform)
    assert watching.native("/x/directory") is expected


@pytest.mark.parametrize(("choice", "expected"), [("poll", False), ("native", True),
                                                  (" Native ", True), ("POLL", False)])
def test_the_choice_can_be_made(monkeypatch: pytest.MonkeyPatch, choice: str,
                                expected: bool) -> None:
    monkeypatch.setenv("VERBUND_WATCH", choice)
    monkeypatch.setattr(watching, "filesystem_type", lambda path: "nfs4" if expected else "ext4")
    assert watching.native("/x/directory") is expected


def test_an_unknown_choice_is_named_and_the_file_system_decides(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("VERBUND_WATCH", "inotify")
    monkeypatch.setattr(watching, "filesystem_type", lambda path: "nfs4")
    assert watching.native("/x/directory") is False
    assert "VERBUND_WATCH='inotify' is not 'poll' or 'native'" in caplog.text


class _Server:
    """MkDocs' server as :func:`watching.watch` sees it: an observer and ``watch``."""

    def __init__(self) -> None:
        self.observer = "polling"
        self.watched: list[tuple[str, object]] = []

    def watch(self, path: str) -> None:
        self.watched.append((path, self.observer))


def test_the_server_watches_by_polling_where_notifications_fail(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    class Failing:
        def start(self) -> None:
            raise OSError(28, "inotify watch limit reached")

        def stop(self) -> None:
            pass

    monkeypatch.setattr(watching, "native", lambda path: True)
    monkeypatch.setattr(watching, "_changes_observer", Failing)
    server = _Server()
    with caplog.at_level("INFO"):
        watching.watch(server, str(tmp_path))
    assert server.watched == [(str(tmp_path), "polling")]
    assert "inotify watch limit reached" in caplog.text


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")
def test_the_server_watches_natively_and_keeps_its_own_observer(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(watching, "native", lambda path: True)
    server = _Server()
    watching.watch(server, str(tmp_path))
    try:
        [(path, observer)] = server.watched
        assert (path, server.observer) == (str(tmp_path), "polling")
        assert observer.is_alive() and type(observer).__name__ == "ChangesObserver"
    finally:
        watching.stop()
    assert not observer.is_alive()


def test_the_change_log_is_trusted_only_once_it_saw_everything() -> None:
    from watchdog.events import (
        DirCreatedEvent,
        FileClosedEvent,
        FileModifiedEvent,
        FileMovedEvent,
    )

    log = watching.ChangeLog()
    log.record(FileModifiedEvent("/d/a.yml"))
    assert log.take() is None  # not watching
    log.begin(limit=3)
    log.record(FileModifiedEvent("/d/a.yml"))
    assert log.take() is None  # the build before the watch began read what it read
    assert log.take() == set()  # nothing changed since
    log.record(FileModifiedEvent("/d/a.yml"))
    log.record(FileClosedEvent("/d/a.yml"))
    log.record(FileMovedEvent("/d/.a.yml.swp", "/d/b.yml"))
    assert log.take() == {"/d/a.yml", "/d/.a.yml.swp", "/d/b.yml"}
    log.record(DirCreatedEvent("/d/events/2028"))  # a folder: its files may be unreported
    log.record(FileModifiedEvent("/d/c.yml"))
    assert log.take() is None
    assert log.take() == set()
    for name in "wxyz":  # more events than the limit: the kernel's queue may overflow
        log.record(FileModifiedEvent(f"/d/{name}.yml"))
    assert log.take() is None
    log.record(FileModifiedEvent("/d/a.yml"))
    assert log.take() == {"/d/a.yml"}
    log.end()
    assert log.take() is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")
@pytest.mark.parametrize("linked", [False, True])
def test_a_change_is_noted_before_the_server_hears_of_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, linked: bool
) -> None:
    """The server starts a rebuild when it hears of a change, and the rebuild asks what
    changed: the change must be in the log by then. Behind a linked folder the kernel
    watches nothing of ours, so nothing is trusted there."""
    import threading

    (tmp_path / "associations").mkdir()
    if linked:
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "events").symlink_to(tmp_path / "elsewhere")
    heard: list[set[str] | None] = []
    done = threading.Event()

    class Server(_Server):
        def watch(self, path: str) -> None:
            from watchdog.events import FileSystemEventHandler

            def rebuild(event: object) -> None:
                heard.append(watching.changes.take())
                done.set()

            handler = FileSystemEventHandler()
            handler.on_any_event = rebuild  # type: ignore[method-assign]
            self.observer.schedule(handler, path, recursive=True)

    monkeypatch.setattr(watching, "native", lambda path: True)
    watching.watch(Server(), str(tmp_path))
    try:
        assert watching.changes.take() is None  # the first build after the watch began
        record = tmp_path / "associations" / "a.yml"
        record.write_text("name: A\n", "utf-8")
        assert done.wait(10)
    finally:
        watching.stop()
    assert heard[0] == (None if linked else {str(record)})


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")
def test_changes_are_noted_from_before_the_first_build(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``mkdocs serve`` watches only after its first build; the records' changes are
    noted from before that build reads them, so the first rebuild can trust the list."""
    import time

    monkeypatch.setattr(watching, "native", lambda path: True)
    record = tmp_path / "a.yml"
    try:
        watching.start(str(tmp_path))
        assert watching.changes.take() is None  # the first build reads everything
        record.write_text("name: A\n", "utf-8")  # while it runs, before the server watches
        server = _Server()
        watching.watch(server, str(tmp_path))
        [(_, observer)] = server.watched
        assert observer is watching._running[0]  # the one started before the build
        for _ in range(100):  # the kernel's report arrives in the observer's thread
            if watching.changes._paths:
                break
            time.sleep(0.05)
        assert watching.changes.take() == {str(record)}
    finally:
        watching.stop()
    assert watching.changes.take() is None
