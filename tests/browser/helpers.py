"""Waiting for what a reader waits for: a live figure, typeset math."""


def wait_live(page, selector='figure.widget[data-widget="perceptron"]', timeout=90_000):
    """Wait until a widget runs on the browser's engine."""
    page.wait_for_selector(f'{selector}[data-status="live"]', timeout=timeout)


def wait_math(page, timeout=30_000):
    page.wait_for_function("document.documentElement.dataset.math === 'done' || !document.querySelector('.math')", timeout=timeout)
