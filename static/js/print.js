// Printing a page: solutions (<details class="solution">) print open. Chromium does it with CSS
// alone (print.css, ::details-content); other browsers need them opened before the print dialog
// lays the page out, and closed again after, as the reader left them.
const opened = [];

window.addEventListener("beforeprint", () => {
  for (const details of document.querySelectorAll("details.solution:not([open])")) {
    details.open = true;
    opened.push(details);
  }
});

window.addEventListener("afterprint", () => {
  for (const details of opened.splice(0)) details.open = false;
});
