// The search box's small first half, loaded with every page. The box shows at once and `/`
// focuses it, but the search itself (static/js/search.js: querying, results, highlighting,
// and then Lunr and the index) is imported only when the reader needs it: on the first focus
// of the box, or when a page opens from a result (?highlight=). So no page pays for search
// before its first paint, and a reader who never searches never downloads it.
// Listeners are delegated from `document`: instant navigation (navigation.js) swaps the header.

let search = null; // the import of search.js, once asked for
let ready = false; // search.js is running: it handles every event from then on

function loadSearch() {
  search ||= import("./search.js").then((module) => { ready = true; return module; });
  search.catch(() => { search = null; });
  return search;
}

function isEditable(element) {
  return element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
}

// Focus (a click, Tab, or `/` below) starts the import; search.js then picks up the box as it finds
// it: focused, perhaps with words already typed.
document.addEventListener("focusin", (event) => {
  if (!ready && event.target.id === "site-search-input") loadSearch();
});
document.addEventListener("keydown", (event) => {
  if (ready || event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || isEditable(document.activeElement)) return;
  const input = document.getElementById("site-search-input");
  if (!input) return;
  event.preventDefault();
  input.focus();
  input.select();
});
// Enter before the search has loaded: nothing to open yet, and the form must not submit.
document.addEventListener("submit", (event) => {
  if (!ready && event.target.matches("form.site-search")) event.preventDefault();
});

function highlightWanted() {
  if (!ready && new URLSearchParams(location.search).has("highlight")) loadSearch();
}

// <html> outlives instant navigation, so every later page's box shows at once (search.css).
document.documentElement.classList.add("search-ready");
document.addEventListener("nnbook:navigated", highlightWanted);
highlightWanted();
