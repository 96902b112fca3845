"""The directory's search index for large directories ("index mode").

A directory of a town (40 records) is served whole: every entry is in the HTML of
``/directory/`` and the finder in ``verbund.js`` filters the DOM. A national directory
(15,000 records) cannot be: that page would weigh 2 MB gzipped. Above
:data:`INDEX_THRESHOLD` records the server renders the list in pages of
:data:`PAGE_SIZE` (``/directory/``, ``/directory/page/2/`` …, which work without
JavaScript), and the finder (``finder-index.js``) answers queries from static files
that it fetches only when a visitor searches or filters:

``directory/index/facets.json``
    ``{"n": N, "card_shard": 25, "text": [prefixes…], "facets": {facet: {value: ids}}}``.
    Every facet value with the ids of its members. Counts and results need all facets
    at once, so they are one file (about 100 KB gzipped at 15,000 records).
``directory/index/text/<k>.json``
    ``{"t": {token: ids}, "u": ids}``: the folded tokens (name, short name, summary in
    every language) whose prefix is ``text[k]``. Shards are cut along a prefix tree
    (:func:`text_shards`): a prefix with too many tokens is split by the next
    character, so every query word needs exactly one shard whatever the data. A split
    prefix keeps the union of everything below it (``u``), which answers a query word
    equal to the prefix without fetching the children.
``directory/index/cards/<lang>/<k>.json``
    ``[[slug, name, meta, summary, summary_lang, rtl, status], …]`` for ids
    ``k * 25`` to ``k * 25 + 24``: what a result card shows, in the page's language.

An id is the record's position in ``Directory.associations`` (sorted as the list
shows them), so results come out in list order by sorting ids. Id lists are sorted
and encoded as gaps in a base-32 variable-length code of URL-safe characters (one
character for a gap under 32), or — when that is longer — as a base64 bitset prefixed
with ``~``. Free text matches word prefixes (``bharat`` finds ``Bharatanatyam``); the
whole-list (DOM) mode matches any substring: that is the one difference.

The folders ``directory/index/`` and ``directory/page/`` can share their names with
profiles (slugs ``index``, ``page``) without clashing: a profile is only the
``index.html`` and ``events.ics`` of its folder, and neither folder holds such files.

Everything here is plain Python over the model; the producer in :mod:`pages` turns it
into assets and pages.
"""

from __future__ import annotations

import base64
import gc
import hashlib
import json
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from itertools import accumulate, chain, pairwise
from typing import Any

from . import values as v
from .model import Association, Directory, kept

INDEX_THRESHOLD = 300
"""Above this many associations the directory runs in index mode. Up to it, the whole
list is in the page (300 entries are about 45 KB gzipped) and filtering is instant
without any further request."""
PAGE_SIZE = 50
"""Entries per server-rendered list page in index mode."""
CARD_SHARD = 25
"""Cards per card file. Results are spread over the list, so a page of 20 results may
touch 20 card files (:data:`RESULTS_STEP`): small files keep that worst case near 40 KB
gzipped at 15,000 records, where 50 per file would be 70 KB."""
RESULTS_STEP = 20
"""Results the finder shows at first and adds with each "show more"."""
TEXT_SHARD_BYTES = 24_000
"""A text shard above this size (uncompressed) is split by the next character."""
INDEX_DIR = "directory/index/"
FACETS_FILE = "facets.json"

_FINAL = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
"""Digit values 0-31 of the last digit of a number; the other digits use _MORE."""
_MORE = "0123456789abcdefghijklmnopqrstuv"
_FINAL_VALUE = {c: i for i, c in enumerate(_FINAL)}
_MORE_VALUE = {c: i for i, c in enumerate(_MORE)}


def _varint(n: int) -> str:
    digits = [_FINAL[n & 31]]
    n >>= 5
    while n:
        digits.append(_MORE[n & 31])
        n >>= 5
    return "".join(reversed(digits))


@cache
def _codes() -> list[str]:
    """The code of ``id - previous - 1`` at index ``id - previous``, for ids below
    32,768: looked up rather than computed (built on first use, which a CLI run
    validating one file never reaches)."""
    return ["", *(_varint(n) for n in range(1 << 15))]


def encode_ids(ids: Sequence[int], n: int) -> str:
    """A sorted list of distinct ids below ``n`` as a short JSON-safe string.

    Gaps (``id - previous - 1``) in a variable-length base-32 code; a value shared by
    most records (status ``active``) is shorter as a bitset, so the shorter form wins.
    """
    if n <= 32768:  # every gap is in the table: let C loops do the work
        codes = _codes()
        gaps = "".join(map(codes.__getitem__, map(int.__sub__, ids, [-1, *ids])))
    else:
        gaps = "".join(_varint(i - prev - 1) for prev, i in pairwise([-1, *ids]))
    if len(gaps) <= (n + 7) // 8 * 4 // 3:
        return gaps
    bits = bytearray((n + 7) // 8)
    for i in ids:
        bits[i >> 3] |= 1 << (i & 7)
    return "~" + base64.b64encode(bytes(bits)).decode("ascii")


def decode_ids(text: str) -> list[int]:
    """The inverse of :func:`encode_ids` (the browser has its own, in finder-index.js)."""
    if text.startswith("~"):
        bits = base64.b64decode(text[1:])
        return [k * 8 + b for k, byte in enumerate(bits) if byte for b in range(8)
                if byte >> b & 1]
    ids = []
    prev = -1
    value = 0
    for char in text:
        if char in _MORE_VALUE:
            value = value * 32 + _MORE_VALUE[char]
            continue
        prev += value * 32 + _FINAL_VALUE[char] + 1
        ids.append(prev)
        value = 0
    return ids


# --- free text ---------------------------------------------------------------------

_MARKS = re.compile("[\u0300-\u036f]+")


def fold(text: str) -> str:
    """Fold text as the browser's finder does: NFKD, drop U+0300–U+036F, lower case."""
    return _MARKS.sub("", unicodedata.normalize("NFKD", text)).lower()


@cache
def _word_pattern(marks: str) -> re.Pattern[str]:
    extra = f"|[{re.escape(marks)}]" if marks else ""
    return re.compile(f"(?:[^\\W_]{extra})+")


def word_pattern(text: str) -> re.Pattern[str]:
    """Words as the browser splits them, ``/[\\p{L}\\p{N}\\p{M}]+/u``, for ``text``.

    Python's ``\\w`` has letters and digits but no marks, which would cut Tamil or
    Hindi words at their vowel signs; so the marks that occur in ``text`` are added.
    """
    marks = "".join(sorted(c for c in set(text) if not c.isascii()
                           and unicodedata.category(c)[0] == "M"))
    return _word_pattern(marks)


def tokens(text: str) -> list[str]:
    """The words of ``text`` as the index stores them (folded)."""
    folded = fold(text)
    return word_pattern(folded).findall(folded)


def searchable_text(a: Association) -> str:
    """What free text searches: name, short name and the summary in every language."""
    return " ".join((a.name, a.short_name or "", *a.summary.values()))


def record_tokens(a: Association) -> tuple[str, ...]:
    """The distinct folded words of what free text searches in ``a``, in order; kept with
    the record's object (:func:`model.kept`, see :func:`prepare`)."""
    return kept(a, "tokens", partial(_distinct_tokens, a))


def _distinct_tokens(a: Association) -> tuple[str, ...]:
    return tuple(dict.fromkeys(tokens(searchable_text(a))))


def token_postings(associations: Sequence[Association]) -> dict[str, list[int]]:
    """Folded token -> sorted ids of the records that contain it."""
    postings: dict[str, list[int]] = {}
    get = postings.get
    for i, a in enumerate(associations):
        for word in record_tokens(a):
            ids = get(word)
            if ids is None:
                postings[word] = [i]
            else:
                ids.append(i)
    return postings


@dataclass
class TextShard:
    """One text file: the tokens under ``prefix`` that no longer prefix has a file for."""

    prefix: str
    tokens: dict[str, str] = field(default_factory=dict)
    union: str | None = None
    """For a split prefix: the ids of every token below it (a query word equal to it)."""

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {"t": self.tokens}
        if self.union is not None:
            data["u"] = self.union
        return data


def text_shards(postings: dict[str, list[int]], n: int,
                limit: int = TEXT_SHARD_BYTES) -> list[TextShard]:
    """Cut the tokens into shards along a prefix tree, none much above ``limit`` bytes.

    Tokens sorted by code point put every prefix's tokens in one run, so sizes of a
    prefix are differences of running sums. A prefix whose run is too large gets a file
    of its own (the token equal to it, and the union of everything below) and one child
    per next character; the root is the empty prefix. A leaf that is one long token
    list, e.g. ``verein`` in most names, stays one shard whatever its size.
    """
    words = sorted(postings)
    codes = _codes()
    encoded = [codes[ids[0] + 1] if len(ids) == 1 and n <= 32768 else encode_ids(ids, n)
               for ids in map(postings.__getitem__, words)]
    sizes = [0, *accumulate(map(int.__add__, map(len, words), map(len, encoded)))]
    sizes = [s + 6 * k for k, s in enumerate(sizes)]  # quotes, colon, comma
    shards: list[TextShard] = []

    def visit(prefix: str, lo: int, hi: int) -> set[int]:
        """Add the shards of ``prefix``; return the ids of all its tokens."""
        if sizes[hi] - sizes[lo] <= limit or hi - lo == 1:
            shards.append(TextShard(prefix, dict(zip(words[lo:hi], encoded[lo:hi], strict=True))))
            return set(chain.from_iterable(map(postings.__getitem__, words[lo:hi])))
        shard = TextShard(prefix)
        shards.append(shard)
        depth = len(prefix)
        start = lo
        below: set[int] = set()
        if words[lo] == prefix:  # the prefix itself is a word: it stays here
            shard.tokens[prefix] = encoded[lo]
            below.update(postings[prefix])
            start = lo + 1
        while start < hi:
            child = words[start][:depth + 1]
            end = bisect_left(words, child + "\U0010ffff", start, hi)
            below |= visit(child, start, end)
            start = end
        if prefix:
            shard.union = encode_ids(sorted(below), n)
        return below

    visit("", 0, len(words))
    return shards


# --- facets and cards ----------------------------------------------------------------


FacetValues = Callable[[Association], Mapping[str, Sequence[str]]]
"""A record's values per facet (``pages.facet_values``: the list and the index agree)."""


def facet_postings(associations: Iterable[Association],
                   facet_values: FacetValues) -> dict[str, dict[str, list[int]]]:
    """Facet -> value -> sorted ids, for every value that occurs."""
    result: dict[str, dict[str, list[int]]] = {}
    for i, a in enumerate(associations):
        for facet, values in kept(a, facet_values, partial(facet_values, a)).items():
            postings = result.setdefault(facet, {})
            for value in values:
                postings.setdefault(value, []).append(i)
    return result


def card(a: Association, kind_label: str, lang: str, fallbacks: tuple[str, ...]) -> list[Any]:
    """What a result card shows: the same fields as the list's card macro."""
    district = a.contact.address.district if a.contact.address else None
    text_lang, summary = a.summary.pick(lang, fallbacks)
    other = text_lang if text_lang and text_lang != lang else ""
    return [a.slug, a.name, kind_label + (f" · {district}" if district else ""), summary,
            other, 1 if other and v.is_rtl(other) else 0,
            "" if a.status == "active" else a.status]


def _card(a: Association, kind_label: str, lang: str, fallbacks: tuple[str, ...]
          ) -> list[Any]:
    return kept(a, ("card", kind_label, lang, fallbacks),
                partial(card, a, kind_label, lang, fallbacks))


def prepare(directory: Directory, facet_values: FacetValues) -> None:
    """Make what the index takes of each association ahead, in this process, where it
    is kept with the record's object (:func:`model.kept`): under ``mkdocs serve`` the
    index is made after every edit by a process forked from this one, which then finds
    all but the edited record's words, facets and cards made (a third of its work)."""
    languages = directory.settings.languages
    kinds = directory.taxonomy.vocabulary("kinds")
    labels = {lang: {kind: term.label(lang, languages) for kind, term in kinds.items()}
              for lang in languages}
    for a in directory.associations:
        record_tokens(a)
        kept(a, facet_values, partial(facet_values, a))
        for lang in languages:
            _card(a, labels[lang].get(a.kind, a.kind), lang, languages)


@dataclass(frozen=True)
class IndexFiles:
    """The index as files (path -> bytes) and the version the page asks for."""

    files: dict[str, bytes]
    version: str
    pages: int
    """Number of server-rendered list pages."""


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def build_index(directory: Directory, facet_values: FacetValues) -> IndexFiles:
    """Every file of the index. The version is a digest of their contents: the page
    appends it to each request, so a browser never mixes files of two builds.

    The cycle collector is paused meanwhile: the index is about a million small objects
    (id lists, strings) that live until it is written, and each burst of allocations
    would start a collection that walks every object of the model, a third of the time
    at 15,000 records. Nothing here makes reference cycles.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build_index(directory, facet_values)
    finally:
        if collecting:
            gc.enable()


def _build_index(directory: Directory, facet_values: FacetValues) -> IndexFiles:
    associations = directory.associations
    n = len(associations)
    shards = text_shards(token_postings(associations), n)
    facets = {f: {value: encode_ids(ids, n) for value, ids in values.items()}
              for f, values in facet_postings(associations, facet_values).items()}
    files: dict[str, bytes] = {
        INDEX_DIR + FACETS_FILE: _json({"n": n, "card_shard": CARD_SHARD,
                                        "text": [s.prefix for s in shards],
                                        "facets": facets}),
    }
    for k, shard in enumerate(shards):
        files[f"{INDEX_DIR}text/{k}.json"] = _json(shard.payload())
    languages = directory.settings.languages
    kinds = directory.taxonomy.vocabulary("kinds")
    for lang in languages:
        labels = {kind: term.label(lang, languages) for kind, term in kinds.items()}
        cards = [_card(a, labels.get(a.kind, a.kind), lang, languages) for a in associations]
        for k in range(0, n, CARD_SHARD):
            files[f"{INDEX_DIR}cards/{lang}/{k // CARD_SHARD}.json"] = _json(
                cards[k:k + CARD_SHARD])
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode())
        digest.update(files[path])
    return IndexFiles(files, digest.hexdigest()[:12], pages=page_count(n))


def page_count(n: int) -> int:
    """Server-rendered list pages for ``n`` associations (known before the index is)."""
    return max(1, -(-n // PAGE_SIZE))


def index_mode(directory: Directory) -> bool:
    return len(directory.associations) > INDEX_THRESHOLD


def page_url(number: int) -> str:
    """The list page ``number`` (1 is the directory itself)."""
    return "directory/" if number == 1 else f"directory/page/{number}/"
