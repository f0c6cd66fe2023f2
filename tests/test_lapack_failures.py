"""LAPACK's failures as PyTorch 2.13 meets them. linalg.cholesky_ex and cholesky (potrf):
info is the first leading minor whose pivot is not positive or is nan, L holds the factored
columns before it, the pivot, and the rest of the lower triangle as it was; cholesky raises
for a nan pivot as for a negative one. svd (gesdd) fails on a nan with PyTorch's message (an
infinity gives nans), and so does everything computed from singular values; inv and solve
(getrf) give nans for the whole of a matrix that holds one. Each expected output is what the
same program printed with PyTorch 2.13 (its _LinAlgError shows as the RuntimeError it derives
from, as this harness names every error by its builtin class)."""
from __future__ import annotations

import pytest

from test_math_parity2 import run

CASES = [
    ("for m in ([[4., 2., 1.], [2., -3., 0.], [1., 0., 5.]], [[4., 2., 1.], [2., 5., 0.], [1., 0., -5.]], [[-1., 2.], [2., 1.]], [[4., 12., -16.], [12., 37., -43.], [-16., -43., 98.]]):\n    a = torch.tensor(m, dtype=torch.float64)\n    print(torch.linalg.cholesky_ex(a))\n    print(torch.linalg.cholesky_ex(a, upper=True).L)\nb = torch.stack([torch.eye(2), -torch.eye(2)])\nprint(torch.linalg.cholesky_ex(b))\ntry:\n    torch.linalg.cholesky_ex(b, check_errors=True)\nexcept Exception as e:\n    print(type(e).__name__, e)\nx = torch.tensor([[2., 1.], [1., 3.]], requires_grad=True)\nL, info = torch.linalg.cholesky_ex(x)\nprint(L, info)\nL.sum().backward()\nprint(x.grad)\nprint(torch.linalg.cholesky_ex(torch.tensor([[float('nan'), 0.], [1., 2.]])))\nprint(torch.linalg.cholesky_ex(torch.tensor([[1., 0.], [float('nan'), 2.]])))\n",
     'torch.return_types.linalg_cholesky_ex(\nL=tensor([[ 2.0000,  0.0000,  0.0000],\n        [ 1.0000, -4.0000,  0.0000],\n        [ 0.5000,  0.0000,  5.0000]], dtype=torch.float64),\ninfo=tensor(2, dtype=torch.int32))\ntensor([[ 2.0000,  1.0000,  0.5000],\n        [ 0.0000, -4.0000,  0.0000],\n        [ 0.0000,  0.0000,  5.0000]], dtype=torch.float64)\ntorch.return_types.linalg_cholesky_ex(\nL=tensor([[ 2.0000,  0.0000,  0.0000],\n        [ 1.0000,  2.0000,  0.0000],\n        [ 0.5000, -0.2500, -5.3125]], dtype=torch.float64),\ninfo=tensor(3, dtype=torch.int32))\ntensor([[ 2.0000,  1.0000,  0.5000],\n        [ 0.0000,  2.0000, -0.2500],\n        [ 0.0000,  0.0000, -5.3125]], dtype=torch.float64)\ntorch.return_types.linalg_cholesky_ex(\nL=tensor([[-1.,  0.],\n        [ 2.,  1.]], dtype=torch.float64),\ninfo=tensor(1, dtype=torch.int32))\ntensor([[-1.,  2.],\n        [ 0.,  1.]], dtype=torch.float64)\ntorch.return_types.linalg_cholesky_ex(\nL=tensor([[ 2.,  0.,  0.],\n        [ 6.,  1.,  0.],\n        [-8.,  5.,  3.]], dtype=torch.float64),\ninfo=tensor(0, dtype=torch.int32))\ntensor([[ 2.,  6., -8.],\n        [ 0.,  1.,  5.],\n        [ 0.,  0.,  3.]], dtype=torch.float64)\ntorch.return_types.linalg_cholesky_ex(\nL=tensor([[[ 1.,  0.],\n         [ 0.,  1.]],\n\n        [[-1.,  0.],\n         [-0., -1.]]]),\ninfo=tensor([0, 1], dtype=torch.int32))\n_LinAlgError linalg.cholesky_ex: (Batch element 1): The factorization could not be completed because the input is not positive-definite (the leading minor of order 1 is not positive-definite).\ntensor([[1.4142, 0.0000],\n        [0.7071, 1.5811]], grad_fn=<LinalgCholeskyExBackward0>) tensor(0, dtype=torch.int32)\ntensor([[0.2558, 0.1954],\n        [0.1954, 0.3162]])\ntorch.return_types.linalg_cholesky_ex(\nL=tensor([[nan, 0.],\n        [1., 2.]]),\ninfo=tensor(1, dtype=torch.int32))\ntorch.return_types.linalg_cholesky_ex(\nL=tensor([[1., 0.],\n        [nan, nan]]),\ninfo=tensor(2, dtype=torch.int32))\n'),
    ("b = torch.tensor([[float('nan'), 0.], [0., 1.]])\ntorch.linalg.cholesky(b)",
     '!! RuntimeError: linalg.cholesky: The factorization could not be completed because the input is not positive-definite (the leading minor of order 1 is not positive-definite).\n'),
    ("b = torch.tensor([[1., 0.], [float('nan'), 1.]], dtype=torch.float64)\ntorch.linalg.cholesky(b)",
     '!! RuntimeError: linalg.cholesky: The factorization could not be completed because the input is not positive-definite (the leading minor of order 2 is not positive-definite).\n'),
    ("b = torch.stack([torch.eye(3), torch.tensor([[1., 0., 0.], [0., 1., 0.], [0., 0., float('nan')]])])\ntorch.linalg.cholesky(b)",
     '!! RuntimeError: linalg.cholesky: (Batch element 1): The factorization could not be completed because the input is not positive-definite (the leading minor of order 3 is not positive-definite).\n'),
    ('x = torch.tensor([[2., 1.], [1., 3.]], dtype=torch.float64, requires_grad=True)\nprint(torch.autograd.gradcheck(lambda a: torch.linalg.cholesky_ex(a @ a.mT + torch.eye(2, dtype=a.dtype)).L, (x,)))\nprint(torch.autograd.gradgradcheck(lambda a: torch.linalg.cholesky_ex(a @ a.mT + torch.eye(2, dtype=a.dtype), upper=True).L, (x,)))',
     'True\nTrue\n'),
    ('print(torch.linalg.cholesky_ex(torch.tensor([[1, 0], [0, 1]])))',
     '!! RuntimeError: linalg.cholesky: Expected a floating point or complex tensor as input. Got Long\n'),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_cholesky_failures_as_pytorch(source, expected):
    assert run(source) == expected


MORE = [
    ("A = torch.tensor([[float('nan'), 1.], [1., 2.]])\ntorch.linalg.svdvals(A)",
     '!! RuntimeError: linalg.svd: The algorithm failed to converge because the input matrix contained non-finite values.\n'),
    ("A = torch.tensor([[float('nan'), 1.], [1., 2.]])\ntorch.linalg.pinv(A)",
     '!! RuntimeError: linalg.svd: The algorithm failed to converge because the input matrix contained non-finite values.\n'),
    ("A = torch.tensor([[float('nan'), 1.], [1., 2.]])\ntorch.linalg.matrix_norm(A, 'nuc')",
     '!! RuntimeError: linalg.svd: The algorithm failed to converge because the input matrix contained non-finite values.\n'),
    ("A = torch.tensor([[float('nan'), 1.], [1., 2.]])\ntorch.linalg.cond(A)",
     '!! RuntimeError: linalg.svd: The algorithm failed to converge because the input matrix contained non-finite values.\n'),
    ("A = torch.tensor([[float('nan'), 1.], [1., 2.]])\ntorch.linalg.matrix_rank(A)",
     '!! RuntimeError: linalg.svd: The algorithm failed to converge because the input matrix contained non-finite values.\n'),
    ("A = torch.tensor([[float('nan'), 1.], [1., 2.]])\ntorch.svd(A)",
     '!! RuntimeError: linalg.svd: The algorithm failed to converge because the input matrix contained non-finite values.\n'),
    ("B = torch.stack([torch.eye(2), torch.tensor([[1., float('inf')], [0., 1.]])])\nprint(torch.linalg.svd(B))\nprint(torch.linalg.svdvals(B))",
     'torch.return_types.linalg_svd(\nU=tensor([[[1., 0.],\n         [0., 1.]],\n\n        [[nan, nan],\n         [nan, nan]]]),\nS=tensor([[1., 1.],\n        [nan, nan]]),\nVh=tensor([[[1., 0.],\n         [0., 1.]],\n\n        [[nan, nan],\n         [nan, nan]]]))\ntensor([[1., 1.],\n        [nan, nan]])\n'),
    ("print(torch.linalg.inv(torch.tensor([[float('nan'), 1.], [1., 2.]])))\nprint(torch.linalg.inv(torch.tensor([[1., 2., 0.], [3., 1., 0.], [0., 0., float('nan')]])))\nprint(torch.inverse(torch.stack([torch.eye(2), torch.tensor([[1., 2.], [3., float('nan')]])]).double()))",
     'tensor([[nan, nan],\n        [nan, nan]])\ntensor([[nan, nan, nan],\n        [nan, nan, nan],\n        [nan, nan, nan]])\ntensor([[[1., 0.],\n         [0., 1.]],\n\n        [[nan, nan],\n         [nan, nan]]], dtype=torch.float64)\n'),
    ("print(torch.linalg.solve(torch.tensor([[float('nan'), 1.], [1., 2.]]), torch.ones(2)))\nprint(torch.linalg.solve(torch.tensor([[1., 2.], [3., float('nan')]]), torch.ones(2, 3)))\nprint(torch.linalg.solve(torch.eye(2), torch.tensor([float('nan'), 1.])))",
     'tensor([nan, nan])\ntensor([[nan, nan, nan],\n        [nan, nan, nan]])\ntensor([nan, nan])\n'),
]


@pytest.mark.parametrize("source, expected", MORE)
def test_svd_inv_solve_on_nan_as_pytorch(source, expected):
    assert run(source) == expected
