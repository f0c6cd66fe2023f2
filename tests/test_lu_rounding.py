"""LU factorization with MKL's bits on Intel's CPUs (gradcli.ops.decomp.lu_factor): up to
16 x 16 MKL's getrf factors column by column, each update of the trailing matrix a fused
multiply-add, a square matrix up to 4 x 4 dividing a lone multiplier by its pivot; so det,
slogdet and lu_factor give PyTorch's values to the bit there (a singular matrix's tiny
pivot included: det of a rank-deficient matrix is PyTorch's 2^-47, not 0). On AMD's CPUs,
whose bits the other tests record, each step rounds (test_linalg_more's zero pivots).
Expected: what torch 2.13 printed on an Intel Xeon (det and log|det| as hex, and the sum of
the packed LU)."""
from __future__ import annotations

import numpy as np
import pytest

import gradcli

CASES = [
    (1, 2, 'int', 'float64', '0x0.0p+0', '-inf', '0x1.0000000000000p+3'),
    (2, 3, 'int', 'float64', '0x1.8800000000000p+5', '0x1.f2272ae325a58p+1', '-0x1.0ca1af286bca2p+3'),
    (3, 3, 'rank', 'float64', '0x1.4733333333333p-47', '-0x1.02a901fd54f7ap+5', '-0x1.e000000000000p+3'),
    (4, 4, 'normal', 'float64', '-0x1.7fbea597bbb44p+0', '0x1.9e83e98a70190p-2', '0x1.11c398c526709p+2'),
    (5, 4, 'int', 'float32', '-0x1.2c00000000000p+8', '0x1.6d0ac60000000p+2', '-0x1.46c16c0666666p+3'),
    (6, 5, 'normal', 'float64', '-0x1.22966960a8d3ep-1', '-0x1.2201c4697923ep-1', '-0x1.9d80960f0d846p+1'),
    (7, 7, 'int', 'float64', '0x1.b008000000003p+15', '0x1.5d74f7878ce8fp+3', '-0x1.a9503a0f4f062p+3'),
    (8, 9, 'normal', 'float32', '0x1.848cce0000000p+9', '0x1.a9f4d60000000p+2', '0x1.84cdd93500000p+2'),
    (9, 12, 'normal', 'float64', '0x1.792d3e1779b04p+12', '0x1.1691d6b555457p+3', '0x1.981b6e289eb12p+0'),
    (10, 16, 'int', 'float64', '-0x1.919b665c39dfap+44', '0x1.ef2e2c26cd0f0p+4', '-0x1.37c80f3c043fap+5'),
    (11, 16, 'normal', 'float32', '-0x1.f818020000000p+14', '0x1.4c36700000000p+3', '0x1.59771cfa46000p+4'),
    (12, 6, 'rank', 'float64', '-0x1.81b3333333334p-41', '-0x1.c0257c8c8578bp+4', '-0x1.c783098411d3cp+3'),
]


def _matrix(seed, n, kind):
    rng = np.random.default_rng(seed)
    a = rng.integers(-5, 6, size=(n, n)).astype(np.float64) if kind != "normal" else \
        rng.standard_normal((n, n))
    if kind == "rank":
        a[-1] = a[0] * 2 + a[1]
    return a


@pytest.fixture
def intel(monkeypatch):
    from gradcli import cpu
    monkeypatch.setenv("GRADCLI_MKL_CPU", "intel")
    cpu.mkl_vendor.cache_clear()
    yield
    monkeypatch.undo()
    cpu.mkl_vendor.cache_clear()


@pytest.mark.parametrize("seed, n, kind, dtype, det, logabsdet, lu_sum", CASES)
def test_det_slogdet_and_lu_are_mkls_on_intel(intel, seed, n, kind, dtype, det, logabsdet,
                                               lu_sum):
    t = gradcli.tensor(_matrix(seed, n, kind), dtype=getattr(gradcli, dtype))
    assert gradcli.linalg.det(t).item().hex() == det
    assert gradcli.linalg.slogdet(t)[1].item().hex() == logabsdet
    lu = gradcli.linalg.lu_factor_ex(t)[0]
    assert float(lu.double().sum().item()).hex() == lu_sum


def test_amd_rounds_each_step():
    """The default here (conftest: AMD's kernels): [[1, 2, 3], [4, 5, 6], [7, 8, 9]]'s LU
    has an exact zero pivot in float32 both ways, where the fused update leaves 1.8e-7."""
    a = gradcli.tensor([[1., 2., 3.], [4., 5., 6.], [7., 8., 9.]])
    assert gradcli.linalg.lu_factor_ex(a.T)[0].diagonal()[-1].item() == 0.0


def test_against_live_torch(machine_kernels):
    torch = pytest.importorskip("torch")
    from gradcli import cpu
    if cpu.mkl_vendor() != "intel":
        pytest.skip("MKL's bits on Intel's CPUs are emulated there only")
    rng = np.random.default_rng(99)
    for trial in range(120):
        n = int(rng.integers(1, 17))
        a = rng.standard_normal((n, n)) if trial % 2 else \
            rng.integers(-4, 5, size=(n, n)).astype(np.float64)
        for dt in ("float64", "float32"):
            for m in (a, a.T):
                want = torch.linalg.lu_factor_ex(torch.tensor(m, dtype=getattr(torch, dt)))[0]
                got = gradcli.linalg.lu_factor_ex(gradcli.tensor(m, dtype=getattr(gradcli, dt)))[0]
                assert np.array_equal(got.numpy(), want.numpy()), (trial, dt)
                w = torch.linalg.det(torch.tensor(m, dtype=getattr(torch, dt))).item()
                g = gradcli.linalg.det(gradcli.tensor(m, dtype=getattr(gradcli, dt))).item()
                assert g == w or (g != g and w != w), (trial, dt)
