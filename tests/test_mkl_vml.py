"""MKL's vector math as PyTorch calls it on an Intel CPU with AVX-512 (gradcli/mklvml.py).

ATen hands float32 `tanh` to MKL's vsTanh (high accuracy), which is not always correctly
rounded; its AVX-512 algorithm is ported bit for bit. The expected digests and outputs are
torch 2.13's on such a CPU (the `mkl_intel` fixture makes any machine take that path)."""
from __future__ import annotations

import hashlib

import numpy as np
import pytest

import gradcli
from gradcli import mklvml
from test_autograd_parity4 import run

CASES = [
    ('import torch.nn as nn\ntorch.manual_seed(1)\nm = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))\nopt = torch.optim.SGD(m.parameters(), lr=0.5)\nX = torch.tensor([[0., 0.], [0., 1.], [1., 0.], [1., 1.]]); Y = torch.tensor([[0.], [1.], [1.], [0.]])\nfor i in range(60):\n    opt.zero_grad(); l = ((m(X) - Y) ** 2).mean(); l.backward(); opt.step()\n    if i % 20 == 19:\n        print(i, l.item())\nprint(m(X).detach().tolist())\nx = torch.linspace(-4, 4, 9, requires_grad=True)\ny = torch.tanh(x * 1.1)\ny.sum().backward()\nprint(y.tolist(), x.grad.tolist())\n',
     '19 0.24692517518997192\n39 0.2239537537097931\n59 0.48801499605178833\n[[-0.6158640384674072], [-0.49811995029449463], [-0.21227771043777466], [-0.880800724029541]]\n[-0.9996985793113708, -0.9972829818725586, -0.9757431149482727, -0.8004990220069885, 0.0, 0.8004990220069885, 0.9757431149482727, 0.9972829818725586, 0.9996985793113708] [0.0006630255957134068, 0.0059693194925785065, 0.0527179129421711, 0.3951214551925659, 1.100000023841858, 0.3951214551925659, 0.0527179129421711, 0.0059693194925785065, 0.0006630255957134068]\n'),
]


def _inputs() -> np.ndarray:
    r = np.random.default_rng(2026)
    x = (r.standard_normal(4099) * np.exp(r.uniform(-12, 3, 4099))).astype(np.float32)
    x[:12] = [0, -0.0, np.inf, -np.inf, np.nan, 1e-45, -1e-40, 2 ** -126, 8.999, 9.001, 3e38, -20]
    return x


def _digest(t) -> str:
    return hashlib.sha256(t.numpy().tobytes()).hexdigest()


def test_float32_tanh_is_mkls(mkl_intel):
    """4,099 values over 15 orders of magnitude, specials, subnormals and both ends of the
    table's intervals (and every third one: a strided tensor takes VML too)."""
    x = gradcli.from_numpy(_inputs())
    assert _digest(gradcli.tanh(x)) == \
        "021a3fe735309103e1f231f18850e3c2bfab44965561ddd4d6e3a93107ebb15a"
    assert _digest(x[::3].tanh()) == \
        "6a3603e5cf769c9389b8bbd308aa4c6e7a647cbc8d72b4c981c2cd1a2fe7a522"


def test_vml_tanh_is_not_the_rounded_double():
    """The port is not correctly rounded where MKL is not: on these inputs some results
    differ from tanh computed in float64 and rounded once (else the test above proves
    nothing beyond `rounded`), all by one unit in the last place."""
    x = _inputs()
    x = x[np.isfinite(x)]
    got = mklvml.tanh(x)
    exact = np.tanh(x.astype(np.float64)).astype(np.float32)
    off = got != exact
    assert 0 < off.sum() < 0.05 * x.size
    ulps = np.abs(got.view(np.int32).astype(np.int64) - exact.view(np.int32).astype(np.int64))
    assert ulps.max() == 1


@pytest.mark.parametrize("source, expected", CASES, ids=["tanh_training_loop"])
def test_prints_what_pytorch_printed(mkl_intel, source, expected):
    assert run(source) == expected


def test_other_cpus_keep_the_rounded_double(monkeypatch):
    """Without MKL's AVX-512 code (an AMD CPU, MKL_ENABLE_INSTRUCTIONS=AVX2) the values are
    float64's rounded once, as before."""
    from gradcli import cpu
    monkeypatch.setattr(cpu, "mkl_avx512", lambda: False)
    x = _inputs()[12:200]
    got = gradcli.from_numpy(x).tanh().numpy()
    assert np.array_equal(got, np.tanh(x.astype(np.float64)).astype(np.float32))
