"""The vendor step that makes the interpreter snapshot: keyed by its inputs, cached, placed, and restorable.

The first tests drive app/interpreter_snapshot.py with a stand-in maker script (fast: no Pyodide);
one restores the real snapshot `make vendor` placed, under Node with the vendored Pyodide.
"""

from __future__ import annotations

import colorsys
import hashlib
import json
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest

from app import interpreter_snapshot as snap
from app import sparse_snapshot
from tests.pyodide.node_runner import runtime_problem

RESTORE = Path(__file__).resolve().parents[1] / "pyodide" / "restore-snapshot.mjs"
DECODE = RESTORE.with_name("decode-snapshot.mjs")
needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def fake_pyodide(folder: Path) -> Path:
    folder.mkdir()
    for name in snap.INPUTS:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(f"pinned {name}".encode())
    return folder


def counting_maker(tmp_path: Path) -> Path:
    """A maker that writes a small snapshot shaped as Pyodide's (its header naming the modules, one 64 KiB
    page of memory with data in its second 4 KiB page), reports two standard-library files and two of
    numpy's as read, and where a library lay, and counts its runs in runs.txt beside it."""
    maker = tmp_path / "maker.mjs"
    maker.write_text("""import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
const [out, ...rest] = process.argv.slice(2);
const modules = rest.filter((a) => !a.startsWith("--"));
if (!rest.some((a) => a.startsWith("--numpy="))) process.exit(3);
const engine = rest.filter((a) => a.startsWith("--engine=")).map((a) => readFileSync(a.slice(9), "utf8"))[0] || null;
const header = Buffer.from(("snapshot of " + JSON.stringify(modules)).padEnd(80));
const snapshot = Buffer.concat([Buffer.alloc(8), header, Buffer.alloc(65536)]);
snapshot.writeUInt32LE(1886286592, 0); snapshot.writeUInt32LE(88, 4); snapshot.fill(7, 88 + 4096, 88 + 4200);
writeFileSync(out, snapshot);
appendFileSync(new URL("./runs.txt", import.meta.url), "run\\n");
console.log(JSON.stringify({ modules: 3, fresh_length: 4096, engine_sha256: engine && `sha of ${engine}`, stdlib_read: ["os.py", "encodings/__init__.py"],
  site_packages_read: ["numpy/__init__.py", "numpy/_core/_umath.so"],
  dynlibs: { tableLength: 9, got: {}, libs: [{ path: "/sp/numpy/_core/_umath.so", tableBase: 3 }] } }));
""")
    return maker


def stdlib_zip(pyodide: Path) -> None:
    with zipfile.ZipFile(pyodide / "python_stdlib.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("os.py", "encodings/__init__.py", "encodings/cp437.py", "json/__init__.py", "multiprocessing/pool.py"):
            z.writestr(name, f"# {name}\n" * 50)
    with zipfile.ZipFile(pyodide / snap.NUMPY_WHEEL, "w", zipfile.ZIP_STORED) as z:
        for name in ("numpy/__init__.py", "numpy/_core/_umath.so", "numpy/random/__init__.py"):
            z.writestr(name, f"# {name}\n" * 50)


def runs(tmp_path: Path) -> int:
    file = tmp_path / "runs.txt"
    return len(file.read_text().splitlines()) if file.exists() else 0


def test_the_key_changes_with_every_input_and_only_then(tmp_path):
    pyodide = fake_pyodide(tmp_path / "pyodide")
    maker = counting_maker(tmp_path)
    key = snap.inputs_key(pyodide, maker, ())
    assert key == snap.inputs_key(pyodide, maker, ())
    seen = {key}
    for name in snap.INPUTS:
        original = (pyodide / name).read_bytes()
        (pyodide / name).write_bytes(original + b"!")
        seen.add(snap.inputs_key(pyodide, maker, ()))
        (pyodide / name).write_bytes(original)
    seen.add(snap.inputs_key(pyodide, maker, ("json",)))
    maker.write_text(maker.read_text() + "\n// changed\n")
    seen.add(snap.inputs_key(pyodide, maker, ()))
    assert len(seen) == len(snap.INPUTS) + 3


def test_a_missing_input_says_run_make_vendor(tmp_path):
    pyodide = fake_pyodide(tmp_path / "pyodide")
    (pyodide / "pyodide.asm.wasm").unlink()
    with pytest.raises(snap.SnapshotError, match="make vendor"):
        snap.inputs_key(pyodide, counting_maker(tmp_path), ())


@needs_node
def test_made_once_then_taken_from_the_cache_and_placed_under_a_new_name(tmp_path):
    maker, cache, served = counting_maker(tmp_path), tmp_path / "cache", tmp_path / "served"
    pyodide = fake_pyodide(tmp_path / "pyodide")
    stdlib_zip(pyodide)
    files, made = snap.make_cached("a" * 64, cache, maker, ("json",), pyodide)
    assert made and runs(tmp_path) == 1
    cached, stdlib, numpy, manifest = files
    # The snapshot is kept as the worker downloads it: its header, Pyodide's, the index, its one page of data.
    data = cached.read_bytes()
    assert data.startswith(struct.pack("<8I", sparse_snapshot.MAGIC, 1, 88 + 65536, 88, 4096, 16, 1, 4096))
    assert b'snapshot of ["json"]' in data and data.endswith(b"\7" * 104 + bytes(4096 - 104))
    assert len(data) == 32 + 88 + 4 + 4096
    # The standard library beside it lacks what the snapshot already imported (and what cannot run in a
    # browser, like multiprocessing), and is stored.
    with zipfile.ZipFile(stdlib) as z:
        assert z.namelist() == ["encodings/cp437.py", "json/__init__.py"]
        assert {i.compress_type for i in z.infolist()} == {zipfile.ZIP_STORED}
    # So do numpy's files, less only imported .py files: the extension modules stay, to be instantiated.
    with zipfile.ZipFile(numpy) as z:
        assert z.namelist() == ["numpy/_core/_umath.so", "numpy/random/__init__.py"]
        assert {i.compress_type for i in z.infolist()} == {zipfile.ZIP_STORED}
    assert json.loads(manifest.read_text())["libs"][0]["tableBase"] == 3  # the maker's report, for the worker
    assert "engine" not in json.loads(manifest.read_text())  # no engine given: none in it
    # Brotli copies beside both, decompressing to them (checked by the vendor script's own tool).
    digests = subprocess.run(["node", str(snap.BROTLI), "sha256", *(f"{f}.br" for f in files)], capture_output=True,
                             text=True, check=True).stdout.split()
    assert digests == [hashlib.sha256(p.read_bytes()).hexdigest() for p in files]
    again, made_again = snap.make_cached("a" * 64, cache, maker, ("json",), pyodide)
    assert again == files and not made_again and runs(tmp_path) == 1  # no second run
    placed = snap.place(files, served)
    assert snap.snapshot_url(served) == snap.URL_PREFIX + placed.name
    assert snap.snapshot_urls(served) == [snap.URL_PREFIX + f.name for f in files]
    # A new key: new names, and the old files leave the served folder (their URLs were immutable).
    newer, _ = snap.make_cached("b" * 64, cache, maker, (), pyodide)
    snap.place(newer, served)
    assert sorted(p.name for p in served.iterdir()) == sorted(n for f in newer for n in (f.name, f.name + ".br"))
    assert snap.snapshot_url(served) == snap.URL_PREFIX + newer[0].name
    assert snap.snapshot_url(tmp_path / "nothing-here") is None and snap.snapshot_urls(tmp_path / "nothing-here") == []


def test_an_engine_given_to_the_maker_is_named_in_the_manifest(tmp_path):
    # The maker gets the engine zip as a file (left in no cache), and the worker's manifest names the
    # engine the maker reports it imported from, so a worker with another engine re-imports it.
    maker, cache = counting_maker(tmp_path), tmp_path / "cache"
    pyodide = fake_pyodide(tmp_path / "pyodide")
    stdlib_zip(pyodide)
    files, made = snap.make_cached("c" * 64, cache, maker, ("engine.widgets.protocol",), pyodide, engine_zip=b"engine v1")
    assert made and json.loads(files[3].read_text())["engine"] == "sha of engine v1"
    assert sorted(p.name for p in cache.iterdir() if "engine" in p.name) == []
    assert snap.ENGINE_PREIMPORT == ("engine.widgets.protocol",) and not set(snap.ENGINE_PREIMPORT) & set(snap.PREIMPORT)


def cpython_numbers() -> dict:
    """What tests/pyodide/restore-snapshot.mjs computes in the restored interpreter, computed here."""
    import numpy as np  # noqa: PLC0415

    a = np.arange(12.0).reshape(3, 4)
    m = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])
    return {"sum": 45.0, "rng": float(np.random.default_rng(7).standard_normal()),
            "rng_many": np.random.default_rng(3).normal(size=5).tolist(),
            "legacy": np.random.RandomState(5).rand(3).tolist(),
            "inv": np.linalg.inv(m).tolist(), "eig": np.linalg.eigvalsh(m).tolist(),
            "svd": np.linalg.svd(a, compute_uv=False).tolist(), "fft": np.abs(np.fft.fft(np.arange(8.0))).tolist(),
            "tanh": float(np.tanh(a).sum()), "matmul": (a @ a.T).tolist()}


def assert_cpython_numbers(report: dict) -> None:
    import numpy as np  # noqa: PLC0415

    expected = cpython_numbers()
    # The generators' streams are numpy's own code: bit for bit. Linear algebra may round differently
    # (CPython's numpy uses OpenBLAS, Pyodide's lapack_lite): to 1e-12.
    for key in ("sum", "rng", "rng_many", "legacy", "matmul"):
        assert report[key] == expected[key], key
    for key in ("inv", "eig", "svd", "fft", "tanh"):
        assert np.allclose(report[key], expected[key], rtol=1e-12, atol=1e-12), key


@pytest.mark.pyodide
@pytest.mark.slow
def test_the_built_snapshot_restores_under_node_with_numpy_in_it(tmp_path):
    """The four files `make vendor` placed for the worker (the maker run by app.interpreter_snapshot's main
    with the engine, sparse-encoded, its standard library and numpy's files cut to what it lacks), restored
    under Node by the worker's own code. The build made them a moment ago (`make test` vendors first); making
    another here cost some 7 CPU-s for the same maker and inputs."""
    problem = runtime_problem()
    if problem:
        pytest.skip(problem)
    urls = snap.snapshot_urls()
    assert urls, "no interpreter snapshot in static/vendor/pyodide/snapshot/: `make vendor` did not make one"
    sparse, stdlib, numpy, manifest = (snap.SNAPSHOT_DIR / url.rsplit("/", 1)[1] for url in urls)
    # The worker downloads the pages that are not all zeros, under half of Pyodide's snapshot.
    dense = tmp_path / "interpreter.bin"
    decoded = subprocess.run(["node", str(DECODE), str(sparse), str(dense)], capture_output=True, text=True, timeout=120)
    assert decoded.returncode == 0, decoded.stderr
    fresh_length = json.loads(decoded.stdout)["freshLength"]
    data = dense.read_bytes()
    assert sparse.stat().st_size < 0.5 * len(data)
    magic, start = int.from_bytes(data[:4], "little"), int.from_bytes(data[4:8], "little")
    assert magic == 1886286592 and (len(data) - start) % 65536 == 0  # Pyodide's header, then whole pages
    # Free memory was zeroed and unchanged static data XOR'ed away: most of the memory is zeros, and the
    # worker XORs back only the fresh memory's first pages, where its static data lies.
    assert data[start:].count(0) > 0.7 * (len(data) - start)
    assert 0 < fresh_length < (len(data) - start) / 4 and fresh_length % 4096 == 0
    # numpy's extension modules, each where dlopen put it, in load order, after Pyodide's own table; and the
    # engine whose modules the snapshot holds (a fresh clone's own: the key leaves the engine out, see
    # app/interpreter_snapshot.py's ENGINE_PREIMPORT).
    dynlibs = json.loads(manifest.read_text())
    names = [lib["path"].rsplit("/", 1)[1].split(".")[0] for lib in dynlibs["libs"]]
    assert names[0] == "_multiarray_umath" and {"_umath_linalg", "_generator", "mtrand"} <= set(names)
    assert dynlibs["libs"][0]["tableBase"] == dynlibs["tableAtStart"] < dynlibs["tableLength"]
    assert len(dynlibs["engine"]) == 64 and int(dynlibs["engine"], 16) >= 0
    # Beside it, the files that lack what the snapshot imported: its standard library without the modules
    # already in the snapshot, numpy's without its imported .py files (and the parts the engine never uses).
    with zipfile.ZipFile(snap.PYODIDE_DIR / "python_stdlib.zip") as full, zipfile.ZipFile(stdlib) as cut:
        imported = {n for n in set(full.namelist()) - set(cut.namelist())
                    if n.endswith(".py") and not n.startswith(snap.STDLIB_UNUSABLE)}
    assert len(imported) > 50 and "dataclasses.py" in imported  # one the snapshot imports on purpose (PREIMPORT)
    with zipfile.ZipFile(numpy) as z:
        assert "numpy/__init__.py" not in z.namelist() and "numpy/lib/recfunctions.py" in z.namelist()
        assert "numpy/ma/core.py" not in z.namelist()  # not imported, and the engine never uses it
    # Restored as the worker does.
    restore = ["node", str(RESTORE), str(sparse), str(stdlib), str(manifest), str(numpy)]
    restored = subprocess.run(restore, capture_output=True, text=True, timeout=600, check=True)
    report = json.loads(restored.stdout.strip().splitlines()[-1])
    assert report["modules_at_restore"] >= len(imported)  # the started interpreter came back whole
    assert report["numpy_at_restore"] and report["numpy"] == "2.0.2" and report["version"].startswith("3.12.")
    assert report["engine_at_restore"]  # the worker's entry point came back imported
    assert_cpython_numbers(report)  # numpy's restored code, called through the restored function table
    # The standard library's table of contents is read at its first use, from the zip installed beside the
    # snapshot (not at restore: no figure needs it), and modules the snapshot lacks import from it.
    assert report["tables_unread_at_restore"] and report["missing_at_restore"] == ["colorsys", "fractions"]
    assert report["from_zip"] == ["zipimporter", "zipimporter"]
    assert report["colorsys"] == list(colorsys.rgb_to_hsv(0.2, 0.4, 0.4)) and report["fraction"] == "1/4"
    # The restore's own Python (the tables above, the new seed) runs through exec, not runPython's AST round trip.
    assert report["restore_run_python"] == 0

    # Anything that does not line up is refused, never run: a library that is not the one recorded...
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({**dynlibs, "libs": [{**dynlibs["libs"][0], "sha256": "0" * 64}, *dynlibs["libs"][1:]]}))
    refused = subprocess.run([*restore[:4], str(wrong), str(numpy)], capture_output=True, text=True, timeout=600)
    assert refused.returncode != 0 and "is not the one the snapshot loaded" in refused.stderr
    # ... or a function table that ends elsewhere than the snapshot's.
    wrong.write_text(json.dumps({**dynlibs, "tableLength": dynlibs["tableLength"] + 1}))
    refused = subprocess.run([*restore[:4], str(wrong), str(numpy)], capture_output=True, text=True, timeout=600)
    assert refused.returncode != 0 and "the function table ended with" in refused.stderr
    # A wasm compiled ahead that failed: the restore fails with its reason (the worker then boots the
    # normal way) instead of waiting for an instance that never comes.
    refused = subprocess.run([*restore, "--wasm-fails"], capture_output=True, text=True, timeout=600)
    assert refused.returncode != 0 and "the wasm did not compile" in refused.stderr


def test_a_static_export_leaves_the_snapshot_out_and_its_pages_do_not_ask_for_it(tmp_path):
    """A plain file server would send the 20 MB uncompressed: the export's worker starts Python the normal way."""
    from app.export.paths import static_paths
    from app.export.rebase import rebase_html, rebase_service_worker

    static = tmp_path / "static"
    (static / "vendor" / "pyodide" / "snapshot").mkdir(parents=True)
    (static / "vendor" / "pyodide" / "snapshot" / "interpreter-abc.bin").write_bytes(b"x")
    (static / "vendor" / "pyodide" / "pyodide.js").write_text("//")
    assert static_paths(static) == ["/static/vendor/pyodide/pyodide.js"]
    page = ('<html lang="en" data-engine-url="/runtime/engine.zip" '
            'data-snapshot-url="/static/vendor/pyodide/snapshot/interpreter-abc.bin" data-temml-url="/t.js"><body></body></html>')
    rebased = rebase_html(page, "/nn/", {"/"})
    assert "snapshot" not in rebased and 'data-engine-url="/nn/runtime/engine.zip"' in rebased
    sw = 'const VERSION = "v";\nconst PRECACHE = ["/", "/static/vendor/pyodide/snapshot/interpreter-abc.bin", ' \
         '"/static/vendor/pyodide/snapshot/python_stdlib-abc.zip"];\n// body'
    assert json.loads(rebase_service_worker(sw, "/nn/", {"/"}, []).split("const PRECACHE = ")[1].split(";")[0]) == ["/nn/"]


def test_the_numpy_parts_left_out_beside_the_snapshot_are_none_the_engine_uses(monkeypatch, tmp_path):
    """numpy's zip beside the snapshot leaves out parts numpy's import does not load (numpy.ma,
    numpy.polynomial, …): only safe while no engine module names one. The list is part of the key."""
    import re
    unused = {p.removesuffix("/").removesuffix(".py").replace("/", ".") for p in snap.NUMPY_UNUSED if p.startswith("numpy/")}
    named = set()
    for path in (snap.ROOT / "engine").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        named |= {f"numpy.{m}" for m in re.findall(r"\bnp\.([a-z_]+)\b", text)}
        named |= set(re.findall(r"\b(numpy(?:\.[a-z_]+)+)", text))
        named |= {f"numpy.{m}" for m in re.findall(r"from numpy import ([a-z_]+)", text)}
    assert "numpy.random" in named and "numpy.linalg" in named  # the scan sees what the engine uses
    assert not named & unused, named & unused
    assert not snap.numpy_runtime_member("numpy/ma/core.py") and snap.numpy_runtime_member("numpy/lib/recfunctions.py")
    pyodide = fake_pyodide(tmp_path / "pyodide")
    maker = counting_maker(tmp_path)
    key = snap.inputs_key(pyodide, maker, ())
    monkeypatch.setattr(snap, "NUMPY_UNUSED", snap.NUMPY_UNUSED[1:])
    assert snap.inputs_key(pyodide, maker, ()) != key
