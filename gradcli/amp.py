"""`torch.amp`: autocast and GradScaler as PyTorch's CPU build runs them. A CUDA autocast
or scaler is disabled with PyTorch's warning (there is no CUDA); a scaler on the CPU scales
the loss and unscales the gradients as PyTorch's does.

CPU autocast (`torch.autocast("cpu")`, bfloat16 unless `dtype=torch.float16`) casts the
floating inputs (not float64 ones) of the ops in PyTorch's CPU lists (autocast_mode.cpp):
the lower-precision ones (mm, bmm, addmm, baddbmm, addbmm, matmul, linear, the convolutions,
prelu) to the autocast dtype, the float32 ones (the losses, prod, trace, inverse, cdist ...)
to float32, those of the promote list (cat, stack, index_copy) to float32 when one input is
float32, each cast a ToCopyBackward0 node; every other op runs in its inputs' promoted
dtype. A float32 leaf that requires grad is cast once per outermost region (the cast cache).
gradcli applies the lists where an op checks its arguments by name (`ENTRY_POLICY`, read by
ops/unary.py `check_tensor`), where ops call `cast_inputs` themselves (mm, bmm and matmul,
whose 1-d cases record MvBackward0 or DotBackward0, not in the lists) and, for the rest, by
the node an op records (`POLICY`, read by ops/core.py `apply_array`)."""
from __future__ import annotations

import functools
import warnings
import weakref

import numpy as np

from . import dtypes
from .errors import TorchRuntimeError

_AUTOCAST = [False]              # the CUDA autocast (always disabled: there is no CUDA)
CPU_ON = [False]                 # CPU autocast enabled: read by ops/core.py on every op
_CPU_DTYPE = [dtypes.bfloat16]
_NESTING = [0]
_CACHE_ON = [True]               # the innermost region's cache_enabled
_CACHE: dict = {}                # id(float32 leaf) -> (weak reference to it, its cast)

LOWER, FP32, PROMOTE = "lower_precision_fp", "fp32", "promote"

#: The CPU autocast policy of an op, by the node its result records.
POLICY = {
    **dict.fromkeys(("MmBackward0", "BmmBackward0", "AddmmBackward0", "BaddbmmBackward0",
                     "AddbmmBackward0", "ConvolutionBackward0", "PreluKernelBackward0",
                     "SlowConvTranspose2DBackward0", "ConvTbcBackward0"), LOWER),
    **dict.fromkeys(("ProdBackward0", "ProdBackward1", "MseLossBackward0", "NllLossBackward0",
                     "NllLoss2DBackward0", "BinaryCrossEntropyBackward0",
                     "BinaryCrossEntropyWithLogitsBackward0", "SmoothL1LossBackward0",
                     "HuberLossBackward0", "SoftMarginLossBackward0",
                     "MultiMarginLossBackward0", "MultilabelMarginLossBackward0",
                     "TraceBackward0", "LinalgInvExBackward0", "CdistBackward0",
                     "AvgPool3DBackward0", "MaxPool3DWithIndicesBackward0",
                     "AdaptiveAvgPool3DBackward0", "AdaptiveMaxPool3DBackward0",
                     "ReflectionPad1DBackward0", "ReflectionPad2DBackward0",
                     "ReplicationPad1DBackward0", "ReplicationPad2DBackward0",
                     "ReplicationPad3DBackward0", "MaxUnpool2DBackward0",
                     "MaxUnpool3DBackward0", "FractionalMaxPool2DBackward0",
                     "FractionalMaxPool3DBackward0", "LinalgCholeskyExBackward0",
                     "LinalgQrBackward0", "LinalgSvdBackward0", "LinalgEigBackward0",
                     "LinalgEighBackward0", "LinalgLstsqBackward0", "GridSampler2DBackward0",
                     "GridSampler3DBackward0", "PolarBackward0", "CholeskyInverseBackward0",
                     "CholeskySolveBackward0", "LinalgLuSolveBackward0",
                     "TriangularSolveBackward0"), FP32),
    # the CPU promote list (cat, stack and index_copy, which casts by name: `cast_inputs`)
    **dict.fromkeys(("CatBackward0", "StackBackward0"), PROMOTE),
}

#: The CPU autocast policy of an op whose arguments are checked by name on entry
#: (ops/unary.py `check_tensor`): the cast then comes first, as PyTorch's (linear casts its
#: weight, then transposes it). addmm is not here: its matrices are not checked by name.
ENTRY_POLICY = {
    **dict.fromkeys(("linear", "prelu", "conv1d", "conv2d", "conv3d", "conv_tbc",
                     "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "baddbmm",
                     "addbmm", "linalg.vecdot", "scaled_dot_product_attention"), LOWER),
    **dict.fromkeys(("mse_loss", "l1_loss", "cross_entropy", "nll_loss", "kl_div",
                     "smooth_l1_loss", "huber_loss", "binary_cross_entropy",
                     "binary_cross_entropy_with_logits", "hinge_embedding_loss",
                     "margin_ranking_loss", "cosine_embedding_loss", "triplet_margin_loss",
                     "multi_margin_loss", "multilabel_margin_loss", "soft_margin_loss",
                     "poisson_nll_loss", "trace", "inverse", "cdist", "linalg.qr",
                     "linalg.svd", "linalg.eigh", "linalg.lstsq", "linalg.inv_ex",
                     "linalg.cholesky", "linalg.cholesky_ex", "linalg.solve", "prod",
                     "pinverse", "cholesky", "geqrf", "linalg.householder_product", "ormqr",
                     "ctc_loss", "quantile", "nanquantile"), FP32),
}

_CPU_DTYPE_TEXT = ("In CPU autocast, but the target dtype is not supported. Disabling "
                   "autocast.\nCPU Autocast only supports dtypes of torch.bfloat16, "
                   "torch.float16 currently.")


def is_autocast_enabled(device_type=None) -> bool:
    """Whether autocast is on for `device_type` (CUDA's when omitted: never, here)."""
    if device_type is None:
        return _AUTOCAST[0]
    return CPU_ON[0] if _device_name(device_type) == "cpu" else False


def get_autocast_dtype(device_type) -> dtypes.dtype:
    """The dtype autocast lowers to on `device_type` (set by the innermost region)."""
    return _CPU_DTYPE[0] if _device_name(device_type) == "cpu" else dtypes.float16


def set_autocast_enabled(device_type, enabled=None) -> None:
    """torch.set_autocast_enabled(device_type, enabled): CPU's flag (CUDA's stays off)."""
    if enabled is None:                               # the deprecated one-argument form
        device_type, enabled = "cuda", device_type
    if _device_name(device_type) == "cpu":
        CPU_ON[0] = bool(enabled)


def set_autocast_dtype(device_type, dtype) -> None:
    if _device_name(device_type) == "cpu":
        _CPU_DTYPE[0] = dtype


def is_autocast_cpu_enabled() -> bool:
    warnings.warn("torch.is_autocast_cpu_enabled() is deprecated. Please use "
                  "torch.is_autocast_enabled('cpu') instead. (Triggered internally at "
                  "/__w/pytorch/pytorch/torch/csrc/autograd/init.cpp:883.)",
                  DeprecationWarning, stacklevel=2)
    return CPU_ON[0]


def get_autocast_cpu_dtype() -> dtypes.dtype:
    warnings.warn("torch.get_autocast_cpu_dtype() is deprecated. Please use "
                  "torch.get_autocast_dtype('cpu') instead. (Triggered internally at "
                  "/__w/pytorch/pytorch/torch/csrc/autograd/init.cpp:1016.)",
                  DeprecationWarning, stacklevel=2)
    return _CPU_DTYPE[0]


def is_autocast_cache_enabled() -> bool:
    return _CACHE_ON[0]


def set_autocast_cache_enabled(enabled) -> None:
    """The cache flag an autocast region without cache_enabled= takes (and each region sets
    for its duration)."""
    _CACHE_ON[0] = bool(enabled)


def set_autocast_cpu_enabled(enabled) -> None:
    _deprecated_cpu_setter("enabled", 874)
    set_autocast_enabled("cpu", enabled)


def set_autocast_cpu_dtype(dtype) -> None:
    _deprecated_cpu_setter("dtype", 967)
    set_autocast_dtype("cpu", dtype)


def _deprecated_cpu_setter(what: str, line: int) -> None:
    """PyTorch's warning for torch.set_autocast_cpu_<what>, raised from init.cpp:<line>."""
    warnings.warn(f"torch.set_autocast_cpu_{what}({what}) is deprecated. Please use "
                  f"torch.set_autocast_{what}('cpu', {what}) instead. (Triggered internally "
                  f"at /__w/pytorch/pytorch/torch/csrc/autograd/init.cpp:{line}.)",
                  DeprecationWarning, stacklevel=3)


def clear_autocast_cache() -> None:
    _CACHE.clear()


def _device_name(device_type) -> str:
    return str(getattr(device_type, "type", device_type)).split(":")[0]


class autocast:  # noqa: N801 (PyTorch's name)
    """A mixed-precision region: on the CPU it casts the inputs of the ops in PyTorch's
    lists (see the module's docstring); disabled (a plain region) for CUDA, for a dtype
    other than bfloat16 and float16 on the CPU (with PyTorch's warning), and when
    enabled=False. Usable as a decorator too."""

    __gradcli_safe__ = True

    def __init__(self, device_type="cuda", dtype=None, enabled=True, cache_enabled=None):
        self.device = str(device_type)
        self._enabled = bool(enabled)
        self._cache_enabled = _CACHE_ON[0] if cache_enabled is None else bool(cache_enabled)
        if self.device == "cpu":
            self.fast_dtype = _CPU_DTYPE[0] if dtype is None else dtype
            if self._enabled and self.fast_dtype not in (dtypes.bfloat16, dtypes.float16):
                warnings.warn(_CPU_DTYPE_TEXT, UserWarning, stacklevel=2)
                self._enabled = False
            return
        self.fast_dtype = dtypes.float16 if dtype is None else dtype
        if self._enabled and self.device == "cuda":
            warnings.warn("CUDA is not available or torch_xla is imported. Disabling autocast.",
                          UserWarning, stacklevel=2)
            self._enabled = False
        if self._enabled:
            raise TorchRuntimeError(f"gradcli has no {self.device} autocast: it has the CPU "
                                    "only (pass enabled=False)")

    def __enter__(self):
        if self.device == "cpu":
            self._prev = (CPU_ON[0], _CPU_DTYPE[0], _CACHE_ON[0])
            CPU_ON[0], _CPU_DTYPE[0] = self._enabled, self.fast_dtype
            _CACHE_ON[0] = self._cache_enabled
            _NESTING[0] += 1
            if self.fast_dtype is dtypes.bfloat16:
                dtypes.bfloat16.np          # noqa: B018 (ops now look for bfloat16 inputs)
        else:
            self._prev = _AUTOCAST[0]
            _AUTOCAST[0] = self._enabled
        return self

    def __exit__(self, *exc):
        if self.device == "cpu":
            CPU_ON[0], _CPU_DTYPE[0], _CACHE_ON[0] = self._prev
            _NESTING[0] -= 1
            if _NESTING[0] == 0 and self._cache_enabled:
                _CACHE.clear()
        else:
            _AUTOCAST[0] = self._prev
        return False

    def __call__(self, fn):
        """`@torch.autocast("cpu")`: fn runs in a region like this one."""
        @functools.wraps(fn)
        def run(*args, **kwargs):
            with autocast(self.device, self.fast_dtype, self._enabled, self._cache_enabled):
                return fn(*args, **kwargs)
        return run


def cast_inputs(policy: str, tensors) -> tuple:
    """`tensors` as a CPU autocast region gives them to an op of `policy` (LOWER, FP32 or
    PROMOTE): each floating one but float64 converted (a ToCopyBackward0 node) to the
    autocast dtype, to float32, or to their promoted type (`_promote_type`); anything else
    as it is. Nothing changes outside a region, and in a backward pass (autocast is about
    forward ops)."""
    if not CPU_ON[0]:
        return tuple(tensors)
    from .autograd.engine import _running
    if _running:
        return tuple(tensors)
    from ._tensor import Tensor
    if policy == PROMOTE:
        target = _promote_type(tensors)
    else:
        target = _CPU_DTYPE[0] if policy == LOWER else dtypes.float32
    return tuple(_cast(t, target) if isinstance(t, Tensor) and t.dtype.category == 2
                 and t.dtype is not dtypes.float64 and t.dtype is not target else t
                 for t in tensors)


def _promote_type(tensors) -> dtypes.dtype:
    """ATen's autocast promote_type: from the autocast dtype, float32 once any floating
    tensor is float32, float64 ones ignored; another floating dtype is refused."""
    from ._tensor import Tensor
    lower = current = _CPU_DTYPE[0]
    for t in tensors:
        if not isinstance(t, Tensor) or t.dtype.category != 2 or t.dtype is dtypes.float64:
            continue
        if current is dtypes.float32 or t.dtype is dtypes.float32:
            current = dtypes.float32
        elif t.dtype is not lower:
            raise TorchRuntimeError("Unexpected floating ScalarType in at::autocast::prioritize")
    return current


def _cast(t, target):
    """t converted to `target`, once per region for a float32 leaf that requires grad (as
    ATen's cached_cast: the same cast tensor, the same ToCopyBackward0, for every use)."""
    from .ops.shape import to_np_dtype
    cached = (_CACHE_ON[0] and target is _CPU_DTYPE[0] and t.dtype is dtypes.float32
              and t._requires_grad and t.grad_fn is None and t._base is None)
    if cached:
        hit = _CACHE.get(id(t))
        if hit is not None and hit[0]() is t:
            return hit[1]
    out = to_np_dtype(t, target.np)
    if cached:
        _CACHE[id(t)] = (weakref.ref(t), out)
    return out


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


class _CpuAutocast(autocast):
    """torch.cpu.amp.autocast: deprecated for torch.amp.autocast('cpu', ...)."""

    def __init__(self, enabled=True, dtype=dtypes.bfloat16, cache_enabled=True):
        warnings.warn("`torch.cpu.amp.autocast(args...)` is deprecated. Please use "
                      "`torch.amp.autocast('cpu', args...)` instead.", FutureWarning,
                      stacklevel=2)
        super().__init__("cpu", dtype, enabled, cache_enabled)


class _CudaAutocast(autocast):
    """torch.cuda.amp.autocast: deprecated for torch.amp.autocast('cuda', ...)."""

    def __init__(self, enabled=True, dtype=None, cache_enabled=True):
        warnings.warn("`torch.cuda.amp.autocast(args...)` is deprecated. Please use "
                      "`torch.amp.autocast('cuda', args...)` instead.", FutureWarning,
                      stacklevel=2)
        super().__init__("cuda", dtype, enabled, cache_enabled)


_CudaGradScaler.__name__ = _CudaGradScaler.__qualname__ = "GradScaler"
_CudaAutocast.__name__ = _CudaAutocast.__qualname__ = "autocast"
_CpuAutocast.__name__ = _CpuAutocast.__qualname__ = "autocast"
autocast.__module__ = _CudaAutocast.__module__ = "torch.amp.autocast_mode"
_CpuAutocast.__module__ = "torch.cpu.amp.autocast_mode"
GradScaler.__module__ = "torch.amp.grad_scaler"
_CudaGradScaler.__module__ = "torch.cuda.amp.grad_scaler"
