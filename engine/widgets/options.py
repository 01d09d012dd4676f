"""A figure's options, declared once: the table every other piece is built from.

In the style of TensorFlow Playground's property table, each figure's module
declares ``OPTIONS = Options(Option(...), ...)``. That one table

- validates the options the engine receives (``Options.validate``: unknown key,
  wrong type, non-finite or out-of-range value -> ``WidgetInputError`` naming
  the field), at build time for the Markdown directive and at run time for the
  browser worker and ``/api``;
- is sent to the page as ``data-options`` (``Options.to_json``), from which the
  shared figure mount builds the controls (exactly these min/max/step/default)
  and reads and writes the URL;
- is the JSON Schema of the options object in the OpenAPI description
  (``Options.json_schema``).

No range, step or default is written anywhere else.

Kinds: ``number``, ``integer``, ``choice``, ``boolean``, and two list kinds,
``numbers`` and ``integers`` (a list whose length lies in ``length=(lo, hi)``
and whose every element lies in ``[min, max]``; ``items`` names the elements in
messages, e.g. "layers"; a figure draws its own control for those, so their
control defaults to ``hidden``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .errors import WidgetInputError
from .kit.validate import as_float, short

KINDS = ("number", "integer", "choice", "boolean", "numbers", "integers")
CONTROLS = ("slider", "select", "checkbox", "number", "hidden")
DEFAULT_CONTROL = {"number": "slider", "integer": "slider", "choice": "select", "boolean": "checkbox",
                   "numbers": "hidden", "integers": "hidden"}
_RANGED = ("number", "integer", "numbers", "integers")
_LISTS = ("numbers", "integers")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _as_integer(value: Any) -> int | None:
    """The integer a JSON value stands for (3 and 3.0 alike, as JSON Schema counts them), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return None


def _same_choice(a: Any, b: Any) -> bool:
    """Equality that does not let True stand for 1 (Python's ``True == 1``)."""
    return a == b and isinstance(a, bool) == isinstance(b, bool)


@dataclass(frozen=True)
class Option:
    """One option of a figure: its name, kind, default and allowed values, and how the page shows it."""

    name: str
    kind: str
    default: Any
    min: float | None = None
    max: float | None = None
    step: float | None = None
    label: str = ""
    choices: tuple = ()
    control: str | None = None
    url: bool = True
    help: str = ""
    length: tuple[int, int] | None = None
    items: str = ""

    def __init__(self, name: str, kind: str, default: Any, *, min: float | None = None, max: float | None = None,
                 step: float | None = None, label: str = "", choices=(), control: str | None = None,
                 url: bool = True, help: str = "", length: tuple[int, int] | None = None,
                 items: str = ""):
        # A declaration error is the figure author's bug: it fails at import, with a plain ValueError.
        if not name or not name.replace("_", "").isalnum():
            raise ValueError(f"option name {name!r} must be letters, digits and underscores")
        if kind not in KINDS:
            raise ValueError(f"option {name}: kind {kind!r} is not one of {', '.join(KINDS)}")
        pairs = tuple(tuple(c) if isinstance(c, (tuple, list)) else (c, str(c)) for c in choices)
        if kind == "choice":
            if not pairs or any(len(p) != 2 for p in pairs):
                raise ValueError(f"option {name}: a choice needs (value, label) pairs")
        elif pairs:
            raise ValueError(f"option {name}: only a choice has choices")
        if kind in _RANGED:
            if min is None or max is None or not min < max:
                raise ValueError(f"option {name}: a {kind} needs min < max")
        elif min is not None or max is not None or step is not None:
            raise ValueError(f"option {name}: a {kind} has no min, max or step")
        if kind in _LISTS:
            if length is None or not 0 <= length[0] <= length[1]:
                raise ValueError(f"option {name}: a list needs length=(shortest, longest)")
        elif length is not None:
            raise ValueError(f"option {name}: only a list has a length")
        if kind in ("integer", "integers"):
            step = 1 if step is None else step
            if _as_integer(step) is None or step < 1 or _as_integer(min) is None or _as_integer(max) is None:
                raise ValueError(f"option {name}: an integer needs integer min, max and step")
        if step is not None and not step > 0:
            raise ValueError(f"option {name}: step must be positive")
        control = DEFAULT_CONTROL[kind] if control is None else control
        if control not in CONTROLS:
            raise ValueError(f"option {name}: control {control!r} is not one of {', '.join(CONTROLS)}")
        for attr, value in (("name", name), ("kind", kind), ("min", min), ("max", max), ("step", step),
                            ("label", label or name), ("choices", pairs), ("control", control), ("url", url),
                            ("help", help), ("length", tuple(length) if length is not None else None),
                            ("items", items or ("numbers" if kind == "numbers" else "integers")),
                            ("default", default)):
            object.__setattr__(self, attr, value)
        try:
            object.__setattr__(self, "default", self.check(default))
        except WidgetInputError as exc:
            raise ValueError(f"option {name}: its default is not allowed ({exc.reason})") from None

    # -- validation --------------------------------------------------------------------------

    def _range_reason(self, value, lo, hi, what: str = "") -> str:
        fmt = (lambda v: f"{v:g}") if self.kind in ("number", "numbers") else short
        return f"must be {what}between {fmt(lo)} and {fmt(hi)}, got {value if isinstance(value, str) else fmt(value)}"

    def _scalar(self, value: Any, field: str, element: bool = False):
        """Check one number or integer (an element when ``element``), returning it as float or int."""
        lo, hi = self.min, self.max
        if self.kind in ("number", "numbers"):
            number = as_float(value)  # None for a non-number, and for an integer too large for a float
            if number is None:
                if element:
                    raise WidgetInputError(field, f"must be a number between {lo:g} and {hi:g}, got {short(value)}")
                if isinstance(value, int) and not isinstance(value, bool):  # finite, just beyond any float
                    raise WidgetInputError(field, self._range_reason(short(value), lo, hi))
                raise WidgetInputError(field, f"must be a number, got {short(value)}")
            if not lo <= number <= hi:
                raise WidgetInputError(field, self._range_reason(number, lo, hi, "a number " if element else ""))
            return number
        as_int = _as_integer(value)
        if as_int is None:
            raise WidgetInputError(field, f"must be an integer, got {short(value)}")
        if not lo <= as_int <= hi:
            raise WidgetInputError(field, self._range_reason(as_int, lo, hi))
        return as_int

    def check(self, value: Any, field: str | None = None):
        """``value`` cleaned (ints for integers, floats for numbers), or ``WidgetInputError`` naming ``field``."""
        field = self.name if field is None else field
        if self.kind in ("number", "integer"):
            return self._scalar(value, field)
        if self.kind == "boolean":
            if not isinstance(value, bool):
                raise WidgetInputError(field, f"must be true or false, got {short(value)}")
            return value
        if self.kind == "choice":
            for choice, _label in self.choices:
                if _same_choice(choice, value):
                    return choice
            raise WidgetInputError(field, f"must be one of {', '.join(str(c) for c, _ in self.choices)}, "
                                          f"got {short(value)}")
        shortest, longest = self.length
        if not isinstance(value, (list, tuple)) or not shortest <= len(value) <= longest:
            count = f"{shortest}" if shortest == longest else f"{shortest} to {longest}"
            raise WidgetInputError(field, f"must be a list of {count} {self.items}, got {short(value)}")
        return [self._scalar(v, f"{field}[{i}]", element=True) for i, v in enumerate(value)]

    # -- what the page and OpenAPI get ---------------------------------------------------------

    def to_json(self) -> dict:
        out = {"name": self.name, "kind": self.kind, "default": self.default, "label": self.label,
               "control": self.control, "url": self.url}
        if self.kind in _RANGED:
            out.update(min=self.min, max=self.max, step=self.step)
        if self.kind == "choice":
            out["choices"] = [[value, label] for value, label in self.choices]
        if self.kind in _LISTS:
            out["length"] = list(self.length)
        if self.help:
            out["help"] = self.help
        return out

    def json_schema(self) -> dict:
        if self.kind == "boolean":
            schema: dict = {"type": "boolean"}
        elif self.kind == "choice":
            schema = {"enum": [value for value, _ in self.choices]}
        else:
            item = {"type": "number" if self.kind in ("number", "numbers") else "integer",
                    "minimum": self.min, "maximum": self.max}
            schema = item if self.kind not in _LISTS else {
                "type": "array", "items": item, "minItems": self.length[0], "maxItems": self.length[1]}
        schema["default"] = self.default
        schema["title"] = self.label
        if self.help:
            schema["description"] = self.help
        return schema


@dataclass(frozen=True)
class Options:
    """A figure's option table: ``Options(Option(...), ...)``, in the order the controls appear."""

    options: tuple[Option, ...] = field(default=())

    def __init__(self, *options: Option):
        names = [o.name for o in options]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"option {duplicates[0]} is declared twice")
        object.__setattr__(self, "options", tuple(options))

    def __iter__(self):
        return iter(self.options)

    def __len__(self) -> int:
        return len(self.options)

    def __contains__(self, name: object) -> bool:
        return any(o.name == name for o in self.options)

    def __getitem__(self, name: str) -> Option:
        for option in self.options:
            if option.name == name:
                return option
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.options)

    def defaults(self) -> dict:
        return {o.name: o.default for o in self.options}

    def validate(self, args: Any) -> dict:
        """Every option, cleaned, with defaults filled in; the one place an unknown option is refused.

        Raises ``WidgetInputError`` naming the first offending field (unknown keys first, in sorted order).
        """
        if args is None:
            args = {}
        if not isinstance(args, dict):
            raise WidgetInputError("options", "must be an object of figure options")
        unknown = sorted(str(key) for key in args if key not in self)
        if unknown:
            self._refuse_unknown(unknown[0])
        return {o.name: o.check(args[o.name]) if o.name in args else o.default for o in self.options}

    def _refuse_unknown(self, field: str):
        known = ", ".join(self.names) or "none"
        raise WidgetInputError(field, f"is not an option of this figure (its options: {known})")

    # -- how a directive presents the figure (hide, lock), checked at build ---------------------

    def check_hide(self, hide: Any, parts=()) -> list[str]:
        """``hide: [name, …]``: names of this table's options or of the figure's ``parts``."""
        hideable = [*self.names, *parts]
        if not isinstance(hide, list):
            raise WidgetInputError("hide", f"must be a list of controls or parts (its controls: "
                                           f"{', '.join(hideable)}), got {short(hide)}")
        for name in hide:
            if not isinstance(name, str) or name not in hideable:
                raise WidgetInputError("hide", f"{short(name)} is not a control or part of this figure "
                                               f"(its controls: {', '.join(hideable)})")
        return list(dict.fromkeys(hide))

    def check_lock(self, lock: Any) -> dict:
        """``lock: {name: value}``: options fixed for the reader, each value allowed by its option."""
        if not isinstance(lock, dict):
            raise WidgetInputError("lock", f"must be a mapping of option: value, got {short(lock)}")
        for name in lock:
            if name not in self:
                self._refuse_unknown(f"lock.{name}")
        return {name: self[name].check(value, f"lock.{name}") for name, value in lock.items()}

    def to_json(self) -> list[dict]:
        """The table as the page gets it (``data-options``): one dict per option, in order."""
        return [o.to_json() for o in self.options]

    def json_schema(self) -> dict:
        """JSON Schema (draft 2020-12 subset) of the options object: what OpenAPI shows for a figure."""
        return {"type": "object", "properties": {o.name: o.json_schema() for o in self.options},
                "additionalProperties": False}
