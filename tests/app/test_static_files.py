"""The book's own small text files are served from memory (app/static_files.py): gzipped once, revalidated
by ETag, and read again as soon as the file changes on disk; vendored and large files stream as before."""

from __future__ import annotations

import os

from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.static_files import IN_MEMORY_MAX_BYTES, BookStaticFiles


def client(tmp_path) -> TestClient:
    app = FastAPI()
    app.mount("/static", BookStaticFiles(directory=tmp_path), name="static")
    return TestClient(app)


def test_a_module_is_served_gzipped_from_memory_and_revalidated_by_etag(tmp_path):
    (tmp_path / "js").mkdir()
    source = "export const answer = 42;\n" * 200
    (tmp_path / "js" / "a.js").write_text(source)
    web = client(tmp_path)
    first = web.get("/static/js/a.js", headers={"accept-encoding": "gzip"})
    assert first.status_code == 200 and first.text == source
    assert first.headers["content-encoding"] == "gzip" and first.headers["content-type"].startswith("text/javascript")
    assert int(first.headers["content-length"]) < len(source) // 10  # sent compressed
    assert first.headers["cache-control"] == "no-cache"
    again = web.get("/static/js/a.js", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    plain = web.get("/static/js/a.js", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.text == source


def test_an_edited_file_is_read_again(tmp_path):
    path = tmp_path / "b.css"
    path.write_text("body { color: red; }\n")
    web = client(tmp_path)
    old = web.get("/static/b.css")
    path.write_text("body { color: blue; } /* longer */\n")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    new = web.get("/static/b.css", headers={"if-none-match": old.headers["etag"]})
    assert new.status_code == 200 and "blue" in new.text and new.headers["etag"] != old.headers["etag"]


def test_vendored_and_large_files_still_stream_from_disk(tmp_path):
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "lib.js").write_text("var x = 1;\n" * 500)
    (tmp_path / "big.js").write_text("x" * (IN_MEMORY_MAX_BYTES + 1))
    web = client(tmp_path)
    vendored = web.get("/static/vendor/lib.js")
    assert vendored.headers["cache-control"].startswith("public, max-age=31536000") and "last-modified" in vendored.headers
    big = web.get("/static/big.js")
    assert big.status_code == 200 and len(big.content) == IN_MEMORY_MAX_BYTES + 1 and "last-modified" in big.headers
