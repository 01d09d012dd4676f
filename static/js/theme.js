// Light or dark: the reader's choice (the header switch, kept in localStorage
// "nnbook.theme") or else the system setting, written as
// <html data-theme="light|dark"> before the first paint. A classic script
// that pages carry inline at the top of <head> (app/inline_assets.py; the CSP
// allows it by its hash), so no page flashes in the wrong theme and the
// parser waits for no download. Colours live in CSS
// variables (static/css/book.css); "nnbook:themechange" tells the figures
// to read them again and redraw (static/js/draw.js).
(function () {
  var KEY = "nnbook.theme";
  var root = document.documentElement;
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      return value === "light" || value === "dark" ? value : null;
    } catch (e) {
      return null; // storage refused (private mode, file://): follow the system
    }
  }

  function systemTheme() {
    return media && media.matches ? "dark" : "light";
  }

  function syncSwitches() {
    var dark = root.getAttribute("data-theme") === "dark";
    var switches = document.querySelectorAll(".theme-toggle");
    for (var i = 0; i < switches.length; i++) switches[i].setAttribute("aria-checked", dark ? "true" : "false");
  }

  function apply(theme) {
    var changed = root.getAttribute("data-theme") !== theme;
    root.setAttribute("data-theme", theme);
    syncSwitches();
    if (changed) document.dispatchEvent(new CustomEvent("nnbook:themechange", { detail: { theme: theme } }));
  }

  apply(stored() || systemTheme());

  if (media && media.addEventListener) {
    media.addEventListener("change", function () {
      if (!stored()) apply(systemTheme());
    });
  }

  // Delegated: instant navigation (navigation.js) replaces the header's switch with the next page's.
  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest(".theme-toggle") : null;
    if (!button) return;
    var next = root.getAttribute("data-theme") === "dark" ? "light" : "dark";
    try {
      window.localStorage.setItem(KEY, next);
    } catch (e) {
      /* not remembered; the switch still works for this page */
    }
    apply(next);
  });
  document.addEventListener("DOMContentLoaded", syncSwitches);
  document.addEventListener("nnbook:navigated", syncSwitches);
})();
