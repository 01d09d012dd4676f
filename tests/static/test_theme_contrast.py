"""Both themes meet WCAG AA contrast: computed from the CSS variables in static/css/book.css.

Text pairs need 4.5:1 (normal text); figure strokes against the canvas need 3:1 (WCAG 1.4.11, non-text contrast);
the focus ring is checked by the accessibility tests.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "book.css").read_text(encoding="utf-8")
BLOCKS = {"light": r":root\s*\{(.*?)\n\}", "dark": r'html\[data-theme="dark"\]\s*\{(.*?)\n\}'}

# (foreground, background, minimum ratio)
TEXT_PAIRS = [
    ("ink", "paper"), ("muted", "paper"), ("accent", "paper"), ("good", "paper"), ("bad", "paper"), ("warn", "paper"),
    ("ink", "surface"), ("muted", "surface"), ("accent", "surface"), ("good", "surface"), ("bad", "surface"),
    ("warn", "surface"), ("ink", "surface-2"), ("muted", "surface-2"), ("accent", "surface-2"), ("good", "surface-2"),
    ("bad", "surface-2"), ("ink", "accent-soft"), ("accent", "accent-soft"), ("muted", "accent-soft"),
    ("ink", "warn-soft"), ("warn", "warn-soft"), ("ink", "key-soft"), ("ink", "right-soft"), ("good", "right-soft"),
    ("ink", "wrong-soft"), ("bad", "wrong-soft"), ("on-accent", "accent"),
    ("fig-ink", "fig-paper"), ("fig-muted", "fig-paper"), ("fig-ink", "fig-plot-area"), ("fig-muted", "fig-plot-area"),
]
GRAPHIC_PAIRS = [
    ("fig-one", "fig-paper"), ("fig-zero", "fig-paper"), ("fig-bad", "fig-paper"),
    ("fig-good", "fig-paper"), *[(f"fig-series-{i}", "fig-paper") for i in range(1, 7)],
]


def theme(name: str) -> dict[str, str]:
    block = re.search(BLOCKS[name], CSS, re.S)
    assert block, f"book.css has no {name} theme block"
    return dict(re.findall(r"--([\w-]+):\s*([^;]+);", block.group(1)))


def rgb(value: str) -> tuple[float, float, float]:
    value = value.strip()
    if value.startswith("#"):
        digits = value[1:]
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))
    match = re.fullmatch(r"rgba?\(([^)]*)\)", value)
    assert match, f"cannot read colour {value!r}"
    parts = [float(p) for p in match.group(1).split(",")]
    assert len(parts) == 3 or parts[3] >= 0.9, f"{value!r} is too transparent to judge alone"
    return tuple(parts[:3])


def luminance(colour) -> float:
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(rgb(a)), luminance(rgb(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula_matches_known_values():
    assert contrast("#000", "#fff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_both_themes_define_the_same_variables():
    light, dark = theme("light"), theme("dark")
    colours = {k for k, v in light.items() if v.startswith(("#", "rgb"))}
    assert colours <= set(dark), f"the dark theme lacks {sorted(colours - set(dark))}"


@pytest.mark.parametrize("name", ["light", "dark"])
@pytest.mark.parametrize(("fg", "bg"), TEXT_PAIRS)
def test_text_colours_reach_aa(name, fg, bg):
    colours = theme(name)
    ratio = contrast(colours[fg], colours[bg])
    assert ratio >= 4.5, f"{name}: --{fg} on --{bg} is {ratio:.2f}:1, below 4.5:1"


@pytest.mark.parametrize("name", ["light", "dark"])
@pytest.mark.parametrize(("fg", "bg"), GRAPHIC_PAIRS)
def test_graphics_reach_three_to_one(name, fg, bg):
    colours = theme(name)
    ratio = contrast(colours[fg], colours[bg])
    assert ratio >= 3.0, f"{name}: --{fg} on --{bg} is {ratio:.2f}:1, below 3:1"
