"""The order state machine drawn from `orders.transitions` alone, so a new status or
transition in the table shows up here without touching this file: inline SVG for wide
screens, and the same machine as a list for phones (the page's stylesheet shows one).

Layout: the statuses that lead somewhere stand on one row, each in the column of its
longest path from pending; the end statuses (canceled, refunded) stand on a second row
under their sources. Between neighbours an edge is straight with its label in the gap
(wrapped to fit); an edge going back or skipping a column arcs above the row, higher for
each arc it would cross, its label on top; the edges into an end status share one label
beside it."""

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from orders.transitions import TRANSITIONS, OrderStatus, Transition

NODE_WIDTH, NODE_HEIGHT = 112, 38
COLUMN_GAP, ROW_GAP, MARGIN = 220, 120, 16
FONT_SIZE, LINE_HEIGHT = 13, 15
CHAR_WIDTH = 7.4  # a generous average width of a 13 px system-ui character
ARC_FIRST, ARC_STEP = 30, 45  # how far above the nodes the first arc peaks, and each next
GAP_CHARS = int((COLUMN_GAP - NODE_WIDTH - 8) / CHAR_WIDTH)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str


def _edges(transitions: Sequence[Transition]) -> list[Edge]:
    return [Edge(s.value, t.target.value, t.label) for t in transitions for s in t.sources]


def _spine_columns(edges: list[Edge], spine: set[str], start: str) -> dict[str, int]:
    """Longest path from `start` among the statuses that lead somewhere (cycles cut)."""
    column = {start: 0}

    def walk(status: str, path: tuple[str, ...]) -> None:
        for edge in edges:
            target = edge.target
            longer = column.get(target, -1) < column[status] + 1
            if edge.source == status and target in spine and target not in path and longer:
                column[target] = column[status] + 1
                walk(target, (*path, target))

    walk(start, (start,))
    last = max(column.values()) + 1
    order = [status.value for status in OrderStatus]
    ranked = sorted(spine, key=lambda s: (column.get(s, last), order.index(s)))
    unique: dict[str, int] = {}
    for status in ranked:  # one status per column: a tie moves the later one right
        unique[status] = max(column.get(status, last), max(unique.values(), default=-1) + 1)
    return unique


def _layout(edges: list[Edge]) -> dict[str, tuple[float, int]]:
    """(column, row) of each status; end statuses sit under the mean of their sources."""
    spine = {edge.source for edge in edges}
    columns = _spine_columns(edges, spine, OrderStatus.PENDING.value)
    place = {status: (float(col), 0) for status, col in columns.items()}
    taken: list[float] = []
    for status in OrderStatus:
        if status.value in spine:
            continue
        sources = [columns[e.source] for e in edges if e.target == status.value]
        col = sum(sources) / len(sources) if sources else max(columns.values()) + 1.0
        while any(abs(col - other) < 1 for other in taken):
            col += 1
        taken.append(col)
        place[status.value] = (col, 1)
    return place


class _Canvas:
    def __init__(self, place: dict[str, tuple[float, int]], top: float):
        self.place = place
        self.top = top

    def center(self, status: str) -> tuple[float, float]:
        col, row = self.place[status]
        x = MARGIN + col * COLUMN_GAP + NODE_WIDTH / 2
        return x, self.top + NODE_HEIGHT / 2 + row * ROW_GAP


def _text(x: float, y: float, lines: list[str], anchor: str = "middle") -> str:
    """Lines stacked upward from the baseline `y`."""
    first = y - (len(lines) - 1) * LINE_HEIGHT
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{first + i * LINE_HEIGHT:.1f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text text-anchor="{anchor}">{spans}</text>'


def _group(css: str, edge_from: str, edge_to: str, body: str) -> str:
    return f'<g class="{css}" data-from="{edge_from}" data-to="{edge_to}">{body}</g>'


def _path(d: str, active: bool) -> str:
    return f'<path d="{d}" fill="none" marker-end="url(#arrow{"-active" if active else ""})"/>'


def _arc_levels(arcs: list[Edge], place) -> dict[Edge, int]:
    """Shorter arcs lower; an arc over another's span goes one level higher."""
    levels: dict[Edge, int] = {}
    span = {e: sorted((place[e.source][0], place[e.target][0])) for e in arcs}
    for edge in sorted(arcs, key=lambda e: span[e][1] - span[e][0]):
        low, high = span[edge]
        under = [
            levels[other]
            for other in levels
            if span[other][0] < high and low < span[other][1]  # the spans overlap
        ]
        levels[edge] = max(under, default=0) + 1
    return levels


def _arc_rise(level: int) -> float:
    return ARC_FIRST + (level - 1) * ARC_STEP


def _straight_svg(edge: Edge, canvas: _Canvas, active: bool) -> str:
    (x1, y), (x2, _) = canvas.center(edge.source), canvas.center(edge.target)
    sx, ex = x1 + NODE_WIDTH / 2, x2 - NODE_WIDTH / 2
    lines = textwrap.wrap(edge.label, GAP_CHARS) or [""]
    line = _path(f"M{sx:.1f},{y:.1f} L{ex:.1f},{y:.1f}", active)
    body = line + _text((sx + ex) / 2, y - 7, lines)
    return _group("edge active" if active else "edge", edge.source, edge.target, body)


def _arc_svg(edge: Edge, canvas: _Canvas, level: int, active: bool) -> str:
    (x1, y1), (x2, _) = canvas.center(edge.source), canvas.center(edge.target)
    # Higher arcs leave and reach a node nearer its middle: no two arcs share an end.
    inset = NODE_WIDTH * max(0.35 - 0.15 * (level - 1), 0.05) * (1 if x2 > x1 else -1)
    sx, ex = x1 + inset, x2 - inset
    top = y1 - NODE_HEIGHT / 2
    peak = top - _arc_rise(level)
    control = 2 * peak - top  # a quadratic curve peaks halfway to its control point
    body = _path(
        f"M{sx:.1f},{top:.1f} Q{(sx + ex) / 2:.1f},{control:.1f} {ex:.1f},{top:.1f}", active
    ) + _text((sx + ex) / 2, peak - 6, [edge.label])
    return _group("edge active" if active else "edge", edge.source, edge.target, body)


def _border_point(center, toward) -> tuple[float, float]:
    """Where the line from a node's center toward `toward` leaves the node's box."""
    (x, y), (tx, ty) = center, toward
    dx, dy = tx - x, ty - y
    scale = min(
        (NODE_WIDTH / 2) / abs(dx) if dx else math.inf,
        (NODE_HEIGHT / 2) / abs(dy) if dy else math.inf,
    )
    return x + dx * scale, y + dy * scale


def _into_end_svg(target: str, label: str, group: list[Edge], canvas: _Canvas, current) -> str:
    tx, ty = canvas.center(target)
    parts = []
    for edge in group:
        sx, sy = _border_point(canvas.center(edge.source), (tx, ty))
        ex, ey = _border_point((tx, ty), (sx, sy))
        active = edge.source == current
        parts.append(
            _group(
                "edge active" if active else "edge",
                edge.source,
                target,
                _path(f"M{sx:.1f},{sy:.1f} L{ex:.1f},{ey:.1f}", active),
            )
        )
    css = "edge active" if any(e.source == current for e in group) else "edge"
    label_svg = _text(tx + NODE_WIDTH / 2 + 8, ty + 4, [label], anchor="start")
    return "".join(parts) + f'<g class="{css} label-beside">{label_svg}</g>'


def _node_svg(status: OrderStatus, canvas: _Canvas, *, current: bool) -> str:
    x, y = canvas.center(status.value)
    css = "node current" if current else "node"
    return (
        f'<g class="{css}" data-status="{status.value}">'
        f'<rect x="{x - NODE_WIDTH / 2:.1f}" y="{y - NODE_HEIGHT / 2:.1f}" '
        f'width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="8"/>'
        f'<text x="{x:.1f}" y="{y + 5:.1f}" text-anchor="middle">{escape(status.label)}</text>'
        "</g>"
    )


STYLE = f"""
.node rect{{fill:#f8fafc;stroke:#64748b;stroke-width:1.5}}
.node text{{font:600 13px system-ui,sans-serif;fill:#1e293b}}
.node.current rect{{fill:var(--color-primary-700,#6d28d9);stroke-width:3;
 stroke:var(--color-primary-900,#4c1d95)}}
.node.current text{{fill:#fff}}
.edge path{{stroke:#94a3b8;stroke-width:1.5}}
.edge text{{font:{FONT_SIZE}px system-ui,sans-serif;fill:#475569}}
.edge.active path{{stroke:var(--color-primary-700,#6d28d9);stroke-width:2.5}}
.edge.active text{{fill:var(--color-primary-900,#4c1d95);font-weight:600}}
"""


def _marker(name: str, color: str) -> str:
    return (
        f'<marker id="{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="10" '
        f'markerHeight="10" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" '
        f'fill="{color}"/></marker>'
    )


def state_diagram_svg(current: str, transitions: Sequence[Transition] = TRANSITIONS) -> SafeString:
    """Every status and allowed transition; `current` and the ways out of it highlighted."""
    edges = _edges(transitions)
    place = _layout(edges)
    straight = [
        e for e in edges if place[e.target][1] == 0 and place[e.target][0] - place[e.source][0] == 1
    ]
    arcs = [e for e in edges if place[e.target][1] == 0 and e not in straight]
    levels = _arc_levels(arcs, place)
    label_room = max((len(textwrap.wrap(e.label, GAP_CHARS)) for e in straight), default=0)
    above = max(
        [_arc_rise(level) + 6 + LINE_HEIGHT for level in levels.values()]
        + [label_room * LINE_HEIGHT + 7 - NODE_HEIGHT / 2]
    )
    canvas = _Canvas(place, MARGIN + max(above, 0))
    into_ends: dict[tuple[str, str], list[Edge]] = {}
    for edge in edges:
        if place[edge.target][1] == 1:
            into_ends.setdefault((edge.target, edge.label), []).append(edge)
    label_ends = [
        canvas.center(target)[0] + NODE_WIDTH / 2 + 8 + len(label) * CHAR_WIDTH
        for target, label in into_ends
    ]
    nodes_end = max(canvas.center(s)[0] for s in place) + NODE_WIDTH / 2
    width = max([nodes_end, *label_ends]) + MARGIN
    height = max(canvas.center(s)[1] for s in place) + NODE_HEIGHT / 2 + MARGIN
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="order-state-diagram" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'aria-label="Order state machine, current status {escape(current)}">',
        f"<style>{STYLE}</style>",
        f"<defs>{_marker('arrow', '#94a3b8')}{_marker('arrow-active', '#6d28d9')}</defs>",
        *(_straight_svg(e, canvas, e.source == current) for e in straight),
        *(_arc_svg(e, canvas, levels[e], e.source == current) for e in arcs),
        *(
            _into_end_svg(target, label, group, canvas, current)
            for (target, label), group in into_ends.items()
        ),
        *(_node_svg(status, canvas, current=status.value == current) for status in OrderStatus),
        "</svg>",
    ]
    return mark_safe("".join(parts))  # noqa: S308 (every interpolated text is escaped)


def state_list_html(current: str, transitions: Sequence[Transition] = TRANSITIONS) -> SafeString:
    """The same machine as a list, for narrow screens: each status and where it can go."""
    items = []
    for status in OrderStatus:
        ways = [t for t in transitions if status in t.sources]
        outs = format_html_join("", "<li>→ {}: {}</li>", ((t.target.label, t.label) for t in ways))
        items.append(
            format_html(
                '<li class="{}" data-status="{}"><strong>{}</strong>{}{}</li>',
                "current" if status.value == current else "",
                status.value,
                status.label,
                " (now)" if status.value == current else "",
                format_html("<ul>{}</ul>", outs) if ways else "",
            )
        )
    return format_html(
        '<ol class="bo-state-list" aria-label="Order statuses and their transitions">{}</ol>',
        mark_safe("".join(items)),  # noqa: S308 (each item built by format_html)
    )
