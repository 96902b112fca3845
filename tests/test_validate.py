"""Validation: every schema rule and every cross-record rule, with the exact message.

Each case writes one bad file into the valid project of ``conftest.py`` and compares
the complete report, so a rule that fires twice, fires elsewhere or moves to another
line fails the test as surely as a rule that does not fire.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import (
    ASSOCIATION,
    EVENT_FILE,
    FIXTURES,
    NEW_ASSOCIATION,
    NEWSLETTER_FILE,
    TODAY,
    Project,
    png,
)
from verbund.load import load_directory
from verbund.validate import check

CAFE = NEW_ASSOCIATION
MARKT = "directory/events/2026/markt.yml"
SETTINGS = "directory/settings.yml"
TAXONOMY = "directory/taxonomy.yml"
BUENDNIS = "directory/associations/buendnis-vielfalt.yml"


def cafe(extra: str = "", **fields: str) -> str:
    """A valid association record; ``fields`` replace lines, ``extra`` lines are appended.

    The five base lines keep their line numbers: name 1, kind 2, summary 3, topics 4,
    reviewed 5; appended lines start at line 6.
    """
    base = {
        "name": "Café Grenzenlos",
        "kind": "migrant-organisation",
        "summary": "{de: Ein Café für alle., en: A café for everyone.}",
        "topics": "[culture]",
        "reviewed": "2026-10-01",
    }
    base.update(fields)
    return "".join(f"{key}: {value}\n" for key, value in base.items()) + extra


def markt(extra: str = "", **fields: str) -> str:
    """A valid event: title 1, start 2, organizers 3, format 4, location 5; extras from 6."""
    base = {
        "title": "{de: Markt der Möglichkeiten, en: Market of opportunities}",
        "start": "2026-12-05T10:00",
        "organizers": "[weltladen-auenfurt]",
        "format": "open-space",
        "location": "{address: {street: Marktgasse 8, city: Auenfurt}}",
    }
    base.update(fields)
    return "".join(f"{key}: {value}\n" for key, value in base.items()) + extra


def err(line: int, col: int, message: str, path: str = CAFE) -> str:
    return f"{path}:{line}:{col}: error: {message}"


def warn(line: int, col: int, message: str, path: str = CAFE) -> str:
    return f"{path}:{line}:{col}: warning: {message}"


def test_the_base_project_is_valid(project: Project) -> None:
    assert project.problems() == []


def test_a_valid_new_association_passes(project: Project) -> None:
    assert project.check(CAFE, cafe()) == []


def test_the_other_city_fixture_is_valid(tmp_path) -> None:
    root = tmp_path / "other-city"
    shutil.copytree(FIXTURES / "other-city", root)
    raw = load_directory(root)
    assert check(raw, today=TODAY) == []
    nordic = next(d for d in raw.associations if d.stem == "nordic-friends")
    assert nordic.data["countries"] == ["NO", "SE"]  # Norway and Sweden, never False


# --- schema rules -------------------------------------------------------------------

ALLOWED_FIELDS = (
    "contact, countries, description, founded, kind, languages, logo, maintainers, member_of, "
    "members, name, offers, people, reviewed, seeks, short_name, status, summary, topics, "
    "volunteer_run"
)
KINDS = "alliance, migrant-organisation, one-world-group, world-shop"
TOPICS = "anti-racism, culture, education, fair-trade, health, housing, refugee-work, sport, youth"
LANGUAGE_HINT = "use ISO 639 / BCP 47 codes such as de, en, tr, ar, ta, pt-BR"

SCHEMA_CASES = [
    pytest.param(
        "name: Café Grenzenlos\n",
        [err(1, 1, "missing required field 'kind'"),
         err(1, 1, "missing required field 'reviewed'"),
         err(1, 1, "missing required field 'summary'"),
         err(1, 1, "missing required field 'topics'")],
        id="missing-required-fields",
    ),
    pytest.param(
        cafe("topic: [education]\nwebsite: https://example.org\n"),
        [err(6, 1, "unknown field 'topic'; did you mean 'topics'?"),
         err(7, 1, f"unknown field 'website' (allowed: {ALLOWED_FIELDS})")],
        id="unknown-field",
    ),
    pytest.param(
        cafe("contact:\n  mail: info@example.org\n  adress: {city: Auenfurt}\n"),
        [err(7, 3, "in contact: unknown field 'mail'; did you mean 'email'?"),
         err(8, 3, "in contact: unknown field 'adress'; did you mean 'address'?")],
        id="unknown-nested-field",
    ),
    pytest.param(
        cafe(name="[Café, Grenzenlos]"),
        [err(1, 7, "name: is a list; expected text")],
        id="type-text-given-list",
    ),
    pytest.param(
        cafe(name="1990"),
        [err(1, 7, 'name: 1990 is read as the number 1990, not text; quote it: "1990"')],
        id="type-text-given-number",
    ),
    pytest.param(
        cafe(name="true"),
        [err(1, 7, 'name: true is read as the boolean true, not text; quote it: "true"')],
        id="type-text-given-boolean",
    ),
    pytest.param(
        cafe(name="~"),
        [err(1, 7, "name: is empty; write a value or remove the line")],
        id="type-text-given-null",
    ),
    pytest.param(
        cafe(kind="3"),
        [err(2, 7, 'kind: 3 is read as the number 3, not text; quote it: "3"')],
        id="type-id-given-number-reported-once",
    ),
    pytest.param(
        cafe(summary="5"),
        [err(3, 10, 'summary: is the number 5; write text, or one text per language such as '
             '{de: "…", en: "…"}')],
        id="type-i18n-given-number",
    ),
    pytest.param(
        cafe(summary="[Ein Café, A café]"),
        [err(3, 10, 'summary: is a list; write text, or one text per language such as '
             '{de: "…", en: "…"}')],
        id="type-i18n-given-list",
    ),
    pytest.param(
        cafe(summary="{de: {text: Ein Café}}"),
        [err(3, 15, "summary.de: is a mapping; expected text")],
        id="type-i18n-language-given-mapping",
    ),
    pytest.param(
        cafe(topics="culture"),
        [err(4, 9, "topics: is the text 'culture'; write a list, e.g. [a, b] or one '- item' "
             "per line")],
        id="type-list-given-text",
    ),
    pytest.param(
        cafe("members: viele\n"),
        [err(6, 10, "members: is the text 'viele'; write a whole number")],
        id="type-integer-given-text",
    ),
    pytest.param(
        cafe("members: 3.5\n"),
        [err(6, 10, "members: 3.5 is not a whole number")],
        id="type-integer-given-float",
    ),
    pytest.param(
        cafe('founded: "1990"\n'),
        [err(6, 10, "founded: '1990' is text; write the number without quotes: 1990")],
        id="type-integer-quoted",
    ),
    pytest.param(
        cafe("volunteer_run: yes\n"),
        [err(6, 16, "volunteer_run: 'yes' is not a boolean; use true or false")],
        id="type-boolean-yes",
    ),
    pytest.param(
        cafe("volunteer_run: Nein\n"),
        [err(6, 16, "volunteer_run: 'Nein' is not a boolean; use true or false")],
        id="type-boolean-german",
    ),
    pytest.param(
        cafe('volunteer_run: "true"\n'),
        [err(6, 16, "volunteer_run: 'true' is text; write true without quotes")],
        id="type-boolean-quoted",
    ),
    pytest.param(
        cafe("volunteer_run: 1\n"),
        [err(6, 16, "volunteer_run: is the number 1; use true or false")],
        id="type-boolean-number",
    ),
    pytest.param(
        cafe("contact: https://example.org\n"),
        [err(6, 10, "contact: is the text 'https://example.org'; expected a mapping of fields "
             "(key: value)")],
        id="type-mapping-given-text",
    ),
    pytest.param(
        cafe("people: {name: Anna, role: Vorstand, consent: 2026-01-01}\n"),
        [err(6, 9, "people: is a mapping; expected a list")],
        id="type-list-given-mapping",
    ),
    pytest.param(
        cafe("contact:\n  address: {postcode: 01067, city: Dresden}\n"),
        [err(7, 23, 'contact.address.postcode: 01067 is read as the number 01067, not text; '
             'quote it: "01067"')],
        id="postcode-with-leading-zero",
    ),
    pytest.param(
        cafe("contact:\n  geo: {lat: '51.31', lon: east}\n"),
        [err(7, 14, "contact.geo.lat: '51.31' is text; write the number without quotes: 51.31"),
         err(7, 28, "contact.geo.lon: is the text 'east'; write a number")],
        id="type-number",
    ),
    pytest.param(
        cafe(kind="migrant-organization"),
        [err(2, 7, "kind: 'migrant-organization' is not one of the kinds in taxonomy.yml; did "
             f"you mean 'migrant-organisation'? (choose from: {KINDS})")],
        id="enum-kind",
    ),
    pytest.param(
        cafe(topics="[culture, educaton]"),
        [err(4, 19, "topics[1]: 'educaton' is not one of the topics in taxonomy.yml; did you "
             f"mean 'education'? (choose from: {TOPICS})")],
        id="enum-topics",
    ),
    pytest.param(
        cafe("offers: [room]\nseeks: [volunteer, money]\n"),
        [err(6, 10, "offers[0]: 'room' is not one of the offers in taxonomy.yml; did you mean "
             "'rooms'? (choose from: counselling, rooms)"),
         err(7, 9, "seeks[0]: 'volunteer' is not one of the seeks in taxonomy.yml; did you "
             "mean 'volunteers'? (choose from: partners, volunteers)"),
         err(7, 20, "seeks[1]: 'money' is not one of the seeks in taxonomy.yml (choose from: "
             "partners, volunteers)")],
        id="enum-offers-seeks",
    ),
    pytest.param(
        cafe("contact:\n  address: {city: Auenfurt, district: Altstad}\n"),
        [err(7, 39, "contact.address.district: 'Altstad' is not one of the districts in "
             "taxonomy.yml; did you mean 'Altstadt'? (choose from: Altstadt, Nordstadt)")],
        id="enum-district",
    ),
    pytest.param(
        cafe("status: closed\n"),
        [err(6, 9, "status: 'closed' is not one of the allowed values (choose from: active, "
             "inactive, dissolved)")],
        id="enum-status",
    ),
    pytest.param(
        cafe(summary="{de: " + "x" * 301 + ", en: A café.}"),
        [err(3, 15, "summary.de: is 301 characters long; the limit is 300: shorten it")],
        id="too-long-summary",
    ),
    pytest.param(
        cafe(summary="x" * 301),
        [err(3, 10, "summary: is 301 characters long; the limit is 300: shorten it")],
        id="too-long-summary-plain",
    ),
    pytest.param(
        cafe("short_name: Café Grenzenlos Internationale!\n"),
        [err(6, 13, "short_name: is 31 characters long; the limit is 30: shorten it")],
        id="too-long-short-name",
    ),
    pytest.param(
        cafe(name="C"),
        [err(1, 7, "name: is 1 character long; at least 2 are needed")],
        id="too-short-name",
    ),
    pytest.param(
        cafe(name='""'),
        [err(1, 7, "name: is empty; write a text or remove the line")],
        id="empty-text",
    ),
    pytest.param(
        cafe(summary="{}"),
        [err(3, 10, "summary: is empty; write at least one language, e.g. de: …")],
        id="empty-i18n",
    ),
    pytest.param(
        cafe(topics="[" + ", ".join(TOPICS.split(", ")) + "]"),
        [err(4, 9, "topics: has 9 entries; at most 8 are allowed")],
        id="too-many-topics",
    ),
    pytest.param(
        cafe(topics="[]"),
        [err(4, 9, "topics: needs at least 1 entry")],
        id="no-topics",
    ),
    pytest.param(
        cafe("languages: [de, tr, de]\n", topics="[culture, education, culture]"),
        [err(4, 30, "topics[2]: 'culture' is listed twice"),
         err(6, 21, "languages[2]: 'de' is listed twice")],
        id="duplicates-in-list",
    ),
    pytest.param(
        cafe("founded: 1700\nmembers: -3\n"),
        [err(6, 10, "founded: 1700 is below the minimum 1800"),
         err(7, 10, "members: -3 is below the minimum 0")],
        id="minimum",
    ),
    pytest.param(
        cafe("contact:\n  geo: {lat: 91, lon: 9.5}\n"),
        [err(7, 14, "contact.geo.lat: 91 is above the maximum 90")],
        id="maximum-and-no-second-message-about-bounds",
    ),
    pytest.param(
        cafe(reviewed="01.10.2026"),
        [err(5, 11, "reviewed: '01.10.2026' is not a date; write it as YYYY-MM-DD, for "
             "example 2026-03-05")],
        id="pattern-date",
    ),
    pytest.param(
        cafe("member_of: [Buendnis_Vielfalt]\n"),
        [err(6, 13, "member_of[0]: 'Buendnis_Vielfalt' is not a slug: use lower-case letters "
             "a-z, digits and '-', 3 to 64 characters, as in the file name")],
        id="pattern-slug",
    ),
    pytest.param(
        cafe("contact:\n  email: info(at)example.org\n  phone: call us\n"),
        [err(7, 10, "contact.email: 'info(at)example.org' is not an email address such as "
             "info@example.org"),
         err(8, 10, "contact.phone: 'call us' is not a phone number; write digits, spaces and + "
             '( ) / - only, for example "+49 561 123456"')],
        id="pattern-email-phone",
    ),
    pytest.param(
        cafe("languages: [deutsch, de-DE, tr]\n"),
        [err(6, 13, f"languages[0]: 'deutsch' is not a language code; {LANGUAGE_HINT}")],
        id="pattern-language-code",
    ),
    pytest.param(
        cafe("logo: ../../etc/passwd\nmaintainers: [bad user]\n"),
        [err(6, 7, "logo: '../../etc/passwd' is not a file name in directory/logos/ (letters, "
             "digits, '.', '_' and '-')"),
         err(7, 15, "maintainers[0]: 'bad user' is not a GitHub user name; write the name as "
             "in github.com/<name>, e.g. anna-k")],
        id="pattern-logo-maintainer",
    ),
    pytest.param(
        cafe("contact:\n  social: {Mastodon: https://social.example.org/@cafe}\n"),
        [err(7, 12, "contact.social: 'Mastodon' is not a platform name; use a short lower-case "
             "name such as mastodon or instagram")],
        id="pattern-social-platform",
    ),
    pytest.param(
        cafe(summary="{de: Ein Café., english: A café., xx: Blah, en: ''}"),
        [err(3, 26, f"summary: 'english' is not a language code; {LANGUAGE_HINT}"),
         err(3, 44, "summary: 'xx' is not an ISO 639 language code; use a code such as de, en, "
             "tr, ar or ta"),
         err(3, 58, "summary.en: is empty; write a text or remove the line")],
        id="i18n-bad-language-key",
    ),
    pytest.param(
        cafe("people:\n  - name: Anna Yılmaz\n    role: Vorstand\n"),
        [err(7, 5, "people[0]: missing required field 'consent': the date the person agreed "
             "to be published")],
        id="people-without-consent",
    ),
    pytest.param(
        cafe("people:\n  - {name: Anna, role: Vorstand, consent: 2026/01/01, email: anna@}\n"),
        [err(7, 43, "people[0].consent: '2026/01/01' is not a date; write it as YYYY-MM-DD, "
             "for example 2026-03-05"),
         err(7, 62, "people[0].email: 'anna@' is not an email address such as "
             "info@example.org")],
        id="people-patterns",
    ),
]


@pytest.mark.parametrize(("content", "expected"), SCHEMA_CASES)
def test_schema_rule(project: Project, content: str, expected: list[str]) -> None:
    assert project.check(CAFE, content) == expected


EVENT_SCHEMA_CASES = [
    pytest.param(
        "title: Markt\n",
        [err(1, 1, "missing required field 'format'", MARKT),
         err(1, 1, "missing required field 'location'", MARKT),
         err(1, 1, "missing required field 'organizers'", MARKT),
         err(1, 1, "missing required field 'start'", MARKT)],
        id="missing-required-fields",
    ),
    pytest.param(
        markt(format="openspace"),
        [err(4, 9, "format: 'openspace' is not one of the formats in taxonomy.yml; did you "
             "mean 'open-space'? (choose from: open-space, workshop)", MARKT)],
        id="enum-format",
    ),
    pytest.param(
        markt("accessibility: [step-fre]\n"),
        [err(6, 17, "accessibility[0]: 'step-fre' is not one of the accessibility in "
             "taxonomy.yml; did you mean 'step-free'? (choose from: sign-language, step-free)",
             MARKT)],
        id="enum-accessibility",
    ),
    pytest.param(
        markt("status: canceled\n"),
        [err(6, 9, "status: 'canceled' is not one of the allowed values; did you mean "
             "'cancelled'? (choose from: scheduled, cancelled, postponed)", MARKT)],
        id="enum-status",
    ),
    pytest.param(
        markt(start="5.12.2026"),
        [err(2, 8, "start: '5.12.2026' is not a date or date and time; write 2026-12-05 (all "
             "day) or 2026-12-05T10:00 (local time), optionally with an offset such as "
             "2026-12-05T10:00+01:00", MARKT)],
        id="pattern-date-time",
    ),
    pytest.param(
        markt(organizers="[]"),
        [err(3, 13, "organizers: needs at least 1 entry", MARKT)],
        id="no-organizers",
    ),
    pytest.param(
        "---\nsummary: Neues\n---\nText\n",
        [err(2, 1, "missing required field 'date'", NEWSLETTER_FILE),
         err(2, 1, "missing required field 'title'", NEWSLETTER_FILE)],
        id="newsletter-missing-fields",
    ),
    pytest.param(
        "---\ntitle: Rundbrief\ndate: 2026-11-01\n"
        "digest: {new_associations: ja, upcoming_events_days: 400}\n---\nText\n",
        [err(4, 28, "digest.new_associations: 'ja' is not a boolean; use true or false",
             NEWSLETTER_FILE),
         err(4, 54, "digest.upcoming_events_days: 400 is above the maximum 366",
             NEWSLETTER_FILE)],
        id="newsletter-digest",
    ),
]


@pytest.mark.parametrize(("content", "expected"), EVENT_SCHEMA_CASES)
def test_schema_rule_events_and_newsletters(
    project: Project, content: str, expected: list[str]
) -> None:
    path = NEWSLETTER_FILE if content.startswith("---") else MARKT
    assert project.check(path, content, dedent=False) == expected


# --- cross-record rules -------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param(
            "directory/associations/Cafe_Grenzenlos.yml",
            ["directory/associations/Cafe_Grenzenlos.yml:1:1: error: file name "
             "'Cafe_Grenzenlos.yml' is not a valid id: use lower-case letters a-z, digits and "
             "'-', 3 to 64 characters; rename it to 'cafe-grenzenlos.yml'"],
            id="upper-case-and-underscore",
        ),
        pytest.param(
            "directory/associations/ab.yml",
            ["directory/associations/ab.yml:1:1: error: file name 'ab.yml' is not a valid id: "
             "use lower-case letters a-z, digits and '-', 3 to 64 characters"],
            id="too-short",
        ),
        pytest.param(
            "directory/associations/cafe-grenzenlos.yaml",
            ["directory/associations/cafe-grenzenlos.yaml:1:1: error: this folder holds '.yml' "
             "files; rename it to 'cafe-grenzenlos.yml'"],
            id="yaml-extension",
        ),
        pytest.param(
            "directory/associations/2026/cafe-grenzenlos.yml",
            ["directory/associations/2026/cafe-grenzenlos.yml:1:1: error: directory/associations/ "
             "has no sub-folders (only events/ has); this file is not read: move it to "
             "directory/associations/cafe-grenzenlos.yml"],
            id="sub-folder",
        ),
        pytest.param(
            "directory/assocations/cafe-grenzenlos.yml",
            ["directory/assocations:1:1: warning: this folder is not read: directory/ holds "
             "settings.yml, taxonomy.yml and the folders associations, events, newsletter and "
             "logos; did you mean 'associations'?"],
            id="misspelt-folder",
        ),
    ],
)
def test_file_names(project: Project, path: str, expected: list[str]) -> None:
    assert project.check(path, cafe()) == expected


LINKED = ("directory/events/2030:1:1: error: is a symbolic link to a folder; its files are "
          "not read: put the folder itself here (a link can point outside the repository)")


@pytest.mark.parametrize("target", ["elsewhere", "directory/events"], ids=["outside", "loop"])
def test_linked_folder_is_not_followed(project: Project, target: str) -> None:
    """A folder link is refused as a file link is: it may lead out of the repository, or
    back to a folder above it, which a walk would enter until the path grew too long."""
    project.write("elsewhere/fest.yml", "title: {de: Fest}\n")  # read, it would fail
    (project.root / "directory/events").mkdir(parents=True, exist_ok=True)
    (project.root / "directory/events/2030").symlink_to(project.root / target,
                                                         target_is_directory=True)
    assert project.problems() == [LINKED]


def test_newsletter_file_name(project: Project) -> None:
    project.remove(NEWSLETTER_FILE)
    path = "directory/newsletter/November 2026.md"
    assert project.check(path, "---\ntitle: Rundbrief\ndate: 2026-11-01\n---\nText\n") == [
        f"{path}:1:1: error: file name 'November 2026.md' is not a valid id: use lower-case "
        "letters a-z, digits and '-', 3 to 64 characters; rename it to 'november-2026.md'",
    ]


@pytest.mark.parametrize(("path", "page"), [
    ("directory/events/archive.yml", "/events/archive/"),
    ("directory/events/2027/subscribe.yml", "/events/subscribe/"),
    ("directory/events/topics.yml", "/events/topics/"),
])
def test_ids_taken_by_site_pages(project: Project, path: str, page: str) -> None:
    name = path.rsplit("/", 1)[1]
    assert project.check(path, markt()) == [
        f"{path}:1:1: error: file name '{name}' is taken by a page of the site ({page}); "
        "choose another name",
    ]


def test_association_id_taken_by_the_directory_pager(project: Project) -> None:
    path = "directory/associations/page.yml"
    assert project.check(path, cafe(name="Page e.V.")) == [
        f"{path}:1:1: error: file name 'page.yml' is taken by a page of the site "
        "(/directory/page/); choose another name",
    ]


def test_unique_ids_across_associations_and_events(project: Project) -> None:
    path = "directory/events/weltladen-auenfurt.yml"
    assert project.check(path, markt()) == [
        f"{path}:1:1: error: id 'weltladen-auenfurt' is already used by "
        "directory/associations/weltladen-auenfurt.yml; rename one of the files",
    ]


def test_unique_ids_across_event_folders(project: Project) -> None:
    path = "directory/events/2027/fruehstueck.yml"
    assert project.check(path, markt()) == [
        f"{path}:1:1: error: id 'fruehstueck' is already used by {EVENT_FILE}; rename one of "
        "the files",
    ]


def test_folded_name_duplicates(project: Project) -> None:
    project.write(CAFE, cafe())
    # Reported on the later file in path order, pointing back at the first.
    path = "directory/associations/grenzenlos.yml"
    assert project.check(path, cafe(name='"cafe grenzenlos!"')) == [
        err(1, 7, f"name: 'cafe grenzenlos!' is the same as the name in {CAFE}:1 once case, "
            "accents and punctuation are ignored; is this association already listed?", path),
    ]


@pytest.mark.parametrize("name", [
    "".join(map(chr, range(128))), "Café Grenzenlos", "cafe grenzenlos!", "Verein_für 2 Städte",
    "AG Antirassismus (Nord-West)", "tamil sangam", "\t Ö-Ü ß"])
def test_plain_names_fold_as_every_other_name(name: str) -> None:
    """ASCII names take a shortcut; a name that is not ASCII takes the full way."""
    from verbund.values import fold_name

    assert fold_name(name) + "e" == fold_name(name + "é")


def test_member_of_unknown_and_self(project: Project) -> None:
    content = cafe("member_of: [buendnis-vielfalt, buendnis-vielfallt, cafe-grenzenlos]\n")
    assert project.check(CAFE, content) == [
        err(6, 32, "member_of[1]: there is no association 'buendnis-vielfallt' "
            "(directory/associations/buendnis-vielfallt.yml does not exist)"),
        err(6, 52, "member_of[2]: an association cannot be a member of itself"),
    ]


def test_member_of_cycle_is_reported_once(project: Project) -> None:
    def member(name: str, parent: str) -> str:
        return cafe(f"member_of: [{parent}]\n", name=name)

    project.write("directory/associations/aaa-verein.yml", member("Aaa Verein", "bbb-verein"))
    project.write("directory/associations/bbb-verein.yml", member("Bbb Verein", "ccc-verein"))
    path = "directory/associations/ccc-verein.yml"
    assert project.check(path, member("Ccc Verein", "aaa-verein")) == [
        err(6, 13, "member_of: aaa-verein → bbb-verein → ccc-verein → aaa-verein is a cycle; "
            "an association cannot be (indirectly) a member of its own members", path),
    ]


def test_organizer_must_exist(project: Project) -> None:
    content = markt(organizers="[weltladen-auenfurt, cafe-international]")
    assert project.check(MARKT, content) == [
        err(3, 34, "organizers[1]: there is no association 'cafe-international' "
            "(directory/associations/cafe-international.yml does not exist)", MARKT),
    ]


CROSS_CASES = [
    pytest.param(
        cafe("countries: [NO, SE, de, XX, 'no']\n"),
        [err(6, 21, "countries[2]: 'de' is not an ISO 3166-1 country code; write it in "
             "capitals: 'DE'"),
         err(6, 25, "countries[3]: 'XX' is not an ISO 3166-1 country code"),
         err(6, 29, "countries[4]: 'no' is not an ISO 3166-1 country code; write it in "
             "capitals: 'NO'")],
        id="countries-iso",
    ),
    pytest.param(
        cafe("languages: [de, xx, tr-TR]\n"),
        [err(6, 17, "languages[1]: 'xx' is not an ISO 639 language code; use a code such as "
             "de, en, tr, ar or ta")],
        id="languages-iso-639",
    ),
    pytest.param(
        cafe("contact:\n  website: 'javascript:alert(1)'\n"
             "  social: {mastodon: 'ftp://social.example.org/cafe', web: www.example.org}\n"),
        [err(7, 12, "contact.website: 'javascript:alert(1)' is not a web address; write a "
             "full http:// or https:// URL"),
         err(8, 22, "contact.social.mastodon: 'ftp://social.example.org/cafe' is not a web "
             "address; write a full http:// or https:// URL"),
         err(8, 60, "contact.social.web: 'www.example.org' is not a web address; write a full "
             "http:// or https:// URL")],
        id="urls-http-only",
    ),
    pytest.param(
        cafe("contact:\n  geo: {lat: 9.42, lon: 51.31}\n"),
        [err(7, 8, "contact.geo: 9.42, 51.31 is outside the area of this directory (settings.yml "
             "bounds [[51.26, 9.36], [51.38, 9.58]]) (latitude and longitude swapped?)")],
        id="geo-outside-bounds-swapped",
    ),
    pytest.param(
        cafe("contact:\n  geo: {lat: 52.52, lon: 13.40}\n"),
        [err(7, 8, "contact.geo: 52.52, 13.4 is outside the area of this directory "
             "(settings.yml bounds [[51.26, 9.36], [51.38, 9.58]])")],
        id="geo-outside-bounds",
    ),
    pytest.param(
        cafe("people:\n  - {name: Anna, role: Vorstand, consent: 2026-11-24}\n"),
        [err(7, 43, "people[0].consent: 2026-11-24 is in the future; write the date the "
             "person agreed to be published")],
        id="consent-in-the-future",
    ),
    pytest.param(
        cafe("people:\n  - {name: Anna, role: Vorstand, consent: 2026-02-30}\n"),
        [err(7, 43, "people[0].consent: 2026-02-30 is not a real date; check the month and "
             "day")],
        id="consent-impossible-date",
    ),
    pytest.param(
        cafe(reviewed="2026-11-24"),
        [err(5, 11, "reviewed: 2026-11-24 is in the future; write the date the profile was "
             "last confirmed")],
        id="reviewed-in-the-future",
    ),
    pytest.param(
        cafe(reviewed="2025-11-22"),
        [warn(5, 11, "reviewed 2025-11-22 is more than 12 months ago; ask the association to "
              "confirm its profile and update the date")],
        id="stale",
    ),
    pytest.param(cafe(reviewed="2025-11-23"), [], id="not-yet-stale"),
    pytest.param(cafe("status: inactive\n", reviewed="2020-01-01"), [], id="stale-but-inactive"),
    pytest.param(cafe("status: dissolved\n", reviewed="2020-01-01"), [], id="stale-but-dissolved"),
    pytest.param(
        cafe(summary="{en: A café for everyone., tr: Herkes için bir kafe.}"),
        [warn(3, 10, "summary: no text in 'de', the site's default language; add summary.de")],
        id="summary-without-default-language",
    ),
    pytest.param(cafe(summary="Ein Café für alle."), [], id="summary-plain-text-is-fine"),
    pytest.param(
        cafe(name='"<b>Café</b> Grenzenlos"'),
        [err(1, 7, "name: plain text may not contain HTML tags or entities such as <b> or "
             "&amp;; write the characters themselves")],
        id="markup-tag-in-name",
    ),
    pytest.param(
        cafe(name="Café &lt;Grenzenlos&gt;"),
        [err(1, 7, "name: plain text may not contain HTML tags or entities such as <b> or "
             "&amp;; write the characters themselves")],
        id="markup-entity-in-name",
    ),
    pytest.param(
        cafe(summary="{de: Ein <i>Café</i>., en: A café.}"),
        [err(3, 15, "summary.de: plain text may not contain HTML tags or entities such as <b> "
             "or &amp;; write the characters themselves")],
        id="markup-in-summary",
    ),
    pytest.param(cafe(name='"Café & Grenzenlos <3"'), [], id="ampersand-and-heart-are-text"),
    pytest.param(cafe(summary='"Jung < Alt > Mitte: wir verbinden Generationen."'), [],
                 id="comparison-signs-are-text"),
    pytest.param(
        cafe(name="Café Grenzenlos Kіel"),
        [err(1, 7, "name: the word 'Kіel' mixes Cyrillic and Latin letters; retype it in one "
             "script")],
        id="mixed-scripts-in-name",
    ),
    pytest.param(
        cafe("people:\n  - {name: Аnna Petrova, role: Vorstand, consent: 2026-01-01}\n"),
        [err(7, 12, "people[0].name: the word 'Аnna' mixes Cyrillic and Latin letters; retype "
             "it in one script")],
        id="mixed-scripts-in-person",
    ),
    pytest.param(cafe(name="Кафе Без Границ"), [], id="cyrillic-name-is-fine"),
    pytest.param(cafe(name="Deutsch-Japanische Gesellschaft ドイツ日本協会"), [],
                 id="japanese-scripts-mix-legitimately"),
    pytest.param(cafe(name="Українська громада Мʼяке"), [],
                 id="ukrainian-modifier-apostrophe"),
    pytest.param(
        cafe(name="Aθήνα Verein"),
        [err(1, 7, "name: the word 'Aθήνα' mixes Greek and Latin letters; retype it in one "
             "script")],
        id="latin-letter-in-greek-word",
    ),
    pytest.param(
        cafe("founded: 2027\n"),
        [err(6, 10, "founded: 2027 is in the future; write the year the association was "
             "founded")],
        id="founded-in-the-future",
    ),
]


@pytest.mark.parametrize(("content", "expected"), CROSS_CASES)
def test_association_rule(project: Project, content: str, expected: list[str]) -> None:
    assert project.check(CAFE, content) == expected


MARKDOWN_CASES = [
    pytest.param(
        "description:\n  de: |\n    Willkommen!\n\n    <script>alert(1)</script>\n"
        "  en: '[Programm](javascript:alert(1))'\n",
        [err(10, 5, "description.de: contains raw HTML (<script>); use Markdown instead"),
         err(11, 7, "description.en: contains a 'javascript:' or similar script link; "
             "remove it")],
        id="script-and-javascript-link",
    ),
    pytest.param(
        "description: 'Hallo <span style=\"color:red\">Welt</span>'\n",
        [err(6, 14, 'description: contains raw HTML (<span style="color:red">); use Markdown '
             "instead")],
        id="raw-html-once-per-line",
    ),
    pytest.param(
        "description: '![Logo](https://tracker.example/pixel.png)'\n",
        [err(6, 14, "description: contains an image; images from other sites are not shown "
             "(they would track visitors): remove it")],
        id="image",
    ),
    pytest.param(
        "description: 'Klick hier {: onclick=\"alert(1)\" }'\n",
        [err(6, 14, "description: contains attribute syntax ({: …} or { on…= }); remove it")],
        id="attr-list",
    ),
    pytest.param(
        "description: '[Datei](ftp://files.example.org/x) und <ftp://files.example.org/y>'\n",
        [err(6, 14, "description: links to 'ftp://files.example.org/x'; only http, https, mailto "
             "and tel links are allowed")],
        id="ftp-links",
    ),
    pytest.param(
        "description: '[Mail](mailto:info@example.org), [Tel](tel:+49561), "
        "<https://example.org>, <info@example.org>, **fett**, Jung < Alt > Mitte'\n",
        [],
        id="allowed-markdown",
    ),
]


@pytest.mark.parametrize(("extra", "expected"), MARKDOWN_CASES)
def test_markdown_description(project: Project, extra: str, expected: list[str]) -> None:
    assert project.check(CAFE, cafe(extra)) == expected


def test_markdown_newsletter_body(project: Project) -> None:
    body = (
        "---\ntitle: Rundbrief\ndate: 2026-11-01\n---\n"
        "Intro\n"
        "\n"
        "<div onclick='x'>Hallo</div>\n"
        "[klick](javascript:alert(1))\n"
        "![Zähler](https://tracker.example/p.png)\n"
        "Text {: onclick=\"alert(1)\" }\n"
        "<ftp://files.example.org/y> und [Mail](mailto:a@example.org)\n"
        "<!-- Kommentar -->\n"
    )
    assert project.check(NEWSLETTER_FILE, body, dedent=False) == [
        err(7, 1, "body: contains raw HTML (<div onclick='x'>); use Markdown instead",
            NEWSLETTER_FILE),
        err(8, 9, "body: contains a 'javascript:' or similar script link; remove it",
            NEWSLETTER_FILE),
        err(9, 1, "body: contains an image; images from other sites are not shown (they would "
            "track visitors): remove it", NEWSLETTER_FILE),
        err(10, 6, "body: contains attribute syntax ({: …} or { on…= }); remove it",
            NEWSLETTER_FILE),
        err(11, 2, "body: links to 'ftp://files.example.org/y'; only http, https, mailto and "
            "tel links are allowed", NEWSLETTER_FILE),
        err(12, 1, "body: contains raw HTML (<!--); use Markdown instead", NEWSLETTER_FILE),
    ]


def test_newsletter_plain_text_and_dates(project: Project) -> None:
    content = "---\ntitle: <b>Rundbrief</b>\ndate: 2026-02-30\n---\nText\n"
    assert project.check(NEWSLETTER_FILE, content, dedent=False) == [
        err(2, 8, "title: plain text may not contain HTML tags or entities such as <b> or "
            "&amp;; write the characters themselves", NEWSLETTER_FILE),
        err(3, 7, "date: 2026-02-30 is not a real date; check the month and day",
            NEWSLETTER_FILE),
    ]


LOGO = "directory/logos/cafe.png"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        pytest.param(None, b"", [err(6, 7, "logo: directory/logos/cafe.png does not exist; add "
                                 "the file or remove the line")], id="missing"),
        pytest.param("cafe.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
                     [err(6, 7, "logo: cafe.svg is an SVG; use a PNG, JPEG or WebP file")],
                     id="svg"),
        pytest.param("cafe.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="x"/>',
                     [err(6, 7, "logo: cafe.png is an SVG; use a PNG, JPEG or WebP file")],
                     id="svg-named-png"),
        pytest.param("cafe.png", b"Hallo, ich bin kein Bild.",
                     [err(6, 7, "logo: cafe.png is not an image; use a PNG, JPEG or WebP file")],
                     id="not-an-image"),
        pytest.param("cafe.gif", b"GIF89a" + bytes(20),
                     [err(6, 7, "logo: cafe.gif is not an image; use a PNG, JPEG or WebP file")],
                     id="gif"),
        pytest.param("cafe.png", png(extra=210 * 1024),
                     [err(6, 7, "logo: cafe.png is 210 KB; the limit is 200 KB: make it "
                          "smaller")],
                     id="too-big"),
        pytest.param("cafe.png", png(), [], id="valid-png"),
        pytest.param("cafe.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(100), [],
                     id="valid-jpeg"),
        pytest.param("cafe.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(100), [],
                     id="valid-webp"),
    ],
)
def test_logo(project: Project, name: str | None, data: bytes, expected: list[str]) -> None:
    if name is not None:
        project.write(f"directory/logos/{name}", data)
    assert project.check(CAFE, cafe(f"logo: {name or 'cafe.png'}\n")) == expected


EVENT_CASES = [
    pytest.param(
        markt("end: 2026-12-05T09:00\n", start="2026-12-05T10:00"),
        [err(6, 6, "end (2026-12-05 09:00) is before start (2026-12-05 10:00)", MARKT)],
        id="end-before-start",
    ),
    pytest.param(
        markt("end: 2026-12-04\n", start="2026-12-05"),
        [err(6, 6, "end (2026-12-04) is before start (2026-12-05)", MARKT)],
        id="end-before-start-all-day",
    ),
    pytest.param(markt("end: 2026-12-07\n", start="2026-12-05"), [], id="multi-day"),
    pytest.param(
        markt("end: 2026-12-05T10:30Z\n", start="2026-12-05T11:00+01:00"),
        [],
        id="offsets-compared-as-instants",
    ),
    pytest.param(
        markt("end: 2026-12-06\n"),
        [err(6, 6, "end: write the same kind of value as start (both dates for an all-day "
             "event, or both dates with times)", MARKT)],
        id="end-of-other-kind",
    ),
    pytest.param(
        markt(start="2026-13-45T10:00"),
        [err(2, 8, "start: 2026-13-45T10:00 is not a real date and time; check the month, day, "
             "hour and offset", MARKT)],
        id="impossible-start",
    ),
    pytest.param(
        markt("timezone: Europe/Auenfurt\n"),
        [err(6, 11, "timezone: 'Europe/Auenfurt' is not an IANA time zone; write a name such as "
             "Europe/Berlin or America/New_York", MARKT)],
        id="timezone-invalid",
    ),
    pytest.param(
        markt("repeat: FREQ=MONTHY;BYDAY=1SA\n"),
        [err(6, 9, "repeat: 'FREQ=MONTHY;BYDAY=1SA' is not a valid iCalendar RRULE (invalid "
             "'FREQ': MONTHY); e.g. FREQ=MONTHLY;BYDAY=1SA;COUNT=6", MARKT)],
        id="rrule-invalid-freq",
    ),
    pytest.param(
        markt("repeat: every monday\n"),
        [err(6, 9, "repeat: 'every monday' is not a valid iCalendar RRULE (write NAME=VALUE "
             "parts separated by ';', starting with FREQ=); e.g. FREQ=MONTHLY;BYDAY=1SA;COUNT=6",
             MARKT)],
        id="rrule-prose",
    ),
    pytest.param(
        markt("repeat: FREQ=WEEKLY;UNTIL=20270101\n"),
        [err(6, 9, "repeat: 'FREQ=WEEKLY;UNTIL=20270101' is not a valid iCalendar RRULE (UNTIL "
             "must be in UTC, e.g. UNTIL=20270630T235959Z); e.g. FREQ=MONTHLY;BYDAY=1SA;COUNT=6",
             MARKT)],
        id="rrule-until-not-utc",
    ),
    pytest.param(
        markt("repeat: FREQ=WEEKLY;UNTIL=20270101T000000Z\n", start="2026-12-05"),
        [err(6, 9, "repeat: 'FREQ=WEEKLY;UNTIL=20270101T000000Z' is not a valid iCalendar RRULE "
             "(for an all-day event write UNTIL as a date, e.g. UNTIL=20270630); e.g. "
             "FREQ=MONTHLY;BYDAY=1SA;COUNT=6", MARKT)],
        id="rrule-until-with-time-for-all-day-event",
    ),
    pytest.param(
        markt("repeat: FREQ=WEEKLY;COUNT=3;UNTIL=20270101T000000Z\n"),
        [err(6, 9, "repeat: 'FREQ=WEEKLY;COUNT=3;UNTIL=20270101T000000Z' is not a valid "
             "iCalendar RRULE (use COUNT or UNTIL, not both); e.g. FREQ=MONTHLY;BYDAY=1SA;COUNT=6",
             MARKT)],
        id="rrule-count-and-until",
    ),
    pytest.param(
        markt("repeat: FREQ=DAILY;INTERVAL=0\n"),
        [err(6, 9, "repeat: 'FREQ=DAILY;INTERVAL=0' is not a valid iCalendar RRULE (INTERVAL "
             "must be at least 1); e.g. FREQ=MONTHLY;BYDAY=1SA;COUNT=6", MARKT)],
        id="rrule-interval-0",
    ),
    pytest.param(
        markt("repeat: FREQ=WEEKLY;BYMONTHDAY=32\n"),
        [err(6, 9, "repeat: 'FREQ=WEEKLY;BYMONTHDAY=32' is not a valid iCalendar RRULE "
             "(BYMONTHDAY=32 is out of range (-31…-1 or 1…31)); e.g. "
             "FREQ=MONTHLY;BYDAY=1SA;COUNT=6", MARKT)],
        id="rrule-impossible-day-is-refused-fast",
    ),
    pytest.param(
        markt("repeat: FREQ=MINUTELY\n"),
        [err(6, 9, "repeat: FREQ=MINUTELY is too frequent for an event; use DAILY, WEEKLY, "
             "MONTHLY or YEARLY", MARKT)],
        id="rrule-too-frequent",
    ),
    pytest.param(
        markt("repeat: FREQ=DAILY;BYHOUR=9,10,11\n"),
        [err(6, 9, "repeat: BYHOUR is not supported: the time of day comes from start", MARKT)],
        id="rrule-byhour",
    ),
    pytest.param(
        markt("repeat: FREQ=MONTHLY;BYDAY=1SA;COUNT=6\nexcept: [2027-01-02]\n"),
        [],
        id="rrule-valid",
    ),
    pytest.param(markt("repeat: rrule:freq=monthly;bymonthday=-1\n"), [],
                 id="rrule-lower-case-with-prefix"),
    pytest.param(
        markt("except: [2026-12-12]\n"),
        [err(6, 9, "except: only makes sense together with repeat; remove it or add a repeat "
             "rule", MARKT)],
        id="except-without-repeat",
    ),
    pytest.param(
        markt("repeat: FREQ=WEEKLY;COUNT=4\nexcept: [2026-12-32]\n"),
        [err(7, 10, "except[0]: 2026-12-32 is not a real date; check the month and day",
             MARKT)],
        id="except-impossible-date",
    ),
    pytest.param(
        markt(location="{name: Rathaus}"),
        [err(5, 11, "location: give at least an address or an online link (online: https://…)",
             MARKT)],
        id="location-without-address-or-online",
    ),
    pytest.param(
        markt(location="{online: 'javascript:alert(1)'}"),
        [err(5, 20, "location.online: 'javascript:alert(1)' is not a web address; write a full "
             "http:// or https:// URL", MARKT)],
        id="online-javascript",
    ),
    pytest.param(
        markt(location="{online: 'ftp://stream.example.org/live'}"),
        [err(5, 20, "location.online: 'ftp://stream.example.org/live' is not a web address; "
             "write a full http:// or https:// URL", MARKT)],
        id="online-ftp",
    ),
    pytest.param(
        markt(location="{address: {city: Auenfurt}, geo: {lat: 9.42, lon: 51.31}}"),
        [err(5, 44, "location.geo: 9.42, 51.31 is outside the area of this directory "
             "(settings.yml bounds [[51.26, 9.36], [51.38, 9.58]]) (latitude and longitude "
             "swapped?)", MARKT)],
        id="event-geo-outside-bounds",
    ),
    pytest.param(
        markt("registration: ruf Anna an\n"),
        [err(6, 15, "registration: 'ruf Anna an' is neither a web address (https://…) nor an "
             "email address", MARKT)],
        id="registration-neither-url-nor-email",
    ),
    pytest.param(
        markt("registration: javascript:alert(1)\n"),
        [err(6, 15, "registration: 'javascript:alert(1)' is neither a web address (https://…) "
             "nor an email address", MARKT)],
        id="registration-javascript",
    ),
    pytest.param(markt("registration: anmeldung@example.org\n"), [], id="registration-email"),
    pytest.param(markt("registration: mailto:info@example.org\n"), [], id="registration-mailto"),
    pytest.param(markt("registration: https://example.org/anmelden\n"), [], id="registration-url"),
    pytest.param(
        markt(title="{en: Market of opportunities}"),
        [warn(1, 8, "title: no text in 'de', the site's default language; add title.de", MARKT)],
        id="title-without-default-language",
    ),
    pytest.param(
        markt("cost: {de: 5 &euro;}\n"),
        [err(6, 12, "cost.de: plain text may not contain HTML tags or entities such as <b> or "
             "&amp;; write the characters themselves", MARKT)],
        id="markup-in-cost",
    ),
    pytest.param(
        markt("description: {de: 'Hallo <script>alert(1)</script>'}\n"),
        [err(6, 19, "description.de: contains raw HTML (<script>); use Markdown instead", MARKT)],
        id="script-in-event-description",
    ),
]


@pytest.mark.parametrize(("content", "expected"), EVENT_CASES)
def test_event_rule(project: Project, content: str, expected: list[str]) -> None:
    assert project.check(MARKT, content) == expected


ODD_ZONE_NAMES = ["localtime", "posixrules", "Factory", "", "../etc", "Europe/Berlin ",
                  "europe/berlin", "EUROPE/BERLIN", "posix/Europe/Berlin", "right/UTC", "posix",
                  "right", "Europe", "Europe/", "/Europe/Berlin", "/usr/share/zoneinfo/UTC",
                  "Europe//Berlin", "Europe/./Berlin", "Europe/../UTC", "zone.tab", "tzdata.zi",
                  "UTC\x00", "Etc/GMT+1", "US/Pacific", "Berlin", "Europe/Auenfurt"]


@pytest.mark.parametrize("name", ODD_ZONE_NAMES)
def test_time_zone_names_are_those_zoneinfo_lists(name: str) -> None:
    import zoneinfo

    from verbund.values import is_timezone

    assert is_timezone(name) == (name in zoneinfo.available_timezones())


def test_every_time_zone_zoneinfo_lists_is_one() -> None:
    import zoneinfo

    from verbund.values import is_timezone

    assert [n for n in sorted(zoneinfo.available_timezones()) if not is_timezone(n)] == []


@pytest.fixture
def zone_folder(tmp_path: Path) -> Iterator[Path]:
    """A time zone folder of its own, with the traps of a real one."""
    import zoneinfo

    from verbund import values

    data = b"TZif2" + bytes(40)  # what the list looks for: the start of a TZif file
    folder = tmp_path / "zoneinfo"
    for name in ("Area/City", "Area/Sub/Town", "posixrules", "posix/Area/City", "right/Area/City",
                 "Solo", "Upper/Zone"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    (folder / "zone.tab").write_text("# not a zone\n")
    (folder / "Linked").symlink_to(folder / "Area", target_is_directory=True)
    (folder / "Alias").symlink_to(folder / "Area/City")
    (folder / "Dangling").symlink_to(folder / "nowhere")
    values.timezones.cache_clear()
    values.is_timezone.cache_clear()
    zoneinfo.reset_tzpath(to=[str(folder)])
    try:
        yield folder
    finally:
        zoneinfo.reset_tzpath()
        values.timezones.cache_clear()
        values.is_timezone.cache_clear()


def test_time_zones_of_another_zone_folder(zone_folder: Path) -> None:
    import zoneinfo

    from verbund.values import is_timezone

    names = [*ODD_ZONE_NAMES, "Area/City", "Area/Sub/Town", "Area", "Area/Sub", "Solo",
             "Upper/Zone", "upper/zone", "posix/Area/City", "right/Area/City", "Linked/City",
             "Linked/Sub/Town", "Alias", "Dangling", "nowhere"]
    listed = zoneinfo.available_timezones()
    assert {n: is_timezone(n) for n in names} == {n: n in listed for n in names}


def test_a_valid_time_zone_is_found_without_listing_them_all(
    zone_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Listing every zone opens every file in the folder: more than checking a record."""
    import zoneinfo

    from verbund.values import is_timezone

    def refuse() -> set[str]:
        raise AssertionError("listed every time zone")

    monkeypatch.setattr(zoneinfo, "available_timezones", refuse)
    assert (is_timezone("Area/City"), is_timezone("Area/Sub/Town"), is_timezone("Solo")) == (
        True, True, True)


# --- settings and taxonomy ----------------------------------------------------------


def test_settings_rules(project: Project) -> None:
    content = (
        "municipality: Auenfurt\n"
        "timezone: Berlin\n"
        "languages: [de, en, tr]\n"
        "bounds: [[51.38, 9.58], [51.26, 9.36]]\n"
    )
    # An unsupported site language is reported once, not again for every taxonomy label.
    assert project.check(SETTINGS, content) == [
        err(2, 11, "timezone: 'Berlin' is not an IANA time zone; write a name such as "
            "Europe/Berlin", SETTINGS),
        err(3, 21, "languages[2]: the site's interface exists in de and en; 'tr' cannot be a "
            "site language (records may still have texts in any language)", SETTINGS),
        err(4, 9, "bounds: write [[south, west], [north, east]] with south < north and west < "
            "east, in degrees", SETTINGS),
    ]


def test_settings_schema(project: Project) -> None:
    content = "languages: de\nstale_after_months: 0\ncity: Auenfurt\n"
    assert project.check(SETTINGS, content) == [
        err(1, 1, "missing required field 'municipality'", SETTINGS),
        err(1, 12, "languages: is the text 'de'; write a list, e.g. [a, b] or one '- item' per "
            "line", SETTINGS),
        err(2, 21, "stale_after_months: 0 is below the minimum 1", SETTINGS),
        err(3, 1, "unknown field 'city' (allowed: bounds, event_window_months, languages, "
            "municipality, newsletter, stale_after_months, timezone)", SETTINGS),
    ]


def test_settings_that_are_a_list(project: Project) -> None:
    assert project.check(SETTINGS, "- municipality: Auenfurt\n") == [
        err(1, 1, "a settings file holds a mapping of fields (municipality: …, timezone: …), "
            "but this file holds a list", SETTINGS),
    ]


def test_stale_after_months_from_settings(project: Project) -> None:
    project.write(SETTINGS, project.root.joinpath(SETTINGS).read_text().replace(
        "stale_after_months: 12", "stale_after_months: 2"))
    assert project.problems() == [
        warn(5, 11, "reviewed 2026-09-01 is more than 2 months ago; ask the association to "
             "confirm its profile and update the date", BUENDNIS),
    ]


def test_taxonomy_missing_label_is_a_warning(project: Project) -> None:
    text = project.root.joinpath(TAXONOMY).read_text()
    content = text.replace("world-shop: {de: Weltladen, en: World shop}",
                           "world-shop: {de: Weltladen}")
    assert project.check(TAXONOMY, content, dedent=False) == [
        warn(5, 3, "kinds.world-shop: no label in 'en'; the site will show the id instead",
             TAXONOMY),
    ]


def test_taxonomy_bad_id(project: Project) -> None:
    text = project.root.joinpath(TAXONOMY).read_text()
    content = text.replace("sign-language: {de:", "Sign_Language: {de:")
    assert project.check(TAXONOMY, content, dedent=False) == [
        err(27, 3, "accessibility: 'Sign_Language' is not an id: use lower-case letters a-z, "
            "digits and '-', 3 to 64 characters (the labels carry the spelling shown on the "
            "site)", TAXONOMY),
    ]


def test_taxonomy_without_topics(project: Project) -> None:
    content = """\
        kinds:
          world-shop: {de: Weltladen, en: World shop}
          alliance: {de: Bündnis, en: Alliance}
        formats:
          workshop: {de: Workshop, en: Workshop}
        """
    assert project.check(TAXONOMY, content) == [
        err(4, 10, "topics[0]: 'anti-racism' is not allowed: taxonomy.yml defines no topics; "
            "add it there first", BUENDNIS),
        err(4, 10, "topics[0]: 'fair-trade' is not allowed: taxonomy.yml defines no topics; add "
            "it there first", ASSOCIATION),
        err(4, 22, "topics[1]: 'education' is not allowed: taxonomy.yml defines no topics; add "
            "it there first", ASSOCIATION),
        err(1, 1, "missing required field 'topics'", TAXONOMY),
    ]


# --- the report as a whole ----------------------------------------------------------


def test_every_problem_of_a_file_in_one_run_sorted_by_line(project: Project) -> None:
    content = (
        "name: <b>Café</b>\n"
        "kind: cafe\n"
        "summary: {de: Ein Café., en: A café.}\n"
        "topics: [culture, culture]\n"
        "countries: [XX]\n"
        "founded: 2030\n"
        "volunteer_run: yes\n"
        "reviewed: 2027-01-01\n"
        "colour: red\n"
    )
    problems = project.check(CAFE, content)
    assert problems == [
        err(1, 7, "name: plain text may not contain HTML tags or entities such as <b> or &amp;; "
            "write the characters themselves"),
        err(2, 7, f"kind: 'cafe' is not one of the kinds in taxonomy.yml (choose from: {KINDS})"),
        err(4, 19, "topics[1]: 'culture' is listed twice"),
        err(5, 13, "countries[0]: 'XX' is not an ISO 3166-1 country code"),
        err(6, 10, "founded: 2030 is in the future; write the year the association was founded"),
        err(7, 16, "volunteer_run: 'yes' is not a boolean; use true or false"),
        err(8, 11, "reviewed: 2027-01-01 is in the future; write the date the profile was last "
            "confirmed"),
        err(9, 1, f"unknown field 'colour' (allowed: {ALLOWED_FIELDS})"),
    ]


def test_problems_are_sorted_by_file_then_line(project: Project) -> None:
    project.write(MARKT, markt("status: later\n"))
    project.write(CAFE, cafe("founded: 2030\n", kind="cafe"))
    problems = project.problems()
    assert problems == sorted(problems, key=lambda line: (line.split(":")[0],
                                                          int(line.split(":")[1])))
    assert [p.split(":")[0] for p in problems] == [CAFE, CAFE, MARKT]


def test_validation_is_fast(project: Project) -> None:
    for i in range(200):
        project.write(f"directory/associations/verein-{i:03}.yml",
                      cafe(name=f"Verein Nummer {i}"))
    started = time.perf_counter()
    assert project.problems() == []
    assert time.perf_counter() - started < 3
