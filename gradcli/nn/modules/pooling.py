"""Pooling modules over torch.nn.functional's pools (their reprs are PyTorch's, which
print MaxPool's sizes as given and AvgPool1d's as 1-tuples)."""
from __future__ import annotations

from .. import functional as F
from ...errors import TorchValueError
from .module import Module, own_init


class _MaxPoolNd(Module):
    _forward_each = True            # (PyTorch's subclasses each define forward)
    _op = ""

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1,
                 return_indices: bool = False, ceil_mode: bool = False):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def forward(self, input):
        return getattr(F, self._op)(input, self.kernel_size, self.stride, self.padding,
                                    self.dilation, ceil_mode=self.ceil_mode,
                                    return_indices=self.return_indices)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, "
                f"padding={self.padding}, dilation={self.dilation}, "
                f"ceil_mode={self.ceil_mode}")


class MaxPool1d(_MaxPoolNd):
    """the maximum over each window of a (N, C, L) input"""
    _op = "max_pool1d"


class MaxPool2d(_MaxPoolNd):
    """the maximum over each window of a (N, C, H, W) input"""
    _op = "max_pool2d"


class MaxPool3d(_MaxPoolNd):
    """the maximum over each window of a (N, C, D, H, W) input"""
    _op = "max_pool3d"


class _AvgPoolNd(Module):
    """What the average pools share (PyTorch's base class): their repr."""

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool1d(_AvgPoolNd):
    """the mean over each window of a (N, C, L) input"""

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
                 count_include_pad: bool = True):
        super().__init__()
        one = (lambda v: tuple(v) if isinstance(v, (tuple, list)) else (v,))
        self.kernel_size = one(kernel_size)
        self.stride = one(stride if stride is not None else kernel_size)
        self.padding = one(padding)
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad

    def forward(self, input):
        return F.avg_pool1d(input, self.kernel_size, self.stride, self.padding,
                            self.ceil_mode, self.count_include_pad)


class AvgPool2d(_AvgPoolNd):
    """the mean over each window of a (N, C, H, W) input"""

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
                 count_include_pad: bool = True, divisor_override=None):
        _AvgPoolNd.__init__(self)           # (AvgPool3d's too: not a subclass, as in PyTorch)
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad
        self.divisor_override = divisor_override

    def forward(self, input):
        return F.avg_pool2d(input, self.kernel_size, self.stride, self.padding,
                            self.ceil_mode, self.count_include_pad, self.divisor_override)


@own_init
class AvgPool3d(_AvgPoolNd):
    """the mean over each window of a (N, C, D, H, W) input"""

    __init__ = AvgPool2d.__init__

    def forward(self, input):
        return F.avg_pool3d(input, self.kernel_size, self.stride, self.padding,
                            self.ceil_mode, self.count_include_pad, self.divisor_override)


class _AdaptiveAvgPoolNd(Module):
    _forward_each = True            # (PyTorch's subclasses each define forward)
    _op = ""

    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def forward(self, input):
        return getattr(F, self._op)(input, self.output_size)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveAvgPool1d(_AdaptiveAvgPoolNd):
    """the mean over windows that divide L into output_size parts"""
    _op = "adaptive_avg_pool1d"


class AdaptiveAvgPool2d(_AdaptiveAvgPoolNd):
    """the mean over windows that divide H, W into output_size parts"""
    _op = "adaptive_avg_pool2d"


class AdaptiveAvgPool3d(_AdaptiveAvgPoolNd):
    """the mean over adaptive windows of a (N, C, D, H, W) input"""
    _op = "adaptive_avg_pool3d"


class _AdaptiveMaxPoolNd(_AdaptiveAvgPoolNd):
    def __init__(self, output_size, return_indices: bool = False):
        super().__init__(output_size)
        self.return_indices = return_indices

    def forward(self, input):
        return getattr(F, self._op)(input, self.output_size, self.return_indices)


class AdaptiveMaxPool1d(_AdaptiveMaxPoolNd):
    """the maximum over windows that divide L into output_size parts"""
    _op = "adaptive_max_pool1d"


class AdaptiveMaxPool2d(_AdaptiveMaxPoolNd):
    """the maximum over windows that divide H, W into output_size parts"""
    _op = "adaptive_max_pool2d"


class AdaptiveMaxPool3d(_AdaptiveMaxPoolNd):
    """the maximum over adaptive windows of a (N, C, D, H, W) input"""
    _op = "adaptive_max_pool3d"


class _MaxUnpoolNd(Module):
    """MaxUnpool{1,2}d(kernel_size, stride=None, padding=0): the inverse of max pooling
    with its returned indices (zeros elsewhere)"""
    _forward_each = True            # (PyTorch's subclasses each define forward)

    _dims = 0

    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        n = self._dims
        as_tuple = (lambda v: tuple(v) if isinstance(v, (tuple, list)) else (v,) * n)
        self.kernel_size = as_tuple(kernel_size)
        self.stride = as_tuple(stride if stride is not None else kernel_size)
        self.padding = as_tuple(padding)

    def forward(self, input, indices, output_size=None):
        fn = (F.max_unpool1d, F.max_unpool2d, F.max_unpool3d)[self._dims - 1]
        return fn(input, indices, self.kernel_size, self.stride, self.padding, output_size)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, "
                f"padding={self.padding}")


@own_init
class MaxUnpool1d(_MaxUnpoolNd):
    _dims = 1


@own_init
class MaxUnpool2d(_MaxUnpoolNd):
    _dims = 2


@own_init
class MaxUnpool3d(_MaxUnpoolNd):
    _dims = 3


class _LPPoolNd(Module):
    _forward_each = True            # (PyTorch's subclasses each define forward)
    _op = ""

    def __init__(self, norm_type: float, kernel_size, stride=None, ceil_mode: bool = False):
        super().__init__()
        self.norm_type, self.kernel_size = norm_type, kernel_size
        self.stride, self.ceil_mode = stride, ceil_mode

    def forward(self, input):
        return getattr(F, self._op)(input, float(self.norm_type), self.kernel_size,
                                    self.stride, self.ceil_mode)

    def extra_repr(self) -> str:
        return (f"norm_type={self.norm_type}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}, ceil_mode={self.ceil_mode}")


class LPPool1d(_LPPoolNd):
    """(sum of x^p over each window)^(1/p) of a (N, C, L) input"""
    _op = "lp_pool1d"


class LPPool2d(_LPPoolNd):
    """(sum of x^p over each window)^(1/p) of a (N, C, H, W) input"""
    _op = "lp_pool2d"


class LPPool3d(_LPPoolNd):
    """(sum of x^p over each window)^(1/p) of a (N, C, D, H, W) input"""
    _op = "lp_pool3d"


def _ntuple(v, n: int):
    return tuple(v) if isinstance(v, (list, tuple)) else (v,) * n


class _FractionalMaxPoolNd(Module):
    """Fractional max pooling of kernel-sized windows at pseudo-random steps; `_random_samples`
    a buffer (None: drawn at each call), no extra_repr (PyTorch prints none)."""
    _forward_each = True            # (PyTorch's subclasses each define forward)

    _n = 2
    _op = ""

    def __init__(self, kernel_size, output_size=None, output_ratio=None,
                 return_indices: bool = False, _random_samples=None):
        super().__init__()
        n, name = self._n, type(self).__name__
        if n == 3 and ((isinstance(kernel_size, int) and kernel_size <= 0) or (
                isinstance(kernel_size, (tuple, list)) and not all(k > 0 for k in kernel_size))):
            raise TorchValueError(f"kernel_size must be greater than 0, but got {kernel_size}")
        self.kernel_size = _ntuple(kernel_size, n)
        self.return_indices = return_indices
        self.register_buffer("_random_samples", _random_samples)
        self.output_size = _ntuple(output_size, n) if output_size is not None else None
        self.output_ratio = _ntuple(output_ratio, n) if output_ratio is not None else None
        if output_size is None and output_ratio is None:
            raise TorchValueError(f"{name} requires specifying either an output size, or a "
                                  f"pooling ratio")
        if output_size is not None and output_ratio is not None:
            raise TorchValueError("only one of output_size and output_ratio may be specified")
        if self.output_ratio is not None and not all(0 < r < 1 for r in self.output_ratio):
            raise TorchValueError(f"output_ratio must be between 0 and 1 (got {output_ratio})")

    def forward(self, input):
        return getattr(F, self._op)(input, self.kernel_size, self.output_size, self.output_ratio,
                                    self.return_indices, _random_samples=self._random_samples)


@own_init
class FractionalMaxPool2d(_FractionalMaxPoolNd):
    """the maximum of kernel-sized windows at pseudo-random steps of a (N, C, H, W) input"""
    _n, _op = 2, "fractional_max_pool2d"


@own_init
class FractionalMaxPool3d(_FractionalMaxPoolNd):
    """the maximum of kernel-sized windows at pseudo-random steps of a (N, C, D, H, W) input"""
    _n, _op = 3, "fractional_max_pool3d"
