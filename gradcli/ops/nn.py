"""torch.nn.functional's layers: convolution (conv1d, conv2d), pooling (max, average,
adaptive), normalisation (batch_norm, group_norm, instance_norm), embedding, dropout and its
variants, prelu, rrelu, pairwise_distance and scaled_dot_product_attention.

Spatial ops work on a 2-D layout: 1-D inputs gain a height of 1 (inside the node for
convolution, as PyTorch's `unsqueeze -> *2d -> squeeze` composition for pooling). Windows are
read with `Im2ColBackward0` (a strided view copied to columns, PyTorch's `F.unfold` node) and
written back with its adjoint `Col2ImBackward0` (a loop over kernel positions only); each is
the other's backward, so convolution and average pooling have gradients of every order.
Dropout masks and rrelu's slopes are drawn from PyTorch's CPU stream (ops/rng.py) as its
kernels draw them, equal to PyTorch's after the same `manual_seed`. On CPU
PyTorch's dropout is `x * mask` (MulBackward0), which is what these record too.
"""
from __future__ import annotations

import math
import warnings

import numpy as np
from numpy.lib.stride_tricks import as_strided

from .. import cpu, dtypes, limits
from ..argparser import check_forwarded
from ..vecmath import sum_last
from ..autograd.graph import Node, watch_indices, watched
from ..autograd.hooks import one_cpp_call
from ..autograd.grad_mode import no_grad
from ..errors import (TorchAssertionError, TorchIndexError, TorchNotImplementedError,
                      TorchRuntimeError, TorchTypeError, TorchValueError, warn_cpp)
from .._tensor import _CPP_NAMES, Tensor
from .activation import _named, where
from .core import (_const, _enabled, _rule_scalars, apply, aten_composite, float_kernel,
                   no_requires_grad, refuse_complex, refuse_low_precision, wrap, wrap_dim)
from .core import inplace as _write_back
from .extra import _scale
from .fused import FusedBackward, PreluKernelBackwardBackward0, fused, linear_backward
from .linalg import _rank_one_update, matmul, stacked_mm_onto, stacked_mm_values
from .moments import (batch_norm_apply, batch_norm_backward, batch_norm_fits,
                      batch_norm_stats, invstd, running_update)
from .moments import (group_norm as group_norm_kernel, group_norm_backward,
                      group_norm_channels_last, group_norm_channels_last_backward,
                      group_norm_layout)
from .predicates import get_num_threads
from .registry import category, fixed, register
from .select import scatter_add
from .shape import _shape_str, follow_format
from .sumorder import torch_mean
from .unary import check_flag, check_float, check_tensor, quiet

category("nn")

_FN = ("functional",)
_BOTH = ("torch", "functional")


def _ntuple(v, n: int) -> tuple:
    """torch.nn.modules.utils' _single, _pair, _triple: an iterable as a tuple (of any
    length), anything else n times."""
    return tuple(v) if hasattr(v, "__iter__") else (v,) * n


def _tuple(v, n: int) -> tuple:
    if isinstance(v, (list, tuple)):
        if len(v) == 1:
            return tuple(int(v[0]) for _ in range(n))
        return tuple(int(i) for i in v)
    return (int(v),) * n


# -- windows as columns ---------------------------------------------------------------------
# geo = (kernel, stride, pads, dilation, out): 2-tuples, pads ((top, bottom), (left, right)),
# out the output height and width.

def _im2col(x: np.ndarray, geo, fill=0.0) -> np.ndarray:
    """(N, C, H, W) -> (N, C, kh*kw, Ho*Wo): each output position's window as a column."""
    k, s, pads, d, out = geo
    if any(p for pair in pads for p in pair):
        x = np.pad(x, ((0, 0), (0, 0)) + pads, constant_values=fill)
    n, c = x.shape[:2]
    sn, sc, sh, sw = x.strides
    v = as_strided(x, (n, c, k[0], k[1], out[0], out[1]),
                   (sn, sc, sh * d[0], sw * d[1], sh * s[0], sw * s[1]), writeable=False)
    return v.reshape(n, c, k[0] * k[1], out[0] * out[1])


def _col2im(cols: np.ndarray, shape, geo) -> np.ndarray:
    """The adjoint of _im2col: columns added back into an (N, C, H, W) array."""
    k, s, pads, d, out = geo
    n, c, h, w = shape
    (t, b), (lft, r) = pads
    acc = np.zeros((n, c, h + t + b, w + lft + r), dtype=cols.dtype)
    cols = cols.reshape(n, c, k[0], k[1], out[0], out[1])
    for i in range(k[0]):
        for j in range(k[1]):
            acc[:, :, i * d[0]:i * d[0] + s[0] * (out[0] - 1) + 1:s[0],
                j * d[1]:j * d[1] + s[1] * (out[1] - 1) + 1:s[1]] += cols[:, :, i, j]
    return np.ascontiguousarray(acc[:, :, t:t + h, lft:lft + w])


class Im2ColBackward0(Node):
    """d im2col(x) = col2im(g): windows read as columns, the gradient added back
    (`flat`: F.unfold's (N, C*kh*kw, L) layout, an unbatched (C, H, W) input allowed)"""

    linear = True           # forward AD: the op on the tangent (PyTorch's auto_linear)
    flat = False

    def forward(self, x):
        if x.ndim == 3:
            return self.forward(x[None])[0]
        cols = _im2col(x, self.geo)
        n, c, kk, length = cols.shape
        return cols.reshape(n, c * kk, length) if self.flat else cols

    def backward(self, g):
        return apply(Col2ImBackward0, (g,), geo=self.geo, shape=self._in_meta[0][0],
                     flat=self.flat)


class Col2ImBackward0(Node):
    """d col2im(c) = im2col(g): columns added into windows, the gradient read back"""

    linear = True           # forward AD: the op on the tangent (PyTorch's auto_linear)
    flat = False

    def forward(self, c):
        if len(self.shape) == 3:
            return _col2im(c[None], (1,) + tuple(self.shape), self.geo)[0]
        return _col2im(c, self.shape, self.geo)

    def backward(self, g):
        return apply(Im2ColBackward0, (g,), geo=self.geo, flat=self.flat)


def _as2d(x: Tensor, nd: int) -> Tensor:
    return x.unsqueeze(-2) if nd == 1 else x


# -- convolution ------------------------------------------------------------------------------

category("convolution")


class ConvNode(Node):
    """A convolution's node (every layout's: here, convtranspose.py, volumetric.py), with
    `grads(g, x, w, needs)`, its backward on any tensors. PyTorch saves the input and the
    weight whichever requires grad, and under create_graph its three gradients are the
    outputs of one ConvolutionBackwardBackward0 node of (g, x, w)."""

    zero_tangents = True
    save_inputs = (0, 1)

    def grads(self, g, x, w, needs):
        raise NotImplementedError

    def backward(self, g):
        x, w = self.saved
        needs = (self.needs(0), self.needs(1), self.has_b and self.needs(2))
        if not _enabled[0]:
            return self.grads(g, x, w, needs)
        outs = apply(ConvolutionBackwardBackward0, (g, x, w), conv=self)
        return tuple(o if n else None for o, n in zip(outs, needs))

    def again(self, x, w):
        """The same convolution (no bias) of other tensors, recorded."""
        params = {k: self.__dict__[k] for k in ("geo", "groups", "out_shape")
                  if k in self.__dict__}
        bias = _const(x, np.zeros(self._in_meta[2][0], x._data.dtype))
        return apply(type(self), (x, w, bias), has_b=False, **params)


class ConvolutionBackwardBackward0(Node):
    """convolution_backward(g, x, w) = (dx, dw, db), one node as in PyTorch. It is linear in
    g and in each of x and w, so its derivatives are convolutions again:
    d/dg = conv(ggx, w) + conv(x, ggw) + ggb, d/dx = dx of conv(., ggw) at g,
    d/dw = dw of conv(ggx, .) at g"""

    n_outputs = 3
    save_inputs = (0, 1, 2)
    materialize_grads = False       # an unused output's gradient stays None

    def forward(self, g, x, w):
        outs = self.conv.grads(wrap(g), wrap(x), wrap(w), (True, True, True))
        return tuple(o._data for o in outs)

    def backward(self, ggx, ggw, ggb):
        g, x, w = self.saved
        conv = self.conv
        dg = dx = dw = None
        if self.needs(0):
            terms = ([conv.again(ggx, w)] if ggx is not None else []) + \
                ([conv.again(x, ggw)] if ggw is not None else [])
            if ggb is not None:
                terms.append(ggb.reshape((1, -1) + (1,) * (g._data.ndim - 2)).expand(g.shape))
            for t in terms:
                dg = t if dg is None else dg + t
        if self.needs(1) and ggw is not None:
            dx = conv.grads(g, x, ggw, (True, False, False))[0]
        if self.needs(2) and ggx is not None:
            dw = conv.grads(g, ggx, w, (False, True, False))[1]
        return dg, dx, dw


class ConvolutionBackward0(ConvNode):
    """d conv(x, w, b): dx = col2im(W^T g), dw = sum_n g cols(x)^T, db = sum of g

    With `slow` (ATen's slow_conv2d / slow_conv_dilated2d kernels: float64, and float32
    where it does not take oneDNN) on an Intel CPU, the products are MKL's of each sample
    and group in ATen's calls (`linalg.stacked_mm_values`): the output W cols onto the bias
    (C), the input's gradient W^T g added back window by window, the weight's gradient
    g cols^T onto the running sum, sample after sample (gemm's beta 1: C added after the
    product, as `addmm`). Elsewhere, and under create_graph, NumPy's products and the
    recorded formula."""

    input_format, format_from = (4,), "any"     # input or weight channels-last
    slow = False

    def forward(self, x, w, b):
        nd = x.ndim - 2
        x4 = x[:, :, None] if nd == 1 else x
        w4 = w[:, :, None] if nd == 1 else w
        n, o, gr = x4.shape[0], w4.shape[0], self.groups
        cols = _im2col(x4, self.geo)
        rows = int(np.prod(w4.shape[1:]))      # sizes spelled out: an empty batch reshapes too
        cols = cols.reshape(n, gr, rows, cols.shape[-1])
        wm = w4.reshape(gr, o // gr, rows)
        if self._mkl():
            c = np.broadcast_to(b.reshape(gr, o // gr, 1), (n, gr, o // gr, cols.shape[-1]))
            return stacked_mm_onto(c, np.broadcast_to(wm, (n,) + wm.shape), cols).reshape(
                (n, o) + self.out_shape)
        out = np.matmul(wm, cols).reshape((n, o) + self.out_shape)
        if self.has_b:
            out += b.reshape((o,) + (1,) * nd)
        return out

    def _mkl(self) -> bool:
        return self.slow and cpu.mkl_vendor() != "amd"

    def grads(self, g, x, w, needs):
        if self._mkl() and not _enabled[0]:           # values only, no graph recorded
            return self._mkl_grads(g._data, x._data, w._data, needs)
        nd = len(self._in_meta[0][0]) - 2
        gr, geo = self.groups, self.geo
        shape = self._in_meta[0][0]
        n, o = shape[0], self._in_meta[1][0][0]
        g4 = _as2d(g, nd)
        length = int(np.prod(self.out_shape))
        gm = g4.reshape(n, gr, o // gr, length)
        gx = gw = gb = None
        rows = int(np.prod(self._in_meta[1][0][1:]))
        if needs[0]:
            wm = _as2d(w, nd).reshape(gr, o // gr, rows)
            gcols = matmul(wm.transpose(-1, -2), gm)
            shape4 = shape[:2] + (1,) + shape[2:] if nd == 1 else shape
            gcols = gcols.reshape(n, shape[1], geo[0][0] * geo[0][1], length)
            gx = apply(Col2ImBackward0, (gcols,), geo=geo, shape=shape4).reshape(shape)
        if needs[1]:
            cols = apply(Im2ColBackward0, (_as2d(x, nd),), geo=geo)
            cols = cols.reshape(n, gr, rows, length)
            gw = matmul(gm, cols.transpose(-1, -2)).sum(0).reshape(self._in_meta[1][0])
        if needs[2]:
            gb = g.sum((0,) + tuple(range(2, nd + 2)))
        return gx, gw, gb

    def _mkl_grads(self, g, x, w, needs):
        """The three gradients as ATen's slow kernels compute them (see the class)."""
        nd = x.ndim - 2
        gr, geo = self.groups, self.geo
        x4, w4 = (x[:, :, None], w[:, :, None]) if nd == 1 else (x, w)
        n, o = x4.shape[0], w4.shape[0]
        rows = int(np.prod(w4.shape[1:]))
        length = int(np.prod(self.out_shape))
        gm = np.ascontiguousarray(g, w.dtype).reshape(n, gr, o // gr, length)
        wm = w4.reshape(gr, o // gr, rows)
        gx = gw = gb = None
        if needs[0]:
            wt = np.broadcast_to(np.swapaxes(wm, -1, -2), (n, gr, rows, o // gr))
            gcols = stacked_mm_values(wt, gm).reshape(n, x4.shape[1], -1, length)
            gx = wrap(_col2im(gcols, x4.shape, geo).reshape(x.shape))
        if needs[1]:
            cols = _im2col(x4, geo).reshape(n, gr, rows, length)
            acc = np.zeros(wm.shape, w.dtype)
            for t in range(n):                    # sample after sample onto the sum
                acc = stacked_mm_onto(acc, gm[t], np.swapaxes(cols[t], -1, -2))
            gw = wrap(acc.reshape(w.shape))
        if needs[2]:
            gb = wrap(g).sum((0,) + tuple(range(2, nd + 2)))
        return gx, gw, gb


def _conv_checks(x: Tensor, w: Tensor, b, nd: int, stride, padding, dilation, groups):
    """PyTorch's checks of a convolution's arguments, in its order."""
    xs, ws = x._data.shape, w._data.shape
    if any(v < 0 for v in padding):
        raise TorchRuntimeError("negative padding is not supported")
    if any(v <= 0 for v in stride):
        raise TorchRuntimeError("non-positive stride is not supported")
    if any(v < 0 for v in dilation):
        raise TorchRuntimeError("dilation should be greater than zero")
    if groups <= 0:
        raise TorchRuntimeError("non-positive groups is not supported")
    if len(ws) != nd + 2:
        raise TorchRuntimeError("weight should have at least three dimensions" if len(ws) < 3
                                else f"Expected {len(ws)}-dimensional input for {len(ws)}-"
                                f"dimensional weight {_shape_str(ws)}, but got {len(xs)}-"
                                f"dimensional input of size {_shape_str(xs)} instead")
    check_weight_groups(ws, groups)
    if xs[1] != ws[1] * groups:
        raise TorchRuntimeError(f"Given groups={groups}, weight of size {_shape_str(ws)}, "
                                f"expected input{_shape_str(xs)} to have {ws[1] * groups} "
                                f"channels, but got {xs[1]} channels instead")
    if b is not None and (b._data.ndim != 1 or b._data.shape[0] != ws[0]):
        raise TorchRuntimeError(f"Given weight of size {_shape_str(ws)}, expected bias to be "
                                f"1-dimensional with {ws[0]} elements, but got bias of size "
                                f"{_shape_str(b.shape)} instead")
    padded = [xs[2 + i] + 2 * padding[i] for i in range(nd)]
    eff = [dilation[i] * (ws[2 + i] - 1) + 1 for i in range(nd)]
    if any(p < e for p, e in zip(padded, eff)):
        raise TorchRuntimeError(f"Calculated padded input size per channel: "
                                f"({' x '.join(map(str, padded))}). Kernel size: "
                                f"({' x '.join(map(str, eff))}). Kernel size can't be greater "
                                "than actual input size")
    check_empty_input(xs)
    mkldnn = uses_mkldnn(x, w, groups, stride, dilation)
    check_kernel_types(x, w, b, mkldnn)                                        # the kernel's
    if 0 in dilation:                          # the backend's own check (1-D in 2-D terms)
        raise TorchRuntimeError("non-positive dilation is not supported" if mkldnn else
                                f"dilation should be greater than zero, but got "
                                f"{[1] * (nd == 1) + list(dilation)}")
    if x._data.dtype == np.bool_:
        kernel = "compute_columns3d" if nd == 3 else "slow_conv2d_cpu"
        raise TorchNotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")


def check_weight_groups(ws, groups) -> None:
    """check_shape_forward's checks of the weight's first size against the groups."""
    if ws[0] < groups:
        raise TorchRuntimeError(f"Given groups={groups}, expected weight to be at least "
                                f"{groups} at dimension 0, but got weight of size "
                                f"{_shape_str(ws)} instead")
    if ws[0] % groups:
        raise TorchRuntimeError(f"Given groups={groups}, expected weight to be divisible by "
                                f"{groups} at dimension 0, but got weight of size "
                                f"[{_shape_str(ws)}] instead")        # sic: PyTorch's brackets


def check_empty_input(xs) -> None:
    """_select_conv_backend's refusal of an empty input whose batch and channels are not."""
    if xs[0] and xs[1] and 0 in xs:
        raise TorchRuntimeError(f"Only zero batch or zero channel inputs are supported, but "
                                f"got input shape: {_shape_str(xs)}")


class EmptyChannelsBackward(Node):
    """A convolution of an input with no channels (ATen's Empty backend): an output with no
    channels either, of the convolution's batch and spatial sizes, and zero gradients.
    (PyTorch's node is ConvolutionBackward0, the name set below.)"""

    def forward(self, x, w, b=None):
        return np.zeros(self.shape, np.result_type(x, w))

    def backward(self, g):
        return tuple(_const(g, np.zeros(m[0], g._data.dtype)) if self.needs(i) else None
                     for i, m in enumerate(self._in_meta))


EmptyChannelsBackward.__name__ = EmptyChannelsBackward.__qualname__ = "ConvolutionBackward0"


def empty_channels(x: Tensor, w: Tensor, b, out) -> Tensor:
    """The convolution of an input without channels (see EmptyChannelsBackward)."""
    inputs = (x, w) if b is None else (x, w, b)
    return apply(EmptyChannelsBackward, inputs, shape=(x._data.shape[0], 0) + tuple(out))


def uses_mkldnn(x: Tensor, w: Tensor, groups, stride, dilation, out_pad=()) -> bool:
    """Whether ATen's _select_conv_backend picks MKLDNN on this CPU (float32 input) rather
    than its slow kernels: its rule, read on the 4-D view of a 1-D convolution."""
    if x._data.dtype != np.float32 or any(o >= s for o, s in zip(out_pad, stride)):
        return False
    xs, ws = x._data.shape, w._data.shape
    if len(xs) == 3:
        xs, ws = xs[:2] + (1,) + xs[2:], ws[:2] + (1,) + ws[2:]
    if not (any(v != 1 for v in stride) or any(v != 1 for v in dilation) or xs[0] >= 16
            or ws[-1] != 1 or ws[-2] != 1 or get_num_threads() > 1):
        return False
    return groups > 1 or (ws[-1] > 3 and ws[-2] > 3) or xs[0] > 1 or math.prod(xs[:4]) > 20480


def check_kernel_types(x: Tensor, w: Tensor, b, mkldnn: bool) -> None:
    """The convolution kernel's dtype checks: MKLDNN's (weight, then bias, legacy type
    names) or the slow kernels' ('expected scalar type')."""
    if not mkldnn and x.dtype not in _REDUCED:      # (those always take MKLDNN's path here)
        check_same_scalar_type(x, w)
        return
    for t, what in ((w, "weight"), (b, "bias")):
        if t is not None and t.dtype != x.dtype:
            raise TorchRuntimeError(f"Input type ({dtypes.aten_type_string(x.dtype)}) and "
                                    f"{what} type ({dtypes.aten_type_string(t.dtype)}) should "
                                    f"be the same or input should be a MKLDNN tensor and "
                                    f"{what} is a dense tensor")


_REDUCED = (dtypes.float16, dtypes.bfloat16)



def check_same_scalar_type(x: Tensor, w: Tensor) -> None:
    """A CPU kernel's check that the weight has the input's dtype (its legacy names)."""
    if x.dtype != w.dtype:
        raise TorchRuntimeError(f"expected scalar type {x.dtype.legacy} but found "
                                f"{w.dtype.legacy}")


def check_bias_type(x: Tensor, b: Tensor) -> None:
    """conv1d/2d/3d's first check (with a numeric padding): the bias has the input's dtype,
    named as C++ names it."""
    if b.dtype != x.dtype:
        xn, bn = (_CPP_NAMES.get(t.dtype.name, t.dtype.name) for t in (x, b))
        raise TorchRuntimeError(f"Input type ({xn}) and bias type ({bn}) should be the same")


def _conv(name, nd, input, weight, bias, stride, padding, dilation, groups):
    x = check_tensor(input, name)
    w = check_tensor(weight, name, "weight", 2)
    b = None if bias is None else check_tensor(bias, name, "bias", 3)
    if b is not None and not isinstance(padding, str):   # not checked by the padding='same' path
        check_bias_type(x, b)
    if x._data.ndim not in (nd + 1, nd + 2):
        raise TorchRuntimeError(f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input "
                                f"to {name}, but got input of size: {_shape_str(x.shape)}")
    if x._data.ndim == nd + 1:
        return _conv(name, nd, x.unsqueeze(0), w, bias, stride, padding, dilation,
                     groups).squeeze(0)
    given = stride, dilation
    stride, dilation = _tuple(stride, nd), _tuple(dilation, nd)
    if isinstance(padding, str):
        if padding == "valid":
            padding = 0
        elif padding != "same":
            raise TorchRuntimeError(f"Invalid padding string: '{padding}'")
        else:
            if any(s != 1 for s in stride):
                raise TorchRuntimeError("padding='same' is not supported for strided "
                                        "convolutions")
            x, padding = _same_padding(x, w, nd, dilation)
    stride, padding, dilation = conv_params(w, given[0], padding, given[1], nd)
    _conv_checks(x, w, b, nd, stride, padding, dilation, groups)
    k = w._data.shape[2:]
    size = x._data.shape[2:]
    out = tuple((size[i] + 2 * padding[i] - dilation[i] * (k[i] - 1) - 1) // stride[i] + 1
                for i in range(nd))
    if nd == 1:
        geo = ((1, k[0]), (1, stride[0]), ((0, 0), (padding[0], padding[0])),
               (1, dilation[0]), (1, out[0]))
    else:
        geo = (tuple(k), stride, tuple((p, p) for p in padding), dilation, out)
    if not x._data.shape[1]:
        return empty_channels(x, w, b, out)
    bt = b if b is not None else wrap(np.zeros((w._data.shape[0],), dtype=w._data.dtype))
    return apply(ConvolutionBackward0, (x, w, bt), geo=geo, groups=int(groups),
                 out_shape=out, has_b=b is not None,
                 slow=not uses_mkldnn(x, w, groups, stride, dilation),
                 as_given=conv_constants(stride, padding, dilation, (0,) * nd, b))


def conv_constants(stride, padding, dilation, output_padding, b, transposed=False) -> dict:
    """A convolution's constants as PyTorch's ConvolutionBackward0 keeps them (`_saved_*`)."""
    return {"stride": tuple(stride), "padding": tuple(padding), "dilation": tuple(dilation),
            "transposed": transposed, "output_padding": tuple(output_padding),
            "bias_sym_sizes_opt": tuple(b._data.shape) if b is not None else (0,)}


def conv_params(w: Tensor, stride, padding, dilation, nd: int) -> tuple:
    """ATen's expand_param_if_needed: stride, padding and dilation as one int each per
    dimension of the weight, PyTorch's error for another length; nd of each when the weight
    has fewer than three dimensions (refused later)."""
    if w._data.ndim < 3:
        return tuple(_tuple(v, nd) for v in (stride, padding, dilation))
    return tuple(conv_param(key, v, w._data.ndim - 2, nd) for key, v in (
        ("stride", stride), ("padding", padding), ("dilation", dilation)))


def conv_param(key: str, v, n: int, nd: int) -> tuple:
    """A convolution argument as n ints: an int is nd of them (the argument parser's
    int[nd]), a list of one is repeated; another length is PyTorch's error."""
    listed = [int(i) for i in v] if isinstance(v, (list, tuple)) else [int(v)] * nd
    if len(listed) != 1 and len(listed) != n:
        raise TorchRuntimeError(f"expected {key} to be a single integer value or a list of {n} "
                                f"values to match the convolution dimensions, but got "
                                f"{key}={listed}")
    return tuple(listed) * (n if len(listed) == 1 else 1)


def _same_padding(x: Tensor, w: Tensor, nd: int, dilation):
    """PyTorch's padding='same': symmetric padding, with the odd extra on the right done by
    a ConstantPadNd of the input first (PyTorch's zero-padded copy)."""
    from .more import pad as _pad
    left, extra = [], [0] * (2 * nd)
    for i in range(nd):
        total = dilation[i] * (w._data.shape[2 + i] - 1)
        lo = total // 2
        left.append(lo)
        if total - lo != lo:
            extra[2 * (nd - 1 - i) + 1] = total - 2 * lo
    if any(extra):
        warn_cpp("Using padding='same' with even kernel lengths and odd dilation may require "
                 "a zero-padded copy of the input be created (Triggered internally at "
                 "/__w/pytorch/pytorch/aten/src/ATen/native/Convolution.cpp:1101.)",
                 once=True)                     # ATen's TORCH_WARN_ONCE
        x = _pad(x, extra)
    return x, left


_CONV_DOC = ("cross-correlation of x with w (+ b): d/dx = col2im(W^T g), d/dw = g cols(x)^T, "
             "d/db = sum of g")


@register("conv1d", grad_fn="ConvolutionBackward0", namespaces=_BOTH, sample=fixed(
    (((2, 2, 5), (3, 2, 2), (3,)), {}), (((1, 4, 6), (2, 2, 3)), {"stride": 2, "groups": 2,
                                                                  "padding": 1}),
    (((2, 5), (2, 2, 2)), {"dilation": 2, "padding": "same"})))
@one_cpp_call
def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-D cross-correlation: d/dx = col2im(W^T g), d/dw = g cols(x)^T, d/db = sum of g"""
    return _conv("conv1d", 1, input, weight, bias, stride, padding, dilation, groups)


@register("conv2d", grad_fn="ConvolutionBackward0", namespaces=_BOTH, sample=fixed(
    (((1, 2, 4, 4), (2, 2, 2, 2), (2,)), {}),
    (((1, 2, 5, 4), (2, 1, 2, 3)), {"stride": (2, 1), "padding": 1, "groups": 2}),
    (((2, 4, 4), (2, 2, 2, 2)), {"dilation": 2, "padding": "same"})))
@one_cpp_call
def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-D cross-correlation: d/dx = col2im(W^T g), d/dw = g cols(x)^T, d/db = sum of g"""
    return _conv("conv2d", 2, input, weight, bias, stride, padding, dilation, groups)


# -- pooling ----------------------------------------------------------------------------------

category("pooling")


def _pool_out(size, k, s, p, d, ceil_mode) -> int:
    """PyTorch's pooling_output_shape."""
    num = size + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil_mode else 0)
    out = num // s + 1
    if ceil_mode and (out - 1) * s >= size + p:
        out -= 1
    return out


def _output_shape_checks(k, s, p, d) -> None:
    """The checks of PyTorch's pooling_output_shape (of one dim), before the pool's own."""
    if s == 0:
        raise TorchRuntimeError("stride should not be zero")
    if p < 0:
        raise TorchRuntimeError(f"pad must be non-negative, but got pad: {p}")
    if p > int((d * (k - 1) + 1) / 2):                      # C++'s division, toward 0
        raise TorchRuntimeError(f"pad should be at most half of effective kernel size, but got "
                                f"pad={p}, kernel_size={k} and dilation={d}")


def _pool_geo(size, k, s, p, d, ceil_mode):
    """Output sizes (pooling_output_shape, H then W, with its checks) and the window geometry,
    the extra padding after each dim that ceil_mode needs included."""
    for i in range(2):
        _output_shape_checks(k[i], s[i], p[i], d[i])
    out = tuple(_pool_out(size[i], k[i], s[i], p[i], d[i], ceil_mode) for i in range(2))
    pads = tuple((p[i], max(0, (out[i] - 1) * s[i] + d[i] * (k[i] - 1) + 1 - size[i] - p[i]))
                 for i in range(2))
    return (k, s, pads, d, out)


def _count(v) -> int:
    """How many ints an int[] argument holds (None: none, a number: one)."""
    return len(v) if isinstance(v, (list, tuple)) else int(v is not None)


def _pool2d_sizes(name: str, kernel_size, stride, padding, dilation=1) -> None:
    """ATen's first checks of a 2-D pool: one int or two for each size (the stride may be
    omitted)."""
    for what, v, omitted_ok, verb in (("kernel_size", kernel_size, False, "either be"),
                                      ("stride", stride, True, "either be omitted,"),
                                      ("padding", padding, False, "either be"),
                                      ("dilation", dilation, False, "be either")):
        if _count(v) not in ((0, 1, 2) if omitted_ok else (1, 2)):
            raise TorchRuntimeError(f"{name}: {what} must {verb} a single int, or a tuple of "
                                    f"two ints")


def _one_int_each(name: str, **sizes) -> None:
    """ATen's check1d of a 1-D pool's sizes: one int each."""
    for what, v in sizes.items():
        if _count(v) != 1:
            raise TorchRuntimeError(f"{name}() argument '{what}' should contain one int (got "
                                    f"{_count(v)})")


def _pool_args(kernel_size, stride, padding, dilation):
    k = _tuple(kernel_size, 2)
    s = k if stride is None or (isinstance(stride, (list, tuple)) and not stride) \
        else _tuple(stride, 2)
    return k, s, _tuple(padding, 2), _tuple(dilation, 2)


def _pool_checks(x: Tensor, k, s, p, d, out):
    """PyTorch's pool2d_shape_check, in its order (x 3-D or 4-D, a batch of none allowed)."""
    for what, names, v in (("kernel size", ("kH", "kW"), k), ("stride", ("dH", "dW"), s),
                           ("dilation", ("dilationH", "dilationW"), d)):
        if min(v) <= 0:
            got = " ".join(f"{a}: {b}" for a, b in zip(names, v))
            raise TorchRuntimeError(f"{what} should be greater than zero, but got {got}")
    shape = x._data.shape
    if len(shape) not in (3, 4) or not all(shape[-3:]):
        raise TorchRuntimeError(f"Expected 3D or 4D (batch mode) tensor with optional 0 dim "
                                f"batch size for input, but got:{_shape_str(x.shape)}")
    if k[1] // 2 < p[1] or k[0] // 2 < p[0]:
        raise TorchRuntimeError(f"pad should be smaller than or equal to half of kernel size, "
                                f"but got padW = {p[1]}, padH = {p[0]}, kW = {k[1]}, "
                                f"kH = {k[0]}")
    if out[0] < 1 or out[1] < 1:
        c, h, w = shape[-3:]
        raise TorchRuntimeError(f"Given input size: ({c}x{h}x{w}). Calculated output size: "
                                f"({c}x{out[0]}x{out[1]}). Output size is too small")


def _batched(x: Tensor, fn):
    """fn on x, 3-D or 4-D: the pooling nodes take an unbatched (C, H, W) input themselves
    (see `_unbatched_too`), so its result carries the pooling node, as in PyTorch."""
    return fn(x)


def _unbatched_too(cls):
    """Let a pooling node written for (N, C, H, W) arrays take an unbatched (C, H, W) input,
    as PyTorch's kernels do: the arrays gain a batch of one on the way in and lose it on
    the way out (the indices a max pool keeps too)."""
    forward, backward = cls.forward, cls.backward

    def forward_any(self, x):
        if x.ndim == 4:
            return forward(self, x)
        out = forward(self, x[None])
        extra = self._extra
        if isinstance(extra, np.ndarray) and extra.ndim == 4:      # a max pool's indices
            self._extra = extra[0]
        return out[0]

    def backward_any(self, g):
        meta = self._in_meta
        shape, dtype = meta[0]
        if len(shape) == 4:
            return backward(self, g)
        self._in_meta = (((1,) + tuple(shape), dtype),)
        try:
            return backward(self, g.unsqueeze(0)).squeeze(0)
        finally:
            self._in_meta = meta

    if "forward" in cls.__dict__:           # a subclass keeps its parent's wrapped backward
        cls.forward = forward_any
    if "backward" in cls.__dict__:
        cls.backward = backward_any
    return cls


def _argmax_last_nan(flat: np.ndarray) -> np.ndarray:
    """argmax over the last axis, the last NaN winning (PyTorch's `val > max || isnan(val)`)."""
    arg = np.argmax(flat, axis=-1)
    if flat.dtype.kind == "f":
        nan = np.isnan(flat)
        last = flat.shape[-1] - 1 - np.argmax(nan[..., ::-1], axis=-1)
        arg = np.where(nan.any(axis=-1), last, arg)
    return arg


def window_argmax(cols: np.ndarray, valid) -> np.ndarray:
    """PyTorch's max-pool scan of each window (axis 2 of cols): the first maximum, the last
    NaN, and in a window of -inf only its first position inside the input (never padding);
    `valid` marks the positions inside (None: no padding)."""
    arg = _argmax_last_nan(np.moveaxis(cols, 2, -1))
    if valid is not None:
        best = np.take_along_axis(cols, arg[:, :, None], 2)[:, :, 0]
        arg = np.where(best == -np.inf, np.argmax(valid, axis=2), arg)
    return arg


class _MaxPoolBackwardBackward(FusedBackward):
    """max_pool_backward(g, x) = g added into zeros of x's shape at the saved indices:
    d/dg = gg read back at the indices (PyTorch's max_pool_double_backward, a gather),
    d/dx = 0 (x only gives the shape; it is an input, as in PyTorch, so the gradient of a
    max pool requires grad under create_graph)"""

    constants = ("indices", "nd")

    @staticmethod
    def rule(g, x, indices, nd):
        shape = x.shape
        lead = tuple(shape[:-nd])
        flat = lead + (int(np.prod(indices.shape[-nd:])),)    # not -1: an empty batch too
        idx = wrap(indices.reshape(flat))
        z = wrap(np.zeros(lead + (int(np.prod(shape[-nd:])),), dtype=g._data.dtype))
        return scatter_add(z, len(lead), idx, g.reshape(flat)).reshape(shape)

    def backward(self, gg):
        shape = self._in_meta[1][0]
        lead = tuple(shape[:-self.nd])
        flat = lead + (int(np.prod(self.indices.shape[-self.nd:])),)   # not -1: an empty batch
        idx = wrap(self.indices.reshape(flat))
        dg = gg.reshape(lead + (int(np.prod(shape[-self.nd:])),)).gather(len(lead), idx) \
            .reshape(self.indices.shape) if self.needs(0) else None
        return dg, wrap(np.zeros(shape, dtype=gg._data.dtype)) if self.needs(1) else None


def _double(name: str):
    return type(name, (_MaxPoolBackwardBackward,), {"__doc__": _MaxPoolBackwardBackward.__doc__})


class MaxPoolNode(Node):
    """A max pool's node: it keeps x and the flat index of each window's maximum; its
    gradient is one `<name>BackwardBackward0` node of (g, x)."""

    save_inputs = (0,)
    nd = 2
    double = None
    legacy_vmap_refusal = ("Batching rule not implemented for aten::flatten.using_ints; the "
                           "fallback path doesn't work on out= or view ops.")

    def backward(self, g):
        x, = self.saved
        return fused(self.double, (g, x), indices=self.extra, nd=self.nd)

    @property
    def _saved_result1(self):
        """The indices PyTorch saves (its kernel's second result)."""
        return wrap(self.extra.copy())


@_unbatched_too
class MaxPool2DWithIndicesBackward0(MaxPoolNode):
    """d max_pool(x) = g added into zeros at the position of each window's maximum"""

    input_format = (4,)
    double = _double("MaxPool2DWithIndicesBackwardBackward0")

    def forward(self, x):
        n, c, h, w = x.shape
        cols = _im2col(x, self.geo, fill=-np.inf)
        padded = any(p for pair in self.geo[2] for p in pair)
        valid = _im2col(np.ones((1, 1, h, w), np.uint8), self.geo) if padded else None
        arg = window_argmax(cols, valid)[:, :, None]
        values = np.take_along_axis(cols, arg, 2)[:, :, 0]
        (kh, kw), s, pads, d, out = self.geo
        ki, kj = arg[:, :, 0] // kw, arg[:, :, 0] % kw
        oh = np.repeat(np.arange(out[0]), out[1])
        ow = np.tile(np.arange(out[1]), out[0])
        ih = oh * s[0] - pads[0][0] + ki * d[0]
        iw = ow * s[1] - pads[1][0] + kj * d[1]
        self._extra = (ih * w + iw).astype(np.int64).reshape(n, c, out[0], out[1])
        return values.reshape(n, c, out[0], out[1])


def _as_passed(v, n: int = 2) -> tuple:
    """A pool's size argument as PyTorch's node keeps it (`_saved_stride`): as passed, an
    int repeated n times, None as ()."""
    if v is None:
        return ()
    return tuple(int(e) for e in v) if isinstance(v, (tuple, list)) else (int(v),) * n


def _max_pool2d(x, k, s, p, d, ceil_mode, return_indices, shown=None):
    out = _pool_geo(x._data.shape[-2:], k, s, p, d, ceil_mode)
    _pool_checks(x, k, s, p, d, out[4])
    if x._data.dtype == np.bool_ or x._data.dtype.kind == "c":     # its kernel's types
        raise TorchNotImplementedError(f"\"max_pool2d\" not implemented for '{x.dtype.legacy}'")
    y = apply(MaxPool2DWithIndicesBackward0, (x,), geo=out, **(shown or {}))
    if not return_indices:
        return y
    idx = recorded_indices(y, x, MaxPool2DWithIndicesBackward0, geo=out)
    return y, given_indices(y, laid_out_like(idx, x._data))


def given_indices(y: Tensor, idx: np.ndarray) -> Tensor:
    """A max pool's indices given back beside its result y, which its node then checks
    against in-place changes (PyTorch saves that very tensor)."""
    t = wrap(idx)
    watch_indices(y, t)
    return t


def laid_out_like(idx: np.ndarray, x: np.ndarray) -> np.ndarray:
    """A copy of a max pool's indices laid out as its result is: channels-last when the input
    is (ATen's kernels allocate them in the input's suggested memory format)."""
    out = follow_format(idx, [x])
    return idx.copy() if out is idx else out


def recorded_indices(y: Tensor, x: Tensor, cls, **fields) -> np.ndarray:
    """A max pool's indices of its maxima: those y's node kept, or, when nothing was recorded
    or saved-tensor hooks own them, those a scratch node of `cls` (its `fields` set, not
    kept) finds over x."""
    node = y.grad_fn
    if node is not None and not node._hooked:
        return node._extra
    node = cls.__new__(cls)
    for name, value in fields.items():
        setattr(node, name, value)
    node.forward(x._data)
    return node._extra


@register("max_pool2d", grad_fn="MaxPool2DWithIndicesBackward0", namespaces=_BOTH,
          sample=fixed((((1, 2, 4, 4), 2), {}), (((2, 5, 5), 3), {"stride": 2, "padding": 1}),
                       (((1, 1, 5, 6), [2, 3]), {"dilation": (2, 1), "ceil_mode": True,
                                                 "stride": 2})))
def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """the maximum of each window: d/dx = g added at each maximum's position"""
    x = check_tensor(input, "max_pool2d")
    _pool2d_sizes("max_pool2d", kernel_size, stride, padding, dilation)
    if x._data.ndim not in (3, 4):
        raise TorchRuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
    k, s, p, d = _pool_args(kernel_size, stride, padding, dilation)
    shown = {"kernel_size": _as_passed(kernel_size), "stride": _as_passed(stride),
             "padding": _as_passed(padding), "dilation": _as_passed(dilation),
             "ceil_mode": bool(ceil_mode)}
    return _batched(x, lambda t: _max_pool2d(t, k, s, p, d, ceil_mode, return_indices, shown))


_POOL1D_SIZES = {"kernel_size": "an int, list of ints or", "stride": "None, an int, list of "
                 "ints, or", "padding": "an int, list of ints, or",
                 "dilation": "an int, list of ints or"}


def _pool1d_checks(name, x, sizes, ceil_mode):
    """ATen's check_max_pool1d: the input's rank, one int per size, then their values."""
    shape = x._data.shape
    if len(shape) not in (2, 3) or not all(shape[-2:]):
        raise TorchRuntimeError(f"{name}: Expected 2D or 3D (batch mode) tensor with optional 0 "
                                f"dim batch size for input, but got:{_shape_str(x.shape)}")
    for what, v in zip(_POOL1D_SIZES, sizes):
        if _count(v) != 1 and not (what == "stride" and _count(v) == 0):
            raise TorchRuntimeError(f"{name}() {what} must be {_POOL1D_SIZES[what]} tuple of "
                                    f"ints of size 1 but got size {_count(v)}")
    stride = sizes[1] if _count(sizes[1]) else sizes[0]          # omitted: the kernel's
    k, s, p, d = (_tuple(v, 1)[0] for v in (sizes[0], stride, *sizes[2:]))
    checks = ((k <= 0, f"kernel_size must be greater than zero, but got {k}"),
              (s <= 0, f"stride must be greater than zero, but got {s}"),
              (p < 0, f"padding must be non-negative, but got {p}"),
              (p > k // 2, f"padding should be at most half of kernel size, but got padding={p}"
                           f" and kernel_size={k}"),
              (d <= 0, f"dilation must be greater than zero, but got {d}"))
    for bad, text in checks:
        if bad:
            raise TorchRuntimeError(f"{name}() {text}")
    out = _pool_out(x._data.shape[-1], k, s, p, d, ceil_mode)
    if out <= 0:
        raise TorchRuntimeError(f"{name}() Invalid computed output size: {out}")


@register("max_pool1d", grad_fn="SqueezeBackward1", namespaces=_BOTH, sample=fixed(
    (((1, 2, 5), 2), {}), (((2, 6), 3), {"stride": 2, "padding": 1, "ceil_mode": True})))
def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """max_pool2d of x.unsqueeze(-2), squeezed back (as PyTorch composes it)"""
    refuse_complex("max_pool1d", input)
    x = check_tensor(input, "max_pool1d")
    sizes = (kernel_size, kernel_size if not _count(stride) else stride, padding, dilation)
    if return_indices:              # max_pool1d_with_indices: its checks, then max_pool2d's
        _check_1d(x, "max_pool1d")
        _one_int_each("max_pool1d", **dict(zip(_POOL1D_SIZES, sizes)))
    else:
        _pool1d_checks("max_pool1d", x, (kernel_size, stride, padding, dilation), ceil_mode)
        float_kernel("max_pool1d_impl", x)          # ATen's max_pool1d_impl: floats only
    k, s, p, d = (_tuple(v, 1)[0] for v in sizes)
    r = max_pool2d(x.unsqueeze(-2), (1, k), (1, s), (0, p), (1, d), ceil_mode, return_indices)
    if return_indices:
        return r[0].squeeze(-2), r[1].squeeze(-2)
    return r.squeeze(-2)


@linear_backward("AvgPool2DBackwardBackward0")
@_unbatched_too
class AvgPool2DBackward0(Node):
    """d avg_pool(x) = col2im(g / divisor spread over each window)"""

    linear = True           # forward AD: the op on the tangent (PyTorch's auto_linear)
    input_format = (4,)

    def forward(self, x):
        cols = _im2col(x, self.geo)
        n, c = x.shape[:2]
        out = self.geo[4]
        sums, div = cols.sum(axis=2), self._extra.reshape(-1)
        if sums.dtype == np.int64:                   # C++'s integer division: truncated
            q = sums // div
            return (q + ((q < 0) & (q * div != sums))).reshape(n, c, out[0], out[1])
        return (sums / div).reshape(n, c, out[0], out[1])

    def backward(self, g):
        """ATen's cpu_avg_pool_backward: each output's gradient over its divisor, added into
        every input element of its window (padding left out), output by output in order and
        each window row by row, so overlapping windows sum as PyTorch's do"""
        shape = self._in_meta[0][0]
        return wrap(avg_pool_scatter((g / _const(g, self.extra))._data, shape, self.geo))


def avg_pool_scatter(share: np.ndarray, shape, geo) -> np.ndarray:
    """The input gradient of an N-d average pool from each output's share (its gradient over
    its divisor), as ATen's cpu_avg_pool(3d)_backward adds it: output by output in order,
    each into its window's elements, the padding left out. An input element's terms come
    from one output per kernel offset, the later outputs at the smaller offsets, so taking
    the offsets last to first (one strided slice each) adds them in PyTorch's order."""
    import itertools
    k, s, pads, _, out = geo
    nd = len(out)
    size = tuple(shape[-nd:])
    planes = share.reshape((-1,) + tuple(out))
    gx = np.zeros((planes.shape[0],) + size, share.dtype)
    for offset in itertools.product(*(range(k[i] - 1, -1, -1) for i in range(nd))):
        src, dst = [slice(None)], [slice(None)]
        for i in range(nd):
            first = -(-(pads[i][0] - offset[i]) // s[i])      # the first output inside
            first = max(first, 0)
            last = min(out[i], (size[i] - 1 + pads[i][0] - offset[i]) // s[i] + 1)
            if last <= first:
                break
            begin = first * s[i] - pads[i][0] + offset[i]
            src.append(slice(first, last))
            dst.append(slice(begin, begin + (last - first - 1) * s[i] + 1, s[i]))
        else:
            gx[tuple(dst)] += planes[tuple(src)]
    return gx.reshape(shape)


def _avg_divisor(size, geo, count_include_pad, divisor_override) -> np.ndarray:
    """Each output position's divisor, as PyTorch's avg_pool2d kernel counts it."""
    k, s, pads, _, out = geo
    sizes = []
    for i in range(2):
        start = np.arange(out[i]) * s[i] - pads[i][0]
        end = np.minimum(start + k[i], size[i] + pads[i][0])
        pool = end - start
        inside = np.minimum(end, size[i]) - np.maximum(start, 0)
        sizes.append(pool if count_include_pad else inside)
    div = np.outer(sizes[0], sizes[1]).astype(np.float64)
    if divisor_override:
        div = np.full(div.shape, float(divisor_override))
    return div


def _avg_pool2d(x, k, s, p, ceil_mode, count_include_pad, divisor_override, shown=None):
    geo = _pool_geo(x._data.shape[-2:], k, s, p, (1, 1), ceil_mode)
    _pool_checks(x, k, s, p, (1, 1), geo[4])
    div = _avg_divisor(x._data.shape[-2:], geo, count_include_pad, divisor_override)
    if x._data.dtype != np.int64:                      # its kernel's types: floats and Long
        float_kernel("avg_pool2d", x)
    if x._data.dtype.kind == "c":
        raise TorchNotImplementedError(f"\"avg_pool2d\" not implemented for '{x.dtype.legacy}'")
    return apply(AvgPool2DBackward0, (x,), geo=geo, _extra=div.astype(x._data.dtype),
                 **(shown or {}))


@register("avg_pool2d", grad_fn="AvgPool2DBackward0", namespaces=_FN, sample=fixed(
    (((1, 2, 4, 4), 2), {}), (((2, 5, 5), 3), {"stride": 2, "padding": 1}),
    (((1, 1, 5, 5), 2), {"padding": 1, "ceil_mode": True, "count_include_pad": False}),
    (((1, 1, 4, 4), [2, 3]), {"stride": 1, "divisor_override": 4})))
def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    """the mean of each window: d/dx = g / divisor spread back over each window"""
    x = check_tensor(input, "avg_pool2d")
    _pool2d_sizes("avg_pool2d", kernel_size, stride, padding)
    if divisor_override is not None and divisor_override == 0:
        raise TorchRuntimeError("divisor must be not zero")
    x.size(-3)                       # ATen reads the sizes (C, H, W) before checking the rank
    k, s, p, _ = _pool_args(kernel_size, stride, padding, 1)
    shown = {"kernel_size": _as_passed(kernel_size), "stride": _as_passed(stride),
             "padding": _as_passed(padding), "ceil_mode": bool(ceil_mode),
             "count_include_pad": bool(count_include_pad),
             "divisor_override": divisor_override}
    return _batched(x, lambda t: _avg_pool2d(t, k, s, p, ceil_mode, count_include_pad,
                                             divisor_override, shown))


@register("avg_pool1d", grad_fn="SqueezeBackward1", namespaces=_BOTH, sample=fixed(
    (((1, 2, 5), 2), {}), (((2, 6), 3), {"stride": 2, "padding": 1, "ceil_mode": True,
                                         "count_include_pad": False})))
def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True):
    """avg_pool2d of x.unsqueeze(-2), squeezed back (as PyTorch composes it)"""
    refuse_complex("avg_pool1d", input)
    x = check_tensor(input, "avg_pool1d")
    stride = kernel_size if not _count(stride) else stride
    _check_1d(x, "avg_pool1d")
    _one_int_each("avg_pool1d", kernel_size=kernel_size, stride=stride, padding=padding)
    k, s, p = (_tuple(v, 1)[0] for v in (kernel_size, stride, padding))
    y = avg_pool2d(x.unsqueeze(-2), (1, k), (1, s), (0, p), ceil_mode, count_include_pad)
    return y.squeeze(-2)


def _check_1d(x: Tensor, name: str) -> None:
    if x._data.ndim not in (2, 3):
        raise TorchRuntimeError(f"Expected 2 to 3 dimensions, but got {x._data.ndim}-dimensional"
                                f" tensor for argument #1 'self' (while checking arguments for "
                                f"{name})")


def _adaptive_bounds(size: int, out: int):
    i = np.arange(out)
    return (i * size) // out, -((-(i + 1) * size) // out)


def _mean_channels_last(x: Tensor, dims, fmt: str) -> Tensor:
    """An adaptive average pool to size 1: the mean over `dims`, as PyTorch computes it,
    whose result it restrides in place (as_strided_) when x's strides suggest `fmt`."""
    from .shape import suggest_memory_format
    out = x.mean(dims, keepdim=True)
    if suggest_memory_format(x._data) == fmt:
        n, c = x._data.shape[:2]
        out.as_strided_(out.shape, (c, 1) + (c,) * (len(dims)))
    return out


class _AdaptiveWindows:
    """The windows of an N-d adaptive average pool over the last N dims (`size` in, `out`
    out), as ATen's cpu_adaptive_avg_pool kernels walk them: output by output, each
    window's elements in order; window o of a dim spans [o*size//out, ceil((o+1)*size/out))."""

    def __init__(self, size, out):
        self.size, self.out = tuple(size), tuple(out)
        self.bounds = [_adaptive_bounds(n, o) for n, o in zip(self.size, self.out)]
        self.lengths = [end - start for start, end in self.bounds]

    def _steps(self, reverse: bool = False):
        """(outputs, elements) per window offset: for each dim the windows long enough to
        have an element at that offset and those elements, offsets in order (or reversed)."""
        import itertools
        ranges = [range(int(n.max()) if n.size else 0) for n in self.lengths]
        if reverse:
            ranges = [r[::-1] for r in ranges]
        for offset in itertools.product(*ranges):
            outs, elems = [], []
            for (start, _), n, d in zip(self.bounds, self.lengths, offset):
                o = np.flatnonzero(n > d)
                outs.append(o)
                elems.append(start[o] + d)
            yield np.ix_(*outs), np.ix_(*elems)

    def _divided(self, t: np.ndarray, rounded=None) -> np.ndarray:
        """t / k0 / k1 ... (each output by its window's length along each dim, in turn),
        each quotient `rounded` when given."""
        nd = len(self.out)
        for i, n in enumerate(self.lengths):
            shape = [1] * nd
            shape[i] = -1
            t = t / n.astype(t.dtype).reshape(shape)
            if rounded is not None:
                t = rounded(t)
        return t

    def pool(self, x: np.ndarray) -> np.ndarray:
        """Each window's mean: its elements added one by one from 0, then divided."""
        lead = x.shape[:-len(self.out)]
        total = np.zeros(lead + self.out, x.dtype)
        for outs, elems in self._steps():
            total[(Ellipsis,) + outs] += x[(Ellipsis,) + elems]
        return self._divided(total).astype(x.dtype, copy=False)

    def spread(self, g: np.ndarray) -> np.ndarray:
        """The input gradient: each output's g / k0 / k1 ... added into its window's elements,
        output by output in order. Where every dim has out <= size the windows start at
        distinct elements, so one offset's terms never meet and the later outputs come at
        the smaller offsets: offsets last to first add them in that order. Otherwise (an
        output larger than the input) ufunc.at adds them, in the same order. In bfloat16
        (kept in float32) each quotient and each sum is rounded, as c10::BFloat16's
        arithmetic in ATen's kernel."""
        nd = len(self.out)
        rounded = dtypes.to_bf16 if g.dtype == dtypes.BF16_NP else None
        delta = self._divided(g, rounded).astype(g.dtype, copy=False)
        lead = g.shape[:-nd]
        gx = np.zeros(lead + self.size, g.dtype)
        if all(o <= n for o, n in zip(self.out, self.size)):
            for outs, elems in self._steps(reverse=True):
                at = (Ellipsis,) + elems
                gx[at] += delta[(Ellipsis,) + outs]
                if rounded is not None:
                    gx[at] = rounded(gx[at])
            return gx
        pairs = []
        for (start, _), n in zip(self.bounds, self.lengths):
            o = np.repeat(np.arange(len(n)), n)
            pairs.append((o, np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n) + start[o]))
        grid = np.meshgrid(*(np.arange(len(o)) for o, _ in pairs), indexing="ij")
        outs = tuple(o[k.ravel()] for (o, _), k in zip(pairs, grid))
        elems = tuple(e[k.ravel()] for (_, e), k in zip(pairs, grid))
        planes = gx.reshape((-1,) + self.size)
        np.add.at(planes, (slice(None),) + elems,
                  delta.reshape((-1,) + self.out)[(slice(None),) + outs])
        return gx


class _AdaptiveAvgPool(Node):
    """d adaptive_avg_pool(x): each output's g / kh / kw (/ kd first in 3-D) spread back over
    its window (ATen's kernels, forward and backward, to the last bit)"""

    linear = True           # forward AD: the op on the tangent (PyTorch's auto_linear)

    def forward(self, x):
        return self.windows.pool(x)

    def backward(self, g):
        _nonempty(g._data.shape, range(1, g._data.ndim), f"{self.op}_backward", "grad_output")
        return wrap(self.windows.spread(g._data))


def check_pool_output(x: Tensor, shape, avg: bool) -> None:
    """An adaptive pool's output of `shape` refused as ATen's allocation refuses it (the
    average pools count its elements first), then by gradcli's size limit."""
    n = math.prod(shape)
    if avg and n >= 2 ** 63:
        raise TorchRuntimeError("numel: integer multiplication overflow")
    if n * x.element_size() > 2 ** 63 - 1:          # (ATen's size in bytes: an int64)
        raise TorchRuntimeError(f"Storage size calculation overflowed with sizes="
                                f"[{', '.join(map(str, shape))}]")
    limits.check_size(n)


def _nonempty(shape, dims, name: str, what: str) -> None:
    """ATen's adaptive pools refuse an empty non-batch dim (of `dims`)."""
    for d in dims:
        if shape[d] == 0:
            raise TorchRuntimeError(
                f"{name}(): Expected {what} to have non-zero size for non-batch dimensions, "
                f"but {what} has sizes {list(shape)} with dimension {d} being empty")


@linear_backward("AdaptiveAvgPool2DBackwardBackward0")
class AdaptiveAvgPool2DBackward0(_AdaptiveAvgPool):
    __doc__ = _AdaptiveAvgPool.__doc__
    input_format = (4,)


def list_with_default(output_size, x: Tensor, name: str):
    """PyTorch's _list_with_default (an int as it is, a sequence with None taking the input's
    size, counted from the last dims; anything else has no len() to Python), then its parser's
    check of the C++ call torch._C._nn.<name>(x, that) (its ints as Python ints)."""
    shape = x._data.shape
    if not isinstance(output_size, int):
        if not hasattr(output_size, "__len__"):
            from ..argparser import tp_name
            raise TorchTypeError(f"object of type '{tp_name(output_size)}' has no len()")
        if len(shape) <= len(output_size):
            raise TorchValueError(f"Input dimension should be at least {len(output_size) + 1}")
        output_size = [d if v is None else v
                       for v, d in zip(output_size, shape[len(shape) - len(output_size):])]
    return check_forwarded("nn." + name, x, output_size)[1]


def _out_hw(output_size, wrong_length: str) -> tuple:
    """An adaptive pool's (H, W) from list_with_default's result, its length checked."""
    if not isinstance(output_size, (list, tuple)):
        return _tuple(output_size, 2)
    if len(output_size) != 2:
        raise TorchRuntimeError(wrong_length)
    return tuple(output_size)


def _one_int(name: str, output_size) -> int:
    """A 1-D adaptive pool's output size (PyTorch's argument check for a sequence)."""
    if isinstance(output_size, (list, tuple)):
        if len(output_size) != 1:
            raise TorchRuntimeError(f"{name}() argument 'output_size' should contain one int "
                                    f"(got {len(output_size)})")
        return int(output_size[0])
    return int(output_size)


def _lp_inf(max_pool, x, norm_type, kernel_size, stride, ceil_mode):
    """PyTorch's lp_pool for p = +-inf: the max (min) of |x| over each window; else None."""
    if isinstance(norm_type, (int, float)) and abs(norm_type) == math.inf:
        if norm_type > 0:
            return max_pool(x.abs(), kernel_size, stride, 0, 1, ceil_mode)
        return -max_pool(-x.abs(), kernel_size, stride, 0, 1, ceil_mode)
    return None


def _checked_op(name: str):
    """nn.functional's `name` as PyTorch's Python calls it (its parser checking the call)."""
    from .registry import REGISTRY
    return REGISTRY[name].fn


def _lp_finish(out, norm_type, window: int):
    """PyTorch's lp_pool tail: (sign(out) relu(|out|)) * window, to the power 1/p."""
    from .registry import REGISTRY as ops
    clipped = ops["sign"].fn(out) * ops["relu"].fn(ops["abs"].fn(out))
    return clipped.mul(window).pow(1.0 / norm_type)


@register("lp_pool2d", grad_fn="PowBackward0", namespaces=_FN, sample=fixed(
    (((1, 2, 4, 4), 2.0, 2), {}), (((1, 1, 5, 4), 3.0, [2, 3]), {"stride": 1}), lo=0.5))
def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """(sum of x^p over each window)^(1/p), composed as PyTorch: avg_pool2d(x^p) times the
    window size, to the power 1/p"""
    kw, kh = _pair(kernel_size)             # PyTorch unpacks whatever it is given
    inf = _lp_inf(max_pool2d, input, norm_type, kernel_size, stride, ceil_mode)
    if inf is not None:
        return inf
    out = _checked_op("avg_pool2d")(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return _lp_finish(out, norm_type, kw * kh)


@register("lp_pool1d", grad_fn="PowBackward0", namespaces=_FN, sample=fixed(
    (((1, 2, 5), 2.0, 2), {}), (((2, 1, 6), 1.5, 3), {"stride": 2}), lo=0.5))
def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """(sum of x^p over each window)^(1/p), composed as PyTorch's lp_pool1d"""
    refuse_complex("avg_pool1d", input)
    inf = _lp_inf(max_pool1d, input, norm_type, kernel_size, stride, ceil_mode)
    if inf is not None:
        return inf
    out = _checked_op("avg_pool1d")(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return _lp_finish(out, norm_type, kernel_size)


@register("adaptive_avg_pool2d", grad_fn="AdaptiveAvgPool2DBackward0", namespaces=_FN,
          sample=fixed((((1, 2, 5, 4), [2, 3]), {}), (((2, 4, 4), 1), {}),
                       (((1, 3, 3), (None, 2)), {})))
def adaptive_avg_pool2d(input, output_size):
    """means over windows that split H and W evenly (1x1: x.mean((-1, -2)), as PyTorch)"""
    x = check_tensor(input, "adaptive_avg_pool2d")
    o = _out_hw(list_with_default(output_size, x, "adaptive_avg_pool2d"),
                "adaptive_avg_pool2d: output_size must be 2")
    if min(o) < 0:
        raise TorchRuntimeError(f"adaptive_avg_pool2d: elements of output_size must be greater "
                                f"than or equal to 0 but received {{{o[0]}, {o[1]}}}")
    if o == (1, 1):                                   # PyTorch's mean, before its dims check
        return _mean_channels_last(x, (-1, -2), "channels_last")
    if x._data.ndim not in (3, 4):
        raise TorchRuntimeError(f"adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got "
                                f"{_shape_str(x.shape)}")
    shape = x._data.shape
    _nonempty(shape, (len(shape) - 2, len(shape) - 1), "adaptive_avg_pool2d", "input")
    float_kernel("adaptive_avg_pool2d", x)
    check_pool_output(x, shape[:-2] + o, True)
    return apply(AdaptiveAvgPool2DBackward0, (x,), windows=_AdaptiveWindows(shape[-2:], o),
                 op="adaptive_avg_pool2d")


@linear_backward("AdaptiveAvgPool3DBackwardBackward0")
class AdaptiveAvgPool3DBackward0(_AdaptiveAvgPool):
    __doc__ = _AdaptiveAvgPool.__doc__


@register("adaptive_avg_pool3d", grad_fn="AdaptiveAvgPool3DBackward0", namespaces=_FN,
          sample=fixed((((1, 2, 3, 5, 4), [2, 2, 3]), {}), (((2, 3, 4, 3), (1, None, 2)), {})))
def adaptive_avg_pool3d(input, output_size):
    """means over windows that split D, H and W evenly (1x1x1: x.mean over them)"""
    x = check_tensor(input, "adaptive_avg_pool3d")
    given = list_with_default(output_size, x, "adaptive_avg_pool3d")
    o = tuple(given) if isinstance(given, list) else (int(given),) * 3
    if len(o) != 3:
        raise TorchRuntimeError("adaptive_avg_pool3d: output_size must be 3")
    if min(o) < 0:                                    # PyTorch's text, its spacing too
        raise TorchRuntimeError(f"adaptive_avg_pool3d: elements of output_size must be greater "
                                f"than or equal to 0 but received {{{o[0]}, {o[1]},{o[2]}}}")
    if all(v == 1 for v in o):                        # PyTorch's mean, before its dims check
        return _mean_channels_last(x, (-1, -2, -3), "channels_last_3d")
    if x._data.ndim not in (4, 5):
        raise TorchRuntimeError(f"adaptive_avg_pool3d(): Expected 4D or 5D tensor, but got "
                                f"{_shape_str(x.shape)}")
    shape = x._data.shape
    _nonempty(shape, range(1, len(shape)), "adaptive_avg_pool3d", "input")
    float_kernel("adaptive_avg_pool3d_cpu", x)
    check_pool_output(x, shape[:-3] + o, True)
    return apply(AdaptiveAvgPool3DBackward0, (x,), windows=_AdaptiveWindows(shape[-3:], o),
                 op="adaptive_avg_pool3d")


@register("adaptive_avg_pool1d", grad_fn="SqueezeBackward1", namespaces=_BOTH, sample=fixed(
    (((1, 2, 5), 3), {}), (((2, 4), 1), {})))
def adaptive_avg_pool1d(input, output_size):
    """adaptive_avg_pool2d of x.unsqueeze(-2), squeezed back (as PyTorch composes it)"""
    x = check_tensor(input, "adaptive_avg_pool1d")
    o = _one_int("adaptive_avg_pool1d", output_size)
    _check_1d(x, "adaptive_avg_pool1d")
    return adaptive_avg_pool2d(x.unsqueeze(-2), (1, o)).squeeze(-2)


@_unbatched_too
class AdaptiveMaxPool2DBackward0(MaxPool2DWithIndicesBackward0):
    """d adaptive_max_pool(x) = g added into zeros at the position of each window's maximum"""

    double = _double("AdaptiveMaxPool2DBackwardBackward0")

    def forward(self, x):
        n, c, h, w = x.shape
        (hs, he), (ws, we) = _adaptive_bounds(h, self.out[0]), _adaptive_bounds(w, self.out[1])
        vals = np.empty((n, c) + self.out, dtype=x.dtype)
        idx = np.empty((n, c) + self.out, dtype=np.int64)
        for i in range(self.out[0]):                     # one window at a time
            for j in range(self.out[1]):
                win = x[:, :, hs[i]:he[i], ws[j]:we[j]]
                win = win.reshape(n, c, win.shape[2] * win.shape[3])
                a = _argmax_last_nan(win)
                vals[:, :, i, j] = np.take_along_axis(win, a[:, :, None], 2)[:, :, 0]
                ww = we[j] - ws[j]
                idx[:, :, i, j] = (hs[i] + a // ww) * w + ws[j] + a % ww
        self._extra = idx
        return vals


@register("adaptive_max_pool2d", grad_fn="AdaptiveMaxPool2DBackward0", namespaces=_FN,
          sample=fixed((((1, 2, 5, 4), [2, 3]), {}), (((2, 4, 4), 1), {})))
def adaptive_max_pool2d(input, output_size, return_indices=False):
    """maxima over windows that split H and W evenly: d/dx = g added at each maximum"""
    x = check_tensor(input, "adaptive_max_pool2d")
    given = list_with_default(output_size, x, "adaptive_max_pool2d")
    if x._data.ndim not in (3, 4):
        raise TorchRuntimeError(f"adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: "
                                f"{_shape_str(x.shape)}")
    _nonempty(x._data.shape, range(1, x._data.ndim), "adaptive_max_pool2d", "input")
    o = _out_hw(given, "adaptive_max_pool2d(): internal error: output_size.size() must be 2")
    if min(o) < 0:
        raise TorchRuntimeError(f"Trying to create tensor with negative dimension {min(o)}: "
                                f"{list(x._data.shape[:-2]) + list(o)}")
    check_pool_output(x, x._data.shape[:-2] + o, False)                 # before the window loop
    float_kernel("adaptive_max_pool2d", x)
    return _batched(x, lambda t: adaptive_max_result(AdaptiveMaxPool2DBackward0, t, o,
                                                     return_indices))


def adaptive_max_result(cls, x, out, return_indices):
    """An adaptive max pool's result (node `cls`, output size `out`), with the indices of
    the maxima when asked: those its node kept, or, when nothing is recorded, those a
    scratch node finds."""
    y = apply(cls, (x,), out=out)
    if not return_indices:
        return y
    idx = recorded_indices(y, x, cls, out=out)
    return y, given_indices(y, laid_out_like(idx, x._data) if cls.input_format else idx.copy())


@register("adaptive_max_pool1d", grad_fn="SqueezeBackward1", namespaces=_BOTH, sample=fixed(
    (((1, 2, 5), 3), {}),))
def adaptive_max_pool1d(input, output_size, return_indices=False):
    """adaptive_max_pool2d of x.unsqueeze(-2), squeezed back (as PyTorch composes it)"""
    refuse_complex("adaptive_max_pool1d", input)
    x = check_tensor(input, "adaptive_max_pool1d")
    if not isinstance(output_size, (int, list, tuple)):     # torch.adaptive_max_pool1d's parser
        from ..argparser import tp_name
        raise TorchTypeError(f"adaptive_max_pool1d(): argument 'output_size' (position 2) must "
                             f"be tuple of ints, not {tp_name(output_size)}")
    _check_1d(x, "adaptive_max_pool1d")
    o = _one_int("adaptive_max_pool1d", output_size)
    _nonempty(x._data.shape, range(1, x._data.ndim), "adaptive_max_pool1d", "input")
    r = adaptive_max_pool2d(x.unsqueeze(-2), (1, o), return_indices)
    if return_indices:
        return r[0].squeeze(-2), r[1].squeeze(-2)
    return r.squeeze(-2)


class MaxUnpool2DBackward0(Node):
    """d max_unpool2d(x, idx) = g read back at the indices (a gather); x is (N, C, H, W) or
    an unbatched (C, H, W)"""

    linear = True
    input_format = (4,)

    def forward(self, x):
        lead, flat = x.shape[:-2], (x.shape[-2] * x.shape[-1],)
        out = np.zeros(lead + (self.size[0] * self.size[1],), dtype=x.dtype)
        if out.size:                        # (ATen's kernel does not run for an empty output)
            np.put_along_axis(out, self._extra.reshape(lead + flat), x.reshape(lead + flat),
                              axis=len(lead))
        return out.reshape(lead + tuple(self.size))

    def backward(self, g):
        shape = self._in_meta[0][0]
        lead = tuple(shape[:-2])
        idx = Tensor._wrap(self.extra.reshape(lead + (shape[-2] * shape[-1],)))
        return g.reshape(lead + (self.size[0] * self.size[1],)).gather(
            len(lead), idx).reshape(shape)


def _unpool_size(x, kernel, stride, padding, output_size) -> list:
    """PyTorch's _unpool_output_size: (in - 1) * stride + kernel - 2 * padding per spatial
    dim, or output_size (with or without N, C) when within stride of it."""
    k = len(kernel)
    default = [(x.shape[-k + d] - 1) * stride[d] + kernel[d] - 2 * padding[d]
               for d in range(k)]
    if output_size is None:
        size = default
    else:
        size = output_size[2:] if len(output_size) == k + 2 else output_size
        if len(size) != k:
            raise TorchValueError(f"output_size should be a sequence containing {k} or {k + 2} "
                                  f"elements, but it has a length of '{len(size)}'")
        for d in range(k):
            low, high = default[d] - stride[d], default[d] + stride[d]
            if not low < size[d] < high:
                raise TorchValueError(f'invalid output_size "{size}" (dim {d} must be between '
                                      f'{low} and {high})')
    for d in range(k):
        negative = size[d] < 0
        if type(negative) is not bool:      # (torch._check_value's test of its condition)
            raise TorchTypeError("cond must be a bool, but got a Tensor. For tensor conditions, "
                                 "use torch._check_tensor_all() to assert that all elements "
                                 "are true." if isinstance(negative, Tensor) else
                                 f"cond must be a bool, but got {type(negative)}")
        if negative:
            raise TorchValueError("max_unpooling: output_size must contain non-negative "
                                  f"spatial dimensions, but got output_size[{d}]={size[d]}")
    return size


@register("max_unpool2d", grad_fn="MaxUnpool2DBackward0", namespaces=_FN, sample=fixed(
    (((1, 2, 2, 2), np.array([[[[0, 3], [9, 14]], [[5, 2], [8, 15]]]]), 2), {})))
def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """zeros of the unpooled size with x written at the flat indices max_pool2d returned:
    d/dx = g at those indices"""
    x = check_tensor(input, "max_unpool2d")
    kernel = _pair(kernel_size)
    stride = kernel if stride is None else _pair(stride)
    size = _unpool_size(x, kernel, stride, _pair(padding), output_size)
    return _unpool2d(x, indices, check_forwarded("nn.max_unpool2d", x, indices, size)[2])


def _unpool2d(x, indices, size):
    """ATen's max_unpool2d: its checks in its order, then the scatter node."""
    if indices._data.dtype != np.int64:
        raise TorchRuntimeError(f"elements in indices should be type int64 but got: "
                                f"{indices.dtype.legacy}")
    if len(size) != 2:
        raise TorchRuntimeError(f"There should be exactly two elements (height, width) in "
                                f"output_size, but got {len(size)} elements.")
    if x._data.ndim not in (3, 4):
        raise TorchRuntimeError(f"Input to max_unpooling2d should be a 3d or 4d Tensor, but got "
                                f"a tensor with {x._data.ndim} dimensions.")
    if indices._data.shape != x._data.shape:
        raise TorchRuntimeError(f"Expected shape of indices to be same as that of the input "
                                f"tensor ({list(x._data.shape)}) but got indices tensor with "
                                f"shape: {list(indices._data.shape)}")
    for d in range(1, x._data.ndim):
        if x._data.shape[d] == 0:
            raise TorchRuntimeError(f"max_unpooling2d_forward_out_cpu(): Expected input to have "
                                    f"non-zero size for non-batch dimensions, but got "
                                    f"{list(x._data.shape)} with dimension {d} being empty.")
    idx = indices._data
    bad = idx[(idx < 0) | (idx >= size[0] * size[1])]
    if bad.size and size[0] * size[1] and x._data.shape[0]:    # the kernel runs when it writes
        raise TorchRuntimeError(f"Found an invalid max index: {bad[-1]} (output volumes are "
                                f"of size {size[0]}x{size[1]})")   # ATen keeps the last
    return apply(MaxUnpool2DBackward0, (x,), size=tuple(size), _extra=idx)


@register("max_unpool1d", grad_fn="SqueezeBackward1", namespaces=_FN, sample=fixed(
    (((1, 2, 3), np.array([[[1, 2, 5], [0, 3, 4]]]), 2), {})))
def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """max_unpool2d over a trailing unit dimension, as PyTorch computes it"""
    x = check_tensor(input, "max_unpool1d")
    kernel = _ntuple(kernel_size, 1)
    stride = kernel if stride is None else _ntuple(stride, 1)
    size = list(_unpool_size(x, kernel, stride, _ntuple(padding, 1), output_size)) + [1]
    x, indices = x.unsqueeze(-1), indices.unsqueeze(-1)
    size = check_forwarded("nn.max_unpool2d", x, indices, size)[2]
    return _unpool2d(x, indices, size).squeeze(-1)


# -- sliding blocks (F.unfold, F.fold) and pixel shuffles -------------------------------------

def _pair(v) -> tuple:
    """torch.nn.modules.utils._pair: an iterable as a tuple, anything else twice."""
    return tuple(v) if hasattr(v, "__iter__") else (v, v)


def _two_each(**sizes) -> None:
    """im2col's and col2im's first checks: two ints each (F.unfold and F.fold pair an int,
    not a tuple of another length)."""
    for what, v in sizes.items():
        n = len(v) if isinstance(v, (list, tuple)) else 2
        if n != 2:
            raise TorchRuntimeError(f"It is expected {what} equals to 2, but got size {n}")


def _integer_refused(x: Tensor, kernel: str) -> None:
    """im2col's and col2im's kernels: floating, complex and bool types only."""
    if x._data.dtype.kind in "iu":
        raise TorchNotImplementedError(f"\"{kernel}\" not implemented for '{x.dtype.legacy}'")


def _block_args(kernel_size, dilation, padding, stride):
    k, d, p, s = (_tuple(v, 2) for v in (kernel_size, dilation, padding, stride))
    for name, v, low, what in (("kernel size", k, 1, "kernel"), ("stride", s, 1, "stride"),
                               ("dilation", d, 1, "dilation"), ("padding", p, 0, "pad")):
        if v[0] < low or v[1] < low:
            need = "be greater than zero" if low else "be non-negative"
            raise TorchRuntimeError(f"{name} should {need}, but got {what}_height: {v[0]} "
                                    f"{what}_width: {v[1]}")
    return k, d, p, s


def _blocks(size, k, d, p, s) -> tuple:
    return tuple((size[i] + 2 * p[i] - (d[i] * (k[i] - 1) + 1)) // s[i] + 1 for i in range(2))


@register("im2col", grad_fn="Im2ColBackward0", namespaces=("functional:unfold",), sample=fixed(
    (((1, 2, 4, 4), 2), {}), (((2, 1, 3, 4), [2, 3]), {"padding": 1, "stride": (2, 1)}),
    (((2, 4, 5), 2), {"dilation": (1, 2)})))
def im2col(input, kernel_size, dilation=1, padding=0, stride=1):
    """F.unfold: each sliding block of a (N, C, H, W) input as a column of C*kh*kw values:
    d/dx = the columns of g added back into their blocks (col2im)"""
    check_forwarded("nn.im2col", input, *map(_pair, (kernel_size, dilation, padding, stride)))
    x = input
    _two_each(kernel_size=kernel_size, dilation=dilation, padding=padding, stride=stride)
    k, d, p, s = _block_args(kernel_size, dilation, padding, stride)
    if x._data.ndim == 2:
        raise TorchIndexError("Dimension out of range (expected to be in range of [-2, 1], but "
                              "got 2)")
    shape = x._data.shape
    if x._data.ndim not in (3, 4) or 0 in shape[-3:]:
        raise TorchRuntimeError(f"Expected 3D or 4D (batch mode) tensor with possibly 0 batch "
                                f"size and other non-zero dimensions for input, but got: "
                                f"{list(shape)}")
    out = _blocks(shape[-2:], k, d, p, s)
    if out[0] < 1 or out[1] < 1:
        raise TorchRuntimeError(
            f"Given input with spatial size ({shape[-2]}, {shape[-1]}), kernel_size=({k[0]}, "
            f"{k[1]}), dilation=({d[0]}, {d[1]}), padding=({p[0]}, {p[1]}), calculated shape of "
            f"the array of sliding blocks as ({out[0]}, {out[1]}), but its components must be "
            f"at least one.")
    _integer_refused(x, "im2col_out_cpu")
    return apply(Im2ColBackward0, (x,), geo=(k, s, ((p[0], p[0]), (p[1], p[1])), d, out),
                 flat=True, as_given={**_block_constants(k, d, p, s),
                                      "self_sym_argsize_minus_1": shape[-1],
                                      "self_sym_argsize_minus_2": shape[-2]})


def _block_constants(k, d, p, s) -> dict:
    """im2col's and col2im's constants as PyTorch's nodes keep them (`_saved_*`)."""
    return {"kernel_size": tuple(k), "dilation": tuple(d), "padding": tuple(p),
            "stride": tuple(s)}


@register("fold", grad_fn="Col2ImBackward0", namespaces=_FN, sample=fixed(
    (((1, 8, 4), [3, 3], 2), {}), (((4, 6), [4, 3], [2, 1]), {"stride": (2, 1)}),
    (((2, 4, 9), [4, 4], 2), {"padding": 1, "stride": 2})))
def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """col2im: columns of C*kh*kw values summed into their sliding blocks of a (N, C, H, W)
    output: d/dcols = the blocks of g read as columns (im2col)"""
    check_forwarded("nn.col2im", input, *map(_pair, (output_size, kernel_size, dilation,
                                                    padding, stride)))
    x = input
    _two_each(output_size=output_size, kernel_size=kernel_size, dilation=dilation,
              padding=padding, stride=stride)
    size = _tuple(output_size, 2)
    k, d, p, s = _block_args(kernel_size, dilation, padding, stride)
    shape = x._data.shape
    if x._data.ndim not in (2, 3) or 0 in shape[-2:]:
        raise TorchRuntimeError(f"Expected 2D or 3D (batch mode) tensor for input with possibly "
                                f"0 batch size and non-zero dimensions for input, but got: "
                                f"{list(shape)}")
    if shape[-2] % (k[0] * k[1]):
        raise TorchRuntimeError(f"Expected size of input's dimension 1 to be divisible by the "
                                f"product of kernel_size, but got input.size(1)={shape[-2]} and "
                                f"kernel_size=({k[0]}, {k[1]}).")
    out = _blocks(size, k, d, p, s)
    if out[0] * out[1] != shape[-1]:
        raise TorchRuntimeError(
            f"Given output_size=({size[0]}, {size[1]}), kernel_size=({k[0]}, {k[1]}), "
            f"dilation=({d[0]}, {d[1]}), padding=({p[0]}, {p[1]}), stride=({s[0]}, {s[1]}), "
            f"expected size of input's dimension 2 to match the calculated number of sliding "
            f"blocks {out[0]} * {out[1]} = {out[0] * out[1]}, but got input.size(2)={shape[-1]}.")
    _integer_refused(x, "col2im_out_cpu")
    channels = shape[-2] // (k[0] * k[1])
    out_shape = shape[:-2] + (channels,) + size
    return apply(Col2ImBackward0, (x,), geo=(k, s, ((p[0], p[0]), (p[1], p[1])), d, out),
                 shape=out_shape, flat=True, as_given=_block_constants(k, d, p, s))


def _shuffle(x: np.ndarray, r: int) -> np.ndarray:
    *lead, c, h, w = x.shape
    y = x.reshape(*lead, c // (r * r), r, r, h, w)
    n = len(lead)
    y = y.transpose(*range(n), n, n + 3, n + 1, n + 4, n + 2)
    return np.ascontiguousarray(y.reshape(*lead, c // (r * r), h * r, w * r))


def _unshuffle(x: np.ndarray, r: int) -> np.ndarray:
    *lead, c, h, w = x.shape
    y = x.reshape(*lead, c, h // r, r, w // r, r)
    n = len(lead)
    y = y.transpose(*range(n), n, n + 2, n + 4, n + 1, n + 3)
    return np.ascontiguousarray(y.reshape(*lead, c * r * r, h // r, w // r))


class PixelShuffleBackward0(Node):
    """d pixel_shuffle(x, r) = pixel_unshuffle(g, r)"""

    input_format = (4,)

    def forward(self, x):
        return _shuffle(x, self.r)

    def backward(self, g):
        return apply(PixelUnshuffleBackward0, (g,), r=self.r)


class PixelUnshuffleBackward0(Node):
    """d pixel_unshuffle(x, r) = pixel_shuffle(g, r)"""

    def forward(self, x):
        return _unshuffle(x, self.r)

    def backward(self, g):
        return apply(PixelShuffleBackward0, (g,), r=self.r)


@register("pixel_shuffle", grad_fn="PixelShuffleBackward0", namespaces=_BOTH, sample=fixed(
    (((1, 8, 2, 3), 2), {}), (((9, 1, 2), 3), {})))
def pixel_shuffle(input, upscale_factor):
    """(*, C r^2, H, W) -> (*, C, H r, W r), each channel block spread over r x r pixels:
    d/dx = pixel_unshuffle(g)"""
    x, r = check_tensor(input, "pixel_shuffle"), int(upscale_factor)
    if x._data.ndim < 3:
        raise TorchRuntimeError(f"pixel_shuffle expects input to have at least 3 dimensions, "
                                f"but got input with {x._data.ndim} dimension(s)")
    if r <= 0:
        raise TorchRuntimeError(f"pixel_shuffle expects a positive upscale_factor, but got {r}")
    c = x._data.shape[-3]
    if c % (r * r):
        raise TorchRuntimeError(f"pixel_shuffle expects its input's 'channel' dimension to be "
                                f"divisible by the square of upscale_factor, but input.size(-3)="
                                f"{c} is not divisible by {r * r}")
    return apply(PixelShuffleBackward0, (x,), r=r, as_given={"upscale_factor": r})


@register("pixel_unshuffle", grad_fn="PixelUnshuffleBackward0", namespaces=_BOTH,
          sample=fixed((((1, 2, 4, 6), 2), {}), (((1, 3, 3), 3), {})))
def pixel_unshuffle(input, downscale_factor):
    """(*, C, H r, W r) -> (*, C r^2, H, W), the inverse of pixel_shuffle: d/dx =
    pixel_shuffle(g)"""
    x, r = check_tensor(input, "pixel_unshuffle"), int(downscale_factor)
    if x._data.ndim < 3:
        raise TorchRuntimeError(f"pixel_unshuffle expects input to have at least 3 dimensions, "
                                f"but got input with {x._data.ndim} dimension(s)")
    if r <= 0:
        raise TorchRuntimeError(f"pixel_unshuffle expects a positive downscale_factor, but got "
                                f"{r}")
    h, w = x._data.shape[-2:]
    if h % r:
        raise TorchRuntimeError(f"pixel_unshuffle expects height to be divisible by "
                                f"downscale_factor, but input.size(-2)={h} is not divisible "
                                f"by {r}")
    if w % r:
        raise TorchRuntimeError(f"pixel_unshuffle expects width to be divisible by "
                                f"downscale_factor, but input.size(-1)={w} is not divisible "
                                f"by {r}")
    return apply(PixelUnshuffleBackward0, (x,), r=r, as_given={"downscale_factor": r})


def _channel_perm(c: int, groups: int, inverse: bool = False) -> np.ndarray:
    perm = np.arange(c).reshape(groups, c // groups).T.reshape(-1)
    return np.argsort(perm) if inverse else perm


class ChannelShuffleBackward0(Node):
    """d channel_shuffle(x, g) = g's channels put back in their original order"""

    def forward(self, x):
        return np.ascontiguousarray(np.take(x, _channel_perm(x.shape[1], self.groups), axis=1))

    def backward(self, g):
        """the shuffle with C/groups groups undoes it (PyTorch's rule, so its node)"""
        return apply(ChannelShuffleBackward0, (g,), groups=g._data.shape[1] // self.groups)


@register("channel_shuffle", grad_fn="ChannelShuffleBackward0", namespaces=_BOTH,
          sample=fixed((((1, 6, 2), 2), {}), (((2, 4, 2, 1), 4), {})))
def channel_shuffle(input, groups):
    """channels regrouped: (g, C/g) read as (C/g, g): d/dx = g with the channels put back"""
    x, groups = check_tensor(input, "channel_shuffle"), int(groups)
    if x._data.ndim <= 2:
        raise TorchRuntimeError(f"channel_shuffle expects input with > 2 dims, but got input "
                                f"with sizes {list(x._data.shape)}")
    if groups <= 0:
        raise TorchRuntimeError(f"Number of groups to divide channels in must be positive. "
                                f"Value of groups:{groups}")
    c = x._data.shape[1]
    if c % groups:
        raise TorchRuntimeError(f"Number of channels must be divisible by groups. Got {c} "
                                f"channels and {groups} groups.")
    return apply(ChannelShuffleBackward0, (x,), groups=groups)


# -- normalisation ----------------------------------------------------------------------------

category("normalization")


class _Normalization(Node):
    """A normalisation node: its forward ends with the per-channel weight and bias."""

    result_like_input = True      # a float16/bfloat16 input's dtype, even with float32 weights

    def affine(self, y, w, b, shape, dtype):
        if self.has_w:
            y = y * w.reshape(shape)
        if self.has_b:
            y = y + b.reshape(shape)
        return y.astype(dtype)


_F32 = np.float32


def _stats_kernel(x, *more) -> bool:
    """Whether the normalisations follow ATen's float32 and float64 kernels (moments.py:
    batch_norm's statistics, output and gradients, group_norm's): float32 or float64
    throughout, and within moments.batch_norm_fits's limit."""
    return x.dtype in (_F32, _F64) and all(t.dtype == x.dtype for t in more) and \
        _kernel_sized(x)


def _group_kernel(x, *more) -> bool:
    """Whether group_norm follows ATen's float32 and float64 kernels (moments.group_norm and
    group_norm_backward, at any size)."""
    return x.size > 0 and x.dtype in (_F32, _F64) and all(t.dtype == x.dtype for t in more)


def _kernel_sized(x) -> bool:
    return 0 < x.size and x.ndim >= 2 and batch_norm_fits(x, get_num_threads())


_F64 = np.dtype(np.float64)


def training_stats32(x: np.ndarray, eps: float):
    """(mean, invstd) per channel of a float32 or float64 batch, as ATen's kernel computes
    and saves them (moments.batch_norm_stats, invstd)."""
    mean, var_sum = batch_norm_stats(x, get_num_threads())
    return mean, invstd(var_sum, x.size // x.shape[1], eps, x.dtype)


class NativeBatchNormBackward0(_Normalization):
    """d batch_norm: training as layer_norm over (N, *spatial) per channel,
    dx = rstd*(gh - mean(gh) - xhat*mean(gh*xhat)); evaluation dx = g*w*rstd(running);
    dw = sum(g*xhat), db = sum(g)"""

    save_inputs = (0, 1)
    # PyTorch's saved tensors the rule does not read from `saved`: the running statistics
    # (as given, so their current values), and the batch's mean and invstd (empty when
    # evaluating)
    shadows = ("running_mean", "running_var")
    shadow_results = ("result1", "result2")

    def undefined(self, i):
        return i == 1 and not self.has_w

    def shadow_undefined(self, name):
        return name in self.shadows and self.__dict__.get(name) is None

    def shadow(self, name):
        if name in self.shadows:
            return self.__dict__.get(name)
        x = self.saved[0]._data
        if not self.training:
            return wrap(np.zeros((0,), x.dtype))
        stats = self.__dict__.get("stats") or training_stats32(x, self.eps)
        return wrap(np.asarray(stats[name == "result2"], x.dtype))

    @quiet
    def forward(self, x, w, b):
        axes = (0,) + tuple(range(2, x.ndim))
        shape = (1, -1) + (1,) * (x.ndim - 2)
        if _stats_kernel(x, w, b, *(self._extra or ())):
            return self._forward_kernel(x, w, b)
        if self.training:
            mean = x.mean(axis=axes, keepdims=True)
            var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
        else:
            mean, var = self._extra[0].reshape(shape), self._extra[1].reshape(shape)
        return self.affine((x - mean) / np.sqrt(var + self.eps), w, b, shape, x.dtype)

    def _forward_kernel(self, x, w, b):
        """ATen's float32/float64 kernel (moments.batch_norm_stats and batch_norm_apply)."""
        if self.training:
            mean, inv = self.stats = training_stats32(x, self.eps)
        else:
            mean = self._extra[0].reshape(-1)
            one = x.dtype.type(1)
            with np.errstate(divide="ignore", invalid="ignore"):
                inv = one / np.sqrt(self._extra[1].reshape(-1) + x.dtype.type(self.eps))
        return batch_norm_apply(x, mean, inv, w if self.has_w else None,
                                b if self.has_b else None)

    def backward(self, g):
        x, w = self.saved
        needs = (self.needs(0), self.has_w and self.needs(1), self.has_b and self.needs(2))
        if not _enabled[0]:
            return self.grads(g, x, w, needs)
        c = self._in_meta[1][0]
        stats = (_const(x, np.zeros(c, x._data.dtype)),) * 2      # the running statistics:
        outs = apply(NativeBatchNormBackwardBackward0, (g, x, w) + stats, first=self,  # no grad
                     running=self.extra)
        return tuple(o if n else None for o, n in zip(outs, needs))

    def grads(self, g, x, w, needs):
        """The gradients' values: ATen's float32 and float64 kernels where they apply, else
        `formula`."""
        if g._data.dtype == x._data.dtype and (getattr(self, "stats", None) or not self.training
                                               and _stats_kernel(x._data, w._data,
                                                                 *self._extra)):
            return tuple(t if n else None for t, n in zip(self._backward_kernel(g, x, w),
                                                          needs))
        return self.formula(g, x, w, needs, self.extra)

    def formula(self, g, x, w, needs, extra):
        """The gradients as tensor ops of (g, x, w), so they have derivatives too (extra:
        the running statistics, for evaluation mode)."""
        nd = len(self._in_meta[0][0])
        axes = (0,) + tuple(range(2, nd))
        shape = (1, -1) + (1,) * (nd - 2)
        wb = w.reshape(shape) if self.has_w else None
        gh = g * wb if self.has_w else g
        if self.training:
            xc = x - x.mean(axes, keepdim=True)
            rstd = ((xc * xc).mean(axes, keepdim=True) + self.eps).rsqrt()
        else:
            mean, var = extra
            xc = x - _const(x, mean.reshape(shape))
            rstd = _const(x, (1.0 / np.sqrt(var.astype(np.float64) + self.eps)).reshape(shape))
        xhat = xc * rstd
        gx = gw = gb = None
        if needs[0]:
            gx = rstd * (gh - gh.mean(axes, keepdim=True)
                         - xhat * (gh * xhat).mean(axes, keepdim=True)) \
                if self.training else gh * rstd
        if needs[1]:
            gw = (g * xhat).sum(axes)
        if needs[2]:
            gb = g.sum(axes)
        return gx, gw, gb

    def _backward_kernel(self, g, x, w):
        """ATen's float32/float64 backward kernels (moments.batch_norm_backward)."""
        if self.training:
            mean, inv = self.stats
        else:
            mean = self._extra[0].reshape(-1)
            var = self._extra[1].reshape(-1).astype(np.float64)
            inv = (1 / np.sqrt(var + self.eps)).astype(x._data.dtype)   # in double, as ATen
        dx, dw, db = batch_norm_backward(
            g._data, x._data, mean, inv,
            w._data if self.has_w else None, get_num_threads(), self.training)
        return wrap(dx), wrap(dw), wrap(db)


class NativeBatchNormBackwardBackward0(Node):
    """native_batch_norm_backward(g, x, w, running_mean, running_var) = (dx, dw, db), one
    node as in PyTorch under create_graph (the running statistics never get a gradient).
    Its derivative is the first node's `formula` differentiated again."""

    n_outputs = 3
    save_inputs = (0, 1, 2)
    materialize_grads = False       # an unused output's gradient stays None

    def forward(self, g, x, w, running_mean, running_var):
        outs = self.first.grads(wrap(g), wrap(x), wrap(w), (True, True, True))
        return tuple(o._data for o in outs)

    def backward(self, ggx, ggw, ggb):
        g, x, w = self.saved
        first = self.first
        grads = vjp_again(lambda *t: first.formula(*t, (True, True, True), self.running),
                          (g, x, w), (ggx, ggw, ggb), [self.needs(i) for i in range(3)])
        return tuple(grads) + (None, None)


def vjp_again(formula, inputs, grads, needs):
    """sum_k <grads[k], d formula(*inputs)[k] / d inputs[i]> for each i that `needs`: the
    derivative of a backward whose rule is tensor ops, by running the rule again and
    differentiating it (its own graph recorded when a graph of this backward is built)."""
    from ..autograd.engine import grad
    from ..autograd.grad_mode import enable_grad
    record = _enabled[0]
    with enable_grad():       # new nodes for the inputs: the gradients in them, not the total
        ins = tuple(t.view_as(t) if record and t._requires_grad else t.detach().requires_grad_()
                    for t in inputs)  # derivatives (g is itself a function of x), recorded
        pairs = [(o, gg) for o, gg in zip(formula(*ins), grads)
                 if o is not None and gg is not None and o._requires_grad]
        wrt = [t for t, n in zip(ins, needs) if n]
        if not pairs or not wrt:
            return [None] * len(ins)
        scalars = _rule_scalars[0]
        try:
            found = iter(grad([o for o, _ in pairs], wrt, [gg for _, gg in pairs],
                              retain_graph=True, create_graph=record, allow_unused=True))
        finally:
            _rule_scalars[0] = scalars
    return [next(found) if n else None for n in needs]


def check_norm_types(x: Tensor, *params, mixed_only: bool = False) -> None:
    """ATen's CPU normalization dtype rule (mixed_data_type.h): parameters whose first given
    one has another dtype than x must all be float32, for a float16 or bfloat16 x only;
    otherwise (unless `mixed_only`: the kernels' first check) each must have x's dtype."""
    given = [p for p in params if p is not None]
    if not given:
        return
    if given[0]._data.dtype != x._data.dtype:
        if any(p._data.dtype != np.float32 for p in given):
            raise TorchRuntimeError("mixed dtype (CPU): expect parameter to have scalar type "
                                    "of Float")
        if x._data.dtype != np.float16 and x._data.dtype != dtypes.BF16_NP:
            raise TorchRuntimeError("mixed dtype (CPU): all inputs must share same datatype.")
        return
    if mixed_only:
        return
    for p in given:
        check_same_scalar_type(x, p)


def _channel_vector(t, name, c):
    if t is not None and t._data.size != c:
        raise TorchRuntimeError(f"{name} should contain {c} elements not {t._data.size}")


def _placeholder(t, x: Tensor, c: int) -> Tensor:
    return t if t is not None else wrap(np.zeros((c,), dtype=x._data.dtype))


@register("batch_norm", grad_fn="NativeBatchNormBackward0", namespaces=_FN, sample=fixed(
    (((3, 2), None, None, (2,), (2,)), {"training": True}),
    (((2, 3, 2, 2), None, None, (3,), (3,)), {"training": True}),
    (((2, 2, 3),), {"running_mean": np.array([0.5, -0.5]), "running_var": np.array([1.5, 0.5])}),
    (((2, 2, 3), None, None), {"training": True, "eps": 1e-3})))
def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-5):
    """(x - mean)/sqrt(var + eps)*w + b per channel (dim 1); training uses the batch's
    statistics and updates the running ones in place (unbiased variance), as PyTorch"""
    x = check_tensor(input, "batch_norm")
    _batch_norm_arguments(x, training, momentum, eps)
    return _batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                       (weight, bias, running_mean, running_var))


def _batch_norm_arguments(x, training, momentum, eps) -> None:
    """F.batch_norm's checks in PyTorch's order: its Python's (batch size, eps's sign), then
    torch.batch_norm's parser's (the types of training, momentum and eps)."""
    if training:
        _verify_batch_size(x)
    if training and eps <= 0.0:
        raise TorchValueError(f"batch_norm eps must be positive during training, but got {eps}")
    if eps < 0.0:
        raise TorchValueError(f"batch_norm eps must be non-negative, but got {eps}")
    check_flag(training, "batch_norm", "training", 6)
    check_float(momentum, "batch_norm", "momentum", 7)
    check_float(eps, "batch_norm", "eps", 8)


def _verify_batch_size(x) -> None:
    """F.batch_norm's _verify_batch_size: training needs more than one value per channel."""
    shape = x._data.shape
    if not shape:                                       # (its size[0])
        raise TorchIndexError("tuple index out of range")
    if math.prod(shape[:1] + shape[2:]) == 1:
        raise TorchValueError(f"Expected more than 1 value per channel when training, got "
                              f"input size {x.size()!r}")


def _batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps, typed):
    """batch_norm of tensor x, the dtypes of the tensors `typed` checked (instance_norm's
    running statistics are not)."""
    shape = x._data.shape
    c = shape[1] if x._data.ndim > 1 else 0     # (ATen reads a 1-D size's unused slot: 0)
    if x._data.size == 0:
        return _empty_batch_norm(x, weight, bias)
    for t, name in ((running_mean, "running_mean"), (running_var, "running_var")):
        if t is None and not training:            # ATen's order: each statistic, then w, b
            raise TorchRuntimeError(f"{name} must be defined in evaluation mode")
        _channel_vector(t, name, c)
    for t, name in ((weight, "weight"), (bias, "bias")):
        _channel_vector(t, name, c)
    no_requires_grad(running_mean, "running_mean", "native_batch_norm")
    no_requires_grad(running_var, "running_var", "native_batch_norm")
    if training and (running_mean is None) != (running_var is None):
        raise TorchValueError("running_mean and running_var must either both be None or "
                              "neither be None")
    if not x._data.ndim:                        # (ATen's kernel sizes a vector of ndim - 1)
        raise TorchRuntimeError("SmallVector unable to grow. Requested capacity "
                                "(18446744073709551615) is larger than maximum value for size "
                                "type (4294967295)")
    if x._data.ndim == 1:
        raise TorchIndexError("Dimension out of range (expected to be in range of [-1, 0], "
                              "but got 1)")
    float_kernel("batch_norm", x)
    check_norm_types(x, *typed)
    extra = None if training else (running_mean._data, running_var._data)
    y = apply(NativeBatchNormBackward0, (x, _placeholder(weight, x, c),
                                         _placeholder(bias, x, c)),
              training=bool(training), eps=float(eps), has_w=weight is not None,
              has_b=bias is not None, _extra=extra, running_mean=running_mean,
              running_var=running_var)
    if training and running_mean is not None:
        _update_running(x, running_mean, running_var, momentum)
    return y


def _empty_batch_norm(x: Tensor, weight, bias) -> Tensor:
    """ATen's batch norm of an empty input: a clone (not a view, to keep the graph), times
    weight[0] and plus bias[0], checking nothing else and leaving the running statistics."""
    out = x.clone()
    for t in (weight, bias):
        if t is None:
            continue
        if t.dim() and t.shape[0] == 0:             # ATen's t[0], a select()
            raise TorchIndexError(f"select(): index 0 out of range for tensor of size "
                                  f"{_shape_str(t.shape)} at dimension 0")
        out = out.mul(t[0]) if t is weight else out.add(t[0])
    return out


def _update_running(x: Tensor, running_mean: Tensor, running_var: Tensor, momentum) -> None:
    """running = (1 - momentum) * running + momentum * batch statistic (variance unbiased)."""
    n = x._data.size // x._data.shape[1]
    m = 0.1 if momentum is None else float(momentum)
    stats = [t._data.reshape(-1) if t is not None else None for t in (running_mean, running_var)]
    if _stats_kernel(x._data, *[v for v in stats if v is not None]):
        mean, var_sum = batch_norm_stats(x._data, get_num_threads())
        news = running_update(*stats, mean, var_sum, n, m)
    else:
        axes = (0,) + tuple(range(2, x._data.ndim))
        mean = x._data.mean(axis=axes)
        var = ((x._data - mean.reshape((1, -1) + (1,) * (x._data.ndim - 2))) ** 2).sum(axis=axes)
        news = [None if t is None else (1 - m) * t._data + m * v.astype(t._data.dtype)
                for t, v in ((running_mean, mean), (running_var, var / (n - 1)))]
    for t, new in zip((running_mean, running_var), news):
        if t is None:
            continue
        t._data[...] = new.reshape(t._data.shape)
        t._version_box[0] += 1


class NativeGroupNormBackward0(_Normalization):
    """d group_norm: per (sample, group) as layer_norm,
    dx = rstd*(gh - mean(gh) - xhat*mean(gh*xhat)); dw = sum(g*xhat), db = sum(g).
    native_group_norm's results: y, and each (sample, group)'s mean and rstd (N, groups),
    which it saves (group_norm returns y)."""

    input_format = (4, 5)
    save_inputs = (0, 1)
    n_outputs = 3
    materialize_grads = False
    save_output = True
    saved_results = (1, 2)

    def undefined(self, i):
        return i == 1 and not self.has_w

    @quiet
    def forward(self, x, w, b):
        n, c = x.shape[:2]
        m = self._group_size(x.shape)
        if _group_kernel(x, w, b):
            w, b = w if self.has_w else None, b if self.has_b else None
            if group_norm_layout(x) == "channels_last":     # ATen's kernels for that layout
                return group_norm_channels_last(x, self.groups, w, b, self.eps,
                                                get_num_threads())
            return group_norm_kernel(np.ascontiguousarray(x), self.groups, w, b, self.eps,
                                     with_stats=True)
        xr = x.reshape(n, self.groups, m)
        mean = xr.mean(axis=2, keepdims=True)
        var = ((xr - mean) ** 2).mean(axis=2, keepdims=True)
        rstd = 1 / np.sqrt(var + self.eps)
        y = ((xr - mean) * rstd).reshape(x.shape)
        return (self.affine(y, w, b, (1, c) + (1,) * (x.ndim - 2), x.dtype),
                mean.reshape(n, self.groups).astype(x.dtype),
                rstd.reshape(n, self.groups).astype(x.dtype))

    def backward(self, g, gmean=None, grstd=None):
        x, w, mean, rstd = self.saved
        if _enabled[0] or gmean is not None or grstd is not None:
            return self._differentiable(g, gmean, grstd, x, w, mean, rstd)
        if g is None:
            return None, None, None
        shape = self._in_meta[0][0]
        n, c = shape[:2]
        lay = (1, c) + (1,) * (len(shape) - 2)
        m = self._group_size(shape)
        if _group_kernel(x._data, g._data, mean._data, rstd._data,
                         *((w._data,) if self.has_w else ())):
            weight = w._data if self.has_w else None        # ATen's kernels (moments.py)
            if group_norm_layout(x._data) == "channels_last":
                dx, dw, db = group_norm_channels_last_backward(
                    g._data, x._data, mean._data, rstd._data, weight, self.groups,
                    get_num_threads())
            else:
                dx, dw, db = group_norm_backward(
                    np.ascontiguousarray(g._data).reshape(n, c, -1),
                    np.ascontiguousarray(x._data).reshape(n, c, -1), mean._data, rstd._data,
                    weight, self.groups)
            return (wrap(dx.reshape(shape)) if self.needs(0) else None,
                    wrap(dw) if self.has_w and self.needs(1) else None,
                    wrap(db) if self.has_b and self.needs(2) else None)
        low = x._data.dtype == np.float16 or x._data.dtype == dtypes.BF16_NP
        if low:                 # ATen's kernels compute half types in float32 (opmath)
            gx, gw, gb = self._generic(g.float(), x.float(), w.float(), shape, lay, m)
            return (gx if gx is None else gx.to(x.dtype), gw if gw is None else gw.to(w.dtype),
                    gb if gb is None else gb.to(w.dtype))
        return self._generic(g, x, w, shape, lay, m)

    def _generic(self, g, x, w, shape, lay, m):
        """the backward with tensor ops in x's dtype"""
        n = shape[0]
        xr = x.reshape(n, self.groups, m)
        xc = xr - xr.mean(2, keepdim=True)
        rstd = ((xc * xc).mean(2, keepdim=True) + self.eps).rsqrt()
        xhat = xc * rstd
        gx = gw = gb = None
        axes = (0,) + tuple(range(2, len(shape)))
        if self.needs(0):
            gh = (g * w.reshape(lay) if self.has_w else g).reshape(n, self.groups, m)
            gx = (rstd * (gh - gh.mean(2, keepdim=True)
                          - xhat * (gh * xhat).mean(2, keepdim=True))).reshape(shape)
        if self.has_w and self.needs(1):
            gw = (g * xhat.reshape(shape)).sum(axes)
        if self.has_b and self.needs(2):
            gb = g.sum(axes)
        return gx, gw, gb

    def _differentiable(self, g, gmean, grstd, x, w, mean, rstd):
        """PyTorch's infinitely_differentiable_native_group_norm_backward op for op, with the
        saved mean and rstd (so a second derivative reaches this node through them) and
        the gradients they get themselves (dmean, drstd: var_mean_backward's terms)."""
        shape = self._in_meta[0][0]
        n, c, grp = shape[0], shape[1], self.groups
        d, hw = c // grp, math.prod(shape[2:])
        s = 1.0 / (d * hw)
        big_x = x.reshape(n, grp, d, hw)
        mean_t = mean.reshape(n, grp, 1, 1)
        rstd_t = rstd.reshape(n, grp, 1, 1)
        dy = ds = db = None
        if g is not None:
            dy = g.reshape(n, grp, d, hw)
            ds = (dy * big_x).sum(3).unsqueeze_(-1)
            db = dy.sum(3).unsqueeze_(-1)
        both = gmean is not None and grstd is not None
        gx = gw = gb = None
        if self.needs(0):
            gam = w.reshape(1, grp, d, 1) if self.has_w else None
            cube = rstd_t * rstd_t * rstd_t
            dvar = None
            if grstd is not None:
                right = grstd.view(n, grp, 1, 1)
                dvar = -0.5 * cube * right
            if g is not None:
                a = rstd_t * gam if self.has_w else rstd_t
                b = ((ds * gam).sum(2) if self.has_w else ds.sum(2)).unsqueeze_(-2)
                cc = ((db * gam).sum(2) if self.has_w else db.sum(2)).unsqueeze_(-2)
                b = (cc * mean_t - b) * cube * s
                right = cc * rstd_t * s         # (C++ makes an operator's right operand
                cc = -b * mean_t - right        # first)
                right = b * big_x
                gx = a * dy + right + cc
                if both:
                    gx += self._var_mean_grad(dvar, gmean.view(n, grp, 1, 1), big_x, d * hw)
                gx = gx.reshape(shape)
            elif both:
                gx = self._var_mean_grad(dvar, gmean.view(n, grp, 1, 1), big_x,
                                         d * hw).reshape(shape)
        if self.has_w and self.needs(1) and g is not None:
            gw = ((ds - db * mean_t) * rstd_t).sum(0).reshape(c)
        if self.has_b and self.needs(2) and g is not None:
            gb = db.sum(0).reshape(c)
        return gx, gw, gb

    @staticmethod
    def _var_mean_grad(dvar, dmean, big_x, count):
        """ATen's var_mean_backward over dims (2, 3) with correction 0 and keepdim: var's
        (2 / count) * dvar * (x - mean(x)), plus dmean expanded over count"""
        part = (2.0 / count) * dvar * (big_x - big_x.mean((2, 3), keepdim=True))
        return part + dmean.expand(big_x._data.shape) / count

    def _group_size(self, shape) -> int:
        """The values in one (sample, group): spelled out, so an empty batch reshapes too."""
        return shape[1] // self.groups * math.prod(shape[2:])


@register("rms_norm", grad_fn="MulBackward0", namespaces=_BOTH, sample=fixed(
    (((2, 3), [3]), {}), (((2, 2, 3), [2, 3], (2, 3)), {"eps": 1e-3})))
def rms_norm(input, normalized_shape, weight=None, eps=None):
    """x / sqrt(mean(x^2) + eps) * w over the last dims, composed as ATen's rms_norm
    (eps defaults to the machine epsilon of float32 for half types, else of the dtype; half
    types computed in float32 and cast back, ATen's rms_norm_composite)"""
    x = check_tensor(input, "rms_norm")
    if not isinstance(normalized_shape, (tuple, list)):
        raise TorchTypeError(f"rms_norm(): argument 'normalized_shape' (position 2) must be "
                             f"tuple of ints, not {type(normalized_shape).__name__}")
    ns = tuple(int(v) for v in normalized_shape)
    k = len(ns)
    if k == 0:
        raise TorchRuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., "
                                "containing at least one element, but got normalized_shape = []")
    if weight is not None and tuple(weight.shape) != ns:
        raise TorchRuntimeError(f"Expected weight to be of same shape as normalized_shape, but "
                                f"got weight of shape {_shape_str(weight.shape)} and "
                                f"normalized_shape = {_shape_str(ns)}")
    if x._data.ndim < k or x._data.shape[x._data.ndim - k:] != ns:
        raise TorchRuntimeError(f"Given normalized_shape={_shape_str(ns)}, expected input with "
                                f"shape [*{', '.join(map(str, ns))}], but got input of size"
                                f"{_shape_str(x.shape)}")
    if x._data.dtype.kind != "f":
        raise NotImplementedError(f"\"rms_norm\" not implemented for '{x.type()[6:-6]}'")
    low = x._data.dtype == np.float16 or x._data.dtype == dtypes.BF16_NP
    if eps is None:                                   # the epsilon of the opmath type
        eps = float(np.finfo(np.float32 if low else x._data.dtype).eps)
    if weight is not None and weight._data.dtype != x._data.dtype:
        from ..errors import warn_once                # TORCH_WARN_ONCE: whatever the dtypes
        xn, wn = (_CPP_NAMES.get(t.dtype.name) for t in (x, weight))
        warn_once(f"Mismatch dtype between input and weight: input dtype = {xn}, weight "
                  f"dtype = {wn}, Cannot dispatch to fused implementation. (Triggered "
                  f"internally at /__w/pytorch/pytorch/aten/src/ATen/native/layer_norm.cpp:"
                  f"346.)", stacklevel=2, key="rms_norm mismatch")
    dims = tuple(range(x._data.ndim - k, x._data.ndim))
    from .arith import AddBackward1                   # ATen's add_(eps): add.Scalar
    up = x.float() if low else x                      # rms_norm_composite: upcast, then
    out = up.mul(apply(AddBackward1, (up.pow(2).mean(dims, keepdim=True),), other=eps).rsqrt())
    out = out if weight is None else out.mul(weight)
    if out._data.dtype != x._data.dtype:              # ...type_as(input)
        out = out.to(x.dtype)
    from .shape import suggest_memory_format
    if suggest_memory_format(x._data).startswith("channels_last"):
        return out
    return out.contiguous()         # (ATen's result.contiguous(): a clone of a strided one)


@register("group_norm", grad_fn="NativeGroupNormBackward0", namespaces=_BOTH, sample=fixed(
    (((2, 4, 3), 2, (4,), (4,)), {}), (((1, 2, 2, 2), 1), {}),
    (((2, 3), 3, (3,), None), {"eps": 1e-3})))
def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """(x - mean)/sqrt(var + eps) over each group of channels (and all positions), then
    w*y + b per channel: one fused node as in PyTorch"""
    return _group_norm(input, num_groups, weight, bias, eps, True)


def _group_norm(input, num_groups, weight, bias, eps, verify: bool, stats: bool = False):
    """group_norm, with F.group_norm's check of more than one value per group when `verify`
    (torch.group_norm, ATen's, has none); with `stats`, native_group_norm's (y, mean, rstd)."""
    refuse_complex("group_norm", input)
    x = check_tensor(input, "group_norm")
    if x._data.ndim < 2 and not verify:         # ATen reads input.sym_size(0) and (1) first
        if x._data.ndim == 0:
            raise TorchIndexError("Dimension specified as 0 but tensor has no dimensions")
        wrap_dim(1, 1)
    if x._data.ndim < 2:
        raise TorchRuntimeError(f"Expected at least 2 dimensions for input tensor but "
                                f"received {x._data.ndim}")
    c = x._data.shape[1]
    if verify:                  # F.group_norm's _verify_batch_size, before ATen's checks
        size = [x._data.shape[0] * c // num_groups, num_groups] + list(x._data.shape[2:])
        if size[0] * int(np.prod(size[2:])) == 1:
            raise TorchValueError(f"Expected more than 1 value per channel when training, got "
                                  f"input size {size}")
        num_groups, weight, bias, eps = check_forwarded(   # (then its torch.group_norm call,
            "torch.group_norm", x, num_groups, weight, bias, eps, True)[1:5]  # PyTorch's parser)
    if num_groups <= 0:
        raise TorchRuntimeError(f"Expected num groups to be greater than 0, got {num_groups}")
    if c % num_groups:
        raise TorchRuntimeError(f"Expected number of channels in input to be divisible by "
                                f"num_groups, but got input of shape {_shape_str(x.shape)} and "
                                f"num_groups={num_groups}")
    for t, name in ((weight, "weight"), (bias, "bias")):
        if t is not None and (t._data.ndim != 1 or t._data.size != c):
            # (ATen's bias message shows the weight's sizes: [0] when it is undefined)
            shown = _shape_str(weight.shape) if weight is not None else "[0]"
            raise TorchRuntimeError(f"Expected {name} to be a vector of size equal to the "
                                    f"number of channels in input, but got {name} of shape "
                                    f"{shown} and input of shape "
                                    f"{_shape_str(x.shape)}")
    check_norm_types(x, weight, bias)
    float_kernel("GroupNormKernelImpl", x)
    return apply(NativeGroupNormBackward0, (x, _placeholder(weight, x, c),
                                            _placeholder(bias, x, c)),
                 groups=int(num_groups), eps=float(eps), has_w=weight is not None,
                 has_b=bias is not None, as_given={
                     "N": x._data.shape[0], "C": c, "HxW": math.prod(x._data.shape[2:]),
                     "group": num_groups})[slice(None) if stats else 0]


@register("instance_norm", grad_fn="ViewBackward0", namespaces=_FN, sample=fixed(
    (((2, 2, 3),), {}), (((2, 2, 2, 2), None, None, (2,), (2,)), {})))
def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None,
                  use_input_stats=True, momentum=0.1, eps=1e-5):
    """batch_norm of x viewed as (1, N*C, *spatial), viewed back (PyTorch's composition)"""
    return _instance_norm(input, running_mean, running_var, weight, bias, use_input_stats,
                          momentum, eps, True)


def _instance_norm(input, running_mean, running_var, weight, bias, use_input_stats, momentum,
                   eps, verify: bool):
    """instance_norm, with F.instance_norm's check of more than one spatial element when
    `verify` (torch.instance_norm, ATen's, has none)."""
    x = check_tensor(input, "instance_norm")
    shape = x._data.shape
    n, c = shape[:2]
    if verify and use_input_stats and math.prod(shape[2:]) == 1:     # F.instance_norm's _verify_spatial_size
        raise TorchValueError(f"Expected more than 1 spatial element when training, got "
                              f"input size {x.size()!r}")
    w = None if weight is None else weight.repeat(n)    # (PyTorch's order of nodes:
    b = None if bias is None else bias.repeat(n)        # the repeats, then the view)
    rm = None if running_mean is None else running_mean.repeat(n)
    rv = None if running_var is None else running_var.repeat(n)
    xr = x.contiguous().view((1, n * c) + shape[2:])
    out = _batch_norm(xr, rm, rv, w, b, use_input_stats, momentum, eps, (w, b))
    with no_grad():
        for run, rep in ((running_mean, rm), (running_var, rv)):
            if run is not None and use_input_stats:      # an empty batch's mean: NaN, as ATen
                new = torch_mean(rep._data.reshape(n, c), axis=0) if n else np.nan
                run._data[...] = np.asarray(new).astype(run._data.dtype)
                run._version_box[0] += 1
    return out.view(shape)


# -- embedding --------------------------------------------------------------------------------

category("embedding")


class EmbeddingBackward0(Node):
    """d weight[idx] = g rows added into zeros at idx (none into padding_idx)"""

    linear = True       # forward AD: the tangent's rows at idx, padding_idx's too (auto_linear)

    def forward(self, w):
        return w[self._extra]

    def backward(self, g):
        return fused(EmbeddingDenseBackwardBackward0, (g,), idx=self.extra,
                     vocab=self._in_meta[0][0][0], padding_idx=self.padding_idx,
                     scale_grad_by_freq=self.scale_grad_by_freq)


def _freq_scaled_rows(rows: np.ndarray, idx: np.ndarray, keep: np.ndarray,
                      vocab: int) -> np.ndarray:
    """ATen's embedding_dense_backward_cpu with scale_grad_by_freq: each kept row added in
    order into its index's row with alpha 1/count (grad_weight[k].add_(grad[i], scale): a
    fused multiply-add, in float for float16/bfloat16)."""
    from ..fpmath import fma
    counts = np.bincount(idx, minlength=vocab)
    reduced = rows.dtype == np.float16 or rows.dtype == dtypes.BF16_NP
    op = np.float32 if reduced else rows.dtype
    out = np.zeros((vocab, rows.shape[1]), dtype=op)
    src = rows.astype(op)
    for i in np.flatnonzero(keep).tolist():
        k = idx[i]
        out[k] = fma(np.full(rows.shape[1], 1.0 / counts[k], dtype=op), src[i], out[k])
    return dtypes.convert(out, rows.dtype) if reduced else out


class EmbeddingDenseBackwardBackward0(FusedBackward):
    """embedding_dense_backward(g): g's rows added into zeros at idx (scaled by 1/count with
    scale_grad_by_freq, none into padding_idx). Its derivative is PyTorch's
    embedding_dense_double_backward: gg's rows at idx (zero at padding_idx), which does not
    divide by the counts even with scale_grad_by_freq (as PyTorch)."""

    constants = ("idx", "vocab", "padding_idx", "scale_grad_by_freq")

    @staticmethod
    def rule(g, *, idx, vocab, padding_idx, scale_grad_by_freq):
        idx = idx.reshape(-1)
        dim = g._data.shape[-1]
        rows = g.reshape(-1, dim)
        keep = np.ones(idx.shape, dtype=bool) if padding_idx is None else idx != padding_idx
        if scale_grad_by_freq:
            return wrap(_freq_scaled_rows(rows._data, idx, keep, vocab))
        if not keep.all():
            rows = rows * _const(g, keep[:, None])
        full = wrap(np.ascontiguousarray(np.broadcast_to(idx[:, None], (idx.size, dim))))
        return scatter_add(wrap(np.zeros((vocab, dim), dtype=g._data.dtype)), 0, full, rows)

    def backward(self, gg):
        flat = self.idx.reshape(-1)
        rows = gg.index_select(0, wrap(flat))
        if self.padding_idx is not None:
            rows = rows.masked_fill(wrap((flat == self.padding_idx)[:, None]), 0)
        return rows.view(self.idx.shape + (gg._data.shape[-1],))


@register("embedding", grad_fn="EmbeddingBackward0", namespaces=_FN, sample=fixed(
    ((np.array([[0, 2], [2, 3]]), (4, 3)), {}), ((np.array([1, 0, 1]), (3, 2)), {})))
def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,
              scale_grad_by_freq=False, sparse=False):
    """rows of weight at the indices: d/dweight = g rows added at them (padding_idx gets none)"""
    idx_t = check_tensor(input, "embedding", "indices")
    w = check_tensor(weight, "embedding", "weight", 2)
    if sparse:
        raise TorchRuntimeError("gradcli has no sparse tensors (embedding(..., sparse=True))")
    if padding_idx is not None and not w._data.ndim:   # (F.embedding's weight.size(0))
        raise TorchIndexError("Dimension specified as 0 but tensor has no dimensions")
    vocab = w._data.shape[0] if w._data.ndim else 0     # (a 0-d weight: "must be 2-D" below)
    if padding_idx is not None:
        if not -vocab <= padding_idx < vocab:
            raise TorchAssertionError("Padding_idx must be within num_embeddings")
        padding_idx = padding_idx % vocab
    idx = idx_t._data
    if max_norm is not None:                       # PyTorch renorms before it looks up
        check_renorm_dim(w)
        _check_indices(idx_t, "#2", "embedding_renorm_")
        _renorm_rows(w, idx, max_norm, norm_type)
    if w._data.ndim != 2:
        raise TorchRuntimeError("'weight' must be 2-D")
    _check_indices(idx_t, "#1", "embedding")
    if idx.size and vocab == 0:                     # index_select's check of an empty weight
        raise TorchRuntimeError("index_select(): self indexing axis dim should be positive")
    if idx.size and (idx.min() < 0 or idx.max() >= vocab):
        raise TorchIndexError("index out of range in self")
    return apply(EmbeddingBackward0, (w,), padding_idx=padding_idx,
                 scale_grad_by_freq=bool(scale_grad_by_freq), _extra=idx.astype(np.int64),
                 _watched=watched(idx_t))


def _check_indices(idx_t: Tensor, position: str, fn: str) -> None:
    if idx_t._data.dtype not in (np.int64, np.int32):
        raise TorchRuntimeError(f"Expected tensor for argument {position} 'indices' to have one "
                                f"of the following scalar types: Long, Int; but got "
                                f"{dtypes.aten_type_string(idx_t.dtype)} instead (while "
                                f"checking arguments for {fn})")


def check_renorm_dim(w: Tensor) -> None:
    """embedding_renorm_'s first check (checkDim of its self, before the indices' type)."""
    if w._data.ndim != 2:
        raise TorchRuntimeError(f"Expected 2-dimensional tensor, but got {w._data.ndim}-"
                                f"dimensional tensor for argument #1 'self' (while checking "
                                f"arguments for embedding_renorm_)")


def _renorm_rows(w: Tensor, idx: np.ndarray, max_norm, norm_type) -> None:
    """PyTorch's embedding_renorm_: for each distinct index in ascending order (a select, so
    negative ones wrap and others out of range raise select's error), a row whose norm (in
    the weight's dtype) exceeds max_norm is multiplied by max_norm / (norm + 1e-7), rounded
    to the dtype; in place and without a gradient."""
    vocab, width = w._data.shape
    rows = np.unique(idx.reshape(-1))
    bad = rows[(rows < -vocab) | (rows >= vocab)]
    if bad.size:
        raise TorchIndexError(f"select(): index {bad[0]} out of range for tensor of size "
                              f"[{vocab}, {width}] at dimension 0")
    rows = np.unique(rows % vocab) if rows.size else rows
    data = w._data[rows]
    dtype = w._data.dtype
    norms = np.linalg.norm(data.astype(np.float64), ord=norm_type, axis=1).astype(dtype)
    norms = norms.astype(np.float64)
    scale = np.where(norms > max_norm, max_norm / (norms + 1e-7), 1.0).astype(dtype)
    w._data[rows] = data * scale[:, None]
    w._version_box[0] += 1


class EmbeddingBagBackward0(Node):
    """d bag(weight) = g of each bag added into the rows it gathered, times each row's scale
    (1, 1/bag size for mean, the per-sample weight); for max, into the rows that won"""

    # PyTorch's saved tensors (the rule reads gradcli's own layout): the indices and
    # offsets as given, the per-sample weights, the weight when those need a gradient, and
    # ATen's offset2bag, bag_size and max_indices results
    shadows = ("indices", "offsets", "per_sample_weights", "weight")
    shadow_results = ("result1", "result2", "result3")

    def shadow_undefined(self, name):
        return name == "per_sample_weights" and self.psw_t is None or \
            name == "weight" and not self.psw_needs

    def shadow(self, name):
        if self.shadow_undefined(name):
            return None
        if name == "weight":
            return self.weight_t
        if name == "per_sample_weights":
            return self.psw_t
        if name in ("indices", "offsets"):
            return self.__dict__[name]
        return wrap(self.results[int(name[-1]) - 1].astype(self.itype))

    def jvp(self, inputs, tangents, out):
        """PyTorch has no forward-mode rule for _embedding_bag"""
        from ..autograd import forward_ad
        raise forward_ad.unsupported("_embedding_bag")

    def forward(self, w, psw):
        psw = psw if self.n_inputs == 2 else None      # else a placeholder: a None edge
        out = np.zeros((len(self.starts), w.shape[1]), dtype=w.dtype)
        for b, (lo, hi) in enumerate(zip(self.starts, self.ends)):
            keep = [k for k in range(lo, hi) if self.idx[k] != self.padding_idx]
            if keep and self.mode == "max":
                rows = w[self.idx[keep]]
                self.winners[b] = self.idx[keep][np.argmax(rows, axis=0)]
                out[b] = rows.max(axis=0)
            elif keep:
                out[b] = _bag_sum(w, self.idx, keep, psw)
                if self.mode == "mean":
                    out[b] = out[b] / w.dtype.type(self.sizes[b])
        return out

    def backward(self, g):
        """The gradients' values, as nodes PyTorch does not differentiate under create_graph:
        weight's an EmbeddingBagBackwardBackward0 (_embedding_bag_backward), the per-sample
        weights' a NotImplemented node"""
        from .misc import EmbeddingBagBackwardBackward0, no_derivative
        with no_grad():
            gw, gp = self._values(g)
        gw = no_derivative(EmbeddingBagBackwardBackward0, gw._data,
                           (g,) if self.n_inputs == 1 else (g, self.psw_t))
        if gp is not None and _enabled[0] and (g._requires_grad or
                                               self.weight_t._requires_grad):
            from ..autograd.graph import NotImplemented_
            gp = apply(NotImplemented_, tuple(t for t in (g, self.weight_t) if t._requires_grad),
                       value=gp._data, message="derivative for aten::_embedding_bag_per_sample_"
                       "weights_backward is not implemented")
        return gw, gp

    def _values(self, g):
        w_shape = self._in_meta[0][0]
        if self.mode == "max":
            return self._max_grad(g, w_shape), None
        k = self.positions
        rows = g.index_select(0, wrap(self.bag_of[k]))
        gw = wrap(self._weight_grad(g._data, w_shape))
        if self.n_inputs == 1:
            return gw, None
        k = self.psw_positions
        rows = g.index_select(0, wrap(self.bag_of[k]))
        picked = self.weight_t.index_select(0, wrap(self.idx[k]))
        if g.dtype in _REDUCED:         # ATen's dot_impl: accumulated in float, rounded once
            dots = (rows.float() * picked.float()).sum(1).to(g.dtype)
        else:
            dots = (rows * picked).sum(1)
        return gw, g.new_zeros((len(self.idx),)).index_add(0, wrap(k), dots)

    def _weight_grad(self, g, w_shape):
        """ATen's _embedding_bag_dense_backward_cpu_sum_mean: for each position, its bag's
        gradient row axpy'd (fused) into its index's row with the scale (the sample's
        weight, over the index's count with scale_grad_by_freq, over the bag's size for
        mean) taken in double and rounded to the dtype; each row's terms in position order."""
        from ..fpmath import fma
        k = self.positions
        index, bags = self.idx[k], self.bag_of[k]
        scale = np.ones(k.size) if self.n_inputs == 1 else \
            self.psw_t._data[k].astype(np.float64)
        if self.by_freq:
            scale = scale / _bag_group_counts(self.idx)[index]
        if self.mode == "mean":
            size = self.sizes[bags]
            scale = np.where(size != 0, scale / np.maximum(size, 1), scale)
        scale = dtypes.convert(scale, g.dtype)
        gw = np.zeros(w_shape, g.dtype)
        # float16/bfloat16: c10's Half arithmetic, a * x rounded, then + y rounded
        reduced = g.dtype == np.float16 or g.dtype == dtypes.BF16_NP
        rank = np.zeros(k.size, np.int64)           # each position's turn at its index's row
        seen: dict = {}
        for j, i in enumerate(index.tolist()):
            rank[j] = seen[i] = seen.get(i, -1) + 1
        with np.errstate(all="ignore"):
            for r in range(int(rank.max()) + 1 if k.size else 0):
                sel = rank == r
                if reduced:
                    f32 = np.float32
                    prod = dtypes.convert(scale[sel, None].astype(f32) * g[bags[sel]].astype(f32),
                                          g.dtype)
                    gw[index[sel]] = dtypes.convert(prod.astype(f32) +
                                                    gw[index[sel]].astype(f32), g.dtype)
                    continue
                gw[index[sel]] = fma(scale[sel, None], g[bags[sel]], gw[index[sel]])
        return gw

    def _max_grad(self, g, w_shape):
        bags = [b for b in range(len(self.starts)) if b in self.winners]
        if not bags:
            return g.new_zeros(w_shape)
        dim = w_shape[1]
        flat = np.concatenate([self.winners[b] * dim + np.arange(dim) for b in bags])
        vals = g.index_select(0, wrap(np.array(bags, dtype=np.int64))).reshape(-1)
        return g.new_zeros((w_shape[0] * dim,)).index_add(0, wrap(flat), vals).view(w_shape)


def _bag_group_counts(idx: np.ndarray) -> np.ndarray:
    """The count each index's gradient is divided by with scale_grad_by_freq, as ATen's
    _embedding_bag_dense_backward_cpu_sum_mean reads it: the i-th distinct index (in sorted
    order) takes counts[sorted_indices[i]], the count of the i-th smallest index, not its
    own (so only the smallest index is divided by its own count)."""
    counts = np.bincount(idx)
    ordered = np.sort(idx)
    distinct = np.unique(idx)
    taken = np.zeros(counts.size, dtype=np.float64)
    taken[distinct] = counts[ordered[:distinct.size]]
    return taken


def bag_results(w: Tensor, idx: np.ndarray, offsets: np.ndarray, mode: int,
                include_last: bool, pad) -> tuple:
    """ATen's _embedding_bag results beside the bags (int64 arrays): offset2bag (each
    index's bag; empty for a sum on ATen's fast path, which makes none: a float32, float16
    or bfloat16 weight with unit column stride and no padding row), bag_size (each bag's
    count of non-padding indices; zeros for sum) and max_indices (the rows that won each
    column for max, bag_size for mean, zeros for sum). As ATen, indices past the last
    offset belong to the last bag."""
    starts = offsets[:-1] if include_last and offsets.size else offsets
    bags = starts.size
    bag_of = np.searchsorted(starts, np.arange(idx.size), side="right") - 1
    keep = np.ones(idx.size, dtype=bool) if pad is None else idx != pad
    keep &= bag_of >= 0                 # (no bags: no offsets)
    zeros = np.zeros(bags, dtype=np.int64)
    data = w._data
    if mode == 0:
        fast = _index_select_fast_path(w, pad)
        return np.zeros(0, np.int64) if fast else bag_of, zeros, zeros.copy()
    sizes = np.bincount(bag_of[keep], minlength=bags).astype(np.int64) if keep.any() else zeros
    if mode == 1:
        return bag_of, sizes, sizes.copy()
    winners = np.zeros((bags, data.shape[1]), dtype=np.int64)
    for b in range(bags):
        rows = idx[keep & (bag_of == b)]
        if rows.size:
            winners[b] = rows[np.argmax(data[rows], axis=0)]
    return bag_of, sizes, winners


def _bag_sum(w, idx, keep, psw):
    """Rows added in order, as PyTorch's kernels: per-sample weights with a fused
    multiply-add in float32 (fbgemm's), out + row * weight rounded twice in other dtypes
    (index_select_scale_add, a file built without FMA)."""
    from ..fpmath import fma
    acc = np.zeros(w.shape[1], dtype=w.dtype)
    for k in keep:
        if psw is None:
            acc = acc + w[idx[k]]
        elif w.dtype == np.float32:
            acc = fma(np.full_like(acc, psw[k]), w[idx[k]], acc).astype(w.dtype)
        else:
            acc = acc + w[idx[k]] * psw[k]
    return acc


@register("embedding_bag", grad_fn="EmbeddingBagBackward0", namespaces=_FN, sample=fixed(
    ((np.array([1, 2, 4, 1, 3]), (5, 3), np.array([0, 2])), {}),
    ((np.array([[0, 2], [3, 3]]), (4, 2)), {"mode": "sum"}),
    ((np.array([1, 2, 0, 3]), (4, 2), np.array([0, 1, 1]), None, 2, False, "sum", False,
      (4,)), {}),
    ((np.array([1, 2, 3, 0]), (4, 3), np.array([0, 3])), {"mode": "max"}),
    ((np.array([1, 0, 2, 0]), (3, 2), np.array([0, 2, 4])),
     {"padding_idx": 0, "include_last_offset": True})),
    no_second_order="the derivative for '_embedding_bag_backward' is not implemented.")
def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2,
                  scale_grad_by_freq=False, mode="mean", sparse=False, per_sample_weights=None,
                  include_last_offset=False, padding_idx=None):
    """sum, mean or max of the weight rows each bag of indices picks (a bag per offset, or
    per row of a 2-D input): d/dweight = g of each bag added back into its rows (scaled)"""
    # the legacy embedding_bag(weight, input, ...) order, recognised and swapped back
    if getattr(weight, "dtype") is dtypes.int64 and getattr(input, "is_floating_point")():
        warnings.warn("Argument order of nn.functional.embedding_bag was changed. Usage "
                      "`embedding_bag(weight, input, ...)` is deprecated, and should now be "
                      "`embedding_bag(input, weight, ...)`.", stacklevel=2)
        weight, input = input, weight
    w, psw = weight, per_sample_weights
    if psw is not None:
        getattr(input, "size")      # PyTorch's input.size(): Python's refusal of a non-tensor
    if psw is not None and tuple(input.shape) != tuple(psw.shape):
        raise TorchValueError(f"embedding_bag: If per_sample_weights ({psw.shape}) is not None, "
                              f"then it must have the same shape as the input ({input.shape})")
    if w.dim() != 2:
        raise TorchValueError(f"weight has to be a 2D Tensor, but got Tensor of dimension "
                              f"{w.dim()}")
    getattr(input, "dim")           # and its input.dim()
    idx_t = check_tensor(input, "embedding_bag", "input")
    layout = _bag_layout(idx_t, offsets)
    idx, starts = (a.astype(np.int64) for a in layout)
    if psw is not None and psw.dim() == 2:      # as F.embedding_bag flattens it (a view)
        psw = psw.reshape(-1)
    mode_checks = {"sum": None, "mean": None, "max": None}
    if mode not in mode_checks:
        raise TorchValueError("mode has to be one of sum, mean or max")
    if mode == "max" and scale_grad_by_freq:
        raise TorchValueError("max mode does not support scaling the gradient by the frequency")
    if sparse:
        raise TorchRuntimeError("gradcli has no sparse tensors (embedding_bag(..., sparse=True))")
    if max_norm is not None:
        _renorm_rows(w, idx, max_norm, norm_type)
    if psw is not None and mode != "sum":
        raise NotImplementedError(f"embedding_bag: per_sample_weights was not None. "
                                  f"per_sample_weights is only supported for mode='sum' (got "
                                  f"mode='{mode}'). Please open a feature request on GitHub.")
    return _embedding_bag(w, psw, layout, mode, scale_grad_by_freq, include_last_offset,
                          padding_idx)


def _bag_layout(idx_t, offsets):
    """(flat indices, bag starts) from a 1-D input with offsets or a 2-D input, in their
    dtypes (a 2-D input's offsets in its own, as F.embedding_bag makes them)."""
    if idx_t.dim() == 2:
        if offsets is not None:
            raise TorchValueError(f"if input is 2D, then offsets has to be None, as input is "
                                  f"treated is a mini-batch of fixed length sequences. However, "
                                  f"found offsets of type {_type_str(offsets)}")
        n, length = idx_t._data.shape
        return idx_t._data.reshape(-1), np.arange(0, n * length, max(length, 1),
                                                   dtype=idx_t._data.dtype)
    if idx_t.dim() != 1:
        raise TorchValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension "
                              f"{idx_t.dim()}")
    if offsets is None:
        raise TorchValueError("offsets has to be a 1D Tensor but got None")
    if offsets.dim() != 1:
        raise TorchValueError("offsets has to be a 1D Tensor")
    return idx_t._data, offsets._data


def _type_str(v) -> str:
    return "<class 'torch.Tensor'>" if isinstance(v, Tensor) else str(type(v))


def _bag_dtypes(w, layout, psw):
    """ATen's check_arguments of embedding_bag: indices and offsets (promoted to one type
    first, by promoteIndicesAndOffsets) Long or Int, a floating weight, and per-sample
    weights of the weight's type."""
    def refuse(name, d, allowed):
        raise TorchRuntimeError(f"Expected tensor for argument #1 '{name}' to have one of the "
                                f"following scalar types: {allowed}; but got "
                                f"{dtypes.aten_type_string(d)} instead (while checking "
                                f"arguments for embedding_bag)")
    index = dtypes._promote2(*(dtypes.to_dtype(a.dtype) for a in layout))
    if index not in (dtypes.int64, dtypes.int32):
        refuse("indices", index, "Long, Int")
    if w.dtype not in (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64):
        refuse("weight", w.dtype, "Half, BFloat16, Float, Double")
    if psw is not None and psw.dtype is not w.dtype:
        raise TorchRuntimeError(f"Expected tensor for argument #1 'weight' to have the same "
                                f"type as tensor for argument #1 'per_sample_weights'; but "
                                f"type {dtypes.aten_type_string(w.dtype)} does not equal "
                                f"{dtypes.aten_type_string(psw.dtype)} (while checking "
                                f"arguments for embedding_bag)")


def _index_select_fast_path(w, padding_idx) -> bool:
    """ATen's is_fast_path_index_select: sum and mean bags of a float32, float16 or bfloat16
    weight with unit-stride rows and no padding_idx run FBGEMM's kernel."""
    data = w._data
    return padding_idx is None and w.dtype in (dtypes.float32,) + _REDUCED and (
        data.shape[1] <= 1 or data.strides[1] == data.itemsize)


def _fast_bag_index_check(idx, offsets, vocab) -> None:
    """The index check of ATen's fast path of sum and mean bags (FBGEMM's kernel: float32,
    float16 or bfloat16 weights with unit-stride rows, no padding_idx): the bags are split
    among the threads as at::parallel_for splits them, each chunk run by the kernel, and a
    chunk with an index out of range is reported by fbgemm_spmdm_report_error_, which reads
    the chunk's offsets as they are (absolute) but its indices from the chunk's first one: a
    chunk other than the first then fails its `i < index_size` check (PyTorch's text, bug
    included). Indices after the last offset (include_last_offset) are never read. The first
    failing chunk's error is raised (thread 0's, as torch reports it here)."""
    count = len(offsets) - 1
    if count <= 0:
        return
    from .predicates import get_num_threads
    threads = get_num_threads()
    ways = min(threads, count) if count > 1 else 1
    step = -(-count // ways)
    for first in range(0, count, step):
        last = min(count, first + step)
        base, index_size = offsets[first], offsets[last] - offsets[first]
        chunk = idx[base:offsets[last]]
        if not ((chunk < 0) | (chunk >= vocab)).any():
            continue                                   # the kernel succeeded
        for m in range(first, last):
            for i in range(offsets[m], offsets[m + 1]):
                if not i < index_size:
                    raise TorchRuntimeError(
                        "Expected i < index_size to be true, but got false.  (Could this "
                        "error message be improved?  If so, please report an enhancement "
                        "request to PyTorch.)")
                value = idx[base + i]
                if not 0 <= value < vocab:
                    raise TorchRuntimeError(f"Index {i} of input takes value {value} which is "
                                            f"not in the valid range [0, {vocab})")
        if offsets[last] != index_size:
            raise TorchRuntimeError(
                "Your input appears to be incorrect: the last offset value should be the "
                "size of the indices tensor, but it seems not to be the case.")


def _embedding_bag(w, psw, layout, mode, by_freq, include_last, padding_idx):
    idx, starts = (a.astype(np.int64) for a in layout)
    vocab = w._data.shape[0]
    if padding_idx is not None:
        if not -vocab <= padding_idx < vocab:
            raise TorchRuntimeError(f"padding_idx must be within the number of embeddings, "
                                    f"-{vocab} through {vocab - 1}, but got {padding_idx}")
        padding_idx %= vocab
    _bag_dtypes(w, layout, psw)
    if include_last and not starts.size:
        raise TorchRuntimeError("include_last_offset: number of offset should be at least 1")
    if starts.size and starts[0] != 0:
        raise TorchRuntimeError(f"offsets[0] has to be 0, i.e., the first sequence in the "
                                f"mini-batch has to start from position 0. However, got "
                                f"{starts[0]}\n[ torch.LongTensor{{}} ]")   # sic: PyTorch's
    if starts.size and starts[-1] > idx.size:
        raise TorchRuntimeError(f"offsets[-1] can not be greater than input's length "
                                f"{idx.size} but got offsets[-1] of {starts[-1]}")
    if mode != "max" and _index_select_fast_path(w, padding_idx) and \
            (psw is None or psw._data.size <= 1 or psw._data.strides[0] == psw._data.itemsize):
        _fast_bag_index_check(idx, starts if include_last else np.append(starts, idx.size),
                              vocab)
    else:
        bad = idx[(idx < 0) | (idx >= vocab)]
        if bad.size:
            raise TorchRuntimeError(f"embedding_bag: Expected idx >= 0 && idx < num_embeddings "
                                    f"but found idx to be {bad[0]}")
    # what PyTorch's node keeps, as it keeps it (its tensors: the node's `shadow`)
    given = {"mode": ("sum", "mean", "max").index(mode),
             "padding_idx": -1 if padding_idx is None else padding_idx,
             "scale_grad_by_freq": bool(by_freq), "sparse": False, "weight_sym_argsize_0": vocab}
    ends = np.append(starts[1:], idx.size)
    reach = ends                  # where each bag's size (mean) and its max reach
    if include_last and starts.size:
        # ATen with include_last_offset: the indices after the last offset belong to the
        # last bag (its size, its max, the per-sample weights' gradient); the fast path's
        # sums (float32 or reduced, no padding row) stop at that offset, and its sum's
        # weight gradient leaves them out
        starts, ends = starts[:-1], ends[:-1]
        reach = np.append(ends[:-1], idx.size) if ends.size else ends
        if not _index_select_fast_path(w, padding_idx):
            ends = reach
    reached = np.repeat(np.arange(len(starts)), reach - starts)
    bag_of = np.repeat(np.arange(len(starts)), ends - starts)
    summed = bag_of.size if mode == "sum" else reached.size
    kept = [k for k in range(len(reached)) if idx[k] != padding_idx]
    positions = np.array([k for k in kept if k < summed], dtype=np.int64)
    psw_positions = np.array(kept, dtype=np.int64)
    bag_of = reached
    counts = np.bincount(reached[kept], minlength=len(starts)) if kept else \
        np.zeros(len(starts), dtype=np.int64)
    freq = 1.0 / np.bincount(idx)[idx] if by_freq else np.ones(idx.size)
    scale = freq[:bag_of.size] / np.maximum(counts[bag_of], 1) if mode == "mean" else freq
    # per_sample_weights is the node's second input even when not given (a None edge there,
    # as PyTorch's EmbeddingBagBackward0 has)
    inputs = (w, psw if psw is not None else wrap(np.zeros(0, dtype=w._data.dtype)))
    if mode == "max":
        ends = reach
    return apply(EmbeddingBagBackward0, inputs, idx=idx, starts=starts, ends=ends, mode=mode,
                 sizes=counts,
                 padding_idx=padding_idx, bag_of=np.pad(bag_of, (0, idx.size - bag_of.size)),
                 positions=positions, psw_positions=psw_positions, scale=scale,
                 n_inputs=1 if psw is None else 2,
                 by_freq=bool(by_freq),
                 winners={}, weight_t=w, psw_t=psw, as_given=given,
                 psw_needs=psw is not None and psw._requires_grad,
                 indices=wrap(layout[0].copy()), offsets=wrap(layout[1].copy()),
                 itype=np.promote_types(layout[0].dtype, layout[1].dtype), results=bag_results(
                     w, idx, layout[1].astype(np.int64), ("sum", "mean", "max").index(mode),
                     include_last, padding_idx))


# -- dropout ----------------------------------------------------------------------------------

category("dropout")


def _check_p(p):
    if p < 0.0 or p > 1.0:
        raise TorchValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _bernoulli(shape, keep: float, dtype) -> np.ndarray:
    from .creation import bernoulli_mask
    return bernoulli_mask(shape, keep).astype(dtype)


def _memory_order(a: np.ndarray):
    """The axes order in which a dense, non-overlapping array is laid out in memory (None if
    it is C-contiguous or not dense): PyTorch's empty_like keeps such a layout, and its
    bernoulli_ then fills the mask in memory order."""
    if a.flags.c_contiguous or any(st < 0 for st in a.strides):
        return None
    perm = sorted(range(a.ndim), key=lambda d: -a.strides[d])
    return perm if a.transpose(perm).flags.c_contiguous else None


def _dropout_mask(x: Tensor, noise_shape, keep: float) -> np.ndarray:
    """Bernoulli(keep) of noise_shape (a fresh tensor's order), or, for noise_shape None, of
    x's shape drawn in x's memory order (PyTorch's empty_like(x).bernoulli_)."""
    if noise_shape is not None:
        return _bernoulli(noise_shape, keep, x._data.dtype)
    shape = x._data.shape
    perm = _memory_order(x._data)
    if perm is None:
        return _bernoulli(shape, keep, x._data.dtype)
    mask = _bernoulli(tuple(shape[d] for d in perm), keep, x._data.dtype)
    return mask.transpose(np.argsort(perm))


def _dropout(x: Tensor, p, training, inplace, noise_shape, alpha=False):
    """PyTorch's _dropout_impl on CPU: x unchanged (the same tensor) when not training or
    p == 0, x * 0 when p == 1, else x * mask/(1-p) (alpha: x*a*mask + b); noise_shape None
    is a mask like x (_dropout_mask)."""
    _check_p(p)
    check_flag(training, ("feature_" if noise_shape is not None else "")
               + ("alpha_dropout" if alpha else "dropout"), "train", 3)
    if not training or p == 0 or x._data.size == 0:
        return x
    refuse_complex("dropout", x)
    if p == 1:
        zero = wrap(np.zeros((), dtype=x._data.dtype))
        return x.mul_(zero) if inplace else x * zero
    if noise_shape is not None and x._data.ndim < 2:       # ATen's make_feature_noise
        raise TorchRuntimeError("Feature dropout requires at least 2 dimensions in the input")
    mask = _dropout_mask(x, noise_shape, 1 - p)
    if x._data.dtype.kind in "biu":                  # ATen's noise.div_(1 - p), in x's dtype
        raise TorchRuntimeError(f"result type {dtypes.get_default_dtype().legacy} can't be "
                                f"cast to the desired output type {x.dtype.legacy}")
    if not alpha:       # noise.div_(1 - p): the number read as a float, rounded to x's dtype
        op = np.float64 if x._data.dtype == np.float64 else np.float32      # (its opmath)
        noise = wrap(dtypes.convert(np.asarray(mask, op) / op(1 - p), x._data.dtype))
        return x.mul_(noise) if inplace else x * noise
    a = 1.0 / math.sqrt((_ALPHA * _ALPHA * p + 1) * (1 - p))
    b = _const(x, (mask - 1) * (_ALPHA * a) + _ALPHA * a * p)
    noise = _const(x, mask * a)
    return x.mul_(noise).add_(b) if inplace else x * noise + b


_ALPHA = 1.7580993408473766


def _feature_shape(x: Tensor, batched: bool) -> tuple:
    shape = x._data.shape
    lead = 2 if batched else 1
    return shape[:lead] + (1,) * (len(shape) - lead)


@register("dropout", grad_fn="MulBackward0", namespaces=_BOTH, sample=fixed(
    (((2, 3),), {"p": 0.4, "training": False}), (((3,),), {"p": 0.0})))
def dropout(input, p=0.5, training=True, inplace=False):
    """x * mask/(1-p), mask ~ Bernoulli(1-p) (PyTorch's stream): d/dx = g*mask/(1-p)

    Not training (or p=0) returns x itself, as PyTorch."""
    x = check_tensor(input, _named("dropout", inplace))
    return _dropout(x, p, training, inplace, None)


@register("alpha_dropout", grad_fn="AddBackward0", namespaces=_BOTH, sample=fixed(
    (((2, 3),), {"p": 0.4}),))
def alpha_dropout(input, p=0.5, training=False, inplace=False):
    """SELU-preserving dropout: x*a*mask + b (dropped values go to the SELU saturation)"""
    x = check_tensor(input, _named("alpha_dropout", inplace))
    return _dropout(x, p, training, inplace, None, alpha=True)


@register("feature_alpha_dropout", grad_fn="AddBackward0", namespaces=_BOTH, sample=fixed(
    (((2, 3, 2),), {"p": 0.4}),))
def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    """alpha_dropout with one mask value per channel (dim 1)"""
    x = check_tensor(input, _named("feature_alpha_dropout", inplace))
    return _dropout(x, p, training, inplace, _feature_shape(x, True), alpha=True)


def _feature_dropout(name, n, input, p, training, inplace):
    x = check_tensor(input, name)
    nd = x._data.ndim
    if nd not in (n + 1, n + 2):
        raise TorchRuntimeError(f"{name}: Expected {n + 1}D or {n + 2}D input, but received a "
                                f"{nd}D input. Note that {name} exists to provide channel-wise "
                                f"dropout on inputs with {n} spatial "
                                f"dimension{'s' if n > 1 else ''}, "
                                f"a channel dimension, and an optional batch dimension (i.e. "
                                f"{n + 1}D or {n + 2}D inputs).")
    return _dropout(x, p, training, inplace, _feature_shape(x, nd == n + 2))


@register("dropout1d", grad_fn="MulBackward0", namespaces=_FN, sample=fixed(
    (((2, 3, 2),), {"p": 0.4, "training": False}),))
def dropout1d(input, p=0.5, training=True, inplace=False):
    """dropout of whole channels: one mask value per (sample, channel)"""
    return _feature_dropout("dropout1d", 1, input, p, training, inplace)


@register("dropout2d", grad_fn="MulBackward0", namespaces=_FN, sample=fixed(
    (((2, 3, 2, 2),), {"p": 0.4, "training": False}),))
def dropout2d(input, p=0.5, training=True, inplace=False):
    """dropout of whole channels: one mask value per (sample, channel); a 3-D input is read
    as (N, C, L), as PyTorch 2.13 still does (with its warning)"""
    _check_p(p)
    x = check_tensor(input, "dropout2d")
    _feature_dim_warning("dropout2d", x._data.ndim, (3, 4), 2)
    if x._data.ndim == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise "
                      "1D dropout behavior is desired - input is interpreted as shape (N, C, L), "
                      "where C is the channel dim. This behavior will change in a future release "
                      "to interpret the input as one without a batch dimension, i.e. shape (C, H, "
                      "W). To maintain the 1D channel-wise dropout behavior, please switch to "
                      "using dropout1d instead.", UserWarning, stacklevel=2)
    return _dropout(x, p, training, inplace, _feature_shape(x, True))


def _feature_dim_warning(name: str, ndim: int, dims: tuple, spatial: int) -> None:
    """PyTorch's deprecation warning for a dropout2d/dropout3d input of another rank."""
    if ndim not in dims:
        warnings.warn(f"{name}: Received a {ndim}-D input to {name}, which is deprecated and "
                      "will result in an error in a future release. To retain the behavior and "
                      f"silence this warning, please use dropout instead. Note that {name} "
                      f"exists to provide channel-wise dropout on inputs with {spatial} spatial "
                      "dimensions, a channel dimension, and an optional batch dimension (i.e. "
                      f"{dims[0]}D or {dims[1]}D inputs).", UserWarning, stacklevel=3)


@register("dropout3d", grad_fn="MulBackward0", namespaces=_FN, sample=fixed(
    (((1, 2, 2, 2, 2),), {"p": 0.4, "training": False}),))
def dropout3d(input, p=0.5, training=True, inplace=False):
    """dropout of whole channels: one mask value per (sample, channel); an input of any rank
    but 5 is read as unbatched (PyTorch's unsqueeze(0): one mask value per dim-0 slice)"""
    _check_p(p)
    x = check_tensor(input, "dropout3d")
    nd = x._data.ndim
    _feature_dim_warning("dropout3d", nd, (4, 5), 3)
    if nd == 0 and training and 0 < p < 1:          # unsqueezed, still under 2 dimensions
        raise TorchRuntimeError("Feature dropout requires at least 2 dimensions in the input")
    shape = None if nd == 1 else _feature_shape(x, nd == 5)     # 1-D: (1, n), a mask like x
    return _dropout(x, p, training, inplace, shape)


# -- prelu, rrelu ---------------------------------------------------------------------------

category("activation")


class PreluKernelBackward0(Node):
    """d prelu(x, w) = g where x > 0 else w*g; d/dw = sum of x*g where x <= 0"""

    save_inputs = (0, 1)

    def forward(self, x, w):
        return np.where(x > 0, x, w * x).astype(x.dtype)

    def backward(self, g):
        x, w = self.saved
        if _enabled[0]:                 # one node, as PyTorch's _prelu_kernel_backward
            gx, gw = apply(PreluKernelBackwardBackward0, (g, x, w))
            return (gx if self.needs(0) else None), (gw if self.needs(1) else None)
        pos = wrap(x._data > 0)
        gx = where(pos, g, w * g) if self.needs(0) else None
        gw = None
        if self.needs(1):
            full = where(pos, _const(g, 0.0), x * g)
            wshape = self._in_meta[1][0]
            dims = tuple(i for i in range(full.ndim)
                         if len(wshape) == full.ndim and wshape[i] == 1 and full.shape[i] != 1)
            gw = full.sum(dims, keepdim=True) if dims else full
            if len(wshape) != full.ndim:
                gw = gw.sum().reshape(wshape)
        return gx, gw


@register("prelu", grad_fn="PreluKernelBackward0", namespaces=_BOTH, sample=fixed(
    (((2, 3, 2), (1,)), {}), (((2, 3, 2), (3,)), {}), (((4,), (1,)), {})))
def prelu(input, weight):
    """x where x > 0 else w*x (w per channel, dim 1): d/dx = 1 or w, d/dw = x where x <= 0"""
    x = check_tensor(input, "prelu")
    w = check_tensor(weight, "prelu", "weight", 2)
    if x._data.dtype != w._data.dtype:                 # ATen's order of checks
        raise TorchRuntimeError(f"prelu: Type promoting not supported. Got {x.dtype.legacy} "
                                f"and {w.dtype.legacy}")
    k = w._data.size
    if k != 1:
        if x._data.ndim == 0:
            raise TorchRuntimeError("Not allow zero-dim input tensor.")
        c = x._data.shape[1] if x._data.ndim > 1 else 1
        if k != c:
            raise TorchRuntimeError(f"Mismatch of parameter numbers and input channel size. "
                                    f"Found parameter numbers = {k} and channel size = {c}.")
    if w._data.ndim > 1:
        raise TorchRuntimeError(f"prelu: Expected `weight` to be a scalar or 1D tensor, but "
                                f"got: ndim = {w._data.ndim}")
    if x._data.dtype.kind not in "fc":
        raise TorchNotImplementedError(f"\"prelu_cpu\" not implemented for '{x.dtype.legacy}'")
    if x._data.ndim != w._data.ndim:        # one view lining w up with dim 1 (ATen's reshape)
        shape = [1] * x._data.ndim
        if k > 1:
            shape[1] = k
        w = w.view(shape)
    return apply(PreluKernelBackward0, (x, w))


class RreluWithNoiseBackward0(Node):
    """d rrelu(x) = g * noise (1 where x > 0, the slope drawn or (lower+upper)/2 elsewhere)"""

    save_inputs = (0,)

    def forward(self, x):
        return np.asarray(x * self._extra, dtype=x.dtype, order="C")    # contiguous, as ATen's

    def backward(self, g):
        return fused(RreluWithNoiseBackwardBackward0, (g, self.saved[0]), noise=self.extra)


class RreluWithNoiseBackward1(RreluWithNoiseBackward0):
    """rrelu(x, inplace=True): its backward reads the result (PyTorch's rrelu_with_noise_)"""

    save_inputs = ()
    save_output = True


class RreluWithNoiseBackwardBackward0(FusedBackward):
    """rrelu_with_noise_backward(g, x) = g * noise: d/dg is itself, d/dx is zero"""

    save_inputs = (0, 1)
    constants = ("noise",)

    @staticmethod
    def rule(g, x, *, noise):
        return g * _const(g, noise)

    def backward(self, gg):
        g, x = self.saved
        return (self.again(gg, x) if self.needs(0) else None,
                _const(gg, np.zeros(gg._data.shape, gg._data.dtype)) if self.needs(1) else None)


@register("rrelu", grad_fn="RreluWithNoiseBackward0", namespaces=_BOTH, sample=fixed(
    (((2, 3),), {}), (((4,),), {"lower": 0.2, "upper": 0.5})))
def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    """x where x > 0 else a*x, a ~ U(lower, upper) when training (PyTorch's stream: one
    53-bit uniform per element <= 0, in order), (lower+upper)/2 otherwise: d/dx = g * that
    slope"""
    return rrelu_with_generator(input, lower, upper, training, inplace, None)


def _refuse_vmap(inplace: bool) -> None:
    """functorch has no batching rule for rrelu: inside vmap (jacfwd's columns too) PyTorch
    refuses it, as rrelu_with_noise once a jvp has decomposed it."""
    from ..autograd import forward_ad
    from ..autograd.vmap import MAPPING
    if MAPPING[0]:
        name = "rrelu_with_noise" if forward_ad.ACTIVE[0] else "rrelu_" if inplace else "rrelu"
        raise TorchRuntimeError(f"vmap: we do not yet support aten::{name}. Please file an "
                                "issue")


def rrelu_with_generator(input, lower, upper, training, inplace, generator):
    """rrelu drawing from `generator` (torch.rrelu_'s argument; None: the default one)"""
    x = check_tensor(input, _named("rrelu", inplace))
    check_float(lower, _named("rrelu", inplace), "lower", 2, "Number")
    check_float(upper, _named("rrelu", inplace), "upper", 3, "Number")
    if lower > upper:
        raise TorchRuntimeError("Lower bound should be less than or equal to the upper bound")
    refuse_complex("rrelu", x)
    _refuse_vmap(inplace)
    if x._data.dtype.kind not in "fc":      # (its kernels': leaky_relu's when evaluating)
        raise TorchNotImplementedError(
            f"\"{'rrelu_with_noise_out_cpu' if training else 'leaky_relu_cpu'}\" not "
            f"implemented for '{x.dtype.legacy}'")
    if training:
        refuse_low_precision("rrelu", x)
        from .creation import _stream
        flat = x._data.reshape(-1)
        slope = np.ones(flat.shape, dtype=np.float64)
        low = flat <= 0
        u = _stream(generator).uniform(int(low.sum()), np.float64)
        op = np.float64 if x._data.dtype == np.float64 else np.float32     # opmath bounds
        lo, hi = float(op(lower)), float(op(upper))
        slope[low] = u * (hi - lo) + lo
        slope = slope.reshape(x._data.shape)
    else:
        slope = (lower + upper) / 2
    kept = np.float32 if x._data.dtype == np.float16 else x._data.dtype    # (the slope of a
    noise = np.where(x._data > 0, 1.0, slope).astype(kept)      # float16 eval: a float)
    if inplace:
        return _write_back(x, lambda t: apply(RreluWithNoiseBackward1, (t,), _extra=noise,
                                              lower=lower, upper=upper, training=training))
    return apply(RreluWithNoiseBackward0, (x,), _extra=noise, lower=lower, upper=upper,
                 training=training)


# -- distances and attention --------------------------------------------------------------

category("functional")


@register("pairwise_distance", grad_fn="NormBackward1", namespaces=_BOTH, sample=fixed(
    (((3, 4), (3, 4)), {}), (((2, 3), (3,)), {"p": 1.0}), (((4,), (4,)), {"keepdim": True}),
    (((2, 3), (2, 3)), {"p": 3.0})))
@aten_composite
def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """||x1 - x2 + eps||_p over the last dim, composed as in PyTorch (AddBackward1)"""
    a = check_tensor(x1, "pairwise_distance", "x1")
    b = check_tensor(x2, "pairwise_distance", "x2", 2)
    dim = max(a._data.ndim, b._data.ndim) - 1
    diff = a - b + eps
    return apply(NormBackward1, (diff,), p=float(p), dim=dim, keepdim=bool(keepdim),
                 as_given={"dim": (dim,)})                   # (at::norm's dims: a list)


class NormBackward1(Node):
    """d ||x||_p (along dim) = g * x |x|^(p-2) / ||x||^(p-1) (0 where the norm is 0)"""

    save_inputs = (0,)
    save_output = True

    def forward(self, x):
        from .reduce import vector_norm_np      # ATen's norm kernel (linalg.vector_norm's)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            if x.ndim == 0:                     # ATen's dim -1 of a scalar: the scalar
                return vector_norm_np(x.reshape(1), self.p, (0,), False).reshape(())
            return vector_norm_np(x, self.p, (self.dim,), self.keepdim)

    def backward(self, g):
        x, n = self.saved
        from .reduce import norm_backward
        return norm_backward(g, x, self.p, n, (self.dim,), self.keepdim)


class SafeSoftmaxBackward0(Node):
    """d softmax(x) = y*(g - sum(g*y)); a row that is all -inf gives zeros, not nan"""

    save_output = True

    def forward(self, x):
        """ATen's _safe_softmax: softmax's kernel, then 0 where a row is all -inf"""
        from .reduce import softmax_values
        with np.errstate(invalid="ignore", divide="ignore"):
            y = softmax_values(x, self.dim)
        dead = np.all(np.isneginf(x), axis=self.dim, keepdims=True)
        return np.where(dead, 0, y).astype(x.dtype)

    def backward(self, g):
        (y,) = self.saved              # derivatives.yaml: _softmax_backward_data(grad, result)
        from .fused import SoftmaxBackwardDataBackward0
        return fused(SoftmaxBackwardDataBackward0, (g, y), dim=self.dim)


# PyTorch's CPU flash-attention kernel (aten/src/ATen/native/cpu/FlashAttentionKernel.cpp),
# which scaled_dot_product_attention runs for 4-D float inputs without dropout: queries in
# blocks of 32 rows (64 from 192 rows, 256 from 768), keys in blocks of 512, an online
# softmax (running row max and sum), its GEMMs matrix products of those blocks.

_F32_DT = np.dtype(np.float32)
_EXP_U20 = tuple(np.float32(c) for c in (0.999999701, 0.499991506, 0.166676521, 0.0418978221,
                                          0.00828929059))


def _bits32(word: int) -> np.float32:
    return np.array([word], np.uint32).view(np.float32)[0]


def _exp_u20(x: np.ndarray) -> np.ndarray:
    """ATen's Vectorized<float>::exp_u20 (AVX-512): n = floor(x log2(e) + 1/2),
    r = x - n ln 2, a degree-5 polynomial in r, times 2**(n-1) times 2 (0 below ln FLT_MIN)."""
    from ..fpmath import fma
    x = np.asarray(x, np.float32)
    c1, c2, c3, c4, c5 = _EXP_U20
    low, high = _bits32(0xc2aeac50), _bits32(0x42b17218)
    with np.errstate(all="ignore"):
        src = np.maximum(np.minimum(x, high), low)
        fx = np.floor(fma(src, _bits32(0x3fb8aa3b), np.float32(0.5))).astype(np.float32)
        r = fma(-fx, _bits32(0x3f317218), src)
        p = fma(r, c5, c4)
        for c in (c3, c2, c1, np.float32(1)):
            p = fma(r, p, c)
        two = (((fx - np.float32(1)).astype(np.int32) + 127) << 23).view(np.float32)
        two = np.where(x < low, np.float32(0), two)
        return (p * two * np.float32(2)).astype(np.float32)


def _flash_exp_sum(z: np.ndarray):
    """_exp_reduce_sum_fusion_kernel along the last axis: exp of whole vectors by exp_u20
    (float32; SLEEF's exp in double), of the rest by the C library's; the vectors' lanes
    summed side by side and folded (float64's lanes in turn), then the rest added in turn."""
    from .. import vecmath
    from .softmax_dim import glibc_expf
    f32 = z.dtype == _F32_DT
    lanes = vecmath.LANES if f32 else max(vecmath.LANES // 2, 1)
    n = z.shape[-1]
    full = n - n % lanes
    e = np.empty_like(z)
    with np.errstate(all="ignore"):
        if full:
            e[..., :full] = _exp_u20(z[..., :full]) if f32 else vecmath.exp64(z[..., :full])
        if full < n:
            rest = z[..., full:]
            e[..., full:] = glibc_expf(rest) if f32 else (
                vecmath.libm64("exp", rest, np.exp) if rest.size <= 4096 else np.exp(rest))
        if full:
            acc = np.add.reduce(e[..., :full].reshape(z.shape[:-1] + (-1, lanes)), axis=-2)
            total = vecmath.fold_lanes(acc) if f32 else vecmath._in_turn(acc, lanes)
        else:
            total = np.zeros(z.shape[:-1], z.dtype)
        for j in range(full, n):
            total = total + e[..., j]
    return e, total


def _flash_mm(a: np.ndarray, b: np.ndarray, alpha=None, c=None) -> np.ndarray:
    """a @ b (times alpha, plus c) for each (batch, head) matrix, as the kernel's
    cpublas::gemm (MKL) rounds it: `linalg.stacked_mm_values` (MKL's orders, NumPy's BLAS
    where they are not known), c (beta 1) added as `linalg.stacked_mm_onto` adds it, but for
    one inner element each output one fused multiply-add onto c, alpha times a's element
    first (`linalg._rank_one_update`): measured against torch's flash-attention gradients
    on an Intel CPU. On AMD's, whose MKL kernels for these shapes were not measured,
    NumPy's batched product (scaled after)."""
    if cpu.mkl_vendor() == "amd":
        out = np.matmul(a, b)
        if alpha is not None:
            out = out * a.dtype.type(alpha)
        return out if c is None else out + c
    if c is None:
        return stacked_mm_values(a, b, alpha)
    if a.shape[-1] == 1:
        return _rank_one_update(c, a if alpha is None else a * a.dtype.type(alpha), b)
    return stacked_mm_onto(c, a, b, alpha)


def _flash_libm(name: str, x: np.ndarray) -> np.ndarray:
    """std::exp / std::log on the kernel's scalars (the C library's, float or double)."""
    from .. import vecmath
    fn = getattr(np, name)
    if x.dtype == _F32_DT:
        return vecmath.libm(name + "f", x, fn)
    return vecmath.libm64(name, x, fn)


def _flash_blocks(q_len: int, kv_len: int):
    split = 32 if q_len < 192 else 64 if q_len < 768 else 256
    return min(split, q_len), min(512, kv_len)


def _flash_scale(dtype, e: int, scale):
    return dtype.type(1.0 / math.sqrt(e) if scale is None else scale)


def _flash_forward(q, k, v, mask, causal: bool, scale):
    """cpu_flash_attention: (output, logsumexp) of q (B, H, L, E), k and v (B, Hk, S, E)."""
    from ..fpmath import fma
    dt = q.dtype
    b, h, L, e = q.shape
    S, rep = k.shape[2], h // k.shape[1]
    sf = _flash_scale(dt, e, scale)
    qs, ks = _flash_blocks(L, S)
    if rep > 1:
        k, v = np.repeat(k, rep, axis=1), np.repeat(v, rep, axis=1)
    out, lse = np.empty(q.shape, dt), np.empty((b, h, L), dt)
    ninf = dt.type(-np.inf)
    for m in range(0, L, qs):
        qb = min(qs, L - m)
        top = np.full((b, h, qb), ninf)
        total = np.zeros((b, h, qb), dt)
        dst = None
        keys = min(m + qb, S) if causal else S
        for n in range(0, keys, ks):
            kb = min(ks, S - n)
            qk = _flash_mm(q[:, :, m:m + qb], np.swapaxes(k[:, :, n:n + kb], -1, -2))
            if causal and keys - n <= ks:
                past = np.arange(kb)[None, :] > np.arange(qb)[:, None] + (m - n)
                qk = np.where(past, ninf, qk)
            with np.errstate(invalid="ignore", over="ignore"):
                if mask is not None:
                    qk = fma(qk, sf, mask[:, :, m:m + qb, n:n + kb])
                else:
                    qk = qk * sf
                new_top = np.maximum(top, qk.max(axis=-1))
                dead = new_top == ninf
                ex, part = _flash_exp_sum(qk - np.where(dead, 0, new_top)[..., None])
                ex = np.where(dead[..., None], dt.type(0), ex)
                if n:
                    shrink = _flash_libm("exp", top - np.where(dead, 0, new_top))
                    total = np.where(dead, total, fma(shrink, total, part))
                    dst = np.where(dead[..., None], dst, dst * shrink[..., None])
                else:
                    total = np.where(dead, total, part)
            top = np.where(dead, top, new_top)
            dst = _flash_mm(ex, v[:, :, n:n + kb], c=dst)
        top = np.where(top == ninf, dt.type(0), top)
        total = np.where(total == 0, dt.type(1), total)
        if dst is None:
            dst = np.zeros((b, h, qb, e), dt)
        out[:, :, m:m + qb] = dst * (dt.type(1) / total)[..., None]
        lse[:, :, m:m + qb] = top + _flash_libm("log", total)
    return out, lse


def _flash_backward(g, q, k, v, out, lse, mask, causal: bool, scale):
    """cpu_flash_attention_backward: the softmax rebuilt from logsumexp block by block,
    dS = P * (g v^T - rowsum(g * out)); dq += scale dS k, dk += scale dS^T q, dv += P^T g."""
    from .. import vecmath
    dt = q.dtype
    b, h, L, e = q.shape
    S, rep = k.shape[2], h // k.shape[1]
    sf = _flash_scale(dt, e, scale)
    qs, ks = _flash_blocks(L, S)
    f32 = dt == _F32_DT
    lanes = vecmath.LANES if f32 else max(vecmath.LANES // 2, 1)
    gq, gk, gv = np.zeros_like(q), np.zeros_like(k), np.zeros_like(v)
    for r in range(rep):
        heads = slice(r, h, rep)
        qh, gh, oh, lh = q[:, heads], g[:, heads], out[:, heads], lse[:, heads]
        mh = None if mask is None else mask[:, heads]
        for m in range(0, L, qs):
            qb = min(qs, L - m)
            rows = slice(m, m + qb)
            prod = gh[:, :, rows] * oh[:, :, rows]
            if e < lanes:
                dsum = vecmath._in_turn(prod, e)
            else:
                dsum = vecmath.sum_last(prod, lanes) if f32 else vecmath.sum_last64(prod, lanes)
            keys = min(m + qb, S) if causal else S
            for n in range(0, keys, ks):
                kb = min(ks, S - n)
                cols = slice(n, n + kb)
                with np.errstate(all="ignore"):
                    attn = _flash_mm(qh[:, :, rows], np.swapaxes(k[:, :, cols], -1, -2), sf)
                    if mh is not None:
                        attn = attn + mh[:, :, rows, cols]
                    z = attn - lh[:, :, rows, None]
                    attn = (vecmath.exp(z) if f32 else vecmath.exp64(z)).astype(dt)
                if causal and keys - n <= ks:
                    past = np.arange(kb)[None, :] > np.arange(qb)[:, None] + (m - n)
                    attn = np.where(past, dt.type(0), attn)
                gv[:, :, cols] = _flash_mm(np.swapaxes(attn, -1, -2), gh[:, :, rows],
                                           c=gv[:, :, cols])
                ds = _flash_mm(gh[:, :, rows], np.swapaxes(v[:, :, cols], -1, -2))
                ds = attn * (ds - dsum[..., None])
                gq[:, heads, rows] = _flash_mm(ds, k[:, :, cols], sf, gq[:, heads, rows])
                gk[:, :, cols] = _flash_mm(np.swapaxes(ds, -1, -2), qh[:, :, rows], sf,
                                           gk[:, :, cols])
    return gq, gk, gv


_FLASH_NOT_IMPLEMENTED = None


def _flash_not_implemented():
    """PyTorch's NotImplemented node for the flash backward's three gradients."""
    global _FLASH_NOT_IMPLEMENTED
    if _FLASH_NOT_IMPLEMENTED is None:
        from ..autograd.graph import RefusingNode
        _FLASH_NOT_IMPLEMENTED = type("NotImplemented", (RefusingNode,), {"n_outputs": 3})
    return _FLASH_NOT_IMPLEMENTED


class ScaledDotProductFlashAttentionForCpuBackward0(Node):
    """d flash attention (PyTorch's CPU kernel): its backward kernel, one call for all three
    gradients; that backward has no derivative (create_graph records a NotImplemented node
    over the gradient, query, key, value and the output)."""

    save_inputs = (0, 1, 2)
    save_output = True

    def forward(self, q, k, v):
        out, self.logsumexp = _flash_forward(q, k, v, self.mask, self.is_causal, self.scale)
        if q.ndim == 4 and not q.flags.c_contiguous:     # ATen's kernel writes its result
            from .shape import copy_laid_out, layout_like  # in the query's layout
            out = copy_laid_out(out, layout_like(q))
        return out

    def backward(self, g):
        q, k, v, out = self.saved
        grads = _flash_backward(np.ascontiguousarray(g._data, q._data.dtype), q._data, k._data,
                                v._data, out._data, self.logsumexp, self.mask, self.is_causal,
                                self.scale)
        if not _enabled[0]:
            return tuple(wrap(a) if self.needs(i) else None for i, a in enumerate(grads))
        needing = tuple(t for t in (g, q, k, v, out) if t.requires_grad)
        message = ("derivative for aten::_scaled_dot_product_flash_attention_for_cpu_backward "
                   "is not implemented")
        if not needing:
            return tuple(wrap(a) if self.needs(i) else None for i, a in enumerate(grads))
        res = apply(_flash_not_implemented(), needing, value=grads, message=message)
        return tuple(r if self.needs(i) else None for i, r in enumerate(res))


_FLASH_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def _flash_mask(q, k, attn_mask, dtype):
    """The mask as the flash kernel takes it (None without one; False when the case goes
    to the math path): 2-D (L or 1, S or 1), or 4-D with batch and heads 1 or q's."""
    if attn_mask is None:
        return None
    a = attn_mask._data
    if attn_mask.requires_grad or a.ndim not in (2, 4):
        return False
    b, h, L = q._data.shape[:3]
    S = k._data.shape[2]
    if a.shape[-2] not in (L, 1) or a.shape[-1] not in (S, 1):
        return False
    if a.ndim == 4 and (a.shape[0] not in (1, b) or a.shape[1] not in (1, h)):
        return False
    if a.dtype == np.bool_:
        a = np.where(a, dtype.type(0), dtype.type(-np.inf))
    return np.broadcast_to(a.astype(dtype, copy=False), (b, h, L, S))


def _flash_reasons(q, k, v, dropout_p) -> tuple:
    """Why PyTorch's CPU flash kernel cannot take q, k, v, in its words (the first two of its
    checks; the others are not worded)."""
    where = "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/transformers/"
    if dropout_p > 0.0:
        return ("Both fused kernels do not support non-zero dropout. " + where +
                "sdp_utils_cpp.h:241.)",)
    dims = q._data.ndim, k._data.ndim, v._data.ndim
    if dims != (4, 4, 4):
        return (f"All fused kernels requires query, key and value to be 4 dimensional, but got "
                f"Query dim: {dims[0]}, Key dim: {dims[1]}, Value dim: {dims[2]} instead. "
                + where + "sdp_utils_cpp.h:327.)",)
    return ()


def _flash_case(q, k, v, attn_mask, dropout_p, enable_gqa):
    """The mask for the flash kernel (or None) when PyTorch's CPU dispatch
    (sdp_utils_cpp's use_flash_attention_cpp) picks it, else False."""
    qd, kd, vd = q._data, k._data, v._data
    if dropout_p > 0.0 or not qd.ndim == kd.ndim == vd.ndim == 4:
        return False
    if qd.dtype not in _FLASH_DTYPES:
        return False
    if not qd.shape[0] == kd.shape[0] == vd.shape[0]:
        return False
    if enable_gqa:
        if kd.shape[1] != vd.shape[1] or kd.shape[1] == 0 or qd.shape[1] % kd.shape[1]:
            return False
    elif not qd.shape[1] == kd.shape[1] == vd.shape[1]:
        return False
    if not qd.shape[-1] == kd.shape[-1] == vd.shape[-1]:
        return False
    if 0 in qd.shape or 0 in kd.shape:
        return False
    if any(t.strides[-1] != t.itemsize for t in (qd, kd, vd)):
        return False
    return _flash_mask(q, k, attn_mask, qd.dtype)


@register("scaled_dot_product_attention", grad_fn="UnsafeViewBackward0", namespaces=_FN,
          sample=fixed((((2, 3, 4), (2, 3, 4), (2, 3, 4)), {}),
                       (((1, 2, 3, 2), (1, 2, 4, 2), (1, 2, 4, 3)), {"is_causal": True}),
                       (((2, 3, 2), (2, 3, 2), (2, 3, 2)),
                        {"attn_mask": np.array([[True, False, True], [True, True, False],
                                                [False, True, True]]), "scale": 0.7})))
def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0,
                                 is_causal=False, scale=None, enable_gqa=False):
    """softmax(q k^T * scale + mask) v: PyTorch's CPU flash kernel where it picks it (4-D
    float inputs, no dropout, a 2-D or 4-D mask), else composed as its math path"""
    q = check_tensor(query, "scaled_dot_product_attention", "query")
    k = check_tensor(key, "scaled_dot_product_attention", "key", 2)
    v = check_tensor(value, "scaled_dot_product_attention", "value", 3)
    if not q._data.dtype == k._data.dtype == v._data.dtype:      # validate_sdpa_input's first
        qn, kn, vn = (_CPP_NAMES.get(t._data.dtype.name, t._data.dtype.name) for t in (q, k, v))
        raise TorchRuntimeError(f"Expected query, key, and value to have the same dtype, but got "
                                f"query.dtype: {qn} key.dtype: {kn} and value.dtype: {vn} "
                                f"instead.")
    if attn_mask is not None and attn_mask.dtype not in (dtypes.bool_, dtypes.float32, q.dtype):
        mn, qn = (_CPP_NAMES.get(d.name, d.name) for d in (attn_mask.dtype, q.dtype))
        raise TorchRuntimeError(f"Expected attn_mask dtype to be bool or float or to match "
                                f"query dtype, but got attn_mask.dtype: {mn} and  query.dtype: "
                                f"{qn} instead.")
    refuse_complex("softmax", q)            # the math path's softmax: no complex kernel
    flash = _flash_case(q, k, v, attn_mask, dropout_p, enable_gqa)
    from ..nn import attention              # (an sdpa_kernel block limits the choice)
    if attention.limited() and not attention.pick(flash is not False,
                                                  _flash_reasons(q, k, v, dropout_p)):
        flash = False
    if flash is not False:
        return apply(ScaledDotProductFlashAttentionForCpuBackward0, (q, k, v), mask=flash,
                     is_causal=bool(is_causal), scale=None if scale is None else float(scale))
    if is_causal and attn_mask is not None:
        raise TorchRuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not "
                                "be set when is_causal=True")
    if enable_gqa and q._data.ndim >= 3 and k._data.ndim >= 3 and v._data.ndim >= 3:
        heads = q._data.shape[-3]
        kh, vh = k._data.shape[-3], v._data.shape[-3]
        if not kh or not vh or heads % kh or heads % vh:
            raise TorchRuntimeError("Number of heads in key and value must divide the number "
                                    "of heads in ")
        if kh != heads:
            k = k.repeat_interleave(heads // kh, -3)
        if vh != heads:
            v = v.repeat_interleave(heads // vh, -3)
    e = q._data.shape[-1]
    factor = math.sqrt(1.0 / math.sqrt(e) if scale is None else abs(scale))
    sign = -1.0 if scale is not None and scale < 0 else 1.0
    L, S = q._data.shape[-2], k._data.shape[-2]
    if is_causal:
        attn_mask = wrap(np.tril(np.ones((L, S), dtype=bool)))
    if attn_mask is not None and attn_mask._data.dtype == np.bool_:
        attn_mask = _const(q, np.where(attn_mask._data, 0.0, -np.inf))
    qs = _scale(q, sign * factor)
    attn = matmul(qs, _scale(k.transpose(-2, -1), factor))
    if attn_mask is not None:
        attn = attn + attn_mask
    attn = apply(SafeSoftmaxBackward0, (attn,), dim=attn.ndim - 1)
    if dropout_p > 0.0:
        attn = dropout(attn, dropout_p, True)
    return matmul(attn, v)


# -- packed sequences -------------------------------------------------------------------------

category("nn")


class PackPaddedSequenceBackward0(Node):
    """d pack(x) = g's rows put back at their (time, batch) places, zeros in the padding"""

    def forward(self, x):
        x = np.swapaxes(x, 0, 1) if self.batch_first else x
        return np.ascontiguousarray(x.reshape((-1,) + x.shape[2:])[self.rows])

    def backward(self, g):
        shape = self._in_meta[0][0]
        steps, batch = (shape[1], shape[0]) if self.batch_first else shape[:2]
        flat = g.new_zeros((steps * batch,) + tuple(shape[2:]))
        out = flat.index_add(0, wrap(self.rows), g).reshape((steps, batch) + tuple(shape[2:]))
        return out.transpose(0, 1) if self.batch_first else out


@register("_pack_padded_sequence", grad_fn="PackPaddedSequenceBackward0", namespaces=(),
          sample=fixed((((4, 3, 2), np.array([4, 2, 1]), False), {}),
                       (((3, 4), np.array([4, 2, 2]), True), {})))
def _pack_padded_sequence(input, lengths, batch_first):
    """(data, batch_sizes): the (time, batch) places shorter than each length, time-major;
    d/dx = g put back at those places (PyTorch's torch._pack_padded_sequence, which
    nn.utils.rnn.pack_padded_sequence calls once its lengths are sorted)"""
    x = check_tensor(input, "_pack_padded_sequence")
    if x._data.size == 0:
        raise TorchRuntimeError("Cannot pack empty tensors.")
    lens = lengths._data
    if lens.ndim != 1 or lens.dtype != np.int64:
        raise TorchRuntimeError(f"'lengths' argument should be a 1D CPU int64 tensor, but got "
                                f"{lens.ndim}D cpu {lengths.type().split('.')[-1][:-6]} tensor")
    steps, batch = x._data.shape[1::-1] if batch_first else x._data.shape[:2]
    if lens.shape[0] != batch:
        raise TorchRuntimeError(f"Expected `len(lengths)` to be equal to batch_size, but got "
                                f"{lens.shape[0]} (batch_size={batch})")
    if lens[-1] <= 0:
        raise TorchRuntimeError("Length of all samples has to be greater than 0, but found an "
                                "element in 'lengths' that is <= 0")
    if np.any(lens[1:] > lens[:-1]):
        raise TorchRuntimeError(
            "`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. "
            "You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence "
            "to sidestep this requirement if you do not need ONNX exportability.")
    batch_sizes = (lens[None, :] > np.arange(lens[0])[:, None]).sum(axis=1)
    rows = np.concatenate([t * batch + np.arange(n) for t, n in
                           enumerate(batch_sizes[:steps])]).astype(np.int64)
    data = apply(PackPaddedSequenceBackward0, (x,), batch_first=bool(batch_first), rows=rows)
    return data, wrap(batch_sizes.astype(np.int64))


# -- weight normalisation -----------------------------------------------------------------------

class WeightNormInterfaceBackward0(Node):
    """d v (g / ||v||) (norms over all dims but the first): dg = sum(gw v) / ||v||,
    dv = (g / ||v||) gw - (g sum(gw v) / ||v||^3) v"""

    save_inputs = (0, 1)

    def forward(self, v, g):
        rows = v.reshape(v.shape[0], -1)
        lanes = 16 if rows.dtype == np.float32 else 8      # AVX-512 vectors
        self.norms = np.sqrt(sum_last(rows * rows, lanes)).reshape(g.shape)
        scale = (g / self.norms).reshape((-1,) + (1,) * (v.ndim - 1))
        return (v * scale).astype(v.dtype)

    def backward(self, gw):
        v, g = self.saved
        dims = tuple(range(1, v.dim()))
        norm = (v * v).sum(dims).sqrt().reshape(g.shape)     # differentiable, for higher order,
        norm = norm + _const(gw, self.norms - norm._data)    # with the forward's values
        shape = (-1,) + (1,) * (v.dim() - 1)
        s = (gw * v).sum(dims).reshape(g.shape)
        a = g / norm
        gv = a.reshape(shape) * gw - (a * s / (norm * norm)).reshape(shape) * v
        return gv, s / norm


@register("_weight_norm", grad_fn="WeightNormInterfaceBackward0", namespaces=(),
          sample=fixed((((3, 4), (3, 1)), {}), (((2, 3, 2, 2), (2, 1, 1, 1)), {}),
                       (((3, 2), (1, 2), 1), {}), (((2, 3), (1, 1), -1), {})))
def _weight_norm(v, g, dim=0):
    """v * (g / ||v||), the norms over every dim but `dim` (over all for dim=-1): dim 0 as
    PyTorch's fused kernel (WeightNormInterfaceBackward0), others composed as its
    norm_except_dim"""
    if dim == 0:
        return apply(WeightNormInterfaceBackward0, (v, g))
    return v * (g / _norm_except_dim(v, dim))


def _norm_except_dim(v, dim: int):
    """PyTorch's norm_except_dim(v, 2, dim)."""
    if dim == -1:
        return v.norm(2)
    if dim == 0:
        rows = v.contiguous().view(v.size(0), -1).norm(2, 1)
        return rows.view((v.size(0),) + (1,) * (v.dim() - 1))
    if dim == v.dim() - 1:
        rows = v.contiguous().view(-1, v.size(dim)).norm(2, 0)
        return rows.view((1,) * (v.dim() - 1) + (v.size(dim),))
    moved = v.transpose(0, dim)
    norms = moved.contiguous().view(moved.size(0), -1).norm(2, 1)
    return norms.view((moved.size(0),) + (1,) * (v.dim() - 1)).transpose(0, dim)
