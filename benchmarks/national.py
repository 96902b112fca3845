"""National-scale benchmark: N associations, 2N events, 120 newsletter issues.

Generates a reproducible (seeded) directory that is valid to the contract, then measures
``verbund validate`` (whole directory, and one file), ``mkdocs build`` of everything (in
two languages, and in one: a page per record, as the naive site has) and of the
associations alone, peak memory, how soon ``mkdocs serve`` shows an edited
record, output size, what a visitor downloads for the
directory page and for one search, and — in the same run — a naive mkdocs-material
baseline (one Markdown page per record, default search plugin). Medians of --reps runs.

    python benchmarks/national.py                 # N = 15,000, 3 runs
    python benchmarks/national.py -n 1000 --reps 1 --no-baseline

Run by hand; the test suite does not run it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-23"
ONE_FILE_SAMPLES = 5
"""Runs of the one-file check (and of Python alone) per repetition: medians of all."""
sys.path.insert(0, str(REPO / "hooks"))

from verbund.load import load_file  # noqa: E402

# --- generating a directory ----------------------------------------------------------

SYLLABLES = ["ka", "lo", "mi", "ne", "ra", "su", "to", "vi", "ba", "de", "fa", "gu", "ha",
             "je", "ku", "la", "mo", "ni", "po", "re", "sa", "ti", "we", "zu", "an", "el"]
WORDS = ["Verein", "Initiative", "Netzwerk", "Gemeinschaft", "Forum", "Kreis", "Haus",
         "Zentrum", "Bündnis", "Freundeskreis", "Gesellschaft", "Bildungswerk"]
ADJ = ["Deutsch-Türkischer", "Afrikanischer", "Eine-Welt", "Interkultureller", "Syrischer",
       "Tamilischer", "Polnischer", "Lateinamerikanischer", "Kurdischer", "Vietnamesischer",
       "Ukrainischer", "Griechischer", "Iranischer", "Ghanaischer", "Fairer", "Globaler"]
CITIES = ["Hamburg", "Bremen", "Kiel", "Hannover", "Kassel", "Leipzig", "Dresden", "Erfurt",
          "Köln", "Bonn", "Mainz", "Mannheim", "Stuttgart", "Freiburg", "Nürnberg", "München",
          "Augsburg", "Berlin", "Potsdam", "Rostock", "Magdeburg", "Halle", "Dortmund", "Essen"]
COUNTRIES = ["TR", "SY", "AF", "IQ", "IR", "UA", "PL", "RU", "IT", "GR", "ES", "PT", "VN", "GH",
             "NG", "CM", "ER", "ET", "SO", "LK", "IN", "PK", "MA", "TN", "DZ", "EG", "CO", "PE",
             "CL", "BR", "MX", "CN", "KR", "PH", "TH", "RO", "BG", "HR", "BA", "RS", "XK", "AL"]
LANGS = ["de", "en", "tr", "ar", "fa", "ku", "ru", "uk", "pl", "it", "el", "es", "pt", "vi",
         "ta", "fr", "ti", "so", "ur", "hi", "zh", "ro", "bg", "hr", "sr", "sq"]


def zipf(rng: random.Random, items: list[str], k: int) -> list[str]:
    weights = [1 / (i + 1) ** 1.1 for i in range(len(items))]
    return list(dict.fromkeys(rng.choices(items, weights=weights, k=k)))


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join("".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(words))
    return text.capitalize() + "."


def generate(root: Path, n: int, seed: int = 7, events: bool = True,
             languages: tuple[str, ...] = ("de", "en")) -> None:
    """Write a valid directory of ``n`` associations (and 2n events, 120 issues), the
    same records whatever the site's ``languages``."""
    rng = random.Random(seed)
    data = root / "directory"
    for folder in ("associations", "events", "newsletter", "logos"):
        (data / folder).mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "directory" / "taxonomy.yml", data / "taxonomy.yml")
    taxonomy = load_file(data / "taxonomy.yml", "taxonomy.yml").data
    (data / "settings.yml").write_text(
        f"municipality: Deutschland\ntimezone: Europe/Berlin\nlanguages: [{', '.join(languages)}]\n"
        "bounds: [[47.2, 5.8], [55.1, 15.1]]\n"
        "newsletter: {title: Bundesnetzwerk, editor_email: redaktion@example.org}\n",
        "utf-8")
    kinds, topics = sorted(taxonomy["kinds"]), sorted(taxonomy["topics"])
    offers, seeks = sorted(taxonomy["offers"]), sorted(taxonomy["seeks"])
    formats, districts = sorted(taxonomy["formats"]), taxonomy.get("districts") or []
    slugs: list[str] = []
    for i in range(n):
        city = rng.choice(CITIES)
        name = f"{rng.choice(ADJ)} {rng.choice(WORDS)} {city} {i}"
        slug = f"verein-{i:05d}"
        slugs.append(slug)
        lines = [
            f'name: "{name}"',
            f"kind: {rng.choice(kinds)}",
            "summary:",
            f'  de: "{sentence(rng, 14)}"',
            f'  en: "{sentence(rng, 14)}"',
            "description:",
            "  de: |",
            f"    {sentence(rng, 40)}",
            "",
            f"    - {sentence(rng, 6)}",
            f"    - {sentence(rng, 6)}",
            f"topics: [{', '.join(zipf(rng, topics, rng.randint(1, 4)))}]",
            f"countries: [{', '.join(zipf(rng, COUNTRIES, rng.randint(0, 3)))}]",
            f"languages: [{', '.join(zipf(rng, LANGS, rng.randint(1, 4)))}]",
            f"offers: [{', '.join(zipf(rng, offers, rng.randint(0, 3)))}]",
            f"seeks: [{', '.join(zipf(rng, seeks, rng.randint(0, 3)))}]",
            f"founded: {rng.randint(1950, 2025)}",
            f"members: {rng.randint(5, 500)}",
            f"volunteer_run: {rng.choice(['true', 'false'])}",
            "contact:",
            f"  website: https://{slug}.example.org",
            f"  email: info@{slug}.example.org",
            f'  phone: "+49 30 {rng.randint(100000, 999999)}"',
            f'  address: {{street: "Hauptstraße {rng.randint(1, 200)}", postcode: '
            f'"{rng.randint(10000, 99999)}", city: {city}'
            + (f', district: "{rng.choice(districts)}"' if districts else "") + "}",
            f"  geo: {{lat: {rng.uniform(47.5, 54.8):.4f}, lon: {rng.uniform(6.0, 14.9):.4f}}}",
            f"reviewed: 2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
        ]
        if i > 20 and rng.random() < 0.15:
            lines.append(f"member_of: [{slugs[rng.randint(0, 19)]}]")
        if rng.random() < 0.02:
            lines.append("status: inactive")
        (data / "associations" / f"{slug}.yml").write_text("\n".join(lines) + "\n", "utf-8")
    if not events:
        return
    for i in range(2 * n):
        year, month, day = rng.choice([2025, 2026, 2026, 2027]), rng.randint(1, 12), rng.randint(1, 28)
        hour = rng.randint(9, 19)
        lines = [
            "title:",
            f'  de: "{sentence(rng, 5)}"',
            f'  en: "{sentence(rng, 5)}"',
        ]
        kind = rng.random()
        if kind < 0.1:
            lines += [f"start: {year}-{month:02d}-{day:02d}", f"end: {year}-{month:02d}-{min(28, day + 2):02d}"]
        else:
            lines += [f"start: {year}-{month:02d}-{day:02d}T{hour:02d}:00",
                      f"end: {year}-{month:02d}-{day:02d}T{hour + 2:02d}:00"]
        if rng.random() < 0.2:
            lines.append(rng.choice(["repeat: FREQ=WEEKLY;COUNT=10", "repeat: FREQ=MONTHLY;BYDAY=1SA;COUNT=12",
                                     "repeat: FREQ=MONTHLY;COUNT=6"]))
        lines += [
            f"organizers: [{rng.choice(slugs)}]",
            f"format: {rng.choice(formats)}",
            f"topics: [{', '.join(zipf(rng, topics, 2))}]",
            f"languages: [{', '.join(zipf(rng, LANGS, 2))}]",
            "location:",
        ]
        if rng.random() < 0.2:
            lines.append(f"  online: https://meet.example.org/{i}")
        else:
            lines += ["  name: Gemeindehaus",
                      f'  address: {{street: "Marktplatz {rng.randint(1, 30)}", postcode: "10115", '
                      f"city: {rng.choice(CITIES)}}}"]
        lines += ["description:", "  de: |", f"    {sentence(rng, 30)}"]
        if rng.random() < 0.03:
            lines.append("status: cancelled")
        folder = data / "events" / str(year)
        folder.mkdir(exist_ok=True)
        (folder / f"termin-{i:05d}.yml").write_text("\n".join(lines) + "\n", "utf-8")
    for i in range(120):
        year, month = 2017 + i // 12, i % 12 + 1
        digest = "digest: {new_associations: true, upcoming_events_days: 30}\n" if i > 100 else ""
        (data / "newsletter" / f"{year}-{month:02d}.md").write_text(
            f"---\ntitle: Rundbrief {month}/{year}\ndate: {year}-{month:02d}-01\n"
            f"summary: {sentence(rng, 12)}\n{digest}---\n\n{sentence(rng, 80)}\n\n"
            f"## {sentence(rng, 3)}\n\n{sentence(rng, 60)}\n", "utf-8")


def make_project(root: Path, n: int, events: bool = True,
                 languages: tuple[str, ...] = ("de", "en")) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("docs", "overrides", "hooks"):
        if (root / name).is_symlink():  # --keep into a folder of an earlier run
            (root / name).unlink()
        (root / name).symlink_to(REPO / name, target_is_directory=True)
    generate(root, n, events=events, languages=languages)
    return root


def _naive_list(values: list[str] | None) -> str:
    return ", ".join(values or []) or "–"


def make_naive(root: Path, source: Path) -> Path:
    """One Markdown page per record, written before the build: the route to beat.

    Each page carries what the record's page on the Verbund site shows, as a volunteer
    would write it by hand: the texts in both languages, a table of facts, the contact
    and links to the associations it names. At 15,000 associations this builds in about
    47 s with a 20 MB search index: the route as the contract measured it (57 s, 18 MB).
    """
    docs = root / "docs"
    (docs / "directory").mkdir(parents=True)
    (docs / "events").mkdir()
    (docs / "index.md").write_text("# Naive\n", "utf-8")
    names: dict[str, str] = {}
    for file in sorted((source / "directory" / "associations").glob("*.yml")):
        d = load_file(file, file.name).data
        names[file.stem] = d["name"]
        contact = d.get("contact", {})
        address = contact.get("address", {})
        member_of = ", ".join(f"[{names.get(m, m)}]({m}.md)" for m in d.get("member_of", []))
        (docs / "directory" / f"{file.stem}.md").write_text(
            f"# {d['name']}\n\n{d['summary']['de']}\n\n{d['description']['de']}\n\n"
            f"*{d['summary']['en']}*\n\n"
            "## Auf einen Blick\n\n| | |\n| --- | --- |\n"
            f"| Art | {d['kind']} |\n| Themen | {_naive_list(d.get('topics'))} |\n"
            f"| Herkunftsländer | {_naive_list(d.get('countries'))} |\n"
            f"| Sprachen | {_naive_list(d.get('languages'))} |\n"
            f"| Angebote | {_naive_list(d.get('offers'))} |\n"
            f"| Sucht | {_naive_list(d.get('seeks'))} |\n"
            f"| Gegründet | {d.get('founded', '–')} |\n| Mitglieder | {d.get('members', '–')} |\n"
            f"| Ehrenamtlich geführt | {'ja' if d.get('volunteer_run') else 'nein'} |\n"
            f"| Mitglied von | {member_of or '–'} |\n\n"
            f"## Kontakt\n\n- Website: <{contact.get('website', '')}>\n"
            f"- E-Mail: <{contact.get('email', '')}>\n- Telefon: {contact.get('phone', '')}\n"
            f"- Adresse: {address.get('street', '')}, {address.get('postcode', '')} "
            f"{address.get('city', '')} ({address.get('district', '')})\n\n"
            f"Zuletzt bestätigt am {d.get('reviewed', '')}.\n",
            "utf-8")
    for file in sorted((source / "directory" / "events").rglob("*.yml")):
        d = load_file(file, file.name).data
        where = d.get("location", {})
        address = where.get("address", {})
        place = where.get("online") or (
            f"{where.get('name', '')}, {address.get('street', '')}, "
            f"{address.get('postcode', '')} {address.get('city', '')}")
        organizers = ", ".join(f"[{names.get(o, o)}](../directory/{o}.md)"
                               for o in d.get("organizers", []))
        (docs / "events" / f"{file.stem}.md").write_text(
            f"# {d['title']['de']}\n\n| | |\n| --- | --- |\n| Beginn | {d['start']} |\n"
            f"| Ende | {d.get('end', '–')} |\n| Wiederholung | {d.get('repeat', '–')} |\n"
            f"| Ort | {place} |\n| Veranstaltet von | {organizers or '–'} |\n"
            f"| Format | {d.get('format', '–')} |\n| Themen | {_naive_list(d.get('topics'))} |\n"
            f"| Sprachen | {_naive_list(d.get('languages'))} |\n\n"
            f"## Beschreibung\n\n{d['description']['de']}\n\n*{d['title']['en']}*\n",
            "utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Naive\ntheme:\n  name: material\n  font: false\nplugins: [search]\n"
        "nav: [index.md]\n", "utf-8")
    return root


# --- measuring -----------------------------------------------------------------------


def environment() -> dict[str, str]:
    # The package measured is this checkout's, whatever else is installed.
    path = os.pathsep.join(filter(None, [str(REPO / "hooks"), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "VERBUND_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1",
           "VERBUND_SITE_URL": "https://verbund.example.org/", "PYTHONPATH": path}
    # Byte-code caches as on any install: without them (containers often set this), every
    # run compiles the package from source, 30 ms of a one-file check.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run(args: list[str], cwd: Path) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (MiB) of the process tree's largest member, and stderr."""
    # What earlier steps wrote goes to disk first: its write-back is not this step's work.
    os.sync()
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env=environment(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    stderr = proc.stderr.read() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0,):
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{stderr[-3000:]}")
    return seconds, usage.ru_maxrss // 1024, stderr


def _fetch(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=300) as response:
            return bytes(response.read())
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _served_everywhere(base: str, slug: str, word: str) -> bool:
    """Whether the record's page, and the directory's search, show ``word`` in its name:
    the search data (its text shard and the card file of the record) at national scale,
    as finder-index.js fetches them; the listing's own HTML for a small directory."""
    if word.encode() not in (_fetch(f"{base}directory/{slug}/") or b""):
        return False
    facets = _fetch(f"{base}directory/index/facets.json")
    if facets is None:
        return word.encode() in (_fetch(f"{base}directory/") or b"")
    meta = json.loads(facets)
    prefix, number = _shard_of({p: k for k, p in enumerate(meta["text"])}, word)
    shard = _fetch(f"{base}directory/index/text/{number}.json")
    ids = sorted(_ids_in(json.loads(shard), prefix, word)) if shard else []
    cards = _fetch(f"{base}directory/index/cards/de/{ids[0] // meta['card_shard']}.json"
                   ) if ids else None
    return cards is not None and word.encode() in cards


def serve_edits(project: Path, record: Path, reps: int, log: Path) -> tuple[float, list[float]]:
    """``mkdocs serve``: seconds to the first page, and from saving an edited record (a
    new word in its name) until its page and the directory's search show it. Each edit
    is undone, and the undo waited for, before the next."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    original = record.read_text("utf-8")
    name = re.search(r"^name: (.*)$", original, re.MULTILINE)
    assert name is not None
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                                cwd=project, env=environment(), stdout=out, stderr=subprocess.STDOUT)
    edits: list[float] = []
    try:
        while _fetch(f"{base}directory/{record.stem}/") is None:
            if proc.poll() is not None:
                raise SystemExit(f"mkdocs serve ended; see {log}")
            time.sleep(0.1)
        first = time.perf_counter() - start
        for rep in range(reps):
            word = "bearbeitet" + "abcdefghij"[rep % 10]
            edited = original.replace(name[0], f'name: "{word} {name[1].strip(chr(34))}"', 1)
            start = time.perf_counter()
            record.write_text(edited, "utf-8")
            while not _served_everywhere(base, record.stem, word):
                time.sleep(0.05)
            edits.append(time.perf_counter() - start)
            record.write_text(original, "utf-8")
            while word.encode() in (_fetch(f"{base}directory/{record.stem}/") or b""):
                time.sleep(0.2)
    finally:
        record.write_text(original, "utf-8")
        proc.terminate()
        proc.wait(timeout=60)
    return first, edits


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def page_weight(site: Path, url: str, shared_prefixes: tuple[str, ...] = ()) -> int:
    """Gzipped bytes of a page and the same-site files it loads (CSS, JS, images)."""
    file = site / url / "index.html"
    html = file.read_bytes()
    total = gz(html)
    seen = set()
    for ref in re.findall(rb'(?:src|href)="([^"]+)"', html):
        target = urljoin("https://x/" + url, ref.decode())
        parts = urlsplit(target)
        if parts.netloc != "x" or not re.search(r"\.(css|js|png|jpe?g|webp|svg|woff2?)$", parts.path):
            continue
        if target in seen or not re.search(r'(rel="stylesheet"|<script|<img)',
                                            html.decode("utf-8", "replace")):
            continue
        if shared_prefixes and parts.path.lstrip("/").startswith(shared_prefixes):
            continue
        path = site / parts.path.lstrip("/")
        if path.is_file():
            seen.add(target)
            total += gz(path.read_bytes())
    return total


def _shard_of(shards: dict[str, int], word: str) -> tuple[str, int]:
    """The text shard that tells which ids have ``word`` (as finder-index.js looks it up:
    the shard of the longest prefix of the word), and that prefix."""
    prefix = next(word[:k] for k in range(len(word), -1, -1) if word[:k] in shards)
    return prefix, shards[prefix]


def _ids_in(shard: dict[str, Any], prefix: str, word: str) -> set[int]:
    """The ids whose words start with ``word``, as the shard of ``prefix`` lists them."""
    from verbund.dirindex import decode_ids

    if word == prefix and "u" in shard:
        return set(decode_ids(shard["u"]))
    return {i for token, ids in shard["t"].items() if token.startswith(word)
            for i in decode_ids(ids)}


def _index_lookup(index: Path, shards: dict[str, int], n: int, word: str) -> tuple[set[int], Path]:
    """The ids whose words start with ``word``, and the one text shard that tells it."""
    prefix, number = _shard_of(shards, word)
    path = index / "text" / f"{number}.json"
    return _ids_in(json.loads(path.read_text("utf-8")), prefix, word), path


def search_weight(site: Path) -> tuple[int, int, int]:
    """Bytes (gzipped) a visitor fetches for a first, a later and a worst-case query.

    Replays what finder-index.js fetches from the index (format in
    hooks/verbund/dirindex.py). First query: a topic and a word of a record's summary —
    the runtime, facets.json, the word's text shard and the card files of the first 20
    results. Later query: a language and another word — that word's shard and the card
    files not fetched before. Worst case: the largest text shard and 20 card files (20
    results spread over the whole list). A directory in DOM mode (small) fetches nothing.
    """
    from verbund.dirindex import RESULTS_STEP, decode_ids, tokens

    index = site / "directory" / "index"
    if not (index / "facets.json").is_file():
        return 0, 0, 0
    meta = json.loads((index / "facets.json").read_text("utf-8"))
    n, size = meta["n"], meta["card_shard"]
    shards = {prefix: k for k, prefix in enumerate(meta["text"])}
    facets = {f: {v: set(decode_ids(ids)) for v, ids in values.items()}
              for f, values in meta["facets"].items()}
    cards = json.loads((index / "cards" / "de" / f"{(n // 2) // size}.json").read_text("utf-8"))
    word = next(w for w in tokens(cards[(n // 2) % size][3]) if len(w) >= 4)
    topic = sorted(facets["topics"], key=lambda v: -len(facets["topics"][v]))[1]
    ids, shard = _index_lookup(index, shards, n, word)
    results = sorted(ids & facets["topics"][topic])[:RESULTS_STEP]
    fetched = {index / "cards" / "de" / f"{i // size}.json" for i in results}
    first = (gz((index / "facets.json").read_bytes()) + gz(shard.read_bytes())
             + gz((REPO / "overrides/assets/verbund/finder-index.js").read_bytes())
             + sum(gz(p.read_bytes()) for p in fetched))
    cards = json.loads((index / "cards" / "de" / f"{(n // 3) // size}.json").read_text("utf-8"))
    word = next(w for w in tokens(cards[(n // 3) % size][3]) if len(w) >= 4)
    language = sorted(facets["languages"], key=lambda v: -len(facets["languages"][v]))[2]
    ids, shard = _index_lookup(index, shards, n, word)
    results = sorted(ids & facets["languages"][language])[:RESULTS_STEP]
    more = {index / "cards" / "de" / f"{i // size}.json" for i in results} - fetched
    later = gz(shard.read_bytes()) + sum(gz(p.read_bytes()) for p in more)
    texts = sorted(index.glob("text/*.json"), key=lambda p: p.stat().st_size)
    card_files = sorted((index / "cards" / "de").glob("*.json"), key=lambda p: p.stat().st_size)
    worst = gz(texts[-1].read_bytes()) + sum(gz(p.read_bytes()) for p in card_files[-RESULTS_STEP:])
    return first, later, worst


def browser_weights(site: Path) -> dict[str, int] | None:
    """The same, measured in Chromium: every request the directory page makes on first
    load (theme, search index, anything its scripts fetch), then for a first and a later
    query and one "show more", each request counted at its file's gzipped size (as
    GitHub Pages serves it). None when Playwright or Chromium is missing."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if chromium is None:
        return None
    import functools
    import http.server
    import threading
    from urllib.parse import unquote

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    requests: list[str] = []

    def take() -> int:
        total = 0
        for url in requests:
            path = site / unquote(urlsplit(url).path).lstrip("/")
            path = path / "index.html" if path.is_dir() else path
            total += gz(path.read_bytes()) if path.is_file() else 0
        requests.clear()
        return total

    result: dict[str, int] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.goto(base + "directory/")
            page.wait_for_load_state("networkidle")
            result["load"] = take()
            if page.locator("[data-vb-index]").count():
                idle = "[data-vb-list]:not([aria-busy])"
                page.check('[data-vb-facet="topics"] input >> nth=1')
                page.wait_for_selector(idle)
                page.fill("#vb-q", "ka")
                page.wait_for_function("() => location.search.includes('q=ka')")
                page.wait_for_selector(idle)
                page.wait_for_load_state("networkidle")
                result["first"] = take()
                page.check('[data-vb-facet="languages"] input >> nth=2')
                page.wait_for_selector(idle)
                page.wait_for_load_state("networkidle")
                result["later"] = take()
                if page.is_visible("[data-vb-more]"):
                    page.click("[data-vb-more]")
                    page.wait_for_selector(idle)
                    result["more"] = take()
            browser.close()
    finally:
        server.shutdown()
    return result


def outputs(site: Path) -> tuple[int, int]:
    files = [p for p in site.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _set_aside(folder: Path) -> Path | None:
    """Move an earlier run's output out of the way (--keep), to be deleted after this
    run: deleted now, it would make the builds measured slower (see timed_build), and
    left, every build would first delete it."""
    if not folder.exists():
        return None
    aside = folder.with_name(f".{folder.name}-earlier")
    shutil.rmtree(aside, ignore_errors=True)  # from a run that did not finish
    folder.rename(aside)
    return aside


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=15_000, help="associations (events: 2n)")
    parser.add_argument("--reps", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the naive baseline")
    parser.add_argument("--keep", type=Path, help="build here and keep the result")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="verbund-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    earlier = [_set_aside(work / name) for name in ("out", "naive")]
    t0 = time.perf_counter()
    full = make_project(work / "full", args.n)
    assoc = make_project(work / "associations", args.n, events=False)
    # The same records on a site in one language: a page per record, as the naive site
    # has (a site in two languages makes two).
    one_language = make_project(work / "one-language", args.n, languages=("de",))
    print(f"generated {args.n:,} associations, {2 * args.n:,} events, 120 issues in "
          f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)

    verbund = [sys.executable, "-m", "verbund"]  # the command, as the script `verbund` runs it
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q"]
    one = next((full / "directory" / "associations").glob("*.yml"))
    rows: dict[str, list[float]] = {k: [] for k in (
        "validate", "validate_one", "python", "build", "build_rss", "one_build", "assoc_build",
        "assoc_rss", "naive",
        "serve_first", "serve_edit")}
    out = work / "out"

    def timed_build(project: Path, name: str) -> tuple[float, int]:
        """A build into a new, empty folder, as on CI's fresh checkout. Earlier outputs
        stay until the end: a file system that has just deleted 180,000 files spends
        seconds looking past their inodes when it creates the next ones (ext4), which
        is the deletion's cost, not the build's."""
        site = out / name
        seconds, rss, _ = run([*mkdocs, "-d", str(site)], project)
        return seconds, rss

    def read_records(folder: Path) -> None:
        """The records (the naive site's pages) into the page cache, as after a checkout:
        the 2 GB written by the builds before may have pushed them out, and then the disk
        would be measured."""
        for path in folder.rglob("*"):
            if path.is_file():
                path.read_bytes()

    run([*verbund, "validate", str(one)], full)  # writes the byte-code caches once
    for rep in range(args.reps):
        print(f"run {rep + 1}/{args.reps}", file=sys.stderr)
        read_records(full / "directory")
        s, _, _ = run([*verbund, "validate"], full)
        rows["validate"].append(s)
        # Tens of milliseconds: several samples a run, alternating with Python's own
        # start-up, so that one moment of the machine's doing decides neither figure.
        for _ in range(ONE_FILE_SAMPLES):
            s, _, _ = run([*verbund, "validate", str(one)], full)
            rows["validate_one"].append(s)
            s, _, _ = run([sys.executable, "-c", "pass"], full)
            rows["python"].append(s)
        read_records(full / "directory")
        s, rss = timed_build(full, f"full-{rep}")
        rows["build"].append(s)
        rows["build_rss"].append(rss)
        read_records(one_language / "directory")
        s, _ = timed_build(one_language, f"one-language-{rep}")
        rows["one_build"].append(s)
        read_records(assoc / "directory")
        s, rss = timed_build(assoc, f"associations-{rep}")
        rows["assoc_build"].append(s)
        rows["assoc_rss"].append(rss)
        print("  " + ", ".join(f"{k} {v[-1]:.3f}" for k, v in rows.items() if v), file=sys.stderr)
    first, edits = serve_edits(full, one, args.reps, work / "serve.log")
    rows["serve_first"].append(first)
    rows["serve_edit"] += edits
    print(f"  serve: first page {first:.1f} s, edits {', '.join(f'{e:.1f}' for e in edits)} s",
          file=sys.stderr)
    if not args.no_baseline:
        naive = make_naive(work / "naive", full)
        for rep in range(args.reps):
            print(f"baseline {rep + 1}/{args.reps}", file=sys.stderr)
            read_records(naive / "docs")
            s, _ = timed_build(naive, f"naive-{rep}")
            rows["naive"].append(s)
            print(f"  naive {s:.1f}", file=sys.stderr)

    site = out / f"full-{args.reps - 1}"
    count, size = outputs(site)
    shared = ("assets/stylesheets/", "assets/javascripts/", "assets/verbund/")
    first, later, worst = search_weight(site)
    seen = browser_weights(site)
    profile = next(p.name for p in sorted((site / "directory").iterdir())
                   if (p / "index.html").is_file() and p.name != "page")
    event_dirs = [p for p in (site / "events").iterdir() if p.is_dir() and (p / "event.ics").exists()]
    b, one, naive_s = median(rows["build"]), median(rows["one_build"]), median(rows["naive"])
    table = [
        ("records", f"{args.n:,} associations, {2 * args.n:,} events, 120 newsletter issues"),
        ("verbund validate (cold)", f"{median(rows['validate']):.2f} s"),
        ("verbund validate one file", f"{median(rows['validate_one']) * 1000:.0f} ms (of which "
                                      f"Python's own start-up: "
                                      f"{median(rows['python']) * 1000:.0f} ms)"),
        ("mkdocs build, everything", f"{b:.1f} s"),
        ("peak memory (RSS) of that build", f"{median(rows['build_rss']):.0f} MiB"),
        ("mkdocs build, everything, one language (a page per record, as the naive site)",
         f"{one:.1f} s" + (f" (the naive build: {naive_s / one:.2f}x as long)" if rows["naive"] else "")),
        ("mkdocs build, associations only", f"{median(rows['assoc_build']):.1f} s "
                                            f"(peak {median(rows['assoc_rss']):.0f} MiB)"),
        ("naive baseline build", "not run" if not rows["naive"] else
         f"{naive_s:.1f} s ({naive_s / b:.2f}x slower)" if naive_s >= b else
         f"{naive_s:.1f} s (the Verbund build takes {b / naive_s:.1f}x as long)"),
        ("mkdocs serve: first page shown / an edited record shown on its page and "
         "in the directory's search", f"{median(rows['serve_first']):.1f} s / "
                                      f"{median(rows['serve_edit']):.1f} s"),
        ("output files", f"{count:,} files, {size / 2**20:.0f} MiB"),
        ("directory page, first load (gzip)", f"{page_weight(site, 'directory/') / 1024:.0f} KB"),
        ("directory search, first query (gzip)", f"{first / 1024:.0f} KB"),
        ("directory search, later query (gzip)", f"{later / 1024:.0f} KB"),
        ("directory search, worst query: 20 results in 20 card files (gzip)",
         f"{worst / 1024:.0f} KB"),
        ("directory in Chromium: first load / first query / later query / show more "
         "(gzip, every request)", "not measured (needs Playwright and chromium)" if seen is None
         else " / ".join(f"{seen[k] / 1024:.0f} KB" for k in ("load", "first", "later", "more")
                         if k in seen)),
        ("a profile page without shared theme assets (gzip)",
         f"{page_weight(site, f'directory/{profile}/', shared) / 1024:.0f} KB"),
        ("an event page without shared theme assets (gzip)",
         f"{page_weight(site, f'events/{event_dirs[0].name}/', shared) / 1024:.0f} KB"
         if event_dirs else "n/a"),
    ]
    width = max(len(k) for k, _ in table)
    print(f"\n| {'what'.ljust(width)} | figure |\n| {'-' * width} | --- |")
    for key, value in table:
        print(f"| {key.ljust(width)} | {value} |")
    print(f"\nmedians of {args.reps} run(s) ({args.reps * ONE_FILE_SAMPLES} for the one-file "
          f"check); machine: {os.cpu_count()} cores; work folder {work}")
    for folder in earlier:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
