"""The directory's search index for large directories: encoding, sharding, build output.

The browser's decoder lives in finder-index.js; these tests pin the format from the
Python side (round trips, and a Python twin of the browser's shard lookup), then check
what a build of 1,500 generated records publishes (files, sizes, pages without script).
"""

from __future__ import annotations

import gzip
import json
import random
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sitetools import REPO, SCALE_RECORDS
from verbund import dirindex, open_directory
from verbund.dirindex import TextShard, decode_ids, encode_ids, fold, text_shards, tokens
from verbund.pages import FACETS, directory_pages, facet_values
from verbund.render import AssetBundle, SiteInfo

TODAY = date(2026, 11, 23)


# --- encoding ------------------------------------------------------------------------


@pytest.mark.parametrize("ids", [[], [0], [31], [32], [1023], [1024], [0, 1, 2, 3],
                                 [5, 500, 14_999], [32_767], [0, 40_000]])
def test_id_lists_round_trip(ids: list[int]) -> None:
    n = max([*ids, 15_000]) + 1
    assert decode_ids(encode_ids(ids, n)) == ids


def test_random_id_lists_round_trip_in_both_forms() -> None:
    rng = random.Random(3)
    forms = set()
    for n in (7, 300, 15_000, 40_000):
        for density in (0.001, 0.05, 0.5, 0.99, 1.0):
            ids = [i for i in range(n) if rng.random() < density]
            text = encode_ids(ids, n)
            forms.add(text.startswith("~"))
            assert decode_ids(text) == ids, (n, density)
            assert re.fullmatch(r"~[A-Za-z0-9+/=]*|[0-9A-Za-z_-]*", text)
    assert forms == {True, False}  # sparse lists as gaps, dense ones as bitsets


def test_small_gaps_take_one_character() -> None:
    assert len(encode_ids(list(range(0, 3000, 3)), 15_000)) == 1000
    assert len(encode_ids([100, 5000], 15_000)) == 2 + 3


def test_dense_lists_are_bitsets_no_longer_than_n_over_6() -> None:
    text = encode_ids(list(range(14_000)), 15_000)
    assert text.startswith("~") and len(text) <= 15_000 // 6 + 5


# --- words ---------------------------------------------------------------------------


def test_fold_and_tokens_match_the_browser() -> None:
    assert fold("Çağ Éva ÜBER") == "cag eva uber"
    assert tokens("Deutsch-Türkischer Verein e.V. (Köln) 2024") == [
        "deutsch", "turkischer", "verein", "e", "v", "koln", "2024"]
    # Vowel signs are marks: a Tamil or Hindi word stays one word.
    assert tokens("பரதநாட்டியம் வகுப்பு") == ["பரதநாட்டியம்", "வகுப்பு"]
    assert tokens("भरतनाट्यम") == ["भरतनाट्यम"]
    assert tokens("جمعية ثقافية") == ["جمعية", "ثقافية"]


# --- text shards: every prefix query is answered by one shard --------------------------


def lookup(shards: list[TextShard], word: str) -> set[int]:
    """What finder-index.js does for one query word (a Python twin of wordBits)."""
    by_prefix = {s.prefix: s for s in shards}
    prefix = next(word[:k] for k in range(len(word), -1, -1) if word[:k] in by_prefix)
    shard = by_prefix[prefix]
    if word == prefix and shard.union is not None:
        return set(decode_ids(shard.union))
    return {i for token, ids in shard.tokens.items() if token.startswith(word)
            for i in decode_ids(ids)}


def brute_force(postings: dict[str, list[int]], word: str) -> set[int]:
    return {i for token, ids in postings.items() if token.startswith(word) for i in ids}


def test_shards_answer_every_prefix_like_a_full_scan() -> None:
    rng = random.Random(5)
    syllables = ["ka", "kä", "lo", "mi", "ne", "ஸ்ரீ", "σα", "ba", "9", "x"]
    postings: dict[str, list[int]] = {}
    for i in range(400):
        for _ in range(6):
            word = "".join(rng.choices(syllables, k=rng.randint(1, 4)))
            postings.setdefault(fold(word), []).append(i)
    postings = {w: sorted(set(ids)) for w, ids in postings.items()}
    shards = text_shards(postings, 400, limit=300)
    assert len(shards) > 20  # the limit forces a deep tree
    assert all(not s.tokens or all(t.startswith(s.prefix) for t in s.tokens) for s in shards)
    assert sorted(t for s in shards for t in s.tokens) == sorted(postings)
    queries = {w[:k] for w in postings for k in range(1, len(w) + 1)} | {"q", "kaq", "zz"}
    for word in sorted(queries):
        assert lookup(shards, word) == brute_force(postings, word), word


def test_one_large_token_stays_one_shard() -> None:
    shards = text_shards({"verein": list(range(5000)), "vera": [3]}, 5000, limit=100)
    assert lookup(shards, "ver") == set(range(5000))
    assert lookup(shards, "vera") == {3}
    assert lookup(shards, "vereine") == set()


# --- the producer: index mode above the threshold only ---------------------------------


@pytest.fixture(scope="module")
def demo() -> object:
    directory, _ = open_directory(REPO, TODAY)
    assert directory is not None
    return directory


SITE = SiteInfo(site_url="https://verbund.example.org/")


def test_small_directories_stay_in_dom_mode(demo: object) -> None:
    pages, assets = directory_pages(demo, SITE)  # type: ignore[arg-type]
    assert not [a for a in assets if a.path.startswith("directory/index/")]
    assert not any("/page/" in p.url for p in pages)


def test_above_the_threshold_the_index_and_list_pages_appear(
        demo: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dirindex, "INDEX_THRESHOLD", 10)
    monkeypatch.setattr(dirindex, "PAGE_SIZE", 20)
    monkeypatch.setattr(dirindex, "CARD_SHARD", 7)
    pages, assets = directory_pages(demo, SITE)  # type: ignore[arg-type]
    associations = demo.associations  # type: ignore[attr-defined]
    n = len(associations)
    urls = {p.url for p in pages}
    assert {"directory/page/2/", "directory/page/3/", "en/directory/page/3/"} <= urls
    assert "directory/page/4/" not in urls and "directory/page/1/" not in urls
    list_pages = [p for p in pages if "/page/" in p.url]
    assert all(p.bulk and not p.search for p in list_pages)
    bundles = [a for a in assets if isinstance(a, AssetBundle)]
    assert len(bundles) == 1  # the index: made in the background, its names known then
    files = {a.path: a.data() for a in bundles[0].assets()}
    meta = json.loads(files["directory/index/facets.json"])
    assert meta["n"] == n and meta["card_shard"] == 7
    for facet in FACETS:
        for value, encoded in meta["facets"][facet].items():
            assert decode_ids(encoded) == [i for i, a in enumerate(associations)
                                           if value in facet_values(a)[facet]]
    assert len(meta["text"]) == len([p for p in files if p.startswith("directory/index/text/")])
    cards = json.loads(files["directory/index/cards/en/1.json"])
    assert len(cards) == 7
    slug, name, _meta, summary, _lang, _rtl, status = cards[0]
    a = associations[7]
    assert (slug, name, status) == (a.slug, a.name, "" if a.active else a.status)
    assert summary == a.summary.text("en", ("de", "en"))
    de_cards = [c for k in range(0, n, 7)
                for c in json.loads(files[f"directory/index/cards/de/{k // 7}.json"])]
    assert [c[0] for c in de_cards] == [a.slug for a in associations]
    for c, a in zip(de_cards, associations, strict=True):  # lang and dir as h.text() sets them
        lang, _ = a.summary.pick("de", ("de", "en"))
        assert c[4] == ("" if lang in ("", "de") else lang)
        assert c[5] == (1 if lang in ("ar", "fa", "he", "ur", "ku-Arab") else 0)


def test_the_version_follows_the_content(demo: object) -> None:
    first = dirindex.build_index(demo, facet_values)  # type: ignore[arg-type]
    again = dirindex.build_index(demo, facet_values)  # type: ignore[arg-type]
    assert first.version == again.version and first.files == again.files
    one_less = replace(demo, associations=demo.associations[1:])  # type: ignore[attr-defined]
    assert dirindex.build_index(one_less, facet_values).version != first.version


# --- a built site of 1,500 records ----------------------------------------------------


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def list_names(html: str) -> list[str]:
    return re.findall(r'class="vb-card__title"><a href="[^"]+">([^<]+)</a>', html)


def test_the_directory_page_holds_one_page_of_the_list(scale_project: Path) -> None:
    site = scale_project / "site"
    html = (site / "directory/index.html").read_text("utf-8")
    directory, _ = open_directory(scale_project, TODAY)
    assert directory is not None
    names = [a.name for a in directory.associations]
    assert list_names(html) == names[:50]
    assert "data-search=" not in html and 'data-vb-index="../directory/index/"' in html
    assert 'href="../directory/page/2/"' in html and 'href="../directory/page/30/"' in html
    assert gz(site / "directory/index.html") < 20_000
    # The form still offers every value, with counts over the whole directory.
    assert f'{len(names)} von {len(names)} Einträgen' in html


def test_list_pages_work_without_script(scale_project: Path) -> None:
    site = scale_project / "site"
    directory, _ = open_directory(scale_project, TODAY)
    assert directory is not None
    names = [a.name for a in directory.associations]
    pages = SCALE_RECORDS // 50
    for number in (2, 17, pages):
        html = (site / f"directory/page/{number}/index.html").read_text("utf-8")
        assert [n.replace("&amp;", "&") for n in list_names(html)] == \
            names[(number - 1) * 50:number * 50]
        assert f"Seite {number} von {pages}" in html
        assert ('rel="prev" href="../../../directory/' + ("" if number == 2 else
                f"page/{number - 1}/") + '"') in html
        assert ('rel="next"' in html) == (number < pages)
    assert not (site / f"directory/page/{pages + 1}").exists()
    assert (site / "en/directory/page/2/index.html").is_file()
    en = (site / "en/directory/page/2/index.html").read_text("utf-8")
    assert "Page 2 of 30" in en and 'href="../../../../en/directory/"' in en


def test_index_files_and_their_sizes(scale_project: Path) -> None:
    index = scale_project / "site/directory/index"
    meta = json.loads((index / "facets.json").read_text("utf-8"))
    assert meta["n"] == SCALE_RECORDS
    assert gz(index / "facets.json") < 20_000  # ~100 KB at 15,000 records
    text = sorted(index.glob("text/*.json"))
    assert len(text) == len(meta["text"])
    assert max(gz(p) for p in text) < 12_000
    for lang in ("de", "en"):
        cards = list((index / "cards" / lang).glob("*.json"))
        assert len(cards) == SCALE_RECORDS // 25
        assert max(gz(p) for p in cards) < 3_000
    # Not in the theme's search index as extra pages, and no list page is either.
    search = (scale_project / "site/search/search_index.json").read_text("utf-8")
    assert "directory/page/" not in search
