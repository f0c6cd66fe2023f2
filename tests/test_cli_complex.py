"""Complex variables on the command line (`--z 1+2j`): they take the complex dtype of the
run's precision and require grad as real ones do, and every command gives PyTorch's
convention for a real function of a complex input, grad = dL/dx + 1j dL/dy (the conjugate
Wirtinger derivative times 2). Expected values are torch 2.13's (pasted)."""
from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from gradcli.cli import main

MIXED = "sum(abs(z)**2 * x) + sum((z*z).real) + sum(angle(z))"


def run(*args):
    return CliRunner().invoke(main, list(args))


def as_complex(pairs):
    """JSON's [re, im] pairs as complex numbers."""
    a = np.asarray(pairs, dtype=float)
    return a[..., 0] + 1j * a[..., 1]


@pytest.mark.parametrize("dtype, complex_dtype", [("float32", "complex64"),
                                                  ("float64", "complex128")])
def test_grad_of_a_real_function_of_complex_and_real_variables(dtype, complex_dtype):
    # torch: z.grad tensor([ 5.6000+4.2000j, 18.1000-1.7000j]), x.grad tensor(15.),
    # y tensor(35.7854)
    r = run("--dtype", dtype, "grad", MIXED, "--z", "1+2j,3-1j", "--x", "2", "--json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    z = doc["inputs"]["z"]
    assert z["dtype"] == complex_dtype and z["requires_grad"] and z["shape"] == [2]
    np.testing.assert_allclose(as_complex(z["value"]), [1 + 2j, 3 - 1j])
    np.testing.assert_allclose(as_complex(z["grad"]), [5.6 + 4.2j, 18.1 - 1.7j], rtol=1e-6)
    assert doc["inputs"]["x"]["grad"] == pytest.approx(15.0)
    assert doc["output"]["value"] == pytest.approx(35.785398, rel=1e-6)


def test_grad_check_compares_complex_gradients_with_central_differences():
    r = run("grad", MIXED, "--z", "1+2j,3-1j", "--x", "2", "--check", "--json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    z = doc["inputs"]["z"]
    np.testing.assert_allclose(as_complex(z["numeric_grad"]), [5.6 + 4.2j, 18.1 - 1.7j], atol=1e-6)
    assert z["check"]["ok"] and doc["inputs"]["x"]["check"]["ok"]
    assert doc["inputs"]["x"]["numeric_grad"] == pytest.approx(15.0)   # real for a real variable


def test_check_runs_both_orders_on_complex_variables():
    r = run("check", MIXED, "--z", "1+2j,3-1j", "--x", "2", "--json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["ok"] and doc["gradcheck"] and doc["gradgradcheck"]
    rows = {(c["order"], c["input"]): c for c in doc["checks"]}
    np.testing.assert_allclose(as_complex(rows[1, "z"]["analytic"]),
                               [5.6 + 4.2j, 18.1 - 1.7j], rtol=1e-12)
    # order 2 of z: d/dz of the gradient's real parts, then of its imaginary parts
    second = as_complex(rows[2, "z"]["analytic"])
    assert second.shape == (2, 5)         # z's 2 gradients as 4 real parts, then x's
    np.testing.assert_allclose(second[:, 4], [2 + 4j, 6 - 2j], rtol=1e-12)
    np.testing.assert_allclose(second, as_complex(rows[2, "z"]["numeric"]), atol=1e-6)
    np.testing.assert_allclose(rows[2, "x"]["analytic"], [[2.0, 6.0, 4.0, -2.0, 0.0]],
                               rtol=1e-12)


def test_check_works_in_complex128_not_on_the_real_part():
    # check's float64 copy of the variables must keep z complex: its real part alone would
    # give the gradient of |z|^2 as [2, 6]
    r = run("check", "sum(abs(z)**2)", "--z", "1+2j,3-1j", "--json")
    doc = json.loads(r.stdout)
    np.testing.assert_allclose(as_complex(doc["checks"][0]["numeric"]), [2 + 4j, 6 - 2j],
                               atol=1e-6)


def test_jacobian_of_a_real_output():
    # torch.autograd.functional.jacobian(lambda z: (z * z).imag * 2, z):
    # tensor([[ 8.+4.j,  0.+0.j], [ 0.+0.j, -4.+12.j]])
    r = run("jacobian", "(z * z).imag * 2", "--z", "1+2j,3-1j", "--json")
    assert r.exit_code == 0, r.output
    jac = as_complex(json.loads(r.stdout)["jacobian"]["z"]["value"])
    np.testing.assert_allclose(jac, [[8 + 4j, 0], [0, -4 + 12j]])


@pytest.mark.parametrize("args", [
    ("hessian", "sum(abs(z)**2)", "--z", "1+2j,3-1j"),
    ("grad", "abs(z*x)", "--z", "1+2j", "--x", "2", "--order", "2"),
])
def test_second_order_commands_give_pytorchs_error_with_a_hint(args):
    # torch.autograd.functional.hessian and grad(g.sum(), z) of a complex gradient raise this
    r = run(*args)
    assert r.exit_code == 1
    assert ("grad can be implicitly created only for real scalar outputs but got "
            "torch.complex64") in r.stderr
    assert "gradcli check" in r.stderr


def test_a_complex_output_needs_a_real_function_of_it():
    r = run("grad", "z*2", "--z", "1+2j")
    assert r.exit_code == 1
    assert "only for real scalar outputs" in r.stderr and "abs(...)" in r.stderr


def test_gradient_weights_for_a_complex_output():
    # torch: y = z * 2; y.backward(torch.tensor([1j, 1])): z.grad tensor([0.+2.j, 2.+0.j])
    r = run("grad", "z*2", "--z", "1+2j,1", "--gradient", "1j,1", "--json")
    assert r.exit_code == 0, r.output
    np.testing.assert_allclose(as_complex(json.loads(r.stdout)["inputs"]["z"]["grad"]),
                               [2j, 2])


def test_complex_weights_for_a_real_output_are_refused():
    # casting them to the output's dtype would drop their imaginary parts
    r = run("grad", "x*2", "--x", "1,1", "--gradient", "1j,1")
    assert r.exit_code == 2
    assert "--gradient is complex but the output is real" in r.stderr


def test_a_complex_npy_file(tmp_path):
    path = tmp_path / "z.npy"
    np.save(path, np.array([1 + 1j, 2]))
    r = run("grad", "sum(abs(z))", "--z", f"@{path}", "--json")
    assert r.exit_code == 0, r.output
    np.testing.assert_allclose(as_complex(json.loads(r.stdout)["inputs"]["z"]["grad"]),
                               [0.70710677 + 0.70710677j, 1], rtol=1e-6)


def test_gradcheck_compares_both_parts_of_complex_gradients_for_reentrancy():
    # gradcheck's reentrancy check (two backward passes must agree) compared real parts
    # only: a backward whose imaginary part changes per call passed it. torch 2.13 printed:
    from test_autograd_parity4 import run as run_program
    source = ("calls = [0]\nclass F(torch.autograd.Function):\n    @staticmethod\n"
              "    def forward(ctx, z):\n        return z * 2\n    @staticmethod\n"
              "    def backward(ctx, g):\n        calls[0] += 1\n"
              "        return g * 2 + 1e-3j * calls[0]\n"
              "z = torch.tensor([1 + 2j], dtype=torch.complex128, requires_grad=True)\n"
              "try:\n    torch.autograd.gradcheck(F.apply, (z,))\nexcept Exception as e:\n"
              "    print(type(e).__name__, str(e).splitlines()[0])")
    assert run_program(source) == (
        "GradcheckError Backward is not reentrant, i.e., running backward with same input "
        "and grad_output multiple times gives different values, although analytical gradient "
        "matches numerical gradient.The tolerance for nondeterminism was 0.0.\n")
