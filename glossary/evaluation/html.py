"""The HTML report: one self-contained file, with charts drawn by matplotlib as inline SVG.

Charts keep their text as text (``svg.fonttype = none``), so Chinese term
labels are drawn by the reader's browser and stay selectable; matplotlib only
measures them, with a CJK font when one is installed.
"""

from __future__ import annotations

import io
import re
import warnings
from typing import TYPE_CHECKING, Any

import jinja2
import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure

from glossary.evaluation.report import to_dict
from glossary.evaluation.run import Evaluation

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

# Terms in the per-term chart: the most frequent ones.
CHART_TERMS = 30
CJK_FONTS = (
    "Noto Sans CJK TC",
    "Noto Sans CJK SC",
    "Source Han Sans TC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "Microsoft JhengHei",
    "PingFang TC",
)
COLOURS = ("#1f6f8b", "#e07a1f", "#5a9a3b", "#9b4a9b", "#c23b3b", "#6b6b6b", "#2f9e9e", "#b58d1e")
_SVG_START = re.compile(r"<svg\b")


def chart_style() -> dict[RcKeyType, Any]:
    installed = {f.name for f in font_manager.fontManager.ttflist}
    families = ["DejaVu Sans", *[f for f in CJK_FONTS if f in installed][:1]]
    return {
        "svg.fonttype": "none",
        "svg.hashsalt": "glossary-evaluation",  # the same input gives the same file
        "font.family": families,
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def svg_of(figure: Figure) -> str:
    buffer = io.StringIO()
    with warnings.catch_warnings():
        # Without a CJK font matplotlib cannot measure Han glyphs; the browser still draws them.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = buffer.getvalue()
    return text[_SVG_START.search(text).start() :]  # type: ignore[union-attr]


def scores_chart(data: dict[str, Any]) -> str:
    """One panel per metric: each system's score with its 95 % interval."""
    systems = data["systems"]
    panels: list[tuple[str, list[float], list[tuple[float, float]], float | None]] = []
    for name, first in systems[0].get("scores", {}).items():
        values, errors = [], []
        for system in systems:
            score = system["scores"][name]
            values.append(score["score"])
            errors.append(_error(score["score"], score["ci"]))
        title = first["label"] + (" (lower is better)" if name == "ter" else "")
        panels.append((title, values, errors, None))
    if "terms" in systems[0]:
        values = [s["terms"]["accuracy"] for s in systems]
        errors = [_error(s["terms"]["accuracy"], s["terms"]["ci"]) for s in systems]
        ceiling = data["references"][0]["terms"]["accuracy"] if data["references"] else None
        panels.append(("term accuracy %", values, errors, ceiling))
    with matplotlib.rc_context(chart_style()):
        width = max(2.2 * len(panels), 4.0)
        figure = Figure(figsize=(width, 2.4 + 0.12 * len(systems)), layout="constrained")
        axes = figure.subplots(1, len(panels), squeeze=False)[0]
        names = [s["name"] for s in systems]
        for ax, (label, values, errors, ceiling) in zip(axes, panels, strict=True):
            low = [e[0] for e in errors]
            high = [e[1] for e in errors]
            colours = [COLOURS[i % len(COLOURS)] for i in range(len(values))]
            ax.bar(range(len(values)), values, color=colours, yerr=[low, high], capsize=3)
            ax.set_title(label)
            ax.set_xticks(range(len(values)), names, rotation=30, ha="right")
            if ceiling is not None:
                ax.axhline(ceiling, color="#444444", linestyle="--", linewidth=1)
                ax.annotate(
                    "reference",
                    (len(values) - 0.5, ceiling),
                    fontsize=7,
                    ha="right",
                    va="bottom",
                    color="#444444",
                )
        return svg_of(figure)


def _error(score: float, ci: dict[str, float] | None) -> tuple[float, float]:
    if not ci:
        return (0.0, 0.0)
    return (max(score - ci["low"], 0.0), max(ci["high"] - score, 0.0))


def terms_chart(data: dict[str, Any]) -> str | None:
    """Accuracy per term and system, for the most frequent terms."""
    systems = [s for s in data["systems"] + data["references"] if "per_term" in s]
    if not systems:
        return None
    frequent = sorted(systems[0]["per_term"], key=lambda r: (-r["occurrences"], r["term"]))
    rows = [r for r in frequent if r["occurrences"]][:CHART_TERMS]
    if not rows:
        return None
    by_system = [{r["term"]: r for r in s["per_term"]} for s in systems]
    height = 0.6 + len(rows) * (0.14 + 0.09 * len(systems))
    with matplotlib.rc_context(chart_style()):
        figure = Figure(figsize=(7.0, height), layout="constrained")
        ax = figure.subplots()
        bar = 0.8 / len(systems)
        references = {r["name"] for r in data["references"]}
        for k, (system, rows_of) in enumerate(zip(systems, by_system, strict=True)):
            values = [rows_of[r["term"]]["accuracy"] if r["term"] in rows_of else 0.0 for r in rows]
            positions = [i + k * bar for i in range(len(rows))]
            colour = "#bbbbbb" if system["name"] in references else COLOURS[k % len(COLOURS)]
            ax.barh(positions, values, height=bar, color=colour, label=system["name"])
        labels = [f"{r['sources'][0]} ({r['occurrences']})" for r in rows]
        ax.set_yticks([i + 0.4 - bar / 2 for i in range(len(rows))], labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel("occurrences rendered as approved (%)")
        ax.xaxis.set_ticks_position("top")
        ax.xaxis.set_label_position("top")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False)
        return svg_of(figure)


# The package's templates (this report's and the WMT25 reproduction's).
templates = jinja2.Environment(
    loader=jinja2.PackageLoader("glossary.evaluation", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def to_html(evaluation: Evaluation, title: str = "Evaluation report") -> str:
    """A standalone HTML page: tables, signatures, charts and every term."""
    data = to_dict(evaluation)
    template = templates.get_template("report.html.j2")
    return template.render(
        title=title,
        data=data,
        scores_svg=scores_chart(data),
        terms_svg=terms_chart(data),
    )
