"""Record Markdown: prose without Markdown takes a short way, and comes out exactly as
Python-Markdown writes it."""

from __future__ import annotations

import random

import pytest
from sitetools import REPO
from verbund import text
from verbund.load import load_file

WORDS = ["Verein", "treffen", "uns", "Çay", "sohbet", "жить", "تعلم", "école", "straße",
         "a", "B", "2026", "1", "தமிழ்"]
GLUE = [" ", " ", " ", " ", ", ", ". ", "! ", "? ", ": ", "; ", " – ", "—", " (", ") ", " „",
        "“ ", "'", '"', " / ", " % ", "…", "-", "«", "»", "\n", "\n", "\n\n", "\n\n\n",
        "  \n", " \n", "  ", "\n\n\n\n", "\n- ", "\n- ", "\n\n- ", "\n\n- ", "\n-  ", "\n\n-"]
RISKY = [*"_*#[]<>&`\\|=+~{}!\t\r", "\n1. ", "\n2) ", "\n* ", "\n    ", "\n# ",
         "\n> ", "\n===\n", "\n---\n", "\n***\n", "\u00a0", "\x02", "&amp;", "<http://a.b>",
         "[a](b)", "a|b\n-|-\n", "\n "]


def random_texts(count: int, seed: int) -> list[str]:
    """Words and what comes between them, now and then something that means something
    to Markdown (a list, a heading, a line break, emphasis, a link, raw HTML…)."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(0, 16)):
            parts += (rng.choice(WORDS), rng.choice(RISKY if rng.random() < 0.04 else GLUE))
        texts.append("".join(parts[:rng.randint(0, len(parts))]))
    return texts


def record_texts() -> list[str]:
    """Every description and summary of the demo directory, in every language."""
    found = []
    for path in sorted((REPO / "directory").rglob("*.yml")):
        data = load_file(path, path.name).data
        if isinstance(data, dict):
            for key in ("description", "summary"):
                value = data.get(key)
                found += value.values() if isinstance(value, dict) else [value] if value else []
    return [x for x in found if isinstance(x, str)]


@pytest.mark.parametrize("texts", [random_texts(20_000, 7), record_texts()],
                         ids=["random", "demo"])
def test_the_short_way_gives_what_python_markdown_gives(texts: list[str]) -> None:
    md = text._markdown()
    taken = 0
    for source in texts:
        short = text._paragraphs(source)
        if short is not None:
            taken += 1
            assert short == md.reset().convert(source), repr(source)
    assert taken >= len(texts) // 10  # the comparison ran on many texts


@pytest.mark.parametrize("source", [
    "- a\n\n- b", "a\n- b", "- a\nb", "- a\n  b", "-  a", "- 1", "* a", "1. a", "a\n2. b",
    "a  \nb", "# a", "a\n===", "a\n---", "*a*", "a_b_",
    "<b>a</b>", "a & b", "    code", "a | b\n--|--", "> a", "[a](https://example.org)",
    "a\\b", "`a`", " a", "a ", "\ta", "a\n\n a", "", "\n\n", "2026 feiern wir",
])
def test_texts_that_may_hold_markdown_go_to_python_markdown(source: str) -> None:
    assert text._paragraphs(source) is None


@pytest.mark.parametrize(("source", "html"), [
    ("Wir treffen uns.", "<p>Wir treffen uns.</p>"),
    ("Wir treffen uns\njeden Montag.\n", "<p>Wir treffen uns\njeden Montag.</p>"),
    ("\nErster Absatz.\n\n\n\nZweiter (mit „Zitat“) – 100 % sicher!\n",
     "<p>Erster Absatz.</p>\n<p>Zweiter (mit „Zitat“) – 100 % sicher!</p>"),
    ("Çay ve sohbet: her cuma.", "<p>Çay ve sohbet: her cuma.</p>"),
    ("Wir bieten:\n\n- Beratung\n- Sprachkurse, dienstags\n\nKommen Sie vorbei.",
     "<p>Wir bieten:</p>\n<ul>\n<li>Beratung</li>\n<li>Sprachkurse, dienstags</li>\n</ul>\n"
     "<p>Kommen Sie vorbei.</p>"),
    ("- a\n\nb\n\n- c", "<ul>\n<li>a</li>\n</ul>\n<p>b</p>\n<ul>\n<li>c</li>\n</ul>"),
])
def test_prose_takes_the_short_way(source: str, html: str) -> None:
    assert text._paragraphs(source) == html
    assert str(text.render_markdown(source)) == html

