// Restore an interpreter snapshot made by scripts/pyodide-snapshot.mjs under Node, as the worker does
// (static/js/worker.js: XOR the memory back with a fresh instance's, then loadPyodide({_loadSnapshot})),
// load numpy after it, and report what Python sees. For tests/app/test_interpreter_snapshot.py.
//
//   node tests/pyodide/restore-snapshot.mjs SNAPSHOT.bin [STDLIB.zip]   → one JSON line on stdout
// With STDLIB (the smaller standard library made beside the snapshot), the zip importer's table of
// contents is re-read from it after the restore, as the worker does.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const INDEX_DIR = path.join(ROOT, "static", "vendor", "pyodide") + path.sep;
const snapshot = new Uint8Array(readFileSync(process.argv[2]));
const stdLibURL = process.argv[3];

const original = WebAssembly.instantiate;
WebAssembly.instantiate = async (source, imports) => {
  const result = await original(source, imports);
  const start = new Uint32Array(snapshot.buffer, snapshot.byteOffset, 4)[1];
  const fresh = new Uint8Array(imports.env.memory.buffer);
  for (let i = 0, n = Math.min(fresh.length, snapshot.length - start); i < n; i++) snapshot[start + i] ^= fresh[i];
  return result;
};
const { loadPyodide } = await import(pathToFileURL(path.join(INDEX_DIR, "pyodide.mjs")).href);
const quiet = () => {};
const started = performance.now();
const pyodide = await loadPyodide({ indexURL: INDEX_DIR, _loadSnapshot: snapshot, stdout: quiet, stderr: quiet,
  ...(stdLibURL ? { stdLibURL } : {}) });
const restoreMs = performance.now() - started;
WebAssembly.instantiate = original;
if (stdLibURL) {
  pyodide.runPython(`
import zipimport
for archive, toc in list(zipimport._zip_directory_cache.items()):
    fresh = zipimport._read_directory(archive)
    toc.clear(); toc.update(fresh)
`);
}
await pyodide.loadPackage(INDEX_DIR + "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl", { messageCallback: quiet });
const report = pyodide.runPython(`
import json, sys
started_with = len(sys.modules)
import numpy as np
json.dumps({"modules_at_restore": started_with, "version": sys.version.split()[0],
            "numpy": np.__version__, "sum": float(np.arange(10.0).sum()),
            "rng": float(np.random.default_rng(7).standard_normal())})
`);
console.log(JSON.stringify({ ...JSON.parse(report), restore_ms: restoreMs }));
