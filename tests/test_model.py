"""The model: typed, immutable objects built only from records that validated."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import FIXTURES, TODAY, Project
from verbund import open_directory
from verbund.model import Association, Directory, Event, I18n, NewsletterIssue, kept

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module")
def nordhafen(tmp_path_factory: pytest.TempPathFactory) -> Directory:
    root = tmp_path_factory.mktemp("model") / "other-city"
    shutil.copytree(FIXTURES / "other-city", root)
    directory, problems = open_directory(root, TODAY)
    assert problems == []
    assert directory is not None
    return directory


def test_types_of_the_fixture(nordhafen: Directory) -> None:
    assert nordhafen.today == TODAY
    settings = nordhafen.settings
    assert settings.languages == ("en", "de")
    assert settings.default_language == "en"
    assert settings.stale_after_months == 6
    assert settings.bounds == ((54.20, 10.00), (54.45, 10.30))
    assert settings.tz == BERLIN
    assert settings.newsletter is not None
    assert settings.newsletter.editor_email == "news@example.net"

    friends = nordhafen.by_slug["nordic-friends"]
    assert isinstance(friends, Association)
    assert friends.countries == ("NO", "SE")
    assert friends.languages == ("en", "de", "nb", "sv")
    assert friends.topics == ("sailing", "friendship")
    assert friends.member_of == ("harbour-network",)
    assert friends.founded == 1987
    assert friends.volunteer_run is True
    assert friends.reviewed == date(2026, 10, 1)
    assert friends.contact.address is not None
    assert friends.contact.address.postcode == "24103"
    assert friends.contact.address.lines() == ("Kai 3", "24103 Nordhafen")
    assert friends.contact.geo is not None
    assert (friends.contact.geo.lat, friends.contact.geo.lon) == (54.32, 10.14)
    assert isinstance(friends.summary, I18n)

    assert nordhafen.taxonomy.kinds["club"].label("de") == "Verein"
    assert nordhafen.taxonomy.districts == ("Harbour", "Old Town")
    assert [a.slug for a in nordhafen.members["harbour-network"]] == ["nordic-friends",
                                                                      "old-salts"]


def test_objects_are_immutable(nordhafen: Directory) -> None:
    friends = nordhafen.by_slug["nordic-friends"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        friends.name = "Other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        friends.summary._texts = {}  # type: ignore[misc]
    assert isinstance(friends.topics, tuple)


def test_inactive_associations_sort_last(nordhafen: Directory) -> None:
    assert [a.slug for a in nordhafen.associations] == [
        "harbour-network", "nordic-friends", "old-salts",
    ]
    assert not nordhafen.by_slug["old-salts"].active
    # Stale by date (6 months), but inactive: nobody is asked to confirm it.
    assert nordhafen.is_stale(nordhafen.by_slug["old-salts"])


def test_sort_key_orders_by_status_then_folded_name() -> None:
    def association(name: str, status: str) -> Association:
        return Association(slug=name.lower(), path="", name=name, kind="club",
                           summary=I18n(name), topics=("x",), reviewed=TODAY, status=status)

    items = [association("Zebra", "active"), association("Ärzte", "dissolved"),
             association("Öko", "inactive"), association("ämter", "active")]
    assert [a.name for a in sorted(items, key=Association.sort_key)] == [
        "ämter", "Zebra", "Öko", "Ärzte",
    ]


def test_what_is_made_of_a_record_object_is_kept_with_it_per_key() -> None:
    def association() -> Association:
        return Association(slug="a", path="", name="A", kind="club", summary=I18n("A"),
                           topics=("x",), reviewed=TODAY)

    made: list[str] = []

    def make(what: str) -> list[str]:
        made.append(what)
        return [what]

    one, equal = association(), association()
    first = kept(one, ("pages", ("de", "en")), lambda: make("de+en"))
    assert kept(one, ("pages", ("de", "en")), lambda: make("again")) is first
    assert kept(one, ("pages", ("en",)), lambda: make("en")) == ["en"]  # another key
    assert kept(equal, ("pages", ("de", "en")), lambda: make("equal")) == ["equal"]
    assert made == ["de+en", "en", "equal"]  # an equal object is another record's
    # What is kept is no field: the record compares and hashes by its fields alone.
    assert one == equal and hash(one) == hash(equal)
    assert [f.name for f in dataclasses.fields(one)].count("_kept") == 0


def test_events(nordhafen: Directory) -> None:
    supper = nordhafen.events_by_id["midsummer-supper"]
    assert isinstance(supper, Event)
    assert supper.start == datetime(2027, 6, 25, 18, 0, tzinfo=BERLIN)
    assert supper.start.utcoffset() == timedelta(hours=2)  # summer time in Berlin
    assert supper.end == datetime(2027, 6, 25, 23, 0, tzinfo=BERLIN)
    assert not supper.all_day
    assert supper.title.text("de") == "Mittsommer-Abendessen"
    assert supper.location.mode == "offline"
    assert supper.timezone == "Europe/Berlin"
    assert not supper.timezone_given

    regatta = nordhafen.events_by_id["winter-regatta"]
    assert regatta.start == date(2026, 12, 6)
    assert type(regatta.start) is date
    assert regatta.all_day
    assert regatta.end is None
    assert regatta.repeat == "FREQ=WEEKLY;BYDAY=SU;COUNT=4"
    assert regatta.exceptions == (date(2026, 12, 20),)
    assert regatta.status == "cancelled"
    assert regatta.location.mode == "online"


def test_newsletter(nordhafen: Directory) -> None:
    (issue,) = nordhafen.newsletters
    assert isinstance(issue, NewsletterIssue)
    assert issue.date == date(2026, 11, 1)
    assert issue.body == "The winter regatta is on. Read more at <https://example.net>.\n"
    assert issue.body_line == 6
    assert issue.summary is not None


@pytest.mark.parametrize(
    ("start", "timezone_line", "expected"),
    [
        pytest.param("2026-12-05T10:00", "", datetime(2026, 12, 5, 10, tzinfo=BERLIN),
                     id="local-time-in-site-timezone"),
        pytest.param("2026-12-05T10:00+05:30", "",
                     datetime(2026, 12, 5, 10, tzinfo=timezone(timedelta(hours=5, minutes=30))),
                     id="explicit-offset-kept"),
        pytest.param("2026-12-05T10:00Z", "", datetime(2026, 12, 5, 10, tzinfo=UTC),
                     id="utc"),
        pytest.param("2026-12-05 10:00", "timezone: America/New_York\n",
                     datetime(2026, 12, 5, 10, tzinfo=ZoneInfo("America/New_York")),
                     id="own-timezone"),
        pytest.param("2026-12-05", "", date(2026, 12, 5), id="all-day"),
    ],
)
def test_event_start(project: Project, start: str, timezone_line: str,
                     expected: date | datetime) -> None:
    project.write("directory/events/2026/fruehstueck.yml", (
        "title: Frühstück\n"
        f"start: {start}\n"
        f"{timezone_line}"
        "organizers: [weltladen-auenfurt]\n"
        "format: workshop\n"
        "location: {online: https://example.org/live}\n"
    ))
    directory, problems = open_directory(project.root, TODAY)
    assert problems == []
    assert directory is not None
    (event,) = directory.events
    assert event.start == expected
    assert type(event.start) is type(expected)
    if isinstance(expected, datetime):
        assert event.start.tzinfo == expected.tzinfo
        assert event.start.utcoffset() == expected.utcoffset()
    assert event.timezone_given is bool(timezone_line)


def test_repeat_rule_is_normalised(project: Project) -> None:
    project.write("directory/events/2026/fruehstueck.yml", (
        "title: Frühstück\n"
        "start: 2026-12-05\n"
        "repeat: ' rrule:freq=monthly;byday=1sa;until=20270630'\n"
        "organizers: [weltladen-auenfurt]\n"
        "format: workshop\n"
        "location: {online: https://example.org/live}\n"
    ))
    directory, problems = open_directory(project.root, TODAY)
    assert problems == []
    assert directory is not None
    assert directory.events[0].repeat == "FREQ=MONTHLY;BYDAY=1SA;UNTIL=20270630"


def test_no_model_when_there_is_an_error(project: Project) -> None:
    project.write("directory/events/2026/fruehstueck.yml", "title: Frühstück\n")
    directory, problems = open_directory(project.root, TODAY)
    assert directory is None
    assert problems


def test_warnings_still_give_a_model(project: Project) -> None:
    path = project.root / "directory/associations/buendnis-vielfalt.yml"
    path.write_text(path.read_text().replace("2026-09-01", "2024-01-01"))
    directory, problems = open_directory(project.root, TODAY)
    assert [p.severity for p in problems] == ["warning"]
    assert directory is not None
    assert directory.is_stale(directory.by_slug["buendnis-vielfalt"])


@pytest.mark.parametrize(
    ("texts", "lang", "fallbacks", "expected"),
    [
        pytest.param({"de": "Hallo", "en": "Hello"}, "en", (), ("en", "Hello"), id="exact"),
        pytest.param({"de": "Hallo", "en": "Hello"}, "tr", ("de",), ("de", "Hallo"),
                     id="fallback"),
        pytest.param({"de": "Hallo", "en": "Hello"}, "tr", ("ar", "en"), ("en", "Hello"),
                     id="second-fallback"),
        pytest.param({"ta": "வணக்கம்"}, "de", ("en",), ("ta", "வணக்கம்"), id="any-text"),
        pytest.param("Hallo", "en", ("de",), ("", "Hallo"), id="plain-string"),
        pytest.param({}, "de", (), ("", ""), id="nothing"),
    ],
)
def test_i18n_pick(texts: dict[str, str] | str, lang: str, fallbacks: tuple[str, ...],
                   expected: tuple[str, str]) -> None:
    text = I18n(texts)
    assert text.pick(lang, fallbacks) == expected
    assert text.text(lang, fallbacks) == expected[1]


def test_i18n_is_an_immutable_hashable_mapping() -> None:
    text = I18n({"de": "Hallo", "en": "Hello"})
    assert dict(text) == {"de": "Hallo", "en": "Hello"}
    assert len(text) == 2
    assert hash(text) == hash(I18n({"en": "Hello", "de": "Hallo"}))
    with pytest.raises(AttributeError):
        text.extra = 1  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        text["fr"] = "Bonjour"  # type: ignore[index]


def test_model_does_not_share_state_between_builds(tmp_path: Path) -> None:
    root = tmp_path / "other-city"
    shutil.copytree(FIXTURES / "other-city", root)
    first, _ = open_directory(root, TODAY)
    second, _ = open_directory(root, date(2027, 12, 1))
    assert first is not None and second is not None
    assert first.today != second.today
    assert first.by_slug is not second.by_slug
