"""The process-wide settings a program may change: print options, the default dtype and
device, grad mode, the backend flags (deterministic algorithms, matmul precision, cudnn ...),
set_warn_always, the default generator and whether a class with `__torch_function__` was
made (argparser.TORCH_FUNCTION). Each run of the interpreter takes a snapshot of
them when it starts and puts it back when it ends: a run in a process that runs many (a
test, a batch worker's file, an embedding host) then starts where `python prog.py` would,
whatever an earlier run set, and the host's own choices (--dtype, --seed) still reach it."""
from __future__ import annotations

from .autograd import grad_mode
from . import devices, dtypes, printing
from .argparser import TORCH_FUNCTION
from .ops import creation

_GRAD_CELLS = (grad_mode._enabled, grad_mode._inference, grad_mode._shadow,
               grad_mode._rule_scalars)
_BACKENDS = (devices.CUDNN, devices.CUDA_MATMUL, devices.MKLDNN, devices.DETERMINISTIC)


def _warn_always() -> list:
    from .ops import tensor_more            # (registers ops: loaded on first use only)
    return tensor_more._WARN_ALWAYS


def snapshot() -> tuple:
    """The settings now, for `restore`."""
    return (printing.get_printoptions(), dtypes.get_default_dtype(),
            [cell[0] for cell in _GRAD_CELLS],
            dict(devices._settings), devices._DEFAULT[0], list(devices._ENTERED),
            [{name: b.__dict__[name] for name in b._defaults} for b in _BACKENDS],
            _warn_always()[0], creation.rng_snapshot(), TORCH_FUNCTION[0])


def restore(state: tuple) -> None:
    """Put back the settings `snapshot` took."""
    (options, dtype, grad, settings, default_device, entered, flags, warn_always,
     rng, TORCH_FUNCTION[0]) = state
    for name, value in options.items():
        setattr(printing.PRINT_OPTS, name, value)
    dtypes.set_default_dtype(dtype)
    for cell, value in zip(_GRAD_CELLS, grad):
        cell[0] = value
    devices._settings.clear()
    devices._settings.update(settings)
    devices._DEFAULT[0] = default_device
    devices._ENTERED[:] = entered
    for backend, values in zip(_BACKENDS, flags):
        backend.__dict__.update(values)
    _warn_always()[0] = warn_always
    creation.rng_restore(rng)
