// The bench's reference: start a worker that loads Pyodide and imports numpy, nothing else.
const worker = new Worker("/__bench/bare-worker.js");
worker.onmessage = (event) => { window.__bareLiveAt = performance.now(); window.__bare = event.data; };
worker.postMessage(new URL("/static/vendor/pyodide/", location.href).href);
