"""The reader's own data: a pasted or uploaded CSV, or points clicked on the plot.

Two forms, told apart by the number of columns:

- ``x1,x2,label`` (classification): labels are classes 0-4 (or -1/1, read as 0/1);
- ``x,target`` (regression): the one feature becomes x1 (x2 is 0).

A first row that is not numeric is a header. Anything else that is wrong
stops with a ``WidgetInputError`` whose reason names the row (as the file
numbers its lines, from 1) and the problem -- a value that is not a number,
a missing column, NaN or an infinite value, more than 5,000 rows, a single
class -- and nothing changes. Points are then scaled, each column on its own,
onto the plot's [-5.4, 5.4] (keeping a margin inside [-6, 6]).
"""

from __future__ import annotations

import math

import numpy as np

from engine.widgets.errors import WidgetInputError

MAX_ROWS = 5000
MAX_CLASSES = 5
_SPAN = 5.4


def _cells(line: str) -> list[str]:
    sep = ";" if ";" in line and "," not in line else ("\t" if "\t" in line and "," not in line else ",")
    return [c.strip() for c in line.split(sep)]


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None


def parse_csv(text: str) -> dict:
    """``{"kind": "classification"|"regression", "X": [[x1...], [x2...]], "y": [...], "classes": k}``."""
    if not isinstance(text, str):
        raise WidgetInputError("csv", "must be the text of a CSV file")
    lines = [(i, line) for i, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not lines:
        raise WidgetInputError("csv", "the CSV is empty: give one row per point, x1,x2,label or x,target")
    first_no, first = lines[0]
    if any(_number(c) is None for c in _cells(first)):
        lines = lines[1:]  # a header
        if not lines:
            raise WidgetInputError("csv", f"row {first_no} is a header and no data follows it")
    if len(lines) > MAX_ROWS:
        raise WidgetInputError("csv", f"more than {MAX_ROWS:,} rows ({len(lines):,}): use at most {MAX_ROWS:,} points")
    width = len(_cells(lines[0][1]))
    if width not in (2, 3):
        raise WidgetInputError("csv", f"row {lines[0][0]}: {width} columns; give x1,x2,label (classification) "
                                      "or x,target (regression)")
    rows = []
    for no, line in lines:
        cells = _cells(line)
        if len(cells) < width or any(c == "" for c in cells[:width]):
            raise WidgetInputError("csv", f"row {no}: missing column (expected {width} values, got "
                                          f"{sum(1 for c in cells if c != '')})")
        if len(cells) > width:
            raise WidgetInputError("csv", f"row {no}: {len(cells)} values, expected {width} like the first row")
        values = []
        for col, cell in enumerate(cells, start=1):
            value = _number(cell)
            if value is None:
                raise WidgetInputError("csv", f"row {no}, column {col}: {cell[:20]!r} is not a number")
            if math.isnan(value):
                raise WidgetInputError("csv", f"row {no}, column {col}: NaN is not a value a point can have")
            if math.isinf(value):
                raise WidgetInputError("csv", f"row {no}, column {col}: infinite value")
            values.append(value)
        rows.append((no, values))
    data = np.array([v for _, v in rows], dtype=np.float64)
    if width == 2:
        X = np.vstack([data[:, 0], np.zeros(len(rows))])
        return _scaled({"kind": "regression", "X": X, "y": data[:, 1], "classes": 1})
    labels = data[:, 2]
    if set(np.unique(labels)) <= {-1.0, 1.0}:
        labels = (labels > 0).astype(np.float64)
    for (no, _), label in zip(rows, labels):
        if not label.is_integer() or not 0 <= label < MAX_CLASSES:
            raise WidgetInputError("csv", f"row {no}, column 3: label {label:g} is not a class 0-{MAX_CLASSES - 1}")
    present = np.unique(labels).astype(int)
    if present.size < 2:
        raise WidgetInputError("csv", f"a single class ({present[0]}): a classifier needs points of at least "
                                      "two classes")
    return _scaled({"kind": "classification", "X": data[:, :2].T.copy(), "y": labels.astype(np.int64),
                    "classes": int(present.max()) + 1})


def _scaled(parsed: dict) -> dict:
    """Each input column mapped linearly onto [-5.4, 5.4] (a constant column to 0); targets scaled into [-1, 1]."""
    X = parsed["X"]
    for row in range(2):
        lo, hi = X[row].min(), X[row].max()
        X[row] = 0.0 if hi == lo else (X[row] - lo) / (hi - lo) * 2 * _SPAN - _SPAN
    if parsed["kind"] == "regression":
        y = parsed["y"]
        top = np.abs(y).max()
        parsed["y"] = y / top if top > 0 else y
    return parsed


def points_from_list(points) -> dict:
    """Points clicked on the plot: ``[[x1, x2, label], ...]`` already in plot coordinates (no scaling)."""
    if not isinstance(points, list) or not points:
        raise WidgetInputError("points", "must be a list of [x1, x2, class] points")
    if len(points) > MAX_ROWS:
        raise WidgetInputError("points", f"more than {MAX_ROWS:,} points")
    rows = []
    for i, p in enumerate(points, start=1):
        if (not isinstance(p, (list, tuple)) or len(p) != 3
                or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in p)):
            raise WidgetInputError("points", f"point {i}: must be [x1, x2, class] with finite numbers")
        if not float(p[2]).is_integer() or not 0 <= p[2] < MAX_CLASSES:
            raise WidgetInputError("points", f"point {i}: class {p[2]} is not 0-{MAX_CLASSES - 1}")
        if abs(p[0]) > 6 or abs(p[1]) > 6:
            raise WidgetInputError("points", f"point {i}: outside the plot (|x| <= 6)")
        rows.append(p)
    data = np.array(rows, dtype=np.float64)
    labels = data[:, 2].astype(np.int64)
    return {"kind": "classification", "X": data[:, :2].T.copy(), "y": labels,
            "classes": max(2, int(labels.max()) + 1)}
