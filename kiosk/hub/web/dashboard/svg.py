"""Charts as inline SVG, drawn on the hub: no chart library, no script, nothing the page's
Content-Security-Policy would have to allow. Colours are presentation attributes (the CSP
forbids style attributes); every label is escaped."""

from __future__ import annotations

from markupsafe import Markup, escape

# one colour per series, distinguishable in grey print as well (dark, mid, light)
SERIES = ("#0b5394", "#e69138", "#93a5b8")
FACES = ("#c62828", "#ef8a4c", "#8bc34a", "#2e7d32")       # faces 1..4
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


def _nice_top(value: float) -> int:
    """A round top for the axis at or above `value`."""
    if value <= 5:
        return 5
    for step in (1, 2, 2.5, 5):
        for power in range(8):
            top = step * 10 ** power
            if top >= value:
                return int(top)
    return int(value)


def lines(hours: list[int], series: list[tuple[str, dict[int, int]]], title: str,
          width: int = 1000, height: int = 280, first_until: int | None = None) -> Markup:
    """Arrivals per hour: one line per series (first drawn boldest), points on the hours;
    the first series (today) stops at the hour `first_until` (now)."""
    left, right, top, bottom = 44, 16, 16, 58
    w, h = width - left - right, height - top - bottom
    peak = max([v for _, s in series for v in s.values()] + [1])
    ymax = _nice_top(peak)
    step = w / max(len(hours) - 1, 1)
    x = {hour: left + i * step for i, hour in enumerate(hours)}
    out = [(f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{escape(title)}" {FONT} font-size="12">'),
           f'<title>{escape(title)}</title>']
    for i in range(5):
        value = ymax * i / 4
        y = top + h - h * i / 4
        out.append(f'<line x1="{left}" x2="{left + w}" y1="{y:.1f}" y2="{y:.1f}" '
                   f'stroke="#dde3ea"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
                   f'fill="#56687a">{value:g}</text>')
    for hour in hours:
        out.append(f'<text x="{x[hour]:.1f}" y="{top + h + 18}" text-anchor="middle" '
                   f'fill="#56687a">{hour:02d}</text>')
    for n, (label, values) in reversed(list(enumerate(series))):
        colour = SERIES[n % len(SERIES)]
        shown = [hr for hr in hours if n or first_until is None or hr <= first_until]

        def point(hr, values=values):
            return f"{x[hr]:.1f},{top + h - h * values.get(hr, 0) / ymax:.1f}"
        # today's hour still running is a dotted segment: its count is not complete yet
        running = n == 0 and first_until in shown and len(shown) > 1
        solid = shown[:-1] if running else shown
        dash = ' stroke-dasharray="6 4"' if n == 2 else ""
        out.append(f'<polyline points="{" ".join(point(hr) for hr in solid)}" fill="none" '
                   f'stroke="{colour}" stroke-width="{3 if n == 0 else 2}"{dash}/>')
        if running:
            out.append(f'<polyline points="{point(shown[-2])} {point(shown[-1])}" fill="none" '
                       f'stroke="{colour}" stroke-width="2" stroke-dasharray="2 4"/>')
        if n == 0:
            out += [(f'<circle cx="{x[hr]:.1f}" cy="{top + h - h * values.get(hr, 0) / ymax:.1f}"'
                    f' r="3.5" fill="{colour}"><title>{hr:02d}: {values.get(hr, 0)}</title>'
                    f'</circle>') for hr in shown]
    lx = left
    for n, (label, _) in enumerate(series):
        colour = SERIES[n % len(SERIES)]
        out.append(f'<rect x="{lx}" y="{height - 18}" width="14" height="4" fill="{colour}"/>')
        out.append(f'<text x="{lx + 20}" y="{height - 12}" fill="#1b2733">{escape(label)}</text>')
        lx += 30 + 7.2 * len(label)
    out.append("</svg>")
    return Markup("".join(out))


def bars(rows: list[tuple[str, float | None, str]], title: str, top_value: float,
         width: int = 1100, marks: tuple[float, ...] = (), places: int = 2,
         decimal: str = ",", low: float = 0.0, label_w: int = 300) -> Markup:
    """Horizontal bars from `low` to `top_value`: (label, value or None, colour); `marks`
    draw dashed thresholds."""
    row_h, pad = 26, 8
    height = pad * 2 + row_h * max(len(rows), 1) + 18
    span = width - label_w - 70
    out = [(f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{escape(title)}" {FONT} font-size="12">'),
           f'<title>{escape(title)}</title>']
    for i, (label, value, colour) in enumerate(rows):
        y = pad + i * row_h
        short = label if len(label) <= 40 else label[:39] + "…"
        out.append(f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" fill="#1b2733">'
                   f'{escape(short)}<title>{escape(label)}</title></text>')
        if value is None:
            out.append(f'<text x="{label_w + 4}" y="{y + 17}" fill="#8a99a8">–</text>')
            continue
        length = span * max(0.0, min((value - low) / (top_value - low), 1.0))
        shown = f"{value:.{places}f}".replace(".", decimal)
        out.append(f'<rect x="{label_w}" y="{y + 4}" width="{length:.1f}" height="{row_h - 8}"'
                   f' rx="3" fill="{colour}"/>')
        out.append(f'<text x="{label_w + length + 6:.1f}" y="{y + 17}" fill="#1b2733">'
                   f'{shown}</text>')
    bottom = pad + row_h * len(rows)
    for mark in marks:
        mx = label_w + span * (mark - low) / (top_value - low)
        out.append(f'<line x1="{mx:.1f}" x2="{mx:.1f}" y1="{pad}" y2="{bottom}" '
                   f'stroke="#56687a" stroke-dasharray="3 3"/>')
        out.append(f'<text x="{mx:.1f}" y="{bottom + 14}" text-anchor="middle" '
                   f'fill="#56687a">{f"{mark:g}".replace(".", decimal)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def faces(rows: list[tuple[str, tuple[int, int, int, int]]], title: str,
          legend: tuple[str, str, str, str], width: int = 1100) -> Markup:
    """One 100 % stacked bar per row: the share of each face, 1 (red) to 4 (green)."""
    label_w, row_h, pad = 300, 26, 8
    height = pad * 2 + row_h * max(len(rows), 1) + 24
    span = width - label_w - 20
    out = [(f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{escape(title)}" {FONT} font-size="12">'),
           f'<title>{escape(title)}</title>']
    for i, (label, counts) in enumerate(rows):
        y, total, x = pad + i * row_h, sum(counts) or 1, float(label_w)
        short = label if len(label) <= 40 else label[:39] + "…"
        out.append(f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" fill="#1b2733">'
                   f'{escape(short)}<title>{escape(label)}</title></text>')
        for face, count in enumerate(counts):
            part = span * count / total
            if part <= 0:
                continue
            out.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{part:.1f}" height="{row_h - 8}" '
                       f'fill="{FACES[face]}"><title>{escape(legend[face])}: {count}</title></rect>')
            if part > 34:
                out.append(f'<text x="{x + part / 2:.1f}" y="{y + 17}" text-anchor="middle" '
                           f'fill="#fff">{round(100 * count / total)}%</text>')
            x += part
    lx, ly = label_w, pad + row_h * len(rows) + 14
    for face, label in enumerate(legend):
        out.append(f'<rect x="{lx}" y="{ly - 9}" width="12" height="12" fill="{FACES[face]}"/>')
        out.append(f'<text x="{lx + 16}" y="{ly + 1}" fill="#1b2733">{escape(label)}</text>')
        lx += 36 + 7 * len(label)
    out.append("</svg>")
    return Markup("".join(out))
