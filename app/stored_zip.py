"""A zip's members rewritten stored (not deflated), for the runtime files sent as brotli.

Brotli compresses across the members of a stored zip, so the repack is smaller
on the wire than the deflated original, and Pyodide has nothing to inflate in
WebAssembly. Used at vendor time by scripts/vendor.py (the standard library and
the numpy wheel) and app/interpreter_snapshot.py (the standard library without
what the snapshot already holds).
"""

from __future__ import annotations

import zipfile
from pathlib import Path


def write_stored_zip(source: Path, target: Path, skip: frozenset[str] = frozenset()) -> int:
    """Write ``target`` with ``source``'s members except ``skip``, each stored, names, dates and
    permissions kept; written beside it and moved into place, so a reader never sees half a zip.
    Returns how many members it holds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    kept = 0
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED) as b:
        for info in a.infolist():
            if info.filename in skip:
                continue
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.external_attr, copy.create_system = info.external_attr, info.create_system
            b.writestr(copy, a.read(info), compress_type=zipfile.ZIP_STORED)
            kept += 1
    partial.replace(target)
    return kept
