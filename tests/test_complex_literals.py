"""Complex numbers in the formula language (`1j`, `2.5e-1J`, `complex(a, b)`) and Python
complex numbers in the engine's ops, as in PyTorch 2.13: promotion (float32 and integers to
complex64, float64 to complex128), graphs (RsubBackward1, PowBackward0/2, MulBackward0 ...),
gradients with PyTorch's conjugates (a real leaf takes the real part), comparisons, where,
assignment, creation, and PyTorch's errors where a complex number cannot go. Expected outputs
printed by torch 2.13 for the same programs."""
from __future__ import annotations

import pytest

from test_autograd_parity4 import run

CASES = {
    'python_values': (
        'z = 1 + 2j\nprint(z, repr(z), z * 2, abs(3 + 4j), z.conjugate(), complex(1, 2), z.real, z.imag, 1e3j, 0j, -1j)\nprint(complex("1+2j"), type(z).__name__, isinstance(z, complex), z == complex(1, 2), f"{z:.2f}", str(z))\nprint(1_0.5e-1j, 2J, (1j) ** 2, 1j ** 0.5, hash(1j) == hash(complex(0, 1)), {1j: 2}[1j])\n',
        '(1+2j) (1+2j) (2+4j) 5.0 (1-2j) (1+2j) 1.0 2.0 1000j 0j (-0-1j)\n(1+2j) complex True True 1.00+2.00j (1+2j)\n1.05j 2j (-1+0j) (0.7071067811865476+0.7071067811865475j) True 2\n'),
    'arithmetic': (
        'x = torch.tensor([1.0, 2.0], requires_grad=True)\nfor name, f in [("rsub", lambda: 1j - x), ("rdiv", lambda: 1j / x), ("pow", lambda: x ** 1j),\n                ("rpow", lambda: (1+1j) ** x), ("sub", lambda: x - 1j), ("div", lambda: x / 1j),\n                ("mul", lambda: x * 1j), ("radd", lambda: 1j + x), ("powc", lambda: x ** (0.5 + 0j)),\n                ("alpha", lambda: torch.add(x, 1j, alpha=2))]:\n    r = f()\n    print(name, r, r.grad_fn.name(), [type(n).__name__ for n, _ in r.grad_fn.next_functions])\n    g, = torch.autograd.grad(r.abs().sum(), x)\n    print("  grad", g)\nd = torch.tensor([0.5, 1.5], dtype=torch.float64, requires_grad=True)\nw = (1j * d / (1 + 2j) - d ** 2 * 1j).real.sum()\nw.backward()\nprint(w, d.grad)\nprint(torch.arange(3) * 1j, torch.tensor([True, False]) + 1j, torch.tensor(2.0, dtype=torch.float64) * 1j)\nprint(torch.ones(2, dtype=torch.bfloat16) * 1j, (torch.ones(2, dtype=torch.complex128) * (1 + 1j)).dtype)\n',
        "rsub tensor([-1.+1.j, -2.+1.j], grad_fn=<RsubBackward1>) RsubBackward1 ['AccumulateGrad']\n  grad tensor([0.7071, 0.8944])\nrdiv tensor([0.+1.0000j, 0.+0.5000j], grad_fn=<MulBackward0>) MulBackward0 ['ReciprocalBackward0', 'NoneType']\n  grad tensor([-1.0000, -0.2500])\npow tensor([1.0000+0.0000j, 0.7692+0.6390j], grad_fn=<PowBackward0>) PowBackward0 ['AccumulateGrad']\n  grad tensor([0.0000e+00, 9.1612e-10])\nrpow tensor([ 1.0000e+00+1.0000j, -8.7423e-08+2.0000j], grad_fn=<PowBackward2>) PowBackward2 ['AccumulateGrad']\n  grad tensor([0.4901, 0.6931])\nsub tensor([1.-1.j, 2.-1.j], grad_fn=<SubBackward0>) SubBackward0 ['AccumulateGrad', 'NoneType']\n  grad tensor([0.7071, 0.8944])\ndiv tensor([0.-1.j, 0.-2.j], grad_fn=<DivBackward0>) DivBackward0 ['AccumulateGrad', 'NoneType']\n  grad tensor([1., 1.])\nmul tensor([0.+1.j, 0.+2.j], grad_fn=<MulBackward0>) MulBackward0 ['AccumulateGrad', 'NoneType']\n  grad tensor([1., 1.])\nradd tensor([1.+1.j, 2.+1.j], grad_fn=<AddBackward0>) AddBackward0 ['AccumulateGrad', 'NoneType']\n  grad tensor([0.7071, 0.8944])\npowc tensor([1.0000+0.j, 1.4142+0.j], grad_fn=<PowBackward0>) PowBackward0 ['AccumulateGrad']\n  grad tensor([0.5000, 0.3536])\nalpha tensor([1.+2.j, 2.+2.j], grad_fn=<AddBackward0>) AddBackward0 ['AccumulateGrad', 'NoneType']\n  grad tensor([0.4472, 0.7071])\ntensor(0.8000, dtype=torch.float64, grad_fn=<SumBackward0>) tensor([0.4000, 0.4000], dtype=torch.float64)\ntensor([0.+0.j, 0.+1.j, 0.+2.j]) tensor([1.+1.j, 0.+1.j]) tensor(0.+2.j, dtype=torch.complex128)\ntensor([0.+1.j, 0.+1.j]) torch.complex128\n"),
    'other_ops': (
        'x = torch.tensor([1.0, 2.0])\nprint(torch.where(torch.tensor([True, False]), x, 1j), torch.where(torch.tensor([True, False]), 1j, x))\nz = torch.zeros(2, dtype=torch.complex64)\nz[0] = 1j\nprint(z, torch.tensor([1j, 2]) == 1j, torch.tensor([1j, 2]) != 1j)\nprint(torch.tensor([1 + 2j, 3j]), torch.tensor(1j).item(), complex(torch.tensor(2.0)))\nprint(torch.full((2,), 1j), torch.full((2,), 1j, dtype=torch.complex128), torch.zeros(2).fill_(2 + 0j))\nprint(torch.linspace(0, 1j, 3), torch.linspace(1 + 1j, 2 - 1j, 4, dtype=torch.complex128))\nprint(torch.scalar_tensor(2 + 0j), torch.arange(3 + 0j), torch.tensor([1j], dtype=torch.bool))\nprint((x * 1j).masked_fill(torch.tensor([True, False]), 3j), (x * 1j).mul_(1j))\ndef assign():\n    y = x.clone()\n    y[0] = 1j\nfor f in [assign, lambda: torch.tensor([1j, 2]) < 1j, lambda: x.clone().mul_(1j),           lambda: torch.clamp(x, max=1j), lambda: torch.full((2,), 1j, dtype=torch.float32),\n          lambda: torch.tensor([1j], dtype=torch.float32), lambda: torch.tensor(1j, dtype=torch.int64),\n          lambda: x.masked_fill(torch.tensor([True, False]), 3j), lambda: torch.scalar_tensor(1j),\n          lambda: torch.arange(1j), lambda: torch.linspace(0, 1j, 3, dtype=torch.float32),\n          lambda: torch.zeros(2, dtype=torch.int64).fill_(1j), lambda: (x * 1j).sum().backward()]:\n    try:\n        f()\n        print("no error")\n    except (RuntimeError, TypeError, NotImplementedError) as e:\n        print(type(e).__name__, e)\n',
        'tensor([1.+0.j, 0.+1.j]) tensor([0.+1.j, 2.+0.j])\ntensor([0.+1.j, 0.+0.j]) tensor([ True, False]) tensor([False,  True])\ntensor([1.+2.j, 0.+3.j]) 1j (2+0j)\ntensor([0.+1.j, 0.+1.j]) tensor([0.+1.j, 0.+1.j], dtype=torch.complex128) tensor([2., 2.])\ntensor([0.+0.0000j, 0.+0.5000j, 0.+1.0000j]) tensor([1.0000+1.0000j, 1.3333+0.3333j, 1.6667-0.3333j, 2.0000-1.0000j],\n       dtype=torch.complex128)\ntensor(2.) tensor([0., 1., 2.]) tensor([True])\ntensor([0.+3.j, 0.+2.j]) tensor([-1.+0.j, -2.+0.j])\nRuntimeError value cannot be converted to type float without overflow\nNotImplementedError "lt_cpu" not implemented for \'ComplexFloat\'\nRuntimeError result type ComplexFloat can\'t be cast to the desired output type Float\nRuntimeError value cannot be converted to type double without overflow\nRuntimeError value cannot be converted to type float without overflow\nTypeError must be real number, not complex\nTypeError \'complex\' object cannot be interpreted as an integer\nRuntimeError value cannot be converted to type float without overflow\nRuntimeError value cannot be converted to type float without overflow\nRuntimeError value cannot be converted to type double without overflow\nRuntimeError torch.linspace(): inferred dtype c10::complex<float> can\'t be safely cast to passed dtype Float\nRuntimeError value cannot be converted to type int64_t without overflow\nRuntimeError element 0 of tensors does not require grad and does not have a grad_fn\n'),
    'functional_transforms_refuse_complex_outputs': (
        'x = torch.tensor([1., 2.])\nfor f in [lambda: torch.autograd.functional.jacobian(lambda x: x * 2j, x),\n          lambda: torch.autograd.functional.hessian(lambda x: (x * 2j).sum(), x),\n          lambda: torch.autograd.functional.vjp(lambda x: x * 2j, x, torch.ones(2, dtype=torch.complex64)),\n          lambda: torch.autograd.functional.jvp(lambda x: x * 2j, x, torch.ones(2)),\n          lambda: torch.func.jacrev(lambda x: x * 2j)(x),\n          lambda: torch.func.jacfwd(lambda x: x * 2j)(x),\n          lambda: torch.autograd.functional.jacobian(lambda x: x * 2j, x, vectorize=True),\n          lambda: torch.func.grad(lambda x: (x * 2j).sum())(x)]:\n    try:\n        print(f())\n    except Exception as e:\n        print(type(e).__name__, str(e)[:150])\n',
        'RuntimeError grad can be implicitly created only for real scalar outputs but got torch.complex64\nRuntimeError grad can be implicitly created only for real scalar outputs but got torch.complex64\n(tensor([0.+2.j, 0.+4.j]), tensor([0., 0.]))\n(tensor([0.+2.j, 0.+4.j]), tensor([0.+2.j, 0.+2.j]))\nRuntimeError jacrev: Expected all outputs to be real but received complex tensor at flattened input idx: 0\nRuntimeError jacfwd: Expected all outputs to be real but received complex tensor at flattened input idx: 0\ntensor([[0., 0.],\n        [0., 0.]])\nRuntimeError grad can be implicitly created only for real scalar outputs but got torch.complex64\n'),
    'vjp_takes_complex_outputs_jacrev_refuses_complex': (
        'x = torch.tensor([1., 2.])\nout, fn = torch.func.vjp(lambda x: x * (2 + 1j), x)\nprint(out, fn(torch.ones(2, dtype=torch.complex64)))\nz = torch.tensor([1 + 1j, 2j])\nfor f in [lambda: torch.func.jacrev(lambda a: a.abs())(z), lambda: torch.func.jacfwd(lambda a: a.abs())(z),\n          lambda: torch.func.jacrev(lambda a, b: a * 2, argnums=0)(x, z),\n          lambda: torch.func.hessian(lambda a: (a * 1j).abs().sum())(x),\n          lambda: torch.func.grad(lambda a: (a * (1 + 1j)).abs().sum())(x),\n          lambda: torch.autograd.functional.hessian(lambda a: (a * 1j).sum(), x),\n          lambda: torch.autograd.functional.jacobian(lambda a: (a * 1j).abs(), x)]:\n    try:\n        print(f())\n    except Exception as e:\n        print(type(e).__name__, str(e)[:150])\n',
        'tensor([2.+1.j, 4.+2.j]) (tensor([2., 2.]),)\nRuntimeError jacrev: Expected all inputs to be real but received complex tensor at flattened input idx: 0\nRuntimeError jacfwd: Expected all inputs to be real but received complex tensor at flattened input idx: 0\nRuntimeError jacrev: Expected all inputs to be real but received complex tensor at flattened input idx: 1\ntensor([[0., 0.],\n        [0., 0.]])\ntensor([1.4142, 1.4142])\nRuntimeError grad can be implicitly created only for real scalar outputs but got torch.complex64\ntensor([[1., 0.],\n        [0., 1.]])\n'),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_prints_what_pytorch_printed(name):
    source, expected = CASES[name]
    assert run(source) == expected


def test_a_float16_tensor_with_a_complex_number_is_refused_clearly():
    """PyTorch makes a complex32 tensor, a dtype gradcli does not have: an error, not a
    complex64 result."""
    out = run("x = torch.ones(2, dtype=torch.float16)\nprint(x * 1j)\n")
    assert out.startswith("!! ") and "complex32 (ComplexHalf)" in out


@pytest.mark.parametrize("fn", ["pow", "rpow", "rsub", "mul"])
def test_complex_number_ops_gradcheck(fn):
    import gradcli as torch
    from gradcli.autograd import gradcheck, gradgradcheck
    ops = {"pow": lambda x: (x ** (0.5 - 1.5j)).abs(), "rpow": lambda x: ((1.5 + 0.5j) ** x).abs(),
           "rsub": lambda x: ((2 - 1j) - x * x).abs(), "mul": lambda x: (x * (1 + 2j) + 1j).abs()}
    x = torch.tensor([0.7, 1.3, 2.1], dtype=torch.float64, requires_grad=True)
    assert gradcheck(ops[fn], (x,))
    assert gradgradcheck(ops[fn], (x,))


@pytest.mark.parametrize("command, expr, x", [("jacobian", "x * 2j", "1,2"),
                                              ("hessian", "(x * 2j).sum()", "1,2"),
                                              ("grad", "(x * 2j).sum()", "1,2"),
                                              ("graph", "(x * 1j).sum()", "1,2")])
def test_commands_refuse_a_complex_output_with_pytorchs_error_and_a_hint(command, expr, x):
    """The Jacobian of a complex output was printed as zeros (the real part of each row)."""
    from click.testing import CliRunner

    from gradcli.cli import main
    result = CliRunner().invoke(main, [command, expr, "--x", x])
    assert result.exit_code == 1
    assert "grad can be implicitly created only for real scalar outputs but got " \
           "torch.complex64" in result.output
    assert "differentiate a real function of it" in result.output
