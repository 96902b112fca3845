"""Links from a newsletter body to the directory's own records.

Editors write ``[[weltladen-auenfurt]]`` or a relative link to the record file, e.g.
``[Fair breakfast](../events/fair-breakfast.yml)``, because that is what they see in the
repository (and GitHub's preview follows such links). On the site the same link must go
to the record's page, and in feeds and emails to its absolute URL. Validation and
rendering share this one reading of the text, so what ``verbund validate`` accepts is
exactly what the build can resolve, and a link to a record that does not exist is an
error with a line and column rather than a 404 in a subscriber's inbox.

Only the source text is scanned (no Markdown parser): positions must point into the
file the editor wrote. Fenced code blocks and code spans are skipped, so a newsletter
can show the syntax itself.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from collections.abc import Callable, Collection, Iterator
from typing import Literal, NamedTuple

Kind = Literal["association", "event", "newsletter"]
KINDS: tuple[Kind, ...] = ("association", "event", "newsletter")
FOLDERS: dict[str, Kind] = {"associations": "association", "events": "event",
                            "newsletter": "newsletter"}
BASE = "directory/newsletter"
"""Where issue files live: relative links are read from here, as the editor's file sits."""

_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ ]{0,3}\1[ \t]*$|\Z)", re.M | re.S)
_TICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_WIKI = re.compile(r"\[\[([^\[\]\n|]*)(?:\|([^\[\]\n]*))?\]\]")
_INLINE = re.compile(r"(!?)\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\(\s*(<[^>\n]*>|[^)\s]*)")
_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)", re.M)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_DOMAIN = re.compile(r"(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?:[/?#].*)?\Z")
_RECORD_FILE = re.compile(r"\.(ya?ml|md|markdown)\Z")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|])")


class Ref(NamedTuple):
    """One internal link in the body: the text to replace and what it points to.

    This module's types are named tuples, not dataclasses: validation loads it to check
    a newsletter issue alone, and see :class:`problems.Problem`."""

    start: int
    end: int
    """The span replaced when rendering: the whole ``[[…]]``, or a link's target only."""
    target: int
    """Where the target begins (messages point here)."""
    source: str
    """The target as written: ``weltladen`` for ``[[weltladen]]``, ``../events/x.yml``."""
    wiki: bool
    label: str | None = None
    """The text after ``|`` in ``[[id|text]]``."""


class Target(NamedTuple):
    """What a link resolves to: a record, a path of the site, or an anchor of the issue."""

    kind: Kind | Literal["site", "anchor"]
    id: str
    fragment: str = ""


class Known(NamedTuple):
    """The ids that exist, by kind: what a link may point to."""

    associations: Collection[str]
    events: Collection[str]
    newsletters: Collection[str]

    def of(self, kind: Kind) -> Collection[str]:
        return {"association": self.associations, "event": self.events,
                "newsletter": self.newsletters}[kind]


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Where code spans are, as CommonMark reads them: a run of backticks is closed by
    the next run of the same length in the same paragraph, else it is a literal.

    Done by pairing runs in one pass rather than with a backtracking pattern, so a body
    full of unmatched backticks cannot make a pull request's check run for minutes.
    """
    breaks = [m.start() for m in _BLANK_LINE.finditer(text)]
    runs = [(m.start(), m.end(), bisect.bisect(breaks, m.start()))
            for m in _TICKS.finditer(text)]
    closer: list[int | None] = [None] * len(runs)
    last: dict[tuple[int, int], int] = {}
    for i in range(len(runs) - 1, -1, -1):
        start, end, paragraph = runs[i]
        closer[i] = last.get((end - start, paragraph))
        last[(end - start, paragraph)] = i
    spans = []
    i = 0
    while i < len(runs):
        j = closer[i]
        if j is None:
            i += 1
            continue
        spans.append((runs[i][0], runs[j][1]))
        i = j + 1
    return spans


def _mask(text: str) -> str:
    """The text with code replaced by spaces (offsets and line breaks kept)."""
    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match[0])

    text = _FENCE.sub(blank, text)
    chars = list(text)
    for start, end in _code_spans(text):
        for k in range(start, end):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)


def scan(body: str) -> list[Ref]:
    """Every ``[[…]]`` and every link or link definition with a site-internal target.

    Links with a scheme (``https:``, ``mailto:``) are left alone: they are the job of
    :func:`values.markdown_findings`, which also reports images.
    """
    masked = _mask(body)
    refs: list[Ref] = []
    starts: list[int] = []  # of the [[…]] found, in order: a link inside one is no link
    ends: list[int] = []
    for m in _WIKI.finditer(masked):
        refs.append(Ref(m.start(), m.end(), m.start(1), body[m.start(1):m.end(1)], True,
                        body[m.start(2):m.end(2)] if m.group(2) is not None else None))
        starts.append(m.start())
        ends.append(m.end())
    for pattern, group in ((_INLINE, 2), (_DEFINITION, 1)):
        for m in pattern.finditer(masked):
            if pattern is _INLINE and m[1]:
                continue  # an image: refused by validation anyway
            inside = bisect.bisect_right(starts, m.start()) - 1
            if inside >= 0 and m.start() < ends[inside]:
                continue
            start, end = m.start(group), m.end(group)
            target = body[start:end]
            if target.startswith("<") and target.endswith(">"):
                start, end, target = start + 1, end - 1, target[1:-1]
            if not target or _SCHEME.match(target):
                continue
            refs.append(Ref(start, end, start, target, False))
    refs.sort(key=lambda r: r.start)
    return refs


def resolve(ref: Ref, known: Known) -> tuple[Target | None, str | None]:
    """What ``ref`` points to, or why it points nowhere (a message for the editor)."""
    if ref.wiki:
        ident, _, fragment = ref.source.strip().partition("#")
        for kind in KINDS:
            if ident in known.of(kind):
                return Target(kind, ident, fragment), None
        everything = [*known.associations, *known.events, *known.newsletters]
        return None, (f"link [[{ref.source}]]: there is no association, event or newsletter "
                      f"issue '{ident}'{_did_you_mean(ident, everything)}")
    path, _, fragment = ref.source.partition("#")
    if not path:
        return Target("anchor", "", fragment), None
    if path.startswith("//"):
        return None, f"link '{ref.source}': write the full address, https:{path}"
    if path.startswith("/"):
        return Target("site", path.lstrip("/"), fragment), None
    record_file = _RECORD_FILE.search(path) is not None
    if _DOMAIN.match(path) and not record_file:
        return None, (f"link '{ref.source}' does not point to a record of this directory; "
                      f"for a web address write https://{path}")
    resolved = posixpath.normpath(posixpath.join(BASE, path))
    parts = resolved.split("/")
    # Only events/ has sub-folders (by year); the other folders hold files directly.
    depth_ok = len(parts) >= 3 if parts[1:2] == ["events"] else len(parts) == 3
    if parts[0] == "directory" and parts[1:2] and parts[1] in FOLDERS and depth_ok:
        kind = FOLDERS[parts[1]]
        ident = _RECORD_FILE.sub("", parts[-1])
        if ident in known.of(kind):
            return Target(kind, ident, fragment), None
        return None, (f"link '{ref.source}': there is no {kind} '{ident}' in "
                      f"directory/{parts[1]}/{_did_you_mean(ident, known.of(kind))}")
    return None, (f"link '{ref.source}' does not point to a record of this directory; link "
                  "records as [[id]] or ../associations/<slug>.yml, ../events/<id>.yml, "
                  "<issue>.md, pages of this site as /contribute/, and anything else with a "
                  "full https:// address")


def _did_you_mean(ident: str, candidates: Collection[str]) -> str:
    from difflib import get_close_matches  # only for a broken link, not at start-up

    close = get_close_matches(ident, sorted(candidates), n=1, cutoff=0.75)
    return f"; did you mean '{close[0]}'?" if close else ""


def findings(body: str, known: Known) -> Iterator[tuple[int, str]]:
    """``(offset, message)`` for every internal link that resolves to nothing."""
    for ref in scan(body):
        _, problem = resolve(ref, known)
        if problem:
            yield ref.target, problem


def escape_label(text: str) -> str:
    """Record text used as link text, with Markdown's special characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def rewrite(body: str, known: Known, url: Callable[[Target], str],
            label: Callable[[Target], str]) -> str:
    """The body with every internal link replaced by ``url(target)``.

    ``[[id]]`` becomes ``[label](url)`` with the record's name or title as its text. A
    link that does not resolve is left as written; validation has already refused it.
    """
    out: list[str] = []
    last = 0
    for ref in scan(body):
        target, _ = resolve(ref, known)
        if target is None:
            continue
        out.append(body[last:ref.start])
        href = url(target) + (f"#{target.fragment}" if target.fragment else "")
        if ref.wiki:
            # The editor's own label is Markdown like the rest of the body; a record's
            # name is data and is escaped so that "*" or "_" in it stay characters.
            own = ref.label.strip() if ref.label else ""
            shown = own or escape_label(label(target))
            out.append(f"[{shown}](<{href}>)")
        else:
            out.append(href)
        last = ref.end
    out.append(body[last:])
    return "".join(out)
