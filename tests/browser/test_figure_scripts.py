"""How a page's figures reach their first frame (templates/partials/figure-scripts.html,
app/content/figure_modules.py, static/js/figures-early.js).

- Every module the first figure's frame needs was asked for up front, in the page's preload list (its own
  graph first): none is discovered one import after another.
- The mount (static/js/widgets.js) is fetched once, though both its async <script> and the inline early
  import() (static/js/figures-early.js) ask for it: one module, so one mount; and the inline script passes
  the page's Content-Security-Policy.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

VIOLATIONS = ("window.__cspViolations = []; document.addEventListener('securitypolicyviolation', "
              "(e) => window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));")


@pytest.mark.without_runtime
def test_the_first_figure_draws_from_modules_the_page_preloaded_first(page, live_server):
    page.add_init_script(VIOLATIONS)
    page.goto(live_server + "/chapters/perceptron")
    page.wait_for_function("() => document.querySelector('figure.widget').dataset.status !== 'static'", timeout=60_000)
    preloads = page.evaluate("() => [...document.querySelectorAll('link[rel=modulepreload]')].map((l) => new URL(l.href).pathname)")
    assert preloads.index("/static/js/widgets/perceptron.js") < preloads.index("/static/js/widgets/logic-gates.js")
    # The modules the page has fetched so far: the scripts under their hashed URLs (<script src=…?v=>) and
    # modules their imports name (no version). Every such import was in the preload list.
    fetched = page.evaluate("""() => performance.getEntriesByType('resource').map((r) => new URL(r.name))
        .filter((u) => u.pathname.startsWith('/static/js/') && !u.search && u.pathname !== '/static/js/worker.js')
        .map((u) => u.pathname)""")
    assert "/static/js/widgets/perceptron.js" in fetched
    # offline.js is navigation.js's (the service worker's registration), not on the figures' path.
    late = set(fetched) - set(preloads) - {"/static/js/offline.js"}
    assert not late, f"modules found only by following imports: {sorted(late)}"
    mounts = page.evaluate("() => performance.getEntriesByType('resource').filter((r) => new URL(r.name).pathname === '/static/js/widgets.js').length")
    assert mounts == 1
    assert page.evaluate("() => window.__cspViolations") == []
