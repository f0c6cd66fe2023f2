"""The work behind the expression commands, between the command line and the engine.

`prepare` turns `EXPR --x 0,1,2,3` into a `Problem` (the expression, its variables in order
of first use, their values, which require grad); `evaluate` runs EXPR once with the
formula language; the `*_report` functions run the engine (backward, numeric checks,
Jacobians, the graph walk, the observed backward pass) and return the plain reports of
`gradcli.render.model`. All engine state a run changes (default dtype, random generator,
observers, a forward AD level left open) is restored afterwards.
"""
from __future__ import annotations

import contextlib
import time

import numpy as np

from .. import lang
from ..autograd import engine as _engine
from ..autograd import forward_ad
from ..autograd.graph import AccumulateGrad
from ..dtypes import get_default_dtype, set_default_dtype, to_dtype
from ..errors import EvalError, LimitError, TorchRuntimeError, UsageError
from ..ops import creation as _creation
from ..render import model as M
from .._struct import Struct, replace
from .._tensor import Tensor
from .common import Settings, listed_names, missing_value_error, unknown_variable_error

NONSCALAR_HINT = ("pass --gradient W (PyTorch's grad_tensors, shaped like the output), reduce "
                  "the output with sum(...), or use `gradcli jacobian` for every derivative")
FILENAME = "<expr>"
NO_GRAD_HINT = ("no variable that requires grad reaches the output (check --wrt, or whether "
                "the expression uses detach, no_grad, a comparison or .item())")
COMPLEX_HINT = ("the output is complex: differentiate a real function of it (abs(...), "
                ".real, .imag)")
COMPLEX_GRADIENT_HINT = ("the gradient of a complex variable is complex, and PyTorch "
                         "differentiates only real scalars: `gradcli check` compares the "
                         "second order of complex variables")


class Problem(Struct, slots=False, eq=True):
    """An expression with the values of its variables, ready to evaluate."""

    expression: str
    arrays: dict[str, np.ndarray]           # in order of first use in the expression
    wrt: list[str]                          # the variables that require grad
    settings: Settings
    limits: object
    rng_state: dict | None = None
    #: when --max-seconds runs out for the whole command: jacobian, hessian and check
    #: evaluate EXPR once per element, and each evaluation alone would get the full limit
    deadline: float = float("inf")

    @property
    def dtype(self) -> str:
        return self.settings.dtype


# -- set-up -----------------------------------------------------------------------------------

@contextlib.contextmanager
def engine_state(settings: Settings, dtype: str | None = None):
    """Run a block with the chosen default dtype; restore the caller's dtype afterwards.
    NumPy's floating-point warnings are off: like PyTorch, 1/0 is simply inf."""
    previous = get_default_dtype()
    set_default_dtype(to_dtype(dtype or settings.dtype))
    try:
        with np.errstate(all="ignore"):
            yield
    finally:
        set_default_dtype(previous)
        forward_ad.reset()


def _rng_state():
    return _creation.rng_snapshot()


def _set_rng_state(state) -> None:
    _creation.rng_restore(state)


def prepare(expression: str, values: dict[str, str], settings: Settings, *,
            wrt: tuple = (), ctx=None) -> Problem:
    """Check the expression's variables against the given values and parse every value."""
    from ..values import parse_value
    limits = settings.make_limits()
    if all(not line.strip() or line.lstrip().startswith("#")
           for line in expression.splitlines() or [""]):
        raise _empty_expression(expression)
    names = _variable_names(expression, values, limits)
    spelled = getattr(values, "spelled", {})
    for name, text in values.items():
        if name not in names:
            raise unknown_variable_error(name, names, ctx, spelled.get(name))
        if text is None:
            raise missing_value_error(name)
    missing = [n for n in names if n not in values]
    if missing:
        raise _missing_error(missing)
    chosen = _wrt(wrt, names)
    arrays: dict[str, np.ndarray] = {}
    with engine_state(settings):
        if settings.seed is not None:
            _creation.manual_seed(settings.seed)
        dtype = get_default_dtype().np
        for name, text in values.items():
            arrays[name] = parse_value(name, text, dtype=dtype, limits=limits)
            _check_size(name, arrays[name], limits)
        state = _rng_state()
    ordered = {n: arrays[n] for n in names}
    return Problem(expression, ordered, chosen, settings, limits, state,
                   time.monotonic() + limits.max_seconds)


def _empty_expression(expression: str):
    from ..errors import FormulaSyntaxError, Position
    what = " (it holds only a comment)" if "#" in expression else ""
    return FormulaSyntaxError(f"the expression is empty{what}",
                              hint='write a formula, e.g. "2*dot(x,x)", quoted so the shell '
                                   'passes it as one argument',
                              position=Position(FILENAME, 1, 1, ""))


def _variable_names(expression: str, values: dict, limits=None) -> list[str]:
    """The expression's variables in order of first use: the names it needs (free names),
    and the names it uses that the command line gives a value (a value for `t` or `e`
    shadows the engine's function of that name, as an assignment would in Python)."""
    from ..lang import ast as A
    module = lang.parse(expression, FILENAME, limits=limits, mode="expression")
    free = set(lang.free_names(expression, limits=limits))
    used = dict.fromkeys(n.id for n in A.walk(module) if isinstance(n, A.Name))
    return [n for n in used if n in free or n in values]


def _missing_error(missing: list[str]) -> UsageError:
    import difflib

    from ..namespace import bare_names
    name = missing[0]
    known = difflib.get_close_matches(name, list(bare_names()), n=1)
    listed = listed_names(missing, quoted=True)
    what = "variable" if len(missing) == 1 else "variables"
    each = "it a value" if len(missing) == 1 else "each a value"
    hint = f"give {each}: --{name} VALUE (e.g. --{name} 0,1,2,3) or -v {name}=VALUE"
    if len(name) > 40:                  # not a name to repeat three times
        hint = f"give {each}: --NAME VALUE or -v NAME=VALUE"
    if known:
        hint = f"did you mean `{known[0]}`? Otherwise " + hint
    return UsageError(f"missing value for {what} {listed} used in the expression", hint=hint)


def _wrt(wrt: tuple, names: list[str]) -> list[str]:
    if not wrt:
        return list(names)
    chosen = []
    for item in wrt:
        for name in (s.strip() for s in item.split(",")):
            if not name:
                continue
            if name not in names:
                raise UsageError(f"--wrt {name}: the expression has no variable {name!r}",
                                 hint=f"its variables are: "
                                      f"{listed_names(names) or '(none)'}")
            if name not in chosen:
                chosen.append(name)
    return chosen


def _check_size(name: str, arr: np.ndarray, limits) -> None:
    if arr.size > limits.max_elements:
        from ..values import too_many_elements
        raise too_many_elements(f"--{name}", arr.size, limits.max_elements)


def parse_gradient(problem: Problem, text: str | None):
    """The --gradient value (PyTorch's grad_tensors) as an array, or None."""
    if text is None:
        return None
    from ..values import parse_value
    with engine_state(problem.settings):
        return parse_value("gradient", text, dtype=get_default_dtype().np, option="--gradient",
                           limits=problem.limits)


# -- one evaluation -------------------------------------------------------------------------

def make_tensors(problem: Problem, dtype=None, arrays=None) -> dict[str, Tensor]:
    """Fresh leaf tensors for the variables (those in --wrt require grad)."""
    out = {}
    for name, arr in (arrays or problem.arrays).items():
        data = np.array(arr, dtype=_precision(arr.dtype, dtype), copy=True)
        t = Tensor._wrap(data)
        if name in problem.wrt and data.dtype.kind in "fc":
            t.requires_grad_(True)
        out[name] = t
    return out


def _precision(current: np.dtype, dtype) -> np.dtype:
    """`dtype` (a floating dtype, or None to keep `current`) for a variable of dtype
    `current`: a complex variable takes the complex dtype of that precision (float64 ->
    complex128), never its real part alone."""
    if dtype is None:
        return current
    dtype = np.dtype(dtype)
    if current.kind == "c" and dtype.kind == "f":
        return np.result_type(dtype, np.complex64)
    return dtype


def evaluate(problem: Problem, tensors: dict[str, Tensor], dtype: str | None = None, *,
             as_tensor: bool = False):
    """The value of the expression with these variables (the random stream starts where the
    values left it, so every evaluation sees the same random numbers); print() in it writes
    to stderr. `as_tensor`: a number becomes a tensor of the run's default dtype."""
    limits = _time_left(problem)
    with engine_state(problem.settings, dtype):
        if problem.rng_state is not None:
            _set_rng_state(problem.rng_state)
        try:
            value = lang.eval_expression(problem.expression, dict(tensors), filename=FILENAME,
                                         limits=limits, out=_stderr())
        except LimitError as e:
            if e.message == limits.error("max_seconds").message:   # name the whole limit
                e.message = problem.limits.error("max_seconds").message
                e.args = (e.message,)
            raise
        return tensor_output(value) if as_tensor else value


def _time_left(problem: Problem):
    """The limits of one evaluation: what is left of the command's --max-seconds."""
    left = problem.deadline - time.monotonic()
    if left >= problem.limits.max_seconds:
        return problem.limits
    if left <= 0:
        raise problem.limits.error("max_seconds", hint="jacobian, hessian and check "
                                   "evaluate the expression once or twice per element")
    return replace(problem.limits, max_seconds=left)


def _stderr():
    """Where a one-liner's print() goes: stdout holds the report (one JSON document with
    --json), so what the expression prints is a diagnostic, on stderr."""
    import sys
    return sys.stderr


def tensor_output(value) -> Tensor:
    """The expression's value as a tensor; anything else cannot be differentiated."""
    if isinstance(value, Tensor):
        return value
    if isinstance(value, (bool, int, float)):
        from ..ops.creation import tensor
        return tensor(value)           # as torch.tensor(): 2**64 is an overflow error
    raise EvalError(f"the expression gives a {type(value).__name__}, not a tensor",
                    hint="write an expression whose value is a tensor, e.g. sum(x*x)")


def _output_tensor(problem: Problem, tensors) -> Tensor:
    return evaluate(problem, tensors, as_tensor=True)


def backward(out: Tensor, gradient, **kwargs) -> None:
    """out.backward(gradient), with a hint on PyTorch's errors about the output."""
    import warnings
    if gradient is not None and np.iscomplexobj(gradient) and not out.is_complex():
        raise UsageError(f"--gradient is complex but the output is real ({out.dtype})",
                         hint="a real output takes real weights; give --gradient real "
                              "numbers")
    g = None if gradient is None else Tensor._wrap(np.asarray(gradient, out._data.dtype))
    try:
        with warnings.catch_warnings():
            # PyTorch's advice about .grad reference cycles is for long-lived programs; a
            # command ends right after, so it would only be noise here.
            warnings.filterwarnings("ignore", message=r"Using backward\(\) with create_graph")
            out.backward(gradient=g, **kwargs)
    except TorchRuntimeError as e:
        if e.message.startswith("grad can be implicitly created only for scalar outputs"):
            e.hint = e.hint or f"the output has shape {list(out.shape)}: {NONSCALAR_HINT}"
        elif e.message.startswith("grad can be implicitly created only for real scalar"):
            e.hint = e.hint or COMPLEX_HINT
        elif e.message.startswith("Mismatch in shape") and g is not None:
            e.hint = e.hint or (f"--gradient has shape {list(g.shape)}; it needs the "
                                f"output's shape {list(out.shape)}")
        elif "does not require grad" in e.message:
            e.hint = e.hint or NO_GRAD_HINT
        raise


# -- grad ---------------------------------------------------------------------------------------

def grad_report(problem: Problem, gradient_text=None, *, order=1, create_graph=False,
                check=False) -> M.GradReport:
    gradient = parse_gradient(problem, gradient_text)
    tensors = make_tensors(problem)
    out = _output_tensor(problem, tensors)
    with engine_state(problem.settings):
        try:
            backward(out, gradient, create_graph=create_graph or order > 1)
        except TorchRuntimeError as e:
            if e.hint == NO_GRAD_HINT:
                e.at(_whole_expression(problem))
            raise
        try:
            higher = _higher_orders(tensors, problem.wrt, order)
        except TorchRuntimeError as e:
            if any(tensors[n].is_complex() for n in problem.wrt):
                e.hint = e.hint or COMPLEX_GRADIENT_HINT
            raise
    report = M.GradReport(problem.expression, problem.dtype, M.TensorView.of(out),
                          {n: M.TensorView.of(t) for n, t in tensors.items()}, gradient,
                          order, create_graph, higher)
    if check:
        report.checks = _checks(problem, tensors, out, gradient, report)
    return report


def _higher_orders(tensors, wrt, order) -> dict[str, list]:
    """Order k of variable v: d/dv of sum(order k-1), as grad(g.sum(), v) in PyTorch."""
    from ..autograd import grad
    result = {}
    for name in wrt:
        t = tensors[name]
        g, grads = t._grad, []
        for _ in range(2, order + 1):
            if g is None or not g.requires_grad:
                g = None if g is None else Tensor._wrap(np.zeros_like(t._data))
            else:
                (g,) = grad(g.sum(), t, create_graph=True, allow_unused=True)
                g = g if g is not None else Tensor._wrap(np.zeros_like(t._data))
            grads.append(None if g is None else g._data)
        if order > 1:
            result[name] = grads
    return result


def _checks(problem, tensors, out, gradient, report) -> dict[str, M.Check]:
    """Each variable's gradient beside central differences of sum(gradient * output)."""
    names = [n for n in problem.wrt if tensors[n].requires_grad]
    _refuse_empty(names, tensors)
    arrays = {n: t._data for n, t in tensors.items()}
    numeric = numeric_gradients(problem, arrays, names, gradient, out.shape)
    checks = {}
    for name in names:
        g = tensors[name]._grad
        analytic = np.zeros_like(numeric[name]) if g is None else g._data.astype(
            numeric[name].dtype)
        err, ok = _compare(analytic, numeric[name], report.atol, report.rtol)
        checks[name] = M.Check(analytic, numeric[name], err, ok)
    return checks


def numeric_gradients(problem, arrays, names, gradient, out_shape) -> dict[str, np.ndarray]:
    """Central differences in float64 of sum(gradient * f) w.r.t. each named variable."""
    from ..autograd.gradcheck import jacobians
    sub = replace(problem, wrt=list(names))
    tensors = make_tensors(sub, np.float64, arrays)
    order, func = _function_of_wrt(sub, tensors, "float64")
    with engine_state(problem.settings, "float64"):
        num, _ = jacobians(func, tuple(tensors[n] for n in order))
    w = (np.ones(out_shape) if gradient is None else np.asarray(gradient)).reshape(-1)
    result, row = {}, 0
    for name in order:
        n = tensors[name]._data.size
        block = num[row:row + n]
        result[name] = _real_for_real(tensors[name], (
            block @ w if block.shape[1] == w.size else np.zeros(n)).reshape(
            tensors[name]._data.shape))
        row += n
    return result


# -- eval ---------------------------------------------------------------------------------------

def eval_report(problem: Problem) -> M.EvalReport:
    tensors = make_tensors(problem)
    value = evaluate(problem, tensors)
    shown = M.TensorView.of(value, with_grad=False) if isinstance(value, Tensor) else value
    return M.EvalReport(problem.expression, problem.dtype, shown,
                        {n: M.TensorView.of(t, with_grad=False) for n, t in tensors.items()})


# -- jacobian and hessian ---------------------------------------------------------------------

def _function_of_wrt(problem: Problem, tensors: dict[str, Tensor], dtype: str | None = None):
    """(names, func): the variables that require grad, and EXPR as a function of them with
    the other variables held fixed (what jacobian, hessian and gradcheck differentiate)."""
    names = [n for n in problem.wrt if tensors[n].requires_grad]
    if not names:
        raise UsageError("no variable to differentiate with respect to",
                         hint="the expression needs a floating-point variable (see --wrt)")

    def func(*inputs):
        bound = dict(tensors)
        bound.update(zip(names, inputs))
        return evaluate(problem, bound, dtype, as_tensor=True)
    return names, func


def _compare(analytic, numeric, atol, rtol) -> tuple[float, bool]:
    """(largest difference, whether |a - n| <= atol + rtol |n| everywhere), as gradcheck."""
    diff = np.abs(analytic - numeric)
    return (float(diff.max()) if diff.size else 0.0,
            bool(np.all(diff <= atol + rtol * np.abs(numeric))))


def matrix_report(problem: Problem, kind: str) -> M.MatrixReport:
    from ..autograd import functional
    tensors = make_tensors(problem)
    names, func = _function_of_wrt(problem, tensors)
    inputs = tuple(tensors[n] for n in names)
    out = func(*inputs)
    _refuse_large_matrix(problem, kind, out, inputs, names)
    with engine_state(problem.settings):
        if kind == "jacobian":
            try:
                jac = functional.jacobian(func, inputs) if out.numel() else \
                    tuple(_empty_block(out, t) for t in inputs)
            except TorchRuntimeError as e:
                if out.is_complex():
                    e.hint = e.hint or COMPLEX_HINT
                raise
            blocks = {n: j._data for n, j in zip(names, jac)}
        else:
            try:
                hess = _hessian(func, inputs)
            except TorchRuntimeError as e:
                if out.is_complex():
                    e.hint = e.hint or COMPLEX_HINT
                if any(t.is_complex() for t in inputs):
                    e.hint = e.hint or COMPLEX_GRADIENT_HINT
                e.hint = e.hint or (f"the output has shape {list(out.shape)}; the Hessian needs "
                                    "a scalar: reduce it with sum(...) or mean(...)")
                raise
            blocks = {(a, b): hess[i][j]._data for i, a in enumerate(names)
                      for j, b in enumerate(names)}
    report = M.MatrixReport(kind, problem.expression, problem.dtype,
                            M.TensorView.of(out, with_grad=False),
                            {n: M.TensorView.of(t, with_grad=False) for n, t in tensors.items()},
                            blocks)
    _whole_matrix(report, names, tensors, out)
    return report


def _empty_block(a: Tensor, b: Tensor) -> Tensor:
    """The block of a Jacobian or Hessian where a or b has no elements: zeros of shape
    a.shape + b.shape (PyTorch's jacobian stacks no rows there and refuses; the CLI shows
    the empty block)."""
    return Tensor._wrap(np.zeros(tuple(a.shape) + tuple(b.shape), b._data.dtype))


def _hessian(func, inputs) -> tuple:
    """functional.hessian over the inputs that have elements; the blocks of the others are
    empty (`_empty_block`)."""
    from ..autograd import functional
    full = [i for i, t in enumerate(inputs) if t.numel()]

    def of_full(*xs):
        args = list(inputs)
        for i, x in zip(full, xs):
            args[i] = x
        return func(*args)
    hess = functional.hessian(of_full, tuple(inputs[i] for i in full)) if full else ()
    where = {i: k for k, i in enumerate(full)}
    return tuple(tuple(hess[where[i]][where[j]] if i in where and j in where else
                       _empty_block(a, b) for j, b in enumerate(inputs))
                 for i, a in enumerate(inputs))


def _refuse_large_matrix(problem: Problem, kind: str, out: Tensor, inputs, names) -> None:
    """Refuse, before computing it, a Jacobian or Hessian whose blocks break the element
    limits: each block is a tensor (out.shape + x.shape, or a.shape + b.shape) and the
    blocks are held together."""
    sizes = [x._data.size for x in inputs]
    rows = out._data.size if kind == "jacobian" else None
    if rows is None and out._data.size != 1:
        return                      # not a scalar: the Hessian's own error says so
    pairs = list(zip(names, sizes))
    blocks = ([(n, rows * k) for n, k in pairs] if rows is not None else
              [(f"{a}, {b}", i * j) for a, i in pairs for b, j in pairs])
    what = "Jacobian" if kind == "jacobian" else "Hessian"
    hint = "differentiate fewer or smaller variables (--wrt)" + (
        "; `gradcli grad --gradient W` gives one vector-Jacobian product" if kind == "jacobian"
        else "")
    limits = problem.limits
    name, largest = max(blocks, key=lambda item: item[1])
    if largest > limits.max_elements:
        shape = (list(out._data.shape) + list(inputs[names.index(name)]._data.shape)
                 if kind == "jacobian" else None)
        block = (f"its block for {name} (shape {shape})" if kind == "jacobian"
                 else f"its block for ({name})")
        raise LimitError(f"the {what} would have {largest:,} elements in {block}, over the "
                         f"limit of {limits.max_elements:,} elements per tensor",
                         hint=f"raise it with --max-elements, or {hint}")
    total = sum(n for _, n in blocks)
    if total > limits.max_total_elements:
        raise LimitError(f"the {what} would have {total:,} elements in all, over the limit "
                         f"of {limits.max_total_elements:,} tensor elements held at once",
                         hint=f"raise it with --max-total-elements, or {hint}")


def _element_labels(name: str, shape) -> list[str]:
    if not shape:
        return [name]
    return [f"{name}[{','.join(map(str, i))}]" for i in np.ndindex(*shape)]


def _whole_matrix(report: M.MatrixReport, names, tensors, out, limit: int = 12) -> None:
    """For small problems, all blocks as one matrix with labelled rows and columns."""
    width = sum(tensors[n]._data.size for n in names)
    height = out._data.size if report.kind == "jacobian" else width
    if width > limit or height > 4 * limit:
        return                      # shown block by block: no labels, no copy of them
    columns = [label for n in names for label in _element_labels(n, tensors[n]._data.shape)]
    if report.kind == "jacobian":
        rows = _element_labels("out", out._data.shape)
        pieces = [report.blocks[n].reshape(len(rows), tensors[n]._data.size) for n in names]
        matrix = np.concatenate(pieces, axis=1) if pieces else None
    else:
        rows = columns
        matrix = np.block([[report.blocks[(a, b)].reshape(tensors[a]._data.size,
                                                            tensors[b]._data.size)
                            for b in names] for a in names])
    if len(columns) <= limit and len(rows) <= 4 * limit:
        report.matrix, report.row_labels, report.column_labels = matrix, rows, columns


# -- check --------------------------------------------------------------------------------------

def check_report(problem: Problem, *, eps=1e-6, atol=1e-5, rtol=1e-3,
                 second_order=True) -> M.CheckReport:
    """gradcheck and gradgradcheck in float64, with every compared entry for the table."""
    from ..autograd.gradcheck import GradcheckError, gradcheck, gradgradcheck, jacobians
    tensors = make_tensors(problem, np.float64)
    names, func64 = _function_of_wrt(problem, tensors, "float64")
    _refuse_empty(names, tensors)
    inputs = tuple(tensors[n] for n in names)
    out = func64(*inputs)
    _refuse_constant(problem, out)
    checks = {"gradcheck": gradcheck}
    if second_order:
        checks["gradgradcheck"] = gradgradcheck
    verdicts, messages, rows = {}, {}, []
    with engine_state(problem.settings, "float64"):
        for label, fn in checks.items():
            try:
                verdicts[label] = bool(fn(func64, inputs, eps=eps, atol=atol, rtol=rtol))
            except GradcheckError as e:
                verdicts[label] = False
                messages[label] = e.message.strip().splitlines()[0].rstrip(",")
        parts = _output_parts(func64, out)
        for part, func in parts:
            num, ana = jacobians(func, inputs, eps=eps)
            rows += _rows(1, names, inputs, out, num, ana, atol, rtol, part)
        for part, func in parts if second_order else ():
            gfunc = _gradient_function(func, names, parts=True)
            num2, ana2 = jacobians(gfunc, inputs, eps=eps, every_output=True)
            rows += _rows(2, names, inputs, None, num2, ana2, atol, rtol, part)
    return M.CheckReport(problem.expression, "float64", M.TensorView.of(out, with_grad=False),
                         {n: M.TensorView.of(t, with_grad=False) for n, t in tensors.items()},
                         rows, verdicts, messages, eps, atol, rtol)


def _whole_expression(problem: Problem):
    """The place of an error about the whole expression: its first line, column 1."""
    from ..errors import Position
    return Position(FILENAME, 1, 1, problem.expression.split("\n", 1)[0])


def _refuse_constant(problem: Problem, out: Tensor) -> None:
    """An output no variable's gradient reaches has nothing to check (gradcheck would pass
    or fail on the numbers alone, gradgradcheck has no graph to differentiate)."""
    if not out.requires_grad:
        raise EvalError("the output does not require grad, so it has no gradient to check",
                        hint=NO_GRAD_HINT, position=_whole_expression(problem))


def _output_parts(func, out: Tensor) -> list:
    """[(part, function)] whose derivatives the table shows: a complex output's real part
    and imaginary part as two real functions, as PyTorch's gradcheck checks it."""
    if not out.is_complex():
        return [("", func)]

    def part_of(name):
        def part(*inputs):
            return getattr(func(*inputs), name)
        return part
    return [("real", part_of("real")), ("imaginary", part_of("imag"))]


def _refuse_empty(names, tensors) -> None:
    """Central differences need an element to step: a variable without one is refused
    (PyTorch's gradcheck passes it trivially; gradcli's does not handle it yet)."""
    for name in names:
        if tensors[name]._data.size == 0:
            raise UsageError(f"variable {name!r} has no elements (shape "
                             f"{list(tensors[name]._data.shape)}): there is nothing to check",
                             hint=f"give --{name} at least one element, or leave it out of "
                                  "--wrt")


def _gradient_function(func, names, parts=False):
    """x -> the gradients of sum(func(x)) (built with create_graph): the second order.
    `parts`: a complex gradient (of a complex variable) as its real part and its imaginary
    part, two real outputs, whose derivatives follow PyTorch's convention for a real
    function of a complex input (d/dx + 1j d/dy), numerically and analytically alike."""
    from ..autograd import enable_grad, grad

    def gradients(*inputs):
        with enable_grad():         # the numerical Jacobian calls this under no_grad
            out = func(*inputs)
            if not out.requires_grad:
                return tuple(Tensor._wrap(np.zeros_like(x._data)) for x in inputs)
            gs = grad(out.sum(), inputs, create_graph=True, allow_unused=True)
        gs = tuple(g if g is not None else Tensor._wrap(np.zeros_like(x._data))
                   for g, x in zip(gs, inputs))
        if parts:
            gs = tuple(p for g in gs for p in ((g.real, g.imag) if g.is_complex() else (g,)))
        return gs
    gradients.__qualname__ = f"gradients of {' '.join(names)}"
    return gradients


def _rows(order, names, inputs, out, num, ana, atol, rtol, part="") -> list[M.CheckRow]:
    rows, start = [], 0
    for name, x in zip(names, inputs):
        n = x._data.size
        a, nm = ana[start:start + n], num[start:start + n]
        start += n
        if out is not None and a.shape[1] == out._data.size:
            # first order: d out / d x, shaped out.shape + x.shape as torch's jacobian
            a = a.T.reshape(out._data.shape + x._data.shape)
            nm = nm.T.reshape(out._data.shape + x._data.shape)
        a, nm = _real_for_real(x, a), _real_for_real(x, nm)
        err, ok = _compare(a, nm, atol, rtol)
        rows.append(M.CheckRow(order, name, a, nm, err, ok, part))
    return rows


def _real_for_real(x: Tensor, derivatives: np.ndarray) -> np.ndarray:
    """Derivatives with respect to a real variable, which the Jacobians hold as complex
    numbers when another variable is complex: real again when their imaginary parts are 0."""
    if np.iscomplexobj(derivatives) and not x.is_complex() and not derivatives.imag.any():
        return derivatives.real
    return derivatives


# -- the graph and the observed backward pass -------------------------------------------------

@contextlib.contextmanager
def forward_trace():
    """While the block runs, remember the input tensors of every recorded node, so that the
    graph can show each node's value (the engine keeps only what backward needs)."""
    from ..ops import core
    inputs_of: dict = {}

    def record(node, inputs):
        inputs_of[node] = tuple(inputs)

    core.record_observers.append(record)
    try:
        yield inputs_of
    finally:
        core.record_observers.remove(record)


def walk(root) -> list:
    """Every node reachable from root, in discovery order (the engine's own walk)."""
    from ..autograd.engine import graph_nodes
    return graph_nodes([root])


def rule_of(node, label: str = "leaf") -> str:
    """The node's derivative rule in one line (its docstring, as the op registry keeps it)."""
    if isinstance(node, AccumulateGrad):
        return f"{label}.grad += incoming gradient (a leaf accumulates)"
    kind = type(node)
    rule = _RULES.get(kind)
    if rule is None:
        doc = (kind.__doc__ or "").strip()
        rule = _RULES[kind] = doc.splitlines()[0] if doc else ""
    return rule


_RULES: dict = {}          # node class -> its rule (a graph repeats a few classes)


class _Traced(Struct, slots=False, eq=True):
    """A forward pass seen through `forward_trace`: the output, its graph, node values."""

    problem: Problem
    tensors: dict
    out: Tensor
    nodes: list
    ids: dict
    names: dict                          # id(leaf tensor) -> variable name
    values: dict                         # (node, output_nr) -> ndarray
    constants: dict                      # (node, input index) -> ndarray

    def label(self, node) -> str:
        if isinstance(node, AccumulateGrad):
            return self.names.get(id(node.variable), "(leaf)")
        return type(node).__name__

    def value(self, node):
        if isinstance(node, AccumulateGrad):
            return node.variable._data
        return self.values.get((node, 0))


def trace(problem: Problem) -> _Traced:
    tensors = make_tensors(problem)
    with forward_trace() as inputs_of:
        out = _output_tensor(problem, tensors)
    root = out.grad_fn if out.grad_fn is not None else (
        out._grad_accumulator() if out.requires_grad else None)
    nodes = walk(root)
    values = {(root, out._output_nr): out._data} if root is not None else {}
    constants = {}
    for node, inputs in inputs_of.items():
        for i, ((nxt, nr), x) in enumerate(zip(node.next_functions, inputs)):
            if nxt is None:
                constants[(node, i)] = x._data
            else:
                values.setdefault((nxt, nr), x._data)
    names = {id(t): n for n, t in tensors.items()}
    return _Traced(problem, tensors, out, nodes, {n: f"n{i}" for i, n in enumerate(nodes)},
                   names, values, constants)


def observed_backward(tr: _Traced, gradient, retain_graph=False) -> list:
    """Run backward on the traced output and return, in the engine's order, every node it
    ran as (node, incoming grads, outgoing grads); a leaf's entry comes from a hook on the
    leaf, which runs when its AccumulateGrad runs."""
    steps: list = []

    def seen(node, grads_out, grads_in):
        steps.append((node, grads_out, grads_in))

    def leaf_hook(node):
        def hook(g):
            steps.append((node, (g,), ()))
        return hook

    handles = [node.variable.register_hook(leaf_hook(node)) for node in tr.nodes
               if isinstance(node, AccumulateGrad)]
    _engine._observers.append(seen)
    try:
        with engine_state(tr.problem.settings):
            backward(tr.out, gradient, retain_graph=retain_graph)
    finally:
        _engine._observers.remove(seen)
        for h in handles:
            h.remove()
    return steps


def _array(t):
    return None if t is None else t._data


def _edges(tr: _Traced, node, grads=None) -> list[M.Edge]:
    edges = []
    sent = 0 if grads is None else len(grads)
    for i, (nxt, nr) in enumerate(node.next_functions):
        if nxt is None:
            edges.append(M.Edge(None, "None", nr, None, tr.constants.get((node, i))))
        else:
            g = grads[i] if i < sent else None
            edges.append(M.Edge(tr.ids[nxt], tr.label(nxt), nr,
                                None if g is None else g._data))
    return edges


def _root_grad(out: Tensor, gradient):
    return np.ones(out._data.shape, out._data.dtype) if gradient is None else gradient


def _inputs(tr: _Traced) -> dict:
    return {n: M.TensorView.of(t) for n, t in tr.tensors.items()}


def explain_report(problem: Problem, gradient_text=None) -> M.ExplainReport:
    gradient = parse_gradient(problem, gradient_text)
    tr = trace(problem)
    steps = []
    for k, (node, incoming, outgoing) in enumerate(observed_backward(tr, gradient), 1):
        label = tr.label(node)
        steps.append(M.Step(k, tr.ids.get(node, "?"), type(node).__name__, label,
                            rule_of(node, label), tr.value(node),
                            [_array(g) for g in incoming],
                            _edges(tr, node, outgoing)))
    return M.ExplainReport(problem.expression, problem.dtype, M.TensorView.of(tr.out),
                           _inputs(tr), _root_grad(tr.out, gradient), steps)


def graph_report(problem: Problem, gradient_text=None, *, run_backward=True,
                 saved=False) -> M.GraphReport:
    gradient = parse_gradient(problem, gradient_text)
    tr = trace(problem)
    saved_of = {n: _saved(tr, n) for n in tr.nodes} if saved else {}
    incoming, outgoing = {}, {}
    if run_backward and tr.nodes:
        if gradient is None and tr.out._data.size != 1:
            raise TorchRuntimeError("grad can be implicitly created only for scalar outputs",
                                    hint=f"to show gradients, {NONSCALAR_HINT}; or pass "
                                         "--no-backward for the graph alone")
        if gradient is None and tr.out.is_complex():
            raise TorchRuntimeError(f"grad can be implicitly created only for real scalar "
                                    f"outputs but got {tr.out.dtype}",
                                    hint=f"to show gradients, {COMPLEX_HINT}; or pass "
                                         "--no-backward for the graph alone")
        for node, grads_in, grads_out in observed_backward(tr, gradient, retain_graph=True):
            incoming[node], outgoing[node] = grads_in, grads_out
    nodes = []
    dtypes: dict = {}                     # NumPy dtype -> its name, looked up once each
    for node in tr.nodes:
        leaf = isinstance(node, AccumulateGrad)
        value = tr.value(node)
        label = tr.label(node)
        g = incoming.get(node)
        if value is None:
            shape = dtype = None
        else:
            shape = list(value.shape)
            dtype = dtypes.get(value.dtype)
            if dtype is None:
                dtype = dtypes[value.dtype] = _dtype_name(value)
        nodes.append(M.GraphNode(
            tr.ids[node], type(node).__name__, label, label if leaf else None, shape, dtype,
            value, None if not g else _array(g[0]), True, leaf, rule_of(node, label),
            _edges(tr, node, outgoing.get(node)), saved_of.get(node, [])))
    return M.GraphReport(problem.expression, problem.dtype, M.TensorView.of(tr.out),
                         _inputs(tr), nodes, bool(incoming))


def _dtype_name(arr) -> str:
    from ..dtypes import from_numpy
    try:
        return from_numpy(arr.dtype).name
    except TypeError:
        return str(arr.dtype)


def _saved(tr: _Traced, node) -> list:
    """(label, value) of each tensor the node saved for its backward rule: `[0] x` for a
    variable, `[0] n1` for the result of node n1, `[0] const` for anything else."""
    try:
        saved = node.saved
    except TorchRuntimeError:
        return []
    by_data = {id(t._data): n for n, t in tr.tensors.items()}
    out = []
    for k, t in enumerate(saved):
        if t is None:
            continue                  # not needed for the gradients asked for
        source = by_data.get(id(t._data))
        if source is None:
            fn = t.grad_fn
            source = tr.ids.get(fn, "const") if fn is not None and fn is not node else (
                "result" if fn is node else "const")
        out.append((f"[{k}] {source}", t._data))
    return out
