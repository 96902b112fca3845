"""The GitHub workflows: least privilege, pinned actions, no untrusted text in shells.

The rules are read from the files themselves, and zizmor (a static analyser for
workflows, from PyPI, working offline) must find nothing of medium severity or above.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
NAMES = [f.name for f in FILES]


def load(name: str) -> dict[str, Any]:
    return yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    # PyYAML reads the key `on` as the boolean true (YAML 1.1).
    on = workflow.get("on", workflow.get(True))
    return on if isinstance(on, dict) else {name: None for name in ([on] if isinstance(on, str)
                                                                     else on)}


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for job in workflow["jobs"].values() for s in job.get("steps", [])]


def test_the_expected_workflows_exist() -> None:
    assert {"ci.yml", "pages.yml", "issue-to-pr.yml", "reminders.yml",
            "ownership.yml"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_no_permissions_at_the_top_and_explicit_ones_per_job(name: str) -> None:
    workflow = load(name)
    assert workflow["permissions"] == {}
    for job_name, job in workflow["jobs"].items():
        assert isinstance(job.get("permissions"), dict), f"{job_name} needs its own permissions"
        assert "write-all" not in str(job["permissions"])
        assert job.get("timeout-minutes"), f"{job_name} needs a timeout"


@pytest.mark.parametrize("name", NAMES)
def test_third_party_actions_are_pinned_to_a_commit_with_a_version_comment(name: str) -> None:
    for line in (WORKFLOWS / name).read_text("utf-8").splitlines():
        match = re.search(r"uses:\s*([^\s#]+)(.*)$", line)
        if not match or match[1].startswith("./"):
            continue
        action, comment = match[1], match[2]
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), action
        assert re.search(r"#\s*v\d+\.\d+\.\d+", comment), f"{action}: add '# vX.Y.Z'"


@pytest.mark.parametrize("name", NAMES)
def test_no_expressions_inside_shell_scripts(name: str) -> None:
    for step in steps(load(name)):
        if "run" in step:
            assert "${{" not in step["run"], f"{step.get('name')}: pass values through env"


@pytest.mark.parametrize("name", NAMES)
def test_checkouts_do_not_keep_credentials(name: str) -> None:
    for step in steps(load(name)):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
            assert "ref" not in step.get("with", {}), "never check out another ref here"


def test_ci_runs_on_pull_requests_with_read_only_access() -> None:
    workflow = load("ci.yml")
    assert set(triggers(workflow)) == {"pull_request"}
    job = workflow["jobs"]["check"]
    assert job["permissions"] == {"contents": "read"}
    checkout = job["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    assert 'pip install -e ".[test]"' in runs
    assert "verbund validate --format github" in runs
    assert "python -m pytest" in runs
    assert "mkdocs build --strict" in runs
    assert 'verbund pr-summary "$BASE_SHA" --author "$PR_AUTHOR"' in runs
    summary = next(s for s in job["steps"] if "pr-summary" in s.get("run", ""))
    assert summary["env"]["PR_AUTHOR"] == "${{ github.event.pull_request.user.login }}"
    assert summary["if"] == "always()"
    upload = next(s for s in job["steps"] if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site"


def test_ownership_label_runs_only_trusted_code() -> None:
    text = (WORKFLOWS / "ownership.yml").read_text("utf-8")
    workflow = load("ownership.yml")
    job = workflow["jobs"]["label"]
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
    # The pull request's commits are fetched as objects, never checked out or installed.
    assert "refs/pull/${PR_NUMBER}/head:refs/verbund/pr-head" in text
    assert not re.search(r"git (checkout|switch)|pip install -e", text)
    assert "--head refs/verbund/pr-head" in text


def test_pages_builds_strictly_and_deploys_with_least_privilege() -> None:
    workflow = load("pages.yml")
    on = triggers(workflow)
    assert on["push"] == {"branches": ["main"]}
    assert on["schedule"] and "workflow_dispatch" in on
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "pages" not in build["permissions"] or build["permissions"]["pages"] == "read"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    uses = [s.get("uses", "") for s in build["steps"]]
    assert any(u.startswith("actions/configure-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    env = next(s for s in build["steps"] if "mkdocs build" in s.get("run", ""))
    assert "--strict" in env["run"]
    assert env["env"]["VERBUND_SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert env["env"]["VERBUND_REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"


def test_issue_to_pr_reads_the_body_from_the_event_file() -> None:
    text = (WORKFLOWS / "issue-to-pr.yml").read_text("utf-8")
    workflow = load("issue-to-pr.yml")
    assert triggers(workflow)["issues"] == {"types": ["opened", "edited"]}
    job = workflow["jobs"]["record"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write",
                                  "issues": "write"}
    for label in ("add-association", "update-association", "add-event"):
        assert f"'{label}'" in job["if"]
    assert "github.event.issue.body" not in text and "github.event.issue.title" not in text
    assert "$GITHUB_EVENT_PATH" in text
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    assert "verbund from-issue" in runs and "verbund validate" in runs
    assert "GITHUB_TOKEN does not start other" in text or "does not start other workflows" \
        in text


def test_reminders_keep_one_tracking_issue() -> None:
    workflow = load("reminders.yml")
    on = triggers(workflow)
    assert on["schedule"][0]["cron"].split()[2:4] == ["1", "*"]  # monthly
    job = workflow["jobs"]["remind"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    assert "verbund stale --format json" in runs
    assert 'gh issue list --label "$LABEL"' in runs and "gh issue edit" in runs


def test_only_the_documented_zizmor_exception() -> None:
    ignores = [(f.name, line) for f in FILES for line in f.read_text("utf-8").splitlines()
               if "zizmor: ignore" in line]
    assert len(ignores) == 1 and ignores[0][0] == "ownership.yml"
    assert "dangerous-triggers" in ignores[0][1] and "no checkout or run of PR code" in \
        ignores[0][1]


def test_codeowners_and_dependabot() -> None:
    owners = (REPO / ".github" / "CODEOWNERS").read_text("utf-8")
    for path in ("/.github/", "/hooks/", "/overrides/", "/mkdocs.yml", "/pyproject.toml"):
        assert re.search(rf"^{re.escape(path)}\s+@\S+", owners, re.M), path
    assert not re.search(r"^/?directory", owners, re.M)
    dependabot = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text("utf-8"))
    assert dependabot["updates"][0]["package-ecosystem"] == "github-actions"


def test_zizmor_finds_nothing_of_medium_severity_or_above() -> None:
    zizmor = shutil.which("zizmor")
    if zizmor is None:
        pytest.skip("zizmor is not installed (pip install zizmor)")
    result = subprocess.run(
        [zizmor, "--offline", "--format", "json", str(WORKFLOWS), str(REPO / ".github" /
                                                                      "dependabot.yml")],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode in (0, 10, 11, 12, 13, 14), result.stderr
    findings = json.loads(result.stdout or "[]")
    serious = [
        f"{f['ident']} ({f['determinations']['severity']}): "
        f"{f['locations'][0]['symbolic']['key']['Local']['verbatim_path']}"
        for f in findings if f["determinations"]["severity"] in ("Medium", "High")
    ]
    assert serious == []


# --- the pull request summary and ownership (verbund pr-summary) ------------------------


def git(root: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(root)}
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          check=True, env=env).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    from conftest import make_project

    project = make_project(tmp_path / "repo")
    root = project.root
    weltladen = root / "directory/associations/weltladen-auenfurt.yml"
    weltladen.write_text(weltladen.read_text("utf-8") + "maintainers: [anna, '@Bert']\n"
                         "contact: {email: info@weltladen.example.org}\n", "utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "switch", "-q", "-c", "pr")
    return root


def commit(root: Path, files: dict[str, str | None]) -> None:
    for path, text in files.items():
        target = root / path
        if text is None:
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, "utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "change")


def edit(root: Path, path: str, old: str, new: str) -> str:
    return (root / path).read_text("utf-8").replace(old, new)


WELTLADEN = "directory/associations/weltladen-auenfurt.yml"
CAFE = """\
name: "Café [Grenzenlos](https://evil.example) @everyone"
kind: world-shop
summary: Ein Café.
topics: [culture]
reviewed: 2026-11-20
"""


def test_summary_in_plain_words(repo: Path) -> None:
    from verbund.review import markdown, review

    commit(repo, {
        WELTLADEN: edit(repo, WELTLADEN, "info@weltladen", "laden@weltladen"),
        "directory/associations/cafe-grenzenlos.yml": CAFE,
        "directory/events/2026/fruehstueck.yml": edit(
            repo, "directory/events/2026/fruehstueck.yml", "format: workshop",
            "format: workshop\nstatus: cancelled"),
        "directory/associations/buendnis-vielfalt.yml": edit(
            repo, "directory/associations/buendnis-vielfalt.yml", "2026-09-01", "2026-11-22"),
        "README.txt": "hello",
    })
    result = review(repo, "main", "HEAD", "anna")
    assert result.lines == [
        "adds `README.txt` (not a record)",
        "confirms the profile of **Bündnis Vielfalt**",
        "adds association **Café \\[Grenzenlos\\]\\(https\\:\\/\\/evil\\.example\\) "
        "\\@everyone**",
        "changes the email of **Weltladen Auenfurt e\\.V\\.**",
        "cancels event **Interkulturelles Frühstück**",
    ]
    assert result.label == "editorial-review"
    text = markdown(result)
    assert "Editorial review needed" in text and "`README.txt`: not an association" in text


def test_maintainer_of_every_changed_record_gets_the_owned_label(repo: Path,
                                                                 capsys: Any) -> None:
    from verbund.cli import main

    commit(repo, {WELTLADEN: edit(repo, WELTLADEN, "info@weltladen", "laden@weltladen")})
    assert main(["pr-summary", "main", "--author", "bert", "--format", "label",
                 "--root", str(repo)]) == 0
    assert capsys.readouterr().out.strip() == "maintainer-change"
    assert main(["pr-summary", "main", "--author", "mallory", "--format", "json",
                 "--root", str(repo)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["label"] == "editorial-review"
    assert data["files"] == [{"path": WELTLADEN, "owned": False,
                              "reason": "not among its maintainers"}]


def test_adding_yourself_as_maintainer_does_not_make_you_one(repo: Path) -> None:
    from verbund.review import review

    commit(repo, {WELTLADEN: edit(repo, WELTLADEN, "maintainers: [anna, '@Bert']",
                                  "maintainers: [anna, '@Bert', mallory]")})
    result = review(repo, "main", "HEAD", "mallory")
    assert result.lines == ["changes the maintainers of **Weltladen Auenfurt e\\.V\\.**"]
    assert not result.owned


def test_events_belong_to_the_maintainers_of_their_organisers(repo: Path) -> None:
    from verbund.review import review

    event = "directory/events/2026/fruehstueck.yml"
    commit(repo, {event: edit(repo, event, "13:00", "14:00")})
    assert review(repo, "main", "HEAD", "anna").owned
    assert not review(repo, "main", "HEAD", "github-actions[bot]").owned
    new_event = edit(repo, event, "Interkulturelles Frühstück", "Zweites Frühstück")
    commit(repo, {"directory/events/2026/zweites.yml": new_event})
    result = review(repo, "main", "HEAD", "anna")
    assert "adds event **Zweites Frühstück** on 2026\\-12\\-05 10\\:00" in result.lines
    assert result.owned


def test_new_association_always_needs_editorial_review(repo: Path) -> None:
    from verbund.review import review

    commit(repo, {"directory/associations/cafe-grenzenlos.yml": CAFE})
    result = review(repo, "main", "HEAD", "anna")
    assert [f.reason for f in result.files] == ["a new association"] and not result.owned


def test_unknown_base_is_a_usage_error(repo: Path, capsys: Any) -> None:
    from verbund.cli import main

    assert main(["pr-summary", "no-such-branch", "--root", str(repo)]) == 2
    assert "git diff" in capsys.readouterr().err


def test_reminder_body_and_mentions(tmp_path: Path, capsys: Any) -> None:
    from verbund.cli import main

    stale = [
        {"slug": "old-club", "name": "Old | Club [x](y)", "path": "directory/associations/"
         "old-club.yml", "reviewed": "2024-01-05", "months": 34, "maintainers": ["anna", "x y"]},
        {"slug": "other", "name": "Other", "path": "p", "reviewed": "2025-01-01", "months": 22,
         "maintainers": []},
    ]
    source = tmp_path / "stale.json"
    source.write_text(json.dumps(stale), "utf-8")
    body, comment = tmp_path / "body.md", tmp_path / "comment.md"
    assert main(["reminder", str(source), "--body", str(body), "--comment", str(comment),
                 "--site-url", "https://verbund.example.org", "--repo-url",
                 "https://github.com/example/verbund", "--months", "12"]) == 0
    text = body.read_text("utf-8")
    assert text.startswith("<!-- verbund:stale-profiles -->")
    assert "| [Old \\| Club \\[x\\]\\(y\\)](https://verbund.example.org/directory/old-club/) |" \
        in text
    assert "@anna `x y`" in text
    assert "https://github.com/example/verbund/issues/new?template=update-association.yml" \
           "&title=Update:+old-club&slug=old-club" in text
    assert comment.read_text("utf-8").startswith("Erinnerung / Reminder: @anna –")
    source.write_text("[]", "utf-8")
    assert main(["reminder", str(source), "--body", str(body), "--comment", str(comment),
                 "--site-url", "s", "--repo-url", "r"]) == 0
    assert "All profiles are confirmed" in body.read_text("utf-8")
    assert comment.read_text("utf-8") == ""
