// A name for a formula Temml typesets in the browser (a figure's text, or what the server could not
// typeset). The book's own formulas get words from the server (app/content/math_speech.py); here,
// for the few made on the page, a plain reading of the TeX is enough to be heard rather than be
// silent (Chromium names an element holding only MathML ""): commands lose their
// backslash, scripts are said "sub" and "to the", braces go.

const WORDS = { "\\cdot": " times ", "\\times": " times ", "\\le": " is at most ", "\\ge": " is at least ",
  "\\approx": " approximately ", "\\to": " goes to ", "\\leftarrow": " gets ", "\\in": " in ", "\\top": " transpose ",
  "=": " equals ", "+": " plus ", "<": " is less than ", ">": " is greater than " };

export function spokenTex(tex) {
  return String(tex)
    .replace(/\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big|quad|qquad|displaystyle)(?![A-Za-z])|\\[,;!]/g, " ")
    .replace(/\\(?:text|mathrm|operatorname|mathbf|mathcal)\s*\{([^}]*)\}/g, " $1 ")
    .replace(/\\frac\s*\{([^}]*)\}\s*\{([^}]*)\}/g, " $1 over $2 ")
    .replace(/\\(?:cdot|times|le|ge|approx|to|leftarrow|in|top)\b|[=+<>]/g, (m) => WORDS[m] || m)
    .replace(/(?<=\S)-/g, " minus ").replace(/-/g, " minus ")
    .replace(/_/g, " sub ").replace(/\^/g, " to the ")
    .replace(/\\([A-Za-z]+)/g, " $1 ").replace(/[{}\\]/g, " ")
    .replace(/\s+/g, " ").trim();
}

/** Give the typeset `element` (Temml's <math> inside) a name read from `tex`; <math> is role math already. */
export function nameMath(element, tex) {
  const math = element.querySelector("math") || element;
  if (math === element) math.setAttribute("role", "math");
  math.setAttribute("aria-label", spokenTex(tex));
}
