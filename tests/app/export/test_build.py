"""`nnbook build`: the whole book as files for a sub-path, every link resolving inside the copy."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from app.engine_bundle import engine_zip_bytes
from app.export import ExportError, build
from app.export.paths import page_paths
from app.export.stored_jobs import job_requests

BASE = "/nn-course/"
URL_ATTRIBUTE = re.compile(r'\s(href|src|action|data-[\w-]+)="([^"]*)"')


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export") / "nn-course"
    build(None, folder, BASE, log=lambda line: None)
    return folder


def html_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def local_file(out: Path, url: str) -> Path:
    """The file a static server answers for a URL under BASE (a folder → its index.html)."""
    path = urlsplit(url).path
    assert path.startswith(BASE), url
    target = out / path[len(BASE):]
    return target / "index.html" if path.endswith("/") else target


def test_every_page_and_the_runtime_are_written(out, book):
    for chapter in book.chapters:
        assert (out / "chapters" / chapter.slug / "index.html").is_file(), chapter.slug
    for name in ["index.html", "notation/index.html", "playground/index.html", "404.html", "sw.js",
                 "manifest.webmanifest", "static/js/worker.js", "static/js/site.js", "static/css/book.css",
                 "static/vendor/pyodide/pyodide.asm.wasm", "static/vendor/pyodide/python_stdlib.zip",
                 "static/vendor/pyodide/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl",
                 "static/vendor/temml/STIXTwoMath.woff2", "static/vendor/plotly/plotly-gl3d.min.js"]:
        assert (out / name).is_file(), name
    assert (out / "runtime" / "engine.zip").read_bytes() == engine_zip_bytes()
    assert "Page not found" in (out / "404.html").read_text()
    # Nothing a static copy must not carry: the server's compressed twins, the API's docs, sw.js's template.
    assert not list(out.rglob("*.gz")) and not list(out.rglob("*.br"))
    assert not (out / "static" / "vendor" / "swagger-ui").exists()
    assert not (out / "static" / "sw.js").exists()


def test_figures_first_frames_are_in_the_pages(out, book):
    chapter = (out / "chapters" / "perceptron" / "index.html").read_text()
    assert '<figure class="widget"' in chapter and 'class="widget-state"' in chapter
    figures = sum(len(c.widgets) for c in book.chapters)
    written = sum(f.read_text().count('<figure class="widget"') for f in html_files(out))
    assert written >= figures > 20


def test_every_page_is_marked_static_with_its_base(out):
    for file in html_files(out):
        head = re.search(r"<html[^>]*>", file.read_text())[0]
        assert 'data-site="static"' in head and f'data-base-url="{BASE}"' in head, file


def test_no_root_absolute_url_is_left_outside_the_base(out):
    for file in html_files(out):
        for attribute, url in URL_ATTRIBUTE.findall(file.read_text()):
            url = html.unescape(url)
            if url.startswith("/"):
                assert url.startswith(BASE), f"{file.relative_to(out)}: {attribute}={url}"
    for file in out.rglob("*.css"):
        assert not re.search(r"url\(['\"]?/(?!nn-course/)", file.read_text()), file
    manifest = json.loads((out / "manifest.webmanifest").read_text())
    assert manifest["start_url"] == manifest["scope"] == BASE
    assert all(icon["src"].startswith(BASE) for icon in manifest["icons"])


def test_every_link_resolves_inside_the_copy_anchors_included(out):
    ids = {}
    checked = 0
    for file in html_files(out):
        for attribute, url in URL_ATTRIBUTE.findall(file.read_text()):
            url = html.unescape(url)
            if not url.startswith("/") or attribute in ("data-config", "data-options", "data-hide"):
                continue
            target = local_file(out, url)
            if attribute == "data-index-url":  # Pyodide's folder: the worker adds the file names
                assert (target.parent / "pyodide.js").is_file(), url
                continue
            assert target.is_file(), f"{file.relative_to(out)}: {attribute}={url} has no file in the copy"
            fragment = urlsplit(url).fragment
            if fragment and target.suffix == ".html":
                ids.setdefault(target, set(re.findall(r'\sid="([^"]+)"', target.read_text())))
                assert fragment in ids[target], f"{file.relative_to(out)}: {url} names no section of its page"
            checked += 1
    assert checked > 500


def test_the_service_worker_precaches_the_copy_s_own_files(out):
    source = (out / "sw.js").read_text()
    urls = json.loads(re.search(r"^const PRECACHE = (\[.*?\]);$", source, re.M | re.S)[1])
    assert BASE in urls and f"{BASE}chapters/perceptron/" in urls and f"{BASE}runtime/jobs/index.json" in urls
    for url in urls:
        assert local_file(out, url).is_file(), url


def test_heavy_demos_stored_for_the_chapters_settings(out, book):
    index = json.loads((out / "runtime" / "jobs" / "index.json").read_text())
    stored = {(e["demo"], json.dumps(e["params"], sort_keys=True)): e["file"] for e in index["results"]}
    # The chapters' directives: chapter 10's CNN at 15 epochs, chapter 9's two sweeps (capacity at 50).
    wanted = job_requests(book)
    assert {demo for demo, _ in wanted} == {"digits-cnn", "data-hunger", "capacity"}
    assert ("digits-cnn", 15) in {(d, p["epochs"]) for d, p in wanted}
    assert ("capacity", 50) in {(d, p["epochs"]) for d, p in wanted}
    for demo, params in wanted:
        result = json.loads((out / "runtime" / "jobs" / stored[(demo, json.dumps(params, sort_keys=True))]).read_text())
        if demo == "digits-cnn":
            assert len(result["history"]["loss"]) == 15 and result["test_accuracy"] > 0.9
        else:
            assert len(result["points"]) > 2 and all(0 <= p["test_error"]["mean"] <= 1 for p in result["points"])


def test_the_export_is_all_under_pages_listed_once(book):
    pages = page_paths(book)
    assert len(pages) == len(set(pages)) == 1 + len(book.chapters) + len(book.pages) + 1


def not_rendered(*args, **kwargs):
    raise AssertionError("the book was rendered before the export was refused")


def test_a_folder_that_is_no_export_is_never_wiped(tmp_path, monkeypatch):
    keep = tmp_path / "notes.txt"
    keep.write_text("an instructor's file")
    monkeypatch.setattr("app.main.create_app", not_rendered)  # refused at once, not after seconds of work
    with pytest.raises(ExportError, match="not empty"):
        build(None, tmp_path, "/", log=lambda line: None)
    assert keep.read_text() == "an instructor's file"


@pytest.mark.parametrize("base", ["https://example.org/x/", "/a b/", "/../x/"])
def test_a_base_url_that_is_no_path_is_refused_before_building(tmp_path, base):
    with pytest.raises(ExportError, match="base-url"):
        build(None, tmp_path / "out", base, log=lambda line: None)
    assert not (tmp_path / "out").exists()


def test_a_static_copy_loads_the_pinned_stdlib_not_the_servers_stored_repack(out):
    """The stored repack is small only as the server's brotli copy; a plain file server sends the original."""
    page = (out / "chapters" / "perceptron" / "index.html").read_text()
    assert 'data-stdlib-url="/static/vendor/pyodide/python_stdlib.zip"' in page.replace("/nn-course", "") or \
        "python_stdlib.zip" in page
    assert "python_stdlib-stored" not in page and "python_stdlib-stored" not in (out / "sw.js").read_text()
    assert "python_stdlib.zip" in (out / "sw.js").read_text()
    assert not (out / "static" / "vendor" / "pyodide" / "python_stdlib-stored.zip").exists()
    assert "/stored/" not in page and not (out / "static" / "vendor" / "pyodide" / "stored").exists()
