// Typeset every expression of the book with the vendored KaTeX, in one Node process.
//
// Usage: node render_math.cjs KATEX_JS < expressions.json
// Input: a JSON array of {"where": str, "tex": str, "display": bool}.
// Output: a JSON array of {"where", "tex", "error"} for each expression KaTeX rejects
// (throwOnError: true, so a parse error is an error, never red text in the page).
"use strict";

const katex = require(process.argv[2]);
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const failures = [];
  for (const item of JSON.parse(input)) {
    try {
      katex.renderToString(item.tex, { displayMode: item.display, throwOnError: true });
    } catch (err) {
      failures.push({ where: item.where, tex: item.tex, error: String(err.message || err) });
    }
  }
  process.stdout.write(JSON.stringify({ rendered: JSON.parse(input).length, failures }));
});
