"""The web form on /contribute/, used the way a volunteer uses it, in Chromium.

Filling the form must give a file that ``verbund validate`` accepts where the form says it
belongs, links that carry the answers to GitHub (issue form and "new file" editor) and to
e-mail, and no request to anyone: the form sends nothing by itself.
"""

from __future__ import annotations

import json
import shutil
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from sitetools import axe_violations
from verbund.load import load_file
from verbund.validate import validate

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 23)


@pytest.fixture
def form_page(page: Any, demo_url: str) -> Any:
    # The browser's "today" becomes the record's `reviewed` date: pin it to the build's.
    page.clock.set_fixed_time("2026-11-23T10:00:00")
    return page


def definition(demo_url: str) -> dict[str, Any]:
    with urllib.request.urlopen(demo_url + "assets/verbund/forms.json") as response:
        return json.load(response)


def validates(tmp_path: Path, path: str, text: str) -> list[str]:
    """Write the file into a copy of the demo project and validate the whole directory."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "directory", root / "directory")
    target = root / path
    assert not target.exists()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")
    _, problems = validate(root, TODAY)
    return [p.text() for p in problems if p.is_error or p.path == path]


def result(page: Any) -> tuple[str, str]:
    page.wait_for_selector(".vb-form__yaml")
    panel = page.locator(".vb-form__panel:not([hidden])")
    return panel.locator(".vb-form__path").inner_text(), panel.locator(".vb-form__yaml").inner_text()


def test_association_form_gives_a_valid_file_and_working_links(form_page: Any, demo_url: str,
                                                              tmp_path: Path) -> None:
    page = form_page
    page.goto(demo_url + "contribute/")
    page.wait_for_selector("#vb-form-association")
    page.fill("#vb-association-name", "Café Grenzenlos e.V.")
    page.select_option("#vb-association-kind", "cultural-association")
    page.fill("#vb-association-summary_de", "Offenes Café: Begegnung für alle in der Nordstadt.")
    page.fill("#vb-association-summary_en", 'An open café – "for everyone" #1')
    page.check("#vb-association-topics input[value=culture]")
    page.check("#vb-association-topics input[value=refugee-work]")
    page.fill("#vb-association-description_de", "Jeden **Donnerstag**:\n\n- Sprachcafé\n- Kochen")
    page.fill("#vb-association-countries", "sy, af")
    page.fill("#vb-association-founded", "2016")
    page.select_option("#vb-association-volunteer_run", "true")
    page.fill("#vb-association-email", "info@cafe-grenzenlos.example.org")
    page.fill("#vb-association-postcode", "01067")
    page.fill("#vb-association-geo", "51.33, 9.50")
    page.check("#vb-association-consent")
    page.click("#vb-form-association button[type=submit]")
    path, text = result(page)
    assert path == "directory/associations/cafe-grenzenlos-e-v.yml"
    assert "reviewed: 2026-11-23" in text and 'postcode: "01067"' in text
    assert validates(tmp_path, path, text) == []

    # The result heading has the focus, so a screen reader announces it.
    assert page.evaluate("document.activeElement.textContent") == "Ihre Datei"
    repo = definition(demo_url)["repo"]

    issue = page.get_attribute("[data-vb-way=issue]", "href")
    assert issue.startswith(f"{repo}/issues/new?")
    query = {k: v[0] for k, v in parse_qs(urlsplit(issue).query).items()}
    assert query["template"] == "add-association.yml"
    assert query["title"] == "Neuer Verein / New association: Café Grenzenlos e.V."
    assert query["name"] == "Café Grenzenlos e.V."
    assert query["summary_de"] == "Offenes Café: Begegnung für alle in der Nordstadt."
    assert query["email"] == "info@cafe-grenzenlos.example.org"
    assert query["record"] == text
    assert "kind" not in query and "topics" not in query and "labels" not in query

    new_file = page.get_attribute("[data-vb-way=file]", "href")
    target, _, rest = new_file.partition("?")
    assert target == f"{repo}/new/main/directory/associations"
    params = parse_qs(rest)
    assert params["filename"] == ["cafe-grenzenlos-e-v.yml"] and params["value"] == [text]

    mail = page.get_attribute("[data-vb-way=email]", "href")
    assert mail.startswith("mailto:redaktion@example.org?subject=")
    assert text in unquote(mail)
    download = page.locator("[data-vb-way=download]")
    assert download.get_attribute("download") == "cafe-grenzenlos-e-v.yml"
    assert download.get_attribute("href").startswith("blob:")
    assert page.requests.external(demo_url) == []


def test_event_form_in_english(form_page: Any, demo_url: str, tmp_path: Path) -> None:
    page = form_page
    page.goto(demo_url + "en/contribute/")
    page.wait_for_selector("#vb-choice-event")
    page.check("#vb-choice-event")
    assert page.is_hidden("#vb-form-association") and page.is_visible("#vb-form-event")
    page.fill("#vb-event-title_de", "Interkulturelles Frühstück")
    page.fill("#vb-event-title_en", "Intercultural breakfast")
    page.fill("#vb-event-start_date", "2026-12-12")
    page.fill("#vb-event-start_time", "10:00")
    page.fill("#vb-event-end_time", "13:00")
    page.fill("#vb-event-organizers", "weltladen-auenfurt")
    page.select_option("#vb-event-format", "workshop")
    page.fill("#vb-event-street", "Marktgasse 8")
    page.fill("#vb-event-postcode", "34117")
    page.fill("#vb-event-city", "Auenfurt")
    page.fill("#vb-event-cost", "free")
    page.check("#vb-event-consent")
    page.click("#vb-form-event button[type=submit]")
    path, text = result(page)
    assert path == "directory/events/2026/2026-12-12-interkulturelles-fruehstueck.yml"
    assert "start: 2026-12-12T10:00\nend: 2026-12-12T13:00\n" in text
    assert validates(tmp_path, path, text) == []
    issue = page.get_attribute("#vb-panel-event [data-vb-way=issue]", "href")
    query = parse_qs(urlsplit(issue).query)
    assert query["template"] == ["add-event.yml"]
    assert query["start_date"] == ["2026-12-12"] and query["organizers"] == ["weltladen-auenfurt"]
    new_file = page.get_attribute("#vb-panel-event [data-vb-way=file]", "href")
    assert "/new/main/directory/events/2026?filename=" in new_file


def test_mistakes_are_announced_and_tied_to_their_fields(form_page: Any, demo_url: str) -> None:
    page = form_page
    page.goto(demo_url + "contribute/")
    page.wait_for_selector("#vb-form-association")
    assert axe_violations(page) == []
    page.fill("#vb-association-name", "X")
    page.fill("#vb-association-website", "javascript:alert(1)")
    page.press("#vb-association-website", "Enter")  # the keyboard submits the form
    summary = page.locator("#vb-form-association .vb-form__summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('vb-form__summary')")
    assert summary.get_attribute("role") == "alert"
    links = summary.locator("a")
    assert links.count() == 6  # name, kind, summary, topics, website, consent
    for i in range(links.count()):
        target = links.nth(i).get_attribute("href")
        assert page.locator(target).count() == 1, target
    name = page.locator("#vb-association-name")
    assert name.get_attribute("aria-invalid") == "true"
    described = name.get_attribute("aria-describedby").split()
    assert page.locator(f"#{described[-1]}").inner_text() == "Mindestens 2 Zeichen."
    topics = page.locator("#vb-association-topics")
    assert topics.evaluate("e => e.tagName") == "FIELDSET"
    assert "Bitte auswählen." in page.locator(
        f"#{topics.get_attribute('aria-describedby').split()[-1]}").inner_text()
    assert page.is_hidden(".vb-form__result")
    assert axe_violations(page) == []
    # Every control has a label (or a legend for a group of checkboxes).
    unlabelled = page.evaluate("""() => [...document.querySelectorAll(
        '.vb-contribute input, .vb-contribute select, .vb-contribute textarea')]
        .filter(c => !(c.labels && c.labels.length)).map(c => c.id)""")
    assert unlabelled == []


def test_hostile_answers_become_quoted_text(form_page: Any, demo_url: str,
                                            tmp_path: Path) -> None:
    page = form_page
    page.goto(demo_url + "contribute/")
    page.wait_for_selector("#vb-form-association")
    name = 'Verein "$(id)" `x`: yes #1'
    page.fill("#vb-association-name", name)
    page.select_option("#vb-association-kind", "alliance")
    page.fill("#vb-association-summary_de", "Kurz.\nkind: umbrella\nreviewed: 1999-01-01")
    page.check("#vb-association-topics input[value=culture]")
    page.fill("#vb-association-slug", "verein-hostile")
    page.check("#vb-association-consent")
    page.click("#vb-form-association button[type=submit]")
    path, text = result(page)
    assert text.startswith('name: "Verein \\"$(id)\\" `x`: yes #1"\nkind: alliance\n')
    assert validates(tmp_path, path, text) == []
    data = load_file(tmp_path / "project" / path, path).data
    assert data["name"] == name and data["kind"] == "alliance"
    assert data["summary"] == {"de": "Kurz.\nkind: umbrella\nreviewed: 1999-01-01"}
    assert data["reviewed"] == "2026-11-23"
