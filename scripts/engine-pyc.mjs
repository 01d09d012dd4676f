// Compile engine sources to CPython 3.12 bytecode inside the vendored Pyodide (Node), for
// scripts/engine_pyc.py. The server runs CPython 3.11, whose bytecode Pyodide's 3.12 cannot
// load; Pyodide's own interpreter writes exactly what the browser's will accept.
//
//   node scripts/engine-pyc.mjs < JOBS.json
//   JOBS: [{"src": "/abs/engine/x.py", "dfile": "/home/pyodide/nnbook/engine/x.py", "out": "/abs/cache/SHA.pyc"}, …]
//
// Each .pyc is hash-based and checked (PEP 552): Python compares it with the source beside it
// on every import and compiles the source instead when they differ, so a stale one is never run.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const INDEX_DIR = path.join(ROOT, "static", "vendor", "pyodide") + path.sep;
const jobs = JSON.parse(readFileSync(0, "utf8"));

const { loadPyodide } = await import(pathToFileURL(path.join(INDEX_DIR, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: INDEX_DIR, stdout: (l) => process.stderr.write(`${l}\n`), stderr: (l) => process.stderr.write(`${l}\n`) });
const compileOne = pyodide.runPython(`
import os, py_compile
def compile_one(dfile):
    cfile = "/tmp/nnbook-engine.pyc"
    py_compile.compile(dfile, cfile=cfile, dfile=dfile, doraise=True,
                       invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
    return cfile
compile_one
`);
for (const job of jobs) {
  pyodide.FS.mkdirTree(path.posix.dirname(job.dfile));
  pyodide.FS.writeFile(job.dfile, readFileSync(job.src));
  const bytes = pyodide.FS.readFile(compileOne(job.dfile));
  mkdirSync(path.dirname(job.out), { recursive: true });
  writeFileSync(`${job.out}.part`, bytes);
  renameSync(`${job.out}.part`, job.out);
}
console.log(JSON.stringify({ compiled: jobs.length, version: pyodide.runPython("import sys; sys.version.split()[0]") }));
