"""Everything the site publishes: the producers of pages and files, and static assets.

Producers are plain functions ``(directory, site) -> (pages, assets)``; adding a part
of the site means adding one here. Assets that come from installed packages (Leaflet
from XStatic-Leaflet) are copied in, so no visitor's browser asks a CDN for them.
"""

from __future__ import annotations

from pathlib import Path

from .calendar_ics import calendar_files
from .contribute import contribute_assets
from .event_pages import event_pages
from .feeds import feeds
from .load import DATA_DIR
from .model import Directory
from .newsletter import newsletter_pages
from .opendata import opendata
from .pages import directory_pages
from .render import Asset, Producer

PRODUCERS: list[Producer] = [directory_pages, opendata, newsletter_pages, feeds, event_pages,
                              calendar_files, contribute_assets]

LEAFLET_FILES = ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png",
                 "images/marker-icon.png", "images/marker-icon-2x.png",
                 "images/marker-shadow.png")


def static_assets(directory: Directory, root: Path) -> list[Asset]:
    import xstatic.pkg.leaflet as leaflet

    base = Path(leaflet.BASE_DIR)
    assets = [Asset(f"assets/leaflet/{name}", (base / name).read_bytes())
              for name in LEAFLET_FILES if (base / name).is_file()]
    logos = root / DATA_DIR / "logos"
    for name in sorted({a.logo for a in directory.associations if a.logo}):
        assets.append(Asset(f"assets/logos/{name}", (logos / name).read_bytes()))
    return assets
