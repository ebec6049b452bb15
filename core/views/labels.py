"""Direct labels on a chart, placed greedily without overlaps (pure functions, pixels).

A label is tried at a list of positions around its marker (beside it, above and below
it at growing distances with a leader line); it takes the first position that stays
inside the plot area and covers no other label, no marker or bar, and whose leader
line crosses no label or marker. Labels come in priority order: what does not fit is
left out, never squeezed. Text widths come from the metrics of Arial (and the
metric-compatible Liberation Sans and Helvetica), the fonts the figures ask for.
"""
from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Advance widths of the characters 32..126 in 1/1000 em (Arial = Liberation Sans).
_REGULAR = (278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
            556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
            500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
            556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
            278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584)
_BOLD = (278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556,
         556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722,
         611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556,
         611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778,
         556, 556, 500, 389, 280, 389, 584)
_WIDE = 1000      # a character outside the tables (CJK, symbols): an em, on the safe side
_SAFETY = 1.06    # a browser's kerning and hinting, and fonts a little wider than Arial
LINE_HEIGHT = 1.3  # Plotly's line height, in em


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width in pixels of one line of text at a font size (pixels)."""
    table = _BOLD if bold else _REGULAR
    total = 0
    for char in text:
        code = ord(char)
        if not 32 <= code <= 126:
            base = unicodedata.normalize("NFD", char)[0]  # "ë" is as wide as "e"
            code = ord(base) if base.isascii() else -1
            if code == -1:
                total += 556 if unicodedata.category(char).startswith(("P", "Z")) else _WIDE
                continue
        total += table[code - 32] if 32 <= code <= 126 else _WIDE
    return total / 1000 * size * _SAFETY


def wrap_to_width(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Words filled into lines no wider than `width` pixels (a longer word has its own)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if current and text_width(trial, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines or [""]


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in pixels, y downwards."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return (self.x0 < other.x1 + gap and other.x0 < self.x1 + gap
                and self.y0 < other.y1 + gap and other.y0 < self.y1 + gap)

    def inside(self, other: Box) -> bool:
        return other.x0 <= self.x0 and self.x1 <= other.x1 and other.y0 <= self.y0 and self.y1 <= other.y1

    def crossed_by(self, start: tuple[float, float], end: tuple[float, float]) -> bool:
        """Whether the segment start-end passes through the box (Liang-Barsky clipping)."""
        (x0, y0), (x1, y1) = start, end
        dx, dy = x1 - x0, y1 - y0
        low, high = 0.0, 1.0
        for p, q in ((-dx, x0 - self.x0), (dx, self.x1 - x0), (-dy, y0 - self.y0), (dy, self.y1 - y0)):
            if p == 0:
                if q < 0:
                    return False
                continue
            t = q / p
            if p < 0:
                low = max(low, t)
            else:
                high = min(high, t)
            if low > high:
                return False
        return True


@dataclass(frozen=True, slots=True)
class LabelRequest:
    """A label wanted for a marker at (x, y) of `radius` pixels; `key` names it."""

    key: str
    text: str
    x: float
    y: float
    radius: float = 6.0
    size: float = 11.0


@dataclass(frozen=True, slots=True)
class PlacedLabel:
    key: str
    text: str
    box: Box                               # the text with its padding
    anchor: tuple[float, float]            # the marker's centre
    leader: tuple[float, float] | None     # where the leader line meets the label; None: beside the marker
    size: float
    align: str                             # "left" | "center" | "right": where the box sits against its x


class _Grid:
    """Boxes bucketed in cells: a candidate is compared only with its neighbours (there may
    be twenty thousand markers)."""

    CELL = 48.0

    def __init__(self, boxes: Iterable[Box] = ()):
        self.cells: dict[tuple[int, int], list[Box]] = {}
        for box in boxes:
            self.add(box)

    def _cells(self, box: Box) -> Iterable[tuple[int, int]]:
        for i in range(int(box.x0 // self.CELL), int(box.x1 // self.CELL) + 1):
            for j in range(int(box.y0 // self.CELL), int(box.y1 // self.CELL) + 1):
                yield i, j

    def add(self, box: Box) -> None:
        for cell in self._cells(box):
            self.cells.setdefault(cell, []).append(box)

    def hits(self, box: Box, gap: float = 0.0) -> bool:
        for cell in self._cells(Box(box.x0 - gap, box.y0 - gap, box.x1 + gap, box.y1 + gap)):
            for other in self.cells.get(cell, ()):
                if box.overlaps(other, gap):
                    return True
        return False

    def crossed(self, start: tuple[float, float], end: tuple[float, float]) -> bool:
        span = Box(min(start[0], end[0]), min(start[1], end[1]), max(start[0], end[0]), max(start[1], end[1]))
        for cell in self._cells(span):
            for other in self.cells.get(cell, ()):
                if other.crossed_by(start, end):
                    return True
        return False


PAD = 1.0                      # around a label's text (its line height already leaves air)
GAP = 1.5                      # between a label and anything else
# distances of a label above or below its marker: fine steps first, so that a label finds
# the narrow free band between two lanes of a dense chart
LEADER_STEPS = (1.0, 4.0, 8.0, 13.0, 19.0, 26.0, 34.0, 44.0, 56.0, 74.0)


def label_size(text: str, size: float) -> tuple[float, float]:
    """Width and height of a label's box (text and padding)."""
    return text_width(text, size) + 2 * PAD, size * LINE_HEIGHT + 2 * PAD


Candidate = tuple[Box, tuple[float, float] | None, str]  # a label's box, its leader line's end, its side


def _candidates(request: LabelRequest, width: float, height: float) -> Iterable[Candidate]:
    x, y, r = request.x, request.y, request.radius
    # beside the marker, on its line: the most direct reading
    yield Box(x + r + GAP, y - height / 2, x + r + GAP + width, y + height / 2), None, "left"
    yield Box(x - r - GAP - width, y - height / 2, x - r - GAP, y + height / 2), None, "right"
    for step in (8.0, 20.0):  # further along the line, past a neighbour, with a short leader
        yield Box(x + r + step, y - height / 2, x + r + step + width, y + height / 2), (x + r + step, y), "left"
        yield Box(x - r - step - width, y - height / 2, x - r - step, y + height / 2), (x - r - step, y), "right"
    for step in LEADER_STEPS:
        for sign in (-1, 1):  # above, then below
            top = y - r - step - height if sign < 0 else y + r + step
            for left, align in ((x - width / 2, "center"), (x - 8, "left"), (x - width + 8, "right")):
                box = Box(left, top, left + width, top + height)
                yield box, (min(max(x, box.x0), box.x1), box.y1 if sign < 0 else box.y0), align


MAX_MISSES = 25  # this many labels in a row found no place: the chart is full, stop looking


def place_labels(requests: Sequence[LabelRequest], area: Box, obstacles: Iterable[Box] = (),
                 max_labels: int | None = None) -> list[PlacedLabel]:
    """Labels in priority order, each where it first fits; those that fit nowhere are left out.

    A placed label lies inside `area`, keeps GAP pixels from every obstacle (markers, bars),
    every other label and every leader line; its own leader crosses no label, and no
    marker other than its own where any position allows that.
    """
    grid = _Grid(obstacles)
    labels = _Grid()
    leaders: list[tuple[tuple[float, float], tuple[float, float]]] = []
    placed: list[PlacedLabel] = []
    misses = 0
    for request in requests:
        if (max_labels is not None and len(placed) >= max_labels) or misses >= MAX_MISSES:
            break
        width, height = label_size(request.text, request.size)
        own = Box(request.x - request.radius, request.y - request.radius,
                  request.x + request.radius, request.y + request.radius)
        found = None
        # a leader that crosses no marker first; else one that crosses markers (in a stack of
        # markers a leader cannot avoid its neighbours), never one that crosses a label
        for strict in (True, False):
            for box, leader, align in _candidates(request, width, height):
                if not box.inside(area) or grid.hits(box, GAP) or labels.hits(box, GAP):
                    continue
                padded = Box(box.x0 - GAP, box.y0 - GAP, box.x1 + GAP, box.y1 + GAP)
                if any(padded.crossed_by(a, b) for a, b in leaders):
                    continue
                if leader is not None:
                    start = _edge_point(own, leader)
                    if labels.crossed(start, leader) or (strict and _leader_blocked(grid, start, leader)):
                        continue
                found = PlacedLabel(request.key, request.text, box, (request.x, request.y), leader, request.size, align)
                break
            if found is not None:
                break
        misses = 0 if found is not None else misses + 1
        if found is not None:
            placed.append(found)
            labels.add(found.box)
            if found.leader is not None:
                leaders.append((_edge_point(own, found.leader), found.leader))
    return placed


def _is_inside(point: tuple[float, float], box: Box) -> bool:
    return box.x0 <= point[0] <= box.x1 and box.y0 <= point[1] <= box.y1


def _edge_point(own: Box, towards: tuple[float, float]) -> tuple[float, float]:
    """Where a leader line from the marker's centre towards a label leaves the marker."""
    cx, cy = (own.x0 + own.x1) / 2, (own.y0 + own.y1) / 2
    dx, dy = towards[0] - cx, towards[1] - cy
    length = math.hypot(dx, dy) or 1.0
    reach = (own.x1 - own.x0) / 2 + 1
    return cx + dx / length * reach, cy + dy / length * reach


def _leader_blocked(grid: _Grid, start: tuple[float, float], end: tuple[float, float]) -> bool:
    """A leader line crosses a marker or bar other than those it starts from (its own
    marker and the bar of its span)."""
    span = Box(min(start[0], end[0]), min(start[1], end[1]), max(start[0], end[0]), max(start[1], end[1]))
    for cell in grid._cells(span):
        for other in grid.cells.get(cell, ()):
            if other.crossed_by(start, end) and not _is_inside(start, Box(other.x0 - 1.5, other.y0 - 1.5,
                                                                          other.x1 + 1.5, other.y1 + 1.5)):
                return True
    return False
