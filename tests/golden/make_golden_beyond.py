"""Write tests/golden/beyond.json: PyTorch reference values for the chapter-10 layers.

Run with the separate torch environment (never imported by the test suite):

    /work/torchenv/bin/python tests/golden/make_golden_beyond.py

Inputs, parameters and upstream gradients are drawn from a seeded NumPy
generator and stored in the JSON next to torch's outputs and gradients, all
in float64, so the engine tests can replay each case exactly. Arrays are
stored in the *engine's* layouts (see each layer's docstring); where torch's
layout differs (the RNN), this script does the conversion and says so.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

OUT = Path(__file__).with_name("beyond.json")
rng = np.random.default_rng(20240610)


def normal(*shape: int) -> np.ndarray:
    return rng.standard_normal(shape)


def t(array: np.ndarray, grad: bool = False) -> torch.Tensor:
    return torch.tensor(array, dtype=torch.float64, requires_grad=grad)


def arr(tensor: torch.Tensor) -> list:
    return tensor.detach().numpy().tolist()


def conv2d_case(name, N, C, H, W, F_out, kernel, stride, padding):
    kh, kw = (kernel, kernel) if isinstance(kernel, int) else kernel
    x, Wt, b = normal(N, C, H, W), normal(F_out, C, kh, kw) * 0.5, normal(F_out)
    xt, Wtt, bt = t(x, True), t(Wt, True), t(b, True)
    out = F.conv2d(xt, Wtt, bt, stride=stride, padding=padding)
    dout = normal(*out.shape)
    out.backward(t(dout))
    return {
        "name": name,
        "config": {"in_channels": C, "out_channels": F_out, "kernel_size": list((kh, kw)), "stride": stride, "padding": padding},
        "x": x.tolist(), "W": Wt.tolist(), "b": b.tolist(), "dout": dout.tolist(),
        "out": arr(out), "dx": arr(xt.grad), "dW": arr(Wtt.grad), "db": arr(bt.grad),
    }


def max_pool_case(name, x, kernel, stride):
    xt = t(x, True)
    out = F.max_pool2d(xt, kernel_size=kernel, stride=stride)
    dout = normal(*out.shape)
    out.backward(t(dout))
    kernel_pair = [kernel, kernel] if isinstance(kernel, int) else list(kernel)
    return {
        "name": name, "kernel_size": kernel_pair, "stride": stride,
        "x": x.tolist(), "dout": dout.tolist(), "out": arr(out), "dx": arr(xt.grad),
    }


def rnn_case(name, T, n_x, n_h, m, with_h0):
    """torch.nn.RNN takes (T, m, n_x) and (1, m, n_h); the JSON keeps the engine's (T, n_x, m) and (n_h, m)."""
    layer = torch.nn.RNN(n_x, n_h, num_layers=1, nonlinearity="tanh", dtype=torch.float64)
    W_xh, W_hh = normal(n_h, n_x) * 0.6, normal(n_h, n_h) * 0.6
    b_ih, b_hh = normal(n_h) * 0.3, normal(n_h) * 0.3
    with torch.no_grad():
        layer.weight_ih_l0.copy_(t(W_xh))
        layer.weight_hh_l0.copy_(t(W_hh))
        layer.bias_ih_l0.copy_(t(b_ih))
        layer.bias_hh_l0.copy_(t(b_hh))
    xs = normal(T, n_x, m)
    h0 = normal(n_h, m) * 0.5 if with_h0 else np.zeros((n_h, m))
    xt = t(xs.transpose(0, 2, 1).copy(), True)
    h0t = t(h0.T[None].copy(), True)
    hs, _ = layer(xt, h0t)  # (T, m, n_h)
    dhs = normal(T, n_h, m)
    hs.backward(t(dhs.transpose(0, 2, 1).copy()))
    return {
        "name": name, "n_x": n_x, "n_h": n_h,
        "xs": xs.tolist(), "h0": h0.tolist() if with_h0 else None,
        "W_xh": W_xh.tolist(), "W_hh": W_hh.tolist(), "b_ih": b_ih.tolist(), "b_hh": b_hh.tolist(),
        "dhs": dhs.tolist(),
        "hs": hs.detach().numpy().transpose(0, 2, 1).tolist(),
        "dxs": xt.grad.numpy().transpose(0, 2, 1).tolist(),
        "dh0": h0t.grad.numpy()[0].T.tolist(),
        "dW_xh": arr(layer.weight_ih_l0.grad), "dW_hh": arr(layer.weight_hh_l0.grad),
        "db_ih": arr(layer.bias_ih_l0.grad), "db_hh": arr(layer.bias_hh_l0.grad),
    }


def attention_case(name, T, d_model, d_k, d_v, causal, x_scale=1.0):
    X = normal(T, d_model) * x_scale
    W_q, W_k, W_v = normal(d_model, d_k), normal(d_model, d_k), normal(d_model, d_v)
    Xt, Wqt, Wkt, Wvt = t(X, True), t(W_q, True), t(W_k, True), t(W_v, True)
    Q, K, V = Xt @ Wqt, Xt @ Wkt, Xt @ Wvt
    # torch's own fused implementation is the reference for Y and every gradient.
    Y = F.scaled_dot_product_attention(Q, K, V, is_causal=causal)
    dout = normal(T, d_v)
    Y.backward(t(dout))
    # SDPA does not return its weights; rebuild them the textbook way for the heat map.
    with torch.no_grad():
        scores = Q @ K.T / math.sqrt(d_k)
        if causal:
            scores = scores.masked_fill(torch.ones(T, T, dtype=torch.bool).triu(1), float("-inf"))
        weights = torch.softmax(scores, dim=-1)
    return {
        "name": name, "d_model": d_model, "d_k": d_k, "d_v": d_v, "causal": causal,
        "X": X.tolist(), "W_q": W_q.tolist(), "W_k": W_k.tolist(), "W_v": W_v.tolist(), "dout": dout.tolist(),
        "out": arr(Y), "attention_weights": arr(weights),
        "dX": arr(Xt.grad), "dW_q": arr(Wqt.grad), "dW_k": arr(Wkt.grad), "dW_v": arr(Wvt.grad),
    }


def main() -> None:
    torch.manual_seed(0)  # only nn.RNN's throw-away default init draws from torch's RNG
    golden = {
        "meta": {
            "torch": torch.__version__,
            "dtype": "float64",
            "device": "cpu",
            "made_by": "tests/golden/make_golden_beyond.py",
        },
        "conv2d": [
            conv2d_case("k3_s1_p0", N=2, C=3, H=7, W=6, F_out=4, kernel=3, stride=1, padding=0),
            conv2d_case("k3_s2_p1", N=2, C=2, H=7, W=7, F_out=3, kernel=3, stride=2, padding=1),
            conv2d_case("k2x3_s3_p2", N=1, C=3, H=8, W=9, F_out=2, kernel=(2, 3), stride=3, padding=2),
            # (6 - 3) // 2 + 1 = 2 windows cover rows 0..4 only: row 5 and column 5 get zero gradient.
            conv2d_case("k3_s2_uncovered_edge", N=2, C=1, H=6, W=6, F_out=2, kernel=3, stride=2, padding=0),
        ],
        "max_pool": [
            max_pool_case("k2_default_stride", normal(2, 3, 6, 6), kernel=2, stride=None),
            # Small integers make many equal maxima; overlapping windows share pixels.
            max_pool_case("k3_s2_overlap_ties", rng.integers(0, 3, size=(2, 2, 7, 7)).astype(np.float64), kernel=3, stride=2),
            max_pool_case("k2x3_s1_ties", rng.integers(0, 2, size=(1, 2, 5, 6)).astype(np.float64), kernel=(2, 3), stride=1),
            max_pool_case("k2_odd_size_drops_edge", normal(1, 2, 7, 5), kernel=2, stride=None),
        ],
        "rnn": [
            rnn_case("T5_zero_h0", T=5, n_x=3, n_h=4, m=2, with_h0=False),
            rnn_case("T7_given_h0", T=7, n_x=2, n_h=3, m=3, with_h0=True),
        ],
        "attention": [
            attention_case("full", T=5, d_model=4, d_k=3, d_v=2, causal=False),
            attention_case("causal", T=6, d_model=4, d_k=3, d_v=3, causal=True),
            # Scores in the thousands: a softmax without the max-shift overflows exp().
            attention_case("large_scores", T=4, d_model=3, d_k=2, d_v=2, causal=False, x_scale=40.0),
        ],
    }
    OUT.write_text(json.dumps(golden, indent=1) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
