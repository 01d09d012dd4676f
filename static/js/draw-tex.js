// Figure text with math in it, typeset by the vendored KaTeX like the chapter's prose.
// A figure writes `setTextWithMath(el, "Softmax: $p_k = e^{z_k} / \\sum_j e^{z_j}$.")`:
// text between single dollars becomes KaTeX; everything else stays plain text (never HTML).
/* global katex */
import { loadKatex } from "./katex-loader.js";

const pending = new Set(); // elements waiting for KaTeX (loaded on first need)

function render(span) {
  try {
    katex.render(span.dataset.tex, span, { throwOnError: true, output: "htmlAndMathml" });
    span.classList.add("typeset");
  } catch (error) {
    span.textContent = span.dataset.tex;
    span.classList.add("math-error");
    console.error(`KaTeX error: ${error.message || error} in: ${span.dataset.tex}`);
  }
}

function renderWhenReady(span) {
  if (window.katex) { render(span); return; }
  pending.add(span);
  if (pending.size === 1) {
    loadKatex().then(
      () => { for (const s of pending) if (s.isConnected) render(s); pending.clear(); },
      (error) => { pending.clear(); console.error(error); }, // the TeX stays readable as text
    );
  }
}

/** Replace `element`'s content by `text`, typesetting each `$…$` part. */
export function setTextWithMath(element, text) {
  const parts = String(text ?? "").split(/(\$[^$]+\$)/);
  const nodes = parts.filter((p) => p !== "").map((part) => {
    if (part.length > 2 && part.startsWith("$") && part.endsWith("$")) {
      const span = document.createElement("span");
      span.className = "figure-math"; // not "math": the page's typesetter (math.js) leaves it to us
      span.dataset.tex = part.slice(1, -1);
      span.textContent = span.dataset.tex; // readable until KaTeX has loaded
      renderWhenReady(span);
      return span;
    }
    return document.createTextNode(part);
  });
  element.replaceChildren(...nodes);
}

/** One typeset formula as an element (for a figure that builds its text from parts). */
export function mathSpan(tex) {
  const span = document.createElement("span");
  setTextWithMath(span, `$${tex}$`);
  return span.firstChild;
}
