"""`torch.device`, and the answers of a CPU-only PyTorch about every other device.

gradcli computes on the CPU with NumPy, as PyTorch's CPU build does: `torch.device("cuda")`
can be made and printed, `torch.cuda.is_available()` is False, and putting a tensor on a
device other than the CPU raises the error that build raises, so that tutorial code written
as `device = "cuda" if torch.cuda.is_available() else "cpu"` runs unchanged.
"""
from __future__ import annotations

import re

import numpy as np

from .errors import TorchAssertionError, TorchNotImplementedError, TorchRuntimeError, TorchTypeError

_NO_ACCELERATOR = "Cannot access accelerator device when none is available."

TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve",
         "fpga", "maia", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia",
         "privateuseone")


class device:
    """torch.device(type, index=None) or torch.device("type:index")."""

    __gradcli_safe__ = True
    __slots__ = ("type", "index")

    def __init__(self, *args, **kwargs):
        given = _arguments(args, kwargs)
        type, index = given["type"], given.get("index")
        if isinstance(type, device):
            if "index" in given:
                raise TorchTypeError("device(): argument 'type' (position 1) must be str, not "
                                     "torch.device")
            type, index = type.type, type.index
        elif isinstance(type, int) and not isinstance(type, bool):
            # PyTorch: a bare index names the current accelerator, and a CPU machine has none
            if type < 0:
                raise TorchRuntimeError("Device index must not be negative")
            raise TorchRuntimeError(_NO_ACCELERATOR)
        elif not isinstance(type, str):
            raise _invalid_types(_type_name(type))
        else:
            type, index = _parse(type, index, "index" in given)
        object.__setattr__(self, "type", type)
        object.__setattr__(self, "index", index)

    def __setattr__(self, name, value):
        raise AttributeError(f"attribute '{name}' of 'torch.device' objects is not writable")

    def __enter__(self) -> "device":
        """`with torch.device(...)`: the default device of the factories inside, the CPU or
        meta (gradcli.meta); any other device is refused on entry (PyTorch refuses at the
        first tensor made inside)."""
        check(self, meta=True)
        _ENTERED.append(_DEFAULT[0])
        _DEFAULT[0] = META if self.type == "meta" else None
        return self

    def __exit__(self, *exc) -> None:
        _DEFAULT[0] = _ENTERED.pop() if _ENTERED else None
        return None

    def __repr__(self) -> str:
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __format__(self, spec: str) -> str:
        if spec:
            raise TorchTypeError("unsupported format string passed to torch.device.__format__")
        return str(self)

    def __reduce__(self):
        """Pickled and copied by its arguments (its fields are read-only)."""
        return (device, (self.type, self.index))

    def __eq__(self, other) -> bool:
        if not isinstance(other, device):
            return NotImplemented
        return (self.type, self.index) == (other.type, other.index)

    def __hash__(self) -> int:
        return hash((self.type, self.index))


def _invalid_types(got: str, tail: str = "") -> TorchTypeError:
    """PyTorch's parser refusing the one argument `got` (a keyword one ends in ", ")."""
    return TorchTypeError(
        f"device() received an invalid combination of arguments - got ({got}{tail}), but "
        "expected one of:\n * (torch.device device)\n      didn't match because some of the "
        f"arguments have invalid types: (!{got}!{tail})\n * (str type, int index = -1)\n")


def _type_name(obj) -> str:
    return type(obj).__name__


def _arguments(args: tuple, kwargs: dict) -> dict:
    """torch.device's (type, index) arguments by name, refused as PyTorch's parser does: a
    call of one argument could be either signature's, so a keyword but `type` fits neither; a
    call of two can only be (type, index), whose own checks come before the unknown keyword's
    (torch.device(1, bogus=1) is refused for its type)."""
    if len(kwargs) == 1 and "device" in kwargs and not args:
        # the first signature's argument by its name: a device, a device string or an index
        value = kwargs["device"]
        if isinstance(value, bool) or not isinstance(value, (str, int, device)):
            raise _invalid_types(f"device={_type_name(value)}", ", ")
        return {"type": value}
    unknown = [name for name in kwargs if name not in ("type", "index")]
    given = dict(zip(("type", "index"), args), **kwargs)
    count = len(args) + len(kwargs)
    if count > 2 or count == 0 or count == 1 and "type" not in given:
        got = ", ".join([_type_name(a) for a in args] +
                        [f"{k}={_type_name(v)}" for k, v in kwargs.items()])
        got += ", " if kwargs and not args else ""
        why = f"      didn't match because some of the keywords were incorrect: " \
              f"{', '.join(kwargs)}\n" if count == 1 else ""
        raise TorchTypeError(
            f"device() received an invalid combination of arguments - got ({got}), but "
            f"expected one of:\n * (torch.device device)\n{why} * (str type, int index = -1)\n")
    if "type" not in given:
        raise TorchTypeError('device() missing 1 required positional arguments: "type"')
    if unknown and not isinstance(given["type"], str):
        where = " (position 1)" if args else ""
        raise TorchTypeError(f"device(): argument 'type'{where} must be str, not "
                             f"{_type_name(given['type'])}")
    if unknown:
        raise TorchTypeError(f"device() got an unexpected keyword argument '{unknown[0]}'")
    return given


def _parse(text: str, index, index_given: bool):
    """A device string, checked in c10's order: its form `name[:index]` (letters and `_`,
    an index without leading zeros), then the name, then the index against an explicit one."""
    if not text:
        raise TorchRuntimeError("Device string must not be empty")
    form = _DEVICE_STRING.fullmatch(text)
    if form is None:
        raise TorchRuntimeError(f"Invalid device string: '{text}'")
    name, number = form.groups()
    if name not in TYPES:
        raise TorchRuntimeError(f"Expected one of {', '.join(TYPES)} device type at start of "
                                f"device string: {text}")
    if number is not None:
        if index_given:
            raise TorchRuntimeError("type (string) must not include an index because index "
                                    f"was passed explicitly: {text}")
        index = int(number)
    elif index is not None:
        if not isinstance(index, int) or isinstance(index, bool):
            raise TorchTypeError(f"device(): argument 'index' (position 2) must be int, not "
                                 f"{_type_name(index)}")
        if index < 0:
            raise TorchRuntimeError("Device index must not be negative")
    return name, index


_DEVICE_STRING = re.compile(r"([A-Za-z_]+)(?::([1-9][0-9]*|0))?")


CPU = device("cpu")
META = device("meta")


_LAZY_INIT_ERRORS = {
    "xpu": "Torch not compiled with XPU enabled",
    "mtia": "Torch not compiled with MTIA enabled. Ensure you have `import "
            "mtia.host_runtime.torch_mtia.dynamic_library` in your python src file and include "
            "`//mtia/host_runtime/torch_mtia:torch_mtia` as your target dependency!",
}


def check(dev, meta: bool = False, kernel: str | None = None) -> None:
    """Accept None or the CPU (as a device, "cpu", "cpu:0"), and with `meta` the meta device
    (the caller makes meta tensors: gradcli.meta); for any other device raise what
    PyTorch's CPU build raises when asked to put a tensor there (a factory names the ATen
    `kernel` it allocates with, which the dispatcher's error names)."""
    if dev is None or dev is CPU:
        return
    d = dev if isinstance(dev, device) else device(dev)
    if d.type == "cpu" or (meta and d.type == "meta"):
        return
    if d.type == "cuda":
        raise TorchAssertionError("Torch not compiled with CUDA enabled",
                                  hint="gradcli computes on the CPU: pick the device with "
                                       "torch.cuda.is_available(), or leave it out")
    if d.type in _LAZY_INIT_ERRORS:          # torch.xpu's, torch.mtia's lazy initialisation
        raise TorchAssertionError(_LAZY_INIT_ERRORS[d.type])
    if d.type in ("hpu", "privateuseone"):    # torch.hpu's lazy initialisation: no module
        raise ModuleNotFoundError(f"No module named 'torch.{d.type}'")
    from . import dispatch_errors
    if kernel is not None and d.type in dispatch_errors.BACKENDS:
        raise TorchNotImplementedError(dispatch_errors.message(kernel, d.type))
    if d.type == "meta":
        raise TorchRuntimeError(
            "gradcli computes on the CPU: meta tensors are made by Tensor.to, Module.to, "
            "Module.to_empty and the tensor factories, not here",
            hint="make the tensor or module on the CPU, then .to('meta')")
    raise TorchRuntimeError(f"PyTorch is not linked with support for {d.type} devices")


def to_accelerator(kind: str, dev) -> None:
    """PyTorch's refusal of `.cuda(device)` and its kin (`kind`: cuda, xpu, ipu, mtia): an
    index names no device of a CPU build, a device of another type is refused by name
    before the build is."""
    if dev is None or isinstance(dev, int):
        check(kind if dev is None else dev)
        return
    if device(dev).type != kind:
        name = "MTIA" if kind == "mtia" else kind
        raise TorchRuntimeError(f"Invalid device, must be {name} device")
    check(dev)


#: The factories' default device when it is not the CPU (meta, by set_default_device or
#: `with torch.device("meta")`), and the defaults the `with` blocks entered replaced.
_DEFAULT: list = [None]
_ENTERED: list = []


def get_default_device() -> device:
    return CPU if _DEFAULT[0] is None else _DEFAULT[0]


def set_default_device(dev) -> None:
    """torch.set_default_device: the CPU (or None), or meta; another device fails as
    PyTorch's CPU build fails at the first tensor made there."""
    check(dev, meta=True)
    d = None if dev is None else dev if isinstance(dev, device) else device(dev)
    _DEFAULT[0] = META if d is not None and d.type == "meta" else None


def is_device_like(obj) -> bool:
    """Whether a positional argument of Tensor.to names a device: as in PyTorch, any string
    does (`x.to('float64')` is an invalid device string), and an int (an accelerator)."""
    return isinstance(obj, (device, str)) or (isinstance(obj, int) and not isinstance(obj, bool))


# -- torch.cuda and torch.backends, as a machine without them answers ------------------------

def cuda_is_available() -> bool:
    return False


def cuda_device_count() -> int:
    return 0


def cuda_manual_seed(seed) -> None:
    """Seeds CUDA's generators: there are none (PyTorch's CPU build ignores it too)."""


def not_available() -> bool:
    return False


def no_device_count() -> int:
    return 0


# -- torch.accelerator, as a machine without one answers --------------------------------------

def current_accelerator(check_available: bool = False):
    """None: there is no accelerator (whether or not check_available)."""
    return None


def _no_accelerator(*args, **kwargs):
    raise TorchRuntimeError(_NO_ACCELERATOR)


def _renamed_no_accelerator(new: str):
    def call(*args, **kwargs):
        import warnings
        warnings.warn(f"Use `{new}` instead.", FutureWarning, stacklevel=2)
        raise TorchRuntimeError(_NO_ACCELERATOR)
    return call


class accelerator_device_index:
    """torch.accelerator.device_index(idx): with None, nothing; an index needs an
    accelerator, refused on entry."""

    __gradcli_safe__ = True

    def __init__(self, device):
        self._device = device

    def __enter__(self):
        if self._device is not None:
            raise TorchRuntimeError(_NO_ACCELERATOR)
        return None

    def __exit__(self, *exc) -> None:
        return None


ACCELERATOR = {
    "is_available": not_available, "device_count": no_device_count,
    "current_accelerator": current_accelerator, "device_index": accelerator_device_index,
    "current_device_idx": _renamed_no_accelerator("current_device_index"),
    "set_device_idx": _renamed_no_accelerator("set_device_index"),
    **{name: _no_accelerator for name in (
        "current_device_index", "set_device_index", "current_stream", "set_stream",
        "synchronize", "empty_cache", "empty_host_cache", "get_memory_info",
        "memory_allocated", "max_memory_allocated", "memory_reserved", "max_memory_reserved",
        "memory_stats", "reset_accumulated_memory_stats", "reset_peak_memory_stats",
        "get_device_capability")}}


def cuda_current_device() -> int:
    check("cuda")        # PyTorch's CPU build: "Torch not compiled with CUDA enabled"
    return 0


def cuda_refused(*args, **kwargs):
    """torch.cuda.synchronize, get_device_name, get_device_properties ... in PyTorch's CPU
    build: "Torch not compiled with CUDA enabled"."""
    check("cuda")


def cuda_empty_cache() -> None:
    """Frees CUDA's cached memory: none here (PyTorch's CPU build does nothing either)."""


def cuda_memory_allocated(device=None) -> int:
    return 0


def cudnn_version():
    return None


class BackendModule:
    """A torch.backends module as a script sees it (cudnn, cuda.matmul): its functions, and
    flags read and set as module attributes (`torch.backends.cudnn.deterministic = True`,
    the seed helpers of every tutorial). gradcli has no cuDNN or cuBLAS: the flags are kept
    and reported, nothing else. `_reset` puts them back (a batch file's fresh engine)."""

    __gradcli_safe__ = True
    __gradcli_module__ = True           # importable: `import torch.backends.cudnn`

    def __init__(self, name: str, flags: dict, functions: dict | None = None):
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_defaults", dict(flags))
        self.__dict__.update(flags)
        self.__dict__.update(functions or {})

    def _reset(self) -> None:
        self.__dict__.update(self._defaults)

    def __repr__(self) -> str:
        return f"<module '{self._name}'>"


CUDNN = BackendModule("torch.backends.cudnn", {
    "enabled": True, "benchmark": False, "deterministic": False, "allow_tf32": True,
    "benchmark_limit": 10}, {"is_available": not_available, "version": cudnn_version})
def available() -> bool:
    return True


def cpu_capability() -> str:
    """torch.backends.cpu.get_cpu_capability(): the kernels' instruction set ("AVX512")."""
    from . import cpu
    return {"avx512": "AVX512", "avx2": "AVX2"}.get(cpu.capability(), "DEFAULT")


MKLDNN = BackendModule("torch.backends.mkldnn", {"enabled": True}, {"is_available": available})
CUDA_MATMUL = BackendModule("torch.backends.cuda.matmul", {
    "allow_tf32": False, "allow_fp16_reduced_precision_reduction": True,
    "allow_bf16_reduced_precision_reduction": True})
object.__setattr__(CUDA_MATMUL, "__gradcli_module__", False)   # (an object of torch.backends.cuda,
#                                                              not a module `import` reaches)

# torch.use_deterministic_algorithms and torch.set_float32_matmul_precision's settings
_settings = {"deterministic": False, "warn_only": False, "matmul_precision": "highest"}


def use_deterministic_algorithms(mode, *, warn_only=False) -> None:
    """Records the mode (gradcli's NumPy kernels are deterministic anyway)."""
    if mode is not True and mode is not False:
        from .errors import TorchTypeError
        raise TorchTypeError(f"_set_deterministic_algorithms(): argument 'mode' (position 1) "
                             f"must be bool, not {type(mode).__name__}")
    _settings["deterministic"], _settings["warn_only"] = mode, bool(warn_only)


def set_deterministic_debug_mode(debug_mode) -> None:
    """0 or "default": off; 1 or "warn": on, warning only; 2 or "error": on."""
    from .errors import TorchRuntimeError, TorchTypeError
    if not isinstance(debug_mode, (int, str)):
        raise TorchTypeError(f"debug_mode must be str or int, but got {type(debug_mode)}")
    if isinstance(debug_mode, str):
        modes = {"default": 0, "warn": 1, "error": 2}
        if debug_mode not in modes:
            raise TorchRuntimeError("invalid value of debug_mode, expected one of `default`, "
                                    f"`warn`, `error`, but got {debug_mode}")
        debug_mode = modes[debug_mode]
    if debug_mode not in (0, 1, 2):
        raise TorchRuntimeError(f"invalid value of debug_mode, expected 0, 1, or 2, but got "
                                f"{debug_mode}")
    use_deterministic_algorithms(debug_mode > 0, warn_only=debug_mode == 1)


def get_deterministic_debug_mode() -> int:
    if not _settings["deterministic"]:
        return 0
    return 1 if _settings["warn_only"] else 2


def compiled_with_cxx11_abi() -> bool:
    """PyTorch's wheels are built with the C++11 ABI."""
    return True


def are_deterministic_algorithms_enabled() -> bool:
    return _settings["deterministic"]


def is_deterministic_algorithms_warn_only_enabled() -> bool:
    return _settings["warn_only"]


def set_float32_matmul_precision(precision: str) -> None:
    """Records the precision (gradcli's float32 products are full float32 whatever it is);
    'high' and 'medium' allow TF32 in cuBLAS, as PyTorch's flag then says."""
    if precision not in ("highest", "high", "medium"):
        import warnings
        warnings.warn(f"{precision} is not one of 'highest', 'high', or 'medium'; the current"
                      "setFloat32MatmulPrecision call has no effect. (Triggered internally at "
                      "/__w/pytorch/pytorch/aten/src/ATen/Context.cpp:458.)", UserWarning,
                      stacklevel=2)
        return
    _settings["matmul_precision"] = precision
    CUDA_MATMUL.allow_tf32 = precision != "highest"


def get_float32_matmul_precision() -> str:
    return _settings["matmul_precision"]


#: torch.utils.deterministic: whether use_deterministic_algorithms(True) fills the memory
#: torch.empty & co. leave unset
DETERMINISTIC = BackendModule("torch.utils.deterministic", {"fill_uninitialized_memory": True})


def uninitialized(array) -> None:
    """Memory torch.empty, empty_like, new_empty, empty_strided and resize_ leave unset, as
    PyTorch fills it under use_deterministic_algorithms(True) (and
    fill_uninitialized_memory): NaN for floating and complex types, the largest value for
    integers and bool (gradcli's is zeros otherwise)."""
    if not (_settings["deterministic"] and DETERMINISTIC.fill_uninitialized_memory) or \
            not isinstance(array, np.ndarray):          # (a meta tensor has no memory)
        return
    kind = array.dtype.kind
    array[...] = True if kind == "b" else np.iinfo(array.dtype).max if kind in "iu" else np.nan


def reset_settings() -> None:
    """The start-up settings and backend flags (a batch gives each file a fresh engine)."""
    _settings.update(deterministic=False, warn_only=False, matmul_precision="highest")
    _DEFAULT[0] = None
    _ENTERED.clear()
    CUDNN._reset()
    CUDA_MATMUL._reset()
    MKLDNN._reset()
    DETERMINISTIC._reset()


SETTINGS = {"use_deterministic_algorithms": use_deterministic_algorithms,
            "are_deterministic_algorithms_enabled": are_deterministic_algorithms_enabled,
            "is_deterministic_algorithms_warn_only_enabled":
                is_deterministic_algorithms_warn_only_enabled,
            "set_float32_matmul_precision": set_float32_matmul_precision,
            "get_float32_matmul_precision": get_float32_matmul_precision,
            "set_deterministic_debug_mode": set_deterministic_debug_mode,
            "get_deterministic_debug_mode": get_deterministic_debug_mode,
            "compiled_with_cxx11_abi": compiled_with_cxx11_abi,
            # what the build has (torch.backends.mkl/openmp answer the same)
            "has_lapack": True, "has_mkl": True, "has_openmp": True, "has_spectral": True}


def namespaces():
    """`torch.cuda` and `torch.backends` for `import gradcli as torch`."""
    from types import SimpleNamespace
    def grad_scaler(*args, **kwargs):     # torch.cuda.amp's, loaded when first used
        from .amp import _CudaGradScaler
        return _CudaGradScaler(*args, **kwargs)

    def autocast(*args, **kwargs):
        from .amp import _CudaAutocast
        return _CudaAutocast(*args, **kwargs)
    cuda = SimpleNamespace(is_available=cuda_is_available, device_count=cuda_device_count,
                           manual_seed=cuda_manual_seed, manual_seed_all=cuda_manual_seed,
                           empty_cache=cuda_empty_cache, memory_allocated=cuda_memory_allocated,
                           amp=SimpleNamespace(GradScaler=grad_scaler, autocast=autocast))
    backends = SimpleNamespace(mps=SimpleNamespace(is_available=not_available,
                                                   is_built=not_available),
                               cuda=SimpleNamespace(is_built=not_available, matmul=CUDA_MATMUL),
                               cudnn=CUDNN)
    return cuda, backends
