"""axe-core as the accessibility tests inject it: the vendored, pinned axe.min.js with one function
made faster, its answers unchanged.

Why: the tests exclude KaTeX's glyph boxes and MathML copy from axe's context (thousands of nodes per
chapter, one pair of subtrees per formula, so hundreds of `exclude` entries). For every node a rule
looks at, axe's isNodeInContext tests each include and each exclude entry with `contains`: measured
with Chromium's profiler, two thirds of an axe run on the training chapter went there
(nodes x excluded formulas x rules), more than all of its checks together.

The replacement answers the same question by walking up from the node once, looking each ancestor up
in a set of the include and exclude nodes; for light-DOM nodes (the book has no shadow DOM) `a.contains(n)`
holds exactly when `a` is `n` or one of its ancestors, so the deepest include and deepest exclude it
finds are the ones axe's filters find. Anything else (a node in a shadow tree, a node without its DOM
node) goes to axe's own function. test_accessibility.py checks that both agree on every node of a
chapter, for the tests' context and for nested ones. If axe is upgraded and the function is no longer
found as written below, the original axe is injected unchanged (slower, still right).
"""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"
# axe 4.11.0's isNodeInContext, minified: its start, renamed to keep it as the fallback and the reference.
ORIGINAL = "function Jp(t,e){var r=e.include,r=void 0===r?[]:r,e=e.exclude,e=void 0===e?[]:e,r=r.filter(function(e){return ep(e,t)});"
FAST = """function Jp(t,e){
  var inc=e.include||[],exc=e.exclude||[],s=__nnbookSets.get(e);
  if(!s||s.inc!==inc||s.exc!==exc||s.incLength!==inc.length||s.excLength!==exc.length){
    var light=function(v){return !!v&&!v.shadowId&&!!v.actualNode&&"function"==typeof v.actualNode.contains};
    s={inc:inc,exc:exc,incLength:inc.length,excLength:exc.length,light:inc.every(light)&&exc.every(light),
       incNodes:new Set(inc.map(function(v){return v.actualNode})),excNodes:new Set(exc.map(function(v){return v.actualNode}))};
    __nnbookSets.set(e,s);
  }
  if(!s.light||!t||t.shadowId||!t.actualNode)return Jp0(t,e);
  var deepestInclude=null,deepestExclude=null;
  for(var n=t.actualNode;n&&!(deepestInclude&&deepestExclude);n=n.parentNode){
    if(!deepestInclude&&s.incNodes.has(n))deepestInclude=n;
    if(!deepestExclude&&s.excNodes.has(n))deepestExclude=n;
  }
  if(!deepestInclude)return false;
  if(!deepestExclude)return true;
  return deepestExclude.contains(deepestInclude);
}
window.__nnbookAxeOriginalIsNodeInContext=Jp0;
"""


def axe_source() -> str:
    """axe.min.js with isNodeInContext replaced by the faster one (unchanged if the original is not found)."""
    source = AXE.read_text(encoding="utf-8")
    if source.count(ORIGINAL) != 1:
        return source
    return source.replace(ORIGINAL, "var __nnbookSets=new WeakMap;" + FAST + ORIGINAL.replace("function Jp(", "function Jp0(", 1), 1)


SOURCE = axe_source()


def inject(page):
    """axe on the page, once (a page swapped in place keeps it). DevTools evaluation: the page's CSP does not apply."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(SOURCE)
