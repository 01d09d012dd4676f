// The book's service worker: after one visit, the whole book reads offline,
// figures included (Pyodide, numpy and the engine run from the cache).
//
// Served at /sw.js (scope "/") by app/routers/runtime.py (a static export writes it at BASE/sw.js,
// scope BASE, its PRECACHE rewritten to the export's URLs), which fills in
// VERSION (a hash of everything listed) and PRECACHE (every page, script,
// stylesheet, font and runtime file of the book). A new VERSION makes the
// browser install a new worker, which fills a new cache and drops the old.
//
// - pages: network first (a reader online always gets the current text), the
//   cache when the network fails;
// - everything else (scripts, styles, fonts, the runtime): the cache first.
//   Every file's content is part of VERSION, so a cached copy is never stale;
// - /api/…: never cached (the server computes).
/* global VERSION, PRECACHE */
"use strict";

const CACHE = `nnbook-${VERSION}`;
// The book's base path: "/" on the server, the sub-path a static export was built for (its scope).
const BASE = new URL(self.registration.scope).pathname;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // One by one (not addAll): a large runtime file fetched in parallel with the pages would
    // compete with the reader's own requests. Vendored files come from the HTTP cache.
    for (const url of PRECACHE) {
      const response = await fetch(url, { cache: "default" });
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      await cache.put(url, response);
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith("nnbook-") && name !== CACHE) await caches.delete(name);
    // A page's request starts with the navigation, while this script is still waking up (a reader who
    // comes back finds it stopped), instead of once its fetch handler runs.
    if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
    await self.clients.claim();
  })());
});

function isPage(request, url) {
  return request.mode === "navigate" || (request.headers.get("accept") || "").includes("text/html")
    || (url.pathname.startsWith(BASE) && /^\/(chapters\/[a-z0-9-]+|[a-z0-9-]+)?\/?$/.test(`/${url.pathname.slice(BASE.length)}`));
}

let opened = null; // the cache, opened once per run of this script

async function pageFirstFromNetwork(request, preloaded) {
  const cache = await (opened ||= caches.open(CACHE));
  try {
    const response = (await preloaded) || await fetch(request); // the navigation's preload, when there is one
    if (response.ok) cache.put(request.url.split("#")[0], response.clone());
    return response;
  } catch (error) {
    const url = new URL(request.url);
    const cached = await cache.match(url.origin + url.pathname, { ignoreSearch: true });
    if (cached) return cached;
    return new Response(
      "<!doctype html><meta charset=utf-8><title>Offline</title><p>You are offline, and this page was not saved for offline reading.</p>",
      { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } },
    );
  }
}

async function cacheFirst(request) {
  const cache = await (opened ||= caches.open(CACHE));
  // Scripts and styles are listed without their ?v= content hash: the cache's VERSION covers it. Looked
  // up by URL without the query (an index lookup): `ignoreSearch` would read every entry of the cache.
  const url = new URL(request.url);
  const cached = await cache.match(url.origin + url.pathname);
  if (cached) return cached;
  return fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith(`${BASE}api/`)) return;
  if (url.pathname === `${BASE}sw.js`) return;
  event.respondWith(isPage(request, url) && !url.pathname.startsWith(`${BASE}static/`) ? pageFirstFromNetwork(request, event.preloadResponse) : cacheFirst(request));
});
