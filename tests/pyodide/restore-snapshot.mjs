// Restore an interpreter snapshot under Node with the worker's own code (static/js/snapshot-restore.js's
// restoreSnapshot: the sparse file rebuilt, its memory XOR'ed back, numpy's libraries placed, the
// standard library's table of contents re-read), and report what Python sees.
// For tests/app/test_interpreter_snapshot.py.
//
//   node tests/pyodide/restore-snapshot.mjs SNAPSHOT.bin STDLIB.zip DYNLIBS.json NUMPY.zip [--wasm-fails]
//   → one JSON line
// SNAPSHOT: the sparse snapshot (app/sparse_snapshot.py); STDLIB: the smaller standard library made beside
// it; DYNLIBS: the manifest beside it (where numpy's .so files lay in the snapshot); NUMPY: a stored zip of numpy's files. Pyodide's
// wasm is compiled ahead and handed to the restore, as the worker does; --wasm-fails hands it a compile
// that failed instead (the restore must then fail, not wait for ever).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const INDEX_DIR = path.join(ROOT, "static", "vendor", "pyodide") + path.sep;
const [snapshotPath, stdLibURL, dynlibsPath, numpyZip, wasmFails] = process.argv.slice(2);
if (!numpyZip) {
  console.error("usage: restore-snapshot.mjs SNAPSHOT.bin STDLIB.zip DYNLIBS.json NUMPY.zip");
  process.exit(2);
}

await import(pathToFileURL(path.join(INDEX_DIR, "pyodide.asm.js")).href);
await import(pathToFileURL(path.join(ROOT, "static", "js", "snapshot-restore.js")).href);
const { loadPyodide } = await import(pathToFileURL(path.join(INDEX_DIR, "pyodide.mjs")).href);
const S = globalThis.nnbookSnapshot;
const quiet = () => {};
const started = performance.now();
const numpy = S.prepareNumpy(JSON.parse(readFileSync(dynlibsPath, "utf8")), readFileSync(numpyZip));
const wasm = wasmFails === "--wasm-fails" ? Promise.reject(new Error("the wasm did not compile (--wasm-fails)"))
  : WebAssembly.compile(readFileSync(path.join(INDEX_DIR, "pyodide.asm.wasm")));
// The restore's own Python is counted: it must not go through runPython (eval_code's parse to an AST of
// Python objects and back costs every boot ~30 ms of CPU: snapshot-restore.js's execPython).
let runPythonCalls = 0;
const counted = (options) => loadPyodide(options).then((python) => {
  const runPython = python.runPython.bind(python);
  python.runPython = (...args) => { runPythonCalls += 1; return runPython(...args); };
  return python;
});
const pyodide = await S.restoreSnapshot(counted, { indexURL: INDEX_DIR, stdLibURL, stdout: quiet, stderr: quiet },
  new Uint8Array(readFileSync(snapshotPath)), numpy, wasm);
const restoreRunPython = runPythonCalls;
const restoreMs = performance.now() - started;
const report = pyodide.runPython(`
import json, sys
started_with = len(sys.modules)
numpy_at_restore = "numpy" in sys.modules
engine_at_restore = "engine.widgets.protocol" in sys.modules  # when the maker was given the engine
import zipimport
tables_unread = all("archive" in vars(t) for t in zipimport._zip_directory_cache.values())
missing = [name for name in ("colorsys", "fractions") if name not in sys.modules]
import colorsys, fractions  # not in the snapshot: from the standard library installed beside it
from_zip = [type(m.__loader__).__name__ for m in (colorsys, fractions)]
import numpy as np
a = np.arange(12.0).reshape(3, 4)
m = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])
json.dumps({"modules_at_restore": started_with, "numpy_at_restore": numpy_at_restore, "engine_at_restore": engine_at_restore,
            "tables_unread_at_restore": tables_unread, "from_zip": from_zip, "missing_at_restore": missing,
            "colorsys": colorsys.rgb_to_hsv(0.2, 0.4, 0.4), "fraction": str(fractions.Fraction(3, 12)),
            "version": sys.version.split()[0], "numpy": np.__version__, "sum": float(np.arange(10.0).sum()),
            "rng": float(np.random.default_rng(7).standard_normal()),
            "rng_many": np.random.default_rng(3).normal(size=5).tolist(),
            "legacy": np.random.RandomState(5).rand(3).tolist(),
            "inv": np.linalg.inv(m).tolist(), "eig": np.linalg.eigvalsh(m).tolist(),
            "svd": np.linalg.svd(a, compute_uv=False).tolist(),
            "fft": np.abs(np.fft.fft(np.arange(8.0))).tolist(),
            "tanh": np.tanh(a).sum().item(), "matmul": (a @ a.T).tolist()})
`);
console.log(JSON.stringify({ ...JSON.parse(report), restore_ms: restoreMs, restore_run_python: restoreRunPython }));
