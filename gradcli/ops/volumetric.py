"""torch.nn.functional's 3-D convolution, transposed convolution and pooling (conv3d,
conv_transpose3d, max_pool3d, adaptive_max_pool3d, max_unpool3d, avg_pool3d, lp_pool3d):
windows of a (N, C, D, H, W) input read as columns and written back, for any number of
spatial dims.

`Im2ColNdBackward0` reads each output position's window as a column (a strided view, copied)
and `Col2ImNdBackward0` adds columns back into windows (a loop over kernel positions only);
each is the other's backward, so the convolution has gradients of every order. PyTorch has
no node of its own for these internal steps; they only show in a second-order graph.
"""
from __future__ import annotations

import itertools

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ..autograd.graph import Node
from ..autograd.hooks import one_cpp_call
from ..errors import TorchNotImplementedError, TorchRuntimeError, TorchValueError
from .convtranspose import kernel_checks
from .core import _const, apply, float_kernel, wrap
from .fused import linear_backward
from .linalg import matmul
from .nn import (ConvNode, MaxPoolNode, _argmax_last_nan, _as_passed, _conv_checks, _double,
                 _nonempty, _output_shape_checks, _pool_out, _same_padding, _tuple,
                 check_bias_type, check_pool_output, check_same_scalar_type,
                 conv_constants, conv_param, conv_params, empty_channels, given_indices,
                 laid_out_like, list_with_default, recorded_indices, uses_mkldnn,
                 window_argmax)
from .registry import category, fixed, register
from .shape import _shape_str
from .unary import check_tensor

category("convolution")

_BOTH = ("torch", "functional")


# geo = (kernel, stride, pads, dilation, out): tuples of one entry per spatial dim, pads
# (before, after) pairs

def im2col_nd(x: np.ndarray, geo, fill=0.0) -> np.ndarray:
    """(N, C, *S) -> (N, C, prod(kernel), prod(out)): each output position's window."""
    k, s, p, d, out = geo
    if any(a or b for a, b in p):
        x = np.pad(x, ((0, 0), (0, 0)) + tuple(p), constant_values=fill)
    n, c = x.shape[:2]
    st = x.strides[2:]
    v = as_strided(x, (n, c) + tuple(k) + tuple(out),
                   x.strides[:2] + tuple(a * b for a, b in zip(st, d))
                   + tuple(a * b for a, b in zip(st, s)), writeable=False)
    return v.reshape(n, c, int(np.prod(k)), int(np.prod(out)))


def col2im_nd(cols: np.ndarray, shape, geo) -> np.ndarray:
    """The adjoint of im2col_nd: columns added back into an (N, C, *S) array."""
    k, s, p, d, out = geo
    n, c = shape[:2]
    acc = np.zeros((n, c) + tuple(v + a + b for v, (a, b) in zip(shape[2:], p)),
                   dtype=cols.dtype)
    cols = cols.reshape((n, c) + tuple(k) + tuple(out))
    for pos in itertools.product(*(range(v) for v in k)):
        where = tuple(slice(i * dd, i * dd + ss * (o - 1) + 1, ss)
                      for i, dd, ss, o in zip(pos, d, s, out))
        acc[(slice(None), slice(None)) + where] += cols[(slice(None), slice(None)) + pos]
    inner = tuple(slice(a, a + v) for (a, _), v in zip(p, shape[2:]))
    return np.ascontiguousarray(acc[(slice(None), slice(None)) + inner])


class Im2ColNdBackward0(Node):
    """d im2col(x) = col2im(g)"""

    def forward(self, x):
        return im2col_nd(x, self.geo)

    def backward(self, g):
        return apply(Col2ImNdBackward0, (g,), geo=self.geo, shape=self._in_meta[0][0])


class Col2ImNdBackward0(Node):
    """d col2im(c) = im2col(g)"""

    def forward(self, c):
        return col2im_nd(c, self.shape, self.geo)

    def backward(self, g):
        return apply(Im2ColNdBackward0, (g,), geo=self.geo)


class ConvolutionBackward0(ConvNode):
    """d conv3d(x, w, b): dx = col2im(W^T g), dw = sum_n g cols(x)^T, db = sum of g"""

    def forward(self, x, w, b):
        n, o, gr = x.shape[0], w.shape[0], self.groups
        cols = im2col_nd(x, self.geo)
        rows = int(np.prod(w.shape[1:]))       # sizes spelled out: an empty batch reshapes too
        cols = cols.reshape(n, gr, rows, cols.shape[-1])
        out = np.matmul(w.reshape(gr, o // gr, rows), cols).reshape((n, o) + self.geo[4])
        if self.has_b:
            out += b.reshape((o,) + (1,) * (x.ndim - 2))
        return out

    def grads(self, g, x, w, needs):
        (xs, _), (ws, _) = self._in_meta[0], self._in_meta[1]
        n, o, gr = xs[0], ws[0], self.groups
        length = int(np.prod(self.geo[4]))
        gm = g.reshape(n, gr, o // gr, length)
        gx = gw = gb = None
        rows = int(np.prod(ws[1:]))
        if needs[0]:
            gcols = matmul(w.reshape(gr, o // gr, rows).transpose(-1, -2), gm)
            gcols = gcols.reshape(n, xs[1], int(np.prod(ws[2:])), length)
            gx = apply(Col2ImNdBackward0, (gcols,), geo=self.geo, shape=xs)
        if needs[1]:
            cols = apply(Im2ColNdBackward0, (x,), geo=self.geo).reshape(n, gr, rows, length)
            gw = matmul(gm, cols.transpose(-1, -2)).sum(0).reshape(ws)
        if needs[2]:
            gb = g.sum((0,) + tuple(range(2, len(xs))))
        return gx, gw, gb


class MkldnnConvolutionBackward(ConvolutionBackward0):
    """conv3d as oneDNN computes it (a float32 input, ATen's use_mkldnn): its result
    channels-last when the input or the weight is (the slow kernel's is contiguous)."""

    input_format, format_from = (5,), "any"


MkldnnConvolutionBackward.__name__ = MkldnnConvolutionBackward.__qualname__ = \
    "ConvolutionBackward0"


@register("conv3d", grad_fn="ConvolutionBackward0", namespaces=_BOTH, sample=fixed(
    (((1, 2, 3, 3, 3), (2, 2, 2, 2, 2), (2,)), {}),
    (((1, 2, 4, 3, 4), (2, 1, 2, 1, 2)), {"stride": (2, 1, 1), "padding": 1, "groups": 2}),
    (((2, 3, 2, 3), (1, 2, 2, 2, 1)), {"dilation": (1, 2, 1), "padding": "same"})))
@one_cpp_call
def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """3-D cross-correlation: d/dx = col2im(W^T g), d/dw = g cols(x)^T, d/db = sum of g"""
    return _conv3d(input, weight, bias, stride, padding, dilation, groups)


def _conv3d(input, weight, bias, stride, padding, dilation, groups):
    x = check_tensor(input, "conv3d")
    w = check_tensor(weight, "conv3d", "weight", 2)
    b = None if bias is None else check_tensor(bias, "conv3d", "bias", 3)
    if b is not None and not isinstance(padding, str):   # not checked by the padding='same' path
        check_bias_type(x, b)
    if x._data.ndim not in (4, 5):
        raise TorchRuntimeError(f"Expected 4D (unbatched) or 5D (batched) input to conv3d, but "
                                f"got input of size: {_shape_str(x.shape)}")
    if x._data.ndim == 4:
        return _conv3d(x.unsqueeze(0), w, bias, stride, padding, dilation, groups).squeeze(0)
    given = stride, dilation
    stride, dilation = _tuple(stride, 3), _tuple(dilation, 3)
    if isinstance(padding, str):
        if padding == "valid":
            padding = 0
        elif padding != "same":
            raise TorchRuntimeError(f"Invalid padding string: '{padding}'")
        else:
            if any(s != 1 for s in stride):
                raise TorchRuntimeError("padding='same' is not supported for strided "
                                        "convolutions")
            x, padding = _same_padding(x, w, 3, dilation)
    stride, padding, dilation = conv_params(w, given[0], padding, given[1], 3)
    _conv_checks(x, w, b, 3, stride, padding, dilation, groups)
    k, size = w._data.shape[2:], x._data.shape[2:]
    out = tuple((size[i] + 2 * padding[i] - dilation[i] * (k[i] - 1) - 1) // stride[i] + 1
                for i in range(3))
    if not x._data.shape[1]:
        return empty_channels(x, w, b, out)
    bt = b if b is not None else wrap(np.zeros((w._data.shape[0],), dtype=w._data.dtype))
    geo = (tuple(k), stride, tuple((v, v) for v in padding), dilation, out)
    cls = MkldnnConvolutionBackward if uses_mkldnn(x, w, groups, stride, dilation) else \
        ConvolutionBackward0
    return apply(cls, (x, w, bt), geo=geo, groups=int(groups),
                 has_b=b is not None,
                 as_given=conv_constants(stride, padding, dilation, (0,) * 3, b))


class ConvTransposeNdBackward(ConvNode):
    """d conv_transpose3d(x, w, b): dx = W cols(g), dw = sum_n x cols(g)^T, db = sum of g
    (PyTorch's node is ConvolutionBackward0, the name set below)"""

    def forward(self, x, w, b):
        n, ci, gr = x.shape[0], x.shape[1], self.groups
        co = w.shape[1] * gr
        kk, length = int(np.prod(w.shape[2:])), int(np.prod(x.shape[2:]))
        xm = x.reshape(n, gr, ci // gr, length)     # sizes spelled out: an empty batch too
        cols = np.matmul(w.reshape(gr, ci // gr, w.shape[1] * kk).transpose(0, 2, 1), xm)
        out = col2im_nd(cols.reshape(n, co, kk, length), (n, co) + self.out_shape, self.geo)
        if self.has_b:
            out += b.reshape((co,) + (1,) * (x.ndim - 2))
        return out

    def grads(self, g, x, w, needs):
        (xs, _), (ws, _) = self._in_meta[0], self._in_meta[1]
        n, ci, gr = xs[0], xs[1], self.groups
        length = int(np.prod(xs[2:]))
        rows = int(np.prod(ws[1:]))
        cols = apply(Im2ColNdBackward0, (g,), geo=self.geo).reshape(n, gr, rows, length)
        gx = gw = gb = None
        if needs[0]:
            gx = matmul(w.reshape(gr, ci // gr, rows), cols).reshape(xs)
        if needs[1]:
            xm = x.reshape(n, gr, ci // gr, length)
            gw = matmul(xm, cols.transpose(-1, -2)).sum(0).reshape(ws)
        if needs[2]:
            gb = g.sum((0,) + tuple(range(2, len(xs))))
        return gx, gw, gb


ConvTransposeNdBackward.__name__ = ConvTransposeNdBackward.__qualname__ = "ConvolutionBackward0"


class MkldnnConvTransposeNdBackward(ConvTransposeNdBackward):
    """conv_transpose3d as oneDNN computes it (see MkldnnConvolutionBackward)."""

    input_format, format_from = (5,), "any"


MkldnnConvTransposeNdBackward.__name__ = MkldnnConvTransposeNdBackward.__qualname__ = \
    "ConvolutionBackward0"


@register("conv_transpose3d", grad_fn="ConvolutionBackward0", namespaces=_BOTH, sample=fixed(
    (((1, 2, 2, 3, 2), (2, 2, 2, 2, 2), (2,)), {}),
    (((1, 2, 2, 2, 3), (2, 1, 2, 1, 2)), {"stride": (2, 1, 2), "padding": (1, 0, 1),
                                          "output_padding": (1, 0, 0), "groups": 2}),
    (((2, 2, 2, 2), (2, 1, 1, 2, 2), (1,)), {"dilation": (1, 2, 1), "stride": 2})))
def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0,
                     groups=1, dilation=1):
    """3-D transposed convolution (the adjoint of conv3d in x, plus b): d/dx = W cols(g),
    d/dw = x cols(g)^T, d/db = sum of g"""
    from .convtranspose import _checks
    x = check_tensor(input, "conv_transpose3d")
    w = check_tensor(weight, "conv_transpose3d", "weight", 2)
    if x._data.ndim not in (4, 5):
        raise TorchRuntimeError(f"Expected 4D (unbatched) or 5D (batched) input to "
                                f"conv_transpose3d, but got input of size: "
                                f"{_shape_str(x.shape)}")
    if x._data.ndim == 4:
        return conv_transpose3d(x.unsqueeze(0), w, bias, stride, padding, output_padding,
                                groups, dilation).squeeze(0)
    if w._data.ndim < 3:
        raise TorchRuntimeError("weight should have at least three dimensions")
    given = (("stride", stride), ("padding", padding), ("output_padding", output_padding),
             ("dilation", dilation))
    stride, padding, out_pad, dilation = (conv_param(key, v, w._data.ndim - 2, 3)
                                          for key, v in given)
    b = None if bias is None else check_tensor(bias, "conv_transpose3d", "bias", 3)
    _checks(x, w, b, stride, padding, out_pad, dilation, groups)
    k, size = w._data.shape[2:], x._data.shape[2:]
    out = tuple((size[i] - 1) * stride[i] - 2 * padding[i] + dilation[i] * (k[i] - 1)
                + out_pad[i] + 1 for i in range(3))
    kernel_checks(x, w, b, groups, size, stride, out_pad, dilation, out)
    if b is not None:                                 # slow_conv_transpose3d's (2d has none)
        check_same_scalar_type(x, b)
    geo = (tuple(k), stride, tuple((p, p) for p in padding), dilation, tuple(size))
    bt = b if b is not None else wrap(np.zeros((w._data.shape[1] * groups,),
                                               dtype=w._data.dtype))
    cls = MkldnnConvTransposeNdBackward if uses_mkldnn(x, w, groups, stride, dilation,
                                                       out_pad) else ConvTransposeNdBackward
    return apply(cls, (x, w, bt), geo=geo, groups=int(groups),
                 out_shape=out, has_b=b is not None,
                 as_given=conv_constants(stride, padding, dilation, out_pad, b, True))


# -- pooling --------------------------------------------------------------------------------

category("pooling")


def _triple(name, what, v, omitted_ok=False):
    """PyTorch's argument parsing for a 3-D pool: an int or a tuple of three."""
    if v is None or (omitted_ok and isinstance(v, (list, tuple)) and not v):
        return None
    if isinstance(v, (list, tuple)):
        if len(v) == 1:
            return (int(v[0]),) * 3
        if len(v) == 3:
            return tuple(int(i) for i in v)
        raise TorchRuntimeError(f"{name}: {what}")
    return (int(v),) * 3


def _pool_geo(x, k, s, p, d, ceil_mode):
    """Output sizes (PyTorch's pooling_output_shape, with its checks) and the window geometry,
    the extra padding after each dim that ceil_mode needs included."""
    for i in range(3):
        _output_shape_checks(k[i], s[i], p[i], d[i])
    size = x._data.shape[-3:]
    out = tuple(_pool_out(size[i], k[i], s[i], p[i], d[i], ceil_mode) for i in range(3))
    pads = tuple((p[i], max(0, (out[i] - 1) * s[i] + d[i] * (k[i] - 1) + 1 - size[i] - p[i]))
                 for i in range(3))
    return k, s, pads, d, out


def _shape_check(name, x, geo, avg=False):
    """PyTorch's pool3d_shape_check, in its order."""
    k, s, pads, d, out = geo
    p = [before for before, _ in pads]
    checks = (("kernel size", ("kT", "kH", "kW"), k), ("stride", ("dT", "dH", "dW"), s),
              ("dilation", ("dilationT", "dilationH", "dilationW"), d))
    for what, names, v in checks:
        if min(v) <= 0:
            got = " ".join(f"{a}: {b}" for a, b in zip(names, v))
            raise TorchRuntimeError(f"{what} should be greater than zero, but got {got}")
    shape = x._data.shape
    for i, n in enumerate(shape):
        if (len(shape) == 4 or i > 0) and n == 0:
            raise TorchRuntimeError(f"{name}(): Expected input's non-batch dimensions to have "
                                    f"positive length, but input has a shape of {list(shape)} "
                                    f"and non-batch dimension {n} has length zero!")
    t, h, w = shape[-3:]
    if avg and (t < k[0] or h < k[1] or w < k[2]):
        raise TorchRuntimeError(f"input image (T: {t} H: {h} W: {w}) smaller than kernel size "
                                f"(kT: {k[0]} kH: {k[1]} kW: {k[2]})")
    if k[0] // 2 < p[0] or k[2] // 2 < p[2] or k[1] // 2 < p[1]:
        raise TorchRuntimeError(f"pad should be smaller than or equal to half of kernel size, "
                                f"but got kT: {k[0]} kW: {k[2]} kH: {k[1]} padT: {p[0]} "
                                f"padW: {p[2]} padH: {p[1]}")
    if min(out) < 1:
        c = shape[-4]
        raise TorchRuntimeError(f"Given input size: ({c}x{t}x{h}x{w}). Calculated output size: "
                                f"({c}x{out[0]}x{out[1]}x{out[2]}). Output size is too small")


def _batched_nd(node_forward):
    """Run a pooling kernel written for (N, C, D, H, W) on an unbatched (C, D, H, W) array too
    (PyTorch's kernels take both, so the node is the pooling node either way)."""
    def forward(self, x):
        if x.ndim == 5:
            return node_forward(self, x)
        out = node_forward(self, x[None])
        if self._extra is not None and getattr(self._extra, "ndim", 0) == 5:
            self._extra = self._extra[0]
        return out[0]
    return forward


def _max_forward(self, x):
    n, c = x.shape[:2]
    k, s, pads, d, out = self.geo
    cols = im2col_nd(x, self.geo, fill=-np.inf)
    padded = any(a or b for a, b in pads)
    valid = im2col_nd(np.ones((1, 1) + x.shape[2:], np.uint8), self.geo) if padded else None
    arg = window_argmax(cols, valid)[:, :, None]
    values = np.take_along_axis(cols, arg, 2)[:, :, 0]
    kpos = np.unravel_index(arg[:, :, 0], k)
    opos = np.unravel_index(np.arange(int(np.prod(out))), out)
    src = [opos[i] * s[i] - pads[i][0] + kpos[i] * d[i] for i in range(3)]
    flat = np.ravel_multi_index(src, x.shape[2:])
    self._extra = flat.astype(np.int64).reshape((n, c) + out)
    return values.reshape((n, c) + out)


class MaxPool3DWithIndicesBackward0(MaxPoolNode):
    """d max_pool3d(x) = g added into zeros at the position of each window's maximum"""

    input_format = (5,)
    _extra = None
    nd = 3
    double = _double("MaxPool3DWithIndicesBackwardBackward0")
    forward = _batched_nd(_max_forward)


@register("max_pool3d", grad_fn="MaxPool3DWithIndicesBackward0", namespaces=("torch",
                                                                             "functional"),
          sample=fixed((((1, 2, 4, 4, 4), 2), {}),
                       (((2, 3, 5, 4), 3), {"stride": 2, "padding": 1}),
                       (((1, 1, 3, 5, 6), [1, 2, 3]), {"dilation": (1, 2, 1), "ceil_mode": True,
                                                       "stride": 2})))
def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """the maximum of each 3-D window: d/dx = g added at each maximum's position"""
    x = check_tensor(input, "max_pool3d")
    k = _triple("max_pool3d", "kernel_size must either be a single int, or a tuple of three "
                "ints", kernel_size)
    s = _triple("max_pool3d", "stride must either be omitted, a single int, or a tuple of three "
                "ints", stride, omitted_ok=True) or k
    p = _triple("max_pool3d", "padding must either be a single int, or a tuple of three ints",
                padding)
    d = _triple("max_pool3d", "dilation must be either a single int, or a tuple of three ints",
                dilation)
    if x._data.ndim not in (4, 5):
        raise TorchRuntimeError("non-empty 4D or 5D (batch mode) tensor expected for input")
    geo = _pool_geo(x, k, s, p, d, ceil_mode)
    _shape_check("max_pool3d_with_indices_out_cpu_template", x, geo)
    if x._data.dtype == np.bool_:
        raise TorchNotImplementedError("\"max_pool3d\" not implemented for 'Bool'")
    y = apply(MaxPool3DWithIndicesBackward0, (x,), geo=geo, as_given={
        "kernel_size": _as_passed(kernel_size, 3), "stride": _as_passed(stride, 3),
        "padding": _as_passed(padding, 3), "dilation": _as_passed(dilation, 3),
        "ceil_mode": bool(ceil_mode)})
    if not return_indices:
        return y
    idx = recorded_indices(y, x, MaxPool3DWithIndicesBackward0, geo=geo)
    return y, given_indices(y, laid_out_like(idx, x._data))


def _adaptive_max_forward(self, x):
    """Each adaptive window's maximum and its flat index in the input's (D, H, W)."""
    from .nn import _adaptive_bounds
    n, c, sizes, out = x.shape[0], x.shape[1], x.shape[2:], self.out
    bounds = [_adaptive_bounds(sizes[i], out[i]) for i in range(3)]
    vals = np.empty((n, c) + out, dtype=x.dtype)
    idx = np.empty((n, c) + out, dtype=np.int64)
    for pos in itertools.product(*(range(o) for o in out)):      # one window at a time
        lo = [int(bounds[i][0][pos[i]]) for i in range(3)]
        win = x[(slice(None), slice(None)) + tuple(
            slice(lo[i], int(bounds[i][1][pos[i]])) for i in range(3))]
        flat = win.reshape(n, c, int(np.prod(win.shape[2:])))
        arg = _argmax_last_nan(flat)
        vals[(slice(None), slice(None)) + pos] = np.take_along_axis(flat, arg[..., None], 2)[..., 0]
        local = np.unravel_index(arg, win.shape[2:])
        idx[(slice(None), slice(None)) + pos] = np.ravel_multi_index(
            [local[i] + lo[i] for i in range(3)], sizes)
    self._extra = idx
    return vals


class AdaptiveMaxPool3DBackward0(MaxPool3DWithIndicesBackward0):
    """d adaptive_max_pool3d(x) = g added into zeros at the position of each window's
    maximum"""

    input_format = ()               # ATen's adaptive_max_pool3d: a contiguous result
    double = _double("AdaptiveMaxPool3DBackwardBackward0")
    forward = _batched_nd(_adaptive_max_forward)


@register("adaptive_max_pool3d", grad_fn="AdaptiveMaxPool3DBackward0", namespaces=("functional",),
          sample=fixed((((1, 2, 3, 5, 4), [2, 2, 3]), {}), (((2, 3, 4, 3), (1, None, 2)), {})))
def adaptive_max_pool3d(input, output_size, return_indices=False):
    """maxima over windows that split D, H and W evenly: d/dx = g added at each maximum"""
    x = check_tensor(input, "adaptive_max_pool3d")
    given = list_with_default(output_size, x, "adaptive_max_pool3d")
    if x._data.ndim not in (4, 5):
        raise TorchRuntimeError(f"adaptive_max_pool3d(): Expected 4D or 5D tensor, but got: "
                                f"{_shape_str(x.shape)}")
    _nonempty(x._data.shape, range(1, x._data.ndim), "adaptive_max_pool3d", "input")
    out = tuple(given) if isinstance(given, list) else (int(given),) * 3
    if len(out) != 3:
        raise TorchRuntimeError("adaptive_max_pool3d(): internal error: output_size.size() "
                                "must be 3")
    if min(out) < 0:
        raise TorchRuntimeError(f"Trying to create tensor with negative dimension {min(out)}: "
                                f"{list(x._data.shape[:-3]) + list(out)}")
    check_pool_output(x, x._data.shape[:-3] + out, False)                # before the window loop
    float_kernel("adaptive_max_pool3d_cpu", x)
    from .nn import adaptive_max_result
    return adaptive_max_result(AdaptiveMaxPool3DBackward0, x, out, return_indices)


class MaxUnpool3DBackward0(Node):
    """d max_unpool3d(x, idx) = g read back at the indices (a gather)"""

    linear = True

    def forward(self, x):
        lead = x.shape[:-3]
        out = np.zeros(lead + (int(np.prod(self.size)),), dtype=x.dtype)
        np.put_along_axis(out, self._extra.reshape(lead + (-1,)), x.reshape(lead + (-1,)),
                          axis=len(lead))
        return out.reshape(lead + tuple(self.size))

    def backward(self, g):
        shape = self._in_meta[0][0]
        lead = tuple(shape[:-3])
        idx = wrap(self.extra.reshape(lead + (-1,)))
        return g.reshape(lead + (-1,)).gather(len(lead), idx).reshape(shape)


@register("max_unpool3d", grad_fn="MaxUnpool3DBackward0", namespaces=("functional",),
          sample=fixed((((1, 1, 2, 1, 2), np.array([[[[[0, 3]], [[9, 14]]]]]), 2), {})))
def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """zeros of the unpooled size with x written at the flat indices max_pool3d returned:
    d/dx = g at those indices"""
    from ..argparser import check_forwarded
    from .nn import _ntuple, _unpool_size
    x = check_tensor(input, "max_unpool3d")
    kernel = _ntuple(kernel_size, 3)
    stride = kernel if stride is None else _ntuple(stride, 3)
    padding = _ntuple(padding, 3)
    size = _unpool_size(x, kernel, stride, padding, output_size)
    _, _, size, stride, padding = check_forwarded("nn.max_unpool3d", x, indices, size, stride,
                                                  padding)
    if indices._data.dtype != np.int64:
        raise TorchRuntimeError("elements in indices should be type int64")
    if x._data.ndim not in (4, 5):
        raise TorchRuntimeError(f"Input to max_unpooling3d should be a 4d or 5d Tensor, but got "
                                f"a tensor with {x._data.ndim} dimensions.")
    for what, v, got in (("output_size", size, ""), ("stride", stride, ":"),
                         ("padding", padding, ":")):
        if len(v) != 3:
            raise TorchRuntimeError(f"There should be exactly three elements (depth, height, "
                                    f"width) in {what}, but got{got} {len(v)} elements.")
    if indices._data.shape != x._data.shape:
        raise TorchRuntimeError(f"Expected shape of indices to be same as that of the input "
                                f"tensor ({list(x._data.shape)}) but got indices tensor with "
                                f"shape: {list(indices._data.shape)}")
    for d in range(1, x._data.ndim):
        if x._data.shape[d] == 0:
            raise TorchRuntimeError(f"max_unpooling3d_forward_out_cpu(): Expected input to have "
                                    f"non-zero size for non-batch dimensions, but got "
                                    f"{list(x._data.shape)} with dimension {d} being empty.")
    idx = indices._data
    bad = idx[(idx < 0) | (idx >= int(np.prod(size)))]
    if bad.size and np.prod(size) and x._data.shape[0]:     # the kernel runs when it writes
        raise TorchRuntimeError(f"Found an invalid max index: {bad[-1]} (output volumes are "
                                f"of size {size[0]}x{size[1]}x{size[2]})")
    return apply(MaxUnpool3DBackward0, (x,), size=tuple(size), _extra=idx)


def _avg_divisor(size, geo, count_include_pad, divisor_override) -> np.ndarray:
    """Each output position's divisor, as PyTorch's avg_pool3d kernel counts it."""
    k, s, pads, _, out = geo
    sizes = []
    for i in range(3):
        start = np.arange(out[i]) * s[i] - pads[i][0]
        end = np.minimum(start + k[i], size[i] + pads[i][0])
        pool = end - start
        inside = np.minimum(end, size[i]) - np.maximum(start, 0)
        sizes.append(pool if count_include_pad else inside)
    div = np.einsum("i,j,k->ijk", *sizes).astype(np.float64)
    if divisor_override:
        div = np.full(div.shape, float(divisor_override))
    return div


def _avg_forward(self, x):
    n, c = x.shape[:2]
    cols = im2col_nd(x, self.geo)
    div = self._extra.reshape(-1)
    if x.dtype.kind in "iu":            # integer sums divided as C++ does, toward zero
        total = cols.sum(axis=2, dtype=np.int64)
        out = (np.sign(total) * (np.abs(total) // div.astype(np.int64))).astype(x.dtype)
    else:
        out = cols.sum(axis=2) / div
    return out.reshape((n, c) + self.geo[4])


@linear_backward("AvgPool3DBackwardBackward0")
class AvgPool3DBackward0(Node):
    """d avg_pool3d(x) = col2im(g / divisor spread over each window)"""

    linear = True           # forward AD: the op on the tangent (PyTorch's auto_linear)
    forward = _batched_nd(_avg_forward)

    def backward(self, g):
        """ATen's cpu_avg_pool3d_backward (nn.avg_pool_scatter): each output's share added
        into its window's elements, output by output in order"""
        from .nn import avg_pool_scatter
        shape = self._in_meta[0][0]
        return wrap(avg_pool_scatter((g / _const(g, self.extra))._data, shape, self.geo))


@register("avg_pool3d", grad_fn="AvgPool3DBackward0", namespaces=("functional",), sample=fixed(
    (((1, 2, 4, 4, 4), 2), {}), (((2, 5, 5, 3), 3), {"stride": 2, "padding": 1}),
    (((1, 1, 3, 5, 5), 2), {"padding": 1, "ceil_mode": True, "count_include_pad": False}),
    (((1, 1, 2, 4, 4), [1, 2, 3]), {"stride": 1, "divisor_override": 4})))
def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    """the mean of each 3-D window: d/dx = g / divisor spread back over each window"""
    x = check_tensor(input, "avg_pool3d")
    k = _triple("avg_pool3d", "kernel_size must be a single int, or a tuple of three ints",
                kernel_size)
    s = _triple("avg_pool3d", "stride must be omitted, a single int, or a tuple of three ints",
                stride, omitted_ok=True) or k
    p = _triple("avg_pool3d", "padding must be a single int, or a tuple of three ints", padding)
    if x._data.ndim not in (4, 5):
        raise TorchRuntimeError("non-empty 4D or 5D (batch mode) tensor expected for input")
    if divisor_override is not None and divisor_override == 0:
        raise TorchRuntimeError("divisor must be not zero")
    geo = _pool_geo(x, k, s, p, (1, 1, 1), ceil_mode)
    _shape_check("avg_pool3d", x, geo, avg=True)
    div = _avg_divisor(x._data.shape[-3:], geo, count_include_pad, divisor_override)
    if x._data.dtype not in (np.float32, np.float64, np.int64):      # its kernel's types
        raise TorchNotImplementedError(f"\"avg_pool3d_out_frame\" not implemented for "
                                       f"'{x.dtype.legacy}'")
    return apply(AvgPool3DBackward0, (x,), geo=geo, _extra=div.astype(x._data.dtype), as_given={
        "kernel_size": _as_passed(kernel_size, 3), "stride": _as_passed(stride, 3),
        "padding": _as_passed(padding, 3), "ceil_mode": bool(ceil_mode),
        "count_include_pad": bool(count_include_pad), "divisor_override": divisor_override})


@register("lp_pool3d", grad_fn="PowBackward0", namespaces=("functional",), sample=fixed(
    (((1, 2, 2, 4, 3), 2.0, 2), {}), (((1, 3, 4, 3), 3.0, [2, 1, 2]), {"stride": 1}), lo=0.5))
def lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """(sum of x^p over each 3-D window)^(1/p), composed as PyTorch: avg_pool3d(x^p) times
    the window size, to the power 1/p (p = inf: max_pool3d of |x|)"""
    from .nn import _lp_finish, _lp_inf
    from .registry import REGISTRY
    # (PyTorch's _triple: an iterable as a tuple, Python's unpacking refuses another length)
    kd, kw, kh = tuple(kernel_size) if hasattr(kernel_size, "__iter__") else (kernel_size,) * 3
    inf = _lp_inf(max_pool3d, input, norm_type, kernel_size, stride, ceil_mode)
    if inf is not None:
        return inf
    out = REGISTRY["avg_pool3d"].fn(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return _lp_finish(out, norm_type, kd * kw * kh)


@register("local_response_norm", grad_fn="DivBackward0", namespaces=("functional",),
          sample=fixed((((2, 4, 3),), {"size": 2}), (((1, 5, 2, 2),), {"size": 3}),
                       (((1, 3, 2, 2, 2),), {"size": 2, "alpha": 0.1, "k": 2.0})))
def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """x / (k + alpha * mean of x^2 over `size` neighbouring channels)^beta, composed as
    PyTorch composes it (a zero-padded average pool over the channel dimension)."""
    from .more import pad
    from .nn import avg_pool2d
    x = check_tensor(input, "local_response_norm")
    dim = x.dim()
    if dim < 3:
        raise TorchValueError("Expected 3D or higher dimensionality" + " " * 26 +   # sic
                              f"input (got {dim} dimensions)")
    if x.numel() == 0:
        return x
    div = x.mul(x)
    if dim == 3:
        div = pad(div.unsqueeze(1), (0, 0, size // 2, (size - 1) // 2))
        div = avg_pool2d(div, (size, 1), stride=1).squeeze(1)
    else:
        sizes = x.shape
        div = div.view(sizes[0], 1, sizes[1], sizes[2], -1)
        div = pad(div, (0, 0, 0, 0, size // 2, (size - 1) // 2))
        div = avg_pool3d(div, (size, 1, 1), stride=1).squeeze(1).view(sizes)
    return x / div.mul(alpha).add(k).pow(beta)
