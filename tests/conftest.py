"""Shared fixtures: a minimal valid project built in ``tmp_path`` for every test.

Each scenario starts from the same small, valid directory (settings, taxonomy, two
associations, one event, one newsletter issue), writes one bad file into it and checks
the exact ``path:line:col: severity: message`` lines that validation reports. ``today``
is fixed so that "in the future" and "stale" never depend on the day the tests run.
"""

from __future__ import annotations

import os
import struct
import tempfile
import textwrap
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from verbund.validate import validate

pytest_plugins = ["sitetools"]  # built sites, a static server and Chromium for tests

# Compiled validators go to a folder of this run (builds in subprocesses inherit it), not
# to the user's cache.
os.environ["VERBUND_CACHE_DIR"] = tempfile.mkdtemp(prefix="verbund-test-cache-")

TODAY = date(2026, 11, 23)
FIXTURES = Path(__file__).parent / "fixtures"

SETTINGS = """\
municipality: Auenfurt
timezone: Europe/Berlin
languages: [de, en]
bounds: [[51.26, 9.36], [51.38, 9.58]]
newsletter:
  title: {de: Auenfurter Rundbrief, en: Auenfurt newsletter}
  editor_email: redaktion@example.org
stale_after_months: 12
"""

TAXONOMY = """\
kinds:
  migrant-organisation: {de: Migrantenorganisation, en: Migrant organisation}
  one-world-group: {de: Eine-Welt-Gruppe, en: One World group}
  alliance: {de: Bündnis, en: Alliance}
  world-shop: {de: Weltladen, en: World shop}
topics:
  culture: {de: Kultur, en: Culture}
  education: {de: Bildung, en: Education}
  fair-trade: {de: Fairer Handel, en: Fair trade}
  refugee-work: {de: Flüchtlingsarbeit, en: Refugee work}
  anti-racism: {de: Antirassismus, en: Anti-racism}
  health: {de: Gesundheit, en: Health}
  housing: {de: Wohnen, en: Housing}
  sport: {de: Sport, en: Sport}
  youth: {de: Jugend, en: Youth}
offers:
  rooms: {de: Räume, en: Rooms}
  counselling: {de: Beratung, en: Counselling}
seeks:
  volunteers: {de: Ehrenamtliche, en: Volunteers}
  partners: {de: Partner, en: Partners}
formats:
  workshop: {de: Workshop, en: Workshop}
  open-space: {de: Open Space, en: Open space}
accessibility:
  step-free: {de: Stufenlos, en: Step-free}
  sign-language: {de: Gebärdensprache, en: Sign language}
districts: [Altstadt, Nordstadt]
"""

WELTLADEN = """\
name: Weltladen Auenfurt e.V.
kind: world-shop
summary: {de: Fairer Handel in der Altstadt., en: Fair trade in the old town.}
topics: [fair-trade, education]
member_of: [buendnis-vielfalt]
reviewed: 2026-10-28
"""

BUENDNIS = """\
name: Bündnis Vielfalt
kind: alliance
summary: {de: Das Bündnis der Vereine., en: The alliance of the associations.}
topics: [anti-racism]
reviewed: 2026-09-01
"""

EVENT = """\
title: {de: Interkulturelles Frühstück, en: Intercultural breakfast}
start: 2026-12-05T10:00
end: 2026-12-05T13:00
organizers: [weltladen-auenfurt]
format: workshop
location:
  address: {street: Marktgasse 8, postcode: "34117", city: Auenfurt}
"""

NEWSLETTER = """\
---
title: {de: Rundbrief November, en: November newsletter}
date: 2026-11-01
---
Neu im **Verbund**: [der Weltladen](https://example.org/weltladen).
"""

BASE_FILES = {
    "directory/settings.yml": SETTINGS,
    "directory/taxonomy.yml": TAXONOMY,
    "directory/associations/weltladen-auenfurt.yml": WELTLADEN,
    "directory/associations/buendnis-vielfalt.yml": BUENDNIS,
    "directory/events/2026/fruehstueck.yml": EVENT,
    "directory/newsletter/2026-11.md": NEWSLETTER,
}

ASSOCIATION = "directory/associations/weltladen-auenfurt.yml"
"""The record most tests replace with a bad version (so cross-record rules still hold)."""
NEW_ASSOCIATION = "directory/associations/cafe-grenzenlos.yml"
EVENT_FILE = "directory/events/2026/fruehstueck.yml"
NEWSLETTER_FILE = "directory/newsletter/2026-11.md"


def png(width: int = 1, height: int = 1, extra: int = 0) -> bytes:
    """A real PNG image; ``extra`` pads it with an ancillary chunk to reach a size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    padding = chunk(b"tEXt", b"Comment\x00" + b"x" * extra) if extra else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + padding
            + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))


@dataclass
class Project:
    """A valid project in a temporary folder, and ways to spoil it one file at a time."""

    root: Path

    def write(self, relative: str, content: str | bytes, *, dedent: bool = True) -> Path:
        """Write a file under the root; text is dedented so tests can indent it inline."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content) if dedent else content, "utf-8")
        return path

    def remove(self, relative: str) -> None:
        (self.root / relative).unlink()

    def problems(self) -> list[str]:
        """Every problem line of a full validation run, in report order."""
        _, problems = validate(self.root, today=TODAY)
        return [p.text() for p in problems]

    def check(self, relative: str, content: str | bytes, *, dedent: bool = True) -> list[str]:
        """Write one (bad) file and return the problem lines of the whole project."""
        self.write(relative, content, dedent=dedent)
        return self.problems()


def make_project(root: Path) -> Project:
    project = Project(root)
    for relative, text in BASE_FILES.items():
        project.write(relative, text, dedent=False)
    (root / "directory" / "logos").mkdir()
    return project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A minimal valid project under ``tmp_path`` (validation finds nothing in it)."""
    return make_project(tmp_path / "site")


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin the CLI's "today" and keep debugging switches from changing its behaviour."""
    monkeypatch.setenv("VERBUND_TODAY", TODAY.isoformat())
    monkeypatch.delenv("VERBUND_DEBUG", raising=False)
