"""Loss functions of `torch.nn.functional`: mse_loss, l1_loss, smooth_l1_loss, huber_loss,
binary_cross_entropy(_with_logits), nll_loss and cross_entropy.

Primitives where PyTorch has a fused node (`MseLossBackward0`, `NllLossBackward0`, ...);
compositions where PyTorch composes: `l1_loss` is `mean(abs(a - b))`, `cross_entropy` is
`nll_loss(log_softmax(x))`, and with class-probability targets `-(log_softmax(x) * t).sum()
/ N`, whose last node is PyTorch's `DivBackward1` (division by a number).
Targets, weights and masks that cannot require grad are node parameters, not inputs.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from .. import argsigs, dtypes, vecmath
from ..argparser import check_forwarded, parsed_by
from ..autograd.graph import Node
from ..errors import (TorchIndexError, TorchNotImplementedError, TorchRuntimeError,
                      TorchTypeError, TorchValueError)
from .._tensor import Size, Tensor
from .activation import logsigmoid
from . import fused as F
from .arith import DivBackward1
from .core import (_enabled, apply, aten_composite, bf16_op, broadcast_error, float_kernel,
                   no_requires_grad, promoted, refuse_complex, refuse_low_precision, round_op,
                   wrap)
from .registry import category, fixed, register
from .sumorder import nll_total, torch_mean, torch_sum
from .unary import check_tensor

category("loss")

_FN = ("functional",)
_REDUCTIONS = ("none", "mean", "sum")


# -- shared helpers ---------------------------------------------------------------------------

def _reduction(reduction, size_average=None, reduce=None) -> str:
    """The reduction string, from the legacy `size_average`/`reduce` flags when given."""
    if size_average is not None or reduce is not None:
        return legacy_reduction(size_average, reduce)
    if reduction not in _REDUCTIONS:
        if reduction == "elementwise_mean":     # (_Reduction.get_enum's old name for it)
            warnings.warn("reduction='elementwise_mean' is deprecated. Please use "
                          "reduction='mean' instead.", stacklevel=3)
            return "mean"
        raise TorchValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def legacy_reduction(size_average, reduce) -> str:
    """PyTorch's _Reduction.legacy_get_string: the reduction the legacy flags name (an
    unset one counts as True), with its deprecation warning."""
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    reduction = "none" if not reduce else ("mean" if size_average else "sum")
    import warnings
    warnings.warn("size_average and reduce args will be deprecated, please use "
                  f"reduction='{reduction}' instead.", UserWarning, stacklevel=2)
    return reduction


def _reduce_np(loss, reduction):
    """The pointwise losses reduced as ATen reduces them: its sum (and sum / N for the mean),
    in the order of its CPU kernel (sumorder.py)."""
    if reduction == "none":
        return loss
    return np.asarray(torch_mean(loss) if reduction == "mean" else torch_sum(loss),
                      dtype=loss.dtype)


def _reduce_tensor(loss, reduction):
    if reduction == "none":
        return loss
    return loss.mean() if reduction == "mean" else loss.sum()


def _sized(target, input) -> None:
    """PyTorch's Python losses first call target.size() and input.size(): a value that has
    no .size() (None from a forward without `return`, a list) fails there, in Python's
    words."""
    for v in (target, input):
        if not isinstance(v, Tensor) and not hasattr(v, "size"):
            raise AttributeError(f"'{type(v).__name__}' object has no attribute 'size'")


def _size_warning(input, target):
    if input._data.shape != target._data.shape:
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input "
                      f"size ({input.shape}). This will likely lead to incorrect results due "
                      "to broadcasting. Please ensure they have the same size.", UserWarning,
                      stacklevel=3)


def _broadcast_pair(input, target):
    """PyTorch's `broadcast_tensors(input, target)`: an expand only where shapes differ."""
    a, b = input._data.shape, target._data.shape
    if a == b:
        return input, target
    try:
        shape = np.broadcast_shapes(a, b)
    except ValueError:
        raise broadcast_error(a, b) from None
    return (input if a == shape else input.expand(shape)), \
        (target if b == shape else target.expand(shape))


def _weight_check(weight, input):
    if getattr(weight, "size")() != input.shape:        # (PyTorch's weight.size())
        raise TorchValueError("Weights and input must have the same size.")


# -- regression losses ------------------------------------------------------------------------

class MseLossBackward0(Node):
    """d mean((a - b)^2) = 2(a - b)/N * g, -2(a - b)/N * g"""

    save_inputs = (0, 1)

    def forward(self, a, b):
        d = a - b
        return _reduce_np(d * d, self.reduction)

    def backward(self, g):
        a, b = self.saved
        return _pair_backward(self, F.MseLossBackwardBackward0, g, a, b,
                              reduction=self.reduction)

    def jvp(self, inputs, tangents, out):
        return _pair_jvp(self, F.MseLossBackwardBackward0, inputs, tangents, out, True)


def _loss_backward(fused_cls, g, a, b, constants):
    """A loss's backward function on g: ATen's writes into a grad_input like a (its dtype)."""
    r = F.fused(fused_cls, (g, a, b), reduction="none", **constants)
    return r if r.dtype is a.dtype else r.to(a.dtype)


def _pair_jvp(node, fused_cls, inputs, tangents, out, copied: bool, **constants):
    """PyTorch's forward formula of a loss of (a - b): its backward function on each tangent
    (zeros for a missing one) with the inputs swapped for b's, added, then reduced; mse's and
    smooth_l1's reduced tangent is then copied into the result's (CopyBackwards, in the
    result's dtype)."""
    from .creation import zeros_like
    (a, b), (ta, tb) = inputs, tangents
    ta = zeros_like(a) if ta is None else ta
    tb = zeros_like(b) if tb is None else tb
    r = _loss_backward(fused_cls, ta, a, b, constants) + \
        _loss_backward(fused_cls, tb, b, a, constants)
    if node.reduction == "none":
        return r
    r = r.mean() if node.reduction == "mean" else r.sum()
    return zeros_like(out).copy_(r) if copied else r


def _pair_backward(node, fused_cls, g, a, b, **constants):
    """The gradients of a loss of (a - b): in b PyTorch applies the same backward function
    with a and b swapped (a node of its own with create_graph); not the negative of a's,
    which differs where a == b (the sign of a zero gradient)."""
    ga = F.fused(fused_cls, (g, a, b), **constants) if node.needs(0) else None
    gb = F.fused(fused_cls, (g, b, a), **constants) if node.needs(1) else None
    return ga, gb


def _weighted(err, weight, reduction, mean_by_weight=True):
    """PyTorch's composed weighted losses: err*weight, reduced (mean divides by sum(weight))."""
    loss = err * weight
    if reduction == "none":
        return loss
    if reduction == "sum" or not mean_by_weight:
        return loss.sum() if reduction == "sum" else loss.mean()
    return loss.sum() / weight.sum()


@register("mse_loss", grad_fn="MseLossBackward0", namespaces=_FN, sample=fixed(
    (((3,), (3,)), {}), (((2, 3), (2, 3)), {"reduction": "sum"}),
    (((2, 3), (2, 3)), {"reduction": "none"})))
def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """mean((input - target)^2): d/dinput = 2(input - target)/N"""
    _sized(target, input)
    x, t = check_tensor(input, "mse_loss"), check_tensor(target, "mse_loss", "target", 2)
    _size_warning(x, t)
    red = _reduction(reduction, size_average, reduce)
    x, t = _broadcast_pair(x, t)
    if weight is not None:
        _weight_check(weight, input)
        return _weighted((x - t) ** 2, weight, red)
    float_kernel("mse_cpu", x, t)
    refuse_complex("mse", x, t)
    return apply(MseLossBackward0, (x, t), promoted(x, t, floating=True), reduction=red)


@register("l1_loss", grad_fn="MeanBackward0", namespaces=_FN, sample=fixed(
    (((3,), (3,)), {}), (((2, 3), (2, 3)), {"reduction": "sum"}),
    (((2, 3), (2, 3)), {"reduction": "none"})))
def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """mean(|input - target|), composed as in PyTorch: d/dinput = sign(input - target)/N"""
    _sized(target, input)
    x, t = check_tensor(input, "l1_loss"), check_tensor(target, "l1_loss", "target", 2)
    _size_warning(x, t)
    red = _reduction(reduction, size_average, reduce)
    x, t = _broadcast_pair(x, t)
    if weight is not None:
        _weight_check(weight, input)
        return _weighted((x - t).abs(), weight, red)
    return _reduce_tensor((x - t).abs(), red)


class SmoothL1LossBackward0(Node):
    """d smooth_l1(d = a - b) = d/beta where |d| < beta, else sign(d)  (to b: the negative)"""

    save_inputs = (0, 1)

    def forward(self, a, b):
        d = np.abs(a - b)
        beta = self.beta
        loss = np.where(d < beta, 0.5 * d * d / (beta or 1), d - 0.5 * beta)
        return _reduce_np(loss.astype(a.dtype), self.reduction)

    def backward(self, g):
        a, b = self.saved
        return _pair_backward(self, F.SmoothL1LossBackwardBackward0, g, a, b,
                              reduction=self.reduction, beta=self.beta)

    def jvp(self, inputs, tangents, out):
        return _pair_jvp(self, F.SmoothL1LossBackwardBackward0, inputs, tangents, out, True,
                         beta=self.beta)


class HuberLossBackward0(Node):
    """d huber(d = a - b) = d where |d| < delta, else delta*sign(d)  (to b: the negative)"""

    save_inputs = (0, 1)

    def forward(self, a, b):
        # ATen writes into an output like the input: computed in the promoted dtype, rounded
        ct = self.compute_dtype
        d = np.abs(a.astype(ct) - b.astype(ct))
        delta = self.delta
        loss = np.where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta))
        return _reduce_np(loss.astype(a.dtype), self.reduction)

    def backward(self, g):
        a, b = self.saved
        if a.dtype is not b.dtype:          # ATen's backward kernel does not promote
            first, other = (a, b) if self.needs(0) else (b, a)
            raise TorchRuntimeError(f"Found dtype {other.dtype.legacy} but expected "
                                    f"{first.dtype.legacy}")
        return _pair_backward(self, F.HuberLossBackwardBackward0, g, a, b,
                              reduction=self.reduction, delta=self.delta)

    def jvp(self, inputs, tangents, out):
        # ATen's huber_loss_backward does not promote: grad_input (its input's dtype), the
        # input, the target and the grad must share one dtype. The formula's two calls run
        # right to left (GCC's argument order): the target's first.
        for t, x, y in zip(tangents[::-1], inputs[::-1], inputs):
            for other in (y, x if t is None else t):
                if other.dtype is not x.dtype:
                    raise TorchRuntimeError(f"Found dtype {other.dtype.legacy} but expected "
                                            f"{x.dtype.legacy}")
        return _pair_jvp(self, F.HuberLossBackwardBackward0, inputs, tangents, out, False,
                         delta=self.delta)


@register("smooth_l1_loss", grad_fn="SmoothL1LossBackward0", namespaces=_FN, sample=fixed(
    (((4,), (4,)), {}), (((2, 3), (2, 3)), {"beta": 0.5, "reduction": "sum"})))
def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """0.5 d^2/beta where |d| < beta, else |d| - beta/2: d/dinput = clamp(d/beta, -1, 1)"""
    _sized(target, input)
    x, t = check_tensor(input, "smooth_l1_loss"), check_tensor(target, "smooth_l1_loss",
                                                               "target", 2)
    _size_warning(x, t)
    red = _reduction(reduction, size_average, reduce)
    x, t = _broadcast_pair(x, t)
    if beta == 0.0:                                # PyTorch: exactly l1_loss
        return _reduce_tensor((x - t).abs(), red)
    check_forwarded("nn.smooth_l1_loss", x, t, _REDUCTIONS.index(red), beta)
    if not beta >= 0:
        raise TorchRuntimeError("smooth_l1_loss does not support negative values for beta.")
    float_kernel("smooth_l1_cpu", x, t)
    refuse_complex("smooth_l1", x, t)
    return apply(SmoothL1LossBackward0, (x, t), promoted(x, t, floating=True), reduction=red,
                 beta=float(beta))


@register("huber_loss", grad_fn="HuberLossBackward0", namespaces=_FN, sample=fixed(
    (((4,), (4,)), {}), (((2, 3), (2, 3)), {"delta": 0.5, "reduction": "none"})))
def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """0.5 d^2 where |d| < delta, else delta(|d| - delta/2): d/dinput = clamp(d, -delta, delta)"""
    _sized(target, input)
    x, t = check_tensor(input, "huber_loss"), check_tensor(target, "huber_loss", "target", 2)
    _size_warning(x, t)
    red = _reduction(reduction)
    x, t = _broadcast_pair(x, t)
    if weight is not None:
        _weight_check(weight, input)
    check_forwarded("nn.huber_loss", x, t, _REDUCTIONS.index(red if weight is None else "none"),
                    delta)
    if not delta > 0:
        raise TorchRuntimeError("huber_loss does not support non-positive values for delta.")
    float_kernel("huber_cpu", x, t)
    rt = dtypes.result_type([(x.dtype, x._data.ndim), (t.dtype, t._data.ndim)], ())
    if not dtypes.can_cast(rt, x.dtype):          # the output is an empty_like(input)
        raise TorchRuntimeError(f"result type {rt.legacy} can't be cast to the desired "
                                f"output type {x.dtype.legacy}")
    refuse_complex("huber", x, t)
    if weight is None:
        return apply(HuberLossBackward0, (x, t), reduction=red, delta=float(delta),
                     compute_dtype=rt.np)
    _weight_check(weight, input)
    loss = apply(HuberLossBackward0, (x, t), reduction="none", delta=float(delta),
                 compute_dtype=rt.np)
    return _weighted(loss, weight, red, mean_by_weight=False)


# -- binary cross-entropy ---------------------------------------------------------------------

class BinaryCrossEntropyBackward0(Node):
    """d bce(x, t) = g*w*(x - t)/(x(1 - x)), g*w*(log(1 - x) - log(x))"""

    save_inputs = (0, 1)

    def forward(self, x, t):
        with np.errstate(divide="ignore"):
            lx = np.maximum(np.log(x), -100)
            l1x = np.maximum(np.log1p(-x), -100)
        loss = -(t * lx + (1 - t) * l1x)
        if self.weight is not None:
            loss = loss * self.weight
        return _reduce_np(loss.astype(x.dtype), self.reduction)

    def backward(self, g):
        x, t = self.saved
        gx = F.fused(F.BinaryCrossEntropyBackwardBackward0, (g, x, t),
                     reduction=self.reduction, weight=self.weight) if self.needs(0) else None
        gt = None
        if self.needs(1):           # binary_cross_entropy_target_backward: -logit(x) g w / N
            from .more import logit     # (unclamped: inf where x is 0 or 1)
            gt = logit(x).neg() * g
            if self.weight is not None:
                gt = gt * wrap(self.weight)
            if self.reduction == "mean":
                gt = gt / x._data.size
        return gx, gt


def _bce_checks(x, t, weight):
    if x._data.shape != t._data.shape:
        raise TorchValueError(f"Using a target size ({t.shape}) that is different to the "
                              f"input size ({x.shape}) is deprecated. Please ensure they have "
                              "the same size.")
    if t._data.dtype != x._data.dtype:
        raise TorchRuntimeError(f"Found dtype {t.dtype.legacy} but expected {x.dtype.legacy}")
    if x._data.dtype.kind not in "fc":
        raise TorchNotImplementedError(f"\"binary_cross_entropy\" not implemented for "
                                       f"'{x.dtype.legacy}'")
    refuse_complex("binary_cross_entropy", x)      # (t has x's dtype)
    if not np.all((x._data >= 0) & (x._data <= 1)):       # (the kernel's check: NaN fails)
        raise TorchRuntimeError("all elements of input should be between 0 and 1")
    if np.any((t._data < 0) | (t._data > 1)):
        raise TorchRuntimeError("all elements of target should be between 0 and 1")
    if weight is not None and weight._requires_grad:
        raise TorchRuntimeError("The function 'binary_cross_entropy' is not differentiable "
                                "with respect to argument 'weight'. This input cannot have "
                                "requires_grad True.")


def _weight_array(weight, shape, dtype):
    """F.binary_cross_entropy's `weight.expand(torch.broadcast_shapes(target.size(),
    weight.size()))` (its errors), then the kernel's: a weight that broadcasts the loss to
    more than the input's shape is refused."""
    if weight is None:
        return None
    try:
        return np.broadcast_to(weight._data, shape).astype(dtype)
    except ValueError:
        from .pieces import broadcast_shapes
        full = broadcast_shapes(Size(shape), weight.shape)     # (the target has x's shape)
        raise TorchRuntimeError(f"output with shape {_shape_list(shape)} doesn't match the "
                                f"broadcast shape {_shape_list(full)}") from None


def _shape_list(shape) -> str:
    return "[" + ", ".join(map(str, shape)) + "]"


@register("binary_cross_entropy", grad_fn="BinaryCrossEntropyBackward0", namespaces=_FN,
          sample=fixed((((3,), (3,)), {}), (((2, 3), (2, 3)), {"reduction": "sum"}),
                       (((2, 3), (2, 3)), {"reduction": "none"}), lo=0.1, hi=0.9))
def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction="mean"):
    """-w(t log x + (1 - t) log(1 - x)): d/dx = w(x - t)/(x(1 - x))"""
    red = _reduction(reduction, size_average, reduce)
    _sized(target, input)
    x = check_tensor(input, "binary_cross_entropy")
    t = check_tensor(target, "binary_cross_entropy", "target", 2)
    if weight is not None:
        getattr(weight, "size")             # F's `weight.size()`: Python's refusal
    weight = _as_opt_const(weight)
    _bce_checks(x, t, weight)
    w = _weight_array(weight, x._data.shape, x._data.dtype)
    return apply(BinaryCrossEntropyBackward0, (x, t), reduction=red, weight=w)


class BinaryCrossEntropyWithLogitsBackward0(Node):
    """d bce(sigmoid(x), t) = g*w*((1 + (p - 1)t) sigmoid(x) - p t), g*w*(-x - (p - 1) logsigmoid(x))"""

    save_inputs = (0, 1)
    shadows = ("pos_weight", "weight")      # as given (the forward reads them broadcast)

    def shadow_undefined(self, name):
        return self.__dict__.get("given_" + name) is None

    def shadow(self, name):
        return self.__dict__.get("given_" + name)

    def forward(self, x, t):
        """(1 - t) x - log_sigmoid(x) (times (p - 1) t + 1), in ATen's order: each step
        rounded to t's dtype (a float16 or bfloat16 op computes each in float32 and rounds
        it, log_sigmoid too)"""
        from .core import bf16_op, op_format, round_to
        fmt = op_format[0] if bf16_op[0] else None

        def step(v):
            return round_to(np.asarray(v).astype(t.dtype), fmt)
        if x.dtype == np.float32:
            ls = round_to(vecmath.log_sigmoid(x), fmt)
        else:
            with np.errstate(over="ignore"):
                ls = np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x)))
        pw = self.pos_weight
        if pw is not None:        # log_sigmoid(x).mul_((pw - 1).mul(t).add_(1))
            ls = round_to((ls * step(step((pw - 1) * t) + 1)).astype(x.dtype), fmt)
        # (1 - t).mul_(x).sub_(ls), then .mul_(weight): each in place, in t's dtype
        loss = step(step(1 - t) * x)
        loss = step(loss - ls)
        if self.weight is not None:
            loss = step(loss * self.weight)
        return _reduce_np(loss, self.reduction)

    def backward(self, g):
        x, t = self.saved
        pw = None if self.pos_weight is None else wrap(self.pos_weight)
        gx = gt = None
        if self.needs(0):
            gx = self.graph_rule(g, x, t, pw)
        if self.needs(1):
            gt = self.target_rule(g, x, pw)
        return gx, gt

    def target_rule(self, g, x, pw):
        """PyTorch's binary_cross_entropy_with_logits_target_backward, step by step: -x * g,
        or (log_sigmoid(-x) - log_sigmoid(x) * pos_weight) * g (its in-place steps keep the
        first step's dtype), times the weight, / N for mean."""
        def step(v, dtype=x.dtype):
            return v if v.dtype is dtype else v.to(dtype)
        if pw is None:
            gt = -x * g
        else:
            first = logsigmoid(-x)
            gt = step(step(first - step(logsigmoid(x) * pw)) * g)
        if self.weight is not None:
            gt = step(gt * wrap(self.weight))
        return gt / x._data.size if self.reduction == "mean" else gt

    def graph_rule(self, g, x, t, pw):
        """The x-gradient as PyTorch's binary_cross_entropy_with_logits_backward computes
        (and records) it: (sigmoid(x) - t) g, times the weight, / N for mean. Without a
        graph its steps are in place, each rounded to the first one's dtype (sigmoid(x)'s,
        or pos_weight * t's)."""
        if _enabled[0]:
            def step(v):
                return v
        else:
            def step(v, dtype=(x if pw is None else pw * t).dtype):
                return v if v.dtype is dtype else v.to(dtype)
        if pw is None:
            gx = step(x.sigmoid() - t)
        else:
            pt = pw * t
            gx = step(step(pt + 1 - t) * x.sigmoid()) - pt
        gx = step(step(gx) * g)
        if self.weight is not None:
            gx = step(gx * wrap(self.weight))
        return gx / x._data.size if self.reduction == "mean" else gx


@register("binary_cross_entropy_with_logits", grad_fn="BinaryCrossEntropyWithLogitsBackward0",
          namespaces=("torch", "functional"), sample=fixed(
              (((3,), (3,)), {}), (((2, 3), (2, 3)), {"reduction": "sum"}),
              (((2, 3), (2, 3)), {"pos_weight": np.array([0.5, 2.0, 1.5])})))
def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None,
                                     reduce=None, reduction="mean", pos_weight=None):
    """bce(sigmoid(x), t), computed stably: d/dx = w((1 + (p - 1)t) sigmoid(x) - p t)"""
    red = _reduction(reduction, size_average, reduce)
    _sized(target, input)
    x = check_tensor(input, "binary_cross_entropy_with_logits")
    t = check_tensor(target, "binary_cross_entropy_with_logits", "target", 2)
    if x._data.shape != t._data.shape:
        raise TorchValueError(f"Target size ({t.shape}) must be the same as input size "
                              f"({x.shape})")
    check_forwarded("torch.binary_cross_entropy_with_logits", x, t, weight, pos_weight,
                    _REDUCTIONS.index(red))
    no_requires_grad(weight, "weight", "binary_cross_entropy_with_logits")
    no_requires_grad(pos_weight, "pos_weight", "binary_cross_entropy_with_logits")
    _logits_dtypes(x, t)
    refuse_complex("logsigmoid", x)            # ATen's log_sigmoid(x); a complex t computes
    shape = x._data.shape
    pw = _inplace_factor(_as_opt_const(pos_weight), shape)
    w = _inplace_factor(_as_opt_const(weight), shape, loss_first=True)
    # not cast: ATen's log_sigmoid is of x's dtype, its loss of t's (in-place steps)
    return apply(BinaryCrossEntropyWithLogitsBackward0, (x, t), reduction=red, weight=w,
                 pos_weight=pw, given_weight=_as_opt_const(weight),
                 given_pos_weight=_as_opt_const(pos_weight))


def _inplace_factor(v, shape, loss_first=False):
    """pos_weight or weight as ATen's binary_cross_entropy_with_logits uses them, with its
    errors: (pos_weight - 1) * target, or the loss (first) times weight, multiplied in
    place into a tensor of the input's shape."""
    if v is None:
        return None
    a, b = (shape, v._data.shape) if loss_first else (v._data.shape, shape)
    try:
        full = np.broadcast_shapes(a, b)
    except ValueError:
        raise broadcast_error(a, b) from None
    if full != shape:
        raise TorchRuntimeError(f"output with shape [{', '.join(map(str, shape))}] doesn't "
                                f"match the broadcast shape [{', '.join(map(str, full))}]")
    return np.broadcast_to(v._data, shape).copy()


def _logits_dtypes(x, t) -> None:
    """ATen's composition log_sigmoid(x), then (1 - t).mul_(x): an integer x has no
    log_sigmoid; (1 - t) of an integer t cannot hold the float product in place."""
    if x._data.dtype.kind not in "fc":
        raise TorchNotImplementedError(f"\"log_sigmoid_cpu\" not implemented for "
                                       f"'{x.dtype.legacy}'")
    if t._data.dtype == np.bool_:
        raise TorchRuntimeError("Subtraction, the `-` operator, with two bool tensors is not "
                                "supported. Use the `^` or `logical_xor()` operator instead.")
    if t._data.dtype.kind in "iu":
        raise TorchRuntimeError(f"result type {x.dtype.legacy} can't be cast to the desired "
                                f"output type {t.dtype.legacy}")


def _as_const(v):
    return v if isinstance(v, Tensor) else wrap(np.asarray(v))


# -- negative log-likelihood and cross-entropy ------------------------------------------------

class NllLossBackward0(Node):
    """d nll(x, t) = -w[t]/W * g at each target class (W = sum of w[t] for mean), 0 elsewhere"""

    save_inputs = (0,)          # as PyTorch (its shape is all the rule reads, but the
    fused = "NllLossBackwardBackward0"    # gradient's own node has an edge to it)
    shadows = ("target", "weight")      # PyTorch's saved tensors, the rule reads safe_target
    shadow_results = ("total_weight",)  # and w_t (total_weight: 0 unreduced, as ATen's)

    def shadow_undefined(self, name):
        return name == "weight" and self.__dict__.get(name) is None

    def shadow(self, name):
        if name != "total_weight":
            return self.__dict__.get(name)
        return wrap(np.asarray(self.__dict__.get("total_weight", 0), self._in_meta[0][1]))

    def forward(self, x):
        cdim = 0 if x.ndim == 1 else 1
        moved = np.moveaxis(x, cdim, -1)
        picked = np.take_along_axis(moved, self.safe_target[..., None], -1)[..., 0]
        loss = np.where(self.ignored, np.zeros((), x.dtype), -self.w_t * picked)
        reduced = round_op if bf16_op[0] else None    # (bfloat16, float16: in scalar_t)
        if reduced is not None:
            loss = reduced(loss)
        if self.reduction == "none":
            return loss.astype(x.dtype)
        if x.dtype in (np.float32, np.float64):     # ATen's order of sums (nll_loss2d's
            # cascade runs over (sample, position) as nll_loss's over the batch)
            total, weight = nll_total(loss.reshape(-1), np.reshape(self.w_t, -1),
                                      ~np.reshape(self.ignored, -1), reduced)
        else:
            total, weight = loss.sum(), self.w_t.sum()
        self.total_weight = weight          # the mean's divisor, which the gradient uses too
        if self.reduction == "mean":
            with np.errstate(invalid="ignore", divide="ignore"):
                total = total / weight
        return np.asarray(total, dtype=x.dtype)

    def backward(self, g):
        (x,) = self.saved
        return F.fused(getattr(F, self.fused), (g, x), reduction=self.reduction,
                       total_weight=self.__dict__.get("total_weight"),
                       safe_target=self.safe_target, w_t=self.w_t, ignored=self.ignored)


class NllLoss2DBackward0(NllLossBackward0):
    """d nll2d(x, t) = -w[t]/W * g at each target class (inputs with spatial dims)"""

    fused = "NllLoss2DBackwardBackward0"


def _nll_target(x, t, ignore_index):
    """The target as int64 of x's batch shape, checked in the order of PyTorch's nll_loss_nd:
    the batch size, then the target's shape (by input rank), then its dtype."""
    if x._data.ndim == 0:
        raise TorchValueError("Expected 1 or more dimensions (got 0)")
    shape, td = x._data.shape, t._data
    if len(shape) != 1 and shape[0] != (td.shape[0] if td.ndim else 0):
        _batch_error(shape[0], td)
    if len(shape) <= 2:
        if td.ndim > 1:
            raise TorchRuntimeError("0D or 1D target tensor expected, multi-target not "
                                    "supported")
        if len(shape) == 1 and td.ndim == 1 and td.shape[0] != 1:
            _long_target(t)
            raise TorchValueError(f"For 1D input, 1D target must have size 1, but got target "
                                  f"size: {td.shape[0]}")
    elif len(shape) == 4:
        if td.ndim != 3:
            raise TorchRuntimeError("only batches of spatial targets supported (3D tensors) "
                                    f"but got targets of dimension: {td.ndim}")
        if td.shape[1:] != shape[2:]:
            raise TorchRuntimeError(f"size mismatch (got input: {list(shape)} , target: "
                                    f"{list(td.shape)}")
    elif td.shape != (shape[0],) + shape[2:]:
        raise TorchRuntimeError(f"Expected target size {[shape[0], *shape[2:]]}, got "
                                f"{list(td.shape)}")
    _long_target(t)
    td = td.astype(np.int64)
    return td.reshape(()) if len(shape) == 1 else td


def _long_target(t) -> None:
    if t._data.dtype not in (np.int64, np.uint8):
        raise TorchRuntimeError(f"expected target dtype to be Long or Byte, but got "
                                f"{t.dtype.legacy}")


def _batch_error(n, td):
    got = td.shape[0] if td.ndim else 0
    raise TorchValueError(f"Expected input batch_size ({n}) to match target batch_size "
                          f"({got}).")


def _class_weights(weight, n_classes, x):
    """Each class's weight, checked as nll_loss's kernels do: the shape (nll_loss2d's text for
    inputs of 3 or more dimensions), the input's dtype dispatched, the weight's dtype."""
    spatial = x._data.ndim >= 3
    if weight is not None and weight._data.shape != (n_classes,):
        raise TorchRuntimeError("weight tensor should be defined either for all or no classes"
                                if spatial else
                                f"weight tensor should be defined either for all {n_classes} "
                                f"classes or no classes but got weight tensor of shape: "
                                f"{list(weight._data.shape)}")
    float_kernel("nll_loss2d_forward_out_frame" if spatial else "nll_loss_out_frame", x)
    if weight is None:
        return np.ones(n_classes, x._data.dtype)
    if weight._data.dtype != x._data.dtype:
        raise TorchRuntimeError(f"expected scalar type {x.dtype.legacy} but found "
                                f"{weight.dtype.legacy}")
    return weight._data


def _nll_params(x, target, weight, ignore_index):
    """(safe_target, w_t, ignored): class indices with ignored ones at 0, each element's
    weight (0 where ignored), and where the target is ignore_index (PyTorch's kernels skip
    those elements: their loss and gradient are +0)."""
    td = _nll_target(x, target, ignore_index)
    no_requires_grad(weight, "weight",
                     "nll_loss_forward" if x._data.ndim <= 2 else "nll_loss2d_forward")
    n_classes = x._data.shape[0 if x._data.ndim == 1 else 1]
    w = _class_weights(weight, n_classes, x)
    ignored = td == ignore_index
    bad = (~ignored) & ((td < 0) | (td >= n_classes))
    if bad.any():
        raise TorchIndexError(f"Target {int(td[bad].flat[0])} is out of bounds.")
    safe = np.where(ignored, 0, td)
    return safe, np.where(ignored, 0, w[safe]).astype(x._data.dtype), ignored


_NLL_TARGET = np.array([0, 2, 1])


@register("nll_loss", grad_fn="NllLossBackward0", namespaces=_FN, sample=fixed(
    (((3, 4), _NLL_TARGET), {}), (((3, 4), _NLL_TARGET), {"reduction": "sum"}),
    (((3, 4), _NLL_TARGET), {"reduction": "none", "weight": np.array([1., 2., 3., 4.])}),
    (((3, 4), _NLL_TARGET), {"ignore_index": 2}), (((2, 3, 2), np.array([[0, 1], [2, 0]])), {}),
    (((2, 3, 2), np.array([[0, 1], [2, 0]])), {"reduction": "none"}),
    (((1, 3, 2, 1), np.array([[[0], [2]]])), {"reduction": "none"}), (((4,), np.array(3)), {})))
def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    """-w[t] x[t] (mean divides by the summed weights): d/dx = -w[t]/W at the target class"""
    red = _reduction(reduction, size_average, reduce)
    for v, arg, pos in ((input, "input", 1), (target, "target", 2)):
        if not isinstance(v, Tensor):            # the C++ call F.nll_loss makes
            raise TorchTypeError(f"nll_loss_nd(): argument '{arg}' (position {pos}) must be "
                                 f"Tensor, not {type(v).__name__}")
    x = check_tensor(input, "nll_loss")
    t = check_tensor(target, "nll_loss", "target", 2)
    w = _as_opt_const(weight)
    safe, w_t, ignored = _nll_params(x, t, w, ignore_index)
    # what PyTorch's node shows (`_saved_target`, ...): its ignore_index an int64 read back
    # as unsigned
    shown = {"target": t, "weight": w, "ignore_index": ignore_index % (1 << 64)}
    nd = x._data.ndim
    if nd <= 2 or nd == 4:
        cls = NllLossBackward0 if nd <= 2 else NllLoss2DBackward0
        return apply(cls, (x,), reduction=red, safe_target=safe, w_t=w_t, ignored=ignored,
                     **shown)
    # PyTorch's nll_loss_nd: other ranks go through nll_loss2d on 4-D views, (N, C, 1, -1)
    # of the input and (N, 1, -1) of the target, the unreduced loss viewed back
    shape = x._data.shape
    n, c, spatial = shape[0], shape[1], math.prod(shape[2:])
    x = x.contiguous().view((n, c, 1, spatial) if x._data.size else (n, c, 0, 0))
    target_shape = (n, 1, spatial) if safe.size else (n, 0, 0)
    safe, w_t, ignored = (a.reshape(target_shape) for a in (safe, w_t, ignored))
    shown["target"] = t.reshape(target_shape)
    r = apply(NllLoss2DBackward0, (x,), reduction=red, safe_target=safe, w_t=w_t,
              ignored=ignored, **shown)
    return r.view((n,) + shape[2:]) if red == "none" else r


def _as_opt_const(v):
    return None if v is None else _as_const(v)


def _prob_cross_entropy(logp, target, weight, reduction, cdim, smoothing):
    """-(log_softmax(x) * t).sum(class dim), reduced; mean divides by the batch size."""
    if target._data.dtype.kind != "f":
        raise TorchRuntimeError("Expected floating point type for target with class "
                                f"probabilities, got {target.dtype.legacy}")
    n_classes = logp._data.shape[cdim]
    if smoothing > 0:
        target = target * (1 - smoothing) + smoothing / n_classes
    prod = logp * target
    if weight is not None:
        prod = prod * _class_view(weight, logp._data.ndim, cdim)
    if reduction == "none":
        return -prod.sum(cdim)
    total = -prod.sum()
    if reduction == "sum":
        return total
    return apply(DivBackward1, (total,), other=logp._data.size / n_classes)


def _class_view(weight, ndim, cdim):
    shape = [1] * ndim
    shape[cdim] = weight._data.shape[0]
    return wrap(weight._data.reshape(shape))


@aten_composite
def _smoothed_nll(logp, target, weight, ignore_index, reduction, cdim, smoothing):
    """PyTorch's label smoothing for class-index targets: a blend of nll and -sum(log p),
    composed as ATen composes it (its numbers are Scalars: MulBackward1)."""
    nll = nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=reduction)
    n_classes = logp._data.shape[cdim]
    per = logp if weight is None else logp * _class_view(weight, logp._data.ndim, cdim)
    keep = target._data != ignore_index
    smooth = -per.sum(cdim)
    if keep.shape != smooth._data.shape:    # ATen's masked_fill_ in place: a (1,) target of a
        full = np.broadcast_shapes(smooth._data.shape, keep.shape)     # 1-D input is refused
        raise TorchRuntimeError(f"output with shape {_shape_list(smooth._data.shape)} doesn't "
                                f"match the broadcast shape {_shape_list(full)}")
    smooth = smooth.masked_fill(wrap(~keep), 0.0)
    if reduction == "mean":
        w = np.ones(n_classes) if weight is None else weight._data
        denom = torch_sum(w[target._data[keep]])     # a tensor there: DivBackward0
        smooth = smooth.sum() / wrap(np.asarray(denom, dtype=w.dtype if weight is not None
                                                else np.int64))
    elif reduction == "sum":
        smooth = smooth.sum()
    return nll * (1 - smoothing) + smooth * (smoothing / n_classes)


@register("cross_entropy", grad_fn="NllLossBackward0", namespaces=_FN, sample=fixed(
    (((3, 4), _NLL_TARGET), {}), (((3, 4), _NLL_TARGET), {"reduction": "none"}),
    (((3, 4), _NLL_TARGET), {"weight": np.array([1., 2., 3., 4.]), "ignore_index": 1}),
    (((3, 4), np.full((3, 4), 0.25)), {}), (((4,), np.array(1)), {}),
    (((3, 4), _NLL_TARGET), {"label_smoothing": 0.1})))
def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100,
                  reduce=None, reduction="mean", label_smoothing=0.0):
    """nll_loss(log_softmax(x, 1), t): d/dx = softmax(x) - onehot(t) (weighted, averaged)"""
    x = check_tensor(input, "cross_entropy")
    t = check_tensor(target, "cross_entropy", "target", 2)
    red = _reduction(reduction, size_average, reduce)
    cdim = 0 if x._data.ndim == 1 else 1
    logp = x.log_softmax(cdim)
    w = _as_opt_const(weight)
    if t._data.shape == x._data.shape and t._data.dtype.kind == "f" and ignore_index >= 0:
        raise TorchRuntimeError("ignore_index is not supported for floating point target")
    if label_smoothing > 1.0:
        raise TorchRuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: "
                                f"{float(label_smoothing):g}")
    if t._data.shape == x._data.shape:             # class probabilities, as PyTorch decides
        return _prob_cross_entropy(logp, t, w, red, cdim, label_smoothing)
    if label_smoothing > 0:
        return _smoothed_nll(logp, t, w, ignore_index, red, cdim, label_smoothing)
    return nll_loss(logp, t, w, ignore_index=ignore_index, reduction=red)


# -- CTC --------------------------------------------------------------------------------------
# PyTorch's CPU kernels (LossCTC.cpp) run one sequence at a time in scalar arithmetic: log-space
# alpha and beta recursions over the extended target (blanks between and around the labels).
# They are run here in the same order, one scalar at a time, rounded to the tensor's dtype
# after every operation (float32 through float64 math then rounded: as correctly rounded expf
# and logf), so the losses and gradients are PyTorch's bits.

_NEG_INF = float("-inf")


def _rounder(dtype):
    if dtype == np.float64:
        return float
    return lambda v: float(dtype.type(v))


def _exp(v: float) -> float:
    try:
        return math.exp(v)
    except OverflowError:
        return math.inf


def _log(v: float) -> float:
    if v > 0:
        return math.log(v)
    return _NEG_INF if v == 0 else math.nan


def _log_add(r, values) -> float:
    """log(sum(exp(v - m))) + m, m the largest (0 when all are -inf), as the kernel writes it."""
    m = values[0]
    for v in values[1:]:
        if v > m:
            m = v
    if m == _NEG_INF:
        m = 0.0
    total = None
    for v in values:
        e = r(_exp(r(v - m)))
        total = e if total is None else r(total + e)
    return r(r(_log(total)) + m)


def _ctc_alpha(r, lp, primes, steps: int) -> list:
    """log alpha[t][s] for t < steps (eq. 6 and 7 of Graves et al.)."""
    width = len(primes)
    alpha = [[_NEG_INF] * width for _ in range(steps)]
    alpha[0][0] = lp[0][primes[0]]
    if width > 1:
        alpha[0][1] = lp[0][primes[1]]
    for t in range(1, steps):
        prev, row = alpha[t - 1], lp[t]
        for s in range(width):
            terms = [prev[s], prev[s - 1] if s > 0 else _NEG_INF,
                     prev[s - 2] if s > 1 and primes[s - 2] != primes[s] else _NEG_INF]
            alpha[t][s] = r(_log_add(r, terms) + row[primes[s]])
    return alpha


def _ctc_nll(r, alpha, steps: int, length: int) -> float:
    if steps == 0:
        return -(0.0 if length == 0 else _NEG_INF)
    last = alpha[steps - 1]
    if length == 0:
        return -last[0]
    l1, l2 = last[2 * length], last[2 * length - 1]
    m = l2 if l1 < l2 else l1
    m = 0.0 if m == _NEG_INF else m
    return -r(r(_log(r(r(_exp(r(l1 - m))) + r(_exp(r(l2 - m)))))) + m)


def _ctc_grad(r, lp, primes, alpha, steps: int, nll: float, gr: float, n_classes: int):
    """One sequence's gradient (steps x classes): log sum of alpha beta per label (eq. 16),
    then exp(lp) - exp(that + nll - lp), times the incoming gradient."""
    width, blank = len(primes), primes[0]
    grad = [[_NEG_INF] * n_classes for _ in range(steps)]
    beta = [[_NEG_INF] * width for _ in range(steps)]
    last = steps - 1
    beta[last][width - 1] = lp[last][blank]
    grad[last][blank] = r(alpha[last][width - 1] + beta[last][width - 1])
    if width > 1:
        c = primes[width - 2]
        beta[last][width - 2] = lp[last][c]
        grad[last][c] = r(alpha[last][width - 2] + beta[last][width - 2])
    for t in range(steps - 2, -1, -1):
        nxt, row = beta[t + 1], lp[t]
        for s in range(width - 1, -1, -1):
            c = primes[s]
            terms = [nxt[s], nxt[s + 1] if s < width - 1 else _NEG_INF,
                     nxt[s + 2] if s < width - 2 and primes[s + 2] != c else _NEG_INF]
            beta[t][s] = r(_log_add(r, terms) + row[c])
            ab = r(alpha[t][s] + beta[t][s])
            lcab = grad[t][c]
            if lcab == _NEG_INF:
                grad[t][c] = ab
            else:
                m = ab if lcab < ab else lcab
                grad[t][c] = r(r(_log(r(r(_exp(r(lcab - m))) + r(_exp(r(ab - m)))))) + m)
    return [[r(r(r(_exp(lp[t][c])) - r(_exp(r(r(grad[t][c] + nll) - lp[t][c])))) * gr)
             for c in range(n_classes)] for t in range(steps)]


class CtcLossBackward0(Node):
    """d nll_b/d log_probs[t, b, c] = exp(lp) - exp(log sum_{s: l'_s = c} alpha beta + nll -
    lp) (PyTorch's formula, which takes log_probs to be log_softmax outputs), 0 from the
    input length on; not differentiable again (_ctc_loss_backward)"""

    save_inputs = (0,)

    def jvp(self, inputs, tangents, out):
        """PyTorch has no forward-mode rule for _ctc_loss"""
        from ..autograd import forward_ad
        raise forward_ad.unsupported("_ctc_loss")

    def forward(self, lp):
        r = _rounder(lp.dtype)
        rows = np.swapaxes(lp, 0, 1).tolist()
        self.alphas, nll = [], []
        for b, (steps, primes) in enumerate(zip(self.input_lengths, self.primes)):
            alpha = _ctc_alpha(r, rows[b], primes, steps) if steps else []
            self.alphas.append(alpha)
            nll.append(_ctc_nll(r, alpha, steps, len(primes) // 2))
        self.nll = nll
        return np.array(nll, dtype=lp.dtype)

    def backward(self, g):
        (x,) = self.saved
        lp = x._data
        r, rows = _rounder(lp.dtype), np.swapaxes(lp, 0, 1).tolist()
        out = np.zeros_like(lp)
        for b, (steps, primes) in enumerate(zip(self.input_lengths, self.primes)):
            nll = self.nll[b]
            if steps == 0 or (self.zero_infinity and nll == math.inf):
                continue
            out[:steps, b] = _ctc_grad(r, rows[b], primes, self.alphas[b], steps, nll,
                                       float(g._data[b]), lp.shape[2])
        return F.not_implemented("_ctc_loss_backward", wrap(out), (g, x))


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean",
             zero_infinity=False):
    """The Connectionist Temporal Classification loss: -log of the summed probability of
    every alignment of each target with its input (log_probs (T, N, C) or (T, C), targets
    padded (N, S) or concatenated), reduced ('mean' divides each by its target length
    first); zero_infinity puts 0 for impossible alignments"""
    red = _reduction(reduction)
    check_forwarded("torch.ctc_loss", log_probs, targets, input_lengths, target_lengths, blank,
                    _REDUCTIONS.index(red), zero_infinity)
    lp = check_tensor(log_probs, "ctc_loss")                 # (cast in an autocast region)
    refuse_low_precision("ctc_loss", lp, autocast_fp32=True)
    if lp._data.dtype.kind != "f":          # the CPU kernel's dispatch: float and double
        raise TorchNotImplementedError(f"\"ctc_loss_cpu\" not implemented for "
                                       f"'{lp.dtype.legacy}'")
    if lp._data.size == 0:                  # checked before the shapes
        raise TorchRuntimeError("log_probs tensor must not be empty")
    batched = lp._data.ndim == 3
    x = lp if batched else lp.unsqueeze(1)
    tg = check_tensor(targets, "ctc_loss", "targets", 2)._data.astype(np.int64)
    ilens, tlens = _ctc_lengths(input_lengths), _ctc_lengths(target_lengths)
    primes = _ctc_checks(x, tg, ilens, tlens, int(blank))
    res = apply(CtcLossBackward0, (x,), input_lengths=ilens, primes=primes,
                zero_infinity=bool(zero_infinity))
    if zero_infinity:
        from .activation import where
        res = where(res == math.inf, wrap(np.zeros((), dtype=res._data.dtype)), res)
    if red == "mean":
        return (res / wrap(np.array(tlens, dtype=res._data.dtype)).clamp_min(1)).mean()
    if red == "sum":
        return res.sum()
    return res if batched else res.squeeze(0)


@parsed_by(argsigs.FORWARDED["torch.ctc_loss"])
def native_ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction=0,
                    zero_infinity=False):
    """torch.ctc_loss, ATen's own: `reduction` is Reduction's number (1 mean, 2 sum, any
    other none, the default), as torch.nn.functional.ctc_loss's name is. Like that one it is
    not in the registry: its gradient is PyTorch's formula, which takes log_probs to be
    log_softmax outputs, so no gradcheck applies."""
    return ctc_loss(log_probs, targets, input_lengths, target_lengths, blank,
                    {1: "mean", 2: "sum"}.get(reduction, "none"), zero_infinity)


def _ctc_lengths(lengths) -> list:
    if isinstance(lengths, Tensor):
        return [int(v) for v in lengths._data.astype(np.int64).reshape(-1)]
    if isinstance(lengths, (list, tuple)):
        return [int(v) for v in lengths]
    raise TorchTypeError(f"ctc_loss(): input_lengths and target_lengths must be tuples of ints "
                         f"or tensors, not {type(lengths).__name__}")


def _ctc_checks(x, tg, ilens: list, tlens: list, blank: int) -> list:
    """ctc_loss_allocate_outputs' checks, in its order; each sequence's extended target
    (blank, l1, blank, l2, ..., blank)."""
    where = " (while checking arguments for ctc_loss_allocate_outputs)"
    if x._data.ndim != 3:
        raise TorchRuntimeError(f"Expected 3-dimensional tensor, but got {x._data.ndim}-"
                                f"dimensional tensor for argument #1 'log_probs'{where}")
    if not 1 <= tg.ndim <= 2:
        raise TorchRuntimeError(f"Expected 1 to 2 dimensions, but got {tg.ndim}-dimensional "
                                f"tensor for argument #2 'targets'{where}")
    steps, batch, classes = x._data.shape
    if not 0 <= blank < classes:
        raise TorchRuntimeError("blank must be in label range")
    if len(ilens) != batch:
        raise TorchRuntimeError("input_lengths must be of size batch_size")
    if len(tlens) != batch:
        raise TorchRuntimeError("target_lengths must be of size batch_size")
    for n in tlens:
        _at_least("target_lengths", n, 0, where)
    if tg.ndim == 1:
        _ctc_size(tg, 0, sum(tlens), where)
        offsets = np.cumsum([0] + tlens[:-1])
        labels = [tg[o:o + n] for o, n in zip(offsets, tlens)]
    else:
        _ctc_size(tg, 0, batch, where)
        longest = max(tlens, default=0)
        if tg.shape[1] < longest:
            raise TorchRuntimeError(f"Expected tensor to have size at least {longest} at "
                                    f"dimension 1, but got size {tg.shape[1]} for argument #2 "
                                    f"'targets'{where}")
        labels = [tg[i, :n] for i, n in enumerate(tlens)]
    for n in ilens:
        _at_least("input_lengths", n, 0, where)
        if n > steps:
            raise TorchRuntimeError(f"Expected input_lengths to have value at most {steps}, "
                                    f"but got value {n}{where}")
    return [[blank] + [v for c in row.tolist() for v in (c, blank)] for row in labels]


def _at_least(name: str, n: int, low: int, where: str) -> None:
    if n < low:
        raise TorchRuntimeError(f"Expected {name} to have value at least {low}, but got value "
                                f"{n}{where}")


def _ctc_size(tg, dim: int, size: int, where: str) -> None:
    if tg.shape[dim] != size:
        raise TorchRuntimeError(f"Expected tensor to have size {size} at dimension {dim}, but "
                                f"got size {tg.shape[dim]} for argument #2 'targets'{where}")
