"""Verbund: a directory, calendar and newsletter for a local network of associations.

The pipeline runs one way: :mod:`load` reads the YAML records, :mod:`validate` checks
them, :mod:`model` turns valid records into immutable objects, and the rendering modules
turn those into pages, feeds, calendars and data files.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .model import Directory, build
from .problems import Problem
from .validate import validate as _validate

__all__ = ["Directory", "Problem", "open_directory"]


def open_directory(root: Path, today: date | None = None) -> tuple[Directory | None, list[Problem]]:
    """Load, validate and model ``root/directory``; no model when there is any error."""
    raw, problems = _validate(root, today)
    if any(p.is_error for p in problems):
        return None, problems
    return build(raw, today), problems
