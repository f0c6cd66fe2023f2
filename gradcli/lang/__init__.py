"""The formula language: a small, safe, Python-flavoured language for autograd examples.

    parse(source)                  -> Module      (typed AST; FormulaSyntaxError)
    run_source(source, ...)        -> dict        (runs a file; the final user namespace)
    eval_expression(expr, vars)    -> value       (a one-liner of the same grammar)
    free_names(source)             -> [names]     (variables a formula needs but never sets)
    Limits, FLAGS                                 (resource limits and their CLI flags)

The pipeline is grammar/gradcli.lark -> parser.py (lark LALR, AST built on each reduction)
-> compiler.py (flat bytecode, no recursion) -> vm.py (a stack machine with an explicit frame
stack) with guards.py and builtins.py deciding what a formula may touch, exceptions.py
what its `try`/`except` may catch (never a limit), and classes.py what `class Net(nn.Module):`
and `super()` make. Lark and the engine are imported only when a formula is parsed or run.
"""
from __future__ import annotations

import functools
import sys
import warnings
from typing import TextIO

from ..errors import EvalError, GradcliError, LimitError
from .limits import DEFAULT_LIMITS, FLAGS, Limits

__all__ = ["parse", "run_source", "eval_expression", "free_names", "Limits", "FLAGS",
           "DEFAULT_LIMITS", "default_engine"]


def parse(source: str, filename: str = "<formula>", *, limits: Limits | None = None,
          mode: str = "file"):
    """Parse a formula file (or, with mode="expression", a one-liner) into a Module. The
    last parse is kept: a command reads a one-liner's names and runs it, each parsing the
    same source (a Module is never changed once built; only its filename may differ)."""
    bounds = limits or DEFAULT_LIMITS
    key = (source, mode, bounds.max_source_bytes, bounds.max_depth)     # (what parsing reads)
    last = _LAST_PARSE[0]
    if last is not None and last[0] == key:
        module = last[1]
        if module.filename != filename:
            module = _renamed(module, filename)
        return module
    from .parser import parse as _parse
    module = _parse(source, filename, limits=limits, mode=mode)
    _LAST_PARSE[0] = (key, module)
    return module


_LAST_PARSE: list = [None]      # (key, Module) of the last parse


def _renamed(module, filename: str):
    import copy
    module = copy.copy(module)
    module.filename = filename
    return module


@functools.lru_cache(maxsize=1)
def default_engine():
    """The engine as the interpreter sees it (gradcli.namespace and friends), built once."""
    from .. import namespace
    from .vm import Engine
    try:
        from ..autograd.function import make_function_class
    except ImportError:          # pragma: no cover - engine without custom Functions
        make_function_class = None
    try:
        from .. import limits as engine_limits
        limits_context = getattr(engine_limits, "activated", None)
    except ImportError:          # pragma: no cover
        limits_context = None
    torch, numpy = namespace.torch_namespace(), namespace.numpy_namespace()
    bare = dict(namespace.bare_names(torch, loaded=True))
    bare.update(torch=torch, np=numpy, numpy=numpy)
    from .. import ops
    return Engine({"torch": torch, "numpy": numpy,
                   "functorch": namespace.functorch_namespace(),
                   "torch.autograd.gradcheck": namespace.gradcheck_namespace()}, bare,
                  tensor_type=getattr(namespace, "Tensor", None),
                  function_base=bare.get("Function"),
                  make_function_class=make_function_class,
                  limits_context=limits_context,
                  safe_attributes=getattr(namespace, "SAFE_ATTRIBUTES", {}),
                  more_names=(lambda: namespace.bare_names(torch), ops.complete,
                              ops.all_loaded))


#: The files torch.save() wrote in the run in progress (gradcli/serialization.py).
RUN_FILES: list = [None]


def _run(source: str, filename: str, limits: Limits | None, out: TextIO | None,
         variables: dict | None, engine, mode: str):
    from .compiler import compile_module
    from .vm import VM
    limits = limits or DEFAULT_LIMITS
    module = parse(source, filename, limits=limits, mode=mode)
    code = compile_module(module)
    engine = engine or default_engine()
    vm = VM(engine, limits, out if out is not None else sys.stdout,
            expression=mode == "expression")
    global_vars = dict(variables or {})
    context = engine.limits_context(limits) if engine.limits_context else None
    from ..autograd import anomaly
    from ..errors import reset_once_warnings
    from .. import runstate
    # a program's settings end with it (see runstate); an expression's (a --var value's
    # draws of the default generator) are the caller's
    settings = runstate.snapshot() if mode == "file" else None
    reset_once_warnings()                   # a run is a program of its own: see warn_once
    threads = sys.modules.get("gradcli.ops.predicates")
    if threads is not None:                 # (and its thread counts are the defaults)
        threads.reset_num_threads()
    if anomaly.is_anomaly_enabled() or not anomaly.is_anomaly_check_nan_enabled():
        anomaly._set(False, True)           # (nor anomaly mode, nor a program's KL rules)
    distributions = sys.modules.get("gradcli.distributions")
    if distributions is not None:
        distributions.reset_run_state()
    modules = sys.modules.get("gradcli.nn.modules.module")
    if modules is not None:                 # (nor another run's global module hooks)
        modules.reset_global_hooks()
    optim = sys.modules.get("gradcli.optim")
    if optim is not None:                   # (nor its global optimizer step hooks)
        optim.reset_global_hooks()
    backcompat = sys.modules.get("gradcli.utils.backcompat")
    if backcompat is not None:
        backcompat.reset_run_state()
    serialization = sys.modules.get("gradcli.serialization")
    if serialization is not None:           # (nor its allowlisted classes)
        serialization.clear_safe_globals()
    provider, files = anomaly.stack_provider[0], RUN_FILES[0]
    anomaly.stack_provider[0], RUN_FILES[0] = vm.traceback_lines, {}
    try:
        with warnings.catch_warnings():
            warnings.showwarning = vm.show_warning
            vm.host_filters = frozenset(map(id, warnings.filters))
            # every warning reaches show_warning, which keeps one per line of the formula
            # (filters of the engine's and the formula's own come first)
            warnings.filterwarnings("always", append=True)
            if context is not None:
                with context:
                    value = vm.run(code, global_vars)
            else:
                value = vm.run(code, global_vars)
    except GradcliError as error:
        from .exceptions import clean_exit, name_uncaught
        if not clean_exit(error):
            name_uncaught(error)
            raise
        value = None                        # sys.exit() or sys.exit(0): the run is done
    except RecursionError as exc:
        raise LimitError("maximum recursion depth exceeded") from exc
    except MemoryError as exc:
        raise LimitError("out of memory") from exc
    except Exception as exc:      # a bug of ours: still no traceback for the user
        raise EvalError(f"internal error: {type(exc).__name__}: {exc}",
                        hint="please report this with the formula (rerun with --debug "
                             "for the traceback)") from exc
    finally:
        anomaly.stack_provider[0], RUN_FILES[0] = provider, files
        if settings is not None:
            runstate.restore(settings)
    return value, global_vars


def run_source(source: str, filename: str = "<formula>", *, limits: Limits | None = None,
               out: TextIO | None = None, variables: dict | None = None,
               engine=None) -> dict:
    """Run a formula file; print() writes to `out` (default sys.stdout). Returns the final
    user namespace (name -> value). Raises FormulaSyntaxError, EvalError, LimitError or
    AssertionFailed, each with a source position."""
    return _run(source, filename, limits, out, variables, engine, "file")[1]


def eval_expression(source: str, variables: dict, *, filename: str = "<expr>",
                    limits: Limits | None = None, engine=None, out: TextIO | None = None):
    """Evaluate a one-liner (the grammar's expression rule) with `variables` bound and every
    engine name (dot, ones, sum, exp, torch, np ...) available; returns its value."""
    return _run(source, filename, limits, out, variables, engine, "expression")[0]


def free_names(source: str, *, engine=None, limits: Limits | None = None) -> list[str]:
    """Names a formula (expression or file) reads but neither assigns nor gets from the
    engine or the builtins, in order of first use, parsed within `limits`. Raises
    FormulaSyntaxError."""
    from . import ast as A
    from .builtins import UNAVAILABLE
    from .compiler import bound_names
    from ..errors import FormulaSyntaxError
    try:
        module = parse(source, "<formula>", limits=limits, mode="expression")
    except FormulaSyntaxError:
        module = parse(source, "<formula>", limits=limits)
    assigned: set = set()
    scopes = [module.body]
    read: dict = {}                           # every name read, in order of first use
    for node in A.walk(module):
        kind = type(node)
        if kind is A.Name:
            read.setdefault(node.id)
        elif kind is A.FunctionDef or kind is A.Lambda:
            assigned.update(node.params.all_names())
            if kind is A.FunctionDef:
                scopes.append(node.body)
        elif kind is A.ClassDef:
            scopes.append(node.body)
        elif kind is A.Comprehension:
            assigned.update(n.id for n in A.walk(node.target) if isinstance(n, A.Name))
    for body in scopes:
        assigned |= bound_names(body)[0]
    known = set(UNAVAILABLE) | _known_names(engine)
    return [name for name in read if name not in assigned and name not in known]


def _known_names(engine) -> set:
    from .builtins import BUILTIN_NAMES
    try:
        engine = engine or default_engine()
    except ImportError:           # no engine: Python's builtins still count
        return set(BUILTIN_NAMES)
    lazy = engine.lazy_names()            # (first: it may complete engine.bare_names)
    return set(engine.bare_names) | set(BUILTIN_NAMES) | lazy
