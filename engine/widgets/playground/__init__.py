"""The playground (chapter 8 and /playground): everything TensorFlow Playground does, on the book's engine.

Calls (each answers with a frame to draw, :mod:`.frame`):

- ``initial(options)``: a fresh run's first frame (``session`` None: the first train call makes one).
- ``reset``, ``load_csv``, ``set_points``, ``import``: a fresh run kept as ``session``.
- ``train`` / ``step`` ``{session, options, epochs, model?, points?, stateless?}``: K more epochs. The
  run stays in this Python process between calls (the browser's worker), found by ``session``; a
  process that does not hold it (the server, a restarted worker) rebuilds it from ``model`` (the
  exported JSON, the stateless form) or, without one, from ``options`` at epoch 0. ``stateless:
  true`` returns the run's ``model`` with the frame, for a caller that keeps no session. ``timing:
  true`` adds ``train_ms``, the wall time of the training alone (the rest of the call is the frame):
  the page's Play loop sizes its next call from it.
- ``load_csv {options, csv}``, ``set_points {options, points}``: the reader's own data.
- ``edit_weight {session, layer, to, from, value, stateless?}``: set one weight.
- ``export {session}`` -> the model JSON; ``import {model, stateless?}`` -> its frame; ``predict {session, points}``.
  (``stateless`` on an edit or import returns the model too: the server fallback keeps no session.)
"""

from __future__ import annotations

import itertools
import secrets
import time
from collections import OrderedDict

import numpy as np

from engine.widgets.errors import WidgetInputError

from .cost import COSTS_MS  # noqa: F401  (the server's lane choice reads it from the figure)
from .csv_data import parse_csv, points_from_list
from .frame import frame
from .model_json import export_model, import_model
from .run import Run
from .table import MAX_EPOCHS_PER_CALL, OPTIONS

CAPTION = "The playground: choose data, features and a network, then train it and watch every neuron."
# Parts of the figure an instructor can hide besides its option controls (`hide: [...]` in the directive).
PARTS = ("play", "step", "reset", "regenerate", "own-data", "model", "edit-weight", "network", "curve",
         "data", "features", "training", "view")
MAX_SESSIONS = 8  # runs kept in this process; the oldest is dropped (it can come back from its model)

_sessions: OrderedDict[str, Run] = OrderedDict()
_counter = itertools.count(1)


def _keep(run: Run) -> str:
    key = f"run-{next(_counter)}-{secrets.token_hex(4)}"  # unique across processes: a server frame's key never names a worker's run
    _sessions[key] = run
    while len(_sessions) > MAX_SESSIONS:
        _sessions.popitem(last=False)
    return key


def _reply(run: Run, key: str | None, *, full: bool, added=None, stateless: bool = False) -> dict:
    out = frame(run, full=full, added=added)
    out["session"] = key
    if stateless:
        out["model"] = export_model(run)
    return out


def _custom(args: dict):
    if args.get("csv") is not None:
        return parse_csv(args["csv"])
    if args.get("points") is not None:
        return points_from_list(args["points"])
    return None


def _options(args: dict) -> dict:
    return OPTIONS.validate(args.get("options") or {})


def initial(options: dict) -> dict:
    # No session: the first frame is pure (the server renders it into the page), and the first
    # train call in whichever process runs it rebuilds this same epoch-0 run from the options.
    return _reply(Run(options), None, full=True)


def _found(args: dict) -> tuple[Run, str, bool]:
    """The run a call means: this process's session, else the model it carries, else a fresh one."""
    key = args.get("session")
    if isinstance(key, str) and key in _sessions:
        _sessions.move_to_end(key)
        return _sessions[key], key, False
    if args.get("model") is not None:
        run = import_model(args["model"])
    else:
        run = Run(_options(args), _custom(args))
    return run, _keep(run), True


def train(args: dict) -> dict:
    epochs = args.get("epochs", 1)
    if isinstance(epochs, bool) or not isinstance(epochs, int) or not 1 <= epochs <= MAX_EPOCHS_PER_CALL:
        raise WidgetInputError("epochs", f"must be an integer between 1 and {MAX_EPOCHS_PER_CALL}, got {epochs!r}")
    run, key, rebuilt = _found(args)
    started = time.perf_counter()
    added = run.train(epochs)
    train_ms = (time.perf_counter() - started) * 1000
    out = _reply(run, key, full=rebuilt, added=added, stateless=bool(args.get("stateless")))
    if args.get("timing") is True:  # only on request: every other frame stays a pure function of the run
        out["train_ms"] = round(train_ms, 3)
    return out


def reset(args: dict) -> dict:
    run = Run(_options(args), _custom(args))
    return _reply(run, _keep(run), full=True)


def load_csv(args: dict) -> dict:
    if not isinstance(args.get("csv"), str):
        raise WidgetInputError("csv", "must be the text of a CSV file")
    options = dict(_options(args), dataset="custom")
    run = Run(options, parse_csv(args["csv"]))
    return _reply(run, _keep(run), full=True)


def set_points(args: dict) -> dict:
    options = dict(_options(args), dataset="custom")
    run = Run(options, points_from_list(args.get("points")))
    return _reply(run, _keep(run), full=True)


def edit_weight(args: dict) -> dict:
    run, key, rebuilt = _found(args)
    run.set_weight(args.get("layer"), args.get("to"), args.get("from"), args.get("value"))
    return _reply(run, key, full=rebuilt, stateless=bool(args.get("stateless")))


def export(args: dict) -> dict:
    run, _key, _ = _found(args)
    return export_model(run)


def import_(args: dict) -> dict:
    run = import_model(args.get("model"))
    return _reply(run, _keep(run), full=True, stateless=bool(args.get("stateless")))


def predict(args: dict) -> dict:
    run, _key, _ = _found(args)
    pts = args.get("points")
    try:
        X = np.array(pts, dtype=np.float64).T
        ok = X.ndim == 2 and X.shape[0] == 2 and np.isfinite(X).all()
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise WidgetInputError("points", "must be a list of [x1, x2] pairs of finite numbers")
    return {"outputs": run.predict(X).T.tolist()}


CALLS = {
    "initial": initial,
    "train": train,
    "step": train,  # the figure mount's name for "K more epochs"
    "reset": reset,
    "load_csv": load_csv,
    "set_points": set_points,
    "edit_weight": edit_weight,
    "export": export,
    "import": import_,
    "predict": predict,
}
