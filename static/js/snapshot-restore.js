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
      members.set(name, method === 0 ? data : new Response(new Blob([data]).stream()
        .pipeThrough(new DecompressionStream("deflate-raw"))).arrayBuffer().then((b) => new Uint8Array(b)));
      at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    if (!inflate) return members;
    return Promise.all(members.values()).then((all) => new Map([...members.keys()].map((name, i) => [name, all[i]])));
  }
  const storedZipMembers = (bytes) => zipMembers(bytes);

  // Write the members into Pyodide's file system under `dir` (file system calls only: no Python runs).
  function writeMembers(FS, dir, members) {
    const made = new Set();
    for (const [name, data] of members) {
      if (name.endsWith("/")) continue;
      const path = `${dir}/${name}`;
      const parent = path.slice(0, path.lastIndexOf("/"));
      if (!made.has(parent)) { FS.mkdirTree(parent); made.add(parent); }
      FS.writeFile(path, data);
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
        const exports = M.loadWebAssemblyModule(modules[i], { global, nodelete, loadAsync: false }, lib.path,
          global ? null : {}, handle);
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

  // Wrap Pyodide's module factory (pyodide.asm.js, already loaded) so the libraries are instantiated
  // the moment the module exists, before loadPyodide restores the snapshot into it, and their data
  // XOR'ed back into the snapshot (`snapshot`: its bytes, as given to loadPyodide). Returns the unwrap.
  function restoreDynlibsOnCreate(prepared, snapshot) {
    const original = root._createPyodideModule;
    if (typeof original !== "function") throw new Error("pyodide.asm.js is not loaded");
    root._createPyodideModule = async (settings) => {
      const module = await original(settings);
      const [{ manifest, compiled }, bytes] = await Promise.all([prepared, snapshot]);
      preloadDynlibs(module, manifest, compiled.map((c) => c.module));
      const memory = bytes.subarray(new Uint32Array(bytes.buffer, bytes.byteOffset, 4)[1]); // after Pyodide's header
      xorDataSegments(memory, manifest.libs, compiled.map((c) => c.bytes));
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

  root.nnbookSnapshot = { restoreCountArgsHelper, reserveTableSlots, zipMembers, storedZipMembers, writeMembers,
    loadedDynlibs, freeDynlibFiles, gotValues, sha256Hex, compileDynlibs, dataSegment, xorDataSegments, preloadDynlibs,
    restoreDynlibsOnCreate };
})(globalThis);
