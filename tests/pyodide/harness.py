"""Run Python snippets and collect their ``result`` as JSON; the same code in Pyodide and CPython.

A snippet is Python source that assigns a JSON-able value (numpy arrays and
scalars allowed: they become lists and numbers) to the name ``result``. Each
snippet runs in a fresh namespace, so snippets cannot lean on one another.

``tests/pyodide/runner.mjs`` executes this very file inside Pyodide and calls
:func:`run_batch`; in CPython it runs as a script, ``python harness.py
ENGINE_PARENT_DIR < batch.json``, with the engine imported from the same
unpacked zip. Sharing it means both sides convert results identically, so a
difference between them can only come from the interpreter and numpy build.

This file runs on Python 3.11 and 3.12 and imports only the standard library
(numpy arrays are recognised by their ``tolist`` method).
"""

from __future__ import annotations

import json
import sys
import traceback


def _to_json_able(value):
    """numpy arrays and scalars have ``tolist``; floats keep all 17 digits through json."""
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"result holds a {type(value).__name__}, which is not JSON-able")


def run_snippet(code: str, name: str = "snippet") -> dict:
    """Execute ``code``; return ``{"ok": result}`` or ``{"error": traceback text}``."""
    namespace = {"__name__": f"__snippet_{name}__"}
    try:
        exec(compile(code, f"<{name}>", "exec"), namespace)
        if "result" not in namespace:
            raise NameError(f"snippet {name!r} did not assign `result`")
        # Round-trip through JSON so both sides see the very same plain values.
        return {"ok": json.loads(json.dumps(namespace["result"], default=_to_json_able, allow_nan=False))}
    except Exception:  # a failing snippet is reported, never fatal to the batch
        return {"error": traceback.format_exc()}


def run_batch(snippets_json: str) -> str:
    """``{"name": code, ...}`` as JSON in, ``{"name": {"ok"|"error": ...}, ...}`` as JSON out."""
    snippets = json.loads(snippets_json)
    return json.dumps({name: run_snippet(code, name) for name, code in snippets.items()}, allow_nan=False)


if __name__ == "__main__":
    # CPython twin of runner.mjs --batch: the engine comes from argv[1] (an unpacked engine zip).
    sys.path.insert(0, sys.argv[1])
    print(run_batch(sys.stdin.read()))
