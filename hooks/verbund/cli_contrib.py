"""The ``verbund`` subcommands behind the contribution workflows.

``issue-forms`` generates the GitHub issue forms, ``from-issue`` turns a submitted form
into a record, ``pr-summary`` describes a pull request and decides its ownership label,
``reminder`` writes the tracking issue of stale profiles. They live beside :mod:`cli`
(which registers them) so that the workflows' needs do not crowd the core commands.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .cli import EXIT_ERRORS, EXIT_OK, UsageError, find_root
from .forms import FORMS


def _root(value: str | None) -> Path:
    return find_root(Path(value) if value else Path.cwd())


def cmd_issue_forms(args: argparse.Namespace) -> int:
    from .issueform import generate

    root = _root(args.root)
    drift = []
    for relative, text in generate(root).items():
        target = root / relative
        current = target.read_text("utf-8") if target.is_file() else None
        if current == text:
            continue
        if args.check:
            drift.append(relative)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
        print(relative)
    if drift:
        for relative in drift:
            print(f"{relative}: differs from what the schemas and taxonomy.yml give",
                  file=sys.stderr)
        print("run 'verbund issue-forms' and commit the result", file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_OK


MAX_READ = 1024 * 1024
"""Read at most this much of an issue body file; the parser refuses above 64 KB anyway."""


def cmd_from_issue(args: argparse.Namespace) -> int:
    from .issueform import comment, from_issue, pr_body

    root = _root(args.root)
    source = Path(args.body_file)
    if not source.is_file():
        raise UsageError(f"{args.body_file}: no such file")
    with source.open("rb") as handle:
        data = handle.read(MAX_READ + 1)
    body = data.decode("utf-8", "replace")
    result = from_issue(root, body, args.form)
    if not result.ok:
        if args.markdown:
            print(comment(result), end="")
        else:
            for problem in result.problems:
                print(problem.text())
            print(f"{len(result.problems)} problem(s): nothing was written", file=sys.stderr)
        return EXIT_ERRORS
    for warning in result.warnings:
        print(f"warning: {warning.text()}", file=sys.stderr)
    if args.pr_body:
        Path(args.pr_body).write_text(pr_body(result, args.issue), "utf-8")
    if args.write:
        target = root / result.path  # type: ignore[operator]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(result.text, "utf-8")  # type: ignore[arg-type]
        print(result.path)
    else:
        print(result.text, end="")
    return EXIT_OK


def cmd_pr_summary(args: argparse.Namespace) -> int:
    from .review import ReviewError, as_json, markdown, review

    root = _root(args.root)
    try:
        result = review(root, args.base, args.head, args.author or "")
    except ReviewError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "json":
        print(as_json(result))
    elif args.format == "label":
        print(result.label)
    else:
        print(markdown(result))
    return EXIT_OK


def cmd_reminder(args: argparse.Namespace) -> int:
    from .review import reminder

    try:
        stale = json.loads(Path(args.stale_json).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"{args.stale_json}: cannot read the output of 'verbund stale "
                         f"--format json' ({exc})") from None
    if not isinstance(stale, list):
        raise UsageError(f"{args.stale_json}: expected a list of profiles")
    body, note = reminder(stale, args.site_url, args.repo_url, args.months)
    Path(args.body).write_text(body, "utf-8")
    if args.comment:
        Path(args.comment).write_text(note or "", "utf-8")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the contribution subcommands to the ``verbund`` parser."""
    p = sub.add_parser("issue-forms", help="generate the GitHub issue forms",
                       description="Write .github/ISSUE_TEMPLATE/*.yml from the schemas and "
                       "directory/taxonomy.yml. With --check, write nothing and exit 1 when "
                       "the committed files differ.")
    p.add_argument("--check", action="store_true", help="only check that they are up to date")
    p.add_argument("--root", default=None, help="project root (default: current folder)")
    p.set_defaults(func=cmd_issue_forms)

    p = sub.add_parser("from-issue", help="turn a submitted issue form into a record",
                       description="Read the Markdown body of an issue written with one of "
                       "the issue forms, build the record, validate it, and print its YAML "
                       "(or, with --write, write it and print its path). Mistakes are "
                       "printed in plain words, exit status 1.")
    p.add_argument("body_file", metavar="BODY_FILE", help="file holding the issue body")
    p.add_argument("--form", required=True, choices=FORMS)
    p.add_argument("--root", default=None, help="project root (default: current folder)")
    p.add_argument("--write", action="store_true", help="write the record file")
    p.add_argument("--markdown", action="store_true",
                   help="print mistakes as a ready-to-post issue comment")
    p.add_argument("--pr-body", metavar="FILE", help="also write a pull request description")
    p.add_argument("--issue", type=int, default=None, help="issue number, for --pr-body")
    p.set_defaults(func=cmd_from_issue)

    p = sub.add_parser("pr-summary", help="describe a pull request in plain words",
                       description="List what the changes between BASE and HEAD add or "
                       "change, and whether AUTHOR maintains every changed record (read from "
                       "BASE).")
    p.add_argument("base", metavar="BASE", help="base commit or branch")
    p.add_argument("--head", default="HEAD", help="head commit (default: HEAD)")
    p.add_argument("--author", default="", help="GitHub user name of the pull request's author")
    p.add_argument("--format", choices=("markdown", "json", "label"), default="markdown")
    p.add_argument("--root", default=None, help="project root (default: current folder)")
    p.set_defaults(func=cmd_pr_summary)

    p = sub.add_parser("reminder", help="write the tracking issue of profiles to confirm",
                       description="Turn the output of 'verbund stale --format json' into the "
                       "body of the tracking issue, and a comment mentioning maintainers.")
    p.add_argument("stale_json", metavar="STALE_JSON")
    p.add_argument("--body", required=True, metavar="FILE", help="where to write the body")
    p.add_argument("--comment", metavar="FILE", help="where to write the mentions comment")
    p.add_argument("--site-url", required=True)
    p.add_argument("--repo-url", required=True)
    p.add_argument("--months", type=int, default=None, help="stale_after_months, for the text")
    p.set_defaults(func=cmd_reminder)
