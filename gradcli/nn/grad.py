"""torch.nn.grad: a convolution's gradient with respect to its input or its weight, as
functions (`conv2d_input(input_size, weight, grad_output, ...)`, `conv2d_weight(input,
weight_size, grad_output, ...)`, and the 1-d and 3-d ones).

PyTorch computes them with convolution_backward; here the convolution runs on zeros of the
missing operand's size and autograd takes its gradient with grad_output (a convolution is
linear in each operand, so the zeros do not matter): the same values, and, when an operand
requires grad in grad mode, a result that is differentiable in it
(`ConvolutionBackwardBackward0`, as PyTorch's)."""
from __future__ import annotations

from ..autograd.grad_mode import enable_grad, is_grad_enabled
from ..ops import creation
from . import functional as F

PUBLIC = ("conv1d_input", "conv1d_weight", "conv2d_input", "conv2d_weight", "conv3d_input",
          "conv3d_weight")
_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}


def _gradient(nd: int, x, w, grad_output, which: int, stride, padding, dilation, groups):
    """The gradient of conv{nd}d(x, w) with grad_output, in x (which 0) or in w (which 1),
    the other one given."""
    from ..autograd.engine import grad
    known = w if which == 0 else x
    create = is_grad_enabled() and (known.requires_grad or grad_output.requires_grad)
    with enable_grad():
        y = _CONV[nd](x, w, None, stride, padding, dilation, groups)
        return grad(y, (x, w)[which], grad_output, create_graph=create)[0]


def _zeros(size, like):
    return creation.zeros(tuple(size), dtype=like.dtype, requires_grad=True)


def _input(nd: int):
    def conv_input(input_size, weight, grad_output, stride=1, padding=0, dilation=1,
                   groups=1):
        return _gradient(nd, _zeros(input_size, grad_output), weight, grad_output, 0,
                         stride, padding, dilation, groups)
    conv_input.__name__ = conv_input.__qualname__ = f"conv{nd}d_input"
    conv_input.__doc__ = (f"The gradient of conv{nd}d with respect to its input (of "
                          f"input_size), given its weight and grad_output.")
    return conv_input


def _weight(nd: int):
    def conv_weight(input, weight_size, grad_output, stride=1, padding=0, dilation=1,
                    groups=1):
        return _gradient(nd, input, _zeros(weight_size, grad_output), grad_output, 1,
                         stride, padding, dilation, groups)
    conv_weight.__name__ = conv_weight.__qualname__ = f"conv{nd}d_weight"
    conv_weight.__doc__ = (f"The gradient of conv{nd}d with respect to its weight (of "
                           f"weight_size), given its input and grad_output.")
    return conv_weight


conv1d_input, conv2d_input, conv3d_input = _input(1), _input(2), _input(3)
conv1d_weight, conv2d_weight, conv3d_weight = _weight(1), _weight(2), _weight(3)
