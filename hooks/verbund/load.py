"""Safe loading of the YAML records, keeping the line and column of every value.

Records are written by strangers, so loading must never crash, never run code and never
silently change meaning. We drive libyaml's event parser ourselves instead of using a
PyYAML constructor because that one loop gives us everything the contract needs:

* positions for every key and value, so any later rule can point at a line;
* YAML 1.2 plain scalars (only ``true``/``false`` are booleans, ``NO`` is Norway,
  ``10:30`` and dates stay text), which PyYAML's 1.1 resolver gets wrong;
* duplicate keys, merge keys, tags and extra documents as errors;
* bounded nesting and bounded alias expansion with an explicit stack: libyaml's event
  parser is a state machine, whereas PyYAML's composers recurse (the C one segfaults at
  about 30,000 levels, the Python one raises ``RecursionError``).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml import events as ev
from yaml.reader import ReaderError

try:  # libyaml is 9x faster; the pure-Python parser is the fallback, not the plan.
    from yaml._yaml import CParser as _Parser

    _BYTE_OFFSETS = True
    """libyaml reports reader errors at a UTF-8 byte offset."""
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.loader import SafeLoader as _Parser

    _BYTE_OFFSETS = False

from .problems import Problem

MAX_BYTES = 256 * 1024
"""A record with every text in five languages stays far below this."""
MAX_DEPTH = 16
"""The deepest structure the formats need is 4 levels (contact.address.street)."""
MAX_VALUES = 20_000
"""Bounds alias expansion: a "billion laughs" file stops here, long before memory runs out."""

Path_ = tuple[str | int, ...]
Pos = tuple[int, int]
Tables = tuple[dict[Path_, Pos], dict[Path_, Pos], dict[Path_, str], dict[Path_, Pos]]
"""Where a record's values and keys stand, the raw text of its non-text scalars, and
where its literal blocks start (see :class:`Document`)."""

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#103-core-schema).
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_SPECIAL_FLOAT = {
    ".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
    "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
    "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
    ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan"),
}  # fmt: skip
_NUMBER_START = frozenset("0123456789+-.")
_PLAIN_VALUES: dict[str, Any] = {
    **dict.fromkeys(_NULLS), **dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)
}
"""The plain words that are not text, for a lookup that leaves every other word as it is."""

# C0/C1 controls except tab and newline, bidi overrides and isolates, lone surrogates and
# non-characters: invisible, break XML feeds, or make text read differently than it is.
_BAD_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


_CORE_TAG = "tag:yaml.org,2002:"
"""What libyaml expands the ``!!`` tag handle to."""


def resolve_plain(text: str) -> Any:
    """Read a plain (unquoted) scalar as YAML 1.2's core schema does."""
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text[0] in _NUMBER_START:
        if _INT.match(text):
            return int(text)
        if _FLOAT.match(text):
            return float(text)
        if text in _SPECIAL_FLOAT:
            return _SPECIAL_FLOAT[text]
        if _OCT.match(text):
            return int(text[2:], 8)
        if _HEX.match(text):
            return int(text[2:], 16)
    return text


def describe_char(char: str) -> str:
    code = ord(char)
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return f"the invisible bidirectional control character U+{code:04X}"
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate U+{code:04X}"
    return f"the control character U+{code:04X}"


class LoadError(Exception):
    """A problem that stops reading one file; carries the position to report."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.col = col
        self.message = message


class Document:
    """One loaded record: its data plus where every piece of it stands in the file.

    Positions are worked out only when someone asks for one, that is, when there is a
    problem to report: most records are fine, and keeping a position for every value of
    45,000 records costs more than reading them. A class written out, not a dataclass:
    see :class:`problems.Problem`.
    """

    __slots__ = ("_tables", "body", "body_line", "data", "offset", "path", "source", "stem",
                 "text")

    def __init__(self, path: str, source: str, data: Any, body: str = "", body_line: int = 0,
                 text: str = "", offset: int = 0, tables: Tables | None = None,
                 stem: str = "") -> None:
        self.path = path
        """The path shown in messages, relative to the project root, with forward slashes."""
        self.source = source
        """The file's absolute name: a string, because 45,000 ``Path`` objects cost more to
        make and to send between processes than the records they name."""
        self.data = data
        self.body = body
        self.body_line = body_line
        """For Markdown files: the body after the front matter and the line it starts on."""
        self.text = text
        """The YAML text (front matter for Markdown), kept to find positions later."""
        self.offset = offset
        """Lines before ``text`` in the file (the front matter's opening ``---``)."""
        self._tables = tables
        self.stem = stem or _stem(source)
        """The id: the file name without its suffix."""

    def __repr__(self) -> str:
        return f"Document({self.path!r})"

    @property
    def file(self) -> Path:
        return Path(self.source)

    def _positions(self) -> Tables:
        if self._tables is None and not self.text:
            # Sent from another process without its text: read the file again.
            again = load_file(self.source, self.path, front_matter=self.source.endswith(".md"))
            self.text, self.offset = again.text, again.offset
        if self._tables is None:
            tables: Tables = ({}, {}, {}, {})
            _compose(self.text, self.offset, tables)
            self._tables = tables
        return self._tables

    def slim(self) -> Document:
        """Drop what can be recomputed (text, positions) before sending to a process."""
        self.text, self._tables = "", None
        return self

    @property
    def values(self) -> dict[Path_, Pos]:
        return self._positions()[0]

    @property
    def keys(self) -> dict[Path_, Pos]:
        return self._positions()[1]

    @property
    def raw(self) -> dict[Path_, str]:
        """Source text of plain scalars that were not read as text (numbers, booleans,
        null), so a message can quote exactly what the author wrote (``01067``)."""
        return self._positions()[2]

    @property
    def blocks(self) -> dict[Path_, Pos]:
        """Literal block scalars (``|``): where their first content line starts, so a
        finding inside a long Markdown text can point at its own line, not at the ``|``."""
        return self._positions()[3]

    def where(self, path: Path_, *, key: bool = False) -> Pos:
        """Position of a value (or its key); the nearest known ancestor if it has none."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if not key and probe in self.keys:
                return self.keys[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))

    def where_in(self, path: Path_, offset: int) -> Pos:
        """Position of character ``offset`` inside the text at ``path``.

        Exact for literal blocks, whose lines are the file's lines; any other text may
        have been folded or unescaped, so its own start is the best we can say.
        """
        block = self.blocks.get(tuple(path))
        text = self.data
        for part in path:
            text = text[part] if isinstance(text, dict | list) else None
        if block is None or not isinstance(text, str):
            return self.where(path)
        before = text[:offset]
        line = block[0] + before.count("\n")
        start = before.rfind("\n") + 1
        return line, block[1] + offset - start

    def problem(
        self, path: Path_, message: str, severity: str = "error", *, key: bool = False,
        code: str = "", at: Pos | None = None,
    ) -> Problem:
        """Report a problem at the value (or key) of ``path``, or at an explicit position."""
        line, col = at or self.where(path, key=key)
        return Problem(self.path, line, col, severity, message, code)  # type: ignore[arg-type]


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_OPEN_FLAGS = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0)
"""A link is refused by the open itself (one system call per record, not three), and a
named pipe put in the folder cannot make the reader wait forever."""
_SYMLINK = ("is a symbolic link; replace it with the file itself (a link can point outside "
            "the repository)")


def _stem(source: str) -> str:
    return os.path.splitext(os.path.basename(source))[0]


def read_bytes(file: str | os.PathLike[str]) -> bytes:
    """The bytes of a record file, which must be a regular file within the size limit."""
    if not _NOFOLLOW and os.path.islink(file):
        raise LoadError(1, 1, _SYMLINK)  # pragma: no cover - systems without O_NOFOLLOW
    try:
        fd = os.open(file, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP and os.path.islink(file):
            raise LoadError(1, 1, _SYMLINK) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(1, 1, "is not a regular file; a record is a text file")
        data = b""
        if info.st_size <= MAX_BYTES:
            while len(data) <= MAX_BYTES:
                chunk = os.read(fd, MAX_BYTES + 1 - len(data))
                if not chunk:
                    break
                data += chunk
                if len(data) >= info.st_size:  # all of it: no second call to learn so
                    break
    finally:
        os.close(fd)
    size = max(info.st_size, len(data))
    if size > MAX_BYTES:
        raise LoadError(1, 1, f"file is {size:,} bytes; a record may be at most "
                        f"{MAX_BYTES // 1024} KB")
    return data


def read_text(file: str | os.PathLike[str], display: str, data: bytes | None = None) -> str:
    """Read a record as UTF-8 text, refusing anything a volunteer's editor would not show.

    ``data`` is the file's bytes when the caller has read them already (and must judge
    exactly those, see :mod:`memo`)."""
    data = read_bytes(file) if data is None else data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(data):
        raise LoadError(1, 1, "file is encoded as UTF-16; save it as UTF-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise LoadError(line, 1, "file contains NUL bytes: it is binary, not a YAML text file; "
                        "save the record as plain text")
    try:
        # Windows line endings are normal in files edited on Windows: libyaml copes, but a
        # newsletter body is plain text where a stray "\r" would count as a control character.
        return data.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LoadError(
            line,
            col,
            f"byte 0x{data[exc.start]:02X} is not valid UTF-8; save the file as UTF-8 "
            "(it looks like Latin-1 or Windows-1252)",
        ) from None


def _looks_like_utf16(data: bytes) -> bool:
    """Recognise UTF-16 without a byte order mark: a NUL byte beside every ASCII letter.

    Saying "UTF-16" names the fix; "binary junk" would leave a volunteer lost.
    """
    head = data[:64]
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return even.count(0) == len(even) or odd.count(0) == len(odd)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)


def load_file(file: str | os.PathLike[str], display: str, *,
              front_matter: bool = False, data: bytes | None = None) -> Document:
    """Load one record; raise :class:`LoadError` with a position when it cannot be read."""
    text = read_text(file, display, data)
    body, body_line, offset = "", 0, 0
    if front_matter:
        match = _FRONT_MATTER.match(text)
        if not match:
            raise LoadError(
                1, 1, "a newsletter issue starts with YAML front matter between two '---' lines"
            )
        body = text[match.end() :]
        body_line = text.count("\n", 0, match.end()) + 1
        text, offset = match.group(1), 1
        if not text.strip():
            raise LoadError(2, 1, "the front matter is empty; write at least title: and date:")
        bad = _BAD_CHARS.search(body)
        if bad:
            # The body goes into pages and feeds as it is: the same characters that are
            # refused in YAML values would break the RSS feed here.
            before = body[: bad.start()]
            line = body_line + before.count("\n")
            col = bad.start() - (before.rfind("\n") + 1) + 1
            raise LoadError(line, col, f"body: text contains {describe_char(bad[0])}; remove it")
    try:
        data = _compose_fast(text)
    except _SlowPath:
        # Something unusual (a tag, an alias, a duplicate key, a syntax error…): the full
        # composer reports it with its position and field, or reads it if it is fine.
        tables: Tables = ({}, {}, {}, {})
        data = _compose(text, offset, tables)
        return Document(display, os.fspath(file), data, body, body_line, text, offset, tables)
    return Document(display, os.fspath(file), data, body, body_line, text, offset)


class _SlowPath(Exception):
    """The fast composer met something only the full composer may judge."""


_NO_KEY = object()
_SCALAR, _ALIAS = ev.ScalarEvent, ev.AliasEvent
_MAP_START, _SEQ_START = ev.MappingStartEvent, ev.SequenceStartEvent
_MAP_END, _SEQ_END = ev.MappingEndEvent, ev.SequenceEndEvent


def _compose_fast(text: str) -> Any:
    """The common case in one tight loop: plain data, no positions, no tags, no aliases.

    Every check of :func:`_compose` that could fail makes this give up (``_SlowPath``)
    rather than report, so the messages come from one place and the two cannot disagree
    on what is accepted.
    """
    bad_chars = _BAD_CHARS.search
    if bad_chars(text):
        raise _SlowPath
    # Without these characters no tag or anchor can be written, and only an escape in
    # double quotes can make a character the text does not contain: most records need
    # no per-value check at all.
    marked = "!" in text or "&" in text
    parser = _Parser(text)
    get = parser.get_event
    # The open collection and its pending key live in locals; the stack keeps those of
    # the enclosing collections (a list index per value costs measurably here).
    stack: list[tuple[Any, bool, Any]] = []
    container: Any = None
    is_dict = False
    key: Any = _NO_KEY
    root: Any = _NO_KEY
    count = 0
    documents = 0
    plain_value = _PLAIN_VALUES.get
    number_start = _NUMBER_START
    intern = sys.intern
    try:
        while True:
            event = get()
            kind = type(event)
            if kind is _SCALAR:
                if marked and (event.tag is not None or event.anchor is not None):
                    raise _SlowPath
                value = event.value
                style = event.style
                if style == '"' and bad_chars(value):
                    raise _SlowPath
                count += 1
                if is_dict and key is _NO_KEY:
                    # A key: a plain or quoted word, new in this mapping, not '<<'.
                    if value in container or (value == "<<" and not style):
                        raise _SlowPath
                    key = intern(value)
                    continue
                node: Any = value if style else (
                    plain_value(value, value) if value[:1] not in number_start
                    else resolve_plain(value))
            elif kind is _MAP_START or kind is _SEQ_START:
                if (marked and (event.tag is not None or event.anchor is not None)) or len(
                    stack
                ) >= MAX_DEPTH:
                    raise _SlowPath
                if is_dict and key is _NO_KEY:  # a mapping or list as a key
                    raise _SlowPath
                node = {} if kind is _MAP_START else []
                count += 1
            elif kind is _MAP_END or kind is _SEQ_END:
                container, is_dict, key = stack.pop()
                continue
            elif kind is ev.StreamEndEvent:
                break
            elif kind is ev.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _SlowPath
                continue
            elif kind is _ALIAS:
                raise _SlowPath
            else:
                continue
            # One place puts a value (scalar or new collection) where it belongs.
            if is_dict:
                container[key] = node
                key = _NO_KEY
            elif container is not None:
                container.append(node)
            elif root is _NO_KEY:
                root = node
            else:  # pragma: no cover - libyaml reports a second root itself
                raise _SlowPath
            if kind is not _SCALAR:
                stack.append((container, is_dict, key))
                container, is_dict = node, kind is _MAP_START
    except (yaml.YAMLError, ReaderError):
        raise _SlowPath from None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()
    if root is _NO_KEY or count > MAX_VALUES:
        raise _SlowPath
    return root


def _events(text: str, offset: int = 0) -> Iterator[ev.Event]:
    """Libyaml's parser events; syntax errors become a :class:`LoadError`.

    ``offset`` is the number of lines before ``text`` in the file (the front matter's
    opening ``---``), so that positions are those the author sees in the editor.
    """
    parser = _Parser(text)
    try:
        while True:
            event = parser.get_event()
            yield event
            if isinstance(event, ev.StreamEndEvent):
                return
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = _yaml_message(exc, _char_at(text, line, col), offset)
        raise LoadError(line + offset, col, message) from None
    except ReaderError as exc:
        # The reader rejects raw control characters before the parser sees them; it is
        # not a MarkedYAMLError and carries only an offset into the text.
        # libyaml counts UTF-8 bytes, the pure-Python reader counts characters.
        before = (
            text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
            if _BYTE_OFFSETS else text[: exc.position]
        )
        line = before.count("\n") + 1 + offset
        col = len(before) - (before.rfind("\n") + 1) + 1
        raise LoadError(
            line, col, f"text contains {describe_char(chr(exc.character))}; remove it"
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every libyaml error carries a mark
        raise LoadError(1, 1, f"YAML syntax: {exc}".replace("\n", " ")) from None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()


def _char_at(text: str, line: int, col: int) -> str:
    """Return the character at a 1-based line and column ('' past the end)."""
    lines = text.split("\n")
    if line > len(lines):
        return ""
    return lines[line - 1][col - 1 : col]


_UNCLOSED_HINTS = (
    ("end of stream", "quoted scalar", "; add the closing quote"),
    ("expected ',' or ']'", "", "; close the list with ] and separate its items with commas"),
    ("expected ',' or '}'", "", "; close the mapping with } and separate its items with commas"),
)


def _yaml_message(exc: yaml.MarkedYAMLError, char: str = "", offset: int = 0) -> str:
    """Libyaml's wording plus the fix a volunteer needs for the usual mistakes.

    ``char`` is the character at the error: libyaml reports a tab used for indentation
    only as "found character that cannot start any token", without naming the tab. An
    unclosed quote or bracket is found only further down (often at the end of the file),
    so the message also names the line where it was opened.
    """
    problem = exc.problem or "cannot read this YAML"
    context = f" {exc.context}" if exc.context else ""
    for found, within, fix in _UNCLOSED_HINTS:
        if found in problem and within in context:
            start, end = exc.context_mark, exc.problem_mark
            if start and end and start.line != end.line:
                context += f" that starts on line {start.line + 1 + offset}"
            return f"YAML syntax: {problem}{context}{fix}".replace("\n", " ")
    hint = ""
    if char == "\t" or "tab character" in problem:
        hint = "; indent with spaces, not tabs"
    elif "mapping values are not allowed" in problem:
        hint = "; put a text that contains ': ' in quotes, or check the indentation"
    elif char in ("@", "`") or "found character '@'" in problem or "found character '`'" in problem:
        hint = "; a text starting with @ or ` must be put in quotes"
    elif "could not find expected ':'" in problem:
        hint = "; every line in a mapping needs 'key: value' (check indentation and quotes)"
    elif "invalid Unicode character escape" in problem:
        hint = "; write the character itself instead of a \\u escape"
    elif "found unknown escape character" in problem or "hexdecimal number" in problem:
        hint = "; in double quotes a backslash starts an escape: write \\\\ or use single quotes"
    elif "unacceptable character" in problem or "special characters are not allowed" in problem:
        hint = "; remove the invisible control character"
    return f"YAML syntax: {problem}{context}{hint}".replace("\n", " ")


def _pos(event: ev.Event, offset: int) -> Pos:
    mark = event.start_mark
    return (mark.line + 1 + offset, mark.column + 1)


def field_name(path: Path_) -> str:
    """Name a field as messages do: ``('people', 0, 'email')`` -> ``people[0].email``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _prefix(path: Path_, word: str = "") -> str:
    """``"contact.email: "`` for a message about that field; nothing at the top level."""
    return f"{word}{field_name(path)}: " if path else ""


def _block_start(text: str, event: ev.ScalarEvent, offset: int) -> Pos:
    """Line and column of the first content character of a literal block scalar."""
    lines = text.split("\n")
    first = event.start_mark.line + 1  # content starts below the '|' header, line for line
    indent = 0
    for line in lines[first:]:
        if line.strip():
            indent = len(line) - len(line.lstrip(" "))
            break
    return first + 1 + offset, indent + 1


def _compose(
    text: str,
    offset: int,
    tables: Tables,
) -> Any:
    """Build plain Python data from parser events, recording positions as we go."""
    values, keys, raw, blocks = tables
    # A frame is [container, path, pending_key]; pending_key is None while a mapping
    # waits for its next key.
    stack: list[list[Any]] = []
    anchors: dict[str, tuple[Any, int]] = {}
    count = 0
    root: Any = None
    documents = 0
    seen_root = False

    def check_node(event: ev.NodeEvent, pos: Pos, path: Path_) -> None:
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, ev.ScalarEvent) and tag == "!"):
            # Show the tag as written (!!python/object), not libyaml's expanded form.
            shown = "!!" + tag.removeprefix(_CORE_TAG) if tag.startswith(_CORE_TAG) else tag
            fix = "put the text in quotes instead" if shown == "!!str" else "remove the tag"
            raise LoadError(
                *pos, f"{_prefix(path)}YAML tags such as '{shown}' are not allowed; {fix}"
            )

    for event in _events(text, offset):
        kind = type(event)
        if kind is ev.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise LoadError(
                    *_pos(event, offset),
                    "a second YAML document ('---') starts here; one file holds one record",
                )
            continue
        if kind in (ev.StreamStartEvent, ev.DocumentEndEvent, ev.StreamEndEvent):
            continue
        if kind in (ev.MappingEndEvent, ev.SequenceEndEvent):
            frame = stack.pop()
            anchor = frame[3]
            if anchor:
                anchors[anchor] = (frame[0], count - frame[4])
            continue

        pos = _pos(event, offset)
        parent = stack[-1] if stack else None
        # Is this node a mapping key?
        if parent is not None and isinstance(parent[0], dict) and parent[2] is None:
            where = _prefix(parent[1], "in ")
            if kind is not ev.ScalarEvent:
                raise LoadError(*pos, f"{where}a key must be a simple word, not a list or mapping")
            check_node(event, pos, parent[1])
            key = event.value
            if key == "<<" and not event.style:
                raise LoadError(
                    *pos, f"{where}merge keys ('<<') are not allowed; write the fields out"
                )
            bad = _BAD_CHARS.search(key)
            if bad:
                raise LoadError(*pos, f"{where}a key contains {describe_char(bad[0])}; remove it")
            path = (*parent[1], key)
            if key in parent[0] or path in keys:
                first = keys[path][0]
                raise LoadError(*pos, f"duplicate key '{field_name(path)}' (first on line "
                                f"{first}); keep only one")
            keys[path] = pos
            parent[2] = key
            continue

        if parent is None:
            if seen_root:  # pragma: no cover - libyaml reports this itself
                raise LoadError(*pos, "more than one value at the top level")
            seen_root = True
            path: Path_ = ()
        elif isinstance(parent[0], dict):
            path = (*parent[1], parent[2])
        else:
            path = (*parent[1], len(parent[0]))

        if kind is ev.AliasEvent:
            if event.anchor not in anchors:
                # Undefined, or an alias inside its own anchor (a recursive structure).
                raise LoadError(*pos, f"alias '*{event.anchor}' has no complete anchor "
                                f"'&{event.anchor}' before it; write the value out instead")
            value, size = anchors[event.anchor]
            count += size
            if count > MAX_VALUES:
                raise LoadError(
                    *pos,
                    f"aliases expand to more than {MAX_VALUES:,} values; write the data out "
                    "without anchors and aliases",
                )
            values[path] = pos
        else:
            check_node(event, pos, path)
            count += 1
            if count > MAX_VALUES:
                raise LoadError(*pos, f"more than {MAX_VALUES:,} values in one record; no record "
                                "needs that many: shorten the lists")
            values[path] = pos
            if kind is ev.ScalarEvent:
                text_value = event.value
                if not event.style:  # plain: None in PyYAML, "" in libyaml
                    value = resolve_plain(text_value)
                    if not isinstance(value, str):
                        raw[path] = text_value
                else:
                    value = text_value
                    if event.style == "|":
                        blocks[path] = _block_start(text, event, offset)
                bad = _BAD_CHARS.search(text_value)
                if bad:
                    raise LoadError(
                        *pos, f"{_prefix(path)}text contains {describe_char(bad[0])}; remove it"
                    )
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
            else:
                value = {} if kind is ev.MappingStartEvent else []
                if len(stack) >= MAX_DEPTH:
                    raise LoadError(
                        *pos, f"nesting is deeper than {MAX_DEPTH} levels; records need far "
                        "less: check the indentation and brackets"
                    )
                stack.append([value, path, None, event.anchor, count])

        if parent is None:
            root = value
        elif isinstance(parent[0], dict):
            parent[0][parent[2]] = value
            parent[2] = None
        else:
            parent[0].append(value)

    if not seen_root:
        raise LoadError(1 + offset, 1, "file is empty; write the record's fields or delete "
                        "the file")
    return root


class RawDirectory:
    """Every record file as loaded, before any rule looked at its content."""

    __slots__ = ("associations", "events", "newsletters", "problems", "root", "settings",
                 "taxonomy")

    def __init__(self, root: Path) -> None:
        self.root = root
        self.settings: Document | None = None
        self.taxonomy: Document | None = None
        self.associations: list[Document] = []
        self.events: list[Document] = []
        self.newsletters: list[Document] = []
        self.problems: list[Problem] = []


DATA_DIR = "directory"
RECORD_DIRS = {"associations": ".yml", "events": ".yml", "newsletter": ".md"}
RECORD_KINDS = {"associations": "associations", "events": "events", "newsletter": "newsletters"}
"""The list of :class:`RawDirectory` that each folder's records go to."""
KNOWN_ENTRIES = frozenset({"settings.yml", "taxonomy.yml", "logos", *RECORD_DIRS})


def display_path(root: Path, file: Path) -> str:
    """Show a path as messages do: relative to the project root, with forward slashes."""
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()


def load_one(
    root: Path, file: Path, *, front_matter: bool = False
) -> tuple[Document | None, list[Problem]]:
    """Load one file, turning every failure into a problem so the run can go on."""
    return _load_shown(file, display_path(root, file), front_matter)


def _load_shown(file: str | os.PathLike[str], display: str, front_matter: bool,
                data: bytes | None = None) -> tuple[Document | None, list[Problem]]:
    try:
        return load_file(file, display, front_matter=front_matter, data=data), []
    except LoadError as exc:
        return None, [Problem(display, exc.line, exc.col, "error", exc.message)]
    except OSError as exc:
        return None, [Problem(display, 1, 1, "error", f"cannot read file: {exc.strerror}")]


def record_files(root: Path, folder: str, problems: list[Problem]) -> dict[str, list[str]]:
    """The record files of one folder: file names by the folder they are in.

    Hidden files are skipped; sub-folders are searched too, so that a file put where it
    is not read is reported (into ``problems``) instead of silently missing from the
    site. Names with the record suffix are taken to be files without asking the file
    system (a folder so named fails when it is read): a national directory has 45,000
    names, and a question per name would cost more than checking them. :mod:`lookup`
    answers the same questions for single files and ids without listing.
    """
    suffix = RECORD_DIRS[folder]
    top = str(root / DATA_DIR / folder)
    found: dict[str, list[str]] = {}
    pending = [top]
    while pending:
        current = pending.pop()
        try:
            names = os.listdir(current)
        except OSError:
            continue
        files = [n for n in names if n.endswith(suffix) and not n.startswith(".")]
        if files and current != top and folder != "events":
            for name in sorted(files):
                problems.append(sub_folder_file(root, os.path.join(current, name), folder))
        elif files:
            found[current] = files
        for name in sorted(n for n in names if not n.endswith(suffix) and not n.startswith(".")):
            path = os.path.join(current, name)
            if is_folder(path):
                pending.append(path)
            elif problem := not_read(root, path, suffix):
                problems.append(problem)
    return found


def is_folder(path: str) -> bool:
    """A folder itself, not a link to one: the only kind of folder searched for records."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def not_read(root: Path, path: str, suffix: str) -> Problem | None:
    """What the listing reports about a name in a record folder that is neither a record
    file nor a folder it searches: a link to a folder, or a record-like file with another
    suffix (``.yaml`` for ``.yml``).

    A link to a folder is not followed, as a linked record is not read: it can point
    outside the repository, or back to a folder above it, without end.
    """
    if os.path.isdir(path):
        return Problem(display_path(root, Path(path)), 1, 1, "error",
                       "is a symbolic link to a folder; its files are not read: put the "
                       "folder itself here (a link can point outside the repository)")
    stem, ext = os.path.splitext(os.path.basename(path))
    if ext not in (".yaml", ".yml", ".md", ".markdown"):
        return None
    return Problem(display_path(root, Path(path)), 1, 1, "error",
                   f"this folder holds '{suffix}' files; rename it to '{stem}{suffix}'")


def sub_folder_file(root: Path, path: str, folder: str) -> Problem:
    """A record file in a sub-folder of a folder that has none: it is not read."""
    return Problem(display_path(root, Path(path)), 1, 1, "error",
                   f"{DATA_DIR}/{folder}/ has no sub-folders (only events/ has); this file is "
                   f"not read: move it to {DATA_DIR}/{folder}/{os.path.basename(path)}")


Listing = dict[str, dict[str, list[str]]]
"""Record file names by kind and then by the folder they are in."""


def listing_ids(listing: Listing) -> dict[str, frozenset[str]]:
    """Every record id by kind (``associations``, ``events``, ``newsletters``)."""
    ids = {}
    for folder, kind in RECORD_KINDS.items():
        cut = -len(RECORD_DIRS[folder])
        ids[kind] = frozenset([name[:cut] for names in listing[kind].values() for name in names])
    return ids


def record_ids(root: Path) -> dict[str, frozenset[str]]:
    return listing_ids({RECORD_KINDS[folder]: record_files(root, folder, [])
                        for folder in RECORD_DIRS})


def _stray_entries(root: Path) -> list[Problem]:
    """Warn about folders and record-like files in ``directory/`` that nothing reads.

    A typo such as ``directory/assocations/`` would otherwise make records vanish from
    the site without a word.
    """
    problems = []
    for entry in sorted((root / DATA_DIR).iterdir()):
        name = entry.name
        if name in KNOWN_ENTRIES or name.startswith("."):
            continue
        if not entry.is_dir() and entry.suffix not in (".yml", ".yaml", ".md", ".json"):
            continue
        from difflib import get_close_matches  # only for a stray entry, not at start-up

        close = get_close_matches(name, sorted(KNOWN_ENTRIES), n=1, cutoff=0.7)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        what = "folder" if entry.is_dir() else "file"
        problems.append(Problem(
            display_path(root, entry), 1, 1, "warning",
            f"this {what} is not read: {DATA_DIR}/ holds settings.yml, taxonomy.yml and the "
            f"folders {', '.join(sorted(RECORD_DIRS))} and logos{hint}",
        ))
    return problems


class Entry(NamedTuple):
    """A record file to be read: which list of :class:`RawDirectory` it belongs to.

    A tuple, because a national directory lists 45,000 of them every time it is checked,
    and making a tuple costs a fifth of making a dataclass.
    """

    kind: str
    """``associations``, ``events`` or ``newsletters``."""
    path: str
    """Absolute path as text (45,000 ``Path`` objects cost more than reading a record)."""
    stem: str
    """The id (file name without suffix)."""
    display: str
    """The path shown in messages (see :func:`display_path`)."""

    @property
    def file(self) -> Path:
        return Path(self.path)

    @classmethod
    def of(cls, kind: str, path: str, shown: int, suffix: str) -> Entry:
        """The entry of the record file ``path``, whose first ``shown`` characters are
        the root's name and the separator after it."""
        display = path[shown:] if os.sep == "/" else path[shown:].replace(os.sep, "/")
        return cls(kind, path, path[path.rfind(os.sep) + 1:-len(suffix)], display)


def read_settings(root: Path) -> tuple[RawDirectory, bool]:
    """Read settings.yml and taxonomy.yml, on which every record depends, and report what
    else ``directory/`` holds that nothing reads: the start of every check, of the whole
    directory or of single files. False when there is no ``directory/`` (reported)."""
    raw = RawDirectory(root)
    data = root / DATA_DIR
    if not data.is_dir():
        raw.problems.append(
            Problem(display_path(root, data), 1, 1, "error", "no 'directory/' folder here; "
                    "run the command in the project root or pass the root as an argument")
        )
        return raw, False
    raw.problems.extend(_stray_entries(root))
    for name in ("settings", "taxonomy"):
        file = data / f"{name}.yml"
        if not file.exists() and not file.is_symlink():
            raw.problems.append(
                Problem(display_path(root, file), 1, 1, "error",
                        f"{name}.yml is missing; every directory needs one")
            )
            continue
        doc, problems = load_one(root, file)
        setattr(raw, name, doc)
        raw.problems.extend(problems)
    return raw, True


def list_records(root: Path) -> tuple[RawDirectory, list[Entry], Listing]:
    """Read settings and taxonomy, and list every record file without reading it: the
    entries to read and the names of all record files.

    Listing first lets a caller know every id before reading any record, so that
    references can be checked in parallel.
    """
    raw, found_data = read_settings(root)
    entries: list[Entry] = []
    listing: Listing = {kind: {} for kind in RECORD_KINDS.values()}
    if not found_data:
        return raw, entries, listing
    shown = len(str(root)) + 1
    for folder, suffix in RECORD_DIRS.items():
        kind = RECORD_KINDS[folder]
        found = listing[kind] = record_files(root, folder, raw.problems)
        for path in sorted(current + os.sep + name for current, names in found.items()
                           for name in names):
            entries.append(Entry.of(kind, path, shown, suffix))
    return raw, entries, listing


def load_entry(entry: Entry, data: bytes | None = None) -> tuple[Document | None, list[Problem]]:
    return _load_shown(entry.path, entry.display, entry.kind == "newsletters", data)


def load_directory(root: Path) -> RawDirectory:
    """Load settings, taxonomy and every record under ``root/directory``."""
    raw, entries, _ = list_records(root)
    for entry in entries:
        doc, problems = load_entry(entry)
        raw.problems.extend(problems)
        if doc is not None:
            getattr(raw, entry.kind).append(doc)
    return raw
