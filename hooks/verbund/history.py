"""When each record file was first added and last changed, from the git history.

One ``git log`` over ``directory/`` answers for every file at once: asking git per file
would cost one process per record (15,000 at national scale). Outside a repository
(a tarball, a shallow CI clone without history) the answer is empty and callers fall
back to dates in the records.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

Dates = dict[str, tuple[date, date]]


def file_dates(root: Path, folder: str = "directory") -> Dates:
    """Path (relative to the root, with /) -> (first added, last changed)."""
    git = shutil.which("git")
    if git is None or not (root / folder).is_dir():
        return {}
    try:
        out = subprocess.run(
            [git, "-C", str(root), "log", "--format=@%cI", "--name-only",
             "--no-renames", "--", folder],
            capture_output=True, text=True, timeout=120, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    result: Dates = {}
    when: date | None = None
    for line in out.splitlines():  # newest commit first
        if line.startswith("@"):
            when = datetime.fromisoformat(line[1:]).date()
        elif line and when is not None:
            first, last = result.get(line, (when, when))
            result[line] = (min(first, when), max(last, when))
    return result
