"""`torch.device`, and the answers of a CPU-only PyTorch about every other device.

gradcli computes on the CPU with NumPy, as PyTorch's CPU build does: `torch.device("cuda")`
can be made and printed, `torch.cuda.is_available()` is False, and putting a tensor on a
device other than the CPU raises the error that build raises, so that tutorial code written
as `device = "cuda" if torch.cuda.is_available() else "cpu"` runs unchanged.
"""
from __future__ import annotations

from .errors import TorchAssertionError, TorchRuntimeError, TorchTypeError

TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve",
         "fpga", "maia", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia",
         "privateuseone")


class device:
    """torch.device(type, index=None) or torch.device("type:index")."""

    __gradcli_safe__ = True
    __slots__ = ("type", "index")

    def __init__(self, type, index=None):
        if isinstance(type, device):
            type, index = type.type, type.index if index is None else index
        elif isinstance(type, int) and not isinstance(type, bool):
            # PyTorch: a bare index names the current accelerator, and a CPU machine has none
            if type < 0:
                raise TorchRuntimeError("Device index must not be negative")
            raise TorchRuntimeError("Cannot access accelerator device when none is available.")
        elif not isinstance(type, str):
            got = _type_name(type)
            raise TorchTypeError(
                f"device() received an invalid combination of arguments - got ({got}), but "
                "expected one of:\n * (torch.device device)\n      didn't match because some "
                f"of the arguments have invalid types: (!{got}!)\n * (str type, "
                "int index = -1)\n")
        else:
            type, index = _parse(type, index)
        object.__setattr__(self, "type", type)
        object.__setattr__(self, "index", index)

    def __setattr__(self, name, value):
        raise AttributeError(f"attribute '{name}' of 'torch.device' objects is not writable")

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


def _type_name(obj) -> str:
    return type(obj).__name__


def _parse(text: str, index):
    name, sep, number = text.partition(":")
    if name not in TYPES:
        raise TorchRuntimeError(f"Expected one of {', '.join(TYPES)} device type at start of "
                                f"device string: {text}")
    if sep:
        if not number.isdigit() or (len(number) > 1 and number[0] == "0"):
            raise TorchRuntimeError(f"Invalid device string: '{text}'")
        if index is not None:
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


CPU = device("cpu")


def check(dev) -> None:
    """Accept None or the CPU (as a device, "cpu", "cpu:0"); for any other device raise what
    PyTorch's CPU build raises when asked to put a tensor there."""
    if dev is None or dev is CPU:
        return
    d = dev if isinstance(dev, device) else device(dev)
    if d.type == "cpu":
        return
    if d.type == "cuda":
        raise TorchAssertionError("Torch not compiled with CUDA enabled",
                                  hint="gradcli computes on the CPU: pick the device with "
                                       "torch.cuda.is_available(), or leave it out")
    if d.type == "meta":
        raise TorchRuntimeError("gradcli computes on the CPU: the meta device is not supported")
    raise TorchRuntimeError(f"PyTorch is not linked with support for {d.type} devices")


def is_device_like(obj) -> bool:
    """Whether a positional argument of Tensor.to names a device."""
    if isinstance(obj, device) or (isinstance(obj, int) and not isinstance(obj, bool)):
        return True                       # an int is an accelerator's index, as in PyTorch
    return isinstance(obj, str) and obj.partition(":")[0] in TYPES


# -- torch.cuda and torch.backends, as a machine without them answers ------------------------

def cuda_is_available() -> bool:
    return False


def cuda_device_count() -> int:
    return 0


def cuda_manual_seed(seed) -> None:
    """Seeds CUDA's generators: there are none (PyTorch's CPU build ignores it too)."""


def not_available() -> bool:
    return False


def namespaces():
    """`torch.cuda` and `torch.backends` for `import gradcli as torch`."""
    from types import SimpleNamespace
    cuda = SimpleNamespace(is_available=cuda_is_available, device_count=cuda_device_count,
                           manual_seed=cuda_manual_seed, manual_seed_all=cuda_manual_seed)
    backends = SimpleNamespace(mps=SimpleNamespace(is_available=not_available,
                                                   is_built=not_available),
                               cuda=SimpleNamespace(is_built=not_available))
    return cuda, backends
