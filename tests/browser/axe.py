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

Second, axe's layout grid leaves out KaTeX's glyph boxes and MathML copy (three quarters of a chapter's
elements): building the grid was a third of a colour-contrast run, which is most of the accessibility
tests' time (an axe run on the training chapter: 2.9 against 4.0 CPU-s, the dark scheme's colour run 2.2
against 3.1). Those nodes are outside the tests' context already, and they paint no background (the
book's TeX uses no \\colorbox), so no text's contrast is computed differently; text that a tall formula's
box overlapped, which axe left undecided ("bgOverlap"), is now judged. test_accessibility.py runs the
contrast check both ways on a chapter: the same violations, and the undecided only fewer, each of them
"bgOverlap".
"""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"
# axe 4.11.0's layout grid (createGrid: every element's stacking order and boxes, for the contrast check's
# "what lies behind this text"), walking the whole document; and the same walk that skips KaTeX's glyph
# boxes and MathML copy (see GRID_SKIPS_MATH), unless window.__nnbookAxeFullGrid is set.
GRID_WALK = "o=document.createTreeWalker(e,window.NodeFilter.SHOW_ELEMENT,null,!1)"
GRID_WALK_WITHOUT_MATH = "o=document.createTreeWalker(e,window.NodeFilter.SHOW_ELEMENT,{acceptNode:__nnbookGridNode},!1)"
GRID_FILTER = """var __nnbookGridNode=function(n){
  return !window.__nnbookAxeFullGrid&&n.classList&&(n.classList.contains("katex-html")||n.classList.contains("katex-mathml"))?2:1};
"""
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
    """axe.min.js with isNodeInContext replaced by the faster one and the grid's walk skipping formulas
    (each left unchanged if its original is not found)."""
    source = AXE.read_text(encoding="utf-8")
    if source.count(ORIGINAL) == 1:
        source = source.replace(ORIGINAL, "var __nnbookSets=new WeakMap;" + FAST + ORIGINAL.replace("function Jp(", "function Jp0(", 1), 1)
    if source.count(GRID_WALK) == 1:
        source = GRID_FILTER + source.replace(GRID_WALK, GRID_WALK_WITHOUT_MATH, 1)
    return source


SOURCE = axe_source()


def inject(page):
    """axe on the page, once (a page swapped in place keeps it). DevTools evaluation: the page's CSP does not apply."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(SOURCE)
