"""`torch.testing.assert_close`: two tensors (or numbers, or sequences of them) equal up to
the tolerances of their dtype, with PyTorch's messages for what differs."""
from __future__ import annotations

import math

import numpy as np

from ._tensor import Tensor
from .errors import TorchTypeError, TorchValueError

# {numpy dtype: (rtol, atol)}: torch.testing's defaults; other dtypes compare exactly
_PRECISIONS = {np.dtype(np.float16): (0.001, 1e-5), np.dtype(np.float32): (1.3e-6, 1e-5),
               np.dtype(np.float64): (1e-7, 1e-7), np.dtype(np.complex64): (1.3e-6, 1e-5),
               np.dtype(np.complex128): (1e-7, 1e-7)}
_NUMBERS = (bool, int, float)


def assert_close(actual, expected, *, allow_subclasses=True, rtol=None, atol=None,
                 equal_nan=False, check_device=True, check_dtype=True, check_layout=True,
                 check_stride=False, msg=None):
    """Raise AssertionError unless `actual` and `expected` are close: |a - e| <= atol +
    rtol * |e| elementwise (nan equal to nan with equal_nan), same shape and (with
    check_dtype) dtype; sequences and dicts item by item."""
    if (rtol is None) != (atol is None):
        raise TorchValueError(
            f"Both 'rtol' and 'atol' must be either specified or omitted, but got no "
            f"{'rtol' if rtol is None else 'atol'}.")
    work = [(actual, expected, ())]
    while work:
        a, e, where = work.pop()
        if isinstance(a, (list, tuple)) and isinstance(e, (list, tuple)):
            if len(a) != len(e):
                _fail(f"The length of the sequences mismatch: {len(a)} != {len(e)}", where, msg)
            work.extend((x, y, where + (i,)) for i, (x, y) in reversed(list(enumerate(zip(a, e)))))
        elif isinstance(a, dict) and isinstance(e, dict):
            if set(a) != set(e):
                _fail(f"The keys of the mappings do not match:\nMissing keys in the actual "
                      f"mapping: {sorted(set(e) - set(a))}\nExtra keys in the actual mapping: "
                      f"{sorted(set(a) - set(e))}", where, msg)
            work.extend((a[k], e[k], where + (k,)) for k in reversed(sorted(e)))
        elif isinstance(a, Tensor) and isinstance(e, Tensor):
            _tensors(a, e, rtol, atol, equal_nan, check_dtype, where, msg)
        elif isinstance(a, _NUMBERS) and isinstance(e, _NUMBERS):
            if check_dtype and type(a) is not type(e):
                _fail(f"The (d)types do not match: {type(a)} != {type(e)}.", where, msg)
            _numbers(a, e, rtol, atol, equal_nan, where, msg)
        else:
            raise TorchTypeError(f"No comparison pair was able to handle inputs of type "
                                 f"{_type_repr(a)} and {_type_repr(e)}.")
    return None


def _type_repr(v) -> str:
    if isinstance(v, Tensor):
        return "<class 'torch.Tensor'>" if type(v) is Tensor else \
            "<class 'torch.nn.parameter.Parameter'>"
    return repr(type(v))


def _fail(text: str, where: tuple, msg) -> None:
    if where:
        text += f"\n\nThe failure occurred for item {''.join(str([k]) for k in where)}"
    if msg is not None:
        text = msg(text) if callable(msg) else msg
    raise AssertionError(text)


def _tolerances(rtol, atol, *dtypes) -> tuple:
    if rtol is not None:
        return float(rtol), float(atol)
    pairs = [_PRECISIONS.get(d, (0.0, 0.0)) for d in dtypes]
    return max(p[0] for p in pairs), max(p[1] for p in pairs)


def _tensors(a: Tensor, e: Tensor, rtol, atol, equal_nan, check_dtype, where, msg) -> None:
    if a._data.shape != e._data.shape:
        _fail(f"The values for attribute 'shape' do not match: {a.shape} != {e.shape}.",
              where, msg)
    if check_dtype and a.dtype != e.dtype:
        _fail(f"The values for attribute 'dtype' do not match: {a.dtype} != {e.dtype}.",
              where, msg)
    rtol, atol = _tolerances(rtol, atol, a._data.dtype, e._data.dtype)
    x, y = a._data, e._data
    if x.dtype != y.dtype:
        common = np.result_type(x, y)
        x, y = x.astype(common), y.astype(common)
    with np.errstate(all="ignore"):
        matches = np.asarray(np.isclose(x, y, rtol, atol, equal_nan))
    if matches.all():
        return
    if x.ndim == 0:
        _fail(_scalar_message(x.item(), y.item(), rtol, atol), where, msg)
    integral = x.dtype.kind not in "fc"
    if integral:
        x, y = x.astype(np.int64), y.astype(np.int64)
    with np.errstate(all="ignore"):
        diff = np.abs(x.ravel() - y.ravel())
        diff[matches.ravel()] = 0
        rel = diff / np.abs(y.ravel())
        if integral:                        # PyTorch's integer quotient: float32
            rel = rel.astype(np.float32)
        rel[matches.ravel()] = 0
    total, bad = matches.size, matches.size - int(matches.sum())
    text = (f"Tensor-likes are not {'equal' if rtol == 0 and atol == 0 else 'close'}!\n\n"
            f"Mismatched elements: {bad} / {total} ({bad / total:.1%})\n"
            + _diff_line("absolute", diff, matches.shape, atol, rtol == 0 and atol == 0)
            + _diff_line("relative", rel, matches.shape, rtol, rtol == 0 and atol == 0))
    _fail(text.strip(), where, msg)


def _diff_line(kind: str, values: np.ndarray, shape: tuple, tol: float, equality: bool) -> str:
    nan = np.isnan(values)                  # torch.max's answer: the first nan, if any
    flat = int(np.argmax(nan if nan.any() else values))
    index = tuple(int(i) for i in np.unravel_index(flat, shape)) if shape else ()
    value = values[flat].item()
    line = f"Greatest {kind} difference: {value} at index {index}"
    return line + ("" if equality else f" (up to {tol} allowed)") + "\n"


def _numbers(a, e, rtol, atol, equal_nan, where, msg) -> None:
    kinds = [float if isinstance(v, float) else int for v in (a, e)]
    dtypes = [np.dtype(np.float64) if k is float else np.dtype(np.int64) for k in kinds]
    rtol, atol = _tolerances(rtol, atol, *dtypes)
    if a == e or (equal_nan and a != a and e != e):
        return
    if not (isinstance(a, float) and math.isnan(a)) and abs(a - e) <= atol + rtol * abs(e) \
            and math.isfinite(a) and math.isfinite(e):
        return
    _fail(_scalar_message(a, e, rtol, atol), where, msg)


def _scalar_message(a, e, rtol, atol) -> str:
    diff = abs(a - e)
    rel = float("inf") if e == 0 else diff / abs(e)
    equality = rtol == 0 and atol == 0
    tail_a = "" if equality else f" (up to {atol} allowed)"
    tail_r = "" if equality else f" (up to {rtol} allowed)"
    return (f"Scalars are not {'equal' if equality else 'close'}!\n\nExpected {e} but got {a}.\n"
            f"Absolute difference: {diff}{tail_a}\nRelative difference: {rel}{tail_r}")


_ALLCLOSE_PRECISIONS = {np.dtype(np.float16): (1e-3, 1e-3), np.dtype(np.float32): (1e-4, 1e-5),
                        np.dtype(np.float64): (1e-5, 1e-8)}


def assert_allclose(actual, expected, rtol=None, atol=None, equal_nan=True, msg=""):
    """The deprecated torch.testing.assert_allclose, as PyTorch keeps it: its FutureWarning,
    numbers made tensors (expected in actual's dtype), its own looser default tolerances,
    then assert_close without the dtype check."""
    import warnings
    from .ops.creation import tensor
    warnings.warn("`torch.testing.assert_allclose()` is deprecated since 1.12 and will be "
                  "removed in a future release. Please use `torch.testing.assert_close()` "
                  "instead. You can find detailed upgrade instructions in "
                  "https://github.com/pytorch/pytorch/issues/61844.", FutureWarning,
                  stacklevel=2)
    if not isinstance(actual, Tensor):
        actual = tensor(actual)
    if not isinstance(expected, Tensor):
        expected = tensor(expected, dtype=actual.dtype)
    if rtol is None and atol is None:
        pairs = [_ALLCLOSE_PRECISIONS.get(t._data.dtype, (0.0, 0.0))
                 for t in (actual, expected)]
        rtol, atol = max(p[0] for p in pairs), max(p[1] for p in pairs)
    return assert_close(actual, expected, rtol=rtol, atol=atol, equal_nan=equal_nan,
                        check_device=True, check_dtype=False, check_stride=False,
                        msg=msg or None)

