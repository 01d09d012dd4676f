// A memory snapshot of the started Pyodide interpreter, for app/interpreter_snapshot.py (make vendor).
//
//   node scripts/pyodide-snapshot.mjs OUT.bin [--numpy=STORED_WHEEL] [--strip-docstrings=PACKAGE] [MODULE ...]
//
// Boots the vendored Pyodide under Node with Pyodide's experimental `_makeSnapshot`, imports the
// MODULEs (standard library, and numpy's when --numpy puts its stored wheel into site-packages: their
// bytecode and initialised state then come with the snapshot instead of being made in the browser),
// and writes
// `pyodide.makeMemorySnapshot()` — the interpreter's whole WebAssembly memory — in a form that
// compresses well (static/js/snapshot-restore.js undoes it):
//
// * Free memory is zeroed first. Pyodide's CPython allocates every object with malloc (it has no
//   pymalloc), so malloc'ing every free block, zeroing it and freeing it again leaves only live data.
// * The memory is XOR'ed with the memory a fresh instance of pyodide.asm.wasm starts with (its data
//   segments, captured when Node instantiates it). Static data the start-up did not change becomes
//   zeros; the worker XORs it back with its own fresh instance before Pyodide restores it.
// app/interpreter_snapshot.py then leaves out the pages of zeros (app/sparse_snapshot.py).
//
// What a snapshot cannot hold: JavaScript objects (none is referenced at this point: Pyodide checks),
// the file system (JavaScript-side; the worker installs the same standard library and numpy's files),
// and dynamically loaded extension modules (numpy's .so files): for those the report's `dynlibs` says
// where each one lay, and static/js/snapshot-restore.js instantiates them there again before the restore.
// The zip importer's table of contents of the standard library is shared by all its importers; the
// worker re-reads it from the zip it installed, so a snapshot does not tie the worker to one zip: it
// installs one without the files already imported here (printed as stdlib_read).
// State fixed at this moment is shared by every restored interpreter: the str-hash secret (harmless in a
// reader's own tab) and the `random` module's seed (the worker reseeds it after the restore).
import { readFileSync, writeFileSync, renameSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const INDEX_DIR = path.join(ROOT, "static", "vendor", "pyodide") + path.sep;
const [out, ...rest] = process.argv.slice(2);
const numpyWheel = rest.filter((a) => a.startsWith("--numpy=")).map((a) => a.slice(8))[0];
const engineZip = rest.filter((a) => a.startsWith("--engine=")).map((a) => a.slice(9))[0];
const stripDocstrings = rest.filter((a) => a.startsWith("--strip-docstrings=")).map((a) => a.slice(19));
const modules = rest.filter((a) => !a.startsWith("--"));
if (!out) {
  console.error("usage: pyodide-snapshot.mjs OUT.bin [--numpy=STORED_WHEEL] [--strip-docstrings=PACKAGE] [MODULE ...]");
  process.exit(2);
}

// The memory as instantiation left it (data segments applied, nothing run yet).
let fresh = null;
for (const name of ["instantiate", "instantiateStreaming"]) {
  const original = WebAssembly[name];
  WebAssembly[name] = async (source, imports) => {
    const result = await original(source, imports);
    const memory = imports && imports.env && imports.env.memory;
    if (memory instanceof WebAssembly.Memory && fresh === null) fresh = new Uint8Array(memory.buffer).slice();
    return result;
  };
}

const { loadPyodide } = await import(pathToFileURL(path.join(INDEX_DIR, "pyodide.mjs")).href);
const log = (line) => process.stderr.write(`${line}\n`);
// A fixed str-hash secret (it is shared by every restored interpreter anyway): the same inputs make the
// same snapshot, so its size on the wire does not change from one make to the next (by ~20 KB otherwise).
const pyodide = await loadPyodide({ indexURL: INDEX_DIR, _makeSnapshot: true, stdout: log, stderr: log,
  env: { PYTHONHASHSEED: "0" } });
if (fresh === null) throw new Error("could not capture the fresh WebAssembly memory (did Pyodide change how it instantiates?)");
const M = pyodide._module;
const sitePackages = pyodide._api.sitePackages;
// Zip reading and numpy's GOT and table bookkeeping, shared with the worker (globalThis.nnbookSnapshot),
// loaded once Pyodide has started, as the worker does.
await import(pathToFileURL(path.join(ROOT, "static", "js", "snapshot-restore.js")).href);

// numpy's files go where loadPackage would put them; Python's imports then dlopen its .so files.
let numpy = null;
if (numpyWheel) {
  const members = globalThis.nnbookSnapshot.storedZipMembers(new Uint8Array(readFileSync(numpyWheel)));
  globalThis.nnbookSnapshot.writeMembers(pyodide.FS, sitePackages, members);
  numpy = { members, got: globalThis.nnbookSnapshot.gotValues(M), table: globalThis.nnbookSnapshot.reserveTableSlots(M) };
}

// The book's engine (app/engine_bundle.py's zip) where the worker puts it, importable first: the MODULEs
// may then name its modules, whose initialised state comes with the snapshot. The worker imports them
// again when the engine it downloads is not this one (the report's engine_sha256).
const ENGINE_DIR = "/home/pyodide/nnbook"; // static/js/worker.js's
let engineSha256 = null;
if (engineZip) {
  const bytes = new Uint8Array(readFileSync(engineZip));
  engineSha256 = await globalThis.nnbookSnapshot.sha256Hex(bytes);
  globalThis.nnbookSnapshot.writeMembers(pyodide.FS, ENGINE_DIR, await globalThis.nnbookSnapshot.zipMembers(bytes, true));
  pyodide.runPython(`import sys; sys.path.insert(0, "${ENGINE_DIR}")`);
}

const STRIP_DOCSTRINGS = `
def _nnbook_strip_docstrings(prefix):
    """numpy without its Python docstrings, as under python -OO (which numpy supports)."""
    import dis, sys, types
    zero_loads = lambda code: any(i.opcode in dis.hasconst and i.arg == 0 for i in dis.get_instructions(code))
    done = set()
    def strip(obj):
        if id(obj) in done:
            return
        done.add(id(obj))
        if isinstance(obj, (staticmethod, classmethod)):
            strip(obj.__func__)
        elif isinstance(obj, property):
            for f in (obj.fget, obj.fset, obj.fdel):
                if f is not None:
                    strip(f)
        elif isinstance(obj, types.FunctionType):
            code = obj.__code__
            obj.__doc__ = None
            # A docstring is the code's first constant, which no instruction loads (a decorator may have
            # given the function a copy as __doc__: the original stays there all the same).
            if code.co_consts and isinstance(code.co_consts[0], str) and not zero_loads(code):
                obj.__code__ = code.replace(co_consts=(None,) + code.co_consts[1:])
        elif hasattr(obj, "_implementation"):  # numpy's array-function dispatchers
            strip(obj._implementation)
            try:
                obj.__doc__ = None
            except (AttributeError, TypeError):
                pass
        elif isinstance(obj, type) and obj.__module__.startswith(prefix) and obj.__flags__ & (1 << 9):  # a heap type
            try:
                obj.__doc__ = None
            except (AttributeError, TypeError):
                pass
            for value in list(vars(obj).values()):
                strip(value)
    for name, module in list(sys.modules.items()):
        if name == prefix or name.startswith(prefix + "."):
            module.__doc__ = None
            for value in list(vars(module).values()):
                if getattr(value, "__module__", None) and str(value.__module__).startswith(prefix):
                    strip(value)
`;

// Python only ever sees the module names as a string literal: a JavaScript object it held would be
// a reference the snapshot cannot carry.
// --strip-docstrings=PACKAGE: that package's Python docstrings are dropped once it is imported, as
// under python -OO (which numpy supports): text no figure shows, and bytes on every reader's wire.
const imported = pyodide.runPython(`${STRIP_DOCSTRINGS}
def _nnbook_prepare(names, strip):
    import gc, importlib, sys, zipimport
    for name in names:
        importlib.import_module(name)
    for package in strip:
        _nnbook_strip_docstrings(package)
    # Every zip importer shares the one table of contents the worker refreshes after the restore.
    for archive, toc in zipimport._zip_directory_cache.items():
        for importer in sys.path_importer_cache.values():
            if isinstance(importer, zipimport.zipimporter) and importer.archive == archive:
                importer._files = toc
    gc.collect()
    # The files Python has read (standard library, site-packages): the worker's zips can do without them.
    def read(prefix):
        return sorted({f[len(prefix):] for m in list(sys.modules.values())
                       if isinstance(f := getattr(m, "__file__", None), str) and f.startswith(prefix)})
    import json
    return json.dumps({"modules": len(sys.modules), "stdlib": read("/lib/python312.zip/"),
                       "site_packages": read(${JSON.stringify(sitePackages + "/")})})
_nnbook_report = _nnbook_prepare(${JSON.stringify(modules)}, ${JSON.stringify(stripDocstrings)})
del _nnbook_prepare, _nnbook_strip_docstrings
_nnbook_report
`);
pyodide.runPython("del _nnbook_report; import gc; gc.collect()");
const { modules: moduleCount, stdlib: stdlibRead, site_packages: sitePackagesRead } = JSON.parse(imported);

// Where numpy's .so files lie (memory, function table, dlopen handle) and what their loading added to
// the GOT: the worker instantiates them there again (static/js/snapshot-restore.js), or falls back.
let dynlibs = null;
if (numpy) {
  const libs = globalThis.nnbookSnapshot.loadedDynlibs(M);
  globalThis.nnbookSnapshot.freeDynlibFiles(M, libs);
  for (const lib of libs) {
    const bytes = numpy.members.get(lib.path.slice(sitePackages.length + 1));
    if (!lib.path.startsWith(sitePackages + "/") || !bytes) throw new Error(`${lib.path} is not numpy's`);
    Object.assign(lib, { size: bytes.length, sha256: await globalThis.nnbookSnapshot.sha256Hex(bytes) });
  }
  const got = Object.fromEntries(Object.entries(globalThis.nnbookSnapshot.gotValues(M))
    .filter(([name, value]) => numpy.got[name] !== value));
  dynlibs = { sitePackages, tableAtStart: numpy.table, tableLength: M.wasmTable.length, got, libs };
}

// Zero the free memory: take every free block malloc has (largest first), zero it, give it back.
// The footprint limit keeps malloc from growing the heap meanwhile: it returns 0 instead.
const blocks = [];
M._malloc_set_footprint_limit(M._malloc_footprint());
for (let size = 1 << 24; size >= 8; size >>= 1) {
  for (let block = M.___libc_malloc(size); block; block = M.___libc_malloc(size)) {
    M.HEAPU8.fill(0, block, block + size);
    blocks.push(block);
  }
}
for (const block of blocks) M._free(block);
M._malloc_set_footprint_limit(-1); // no limit again (SIZE_MAX)

const snapshot = pyodide.makeMemorySnapshot();
const header = new Uint32Array(snapshot.buffer, snapshot.byteOffset, 4)[1]; // where the memory starts
const memory = snapshot.subarray(header);
// The fresh memory has data (its data segments) only at its start: past freshLength (whole 4 KiB
// pages, app/sparse_snapshot.py's PAGE) it is zeros, and the worker XORs only that far back.
let freshLength = Math.min(memory.length, fresh.length);
while (freshLength > 0 && fresh[freshLength - 1] === 0) freshLength--;
freshLength = Math.ceil(freshLength / 4096) * 4096;
for (let i = 0; i < freshLength; i++) memory[i] ^= fresh[i];
if (dynlibs) {
  const files = dynlibs.libs.map((lib) => numpy.members.get(lib.path.slice(sitePackages.length + 1)));
  dynlibs.libs.forEach((lib, i) => {
    const segment = globalThis.nnbookSnapshot.dataSegment(files[i]);
    lib.xorData = Boolean(segment && segment.length <= lib.memorySize);
  });
  globalThis.nnbookSnapshot.xorDataSegments(memory, dynlibs.libs, files);
}
writeFileSync(`${out}.part`, snapshot);
renameSync(`${out}.part`, out);
// stdlib_read / site_packages_read: the files now in the snapshot, for app/interpreter_snapshot.py's smaller zips.
// fresh_length: for app/sparse_snapshot.py's header.
console.log(JSON.stringify({ bytes: snapshot.length, engine_sha256: engineSha256, fresh_length: freshLength, modules: Number(moduleCount), preimported: modules.length,
  zeroed: blocks.length, stdlib_read: stdlibRead, site_packages_read: sitePackagesRead, dynlibs }));
