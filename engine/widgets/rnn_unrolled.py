"""An RNN unrolled (chapter 10): the hidden state through time, and BPTT's gradient at each step.

The task: remember the first input. A sequence of length T starts with
x_1 = +1 and continues with zeros (or, with ``inputs: noisy``, with seeded
noise N(0, 0.3^2) as distractors); a fixed linear read-out of the last hidden
state, y = v . h_T, should say +1 (loss L = (y - 1)^2 / 2). The
:class:`engine.layers.RNN` runs it (h_t = tanh(W_xh x_t + W_hh h_{t-1} + b)),
then backpropagation through time gives dL/dx_t for every step: how much the
input at step t can still move the loss. Each step back multiplies the
gradient by W_hh^T diag(1 - h_t^2), so with the recurrent gain rho (W_hh
rescaled to that spectral radius) below 1 the norms shrink geometrically
towards step 1, the vanishing gradient (Bengio, Simard & Frasconi 1994).
"""

from __future__ import annotations

import math

import numpy as np

from engine.layers import RNN

from .kit.geometry import decade_ticks
from .options import Option, Options

CAPTION = "A recurrent network unrolled through time: its hidden state at each step, and how much gradient backpropagation through time brings back to each step."
INPUTS = {"pulse": "x₁ = 1, then zeros", "noisy": "x₁ = 1, then noise"}
OPTIONS = Options(
    Option("inputs", "choice", "pulse", label="input sequence", choices=list(INPUTS.items())),
    Option("length", "integer", 10, min=2, max=40, label="sequence length T"),
    Option("gain", "number", 0.9, min=0.1, max=3.0, step=0.1, label="recurrent gain ρ"),
    Option("hidden", "integer", 8, min=2, max=16, label="hidden units"),
    Option("seed", "integer", 0, min=0, max=10**6, control="hidden", label="seed of the weights"),
)


def initial(options: dict) -> dict:
    T, rho, n_h = options["length"], options["gain"], options["hidden"]
    rnn = RNN(1, n_h, seed=options["seed"])
    W = rnn.params["W_hh"]
    radius = float(np.max(np.abs(np.linalg.eigvals(W))))
    rnn.params["W_hh"] = W * (rho / radius)
    rnn.params["b_h"] = np.zeros((n_h, 1))
    rng = np.random.default_rng(options["seed"] + 1)
    v = rng.standard_normal(n_h) / math.sqrt(n_h)
    xs = np.zeros((T, 1, 1))
    if options["inputs"] == "noisy":  # distractors after the signal: N(0, 0.3²), seeded
        xs[1:, 0, 0] = 0.3 * np.random.default_rng(options["seed"] + 2).standard_normal(T - 1)
    xs[0, 0, 0] = 1.0
    hs = rnn.forward(xs)
    y = float(v @ hs[-1, :, 0])
    loss = 0.5 * (y - 1.0) ** 2
    dhs = np.zeros_like(hs)
    dhs[-1, :, 0] = (y - 1.0) * v
    dxs = rnn.backward(dhs)
    norms = [float(np.linalg.norm(dxs[t])) for t in range(T)]
    last = norms[-1]
    logs = [math.log10(n) if n > 0 else None for n in norms]
    finite = [g for g in logs if g is not None]
    lo = math.floor(min(finite)) if finite else -1
    hi = math.ceil(max(finite)) if finite else 0
    if hi == lo:
        hi = lo + 1
    ratio = norms[0] / last if last > 0 else 0.0
    if ratio < 0.1:
        verdict = "vanishing: step 1 gets little of it, so learning to remember x₁ is slow or impossible"
        kind = "warning"
    elif ratio > 10:
        verdict = "exploding: the earliest steps get far larger gradients than the last"
        kind = "warning"
    else:
        verdict = "the gradient keeps its size across the sequence"
        kind = "success"
    description = (f"T = {T} steps, gain ρ = {rho:.1f}, {n_h} hidden units: the read-out says {y:.3f} (target 1). "
                   f"The gradient reaching step 1 is {ratio:.2e} times the one at step T — {verdict}.")
    return {
        "inputs": options["inputs"], "xs": np.round(xs[:, 0, 0], 4).tolist(), "length": T, "gain": rho, "hidden": n_h, "seed": options["seed"],
        "hs": np.round(hs[:, :, 0], 4).tolist(), "output": round(y, 6), "loss": round(loss, 6),
        "grad_norms": norms, "log10_norms": logs, "box": [0.5, T + 0.5, lo, hi], "ratio": ratio,
        "x_ticks": [t for t in range(1, T + 1) if T <= 12 or t in (1, T) or t % 5 == 0],
        "y_ticks": decade_ticks(lo, hi), "verdict": verdict, "kind": kind, "description": description,
    }


CALLS = {"initial": initial}
