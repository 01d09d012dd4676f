// numpy inside the interpreter snapshot: its compiled extension modules brought back with the memory.
//
// A Pyodide memory snapshot (scripts/pyodide-snapshot.mjs) holds the WebAssembly memory only. numpy's
// extension modules (.so files, "side modules") are separate WebAssembly instances whose functions live
// in the shared function table, and neither is memory. The snapshot maker imports numpy through
// Python's own dlopen and records, per .so in load order, where emscripten put it: its memory base and
// size, its table base and size, and the dlopen handle (read from emscripten's `struct dso`), with the
// function table's length and the GOT entries the loads created.
//
// On restore the worker instantiates the same .so files again at exactly those bases — emscripten's
// loadWebAssemblyModule takes them from a dso handle whose "already allocated" flag is set — in the
// same order, right after Pyodide has created its module and before it copies the snapshot into memory.
// The copy then overwrites whatever instantiating wrote (data segments, relocations, constructors), so
// memory is the snapshot's exactly, and the table and GOT are the maker's again: checked entry count
// and GOT values, else the boot falls back to the normal way. Each library is registered as
// emscripten's dlopen would (LDSO by name and by the handle C holds), so a later dlopen finds it.
//
// A classic script: the worker loads it with importScripts, Node (the maker, the tests) imports it; both
// then find it as globalThis.nnbookSnapshot.
"use strict";
(function (root) {
  const DSO_FLAGS = 4, DSO_ALLOCATED = 8, DSO_MEM_ADDR = 12, DSO_MEM_SIZE = 16, DSO_TABLE_ADDR = 20, DSO_TABLE_SIZE = 24;
  const DSO_FILE_DATA = 28, DSO_FILE_DATA_SIZE = 32;
  const DSO_HEADER = 40; // emscripten's struct dso up to its name (system/lib/libc/dynlink.c)
  const RTLD_GLOBAL = 256, RTLD_NODELETE = 4096;
  const RESERVED_TABLE_SLOTS = 16; // (maker) empty function-table slots left before numpy's libraries

  // A zip's members, name → bytes: stored ones as views into `bytes` (nothing copied), deflated ones
  // only when `inflate` (then asynchronously, by the platform's DecompressionStream: a Promise of the Map).
  function zipMembers(bytes, inflate = false) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let end = bytes.length - 22;
    while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
    if (end < 0) throw new Error("not a zip file");
    const members = new Map();
    const decoder = new TextDecoder();
    let at = view.getUint32(end + 16, true);
    for (let i = view.getUint16(end + 10, true); i > 0; i--) {
      if (view.getUint32(at, true) !== 0x02014b50) throw new Error("a damaged zip (central directory)");
      const nameLength = view.getUint16(at + 28, true);
      const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
      const method = view.getUint16(at + 10, true);
      if (method !== 0 && !(inflate && method === 8)) throw new Error(`${name} is compressed in the zip; a stored one is needed`);
      const local = view.getUint32(at + 42, true);
      const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
      const data = bytes.subarray(start, start + view.getUint32(at + 20, true));
      members.set(name, method === 0 ? data : inflateRaw(data));
      at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    if (!inflate) return members;
    return Promise.all(members.values()).then((all) => new Map([...members.keys()].map((name, i) => [name, all[i]])));
  }
  const storedZipMembers = (bytes) => zipMembers(bytes);

  // A deflated member inflated by the platform. Its bytes are handed to the DecompressionStream in a
  // ReadableStream made here, not through a Blob: each Blob is registered with the browser process (a
  // round trip), which for the engine's 176 members cost more than the inflating.
  function inflateRaw(data) {
    const source = new ReadableStream({ start(controller) { controller.enqueue(data); controller.close(); } });
    return new Response(source.pipeThrough(new DecompressionStream("deflate-raw"))).arrayBuffer().then((b) => new Uint8Array(b));
  }

  // Write the members into Pyodide's file system under `dir` (file system calls only: no Python runs).
  // Each file keeps its bytes as given (canOwn: no copy), views into the downloaded zip.
  function writeMembers(FS, dir, members) {
    const made = new Set();
    for (const [name, data] of members) {
      if (name.endsWith("/")) continue;
      const path = `${dir}/${name}`;
      const parent = path.slice(0, path.lastIndexOf("/"));
      if (!made.has(parent)) { FS.mkdirTree(parent); made.add(parent); }
      FS.writeFile(path, data, { canOwn: true });
    }
  }

  // (Maker) every library dlopen has loaded, in load order, with where it lies.
  function loadedDynlibs(M) {
    const handles = new Map(Object.entries(M.LDSO.loadedLibsByHandle).map(([handle, dso]) => [dso, Number(handle)]));
    const libs = [];
    for (const [path, dso] of Object.entries(M.LDSO.loadedLibsByName)) {
      if (path === "__main__") continue;
      const handle = handles.get(dso);
      if (!handle || !M.HEAP8[handle + DSO_ALLOCATED]) throw new Error(`${path} was not loaded through dlopen`);
      const word = (offset) => M.HEAPU32[(handle + offset) >> 2];
      libs.push({ path, handle, flags: word(DSO_FLAGS), memoryBase: word(DSO_MEM_ADDR), memorySize: word(DSO_MEM_SIZE),
        tableBase: word(DSO_TABLE_ADDR), tableSize: word(DSO_TABLE_SIZE) });
    }
    libs.forEach((lib, i) => {
      if (i && lib.tableBase < libs[i - 1].tableBase + libs[i - 1].tableSize) throw new Error(`${lib.path}: not in load order`);
    });
    return libs;
  }

  // (Maker) dlopen keeps each library's file in memory (struct dso's file_data), needed only to load it:
  // freed, it is 7 MB less in the snapshot (the worker has the files from numpy's zip anyway).
  function freeDynlibFiles(M, libs) {
    for (const { handle } of libs) {
      const data = M.HEAPU32[(handle + DSO_FILE_DATA) >> 2];
      if (data) M._free(data);
      M.HEAPU32[(handle + DSO_FILE_DATA) >> 2] = 0;
      M.HEAPU32[(handle + DSO_FILE_DATA_SIZE) >> 2] = 0;
    }
  }

  // A side module's data: the bytes of its one data segment, which instantiation lays at its memory base
  // (offset `global.get __memory_base`); null for a module of another shape.
  function dataSegment(bytes) {
    let at = 8;
    const leb = () => { let value = 0, scale = 1, byte; do { byte = bytes[at++]; value += (byte & 127) * scale; scale *= 128; } while (byte & 128); return value; };
    while (at < bytes.length) {
      const id = bytes[at++];
      const end = leb() + at;
      if (id === 11) {
        if (leb() !== 1 || leb() !== 0 || bytes[at++] !== 0x23) return null; // one active segment, at a global
        leb();
        if (bytes[at++] !== 0x0b) return null;
        const length = leb();
        return bytes.subarray(at, at + length);
      }
      at = end;
    }
    return null;
  }

  // Each library's memory in the snapshot is XOR'ed with its data segment (maker), and back (restore):
  // the data that loading laid down and nothing changed since becomes zeros, as for the interpreter's
  // own static data. `memory` is the snapshot's memory; `files` each library's bytes, in order.
  function xorDataSegments(memory, libs, files) {
    libs.forEach((lib, i) => {
      if (!lib.xorData) return;
      const segment = dataSegment(files[i]);
      if (!segment || segment.length > lib.memorySize) throw new Error(`${lib.path}: its data segment is not the recorded one`);
      const region = memory.subarray(lib.memoryBase, lib.memoryBase + segment.length);
      for (let k = 0; k < segment.length; k++) region[k] ^= segment[k];
    });
  }

  function gotValues(M) {
    return Object.fromEntries(Object.entries(M.GOT).map(([name, global]) => [name, global.value]));
  }

  function sha256Hex(bytes) {
    return crypto.subtle.digest("SHA-256", bytes).then((digest) =>
      Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join(""));
  }

  // (Restore) the manifest's libraries from the numpy zip's members: checked and compiled, in order.
  // `sitePackages` is the prefix the manifest's paths start with.
  async function compileDynlibs(manifest, members, sitePackages) {
    return Promise.all(manifest.libs.map(async (lib) => {
      const name = lib.path.startsWith(sitePackages + "/") ? lib.path.slice(sitePackages.length + 1) : null;
      const bytes = name && members.get(name);
      if (!bytes) throw new Error(`${lib.path} is not in numpy's zip`);
      if (bytes.length !== lib.size || (await sha256Hex(bytes)) !== lib.sha256) throw new Error(`${name} is not the one the snapshot loaded`);
      return { bytes, module: await WebAssembly.compile(bytes) };
    }));
  }

  // (Restore) instantiate the libraries at their recorded bases, on a module Pyodide has just created
  // (memory not yet restored). Throws, saying what does not line up, when anything differs.
  function preloadDynlibs(M, manifest, modules) {
    // The maker left empty slots before numpy's first library (RESERVED_TABLE_SLOTS): a browser's start-up
    // may add a function or two that Node's does not (Pyodide's argument-count helper needs wasm GC);
    // the snapshot's memory refers to none of them, so the slots up to numpy's are filled with nulls.
    const table = M.wasmTable;
    const first = manifest.libs[0];
    if (first && table.length > first.tableBase) {
      throw new Error(`the function table has ${table.length} entries, numpy's first library was at ${first.tableBase}`);
    }
    if (first) table.grow(first.tableBase - table.length);
    // emscripten resolves, after each library it loads, every GOT entry still 0 (reportUndefinedSymbols),
    // reading the whole GOT each time: with numpy's libraries that was ~40 ms of every warm boot. Loaded
    // with allowUndefined, each library is followed by the same resolution, in the same order (which
    // decides the table slots addFunction gives), but over the entries still 0 only.
    const pending = new Set();
    let seen = 0;
    const resolveUndefined = () => {
      const names = Object.keys(M.GOT);
      for (; seen < names.length; seen++) if (M.GOT[names[seen]].value == 0) pending.add(names[seen]);
      for (const name of pending) {
        const entry = M.GOT[name];
        if (entry.value != 0) { pending.delete(name); continue; }
        const value = M.resolveGlobalSymbol(name, true).sym;
        if (!value && !entry.required) continue;
        if (typeof value === "function") entry.value = M.addFunction(value, value.sig);
        else if (typeof value === "number") entry.value = value;
        else throw new Error(`bad export type for '${name}': ${typeof value}`);
        pending.delete(name);
      }
    };
    const stack = M.stackSave();
    try {
      const handle = M.stackAlloc(DSO_HEADER);
      manifest.libs.forEach((lib, i) => {
        const metadata = M.getDylinkMetadata(modules[i]);
        if (metadata.neededDynlibs.length || metadata.memorySize > lib.memorySize || metadata.tableSize !== lib.tableSize) {
          throw new Error(`${lib.path}: its size or needs differ from the snapshot's`);
        }
        M.HEAPU8.fill(0, handle, handle + DSO_HEADER);
        const word = (offset, value) => { M.HEAPU32[(handle + offset) >> 2] = value; };
        word(DSO_FLAGS, lib.flags);
        M.HEAP8[handle + DSO_ALLOCATED] = 1; // "memory and table already allocated": take the bases below
        word(DSO_MEM_ADDR, lib.memoryBase); word(DSO_MEM_SIZE, lib.memorySize);
        word(DSO_TABLE_ADDR, lib.tableBase); word(DSO_TABLE_SIZE, lib.tableSize);
        const global = Boolean(lib.flags & RTLD_GLOBAL);
        const nodelete = Boolean(lib.flags & RTLD_NODELETE);
        const exports = M.loadWebAssemblyModule(modules[i], { global, nodelete, loadAsync: false, allowUndefined: true },
          lib.path, global ? null : {}, handle);
        resolveUndefined();
        // What emscripten's loadDynamicLibrary records for a dlopen'ed library, under the handle C keeps.
        const dso = M.newDSO(lib.path, lib.handle, exports);
        dso.refcount = nodelete ? Infinity : 1;
        dso.global = global;
        if (global) M.mergeLibSymbols(exports, lib.path);
      });
    } finally {
      M.stackRestore(stack);
    }
    if (table.length !== manifest.tableLength) {
      throw new Error(`the function table ended with ${table.length} entries, the snapshot's with ${manifest.tableLength}`);
    }
    for (const [name, value] of Object.entries(manifest.got)) {
      if (!M.GOT[name] || M.GOT[name].value !== value) throw new Error(`the GOT entry ${name} differs from the snapshot's`);
    }
  }

  // Wrap Pyodide's module factory (pyodide.asm.js, already loaded) so that the new module is
  // instantiated from `wasm` (a Promise of pyodide.asm.wasm compiled ahead, while the snapshot
  // downloaded), the fresh memory's first `freshLength` bytes kept the moment it exists (before its
  // constructors run: the snapshot is XOR'ed with them), numpy's libraries instantiated the moment the
  // module exists, and Pyodide's restore of the memory replaced: Pyodide still checks the snapshot's
  // header and reads its JSON, but the memory is written here, page by page, straight from the sparse
  // file (writePages) with the libraries' data XOR'ed back, instead of copying a dense 36 MB image.
  // `sparse`: a Promise of readSparse's result. Returns the unwrap.
  function restoreDynlibsOnCreate(prepared, sparse, wasm) {
    const original = root._createPyodideModule;
    if (typeof original !== "function") throw new Error("pyodide.asm.js is not loaded");
    root._createPyodideModule = async (settings) => {
      // A wasm that does not compile or instantiate never calls `receive`: the restore fails instead of
      // waiting for ever.
      let failed = null;
      const failure = new Promise((resolve, reject) => { failed = reject; });
      failure.catch(() => {});
      let fresh = null;
      settings.instantiateWasm = (imports, receive) => {
        Promise.all([wasm, sparse]).then(async ([compiled, { freshLength }]) => {
          const instance = await WebAssembly.instantiate(compiled, imports);
          mark("wasm instantiated");
          const memory = imports.env && imports.env.memory;
          if (!(memory instanceof WebAssembly.Memory)) throw new Error("Pyodide's module imports no memory to restore into");
          fresh = new Uint8Array(memory.buffer, 0, Math.min(freshLength, memory.buffer.byteLength)).slice(); // before receive runs its constructors
          receive(instance, compiled);
        }).catch(failed);
        return {};
      };
      const module = await Promise.race([original(settings), failure]);
      const [{ manifest, compiled }, pages] = await Promise.all([prepared, sparse]);
      preloadDynlibs(module, manifest, compiled.map((c) => c.module));
      mark("numpy libs placed");
      const api = settings.API;
      const restoreHeader = api && api.restoreSnapshot;
      if (typeof restoreHeader !== "function") throw new Error("this Pyodide has no API.restoreSnapshot to take over");
      api.restoreSnapshot = (snapshot) => {
        // Pyodide's own: checks the magic number and build id, returns the JSON; given the header only,
        // it copies no memory.
        const state = restoreHeader(snapshot.subarray(0, pages.start));
        writePages(pages, module.HEAPU8, fresh);
        xorDataSegments(module.HEAPU8, manifest.libs, compiled.map((c) => c.bytes));
        fresh = null;
        return state;
      };
      return module;
    };
    return () => { root._createPyodideModule = original; };
  }

  // (Maker) leave the empty slots, before the first dlopen.
  function reserveTableSlots(M) {
    M.wasmTable.grow(RESERVED_TABLE_SLOTS);
    return M.wasmTable.length;
  }

  // Pyodide's start-up records in Python's runtime state a helper that lets C calls through function
  // pointers skip a JavaScript trampoline (it needs wasm GC: a browser has it, the Node that made the
  // snapshot did not). The restore brings back the maker's "no helper"; this module's own is set again.
  function restoreCountArgsHelper(M) {
    const offset = M.HEAP32[M.__PyEM_EMSCRIPTEN_COUNT_ARGS_OFFSET >> 2];
    M.HEAP32[(M.__PyRuntime + offset) >> 2] = M._PyEM_CountArgsPtr || 0;
  }

  // The snapshot as downloaded (app/sparse_snapshot.py): a header, Pyodide's header, one bit per 4 KiB page
  // of memory, then only the pages that are not all zeros (XOR'ed with a fresh instance's memory below
  // `freshLength`). readSparse checks it and finds its runs of stored pages; writePages writes them into
  // a memory. A file whose header, index and length do not agree, or that holds no Pyodide snapshot, is
  // refused with the reason (the worker then boots the normal way). Pyodide sizes the new instance's
  // memory by the snapshot's length before it checks it, and a wrong size makes it wait for ever: so its
  // shape is checked here first.
  const SPARSE_MAGIC = 0x53534e4e, SPARSE_VERSION = 1, SPARSE_HEADER = 32, PAGE = 4096;
  const PYODIDE_MAGIC = 1886286592, WASM_PAGE = 65536;
  const padded = (n) => (n + 3) & ~3;
  const mark = (name) => { if (root.nnbookMark) root.nnbookMark(name); }; // the worker's boot timeline
  function readSparse(data) {
    let bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    if (bytes.byteLength < SPARSE_HEADER + 16) throw new Error(`${bytes.byteLength} bytes is no interpreter snapshot`);
    if (bytes.byteOffset % 4) bytes = bytes.slice(); // its pages are XOR'ed four bytes at a time
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const [magic, version, length, start, page, pages, count, freshLength] =
      Array.from({ length: 8 }, (_, i) => view.getUint32(4 * i, true));
    if (magic !== SPARSE_MAGIC) throw new Error("not a sparse interpreter snapshot (magic number)");
    if (version !== SPARSE_VERSION) throw new Error(`sparse snapshot version ${version}; this worker reads ${SPARSE_VERSION}`);
    if (page !== PAGE || length !== start + pages * PAGE || (pages * PAGE) % WASM_PAGE || freshLength > pages * PAGE
        || freshLength % PAGE || count > pages) throw new Error("its header's sizes do not agree");
    const indexAt = SPARSE_HEADER + padded(start);
    const pagesAt = indexAt + padded((pages + 7) >> 3);
    if (bytes.byteLength !== pagesAt + count * PAGE) {
      throw new Error(`${bytes.byteLength} bytes where its header says ${pagesAt + count * PAGE} (truncated?)`);
    }
    if (view.getUint32(SPARSE_HEADER, true) !== PYODIDE_MAGIC) throw new Error("it holds no Pyodide snapshot (magic number)");
    const stored = (p) => (bytes[indexAt + (p >> 3)] >> (p & 7)) & 1;
    const runs = []; // [first page, end page, where its bytes are in the file]
    let at = pagesAt;
    for (let p = 0; p < pages; p++) {
      if (!stored(p)) continue;
      let end = p + 1;
      while (end < pages && stored(end)) end++;
      runs.push([p, end, at]);
      at += (end - p) * PAGE;
      p = end;
    }
    if (at !== bytes.byteLength) throw new Error("its index does not count the pages it holds");
    return { bytes, header: bytes.subarray(SPARSE_HEADER, SPARSE_HEADER + start), length, start, pages, runs, freshLength };
  }

  // The snapshot's memory written into `memory` (a Uint8Array from offset 0, at least its pages long):
  // where `fresh` (the first bytes of a fresh instance's memory, before its constructors ran) reaches,
  // a page not stored is fresh's and a stored one is XOR'ed with fresh's; past it, a page not stored is
  // zeros and a stored one is copied. With `fresh` null: the snapshot's pages as stored (still XOR'ed).
  function writePages({ bytes, pages, runs, freshLength }, memory, fresh) {
    const size = pages * PAGE;
    if (memory.byteLength < size) throw new Error(`a memory of ${memory.byteLength} bytes cannot hold the snapshot's ${size}`);
    const xorEnd = fresh ? Math.min(fresh.byteLength, freshLength) & ~3 : 0;
    if (xorEnd) memory.set(fresh.subarray(0, xorEnd));
    const memory32 = xorEnd ? new Uint32Array(memory.buffer, memory.byteOffset, xorEnd >> 2) : null;
    let from = 0; // the end of the last run: pages between runs are not stored
    const zerosBetween = (a, b) => { if (b > Math.max(a, xorEnd)) memory.fill(0, Math.max(a, xorEnd), b); };
    for (const [first, end, at] of runs) {
      zerosBetween(from, first * PAGE);
      const begin = first * PAGE, stop = end * PAGE;
      const split = Math.min(Math.max(begin, xorEnd), stop); // XOR'ed below, copied from here
      if (split > begin) {
        const saved = new Uint32Array(bytes.buffer, bytes.byteOffset + at, (split - begin) >> 2);
        for (let i = 0, k = begin >> 2; i < saved.length; i++, k++) memory32[k] ^= saved[i];
      }
      if (stop > split) memory.set(bytes.subarray(at + split - begin, at + stop - begin), split);
      from = stop;
    }
    zerosBetween(from, size);
  }

  // Pyodide's snapshot rebuilt whole (its header, then its memory still XOR'ed): for the tests, which compare
  // it byte for byte with the maker's (tests/pyodide/decode-snapshot.mjs).
  function sparseSnapshot(data) {
    const sparse = readSparse(data);
    const snapshot = new Uint8Array(sparse.length);
    snapshot.set(sparse.header);
    writePages(sparse, snapshot.subarray(sparse.start), null);
    return { snapshot, memoryStart: sparse.start, freshLength: sparse.freshLength };
  }

  // (Restore) numpy's files and the manifest of its libraries, downloaded beside the snapshot: its
  // libraries checked and compiled (while the snapshot still downloads).
  async function prepareNumpy(manifest, zipBytes) {
    const [dynlibs, bytes] = await Promise.all([manifest, zipBytes]);
    mark("numpy zip in");
    const members = storedZipMembers(new Uint8Array(bytes));
    const compiled = await compileDynlibs(dynlibs, members, dynlibs.sitePackages);
    mark("numpy libs compiled");
    return { manifest: dynlibs, members, compiled };
  }

  // After a restore, Python is the one of the snapshot: its zip importers hold the table of contents of
  // the maker's standard library, not of the zip installed now. Reading the new one (zipimport's
  // _read_directory, pure Python) took 30-100 ms of every boot, though a chapter's figures import no
  // module from it: so each importer gets a table that reads the installed zip at its first use
  // (zipimport only asks it `[]` and `in`). Importers are found in the path cache and as modules'
  // loaders. Directory finders forget what they listed (numpy's files were written anew), and the
  // `random` module, seeded when the snapshot was made, is seeded anew so readers do not share a sequence.
  const AFTER_RESTORE = `
def _nnbook_after_restore():
    import sys, zipimport

    class TableOfContents(dict):
        """A zip's table of contents, read from the zip at its first use."""
        def _read(self):
            archive = self.__dict__.pop("archive", None)
            if archive is not None:
                dict.update(self, zipimport._read_directory(archive))
        def __getitem__(self, key):
            self._read(); return dict.__getitem__(self, key)
        def __contains__(self, key):
            self._read(); return dict.__contains__(self, key)
        def get(self, key, default=None):
            self._read(); return dict.get(self, key, default)
        def __iter__(self):
            self._read(); return dict.__iter__(self)
        def __len__(self):
            self._read(); return dict.__len__(self)
        def keys(self):
            self._read(); return dict.keys(self)
        def items(self):
            self._read(); return dict.items(self)
        def values(self):
            self._read(); return dict.values(self)

    tables = {}
    for archive in list(zipimport._zip_directory_cache):
        table = tables[archive] = zipimport._zip_directory_cache[archive] = TableOfContents()
        table.archive = archive
    def renew(importer):
        if isinstance(importer, zipimport.zipimporter) and importer.archive in tables:
            importer._files = tables[importer.archive]
    for finder in list(sys.path_importer_cache.values()):
        if isinstance(finder, zipimport.zipimporter):
            renew(finder)
        elif type(finder).__name__ == "FileFinder":
            finder.invalidate_caches()
    for module in list(sys.modules.values()):
        renew(getattr(module, "__loader__", None))
        renew(getattr(getattr(module, "__spec__", None), "loader", None))
    if "random" in sys.modules:
        sys.modules["random"].seed()
_nnbook_after_restore()
del _nnbook_after_restore
`;

  // Python source run by the boot: compiled and run by Python's own exec, in __main__'s namespace.
  // pyodide.runPython (eval_code) parses it to an AST of Python objects and compiles that back, machinery
  // that costs ~30 ms of CPU for the code below (measured under Node; more on a loaded machine), for no
  // gain here: the boot needs no value back.
  function execPython(pyodide, source) {
    const exec = pyodide.globals.get("exec");
    try {
      exec(source, pyodide.globals);
    } finally {
      exec.destroy();
    }
  }

  // Python restored from the snapshot, numpy in it: what the worker and tests/pyodide/restore-snapshot.mjs
  // both do. `download`: a Promise of the snapshot's bytes (null: not downloaded); `numpy`: prepareNumpy's
  // Promise; `options`: loadPyodide's, with the standard library installed beside the snapshot; `wasm`:
  // a Promise of pyodide.asm.wasm compiled (restoreDynlibsOnCreate).
  // pyodide.asm.js must be loaded. Throws, Pyodide's factory unwrapped, when anything does not line up.
  async function restoreSnapshot(loadPyodide, options, download, numpy, wasm) {
    const sparse = Promise.resolve(download).then((bytes) => {
      if (!bytes) throw new Error("the snapshot could not be downloaded");
      const read = readSparse(bytes);
      mark("snapshot read");
      return read;
    });
    sparse.catch(() => {}); // rejected before loadPyodide awaits it: not an "uncaught" error
    const unwrapCreate = restoreDynlibsOnCreate(numpy, sparse, wasm);
    // What loadPyodide is given: an array as long as Pyodide's snapshot (it sizes the memory by it), with
    // Pyodide's header; its memory part is never written nor read (zeros the system gives lazily).
    const header = sparse.then(({ header, length }) => { const snapshot = new Uint8Array(length); snapshot.set(header); return snapshot; });
    try {
      const pyodide = await loadPyodide({ ...options, _loadSnapshot: header });
      mark("memory restored");
      restoreCountArgsHelper(pyodide._module);
      const { manifest, members } = await numpy;
      writeMembers(pyodide.FS, manifest.sitePackages, members);
      pyodide.loadedPackages.numpy = "default channel"; // so a loadPackage("numpy") does not load it again
      execPython(pyodide, AFTER_RESTORE);
      mark("after restore run");
      return pyodide;
    } finally {
      unwrapCreate();
    }
  }

  root.nnbookSnapshot = { execPython, restoreCountArgsHelper, reserveTableSlots, zipMembers, storedZipMembers, writeMembers,
    loadedDynlibs, freeDynlibFiles, gotValues, sha256Hex, compileDynlibs, dataSegment, xorDataSegments, preloadDynlibs,
    restoreDynlibsOnCreate, readSparse, writePages, sparseSnapshot, prepareNumpy, restoreSnapshot, PAGE };
})(globalThis);
