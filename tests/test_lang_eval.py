"""The interpreter's semantics: Python's, on plain values, with a stand-in engine; then a few
runs against the real engine (hooks, custom Functions, grad modes, the shared corpus)."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from gradcli.errors import AssertionFailed, EvalError, GradcliError, LimitError
from gradcli.lang import Limits, eval_expression, free_names, run_source
from gradcli.lang.vm import Engine


# --- a stand-in engine: a couple of Python functions and formula-safe objects -------------------

class Box:
    """A formula-safe object that records in-place operator calls."""

    __gradcli_safe__ = True

    def __init__(self, value):
        self.value = value
        self.calls = []
        self.grad = None

    def __iadd__(self, other):
        self.calls.append(("iadd", other))
        self.value += other
        return self

    def __add__(self, other):
        return Box(self.value + other)

    def double(self):
        return Box(self.value * 2)

    def __repr__(self):
        return f"Box({self.value})"


class Manager:
    """A formula-safe context manager that records enter and exit."""

    __gradcli_safe__ = True
    log: list = []

    def __enter__(self):
        Manager.log.append("enter")
        return "entered"

    def __exit__(self, kind, value, tb):
        Manager.log.append(("exit", kind.__name__ if kind else None))
        return False


class FakeFunction:
    __gradcli_safe__ = True


def make_fake_class(name, methods, base=None, kinds=None):
    return type(name, (base or FakeFunction,), {k: staticmethod(v) for k, v in methods.items()})


def engine_error():
    from gradcli.errors import TorchRuntimeError
    raise TorchRuntimeError("element 0 of tensors does not require grad and does not have "
                            "a grad_fn")


def call_back(fn, *args):
    """What the engine does with hooks: call formula code from Python."""
    return fn(*args)


FAKE = Engine({}, {"Box": Box, "Manager": Manager, "Function": FakeFunction,
                   "engine_error": engine_error, "call_back": call_back,
                   "python_error": lambda: [][1]},
              function_base=FakeFunction, make_function_class=make_fake_class)


def run(source: str, **kw) -> str:
    out = io.StringIO()
    run_source(source, "t.grad", out=out, engine=FAKE, **kw)
    return out.getvalue()


def namespace(source: str, **kw) -> dict:
    return run_source(source, "t.grad", out=io.StringIO(), engine=FAKE, **kw)


def error(source: str, **kw) -> GradcliError:
    with pytest.raises(GradcliError) as info:
        run(source, **kw)
    return info.value


# --- values, operators, printing ----------------------------------------------------------------

def test_print_formatting_is_pythons():
    out = run("print(1, 2.5, 'a', None, True, [1, 'b'], (1,), {'k': 2})\n"
              "print(1, 2, sep='-', end='!\\n')\nprint()\nprint('x', end='')\n")
    assert out == "1 2.5 a None True [1, 'b'] (1,) {'k': 2}\n1-2!\n\nx"


def test_operators_match_python():
    exprs = ["-2**2", "2**-1", "7 // 2", "-7 // 2", "7 % 3", "-7 % 3", "2**3**2", "1 << 4",
             "255 >> 2", "6 & 3", "6 | 3", "6 ^ 3", "~5", "+3", "1 / 4", "'ab' * 3",
             "[1] + [2]", "(1, 2) + (3,)", "'%5.2f|%s' % (3.14159, 'x')", "1 < 2 < 3",
             "3 > 2 > 2", "1 == 1.0", "None is None", "[] is not []", "2 in [1, 2]",
             "3 not in (1, 2)", "'b' in 'abc'", "not 0", "0 or 'x'", "'' and 1", "1 and 2",
             "None or 0 or []", "5 if 0 else 6", "(1, 2)[-1]", "[1, 2, 3, 4][1:3]",
             "'hello'[::-1]", "[1, 2, 3][::2]", "{'a': 1}['a']", "abs(-3)", "max(1, 5, 3)",
             "min([4, 2])", "sum([1, 2, 3])", "sum([1, 2], 10)", "round(2.675, 2)", "round(7.5)",
             "pow(2, 10)", "pow(3, 4, 5)", "divmod(17, 5)", "len('abc')", "int('12') + 1",
             "float('1.5')", "bool([])", "str(1.5)", "repr('a')", "list(range(3))",
             "tuple('ab')", "dict(a=1)", "sorted([3, 1, 2], reverse=True)",
             "list(enumerate('ab'))", "list(zip([1, 2], 'ab'))", "list(reversed([1, 2]))",
             "any([0, 1])", "all([1, 0])", "isinstance(1, int)", "chr(65) + str(ord('a'))",
             "format(3.14159, '.2f')", "'a,b'.split(',')", "'-'.join(['x', 'y'])",
             "'{0}/{1:>3}'.format(1, 2)", "'abc'.upper().center(7, '*')", "(1).real",
             "[x * x for x in range(5) if x % 2]", "[(i, j) for i in range(2) for j in 'ab']",
             "sum(x for x in range(4))", "f'{3.14159:.2f}|{\"q\"!r}|{7:>3}'"]
    for text in exprs:
        expected = eval(text)
        assert eval_expression(text, {}, engine=FAKE) == expected, text


def test_chained_comparison_evaluates_the_middle_once():
    out = run("calls = []\n"
              "def mid():\n    calls.append(1)\n    return 2\n"
              "print(1 < mid() < 3, 5 < mid() < 3, len(calls))\n")
    assert out == "True False 2\n"


def test_short_circuit_does_not_evaluate_the_rest():
    out = run("def boom():\n    return 1 / 0\nprint(0 and boom(), 1 or boom())\n")
    assert out == "0 1\n"


def test_fstring_debug_and_nested_spec():
    assert run("x = 3.14159\nw = 8\nprint(f'{x=} {x:>{w}.2f}')\n") == "x=3.14159     3.14\n"


# --- names, assignment, unpacking ---------------------------------------------------------------

def test_unpacking_and_chained_assignment():
    ns = namespace("a, b = 1, 2\nc, = [3]\n(d, e), f = (4, 5), 6\ng = h = 7\n"
                   "for i, (j, k) in [(1, (2, 3))]:\n    pass\nb, a = a, b\n")
    assert [ns[n] for n in "abcdefghijk"] == [2, 1, 3, 4, 5, 6, 7, 7, 1, 2, 3]


@pytest.mark.parametrize("source, message", [
    ("a, b = [1]", "not enough values to unpack (expected 2, got 1)"),
    ("a, b = [1, 2, 3]", "too many values to unpack (expected 2)"),
    ("a, = 5", "TypeError: cannot unpack non-iterable int object"),
])
def test_unpacking_errors(source, message):
    assert message in error(source).message


def test_augmented_assignment_on_names_items_and_attributes():
    ns = namespace("x = 1\nx += 2\nx *= 3\nx -= 1\nx /= 2\nx //= 2\nx **= 3\nx %= 5\n"
                   "l = [1, 2]\nm = l\nl += [3]\nl[0] += 10\nd = {'k': 1}\nd['k'] -= 1\n"
                   "b = Box(1)\nb.value += 4\ns = 'a'\ns += 'b'\n")
    assert ns["x"] == 3.0
    assert ns["l"] == [11, 2, 3] and ns["m"] is ns["l"]       # list += is in place
    assert ns["d"] == {"k": 0}
    assert ns["b"].value == 5
    assert ns["s"] == "ab"


def test_augmented_assignment_calls_the_in_place_dunder_of_engine_objects():
    ns = namespace("b = Box(1)\nc = b\nb += 5\n")
    assert ns["b"] is ns["c"] and ns["b"].calls == [("iadd", 5)] and ns["b"].value == 6


def test_attribute_assignment_only_on_engine_objects():
    ns = namespace("b = Box(1)\nb.grad = None\nb.value = 3\n")
    assert ns["b"].value == 3
    # a builtin value refuses as Python does (its own AttributeError)
    assert error("l = []\nl.x = 1").message == "AttributeError: 'list' object has no attribute 'x'"
    assert "cannot assign to method 'double'" in error("b = Box(1)\nb.double = 1").message


def test_del():
    ns = namespace("a = 1\nb = [1, 2, 3]\ndel a, b[0]\n")
    assert "a" not in ns and ns["b"] == [2, 3]


def test_run_source_returns_the_namespace_and_takes_variables():
    ns = namespace("y = x * 2\n", variables={"x": 21})
    assert ns == {"x": 21, "y": 42}


def test_eval_expression_sees_variables_before_engine_names():
    assert eval_expression("Box + 1", {"Box": 41}, engine=FAKE) == 42
    assert eval_expression("Box(2).double().value", {}, engine=FAKE) == 4


def test_free_names_in_first_use_order():
    assert free_names("2*dot(x,x) + y.sum() + z + x") == ["x", "y", "z"]
    assert free_names("a = 1\nprint(a + b)\ndef f(p):\n    return p + q\n") == ["b", "q"]
    assert free_names("[i for i in range(n)]") == ["n"]
    assert free_names("torch.ones(2) + np.pi + sum(w)") == ["w"]


# --- control flow ---------------------------------------------------------------------------------

def test_if_elif_else_while_for_break_continue_else():
    out = run("for i in range(10):\n"
              "    if i == 1:\n        continue\n"
              "    elif i == 4:\n        break\n"
              "    else:\n        print(i, end=' ')\n"
              "else:\n    print('not reached')\n"
              "n = 0\nwhile n < 3:\n    n += 1\nelse:\n    print('done', n)\n"
              "for c in 'ab':\n    pass\nelse:\n    print('else', c)\n")
    assert out == "0 2 3 done 3\nelse b\n"


def test_nested_loops_break_only_the_inner_one():
    out = run("for i in range(3):\n    for j in range(3):\n        if j == 1:\n"
              "            break\n        print(i, j)\n")
    assert out == "0 0\n1 0\n2 0\n"


def test_iterating_lists_tuples_strings_dicts_ranges():
    out = run("for x in [1, 2]: print(x, end='')\nfor x in (3,): print(x, end='')\n"
              "for x in 'ab': print(x, end='')\nfor k in {'k': 1}: print(k, end='')\n"
              "for k, v in {'a': 1}.items(): print(k, v)\n")
    assert out == "123abka 1\n"


# --- functions --------------------------------------------------------------------------------------

def test_functions_defaults_keywords_varargs():
    out = run("def f(a, b=2, *args, c, d=4, **kw):\n    return (a, b, args, c, d, kw)\n"
              "print(f(1, c=3))\nprint(f(1, 2, 3, 4, c=5, e=6))\nprint(f(*[1, 2], **{'c': 9}))\n")
    assert out == ("(1, 2, (), 3, 4, {})\n(1, 2, (3, 4), 5, 4, {'e': 6})\n"
                   "(1, 2, (), 9, 4, {})\n")


@pytest.mark.parametrize("call, message", [
    ("f()", "f() missing 1 required positional argument: 'a'"),
    ("f(1, 2, 3)", "f() takes from 1 to 2 positional arguments but 3 were given"),
    ("f(1, c=2)", "f() got an unexpected keyword argument 'c'"),
    ("f(1, a=2)", "f() got multiple values for argument 'a'"),
])
def test_argument_errors(call, message):
    err = error(f"def f(a, b=1):\n    return a\n{call}\n")
    assert message in err.message
    assert err.position.line == 3


def test_closures_read_and_nonlocal_writes():
    out = run("def counter():\n    n = 0\n    def inc():\n        nonlocal n\n"
              "        n += 1\n        return n\n    return inc\n"
              "c = counter()\nc()\nprint(c(), c())\n"
              "def adders():\n    return [lambda x, i=i: x + i for i in range(3)]\n"
              "print([f(10) for f in adders()])\n"
              "def late():\n    fs = [lambda: i for i in range(3)]\n    return [f() for f in fs]\n"
              "print(late())\n")
    assert out == "2 3\n[10, 11, 12]\n[2, 2, 2]\n"


def test_global_statement_and_module_names_in_functions():
    ns = namespace("total = 0\ndef add(x):\n    global total\n    total += x\n"
                   "add(2)\nadd(3)\nscale = 10\ndef f():\n    return scale * 2\nr = f()\n")
    assert ns["total"] == 5 and ns["r"] == 20


def test_local_read_before_assignment_is_an_error():
    err = error("x = 1\ndef f():\n    y = x\n    x = 2\n    return y\nf()\n")
    assert "cannot access local variable 'x'" in err.message
    assert err.position.line == 3


def test_recursion_works_up_to_the_call_depth_limit():
    source = "def f(n):\n    return 0 if n == 0 else 1 + f(n - 1)\nprint(f(150))\n"
    assert run(source) == "150\n"
    err = error(source.replace("150", "500"))
    assert isinstance(err, LimitError)
    assert "call depth limit of 200 exceeded (raise it with --max-call-depth)" in err.message
    assert run(source.replace("150", "500"), limits=Limits(max_call_depth=1000)) == "500\n"


def test_deep_recursion_uses_frames_not_python_recursion():
    source = "def f(n):\n    return 0 if n == 0 else 1 + f(n - 1)\nprint(f(20000))\n"
    assert run(source, limits=Limits(max_call_depth=30_000)) == "20000\n"


def test_lambda_and_comprehension_scopes():
    ns = namespace("x = 'outer'\nl = [x for x in range(3)]\nsq = lambda v, p=2: v ** p\n"
                   "y = sq(3)\nz = (lambda: x)()\n")
    assert ns["x"] == "outer" and ns["l"] == [0, 1, 2] and ns["y"] == 9 and ns["z"] == "outer"


def test_functions_as_values_and_decorators():
    out = run("def twice(f):\n    return lambda x: f(f(x))\n"
              "@twice\ndef inc(x):\n    return x + 1\nprint(inc(0), callable(inc))\n")
    assert out == "2 True\n"


def test_engine_calls_back_into_formula_functions():
    out = run("def hook(g):\n    return g * 10\nprint(call_back(hook, 4), "
              "call_back(lambda a, b: a - b, 5, 2))\n")
    assert out == "40 3\n"


def test_error_inside_a_callback_points_into_the_callback():
    err = error("def hook(g):\n    return g.nothing\ncall_back(hook, 1)\n")
    assert err.position.line == 2 and err.position.column == 14
    assert "'int' object has no attribute 'nothing'" in err.message


# --- with, assert, classes, imports ----------------------------------------------------------------

def test_with_calls_enter_and_exit_also_on_error_return_and_break():
    Manager.log.clear()
    out = run("with Manager() as m:\n    print(m)\n"
              "def f():\n    with Manager():\n        return 1\nf()\n"
              "for i in range(2):\n    with Manager():\n        break\n")
    assert out == "entered\n"
    assert Manager.log == ["enter", ("exit", None)] * 3
    Manager.log.clear()
    err = error("with Manager():\n    1 / 0\n")
    assert Manager.log == ["enter", ("exit", "EvalError")]
    assert "ZeroDivisionError: division by zero" in err.message
    assert err.position.line == 2


def test_with_blocks_exit_before_the_except_and_around_finally():
    Manager.log.clear()
    out = run("try:\n    with Manager():\n        engine_error()\nexcept RuntimeError as e:\n"
              "    print('caught', e)\n"
              "def f():\n    with Manager():\n        try:\n            return 1\n"
              "        finally:\n            call_back(print, 'finally')\n    return 2\n"
              "print(f())\n")
    assert out == ("caught element 0 of tensors does not require grad and does not have a "
                   "grad_fn\nfinally\n1\n")
    assert Manager.log == ["enter", ("exit", "TorchRuntimeError"), "enter", ("exit", None)]


def test_engine_and_python_errors_are_caught_by_their_python_class():
    out = run("for thunk in [engine_error, python_error]:\n    try:\n        thunk()\n"
              "    except (RuntimeError, LookupError) as e:\n"
              "        print(type(e).__name__, e.args)\n")
    assert out == ("RuntimeError ('element 0 of tensors does not require grad and does not "
                   "have a grad_fn',)\nIndexError ('list index out of range',)\n")


def test_an_error_raised_in_a_callback_is_caught_by_the_formula_around_it():
    out = run("def hook(g):\n    raise KeyError(g)\ntry:\n    call_back(hook, 3)\n"
              "except KeyError as e:\n    print(repr(e))\n")
    assert out == "KeyError(3)\n"


def test_set_and_dict_comprehensions_count_loop_steps():
    for source in ("s = {i for i in range(10**6)}\n", "d = {i: i for i in range(10**6)}\n",
                   "a, *b = range(10**6)\nc = [*range(10**6)]\n"):
        err = error(source, limits=Limits(max_steps=1000, max_elements=10_000))
        assert isinstance(err, LimitError)


def test_try_compiles_to_setup_and_handlers():
    from gradcli.lang import parse
    from gradcli.lang.compiler import compile_module
    code = compile_module(parse("try:\n    a\nexcept E as e:\n    raise\nfinally:\n    b\n"))
    text = code.disassemble()
    for op in ("SETUP_TRY", "POP_BLOCK", "EXC_MATCH", "EXC_VALUE", "POP_EXCEPT", "RAISE",
               "RERAISE"):
        assert op in text


def test_with_needs_a_context_manager():
    assert "does not support the context manager protocol" in error("with 1:\n    pass").message


def test_assert_passes_and_fails_with_the_condition_text():
    assert run("assert 1 + 1 == 2\nassert True, 'never'\nprint('ok')\n") == "ok\n"
    err = error("x = 1\nassert x > 2  # comment\n")
    assert isinstance(err, AssertionFailed) and err.message == "AssertionError"
    assert err.hint == "assert x > 2"
    assert err.position.line == 2 and err.exit_code == 1
    err = error("x = 1\nassert x > 2, f'x is {x}'\n")
    assert err.message == "AssertionError: x is 1"
    assert err.render().startswith("t.grad:2:1: error: AssertionError: x is 1")


def test_class_function_goes_through_the_engine_factory():
    ns = namespace("class Twice(Function):\n    @staticmethod\n    def forward(ctx, x):\n"
                   "        return 2 * x\n    @staticmethod\n    def backward(ctx, g):\n"
                   "        return g\n"
                   "y = Twice.forward(None, 21)\n")
    assert issubclass(ns["Twice"], FakeFunction) and ns["y"] == 42


def test_a_class_base_must_be_one_the_formula_may_derive_from():
    # plain classes are fine (test_lang_stdlib.py); a base that is a value, not a class of
    # the formula, nn.Module, Dataset or Function, is refused with what is supported
    message = error("class A(3):\n    pass\n").message
    assert message.startswith("class A: gradcli formulas support `class A:` (a plain class")
    assert "`class A(Function):`" in message and "`class A(nn.Module):`" in message


def test_imports_outside_torch_and_numpy_are_refused():
    err = error("import os\n")
    assert err.message == ("cannot import 'os': gradcli formulas can import only torch (and "
                           "torch.autograd, torch.autograd.functional, "
                           "torch.autograd.forward_ad, torch.autograd.graph, torch.func, "
                           "torch.nn, torch.nn.functional, torch.nn.init, torch.nn.utils, "
                           "torch.nn.grad, torch.linalg, torch.special, torch.fft, torch.signal, "
                           "torch.distributions, torch.masked, torch.optim, torch.compiler, torch.random, "
                           "torch.utils.data, torch.utils.dlpack, torch.utils.checkpoint, torch.backends.*), "
                           "numpy, functorch, and from Python's standard library "
                           "math, random, time, typing, collections, functools, itertools, "
                           "copy, sys, dataclasses, contextlib, abc, warnings, string, json, "
                           "argparse, operator, enum, types, statistics, gc, io (StringIO, "
                           "BytesIO) and textwrap")
    assert (err.position.line, err.position.column) == (1, 8)


# --- errors ---------------------------------------------------------------------------------------

def test_engine_errors_keep_their_text_and_get_the_call_position():
    err = error("x = 1\ny = engine_error()\n")
    assert err.message == ("element 0 of tensors does not require grad and does not have a "
                           "grad_fn")
    assert isinstance(err, RuntimeError)          # still the engine's own error
    assert (err.position.line, err.position.column) == (2, 5)
    assert err.position.source_line == "y = engine_error()"


def test_python_errors_become_eval_errors_with_their_type():
    err = error("python_error()\n")
    assert isinstance(err, EvalError) and err.message == "IndexError: list index out of range"
    assert isinstance(err.__cause__, IndexError)


def test_unknown_names_and_attributes_suggest_the_closest():
    err = error("value = 1\nprint(valeu)\n")
    assert err.message == "NameError: name 'valeu' is not defined"
    assert err.hint == "did you mean `value`?"
    err = error("b = Box(1)\nb.doubel()\n")
    assert err.message == "AttributeError: 'Box' object has no attribute 'doubel'"
    assert err.hint == "did you mean `double`?"
    assert error("[].apend(1)").hint == "did you mean `append`?"


def test_rendered_runtime_error():
    err = error("x = 1\ny = x + 'a'\n")
    assert err.render().splitlines() == [
        "t.grad:2:7: error: TypeError: unsupported operand type(s) for +: 'int' and 'str'",
        "    y = x + 'a'",
        "          ^"]


# --- with the real engine -------------------------------------------------------------------------

def real(source: str) -> str:
    out = io.StringIO()
    run_source(source, "r.grad", out=out)
    return out.getvalue()


def test_engine_seed_example():
    out = real("import torch\nx = torch.arange(4.0)\nx.requires_grad_(True)\n"
               "y = 2 * torch.dot(x, x)\ny.backward()\nprint(x.grad, x.grad == 4 * x)\n")
    assert out == "tensor([ 0.,  4.,  8., 12.]) tensor([True, True, True, True])\n"


def test_engine_grad_mode_is_restored_when_a_with_block_fails():
    import gradcli
    with pytest.raises(EvalError):
        real("import torch\nwith torch.no_grad():\n    1 / 0\n")
    assert gradcli.is_grad_enabled()


def test_engine_hooks_custom_function_and_augmented_assign():
    out = real("import torch\nfrom torch.autograd import Function\n"
               "class Cube(Function):\n    @staticmethod\n    def forward(ctx, x):\n"
               "        ctx.save_for_backward(x)\n        return x ** 3\n"
               "    @staticmethod\n    def backward(ctx, g):\n        x, = ctx.saved_tensors\n"
               "        return 3 * x ** 2 * g\n"
               "x = torch.tensor([1.0, 2.0], requires_grad=True)\n"
               "x.register_hook(lambda g: g + 1)\nCube.apply(x).sum().backward()\n"
               "print(x.grad)\nw = torch.ones(2)\nv = w\nw += 1\nprint(v, w is v)\n")
    assert out == "tensor([ 4., 13.])\ntensor([2., 2.]) True\n"


def test_engine_in_place_on_a_leaf_keeps_pytorchs_error():
    with pytest.raises(EvalError) as info:
        real("import torch\nw = torch.ones(3, requires_grad=True)\nw += 1\n")
    assert "a leaf Variable that requires grad is being used in an in-place operation." in \
        info.value.message
    assert info.value.position.line == 3


def test_one_liners_use_torch_for_the_overlapping_builtins():
    import gradcli
    x = gradcli.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = eval_expression("sum(x * x)", {"x": x})
    assert y.shape == () and type(y.grad_fn).__name__ == "SumBackward0"
    assert eval_expression("sum([1, 2])", {}) == 3
    assert eval_expression("2*dot(v,v)", {"v": gradcli.arange(4.0)}).item() == 28.0


def test_files_use_pythons_builtins_as_pytorch_programs_do():
    out = real("import torch\nx = torch.tensor([[1.0, 2.0], [3.0, 4.0]])\nprint(sum(x))\n")
    assert out == "tensor([4., 6.])\n"


SHARED = Path(__file__).resolve().parents[2] / "shared" / "conformance"
ADDRESS = re.compile(r" object at 0x[0-9a-fA-F…]+")


@pytest.mark.parametrize("case", sorted(SHARED.glob("*.grad")), ids=lambda p: p.stem)
def test_shared_conformance_corpus_through_run_source(case):
    out = io.StringIO()
    err = None
    try:
        run_source(case.read_text(), str(case), out=out)
    except GradcliError as exc:
        err = exc
    assert ADDRESS.sub(" object at 0x…", out.getvalue()) == case.with_suffix(".out").read_text()
    expected_error = case.with_suffix(".err")
    if expected_error.exists():
        assert err is not None
        assert expected_error.read_text().strip()[:50] in err.render()
    else:
        assert err is None, err.render()
