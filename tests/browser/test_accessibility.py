"""Every page passes axe-core (WCAG 2.1 A and AA) at 1280 and 320 px, in light and dark colour schemes.

axe-core is vendored and pinned like every other asset (scripts/vendor-manifest.json) but no page
of the book loads it: the test injects it. One visit per page, on the warm tab (the 404 page, a full
load, in a tab of its own, so the warm tab keeps its worker): the page is swapped
in as a reader's click swaps it (static/js/navigation.js), so the figures mount afresh on the running
worker instead of booting Python again for each of the 15 visits. The visit opens at 320 px, the
narrowest width WCAG's reflow criterion asks for, where nothing may scroll sideways and every rule but
the colour ones runs (the scroll regions that width makes included); it is then widened to 1280 px,
where every rule runs and the colour rules again in the dark scheme (switching the emulated scheme
needs no reload): one swap and one settling of the figures per page instead of one per width.

The same visit is watched for what the Content-Security-Policy refuses (tests/browser/policy.py), so
that each page is swapped in and its figures settled once for both checks (test_security_headers.py
checks the policy the server sends and the full load that boots the runtime under it).

Phones are laid out alike from 320 px up to the first breakpoint of the book's stylesheets (30rem):
test_no_breakpoint_lies_between_320_and_360_px keeps it so, so the checks at 320 px stand for a 360 px
phone too (one axe run and one re-layout per page fewer than checking both widths).
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from . import axe
from .conftest import in_front
from .helpers import looked_again, open_page, resize_between_pages, wait_math
from .policy import PolicyWatch

ROOT = Path(__file__).resolve().parents[2]
BOOK = tomllib.loads((ROOT / "content" / "book.toml").read_text(encoding="utf-8"))
CHAPTERS = [f"/chapters/{re.sub(r'^[0-9]+-', '', entry)}" for entry in BOOK["chapters"]]
PAGES = ["/", *CHAPTERS, *[f"/{page}" for page in BOOK.get("pages", [])], "/playground", "/no-such-page"]
# WCAG 2.1 A/AA, plus two best-practice rules the audit of issue 17 found broken (heading order in a
# figure, table headers holding nothing a screen reader could say).
WCAG = {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
EXTRA = {"heading-order": {"enabled": True}, "empty-table-header": {"enabled": True}}
# Colours do not depend on the width, and nothing but colour on the scheme: the colour rules run
# at 1280 px in both schemes, the rest at both widths in one (axe's contrast check is most of its time).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
# At phone width also a best-practice rule: what becomes a scroll region there is given role=region
# (static/js/scroll-regions.js), and aria-allowed-role checks that role where it lands.
PHONE_EXTRA = ["aria-allowed-role"]
PHONE = {"width": 320, "height": 900}
# What is inside each formula's <math> (its glyphs, their colour the sentence's) is thousands of nodes
# per chapter; the formula's own element (<math>, role math, its spoken name) is still checked.
CONTEXT = {"exclude": [["math > *"]]}


def axe_violations(page, rules=None, without=(), adding=()) -> list[str]:
    """axe's violations on the page as it is now, one readable line per element: ``rules`` only, or the
    WCAG rules and EXTRA less ``without`` and with ``adding``."""
    axe.inject(page)
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    else:
        options["runOnly"] = WCAG
        options["rules"] = {**EXTRA, **{rule: {"enabled": True} for rule in adding},
                            **{rule: {"enabled": False} for rule in without}}
    found = page.evaluate("([context, options]) => axe.run(context, options).then((r) => r.violations.map((v) => ({id: v.id, "
                          "impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ') + ' — ' + n.failureSummary.split('\\n')[1])})))",
                          [CONTEXT, options])
    return [f"{v['id']} ({v['impact']}): {node}" for v in found for node in v["nodes"]]


def settle(page):
    """Math typeset, every figure running (drawn by the runtime, not just the first frame), scroll regions marked."""
    wait_math(page)
    page.wait_for_function("() => [...document.querySelectorAll('figure.widget')].every((f) => ['live', 'server', 'error'].includes(f.dataset.status)"
                           " && !f.hasAttribute('data-busy'))", timeout=120_000)
    looked_again(page)


def test_no_breakpoint_lies_between_320_and_360_px():
    """The phone checks run at 320 px for every phone width up to the first breakpoint: a media query
    between 320 and 360 px would give a 360 px phone a layout they never saw."""
    widths = []
    for sheet in (ROOT / "static" / "css").glob("*.css"):
        for query in re.findall(r"@media[^{]*", sheet.read_text(encoding="utf-8")):
            for value, unit in re.findall(r"(?:(?:min|max)-width:|width\s*[<>]=?)\s*([0-9.]+)(rem|px)", query):
                widths.append(float(value) * (16 if unit == "rem" else 1))
    assert widths, "no width breakpoint found: the stylesheets moved?"
    assert [w for w in widths if 320 < w <= 360] == []


@pytest.mark.parametrize("path", PAGES)
def test_axe_and_the_policy_find_no_violation(warm_page, watch, live_server, path):
    """One visit per page: opened at 320 px as the narrowest phone opens it, then widened to 1280 px
    (the figures lay themselves out again on a resize, as a reader's window does)."""
    if path != "/no-such-page":
        check_page(warm_page, watch, live_server, path)
        return
    # The 404 page is a full load: in a tab of its own, so the warm tab keeps its worker (and the next
    # test on it does not boot Python again).
    page = warm_page.context.new_page()
    watch.detach(warm_page)
    watch.attach(page)
    try:
        in_front(page)
        check_page(page, watch, live_server, path)
    finally:
        watch.detach(page)
        page.close()
        watch.attach(warm_page)


def check_page(page, watch, live_server, path):
    resize_between_pages(page, live_server, PHONE)
    with PolicyWatch(page) as policy:
        if path == "/no-such-page":  # a full load: the 404 page as the server sends it
            response = page.goto(live_server + path)
            assert response.status == 404
            watch.console_errors[:] = [e for e in watch.console_errors if "404" not in e]  # the browser logs it
        else:
            open_page(page, live_server, path)
        settle(page)
        check_widths_and_schemes(page, path)
        # The same visit under the Content-Security-Policy (test_security_headers.py checks what the
        # server sends): every figure live, nothing refused, at both widths and in both schemes.
        policy.assert_obeyed(path)


def check_widths_and_schemes(page, path):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{path} scrolls sideways at 320 px"
    # Every rule but colour; what became a scroll region at this width is reachable and named.
    problems = axe_violations(page, without=COLOUR_RULES, adding=PHONE_EXTRA)
    assert not problems, f"{path} at 320 px:\n" + "\n".join(problems)

    looked_again(page, lambda: page.set_viewport_size({"width": 1280, "height": 900}))
    settle(page)  # a figure that redraws for the new width is running again
    problems = [f"[light] {line}" for line in axe_violations(page)]
    page.emulate_media(color_scheme="dark")
    try:
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")  # a theme set by script follows
        problems += [f"[dark] {line}" for line in axe_violations(page, rules=COLOUR_RULES)]
    finally:
        page.emulate_media(color_scheme="light")
    assert not problems, f"{path} at 1280 px:\n" + "\n".join(problems)


@pytest.mark.without_runtime
def test_axe_s_context_check_answers_as_axe_s_own_on_every_node_of_a_chapter(page, live_server):
    """tests/browser/axe.py's faster isNodeInContext against axe's original, on every element of the
    activations chapter (over a hundred formulas): for the context the tests pass and for nested includes
    and excludes (a node included inside an excluded one, an exclude inside an include, both on one node)."""
    assert "__nnbookAxeOriginalIsNodeInContext" in axe.SOURCE, "axe changed: tests/browser/axe.py no longer applies"
    page.goto(live_server + "/chapters/activations")
    wait_math(page)
    axe.inject(page)
    contexts = [CONTEXT, {"exclude": []}, {"include": [["main"]], "exclude": [["main p"], ["math"]]},
                {"include": [["main"], ["main p"], ["math > *"]], "exclude": [["main section"], ["math"], ["main p"]]},
                {"include": [["h2"]]}]
    checked, disagreements = page.evaluate("""(contexts) => {
        axe.setup(document);
        try {
            const { Context } = axe._thisWillBeDeletedDoNotUse.base;
            const nodes = axe.utils.querySelectorAll(axe._tree[0], '*');
            const original = window.__nnbookAxeOriginalIsNodeInContext;
            const differ = [];
            for (const spec of contexts) {
                const context = new Context(spec, axe._tree);
                for (const node of nodes) {
                    if (axe.utils.isNodeInContext(node, context) !== original(node, context)) {
                        differ.push(JSON.stringify(spec) + ' ' + axe.utils.getSelector(node.actualNode));
                    }
                }
            }
            return [nodes.length, differ.slice(0, 10)];
        } finally { axe.teardown(); }
    }""", contexts)
    assert checked > 2_000, checked  # the chapter with its typeset formulas, not an empty page
    assert disagreements == []


def test_the_faster_axe_judges_colours_as_axe_does_and_its_grid_only_decides_more(warm_page, live_server):
    """tests/browser/axe.py's axe against axe as published, on the perceptron chapter (its figures live).
    With axe's whole grid, the colour rules give exactly axe's answers: violations,
    undecided and passes, each with its data (the colours, the ratio, why), so parsing each colour once
    and the Color class's plain fields change nothing. With the grid that leaves out what is inside each <math>:
    the same violations, and what axe leaves undecided only fewer, each one text that a formula's box
    overlapped ("bgOverlap")."""
    assert "__nnbookGridNode" in axe.SOURCE, "axe changed: tests/browser/axe.py's grid no longer applies"
    assert "__nnbookColours" in axe.SOURCE and "this.__nnRe" in axe.SOURCE, "axe changed: the colour patches no longer apply"
    # The runs below must all see the same page: figures live and idle (a held runtime would give up
    # after its stall timeout and move them to the server meanwhile), the page laid out for good (blocks
    # off screen are skipped until then) and its fonts in.
    page = warm_page
    open_page(page, live_server, "/chapters/perceptron")
    settle(page)
    page.wait_for_function("() => document.documentElement.classList.contains('laid-out')", timeout=30_000)
    page.evaluate("() => document.fonts.ready.then(() => true)")
    run = """([context, full]) => { window.__nnbookAxeFullGrid = full;
        return axe.run(context, { runOnly: { type: 'rule', values: ['color-contrast', 'link-in-text-block'] } }).then((r) =>
            Object.fromEntries(['violations', 'incomplete', 'passes'].map((kind) => [kind, Object.fromEntries(
                r[kind].flatMap((v) => v.nodes.map((n) => [v.id + ' ' + n.target.join(' '),
                    n.any.map((c) => JSON.stringify([c.id, c.data]))])))]))); }"""
    page.evaluate("() => { delete window.axe; }")  # the warm tab may hold the faster one
    page.evaluate(axe.AXE.read_text(encoding="utf-8"))  # as published
    published = page.evaluate(run, [CONTEXT, True])
    page.evaluate("() => { delete window.axe; }")
    axe.inject(page)  # the faster one again, also for the tests after this one on the tab
    whole = page.evaluate(run, [CONTEXT, True])
    for kind in published:
        differ = {node: (published[kind].get(node), whole[kind].get(node)) for node in published[kind].keys() | whole[kind].keys()
                  if published[kind].get(node) != whole[kind].get(node)}
        assert differ == {}, f"{kind}: published axe, then this one: {differ}"
    assert published["passes"], "no colour was judged: the comparison would prove nothing"
    without = page.evaluate(run, [CONTEXT, False])
    assert without["violations"] == whole["violations"]
    assert set(without["incomplete"]) <= set(whole["incomplete"])
    judged = {node: why for node, why in whole["incomplete"].items() if node not in without["incomplete"]}
    assert all([(json.loads(w)[1] or {}).get("messageKey") for w in why] == ["bgOverlap"] for why in judged.values()), judged
