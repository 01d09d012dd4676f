/* global importScripts, loadPyodide */
self.onmessage = async (event) => {
  const indexURL = event.data;
  importScripts(indexURL + "pyodide.js");
  const pyodide = await loadPyodide({ indexURL, fullStdLib: false });
  await pyodide.loadPackage("numpy", { messageCallback: () => {} });
  pyodide.runPython("import numpy");
  postMessage("numpy imported");
};
