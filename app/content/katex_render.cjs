// Typesets TeX with the vendored KaTeX, for app/content/server_math.py: one Node process for the
// whole book. Usage: node katex_render.cjs KATEX_JS < [{"tex", "display"}, …]
// Output: [{"html"} | {"error"}, …] in the same order. Options match static/js/math.js.
"use strict";

const katex = require(process.argv[2]);
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const out = JSON.parse(input).map(({ tex, display }) => {
    try {
      return { html: katex.renderToString(tex, { displayMode: display, throwOnError: true, output: "htmlAndMathml" }) };
    } catch (err) {
      return { error: String(err.message || err) };
    }
  });
  process.stdout.write(JSON.stringify(out));
});
