// Instant navigation: following a link to another page of the book swaps the
// page's <body> in place instead of loading a new document, so the live
// engine's worker (and its warm Python) survives from chapter to chapter.
//
// - Links stay plain <a href>: without JavaScript, or for any link this does
//   not handle (other sites, new tabs, downloads, modifier keys), the browser
//   navigates as usual. Any failure here falls back to a normal navigation.
// - History: each swap is a pushState entry; back/forward swap again and
//   restore the scroll position the reader left; a deep link (#section)
//   scrolls to its section. Focus moves to the new page's heading (or the
//   linked section), so keyboard and screen-reader users land on it.
// - Modules listen for two events on document, each with detail.root:
//   "nnbook:before-swap" (root leaves: unmount its figures) and
//   "nnbook:navigated" (root arrived: mount figures, typeset, wire quizzes).
// - The next page is made ready before the click: the chapter's "next" link once the page is
//   loaded and idle, any link once the pointer rests on it. Its HTML is fetched and parsed, its
//   figures' modules are preloaded (<link rel=modulepreload>), and "nnbook:prefetched" (detail:
//   widgets) lets the worker import their Python, so the click only swaps and draws.
import "./offline.js";
import { bookPath } from "./site.js";

const PAGE_PATH = /^\/(chapters\/[a-z0-9-]+|[a-z0-9-]+)?\/?$/;
const prefetched = new Map(); // URL without its hash → Promise of the page's HTML
// URL without its hash → Promise of its page parsed ahead, not yet shown (taken once). The promise is
// there from the moment the fetch starts, so a click that comes before the page has arrived takes and
// awaits it: the page is parsed once, and no parse finishing after the click is left here holding a
// whole chapter that nothing would take until the reader came back to it.
const parsed = new Map();
let currentPath = location.pathname;
const idle = window.requestIdleCallback || ((callback) => setTimeout(callback, 200));

history.scrollRestoration = "manual";

function pageUrl(href) {
  const url = new URL(href, location.href);
  url.hash = "";
  return url.href;
}

/** The link's URL if a click on it should be an instant navigation, else null. */
function instantTarget(link, event) {
  if (!link || !link.href || (event && (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey))) return null;
  if ((link.target && link.target !== "_self") || link.hasAttribute("download") || link.dataset.instant === "off") return null;
  const url = new URL(link.href, location.href);
  const path = bookPath(url.pathname); // under the book's base (a sub-path in a published copy)
  if (url.origin !== location.origin || path === null || !PAGE_PATH.test(path)) return null;
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return null; // same page: the browser scrolls
  return url;
}

function fetchPage(href) {
  const key = pageUrl(href);
  if (!prefetched.has(key)) {
    const request = fetch(key, { headers: { Accept: "text/html" } }).then((response) => {
      if (!response.ok || !(response.headers.get("content-type") || "").includes("text/html")) throw new Error(`HTTP ${response.status}`);
      return response.text();
    });
    request.catch(() => prefetched.delete(key));
    prefetched.set(key, request);
  }
  return prefetched.get(key);
}

function preloadModule(href) {
  const url = new URL(href, location.href).href;
  if ([...document.querySelectorAll('link[rel="modulepreload"]')].some((link) => link.href === url)) return;
  const link = document.createElement("link");
  link.rel = "modulepreload";
  link.href = url;
  document.head.append(link);
}

/** Fetch and parse a page ahead of the click; preload its figures' modules and announce its figures. */
function warm(href) {
  const key = pageUrl(href);
  if (parsed.has(key) || prefetched.has(key)) return;
  const ahead = fetchPage(key).then((html) => {
    const doc = new DOMParser().parseFromString(html, "text/html");
    for (const link of doc.querySelectorAll('head link[rel="modulepreload"][href]')) preloadModule(link.getAttribute("href"));
    const widgets = [...new Set([...doc.querySelectorAll("figure.widget[data-widget]")].map((f) => f.dataset.widget))];
    if (widgets.length) document.dispatchEvent(new CustomEvent("nnbook:prefetched", { detail: { url: key, widgets } }));
    return doc;
  });
  // A failed fetch may be tried again later; a click that took it falls back to a normal load (navigate).
  ahead.catch(() => { if (parsed.get(key) === ahead) parsed.delete(key); });
  parsed.set(key, ahead);
}

// The chapter's "next" page, once this one has loaded, its figures' engine has started (a cold
// start is not slowed by it: the header's #runtime-status leaves "idle"/"loading") and the main
// thread is idle: most readers go on.
function warmNext() {
  const next = document.querySelector('nav.prev-next a[rel="next"]');
  const url = next && instantTarget(next, null);
  if (!url) return;
  const status = document.getElementById("runtime-status");
  const starting = () => status && status.isConnected && ["idle", "loading"].includes(status.dataset.state);
  if (!starting()) { idle(() => warm(url.href), { timeout: 2000 }); return; }
  const watch = new MutationObserver(() => {
    if (starting()) return;
    watch.disconnect();
    idle(() => warm(url.href), { timeout: 2000 });
  });
  watch.observe(status, { attributes: true, attributeFilter: ["data-state"] });
}

// Text blocks off screen are not laid out (content-visibility, book.css) and count as an estimate, so
// a scroll position the reader left is only meaningful once everything above it has its real height:
// lay the whole page out for this one scroll (the blocks then keep their sizes), then let it rest again.
function restoreScroll(y) {
  const root = document.documentElement;
  root.classList.add("layout-all");
  window.scrollTo(0, y);
  // Two frames: the blocks' sizes are remembered in the first frame's rendering, after its callbacks.
  requestAnimationFrame(() => requestAnimationFrame(() => root.classList.remove("layout-all")));
}

// The page's styles: its linked sheets and the version of its inline stylesheet (app/inline_assets.py).
function stylesheets(doc) {
  const inline = [...doc.querySelectorAll("head style[data-version]")].map((s) => `inline:${s.dataset.version}`);
  return [...doc.querySelectorAll('head link[rel="stylesheet"]')].map((l) => l.getAttribute("href")).concat(inline);
}

function focusTarget(hash) {
  const id = hash ? decodeURIComponent(hash.slice(1)) : "";
  const section = id && document.getElementById(id);
  const target = section || document.querySelector("main h1") || document.querySelector("main");
  if (!target) return null;
  if (!target.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA|SUMMARY)$/.test(target.tagName)) target.setAttribute("tabindex", "-1");
  target.focus({ preventScroll: true });
  return section;
}

async function navigate(url, { push = true, scrollY = null } = {}) {
  const ahead = parsed.get(pageUrl(url.href));
  parsed.delete(pageUrl(url.href)); // its nodes move into this document: parse again next time
  let doc;
  try {
    doc = ahead ? await ahead : new DOMParser().parseFromString(await fetchPage(url.href), "text/html");
  } catch {
    location.assign(url.href); // offline with nothing cached, a server error…: the browser shows it
    return;
  }
  // A page built with stylesheets this document lacks (the server was updated) needs a real load.
  // Sheets a figure added on demand (the playground's) may stay: only missing ones matter.
  const have = new Set(stylesheets(document));
  if (!stylesheets(doc).every((href) => have.has(href))) { location.assign(url.href); return; }
  // Figures leave first, while the URL is still theirs: what they still owe the URL lands on this page's entry.
  document.dispatchEvent(new CustomEvent("nnbook:before-swap", { detail: { root: document.body } }));
  if (push) {
    history.replaceState({ ...history.state, scrollY: window.scrollY }, "");
    history.pushState({ scrollY: 0 }, "", url.href);
  }
  currentPath = url.pathname;
  document.title = doc.title;
  const description = doc.querySelector('meta[name="description"]');
  if (description) document.querySelector('meta[name="description"]')?.setAttribute("content", description.content);
  document.body.className = doc.body.className;
  document.body.replaceChildren(...doc.body.childNodes);
  const section = focusTarget(url.hash);
  if (scrollY != null) restoreScroll(scrollY);
  else if (section) section.scrollIntoView();
  else window.scrollTo(0, 0);
  document.dispatchEvent(new CustomEvent("nnbook:navigated", { detail: { root: document.body, url: url.href } }));
  warmNext();
  // Scripts the new page needs that this document has not loaded yet (e.g. the figures' when
  // the reader came from a page without any): modules run once, so importing is enough.
  for (const script of doc.querySelectorAll('head script[type="module"][src]')) {
    import(new URL(script.getAttribute("src"), location.href).href).catch((error) => console.error(error));
  }
}

document.addEventListener("click", (event) => {
  const url = instantTarget(event.target.closest && event.target.closest("a[href]"), event);
  if (!url) return;
  event.preventDefault();
  navigate(url);
});

// Start fetching a page as soon as the pointer rests on its link: the click then finds it ready.
let hoverTimer = null;
document.addEventListener("pointerover", (event) => {
  const url = instantTarget(event.target.closest && event.target.closest("a[href]"), null);
  clearTimeout(hoverTimer);
  if (url && url.pathname !== location.pathname) hoverTimer = setTimeout(() => warm(url.href), 50);
});

window.addEventListener("popstate", (event) => {
  if (location.pathname === currentPath) return; // a #section of the same page: the browser scrolls
  navigate(new URL(location.href), { push: false, scrollY: event.state && event.state.scrollY });
});

// Remember where the reader was, for back/forward after a full reload too.
window.addEventListener("pagehide", () => history.replaceState({ ...history.state, scrollY: window.scrollY }, ""));
if (history.state && history.state.scrollY && !location.hash) {
  window.addEventListener("load", () => restoreScroll(history.state.scrollY), { once: true });
}

// Skipping off-screen blocks (content-visibility, book.css) is for the first paint and the figures'
// first frame only: Chromium leaves skipped text and controls out of the accessibility tree, so a screen reader
// would not find it. Once the page has loaded and the main thread is idle, every block is laid out
// for good (html.laid-out); a page swapped in later keeps the class.
function afterLoad() {
  warmNext();
  idle(() => {
    document.documentElement.classList.add("laid-out");
    // What was skipped can be measured now (static/js/scroll-regions.js: wide formulas and tables).
    document.dispatchEvent(new CustomEvent("nnbook:laid-out"));
  }, { timeout: 2000 });
}
if (document.readyState === "complete") afterLoad();
else window.addEventListener("load", afterLoad, { once: true });
