"""Demos that misbehave on purpose, for the job system's tests: slow, memory-hungry, crashing.

They run in real worker processes exactly like the book's demos (the job
settings' ``demos`` table adds them), so the limits are tested on real processes.
"""

from __future__ import annotations

import time

import numpy as np

from engine.widgets.options import Option, Options


def run_sleepy(params, progress):
    for step in range(1, params["steps"] + 1):
        time.sleep(params["delay"])
        progress({"stage": "training", "step": step, "steps": params["steps"]})
    return {"steps": params["steps"], "tag": params["tag"]}


def run_hog(params, progress):
    hoard = []
    for i in range(params["chunks"]):
        hoard.append(np.ones(64 * 1024 * 1024 // 8))  # 64 MB each, touched so it is really used
        progress({"stage": "training", "step": i + 1, "steps": params["chunks"]})
    return {"held_mb": 64 * len(hoard)}


def run_crash(params, progress):
    raise RuntimeError("deliberate fault")


JOBS = {
    "sleepy": (Options(Option("steps", "integer", 5, min=1, max=100000), Option("delay", "number", 0.05, min=0, max=5),
                       Option("tag", "integer", 0, min=0, max=1000000)), run_sleepy),
    "hog": (Options(Option("chunks", "integer", 64, min=1, max=1000)), run_hog),
    "crash": (Options(), run_crash),
}
