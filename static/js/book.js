// Every page's JavaScript as one file: app/js_bundle.py (esbuild) builds static/build/book.js from
// this entry, so a cold page asks for one script instead of some 25 modules (each request costs the
// browser's busy main thread before the first paint). The modules stay the source; a module
// imported by several (runtime.js, site.js) exists once in the file, as it did once per page.
//
// The figures' mount runs at once (the file is an async script: each figure draws its first frame as
// soon as the parser has passed it, static/js/widgets.js); the site's modules wait for the parsed
// document, as the deferred module scripts they were did (math, quizzes and progress read the whole page).
import "./widgets.js";

function site() {
  for (const load of [
    () => import("./navigation.js"), () => import("./math.js"), () => import("./scroll-regions.js"),
    () => import("./search-box.js"), () => import("./print.js"), () => import("./quiz.js"), () => import("./progress.js"),
  ]) load().catch((error) => console.error(error));
}

if (document.readyState === "loading") document.addEventListener("readystatechange", site, { once: true });
else site();
