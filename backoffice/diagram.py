"""The order state machine as inline SVG, laid out from `orders.transitions` alone: a
status's column is its distance from pending, so a new status or transition in the table
shows up here without touching this file."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from orders.transitions import TRANSITIONS, OrderStatus, Transition

NODE_WIDTH, NODE_HEIGHT = 112, 38
COLUMN_GAP, ROW_GAP, MARGIN = 200, 130, 30
BEND = 0.2  # how far an edge bows sideways, as a share of its length
LABEL_OFFSET = 9
LABEL_AT = 0.6  # past the middle: labels of edges leaving one node stay apart


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str


def _edges(transitions: Sequence[Transition]) -> list[Edge]:
    return [Edge(s.value, t.target.value, t.label) for t in transitions for s in t.sources]


def _columns(edges: list[Edge], start: str) -> dict[str, int]:
    """Breadth-first distance from `start`; unreachable statuses get the last column."""
    column = {start: 0}
    frontier = [start]
    while frontier:
        status = frontier.pop(0)
        for edge in edges:
            if edge.source == status and edge.target not in column:
                column[edge.target] = column[status] + 1
                frontier.append(edge.target)
    last = max(column.values()) + 1
    return {status.value: column.get(status.value, last) for status in OrderStatus}


def _positions(columns: dict[str, int]) -> dict[str, tuple[float, float]]:
    rows: dict[int, int] = {}
    position = {}
    for status in OrderStatus:  # the table's order decides rows within a column
        col = columns[status.value]
        row = rows.get(col, 0)
        rows[col] = row + 1
        position[status.value] = (
            MARGIN + col * COLUMN_GAP + NODE_WIDTH / 2,
            MARGIN + row * ROW_GAP + NODE_HEIGHT / 2,
        )
    return position


def _border_point(center, toward) -> tuple[float, float]:
    """Where the line from a node's center toward `toward` leaves the node's box."""
    (x, y), (tx, ty) = center, toward
    dx, dy = tx - x, ty - y
    scale = min(
        (NODE_WIDTH / 2) / abs(dx) if dx else math.inf,
        (NODE_HEIGHT / 2) / abs(dy) if dy else math.inf,
    )
    return x + dx * scale, y + dy * scale


def _along(start: float, control: float, end: float, t: float = LABEL_AT) -> float:
    return (1 - t) ** 2 * start + 2 * t * (1 - t) * control + t**2 * end


def _edge_svg(edge: Edge, position, *, active: bool) -> str:
    (x1, y1), (x2, y2) = position[edge.source], position[edge.target]
    # Bow to the right of the direction of travel: a pair of opposite edges never overlaps.
    cx = (x1 + x2) / 2 + (y2 - y1) * BEND
    cy = (y1 + y2) / 2 - (x2 - x1) * BEND
    sx, sy = _border_point((x1, y1), (cx, cy))
    ex, ey = _border_point((x2, y2), (cx, cy))
    length = math.hypot(x2 - x1, y2 - y1) or 1
    nx, ny = (y2 - y1) / length, -(x2 - x1) / length  # toward the bow
    lx = _along(sx, cx, ex) + nx * LABEL_OFFSET
    ly = _along(sy, cy, ey) + ny * LABEL_OFFSET + 4
    css = "edge active" if active else "edge"
    return (
        f'<g class="{css}" data-from="{edge.source}" data-to="{edge.target}">'
        f'<path d="M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}" fill="none" '
        f'marker-end="url(#arrow{"-active" if active else ""})"/>'
        f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="middle">{escape(edge.label)}</text>'
        "</g>"
    )


def _node_svg(status: OrderStatus, position, *, current: bool) -> str:
    x, y = position[status.value]
    css = "node current" if current else "node"
    return (
        f'<g class="{css}" data-status="{status.value}">'
        f'<rect x="{x - NODE_WIDTH / 2:.1f}" y="{y - NODE_HEIGHT / 2:.1f}" '
        f'width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="8"/>'
        f'<text x="{x:.1f}" y="{y + 5:.1f}" text-anchor="middle">{escape(status.label)}</text>'
        "</g>"
    )


STYLE = """
.node rect{fill:#f8fafc;stroke:#94a3b8;stroke-width:1.5}
.node text{font:600 13px system-ui,sans-serif;fill:#334155}
.node.current rect{fill:#7c3aed;stroke:#5b21b6;stroke-width:3}
.node.current text{fill:#fff}
.edge path{stroke:#94a3b8;stroke-width:1.5}
.edge text{font:11px system-ui,sans-serif;fill:#64748b}
.edge.active path{stroke:#7c3aed;stroke-width:2.5}
.edge.active text{fill:#5b21b6;font-weight:600}
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
    position = _positions(_columns(edges, OrderStatus.PENDING.value))
    width = max(x for x, _ in position.values()) + NODE_WIDTH / 2 + MARGIN
    height = max(y for _, y in position.values()) + NODE_HEIGHT / 2 + MARGIN
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="order-state-diagram" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="100%" '
        f'aria-label="Order state machine, current status {escape(current)}">',
        f"<style>{STYLE}</style>",
        f"<defs>{_marker('arrow', '#94a3b8')}{_marker('arrow-active', '#7c3aed')}</defs>",
        *(_edge_svg(edge, position, active=edge.source == current) for edge in edges),
        *(_node_svg(status, position, current=status.value == current) for status in OrderStatus),
        "</svg>",
    ]
    return mark_safe("".join(parts))  # noqa: S308 (every interpolated text is escaped)
