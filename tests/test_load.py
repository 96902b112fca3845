"""The safe loader: hostile and malformed files, YAML 1.2 scalars, positions.

Every trap is a file a stranger could put into a pull request. Each must end in one
``path:line:col: error: message`` line that names the problem and the fix, quickly,
without eating memory and without crashing the interpreter.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import NEW_ASSOCIATION, NEWSLETTER_FILE, TODAY, Project
from verbund.load import LoadError, load_file, resolve_plain

CAFE = NEW_ASSOCIATION
GOOD = """\
name: Café Grenzenlos
kind: migrant-organisation
summary: {de: Ein Café für alle., en: A café for everyone.}
topics: [culture]
reviewed: 2026-10-01
"""

BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""
"""Billion laughs: 9^9 = 387 million strings once expanded."""

DEEP_FLOW = "name: " + "[" * 100_000 + "\n"
DEEP_BLOCK = "- " * 50_000 + "x\n"


EMPTY = "file is empty; write the record's fields or delete the file"
NUL = "file contains NUL bytes: it is binary, not a YAML text file; save the record as plain text"
DEEP = ("nesting is deeper than 16 levels; records need far less: check the indentation and "
        "brackets")


def error(line: int, col: int, message: str, path: str = CAFE) -> str:
    return f"{path}:{line}:{col}: error: {message}"


HOSTILE = [
    pytest.param(
        BOMB,
        [error(5, 12, "aliases expand to more than 20,000 values; write the data out without "
               "anchors and aliases")],
        id="billion-laughs",
    ),
    pytest.param(
        "name: Café Grenzenlos\nkind: alliance\nname: Café\n",
        [error(3, 1, "duplicate key 'name' (first on line 1); keep only one")],
        id="duplicate-key",
    ),
    pytest.param(
        "name: A\ncontact:\n  email: a@example.org\n  email: b@example.org\n",
        [error(4, 3, "duplicate key 'contact.email' (first on line 3); keep only one")],
        id="duplicate-nested-key",
    ),
    pytest.param(
        'name: Café\n"name": Café\n',
        [error(2, 1, "duplicate key 'name' (first on line 1); keep only one")],
        id="duplicate-key-quoted",
    ),
    pytest.param(
        "name: !!python/object/apply:os.system [echo pwned]\n",
        [error(1, 7, "name: YAML tags such as '!!python/object/apply:os.system' are not "
               "allowed; remove the tag")],
        id="python-object-tag",
    ),
    pytest.param(
        "!!python/object:__main__.Exploit\nname: x\n",
        [error(1, 1, "YAML tags such as '!!python/object:__main__.Exploit' are not allowed; "
               "remove the tag")],
        id="python-object-tag-top",
    ),
    pytest.param(
        "name: !custom Café\n",
        [error(1, 7, "name: YAML tags such as '!custom' are not allowed; remove the tag")],
        id="local-tag",
    ),
    pytest.param(
        "name: Café\ncontact: !!map {email: a@example.org}\n",
        [error(2, 10, "contact: YAML tags such as '!!map' are not allowed; remove the tag")],
        id="map-tag",
    ),
    pytest.param(
        "name: !!str 1990\n",
        [error(1, 7, "name: YAML tags such as '!!str' are not allowed; put the text in quotes "
               "instead")],
        id="str-tag",
    ),
    pytest.param(
        "contact:\n  !!binary aGk=: x\n",
        [error(2, 3, "contact: YAML tags such as '!!binary' are not allowed; remove the tag")],
        id="tag-on-key",
    ),
    pytest.param(
        "base: &base {city: Auenfurt}\ncontact:\n  <<: *base\n",
        [error(3, 3, "in contact: merge keys ('<<') are not allowed; write the fields out")],
        id="merge-key",
    ),
    pytest.param(
        "name: Café Grenzenlos\n---\nname: Café Grenzenlos\n",
        [error(2, 1, "a second YAML document ('---') starts here; one file holds one record")],
        id="two-documents",
    ),
    pytest.param("", [error(1, 1, EMPTY)], id="empty-file"),
    pytest.param("# only a comment\n\n", [error(1, 1, EMPTY)], id="only-comments"),
    pytest.param("---\n", [error(1, 1, EMPTY)], id="only-document-start"),
    pytest.param("~\n", [error(1, 1, EMPTY)], id="only-null"),
    pytest.param(
        "name: *cafe\n",
        [error(1, 7, "alias '*cafe' has no complete anchor '&cafe' before it; write the value "
               "out instead")],
        id="undefined-alias",
    ),
    pytest.param(
        "topics: &t [culture, *t]\n",
        [error(1, 22, "alias '*t' has no complete anchor '&t' before it; write the value out "
               "instead")],
        id="recursive-alias",
    ),
    pytest.param(
        "topics: [" + ", ".join(["culture"] * 20_001) + "]\n",
        # The root mapping and the list count too: item 19,999 is value 20,001.
        [error(1, len("topics: [") + 1 + len("culture, ") * 19_998,
               "more than 20,000 values in one record; no record needs that many: shorten the "
               "lists")],
        id="too-many-values",
    ),
    pytest.param(
        "- name: Café Grenzenlos\n- name: Café International\n",
        [error(1, 1, "an association file holds a mapping of fields (name: …, kind: …), but "
               "this file holds a list")],
        id="list-at-top",
    ),
    pytest.param(
        "Café Grenzenlos\n",
        [error(1, 1, "an association file holds a mapping of fields (name: …, kind: …), but "
               "this file holds a single value")],
        id="scalar-at-top",
    ),
    pytest.param(
        "? {a: 1}\n: k\n",
        [error(1, 3, "a key must be a simple word, not a list or mapping")],
        id="complex-key",
    ),
    pytest.param(
        GOOD.encode("utf-16"),
        [error(1, 1, "file is encoded as UTF-16; save it as UTF-8")],
        id="utf-16-bom",
    ),
    pytest.param(
        GOOD.encode("utf-16-le"),
        [error(1, 1, "file is encoded as UTF-16; save it as UTF-8")],
        id="utf-16-without-bom",
    ),
    pytest.param(
        GOOD.encode("latin-1"),
        [error(1, 10, "byte 0xE9 is not valid UTF-8; save the file as UTF-8 (it looks like "
               "Latin-1 or Windows-1252)")],
        id="latin-1",
    ),
    pytest.param(
        b"name: Caf\x00\x01\x02\xff\xfe junk\n",
        [error(1, 1, NUL)],
        id="nul-bytes",
    ),
    pytest.param(
        bytes(range(256)) * 4,
        [error(1, 1, NUL)],
        id="binary-junk",
    ),
    pytest.param(
        GOOD + "# " + "x" * (5 * 1024 * 1024) + "\n",
        [error(1, 1, "file is 5,243,035 bytes; a record may be at most 256 KB")],
        id="5-MB",
    ),
    pytest.param(
        'name: "Café\\x0bGrenzenlos"\n',
        [error(1, 7, "name: text contains the control character U+000B; remove it")],
        id="escaped-control-char",
    ),
    pytest.param(
        "name: Café\x0bGrenzenlos\n",
        [error(1, 11, "text contains the control character U+000B; remove it")],
        id="raw-control-char",
    ),
    pytest.param(
        "summary: {de: ä, en: äöü\x1b}\n",
        [error(1, 25, "text contains the control character U+001B; remove it")],
        id="raw-control-char-after-umlauts",
    ),
    pytest.param(
        "name: Café \u202egnissolznerG\n",
        [error(1, 7, "name: text contains the invisible bidirectional control character "
               "U+202E; remove it")],
        id="bidi-override",
    ),
    pytest.param(
        'name: "Café \\u202Egnissolznerg"\n',
        [error(1, 7, "name: text contains the invisible bidirectional control character "
               "U+202E; remove it")],
        id="escaped-bidi-override",
    ),
    pytest.param(
        "contact:\n  e\u202email: x\n",
        [error(2, 3, "in contact: a key contains the invisible bidirectional control character "
               "U+202E; remove it")],
        id="bidi-in-key",
    ),
    pytest.param(
        'name: "Café \\ud800"\n',
        [error(1, 15, "YAML syntax: found invalid Unicode character escape code while parsing "
               "a quoted scalar; write the character itself instead of a \\u escape")],
        id="lone-surrogate",
    ),
    pytest.param(
        DEEP_FLOW,
        [error(1, 22, DEEP)],
        id="100000-brackets",
    ),
    pytest.param(
        DEEP_BLOCK,
        [error(1, 33, DEEP)],
        id="50000-dashes",
    ),
    pytest.param(
        "name: Café\ncontact:\n\temail: info@example.org\n",
        [error(3, 1, "YAML syntax: found character that cannot start any token while "
               "scanning for the next token; indent with spaces, not tabs")],
        id="tab-indentation",
    ),
    pytest.param(
        "name: Café\n\tkind: alliance\n",
        [error(2, 1, "YAML syntax: found a tab character that violates indentation while "
               "scanning a plain scalar; indent with spaces, not tabs")],
        id="tab-after-value",
    ),
    pytest.param(
        "name: Café\nsummary: Wir sind: ein Verein\n",
        [error(2, 18, "YAML syntax: mapping values are not allowed in this context; put a "
               "text that contains ': ' in quotes, or check the indentation")],
        id="unquoted-colon",
    ),
    pytest.param(
        "name: @cafe\n",
        [error(1, 7, "YAML syntax: found character that cannot start any token while "
               "scanning for the next token; a text starting with @ or ` must be put in "
               "quotes")],
        id="at-sign",
    ),
    pytest.param(
        'name: "Café Grenzenlos\nkind: alliance\n',
        [error(3, 1, "YAML syntax: found unexpected end of stream while scanning a quoted "
               "scalar that starts on line 1; add the closing quote")],
        id="unclosed-quote",
    ),
    pytest.param(
        "topics: [culture, education\nkind: alliance\n",
        [error(2, 5, "YAML syntax: did not find expected ',' or ']' while parsing a flow "
               "sequence that starts on line 1; close the list with ] and separate its items "
               "with commas")],
        id="unclosed-list",
    ),
    pytest.param(
        'name: "C:\\Users\\cafe"\n',
        [error(1, 12, "YAML syntax: did not find expected hexdecimal number while parsing a "
               "quoted scalar; in double quotes a backslash starts an escape: write \\\\ or use "
               "single quotes")],
        id="backslash-in-double-quotes",
    ),
    pytest.param(
        GOOD.replace("2026-10-01", "2026-13-45"),
        [error(5, 11, "reviewed: 2026-13-45 is not a real date; check the month and day")],
        id="impossible-date",
    ),
    pytest.param(
        GOOD.replace("2026-10-01", '"2026-02-30"'),
        [error(5, 11, "reviewed: 2026-02-30 is not a real date; check the month and day")],
        id="impossible-date-quoted",
    ),
]


@pytest.mark.parametrize(("content", "expected"), HOSTILE)
def test_hostile_file(project: Project, content: str | bytes, expected: list[str]) -> None:
    started = time.perf_counter()
    assert project.check(CAFE, content, dedent=False) == expected
    assert time.perf_counter() - started < 2


def test_alias_bomb_stays_small(tmp_path: Path) -> None:
    file = tmp_path / "bomb.yml"
    file.write_text(BOMB)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(LoadError) as caught:
            load_file(file, "bomb.yml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 2
    assert peak < 8 * 1024 * 1024
    assert (caught.value.line, caught.value.col) == (5, 12)


def test_aliases_within_bounds_are_fine(tmp_path: Path) -> None:
    file = tmp_path / "a.yml"
    file.write_text("a: &x [de, en]\nb: *x\n")
    assert load_file(file, "a.yml").data == {"a": ["de", "en"], "b": ["de", "en"]}


@pytest.mark.parametrize(
    ("content", "col"),
    [
        pytest.param(DEEP_FLOW, 22, id="100000-brackets"),
        pytest.param(DEEP_BLOCK, 33, id="50000-dashes"),
        pytest.param("name: " + "{a: " * 60_000 + "\n", 67, id="60000-braces"),
    ],
)
def test_deep_nesting_does_not_crash_the_interpreter(
    project: Project, content: str, col: int
) -> None:
    """PyYAML's C composer segfaults at ~30,000 levels: prove it in a separate process."""
    project.write(CAFE, content, dedent=False)
    hooks = str(Path(__file__).resolve().parent.parent / "hooks")
    env = {**os.environ, "VERBUND_TODAY": TODAY.isoformat(),
           "PYTHONPATH": os.pathsep.join(filter(None, [hooks, os.environ.get("PYTHONPATH")]))}
    env.pop("VERBUND_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "verbund.cli", "validate", str(project.root)],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr  # a segfault would be -11
    assert result.stdout == error(1, col, DEEP) + "\n"
    assert result.stderr == "1 error, 0 warnings in the directory\n"


def test_symlink_is_refused(project: Project) -> None:
    target = project.write("elsewhere/cafe.yml", GOOD)
    (project.root / CAFE).symlink_to(target)
    assert project.problems() == [
        error(1, 1, "is a symbolic link; replace it with the file itself (a link can point "
              "outside the repository)"),
    ]


def test_named_pipe_is_refused_without_waiting(project: Project) -> None:
    (project.root / CAFE).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(project.root / CAFE)  # opening it for reading would wait for a writer
    assert project.problems() == [error(1, 1, "is not a regular file; a record is a text file")]


FAST_AND_FULL = [
    GOOD,
    "a: NO\nb: 010\nc: 1_000\nd: 0o17\ne: 0x1F\nf: 1e3\ng: .5\nh: -.inf\ni: +12\nj: ~\n"
    "k:\nl: 'true'\nm: True\nn: FALSE\no: 10:30\np: 2026-01-01\nq: .\n",
    'name: "Kunst & Kultur!"\nsummary: {de: "Tür \\u00e4 \\t Tab", en: \'It\'\'s\'}\n',
    "description:\n  de: |\n    Zeile eins\n\n    - Punkt\n  en: >\n    folded\n    text\n",
    "topics: [culture, 'education', \"x\"]\nnested: {a: [1, [2, {b: null}]], c: {}}\n",
    "list:\n- one\n- {two: 2}\n-\n- - deep\n",
    "quoted key: 1\n'single': 2\n\"double\": 3\n",
]


@pytest.mark.parametrize("text", FAST_AND_FULL)
def test_fast_composer_reads_what_the_full_one_reads(text: str) -> None:
    from verbund.load import _compose, _compose_fast

    assert _compose_fast(text) == _compose(text, 0, ({}, {}, {}, {}))


@pytest.mark.parametrize("text", [
    'name: "Kunst\\u202e & Kultur"\n',  # an escape makes a character the text has not
    "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: 1\na: 2\n", "<<: {a: 1}\n", "[a]: 1\n",
    "a: 1\n---\nb: 2\n", "a: [\n",
])
def test_fast_composer_leaves_the_unusual_to_the_full_one(text: str) -> None:
    from verbund.load import _compose_fast, _SlowPath

    with pytest.raises(_SlowPath):
        _compose_fast(text)


def test_utf8_bom_is_fine(project: Project) -> None:
    assert project.check(CAFE, b"\xef\xbb\xbf" + GOOD.encode()) == []


def test_windows_line_endings_are_fine(project: Project) -> None:
    assert project.check(CAFE, GOOD.replace("\n", "\r\n").encode()) == []
    newsletter = b"---\r\ntitle: Rundbrief\r\ndate: 2026-11-01\r\n---\r\nText\r\n\r\n<b>x</b>\r\n"
    assert project.check(NEWSLETTER_FILE, newsletter) == [
        error(7, 1, "body: contains raw HTML (<b>); use Markdown instead", NEWSLETTER_FILE),
    ]


# --- YAML 1.2 plain scalars --------------------------------------------------------


@pytest.mark.parametrize(
    ("plain", "value"),
    [
        ("true", True), ("false", False), ("True", True), ("FALSE", False),
        ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("y", "y"),
        ("NO", "NO"), ("SE", "SE"), ("Yes", "Yes"),
        ("~", None), ("null", None), ("Null", None),
        ("10:30", "10:30"), ("1:20:00", "1:20:00"),
        ("2026-12-05", "2026-12-05"), ("2026-12-05T10:00", "2026-12-05T10:00"),
        ("1990", 1990), ("-3", -3), ("+7", 7), ("01067", 1067),
        ("0o17", 15), ("0x1F", 31), ("3.5", 3.5), ("1e3", 1000.0), ("-.inf", float("-inf")),
        ("0b101", "0b101"), ("1_000", "1_000"), ("12e", "12e"),
    ],
)
def test_plain_scalars_follow_yaml_1_2(plain: str, value: object) -> None:
    result = resolve_plain(plain)
    assert result == value
    assert type(result) is type(value)


def test_countries_no_and_se_are_norway_and_sweden(tmp_path: Path) -> None:
    file = tmp_path / "a.yml"
    file.write_text("countries: [NO, SE]\nhours: 10:30\nrun: yes\npostcode: 01067\n")
    doc = load_file(file, "a.yml")
    assert doc.data == {"countries": ["NO", "SE"], "hours": "10:30", "run": "yes",
                        "postcode": 1067}
    assert doc.raw == {("postcode",): "01067"}


def test_positions_of_keys_and_values(tmp_path: Path) -> None:
    file = tmp_path / "a.yml"
    file.write_text("name: Café\ncontact:\n  address: {postcode: '34117'}\ntopics:\n  - culture\n")
    doc = load_file(file, "a.yml")
    assert doc.keys[("contact", "address")] == (3, 3)
    assert doc.values[("contact", "address", "postcode")] == (3, 23)
    assert doc.values[("topics", 0)] == (5, 5)
    assert doc.where(("contact", "address", "city")) == (3, 12)
    assert doc.where(("nowhere",)) == (1, 1)


def test_position_inside_a_literal_block(tmp_path: Path) -> None:
    file = tmp_path / "a.yml"
    file.write_text("description:\n  de: |\n    Zeile eins\n\n    Zeile <b>drei</b>\n")
    doc = load_file(file, "a.yml")
    text = doc.data["description"]["de"]
    assert doc.where_in(("description", "de"), text.index("<b>")) == (5, 11)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            "---\ntitle: Rundbrief\ndate: 2026-11-01\nsummary: Neu: alles\n---\nText\n",
            [error(4, 13, "YAML syntax: mapping values are not allowed in this context; put a "
                   "text that contains ': ' in quotes, or check the indentation",
                   NEWSLETTER_FILE)],
            id="syntax-error-line-counts-the-opening-dashes",
        ),
        pytest.param(
            "---\ntitle: Rundbrief\ndate: 2026-11-01\ntitle: Noch einer\n---\nText\n",
            [error(4, 1, "duplicate key 'title' (first on line 2); keep only one",
                   NEWSLETTER_FILE)],
            id="duplicate-key",
        ),
        pytest.param(
            "---\ntitle: Rundbrief\ndate: 2026-11-01\n---\nText\n\nMehr\x0bText\n",
            [error(7, 5, "body: text contains the control character U+000B; remove it",
                   NEWSLETTER_FILE)],
            id="control-char-in-body",
        ),
        pytest.param(
            "---\ntitle: Rundbrief\ndate: 2026-11-01\n---\n\u202eText\n",
            [error(5, 1, "body: text contains the invisible bidirectional control character "
                   "U+202E; remove it", NEWSLETTER_FILE)],
            id="bidi-in-body",
        ),
        pytest.param(
            "Nur Text, kein Vorspann.\n",
            [error(1, 1, "a newsletter issue starts with YAML front matter between two '---' "
                   "lines", NEWSLETTER_FILE)],
            id="no-front-matter",
        ),
        pytest.param(
            "---\n---\nText\n",
            [error(2, 1, "the front matter is empty; write at least title: and date:",
                   NEWSLETTER_FILE)],
            id="empty-front-matter",
        ),
    ],
)
def test_newsletter_front_matter(project: Project, content: str, expected: list[str]) -> None:
    assert project.check(NEWSLETTER_FILE, content, dedent=False) == expected
