"""Inline SVG drawn in Python: the chain upstream -> downstream coloured by gap score, and the yearly
patent trend of the region against its benchmark. No scripts, no CDN: the HTML works offline and
prints the same to PDF. Text is escaped; colours come from the score alone."""

from __future__ import annotations

from html import escape

from graph import gaps

COLUMNS = ("upstream", "midstream", "downstream")
BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 190, 46, 70, 14, 28


def score_colour(score: float) -> str:
    """Green (0, no gap) through yellow to red (1, the largest gap)."""
    s = max(0.0, min(1.0, score))
    if s < 0.5:
        r, g = int(80 + 350 * s), 170
    else:
        r, g = 255, int(170 - 250 * (s - 0.5))
    return f"#{min(r, 255):02x}{max(g, 40):02x}60"


def chain_svg(gap: gaps.GapReport, lang: str, column_names: dict[str, str]) -> str:
    """Segments in three columns by position (then chain order), FEEDS edges as arrows."""
    columns: dict[str, list[gaps.SegmentGap]] = {c: [] for c in COLUMNS}
    for s in sorted(gap.segments, key=lambda s: (s.order if s.order is not None else 99, s.key)):
        columns.get(s.position or "midstream", columns["midstream"]).append(s)
    rows = max((len(v) for v in columns.values()), default=1) or 1
    width = PAD * 2 + 3 * BOX_W + 2 * GAP_X
    height = PAD * 2 + 20 + rows * (BOX_H + GAP_Y)
    where: dict[str, tuple[float, float]] = {}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="chain" '
             f'role="img" font-family="sans-serif" font-size="12">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
             'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>']
    for ci, column in enumerate(COLUMNS):
        x = PAD + ci * (BOX_W + GAP_X)
        parts.append(f'<text x="{x + BOX_W / 2}" y="{PAD}" text-anchor="middle" font-weight="bold">'
                     f'{escape(column_names.get(column, column))}</text>')
        for ri, s in enumerate(columns[column]):
            y = PAD + 14 + ri * (BOX_H + GAP_Y)
            where[s.id] = (x, y)
            name = (s.name_zh if lang == "zh" else s.name_en) or s.name_en or s.key
            flags = " ".join("!" for _ in s.flags)
            parts.append(
                f'<g data-segment="{escape(s.key)}"><rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" '
                f'fill="{score_colour(s.gap_score)}" stroke="#333"/>'
                f'<text x="{x + 8}" y="{y + 18}">{escape(name[:24])}</text>'
                f'<text x="{x + 8}" y="{y + 36}" font-size="11">{s.region.patents} · {s.gap_score:.2f} {flags}</text>'
                '</g>')
    for a, b in gap.feeds:
        if a in where and b in where:
            (x1, y1), (x2, y2) = where[a], where[b]
            if x1 == x2:  # same column: along the side
                parts.append(f'<path d="M{x1 + BOX_W},{y1 + BOX_H / 2} C{x1 + BOX_W + 30},{y1 + BOX_H / 2} '
                             f'{x2 + BOX_W + 30},{y2 + BOX_H / 2} {x2 + BOX_W},{y2 + BOX_H / 2}" fill="none" '
                             'stroke="#555" marker-end="url(#arrow)"/>')
            else:
                parts.append(f'<line x1="{x1 + BOX_W}" y1="{y1 + BOX_H / 2}" x2="{x2}" y2="{y2 + BOX_H / 2}" '
                             'stroke="#555" marker-end="url(#arrow)"/>')
    parts.append("</svg>")
    return "".join(parts)


def trend_svg(trend: list[tuple[int, int, int]], labels: tuple[str, str]) -> str:
    """Two lines over the years (region solid blue, benchmark dashed grey), on one axis from 0."""
    if not trend:
        return ""
    width, height, left, bottom, top = 640, 240, 48, 30, 24
    top_value = max(max(r, b) for _, r, b in trend) or 1
    step = (width - left - 16) / max(1, len(trend) - 1)

    def point(i: int, v: int) -> str:
        return f"{left + i * step:.1f},{height - bottom - (height - bottom - top) * v / top_value:.1f}"

    region = " ".join(point(i, r) for i, (_, r, _) in enumerate(trend))
    bench = " ".join(point(i, b) for i, (_, _, b) in enumerate(trend))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="trend" role="img" '
             'font-family="sans-serif" font-size="11">',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - 8}" y2="{height - bottom}" stroke="#999"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#999"/>',
             f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{top_value}</text>',
             f'<text x="{left - 6}" y="{height - bottom}" text-anchor="end">0</text>',
             f'<polyline points="{bench}" fill="none" stroke="#888" stroke-width="2" stroke-dasharray="5,4"/>',
             f'<polyline points="{region}" fill="none" stroke="#1f5fbf" stroke-width="2.5"/>']
    every = max(1, len(trend) // 10)
    for i, (year, _, _) in enumerate(trend):
        if i % every == 0 or i == len(trend) - 1:
            parts.append(f'<text x="{left + i * step:.1f}" y="{height - bottom + 16}" text-anchor="middle">{year}</text>')
    parts.append(f'<rect x="{width - 220}" y="4" width="12" height="4" fill="#1f5fbf"/>'
                 f'<text x="{width - 204}" y="10">{escape(labels[0])}</text>'
                 f'<rect x="{width - 110}" y="4" width="12" height="4" fill="#888"/>'
                 f'<text x="{width - 94}" y="10">{escape(labels[1][:18])}</text></svg>')
    return "".join(parts)
