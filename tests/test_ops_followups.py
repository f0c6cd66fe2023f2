"""Op behaviours fixed after the parity probes merged: a bool diff, clamp's promotion and
overflow check, gradients at NaN (relu, hardtanh, maximum), det of a sliced matrix and of a
singular one. The program's expected output is what torch 2.13 printed."""
from __future__ import annotations

import io

import pytest

from gradcli.errors import GradcliError
from gradcli.lang import run_source

PROGRAM = "import torch\nprint(torch.diff(torch.tensor([True, False, False, True])))\nx = torch.tensor([1.5, -2.0, 3.0])\nprint(torch.clamp(x, min=torch.tensor([0, 0, 0]), max=torch.tensor([1, 1, 2])))\nx = torch.tensor([float('nan'), -1., 2.], requires_grad=True)\ntorch.relu(x).sum().backward(); print(x.grad)\nx.grad = None; torch.nn.functional.hardtanh(x).sum().backward(); print(x.grad)\na = torch.tensor([float('nan'), 1., 2.], requires_grad=True); b = torch.tensor([0., float('nan'), 2.], requires_grad=True)\ntorch.maximum(a, b).sum().backward(); print(a.grad, b.grad)\nm = torch.tensor([[1., 2., 3.], [3., 4., 5.]], requires_grad=True)\nd = m[:, :2].det()\nprint(d, torch.tensor([[1., 2.], [3., 4.]]).det())\ns = torch.tensor([[1., 2.], [2., 4.]], dtype=torch.float64, requires_grad=True)\ntorch.det(s).backward(); print(s.grad)\n"

EXPECTED = 'tensor([ True, False,  True])\ntensor([1., 0., 2.])\ntensor([1., 0., 1.])\ntensor([1., 0., 0.])\ntensor([1.0000, 1.0000, 0.5000]) tensor([1.0000, 1.0000, 0.5000])\ntensor(-2.0000, grad_fn=<LinalgDetBackward0>) tensor(-2.)\ntensor([[0., -0.],\n        [-0., 0.]], dtype=torch.float64)\n'


def test_the_program_prints_what_torch_printed():
    out = io.StringIO()
    run_source(PROGRAM, out=out)
    assert out.getvalue() == EXPECTED


@pytest.mark.parametrize("source, message", [
    ("torch.diff(torch.ones(2, 3), prepend=torch.ones(3))",
     "diff expects prepend or append to be the same dimension as input"),
    ("torch.clamp(torch.tensor([1, 2], dtype=torch.int8), max=300)",
     "value cannot be converted to type int8_t without overflow"),
    ("torch.clamp(torch.tensor([1, 2], dtype=torch.int32), min=-2**40)",
     "value cannot be converted to type int without overflow"),
])
def test_pytorchs_refusals(source, message):
    with pytest.raises(GradcliError) as info:
        run_source("import torch\n" + source + "\n", out=io.StringIO())
    assert info.value.message == message


def test_detach_in_inference_mode_is_a_view_of_a_normal_tensor():
    out = io.StringIO()
    run_source("import torch\nx = torch.ones(2, requires_grad=True)\n"
               "with torch.inference_mode():\n    y = x.detach()\n    z = x * 2\n"
               "print(y.is_inference(), z.is_inference(), y.requires_grad)\n", out=out)
    assert out.getvalue() == "False True False\n"       # PyTorch 2.13's
