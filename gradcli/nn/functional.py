"""`torch.nn.functional` for Python (`import gradcli.nn.functional as F`): the registry's
functional ops, the same functions a formula's `torch.nn.functional` names, and the few that
PyTorch writes as compositions (COMPOSITES)."""
from __future__ import annotations

import math
import warnings

from ..argparser import checked as _checked
from ..namespace import functional_ops as _functional_ops
from ..ops.unary import check_tensor as _check_tensor

globals().update(_functional_ops())

# Python composites over the ops above (not registry ops): PyTorch writes them in Python too.
from ._mha import multi_head_attention_forward  # noqa: E402,F401
# ctc_loss is ATen's composite over its _ctc_loss node, whose gradient is not the derivative
# of its value (it takes log_probs to be log_softmax outputs), so no gradcheck sample fits it.
from ..ops.loss import ctc_loss  # noqa: E402,F401


#: torch functions PyTorch also names in torch.nn.functional (the same objects)
_TORCH_FUNCTIONS = ("native_channel_shuffle",)


def __getattr__(name: str):
    """torch.<name> for the names of _TORCH_FUNCTIONS, looked up when first asked for (their
    op modules may load after this one)."""
    if name not in _TORCH_FUNCTIONS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from ..ops.registry import REGISTRY
    info = REGISTRY[name]
    fn = info.fn if info.native is None else info.native
    globals()[name] = fn
    return fn


def gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1):
    """softmax((logits + g) / tau) with g ~ Gumbel(0, 1) drawn as -log(Exponential(1)) from
    the same stream as PyTorch's `exponential_`; hard=True returns the one-hot argmax with the
    soft sample's gradient (y_hard - y_soft.detach() + y_soft)."""
    if eps != 1e-10:
        warnings.warn("`eps` parameter is deprecated and has no effect.", stacklevel=2)
    _check_tensor(logits, "empty_like")         # PyTorch's torch.empty_like(logits)
    gumbels = -logits.new_empty(logits.shape).exponential_().log()
    y_soft = ((logits + gumbels) / tau).softmax(dim)
    if not hard:
        return y_soft
    index = y_soft.max(dim, keepdim=True)[1]
    y_hard = logits.new_zeros(logits.shape).scatter_(dim, index, 1.0)
    return y_hard - y_soft.detach() + y_soft


def triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None,
                                      margin=1.0, swap=False, reduction="mean"):
    """max(margin + d(anchor, positive) - d(anchor, negative), 0) for any distance d
    (pairwise_distance by default; swap: the smaller of d(a, n) and d(p, n))"""
    from ..errors import TorchRuntimeError, TorchValueError
    if reduction not in ("mean", "sum", "none"):
        raise TorchValueError(f"{reduction} is not a valid value for reduction")
    if margin <= 0:
        raise TorchValueError(f"margin must be greater than 0, got {margin}")
    dims = (anchor.ndim, positive.ndim, negative.ndim)
    if len(set(dims)) != 1:
        raise TorchRuntimeError(f"The anchor, positive, and negative tensors are expected to "
                                f"have the same number of dimensions, but got: anchor "
                                f"{dims[0]}D, positive {dims[1]}D, and negative {dims[2]}D "
                                f"inputs")
    distance = distance_function if distance_function is not None else pairwise_distance
    dist_pos, dist_neg = distance(anchor, positive), distance(anchor, negative)
    if swap:
        dist_neg = dist_neg.minimum(distance(positive, negative))
    loss = (margin + dist_pos - dist_neg).clamp_min(0)
    if reduction == "sum":
        return loss.sum()
    return loss.mean() if reduction == "mean" else loss


# PyTorch's boolean_dispatch: F.max_pool2d is `_max_pool2d` or `max_pool2d_with_indices` by
# return_indices, Python functions whose names Python's argument errors give. These bind a
# call to the parameters and return them by name (each copied under its PyTorch name).
def _pool_arguments(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                    return_indices=False):
    return locals()


def _adaptive_arguments(input, output_size, return_indices=False):
    return locals()


def _fractional_arguments(input, kernel_size, output_size=None, output_ratio=None,
                          return_indices=False, _random_samples=None):
    return locals()


def _binder(arguments, name: str):
    """`arguments` as a function named `name`, whose refusal of a call is Python's words."""
    import types
    bind = types.FunctionType(arguments.__code__, globals(), name, arguments.__defaults__)
    bind.__qualname__ = name
    return bind


def _dispatched(name: str, arguments, with_indices: bool):
    """F.<name> (or F.<name>_with_indices, which always returns the indices): as PyTorch's
    boolean_dispatch, return_indices (by keyword, else by position) is tested for truth
    first (a tensor of several values refuses it), then the call is bound as the Python
    function it picks (`_<name>` or `<name>_with_indices`) binds it, then the op."""
    op = globals()[name]
    public = name + "_with_indices" if with_indices else name
    plain, indexed = _binder(arguments, "_" + name), _binder(arguments, name + "_with_indices")
    flag_at = arguments.__code__.co_varnames.index("return_indices")

    def fn(*args, **kwargs):
        if with_indices:
            flagged = True
        elif "return_indices" in kwargs:
            flagged = bool(kwargs["return_indices"])
        else:
            flagged = flag_at < len(args) and bool(args[flag_at])
        bound = (indexed if flagged else plain)(*args, **kwargs)
        bound["return_indices"] = flagged
        if flagged and name in _WITH_INDICES:
            _WITH_INDICES[name](bound)
        return op(**bound)
    fn.__name__ = fn.__qualname__ = public
    fn.__doc__ = op.__doc__ if not with_indices else f"{name} and the flat indices of its maxima"
    return fn


def _checked_with_indices(key: str):
    """The check of PyTorch's call `key` (argsigs.FORWARDED) that max_pool<n>d_with_indices
    makes."""
    from ..argparser import check_forwarded

    def check(a):
        check_forwarded(key, a["input"], a["kernel_size"],
                        [] if a["stride"] is None else a["stride"], a["padding"], a["dilation"],
                        a["ceil_mode"])
    return check


def _max_pool3d_indices(a) -> None:
    getattr(a["input"], "is_cuda")             # (PyTorch's deterministic-CUDA test first)
    _checked_with_indices("nn.max_pool3d_with_indices")(a)


# what PyTorch's max_pool<n>d_with_indices does first with its arguments
_WITH_INDICES = {"max_pool1d": _checked_with_indices("torch.max_pool1d_with_indices"),
                 "max_pool2d": _checked_with_indices("nn.max_pool2d_with_indices"),
                 "max_pool3d": _max_pool3d_indices}


_DISPATCHED = {**dict.fromkeys(("max_pool1d", "max_pool2d", "max_pool3d"), _pool_arguments),
               **dict.fromkeys(("adaptive_max_pool1d", "adaptive_max_pool2d",
                                "adaptive_max_pool3d"), _adaptive_arguments),
               **dict.fromkeys(("fractional_max_pool2d", "fractional_max_pool3d"),
                               _fractional_arguments)}
globals().update({name + "_with_indices": _dispatched(name, arguments, True)
                  for name, arguments in _DISPATCHED.items()})
globals().update({name: _dispatched(name, arguments, False)
                  for name, arguments in _DISPATCHED.items()})


_im2col = globals()["unfold"]


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """im2col (the registry's op), under PyTorch's Python name, which Python's argument
    errors give"""
    return _im2col(input, kernel_size, dilation, padding, stride)



def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """interpolate, with PyTorch's deprecation warning"""
    warnings.warn("`nn.functional.upsample` is deprecated. Use `nn.functional.interpolate` "
                  "instead.", stacklevel=2)
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    """interpolate(mode='nearest'), with PyTorch's deprecation warning"""
    warnings.warn("`nn.functional.upsample_nearest` is deprecated. Use "
                  "`nn.functional.interpolate` instead.", stacklevel=2)
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    """interpolate(mode='bilinear', align_corners=True), with PyTorch's deprecation warning"""
    warnings.warn("`nn.functional.upsample_bilinear` is deprecated. Use "
                  "`nn.functional.interpolate` instead.", stacklevel=2)
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


def linear_cross_entropy(input, linear_weight, target, *, linear_bias=None, weight=None,
                         reduction="mean", ignore_index=None, label_smoothing=0.0,
                         options=None):
    """cross_entropy(linear(input, linear_weight, linear_bias), target), PyTorch's reference
    path (a (C, d_1, ..., in_features) weight gives K-dimensional logits); the chunked path
    (`options`) is refused."""
    from ..errors import TorchRuntimeError
    if input.dim() < 1 or input.dim() > 2:
        raise TorchRuntimeError(f"expected input with dimensionality 1 or 2, got {input.dim()}")
    if linear_weight.dim() < 2:
        raise TorchRuntimeError(f"expected linear_weight with dimensionality at least 2, got "
                                f"{linear_weight.dim()}")
    num_batches, in_features = tuple(input.shape[:-1]), input.shape[-1]
    if in_features != linear_weight.shape[-1]:
        raise TorchRuntimeError(f"expected equal input and linear_weight last dimensions "
                                f"(in_features), got {input.shape[-1]} and "
                                f"{linear_weight.shape[-1]}, respectively")
    num_classes, out_features = linear_weight.shape[0], tuple(linear_weight.shape[1:-1])
    if linear_bias is not None and tuple(linear_bias.shape) != (num_classes, *out_features):
        raise TorchRuntimeError(f"expected linear_bias shape {(num_classes, *out_features)}, "
                                f"got {tuple(linear_bias.shape)}")
    if out_features and not num_batches:
        raise TorchRuntimeError(f"K-dimensional loss defined by linear_weight shape "
                                f"{tuple(linear_weight.shape)} requires batched input, (N, "
                                f"{in_features}), got unbatched input with shape "
                                f"{tuple(input.shape)}")
    logits_shape = (*num_batches, num_classes, *out_features)
    if tuple(target.shape) == logits_shape and ignore_index is not None:
        raise TorchRuntimeError("ignore_index cannot be specified when target contains "
                                "probabilities")
    if options is not None:
        _chunked_options(options, out_features, reduction, label_smoothing, target,
                         linear_bias)
    if out_features:
        rows = math.prod(out_features, start=num_classes)
        linear_weight = linear_weight.reshape((rows, in_features))
        linear_bias = None if linear_bias is None else linear_bias.reshape(rows)
    logits = linear(input, linear_weight, linear_bias).reshape(logits_shape)
    return cross_entropy(logits, target, weight=weight, reduction=reduction,
                         ignore_index=-100 if ignore_index is None else ignore_index,
                         label_smoothing=label_smoothing)


def _chunked_options(options, out_features, reduction, label_smoothing, target,
                     bias) -> None:
    """linear_cross_entropy's `options`: PyTorch's warning where its chunked path does not
    apply (the reference path follows), gradcli's refusal where it does."""
    from .. import dtypes
    from ..errors import TorchNotImplementedError
    if out_features or reduction not in {"mean", "sum", "none"} or label_smoothing != 0.0 \
            or target.dtype is not dtypes.int64:
        warnings.warn(
            "linear_cross_entropy: ``options`` ignored; chunked path needs reduction in "
            "{'mean','sum','none'}, label_smoothing == 0, target.dtype == int64, out_features "
            f"== (). Got reduction={reduction!r}, label_smoothing={label_smoothing}, "
            f"target.dtype={target.dtype}, out_features={tuple(out_features)}, tracing=False, "
            f"linear_bias.shape={None if bias is None else tuple(bias.shape)}.", UserWarning,
            stacklevel=3)
        return
    raise TorchNotImplementedError("gradcli: linear_cross_entropy's chunked path "
                                   "(options=...) is not supported; pass options=None")


def _in_place(name: str):
    """F.<name>_: F.<name>(..., inplace=True), as PyTorch's in-place activations, which are
    C++ (their argument errors name `<name>_`)."""
    op = globals()[name]

    def fn(input, *args, **kwargs):
        return op(input, *args, inplace=True, **kwargs)
    fn.__name__ = fn.__qualname__ = name + "_"
    fn.__doc__ = f"{name}, written into input (F.{name}(..., inplace=True))"
    return _checked(fn, name + "_", False, functional=True)


_IN_PLACE = ("relu", "elu", "leaky_relu", "selu", "celu", "rrelu", "threshold")
globals().update({name + "_": _in_place(name) for name in _IN_PLACE})


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    """hardtanh written into input: ATen's hardtanh_, without F.hardtanh's check that
    min_val <= max_val"""
    from ..ops.activation import hardtanh_kernel
    return hardtanh_kernel(input, min_val, max_val, inplace=True)


hardtanh_ = _checked(hardtanh_, "hardtanh_", False, functional=True)


COMPOSITES = ("multi_head_attention_forward", "ctc_loss", "gumbel_softmax", *_TORCH_FUNCTIONS,
              "triplet_margin_with_distance_loss", "upsample", "upsample_nearest",
              "upsample_bilinear", "linear_cross_entropy", "unfold", *_DISPATCHED,
              *(name + "_with_indices" for name in _DISPATCHED),
              "hardtanh_", *(name + "_" for name in _IN_PLACE))
