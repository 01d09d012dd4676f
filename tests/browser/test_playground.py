"""The playground in real Chromium (/playground): it learns, its numbers are the engine's, bad data
gets named, its state lives in the URL, export/import round trips, and the keyboard drives it."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from engine.widgets.playground import OPTIONS
from engine.widgets.playground.run import Run
from tests.browser.helpers import open_page, wait_idle

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="playground"]'
PAGE = "/playground"


def open_live(page, live_server, query=""):
    open_page(page, live_server, PAGE + query)
    wait_idle(page, FIGURE, timeout=180_000)
    return page.locator(FIGURE)


def numbers(figure):
    return (int(figure.get_attribute("data-epoch")), float(figure.get_attribute("data-train-loss")),
            float(figure.get_attribute("data-test-loss")))


def step_to(page, figure, epoch):
    while int(figure.get_attribute("data-epoch")) < epoch:
        before = int(figure.get_attribute("data-epoch"))
        page.click("#playground-step")
        page.wait_for_function(f"() => document.querySelector('{FIGURE}').dataset.epoch > {before}", timeout=30_000)


def test_play_on_the_circle_with_the_default_network_reaches_a_test_loss_under_0_1(warm_page, live_server):
    figure = open_live(warm_page, live_server)
    assert figure.get_attribute("data-epoch") == "0" and float(figure.get_attribute("data-test-loss")) > 0.5
    warm_page.click("#playground-play")
    assert warm_page.locator("#playground-play").get_attribute("aria-pressed") == "true"
    warm_page.wait_for_function(f"() => Number(document.querySelector('{FIGURE}').dataset.testLoss) < 0.1", timeout=180_000)
    warm_page.click("#playground-play")
    wait_idle(warm_page, FIGURE)  # a reply already under way when Pause came is drawn first
    epoch, train, test = numbers(figure)
    assert epoch > 0 and 0 <= test < 0.1 and 0 <= train < 0.2
    # The readout shows what the attributes hold, and the heat map is painted in both colours.
    assert warm_page.locator('.pg-readout [data-field="epoch"]').inner_text().lstrip("0") == str(epoch) or epoch == 0
    colours = warm_page.evaluate("""() => {
        const c = document.querySelector('.pg-heat'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let blue = 0, orange = 0;
        for (let i = 0; i < d.length; i += 4 * 97) { if (d[i + 2] > d[i] + 40) blue++; else if (d[i] > d[i + 2] + 40) orange++; }
        return [blue, orange];
    }""")
    assert min(colours) > 10


def test_numbers_after_n_steps_equal_the_engines_in_cpython(warm_page, live_server):
    figure = open_live(warm_page, live_server)
    step_to(warm_page, figure, 6)
    epoch, train, test = numbers(figure)
    run = Run(OPTIONS.validate({}))
    for _ in range(epoch):
        run.train(1)
    assert epoch == 6
    # The bar: the same seed gives the same run in the browser and on the server, to 1e-12.
    assert train == pytest.approx(run.train_loss, rel=0, abs=1e-12)
    assert test == pytest.approx(run.test_loss, rel=0, abs=1e-12)


BAD_CSVS = [
    ("x1,x2,label\n1,2,0\n3,abc,1\n", "row 3, column 2: 'abc' is not a number"),
    ("1,2,0\n3,4\n", "row 2: missing column"),
    ("1,2,0\n3,nan,1\n", "row 2, column 2: NaN"),
    ("1,2,0\n3,4,1\ninf,1,0\n", "row 3, column 1: infinite value"),
    ("\n".join("1,2,0" if i % 2 else "3,4,1" for i in range(5001)), "more than 5,000 rows"),
    ("1,2,1\n3,4,1\n", "a single class"),
]


def paste(page, text):
    """Put text in the CSV box as a paste does (Playwright's fill types 5,000 lines far too slowly)."""
    page.evaluate("""(t) => { const box = document.querySelector('#playground-csv'); box.value = t;
        box.dispatchEvent(new Event('input', { bubbles: true })); }""", text)


def test_each_bad_csv_gets_its_message_and_changes_nothing(warm_page, live_server):
    figure = open_live(warm_page, live_server)
    step_to(warm_page, figure, 2)
    before = numbers(figure)
    warm_page.click('[data-part="own-data"] summary')
    for text, needle in BAD_CSVS:
        paste(warm_page, text)
        warm_page.click("#playground-load-csv")
        warm_page.wait_for_function(
            "(needle) => document.querySelector('[data-part=\"csv-message\"]').textContent.includes(needle)", arg=needle,
            timeout=30_000)
        assert numbers(figure) == before
        assert warm_page.locator("#playground-dataset").input_value() == "circle"
    good = "x1,x2,label\n" + "\n".join(f"{i % 7},{(i * 3) % 5},{i % 2}" for i in range(60))
    paste(warm_page, good)
    warm_page.click("#playground-load-csv")
    warm_page.wait_for_function("() => document.querySelector('[data-part=\"csv-message\"]').textContent.includes('Loaded 60 points')",
                           timeout=30_000)
    assert warm_page.locator("#playground-dataset").input_value() == "custom" and figure.get_attribute("data-epoch") == "0"
    assert figure.get_attribute("data-status") == "live"


# One value that is not the default for every option of the table.
NON_DEFAULT = {"dataset": "spiral", "classes": 3, "noise": 25, "train_ratio": 70, "points": 300, "batch": 7, "seed": 42,
               "f_x1": False, "f_x2": True, "f_x1sq": True, "f_x2sq": True, "f_x1x2": True, "f_sinx1": True,
               "f_sinx2": True, "layers": [5, 3, 2], "activation": "relu", "lr": 0.01, "optimizer": "nesterov",
               "schedule": "step", "regularization": "l2", "reg_rate": 0.003, "init": "he_uniform",
               "batch_norm": True, "dropout": 0.15, "early_stop": True, "patience": 45, "show_test": True,
               "discretize": True}


def control_value(page, name, option):
    sel = f"#playground-{name}"
    if option.control == "checkbox":
        return page.is_checked(sel)
    raw = page.locator(sel).input_value()
    if option.kind == "choice":
        return next(v for v, _ in option.choices if str(v) == raw or (isinstance(v, float) and float(raw) == v))
    return float(raw) if option.kind == "number" else int(raw)


def url_value(value):
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        return ",".join(map(str, value))
    return str(value)


def test_url_round_trip_restores_every_control(warm_page, live_server, context):
    assert set(NON_DEFAULT) == set(OPTIONS.names)
    OPTIONS.validate(NON_DEFAULT)
    query = "?" + "&".join(f"playground.{k}={quote(url_value(v))}" for k, v in NON_DEFAULT.items())
    figure = open_live(warm_page, live_server, query)
    warm_page.wait_for_function(f"() => document.querySelectorAll('{FIGURE} .pg-neuron').length === 6 + 5 + 3 + 2 + 3")  # 6 features on, 3 classes out
    for option in OPTIONS:
        if option.control == "hidden":
            continue
        assert control_value(warm_page, option.name, option) == NON_DEFAULT[option.name], option.name
    assert warm_page.locator(".pg-layer-buttons").inner_text().count("3 hidden layers") == 1
    # A change made on the page goes into the address, and that address restores it in a new tab.
    warm_page.select_option("#playground-optimizer", "rmsprop")
    warm_page.wait_for_function("() => location.search.includes('playground.optimizer=rmsprop')")
    shared = warm_page.url
    other = context.new_page()
    other.goto(shared)
    other.wait_for_selector(f'{FIGURE}[data-status="live"]', timeout=180_000)
    assert other.locator("#playground-optimizer").input_value() == "rmsprop"
    assert other.locator("#playground-patience").input_value() == "45"
    assert figure.get_attribute("data-status") == "live"
    other.close()


def heat_pixels(page):
    return page.evaluate("""() => { const c = document.querySelector('.pg-heat');
        return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 53 === 0)); }""")


def test_export_then_import_gives_the_same_predictions(warm_page, live_server):
    figure = open_live(warm_page, live_server, "?playground.optimizer=adam&playground.lr=0.01")
    step_to(warm_page, figure, 5)
    exported_numbers, exported_pixels = numbers(figure), heat_pixels(warm_page)
    warm_page.click('[data-part="model"] summary')
    warm_page.click("#playground-export")
    warm_page.wait_for_function("() => document.querySelector('#playground-model-json').value.length > 100")
    model = json.loads(warm_page.locator("#playground-model-json").input_value())
    assert model["epoch"] == 5 and model["seed"] == 1 and model["engine_version"]
    assert model["architecture"]["sizes"] == [2, 4, 2, 1] and model["options"]["optimizer"] == "adam"
    warm_page.click("#playground-reset")
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE}').dataset.epoch === '0'")
    assert numbers(figure) != exported_numbers
    warm_page.click("#playground-import")
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE}').dataset.epoch === '5'")
    assert numbers(figure) == exported_numbers
    assert heat_pixels(warm_page) == exported_pixels
    # The same predictions as CPython's engine for the exported model.
    from engine.widgets.playground.model_json import import_model
    run = import_model(model)
    assert run.test_loss == pytest.approx(exported_numbers[2], rel=0, abs=1e-12)


def test_keyboard_operates_the_figure(warm_page, live_server):
    figure = open_live(warm_page, live_server)
    # Every control of the figure can take the focus.
    for control in figure.locator("input, select, button, textarea, summary").all():
        if control.is_visible() and control.is_enabled():  # (classes is off for the circle)
            control.focus()
            assert warm_page.evaluate("document.activeElement") is not None
            assert control.evaluate("el => el === document.activeElement"), control.get_attribute("id")
    warm_page.focus("#playground-step")
    warm_page.keyboard.press("Enter")
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE}').dataset.epoch === '1'")
    warm_page.focus("#playground-play")
    warm_page.keyboard.press("Space")
    warm_page.wait_for_function(f"() => document.querySelector('{FIGURE}').dataset.epoch > 3", timeout=60_000)
    warm_page.keyboard.press("Space")
    assert warm_page.locator("#playground-play").get_attribute("aria-pressed") == "false"
    # A select moved with the arrow keys restarts the run with the new value and records it.
    warm_page.focus("#playground-activation")
    warm_page.keyboard.press("ArrowDown")
    warm_page.wait_for_function("() => location.search.includes('playground.activation=sigmoid')")
    try:
        warm_page.wait_for_function(f"() => document.querySelector('{FIGURE}').dataset.epoch === '0'")
    except PlaywrightTimeoutError:
        state = warm_page.evaluate(f"() => {{ const f = document.querySelector('{FIGURE}'); return [f.dataset.epoch, "
                                   "f.dataset.status, f.hasAttribute('data-busy'), f.querySelector('.widget-status').textContent]; }}")
        raise AssertionError(f"the run did not restart at epoch 0 after the select moved: epoch, status, busy, message = {state}")
    # The weight editor: typed values and Enter set a weight, drawn as a thick link.
    warm_page.click('[data-part="edit-weight"] summary')
    warm_page.fill("#playground-edit-layer", "1")
    warm_page.fill("#playground-edit-from", "2")
    warm_page.fill("#playground-edit-to", "1")
    warm_page.fill("#playground-edit-value", "4.5")
    warm_page.focus("#playground-edit-value")
    warm_page.keyboard.press("Enter")
    link = f'{FIGURE} path[data-layer="1"][data-to="0"][data-from="1"]'
    warm_page.wait_for_function(f"() => Number(document.querySelector('{link}').getAttribute('stroke-width')) > 7")
    warm_page.dispatch_event(link, "mouseover")  # links cross: the pointer at its box's centre may be on another
    assert "Weight 4.500" in warm_page.locator(".pg-tip").inner_text()


def test_divergence_is_said_and_nothing_non_finite_is_drawn(warm_page, live_server):
    figure = open_live(warm_page, live_server, "?playground.dataset=plane&playground.lr=10&playground.activation=relu"
                                          "&playground.layers=8,8")
    warm_page.click("#playground-play")
    warm_page.wait_for_function("() => document.querySelector('.pg-message').textContent.includes('diverged, lower the learning rate')",
                           timeout=60_000)
    assert warm_page.locator("#playground-play").get_attribute("aria-pressed") == "false"
    for name in ("data-train-loss", "data-test-loss"):
        assert figure.get_attribute(name) not in ("NaN", "Infinity")


def test_an_instructor_hides_controls_through_the_url(warm_page, live_server):
    open_live(warm_page, live_server, "?playground.hide=optimizer,own-data,regenerate")
    assert not warm_page.locator("#playground-optimizer").is_visible()
    assert not warm_page.locator("#playground-regenerate").is_visible()
    assert not warm_page.locator('[data-part="own-data"]').is_visible()
    assert warm_page.locator("#playground-lr").is_visible()


def test_without_the_worker_the_server_trains_it_statelessly_with_the_same_numbers(page, live_server):
    page.add_init_script("delete window.Worker")  # the browser runtime cannot start
    open_page(page, live_server, PAGE)
    figure = page.locator(FIGURE)
    page.wait_for_selector(f'{FIGURE}[data-status="server"]', timeout=180_000)
    step_to(page, figure, 3)
    epoch, train, test = numbers(figure)
    run = Run(OPTIONS.validate({}))
    for _ in range(3):
        run.train(1)
    assert epoch == 3
    assert train == pytest.approx(run.train_loss, rel=0, abs=1e-12)
    assert test == pytest.approx(run.test_loss, rel=0, abs=1e-12)
