"""A normal form for TeX, so equation checks ignore layout and stay strict on the mathematics.

Two authors may write the same formula as ``\\sigma\\left(W^{[3]} a^{[2]} + b^{[3]}\\right)``
or ``\\sigma(W^{[3]}a^{[2]}+b^{[3]})``. :func:`normal_tex` maps both to the
second: it drops sizing commands (``\\left``, ``\\big``, …), spacing commands
(``\\,``, ``\\quad``, …), alignment ``&`` and all whitespace — except the
one space that must follow a control word before a letter (``\\top x``,
``\\in K``) — and unifies ``\\dfrac``/``\\tfrac`` to ``\\frac`` and every norm bar
(``\\|``, ``\\lVert``, ``\\rVert``, ``\\Vert``) to ``‖``. Everything that carries
meaning (symbols, indices, signs, the order of factors) is kept.
"""

from __future__ import annotations

import re

NULL_DELIMITER = re.compile(r"\\(?:left|right)\.")
SIZING = re.compile(r"\\(?:left|right|bigg|Bigg|big|Big)[lrm]?(?![A-Za-z])")
# Not after a backslash: in "\\ 0" the "\\" is a row break, not the spacing command "\ ".
SPACING = re.compile(r"(?<!\\)(?:\\(?:qquad|quad)(?![A-Za-z])|\\[,;:! ])")
NORM_BARS = re.compile(r"\\(?:lVert|rVert|Vert)(?![A-Za-z])|\\\|")
FRACTIONS = re.compile(r"\\[dt]frac(?![A-Za-z])")
CONTROL_WORD_SPACE = re.compile(r"(\\[A-Za-z]+) (?=[A-Za-z])")
PROTECTED_SPACE = "\x00"


def normal_tex(tex: str) -> str:
    tex = NULL_DELIMITER.sub("", tex)
    tex = SIZING.sub("", tex)
    tex = SPACING.sub(" ", tex)
    tex = NORM_BARS.sub("‖", tex)
    tex = FRACTIONS.sub(r"\\frac", tex)
    tex = tex.replace("&", "")
    tex = re.sub(r"\s+", " ", tex)
    tex = CONTROL_WORD_SPACE.sub(lambda m: m.group(1) + PROTECTED_SPACE, tex)
    return tex.replace(" ", "").replace(PROTECTED_SPACE, " ")


def named_operator(name: str) -> str:
    """Regex for an operator name however it is typeset: \\operatorname{…}, \\mathrm{…} or \\text{…}."""
    return r"\\(?:operatorname|mathrm|text|textrm)\{" + name + r"\}"
