"""What a pull request changes, in plain words, and whether its author owns those records.

GitHub's CODEOWNERS cannot say "the people of this association own this file" (code
owners need write access to the repository), so ownership is read from the records:
an association's ``maintainers`` on the *base* branch decide who may change it, and an
event belongs to the maintainers of its organisers. The base branch is what counts,
because a pull request could otherwise add its own author as a maintainer.

Everything read from the pull request is data: files are read with ``git show`` and the
safe loader, never checked out or run. Texts from records are escaped before they go
into Markdown, so a name cannot mention people or inject links into a summary.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .load import DATA_DIR, LoadError, load_file

LABEL_OWNED = "maintainer-change"
LABEL_REVIEW = "editorial-review"
GITHUB_USER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\Z")


class ReviewError(Exception):
    """Git could not answer (an unknown ref, not a repository): reported in one line."""


def git(root: Path, *args: str) -> bytes:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False,
                            timeout=120)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReviewError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return result.stdout


@dataclass(frozen=True)
class Change:
    status: str
    """A (added), M (modified), D (deleted), or another letter of ``git diff``."""
    path: str


def changed_files(root: Path, base: str, head: str = "HEAD") -> list[Change]:
    """Files that differ between the merge base of ``base`` and ``head``, and ``head``."""
    out = git(root, "diff", "--name-status", "--no-renames", "-z", f"{base}...{head}", "--")
    parts = out.decode("utf-8", "replace").split("\0")
    changes = []
    for status, path in zip(parts[0::2], parts[1::2], strict=False):
        if status and path:
            changes.append(Change(status[0], path))
    return changes


def read_at(root: Path, ref: str, path: str) -> str | None:
    """A file's text at ``ref``, or None where it does not exist (or is not UTF-8)."""
    try:
        return git(root, "show", f"{ref}:{path}").decode("utf-8")
    except (ReviewError, UnicodeDecodeError):
        return None


def parse(text: str | None, path: str) -> Any:
    """Record data from a text with Verbund's safe loader; None when it cannot be read."""
    if text is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / PurePosixPath(path).name
        file.write_text(text, "utf-8")
        try:
            return load_file(file, path, front_matter=path.endswith(".md")).data
        except (LoadError, OSError):
            return None


# --- plain words -----------------------------------------------------------------------

FIELD_WORDS = {
    "name": "the name", "short_name": "the short name", "kind": "the kind",
    "summary": "the summary", "description": "the description", "topics": "the topics",
    "countries": "the countries", "languages": "the languages", "offers": "the offers",
    "seeks": "what it is looking for", "member_of": "the memberships",
    "founded": "the founding year", "members": "the number of members",
    "volunteer_run": "whether it is volunteer-run", "contact.website": "the website",
    "contact.email": "the email", "contact.phone": "the phone number",
    "contact.address": "the address", "contact.geo": "the map position",
    "contact.opening_hours": "the opening hours", "contact.social": "the social media links",
    "contact": "the contact details", "people": "the contact persons", "logo": "the logo",
    "status": "the status", "reviewed": "the confirmation date",
    "maintainers": "the maintainers", "title": "the title", "start": "the start",
    "end": "the end", "timezone": "the time zone", "repeat": "the repetition",
    "except": "the exceptions", "organizers": "the organisers", "format": "the format",
    "location.online": "the online link", "location": "the location",
    "registration": "the registration", "cost": "the cost",
    "accessibility": "the accessibility", "date": "the date",
}


def md(text: Any) -> str:
    """Escape record text for Markdown: every ASCII punctuation mark, and line breaks."""
    flat = " ".join(str(text).split())
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", flat)


def code(text: str) -> str:
    flat = " ".join(text.split())
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", flat)), default=0) + 1)
    return f"{ticks} {flat} {ticks}" if "`" in flat else f"`{flat}`"


def join_words(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def diff_paths(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """Fields whose values differ; ``contact`` and ``location`` one level deeper, and
    texts per language count as one field."""
    paths: list[str] = []
    for key in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if key in ("contact", "location") and isinstance(a, dict) and isinstance(b, dict):
            paths += [f"{key}.{k}" for k in [*a, *(k for k in b if k not in a)]
                      if a.get(k) != b.get(k)]
        else:
            paths.append(str(key))
    return paths


def _words(paths: Iterable[str]) -> list[str]:
    words: list[str] = []
    for path in paths:
        probe = path
        while probe and probe not in FIELD_WORDS:
            probe = probe.rpartition(".")[0]
        word = FIELD_WORDS.get(probe) or f"the field {path}"
        if word not in words:
            words.append(word)
    return words


def _text(value: Any) -> str:
    if isinstance(value, dict):
        value = next((x for x in value.values() if isinstance(x, str)), "")
    return value if isinstance(value, str) else ""


def describe(change: Change, old: Any, new: Any) -> str:
    """One change in plain words: "adds association X", "changes the email of Y"."""
    parts = PurePosixPath(change.path).parts
    folder = parts[1] if len(parts) > 2 and parts[0] == DATA_DIR else ""
    data = new if change.status != "D" else old
    if folder == "associations" and parts[-1].endswith(".yml"):
        what, title = "association", _text(data.get("name")) if isinstance(data, dict) else ""
    elif folder == "events" and parts[-1].endswith(".yml"):
        what, title = "event", _text(data.get("title")) if isinstance(data, dict) else ""
    elif folder == "newsletter" and parts[-1].endswith(".md"):
        what, title = "newsletter issue", _text(data.get("title")) if isinstance(data, dict) \
            else ""
    elif folder == "logos":
        verb = {"A": "adds", "D": "removes"}.get(change.status, "changes")
        return f"{verb} the logo {code(parts[-1])}"
    elif change.path in (f"{DATA_DIR}/settings.yml", f"{DATA_DIR}/taxonomy.yml"):
        keys = sorted(diff_paths(old if isinstance(old, dict) else {},
                                 new if isinstance(new, dict) else {}))
        name = "settings" if change.path.endswith("settings.yml") else "vocabularies"
        listed = f" ({', '.join(code(k) for k in keys)})" if keys else ""
        return f"changes the {name}{listed}"
    else:
        verb = {"A": "adds", "D": "removes"}.get(change.status, "changes")
        return f"{verb} {code(change.path)} (not a record)"
    named = f"**{md(title)}**" if title else code(parts[-1])
    if change.status == "A":
        when = ""
        if what == "event" and isinstance(data, dict) and isinstance(data.get("start"), str):
            when = f" on {md(data['start'].replace('T', ' '))}"
        return f"adds {what} {named}{when}"
    if change.status == "D":
        return f"removes {what} {named}"
    if not isinstance(old, dict) or not isinstance(new, dict):
        return f"changes {what} {named} (the file cannot be read: see the check's annotations)"
    paths = diff_paths(old, new)
    if what == "event" and old.get("status") != new.get("status") and \
            new.get("status") in ("cancelled", "postponed"):
        rest = [p for p in paths if p != "status"]
        verb = "cancels" if new["status"] == "cancelled" else "postpones"
        also = f" and changes {join_words(_words(rest))}" if rest else ""
        return f"{verb} {what} {named}{also}"
    if paths == ["reviewed"]:
        return f"confirms the profile of {named}"
    confirmed = " and confirms it" if "reviewed" in paths else ""
    words = _words(p for p in paths if p != "reviewed")
    if not words:
        return f"reformats {what} {named} (no change in content)"
    of = "of" if what == "association" else f"of {what}"
    return f"changes {join_words(words)} {of} {named}{confirmed}"


# --- ownership -------------------------------------------------------------------------


def _maintainers(data: Any) -> set[str]:
    items = data.get("maintainers") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return set()
    return {x.removeprefix("@").casefold() for x in items if isinstance(x, str)}


@dataclass
class FileOwnership:
    path: str
    owned: bool
    reason: str


@dataclass
class Review:
    """The summary of one pull request."""

    author: str
    lines: list[str] = field(default_factory=list)
    files: list[FileOwnership] = field(default_factory=list)

    @property
    def owned(self) -> bool:
        return bool(self.files) and all(f.owned for f in self.files)

    @property
    def label(self) -> str:
        return LABEL_OWNED if self.owned else LABEL_REVIEW


def review(root: Path, base: str, head: str = "HEAD", author: str = "") -> Review:
    """Describe a pull request and decide ownership from the base branch's maintainers."""
    author = author.strip().removeprefix("@")
    result = Review(author)
    base_cache: dict[str, Any] = {}

    def at_base(path: str) -> Any:
        if path not in base_cache:
            base_cache[path] = parse(read_at(root, base, path), path)
        return base_cache[path]

    def maintains(slug: Any) -> bool:
        if not isinstance(slug, str) or not re.fullmatch(r"[a-z0-9-]{3,64}", slug):
            return False
        return author.casefold() in _maintainers(at_base(f"{DATA_DIR}/associations/{slug}.yml"))

    for change in changed_files(root, base, head):
        old = at_base(change.path) if change.status != "A" else None
        new = parse(read_at(root, head, change.path), change.path) \
            if change.status != "D" else None
        result.lines.append(describe(change, old, new))
        result.files.append(_owner(change, old, new, author, maintains))
    return result


def _owner(change: Change, old: Any, new: Any, author: str, maintains: Any) -> FileOwnership:
    parts = PurePosixPath(change.path).parts
    folder = parts[1] if len(parts) > 2 and parts[0] == DATA_DIR else ""
    if not author or author.endswith("[bot]"):
        return FileOwnership(change.path, False, "changed by a bot or an unknown author")
    if folder == "associations" and change.path.endswith(".yml"):
        if change.status == "A":
            return FileOwnership(change.path, False, "a new association")
        owned = author.casefold() in _maintainers(old)
        return FileOwnership(change.path, owned, "a maintainer" if owned
                             else "not among its maintainers")
    if folder == "events" and change.path.endswith(".yml"):
        # A changed event must stay with the author's association before and after.
        versions = [x for x in (old, new) if x is not None]
        owned = bool(versions) and all(
            isinstance(x, dict) and isinstance(x.get("organizers"), list)
            and any(maintains(s) for s in x["organizers"]) for x in versions
        )
        return FileOwnership(change.path, owned, "maintains an organiser" if owned
                             else "not a maintainer of its organisers")
    return FileOwnership(change.path, False, "not an association or event record")


def markdown(result: Review) -> str:
    """The job summary: what changes, and who owns it."""
    out = ["## Was sich ändert / What this pull request changes", ""]
    out += [f"- {line}" for line in result.lines] or ["- nothing in this repository changes"]
    out += ["", "## Zuständigkeit / Ownership", ""]
    who = code("@" + result.author) if result.author else "the author"
    if result.owned:
        out.append(f"✅ {who} maintains every record this pull request changes "
                   f"(label `{LABEL_OWNED}`).")
    else:
        out.append(f"⚠️ Editorial review needed (label `{LABEL_REVIEW}`): {who} is not a "
                   "listed maintainer of every changed file.")
        out += [""] + [f"- {code(f.path)}: {f.reason}" for f in result.files if not f.owned]
    out += ["", "_Maintainers are read from the base branch. The label is set by the "
            "ownership workflow, which runs trusted code only._", ""]
    return "\n".join(out)


def as_json(result: Review) -> str:
    return json.dumps({
        "author": result.author, "owned": result.owned, "label": result.label,
        "changes": result.lines,
        "files": [{"path": f.path, "owned": f.owned, "reason": f.reason} for f in result.files],
    }, ensure_ascii=False, indent=2)


# --- reminders -------------------------------------------------------------------------

MARKER = "<!-- verbund:stale-profiles -->"


def _mention(name: Any) -> str:
    name = str(name).removeprefix("@")
    return f"@{name}" if GITHUB_USER.match(name) else code(name)


def reminder(stale: Sequence[Mapping[str, Any]], site_url: str, repo_url: str,
             months: int | None = None) -> tuple[str, str | None]:
    """The body of the tracking issue and, when maintainers are known, a comment that
    mentions them (GitHub notifies mentions in new comments, not in edited bodies)."""
    site = site_url.rstrip("/") + "/"
    repo = repo_url.rstrip("/")
    limit = f"{months} " if months else ""
    lines = [
        MARKER,
        f"Diese Profile wurden seit mehr als {limit}Monaten nicht bestätigt. Bitte prüfen Sie "
        "Ihr Profil und bestätigen oder ändern Sie es über den Link „Bestätigen“.",
        "",
        f"*These profiles have not been confirmed for more than {limit}months. Please check "
        "your profile and confirm or change it with the “Confirm” link.*",
        "",
    ]
    if not stale:
        lines.append("✅ Alle Profile sind bestätigt. / All profiles are confirmed.")
        return "\n".join(lines) + "\n", None
    lines += ["| Profil / Profile | Bestätigt / Confirmed | Betreuende / Maintainers | |",
              "| --- | --- | --- | --- |"]
    mentioned: list[str] = []
    for item in stale:
        slug = str(item.get("slug", ""))
        if not re.fullmatch(r"[a-z0-9-]{3,64}", slug):
            continue
        who = [_mention(m) for m in item.get("maintainers") or []]
        mentioned += [m for m in who if m.startswith("@") and m not in mentioned]
        confirm = (f"{repo}/issues/new?template=update-association.yml"
                   f"&title=Update:+{slug}&slug={slug}")
        name = md(item.get("name", slug))  # escapes | too, which a table needs
        lines.append(
            f"| [{name}]({site}directory/{slug}/) | {md(item.get('reviewed', ''))} "
            f"({int(item.get('months', 0))}) | {' '.join(who) or '–'} | "
            f"[Bestätigen / Confirm]({confirm}) |"
        )
    lines += ["", f"{len(stale)} Profile / profiles."]
    note = None
    if mentioned:
        note = (f"Erinnerung / Reminder: {' '.join(mentioned)} – bitte bestätigen Sie Ihre "
                "Profile in der Liste oben. / please confirm your profiles listed above.\n")
    return "\n".join(lines) + "\n", note
