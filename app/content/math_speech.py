"""A formula's spoken text, made from its TeX: what a screen reader says for it.

Chromium names an element holding only MathML "" (a quiz
choice `$\\hat{y}$` was a radio button without a name). So the ``<math>`` of
every formula the server typesets gets an ``aria-label`` with words made
here: ``\\frac{\\partial L}{\\partial w}`` → "partial L over partial w",
``\\hat{y}_i^2`` → "y hat sub i squared", ``\\mathbb{R}^{n}`` → "the real
numbers to the power n". Labels, links, table headers and questions that hold
only math are then read in full.

This is reading, not mathematics: nothing is computed. Commands it does not
know are read by their name without the backslash, so a new macro degrades to
something sayable, never to silence.
"""

from __future__ import annotations

import re
from functools import lru_cache

GREEK = {name: name for name in (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon "
    "phi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega").split()}
GREEK |= {"varepsilon": "epsilon", "vartheta": "theta", "varphi": "phi", "varrho": "rho", "varsigma": "sigma"}
# Capital Greek letters are said "capital delta", so that Δ and δ differ when heard.
GREEK |= {name: f"capital {name.lower()}" for name in GREEK if name[0].isupper()}

SYMBOLS = {
    "partial": "partial", "nabla": "gradient", "infty": "infinity", "cdot": "times", "times": "times",
    "odot": "elementwise times", "otimes": "tensor product", "circ": "composed with", "ast": "star",
    "approx": "approximately equals", "sim": "is distributed as", "propto": "is proportional to",
    "equiv": "is identical to", "ne": "is not equal to", "neq": "is not equal to", "le": "is at most",
    "leq": "is at most", "ge": "is at least", "geq": "is at least", "ll": "is much less than",
    "gg": "is much greater than", "in": "in", "notin": "not in", "subset": "subset of",
    "subseteq": "subset of or equal to", "cup": "union", "cap": "intersection", "forall": "for all",
    "exists": "there exists", "leftarrow": "gets", "gets": "gets", "rightarrow": "goes to", "to": "goes to",
    "mapsto": "maps to", "Rightarrow": "implies", "Leftrightarrow": "if and only if",
    "Longleftrightarrow": "if and only if", "iff": "if and only if", "implies": "implies", "pm": "plus or minus",
    "mp": "minus or plus", "div": "divided by", "mid": "given", "dots": "dot dot dot", "ldots": "dot dot dot",
    "cdots": "dot dot dot", "vdots": "dot dot dot", "ddots": "dot dot dot", "top": "transpose",
    "prime": "prime", "ell": "ell", "emptyset": "the empty set", "neg": "not", "land": "and", "lor": "or",
    "lVert": "norm of", "rVert": "end norm", "Vert": "norm", "|": "norm", "lvert": "absolute value of",
    "rvert": "end absolute value", "vert": "bar", "lfloor": "floor of", "rfloor": "end floor",
    "lceil": "ceiling of", "rceil": "end ceiling", "langle": "angle bracket", "rangle": "end angle bracket",
    "{": "the set", "}": "end set", "%": "percent", "#": "number", "&": "and", "_": "underscore", "$": "dollar",
    "star": "star", "bullet": "dot", "angle": "angle", "perp": "perpendicular to", "parallel": "parallel to",
}
FUNCTIONS = {"log": "log", "ln": "natural log", "exp": "exp", "sin": "sine", "cos": "cosine", "tan": "tangent",
             "tanh": "tanh", "sinh": "sinh", "cosh": "cosh", "max": "max", "min": "min", "sup": "sup",
             "inf": "inf", "arg": "arg", "det": "determinant", "lim": "limit", "Pr": "probability",
             "dim": "dimension", "deg": "degree", "argmax": "arg max", "argmin": "arg min"}
ACCENTS = {"hat": "hat", "widehat": "hat", "tilde": "tilde", "widetilde": "tilde", "bar": "bar",
           "overline": "bar", "vec": "vector", "dot": "dot", "ddot": "double dot", "check": "check"}
FONTS = {"mathbf": "bold", "boldsymbol": "bold", "bm": "bold", "mathcal": "script", "mathscr": "script",
         "mathfrak": "fraktur", "mathbb": "double-struck", "mathsf": "", "mathit": ""}
BLACKBOARD = {"R": "the real numbers", "N": "the natural numbers", "Z": "the integers", "E": "the expectation",
              "Q": "the rationals", "C": "the complex numbers", "P": "the probability"}
TEXT = {"text", "textrm", "textit", "textbf", "mbox", "operatorname", "operatorname*", "mathrm", "textsf", "texttt"}
# Said as nothing: spacing, sizes, \left \right, style switches.
SILENT = {",", ";", ":", "!", " ", "quad", "qquad", "left", "right", "big", "Big", "bigg", "Bigg", "bigl",
          "bigr", "Bigl", "Bigr", "biggl", "biggr", "displaystyle", "textstyle", "scriptstyle", "limits",
          "nolimits", "middle", "enspace", "thinspace", "medspace", "thickspace", "hspace", "phantom",
          "vphantom", "hphantom", "label", "nonumber", "notag", "tag", "strut", "cr"}
BIG_OPERATORS = {"sum": "the sum", "prod": "the product", "int": "the integral", "oint": "the integral",
                 "bigcup": "the union", "bigcap": "the intersection"}
CHARS = {"=": "equals", "+": "plus", "-": "minus", "−": "minus", "<": "is less than", ">": "is greater than",
         "/": "over", "!": "factorial", "*": "star", ":": ":", ";": ";", "|": "bar", "'": "prime",
         "~": "", "&": ",", "(": "(", ")": ")", "[": "[", "]": "]", ",": ",", ".": "point"}
POWERS = {"2": "squared", "3": "cubed", "T": "transpose", "\\top": "transpose", "\\prime": "prime",
          "'": "prime", "-1": "inverse", "*": "star", "\\ast": "star", "\\star": "star"}

TOKEN = re.compile(r"\\[A-Za-z]+\*?|\\.|\d+(?:\.\d+)?|\s+|.", re.S)


def _tokens(tex: str) -> list[str]:
    return [" " if t.isspace() else t for t in TOKEN.findall(tex)]


class _Reader:
    """A recursive reader over TeX tokens; each method returns a list of words."""

    def __init__(self, tex: str):
        self.toks = _tokens(tex)
        self.i = 0
        self.keep_spaces = False  # inside \\text{…} a space is a word break

    def peek(self) -> str | None:
        while self.i < len(self.toks) and self.toks[self.i] == " " and not self.keep_spaces:
            self.i += 1
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> str | None:
        tok = self.peek()
        self.i += 1
        return tok

    def group_tex(self, raw: bool = False) -> str:
        """The TeX of the next argument (a {group} or one token), consumed; ``raw`` keeps it verbatim."""
        tok = self.take()
        if tok != "{":
            return tok or ""
        depth, parts = 1, []
        self.keep_spaces = raw
        try:
            while self.peek() is not None:
                tok = self.take()
                depth += (tok == "{") - (tok == "}")
                if depth == 0:
                    break
                parts.append(tok)
        finally:
            self.keep_spaces = False
        if raw:
            return "".join(parts)
        # Re-read later, so keep it TeX: a control word stays apart from a letter after it (\\eta x).
        out = ""
        for part in parts:
            if re.search(r"\\[A-Za-z]+\*?$", out) and part[:1].isalpha():
                out += " "
            out += part
        return out

    def optional(self) -> str | None:
        """An optional [argument] (\\sqrt[3]{x}), consumed; None when absent."""
        if self.peek() != "[":
            return None
        self.take()
        parts = []
        while self.peek() not in (None, "]"):
            parts.append(self.take())
        self.take()
        return " ".join(parts)

    def arg(self) -> list[str]:
        return read_words(self.group_tex())

    def scripts(self, words: list[str]) -> list[str]:
        """Subscripts and superscripts that follow an atom."""
        while self.peek() in ("_", "^", "'"):
            tok = self.take()
            if tok == "'":
                words.append("prime")
                continue
            raw = self.group_tex()
            said = read_words(raw)
            if tok == "_":
                plain = raw.replace(" ", "")
                # z_{old}, W_{out}: a subscript of three or more letters is a word, not a product
                words += ["sub", plain] if plain.isalpha() and len(plain) >= 3 else ["sub", *said]
            else:
                compact = raw.replace(" ", "")
                if compact in POWERS:
                    words.append(POWERS[compact])
                elif compact[:1] + compact[-1:] in ("()", "[]"):
                    words += ["superscript", *read_words(raw.strip()[1:-1])]  # a^{(l)}: the layer, not a power
                else:
                    words += ["to the power", *said]
                    if len(said) > 1:
                        words.append("end power")
        return words

    def atom(self) -> list[str]:
        tok = self.take()
        if tok is None or tok == "}":
            return []
        if tok == "{":
            self.i -= 1
            return self.scripts(self.arg())
        if not tok.startswith("\\"):
            if tok[0].isdigit():
                return self.scripts([tok])
            if tok.isalpha():
                return self.scripts([tok])
            if tok in ("^", "_"):  # a script with nothing before it (e.g. {}^{2})
                self.i -= 1
                return self.scripts([])
            said = CHARS.get(tok, tok)
            return self.scripts([said] if said else [])
        name = tok[1:]
        if name in SILENT:
            if name in ("hspace", "phantom", "vphantom", "hphantom", "label", "tag"):
                self.group_tex()
            return []
        if name == "\\":
            return ["; next line,"]
        if name in GREEK:
            return self.scripts([GREEK[name]])
        if name in FUNCTIONS:
            return self.scripts([FUNCTIONS[name]])
        if name in BIG_OPERATORS:
            return self.big_operator(BIG_OPERATORS[name])
        if name in ("frac", "dfrac", "tfrac", "cfrac"):
            top, bottom = self.arg(), self.arg()
            if len(top) == 1 and len(bottom) == 1:
                return self.scripts([*top, "over", *bottom])
            return self.scripts(["the fraction", *top, "over", *bottom, "end fraction"])
        if name == "sqrt":
            index = self.optional()
            body = self.arg()
            root = "square root of" if index is None else f"root {' '.join(read_words(index))} of"
            return self.scripts([root, *body, *(["end root"] if len(body) > 1 else [])])
        if name in ACCENTS:
            return self.scripts([*self.arg(), ACCENTS[name]])
        if name in FONTS:
            raw = self.group_tex()
            if name == "mathbb" and raw.strip() in BLACKBOARD:
                return self.scripts([BLACKBOARD[raw.strip()]])
            return self.scripts([w for w in (FONTS[name], *read_words(raw)) if w])
        if name in TEXT:
            return self.scripts([self.text_arg()])
        if name in ("underbrace", "overbrace"):
            return self.arg()  # the brace's label follows as a script
        if name in ("xrightarrow", "xleftarrow"):
            self.optional()
            label = self.arg()
            return ["goes to", *(["by", *label] if label else [])]
        if name == "binom":
            top, bottom = self.arg(), self.arg()
            return self.scripts([*top, "choose", *bottom])
        if name in ("begin", "end"):
            env = self.group_tex().replace(" ", "")
            if env in ("array",) and name == "begin":
                self.group_tex()  # column spec
            if env.endswith("matrix"):
                return ["the matrix,"] if name == "begin" else ["end matrix"]
            if env == "cases":
                return ["cases:"] if name == "begin" else ["end cases"]
            return []
        if name in SYMBOLS:
            return self.scripts([SYMBOLS[name]])
        return self.scripts([name])  # unknown: its name, never silence

    def text_arg(self) -> str:
        return re.sub(r"\\(.)", r"\1", self.group_tex(raw=True)).strip()

    def big_operator(self, said: str) -> list[str]:
        words = [said]
        while self.peek() in ("_", "^") or self.peek() in ("\\limits", "\\nolimits"):
            tok = self.take()
            if tok in ("\\limits", "\\nolimits"):
                continue
            part = read_words(self.group_tex())
            below = "from" if "equals" in part or "in" in part else "over"
            words += [below if tok == "_" else "to", *part]
        words.append("of")
        return words

    def read(self) -> list[str]:
        words: list[str] = []
        while self.peek() is not None:
            words += self.atom()
        return words


def read_words(tex: str) -> list[str]:
    return _Reader(tex).read()


@lru_cache(maxsize=8192)  # pure; a book says the same formula (w, η, σ(z)) many times, and is rendered more than once
def spoken(tex: str) -> str:
    """The words a listener hears for ``tex``: "y hat sub i equals sigma ( z sub i )"."""
    text = " ".join(w for w in read_words(tex) if w)
    text = re.sub(r"\s+([,;:)\]])", r"\1", text)
    text = re.sub(r"([(\[])\s+", r"\1", text)
    text = re.sub(r"(?:\bof\s*)+$", "", text).strip()  # "the sum over i of" at the very end
    return re.sub(r"\s+", " ", text).strip(" ,;") or tex.strip()
