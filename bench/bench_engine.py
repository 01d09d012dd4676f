"""How fast does the engine train TensorFlow Playground's largest network?

The network: 2 inputs, 6 hidden layers of 8 tanh units, 1 sigmoid output
(Playground's maximum), 250 points, mini-batches of 10, so one epoch is 25
SGD steps. Prints milliseconds per epoch (wall clock and CPU time) for the
engine's ``train`` (which also evaluates the whole set after every epoch)
and, when torch can be imported, for the same loop in PyTorch CPU (float64,
same initial weights, same end-of-epoch evaluation), and the ratio.

    .venv/bin/python bench/bench_engine.py             # engine only
    /work/torchenv/bin/python bench/bench_engine.py    # engine and PyTorch

Runs from a plain checkout: the repository root is put on sys.path, so the
project need not be installed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from engine.datasets import spirals  # noqa: E402
from engine.network import Network  # noqa: E402
from engine.optimizers import get_optimizer  # noqa: E402
from engine.training import train  # noqa: E402

SIZES = [2, 8, 8, 8, 8, 8, 8, 1]
N_POINTS, BATCH, LR = 250, 10, 0.03


def make_network() -> Network:
    return Network(SIZES, "tanh", output_activation="sigmoid", seed=0)


class Stopwatch:
    """Wall-clock and CPU time of a block, in ms; CPU time is what a busy shared machine disturbs least."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = (time.perf_counter() - self.wall) * 1000
        self.cpu = (time.process_time() - self.cpu) * 1000


def time_engine(X, Y, epochs: int, repeats: int) -> tuple[list[Stopwatch], float]:
    """Timings of ``repeats`` runs of ``epochs`` epochs each, and the final loss."""
    runs, loss = [], float("nan")
    for _ in range(repeats):
        net = make_network()
        with Stopwatch() as watch:
            result = train(net, X, Y, "bce", get_optimizer("sgd", LR), epochs=epochs, batch_size=BATCH, seed=0)
        runs.append(watch)
        loss = result.history["loss"][-1]
    return runs, loss


def time_torch(torch, X, Y, epochs: int, repeats: int) -> tuple[list[Stopwatch], float]:
    """The same training loop written the usual PyTorch way (row per sample)."""
    torch.set_num_threads(1)  # tiny matrices: threads only add overhead, and the machine is shared
    Xt = torch.tensor(X.T, dtype=torch.float64)
    Yt = torch.tensor(Y.T, dtype=torch.float64)
    params = make_network().get_params()
    runs, loss = [], float("nan")
    for _ in range(repeats):
        layers = []
        for i, p in enumerate(params):
            linear = torch.nn.Linear(SIZES[i], SIZES[i + 1], dtype=torch.float64)
            with torch.no_grad():
                linear.weight.copy_(torch.tensor(p["W"]))
                linear.bias.copy_(torch.tensor(p["b"]).ravel())
            layers += [linear, torch.nn.Tanh()] if i < len(params) - 1 else [linear]
        model = torch.nn.Sequential(*layers)  # logits out; the loss applies the sigmoid
        opt = torch.optim.SGD(model.parameters(), lr=LR)
        loss_fn = torch.nn.BCEWithLogitsLoss()
        gen = torch.Generator().manual_seed(0)
        with Stopwatch() as watch:
            for _ in range(epochs):
                order = torch.randperm(N_POINTS, generator=gen)
                for i in range(0, N_POINTS, BATCH):
                    idx = order[i : i + BATCH]
                    opt.zero_grad()
                    loss_fn(model(Xt[idx]), Yt[idx]).backward()
                    opt.step()
                with torch.no_grad():
                    loss = loss_fn(model(Xt), Yt).item()
        runs.append(watch)
    return runs, loss


def best_ms_per_epoch(runs: list[Stopwatch], epochs: int) -> tuple[float, float, float]:
    """(best wall, median wall, best CPU) ms per epoch; the best run is the least disturbed."""
    wall = [r.wall / epochs for r in runs]
    return min(wall), statistics.median(wall), min(r.cpu for r in runs) / epochs


def summary(runs: list[Stopwatch], epochs: int) -> str:
    best, median, cpu = best_ms_per_epoch(runs, epochs)
    return f"{best:7.3f} ms/epoch best wall ({median:.3f} median), {cpu:7.3f} ms/epoch CPU"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    X, Y = spirals(n=N_POINTS, noise=0.05, seed=0)
    net = make_network()
    print(f"network {SIZES} tanh/sigmoid, {net.param_count()} parameters; {N_POINTS} points, "
          f"batch {BATCH} ({N_POINTS // BATCH} SGD steps per epoch); {args.epochs} epochs x {args.repeats} runs")
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}")
    engine_runs, engine_loss = time_engine(X, Y, args.epochs, args.repeats)
    print(f"engine   {summary(engine_runs, args.epochs)}   (final loss {engine_loss:.4f})")
    try:
        import torch
    except ImportError:
        print("torch    not importable here: run with the torch environment to compare")
        return
    torch_runs, torch_loss = time_torch(torch, X, Y, args.epochs, args.repeats)
    print(f"torch    {summary(torch_runs, args.epochs)}   (final loss {torch_loss:.4f}; torch {torch.__version__}, float64, 1 thread)")
    (e_wall, _, e_cpu), (t_wall, _, t_cpu) = (best_ms_per_epoch(r, args.epochs) for r in (engine_runs, torch_runs))
    print(f"ratio    torch / engine = {t_wall / e_wall:.2f} (best wall), {t_cpu / e_cpu:.2f} (CPU)")


if __name__ == "__main__":
    main()
