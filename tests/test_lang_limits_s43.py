"""Limits found open in session 43's CLI scan: nested lambdas count toward the nesting
depth (20,000 of them took 3.6 GB: each one's qualified name holds all the outer ones);
--max-seconds bounds straight-line code too, not only loops and calls of formula
functions; a one-liner is parsed once however many times a command reads it."""
from __future__ import annotations

import io

import pytest
from click.testing import CliRunner

from gradcli import lang
from gradcli.errors import LimitError
from gradcli.lang.limits import Limits


def test_nested_lambdas_count_toward_the_nesting_depth():
    limits = Limits(max_depth=50)
    lang.parse("lambda: " * 49 + "1", mode="expression", limits=limits)
    with pytest.raises(LimitError) as err:
        lang.parse("lambda: " * 51 + "1", mode="expression", limits=limits)
    assert "nesting depth limit of 50" in err.value.message
    assert err.value.position.column == 8 * 50 + 1      # the lambda past the limit
    assert "lambdas count" in err.value.hint


def test_lambdas_side_by_side_do_not_nest():
    limits = Limits(max_depth=10)
    source = "[" + ", ".join(f"lambda x: (x, lambda: {i})" for i in range(200)) + "]"
    module = lang.parse(source, mode="expression", limits=limits)
    assert module.expression
    out = io.StringIO()
    lang.run_source("f = lambda x: lambda y: x + y\nprint(f(1)(2), [g(3) for g in "
                    "[lambda z: z, lambda z: -z]])\n", "t.grad", out=out, limits=limits)
    assert out.getvalue() == "3 [3, -3]\n"


def test_the_clock_bounds_straight_line_code():
    source = "x = torch.ones(700, 700)\n" + "x = x @ x / 700\n" * 400 + "print(x.sum())\n"
    with pytest.raises(LimitError) as err:
        lang.run_source(source, "t.grad", out=io.StringIO(), limits=Limits(max_seconds=0.2))
    assert "time limit of 0.2 s exceeded" in err.value.message


def test_a_one_liner_is_parsed_once_per_command(monkeypatch):
    from gradcli.cli import main
    from gradcli.lang import parser
    calls = []
    real = parser.parse

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)
    monkeypatch.setattr(parser, "parse", counting)
    monkeypatch.setattr(lang, "_LAST_PARSE", [None])
    result = CliRunner().invoke(main, ["grad", "sum(x*x + 2*x + 0.5*x*x*x)", "--x", "1,2",
                                       "--json"])
    assert result.exit_code == 0, result.output
    assert len(calls) == 1 and calls[0].strip() == "sum(x*x + 2*x + 0.5*x*x*x)"


@pytest.mark.parametrize("source, message", [
    ("09", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for "
           "octal integers"),
    ("async def f():\n    pass\n", "'async' functions and loops are not supported in gradcli "
                                  "formulas"),
])
def test_python_s_words_for_a_leading_zero_and_async(source, message):
    from gradcli.errors import FormulaSyntaxError
    with pytest.raises(FormulaSyntaxError) as err:
        lang.parse(source, mode="expression" if "\n" not in source else "file")
    assert err.value.message == message
