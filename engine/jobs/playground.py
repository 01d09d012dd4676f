"""Job demo "playground": the playground's training, run on the server and streamed to the page.

When the reader's browser cannot start its runtime (no Web Worker, no
WebAssembly), the playground's Play starts this job instead of sending one
stateless call after another. It trains exactly the run the figure shows --
:class:`engine.widgets.playground.run.Run`, rebuilt from the figure's options
(epoch 0) or from its exported ``model`` (to continue a run) -- for ``epochs``
epochs, and every ``every`` epochs reports the loss rows it added together
with the frame the figure draws (heat map, neuron outputs, weights) and the
run's model as it stands (its history limited to those rows). The result
is the frame after the last epoch with the run's model, so the next job (or a
stateless call) continues it.

No mathematics here: training, frames and the model format are the
playground's own (:mod:`engine.widgets.playground`), so the job gives the same
numbers as the playground's ``train`` call, in the browser or on the server.
"""

from __future__ import annotations

from typing import Any, Callable

from engine.widgets.errors import WidgetInputError
from engine.widgets.options import Option, Options
from engine.widgets.playground.frame import frame
from engine.widgets.playground.model_json import export_model, import_model
from engine.widgets.playground.run import Run, check_options
from engine.widgets.playground.table import OPTIONS as FIGURE_OPTIONS

MAX_EPOCHS = 5000
_JOB_OPTIONS = (
    Option("epochs", "integer", 200, min=1, max=MAX_EPOCHS, label="Epochs", help="epochs this job trains"),
    Option("every", "integer", 10, min=1, max=MAX_EPOCHS, label="Report every",
           help="epochs between two progress reports (each carries the figure's frame)"),
)


class JobOptions:
    """The figure's option table plus ``epochs`` and ``every``, and ``model``: an exported run to continue.

    It answers like :class:`Options` (validate, to_json, json_schema) so the job system, its
    OpenAPI description and the export treat it as any demo's table.
    """

    def __init__(self):
        self.table = Options(*FIGURE_OPTIONS, *_JOB_OPTIONS)

    def __iter__(self):
        return iter(self.table)

    def defaults(self) -> dict:
        return {**self.table.defaults(), "model": None}

    def validate(self, args: Any) -> dict:
        if args is None:
            args = {}
        if not isinstance(args, dict):
            raise WidgetInputError("params", "must be a JSON object")
        args = dict(args)
        model = args.pop("model", None)
        params = self.table.validate(args)
        check_options(params)  # combinations that make no network: refused here (422), not in the worker
        if model is not None:
            # Checked now (422 naming "model"), not in the worker; the run it holds must also be the
            # one the options describe, or the page's controls would show another network.
            run = import_model(model)
            if {k: params[k] for k in FIGURE_OPTIONS.names} != run.options:
                raise WidgetInputError("model", "its options differ from the options sent with it")
        params["model"] = model
        return params

    def to_json(self) -> list[dict]:
        return self.table.to_json()

    def json_schema(self) -> dict:
        schema = self.table.json_schema()
        schema["properties"] = {**schema["properties"], "model": {
            "type": ["object", "null"], "description": "an exported playground run to continue (its JSON)"}}
        return schema


OPTIONS = JobOptions()


def run(params: dict, progress: Callable[[dict], None] = lambda event: None) -> dict:
    """Train the playground run ``params`` describes; progress every ``every`` epochs; the last frame."""
    p = OPTIONS.validate(params)
    epochs, every = int(p["epochs"]), int(p["every"])
    if p["model"] is not None:
        pg = import_model(p["model"])
    else:
        pg = Run({k: p[k] for k in FIGURE_OPTIONS.names})
    first = pg.epoch
    added: list[list[float]] = []
    done = 0
    while done < epochs:
        chunk = min(every, epochs - done)
        rows = pg.train(chunk)
        added.extend(rows)
        done += chunk
        stopped = pg.status != "ok" or len(rows) < chunk
        # The model too (its history: this report's rows only, the page keeps the rest): a reader who
        # pauses keeps the run as last drawn, and the next job continues it from there.
        progress({"stage": "training", "epoch": pg.epoch, "epochs": first + epochs, "loss": pg.train_loss,
                  "test_loss": pg.test_loss, "status": pg.status, "frame": frame(pg, full=False, added=rows),
                  "model": {**export_model(pg), "history": rows}})
        if stopped:
            break
    out = frame(pg, full=False, added=added)
    out["session"] = None
    out["model"] = export_model(pg)
    return out


JOBS = {"playground": (OPTIONS, run)}
