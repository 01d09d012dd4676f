// Why: templates/partials/figure-scripts.html.
(function () {
  var s = document.currentScript && document.currentScript.previousElementSibling;
  if (s && s.src) import(s.src).catch(function () {});
})();
