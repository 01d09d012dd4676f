// Restore an interpreter snapshot made by scripts/pyodide-snapshot.mjs under Node, as the worker does
// (static/js/worker.js: XOR the memory back with a fresh instance's, then loadPyodide({_loadSnapshot})),
// and report what Python sees. For tests/app/test_interpreter_snapshot.py.
//
//   node tests/pyodide/restore-snapshot.mjs SNAPSHOT.bin [STDLIB.zip] [DYNLIBS.json NUMPY.zip]   → one JSON line
// With STDLIB (the smaller standard library made beside the snapshot), the zip importer's table of
// contents is re-read from it after the restore, as the worker does. With DYNLIBS (the maker's report
// of numpy's .so files) and NUMPY (a stored zip of numpy's files), numpy comes back with the snapshot
// (static/js/snapshot-restore.js); without, numpy's wheel is loaded after the restore.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const INDEX_DIR = path.join(ROOT, "static", "vendor", "pyodide") + path.sep;
const [snapshotPath, stdLibURL, dynlibsPath, numpyZip] = process.argv.slice(2);
const snapshot = new Uint8Array(readFileSync(snapshotPath));

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
let dynlibs = null;
let unwrap = () => {};
if (dynlibsPath) {
  await import(pathToFileURL(path.join(INDEX_DIR, "pyodide.asm.js")).href);
  await import(pathToFileURL(path.join(ROOT, "static", "js", "snapshot-restore.js")).href);
  const S = globalThis.nnbookSnapshot;
  const manifest = JSON.parse(readFileSync(dynlibsPath, "utf8"));
  const members = S.storedZipMembers(new Uint8Array(readFileSync(numpyZip)));
  const compiled = S.compileDynlibs(manifest, members, manifest.sitePackages);
  dynlibs = { manifest, members };
  unwrap = S.restoreDynlibsOnCreate(compiled.then((c) => ({ manifest, compiled: c })), snapshot);
}
let pyodide;
try {
  pyodide = await loadPyodide({ indexURL: INDEX_DIR, _loadSnapshot: snapshot, stdout: quiet, stderr: quiet,
    ...(stdLibURL ? { stdLibURL } : {}) });
} finally {
  unwrap();
}
const restoreMs = performance.now() - started;
if (globalThis.nnbookSnapshot) globalThis.nnbookSnapshot.restoreCountArgsHelper(pyodide._module);
WebAssembly.instantiate = original;
if (stdLibURL) {
  pyodide.runPython(`
import zipimport
for archive, toc in list(zipimport._zip_directory_cache.items()):
    fresh = zipimport._read_directory(archive)
    toc.clear(); toc.update(fresh)
`);
}
if (dynlibs) {

  globalThis.nnbookSnapshot.writeMembers(pyodide.FS, dynlibs.manifest.sitePackages, dynlibs.members);
  pyodide.runPython("import sys\nfor f in list(sys.path_importer_cache.values()):\n    getattr(f, 'invalidate_caches', lambda: None)()");
} else {
  await pyodide.loadPackage(INDEX_DIR + "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl", { messageCallback: quiet });
}
const numpyMs = performance.now() - started;
const report = pyodide.runPython(`
import json, sys
started_with = len(sys.modules)
numpy_at_restore = "numpy" in sys.modules
import numpy as np
a = np.arange(12.0).reshape(3, 4)
m = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])
json.dumps({"modules_at_restore": started_with, "numpy_at_restore": numpy_at_restore,
            "version": sys.version.split()[0], "numpy": np.__version__, "sum": float(np.arange(10.0).sum()),
            "rng": float(np.random.default_rng(7).standard_normal()),
            "rng_many": np.random.default_rng(3).normal(size=5).tolist(),
            "legacy": np.random.RandomState(5).rand(3).tolist(),
            "inv": np.linalg.inv(m).tolist(), "eig": np.linalg.eigvalsh(m).tolist(),
            "svd": np.linalg.svd(a, compute_uv=False).tolist(),
            "fft": np.abs(np.fft.fft(np.arange(8.0))).tolist(),
            "tanh": np.tanh(a).sum().item(), "matmul": (a @ a.T).tolist()})
`);
console.log(JSON.stringify({ ...JSON.parse(report), restore_ms: restoreMs, numpy_ready_ms: numpyMs }));
