// Rebuild Pyodide's snapshot from a sparse one with the worker's own decoder (static/js/snapshot-restore.js's
// sparseSnapshot), for tests/app/test_sparse_snapshot.py.
//
//   node tests/pyodide/decode-snapshot.mjs SPARSE.bin OUT.bin   → writes OUT, prints {memoryStart, freshLength}
// A file the decoder refuses: its reason on stderr, exit status 1.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
await import(pathToFileURL(path.join(ROOT, "static", "js", "snapshot-restore.js")).href);
const [sparse, out] = process.argv.slice(2);
let decoded;
try {
  decoded = globalThis.nnbookSnapshot.sparseSnapshot(readFileSync(sparse));
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
writeFileSync(out, decoded.snapshot);
console.log(JSON.stringify({ memoryStart: decoded.memoryStart, freshLength: decoded.freshLength }));
