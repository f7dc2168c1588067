"""Required against scheduled agents per interval, as shapes for a server-drawn SVG."""

from dataclasses import dataclass

from hamdel.staffing.queries import Interval

WIDTH = 960
HEIGHT = 240
PAD = 28  # room for the axis labels


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    y: float
    height: float
    gap: bool  # fewer scheduled than required
    label: str  # the tooltip


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]  # scheduled agents
    required_path: str  # a step line of required agents
    top: int  # the largest value on the axis
    ticks: list[tuple[float, str]]  # x position, interval start "HH:MM"


def chart_of(intervals: list[Interval]) -> Chart:
    top = max([1, *(i.required for i in intervals), *(i.scheduled for i in intervals)])
    inner_w, inner_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    step = inner_w / max(1, len(intervals))

    def y_of(value: int) -> float:
        return round(PAD + inner_h - value / top * inner_h, 1)

    bars, path = [], []
    every = max(1, len(intervals) // 12)
    ticks = []
    for index, interval in enumerate(intervals):
        x = round(PAD + index * step, 1)
        y = y_of(interval.scheduled)
        bars.append(
            Bar(
                x=x,
                width=round(step * 0.8, 1),
                y=y,
                height=round(PAD + inner_h - y, 1),
                gap=interval.gap < 0,
                label=f"{interval.start:%H:%M} {interval.scheduled}/{interval.required}",
            )
        )
        ry = y_of(interval.required)
        path.append(f"{'M' if index == 0 else 'L'}{x},{ry} L{round(x + step, 1)},{ry}")
        if index % every == 0:
            ticks.append((x, f"{interval.start:%H:%M}"))
    return Chart(WIDTH, HEIGHT, bars, " ".join(path), top, ticks)
