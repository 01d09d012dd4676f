"""The book's Content-Security-Policy as a browser test sees it: the script-src it must send, and a
watch over one visit of a page that fails on any violation (test_security_headers.py, and the
per-page visit of test_accessibility.py, which checks every page under the policy as it checks it
with axe: one swap and one settling of the figures per page for both)."""

from __future__ import annotations

from app.inline_assets import script_hashes

# Its own files, Pyodide's WebAssembly, and the page's inline scripts by hash (app/inline_assets.py).
SCRIPT_SRC = f"script-src 'self' 'wasm-unsafe-eval' {script_hashes()}"
# From now on, each violation the document raises as one line, in window.__cspViolations. Run as an init
# script it hears a full load from its start (test_security_headers.py).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
"""
# Listening from now on, in this document (unless it already does); returns (and forgets) what it heard so far.
VIOLATIONS_SO_FAR = "() => { if (!window.__cspViolations) {" + RECORD_VIOLATIONS + "} return window.__cspViolations.splice(0); }"
NOT_LIVE = "() => [...document.querySelectorAll('figure.widget')].filter((f) => f.dataset.status !== 'live').map((f) => `${f.dataset.widget} is ${f.dataset.status}`)"


def refused(console_lines: list[str]) -> list[str]:
    """The console's words for a refusal, Chromium's own (also for those raised inside the worker)."""
    return [line for line in console_lines if "Content Security Policy" in line or "Refused to" in line]


class PolicyWatch:
    """What the policy refused while a page was visited: the document's violation events from the start
    of the watch (a page swapped in is heard by the document that swapped it), the console's refusals
    (a full load is heard from its start there, the worker's included)."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        self._listener = lambda m: self.console.append(f"{m.type}: {m.text}")

    def __enter__(self):
        if self.page.url.startswith("http"):
            self.page.evaluate(VIOLATIONS_SO_FAR)  # from now on; what an earlier visit's page did is its own
        self.page.on("console", self._listener)
        return self

    def __exit__(self, *exc):
        self.page.remove_listener("console", self._listener)

    def assert_obeyed(self, path: str):
        """Nothing refused so far, and every figure live: its modules, styles and the worker's calls
        all went through under the policy."""
        assert self.page.evaluate(NOT_LIVE) == [], f"{path}: figures not live under the policy"
        assert refused(self.console) == [], f"{path}: {refused(self.console)}"
        violations = self.page.evaluate(VIOLATIONS_SO_FAR)
        assert violations == [], f"{path}: {violations}"
