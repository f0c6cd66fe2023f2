"""`gradcli grad` through click's CliRunner: the card example, every option, every error."""
from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from gradcli.cli import main


def run(*args, input=None, env=None):
    return CliRunner().invoke(main, list(args), input=input, env=env)


def grad_json(*args, **kw):
    r = run("grad", *args, "--json", **kw)
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def test_the_card_example():
    doc = grad_json("2*dot(x,x)", "--x", "0,1,2,3")
    assert doc["schema"] == "gradcli.grad/1"
    assert doc["expression"] == "2*dot(x,x)"
    assert doc["dtype"] == "float32"
    assert doc["output"] == {**doc["output"], "value": 28.0, "shape": [],
                             "grad_fn": "MulBackward0"}
    x = doc["inputs"]["x"]
    assert x["value"] == [0.0, 1.0, 2.0, 3.0] and x["shape"] == [4]
    assert x["requires_grad"] is True and x["is_leaf"] is True
    assert x["grad"] == [0.0, 4.0, 8.0, 12.0]


def test_format_json_is_the_same_as_json():
    a = run("grad", "2*dot(x,x)", "--x", "0,1,2,3", "--json")
    b = run("grad", "2*dot(x,x)", "--x", "0,1,2,3", "--format", "json")
    assert a.stdout == b.stdout and a.stdout.endswith("\n") and a.stdout.count("\n") == 1
    assert a.stderr == ""


def test_the_table_shows_value_shape_grad_fn_flags_and_gradient():
    r = run("grad", "2*dot(x,x)", "--x", "0,1,2,3")
    assert r.exit_code == 0
    out = r.stdout
    for text in ("2*dot(x,x)", "output", "28.", "MulBackward0", "requires_grad", "is_leaf",
                 "[0., 1., 2., 3.]", "[ 0.,  4.,  8., 12.]", "[4]"):
        assert text in out, text
    assert "\x1b[" not in out                        # not a terminal: no colour


def test_float32_is_written_as_its_shortest_decimal():
    doc = grad_json("x*y", "--x", "0.1", "--y", "3")
    assert doc["output"]["value"] == 0.3                  # not 0.30000001192092896
    assert doc["inputs"]["y"]["grad"] == 0.1
    doc64 = grad_json("x*y", "--x", "0.1", "--y", "3", "--dtype", "float64")
    assert doc64["output"]["value"] == 0.1 * 3            # full float64 precision


def test_dtype_before_or_after_the_command():
    assert grad_json("x*x", "--x", "1", "--dtype", "float64")["dtype"] == "float64"
    r = run("--dtype", "float64", "grad", "x*x", "--x", "1", "--json")
    assert json.loads(r.stdout)["dtype"] == "float64"


def test_nonfinite_numbers_stay_valid_json():
    doc = grad_json("x/y", "--x", "1,-1,0", "--y", "0,0,0", "--gradient", "1,1,1")
    assert doc["output"]["value"] == ["Infinity", "-Infinity", "NaN"]


def test_several_variables_in_order_of_first_use():
    doc = grad_json("sum(w*x) + b", "--b", "0.5", "--x", "1,2", "--w", "3,4")
    assert list(doc["inputs"]) == ["w", "x", "b"]
    assert doc["inputs"]["w"]["grad"] == [1.0, 2.0]
    assert doc["inputs"]["x"]["grad"] == [3.0, 4.0]
    assert doc["inputs"]["b"]["grad"] == 1.0


def test_value_syntaxes_on_the_command_line(tmp_path):
    np.save(tmp_path / "w.npy", np.array([[1.0, 2.0], [3.0, 4.0]]))
    doc = grad_json("sum(W @ x) + s", "--W", f"@{tmp_path / 'w.npy'}", "--x", "[1, 1]",
                    "-v", "s=2.5")
    assert doc["inputs"]["W"]["grad"] == [[1.0, 1.0], [1.0, 1.0]]
    assert doc["inputs"]["x"]["grad"] == [4.0, 6.0]
    doc = grad_json("sum(W @ x)", "--W", "1,2;3,4", "--x=1,1")
    assert doc["output"]["value"] == 10.0


def test_option_style_names_go_through_v():
    doc = grad_json("order * check", "-v", "order=2", "-v", "check=3")
    assert doc["inputs"]["order"]["grad"] == 3.0


def test_a_variable_may_shadow_an_engine_name():
    doc = grad_json("t*2 + e", "--t", "3", "--e", "1")       # torch.t, torch.e
    assert list(doc["inputs"]) == ["t", "e"]
    assert doc["inputs"]["t"]["grad"] == 2.0 and doc["output"]["value"] == 7.0


def test_negative_values_and_a_negated_expression():
    doc = grad_json("x*x", "--x", "-1.5")
    assert doc["inputs"]["x"]["grad"] == -3.0
    r = run("grad", "--json", "--", "-x", "--x", "2")
    assert json.loads(r.stdout)["output"]["value"] == -2.0


def test_constant_formulas_with_seed():
    a = grad_json("sum(x*x)", "--x", "randn(3)", "--seed", "1")
    b = grad_json("sum(x*x)", "--x", "randn(3)", "--seed", "1")
    c = grad_json("sum(x*x)", "--x", "randn(3)", "--seed", "2")
    assert a == b and a != c
    x = np.array(a["inputs"]["x"]["value"], dtype=np.float32)
    assert np.array_equal(np.array(a["inputs"]["x"]["grad"], dtype=np.float32), 2 * x)


def test_expression_from_stdin_and_value_from_stdin():
    r = run("grad", "-", "--x", "1,2", "--json", input="sum(x**2)\n")
    assert json.loads(r.stdout)["inputs"]["x"]["grad"] == [2.0, 4.0]
    r = run("grad", "sum(x**2)", "--x", "@-", "--json", input="[3, 4]")
    assert json.loads(r.stdout)["inputs"]["x"]["grad"] == [6.0, 8.0]


def test_wrt_picks_the_variables_that_require_grad():
    doc = grad_json("sum(w*x)", "--w", "1,2", "--x", "3,4", "--wrt", "w")
    assert doc["inputs"]["w"]["grad"] == [3.0, 4.0]
    assert doc["inputs"]["x"]["requires_grad"] is False
    assert doc["inputs"]["x"]["grad"] is None


def test_unused_leaf_has_no_grad():
    doc = grad_json("sum(w*0) + sum(x.detach())", "--w", "1", "--x", "1,2")
    assert doc["inputs"]["x"]["grad"] is None
    assert doc["inputs"]["w"]["grad"] == 0.0


def test_gradient_weights_a_nonscalar_output():
    doc = grad_json("x*x", "--x", "1,2,3", "--gradient", "1,0.5,0")
    assert doc["inputs"]["x"]["grad"] == [2.0, 2.0, 0.0]
    assert doc["gradient"] == [1.0, 0.5, 0.0]
    assert doc["output"]["grad_fn"] == "MulBackward0"


def test_nonscalar_without_gradient_is_pytorchs_error_with_a_hint():
    r = run("grad", "x*x", "--x", "1,2,3")
    assert r.exit_code == 1 and r.stdout == ""
    assert "grad can be implicitly created only for scalar outputs" in r.stderr
    for hint in ("--gradient", "sum(", "gradcli jacobian"):
        assert hint in r.stderr


def test_gradient_of_the_wrong_shape():
    r = run("grad", "x*x", "--x", "1,2,3", "--gradient", "1,1")
    assert r.exit_code == 1 and "Mismatch in shape" in r.stderr


def test_output_that_does_not_require_grad():
    r = run("grad", "sum(x.detach())", "--x", "1,2")
    assert r.exit_code == 1
    assert "does not require grad and does not have a grad_fn" in r.stderr


def test_higher_orders():
    doc = grad_json("x**3", "--x", "2", "--order", "3")
    assert doc["order"] == 3
    assert doc["inputs"]["x"]["grads"] == [12.0, 12.0, 6.0]
    doc = grad_json("sum(x**3)", "--x", "1,2", "--order", "2")
    assert doc["inputs"]["x"]["grads"] == [[3.0, 12.0], [6.0, 12.0]]
    doc = grad_json("sum(3*x)", "--x", "1,2", "--order", "3")     # linear: zero beyond 1
    assert doc["inputs"]["x"]["grads"] == [[3.0, 3.0], [0.0, 0.0], [0.0, 0.0]]


def test_create_graph_gives_the_gradient_a_grad_fn():
    doc = grad_json("x**3", "--x", "2", "--create-graph")
    assert doc["inputs"]["x"]["grad"] == 12.0
    assert doc["inputs"]["x"]["grad_grad_fn"] == "CopyBackwards"      # as PyTorch 2.13


def test_check_shows_finite_differences():
    doc = grad_json("sum(sin(x)*y)", "--x", "0.5,1", "--y", "2,3", "--check")
    assert doc["check"]["ok"] is True
    for name in ("x", "y"):
        entry = doc["inputs"][name]
        assert entry["check"]["ok"] is True
        assert np.allclose(entry["numeric_grad"], entry["grad"], rtol=1e-4)
    r = run("grad", "sum(sin(x))", "--x", "1,2", "--check")
    assert r.exit_code == 0 and "finite difference" in r.stdout and "ok" in r.stdout


def test_check_failure_exits_1():
    # floor: its derivative is 0, but central differences across a step are huge
    r = run("grad", "sum(floor(x*1e6))", "--x", "0.5", "--dtype", "float64", "--check",
            "--json")
    doc = json.loads(r.stdout)
    assert doc["check"]["ok"] is False and r.exit_code == 1
    assert "check failed" in r.stderr


# -- usage errors ------------------------------------------------------------------------------

@pytest.mark.parametrize("args, code, words", [
    (["grad", "2*dot(x,x)", "--x", "1,,2"], 2, "empty element"),
    (["grad", "2*dot(x,x)"], 2, "missing value for variable 'x'"),
    (["grad", "2*dot(x,x)", "--x", "1,2", "--y", "3"], 2, "no such option or variable: --y"),
    (["grad", "2*dot(x,x)", "--x", "1,2", "--jsn"], 2, "did you mean --json"),
    (["grad", "x", "--x"], 2, "--x needs a value"),
    (["grad", "x", "--x", "1", "--x", "2"], 2, "given twice"),
    (["grad", "x", "--x", "1", "--wrt", "y"], 2, "no variable 'y'"),
    (["grad", "x", "--x", "1", "-v", "oops"], 2, "NAME=VALUE"),
    (["grad"], 2, "missing the expression"),
    (["grad", "x", "y", "--x", "1"], 2, "unexpected extra argument"),
    (["grad", "2*dot(x,x", "--x", "1"], 3, "never closed"),
    (["grad", "dott(x,x)", "--x", "1,2"], 2, "did you mean `dot`"),
    (["grad", "x + y", "--x", "1,2", "--y", "1,2,3"], 1, "must match the size"),
    (["grad", "x", "--x", "1", "--dtype", "int8"], 2, "Invalid value"),
    (["grad", "x", "--x", "@/nonexistent.npy"], 2, "no such file"),
])
def test_errors_and_exit_codes(args, code, words):
    r = run(*args)
    assert r.exit_code == code, (r.stdout, r.stderr)
    assert words in r.stderr
    assert r.stdout == ""
    assert "Traceback" not in r.stderr


def test_limits_are_flags():
    r = run("grad", "sum(x)", "--x", "arange(100)", "--max-elements", "10")
    assert r.exit_code == 2 and "--max-elements" in r.stderr
    r = run("--max-elements", "10", "grad", "sum(ones(100)*x)", "--x", "1")
    assert r.exit_code == 1 and "--max-elements" in r.stderr


# -- output files ------------------------------------------------------------------------------

def test_output_file_is_written_atomically(tmp_path):
    target = tmp_path / "g.json"
    r = run("grad", "2*dot(x,x)", "--x", "0,1,2,3", "--json", "-o", str(target))
    assert r.exit_code == 0 and r.stdout == ""
    assert json.loads(target.read_text())["inputs"]["x"]["grad"] == [0.0, 4.0, 8.0, 12.0]
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]


def test_a_failing_run_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "g.json"
    target.write_text("old")
    r = run("grad", "x*x", "--x", "1,2", "--json", "-o", str(target))
    assert r.exit_code == 1
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]


def test_table_to_a_file_has_no_colour(tmp_path):
    target = tmp_path / "g.txt"
    r = run("grad", "x*x", "--x", "2", "-o", str(target))
    assert r.exit_code == 0
    text = target.read_text()
    assert "MulBackward0" in text and "\x1b[" not in text


def test_markup_in_user_text_is_not_interpreted():
    r = run("grad", "sum(x)  # [bold red]not markup[/]", "--x", "1,2")
    assert r.exit_code == 0, r.stderr
    assert "[bold red]not markup[/]" in r.stdout
