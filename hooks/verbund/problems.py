"""Problems found in records, reported like a compiler reports errors.

Every stage (loading, schema, cross-record rules) speaks this one format so that a
volunteer sees the same ``path:line:col: error: message`` wherever a mistake is
caught, and CI can turn it into annotations on the changed line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]


class Problem(NamedTuple):
    """One finding; ordered by file, then line, then column, so reports read top-down.

    A named tuple rather than a dataclass, as are the other types that checking one file
    makes: importing ``dataclasses`` (with ``inspect``) would cost that check 5 ms.
    """

    path: str
    line: int
    col: int
    severity: Severity
    message: str
    code: str = ""
    """Names a rule whose findings some callers treat specially (``stale``). It takes
    part in equality and order, but no two findings differ in it alone: each code
    belongs to one rule, whose messages no other rule writes."""

    def text(self) -> str:
        """Render the compiler-style line ``path:line:col: severity: message``.

        A message may quote a value that contains a line break; it is shown escaped so
        that one problem stays one line for editors, CI logs and ``grep``.
        """
        message = self.message.replace("\r", "\\r").replace("\n", "\\n")
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {message}"

    def github(self) -> str:
        """Render a GitHub Actions workflow command that annotates the line in a pull request.

        Workflow commands end at a newline and treat % specially: both are escaped so a
        message quoting a hostile value cannot inject a second command.
        """
        def esc(value: str, *, prop: bool = False) -> str:
            value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            if prop:
                value = value.replace(":", "%3A").replace(",", "%2C")
            return value

        return (
            f"::{self.severity} file={esc(self.path, prop=True)},line={self.line},"
            f"col={self.col}::{esc(self.message)}"
        )

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def format_problems(problems: Iterable[Problem], style: str = "text") -> str:
    """Render problems for the terminal (``text``), GitHub Actions or machines (``json``)."""
    items = sorted(problems)
    if style == "json":
        rows = [{k: x for k, x in p._asdict().items() if k != "code"} for p in items]
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if style == "github":
        return "\n".join(p.github() for p in items)
    return "\n".join(p.text() for p in items)


def summary_line(problems: Iterable[Problem]) -> str:
    """Count errors and warnings for the closing line of a report: ``2 errors, 1 warning``."""
    items = list(problems)
    errors = sum(p.is_error for p in items)
    warnings = len(items) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
