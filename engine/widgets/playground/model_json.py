"""Export a run as JSON and load it back: architecture, weights, options, seed, engine version.

The export also carries what continuing the run needs -- the optimiser's
moments and step count, the state of the two random generators (batch order,
dropout masks), the epoch and the loss history -- so an imported run predicts
the same numbers and trains on exactly as the exported one would have. The
same JSON is the stateless form of a run: a server without a session for it
rebuilds it from this.
"""

from __future__ import annotations

import numpy as np

from engine.widgets.errors import WidgetInputError

from .glue import generator_state, load_optimizer_state, optimizer_state, set_generator_state
from .run import Run
from .table import OPTIONS

FORMAT = "nnbook-playground-model"
ENGINE_VERSION = "0.1.0"  # pyproject's version of the package that holds this engine


def export_model(run: Run) -> dict:
    custom = None
    if run.custom is not None:
        custom = {"kind": run.custom["kind"], "classes": run.custom["classes"],
                  "X": np.asarray(run.custom["X"]).tolist(), "y": np.asarray(run.custom["y"]).tolist()}
    return {
        "format": FORMAT,
        "engine_version": ENGINE_VERSION,
        "seed": run.options["seed"],
        "options": dict(run.options),
        "architecture": {"sizes": run.sizes, "features": run.features, "loss": run.loss},
        "network": run.net.to_dict(),
        "optimizer": optimizer_state(run.optimizer),
        "rng": {"batches": generator_state(run.batch_rng), "network": generator_state(run.net_rng)},
        "epoch": run.epoch,
        "history": run.history,
        "status": [run.status, run.message],
        "early_stopping": [None if run.best_test == float("inf") else run.best_test, run.waited],
        "custom": custom,
    }


def _fail(reason: str):
    raise WidgetInputError("model", reason)


def import_model(model) -> Run:
    """A run rebuilt from :func:`export_model`'s JSON; anything malformed is refused naming what is wrong."""
    if not isinstance(model, dict) or model.get("format") != FORMAT:
        _fail(f"is not a playground model (its \"format\" must be {FORMAT!r})")
    options = OPTIONS.validate(model.get("options"))
    custom = model.get("custom")
    if custom is not None:
        try:
            custom = {"kind": custom["kind"], "classes": int(custom["classes"]),
                      "X": np.array(custom["X"], dtype=np.float64), "y": np.array(custom["y"])}
        except (KeyError, TypeError, ValueError):
            _fail("its \"custom\" data is malformed")
        if custom["kind"] == "classification":
            custom["y"] = custom["y"].astype(np.int64)
    run = Run(options, custom)
    try:
        run.net.set_params(model["network"]["params"])
        load_optimizer_state(run.optimizer, run.access, model.get("optimizer", {"t": 0}))
        set_generator_state(run.batch_rng, model["rng"]["batches"])
        set_generator_state(run.net_rng, model["rng"]["network"])
        run.epoch = int(model["epoch"])
        run.history = [[int(e), float(a), float(b)] for e, a, b in model["history"]]
        run.status, run.message = model.get("status", ["ok", ""])
        best, run.waited = model.get("early_stopping", [None, 0])
        run.best_test = float("inf") if best is None else float(best)
        run.best_epoch = run.epoch
        if run.best_test != float("inf"):
            run.best_params = run.access.copy()
    except WidgetInputError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        _fail(f"does not match its options ({type(exc).__name__}: {exc})")
    if not all(np.isfinite(a).all() for a in run.access.arrays):
        _fail("holds a weight that is not a finite number")
    run.train_loss, run.test_loss = run.losses()
    return run
