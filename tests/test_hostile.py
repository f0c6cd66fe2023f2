"""Hostile or broken formulas: every one ends in a gradcli error (a kind, a message, a place),
within seconds, and never reaches Python's internals, files or a traceback."""
from __future__ import annotations

import io
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradcli.errors import (EvalError, FormulaSyntaxError, GradcliError, LimitError)
from gradcli.lang import Limits, eval_expression, parse, run_source
from gradcli.lang.vm import Engine

SMALL = Limits(max_steps=20_000, max_seconds=5.0)


def failure(source: str, limits: Limits = SMALL, engine=None) -> GradcliError:
    out = io.StringIO()
    start = time.monotonic()
    with pytest.raises(GradcliError) as info:
        run_source(source, "evil.grad", limits=limits, out=out, engine=engine)
    assert time.monotonic() - start < 30
    err = info.value
    assert err.render().startswith("evil.grad:"), err.render()
    return err


# --- reaching Python's internals ---------------------------------------------------------------

@pytest.mark.parametrize("source", [
    "().__class__.__bases__",
    "[].__class__.__mro__[1].__subclasses__()",
    "__import__('os')",
    "__builtins__",
    "x = 1\nx.__class__",
    "print.__self__",
    "(lambda: 0).__globals__",
    "__secret = 1",
    "def f(__x): pass",
    "f(_x=1)",
    "import torch\ntorch._C",
    "torch.tensor(1.0).grad_fn.__class__",
    "f(__class__=1)",
])
def test_private_names_and_attributes_are_syntax_errors(source):
    assert isinstance(failure(source), FormulaSyntaxError)


def test_a_name_may_start_with_one_underscore_and_reaches_only_what_the_formula_made():
    # PyTorch's double-backward tutorial names a custom Function's unused gradients
    # `_grad_out_exp`; such names can only hold the formula's own values
    source = ("import torch as _t\ndef _helper(_x, *_rest, **_kw):\n    _y = _x * 2\n"
              "    return _y, _rest, _kw\nclass _C:\n    pass\n"
              "print(_helper(3, 4, a=5), type(_C()).__name__, _t.ones(1))\n"
              "try:\n    raise ValueError('v')\nexcept ValueError as _e:\n    print(_e)\n")
    out = io.StringIO()
    run_source(source, "u.grad", out=out)
    assert out.getvalue() == "(6, (4,), {'a': 5}) _C tensor([1.])\nv\n"
    err = failure("from torch import _C\n")
    assert isinstance(err, EvalError) and "cannot import name '_C' from 'torch'" in err.message


@pytest.mark.parametrize("source", [
    "open('x')", "eval('1')", "exec('x = 1')", "compile('1', 'f', 'eval')",
"type('X', (), {})", "type(type)", "globals()", "locals()",
    "vars()", "input()", "breakpoint()", "help()", "exit()", "object()",
    "memoryview([])",
])
def test_dangerous_builtins_are_not_there(source):
    err = failure(source)
    assert isinstance(err, EvalError) and ("is not available in gradcli formulas" in err.message
                                           or "iter_() takes 1 positional" in err.message)


@pytest.mark.parametrize("source", [
    "iter(int, 1)\nmax(iter(int, 1))", "sum(iter(int, 1))", "list(iter(int, 1))",
    "sorted(iter(lambda: 0, 1))", "for x in iter(int, 1):\n    pass",
    "import itertools\nlist(itertools.takewhile(lambda v: True, iter(int, 1)))",
])
def test_endless_iter_of_a_callable_stops_at_a_limit(source):
    """iter(callable, sentinel), which never meets its sentinel here, under a consumer that
    loops in C (max, sum) or in the formula."""
    assert isinstance(failure(source, Limits(max_steps=20_000, max_seconds=2.0,
                                             max_elements=100_000)), LimitError)


@pytest.mark.parametrize("source", [
    "getattr(1, '__class__')", "getattr(getattr([], 'append'), '__self__')",
    "import torch\ngetattr(torch.ones(1), '_data')", "getattr(print, '__self__')",
    "setattr(torch, 'x', 1)", "setattr(1, 'real', 2)", "import torch\nsetattr(torch.ones(1), "
    "'_version', 3)", "delattr(torch, 'ones')", "l = []\ndelattr(l, 'append')",
    "getattr(1, 'real', 0) and getattr(1, '__dict__', 0)", "hasattr(1, '__class__')",
])
def test_getattr_and_setattr_follow_the_attribute_rules(source):
    # a computed name gets no further than a written one (and no default hides a refusal)
    assert isinstance(failure(source), EvalError)


def test_getattr_reads_what_a_written_attribute_reads():
    out = io.StringIO()
    run_source("import torch\nx = torch.ones(2, requires_grad=True)\n"
               "print(getattr(x, 'requires_grad'), getattr(x, 'nope', None), "
               "hasattr(x, 'grad_fn'), hasattr(x, 'nope'), getattr(1, 'real'))\n", out=out)
    assert out.getvalue() == "True None True False 1\n"


@pytest.mark.parametrize("source", [
    "import os", "import platform", "import subprocess as s", "from os import path",
    "import torch.os", "from builtins import open", "import numpy.ctypeslib",
    "import importlib", "import pickle", "import shutil", "import socket", "import math.os",
])
def test_imports_other_than_torch_and_numpy_fail_clearly(source):
    err = failure(source)
    assert "gradcli formulas can import only torch (and torch.autograd, " \
           "torch.autograd.functional, torch.autograd.forward_ad, torch.autograd.graph, " \
           "torch.func, torch.nn, torch.nn.functional, torch.nn.init, torch.nn.utils, " \
           "torch.nn.grad, torch.linalg, torch.special, torch.fft, torch.signal, torch.distributions, " \
           "torch.masked, torch.optim, torch.compiler, torch.random, torch.utils.data, torch.utils.dlpack, " \
           "torch.utils.checkpoint, torch.backends.*), numpy" in err.message


@pytest.mark.parametrize("source", [
    "'{0.__class__}'.format(1)",
    "'{0.__class__.__mro__}'.format([])",
    "import torch\n'{0._data}'.format(torch.ones(1))",
    "b'x'.center(10**9)",
    "'{}'.format_map({})",
    "import numpy as np\nnp.ones(2).tofile('f')",
    "import numpy as np\nnp.ones(2).ctypes",
    "import numpy as np\nnp.save('f', np.ones(2))",
    "import numpy as np\nnp.load('f')",
    "(1).to_bytes(2, 'big').ljust(10**9)",
    "(lambda: 0).x",
    "l = []\nl.x = 1",
    "import torch\nx = torch.ones(1)\nx._version = 3",
    "import torch\ntorch.ones = 1",
    "print(1, file=None or 1)",
])
def test_attribute_escapes_are_refused(source):
    assert isinstance(failure(source), EvalError)


def test_safe_format_fields_still_work():
    out = io.StringIO()
    run_source("print('{0.real}|{1[0]}|{k}'.format(3, [4], k=5))", out=out)
    assert out.getvalue() == "3|4|5\n"


# --- resources ----------------------------------------------------------------------------------

@pytest.mark.parametrize("source, flag", [
    ("9**9**9**9", "--max-int-bits"),
    ("x = 2\nfor i in range(40): x = x * x", "--max-int-bits"),
    ("1 << 10**10", "--max-int-bits"),
    ("pow(9, 10**10)", "--max-int-bits"),
    ("round(5, -10**9)", "--max-int-bits"),
    ("'a' * 10**12", "--max-elements"),
    ("[0] * 10**12", "--max-elements"),
    ("(0,) * 10**12", "--max-elements"),
    ("s = 'ab'\nfor i in range(64): s = s + s", "--max-elements"),
    ("l = [0]\nfor i in range(64): l += l", "--max-elements"),
    ("l = [0]\nfor i in range(64): l.extend(l)", "--max-elements"),
    ("'a'.center(10**12)", "--max-elements"),
    ("'abcdef'.replace('', 'x' * 10**7)", "--max-elements"),
    ("list(range(10**12))", "--max-elements"),
    ("sum(range(10**12))", "--max-elements"),
    ("sorted(range(10**12))", "--max-elements"),
    ("max(range(10**12))", "--max-elements"),
    ("print(*range(10**12))", "--max-elements"),
    ("','.join(str(i) for i in range(10**12))", "--max-steps"),
    ("import math\nmath.factorial(10**9)", "--max-int-bits"),
    ("import math\nmath.comb(10**9, 10**8)", "--max-int-bits"),
    ("import math\nmath.perm(10**9)", "--max-int-bits"),
    ("import math\nmath.prod(range(1, 10**12))", "--max-elements"),
    ("import math\nmath.prod([10**5000] * 100)", "--max-int-bits"),
    ("import functools\nfunctools.reduce(max, range(10**12))", "--max-elements"),
    ("import random\nrandom.sample(range(10**12), 10**11)", "--max-elements"),
    ("import random\nrandom.choices([1], k=10**12)", "--max-elements"),
    ("import time\ntime.sleep(10**6)", "--max-seconds"),
    ("while True: pass", "--max-steps"),
    ("for i in range(10**12): pass", "--max-steps"),
    ("def f(): return f()\nf()", "--max-call-depth"),
    ("f = lambda: f()\nf()", "--max-call-depth"),
    ("def f(n): return [f(n) for i in [1]]\nf(1)", "--max-call-depth"),
    ("def g():\n    yield from g()\nlist(g())", "--max-call-depth"),
    ("def g():\n    while True:\n        yield 1\nlist(g())", "--max-steps"),
    ("def g():\n    while True:\n        pass\n    yield 1\nnext(g())", "--max-steps"),
])
def test_resource_bombs_stop_at_a_named_limit(source, flag):
    # (the time limit's own case waits it out: half a second rather than SMALL's five)
    err = failure(source, Limits(max_steps=20_000, max_seconds=0.5) if flag == "--max-seconds"
                  else SMALL)
    assert isinstance(err, LimitError)
    assert f"(raise it with {flag})" in err.message


@pytest.mark.parametrize("source", [
    "list(map(abs, range(10**12)))",
    "list(filter(None, range(10**12)))",
    "print(*map(abs, range(10**12)))",
    "import itertools\nprint(*itertools.product(range(10**6), repeat=3))",
    "import itertools\nlen(list(itertools.permutations(range(50))))",
    "import itertools\nitertools.repeat(0, 10**12)",
    "from collections import OrderedDict\nOrderedDict(zip(range(10**12), range(10**12)))",
    "from collections import defaultdict\ndefaultdict(int, zip(range(10**12), range(10**12)))",
    "from collections import Counter\nCounter(range(10**12))",
    "from collections import Counter\nc = Counter()\nc.update(range(10**12))",
    "from collections import deque\nd = deque()\nd.extend(range(10**12))",
])
def test_lazy_iterators_stop_at_the_element_limit_where_consumed(source):
    # map, filter, zip, itertools ... are lazy; list(), print(*...), the collections and
    # math.prod consume them through the guards, which count the items
    err = failure(source, Limits(max_steps=20_000, max_seconds=20.0, max_elements=100_000))
    assert isinstance(err, LimitError)
    assert "(raise it with --max-elements)" in err.message


def test_an_endless_loop_stops_at_the_time_limit():
    err = failure("while True:\n    x = 1\n", Limits(max_steps=10**12, max_seconds=0.5))
    assert "time limit of 0.5 s exceeded (raise it with --max-seconds)" in err.message


def test_an_endless_c_level_iteration_stops_at_the_time_limit():
    err = failure("min(zip(range(10**18)))", Limits(max_seconds=0.5))
    assert "--max-seconds" in err.message


def test_format_widths_are_bounded():
    for source in ("'%999999999d' % 1", "'%*d' % (10**9, 1)", "f'{1:>999999999}'",
                   "format(1, '999999999')", "'{:>999999999}'.format(1)"):
        assert isinstance(failure(source), EvalError)


def test_recursion_through_the_engine_is_bounded():
    def call_back(fn):
        return fn()

    engine = Engine({}, {"call_back": call_back})
    err = failure("def f():\n    return call_back(f)\nf()\n", engine=engine)
    assert isinstance(err, LimitError)


def test_deeply_nested_values_fail_cleanly_when_printed():
    err = failure("x = []\nfor i in range(100000):\n    x = [x]\nprint(x)\n",
                  Limits(max_steps=200_000))
    assert isinstance(err, LimitError) and "recursion" in err.message
    assert err.position.line == 4


def test_python_limits_on_int_strings_are_errors():
    assert "Exceeds the limit" in failure("int('9' * 5000)").message


# --- size and depth of the source ---------------------------------------------------------------

def test_a_sum_of_a_hundred_thousand_terms_works():
    assert eval_expression("+".join(["x"] * 100_000), {"x": 1}) == 100_000


def test_long_chains_of_unary_and_power_operators_work():
    assert eval_expression("-" * 100_001 + "1", {}) == -1
    assert eval_expression("not " * 10_000 + "True", {}) is True
    assert eval_expression("**".join(["1"] * 50_000), {}) == 1


def test_ten_thousand_nested_parentheses_stop_at_the_depth_limit_or_work():
    source = "(" * 10_000 + "x" + ")" * 10_000
    with pytest.raises(LimitError, match="nesting depth limit of 1,000 exceeded"):
        eval_expression(source, {"x": 1})
    assert eval_expression(source, {"x": 7}, limits=Limits(max_depth=20_000)) == 7
    nested = "[" * 5_000 + "]" * 5_000
    value = eval_expression(nested, {}, limits=Limits(max_depth=20_000))
    assert isinstance(value, list)


def test_source_size_limit():
    err = failure("x = 1\n" * 1000, Limits(max_source_bytes=1000))
    assert "source size limit of 1,000 bytes exceeded (raise it with --max-source-bytes)" \
        in err.message


# --- broken text ----------------------------------------------------------------------------------

@pytest.mark.parametrize("source, message", [
    ("x = 1\0", "null bytes"),
    ("\0\0\0", "null bytes"),
    ("if x:\n        a = 1\n    b = 2\n", "unindent does not match"),
    ("if x:\n\tif y:\n\t\tpass\n  \tpass\n", "inconsistent use of tabs and spaces"),
    ("if x:\n        a = 1\n\tb = 2\n", "inconsistent use of tabs and spaces"),
    ("x = '''never closed\n\n", "unterminated triple-quoted string"),
    ("x = (((\n", "was never closed"),
    (")))", "unmatched ')'"),
    ("\ufeff\ufeffx = 1", "invalid character"),
    ("x = '\\N{NO SUCH NAME}'", "invalid string literal"),
    ("def", "expected a name, found end of line"),
    ("x = \\", "unexpected"),
])
def test_broken_text_is_a_syntax_error_with_a_position(source, message):
    with pytest.raises(FormulaSyntaxError) as info:
        parse(source, "bad.grad")
    assert message in info.value.message
    assert info.value.position.file == "bad.grad" and info.value.position.line >= 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("x1(),:=+-*/[]{}.'\"#\\\t\n ifwhlorandtnpum\0é")),
               max_size=60))
def test_random_text_gives_only_gradcli_errors(source):
    try:
        run_source(source, "fuzz.grad", out=io.StringIO(),
                   limits=Limits(max_steps=2_000, max_seconds=2.0))
    except GradcliError as err:
        assert err.render()
