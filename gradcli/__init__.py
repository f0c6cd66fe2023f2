"""gradcli: PyTorch's autograd on NumPy, usable as `import gradcli as torch`.

The engine lives in `tensor` (data model), `autograd` (graph, backward pass, grad modes,
custom functions, functional transforms) and `ops` (every operation, one registry). The
formula language is `gradcli.lang`; the command line is `gradcli.cli`.
"""
from __future__ import annotations

import gc as _gc
import sys as _sys


def _quiet_interrupt_while_starting() -> None:
    """When this process is the `gradcli` executable, Ctrl-C during the imports below (a
    third of a second) ends it as Ctrl-C later does, with 'interrupted' and status 130,
    not a KeyboardInterrupt traceback from the middle of NumPy's import. `cli.entry` puts
    Python's own handler back once it runs."""
    import os
    import signal
    if not (os.path.basename(_sys.argv[0] if _sys.argv else "") in ("gradcli", "gradcli.exe")
            or _run_as_main_module()):
        return
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return

    def stop(signum, frame):
        os.write(2, b"interrupted\n")
        os._exit(130)
    signal.signal(signal.SIGINT, stop)


def _run_as_main_module() -> bool:
    """`python -m gradcli`: while runpy imports this package, argv[0] is still '-m'."""
    argv = getattr(_sys, "orig_argv", None) or []
    if _sys.argv[:1] != ["-m"] or "-m" not in argv:
        return False
    after = argv[argv.index("-m") + 1:]
    return after[:1] == ["gradcli"]


def _idle_blas_threads_sleep() -> None:
    """OpenBLAS's threads (NumPy's BLAS) spin for 2**28 cycles (about a tenth of a second)
    after each call before they sleep, on the cores that gradcli's helper thread shares
    large elementwise ops on: an op right after a matrix product ran at about half speed
    (tanh of 4096x512 after X @ W1: 5.9 ms, 3.1 ms with this). OpenBLAS reads the setting
    once, when NumPy loads it: so only before NumPy's import, and never over the user's."""
    if "numpy" not in _sys.modules:
        import os
        os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")     # 2**4 cycles: at once


_quiet_interrupt_while_starting()
_idle_blas_threads_sleep()

from .__about__ import __version__
from . import autograd
from .autograd import func
from .autograd import (Function, enable_grad, inference_mode, is_anomaly_check_nan_enabled,
                       is_anomaly_enabled, is_grad_enabled, no_grad, set_grad_enabled)
from .autograd import is_inference_mode_enabled
from .dtypes import (bfloat16, bool_ as bool, complex64, complex128, dtype, finfo, float16,
                     float32, float64, get_default_dtype, iinfo, int8, int16, int32, int64,
                     set_default_dtype, uint8)
from .errors import GradcliError
from .printing import set_printoptions
from .ops import REGISTRY, load_eager as _load_ops
from . import ops as _ops
from ._tensor import Size, Tensor
from ._tensor import MEMORY_FORMATS as _MEMORY_FORMATS
globals().update(_MEMORY_FORMATS)   # torch.contiguous_format, preserve_format, channels_last ...
from .devices import device
from .devices import namespaces as _device_namespaces

cuda, backends = _device_namespaces()
from .devices import SETTINGS as _SETTINGS  # noqa: E402

globals().update(_SETTINGS)     # use_deterministic_algorithms, set_float32_matmul_precision ...

float = float32
double = float64
half = float16
long = int64
int = int32
short = int16
cfloat = complex64
cdouble = complex128

_load_ops(globals())
from .ops.creation import DEFAULT_GENERATOR as default_generator, Generator  # noqa: E402

vmap = func.vmap                    # torch.vmap is torch.func.vmap

# A graph is many small tracked objects and no cycles, alive from its forward to its
# backward: the default gen-0 threshold (700) makes the collector rescan it over and over
# (~40% of small-op time), and the default gen-1 threshold (10) rescans a graph under
# construction every 100,000 objects (a 10,000-step chain paid ~10 ms for it). Raise, never
# lower.
_th = _gc.get_threshold()
_gc.set_threshold(_th[0] if _th[0] > 10_000 else 10_000, _th[1] if _th[1] > 100 else 100,
                 _th[2])   # (max is torch.max here)


from . import _memory  # noqa: E402

_memory.tune()

# Like PyTorch, arithmetic is quiet about floating-point conditions (1/0 is simply inf):
# NumPy's RuntimeWarnings raised inside gradcli's own code are not shown. A user's own NumPy
# code keeps NumPy's behaviour, and an explicit warnings filter of the user's still wins.
import warnings as _warnings  # noqa: E402

_warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"gradcli(\.|$)")


class _Submodules:
    """`from gradcli.func import grad`, `import gradcli.linalg`, `import
    gradcli.optim.lr_scheduler`: the namespaces gradcli makes as attributes (some lazily)
    import as PyTorch's modules of those names do."""

    NAMES = frozenset(("gradcli.func", "gradcli.linalg", "gradcli.special", "gradcli.fft",
                       "gradcli.cuda", "gradcli.backends", "gradcli.optim.lr_scheduler",
                       "gradcli.optim.swa_utils"))

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        if fullname not in cls.NAMES:
            return None
        from importlib.machinery import ModuleSpec
        return ModuleSpec(fullname, cls)

    @staticmethod
    def create_module(spec):
        import importlib
        parent, _, name = spec.name.rpartition(".")
        module = getattr(importlib.import_module(parent), name)
        spec.loader_state = getattr(module, "__spec__", None)
        return module

    @staticmethod
    def exec_module(module):
        # the import system has just set the module's __spec__ to this alias's; a module's
        # own (gradcli.func is gradcli/autograd/func.py) goes back, or its relative imports
        # would warn "__package__ != __spec__.parent"
        alias = getattr(module, "__spec__", None)       # (a Namespace keeps none)
        if alias is not None and alias.loader_state is not None:
            module.__spec__ = alias.loader_state


_sys.meta_path.append(_Submodules)


def __getattr__(name):
    """`gradcli.optim`, `gradcli.nn`, `gradcli.masked` and `gradcli.utils` load on first use
    (they are not needed to compute a gradient); `gradcli.linalg` and `gradcli.special` are
    the registry's ops of those namespaces, as a formula's `torch.linalg` is."""
    if name in ("optim", "nn", "utils", "serialization", "testing", "amp", "distributions",
                "masked"):
        import importlib
        return importlib.import_module("." + name, __name__)
    if name in ("autocast", "is_autocast_enabled"):
        from . import amp
        return getattr(amp, name)
    if name in ("save", "load"):
        from . import serialization
        return getattr(serialization, name)
    if name in ("linalg", "special", "fft"):
        from .namespace import Namespace, _ops_in
        members = _ops_in(name)
        if name == "linalg":
            from .errors import LinAlgError
            members["LinAlgError"] = LinAlgError
        globals()[name] = Namespace(f"torch.{name}", members)
        return globals()[name]
    if name == "ctc_loss":                          # ATen's, beside nn.functional's
        from .ops.loss import native_ctc_loss
        globals()[name] = native_ctc_loss
        return native_ctc_loss
    if _ops.complete(name, "gradcli") and name in globals():      # an op module not loaded yet
        return globals()[name]
    value = _from_formula_namespace(name)
    if value is not _MISSING:
        globals()[name] = value
        return value
    raise AttributeError(f"module 'gradcli' has no attribute '{name}'")


_MISSING = object()
_formula_torch: list = [None, False]        # [the namespace once built, building it now]


def _from_formula_namespace(name):
    """A name a formula's `torch` has and the package lacks so far (`torch.pi`,
    `torch.FloatTensor`, `torch.set_default_device` ...), for library use as in a formula."""
    if name.startswith("__") or _formula_torch[1]:
        return _MISSING
    if _formula_torch[0] is None:
        _formula_torch[1] = True
        try:
            from .namespace import torch_namespace
            _formula_torch[0] = torch_namespace()
        finally:
            _formula_torch[1] = False
    return getattr(_formula_torch[0], name, _MISSING)


def __dir__():
    _ops.load_all()
    return sorted(set(globals()) | {"optim", "nn", "utils", "serialization", "testing", "amp",
                                    "distributions", "masked", "fft",
                                    "autocast", "is_autocast_enabled", "save", "load", "linalg",
                                    "special", "ctc_loss"})


def is_tensor(obj, /) -> bool:
    return isinstance(obj, Tensor)


def numel(input) -> int:
    if not isinstance(input, Tensor):
        from .errors import TorchTypeError
        raise TorchTypeError(f"numel(): argument 'input' (position 1) must be Tensor, not "
                             f"{type(input).__name__}")
    return input.numel()
