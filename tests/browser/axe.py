"""axe-core as the accessibility tests inject it: the vendored, pinned axe.min.js with one function
made faster, its answers unchanged.

Why: the tests exclude what is inside each formula's <math> from axe's context (thousands of nodes per
chapter, one subtree per formula, so hundreds of `exclude` entries). For every node a rule
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

Second, axe's layout grid leaves out what is inside each <math>. Measured when formulas were KaTeX's
boxes (three quarters of a chapter's elements), building the grid was a third of a colour-contrast run, which is most of the accessibility
tests' time (an axe run on the training chapter: 2.9 against 4.0 CPU-s, the dark scheme's colour run 2.2
against 3.1). Those nodes are outside the tests' context already, and they paint no background (the
book's TeX uses no \\colorbox), so no text's contrast is computed differently; text that a tall formula's
box overlapped, which axe left undecided ("bgOverlap"), is now judged. test_accessibility.py runs the
contrast check both ways on a chapter: the same violations, and the undecided only fewer, each of them
"bgOverlap".

Third, the colour checks' colours (most of what is left of a contrast run): axe parses every colour string
it reads (each element's color and background-color, for every text node and every element behind it)
with colorjs.io, anew each time; parsing is pure, so each string is parsed once per page and its channels
kept. And axe's Color class keeps its six channels in Babel's stand-ins for private fields: a WeakMap per
channel, six WeakMap writes per colour made and two per channel set, tens of thousands of colours per
contrast run, and the garbage collector then walking those WeakMaps. They become ordinary properties of
the object (the class's own methods are the only ones that touch them). A contrast run on the training
chapter: about 1.0-1.5 against 1.7-2.6 s. test_accessibility.py checks that the patched axe answers the
colour rules exactly as the original does (violations, undecided and passes, with their data).
"""

from __future__ import annotations

import re
from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"
# axe 4.11.0's layout grid (createGrid: every element's stacking order and boxes, for the contrast check's
# "what lies behind this text"), walking the whole document; and the same walk that skips what is inside
# each <math> (the formula's element itself stays), unless window.__nnbookAxeFullGrid is set.
GRID_WALK = "o=document.createTreeWalker(e,window.NodeFilter.SHOW_ELEMENT,null,!1)"
GRID_WALK_WITHOUT_MATH = "o=document.createTreeWalker(e,window.NodeFilter.SHOW_ELEMENT,{acceptNode:__nnbookGridNode},!1)"
GRID_FILTER = """var __nnbookGridNode=function(n){
  return !window.__nnbookAxeFullGrid&&n.parentNode&&n.parentNode.localName==="math"?2:1};
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


# axe 4.11.0's Color.parseString, after its hsl() rewrite: colorjs.io parses the string and converts it to sRGB.
PARSE = 'var e,r=new u(t).to("srgb");e&&(Array.from=e,e=null),this.r=r.r,this.g=r.g,this.b=r.b,this.alpha=+r.alpha'
PARSE_ONCE = ('var e,r=__nnbookColours.get(t);if(!r){r=new u(t).to("srgb"),r={r:r.r,g:r.g,b:r.b,alpha:r.alpha};'
              '__nnbookColours.set(t,r)}e&&(Array.from=e,e=null),this.r=r.r,this.g=r.g,this.b=r.b,this.alpha=+r.alpha')
# axe 4.11.0's Color class (E1): its six channel fields, each a WeakMap, and Babel's helpers that reach them
# (ce: define, fe: get, me: set); nothing outside the class names these WeakMaps.
COLOUR_CLASS = "E1=(Re=new WeakMap,Ne=new WeakMap,Te=new WeakMap,Se=new WeakMap,_e=new WeakMap,Oe=new WeakMap,Me=new WeakSet,"
CHANNEL = re.compile(r"\b(ce|fe|me)\((this,)?(Re|Ne|Te|Se|_e|Oe)\b")


def _call_end(text: str, at: int) -> int:
    """The index of the bracket that closes the one just before ``at``."""
    depth = 1
    while depth:
        depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(text[at], 0)
        at += 1
    return at - 1


def channels_as_properties(source: str) -> str | None:
    """``source`` with the Color class's WeakMap fields made plain properties (this.__nnRe, ...); None if
    the class is not found as written above or a field is reached in a way not rewritten here."""
    start = source.find(COLOUR_CLASS)
    if start < 0 or source.count(COLOUR_CLASS) != 1:
        return None
    end = _call_end(source, start + len("E1=("))
    body, out, at = source[start:end + 1], [], 0
    for match in CHANNEL.finditer(body):
        if match.start() < at:
            return None
        close = _call_end(body, match.end() - len(match.group(3)))
        call, field = match.group(1), match.group(3)
        args = body[match.end() - len(match.group(3)) - len(match.group(2) or ""):close]
        out.append(body[at:match.start()])
        if call == "ce" and args == f"this,{field},void 0":
            out.append(f"(this.__nn{field}=void 0)")
        elif call == "fe" and args == f"{field},this":
            out.append(f"this.__nn{field}")
        elif call == "me" and args.startswith(f"{field},this,"):
            out.append(f"(this.__nn{field}={args[len(field) + 6:]})")
        else:
            return None
        at = close + 1
    out.append(body[at:])
    rewritten = "".join(out)
    outside = source[:start] + source[end + 1:]
    if CHANNEL.search(rewritten) or re.search(r"\b(?:ce|fe|me)\((?:this,|\w+,)?(?:Re|Ne|Te|Se|_e|Oe)[,)]", outside):
        return None
    return source[:start] + rewritten + source[end + 1:]


def axe_source() -> str:
    """axe.min.js with isNodeInContext replaced by the faster one, the grid's walk skipping formulas, each
    colour string parsed once and the Color class's channels plain properties (each left unchanged if its
    original is not found)."""
    source = AXE.read_text(encoding="utf-8")
    if source.count(ORIGINAL) == 1:
        source = source.replace(ORIGINAL, "var __nnbookSets=new WeakMap;" + FAST + ORIGINAL.replace("function Jp(", "function Jp0(", 1), 1)
    if source.count(GRID_WALK) == 1:
        source = GRID_FILTER + source.replace(GRID_WALK, GRID_WALK_WITHOUT_MATH, 1)
    if source.count(PARSE) == 1:
        source = "var __nnbookColours=new Map;" + source.replace(PARSE, PARSE_ONCE, 1)
    return channels_as_properties(source) or source


SOURCE = axe_source()


def inject(page):
    """axe on the page, once (a page swapped in place keeps it). DevTools evaluation: the page's CSP does not apply."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(SOURCE)
