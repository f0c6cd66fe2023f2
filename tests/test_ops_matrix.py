"""torch.linalg's solve, slogdet, logdet, norms, matrix_power, cholesky, eigh, svdvals, pinv and
matrix_exp: values, node names, gradients and error texts as PyTorch 2.13 prints them (recorded
from PyTorch's float32 output, so this runs without it)."""
from __future__ import annotations

import numpy as np
import pytest

import gradcli  # noqa: F401
from gradcli.errors import TorchRuntimeError
from gradcli.namespace import torch_namespace

torch = torch_namespace()
linalg = torch.linalg
SPD = [[4., 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]]


def spd():
    return torch.tensor(SPD, requires_grad=True)


def close(t, expected, tol=2e-5):
    np.testing.assert_allclose(t.detach().numpy(), expected, rtol=tol, atol=tol)


def node(t):
    return type(t.grad_fn).__name__


def test_solve_vector_value_node_and_gradient():
    a = spd()
    x = linalg.solve(a, torch.tensor([1., 2, 3]))
    close(x, [-0.081729, 0.596524, 1.460780])
    assert node(x) == "LinalgSolveExBackward0"
    x.sum().backward()
    close(a.grad, [[0.010595, -0.077332, -0.189373], [0.021305, -0.155505, -0.380805],
                   [0.036085, -0.263379, -0.644966]])


def test_solve_left_false_solves_xa_equals_b():
    a = torch.tensor([[1., 2], [2, 1]])
    close(linalg.solve(a, torch.ones(1, 2), left=False), [[1 / 3, 1 / 3]])


@pytest.mark.parametrize("a, b, message", [
    ([[1., 2], [2, 4]], [1., 1], "torch.linalg.solve: The solver failed because the input "
                                 "matrix is singular."),
    ([[1., 1, 1], [1, 1, 1]], [1., 1], "linalg.solve: A must be batches of square matrices, "
                                       "but they are 2 by 3 matrices"),
    ([[1., 2], [2, 1]], [1., 1, 1], "linalg.solve: Incompatible shapes of A and B for the "
                                    "equation AX = B (2x2 and 3x1)"),
])
def test_solve_errors(a, b, message):
    with pytest.raises(TorchRuntimeError) as e:
        linalg.solve(torch.tensor(a), torch.tensor(b))
    assert str(e.value) == message


def test_solve_batched_singular_names_the_batch_element():
    a = torch.tensor([[[1., 2], [2, 4]], [[1., 0], [0, 1]]])
    with pytest.raises(TorchRuntimeError, match=r"^torch\.linalg\.solve: \(Batch element 0\)"):
        linalg.solve(a, torch.ones(2, 2))


def test_slogdet_and_logdet():
    a = spd()
    sign, logabs = linalg.slogdet(a)
    assert float(sign) == 1.0 and node(logabs) == "LinalgSlogdetBackward0"
    close(logabs, 3.058238)
    r = torch.logdet(a)
    assert node(r) == "WhereBackward0"
    close(r, 3.058238)
    assert np.isnan(float(torch.logdet(torch.tensor([[0., 1], [1, 0]]))))


def test_cholesky_value_gradient_and_error():
    a = spd()
    low = linalg.cholesky(a)
    close(low, [[2, 0, 0], [0.5, 1.658312, 0], [0.25, 0.045227, 1.391206]])
    assert node(low) == "LinalgCholeskyExBackward0"
    low.sum().backward()
    close(a.grad, [[0.198445, 0.140147, 0.132148], [0.140147, 0.293556, 0.291710],
                   [0.132148, 0.291710, 0.359400]])
    with pytest.raises(TorchRuntimeError) as e:
        linalg.cholesky(torch.tensor([[1., 2], [2, 1]]))
    assert str(e.value) == (
        "linalg.cholesky: The factorization could not be completed because the input is not "
        "positive-definite (the leading minor of order 2 is not positive-definite).")


def test_eigh_values_and_eigenvalue_gradient():
    a = spd()
    w, v = linalg.eigh(a)
    close(w, [1.880087, 2.398342, 4.721569])
    assert node(w) == node(v) == "LinalgEighBackward0"
    close(v @ torch.diag(w) @ v.mT, SPD)
    w.sum().backward()                     # d trace(A) / dA = I
    close(a.grad, np.eye(3))


def test_matrix_norms_and_their_nodes():
    a = torch.tensor(SPD, requires_grad=True)
    for r, value, name in [(linalg.matrix_norm(a, "nuc"), 9.000001, "SumBackward1"),
                           (linalg.matrix_norm(a, 2), 4.721571, "AmaxBackward0"),
                           (linalg.matrix_norm(a, -1), 2.7, "AminBackward0"),
                           (linalg.norm(a, float("inf")), 5.5, "AmaxBackward0"),
                           (linalg.norm(a), 5.619609, "LinalgVectorNormBackward0")]:
        close(r, value)
        assert node(r) == name
    with pytest.raises(TorchRuntimeError, match="^linalg.matrix_norm: Order 3 not supported.$"):
        linalg.norm(a, 3)
    with pytest.raises(TorchRuntimeError, match="must be 1D or 2D. Got 3D.$"):
        linalg.norm(torch.ones(2, 2, 2), 2)


def test_matrix_power_composes_as_pytorch():
    m = torch.tensor([[1., 2], [3, 4]], requires_grad=True)
    p3 = linalg.matrix_power(m, 3)
    close(p3, [[37, 54], [81, 118]])
    assert node(p3) == "MmBackward0"
    close(linalg.matrix_power(m, -1), [[-2, 1], [1.5, -0.5]])
    assert node(linalg.matrix_power(m, -1)) == "LinalgInvExBackward0"
    assert node(linalg.matrix_power(m, 1)) == "CloneBackward0"
    with pytest.raises(TorchRuntimeError, match="^linalg.matrix_power: A must be batches of "
                                                "square matrices, but they are 2 by 3"):
        linalg.matrix_power(torch.ones(2, 3), 2)


def test_matrix_exp_value_and_gradient():
    close(linalg.matrix_exp(torch.tensor([[0., 1], [-1, 0]])),
          [[0.540302, 0.841471], [-0.841471, 0.540302]])
    m = torch.tensor([[1., 2], [3, 4]], requires_grad=True)
    e = torch.matrix_exp(m)
    close(e, [[51.968956, 74.736557], [112.104851, 164.073807]], tol=1e-4)
    assert node(e) == "LinalgMatrixExpBackward0"
    e.sum().backward()
    close(m.grad, [[113.274612, 213.703186], [154.924911, 289.609558]], tol=1e-4)


def test_pinv_and_svdvals_of_a_tall_matrix():
    a = torch.tensor([[1., 2], [3, 4], [5, 6]])
    close(linalg.pinv(a), [[-1.333332, -0.333332, 0.666665], [1.083332, 0.333332, -0.416665]])
    close(linalg.svdvals(a), [9.525519, 0.514301])


def test_svd_and_qr_reconstruct_their_input():
    a = torch.tensor([[1., 2], [3, 4], [5, 6]], dtype=torch.float64)
    u, s, vh = linalg.svd(a, full_matrices=False)
    close(u @ torch.diag(s) @ vh, a.numpy(), 1e-12)
    q, r = linalg.qr(a)
    close(q @ r, a.numpy(), 1e-12)
    assert list(q.shape) == [3, 2] and list(r.shape) == [2, 2]
