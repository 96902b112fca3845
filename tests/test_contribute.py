"""The contribution page: the web form's definition, the generated reference, the browser's
YAML writer.

The web form and the issue forms come from one definition (formfields), derived from the
schemas; these tests make sure nothing in it drifts: every schema field has texts in both
languages, the reference lists every field, and the YAML that contribute.js writes reads
back (with Verbund's own loader) as exactly the data it was given, and as the same record
``verbund from-issue`` makes from the same answers.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, Project
from verbund import open_directory
from verbund.contribute import (
    EXAMPLES,
    STRINGS,
    expand_markers,
    forms_definition,
    reference_rows,
    vocabulary_of,
)
from verbund.formfields import FIELD_TEXTS, form_fields, schema_fields
from verbund.issueform import compose, convert
from verbund.load import load_file
from verbund.render import PageContext, SiteInfo, render

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "overrides" / "assets" / "verbund" / "contribute.js"
SITE = SiteInfo(site_url="https://verbund.example.org/", repo_url="https://github.com/o/r",
                branch="main")


@pytest.fixture
def directory(project: Project) -> Any:
    result, problems = open_directory(project.root, TODAY)
    assert result is not None, problems
    return result


def test_texts_in_both_languages_for_every_schema_field() -> None:
    for record in ("association", "event"):
        paths = [f.path for f in schema_fields(record)]
        assert sorted(paths) == sorted(FIELD_TEXTS[record]), record
        for path, texts in FIELD_TEXTS[record].items():
            assert all(texts), f"{record}.{path}: every label and help text is needed"
        assert set(EXAMPLES[record]) <= set(paths)
    assert set(STRINGS["de"]) == set(STRINGS["en"])


def test_definition_holds_both_forms_with_labels_and_options(directory: Any) -> None:
    definition = forms_definition(directory, SITE)
    assert definition["repo"] == "https://github.com/o/r"
    assert definition["editorEmail"] == "redaktion@example.org"
    association = definition["forms"]["association"]
    assert association["template"] == "add-association.yml"
    ids = [f["id"] for f in association["fields"]]
    assert ids[:4] == ["name", "short_name", "kind", "summary_de"]
    assert "record" not in ids and "consent" in ids
    kind = next(f for f in association["fields"] if f["id"] == "kind")
    assert kind["required"] and [o["id"] for o in kind["options"]] == [
        "migrant-organisation", "one-world-group", "alliance", "world-shop"]
    for field in association["fields"] + definition["forms"]["event"]["fields"]:
        assert field["label"]["de"] and field["label"]["en"], field["id"]
    assert association["order"][:3] == ["name", "short_name", "kind"]
    topics = next(f for f in association["fields"] if f["id"] == "topics")
    assert (topics["minItems"], topics["maxItems"]) == (1, 8)


def test_reference_rows_follow_the_schema(directory: Any) -> None:
    vocab = vocabulary_of(directory)
    rows = {r["path"]: r for r in reference_rows("association", vocab, "en")}
    assert rows["name"]["required"] == "yes" and rows["short_name"]["required"] == "no"
    assert rows["people[].consent"]["required"] == "yes, in each entry of people"
    assert rows["kind"]["example"] == "kind: migrant-organisation"
    assert rows["contact.address.district"]["example"] == "district: Altstadt"
    german = {r["path"]: r for r in reference_rows("event", vocab, "de")}
    assert german["title"]["label"] == "Titel" and german["title"]["required"] == "ja"


def test_markers_are_replaced_and_record_text_escaped(directory: Any) -> None:
    h = PageContext(directory, SITE, "de", "contribute/")
    html = expand_markers("<p>a</p>\n<!-- verbund:form -->\n<!-- verbund:reference event -->"
                          "\n<!-- verbund:vocabularies -->\n<!-- verbund:issue-links -->", h)
    assert "verbund:" not in html.replace("verbund:stale", "")
    assert 'data-vb-form-src="../assets/verbund/forms.json"' in html
    assert 'src="../assets/verbund/contribute.js"' in html
    assert "<code>location.address.postcode</code>" in html
    assert "https://github.com/o/r/issues/new?template=add-event.yml" in html
    hostile = render("contribute_vocabularies.html", h, strings=STRINGS["de"],
                     groups=[{"title": "<b>T</b>", "terms": [("x", "<script>alert(1)</script>")]}])
    assert "<script>alert" not in hostile and "&lt;script&gt;" in hostile


def test_pages_without_markers_are_untouched(directory: Any) -> None:
    h = PageContext(directory, SITE, "en", "en/about/")
    assert expand_markers("<p>verbund</p>", h) == "<p>verbund</p>"


# --- the browser's YAML writer, run in Node ----------------------------------------------

HARNESS = """
const api = require(process.argv[2]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = {};
if (input.yaml) out.yaml = input.yaml.map((r) => api.toYaml(r));
if (input.build) {
  const s = input.strings;
  const values = {};
  const errors = {};
  for (const f of input.build.form.fields) {
    const [v, e] = api.convert(f, input.build.raw[f.id] ?? (f.kind === "choices" ? [] : ""), s);
    values[f.id] = v;
    if (e) errors[f.id] = e;
  }
  const record = api.buildRecord(input.build.form, values, input.build.today);
  out.build = { errors, yaml: api.toYaml(record), path: api.recordPath(input.build.form, values,
                                                                        record) };
}
if (input.slugs) out.slugs = input.slugs.map((t) => api.slugify(t));
process.stdout.write(JSON.stringify(out));
"""


def node(tmp_path: Path, payload: dict[str, Any]) -> dict[str, Any]:
    executable = shutil.which("node")
    if executable is None:
        pytest.skip("needs Node.js to run contribute.js outside the browser")
    harness = tmp_path / "harness.js"
    harness.write_text(HARNESS, "utf-8")
    result = subprocess.run([executable, str(harness), str(SCRIPT)], input=json.dumps(payload),
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def read_yaml(text: str, tmp_path: Path, name: str = "r.yml") -> Any:
    file = tmp_path / name
    file.write_text(text, "utf-8")
    return load_file(file, name).data


TEXTS = [
    "yes", "NO", "on", "~", "null", "True", "1e5", "0o17", "0x1F", "+49 561 1", ".5", "10:30",
    "2026-12-05", "2026-12-05T10:00", "- item", "*alias", "&anchor", "!tag", "{a: b}", "[x]",
    "'q'", '"dq"', "# c", "a #b", "key: value", "key:", "@user", "`tick`", "%YAML", "---",
    "...", "|", ">", "?", "tab\there", "back\\slash", "trailing ", " leading", "Café – “x”",
    "line\u2028sep", "zwölf Äpfel", "ok-plain_text/with.dots@x", "https://example.org/a?b=c#d",
    "multi\nline\n\n  indented", "😀 emoji", "A, B, C",
]


def test_browser_yaml_reads_back_as_the_same_data(tmp_path: Path) -> None:
    records = [{"name": t, "summary": {"de": t}, "topics": [t, "x"], "geo": {"lat": 51.3,
                                                                               "lon": -9.5}}
               for t in TEXTS]
    records.append({"founded": 2016, "volunteer_run": False, "members": 0})
    out = node(tmp_path, {"yaml": records})
    for index, (record, text) in enumerate(zip(records, out["yaml"], strict=True)):
        assert read_yaml(text, tmp_path, f"r{index}.yml") == record, text


def test_browser_slugs_match_python(tmp_path: Path) -> None:
    from verbund.values import slugify

    names = ["Café Grenzenlos e.V.", "Ölmühle Süd", "Ağaç Derneği", "Łódź – Partnerschaft",
             "  --Mixed__CASE 42 ", "ß und æ", "x" * 80]
    assert node(tmp_path, {"slugs": names})["slugs"] == [slugify(n) for n in names]


def _python_record(project: Project, form: str, raw: dict[str, Any]) -> dict[str, Any]:
    from verbund.issueform import read_vocabulary

    vocab = read_vocabulary(project.root)
    fields = form_fields(form, vocab)
    answers = {}
    for f in fields:
        value = raw.get(f.id)
        if f.kind in ("choices", "choice", "bool", "district") and value:
            wanted = value if isinstance(value, list) else [value]
            text = ", ".join(o.text() for o in f.options if o.id in wanted)
        elif f.kind == "confirm":
            text = "- [X] yes" if value else "- [ ] yes"
        else:
            text = value or ""
        answers[f.id], problem = convert(f, text)
        assert problem is None, problem
    return compose(form, fields, answers, None, TODAY, vocab.languages)


@pytest.mark.parametrize(("form", "raw"), [
    ("association", {
        "name": "Café Grenzenlos e.V.", "kind": "world-shop", "summary_de": "Offen: für alle.",
        "topics": ["culture", "education"], "description_de": "Zeile 1\n\n- Punkt",
        "countries": "sy, af", "languages": "de ar", "founded": "2016", "members": "40",
        "volunteer_run": "false", "email": "info@cafe.example.org", "postcode": "01067",
        "district": "Altstadt", "geo": "51.3, 9.4", "maintainers": "@octocat", "consent": True,
    }),
    ("event", {
        "title_de": "Frühstück: „Welt“", "start_date": "2026-12-05", "start_time": "09:30",
        "end_time": "12:00", "organizers": "weltladen-auenfurt", "format": "open-space",
        "street": "Marktgasse 8", "online": "https://meet.example.org/x", "cost": "5 €",
        "accessibility": ["step-free"], "consent": True,
    }),
])
def test_browser_and_issue_parser_make_the_same_record(project: Project, directory: Any,
                                                       tmp_path: Path, form: str,
                                                       raw: dict[str, Any]) -> None:
    definition = forms_definition(directory, SITE)
    out = node(tmp_path, {"strings": STRINGS["en"], "build": {
        "form": definition["forms"][form], "raw": raw, "today": TODAY.isoformat()}})["build"]
    assert out["errors"] == {}
    browser = read_yaml(out["yaml"], tmp_path)
    assert browser == _python_record(project, form, raw)
    assert list(browser) == list(_python_record(project, form, raw))  # same key order
    # And the file validates where the browser says it goes.
    project.write(out["path"]["path"], out["yaml"], dedent=False)
    assert project.problems() == []


def test_browser_checks_report_mistakes(directory: Any, tmp_path: Path) -> None:
    definition = forms_definition(directory, SITE)
    raw = {"name": "X", "kind": "", "summary_de": "a\u202eb", "topics": [], "email": "nope",
           "website": "javascript:alert(1)", "founded": "3000", "countries": "SY, Syria",
           "geo": "north", "consent": False}
    out = node(tmp_path, {"strings": STRINGS["en"], "build": {
        "form": definition["forms"]["association"], "raw": raw, "today": "2026-11-23"}})
    assert out["build"]["errors"] == {
        "name": "At least 2 characters.", "kind": "Please choose.",
        "summary_de": "Contains an invisible control character; please remove it.",
        "topics": "Please choose.", "email": "Please enter an email address such as "
        "info@example.org.", "website": "Please enter a full address with https://.",
        "founded": f"Please enter a number from 1800 to {__import__('datetime').date.today().year}.",
        "countries": "“Syria” does not fit: two capital letters such as TR",
        "geo": "Please enter “latitude, longitude”, e.g. 51.3127, 9.4797.",
        "consent": "Please confirm.",
    }
