#!/usr/bin/env node
// Run Python snippets against the book's engine inside Pyodide, under Node.
//
// Usage:
//   node tests/pyodide/runner.mjs --engine-zip PATH [--batch] [FILE]
//
// The Python source is read from FILE, or from stdin when FILE is absent.
//   single mode: the source assigns `result`; its JSON is printed on stdout.
//   --batch:     the input is a JSON object {name: source, ...}; stdout gets
//                {"results": {name: {"ok": value} | {"error": traceback}},
//                 "remote_fetches": [urls], "startup_ms": number}.
// Everything else Pyodide or the snippets print goes to stderr, so stdout is
// always exactly one JSON document.
//
// Pyodide, its numpy wheel and the engine all come from local files:
// static/vendor/pyodide/ (made by `make vendor`) and the engine zip. Any
// attempt to fetch a remote URL (Pyodide falls back to its CDN for a package
// it cannot find locally) is refused and reported, and makes the exit code 3.

import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
const INDEX_DIR = path.join(ROOT, "static", "vendor", "pyodide") + path.sep;
const ENGINE_DIR = "/home/pyodide/nnbook"; // where the engine zip is unpacked inside Pyodide

function parseArgs(argv) {
  const options = { engineZip: null, batch: false, file: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--engine-zip") options.engineZip = argv[++i];
    else if (arg === "--batch") options.batch = true;
    else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}`);
    else options.file = arg;
  }
  if (!options.engineZip) throw new Error("--engine-zip PATH is required");
  return options;
}

async function readInput(file) {
  if (file) return readFile(file, "utf8");
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

// Refuse every non-local fetch and remember it: the suite must never reach the network.
const remoteFetches = [];
const localFetch = globalThis.fetch;
globalThis.fetch = async (resource, init) => {
  const url = String(resource instanceof Request ? resource.url : resource);
  if (!url.startsWith("file:")) {
    remoteFetches.push(url);
    throw new Error(`runner.mjs: remote fetch refused: ${url}`);
  }
  return localFetch(resource, init);
};

async function startPyodide(engineZip) {
  const started = performance.now();
  const { loadPyodide } = await import(pathToFileURL(path.join(INDEX_DIR, "pyodide.mjs")).href);
  const log = (message) => process.stderr.write(`[pyodide] ${message}\n`);
  const pyodide = await loadPyodide({
    indexURL: INDEX_DIR,
    lockFileURL: path.join(INDEX_DIR, "pyodide-lock.json"),
    packageCacheDir: INDEX_DIR,
    stdout: (line) => process.stderr.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  });
  await pyodide.loadPackage("numpy", { messageCallback: log, errorCallback: log });
  if (remoteFetches.length) {
    // loadPackage only logs a failed load; stop here rather than fail later on `import numpy`.
    throw new Error(`Pyodide tried the network for ${remoteFetches.join(", ")}: run \`make vendor\``);
  }
  const zip = await readFile(engineZip); // a Node Buffer, which Pyodide does not accept as is
  pyodide.unpackArchive(new Uint8Array(zip.buffer, zip.byteOffset, zip.byteLength), "zip", { extractDir: ENGINE_DIR });
  pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(ENGINE_DIR)})`);
  // The harness gets a namespace of its own named "harness", so its `__main__` block (the CPython twin) stays idle.
  const harness = pyodide.globals.get("dict")();
  harness.set("__name__", "harness");
  pyodide.runPython(await readFile(path.join(HERE, "harness.py"), "utf8"), { globals: harness });
  return { pyodide, harness, startupMs: performance.now() - started };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const source = await readInput(options.file);
  const { pyodide, harness, startupMs } = await startPyodide(options.engineZip);
  process.stderr.write(`runner.mjs: Pyodide ${pyodide.version} + numpy + engine ready in ${startupMs.toFixed(0)} ms\n`);
  // Python's own JSON text goes to stdout untouched, so 1.0 stays a float and
  // every digit survives; JS never re-serialises a number.
  if (options.batch) {
    JSON.parse(source); // fail early, in JS, on malformed input
    const results = harness.get("run_batch")(source);
    const meta = `"remote_fetches": ${JSON.stringify(remoteFetches)}, "startup_ms": ${startupMs}`;
    process.stdout.write(`{"results": ${results}, ${meta}}\n`);
  } else {
    harness.set("snippet_source", source);
    const [ok, text] = pyodide
      .runPython("_o = run_snippet(snippet_source)\n('ok' in _o, json.dumps(_o['ok']) if 'ok' in _o else _o['error'])",
                 { globals: harness })
      .toJs();
    if (ok) process.stdout.write(text + "\n");
    else {
      process.stderr.write(text);
      process.exitCode = 1;
    }
  }
  harness.destroy();
  if (remoteFetches.length) {
    process.stderr.write(`runner.mjs: remote fetches were attempted: ${remoteFetches.join(", ")}\n`);
    process.exitCode = 3;
  }
}

main().catch((error) => {
  process.stderr.write(`runner.mjs: ${error.stack || error}\n`);
  process.exit(2);
});
