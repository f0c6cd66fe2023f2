"""float32 reductions and normalisations rounded as PyTorch 2.13's CPU kernels, bit for bit
(and a few float64 ones whose order shows in the last bit).

Each case computes a float32 (f64_: float64) result (a forward value or an input's
gradient) from inputs built by integer arithmetic (the same bits everywhere); its bytes'
SHA-256 prefix is compared with the one PyTorch 2.13 gave for the same case on the
reference machine (2 threads, which batch_norm, softmax and layer_norm's weight gradient
depend on). `test_live_sweep` compares
with torch itself on random shapes when torch is installed.
"""
import hashlib

import numpy as np
import pytest

import gradcli

THREADS = 2     # the reference run's torch.get_num_threads()


def _u(n: int, seed: int) -> np.ndarray:
    """n numbers in [0, 1) from a multiplicative hash (exact in float64)."""
    i = np.arange(n, dtype=np.uint64)
    return ((i * np.uint64(2654435761) + np.uint64(seed * 40503 + 17)) % np.uint64(1 << 32)
            ).astype(np.float64) / 4294967296.0


def _x(t, shape, seed=1, scale=4.0, shift=0.0, grad=False):
    n = int(np.prod(shape))
    a = ((_u(n, seed) - 0.5) * scale + shift).astype(np.float32).reshape(shape)
    x = t.tensor(a)
    return x.requires_grad_() if grad else x


def _grad(t, f, shape, **kw):
    """The gradient of sum(f(x) * g) at x, g fixed by the same hash."""
    x = _x(t, shape, grad=True, **kw)
    y = f(x)
    g = _x(t, tuple(y.shape), seed=99, scale=2.0, shift=0.25)
    y.backward(g)
    return x.grad


def _w(t, n, seed=5):
    return _x(t, (n,), seed=seed, scale=1.0, shift=1.0)


F = lambda t: t.nn.functional  # noqa: E731

# name -> (t -> float32 tensor)
CASES = {
    "var_all": lambda t: _x(t, (16, 100), shift=3.0).var(),
    "var_dim1": lambda t: _x(t, (16, 100), shift=3.0).var(1),
    "var_dim0": lambda t: _x(t, (16, 100), seed=2).var(0),
    "var_dims02": lambda t: _x(t, (3, 7, 5), seed=3).var((0, 2)),
    "std_dim1_c0": lambda t: _x(t, (8, 40), seed=4).std(1, correction=0),
    "std_all": lambda t: _x(t, (4, 17), seed=5, scale=0.01, shift=-3.0).std(),
    "cumsum_dim1": lambda t: _x(t, (16, 100), seed=6).cumsum(1),
    "cumsum_dim0": lambda t: _x(t, (16, 100), seed=6).cumsum(0),
    "cumprod_dim1": lambda t: _x(t, (8, 40), seed=7, scale=0.5, shift=1.0).cumprod(1),
    "prod_dim1": lambda t: _x(t, (16, 100), seed=8, scale=0.5, shift=1.0).prod(1),
    "prod_all": lambda t: _x(t, (4, 17), seed=8, scale=0.5, shift=1.0).prod(),
    "norm_all": lambda t: _x(t, (16, 100), seed=9).norm(),
    "norm_dim1": lambda t: _x(t, (16, 101), seed=9).norm(dim=1),
    "vector_norm_p1": lambda t: t.linalg.vector_norm(_x(t, (16, 100), seed=10), 1, dim=1),
    "vector_norm_p3": lambda t: t.linalg.vector_norm(_x(t, (16, 100), seed=10), 3, dim=1),
    "normalize": lambda t: F(t).normalize(_x(t, (16, 100), seed=11)),
    "cosine_similarity": lambda t: F(t).cosine_similarity(_x(t, (16, 37), seed=12),
                                                          _x(t, (16, 37), seed=13)),
    "softmax_dim0": lambda t: t.softmax(_x(t, (16, 100), seed=14), 0),
    "log_softmax_dim1_of3": lambda t: t.log_softmax(_x(t, (3, 40, 21), seed=15), 1),
    "layer_norm": lambda t: F(t).layer_norm(_x(t, (16, 100), seed=16, shift=2.0), (100,)),
    "layer_norm_affine": lambda t: F(t).layer_norm(_x(t, (8, 37), seed=17), (37,),
                                                   _w(t, 37), _w(t, 37, 6)),
    "batch_norm_nc": lambda t: F(t).batch_norm(_x(t, (16, 100), seed=18), None, None,
                                               training=True),
    "batch_norm_ncl": lambda t: F(t).batch_norm(_x(t, (4, 6, 25), seed=19), None, None,
                                                _w(t, 6), _w(t, 6, 7), training=True),
    "batch_norm_eval": lambda t: F(t).batch_norm(_x(t, (16, 10), seed=20), _w(t, 10, 8),
                                                 _w(t, 10, 9)),
    "batch_norm_running_var": lambda t: _running_var(t),
    "group_norm": lambda t: F(t).group_norm(_x(t, (4, 6, 25), seed=21), 3, _w(t, 6),
                                            _w(t, 6, 7)),
    "addcmul": lambda t: t.addcmul(_x(t, (16, 100), seed=22), _x(t, (16, 100), seed=23),
                                   _x(t, (16, 100), seed=24), value=0.3),
    "addcdiv": lambda t: t.addcdiv(_x(t, (16, 100), seed=22), _x(t, (16, 100), seed=23),
                                   _x(t, (16, 100), seed=24, shift=5.0), value=0.3),
    "cdist": lambda t: t.cdist(_x(t, (9, 13), seed=25), _x(t, (7, 13), seed=26)),
    "cdist_p3": lambda t: t.cdist(_x(t, (9, 13), seed=25), _x(t, (7, 13), seed=26), p=3),
    "grad_layer_norm": lambda t: _grad(t, lambda x: F(t).layer_norm(x, (37,)), (8, 37),
                                       seed=27),
    "grad_batch_norm_nc": lambda t: _grad(t, lambda x: F(t).batch_norm(
        x, None, None, training=True), (16, 20), seed=28),
    "grad_batch_norm_ncl": lambda t: _grad(t, lambda x: F(t).batch_norm(
        x, None, None, training=True), (4, 6, 25), seed=29),
    "grad_softmax_dim0": lambda t: _grad(t, lambda x: t.softmax(x, 0), (16, 100), seed=30),
    "grad_log_softmax_dim0": lambda t: _grad(t, lambda x: t.log_softmax(x, 0), (16, 100),
                                             seed=31),
    "grad_var_dim1": lambda t: _grad(t, lambda x: x.var(1), (16, 100), seed=32),
    "f64_var_dim1": lambda t: _x(t, (16, 100), seed=36).double().var(1),
    "f64_std_all": lambda t: _x(t, (16, 100), seed=37, shift=2.0).double().std(),
    "f64_prod_dim1": lambda t: _x(t, (16, 100), seed=38, scale=0.5, shift=1.0).double().prod(1),
    "f64_addcmul": lambda t: t.addcmul(*(_x(t, (16, 100), seed=k).double() for k in (39, 40, 41)),
                                       value=0.3),
    "grad_norm_dim1": lambda t: _grad(t, lambda x: x.norm(dim=1), (16, 100), seed=33),
    "grad_cdist": lambda t: _grad(t, lambda x: t.cdist(x, _x(t, (7, 13), seed=42)), (9, 13),
                                  seed=43),
}


def _running_var(t):
    bn = t.nn.BatchNorm1d(10)
    bn(_x(t, (16, 10), seed=34))
    bn(_x(t, (16, 10), seed=35, shift=1.0))
    return bn.running_var


# PyTorch 2.13's results (sha256 of the result's bytes, first 16 hex digits)
TORCH = {
    "addcdiv": "f14d290060d9db2f",
    "addcmul": "9ad66a349f9f00c8",
    "batch_norm_eval": "21ec616056e5c14d",
    "batch_norm_nc": "50641f43889dfdab",
    "batch_norm_ncl": "adf9be20d4ddc0e8",
    "batch_norm_running_var": "4b2b2be557f222c3",
    "cdist": "b05da61baa1ab0de",
    "cdist_p3": "f5ecfc36be41117b",
    "cosine_similarity": "7d301cacaeb3caa9",
    "cumprod_dim1": "9ba568b61fcec392",
    "cumsum_dim0": "20113918a0423dba",
    "cumsum_dim1": "15c80de4a2c50824",
    "f64_addcmul": "501550838c21c632",
    "f64_prod_dim1": "0c5c27e9c6116aee",
    "f64_std_all": "c0a767fa3b96cfc0",
    "f64_var_dim1": "1c85f4efd5476a33",
    "grad_cdist": "0607b6da56f615e9",
    "grad_batch_norm_nc": "caebeaf5c4dbeb5d",
    "grad_batch_norm_ncl": "0cb636f617489b15",
    "grad_layer_norm": "49d0a905c45592e3",
    "grad_log_softmax_dim0": "d4130f1a0c688917",
    "grad_norm_dim1": "2dff8f2c38853db1",
    "grad_softmax_dim0": "307a428e4e29f301",
    "grad_var_dim1": "b42ad9ad03187fb8",
    "group_norm": "0ed0e9c9aaa3c039",
    "layer_norm": "dd277fe82d6beb93",
    "layer_norm_affine": "9b8167d4f604d15d",
    "log_softmax_dim1_of3": "cb02df9264eda98e",
    "norm_all": "7de56f7546abc5e2",
    "norm_dim1": "179170db56ae62dc",
    "normalize": "f6f900d777a7eb34",
    "prod_all": "b8ae7147bba1934c",
    "prod_dim1": "b3e6875589fb2797",
    "softmax_dim0": "b3c6b9695a0ea42e",
    "std_all": "dd986d9b84488c44",
    "std_dim1_c0": "a443ff1f46dd1915",
    "var_all": "c2a31bdc138a770d",
    "var_dim0": "133b4052a01a1d69",
    "var_dim1": "57a8d2193e1e931d",
    "var_dims02": "146fcc12bc42b6d3",
    "vector_norm_p1": "ced9e6d96214116b",
    "vector_norm_p3": "4ada615bfc1bb212",
}


def _digest(r) -> str:
    a = np.ascontiguousarray(r.detach().numpy())
    assert a.dtype in (np.float32, np.float64)
    return hashlib.sha256(a.tobytes()).hexdigest()[:16]


@pytest.fixture(autouse=True)
def _threads():
    before = gradcli.get_num_threads()
    gradcli.set_num_threads(THREADS)
    yield
    gradcli.set_num_threads(before)


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_torch(name):
    assert _digest(CASES[name](gradcli)) == TORCH[name]


def test_var_literal_digits():
    """var/std as users print them (every float32 digit); the numbers are PyTorch's."""
    x = gradcli.tensor([[0.1, 0.7, 1.3, 2.9, -0.4], [3.3, 3.1, 2.7, 3.05, 3.2]])
    assert [x.var().item(), x.var(1).tolist(), x.std(0).tolist()] == VAR_LITERAL


VAR_LITERAL = [
    2.0324721336364746,
    [1.6320000886917114, 0.05199998617172241],
    [2.2627415657043457, 1.6970561742782593, 0.9899495840072632, 0.10606591403484344,
     2.5455844402313232]]


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_live_sweep():
    """Random shapes, with an inf, a nan or zeros mixed in, against torch itself (skipped
    without torch)."""
    torch = pytest.importorskip("torch")
    torch.set_num_threads(THREADS)
    rng = np.random.default_rng(0)
    ops = [lambda t, x: x.var(1), lambda t, x: x.std(0), lambda t, x: x.var(),
           lambda t, x: x.cumsum(1), lambda t, x: x.cumsum(0), lambda t, x: x.cumprod(1),
           lambda t, x: x.prod(1), lambda t, x: x.norm(dim=1), lambda t, x: x.norm(),
           lambda t, x: t.linalg.vector_norm(x, 1, dim=1), lambda t, x: t.softmax(x, 0),
           lambda t, x: t.log_softmax(x, 0), lambda t, x: F(t).layer_norm(x, x.shape[-1:]),
           lambda t, x: F(t).group_norm(x.reshape(1, x.shape[0], -1), 1),
           lambda t, x: F(t).normalize(x), lambda t, x: t.cdist(x[:20], x[:20] * 0.5 + 1),
           lambda t, x: t.addcmul(x, x, x, value=0.3)]
    for rows, cols in [(1, 1), (2, 3), (5, 7), (9, 16), (17, 33), (25, 70), (3, 300),
                       (150, 200)]:
        a = (rng.standard_normal((rows, cols)) * 3 + 1).astype(np.float32)
        variants = [a]
        for value in (np.inf, np.nan, 0.0):
            b = a.copy()
            b.flat[min(2, a.size - 1)] = value
            variants.append(b)
        for x in variants:
            for op in ops:
                try:
                    want = op(torch, torch.tensor(x)).numpy()
                except ValueError:                  # one value per group: refused alike
                    with pytest.raises(ValueError):
                        op(gradcli, gradcli.tensor(x))
                    continue
                np.testing.assert_array_equal(op(gradcli, gradcli.tensor(x)).numpy(), want)
            if rows > 1:
                for mk in (lambda t: F(t).batch_norm(t.tensor(x), None, None, training=True),
                           lambda t: F(t).batch_norm(t.tensor(x).reshape(rows, 1, -1), None,
                                                     None, training=True)):
                    np.testing.assert_array_equal(mk(gradcli).numpy(), mk(torch).numpy())


VAR_MEAN = """import torch
g = torch.Generator().manual_seed(3)
x = torch.randn(4, 17, generator=g)
print(torch.var_mean(x, 1)[0].tolist(), torch.std_mean(x)[0].item(), torch.var_mean(x, 0, correction=0)[1][:5].tolist())
"""


def test_var_mean_and_std_mean_round_as_torch():
    import io
    from gradcli.lang import run_source
    out = io.StringIO()
    run_source(VAR_MEAN, out=out)
    assert out.getvalue() == (  # PyTorch 2.13's output
        "[0.491758793592453, 1.2770318984985352, 0.5471864938735962, 1.2326515913009644] "
        "0.9356679320335388 [0.09067673236131668, -0.34733206033706665, -0.25015124678611755, "
        "0.004494287073612213, 0.688787043094635]\n")


def test_in_turn_sums_by_one_reduction_add_in_turn():
    """sumorder._sequential hands NumPy one reduction where NumPy walks the summed axis
    outside the others (which then adds row after row): bit for bit a loop adding the rows
    in turn from zeros, on contiguous arrays, transposes, reversed and strided views, and the
    blocks _cascade takes, in float32 and float64, signed zeros included."""
    from gradcli.ops.sumorder import _sequential, _walked_outside
    rng = np.random.default_rng(11)
    reduced = 0
    for _ in range(400):
        shape = tuple(int(s) for s in rng.integers(1, 30, size=rng.integers(2, 5)))
        dt = rng.choice([np.float32, np.float64])
        x = (rng.standard_normal(shape) * 10.0 ** rng.integers(-8, 8, size=shape)).astype(dt)
        x[rng.random(shape) < 0.05] = -0.0
        views = [x, x.transpose(rng.permutation(x.ndim)), np.moveaxis(x, -1, 0), x[:, ::2],
                 x[::-1]]
        for step in (2, 3, 16):
            full = shape[0] // step * step
            if full:
                views.append(np.moveaxis(x[:full].reshape((full // step, step) + shape[1:]),
                                         1, 0))
        for v in views:
            acc = np.zeros(v.shape[1:], v.dtype)
            for row in v:
                acc = acc + row
            got = _sequential(v)
            assert got.dtype == v.dtype and got.tobytes() == acc.tobytes(), (v.shape, v.strides)
            reduced += len(v) > 2 and _walked_outside(v)
    assert reduced > 1000



def _zeros_and_ones(m: int, n: int, seed: int) -> np.ndarray:
    """An m x n matrix of +0/-0 and ones and twos from a multiplicative hash (the same
    everywhere): nonnegative for even seeds (min is a zero), nonpositive for odd ones (max
    is), mixed signs for every third."""
    i = np.arange(m * n, dtype=np.uint64)
    h = (i * np.uint64(2654435761) + np.uint64(seed * 40503 + 17)) % np.uint64(1 << 32)
    v = np.where(h % np.uint64(5) < np.uint64(2), 0.0,
                 np.where(h % np.uint64(5) < np.uint64(4), 1.0, 2.0))
    v = np.where((h >> np.uint64(7)) % np.uint64(2) == 1, -v, v) if seed % 3 == 2 \
        else v * (-1.0) ** seed
    v = np.where(v == 0, np.where((h >> np.uint64(9)) % np.uint64(2) == 1, -0.0, 0.0), v)
    return v.reshape(m, n)


_EXTREME_SHAPES = [(1, 3), (1, 17), (1, 31), (1, 32), (1, 33), (1, 40), (1, 64), (1, 65), (1, 100),
                   (1, 257), (2, 16), (3, 20), (4, 33), (5, 64), (7, 70), (9, 130), (40, 7),
                   (33, 32), (20, 64), (6, 48)]
#: torch 2.13's sign bits of amin(), amax(), min(), max(), amin(1), amax(1), amin(0), amax(0),
#: t().amin(1), t().amax(0) for each shape, float32 then float64
_EXTREME_SIGNS = [
    '0 0 0 0 0 0 000 000 000 0',
    '0 0 0 0 0 0 000 000 000 0',
    '1 1 1 1 1 1 11011111111010011 11011111111010011 11011111111010011 1',
    '1 1 1 1 1 1 11011111111010011 11011111111010011 11011111111010011 1',
    '1 0 1 0 1 0 0010101001001001101010100100101 0010101001001001101010100100101 0010101001001001101010100100101 0',
    '1 0 1 0 1 0 0010101001001001101010100100101 0010101001001001101010100100101 0010101001001001101010100100101 0',
    '1 1 1 0 1 1 11111111001010111111111010111111 11111111001010111111111010111111 11111111001010111111111010111111 1',
    '1 1 1 0 1 1 11111111001010111111111010111111 11111111001010111111111010111111 11111111001010111111111010111111 1',
    '1 0 0 0 1 0 010110000000000110100000000100100 010110000000000110100000000100100 010110000000000110100000000100100 0',
    '0 0 0 0 0 0 010110000000000110100000000100100 010110000000000110100000000100100 010110000000000110100000000100100 0',
    '1 0 1 0 1 0 0110110101010011011101011001101101010100 0110110101010011011101011001101101010100 0110110101010011011101011001101101010100 0',
    '1 0 1 0 1 0 0110110101010011011101011001101101010100 0110110101010011011101011001101101010100 0110110101010011011101011001101101010100 0',
    '0 0 1 0 0 0 0100000000010101000000000101000000000101010000000001010000000001 0100000000010101000000000101000000000101010000000001010000000001 0100000000010101000000000101000000000101010000000001010000000001 0',
    '0 0 1 0 0 0 0100000000010101000000000101000000000101010000000001010000000001 0100000000010101000000000101000000000101010000000001010000000001 0100000000010101000000000101000000000101010000000001010000000001 0',
    '1 1 1 0 1 1 11101001111111111011011111111010010111111110010111111110110101111 11101001111111111011011111111010010111111110010111111110110101111 11101001111111111011011111111010010111111110010111111110110101111 1',
    '1 0 1 1 1 0 11101001111111111011011111111010010111111110010111111110110101111 11101001111111111011011111111010010111111110010111111110110101111 11101001111111111011011111111010010111111110010111111110110101111 0',
    '1 0 1 0 1 0 0001101110101100110110101000011011001011001101101010000110110010110010011010100001001100101100100110 0001101110101100110110101000011011001011001101101010000110110010110010011010100001001100101100100110 0001101110101100110110101000011011001011001101101010000110110010110010011010100001001100101100100110 0',
    '1 0 1 0 1 0 0001101110101100110110101000011011001011001101101010000110110010110010011010100001001100101100100110 0001101110101100110110101000011011001011001101101010000110110010110010011010100001001100101100100110 0001101110101100110110101000011011001011001101101010000110110010110010011010100001001100101100100110 0',
    '1 1 1 0 1 1 10101011111111101011111111101010111111111010111111111010101111111110101111111110101011111111101011111111101010111111111010101111111010101111111110101011111111101011111111101011111111111010011111111010111111111110100111111110101111111111101001111111101011111 10101011111111101011111111101010111111111010111111111010101111111110101111111110101011111111101011111111101010111111111010101111111010101111111110101011111111101011111111101011111111111010011111111010111111111110100111111110101111111111101001111111101011111 10101011111111101011111111101010111111111010111111111010101111111110101111111110101011111111101011111111101010111111111010101111111010101111111110101011111111101011111111101011111111111010011111111010111111111110100111111110101111111111101001111111101011111 1',
    '1 1 1 0 1 1 10101011111111101011111111101010111111111010111111111010101111111110101111111110101011111111101011111111101010111111111010101111111010101111111110101011111111101011111111101011111111111010011111111010111111111110100111111110101111111111101001111111101011111 10101011111111101011111111101010111111111010111111111010101111111110101111111110101011111111101011111111101010111111111010101111111010101111111110101011111111101011111111101011111111111010011111111010111111111110100111111110101111111111101001111111101011111 10101011111111101011111111101010111111111010111111111010101111111110101111111110101011111111101011111111101010111111111010101111111010101111111110101011111111101011111111101011111111111010011111111010111111111110100111111110101111111111101001111111101011111 1',
    '1 0 0 0 01 00 0001000110100000 0000000100000000 0001000110100000 00',
    '1 0 0 0 10 00 0001001010100000 0000001000000000 0001001010100000 00',
    '1 0 1 0 111 000 01111111110111110111 01000100100100000000 01111111110111110111 000',
    '1 0 1 0 111 000 01111111110111110111 00000100100100100000 01111111110111110111 000',
    '0 0 1 0 0101 0000 100101010010101001010010101001010 000000000000000000000000000000000 100101010010101001010010101001010 0000',
    '0 0 1 0 0101 0000 100101010010101001010010101001010 000000000000000000000000000000000 100101010010101001010010101001010 0000',
    '1 0 1 1 11111 00000 1111111111111111111111111111111111111111111111111111111111111111 0101011110110101010110100101010111101101010100111101010101111001 1111111111111111111111111111111111111111111111111111111111111111 00000',
    '1 0 1 1 11111 00000 1111111111111111111111111111111111111111111111111111111111111111 0101011110110101010110100101010111101101010100111101010101111001 1111111111111111111111111111111111111111111111111111111111111111 00000',
    '1 0 1 0 1111111 0000000 1111011111111111111111111111111111111111111111111111111111111111111111 0000000000000000000000000000000000000000000000000000000000000000000000 1111011111111111111111111111111111111111111111111111111111111111111111 0000000',
    '1 0 1 0 1111111 0000000 1111011111111111111111111111111111111111111111111111111111111111111111 0000000000000000000000000000000000000000000000000000000000000000000000 1111011111111111111111111111111111111111111111111111111111111111111111 0000000',
    '1 0 1 0 111111111 110000111 1111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111 0110111010010100101010110101101110100101001010101101001011101001011010101011010010101010010110101010110100101010100101101011101101 1111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111 110000111',
    '1 1 1 0 111111111 110000011 1111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111 0110111010010100101010110101101110100101001010101101001011101001011010101011010010101010010110101010110100101010100101101011101101 1111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111 110000011',
    '1 0 0 0 1110110001001000100010001011101111100100 0000000000000000000000000000000000000000 1010110 0000000 1010110 0000000000000000000000000000000000000000',
    '1 0 0 0 1110110001001000100010001011101111100100 0000000000000000000000000000000000000000 1010110 0000000 1010110 0000000000000000000000000000000000000000',
    '1 0 1 0 111111111111111111111111111111111 000000000000000000000000000000000 11111111111111111111111111111111 00000000000000000000000000000000 11111111111111111111111111111111 000000000000000000000000000000000',
    '1 0 1 0 111111111111111111111111111111111 000000000000000000000000000000000 11111111111111111111111111111111 00000000000000000000000000000000 11111111111111111111111111111111 000000000000000000000000000000000',
    '0 0 1 0 00011101111100110000 00000000000000000000 0110101001010100101011010101101010010101001010010101011010110101 0000000000000000000000000000000000000000000000000000000000000000 0110101001010100101011010101101010010101001010010101011010110101 00000000000000000000',
    '0 0 1 0 00101111111110000000 00000000000000000000 0110101001010100101011010101101010010101001010010101011010110101 0000000000000000000000000000000000000000000000000000000000000000 0110101001010100101011010101101010010101001010010101011010110101 00000000000000000000',
    '1 1 1 1 111111 000000 111111111111111111111111111111111111111111111111 010101010101010101010101010001010101010101010101 111111111111111111111111111111111111111111111111 000000',
    '1 0 1 1 111111 000000 111111111111111111111111111111111111111111111111 010101010101010101010101010001010101010111010101 111111111111111111111111111111111111111111111111 000000',
]


@pytest.mark.parametrize("k", range(len(_EXTREME_SHAPES)))
def test_equal_zeros_of_min_max_are_the_one_pytorch_keeps(k):
    """Of equal extremes (+0 and -0), min/max/amin/amax return the one PyTorch's kernels keep
    (ops/minmaxorder.py): the printed sign of a zero minimum follows PyTorch's."""
    m, n = _EXTREME_SHAPES[k]
    for j, dt in enumerate((gradcli.float32, gradcli.float64)):
        t = gradcli.tensor(_zeros_and_ones(m, n, k), dtype=dt)
        got = []
        for f in (lambda: t.amin(), lambda: t.amax(), lambda: t.min(), lambda: t.max(),
                  lambda: t.amin(1), lambda: t.amax(1), lambda: t.amin(0), lambda: t.amax(0),
                  lambda: t.t().amin(1), lambda: t.t().amax(0)):
            got.append("".join("1" if s else "0" for s in
                               gradcli.signbit(f()).reshape(-1).tolist()))
        assert " ".join(got) == _EXTREME_SIGNS[2 * k + j], (m, n, dt)
