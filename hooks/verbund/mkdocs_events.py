"""The only module that knows MkDocs: it connects the build's events to the pipeline.

Hook modules are loaded once per process and ``mkdocs serve`` does not reload them, so
all per-build state is created anew in ``on_config`` and nothing survives from one
build to the next.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from . import open_directory
from .model import Directory
from .problems import Problem, summary_line

log = logging.getLogger("mkdocs.plugins.verbund")


@dataclass
class BuildState:
    root: Path
    directory: Directory


_state: BuildState | None = None


def report(problems: list[Problem]) -> None:
    """Log problems in the compiler format; warnings fail ``mkdocs build --strict``.

    Stale profiles are logged as information only: a daily rebuild must not start to
    fail just because time passed. ``verbund validate`` and ``verbund stale`` list them.
    """
    for problem in problems:
        if problem.is_error:
            log.error(problem.text())
        elif problem.code == "stale":
            log.info(problem.text())
        else:
            log.warning(problem.text())


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _state
    _state = None
    root = Path(config.config_file_path).resolve().parent
    directory, problems = open_directory(root)
    report(problems)
    if directory is None:
        raise Abort(f"{summary_line(problems)} in directory/: nothing was built. Fix the "
                    "errors above (run 'verbund validate' to see them again).")
    _state = BuildState(root=root, directory=directory)
    return config


def on_files(files: Any, config: MkDocsConfig) -> Any:
    return files


def on_page_content(html: str, page: Any, config: MkDocsConfig, files: Any) -> str:
    return html


def on_page_context(context: dict[str, Any], page: Any, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    return context


def on_env(env: Any, config: MkDocsConfig, files: Any) -> Any:
    return env


def on_post_build(config: MkDocsConfig) -> None:
    return None
