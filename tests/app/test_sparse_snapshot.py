"""The sparse snapshot file (app/sparse_snapshot.py): encoded here, decoded by the worker's own code
(static/js/snapshot-restore.js under Node), which gives back Pyodide's snapshot byte for byte and refuses
a file that is truncated or damaged, saying why."""

from __future__ import annotations

import json
import random
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from app import sparse_snapshot as sparse

DECODE = Path(__file__).resolve().parents[1] / "pyodide" / "decode-snapshot.mjs"
needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def pyodide_snapshot(pages: dict[int, bytes], wasm_pages: int = 2, header: bytes = b'{"hiwire":[]}') -> bytes:
    """A snapshot shaped as Pyodide makes one: magic, where memory starts, a header, then whole 64 KiB pages
    of memory, with ``pages`` (4 KiB page number → its bytes) written in and zeros elsewhere."""
    start = 16 + 32 + len(header)
    memory = bytearray(wasm_pages * sparse.WASM_PAGE)
    for page, data in pages.items():
        memory[page * sparse.PAGE:page * sparse.PAGE + len(data)] = data
    return struct.pack("<4I", sparse.PYODIDE_MAGIC, start, len(header), 0) + bytes(32) + header + bytes(memory)


def decode(tmp_path: Path, data: bytes) -> subprocess.CompletedProcess:
    (tmp_path / "sparse.bin").write_bytes(data)
    return subprocess.run(["node", str(DECODE), str(tmp_path / "sparse.bin"), str(tmp_path / "dense.bin")],
                          capture_output=True, text=True, timeout=60)


def sample() -> bytes:
    rng = random.Random(5)
    # Runs of stored pages, single ones, a page with one byte set at its very end, and pages of zeros between.
    pages = {0: b"\x01", 1: bytes(rng.randrange(256) for _ in range(4096)), 7: bytes(4095) + b"\x09",
             16: b"x" * 100, 17: b"y" * 4096, 18: b"z", 31: b"end"}
    return pyodide_snapshot(pages)


@needs_node
def test_the_worker_rebuilds_the_snapshot_byte_for_byte_from_its_non_zero_pages(tmp_path):
    dense = sample()
    encoded = sparse.encode(dense, 8192)
    start = struct.unpack_from("<2I", dense)[1]
    # Only the 7 pages that are not all zeros travel (of 32), beside a header and a 4-byte index.
    assert len(encoded) == sparse.HEADER.size + ((start + 3) & ~3) + 4 + 7 * sparse.PAGE
    decoded = decode(tmp_path, encoded)
    assert decoded.returncode == 0, decoded.stderr
    assert (tmp_path / "dense.bin").read_bytes() == dense
    assert json.loads(decoded.stdout) == {"memoryStart": start, "freshLength": 8192}


@needs_node
def test_the_worker_writes_the_memory_straight_from_the_stored_pages_xored_back_against_the_fresh_memory(tmp_path):
    """The restore writes the pages into the live memory (no dense copy): below fresh_length a page is the
    fresh memory's XOR'ed with what is stored (or the fresh page itself when nothing is); past it a stored
    page is copied and every other byte is zero, whatever constructors left there; past the snapshot's
    memory nothing is touched."""
    rng = random.Random(11)
    fresh_length = 3 * sparse.PAGE
    fresh = bytes(rng.randrange(256) for _ in range(fresh_length))
    memory = bytearray(bytes(fresh) + bytes(2 * sparse.WASM_PAGE - fresh_length))
    for page, data in {1: b"abc", 2: bytes(rng.randrange(256) for _ in range(4096)), 9: b"q" * 70, 31: b"end"}.items():
        memory[page * sparse.PAGE:page * sparse.PAGE + len(data)] = data
    xored = bytes(m ^ f for m, f in zip(memory[:fresh_length], fresh)) + bytes(memory[fresh_length:])
    header = b'{"hiwire":[]}...'
    dense = struct.pack("<4I", sparse.PYODIDE_MAGIC, 16 + 32 + len(header), len(header), 0) + bytes(32) + header + xored
    (tmp_path / "fresh.bin").write_bytes(fresh)
    (tmp_path / "sparse.bin").write_bytes(sparse.encode(dense, fresh_length))
    written = subprocess.run(["node", str(DECODE), str(tmp_path / "sparse.bin"), str(tmp_path / "memory.bin"),
                              str(tmp_path / "fresh.bin")], capture_output=True, text=True, timeout=60)
    assert written.returncode == 0, written.stderr
    out = (tmp_path / "memory.bin").read_bytes()
    assert out[:len(memory)] == bytes(memory)
    assert out[len(memory):] == b"\xaa" * sparse.WASM_PAGE


@needs_node
@pytest.mark.parametrize("damage, reason", [
    (lambda b: b[:-sparse.PAGE], "truncated?"),
    (lambda b: b[:-1], "truncated?"),
    (lambda b: b[:20], "is no interpreter snapshot"),
    (lambda b: b"XXXX" + b[4:], "not a sparse interpreter snapshot (magic number)"),
    (lambda b: b[:4] + struct.pack("<I", 2) + b[8:], "sparse snapshot version 2"),
    (lambda b: b[:8] + struct.pack("<I", 12345) + b[12:], "its header's sizes do not agree"),
    (lambda b: b[:32] + b"\0\0\0\0" + b[36:], "it holds no Pyodide snapshot"),
    # The index's first byte (pages 0-7: 0, 1 and 7 stored) with page 2 said stored, or page 1 not.
    (lambda b: index_byte(b, 0b10000111), "its index does not count the pages it holds"),
    (lambda b: index_byte(b, 0b10000001), "its index does not count the pages it holds"),
])
def test_a_truncated_or_damaged_file_is_refused_with_the_reason(tmp_path, damage, reason):
    refused = decode(tmp_path, damage(sparse.encode(sample(), 0)))
    assert refused.returncode == 1 and reason in refused.stderr, refused.stderr
    assert not (tmp_path / "dense.bin").exists()


def index_byte(encoded: bytes, value: int) -> bytes:
    start = struct.unpack_from("<4I", encoded)[3]
    at = sparse.HEADER.size + ((start + 3) & ~3)
    assert encoded[at] == 0b10000011
    return encoded[:at] + bytes([value]) + encoded[at + 1:]


def test_the_encoder_refuses_what_is_not_a_pyodide_snapshot():
    with pytest.raises(sparse.SparseSnapshotError, match="magic number"):
        sparse.encode(b"\0" * 70000, 0)
    with pytest.raises(sparse.SparseSnapshotError, match="whole pages"):
        sparse.encode(sample()[:-1], 0)
    with pytest.raises(sparse.SparseSnapshotError, match="outside its memory"):
        sparse.encode(sample(), 3 * sparse.WASM_PAGE)


def test_the_stored_pages_begin_where_pages_offset_says():
    """pages_offset (what tests/browser/test_interpreter_snapshot.py cuts a file at) against the encoder's own layout:
    what follows it is exactly the stored pages, the first of them page 0's bytes."""
    data = sample()
    encoded = sparse.encode(data, 0)
    header = sparse.HEADER.unpack_from(encoded)
    start, pages, stored = header[3], header[5], header[6]
    at = sparse.pages_offset(start, pages)
    assert len(encoded) - at == stored * sparse.PAGE
    assert encoded[at:at + sparse.PAGE] == data[start:start + sparse.PAGE]
