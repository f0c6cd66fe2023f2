"""torch.nn.functional's 3-D convolution (conv3d): windows of a (N, C, D, H, W) input read as
columns and written back, for any number of spatial dims.

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
from ..errors import TorchRuntimeError
from .core import apply, wrap
from .linalg import matmul
from .nn import _conv_checks, _same_padding, _tuple
from .registry import category, fixed, register
from .shape import _shape_str
from .unary import check_tensor

category("convolution")

_BOTH = ("torch", "functional")


# geo = (kernel, stride, padding, dilation, out): tuples of one entry per spatial dim

def im2col_nd(x: np.ndarray, geo) -> np.ndarray:
    """(N, C, *S) -> (N, C, prod(kernel), prod(out)): each output position's window."""
    k, s, p, d, out = geo
    if any(p):
        x = np.pad(x, ((0, 0), (0, 0)) + tuple((v, v) for v in p))
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
    acc = np.zeros((n, c) + tuple(v + 2 * q for v, q in zip(shape[2:], p)), dtype=cols.dtype)
    cols = cols.reshape((n, c) + tuple(k) + tuple(out))
    for pos in itertools.product(*(range(v) for v in k)):
        where = tuple(slice(i * dd, i * dd + ss * (o - 1) + 1, ss)
                      for i, dd, ss, o in zip(pos, d, s, out))
        acc[(slice(None), slice(None)) + where] += cols[(slice(None), slice(None)) + pos]
    inner = tuple(slice(q, q + v) for q, v in zip(p, shape[2:]))
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


class ConvolutionBackward0(Node):
    """d conv3d(x, w, b): dx = col2im(W^T g), dw = sum_n g cols(x)^T, db = sum of g"""

    save_inputs = (0, 1)
    saved_if = ((1,), (0,))

    def forward(self, x, w, b):
        n, o, gr = x.shape[0], w.shape[0], self.groups
        cols = im2col_nd(x, self.geo)
        cols = cols.reshape(n, gr, -1, cols.shape[-1])
        out = np.matmul(w.reshape(gr, o // gr, -1), cols).reshape((n, o) + self.geo[4])
        if self.has_b:
            out += b.reshape((o,) + (1,) * (x.ndim - 2))
        return out

    def backward(self, g):
        x, w = self.saved
        (xs, _), (ws, _) = self._in_meta[0], self._in_meta[1]
        n, o, gr = xs[0], ws[0], self.groups
        length = int(np.prod(self.geo[4]))
        gm = g.reshape(n, gr, o // gr, length)
        gx = gw = gb = None
        if self.needs(0):
            gcols = matmul(w.reshape(gr, o // gr, -1).transpose(-1, -2), gm)
            gcols = gcols.reshape(n, xs[1], -1, length)
            gx = apply(Col2ImNdBackward0, (gcols,), geo=self.geo, shape=xs)
        if self.needs(1):
            cols = apply(Im2ColNdBackward0, (x,), geo=self.geo).reshape(n, gr, -1, length)
            gw = matmul(gm, cols.transpose(-1, -2)).sum(0).reshape(ws)
        if self.has_b and self.needs(2):
            gb = g.sum((0,) + tuple(range(2, len(xs))))
        return gx, gw, gb


@register("conv3d", grad_fn="ConvolutionBackward0", namespaces=_BOTH, sample=fixed(
    (((1, 2, 3, 3, 3), (2, 2, 2, 2, 2), (2,)), {}),
    (((1, 2, 4, 3, 4), (2, 1, 2, 1, 2)), {"stride": (2, 1, 1), "padding": 1, "groups": 2}),
    (((2, 3, 2, 3), (1, 2, 2, 2, 1)), {"dilation": (1, 2, 1), "padding": "same"})))
def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """3-D cross-correlation: d/dx = col2im(W^T g), d/dw = g cols(x)^T, d/db = sum of g"""
    return _conv3d(input, weight, bias, stride, padding, dilation, groups)


def _conv3d(input, weight, bias, stride, padding, dilation, groups):
    x = check_tensor(input, "conv3d")
    w = check_tensor(weight, "conv3d", "weight", 2)
    if x._data.ndim not in (4, 5):
        raise TorchRuntimeError(f"Expected 4D (unbatched) or 5D (batched) input to conv3d, but "
                                f"got input of size: {_shape_str(x.shape)}")
    if x._data.ndim == 4:
        return _conv3d(x.unsqueeze(0), w, bias, stride, padding, dilation, groups).squeeze(0)
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
    padding = _tuple(padding, 3)
    if w._data.ndim >= 3 and w._data.ndim != 5:
        raise TorchRuntimeError(f"expected stride to be a single integer value or a list of "
                                f"{w._data.ndim - 2} values to match the convolution "
                                f"dimensions, but got stride={list(stride)}")
    b = None if bias is None else check_tensor(bias, "conv3d", "bias", 3)
    _conv_checks(x, w, b, 3, stride, padding, dilation, groups)
    k, size = w._data.shape[2:], x._data.shape[2:]
    out = tuple((size[i] + 2 * padding[i] - dilation[i] * (k[i] - 1) - 1) // stride[i] + 1
                for i in range(3))
    bt = b if b is not None else wrap(np.zeros((w._data.shape[0],), dtype=w._data.dtype))
    return apply(ConvolutionBackward0, (x, w, bt), geo=(tuple(k), stride, padding, dilation, out),
                 groups=int(groups), has_b=b is not None)
