"""torch's ATen-level functions that nn.functional's (and linalg's) wrap, with ATen's own
signatures: torch.batch_norm (weight and bias before the running statistics, then
cudnn_enabled), layer_norm, instance_norm, group_norm, embedding (weight first),
embedding_bag (a 4-tuple with offset2bag, bag_size and max_indices), constant_pad_nd,
convolution, conv_tbc, the dropouts with (input, p, train) and their in-place and feature
forms, max_pool1d_with_indices, embedding_renorm_; the recurrent layers rnn_tanh, rnn_relu,
lstm, gru over flat weight lists (and packed data) and their cells; grid_sampler(_2d/_3d)
and affine_grid_generator; the deprecated norms norm_except_dim, frobenius_norm and
nuclear_norm (at::norm's NormBackward0/1 nodes); segment_reduce, histogramdd; and the
functions removed in 1.9 that PyTorch still lists only to raise (solve, lstsq, eig, symeig,
matrix_rank).

Each one calls the op that nn.functional's function (or nn.RNN's forward) runs, so values,
nodes and messages are theirs; only what ATen adds (conv_tbc's and segment_reduce's nodes,
embedding_bag's extra results, the cells' checks) is new here.
"""
from __future__ import annotations

import builtins
import functools

import numpy as np

from .. import dtypes
from ..autograd.graph import Node
from ..errors import (TorchIndexError, TorchNotImplementedError, TorchRuntimeError,
                      TorchTypeError, warn_once)
from .._tensor import Tensor
from . import more as _more
from . import nn as _nn
from .core import apply, check_inplace, wrap, wrap_dim
from .reduce import LinalgVectorNormBackward0
from .registry import REGISTRY, category, fixed, native_signature, register
from .unary import check_tensor

_TORCH = ("torch",)


def _torch_form(name: str):
    """Decorator: `fn` becomes torch.<name> (ATen's signature) of the op nn.functional
    registered as `name`, which torch then also lists."""
    def deco(fn):
        info = REGISTRY[name]
        if "torch" not in info.namespaces:
            info.namespaces = info.namespaces + _TORCH
        native_signature(name, fn)
        return fn
    return deco


# -- normalization ------------------------------------------------------------------------------

category("normalization")


@_torch_form("batch_norm")
def _batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps,
                cudnn_enabled):
    x = check_tensor(input, "batch_norm")      # (not F.batch_norm's Python checks of eps)
    return _nn._batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                           (weight, bias, running_mean, running_var))


@_torch_form("layer_norm")
def _layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05, cudnn_enable=True):
    return _more.layer_norm(input, normalized_shape, weight, bias, eps)


@_torch_form("instance_norm")
def _instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum,
                   eps, cudnn_enabled):
    return _nn._instance_norm(input, running_mean, running_var, weight, bias, use_input_stats,
                              momentum, eps, False)


@_torch_form("group_norm")
def _group_norm(input, num_groups, weight=None, bias=None, eps=1e-05, cudnn_enabled=True):
    return _nn._group_norm(input, num_groups, weight, bias, eps, False)


# -- embedding ----------------------------------------------------------------------------------

category("embedding")


@_torch_form("embedding")
def _embedding(weight, indices, padding_idx=-1, scale_grad_by_freq=False, sparse=False):
    # ATen's padding_idx is a row number (F.embedding wraps negative ones before): any
    # other value matches no index, so no row is padding
    rows = check_tensor(weight, "embedding", "weight")._data.shape[0] if \
        isinstance(weight, Tensor) and weight.dim() else 0
    padding = padding_idx if 0 <= padding_idx < rows else None
    return _nn.embedding(indices, weight, padding, None, 2.0, scale_grad_by_freq, sparse)


_BAG_MODES = ("sum", "mean", "max")
_CHECK_FAILED = ("to be true, but got false.  (Could this error message be improved?  If so, "
                 "please report an enhancement request to PyTorch.)")


@_torch_form("embedding_bag")
def _embedding_bag(weight, indices, offsets, scale_grad_by_freq=False, mode=0, sparse=False,
                   per_sample_weights=None, include_last_offset=False, padding_idx=None):
    """(output, offset2bag, bag_size, max_indices), ATen's _embedding_bag results: the bags
    of the flattened indices that the offsets start, with ATen's checks (where
    nn.functional's Python ones differ) before nn.functional's kernel"""
    w = check_tensor(weight, "embedding_bag", "weight")
    idx_t = check_tensor(indices, "embedding_bag", "indices", 2)
    psw = _bag_checks(w, idx_t, offsets, mode, sparse, per_sample_weights, padding_idx)
    layout = (idx_t._data.reshape(-1), offsets._data)
    out = _nn._embedding_bag(w, psw, layout, _BAG_MODES[mode], scale_grad_by_freq,
                             include_last_offset, padding_idx)
    idx, starts = (a.astype(np.int64) for a in layout)
    pad = None if padding_idx is None else padding_idx % w.shape[0]
    itype = np.promote_types(*(a.dtype for a in layout))
    return (out,) + tuple(wrap(a.astype(itype)) for a in _nn.bag_results(
        w, idx, starts, mode, include_last_offset, pad))


def _bag_checks(w, idx_t, offsets, mode, sparse, psw, padding_idx):
    """ATen's checks of an embedding_bag call, in its order; the per-sample weights flat."""
    if not isinstance(offsets, Tensor):
        raise TorchTypeError(f"embedding_bag(): argument 'offsets' (position 3) must be "
                             f"Tensor, not {type(offsets).__name__}")
    if idx_t.dim() not in (1, 2):                   # _embedding_bag_cpu_impl's, first
        raise TorchRuntimeError(f"input has to be a 1D or 2D Tensor, but got Tensor of "
                                f"dimension {idx_t.dim()}")
    if idx_t.dim() == 1 and offsets.dim() != 1:
        raise TorchRuntimeError(f"offsets has to be a 1D Tensor, but got Tensor of dimension "
                                f"{offsets.dim()}")
    if w.dim() != 2:
        raise TorchRuntimeError(f"weight has to be a 2D Tensor, but got Tensor of dimension "
                                f"{w.dim()}")
    if psw is not None:
        if mode != 0:
            raise TorchRuntimeError("embedding_bag: per_sample_weights only supported with "
                                    "mode='sum'")
        if psw.numel() != idx_t.numel():
            raise TorchRuntimeError(f"Expected per_sample_weights.value().numel() == "
                                    f"indices.numel() {_CHECK_FAILED}")
        psw = psw.reshape(-1)
    if mode not in (0, 1, 2):
        raise TorchRuntimeError("`mode` must be sum, mean, or max.")
    if sparse:
        raise TorchRuntimeError("gradcli has no sparse tensors (embedding_bag(..., sparse=True))")
    idx, vocab = idx_t._data, w.shape[0] if w.dim() else 0
    if w._data.dtype == np.float32 and padding_idx is None and idx.size and \
            (idx.min() < 0 or idx.max() >= vocab):       # ATen's index_select fast path
        raise TorchRuntimeError(f"Expected i < index_size {_CHECK_FAILED}")
    return psw


@register("embedding_renorm_", namespaces=_TORCH, differentiable=False)
def embedding_renorm_(input, indices, max_norm, norm_type):
    """rows of input at the indices whose norm exceeds max_norm scaled to max_norm, in place
    (no gradient)"""
    w = check_tensor(input, "embedding_renorm_")
    idx_t = check_tensor(indices, "embedding_renorm_", "indices", 2)
    _nn.check_renorm_dim(w)
    _nn._check_indices(idx_t, "#2", "embedding_renorm_")
    check_inplace(w)
    _nn._renorm_rows(w, idx_t._data, max_norm, norm_type)
    return w


# -- padding and convolution ----------------------------------------------------------------------

category("convolution")


@register("constant_pad_nd", grad_fn="ConstantPadNdBackward0", namespaces=_TORCH,
          sample=fixed((((2, 3), [1, 2]), {}), (((2, 3), [1, -1, 0, 2]), {"value": 1.5})))
def constant_pad_nd(input, pad, value=0):
    """pad with a constant from the last dimension back (negative widths crop):
    d/dx = g with the padding cut off"""
    x = check_tensor(input, "constant_pad_nd")
    n = len(pad)
    if n % 2:
        raise TorchRuntimeError(f"Length of pad must be even but instead it equals {n}")
    if n > 2 * x.dim():                     # sic: ATen's message has no spaces there
        raise TorchRuntimeError(f"Length of pad should be no more than twice the number of "
                                f"dimensions of the input. Pad length is {n}while the input "
                                f"has {x.dim()}dimensions.")
    return _more.pad(x, pad, "constant", value)


_CONVS = {(False, 1): "conv1d", (False, 2): "conv2d", (False, 3): "conv3d",
          (True, 1): "conv_transpose1d", (True, 2): "conv_transpose2d",
          (True, 3): "conv_transpose3d"}


@register("convolution", grad_fn="ConvolutionBackward0", namespaces=_TORCH, sample=fixed(
    (((2, 2, 5), (3, 2, 2), (3,), [1], [1], [1], False, [0], 1), {}),
    (((1, 2, 3, 3), (2, 1, 2, 2), None, [2, 1], [1, 0], [1, 1], True, [1, 0], 2), {})))
def convolution(input, weight, bias, stride, padding, dilation, transposed, output_padding,
                groups):
    """conv1d/2d/3d (transposed: conv_transpose1d/2d/3d) as the weight's dimensions say:
    d/dx = col2im(W^T g), d/dw = g cols(x)^T, d/db = sum of g"""
    w = check_tensor(weight, "convolution", "weight", 2)
    name = _CONVS.get((bool(transposed), w.dim() - 2))
    if name is None:
        raise TorchRuntimeError("weight should have at least three dimensions")
    fn = REGISTRY[name].fn
    if transposed:
        return fn(input, w, bias, stride, padding, output_padding, groups, dilation)
    return fn(input, w, bias, stride, padding, dilation, groups)


class ConvTbcBackward0(Node):
    """d conv_tbc(x, w, b), a conv1d over time of (T, B, C) inputs with (K, C_in, C_out)
    weights: dx = conv_transpose1d(g, w), dw = conv1d(x, g) over batch, db = sum of g"""

    save_inputs = (0, 1)

    def jvp(self, inputs, tangents, out):
        """PyTorch has no forward-mode rule for conv_tbc"""
        from ..autograd import forward_ad
        raise forward_ad.unsupported("conv_tbc")

    def forward(self, x, w, b):
        k, pad = w.shape[0], self.pad
        xp = np.pad(x, ((pad, pad), (0, 0), (0, 0)))
        steps = xp.shape[0] - k + 1
        out = np.broadcast_to(b, (steps,) + x.shape[1:2] + b.shape).copy()
        for i in range(k):                 # ATen's loop: one matmul per kernel offset
            out += np.matmul(xp[i:i + steps], w[i])
        return out

    def backward(self, g):
        """ATen's conv_tbc_backward step for step: per kernel offset an in-place addmm into
        a zero input gradient (dO W_k^T) and into the weight gradient's slice k (X^T dO),
        the bias gradient copied from g summed over time, then batch."""
        x, w = self.saved
        ilen, batch = x._data.shape[:2]
        kw, in_planes, out_planes = w._data.shape
        olen = ilen - kw + 1 + self.pad * 2
        real_pad = (olen - ilen + kw - 1) // 2

        def spans():
            for k in range(kw):
                i_shift, o_shift = max(0, k - real_pad), max(0, real_pad - k)
                t = min(ilen + real_pad - k, olen) - o_shift
                if t > 0:
                    yield k, i_shift, o_shift, t
        gx = g.new_zeros(x._data.shape)
        for k, i_shift, o_shift, t in spans():
            d_out = g.narrow(0, o_shift, t).view(t * batch, out_planes)
            gx.narrow(0, i_shift, t).view(t * batch, in_planes).addmm_(d_out, w[k].t())
        gw = g.new_zeros(w._data.shape)
        for k, i_shift, o_shift, t in spans():
            d_out = g.narrow(0, o_shift, t).view(t * batch, out_planes)
            gw[k].addmm_(x.narrow(0, i_shift, t).view(t * batch, in_planes).t(), d_out)
        gb = g.new_zeros((out_planes,))
        gb.copy_(g.sum(0, False).sum(0))
        return (gx if self.needs(0) else None, gw if self.needs(1) else None,
                gb if self.needs(2) else None)


@register("conv_tbc", grad_fn="ConvTbcBackward0", namespaces=("torch", "functional"),
          sample=fixed((((5, 2, 3), (2, 3, 4), (4,)), {}), (((4, 1, 2), (3, 2, 2), (2,), 1), {})))
def conv_tbc(input, weight, bias, pad=0):
    """1-D convolution over time of (time, batch, channels) input with (kernel, C_in, C_out)
    weights: d/dx = conv_transpose1d(g, w), d/dw = conv1d(x, g), d/db = sum of g"""
    x = check_tensor(input, "conv_tbc")
    w = check_tensor(weight, "conv_tbc", "weight", 2)
    b = check_tensor(bias, "conv_tbc", "bias", 3)
    checks = ((lambda: x.dim() == 3, "Input must have 3 dims: time, batch, in_channel"),
              (lambda: w.dim() == 3, "Weight tensor must have 3 dims: kernel_width, "
                                     "in_channels, out_channels."),
              (lambda: b.dim() == 1, "Bias must be 1-D"),
              (lambda: x.shape[2] == w.shape[1], "Input dim 2 (input channels) is not == dim "
                                                 "1 in the weight tensor"),
              (lambda: w.shape[2] == b.shape[0], "Bias size must equal dim 2 in the weight "
                                                 "tensor (output channels)."))
    for ok, text in checks:                 # in ATen's order, each only once the last held
        if not ok():
            raise TorchRuntimeError(text)
    return apply(ConvTbcBackward0, (x, w, b), pad=int(pad))


# -- dropout -----------------------------------------------------------------------------------

category("dropout")


def _dropout_of(name: str, feature: bool, alpha: bool, inplace: bool):
    """ATen's dropout `name`: its p checked first (a RuntimeError, where nn.functional's is
    a ValueError), then nn.functional's dropout with the same mask."""
    def fn(input, p, train):
        x = check_tensor(input, name)
        if p < 0 or p > 1:
            raise TorchRuntimeError(f"dropout probability has to be between 0 and 1, but got "
                                    f"{float(p):g}")       # (C++'s ostream of a double)
        noise = None
        if feature:
            if x.dim() < 2:
                raise TorchRuntimeError("Feature dropout requires at least 2 dimensions in "
                                        "the input")
            noise = _nn._feature_shape(x, True)
        return _nn._dropout(x, p, train, inplace, noise, alpha=alpha)
    return fn


_DROPOUTS = (("dropout", False, False, ""), ("alpha_dropout", False, True, ""),
             ("feature_alpha_dropout", True, True, ""),
             ("dropout_", False, False, "x * mask/(1-p) in place"),
             ("alpha_dropout_", False, True, "alpha_dropout in place"),
             ("feature_dropout", True, False, "dropout with one mask value per (sample, "
                                              "channel)"),
             ("feature_dropout_", True, False, "feature_dropout in place"),
             ("feature_alpha_dropout_", True, True, "feature_alpha_dropout in place"))

for _name, _feature, _alpha, _doc in _DROPOUTS:
    _fn = _dropout_of(_name, _feature, _alpha, _name.endswith("_"))
    if not _doc:                                  # nn.functional's, with ATen's signature
        _torch_form(_name)(_fn)
        continue
    _fn.__doc__ = _doc
    register(_name, grad_fn="AddBackward0" if _alpha else "MulBackward0", namespaces=_TORCH,
             sample=fixed((((2, 3, 2), 0.4, False), {})))(_fn)     # a mask is not gradchecked


# -- pooling -----------------------------------------------------------------------------------

category("pooling")


@register("max_pool1d_with_indices", grad_fn="SqueezeBackward1", namespaces=_TORCH,
          sample=fixed((((1, 2, 5), 2), {}), (((2, 6), [3], [2], [1], [1], True), {})))
def max_pool1d_with_indices(input, kernel_size, stride=(), padding=0, dilation=1,
                            ceil_mode=False):
    """(max over each window, its position): d/dx = g routed to each window's maximum"""
    if isinstance(stride, (list, tuple)) and not stride:       # ATen's "same as kernel"
        stride = None
    return _nn.max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


# -- recurrent layers ---------------------------------------------------------------------------

category("recurrent")


def _rnn_module():
    from ..nn.modules import rnn           # imported at the first call: nn loads late
    return rnn


def _flat_rnn(mode: str, params, hidden: int, has_biases, num_layers, dropout, train,
              bidirectional, batch_first):
    """nn.RNN/LSTM/GRU's forward (RNNBase._run) over ATen's flat weight list: per layer and
    direction w_ih, w_hh[, b_ih, b_hh][, w_hr], the attributes a module would hold;
    `hidden` initial states given. ATen's checks of those counts first, in its order."""
    directions = 2 if bidirectional else 1
    per = len(params) // max(int(num_layers) * directions, 1)
    has_proj = mode == "LSTM" and per == (5 if has_biases else 3)
    groups = len(params) // per if has_proj else len(params) // (4 if has_biases else 2)
    if not has_proj and len(params) % (4 if has_biases else 2):
        raise TorchRuntimeError("got an incorrect number of RNN parameters")
    if bidirectional and (groups % 2 or hidden % 2):
        raise TorchRuntimeError("Odd number of params or hiddens given to a bidirectional RNN")
    if hidden // directions != num_layers:
        raise TorchRuntimeError("Expected more hidden states in stacked_rnn")
    if groups // directions != num_layers:
        raise TorchRuntimeError("Expected more weights in stacked_rnn")
    rnn = _rnn_module()
    layer = object.__new__(type("_FlatRNN", (rnn.RNNBase,), {}))
    d = layer.__dict__
    d.update(mode=mode, num_layers=int(num_layers), dropout=float(dropout),
             training=bool(train), bidirectional=bool(bidirectional),
             batch_first=bool(batch_first), bias=bool(has_biases),
             proj_size=int(params[per - 1].shape[0]) if has_proj else 0)
    names = [n for dirs in layer._layers() for ns in dirs for n in ns if n]
    d.update(zip(names, params))
    return layer


def _rnn_of(mode: str, name: str):
    def fn(input, hx, params, has_biases, num_layers, dropout, train, bidirectional,
           batch_first=False):
        """(output, h_n) (an LSTM: output, h_n, c_n); with a packed input's (data,
        batch_sizes, hx, params, has_biases, num_layers, dropout, train, bidirectional)
        the steps are its rows"""
        lstm = mode == "LSTM"
        packed = isinstance(hx, Tensor) if lstm else isinstance(params, Tensor)
        sizes = None
        if packed:                         # the second signature: shift the arguments
            sizes = [int(v) for v in hx.tolist()]
            hx, params, has_biases, num_layers, dropout, train, bidirectional, batch_first = \
                params, has_biases, num_layers, dropout, train, bidirectional, batch_first, \
                False
        check_tensor(input, name)
        if lstm and len(hx) != 2:
            raise TorchRuntimeError("lstm expects two hidden states")
        layer = _flat_rnn(mode, tuple(params), (hx[0] if lstm else hx).shape[0], has_biases,
                          num_layers, dropout, train, bidirectional, batch_first)
        output, hidden = layer._run(input, tuple(hx) if lstm else hx, sizes)
        return (output,) + tuple(hidden) if lstm else (output, hidden)
    fn.__name__ = fn.__qualname__ = name
    return fn


def _rnn_sample(gates: int, lstm: bool = False):
    """Two steps (the second reads the first's state), input 3, hidden 2, batch 4 (batch 1
    in the bidirectional call, whose weights dominate the check's cost): the sizes differ
    where a swapped axis or weight would still fit the shapes, and stay small enough for a
    second-order check."""
    h0 = (1, 4, 2)
    hx = [h0, h0] if lstm else h0
    params = [(2 * gates, 3), (2 * gates, 2), (2 * gates,), (2 * gates,)]
    reverse = [(2 * gates, 3), (2 * gates, 2)]
    # batch_first only for the LSTM: forward AD through RNN/GRU's in-place transpose_ of
    # their output loses the transpose in the tangent (reported, not fixed here)
    return fixed((((2, 4, 3), hx, params, True, 1, 0.0, True, False, False), {}),
                 (((1, 2, 3) if lstm else (2, 1, 3), [(2, 1, 2), (2, 1, 2)] if lstm
                   else (2, 1, 2), reverse + reverse, False, 1, 0.0, False, True, lstm), {}))


for _name, _mode, _gates, _node in (("rnn_tanh", "RNN_TANH", 1, "StackBackward0"),
                                    ("rnn_relu", "RNN_RELU", 1, "StackBackward0"),
                                    ("lstm", "LSTM", 4, "StackBackward0"),
                                    ("gru", "GRU", 3, "StackBackward0")):
    register(_name, grad_fn=_node, namespaces=_TORCH,
             sample=_rnn_sample(_gates, _mode == "LSTM"))(_rnn_of(_mode, _name))


def _cell_checks(input, hx, w_ih, w_hh, labels, gates: int) -> None:
    """ATen's checks of a cell's call, in its order (found by trying): w_ih's first dim is
    gates * hidden_size (w_hh's second), the input's width, then each hidden state's batch,
    (before the first one's width) w_hh's first dim, and its width."""
    hidden = w_hh.shape[1]

    def weight(w, name):
        if w.shape[0] != gates * hidden:
            raise TorchRuntimeError(f"{name} first dim must be {gates} * hidden_size = "
                                    f"{gates * hidden}, but got {w.shape[0]}")
    weight(w_ih, "weight_ih")
    if input.shape[1] != w_ih.shape[1]:
        raise TorchRuntimeError(f"input has inconsistent input_size: got {input.shape[1]} "
                                f"expected {w_ih.shape[1]}")
    for h, label in zip(hx, labels):
        if input.shape[0] != h.shape[0]:
            raise TorchRuntimeError(f"Input batch size {input.shape[0]} doesn't match hidden"
                                    f"{label} batch size {h.shape[0]}")
        if label == 0:
            weight(w_hh, "weight_hh")
        if h.shape[1] != hidden:
            raise TorchRuntimeError(f"hidden{label} has inconsistent hidden_size: got "
                                    f"{h.shape[1]}, expected {hidden}")


def _cell_of(step: str, name: str):
    def fn(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
        """one step of nn.RNNCell/GRUCell: the hidden-to-hidden product plus the input one,
        then the gates"""
        _cell_checks(input, (hx,), w_ih, w_hh, (0,), 3 if step == "GRU" else 1)
        from ..nn import functional as F
        return getattr(_rnn_module(), "_STEPS")[step](F.linear(input, w_ih, b_ih), hx, w_hh,
                                                      b_hh)
    fn.__name__ = fn.__qualname__ = name
    return fn


# cells: batch 4, input 3, hidden 2 (distinct sizes, few weights for the second-order check)
for _name, _step, _node in (("rnn_tanh_cell", "RNN_TANH", "TanhBackward0"),
                            ("rnn_relu_cell", "RNN_RELU", "ReluBackward0"),
                            ("gru_cell", "GRU", "AddBackward0")):
    _wide = 3 if _step == "GRU" else 1
    register(_name, grad_fn=_node, namespaces=_TORCH, sample=fixed(
        (((4, 3), (4, 2), (2 * _wide, 3), (2 * _wide, 2), (2 * _wide,), (2 * _wide,)), {}),
        (((4, 3), (4, 2), (2 * _wide, 3), (2 * _wide, 2)), {})))(_cell_of(_step, _name))


@register("lstm_cell", grad_fn="MulBackward0", namespaces=_TORCH, sample=fixed(
    (((4, 3), [(4, 2), (4, 2)], (8, 3), (8, 2), (8,), (8,)), {}),
    (((4, 3), [(4, 2), (4, 2)], (8, 3), (8, 2)), {})))
def lstm_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """one step of nn.LSTMCell: (h', c') from the four gates of W_hh h + b_hh + W_ih x + b_ih"""
    if len(hx) != 2:
        raise TorchRuntimeError("lstm_cell expects two hidden states")
    _cell_checks(input, hx, w_ih, w_hh, (0, 1), 4)
    from ..nn import functional as F
    return _rnn_module()._lstm_step(F.linear(input, w_ih, b_ih), tuple(hx), w_hh, b_hh)


# -- sampling grids -------------------------------------------------------------------------------

category("sampling")

_INTERPOLATION = ("bilinear", "nearest", "bicubic")
_GRID_PADDING = ("zeros", "border", "reflection")


def _grid_sampler_of(name: str):
    def fn(input, grid, interpolation_mode, padding_mode, align_corners):
        """nn.functional.grid_sample with ATen's enums: interpolation 0 bilinear, 1 nearest,
        2 bicubic; padding 0 zeros, 1 border, 2 reflection"""
        x = check_tensor(input, name)
        gr = check_tensor(grid, name, "grid", 2)
        _grid_checks(name, x, gr, interpolation_mode)
        if interpolation_mode not in builtins.range(3) or \
                padding_mode not in builtins.range(3):
            raise TorchRuntimeError(f"gradcli: {name}() takes interpolation_mode and "
                                    f"padding_mode 0, 1 or 2, got {interpolation_mode} and "
                                    f"{padding_mode}")
        return REGISTRY["grid_sample"].fn(x, gr, _INTERPOLATION[interpolation_mode],
                                          _GRID_PADDING[padding_mode], bool(align_corners))
    fn.__name__ = fn.__qualname__ = name
    return fn


def _grid_checks(name: str, x: Tensor, grid: Tensor, interpolation_mode) -> None:
    """ATen's checks in its order: the grid's last size, then the input's rank for the 2-D or
    3-D kernel (grid_sampler picks by the input's rank), bicubic only in 2-D."""
    xs, gs = list(x.shape), list(grid.shape)
    if gs and gs[-1] != len(xs) - 2:
        raise TorchRuntimeError(f"grid_sampler(): expected grid to have size {len(xs) - 2} "
                                f"in last dimension, but got grid with sizes {gs}")
    nd = {"grid_sampler_2d": 4, "grid_sampler_3d": 5}.get(name, 4 if len(xs) == 4 else 5)
    if len(xs) != nd or len(gs) != nd:
        raise TorchRuntimeError(f"grid_sampler(): expected {nd}D input and grid with same "
                                f"number of dimensions, but got input with sizes {xs} and "
                                f"grid with sizes {gs}")
    if nd == 5 and interpolation_mode == 2:
        raise TorchRuntimeError("grid_sampler(): bicubic interpolation only supports 4D input")


_GRID_SAMPLE = fixed((((1, 2, 3, 4), (1, 2, 3, 2), 0, 0, False), {}),
                     (((1, 1, 3, 3), (1, 2, 2, 2), 0, 1, True), {}))
for _name in ("grid_sampler", "grid_sampler_2d"):
    register(_name, grad_fn="GridSampler2DBackward0", namespaces=_TORCH,
             sample=_GRID_SAMPLE)(_grid_sampler_of(_name))
# nn.functional.grid_sample has no 3-D kernel here: grid_sampler_3d checks its call as ATen
# does, then refuses (gradcli's NotImplementedError)
register("grid_sampler_3d", namespaces=_TORCH, differentiable=False
         )(_grid_sampler_of("grid_sampler_3d"))


@register("affine_grid_generator", grad_fn="AffineGridGeneratorBackward0", namespaces=_TORCH,
          sample=fixed((((2, 2, 3), [2, 1, 3, 4], False), {}),
                       (((1, 2, 3), [1, 2, 2, 2], True), {})))
def affine_grid_generator(theta, size, align_corners):
    """nn.functional.affine_grid: base (x, y, 1) positions times theta^T
    (d/dtheta = g^T base)"""
    return REGISTRY["affine_grid"].fn(theta, size, bool(align_corners))


# -- deprecated norms ------------------------------------------------------------------------------

category("norms")


class NormBackward0(LinalgVectorNormBackward0):
    """d ||x||_p of all elements (ATen's at::norm, its node): g * x|x|^(p-2) / ||x||^(p-1)"""


class NormBackward1(LinalgVectorNormBackward0):
    """d ||x||_p over dims (ATen's at::norm, its node): g * x|x|^(p-2) / ||x||^(p-1)"""


def _at_norm(x: Tensor, p, dims, keepdim=False) -> Tensor:
    """ATen's at::norm(x, p[, dims, keepdim]): linalg.vector_norm's kernel, its own node."""
    if dims is None:
        return apply(NormBackward0, (x,), p=float(p), dims=None, keepdim=False)
    dims = tuple(sorted(wrap_dim(d, x.dim()) for d in dims))
    if not x.dim() and dims:                # (a 0-d tensor's dim 0 is all of it)
        if len(dims) > 1:
            raise TorchRuntimeError("dim 0 appears multiple times in the list of dims")
        dims = ()
    return apply(NormBackward1, (x,), p=float(p), dims=dims, keepdim=bool(keepdim))


# (no dim=-1 sample: PyTorch 2.13's own forward AD fails there, "Trying to set a forward
# gradient that has a different size"; its values and gradients are in test_aten_funcs)
@register("norm_except_dim", grad_fn="ViewBackward0", namespaces=_TORCH,
          sample=fixed((((3, 4),), {}), (((3, 2, 2), 2, 1), {}), (((3, 4), 3, 1), {}),
                       (((2, 3), 2, 1), {})))
def norm_except_dim(v, pow=2, dim=0):
    """the p-norm of each slice along dim (all of v for dim -1), shaped to broadcast against
    v (weight_norm's g)"""
    x = check_tensor(v, "norm_except_dim")
    if dim != -1 and x.dim() == 0:          # (ATen's v.size(0))
        raise TorchIndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    if x._data.dtype.kind not in "fc":      # (its norm's refusal)
        raise TorchRuntimeError(f"norm(): input dtype should be either floating point or "
                                f"complex. Got {x.dtype.legacy} instead.")
    if dim == -1:
        return _at_norm(x, pow, None)
    last = x.dim() - 1
    if dim not in (0, last):
        return norm_except_dim(x.transpose(0, dim), pow, 0).transpose(0, dim)
    size = [1] * x.dim()
    size[dim] = x.shape[dim]
    rows = x.contiguous().view(x.shape[0], -1) if dim == 0 else \
        x.contiguous().view(-1, x.shape[last])
    return _at_norm(rows, pow, (1 - min(dim, 1),)).view(size)


_LINALG_CPP = "/__w/pytorch/pytorch/aten/src/ATen/native/LinearAlgebra.cpp"


@register("frobenius_norm", grad_fn="NormBackward1", namespaces=_TORCH,
          sample=fixed((((3, 4), [0, 1]), {}), (((3, 4), [1], True), {})))
def frobenius_norm(input, dim, keepdim=False):
    """sqrt of the sum of squares over dim (deprecated: linalg.vector_norm(A, 2, dim)):
    d/dx = g * x / ||x||"""
    x = check_tensor(input, "frobenius_norm")
    warn_once("at::frobenius_norm is deprecated and it is just left for JIT compatibility. It "
              "will be removed in a future PyTorch release. Please use "
              "`linalg.vector_norm(A, 2., dim, keepdim)` instead (Triggered internally at "
              f"{_LINALG_CPP}:3175.)")
    dims = list(dim) if isinstance(dim, (list, tuple)) else [dim]
    if len(dims) > 2:
        raise TorchRuntimeError(f"Expected at most 2 dimensions, but got {len(dims)} "
                                f"dimensions instead.")
    return _at_norm(x, 2, dims or None, keepdim) if dims else \
        apply(NormBackward1, (x,), p=2.0, dims=None, keepdim=bool(keepdim))


@register("nuclear_norm", grad_fn="SumBackward1", namespaces=_TORCH,
          sample=fixed((((3, 4),), {}), (((2, 3, 4), [1, 2]), {})))
def nuclear_norm(input, dim=None, keepdim=False):
    """sum of the singular values (deprecated: linalg.matrix_norm(A, 'nuc', dim)):
    d/dA = g U V^T"""
    x = check_tensor(input, "nuclear_norm")
    if dim is None or isinstance(dim, bool):       # nuclear_norm(input, keepdim=False)
        keepdim = bool(dim) if isinstance(dim, bool) else keepdim
        dim = (-2, -1)
    elif isinstance(dim, int):                      # (the parser's IntArrayRef[2] of one int)
        dim = (dim, dim)
    warn_once("at::nuclear_norm is deprecated and it is just left for JIT compatibility. It "
              "will be removed in a future PyTorch release. Please use "
              "`linalg.matrix_norm(A, 'nuc', dim, keepdim)` instead (Triggered internally at "
              f"{_LINALG_CPP}:3229.)")
    return REGISTRY["matrix_norm"].fn(x, "nuc", tuple(dim), keepdim)


# -- removed functions -------------------------------------------------------------------------

category("removed")

_REMOVED = "This function was deprecated since version 1.9 and is now removed."
_SOLVE_REMOVED = (
    f"{_REMOVED} `torch.solve` is deprecated in favor of `torch.linalg.solve`. "
    "`torch.linalg.solve` has its arguments reversed and does not return the LU "
    "factorization.\n\nTo get the LU factorization see `torch.lu`, which can be used with "
    "`torch.lu_solve` or `torch.lu_unpack`.\nX = torch.solve(B, A).solution should be "
    "replaced with:\nX = torch.linalg.solve(A, B)")
_LSTSQ_REMOVED = (
    f"{_REMOVED} `torch.lstsq` is deprecated in favor of `torch.linalg.lstsq`.\n"
    "`torch.linalg.lstsq` has reversed arguments and does not return the QR decomposition in "
    "the returned tuple (although it returns other information about the problem).\n\nTo get "
    "the QR decomposition consider using `torch.linalg.qr`.\n\nThe returned solution in "
    "`torch.lstsq` stored the residuals of the solution in the last m - n columns of the "
    "returned value whenever m > n. In torch.linalg.lstsq, the residuals are in the field "
    "'residuals' of the returned named tuple.\n\nThe unpacking of the solution, as in\n"
    "X, _ = torch.lstsq(B, A).solution[:A.size(1)]\nshould be replaced with:\n"
    "X = torch.linalg.lstsq(A, B).solution")
_EIG_REMOVED = (
    f"{_REMOVED} `torch.linalg.eig` returns complex tensors of dtype `cfloat` or `cdouble` "
    "rather than real tensors mimicking complex tensors.\n\nL, _ = torch.eig(A) should be "
    "replaced with:\nL_complex = torch.linalg.eigvals(A)\n\nand\n\nL, V = torch.eig(A, "
    "eigenvectors=True) should be replaced with:\nL_complex, V_complex = torch.linalg.eig(A)")
_SYMEIG_REMOVED = (
    f"{_REMOVED} The default behavior has changed from using the upper triangular portion of "
    "the matrix by default to using the lower triangular portion.\n\nL, _ = "
    "torch.symeig(A, upper=upper) should be replaced with:\nL = torch.linalg.eigvalsh(A, "
    "UPLO='U' if upper else 'L')\n\nand\n\nL, V = torch.symeig(A, eigenvectors=True) should "
    "be replaced with:\nL, V = torch.linalg.eigh(A, UPLO='U' if upper else 'L')")
_MATRIX_RANK_REMOVED = (
    f"{_REMOVED}\nPlease use the `torch.linalg.matrix_rank` function instead. The parameter "
    "'symmetric' was renamed in `torch.linalg.matrix_rank()` to 'hermitian'.")


@register("solve", method=True, namespaces=_TORCH, differentiable=False)
def solve(input, A, *, out=None):
    """removed in PyTorch 1.9 (torch.linalg.solve(A, B)): raises PyTorch's message"""
    raise TorchRuntimeError(_SOLVE_REMOVED)


@register("lstsq", method=True, namespaces=_TORCH, differentiable=False)
def lstsq(input, A, *, out=None):
    """removed in PyTorch 1.9 (torch.linalg.lstsq(A, B)): raises PyTorch's message"""
    raise TorchRuntimeError(_LSTSQ_REMOVED)


@register("eig", method=True, namespaces=_TORCH, differentiable=False)
def eig(self, eigenvectors=False, *, e=None, v=None):
    """removed in PyTorch 1.9 (torch.linalg.eig): raises PyTorch's message"""
    raise TorchRuntimeError(_EIG_REMOVED)


def _symeig(input, eigenvectors=False, upper=True, *, out=None):
    """removed in PyTorch 1.9 (torch.linalg.eigh): raises PyTorch's message"""
    raise TorchRuntimeError(_SYMEIG_REMOVED)


register("symeig", method=True, namespaces=_TORCH, differentiable=False)(_symeig)
_symeig.__name__ = _symeig.__qualname__ = "_symeig"     # PyTorch's name, in its TypeErrors


def _removed_matrix_rank(input, tol=None, symmetric=False, *, out=None):
    """removed in PyTorch 1.9 (torch.linalg.matrix_rank): raises PyTorch's message"""
    raise TorchRuntimeError(_MATRIX_RANK_REMOVED)


# `matrix_rank` is linalg's in the registry: torch's (no Tensor method) is listed under
# another name
register("removed_matrix_rank", namespaces=("torch:matrix_rank",), differentiable=False)(
    _removed_matrix_rank)
_removed_matrix_rank.__name__ = _removed_matrix_rank.__qualname__ = "matrix_rank"


# -- segment reductions ----------------------------------------------------------------------------

category("reductions")

_SEGMENT_START = {"sum": 0.0, "mean": 0.0, "max": -np.inf, "min": np.inf, "prod": 1.0}
_SEGMENT_STEP = {"sum": np.add, "mean": np.add, "max": np.maximum, "min": np.minimum,
                 "prod": np.multiply}


def _segment_bounds(lengths: np.ndarray) -> list:
    ends = np.cumsum(lengths)
    return list(zip((ends - lengths).tolist(), ends.tolist()))


class SegmentReduceBackward0(Node):
    """d segment_reduce: sum g spread over each segment, mean g/length, max/min g shared by
    the elements equal to the result, prod g*out/x (the exclusive product where x is 0 or
    NaN). PyTorch has no second derivative (its NotImplemented node)."""

    save_inputs = (0,)
    save_output = True

    def jvp(self, inputs, tangents, out):
        """PyTorch has no forward-mode rule for segment_reduce"""
        from ..autograd import forward_ad
        raise forward_ad.unsupported("segment_reduce")

    def _rows(self):
        """(leading index, segment number, start, end) of every segment, in ATen's order."""
        lead = self.lengths.shape[:-1]
        for idx in np.ndindex(*lead):
            for s, (lo, hi) in enumerate(_segment_bounds(self.lengths[idx])):
                yield idx, s, lo, hi

    def forward(self, x):
        red, axis = self.reduce, self.axis
        start = self.initial if self.initial is not None else _SEGMENT_START[red]
        step = _SEGMENT_STEP[red]
        out = np.empty(x.shape[:axis] + self.lengths.shape[-1:] + x.shape[axis + 1:],
                       dtype=x.dtype)
        for idx, s, lo, hi in self._rows():
            acc = np.full(x.shape[axis + 1:], start, dtype=x.dtype)
            for k in range(lo, hi):        # ATen's order, one element after another
                acc = step(acc, x[idx + (k,)])
            if red == "mean":
                acc = acc / x.dtype.type(hi - lo) if hi > lo else \
                    (acc if self.initial is not None else np.full_like(acc, np.nan))
            out[idx + (s,)] = acc
        return out

    def backward(self, g):
        from .fused import not_implemented
        x, out = self.saved
        value = wrap(self._grad(g._data, x._data, out._data))
        return not_implemented("_segment_reduce_backward", value, (g, x))

    def _grad(self, g, x, out):
        red, gx = self.reduce, np.zeros_like(x)
        for idx, s, lo, hi in self._rows():
            gs, o, seg = g[idx + (s,)], out[idx + (s,)], x[idx + (slice(lo, hi),)]
            if hi == lo:
                continue
            if red == "sum" or red == "mean":
                gx[idx + (slice(lo, hi),)] = gs / x.dtype.type(hi - lo) if red == "mean" \
                    else gs
            elif red in ("max", "min"):
                hit = (seg == o) | (np.isnan(seg) & np.isnan(o))
                with np.errstate(invalid="ignore", divide="ignore"):
                    gx[idx + (slice(lo, hi),)] = np.where(hit, gs / hit.sum(0), 0)
            else:
                gx[idx + (slice(lo, hi),)] = self._prod_grad(gs, o, seg)
        return gx

    def _prod_grad(self, gs, o, seg):
        """g*out/x, or where x is 0 or NaN g times the product of the others (from the
        initial value, in order), as ATen."""
        with np.errstate(invalid="ignore", divide="ignore"):
            rows = [gs * o / v for v in seg]
        start = self.initial if self.initial is not None else 1.0
        for j, v in enumerate(seg):
            redo = (v == 0) | np.isnan(v)
            if redo.any():
                other = np.full(v.shape, start, dtype=seg.dtype)
                for k, w in enumerate(seg):
                    if k != j:
                        other = other * w
                rows[j] = np.where(redo, gs * other, rows[j])
        return np.array(rows, dtype=seg.dtype).reshape(seg.shape)


@register("segment_reduce", grad_fn="SegmentReduceBackward0", namespaces=_TORCH,
          sample=fixed((((5, 2), "sum"), {"lengths": np.array([2, 3])}),
                       (((6,), "sum"), {"offsets": np.array([0, 2, 2, 6])}),
                       (((6,), "mean"), {"offsets": np.array([0, 2, 6])}),
                       (((5, 2), "max"), {"lengths": np.array([3, 2])}),
                       (((2, 4), "prod"), {"lengths": np.array([[1, 3], [4, 0]]), "axis": 1,
                                           "initial": 2.0})),
          no_second_order="derivative for aten::_segment_reduce_backward is not implemented")
def segment_reduce(data, reduce, *, lengths=None, indices=None, offsets=None, axis=0,
                   unsafe=False, initial=None):
    """sum, mean, max, min or prod of each segment (by lengths or offsets) along axis:
    d/dx = g spread over the segment (/length; to the max or min; times out/x)"""
    x = check_tensor(data, "segment_reduce")
    if indices is not None:                 # (PyTorch's order: indices, segments, reduce)
        raise TorchRuntimeError("segment_reduce(): indices based reduction is not supported "
                                "yet.")
    if lengths is None and offsets is None:
        raise TorchRuntimeError("segment_reduce(): Either lengths or offsets must be defined.")
    red = {"sum": "sum", "mean": "mean", "max": "max", "min": "min", "prod": "prod",
           "amax": "max", "amin": "min"}.get(reduce)
    if red is None:
        raise TorchRuntimeError(f"reduce argument must be either sum, prod, mean, amax or "
                                f"amin, got {reduce}")
    axis = wrap_dim(axis, x.dim())
    given = lengths if lengths is not None else offsets
    kind = "lengths" if lengths is not None else "offsets"
    if x.dim() < given.dim():
        raise TorchRuntimeError(f"Expected data.dim() >= {kind}_value.dim() to be true, but got "
                                f"false.  (Could this error message be improved?  If so, please "
                                f"report an enhancement request to PyTorch.)")
    if axis != given.dim() - 1:
        raise TorchRuntimeError(f"segment_reduce(): Expected axis to be the last dimension of "
                                f"{kind} but got {axis}.")
    if lengths is not None and not unsafe:
        if not lengths.numel():             # (ATen's lengths.min() of nothing)
            raise TorchRuntimeError("min(): Expected reduction dim to be specified for "
                                    "input.numel() == 0. Specify the reduction dim with the "
                                    "'dim' argument.")
        if lengths._data.min() < 0:
            raise TorchRuntimeError("lengths contains negative value!")
        if np.any(lengths._data.sum(-1) != x.shape[axis]):
            raise TorchRuntimeError("segment_reduce(): Expected all rows of lengths along "
                                    "axis to sum to data.size(lengths.dim()-1) when !unsafe.")
    if offsets is not None and lengths is None and offsets.shape[-1] == 0:
        shape = list(x.shape)
        shape[axis] = -1
        raise TorchRuntimeError(f"Trying to create tensor with negative dimension -1: {shape}")
    # the kernel's dispatch: the segments' index type, then the data's floating type
    if given._data.dtype.kind not in "iu":
        raise TorchNotImplementedError(f"\"_segment_reduce_{kind}_cpu_kernel1\" not "
                                       f"implemented for '{given.dtype.legacy}'")
    if x._data.dtype.kind != "f":                  # (bfloat16 is float32 here)
        raise TorchNotImplementedError(f"\"_segment_reduce_cpu\" not implemented for "
                                       f"'{x.dtype.legacy}'")
    if initial is not None:             # (the kernel's initial.to<scalar_t>())
        initial = float(dtypes.checked_scalar(initial, x._data.dtype).item())
    if lengths is not None:
        counts = lengths._data.astype(np.int64)
    else:
        counts = np.diff(offsets._data.astype(np.int64), axis=-1)
    return apply(SegmentReduceBackward0, (x,), reduce=red, axis=axis, lengths=counts,
                 initial=initial)


# -- histogramdd -----------------------------------------------------------------------------------

category("counting")


@functools.lru_cache(maxsize=None)
def _no_derivative_node(op: str, outputs: int):
    """The NotImplemented node PyTorch records for an op of `outputs` results without a
    derivative (its backward raises)."""
    def backward(self, *g):
        raise TorchRuntimeError(f"derivative for aten::{op} is not implemented")
    return type("NotImplemented", (Node,), {
        "__doc__": f"{op} has no derivative (PyTorch records a NotImplemented node)",
        "n_outputs": outputs, "forward": lambda self, *arrays: self.values,
        "backward": backward, "_qualified": True})


def _per_dim_edges(data: np.ndarray, bins, range, d: int) -> np.ndarray:
    """Dimension d's bin edges, as torch.histogram makes them (its messages name d)."""
    from .extra import _histogram_edges
    try:
        return _histogram_edges(data, bins, range)
    except TorchRuntimeError as e:
        raise TorchRuntimeError(str(e).replace("dimension 0", f"dimension {d}")) from None


@register("histogramdd", differentiable=False, namespaces=_TORCH)
def histogramdd(input, bins, *, range=None, weight=None, density=False):
    """(hist, bin_edges): counts (or weights, or a density) of the rows of input (points in
    its last dimension's space) in a grid of bins, equal ones over range (the data's by
    default) or between the given edges"""
    x = check_tensor(input, "histogramdd")
    n = x.shape[-1] if x.dim() else 0
    bins = _histogramdd_bins(x, bins, range)
    points = x._data.reshape(-1, n) if n else None
    # ATen's order: the edges (the ranges' checks; the bins tensors' own), then the weight,
    # then a count of 0 bins
    edges = [_per_dim_edges(points[:, d], b if isinstance(b, Tensor) else builtins.max(b, 1),
                            None if range is None else range[2 * d:2 * d + 2], d)
             for d, b in enumerate(bins)]
    counts = [(d, b) for d, b in enumerate(bins) if not isinstance(b, Tensor)]
    for d, b in counts:
        if b < -1:                                  # (linspace's, for b + 1 edges)
            raise TorchRuntimeError("number of steps must be non-negative")
    for d, b in counts:
        if b == -1:
            raise TorchRuntimeError(f"torch.histogramdd: bins tensor should have at least 1 "
                                    f"element, but got 0 elements in the bins tensor for "
                                    f"dimension {d}")
    w = _histogramdd_weight(x, weight)
    for d, b in counts:
        if b == 0:
            raise TorchRuntimeError(f"torch.histogram(): bins must be > 0, but got 0 for "
                                    f"dimension {d}")
    inputs = tuple(t for t in (x, weight) if isinstance(t, Tensor))
    from .matrix import _Result
    if not n:                   # points of no coordinates: an empty 0-d grid, no edges
        h = apply(_no_derivative_node("_histogramdd_from_bin_cts", 1), inputs,
                  values=np.array(np.nan if density else 0.0, x._data.dtype))
        return _Result("histogramdd", ("hist", "bin_edges"), (h, ()))
    hist = _grid_counts(points, edges, w).astype(x._data.dtype)
    if density:
        with np.errstate(all="ignore"):
            hist = hist / hist.sum()
            for d, e in enumerate(edges):
                shape = [1] * n
                shape[d] = -1
                hist = hist / np.diff(e).reshape(shape)
    h = apply(_no_derivative_node("_histogramdd_from_bin_cts", 1), inputs,
              values=hist.astype(x._data.dtype))
    e = apply(_no_derivative_node("_histogramdd_bin_edges", n), inputs,
              values=tuple(edges) if n > 1 else edges[0])
    return _Result("histogramdd", ("hist", "bin_edges"), (h, tuple(e) if n > 1 else (e,)))


def _histogramdd_bins(x: Tensor, bins, range) -> list:
    """The bins per dimension, checked (with the range's length) as ATen checks them."""
    if x.dim() < 2:
        raise TorchRuntimeError("torch.histogramdd: input tensor should have at least 2 "
                                "dimensions")
    n = x.shape[-1]
    bins = [bins] * n if isinstance(bins, int) else list(bins)
    if len(bins) != n:
        raise TorchRuntimeError("histogramdd: The size of bins must be equal to the innermost "
                                "dimension of the input.")
    if range is not None and len(range) != 2 * n:
        raise TorchRuntimeError(f"torch.histogramdd: for a {n}-dimensional histogram range "
                                f"should have {2 * n} elements, but got {len(range)}")
    return bins


def _histogramdd_weight(x: Tensor, weight):
    """The flat weights (or None), checked as ATen checks them."""
    if weight is None:
        return None
    from .extra import check_weight_dtype
    w = check_weight_dtype(x, check_tensor(weight, "histogramdd", "weight"))
    if tuple(w.shape) != tuple(x.shape[:-1]):
        raise TorchRuntimeError(
            f"torch.histogramdd: if weight tensor is provided it should have the same shape as "
            f"the input tensor excluding its innermost dimension, but got input with shape "
            f"{list(x.shape)} and weight with shape {list(w.shape)}")
    return w.reshape(-1)


def _grid_counts(points: np.ndarray, edges: list, w) -> np.ndarray:
    """Weighted counts of the points in the grid of bins: in each dimension a value goes to
    the last edge not above it, the last edge closing the last bin; points outside any
    dimension's edges are left out."""
    sizes = tuple(len(e) - 1 for e in edges)
    keep = np.ones(len(points), dtype=bool)
    for d, e in enumerate(edges):
        keep &= (points[:, d] >= e[0]) & (points[:, d] <= e[-1])
    pos = [np.minimum(np.searchsorted(e, points[keep, d], side="right") - 1, sizes[d] - 1)
           for d, e in enumerate(edges)]
    if not all(sizes) or not keep.any():
        return np.zeros(sizes, dtype=np.float64)
    flat = np.ravel_multi_index(pos, sizes)
    counts = np.bincount(flat, None if w is None else w[keep].astype(np.float64),
                         minlength=int(np.prod(sizes)))
    return counts.reshape(sizes)
