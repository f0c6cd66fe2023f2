"""float32 matrix products rounded as PyTorch 2.13's CPU kernel (MKL, AVX-512) rounds them
where its summation order is known: products with few output columns add product by product
(`gradcli.ops.linalg._adds_in_turn`). The digests are of torch's results on the same inputs;
the last test re-measures the rule against torch when it is installed."""
from __future__ import annotations

import hashlib

import numpy as np
import pytest

import gradcli
from gradcli.lang import run_source
from gradcli.ops.linalg import _adds_in_turn

# (rows, inner, columns, layouts of A and B: N row-major, T a transposed view, torch's digest)
DIGESTS = [
    (64, 3, 8, 'NN', '36ade3d529506f0a'),
    (64, 3, 8, 'NT', '0b2e6082bf1afa75'),
    (100, 2, 1, 'NT', 'cdefdfef3af4510c'),
    (17, 7, 11, 'NN', '4d1010675bbadf52'),
    (5, 300, 4, 'NN', '051b4c3f5f1819d2'),
    (33, 64, 3, 'TN', 'b3c3617b8adec5d3'),
    (64, 100, 8, 'TN', '9e7a0fefae4c6cae'),
    (9, 1000, 11, 'TT', '941ed4e5e487f694'),
    (12, 4, 3, 'NT', 'acf7fd8cc30ae55c'),
    (40, 6, 2, 'NT', 'f274f8ff24419799'),
    (3, 9, 8, 'NN', 'c2fbbd0a2a6dc760'),
    (1, 5, 7, 'NN', 'eb81948ce395fe20'),
]


def _inputs(m, k, n, seed):
    r = np.random.RandomState(seed)
    return r.standard_normal((m, k)).astype(np.float32), r.standard_normal((k, n)).astype(np.float32)


def _laid_out(lib, array, layout):
    return lib.from_numpy(array.T.copy()).T if layout == "T" else lib.from_numpy(array)


@pytest.mark.parametrize("index", range(len(DIGESTS)))
def test_product_is_torchs(index):
    m, k, n, layout, digest = DIGESTS[index]
    a, b = _inputs(m, k, n, index)
    got = (_laid_out(gradcli, a, layout[0]) @ _laid_out(gradcli, b, layout[1])).numpy()
    assert hashlib.sha256(got.tobytes()).hexdigest()[:16] == digest


def test_numpy_alone_would_differ():
    """The digests can fail: NumPy's BLAS gives other last bits on most of these inputs."""
    differ = 0
    for index, (m, k, n, layout, digest) in enumerate(DIGESTS):
        a, b = _inputs(m, k, n, index)
        differ += hashlib.sha256((a @ b).tobytes()).hexdigest()[:16] != digest
    assert differ >= 8


def test_rule_follows_blas_layout():
    a = np.ones((64, 5), np.float32)
    w = np.ones((3, 5), np.float32)
    assert _adds_in_turn(a, w.T)          # transposed view: k 5, 3 columns
    assert not _adds_in_turn(a, np.ones((5, 1), np.float32))   # row-major column, k 5
    assert not _adds_in_turn(np.ones((64, 8), np.float32), np.ones((8, 12), np.float32))
    assert _adds_in_turn(np.ones((4, 2), np.float32), np.ones((2, 11), np.float32))


LINEAR_REGRESSION = """import torch
torch.manual_seed(0)
X = torch.randn(64, 3)
y = (X @ torch.tensor([1.5, -2.0, 0.5]) + 0.3).unsqueeze(1)
model = torch.nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(30):
    opt.zero_grad()
    loss = ((model(X) - y) ** 2).mean()
    loss.backward()
    opt.step()
    if step % 5 == 0:
        print(step, loss.item())
net = torch.nn.Linear(2, 5)
h = net(torch.randn(16, 2))
h.sum().backward()
print(h[0].tolist(), net.weight.grad.tolist())
"""

# PyTorch 2.13's output
LINEAR_REGRESSION_OUT = """0 7.363034248352051
5 1.1719523668289185
10 0.2861446738243103
15 0.08750075101852417
20 0.029576847329735756
25 0.010455208830535412
[-0.9033686518669128, 0.2616862654685974, -0.2907455861568451, 0.24894265830516815, -0.97076016664505] [[-0.15703630447387695, -0.19734513759613037], [-0.15703630447387695, -0.19734513759613037], [-0.15703630447387695, -0.19734513759613037], [-0.15703630447387695, -0.19734513759613037], [-0.15703630447387695, -0.19734513759613037]]
"""


def test_zero_products_sum_to_positive_zero():
    """A ReLU'd gradient (zeros) times negative weights: PyTorch's sum is +0."""
    g = gradcli.zeros(4, 2)
    w = -gradcli.ones(2, 3)
    assert not np.signbit((g @ w).numpy()).any()


def test_small_linear_layers_train_as_torch():
    import io
    out = io.StringIO()
    run_source(LINEAR_REGRESSION, out=out)
    assert out.getvalue() == LINEAR_REGRESSION_OUT


def test_batched_input_folds_into_one_product():
    """(B, T, k) @ (k, n) is one (B*T, k) @ (k, n) product in PyTorch; its weight gradient one
    sum over all B*T rows (not a sum of per-batch products)."""
    r = np.random.RandomState(7)
    x = gradcli.tensor(r.standard_normal((4, 16, 3)).astype(np.float32))
    w = gradcli.tensor(r.standard_normal((3, 8)).astype(np.float32), requires_grad=True)
    y = x @ w
    flat = x.reshape(-1, 3) @ w
    assert np.array_equal(y.detach().numpy().reshape(-1, 8), flat.detach().numpy())
    y.backward(gradcli.ones_like(y))
    g_folded = (x.reshape(-1, 3).t() @ gradcli.ones(64, 8)).numpy()
    assert np.array_equal(w.grad.numpy(), g_folded)
    assert y.grad_fn.name() == "UnsafeViewBackward0"


def test_rule_against_torch(machine_kernels):
    torch = pytest.importorskip("torch")
    from gradcli import cpu
    if cpu.mkl_vendor() != "amd":
        pytest.skip("the rule is MKL's on AMD's CPUs; on Intel's, MKL takes other kernels "
                    "(and gradcli NumPy's BLAS)")
    r = np.random.RandomState(3)
    checked = 0
    for _ in range(300):
        m, k, n = r.randint(1, 80), r.choice([1, 2, 3, 4, 5, 7, 8, 16, 64, 300]), r.randint(1, 13)
        la, lb = r.choice(["N", "T"]), r.choice(["N", "T"])
        a = r.standard_normal((m, k)).astype(np.float32)
        b = r.standard_normal((k, n)).astype(np.float32)
        ga, gb = _laid_out(gradcli, a, la), _laid_out(gradcli, b, lb)
        if not _adds_in_turn(ga.numpy(), gb.numpy()):
            continue
        want = (_laid_out(torch, a, la) @ _laid_out(torch, b, lb)).numpy()
        assert np.array_equal((ga @ gb).numpy(), want), (m, k, n, la, lb)
        checked += 1
    assert checked > 100


def test_rows_two_columns_wide_off_alignment():
    """x @ W.t() whose rows hold fewer elements than lie before the first 16-byte aligned
    one: every product once, in turn (the last product was added twice)."""
    x = gradcli.arange(1.0, 41.0).reshape(4, 10)[:, 1:3]
    y = x @ gradcli.ones(3, 2).t()
    assert y.tolist() == [[5.0] * 3, [25.0] * 3, [45.0] * 3, [65.0] * 3]
    x64 = gradcli.arange(1.0, 41.0, dtype=gradcli.float64).reshape(4, 10)[:, 1:2]
    assert (x64 @ gradcli.ones(5, 1, dtype=gradcli.float64).t()).tolist() == \
        [[v] * 5 for v in (2.0, 12.0, 22.0, 32.0)]


@pytest.fixture
def mkl_cpu(monkeypatch):
    from gradcli import cpu

    def choose(vendor):
        monkeypatch.setenv("GRADCLI_MKL_CPU", vendor)
        cpu.mkl_vendor.cache_clear()
    yield choose
    monkeypatch.undo()
    cpu.mkl_vendor.cache_clear()


def test_intel_cpus_take_numpys_blas(mkl_cpu):
    """MKL's kernels on Intel's CPUs add in other orders than on AMD's: there the products
    are NumPy's BLAS (which rounds as MKL there in about 4 shapes of 5)."""
    r = np.random.RandomState(7)
    a = r.standard_normal((6, 40)).astype(np.float32)
    v = r.standard_normal((40, 1)).astype(np.float32)
    w = r.standard_normal((40, 3))
    a64 = r.standard_normal((5, 40))
    results = {}
    for vendor in ("amd", "intel"):
        mkl_cpu(vendor)
        results[vendor] = ((gradcli.from_numpy(a) @ gradcli.from_numpy(v)).numpy(),
                           (gradcli.from_numpy(a64) @ gradcli.from_numpy(w)).numpy())
    assert np.array_equal(results["intel"][0], a @ v)
    assert np.array_equal(results["intel"][1], a64 @ w)
    assert not np.array_equal(results["amd"][0], a @ v)         # MKL's order on AMD's


def _in_turn_reference(row, start=None):
    total = start
    for value in row:
        total = value if total is None else total + value
    return total


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_ordered_sums_add_in_turn(dtype):
    """The sums behind the exact products walk the terms in turn (NumPy's own sums pair
    them): each against a loop of single additions, on terms whose sum shows the order."""
    from gradcli.ops.linalg import _lane_sum, _rows_in_turn
    r = np.random.RandomState(11)
    for m in (1, 2, 7):
        for k in (1, 2, 5, 9, 17, 40):
            p = (r.standard_normal((m, k)) * np.exp2(r.randint(-40, 40, (m, k)))).astype(dtype)
            p[r.random_sample((m, k)) < 0.1] = -0.0
            want = [_in_turn_reference(row) for row in p]
            got = _rows_in_turn(p)
            assert np.array_equal(np.asarray(want, dtype).view(np.uint8), got.view(np.uint8))
            for width, order in ((1, None), (2, None), (4, None), (8, None), (8, (2, 4, 1)),
                                 (4, (2, 1))):
                first = 1 + r.randint(0, 3)
                count = width * ((k - first + 1) // width) - 1
                if count < 0 or first + count > k:
                    continue
                want = []
                for row in p:
                    start = _in_turn_reference(row[:first], dtype(0))
                    lanes = [start] + [dtype(0)] * (width - 1)
                    for j in range(count):
                        lane = (j + 1) % width
                        lanes[lane] = lanes[lane] + row[first + j]
                    steps = order or tuple(width >> i for i in range(1, width.bit_length()))
                    kept = dict(enumerate(lanes))
                    for step in steps:
                        kept = {i: kept[i] + kept[i + step] for i in kept if not i & step}
                    want.append(kept[0])
                got = _lane_sum(p, first, width, count, order)
                assert np.array_equal(np.asarray(want, dtype).view(np.uint8),
                                      np.asarray(got, dtype).view(np.uint8)), (m, k, width)


# torch.dot on an Intel Xeon (AVX-512) with torch 2.13: (dtype, length, layout, the result)
# for a = RandomState(n).standard_normal(2n + 1), b the next draw, sliced by the layout
DOT_CASES = [
    ('float32', 3, 'contiguous', '-0x1.2fc8340000000p+0'),
    ('float32', 3, 'offset', '0x1.310cb20000000p+1'),
    ('float32', 3, 'strided', '-0x1.69b42c0000000p+0'),
    ('float32', 7, 'contiguous', '-0x1.6442f20000000p+0'),
    ('float32', 7, 'offset', '0x1.be92460000000p+0'),
    ('float32', 7, 'strided', '0x1.2283a40000000p-1'),
    ('float32', 8, 'contiguous', '-0x1.bce5ac0000000p+1'),
    ('float32', 8, 'offset', '-0x1.eb65b80000000p+1'),
    ('float32', 8, 'strided', '0x1.9642640000000p+0'),
    ('float32', 9, 'contiguous', '-0x1.1b22c00000000p-2'),
    ('float32', 9, 'offset', '0x1.6fb3400000000p-5'),
    ('float32', 9, 'strided', '-0x1.91b83e0000000p+0'),
    ('float32', 17, 'contiguous', '-0x1.5a4cd40000000p+3'),
    ('float32', 17, 'offset', '-0x1.65b14c0000000p+3'),
    ('float32', 17, 'strided', '-0x1.66326c0000000p+0'),
    ('float32', 33, 'contiguous', '-0x1.64c6740000000p+1'),
    ('float32', 33, 'offset', '-0x1.6d4f9c0000000p+1'),
    ('float32', 33, 'strided', '0x1.ec7fd60000000p-2'),
    ('float32', 100, 'contiguous', '0x1.465a6a0000000p+4'),
    ('float32', 100, 'offset', '0x1.2e65340000000p+4'),
    ('float32', 100, 'strided', '0x1.eb1bf00000000p+0'),
    ('float32', 257, 'contiguous', '0x1.b9b6e80000000p+4'),
    ('float32', 257, 'offset', '0x1.c3962c0000000p+4'),
    ('float32', 257, 'strided', '0x1.32522c0000000p+4'),
    ('float32', 1000, 'contiguous', '0x1.1dfc480000000p+1'),
    ('float32', 1000, 'offset', '0x1.0613100000000p+1'),
    ('float32', 1000, 'strided', '-0x1.a22c580000000p+4'),
    ('float32', 2048, 'contiguous', '-0x1.d6a0e00000000p+5'),
    ('float32', 2048, 'offset', '-0x1.d810d80000000p+5'),
    ('float32', 2048, 'strided', '0x1.ca1b840000000p+4'),
    ('float64', 3, 'contiguous', '-0x1.2fc834d7a71e1p+0'),
    ('float64', 3, 'offset', '0x1.310cb27a2100ep+1'),
    ('float64', 3, 'strided', '-0x1.69b42b33dca30p+0'),
    ('float64', 7, 'contiguous', '-0x1.6442f02a4592ap+0'),
    ('float64', 7, 'offset', '0x1.be9245a80b78cp+0'),
    ('float64', 7, 'strided', '0x1.2283a664f002dp-1'),
    ('float64', 8, 'contiguous', '-0x1.bce5b111b6092p+1'),
    ('float64', 8, 'offset', '-0x1.eb65bcf463630p+1'),
    ('float64', 8, 'strided', '0x1.96426066f271dp+0'),
    ('float64', 9, 'contiguous', '-0x1.1b22c18994e27p-2'),
    ('float64', 9, 'offset', '0x1.6fb338666b1a4p-5'),
    ('float64', 9, 'strided', '-0x1.91b83d90d849ep+0'),
    ('float64', 17, 'contiguous', '-0x1.5a4cd3cec120cp+3'),
    ('float64', 17, 'offset', '-0x1.65b14d3b827b0p+3'),
    ('float64', 17, 'strided', '-0x1.6632671625801p+0'),
    ('float64', 33, 'contiguous', '-0x1.64c67094b7a67p+1'),
    ('float64', 33, 'offset', '-0x1.6d4f9622d154cp+1'),
    ('float64', 33, 'strided', '0x1.ec7fe97cb8edep-2'),
    ('float64', 100, 'contiguous', '0x1.465a6ac40fa7fp+4'),
    ('float64', 100, 'offset', '0x1.2e653475de34ep+4'),
    ('float64', 100, 'strided', '0x1.eb1be9af1f010p+0'),
    ('float64', 257, 'contiguous', '0x1.b9b6e65baca5dp+4'),
    ('float64', 257, 'offset', '0x1.c3962a7dea922p+4'),
    ('float64', 257, 'strided', '0x1.325227fce1255p+4'),
    ('float64', 1000, 'contiguous', '0x1.1dfc6495882c1p+1'),
    ('float64', 1000, 'offset', '0x1.0613316b70cf1p+1'),
    ('float64', 1000, 'strided', '-0x1.a22c4b00b9a1bp+4'),
    ('float64', 2048, 'contiguous', '-0x1.d6a0e4f0e9e7cp+5'),
    ('float64', 2048, 'offset', '-0x1.d810dd69f8298p+5'),
    ('float64', 2048, 'strided', '0x1.ca1b644bb5cf0p+4'),
]


@pytest.mark.parametrize("dtype, n, layout, want", DOT_CASES)
def test_dot_on_intel_cpus_is_mkls(mkl_cpu, dtype, n, layout, want):
    """torch.dot adds in MKL's order on Intel's CPUs (gradcli.ops.linalg.mkl_dot): its
    vector kernel for contiguous vectors (any alignment), its scalar one for strided."""
    mkl_cpu("intel")
    r = np.random.RandomState(n)
    a = r.standard_normal(2 * n + 1).astype(dtype)
    b = r.standard_normal(2 * n + 1).astype(dtype)
    part = {"contiguous": slice(0, n), "offset": slice(1, n + 1), "strided": slice(0, 2 * n, 2)}
    got = gradcli.dot(gradcli.from_numpy(a)[part[layout]], gradcli.from_numpy(b)[part[layout]])
    assert got.item() == float.fromhex(want)
    assert (gradcli.from_numpy(a)[part[layout]] @ gradcli.from_numpy(b)[part[layout]]).item() \
        == float.fromhex(want)


def test_dot_beyond_the_emulated_length_is_numpys(mkl_cpu):
    from gradcli.ops.linalg import _MKL_DOT_ELEMENTS
    mkl_cpu("intel")
    a = np.random.RandomState(0).standard_normal(_MKL_DOT_ELEMENTS + 1)
    assert gradcli.dot(gradcli.from_numpy(a), gradcli.from_numpy(a)).item() == float(a @ a)
