"""What a screen reader hears: math-only names, a figure's state in words, paced announcements,
and reduced motion (issue 17). Names are read from Chromium's own accessibility tree."""

from __future__ import annotations

import pytest

from .helpers import open_page, resize_between_pages, wait_idle, wait_live, wait_math

PERCEPTRON = 'figure.widget[data-widget="perceptron"]'
BACKPROP = 'figure.widget[data-widget="backprop"]'

# Every change of a region a screen reader would announce (aria-live other than off, role status
# or alert, <output> without aria-live=off), with its time: what a listener hears, and when.
RECORD_ANNOUNCEMENTS = """(sel) => {
  const figure = document.querySelector(sel);
  window.__heard = [];
  const live = (el) => {
    for (let n = el; n && n !== document; n = n.parentElement) {
      const a = n.getAttribute && n.getAttribute('aria-live');
      if (a === 'off') return false;
      if (a === 'polite' || a === 'assertive') return true;
      const role = n.getAttribute && n.getAttribute('role');
      if (role === 'status' || role === 'alert' || n.tagName === 'OUTPUT') return true;
    }
    return false;
  };
  new MutationObserver((records) => {
    const changed = new Set();
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (el && live(el) && !el.closest('.widget-status')) changed.add(el);
    }
    for (const el of changed) window.__heard.push({t: performance.now(), text: el.textContent});
  }).observe(figure, {subtree: true, childList: true, characterData: true});
}"""


def ax_nodes(page):
    cdp = page.context.new_cdp_session(page)
    try:
        return cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()


def _name(node):
    return (node.get("name") or {}).get("value", "")


def _role(node):
    return (node.get("role") or {}).get("value", "")


def test_math_only_quiz_choices_and_questions_are_read_in_full(warm_page, live_server):
    page = warm_page
    open_page(page, live_server, "/chapters/architecture")
    wait_math(page)
    nodes = [n for n in ax_nodes(page) if not n.get("ignored")]
    radios = [_name(n) for n in nodes if _role(n) == "radio"]
    assert radios, "no quiz radio button in the accessibility tree"
    assert all(name.strip() for name in radios), f"radio buttons without a name: {radios}"
    # The chapter's first quiz offers shapes written only in math: each is read as words.
    assert any("by" in name or "times" in name or "superscript" in name or "sub" in name for name in radios), radios
    # A question that holds math says it: the group (fieldset) is named by its legend in full.
    groups = [_name(n) for n in nodes if _role(n) in ("group", "radiogroup") and "?" in _name(n)]
    assert groups
    assert not [g for g in groups if "of ?" in g or "of  ?" in g], f"questions with a silent formula: {groups}"
    assert "What is the shape of W superscript l ?" in groups  # was "What is the shape of ?" (issue 17)
    # A formula is one math node (Chromium's role for <math>, exposed to screen readers as math) whose
    # name is its spoken text, e.g. "W superscript 2".
    maths = [_name(n) for n in nodes if _role(n) == "MathMLMath"]
    assert maths and all(maths), "a formula without a spoken name"
    assert any("superscript" in m for m in maths)


def _descriptions(page, sel):
    return page.evaluate("""(sel) => { const f = document.querySelector(sel);
      return [f.querySelector('.widget-body').getAttribute('aria-label'), f.querySelector('.widget-alt').textContent,
              ...[...f.querySelectorAll('canvas[role=img]')].map((c) => c.getAttribute('aria-label'))]; }""", sel)


def test_a_figure_says_its_new_state_after_train_in_label_caption_and_canvas(warm_page, live_server):
    page = warm_page
    open_page(page, live_server, "/chapters/perceptron")
    wait_live(page)
    wait_idle(page, PERCEPTRON)
    before = _descriptions(page, PERCEPTRON)
    assert len(set(before)) == 1 and before[0], before  # group label, hidden caption and canvas agree
    page.locator(PERCEPTRON).first.locator("button", has_text="Train").click()
    page.wait_for_function("([sel, old]) => document.querySelector(sel + ' .widget-body').getAttribute('aria-label') !== old",
                           arg=[PERCEPTRON, before[0]], timeout=30_000)
    after = _descriptions(page, PERCEPTRON)
    assert len(set(after)) == 1, f"label, caption and canvas disagree after Train: {after}"
    assert after[0] != before[0]


def test_training_announces_at_most_once_a_second_and_once_at_the_end(warm_page, live_server):
    page = warm_page
    open_page(page, live_server, "/chapters/perceptron")
    wait_live(page)
    wait_idle(page, PERCEPTRON)
    figure = page.locator(PERCEPTRON).first
    page.evaluate(RECORD_ANNOUNCEMENTS, PERCEPTRON)
    train = figure.locator("button", has_text="Train")
    train.click()
    page.wait_for_timeout(3500)
    if figure.locator("button[aria-pressed=true]").count():
        figure.locator("button[aria-pressed=true]").click()  # pause
    page.wait_for_timeout(1500)
    heard = page.evaluate("window.__heard")
    assert heard, "training ended without a word"
    times = [h["t"] for h in heard]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert all(g >= 950 for g in gaps), f"announcements closer than a second: {gaps} {heard}"
    assert "Training stopped" in heard[-1]["text"]
    # A slider moved tick by tick: nothing per tick; at most the state once the reader lets go.
    page.evaluate("window.__heard = []")
    slider = figure.locator("input[type=range]").first
    slider.focus()
    for _ in range(6):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(80)
    page.wait_for_timeout(2500)
    heard = page.evaluate("window.__heard")
    assert len(heard) <= 1, f"a slider's ticks were announced: {heard}"
    # One Step: one summary, the figure's new state in words.
    page.evaluate("window.__heard = []")
    figure.locator("button", has_text="Step").click()
    page.wait_for_function("() => window.__heard.length > 0", timeout=15_000)
    page.wait_for_timeout(1500)
    heard = page.evaluate("window.__heard")
    assert len(heard) == 1, heard
    assert heard[0]["text"].strip() == figure.locator(".widget-body").get_attribute("aria-label")


def test_reduced_motion_train_jumps_to_its_result_drawn_once(warm_page, live_server):
    # The warm tab: the preference is set before the chapter is swapped in, so its figures mount under it.
    page = warm_page
    page.emulate_media(reduced_motion="reduce")
    try:
        open_page(page, live_server, "/chapters/perceptron")
        wait_idle(page, PERCEPTRON)
        figure = page.locator(PERCEPTRON).first
        page.evaluate("""(sel) => { const f = document.querySelector(sel); window.__draws = 0;
          new MutationObserver(() => { window.__draws += 1; }).observe(f.querySelector('.widget-update'),
            {subtree: true, childList: true, characterData: true}); }""", PERCEPTRON)
        before = page.evaluate("(sel) => JSON.parse(document.querySelector(sel + ' script.widget-state').textContent).state.epoch ?? null", PERCEPTRON)
        figure.locator("button", has_text="Train").click()
        page.wait_for_function("(sel) => document.querySelector(sel + ' button[aria-pressed]').getAttribute('aria-pressed') === 'false' && window.__draws > 0",
                               arg=PERCEPTRON, timeout=60_000)
        draws = page.evaluate("window.__draws")
        assert draws <= 2, f"with reduced motion, Train drew {draws} frames instead of jumping to its result"
        epoch = figure.locator("[data-field=epoch]").inner_text()
        assert epoch.strip() not in ("0", str(before)), f"the jump did not train: epoch {epoch}"
    finally:
        page.emulate_media(reduced_motion="no-preference")


def test_reduced_motion_backprop_auto_goes_straight_to_the_last_step(warm_page, live_server):
    page = warm_page
    page.emulate_media(reduced_motion="reduce")
    try:
        open_page(page, live_server, "/chapters/backpropagation")
        wait_idle(page, BACKPROP)
        figure = page.locator(BACKPROP).first
        caption = figure.locator(".backprop-stage")
        total = caption.inner_text().split(" of ")[1].split(":")[0].split(" ")[0]
        figure.locator("button", has_text="Auto").click()
        page.wait_for_function("([sel, n]) => document.querySelector(sel + ' .backprop-stage').textContent.startsWith(`Step ${n} of ${n}`)",
                               arg=[BACKPROP, total], timeout=5_000)
        # The canvas and the figure's label say the step shown.
        label = figure.locator("canvas[role=img]").first.get_attribute("aria-label")
        assert f"Step {total} of {total}" in label
        assert figure.locator(".widget-body").get_attribute("aria-label") == label
    finally:
        page.emulate_media(reduced_motion="no-preference")


# The keyboard focus ring (--focus-ring) against the background around each focusable kind of thing.
FOCUS_RING = """(sel) => {
  const el = document.querySelector(sel);
  el.focus();
  const style = getComputedStyle(el);
  let bg = null;
  for (let n = el.parentElement; n; n = n.parentElement) {
    const c = getComputedStyle(n).backgroundColor;
    if (c && c !== 'transparent' && !/rgba\\(.*, 0\\)$/.test(c)) { bg = c; break; }
  }
  return { focused: document.activeElement === el, visible: el.matches(':focus-visible'), style: style.outlineStyle,
           width: parseFloat(style.outlineWidth), ring: style.outlineColor, bg: bg || 'rgb(255, 255, 255)' };
}"""


def _rgb(css):
    parts = [float(v) for v in css[css.index("(") + 1:-1].replace("/", ",").split(",")]
    return parts[:3], (parts[3] if len(parts) > 3 else 1.0)


def contrast(a, b):
    """WCAG 2.1 contrast ratio of two sRGB colours (a test's measuring stick, not book mathematics)."""
    def luminance(rgb):
        c = [v / 255 for v in rgb]
        c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_focus_ring_has_three_to_one_contrast_on_every_background(warm_page, live_server):
    page = warm_page
    open_page(page, live_server, "/chapters/perceptron")
    wait_math(page)
    page.wait_for_selector(f"{PERCEPTRON} input[type=range]")
    targets = ["main a[href]", ".site-nav a", ".book-nav a", f"{PERCEPTRON} input[type=range]", f"{PERCEPTRON} select",
               f"{PERCEPTRON} button", ".quiz input[type=radio]", ".quiz button", ".admonition a[href]", "details summary"]
    page.keyboard.press("Tab")  # the reader uses the keyboard: focus() then shows the ring (:focus-visible)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        checked = 0
        for sel in targets:
            if not page.locator(sel).count():
                continue
            r = page.evaluate(FOCUS_RING, sel)
            assert r["focused"] and r["visible"], f"{sel} takes no visible keyboard focus"
            assert r["style"] != "none" and r["width"] >= 2, f"{sel}: no focus ring ({r})"
            ring, alpha = _rgb(r["ring"])
            assert alpha == 1.0, f"{sel}: a translucent ring {r['ring']}"
            ratio = contrast(ring, _rgb(r["bg"])[0])
            assert ratio >= 3, f"[{scheme}] {sel}: focus ring {r['ring']} on {r['bg']} is {ratio:.2f}:1"
            checked += 1
        assert checked >= 6
    page.emulate_media(color_scheme="light")


def test_wide_formulas_are_named_keyboard_scroll_regions_with_an_edge_cue(warm_page, live_server):
    page = warm_page
    resize_between_pages(page, live_server, {"width": 360, "height": 900})
    try:
        open_page(page, live_server, "/chapters/forward-propagation")
        wait_math(page)
        region = page.locator(".math.block[data-scrolls]").first
        region.wait_for(timeout=10_000)
        assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
        assert region.get_attribute("aria-label").startswith("Formula: ")
        assert region.get_attribute("aria-label").endswith(", scrolls sideways")
        assert region.get_attribute("data-scrolls") == "end"
        assert page.evaluate("(el) => getComputedStyle(el).boxShadow", region.element_handle()) != "none"  # the edge cue
        region.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("(el) => el.scrollLeft > 0", arg=region.element_handle(), timeout=5_000)
        page.wait_for_function("(el) => el.dataset.scrolls.includes('start')", arg=region.element_handle(), timeout=5_000)
        # Wide again: formulas that fit now are no tab stops any more.
        count = page.locator(".math.block[tabindex]").count()
        page.set_viewport_size({"width": 1280, "height": 900})
        page.wait_for_function("(n) => document.querySelectorAll('.math.block[tabindex]').length < n && [...document.querySelectorAll("
                               "'.math.block[tabindex]')].every((e) => e.scrollWidth > e.clientWidth + 1)", arg=count, timeout=5_000)
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.without_runtime  # layout and the accessibility tree are the page's; no live figure is needed
def test_text_far_below_the_screen_reaches_the_accessibility_tree(page, live_server):
    """Off-screen blocks skip layout for the first paint (content-visibility), and Chromium leaves skipped
    text out of the accessibility tree: once the page has loaded and gone idle, every block is laid out."""
    page.goto(live_server + "/chapters/architecture")
    page.wait_for_function("() => document.documentElement.classList.contains('laid-out')", timeout=30_000)
    last = page.evaluate("""() => { const ps = [...document.querySelectorAll('.chapter-body > p')]
        .filter((p) => !p.closest('details, form') && p.textContent.trim().length > 40 && !p.querySelector('.math'));
        return ps[ps.length - 1].textContent.trim().slice(0, 30); }""")
    assert page.evaluate("() => window.scrollY") == 0
    texts = [_name(n) for n in ax_nodes(page) if not n.get("ignored") and _role(n) == "StaticText"]
    assert any(last in text for text in texts), f"the chapter's last paragraph ({last!r}) is not in the accessibility tree"
