"""Write tests/golden/core.json: reference numbers for the engine core from PyTorch.

Run with the separate torch environment (the test suite itself never imports torch):

    /work/torchenv/bin/python tests/golden/make_golden_core.py

Inputs are drawn with a seeded NumPy generator; every expected output comes
from PyTorch 2.13 (CPU, float64): values from its functions, gradients from
autograd, optimiser trajectories from torch.optim, learning rates from
torch.optim.lr_scheduler. Arrays are stored in the engine's layout
(column per sample), transposed where PyTorch is row-per-sample.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

OUT = Path(__file__).with_name("core.json")
torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20240613)


def t(a, grad=False) -> torch.Tensor:
    return torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=grad)


def lst(x) -> list:
    return x.detach().numpy().tolist() if isinstance(x, torch.Tensor) else np.asarray(x).tolist()


# --- activations: value and derivative (autograd of the sum) ----------------------


def activations() -> dict:
    z = np.concatenate([rng.normal(0, 3, (3, 7)), [[-1e4, -50.0, -1.0, 0.0, 1.0, 50.0, 1e4]]])
    torch_fns = {
        "linear": lambda x: x * 1.0,
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "relu": torch.relu,
        "leaky_relu": lambda x: F.leaky_relu(x, 0.01),
    }
    out = {}
    for name, fn in torch_fns.items():
        zt = t(z, grad=True)
        a = fn(zt)
        a.sum().backward()
        out[name] = {"params": {}, "z": z.tolist(), "a": lst(a), "derivative": lst(zt.grad)}
    zt = t(z, grad=True)
    a = F.leaky_relu(zt, 0.2)
    a.sum().backward()
    out["leaky_relu_0.2"] = {"name": "leaky_relu", "params": {"alpha": 0.2}, "z": z.tolist(), "a": lst(a), "derivative": lst(zt.grad)}
    out["step"] = {"z": z.tolist(), "a": lst(torch.heaviside(t(z), t(1.0)))}

    # softmax over axis 0 (classes in rows), with extreme logits in the last column
    zs = rng.normal(0, 2, (4, 5))
    zs[:, -1] = [1e4, -1e4, 0.0, 9999.0]
    dout = rng.normal(size=(4, 5))
    zt = t(zs, grad=True)
    s = torch.softmax(zt, dim=0)
    (s * t(dout)).sum().backward()
    out["softmax"] = {"z": zs.tolist(), "a": lst(s), "dout": dout.tolist(), "dz": lst(zt.grad)}
    return out


# --- losses: mean over columns (sum over rows), gradient wrt the input ----------------


def losses() -> dict:
    m = 6
    y_bin = (rng.random((3, m)) > 0.5).astype(float)
    cases = {
        "mse": (rng.normal(size=(3, m)), rng.normal(size=(3, m)), lambda a, y: ((a - y) ** 2).sum() / m),
        "bce": (rng.uniform(0.02, 0.98, (3, m)), y_bin, lambda p, y: F.binary_cross_entropy(p, y, reduction="sum") / m),
        "bce_logits": (
            rng.normal(0, 3, (3, m)),
            y_bin,
            lambda z, y: F.binary_cross_entropy_with_logits(z, y, reduction="sum") / m,
        ),
    }
    out = {}
    for name, (a, y, fn) in cases.items():
        at = t(a, grad=True)
        value = fn(at, t(y))
        value.backward()
        out[name] = {"input": a.tolist(), "y": y.tolist(), "loss": value.item(), "gradient": lst(at.grad)}
    # categorical cross-entropy: torch wants (m, K) rows; targets as class probabilities (one-hot here)
    K = 4
    z = rng.normal(0, 3, (K, m))
    y = np.eye(K)[:, rng.integers(0, K, m)]
    zt = t(z, grad=True)
    value = F.cross_entropy(zt.T, t(y).T)
    value.backward()
    out["cce_logits"] = {"input": z.tolist(), "y": y.tolist(), "loss": value.item(), "gradient": lst(zt.grad)}
    return out


# --- dense layer ------------------------------------------------------------------------


def dense() -> dict:
    n_in, n_out, m = 4, 3, 5
    W, b, x, dout = rng.normal(size=(n_out, n_in)), rng.normal(size=(n_out, 1)), rng.normal(size=(n_in, m)), rng.normal(size=(n_out, m))
    Wt, bt, xt = t(W, True), t(b.ravel(), True), t(x.T, True)
    z = F.linear(xt, Wt, bt)  # (m, n_out)
    (z * t(dout.T)).sum().backward()
    return {
        "W": W.tolist(), "b": b.tolist(), "x": x.tolist(), "dout": dout.tolist(),
        "z": lst(z.T), "dx": lst(xt.grad.T), "dW": lst(Wt.grad), "db": lst(bt.grad[:, None]),
    }


# --- batch norm: three training batches, then inference -----------------------------------


def batch_norm() -> dict:
    n, m, momentum, eps = 3, 6, 0.2, 1e-5
    bn = torch.nn.BatchNorm1d(n, momentum=momentum, eps=eps)
    gamma, beta = rng.normal(1, 0.3, n), rng.normal(0, 0.5, n)
    with torch.no_grad():
        bn.weight.copy_(t(gamma))
        bn.bias.copy_(t(beta))
    batches = [rng.normal(2.0, 1.5, (n, m)) for _ in range(3)]
    bn.train()
    outputs = []
    for xb in batches:
        xt = t(xb.T, True)
        y = bn(xt)
        outputs.append(lst(y.T))
    dout = rng.normal(size=(n, m))
    bn.zero_grad()
    (y * t(dout.T)).sum().backward()
    train = {"dout": dout.tolist(), "dx": lst(xt.grad.T), "dgamma": lst(bn.weight.grad[:, None]), "dbeta": lst(bn.bias.grad[:, None])}
    running = {"running_mean": lst(bn.running_mean[:, None]), "running_var": lst(bn.running_var[:, None])}
    bn.eval()
    bn.zero_grad()
    x_eval = rng.normal(2.0, 1.5, (n, 4))
    dout_eval = rng.normal(size=(n, 4))
    xt = t(x_eval.T, True)
    y = bn(xt)
    (y * t(dout_eval.T)).sum().backward()
    return {
        "n": n, "momentum": momentum, "eps": eps,
        "gamma": [[g] for g in gamma], "beta": [[b] for b in beta],
        "batches": [b.tolist() for b in batches], "outputs": outputs, "train_backward": train, **running,
        "eval": {
            "x": x_eval.tolist(), "y": lst(y.T), "dout": dout_eval.tolist(), "dx": lst(xt.grad.T),
            "dgamma": lst(bn.weight.grad[:, None]), "dbeta": lst(bn.bias.grad[:, None]),
        },
    }


# --- whole networks: forward, loss, every delta and gradient ----------------------------------


def network_case(sizes, acts, loss, m) -> dict:
    params = [(rng.normal(0, 0.8, (n, n_prev)), rng.normal(0, 0.3, (n, 1))) for n_prev, n in zip(sizes[:-1], sizes[1:])]
    X = rng.normal(size=(sizes[0], m))
    if loss == "cce_logits":
        Y = np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], m)]
    elif loss == "bce":
        Y = (rng.random((sizes[-1], m)) > 0.5).astype(float)
    else:
        Y = rng.normal(size=(sizes[-1], m))
    fns = {
        "tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid, "linear": lambda z: z,
        "softmax": lambda z: torch.softmax(z, dim=0),
    }
    tensors, zs = [], []
    a = t(X)
    for (W, b), act in zip(params, acts):
        Wt, bt = t(W, True), t(b, True)
        tensors.append((Wt, bt))
        z = Wt @ a + bt
        z.retain_grad()
        zs.append(z)
        a = F.leaky_relu(z, act["params"]["alpha"]) if act["name"] == "leaky_relu" else fns[act["name"]](z)
    Yt = t(Y)
    if loss == "bce":
        value = F.binary_cross_entropy_with_logits(zs[-1], Yt, reduction="sum") / m
    elif loss == "cce_logits":
        value = F.cross_entropy(zs[-1].T, Yt.T)
    else:
        value = ((a - Yt) ** 2).sum() / m
    value.backward()
    return {
        "sizes": sizes, "activations": acts, "loss": loss,
        "params": [{"W": W.tolist(), "b": b.tolist()} for W, b in params],
        "X": X.tolist(), "Y": Y.tolist(), "output": lst(a), "loss_value": value.item(),
        "z": [lst(z) for z in zs], "delta": [lst(z.grad) for z in zs],
        "dW": [lst(Wt.grad) for Wt, _ in tensors], "db": [lst(bt.grad) for _, bt in tensors],
    }


def networks() -> list:
    def act(name, **params):
        return {"name": name, "params": params}

    return [
        network_case([3, 5, 4, 1], [act("tanh"), act("relu"), act("sigmoid")], "bce", 6),
        network_case([3, 6, 4], [act("leaky_relu", alpha=0.1), act("softmax")], "cce_logits", 5),
        network_case([2, 4, 2], [act("sigmoid"), act("linear")], "mse", 5),
    ]


# --- optimisers: 10 steps on a fixed least-squares problem ------------------------------------


def optimizers() -> dict:
    # L = sum_i 0.5 ||A_i P_i - C_i||^2, gradient A_i^T (A_i P_i - C_i); two parameters of different shapes
    problem = {
        "A": [rng.normal(size=(4, 3)).tolist(), rng.normal(size=(3, 2)).tolist()],
        "C": [rng.normal(size=(4, 2)).tolist(), rng.normal(size=(3, 1)).tolist()],
        "P0": [rng.normal(size=(3, 2)).tolist(), rng.normal(size=(2, 1)).tolist()],
    }
    configs = {
        "sgd": ("sgd", {"lr": 0.1}, lambda p: torch.optim.SGD(p, lr=0.1), {}),
        "momentum": ("momentum", {"lr": 0.05, "momentum": 0.9}, lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9), {"velocity": "momentum_buffer"}),
        "nesterov": (
            "nesterov", {"lr": 0.05, "momentum": 0.8},
            lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.8, nesterov=True), {"velocity": "momentum_buffer"},
        ),
        "rmsprop": ("rmsprop", {"lr": 0.01}, lambda p: torch.optim.RMSprop(p, lr=0.01), {"square_avg": "square_avg"}),
        "rmsprop_rho0.9": (
            "rmsprop", {"lr": 0.02, "rho": 0.9, "eps": 1e-6},
            lambda p: torch.optim.RMSprop(p, lr=0.02, alpha=0.9, eps=1e-6), {"square_avg": "square_avg"},
        ),
        "adam": ("adam", {"lr": 0.05}, lambda p: torch.optim.Adam(p, lr=0.05), {"m": "exp_avg", "v": "exp_avg_sq"}),
        "adam_betas": (
            "adam", {"lr": 0.1, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6},
            lambda p: torch.optim.Adam(p, lr=0.1, betas=(0.8, 0.99), eps=1e-6), {"m": "exp_avg", "v": "exp_avg_sq"},
        ),
    }
    runs = {}
    for key, (name, kwargs, make, state_names) in configs.items():
        P = [t(p, True) for p in problem["P0"]]
        opt = make(P)
        trajectory = []
        for _ in range(10):
            opt.zero_grad()
            loss = sum(0.5 * ((t(A) @ p - t(C)) ** 2).sum() for A, C, p in zip(problem["A"], problem["C"], P))
            loss.backward()
            opt.step()
            trajectory.append([lst(p) for p in P])
        state = {ours: [lst(opt.state[p][theirs]) for p in P] for ours, theirs in state_names.items()}
        runs[key] = {"name": name, "kwargs": kwargs, "trajectory": trajectory, "state": state}
    return {"problem": problem, "runs": runs}


# --- schedules vs torch.optim.lr_scheduler ---------------------------------------------------


def schedules() -> dict:
    lr0, epochs = 0.1, 40
    S = torch.optim.lr_scheduler
    configs = {
        "constant": ("constant", {}, lambda o: S.LambdaLR(o, lambda e: 1.0), epochs),
        "step": ("step", {"step_size": 3, "gamma": 0.5}, lambda o: S.StepLR(o, step_size=3, gamma=0.5), epochs),
        "exponential": ("exponential", {"gamma": 0.9}, lambda o: S.ExponentialLR(o, gamma=0.9), epochs),
        "cosine_restarts": (
            "cosine_restarts", {"T_0": 5, "T_mult": 1, "eta_min": 0.001},
            lambda o: S.CosineAnnealingWarmRestarts(o, T_0=5, T_mult=1, eta_min=0.001), epochs,
        ),
        "cosine_restarts_mult2": (
            "cosine_restarts", {"T_0": 3, "T_mult": 2, "eta_min": 0.0},
            lambda o: S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.0), epochs,
        ),
        # Warm-up then decay, compared over the whole schedule: after decay_epochs the
        # engine stays at eta_min while torch's cosine would climb again.
        "warmup_cosine": (
            "warmup_cosine", {"warmup_epochs": 5, "decay_epochs": 20, "start_factor": 0.1, "eta_min": 0.001},
            lambda o: S.SequentialLR(
                o, [S.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=5), S.CosineAnnealingLR(o, T_max=20, eta_min=0.001)], milestones=[5]
            ),
            26,
        ),
    }
    out = {}
    for key, (name, kwargs, make, n) in configs.items():
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=lr0)
        sched = make(opt)
        lrs = []
        for _ in range(n):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step()
        out[key] = {"name": name, "lr": lr0, "kwargs": kwargs, "lrs": lrs}
    return out


def main() -> None:
    assert torch.__version__.startswith("2.13"), torch.__version__
    warnings.simplefilter("ignore")  # SequentialLR's internal step(0) deprecation notice
    data = {
        "meta": {
            "torch": torch.__version__,
            "numpy": np.__version__,
            "dtype": "float64",
            "made_by": "tests/golden/make_golden_core.py",
        },
        "activations": activations(),
        "losses": losses(),
        "dense": dense(),
        "batch_norm": batch_norm(),
        "networks": networks(),
        "optimizers": optimizers(),
        "schedules": schedules(),
    }

    def finite(x):
        if isinstance(x, float):
            assert math.isfinite(x), "non-finite reference value"
        elif isinstance(x, dict):
            for v in x.values():
                finite(v)
        elif isinstance(x, list):
            for v in x:
                finite(v)

    finite(data)
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
