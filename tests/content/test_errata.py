"""The errors of issue 16 (an expert read of the whole book) stay fixed.

Each check names its row of the issue and why it matters. A check finds every
passage of one page whose text matches its ``anchor`` — a paragraph, list
item, table row, quiz question or glossary entry — and asks that each
``required`` pattern occurs in it and no ``forbidden`` one does. With
``scope="section"`` the required patterns may occur anywhere in the smallest
section (h2 to h4) around the passage: where the book keeps a sentence of the
source document that overstates something, the correction follows it in the
same section. A check whose anchor no longer matches anything fails too, so an
edit that moves or rewords a passage updates its check instead of silently
disabling it.

Matching is on the rendered page's text (engine numbers substituted, math
as its TeX), normalised like the coverage test: lower case, dashes and quotes
unified, whitespace collapsed. Patterns are therefore written in lower case.

Rows not here are checked elsewhere: 26 (timeline links) by test_history_links,
28 (notation) by test_notation, the reference-list half of 29 by
test_citation_forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from tests.content.content_html import normalise_prose, plain

PASSAGE = re.compile(r"<(p|li|tr|legend|dt)\b[^>]*>(.*?)</\1>", re.S)
GLOSSARY_ENTRY = re.compile(r"<dt\b[^>]*>.*?</dd>", re.S)
HEADING = re.compile(r"<h([2-4])\b[^>]*>", re.S)


@dataclass(frozen=True)
class Check:
    row: int
    page: str  # chapter slug, "glossary", or "*" for every chapter
    anchor: str  # regex selecting the passages the check applies to
    required: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    reason: str = ""
    scope: str = "passage"  # or "section": required patterns may sit anywhere in the passage's section

    @property
    def id(self) -> str:
        return f"row{self.row:02d}-{self.page.replace('*', 'all')}-{re.sub(r'[^a-z0-9]+', '-', self.anchor.lower())[:30].strip('-')}"


CHECKS = [
    Check(1, "loss-functions", r"^pair the loss with the output activation",
          required=(r"2\(\\hat\{y\} - y\) for mse",),
          reason="With the book's MSE (y^ - y)^2 the output error is 2(y^ - y), as the chapter's own table says."),
    Check(2, "activations", r"approximate any continuous function",
          required=(r"closed, bounded", r"not a polynomial \(leshno et al\., 1993\)", r"nonlinear is not enough"),
          reason="Nonlinear is not enough (g(z) = z^2 gives only quadratics): the activation must be non-polynomial, on a compact domain."),
    Check(3, "history", r"^\d{4} .*: dropout",
          required=(r"^2012 hinton et al\.", r"1207\.0580"),
          reason="The timeline dates first publications: dropout is Hinton et al. 2012 (arXiv:1207.0580), not Srivastava et al. 2014."),
    Check(3, "history", r"^\d{4} hochreiter & schmidhuber: long short-term memory",
          required=(r"^1995 ", r"fki-207-95"),
          reason="By the same rule the LSTM dates from its technical report FKI-207-95 (1995)."),
    Check(4, "perceptron", r"cox \(1958\)",
          required=(r"verhulst \(1838\)", r"berkson \(1944\)", r"same year as rosenblatt's perceptron"),
          forbidden=(r"much older than neural networks",),
          reason="Cox 1958 is the perceptron's year; the older roots are the logistic curve (Verhulst) and the logit (Berkson)."),
    Check(5, "history", r"researchers moved to other approaches like expert systems", scope="section",
          required=(r"\(lighthill, 1973\)", r"symbolic ai was hit as hard as neural networks", r"began right after 1969"),
          reason="The 1974-80 winter followed the Lighthill report and DARPA cuts and hit symbolic AI too; the neural-network decline began in 1969."),
    Check(6, "history", r"svms and other methods dominated machine learning research", scope="section",
          required=(r"appeared\s+only in 1992 and 1995", r"late 1990s and the 2000s"),
          reason="SVMs date from 1992/1995 and dominated after the 1987-93 winter, not during it."),
    Check(7, "history", r"three factors ended the second ai winter", scope="section",
          required=(r"ended it around 2012",),
          reason="The three factors ended the neural-network lull around 2012, some twenty years after the second winter."),
    Check(7, "history", r"^which of these was not one of the three factors",
          required=(r"lull around 2012",), forbidden=(r"second ai winter",),
          reason="The quiz must not repeat the misdating."),
    Check(8, "history", r"rectified linear units, first used by nair and hinton",
          required=(r"\(glorot et al\., 2011\)", r"boltzmann machines"),
          reason="Nair & Hinton studied ReLUs in RBMs; deep supervised ReLU networks are Glorot, Bordes & Bengio (2011)."),
    Check(9, "history", r"sigmoid's slope, which is at most one quarter",
          required=(r"and by the\s+layer's weights", r"unless the weights are large"),
          reason="Only the slope factor is bounded by 1/4; the per-layer factor W^T diag(s') exceeds 1 for large weights."),
    Check(9, "activations", r"five sigmoid layers",
          required=(r"slope\s+factors of five sigmoid layers", r"weights larger than 4"),
          reason="0.25^5 bounds the slope factors only; the weights multiply the gradient too."),
    Check(9, "backpropagation", r"gradients are multiplied by values less than 0\.25 at each layer", scope="section",
          required=(r"0\.25 bounds only the slope factor", r"weights larger than 4"),
          reason="The source's sentence is kept, so its section must say that 0.25 bounds only the slope."),
    Check(9, "backpropagation", r"what is \\\(0\.25\^\{5\}|what is 0\.25\^\{5\}",
          required=(r"slope factor", r"weights of size 1"),
          reason="The quiz states the assumption on the weights under which 0.25 per layer is a bound."),
    Check(10, "history", r"^1989 cybenko: universal approximation",
          required=(r"compact set", r"sigmoid units"),
          reason="The UAT holds on a compact set for a suitable activation with enough units."),
    Check(10, "architecture", r"approximate any continuous function",
          required=(r"suitable activation", r"closed, bounded", r"strengths\s+and limitations\s+states this theorem precisely"),
          reason="Hypotheses stated, and the cross-reference names the chapter that really states the theorem precisely."),
    Check(10, "strengths-and-limits", r"^a neural network with a single hidden layer of sufficient width", scope="section",
          required=(r"hides its conditions", r"compact", r"leshno et al\. \(1993\)"),
          reason="The source's one-liner is kept, so the section must state the conditions right after it."),
    Check(10, "glossary", r"^universal approximation theorem",
          required=(r"compact", r"appropriate activation"),
          reason="The glossary quotes one sentence as the definition: it must be the precise statement, not the one-liner."),
    Check(11, "forward-propagation", r"caching turns the backward pass",
          required=(r"costs about twice the forward pass", r"about three forward passes"),
          forbidden=(r"as much as the forward pass",),
          reason="A dense layer needs two matrix products backward for one forward: backward ~2x, training step ~3x (as chapter 9 counts)."),
    Check(11, "backpropagation", r"backpropagation computes all of them at once",
          required=(r"two more forward passes", r"costs about three"),
          forbidden=(r"one extra forward pass",),
          reason="Same factor as chapters 5 and 9."),
    Check(12, "loss-functions", r"notice how little the third example contributes",
          required=(r"twenty-fifth of each of theirs", r"one fiftieth"),
          forbidden=(r"its share of the cost is a twenty-fifth",),
          reason="0.01 is 1/25 of each other term, and 0.01/0.51 ~ 1/51 of the total."),
    Check(13, "loss-functions", r"averaging rather than summing",
          required=(r"does not make the batch size irrelevant", r"\(goyal et al\., 2017"),
          forbidden=(r"the same learning rate works for a batch of 32",),
          reason="Averaging fixes the gradient's expected size, not its noise; large batches need a rescaled learning rate."),
    Check(14, "activations", r"six times faster",
          required=(r"four-layer convolutional network", r"cifar-10", r"25 % training error"),
          reason="The 6x figure is Krizhevsky et al.'s four-layer CIFAR-10 network, not the ImageNet one."),
    Check(15, "training", r"differ only by the constant factor",
          required=(r"not the same training procedure", r"1/\(1 - p\)\^2", r"w' = \(1 - p\)\\,w"),
          forbidden=(r"produce the same predictions",),
          reason="Classic and inverted dropout agree in expectation and up to W' = (1-p)W, but train differently under SGD."),
    Check(16, "strengths-and-limits", r"eldan and shamir \(2016\)",
          required=(r"two hidden layers", r"one hidden layer", r"telgarsky \(2016\)", r"k\^3", r"neither result says that every reduction in depth"),
          forbidden=(r"any network with fewer layers",),
          reason="The depth separations compare particular pairs of depths, not every shallower network."),
    Check(17, "loss-functions", r"two lines finish the job", scope="section",
          required=(r"\\delta_\{ij\} - \\hat\{y\}_j", r"\\sum_i y_i = 1"),
          reason="The softmax + cross-entropy gradient is derived, not only stated; chapters 4 and 7 point here."),
    Check(17, "activations", r"paired with the cross-entropy loss",
          required=(r"derives in two lines",),
          forbidden=(r"as backpropagation shows",),
          reason="Chapter 4 points to the derivation in chapter 6 instead of a circle of references."),
    Check(17, "backpropagation", r"for a softmax output the slope is a jacobian",
          required=(r"nothing sits in a denominator", r"two-line derivation in chapter 6"),
          reason="The 'slope in the denominator' explanation fits the sigmoid only."),
    Check(18, "beyond-the-basics", r"a warning for readers of the original paper",
          required=(r"h_t = z_t \\odot h_\{t-1\} \+ \(1 - z_t\) \\odot \\tilde\{h\}_t", r"chung et al\. \(2014\)", r"pytorch and keras"),
          reason="The book's GRU form is Chung et al.'s; Cho et al., PyTorch and Keras put the gate on the old state."),
    Check(19, "training", r"a warning for readers of that paper",
          required=(r"probability of keeping a unit", r"probability of dropping a unit"),
          reason="Srivastava et al. (2014) use p for keeping; the book uses p for dropping."),
    Check(20, "perceptron", r"stops at the first line\s+that makes no mistakes",
          required=(r"exactly on the boundary", r"z = 0", r"\\operatorname\{step\}\(0\) = 1"),
          forbidden=(r"small weighted sum",),
          reason="In the last epoch (1, 1) has z = 0 exactly and is classed 1 only by the tie-break step(0) = 1."),
    Check(21, "perceptron", r"grows by at most",
          required=(r"cross term is\s+never positive", r"\(2y - 1\) w\^\\top x \\le 0"),
          reason="The proof sketch needs the step that the cross term is not positive on a mistake (using step(0) = 1)."),
    Check(22, "history", r"the weights in this formula are a later convenience",
          required=(r"inhibition is absolute",),
          reason="The 1943 units had equal excitatory synapses and absolute inhibition, not real-valued weights."),
    Check(22, "history", r"for not, take",
          required=(r"mcculloch and pitts had no negative\s+weights", r"inhibitory input"),
          reason="The exercise's w = -1 is the modern generalisation; the original built NOT by inhibition."),
    Check(23, "perceptron", r"rosenblatt's own perceptron was a small network",
          required=(r"a-units", r"r-units", r"only the\s+weights from the a-units to the r-units were learned"),
          reason="The 1958 perceptron had S-, A- and R-units; the single trainable unit is the modern abstraction."),
    Check(24, "history", r"weights can therefore only grow",
          required=(r"never negative", r"with signed activities"),
          reason="Hebbian weights only grow for non-negative activities, not in general."),
    Check(25, "backpropagation", r"werbos \(1974\)|werbos, 1974",
          required=(r"werbos, 1982", r"schmidhuber, 2015"),
          reason="The 1974 thesis treats general systems; the neural-network application is Werbos (1982), and the history is disputed."),
    Check(25, "history", r"werbos \(1974\)|werbos, 1974",
          required=(r"werbos, 1982|werbos \(1982\)",),
          reason="The history chapter credits backpropagation for neural networks to Werbos 1982 as well."),
    Check(27, "beyond-the-basics", r"two observations about images motivate the design",
          required=(r"translation-equivariant",), forbidden=(r"translation[- ]invariant",),
          reason="Convolution is translation-equivariant; approximate invariance comes from pooling."),
    Check(29, "*", r"residual|resnet", forbidden=(r"he et al\.,? \(?2015",),
          reason="ResNet is cited as He et al. (2016) in every chapter; He et al. (2015) is the initialization paper, "
          "so a ResNet citation with 2015 would resolve to the wrong entry without any other test noticing."),
]


def pages_html(book, slug: str) -> list[str]:
    if slug == "*":
        return [chapter.html for chapter in book.chapters]
    page = book.chapter(slug) or book.pages.get(slug)
    assert page is not None, f"no page {slug!r}"
    return [page.html]


def passages(html: str, slug: str) -> list[tuple[int, str]]:
    """(position, normalised text) of every passage of a page; a glossary entry is its <dt> and <dd>."""
    pattern = GLOSSARY_ENTRY if slug == "glossary" else PASSAGE
    return [(m.start(), normalise_prose(plain(m.group(0)))) for m in pattern.finditer(html)]


def section_around(html: str, position: int) -> str:
    """Normalised text of the smallest h2-h4 section that holds ``position``."""
    heads = list(HEADING.finditer(html))
    before = [h for h in heads if h.start() <= position]
    if not before:
        return normalise_prose(plain(html))
    head = before[-1]
    level = int(head.group(1))
    end = next((h.start() for h in heads if h.start() > head.start() and int(h.group(1)) <= level), len(html))
    return normalise_prose(plain(html[head.start() : end]))


def problems(check: Check, pages: list[str]) -> list[str]:
    found = [(html, pos, text) for html in pages for pos, text in passages(html, check.page) if re.search(check.anchor, text)]
    if not found:
        return [f"no passage matches the anchor {check.anchor!r}: was the passage moved or reworded? Update this check."]
    out = []
    for html, pos, text in found:
        scope = section_around(html, pos) if check.scope == "section" else text
        out += [f"missing {p!r} in: {text[:160]}..." for p in check.required if not re.search(p, scope)]
        out += [f"forbidden {p!r} in: {text[:160]}..." for p in check.forbidden if re.search(p, text)]
    return out


@pytest.mark.parametrize("check", CHECKS, ids=[c.id for c in CHECKS])
def test_errata_row_stays_fixed(book, check):
    found = problems(check, pages_html(book, check.page))
    assert not found, f"issue 16, row {check.row}: {check.reason}\n" + "\n".join(f"  {p}" for p in found)


def test_the_check_reads_passages_and_sections():
    html = (
        "<h2>A</h2><p>Three factors ended the second AI winter.</p><p>They ended it around 2012.</p>"
        "<h3>A.1</h3><p>Inside.</p><h2>B</h2><p>Three factors ended the second AI winter.</p>"
    )
    section = Check(7, "history", r"three factors ended", required=(r"ended it around 2012",), scope="section")
    assert problems(section, [html]) == [
        "missing 'ended it around 2012' in: three factors ended the second ai winter....",
    ]  # the second passage's section (B) has no correction; the first one's has
    assert section_around(html, html.index("Inside")) == "a.1 inside."
    passage = Check(1, "x", r"^pair", required=(r"2\(\\hat\{y\} - y\)",), forbidden=(r"only \\hat",))
    good = '<p>Pair: <span class="math inline">2(\\hat{y} - y)</span> – fine.</p>'
    assert problems(passage, [good]) == []
    assert len(problems(passage, [good.replace("2(", "(").replace("fine", "only \\hat")])) == 2
    assert "no passage matches" in problems(passage, ["<p>Something else.</p>"])[0]
    everywhere = Check(29, "*", r"residual", forbidden=(r"he et al\.,? \(?2015",))
    assert problems(everywhere, ["<p>Residual nets (He et al., 2016).</p>", "<p>Init (He et al., 2015).</p>"]) == []
    assert len(problems(everywhere, ["<p>x</p>", "<p>Residual connections (He et al., 2015).</p>"])) == 1
    glossary = '<dl><dt id="g-x"><a href="/c#x">UAT</a></dt>\n<dd><p>On a compact set.</p><p>Defined in 9.</p></dd></dl>'
    assert passages(glossary, "glossary") == [(4, "uat on a compact set. defined in 9.")]
