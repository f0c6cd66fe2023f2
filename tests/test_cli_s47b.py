"""Command-line leftovers of session 47's CLI fuzz, each ending in a clear message with a
hint and the documented exit code:

- stdin is read once: an expression from stdin (`-`) and a value from it (`@-`), or two
  `@-` values, are refused before anything is read (the second reader found it "empty");
- an expression from stdin is `<expr>` in every error, undecodable bytes included (they
  said `<stdin>`);
- a count (`--max-elements`, `batch --max-memory` ...) may be written `1e6`, and one that
  is not a whole number says what is expected (click's "not a valid integer range");
- an option without its argument (`eval x -o`) points to the command's help, not
  `gradcli --help`;
- `check` of a complex output checks its real part and its imaginary part as two real
  functions, as PyTorch's gradcheck does (it was refused), and a mismatch names the part.
  The derivatives and verdicts below are torch 2.13's (torch.autograd.grad of `.real` and
  `.imag`, gradcheck and gradgradcheck of the same functions).
"""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from test_cli_s47 import failed

from gradcli.cli import main


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, prog_name="gradcli")


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


# -- click's wording -------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["eval", "sum(x)", "--x", "arange(5)", "--max-elements", "1e6"],
    ["eval", "sum(x)", "--x", "arange(5)", "--max-elements", "2.5e3"],
    ["eval", "sum(x)", "--x", "arange(5)", "--max-steps", "1_000_000"],
])
def test_a_count_may_be_written_as_1e6(args):
    r = run(*args)
    assert r.exit_code == 0, r.stderr


def test_batch_max_memory_may_be_written_as_1e12(tmp_path):
    (tmp_path / "a.py").write_text("print(1)\n")
    r = run("batch", str(tmp_path / "a.py"), "--max-memory", "1e12", "--json")
    assert r.exit_code == 0, r.stderr


@pytest.mark.parametrize("option, value, words", [
    ("--max-elements", "12x", "'12x' is not a whole number (write e.g. 4096, 1_000_000 or 1e6)"),
    ("--max-elements", "1e-3", "'1e-3' is not a whole number"),
    ("--max-nodes", "inf", "'inf' is not a whole number"),
    ("--max-nodes", "1e99999", "'1e99999' is too large"),
])
def test_a_count_that_is_not_a_whole_number_says_what_is_expected(option, value, words):
    failed(run("eval", "x", "--x", "1", option, value), 2,
           f"usage error: Invalid value for '{option}': {words}",
           "hint: see `gradcli eval --help`")


def test_batch_max_memory_below_64_says_the_least(tmp_path):
    failed(run("batch", str(tmp_path), "--max-memory", "10"), 2,
           "Invalid value for '--max-memory': 10 is less than the least allowed, 64",
           "hint: see `gradcli batch --help`")


@pytest.mark.parametrize("args, command", [
    (["eval", "x", "--x", "1", "-o"], "eval"),
    (["grad", "x", "--x", "1", "--json", "-o"], "grad"),
    (["graph", "x", "--dtype"], "graph"),
])
def test_an_option_without_its_argument_points_to_the_commands_help(args, command):
    failed(run(*args), 2, "requires an argument", f"hint: see `gradcli {command} --help`")


# -- check of a complex output ---------------------------------------------------------------

def _checks(*args):
    r = run("check", *args, "--json")
    return r, json.loads(r.stdout)


def test_check_of_a_complex_output_checks_its_real_and_imaginary_parts():
    r, doc = _checks("x*1j", "--x", "1,2")
    assert r.exit_code == 0, r.stderr
    assert doc["ok"] and doc["gradcheck"] and doc["gradgradcheck"]
    assert [(c["order"], c["part"]) for c in doc["checks"]] == [
        (1, "real"), (1, "imaginary"), (2, "real"), (2, "imaginary")]
    assert doc["checks"][0]["analytic"] == [[0.0, 0.0], [0.0, 0.0]]
    assert doc["checks"][1]["analytic"] == [[1.0, 0.0], [0.0, 1.0]]


def test_check_of_a_complex_output_of_a_complex_variable():
    """d/da + i d/db of each part: (z*z).real gives 2-4j at 1+2j, (z*z).imag 4+2j."""
    r, doc = _checks("sum(z*z)", "--z", "1+2j")
    assert r.exit_code == 0, r.stderr
    first = [c for c in doc["checks"] if c["order"] == 1]
    assert [(c["part"], c["analytic"]) for c in first] == [("real", [2.0, -4.0]),
                                                           ("imaginary", [4.0, 2.0])]


def test_check_of_a_complex_output_names_the_part_that_failed():
    """abs has no second derivative at 0: only the imaginary part of abs(x)*1j has it."""
    r = run("check", "abs(x)*1j", "--x", "0,1")
    assert r.exit_code == 1, r.stderr
    assert "x (imaginary part)" in r.stdout and "gradcheck: passed" in r.stdout
    assert "gradgradcheck: FAILED  Jacobian mismatch for output 0 with respect to input 0" \
        in r.stdout
    assert r.stderr == ("check failed: analytic and numerical derivatives disagree: "
                        "x (order 2, imaginary part), gradgradcheck failed\n")
    r, doc = _checks("abs(x)*1j", "--x", "0,1")
    assert [(c["order"], c["part"]) for c in doc["checks"] if not c["ok"]] == \
        [(2, "imaginary")]


def test_check_of_a_real_output_has_no_part():
    r, doc = _checks("sum(x*x)", "--x", "1,2")
    assert r.exit_code == 0 and all("part" not in c for c in doc["checks"])
