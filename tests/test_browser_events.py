"""The calendar in a real browser: filters narrow the list, the URL keeps the state, empty
months disappear, nothing is loaded from elsewhere, and axe-core finds nothing serious."""

from __future__ import annotations

import pytest
from sitetools import axe_violations

pytestmark = pytest.mark.browser


def visible(page) -> list[dict[str, str]]:
    """The shown entries with their facet values."""
    return page.eval_on_selector_all(
        "[data-vb-list] > li:not([hidden])",
        "els => els.map(e => ({title: e.querySelector('.vb-event__title').textContent.trim(),"
        " topics: e.dataset.topics, mode: e.dataset.mode, format: e.dataset.format}))")


def visible_months(page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-vb-group]:not([hidden]) h2", "els => els.map(e => e.textContent)")


def test_two_facets_narrow_the_list_and_the_url_keeps_them(page, demo_url: str) -> None:
    page.goto(demo_url + "events/")
    total = len(visible(page))
    assert total > 100
    page.check('[data-vb-facet="topics"] input[value="culture"]')
    culture = visible(page)
    assert 0 < len(culture) < total
    assert all("culture" in x["topics"].split() for x in culture)
    page.check('[data-vb-facet="accessibility"] input[value="childcare"]')
    both = visible(page)
    assert 0 < len(both) < len(culture)
    accessible = page.eval_on_selector_all(
        "[data-vb-list] > li:not([hidden])", "els => els.map(e => e.dataset.accessibility)")
    assert all("childcare" in x.split() for x in accessible)
    assert "International language café" not in str(both)  # German page: German titles
    assert page.inner_text("[data-vb-status]").startswith(f"{len(both)} von {total}")
    assert "topics=culture" in page.url and "accessibility=childcare" in page.url
    months = visible_months(page)
    assert len(months) < page.locator("[data-vb-group]").count()  # empty months hide

    # The URL alone brings the same list back, e.g. as a shared link.
    shared = page.url
    page.goto(demo_url)
    page.goto(shared)
    assert page.is_checked('[data-vb-facet="topics"] input[value="culture"]')
    assert page.is_checked('[data-vb-facet="accessibility"] input[value="childcare"]')
    assert visible(page) == both and visible_months(page) == months

    # Back and forward walk through the filter states.
    page.uncheck('[data-vb-facet="accessibility"] input[value="childcare"]')
    assert len(visible(page)) == len(culture)
    page.go_back()
    page.wait_for_function("() => location.search.includes('accessibility=childcare')")
    assert page.is_checked('[data-vb-facet="accessibility"] input[value="childcare"]')
    assert visible(page) == both


def test_online_includes_hybrid_events(page, demo_url: str) -> None:
    page.goto(demo_url + "en/events/?mode=online")
    shown = visible(page)
    assert shown and all("online" in x["mode"].split() for x in shown)
    titles = {x["title"] for x in shown}
    assert "Network meeting of the Alliance for Diversity and One World" in titles  # hybrid
    assert "Online talk: school partnerships Auenfurt–Jaffna" in titles
    page.goto(demo_url + "en/events/?mode=hybrid&format=network-meeting")
    assert {x["title"] for x in visible(page)} == {
        "Network meeting of the Alliance for Diversity and One World"}


def test_search_and_empty_result(page, demo_url: str) -> None:
    page.goto(demo_url + "events/")
    page.fill("#vb-q", "Yalda")
    page.wait_for_function("() => location.search.includes('q=')")
    assert [x["title"] for x in visible(page)] == [
        "Yalda-Nacht: Gedichte und Granatäpfel in der längsten Nacht des Jahres"]
    page.fill("#vb-q", "zzzz-nothing")
    page.wait_for_selector("[data-vb-empty]:not([hidden])")
    assert visible_months(page) == []


def test_cancelled_entries_stay_visible_and_struck(page, demo_url: str) -> None:
    page.goto(demo_url + "events/?format=excursion")
    entry = page.locator("li.vb-event--cancelled").first
    assert entry.is_visible()
    decoration = entry.locator(".vb-event__title del").evaluate(
        "e => getComputedStyle(e).textDecorationLine")
    assert "line-through" in decoration


@pytest.mark.parametrize("path", ["events/", "events/netzwerktreffen-buendnis/",
                                  "events/archive/", "events/subscribe/"])
def test_no_request_leaves_the_site(page, demo_url: str, path: str) -> None:
    page.goto(demo_url + path)
    page.wait_for_load_state("networkidle")
    assert page.requests.external(demo_url) == []


@pytest.mark.parametrize("path", ["events/", "en/events/", "events/netzwerktreffen-buendnis/",
                                  "events/exkursion-kaffeeroesterei/",
                                  "en/events/online-schulpartnerschaft-jaffna/",
                                  "events/archive/", "events/subscribe/"])
def test_axe_finds_no_serious_violation(page, demo_url: str, path: str) -> None:
    page.goto(demo_url + path)
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == []


def test_phone_layout(browser, demo_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    tab = context.new_page()
    for path in ("events/", "events/netzwerktreffen-buendnis/", "events/subscribe/"):
        tab.goto(demo_url + path)
        width = tab.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, (path, width)
    tab.goto(demo_url + "events/?topics=culture")
    assert tab.is_hidden('[data-vb-facet="format"]')
    assert tab.inner_text("[data-vb-total-active]") == "(1)"
    context.close()
