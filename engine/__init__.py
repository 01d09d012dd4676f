"""The book's NumPy engine: the only place where its mathematics lives.

Imports numpy and the standard library only, so the same code runs in
CPython (server, tests) and in Pyodide (the browser's Web Worker).
"""
