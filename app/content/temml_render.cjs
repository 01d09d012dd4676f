// Typesets TeX as MathML with the vendored Temml, for app/content/server_math.py: one Node process
// for the whole book. Usage: node temml_render.cjs TEMML_MIN_JS < [{"tex", "display"}, …]
// Output: [{"html"} | {"error"}, …] in the same order. Options match TEMML_OPTIONS in static/js/temml-loader.js.
// temml.min.js is the browser's file (it declares a global `temml`), run here as it is, so the
// server and the browser typeset with the very same bytes.
"use strict";

const fs = require("fs");
const vm = require("vm");

const temml = vm.runInThisContext(`${fs.readFileSync(process.argv[2], "utf8")}\n;temml`, { filename: process.argv[2] });
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const out = JSON.parse(input).map(({ tex, display }) => {
    try {
      return { html: temml.renderToString(tex, { displayMode: display, throwOnError: true, wrap: "tex" }) };
    } catch (err) {
      return { error: String(err.message || err) };
    }
  });
  process.stdout.write(JSON.stringify(out));
});
