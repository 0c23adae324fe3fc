"""The comparison's bar chart as numbers: where each bar, label and the median line go. The
template `district/compare_chart.html` draws them as an inline SVG, so the page needs no image
request and no font on the server, and nothing in it is styled inline (the CSP allows no inline
style; SVG presentation attributes are not governed by it)."""

from dataclasses import dataclass

from unionhall.district import selectors

CHART_BARS = 30
BAR, GAP, LEFT, WIDTH = 16, 4, 220, 420
NAME_LENGTH = 18


@dataclass(frozen=True)
class Bar:
    name: str
    text: str
    y: int
    length: str  # with one decimal, as the SVG attribute is written
    text_x: str

    @property
    def label_y(self) -> int:
        return self.y + 12


@dataclass(frozen=True)
class BarChart:
    label: str
    width: int
    height: int
    bars: list[Bar]
    median_x: str | None  # None when no school has the figure

    # The fixed geometry, for the template.
    left = LEFT
    label_x = LEFT - 6
    bar = BAR

    @property
    def median_bottom(self) -> int:
        return self.height - 8


def bar_chart(compared: selectors.Comparison) -> BarChart | None:
    """Bars of the sorted column (or the first) for the first schools shown, with the median as
    a line; None when nothing is compared."""
    if not compared.columns:
        return None
    index = compared.names.index(compared.sort) if compared.sort in compared.names else 0
    column = compared.columns[index]
    shown = [(row.school.name, row.values[index]) for row in compared.rows][:CHART_BARS]
    numbers = [float(v) for _n, v in shown if v is not None]
    top = max([*numbers, float(column.median or 0), 1.0])
    bars = []
    for n, (name, value) in enumerate(shown):
        length = 0 if value is None else float(value) / top * WIDTH
        bars.append(
            Bar(
                name=name[:NAME_LENGTH],
                text=column.found.format(value),
                y=n * (BAR + GAP) + 20,
                length=f"{length:.1f}",
                text_x=f"{LEFT + length + 4:.1f}",
            )
        )
    median_x = None
    if column.median is not None:
        median_x = f"{LEFT + float(column.median) / top * WIDTH:.1f}"
    return BarChart(
        label=column.found.label,
        width=LEFT + WIDTH + 90,
        height=len(shown) * (BAR + GAP) + 30,
        bars=bars,
        median_x=median_x,
    )
