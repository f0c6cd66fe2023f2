"""Found in session 48 (r5, porting PyTorch's test/test_linalg.py: norms, det/slogdet, inv,
solve, cholesky, qr, eig/eigh, svd, pinv, matrix_rank, lstsq, cross, vecdot, matrix_power,
multi_dot, matrix_exp, householder_product, tensorinv/tensorsolve, vander, diagonal). Each
expected output is what torch 2.13 printed (format of test_autograd_parity4).

cholesky-complex: a complex A is read as the Hermitian matrix of its lower triangle, entry
for entry (a -0 real part stays -0 in L, as zpotrf leaves it).

eig-half: linalg.eig and linalg.eigvals of a float16 A allocate their complex32 results
first, with PyTorch's once-per-process ComplexHalf warning, before the shape check and the
kernel's refusal.

hermitian-shape: pinv and matrix_rank with hermitian=True check A is square under eigh's
name (after the tolerances; an empty A returns before).

empty-exp-uplo: matrix_exp of empty matrices and of an empty batch; eigh/eigvalsh take UPLO
in either case ('l', 'u'), other strings refused with the text as given."""
from __future__ import annotations

from test_autograd_parity4 import printed_programs

CHOLESKY_COMPLEX = [
    ('c = torch.tensor([[2, 1j], [-1j, 2]], dtype=torch.complex128)\nprint(torch.linalg.cholesky(c))\nprint(torch.linalg.cholesky(c.conj().T.conj(), upper=True))\nprint(torch.linalg.cholesky_ex(torch.tensor([[4, -2j], [2j, 5]], dtype=torch.complex128)).L)\n',
     'tensor([[1.4142+0.0000j, 0.0000+0.0000j],\n        [-0.0000-0.7071j, 1.2247+0.0000j]], dtype=torch.complex128)\ntensor([[1.4142+0.0000j, -0.0000-0.7071j],\n        [0.0000+0.0000j, 1.2247+0.0000j]], dtype=torch.complex128)\ntensor([[2.+0.j, 0.+0.j],\n        [0.+1.j, 2.+0.j]], dtype=torch.complex128)\n'),
]

EIG_HALF = [
    ('for x in [torch.ones(2, 3, dtype=torch.float16), torch.ones(2, 2, dtype=torch.float16), torch.ones(2, 2, dtype=torch.bfloat16)]:\n    for f in [torch.linalg.eigvals, torch.linalg.eig]:\n        try:\n            f(x)\n        except Exception as e:\n            print(type(e).__name__, e)\n',
     '!W UserWarning: ComplexHalf support is experimental and many operators don\'t support it yet. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/EmptyTensor.cpp:54.)\nRuntimeError linalg.eigvals: A must be batches of square matrices, but they are 2 by 3 matrices\nRuntimeError linalg.eig: A must be batches of square matrices, but they are 2 by 3 matrices\nNotImplementedError "linalg_eig_out_cpu" not implemented for \'Half\'\nNotImplementedError "linalg_eig_out_cpu" not implemented for \'Half\'\nNotImplementedError "linalg_eig_out_cpu" not implemented for \'BFloat16\'\nNotImplementedError "linalg_eig_out_cpu" not implemented for \'BFloat16\'\n'),
    ('try:\n    torch.linalg.eig(torch.ones(2, 2, dtype=torch.float16))\nexcept Exception as e:\n    print(type(e).__name__, e)\n',
     '!W UserWarning: ComplexHalf support is experimental and many operators don\'t support it yet. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/EmptyTensor.cpp:54.)\nNotImplementedError "linalg_eig_out_cpu" not implemented for \'Half\'\n'),
]

HERMITIAN_SHAPE = [
    ('a = torch.tensor([[1., 2], [3, 4], [5, 6]], dtype=torch.float64)\nfor x in [torch.ones(0, 2, dtype=torch.float64), a]:\n    for f in [torch.linalg.pinv, torch.linalg.matrix_rank]:\n        try:\n            print(f(x, hermitian=True))\n        except Exception as e:\n            print(type(e).__name__, e)\nfor f in [lambda: torch.linalg.matrix_rank(a, 0.5, True), lambda: torch.linalg.pinv(a, atol=0.5, hermitian=True), lambda: torch.linalg.matrix_rank(a.long(), hermitian=True)]:\n    try:\n        print(f())\n    except Exception as e:\n        print(type(e).__name__, e)\n',
     "tensor([], size=(2, 0), dtype=torch.float64)\ntensor(0)\nRuntimeError linalg.eigh: A must be batches of square matrices, but they are 3 by 2 matrices\nRuntimeError linalg.eigh: A must be batches of square matrices, but they are 3 by 2 matrices\nRuntimeError linalg.eigh: A must be batches of square matrices, but they are 3 by 2 matrices\nRuntimeError linalg.eigh: A must be batches of square matrices, but they are 3 by 2 matrices\nRuntimeError This function doesn't handle types other than float and double\n"),
]

EMPTY_EXP_UPLO = [
    ("print(torch.linalg.matrix_exp(torch.zeros(0, 0)), torch.linalg.matrix_exp(torch.zeros(2, 0, 0, dtype=torch.float64)), torch.linalg.matrix_exp(torch.zeros(0, 2, 2)))\nprint(torch.linalg.matrix_exp(torch.tensor([[100., 0], [0, -100]], dtype=torch.float64)))\nprint(torch.linalg.matrix_exp(torch.tensor([[1., 1], [0, 1]], dtype=torch.float64) * 10))\na = torch.tensor([[4., 2, 0], [2, 3, 1], [0, 1, 4]], dtype=torch.float64)\nfor u in ['l', 'u', 'x', 'LU', '']:\n    try:\n        print(u, torch.linalg.eigvalsh(a, UPLO=u), torch.linalg.eigh(a, u).eigenvalues)\n    except Exception as e:\n        print(type(e).__name__, e)\n",
     "tensor([], size=(0, 0)) tensor([], size=(2, 0, 0), dtype=torch.float64) tensor([], size=(0, 2, 2))\ntensor([[2.6881e+43, 0.0000e+00],\n        [0.0000e+00, 3.7201e-44]], dtype=torch.float64)\ntensor([[ 22026.4658, 220264.6579],\n        [     0.0000,  22026.4658]], dtype=torch.float64)\nl tensor([1.2087, 4.0000, 5.7913], dtype=torch.float64) tensor([1.2087, 4.0000, 5.7913], dtype=torch.float64)\nu tensor([1.2087, 4.0000, 5.7913], dtype=torch.float64) tensor([1.2087, 4.0000, 5.7913], dtype=torch.float64)\nRuntimeError Expected UPLO argument to be 'L' or 'U', but got x\nRuntimeError Expected UPLO argument to be 'L' or 'U', but got LU\nRuntimeError Expected UPLO argument to be 'L' or 'U', but got \n"),
]

test_linalg = printed_programs({
    "cholesky-complex": CHOLESKY_COMPLEX,
    "eig-half": EIG_HALF,
    "hermitian-shape": HERMITIAN_SHAPE,
    "empty-exp-uplo": EMPTY_EXP_UPLO,
})
