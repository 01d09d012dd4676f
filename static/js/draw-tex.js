// Figure text with math in it, typeset by the vendored Temml (MathML) like the chapter's prose.
// A figure writes `setTextWithMath(el, "Softmax: $p_k = e^{z_k} / \\sum_j e^{z_j}$.")`:
// text between single dollars becomes MathML; everything else stays plain text (never HTML).
/* global temml */
import { loadTemml, TEMML_OPTIONS } from "./temml-loader.js";
import { nameMath } from "./math-name.js";

const pending = new Set(); // elements waiting for Temml (loaded on first need)

function render(span) {
  try {
    temml.render(span.dataset.tex, span, TEMML_OPTIONS);
    nameMath(span, span.dataset.tex);
    span.classList.add("typeset");
  } catch (error) {
    span.textContent = span.dataset.tex;
    span.classList.add("math-error");
    console.error(`Temml error: ${error.message || error} in: ${span.dataset.tex}`);
  }
}

function renderWhenReady(span) {
  if (window.temml) { render(span); return; }
  pending.add(span);
  if (pending.size === 1) {
    loadTemml().then(
      () => { for (const s of pending) if (s.isConnected) render(s); pending.clear(); },
      (error) => { pending.clear(); console.error(error); }, // the TeX stays readable as text
    );
  }
}

// What setTextWithMath last put in an element: a figure redrawn during a drag sets the same
// sentence again and again; typesetting it anew each time means Temml work, a fresh subtree and
// a layout and paint of the figure for nothing. Kept with the nodes it made, so content that
// someone else replaced since is never mistaken for ours.
const shown = new WeakMap(); // element → { text, first, last, count }

/** Replace `element`'s content by `text`, typesetting each `$…$` part (nothing to do if it shows `text` already). */
export function setTextWithMath(element, text) {
  const value = String(text ?? "");
  const last = shown.get(element);
  if (last && last.text === value && last.first === element.firstChild && last.last === element.lastChild
      && last.count === element.childNodes.length) return;
  const parts = value.split(/(\$[^$]+\$)/);
  const nodes = parts.filter((p) => p !== "").map((part) => {
    if (part.length > 2 && part.startsWith("$") && part.endsWith("$")) {
      const span = document.createElement("span");
      span.className = "figure-math"; // not "math": the page's typesetter (math.js) leaves it to us
      span.dataset.tex = part.slice(1, -1);
      span.textContent = span.dataset.tex; // readable until Temml has loaded
      renderWhenReady(span);
      return span;
    }
    return document.createTextNode(part);
  });
  element.replaceChildren(...nodes);
  shown.set(element, { text: value, first: element.firstChild, last: element.lastChild, count: element.childNodes.length });
}

/** One typeset formula as an element (for a figure that builds its text from parts). */
export function mathSpan(tex) {
  const span = document.createElement("span");
  setTextWithMath(span, `$${tex}$`);
  return span.firstChild;
}
