"""Inline SVG charts for the HTML report: no scripts, no external references.

Every label is escaped here, so callers pass plain text. Charts never rely on
colour alone: bars carry their number and level in words, and each line of the
history chart has its own marker shape and dash pattern.
"""

from __future__ import annotations

from html import escape

from auditor.i18n import _

INK = "#1f2328"
MUTED = "#57606a"
GRID = "#d0d7de"
NOW = "#24476b"
AFTER = "#6f9ac4"
SERIES_COLOURS = ("#24476b", "#8a3b12", "#3b6e22", "#6b2f7a", "#7a5c00", "#00626b")
# A white outline behind labels keeps them readable where they cross a grid line.
HALO = 'paint-order="stroke" stroke="#ffffff" stroke-width="4" stroke-linejoin="round"'
DASHES = ("", "7 4", "2 3", "9 3 2 3", "4 2", "1 2")


def _level(key: str) -> str:
    from auditor.reports.vocab import level

    return level(key)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def bar_chart(rows: list[dict], *, after_caption: str = "", uid: str = "bars") -> str:
    """Two horizontal bars per threat: the score now and the projected score after the plan.

    ``rows``: [{"title", "score", "level", "after", "after_level"}], optionally "after_text" to say something
    other than the number (a projection of 0 is "not measured yet", never a promise of zero).
    """
    after_caption = after_caption or _("after the whole plan")
    # Narrow enough to be read at its own size on a 390 px phone (it scales to the viewport, never scrolls) and
    # printed at 110 mm wide, where its 12-unit labels are 9 pt.
    width, label_w, bar_w = 400, 64, 250
    row_h = 58
    top = 28
    height = top + row_h * len(rows) + 26
    out = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'preserveAspectRatio="xMinYMin meet" aria-labelledby="{uid}-t">',
        f'<title id="{uid}-t">' + _e(_("Score per threat now and {after}, on a scale of 0 to 100").format(after=after_caption)) + '</title>',
        "<defs>",
        f'<pattern id="{uid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#ffffff"/><rect width="3" height="6" fill="{AFTER}"/></pattern>',
        "</defs>",
    ]
    # Legend
    out.append(f'<rect x="{label_w}" y="4" width="16" height="12" fill="{NOW}"/>')
    out.append(f'<text x="{label_w + 22}" y="14" font-size="13" fill="{INK}">' + _e(_("now")) + '</text>')
    out.append(f'<rect x="{label_w + 70}" y="4" width="16" height="12" fill="url(#{uid}-hatch)" stroke="{AFTER}"/>')
    out.append(f'<text x="{label_w + 92}" y="14" font-size="13" fill="{INK}">{_e(after_caption)}</text>')
    # Grid
    grid_bottom = top + row_h * len(rows)
    for tick in (0, 25, 50, 75, 100):
        x = label_w + bar_w * tick / 100
        # Grid lines run beside the bars only, so they never cross a threat's title.
        for i in range(len(rows)):
            y = top + i * row_h
            out.append(f'<line x1="{x:g}" y1="{y + 16}" x2="{x:g}" y2="{y + 56}" stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{x:g}" y="{grid_bottom + 16}" font-size="12" fill="{MUTED}" text-anchor="middle">{tick}</text>')
    for i, row in enumerate(rows):
        y = top + i * row_h
        out.append(f'<text x="0" y="{y + 12}" font-size="14" font-weight="bold" fill="{INK}">{_e(row["title"])}</text>')
        for j, (key, lvl, name, fill) in enumerate(
            (("score", "level", _("now"), NOW), ("after", "after_level", _("after"), f"url(#{uid}-hatch)"))
        ):
            by = y + 18 + j * 20
            value = int(row[key])
            w = bar_w * max(0, min(100, value)) / 100
            out.append(f'<text x="0" y="{by + 13}" font-size="12" fill="{MUTED}">{_e(name)}</text>')
            stroke = f' stroke="{AFTER}"' if j else ""
            out.append(f'<rect x="{label_w}" y="{by}" width="{w:g}" height="16" fill="{fill}"{stroke}/>')
            override = row.get(f"{key}_text")
            words = _e(override) if override else f'{value} <tspan fill="{MUTED}">({_e(_level(row[lvl]))})</tspan>'
            out.append(f'<text x="{label_w + w + 6:g}" y="{by + 13}" font-size="13" fill="{INK}" {HALO}>{words}</text>')
    out.append("</svg>")
    return "\n".join(out)


MARKERS = ("circle", "square", "triangle", "diamond", "cross", "bar")


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:g}" cy="{y:g}" r="4.5" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - 4:g}" y="{y - 4:g}" width="8" height="8" fill="{colour}"/>'
    if shape == "triangle":
        return f'<path d="M{x:g} {y - 5:g} L{x + 5:g} {y + 4:g} L{x - 5:g} {y + 4:g} Z" fill="{colour}"/>'
    if shape == "diamond":
        return f'<path d="M{x:g} {y - 6:g} L{x + 5:g} {y:g} L{x:g} {y + 6:g} L{x - 5:g} {y:g} Z" fill="{colour}"/>'
    if shape == "cross":
        return (
            f'<path d="M{x - 4:g} {y - 4:g} L{x + 4:g} {y + 4:g} M{x + 4:g} {y - 4:g} L{x - 4:g} {y + 4:g}" '
            f'stroke="{colour}" stroke-width="2.5"/>'
        )
    return f'<rect x="{x - 2:g}" y="{y - 6:g}" width="4" height="12" fill="{colour}"/>'


def line_chart(x_labels: list[tuple[str, str]], series: list[tuple[str, list[int | None]]], *, uid: str = "history") -> str:
    """Per-threat scores over cycles. ``x_labels``: (first line, second line) per cycle.

    ``series``: (threat title, one score or None per cycle). A missing value
    breaks the line instead of being drawn as zero.
    """
    width = 700
    left, right, top = 44, 30, 16
    plot_h = 220
    n = max(1, len(x_labels))
    plot_w = width - left - right
    legend_rows = (len(series) + 1) // 2
    axis_bottom = top + plot_h
    height = axis_bottom + 44 + legend_rows * 22 + 8

    def x_at(i: int) -> float:
        return left + (plot_w * (i + 0.5) / n)

    def y_at(v: float) -> float:
        return top + plot_h * (1 - max(0, min(100, v)) / 100)

    out = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'preserveAspectRatio="xMinYMin meet" aria-labelledby="{uid}-t">',
        f'<title id="{uid}-t">' + _e(_("Score per threat at each cycle, on a scale of 0 to 100")) + '</title>',
    ]
    for tick in (0, 25, 50, 75, 100):
        y = y_at(tick)
        out.append(f'<line x1="{left}" y1="{y:g}" x2="{width - right}" y2="{y:g}" stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{left - 8}" y="{y + 4:g}" font-size="12" fill="{MUTED}" text-anchor="end">{tick}</text>')
    for i, (first, second) in enumerate(x_labels):
        x = x_at(i)
        out.append(
            f'<text x="{x:g}" y="{axis_bottom + 18}" font-size="12" fill="{INK}" text-anchor="middle">{_e(first)}'
            f'<tspan x="{x:g}" dy="15" fill="{MUTED}">{_e(second)}</tspan></text>'
        )
    for k, (title, values) in enumerate(series):
        colour = SERIES_COLOURS[k % len(SERIES_COLOURS)]
        dash = DASHES[k % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        segment: list[str] = []
        segments: list[list[str]] = []
        for i, v in enumerate(values):
            if v is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{x_at(i):g},{y_at(v):g}")
        if segment:
            segments.append(segment)
        for seg in segments:
            if len(seg) > 1:
                out.append(f'<polyline points="{" ".join(seg)}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
        shape = MARKERS[k % len(MARKERS)]
        for i, v in enumerate(values):
            if v is not None:
                out.append(_marker(shape, x_at(i), y_at(v), colour))
        # Legend: two columns under the axis labels.
        lx = left + (k % 2) * (plot_w / 2)
        ly = axis_bottom + 52 + (k // 2) * 22
        out.append(f'<line x1="{lx:g}" y1="{ly:g}" x2="{lx + 34:g}" y2="{ly:g}" stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
        out.append(_marker(shape, lx + 17, ly, colour))
        last = next((v for v in reversed(values) if v is not None), None)
        now = "" if last is None else f" (now {last})" if values and values[-1] is not None else ""
        out.append(f'<text x="{lx + 42:g}" y="{ly + 4:g}" font-size="13" fill="{INK}">{_e(title)}{_e(now)}</text>')
    out.append("</svg>")
    return "\n".join(out)
