"""HTTP details: 405 with Allow, HEAD on pages, ETag revalidation, compression, pre-compressed runtime files."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient


ROOT = Path(__file__).resolve().parents[2]
WASM = "/static/vendor/pyodide/pyodide.asm.wasm"


@pytest.fixture(scope="module")
def client(book_app):
    return TestClient(book_app)


def test_a_wrong_method_gets_405_with_allow(client):
    response = client.put("/chapters/perceptron")
    assert response.status_code == 405
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD"}
    assert client.delete("/static/css/book.css").headers["allow"] == "GET, HEAD"


@pytest.mark.parametrize("path", ["/", "/chapters/perceptron", "/notation"])
def test_pages_answer_head_without_a_body(client, path):
    response = client.head(path)
    assert response.status_code == 200 and response.content == b""
    assert response.headers["content-type"].startswith("text/html") and response.headers["etag"]


def test_a_revisit_with_the_etag_is_a_304(client):
    first = client.get("/chapters/perceptron")
    etag = first.headers["etag"]
    again = client.get("/chapters/perceptron", headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    other = client.get("/chapters/history", headers={"if-none-match": etag})
    assert other.status_code == 200 and other.headers["etag"] != etag


@pytest.mark.parametrize("path", ["/chapters/perceptron", "/static/css/book.css", "/static/js/runtime.js"])
def test_html_css_and_js_are_compressed(client, path):
    response = client.get(path, headers={"accept-encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"


def test_the_wasm_is_served_from_its_precompressed_copy(client):
    original = ROOT / "static" / WASM.removeprefix("/static/")
    if not Path(f"{original}.gz").is_file():
        pytest.fail("static/vendor has no pre-compressed copies: run `make vendor`")
    raw = client.get(WASM, headers={"accept-encoding": "gzip, deflate"})
    assert raw.headers["content-encoding"] == "gzip" and raw.headers["content-type"] == "application/wasm"
    assert int(raw.headers["content-length"]) < 0.4 * original.stat().st_size  # about a third
    assert "accept-encoding" in raw.headers["vary"].lower()
    pinned = json.loads((ROOT / "scripts" / "vendor-manifest.json").read_text())["files"]["pyodide/pyodide.asm.wasm"]
    assert hashlib.sha256(raw.content).hexdigest() == pinned  # httpx decoded it: the pinned bytes
    plain = client.get(WASM, headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers and len(plain.content) == original.stat().st_size
    again = client.get(WASM, headers={"accept-encoding": "gzip", "if-none-match": raw.headers["etag"]})
    assert again.status_code == 304


def pins_and_derived() -> dict[str, str]:
    """The manifest's pins, plus the derived files (the stored repacks of the stdlib and numpy, the interpreter
    snapshot and the files beside it: app/interpreter_snapshot.py), by their own bytes."""
    pins = json.loads((ROOT / "scripts" / "vendor-manifest.json").read_text())["files"]
    snapshot = sorted(p.relative_to(ROOT / "static" / "vendor").as_posix()
                      for p in (ROOT / "static" / "vendor" / "pyodide" / "snapshot").glob("*") if p.suffix in (".bin", ".zip", ".json"))
    for rel in ("pyodide/python_stdlib-stored.zip", "pyodide/stored/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl", *snapshot):
        pins[rel] = hashlib.sha256((ROOT / "static" / "vendor" / rel).read_bytes()).hexdigest()
    return pins


def node_brotli_sha256(packed: bytes, tmp_path: Path) -> str:
    """sha256 of brotli-compressed bytes once decompressed (by Node: Python's standard library has no brotli)."""
    packed_file = tmp_path / "copy.br"
    packed_file.write_bytes(packed)
    return subprocess.run(["node", str(ROOT / "scripts" / "brotli-copies.mjs"), "sha256", str(packed_file)],
                          check=True, capture_output=True, text=True).stdout.strip()


def test_a_browser_that_reads_brotli_gets_the_smaller_brotli_copy(client, tmp_path):
    original = ROOT / "static" / WASM.removeprefix("/static/")
    if not Path(f"{original}.br").is_file():
        pytest.fail("static/vendor has no brotli copies: run `make vendor`")
    pinned = json.loads((ROOT / "scripts" / "vendor-manifest.json").read_text())["files"]["pyodide/pyodide.asm.wasm"]
    with client.stream("GET", WASM, headers={"accept-encoding": "gzip, deflate, br, zstd"}) as response:
        headers, packed = response.headers, b"".join(response.iter_raw())
    assert headers["content-encoding"] == "br" and headers["content-type"] == "application/wasm"
    assert "accept-encoding" in headers["vary"].lower()
    gz_size = Path(f"{original}.gz").stat().st_size
    assert len(packed) == int(headers["content-length"]) < 0.8 * gz_size  # 2.2 MB where gzip needs 3.0 MB
    assert node_brotli_sha256(packed, tmp_path) == pinned
    # "br;q=0" refuses brotli: gzip it is.
    refused = client.get(WASM, headers={"accept-encoding": "br;q=0, gzip"})
    assert refused.headers["content-encoding"] == "gzip"


def test_the_brotli_copies_decompress_to_the_pinned_files():
    pins = pins_and_derived()
    copies = sorted((ROOT / "static" / "vendor").rglob("*.br"))
    assert len(copies) >= 5 and {c.name for c in copies} >= {"pyodide.asm.wasm.br", "pyodide.asm.js.br"}
    digests = subprocess.run(["node", str(ROOT / "scripts" / "brotli-copies.mjs"), "sha256", *map(str, copies)],
                             check=True, capture_output=True, text=True).stdout.split()
    for br, digest in zip(copies, digests, strict=True):
        assert digest == pins[br.relative_to(ROOT / "static" / "vendor").as_posix().removesuffix(".br")], br


def test_the_precompressed_copies_decompress_to_the_pinned_files():
    pins = pins_and_derived()
    copies = sorted((ROOT / "static" / "vendor").rglob("*.gz"))
    assert len(copies) >= 5
    for gz in copies:
        rel = gz.relative_to(ROOT / "static" / "vendor").as_posix().removesuffix(".gz")
        assert hashlib.sha256(gzip.decompress(gz.read_bytes())).hexdigest() == pins[rel], rel


def test_a_page_is_rendered_and_compressed_once_then_sent_as_stored(client, monkeypatch):
    plain = client.get("/chapters/backpropagation", headers={"accept-encoding": "identity"})
    packed = client.get("/chapters/backpropagation", headers={"accept-encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip" and "accept-encoding" in packed.headers["vary"].lower()
    assert packed.content == plain.content and packed.headers["etag"] == plain.headers["etag"]
    templates = client.app.state.templates
    monkeypatch.setattr(templates, "TemplateResponse", lambda *a, **k: pytest.fail("rendered again"))
    again = client.get("/chapters/backpropagation")
    assert again.content == plain.content
    assert client.get("/chapters/backpropagation", headers={"if-none-match": plain.headers["etag"]}).status_code == 304
