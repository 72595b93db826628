"""Bar charts for the Reports screen, drawn by Plotext through `textual-plotext`.

The bars are ours (labels: bucket names and months, never user text); only the value axis
needs help: Plotext's own ticks read `21210.4`, so the axis gets round steps with short
labels (`20k`). Amounts become floats here for drawing only: every figure shown as a number
comes from the reports' exact minor units.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from textual.app import RenderResult
from textual_plotext import PlotextPlot

_STEPS = (1, 2, 2.5, 5, 10)


def nice_ticks(largest: float, count: int = 4) -> list[float]:
    """Round tick values from 0 that reach `largest`, about `count` of them."""
    if largest <= 0:
        return [0.0, 1.0]
    rough = largest / count
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in _STEPS if m * magnitude * count >= largest)
    ticks = [0.0]
    while ticks[-1] < largest:
        ticks.append(ticks[-1] + step)
    return ticks


def short_number(value: float) -> str:
    """`0`, `750`, `2.5k`, `40k`, `1.2M`: an axis label."""
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:.1f}".rstrip("0").rstrip(".") + suffix
    return f"{value:.0f}" if value == int(value) else f"{value:g}"


class BarChart(PlotextPlot):
    """Bars with round value ticks; `horizontal` puts the labels on the left."""

    def __init__(self, *, horizontal: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.horizontal = horizontal
        self.labels: tuple[str, ...] = ()
        self.values: tuple[Decimal, ...] = ()

    def show_bars(self, labels: Sequence[str], values: Sequence[Decimal]) -> None:
        self.labels, self.values = tuple(labels), tuple(values)
        plt = self.plt
        plt.clear_figure()
        numbers = [float(value) for value in values]  # drawing only
        ticks = nice_ticks(max(numbers, default=0.0))
        names = [short_number(tick) for tick in ticks]
        orientation = "horizontal" if self.horizontal else "vertical"
        plt.bar(list(labels), numbers, orientation=orientation, width=0.6, color="cyan")
        if self.horizontal:
            plt.xticks(ticks, names)
            plt.xlim(0, ticks[-1])
        else:
            plt.yticks(ticks, names)
            plt.ylim(0, ticks[-1])
        self.refresh()

    def render(self) -> RenderResult:
        self._label_ticks()
        return super().render()

    def _label_ticks(self) -> None:
        """Which bar labels to print, chosen here: Plotext would pick a different subset
        from run to run when they do not all fit, and snapshots must not change."""
        count = len(self.labels)
        if not count:
            return
        if self.horizontal:
            self.plt.yticks(list(range(1, count + 1)), list(self.labels))
            return
        widest = max(len(label) for label in self.labels) + 2
        room = max(1, (self.size.width - 8) // widest)
        step = max(1, math.ceil(count / room))
        positions = list(range(count, 0, -step))[::-1]  # always the latest bar
        self.plt.xticks(positions, [self.labels[n - 1] for n in positions])
