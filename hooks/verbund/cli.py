"""The ``verbund`` command: validate records, list stale profiles, start new records.

Exit status follows the contract: 0 when there are no errors, 1 when there are, 2 for
wrong usage. Bad input never produces a traceback: it is reported as a problem.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, NoReturn, cast

from . import values as v
from .load import DATA_DIR
from .problems import Problem, format_problems, summary_line
from .validate import validate

if TYPE_CHECKING:
    import argparse

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
VALIDATE_DEFAULTS = {"strict": False, "format": "text"}


class UsageError(Exception):
    """Wrong arguments: reported in one line, exit status 2."""


def find_root(path: Path) -> Path:
    """Find the project root for a path: the nearest folder (itself or above) with directory/."""
    path = path.resolve()
    for candidate in (path, *path.parents):
        if (candidate / DATA_DIR).is_dir():
            return candidate
    raise UsageError(f"{path}: no '{DATA_DIR}/' folder here or above; pass the project root")


def _targets(paths: Sequence[str]) -> tuple[Path, set[Path] | None]:
    if not paths:
        return find_root(Path.cwd()), None
    roots, files = set(), set()
    for name in paths:
        path = Path(name)
        if not path.exists():
            raise UsageError(f"{name}: no such file or folder")
        if path.is_dir() and (path / DATA_DIR).is_dir():
            roots.add(path.resolve())
        else:
            roots.add(find_root(path if path.is_dir() else path.parent))
            files.add(path.resolve())
    if len(roots) != 1:
        raise UsageError("all paths must belong to one project")
    root = roots.pop()
    if files and any(f.is_dir() for f in files):
        raise UsageError("pass the project root or record files, not sub-folders")
    return root, (files or None)


def cmd_validate(args: argparse.Namespace) -> int:
    root, only = _targets(args.paths)
    # Messages name paths relative to the root, as editors and CI annotations expect;
    # the working directory is left alone (main() also runs in-process, in tests).
    _, problems = validate(root, only=only, records=False)
    if args.strict:
        problems = [Problem(p.path, p.line, p.col, "error", p.message) for p in problems]
    if problems:
        print(format_problems(problems, args.format))
    if args.format == "text":
        count = f"{len(only)} file{'s' * (len(only) != 1)}" if only else "the directory"
        print(f"{summary_line(problems)} in {count}", file=sys.stderr)
    return EXIT_ERRORS if any(p.is_error for p in problems) else EXIT_OK


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def cmd_stale(args: argparse.Namespace) -> int:
    from .model import build

    root, _ = _targets(args.paths)
    raw, problems = validate(root)
    errors = [p for p in problems if p.is_error]
    if errors:
        print(format_problems(errors))
        print("fix these errors first; 'verbund stale' needs a valid directory", file=sys.stderr)
        return EXIT_ERRORS
    directory = build(raw)
    stale = sorted((a for a in directory.associations if a.active and directory.is_stale(a)),
                   key=lambda a: (a.reviewed, a.slug))
    if args.format == "json":
        print(json.dumps([{
            "slug": a.slug, "name": a.name, "path": a.path, "reviewed": a.reviewed.isoformat(),
            "months": _months_between(a.reviewed, directory.today),
            "maintainers": list(a.maintainers),
        } for a in stale], ensure_ascii=False, indent=2))
        return EXIT_OK
    for a in stale:
        who = f"  maintainers: {', '.join('@' + m for m in a.maintainers)}" if a.maintainers else ""
        months = _months_between(a.reviewed, directory.today)
        print(f"{a.path}: reviewed {a.reviewed} ({months} months ago)  {a.name}{who}")
    print(f"{len(stale)} of {len(directory.associations)} profiles are due for confirmation "
          f"(older than {directory.settings.stale_after_months} months)", file=sys.stderr)
    return EXIT_OK


TEMPLATES = {
    "association": """\
# yaml-language-server: $schema={schema}
# A profile in the directory. Lines starting with # are comments: delete them as you like.
# Reference: /contribute/ on the site. Check with: verbund validate {path}
name: {name}
# short_name: ""                    # optional, at most 30 characters
# kind, one of: {kinds}
kind: {kind}
summary:                            # one or two sentences, plain text, at most 300 characters
  de: ""
  en: ""
# description:                      # optional, Markdown, no HTML
#   de: |
#     …
#   en: |
#     …
# topics, 1 to 8 of: {topics}
topics: [{topic}]
# countries: [TR, SY]               # ISO country codes of origin or partner countries
# languages: [de, tr]               # languages you work in
# offers: []                        # what you can offer others: {offers}
# seeks: []                         # what you are looking for: {seeks}
# member_of: []                     # slugs of alliances in this directory
# founded: 2001
# members: 40
# volunteer_run: true
contact:
  # website: https://example.org
  email: info@example.org           # a role address, not a private one
  # phone: "+49 561 123456"
  # address: {{street: "Hauptstraße 1", postcode: "34117", city: "", district: ""}}
  # geo: {{lat: 51.3127, lon: 9.4797}}
# reviewed: the date you last confirmed this profile
reviewed: {today}
""",
    "event": """\
# yaml-language-server: $schema={schema}
# An event in the calendar. Lines starting with # are comments: delete them as you like.
# Reference: /contribute/ on the site. Check with: verbund validate {path}
title:
  de: {name}
  en: {name}
# start: local time; a date alone means an all-day event
start: {today}T18:00
end: {today}T20:00
# repeat: FREQ=MONTHLY;BYDAY=1SA;COUNT=6   # optional iCalendar rule
# except: []                        # dates on which a repeating event does not take place
# organizers: slugs of the organising associations
organizers: [{organizer}]
# format, one of: {formats}
format: {format}
# topics: [{topic}]
# languages: [de]
location:
  name: ""
  address: {{street: "", postcode: "", city: ""}}
  # online: https://…               # for an online or hybrid event
# description:
#   de: |
#     …
# registration: https://…           # or an email address
# cost: {{de: kostenlos, en: free}}
""",
}


def _site_schema(root: Path, kind: str) -> str:
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8") if config.is_file() else ""
    match = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", text, re.M)
    if match:
        return match[1].rstrip("/") + f"/schema/{kind}.json"
    return f"https://example.org/schema/{kind}.json"


def cmd_new(args: argparse.Namespace) -> int:
    root, _ = _targets((args.root and [args.root]) or [])
    slug = v.slugify(args.name)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,62}[a-z0-9]", slug):
        raise UsageError(f"'{args.name}' gives no usable file name; use a longer name")
    folder = "associations" if args.kind == "association" else "events"
    target = root / DATA_DIR / folder / f"{slug}.yml"
    if target.exists():
        raise UsageError(f"{target.relative_to(root)} already exists; edit it instead")
    taxonomy = _taxonomy_ids(root)

    def first(key: str, fallback: str) -> str:
        return (taxonomy.get(key) or [fallback])[0]

    relative = target.relative_to(root).as_posix()
    text = TEMPLATES[args.kind].format(
        schema=_site_schema(root, args.kind), path=relative,
        # A JSON string is a valid YAML double-quoted scalar: quotes, backslashes and
        # line breaks in the name cannot break the template.
        name=json.dumps(args.name, ensure_ascii=False),
        today=v.today().isoformat(),
        kind=first("kinds", "kind"), kinds=", ".join(taxonomy.get("kinds", [])),
        topic=first("topics", "topic"), topics=", ".join(taxonomy.get("topics", [])),
        offers=", ".join(taxonomy.get("offers", [])), seeks=", ".join(taxonomy.get("seeks", [])),
        format=first("formats", "format"), formats=", ".join(taxonomy.get("formats", [])),
        organizer="your-association-slug",
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")
    print(relative)
    print(f"wrote a template for {args.kind} '{args.name}'; fill it in, then run: "
          f"verbund validate {relative}", file=sys.stderr)
    return EXIT_OK


def _taxonomy_ids(root: Path) -> dict[str, list[str]]:
    from .load import LoadError, load_file

    file = root / DATA_DIR / "taxonomy.yml"
    try:
        data = load_file(file, "taxonomy.yml").data
    except (LoadError, OSError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: list(x) for k, x in data.items() if isinstance(x, dict)}


def plain_validate(argv: list[str]) -> argparse.Namespace | None:
    """``verbund validate [PATH …]`` without options, read without argparse.

    Editors and pre-commit hooks run this on every save, and importing argparse and
    making its parser costs 3 ms of a 50 ms check. Anything else (an option, ``--``,
    ``-h``, another command) goes to the full parser; a test gives both the same
    arguments and compares what they read.
    """
    if argv[:1] != ["validate"] or any(arg.startswith("-") for arg in argv[1:]):
        return None
    args = SimpleNamespace(command="validate", paths=argv[1:], func=cmd_validate,
                           **VALIDATE_DEFAULTS)
    return cast("argparse.Namespace", args)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = plain_validate(argv)
    if args is None:
        from .cli_args import parser

        args = parser("validate" if argv[:1] == ["validate"] else None).parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"verbund: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug, not bad input: say so in one line
        if os.environ.get("VERBUND_DEBUG"):
            raise
        print(f"verbund: internal error: {type(exc).__name__}: {exc} (set VERBUND_DEBUG=1 for "
              "details and please report it)", file=sys.stderr)
        return 3


def run() -> NoReturn:
    """The command's entry point: :func:`main`, then exit at once.

    What the command wrote is flushed, and every file it wrote is closed; tearing down
    the interpreter (freeing every module and object one by one) would only cost time:
    8 ms of a 60 ms check of one file, which editors run on every save.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader has gone (``verbund stale | head``)
        pass
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
