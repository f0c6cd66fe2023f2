"""Side-by-side parity of torch.utils.checkpoint (and autograd options around it) with
PyTorch: each snippet runs with `torch` = PyTorch and with `torch` = gradcli's formula
namespace; printed output and error messages must be identical (addresses normalised).
Skipped when PyTorch is not installed (it is never a gradcli dependency)."""
import contextlib
import io
import re
import warnings

import pytest

torch = pytest.importorskip("torch")
from gradcli.namespace import torch_namespace  # noqa: E402

ADDR = re.compile(r" object at 0x[0-9a-fA-F]+")
CP = "cp = torch.utils.checkpoint\n"

SNIPPETS = [CP + s for s in [
    "x = torch.tensor([1., 2., 3.], requires_grad=True)\n"
    "for r in (True, False):\n"
    "    y = cp.checkpoint(lambda a: (a.sin() * a).exp(), x, use_reentrant=r)\n"
    "    y.sum().backward(); print(y, x.grad)",
    "torch.manual_seed(0)\nx = torch.randn(4, 3, requires_grad=True)\n"
    "f = lambda a: torch.nn.functional.dropout(a, 0.5, training=True) * 2\n"
    "for r in (True, False):\n    x.grad = None\n"
    "    y = cp.checkpoint(f, x, use_reentrant=r)\n    y.sum().backward(); print(y, x.grad)\n"
    "print(torch.rand(2))",
    "x = torch.tensor([1., 2.], requires_grad=True)\n"
    "def f(a):\n    print('run')\n    b = a.sin()\n    print('sin')\n    return b.cos() * 2\n"
    "for r in (False, True):\n    y = cp.checkpoint(f, x, use_reentrant=r)\n"
    "    print('backward')\n    y.sum().backward()\nprint(x.grad)",
    "x = torch.tensor([1., 2.], requires_grad=True)\n"
    "y = cp.checkpoint(lambda a: (a * a).exp(), x, use_reentrant=False)\ns = y.sum()\n"
    "s.backward(retain_graph=True); s.backward(); print(x.grad)\ns.backward()",
    "x = torch.tensor([1., 2.], requires_grad=True)\n"
    "y = cp.checkpoint(lambda a: a.exp(), x, use_reentrant=True)\n"
    "torch.autograd.grad(y.sum(), x)",
    "x = torch.tensor([1., 2.], requires_grad=True)\n"
    "cp.checkpoint(lambda a, s: a * s, x, s=2.0, use_reentrant=True)",
    "x = torch.tensor([1., 2.], requires_grad=True)\n"
    "y = cp.checkpoint(lambda a, s: a * s, x, s=torch.tensor(2., requires_grad=True), "
    "use_reentrant=False)\ny.sum().backward(); print(y, x.grad)",
    "x = torch.tensor([1., 2.], requires_grad=True)\n"
    "cp.checkpoint(lambda a: a, x, use_reentrant=False, determinism_check='x')",
    "torch.manual_seed(0)\nm = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.Tanh(), "
    "torch.nn.Linear(4, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1))\n"
    "x = torch.randn(2, 4, requires_grad=True)\n"
    "out = cp.checkpoint_sequential(m, 3, x, use_reentrant=False)\nout.sum().backward()\n"
    "print(out, x.grad, m[2].weight.grad)",
    "x = torch.tensor([1., 2.], requires_grad=True)\n"
    "y = cp.checkpoint(lambda a: a.exp() * a, x, use_reentrant=False)\n"
    "g, = torch.autograd.grad(y.sum(), x, create_graph=True)\n"
    "print(g, torch.autograd.grad(g.sum(), x))",
    "x = torch.tensor([1., 2.], requires_grad=True)\nh = x\nfor i in range(3):\n"
    "    h = cp.checkpoint(lambda t: torch.tanh(t) * 2, h, use_reentrant=True)\n"
    "h.sum().backward(); print(h, x.grad)",
]]


def run(snippet, lib):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            exec(snippet, {"torch": lib})
        except Exception as e:
            kind = next(c for c in type(e).__mro__ if c.__module__ == "builtins")
            print("ERROR:", kind.__name__, str(e).splitlines()[0])
    return ADDR.sub(" object at 0x…", out.getvalue())


@pytest.mark.parametrize("snippet", SNIPPETS)
def test_same_output_as_pytorch(snippet):
    assert run(snippet, torch_namespace()) == run(snippet, torch)
