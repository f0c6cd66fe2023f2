"""torch.nn.functional's transposed convolutions (conv_transpose1d, conv_transpose2d): the
adjoint of a convolution with respect to its input, plus a bias.

The forward writes W^T x back into windows with `Col2ImBackward0` (ops/nn.py); the backward
reads windows of the gradient with `Im2ColBackward0`, so it has gradients of every order.
PyTorch records these as `ConvolutionBackward0`, the node of every convolution; this module's
node has that name too. 1-D inputs are computed (and checked, with PyTorch's 2-D texts) with a
height of 1, as PyTorch does.
"""
from __future__ import annotations

import numpy as np

from ..errors import TorchIndexError, TorchNotImplementedError, TorchRuntimeError
from .core import apply, wrap
from .linalg import matmul
from .nn import (Col2ImBackward0, ConvNode, Im2ColBackward0, _col2im, _tuple,
                 check_empty_input, check_weight_groups,
                 check_kernel_types, conv_constants, uses_mkldnn)
from .registry import category, fixed, register
from .shape import _shape_str
from .unary import check_tensor

category("convolution")

_BOTH = ("torch", "functional")


class ConvolutionBackward0(ConvNode):
    """d conv_transpose(x, w, b): dx = W cols(g), dw = sum_n x cols(g)^T, db = sum of g"""

    input_format, format_from = (4,), "any"     # input or weight channels-last

    def forward(self, x, w, b):
        if x.ndim == 3:                       # 1-D: a height of 1
            return self.forward(x[:, :, None], w[:, :, None], b)[:, :, 0]
        n, ci = x.shape[:2]
        gr, size = self.groups, self.out_shape
        co = w.shape[1] * gr
        kk, length = int(np.prod(w.shape[2:])), int(np.prod(x.shape[2:]))
        xm = x.reshape(n, gr, ci // gr, length)     # sizes spelled out: an empty batch too
        wm = w.reshape(gr, ci // gr, w.shape[1] * kk)
        cols = np.matmul(wm.transpose(0, 2, 1), xm).reshape(n, co, kk, length)
        out = _col2im(cols, (n, co) + size, self.geo)
        if self.has_b:
            out += b.reshape(co, 1, 1)
        return out

    def grads(self, g, x, w, needs):
        (xs, _), (ws, _) = self._in_meta[0], self._in_meta[1]
        n, ci, gr = xs[0], xs[1], self.groups
        length = int(np.prod(xs[2:]))
        g4 = g.unsqueeze(2) if len(xs) == 3 else g
        cols = apply(Im2ColBackward0, (g4,), geo=self.geo)      # (N, Co, k, L)
        rows = int(np.prod(ws[1:]))
        cols = cols.reshape(n, gr, rows, length)
        gx = gw = gb = None
        if needs[0]:
            wm = w.reshape(gr, ci // gr, rows)
            gx = matmul(wm, cols).reshape(xs)
        if needs[1]:
            xm = x.reshape(n, gr, ci // gr, length)
            gw = matmul(xm, cols.transpose(-1, -2)).sum(0).reshape(ws)
        if needs[2]:
            gb = g.sum((0,) + tuple(range(2, len(xs))))
        return gx, gw, gb


def _checks(x, w, b, stride, padding, out_pad, dilation, groups):
    """PyTorch's checks of a transposed convolution's arguments (2-D terms), in its order."""
    xs, ws = x._data.shape, w._data.shape
    if any(v < 0 for v in padding):
        raise TorchRuntimeError("negative padding is not supported")
    if any(v < 0 for v in out_pad):
        raise TorchRuntimeError("negative output_padding is not supported")
    if any(v <= 0 for v in stride):
        raise TorchRuntimeError("non-positive stride is not supported")
    if groups <= 0:
        raise TorchRuntimeError("non-positive groups is not supported")
    if len(ws) != len(xs):
        raise TorchRuntimeError(f"Expected {len(ws)}-dimensional input for {len(ws)}-dimensional "
                                f"weight {_shape_str(ws)}, but got {len(xs)}-dimensional input "
                                f"of size {_shape_str(xs)} instead")
    check_weight_groups(ws, groups)
    if xs[1] != ws[0]:
        raise TorchRuntimeError(f"Given transposed=1, weight of size {_shape_str(ws)}, "
                                f"expected input{_shape_str(xs)} to have {ws[0]} channels, but "
                                f"got {xs[1]} channels instead")
    co = ws[1] * groups
    if b is not None and (b._data.ndim != 1 or b._data.shape[0] != co):
        raise TorchRuntimeError(f"Given transposed=1, weight of size {_shape_str(ws)}, expected "
                                f"bias to be 1-dimensional with {co} elements, but got bias of "
                                f"size {_shape_str(b.shape)} instead")


def kernel_checks(x, w, b, groups, size, stride, out_pad, dilation, out):
    """slow_conv_transpose2d's and 3d's shape checks (a 1-D one in 2-D terms), their texts
    naming the height and width (and depth) of each value."""
    names = ("depth", "height", "width")[-len(stride):]
    check_empty_input(x._data.shape)
    if not x._data.shape[0] and not w._data.size:       # the Empty backend's weight_view[0]
        raise TorchIndexError("select(): index 0 out of range for tensor of size [0] at "
                              "dimension 0")

    def each(what, values, sep):
        return sep.join(f"{what}_{n}: {v}" for n, v in zip(names, values))
    if any(v <= 0 for v in dilation):
        raise TorchRuntimeError(f"dilation should be greater than zero, but got "
                                f"{each('dilation', dilation, ', ')}")
    if any(op >= s and op >= d for op, s, d in zip(out_pad, stride, dilation)):
        raise TorchRuntimeError(
            f"output padding must be smaller than either stride or dilation, but got "
            f"{each('output_padding', out_pad, ' ')} {each('stride', stride, ' ')} "
            f"{each('dilation', dilation, ' ')}")
    check_kernel_types(x, w, b, uses_mkldnn(x, w, groups, stride, dilation, out_pad))
    if any(v < 1 for v in out):
        raise TorchRuntimeError(f"Given input size per channel: ({' x '.join(map(str, size))})."
                                f" Calculated output size per channel: "
                                f"({' x '.join(map(str, out))}). Output size is too small")
    if x._data.dtype.kind in "biu" and x._data.dtype != np.int64:     # its kernel's types
        raise TorchNotImplementedError(f"\"slow_conv_transpose{len(stride)}d_out_cpu\" not "
                                       f"implemented for '{x.dtype.legacy}'")


def _conv_t(name, nd, input, weight, bias, stride, padding, output_padding, groups, dilation):
    x = check_tensor(input, name)
    w = check_tensor(weight, name, "weight", 2)
    if x._data.ndim not in (nd + 1, nd + 2):
        raise TorchRuntimeError(f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input "
                                f"to {name}, but got input of size: {_shape_str(x.shape)}")
    if x._data.ndim == nd + 1:
        return _conv_t(name, nd, x.unsqueeze(0), w, bias, stride, padding, output_padding,
                       groups, dilation).squeeze(0)
    if w._data.ndim < 3:
        raise TorchRuntimeError("weight should have at least three dimensions")
    given = {"stride": stride, "padding": padding, "dilation": dilation,
             "output_padding": output_padding}
    for key, v in given.items():
        listed = [int(i) for i in v] if isinstance(v, (list, tuple)) else [int(v)] * nd
        if len(listed) != 1 and len(listed) != w._data.ndim - 2:
            raise TorchRuntimeError(f"expected {key} to be a single integer value or a list of "
                                    f"{w._data.ndim - 2} values to match the convolution "
                                    f"dimensions, but got {key}={listed}")
    args = [_tuple(v, nd) for v in (stride, padding, output_padding, dilation)]
    b = None if bias is None else check_tensor(bias, name, "bias", 3)
    given = conv_constants(args[0], args[1], args[3], args[2], b, True)
    if nd == 1:                               # as PyTorch: a height of 1, checked in 2-D
        args = [(d,) + a for d, a in zip((1, 0, 0, 1), args)]
    stride, padding, out_pad, dilation = args
    _checks(x, w, b, stride, padding, out_pad, dilation, groups)
    k = (1,) * (2 - nd) + w._data.shape[2:]
    size = (1,) * (2 - nd) + x._data.shape[2:]
    out = tuple((size[i] - 1) * stride[i] - 2 * padding[i] + dilation[i] * (k[i] - 1)
                + out_pad[i] + 1 for i in range(2))
    kernel_checks(x, w, b, groups, size, stride, out_pad, dilation, out)
    geo = (k, stride, tuple((p, p) for p in padding), dilation, size)
    bt = b if b is not None else wrap(np.zeros((w._data.shape[1] * groups,),
                                               dtype=w._data.dtype))
    return apply(ConvolutionBackward0, (x, w, bt), geo=geo, groups=int(groups),
                 out_shape=out, has_b=b is not None, as_given=given)


@register("conv_transpose1d", grad_fn="ConvolutionBackward0", namespaces=_BOTH, sample=fixed(
    (((2, 2, 4), (2, 3, 2), (3,)), {}),
    (((1, 4, 3), (4, 1, 3)), {"stride": 2, "padding": 1, "output_padding": 1, "groups": 2}),
    (((2, 3), (2, 2, 2), (2,)), {"dilation": 2, "stride": 3, "output_padding": 2})))
def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0,
                     groups=1, dilation=1):
    """1-D transposed convolution (the adjoint of conv1d in x, plus b): d/dx = W cols(g),
    d/dw = x cols(g)^T, d/db = sum of g"""
    return _conv_t("conv_transpose1d", 1, input, weight, bias, stride, padding, output_padding,
                   groups, dilation)


@register("conv_transpose2d", grad_fn="ConvolutionBackward0", namespaces=_BOTH, sample=fixed(
    (((1, 2, 3, 3), (2, 2, 2, 2), (2,)), {}),
    (((1, 2, 3, 2), (2, 2, 2, 3)), {"stride": (2, 1), "padding": (1, 0), "groups": 2,
                                    "output_padding": (1, 0)}),
    (((2, 2, 3), (2, 1, 2, 2), (1,)), {"dilation": (1, 2), "stride": 2})))
def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0,
                     groups=1, dilation=1):
    """2-D transposed convolution (the adjoint of conv2d in x, plus b): d/dx = W cols(g),
    d/dw = x cols(g)^T, d/db = sum of g"""
    return _conv_t("conv_transpose2d", 2, input, weight, bias, stride, padding, output_padding,
                   groups, dilation)
