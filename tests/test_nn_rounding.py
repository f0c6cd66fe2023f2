"""float32 training loops print PyTorch's losses to the last bit: randn's block Box-Muller uses
ATen's own vectorised log/sincos (ops/avx_mathfun.py) and sums/means add in the order of
ATen's CPU sum kernel (ops/sumorder.py). Expected numbers are torch 2.13's output."""
import numpy as np
import pytest

import gradcli as torch
import gradcli.nn as nn
import gradcli.nn.functional as F
from gradcli.ops.avx_mathfun import log256, sincos256
from gradcli.ops.sumorder import torch_mean, torch_sum


def test_randn_of_sixteen_float32_is_bit_exact():
    torch.manual_seed(0)
    assert torch.randn(16).tolist() == [
        -1.1258398294448853, -1.152360200881958, -0.2505785822868347, -0.4338788092136383,
        0.8487103581428528, 0.6920091509819031, -0.31601276993751526, -2.1152193546295166,
        0.32227492332458496, -1.2633347511291504, 0.34998318552970886, 0.30813392996788025,
        0.11984150856733322, 1.237657904624939, 1.1167771816253662, -0.2472781538963318]


def test_randn_tail_block_and_normal_with_mean_std():
    torch.manual_seed(3)
    assert torch.randn(37).tolist()[-5:] == [
        0.5615938901901245, -0.24814683198928833, -1.0799609422683716, 0.5916217565536499,
        0.7242393493652344]
    torch.manual_seed(0)
    assert torch.empty(20).normal_(2.0, 0.5).tolist()[:4] == [
        1.4370801448822021, 1.423819899559021, 1.8747106790542603, 1.7830605506896973]


def test_avx_mathfun_is_close_to_the_true_functions():
    x = np.linspace(1e-6, 1, 1001, dtype=np.float32)
    np.testing.assert_allclose(log256(x), np.log(x.astype(np.float64)), rtol=1e-6, atol=1e-7)
    assert np.isnan(log256(np.array([0.0, -1.0], np.float32))).all()
    t = np.linspace(0, 2 * np.pi, 1001, dtype=np.float32)
    s, c = sincos256(t)
    np.testing.assert_allclose(s, np.sin(t.astype(np.float64)), atol=2e-7)
    np.testing.assert_allclose(c, np.cos(t.astype(np.float64)), atol=2e-7)


def test_sum_and_mean_add_in_atens_order():
    x = torch.arange(1, 101, dtype=torch.float32) / 7
    assert (x.sum().item(), x.mean().item(), (x * x).sum().item()) == (
        721.4285888671875, 7.214285850524902, 6905.1015625)
    assert x.view(4, 25).sum(1).tolist() == [
        46.4285774230957, 135.71429443359375, 225.00001525878906, 314.28570556640625]
    assert x.view(4, 25).mean(-1, keepdim=True).view(-1).tolist() == [
        1.8571430444717407, 5.428571701049805, 9.000000953674316, 12.571428298950195]
    y = torch.arange(1, 8, dtype=torch.float64).sqrt()
    assert (y.sum().item(), y.mean().item()) == (13.477573401289531, 1.9253676287556474)


@pytest.mark.parametrize("n", [0, 1, 7, 8, 9, 33, 300, 5000])
def test_torch_sum_keeps_numpy_semantics(n):
    a = np.random.RandomState(n).randn(3, n)
    for axis, keep in ((None, False), (-1, True), ((0, 1), False), (0, True)):
        want = np.sum(a, axis=axis, keepdims=keep)
        got = torch_sum(a, axis, keep)
        assert np.shape(got) == np.shape(want)
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-9)
    if n:
        np.testing.assert_allclose(torch_mean(a.astype(np.float32), -1),
                                   a.mean(-1), rtol=1e-5)
    assert torch_sum(np.arange(n)).dtype == np.sum(np.arange(n)).dtype


def test_sgd_momentum_mse_loop_prints_pytorchs_losses():
    torch.manual_seed(0)
    m = nn.Linear(2, 1)
    opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
    x = torch.randn(8, 2)
    y = x.sum(1, keepdim=True)
    losses = []
    for _ in range(5):
        opt.zero_grad()
        loss = F.mse_loss(m(x), y)
        losses.append(loss.item())
        loss.backward()
        opt.step()
    assert losses == [1.7447396516799927, 1.110156774520874, 0.3626975119113922,
                      0.011724771931767464, 0.18260584771633148]
