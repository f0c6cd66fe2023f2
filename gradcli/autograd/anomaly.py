"""Anomaly detection: `torch.autograd.detect_anomaly()` and `set_detect_anomaly(mode)`.

While it is on, every node made in the forward pass records where it was made (its
`metadata["traceback_"]`, as PyTorch's), the backward pass runs every node through the
general path, and a node whose backward fails, or (with check_nan) returns NaN, first warns
"Error detected in DivBackward0. Traceback of forward call that caused the error:" with that
place; a NaN then raises "Function 'DivBackward0' returned nan values in its 1th output.".
In a formula the place is the formula's line (the VM sets `stack_provider`), elsewhere the
Python stack outside gradcli.
"""
from __future__ import annotations

import os
import warnings

_state = [False, True]        # enabled, check_nan
stack_provider: list = [None]  # a callable giving the current place as traceback lines
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def is_anomaly_enabled() -> bool:
    return _state[0]


def is_anomaly_check_nan_enabled() -> bool:
    return _state[1]


def _set(mode: bool, check_nan: bool) -> None:
    from ..ops import core
    _state[0], _state[1] = bool(mode), bool(check_nan)
    observing = _record_place in core.record_observers
    if _state[0] and not observing:
        core.record_observers.append(_record_place)
    elif not _state[0] and observing:
        core.record_observers.remove(_record_place)


def set_anomaly_enabled(*args, **kwargs) -> None:
    """torch.set_anomaly_enabled(enabled, check_nan=True): PyTorch's C function, which takes
    bools only."""
    from ..errors import TorchTypeError
    names = ("enabled", "check_nan")
    given = dict(zip(names, args), **kwargs)
    if "enabled" not in given:
        raise TorchTypeError('set_anomaly_enabled() missing 1 required positional arguments: '
                             '"enabled"')
    for position, name in enumerate(names, 1):
        value = given.get(name, True)
        if value is not True and value is not False:
            where = f" (position {position})" if position <= len(args) else ""
            raise TorchTypeError(f"set_anomaly_enabled(): argument '{name}'{where} must be "
                                 f"bool, not {type(value).__name__}")
    _set(given["enabled"], given.get("check_nan", True))


_executing: list = []         # the nodes whose backward runs now (under anomaly detection)


def _record_place(node, inputs) -> None:
    node.metadata["traceback_"] = _stack()
    if _executing:                # made by a backward rule (create_graph): as PyTorch, the
        node.metadata["parent_"] = _executing[-1]     # node whose backward made it


def _stack() -> list:
    provider = stack_provider[0]
    if provider is not None:
        return provider()
    import traceback
    return [line for line in traceback.format_stack()
            if not line.lstrip().startswith(f'File "{_PACKAGE}')]


class detect_anomaly:
    """Context manager: anomaly detection on inside it (not a decorator: PyTorch's object
    is not callable)."""

    __gradcli_safe__ = True
    __torch_name__ = "torch.autograd.anomaly_mode.detect_anomaly"

    def __init__(self, check_nan: bool = True):
        self.prev, self.prev_check_nan = _state
        self.check_nan = check_nan
        warnings.warn("Anomaly Detection has been enabled. This mode will increase the "
                      "runtime and should only be enabled for debugging.", UserWarning,
                      stacklevel=2)

    def __enter__(self):
        _set(True, self.check_nan)

    def __exit__(self, *exc) -> bool:
        _set(self.prev, self.prev_check_nan)
        return False

    def __repr__(self):
        return f"<torch.autograd.anomaly_mode.detect_anomaly object at {hex(id(self))}>"


class set_detect_anomaly:
    """Turn anomaly detection on or off; as a context manager, the previous setting comes
    back at its end."""

    __gradcli_safe__ = True
    __torch_name__ = "torch.autograd.anomaly_mode.set_detect_anomaly"

    def __init__(self, mode: bool, check_nan: bool = True):
        self.prev, self.prev_check_nan = _state
        _set(mode, check_nan)

    def __enter__(self):
        return None

    def __exit__(self, *exc) -> bool:
        _set(self.prev, self.prev_check_nan)
        return False

    def __repr__(self):
        return f"<torch.autograd.anomaly_mode.set_detect_anomaly object at {hex(id(self))}>"


def checked_call(call, node, buf):
    """call(node, buf, checked=True) under anomaly detection: the forward call's place is
    shown before an error of the node's backward, and (check_nan) a NaN in its results is
    one."""
    try:
        _executing.append(node)
        try:
            out = call(node, buf, checked=True)
        finally:
            _executing.pop()
        if _state[1]:
            import numpy as np
            for i, g in enumerate(out):
                data = getattr(g, "_data", None)
                if data is not None and data.dtype.kind in "fc" and np.isnan(data).any():
                    from ..errors import TorchRuntimeError
                    raise TorchRuntimeError(f"Function '{node.name()}' returned nan values in "
                                            f"its {i}th output.")
        return out
    except Exception:
        _warn_places(node)
        raise


def _warn_places(node) -> None:
    """PyTorch's warnings: where the failing node was made, then where each node whose
    backward made it (create_graph) was made."""
    metadata = node.__dict__.get("_metadata", {})
    place = metadata.get("traceback_")
    if place is None:
        text = ("Error detected in " + node.name() + ". No forward pass information "
                "available. Enable detect anomaly during forward pass for more information."
                + _triggered(100))
    else:
        text = ("Error detected in " + node.name() + ". Traceback of forward call that "
                "caused the error:\n" + _lines(place) + _triggered(122))
    warnings.warn(text, UserWarning, stacklevel=3)
    parent = metadata.get("parent_")
    while parent is not None:
        metadata = parent.__dict__.get("_metadata", {})
        place = metadata.get("traceback_")
        if place is not None:
            warnings.warn("\n\nPrevious calculation was induced by " + parent.name() + ". "
                          "Traceback of forward call that induced the previous calculation:\n"
                          + _lines(place) + _triggered(129), UserWarning, stacklevel=3)
        parent = metadata.get("parent_")


def _lines(place) -> str:
    """A recorded traceback's lines, each ending in a newline."""
    return "".join(line if line.endswith("\n") else line + "\n" for line in place)


def _triggered(line: int) -> str:
    """The suffix PyTorch's C++ warnings carry (python_anomaly_mode.cpp warns these)."""
    return (" (Triggered internally at /__w/pytorch/pytorch/torch/csrc/autograd/"
            f"python_anomaly_mode.cpp:{line}.)")
