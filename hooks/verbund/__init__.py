"""Verbund: a directory, calendar and newsletter for a local network of associations.

The pipeline runs one way: :mod:`load` reads the YAML records, :mod:`validate` checks
them, :mod:`model` turns valid records into immutable objects, and the rendering modules
turn those into pages, feeds, calendars and data files.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .memo import CheckMemo
    from .model import Directory
    from .problems import Problem

__all__ = ["Directory", "Problem", "open_directory"]


def __getattr__(name: str) -> Any:
    """``Directory`` and ``Problem`` on first use: the command line checking one file
    imports this package and should not pay for the model and its locale data."""
    if name == "Directory":
        from .model import Directory

        return Directory
    if name == "Problem":
        from .problems import Problem

        return Problem
    raise AttributeError(name)


def open_directory(root: Path, today: date | None = None, memo: CheckMemo | None = None
                   ) -> tuple[Directory | None, list[Problem]]:
    """Load, validate and model ``root/directory``; no model when there is any error.

    ``memo`` keeps what checking each record found for the next call (see :mod:`memo`).
    """
    from .model import build
    from .validate import validate as _validate

    raw, problems = _validate(root, today, memo=memo)
    if any(p.is_error for p in problems):
        return None, problems
    return (build(raw, today) if memo is None else build(raw, today, memo.made)), problems
