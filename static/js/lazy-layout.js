// Blocks off screen skip their layout until the page is laid out (html.lazy-layout, static/css/book.css);
// static/js/navigation.js ends it (html.laid-out) once the page has loaded and gone idle. Set here, by a
// script pages carry inline in <head> (app/inline_assets.py), so it holds for the first paint; without
// JavaScript nothing would ever end it, so a page read without JavaScript never skips anything.
// Not for a link to a section (#id): the browser scrolls there as the page loads, and the blocks above it
// would count with an estimated height, then take their real one and move the section off the screen.
if (!location.hash) document.documentElement.classList.add("lazy-layout");
// The same for a click on such a link before the page is laid out: every block gets its real height
// before the browser scrolls (the click's default action comes after this listener).
document.addEventListener("click", function (event) {
  var link = event.target && event.target.closest ? event.target.closest('a[href^="#"]') : null;
  if (link) document.documentElement.classList.remove("lazy-layout");
}, true);
