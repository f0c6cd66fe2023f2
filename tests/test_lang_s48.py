"""Formula programs that are not torch programs, with CPython as the reference: the same
source runs under `exec` here and under gradcli's interpreter, and both must print the same
and end with the same last traceback line (session 48).

assert: an uncaught `assert` reads as CPython's line ("AssertionError", "AssertionError:
message"), with the assert's text as the hint; `gradcli run` keeps exit status 1."""
from __future__ import annotations

import contextlib
import io
import traceback

import pytest
from click.testing import CliRunner

from gradcli.cli import main
from gradcli.errors import GradcliError
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
    "try:\n    assert 0, 'm'\nexcept AssertionError as e:\n    print(type(e).__name__, e, repr(e))\n"
    "assert True, 'never'\nprint('ok')\n",
]

CASES = ASSERT


@pytest.mark.parametrize("source", CASES)
def test_the_program_prints_and_fails_as_under_python(source):
    assert under_gradcli(source) == under_python(source)


def test_an_uncaught_assert_under_gradcli_run_is_python_s_line_with_exit_status_1(tmp_path):
    path = tmp_path / "a.py"
    path.write_text("print('before')\nassert 1 == 2, 'msg here'\n")
    result = CliRunner().invoke(main, ["run", str(path)])
    assert result.exit_code == 1 and result.stdout == "before\n"
    assert result.stderr.splitlines()[0].endswith("a.py:2:1: error: AssertionError: msg here")
    assert "hint: assert 1 == 2" in result.stderr
