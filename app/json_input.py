"""Parse a request body into a JSON object, refusing what would hurt the engine.

``json.loads`` alone accepts two things that later became 500s: nesting deep
enough to exhaust Python's recursion limit (100,000 ``[``), and integers too
large for a float. Nesting is capped here; huge integers are the widget
option tables' and state checks' job (``engine.widgets``), which name the field.
"""

from __future__ import annotations

import json

MAX_DEPTH = 32


class JsonInputError(ValueError):
    def __init__(self, field: str, reason: str):
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


def nesting_depth(value) -> int:
    """Depth of nested lists/objects, without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            node = node.values()
        elif not isinstance(node, list):
            continue
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        stack.extend((child, depth + 1) for child in node)
    return deepest


def parse_json_object(body: bytes) -> dict:
    try:
        value = json.loads(body or b"{}")
    except RecursionError:
        raise JsonInputError("body", f"nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as exc:  # includes integers longer than Python's 4300-digit limit
        raise JsonInputError("body", f"not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise JsonInputError("body", f"must be a JSON object, got {type(value).__name__}")
    if nesting_depth(value) > MAX_DEPTH:
        raise JsonInputError("body", f"nested more than {MAX_DEPTH} levels deep")
    return value
