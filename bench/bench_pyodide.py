"""How fast does the engine train in the browser? Milliseconds per epoch inside Pyodide.

The workload is TensorFlow Playground's largest network: 2 inputs, 6 hidden
layers of 8 tanh units, 1 sigmoid output (393 parameters), on 250 points
(the Playground's 500 with its default 50 % training split), mini-batches of
10, so one epoch is 25 SGD steps (learning rate 0.03, the Playground's
default). The binary cross-entropy with the sigmoid output uses the engine's
``delta = a - y`` shortcut.

Two numbers per runtime:

* ``steps``: the bare 25 steps (forward, ``backward_from_loss``, ``optimizer.step``);
* ``train``: one call of ``engine.training.train(..., epochs=1)``, which adds
  the shuffle, the divergence guard and the end-of-epoch loss/accuracy on
  all 250 points -- what a playground widget pays per epoch it draws.

Each epoch is timed alone with ``time.perf_counter`` after warm-up epochs;
the median is reported. Pyodide runs under Node (tests/pyodide/runner.mjs),
whose WebAssembly engine is V8, as in Chromium; CPython is measured for
comparison. Target: at most 10.5 ms per epoch in Pyodide.

    python bench/bench_pyodide.py [--epochs 20] [--warmup 5] [--enforce]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 10.5


def _load_helper(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / "pyodide" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def workload(epochs: int, warmup: int) -> str:
    """The snippet timed in both runtimes; it sets ``result`` to per-epoch times in ms."""
    return textwrap.dedent(
        f"""
        import time
        import numpy as np
        from engine import datasets
        from engine.network import Network
        from engine.optimizers import get_optimizer
        from engine.training import train

        SIZES = [2, 8, 8, 8, 8, 8, 8, 1]
        ACTIVATIONS = ["tanh"] * 6 + ["sigmoid"]
        X, Y = datasets.spirals(n=250, noise=0.1, seed=0)

        def timed(one_epoch):
            for _ in range({warmup}):
                one_epoch()
            times = []
            for _ in range({epochs}):
                start = time.perf_counter()
                one_epoch()
                times.append((time.perf_counter() - start) * 1e3)
            return times

        net = Network(SIZES, ACTIVATIONS, seed=0)
        opt = get_optimizer("sgd", 0.03)
        params = net.params

        def bare_steps():
            for i in range(0, 250, 10):
                net.forward(X[:, i:i + 10], training=True)
                net.backward_from_loss("bce", Y[:, i:i + 10])
                opt.step(params, net.grads)

        steps_ms = timed(bare_steps)

        net = Network(SIZES, ACTIVATIONS, seed=0)
        opt = get_optimizer("sgd", 0.03)
        epoch_seed = iter(range(10**6))
        train_ms = timed(lambda: train(net, X, Y, "bce", opt, epochs=1, batch_size=10, seed=next(epoch_seed)))
        result = {{"steps": steps_ms, "train": train_ms, "param_count": net.param_count()}}
        """
    )


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else 0.5 * (ordered[mid - 1] + ordered[mid])


def summarise(times: list[float]) -> dict:
    ordered = sorted(times)
    return {"median_ms": median(times), "min_ms": ordered[0], "max_ms": ordered[-1]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20, help="timed epochs per measurement")
    parser.add_argument("--warmup", type=int, default=5, help="untimed epochs first")
    parser.add_argument("--enforce", action="store_true", help=f"exit 1 when Pyodide's train epoch exceeds {TARGET_MS} ms")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))  # app.engine_bundle, engine: runnable from a plain checkout
    harness, node_runner = _load_helper("harness"), _load_helper("node_runner")
    snippet = workload(args.epochs, args.warmup)

    batch = node_runner.run_batch_in_pyodide({"bench": snippet})
    outcomes = {"pyodide": batch["results"]["bench"], "cpython": harness.run_snippet(snippet, "bench")}
    figures = {"target_ms": TARGET_MS, "pyodide_startup_ms": batch["startup_ms"]}
    for runtime, outcome in outcomes.items():
        if "error" in outcome:
            print(f"{runtime} failed:\n{outcome['error']}", file=sys.stderr)
            return 2
        figures[runtime] = {kind: summarise(outcome["ok"][kind]) for kind in ("steps", "train")}
        figures["param_count"] = outcome["ok"]["param_count"]

    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"Playground network 2-8-8-8-8-8-8-1 ({figures['param_count']} parameters), 250 points, "
              f"batch 10, 25 SGD steps per epoch; {args.epochs} timed epochs after {args.warmup} warm-up")
        print(f"Pyodide start-up (Node, numpy, engine): {figures['pyodide_startup_ms']:.0f} ms")
        print(f"{'runtime':<9} {'what':<6} {'median ms':>10} {'min ms':>8} {'max ms':>8}")
        for runtime in ("pyodide", "cpython"):
            for kind in ("steps", "train"):
                s = figures[runtime][kind]
                print(f"{runtime:<9} {kind:<6} {s['median_ms']:>10.2f} {s['min_ms']:>8.2f} {s['max_ms']:>8.2f}")
    within = figures["pyodide"]["train"]["median_ms"] <= TARGET_MS
    print(f"target: Pyodide train epoch <= {TARGET_MS} ms: {'met' if within else 'MISSED'}", file=sys.stderr)
    return 1 if args.enforce and not within else 0


if __name__ == "__main__":
    sys.exit(main())
