"""The interpreter snapshot as the worker downloads it: only its memory pages that are not all zeros.

The maker (scripts/pyodide-snapshot.mjs) writes Pyodide's snapshot with free memory zeroed and the
rest XOR'ed against a fresh instance's memory, so about two thirds of its ~35 MB are whole pages of
zeros. Brotli sends those for almost nothing, but a browser still decodes them, and a warm load
reads them all back from Cache Storage and copies them twice. This format leaves them out: a
header, Pyodide's own header verbatim, one bit per 4 KiB page of memory (set: the page is stored),
then the stored pages in order. static/js/snapshot-restore.js (``readSparse``) refuses a file whose
header, index and length do not agree, and ``writePages`` writes the stored pages straight into the
new interpreter's memory (no dense image is rebuilt; the tests rebuild one, ``sparseSnapshot``, to
compare it byte for byte). (Brotli makes it slightly smaller on the wire too: ~10 KB.)

Header: eight little-endian uint32: MAGIC, VERSION, Pyodide's snapshot length (header included),
its header length (where memory starts), PAGE, the number of memory pages, the number stored, and
how many bytes at the start of memory the fresh instance has data in (the maker's ``fresh_length``:
only those need XOR'ing back; past them the fresh memory is zeros).
"""

from __future__ import annotations

import struct

MAGIC = 0x53534E4E  # b"NNSS" read as a little-endian uint32
VERSION = 1
PAGE = 4096
HEADER = struct.Struct("<8I")
PYODIDE_MAGIC = 1886286592
WASM_PAGE = 65536


class SparseSnapshotError(ValueError):
    """The bytes are not a snapshot this format can hold or read."""


def _padded(length: int) -> int:
    return (length + 3) & ~3


def pages_offset(header_length: int, pages: int) -> int:
    """Where a file's stored pages begin: after the header, Pyodide's header of ``header_length`` bytes and the
    index of ``pages`` bits, each padded to 4 bytes."""
    return HEADER.size + _padded(header_length) + _padded((pages + 7) // 8)


def encode(dense: bytes, fresh_length: int) -> bytes:
    """Pyodide's snapshot ``dense`` (its header, then whole 64 KiB pages of memory) without its zero pages."""
    if len(dense) < 64:
        raise SparseSnapshotError(f"{len(dense)} bytes is no snapshot")
    magic, start = struct.unpack_from("<2I", dense)
    if magic != PYODIDE_MAGIC:
        raise SparseSnapshotError("not a Pyodide snapshot (magic number)")
    memory = memoryview(dense)[start:]
    if start > len(dense) or len(memory) % WASM_PAGE:
        raise SparseSnapshotError("its memory is not whole pages")
    if not 0 <= fresh_length <= len(memory):
        raise SparseSnapshotError(f"fresh_length {fresh_length} is outside its memory")
    pages = len(memory) // PAGE
    zero = bytes(PAGE)
    bitmap = bytearray(_padded((pages + 7) // 8))
    stored = []
    for page in range(pages):
        data = memory[page * PAGE:(page + 1) * PAGE]
        if data != zero:
            bitmap[page >> 3] |= 1 << (page & 7)
            stored.append(data)
    header = bytes(dense[:start]) + bytes(_padded(start) - start)
    return b"".join([HEADER.pack(MAGIC, VERSION, len(dense), start, PAGE, pages, len(stored), fresh_length),
                     header, bytes(bitmap), *stored])
