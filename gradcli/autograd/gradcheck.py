"""`gradcheck` and `gradgradcheck`: analytic derivatives against central differences.

As in PyTorch: the numerical Jacobian perturbs each input element by +-eps (in the input's
own dtype, so pass float64 inputs) and the analytical Jacobian takes one backward pass per
output element; they must agree elementwise within `atol + rtol * |numerical|`. `fast_mode`
compares the scalars v^T J u for random unit vectors u and v instead (one directional
difference and one backward pass per input/output pair), and on failure recomputes the full
Jacobians for the report; its random vectors are PyTorch's (a fresh Generator), so its numbers
are too. `check_forward_ad` compares forward-mode AD the same ways; `check_undefined_grad`
(on by default, as there) runs backward with undefined output gradients, which must give
None or zeros. `gradgradcheck` runs gradcheck on the function that returns the gradients
(built with `create_graph=True`) of `func`, with random `grad_outputs`.
Complex functions are checked as in PyTorch (conjugate Wirtinger derivatives): a complex
input's numerical column is d/dx + 1j d/dy, a function with complex outputs is checked twice,
with the imaginary then the real part of those outputs (real functions of its inputs), and
forward mode checks a function of complex inputs as functions of their imaginary and real
parts; a mismatch message then names the part.
A failure raises `GradcheckError` with PyTorch's message; its hint names the function.
"""
from __future__ import annotations

import warnings

import numpy as np

from .._tensor import Tensor
from ..errors import TorchRuntimeError, TorchValueError
from . import grad_mode
from .engine import grad as _grad
from .function import Function

__all__ = ["GradcheckError", "gradcheck", "gradgradcheck", "jacobians"]


class GradcheckError(TorchRuntimeError):
    """An analytical derivative disagrees with the numerical one."""

    def __init__(self, message, *, function=None, output=None, input=None, numerical=None,
                 analytical=None):
        hint = f"in function {_name_of(function)}" if function is not None else None
        super().__init__(message, hint=hint)
        self.function, self.output_index, self.input_index = function, output, input
        self.numerical, self.analytical = numerical, analytical


def _name_of(fn) -> str:
    return getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or repr(fn)


def _as_tuple(x) -> tuple:
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def _diff_inputs(inputs):
    return [t for t in inputs if isinstance(t, Tensor) and t.requires_grad]


def _tensor_outputs(out) -> tuple:
    """func's outputs; anything but a tensor fails as in PyTorch (which asks each output
    for `requires_grad`)."""
    outs = _as_tuple(out)
    for o in outs:
        if not isinstance(o, Tensor):
            raise AttributeError(f"'{type(o).__name__}' object has no attribute "
                                 "'requires_grad'")
    return outs


def _as_array(t: Tensor) -> np.ndarray:
    return np.asarray(t._data).reshape(-1)


def _show(arr) -> str:
    return repr(Tensor._wrap(np.asarray(arr)))



# -- the two Jacobians ------------------------------------------------------------------------

def _eval_flat(func, inputs, pick, metas=None):
    """func(*inputs) as flat float arrays, for the outputs selected by `pick` (their shapes
    and dtypes appended to `metas` when given)."""
    outs = _tensor_outputs(func(*inputs))
    if metas is not None:
        metas.extend((outs[k].shape, outs[k].dtype) for k in pick)
    return [_as_array(outs[k]).astype(np.complex128 if outs[k]._data.dtype.kind == "c" else
                                      np.float64, copy=True) for k in pick]


def _same_shapes(minus: list, plus: list, eps, idx=None) -> None:
    """PyTorch's _check_outputs_same_dtype_and_shape on the outputs at x - step and x + step
    ((shape, dtype) pairs): an AssertionError when perturbing the input changed either."""
    on = "" if idx is None else f"on index {tuple(int(i) for i in idx)} "
    for (shape_a, dtype_a), (shape_b, dtype_b) in zip(minus, plus):
        if shape_a != shape_b:
            raise AssertionError(f"Expected `func` to return outputs with the same shape when "
                                 f"inputs are perturbed {on}by {eps}, but got: shapes "
                                 f"{shape_a} and {shape_b}.")
        if dtype_a != dtype_b:
            raise AssertionError(f"Expected `func` to return outputs with the same dtype when "
                                 f"inputs are perturbed {on}by {eps}, but got: dtypes "
                                 f"{dtype_a} and {dtype_b}.")


def _numerical(func, inputs, targets, pick, eps, outputs, grad_enabled=None):
    """[input][output] -> (input numel, output numel) central differences; for a complex
    input, d/dx + 1j d/dy of the (real) outputs, as PyTorch's conjugate Wirtinger column.
    func runs in the caller's grad mode, as PyTorch's (`grad_enabled=False` to skip graphs)."""
    result = []
    with grad_mode.mode(grad_mode.is_grad_enabled() if grad_enabled is None else grad_enabled):
        for t in targets:
            data = t._data
            steps = (eps, eps * 1j) if data.dtype.kind == "c" else (eps,)
            cols = []
            for k in range(data.size):
                idx = np.unravel_index(k, data.shape)
                parts = [_central(func, inputs, pick, data, idx, step, eps) for step in steps]
                cols.append(parts[0] if len(parts) == 1 else
                            [dx + 1j * dy for dx, dy in zip(*parts)])
            if not data.size:           # no elements: an empty Jacobian (PyTorch: True)
                result.append([np.zeros((0, outputs[k].numel())) for k in pick])
                continue
            result.append([np.array([c[o] for c in cols]).reshape(data.size, -1)
                           for o in range(len(pick))])
    return result


def _central(func, inputs, pick, data, idx, step, eps):
    """(f(x + step e_idx) - f(x - step e_idx)) / 2eps, one flat array per picked output
    (x - step evaluated first, as PyTorch)."""
    orig = data[idx].copy()
    metas_minus, metas_plus = [], []
    data[idx] = orig - step
    minus = _eval_flat(func, inputs, pick, metas_minus)
    data[idx] = orig + step
    plus = _eval_flat(func, inputs, pick, metas_plus)
    data[idx] = orig
    _same_shapes(metas_minus, metas_plus, eps, idx)
    return [(p - m) / (2 * eps) for p, m in zip(plus, minus)]


def _analytical(outputs, targets, nondet_tol=None):
    """[input][output] -> (input numel, output numel), one backward pass per output element.
    With nondet_tol, each output's rows are computed twice and must agree (PyTorch's
    reentrancy check)."""
    result = [[None] * len(outputs) for _ in targets]
    for o, out in enumerate(outputs):
        jac = _jacobian_rows(out, targets)
        if nondet_tol is not None:
            _check_reentrant(jac, _jacobian_rows(out, targets), nondet_tol)
        for i in range(len(targets)):
            result[i][o] = jac[i]
    return result


def _jacobian_rows(out, targets):
    """[input] -> (input numel, out numel): the gradient of each element of out."""
    n = out.numel()
    jac = [np.zeros((t.numel(), n), dtype=np.complex128 if t._data.dtype.kind == "c" else
                    np.float64) for t in targets]
    if not out.requires_grad:                   # a constant (see `jacobians`)
        return jac
    basis = np.zeros(n, dtype=out._data.dtype)
    for j in range(n):
        basis[j] = 1
        seed = Tensor._wrap(basis.reshape(out._data.shape).copy())
        basis[j] = 0
        grads = _grad([out], targets, [seed], retain_graph=True, allow_unused=True)
        for i, g in enumerate(grads):
            if g is not None:
                jac[i][:, j] = _as_array(g)
    return jac


def _check_reentrant(first, second, nondet_tol) -> None:
    """Two backward passes with the same grad_output must agree within nondet_tol."""
    for a, b in zip(first, second):
        a, b = np.asarray(a), np.asarray(b)         # complex ones whole, not their real parts
        if a.size and float(np.max(np.abs(a - b))) > nondet_tol:
            raise GradcheckError(
                "Backward is not reentrant, i.e., running backward with same input and "
                "grad_output multiple times gives different values, although analytical "
                "gradient matches numerical gradient.The tolerance for nondeterminism was "
                f"{nondet_tol}." + _FAILED_NONDET)


_FAILED_NONDET = """\n
NOTE: If your op relies on non-deterministic operations i.e., it is listed here:
https://pytorch.org/docs/stable/generated/torch.use_deterministic_algorithms.html
this failure might be expected.

If you are adding a new operator, please file an issue and then use one of the
workarounds. The workaround depends on how your test invokes gradcheck/gradgradcheck.
If the test
- manually invokes gradcheck/gradgradcheck, then call gradcheck/gradgradcheck
  with `nondet_tol=<tol>` as a keyword argument.
- is OpInfo-based (e.g., in test_ops_gradients.py), then modify the OpInfo for the test
  to have `gradcheck_nondet_tol=<tol>`.
- is a Module test (e.g., in common_nn.py), then modify the corresponding
  module_test entry to have `gradcheck_nondet_tol=<tol>`
"""


def _differentiable_outputs(outputs):
    return [k for k, o in enumerate(outputs) if o.requires_grad]


def jacobians(func, inputs, eps=1e-6, every_output=False):
    """(numerical, analytical): the full Jacobians of func at inputs as 2-D float64 arrays,
    rows over the elements of every input that requires grad, columns over the elements of
    every output that requires grad (of every output with `every_output`: one that does not
    require grad does not depend on the inputs, and its analytical columns are zeros)."""
    inputs = _as_tuple(inputs)
    targets = _diff_inputs(inputs)
    outputs = _tensor_outputs(func(*inputs))
    pick = list(range(len(outputs))) if every_output else _differentiable_outputs(outputs)
    num = _numerical(func, inputs, targets, pick, eps, outputs, grad_enabled=False)
    ana = _analytical([outputs[k] for k in pick], targets)
    return _blocks(num, targets, pick), _blocks(ana, targets, pick)


def _blocks(jac, targets, pick):
    if not targets or not pick:
        return np.zeros((sum(t.numel() for t in targets), 0))
    kind = np.result_type(*[np.asarray(b) for row in jac for b in row], np.float64)
    return np.block([[np.asarray(b, dtype=kind) for b in row] for row in jac])


# -- gradcheck --------------------------------------------------------------------------------

def _check_inputs(inputs):
    targets = _diff_inputs(inputs)
    if not targets:
        raise TorchValueError("gradcheck expects at least one input tensor to require gradient, "
                              "but none of them have requires_grad=True.")
    for i, t in enumerate(inputs):
        if isinstance(t, Tensor) and t.requires_grad and t._data.dtype not in (
                np.float64, np.complex128):
            warnings.warn(f"Input #{i} requires gradient and is not a double precision floating "
                          "point or complex. This check will likely fail if all the inputs are "
                          "not of double precision floating point or complex. ", UserWarning,
                          stacklevel=3)
        if isinstance(t, Tensor) and t.requires_grad and not all(
                st > 0 or sz <= 1 for st, sz in zip(t.stride(), t.shape)):
            # numerical derivatives nudge one element at a time: one shared by several
            # positions would move them all
            raise TorchRuntimeError(
                f"The {i}th input has a dimension with stride 0. gradcheck only supports "
                "inputs that are non-overlapping to be able to compute the numerical "
                "gradients correctly. You should call .contiguous on the input before "
                "passing it to gradcheck.")
    return targets


def _close(a, n, rtol, atol) -> bool:
    return bool(np.all(np.abs(a - n) <= atol + rtol * np.abs(n)))


def _fail(message, **info):
    raise GradcheckError(message, **info)


def _float_outputs(outputs):
    """The outputs PyTorch's numerical Jacobians cover: the floating and complex ones."""
    return [k for k, o in enumerate(outputs) if o._data.dtype.kind in "fc"]


def _check_zero_numerical(func, inputs, targets, outputs, eps):
    """No output requires grad: then every numerical derivative must be zero."""
    for blocks in _numerical(func, inputs, targets, _float_outputs(outputs), eps, outputs):
        for n in blocks:
            if not np.all(n == 0):
                _fail("Numerical gradient for function expected to be zero", function=func)
    return True


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True,
              nondet_tol=0.0, check_undefined_grad=True, check_grad_dtypes=False,
              check_batched_grad=False, check_batched_forward_grad=False,
              check_forward_ad=False, check_backward_ad=True, fast_mode=False, masked=None):
    """True when the analytical Jacobian of func at inputs matches central differences
    (reverse mode, forward mode with check_forward_ad); with check_undefined_grad, its
    backward must also take undefined output gradients, as PyTorch checks. func is called
    as often and in the same order as PyTorch's gradcheck calls it (once for its outputs,
    then by each check), so a program printing inside it prints what PyTorch's does."""
    _check_flags(check_forward_ad, check_backward_ad, check_batched_grad,
                 check_batched_forward_grad)
    inputs = _as_tuple(inputs)
    targets = _check_inputs(inputs)
    try:
        return _gradcheck(func, inputs, targets, eps, atol, rtol, nondet_tol,
                          check_undefined_grad, check_forward_ad, check_backward_ad,
                          fast_mode, bool(masked), check_batched_grad)
    except GradcheckError:
        if raise_exception:
            raise
        return False


def _gradcheck(func, inputs, targets, eps, atol, rtol, nondet_tol, undefined, forward_ad,
               backward_ad, fast_mode, masked, batched=False):
    """PyTorch's _gradcheck_helper: the checks in its order, each raising GradcheckError."""
    outputs = _tensor_outputs(func(*inputs))
    if backward_ad:
        if any(o.dtype.is_complex for o in outputs):
            for part, prefixes in _output_parts(func, outputs):
                _reverse_check(part, inputs, targets, _tensor_outputs(part(*inputs)), eps,
                               atol, rtol, nondet_tol, fast_mode, prefixes)
        else:
            _reverse_check(func, inputs, targets, outputs, eps, atol, rtol, nondet_tol,
                           fast_mode, {})
    if forward_ad:
        parts = _input_parts(func, inputs)
        if len(parts) == 1:
            _forward_check(func, inputs, outputs, eps, atol, rtol, fast_mode, {})
        else:
            for part, part_inputs, prefixes in parts:
                _forward_check(part, part_inputs, _tensor_outputs(part(*part_inputs)), eps,
                               atol, rtol, fast_mode, prefixes)
        if undefined:
            for part, part_inputs, _ in parts:
                _undefined_forward_check(part, part_inputs)
    if not backward_ad:
        return True
    for o in outputs if batched else ():
        if o.requires_grad:
            _batched_grad_check(targets, o)
    _multiplied_by_grad_output(outputs, targets, masked)
    if undefined:
        _undefined_check(func, inputs, targets)
    return True


def _reverse_check(func, inputs, targets, outputs, eps, atol, rtol, nondet_tol, fast_mode,
                   prefixes):
    """The reverse-mode check of func (one real part of a complex function)."""
    if fast_mode:
        return _fast_check(func, inputs, targets, outputs, eps, atol, rtol, nondet_tol,
                           prefixes)
    if not _differentiable_outputs(outputs):
        return _check_zero_numerical(func, inputs, targets, outputs, eps)
    return _slow_check(func, inputs, targets, outputs, eps, atol, rtol,
                       nondet_tol=nondet_tol, prefixes=prefixes)


def _forward_check(func, inputs, outputs, eps, atol, rtol, fast_mode, prefixes):
    """The forward-mode check of func (on real inputs: one part of a complex function)."""
    targets = _diff_inputs(inputs)
    if fast_mode:
        return _fast_forward_check(func, inputs, targets, outputs, eps, atol, rtol, prefixes)
    if not _differentiable_outputs(outputs):
        return _check_zero_numerical(func, inputs, targets, outputs, eps)
    return _slow_check(func, inputs, targets, outputs, eps, atol, rtol, forward=True,
                       prefixes=prefixes)


def _batched_grad_check(targets, output) -> None:
    """PyTorch's _test_batched_grad: the vector-Jacobian products of `output` for two random
    cotangents (drawn from the global generator, as PyTorch draws them), one by one and
    vmapped; gradcli's vmap runs them one by one too, so only their errors can tell."""
    from ..ops.creation import randn_like
    from ..ops.shape import stack
    from .vmap import vmap

    def vjp(v):
        gs = _grad([output], targets, [v], retain_graph=True, allow_unused=True)
        return tuple(_zeros_for(t) if g is None else g for g, t in zip(gs, targets))
    cotangents = [randn_like(output) for _ in range(2)]
    for v in cotangents:
        vjp(v)
    vmap(vjp)(stack(cotangents))


def _zeros_for(t):
    from ..ops.creation import zeros
    return zeros([], dtype=t.dtype).expand(t.shape)


def _multiplied_by_grad_output(outputs, targets, masked) -> None:
    """PyTorch's _test_backward_mul_by_grad_output: zero output gradients through the
    first call's graph must give zero input gradients, of the inputs' dtypes and sizes."""
    from ..ops.creation import zeros_like
    diff = [o for o in outputs if o.requires_grad]
    if not diff:
        return
    grads = _grad(diff, targets, [zeros_like(o) for o in diff], allow_unused=True)
    for g, t in zip(grads, targets):
        if g is None:
            continue
        zero = np.allclose(g._data, 0) if masked else not np.any(g._data != 0)
        if not zero:
            _fail("backward not multiplied by grad_output")
        if g._data.dtype != t._data.dtype:
            _fail("grad is incorrect type")
        if tuple(g.shape) != tuple(t.shape):
            _fail("grad is incorrect size")


def _input_parts(func, inputs):
    """PyTorch's _real_and_imag_input: forward mode checks a function of complex inputs as
    two functions of real ones, x -> func(re + 1j x) (the imaginary parts) and then
    x -> func(x + 1j im), the other part held; with the message prefix of the complex inputs
    (keyed, as PyTorch's, by their positions among all the inputs)."""
    idx = [i for i, t in enumerate(inputs) if isinstance(t, Tensor) and t.dtype.is_complex]
    if not idx:
        return [(func, inputs, {})]
    parts = []
    for name in ("imaginary", "real"):
        leaves = tuple(_part_leaf(t, name) if i in idx else t for i, t in enumerate(inputs))

        def part(*args, _name=name):
            args = list(args)
            for i in idx:
                args[i] = _recombined(inputs[i], args[i], _name)
            return func(*args)
        part.__qualname__ = _name_of(func)
        prefix = f"While considering the {name} part of complex inputs only, "
        parts.append((part, leaves, {i: prefix for i in idx}))
    return parts


def _part_leaf(t, name):
    """A real leaf holding t's real or imaginary part (requiring grad as t does)."""
    data = np.array(t._data.imag if name == "imaginary" else t._data.real)
    return Tensor._wrap(data).requires_grad_(t.requires_grad)


def _recombined(orig, x, name):
    """orig.real + 1j x or x + 1j orig.imag, x carrying its tangent."""
    unit = Tensor._wrap(np.array(1j, dtype=orig._data.dtype))
    with grad_mode.no_grad():
        real, imag = (Tensor._wrap(np.array(part)) for part in (orig._data.real,
                                                                  orig._data.imag))
    return real + x * unit if name == "imaginary" else x + imag * unit


def _output_parts(func, outputs):
    """PyTorch's _real_and_imag_output: a function with a complex output is checked as two
    real ones, torch.imag then torch.real applied to its complex outputs; each comes with
    the message prefix of its complex outputs (by index among the differentiable ones)."""
    diff = [o for o in outputs if o.requires_grad]
    if not any(o.dtype.is_complex for o in outputs):
        return [(func, {})]
    parts = []
    for name in ("imaginary", "real"):
        def part(*args, _take=name[:4]):
            return tuple(getattr(o, _take) if o.dtype.is_complex else o
                         for o in _tensor_outputs(func(*args)))
        part.__qualname__ = _name_of(func)
        prefix = f"While considering the {name} part of complex outputs only, "
        parts.append((part, {k: prefix for k, o in enumerate(diff) if o.dtype.is_complex}))
    return parts


def _check_flags(forward_ad, backward_ad, batched_grad, batched_forward_grad) -> None:
    """PyTorch's assertions on the combination of checks asked for."""
    if not (forward_ad or backward_ad):
        raise AssertionError("Expected at least one of check_forward_ad or check_backward_ad "
                             "to be True")
    if batched_grad and not backward_ad:
        raise AssertionError("Setting check_batched_grad=True requires check_backward_ad to "
                             "be True")
    if batched_forward_grad and not forward_ad:
        raise AssertionError("Setting check_batched_forward_grad=True requires "
                             "check_forward_ad to be True")


def _slow_check(func, inputs, targets, outputs, eps, atol, rtol, forward=False,
                nondet_tol=0.0, prefixes=None):
    """Full Jacobians compared elementwise, output by output, as PyTorch's slow mode: the
    numerical ones first (of the floating outputs, kept where the output at that position
    requires grad), then in reverse mode each differentiable output's Jacobian made,
    checked for reentrancy and compared, in forward mode one dual pass per input element
    (its Jacobians over the floating outputs, taken by position as PyTorch takes them)."""
    floats = _float_outputs(outputs)
    num = _numerical(func, inputs, targets, floats, eps, outputs)
    keep = [p for p in range(min(len(outputs), len(floats))) if outputs[p].requires_grad]
    diff = [outputs[k] for k in _differentiable_outputs(outputs)]
    ana = _forward_analytical(func, inputs, targets, floats, outputs) if forward else None
    for o, p in enumerate(keep):
        out = diff[o]
        column = [ana[i][o] for i in range(len(targets))] if forward else \
            [row[0] for row in _analytical([out], targets, nondet_tol)]
        for i in range(len(targets)):
            a, n = column[i], num[i][p]
            if not _close(a, n, rtol, atol):
                message = (prefixes or {}).get(i if forward else o, "") + _mismatch(
                    o, i, n.astype(_numerical_dtype(targets[i], out)),
                    a.astype(_numerical_dtype(targets[i], out) if forward
                             else targets[i]._data.dtype), forward)
                _fail(message, function=func, output=o, input=i, numerical=n, analytical=a)
    return True


def _dual_inputs(inputs, tangents):
    """PyTorch's forward-mode inputs: each input that requires grad detached and made dual
    (tangents[i], zeros when absent), the others as they are."""
    from . import forward_ad
    from ..ops.creation import zeros_like
    args = []
    for i, x in enumerate(inputs):
        if isinstance(x, Tensor) and x.requires_grad:
            x = x.detach()
            tangent = tangents.get(i)
            x = forward_ad.make_dual(x, zeros_like(x) if tangent is None else tangent)
        args.append(x)
    return args


def _forward_analytical(func, inputs, targets, pick, outputs):
    """[input][output] -> (input numel, output numel) by forward-mode AD, one dual pass per
    input element (the other inputs dual with zero tangents), as PyTorch's check_forward_ad."""
    from . import forward_ad
    positions = [i for i, x in enumerate(inputs) if any(x is t for t in targets)]
    result = []
    for pos, t in zip(positions, targets):
        cols = []
        for k in range(t.numel()):
            tangent = np.zeros(t._data.shape, dtype=t._data.dtype)
            tangent.reshape(-1)[k] = 1
            with forward_ad.dual_level():
                outs = _tensor_outputs(func(*_dual_inputs(inputs, {pos: Tensor._wrap(tangent)})))
                cols.append([_tangent_flat(outs[j]) for j in pick])
        if not cols:
            result.append([np.zeros((0, outputs[j].numel())) for j in pick])
            continue
        result.append([np.array([c[o] for c in cols]).reshape(t.numel(), -1)
                       for o in range(len(pick))])
    return result


def _tangent_flat(out) -> np.ndarray:
    from . import forward_ad
    tangent = forward_ad.unpack_dual(out).tangent
    if tangent is None:
        return np.zeros(out.numel())
    return _as_array(tangent).astype(np.complex128 if tangent._data.dtype.kind == "c" else
                                     np.float64)


def _numerical_dtype(target, output):
    """PyTorch allocates a numerical Jacobian in the input's dtype when it is complex, else
    in the output's."""
    return (target if target._data.dtype.kind == "c" else output)._data.dtype


def _mismatch(o, i, n, a, forward=False) -> str:
    """PyTorch's text; the numerical Jacobian shown in the output's dtype, the analytical
    one in the input's (as PyTorch allocates them)."""
    mode = "computed with forward mode " if forward else ""
    return (f"Jacobian {mode}mismatch for output {o} with respect to input {i},\n"
            f"numerical:{_show(n)}\nanalytical:{_show(a)}\n")


# -- undefined output gradients ---------------------------------------------------------------

_UNDEFINED_NOTE = ('Please look at "Notes about undefined output gradients" in '
                   '"tools/autograd/derivatives.yaml"')


def _undefined_check(func, inputs, targets):
    """PyTorch's _test_undefined_backward_mode: with every output's gradient undefined
    (then, for several outputs, one at a time), backward must run and give None or zeros."""
    outs = [o for o in _tensor_outputs(func(*inputs)) if o.requires_grad]
    cases = [[_undefined_grad(o) for o in outs]]
    if len(outs) > 1:
        for k in range(len(outs)):
            again = [o for o in _tensor_outputs(func(*inputs)) if o.requires_grad]
            cases.append([_undefined_grad(o) if j == k else o for j, o in enumerate(again)])
    for case in cases:
        from ..ops.creation import zeros_like
        try:
            grads = _grad(case, targets, [zeros_like(o) for o in case], allow_unused=True)
        except RuntimeError as exc:
            _warn_undefined()
            raise GradcheckError("Expected backward function to handle undefined output "
                                 "grads. " + _UNDEFINED_NOTE) from exc
        if any(g is not None and np.any(g._data != 0) for g in grads):
            _warn_undefined()
            _fail("Expected all input grads to be undefined or zero when all output grads "
                  "are undefined or zero. " + _UNDEFINED_NOTE)
    return True


def _undefined_forward_check(func, inputs) -> None:
    """PyTorch's _test_undefined_forward_mode: with the other inputs' tangents PyTorch's
    random vectors, each input in turn given a zero tangent, then none; the outputs'
    tangents must agree."""
    from . import forward_ad
    from ..ops.creation import Generator
    positions = [i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    gen = Generator()
    tangents = {i: Tensor._wrap(_unit(gen, inputs[i]).reshape(inputs[i]._data.shape)
                                .astype(inputs[i]._data.dtype)) for i in positions}
    with forward_ad.dual_level():
        for i in positions:
            zero = _tensor_outputs(func(*_dual_inputs(inputs, tangents | {i: None})))
            plain = _dual_inputs(inputs, tangents)
            plain[i] = inputs[i].detach()
            none = _tensor_outputs(func(*plain))
            floats = [(a, b) for a, b in zip(zero, none) if a._data.dtype.kind in "fc"]
            for o, (a, b) in enumerate(floats):
                ta, tb = forward_ad.unpack_dual(a).tangent, forward_ad.unpack_dual(b).tangent
                if ta is not None and tb is not None and not np.allclose(
                        ta._data, tb._data, rtol=1e-5, atol=1e-8):
                    raise GradcheckError(repr((
                        "Mismatch in tangent values for output with index: ", o,
                        " when input: ", inputs[i], " has an undefined tangent value. ",
                        " Got: ", ta, " but expected: ", tb)))


def _warn_undefined() -> None:
    warnings.warn("Backwards compatibility: New undefined gradient support checking feature is "
                  "enabled by default, but it may break existing callers of this function. If "
                  "this is true for you, you can call this function with "
                  '"check_undefined_grad=False" to disable the feature', UserWarning,
                  stacklevel=4)


class _UndefinedGrad(Function):
    """PyTorch's UndefinedGrad node: what flows back through it is undefined (None)."""

    @staticmethod
    def forward(ctx, x):
        return x.clone()

    @staticmethod
    def backward(ctx, g):
        return None


def _undefined_grad(t):
    return _UndefinedGrad.apply(t)


# -- fast mode --------------------------------------------------------------------------------

def _unit(gen, t):
    """PyTorch's _vec_from_tensor: rand(numel) of its own generator (float32, as the
    default dtype), cast to the tensor's real dtype, divided by its norm."""
    from ..ops.creation import rand
    v = rand(t.numel(), generator=gen)._data.astype(t._data.real.dtype)
    return (v / np.linalg.norm(v)).astype(np.float64)


def _directional(func, inputs, t, u, pick, eps):
    """(f(x + eps u) - f(x - eps u)) / 2eps for input t, one flat array per picked output
    (x - eps u evaluated first, in the caller's grad mode, as PyTorch)."""
    data = t._data
    orig = data.copy()
    step = (u * eps).reshape(data.shape).astype(data.dtype)
    metas_minus, metas_plus = [], []
    data[...] = orig - step
    minus = _eval_flat(func, inputs, pick, metas_minus)
    data[...] = orig + step
    plus = _eval_flat(func, inputs, pick, metas_plus)
    data[...] = orig
    _same_shapes(metas_minus, metas_plus, eps)
    return [(p - m) / (2 * eps) for p, m in zip(plus, minus)]


def _fast_check(func, inputs, targets, outputs, eps, atol, rtol, nondet_tol=0.0,
                prefixes=None):
    from ..ops.creation import Generator
    pick = _differentiable_outputs(outputs)
    floats = _float_outputs(outputs)
    gen = Generator()           # PyTorch's own fresh generator: the same vectors as there
    us = [_input_vector(gen, t) for t in targets]
    vs = [_unit(gen, outputs[k]) for k in pick]
    ju = [_numerical_ju(func, inputs, t, u, floats, eps) for t, u in zip(targets, us)]
    if not pick:                # PyTorch's _check_no_differentiable_outputs_fast
        for t, u in zip(targets, us):
            for jvp in _numerical_ju(func, inputs, t, u, floats, eps):
                if jvp.size and float(np.max(np.abs(jvp))) > nondet_tol:
                    _fail("Numerical gradient for function expected to be zero",
                          function=func)
    vjs = []
    for o, k in enumerate(pick):
        out = outputs[k]
        seed = Tensor._wrap(vs[o].reshape(out._data.shape).astype(out._data.dtype))
        vj = _grad([out], targets, [seed], retain_graph=True, allow_unused=True)
        again = _grad([out], targets, [seed], retain_graph=True, allow_unused=True)
        _check_reentrant(*([np.zeros(0) if g is None else _as_array(g) for g in pair]
                           for pair in (vj, again)), nondet_tol)
        vjs.append(vj)
    for i, u in enumerate(us):                  # inputs outer, as PyTorch's fast mode
        for o in range(min(len(pick), len(floats))):
            a = _vju(vjs[o][i], u)
            n = np.sum(vs[o] * ju[i][o])
            n = complex(n) if np.iscomplexobj(n) else float(n)
            usum = float(u[0].sum()) + float(u[1].sum()) if isinstance(u, tuple) else \
                float(u.sum())
            tol = atol * usum * float(vs[o].sum())
            if not abs(a - n) <= tol + rtol * abs(n):
                message = (prefixes or {}).get(o, "") + _fast_message(
                    func, inputs, outputs, o, i, repr(n), repr(a), (rtol, atol), eps)
                _fail(message, function=func, output=o, input=i)
    return True


def _input_vector(gen, t):
    """PyTorch's u for an input: a unit vector, or for a complex input a pair (u_r, u_i)
    drawn one after the other."""
    ur = _unit(gen, t)
    return (ur, _unit(gen, t)) if t._data.dtype.kind == "c" else ur


def _numerical_ju(func, inputs, t, u, pick, eps):
    """J u by central differences; for a complex input J_x u_r + 1j J_y u_i (the columns
    of the conjugate Wirtinger Jacobian)."""
    if not isinstance(u, tuple):
        return _directional(func, inputs, t, u, pick, eps)
    dx = _directional(func, inputs, t, u[0], pick, eps)
    dy = _directional(func, inputs, t, u[1] * 1j, pick, eps)
    return [x + 1j * y for x, y in zip(dx, dy)]


def _vju(g, u):
    """(v^T J) u from the backward result g; for a complex input Re(g).u_r + 1j Im(g).u_i.
    Products summed as PyTorch's (u * v).sum(), not a BLAS dot (last-bit equal)."""
    if g is None:
        return 0.0
    g = _as_array(g)
    if not isinstance(u, tuple):
        return float(np.sum(g * u))
    return complex(float(np.sum(g.real * u[0])) + 1j * float(np.sum(g.imag * u[1])))


def _fast_forward_check(func, inputs, targets, outputs, eps, atol, rtol, prefixes=None):
    """Fast mode with check_forward_ad, as PyTorch's: J u by central differences for every
    input (u drawn as PyTorch draws it), then by forward-mode AD, one dual pass per input,
    compared as vectors over the floating outputs."""
    from ..ops.creation import Generator
    floats = _float_outputs(outputs)
    gen = Generator()
    us = [_unit(gen, t) for t in targets]
    numerical = [_directional(func, inputs, t, u, floats, eps) for t, u in zip(targets, us)]
    positions = [i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    analytical = [_forward_directional(func, inputs, pos, t, u, floats)
                  for pos, t, u in zip(positions, targets, us)]
    for i, u in enumerate(us):
        for o, k in enumerate(floats):
            a, n = analytical[i][o], numerical[i][o]
            if not _close(a, n, rtol, atol * float(u.sum())):
                shown = (_show(n.astype(outputs[k]._data.dtype)),
                         _show(a.astype(outputs[k]._data.dtype)))
                message = (prefixes or {}).get(i, "") + _fast_message(
                    func, inputs, outputs, o, i, *shown, (rtol, atol), eps, forward=True)
                _fail(message, function=func, output=o, input=i)
    return True


def _forward_directional(func, inputs, pos, t, u, pick):
    """The tangents of the picked outputs (flat) when input t (at pos) has tangent u and the
    other inputs zero tangents."""
    from . import forward_ad
    tangent = Tensor._wrap(u.reshape(t._data.shape).astype(t._data.dtype))
    with forward_ad.dual_level():
        outs = _tensor_outputs(func(*_dual_inputs(inputs, {pos: tangent})))
        return [_tangent_flat(outs[k]) for k in pick]


def _fast_message(func, inputs, outputs, o, i, n, a, tol, eps, forward=False) -> str:
    """PyTorch's text for a fast-mode failure: the fast quantities, then the slow-mode
    Jacobians of that input and output (and a note when those agree), computed as
    PyTorch's _run_slow_mode_and_get_error computes them."""
    targets = _diff_inputs(inputs)
    if forward:
        floats = _float_outputs(outputs)
        n_full = _numerical(func, inputs, targets, floats, eps, outputs)[i][o]
        pos = [p for p, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad][i]

        def one(x):
            args = list(inputs)
            args[pos] = x
            return _tensor_outputs(func(*args))[o]
        a_full = _forward_analytical(one, (inputs[pos],), [inputs[pos]], [0],
                                     (outputs[floats[o]],))[0][0]
    else:
        pick = _differentiable_outputs(outputs)
        n_full = _numerical(func, inputs, targets, _float_outputs(outputs), eps, outputs)[i][o]
        a_full = _analytical([outputs[pick[o]]], targets, float("inf"))[i][0]
    diff = float(np.max(np.abs(n_full - a_full))) if n_full.size else 0.0
    mode = "computed with forward mode " if forward else ""
    text = (f"Jacobian {mode}mismatch for output {o} with respect to input {i},\n"
            f"numerical:{n}\nanalytical:{a}\n\n"
            "The above quantities relating the numerical and analytical jacobians are computed "
            "\nin fast mode. See: https://github.com/pytorch/pytorch/issues/53876 for more "
            "background \nabout fast mode. Below, we recompute numerical and analytical "
            "jacobians in slow mode:\n\n"
            f"Numerical:\n {_show(n_full)}\nAnalytical:\n{_show(a_full)}\n\n"
            f"The max per-element difference (slow mode) is: {diff!r}.\n")
    if _close(a_full, n_full, *tol):
        text += _FAST_FAIL_SLOW_OK
    return text


_FAST_FAIL_SLOW_OK = """
Fast gradcheck failed but element-wise differences are small. This means that the
test might've passed in slow_mode!

If you are adding a new operator, please file an issue and then use one of the
workarounds. The workaround depends on how your test invokes gradcheck/gradgradcheck:

If the test
- manually invokes gradcheck/gradgradcheck, then call gradcheck/gradgradcheck
  with `fast_mode=False` as a keyword argument.
- is OpInfo-based (e.g., in test_ops_gradients.py), then modify the OpInfo for the test
  to have `gradcheck_fast_mode=False`
- is a Module test (e.g., in common_nn.py), then modify the corresponding
  module_test entry to have `gradcheck_fast_mode=False`
""".strip()


# -- gradgradcheck ----------------------------------------------------------------------------

def _random_grad_outputs(func, inputs, noncontiguous: bool = False):
    """PyTorch's torch.testing.make_tensor(low=-1, high=1): uniform_ on the global
    generator, so a seeded program draws the same grad_outputs (`noncontiguous`: twice as
    many along the last dim, every other one taken from the second)."""
    from .. import dtypes
    from ..ops.creation import empty
    outs = [o for o in _tensor_outputs(func(*inputs)) if o.requires_grad]
    result = []
    for o in outs:
        dt = o.dtype if o._data.dtype.kind in "fc" else dtypes.float64
        shape = tuple(o.shape)
        spread = noncontiguous and o.numel() > 1
        if spread:
            shape = shape[:-1] + (2 * shape[-1],)
        with grad_mode.no_grad():
            if dt.is_complex:           # uniform_ on view_as_real: (re, im) interleaved
                parts = empty(shape + (2,), dtype=dt.to_real()).uniform_(-1, 1)
                pair = parts._data
                g = Tensor._wrap(np.asarray(pair[..., 0] + 1j * pair[..., 1],
                                            dtype=o._data.dtype))
            else:
                g = empty(shape, dtype=dt).uniform_(-1, 1)
            if spread:
                g = g[..., 1::2]
        result.append(g.requires_grad_(True))
    return tuple(result)


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3,
                  gen_non_contig_grad_outputs=False, raise_exception=True, nondet_tol=0.0,
                  check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False,
                  check_fwd_over_rev=False, check_rev_over_rev=True, fast_mode=False,
                  masked=False):
    """gradcheck of the gradients of func (built with create_graph=True): second order,
    reverse over reverse and (check_fwd_over_rev) forward over reverse."""
    _check_second_order_flags(check_fwd_over_rev, check_rev_over_rev, check_undefined_grad,
                              check_batched_grad)
    inputs = _as_tuple(inputs)
    if grad_outputs is None:
        grad_outputs = _random_grad_outputs(func, inputs, gen_non_contig_grad_outputs)
    else:
        grad_outputs = _as_tuple(grad_outputs)
    n_out = len(grad_outputs)
    diff_in = {i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad}
    diff_go = {i for i, x in enumerate(grad_outputs) if x.requires_grad}

    def grads_of(*args):
        # PyTorch's new_func: sliced as there (with no output, `args[:-0]` leaves func no
        # inputs), requires_grad restored on what forward mode's checks pass detached
        ins = tuple(x.requires_grad_() if i in diff_in else x
                    for i, x in enumerate(args[:-n_out]))
        outs = [o for o in _tensor_outputs(func(*ins)) if o.requires_grad]
        gos = [x.requires_grad_() if i in diff_go else x
               for i, x in enumerate(args[-n_out:])]
        wrt = [x for i, x in enumerate(ins) if i in diff_in]
        gs = _grad(outs, wrt, gos, create_graph=True, allow_unused=True)
        return tuple(g for g in gs if g is not None)

    grads_of.__qualname__ = f"gradients of {_name_of(func)}"
    return gradcheck(grads_of, inputs + tuple(grad_outputs), eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception, fast_mode=fast_mode, nondet_tol=nondet_tol,
                     check_undefined_grad=check_undefined_grad,
                     check_forward_ad=check_fwd_over_rev, check_backward_ad=check_rev_over_rev,
                     check_batched_grad=check_batched_grad)


def _check_second_order_flags(fwd_over_rev, rev_over_rev, undefined_grad, batched_grad):
    """PyTorch's assertions on gradgradcheck's combination of checks."""
    if not (fwd_over_rev or rev_over_rev):
        raise AssertionError("Expected at least one of check_fwd_over_rev or check_rev_over_rev "
                             "to be True")
    if undefined_grad and not rev_over_rev:
        raise AssertionError("Setting check_undefined_grad=True requires check_rev_over_rev to "
                             "be True")
    if batched_grad and not rev_over_rev:
        raise AssertionError("Setting check_batched_grad=True requires check_rev_over_rev to "
                             "be True")

