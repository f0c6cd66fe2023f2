"""`torch.distributions.utils`: broadcasting parameters, probabilities <-> logits, and the
lazily computed, cached attribute (`lazy_property`) that Bernoulli/Categorical use for
whichever of probs/logits was not given."""
from __future__ import annotations

import functools

from .._tensor import Tensor
from ..errors import TorchValueError

__all__ = ["broadcast_all", "logits_to_probs", "clamp_probs", "probs_to_logits",
           "lazy_property", "euler_constant", "tril_matrix_to_vec", "vec_to_tril_matrix"]

euler_constant = 0.57721566490153286060   # Euler-Mascheroni constant
_NUMBER = (int, float, bool)


def _torch():
    import gradcli
    return gradcli


def is_number(value) -> bool:
    return isinstance(value, _NUMBER) and not isinstance(value, Tensor)


def broadcast_all(*values):
    """The values as tensors broadcast to one shape; numbers take the dtype of the first
    tensor among them (the default dtype when there is none)."""
    torch = _torch()
    if not all(isinstance(v, Tensor) or is_number(v) for v in values):
        raise TorchValueError("Input arguments must all be instances of Number, torch.Tensor "
                              "or objects implementing __torch_function__.")
    if not all(isinstance(v, Tensor) for v in values):
        dtype = next((v.dtype for v in values if isinstance(v, Tensor)),
                     torch.get_default_dtype())
        values = [v if isinstance(v, Tensor) else torch.tensor(v, dtype=dtype)
                  for v in values]
    return torch.broadcast_tensors(*values)


def standard_normal(shape, dtype):
    """`torch.empty(shape).normal_()`: how the distributions draw N(0, 1) noise."""
    return _torch().empty(tuple(shape), dtype=dtype).normal_()


def sum_rightmost(value, dim: int):
    """Sum out the `dim` rightmost dimensions of `value`."""
    if dim == 0:
        return value
    return value.reshape(tuple(value.shape[:-dim]) + (-1,)).sum(-1)


def logits_to_probs(logits, is_binary=False):
    torch = _torch()
    if is_binary:
        return torch.sigmoid(logits)
    return torch.nn.functional.softmax(logits, dim=-1)


def clamp_probs(probs):
    eps = _torch().finfo(probs.dtype).eps
    return probs.clamp(min=eps, max=1 - eps)


def probs_to_logits(probs, is_binary=False):
    torch = _torch()
    ps_clamped = clamp_probs(probs)
    if is_binary:
        return torch.log(ps_clamped) - torch.log1p(-ps_clamped)
    return torch.log(ps_clamped)


class lazy_property:
    """An attribute computed (with grad mode on) at its first read and then stored on the
    instance, so later reads see the same tensor; on the class it reads as a property."""

    __gradcli_safe__ = True

    def __init__(self, wrapped):
        self.wrapped = wrapped
        functools.update_wrapper(self, wrapped)

    def __get__(self, instance, owner=None):
        if instance is None:
            return _lazy_property_and_property(self.wrapped)
        with _torch().enable_grad():
            value = self.wrapped(instance)
        setattr(instance, self.wrapped.__name__, value)
        return value


class _lazy_property_and_property(lazy_property, property):
    """What a lazy_property reads as on the class (`Categorical.probs`): a property, made
    afresh at each read, as PyTorch's."""

    __torch_name__ = "torch.distributions.utils._lazy_property_and_property"

    def __init__(self, wrapped):
        property.__init__(self, wrapped)

    def __repr__(self):
        return f"<{self.__torch_name__} object at {hex(id(self))}>"


def _tril_mask(n: int, diag: int):
    """The (n, n) bool mask of the entries on or below diagonal `diag`."""
    arange = _torch().arange(n)
    return arange < arange.view(-1, 1) + (diag + 1)


def tril_matrix_to_vec(mat, diag: int = 0):
    """The entries of (a batch of) square matrices on or below diagonal `diag`, row by row."""
    n = mat.shape[-1]
    if diag < -n or diag >= n:
        raise TorchValueError(f"diag ({diag}) provided is outside [{-n}, {n - 1}].")
    return mat[..., _tril_mask(n, diag)]


def vec_to_tril_matrix(vec, diag: int = 0):
    """The inverse of `tril_matrix_to_vec`: D x D matrices, zero above diagonal `diag`."""
    torch = _torch()
    # the positive root of D**2 + (1+2*diag)*D - |diag| * (diag+1) - 2*vec.shape[-1] = 0
    n = (-(1 + 2 * diag)
         + ((1 + 2 * diag) ** 2 + 8 * vec.shape[-1] + 4 * abs(diag) * (diag + 1)) ** 0.5) / 2
    eps = torch.finfo(vec.dtype).eps
    if round(n) - n > eps:
        raise TorchValueError(
            f"The size of last dimension is {vec.shape[-1]} which cannot be expressed as "
            "the lower triangular part of a square D x D matrix.")
    n = round(n)
    mat = vec.new_zeros(tuple(vec.shape[:-1]) + (n, n))
    mat[..., _tril_mask(n, diag)] = vec
    return mat
