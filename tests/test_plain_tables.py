"""render.plain writes the `grad` and `eval` tables for a pipe or a file without Rich: its
text must be Rich's, byte for byte, wherever it does not hand the table back to Rich."""
from __future__ import annotations

import io

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from gradcli.cli import common, main
from gradcli.render import plain, rich_out
from gradcli.render.model import Check, EvalReport, GradReport, TensorView


def rich_text(renderable) -> str:
    buf = io.StringIO()
    common.print_rich(renderable, buf, to_file=True)
    return buf.getvalue()


def both(args: list[str], monkeypatch) -> tuple[str, str]:
    """The command's output with render.plain, then with Rich alone."""
    runner = CliRunner()
    fast = runner.invoke(main, args)
    with monkeypatch.context() as m:
        m.setattr(common, "_PLAIN", {})
        slow = runner.invoke(main, args)
    assert fast.exit_code == slow.exit_code == 0, (fast.output, slow.output)
    return fast.output, slow.output


@pytest.mark.parametrize("args", [
    ["grad", "2*dot(x,x)", "--x", "0,1,2,3"],
    ["grad", "sum(tanh(W@x))", "--W", "[[1,2],[3,4],[5,6]]", "--x", "0.5,-1"],
    ["grad", "x*y", "--x", "3", "--y", "-2.5", "--dtype", "float64"],
    ["grad", "sum(x**3)", "--x", "1,2", "--order", "3"],
    ["grad", "sum(x**3)", "--x", "1,2", "--create-graph"],
    ["grad", "sum(sin(x)*y)", "--x", "1,2", "--y", "3,4", "--check"],
    ["grad", "x*2", "--x", "1,2,3", "--gradient", "1,0.5,2"],
    ["grad", "sum(x)", "--x", ",".join(str(i) for i in range(2000))],
    ["grad", "a_very_long_variable_name_indeed * x", "-v", "a_very_long_variable_name_indeed=2",
     "--x", "1"],
    ["grad", "sum(t)", "-v", "t=[[[1,2],[3,4]],[[5,6],[7,8]]]"],
    ["grad", "mean(x*1e-8)", "--x", "1e5,2,3"],
    ["eval", "x + 1", "--x", "1,2"],
    ["eval", "x @ x.T", "--x", "[[1,2],[3,4]]"],
    ["eval", "x.sum() > 0", "--x", "1,2"],
])
def test_cli_tables_are_richs(args, monkeypatch):
    fast, slow = both(args, monkeypatch)
    assert fast == slow


def test_the_usual_one_liner_takes_the_plain_way(monkeypatch):
    called = []
    real = plain.grad_text
    monkeypatch.setattr(plain, "grad_text", lambda r: called.append(r) or real(r))
    out = CliRunner().invoke(main, ["grad", "2*dot(x,x)", "--x", "0,1,2,3"])
    assert out.exit_code == 0 and called and real(called[0]) is not None


def test_what_plain_leaves_to_rich():
    wide = TensorView(np.arange(60.0), "float64")
    r = GradReport("sum(x)", "float64", TensorView(np.array(1.0), "float64"), {"x": wide})
    assert plain.grad_text(r) is not None           # a 60-element vector wraps in its cell
    many = {f"variable_{i}": TensorView(np.arange(8.0) * 1.5, "float64") for i in range(6)}
    r = GradReport("f", "float64", TensorView(np.array(1.0), "float64"), many)
    assert plain.grad_text(r) is None               # wider than 160 columns: Rich folds
    r = GradReport("é + x", "float32", TensorView(np.array(1.0), "float32"), {})
    assert plain.grad_text(r) is None               # not ASCII: Rich measures it
    r = GradReport("x" * 60, "float32", TensorView(np.array(1.0), "float32"), {})
    assert plain.grad_text(r) is None               # a title wider than the table


_names = st.text(alphabet="abcxyz_019", min_size=1, max_size=14)
_shapes = st.lists(st.integers(1, 4), min_size=0, max_size=3)


@st.composite
def views(draw):
    shape = tuple(draw(_shapes))
    scale = draw(st.sampled_from([1.0, 1e-6, 1e6, 123.456]))
    value = np.asarray(draw(st.lists(st.floats(-3, 3, allow_nan=False), min_size=int(
        np.prod(shape)), max_size=int(np.prod(shape)))), dtype=np.float64).reshape(shape)
    value = value * scale
    grad = None if draw(st.booleans()) else value * 2
    return TensorView(value, draw(st.sampled_from(["float32", "float64"])),
                      requires_grad=draw(st.booleans()), is_leaf=draw(st.booleans()),
                      grad_fn=draw(st.sampled_from([None, "MulBackward0", "SumBackward0"])),
                      grad=grad,
                      grad_grad_fn=draw(st.sampled_from([None, "MulBackward0"])))


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_names, views(), max_size=3), views(), st.booleans(),
       st.text(alphabet="xyz+*() 12", min_size=1, max_size=40))
def test_random_reports_are_richs(inputs, output, with_check, expression):
    checks = {n: Check(v.value, v.value, 1e-9, True) for n, v in inputs.items()} \
        if with_check else {}
    r = GradReport(expression, "float64", output, inputs, checks=checks)
    text = plain.grad_text(r)
    if text is not None:
        assert text == rich_text(rich_out.grad_table(r))
    e = EvalReport(expression, "float64", output, inputs)
    text = plain.eval_text(e)
    if text is not None:
        assert text == rich_text(rich_out.eval_table(e))


def _batch_rich(rows) -> str:
    """cli.batch's Rich way for a pipe: the table 200 wide, each line's trailing blanks
    dropped (without the summary line)."""
    from rich.console import Console

    from gradcli import batch as runner
    results = [runner.Result(file=f, status=s.split(" ")[0], seconds=float(t[:-1]), detail=d,
                             updated=s.endswith("(updated)")) for f, s, t, d in rows]
    buf = io.StringIO()
    Console(file=buf, width=200, color_system=None, highlight=False).print(
        runner.table(results))
    return "".join(line.rstrip() + "\n" for line in buf.getvalue().splitlines())


_CELL = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_CELL, st.sampled_from(["pass", "fail", "error", "timeout", "crash",
                                                  "pass (updated)"]),
                          st.floats(0, 99, allow_nan=False).map(lambda x: f"{x:.3f}s"),
                          st.text(st.characters(min_codepoint=32, max_codepoint=126),
                                  max_size=120)),
                min_size=0, max_size=6))
def test_batch_reports_are_richs(rows):
    """The batch report's table on a pipe, without Rich, is Rich's text; where it is too wide
    for 200 columns, Rich lays it out."""
    from gradcli import batch as runner
    rows = [list(r) for r in rows]
    text = plain.columns_text(runner.TABLE_COLUMNS, rows, 200)
    wide = sum(max(len(r[i]) for r in rows + [[n for n, _ in runner.TABLE_COLUMNS]])
               for i in range(4)) + 6 > 200
    assert (text is None) == wide
    if text is not None:
        assert text == _batch_rich(rows)


def test_batch_report_on_a_pipe_imports_no_rich(tmp_path):
    """`gradcli batch DIR | cat`: the report is written without loading Rich (a tenth of a
    small batch's run), and reads as Rich's table."""
    import subprocess
    import sys
    (tmp_path / "a.grad").write_text("print(1 + 1)\n")
    (tmp_path / "a.out").write_text("3\n")
    (tmp_path / "b.grad").write_text("print(2)\n")
    code = ("import sys, gradcli.cli as c\n"
            "try:\n    c.main(['batch', sys.argv[1]])\n"
            "except SystemExit:\n    pass\n"
            "print(any(m == 'rich' or m.startswith('rich.') for m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                         text=True).stdout
    lines = out.splitlines()
    assert lines[0] == "file" + " " * (len(str(tmp_path)) + 5) + "status    time  detail"
    assert lines[1].endswith("fail    " + lines[1].split()[2] + "  line 1: expected '3', got '2'")
    assert lines[-1] == "False"
