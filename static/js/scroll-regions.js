// Wide content that scrolls sideways (a long display formula, a code block, a table, a figure's
// table) becomes a region a keyboard reaches and a screen reader names: tabindex=0 so the arrow
// keys scroll it, role=region with a name ("Formula …, scrolls sideways"), and data-scrolls,
// which the CSS turns into an edge shadow on the side that has more. Only content that does
// overflow at the current width gets a tab stop; it loses it again when the window widens.
// Tables keep their own role (a region would hide that they are tables) and get a name only.

const CANDIDATES = [
  ".math.block", "pre", "main table", ".matrix-scroll", ".gates-table-wrap", ".svs-table-wrap",
  ".backprop-check", ".table-scroll", ".math-wide",
].join(", ");
const OURS = "data-scroll-region"; // attributes we set, so we only ever remove our own
// The block an inline formula must fit in: its line's width.
const TEXT_BLOCK = "p, li, td, th, dd, figcaption, div";

function nameOf(el) {
  if (el.matches(".math.block, .math-wide")) {
    const math = el.querySelector("math[aria-label], [role=math][aria-label]");
    return `Formula${math ? `: ${math.getAttribute("aria-label")}` : ""}, scrolls sideways`;
  }
  if (el.matches("pre")) return "Code, scrolls sideways";
  const table = el.matches("table") ? el : el.querySelector("table");
  const caption = table && table.caption && table.caption.textContent.trim();
  return `${caption ? `Table: ${caption}` : "Table"}, scrolls sideways`;
}

function mark(el) {
  const overflows = el.scrollWidth > el.clientWidth + 1;
  const marked = el.hasAttribute(OURS);
  if (overflows === marked) return;
  if (overflows) {
    const added = [];
    if (!el.hasAttribute("tabindex")) { el.tabIndex = 0; added.push("tabindex"); }
    if (!el.matches("table") && !el.hasAttribute("role")) { el.setAttribute("role", "region"); added.push("role"); }
    if (!el.hasAttribute("aria-label")) { el.setAttribute("aria-label", nameOf(el)); added.push("aria-label"); }
    el.setAttribute(OURS, added.join(" "));
    el.dataset.scrolls = el.scrollLeft > 1 ? "start end" : "end";
  } else {
    for (const attr of el.getAttribute(OURS).split(" ").filter(Boolean)) el.removeAttribute(attr);
    el.removeAttribute(OURS);
    delete el.dataset.scrolls;
  }
}

// An inline formula wider than its paragraph may not break (MathML lays out each part in one box), so
// at 320 px the whole page would scroll sideways; such a formula becomes its own scroll box.
function sticksOut(math, block) {
  const box = block.getBoundingClientRect();
  const right = box.left + block.clientLeft + block.clientWidth + 1;
  return [...math.getClientRects()].some((r) => r.right > right || r.width > block.clientWidth + 1);
}

function widenInlineMath(root) {
  // All reads, then all writes: a class changed between two measurements would make the next one lay
  // the page out again. A formula marked wide is measured as the text has it (its mark taken off first).
  const found = [...root.querySelectorAll(".math.inline")]
    .map((math) => [math, math.parentElement && math.parentElement.closest(TEXT_BLOCK)])
    .filter(([, block]) => block);
  for (const [math] of found) if (math.classList.contains("math-wide")) math.classList.remove("math-wide");
  const wide = found.map(([math, block]) => sticksOut(math, block));
  found.forEach(([math], i) => { if (wide[i]) math.classList.add("math-wide"); });
}

/** Mark or unmark every candidate under `root` (the document, or a part of it that changed). */
export function markScrollRegions(root = document) {
  widenInlineMath(root);
  for (const el of root.querySelectorAll(CANDIDATES)) mark(el);
  // A candidate holding the part that changed (a table whose rows were redrawn) may overflow now too.
  if (root !== document) {
    for (let el = root.closest(CANDIDATES); el; el = el.parentElement && el.parentElement.closest(CANDIDATES)) mark(el);
  }
  // How many times the page was looked at: tests wait for a look after the change they made.
  document.documentElement.dataset.scrollRegions = String(Number(document.documentElement.dataset.scrollRegions || 0) + 1);
}

// Which edge has more to show: the CSS shadows that side only.
function onScroll(event) {
  const el = event.target;
  if (!(el instanceof Element) || !el.hasAttribute("data-scrolls")) return;
  el.dataset.scrolls = [el.scrollLeft > 1 ? "start" : "", el.scrollLeft + el.clientWidth < el.scrollWidth - 1 ? "end" : ""].join(" ").trim();
}

// While a look is owed (a change seen, its debounced look not yet made) the page says so in
// data-scroll-regions-owed: a test that checks the marks waits until none is owed.
// A look after a resize, a swapped-in page or the end of lazy layout measures the whole page; a look
// after mutations only the parts that changed (a figure redrawing its table must not make the page
// measure its thousand inline formulas again), each widened to its figure, whose parts share a layout,
// or else to its text block (a formula typeset in the browser is measured with the line it sits on).
// The width of the page decides every overflow, so if it changed (a scroll bar came or went) the
// whole page is measured after all.
let timer = 0;
let wholePage = true;
let lastWidth = -1;
const changed = new Set();

function look() {
  delete document.documentElement.dataset.scrollRegionsOwed;
  const width = document.documentElement.clientWidth;
  if (wholePage || width !== lastWidth) {
    markScrollRegions();
  } else {
    const parts = [...changed].filter((el) => el.isConnected);
    for (const el of parts) if (!parts.some((other) => other !== el && other.contains(el))) markScrollRegions(el);
  }
  wholePage = false;
  lastWidth = width;
  changed.clear();
}

function owe() {
  clearTimeout(timer);
  document.documentElement.dataset.scrollRegionsOwed = "";
  timer = setTimeout(look, 150);
}

// The whole page will be looked at: the parts noted so far are not needed, and must not be kept (after a
// page swap they belong to the page that left, and each holds all of that page through its ancestors).
function wholeOwed() {
  wholePage = true;
  changed.clear();
}

function whole() {
  wholeOwed();
  owe();
}

function mutated(records) {
  for (const { target } of records) {
    const el = target instanceof Element ? target : target.parentElement;
    // Outside the body (a stylesheet added to the head) or the body itself (a page swapped in): all of it.
    if (!el || el === document.body || !document.body || !document.body.contains(el)) wholeOwed();
    else if (!wholePage) changed.add(el.closest("figure") || el.closest(TEXT_BLOCK) || el);
  }
  owe();
}

if (typeof document !== "undefined") {
  document.addEventListener("scroll", onScroll, { capture: true, passive: true });
  window.addEventListener("resize", whole);
  document.addEventListener("nnbook:navigated", whole);
  // Blocks off screen skip their layout until the page is laid out (static/css/book.css): a formula or
  // table in one measures as fitting. Look again once every block is laid out.
  document.addEventListener("nnbook:laid-out", whole);
  // Figures redraw their tables, and math typeset in the browser changes widths: look again, once
  // things settle (debounced, so a training run does not measure the page on every frame).
  new MutationObserver(mutated).observe(document.documentElement, { childList: true, subtree: true });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", whole);
  else whole();
  window.addEventListener("load", whole);
}
