// Registers the service worker (/sw.js, or BASE/sw.js in a copy published under a sub-path) that lets the book read offline after
// one visit, figures included. It waits until the page has settled (loaded,
// and the live engine started or given up), so its downloads never compete
// with the first visit's: the runtime files it stores then come from the
// browser's HTTP cache, not the network.
import { onRuntimeReady } from "./runtime.js";
import { BASE } from "./site.js";

function register() {
  navigator.serviceWorker.register(`${BASE}sw.js`, { scope: BASE }).catch((error) => console.warn(`Offline reading unavailable: ${error}`));
}

if ("serviceWorker" in navigator && window.isSecureContext) {
  window.addEventListener("load", () => {
    if (navigator.serviceWorker.controller || !document.querySelector("figure.widget")) register();
    else onRuntimeReady(() => register());
  }, { once: true });
}
