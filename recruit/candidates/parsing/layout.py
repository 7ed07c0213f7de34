"""The reading order of a PDF page, from pdfminer's text lines: a two-column resume comes out
column by column, and a one-column one row by row.

Columns are read one after the other only where they are real columns; everything else is read
row by row, and pieces of text on the same row (a title on the left, its dates right-aligned)
come out on one line, separated by a tab.

- Work on text lines, not boxes.
- A candidate gutter is an x no line crosses, among lines narrower than 60% of the region.
- Lines that cross the gutter (a name across the top, a long bullet) cut the page into bands.
- In a band, the two sides are columns when each side has at least two lines, their vertical
  ranges overlap, and the lines are not aligned row by row (a right-aligned date shares its
  row's baseline; two real columns rarely do, line after line). Columns are read left then right,
  each in turn the same way (a column may hold its own right-aligned dates).
- Otherwise rows, top down; a row's pieces left to right joined by a tab.
"""

import itertools
from collections import Counter
from collections.abc import Iterator
from statistics import median

from pdfminer.layout import LTPage, LTTextBox, LTTextLine

MIN_GUTTER = 6.0  # points
SAME_ROW = 2.0  # points between baselines (or tops) of pieces on one row
PARTNERED = 0.5  # this share of a sparse side's lines on the other side's rows: rows
SPARSE = 0.6  # median gap between a side's lines, in line heights, from which it is sparse
ALIGNED_EDGE = 0.8  # this share of lines ending at one x: right-aligned
EDGE_TOLERANCE = 3.0  # points
MAX_DEPTH = 4


def reading_order(page: LTPage) -> Iterator[str]:
    lines = [
        line
        for box in page
        if isinstance(box, LTTextBox)
        for line in box
        if isinstance(line, LTTextLine) and line.get_text().strip()
    ]
    yield from _order(lines, 0)


def _order(lines: list, depth: int) -> list[str]:
    if len(lines) < 4 or depth >= MAX_DEPTH:
        return _rows(lines)
    for split in _gutters(lines):
        bands = _bands(lines, split)
        if not any(_columns(band, split) for band in bands):
            continue
        out: list[str] = []
        for band in bands:
            if _columns(band, split):
                out += _order([ln for ln in band if ln.x1 <= split], depth + 1)
                out += _order([ln for ln in band if ln.x1 > split], depth + 1)
            else:
                out += _rows(band)
        return out
    return _rows(lines)


def _gutters(lines: list) -> list[float]:
    """Candidate xs between columns, widest strip first: strips at least MIN_GUTTER wide that
    few lines cross (a name or a rule across the top may), with text on both sides."""
    left = int(min(ln.x0 for ln in lines))
    right = int(max(ln.x1 for ln in lines)) + 1
    allowed = max(1, len(lines) // 10)
    crossing = [0] * (right - left + 1)
    for line in lines:
        for x in range(int(line.x0) - left, int(line.x1) - left + 1):
            crossing[x] += 1
    strips, start = [], None
    for x, count in enumerate([*crossing, allowed + 1]):
        if count <= allowed and start is None:
            start = x
        elif count > allowed and start is not None:
            if x - start >= MIN_GUTTER and start > 0 and x < len(crossing):
                strips.append((x - start, left + (start + x) / 2))
            start = None
    return [x for _width, x in sorted(strips, reverse=True)]


def _bands(lines: list, split: float) -> list[list]:
    """Runs of lines, top down, cut by the lines that cross the gutter (each its own band)."""
    bands: list[list] = [[]]
    for line in sorted(lines, key=lambda ln: -ln.y1):
        if line.x0 < split < line.x1:
            bands += [[line], []]
        else:
            bands[-1].append(line)
    return [band for band in bands if band]


def _columns(band: list, split: float) -> bool:
    """Whether the two sides of a band are columns to read one after the other. Not when one
    side is a right-aligned strip of dates and places beside its rows, nor when one side is
    sparse and its lines sit on the other side's rows: a column of dates or labels, each the
    start of a row ("2012 - 2016 | B.Sc. ...", "Telefon | +49 ...")."""
    left = [ln for ln in band if ln.x1 <= split]
    right = [ln for ln in band if ln.x0 >= split]
    if len(left) < 2 or len(right) < 2:
        return False
    top = min(max(ln.y1 for ln in left), max(ln.y1 for ln in right))
    bottom = max(min(ln.y0 for ln in left), min(ln.y0 for ln in right))
    if top <= bottom:
        return False  # one above the other: rows read them right
    if _right_aligned(right) and not _right_aligned(left):
        return False
    for side, other in ((left, right), (right, left)):
        if _sparse(side) and _partnered(side, other) >= PARTNERED:
            return False
    return True


def _right_aligned(lines: list) -> bool:
    return _share(ln.x1 for ln in lines) >= ALIGNED_EDGE > _share(ln.x0 for ln in lines)


def _share(edges) -> float:
    """The largest share of edges within a few points of each other."""
    buckets = Counter(round(edge / EDGE_TOLERANCE) for edge in edges)
    total = sum(buckets.values())
    return max(buckets[b] + buckets[b + 1] for b in buckets) / total


def _sparse(lines: list) -> bool:
    ordered = sorted(lines, key=lambda ln: -ln.y1)
    gaps = [upper.y0 - lower.y1 for upper, lower in itertools.pairwise(ordered)]
    return median(gaps) >= SPARSE * median(ln.height for ln in lines)


def _partnered(lines: list, others: list) -> float:
    return sum(1 for ln in lines if any(_same_row(ln, o) for o in others)) / len(lines)


def _row_groups(lines: list) -> list[list]:
    rows: list[list] = []
    for line in sorted(lines, key=lambda ln: -ln.y1):
        if rows and any(_same_row(line, other) for other in rows[-1]):
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def _same_row(one, other) -> bool:
    return abs(one.y0 - other.y0) <= SAME_ROW or abs(one.y1 - other.y1) <= SAME_ROW


def _rows(lines: list) -> list[str]:
    return [
        "\t".join(ln.get_text().strip() for ln in sorted(row, key=lambda ln: ln.x0))
        for row in _row_groups(lines)
    ]
