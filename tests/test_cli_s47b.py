"""Command-line leftovers of session 47's CLI fuzz, each ending in a clear message with a
hint and the documented exit code:

- stdin is read once: an expression from stdin (`-`) and a value from it (`@-`), or two
  `@-` values, are refused before anything is read (the second reader found it "empty");
- an expression from stdin is `<expr>` in every error, undecodable bytes included (they
  said `<stdin>`);
"""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from gradcli.cli import main


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def failed(result, code: int, *words: str):
    """The run failed with `code`, told why on stderr (with `words` and a hint), printed
    nothing on stdout."""
    assert result.exit_code == code, (result.exit_code, result.stderr, result.stdout)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    assert "\nhint: " in result.stderr, result.stderr
    return result.stderr


# -- stdin ---------------------------------------------------------------------------------

@pytest.mark.parametrize("args, readers", [
    (["grad", "-", "--x", "@-"], "EXPR - and --x @-"),
    (["eval", "x*y", "--x", "@-", "--y", " @-"], "--x @- and --y @-"),
    (["grad", "x*y", "--x", "@-", "-v", "y=@-"], "--x @- and -v y=@-"),
    (["grad", "x*x", "--x", "@-", "--gradient", "@-"], "--x @- and --gradient @-"),
    (["run", "-", "--x", "@-"], "FILE - and --x @-"),
])
def test_stdin_is_read_once(args, readers):
    failed(run(*args, input="1\n"), 2,
           f"usage error: standard input can be read only once: {readers} both read it",
           "hint: keep stdin for one of them")


def test_one_reader_of_stdin_still_works():
    assert run("grad", "-", "--x", "2", input="x*x\n").exit_code == 0
    assert run("grad", "sum(x*x)", "--x", "@-", input="1,2\n").exit_code == 0


@pytest.mark.parametrize("text, place", [
    (b"x+\xff", "<expr>:1:3: syntax error: not UTF-8 text: byte 0xff"),
    (b"x+", "<expr>:1:3: syntax error: expected an expression"),
])
def test_an_expression_from_stdin_is_expr_in_every_error(text, place):
    err = failed(run("eval", "-", input=text), 3, place)
    assert "<stdin>" not in err
