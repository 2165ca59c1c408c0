"""The service-times report as a PNG for print (matplotlib's Agg canvas, as kiosk.reports.charts).

A4 landscape: waiting time and service time per agency (the median as a bar, the p90 as a
tick beyond it), the shares (served within the published time, no-shows) per agency, and
the median wait per agency and hour of issue as a heat map. The whole MPP's figures head
the page.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure

from kiosk.i18n import N_, tr
from kiosk.queueing import zone_abbreviation

from . import labels as L
from .charts import A4_LANDSCAPE, STYLE, _save, _title
from .service_times import TITLE, ServiceTimes

WAIT_TITLE = N_("Waiting time per agency (issue to call)")
SERVICE_TITLE = N_("Service time per agency (call to finish)")
SHARES_TITLE = N_("Shares per agency")
HEAT_TITLE = N_("Median wait per agency and hour of issue (minutes)")
MINUTES_AXIS = N_("minutes")
MEDIAN = N_("median")
P90 = N_("p90 (9 in 10 within)")
WITHIN = N_("served within the published time")
NO_SHOW = N_("no-show")
HEADLINE = N_("{tickets} tickets · wait median {wait} min · service median {service} min · "
              "no-show {no_show} · within time {within}")
NOT_CALLED = N_("no call in this hour")

WAIT_COLOUR, SERVICE_COLOUR = "#2c7bb6", "#1a9641"
WITHIN_COLOUR, NO_SHOW_COLOUR = "#1a9641", "#d7191c"


def _share(value, lang: str) -> str:
    return L.DASH if value is None else f"{L.number(value * 100, 0, lang)} %"


def _headline(report: ServiceTimes) -> str:
    t, lang = report.data.total.times, report.lang
    return tr(HEADLINE, lang, tickets=t.tickets, wait=L.number(t.wait_median, 1, lang),
              service=L.number(t.service_median, 1, lang),
              no_show=_share(t.no_show_share, lang), within=_share(t.within_share, lang))


def _minutes_axes(ax, rows, names, median_of, p90_of, colour, heading, lang) -> None:
    y = range(len(rows))
    medians = [median_of(r.times) or 0 for r in rows]
    p90s = [p90_of(r.times) for r in rows]
    ax.barh(y, medians, color=colour, height=0.6, label=tr(MEDIAN, lang))
    ax.scatter([p or 0 for p in p90s], y, marker="|", s=400, linewidths=3, color="#222222",
               label=tr(P90, lang), zorder=3)
    peak = max([*medians, *(p or 0 for p in p90s), 1])
    for i, (m, p, row) in enumerate(zip(medians, p90s, rows)):
        text = (f"{L.number(median_of(row.times), 1, lang)} / {L.number(p, 1, lang)}"
                if median_of(row.times) is not None else L.DASH)
        ax.text(max(m, p or 0) + peak * 0.03, i, text, va="center", fontsize=10)
    ax.set_yticks(list(y), names)
    ax.set_ylim(len(rows) - 0.4, -0.6)            # the first agency on top
    ax.set_xlim(0, peak * 1.45)
    ax.set_xlabel(tr(MINUTES_AXIS, lang))
    _heading(ax, heading, lang)


def _heading(ax, heading: str, lang: str) -> None:
    """A panel's title (wrapped: three panels share the width) and its legend under it."""
    ax.set_title(textwrap.fill(tr(heading, lang), 36), loc="left", fontsize=11.5)
    ax.grid(axis="x", color="#dddddd")
    ax.set_axisbelow(True)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.2), ncol=1, fontsize=9, frameon=False)


def _shares_axes(ax, rows, lang) -> None:
    y = list(range(len(rows)))
    within = [(r.times.within_share or 0) * 100 for r in rows]
    no_show = [(r.times.no_show_share or 0) * 100 for r in rows]
    ax.barh([i - 0.18 for i in y], within, height=0.34, color=WITHIN_COLOUR,
            label=tr(WITHIN, lang))
    ax.barh([i + 0.18 for i in y], no_show, height=0.34, color=NO_SHOW_COLOUR,
            label=tr(NO_SHOW, lang))
    for i, row in enumerate(rows):
        ax.text(within[i] + 2, i - 0.18, _share(row.times.within_share, lang), va="center",
                fontsize=9)
        ax.text(no_show[i] + 2, i + 0.18, _share(row.times.no_show_share, lang),
                va="center", fontsize=9)
    ax.set_yticks(y, [""] * len(y))
    ax.set_ylim(len(rows) - 0.4, -0.6)
    ax.set_xlim(0, 125)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("%")
    _heading(ax, SHARES_TITLE, lang)


def _heat_axes(ax, report: ServiceTimes, agencies, names) -> None:
    lang = report.lang
    hours = sorted({r.hour for r in report.data.hours})
    if not hours:
        ax.set_axis_off()
        return
    index = {a.agency_id: i for i, a in enumerate(agencies)}
    matrix = [[None] * len(hours) for _ in agencies]
    for row in report.data.hours:
        if row.agency_id in index:
            matrix[index[row.agency_id]][hours.index(row.hour)] = row.times.wait_median
    peak = max((v for line in matrix for v in line if v is not None), default=1) or 1
    shown = [[float("nan") if v is None else v for v in line] for line in matrix]
    ax.imshow(shown, aspect="auto", cmap="OrRd", vmin=0, vmax=peak)
    for y, line in enumerate(matrix):
        for x, value in enumerate(line):
            colour = "white" if value is not None and value > 0.6 * peak else "#222222"
            ax.text(x, y, L.DASH if value is None else L.number(value, 1, lang),
                    ha="center", va="center", fontsize=10, color=colour)
    sep = "." if lang == "id" else ":"
    ax.set_xticks(range(len(hours)), [f"{h:02d}{sep}00" for h in hours])
    ax.set_xlim(-0.5, max(len(hours), 8) - 0.5)     # a short day: cells of a normal width
    ax.set_yticks(range(len(agencies)), names)
    ax.set_xlabel(tr(L.TIMES_IN, lang, zone=zone_abbreviation(report.data.zone))
                  + f" · {L.DASH} {tr(NOT_CALLED, lang)}", loc="left")
    ax.set_title(tr(HEAT_TITLE, lang), loc="left", fontsize=11.5)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0)


def write_service_times_png(report: ServiceTimes, path: Path | str) -> Path:
    lang = report.lang
    agencies = list(report.data.agencies)
    names = [textwrap.fill(a.agency, 22) for a in agencies]
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=A4_LANDSCAPE)
        top = _title(fig, TITLE, report)
        fig.text(0.5, top, _headline(report), ha="center", va="top", fontsize=12,
                 fontweight="bold")
        top -= 0.45 / A4_LANDSCAPE[1]
        grid = fig.add_gridspec(2, 3, height_ratios=[1.2, 1], left=0.2, right=0.96,
                                top=top - 0.25 / A4_LANDSCAPE[1], bottom=0.08, hspace=0.75,
                                wspace=0.12)
        _minutes_axes(fig.add_subplot(grid[0, 0]), agencies, names,
                      lambda t: t.wait_median, lambda t: t.wait_p90, WAIT_COLOUR,
                      WAIT_TITLE, lang)
        service = fig.add_subplot(grid[0, 1])
        _minutes_axes(service, agencies, [""] * len(agencies),
                      lambda t: t.service_median, lambda t: t.service_p90, SERVICE_COLOUR,
                      SERVICE_TITLE, lang)
        _shares_axes(fig.add_subplot(grid[0, 2]), agencies, lang)
        _heat_axes(fig.add_subplot(grid[1, :]), report, agencies, names)
        return _save(fig, path)
