"""Horizontal bar charts as inline SVG, drawn at build time.

No chart library is loaded by the visitor: the chart is markup, scales with the page,
follows the theme's colours through CSS variables, and every bar links to the filtered
directory. The figures are also in a table beside it. The SVG has no ``role="img"``: its bars are
links, and an image must not contain interactive elements.
"""

from __future__ import annotations

from markupsafe import Markup, escape

ROW = 26
LABEL_WIDTH = 210
BAR_WIDTH = 300
WIDTH = LABEL_WIDTH + BAR_WIDTH + 50


def _shorten(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(rows: list[tuple[str, int, str]], *, title: str, chart_id: str,
              limit: int = 20) -> Markup:
    """``rows`` are ``(label, count, link)``, largest first; the top ``limit`` are drawn."""
    shown = rows[:limit]
    top = max((count for _, count, _ in shown), default=1) or 1
    height = ROW * len(shown) + 4
    parts = [
        f'<svg class="vb-chart" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-labelledby="chart-{escape(chart_id)}-title" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-{escape(chart_id)}-title">{escape(title)}</title>',
    ]
    for index, (label, count, link) in enumerate(shown):
        y = index * ROW + 2
        width = max(2, round(BAR_WIDTH * count / top))
        parts.append(
            f'<a href="{escape(link)}"><g class="vb-chart-row">'
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 17}" text-anchor="end">'
            f"{escape(_shorten(label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{width}" height="{ROW - 8}" rx="3"/>'
            f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 17}" class="vb-chart-n">{count}</text>'
            "</g></a>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
