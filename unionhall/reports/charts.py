"""Bar charts for the .docx, drawn by matplotlib (Agg, no display) with a CJK font.

The font is looked up by family name among the fonts matplotlib knows (Debian: fonts-noto-cjk).
Without one, Chinese labels would come out as empty boxes; instead the chart says so in plain
ASCII, and the rest of the summary is unaffected.
"""

import io
import textwrap
import threading
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from unionhall.reports.build import BuiltChart

# Tried in this order; the first family matplotlib has a file for wins.
CJK_FONT_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "Noto Serif CJK SC",
)
NO_FONT_MESSAGE = "Chart unavailable: no CJK font installed"
# matplotlib is not thread-safe: its cached font objects (FT2Font) are shared by every figure, and
# two charts drawn at once in one process (a threaded server answering the summary page's chart
# images together) can corrupt them and hang. One chart at a time per process.
_DRAWING = threading.Lock()


@lru_cache(maxsize=8)
def find_cjk_font(families: tuple[str, ...] | None = None) -> str | None:
    """The file of the first CJK font family installed, or None."""
    wanted = families if families is not None else CJK_FONT_FAMILIES
    files = {entry.name: entry.fname for entry in font_manager.fontManager.ttflist}
    for family in wanted:
        if family in files:
            return files[family]
    return None


def cjk_font() -> font_manager.FontProperties | None:
    path = find_cjk_font(CJK_FONT_FAMILIES)
    return font_manager.FontProperties(fname=path) if path else None


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure).print_png(buffer)
    return buffer.getvalue()


def unavailable_png(message: str = NO_FONT_MESSAGE) -> bytes:
    with _DRAWING:
        figure = Figure(figsize=(6.4, 1.2), dpi=100)
        figure.text(0.5, 0.5, message, ha="center", va="center", fontsize=12)
        return _png(figure)


def _amount(number: float) -> str:
    return f"{number:,.0f}" if number == int(number) else f"{number:,.2f}"


class NothingToDraw(ValueError):
    """A chart without a bar above zero: the summary says so in words instead."""


def has_data(chart: BuiltChart) -> bool:
    return any(value for _label, value in chart.bars)


def bar_chart_png(chart: BuiltChart, *, heading: str = "") -> bytes:
    """A horizontal bar chart of the chart's bars, its title (and heading) in Chinese.

    Raises NothingToDraw for a chart with no data (the summary leaves such charts out), rather
    than drawing empty axes around zero."""
    if not has_data(chart):
        raise NothingToDraw(chart.title)
    font = cjk_font()
    if font is None:
        return unavailable_png()
    labels = [textwrap.fill(label, 22) for label, _value in chart.bars]
    numbers = [value for _label, value in chart.bars]
    with _DRAWING:
        return _draw(chart, labels, numbers, font, heading)


# The tallest a chart is drawn, in inches at 6.4 wide: a third of the A4 text block once on the
# page (documents.CHART_MAX_HEIGHT_MM), so that a chart of up to nine bars keeps the full width
# (and its lettering its size), its bars closer together; one of more bars is drawn taller and
# shown narrower.
TALLEST = 3.4


def figure_height(bars: int) -> float:
    return min(1.6 + 0.5 * bars, max(TALLEST, 1.0 + 0.25 * bars))


def _draw(chart: BuiltChart, labels, numbers, font, heading: str) -> bytes:
    height = figure_height(len(labels))
    figure = Figure(figsize=(6.4, height), dpi=110, layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    bars = axes.barh(positions, numbers, color="#c0392b")
    axes.set_yticks(positions, labels=labels, fontproperties=font)
    axes.invert_yaxis()
    axes.bar_label(bars, labels=[_amount(n) for n in numbers], padding=3)
    figure.suptitle("\n".join(filter(None, [heading, chart.title])), fontproperties=font)
    if chart.unit:
        axes.set_xlabel(chart.unit, fontproperties=font)
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(x=0.2)
    return _png(figure)
