"""The few places where the playground touches the engine's network and optimiser objects.

Kept in one file so the engine contract (Network as blocks with ``params`` /
``grads`` dicts, optimisers stepping on dicts) and the older list form both
work: every other playground module goes through these functions.
"""

from __future__ import annotations

import numpy as np


def has_param_dicts(net) -> bool:
    """True for the engine contract's Network (``net.params`` / ``net.grads`` dicts)."""
    return isinstance(getattr(net, "params", None), dict)


class ParamAccess:
    """The network's parameter arrays (updated in place, so these views stay valid) and one optimiser step.

    With ``flat`` (an :class:`engine.flat_mlp.FlatMLP` holding every parameter in one buffer), a copy is one
    copy of that buffer."""

    def __init__(self, net, flat=None):
        self.net = net
        self.flat = flat
        self.dicts = has_param_dicts(net)
        if self.dicts:
            self.names = list(net.params)
            self.arrays = [net.params[k] for k in self.names]
        else:
            self.slots = [(layer, k) for layer in net.layers for k in layer.params]
            self.arrays = [layer.params[k] for layer, k in self.slots]

    def step(self, optimizer) -> None:
        if self.dicts:
            optimizer.step(self.net.params, self.net.grads)
        else:
            optimizer.step(self.arrays, [layer.grads[k] for layer, k in self.slots])

    def copy(self) -> list[np.ndarray]:
        if self.flat is not None:
            return [self.flat.flat.copy()]
        return [a.copy() for a in self.arrays]

    def restore(self, saved: list[np.ndarray]) -> None:
        if self.flat is not None:
            self.flat.flat[...] = saved[0]
            return
        for a, s in zip(self.arrays, saved):
            a[...] = s


def optimizer_state(optimizer) -> dict:
    """Step count and moment arrays, JSON-able, whichever form (lists or dicts of arrays) the optimiser keeps."""
    state = {}
    for slot, arrays in optimizer.state.items():
        state[slot] = ({k: a.tolist() for k, a in arrays.items()} if isinstance(arrays, dict)
                       else [a.tolist() for a in arrays])
    return {"t": optimizer.t, "state": state}


def load_optimizer_state(optimizer, access: ParamAccess, saved: dict) -> None:
    """Put back what :func:`optimizer_state` saved, so training continues exactly where it stopped.

    State arrays the optimiser already holds are written into, not replaced: with the fused training step
    they are views of its flat buffers (engine/flat_mlp.py), bound once per run. A saved array of another
    name or shape raises ValueError."""
    t = int(saved.get("t", 0))
    if t == 0:
        return
    for slot, arrays in saved["state"].items():
        held = optimizer.state.get(slot)
        if isinstance(arrays, dict) and isinstance(held, dict) and held:
            if held.keys() != arrays.keys():
                raise ValueError(f"optimizer state {slot!r} names {sorted(arrays)}, the network has {sorted(held)}")
            for k, v in arrays.items():
                value = np.array(v, dtype=np.float64)
                if value.shape != held[k].shape:
                    raise ValueError(f"optimizer state {slot}[{k}] has shape {value.shape}, expected {held[k].shape}")
                held[k][...] = value
        elif isinstance(arrays, dict):
            optimizer.state[slot] = {k: np.array(v, dtype=np.float64) for k, v in arrays.items()}
        else:
            optimizer.state[slot] = [np.array(v, dtype=np.float64) for v in arrays]
    optimizer.t = t
    if access.dicts:
        optimizer._names = frozenset(access.names)
    else:
        optimizer._n_params = len(access.arrays)


def generator_state(rng: np.random.Generator) -> dict:
    """A generator's state as JSON a browser can carry: its 128-bit integers as decimal strings."""
    def text(v):
        return {k: text(x) for k, x in v.items()} if isinstance(v, dict) else (str(v) if isinstance(v, int) else v)
    return text(rng.bit_generator.state)


def set_generator_state(rng: np.random.Generator, saved: dict) -> None:
    def number(v):
        if isinstance(v, dict):
            return {k: number(x) for k, x in v.items()}
        return int(v) if isinstance(v, str) and v.lstrip("-").isdigit() else v
    rng.bit_generator.state = number(saved)


def dense_of(net, l: int):
    """The Dense part of the book's layer l (1-based): ``net.block(l).dense`` under the engine contract."""
    return net.block(l).dense if hasattr(net, "block") else net.dense(l)
