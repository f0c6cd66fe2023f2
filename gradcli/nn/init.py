"""`torch.nn.init`: fill a tensor in place, under no_grad, from PyTorch's random stream.

Each initialiser computes PyTorch's bound or std (calculate_gain, fans) and then draws with
`Tensor.uniform_` / `Tensor.normal_`, which take PyTorch's stream and rounding (ops/rng.py):
after the same `manual_seed`, the same numbers.
"""
from __future__ import annotations

import math
import warnings

from .._tensor import Tensor
from ..autograd.grad_mode import no_grad
from ..ops.creation import empty, empty_like, randperm
from ..errors import TorchValueError

_LINEAR = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
           "conv_transpose3d")


def calculate_gain(nonlinearity: str, param=None) -> float:
    """The recommended gain for a nonlinearity (PyTorch's table)."""
    if nonlinearity in _LINEAR or nonlinearity == "sigmoid":
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif not isinstance(param, bool) and isinstance(param, (int, float)):
            slope = param
        else:
            raise TorchValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + slope ** 2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise TorchValueError(f"Unsupported nonlinearity {nonlinearity}")


def _calculate_fan_in_and_fan_out(tensor: Tensor):
    dimensions = tensor.dim()
    if dimensions < 2:
        raise TorchValueError("Fan in and fan out can not be computed for tensor with fewer "
                              "than 2 dimensions")
    receptive = 1
    for s in tensor.shape[2:]:
        receptive *= s
    return tensor.size(1) * receptive, tensor.size(0) * receptive


def _calculate_correct_fan(tensor: Tensor, mode: str) -> int:
    mode = mode.lower()
    if mode not in ("fan_in", "fan_out"):
        raise TorchValueError(f"Mode {mode} not supported, please use one of "
                              "['fan_in', 'fan_out']")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0, generator=None) -> Tensor:
    with no_grad():
        return tensor.uniform_(a, b, generator=generator)


def normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0, generator=None) -> Tensor:
    with no_grad():
        return tensor.normal_(mean, std, generator=generator)


def constant_(tensor: Tensor, val: float) -> Tensor:
    with no_grad():
        return tensor.fill_(val)


def ones_(tensor: Tensor) -> Tensor:
    return constant_(tensor, 1.0)


def zeros_(tensor: Tensor) -> Tensor:
    with no_grad():
        return tensor.zero_()


def _no_op_for_empty(tensor: Tensor) -> bool:
    if 0 in tuple(tensor.shape):
        warnings.warn("Initializing zero-element tensors is a no-op", UserWarning,
                      stacklevel=3)
        return True
    return False


def xavier_uniform_(tensor: Tensor, gain: float = 1.0, generator=None) -> Tensor:
    """uniform in +-gain * sqrt(6 / (fan_in + fan_out))"""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    a = math.sqrt(3.0) * std
    return uniform_(tensor, -a, a, generator)


def xavier_normal_(tensor: Tensor, gain: float = 1.0, generator=None) -> Tensor:
    """normal with std gain * sqrt(2 / (fan_in + fan_out))"""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return normal_(tensor, 0.0, std, generator)


def kaiming_uniform_(tensor: Tensor, a: float = 0, mode: str = "fan_in",
                     nonlinearity: str = "leaky_relu", generator=None) -> Tensor:
    """uniform in +-gain * sqrt(3 / fan) (He et al.)"""
    if _no_op_for_empty(tensor):
        return tensor
    fan = _calculate_correct_fan(tensor, mode)
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor: Tensor, a: float = 0, mode: str = "fan_in",
                    nonlinearity: str = "leaky_relu", generator=None) -> Tensor:
    """normal with std gain / sqrt(fan) (He et al.)"""
    if _no_op_for_empty(tensor):
        return tensor
    fan = _calculate_correct_fan(tensor, mode)
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    return normal_(tensor, 0.0, std, generator)


def eye_(tensor: Tensor) -> Tensor:
    if tensor.dim() != 2:
        raise TorchValueError("Only tensors with 2 dimensions are supported")
    import numpy as np
    with no_grad():
        return tensor.copy_(Tensor._wrap(np.eye(*tensor.shape, dtype=tensor._data.dtype)))


def dirac_(tensor: Tensor, groups: int = 1) -> Tensor:
    """zeros but a 1 at the kernel centre of [g * out_per_group + d, d] for each group g and
    d < min(out_per_group, in_channels): a convolution that passes channels through."""
    dims = tensor.dim()
    if dims not in (3, 4, 5):
        raise TorchValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    if tensor.size(0) % groups != 0:
        raise TorchValueError("dim 0 must be divisible by groups")
    per_group = tensor.size(0) // groups
    centre = tuple(s // 2 for s in tensor.shape[2:])
    with no_grad():
        tensor.zero_()
        for g in range(groups):
            for d in range(min(per_group, tensor.size(1))):
                tensor[(g * per_group + d, d) + centre] = 1
    return tensor


def trunc_normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0, a: float = -2.0,
                  b: float = 2.0, generator=None) -> Tensor:
    """normal(mean, std) restricted to [a, b], drawn as PyTorch 2.13 draws it: when the
    interval holds more than 30% of the mass, normals with those outside redrawn (all
    positions drawn, kept where outside) until none is; otherwise uniforms in [a, b]
    accepted by log(u) <= the log density ratio to the mode, rejected ones redrawn alike."""
    from ..ops.activation import where
    if mean < a - 2 * std or mean > b + 2 * std:
        warnings.warn("mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The "
                      "distribution of values may be incorrect.", stacklevel=2)
    cdf = lambda x: (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0    # noqa: E731
    with no_grad():
        if cdf((b - mean) / std) - cdf((a - mean) / std) > 0.3:
            lo, hi = tensor.new_tensor(a).item(), tensor.new_tensor(b).item()
            result = tensor.normal_(mean, std, generator=generator)
            mask = (result < lo) | (result > hi)
            while mask.any():
                result = where(mask, empty_like(result).normal_(
                    mean, std, generator=generator), result)
                mask = (result < lo) | (result > hi)
            return tensor.copy_(result) if result is not tensor else tensor
        log_peak = -0.5 * ((max(a, min(mean, b)) - mean) / std) ** 2
        accept = empty_like(tensor)

        def rejected(candidates):
            ratio = candidates.sub(mean).div_(std).pow_(2).mul_(-0.5).sub_(log_peak)
            return accept.uniform_(generator=generator).log_().gt(ratio)

        result = tensor.uniform_(a, b, generator=generator).clone()
        pending = rejected(result)
        while pending.any():
            candidates = empty_like(tensor).uniform_(a, b, generator=generator)
            result = where(pending, candidates, result)
            pending = where(pending, rejected(candidates), pending)
        return tensor.copy_(result)


def orthogonal_(tensor: Tensor, gain: float = 1, generator=None) -> Tensor:
    """Q of the QR factorisation of a (rows, numel / rows) standard normal matrix (of its
    transpose when wider than tall), columns signed by diag(R), times gain."""
    from ..ops.matrix import linalg_qr as qr       # torch.linalg.qr, as PyTorch (torch.qr warns)
    if tensor.dim() < 2:
        raise TorchValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.numel() == 0:
        return tensor
    rows = tensor.size(0)
    cols = tensor.numel() // rows
    flattened = empty(rows, cols, dtype=tensor.dtype).normal_(0, 1, generator=generator)
    if rows < cols:
        flattened = flattened.t()
    q, r = qr(flattened)
    q = q * r.diagonal().sign()
    if rows < cols:
        q = q.t()
    with no_grad():
        tensor.view_as(q).copy_(q)
        tensor.mul_(gain)
    return tensor


def sparse_(tensor: Tensor, sparsity: float, std: float = 0.01, generator=None) -> Tensor:
    """normal(0, std), then in each column ceil(sparsity * rows) rows, the first of a
    randperm, set to zero."""
    if tensor.dim() != 2:
        raise TorchValueError("Only tensors with 2 dimensions are supported")
    rows, cols = tensor.shape
    num_zeros = math.ceil(sparsity * rows)
    with no_grad():
        tensor.normal_(0, std, generator=generator)
        for col in range(cols):
            tensor[randperm(rows)[:num_zeros], col] = 0
    return tensor


#: What a formula's `torch.nn.init` holds.
PUBLIC = ("calculate_gain", "uniform_", "normal_", "constant_", "ones_", "zeros_", "eye_",
          "xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_",
          "dirac_", "trunc_normal_", "orthogonal_", "sparse_", "uniform", "normal",
          "constant", "eye", "dirac", "xavier_uniform", "xavier_normal", "kaiming_uniform",
          "kaiming_normal", "orthogonal", "sparse")


def _deprecated(method):
    """PyTorch's _make_deprecate: the old name without the trailing underscore, which
    warns (FutureWarning) and calls the method."""
    new_name = method.__name__
    old_name = new_name[:-1]

    def deprecated_init(*args, **kwargs):
        import warnings
        warnings.warn(f"`nn.init.{old_name}` is now deprecated in favor of "
                      f"`nn.init.{new_name}`.", FutureWarning, stacklevel=2)
        return method(*args, **kwargs)
    deprecated_init.__doc__ = f"{old_name}(...)\n\n.. warning::\n    This method is now " \
        f"deprecated in favor of :func:`torch.nn.init.{new_name}`.\n\nSee " \
        f":func:`~torch.nn.init.{new_name}` for details."
    deprecated_init.__name__ = deprecated_init.__qualname__ = old_name
    return deprecated_init


uniform = _deprecated(uniform_)
normal = _deprecated(normal_)
constant = _deprecated(constant_)
eye = _deprecated(eye_)
dirac = _deprecated(dirac_)
xavier_uniform = _deprecated(xavier_uniform_)
xavier_normal = _deprecated(xavier_normal_)
kaiming_uniform = _deprecated(kaiming_uniform_)
kaiming_normal = _deprecated(kaiming_normal_)
orthogonal = _deprecated(orthogonal_)
sparse = _deprecated(sparse_)
