"""A small inline SVG bar chart: no script, so it prints and screenshots as it looks."""

from collections.abc import Callable, Sequence
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT, AXIS = 720, 160, 18


def bar_chart_svg(
    points: Sequence[tuple[date, int]],
    *,
    css: str,
    title: str,
    label: Callable[[int], str] = "{:,}".format,
) -> SafeString:
    """Bars of integer values (counts, or money in minor units with `label` showing them in
    major units)."""
    peak = max((value for _, value in points), default=0) or 1
    step = WIDTH / max(len(points), 1)
    bars = []
    for index, (day, value) in enumerate(points):
        height = (HEIGHT - AXIS) * value / peak
        x, y = index * step + 1, HEIGHT - AXIS - height
        bars.append(
            f'<rect class="{css}" x="{x:.1f}" y="{y:.1f}" width="{step - 2:.1f}" '
            f'height="{height:.1f}"><title>{day:%d %b}: {escape(label(value))}</title></rect>'
        )
        if index % 5 == 0:
            bars.append(f'<text x="{x:.1f}" y="{HEIGHT - 4}">{day:%d %b}</text>')
    return mark_safe(  # noqa: S308 (numbers, dates and an escaped title only)
        f'<svg class="bo-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-label="{escape(title)}">{"".join(bars)}'
        f'<text x="{WIDTH - 4}" y="12" text-anchor="end">max {escape(label(peak))}</text></svg>'
    )
