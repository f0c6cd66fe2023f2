"""`Conv1d`, `Conv2d`, `Conv3d`, `ConvTranspose1d`, `ConvTranspose2d` and `ConvTranspose3d`:
PyTorch's default initialisation (as Linear's, over the fan-in the weight's shape gives: one
output channel's inputs for a convolution, (out/groups) * kernel for a transposed one, whose
weight is (in, out/groups, *kernel)) and torch.nn.functional's convolutions."""
from __future__ import annotations

import math

from ... import devices
from ...errors import TorchValueError
from .. import functional as F
from .. import init
from .linear import empty_weight_and_bias
from .module import Module, own_init


def _ntuple(value, n: int) -> tuple:
    if isinstance(value, (tuple, list)):
        return tuple(value)
    return (value,) * n


class _ConvNd(Module):
    _dims = 0
    _transposed = False

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0,
                 dilation=1, groups: int = 1, bias: bool = True, padding_mode: str = "zeros",
                 device=None, dtype=None):
        super().__init__()
        devices.check(device, meta=True, kernel="aten::empty.memory_format")
        if groups <= 0:
            raise TorchValueError("groups must be a positive integer")
        if in_channels % groups != 0:
            raise TorchValueError("in_channels must be divisible by groups")
        if out_channels % groups != 0:
            raise TorchValueError("out_channels must be divisible by groups")
        modes = {"zeros", "reflect", "replicate", "circular"}   # printed as PyTorch's set
        if padding_mode not in modes:
            raise TorchValueError(f"padding_mode must be one of {modes}, but got "
                                  f"padding_mode='{padding_mode}'")
        n = self._dims
        if isinstance(padding, str):
            valid = {"same", "valid"}                # printed as PyTorch prints its set
            if padding not in valid:
                raise TorchValueError(f"Invalid padding string {padding!r}, should be one of "
                                      f"{valid}")
            if padding == "same" and any(s != 1 for s in _ntuple(stride, n)):
                raise TorchValueError("padding='same' is not supported for strided "
                                      "convolutions")
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size = _ntuple(kernel_size, n)
        self.stride = _ntuple(stride, n)
        self.padding = padding if isinstance(padding, str) else _ntuple(padding, n)
        self.dilation = _ntuple(dilation, n)
        self.output_padding = (0,) * n            # a transposed convolution's, set after
        self.groups = groups
        self.padding_mode = padding_mode
        shape = (in_channels, out_channels // groups) if self._transposed else \
            (out_channels, in_channels // groups)
        empty_weight_and_bias(self, (*shape, *self.kernel_size), out_channels, bias, dtype,
                              device)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def extra_repr(self) -> str:
        n = self._dims
        s = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
             f"stride={self.stride}")
        if self.padding != (0,) * n:
            s += f", padding={self.padding}"
        if self.dilation != (1,) * n:
            s += f", dilation={self.dilation}"
        if self.output_padding != (0,) * n:
            s += f", output_padding={self.output_padding}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += f", padding_mode={self.padding_mode}"
        return s

    def _conv(self, input, fn):
        """fn(input, ...); with a non-zero padding_mode, PyTorch pads the input with F.pad
        in that mode first and convolves unpadded."""
        if self.padding_mode != "zeros":
            return fn(F.pad(input, self._pad_amounts(), mode=self.padding_mode), self.weight,
                      self.bias, self.stride, 0, self.dilation, self.groups)
        return fn(input, self.weight, self.bias, self.stride, self.padding, self.dilation,
                  self.groups)

    def _pad_amounts(self) -> list:
        """PyTorch's _reversed_padding_repeated_twice: (left, right) per dim, last dim
        first; 'same' splits d*(k-1) with the extra one on the right."""
        amounts = []
        for i in reversed(range(self._dims)):
            if self.padding == "valid":
                amounts += [0, 0]
            elif self.padding == "same":
                total = self.dilation[i] * (self.kernel_size[i] - 1)
                amounts += [total // 2, total - total // 2]
            else:
                amounts += [self.padding[i]] * 2
        return amounts


@own_init
class Conv1d(_ConvNd):
    """Conv1d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
    groups=1, bias=True) over (N, C, L) inputs"""

    _dims = 1

    def forward(self, input):
        return self._conv(input, F.conv1d)


@own_init
class Conv2d(_ConvNd):
    """Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
    groups=1, bias=True) over (N, C, H, W) inputs"""

    _dims = 2

    def forward(self, input):
        return self._conv(input, F.conv2d)


@own_init
class Conv3d(_ConvNd):
    """Conv3d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
    groups=1, bias=True) over (N, C, D, H, W) inputs"""

    _dims = 3

    def forward(self, input):
        return self._conv(input, F.conv3d)


class _ConvTransposeNd(_ConvNd):
    _transposed = True

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0,
                 output_padding=0, groups: int = 1, bias: bool = True, dilation=1,
                 padding_mode: str = "zeros", device=None, dtype=None):
        if padding_mode != "zeros":
            raise TorchValueError(f'Only "zeros" padding mode is supported for '
                                  f'{type(self).__name__}')
        if isinstance(padding, str):       # PyTorch's _pair('same') is ('s', 'a', 'm', 'e')
            padding = tuple(padding)
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation,
                         groups, bias, padding_mode, device, dtype)
        self.output_padding = _ntuple(output_padding, self._dims)

    def _output_padding(self, input, output_size) -> list:
        """PyTorch's: the output_padding that gives `output_size` (checked against the sizes
        this stride allows), or the module's own."""
        n = self._dims
        if output_size is None:
            return list(self.output_padding)
        lead = 2 if input.dim() == n + 2 else 1
        if len(output_size) == lead + n:
            output_size = output_size[lead:]
        if len(output_size) != n:
            raise TorchValueError(f"ConvTranspose{n}D: for {input.dim()}D input, output_size "
                                  f"must have {n} or {lead + n} elements (got "
                                  f"{len(output_size)})")
        mins = [(input.size(d + lead) - 1) * self.stride[d] - 2 * self.padding[d]
                + self.dilation[d] * (self.kernel_size[d] - 1) + 1 for d in range(n)]
        maxs = [mins[d] + self.stride[d] - 1 for d in range(n)]
        for d in range(n):
            if not mins[d] <= output_size[d] <= maxs[d]:
                raise TorchValueError(f"requested an output size of {output_size}, but valid "
                                      f"sizes range from {mins} to {maxs} (for an input of "
                                      f"{input.size()[2:]})")
        return [output_size[d] - mins[d] for d in range(n)]

    def _conv_t(self, input, output_size, fn):
        output_padding = self._output_padding(input, output_size)
        return fn(input, self.weight, self.bias, self.stride, self.padding, output_padding,
                  self.groups, self.dilation)


@own_init
class ConvTranspose1d(_ConvTransposeNd):
    """ConvTranspose1d(in_channels, out_channels, kernel_size, stride=1, padding=0,
    output_padding=0, groups=1, bias=True, dilation=1) over (N, C, L) inputs"""

    _dims = 1

    def forward(self, input, output_size=None):
        return self._conv_t(input, output_size, F.conv_transpose1d)


@own_init
class ConvTranspose2d(_ConvTransposeNd):
    """ConvTranspose2d(in_channels, out_channels, kernel_size, stride=1, padding=0,
    output_padding=0, groups=1, bias=True, dilation=1) over (N, C, H, W) inputs"""

    _dims = 2

    def forward(self, input, output_size=None):
        return self._conv_t(input, output_size, F.conv_transpose2d)


@own_init
class ConvTranspose3d(_ConvTransposeNd):
    """ConvTranspose3d(in_channels, out_channels, kernel_size, stride=1, padding=0,
    output_padding=0, groups=1, bias=True, dilation=1) over (N, C, D, H, W) inputs"""

    _dims = 3

    def forward(self, input, output_size=None):
        return self._conv_t(input, output_size, F.conv_transpose3d)
