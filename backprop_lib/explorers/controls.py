"""The controls an explorer declares: :class:`Slider` and :class:`Dropdown`.

Each knows its start value, how to check a new value, how to write it (``format``) and its
values (``values``, ``key``). Their HTML (``<input type="range">``, ``<select>``) is written by
:mod:`.static` for the book and, the same, for the live widget in Jupyter (:mod:`.widget`).
"""

from __future__ import annotations

import builtins
import math
import numbers

__all__ = ["Control", "Slider", "Dropdown"]


class Control:
    """A declared control: ``name`` (the key in ``params``), ``value`` (its start value),
    ``label`` (short, shown next to it) and ``description`` (its accessible description)."""

    kind = "control"

    def __init__(self, name, value, *, label=None, description=None):
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"name must be a Python identifier string; got {name!r}")
        self.name = name
        self.value = value
        self.label = label if label is not None else name
        self.description = description if description is not None else self.label

    def values(self):
        """Every value the control can take."""
        raise NotImplementedError

    def key(self, value) -> str:
        """``value`` as the page writes it in a template key (explorers/js/controls.js: ``templateKey``)."""
        return str(value)

    def validate(self, value):
        return value

    def format(self, value):
        return str(value)


class Slider(Control):
    """A float slider from ``min`` to ``max`` in steps of ``step``, starting at ``value``."""

    kind = "slider"

    def __init__(self, name, min, max, step, value, *, label=None, description=None, digits=None):
        for argname, v in (("min", min), ("max", max), ("step", step), ("value", value)):
            if not isinstance(v, numbers.Real) or isinstance(v, bool) or not math.isfinite(v):
                raise TypeError(f"{argname} must be a finite number; got {v!r}")
        if not max > min:
            raise ValueError(f"max must be greater than min; got min={min}, max={max}")
        if not step > 0:
            raise ValueError(f"step must be positive; got {step}")
        if not min <= value <= max:
            raise ValueError(f"value must lie in [{min}, {max}]; got {value}")
        super().__init__(name, float(value), label=label, description=description)
        self.min, self.max, self.step = float(min), float(max), float(step)
        if digits is None:
            digits = builtins.max(0, -math.floor(math.log10(self.step) + 1e-9))
        self.digits = int(digits)

    def validate(self, value):
        if not isinstance(value, numbers.Real) or isinstance(value, bool) or not math.isfinite(value):
            raise TypeError(f"{self.name} must be a finite number; got {value!r}")
        if not self.min - 1e-12 <= value <= self.max + 1e-12:
            raise ValueError(f"{self.name} must lie in [{self.min}, {self.max}]; got {value}")
        return float(value)

    def values(self):
        """Every value the slider can take: min, min + step, ..., max."""
        count = int(round((self.max - self.min) / self.step)) + 1
        return [round(self.min + i * self.step, 10) for i in range(count)]

    def format(self, value):
        return f"{value:.{self.digits}f}".replace("-", "−")

    def key(self, value) -> str:
        return f"{float(value):g}"


class Dropdown(Control):
    """A choice among ``options`` (values, or ``(label, value)`` pairs)."""

    kind = "dropdown"

    def __init__(self, name, options, value, *, label=None, description=None):
        opts = [o if isinstance(o, tuple) else (str(o), o) for o in options]
        if not opts:
            raise ValueError("options must not be empty")
        if value not in [v for _, v in opts]:
            raise ValueError(f"value must be one of the options {[v for _, v in opts]}; got {value!r}")
        super().__init__(name, value, label=label, description=description)
        self.options = opts

    def validate(self, value):
        if value not in [v for _, v in self.options]:
            raise ValueError(
                f"{self.name} must be one of {[v for _, v in self.options]}; got {value!r}")
        return value

    def values(self):
        return [v for _, v in self.options]

    def format(self, value):
        for lab, v in self.options:
            if v == value:
                return lab
        return str(value)
