"""The grammar of the ``verbund`` command: its parsers, made when a command needs them.

Kept apart from :mod:`cli` so that ``verbund validate FILE`` (see
:func:`cli.plain_validate`) does not import argparse at all.
"""

from __future__ import annotations

import argparse
import sys

from .cli import EXIT_USAGE, VALIDATE_DEFAULTS, cmd_new, cmd_stale, cmd_validate


class _Parser(argparse.ArgumentParser):
    complete = True
    """False for a parser made for one command (see :func:`parser`): its usage line would
    name that command alone."""

    def error(self, message: str) -> None:  # type: ignore[override]
        (self if self.complete else parser()).print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _validate_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("validate", help="check every record (or the files given)",
                       description="Check records like a compiler: one line per problem, "
                       "path:line:col: severity: message. Exit status 0 without errors, "
                       "1 with errors, 2 for wrong usage.")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="project root (default: the current folder or the nearest one above "
                   "with directory/), or record files to check alone")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--format", choices=("text", "github", "json"),
                   help="text (default), github (Actions annotations) or json")
    p.set_defaults(func=cmd_validate, **VALIDATE_DEFAULTS)  # shared with plain_validate


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line; with ``command`` (``validate``), that command's part alone.

    ``verbund validate FILE`` runs in editors on every save, and making the parsers of
    all the other commands (and importing the workflows' module) would cost it 2 ms.
    """
    top = _Parser(prog="verbund", description="Check and manage the records of a Verbund "
                  "directory (directory/ in the project root).")
    top.complete = command is None
    sub = top.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _validate_parser(sub)
    if command == "validate":
        return top

    p = sub.add_parser("stale", help="list profiles due for confirmation, oldest first",
                       description="List active associations whose 'reviewed' date is older "
                       "than settings.stale_after_months, oldest first.")
    p.add_argument("paths", nargs="*", metavar="ROOT", help="project root")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_stale)

    p = sub.add_parser("new", help="write a commented template for a new record",
                       description="Write directory/associations/<slug>.yml or "
                       "directory/events/<slug>.yml with the slug derived from NAME.")
    p.add_argument("kind", choices=("association", "event"))
    p.add_argument("name", metavar="NAME", help="name of the association or title of the event")
    p.add_argument("--root", default=None, help="project root (default: current folder)")
    p.set_defaults(func=cmd_new)

    from .cli_contrib import register  # the workflows' commands (imports cli)

    register(sub)
    return top
