"""The engine gives the same numbers in the browser's Pyodide as in CPython.

Pyodide 0.27.7 (Python 3.12, numpy 2.0.2, WebAssembly, its own libm) runs
under Node, loaded from static/vendor/ exactly as a reader's browser loads it,
with the engine unpacked from the zip the site serves. Every snippet below
runs there and in CPython (a subprocess importing the engine from the same
zip); results must agree to 1e-12 (relative or
absolute). They are not expected to be bit-identical: the two builds may sum
in a different order and round exp/tanh differently in the last bit, and a
few epochs of training amplify such 1e-16 differences only a little.

Pyodide starts in seconds, so all snippets run in ONE Node process.
Needs Node 20+ and `make vendor`.
"""

from __future__ import annotations

import importlib.util
import io
import json
import math
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from app.engine_bundle import engine_zip_bytes

pytestmark = pytest.mark.pyodide

PYODIDE_DIR = Path(__file__).resolve().parents[1] / "pyodide"
TOLERANCE = 1e-12
# The chapter 8 figures whose first frame trains a network for hundreds of steps.
TRAINED_FIGURES = {"lr-schedules", "batch-norm", "regularization"}
TRAINED_TOLERANCE = 1e-6


def _load(name: str):
    """tests/pyodide/ is not a package: load its helpers by path."""
    spec = importlib.util.spec_from_file_location(f"pyodide_{name}", PYODIDE_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


node_runner = _load("node_runner")


def _snippet(source: str) -> str:
    return textwrap.dedent(source).strip() + "\n"


ENVIRONMENT = _snippet(
    """
    import sys, numpy, engine
    result = {"numpy": numpy.__version__, "python": list(sys.version_info[:2]), "engine_file": engine.__file__}
    """
)

# name -> source; each must give the same result in Pyodide and in CPython.
COMPARED = {
    "activations": """
        import numpy as np
        from engine.activations import ACTIVATION_NAMES, get_activation
        z = np.linspace(-6.0, 6.0, 25).reshape(5, 5)  # holds 0.0, the kink of step/relu
        z[0, 0], z[4, 4] = -40.0, 40.0  # saturated ends, where exp over- or underflows
        dout = np.cos(np.arange(25.0)).reshape(5, 5)
        result = {}
        for name in ACTIVATION_NAMES:
            act = get_activation(name)
            a = act.forward(z)
            result[name] = {"a": a, "derivative": act.derivative(z), "backward": act.backward(z, a, dout)}
        result["leaky_relu_0.2"] = get_activation("leaky_relu", alpha=0.2).forward(z)
    """,
    "losses": """
        import numpy as np
        from engine.losses import LOSS_NAMES, get_loss
        rng = np.random.default_rng(7)
        p = rng.uniform(0.05, 0.95, (3, 8))
        z = rng.normal(0.0, 3.0, (3, 8))
        y_binary = (rng.random((3, 8)) > 0.5).astype(float)
        y_onehot = np.eye(3)[:, rng.integers(0, 3, 8)]
        result = {}
        for name in LOSS_NAMES:
            loss = get_loss(name)
            out = z if loss.takes_logits else p
            y = y_onehot if name == "cce_logits" else y_binary
            result[name] = {"value": loss.value(out, y), "gradient": loss.gradient(out, y)}
    """,
    "backprop": """
        from engine import datasets
        from engine.network import Network
        X, Y = datasets.xor_quadrants(n=12, noise=0.1, seed=3)
        net = Network([2, 4, 3, 1], ["tanh", "leaky_relu", "sigmoid"], seed=5)
        out = net.forward(X)
        loss = net.backward_from_loss("bce", Y)
        result = {"output": out, "loss": loss, "deltas": net.deltas, "gradients": net.gradients(),
                  "input_gradient": net.input_grad, "param_count": net.param_count()}
    """,
    "gradient_check": """
        from engine import datasets
        from engine.gradient_check import gradient_check
        from engine.network import Network
        X, Y = datasets.gaussian_clusters(k=3, n=9, seed=2)
        net = Network([2, 5, 3], ["tanh", "softmax"], seed=8)
        check = gradient_check(net, X, Y, "cce_logits")
        # The numeric side divides loss differences by 2e-6, so its last digits (and the
        # relative errors, ~1e-10) are rounding noise that differs between builds:
        # compare the analytic gradients and the verdict, not the noise.
        result = {"parameters": [row["name"] for row in check["parameters"]], "passed": check["passed"],
                  "analytic": [row["analytic"] for row in check["parameters"]],
                  "every_relative_error_below_1e-6": all(row["relative_error"] < 1e-6 for row in check["parameters"])}
    """,
    "training_adam_minibatch": """
        from engine import datasets
        from engine.network import Network
        from engine.optimizers import get_optimizer
        from engine.training import train
        X, Y = datasets.spirals(n=60, noise=0.05, seed=1)
        net = Network([2, 8, 8, 1], ["tanh", "tanh", "sigmoid"], seed=2)
        run = train(net, X, Y, "bce", get_optimizer("adam", 0.01), epochs=5, batch_size=10, seed=3)
        result = {"run": run.to_dict(), "params": net.get_params(), "output": net.forward(X)}
    """,
    "training_momentum_l2_softmax": """
        from engine import datasets
        from engine.network import Network
        from engine.optimizers import get_optimizer
        from engine.training import train
        X, Y = datasets.gaussian_clusters(k=3, n=60, seed=4)
        net = Network([2, 6, 3], ["relu", "softmax"], seed=6)
        run = train(net, X, Y, "cce_logits", get_optimizer("momentum", 0.1, momentum=0.9),
                    epochs=5, batch_size=16, seed=9, l2=1e-3)
        result = {"run": run.to_dict(), "params": net.get_params()}
    """,
    "playground_fused_step": """
        from engine.widgets.playground.run import Run
        from engine.widgets.playground.table import OPTIONS
        result = {}
        for name, changes in {"largest_adam_l2": {"layers": [8] * 6, "optimizer": "adam", "lr": 0.003,
                                                  "regularization": "l2", "reg_rate": 0.001},
                              "spiral_4_classes_relu": {"layers": [6, 4], "dataset": "spiral", "classes": 4,
                                                        "activation": "relu", "optimizer": "momentum", "lr": 0.01}}.items():
            run = Run(OPTIONS.validate(changes))
            assert run.flat is not None  # the fused path (engine/flat_mlp.py) is what is compared
            rows = run.train(4)
            result[name] = {"rows": rows, "grad_norms": run.grad_norms, "params": run.net.get_params()}
    """,
    "perceptron": """
        import numpy as np
        from engine import datasets
        from engine.perceptron import Perceptron, count_errors
        result = {}
        for name, (X, y) in {"and": datasets.logic_gate("and"),
                             "separable": datasets.linearly_separable(n=40, seed=11)}.items():
            p = Perceptron(w=np.zeros(X.shape[0]), b=0.0, eta=0.1)
            converged = p.fit(X, y, max_epochs=100)
            result[name] = {"converged": converged, "epochs": p.epoch, "updates_per_epoch": p.history,
                            "w": p.w, "b": p.b, "errors": count_errors(p.w, p.b, X, y)}
    """,
    "datasets": """
        from engine import datasets as d
        X, Y = d.moons(n=50, noise=0.1, seed=5)
        result = {
            "gates": {name: d.logic_gate(name) for name in d.GATE_NAMES},
            "linearly_separable": d.linearly_separable(n=30, seed=4),
            "circles": d.circles(n=40, noise=0.1, seed=1),
            "xor_quadrants": d.xor_quadrants(n=40, noise=0.1, seed=2),
            "spirals": d.spirals(n=40, noise=0.1, seed=3),
            "moons": (X, Y),
            "gaussian_clusters": d.gaussian_clusters(k=4, n=40, seed=6),
            "regression": {kind: d.regression_1d(kind, n=30, seed=7) for kind in d.REGRESSION_KINDS},
            "split": d.train_val_split(X, Y, val_fraction=0.3, seed=8),
        }
    """,
    "widget_perceptron": """
        from engine.widgets.protocol import dispatch
        first = dispatch("perceptron", "initial", {})
        after = dispatch("perceptron", "step", {"state": first["state"], "steps": 7})
        result = {"initial": first, "after_7_steps": after}
    """,
    "widgets_initial": """
        from engine.widgets.protocol import dispatch, widget_names
        from engine.widgets.registry import module
        # A figure whose first frame reads the book (the timeline) is computed only on the server.
        result = {name: dispatch(name, "initial", {}) for name in widget_names()
                  if not getattr(module(name), "BUILD_ONLY_INITIAL", False)}
    """,
}
COMPARED = {name: _snippet(source) for name, source in COMPARED.items()}


# Pyodide only (app/engine_bytecode.py): every engine module's code is read from the .pyc shipped
# beside it in the zip, none compiled from source, while the compile builtin is watched.
COMPILED_IMPORTS = _snippet('''
import builtins, importlib.machinery, pathlib, sys
import engine
root = pathlib.Path(engine.__file__).parent
compiled = []
real_compile = builtins.compile
def spy(source, filename, *args, **kwargs):
    compiled.append(str(filename))
    return real_compile(source, filename, *args, **kwargs)
builtins.compile = spy
try:
    for path in sorted(root.rglob("*.py")):
        name = ".".join(path.relative_to(root.parent).with_suffix("").parts).removesuffix(".__init__")
        importlib.machinery.SourceFileLoader(name, str(path)).get_code(name)
finally:
    builtins.compile = real_compile
result = {"modules": len(list(root.rglob("*.py"))), "compiled": compiled, "version": sys.version_info[:2]}
''')


@pytest.fixture(scope="session")
def pyodide_batch() -> dict:
    """Every snippet run inside one Pyodide under Node; the runner's whole output document."""
    return node_runner.run_batch_in_pyodide({"environment": ENVIRONMENT, **COMPARED, "compiled_imports": COMPILED_IMPORTS})


@pytest.fixture(scope="session")
def cpython_results(pyodide_batch, tmp_path_factory) -> dict:
    """The same snippets in CPython, importing the engine from the very zip Pyodide got.

    Same bytes on both sides, so an engine file edited while the suite runs
    cannot pass for a difference between the runtimes.
    """
    engine_parent = tmp_path_factory.mktemp("engine-zip")
    zipfile.ZipFile(io.BytesIO(engine_zip_bytes())).extractall(engine_parent)
    completed = subprocess.run(
        [sys.executable, str(PYODIDE_DIR / "harness.py"), str(engine_parent)],
        input=json.dumps({"environment": ENVIRONMENT, **COMPARED}),
        capture_output=True, text=True, check=True, timeout=600,
    )
    results = json.loads(completed.stdout)
    engine_file = Path(_ok(results["environment"], "environment in CPython")["engine_file"])
    assert engine_file.is_relative_to(engine_parent), f"CPython imported {engine_file}, not the zip"
    return results


@pytest.fixture(scope="session")
def pyodide_results(pyodide_batch) -> dict:
    return pyodide_batch["results"]


def _ok(outcome: dict, where: str):
    assert "error" not in outcome, f"{where} raised:\n{outcome['error']}"
    return outcome["ok"]


def assert_same(got, expected, path: str = "result", tolerance: float = TOLERANCE) -> None:
    """Equal structure; numbers equal to ``tolerance`` (relative or absolute); everything else exactly equal."""
    if isinstance(expected, float) or isinstance(got, float):
        assert isinstance(got, (int, float)) and isinstance(expected, (int, float)), f"{path}: {got!r} vs {expected!r}"
        assert not isinstance(got, bool) and not isinstance(expected, bool), f"{path}: {got!r} vs {expected!r}"
        assert math.isclose(got, expected, rel_tol=tolerance, abs_tol=tolerance), f"{path}: {got!r} != {expected!r}"
    elif isinstance(expected, dict):
        assert isinstance(got, dict) and got.keys() == expected.keys(), f"{path}: keys differ"
        for key in expected:
            assert_same(got[key], expected[key], f"{path}[{key!r}]", tolerance)
    elif isinstance(expected, list):
        assert isinstance(got, list) and len(got) == len(expected), f"{path}: lengths differ"
        for i, (g, e) in enumerate(zip(got, expected)):
            assert_same(g, e, f"{path}[{i}]", tolerance)
    else:
        assert type(got) is type(expected) and got == expected, f"{path}: {got!r} != {expected!r}"


def test_pyodide_is_the_pinned_python_and_numpy(pyodide_results):
    environment = _ok(pyodide_results["environment"], "environment")
    assert environment["numpy"] == "2.0.2"
    assert environment["python"] == [3, 12]


def test_engine_comes_from_the_served_zip(pyodide_results):
    environment = _ok(pyodide_results["environment"], "environment")
    assert environment["engine_file"] == "/home/pyodide/nnbook/engine/__init__.py"


def test_nothing_was_fetched_from_the_network(pyodide_batch):
    assert pyodide_batch["remote_fetches"] == []


@pytest.mark.parametrize("name", sorted(COMPARED))
def test_same_numbers_as_cpython(name, pyodide_results, cpython_results):
    in_pyodide = _ok(pyodide_results[name], f"{name} in Pyodide")
    in_cpython = _ok(cpython_results[name], f"{name} in CPython")
    if name == "widgets_initial":
        # Figures that train for hundreds of steps carry the runtimes' different summation orders
        # (OpenBLAS in CPython, none in Pyodide) into their last digits: compared to TRAINED_TOLERANCE.
        for widget in in_cpython:
            assert_same(in_pyodide.get(widget), in_cpython[widget], f"{name}[{widget!r}]",
                        TRAINED_TOLERANCE if widget in TRAINED_FIGURES else TOLERANCE)
        assert in_pyodide.keys() == in_cpython.keys()
        return
    assert_same(in_pyodide, in_cpython, name)


def test_gradient_check_passes_inside_pyodide(pyodide_results):
    check = _ok(pyodide_results["gradient_check"], "gradient_check")
    assert check["parameters"] == ["W[1]", "b[1]", "W[2]", "b[2]"]  # two Dense layers
    assert check["every_relative_error_below_1e-6"] is True
    assert check["passed"] is True  # the checker's own verdict agrees


def test_training_lowers_the_loss_inside_pyodide(pyodide_results):
    run = _ok(pyodide_results["training_adam_minibatch"], "training")["run"]
    assert run["status"] == "ok" and run["epochs_run"] == 5 and run["steps"] == 30
    assert run["history"]["loss"][-1] < run["history"]["loss"][0]


def test_perceptron_converges_inside_pyodide(pyodide_results):
    runs = _ok(pyodide_results["perceptron"], "perceptron")
    for name, run in runs.items():
        assert run["converged"] is True, name
        assert run["errors"] == 0 and run["updates_per_epoch"][-1] == 0, name


def test_perceptron_widget_starts_inside_pyodide(pyodide_results):
    initial = _ok(pyodide_results["widget_perceptron"], "widget_perceptron")["initial"]
    assert initial["state"]["dataset"] == "and"
    assert len(initial["frame"]["predictions"]) == 4


def test_pyodide_imports_the_engine_without_compiling_it(pyodide_results):
    """The shipped bytecode is what Pyodide runs (tests/app/test_engine_bytecode.py checks the zip itself)."""
    result = _ok(pyodide_results["compiled_imports"], "compiled_imports")
    assert result["version"] == [3, 12] and result["modules"] > 50
    assert result["compiled"] == []  # every module's code came from its pyc
