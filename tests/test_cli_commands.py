"""eval, explain, jacobian, hessian, check, ops, run and the group itself, through CliRunner."""
from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from gradcli.cli import COMMANDS, main


def run(*args, input=None, env=None):
    return CliRunner().invoke(main, list(args), input=input, env=env)


def doc_of(*args, **kw):
    r = run(*args, "--json", **kw)
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


# -- the group ---------------------------------------------------------------------------------

def test_help_lists_every_command_with_examples():
    r = run("--help")
    assert r.exit_code == 0
    for name in COMMANDS:
        assert name in r.stdout
    assert 'gradcli grad "2*dot(x,x)" --x 0,1,2,3' in r.stdout
    assert "_GRADCLI_COMPLETE" in r.stdout


@pytest.mark.parametrize("name", [n for n in COMMANDS if n != "batch"])
def test_every_command_help_shows_real_examples(name):
    r = run(name, "--help")
    assert r.exit_code == 0
    assert "Examples:" in r.stdout and f"gradcli {name}" in r.stdout


def test_version():
    from gradcli import __version__
    r = run("--version")
    assert r.exit_code == 0 and r.stdout.strip() == f"gradcli {__version__}"


def test_unknown_command_is_a_usage_error():
    r = run("gradient")
    assert r.exit_code == 2 and "No such command" in r.stderr


def test_internal_errors_are_reported_without_traceback(monkeypatch):
    from gradcli.cli import evaluate

    def boom(*a, **k):
        raise ValueError("kaboom")
    monkeypatch.setattr(evaluate, "grad_report", boom)
    r = run("grad", "x", "--x", "1")
    assert r.exit_code == 1
    assert "internal error: ValueError: kaboom" in r.stderr and "Traceback" not in r.stderr
    r = run("--debug", "grad", "x", "--x", "1")
    assert r.exit_code == 1 and "Traceback" in r.stderr


def test_keyboard_interrupt_exits_130(monkeypatch):
    from gradcli.cli import evaluate

    def interrupted(*a, **k):
        raise KeyboardInterrupt
    monkeypatch.setattr(evaluate, "grad_report", interrupted)
    r = run("grad", "x", "--x", "1")
    assert r.exit_code == 130


def test_global_state_is_restored_after_a_command():
    import gradcli
    before = gradcli.get_default_dtype()
    run("--dtype", "float64", "grad", "x", "--x", "1")
    assert gradcli.get_default_dtype() is before


# -- eval ----------------------------------------------------------------------------------------

def test_eval_forward_only():
    doc = doc_of("eval", "W @ x", "--W", "1,2;3,4", "--x", "1,1")
    assert doc["schema"] == "gradcli.eval/1"
    assert doc["output"]["value"] == [3.0, 7.0] and doc["output"]["grad_fn"] == "MvBackward0"
    assert "grad" not in doc["inputs"]["x"]
    r = run("eval", "softmax(x, dim=0)", "--x", "1,2,3")
    assert r.exit_code == 0 and "SoftmaxBackward0" in r.stdout


def test_eval_without_variables_and_of_plain_values():
    doc = doc_of("--seed", "0", "eval", "randn(2,3)")
    assert np.array(doc["output"]["value"]).shape == (2, 3) and doc["inputs"] == {}
    assert doc_of("eval", "x.shape", "--x", "1,2")["output"] == {"value": [2], "type": "Size"}
    assert doc_of("eval", "1 + 2")["output"] == {"value": 3, "type": "int"}


# -- explain -------------------------------------------------------------------------------------

def test_explain_follows_the_engine_order():
    doc = doc_of("explain", "2*dot(x,x)", "--x", "0,1,2,3")
    assert doc["schema"] == "gradcli.explain/1"
    steps = doc["steps"]
    assert [s["name"] for s in steps] == ["MulBackward0", "DotBackward0", "AccumulateGrad"]
    mul, dot, acc = steps
    assert mul["incoming"] == [1.0] and mul["rule"]
    assert mul["outgoing"][0] == {"to": "n1", "label": "DotBackward0", "input_nr": 0,
                                  "grad": 2.0}
    assert mul["outgoing"][1]["to"] is None                   # the constant 2
    assert [e["grad"] for e in dot["outgoing"]] == [[0.0, 2.0, 4.0, 6.0]] * 2
    assert acc["label"] == "x" and acc["incoming"] == [[0.0, 4.0, 8.0, 12.0]]
    assert doc["inputs"]["x"]["grad"] == [0.0, 4.0, 8.0, 12.0]


def test_explain_leaves_accumulate_as_soon_as_they_are_ready():
    doc = doc_of("explain", "mean(sigmoid(w*x + b))", "--w", "0.5", "--x", "1,2,3",
                 "--b", "0.1")
    labels = [s["label"] for s in doc["steps"]]
    assert labels == ["MeanBackward0", "SigmoidBackward0", "AddBackward0", "b",
                      "MulBackward0", "w", "x"]


def test_explain_table_speaks_to_a_learner():
    r = run("explain", "x*y", "--x", "2", "--y", "3")
    assert r.exit_code == 0
    for text in ("step 1", "MulBackward0", "incoming grad", "local rule", "sends",
                 "x.grad", "Result"):
        assert text in r.stdout, text


def test_explain_nonscalar_needs_gradient():
    r = run("explain", "x*x", "--x", "1,2")
    assert r.exit_code == 1 and "--gradient" in r.stderr
    doc = doc_of("explain", "x*x", "--x", "1,2", "--gradient", "1,1")
    assert doc["inputs"]["x"]["grad"] == [2.0, 4.0]


# -- jacobian and hessian --------------------------------------------------------------------------

def test_jacobian():
    doc = doc_of("jacobian", "W @ x", "--W", "1,2;3,4", "--x", "1,1")
    assert doc["schema"] == "gradcli.jacobian/1"
    assert doc["jacobian"]["x"] == {"shape": [2, 2], "value": [[1.0, 2.0], [3.0, 4.0]]}
    assert doc["jacobian"]["W"]["shape"] == [2, 2, 2]
    assert doc["matrix"]["columns"] == ["W[0,0]", "W[0,1]", "W[1,0]", "W[1,1]", "x[0]", "x[1]"]
    r = run("jacobian", "x*x", "--x", "1,2,3")
    assert r.exit_code == 0 and "out[2]" in r.stdout and "6." in r.stdout


def test_hessian():
    doc = doc_of("hessian", "x*y + x**2", "--x", "1", "--y", "2")
    h = doc["hessian"]
    assert h["x"]["x"]["value"] == 2.0 and h["x"]["y"]["value"] == 1.0
    assert h["y"]["y"]["value"] == 0.0
    assert doc["matrix"]["value"] == [[2.0, 1.0], [1.0, 0.0]]
    doc = doc_of("hessian", "dot(x, A @ x)", "--x", "1,2", "--A", "2,1;1,3", "--wrt", "x")
    assert list(doc["hessian"]) == ["x"]
    assert doc["hessian"]["x"]["x"]["value"] == [[4.0, 2.0], [2.0, 6.0]]


def test_hessian_of_a_nonscalar_is_an_error_with_a_hint():
    r = run("hessian", "x*x", "--x", "1,2")
    assert r.exit_code == 1 and "single element" in r.stderr and "sum(" in r.stderr


# -- check ---------------------------------------------------------------------------------------

def test_check_passes():
    doc = doc_of("check", "sum(tanh(x)**2)", "--x", "0.5,-1,2")
    assert doc["schema"] == "gradcli.check/1"
    assert doc["ok"] and doc["gradcheck"] and doc["gradgradcheck"]
    assert doc["dtype"] == "float64"
    assert {c["order"] for c in doc["checks"]} == {1, 2}


def test_check_fails_with_exit_1():
    r = run("check", "sum(abs(x))", "--x", "0,1")          # abs has no second derivative at 0
    assert r.exit_code == 1 and "check failed" in r.stderr
    assert "MISMATCH" in r.stdout
    r = run("check", "sum(abs(x))", "--x", "0.5,1")
    assert r.exit_code == 0


def test_check_second_order_of_a_linear_part_is_a_zero_block():
    """A gradient that does not depend on the inputs (x + y, sum(3*x)) has a Jacobian of
    zeros: the second-order rows show it, over every gradient element, not an empty matrix"""
    doc = doc_of("check", "sum(3*x)", "--x", "1,2")
    second = [c for c in doc["checks"] if c["order"] == 2]
    assert [c["analytic"] for c in second] == [[[0.0, 0.0], [0.0, 0.0]]]
    assert [c["numeric"] for c in second] == [[[0.0, 0.0], [0.0, 0.0]]]
    doc = doc_of("check", "sum(x*x + y)", "--x", "1,2", "--y", "3")
    second = {c["input"]: c for c in doc["checks"] if c["order"] == 2}
    assert second["x"]["analytic"] == [[2.0, 0.0, 0.0], [0.0, 2.0, 0.0]]
    assert second["y"]["analytic"] == [[0.0, 0.0, 0.0]]
    assert doc["ok"] and doc["gradgradcheck"]
    assert "size=(2, 0)" not in run("check", "x+x", "--x", "1,2").stdout


def test_check_first_order_only():
    doc = doc_of("check", "sum(abs(x))", "--x", "0,1", "--first-order-only")
    assert doc["ok"] and doc["gradgradcheck"] is None


# -- ops -----------------------------------------------------------------------------------------

def test_ops_lists_the_registry():
    from gradcli.ops.registry import REGISTRY
    doc = doc_of("ops")
    assert doc["schema"] == "gradcli.ops/1"
    assert {o["name"] for o in doc["ops"]} == set(REGISTRY)
    dot = next(o for o in doc["ops"] if o["name"] == "dot")
    assert dot["grad_fn"] == "DotBackward0" and dot["signature"].startswith("dot(")
    assert dot["rule"]


def test_ops_filters():
    names = [o["name"] for o in doc_of("ops", "*_loss")["ops"]]
    assert names and all(n.endswith("_loss") for n in names)
    r = run("ops", "softmax")
    assert r.exit_code == 0 and "SoftmaxBackward0" in r.stdout


# -- run -----------------------------------------------------------------------------------------

PROGRAM = """import torch
x = torch.ones(2, 2, requires_grad=True)
y = x + 2
out = (y * y).mean()
out.backward()
print(x.grad)
"""


def test_run_prints_what_the_program_prints(tmp_path):
    path = tmp_path / "p.grad"
    path.write_text(PROGRAM)
    r = run("run", str(path))
    assert r.exit_code == 0
    assert r.stdout == "tensor([[1.5000, 1.5000],\n        [1.5000, 1.5000]])\n"


def test_run_from_stdin_with_inspect():
    r = run("run", "-", "--inspect", input=PROGRAM)
    assert r.exit_code == 0
    assert r.stdout.startswith("tensor([[1.5000, 1.5000],")
    for text in ("name", "requires_grad", "is_leaf", "grad_fn", "AddBackward0",
                 "MeanBackward0"):
        assert text in r.stdout


def test_run_json_captures_the_printed_text():
    doc = doc_of("run", "-", input=PROGRAM)
    assert doc["schema"] == "gradcli.run/1"
    assert doc["stdout"].startswith("tensor([[1.5000")
    assert doc["variables"]["x"]["grad"] == [[1.5, 1.5], [1.5, 1.5]]
    assert doc["variables"]["out"]["grad_fn"] == "MeanBackward0"


def test_run_with_variables():
    r = run("run", "-", "--x", "1,2", input="print((x*2).sum())\n")
    assert r.exit_code == 0 and r.stdout == "tensor(6.)\n"


@pytest.mark.parametrize("program, code, words", [
    ("x = (\n", 3, "syntax error"),
    ("print(undefined_name)\n", 1, "undefined_name"),
    ("assert 1 == 2\n", 1, "assert"),
    ("x = torch.ones(2)\nx.backward()\n", 1, "does not require grad"),
])
def test_run_errors(program, code, words):
    r = run("run", "-", input=program)
    assert r.exit_code == code, r.stderr
    assert words in r.stderr and "<stdin>:" in r.stderr and "Traceback" not in r.stderr


def test_run_missing_file():
    r = run("run", "/nonexistent.grad")
    assert r.exit_code == 2 and "no such file" in r.stderr


def test_run_output_file_is_atomic(tmp_path):
    target = tmp_path / "out.txt"
    r = run("run", "-", "-o", str(target), input="print(1)\nprint(2)\n")
    assert r.exit_code == 0 and target.read_text() == "1\n2\n"
    r = run("run", "-", "-o", str(target), input="print(3)\nprint(undefined)\n")
    assert r.exit_code == 1 and target.read_text() == "1\n2\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
