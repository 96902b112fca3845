"""``mkdocs serve`` picks up edits to records, as it does edits to pages.

A real server in a subprocess on a free port: the editorial team previews a pull
request this way, so a changed record must show on its page, in the listing and in the
search data, and a broken one must be named with its line, with no traceback, until it
is fixed (MkDocs holds requests back while the last build failed).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sitetools import TODAY, make_project

RECORD = "directory/associations/syrisches-haus.yml"
PAGE = "directory/syrisches-haus/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait(condition: Callable[[], bool], what: str, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    pytest.fail(f"{what} within {timeout:.0f} s; server log:\n{log.read_text('utf-8')[-3000:]}")


@pytest.fixture(params=["native", "poll"])
def served(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Path, str, Path]]:
    """A served project; the records watched with the kernel's notifications (where the
    system has them: else by polling, as MkDocs does) and by polling."""
    project = make_project(tmp_path / "project")
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "VERBUND_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1",
           "VERBUND_WATCH": request.param}
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait(lambda: _get(url + PAGE) is not None, "the first build was not served", log)
        natively = "with the kernel's file notifications" in log.read_text("utf-8")
        assert natively is (request.param == "native" and sys.platform.startswith("linux"))
        yield project, url, log
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_an_edited_record_shows_on_its_page_in_the_listing_and_in_search(
        served: tuple[Path, str, Path]) -> None:
    project, url, log = served
    record = project / RECORD
    old = "name: Syrisches Haus Auenfurt e.V."
    text = record.read_text("utf-8")
    assert old in text
    record.write_text(text.replace(old, "name: Haus der syrischen Kultur"), "utf-8")

    def shows_new_name() -> bool:
        return "Haus der syrischen Kultur" in (_get(url + PAGE) or "")

    _wait(shows_new_name, "the profile did not show the new name", log)
    assert "Haus der syrischen Kultur" in (_get(url + "directory/") or "")
    assert "Haus der syrischen Kultur" in (_get(url + "en/" + PAGE) or "")
    assert "Haus der syrischen Kultur" in (_get(url + "search/search_index.json") or "")
    assert "Syrisches Haus Auenfurt" not in (_get(url + "directory/") or "")


def test_a_broken_record_is_named_and_its_fix_is_served(
        served: tuple[Path, str, Path]) -> None:
    project, url, log = served
    record = project / RECORD
    good = record.read_text("utf-8")
    record.write_text(good.replace("name: Syrisches Haus Auenfurt e.V.",
                                   "name: Syrisches Haus: Auenfurt"), "utf-8")
    _wait(lambda: f"{RECORD}:" in log.read_text("utf-8"),
          "the broken record was not reported", log)
    assert (f"{RECORD}:2:21: error: YAML syntax: mapping values are not allowed in this "
            "context; put a text that contains ': ' in quotes, or check the indentation"
            ) in log.read_text("utf-8")
    assert "Traceback" not in log.read_text("utf-8")

    record.write_text(good.replace("Syrisches Haus Auenfurt e.V.", "Syrisches Haus e.V."),
                      "utf-8")
    _wait(lambda: "Syrisches Haus e.V." in (_get(url + PAGE) or ""),
          "the fixed record was not served", log)


def test_reading_the_records_starts_no_rebuild(served: tuple[Path, str, Path]) -> None:
    """Every rebuild reads every record; to the kernel's notifications a read is an event
    too, and if it counted as a change, each rebuild would start the next."""
    project, url, log = served
    record = project / RECORD
    record.write_text(record.read_text("utf-8").replace("Syrisches Haus Auenfurt e.V.",
                                                        "Syrisches Haus e.V."), "utf-8")
    _wait(lambda: "Syrisches Haus e.V." in (_get(url + PAGE) or ""),
          "the edited record was not served", log)
    time.sleep(3)  # MkDocs waits 0.1 s for more changes before it rebuilds
    assert log.read_text("utf-8").count("Detected file changes") == 1


def test_successive_edits_each_show(served: tuple[Path, str, Path]) -> None:
    """From the second rebuild on, a watched directory's rebuild reads only the files the
    kernel named (verbund.watching); polling compares every file. Either way each edit
    shows, including one that restores a record's earlier bytes."""
    project, url, log = served
    record = project / RECORD
    good = record.read_text("utf-8")
    for name in ("Syrisches Haus Eins", "Syrisches Haus Zwei", "Syrisches Haus Auenfurt e.V."):
        record.write_text(good.replace("Syrisches Haus Auenfurt e.V.", name), "utf-8")
        _wait(lambda name=name: f"<h1>{name}" in (_get(url + PAGE) or ""),
              f"{name} was not served", log)
