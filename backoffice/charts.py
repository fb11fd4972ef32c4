"""A small inline SVG bar chart: no script, so it prints and screenshots as it looks.

The value axis has a few round steps (whole numbers for counts) with grid lines and their
labels left of the bars, in a margin as wide as the longest one, so no label sits on a bar
or is cut. A chart is drawn twice, wide and
narrow (fewer day labels, larger type relative to its width), and the stylesheet shows
the one that fits the screen."""

from collections.abc import Callable, Sequence
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

HEIGHT, BOTTOM, TOP = 170, 20, 10
WIDE, NARROW = 720, 340
TICKS = 4
CHAR_WIDTH = 6.6  # a generous average width of an 11 px system-ui character


def value_step(peak: int, ticks: int = TICKS) -> int:
    """The smallest round step (1, 2 or 5 times a power of ten, at least 1) that covers
    `peak` in `ticks` steps."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if step * ticks >= peak:
                return step
        magnitude *= 10


def _svg(
    points: Sequence[tuple[date, int]],
    *,
    width: int,
    every: int,
    css: str,
    title: str,
    label: Callable[[int], str],
) -> str:
    peak = max((value for _, value in points), default=0)
    step = value_step(peak)
    top_value = step * max(-(-peak // step), 1)
    plot_height = HEIGHT - BOTTOM - TOP
    ticks = [(tick, label(tick)) for tick in range(0, top_value + 1, step)]
    left = round(max(len(text) for _, text in ticks) * CHAR_WIDTH) + 10  # room for the labels
    slot = (width - left) / max(len(points), 1)
    parts = []
    for tick, text in ticks:
        y = HEIGHT - BOTTOM - plot_height * tick / top_value
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(text)}</text>'
        )
    for index, (day, value) in enumerate(points):
        height = plot_height * value / top_value
        x = left + index * slot + 1
        parts.append(
            f'<rect class="{css}" x="{x:.1f}" y="{HEIGHT - BOTTOM - height:.1f}" '
            f'width="{slot - 2:.1f}" height="{height:.1f}">'
            f"<title>{day:%d %b}: {escape(label(value))}</title></rect>"
        )
        if index % every == 0:
            parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 5}">{day:%d %b}</text>')
    return (
        f'<svg class="bo-chart {"wide" if width == WIDE else "narrow"}" '
        f'viewBox="0 0 {width} {HEIGHT}" width="{width}" height="{HEIGHT}" role="img" '
        f'aria-label="{escape(title)}">{"".join(parts)}</svg>'
    )


def bar_chart_svg(
    points: Sequence[tuple[date, int]],
    *,
    css: str,
    title: str,
    label: Callable[[int], str] = "{:,}".format,
) -> SafeString:
    """Bars of integer values (counts, or money in minor units with `label` showing them in
    major units), wide and narrow."""
    wide = _svg(points, width=WIDE, every=5, css=css, title=title, label=label)
    narrow = _svg(points, width=NARROW, every=10, css=css, title=title, label=label)
    return mark_safe(wide + narrow)  # noqa: S308 (numbers, dates and escaped text only)
