"""The site in a real browser: filtering, URL state, search, map consent, accessibility."""

from __future__ import annotations

import pytest
from sitetools import axe_violations

pytestmark = pytest.mark.browser


def visible_names(page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-vb-list] > li:not([hidden]) .vb-card__title a", "els => els.map(e => e.textContent)")


def count_of(page, facet: str, value: str) -> int:
    label = page.locator(f'[data-vb-facet="{facet}"] input[value="{value}"]').locator("xpath=..")
    return int(label.locator("[data-vb-count]").inner_text())


def test_two_facets_narrow_the_list_and_update_counts(page, demo_url: str) -> None:
    page.goto(demo_url + "directory/")
    total = len(visible_names(page))
    assert total > 40
    before = count_of(page, "languages", "ar")
    page.check('[data-vb-facet="topics"] input[value="refugee-work"]')
    after_topic = len(visible_names(page))
    assert 0 < after_topic < total
    assert count_of(page, "languages", "ar") <= before
    page.check('[data-vb-facet="languages"] input[value="ar"]')
    both = visible_names(page)
    assert 0 < len(both) < after_topic
    status = page.inner_text("[data-vb-status]")
    assert status.startswith(f"{len(both)} von {total}")
    assert "topics=refugee-work" in page.url and "languages=ar" in page.url


def test_url_round_trips_the_state(page, demo_url: str) -> None:
    page.goto(demo_url + "directory/?topics=refugee-work&languages=ar")
    assert page.is_checked('[data-vb-facet="topics"] input[value="refugee-work"]')
    assert page.is_checked('[data-vb-facet="languages"] input[value="ar"]')
    shared = visible_names(page)
    page.uncheck('[data-vb-facet="languages"] input[value="ar"]')
    assert len(visible_names(page)) > len(shared)
    page.go_back()
    page.wait_for_function("() => location.search.includes('languages=ar')")
    assert page.is_checked('[data-vb-facet="languages"] input[value="ar"]')
    assert visible_names(page) == shared


def test_free_text_search_finds_a_word_of_a_summary(page, demo_url: str) -> None:
    page.goto(demo_url + "directory/")
    page.fill("#vb-q", "Bharatanatyam")
    page.wait_for_function("() => location.search.includes('q=')")
    names = visible_names(page)
    assert names == ["Tamilischer Kultur- und Bildungsverein Auenfurt e.V."]
    page.fill("#vb-q", "zzzz-nothing")
    page.wait_for_selector("[data-vb-empty]:not([hidden])")


def test_shared_text_query_is_the_finders_not_the_theme_search(page, demo_url: str) -> None:
    # The theme opens its own search for "q" in the URL and drops "q" when it closes.
    page.goto(demo_url + "directory/?q=Bharatanatyam")
    page.wait_for_load_state("networkidle")
    assert not page.is_checked("#__search")
    assert page.input_value("#vb-q") == "Bharatanatyam"
    assert visible_names(page) == ["Tamilischer Kultur- und Bildungsverein Auenfurt e.V."]
    assert page.url.endswith("directory/?q=Bharatanatyam")


def test_filters_are_keyboard_usable(page, demo_url: str) -> None:
    page.goto(demo_url + "directory/")
    page.focus('[data-vb-facet="kind"] input[type="checkbox"] >> nth=0')
    page.keyboard.press("Space")
    page.wait_for_function("() => location.search.includes('kind=')", timeout=3000)


def test_offer_chip_on_profile_opens_filtered_directory(page, demo_url: str) -> None:
    page.goto(demo_url + "directory/tamilischer-kulturverein/")
    page.click('.vb-facts a[href*="?offers="] >> nth=0')
    page.wait_for_url("**/directory/?offers=*")
    offer = page.url.split("offers=", 1)[1]
    assert page.is_checked(f'[data-vb-facet="offers"] input[value="{offer}"]')


def test_email_opens_with_one_click(page, demo_url: str) -> None:
    page.goto(demo_url + "directory/tamilischer-kulturverein/")
    link = page.locator("a.vb-email").first
    assert link.get_attribute("href") == "#"
    link.dispatch_event("click")
    assert link.get_attribute("href") == "mailto:info@tamil-auenfurt.example.org"


def test_map_loads_no_tiles_before_consent(page, demo_url: str) -> None:
    page.goto(demo_url + "map/")
    page.wait_for_timeout(300)
    assert page.requests.external(demo_url) == []
    assert page.is_hidden("[data-vb-canvas]")
    page.check("[data-vb-remember]")
    page.click("[data-vb-load]")
    page.wait_for_selector("[data-vb-canvas][data-vb-ready]")
    page.wait_for_timeout(300)
    tiles = page.requests.external(demo_url)
    assert tiles and all(u.startswith("https://tile.openstreetmap.org/") for u in tiles)
    assert page.locator(".leaflet-interactive").count() > 30
    # Remembered: the next visit shows the map at once; withdrawing forgets it.
    page.reload()
    page.wait_for_selector("[data-vb-canvas][data-vb-ready]")
    page.click("[data-vb-revoke]")
    page.wait_for_load_state()
    assert page.is_hidden("[data-vb-canvas]")


@pytest.mark.parametrize("path", ["", "directory/", "directory/tamilischer-kulturverein/",
                                  "overview/", "map/", "en/directory/", "privacy/", "events/",
                                  "newsletter/", "contribute/"])
def test_no_request_leaves_the_site(page, demo_url: str, path: str) -> None:
    page.goto(demo_url + path)
    page.wait_for_load_state("networkidle")
    assert page.requests.external(demo_url) == []
    assert page.requests.failed == []


@pytest.mark.parametrize("path", ["", "directory/", "directory/tamilischer-kulturverein/",
                                  "directory/syrisches-haus/", "overview/", "map/",
                                  "en/directory/"])
def test_axe_finds_no_serious_violation(page, demo_url: str, path: str) -> None:
    page.goto(demo_url + path)
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == []


def test_phone_shows_results_first_and_filters_on_demand(browser, demo_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    tab = context.new_page()
    tab.goto(demo_url + "directory/?topics=culture")
    assert tab.is_hidden('[data-vb-facet="kind"]')
    assert tab.inner_text("[data-vb-total-active]") == "(1)"
    tab.click("[data-vb-toggle]")
    assert tab.get_attribute("[data-vb-toggle]", "aria-expanded") == "true"
    tab.check('[data-vb-facet="kind"] input >> nth=0')
    assert "kind=" in tab.url
    context.close()


def test_phone_layout_has_no_horizontal_scroll(browser, demo_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    tab = context.new_page()
    for path in ("", "directory/", "directory/tamilischer-kulturverein/", "overview/"):
        tab.goto(demo_url + path)
        width = tab.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, (path, width)
    context.close()
