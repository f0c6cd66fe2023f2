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
