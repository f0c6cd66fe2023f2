"""ATen's native functions that PyTorch exposes as torch.native_*: layer and batch norm
with the statistics their backward saves (mean and rstd, save_mean and save_invstd, which
do not require grad), dropout with its boolean mask (one NativeDropoutBackward0 node), and
channel shuffle without a derivative (NotImplemented, as PyTorch records it).
"""
from __future__ import annotations

import numpy as np

from ..autograd.graph import Node
from .core import apply, wrap
from .registry import category, fixed, register
from .unary import check_tensor

category("nn")


@register("native_layer_norm", grad_fn="NativeLayerNormBackward0", sample=fixed(
    (((2, 3), [3], (3,), (3,), 1e-5), {})))
def native_layer_norm(input, normalized_shape, weight, bias, eps):
    """(layer_norm(...), mean, rstd): the statistics over the normalized dims, shaped to
    broadcast against the input, as the backward saves them (not requiring grad)"""
    from .more import NativeLayerNormBackward0, layer_norm
    x = check_tensor(input, "native_layer_norm")
    out = layer_norm(x, list(normalized_shape), weight, bias, eps)
    node = out.grad_fn
    if not isinstance(node, NativeLayerNormBackward0):          # no graph: a scratch node
        node = NativeLayerNormBackward0.__new__(NativeLayerNormBackward0)
        node.k, node.eps = len(tuple(normalized_shape)), float(eps)
    mean, rstd = node.moments(x._data)
    return out, wrap(np.ascontiguousarray(mean)), wrap(np.ascontiguousarray(rstd))


@register("native_batch_norm", grad_fn="NativeBatchNormBackward0", sample=fixed(
    (((3, 2, 4), (2,), (2,), None, None, True, 0.1, 1e-5), {})))
def native_batch_norm(input, weight, bias, running_mean, running_var, training, momentum,
                      eps):
    """(batch_norm(...), save_mean, save_invstd): in training the batch's mean and
    1/sqrt(biased variance + eps) per channel (the running statistics updated as
    batch_norm does), empty tensors otherwise; the statistics do not require grad"""
    from .nn import batch_norm
    x = check_tensor(input, "native_batch_norm")
    out = batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps)
    dtype = x._data.dtype
    if not training:
        empty = np.zeros(0, dtype)
        return out, wrap(empty), wrap(empty.copy())
    stats = getattr(out.grad_fn, "stats", None)
    if stats is None and x._data.size:              # no node (nothing requires grad): the
        from .nn import _stats_kernel, training_stats32     # statistics it would have saved
        if _stats_kernel(x._data, *[t._data for t in (weight, bias, running_mean,
                                                      running_var) if t is not None]):
            stats = training_stats32(x._data, eps)
    if stats is None:
        axes = (0,) + tuple(range(2, x._data.ndim))
        mean = x._data.mean(axis=axes)
        var = ((x._data - mean.reshape((1, -1) + (1,) * (x._data.ndim - 2))) ** 2).mean(
            axis=axes)
        with np.errstate(divide="ignore"):
            stats = (mean, 1 / np.sqrt(var + eps))
    return out, wrap(np.asarray(stats[0], dtype)), wrap(np.asarray(stats[1], dtype))


@register("native_group_norm", grad_fn="NativeGroupNormBackward0", sample=fixed(
    (((2, 4, 3), (4,), (4,), 2, 4, 3, 2, 1e-5), {}),
    (((2, 2, 3), None, None, 2, 2, 3, 1, 1e-5), {})))
def native_group_norm(input, weight, bias, N, C, HxW, group, eps):
    """(group_norm(...), mean, rstd): each (sample, group)'s statistics, (N, group), which
    the one node's backward differentiates too"""
    from ..errors import TorchRuntimeError
    from .nn import _group_norm
    x = check_tensor(input, "native_group_norm")
    if x._data.ndim >= 2 and x._data.shape[1] % group == 0 and x._data.size != N * C * HxW:
        raise TorchRuntimeError("Expected X.numel() == N * C * HxW to be true, but got false.  "
                                "(Could this error message be improved?  If so, please "
                                "report an enhancement request to PyTorch.)")
    return tuple(_group_norm(x, group, weight, bias, eps, False, stats=True))


class NativeDropoutBackward0(Node):
    """d (x * mask * scale) = g * mask * scale; the mask (bool) has no gradient"""

    n_outputs = 2

    def forward(self, x):
        if self.mask is None:                     # not training: x itself, every element kept
            return x.copy(), np.ones(x.shape, dtype=bool)
        with np.errstate(all="ignore"):
            out = (x * self.mask.astype(x.dtype)) * x.dtype.type(self.scale)
        return out, self.mask

    def backward(self, g, g_mask=None):
        if self.mask is None:
            return g
        return g * wrap(self.mask.astype(g._data.dtype)) * self.scale


@register("native_dropout", grad_fn="NativeDropoutBackward0", sample=fixed(
    (((2, 3), 0.0, True), {}), (((2, 3), 0.5, False), {})))
def native_dropout(input, p, train):
    """(x * mask / (1 - p), mask): mask ~ Bernoulli(1 - p) (PyTorch's stream, drawn in the
    input's logical order), bool; not training (train=False), x and a mask of ones"""
    from .nn import _bernoulli
    from ..errors import TorchRuntimeError
    x = check_tensor(input, "native_dropout")
    if x._data.size == 0:
        return x, wrap(np.empty(x._data.shape, x._data.dtype))
    if train is None or train:
        keep = 1.0 - p
        if not 0 <= keep <= 1:                       # ATen's mask.bernoulli_(1 - p)
            raise TorchRuntimeError(f"bernoulli_ expects p to be in [0, 1], but got "
                                    f"p={keep:.6g}")
        mask = _bernoulli(x._data.shape, keep, x._data.dtype).astype(bool)
        scale = 0.0 if keep == 0 else 1.0 / keep
    else:
        mask, scale = None, 1.0
    out, kept = apply(NativeDropoutBackward0, (x,), mask=mask, scale=scale)
    kept._requires_grad, kept.grad_fn = False, None       # the mask: not differentiable
    return out, kept


@register("native_channel_shuffle", grad_fn="NotImplemented", differentiable=False)
def native_channel_shuffle(input, groups):
    """channel_shuffle's values; PyTorch gives this one no derivative (NotImplemented)"""
    from ..autograd.grad_mode import no_grad
    from .fused import not_implemented
    from .nn import channel_shuffle
    x = check_tensor(input, "native_channel_shuffle")
    with no_grad():
        value = channel_shuffle(x, groups)
    return not_implemented("native_channel_shuffle", wrap(value._data.copy()), (x,))
