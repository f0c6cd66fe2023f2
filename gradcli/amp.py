"""`torch.amp`: autocast and GradScaler as PyTorch's CPU build runs them. A CUDA autocast
or scaler is disabled with PyTorch's warning (there is no CUDA); a scaler on the CPU scales
the loss and unscales the gradients as PyTorch's does. gradcli has no half-precision
autocast: an enabled CPU autocast is refused with a clear error."""
from __future__ import annotations

import warnings

import numpy as np

from .errors import TorchRuntimeError

_AUTOCAST = [False]


def is_autocast_enabled(device_type=None) -> bool:
    return _AUTOCAST[0]


class autocast:  # noqa: N801 (PyTorch's name)
    """A mixed-precision region: disabled (a plain region) for CUDA and when enabled=False."""

    __gradcli_safe__ = True

    def __init__(self, device_type="cuda", dtype=None, enabled=True, cache_enabled=None):
        self.device = str(device_type)
        self.fast_dtype = dtype
        self._enabled = bool(enabled)
        if self._enabled and self.device == "cuda":
            warnings.warn("User provided device_type of 'cuda', but CUDA is not available. "
                          "Disabling", UserWarning, stacklevel=2)
            self._enabled = False
        if self._enabled:
            raise TorchRuntimeError(f"gradcli has no {self.device} autocast: it computes in "
                                    "float32/float64 only (pass enabled=False)")

    def __enter__(self):
        self._prev = _AUTOCAST[0]
        _AUTOCAST[0] = self._enabled
        return self

    def __exit__(self, *exc):
        _AUTOCAST[0] = self._prev
        return False


class GradScaler:
    """Loss scaling for mixed precision: scale(loss) times the scale, unscale_ divides the
    gradients back and notes infs/nans, step skips the update after one, update moves the
    scale (backoff after an inf, growth after growth_interval clean steps)."""

    __gradcli_safe__ = True

    def __init__(self, device="cuda", init_scale=2.0 ** 16, growth_factor=2.0,
                 backoff_factor=0.5, growth_interval=2000, enabled=True):
        self._device = str(device)
        if enabled and self._device == "cuda":
            warnings.warn("torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  "
                          "Disabling.", UserWarning, stacklevel=2)
            enabled = False
        self._enabled = bool(enabled)
        self._scale = float(init_scale)
        self._growth_factor, self._backoff_factor = float(growth_factor), float(backoff_factor)
        self._growth_interval, self._tracker = int(growth_interval), 0
        self._unscaled: dict = {}         # optimizer id -> found an inf or nan

    def is_enabled(self) -> bool:
        return self._enabled

    def get_scale(self) -> float:
        return self._scale if self._enabled else 1.0

    def scale(self, outputs):
        if not self._enabled:
            return outputs
        if isinstance(outputs, (list, tuple)):
            return type(outputs)(self.scale(o) for o in outputs)
        return outputs * self._scale

    def unscale_(self, optimizer) -> None:
        if not self._enabled:
            return
        if id(optimizer) in self._unscaled:
            raise TorchRuntimeError("unscale_() has already been called on this optimizer "
                                    "since the last update().")
        inv = np.float32(1.0 / np.float64(self._scale))     # PyTorch's float inverse
        found = False
        for group in optimizer.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                data = p.grad._data
                found = found or not bool(np.isfinite(data).all())
                data *= inv.astype(data.dtype)
        self._unscaled[id(optimizer)] = found

    def step(self, optimizer, *args, **kwargs):
        if not self._enabled:
            return optimizer.step(*args, **kwargs)
        if id(optimizer) not in self._unscaled:
            self.unscale_(optimizer)
        if self._unscaled[id(optimizer)]:
            return None                     # an inf or nan gradient: the step is skipped
        return optimizer.step(*args, **kwargs)

    def update(self, new_scale=None) -> None:
        if not self._enabled:
            return
        if new_scale is not None:
            self._scale = float(new_scale)
        elif any(self._unscaled.values()):
            self._scale *= self._backoff_factor
            self._tracker = 0
        else:
            self._tracker += 1
            if self._tracker == self._growth_interval:
                self._scale *= self._growth_factor
                self._tracker = 0
        self._unscaled = {}


class _CudaGradScaler(GradScaler):
    """torch.cuda.amp.GradScaler: deprecated for torch.amp.GradScaler('cuda', ...)."""

    def __init__(self, *args, **kwargs):
        warnings.warn("`torch.cuda.amp.GradScaler(args...)` is deprecated. Please use "
                      "`torch.amp.GradScaler('cuda', args...)` instead.", FutureWarning,
                      stacklevel=2)
        super().__init__("cuda", *args, **kwargs)


class _CudaAutocast(autocast):
    """torch.cuda.amp.autocast: deprecated for torch.amp.autocast('cuda', ...)."""

    def __init__(self, enabled=True, dtype=None, cache_enabled=True):
        warnings.warn("`torch.cuda.amp.autocast(args...)` is deprecated. Please use "
                      "`torch.amp.autocast('cuda', args...)` instead.", FutureWarning,
                      stacklevel=2)
        super().__init__("cuda", dtype, enabled, cache_enabled)


_CudaGradScaler.__name__ = _CudaGradScaler.__qualname__ = "GradScaler"
_CudaAutocast.__name__ = _CudaAutocast.__qualname__ = "autocast"
autocast.__module__ = _CudaAutocast.__module__ = "torch.amp.autocast_mode"
GradScaler.__module__ = "torch.amp.grad_scaler"
_CudaGradScaler.__module__ = "torch.cuda.amp.grad_scaler"
