"""PNG charts for print: the IKM (NRR per unsur, IKM per agency) and demand per hour.

matplotlib draws on its Agg canvas directly (no pyplot, so no display and no global state):
the kiosk's staff computer or a headless server makes the same file. Pages are A4 at
150 dpi with fonts of 10 pt and more, readable when printed.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from kiosk.i18n import tr
from kiosk.queueing import zone_abbreviation
from kiosk.survey import MUTU_TABLE, UNSUR, UNSUR_KEYS, mutu_for

from . import labels as L
from .data import DemandReport, IkmReport

A4_PORTRAIT = (8.27, 11.69)
A4_LANDSCAPE = (11.69, 8.27)
DPI = 150
MUTU_COLOURS = {"A": "#1a9641", "B": "#2c7bb6", "C": "#f39c33", "D": "#d7191c"}
STYLE = {"font.size": 11, "axes.titlesize": 14, "axes.titleweight": "bold",
         "axes.labelsize": 11, "xtick.labelsize": 10, "ytick.labelsize": 11,
         "axes.spines.top": False, "axes.spines.right": False}

NRR_AXIS = "NRR (1–4)"
IKM_AXIS = "IKM (25–100)"


def _save(fig: Figure, path: Path | str) -> Path:
    path = Path(path)
    FigureCanvasAgg(fig)
    fig.savefig(path, dpi=DPI, facecolor="white")
    return path


def _title(fig: Figure, heading: str, report, extra: str = "") -> float:
    """Three centred lines at the top, spaced in inches so portrait and landscape match.

    Returns the height (figure fraction) just under them.
    """
    lang = report.lang
    height = fig.get_figheight()
    y = 1 - 0.2 / height
    fig.text(0.5, y, tr(heading, lang), ha="center", va="top", fontsize=18, fontweight="bold")
    if report.mpp_name:
        y -= 0.38 / height
        fig.text(0.5, y, report.mpp_name, ha="center", va="top", fontsize=13)
    y -= 0.3 / height
    fig.text(0.5, y, L.period_text(report.period, lang) + (f" · {extra}" if extra else ""),
             ha="center", va="top", fontsize=11, color="#333333")
    return y - 0.25 / height


def _mutu_colour(converted) -> str:
    return MUTU_COLOURS[mutu_for(converted).grade]


def write_ikm_png(report: IkmReport, path: Path | str) -> Path:
    """NRR per unsur (bars coloured by the mutu each would have) and IKM per agency."""
    lang = report.lang
    total = report.total.result
    agencies = sorted((row for row in report.agencies if row.result.complete),
                      key=lambda row: row.result.converted)
    without = [row.short for row in report.agencies if not row.result.complete]
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=A4_PORTRAIT)
        top = _title(fig, L.IKM_TITLE, report,
                     tr(L.WEIGHT, lang, weight=L.weight_text(report.weight, lang)))
        if total.complete:
            fig.text(0.5, top, f"{report.title}: {_summary(report)}", ha="center", va="top",
                     fontsize=14, fontweight="bold", color=_mutu_colour(total.converted))
        top -= 0.75 / A4_PORTRAIT[1]
        heights = [len(UNSUR_KEYS) + 4, max(len(agencies), 3) + 2]
        grid = fig.add_gridspec(2, 1, height_ratios=heights, left=0.36, right=0.93,
                                top=top, bottom=0.15, hspace=0.25)
        _nrr_axes(fig.add_subplot(grid[0]), report)
        _agency_axes(fig.add_subplot(grid[1]), report, agencies)

        legend = [Patch(color=MUTU_COLOURS[m.grade],
                        label=f"{m.grade} {m.kinerja_text(lang)} "
                              f"({L.number(m.converted[0], 2, lang)}–"
                              f"{L.number(m.converted[1], 2, lang)})")
                  for m in reversed(MUTU_TABLE)]
        fig.legend(handles=legend, loc="lower center", ncol=2, frameon=False, fontsize=10,
                   bbox_to_anchor=(0.5, 0.03), title=tr(L.MUTU, lang),
                   title_fontproperties={"weight": "bold", "size": 10})
        notes = []
        if any(row.has_population and not row.sample.reached for row in agencies):
            notes.append(tr(L.SAMPLE_NOTE, lang))
        if without:
            notes.append(f"{tr(L.NO_RESPONDENTS, lang)}: {', '.join(without)}")
        if notes:
            fig.text(0.02, 0.005, "\n".join(textwrap.fill(n, 130) for n in notes),
                     fontsize=9, va="bottom", color="#444444")
        return _save(fig, path)


def _summary(report: IkmReport) -> str:
    r, lang = report.total.result, report.lang
    return tr(L.SUMMARY, lang, value=L.number(r.converted, 2, lang), grade=r.grade,
              kinerja=r.kinerja_text(lang), respondents=r.respondents)


def _nrr_axes(ax, report: IkmReport) -> None:
    lang, result = report.lang, report.total.result
    keys = [k for k in UNSUR_KEYS if k in result.nrr][::-1]  # U1 on top
    values = [float(result.nrr[k]) for k in keys]
    colours = [_mutu_colour(result.nrr[k] * 25) for k in keys]
    names = [textwrap.fill(f"{UNSUR[k].code} {UNSUR[k].name_text(lang)}", 26) for k in keys]
    ax.barh(names, values, color=colours, height=0.7)
    for y, value in enumerate(values):
        ax.text(value + 0.03, y, L.number(result.nrr[keys[y]], 2, lang), va="center",
                fontsize=11)
    ax.set_xlim(1, 4.35)
    ax.set_xticks([1, 1.5, 2, 2.5, 3, 3.5, 4])
    ax.set_xticklabels([L.number(float(t), 1, lang) for t in ax.get_xticks()])
    ax.set_xlabel(NRR_AXIS)
    ax.set_title(f"{tr(L.PER_UNSUR, lang)} — {report.title}", loc="left")
    ax.grid(axis="x", color="#dddddd")
    ax.set_axisbelow(True)


def _agency_axes(ax, report: IkmReport, agencies) -> None:
    lang = report.lang
    names = [row.short + ("*" if row.has_population and not row.sample.reached else "")
             for row in agencies]
    values = [float(row.result.converted_rounded) for row in agencies]
    for m in MUTU_TABLE:  # the four intervals, faintly, behind the bars
        ax.axvspan(float(m.converted[0]), float(m.converted[1]),
                   color=MUTU_COLOURS[m.grade], alpha=0.07, lw=0)
    ax.barh(names, values, color=[_mutu_colour(v) for v in values], height=0.7)
    for y, row in enumerate(agencies):
        ax.text(values[y] + 0.6, y, f"{L.number(row.result.converted, 2, lang)} "
                                    f"{row.result.grade}", va="center", fontsize=10)
    ax.set_xlim(25, 108)
    ax.set_xticks([25, 50, 65, 76.61, 88.31, 100])
    ax.set_xticklabels([L.number(float(t), 2, lang) if t % 1 else str(int(t))
                        for t in ax.get_xticks()])
    ax.set_ylim(-0.6, max(len(agencies), 3) - 0.4)
    ax.set_xlabel(IKM_AXIS)
    ax.set_title(tr(L.PER_AGENCY, lang), loc="left")
    ax.grid(axis="x", color="#dddddd")
    ax.set_axisbelow(True)


def write_demand_png(report: DemandReport, path: Path | str) -> Path:
    """Tickets per hour over the period (bars), and per agency and hour (a heat map)."""
    lang = report.lang
    hours = list(report.hours)
    sep = "." if lang == "id" else ":"
    hour_labels = [f"{h:02d}{sep}00" for h in hours]
    matrix = [[row.per_hour.get(h, 0) for h in hours] for row in report.rows]
    peak = max((max(r) for r in matrix if r), default=0) or 1
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=A4_LANDSCAPE)
        top = _title(fig, L.DEMAND_TITLE, report,
                     tr(L.TIMES_IN, lang, zone=zone_abbreviation(report.zone)))
        grid = fig.add_gridspec(2, 2, height_ratios=[1, 3.2], width_ratios=[len(hours), 1.4],
                                left=0.16, right=0.98, top=top - 0.15 / A4_LANDSCAPE[1], bottom=0.07,
                                hspace=0.12, wspace=0.04)
        bars = fig.add_subplot(grid[0, 0])
        totals = [report.hour_total(h) for h in hours]
        bars.bar(range(len(hours)), totals, color="#2c7bb6", width=0.75)
        for x, value in enumerate(totals):
            bars.text(x, value, str(value), ha="center", va="bottom", fontsize=10)
        bars.set_xlim(-0.5, len(hours) - 0.5)
        bars.set_xticks([])
        bars.set_ylim(0, max(totals or [1]) * 1.25)
        bars.set_ylabel(tr(L.TOTAL, lang))

        heat = fig.add_subplot(grid[1, 0])
        heat.imshow(matrix, aspect="auto", cmap="Blues", vmin=0, vmax=peak)
        size = 9 if len(report.rows) > 15 else 11
        for y, row in enumerate(matrix):
            for x, value in enumerate(row):
                colour = "white" if value > 0.55 * peak else "#222222" if value else "#999999"
                heat.text(x, y, str(value), ha="center", va="center", fontsize=size,
                          color=colour)
        heat.set_xticks(range(len(hours)), hour_labels)
        heat.set_yticks(range(len(report.rows)), [row.short for row in report.rows])
        heat.set_xlabel(tr(L.HOUR, lang))
        for side in ("top", "right", "left", "bottom"):
            heat.spines[side].set_visible(False)
        heat.tick_params(length=0)

        side = fig.add_subplot(grid[1, 1], sharey=heat)
        side.barh(range(len(report.rows)), [row.total for row in report.rows],
                  color="#9ecae1", height=0.75)
        for y, row in enumerate(report.rows):
            side.text(row.total, y, f" {row.total}", va="center", fontsize=size)
        side.set_xlim(0, max(row.total for row in report.rows) * 1.6)
        side.set_xticks([])
        side.tick_params(left=False, labelleft=False)
        side.set_title(tr(L.TOTAL, lang), fontsize=11)
        for spine in side.spines.values():
            spine.set_visible(False)
        return _save(fig, path)
