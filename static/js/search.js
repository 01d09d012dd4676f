// Search: the box in the header queries the book's Lunr index (/search-index.json, built on the
// server at start-up by app/search_index.py; Lunr.js only loads and queries it).
//
// - `/` anywhere outside a text field focuses the box; Escape closes the results (a second
//   Escape leaves the box); ↓/↑ move through the results; Enter opens the selected (or first) one.
// - A result links to its section's heading (or its figure) with ?highlight=WORDS; on arrival the
//   page marks those words (<mark class="search-hit">) in its text, by the same stemming the
//   index used, so "networks" also marks "network".
// - This module itself is imported by static/js/search-box.js on the first focus of the box (or
//   on a page opened from a result); Lunr (29 KB) and the index load then too, not with the page.
// - The box keeps its room while invisible (before search-box.js runs), so it appearing moves nothing.
// - The header is part of the <body> that instant navigation (navigation.js) swaps, so every
//   listener here is delegated from `document`, and the state (the loaded index) outlives a swap.

import { pageHref, siteUrl } from "./site.js";

const MAX_RESULTS = 10;
const EXCERPT_CHARS = 160;
let lunrReady = null; // Promise of window.lunr
let indexReady = null; // Promise of { index, docs }

function form() {
  return document.querySelector("form.site-search");
}

function loadLunr() {
  if (!lunrReady) {
    lunrReady = new Promise((resolve, reject) => {
      if (window.lunr) { resolve(window.lunr); return; }
      const script = document.createElement("script");
      script.src = (form() && form().dataset.lunrUrl) || "/static/vendor/lunr/lunr.min.js";
      script.onload = () => resolve(window.lunr);
      script.onerror = () => reject(new Error("the search library could not be loaded"));
      document.head.append(script);
    });
    lunrReady.catch(() => { lunrReady = null; });
  }
  return lunrReady;
}

function indexUrl() {
  return new URL((form() && form().dataset.searchIndexUrl) || siteUrl("/search-index.json"), location.href);
}

function loadIndex() {
  if (!indexReady) {
    const url = indexUrl();
    indexReady = Promise.all([loadLunr(), fetch(url).then((r) => {
      if (!r.ok) throw new Error(`the search index could not be loaded (HTTP ${r.status})`);
      return r.json();
    })]).then(([lunr, data]) => ({ index: lunr.Index.load(data.index), docs: data.docs }));
    indexReady.catch(() => { indexReady = null; });
  }
  return indexReady;
}

/** The words of a query, lower case, stop words dropped ("the", "of"…: Lunr never indexed them). */
function queryWords(lunr, text) {
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return words.filter((w) => lunr.stopWordFilter(new lunr.Token(w)) !== undefined);
}

/** Sections holding every word (as typed so far, or any form of it: "backprop", "networks"), best first;
 * failing that, those holding any. One Lunr query per word, combined here: Lunr appends a wildcard
 * before it stems, so "backpropagation*" alone would find nothing, and a required clause cannot
 * accept either of two forms. An exact match of the stem counts most. */
function search({ index }, lunr, words) {
  const { TRAILING } = lunr.Query.wildcard;
  const lookUp = (word) => {
    const stem = stemmed(lunr, word);
    return index.query((q) => {
      q.term(stem, { usePipeline: false, boost: 10 });
      q.term(stem, { usePipeline: false, wildcard: TRAILING });
      if (word !== stem) q.term(word, { usePipeline: false, wildcard: TRAILING });
    });
  };
  const perWord = words.map((word) => {
    let hits = lookUp(word);
    // A word being typed may have passed its indexed stem ("learni" for learn-ing): step back a little.
    for (let cut = 1; !hits.length && cut <= 3 && word.length - cut >= 4; cut += 1) hits = lookUp(word.slice(0, -cut));
    return new Map(hits.map((hit) => [hit.ref, hit.score]));
  });
  if (!perWord.length) return [];
  const combine = (refs) => [...refs].map((ref) => ({ ref, score: perWord.reduce((sum, m) => sum + (m.get(ref) || 0), 0) }))
    .sort((a, b) => b.score - a.score);
  const every = [...perWord[0].keys()].filter((ref) => perWord.every((m) => m.has(ref)));
  return every.length ? combine(every) : combine(new Set(perWord.flatMap((m) => [...m.keys()])));
}

function stemmed(lunr, word) {
  return lunr.stemmer(new lunr.Token(word.toLowerCase())).toString();
}

/** A test for "is this word of the text one the reader searched for?", with Lunr's own stemmer. */
function matcher(lunr, words) {
  const stems = words.map((w) => stemmed(lunr, w));
  return (word) => {
    const lower = word.toLowerCase();
    const stem = stemmed(lunr, lower);
    return words.some((w) => lower.startsWith(w)) || stems.some((s) => stem.startsWith(s));
  };
}

const WORD = /[\p{L}\p{N}]+/gu;

/** `text` as nodes with the matching words in <mark>. */
function markedNodes(text, isHit, className) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    if (!isHit(match[0])) continue;
    if (match.index > last) nodes.push(document.createTextNode(text.slice(last, match.index)));
    const mark = document.createElement("mark");
    mark.className = className;
    mark.textContent = match[0];
    nodes.push(mark);
    last = match.index + match[0].length;
  }
  if (!nodes.length) return null;
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

/** A window of the section's text around the first hit, with the hits marked. */
function excerpt(text, isHit) {
  let first = 0;
  for (const match of text.matchAll(WORD)) if (isHit(match[0])) { first = match.index; break; }
  const start = Math.max(0, first - 40);
  const cut = text.slice(start, start + EXCERPT_CHARS);
  const shown = (start > 0 ? "…" : "") + cut + (start + EXCERPT_CHARS < text.length ? "…" : "");
  const span = document.createElement("span");
  span.className = "site-search-excerpt";
  span.append(...(markedNodes(shown, isHit, "search-excerpt-hit") || [document.createTextNode(shown)]));
  return span;
}

// ``url`` is where the book serves the page (pageHref: the base path, and a folder in a static copy).
function resultHref(url, words) {
  const [path, hash] = url.split("#");
  const query = new URLSearchParams({ highlight: words.join(" ") });
  return `${path}?${query}${hash ? `#${hash}` : ""}`;
}

function setStatus(text) {
  const status = document.getElementById("site-search-status");
  if (status) status.textContent = text;
}

function closeResults() {
  const list = document.getElementById("site-search-results");
  if (list) { list.hidden = true; list.replaceChildren(); }
}

let pending = 0;
async function showResults(input) {
  const list = document.getElementById("site-search-results");
  const text = input.value.trim();
  const mine = ++pending;
  if (!text) { closeResults(); setStatus(""); return; }
  let data, lunr;
  try {
    [data, lunr] = await Promise.all([loadIndex(), loadLunr()]);
  } catch (error) {
    setStatus(`Search is unavailable: ${error.message}.`);
    return;
  }
  if (mine !== pending || !list.isConnected) return; // a newer keystroke, or the page was swapped
  const words = queryWords(lunr, text);
  const hits = search(data, lunr, words).slice(0, MAX_RESULTS);
  const isHit = matcher(lunr, words);
  list.replaceChildren(...hits.map(({ ref }) => {
    const doc = data.docs[ref];
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = resultHref(pageHref(doc.url), words);
    link.className = `site-search-result site-search-${doc.kind}`;
    const where = document.createElement("span");
    where.className = "site-search-page";
    where.textContent = doc.page;
    const title = document.createElement("span");
    title.className = "site-search-title";
    title.append(...(markedNodes(doc.title, isHit, "search-excerpt-hit") || [document.createTextNode(doc.title)]));
    link.append(where, title);
    if (doc.text) link.append(excerpt(doc.text, isHit));
    item.append(link);
    return item;
  }));
  list.hidden = false;
  setStatus(hits.length ? `${hits.length} result${hits.length > 1 ? "s" : ""}${hits.length === MAX_RESULTS ? " (the best shown)" : ""}; arrow down to choose.`
    : `Nothing found for “${text}”.`);
  if (!hits.length) {
    const item = document.createElement("li");
    item.className = "site-search-empty";
    item.textContent = `Nothing found for “${text}”.`;
    list.replaceChildren(item);
  }
}

function resultLinks() {
  return [...document.querySelectorAll("#site-search-results a.site-search-result")];
}

function isEditable(element) {
  return element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
}

document.addEventListener("input", (event) => {
  if (event.target.id === "site-search-input") showResults(event.target);
});
document.addEventListener("focusin", (event) => {
  if (event.target.id === "site-search-input") loadIndex().catch(() => {}); // warm up while the reader types
});
document.addEventListener("submit", (event) => {
  if (!event.target.matches("form.site-search")) return;
  event.preventDefault();
  const first = resultLinks()[0];
  if (first) first.click();
});

document.addEventListener("keydown", (event) => {
  const input = document.getElementById("site-search-input");
  if (!input) return;
  if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !isEditable(document.activeElement)) {
    event.preventDefault();
    input.focus();
    input.select();
    return;
  }
  const inSearch = form() && form().contains(document.activeElement);
  if (!inSearch) return;
  const links = resultLinks();
  const at = links.indexOf(document.activeElement);
  if (event.key === "Escape") {
    event.preventDefault();
    const list = document.getElementById("site-search-results");
    if (list && !list.hidden) { closeResults(); input.focus(); } else input.blur();
  } else if (event.key === "ArrowDown" && links.length) {
    event.preventDefault();
    links[Math.min(at + 1, links.length - 1)].focus();
  } else if (event.key === "ArrowUp" && links.length) {
    event.preventDefault();
    if (at <= 0) input.focus(); else links[at - 1].focus();
  }
});

// A click elsewhere closes the results (the reader's text stays in the box).
document.addEventListener("click", (event) => {
  if (form() && !form().contains(event.target)) closeResults();
});

/** Mark the words of ?highlight= in the page's text (not in figures' drawings, math or code). */
async function highlightFromUrl() {
  const wanted = new URLSearchParams(location.search).get("highlight");
  const root = document.querySelector("main article") || document.querySelector("main");
  if (!wanted || !root || root.querySelector("mark.search-hit")) return;
  let lunr;
  try { lunr = await loadLunr(); } catch { return; }
  const words = queryWords(lunr, wanted);
  if (!words.length) return;
  const isHit = matcher(lunr, words);
  const scope = [root, ...(root.closest("main") ? [root.closest("main").querySelector("h1")] : [])].filter(Boolean);
  for (const area of scope) {
    const walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => (node.parentElement.closest("script, style, code, pre, math, .widget-body, .widget-controls, .header-anchor, mark")
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    for (const node of nodes) {
      const marked = markedNodes(node.nodeValue, isHit, "search-hit");
      if (marked) node.replaceWith(...marked);
    }
  }
  document.documentElement.dataset.searchHighlighted = String(document.querySelectorAll("mark.search-hit").length);
}

document.addEventListener("nnbook:navigated", highlightFromUrl);
highlightFromUrl();
// Imported on the box's first focus: that focus, and any words typed while this module loaded,
// came before the listeners above.
const box = document.getElementById("site-search-input");
if (box && document.activeElement === box) {
  loadIndex().catch(() => {});
  if (box.value.trim()) showResults(box);
}
