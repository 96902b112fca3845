"""Code quality gates that run with the tests: ruff, and the CLI's entry point."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from sitetools import REPO


def test_ruff_is_clean() -> None:
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is installed with the test extra")
    result = subprocess.run([ruff, "check", "hooks", "tests", "benchmarks"], cwd=REPO,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


def test_hook_entry_is_a_few_lines() -> None:
    code = [line for line in (REPO / "hooks/verbund_hooks.py").read_text("utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith(("#", '"""'))]
    assert len(code) <= 15


def test_only_mkdocs_events_imports_mkdocs() -> None:
    offenders = [p.name for p in (REPO / "hooks/verbund").glob("*.py")
                 if p.name != "mkdocs_events.py"
                 and any(line.startswith(("import mkdocs", "from mkdocs"))
                         for line in p.read_text("utf-8").splitlines())]
    assert offenders == []


def test_cli_entry_point_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "verbund.cli", "--help"], cwd=REPO,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert "validate" in result.stdout


def test_every_interface_string_a_template_names_exists() -> None:
    """A missing string would show its key (``profile.facts``) on the page."""
    import re

    from verbund.ui import STRINGS

    named = set()
    for template in (REPO / "hooks/verbund/templates").glob("*.html"):
        text = template.read_text("utf-8")
        named |= set(re.findall(r"h\.T\['([a-z_.0-9]+)'\]", text))
        named |= set(re.findall(r"h\.t\('([a-z_.0-9]+)'\s*[,)]", text))
    assert len(named) > 100
    for lang in ("de", "en"):
        assert sorted(k for k in named if not STRINGS[lang].get(k)) == [], lang
