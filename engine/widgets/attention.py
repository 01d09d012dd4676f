"""Self-attention (chapter 10): queries, keys, values and the softmax weight matrix.

Six tokens, "the cat sat on the mat", each with a small seeded embedding
(d_model = 4, entries N(0, 2²); the two "the" share theirs, and there is no position code, so
their rows are equal). One :class:`engine.layers.SelfAttention` head with
``d_k`` query/key units computes

    S = Q K^T / sqrt(d_k),   A = softmax(S) row by row,   Y = A V.

Switches: ``causal`` masks the future (token i sees j <= i only), and
``scaled`` off drops the division by sqrt(d_k). The figure also reports the
same head both ways, the mean of each row's largest weight, to show what the
scaling prevents: with large d_k unscaled scores grow like sqrt(d_k) and the
softmax saturates towards one-hot rows (Vaswani et al. 2017).
"""

from __future__ import annotations

import numpy as np

from engine.layers import SelfAttention

from .options import Option, Options

TOKENS = ["the", "cat", "sat", "on", "the", "mat"]
D_MODEL = 4
CAPTION = "One attention head over six tokens: each row of the heat map is how one token spreads its attention over the others."
OPTIONS = Options(
    Option("causal", "boolean", False, label="causal mask"),
    Option("scaled", "boolean", True, label="divide by √d_k"),
    Option("query", "integer", 3, min=1, max=len(TOKENS), label="query token i"),
    Option("d_k", "integer", 4, min=1, max=64, label="key size d_k"),
    Option("seed", "integer", 0, min=0, max=10**6, control="hidden", label="seed of the embeddings and weights"),
)


def _embeddings(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    # Entries of size about 2: large enough that the weights differ visibly between tokens.
    table = {word: 2.0 * rng.standard_normal(D_MODEL) for word in dict.fromkeys(TOKENS)}
    return np.array([table[word] for word in TOKENS])


def _head(X, d_k, causal, scaled, seed):
    head = SelfAttention(D_MODEL, d_k, causal=causal, scaled=scaled, seed=seed + 1)
    Y = head.forward(X)
    return head, Y


def _mean_peak(A) -> float:
    return float(np.mean(np.max(A, axis=1)))


def initial(options: dict) -> dict:
    o = options
    X = _embeddings(o["seed"])
    head, Y = _head(X, o["d_k"], o["causal"], o["scaled"], o["seed"])
    A = head.attention_weights
    Q, K, V = (X @ head.params[n] for n in ("W_q", "W_k", "W_v"))
    scores = (Q @ K.T) / (np.sqrt(o["d_k"]) if o["scaled"] else 1.0)
    masked = np.triu(np.ones_like(scores, dtype=bool), 1) if o["causal"] else np.zeros_like(scores, dtype=bool)
    other, _ = _head(X, o["d_k"], o["causal"], not o["scaled"], o["seed"])
    peak, other_peak = _mean_peak(A), _mean_peak(other.attention_weights)
    i = o["query"] - 1
    row = A[i]
    best = int(np.argmax(row))
    seen = i + 1 if o["causal"] else len(TOKENS)
    scaled_peak, unscaled_peak = (peak, other_peak) if o["scaled"] else (other_peak, peak)
    switch = (f"Scores divided by √{o['d_k']} = {np.sqrt(o['d_k']):.2f}." if o["scaled"]
              else f"Scores not divided by √{o['d_k']}: {np.sqrt(o['d_k']):.2f} times larger.")
    comparison = (f"The rows' largest weight averages {scaled_peak:.3f} with the scaling and {unscaled_peak:.3f} without: "
                  + ("without it the softmax is sharper, closer to picking one token." if unscaled_peak > scaled_peak + 1e-3
                     else "at this d_k the scaling changes little."))
    description = (f"Query token {i + 1} ('{TOKENS[i]}') spreads its attention over {seen} token{'s' if seen > 1 else ''}"
                   f"{' (the causal mask hides the later ones)' if o['causal'] and seen < len(TOKENS) else ''}; "
                   f"it attends most to token {best + 1} ('{TOKENS[best]}') with weight {row[best]:.3f}. {switch} {comparison}")
    r4 = lambda a: np.round(a, 4).tolist()  # noqa: E731
    return {
        "tokens": TOKENS, "query": o["query"], "d_k": o["d_k"], "causal": o["causal"], "scaled": o["scaled"],
        "X": r4(X), "Q": r4(Q), "K": r4(K), "V": r4(V),
        "scores": [[None if masked[a, b] else round(float(scores[a, b]), 4) for b in range(len(TOKENS))] for a in range(len(TOKENS))],
        "weights": r4(A), "output": r4(Y), "row": r4(row), "best": best,
        "peak": {"scaled": scaled_peak, "unscaled": unscaled_peak},
        "switch": switch, "comparison": comparison, "description": description,
    }


CALLS = {"initial": initial}
