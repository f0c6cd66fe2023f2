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


CHOLESKY_EIGH_PROGRAM = 'import torch\na = torch.tensor([[4.0, 1.0, 9.0], [0.5, 3.0, -7.0], [0.2, -0.1, 2.0]], dtype=torch.float64, requires_grad=True)\nfor upper in (False, True):\n    try:\n        L = torch.linalg.cholesky(a, upper=upper)\n        (g,) = torch.autograd.grad(L.sum(), a)\n        print(upper, [round(v, 12) for v in L.reshape(-1).tolist()], [round(v, 10) for v in g.reshape(-1).tolist()])\n    except Exception as e:\n        print(upper, type(e).__name__, str(e)[:90])\nfor uplo in ("L", "U"):\n    w, v = torch.linalg.eigh(a, UPLO=uplo)\n    (g,) = torch.autograd.grad(w.sum() + (v.abs() * 0).sum(), a)\n    print(uplo, [round(x, 12) for x in w.tolist()], [round(x, 10) for x in g.reshape(-1).tolist()])\n    print(" vals", [round(x, 12) for x in torch.linalg.eigvalsh(a, UPLO=uplo).tolist()])\nb = torch.tensor([[2.0, 5.0], [-1.0, 2.0]], dtype=torch.float64)\nfor upper in (False, True):\n    try: print(torch.linalg.cholesky(b, upper=upper))\n    except Exception as e: print(type(e).__name__, str(e)[:100])\n'

CHOLESKY_EIGH_TORCH = 'False [2.0, 0.0, 0.0, 0.25, 1.7139136501, 0.0, 0.1, -0.072932495749, 1.408787014088] [0.2157349898, 0.196560025, 0.1939001424, 0.196560025, 0.3047866962, 0.3068327597, 0.1939001424, 0.3068327597, 0.3549152533]\nTrue _LinAlgError linalg.cholesky: The factorization could not be completed because the input is not positiv\nL [1.956352101447, 2.826770499616, 4.216877398937] [1.0, 0.0, -0.0, 0.0, 1.0, -0.0, -0.0, -0.0, 1.0]\n vals [1.956352101447, 2.826770499616, 4.216877398937]\nU [-9.098824821371, 4.336257580177, 13.762567241193] [1.0, -0.0, -0.0, -0.0, 1.0, 0.0, -0.0, 0.0, 1.0]\n vals [-9.098824821371, 4.336257580177, 13.762567241193]\ntensor([[ 1.4142,  0.0000],\n        [-0.7071,  1.2247]], dtype=torch.float64)\n_LinAlgError linalg.cholesky: The factorization could not be completed because the input is not positive-definite\n'


def test_cholesky_and_eigh_read_one_triangle():
    """LAPACK's potrf and syevd (PyTorch's) read the lower triangle (upper=True / UPLO='U':
    the upper one), so a non-symmetric input is not symmetrised first: torch 2.13's output"""
    import io
    from gradcli.lang import run_source
    source = CHOLESKY_EIGH_PROGRAM
    out = io.StringIO()
    run_source(source, out=out)
    assert out.getvalue() == CHOLESKY_EIGH_TORCH
