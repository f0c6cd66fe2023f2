"""Resource limits of a formula run: what they are, their defaults and the CLI flag of each.

The interpreter enforces source size, nesting depth, loop steps, call depth, wall time and
the size of Python integers, strings and lists it builds; the engine enforces the tensor
limits (elements per tensor, total elements, graph nodes) by reading the same `Limits`.
This module imports nothing heavy so the CLI can build a `Limits` before anything else.
"""
from __future__ import annotations

from .._struct import Struct

from ..errors import LimitError


class Limits(Struct, slots=False, eq=True, frozen=True):
    """Every limit of one run. Each field has a CLI flag (see `FLAGS`) that raises it."""

    max_source_bytes: int = 10_000_000
    max_depth: int = 1_000              # brackets and blocks nested in the source
    max_steps: int = 10_000_000         # loop iterations and function calls
    max_call_depth: int = 200           # user function calls active at once
    max_seconds: float = 60.0           # wall time of a run
    max_elements: int = 50_000_000      # elements of one tensor (and of one list or string)
    max_total_elements: int = 200_000_000   # tensor elements a run holds (gradcli.limits)
    max_nodes: int = 5_000_000          # graph nodes recorded in a run
    max_int_bits: int = 100_000         # size of a Python integer a formula computes

    def flag_for(self, field: str) -> str:
        """The CLI flag that sets `field` (the engine names it in its limit errors)."""
        return FLAGS[field]

    def error(self, field: str, hint: str | None = None) -> LimitError:
        """The LimitError for exceeding `field`, naming the limit and the flag that raises it."""
        what, unit = _DESCRIPTIONS[field]
        value = getattr(self, field)
        amount = f"{value:,}" if isinstance(value, int) else f"{value:g}"
        message = f"{what} limit of {amount}{unit} exceeded (raise it with {FLAGS[field]})"
        if field == "max_call_depth":       # CPython's line first, then which limit it was
            return CallDepthError(f"{RECURSION}: {message}", hint=hint)
        return LimitError(message, hint=hint)


#: CPython's last traceback line for a recursion too deep.
RECURSION = "RecursionError: maximum recursion depth exceeded"


class CallDepthError(LimitError):
    """The call-depth limit: uncaught, a limit error like the others; to a formula's
    `except`, Python's RecursionError (a script may catch an endless recursion, as it may in
    Python; catching it unwinds the frames the limit counts)."""


#: The command-line flag that sets each field of `Limits`.
FLAGS: dict[str, str] = {
    "max_source_bytes": "--max-source-bytes",
    "max_depth": "--max-depth",
    "max_steps": "--max-steps",
    "max_call_depth": "--max-call-depth",
    "max_seconds": "--max-seconds",
    "max_elements": "--max-elements",
    "max_total_elements": "--max-total-elements",
    "max_nodes": "--max-nodes",
    "max_int_bits": "--max-int-bits",
}

_DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "max_source_bytes": ("source size", " bytes"),
    "max_depth": ("nesting depth", ""),
    "max_steps": ("loop step", ""),
    "max_call_depth": ("call depth", ""),
    "max_seconds": ("time", " s"),
    "max_elements": ("size", " elements per tensor, list or string"),
    "max_total_elements": ("total element", ""),
    "max_nodes": ("graph node", ""),
    "max_int_bits": ("integer size", " bits"),
}

assert set(FLAGS) == set(_DESCRIPTIONS) == set(Limits._fields)

DEFAULT_LIMITS = Limits()
