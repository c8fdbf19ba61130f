"""The reproduction as one standalone HTML page, charts drawn by matplotlib as inline SVG.

Two charts: BLEU against term success for every system and mode (with the
reference's ceiling), and every measure year by year, one panel per mode.
Drawn with the evaluation report's style (``glossary.evaluation.html``): text
stays text, so the page needs no fonts of its own.
"""

from __future__ import annotations

from typing import Any

import matplotlib
from matplotlib.figure import Figure

from glossary.evaluation.html import COLOURS, chart_style, svg_of, templates
from glossary.evaluation.published.report import MEASURES, signed, to_dict
from glossary.evaluation.published.reproduce import Reproduction
from glossary.evaluation.published.terms import differs_from_termbase, mean_rate

MARKERS = {"noterm": "o", "proper": "s", "random": "^"}
MODE_LABELS = {"noterm": "no terms", "proper": "terms given", "random": "random terms given"}


def _colours(rows: list[dict[str, Any]]) -> dict[str, str]:
    systems = list(dict.fromkeys(r["system"] for r in rows))
    return {s: COLOURS[i % len(COLOURS)] for i, s in enumerate(systems)}


def scatter_chart(data: dict[str, Any]) -> str:
    """BLEU (x) against term success (y): a point per system and mode."""
    rows = data["rows"]
    colours = _colours(rows)
    with matplotlib.rc_context(chart_style()):
        figure = Figure(figsize=(7.0, 4.2), layout="constrained")
        ax = figure.subplots()
        for system, colour in colours.items():
            mine = [r for r in rows if r["system"] == system]
            ax.plot(
                [r["bleu"] for r in mine],
                [r["term_success"] for r in mine],
                color=colour,
                linewidth=0.8,
                alpha=0.5,
            )
            for r in mine:
                ax.scatter(
                    r["bleu"],
                    r["term_success"],
                    color=colour,
                    marker=MARKERS.get(r["mode"], "D"),
                    s=36,
                    zorder=3,
                )
        ceiling = data["reference_ceiling"]["all"]["documents"]["substring"]
        ax.axhline(ceiling, color="#444444", linestyle="--", linewidth=1)
        ax.annotate("reference", (ax.get_xlim()[0], ceiling), fontsize=7, va="bottom")
        ax.set_xlabel("BLEU")
        ax.set_ylabel("term success (WMT25 rule)")
        handles = [
            matplotlib.lines.Line2D([], [], color=c, marker="o", linestyle="", label=s)
            for s, c in colours.items()
        ]
        handles += [
            matplotlib.lines.Line2D(
                [], [], color="#555555", marker=m, linestyle="", label=MODE_LABELS.get(mode, mode)
            )
            for mode, m in MARKERS.items()
            if any(r["mode"] == mode for r in rows)
        ]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        return svg_of(figure)


def years_chart(data: dict[str, Any]) -> str:
    """Every measure year by year: one row of panels per measure, one column per mode."""
    rows = data["rows"]
    years = [str(y) for y in data["setup"]["years"]]
    modes = list(dict.fromkeys(r["mode"] for r in rows))
    colours = _colours(rows)
    ceiling = [data["reference_ceiling"][y]["documents"]["substring"] for y in years]
    with matplotlib.rc_context(chart_style()):
        figure = Figure(figsize=(3.0 * len(modes) + 1.6, 7.0), layout="constrained")
        axes = figure.subplots(len(MEASURES), len(modes), squeeze=False, sharey="row")
        for column, mode in enumerate(modes):
            for line, (key, label) in enumerate(MEASURES.items()):
                ax = axes[line][column]
                for r in (r for r in rows if r["mode"] == mode):
                    values = [r["years"][y][key] for y in years]
                    ax.plot(years, values, marker="o", markersize=3, color=colours[r["system"]])
                if key == "term_success":
                    ax.plot(years, ceiling, color="#444444", linestyle="--", linewidth=1)
                if line == 0:
                    ax.set_title(MODE_LABELS.get(mode, mode))
                if column == 0:
                    ax.set_ylabel(label)
        handles = [
            matplotlib.lines.Line2D([], [], color=c, marker="o", label=s)
            for s, c in colours.items()
        ]
        handles.append(
            matplotlib.lines.Line2D([], [], color="#444444", linestyle="--", label="reference")
        )
        figure.legend(handles=handles, loc="outside right upper", frameon=False)
        return svg_of(figure)


templates.filters["signed"] = signed


def to_html(reproduction: Reproduction) -> str:
    data = to_dict(reproduction)
    view = reproduction.terms
    paired: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
    for c in data["paired_tests"]:
        paired.setdefault(c["mode"], {}).setdefault((c["first"], c["second"]), {})[c["measure"]] = c
    given = [r.run.name for r in reproduction.table.results if r.run.mode == "proper"]
    return templates.get_template("published.html.j2").render(
        data=data,
        measures=MEASURES,
        modes=MODE_LABELS,
        paired={
            mode: [(first, second, tests) for (first, second), tests in pairs.items()]
            for mode, pairs in paired.items()
        },
        terms={row["term"]: row for row in data["terms"]["rows"]},
        means={
            "all": {r.term: mean_rate(r, view.runs) for r in view.rows},
            "given": {r.term: mean_rate(r, given) for r in view.rows},
        },
        differing={r.term for r in view.in_termbase if differs_from_termbase(r)},
        scatter_svg=scatter_chart(data),
        years_svg=years_chart(data),
    )
