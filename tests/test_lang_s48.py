"""Formula programs that are not torch programs, with CPython as the reference: the same
source runs under `exec` here and under gradcli's interpreter, and both must print the same
and end with the same last traceback line (session 48).

assert: an uncaught `assert` reads as CPython's line ("AssertionError", "AssertionError:
message"), with the assert's text as the hint; `gradcli run` keeps exit status 1.

class-tree: `__mro__` and `__bases__` of a formula's classes (several bases, an exception
base) and of builtin ones, `type(x).__mro__`; an instance has neither. gradcli refuses them
for its own classes other than nn.Module (their tree is not PyTorch's: nn.ReLU, torch.Tensor)
and refuses setting them. A `class P(NamedTuple):` derives from tuple, as in Python (gradcli's
named tuple base is left out); ABC, Enum, Generic and dataclasses have Python's tree.
vars() of a formula class: its `__dict__` in its body's order (annotations, docstring,
methods and attributes as they come, then what `type()` adds), read-only. (`A.__dict__` itself stays refused as it parses, as test_lang_try and
test_nn_modules require of every `__dict__`.)

recursion: an endless recursion that nothing catches reads as CPython's line, then names
gradcli's call-depth limit and its flag (gradcli's limit is 200 calls, CPython's 1,000).

singledispatch: functools.singledispatch registered by a parameter's annotation, by a class
(stacked), by class and function; dispatch along the method order (bool as int, a subclass
as its base), `dispatch()`, `registry`, keyword arguments, a call without arguments.

syntax: where a syntax error is placed, against CPython's compile(): a bracket left open
is "never closed" only where Python reads on to the end of the source (a later line, or a
token that could start another operand); a token no operand starts with, on the bracket's
own line, is the error itself (`def f(:`: at the ':'). gradcli keeps its own wording there
("expected an expression, found ':'" for Python's "invalid syntax") and exit status 3.
A missing block names the statement it belongs to as Python's IndentationError does
("expected an indented block after 'if' statement on line 1", "after function definition
on line 2"), also where the source ends after the ':' (placed at the end of the last line,
blank or not, as Python places it)."""
from __future__ import annotations

import contextlib
import io
import re
import traceback

import pytest
from click.testing import CliRunner

from gradcli.cli import main
from gradcli.errors import FormulaSyntaxError, GradcliError
from gradcli.lang import run_source


def under_python(source: str):
    """What CPython printed, and the last line of its traceback (None: no error)."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(source, "case.py", "exec"), {"__name__": "__main__"})
    except Exception as exc:      # noqa: BLE001
        return out.getvalue(), traceback.format_exception_only(exc)[-1].rstrip("\n")
    return out.getvalue(), None


def under_gradcli(source: str):
    out = io.StringIO()
    try:
        run_source(source, "case.py", out=out)
    except GradcliError as error:
        return out.getvalue(), error.message
    return out.getvalue(), None


ASSERT = [
    "assert False\n",
    "x = 1\nassert x == 2\n",
    "assert 1 == 2, 'msg here'\n",
    "assert [], ('a', 1)\n",
    "assert 0, ''\n",
    "try:\n    assert 0, 'm'\nexcept AssertionError as e:\n"
    "    print(type(e).__name__, e, repr(e))\n"
    "assert True, 'never'\nprint('ok')\n",
]

CLASS_TREE = [
    "class A:\n    x = 1\nclass B(A):\n    pass\nclass C(B, ValueError):\n    pass\n"
    "print(B.__mro__, B.__bases__, A.__bases__, C.__mro__, C.__bases__)\n"
    "print(type(C()).__mro__[1] is B, type([]).__mro__, bool.__mro__, tuple.__bases__)\n"
    "print(type(1).__mro__[-1].__bases__, KeyError.__mro__)\n"
    "try:\n    B().__mro__\nexcept AttributeError as e:\n    print(e)\nB().__bases__\n",
    ('class A:\n'
     '    x = 1\n'
     '    def __eq__(self, o):\n'
     '        return True\n'
     '    def f(self):\n'
     '        pass\n'
     '    y: int = 2\n'
     '    z: str\n'
     'print(list(vars(A)))\n'
     'class B:\n'
     '    """d"""\n'
     '    @staticmethod\n'
     '    def s():\n'
     '        pass\n'
     '    @classmethod\n'
     '    def c(cls):\n'
     '        pass\n'
     '    w = 3\n'
     '    @property\n'
     '    def p(self):\n'
     '        return 1\n'
     '    @p.setter\n'
     '    def p(self, v):\n'
     '        pass\n'
     '    k = w2 = 5\n'
     "print(list(vars(B)), vars(B)['w'], vars(B)['__doc__'], 'w' in vars(B))\n"
     'class C(B):\n'
     '    def __init__(self):\n'
     '        pass\n'
     'print(vars(C))\n'
     "print(len(vars(C)), sorted(vars(C).keys()), vars(C).get('zz', 0), type(vars(C)).__name__)\n"
     'for k, v in vars(C).items():\n'
     '    print(k, type(v).__name__)\n'
     "print(vars(C)['__init__'].__name__, vars(B)['s'], vars(B)['c'])\n"
     'try:\n'
     "    vars(C)['q'] = 1\n"
     'except TypeError as e:\n'
     '    print(e)\n'
     'class E:\n'
     '    def __init__(self):\n'
     '        self.a = 1\n'
     "print(vars(E()), vars(E)['__init__'](E()))\n"),
    ('from typing import NamedTuple\n'
     'from abc import ABC, abstractmethod\n'
     'import enum\n'
     'import dataclasses\n'
     'class P(NamedTuple):\n'
     '    x: int\n'
     '    y: int = 0\n'
     'print(P.__mro__, P.__bases__)\n'
     'class S(ABC):\n'
     '    @abstractmethod\n'
     '    def area(self):\n'
     '        pass\n'
     'print(S.__mro__)\n'
     'class Mode(enum.Enum):\n'
     '    A = 1\n'
     'try:\n'
     '    print(Mode.__mro__)\n'
     'except Exception as e:\n'
     '    print("refused")\n'
     '@dataclasses.dataclass\n'
     'class D:\n'
     '    a: int = 1\n'
     'print(D.__mro__, D.__bases__)\n'
     'class E(Exception):\n'
     '    pass\n'
     'print(E.__mro__)\n'
     'class Q(P):\n'
     '    pass\n'
     'print(Q.__mro__, Q.__bases__)\n'
     'from typing import Generic, TypeVar\n'
     'T = TypeVar("T")\n'
     'class Box(Generic[T]):\n'
     '    pass\n'
     'print(Box.__mro__, Box.__bases__)\n'
     'print(enum.IntEnum.__mro__)\n'),
]

SINGLEDISPATCH = [
    ('from functools import singledispatch\n'
     'import functools\n'
     '@singledispatch\n'
     'def show(x):\n'
     '    return f"other {x!r}"\n'
     '@show.register\n'
     'def _(x: int):\n'
     '    return f"int {x}"\n'
     '@show.register(float)\n'
     'def _f(x):\n'
     '    return f"float {x}"\n'
     '@show.register(list)\n'
     '@show.register(tuple)\n'
     'def _seq(x):\n'
     '    return f"seq {len(x)}"\n'
     'def for_str(x):\n'
     '    return "str " + x\n'
     'show.register(str, for_str)\n'
     'class A:\n'
     '    pass\n'
     'class B(A):\n'
     '    pass\n'
     '@show.register\n'
     'def _a(x: A):\n'
     '    return "an A"\n'
     'print(show(1), show(2.5), show([1, 2]), show((1,)), show("s"), show(None), show(True))\n'
     'print(show(B()), show.dispatch(bool) is show.dispatch(int), show.dispatch(B) is _a)\n'
     'print(show.__name__, sorted(k.__name__ for k in show.registry))\n'
     '@functools.singledispatch\n'
     'def g(x, y=1):\n'
     '    return ("base", x, y)\n'
     '@g.register\n'
     'def _(x: dict, y=2):\n'
     '    return ("dict", y)\n'
     'print(g(1), g({}, y=5))\n'
     'try:\n'
     '    g()\n'
     'except TypeError as e:\n'
     '    print(e)\n'),
]

CASES = ASSERT + CLASS_TREE + SINGLEDISPATCH


@pytest.mark.parametrize("source", CASES)
def test_the_program_prints_and_fails_as_under_python(source):
    def shown(result):          # (without the addresses in reprs)
        printed, line = result
        return re.sub(r" at 0x[0-9a-f]+", " at 0x", printed), line
    assert shown(under_gradcli(source)) == shown(under_python(source))


def test_an_uncaught_assert_under_gradcli_run_is_python_s_line_with_exit_status_1(tmp_path):
    path = tmp_path / "a.py"
    path.write_text("print('before')\nassert 1 == 2, 'msg here'\n")
    result = CliRunner().invoke(main, ["run", str(path)])
    assert result.exit_code == 1 and result.stdout == "before\n"
    assert result.stderr.splitlines()[0].endswith("a.py:2:1: error: AssertionError: msg here")
    assert "hint: assert 1 == 2" in result.stderr


@pytest.mark.parametrize("source, words", [
    ("import torch\nprint(torch.nn.ReLU.__mro__)\n", "`__mro__` of ReLU is not available"),
    ("import torch\nprint(torch.optim.SGD.__bases__)\n",      # (torch.Tensor's: s49_subclass)
     "`__bases__` of SGD is not available"),
    ("class A:\n    pass\nA.__bases__ = (int,)\n", "attribute '__bases__' cannot be set"),
])
def test_the_class_tree_of_gradcli_s_own_classes_is_refused(source, words):
    printed, message = under_gradcli(source)
    assert words in message


def test_an_uncaught_endless_recursion_is_python_s_line_then_the_limit():
    source = "def f(n):\n    return f(n + 1)\nprint('start')\nf(0)\n"
    printed, line = under_python(source)
    got, message = under_gradcli(source)
    assert got == printed == "start\n"
    assert message.startswith(line + ": call depth limit of 200 exceeded (raise it with "
                                     "--max-call-depth)")


SYNTAX = ["def f(:\n    pass\n", "def f(x, :\n    pass\n", "f(:\n", "x = (=\n", "f(a, :\n",
          "f(a:\n", "print(1, , 2\n", "f(a import b\n", "f(a == = 2\n", "f(a; b\n",
          "f(a else\n", "x = = 1\n",
          "def f(x:\n    return x\n", "x = (1 2\n", "x = (1 +\n", "f(a b\n", "f(a\n",
          "x = (\n=\n", "f(a) = (1\n", "f(a, b=\n", "f(a, *\n", "x = {1: 2, 3:\n", "f(a.1\n",
          "f(a [\n", "f(x for x in y if\n"]


def _python_and_gradcli(source, python_error):
    """The error CPython's compile raises for source, and the one gradcli's run raises."""
    with pytest.raises(python_error) as python:
        compile(source, "case.py", "exec")
    with pytest.raises(FormulaSyntaxError) as info:
        run_source(source, "case.py", out=io.StringIO())
    return python.value, info.value


@pytest.mark.parametrize("source", SYNTAX)
def test_a_syntax_error_is_where_python_puts_it(source):
    python, err = _python_and_gradcli(source, SyntaxError)
    assert (err.position.line, err.position.column) == (python.lineno, python.offset)
    if "was never closed" in python.msg:
        assert err.message == python.msg
    else:
        assert "never closed" not in err.message and err.exit_code == 3


INDENT = ["if True:\nx = 1\n", "for i in x:\nx = 1\n", "while 1:\nx\n", "def f():\nx\n",
          "class A:\nx\n", "with a:\nx\n", "try:\nx\n", "if 1:\n    y\nelse:\nx\n",
          "if 1:\n    y\nelif 2:\nx\n", "try:\n    y\nexcept E:\nx\n",
          "try:\n    y\nfinally:\nx\n", "def f(a,\n      b):\nx\n",
          "if (a and\n    b):\nx\n", "if True:  # c\n# d\nx = 1\n",
          "for x in y:\n    pass\nelse:\nz\n", "match x:\n    case 1:\n    y\n",
          "x = 1\nif x: pass\nelse:\ny\n", "@d\ndef f():\nx\n", "def f():\n    if 1:\n    x\n",
          "d = {1: 2}\nif d[1:2]:\nx\n", "f = lambda: 0\nif 1:\nx\n", "if True:  # c\n",
          "def f(a,\n  b):\n", "if True:\n", "if True:", "if 1:\n    if 2:\n",
          "def f():\n    for x in y:\n\n", "if 1:\n    if 2:\n# c\n", "if True:\n  \n",
          "if True:\n\n\n\n"]


@pytest.mark.parametrize("source", INDENT)
def test_a_missing_block_names_its_statement_as_python_does(source):
    python, err = _python_and_gradcli(source, IndentationError)
    assert (err.message, err.position.line, err.position.column) == (
        python.msg, python.lineno, python.offset)
