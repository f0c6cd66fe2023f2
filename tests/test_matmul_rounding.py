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


def test_intel_cpus_take_their_own_orders_or_numpys_blas(mkl_cpu):
    """MKL's kernels on Intel's CPUs add in other orders than on AMD's: a float32 matrix
    times a vector follows MKL's sgemv there (`intel_sgemv_rows`), and where the order is
    not known the products are NumPy's BLAS (which rounds as MKL there in about 4 shapes
    of 5)."""
    from gradcli.ops.linalg import intel_sgemv_rows
    r = np.random.RandomState(7)
    a = r.standard_normal((6, 40)).astype(np.float32)
    v = r.standard_normal((40, 1)).astype(np.float32)
    # float32 x @ W.t() of few rows and columns: not yet MKL's order (its kernel changes
    # with the shape; `_intel_sgemm_nt_in_turn` gives the shapes that follow it)
    w = np.asfortranarray(r.standard_normal((40, 3))).astype(np.float32)
    a64 = r.standard_normal((5, 40)).astype(np.float32)
    results = {}
    for vendor in ("amd", "intel"):
        mkl_cpu(vendor)
        results[vendor] = ((gradcli.from_numpy(a) @ gradcli.from_numpy(v)).numpy(),
                           (gradcli.from_numpy(a64) @ gradcli.from_numpy(w)).numpy())
    assert np.array_equal(results["intel"][0], intel_sgemv_rows(a, v[:, 0])[:, None])
    assert not np.array_equal(results["intel"][0], a @ v)
    assert np.array_equal(results["intel"][1], a64 @ w)
    assert not np.array_equal(results["amd"][0], results["intel"][0])


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


# float64 matrix times vector on an Intel Xeon (AVX-512) with torch 2.13: (rows, columns,
# layout, every output as float.hex) for A = RandomState(100 m + k).standard_normal((m, k + 3))
# cut to k columns (rows: a contiguous copy; padded: the view; columns: a column-major copy;
# row_times: x (1, k) @ A.T as a row-major matrix) and x the next draw
GEMV_CASES = [
    (2, 3, 'rows', ['0x1.089892842decbp+2', '0x1.6e95d51723c40p-5']),
    (2, 3, 'padded', ['0x1.089892842decbp+2', '0x1.6e95d51723c40p-5']),
    (2, 3, 'columns', ['0x1.089892842decbp+2', '0x1.6e95d51723c49p-5']),
    (2, 3, 'row_times', ['0x1.089892842decbp+2', '0x1.6e95d51723c49p-5']),
    (3, 3, 'rows', ['-0x1.28f75a9dd080cp-2', '0x1.b807911c2cb15p-3', '0x1.77131c2430602p-3']),
    (3, 3, 'padded', ['-0x1.28f75a9dd080cp-2', '0x1.b807911c2cb15p-3', '0x1.77131c2430602p-3']),
    (3, 3, 'columns', ['-0x1.28f75a9dd080bp-2', '0x1.b807911c2cb16p-3', '0x1.77131c2430602p-3']),
    (3, 3, 'row_times', ['-0x1.28f75a9dd080bp-2', '0x1.b807911c2cb16p-3', '0x1.77131c2430602p-3']),
    (4, 7, 'rows', ['-0x1.0d66f490bfc36p+0', '0x1.c379fa34a8b73p+1', '-0x1.6b422026ccad5p+2', '-0x1.cafb6667db38cp+0']),
    (4, 7, 'padded', ['-0x1.0d66f490bfc36p+0', '0x1.c379fa34a8b73p+1', '-0x1.6b422026ccad5p+2', '-0x1.cafb6667db38cp+0']),
    (4, 7, 'columns', ['-0x1.0d66f490bfc37p+0', '0x1.c379fa34a8b73p+1', '-0x1.6b422026ccad6p+2', '-0x1.cafb6667db38dp+0']),
    (4, 7, 'row_times', ['-0x1.0d66f490bfc37p+0', '0x1.c379fa34a8b73p+1', '-0x1.6b422026ccad6p+2', '-0x1.cafb6667db38dp+0']),
    (5, 8, 'rows', ['0x1.4a7756d9acf2cp+2', '0x1.fbc3dd72c6bc0p-6', '-0x1.924b7aad39a4bp+1', '0x1.36b2c4b943a9cp+0', '0x1.008d3fb0a3b12p+0']),
    (5, 8, 'padded', ['0x1.4a7756d9acf2cp+2', '0x1.fbc3dd72c6bc0p-6', '-0x1.924b7aad39a4bp+1', '0x1.36b2c4b943a9cp+0', '0x1.008d3fb0a3b12p+0']),
    (5, 8, 'columns', ['0x1.4a7756d9acf2dp+2', '0x1.fbc3dd72c6bd5p-6', '-0x1.924b7aad39a4bp+1', '0x1.36b2c4b943a9cp+0', '0x1.008d3fb0a3b12p+0']),
    (5, 8, 'row_times', ['0x1.4a7756d9acf2dp+2', '0x1.fbc3dd72c6bd5p-6', '-0x1.924b7aad39a4bp+1', '0x1.36b2c4b943a9cp+0', '0x1.008d3fb0a3b12p+0']),
    (3, 17, 'rows', ['0x1.68e364af02078p-3', '0x1.3c8a7adb7a190p-2', '-0x1.8b3159235c74ap+0']),
    (3, 17, 'padded', ['0x1.68e364af02078p-3', '0x1.3c8a7adb7a190p-2', '-0x1.8b3159235c74ap+0']),
    (3, 17, 'columns', ['0x1.68e364af02070p-3', '0x1.3c8a7adb7a18ep-2', '-0x1.8b3159235c746p+0']),
    (3, 17, 'row_times', ['0x1.68e364af02070p-3', '0x1.3c8a7adb7a18ep-2', '-0x1.8b3159235c746p+0']),
    (7, 24, 'rows', ['0x1.9aa595a0e8a16p+1', '0x1.b3d074b51ad66p-1', '-0x1.7d755a14e1de8p+2', '0x1.09588e6ffa648p-2', '0x1.270537cc94ceap+2', '-0x1.407f0ab24b86dp+2', '0x1.24ee0a296e658p+1']),
    (7, 24, 'padded', ['0x1.9aa595a0e8a16p+1', '0x1.b3d074b51ad66p-1', '-0x1.7d755a14e1de8p+2', '0x1.09588e6ffa648p-2', '0x1.270537cc94ceap+2', '-0x1.407f0ab24b86dp+2', '0x1.24ee0a296e658p+1']),
    (7, 24, 'columns', ['0x1.9aa595a0e8a18p+1', '0x1.b3d074b51ad6cp-1', '-0x1.7d755a14e1de9p+2', '0x1.09588e6ffa63fp-2', '0x1.270537cc94cebp+2', '-0x1.407f0ab24b86bp+2', '0x1.24ee0a296e659p+1']),
    (7, 24, 'row_times', ['0x1.9aa595a0e8a18p+1', '0x1.b3d074b51ad6cp-1', '-0x1.7d755a14e1de9p+2', '0x1.09588e6ffa63fp-2', '0x1.270537cc94cebp+2', '-0x1.407f0ab24b86bp+2', '0x1.24ee0a296e659p+1']),
    (6, 33, 'rows', ['0x1.c65d2f0cf19d9p+2', '-0x1.89a573d8eb8eap+0', '-0x1.39dc5199c7674p+2', '-0x1.4f6f598ec725ap+0', '0x1.2045a66ed8291p+1', '0x1.85c9fc4ce9cfep+0']),
    (6, 33, 'padded', ['0x1.c65d2f0cf19d9p+2', '-0x1.89a573d8eb8eap+0', '-0x1.39dc5199c7674p+2', '-0x1.4f6f598ec725ap+0', '0x1.2045a66ed8291p+1', '0x1.85c9fc4ce9cfep+0']),
    (6, 33, 'columns', ['0x1.c65d2f0cf19d8p+2', '-0x1.89a573d8eb8e6p+0', '-0x1.39dc5199c7674p+2', '-0x1.4f6f598ec725bp+0', '0x1.2045a66ed8292p+1', '0x1.85c9fc4ce9cf6p+0']),
    (6, 33, 'row_times', ['0x1.c65d2f0cf19d8p+2', '-0x1.89a573d8eb8e6p+0', '-0x1.39dc5199c7674p+2', '-0x1.4f6f598ec725bp+0', '0x1.2045a66ed8292p+1', '0x1.85c9fc4ce9cf6p+0']),
    (9, 50, 'rows', ['0x1.a7bfe66a3b328p-2', '0x1.5b0e108bc1228p+1', '0x1.0765cadd1492ep+3', '0x1.2f36b9ca1ecf9p+2', '0x1.5ab7f0d572c06p+1', '-0x1.4f39b6624ee4cp+0', '0x1.c72a90c48887ep+2', '-0x1.a568a6837bf79p+1', '-0x1.fb2040a866420p+0']),
    (9, 50, 'padded', ['0x1.a7bfe66a3b328p-2', '0x1.5b0e108bc1228p+1', '0x1.0765cadd1492ep+3', '0x1.2f36b9ca1ecf9p+2', '0x1.5ab7f0d572c06p+1', '-0x1.4f39b6624ee4cp+0', '0x1.c72a90c48887ep+2', '-0x1.a568a6837bf79p+1', '-0x1.fb2040a866420p+0']),
    (9, 50, 'columns', ['0x1.a7bfe66a3b334p-2', '0x1.5b0e108bc122dp+1', '0x1.0765cadd1492fp+3', '0x1.2f36b9ca1ecf9p+2', '0x1.5ab7f0d572c05p+1', '-0x1.4f39b6624ee4ap+0', '0x1.c72a90c48887bp+2', '-0x1.a568a6837bf76p+1', '-0x1.fb2040a866419p+0']),
    (9, 50, 'row_times', ['0x1.a7bfe66a3b334p-2', '0x1.5b0e108bc122dp+1', '0x1.0765cadd1492fp+3', '0x1.2f36b9ca1ecf9p+2', '0x1.5ab7f0d572c05p+1', '-0x1.4f39b6624ee4ap+0', '0x1.c72a90c48887bp+2', '-0x1.a568a6837bf76p+1', '-0x1.fb2040a866419p+0']),
    (12, 100, 'rows', ['0x1.069789adb4343p+1', '-0x1.c3bb1a31134a8p+2', '-0x1.197804e8fffa2p+3', '0x1.fdc4a2f20e18ep+3', '-0x1.5859149596486p+1', '0x1.647bdf428ab9dp+2', '0x1.8fd0368443ec3p+3', '-0x1.94aa23aa36a9ep+3', '-0x1.6c4a7877b18c0p+3', '0x1.8a8945074f0b0p+2', '-0x1.16a6414e14112p+2', '0x1.b3b8c0ce40679p+4']),
    (12, 100, 'padded', ['0x1.069789adb4343p+1', '-0x1.c3bb1a31134a8p+2', '-0x1.197804e8fffa2p+3', '0x1.fdc4a2f20e18ep+3', '-0x1.5859149596486p+1', '0x1.647bdf428ab9dp+2', '0x1.8fd0368443ec3p+3', '-0x1.94aa23aa36a9ep+3', '-0x1.6c4a7877b18c0p+3', '0x1.8a8945074f0b0p+2', '-0x1.16a6414e14112p+2', '0x1.b3b8c0ce40679p+4']),
    (12, 100, 'columns', ['0x1.069789adb4341p+1', '-0x1.c3bb1a31134a3p+2', '-0x1.197804e8fffa4p+3', '0x1.fdc4a2f20e193p+3', '-0x1.585914959648ep+1', '0x1.647bdf428aba0p+2', '0x1.8fd0368443ec3p+3', '-0x1.94aa23aa36aa0p+3', '-0x1.6c4a7877b18bep+3', '0x1.8a8945074f0aep+2', '-0x1.16a6414e14113p+2', '0x1.b3b8c0ce40679p+4']),
    (12, 100, 'row_times', ['0x1.069789adb4341p+1', '-0x1.c3bb1a31134a3p+2', '-0x1.197804e8fffa4p+3', '0x1.fdc4a2f20e193p+3', '-0x1.585914959648ep+1', '0x1.647bdf428aba0p+2', '0x1.8fd0368443ec3p+3', '-0x1.94aa23aa36aa0p+3', '-0x1.6c4a7877b18bep+3', '0x1.8a8945074f0aep+2', '-0x1.16a6414e14113p+2', '0x1.b3b8c0ce40679p+4']),
    (2, 127, 'rows', ['-0x1.3675df997a668p+1', '-0x1.c3ebb9d4272ebp+3']),
    (2, 127, 'padded', ['-0x1.3675df997a668p+1', '-0x1.c3ebb9d4272ebp+3']),
    (2, 127, 'columns', ['-0x1.3675df997a666p+1', '-0x1.c3ebb9d4272e8p+3']),
    (2, 127, 'row_times', ['-0x1.3675df997a666p+1', '-0x1.c3ebb9d4272e8p+3']),
    (40, 100, 'rows', ['0x1.1a12b090e3a80p-4', '0x1.1555d54453056p+2', '0x1.18d4896b04df5p+3', '0x1.055253f4b517fp+2', '-0x1.ee34a95397e78p+2', '-0x1.e5ff2c4dcc53cp+2', '0x1.9ac017508a400p-3', '-0x1.619b5da076480p+3', '0x1.d29e2e03d97c8p-1', '0x1.e3574032e44cep+3', '0x1.43928ab69f9cap+3', '-0x1.f0c0e1f5b28b4p+3', '0x1.9ff9791415111p+3', '-0x1.4e341b13b69ebp+3', '0x1.fab7fa5cf4938p+3', '0x1.88c5f7986e50ap+2', '-0x1.3987cd7462b24p+1', '0x1.1607396ddf08ep+2', '-0x1.f9eaa1387b591p+2', '0x1.e658677323e52p+1', '0x1.b2fa9aae0db0dp+2', '0x1.5b9ef7c557403p+3', '0x1.62661e142eb4cp+3', '-0x1.272fab42cd26ap+2', '0x1.913e28fcf4becp+2', '0x1.85484a4cfd11bp+2', '-0x1.306ebf1dab1a3p+2', '0x1.1aa98233cf8dap+2', '0x1.a1fe0551ee934p+3', '-0x1.90954160229e9p+1', '0x1.0baef01c26b82p+1', '0x1.08eff35600666p+3', '-0x1.b6f6ebb74e9bep+2', '0x1.2b68f469ecdd4p+0', '-0x1.33220b1bb1f01p+3', '-0x1.15b4b64bd008cp+2', '0x1.8d4e83b3b2f8ep+2', '-0x1.52d55b69ab4c1p+3', '-0x1.c13676273e166p+1', '-0x1.267d794a6b788p+0']),
    (40, 100, 'padded', ['0x1.1a12b090e3a80p-4', '0x1.1555d54453056p+2', '0x1.18d4896b04df5p+3', '0x1.055253f4b517fp+2', '-0x1.ee34a95397e78p+2', '-0x1.e5ff2c4dcc53cp+2', '0x1.9ac017508a400p-3', '-0x1.619b5da076480p+3', '0x1.d29e2e03d97c8p-1', '0x1.e3574032e44cep+3', '0x1.43928ab69f9cap+3', '-0x1.f0c0e1f5b28b4p+3', '0x1.9ff9791415111p+3', '-0x1.4e341b13b69ebp+3', '0x1.fab7fa5cf4938p+3', '0x1.88c5f7986e50ap+2', '-0x1.3987cd7462b24p+1', '0x1.1607396ddf08ep+2', '-0x1.f9eaa1387b591p+2', '0x1.e658677323e52p+1', '0x1.b2fa9aae0db0dp+2', '0x1.5b9ef7c557403p+3', '0x1.62661e142eb4cp+3', '-0x1.272fab42cd26ap+2', '0x1.913e28fcf4becp+2', '0x1.85484a4cfd11bp+2', '-0x1.306ebf1dab1a3p+2', '0x1.1aa98233cf8dap+2', '0x1.a1fe0551ee934p+3', '-0x1.90954160229e9p+1', '0x1.0baef01c26b82p+1', '0x1.08eff35600666p+3', '-0x1.b6f6ebb74e9bep+2', '0x1.2b68f469ecdd4p+0', '-0x1.33220b1bb1f01p+3', '-0x1.15b4b64bd008cp+2', '0x1.8d4e83b3b2f8ep+2', '-0x1.52d55b69ab4c1p+3', '-0x1.c13676273e166p+1', '-0x1.267d794a6b788p+0']),
    (40, 100, 'columns', ['0x1.1a12b090e3bb3p-4', '0x1.1555d54453056p+2', '0x1.18d4896b04df3p+3', '0x1.055253f4b517dp+2', '-0x1.ee34a95397e77p+2', '-0x1.e5ff2c4dcc53bp+2', '0x1.9ac017508a41dp-3', '-0x1.619b5da076480p+3', '0x1.d29e2e03d97c8p-1', '0x1.e3574032e44d1p+3', '0x1.43928ab69f9cep+3', '-0x1.f0c0e1f5b28b3p+3', '0x1.9ff979141510fp+3', '-0x1.4e341b13b69eap+3', '0x1.fab7fa5cf4938p+3', '0x1.88c5f7986e50cp+2', '-0x1.3987cd7462b24p+1', '0x1.1607396ddf08ap+2', '-0x1.f9eaa1387b58ap+2', '0x1.e658677323e55p+1', '0x1.b2fa9aae0db13p+2', '0x1.5b9ef7c5573fep+3', '0x1.62661e142eb4ap+3', '-0x1.272fab42cd26cp+2', '0x1.913e28fcf4bf2p+2', '0x1.85484a4cfd114p+2', '-0x1.306ebf1dab1a1p+2', '0x1.1aa98233cf8dbp+2', '0x1.a1fe0551ee933p+3', '-0x1.90954160229d8p+1', '0x1.0baef01c26b81p+1', '0x1.08eff35600666p+3', '-0x1.b6f6ebb74e9b8p+2', '0x1.2b68f469ecdd1p+0', '-0x1.33220b1bb1f02p+3', '-0x1.15b4b64bd0089p+2', '0x1.8d4e83b3b2f8ep+2', '-0x1.52d55b69ab4c0p+3', '-0x1.c13676273e166p+1', '-0x1.267d794a6b77dp+0']),
    (40, 100, 'row_times', ['0x1.1a12b090e3bb3p-4', '0x1.1555d54453056p+2', '0x1.18d4896b04df3p+3', '0x1.055253f4b517dp+2', '-0x1.ee34a95397e77p+2', '-0x1.e5ff2c4dcc53bp+2', '0x1.9ac017508a41dp-3', '-0x1.619b5da076480p+3', '0x1.d29e2e03d97c8p-1', '0x1.e3574032e44d1p+3', '0x1.43928ab69f9cep+3', '-0x1.f0c0e1f5b28b3p+3', '0x1.9ff979141510fp+3', '-0x1.4e341b13b69eap+3', '0x1.fab7fa5cf4938p+3', '0x1.88c5f7986e50cp+2', '-0x1.3987cd7462b24p+1', '0x1.1607396ddf08ap+2', '-0x1.f9eaa1387b58ap+2', '0x1.e658677323e55p+1', '0x1.b2fa9aae0db13p+2', '0x1.5b9ef7c5573fep+3', '0x1.62661e142eb4ap+3', '-0x1.272fab42cd26cp+2', '0x1.913e28fcf4bf2p+2', '0x1.85484a4cfd114p+2', '-0x1.306ebf1dab1a1p+2', '0x1.1aa98233cf8dbp+2', '0x1.a1fe0551ee933p+3', '-0x1.90954160229d8p+1', '0x1.0baef01c26b81p+1', '0x1.08eff35600666p+3', '-0x1.b6f6ebb74e9b8p+2', '0x1.2b68f469ecdd1p+0', '-0x1.33220b1bb1f02p+3', '-0x1.15b4b64bd0089p+2', '0x1.8d4e83b3b2f8ep+2', '-0x1.52d55b69ab4c0p+3', '-0x1.c13676273e166p+1', '-0x1.267d794a6b77dp+0']),
]


@pytest.mark.parametrize("m, k, layout, want", GEMV_CASES)
def test_float64_matrix_vector_on_intel_cpus_is_mkls(mkl_cpu, m, k, layout, want):
    """MKL's dgemv on Intel's CPUs (gradcli.ops.linalg.intel_gemv64): rows in 8 lanes of
    fused multiply-adds, a column-major matrix's columns multiplied on in turn."""
    mkl_cpu("intel")
    r = np.random.RandomState(100 * m + k)
    a = r.standard_normal((m, k + 3))
    x = gradcli.from_numpy(r.standard_normal(k))
    if layout == "rows":
        got = gradcli.from_numpy(np.ascontiguousarray(a[:, :k])) @ x
    elif layout == "padded":
        got = gradcli.from_numpy(a)[:, :k] @ x
    elif layout == "columns":
        got = gradcli.from_numpy(np.ascontiguousarray(a[:, :k].T)).t() @ x
    else:
        got = x[None] @ gradcli.from_numpy(np.ascontiguousarray(a[:, :k].T))
    assert [float(v).hex() for v in got.reshape(-1).tolist()] == want


# torch.addmm(c, a, b) on an Intel Xeon (AVX-512) with torch 2.13: (dtype, m, k, n, a's layout
# (N row-major, T column-major), every output as float.hex) for a, b, c drawn from
# RandomState(1000 m + 10 k + n) in that order
GEMM_CASES = [
    ('float32', 2, 2, 2, 'N', ['0x1.29952a0000000p-2', '0x1.d4c0c20000000p-3', '0x1.dcf51c0000000p-1', '0x1.581b260000000p+0']),
    ('float32', 2, 2, 2, 'T', ['0x1.29952a0000000p-2', '0x1.d4c0c20000000p-3', '0x1.dcf51c0000000p-1', '0x1.581b260000000p+0']),
    ('float32', 3, 4, 5, 'N', ['0x1.7b79600000000p-3', '-0x1.d548b20000000p+0', '-0x1.f037980000000p-2', '0x1.16f4700000000p-4', '-0x1.1905a20000000p+1', '-0x1.a03c080000000p+1', '0x1.204dd00000000p-1', '-0x1.b4f3a80000000p+1', '0x1.2060540000000p+1', '-0x1.3ef3780000000p+1', '-0x1.333cd00000000p-1', '0x1.1d79f00000000p-3', '0x1.0ccbc00000000p-3', '-0x1.6fc3ae0000000p-1', '-0x1.8463da0000000p+1']),
    ('float32', 3, 4, 5, 'T', ['0x1.7b79600000000p-3', '-0x1.d548b20000000p+0', '-0x1.f037980000000p-2', '0x1.16f4700000000p-4', '-0x1.1905a20000000p+1', '-0x1.a03c080000000p+1', '0x1.204dd00000000p-1', '-0x1.b4f3a80000000p+1', '0x1.2060540000000p+1', '-0x1.3ef3780000000p+1', '-0x1.333cd00000000p-1', '0x1.1d79f00000000p-3', '0x1.0ccbc00000000p-3', '-0x1.6fc3ae0000000p-1', '-0x1.8463da0000000p+1']),
    ('float32', 8, 3, 8, 'N', ['0x1.964f880000000p-1', '-0x1.91de300000000p+0', '0x1.9d1bf60000000p-1', '-0x1.41348a0000000p+0', '-0x1.2f88800000000p-3', '-0x1.b5ba380000000p-1', '0x1.2cc5e80000000p+0', '0x1.d3c2840000000p-1', '0x1.3d97460000000p-3', '-0x1.46f4080000000p+1', '-0x1.3244840000000p+0', '-0x1.5d414e0000000p+2', '-0x1.27cae20000000p+1', '-0x1.1e8a380000000p+2', '0x1.36d42c0000000p+0', '-0x1.6fd0fc0000000p-1', '0x1.c85f3c0000000p+1', '-0x1.026f7c0000000p+2', '0x1.20d3a60000000p+2', '0x1.cf53c00000000p-4', '-0x1.225ab00000000p+0', '0x1.58b2c40000000p+1', '-0x1.c67a4c0000000p+0', '0x1.1fdae20000000p+0', '0x1.ac3e500000000p-2', '-0x1.17f0020000000p+1', '-0x1.30e5c00000000p+0', '-0x1.86ab180000000p+0', '0x1.65c0040000000p-2', '-0x1.f3452c0000000p+0', '0x1.616bdc0000000p-1', '0x1.1ffe400000000p-4', '0x1.76c5c00000000p-4', '-0x1.1a0eb00000000p-4', '0x1.8a292c0000000p-1', '-0x1.275db00000000p-3', '0x1.ba35760000000p-1', '-0x1.0cf4340000000p-1', '0x1.3869160000000p+1', '0x1.b40b6e0000000p+0', '0x1.8f32cc0000000p+0', '-0x1.aa4be20000000p+0', '0x1.2d56ee0000000p+1', '0x1.5409d00000000p-2', '0x1.1a1b5c0000000p-2', '0x1.0f58d00000000p+0', '0x1.50754c0000000p-1', '0x1.8d60ee0000000p+0', '0x1.dcfba00000000p+0', '-0x1.b9e52a0000000p+1', '0x1.086fbc0000000p+0', '-0x1.8f3df80000000p+0', '-0x1.89b9100000000p-1', '-0x1.c966d40000000p-2', '-0x1.55b3980000000p-1', '0x1.2f00800000000p-3', '-0x1.23323c0000000p+1', '0x1.217fa80000000p+1', '-0x1.c9e3600000000p+0', '-0x1.03cf880000000p+1', '0x1.0845b00000000p+0', '-0x1.e1e6160000000p+1', '0x1.54cdfe0000000p+2', '0x1.aa1fda0000000p+0']),
    ('float32', 8, 3, 8, 'T', ['0x1.964f880000000p-1', '-0x1.91de300000000p+0', '0x1.9d1bf60000000p-1', '-0x1.41348a0000000p+0', '-0x1.2f88800000000p-3', '-0x1.b5ba380000000p-1', '0x1.2cc5e80000000p+0', '0x1.d3c2840000000p-1', '0x1.3d97460000000p-3', '-0x1.46f4080000000p+1', '-0x1.3244840000000p+0', '-0x1.5d414e0000000p+2', '-0x1.27cae20000000p+1', '-0x1.1e8a380000000p+2', '0x1.36d42c0000000p+0', '-0x1.6fd0fc0000000p-1', '0x1.c85f3c0000000p+1', '-0x1.026f7c0000000p+2', '0x1.20d3a60000000p+2', '0x1.cf53c00000000p-4', '-0x1.225ab00000000p+0', '0x1.58b2c40000000p+1', '-0x1.c67a4c0000000p+0', '0x1.1fdae20000000p+0', '0x1.ac3e500000000p-2', '-0x1.17f0020000000p+1', '-0x1.30e5c00000000p+0', '-0x1.86ab180000000p+0', '0x1.65c0040000000p-2', '-0x1.f3452c0000000p+0', '0x1.616bdc0000000p-1', '0x1.1ffe400000000p-4', '0x1.76c5c00000000p-4', '-0x1.1a0eb00000000p-4', '0x1.8a292c0000000p-1', '-0x1.275db00000000p-3', '0x1.ba35760000000p-1', '-0x1.0cf4340000000p-1', '0x1.3869160000000p+1', '0x1.b40b6e0000000p+0', '0x1.8f32cc0000000p+0', '-0x1.aa4be20000000p+0', '0x1.2d56ee0000000p+1', '0x1.5409d00000000p-2', '0x1.1a1b5c0000000p-2', '0x1.0f58d00000000p+0', '0x1.50754c0000000p-1', '0x1.8d60ee0000000p+0', '0x1.dcfba00000000p+0', '-0x1.b9e52a0000000p+1', '0x1.086fbc0000000p+0', '-0x1.8f3df80000000p+0', '-0x1.89b9100000000p-1', '-0x1.c966d40000000p-2', '-0x1.55b3980000000p-1', '0x1.2f00800000000p-3', '-0x1.23323c0000000p+1', '0x1.217fa80000000p+1', '-0x1.c9e3600000000p+0', '-0x1.03cf880000000p+1', '0x1.0845b00000000p+0', '-0x1.e1e6160000000p+1', '0x1.54cdfe0000000p+2', '0x1.aa1fda0000000p+0']),
    ('float32', 5, 16, 3, 'N', ['-0x1.0cb0a60000000p+1', '-0x1.0e93c00000000p+2', '0x1.0d69c40000000p-1', '0x1.923abc0000000p+1', '0x1.c0a7aa0000000p+2', '0x1.3a7a720000000p+2', '0x1.60235c0000000p+2', '-0x1.21a03e0000000p+3', '0x1.7e33ec0000000p+1', '0x1.fad9cc0000000p+1', '-0x1.499f3c0000000p+2', '0x1.56b4ea0000000p+2', '-0x1.6224660000000p+2', '0x1.6cff840000000p+2', '-0x1.a3d8440000000p+2']),
    ('float32', 5, 16, 3, 'T', ['-0x1.0cb0a60000000p+1', '-0x1.0e93c00000000p+2', '0x1.0d69c40000000p-1', '0x1.923abc0000000p+1', '0x1.c0a7aa0000000p+2', '0x1.3a7a720000000p+2', '0x1.60235c0000000p+2', '-0x1.21a03e0000000p+3', '0x1.7e33ec0000000p+1', '0x1.fad9cc0000000p+1', '-0x1.499f3c0000000p+2', '0x1.56b4ea0000000p+2', '-0x1.6224660000000p+2', '0x1.6cff840000000p+2', '-0x1.a3d8440000000p+2']),
    ('float32', 16, 9, 12, 'N', ['0x1.42df320000000p+0', '0x1.7383460000000p-1', '0x1.a2dda00000000p-4', '0x1.215d640000000p+1', '0x1.86bcd80000000p+1', '0x1.1ae5da0000000p+2', '-0x1.aaceb40000000p-3', '0x1.03d1ec0000000p+1', '0x1.13065e0000000p+0', '0x1.c5b6120000000p+0', '0x1.5145a60000000p+0', '-0x1.0467d40000000p-2', '0x1.226aa00000000p-4', '-0x1.c349dc0000000p+1', '-0x1.b26e3c0000000p-1', '0x1.4d4c640000000p+1', '0x1.2a72780000000p+2', '0x1.e939720000000p+0', '0x1.8dbdf60000000p+1', '0x1.a88d9e0000000p+1', '-0x1.df0a760000000p-2', '-0x1.4efc460000000p+1', '-0x1.a16fd40000000p-2', '0x1.870cb80000000p-1', '-0x1.500cd60000000p-1', '-0x1.a06f3a0000000p+0', '0x1.0f20b80000000p+3', '-0x1.a5baa20000000p+1', '-0x1.5151da0000000p+3', '-0x1.6537420000000p+2', '0x1.0e455c0000000p+2', '-0x1.cd51960000000p+1', '-0x1.e46b240000000p+1', '-0x1.cf682e0000000p+1', '-0x1.87333a0000000p+1', '-0x1.55f6bc0000000p+2', '-0x1.f41a0a0000000p-1', '-0x1.58b5b00000000p+1', '0x1.7b2d080000000p+1', '-0x1.9d4fa20000000p+0', '-0x1.13ad2c0000000p+2', '-0x1.5de6ce0000000p+1', '-0x1.479b3c0000000p+0', '0x1.e85b160000000p-2', '-0x1.a5efb80000000p+1', '-0x1.c08fa20000000p+0', '0x1.4732be0000000p+0', '-0x1.32710e0000000p+1', '0x1.d4fb020000000p+0', '-0x1.8ddd880000000p+1', '0x1.5733860000000p+2', '-0x1.ab53860000000p-1', '-0x1.508ea60000000p+1', '-0x1.9e45c00000000p+0', '0x1.7a37580000000p+1', '-0x1.cf8f8c0000000p+0', '-0x1.f8b3e00000000p-4', '-0x1.0666ae0000000p+1', '-0x1.09493c0000000p+1', '-0x1.54a0e00000000p+0', '-0x1.4a4df80000000p+1', '-0x1.c7f2180000000p-2', '0x1.e37db40000000p+1', '-0x1.2117f80000000p+1', '-0x1.62d1b40000000p+1', '-0x1.2478980000000p+1', '0x1.1106e80000000p-1', '-0x1.971c8c0000000p+0', '-0x1.91c8de0000000p+1', '-0x1.191d6c0000000p+1', '-0x1.1ed77a0000000p+1', '-0x1.08d5900000000p+0', '-0x1.7ff8800000000p-7', '0x1.3684e00000000p+0', '-0x1.4cd0000000000p-3', '-0x1.68914a0000000p+0', '0x1.9e955e0000000p+0', '0x1.9e1d740000000p+1', '-0x1.58320c0000000p+2', '0x1.01ef5c0000000p-2', '0x1.12bc500000000p-1', '0x1.49c0440000000p+1', '0x1.192c200000000p+1', '-0x1.b01d520000000p-1', '-0x1.4f99d80000000p+1', '0x1.25243a0000000p+2', '-0x1.3ef3a80000000p+2', '0x1.945ada0000000p+2', '0x1.8450980000000p+2', '0x1.0da68c0000000p+2', '-0x1.8eb3460000000p+2', '0x1.4578cc0000000p+2', '0x1.55f07e0000000p+1', '0x1.ee157a0000000p+1', '0x1.7d93d00000000p-1', '0x1.6c9d320000000p+1', '0x1.af50640000000p-1', '-0x1.66c1460000000p+1', '0x1.1434b80000000p+0', '0x1.8195d40000000p-1', '0x1.1db8f60000000p+1', '-0x1.805a800000000p-1', '-0x1.1993940000000p+1', '0x1.f855000000000p+0', '-0x1.a0dda00000000p-4', '-0x1.88c3840000000p-1', '-0x1.9229e80000000p-3', '0x1.e51fb40000000p+0', '-0x1.02049e0000000p+1', '0x1.a141720000000p+1', '-0x1.3e12420000000p+0', '0x1.df6c580000000p-3', '0x1.92785c0000000p+0', '0x1.c57b500000000p+1', '-0x1.e51cce0000000p+0', '0x1.1ba58c0000000p-1', '0x1.7edda80000000p-1', '0x1.f043a20000000p+0', '0x1.174e000000000p-6', '-0x1.d4fd580000000p+0', '0x1.b8c1f80000000p-1', '-0x1.9bd5b80000000p+1', '0x1.20867e0000000p-1', '0x1.3753d80000000p+0', '0x1.74f6160000000p+1', '0x1.7f8de00000000p-2', '0x1.12bb3a0000000p+2', '0x1.d323160000000p+1', '-0x1.f5d2000000000p+0', '-0x1.65504e0000000p+0', '0x1.0e35bc0000000p-1', '0x1.2008680000000p-1', '-0x1.0448800000000p+2', '0x1.251faa0000000p+1', '0x1.692d640000000p+0', '0x1.d71dae0000000p-2', '-0x1.4f87fa0000000p+1', '-0x1.4e1ebc0000000p+1', '0x1.3b4c360000000p+0', '-0x1.03788e0000000p-1', '-0x1.bd1c160000000p-1', '-0x1.7c64900000000p-1', '-0x1.e237240000000p+1', '-0x1.3a79a80000000p+0', '-0x1.3a29700000000p-4', '-0x1.a4099a0000000p+1', '0x1.f206700000000p+1', '-0x1.c1d0460000000p+0', '-0x1.5087040000000p-1', '-0x1.2dc28a0000000p+2', '-0x1.99869a0000000p-3', '0x1.3163320000000p-1', '-0x1.6033060000000p+1', '-0x1.c91aaa0000000p+0', '-0x1.b4482a0000000p+0', '0x1.26a8dc0000000p+1', '-0x1.ca4e900000000p+1', '-0x1.5883b00000000p+2', '0x1.fea0740000000p+0', '-0x1.a3abc20000000p+1', '0x1.92db640000000p+1', '-0x1.1bac5a0000000p+3', '0x1.a36ac80000000p-1', '-0x1.6768600000000p-3', '-0x1.c5df820000000p+1', '-0x1.60c18c0000000p+0', '-0x1.5b3d240000000p+1', '0x1.011c2c0000000p+3', '0x1.c4deb00000000p-2', '-0x1.e17c740000000p+0', '-0x1.a0750c0000000p+1', '0x1.fc2a960000000p+2', '0x1.aee3900000000p+1', '0x1.f1d36c0000000p+1', '-0x1.dcb9200000000p+1', '0x1.165aa80000000p+2', '0x1.1159200000000p+2', '-0x1.bd39c80000000p-1', '0x1.dbb24c0000000p-1', '-0x1.70f28c0000000p-2', '-0x1.dcff100000000p-1', '0x1.a5b0f40000000p+0', '0x1.2a15da0000000p-1', '-0x1.71db1e0000000p+0', '-0x1.16304a0000000p-2', '0x1.09b1780000000p+1', '-0x1.3093d80000000p+0', '0x1.0677420000000p+0', '-0x1.adc9640000000p+0', '0x1.2cbc2a0000000p+0', '0x1.3efd820000000p+0', '-0x1.385b900000000p+1']),
    ('float32', 16, 9, 12, 'T', ['0x1.42df320000000p+0', '0x1.7383460000000p-1', '0x1.a2dda00000000p-4', '0x1.215d640000000p+1', '0x1.86bcd80000000p+1', '0x1.1ae5da0000000p+2', '-0x1.aaceb40000000p-3', '0x1.03d1ec0000000p+1', '0x1.13065e0000000p+0', '0x1.c5b6120000000p+0', '0x1.5145a60000000p+0', '-0x1.0467d40000000p-2', '0x1.226aa00000000p-4', '-0x1.c349dc0000000p+1', '-0x1.b26e3c0000000p-1', '0x1.4d4c640000000p+1', '0x1.2a72780000000p+2', '0x1.e939720000000p+0', '0x1.8dbdf60000000p+1', '0x1.a88d9e0000000p+1', '-0x1.df0a760000000p-2', '-0x1.4efc460000000p+1', '-0x1.a16fd40000000p-2', '0x1.870cb80000000p-1', '-0x1.500cd60000000p-1', '-0x1.a06f3a0000000p+0', '0x1.0f20b80000000p+3', '-0x1.a5baa20000000p+1', '-0x1.5151da0000000p+3', '-0x1.6537420000000p+2', '0x1.0e455c0000000p+2', '-0x1.cd51960000000p+1', '-0x1.e46b240000000p+1', '-0x1.cf682e0000000p+1', '-0x1.87333a0000000p+1', '-0x1.55f6bc0000000p+2', '-0x1.f41a0a0000000p-1', '-0x1.58b5b00000000p+1', '0x1.7b2d080000000p+1', '-0x1.9d4fa20000000p+0', '-0x1.13ad2c0000000p+2', '-0x1.5de6ce0000000p+1', '-0x1.479b3c0000000p+0', '0x1.e85b160000000p-2', '-0x1.a5efb80000000p+1', '-0x1.c08fa20000000p+0', '0x1.4732be0000000p+0', '-0x1.32710e0000000p+1', '0x1.d4fb020000000p+0', '-0x1.8ddd880000000p+1', '0x1.5733860000000p+2', '-0x1.ab53860000000p-1', '-0x1.508ea60000000p+1', '-0x1.9e45c00000000p+0', '0x1.7a37580000000p+1', '-0x1.cf8f8c0000000p+0', '-0x1.f8b3e00000000p-4', '-0x1.0666ae0000000p+1', '-0x1.09493c0000000p+1', '-0x1.54a0e00000000p+0', '-0x1.4a4df80000000p+1', '-0x1.c7f2180000000p-2', '0x1.e37db40000000p+1', '-0x1.2117f80000000p+1', '-0x1.62d1b40000000p+1', '-0x1.2478980000000p+1', '0x1.1106e80000000p-1', '-0x1.971c8c0000000p+0', '-0x1.91c8de0000000p+1', '-0x1.191d6c0000000p+1', '-0x1.1ed77a0000000p+1', '-0x1.08d5900000000p+0', '-0x1.7ff8800000000p-7', '0x1.3684e00000000p+0', '-0x1.4cd0000000000p-3', '-0x1.68914a0000000p+0', '0x1.9e955e0000000p+0', '0x1.9e1d740000000p+1', '-0x1.58320c0000000p+2', '0x1.01ef5c0000000p-2', '0x1.12bc500000000p-1', '0x1.49c0440000000p+1', '0x1.192c200000000p+1', '-0x1.b01d520000000p-1', '-0x1.4f99d80000000p+1', '0x1.25243a0000000p+2', '-0x1.3ef3a80000000p+2', '0x1.945ada0000000p+2', '0x1.8450980000000p+2', '0x1.0da68c0000000p+2', '-0x1.8eb3460000000p+2', '0x1.4578cc0000000p+2', '0x1.55f07e0000000p+1', '0x1.ee157a0000000p+1', '0x1.7d93d00000000p-1', '0x1.6c9d320000000p+1', '0x1.af50640000000p-1', '-0x1.66c1460000000p+1', '0x1.1434b80000000p+0', '0x1.8195d40000000p-1', '0x1.1db8f60000000p+1', '-0x1.805a800000000p-1', '-0x1.1993940000000p+1', '0x1.f855000000000p+0', '-0x1.a0dda00000000p-4', '-0x1.88c3840000000p-1', '-0x1.9229e80000000p-3', '0x1.e51fb40000000p+0', '-0x1.02049e0000000p+1', '0x1.a141720000000p+1', '-0x1.3e12420000000p+0', '0x1.df6c580000000p-3', '0x1.92785c0000000p+0', '0x1.c57b500000000p+1', '-0x1.e51cce0000000p+0', '0x1.1ba58c0000000p-1', '0x1.7edda80000000p-1', '0x1.f043a20000000p+0', '0x1.174e000000000p-6', '-0x1.d4fd580000000p+0', '0x1.b8c1f80000000p-1', '-0x1.9bd5b80000000p+1', '0x1.20867e0000000p-1', '0x1.3753d80000000p+0', '0x1.74f6160000000p+1', '0x1.7f8de00000000p-2', '0x1.12bb3a0000000p+2', '0x1.d323160000000p+1', '-0x1.f5d2000000000p+0', '-0x1.65504e0000000p+0', '0x1.0e35bc0000000p-1', '0x1.2008680000000p-1', '-0x1.0448800000000p+2', '0x1.251faa0000000p+1', '0x1.692d640000000p+0', '0x1.d71dae0000000p-2', '-0x1.4f87fa0000000p+1', '-0x1.4e1ebc0000000p+1', '0x1.3b4c360000000p+0', '-0x1.03788e0000000p-1', '-0x1.bd1c160000000p-1', '-0x1.7c64900000000p-1', '-0x1.e237240000000p+1', '-0x1.3a79a80000000p+0', '-0x1.3a29700000000p-4', '-0x1.a4099a0000000p+1', '0x1.f206700000000p+1', '-0x1.c1d0460000000p+0', '-0x1.5087040000000p-1', '-0x1.2dc28a0000000p+2', '-0x1.99869a0000000p-3', '0x1.3163320000000p-1', '-0x1.6033060000000p+1', '-0x1.c91aaa0000000p+0', '-0x1.b4482a0000000p+0', '0x1.26a8dc0000000p+1', '-0x1.ca4e900000000p+1', '-0x1.5883b00000000p+2', '0x1.fea0740000000p+0', '-0x1.a3abc20000000p+1', '0x1.92db640000000p+1', '-0x1.1bac5a0000000p+3', '0x1.a36ac80000000p-1', '-0x1.6768600000000p-3', '-0x1.c5df820000000p+1', '-0x1.60c18c0000000p+0', '-0x1.5b3d240000000p+1', '0x1.011c2c0000000p+3', '0x1.c4deb00000000p-2', '-0x1.e17c740000000p+0', '-0x1.a0750c0000000p+1', '0x1.fc2a960000000p+2', '0x1.aee3900000000p+1', '0x1.f1d36c0000000p+1', '-0x1.dcb9200000000p+1', '0x1.165aa80000000p+2', '0x1.1159200000000p+2', '-0x1.bd39c80000000p-1', '0x1.dbb24c0000000p-1', '-0x1.70f28c0000000p-2', '-0x1.dcff100000000p-1', '0x1.a5b0f40000000p+0', '0x1.2a15da0000000p-1', '-0x1.71db1e0000000p+0', '-0x1.16304a0000000p-2', '0x1.09b1780000000p+1', '-0x1.3093d80000000p+0', '0x1.0677420000000p+0', '-0x1.adc9640000000p+0', '0x1.2cbc2a0000000p+0', '0x1.3efd820000000p+0', '-0x1.385b900000000p+1']),
    ('float32', 4, 33, 7, 'N', ['0x1.8ae8780000000p+1', '0x1.d2a4080000000p+3', '0x1.51c5ac0000000p+0', '0x1.252f920000000p+2', '-0x1.b400f20000000p+1', '-0x1.40dbc40000000p-1', '0x1.0d88500000000p+2', '0x1.b4f8c40000000p-1', '-0x1.c2fade0000000p+2', '-0x1.ec38e40000000p+0', '-0x1.c092120000000p+3', '-0x1.65a90c0000000p-1', '0x1.3d94cc0000000p+0', '0x1.0550bc0000000p+2', '0x1.4608740000000p+2', '0x1.2745060000000p+3', '-0x1.b4d9ba0000000p+1', '-0x1.f96dc00000000p+2', '0x1.0e7b900000000p+2', '0x1.56912a0000000p+2', '0x1.cbd05c0000000p+2', '-0x1.71376e0000000p+0', '0x1.b3f1b00000000p+1', '-0x1.d948380000000p+1', '0x1.86ce960000000p-1', '0x1.69033c0000000p+2', '-0x1.7cdf080000000p+3', '-0x1.9e855c0000000p+0']),
    ('float32', 4, 33, 7, 'T', ['0x1.8ae8780000000p+1', '0x1.d2a4080000000p+3', '0x1.51c5ac0000000p+0', '0x1.252f920000000p+2', '-0x1.b400f20000000p+1', '-0x1.40dbc40000000p-1', '0x1.0d88500000000p+2', '0x1.b4f8c40000000p-1', '-0x1.c2fade0000000p+2', '-0x1.ec38e40000000p+0', '-0x1.c092120000000p+3', '-0x1.65a90c0000000p-1', '0x1.3d94cc0000000p+0', '0x1.0550bc0000000p+2', '0x1.4608740000000p+2', '0x1.2745060000000p+3', '-0x1.b4d9ba0000000p+1', '-0x1.f96dc00000000p+2', '0x1.0e7b900000000p+2', '0x1.56912a0000000p+2', '0x1.cbd05c0000000p+2', '-0x1.71376e0000000p+0', '0x1.b3f1b00000000p+1', '-0x1.d948380000000p+1', '0x1.86ce960000000p-1', '0x1.69033c0000000p+2', '-0x1.7cdf080000000p+3', '-0x1.9e855c0000000p+0']),
    ('float32', 10, 100, 6, 'N', ['-0x1.1a2d920000000p+2', '-0x1.49db340000000p+3', '-0x1.7fa2ce0000000p+3', '0x1.ec1b780000000p+2', '0x1.a402c00000000p-3', '-0x1.a6ea840000000p-1', '0x1.8483a00000000p+3', '0x1.94b9fc0000000p+0', '0x1.2bdbb00000000p+4', '0x1.879c500000000p+4', '0x1.2833220000000p+3', '0x1.5230ac0000000p+1', '0x1.3c64de0000000p+2', '0x1.d5f3880000000p+2', '0x1.ba17400000000p+3', '-0x1.556ff00000000p+2', '0x1.36a01a0000000p+2', '0x1.d49fb40000000p-3', '-0x1.324fa80000000p+3', '0x1.2dac8c0000000p+2', '-0x1.3e30740000000p+4', '0x1.a9c9a40000000p+4', '-0x1.d6bd6c0000000p+3', '-0x1.9d70d00000000p-2', '0x1.c99a360000000p+3', '-0x1.460a800000000p-2', '0x1.d071c40000000p+2', '-0x1.cf844a0000000p+1', '-0x1.0031780000000p+0', '0x1.0ac6b40000000p-1', '0x1.96301a0000000p+0', '0x1.ef05c00000000p-1', '0x1.aade120000000p+2', '-0x1.3153c60000000p-1', '0x1.7297fe0000000p+1', '-0x1.bf78c60000000p+3', '-0x1.70d9040000000p+3', '-0x1.44427c0000000p+4', '-0x1.dbed6e0000000p+3', '0x1.004efe0000000p+1', '0x1.1a4e5a0000000p+4', '0x1.3a37580000000p+2', '0x1.1082a20000000p+4', '0x1.0cc9d40000000p+0', '0x1.2690a80000000p+5', '-0x1.44a6a00000000p+3', '0x1.7dcaa60000000p+3', '0x1.1af4200000000p+4', '0x1.2a0ca00000000p+3', '0x1.0ef3f40000000p+2', '-0x1.7300300000000p+2', '-0x1.aabf2e0000000p+1', '0x1.cbb2980000000p+2', '-0x1.59b9e20000000p+3', '-0x1.2b41d80000000p+1', '-0x1.3a84600000000p-2', '0x1.921c880000000p+3', '-0x1.300b1a0000000p+4', '0x1.1409880000000p+3', '-0x1.0aaa3a0000000p+3']),
    ('float32', 10, 100, 6, 'T', ['-0x1.1a2d920000000p+2', '-0x1.49db340000000p+3', '-0x1.7fa2ce0000000p+3', '0x1.ec1b780000000p+2', '0x1.a402c00000000p-3', '-0x1.a6ea840000000p-1', '0x1.8483a00000000p+3', '0x1.94b9fc0000000p+0', '0x1.2bdbb00000000p+4', '0x1.879c500000000p+4', '0x1.2833220000000p+3', '0x1.5230ac0000000p+1', '0x1.3c64de0000000p+2', '0x1.d5f3880000000p+2', '0x1.ba17400000000p+3', '-0x1.556ff00000000p+2', '0x1.36a01a0000000p+2', '0x1.d49fb40000000p-3', '-0x1.324fa80000000p+3', '0x1.2dac8c0000000p+2', '-0x1.3e30740000000p+4', '0x1.a9c9a40000000p+4', '-0x1.d6bd6c0000000p+3', '-0x1.9d70d00000000p-2', '0x1.c99a360000000p+3', '-0x1.460a800000000p-2', '0x1.d071c40000000p+2', '-0x1.cf844a0000000p+1', '-0x1.0031780000000p+0', '0x1.0ac6b40000000p-1', '0x1.96301a0000000p+0', '0x1.ef05c00000000p-1', '0x1.aade120000000p+2', '-0x1.3153c60000000p-1', '0x1.7297fe0000000p+1', '-0x1.bf78c60000000p+3', '-0x1.70d9040000000p+3', '-0x1.44427c0000000p+4', '-0x1.dbed6e0000000p+3', '0x1.004efe0000000p+1', '0x1.1a4e5a0000000p+4', '0x1.3a37580000000p+2', '0x1.1082a20000000p+4', '0x1.0cc9d40000000p+0', '0x1.2690a80000000p+5', '-0x1.44a6a00000000p+3', '0x1.7dcaa60000000p+3', '0x1.1af4200000000p+4', '0x1.2a0ca00000000p+3', '0x1.0ef3f40000000p+2', '-0x1.7300300000000p+2', '-0x1.aabf2e0000000p+1', '0x1.cbb2980000000p+2', '-0x1.59b9e20000000p+3', '-0x1.2b41d80000000p+1', '-0x1.3a84600000000p-2', '0x1.921c880000000p+3', '-0x1.300b1a0000000p+4', '0x1.1409880000000p+3', '-0x1.0aaa3a0000000p+3']),
    ('float32', 3, 384, 2, 'N', ['-0x1.1313be0000000p+3', '-0x1.8ed2ea0000000p+4', '0x1.1fe6b40000000p+3', '-0x1.7960ee0000000p+3', '-0x1.c10a2e0000000p+4', '0x1.74d2e40000000p+3']),
    ('float32', 3, 384, 2, 'T', ['-0x1.1313be0000000p+3', '-0x1.8ed2ea0000000p+4', '0x1.1fe6b40000000p+3', '-0x1.7960ee0000000p+3', '-0x1.c10a2e0000000p+4', '0x1.74d2e40000000p+3']),
    ('float64', 2, 2, 2, 'N', ['0x1.29952ac3f5c7ap-2', '0x1.d4c0c1175750dp-3', '0x1.dcf51cc2df235p-1', '0x1.581b25d8a7859p+0']),
    ('float64', 2, 2, 2, 'T', ['0x1.29952ac3f5c7ap-2', '0x1.d4c0c1175750dp-3', '0x1.dcf51cc2df236p-1', '0x1.581b25d8a7858p+0']),
    ('float64', 3, 4, 5, 'N', ['0x1.7b795302726b8p-3', '-0x1.d548b0aa4a1e4p+0', '-0x1.f0379a457ffd8p-2', '0x1.16f484ada0d30p-4', '-0x1.1905a18e6ac78p+1', '-0x1.a03c065a8911ap+1', '0x1.204dcb25226d7p-1', '-0x1.b4f3a886d6193p+1', '0x1.206053767b0b8p+1', '-0x1.3ef37765c683fp+1', '-0x1.333cd104fae7ap-1', '0x1.1d7a06d9f7994p-3', '0x1.0ccba8dda62c0p-3', '-0x1.6fc3add34ae5ep-1', '-0x1.8463dab58083dp+1']),
    ('float64', 3, 4, 5, 'T', ['0x1.7b795302726b8p-3', '-0x1.d548b0aa4a1e4p+0', '-0x1.f0379a457ffd8p-2', '0x1.16f484ada0d30p-4', '-0x1.1905a18e6ac78p+1', '-0x1.a03c065a8911ap+1', '0x1.204dcb25226d7p-1', '-0x1.b4f3a886d6193p+1', '0x1.206053767b0b8p+1', '-0x1.3ef37765c683fp+1', '-0x1.333cd104fae7ap-1', '0x1.1d7a06d9f7994p-3', '0x1.0ccba8dda62c0p-3', '-0x1.6fc3add34ae5ep-1', '-0x1.8463dab58083dp+1']),
    ('float64', 8, 3, 8, 'N', ['0x1.964f88c32f445p-1', '-0x1.91de2fbcf6ec6p+0', '0x1.9d1bf453c3058p-1', '-0x1.41348aaf3e458p+0', '-0x1.2f887c2eba0b6p-3', '-0x1.b5ba3955e3ed2p-1', '0x1.2cc5e6105d444p+0', '0x1.d3c28631378f9p-1', '0x1.3d973e9f4bc88p-3', '-0x1.46f4094a23d28p+1', '-0x1.3244849f634abp+0', '-0x1.5d414d9084995p+2', '-0x1.27cae2ac2259fp+1', '-0x1.1e8a3880fd65fp+2', '0x1.36d42add50924p+0', '-0x1.6fd0f78b38d00p-1', '0x1.c85f3cba9f9ecp+1', '-0x1.026f7ca090889p+2', '0x1.20d3a4d294fbdp+2', '0x1.cf53ea53d0120p-4', '-0x1.225ab335f68a8p+0', '0x1.58b2c47b092b8p+1', '-0x1.c67a5112db120p+0', '0x1.1fdae1f75a7f0p+0', '0x1.ac3e4d3c56a05p-2', '-0x1.17f0029665225p+1', '-0x1.30e5bfccfe0e6p+0', '-0x1.86ab177cf3c8ep+0', '0x1.65c006b58cc35p-2', '-0x1.f3452d4dd1b83p+0', '0x1.616bd58ca91ccp-1', '0x1.1ffe4644031e0p-4', '0x1.76c5c01e84a72p-4', '-0x1.1a0ea6ca233e0p-4', '0x1.8a292c2f948ffp-1', '-0x1.275dac7d47c58p-3', '0x1.ba35775a0b99ep-1', '-0x1.0cf434dc356c4p-1', '0x1.386915176afe4p+1', '0x1.b40b6e9b604f2p+0', '0x1.8f32cb0aa4c96p+0', '-0x1.aa4be05c65affp+0', '0x1.2d56ed6914195p+1', '0x1.5409cd2dc58bcp-2', '0x1.1a1b57bb201f3p-2', '0x1.0f58cf8f61703p+0', '0x1.50754abde4ef8p-1', '0x1.8d60ee7efe7f3p+0', '0x1.dcfba1efe50c0p+0', '-0x1.b9e52a68385e3p+1', '0x1.086fbb5829cdap+0', '-0x1.8f3df68d05dbep+0', '-0x1.89b910c7463a5p-1', '-0x1.c966d5f0cfbd8p-2', '-0x1.55b3a000903f4p-1', '0x1.2f008448c2290p-3', '-0x1.23323cdc9b344p+1', '0x1.217fa7059817fp+1', '-0x1.c9e35f2180e73p+0', '-0x1.03cf862bed03fp+1', '0x1.0845b372d96ccp+0', '-0x1.e1e6167db0460p+1', '0x1.54cdfda95a307p+2', '0x1.aa1fda45bf173p+0']),
    ('float64', 8, 3, 8, 'T', ['0x1.964f88c32f445p-1', '-0x1.91de2fbcf6ec6p+0', '0x1.9d1bf453c3058p-1', '-0x1.41348aaf3e458p+0', '-0x1.2f887c2eba0b6p-3', '-0x1.b5ba3955e3ed2p-1', '0x1.2cc5e6105d444p+0', '0x1.d3c28631378f9p-1', '0x1.3d973e9f4bc88p-3', '-0x1.46f4094a23d28p+1', '-0x1.3244849f634abp+0', '-0x1.5d414d9084995p+2', '-0x1.27cae2ac2259fp+1', '-0x1.1e8a3880fd65fp+2', '0x1.36d42add50924p+0', '-0x1.6fd0f78b38d00p-1', '0x1.c85f3cba9f9ecp+1', '-0x1.026f7ca090889p+2', '0x1.20d3a4d294fbdp+2', '0x1.cf53ea53d0120p-4', '-0x1.225ab335f68a8p+0', '0x1.58b2c47b092b8p+1', '-0x1.c67a5112db120p+0', '0x1.1fdae1f75a7f0p+0', '0x1.ac3e4d3c56a05p-2', '-0x1.17f0029665225p+1', '-0x1.30e5bfccfe0e6p+0', '-0x1.86ab177cf3c8ep+0', '0x1.65c006b58cc35p-2', '-0x1.f3452d4dd1b83p+0', '0x1.616bd58ca91ccp-1', '0x1.1ffe4644031e0p-4', '0x1.76c5c01e84a72p-4', '-0x1.1a0ea6ca233e0p-4', '0x1.8a292c2f948ffp-1', '-0x1.275dac7d47c58p-3', '0x1.ba35775a0b99ep-1', '-0x1.0cf434dc356c4p-1', '0x1.386915176afe4p+1', '0x1.b40b6e9b604f2p+0', '0x1.8f32cb0aa4c96p+0', '-0x1.aa4be05c65affp+0', '0x1.2d56ed6914195p+1', '0x1.5409cd2dc58bcp-2', '0x1.1a1b57bb201f3p-2', '0x1.0f58cf8f61703p+0', '0x1.50754abde4ef8p-1', '0x1.8d60ee7efe7f3p+0', '0x1.dcfba1efe50c0p+0', '-0x1.b9e52a68385e3p+1', '0x1.086fbb5829cdap+0', '-0x1.8f3df68d05dbep+0', '-0x1.89b910c7463a5p-1', '-0x1.c966d5f0cfbd8p-2', '-0x1.55b3a000903f4p-1', '0x1.2f008448c2290p-3', '-0x1.23323cdc9b344p+1', '0x1.217fa7059817fp+1', '-0x1.c9e35f2180e73p+0', '-0x1.03cf862bed03fp+1', '0x1.0845b372d96ccp+0', '-0x1.e1e6167db0460p+1', '0x1.54cdfda95a307p+2', '0x1.aa1fda45bf173p+0']),
    ('float64', 5, 16, 3, 'N', ['-0x1.0cb0a3cf4282ap+1', '-0x1.0e93bd8f3eec5p+2', '0x1.0d69c43e87b25p-1', '0x1.923abd4e54c91p+1', '0x1.c0a7abb54e734p+2', '0x1.3a7a7268e2558p+2', '0x1.60235a24bdea7p+2', '-0x1.21a040a3e3e99p+3', '0x1.7e33e9f36bb4dp+1', '0x1.fad9caba6d71cp+1', '-0x1.499f3a6b658ebp+2', '0x1.56b4e976fa48ep+2', '-0x1.62246555fb8a0p+2', '0x1.6cff83af176c5p+2', '-0x1.a3d844f5b1682p+2']),
    ('float64', 5, 16, 3, 'T', ['-0x1.0cb0a3cf4282ap+1', '-0x1.0e93bd8f3eec5p+2', '0x1.0d69c43e87b25p-1', '0x1.923abd4e54c91p+1', '0x1.c0a7abb54e734p+2', '0x1.3a7a7268e2558p+2', '0x1.60235a24bdea7p+2', '-0x1.21a040a3e3e99p+3', '0x1.7e33e9f36bb4dp+1', '0x1.fad9caba6d71cp+1', '-0x1.499f3a6b658ebp+2', '0x1.56b4e976fa48ep+2', '-0x1.62246555fb8a0p+2', '0x1.6cff83af176c5p+2', '-0x1.a3d844f5b1682p+2']),
    ('float64', 16, 9, 12, 'N', ['0x1.42df30aed8f72p+0', '0x1.73834639aa51dp-1', '0x1.a2dd876257230p-4', '0x1.215d64abdf47ap+1', '0x1.86bcd7c97da63p+1', '0x1.1ae5d84e8d014p+2', '-0x1.aaceb6e7b3d7bp-3', '0x1.03d1ec21f77adp+1', '0x1.13065eb89e0cep+0', '0x1.c5b619d10de68p+0', '0x1.5145a49a44650p+0', '-0x1.0467cd7e23e70p-2', '0x1.226ad9db23cd0p-4', '-0x1.c349df4570c59p+1', '-0x1.b26e33f18e1dcp-1', '0x1.4d4c63b90823ap+1', '0x1.2a727407765adp+2', '0x1.e93970402f840p+0', '0x1.8dbdfc7500eeep+1', '0x1.a88d9ef143492p+1', '-0x1.df0a7a3dba6e1p-2', '-0x1.4efc4a956d87ap+1', '-0x1.a16fccb21ddaap-2', '0x1.870ca9304f1c0p-1', '-0x1.500cced79900ap-1', '-0x1.a06f3af1a2523p+0', '0x1.0f20b92a477d0p+3', '-0x1.a5baa263bd8fep+1', '-0x1.5151d9e32e958p+3', '-0x1.653744cee74dap+2', '0x1.0e455b3377f96p+2', '-0x1.cd51974d2c375p+1', '-0x1.e46b27cc15017p+1', '-0x1.cf682ec345dadp+1', '-0x1.873338a96d8fep+1', '-0x1.55f6bdcc118dap+2', '-0x1.f41a099b20f0dp-1', '-0x1.58b5adf8a2ca7p+1', '0x1.7b2d0570b5017p+1', '-0x1.9d4fa0ec0b378p+0', '-0x1.13ad2cdfa5a95p+2', '-0x1.5de6cdc9fda4cp+1', '-0x1.479b3d615b3ebp+0', '0x1.e85b199d6b068p-2', '-0x1.a5efb78cc4682p+1', '-0x1.c08fa1816dd14p+0', '0x1.4732bb841e318p+0', '-0x1.32710deea06f5p+1', '0x1.d4fafc972c58cp+0', '-0x1.8ddd8af9bae36p+1', '0x1.5733841b92bc2p+2', '-0x1.ab53840c59093p-1', '-0x1.508ea6a50071bp+1', '-0x1.9e45c1970c3d2p+0', '0x1.7a375825403bdp+1', '-0x1.cf8f8be45409ep+0', '-0x1.f8b3ec7ee2210p-4', '-0x1.0666aeddd6081p+1', '-0x1.09493cbb7b493p+1', '-0x1.54a0e2c4cfce2p+0', '-0x1.4a4df59049c0ep+1', '-0x1.c7f21cfb5c1b2p-2', '0x1.e37db32a8ba5dp+1', '-0x1.2117f6a23d6a0p+1', '-0x1.62d1b51419fcbp+1', '-0x1.2478981e620c2p+1', '0x1.1106e77039dc9p-1', '-0x1.971c8955a2b6ep+0', '-0x1.91c8e04d9cbdfp+1', '-0x1.191d6db0bb4d7p+1', '-0x1.1ed779197273dp+1', '-0x1.08d5966421613p+0', '-0x1.7ff92ded29100p-7', '0x1.3684dee523cf2p+0', '-0x1.4ccfffc3ff3f8p-3', '-0x1.689149ccfc984p+0', '0x1.9e955af98fb1ep+0', '0x1.9e1d723442a1bp+1', '-0x1.58320c2d76207p+2', '0x1.01ef579bd047ap-2', '0x1.12bc4d3c852a3p-1', '0x1.49c044dfbc2b4p+1', '0x1.192c1cf34d804p+1', '-0x1.b01d50002063ap-1', '-0x1.4f99d781b784ep+1', '0x1.25243a86b85f2p+2', '-0x1.3ef3ab30f434cp+2', '0x1.945ada54856ffp+2', '0x1.845098ccd133bp+2', '0x1.0da68b15d23aep+2', '-0x1.8eb348455bfeep+2', '0x1.4578cb39ce426p+2', '0x1.55f07f26bc414p+1', '0x1.ee157c57d87c0p+1', '0x1.7d93d1780d2a0p-1', '0x1.6c9d325001e64p+1', '0x1.af50665c04762p-1', '-0x1.66c1458766f51p+1', '0x1.1434b5034cd57p+0', '0x1.8195d6619e57bp-1', '0x1.1db8f7a5e73aep+1', '-0x1.805a7e2052537p-1', '-0x1.19939582ef1b7p+1', '0x1.f854fee7b2970p+0', '-0x1.a0dd97fe99a60p-4', '-0x1.88c381727f31cp-1', '-0x1.9229d803f75c0p-3', '0x1.e51fb2bc81624p+0', '-0x1.02049cc58e08dp+1', '0x1.a1416fd301849p+1', '-0x1.3e124310e3482p+0', '0x1.df6c6698306f2p-3', '0x1.9278595f7ed8cp+0', '0x1.c57b4f193df2dp+1', '-0x1.e51ccb9e3030ap+0', '0x1.1ba58cf736571p-1', '0x1.7edda94d0d20bp-1', '0x1.f0439e943391ap+0', '0x1.174ed245ba140p-6', '-0x1.d4fd5acc61d32p+0', '0x1.b8c1fd89e01dcp-1', '-0x1.9bd5b98104208p+1', '0x1.208680f1bc4a8p-1', '0x1.3753d8f4eddf5p+0', '0x1.74f614dc64b30p+1', '0x1.7f8de862872f8p-2', '0x1.12bb3adc67915p+2', '0x1.d32316f87c067p+1', '-0x1.f5d203734515cp+0', '-0x1.65504ff620557p+0', '0x1.0e35c1b19fd5cp-1', '0x1.2008668039d11p-1', '-0x1.044880e2255f9p+2', '0x1.251fa7b525413p+1', '0x1.692d64379ce52p+0', '0x1.d71dafb89b2e8p-2', '-0x1.4f87f9f0443f9p+1', '-0x1.4e1ebb2993650p+1', '0x1.3b4c37e9fd5bep+0', '-0x1.03788d442c588p-1', '-0x1.bd1c17f562e47p-1', '-0x1.7c648e636fae2p-1', '-0x1.e23726060bf4cp+1', '-0x1.3a79a77e30016p+0', '-0x1.3a29607a82100p-4', '-0x1.a4099a885a5fep+1', '0x1.f2066f1bc5334p+1', '-0x1.c1d046d389354p+0', '-0x1.508701692c1e0p-1', '-0x1.2dc2898cc67f8p+2', '-0x1.99869da41782cp-3', '0x1.3163347a4aa25p-1', '-0x1.60330649bf43dp+1', '-0x1.c91aa9a17c328p+0', '-0x1.b4482837ddad0p+0', '0x1.26a8d986479ecp+1', '-0x1.ca4e9223a877bp+1', '-0x1.5883ae4a33d16p+2', '0x1.fea0744b2094cp+0', '-0x1.a3abc02b4945ep+1', '0x1.92db657aa0bf6p+1', '-0x1.1bac599e405ffp+3', '0x1.a36ac94795cafp-1', '-0x1.67684bd71d488p-3', '-0x1.c5df84a1031cfp+1', '-0x1.60c190c85e6efp+0', '-0x1.5b3d23f4df406p+1', '0x1.011c2c231d2cep+3', '0x1.c4debb2ede340p-2', '-0x1.e17c73cca4cacp+0', '-0x1.a07509e31db87p+1', '0x1.fc2a98f262dadp+2', '0x1.aee38f07ef81ep+1', '0x1.f1d36cbc35d2bp+1', '-0x1.dcb920b68f015p+1', '0x1.165aa70c960dap+2', '0x1.11591e47aec12p+2', '-0x1.bd39ca9ceb1b4p-1', '0x1.dbb24b2542df0p-1', '-0x1.70f29ec5d7d04p-2', '-0x1.dcff0cf6ae318p-1', '0x1.a5b0f1e6237b0p+0', '0x1.2a15d79f87686p-1', '-0x1.71db1c8a866cdp+0', '-0x1.1630499f2288fp-2', '0x1.09b179428ddc1p+1', '-0x1.3093d8c8138a1p+0', '0x1.06774453055e0p+0', '-0x1.adc9645a5745ep+0', '0x1.2cbc2c37846cep+0', '0x1.3efd84e18c002p+0', '-0x1.385b8f28899b1p+1']),
    ('float64', 16, 9, 12, 'T', ['0x1.42df30aed8f72p+0', '0x1.73834639aa51dp-1', '0x1.a2dd876257230p-4', '0x1.215d64abdf47ap+1', '0x1.86bcd7c97da63p+1', '0x1.1ae5d84e8d014p+2', '-0x1.aaceb6e7b3d7bp-3', '0x1.03d1ec21f77adp+1', '0x1.13065eb89e0cep+0', '0x1.c5b619d10de68p+0', '0x1.5145a49a44650p+0', '-0x1.0467cd7e23e70p-2', '0x1.226ad9db23cd0p-4', '-0x1.c349df4570c59p+1', '-0x1.b26e33f18e1dcp-1', '0x1.4d4c63b90823ap+1', '0x1.2a727407765adp+2', '0x1.e93970402f840p+0', '0x1.8dbdfc7500eeep+1', '0x1.a88d9ef143492p+1', '-0x1.df0a7a3dba6e1p-2', '-0x1.4efc4a956d87ap+1', '-0x1.a16fccb21ddaap-2', '0x1.870ca9304f1c0p-1', '-0x1.500cced79900ap-1', '-0x1.a06f3af1a2523p+0', '0x1.0f20b92a477d0p+3', '-0x1.a5baa263bd8fep+1', '-0x1.5151d9e32e958p+3', '-0x1.653744cee74dap+2', '0x1.0e455b3377f96p+2', '-0x1.cd51974d2c375p+1', '-0x1.e46b27cc15017p+1', '-0x1.cf682ec345dadp+1', '-0x1.873338a96d8fep+1', '-0x1.55f6bdcc118dap+2', '-0x1.f41a099b20f0dp-1', '-0x1.58b5adf8a2ca7p+1', '0x1.7b2d0570b5017p+1', '-0x1.9d4fa0ec0b378p+0', '-0x1.13ad2cdfa5a95p+2', '-0x1.5de6cdc9fda4cp+1', '-0x1.479b3d615b3ebp+0', '0x1.e85b199d6b068p-2', '-0x1.a5efb78cc4682p+1', '-0x1.c08fa1816dd14p+0', '0x1.4732bb841e318p+0', '-0x1.32710deea06f5p+1', '0x1.d4fafc972c58cp+0', '-0x1.8ddd8af9bae36p+1', '0x1.5733841b92bc2p+2', '-0x1.ab53840c59093p-1', '-0x1.508ea6a50071bp+1', '-0x1.9e45c1970c3d2p+0', '0x1.7a375825403bdp+1', '-0x1.cf8f8be45409ep+0', '-0x1.f8b3ec7ee2210p-4', '-0x1.0666aeddd6081p+1', '-0x1.09493cbb7b493p+1', '-0x1.54a0e2c4cfce2p+0', '-0x1.4a4df59049c0ep+1', '-0x1.c7f21cfb5c1b2p-2', '0x1.e37db32a8ba5dp+1', '-0x1.2117f6a23d6a0p+1', '-0x1.62d1b51419fcbp+1', '-0x1.2478981e620c2p+1', '0x1.1106e77039dc9p-1', '-0x1.971c8955a2b6ep+0', '-0x1.91c8e04d9cbdfp+1', '-0x1.191d6db0bb4d7p+1', '-0x1.1ed779197273dp+1', '-0x1.08d5966421613p+0', '-0x1.7ff92ded29100p-7', '0x1.3684dee523cf2p+0', '-0x1.4ccfffc3ff3f8p-3', '-0x1.689149ccfc984p+0', '0x1.9e955af98fb1ep+0', '0x1.9e1d723442a1bp+1', '-0x1.58320c2d76207p+2', '0x1.01ef579bd047ap-2', '0x1.12bc4d3c852a3p-1', '0x1.49c044dfbc2b4p+1', '0x1.192c1cf34d804p+1', '-0x1.b01d50002063ap-1', '-0x1.4f99d781b784ep+1', '0x1.25243a86b85f2p+2', '-0x1.3ef3ab30f434cp+2', '0x1.945ada54856ffp+2', '0x1.845098ccd133bp+2', '0x1.0da68b15d23aep+2', '-0x1.8eb348455bfeep+2', '0x1.4578cb39ce426p+2', '0x1.55f07f26bc414p+1', '0x1.ee157c57d87c0p+1', '0x1.7d93d1780d2a0p-1', '0x1.6c9d325001e64p+1', '0x1.af50665c04762p-1', '-0x1.66c1458766f51p+1', '0x1.1434b5034cd57p+0', '0x1.8195d6619e57bp-1', '0x1.1db8f7a5e73aep+1', '-0x1.805a7e2052537p-1', '-0x1.19939582ef1b7p+1', '0x1.f854fee7b2970p+0', '-0x1.a0dd97fe99a60p-4', '-0x1.88c381727f31cp-1', '-0x1.9229d803f75c0p-3', '0x1.e51fb2bc81624p+0', '-0x1.02049cc58e08dp+1', '0x1.a1416fd301849p+1', '-0x1.3e124310e3482p+0', '0x1.df6c6698306f2p-3', '0x1.9278595f7ed8cp+0', '0x1.c57b4f193df2dp+1', '-0x1.e51ccb9e3030ap+0', '0x1.1ba58cf736571p-1', '0x1.7edda94d0d20bp-1', '0x1.f0439e943391ap+0', '0x1.174ed245ba140p-6', '-0x1.d4fd5acc61d32p+0', '0x1.b8c1fd89e01dcp-1', '-0x1.9bd5b98104208p+1', '0x1.208680f1bc4a8p-1', '0x1.3753d8f4eddf5p+0', '0x1.74f614dc64b30p+1', '0x1.7f8de862872f8p-2', '0x1.12bb3adc67915p+2', '0x1.d32316f87c067p+1', '-0x1.f5d203734515cp+0', '-0x1.65504ff620557p+0', '0x1.0e35c1b19fd5cp-1', '0x1.2008668039d11p-1', '-0x1.044880e2255f9p+2', '0x1.251fa7b525413p+1', '0x1.692d64379ce52p+0', '0x1.d71dafb89b2e8p-2', '-0x1.4f87f9f0443f9p+1', '-0x1.4e1ebb2993650p+1', '0x1.3b4c37e9fd5bep+0', '-0x1.03788d442c588p-1', '-0x1.bd1c17f562e47p-1', '-0x1.7c648e636fae2p-1', '-0x1.e23726060bf4cp+1', '-0x1.3a79a77e30016p+0', '-0x1.3a29607a82100p-4', '-0x1.a4099a885a5fep+1', '0x1.f2066f1bc5334p+1', '-0x1.c1d046d389354p+0', '-0x1.508701692c1e0p-1', '-0x1.2dc2898cc67f8p+2', '-0x1.99869da41782cp-3', '0x1.3163347a4aa25p-1', '-0x1.60330649bf43dp+1', '-0x1.c91aa9a17c328p+0', '-0x1.b4482837ddad0p+0', '0x1.26a8d986479ecp+1', '-0x1.ca4e9223a877bp+1', '-0x1.5883ae4a33d16p+2', '0x1.fea0744b2094cp+0', '-0x1.a3abc02b4945ep+1', '0x1.92db657aa0bf6p+1', '-0x1.1bac599e405ffp+3', '0x1.a36ac94795cafp-1', '-0x1.67684bd71d488p-3', '-0x1.c5df84a1031cfp+1', '-0x1.60c190c85e6efp+0', '-0x1.5b3d23f4df406p+1', '0x1.011c2c231d2cep+3', '0x1.c4debb2ede340p-2', '-0x1.e17c73cca4cacp+0', '-0x1.a07509e31db87p+1', '0x1.fc2a98f262dadp+2', '0x1.aee38f07ef81ep+1', '0x1.f1d36cbc35d2bp+1', '-0x1.dcb920b68f015p+1', '0x1.165aa70c960dap+2', '0x1.11591e47aec12p+2', '-0x1.bd39ca9ceb1b4p-1', '0x1.dbb24b2542df0p-1', '-0x1.70f29ec5d7d04p-2', '-0x1.dcff0cf6ae318p-1', '0x1.a5b0f1e6237b0p+0', '0x1.2a15d79f87686p-1', '-0x1.71db1c8a866cdp+0', '-0x1.1630499f2288fp-2', '0x1.09b179428ddc1p+1', '-0x1.3093d8c8138a1p+0', '0x1.06774453055e0p+0', '-0x1.adc9645a5745ep+0', '0x1.2cbc2c37846cep+0', '0x1.3efd84e18c002p+0', '-0x1.385b8f28899b1p+1']),
    ('float64', 4, 33, 7, 'N', ['0x1.8ae87b42cd06dp+1', '0x1.d2a40690a4ffap+3', '0x1.51c5ad8e75f43p+0', '0x1.252f9148279e2p+2', '-0x1.b400f2cf14c9fp+1', '-0x1.40dbcb900bb9cp-1', '0x1.0d884eaf5d466p+2', '0x1.b4f8c8d387b00p-1', '-0x1.c2fad960112d6p+2', '-0x1.ec38ed676bae0p+0', '-0x1.c0920dfba52c4p+3', '-0x1.65a9123f36b8cp-1', '0x1.3d94c9463c244p+0', '0x1.0550b9b2493ecp+2', '0x1.460875972e27ep+2', '0x1.2745075fb166dp+3', '-0x1.b4d9b32a7c227p+1', '-0x1.f96dbff04ded9p+2', '0x1.0e7b91c12202bp+2', '0x1.569129a65afd7p+2', '0x1.cbd059831be8dp+2', '-0x1.7137699475d55p+0', '0x1.b3f1b120cd309p+1', '-0x1.d948345f70ea3p+1', '0x1.86ce95c86ce73p-1', '0x1.690341ff20670p+2', '-0x1.7cdf0ca2b86bap+3', '-0x1.9e855aab0a539p+0']),
    ('float64', 4, 33, 7, 'T', ['0x1.8ae87b42cd06dp+1', '0x1.d2a40690a4ffap+3', '0x1.51c5ad8e75f43p+0', '0x1.252f9148279e2p+2', '-0x1.b400f2cf14c9fp+1', '-0x1.40dbcb900bb9cp-1', '0x1.0d884eaf5d466p+2', '0x1.b4f8c8d387b00p-1', '-0x1.c2fad960112d6p+2', '-0x1.ec38ed676bae0p+0', '-0x1.c0920dfba52c4p+3', '-0x1.65a9123f36b8cp-1', '0x1.3d94c9463c244p+0', '0x1.0550b9b2493ecp+2', '0x1.460875972e27ep+2', '0x1.2745075fb166dp+3', '-0x1.b4d9b32a7c227p+1', '-0x1.f96dbff04ded9p+2', '0x1.0e7b91c12202bp+2', '0x1.569129a65afd7p+2', '0x1.cbd059831be8dp+2', '-0x1.7137699475d55p+0', '0x1.b3f1b120cd309p+1', '-0x1.d948345f70ea3p+1', '0x1.86ce95c86ce73p-1', '0x1.690341ff20670p+2', '-0x1.7cdf0ca2b86bap+3', '-0x1.9e855aab0a539p+0']),
    ('float64', 10, 100, 6, 'N', ['-0x1.1a2d7cf0f15eap+2', '-0x1.49db392b8e380p+3', '-0x1.7fa2c189cf92dp+3', '0x1.ec1b753687e8cp+2', '0x1.a4032094ea914p-3', '-0x1.a6ea85e5786c4p-1', '0x1.84839e7ed2397p+3', '0x1.94ba09e383b72p+0', '0x1.2bdbb449b0cffp+4', '0x1.879c569c8426dp+4', '0x1.28331f36cd1b7p+3', '0x1.5230a19649de8p+1', '0x1.3c64db021c077p+2', '0x1.d5f387b64e0d7p+2', '0x1.ba173f594c4bap+3', '-0x1.556fdf56c431fp+2', '0x1.36a01a1f02201p+2', '0x1.d49f7b9973e1ap-3', '-0x1.324fab27f1b62p+3', '0x1.2dac866fcaf6cp+2', '-0x1.3e30732e0097bp+4', '0x1.a9c9a12781406p+4', '-0x1.d6bd6d09665b1p+3', '-0x1.9d70b428c585fp-2', '0x1.c99a2bd2315f3p+3', '-0x1.460a55e152828p-2', '0x1.d071bd68c469ap+2', '-0x1.cf8434d95c4e5p+1', '-0x1.00315b3883020p+0', '0x1.0ac6a7b19bca1p-1', '0x1.96300c8d0e675p+0', '0x1.ef05e23f6c434p-1', '0x1.aade0f8daa89cp+2', '-0x1.3153cf1d79955p-1', '0x1.72980373502a0p+1', '-0x1.bf78c6ceaadd3p+3', '-0x1.70d908213d213p+3', '-0x1.444279db45bd2p+4', '-0x1.dbed7556fcb64p+3', '0x1.004ef1d43af22p+1', '0x1.1a4e583f0be59p+4', '0x1.3a375b64276b4p+2', '0x1.1082a46f84289p+4', '0x1.0cc9beb65283ap+0', '0x1.2690a635dd18dp+5', '-0x1.44a69d3e3a5e4p+3', '0x1.7dcaa3e44b07fp+3', '0x1.1af4241eb020ap+4', '0x1.2a0ca80b64378p+3', '0x1.0ef3f0ad7b045p+2', '-0x1.730032b2941f8p+2', '-0x1.aabf335cdb0c3p+1', '0x1.cbb2939241adfp+2', '-0x1.59b9e15bcf882p+3', '-0x1.2b41d3bf9431ap+1', '-0x1.3a8420e9499b4p-2', '0x1.921c863290ec0p+3', '-0x1.300b169654fc2p+4', '0x1.140981883bf5ap+3', '-0x1.0aaa3d638e6d5p+3']),
    ('float64', 10, 100, 6, 'T', ['-0x1.1a2d7cf0f15eap+2', '-0x1.49db392b8e380p+3', '-0x1.7fa2c189cf92dp+3', '0x1.ec1b753687e8cp+2', '0x1.a4032094ea914p-3', '-0x1.a6ea85e5786c4p-1', '0x1.84839e7ed2397p+3', '0x1.94ba09e383b72p+0', '0x1.2bdbb449b0cffp+4', '0x1.879c569c8426dp+4', '0x1.28331f36cd1b7p+3', '0x1.5230a19649de8p+1', '0x1.3c64db021c077p+2', '0x1.d5f387b64e0d7p+2', '0x1.ba173f594c4bap+3', '-0x1.556fdf56c431fp+2', '0x1.36a01a1f02201p+2', '0x1.d49f7b9973e1ap-3', '-0x1.324fab27f1b62p+3', '0x1.2dac866fcaf6cp+2', '-0x1.3e30732e0097bp+4', '0x1.a9c9a12781406p+4', '-0x1.d6bd6d09665b1p+3', '-0x1.9d70b428c585fp-2', '0x1.c99a2bd2315f3p+3', '-0x1.460a55e152828p-2', '0x1.d071bd68c469ap+2', '-0x1.cf8434d95c4e5p+1', '-0x1.00315b3883020p+0', '0x1.0ac6a7b19bca1p-1', '0x1.96300c8d0e675p+0', '0x1.ef05e23f6c434p-1', '0x1.aade0f8daa89cp+2', '-0x1.3153cf1d79955p-1', '0x1.72980373502a0p+1', '-0x1.bf78c6ceaadd3p+3', '-0x1.70d908213d213p+3', '-0x1.444279db45bd2p+4', '-0x1.dbed7556fcb64p+3', '0x1.004ef1d43af22p+1', '0x1.1a4e583f0be59p+4', '0x1.3a375b64276b4p+2', '0x1.1082a46f84289p+4', '0x1.0cc9beb65283ap+0', '0x1.2690a635dd18dp+5', '-0x1.44a69d3e3a5e4p+3', '0x1.7dcaa3e44b07fp+3', '0x1.1af4241eb020ap+4', '0x1.2a0ca80b64378p+3', '0x1.0ef3f0ad7b045p+2', '-0x1.730032b2941f8p+2', '-0x1.aabf335cdb0c3p+1', '0x1.cbb2939241adfp+2', '-0x1.59b9e15bcf882p+3', '-0x1.2b41d3bf9431ap+1', '-0x1.3a8420e9499b4p-2', '0x1.921c863290ec0p+3', '-0x1.300b169654fc2p+4', '0x1.140981883bf5ap+3', '-0x1.0aaa3d638e6d5p+3']),
    ('float64', 3, 384, 2, 'N', ['-0x1.1313ba9604ed1p+3', '-0x1.8ed2e6945ac0ep+4', '0x1.1fe6b3a1aee14p+3', '-0x1.7960f49e6a3a7p+3', '-0x1.c10a249f28b52p+4', '0x1.74d2e7c49b140p+3']),
    ('float64', 3, 384, 2, 'T', ['-0x1.1313ba9604ed1p+3', '-0x1.8ed2e6945ac0ep+4', '0x1.1fe6b3a1aee14p+3', '-0x1.7960f49e6a3a7p+3', '-0x1.c10a249f28b52p+4', '0x1.74d2e7c49b140p+3']),
]


@pytest.mark.parametrize("dtype, m, k, n, layout, want", GEMM_CASES)
def test_products_with_row_major_b_on_intel_cpus_are_mkls(mkl_cpu, dtype, m, k, n, layout,
                                                         want):
    """MKL's gemm on Intel's CPUs with B row-major (gradcli.ops.linalg.intel_gemm): each
    output's products fused onto it in turn from +0; addmm adds C afterwards."""
    mkl_cpu("intel")
    r = np.random.RandomState(1000 * m + 10 * k + n)
    a = r.standard_normal((m, k)).astype(dtype)
    b = gradcli.from_numpy(r.standard_normal((k, n)).astype(dtype))
    c = gradcli.from_numpy(r.standard_normal(n).astype(dtype))
    ga = gradcli.from_numpy(a) if layout == "N" else \
        gradcli.from_numpy(np.ascontiguousarray(a.T)).t()
    got = gradcli.addmm(c, ga, b)
    assert [float(v).hex() for v in got.reshape(-1).tolist()] == want


# x @ W.t() and torch.addmm(c, x, W.t()) in float64 on an Intel Xeon (AVX-512), torch 2.13:
# ((m, k, n), SHA-256 prefix of addmm's outputs as float.hex joined by spaces, the same of
# the product's) for x, W, c drawn from RandomState(2000 m + 10 k + n) in that order
NT_CASES = [
    ((2, 8, 5), '2e36455ffe99418c', '294310b21cc4f634'),
    ((3, 12, 7), 'be90a813e77d6706', '59515c6d793d64fc'),
    ((2, 300, 3), '14abb96af4a8990e', '08aa5a9ebfc7d78c'),
    ((3, 5, 2), 'e9df7ceeca63742c', 'f1b3118101534894'),
    ((2, 2, 2), 'b2736248cdd7645d', '6ed55a5302062e8f'),
    ((4, 2, 2), '3df120c782142efa', '062f63e0b0637cc7'),
    ((4, 5, 2), '2ca0f84b91a07f06', '564a109df3e6b11d'),
    ((5, 16, 3), 'a9e701ecfcd2e492', '6e41fc4d01017ab8'),
    ((4, 33, 7), '0bb343471b3fec3f', 'd0a20a8a89de5c3d'),
    ((16, 9, 12), 'ca902730d7ed9842', 'bcf3125e1add5c96'),
    ((10, 100, 6), '4fd0cc073e310623', '519d2d793d7c83a3'),
    ((7, 192, 5), 'f7507f20e2f94691', 'c692c7eb47f40b5c'),
    ((6, 150, 9), 'fdf0805dd04c0895', 'a17077a505fea7af'),
    ((12, 64, 40), 'd9f4ba51caf02a7f', '58b069f1985d821c'),
]


@pytest.mark.parametrize("shape, want_addmm, want_mm", NT_CASES)
def test_float64_products_with_column_major_b_on_intel_cpus_are_mkls(mkl_cpu, shape,
                                                                      want_addmm, want_mm):
    """MKL's dgemm on Intel's CPUs with B column-major (a Linear's `x @ W.t()`): with four or
    more rows and up to 192 inner elements each output's products in turn too (intel_gemm);
    with two or three rows a dot-product kernel (intel_dgemm_dot); addmm adds C afterwards."""
    mkl_cpu("intel")
    assert _nt_digests(np.float64, 2000, shape) == (want_addmm, want_mm)


def _digest(t) -> str:
    """The first 16 hex digits of the SHA-256 of t's values as float.hex, space-separated."""
    import hashlib
    text = " ".join(float(v).hex() for v in t.reshape(-1).tolist())
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _nt_digests(dtype, seed: int, shape) -> tuple[str, str]:
    """(digest of addmm(c, x, W.t()), digest of x @ W.t()) for x, W, c drawn from
    RandomState(seed m + 10 k + n) in that order."""
    m, k, n = shape
    r = np.random.RandomState(seed * m + 10 * k + n)
    x, w, c = (gradcli.from_numpy(r.standard_normal(s).astype(dtype))
               for s in ((m, k), (n, k), (n,)))
    return _digest(gradcli.addmm(c, x, w.t())), _digest(x @ w.t())


# x @ W.t() and torch.addmm(c, x, W.t()) in float32 on an Intel Xeon (AVX-512), torch 2.13,
# as NT_CASES (x, W, c drawn from RandomState(3000 m + 10 k + n)): 16 or more rows, or 12 or
# more columns and up to 31 inner elements; a layer of one input feature (k = 1)
NT32_CASES = [
    ((16, 3, 32), '4a951e2a50c8b4c7', 'd1c9e77e527dddb2'),
    ((64, 3, 32), '884b1d239658a422', 'f51b8778d0606188'),
    ((20, 13, 6), 'a697d263e9138007', 'f7196d5086db6bc6'),
    ((3, 20, 30), 'f486cbfcd6847d0d', 'b8f5498db8a1ae4f'),
    ((100, 384, 3), '2053f81ec40704c9', '6c3933f03b1bbb80'),
    ((2, 31, 12), '881cf39efb343e84', '5cf1c885bc342a80'),
    ((50, 200, 10), 'd8d9e465d18f636f', '7edfb6e963c9c4b3'),
    ((15, 8, 12), '313e94ca29b17b7a', 'd6d2764c3a485ab5'),
    ((7, 1, 5), '1fd362a28cdc8dd8', 'eb70ac353a8b82c6'),
    ((3, 1, 4), 'ef7ac31546445b5a', 'c61c30986963c2cd'),
    ((1, 1, 3), '2eb8c18f9aec1cf3', 'e9fd540a6703f6ce'),
    ((2, 1, 2), 'e0a80e498bd2ab97', 'fac3b58975ecc33f'),
    # fewer rows: in turn with four or more columns and 13-31 inner elements (3+ rows: -64),
    # MKL's dot-product kernel with two or three columns (three: up to 10 rows)
    ((3, 40, 6), '0eb1eb4ae6858d78', 'f5dc480150623b35'),
    ((8, 13, 5), 'd6e0ff3830b31816', 'f59127fc44c4516d'),
    ((2, 20, 9), 'c255a439acea66c4', 'bfeadde025916660'),
    ((4, 8, 2), '5940ca8779f06c48', 'aa98cb66d50accf9'),
    ((10, 20, 3), '48c45141f1268b83', 'e4680e798455e3a3'),
    ((15, 31, 2), '27288b30f2657479', 'f1a8d1daa55e581f'),
    ((5, 3, 2), 'da21c115a20ecdfd', 'c1d93f80213989ea'),
    # up to 11 columns and 12 inner elements: in turn where the columns are no more than
    # the rows or the inner elements less one, else the dot-product kernel
    ((4, 8, 9), '2b842aa88c6da3c9', '24be58f2fb1d95d1'),
    ((6, 10, 5), 'c004501dc0aa3440', '02f7ab72fbf2b3a0'),
    ((13, 5, 3), '35cf65c8c03c2549', '8bdaf2cbbd77a62e'),
    ((2, 12, 11), '6c3e3a92ad8dfb79', '352df8e7661d584b'),
    ((4, 3, 8), '5dec8a0088930831', 'ba28bb9af918920b'),
    # three columns of 11 or more rows: in turn up to 64 inner elements
    ((12, 40, 3), '5574e3859c2490b0', 'afa7941141909d99'),
]


@pytest.mark.parametrize("shape, want_addmm, want_mm", NT32_CASES)
def test_float32_linear_layers_on_intel_cpus_are_mkls(mkl_cpu, shape, want_addmm, want_mm):
    """MKL's sgemm on Intel's CPUs with B column-major (a Linear's `x @ W.t()`): each output's
    products in turn (intel_gemm) where `_intel_sgemm_nt_in_turn` says so, in 16 lanes
    where `_intel_sgemm_nt_dot` does (intel_sgemm_dot); addmm adds C afterwards, but with
    one inner element each output is one fused multiply-add onto C (`_rank_one_update`; of
    one row, C last)."""
    mkl_cpu("intel")
    assert _nt_digests(np.float32, 3000, shape) == (want_addmm, want_mm)


# float32 matrix times vector on an Intel Xeon (AVX-512), torch 2.13: (kind, m, k, n, SHA-256
# prefix of the outputs as float.hex joined by spaces) for operands drawn from
# RandomState(4000 m + 10 k + n): "rows" a row-major (m, k) @ (k, 1) (a Linear(k, 1)'s
# forward), "columns" a column-major (m, k) @ (k, 1) (G.t() @ x), "row_wt" (1, k) @ W.t()
# (one sample through a Linear), "row_w" (1, k) @ a row-major (k, n) (one row's gradient)
SGEMV_CASES = [
    ('row_wt', 1, 40, 1, '32f332dbddc6b36d'),
    ('row_wt', 1, 100, 1, 'b1eaed551449cc0d'),
    ('rows', 1, 100, 1, 'e1355cac3e292d3e'),
    ('rows', 2, 40, 1, '35acba05647b5342'),
    ('rows', 3, 70, 1, '90e9fa9f60b82852'),
    ('rows', 5, 33, 1, '4f152285b13dc1c4'),
    ('rows', 6, 65, 1, '923d2aa819a38fd7'),
    ('rows', 7, 100, 1, 'c9835c8396c6f8a9'),
    ('rows', 16, 20, 1, 'ca9f9ede42084ec9'),
    ('rows', 33, 200, 1, 'ad6608ed8859a280'),
    ('rows', 50, 16, 1, 'e4ca6f18a4f81e13'),
    ('rows', 4, 500, 1, '99660ffddcf9cdb7'),
    ('columns', 16, 8, 1, 'b896bd07b08df9e6'),
    ('columns', 17, 20, 1, 'c4cf92969585b26f'),
    ('columns', 32, 64, 1, '311d28bb495e35f6'),
    ('columns', 50, 255, 1, 'cf695b98a5d5fb80'),
    ('columns', 5, 100, 1, 'da0e2d3d3b0cb9e0'),
    ('columns', 100, 9, 1, '3af2ebbfa02f5e8c'),
    ('row_wt', 1, 20, 8, '47a7f9dfa50d01c4'),
    ('row_wt', 1, 64, 32, '91d97478cbc5ea66'),
    ('row_wt', 1, 3, 5, '9e3567a0a3cb0146'),
    ('row_w', 1, 10, 64, 'ef576f2c115548d8'),
    ('row_w', 1, 50, 16, 'f4f593cb21f0a98b'),
    ('row_w', 1, 7, 3, '7a1d39f22621e58d'),
    # 256 or more columns: two halves, each from +0, added
    ('rows', 1, 1000, 1, 'ccc68bde75434652'),
    ('columns', 3, 2000, 1, '357c0137d0655946'),
    ('columns', 20, 400, 1, 'cb9d07188d4a586a'),
    ('columns', 40, 500, 1, '634b615a7c7e16b2'),
    ('row_w', 1, 2000, 3, '31453432e89a0a5e'),
]


def _sgemv_operands(kind, m, k, n):
    r = np.random.RandomState(4000 * m + 10 * k + n)
    f32 = np.float32
    if kind == "rows":
        return (gradcli.from_numpy(r.standard_normal((m, k)).astype(f32)),
                gradcli.from_numpy(r.standard_normal((k, 1)).astype(f32)))
    if kind == "columns":
        return (gradcli.from_numpy(r.standard_normal((k, m)).astype(f32)).t(),
                gradcli.from_numpy(r.standard_normal((k, 1)).astype(f32)))
    a = gradcli.from_numpy(r.standard_normal((1, k)).astype(f32))
    if kind == "row_wt":
        return a, gradcli.from_numpy(r.standard_normal((n, k)).astype(f32)).t()
    return a, gradcli.from_numpy(r.standard_normal((k, n)).astype(f32))


@pytest.mark.parametrize("kind, m, k, n, want", SGEMV_CASES)
def test_float32_matrix_vector_on_intel_cpus_is_mkls(mkl_cpu, kind, m, k, n, want):
    """MKL's sgemv on Intel's CPUs (gradcli.ops.linalg.intel_sgemv_rows and
    intel_sgemv_columns): rows four at a time in 16 lanes, the rows left over in lanes of
    their own (one of them without the pair of lane sets), one row in turn; columns eight
    at a time onto 16 outputs at once, the outputs left over in turn."""
    mkl_cpu("intel")
    a, b = _sgemv_operands(kind, m, k, n)
    assert _digest(a @ b) == want


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_empty_products_on_intel_cpus(mkl_cpu, dtype):
    """Products with an empty dimension take none of MKL's kernels: an empty inner dimension
    gives zeros (one row or column included), an empty outer one an empty result."""
    mkl_cpu("intel")
    for (m, k), n in [((4, 0), 1), ((1, 0), 1), ((3, 0), 3), ((1, 0), 4), ((0, 5), 1),
                      ((0, 3), 4), ((2, 3), 0)]:
        a = gradcli.ones(m, k, dtype=getattr(gradcli, np.dtype(dtype).name))
        b = gradcli.ones(k, n, dtype=a.dtype)
        for right in (b, b.t().contiguous().t()):
            got = (a @ right).numpy()
            assert got.shape == (m, n) and not got.any()


@pytest.mark.parametrize("m, k", [(1, 7), (4, 33), (5, 64), (32, 64), (17, 300)])
def test_sgemv_of_a_zero_vector_skips_the_emulation_with_the_same_bits(monkeypatch, m, k):
    """A zero vector (signs mixed) times a finite matrix is +0 in every output whichever way
    MKL's sgemv orders it, so `_zero_vector_times_finite` returns zeros at once (the second
    level of jacrev(jacrev(...)) sends thousands of them); the full emulation agrees, and a
    matrix with inf or nan still takes it (0 * inf is nan)."""
    from gradcli.ops import linalg
    r = np.random.default_rng(m * k)
    a = r.standard_normal((m, k)).astype(np.float32)
    v = np.where(r.random(k) < 0.5, np.float32(-0.0), np.float32(0.0))
    fast_rows, fast_cols = linalg.intel_sgemv_rows(a, v), linalg.intel_sgemv_columns(a, v)
    monkeypatch.setattr(linalg, "_zero_vector_times_finite", lambda a, v: False)
    slow_rows, slow_cols = linalg.intel_sgemv_rows(a, v), linalg.intel_sgemv_columns(a, v)
    for fast, slow in ((fast_rows, slow_rows), (fast_cols, slow_cols)):
        assert fast.dtype == slow.dtype == np.float32
        assert np.array_equal(fast.view(np.uint32), slow.view(np.uint32))
        assert not np.signbit(fast).any() and not fast.any()
    monkeypatch.undo()
    a[0, 0] = np.inf
    assert np.isnan(linalg.intel_sgemv_rows(a, v)[0])
    assert np.isnan(linalg.intel_sgemv_columns(a, v)[0])
