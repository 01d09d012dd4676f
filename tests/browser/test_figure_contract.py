"""The contract every figure keeps, checked in real Chromium for every figure in the registry.

For each figure (engine/widgets/registry.py), on the chapter that places it:
- it has a number and a visible caption ("Figure 2.1 — …");
- its first frame is drawn before the runtime is ready, a change made meanwhile is queued (not
  dropped), and then it goes live (the figures held as before a ready runtime on the warm tab's
  running worker: HeldChapter);
- every rendered control has exactly the declared min/max/step/default/choices (data-options);
- a refused input is explained in the figure, and a valid one clears it;
- the keyboard operates it, and its description (hidden text, aria-label) follows the new state;
- no label on its canvases overlaps another or is cut off and no select's text is truncated, at
  1280 px and at 360 px (one of them after a live resize of its chapter), and nothing sticks out at 360 px;
- a URL carrying every option restores every option (one address per chapter carries them for all
  its figures, opened once on the warm tab);
- no console error and no request outside the origin (the `page` fixture checks both).
Figure-specific checks (numbers equal the engine's in CPython, …) live in test_<figure>.py.
"""

from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser

import pytest

from engine.widgets import registry
from engine.widgets.protocol import dispatch
from tests.browser import figure_contract_js as js
from tests.browser.conftest import VIEWPORT
from tests.browser import helpers
from tests.browser.helpers import assert_fits_width, figures_held, looked_again, open_page, settle_labels
from tests.real_book import real_book

pytestmark = pytest.mark.browser

BOOK = real_book()
PLACED = {}
for _chapter in BOOK.chapters:
    for _name in _chapter.widgets:
        PLACED.setdefault(_name, _chapter.url)
NAMES = registry.widget_names()
CHAPTERS = [c.url for c in BOOK.chapters]
BY_CHAPTER = sorted(NAMES, key=lambda n: CHAPTERS.index(PLACED[n]))  # the figures of one chapter run together
# The last of each chapter's figures (in that order): its test resizes the chapter and checks them all.
LAST_OF_CHAPTER = {PLACED[n]: n for n in BY_CHAPTER}
WITH_FIGURES = list(LAST_OF_CHAPTER)  # the chapters that place a figure, in the book's order


def selector(name: str) -> str:
    return f'figure.widget[data-widget="{name}"]'


def table(page, name) -> list[dict]:
    return json.loads(page.locator(selector(name)).first.get_attribute("data-options"))


def config(page, name) -> dict:
    return json.loads(page.locator(selector(name)).first.get_attribute("data-config"))


def wait_idle(page, name, timeout=60_000):
    helpers.wait_idle(page, selector(name), timeout=timeout)


def description(page, name) -> str:
    d = page.evaluate(js.DESCRIPTION, selector(name))
    assert d["text"] == d["label"], "the hidden description and the aria-label disagree"
    return d["text"]


def number_text(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def test_every_registered_figure_is_placed_in_a_chapter():
    assert sorted(PLACED) == sorted(NAMES)


def assert_controls_match_declaration(page, name, values):
    """Each option with a control is rendered once, with exactly its declared range, step and choices."""
    rendered = page.evaluate(js.CONTROLS, selector(name))
    by_option = {}
    for control in rendered:
        by_option.setdefault(control["option"], []).append(control)
    for option in table(page, name):
        if option["control"] == "hidden":
            # A list drawn by the figure itself (one box or slider per element) keeps the list's declaration.
            for control in [c for key, cs in by_option.items() if key.startswith(option["name"] + ".") for c in cs]:
                assert float(control["min"]) == option["min"] and float(control["max"]) == option["max"], control
                assert float(control["step"]) == option["step"], control
            continue
        [control] = by_option.pop(option["name"])
        assert control["label"].strip() == option["label"], f"{option['name']}: label"
        value = values[option["name"]]
        if option["control"] in ("slider", "number"):
            assert control["type"] == ("range" if option["control"] == "slider" else "number")
            assert float(control["min"]) == option["min"], f"{option['name']}: min"
            assert float(control["max"]) == option["max"], f"{option['name']}: max"
            assert float(control["step"]) == option["step"], f"{option['name']}: step"
            assert float(control["value"]) == pytest.approx(value), f"{option['name']}: value"
        elif option["control"] == "select":
            assert control["choices"] == [[str(v), label] for v, label in option["choices"]], f"{option['name']}: choices"
            assert control["value"] == str(value), f"{option['name']}: value"
        elif option["control"] == "checkbox":
            assert control["checked"] == value, f"{option['name']}: checked"


class HeldChapter:
    """Each chapter opened once on the warm tab with its figures held as before a runtime is ready.

    The page is swapped in (helpers.open_page) while the runtime holds what it would tell a newly
    mounted figure (helpers.figures_held): the figures mount, draw their
    first frame and queue a change exactly as while a worker still boots, on the tab's running
    worker instead of a boot per chapter. (A real boot's not-ready state is checked by
    test_first_paint.py, test_runtime_status.py and the snapshot tests.) The checks that need the
    figures not yet live are made there for every figure of the chapter at once, then the figures are
    let go; each figure's outcome is kept for its own test, which runs its live checks on the same tab.
    """

    def __init__(self, live_server):
        self.live_server = live_server
        self.chapter, self.token, self.before = None, 0, {}

    def shown(self, page) -> bool:
        """The tab still shows the chapter as this object opened it (a warm-tab test since may have
        swapped in another page, or this one again: its main element is then a new one)."""
        return self.chapter is not None and page.evaluate(
            "(token) => document.querySelector('#main')?.dataset.contractOpen === String(token)", self.token)

    def open(self, page, chapter):
        """Show ``chapter`` on ``page``, its figures checked while held, unless the tab still shows it so."""
        if self.chapter == chapter and self.shown(page):
            return
        helpers.resize_between_pages(page, self.live_server, opening_width(chapter))
        with figures_held(page, self.live_server):
            open_page(page, self.live_server, chapter)
            self.chapter, self.before = chapter, {}
            self.token += 1
            page.evaluate("(token) => { document.querySelector('#main').dataset.contractOpen = String(token); }", self.token)
            for name in [n for n in NAMES if PLACED[n] == chapter]:
                try:
                    self.before[name] = before_the_runtime_is_ready(page, name)
                except AssertionError as failure:  # reported by that figure's own test
                    self.before[name] = failure

    def forget(self):
        self.chapter = None


@pytest.fixture(scope="module")
def held_chapter(live_server):
    return HeldChapter(live_server)


def before_the_runtime_is_ready(page, name) -> str:
    """First frame, description, declared controls; a change made now must be queued. -> the first description."""
    figure = page.locator(selector(name)).first
    figure.locator(".widget-options").first.wait_for(state="attached")  # mounted
    assert figure.get_attribute("data-status") in ("static", "loading")
    assert page.evaluate(js.PAINTED, selector(name)) > 3, "the canvas is blank before the runtime is ready"
    options = config(page, name)
    first = dispatch(name, "initial", options)
    # The engine's words first; a figure may add what only its view knows (module.describe: backprop's step).
    assert description(page, name).startswith(first["description"])
    defaults = {o["name"]: options.get(o["name"], o["default"]) for o in table(page, name)}
    assert_controls_match_declaration(page, name, defaults)
    # The reader moves a control while the engine is still loading: the change waits, it is not lost.
    control = figure.locator("input[type=range]:not([disabled]), input[type=number]").first
    control.focus()
    page.keyboard.press("ArrowUp")
    assert figure.get_attribute("data-status") in ("static", "loading"), "the runtime was ready too early for this check"
    return first["description"]


@pytest.mark.keep_viewport  # a chapter's figures act at its opening width (opening_width)
@pytest.mark.parametrize("name", BY_CHAPTER)
def test_first_frame_queued_change_live_refusal_keyboard_description_and_phone_width(warm_page, held_chapter, name):
    """One opening per chapter: the not-ready checks for all its figures, then each figure's live checks;
    the chapter's last figure then resizes the tab and checks all of them at the other width."""
    page = warm_page
    try:
        held_chapter.open(page, PLACED[name])
        first = held_chapter.before[name]
        if isinstance(first, AssertionError):
            raise first
        narrow = page.viewport_size["width"] == PHONE["width"]
        figure = page.locator(selector(name)).first
        figure.scroll_into_view_if_needed()
        wait_idle(page, name)
        assert description(page, name) != first, "the change made before the runtime was ready was dropped"
        assert figure.get_attribute("data-status") == "live"
        live_checks(page, name, narrow)
        if LAST_OF_CHAPTER[PLACED[name]] == name:
            held_chapter.forget()  # the chapter is left at the other width: the next opening starts afresh
            other_width_checks(page, PLACED[name], narrow)
    except BaseException:
        held_chapter.forget()  # the next figure gets its chapter afresh (on a fresh tab: warm_page)
        raise


PHONE = {"width": 360, "height": 740}


def opening_width(chapter: str) -> dict:
    """Where a chapter's figures are operated: 1280 px for every other chapter, 360 px for the rest, so
    the readers' actions are made at both widths across the book. Each figure's layout is checked at its
    chapter's opening width and, after one live resize of the whole chapter, at the other (one resize per
    chapter, not per figure: each resize lays the chapter out again and redraws all its figures)."""
    return PHONE if WITH_FIGURES.index(chapter) % 2 else VIEWPORT


def layout_checks(page, name, phone: bool):
    """No label overlaps another or is cut off, no select's text is truncated; at phone width nothing sticks out."""
    sel = selector(name)
    if phone:
        assert_fits_width(page, sel, width=PHONE["width"])
    assert page.evaluate(js.LABEL_PROBLEMS, sel) == []
    assert page.evaluate(js.TRUNCATED_SELECTS, sel) == []


def live_checks(page, name, narrow: bool):
    """On the live figure: refusal explained, keyboard, description, then the layout at this width (the
    other is checked once for the whole chapter, other_width_checks)."""
    sel = selector(name)
    figure = page.locator(sel).first
    before = description(page, name)
    # A number and a visible caption that the text can refer to.
    caption = figure.locator("figcaption")
    assert caption.is_visible()
    assert caption.inner_text().startswith(f"Figure {figure.get_attribute('data-number')} — ")

    # A refused input is explained in the figure, naming the control or its limit.
    target = figure.locator("input[type=range]:not([disabled]), input[type=number]").first
    option = target.get_attribute("data-option")
    declared = {o["name"]: o for o in table(page, name)}[option.split(".")[0]]
    page.evaluate(js.PUSH_OUT_OF_RANGE, [sel, option])
    status = figure.locator(".widget-status")
    explained = f"{sel} [aria-live]"
    page.wait_for_function(
        """([status, live, label, limit]) => {
            const s = document.querySelector(status);
            if (s.dataset.kind === 'error' && s.textContent.includes(label)) return true;
            return [...document.querySelectorAll(live)].some((e) => e.textContent.includes(limit));
        }""", arg=[f"{sel} .widget-status", explained, declared["label"], number_text(declared["max"])])
    if status.get_attribute("data-kind") == "error":
        assert figure.get_attribute("data-status") == "error"
        page.evaluate(js.SET_VALUE, [sel, option, declared["default"] if "." not in option else declared["default"][0]])
        page.wait_for_function(f"() => document.querySelector('{sel}').dataset.status === 'live'")
        assert status.get_attribute("data-kind") != "error"
    wait_idle(page, name)
    # Resetting the refused control may have changed the state (when it is also the control the
    # queued change moved): compare the keyboard's effect with the state from here.
    before = description(page, name)

    # The keyboard operates the first control; the description follows the new state.
    first = figure.locator("select, input").first
    first.focus()
    kind = first.evaluate("(e) => e.tagName === 'SELECT' ? 'select' : e.type")
    key = {"select": "ArrowDown", "checkbox": " ", "range": "ArrowRight", "number": "ArrowUp"}[kind]
    # A control left at its maximum (a refused value clamped there) can only move down.
    if kind in ("range", "number") and first.evaluate("(e) => e.max !== '' && Number(e.value) >= Number(e.max)"):
        key = {"range": "ArrowLeft", "number": "ArrowDown"}[kind]
    page.keyboard.press(key)
    wait_idle(page, name)
    page.wait_for_function(
        f"(before) => document.querySelector('{sel} .widget-alt').textContent !== before", arg=before)
    after = description(page, name)
    assert after != before

    layout_checks(page, name, phone=narrow)


def other_width_checks(page, chapter, narrow: bool):
    """The other width, after a live resize: every figure of the chapter lays itself out again (a phone:
    nothing sticks out), its state (the description) unchanged by the resize."""
    names = [n for n in BY_CHAPTER if PLACED[n] == chapter]
    before = {name: description(page, name) for name in names}
    # A formula too wide for the new width becomes its own scroll box once the page has looked again
    # (static/js/scroll-regions.js, 150 ms after the resize); until then it may widen the page.
    looked_again(page, lambda: page.set_viewport_size(VIEWPORT if narrow else PHONE))
    for name in names:
        page.locator(selector(name)).first.scroll_into_view_if_needed()
        settle_labels(page, selector(name))  # the resize redraw runs on a later frame
        try:
            layout_checks(page, name, phone=not narrow)
        except AssertionError as failure:
            raise AssertionError(f"{name} at {'1280' if narrow else '360'} px: {failure}") from failure
        assert description(page, name) == before[name], f"{name}: the resize changed what it shows"


def other_value(option: dict, current):
    """A value the declaration allows that differs from `current` (on the step grid for numbers)."""
    kind = option["kind"]
    if kind == "boolean":
        return not current
    if kind == "choice":
        values = [v for v, _ in option["choices"] if v != current]
        return values[-1]
    if kind in ("numbers", "integers"):
        scalar = {**option, "kind": "number" if kind == "numbers" else "integer"}
        return [other_value(scalar, v) for v in current]
    lo, hi, step = option["min"], option["max"], option["step"]
    for fraction in (0.3, 0.7):
        value = lo + step * round((hi - lo) * fraction / step)
        value = int(value) if kind == "integer" else round(value, 6)
        if value != current:
            return value
    raise AssertionError(option)


def url_text(option: dict, value) -> str:
    if option["kind"] == "boolean":
        return "1" if value else "0"
    if isinstance(value, list):
        return ",".join(number_text(v) for v in value)
    return number_text(value)


def same(a, b) -> bool:
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), abs_tol=1e-6)
    return a == b


class _Figures(HTMLParser):
    """The attributes of the first <figure data-widget=NAME> of a page's HTML, for each NAME."""

    def __init__(self):
        super().__init__()
        self.first = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure" and "data-widget" in attrs:
            self.first.setdefault(attrs["data-widget"], attrs)


class ChapterAddress:
    """One address per chapter that sets every option of each of its figures to another allowed value.

    Read from the chapter's HTML as the server sends it (what the tab mounts from), without opening the
    chapter first. The chapter is then opened at that address once for all its figures: each figure's
    test checks its own options there (the figures mount from the address and do not change by
    themselves), and opens it again unless the tab still shows it exactly as the last check left it.
    """

    def __init__(self, live_server):
        self.live_server, self.wanted, self.query, self.left = live_server, {}, {}, {}

    def build(self, page, chapter):
        response = page.context.request.get(self.live_server + chapter)
        assert response.ok, response.status
        parser = _Figures()
        parser.feed(response.text())
        parts = []
        for name in [n for n in BY_CHAPTER if PLACED[n] == chapter]:
            served = parser.first.get(name)
            assert served is not None, f"{chapter} has no {name} figure"
            options = json.loads(served["data-options"])
            start = json.loads(served["data-config"])
            wanted = {o["name"]: other_value(o, start.get(o["name"], o["default"])) for o in options}
            dispatch(name, "initial", wanted)  # the engine accepts the whole set (else the test is wrong)
            self.wanted[name] = (served["id"], options, wanted)
            parts += [f"{served['id']}.{o['name']}={url_text(o, wanted[o['name']])}" for o in options]
        self.query[chapter] = "&".join(parts)

    def open(self, page, name):
        """Show ``name``'s chapter at its address in ``page``; -> (figure id, options, wanted values)."""
        chapter = PLACED[name]
        if chapter not in self.query:
            self.build(page, chapter)
        here = page.evaluate("() => location.pathname + location.search") if page.url.startswith(self.live_server) else None
        if here is None or self.left.get(id(page)) != here or not here.startswith(chapter + "?"):
            open_page(page, self.live_server, f"{chapter}?{self.query[chapter]}")
        return self.wanted[name]

    def checked(self, page):
        """The tab as this check leaves it: the next figure of the chapter may be checked on it as it is."""
        self.left = {id(page): page.evaluate("() => location.pathname + location.search")}


@pytest.fixture(scope="module")
def chapter_address(live_server):
    return ChapterAddress(live_server)


@pytest.mark.parametrize("name", BY_CHAPTER)
def test_a_url_with_every_option_restores_every_option(warm_page, chapter_address, name):
    page = warm_page
    figure_id, options, wanted = chapter_address.open(page, name)
    assert page.locator(selector(name)).first.get_attribute("id") == figure_id
    wait_idle(page, name)
    helpers.wait_url_written(page)
    params = dict(re.findall(r"([^?&=]+)=([^&]*)", page.evaluate("decodeURIComponent(location.search)")))
    for option in options:
        key = f"{figure_id}.{option['name']}"
        assert key in params, f"{option['name']} fell out of the URL"
        raw = params[key]
        assert raw == url_text(option, wanted[option["name"]]) or same(
            [float(v) for v in raw.split(",")] if option["kind"] in ("numbers", "integers") else float(raw)
            if option["kind"] in ("number", "integer") else raw, wanted[option["name"]]), f"{option['name']}: {raw}"
    assert_controls_match_declaration(page, name, wanted)
    chapter_address.checked(page)
