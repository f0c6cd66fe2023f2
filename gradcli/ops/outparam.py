"""`out=`: the functions of `torch`, `torch.linalg` and `torch.special` that PyTorch lets
write their result into given tensors (`torch.add(x, y, out=z)`, `torch.max(x, 1,
out=(values, indices))`), as it does: the result is computed, then written into `out`, which
is resized (with PyTorch's warning when it held elements) and returned. Like PyTorch, it
refuses to when an argument requires grad in grad mode. The names are those whose ATen
schema has an out= overload; an op that has its own `out` parameter is left as it is.
"""
from __future__ import annotations

import warnings

import numpy as np

from ..argparser import PUBLIC
from ..errors import TorchNotImplementedError, TorchRuntimeError, TorchTypeError

_NAMES = {
    "torch": """
    abs absolute acos acosh add addbmm addcdiv addcmul addmm addmv addr all amax amin
    aminmax angle any arange arccos arccosh arcsin arcsinh arctan arctan2 arctanh argmax
    argmin argsort asin asinh atan atan2 atanh baddbmm bernoulli bitwise_and
    bitwise_left_shift bitwise_not bitwise_or bitwise_right_shift bitwise_xor bmm bucketize
    cat ceil chain_matmul cholesky cholesky_inverse clamp clamp_max clamp_min clip
    column_stack concat
    complex concatenate conj_physical copysign cos cosh count_nonzero cross cummax cummin cumprod
    cumsum deg2rad diag diff digamma div divide dot dstack empty eq erf erfc erfinv exp exp2
    expm1 eye fix float_power floor floor_divide fmax fmin fmod frac frexp full gather gcd
    ge ger greater greater_equal gt hardshrink heaviside histc histogram hstack hypot i0
    index_add index_copy index_fill index_put index_reduce index_select inner inverse isin
    isneginf isposinf kron kthvalue lcm ldexp le lerp less less_equal lgamma
    linalg_vector_norm linspace log log10 log1p log2 log_softmax logaddexp logaddexp2
    logcumsumexp logical_and logical_not logical_or logical_xor logit logspace logsumexp lt
    lu_solve lu_unpack masked_fill masked_scatter masked_select matmul matrix_power max
    maximum mean median min minimum mm mode msort mul multinomial multiply mv mvlgamma
    nan_to_num nanmean nanmedian nanquantile nansum ne neg negative nextafter nonzero
    normal not_equal ones outer polar polygamma pow prod qr quantile rad2deg rand rand_like
    randint randint_like randn randn_like randperm range reciprocal remainder renorm
    repeat_interleave round row_stack rsqrt rsub scatter scatter_add scatter_reduce
    searchsorted sgn sigmoid sign signbit sin sinc sinh slice_scatter slogdet softmax sort
    sqrt square stack std sub subtract sum svd take take_along_dim tan tanh
    tensordot threshold topk tril triu true_divide trunc var vdot vstack where
    xlogy zeros alias_copy as_strided_copy detach_copy diagonal_copy expand_copy permute_copy
    select_copy slice_copy split_copy split_with_sizes_copy squeeze_copy t_copy
    transpose_copy unbind_copy unfold_copy unsqueeze_copy view_as_complex_copy
    view_as_real_copy view_copy
""",
    "linalg": """
    cholesky cholesky_ex cond cross det eig eigh eigvals eigvalsh householder_product inv
    inv_ex lstsq lu lu_factor lu_factor_ex lu_solve matmul matrix_norm matrix_power
    matrix_rank multi_dot norm pinv qr slogdet solve solve_ex solve_triangular svd svdvals
    tensorinv tensorsolve vecdot vector_norm
""",
    "fft": """
    fft ifft fft2 ifft2 fftn ifftn rfft irfft rfft2 irfft2 rfftn irfftn hfft ihfft hfft2
    ihfft2 hfftn ihfftn fftfreq rfftfreq
""",
    "special": """
    digamma entr erf erfc erfcx erfinv exp2 expit expm1 gammaln i0 i0e i1 i1e log1p log_ndtr
    logit logsumexp multigammaln ndtr ndtri polygamma psi round sinc xlog1py xlogy
""",
}
# those whose out= is a tuple of tensors (for max, min, median: with a dim)
_MANY = frozenset("""aminmax cummax cummin frexp histogram kthvalue lu_unpack max median min mode
    nanmedian qr slogdet sort svd topk unique_consecutive linalg.eig
    linalg.eigh linalg.lstsq linalg.lu linalg.lu_factor linalg.lu_factor_ex linalg.qr
    linalg.slogdet linalg.svd linalg.inv_ex linalg.cholesky_ex linalg.solve_ex""".split())
# those whose out= is a list of tensors: the call then gives None
_LISTS = frozenset(("split_copy", "split_with_sizes_copy", "unbind_copy"))
_MANY |= _LISTS
_SETS: dict = {}
# PyTorch refuses an out= that shares part of an input's memory (TensorIterator's check, and
# cat's, sort's, index_select's ...), but not for these (reductions, matrix products, softmax,
# tril/triu ...), nor for torch.linalg's but cross; max/min/median/nanmedian check with a dim
# (a tuple out), not without one
_NO_OVERLAP_CHECK = {
    "torch": frozenset("""amax amin argmax argmin bmm cummax cummin diag dot histc inner
        inverse linspace log_softmax logspace logsumexp matmul matrix_power max mean median min
        mm mv mvlgamma nanmean nanmedian nanquantile nansum norm prod quantile slice_scatter
        softmax std sum tensordot threshold tril triu var vdot""".split()),
    "special": frozenset(["logsumexp"]),
}


# ... and these refuse an out= that is an input (ATen's assert_no_overlap: all of its memory
# too), gather only its input's (its index's partial overlap only)
_FULL_OVERLAP_CHECK = frozenset("gather take masked_select index_select nonzero kthvalue".split())
# those that check their values output only, not their indices
_VALUES_OVERLAP_ONLY = frozenset(("sort", "kthvalue"))
# those that check after their own checks of the arguments (kthvalue's of k), nonzero after
# its check of out's dtype too
_OVERLAP_CHECKED_LATE = frozenset(("kthvalue", "nonzero"))


# Factory functions: their out= is resized without a warning (ATen's resize_, not
# resize_output), and the result is made in out's dtype (a dtype= that differs is refused);
# the ranges keep out's shape when it has the right number of elements (arange warns when
# it has not)
_FACTORIES = frozenset("""zeros ones full empty rand randn randint randperm eye normal
    arange linspace logspace range""".split())
_RANGES = frozenset("arange linspace logspace range".split())
_TAKE_DTYPE = frozenset("""zeros ones full empty rand randn randint randperm eye arange
    linspace logspace range""".split())


def takes_out(namespace: str, name: str) -> bool:
    names = _SETS.get(namespace)
    if names is None:
        names = _SETS[namespace] = frozenset(_NAMES.get(namespace, "").split())
    return name in names


def with_out(name: str, fn, namespace: str = "torch", public: bool = False):
    """`fn` taking `out=` as PyTorch's function `name` does. `public`: the function a
    namespace binds, one for each (every `torch` namespace made holds the same torch.<name>,
    which a __torch_function__ is given as its `func`: argparser.PUBLIC)."""
    made = _MADE.get((name, fn, namespace)) if public else None
    if made is not None:
        return made
    many = (name if namespace == "torch" else f"{namespace}.{name}") in _MANY

    def call(*args, out=None, **kwargs):
        if out is None:
            return fn(*args, **kwargs)
        return _into(name, fn, args, kwargs, out, many, namespace)
    call.__name__ = call.__qualname__ = name
    call.__doc__, call.__wrapped__, call.__module__ = fn.__doc__, fn, fn.__module__
    if public:
        _MADE[name, fn, namespace] = call
        if namespace == "torch":
            PUBLIC.setdefault(fn, call)
    return call


_MADE: dict = {}


OUT_CODE = with_out("len", len, "").__code__    # the frame a call through `with_out` adds


# arguments that must be tensors in the out= overload (its others take numbers): name ->
# (position, parameter name) of each
_TENSORS_WITH_OUT = {"where": ((1, "input"), (2, "other")), "atan2": ((1, "other"),),
                     "hypot": ((1, "other"),)}


def _into(name: str, fn, args: tuple, kwargs: dict, out, many: bool, namespace: str = "torch"):
    from .._tensor import Tensor
    from ..autograd import grad_mode
    from ..autograd.grad_mode import is_grad_enabled
    _parsed_with_out(name, args, kwargs, out, namespace)  # (torch.add(x, out=y): "missing
    # ... "other"", not a refusal of out='s dtype)
    for position, param in _TENSORS_WITH_OUT.get(name, ()) if namespace == "torch" else ():
        value, where = (args[position], f" (position {position + 1})") \
            if position < len(args) else (kwargs.get(param), "")
        if value is not None and not isinstance(value, Tensor):
            raise TorchTypeError(f"{name}(): argument '{param}'{where} must be Tensor, not "
                                 f"{type(value).__name__}")
    if name in _LISTS and not isinstance(out, (tuple, list)):
        raise TorchTypeError(f"{name}(): argument 'out' must be tuple of Tensors, not "
                             f"{type(out).__name__}")
    many = many and isinstance(out, (tuple, list))
    outs = tuple(out) if many else (out,)
    for o in outs:
        if not isinstance(o, Tensor):       # the parser's words: torch.special's binding
            what = "tuple of Tensors" if many else "Tensor"     # is named special_<name>
            shown = name if namespace == "torch" else getattr(fn, "__name__", name)
            raise TorchTypeError(f"{shown}(): argument 'out' must be {what}, not "
                                 f"{type(o).__name__}")
    if namespace == "torch" and name == "ger":      # ger_out's TORCH_WARN (ger's is silent)
        from ..errors import warn_cpp
        warn_cpp("torch.ger is deprecated and will be removed in a future PyTorch release. Use "
                 "torch.outer instead. (Triggered internally at /__w/pytorch/pytorch/aten/src/"
                 "ATen/native/LinearAlgebra.cpp:1270.)")
    if namespace == "fft":
        from .fft import written_into
        return written_into(name, fn, args, kwargs, out)
    if namespace == "torch" and name == "nonzero" and kwargs.get("as_tuple") is True:
        raise TorchRuntimeError("nonzero does not support the out kwarg when as_tuple is True")
    factory = namespace == "torch" and name in _FACTORIES and not many
    if factory and name in _TAKE_DTYPE:       # (before the grad refusal, as PyTorch checks)
        kwargs = _factory_dtype(kwargs, outs[0])
    if name in _COPIED_INTO.get(namespace, ()) and not many and \
            _differentiated(args, kwargs, outs):
        return _copied_into(name, namespace, fn(*args, **kwargs), outs[0])
    if namespace == "special" and name == "ndtr" and _differentiated(args, kwargs, outs):
        return _computed_then_copied(fn(*args, **kwargs), outs[0])
    if (is_grad_enabled() and not (namespace == "torch" and name in _NO_GRAD_OUTPUTS)
            and not (namespace == "linalg" and name == "matrix_rank")
            and any(t.requires_grad for t in _tensors(args, kwargs, outs))):
        _refuse_grad(name, namespace, args, kwargs, outs)
    if namespace == "torch" and name == "bernoulli" and len(args) == 1 and \
            set(kwargs) <= {"generator"} and isinstance(args[0], Tensor):
        # ATen's bernoulli.out: out.resize_(input's sizes).bernoulli_(input), of any dtype
        from .creation import resize_memory
        if outs[0]._data.shape != args[0]._data.shape:
            resize_memory(outs[0], args[0]._data.shape)
        return outs[0].bernoulli_(args[0], **kwargs)
    if namespace == "torch" and name == "normal" and set(kwargs) <= {"generator"}:
        from .creation import normal_into
        return normal_into(outs[0], *args, **kwargs)
    if _checks_overlap(name, namespace, many) and not (namespace == "torch" and name in
                                                       _CATS_AFTER_RESIZE | _OVERLAP_CHECKED_LATE):
        _check_overlap(name, namespace, args, kwargs, outs)
    if namespace == "torch" and name == "ldexp":
        from .mathmisc import check_ldexp_out
        check_ldexp_out(args[0] if args else kwargs.get("input"), outs[0])
    if namespace == "torch" and name == "frexp":
        from .mathmisc import check_frexp_out
        check_frexp_out(args[0] if args else kwargs.get("input"), outs)
    if name in ("mvlgamma", "multigammaln"):
        from .mathmisc import check_mvlgamma_out
        check_mvlgamma_out(args[0] if args else kwargs.get("input"),
                           args[1] if len(args) > 1 else kwargs.get("p"), outs[0])
    if namespace == "torch" and name == "heaviside" and outs[0].dtype.is_complex:
        raise TorchRuntimeError("heaviside is not yet implemented for complex tensors.")  # (its
        # meta function checks a complex out before the inputs' dtypes)
    if namespace in ("torch", "special") and name in _SAME_DTYPE_UNARY:   # (round)
        _check_same_dtype(name, args[0] if args else kwargs.get("input"), outs[0])
    if namespace == "linalg" and name in ("cond", "tensorinv", "tensorsolve"):
        _check_castable_first(name, args, kwargs, outs[0])
    if name in _CAST_CHECKED_FIRST.get(namespace, ()):
        _check_cast(args, kwargs, outs[0])
    elif name in _CAST_CHECKED_FIRST_FLOAT.get(namespace, ()):
        _check_cast(args, kwargs, outs[0], to_float=True)
    if namespace == "special" and name == "logsumexp":
        _check_moment_out(name, args[0] if args else kwargs.get("input"), outs[0])
    if namespace == "torch" and not many and name in ("std", "var", "logsumexp"):
        try:
            _check_moment_out(name, args[0] if args else kwargs.get("input"), outs[0],
                              (args[1] if len(args) > 1 else kwargs.get("dim")) is None)
        except TorchNotImplementedError:        # (the kernel's refusal: out= resized first)
            _resize_to(outs[0], fn(*args, **kwargs)._data.shape)
            raise
    if namespace == "torch" and not many and name in ("max", "min", "mean"):
        _check_reduce_all_out(name, fn, args, kwargs, outs[0])
    dtype_given = namespace == "torch" and name in _OUT_DTYPE_IS_DTYPE | {"mean"} \
        and kwargs.get("dtype") is not None
    if namespace == "torch" and name in _OUT_DTYPE_IS_DTYPE and (
            not dtype_given or name == "nanmean"):
        if name in ("nansum", "nanmean"):
            try:
                _check_nansum_out(name, args[0] if args else kwargs.get("input"), outs[0],
                                  dtype_given)
            except TorchNotImplementedError:    # (the kernel's refusal: out= resized first)
                _resize_to(outs[0], fn(*args, **kwargs)._data.shape)
                raise
        if not dtype_given:
            kwargs = dict(kwargs, dtype=outs[0].dtype)      # (the input cast to it first)
    from ..autograd import forward_ad
    dual = forward_ad.ACTIVE[0] and forward_ad.has_tangent(_tensors(args, kwargs, outs))
    try:
        with forward_ad.suspended():    # (out= gets no tangent: PyTorch refuses it afterwards)
            result = fn(*args, **kwargs)
    except TorchNotImplementedError as exc:
        if namespace == "torch" and name in ("cumsum", "cumprod"):
            _resize_before_kernel(args[0] if args else kwargs.get("input"), outs[0])
        if namespace == "torch" and name in ("nansum", "nanmean") and not dtype_given:
            _resize_to(outs[0], fn(*args, **dict(kwargs, dtype=None))._data.shape)
        if not many and "for 'Complex" in str(exc) and name not in _COMPOSITES:
            _complex_cast_first(args, kwargs, outs[0])
        raise
    if dtype_given and kwargs["dtype"] is not outs[0].dtype:
        _refuse_out_dtype(name, args[0] if args else kwargs.get("input"), kwargs["dtype"],
                          outs[0].dtype)
    if namespace == "torch" and name == "kthvalue":
        _check_overlap(name, namespace, args, kwargs, outs)
    results = tuple(result) if isinstance(result, tuple) else (result,)
    if len(results) != len(outs) and many:
        raise TorchTypeError(f"expected tuple of {len(results)} elements but got {len(outs)}")
    if len(results) != len(outs):
        from ..callerrors import invalid_combination
        raise TorchTypeError(invalid_combination(name, args, dict(kwargs, out=out), False))
    if namespace == "torch" and name in _RESIZED_THEN_CHECKED:
        _resize_then_check(name, args, kwargs, outs, results)
    if not (namespace == "torch" and _casts_into(name, args, kwargs)):
        results = _check_out_dtypes(name, namespace, many, outs, results,
                                    exact=not _copies_power(name, namespace, args, kwargs))
    if namespace == "torch" and name == "nonzero":
        _check_overlap(name, namespace, args, kwargs, outs)
    for o, r in zip(outs, results):
        if namespace == "torch" and name in _CATS_AFTER_RESIZE:
            _write_into(o, r, check=_cat_overlap(o, _tensors(args, kwargs, ())))
        elif not factory:
            _write_into(o, r, _unsqueezed_warning(name, namespace, args, kwargs, o),
                        times=2 if not many and _through_temporary(
                            name, namespace, args, kwargs, o, r) else 1,
                        check=_stack_reread(o, args, kwargs) if namespace == "torch"
                        and name == "stack" else None)
        elif name in _RANGES and o._data.size == r._data.size:
            _write_into(o, r.reshape(o.shape))
        else:
            _write_into(o, r, _range_warning(o, r) if name == "arange" and o._data.size
                        else None)
    if factory and kwargs.get("requires_grad"):      # (the factory's flag goes to out=)
        outs[0].requires_grad_(True)
    if dual:
        _refuse_forward_ad(name, namespace, args, kwargs)
    if any(o._is_inference for o in outs) and not grad_mode._inference[0]:
        from .core import INFERENCE_INPLACE         # (PyTorch writes out=, then refuses)
        raise TorchRuntimeError(INFERENCE_INPLACE)
    if not isinstance(result, tuple):
        return out
    if name in _LISTS:
        return None
    from .matrix import _Result
    fields = getattr(result, "_fields", None) or ("values", "indices")
    return _Result(getattr(result, "_kind", name) + "_out", fields, outs)


# ops whose outputs are never differentiable: no autograd refusal of a grad-requiring out=
# (their kernel's own checks speak)
_NO_GRAD_OUTPUTS = frozenset("""eq ne lt le gt ge greater greater_equal less less_equal
    not_equal logical_and logical_or logical_xor logical_not histc argmax argmin all any isin
    isneginf isposinf signbit multinomial nonzero searchsorted bucketize""".split())
# composites that compute, then copy into out= (recorded, a CopyBackwards)
_COPIED_INTO = {"torch": frozenset(("tensordot", "inner")),
                "linalg": frozenset(("matrix_norm", "norm", "cond", "tensorinv", "tensorsolve"))}
# composites: the refusal names the ATen op they call
_GRAD_NAMES = {
    **dict.fromkeys("column_stack concat concatenate dstack hstack vstack row_stack".split(), "cat"),
    **dict.fromkeys("ger kron outer multiply".split(), "mul"),
    **dict.fromkeys("diff subtract".split(), "sub"),
    **dict.fromkeys("divide true_divide".split(), "div"),
    "absolute": "abs", "arccos": "acos", "arcsin": "asin", "arctan": "atan", "arccosh": "acosh",
    "arcsinh": "asinh", "arctanh": "atanh", "clip": "clamp", "fix": "trunc",
    "inverse": "linalg_inv_ex", "nanmean": "nansum", "negative": "neg", "square": "pow",
    "take_along_dim": "gather", "cross": "linalg_cross", "msort": "sort",
}
# ops without a derivative formula: the autograd fallback refuses them, naming them aten::
_FALLBACK_NAMED = frozenset("""arange bitwise_and bitwise_left_shift bitwise_not bitwise_or
    bitwise_right_shift bitwise_xor conj_physical eye floor_divide full gcd heaviside lcm
    linspace log_softmax logspace ones rand randint randperm range softmax zeros""".split())


def _copied_into(name: str, namespace: str, result, out):
    """tensordot's (and linalg's norms') out= under autograd: out is resized and the result
    copied into it (recorded), tensordot refusing a grad-requiring out= of another shape."""
    if namespace == "torch" and out.requires_grad and out.shape != result.shape:
        raise TorchRuntimeError("tensordot(): the 'out' tensor was specified and requires "
                                "gradients, and its shape does not match the expected result. "
                                "Either remove the 'out' argument, ensure it does not require "
                                "gradients, or make sure its shape matches the expected output.")
    if namespace == "linalg" and name in _OUT_CASTABLE:
        _check_castable(name, 0, result.dtype, out.dtype)
    elif out.dtype is not result.dtype:
        raise TorchRuntimeError(_OUT_DTYPE_TEXTS[namespace][name](result.dtype, out.dtype, 0))
    return _resized_copy(out, result)


def _resized_copy(out, result):
    """out resized to result's shape (PyTorch's warning when it held elements), then
    `out.copy_(result)`, which records the copy's history and tangent."""
    _resize_to(out, result._data.shape, stacklevel=6)
    return out.copy_(result)


def _differentiated(args, kwargs, outs) -> bool:
    """Whether autograd or forward AD sees the call: a tensor requiring grad in grad mode,
    or a dual tensor."""
    from ..autograd import forward_ad
    from ..autograd.grad_mode import is_grad_enabled
    tensors = tuple(_tensors(args, kwargs, outs))
    return (is_grad_enabled() and any(t.requires_grad for t in tensors)) or (
        forward_ad.ACTIVE[0] and forward_ad.has_tangent(tensors))


def _computed_then_copied(result, out):
    """special.ndtr's out=, a composite: the result computed as without out= and copied
    into out (resized), so out gets its history and tangent through copy_."""
    from .. import dtypes
    if not dtypes.can_cast(result.dtype, out.dtype):
        raise TorchRuntimeError(f"result type {result.dtype.legacy} can't be cast to the "
                                f"desired output type {out.dtype.legacy}")
    return _resized_copy(out, result)


def _refuse_forward_ad(name: str, namespace: str, args: tuple, kwargs: dict) -> None:
    """PyTorch's refusal of a dual tensor among out='s tensors, its out= kernel having no
    forward formula (it checks after writing out), in the name of that ATen kernel."""
    from ..errors import TorchNotImplementedError
    if namespace == "torch" and name in _FALLBACK_NAMED | {"diag"}:
        if name == "diag":                  # (the composite's kernels, of no formula)
            x = args[0] if args else kwargs.get("input")
            name = "diag_embed" if x.dim() == 1 else "diagonal_copy"
        raise TorchNotImplementedError(f"Trying to use forward AD with aten::{name} that does "
                                       "not support it.")
    if namespace == "torch" or namespace == "linalg" and name == "matmul":
        shown = _GRAD_NAMES.get(name, _IGAMMA_KERNELS.get(name, name))
        if name == "matmul":                # the product it calls for these dimensions
            dims = tuple(t.dim() for t in [*args, *kwargs.values()][:2])
            shown = {(1, 1): "dot", (2, 1): "mv", (2, 2): "mm"}.get(dims, "matmul")
    elif namespace == "special":
        shown = _SPECIAL_ATEN.get(name, name if name in _SPECIAL_ALIASES else "special_" + name)
    else:
        shown = _LINALG_ATEN.get(name, "linalg_" + name)
    raise TorchNotImplementedError(f"Trying to use forward AD with {shown}_out that does not "
                                   "support it because it is an out= function")


# torch.special's incomplete gammas (called as torch's op special_<name>): their out= kernels
_IGAMMA_KERNELS = {"special_gammainc": "igamma", "special_gammaincc": "igammac"}
# torch.special's functions that are ATen's ops of another name, and those of the same name
_SPECIAL_ATEN = {"expit": "sigmoid", "gammaln": "lgamma", "psi": "digamma",
                 "multigammaln": "mvlgamma"}
_LINALG_ATEN = {"inv": "linalg_inv_ex", "det": "_linalg_det", "solve": "_linalg_solve_ex"}
# the ATen kernel that refuses a linalg function's out= under autograd, where not
# linalg_<name> (the one the function calls)
_LINALG_GRAD_NAMES = {
    **_LINALG_ATEN, "cholesky": "linalg_cholesky_ex", "cholesky_ex": "linalg_cholesky_ex",
    "eigh": "_linalg_eigh", "eigvalsh": "_linalg_eigh", "inv_ex": "linalg_inv_ex",
    "lu_factor": "linalg_lu_factor_ex", "matrix_power": "matmul", "multi_dot": "mm",
    "slogdet": "_linalg_slogdet", "solve_ex": "_linalg_solve_ex", "svd": "_linalg_svd",
    "svdvals": "_linalg_svd", "vecdot": "sum", "matmul": "matmul",
}
_SPECIAL_ALIASES = frozenset("digamma erf erfc erfinv exp2 expm1 i0 log1p logit polygamma "
                             "round sinc xlogy logsumexp".split())


def _refuse_grad(name: str, namespace: str, args: tuple, kwargs: dict, outs) -> None:
    """PyTorch's refusal of out= when an argument requires grad, in the words of the kernel
    that refuses (randn and empty resize out= before anything checks it)."""
    if namespace == "torch" and name in ("randn", "empty"):
        raise TorchRuntimeError("cannot resize variables that require grad")
    if namespace == "torch" and name == "float_power":     # (it checks out's dtype first)
        from .. import dtypes
        wanted = dtypes.complex128 if any(t.dtype.category == 3 for t in _tensors(
            args, kwargs, ())) else dtypes.float64
        if outs[0].dtype is not wanted:
            raise TorchRuntimeError(f"the output given to float_power has dtype "
                                    f"{outs[0].dtype.legacy} but the operation's result "
                                    f"requires dtype {wanted.legacy}")
        name = "pow"
    shown = _GRAD_NAMES.get(name, name) if namespace == "torch" else \
        _LINALG_GRAD_NAMES.get(name, name if name.startswith("linalg_") else "linalg_" + name) \
        if namespace == "linalg" else name
    if namespace == "torch" and name == "kron":       # (it resizes out= for its mul first)
        a, b = [*args, *(kwargs[k] for k in ("input", "other") if k in kwargs)][:2]
        n = max(a.dim(), b.dim())
        shape = tuple(x * y for x, y in zip((1,) * (n - a.dim()) + tuple(a.shape),
                                              (1,) * (n - b.dim()) + tuple(b.shape)))
        if outs[0]._data.size and tuple(outs[0].shape) != shape:
            warnings.warn(resized_warning(outs[0]._data.shape, shape), UserWarning,
                          stacklevel=4)
    if namespace == "torch" and name == "diag":
        x = args[0] if args else kwargs.get("input")
        shown = "aten::diag_embed" if x.dim() == 1 else "aten::diagonal_copy"
    if namespace == "torch" and name in _FALLBACK_NAMED:
        shown = f"aten::{name}"
    raise TorchRuntimeError(f"{shown}(): functions with out=... arguments don't support "
                            "automatic differentiation, but one of the arguments requires grad.")


def _argsigs():
    from .. import argsigs
    return argsigs


def _parsed_with_out(name: str, args: tuple, kwargs: dict, out, namespace="torch") -> None:
    """PyTorch's parser over the whole call, out= included: its refusal of the first argument
    that fits no signature (`torch.polygamma(x, out=1)` names `n`, not `out`); nothing when
    the signatures of `name` in `namespace` are unknown or PyTorch writes it in Python."""
    from ..argparser import Parser, fits
    key = name if namespace == "torch" else f"{namespace}_{name}"
    parser = _PARSERS.get(key)
    if parser is None:
        from ..callerrors import PYTHON_FUNCTIONS
        table = {"torch": "FUNCTIONS", "linalg": "LINALG", "special": "SPECIAL",
                 "fft": "FFT"}.get(namespace)
        texts = getattr(_argsigs(), table).get(key) if table else None
        python = namespace == "torch" and name in PYTHON_FUNCTIONS
        parser = _PARSERS[key] = Parser(texts) if texts and not python else False
    if parser is False:                 # (none known: the call's own checks speak)
        return
    kwargs = dict(kwargs, out=out)
    if not fits(parser.fast, args, kwargs):
        parser.check(args, kwargs)


_PARSERS: dict = {}


def _check_moment_out(name: str, x, out, all_dims: bool = False) -> None:
    """The kernels' own refusals of an out= dtype: std and var of real numbers along dims
    into a complex out= (their kernel for it is std_cpu's; over all of them the real result
    is cast into it; integers are refused by the op first), logsumexp into a non-float one."""
    from .._tensor import Tensor
    if not isinstance(x, Tensor):
        return
    if name == "logsumexp" and out.dtype.category < 2:
        raise TorchRuntimeError(f"logsumexp(): Expected floating point type for result tensor, "
                                f"but got: {out.dtype.legacy}")
    if name != "logsumexp" and out.dtype.category == 3 and x.dtype.category == 2 \
            and not all_dims:
        from ..errors import TorchNotImplementedError
        raise TorchNotImplementedError(f"\"std_cpu\" not implemented for '{out.dtype.legacy}'")


def _check_reduce_all_out(name: str, fn, args, kwargs, out) -> None:
    """max's and min's refusal of an out= their input can't be cast into (without a dim or
    other), before out= is resized; mean's: without a dim, of an out= its input can't be cast
    into; along dims, a float input into an integer or bool out= is summed into it (resized),
    then refused by the division's cast check (naming the default dtype)."""
    from .. import dtypes
    from .._tensor import Tensor
    x = args[0] if args else kwargs.get("input")
    if not isinstance(x, Tensor) or dtypes.can_cast(x.dtype, out.dtype):
        return
    if name != "mean":
        if len(args) + len(kwargs) == 1:
            raise TorchRuntimeError(
                "Expected canCast( typeMetaToScalarType(self.dtype()), typeMetaToScalarType("
                "out.dtype())) to be true, but got false.  (Could this error message be "
                "improved?  If so, please report an enhancement request to PyTorch.)")
        return
    if (args[1] if len(args) > 1 else kwargs.get("dim")) is None:
        raise TorchRuntimeError(f"mean.dtype_out(): input types can't be cast to the desired "
                                f"output type {out.dtype.legacy}")
    if x.dtype.category == 2 and out.dtype.category < 2 and kwargs.get("dtype") is None:
        _resize_to(out, fn(*args, **kwargs)._data.shape)
        raise TorchRuntimeError(f"result type {dtypes.get_default_dtype().legacy} can't be "
                                f"cast to the desired output type {out.dtype.legacy}")


def _check_gather_out(args, kwargs, out) -> None:
    """gather's out= sharing memory with its input: refused after out was resized to the
    index's shape (gather's meta function resizes, the kernel then checks the overlap)."""
    from .._tensor import Tensor
    from .views import check_inputs
    x = args[0] if args else kwargs["input"]
    try:
        check_inputs(out._data, [x._data], full=True)
    except TorchRuntimeError:
        index = args[2] if len(args) > 2 else kwargs.get("index")
        if isinstance(index, Tensor):
            _resize_to(out, index._data.shape, stacklevel=6)
        raise


def _resize_to(out, shape, stacklevel: int = 5) -> None:
    """out= resized to `shape`, with PyTorch's warning when it held elements."""
    if out._data.shape != shape:
        if out._data.size:
            warnings.warn(resized_warning(out._data.shape, shape), UserWarning,
                          stacklevel=stacklevel)
        from .creation import resize_memory
        resize_memory(out, shape)


def _check_nansum_out(name: str, x, out, dtype_given: bool = False) -> None:
    """nansum_out's and nanmean_out's own refusals: floats into an integer or bool out= (its
    float kernel has none) unless a dtype= speaks, nanmean of integers (whatever the dtype=)."""
    from .._tensor import Tensor
    if not isinstance(x, Tensor):
        return
    if name == "nanmean" and x.dtype.category < 2:
        raise TorchRuntimeError("nanmean(): integral types and 'Bool' are not supported for "
                                "nanmean, even for empty tensors.")
    if not dtype_given and x.dtype.category == 2 and out.dtype.category < 2:
        from ..errors import TorchNotImplementedError
        raise TorchNotImplementedError(f"\"nansum_cpu\" not implemented for "
                                       f"'{out.dtype.legacy}'")


def _resize_before_kernel(x, out) -> None:
    """cumsum's and cumprod's out= is resized to the input's shape (with the warning) before
    their kernel refuses its dtype."""
    from .._tensor import Tensor
    if isinstance(x, Tensor) and out._data.size and out._data.shape != x._data.shape:
        warnings.warn(resized_warning(out._data.shape, x._data.shape), UserWarning,
                      stacklevel=4)


def _refuse_out_dtype(name: str, x, dtype, out_dtype) -> None:
    """A dtype= beside out= must be out's dtype: nansum's (and nanmean's) own check for a
    floating input (nansum of integers is sum), the structured kernels' resize_out for the
    others (after the op's own dtype checks)."""
    if name in ("nansum", "nanmean") and getattr(x, "dtype", None) is not None \
            and x.dtype.category >= 2:
        raise TorchRuntimeError(f"nansum: provided dtype must match dtype of result. Got "
                                f"{out_dtype.legacy} and {dtype.legacy}.")
    raise TorchRuntimeError(_expected_out(dtype, out_dtype, 0))


def _cpp(d) -> str:
    from .._tensor import _CPP_NAMES
    return _CPP_NAMES[d.name]


def _expected_out(result, out, i) -> str:
    """A structured kernel's resize_out: out= must have the result's dtype exactly."""
    return f"Expected out tensor to have dtype {_cpp(result)}, but got {_cpp(out)} instead"


def _median_out(result, out, i) -> str:
    if i:
        return (f"Expected tensor for argument #1 'indices' to have scalar type Long; but got "
                f"torch.{out.legacy}Tensor instead (while checking arguments for median)")
    return (f"Expected tensor for 'values' to have the same type as tensor for argument #2 "
            f"'self'; but type torch.{out.legacy}Tensor does not equal "
            f"torch.{result.legacy}Tensor (while checking arguments for median)")


def _searchsorted_out(result, out, i) -> str:
    return ("torch.searchsorted(): output tensor's dtype is wrong, it can only be Int(int32) "
            "or Long(int64) depending on whether out_int32 flag is True, but we got output "
            f"tensor's dtype {out.legacy} and out_int32 flag is {result.name == 'int32'}")


# ops whose out= PyTorch refuses unless of the result's dtype (the others cast into it),
# each with the words of its check: (result's dtype, out's, output number) -> message; max
# and min with a dim only (a tuple out=), not those without one
_OUT_DTYPE_TEXTS = {"torch": {
    **dict.fromkeys("""argmax argmin max min aminmax sort topk msort mm bmm matmul addmm tril triu
        softmax log_softmax cross index_add scatter scatter_add gather renorm diag inverse
        take_along_dim matrix_power addmv baddbmm""".split(), _expected_out),
    "addbmm": lambda r, o, i: (f"self and mat2 must have the same dtype, but got {o.legacy} "
                               f"and {r.legacy}"),      # (out= is the self of its addmm_)
    "chain_matmul": lambda r, o, i: (f"multi_dot(): expected out tensor to have dtype "
                                     f"{_cpp(r)} but got {_cpp(o)}"),
    **dict.fromkeys(("cummax", "cummin", "logcumsumexp"), lambda r, o, i: (
        f"expected scalar_type {r.legacy} but found {o.legacy}")),
    **{f: (lambda r, o, i, f=f: f"Expected the dtype for input and out to match, but got "
                                f"{r.legacy} for input's dtype and {o.legacy} for out's dtype.")
       for f in ("amax", "amin")},
    **{f: (lambda r, o, i, f=f: f"{f}(): self and result must have the same scalar type")
       for f in ("masked_select", "index_select")},
    "take": lambda r, o, i: (f"take(): self and out expected to have the same dtype, but got "
                             f"self.dtype = {r.legacy} and out.dtype = {o.legacy}"),
    **dict.fromkeys(("dot", "vdot"), lambda r, o, i: (
        f"result dtype {o.legacy} does not match input dtype {r.legacy}")),
    **dict.fromkeys(("tensordot", "inner"), lambda r, o, i: (
        f"tensordot: Expected the output tensor to have dtype {r.legacy}, but got an output "
        f"tensor with dtype {o.legacy}")),
    **dict.fromkeys(("polar", "complex"), lambda r, o, i: (
        f"Expected object of scalar type {r.legacy} but got scalar type {o.legacy} for "
        f"argument 'out'")),
    "nonzero": lambda r, o, i: (f"nonzero: Expected out tensor to have scalar type Long but "
                                f"got scalar type{o.legacy}"),
    "kthvalue": lambda r, o, i: ("output indices must be of scalar type Long" if i else
                                 "output values must be of same type as input"),
    "mode": lambda r, o, i: (f"expected scalar type '{r.legacy}' but got '{o.legacy}' for "
                             f"{'indices' if i else 'values'} output"),
    **dict.fromkeys(("median", "nanmedian"), _median_out),
    **dict.fromkeys(("searchsorted", "bucketize"), _searchsorted_out),
    "histogram": lambda r, o, i: (
        f"torch.histogram: input tensor and {'bin_edges' if i else 'hist'} tensor should have "
        f"the same dtype, but got input {_cpp(r)} and {'bin_edges' if i else 'hist'} "
        f"{_cpp(o)}{' for dimension 0' if i else ''}"),
    "histc": lambda r, o, i: (f"torch.histogram: input tensor and hist tensor should have the "
                              f"same dtype, but got input {_cpp(r)} and hist {_cpp(o)}"),
    "isin": _expected_out,
    **dict.fromkeys(("quantile", "nanquantile"), lambda r, o, i: (
        "quantile() out tensor must be same dtype as the input tensor")),
    # TensorIterator ops that keep their input's dtype (no promotion into out=)
    **dict.fromkeys("""abs absolute ceil clamp clamp_max clamp_min clip conj_physical fix floor
        frac neg negative round sgn sign trunc bitwise_not hardshrink""".split(),
        lambda r, o, i: f"Found dtype {o.legacy} but expected {r.legacy}"),
    "nan_to_num": lambda r, o, i: (f"nan_to_num: dtype of out: {o.legacy} should be same as "
                                   f"input: {r.legacy}"),
    "where": lambda r, o, i: f"Expected out type to be {r.legacy} but got {o.legacy}",
    "heaviside": lambda r, o, i: "heaviside is not yet implemented for tensors with different "
                                 "dtypes.",
    **{f: (lambda r, o, i, f=f: f"{f} does not support non-boolean outputs.")
       for f in ("isneginf", "isposinf", "signbit")},
    "multinomial": lambda r, o, i: f"multinomial expects Long tensor out, got: {o.legacy}",
    "float_power": lambda r, o, i: (f"the output given to float_power has dtype {o.legacy} but "
                                    f"the operation's result requires dtype {r.legacy}"),
    "mv": lambda r, o, i: (f"addmv input tensors must have the same dtype, but got "
                           f"{o.legacy}, {r.legacy}, and {r.legacy}"),
}, "linalg": {
    **dict.fromkeys("""vector_norm cross det inv solve cholesky eigvalsh svdvals matrix_power
        matmul slogdet qr eigh linalg_vector_norm svd lu lu_factor lu_factor_ex inv_ex
        cholesky_ex solve_ex""".split(), _expected_out),   # (linalg_vector_norm:
    # torch.norm's out=)
    "solve_triangular": lambda r, o, i: f"expected scalar type {r.legacy} but found {o.legacy}",
    **{f: (lambda r, o, i, f=f: f"linalg.{f} expected out tensor dtype {r.legacy} but got: "
                                f"{o.legacy}") for f in ("norm", "matrix_norm")},
    "vecdot": lambda r, o, i: (f"linalg.vecdot: Expected out of dtype{r.legacy} but found "
                               f"{o.legacy}"),
    "multi_dot": lambda r, o, i: (f"multi_dot(): expected out tensor to have dtype {_cpp(r)} but "
                                  f"got {_cpp(o)}"),
}}
# linalg ops that cast into out= what can be cast safely (same kind or higher), refusing the
# rest in their words: name -> (the function named, each output's name); matrix_power (torch's
# too) then wants its result's dtype exactly (_OUT_DTYPE_TEXTS) but for A^0 and A^1, which it
# copies; cond, tensorinv and tensorsolve check before anything else, from their input's
# dtype (`_check_castable_first`)
_OUT_CASTABLE = {
    "pinv": ("linalg.pinv", ("result",)), "cond": ("linalg.cond", ("result",)),
    "householder_product": ("torch.linalg.householder_product", ("result",)),
    "tensorinv": ("tensorinv", ("result",)), "tensorsolve": ("tensorsolve", ("result",)),
    "matrix_power": ("matrix_power", ("result",)),
    "cholesky_inverse": ("cholesky_inverse", ("result",)),
    "eigvals": ("torch.linalg.eigvals", ("eigenvalues",)),
    "eig": ("torch.linalg.eig", ("eigenvalues", "eigenvectors")),
}


def _check_castable(name: str, i: int, result, out) -> None:
    from .. import dtypes
    if not dtypes.can_cast(result, out):
        fname, fields = _OUT_CASTABLE[name]
        raise TorchRuntimeError(f"{fname}: Expected {fields[i]} to be safely castable from "
                                f"{result.legacy} dtype, but got {fields[i]} with dtype "
                                f"{out.legacy}")


def _check_castable_first(name: str, args, kwargs, out) -> None:
    """cond's, tensorinv's and tensorsolve's check of out='s dtype against their input's
    (cond: its real counterpart), before they look at shapes."""
    from .._tensor import Tensor
    x = args[0] if args else kwargs.get("input", kwargs.get("A"))
    if isinstance(x, Tensor) and x.dtype.category >= 2:
        result = x.dtype.to_real() if name == "cond" else x.dtype
        _check_castable(name, 0, result, out.dtype)


# TensorIterator's unary ops of one dtype for input and output (check_all_same_dtype): an out=
# of another is refused when the iterator is built, before the kernel's dtype dispatch (a
# float bitwise_not with an int out= is "Found dtype", not "not implemented"); the value: the
# input dtypes their own checks refuse first (ceil's of a complex input, neg's of a bool)
_SAME_DTYPE_UNARY = {
    **dict.fromkeys("bitwise_not conj_physical frac hardshrink round sgn".split(), ()),
    **dict.fromkeys(("abs", "absolute"), ("complex64", "complex128")),     # (a real result)
    **dict.fromkeys("ceil fix floor sign trunc".split(), ("complex64", "complex128")),
    **dict.fromkeys(("neg", "negative"), ("bool",)),
}


def _check_same_dtype(name: str, input, out) -> None:
    from .._tensor import Tensor
    if isinstance(input, Tensor) and input.dtype is not out.dtype and (
            input.dtype.name not in _SAME_DTYPE_UNARY[name]
            or name in ("abs", "absolute") and out.dtype.is_complex):   # (complex to complex)
        raise TorchRuntimeError(f"Found dtype {out.dtype.legacy} but expected "
                                f"{input.dtype.legacy}")


# composites whose inner kernels refuse complex numbers before any out= is looked at
_COMPOSITES = frozenset(("mvlgamma", "multigammaln", "ndtr"))


def _complex_cast_first(args, kwargs, out) -> None:
    """A kernel without complex numbers given a complex input and an out= its dtype can't be
    cast to: TensorIterator refuses the cast when it is built, before the kernel's dispatch
    (`torch.erf(z, out=float_tensor)`)."""
    from .. import dtypes
    from .._tensor import Tensor
    x = next((v for v in [*args, *kwargs.values()] if isinstance(v, Tensor)), None)
    if x is not None and x.dtype.is_complex and not dtypes.can_cast(x.dtype, out.dtype):
        raise TorchRuntimeError(f"result type {x.dtype.legacy} can't be cast to the desired "
                                f"output type {out.dtype.legacy}") from None


# TensorIterator's binary ops whose kernels refuse some dtypes: an out= their result type
# can't be cast to is refused when the iterator is built, before the kernel's dispatch
_CAST_CHECKED_FIRST = {
    "torch": frozenset("""bitwise_and bitwise_or bitwise_xor bitwise_left_shift
        bitwise_right_shift gcd lcm floor_divide remainder fmod hypot nextafter logaddexp
        logaddexp2 igamma igammac diff""".split()),
}
# the same for ops whose iterator promotes integers to the default float dtype first
_CAST_CHECKED_FIRST_FLOAT = {
    "torch": frozenset("atan2 arctan2 copysign xlogy".split()),
    "special": frozenset(("xlogy", "xlog1py"))}


def _check_cast(args, kwargs, out, to_float: bool = False) -> None:
    from .. import dtypes
    from .._tensor import Tensor
    values = [*args, *kwargs.values()][:2]
    if not any(isinstance(v, Tensor) for v in values) or \
            not all(isinstance(v, (Tensor, bool, int, float, complex)) for v in values):
        return                                  # (the op's own refusal)
    try:                # the iterator's shapes come first: a broadcast error is the op's
        np.broadcast_shapes(*(v.shape for v in values if isinstance(v, Tensor)))
    except ValueError:
        return
    rt = dtypes.result_type([(v.dtype, v.dim()) for v in values if isinstance(v, Tensor)],
                            [v for v in values if not isinstance(v, Tensor)])
    if to_float and rt.category < 2:
        rt = dtypes.get_default_dtype()
    if not dtypes.can_cast(rt, out.dtype):
        raise TorchRuntimeError(f"result type {rt.legacy} can't be cast to the desired output "
                                f"type {out.dtype.legacy}")


def _casts_into(name: str, args, kwargs) -> bool:
    """Whether an op of _OUT_DTYPE_TEXTS casts into out= in this call, as other TensorIterator
    ops do (an out= the result can't be cast to is "result type ... can't be cast"): clamp's
    overloads of tensor bounds (ATen's clamp.Tensor promotes; those of number bounds keep
    their input's dtype), abs of a complex input (its real result)."""
    from .._tensor import Tensor
    if name in ("clamp", "clamp_min", "clamp_max", "clip"):
        return any(isinstance(v, Tensor) for v in list(args[1:]) + list(kwargs.values()))
    if name in ("abs", "absolute"):
        x = args[0] if args else kwargs.get("input")
        return isinstance(x, Tensor) and x.dtype.is_complex
    return False
# ops whose dtype= defaults to out's dtype (ATen's infer_dtype_from_optional): they compute
# in it (`torch.sum(floats, 1, out=longs)` sums the truncated values)
_OUT_DTYPE_IS_DTYPE = frozenset("sum prod cumsum cumprod nansum nanmean".split())
# all and any write a bool or uint8 out= only (either, whatever their input)
_BOOL_OR_BYTE = frozenset(("all", "any"))
# ATen's cat (which these call) refuses an out= its inputs cannot be cast into in its own
# words (a TypeError)
_CATS = frozenset("cat concat concatenate stack hstack vstack dstack column_stack row_stack"
                  .split())


# ATen's cat (and the stacks that are cats) checks its out= for overlap after resizing it, and
# refuses an input that is out itself (even an empty one), not only one sharing part of it
_CATS_AFTER_RESIZE = _CATS - {"stack"}


def _cat_overlap(out, inputs):
    """The check to run on `out` once resized: an input that is out itself or shared its memory
    before the resize (a view of it keeps sharing it in PyTorch, where gradcli's resize gives
    out new memory) or shares it now."""
    from .views import PARTIAL_OVERLAP, check_write, overlap
    inputs = list(inputs)
    shared = any(t is out or overlap(out._data, t._data) for t in inputs)

    def check(out):
        if not out._data.size:          # (its kernel returns first for an empty result)
            return
        if shared:
            raise TorchRuntimeError(PARTIAL_OVERLAP)
        check_write(out._data, [t._data for t in inputs], full=True)
    return check


def _stack_reread(out, args, kwargs):
    """The check to run on stack's `out` once resized, when it is one of the inputs: ATen's
    stack_out reads its inputs again after the resize. Stacking along an existing dim, it
    cats into a view of out of the first input's (new) size, which fails unless out is empty:
    out first fails the stack's size check against the others, out later cat's rank check;
    along the new last dim, the cat of the inputs' views into out overlaps it."""
    tensors = list(args[0] if args else kwargs.get("tensors"))
    if not any(t is out for t in tensors):
        return None
    dim = args[1] if len(args) > 1 else kwargs.get("dim", 0)
    rank = tensors[0]._data.ndim
    last = (dim if dim >= 0 else dim + rank + 1) == rank

    def check(out):
        from .shape import _shape_str
        if not out._data.size:          # (an empty result: nothing read, nothing refused)
            return
        if last:
            from .views import PARTIAL_OVERLAP
            raise TorchRuntimeError(PARTIAL_OVERLAP)
        first = tensors[0]._data.shape
        for i, t in enumerate(tensors[1:], 1):
            shape = t._data.shape
            if tensors[0] is out and shape != first:
                raise TorchRuntimeError(
                    f"stack expects each tensor to be equal size, but got {_shape_str(first)} "
                    f"at entry 0 and {_shape_str(shape)} at entry {i}")
            if len(shape) != len(first):
                raise TorchRuntimeError(f"Tensors must have same number of dimensions: got "
                                        f"{len(first)} and {len(shape)}")
    return check


def _copies_power(name: str, namespace: str, args, kwargs) -> bool:
    """Whether this is matrix_power's A^0 or A^1, which it copies into out= (casting)
    instead of multiplying into it."""
    if namespace not in ("torch", "linalg") or name != "matrix_power":
        return False
    n = args[1] if len(args) > 1 else kwargs.get("n")
    return isinstance(n, int) and n in (0, 1)


def _check_out_dtypes(name: str, namespace: str, many: bool, outs, results,
                      exact: bool = True) -> tuple:
    """The results to write, after PyTorch's refusal of an out= tensor not of its result's
    dtype for the ops that check it (`_OUT_DTYPE_TEXTS`; not when `exact` is False), the
    outputs in order."""
    if namespace == "torch" and name in _BOOL_OR_BYTE:
        if outs[0].dtype.name not in ("bool", "uint8"):
            raise TorchRuntimeError(f"{name} only supports bool tensor for result, got: "
                                    f"{outs[0].dtype.legacy}")
        return tuple(r.to(o.dtype) for o, r in zip(outs, results))
    if namespace == "torch" and name in _CATS:
        from .. import dtypes
        if not dtypes.can_cast(results[0].dtype, outs[0].dtype):
            raise TorchTypeError(f"torch.cat(): input types can't be cast to the desired output "
                                 f"type {outs[0].dtype.legacy}")
    if name in _OUT_CASTABLE and (namespace == "linalg" or name in ("matrix_power",
                                                                    "cholesky_inverse")):
        for i, (o, r) in enumerate(zip(outs, results)):
            _check_castable(name, i, r.dtype, o.dtype)
    text = _OUT_DTYPE_TEXTS.get(namespace, {}).get(name)
    if text is not None and exact and (many or name not in ("max", "min", "median", "nanmedian")):
        for i, (o, r) in enumerate(zip(outs, results)):
            if o.dtype is not r.dtype:
                raise TorchRuntimeError(text(r.dtype, o.dtype, i))
    return results


# ops whose out= overload ATen generates from the functional op (the view copies'
# `*_copy.out`; diag's, which is diagonal_copy's or diag_embed's): out= is resized to the
# result (with the warning), then must have the result's dtype exactly (copy_arg)
_RESIZED_THEN_CHECKED = frozenset([n for n in _NAMES["torch"].split() if n.endswith("_copy")
                                   and not n.startswith("split")] + ["diag"])


def _resize_then_check(name: str, args, kwargs, outs, results) -> None:
    """The refusal of an out= not of its result's dtype by a generated out= overload, after
    out= is resized (each of a list in turn; a 1-D input's diag first refuses an out= it
    can't cast into)."""
    if all(o.dtype is r.dtype for o, r in zip(outs, results)):
        return
    if name == "diag":
        from .. import dtypes
        x = args[0] if args else kwargs.get("input")
        if x.dim() == 1 and not dtypes.can_cast(results[0].dtype, outs[0].dtype):
            raise TorchRuntimeError(f"diag: result type {results[0].dtype.legacy} can't be "
                                    f"cast to the desired out= type {outs[0].dtype.legacy}")
    for o, r in zip(outs, results):
        _resize_to(o, r._data.shape)
        if o.dtype is not r.dtype:
            raise TorchRuntimeError(_expected_out(r.dtype, o.dtype, 0))


# TensorIterator ops that compute in their inputs' common dtype and cast into out=: an out=
# of another dtype is written through a temporary, both resized (PyTorch warns twice)
_CAST_INTO = frozenset("""add sub mul div true_divide divide multiply subtract remainder fmod
    pow atan2 arctan2 hypot maximum minimum lerp addcmul addcdiv xlogy copysign logaddexp
    bitwise_and exp log sqrt rsqrt sin cos tan tanh sigmoid erf diff""".split())
_COMPARISONS = frozenset("eq ne lt le gt ge".split())


def _through_temporary(name: str, namespace: str, args, kwargs, out, result) -> bool:
    if namespace != "torch" or name not in _CAST_INTO | _COMPARISONS:
        return False
    computed = result.dtype
    if name in _COMPARISONS:            # (they compute in their inputs' dtype, give bools)
        if out.dtype.name == "bool":
            return False
        from .. import dtypes
        from .._tensor import Tensor
        values = list(args) + list(kwargs.values())
        computed = dtypes.result_type(
            [(v.dtype, v.dim()) for v in values if isinstance(v, Tensor)],
            [v for v in values if isinstance(v, (bool, int, float, complex))])
    return computed is not out.dtype


def _check_overlap(name: str, namespace: str, args, kwargs, outs) -> None:
    """PyTorch's refusal of an out= sharing an input's memory (of one whose elements share
    memory): in part, or for some ops in full; sort and kthvalue check their values only."""
    from .views import check_inputs, check_write
    inputs = [t._data for t in _tensors(args, kwargs, ())]
    torch_op = namespace == "torch"
    full = torch_op and name in _FULL_OVERLAP_CHECK
    for o in outs[:1] if torch_op and name in _VALUES_OVERLAP_ONLY else outs:
        check_write(o._data, inputs)
        if full and name == "gather":       # (its index may be out itself)
            _check_gather_out(args, kwargs, o)
        elif full:
            check_inputs(o._data, inputs, full=True)


def _checks_overlap(name: str, namespace: str, many: bool) -> bool:
    """Whether PyTorch's `namespace`.`name` refuses an out= partly sharing an input's
    memory."""
    if namespace == "linalg":
        return name == "cross"
    if many and name in ("max", "min", "median", "nanmedian"):
        return True
    return name not in _NO_OVERLAP_CHECK.get(namespace, ())


def _tensors(args, kwargs, outs):
    from .._tensor import Tensor
    todo = list(args) + list(kwargs.values()) + list(outs)
    while todo:
        v = todo.pop()
        if isinstance(v, Tensor):
            yield v
        elif isinstance(v, (list, tuple)):
            todo.extend(v)


def _factory_dtype(kwargs: dict, out) -> dict:
    """A factory's keyword arguments with out's dtype (PyTorch's error for another one)."""
    from .. import dtypes
    asked = kwargs.get("dtype")
    if asked is not None and dtypes.to_dtype(asked) is not out.dtype:
        raise TorchRuntimeError(f"dtype {dtypes.to_dtype(asked).legacy} does not match dtype "
                                f"of out parameter ({out.dtype.legacy})")
    return dict(kwargs, dtype=out.dtype)


def _range_warning(out, result) -> str:
    shape = ", ".join(map(str, out._data.shape))
    return (f"The number of elements in the out tensor of shape [{shape}] is {out._data.size} "
            f"which does not match the computed number of elements {result._data.size}. Note "
            f"that this may occur as a result of rounding error. The out tensor will be resized "
            f"to a tensor of shape ({result._data.size},). (Triggered internally at "
            f"/__w/pytorch/pytorch/aten/src/ATen/native/RangeFactories.cpp:199.)")


def _write_into(out, result, warning: str | None | bool = True, times: int = 1,
                check=None) -> None:
    """Copy `result` into `out`, resizing `out` first to result's shape (PyTorch warns when
    out held elements, `times` times; `warning`: another text, or None for a factory's silent
    resize_); `check(out)`, if given, runs between the resize and the copy."""
    from .core import _write
    shape = result._data.shape
    resized = out._data.shape != shape
    if resized:
        if isinstance(warning, str):
            warnings.warn(warning, UserWarning, stacklevel=4)
        elif warning and out._data.size:
            for _ in range(times):
                warnings.warn(resized_warning(out._data.shape, shape), UserWarning,
                              stacklevel=4)
        from .creation import resize_memory
        resize_memory(out, shape)
    if check is not None:
        check(out)
    _write(out, result)
    if out._requires_grad and not resized:      # (a write under no_grad, as an in-place op's)
        from .core import _regenerate_views
        _regenerate_views(out._base if out._base is not None else out)


# the place of (input, dim, keepdim) among the arguments of the reductions whose out=
# ATen unsqueezes at dim before resizing it to the keepdim shape (and squeezes after)
_UNSQUEEZED_OUT = {"kthvalue": (0, 2, 3), "mode": (0, 1, 2)}


def _unsqueezed_warning(name: str, namespace: str, args, kwargs, out) -> str | bool:
    """The resize warning of kthvalue's and mode's out= without keepdim: ATen unsqueezes out
    at dim first (kthvalue only when out has one dimension fewer than the input) and resizes
    it to the keepdim shape, which the warning names; True (the plain warning) otherwise."""
    if namespace != "torch" or name not in _UNSQUEEZED_OUT or not out._data.size:
        return True
    at = _UNSQUEEZED_OUT[name]
    given = [args[i] if i < len(args) else kwargs.get(key, default) for i, key, default in
             zip(at, ("input", "dim", "keepdim"), (None, -1, False))]
    x, dim, keepdim = given
    if keepdim or x is None or not x._data.ndim:
        return True
    d = dim % x._data.ndim
    required = list(x._data.shape)
    required[d] = 1
    had = list(out._data.shape)
    if (name == "mode" or len(had) == len(required) - 1) and d <= len(had):
        had.insert(d, 1)
    return resized_warning(had, required) if had != required else False


def resized_warning(had, required) -> str:
    """ATen's warning for an output of `had` elements resized to the shape `required`."""
    return (f"An output with one or more elements was resized since it had shape "
            f"[{', '.join(map(str, had))}], which does not match the required output shape "
            f"[{', '.join(map(str, required))}]. This behavior is deprecated, and in a future "
            "PyTorch release outputs will not be resized unless they have zero elements. You "
            "can explicitly reuse an out tensor t by resizing it, inplace, to zero elements "
            "with t.resize_(0). (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/"
            "native/Resize.cpp:30.)")
