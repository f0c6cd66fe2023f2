"""The stack machine that runs compiled formulas.

One loop runs every frame: a call to a user function pushes a Frame and the loop carries on
in it (no Python recursion), a return pops it. Only engine code calling back into a formula
(a hook, a custom Function's forward/backward, a lambda given to the engine) starts a nested
run of the loop, and the call-depth limit bounds those too. Every Python exception from an
operation becomes a gradcli error at the source position of the instruction that raised it,
with the engine's (PyTorch's) message unchanged. A `try` pushes a block on its frame; an
error unwinds to the innermost one unless exceptions.py says no formula may catch it (a
limit, memory, an internal error), and the handler sees it as the Python exception PyTorch
or Python would raise.
"""
from __future__ import annotations

import re
import types

import sys
import time
from types import FunctionType, MethodType

from ..errors import (ArgumentTypeError, AssertionFailed, EvalError, GradcliError,
                      LimitError, Position, TorchTypeError)
from . import compiler as C
from . import exceptions as X
from .builtins import UNAVAILABLE, make_builtins, repr_, text
from .guards import Guards, check_unpackable, suggest
from .limits import RECURSION, CallDepthError, Limits

_MISSING = object()
ALLOWED_IMPORTS = ("torch (and torch.autograd, torch.autograd.functional, "
                   "torch.autograd.forward_ad, torch.autograd.graph, torch.func, torch.nn, "
                   "torch.nn.functional, torch.nn.init, torch.nn.utils, torch.nn.grad, "
                   "torch.linalg, torch.special, torch.fft, torch.signal, torch.distributions, "
                   "torch.masked, "
                   "torch.optim, torch.compiler, torch.random, torch.utils.data, "
                   "torch.utils.dlpack, torch.utils.checkpoint, torch.backends.*), numpy, "
                   "functorch, and from "
                   "Python's standard library math, random, time, typing, "
                   "collections, functools, itertools, copy, sys, dataclasses, contextlib, "
                   "abc, warnings, string, json, argparse, operator, enum, types, "
                   "statistics, gc, io (StringIO, BytesIO) and textwrap")

# Modules scripts import that a formula cannot, with the reason
REFUSED_IMPORTS = {
    "threading": "a formula runs in one thread (call the function directly)",
    "multiprocessing": "a formula runs in one process (call the function directly)",
    "re": "regular expressions run in loops the time limit cannot stop (use the str "
          "methods: split, startswith, replace ...)",
}


class Frame:
    """One activation: its code, locals, the closure it reads, its value stack and the
    blocks open in it (with-blocks, try set-ups, exceptions being handled)."""

    __slots__ = ("code", "locals", "closure", "stack", "pc", "blocks")

    def __init__(self, code: C.Code, local_vars: dict, closure: tuple):
        self.code = code
        self.locals = local_vars
        self.closure = closure
        self.stack: list = []
        self.pc = 0
        self.blocks: list = []


class _Block:
    """A with-block (cm set), a try set-up (`handler` is where an error resumes, `depth`
    the stack height there) or an exception being handled (error set)."""

    __slots__ = ("cm", "handler", "depth", "error")

    def __init__(self, cm, handler: int, depth: int, error=None):
        self.cm = cm
        self.handler = handler
        self.depth = depth
        self.error = error


class UserFunction:
    """A function, lambda or comprehension defined in a formula. Engine code may call it
    like any Python function; the call runs on the formula's VM."""

    __slots__ = ("code", "defaults", "kwdefaults", "closure", "vm", "__weakref__")

    def __init__(self, code, defaults, kwdefaults, closure, vm):
        self.code = code
        self.defaults = defaults
        self.kwdefaults = kwdefaults
        self.closure = closure
        self.vm = vm

    @property
    def __name__(self):
        return self.code.name

    def __getattr__(self, name):
        # `__qualname__` cannot be a property (a class body's must be a str), so it is
        # answered here: CPython's `f.<locals>.g`, `<lambda>.<locals>.<lambda>`, `C.method`
        if name == "__qualname__":
            return self.code.qualname
        raise AttributeError(f"'function' object has no attribute '{name}'")

    def __call__(self, *args, **kwargs):
        return self.vm.call_function(self, args, kwargs)

    @property
    def __signature__(self):
        """Its parameters as inspect.signature gives a Python function's (engine code binds
        calls with it: a custom Function's apply with setup_context)."""
        import inspect
        P = inspect.Parameter
        params = self.code.params
        first_default = len(params.names) - len(self.defaults)
        out = [P(n, P.POSITIONAL_ONLY if i < params.posonly else P.POSITIONAL_OR_KEYWORD,
                 default=self.defaults[i - first_default] if i >= first_default else P.empty)
               for i, n in enumerate(params.names)]
        if params.vararg is not None:
            out.append(P(params.vararg, P.VAR_POSITIONAL))
        kwdefaults = self.kwdefaults or {}
        out += [P(n, P.KEYWORD_ONLY, default=kwdefaults.get(n, P.empty))
                for n in params.kwonly]
        if params.kwarg is not None:
            out.append(P(params.kwarg, P.VAR_KEYWORD))
        return inspect.Signature(out)

    def __repr__(self):
        return f"<function {self.code.qualname} at {hex(id(self))}>"

    def __copy__(self):          # copy.deepcopy(model) copies a function as Python does:
        return self              # not at all (a copy would copy the whole run)

    def __deepcopy__(self, memo):
        return self


UserFunction.__name__ = "function"     # as Python's messages name a function's type:
# "unsupported operand type(s) for +: 'Tensor' and 'function'"


class _Yielded:
    """What a run of the loop returns when its bottom frame (a generator's) yields."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


class Generator:
    """What calling a formula function with `yield` in it gives: an iterator whose next
    value comes from resuming the function's frame on the VM until its next `yield` (a
    nested run of the loop, like an engine callback). Its `return` ends it; an error in it
    ends it and reaches the caller. send(v) resumes it with v as the value of the `yield`;
    throw(e) raises e at the `yield`; close() raises GeneratorExit there, so its `finally`
    blocks run. A for loop's generator that nothing else holds is closed where CPython frees
    it: when `break`, `return` or an exception leaves the loop (_drop_iterator). (Otherwise
    a generator dropped unfinished leaves only the engine's context managers it is in; its
    own `finally` blocks do not run.)"""

    __slots__ = ("vm", "frame", "done", "running", "started", "__weakref__")

    def __init__(self, vm, frame):
        self.vm = vm
        self.frame = frame
        self.done = False
        self.running = False
        self.started = False

    def __iter__(self):
        return self

    def __next__(self):
        return self._run(None, None)

    def send(self, value):
        return self._run(value, None)

    def throw(self, value):
        """Raise `value` (an exception or its class) where the generator stopped."""
        error = X.error_for(X.exception_value(value))
        return self._throw(error)

    def close(self):
        """Python's close(): GeneratorExit at the `yield` it stopped at, which its
        `finally` blocks see and which it must not answer with another value."""
        if self.done:
            return None
        if not self.started:
            self.done = True
            return None
        try:
            self._throw(X.generator_exit())
        except StopIteration:
            return None
        except GradcliError as error:
            if X.is_generator_exit(error):
                return None
            raise
        raise EvalError("RuntimeError: generator ignored GeneratorExit")

    def _throw(self, error):
        if self.done or not self.started:
            self.done = True
            raise error
        return self._run(None, error)

    def _run(self, value, pending):
        """Resume the frame: with `value` as the value of the `yield` it stopped at, or
        raising `pending` there. (It runs the VM's loop itself, not through _execute: a
        chain of generators, each pulling from the next, costs the fewest Python frames.)"""
        if self.done:
            raise StopIteration
        vm = self.vm
        if len(vm.frames) > vm.limits.max_call_depth:
            raise vm.limits.error("max_call_depth", hint="is a recursion unbounded?")
        if self.running:
            raise EvalError("ValueError: generator already executing")
        if self.started:
            if pending is None:
                self.frame.stack.append(value)
        elif value is not None:
            raise EvalError("TypeError: can't send non-None value to a just-started generator")
        self.running = self.started = True
        base = len(vm.frames)
        vm.frames.append(self.frame)
        try:
            result = vm._loop(base, pending)
        except RecursionError:
            self.done = True
            raise vm.too_deep(base) from None
        except GradcliError as error:
            self.done = True
            if isinstance(X.formula_exception(error), StopIteration):       # PEP 479
                raise EvalError("RuntimeError: generator raised StopIteration") from error
            raise
        except BaseException:
            self.done = True
            raise
        finally:
            self.running = False
        if type(result) is _Yielded:
            return result.value
        self.done = True
        raise StopIteration(result) if result is not None else StopIteration  # Python's

    def __repr__(self):
        return f"<generator object {self.frame.code.qualname} at {hex(id(self))}>"

    def __del__(self):
        """Dropped unfinished, as Python closes it: the engine's context managers it is
        inside (`with torch.no_grad():`) are left, so the grad mode they set ends too."""
        if self.done:
            return
        from .classes import is_formula_class
        for block in reversed(self.frame.blocks):
            if block.cm is not None and not is_formula_class(type(block.cm)):
                try:
                    block.cm.__exit__(GeneratorExit, GeneratorExit(), None)
                except Exception:        # noqa: BLE001 - nothing to report it to
                    pass
        self.frame.blocks.clear()


Generator.__name__ = "generator"     # what type(g).__name__ and error texts say in Python


def _drop_values(stack: list, depth: int) -> None:
    """Cut a frame's stack to `depth` for an exception, top first, as CPython unwinds it:
    a generator (a for loop's iterator) only the stack held is closed on the way."""
    while len(stack) > depth:
        _drop_iterator(stack.pop())


def _drop_iterator(iterator) -> None:
    """A for loop's iterator, dropped by `break`, `return` or an exception: a generator
    nothing else holds is closed there, as CPython frees it, so its `finally` blocks run
    before the next line. An error in them is reported on stderr and ignored, as Python's
    "Exception ignored in" does (a limit's error is not ignored)."""
    if type(iterator) is not Generator or sys.getrefcount(iterator) > 2 or iterator.done:
        return
    try:
        iterator.close()
    except LimitError:
        raise
    except GradcliError as error:
        sys.stderr.write(f"Exception ignored in: {iterator!r}\n{error.message}\n")


class Engine:
    """What the interpreter takes from the engine: the importable modules, the bare names,
    the custom-Function factory and the limits context."""

    def __init__(self, modules: dict, bare_names: dict, *, tensor_type=None,
                 function_base=None, make_function_class=None, limits_context=None,
                 safe_attributes=None, more_names=None):
        self.modules = modules
        self.bare_names = bare_names
        self.tensor_type = tensor_type
        self.function_base = function_base
        self.make_function_class = make_function_class
        self.limits_context = limits_context
        self.safe_attributes = safe_attributes or {}
        # (every bare name, load(name) -> whether it loaded what defines `name`, whether all
        # is loaded): for an engine that loads some of what its names are on first use
        self._more = more_names

    def complete(self, name=None) -> bool:
        """Add the bare names not loaded yet if `name` is one of them (any name when None);
        whether `name` (anything, for None) was added."""
        more = self._more
        if more is None:
            return False
        every, load, all_loaded = more
        if not all_loaded() and not load(name, "bare"):
            return False
        self._more = None
        added = {k: v for k, v in every().items() if k not in self.bare_names}
        self.bare_names.update(added)
        return bool(added) if name is None else name in added

    def lazy_names(self) -> frozenset:
        """The bare names that `complete` would add (nothing is loaded). Once every op module
        is loaded (by whatever ran before) there are none left to load: this engine's names
        are completed then, so none goes missing."""
        if self._more is None:
            return frozenset()
        from ..ops import lazy_names
        names = lazy_names("bare")
        if not names:
            self.complete()
        return names


class VM:
    """Runs Code objects under a set of Limits, writing print() output to `out`."""

    def __init__(self, engine: Engine, limits: Limits, out, *, expression: bool = False):
        self.engine = engine
        self.limits = limits
        self.out = out
        self.frames: list[Frame] = []
        self.steps = 0
        self.deadline = time.monotonic() + limits.max_seconds
        self.guards = Guards(self, engine.safe_attributes)
        self.guards.safe_attributes[Generator] = frozenset({"send", "throw", "close"})
        self.builtins = make_builtins(self, engine.bare_names, engine.tensor_type,
                                      duals=expression)
        self.globals: dict = {}
        self.stdlib: dict = {}          # standard modules imported in this run (stdlib.py)
        self._table = _build_table()
        self._warned: set = set()       # the warnings this run has shown (show_warning)
        self.host_filters: frozenset = frozenset()   # ids of the warning filters the run
        # started with (gradcli's, a test harness's): only the formula's own decide repeats

    # --- clock and counters
    def start_clock(self) -> None:
        self.steps = 0
        self.deadline = time.monotonic() + self.limits.max_seconds

    def check_clock(self) -> None:
        if time.monotonic() > self.deadline:
            raise self.limits.error("max_seconds")

    def _step(self) -> None:
        steps = self.steps = self.steps + 1
        if steps > self.limits.max_steps:
            raise self.limits.error("max_steps",
                                    hint="a loop or a recursion may not terminate")
        if not steps & 15:
            self.check_clock()

    def position(self) -> Position | None:
        """Where the running formula is (the instruction being executed)."""
        if not self.frames:
            return None
        frame = self.frames[-1]
        return frame.code.position(frame.pc - 1)

    def traceback_lines(self) -> list:
        """Where the formula is, as Python's traceback.format_stack gives a place (for the
        forward-call record of anomaly detection)."""
        lines = []
        for frame in self.frames:
            where = frame.code.position(frame.pc - 1)
            name = "<module>" if frame is self.frames[0] else frame.code.name
            lines.append(f'  File "{where.file}", line {where.line}, in {name}\n'
                         f"    {where.source_line.strip()}\n")
        return lines

    def show_warning(self, message, category, filename, lineno, file=None, line=None):
        """warnings.showwarning for a run: engine warnings at the formula's position, each
        once per line of the formula (Python's default filter for a script) unless the
        formula's own filters say "always" (every time) or "once"/"module" (once per text),
        PyTorch's once-per-process ones once (errors.ONCE_MESSAGES)."""
        from ..errors import ONCE_MESSAGES
        from .stdlib import _once_key
        where = self.position()
        text = str(message)
        if text in ONCE_MESSAGES or where is None:
            key = (text, category)
        else:
            key = _once_key(text, category, where.line, self.host_filters)
            if key is not None and len(key) == 3:
                key = (text, category, where.file, where.line)
        if key is not None:
            if key in self._warned:
                return
            self._warned.add(key)
        prefix = f"{where.file}:{where.line}:{where.column}: " if where else ""
        stream = file if file is not None else sys.stderr
        stream.write(f"{prefix}warning: {category.__name__}: {message}\n")

    # --- entry points
    def run(self, code: C.Code, global_vars: dict):
        """Run a module's code with `global_vars` as its globals; its return value."""
        import warnings
        self.globals = global_vars
        self.start_clock()
        # The formula is a script's __main__, whose DeprecationWarnings Python shows: one of
        # a function it calls (warned at stacklevel=2) is warned from this module, which the
        # host's `ignore::DeprecationWarning` would hide; so is one NumPy warns where the
        # guards compute `a + b`, `a * b`. NumPy's RuntimeWarnings ("divide by zero
        # encountered in log") of a formula's own NumPy calls show as in a script (those of
        # gradcli's ops are still hidden: gradcli/__init__.py). (show_warning keeps one per
        # line; the run's filters end with the run: lang/__init__.py.)
        for category in (DeprecationWarning, RuntimeWarning):
            warnings.filterwarnings("always", category=category,
                                    module=r"gradcli\.lang\.(vm|guards)\Z")
        return self._execute(Frame(code, global_vars, ()))

    def call_function(self, fn: UserFunction, args: tuple, kwargs: dict):
        """Call a formula function from Python (engine callbacks): a nested run."""
        if not self.frames:
            self.start_clock()
        frame = self._new_frame(fn, args, kwargs)
        if fn.code.is_generator:
            return Generator(self, frame)
        return self._execute(frame)

    def _execute(self, frame: Frame, pending: GradcliError | None = None):
        """Run `frame` until it returns (or yields); `pending`: an error to raise first,
        where the frame stopped (a generator's throw())."""
        base = len(self.frames)
        self.frames.append(frame)
        try:
            return self._loop(base, pending)
        except RecursionError:
            raise self.too_deep(base) from None

    def too_deep(self, base: int) -> LimitError:
        """Python's own stack ran out under nested runs of the loop: drop their frames."""
        del self.frames[base:]
        return LimitError(RECURSION,
                          hint="engine callbacks into formula functions nest too deeply")

    def _new_frame(self, fn: UserFunction, args, kwargs) -> Frame:
        if len(self.frames) > self.limits.max_call_depth:
            raise self.limits.error("max_call_depth", hint="is a recursion unbounded?")
        self._step()
        return Frame(fn.code, _bind(fn, args, kwargs), fn.closure)

    # --- the loop
    def _loop(self, base: int, pending: GradcliError | None = None):
        frames = self.frames
        frame = frames[-1]
        instrs, stack, local_vars, pc = frame.code.instrs, frame.stack, frame.locals, frame.pc
        global_vars, builtin_vars = self.globals, self.builtins
        func, args, kwargs, right = None, (), None, None
        binops, get_attr, table = self.guards.binops, self.guards.get_attr, self._table
        LOAD_FAST, LOAD_CONST, LOAD_GLOBAL, BINARY = C.LOAD_FAST, C.LOAD_CONST, \
            C.LOAD_GLOBAL, C.BINARY
        STORE_FAST, LOAD_ATTR, CALL, STORE_GLOBAL = C.STORE_FAST, C.LOAD_ATTR, C.CALL, \
            C.STORE_GLOBAL
        POP_JUMP_IF_FALSE, JUMP, FOR_ITER, RETURN_VALUE = C.POP_JUMP_IF_FALSE, C.JUMP, \
            C.FOR_ITER, C.RETURN_VALUE
        POP_TOP, CALL_EX, YIELD_VALUE, SEND = C.POP_TOP, C.CALL_EX, C.YIELD_VALUE, C.SEND
        clock = time.monotonic      # (straight-line code is timed too: after each operator
        while True:                 # and each call of the engine)
            try:
                if pending is not None:
                    error, pending = pending, None
                    raise error
                while True:
                    op, arg = instrs[pc]
                    pc += 1
                    if op == LOAD_FAST:
                        try:
                            stack.append(local_vars[arg])
                        except KeyError:
                            raise EvalError(f"cannot access local variable '{arg}' where it "
                                            "is not associated with a value") from None
                    elif op == LOAD_CONST:
                        stack.append(arg)
                    elif op == LOAD_GLOBAL:
                        value = global_vars.get(arg, _MISSING)
                        if value is _MISSING:
                            value = builtin_vars.get(arg, _MISSING)
                            if value is _MISSING:
                                value = self._late_name(arg, frame)
                        stack.append(value)
                    elif op == BINARY:
                        frame.pc = pc            # where anomaly mode records a node made here
                        right = stack.pop()
                        stack[-1] = binops[arg](stack[-1], right)
                        if clock() > self.deadline:
                            self.check_clock()
                    elif op == STORE_FAST:
                        local_vars[arg] = stack.pop()
                    elif op == LOAD_ATTR:
                        frame.pc = pc
                        stack[-1] = get_attr(stack[-1], arg)
                    elif op == CALL or op == CALL_EX:
                        if op == CALL_EX:
                            func, args, kwargs = _prepare_call_ex(self, stack, arg)
                        else:
                            nargs, kwnames = arg
                            if kwnames:
                                nkw = len(kwnames)
                                kwargs = dict(zip(kwnames, stack[-nkw:]))
                                del stack[-nkw:]
                            else:
                                kwargs = None
                            if nargs:
                                args = stack[-nargs:]
                                del stack[-nargs:]
                            else:
                                args = ()
                            func = stack.pop()
                        if type(func) is UserFunction and func.code.is_generator:
                            frame.pc = pc
                            stack.append(Generator(self, self._new_frame(func, args, kwargs)))
                        elif type(func) is UserFunction:
                            frame.pc = pc
                            frame = self._new_frame(func, args, kwargs)
                            frames.append(frame)
                            instrs, stack, local_vars, pc = frame.code.instrs, frame.stack, \
                                frame.locals, 0
                        elif kwargs:
                            frame.pc = pc
                            stack.append(func(*args, **kwargs))
                            if clock() > self.deadline:
                                self.check_clock()
                        else:
                            frame.pc = pc
                            stack.append(func(*args))
                            if clock() > self.deadline:
                                self.check_clock()
                    elif op == STORE_GLOBAL:
                        global_vars[arg] = stack.pop()
                    elif op == POP_JUMP_IF_FALSE:
                        if not stack.pop():
                            pc = arg
                    elif op == JUMP:
                        pc = arg
                    elif op == FOR_ITER:
                        try:
                            stack.append(next(stack[-1]))
                        except StopIteration:
                            stack.pop()
                            pc = arg
                        else:
                            self._step()
                    elif op == POP_TOP:
                        if arg is None:
                            stack.pop()
                        else:                    # `break` leaves a for loop
                            frame.pc = pc
                            _drop_iterator(stack.pop())
                    elif op == RETURN_VALUE:
                        value = stack.pop()
                        if frame.blocks:
                            self._exit_blocks(frame)
                        frames.pop()
                        if len(frames) == base:
                            return value
                        frame = frames[-1]
                        instrs, stack, local_vars, pc = frame.code.instrs, frame.stack, \
                            frame.locals, frame.pc
                        stack.append(value)
                    elif op == SEND:             # `yield from`: see _send
                        value = stack.pop()
                        inner = stack[-1]
                        try:
                            if type(inner) is Generator:
                                value = inner._run(value, None)
                            else:
                                value = next(inner) if value is None else inner.send(value)
                        except StopIteration as stop:
                            stack[-1] = stop.value
                            pc = arg
                        else:
                            self._step()
                            stack.append(value)
                    elif op == YIELD_VALUE:      # a generator's frame is the bottom of its run
                        value = stack.pop()
                        frame.pc = pc
                        frames.pop()
                        return _Yielded(value)
                    else:
                        frame.pc = pc
                        pc = table[op](self, frame, stack, arg, pc)
            except Exception as exc:
                frame.pc = pc
                if func is not None:
                    if exc.__class__ is TypeError and _at_the_call(exc.__traceback__):
                        exc = _call_error(exc, func, args, kwargs)   # they did not bind
                    elif isinstance(exc, ArgumentTypeError):
                        exc = _argument_error(exc, func, args, kwargs)
                if exc.__class__ is TypeError:
                    exc = _retyped(exc, instrs[pc - 1], stack, right, args)
                error = self._convert(exc, frame.code.position(pc - 1))
                frame = self._unwind(error, base)
                instrs, stack, local_vars, pc = frame.code.instrs, frame.stack, \
                    frame.locals, frame.pc

    # --- errors
    def _convert(self, exc: BaseException, position: Position) -> GradcliError:
        if isinstance(exc, GradcliError):
            err = exc.at(position)
            if err.message.startswith("name '"):
                # `y.grad<fn` means `.grad_fn`, even when `fn` is also close to another name
                err.hint = _mistyped_underscore(err.message, err.position) or err.hint
            return err
        own = X.error_of(exc)
        if own is not None:              # a formula's exception, raised again by Python
            return own.at(position)
        if isinstance(exc, RecursionError):
            err: GradcliError = LimitError(
                RECURSION,
                hint="a value, or a chain of calls (modules calling modules), is nested too "
                     "deeply")
        elif isinstance(exc, MemoryError):
            err = LimitError("out of memory", hint="the formula builds values that are too "
                                                   "large")
        else:
            # Python's own errors read as Python prints them ("ZeroDivisionError: division
            # by zero"); the engine's are GradcliErrors and keep PyTorch's text unchanged
            message = str(exc)
            name = type(exc).__name__
            module = type(exc).__module__
            if module not in ("builtins", "__main__"):   # as a traceback names it
                name = f"{module}.{type(exc).__qualname__}"
            err = EvalError(f"{name}: {message}" if message else name,
                            hint=_keyword_hint(message) if name == "TypeError" else None)
        err.__cause__ = exc
        err.python_type = type(exc).__name__
        return err.at(position)

    def _unwind(self, error: GradcliError, base: int) -> Frame:
        """Close the blocks of the frames above `base`, innermost first: exit with-blocks,
        drop exceptions being handled; resume at the first try set-up when the formula may
        catch the error (never a limit's), or where a context manager suppresses it; else
        raise it."""
        frames = self.frames
        catchable = X.formula_exception(error) is not None
        handling = None         # the error an `except` block being left was handling
        while len(frames) > base:
            frame = frames[-1]
            while frame.blocks:
                block = frame.blocks.pop()
                if block.cm is None:
                    if block.error is not None:
                        handling = handling or block.error
                    elif catchable:
                        X.set_context(error, handling or self._handling())
                        _drop_values(frame.stack, block.depth)
                        frame.blocks.append(_Block(None, 0, 0, error))
                        frame.stack.append(error)
                        frame.pc = block.handler
                        return frame
                    continue
                try:
                    suppress = block.cm.__exit__(*_exit_arguments(block.cm, error))
                except Exception as exc:
                    error = self._convert(exc, frame.code.position(frame.pc - 1))
                    catchable = X.formula_exception(error) is not None
                    continue
                if suppress and catchable and type(error) is not CallDepthError:
                    # a limit's error is never suppressed (the call depth's is caught only
                    # by an `except` naming RecursionError)
                    _drop_values(frame.stack, block.depth)
                    frame.pc = block.handler
                    return frame
            if catchable:
                _drop_values(frame.stack, 0)
            frames.pop()
        raise error

    def _exit_blocks(self, frame: Frame) -> None:
        while frame.blocks:
            block = frame.blocks.pop()
            if block.cm is not None:
                block.cm.__exit__(None, None, None)

    def handled_error(self) -> GradcliError:
        """The exception being handled (for a bare `raise`), innermost first."""
        error = self._handling()
        if error is None:
            raise EvalError("RuntimeError: No active exception to reraise")
        return error

    def _handling(self) -> GradcliError | None:
        for frame in reversed(self.frames):
            for block in reversed(frame.blocks):
                if block.error is not None:
                    return block.error
        return None

    def _late_name(self, name: str, frame: Frame):
        """A bare name of what the engine loads on first use (gradcli.ops), or NameError."""
        if self.engine.complete(name) or name in self.engine.bare_names:
            self._add_bare_names()
            value = self.builtins.get(name, _MISSING)
            if value is not _MISSING:
                return value
        raise self._name_error(name, frame)

    def _add_bare_names(self) -> None:
        builtins = self.builtins
        for key, value in self.engine.bare_names.items():
            if key not in builtins:
                builtins[key] = value

    def _name_error(self, name: str, frame: Frame, position: Position | None = None
                    ) -> EvalError:
        if name in UNAVAILABLE:
            return EvalError(f"name '{name}' is not available in gradcli formulas",
                             hint=UNAVAILABLE[name])
        self.engine.complete()                 # every name, for the hint
        self._add_bare_names()
        candidates = set(self.globals) | set(self.builtins)
        if frame.code.is_function:
            candidates |= set(frame.locals)
            for scope in frame.closure:       # (a method's class sits under a non-str key)
                candidates |= {key for key in scope if isinstance(key, str)}
        return EvalError(f"name '{name}' is not defined", hint=suggest(name, candidates))

    # --- imports
    def import_module(self, dotted: str):
        root, *rest = dotted.split(".")
        # (a submodule its package shadows with a function of the same name, as
        # torch.autograd.gradcheck: importable by its full name only)
        shadowed = self.engine.modules.get(dotted) if rest else None
        if shadowed is not None:
            return self.engine.modules[root], shadowed
        module = self.engine.modules.get(root) or self._standard_module(root)
        refused = REFUSED_IMPORTS.get(dotted) or REFUSED_IMPORTS.get(root)
        if refused is not None and (module is None or dotted in REFUSED_IMPORTS):
            raise EvalError(f"cannot import '{dotted}': {refused}")
        if module is None:
            raise EvalError(f"cannot import '{dotted}': gradcli formulas can import only "
                            f"{ALLOWED_IMPORTS}")
        value = module
        for i, part in enumerate(rest):
            try:
                value = self.guards.get_attr(value, part)
            except EvalError:
                value = None
            if value is None or not _is_module(value):
                name = ".".join([root] + rest[:i + 1])
                raise EvalError(f"cannot import '{name}': gradcli formulas can import only "
                                f"{ALLOWED_IMPORTS}")
        return module, value

    def _standard_module(self, name: str):
        """A standard-library module (lang/stdlib.py), made once per run."""
        if name not in self.stdlib:
            from . import stdlib
            self.stdlib[name] = stdlib.make(name, self)
        return self.stdlib[name]


def _exit_arguments(cm, error: GradcliError) -> tuple:
    """What `cm.__exit__` is given for `error`: a formula class's `__exit__` sees the
    exception the formula would catch (as `except ... as e` does)."""
    from .classes import is_formula_class
    own = is_formula_class(type(cm)) or getattr(type(cm), "__gradcli_formula_exit__", False)
    value = X.formula_exception(error) if own else None
    return (type(value), value, None) if value is not None else (type(error), error, None)


def _is_module(value) -> bool:
    return type(value).__name__ == "Namespace" \
        or getattr(value, "__gradcli_module__", False) is True


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _bind(fn: UserFunction, args, kwargs) -> dict:
    """Python's argument binding (positional, defaults, *args, keyword-only, **kwargs)."""
    params = fn.code.params
    names = params.names
    if not kwargs and len(args) == len(names) and params.vararg is None \
            and not params.kwonly and params.kwarg is None:
        return dict(zip(names, args))
    name = fn.code.qualname
    local_vars: dict = {}
    npos = len(names)
    if len(args) > npos:
        if params.vararg is None:
            given = len(args)
            least = npos - len(fn.defaults)
            takes = _plural(npos, "positional argument") if least == npos else \
                f"from {least} to {npos} positional arguments"
            kwonly = sum(1 for key in kwargs or () if key in params.kwonly)
            also = "" if not kwonly else (
                f" positional argument{'' if given == 1 else 's'} (and "
                f"{_plural(kwonly, 'keyword-only argument')})")
            raise EvalError(f"{name}() takes {takes} but {given}{also} "
                            f"{'was' if given == 1 and not kwonly else 'were'} given")
        local_vars[params.vararg] = tuple(args[npos:])
    elif params.vararg is not None:
        local_vars[params.vararg] = ()
    local_vars.update(zip(names, args))
    extra: dict = {}
    positional_only = []
    for key, value in (kwargs or {}).items():
        if key in names[:params.posonly]:
            if params.kwarg is None:
                positional_only.append(key)
            extra[key] = value
        elif key in names or key in params.kwonly:
            if key in local_vars:
                raise EvalError(f"{name}() got multiple values for argument '{key}'")
            local_vars[key] = value
        elif params.kwarg is not None:
            extra[key] = value
        else:
            raise EvalError(f"{name}() got an unexpected keyword argument '{key}'",
                            hint=suggest(key, names + params.kwonly))
    if positional_only:
        raise EvalError(f"{name}() got some positional-only arguments passed as keyword "
                        f"arguments: '{', '.join(positional_only)}'")
    if params.kwarg is not None:
        local_vars[params.kwarg] = extra
    first_default = npos - len(fn.defaults)
    missing = []
    for i, pname in enumerate(names):
        if pname not in local_vars:
            if i >= first_default:
                local_vars[pname] = fn.defaults[i - first_default]
            else:
                missing.append(pname)
    if missing:
        listed = " and ".join(f"'{m}'" for m in missing)
        raise EvalError(f"{name}() missing {_plural(len(missing), 'required positional argument')}"
                        f": {listed}")
    for pname in params.kwonly:
        if pname not in local_vars:
            if pname in fn.kwdefaults:
                local_vars[pname] = fn.kwdefaults[pname]
            else:
                raise EvalError(f"{name}() missing 1 required keyword-only argument: '{pname}'")
    return local_vars


# --- the less frequent instructions: handler(vm, frame, stack, arg, pc) -> next pc ---------------

def _load_deref(vm, frame, stack, arg, pc):
    level, name = arg
    try:
        stack.append(frame.closure[level][name])
    except KeyError:
        raise EvalError(f"cannot access free variable '{name}' where it is not associated "
                        "with a value in enclosing scope") from None
    return pc


def _store_deref(vm, frame, stack, arg, pc):
    level, name = arg
    frame.closure[level][name] = stack.pop()
    return pc


def _delete_fast(vm, frame, stack, arg, pc):
    if frame.locals.pop(arg, _MISSING) is _MISSING:
        raise EvalError(f"cannot access local variable '{arg}' where it is not associated "
                        "with a value")
    return pc


def _delete_deref(vm, frame, stack, arg, pc):
    level, name = arg
    if frame.closure[level].pop(name, _MISSING) is _MISSING:
        raise EvalError(f"cannot access free variable '{name}'")
    return pc


def _delete_global(vm, frame, stack, arg, pc):
    if vm.globals.pop(arg, _MISSING) is _MISSING:
        raise EvalError(f"name '{arg}' is not defined")
    return pc


def _load_subscr(vm, frame, stack, arg, pc):
    index = stack.pop()
    try:
        stack[-1] = stack[-1][index]
    except TypeError as exc:        # costs nothing until raised (Python 3.11)
        from ..callerrors import not_subscriptable
        words = str(exc).endswith("is not subscriptable") and not_subscriptable(stack[-1])
        if not words:
            raise _retyped_error(exc, (stack[-1], index)) from None
        raise TypeError(words) from None
    return pc


def _store_subscr(vm, frame, stack, arg, pc):
    index = stack.pop()
    obj = stack.pop()
    value = stack.pop()
    obj[index] = value
    return pc


def _delete_subscr(vm, frame, stack, arg, pc):
    index = stack.pop()
    obj = stack.pop()
    del obj[index]
    return pc


def _delete_attr(vm, frame, stack, arg, pc):
    vm.guards.delete_attr(stack.pop(), arg)
    return pc


def _store_attr(vm, frame, stack, arg, pc):
    obj = stack.pop()
    value = stack.pop()
    vm.guards.set_attr(obj, arg, value)
    return pc


def _build_tuple(vm, frame, stack, arg, pc):
    if arg:
        items = tuple(stack[-arg:])
        del stack[-arg:]
    else:
        items = ()
    stack.append(items)
    return pc


def _build_list(vm, frame, stack, arg, pc):
    if arg:
        items = stack[-arg:]
        del stack[-arg:]
    else:
        items = []
    stack.append(items)
    return pc


def _build_dict(vm, frame, stack, arg, pc):
    items = stack[-2 * arg:] if arg else []
    if arg:
        del stack[-2 * arg:]
    stack.append(dict(zip(items[::2], items[1::2])))
    return pc


def _build_slice(vm, frame, stack, arg, pc):
    step = stack.pop()
    upper = stack.pop()
    stack[-1] = slice(stack[-1], upper, step)
    return pc


def _list_append(vm, frame, stack, arg, pc):
    value = stack.pop()
    target = stack[-arg - 1]
    if len(target) >= vm.limits.max_elements:
        raise vm.guards.too_many(len(target) + 1, "items")
    target.append(value)
    return pc


def _set_add(vm, frame, stack, arg, pc):
    value = stack.pop()
    target = stack[-arg - 1]
    if len(target) >= vm.limits.max_elements:
        raise vm.guards.too_many(len(target) + 1, "items")
    target.add(value)
    return pc


def _map_add(vm, frame, stack, arg, pc):
    value = stack.pop()
    key = stack.pop()
    target = stack[-arg - 1]
    if len(target) >= vm.limits.max_elements:
        raise vm.guards.too_many(len(target) + 1, "items")
    target[key] = value
    return pc


def _build_set(vm, frame, stack, arg, pc):
    items = stack[-arg:] if arg else []
    if arg:
        del stack[-arg:]
    stack.append(set(items))
    return pc


def _build_unpack(vm, frame, stack, arg, pc):
    """A list, tuple or set display with `*iterable` items spread into it."""
    kind, flags = arg
    n = len(flags)
    values = stack[-n:]
    del stack[-n:]
    items: list = []
    for is_star, value in zip(flags, values):
        if is_star:
            if not _iterable(value):
                raise EvalError(f"TypeError: Value after * must be an iterable, not "
                                f"{_type_name(value)}")
            items.extend(vm.guards.bounded_list(value))
            vm.guards.check_size(len(items), "items")
        else:
            items.append(value)
    stack.append(tuple(items) if kind == "tuple" else set(items) if kind == "set" else items)
    return pc


def _build_dict_unpack(vm, frame, stack, arg, pc):
    """A dict display with `**mapping` items merged into it, left to right."""
    n = sum(1 if is_star else 2 for is_star in arg)
    values = stack[-n:]
    del stack[-n:]
    result: dict = {}
    i = 0
    for is_star in arg:
        if is_star:
            mapping = values[i]
            if not isinstance(mapping, dict):
                raise EvalError(f"TypeError: '{_type_name(mapping)}' object is not a mapping")
            vm.guards.check_size(len(result) + len(mapping), "items")
            result.update(mapping)
            i += 1
        else:
            result[values[i]] = values[i + 1]
            i += 2
    stack.append(result)
    return pc


def _iterable(value) -> bool:
    """Whether `value`'s type can iterate, as Python asks before `*value`: a type that can
    raises its own error when iterated (a 0-d tensor's "iteration over a 0-d tensor")."""
    cls = type(value)
    return getattr(cls, "__iter__", None) is not None or hasattr(cls, "__getitem__")


def _type_name(value) -> str:
    from .callables import type_name    # (torch.sin's 'builtin_function_or_method')
    return type_name(value)


def _inplace(vm, frame, stack, arg, pc):
    right = stack.pop()
    try:
        stack[-1] = vm.guards.inplace[arg](stack[-1], right)
    except TypeError as exc:        # (torch.sin's type named as PyTorch's)
        raise _retyped_error(exc, (stack[-1], right)) from None
    return pc


def _unary(vm, frame, stack, arg, pc):
    stack[-1] = vm.guards.unary[arg](stack[-1])
    return pc


def _not(vm, frame, stack, arg, pc):
    stack[-1] = not stack[-1]
    return pc


def _dup_top(vm, frame, stack, arg, pc):
    stack.append(stack[-1])
    return pc


def _dup_top_two(vm, frame, stack, arg, pc):
    stack.extend(stack[-2:])
    return pc


def _rot_two(vm, frame, stack, arg, pc):
    stack[-1], stack[-2] = stack[-2], stack[-1]
    return pc


def _rot_three(vm, frame, stack, arg, pc):
    stack[-3], stack[-2], stack[-1] = stack[-1], stack[-3], stack[-2]
    return pc


def _pop_jump_if_true(vm, frame, stack, arg, pc):
    return arg if stack.pop() else pc


def _jump_if_false_or_pop(vm, frame, stack, arg, pc):
    if not stack[-1]:
        return arg
    stack.pop()
    return pc


def _jump_if_true_or_pop(vm, frame, stack, arg, pc):
    if stack[-1]:
        return arg
    stack.pop()
    return pc


def _get_iter(vm, frame, stack, arg, pc):
    stack[-1] = iter(stack[-1])
    return pc


def _loop_step(vm, frame, stack, arg, pc):
    vm._step()
    return pc


def _prepare_call_ex(vm, stack, arg):
    """Pop a call with *args / **kwargs: (function, positional list, keyword dict)."""
    star_flags, kwnames = arg
    nkw = len(kwnames)
    kwvalues = stack[-nkw:] if nkw else []
    if nkw:
        del stack[-nkw:]
    nargs = len(star_flags)
    values = stack[-nargs:] if nargs else []
    if nargs:
        del stack[-nargs:]
    func = stack.pop()
    args: list = []
    for is_star, value in zip(star_flags, values):
        if not is_star:
            args.append(value)
            continue
        if not _iterable(value):
            raise EvalError(f"TypeError: {_function_str(func)}() argument after * must be an "
                            f"iterable, not {_type_name(value)}")
        args.extend(vm.guards.bounded_list(value))
    vm.guards.check_size(len(args), "arguments")
    kwargs: dict = {}
    for name, value in zip(kwnames, kwvalues):
        if name is None and not isinstance(value, dict):
            raise EvalError(f"TypeError: {_function_str(func)}() argument after ** must be a "
                            f"mapping, not {_type_name(value)}")
        if name is None and not all(isinstance(k, str) for k in value):
            raise EvalError("TypeError: keywords must be strings")
        for key, item in value.items() if name is None else ((name, value),):
            if key in kwargs:
                raise EvalError(f"TypeError: {_function_str(func)}() got multiple values for "
                                f"keyword argument '{key}'")
            kwargs[key] = item
    return func, args, kwargs


def _function_str(func) -> str:
    """How Python names a function in a call's error: `__main__.f` for a formula's."""
    if type(func) is UserFunction:
        return f"__main__.{func.code.qualname}"
    name = getattr(func, "__qualname__", None) or getattr(func, "__name__", None)
    return name if isinstance(name, str) else type(func).__name__


def _make_function(vm, frame, stack, arg, pc):
    code, ndefaults, kwdefault_names = arg
    nkw = len(kwdefault_names)
    kwdefaults = dict(zip(kwdefault_names, stack[-nkw:])) if nkw else {}
    if nkw:
        del stack[-nkw:]
    defaults = tuple(stack[-ndefaults:]) if ndefaults else ()
    if ndefaults:
        del stack[-ndefaults:]
    closure = ((frame.locals,) + frame.closure) if frame.code.is_function else ()
    stack.append(UserFunction(code, defaults, kwdefaults, closure, vm))
    return pc


def _make_class(vm, frame, stack, arg, pc):
    """The class (_build_class), with CPython's __qualname__ when it is not its name (a
    class made in a function, `f.<locals>.C`, or in a class body, `A.B`)."""
    pc = _build_class(vm, frame, stack, arg[:-1], pc)
    qualname = arg[-1]
    if qualname != arg[0] and isinstance(stack[-1], type):
        stack[-1].__qualname__ = qualname
    return pc


def _build_class(vm, frame, stack, arg, pc):
    name, method_names, nbases, kinds, attribute_names, annotations, order = arg
    nattributes = len(attribute_names)
    attributes = dict(zip(attribute_names, stack[-nattributes:])) if nattributes else {}
    if nattributes:
        del stack[-nattributes:]
    nmethods = len(method_names)
    functions = stack[-nmethods:] if nmethods else []
    if nmethods:
        del stack[-nmethods:]
    methods, method_kinds, accessors = {}, {}, []
    for method_name, kind, fn in zip(method_names, kinds, functions):
        if kind in ("setter", "deleter"):           # `@p.setter def p(self, v):`
            accessors.append((method_name, kind, fn))
        else:
            methods[method_name], method_kinds[method_name] = fn, kind
    for key, value in list(attributes.items()):    # `__rmul__ = __mul__`: the same object
        if type(value) is C.ClassAlias:
            del attributes[key]
            if value.name in methods:
                methods[key], method_kinds[key] = methods[value.name], method_kinds[value.name]
            else:
                attributes[key] = attributes[value.name]
    bases = stack[-nbases:] if nbases else []
    if nbases:
        del stack[-nbases:]
    from . import classes
    if any(isinstance(b, type) and issubclass(b, type) for b in bases):
        bases = classes.metaclass_bases(vm, bases)
    if len(bases) == 1 and classes.is_typed_dict_base(bases[0]):     # `class O(TypedDict):`
        stack.append(classes.typed_dict(name, annotations))
        return pc
    if any(not isinstance(b, type) and hasattr(b, "__mro_entries__")
           and not classes.is_named_tuple_base(b) for b in bases):
        original = tuple(bases)
        bases = list(types.resolve_bases(original))     # `Sampler[int]`: the class it names
        attributes["__orig_bases__"] = original         # as Python's class statement sets it
    engine = vm.engine
    base = bases[0] if len(bases) == 1 else None
    if base is not None and engine.function_base is not None and isinstance(base, type) \
            and issubclass(base, engine.function_base):
        if engine.make_function_class is None:
            raise EvalError("custom autograd Functions are not available in this build")
        cls = engine.make_function_class(name, methods, base, method_kinds)
        for key, value in attributes.items():
            setattr(cls, key, value)
        stack.append(cls)
        return pc
    if classes.is_enum_base(base):               # `class Mode(Enum):`
        stack.append(classes.make_enum(vm, name, base, methods, method_kinds, attributes))
        return pc
    if classes.is_named_tuple_base(base):        # `class Point(NamedTuple):`
        bases = [classes.named_tuple_base(name, annotations, attributes)]
        attributes["__slots__"] = ()
    if all(classes.is_class_base(b) for b in bases):     # none, one, or several
        if annotations:
            attributes["__annotations__"] = {k: _annotation(v) for k, v in annotations}
        stack.append(classes.make_class(vm, name, tuple(bases), methods, method_kinds,
                                        attributes, accessors, order))
        return pc
    raise EvalError(f"class {name}: gradcli formulas support `class {name}:` (a plain "
                    f"class, or one deriving from another class of the formula), `class "
                    f"{name}(Function):` (a custom autograd Function), `class {name}"
                    f"(nn.Module):` (a module), `class {name}(Dataset):` (a dataset, or a "
                    f"Sampler) and `class {name}(torch.optim.Optimizer):` (an optimizer, or a "
                    f"LRScheduler)",
                    hint="from torch.autograd import Function; import torch.nn as nn; "
                         "from torch.utils.data import Dataset")


def _annotation(text: str):
    """A class annotation as a class records it: its text, but typing.ClassVar itself for
    `ClassVar[...]` (so a dataclass leaves that attribute out of its fields)."""
    if text.split("[")[0] in ("ClassVar", "typing.ClassVar"):
        import typing
        return typing.ClassVar
    return text


def _setup_try(vm, frame, stack, arg, pc):
    frame.blocks.append(_Block(None, arg, len(stack)))
    return pc


def _pop_block(vm, frame, stack, arg, pc):
    frame.blocks.pop()
    return pc


def _exc_match(vm, frame, stack, arg, pc):
    spec = stack.pop()
    error = stack.pop()
    X.check_catchable(spec)
    stack.append(isinstance(X.formula_exception(error), spec)
                 and (type(error) is not CallDepthError or X.names_recursion_error(spec)))
    return pc


def _exc_value(vm, frame, stack, arg, pc):
    stack[-1] = X.formula_exception(stack[-1])
    return pc


def _raise(vm, frame, stack, arg, pc):
    has_exc, has_cause = arg
    if not has_exc:
        raise vm.handled_error()
    cause = stack.pop() if has_cause else None
    value = X.exception_value(stack.pop())
    if has_cause:
        value.__cause__ = None if cause is None else X.exception_value(
            cause, "exception causes")
    error = X.error_for(value)
    X.set_context(error, vm._handling())
    X.chain_hint(error)
    raise error


def _reraise(vm, frame, stack, arg, pc):
    raise frame.blocks[-1].error


def _setup_with(vm, frame, stack, arg, pc):
    cm = stack.pop()
    enter = getattr(type(cm), "__enter__", None)
    if enter is None or getattr(type(cm), "__exit__", None) is None:
        raise EvalError(f"'{type(cm).__name__}' object does not support the context manager "
                        "protocol")
    result = cm.__enter__()
    frame.blocks.append(_Block(cm, arg, len(stack)))
    stack.append(result)
    return pc


def _pop_except(vm, frame, stack, arg, pc):
    frame.blocks.pop()
    return pc


def _exit_with(vm, frame, stack, arg, pc):
    frame.blocks.pop().cm.__exit__(None, None, None)
    return pc


def _import_name(vm, frame, stack, arg, pc):
    dotted, has_alias = arg
    root, leaf = vm.import_module(dotted)
    stack.append(leaf if has_alias else root)
    return pc


def _import_from(vm, frame, stack, arg, pc):
    module_name, name = arg
    _, module = vm.import_module(module_name)
    try:
        value = vm.guards.get_attr(module, name)
    except EvalError as err:
        raise EvalError(f"cannot import name '{name}' from '{module_name}'",
                        hint=err.hint) from None
    stack.append(value)
    return pc


def _assert_fail(vm, frame, stack, arg, pc):
    has_msg, text = arg
    args = (stack.pop(),) if has_msg else ()
    shown = str(args[0]) if args else ""
    error = AssertionFailed(f"AssertionError: {shown}" if shown else "AssertionError",
                            hint=f"assert {text}" if text else None)
    error.formula_args = args
    raise error


def _unpack(vm, frame, stack, arg, pc):
    value = stack.pop()
    items = vm.guards.take(value, arg)
    if len(items) != arg:
        if len(items) < arg:
            raise EvalError(f"not enough values to unpack (expected {arg}, got {len(items)})")
        raise EvalError(f"too many values to unpack (expected {arg})")
    stack.extend(reversed(items))
    return pc


def _unpack_ex(vm, frame, stack, arg, pc):
    """`a, *b, c = value`: `before` items, a list of the rest, `after` items."""
    before, after = arg
    value = stack.pop()
    check_unpackable(value)
    items = vm.guards.bounded_list(value)
    if len(items) < before + after:
        raise EvalError(f"not enough values to unpack (expected at least {before + after}, "
                        f"got {len(items)})")
    middle = items[before:len(items) - after]
    stack.extend(reversed(items[len(items) - after:]))
    stack.append(middle)
    stack.extend(reversed(items[:before]))
    return pc


def _format_value(vm, frame, stack, arg, pc):
    conversion, has_spec = arg
    spec = stack.pop() if has_spec else ""
    value = stack.pop()
    if conversion == "r":
        value = repr_(value)
    elif conversion == "s" or not spec and type(value) in (
            MethodType, FunctionType, list, tuple, dict, set, frozenset):
        value = text(value)
    elif conversion == "a":
        value = ascii(value)
    stack.append(vm.guards.format(value, spec))
    return pc


def _build_string(vm, frame, stack, arg, pc):
    parts = stack[-arg:] if arg else []
    if arg:
        del stack[-arg:]
    vm.guards.check_size(sum(len(p) for p in parts), "characters")
    stack.append("".join(parts))
    return pc


def _match_case(vm, frame, stack, arg, pc):
    """A case of a `match`: its values and the subject's copy off the stack; the values
    the pattern captures (when it has any) and True pushed, or False (patterns.py)."""
    from .patterns import match
    pattern, names, count = arg
    values = stack[len(stack) - count:]
    del stack[len(stack) - count:]
    captured = match(stack.pop(), pattern, values, names, vm.guards.get_attr)
    if captured is None:
        stack.append(False)
        return pc
    if names:
        stack.append(captured)
    stack.append(True)
    return pc


def _build_table() -> list:
    table: list = [None] * len(C.OPNAMES)
    for op, handler in {
        C.LOAD_DEREF: _load_deref, C.STORE_DEREF: _store_deref, C.DELETE_FAST: _delete_fast,
        C.DELETE_DEREF: _delete_deref, C.DELETE_GLOBAL: _delete_global,
        C.LOAD_SUBSCR: _load_subscr, C.STORE_SUBSCR: _store_subscr,
        C.DELETE_SUBSCR: _delete_subscr, C.STORE_ATTR: _store_attr,
        C.DELETE_ATTR: _delete_attr,
        C.BUILD_TUPLE: _build_tuple, C.BUILD_LIST: _build_list, C.BUILD_DICT: _build_dict,
        C.BUILD_SLICE: _build_slice, C.LIST_APPEND: _list_append, C.INPLACE: _inplace,
        C.UNARY: _unary, C.NOT: _not, C.DUP_TOP: _dup_top, C.DUP_TOP_TWO: _dup_top_two,
        C.ROT_TWO: _rot_two, C.ROT_THREE: _rot_three, C.POP_JUMP_IF_TRUE: _pop_jump_if_true,
        C.JUMP_IF_FALSE_OR_POP: _jump_if_false_or_pop,
        C.JUMP_IF_TRUE_OR_POP: _jump_if_true_or_pop, C.GET_ITER: _get_iter,
        C.LOOP_STEP: _loop_step, C.MAKE_FUNCTION: _make_function,
        C.MAKE_CLASS: _make_class, C.SETUP_WITH: _setup_with, C.EXIT_WITH: _exit_with,
        C.IMPORT_NAME: _import_name, C.IMPORT_FROM: _import_from,
        C.ASSERT_FAIL: _assert_fail, C.UNPACK: _unpack, C.FORMAT_VALUE: _format_value,
        C.BUILD_STRING: _build_string, C.BUILD_SET: _build_set, C.SET_ADD: _set_add,
        C.MAP_ADD: _map_add, C.BUILD_UNPACK: _build_unpack,
        C.BUILD_DICT_UNPACK: _build_dict_unpack, C.UNPACK_EX: _unpack_ex,
        C.SETUP_TRY: _setup_try, C.POP_BLOCK: _pop_block, C.POP_EXCEPT: _pop_except,
        C.EXC_MATCH: _exc_match, C.EXC_VALUE: _exc_value, C.RAISE: _raise,
        C.RERAISE: _reraise, C.MATCH_CASE: _match_case,
    }.items():
        table[op] = handler
    return table


def _argument_error(exc, func, args, kwargs):
    """An argument of the wrong type that an op found (ArgumentTypeError), named as PyTorch
    names it when it is one of the arguments of the call `func` (callerrors)."""
    from ..callerrors import wrong_type
    words = wrong_type(exc.value, exc.expected, func, args, kwargs)
    return exc if words is None else TorchTypeError(words)


def _retyped(exc: TypeError, instr, stack, right, args) -> TypeError:
    """Python's TypeError about the operands of the instruction that raised it, with torch's
    functions named by the types PyTorch's program sees (callables.retyped)."""
    op, arg = instr
    if op == C.BINARY:
        values = (right,) if arg in ("in", "not in") else (stack[-1], right)
    elif op == C.CALL or op == C.CALL_EX:
        values = args
    elif op == C.UNARY or op == C.GET_ITER:
        values = stack[-1:]
    else:
        return exc
    return _retyped_error(exc, values)


def _retyped_error(exc: TypeError, values) -> TypeError:
    from ..callerrors import torch_type_name
    from .callables import retyped
    message = str(exc)
    if "function" not in message and "ethod" not in message \
            and not any(map(torch_type_name, values)):     # (method, TensorMethod; C types)
        return exc
    words = retyped(message, values)
    return exc if words == message else TypeError(words)


def _at_the_call(tb) -> bool:
    """Whether an exception caught by the loop was raised by the call itself (binding its
    arguments), not inside the function called, seen through gradcli's own wrappers
    (registry.WRAPPER_CODES)."""
    from ..ops.registry import WRAPPER_CODES
    inner = tb.tb_next
    while inner is not None and inner.tb_frame.f_code in WRAPPER_CODES:
        if inner.tb_next is None:
            return True
        inner = inner.tb_next
    return inner is None


def _call_error(exc: TypeError, func, args, kwargs) -> TypeError:
    """`exc` in PyTorch's words when `func` is one of its C++ functions (callerrors)."""
    from ..callerrors import misused_value, torch_words
    from .builtins import call_error_text
    words = call_error_text(func, args, kwargs) or torch_words(str(exc), func, args, kwargs) \
        or misused_value(str(exc), func, args)
    if words is None:
        return exc
    new = TypeError(words)
    new.__cause__ = exc.__cause__
    return new


_UNEXPECTED_KEYWORD = re.compile(r"got an unexpected keyword argument '(\w+)'")


def _keyword_hint(message: str) -> str | None:
    """`did you mean `requires_grad`?` for a misspelt keyword given to an engine function."""
    m = _UNEXPECTED_KEYWORD.search(message)
    if not m:
        return None
    from ..ops.registry import keyword_names
    return suggest(m.group(1), keyword_names())


_ATTR_BEFORE = re.compile(r"\.([A-Za-z]\w*)\s*[<-]\s*$")


def _mistyped_underscore(message: str, position: Position | None) -> str | None:
    """`y.grad<fn` (a seed's typo): the name after `<` or `-` completes an attribute."""
    if position is None or not position.source_line:
        return None
    name = message.split("'")[1]
    m = _ATTR_BEFORE.search(position.source_line[:max(position.column - 1, 0)])
    if not m:
        return None
    from .._tensor import Tensor
    attr = f"{m.group(1)}_{name}"
    return f"did you mean `.{attr}`?" if hasattr(Tensor, attr) else None
