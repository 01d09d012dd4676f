"""Every equation the extraction lost is restored, in the right chapter, in the book's notation.

The table below lists, per chapter, the equations of issue 4 as regular
expressions on the chapter's math (all ``$…$`` and ``$$…$$`` of the rendered
page, in the normal form of :mod:`tests.content.tex_normal_form`: no
whitespace, no sizing or spacing commands, no ``&``). An entry passes when
each of its patterns matches somewhere in that chapter's math. The patterns
accept typographic variants (``\\operatorname`` or ``\\mathrm``, the order of
the two terms of a sum where both orders are standard) but not different
mathematics.
"""

from __future__ import annotations

import re

import pytest

from tests.content.content_html import math_expressions
from tests.content.tex_normal_form import named_operator, normal_tex

RELU = named_operator("ReLU")
SOFTMAX = named_operator("softmax")
VAR = named_operator("Var")
TOP = r"\^\{?(?:\\top|T)\}?"  # transpose
DLOSS = r"\\partial\\mathcal\{L\}"
HAT_Y = r"\\hat\{y\}"

# (chapter slug, what, [patterns on normal_tex of the chapter's math])
EQUATIONS: list[tuple[str, str, list[str]]] = [
    # --- Chapter 2: the perceptron ---------------------------------------------------
    ("perceptron", "weighted sum", [r"z=(?:\\sum_\{i=1\}\^\{n\}w_ix_i\+b|w\^\\top x\+b)"]),
    ("perceptron", "step function", [r"\\begin\{cases\}1\\text\{if\}z\\geq?0\\\\0"]),
    (
        "perceptron",
        "perceptron learning rule",
        [rf"w(_i)?\\leftarrow w(_i)?\+\\eta\(y-{HAT_Y}\)x(_i)?", rf"b\\leftarrow b\+\\eta\(y-{HAT_Y}\)"],
    ),
    ("perceptron", "sigmoid", [r"\\sigma\(z\)=\\frac\{1\}\{1\+e\^\{-z\}\}"]),
    # --- Chapter 3: architecture -------------------------------------------------------
    (
        "architecture",
        "shapes of W[l] and b[l]",
        [
            r"W\^\{\[l\]\}(?:\\in\\mathbb\{R\}\^\{n\^\{\[l\]\}\\times n\^\{\[l-1\]\}\}|:?\(n\^\{\[l\]\},n\^\{\[l-1\]\}\))",
            r"b\^\{\[l\]\}(?:\\in\\mathbb\{R\}\^\{n\^\{\[l\]\}\\times1\}|:?\(n\^\{\[l\]\},1\))",
        ],
    ),
    ("architecture", "parameters of a dense layer", [r"n\^\{\[l\]\}(?:\\cdot|\\times)?n\^\{\[l-1\]\}\+n\^\{\[l\]\}"]),
    # --- Chapter 4: activations ----------------------------------------------------------
    (
        "activations",
        "stacked linear layers collapse into one",
        [r"W\^\{\[2\]\}\(W\^\{\[1\]\}x\+b\^\{\[1\]\}\)\+b\^\{\[2\]\}", r"W\^\{\[2\]\}W\^\{\[1\]\}"],
    ),
    ("activations", "sigmoid", [r"\\sigma\(z\)=\\frac\{1\}\{1\+e\^\{-z\}\}"]),
    ("activations", "tanh", [r"\\tanh\(z\)=\\frac\{e\^\{?z\}?-e\^\{-z\}\}\{e\^\{?z\}?\+e\^\{-z\}\}"]),
    ("activations", "ReLU", [RELU + r"\(z\)=\\max\(0,z\)"]),
    ("activations", "leaky ReLU", [r"\\max\(\\alpha z,z\)|\\alpha z\\text\{if\}z(?:<|\\le)0"]),
    ("activations", "softmax", [SOFTMAX + r"\(z\)_\{?([ik])\}?=\\frac\{e\^\{z_\1\}\}\{\\sum_\{j=1\}\^\{K\}e\^\{z_j\}\}"]),
    ("activations", "sigmoid derivative", [r"\\sigma'\(z\)=\\sigma\(z\)\(1-\\sigma\(z\)\)"]),
    ("activations", "tanh derivative", [r"\\tanh'\(z\)=1-\\tanh\^\{?2\}?\(?z\)?"]),
    ("activations", "ReLU derivative", [RELU + r"'\(z\)=\\begin\{cases\}1\\text\{if\}z>0\\\\0"]),
    ("activations", "leaky ReLU derivative", [r"'\(z\)=\\begin\{cases\}1\\text\{if\}z>0\\\\\\alpha"]),
    # --- Chapter 5: forward propagation ---------------------------------------------------
    (
        "forward-propagation",
        "per-layer forward equations",
        [
            r"z\^\{\[l\]\}=W\^\{\[l\]\}a\^\{\[l-1\]\}\+b\^\{\[l\]\}",
            r"a\^\{\[l\]\}=g\^\{\[l\]\}\(z\^\{\[l\]\}\)",
            r"a\^\{\[l\]\}=g\^\{\[l\]\}\(W\^\{\[l\]\}a\^\{\[l-1\]\}\+b\^\{\[l\]\}\)",
        ],
    ),
    (
        "forward-propagation",
        "vectorised forward equations",
        [r"Z\^\{\[l\]\}=W\^\{\[l\]\}A\^\{\[l-1\]\}\+b\^\{\[l\]\}", r"A\^\{\[l\]\}=g\^\{\[l\]\}\(Z\^\{\[l\]\}\)"],
    ),
    (
        "forward-propagation",
        "three-layer example (ReLU, ReLU, sigmoid)",
        [
            r"a\^\{\[1\]\}=" + RELU + r"\(W\^\{\[1\]\}x\+b\^\{\[1\]\}\)",
            r"a\^\{\[2\]\}=" + RELU + r"\(W\^\{\[2\]\}a\^\{\[1\]\}\+b\^\{\[2\]\}\)",
            r"a\^\{\[3\]\}=\\sigma\(W\^\{\[3\]\}a\^\{\[2\]\}\+b\^\{\[3\]\}\)",
        ],
    ),
    # --- Chapter 6: loss functions ------------------------------------------------------------
    (
        "loss-functions",
        "mean squared error",
        [r"\\frac\{1\}\{m\}\\sum_\{i=1\}\^\{m\}\((?:\\hat\{y\}\^\{\(i\)\}-y\^\{\(i\)\}|y\^\{\(i\)\}-\\hat\{y\}\^\{\(i\)\})\)\^\{?2\}?"],
    ),
    ("loss-functions", "binary cross-entropy", [rf"-[\[(]y\\log{HAT_Y}\+\(1-y\)\\log\(1-{HAT_Y}\)[\])]"]),
    ("loss-functions", "categorical cross-entropy", [rf"-\\sum_\{{k=1\}}\^\{{K\}}y_k\\log{HAT_Y}_k"]),
    (
        "loss-functions",
        "gradient comparison: MSE keeps the sigmoid's slope, cross-entropy cancels it",
        [rf"=2\({HAT_Y}-y\){HAT_Y}\(1-{HAT_Y}\)", rf"\{{\\partial z\}}={HAT_Y}-y"],
    ),
    # --- Chapter 7: backpropagation -------------------------------------------------------------
    (
        "backpropagation",
        "chain rule along W -> z -> a -> L",
        [rf"\\frac\{{{DLOSS}\}}\{{\\partial W\}}=\\frac\{{{DLOSS}\}}\{{\\partial a\}}(?:\\cdot)?\\frac\{{\\partial a\}}\{{\\partial z\}}(?:\\cdot)?\\frac\{{\\partial z\}}\{{\\partial W\}}"],
    ),
    ("backpropagation", "error signal", [rf"\\delta\^\{{\[l\]\}}=\\frac\{{{DLOSS}\}}\{{\\partial z\^\{{\[l\]\}}\}}"]),
    ("backpropagation", "output error", [r"\\delta\^\{\[L\]\}=a\^\{\[L\]\}-y"]),
    (
        "backpropagation",
        "hidden-layer error",
        [rf"\\delta\^\{{\[l\]\}}=\(W\^\{{\[l\+1\]\}}\){TOP}\\delta\^\{{\[l\+1\]\}}\\odot g'\^\{{\[l\]\}}\(z\^\{{\[l\]\}}\)"],
    ),
    (
        "backpropagation",
        "weight and bias gradients",
        [
            rf"\\frac\{{{DLOSS}\}}\{{\\partial W\^\{{\[l\]\}}\}}=\\delta\^\{{\[l\]\}}\(a\^\{{\[l-1\]\}}\){TOP}",
            rf"\\frac\{{{DLOSS}\}}\{{\\partial b\^\{{\[l\]\}}\}}=\\delta\^\{{\[l\]\}}",
        ],
    ),
    (
        "backpropagation",
        "batch-averaged gradients",
        [rf"\\frac\{{\\partial J\}}\{{\\partial W\^\{{\[l\]\}}\}}=\\frac\{{1\}}\{{m\}}\\Delta\^\{{\[l\]\}}\(A\^\{{\[l-1\]\}}\){TOP}"],
    ),
    ("backpropagation", "gradient-descent update", [r"W\^\{\[l\]\}\\leftarrow W\^\{\[l\]\}-\\eta\\frac\{\\partial J\}\{\\partial W\^\{\[l\]\}\}"]),
    ("backpropagation", "0.25^10", [r"0\.25\^\{10\}"]),
    # --- Chapter 8: training ---------------------------------------------------------------------
    (
        "training",
        "batch gradient descent",
        [r"\\theta\\leftarrow\\theta-\\eta\\frac\{1\}\{m\}\\sum_\{i=1\}\^\{m\}\\nabla_\\theta\\mathcal\{L\}"],
    ),
    ("training", "stochastic gradient descent", [rf"\\theta\\leftarrow\\theta-\\eta\\nabla_\\theta\\mathcal\{{L\}}\({HAT_Y}\^\{{\(i\)\}},y\^\{{\(i\)\}}\)"]),
    ("training", "mini-batch gradient descent", [r"\\theta\\leftarrow\\theta-\\eta\\frac\{1\}\{\|B\|\}\\sum_\{i\\in B\}\\nabla_\\theta"]),
    ("training", "momentum", [r"v_t=\\mu v_\{t-1\}\+g_t", r"\\theta_t=\\theta_\{t-1\}-\\eta v_t"]),
    ("training", "RMSProp", [r"s_t=\\rho s_\{t-1\}\+\(1-\\rho\)g_t\^2", r"\\frac\{\\eta\}\{\\sqrt\{s_t\}\+\\epsilon\}g_t"]),
    (
        "training",
        "Adam with bias correction",
        [
            r"m_t=\\beta_1m_\{t-1\}\+\(1-\\beta_1\)g_t",
            r"s_t=\\beta_2s_\{t-1\}\+\(1-\\beta_2\)g_t\^2",  # Kingma & Ba's v_t; v_t is momentum's velocity here
            r"\\hat\{m\}_t=\\frac\{m_t\}\{1-\\beta_1\^\{t\}\}",
            r"\\hat\{s\}_t=\\frac\{s_t\}\{1-\\beta_2\^\{t\}\}",
            r"\\theta_t=\\theta_\{t-1\}-\\eta\\frac\{\\hat\{m\}_t\}\{\\sqrt\{\\hat\{s\}_t\}\+\\epsilon\}",
        ],
    ),
    ("training", "step decay", [r"\\eta_t=\\eta_0(?:\\cdot)?\\kappa\^\{\\lfloor t/N\\rfloor\}"]),  # gamma is batch norm's scale
    (
        "training",
        "cosine annealing",
        [r"\\eta_\{\\min\}\+\\frac\{1\}\{2\}\(\\eta_\{\\max\}-\\eta_\{\\min\}\)\(1\+\\cos\((?:\\frac\{T_\{\\text\{cur\}\}\}\{T_i\}\\pi|\\pi\\frac\{T_\{\\text\{cur\}\}\}\{T_i\}|\\frac\{\\pi T_\{\\text\{cur\}\}\}\{T_i\})\)\)"],
    ),
    ("training", "linear warm-up", [r"\\eta_t=\\eta_0(?:\\cdot)?\\frac\{t\}\{T_w\}"]),
    (
        "training",
        "batch normalization",
        [
            r"\\mu_B=\\frac\{1\}\{m_B\}\\sum_\{i=1\}\^\{m_B\}x_i",
            r"\\sigma_B\^2=\\frac\{1\}\{m_B\}\\sum_\{i=1\}\^\{m_B\}\(x_i-\\mu_B\)\^2",
            r"\\hat\{x\}_i=\\frac\{x_i-\\mu_B\}\{\\sqrt\{\\sigma_B\^2\+\\epsilon\}\}",
            r"\\gamma\\hat\{x\}_i\+\\beta",
            r"\\mu_\{\\text\{run\}\}\\leftarrow",  # running statistics for inference
        ],
    ),
    (
        "training",
        "Xavier initialization (and the 1/n_in form)",
        [
            VAR + r"\((?:W\^\{\[l\]\}_\{jk\}|W|w)\)=\\frac\{2\}\{n_\{\\text\{in\}\}\+n_\{\\text\{out\}\}\}",
            VAR + r"\(w\)=(?:1/n_\{\\text\{in\}\}|\\frac\{1\}\{n_\{\\text\{in\}\}\})",
        ],
    ),
    ("training", "He initialization", [VAR + r"\((?:W\^\{\[l\]\}_\{jk\}|W|w)\)=\\frac\{2\}\{n_\{\\text\{in\}\}\}"]),
    # --- Chapter 10: beyond the basics --------------------------------------------------------------
    ("beyond-the-basics", "convolution", [r"Z\(i,j\)=\\sum_\{u=0\}\^\{k-1\}\\sum_\{v=0\}\^\{k-1\}X\(i\+u,j\+v\)W\(u,v\)\+b"]),  # the filter is the layer's weights W
    ("beyond-the-basics", "convolution output size", [r"\\lfloor\\frac\{n\+2p-k\}\{s\}\\rfloor\+1"]),
    ("beyond-the-basics", "max pooling", [r"\\max_\{0\\le u,v<k\}Z\(si\+u,sj\+v\)"]),
    ("beyond-the-basics", "RNN recurrence", [r"h_t=\\tanh\((?:W_\{hh\}h_\{t-1\}\+W_\{xh\}x_t|W_\{xh\}x_t\+W_\{hh\}h_\{t-1\})\+b_h\)"]),
    (
        "beyond-the-basics",
        "LSTM and GRU state updates",
        [
            r"c_t=f_t\\odot c_\{t-1\}\+i_t\\odot\\tilde\{c\}_t",
            r"h_t=o_t\\odot\\tanh\(c_t\)",
            r"h_t=\(1-u_t\)\\odot h_\{t-1\}\+u_t\\odot\\tilde\{h\}_t",
        ],
    ),
    ("beyond-the-basics", "scaled dot-product attention", [SOFTMAX + r"\(\\frac\{QK" + TOP + r"\}\{\\sqrt\{d_k\}\}\)V"]),
    (
        "training",
        "dropout, classic and inverted",
        [
            r"r_j\\sim" + named_operator("Bernoulli") + r"\(1-p\)",
            r"=\(1-p\)a\^\{\[l\]\}",
            r"\\frac\{r\\odot a\^\{\[l\]\}\}\{1-p\}",
        ],
    ),
    (
        "training",
        "L2 penalty and its gradient",
        [
            r"\\frac\{\\lambda\}\{2\}‖W‖\^2",
            r"J_\{\\text\{reg\}\}=J\+\\frac\{\\lambda\}\{2\}\\sum_\{l=1\}\^\{L\}‖W\^\{\[l\]\}‖\^2",
            r"\\frac\{\\partial J\}\{\\partial W\^\{\[l\]\}\}\+\\lambda W\^\{\[l\]\}",
        ],
    ),
    (
        "strengths-and-limits",
        "universal approximation theorem",
        [r"\\sup_\{x\\in\\Omega\}\|f\(x\)-\\sum_\{i=1\}\^\{N\}v_i\\sigma\(w_i\^\\top x\+b_i\)\|<\\(?:var)?epsilon"],
    ),
]


def chapter_math(book, slug: str) -> str:
    chapter = book.chapter(slug)
    assert chapter is not None, f"chapter {slug!r} is missing from the book"
    return "\n".join(normal_tex(m.tex) for m in math_expressions(chapter.html))


@pytest.mark.parametrize(
    ("slug", "what", "patterns"), EQUATIONS, ids=[f"{slug}: {what}" for slug, what, _ in EQUATIONS]
)
def test_equation_is_restored(book, slug, what, patterns):
    math = chapter_math(book, slug)
    missing = [p for p in patterns if not re.search(p, math)]
    assert not missing, f"chapter {slug!r} lacks {what}: no math matches\n" + "\n".join(f"  {p}" for p in missing)


def test_normal_form_ignores_layout_but_keeps_mathematics():
    assert normal_tex(r"\sigma\left(W^{[3]} a^{[2]} + b^{[3]}\right)") == r"\sigma(W^{[3]}a^{[2]}+b^{[3]})"
    assert normal_tex(r"\frac{\lambda}{2}\lVert W \rVert^2") == normal_tex(r"\tfrac{\lambda}{2}\|W\|^2")
    assert normal_tex(r"w^\top x + b") == r"w^\top x+b"  # the space that ends a control word stays
    assert normal_tex(r"m_t &= \beta_1 \, m_{t-1}") == r"m_t=\beta_1m_{t-1}"
    assert normal_tex(r"W \leftarrow W") == r"W\leftarrow W"  # \leftarrow is not \left
    assert normal_tex(r"\beta_1^{\,t} + X(i,\ j)") == r"\beta_1^{t}+X(i,j)"
    assert normal_tex("1 & z \\ge 0 \\\\ 0 & z < 0") == r"1z\ge0\\0z<0"  # a row break is not a space
    assert normal_tex(r"a - y") != normal_tex(r"y - a")


def test_a_wrong_equation_is_not_accepted():
    """The check must fail on a formula that differs in substance (a sign, a transpose, an index)."""
    patterns = {what: p for slug, what, p in EQUATIONS if slug == "backpropagation"}
    hidden = patterns["hidden-layer error"][0]
    assert re.search(hidden, normal_tex(r"\delta^{[l]} = \big(W^{[l+1]}\big)^\top \delta^{[l+1]} \odot g'^{[l]}\big(z^{[l]}\big)"))
    assert not re.search(hidden, normal_tex(r"\delta^{[l]} = W^{[l+1]} \delta^{[l+1]} \odot g'^{[l]}(z^{[l]})"))
    assert not re.search(hidden, normal_tex(r"\delta^{[l]} = (W^{[l]})^\top \delta^{[l+1]} \odot g'^{[l]}(z^{[l]})"))
    output = patterns["output error"][0]
    assert not re.search(output, normal_tex(r"\delta^{[L]} = y - a^{[L]}"))
