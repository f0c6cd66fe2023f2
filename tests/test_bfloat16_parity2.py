"""bfloat16 (and float16) parity, second set, against torch 2.13 on CPU: the ops whose CPU
kernels have no bfloat16/float16 version refuse them with PyTorch's error (one table,
ops/core.py LOW_PRECISION_REFUSED), except in a CPU autocast region for an op of its float32
list, which casts them; xlogy and xlog1py in bfloat16 round log(y) to bfloat16 before the
product (std::log of a BFloat16), float32 xlogy takes the C library's logf; dist rounds a - b
to bfloat16 before its norm; histogram's default bins, bincount's float64 for bfloat16
weights. Each program's expected output is what torch 2.13 printed for it (copied here, so
no torch is needed); the same programs run unchanged under torch."""
from __future__ import annotations

import pytest

from test_autograd_parity4 import printed

HEAD = """import torch
A = torch.tensor([[2.0, 1.0, 0.5], [1.0, 3.0, 0.25], [0.5, 0.25, 4.0]], dtype=DT)
b = torch.tensor([[1.0], [2.0], [3.0]], dtype=DT)
v = torch.tensor([1.0, 2.0, 3.0], dtype=DT)
X = torch.tensor([[1.0, 2.0], [3.0, 5.0], [0.5, 1.5]], dtype=DT)
L = torch.tensor([[2.0, 0.0, 0.0], [1.0, 3.0, 0.0], [0.5, 0.25, 4.0]], dtype=DT)
piv = torch.tensor([1, 2, 3], dtype=torch.int32)
"""

REFUSALS = """
cases = [
    ("det", lambda: torch.linalg.det(A)), ("torch.det", lambda: torch.det(A)),
    ("logdet", lambda: torch.logdet(A)), ("slogdet", lambda: torch.linalg.slogdet(A)),
    ("lu", lambda: torch.linalg.lu(A)), ("lu_factor", lambda: torch.linalg.lu_factor(A)),
    ("lu_factor_ex", lambda: torch.linalg.lu_factor_ex(A)),
    ("lu_solve", lambda: torch.linalg.lu_solve(A, piv, b)),
    ("inv", lambda: torch.linalg.inv(A)), ("inv_ex", lambda: torch.linalg.inv_ex(A)),
    ("inverse", lambda: torch.inverse(A)), ("solve", lambda: torch.linalg.solve(A, b)),
    ("solve_ex", lambda: torch.linalg.solve_ex(A, b)),
    ("cholesky", lambda: torch.linalg.cholesky(A)),
    ("cholesky_ex", lambda: torch.linalg.cholesky_ex(A)),
    ("cholesky_solve", lambda: torch.cholesky_solve(b, L)),
    ("cholesky_inverse", lambda: torch.cholesky_inverse(L)),
    ("solve_triangular", lambda: torch.linalg.solve_triangular(L, b, upper=False)),
    ("qr", lambda: torch.linalg.qr(A)), ("geqrf", lambda: torch.geqrf(A)),
    ("householder_product", lambda: torch.linalg.householder_product(A, v[:2])),
    ("ormqr", lambda: torch.ormqr(A, v, A)),
    ("svd", lambda: torch.linalg.svd(A)), ("torch.svd", lambda: torch.svd(A)),
    ("svdvals", lambda: torch.linalg.svdvals(A)),
    ("eigh", lambda: torch.linalg.eigh(A)), ("eigvalsh", lambda: torch.linalg.eigvalsh(A)),
    ("eig", lambda: torch.linalg.eig(A)), ("eigvals", lambda: torch.linalg.eigvals(A)),
    ("lstsq", lambda: torch.linalg.lstsq(A, b)),
    ("lstsq rcond", lambda: torch.linalg.lstsq(A, b, rcond=0.1)),
    ("pinv", lambda: torch.linalg.pinv(A)), ("pinv 1-d", lambda: torch.linalg.pinv(v)),
    ("pinverse", lambda: torch.pinverse(A)),
    ("matrix_rank", lambda: torch.linalg.matrix_rank(A)),
    ("matrix_rank atol", lambda: torch.linalg.matrix_rank(A, atol=0.1, rtol=0.0)),
    ("matrix_rank hermitian", lambda: torch.linalg.matrix_rank(A, atol=0.1, rtol=0.0,
                                                               hermitian=True)),
    ("matrix_power -1", lambda: torch.linalg.matrix_power(A, -1)),
    ("matrix_norm nuc", lambda: torch.linalg.matrix_norm(A, 'nuc')),
    ("matrix_norm 2", lambda: torch.linalg.matrix_norm(A, 2)),
    ("matrix_norm nuc dtype", lambda: torch.linalg.matrix_norm(A, 'nuc', dtype=torch.float32)),
    ("norm nuc", lambda: torch.norm(A, 'nuc')),
    ("cond", lambda: torch.linalg.cond(A)), ("cond 1", lambda: torch.linalg.cond(A, 1)),
    ("cond fro", lambda: torch.linalg.cond(A, 'fro')),
    ("cond nuc", lambda: torch.linalg.cond(A, 'nuc')),
    ("tensorinv", lambda: torch.linalg.tensorinv(A, 1)),
    ("tensorsolve", lambda: torch.linalg.tensorsolve(A, v)),
    ("ldl_factor", lambda: torch.linalg.ldl_factor(A)),
    ("ldl_solve", lambda: torch.linalg.ldl_solve(A, piv, b)),
    ("vander", lambda: torch.linalg.vander(v)),
    ("cdist", lambda: torch.cdist(X, X)), ("cdist p=1", lambda: torch.cdist(X, X, p=1)),
    ("cdist mixed", lambda: torch.cdist(X, X.float())),
    ("pdist", lambda: torch.pdist(X)),
    ("histogram", lambda: torch.histogram(v, 3)),
    ("ndtri", lambda: torch.special.ndtri(v / 4)),
    ("log_ndtr", lambda: torch.special.log_ndtr(v)),
    ("erfcx", lambda: torch.special.erfcx(v)),
    ("zeta", lambda: torch.special.zeta(v + 1, v)),
    ("zeta scalar", lambda: torch.special.zeta(v + 1, 2.0)),
    ("ctc_loss", lambda: torch.nn.functional.ctc_loss(
        torch.zeros(3, 1, 3, dtype=DT).log_softmax(2), torch.tensor([[1]]), torch.tensor([3]),
        torch.tensor([1]))),
    ("multilabel_margin_loss", lambda: torch.nn.functional.multilabel_margin_loss(
        A, torch.zeros(3, 3, dtype=torch.long))),
    ("multi_margin_loss", lambda: torch.nn.functional.multi_margin_loss(
        A, torch.zeros(3, dtype=torch.long))),
    ("rrelu", lambda: torch.nn.functional.rrelu(v, training=True)),
    ("matrix_norm fro", lambda: torch.linalg.matrix_norm(A)),
    ("matrix_norm 1", lambda: torch.linalg.matrix_norm(A, 1)),
    ("matrix_power 3", lambda: torch.linalg.matrix_power(A, 3)),
    ("lu_unpack", lambda: torch.lu_unpack(A, piv)[2]),
]
for name, f in cases:
    try:
        r = f()
        print(name, "ok", r.dtype if isinstance(r, torch.Tensor) else type(r).__name__)
    except Exception as e:
        print(name, type(e).__name__, e)
"""

# name: (program, what torch 2.13 printed)
PROGRAMS = {
    'refusals_bfloat16': (
        (HEAD + REFUSALS).replace("DT", 'torch.bfloat16'),
        """det NotImplementedError "lu_cpu" not implemented for 'BFloat16'
torch.det NotImplementedError "lu_cpu" not implemented for 'BFloat16'
logdet RuntimeError logdet: Low precision dtypes not supported. Got BFloat16
slogdet RuntimeError linalg.slogdet: Low precision dtypes not supported. Got BFloat16
lu NotImplementedError "lu_cpu" not implemented for 'BFloat16'
lu_factor NotImplementedError "lu_cpu" not implemented for 'BFloat16'
lu_factor_ex NotImplementedError "lu_cpu" not implemented for 'BFloat16'
lu_solve NotImplementedError "linalg.lu_solve_cpu" not implemented for 'BFloat16'
inv RuntimeError linalg.inv: Low precision dtypes not supported. Got BFloat16
inv_ex RuntimeError linalg.inv: Low precision dtypes not supported. Got BFloat16
inverse RuntimeError linalg.inv: Low precision dtypes not supported. Got BFloat16
solve NotImplementedError "lu_cpu" not implemented for 'BFloat16'
solve_ex NotImplementedError "lu_cpu" not implemented for 'BFloat16'
cholesky NotImplementedError "cholesky_cpu" not implemented for 'BFloat16'
cholesky_ex NotImplementedError "cholesky_cpu" not implemented for 'BFloat16'
cholesky_solve NotImplementedError "cholesky_solve_cpu" not implemented for 'BFloat16'
cholesky_inverse NotImplementedError "cholesky_inverse_out_cpu" not implemented for 'BFloat16'
solve_triangular NotImplementedError "triangular_solve_cpu" not implemented for 'BFloat16'
qr NotImplementedError "geqrf_cpu" not implemented for 'BFloat16'
geqrf NotImplementedError "geqrf_cpu" not implemented for 'BFloat16'
householder_product NotImplementedError "orgqr_cpu" not implemented for 'BFloat16'
ormqr NotImplementedError "ormqr_cpu" not implemented for 'BFloat16'
svd NotImplementedError "linalg_svd_cpu" not implemented for 'BFloat16'
torch.svd NotImplementedError "linalg_svd_cpu" not implemented for 'BFloat16'
svdvals NotImplementedError "linalg_svd_cpu" not implemented for 'BFloat16'
eigh NotImplementedError "linalg_eigh_cpu" not implemented for 'BFloat16'
eigvalsh NotImplementedError "linalg_eigh_cpu" not implemented for 'BFloat16'
eig NotImplementedError "linalg_eig_out_cpu" not implemented for 'BFloat16'
eigvals NotImplementedError "linalg_eig_out_cpu" not implemented for 'BFloat16'
lstsq RuntimeError This function doesn't handle types other than float and double
lstsq rcond NotImplementedError "linalg_lstsq_cpu" not implemented for 'BFloat16'
pinv RuntimeError linalg.pinv(BFloat16{[3, 3]}): expected a tensor with 2 or more dimensions of float, double, cfloat or cdouble types
pinv 1-d RuntimeError linalg.pinv(BFloat16{[3]}): expected a tensor with 2 or more dimensions of float, double, cfloat or cdouble types
pinverse RuntimeError linalg.pinv(BFloat16{[3, 3]}): expected a tensor with 2 or more dimensions of float, double, cfloat or cdouble types
matrix_rank RuntimeError This function doesn't handle types other than float and double
matrix_rank atol NotImplementedError "linalg_svd_cpu" not implemented for 'BFloat16'
matrix_rank hermitian NotImplementedError "linalg_eigh_cpu" not implemented for 'BFloat16'
matrix_power -1 RuntimeError linalg.inv: Low precision dtypes not supported. Got BFloat16
matrix_norm nuc RuntimeError linalg.matrix_norm: Low precision dtypes not supported. Got BFloat16
matrix_norm 2 RuntimeError linalg.matrix_norm: Low precision dtypes not supported. Got BFloat16
matrix_norm nuc dtype RuntimeError linalg.matrix_norm: Low precision dtypes not supported. Got BFloat16
norm nuc RuntimeError linalg.matrix_norm: Low precision dtypes not supported. Got BFloat16
cond NotImplementedError "linalg_svd_cpu" not implemented for 'BFloat16'
cond 1 RuntimeError linalg.inv: Low precision dtypes not supported. Got BFloat16
cond fro RuntimeError linalg.inv: Low precision dtypes not supported. Got BFloat16
cond nuc NotImplementedError "linalg_svd_cpu" not implemented for 'BFloat16'
tensorinv RuntimeError linalg.inv: Low precision dtypes not supported. Got BFloat16
tensorsolve NotImplementedError "lu_cpu" not implemented for 'BFloat16'
ldl_factor NotImplementedError "ldl_factor_kernel_cpu" not implemented for 'BFloat16'
ldl_solve NotImplementedError "ldl_solve_kernel_cpu" not implemented for 'BFloat16'
vander RuntimeError linalg.vander supports floating point, complex, and integer tensors, but got BFloat16
cdist NotImplementedError "cdist" not implemented for 'BFloat16'
cdist p=1 NotImplementedError "cdist" not implemented for 'BFloat16'
cdist mixed NotImplementedError "cdist" not implemented for 'BFloat16'
pdist NotImplementedError "pdist" not implemented for 'BFloat16'
histogram NotImplementedError "histogramdd" not implemented for 'BFloat16'
ndtri NotImplementedError "ndtri_cpu" not implemented for 'BFloat16'
log_ndtr NotImplementedError "log_ndtr_cpu" not implemented for 'BFloat16'
erfcx NotImplementedError "erfcx_cpu" not implemented for 'BFloat16'
zeta NotImplementedError "zeta_cpu" not implemented for 'BFloat16'
zeta scalar NotImplementedError "zeta_cpu" not implemented for 'BFloat16'
ctc_loss NotImplementedError "ctc_loss_cpu" not implemented for 'BFloat16'
multilabel_margin_loss NotImplementedError "multilabel_margin_loss_forward_out_frame" not implemented for 'BFloat16'
multi_margin_loss NotImplementedError "multi_margin_loss_cpu_kernel" not implemented for 'BFloat16'
rrelu ok torch.bfloat16
matrix_norm fro ok torch.bfloat16
matrix_norm 1 ok torch.bfloat16
matrix_power 3 ok torch.bfloat16
lu_unpack ok torch.bfloat16
"""),
    'refusals_float16': (
        (HEAD + REFUSALS).replace("DT", 'torch.float16'),
        """det NotImplementedError "lu_cpu" not implemented for 'Half'
torch.det NotImplementedError "lu_cpu" not implemented for 'Half'
logdet RuntimeError logdet: Low precision dtypes not supported. Got Half
slogdet RuntimeError linalg.slogdet: Low precision dtypes not supported. Got Half
lu NotImplementedError "lu_cpu" not implemented for 'Half'
lu_factor NotImplementedError "lu_cpu" not implemented for 'Half'
lu_factor_ex NotImplementedError "lu_cpu" not implemented for 'Half'
lu_solve NotImplementedError "linalg.lu_solve_cpu" not implemented for 'Half'
inv RuntimeError linalg.inv: Low precision dtypes not supported. Got Half
inv_ex RuntimeError linalg.inv: Low precision dtypes not supported. Got Half
inverse RuntimeError linalg.inv: Low precision dtypes not supported. Got Half
solve NotImplementedError "lu_cpu" not implemented for 'Half'
solve_ex NotImplementedError "lu_cpu" not implemented for 'Half'
cholesky NotImplementedError "cholesky_cpu" not implemented for 'Half'
cholesky_ex NotImplementedError "cholesky_cpu" not implemented for 'Half'
cholesky_solve NotImplementedError "cholesky_solve_cpu" not implemented for 'Half'
cholesky_inverse NotImplementedError "cholesky_inverse_out_cpu" not implemented for 'Half'
solve_triangular NotImplementedError "triangular_solve_cpu" not implemented for 'Half'
qr NotImplementedError "geqrf_cpu" not implemented for 'Half'
geqrf NotImplementedError "geqrf_cpu" not implemented for 'Half'
householder_product NotImplementedError "orgqr_cpu" not implemented for 'Half'
ormqr NotImplementedError "ormqr_cpu" not implemented for 'Half'
svd NotImplementedError "linalg_svd_cpu" not implemented for 'Half'
torch.svd NotImplementedError "linalg_svd_cpu" not implemented for 'Half'
svdvals NotImplementedError "linalg_svd_cpu" not implemented for 'Half'
eigh NotImplementedError "linalg_eigh_cpu" not implemented for 'Half'
eigvalsh NotImplementedError "linalg_eigh_cpu" not implemented for 'Half'
eig NotImplementedError "linalg_eig_out_cpu" not implemented for 'Half'
eigvals NotImplementedError "linalg_eig_out_cpu" not implemented for 'Half'
lstsq RuntimeError This function doesn't handle types other than float and double
lstsq rcond NotImplementedError "linalg_lstsq_cpu" not implemented for 'Half'
pinv RuntimeError linalg.pinv(Half{[3, 3]}): expected a tensor with 2 or more dimensions of float, double, cfloat or cdouble types
pinv 1-d RuntimeError linalg.pinv(Half{[3]}): expected a tensor with 2 or more dimensions of float, double, cfloat or cdouble types
pinverse RuntimeError linalg.pinv(Half{[3, 3]}): expected a tensor with 2 or more dimensions of float, double, cfloat or cdouble types
matrix_rank RuntimeError This function doesn't handle types other than float and double
matrix_rank atol NotImplementedError "linalg_svd_cpu" not implemented for 'Half'
matrix_rank hermitian NotImplementedError "linalg_eigh_cpu" not implemented for 'Half'
matrix_power -1 RuntimeError linalg.inv: Low precision dtypes not supported. Got Half
matrix_norm nuc RuntimeError linalg.matrix_norm: Low precision dtypes not supported. Got Half
matrix_norm 2 RuntimeError linalg.matrix_norm: Low precision dtypes not supported. Got Half
matrix_norm nuc dtype RuntimeError linalg.matrix_norm: Low precision dtypes not supported. Got Half
norm nuc RuntimeError linalg.matrix_norm: Low precision dtypes not supported. Got Half
cond NotImplementedError "linalg_svd_cpu" not implemented for 'Half'
cond 1 RuntimeError linalg.inv: Low precision dtypes not supported. Got Half
cond fro RuntimeError linalg.inv: Low precision dtypes not supported. Got Half
cond nuc NotImplementedError "linalg_svd_cpu" not implemented for 'Half'
tensorinv RuntimeError linalg.inv: Low precision dtypes not supported. Got Half
tensorsolve NotImplementedError "lu_cpu" not implemented for 'Half'
ldl_factor NotImplementedError "ldl_factor_kernel_cpu" not implemented for 'Half'
ldl_solve NotImplementedError "ldl_solve_kernel_cpu" not implemented for 'Half'
vander RuntimeError linalg.vander supports floating point, complex, and integer tensors, but got Half
cdist NotImplementedError "cdist" not implemented for 'Half'
cdist p=1 NotImplementedError "cdist" not implemented for 'Half'
cdist mixed NotImplementedError "cdist" not implemented for 'Half'
pdist NotImplementedError "pdist" not implemented for 'Half'
histogram NotImplementedError "histogramdd" not implemented for 'Half'
ndtri NotImplementedError "ndtri_cpu" not implemented for 'Half'
log_ndtr NotImplementedError "log_ndtr_cpu" not implemented for 'Half'
erfcx NotImplementedError "erfcx_cpu" not implemented for 'Half'
zeta NotImplementedError "zeta_cpu" not implemented for 'Half'
zeta scalar NotImplementedError "zeta_cpu" not implemented for 'Half'
ctc_loss NotImplementedError "ctc_loss_cpu" not implemented for 'Half'
multilabel_margin_loss NotImplementedError "multilabel_margin_loss_forward_out_frame" not implemented for 'Half'
multi_margin_loss NotImplementedError "multi_margin_loss_cpu_kernel" not implemented for 'Half'
rrelu NotImplementedError "rrelu_with_noise_out_cpu" not implemented for 'Half'
matrix_norm fro ok torch.float16
matrix_norm 1 ok torch.float16
matrix_power 3 ok torch.float16
lu_unpack ok torch.float16
"""),
    'autocast_bfloat16_inputs': (
        HEAD.replace("DT", "torch.float32") + """
I = torch.eye(3)
cases = [
    ("det", lambda: torch.linalg.det(A2)), ("slogdet", lambda: torch.linalg.slogdet(A2)),
    ("lu_factor", lambda: torch.linalg.lu_factor(A2)), ("inv", lambda: torch.linalg.inv(A2)),
    ("solve", lambda: torch.linalg.solve(A2, b2)), ("solve_ex", lambda: torch.linalg.solve_ex(A2, b2)),
    ("cholesky", lambda: torch.linalg.cholesky(A2)),
    ("cholesky_solve", lambda: torch.cholesky_solve(b2, L2)),
    ("cholesky_inverse", lambda: torch.cholesky_inverse(L2)),
    ("svd", lambda: torch.linalg.svd(A2)[1]), ("torch.svd", lambda: torch.svd(A2)[1]),
    ("svdvals", lambda: torch.linalg.svdvals(A2)), ("eigvals", lambda: torch.linalg.eigvals(A2)),
    ("eigh", lambda: torch.linalg.eigh(A2)[0]), ("qr", lambda: torch.linalg.qr(A2)[1]),
    ("lstsq", lambda: torch.linalg.lstsq(A2, b2)[0]), ("pinverse", lambda: torch.pinverse(A2)),
    ("pinv", lambda: torch.linalg.pinv(A2)), ("matrix_rank", lambda: torch.linalg.matrix_rank(A2)),
    ("cond", lambda: torch.linalg.cond(A2)), ("cond 1", lambda: torch.linalg.cond(A2, 1)),
    ("matrix_norm nuc", lambda: torch.linalg.matrix_norm(A2, 'nuc')),
    ("ldl_factor", lambda: torch.linalg.ldl_factor(A2)),
    ("cdist", lambda: torch.cdist(A2, A2)), ("pdist", lambda: torch.pdist(A2)),
    ("multi_margin_loss", lambda: torch.nn.functional.multi_margin_loss(
        A2, torch.zeros(3, dtype=torch.long))),
]
with torch.autocast("cpu"):
    A2, b2, L2 = A @ I, I @ b, L @ I
    print(A2.dtype)
    for name, f in cases:
        try:
            r = f()
            print(name, "ok", r.dtype if isinstance(r, torch.Tensor) else type(r).__name__)
        except Exception as e:
            print(name, type(e).__name__, e)
    # float32 inputs: the ops run in float32, as without autocast
    print(torch.linalg.det(A), torch.linalg.svdvals(A), torch.cholesky_solve(b, L).flatten())
    print(torch.linalg.cond(A, 1), torch.cdist(X, X, p=1)[0], torch.pdist(X))
    print(torch.special.ndtri(v / 4), torch.linalg.eigvalsh(A).dtype, torch.pinverse(A).dtype)
""",
        """torch.bfloat16
det NotImplementedError "lu_cpu" not implemented for 'BFloat16'
slogdet RuntimeError linalg.slogdet: Low precision dtypes not supported. Got BFloat16
lu_factor NotImplementedError "lu_cpu" not implemented for 'BFloat16'
inv ok torch.float32
solve ok torch.float32
solve_ex NotImplementedError "lu_cpu" not implemented for 'BFloat16'
cholesky ok torch.float32
cholesky_solve ok torch.float32
cholesky_inverse ok torch.float32
svd ok torch.float32
torch.svd ok torch.float32
svdvals ok torch.float32
eigvals ok torch.complex64
eigh ok torch.float32
qr ok torch.float32
lstsq ok torch.float32
pinverse ok torch.float32
pinv RuntimeError linalg.pinv(BFloat16{[3, 3]}): expected a tensor with 2 or more dimensions of float, double, cfloat or cdouble types
matrix_rank ok torch.int64
cond ok torch.float32
cond 1 ok torch.float32
matrix_norm nuc RuntimeError linalg.matrix_norm: Low precision dtypes not supported. Got BFloat16
ldl_factor NotImplementedError "ldl_factor_kernel_cpu" not implemented for 'BFloat16'
cdist ok torch.float32
pdist NotImplementedError "pdist" not implemented for 'BFloat16'
multi_margin_loss ok torch.float32
tensor(19.3750) tensor([4.3417, 3.3102, 1.3481]) tensor([0.1325, 0.1530, 0.1641])
tensor(4.1831) tensor([0., 5., 1.]) tensor([3.6056, 0.7071, 4.3012])
tensor([-0.6745,  0.0000,  0.6745]) torch.float32 torch.float32
"""),
    'xlogy_bfloat16': (
        """import torch
x = torch.tensor([0.92578125, 3.71875, -5.09375, 2.375, 5.5625, 4.75, -1.3046875, 2.546875, -0.51953125, 0.55078125, 2.078125, 0.96875, -4.0625, -3.375, -3.453125, 0.0], dtype=torch.bfloat16, requires_grad=True)
y = torch.tensor([8.4375, 10.4375, 8.0625, 19.25, 14.8125, 13.625, 19.25, 14.0625, 8.1875, 2.5625, 2.40625, 6.34375, 7.28125, 16.375, 10.75, 0.0], dtype=torch.bfloat16, requires_grad=True)
print(torch.xlogy(x, y).tolist())
print(torch.special.xlog1py(x, y).tolist())
print(torch.xlogy(x, 2.3).tolist())
print(torch.xlogy(2.3, y).tolist())
print(torch.special.xlog1py(x, 2.3).tolist())
print(torch.special.xlog1py(2.3, y).tolist())
print(x.detach().xlogy(y.detach()).tolist())
z = x.detach().clone()
z.xlogy_(y.detach())
print(z.tolist())
torch.xlogy(x, 2.3).sum().backward()
print(x.grad.tolist())
""",
        """[1.96875, 8.6875, -10.6875, 7.0, 15.0625, 12.375, -3.859375, 6.71875, -1.09375, 0.51953125, 1.828125, 1.7890625, -8.0625, -9.4375, -8.1875, 0.0]
[2.078125, 9.0625, -11.25, 7.15625, 15.375, 12.75, -3.9375, 6.9375, -1.15625, 0.703125, 2.546875, 1.9296875, -8.5625, -9.625, -8.5, 0.0]
[0.76953125, 3.09375, -4.25, 1.9765625, 4.625, 3.953125, -1.0859375, 2.125, -0.431640625, 0.458984375, 1.7265625, 0.8046875, -3.375, -2.8125, -2.875, 0.0]
[4.875, 5.375, 4.8125, 6.78125, 6.21875, 6.0, 6.78125, 6.0625, 4.84375, 2.15625, 2.015625, 4.25, 4.5625, 6.4375, 5.46875, -inf]
[1.109375, 4.4375, -6.09375, 2.84375, 6.65625, 5.6875, -1.5625, 3.046875, -0.62109375, 0.66015625, 2.484375, 1.15625, -4.84375, -4.03125, -4.125, 0.0]
[5.15625, 5.59375, 5.0625, 6.9375, 6.34375, 6.1875, 6.9375, 6.25, 5.09375, 2.921875, 2.8125, 4.5625, 4.84375, 6.5625, 5.65625, 0.0]
[1.96875, 8.6875, -10.6875, 7.0, 15.0625, 12.375, -3.859375, 6.71875, -1.09375, 0.51953125, 1.828125, 1.7890625, -8.0625, -9.4375, -8.1875, 0.0]
[1.96875, 8.6875, -10.6875, 7.0, 15.0625, 12.375, -3.859375, 6.71875, -1.09375, 0.51953125, 1.828125, 1.7890625, -8.0625, -9.4375, -8.1875, 0.0]
[0.83203125, 0.83203125, 0.83203125, 0.83203125, 0.83203125, 0.83203125, 0.83203125, 0.83203125, 0.83203125, 0.83203125, 0.83203125, 0.83203125, 0.83203125, 0.83203125, 0.83203125, 0.83203125]
"""),
    'xlogy_float32': (
        """import torch
x = torch.tensor([-2.78125, -1.9375, -2.25, -3.125], dtype=torch.bfloat16)
y = torch.tensor([12.474725723266602, 5.778297424316406, 10.400691986083984, 0.8613944053649902])
print(torch.xlogy(x, y).tolist())
print(torch.xlogy(x.float(), y).tolist())
""",
        """[-7.019053936004639, -3.3985862731933594, -5.2692131996154785, 0.4662587642669678]
[-7.019053936004639, -3.3985862731933594, -5.2692131996154785, 0.4662587642669678]
"""),
    'dist_bfloat16': (
        """import torch
a = torch.tensor([[-2.03125, 1.515625, -0.5234375, 3.15625, 0.2373046875], [1.0, -0.875, 2.5, 0.125, -1.75]], dtype=torch.bfloat16, requires_grad=True)
b = torch.tensor([1.0859375, -0.6796875, 1.703125, 0.75, -2.25], dtype=torch.bfloat16, requires_grad=True)
for p in (2.0, 1.0, 3.0, 0.5, float('inf'), 0.0):
    print(p, torch.dist(a, b, p).item(), torch.dist(a[0], b, p).item(), torch.dist(a[1, :3], b[:3], p).item())
d = torch.dist(a, b)
d.backward()
print(d, a.grad, b.grad)
print(torch.dist(a, b.float()))
""",
        """2.0 5.71875 5.59375 0.82421875
1.0 14.625 12.4375 1.078125
3.0 4.34375 4.34375 0.80078125
0.5 121.0 61.75 2.65625
inf 3.125 3.125 0.796875
0.0 10.0 5.0 3.0
tensor(5.7188, dtype=torch.bfloat16, grad_fn=<DistBackward0>) tensor([[-0.5469,  0.3828, -0.3887,  0.4199,  0.4336],
        [-0.0150, -0.0342,  0.1396, -0.1094,  0.0874]], dtype=torch.bfloat16) tensor([ 0.5625, -0.3477,  0.2490, -0.3105, -0.5195], dtype=torch.bfloat16)
tensor(5.7264, grad_fn=<DistBackward0>)
"""),
    'misc_bfloat16': (
        """import torch
v = torch.tensor([0.5, 1.0, 2.0], dtype=torch.bfloat16)
h = torch.histogram(v.float())
print(h.hist.shape, h.bin_edges[:3])
print(torch.histogram(v, torch.tensor([0.0, 1.0, 2.0], dtype=torch.bfloat16)))
for f in [lambda: torch.histogram(v, torch.tensor([0.0, 1.0, 2.0])),
          lambda: torch.histogram(v.half(), torch.tensor([0.0, 1.0, 2.0])),
          lambda: torch.logdet(torch.ones(2, 3)), lambda: torch.logdet(torch.ones(2, 2, dtype=torch.long)),
          lambda: torch.linalg.lstsq(torch.eye(2, dtype=torch.bfloat16), torch.ones(2, 1)),
          lambda: torch.linalg.solve(torch.eye(2, dtype=torch.bfloat16), torch.ones(2, 1)),
          lambda: torch.linalg.lu_solve(torch.eye(2, dtype=torch.bfloat16), torch.tensor([1, 2], dtype=torch.int32), torch.ones(2, 1)),
          lambda: torch.cholesky_solve(torch.ones(2, 1), torch.eye(2, dtype=torch.bfloat16)),
          lambda: torch.nn.functional.multi_margin_loss(torch.ones(2, 3, dtype=torch.bfloat16), torch.tensor([0, 1]), weight=torch.ones(3))]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
i = torch.tensor([0, 1, 1])
for dt in (torch.float32, torch.float64, torch.bfloat16, torch.float16, torch.int32):
    print(torch.bincount(i, weights=torch.tensor([1, 2, 3], dtype=dt)).dtype)
""",
        """torch.Size([100]) tensor([0.5000, 0.5150, 0.5300])
torch.return_types.histogram(
hist=tensor([1., 2.], dtype=torch.bfloat16),
bin_edges=tensor([0., 1., 2.], dtype=torch.bfloat16))
RuntimeError torch.histogramdd: input tensor and bins tensors should have the same dtype, but got input with dtype c10::BFloat16 and bins for dimension 0 with dtype float
RuntimeError torch.histogramdd: input tensor and bins tensors should have the same dtype, but got input with dtype c10::Half and bins for dimension 0 with dtype float
RuntimeError logdet: A must be batches of square matrices, but they are 2 by 3 matrices
RuntimeError logdet: Expected a floating point or complex tensor as input. Got Long
RuntimeError torch.linalg.lstsq: Expected input and other to have the same dtype, but got input's dtype BFloat16 and other's dtype Float
RuntimeError linalg.solve: Expected A and B to have the same dtype, but found A of type BFloat16 and B of type Float instead
RuntimeError linalg.lu_solve: Expected LU and B to have the same dtype, but found LU of type BFloat16 and B of type Float instead
RuntimeError Expected b and A to have the same dtype, but found b of type Float and A of type BFloat16 instead.
NotImplementedError "multi_margin_loss_cpu_kernel" not implemented for 'BFloat16'
torch.float32
torch.float64
torch.float64
torch.float64
torch.float64
"""),
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_prints_what_torch_printed(name):
    source, expected = PROGRAMS[name]
    assert printed(source) == expected
