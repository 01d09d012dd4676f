"""How a page's figures reach their first frame (app/js_bundle.py, templates/partials/figure-scripts.html,
static/js/figures-early.js).

- All the page's JavaScript is one file, static/build/book.js: the first figure's frame asks for no module
  one import after another (nor any module of static/js but the worker's own).
- The bundle is fetched and run once, though both its async <script> and the inline early import()
  (static/js/figures-early.js) ask for it: one module, so one mount; and the inline script passes the
  page's Content-Security-Policy.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

VIOLATIONS = ("window.__cspViolations = []; document.addEventListener('securitypolicyviolation', "
              "(e) => window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));")


@pytest.mark.without_runtime
def test_the_first_figure_draws_from_the_one_bundle_fetched_once(page, live_server):
    page.add_init_script(VIOLATIONS)
    page.goto(live_server + "/chapters/perceptron")
    page.wait_for_function("() => document.querySelector('figure.widget').dataset.status !== 'static'", timeout=60_000)
    page.wait_for_load_state("load")
    scripts = page.evaluate("""() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname)
        .filter((path) => path.endsWith('.js') && !path.startsWith('/static/vendor/'))""")
    assert scripts.count("/static/build/book.js") == 1, scripts
    # The worker and what it imports are its own thread's; nothing else is a module fetched on its own.
    assert set(scripts) - {"/static/build/book.js", "/static/js/worker.js", "/static/js/snapshot-restore.js"} == set(), scripts
    assert page.evaluate("() => document.querySelectorAll('link[rel=modulepreload]').length") == 0
    assert page.evaluate("() => window.__cspViolations") == []
