"""Lazy layers: `LazyLinear`, `LazyConv1d/2d/3d` / `LazyConvTranspose1d/2d/3d` and
`LazyBatchNorm1d/2d/3d` / `LazyInstanceNorm1d/2d/3d`, whose input size is read from their
first input. Until then their weight and bias are
UninitializedParameters; the first forward sizes them, draws them as the ordinary layer's
reset_parameters would, and turns the module into that layer (`Linear`, `Conv2d`, ...), as
PyTorch's LazyModuleMixin does."""
from __future__ import annotations

from ... import devices, dtypes
from ...autograd.grad_mode import no_grad
from ...errors import TorchValueError
from ...ops import creation
from ..parameter import UninitializedBuffer, UninitializedParameter
from .conv import (Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d,
                   ConvTranspose3d)
from .linear import Linear
from .module import own_init
from .normalization import (BatchNorm1d, BatchNorm2d, BatchNorm3d, InstanceNorm1d,
                            InstanceNorm2d, InstanceNorm3d)


class _LazyMixin:
    """The first-forward hook: infer the sizes, materialise, become `cls_to_become`."""

    cls_to_become = None
    _size_attr = ""          # the size read from the first input (0 until then)

    def _lazy_setup(self, bias: bool, dtype) -> None:
        self.weight = UninitializedParameter(dtype=dtype)
        if bias:
            self.bias = UninitializedParameter(dtype=dtype)
        object.__setattr__(self, "_lazy_hook", self.register_forward_pre_hook(_infer))

    def has_uninitialized_params(self) -> bool:
        return any(isinstance(p, (UninitializedParameter, UninitializedBuffer))
                   for table in (self._parameters, self._buffers) for p in table.values())

    def reset_parameters(self) -> None:
        if not self.has_uninitialized_params() and getattr(self, self._size_attr) != 0:
            self.cls_to_become.reset_parameters(self)


def _infer(module, args) -> None:
    module.initialize_parameters(*args)
    module.__dict__.pop("_lazy_hook").remove()
    module.__class__ = module.cls_to_become


class LazyLinear(_LazyMixin, Linear):
    """LazyLinear(out_features, bias=True): a Linear whose in_features is the last size of
    its first input."""

    cls_to_become = Linear
    _size_attr = "in_features"

    def __init__(self, out_features: int, bias: bool = True, device=None, dtype=None):
        Linear.__init__(self, 0, 0, False)
        devices.check(device)
        self.out_features = out_features
        self._lazy_setup(bias, dtype)

    def initialize_parameters(self, input, *args) -> None:
        if self.has_uninitialized_params():
            with no_grad():
                self.in_features = input.shape[-1]
                self.weight.materialize((self.out_features, self.in_features))
                if self.bias is not None:
                    self.bias.materialize((self.out_features,))
                self.reset_parameters()


class _LazyConvNd(_LazyMixin):
    _size_attr = "in_channels"

    def _lazy_conv(self, out_channels: int, bias: bool, device, dtype, **sizes) -> None:
        """The layer made with no channels and no bias, then its out_channels and its
        uninitialised parameters."""
        self.cls_to_become.__init__(self, 0, 0, bias=False, **sizes)
        devices.check(device)
        self.out_channels = out_channels
        self._lazy_setup(bias, dtype)

    def initialize_parameters(self, input, *args) -> None:
        if not self.has_uninitialized_params():
            return
        batched = input.dim() == self._dims + 2
        self.in_channels = input.shape[1 if batched else 0]
        if self.in_channels % self.groups != 0:
            raise TorchValueError("in_channels must be divisible by groups")
        shape = (self.in_channels, self.out_channels // self.groups) if self._transposed else \
            (self.out_channels, self.in_channels // self.groups)
        with no_grad():
            self.weight.materialize((*shape, *self.kernel_size))
            if self.bias is not None:
                self.bias.materialize((self.out_channels,))
            self.reset_parameters()


def _conv_init(self, out_channels: int, kernel_size, stride=1, padding=0, dilation=1,
               groups: int = 1, bias: bool = True, padding_mode: str = "zeros", device=None,
               dtype=None):
    self._lazy_conv(out_channels, bias, device, dtype, kernel_size=kernel_size, stride=stride,
                    padding=padding, dilation=dilation, groups=groups,
                    padding_mode=padding_mode)


def _conv_transpose_init(self, out_channels: int, kernel_size, stride=1, padding=0,
                         output_padding=0, groups: int = 1, bias: bool = True, dilation=1,
                         padding_mode: str = "zeros", device=None, dtype=None):
    self._lazy_conv(out_channels, bias, device, dtype, kernel_size=kernel_size, stride=stride,
                    padding=padding, output_padding=output_padding, groups=groups,
                    dilation=dilation, padding_mode=padding_mode)


def _lazy_conv(name: str, base):
    """Lazy<base>: base's arguments but in_channels (PyTorch's signature, its own __init__)."""
    doc = f"{name}(out_channels, kernel_size, ...): a {base.__name__} whose in_channels is " \
          "read from its first input"
    init = _conv_transpose_init if base._transposed else _conv_init
    return own_init(type(name, (_LazyConvNd, base), {"cls_to_become": base, "__doc__": doc,
                                                      "__init__": init,
                                                      "__module__": __name__}))


LazyConv1d = _lazy_conv("LazyConv1d", Conv1d)
LazyConv2d = _lazy_conv("LazyConv2d", Conv2d)
LazyConv3d = _lazy_conv("LazyConv3d", Conv3d)
LazyConvTranspose1d = _lazy_conv("LazyConvTranspose1d", ConvTranspose1d)
LazyConvTranspose2d = _lazy_conv("LazyConvTranspose2d", ConvTranspose2d)
LazyConvTranspose3d = _lazy_conv("LazyConvTranspose3d", ConvTranspose3d)

class _LazyNormBase(_LazyMixin):
    """A BatchNorm or InstanceNorm whose num_features is its first input's size 1."""

    _size_attr = "num_features"

    def __init__(self, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True,
                 device=None, dtype=None, *, bias=True):
        self.cls_to_become.__init__(self, 0, eps, momentum, False, False, dtype=dtype,
                                    bias=False)
        devices.check(device)
        self.affine, self.track_running_stats = affine, track_running_stats
        if affine:
            self.weight = UninitializedParameter(dtype=dtype)
            if bias:
                self.bias = UninitializedParameter(dtype=dtype)
        if track_running_stats:
            self.running_mean = UninitializedBuffer(dtype=dtype)
            self.running_var = UninitializedBuffer(dtype=dtype)
            self.num_batches_tracked = creation.tensor(0, dtype=dtypes.int64)
        object.__setattr__(self, "_lazy_hook", self.register_forward_pre_hook(_infer))

    def initialize_parameters(self, input, *args) -> None:
        if not self.has_uninitialized_params():
            return
        self.num_features = input.shape[1]
        for t in (self.weight, self.bias, self.running_mean, self.running_var):
            if isinstance(t, (UninitializedParameter, UninitializedBuffer)):
                t.materialize((self.num_features,))
        self.reset_parameters()


def _lazy_norm(name: str, base):
    doc = f"{name}(eps, momentum, affine, track_running_stats): a {base.__name__} whose " \
          "num_features is read from its first input"
    return type(name, (_LazyNormBase, base), {"cls_to_become": base, "__doc__": doc,
                                           "__module__": base.__module__})


LazyBatchNorm1d = _lazy_norm("LazyBatchNorm1d", BatchNorm1d)
LazyBatchNorm2d = _lazy_norm("LazyBatchNorm2d", BatchNorm2d)
LazyBatchNorm3d = _lazy_norm("LazyBatchNorm3d", BatchNorm3d)
LazyInstanceNorm1d = _lazy_norm("LazyInstanceNorm1d", InstanceNorm1d)
LazyInstanceNorm2d = _lazy_norm("LazyInstanceNorm2d", InstanceNorm2d)
LazyInstanceNorm3d = _lazy_norm("LazyInstanceNorm3d", InstanceNorm3d)

__all__ = ["LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d", "LazyInstanceNorm1d",
           "LazyInstanceNorm2d", "LazyInstanceNorm3d", "LazyLinear", "LazyConv1d", "LazyConv2d",
           "LazyConv3d", "LazyConvTranspose1d", "LazyConvTranspose2d", "LazyConvTranspose3d"]
