"""Formula files as the same program under CPython 3.11 + PyTorch 2.13, for their Python
parts (the sixth round of parity probes): str.join of what does not iterate, `raise
SystemExit`, positional-only parameters (`def f(a, /)`), Python 3.10's parenthesized
with-items, the name `Ellipsis`, and the syntax errors Python reports for brackets left
open or closed by the wrong one, and for an `if` expression without its `else`.

Each case is a program, what Python with torch 2.13 printed for it, and the last line of
the traceback it ended with (None: it ran to the end). A formula's uncaught error must read
as that line, either as gradcli reports it or as the exception an `except` would catch.
`raise SystemExit(3)` ends Python with status 3 and no text; gradcli reports it as it
reports sys.exit(3), "SystemExit: 3"."""
from __future__ import annotations

import io

import pytest

from gradcli.errors import FormulaSyntaxError
from gradcli.lang import run_source
from test_lang_parity5 import _as_caught, _run

CASES = [
    ('str_join_not_iterable',
     'import torch\ntry:\n    ", ".join(5)\nexcept TypeError as e:\n    print(e)\nprint("-".join(str(v) for v in torch.tensor([1, 2]).tolist()))\n"".join(None)\n',
     'can only join an iterable\n1-2\n',
     'TypeError: can only join an iterable'),
    ('raise_system_exit_caught',
     'import torch\ntry:\n    raise SystemExit(2)\nexcept SystemExit as e:\n    print("code", e.code)\ntry:\n    raise SystemExit\nexcept SystemExit as e:\n    print("code", e.code)\ntry:\n    raise SystemExit("stop")\nexcept Exception:\n    print("not an Exception")\nexcept SystemExit:\n    print("caught SystemExit")\nprint("done")\nraise SystemExit(0)\nprint("unreachable")\n',
     'code 2\ncode None\ncaught SystemExit\ndone\n',
     None),
    ('raise_system_exit_status',
     'import torch\nprint("training")\ntry:\n    raise SystemExit(3)\nfinally:\n    print("cleanup")\nprint("unreachable")\n',
     'training\ncleanup\n',
     'SystemExit: 3'),
    ('positional_only_parameters',
     'import torch\ndef pos(a, b, /, c, *, d=1):\n    return a, b, c, d\nprint(pos(1, 2, c=3), pos(1, 2, 3, d=4))\ndef kw(a, /, **kw):\n    return a, kw\nprint(kw(1, a=2), (lambda x, /, y=2: x + y)(1), (lambda x, /: x)(5))\ndef dflt(a, b=2, /, c=3):\n    return a, b, c\nprint(dflt(1), dflt(1, 5), dflt(1, c=9))\nclass Scale:\n    def __init__(self, k, /):\n        self.k = k\n    def __call__(self, x, /):\n        return x * self.k\nprint(Scale(2)(torch.tensor([1.0, 2.0])))\nfor call in [lambda: pos(a=1, b=2, c=3), lambda: pos(1, b=2, c=3), lambda: dflt(1, b=3), lambda: pos(1), lambda: (lambda x, /: x)(x=1), lambda: Scale(k=2)]:\n    try:\n        call()\n    except TypeError as e:\n        print(e)\npos(1, b=2, c=3)\n',
     "(1, 2, 3, 1) (1, 2, 3, 4)\n(1, {'a': 2}) 3 5\n(1, 2, 3) (1, 5, 3) (1, 2, 9)\ntensor([2., 4.])\npos() got some positional-only arguments passed as keyword arguments: 'a, b'\npos() got some positional-only arguments passed as keyword arguments: 'b'\ndflt() got some positional-only arguments passed as keyword arguments: 'b'\npos() missing 2 required positional arguments: 'b' and 'c'\n<lambda>.<locals>.<lambda>() got some positional-only arguments passed as keyword arguments: 'x'\nScale.__init__() got some positional-only arguments passed as keyword arguments: 'k'\n",
     "TypeError: pos() got some positional-only arguments passed as keyword arguments: 'b'"),
    ('parenthesized_with_items',
     'import torch\nx = torch.ones(2, requires_grad=True)\nwith (torch.no_grad(), torch.enable_grad()):\n    print((x * 2).requires_grad)\nwith (\n    torch.no_grad() as a,\n    torch.autograd.set_grad_enabled(False) as b,\n):\n    print((x * 2).requires_grad, a is None, type(b).__name__)\nwith (torch.no_grad()):\n    print(torch.is_grad_enabled())\nwith (torch.enable_grad()) as g:\n    print(torch.is_grad_enabled(), g)\nprint(torch.is_grad_enabled())\n',
     'True\nFalse True NoneType\nFalse\nTrue None\nTrue\n',
     None),
    ('ellipsis_name',
     'import torch\nx = torch.arange(6.).reshape(2, 3)\nprint(x[Ellipsis, 1], Ellipsis, Ellipsis is ..., repr(...))\ndef stub(): ...\nprint(stub(), [..., 1])\n',
     'tensor([1., 4.]) Ellipsis True Ellipsis\nNone [Ellipsis, 1]\n',
     None),
]

# Programs Python refuses to compile: its SyntaxError's msg, lineno and offset (None: the
# place differs; Python points at the start of the `if` expression, gradcli where the
# `else` should be).
SYNTAX_CASES = [
    ('x = [1, 2\ny = 3\n', "'[' was never closed", 1, 5),
    ('print("a"\nprint("b")\n', "'(' was never closed", 1, 6),
    ('d = {"a": 1,\n     "b": 2\nprint(d)\n', "'{' was never closed", 1, 5),
    ('loss = (1 +\n        2\nprint(loss)\n', "'(' was never closed", 1, 8),
    ('def f(x:\n    return x\n', "'(' was never closed", 1, 6),
    ('x = (1 2\n', "'(' was never closed", 1, 5),
    ('foo(a, b]\n', "closing parenthesis ']' does not match opening parenthesis '('", 1, 9),
    ('x = (\n    1]\n',
     "closing parenthesis ']' does not match opening parenthesis '(' on line 1", 2, 6),
    ('print(1 if 2)\n', "expected 'else' after 'if' expression", None, None),
    ('x = 1 if 2\n', "expected 'else' after 'if' expression", None, None),
    ('def f(/): pass\n', "invalid syntax", 1, 7),
    ('def f(/, a): pass\n', "at least one argument must precede /", 1, 7),
    ('def f(a, /, b, /): pass\n', "/ may appear only once", 1, 16),
    ('def f(*, a, /): pass\n', "/ must be ahead of *", 1, 13),
    ('def f(*a, /): pass\n', "/ must be ahead of *", 1, 11),
    ('g = lambda /: 0\n', "invalid syntax", 1, 12),
    ('def f(a=1, /, b): pass\n', "non-default argument follows default argument", 1, 15),
    ('def f(**k, /): pass\n', "arguments cannot follow var-keyword argument", 1, 12),
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
    if line is not None:
        assert (info.value.position.line, info.value.position.column) == (line, column)


def test_brackets_after_with_that_are_a_value_stay_one():
    """`with (cm):` and `with (cm) as x:` are the one manager in brackets, as in Python;
    `with (a, b) as c:` is a tuple, which is no context manager."""
    printed, error = _run("import torch\nwith (torch.no_grad()) as g:\n    print(g)\n"
                          "with (a := torch.no_grad()):\n    print(torch.is_grad_enabled())\n"
                          "with (torch.no_grad(), torch.no_grad()) as c:\n    pass\n")
    assert printed == "None\nFalse\n"
    assert error is not None
    assert _as_caught(error) == \
        "TypeError: 'tuple' object does not support the context manager protocol"
