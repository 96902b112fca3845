"""The directory at scale in a real browser: 1,500 generated records, index mode.

Facet counts and results are checked against a Python computation over the same
records, with the semantics of the small directory's finder: OR within a facet, AND
across facets and with the text, and each option's count given the other facets.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sitetools import axe_violations, serve
from verbund import open_directory
from verbund.dirindex import RESULTS_STEP, tokens
from verbund.model import Association, Directory
from verbund.pages import FACETS, facet_values

pytestmark = pytest.mark.browser

IDLE = "[data-vb-list]:not([aria-busy])"


@pytest.fixture(scope="module")
def scale_url(scale_project: Path) -> Iterator[str]:
    server, url = serve(scale_project / "site")
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def model(scale_project: Path) -> Directory:
    directory, _ = open_directory(scale_project, date(2026, 11, 23))
    assert directory is not None
    return directory


@pytest.fixture
def tab(browser: Any, scale_url: str) -> Iterator[Any]:
    """A page of the scale site that records requests and refuses other hosts."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.urls = []
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r: Any) -> None:
        url = r.request.url
        page.urls.append(url)
        if url.startswith(scale_url):
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    yield page
    assert errors == []
    context.close()


def shown(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        ".vb-list > li .vb-card__title a", "els => els.map(e => e.textContent)")


def counts(page: Any) -> dict[str, dict[str, int]]:
    return page.evaluate("""() => {
        const out = {};
        document.querySelectorAll('[data-vb-facet]').forEach(box => {
            const f = box.getAttribute('data-vb-facet');
            out[f] = {};
            box.querySelectorAll('input').forEach(input => {
                out[f][input.value] = parseInt(
                    input.closest('label').querySelector('[data-vb-count]').textContent, 10);
            });
        });
        return out;
    }""")


def matching(associations: tuple[Association, ...], state: dict[str, list[str]],
             words: list[str] = (), skip: str | None = None) -> list[Association]:
    """The small directory's semantics, with the index's word-prefix text match."""
    result = []
    for a in associations:
        values = facet_values(a)
        if any(f != skip and state.get(f) and not set(state[f]) & set(values[f])
               for f in FACETS):
            continue
        own = set(tokens(" ".join((a.name, a.short_name or "", *a.summary.values()))))
        if all(any(t.startswith(w) for t in own) for w in words):
            result.append(a)
    return result


def expected_counts(associations: tuple[Association, ...], state: dict[str, list[str]],
                    words: list[str] = ()) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for facet in FACETS:
        counter: dict[str, int] = {}
        for a in matching(associations, state, words, skip=facet):
            for value in facet_values(a)[facet]:
                counter[value] = counter.get(value, 0) + 1
        out[facet] = counter
    return out


def check_counts(page: Any, associations: tuple[Association, ...],
                 state: dict[str, list[str]], words: list[str] = ()) -> None:
    want = expected_counts(associations, state, words)
    got = counts(page)
    for facet, options in got.items():
        for value, n in options.items():
            assert n == want[facet].get(value, 0), (facet, value)


def test_two_facets_narrow_the_results_and_counts_match(tab: Any, scale_url: str,
                                                        model: Directory) -> None:
    everyone = model.associations
    tab.goto(scale_url + "directory/")
    assert shown(tab) == [a.name for a in everyone[:50]]
    topic = sorted({t for a in everyone for t in a.topics},
                   key=lambda t: -sum(t in a.topics for a in everyone))[1]
    tab.check(f'[data-vb-facet="topics"] input[value="{topic}"]')
    tab.wait_for_selector(IDLE)
    state = {"topics": [topic]}
    one = matching(everyone, state)
    assert 0 < len(one) < len(everyone)
    assert shown(tab) == [a.name for a in one[:RESULTS_STEP]]
    check_counts(tab, everyone, state)
    tab.check('[data-vb-facet="languages"] input[value="ar"]')
    tab.wait_for_selector(IDLE)
    state["languages"] = ["ar"]
    both = matching(everyone, state)
    assert 0 < len(both) < len(one)
    assert shown(tab) == [a.name for a in both[:RESULTS_STEP]]
    check_counts(tab, everyone, state)
    status = tab.inner_text("[data-vb-status]")
    assert status == f"{len(both)} von {len(everyone)} Einträgen"
    assert f"topics={topic}" in tab.url and "languages=ar" in tab.url
    assert tab.is_hidden("[data-vb-pager]")
    # Only the index was fetched, nothing of the profiles, nothing from other hosts.
    fetched = [u for u in tab.urls if "/directory/index/" in u]
    assert any("facets.json?v=" in u for u in fetched)
    assert all(u.startswith(scale_url) for u in tab.urls)


def test_free_text_finds_a_record_by_a_word_of_its_summary(tab: Any, scale_url: str,
                                                           model: Directory) -> None:
    everyone = model.associations
    target = everyone[1234]
    summary_words = tokens(target.summary["en"])
    word = max(summary_words, key=lambda w: (len(w), w))  # a rare word of its summary
    tab.goto(scale_url + "directory/")
    tab.fill("#vb-q", word[:-1].upper())  # a prefix, in capitals
    tab.wait_for_function("() => location.search.includes('q=')")
    tab.wait_for_selector(IDLE)
    expected = matching(everyone, {}, [word[:-1]])
    assert target in expected
    assert shown(tab) == [a.name for a in expected[:RESULTS_STEP]]
    check_counts(tab, everyone, {}, [word[:-1]])
    # Two words: both must match; a word nobody has empties the list.
    tab.fill("#vb-q", f"{word} {target.name.split()[-1]}")
    tab.wait_for_function(f"() => location.search.includes('{target.name.split()[-1]}')")
    tab.wait_for_selector(IDLE)
    assert target.name in shown(tab)
    tab.fill("#vb-q", "zzqx")
    tab.wait_for_selector("[data-vb-empty]:not([hidden])")
    assert shown(tab) == []
    # Clearing the query brings back the server's first page and its pager.
    tab.fill("#vb-q", "")
    tab.wait_for_selector("[data-vb-pager]:not([hidden])")
    assert shown(tab) == [a.name for a in everyone[:50]]


def test_url_round_trips_the_state(tab: Any, scale_url: str, model: Directory) -> None:
    everyone = model.associations
    word = tokens(everyone[10].summary["de"])[0][:3]
    tab.goto(scale_url + f"directory/?topics=culture,education&languages=ar&q={word}")
    tab.wait_for_selector(IDLE)
    assert tab.is_checked('[data-vb-facet="topics"] input[value="culture"]')
    assert tab.is_checked('[data-vb-facet="topics"] input[value="education"]')
    assert tab.input_value("#vb-q") == word
    state = {"topics": ["culture", "education"], "languages": ["ar"]}
    shared = [a.name for a in matching(everyone, state, [word])[:RESULTS_STEP]]
    assert shown(tab) == shared
    check_counts(tab, everyone, state, [word])
    tab.focus('[data-vb-facet="languages"] input[value="ar"]')  # by keyboard
    tab.keyboard.press("Space")
    tab.wait_for_selector(IDLE)
    assert "languages" not in tab.url
    tab.go_back()
    tab.wait_for_function("() => location.search.includes('languages=ar')")
    tab.wait_for_selector(IDLE)
    assert tab.is_checked('[data-vb-facet="languages"] input[value="ar"]')
    assert shown(tab) == shared


def test_show_more_appends_the_next_results(tab: Any, scale_url: str,
                                            model: Directory) -> None:
    everyone = model.associations
    tab.goto(scale_url + "directory/?status=active")
    tab.wait_for_selector(IDLE)
    active = [a.name for a in everyone if a.status == "active"]
    assert shown(tab) == active[:RESULTS_STEP]
    more = tab.locator("[data-vb-more]")
    more.focus()
    tab.keyboard.press("Enter")
    tab.wait_for_function(
        f"() => document.querySelectorAll('[data-vb-list] > li').length === {2 * RESULTS_STEP}")
    tab.wait_for_selector(IDLE)
    assert shown(tab) == active[:2 * RESULTS_STEP]
    # Focus moves to the first new entry, so keyboard users read on from there.
    focused = tab.evaluate("() => document.activeElement.textContent")
    assert focused == active[RESULTS_STEP]
    # The last results: the button goes away.
    few = [a for a in everyone if a.status != "active"]
    tab.goto(scale_url + "directory/?status=inactive,dissolved")
    tab.wait_for_selector(IDLE)
    assert shown(tab) == [a.name for a in few[:RESULTS_STEP]]
    assert tab.is_hidden("[data-vb-more]") == (len(few) <= RESULTS_STEP)
    badge = tab.locator("[data-vb-list] .vb-badge").first
    assert badge.inner_text() == "derzeit nicht aktiv"


def test_pages_work_without_javascript(browser: Any, scale_url: str,
                                       model: Directory) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    names = [a.name for a in model.associations]
    page.goto(scale_url + "directory/")
    assert page.is_hidden("[data-vb-filters]")
    assert shown(page) == names[:50]
    page.click('.vb-pager a[rel="next"]')
    page.wait_for_url("**/directory/page/2/")
    assert shown(page) == names[50:100]
    page.click('.vb-pager a[aria-label="Seite 30"]')
    page.wait_for_url("**/directory/page/30/")
    assert shown(page) == names[1450:1500]
    assert page.locator('.vb-pager a[rel="next"]').count() == 0
    page.click('.vb-pager a[rel="prev"]')
    page.wait_for_url("**/directory/page/29/")
    page.goto(scale_url + "en/directory/page/2/")
    assert page.inner_text(".vb-pager__where") == "Page 2 of 30"
    context.close()


def test_english_cards_and_accessibility(tab: Any, scale_url: str, model: Directory) -> None:
    tab.goto(scale_url + "en/directory/?kind=alliance")
    tab.wait_for_selector(IDLE)
    alliances = [a for a in model.associations if a.kind == "alliance"]
    assert shown(tab) == [a.name for a in alliances[:RESULTS_STEP]]
    first = alliances[0]
    card = tab.locator("[data-vb-list] > li").first
    assert card.locator(".vb-card__summary").inner_text() == first.summary["en"]
    assert card.locator("a").get_attribute("href") == f"../../en/directory/{first.slug}/"
    assert tab.inner_text("[data-vb-status]").endswith(f"of {len(model.associations)} entries")
    tab.wait_for_load_state("networkidle")
    assert axe_violations(tab) == []
    tab.goto(scale_url + "directory/page/3/")
    assert axe_violations(tab) == []
