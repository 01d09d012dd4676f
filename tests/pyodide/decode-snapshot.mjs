// Rebuild Pyodide's snapshot from a sparse one with the worker's own decoder (static/js/snapshot-restore.js's
// readSparse and writePages), for tests/app/test_sparse_snapshot.py.
//
//   node tests/pyodide/decode-snapshot.mjs SPARSE.bin OUT.bin   → writes OUT, prints {memoryStart, freshLength}
// A file the decoder refuses: its reason on stderr, exit status 1.
//
//   node tests/pyodide/decode-snapshot.mjs SPARSE.bin OUT.bin FRESH.bin
// writes into OUT the memory as the worker restores it: into a memory whose every byte is 0xAA (what
// constructors and libraries might have written), given FRESH, a fresh instance's first bytes.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
await import(pathToFileURL(path.join(ROOT, "static", "js", "snapshot-restore.js")).href);
const S = globalThis.nnbookSnapshot;
const [sparse, out, fresh] = process.argv.slice(2);
try {
  if (fresh) {
    const read = S.readSparse(readFileSync(sparse));
    const memory = new Uint8Array(read.pages * S.PAGE + 65536).fill(0xaa);
    S.writePages(read, memory, new Uint8Array(readFileSync(fresh)));
    writeFileSync(out, memory);
    console.log(JSON.stringify({ memoryStart: read.start, freshLength: read.freshLength }));
  } else {
    const decoded = S.sparseSnapshot(readFileSync(sparse));
    writeFileSync(out, decoded.snapshot);
    console.log(JSON.stringify({ memoryStart: decoded.memoryStart, freshLength: decoded.freshLength }));
  }
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
