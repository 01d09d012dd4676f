// Runs the figures' mount (static/js/widgets.js) as soon as its modules have arrived. The async
// <script type="module"> just before this one (templates/partials/figure-scripts.html) fetches them, but
// Chromium runs an async script only when its task comes up behind the parser's and the first frames'
// tasks (traced on a cold chapter: its modules were all compiled ~150 ms before it ran). A dynamic
// import() of the same URL is the same module, fetched and evaluated once, and runs it the moment the
// last of its modules is here. Inline (app/inline_assets.py), so it needs no request of its own.
(function () {
  var script = document.currentScript && document.currentScript.previousElementSibling;
  if (script && script.src) import(script.src).catch(function () { /* the <script> reports its own failure */ });
})();
