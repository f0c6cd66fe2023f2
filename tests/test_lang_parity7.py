"""Formula files as the same program under CPython 3.11 + PyTorch 2.13, for their Python
parts (the seventh round of parity probes): the `__qualname__` of a formula's functions
(`f.<locals>.g`, `<lambda>.<locals>.<lambda>`, `<listcomp>.<lambda>`), also in the repr of a
generator; `warnings.catch_warnings()` (record=True, the filters set inside it, and which
repeats Python's "default" action hides); a generator that a `break`, a `return` or an
exception leaves closed (its `finally` runs there, as CPython frees it); and the syntax
errors for a `global`/`nonlocal` after a use, an assignment or an annotation of its name,
and for `f() = 3` ("Maybe you meant '==' ...") and `None = 1`.

Each case is a program, what Python with torch 2.13 printed for it, and the last line of
the traceback it ended with (None: it ran to the end). A formula's uncaught error must read
as that line, either as gradcli reports it or as the exception an `except` would catch.
(torch.func's messages name a function by its `__name__`, `vmap(<lambda>, ...)`, not its
qualified name; the qualname case checks one of them stays so.)"""
from __future__ import annotations

import io

import pytest

from gradcli.errors import FormulaSyntaxError
from gradcli.lang import run_source
from test_lang_parity5 import _as_caught, _run

QUALNAME = '''import torch
def f():
    def g(x):
        return x
    return g
h = lambda: (lambda x: x)
print(f().__qualname__, f().__name__)
print(h().__qualname__, h().__name__)
print([lambda: 0 for _ in range(1)][0].__qualname__)
def outer():
    global later
    def later():
        pass
    return later
print(outer().__qualname__)
class C:
    def m(self):
        def inner():
            pass
        return inner
print(C().m().__qualname__, C.m.__qualname__, C.__qualname__)
def mk():
    return (x for x in range(2))
print(repr(mk()).split(" at ")[0])
print(repr(f()).split(" at ")[0])
print(torch.nn.Linear.__qualname__)
try:
    torch.func.vmap(h(), in_dims=1)(torch.ones(3))
except ValueError as e:
    print(e)
print((3).__qualname__)
'''

RECORD = '''import warnings
import torch
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    warnings.warn("first")
    warnings.warn("dep", DeprecationWarning)
    print(len(w))
    print(w[0].category, w[1].category.__name__)
    print(str(w[0].message), repr(w[1].message))
    print(issubclass(w[-1].category, DeprecationWarning), "dep" in str(w[-1].message))
    print(w[0].lineno, w[0].file, w[0].line)
print(len(w))
with warnings.catch_warnings(record=True) as w2:
    for i in range(3):
        warnings.warn("loop")
print(len(w2))
with warnings.catch_warnings(record=True) as w3:
    warnings.simplefilter("once")
    for i in range(3):
        warnings.warn("a")
    warnings.warn("a")
print(len(w3))
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    warnings.warn("hidden")
with warnings.catch_warnings() as nothing:
    print(nothing)
with warnings.catch_warnings():
    warnings.simplefilter("error")
    try:
        warnings.warn("boom")
    except UserWarning as e:
        print("caught", e)
with warnings.catch_warnings(record=True) as w4:
    warnings.simplefilter("always")
    x = torch.ones(3, requires_grad=True)
    (x * 2).sum().grad
print(len(w4), w4[0].category.__name__)
print(str(w4[0].message)[:60])
with warnings.catch_warnings(record=True) as w5:
    warnings.simplefilter("ignore", UserWarning)
    warnings.warn("no")
    warnings.warn("yes", RuntimeWarning)
print([str(m.message) for m in w5])
with warnings.catch_warnings(record=True) as outer:
    warnings.simplefilter("always")
    with warnings.catch_warnings(record=True) as inner:
        warnings.simplefilter("always")
        warnings.warn("in")
    warnings.warn("out")
print(len(outer), len(inner))
with warnings.catch_warnings(action="ignore"):
    warnings.warn("quiet")
print(str(w5[0]).replace("case.grad", "FILE").replace("record.py", "FILE").split("filename")[0])
print(warnings.catch_warnings(record=True))
warnings.catch_warnings(True)
'''

GENERATOR_CLOSED = '''def gen():
    try:
        for i in range(5):
            yield i
    finally:
        print("gen finally")
for x in gen():
    print(x)
    if x == 1:
        break
print("after loop")
g = gen()
for x in g:
    break
print("after held loop")
g.close()
print("closed")
for x in gen():
    try:
        if x == 0:
            break
    finally:
        print("loop finally")
print("after try loop")
def ret():
    for x in gen():
        for y in gen():
            return x + y
print(ret())
def ret2():
    try:
        for x in gen():
            try:
                return x
            finally:
                print("inner fin")
    finally:
        print("outer fin")
print(ret2())
def g2():
    for x in gen():
        yield x
        return
for v in g2():
    print("v", v)
try:
    for x in gen():
        raise KeyError("k")
except KeyError:
    print("handled")
for x in gen():
    raise ValueError("final")
'''

CASES = [
    ('qualname_of_nested_functions_and_lambdas', QUALNAME,
     'f.<locals>.g g\n<lambda>.<locals>.<lambda> <lambda>\n<listcomp>.<lambda>\nlater\n'
     'C.m.<locals>.inner C.m C\n<generator object mk.<locals>.<genexpr>\n'
     '<function f.<locals>.g\nLinear\nvmap(<lambda>, in_dims=1, ...)(<inputs>): Got '
     'in_dim=1 for some input, but that input is a Tensor of dimensionality 1 so expected '
     'in_dim to satisfy -1 <= in_dim < 1.\n',
     "AttributeError: 'int' object has no attribute '__qualname__'"),
    ('catch_warnings_record_and_filters', RECORD,
     "2\n<class 'UserWarning'> DeprecationWarning\nfirst DeprecationWarning('dep')\n"
     "True True\n5 None None\n2\n1\n1\nNone\ncaught boom\n1 UserWarning\n"
     "The .grad attribute of a Tensor that is not a leaf Tensor is\n['yes']\n1 1\n"
     "{message : RuntimeWarning('yes'), category : 'RuntimeWarning', \n"
     "catch_warnings(record=True)\n",
     'TypeError: catch_warnings.__init__() takes 1 positional argument but 2 were given'),
    ('generator_closed_by_break_return_and_error', GENERATOR_CLOSED,
     '0\n1\ngen finally\nafter loop\nafter held loop\ngen finally\nclosed\nloop finally\n'
     'gen finally\nafter try loop\ngen finally\ngen finally\n0\ninner fin\ngen finally\n'
     'outer fin\n0\nv 0\ngen finally\ngen finally\nhandled\ngen finally\n',
     'ValueError: final'),
]

SYNTAX_CASES = [
    ('x = 1\ndef f():\n    print(x)\n    global x\n',
     "name 'x' is used prior to global declaration", 4, 5),
    ('x = 1\ndef f():\n    x = 2\n    global x\n',
     "name 'x' is assigned to before global declaration", 4, 5),
    ('def g():\n    y = 1\n    def f():\n        print(y)\n        nonlocal y\n',
     "name 'y' is used prior to nonlocal declaration", 5, 9),
    ('x = 1\nglobal x\n',
     "name 'x' is assigned to before global declaration", 2, 1),
    ('def f():\n    x: int = 1\n    global x\n',
     "annotated name 'x' can't be global", 3, 5),
    ('def f():\n    def g(a=x):\n        pass\n    global x\n',
     "name 'x' is used prior to global declaration", 4, 5),
    ('def f():\n    [1 for y in x]\n    global x\n',
     "name 'x' is used prior to global declaration", 3, 5),
    ('def f():\n    for x in []:\n        pass\n    global x\n',
     "name 'x' is assigned to before global declaration", 4, 5),
    ('def f():\n    global x\n    nonlocal x\n',
     "name 'x' is nonlocal and global", 2, 5),
    ('def f():\n    pass\nf() = 3\n',
     "cannot assign to function call here. Maybe you meant '==' instead of '='?", 3, 1),
    ('a, f() = 1, 2\n',
     "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 4),
    ('f(), a = 1, 2\n',
     "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", 1, 6),
    ('x ** 2 = 4\n',
     "cannot assign to expression here. Maybe you meant '==' instead of '='?", 1, 1),
    ('... = 1\n',
     "cannot assign to ellipsis here. Maybe you meant '==' instead of '='?", 1, 1),
    ('None = 1\n', 'cannot assign to None', 1, 1),
    ('True = False\n', 'cannot assign to True', 1, 1),
    ('a, None = 1, 2\n', 'cannot assign to None', 1, 4),
    ('for None in []:\n    pass\n', 'cannot assign to None', 1, 5),
    ('del None\n', 'cannot delete None', 1, 5),
    ('None += 1\n', "'None' is an illegal expression for augmented assignment", 1, 1),
    ('f() = x = 3\n', 'cannot assign to function call', 1, 1),
    ('f() = lambda: 1\n', 'cannot assign to function call', 1, 1),
    ('(a, f()) = 1, 2\n', 'cannot assign to function call', 1, 5),
    ('[1] + 1 = 2\n', 'cannot assign to expression', 1, 1),
]


@pytest.mark.parametrize("name, source, expected, last_line", CASES,
                         ids=[case[0] for case in CASES])
def test_the_program_prints_and_fails_as_under_python(name, source, expected, last_line):
    printed, error = _run(source)
    assert printed == expected
    if last_line is None:
        assert error is None, error.message
    else:
        assert error is not None, "the program ran to the end"
        assert last_line in (error.message, _as_caught(error))


@pytest.mark.parametrize("source, message, line, column", SYNTAX_CASES)
def test_what_python_refuses_to_compile_is_a_syntax_error_with_its_text(source, message,
                                                                       line, column):
    with pytest.raises(FormulaSyntaxError) as info:
        run_source(source, "case.grad", out=io.StringIO())
    assert info.value.message == message
    assert (info.value.position.line, info.value.position.column) == (line, column)


def test_an_error_in_the_finally_of_a_generator_a_break_drops_is_reported_and_ignored(
        capsys):
    """Python prints "Exception ignored in: <generator object bad at 0x...>", a traceback
    ending "ValueError: boom", and goes on after the loop."""
    printed, error = _run('def bad():\n    try:\n        yield 1\n    finally:\n'
                          '        raise ValueError("boom")\nfor x in bad():\n    break\n'
                          'print("after bad")\n')
    assert (printed, error) == ("after bad\n", None)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("Exception ignored in: <generator object bad at 0x")
    assert lines[-1] == "ValueError: boom"
