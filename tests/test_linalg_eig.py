"""torch.linalg.eig and eigvals as PyTorch 2.13 gives them (LAPACK's geev): complex
eigenvalues in geev's order (complex64 for float32, complex128 for float64), unit
eigenvectors, PyTorch's errors. (A real eigenvector's sign is the LAPACK library's choice,
MKL's under PyTorch, so programs here check eigenvectors by what defines them.) Each expected
output is what the same program printed with PyTorch 2.13."""
from __future__ import annotations

import pytest

import gradcli as torch
from gradcli.errors import TorchNotImplementedError
from test_math_parity2 import run

CASES = [
    ('A = torch.tensor([[2., 1.], [1., 3.]])\nprint(torch.linalg.eigvals(A))\nprint(torch.linalg.eigvals(torch.stack([A, A * 2])))\nprint(torch.linalg.eigvals(A.double()).dtype)',
     'tensor([1.3820+0.j, 3.6180+0.j])\ntensor([[1.3820+0.j, 3.6180+0.j],\n        [2.7639+0.j, 7.2361+0.j]])\ntorch.complex128\n'),
    ('R = torch.tensor([[0., -1.], [1., 0.]], dtype=torch.float64)\nprint(torch.linalg.eig(R))',
     'torch.return_types.linalg_eig(\neigenvalues=tensor([0.+1.j, 0.-1.j], dtype=torch.complex128),\neigenvectors=tensor([[0.7071+0.0000j, 0.7071-0.0000j],\n        [0.0000-0.7071j, 0.0000+0.7071j]], dtype=torch.complex128))\n'),
    ('M = torch.tensor([[1., 2., 3.], [0., 4., 5.], [1., 0., 6.]])\nw, v = torch.linalg.eig(M)\nprint(w)\nprint((M.to(torch.complex64) @ v - v * w).abs().max() < 1e-5, v.abs().pow(2).sum(0))',
     'tensor([7.0410+0.j, 1.0885+0.j, 2.8705+0.j])\ntensor(True) tensor([1.0000, 1.0000, 1.0000])\n'),
    ('torch.linalg.eigvals(torch.ones(2, 3))',
     '!! RuntimeError: linalg.eigvals: A must be batches of square matrices, but they are 2 by 3 matrices\n'),
    ("torch.linalg.eig(torch.tensor([[float('nan'), 1.], [1., 1.]]))",
     '!! RuntimeError: torch.linalg.eig: input tensor should not contain infs or NaNs.\n'),
    ('torch.linalg.eigvals(torch.tensor([[1, 2], [3, 4]]))',
     '!! RuntimeError: Unknown Complex ScalarType for Long\n'),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_eig_as_pytorch(source, expected):
    assert run(source) == expected


def test_eigvals_records_its_node_and_differentiates():
    """eigvals of an input that requires grad records LinalgEigBackward0 (torch 2.13); the sum
    of the eigenvalues is the trace, whose gradient is the identity."""
    x = torch.tensor([[2., 1.], [1., 3.]], requires_grad=True)
    e = torch.linalg.eigvals(x)
    assert e.grad_fn.name() == "LinalgEigBackward0"
    e.real.sum().backward()
    assert torch.allclose(x.grad, torch.eye(2))         # torch 2.13: 0.99999994 at [0, 0]
    with torch.no_grad():
        assert torch.linalg.eigvals(x).dtype == torch.complex64
