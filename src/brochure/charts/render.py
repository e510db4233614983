"""Draw a ChartSpec with matplotlib into SVG text (text kept as text, in the brand font).

Imported only on a chart-cache miss: importing matplotlib costs most of a cold build.
"""

from __future__ import annotations

import io
import logging
import textwrap

import matplotlib

matplotlib.use("svg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from . import ChartSpec  # noqa: E402

# A family with one weight (IPAex Gothic) makes matplotlib warn on every bold label; the regular
# weight it falls back to is the brand's choice for that script, so the warning is noise.
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)

_FAMILIES: dict[str, str] = {}


def _family(regular: str, bold: str) -> str:
    if regular not in _FAMILIES:
        for path in (regular, bold):
            font_manager.fontManager.addfont(path)
        _FAMILIES[regular] = font_manager.FontProperties(fname=regular).get_name()
    return _FAMILIES[regular]


def render_svg(spec: ChartSpec) -> str:
    family = _family(*spec.font_files)
    rc = {
        "svg.fonttype": "none",
        "svg.hashsalt": "brochure",
        "font.family": family,
        "font.size": spec.font_size,
        "axes.unicode_minus": False,
        "text.color": spec.colours["text"],
    }
    with plt.rc_context(rc):
        fig = plt.figure(figsize=(spec.width_pt / 72, spec.height_pt / 72), dpi=72)
        try:
            {"bars": _bars, "ranks": _ranks}[spec.kind](fig, spec)
            out = io.StringIO()
            fig.savefig(out, format="svg", transparent=True, metadata={"Date": None, "Creator": None})
        finally:
            plt.close(fig)
    return out.getvalue()


def _wrap(label: str, width: int = 30) -> str:
    """Break a label into lines: at spaces, or anywhere for CJK text (which has no spaces and whose
    characters are about twice as wide, hence half as many per line)."""
    if any(ord(ch) > 0x2E80 for ch in label):
        step = max(4, width // 2)
        return "\n".join(label[i:i + step] for i in range(0, len(label), step))
    return "\n".join(textwrap.wrap(label, width))


def _ems(line: str) -> float:
    """Approximate width of a line in ems: CJK characters are full width, others about half."""
    return sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in line)


def _label_room(labels: list[str], spec: ChartSpec, most: float) -> float:
    """The share of the figure width the labels on the left need (at most `most`)."""
    widest = max(_ems(line) for label in labels for line in label.split("\n"))
    return min(most, 0.03 + widest * spec.font_size / spec.width_pt)


def _bare(ax) -> None:
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="both", length=0)
    ax.set_xticks([])


def _bars(fig, spec: ChartSpec) -> None:
    """Horizontal bars, largest on top, value printed at the bar end, the region highlighted."""
    c = spec.colours
    bars = sorted(spec.bars, key=lambda b: -b.value)
    labels = [_wrap(b.label) for b in bars]
    left = _label_room(labels, spec, 0.55)
    ax = fig.add_axes([left, 0.02, 0.98 - left - 0.1, 0.96])
    ys = range(len(bars))[::-1]
    colours = [c["bar"] if b.highlight else c["bar-peer"] for b in bars]
    ax.barh(list(ys), [b.value for b in bars], color=colours, height=0.62)
    top = spec.scale_max or max(b.value for b in bars) or 1
    ax.set_xlim(0, top * 1.02)
    ax.set_ylim(-0.6, len(bars) - 0.4)
    ax.set_yticks(list(ys), labels)
    for y, b in zip(ys, bars):
        ax.text(b.value + top * 0.015, y, b.text, va="center", ha="left",
                fontweight="bold", color=c["text"])
    for tick, b in zip(ax.get_yticklabels(), bars):
        tick.set_color(c["text"])
        if b.highlight:
            tick.set_fontweight("bold")
    _bare(ax)
    ax.spines["left"].set_color(c["rule"])
    ax.spines["left"].set_linewidth(0.75)


def _ranks(fig, spec: ChartSpec) -> None:
    """One track per metric from the last to the first place; a dot marks the region's rank."""
    c = spec.colours
    n = int(spec.scale_max or 27)
    labels = [_wrap(b.label, 34) for b in spec.bars]
    left = _label_room(labels, spec, 0.5)
    ax = fig.add_axes([left, 0.14, 0.95 - left, 0.84])
    ys = list(range(len(spec.bars)))[::-1]
    for y, b in zip(ys, spec.bars):
        ax.plot([n, 1], [y, y], color=c["rule"], linewidth=2.2, solid_capstyle="round")
        ax.plot([b.value], [y], "o", markersize=spec.font_size * 1.5, color=c["bar"], clip_on=False)
        ax.text(b.value, y + 0.32, b.text, ha="center", va="bottom", fontweight="bold", color=c["text"])
    ax.set_xlim(n + 0.6, 0.4)
    ax.set_ylim(-0.6, len(spec.bars) - 0.1)
    ax.set_yticks(ys, labels)
    for tick in ax.get_yticklabels():
        tick.set_color(c["text"])
    _bare(ax)
    ax.spines["left"].set_visible(False)
    ax.set_xticks([n, 1], [f"{n}", "1"])
    ax.tick_params(axis="x", colors=c["muted"], labelsize=spec.font_size * 0.9)
    ax.set_xlabel(spec.axis_label, color=c["muted"], fontsize=spec.font_size * 0.9, loc="right")
