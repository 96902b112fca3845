"""The ``verbund`` command, run in-process: exit status, exact output, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ASSOCIATION, EVENT_FILE, FIXTURES, NEWSLETTER_FILE, Project
from verbund import cli, cli_args
from verbund.load import load_file

BUENDNIS = "directory/associations/buendnis-vielfalt.yml"
CAFE = "directory/associations/cafe-grenzenlos.yml"


@pytest.fixture(autouse=True)
def _pinned_today(cli_env: None) -> None:
    """Every CLI run here sees VERBUND_TODAY=2026-11-23."""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``verbund argv…``; return exit status, stdout and stderr (never a traceback)."""
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse: --help and wrong usage
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert "Traceback" not in out
    return code, out, err


@pytest.fixture
def spoilt(project: Project) -> Project:
    """The project with one error and one warning in the Weltladen record."""
    project.write(ASSOCIATION, """\
        name: Weltladen Auenfurt e.V.
        kind: world-shop
        summary: {de: Fairer Handel., en: Fair trade.}
        topics: [fair-trade]
        countries: [XX]
        reviewed: 2025-01-10
        """)
    return project


ERROR_LINE = f"{ASSOCIATION}:5:13: error: countries[0]: 'XX' is not an ISO 3166-1 country code"
STALE = ("reviewed 2025-01-10 is more than 12 months ago; ask the association to confirm its "
         "profile and update the date")
WARNING_LINE = f"{ASSOCIATION}:6:11: warning: {STALE}"


# --- validate -----------------------------------------------------------------------


def test_other_city_fixture_exits_0_with_only_what_it_deserves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "other-city"
    shutil.copytree(FIXTURES / "other-city", root)
    monkeypatch.chdir(root / "directory" / "associations")  # found from a sub-folder too
    # Old Salts were last reviewed in January 2025, far beyond the 6 months of this
    # city's settings, but they are inactive: no reminder. NO and SE are Norway and Sweden.
    assert run(capsys, "validate") == (0, "", "0 errors, 0 warnings in the directory\n")


def test_valid_project_exits_0(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "validate", str(project.root)) == (
        0, "", "0 errors, 0 warnings in the directory\n",
    )


def test_errors_exit_1(spoilt: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "validate", str(spoilt.root)) == (
        1, f"{ERROR_LINE}\n{WARNING_LINE}\n", "1 error, 1 warning in the directory\n",
    )


def test_warnings_alone_exit_0(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project.write(BUENDNIS, project.root.joinpath(BUENDNIS).read_text().replace(
        "2026-09-01", "2025-01-10"))
    code, out, err = run(capsys, "validate", str(project.root))
    assert (code, err) == (0, "0 errors, 1 warning in the directory\n")
    assert out == f"{BUENDNIS}:5:11: warning: {STALE}\n"


def test_strict_turns_warnings_into_errors(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project.write(BUENDNIS, project.root.joinpath(BUENDNIS).read_text().replace(
        "2026-09-01", "2025-01-10"))
    assert run(capsys, "validate", "--strict", str(project.root)) == (
        1, f"{BUENDNIS}:5:11: error: {STALE}\n", "1 error, 0 warnings in the directory\n",
    )


def test_format_github(spoilt: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "validate", "--format", "github", str(spoilt.root)) == (
        1,
        f"::error file={ASSOCIATION},line=5,col=13::countries[0]: 'XX' is not an ISO 3166-1 "
        "country code\n"
        f"::warning file={ASSOCIATION},line=6,col=11::{STALE}\n",
        "",
    )


def test_format_github_cannot_be_injected(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project.write(CAFE, """\
        name: Café Grenzenlos
        kind: migrant-organisation
        summary: Ein Café.
        topics: [culture]
        countries: ["X%0A::error file=x::pwned", "a\\n::error::pwned"]
        reviewed: 2026-10-01
        """)
    code, out, _ = run(capsys, "validate", "--format", "github", str(project.root))
    assert code == 1
    assert out.splitlines() == [
        f"::error file={CAFE},line=5,col=13::countries[0]: 'X%250A::error file=x::pwned' is not "
        "an ISO 3166-1 country code",
        f"::error file={CAFE},line=5,col=42::countries[1]: 'a%0A::error::pwned' is not an "
        "ISO 3166-1 country code",
    ]


def test_text_output_keeps_one_problem_per_line(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project.write(CAFE, """\
        name: Café Grenzenlos
        kind: migrant-organisation
        summary: Ein Café.
        topics: [culture]
        countries: ["a\\nb"]
        reviewed: 2026-10-01
        """)
    code, out, _ = run(capsys, "validate", str(project.root))
    assert (code, out) == (
        1, f"{CAFE}:5:13: error: countries[0]: 'a\\nb' is not an ISO 3166-1 country code\n",
    )


def test_format_json(spoilt: Project, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", "--format", "json", str(spoilt.root))
    assert (code, err) == (1, "")
    assert json.loads(out) == [
        {"path": ASSOCIATION, "line": 5, "col": 13, "severity": "error",
         "message": "countries[0]: 'XX' is not an ISO 3166-1 country code"},
        {"path": ASSOCIATION, "line": 6, "col": 11, "severity": "warning", "message": STALE},
    ]


@pytest.mark.parametrize("files", [0, 300], ids=["little output", "more than a pipe holds"])
@pytest.mark.parametrize("module", ["verbund", "verbund.cli"])
def test_the_command_exits_with_all_it_wrote(spoilt: Project, module: str, files: int) -> None:
    """The command leaves without tearing Python down (cli.run): what it wrote to a
    pipe still arrives whole, with the exit status of the check."""
    for number in range(files):
        spoilt.write(f"directory/associations/verein-{number:03}.yml",
                     "name: Verein\nkind: alliance\nsummary: {de: X.}\nreviewed: 2026-10-01\n"
                     "countries: [XX]\n")
    # Output to a pipe is block-buffered, unless PYTHONUNBUFFERED says otherwise.
    environ = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    result = subprocess.run([sys.executable, "-m", module, "validate", str(spoilt.root)],
                            capture_output=True, text=True, check=False,
                            env={**environ, "VERBUND_TODAY": "2026-11-23"})
    assert result.returncode == 1, result.stderr
    assert result.stdout.endswith("\n") and result.stderr.endswith(" in the directory\n")
    lines = result.stdout.splitlines()
    assert len(lines) == int(result.stderr.split()[0]) + 1  # every error and the warning
    assert lines[-1].startswith("directory/associations/weltladen-auenfurt.yml:")


def test_format_json_without_problems(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "validate", "--format", "json", str(project.root))
    assert code == 0
    assert out == ""


def test_single_file(spoilt: Project, capsys: pytest.CaptureFixture[str]) -> None:
    # The broken Weltladen record is not reported; the event's organizer (that very
    # record) still resolves, because references are judged against the whole directory.
    assert run(capsys, "validate", str(spoilt.root / EVENT_FILE)) == (
        0, "", "0 errors, 0 warnings in 1 file\n",
    )
    assert run(capsys, "validate", str(spoilt.root / ASSOCIATION)) == (
        1, f"{ERROR_LINE}\n{WARNING_LINE}\n", "1 error, 1 warning in 1 file\n",
    )


def test_several_files(spoilt: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "validate", str(spoilt.root / EVENT_FILE),
               str(spoilt.root / ASSOCIATION)) == (
        1, f"{ERROR_LINE}\n{WARNING_LINE}\n", "1 error, 1 warning in 2 files\n",
    )


def test_single_file_relative_to_the_working_directory(
    spoilt: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(spoilt.root / "directory" / "associations")
    assert run(capsys, "validate", "weltladen-auenfurt.yml") == (
        1, f"{ERROR_LINE}\n{WARNING_LINE}\n", "1 error, 1 warning in 1 file\n",
    )


def test_single_file_that_is_no_record(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project.write("notes.yml", "x: 1\n")
    assert run(capsys, "validate", str(project.root / "notes.yml")) == (
        1,
        "notes.yml:1:1: error: is not a record: Verbund reads directory/settings.yml, "
        "directory/taxonomy.yml and the files in directory/associations/, directory/events/ "
        "and directory/newsletter/\n",
        "1 error, 0 warnings in 1 file\n",
    )


MARKT = "directory/events/2027/markt.yml"
FRUEHSTUECK_CLUB = "directory/associations/fruehstueck.yml"
ISSUE = "directory/newsletter/2026-12.md"
NO_ORGANISER = ("organizers[1]: there is no association 'nirgends-verein' "
                "(directory/associations/nirgends-verein.yml does not exist)")


def markt(organizers: str) -> str:
    return ("title: {de: Markt, en: Market}\nstart: 2027-01-09T10:00\n"
            f"organizers: {organizers}\nformat: open-space\n"
            "location: {address: {street: Marktgasse 8, city: Auenfurt}}\n")


def issue(body: str) -> str:
    return f"---\ntitle: Rundbrief Dezember\ndate: 2026-12-01\n---\n{body}\n"


CLUB = ("name: Frühstücksclub\nkind: one-world-group\nsummary: {de: Frühstück., en: "
        "Breakfast.}\ntopics: [culture]\nreviewed: 2026-10-01\n")


@pytest.mark.parametrize(
    ("files", "checked", "expected"),
    [
        pytest.param({MARKT: markt("[buendnis-vielfalt, weltladen-auenfurt]")}, MARKT, "",
                     id="organisers-in-other-files"),
        pytest.param({MARKT: markt("[buendnis-vielfalt, nirgends-verein]")}, MARKT,
                     f"{MARKT}:3:33: error: {NO_ORGANISER}\n", id="organiser-missing"),
        pytest.param({CAFE: CLUB.replace("reviewed", "member_of: [buendnis-vielfalt]\nreviewed")},
                     CAFE, "", id="member-of-another-file"),
        pytest.param({FRUEHSTUECK_CLUB: CLUB}, FRUEHSTUECK_CLUB,
                     f"{FRUEHSTUECK_CLUB}:1:1: error: id 'fruehstueck' is already used by "
                     f"{EVENT_FILE}; rename one of the files\n", id="id-of-an-event-in-a-year"),
        pytest.param({FRUEHSTUECK_CLUB: CLUB}, EVENT_FILE,
                     f"{EVENT_FILE}:1:1: error: id 'fruehstueck' is already used by "
                     f"{FRUEHSTUECK_CLUB}; rename one of the files\n",
                     id="id-of-an-association"),
        pytest.param({MARKT.replace("markt", "fruehstueck"): markt("[buendnis-vielfalt]")},
                     EVENT_FILE, f"{EVENT_FILE}:1:1: error: id 'fruehstueck' is already used by "
                     "directory/events/2027/fruehstueck.yml; rename one of the files\n",
                     id="id-of-an-event-in-another-year"),
        pytest.param({ISSUE: issue("[[fruehstueck]], [[weltladen-auenfurt]], [[2026-11]] and "
                                   "[das Frühstück](../events/2026/fruehstueck.yml).")},
                     ISSUE, "", id="newsletter-links-to-records"),
        pytest.param({ISSUE: issue("Zum [[fruehstuek]]!")}, ISSUE,
                     f"{ISSUE}:5:7: error: body: link [[fruehstuek]]: there is no association, "
                     "event or newsletter issue 'fruehstuek'; did you mean 'fruehstueck'?\n",
                     id="newsletter-link-to-a-missing-event"),
        pytest.param({ISSUE: issue("[Frühstück](../events/2027/fruehstueck.yml)")}, ISSUE, "",
                     id="newsletter-link-by-path-judged-by-id"),
    ],
)
def test_single_file_judges_references_and_ids_by_the_other_files(
    project: Project, capsys: pytest.CaptureFixture[str], files: dict[str, str], checked: str,
    expected: str,
) -> None:
    for relative, text in files.items():
        project.write(relative, text)
    errors = expected.count(": error: ")
    assert run(capsys, "validate", str(project.root / checked)) == (
        int(errors > 0), expected, f"{errors} error{'s' * (errors != 1)}, 0 warnings in 1 file\n",
    )


NOT_FOR_ONE_FILE = ("dataclasses", "inspect", "pickle", "hashlib", "difflib", "tempfile",
                    "multiprocessing", "jsonschema", "dateutil", "babel", "verbund.formfields",
                    "verbund.parallel", "verbund.model", "argparse", "verbund.cli_args",
                    "fastjsonschema", "decimal")
"""What checking one valid record does not need: `verbund validate FILE` runs in editors
on every save, and importing these would cost it more than the check itself. (The
validators' code is compiled, with fastjsonschema, by the first run only.)"""


@pytest.mark.parametrize("record", [ASSOCIATION, EVENT_FILE, NEWSLETTER_FILE])
def test_checking_one_file_loads_only_what_it_needs(
    project: Project, record: str, tmp_path: Path
) -> None:
    code = ("import sys; before = set(sys.modules); from verbund.cli import main; "
            f"code = main(['validate', {str(project.root / record)!r}]); "
            f"print(code, sorted(set({NOT_FOR_ONE_FILE!r}) & (set(sys.modules) - before)))")
    env = {**os.environ, "VERBUND_TODAY": "2026-11-23", "VERBUND_CACHE_DIR": str(tmp_path)}
    first, second = (subprocess.run([sys.executable, "-c", code], capture_output=True,
                                    text=True, check=True, env=env) for _ in range(2))
    assert first.stdout.startswith("0 [") and "fastjsonschema" in first.stdout
    assert second.stdout.strip() == "0 []"


@pytest.mark.parametrize("argv", [
    ["validate"], ["validate", "a.yml"], ["validate", "a.yml", "b.yml"], ["validate", "."],
    ["validate", ""], ["validate", "directory/associations/café grenzenlos.yml"],
])
def test_plain_validate_reads_what_the_parser_reads(argv: list[str]) -> None:
    plain = cli.plain_validate(argv)
    assert plain is not None
    assert vars(plain) == vars(cli_args.parser().parse_args(argv))


@pytest.mark.parametrize("argv", [
    [], ["stale"], ["validate", "--strict", "a.yml"], ["validate", "a.yml", "--format=json"],
    ["validate", "--", "-odd.yml"], ["validate", "-h"], ["new", "event", "validate"],
])
def test_anything_else_goes_to_the_parser(argv: list[str]) -> None:
    assert cli.plain_validate(argv) is None


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(["validate", "--bogus"], "verbund: error: unrecognized arguments: --bogus\n",
                     id="unknown-option"),
        pytest.param(["validate", "--format", "xml"],
                     "verbund validate: error: argument --format: invalid choice: 'xml' (choose "
                     "from text, github, json)\n", id="unknown-format"),
        pytest.param([], "verbund: error: the following arguments are required: command\n",
                     id="no-command"),
        pytest.param(["lint"], "verbund: error: argument command: invalid choice: 'lint' (choose "
                     "from validate, stale, new, issue-forms, from-issue, pr-summary, reminder)\n",
                     id="unknown-command"),
        pytest.param(["new", "thing", "x"], "verbund new: error: argument kind: invalid choice: "
                     "'thing' (choose from association, event)\n", id="new-unknown-kind"),
    ],
)
def test_wrong_usage_exits_2(
    project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    argv: list[str], message: str,
) -> None:
    monkeypatch.chdir(project.root)
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.startswith("usage: verbund")
    # argparse quotes choices differently across Python versions ('a', 'b' or a, b).
    assert err.splitlines()[-1].replace("'", "") == message.strip().replace("'", "")


def test_the_usage_of_a_wrong_validate_names_every_command(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """`verbund validate` makes its own part of the command line only; its usage line
    on a mistake is still the whole command's."""
    code, _, err = run(capsys, "validate", "--bogus", str(project.root))
    assert code == 2
    assert err.startswith(cli_args.parser().format_usage())
    assert "{validate,stale,new,issue-forms,from-issue,pr-summary,reminder}" in err
    assert "{validate}" in cli_args.parser("validate").format_usage()  # what it would have said


def test_non_existent_path_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere"
    assert run(capsys, "validate", str(missing)) == (
        2, "", f"verbund: error: {missing}: no such file or folder\n",
    )


def test_folder_without_directory_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "validate") == (
        2, "", f"verbund: error: {tmp_path.resolve()}: no 'directory/' folder here or above; "
        "pass the project root\n",
    )


def test_sub_folder_exits_2(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "validate", str(project.root / ASSOCIATION),
               str(project.root / "directory" / "events")) == (
        2, "", "verbund: error: pass the project root or record files, not sub-folders\n",
    )


@pytest.mark.parametrize("argv", [["--help"], ["validate", "--help"], ["stale", "--help"],
                                  ["new", "--help"]])
def test_help(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert out.startswith("usage: verbund")


def test_a_bug_is_one_line_not_a_traceback(
    project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(cli, "validate", broken)
    assert run(capsys, "validate", str(project.root)) == (
        3, "", "verbund: internal error: KeyError: 'boom' (set VERBUND_DEBUG=1 for details and "
        "please report it)\n",
    )


# --- stale --------------------------------------------------------------------------


@pytest.fixture
def stale(project: Project) -> Project:
    """Two stale active profiles, one stale inactive one, one fresh one."""
    project.write(ASSOCIATION, project.root.joinpath(ASSOCIATION).read_text().replace(
        "reviewed: 2026-10-28", "reviewed: 2025-06-15\nmaintainers: [weltladen-afu, '@jonas-r']"))
    project.write(BUENDNIS, project.root.joinpath(BUENDNIS).read_text().replace(
        "2026-09-01", "2025-01-10"))
    project.write(CAFE, """\
        name: Café Grenzenlos
        kind: migrant-organisation
        summary: Ein Café.
        topics: [culture]
        status: inactive
        reviewed: 2020-01-01
        """)
    return project


def test_stale_oldest_first(stale: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "stale", str(stale.root)) == (
        0,
        f"{BUENDNIS}: reviewed 2025-01-10 (22 months ago)  Bündnis Vielfalt\n"
        f"{ASSOCIATION}: reviewed 2025-06-15 (17 months ago)  Weltladen Auenfurt e.V.  "
        "maintainers: @weltladen-afu, @jonas-r\n",
        "2 of 3 profiles are due for confirmation (older than 12 months)\n",
    )


def test_stale_json(stale: Project, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "stale", "--format", "json", str(stale.root))
    assert (code, err) == (0, "")
    assert json.loads(out) == [
        {"slug": "buendnis-vielfalt", "name": "Bündnis Vielfalt", "path": BUENDNIS,
         "reviewed": "2025-01-10", "months": 22, "maintainers": []},
        {"slug": "weltladen-auenfurt", "name": "Weltladen Auenfurt e.V.", "path": ASSOCIATION,
         "reviewed": "2025-06-15", "months": 17, "maintainers": ["weltladen-afu", "jonas-r"]},
    ]


def test_stale_none(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "stale", str(project.root)) == (
        0, "", "0 of 2 profiles are due for confirmation (older than 12 months)\n",
    )


def test_stale_needs_a_valid_directory(
    spoilt: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "stale", str(spoilt.root)) == (
        1, f"{ERROR_LINE}\n",
        "fix these errors first; 'verbund stale' needs a valid directory\n",
    )


# --- new ----------------------------------------------------------------------------


def test_new_association_validates_once_filled_in(
    project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project.root)
    code, out, err = run(capsys, "new", "association", "Café Grenzenlos")
    assert (code, out) == (0, f"{CAFE}\n")
    assert err == (f"wrote a template for association 'Café Grenzenlos'; fill it in, then run: "
                   f"verbund validate {CAFE}\n")
    file = project.root / CAFE
    text = file.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=https://example.org/schema/"
                           "association.json\n")
    assert 'name: "Café Grenzenlos"\n' in text
    assert "reviewed: 2026-11-23\n" in text

    # As written, only the placeholders are wrong, and the report says which.
    assert run(capsys, "validate", CAFE) == (
        1,
        f"{CAFE}:9:7: error: summary.de: is empty; write a text or remove the line\n"
        f"{CAFE}:10:7: error: summary.en: is empty; write a text or remove the line\n",
        "2 errors, 0 warnings in 1 file\n",
    )
    file.write_text(text.replace('de: ""', 'de: "Ein Café für alle."')
                    .replace('en: ""', 'en: "A café for everyone."'), "utf-8")
    assert run(capsys, "validate", CAFE) == (0, "", "0 errors, 0 warnings in 1 file\n")
    assert run(capsys, "validate") == (0, "", "0 errors, 0 warnings in the directory\n")


def test_new_event_validates_once_filled_in(
    project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project.root)
    path = "directory/events/fest-der-kulturen.yml"
    assert run(capsys, "new", "event", "Fest der Kulturen")[:2] == (0, f"{path}\n")
    file = project.root / path
    text = file.read_text("utf-8")
    file.write_text(text.replace("your-association-slug", "weltladen-auenfurt")
                    .replace('name: ""', "name: Rathaus")
                    .replace('{street: "", postcode: "", city: ""}',
                             '{street: Markt 1, postcode: "34117", city: Auenfurt}'), "utf-8")
    assert run(capsys, "validate", path) == (0, "", "0 errors, 0 warnings in 1 file\n")


def test_new_refuses_to_overwrite(
    project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project.root)
    before = project.root.joinpath(ASSOCIATION).read_bytes()
    assert run(capsys, "new", "association", "Weltladen Auenfurt") == (
        2, "", f"verbund: error: {ASSOCIATION} already exists; edit it instead\n",
    )
    assert project.root.joinpath(ASSOCIATION).read_bytes() == before


def test_new_needs_a_usable_name(
    project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project.root)
    assert run(capsys, "new", "association", "!!") == (
        2, "", "verbund: error: '!!' gives no usable file name; use a longer name\n",
    )


def test_new_quotes_awkward_names(
    project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project.root)
    name = 'Verein "Brücke": Treff # 1 \\ 2'
    assert run(capsys, "new", "association", name)[0] == 0
    text = project.root.joinpath("directory/associations/verein-bruecke-treff-1-2.yml").read_text()
    assert 'name: "Verein \\"Brücke\\": Treff # 1 \\\\ 2"\n' in text
    doc = load_file(project.root / "directory/associations/verein-bruecke-treff-1-2.yml", "x")
    assert doc.data["name"] == name
