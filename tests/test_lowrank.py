"""torch.svd_lowrank and torch.pca_lowrank: PyTorch's randomized algorithm with the same
random draws (so, after a seed, the same components up to the last bits of QR and SVD, which
LAPACK and MKL round differently), centering, M, the m < n case, batches, gradients through
qr and svd, and the argument errors. The program prints what PyTorch 2.13 printed
(test_autograd_parity4's format)."""
from __future__ import annotations

from test_autograd_parity4 import run

PROGRAM = 'torch.manual_seed(0)\nA = torch.randn(6, 4, dtype=torch.float64)\nU, S, V = torch.svd_lowrank(A, q=3)\nprint(U.shape, S, V.shape, (U @ torch.diag(S) @ V.T - A).abs().max() < 5)\ntorch.manual_seed(1)\nU, S, V = torch.pca_lowrank(A)\nprint(S, U.abs().sum(), V.abs().sum())\ntorch.manual_seed(2)\nU, S, V = torch.pca_lowrank(A.T, q=2, center=False, niter=4)\nprint(S, U.shape, V.shape)\ntorch.manual_seed(3)\nU, S, V = torch.svd_lowrank(A.T.contiguous(), q=2, M=A.T.mean(0, keepdim=True))\nprint(S)\nB = torch.randn(5, 3, requires_grad=True)\ntorch.manual_seed(4)\nU, S, V = torch.svd_lowrank(B, q=2)\nS.sum().backward()\nprint(S, B.grad.shape, S.grad_fn.name())\nfor bad in (lambda: torch.pca_lowrank(A, q=9), lambda: torch.pca_lowrank(A, niter=-1)):\n    try:\n        bad()\n    except ValueError as e:\n        print("ValueError", e)\nX = torch.randn(3, 5, 4)\ntorch.manual_seed(5)\nprint(torch.pca_lowrank(X, q=2)[1])\n'

EXPECTED = 'torch.Size([6, 3]) tensor([3.7136, 3.1069, 1.1858], dtype=torch.float64) torch.Size([4, 3]) tensor(True)\ntensor([3.1268, 2.8869, 1.1896, 0.3443], dtype=torch.float64) tensor(8.2088, dtype=torch.float64) tensor(7.5914, dtype=torch.float64)\ntensor([3.7136, 3.1069], dtype=torch.float64) torch.Size([4, 2]) torch.Size([6, 2])\ntensor([3.4951, 2.1588], dtype=torch.float64)\ntensor([2.3779, 1.7347], grad_fn=<LinalgSvdBackward0>) torch.Size([5, 3]) LinalgSvdBackward0\nValueError q(=9) must be non-negative integer and not greater than min(m, n)=4\nValueError niter(=-1) must be non-negative integer\ntensor([[3.0120, 2.4386],\n        [4.4517, 2.5058],\n        [2.4979, 1.9332]])\n'


def test_prints_what_pytorch_printed():
    assert run(PROGRAM) == EXPECTED
