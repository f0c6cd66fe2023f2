"""rand, randn, randint, randperm and normal draw PyTorch's CPU stream (gradcli/ops/rng.py).

The expected numbers are what PyTorch 2.13 printed after the same `manual_seed`; when
PyTorch is installed, a sweep over seeds, sizes and dtypes compares live (bit for bit, but
for float32 normals of 16 or more elements: PyTorch's vectorised log/sin/cos and NumPy's may
differ in the last bit)."""
import numpy as np
import pytest

from gradcli.namespace import torch_namespace

torch = torch_namespace()


def test_seeded_draws_are_pytorchs():
    torch.manual_seed(0)
    assert torch.rand(3).tolist() == [0.49625658988952637, 0.7682217955589294,
                                      0.08847743272781372]
    assert torch.randn(2, 3).tolist() == [
        [0.3643381893634796, 0.13439632952213287, 0.16421625018119812],
        [0.3057610094547272, 0.20998091995716095, 0.905626118183136]]
    assert torch.randint(0, 10, (5,)).tolist() == [6, 6, 8, 4, 3]
    assert torch.randperm(6).tolist() == [2, 5, 1, 0, 4, 3]
    torch.manual_seed(7)
    assert torch.randn(3, dtype=torch.float64).tolist() == [
        -0.1467950974849952, 0.7861412987235358, 0.9468216090039564]
    assert torch.rand(2, dtype=torch.float64).tolist() == [0.9225293674529872,
                                                           0.8395453757623866]


def test_unseeded_processes_draw_differently_as_in_pytorch():
    # PyTorch seeds its default generator randomly per process; a new Generator() starts
    # from its fixed default seed, 67280421310721
    import subprocess
    import sys
    code = ("import gradcli as torch; print(torch.initial_seed(), torch.rand(2).tolist(), "
            "torch.Generator().initial_seed())")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.split(" ", 1) for _ in range(2)]
    assert runs[0][0] != runs[1][0] and runs[0][1] != runs[1][1]
    assert all(r[1].endswith(" 67280421310721\n") for r in runs)
    assert all(0 <= int(r[0]) < 2 ** 64 for r in runs)


def test_sixteen_or_more_normals_use_the_block_box_muller():
    torch.manual_seed(42)
    want = [1.9269152879714966, 1.4872840642929077, 0.9007171988487244, -2.1055209636688232,
            -0.7581311464309692, 1.078317642211914, 0.8008005619049072, 1.680620551109314,
            0.3558599054813385, -0.6866229772567749, -0.4933563470840454, 0.2414877861738205,
            -0.2316243201494217, 0.041759490966796875, -0.2515752911567688, 0.859858512878418,
            -0.3097267746925354, -0.3957104980945587, 0.8034093379974365, -0.6215953826904297]
    np.testing.assert_allclose(torch.randn(20).tolist(), want, rtol=0, atol=3e-7)


def test_seeding_restarts_the_stream_and_state_round_trips():
    torch.manual_seed(3)
    a = torch.randn(5)
    torch.manual_seed(3)
    assert torch.equal(a, torch.randn(5))
    state = torch.get_rng_state()
    b = torch.rand(4)
    torch.set_rng_state(state)
    assert torch.equal(b, torch.rand(4))
    assert torch.randint(5, (3,)).shape == (3,)


def test_live_against_pytorch():
    real = pytest.importorskip("torch")
    for seed in (0, 1, 2 ** 40 + 7):
        for n in (1, 3, 15, 16, 17, 33, 500):
            for dt in ("float32", "float64"):
                torch.manual_seed(seed)
                real.manual_seed(seed)
                ours = [torch.rand(n, dtype=getattr(torch, dt)), torch.randn(n, dtype=getattr(
                    torch, dt)), torch.randn(n, dtype=getattr(torch, dt))]
                theirs = [real.rand(n, dtype=getattr(real, dt)), real.randn(n, dtype=getattr(
                    real, dt)), real.randn(n, dtype=getattr(real, dt))]
                for a, b in zip(ours, theirs):
                    exact = dt == "float64" or n < 16 or a is ours[0]
                    np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=0,
                                               atol=0 if exact else 5e-7)
            torch.manual_seed(seed)
            real.manual_seed(seed)
            assert torch.randint(-3, 2 ** 33, (n,)).tolist() == \
                real.randint(-3, 2 ** 33, (n,)).tolist()
            assert torch.randperm(n).tolist() == real.randperm(n).tolist()


def test_generator_objects_have_their_own_stream():
    g = torch.Generator().manual_seed(0)
    torch.manual_seed(1)
    assert torch.randn(3, generator=g).tolist() == pytest.approx(
        [1.5409960746765137, -0.293428897857666, -2.1787893772125244])
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(0)
    a, b, c = torch.rand(2), torch.rand(2, generator=g), torch.rand(2)
    assert torch.equal(a, b) and not torch.equal(a, c)
    assert torch.manual_seed(5) is torch.default_generator
    assert torch.default_generator.initial_seed() == 5 and g.initial_seed() == 0
    state = g.get_state()
    first = torch.randint(0, 100, (4,), generator=g)
    g.set_state(state)
    assert torch.equal(first, torch.randint(0, 100, (4,), generator=g))
    assert torch.randperm(4, generator=torch.Generator().manual_seed(0)).tolist() == \
        torch.randperm(4, generator=torch.Generator().manual_seed(0)).tolist()


def test_dropout_and_bernoulli_masks_are_pytorchs():
    F = torch.nn.functional
    torch.manual_seed(0)
    assert F.dropout(torch.ones(20), 0.5).tolist() == [
        0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 2.0, 2.0, 0.0, 2.0, 2.0, 2.0, 2.0, 0.0, 2.0, 2.0, 2.0,
        2.0, 0.0, 0.0]
    torch.manual_seed(3)
    assert F.dropout2d(torch.ones(2, 3, 1, 1), 0.5).flatten().tolist() == [
        2.0, 2.0, 0.0, 2.0, 0.0, 0.0]
    torch.manual_seed(1)
    p = torch.tensor([0.1, 0.5, 0.9, 0.99])
    assert torch.bernoulli(p).tolist() == [0.0, 1.0, 1.0, 1.0]
    assert torch.ones(3).bernoulli_(0.5).tolist() == [1.0, 1.0, 0.0]


RRELU_WANT = [-0.3270943760871887, 2.0, -0.8173874616622925, -0.11035238951444626, 0.0]


def test_rrelu_slopes_are_pytorchs():
    torch.manual_seed(0)
    x = torch.tensor([-1.0, 2.0, -3.0, -0.5, 0.0])
    got = torch.nn.functional.rrelu(x, training=True).tolist()
    assert got == pytest.approx(RRELU_WANT, abs=0, rel=1e-7)


def test_multinomial_draws_are_pytorchs():
    # expected: PyTorch 2.13 after the same manual_seed
    torch.manual_seed(0)
    assert torch.multinomial(torch.tensor([0.1, 0.3, 0.6]), 4,
                             replacement=True).tolist() == [2, 2, 2, 2]
    assert torch.multinomial(torch.tensor([[0.1, 0.3, 0.6], [1., 1., 0.]]),
                             2).tolist() == [[2, 1], [0, 1]]
    assert torch.multinomial(torch.tensor([1., 2.], dtype=torch.float64), 5,
                             True).tolist() == [1, 0, 1, 1, 1]


@pytest.mark.parametrize("args, message", [
    ((torch.tensor([1., 2.]), 3), "cannot sample n_sample > prob_dist.size(-1) samples "
                                  "without replacement"),
    ((torch.tensor([1., -2.]), 1), "probability tensor contains either `inf`, `nan` or "
                                   "element < 0"),
    ((torch.tensor([1., -2.]), 2, True), "invalid multinomial distribution (encountering "
                                         "probability entry < 0)"),
    ((torch.tensor([0., 0.]), 2, True), "invalid multinomial distribution (sum of "
                                        "probabilities <= 0)"),
    ((torch.tensor([1., 2.]), 0), "cannot sample n_sample <= 0 samples"),
    ((torch.tensor(1.), 1), "prob_dist must be 1 or 2 dim"),
])
def test_multinomial_refusals_are_pytorchs(args, message):
    with pytest.raises(RuntimeError) as info:
        torch.multinomial(*args)
    assert str(info.value) == message


def test_exponential_random_and_tensor_normal_draws_are_pytorchs():
    torch.manual_seed(0)
    assert torch.empty(3).exponential_().tolist() == [3.508326292037964, 1.2303847074508667,
                                                      0.615044116973877]
    assert torch.empty(2, dtype=torch.float64).exponential_(2.0).tolist() == [
        1.2675593221079409, 0.517852717911404]
    torch.manual_seed(0)
    assert torch.empty(3).random_(0, 10).tolist() == [4.0, 9.0, 3.0]
    assert torch.empty(2).random_().tolist() == [2214888.0, 5157545.0]
    assert torch.empty(2, dtype=torch.int64).random_().tolist() == [6602931244009092803,
                                                                     6405663928159085577]
    assert torch.empty(3, dtype=torch.bool).random_().tolist() == [True, True, False]
    torch.manual_seed(0)
    assert torch.normal(torch.tensor([0., 10.]), 1.0).tolist() == [1.5409960746765137,
                                                                    9.706571578979492]
    assert torch.normal(2.0, torch.tensor([1., 2.])).tolist() == [-0.17878937721252441,
                                                                   3.1368625164031982]
    assert torch.normal(torch.zeros(2, 1), torch.ones(3)).shape == (2, 3)
    torch.manual_seed(1)
    assert torch.randint_like(torch.zeros(4), 3, 10).tolist() == [3.0, 6.0, 7.0, 6.0]


def test_new_empty_and_dtype_is_signed():
    a = torch.tensor([1, 2])
    assert a.new_empty(2).shape == (2,) and a.new_empty(2).dtype == torch.int64
    assert a.new_empty((2, 3), dtype=torch.float64).dtype == torch.float64
    assert [d.is_signed for d in (torch.int8, torch.uint8, torch.bool, torch.float32)] == [
        True, False, False, True]


def test_poisson_draws_are_pytorchs():
    # small rates multiply uniforms, from 10 up Hoermann's rejection (PyTorch 2.13's values)
    torch.manual_seed(0)
    assert torch.poisson(torch.tensor([0.5, 1., 3., 9.9, 10., 25., 100., 0.])).tolist() == [
        2.0, 3.0, 3.0, 11.0, 10.0, 26.0, 105.0, 0.0]
    assert torch.poisson(torch.tensor([[2.5, 40.], [7., 1000.]],
                                      dtype=torch.float64)).tolist() == [[3.0, 32.0],
                                                                         [6.0, 1024.0]]
    assert torch.rand(2).tolist() == [0.6922780871391296, 0.2038482427597046]
    with pytest.raises(RuntimeError, match="invalid Poisson rate, expected rate to be "
                                           "non-negative"):
        torch.poisson(torch.tensor([-1.]))
    with pytest.raises(NotImplementedError) as info:
        torch.poisson(torch.tensor([1]))
    assert str(info.value) == "\"poisson_cpu\" not implemented for 'Long'"
