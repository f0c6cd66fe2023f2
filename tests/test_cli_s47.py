"""Command lines that session 47's fuzzing of the CLI found wanting, each now ending in a
clear message with a hint and the documented exit code:

- an expression of only a comment is an empty expression;
- messages that list a formula's variables cut a long name and a long list;
- PyTorch's error for an op without a derivative (`x//2`) gets a hint (`check` of a complex
  output, refused here at first, now checks both parts: test_cli_s47b.py);
- files named on the command line (`run FILE`, `--x @FILE`) that are missing, directories,
  symbolic-link loops, empty names or paths through a file: what is wrong and a hint;
- `-o FILE` that cannot be created (a missing directory, a name too long) gets a hint, and
  `-o` onto a symbolic-link loop is refused instead of replacing the link with a file;
- `batch --max-memory` beyond what the kernel's setrlimit takes is no cap (its workers died);
- an integer literal beyond CPython's 4300 digits does not tell to call
  sys.set_int_max_str_digits() (formulas cannot) but how to write the number.

All run through click's CliRunner. (Ctrl-C while `python -m gradcli` imports, a quiet 130 as
for the executable, is test_hostile_cli2's Ctrl-C test, which needs a process of its own.)
"""
from __future__ import annotations

import os

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


# -- expressions -------------------------------------------------------------------------------

@pytest.mark.parametrize("expr", ["# a comment", "  # a comment", "# one\n# two"])
def test_an_expression_of_only_a_comment_is_empty(expr):
    """As an empty expression is (it was 'unexpected end of input' with no hint)."""
    failed(run("grad", expr, "--x", "1"), 3, "<expr>:1:1: syntax error: the expression is "
                                           "empty (it holds only a comment)")


def test_messages_cut_long_names_and_long_lists_of_names():
    """A name of 1,000 letters or 100 missing variables are not repeated whole."""
    long = "x" * 1000
    err = failed(run("grad", long), 2, f"variable {long[:40]!r}... (1,000 characters)",
                 "hint: give it a value: --NAME VALUE or -v NAME=VALUE")
    assert long[:41] not in err
    err = failed(run("grad", long, "--q", "1"), 2, "no such option or variable: --q",
                 f"variables are: {long[:40]}... (1,000 characters)")
    assert long[:41] not in err
    many = "+".join(f"a{i}" for i in range(100))
    failed(run("grad", many), 2, "'a18', 'a19', and 80 more used in the expression",
           "hint: give each a value: --a0 VALUE")


@pytest.mark.parametrize("command", ["grad", "graph", "check"])
def test_an_op_without_a_derivative_gets_a_hint(command):
    """PyTorch's text, then what to do (it had no hint)."""
    failed(run(command, "x//2", "--x", "2"), 1,
           "error: derivative for aten::floor_divide is not implemented\n"
           "hint: PyTorch records this operation but cannot differentiate it")


# -- files to read -----------------------------------------------------------------------------

@pytest.fixture
def odd_paths(tmp_path):
    loop = tmp_path / "loop.json"
    os.symlink(loop, loop)
    (tmp_path / "f.json").write_text("[1, 2]")
    (tmp_path / "d.json").mkdir()
    return tmp_path


@pytest.mark.parametrize("name, words", [
    ("missing.json", ["no such file", "has no entry 'missing.json'"]),
    ("nodir/f.json", ["no such file", "nodir does not exist"]),
    ("missing", ["no such file"]),                  # no suffix: missing, not "unknown type"
    ("d.json", ["is a directory"]),
    ("loop.json", ["symbolic links form a loop"]),
    ("f.json/x.json", ["should be a directory is not one"]),
])
def test_a_value_file_that_cannot_be_read_says_why(odd_paths, name, words):
    failed(run("eval", "x", "--x", f"@{odd_paths}/{name}"), 2, "--x: ", *words)


@pytest.mark.parametrize("value", ["@", "@ "])
def test_a_value_file_with_an_empty_name(value):
    failed(run("eval", "x", "--x", value), 2, "the file name is empty")


@pytest.mark.parametrize("name, words", [
    ("missing.grad", ["no such file", "has no entry 'missing.grad'"]),
    ("loop.json", ["symbolic links form a loop"]),
    ("f.json/", ["should be a directory is not one"]),
])
def test_run_of_a_file_that_cannot_be_read_says_why(odd_paths, name, words):
    failed(run("run", f"{odd_paths}/{name}"), 2, *words)


def test_run_of_a_relative_path_names_the_directory_it_was_read_from(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    failed(run("run", "prog.grad"), 2, "no such file: prog.grad",
           f"current directory, {tmp_path}")


@pytest.mark.parametrize("name", ["", " "])
def test_run_of_an_empty_file_name(name):
    failed(run("run", name), 2, "the file name is empty")


# -- files to write ----------------------------------------------------------------------------

def test_output_onto_a_symlink_loop_is_refused_and_the_link_kept(tmp_path):
    loop = tmp_path / "out.json"
    os.symlink(loop, loop)
    failed(run("eval", "1", "--json", "-o", str(loop)), 2, "symbolic links form a loop")
    assert os.path.islink(loop) and os.readlink(loop) == str(loop)
    assert sorted(os.listdir(tmp_path)) == ["out.json"]


@pytest.mark.parametrize("name, words", [
    ("nodir/out.json", ["No such file or directory", "nodir does not exist"]),
    ("x" * 300, ["File name too long", "give a shorter one"]),
])
def test_output_that_cannot_be_created_gets_a_hint(tmp_path, name, words):
    failed(run("grad", "x*x", "--x", "2", "-o", str(tmp_path / name)), 2, *words)


# -- batch -------------------------------------------------------------------------------------

def test_batch_under_a_memory_cap_beyond_what_the_kernel_takes(tmp_path):
    """--max-memory 99999999999999999999 (MB) is more than setrlimit takes: no cap, rather
    than workers that die at start (it was an internal error)."""
    (tmp_path / "a.grad").write_text("print(1)\n")
    (tmp_path / "a.out").write_text("1\n")
    result = run("batch", str(tmp_path), "--max-memory", "99999999999999999999", "--json",
                 "--no-progress", "--jobs", "1")
    assert result.exit_code == 0, (result.stderr, result.stdout)
    assert '"pass": 1' in result.stdout


# -- number literals ---------------------------------------------------------------------------

def test_a_huge_decimal_literal_says_how_to_write_it(tmp_path):
    source = tmp_path / "big.py"
    source.write_text("x = 1" + "0" * 5000 + "\nprint(x)\n")
    err = failed(run("run", str(source)), 3, "big.py:1:5", "value has 5001 digits", "10**5000")
    assert "set_int_max_str_digits" not in err
