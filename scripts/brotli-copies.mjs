// Brotli copies of vendored files, for scripts/vendor.py (Python's standard library has no brotli;
// Node, already needed for npm, has it built in).
//
//   node scripts/brotli-copies.mjs compress FILE...   writes FILE.br beside each (quality 11, 16 MiB window)
//   node scripts/brotli-copies.mjs sha256 FILE.br...  prints, per line, the sha256 of each one's decompressed bytes
//
// Quality 11 is slow (about a minute for pyodide.asm.wasm) but runs once per checkout, and
// the wasm then travels as 2.2 MB instead of gzip's 3.0 MB. Files are compressed in parallel
// (libuv's thread pool); each is written to FILE.br.part, then renamed.
import { createHash } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import zlib from "node:zlib";

const compress = promisify(zlib.brotliCompress);
const [mode, ...files] = process.argv.slice(2);

if (mode === "compress") {
  await Promise.all(files.map(async (file) => {
    const data = await readFile(file);
    const packed = await compress(data, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    });
    await writeFile(`${file}.br.part`, packed);
    await rename(`${file}.br.part`, `${file}.br`);
  }));
} else if (mode === "sha256") {
  for (const file of files) {
    let digest = "-";
    try { digest = createHash("sha256").update(zlib.brotliDecompressSync(await readFile(file))).digest("hex"); } catch { /* unreadable: "-" */ }
    console.log(digest);
  }
} else {
  console.error("usage: brotli-copies.mjs compress|sha256 FILE...");
  process.exit(2);
}
