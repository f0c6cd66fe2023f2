"""torch.nn.attention: `SDPBackend` and the `sdpa_kernel` block that limits which kernels
scaled_dot_product_attention may take. On the CPU PyTorch has two, its flash kernel and the
math path (ops/nn.py picks between them); the others are never viable there."""
from __future__ import annotations

import enum

from ..errors import TorchRuntimeError


class SDPBackend(enum.IntEnum):
    """PyTorch's backend ids (torch.nn.attention._SDPBackend)."""

    ERROR = -1
    MATH = 0
    FLASH_ATTENTION = 1
    EFFICIENT_ATTENTION = 2
    CUDNN_ATTENTION = 3
    OVERRIDEABLE = 4

    def __repr__(self):
        return f"<SDPBackend.{self.name}: {self.value}>"

    def __str__(self):
        return f"SDPBackend.{self.name}"


SDPBackend.__qualname__ = SDPBackend.__name__ = "_SDPBackend"
SDPBackend.__torch_name__ = "torch.nn.attention._SDPBackend"
SDPBackend.__gradcli_safe__ = True

#: the backends scaled_dot_product_attention may take now (all, outside any sdpa_kernel)
_ALL = frozenset(SDPBackend)
_ENABLED = [_ALL]


def limited() -> bool:
    """Whether an sdpa_kernel block limits the backends now."""
    return _ENABLED[0] is not _ALL


class sdpa_kernel:
    """A block in which scaled_dot_product_attention takes only `backends` (one or a list;
    set_priority, their order, changes nothing on the CPU)."""

    __gradcli_safe__ = True

    def __init__(self, backends, set_priority: bool = False):
        if isinstance(backends, SDPBackend):
            backends = [backends]
        if not isinstance(backends, (list, tuple)) or \
                not all(isinstance(b, SDPBackend) for b in backends):
            raise TorchRuntimeError("Backend must be an instance of SDPBackend or a list of "
                                    "SDPBackend instances")
        self.backends = frozenset(backends)

    def __enter__(self):
        self.before = _ENABLED[0]
        _ENABLED[0] = self.backends
        return self

    def __exit__(self, *exc):
        _ENABLED[0] = self.before
        return False


_WHY = ("Flash attention kernel not used because: (Triggered internally at /__w/pytorch/pytorch/"
        "aten/src/ATen/native/transformers/sdp_utils_cpp.cpp:99.)")


def pick(flash_viable: bool, reasons: tuple) -> bool:
    """Whether the CPU flash kernel runs (else the math path), as sdp_utils_cpp selects
    among the enabled backends: PyTorch's errors when none of them can, its warnings saying
    why the flash kernel could not (`reasons`, the ones gradcli words)."""
    import warnings
    enabled = _ENABLED[0]
    flash, math = SDPBackend.FLASH_ATTENTION in enabled, SDPBackend.MATH in enabled
    if not (flash or math):
        raise TorchRuntimeError("No viable backend for scaled_dot_product_attention was found. "
                                "This is likely due to turning off both the math kernel and "
                                "the fused kernels.")
    if flash and flash_viable:
        return True
    if math:
        return False
    for reason in (_WHY, *reasons):
        warnings.warn(reason, UserWarning, stacklevel=3)
    raise TorchRuntimeError("No available kernel.  Aborting execution.")


PUBLIC = ("SDPBackend", "sdpa_kernel")
