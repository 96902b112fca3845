"""Markdown written by strangers, turned into HTML that is safe to publish.

Two layers, because either alone has failed in practice: Python-Markdown runs without
raw HTML and without ``attr_list`` (which would turn ``{ onclick=… }`` into an
attribute), then nh3 cleans the result with an explicit allowlist. nh3's defaults keep
``<img>``, and a remote image is a tracking pixel, so images are not allowed at all.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

ALLOWED_TAGS = frozenset({
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td", "del",
})  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


class _ShiftHeadings(Treeprocessor):
    """A record's headings sit inside a section of the page (its h2): ``#`` and ``##``
    become h3, deeper levels follow, so the outline never skips a level.
    """

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if re.fullmatch(r"h[1-6]", element.tag):
                element.tag = f"h{min(6, max(3, int(element.tag[1]) + 1))}"


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")
    # No raw HTML: block-level HTML and inline tags are treated as text and escaped.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_ShiftHeadings(md), "verbund-headings", 1)
    return md


_MD: markdown.Markdown | None = None

_INERT = re.compile(r"[\w ,.;:?!'\"()/%…–—„“”‘’«»\n-]*")
"""Text made of these characters alone means nothing to Python-Markdown inside a line
(``_``, a word character, is emphasis and excluded apart), and nothing to HTML: none of
them needs escaping."""
_BLANK_LINES = re.compile(r"\n{2,}")


def _paragraphs(text: str) -> str | None:
    """What Python-Markdown makes of prose without Markdown, or None where it may
    mean more than paragraphs and simple lists.

    Most record texts are such prose, and Python-Markdown tries each of its inline
    patterns on every paragraph: a fifth of rendering a national directory's pages.
    Here a text qualifies when it holds only :data:`_INERT` characters and is made of
    blocks (split at blank lines) of two kinds: paragraphs whose lines start with a
    letter, and lists whose lines all start with ``- `` and a letter. No line ends with
    a space (a line break), and no list follows a list (together they are one list of
    paragraphs). Both come out as Python-Markdown writes them; a test compares both
    ways on random texts.
    """
    if "_" in text or not _INERT.fullmatch(text):
        return None
    html = []
    listed = False
    for block in _BLANK_LINES.split(text.strip("\n")):
        lines = block.split("\n")
        is_list = all(line.startswith("- ") for line in lines)
        if is_list:
            if listed:
                return None
            lines = [line[2:] for line in lines]
        if not all(line[:1].isalpha() and not line.endswith(" ") for line in lines):
            return None
        listed = is_list
        html.append("<ul>\n" + "".join(f"<li>{line}</li>\n" for line in lines) + "</ul>"
                    if listed else f"<p>{block}</p>")
    return "\n".join(html)


def clean_html(html: str) -> str:
    """The allowlist sanitiser, for any HTML that came from record text."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(x) for k, x in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel="nofollow noopener noreferrer ugc",
        strip_comments=True,
    )


@lru_cache(maxsize=512)
def render_markdown(text: str) -> Markup:
    """Record Markdown -> sanitised HTML. One Markdown instance is reused (10% of its cost
    is construction) and reset between texts so no state leaks from one record to the next.

    The same text is shown on several pages (a profile in each language falls back to
    the one description it has; feeds and e-mail repeat an issue): the output depends on
    the text alone, so it is cached.
    """
    global _MD
    html = _paragraphs(text)
    if html is None:
        if _MD is None:
            _MD = _markdown()
        html = _MD.reset().convert(text)
    return Markup(clean_html(html))


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Remove characters XML 1.0 forbids; feeds and calendars must not break on them."""
    return _CONTROL.sub("", text)
