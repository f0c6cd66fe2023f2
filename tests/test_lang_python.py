"""Python statements and expressions tutorial code uses around torch, beyond the basics:
generators driven by send()/throw()/close() (`x = yield v`, `yield from` with a return
value, `finally` on close), generator expressions that run lazily and only once, assignment
expressions (`:=`, binding outside a comprehension), and the parts of `sys` a script
touches (version, stdout/stderr, argv, exit()), and @dataclass on a formula's class.

Each program's expected output is what Python 3.11 with torch 2.13 printed for it."""
from __future__ import annotations

import io

import pytest

from gradcli.errors import EvalError, FormulaSyntaxError, GradcliError
from gradcli.lang import run_source

PROGRAMS = {
    'send_to_a_running_total': (
        'import torch\ndef g():\n    total = 0\n    while True:\n        v = yield total\n        if v is None:\n            break\n        total += v\nit = g()\nprint(next(it))\nprint(it.send(3), it.send(4))\ntry:\n    next(it)\nexcept StopIteration:\n    print("stopped")\n',
        '0\n3 7\nstopped\n'),
    'close_runs_finally': (
        'import torch\ndef g():\n    try:\n        yield 1\n        yield 2\n    finally:\n        print("closed")\nit = g()\nprint(next(it))\nit.close()\nprint(list(it))\nit.close()\n',
        '1\nclosed\n[]\n'),
    'close_seen_by_except_generator_exit': (
        'import torch\ndef g():\n    try:\n        yield 1\n    except GeneratorExit:\n        print("exit seen")\n        raise\nit = g(); next(it); it.close()\n',
        'exit seen\n'),
    'close_not_caught_by_except_exception': (
        'import torch\ndef g():\n    try:\n        yield 1\n    except Exception:\n        print("never")\n    finally:\n        print("fin")\nit = g(); next(it); it.close()\n',
        'fin\n'),
    'yield_from_passes_send_and_returns': (
        'import torch\ndef inner():\n    x = yield 1\n    print("inner got", x)\n    return 42\ndef outer():\n    r = yield from inner()\n    print("r", r)\n    yield r + 1\nit = outer()\nprint(next(it))\nprint(it.send("hi"))\n',
        '1\ninner got hi\nr 42\n43\n'),
    'throw_into_a_generator': (
        'import torch\ndef g():\n    try:\n        yield 1\n    except ValueError as e:\n        print("caught", e)\n        yield 99\nit = g(); next(it)\nprint(it.throw(ValueError("boom")))\n',
        'caught boom\n99\n'),
    'send_to_a_just_started_generator': (
        'import torch\ndef g():\n    yield 1\nit = g()\ntry:\n    it.send(5)\nexcept TypeError as e:\n    print(e)\n',
        "can't send non-None value to a just-started generator\n"),
    'a_generator_expression_is_consumed_once': (
        'import torch\ng = (i * i for i in range(3))\nprint(list(g), list(g))\n',
        '[0, 1, 4] []\n'),
    'generator_expression_next_and_sum': (
        'import torch\ng = (i for i in range(5) if i % 2)\nprint(next(g), next(g))\nprint(sum(x * 2 for x in range(4)))\nprint(type(g).__name__)\n',
        '1 3\n12\ngenerator\n'),
    'next_of_a_generator_over_parameters': (
        'import torch\nimport torch.nn as nn\nm = nn.Linear(2, 3)\np = next(p for p in m.parameters() if p.dim() == 1)\nprint(p.shape)\n',
        'torch.Size([3])\n'),
    'any_all_max_of_generators': (
        'import torch\nprint(any(x > 2 for x in [1, 2, 3]), all(x for x in []), max(x for x in (3, 1)))\n',
        'True True 3\n'),
    'sorted_tuple_dict_of_generators': (
        'import torch\nprint(sorted(x for x in [3, 1, 2]), tuple(x for x in "ab"), dict((k, 1) for k in "ab"))\n',
        "[1, 2, 3] ('a', 'b') {'a': 1, 'b': 1}\n"),
    'a_generator_expression_reads_its_list_late': (
        'import torch\nx = [1, 2]\ng = (v for v in x)\nx.append(3)\nprint(list(g))\n',
        '[1, 2, 3]\n'),
    'walrus_in_if': (
        'import torch\nif (n := 3) > 2:\n    print(n)\n',
        '3\n'),
    'walrus_in_a_comprehension_binds_outside': (
        'import torch\nvals = [y for x in range(5) if (y := x * x) > 3]\nprint(vals, y)\n',
        '[4, 9, 16] 16\n'),
    'walrus_in_a_function_comprehension': (
        'import torch\ndef f():\n    vals = [y for x in range(5) if (y := x * 2) > 3]\n    return vals, y\nprint(f())\n',
        '([4, 6, 8], 8)\n'),
    'walrus_in_while': (
        'import torch\ndata = [1, 2, 3]\nwhile (n := len(data)) > 1:\n    data.pop()\nprint(n, data)\n',
        '1 [1]\n'),
    'walrus_parenthesized': (
        'import torch\nprint((x := 5), x)\n',
        '5 5\n'),
    'walrus_as_an_argument': (
        'import torch\ndef f(a):\n    return a\nprint(f(b := 4), b)\n',
        '4 4\n'),
    'walrus_in_a_lambda': (
        'import torch\nf = lambda: (z := 7) + 1\nprint(f())\n',
        '8\n'),
    'bare_yield_expressions': (
        'import torch\ndef g():\n    a = yield\n    b = yield a\n    yield a, b\nit = g(); next(it); print(it.send(1)); print(it.send(2))\n',
        '1\n(1, 2)\n'),
    'augmented_assignment_from_yield': (
        'import torch\ndef g():\n    x = 0\n    x += yield 1\n    yield x\nit = g(); print(next(it)); print(it.send(10))\n',
        '1\n10\n'),
    'yield_inside_an_expression': (
        'import torch\ndef g():\n    print((yield 1) * 2)\n    yield\nit = g(); next(it); it.send(21)\n',
        '42\n'),
    'yield_from_a_range': (
        'import torch\ndef gen():\n    yield from range(3)\nprint(list(gen()))\n',
        '[0, 1, 2]\n'),
    'sys_version_and_streams': (
        'import torch\nimport sys\nprint(sys.version_info >= (3, 8), sys.maxsize, sys.float_info.epsilon, sys.platform)\nprint("to out", file=sys.stdout)\nsys.stdout.write("written\\n")\nsys.stdout.flush()\n',
        'True 9223372036854775807 2.220446049250313e-16 linux\nto out\nwritten\n'),
    'sys_exit_ends_a_run': (
        'import torch\nimport sys\ndef main():\n    print("main")\n    return 0\nif __name__ == "__main__":\n    sys.exit(main())\nprint("not reached")\n',
        'main\n'),
    'sys_exit_caught': (
        'import torch\nimport sys\ntry:\n    sys.exit(3)\nexcept SystemExit as e:\n    print("caught", e.code)\n',
        'caught 3\n'),
    'sys_exit_runs_finally_and_leaves_no_grad': (
        'import torch\nimport sys\nwith torch.no_grad():\n    try:\n        sys.exit(0)\n    finally:\n        print("fin", torch.is_grad_enabled())\n',
        'fin False\n'),
    'sys_exit_not_caught_by_except_exception': (
        'import torch\nimport sys\ntry:\n    sys.exit()\nexcept Exception:\n    print("never")\n',
        ''),
    'sys_argv': (
        'import torch\nimport sys\nprint(len(sys.argv))\n',
        '1\n'),
    'dataclass_config_with_a_default_factory': (
        'import torch\nfrom dataclasses import dataclass, field, asdict, fields\n@dataclass\nclass Config:\n    lr: float = 0.01\n    epochs: int = 10\n    hidden: list = field(default_factory=lambda: [64, 32])\n    name: str = "run"\nc = Config(lr=0.1)\nprint(c)\nprint(c.lr * 2, c.hidden, asdict(c), [f.name for f in fields(c)])\nprint(c == Config(lr=0.1), c == Config())\n',
        "Config(lr=0.1, epochs=10, hidden=[64, 32], name='run')\n0.2 [64, 32] {'lr': 0.1, 'epochs': 10, 'hidden': [64, 32], 'name': 'run'} ['lr', 'epochs', 'hidden', 'name']\nTrue False\n"),
    'frozen_dataclass': (
        'import torch\nfrom dataclasses import dataclass\n@dataclass(frozen=True)\nclass P:\n    x: int\n    y: int = 0\np = P(1)\nprint(p, hash(p) == hash(P(1)))\ntry:\n    p.x = 3\nexcept AttributeError as e:\n    print("frozen:", e)\n',
        "P(x=1, y=0) True\nfrozen: cannot assign to field 'x'\n"),
    'ordered_dataclass_with_a_classvar_and_post_init': (
        'import torch\nfrom dataclasses import dataclass\nfrom typing import ClassVar\n@dataclass(order=True)\nclass V:\n    a: int\n    b: float\n    count: ClassVar[int] = 0\n    def total(self):\n        return self.a + self.b\n    def __post_init__(self):\n        self.b = float(self.b)\nprint(V(1, 2), V(1, 2) < V(2, 0), V(3, 4).total(), V.count)\n',
        'V(a=1, b=2.0) True 7.0 0\n'),
    'dataclass_of_tensors_and_replace': (
        'import torch\nimport dataclasses\n@dataclasses.dataclass\nclass T:\n    w: torch.Tensor\n    b: torch.Tensor = None\nt = T(torch.ones(2))\nprint(t)\nprint(dataclasses.replace(t, b=torch.zeros(1)))\n',
        'T(w=tensor([1., 1.]), b=None)\nT(w=tensor([1., 1.]), b=tensor([0.]))\n'),
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_prints_what_python_with_torch_printed(name):
    source, expected = PROGRAMS[name]
    out = io.StringIO()
    run_source(source, filename=f"<{name}>", out=out)
    assert out.getvalue() == expected


def run_error(source: str):
    with pytest.raises((EvalError, FormulaSyntaxError)) as info:
        run_source(source, out=io.StringIO())
    return info.value


def test_a_generator_that_ignores_close_is_an_error():
    err = run_error("def g():\n    while True:\n        try:\n            yield 1\n"
                    "        except GeneratorExit:\n            pass\n"
                    "it = g()\nnext(it)\nit.close()\n")
    assert "RuntimeError: generator ignored GeneratorExit" in err.message


def test_sys_exit_with_a_status_is_the_runs_error():
    err = run_error("import sys\nprint(1)\nsys.exit(2)\n")
    assert err.message == "SystemExit: 2"
    assert err.position.line == 3


@pytest.mark.parametrize("source, message", [
    ("def g():\n    (yield) = 1\n", "cannot assign to yield expression"),
    ("(x := 1) = 2\n", "cannot assign to named expression"),
    ("(i for i in y) = 1\n", "cannot assign to generator expression"),
    ("x = yield 1\n", "'yield' outside function"),
])
def test_misplaced_yield_and_walrus_are_syntax_errors(source, message):
    err = run_error(source)
    assert isinstance(err, FormulaSyntaxError)
    assert message in err.message


def test_print_to_anything_but_sys_streams_is_refused():
    err = run_error("print(1, file=[])\n")
    assert "sys.stdout and sys.stderr" in err.message


@pytest.mark.parametrize("source, message", [
    ("import sys\nsys.modules\n", "'sys' has no attribute 'modules'"),
    ("import sys\nsys.setrecursionlimit(10**6)\n", "'sys' has no attribute 'setrecursionlimit'"),
    ("import sys\nsys.stdout._target\n", "attributes starting with '_' are not allowed"),
    ("import sys\nsys.stdout.write(1)\n", "write() argument must be str, not int"),
    ("from sys import path\n", "cannot import name 'path'"),
])
def test_sys_offers_only_the_harmless_parts(source, message):
    assert message in run_error(source).message


def test_a_dataclass_with_a_mutable_default_is_pythons_error():
    err = run_error("from dataclasses import dataclass\n@dataclass\nclass Bad:\n"
                    "    xs: list = []\n")
    assert err.message == ("ValueError: mutable default <class 'list'> for field xs is not "
                           "allowed: use default_factory")


def test_dataclass_applies_only_to_a_formulas_plain_class():
    err = run_error("import torch.nn as nn\nfrom dataclasses import dataclass\n"
                    "dataclass(nn.Linear)\n")
    assert "applies to a plain class the formula defines" in err.message


def test_a_missing_module_attribute_is_an_attribute_error_a_formula_catches():
    out = io.StringIO()
    run_source("import torch\ntry:\n    torch.nope\nexcept AttributeError as e:\n"
               "    print('AE', e)\n", out=out)
    assert out.getvalue() == "AE module 'torch' has no attribute 'nope'\n"


def test_unpacking_a_0d_tensor_is_the_tensors_own_error():
    err = run_error("import torch\nx, = torch.tensor(5)\n")
    assert err.message == "iteration over a 0-d tensor"
    err = run_error("a, b = 5\n")
    assert err.message == "TypeError: cannot unpack non-iterable int object"


def test_anomaly_mode_records_a_node_made_by_an_operator_at_its_own_line(capsys):
    source = ("import torch\nx = torch.zeros(2, requires_grad=True)\n"
              "with torch.autograd.detect_anomaly():\n    y = x * 2\n"
              "    z = (x / x).sum()\n    z.backward()\n")
    run_error(source)
    err = capsys.readouterr().err
    assert 'File "<formula>", line 5, in <module>\n    z = (x / x).sum()' in err



FUNCTION_SUBCLASS = 'import torch\nclass Base(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x):\n        ctx.save_for_backward(x)\n        return x * 2\n    @staticmethod\n    def backward(ctx, g):\n        return g * 2\nclass Child(Base):\n    @staticmethod\n    def backward(ctx, g):\n        x, = ctx.saved_tensors\n        return g * 10\nx = torch.ones(2, requires_grad=True)\ny = Child.apply(x)\nprint(y, y.grad_fn)\ny.sum().backward()\nprint(x.grad, issubclass(Child, Base), issubclass(Child, torch.autograd.Function))\n'


def test_a_custom_function_may_derive_from_another():
    """Torch 2.13's output (addresses elided)."""
    import re
    out = io.StringIO()
    run_source(FUNCTION_SUBCLASS, out=out)
    assert re.sub(r" object at 0x[0-9a-f]+", " object at 0x…", out.getvalue()) == 'tensor([2., 2.], grad_fn=<ChildBackward>) <torch.autograd.function.ChildBackward object at 0x…>\ntensor([10., 10.]) True True\n'


QUALNAMES = {'qn_0': ('import torch\ndef f():\n    def g(a):\n        return a\n    return g\nprint(f(), f)\ng = f()\ng(1, 2)\n', '<function f.<locals>.g at 0x…> <function f at 0x…>\n', 'TypeError: f.<locals>.g() takes 1 positional argument but 2 were given'), 'qn_1': ('import torch\nclass M(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n    def forward(self, x, y):\n        return x\nm = M()\nprint(m.forward)\nm.forward(1)\n', '<bound method M.forward of M()>\n', "TypeError: M.forward() missing 1 required positional argument: 'y'")}


@pytest.mark.parametrize("name", sorted(QUALNAMES))
def test_functions_have_pythons_qualified_names(name):
    """`<function f.<locals>.g at ...>`, `M.forward() missing ...`: Python 3.11's words."""
    import re
    source, expected, error = QUALNAMES[name]
    out = io.StringIO()
    with pytest.raises(GradcliError) as info:
        run_source(source, out=out)
    assert re.sub(r" at 0x[0-9a-f]+", " at 0x…", out.getvalue()) == \
        re.sub(r" at 0x[0-9a-f]+", " at 0x…", expected)
    assert info.value.message == error          # uncaught: with the class, as CPython prints it
