"""Every record is written by a stranger: hostile text must come out inert everywhere."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sitetools import FIXTURES, build, build_site, make_project
from verbund.text import render_markdown

HOSTILE_NAME = 'Tom & Jerry\'s "Club" <3 >_<'
HOSTILE_URL = 'https://example.org/"onmouseover="alert(1)'


@pytest.mark.parametrize(("markdown", "forbidden"), [
    ("<script>alert(1)</script>", "<script"),
    ('<img src=x onerror="alert(1)">', "<img"),
    ("[x](javascript:alert(1))", "javascript:"),
    ("[x](JaVaScRiPt:alert(1))", "javascript:"),
    ("![pixel](https://tracker.example.com/p.gif)", "<img"),
    ("Text { onclick=alert(1) }\n{: onclick=alert(1) }", "onclick="),
    ("<a href='https://x' onclick='alert(1)'>x</a>", "onclick="),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
    ("<iframe src='https://evil.example'></iframe>", "<iframe"),
    ("<!-- comment --> <style>body{}</style>", "<style"),
])
def test_markdown_is_sanitised(markdown: str, forbidden: str) -> None:
    html = render_markdown(markdown).lower()
    tags = re.findall(r"<[^>]*>", html)  # escaped text like &lt;script&gt; is harmless
    assert not any(forbidden in tag for tag in tags), tags


def test_markdown_keeps_what_volunteers_need() -> None:
    html = render_markdown("# Title\n\n**bold** [link](https://example.org) and\n\n- a\n- b")
    assert "<h3>Title</h3>" in html  # below the page's h1 and h2
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="nofollow noopener noreferrer ugc"' in html
    assert "<li>a</li>" in html


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Text that passes validation yet is full of characters HTML treats specially."""
    project = make_project(tmp_path_factory.mktemp("hostile"), FIXTURES / "other-city" / "directory")
    record = project / "directory" / "associations" / "harbour-network.yml"
    text = record.read_text("utf-8").replace("name: Harbour Network", f"name: '{HOSTILE_NAME.replace(chr(39), chr(39) * 2)}'")
    text = text.replace("summary: All associations at the harbour.",
                        'summary: "Quotes \\" and <3 & ampersands; \'single\' too"')
    text += (f"contact:\n  website: '{HOSTILE_URL}'\n"
             f"  social: {{mastodon: '{HOSTILE_URL}'}}\n"
             "description: |\n  Love <3 and a [link](https://example.org/a_(b)) & more.\n")
    record.write_text(text, "utf-8")
    return build_site(project)


def test_hostile_text_is_escaped_everywhere(hostile_site: Path) -> None:
    checked = 0
    for file in hostile_site.rglob("*.html"):
        html = file.read_text("utf-8")
        scripts = re.findall(r"<script\b[^>]*>", html)
        for tag in scripts:
            assert re.search(r'src="[^"]*(assets/javascripts/|assets/verbund/)', tag) or \
                "application/ld+json" in tag or "application/json" in tag or tag == "<script>", (file, tag)
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), file
        assert "javascript:" not in html.lower(), file
        assert not re.search(r'[^\\]"onmouseover=', html), file  # \" inside JSON-LD is data
        checked += 1
    assert checked > 10
    profile = (hostile_site / "directory/harbour-network/index.html").read_text("utf-8")
    assert "Tom &amp; Jerry&#39;s &#34;Club&#34; &lt;3 &gt;_&lt;" in profile
    assert "<title>Tom &amp; Jerry&#39;s &#34;Club&#34; &lt;3 &gt;_&lt; – " in profile
    assert 'content="Quotes &#34; and &lt;3 &amp; ampersands; &#39;single&#39; too"' in profile


def test_json_ld_cannot_break_out_of_its_script(hostile_site: Path) -> None:
    profile = (hostile_site / "directory/harbour-network/index.html").read_text("utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', profile, re.S)[1]
    assert "</" not in block and "<3" not in block


@pytest.mark.parametrize("name", [
    "</title><script>alert(1)</script>",
    "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
    "Tom <b>bold</b>",
])
def test_markup_in_names_fails_the_build_and_publishes_nothing(tmp_path: Path, name: str) -> None:
    project = make_project(tmp_path, FIXTURES / "other-city" / "directory")
    record = project / "directory" / "associations" / "harbour-network.yml"
    record.write_text(record.read_text("utf-8").replace("name: Harbour Network", f"name: '{name}'"), "utf-8")
    result = build(project)
    assert result.returncode == 1
    assert ("directory/associations/harbour-network.yml:1:7: error: name: plain text may not "
            "contain HTML tags or entities") in result.stderr
    assert "nothing was built" in result.stdout + result.stderr
    assert not (project / "site").exists()
    assert "Traceback" not in result.stderr


def test_a_warning_fails_a_strict_build(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "other-city" / "directory")
    record = project / "directory" / "associations" / "old-salts.yml"
    record.write_text(record.read_text("utf-8").replace('{en: "Retired sailors.", de: "Segler im Ruhestand."}',
                                                        '{en: "Retired sailors."}'), "utf-8")
    # Site default language is English here; a German-first site would warn. Make it warn:
    settings = project / "directory" / "settings.yml"
    settings.write_text(settings.read_text("utf-8").replace("languages: [en, de]", "languages: [de, en]"), "utf-8")
    result = build(project)
    assert result.returncode == 1
    assert "warning: summary: no text in 'de'" in result.stderr
    assert build(project, strict=False).returncode == 0
    shutil.rmtree(project / "site")
