"""torch.masked: reductions and normalizations of the elements a boolean mask keeps.

PyTorch writes these in Python (torch/masked/_ops.py) on top of its ops, so they are composed
here the same way, on strided tensors: the masked-out elements are replaced by the op's
identity (`where(mask, input, identity)`), then the plain op runs. Their graphs, node names
and gradients are therefore those of the ops they call, as in PyTorch. (MaskedTensor and
sparse layouts are not provided.)
"""
from __future__ import annotations

import builtins

from . import dtypes

_SMALL_INTS = ("uint8", "bool", "int8", "int16", "int32")
_REDUCTIONS = ("sum", "prod", "amax", "amin", "argmax", "argmin", "mean", "median", "norm",
               "var", "std", "logsumexp")


def _torch():
    import gradcli
    return gradcli


def _reduction_identity(op_name: str, input, *args):
    """The value that leaves the reduction `op_name` of input unchanged (None: none)."""
    torch = _torch()
    dtype = input.dtype
    floating, signed = dtype.is_floating_point, torch.is_signed(input)
    if op_name in ("sum", "cumsum"):
        return torch.tensor(0, dtype=dtype)
    if op_name in ("prod", "cumprod"):
        return torch.tensor(1, dtype=dtype)
    if op_name in ("amax", "argmax", "logaddexp", "logsumexp"):
        if floating:
            return torch.tensor(-torch.inf, dtype=dtype)
        if op_name == "logsumexp" and dtype.is_complex:
            return torch.tensor(-torch.inf + 0j, dtype=dtype)
        if signed or dtype is dtypes.uint8:
            return torch.tensor(torch.iinfo(dtype).min, dtype=dtype)
    elif op_name in ("amin", "argmin"):
        if floating:
            return torch.tensor(torch.inf, dtype=dtype)
        if signed or dtype is dtypes.uint8:
            return torch.tensor(torch.iinfo(dtype).max, dtype=dtype)
    elif op_name in ("mean", "var", "std"):
        return None
    elif op_name == "norm":
        ord = args[0] if args else 2
        if ord == float("-inf"):
            if not floating:
                raise AssertionError(f"input must be floating point, got {dtype}")
            return torch.tensor(torch.inf, dtype=dtype)
        return torch.tensor(0, dtype=dtype)
    elif op_name == "median":           # (NaN: the op is nanmedian, which skips it)
        return torch.tensor(torch.nan, dtype=dtype if floating else dtypes.float32)
    raise NotImplementedError(f"identity of {op_name} on {dtype} input")


def _canonical_dim(dim, ndim: int) -> tuple:
    """dim as a sorted tuple of dims (all of them for None or ())."""
    if dim is None or dim == ():
        return tuple(builtins.range(ndim))
    ndim = max(ndim, 1)
    dims: list = []
    for d in (dim,) if isinstance(dim, int) else dim:
        if d in dims:
            raise RuntimeError(f"dim={d} appears multiple times in the list of dims")
        if d >= ndim or d < -ndim:
            raise IndexError(f"Dimension out of range (expected to be in range of [{-ndim}, "
                             f"{ndim - 1}], but got {d})")
        dims.append(d % ndim)
    return tuple(sorted(dims))


def _input_mask(input, mask):
    """mask broadcast to input's shape, as bools."""
    torch = _torch()
    if mask is None:
        raise ValueError("_input_mask requires explicit mask")
    if mask.shape != input.shape:
        if mask.ndim > input.ndim:
            raise IndexError("_input_mask expected broadcastable mask (got mask dimensionality "
                             "higher than of the input)")
        mask = torch.broadcast_to(mask.clone(), input.shape).to(dtype=torch.bool)
    return mask.to(dtype=torch.bool)


def _combine(op_name: str, input, mask, *args):
    """input with its masked-out elements replaced by the identity of op_name."""
    if mask is None:
        return input
    return _torch().where(_input_mask(input, mask), input,
                          _reduction_identity(op_name, input, *args))


def _int64_for_small(input, dtype):
    if dtype is None:
        return dtypes.int64 if input.dtype.name in _SMALL_INTS else input.dtype
    return dtype


def sum(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """sum of the kept elements (0 where none is kept)"""
    input.layout                # (PyTorch looks at it first: a non-tensor's AttributeError)
    dtype = _int64_for_small(input, dtype)
    dim_ = _canonical_dim(dim, input.ndim)
    return _torch().sum(_combine("sum", input, mask), dim_, bool(keepdim), dtype=dtype)


def prod(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """product of the kept elements (1 where none is kept), one dim at a time"""
    input.layout                # (as sum's)
    dtype = _int64_for_small(input, dtype)
    dim_ = _canonical_dim(dim, input.ndim)
    result = _combine("prod", input, mask).to(dtype=dtype)
    for d in reversed(dim_):
        result = result.prod(dim=d, keepdim=bool(keepdim))
    return result


def cumsum(input, dim, *, dtype=None, mask=None):
    """running sum, the masked-out elements counting 0"""
    dtype = input.dtype if dtype is None else dtype
    dim_ = _canonical_dim(dim, input.ndim)[0]
    return _torch().cumsum(_combine("sum", input, mask), dim_, dtype=dtype).to(dtype=dtype)


def cumprod(input, dim, *, dtype=None, mask=None):
    """running product, the masked-out elements counting 1"""
    dtype = input.dtype if dtype is None else dtype
    dim_ = _canonical_dim(dim, input.ndim)[0]
    return _torch().cumprod(_combine("prod", input, mask), dim_, dtype=dtype).to(dtype=dtype)


def _extreme(name: str):
    def reduce(input, dim=None, *, keepdim=False, dtype=None, mask=None):
        dtype = input.dtype if dtype is None else dtype
        mask_input = _combine(name, input, mask)
        dim_ = _canonical_dim(dim, mask_input.ndim)
        return getattr(_torch(), name)(mask_input, dim_, bool(keepdim)).to(dtype=dtype)
    reduce.__name__ = reduce.__qualname__ = name
    reduce.__doc__ = f"{name} of the kept elements (the dtype's extreme where none is kept)"
    return reduce


amax, amin = _extreme("amax"), _extreme("amin")


def _arg_extreme(name: str):
    def reduce(input, dim=None, *, keepdim=False, dtype=None, mask=None):
        dtype = input.dtype if dtype is None else dtype
        mask_input = _combine(name, input, mask)
        return getattr(_torch(), name)(mask_input, dim, bool(keepdim)).to(dtype=dtype)
    reduce.__name__ = reduce.__qualname__ = name
    reduce.__doc__ = f"{name} of the kept elements (in input's dtype, as PyTorch's)"
    return reduce


argmax, argmin = _arg_extreme("argmax"), _arg_extreme("argmin")


def mean(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """sum of the kept elements over their count (nan where none is kept)"""
    torch = _torch()
    source = "Optional"
    if dtype is None:
        dtype, source = input.dtype, "Input"
    if not (dtype.is_floating_point or dtype.is_complex):
        raise ValueError(f"mean(): Could not infer output dtype. {source} dtype must be either "
                         f"a floating point or complex dtype. Got: {dtype}")
    if mask is None:
        count = sum(torch.ones(input.shape, dtype=torch.int64), dim, keepdim=keepdim)
        total = sum(input, dim, keepdim=keepdim, dtype=dtype)
    else:
        inmask = _input_mask(input, mask)
        count = inmask.sum(dim=dim, keepdim=bool(keepdim))
        total = sum(input, dim, keepdim=keepdim, dtype=dtype, mask=inmask)
    return total / count


def median(input, dim=-1, *, keepdim=False, dtype=None, mask=None):
    """nanmedian of the kept elements along dim"""
    torch = _torch()
    dtype = input.dtype if dtype is None else dtype
    dim_ = _canonical_dim(dim, input.ndim)[0]
    is_float = input.dtype.is_floating_point
    if not is_float:
        input = input.to(dtype=torch.float)
    output = torch.nanmedian(_combine("median", input, mask), dim_, keepdim).values
    if is_float:
        return output
    if not torch.isnan(output).any():
        return output.to(dtype=dtype)
    raise ValueError("masked median expects no fully masked out rows if dtype is not floating "
                     "point")


def logsumexp(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """logsumexp of the kept elements (-inf where none is kept)"""
    dtype = input.dtype if dtype is None else dtype
    dim_ = _canonical_dim(dim, input.ndim)
    return _torch().logsumexp(_combine("logsumexp", input, mask), dim_,
                              keepdim=keepdim).to(dtype=dtype)


def logaddexp(input, other, *, dtype=None, input_mask=None, other_mask=None):
    """logaddexp of the kept elements of each (a masked-out one counts -inf)"""
    dtype = input.dtype if dtype is None else dtype
    input.layout, other.layout      # (PyTorch's strided-layout test, before the masks)
    return _torch().logaddexp(_combine("logaddexp", input, input_mask),
                              _combine("logaddexp", other, other_mask)).to(dtype=dtype)


def norm(input, ord=2.0, dim=None, *, keepdim=False, dtype=None, mask=None):
    """vector norm of the kept elements"""
    dtype = input.dtype if dtype is None else dtype
    mask_input = _combine("norm", input, mask, ord)
    dim_ = _canonical_dim(dim, input.ndim)
    return _torch().linalg.vector_norm(mask_input, ord, dim_, bool(keepdim), dtype=dtype)


def _std_var(input, dim, unbiased, *, correction_opt, keepdim, dtype, mask, take_sqrt):
    """PyTorch's masked _std_var: sums of the kept elements and of their squared deviations,
    the count less the correction (not below 0)."""
    torch = _torch()
    if unbiased is not None and correction_opt is not None:
        raise AssertionError("Only one of unbiased and correction may be given")
    correction = 1.0 if unbiased is None else 1.0 if unbiased else 0.0
    if correction_opt is not None:
        correction = float(correction_opt)
    if dtype is None:
        dtype = input.dtype
        if not (dtype.is_floating_point or dtype.is_complex):
            dtype = torch.float32
    compute_dtype = dtype
    if not (compute_dtype.is_floating_point or compute_dtype.is_complex):
        compute_dtype = torch.float32
    inmask = None if mask is None else _input_mask(input, mask)
    if mask is None:
        count = sum(torch.ones(input.shape, dtype=torch.int64), dim, keepdim=True)
    else:
        count = inmask.sum(dim=dim, keepdim=True)
    sample_total = sum(input, dim, keepdim=True, dtype=dtype, mask=inmask)
    x = torch.subtract(input, torch.divide(sample_total, count))
    total = sum(x * x.conj(), dim, keepdim=keepdim, dtype=compute_dtype, mask=inmask)
    if not keepdim:
        count = count.reshape(total.shape)
    if correction != 0:
        count = count.to(compute_dtype.to_real())
        count = torch.subtract(count, correction)
        count = torch.maximum(count, count.new_zeros([]))
    output = torch.divide(total, count).to(dtype=dtype)
    return torch.sqrt(output) if take_sqrt else output


def var(input, dim=None, unbiased=None, *, correction=None, keepdim=False, dtype=None,
        mask=None):
    """variance of the kept elements (nan where too few are kept)"""
    return _std_var(input, dim, unbiased, correction_opt=correction, keepdim=keepdim,
                    dtype=dtype, mask=mask, take_sqrt=False)


def std(input, dim=None, unbiased=None, *, correction=None, keepdim=False, dtype=None,
        mask=None):
    """standard deviation of the kept elements (nan where too few are kept)"""
    return _std_var(input, dim, unbiased, correction_opt=correction, keepdim=keepdim,
                    dtype=dtype, mask=mask, take_sqrt=True)


def _normalization(name: str, identity: str):
    def normalize_(input, dim, *, dtype=None, mask=None):
        from .nn import functional as F
        dtype = input.dtype if dtype is None else dtype
        dim_ = _canonical_dim(dim, input.ndim)[0]
        return getattr(F, name)(_combine(identity, input, mask), dim_, dtype=dtype)
    normalize_.__name__ = normalize_.__qualname__ = name
    normalize_.__doc__ = f"{name} over the kept elements (a masked-out one counts as the " \
                         f"{identity} identity)"
    return normalize_


softmax = _normalization("softmax", "amax")
log_softmax = _normalization("log_softmax", "amax")
softmin = _normalization("softmin", "amin")


def normalize(input, ord, dim, *, eps=1e-12, dtype=None, mask=None):
    """input over the norm of its kept elements along dim (at least eps)"""
    torch = _torch()
    dtype = input.dtype if dtype is None else dtype
    mask_input = _combine("sum", input, mask)
    nrm_ = norm(input, ord, dim, keepdim=True, dtype=dtype, mask=mask)
    return torch.divide(mask_input, torch.maximum(nrm_, nrm_.new_full([], eps)))


__all__ = [*_REDUCTIONS, "cumsum", "cumprod", "logaddexp", "softmax", "log_softmax",
           "softmin", "normalize"]
