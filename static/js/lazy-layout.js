// Blocks off screen skip their layout until the page is laid out (html.lazy-layout, static/css/book.css);
// static/js/navigation.js ends it (html.laid-out) once the page has loaded and gone idle. Set here, by a
// script pages carry inline in <head> (app/inline_assets.py), so it holds for the first paint; without
// JavaScript nothing would ever end it, so a page read without JavaScript never skips anything.
document.documentElement.classList.add("lazy-layout");
