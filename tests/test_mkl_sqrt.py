"""float32 square roots as PyTorch computes them on an Intel CPU with AVX-512: MKL's vsSqrt,
one Newton step from the VRSQRT14PS estimate (gradcli.vecmath.mkl_sqrt, gradcli._rsqrt14).
The expected values were printed by torch 2.13 on an Intel Xeon."""
from __future__ import annotations

import numpy as np
import pytest

import gradcli
from gradcli import cpu
from gradcli._rsqrt14 import rsqrt14
from gradcli.vecmath import mkl_sqrt

from test_autograd_parity4 import run


# (x, torch.sqrt(x)) as float.hex, float32: 24 roots one unit below the correctly rounded
# one, 8 equal to it, subnormal and tiny inputs (scaled by MKL), and special values
SQRT_CASES = [
    ('0x1.8fcf760000000p+66', '0x1.3fec940000000p+33'),
    ('0x1.bed8ac0000000p-45', '0x1.de50aa0000000p-23'),
    ('0x1.3439f20000000p+31', '0x1.8d41640000000p+15'),
    ('0x1.3c79c20000000p-100', '0x1.1ca2dc0000000p-50'),
    ('0x1.477f320000000p-45', '0x1.997c4a0000000p-23'),
    ('0x1.3ac7220000000p-21', '0x1.9174860000000p-11'),
    ('0x1.03c9340000000p-81', '0x1.6cb4b60000000p-41'),
    ('0x1.051e620000000p-31', '0x1.6da3e40000000p-16'),
    ('0x1.f018ac0000000p+32', '0x1.645f1c0000000p+16'),
    ('0x1.7bc1740000000p-44', '0x1.37cc100000000p-22'),
    ('0x1.18f0700000000p-89', '0x1.7b437a0000000p-45'),
    ('0x1.137db80000000p-4', '0x1.0991180000000p-2'),
    ('0x1.0388cc0000000p+22', '0x1.01c2d80000000p+11'),
    ('0x1.e687200000000p-2', '0x1.60eb020000000p-1'),
    ('0x1.7316780000000p+8', '0x1.3437dc0000000p+4'),
    ('0x1.eea4f00000000p-65', '0x1.f73f500000000p-33'),
    ('0x1.2dbfb80000000p-54', '0x1.15ef4a0000000p-27'),
    ('0x1.cc8a0a0000000p-88', '0x1.575ce20000000p-44'),
    ('0x1.8f67be0000000p-44', '0x1.3fc3120000000p-22'),
    ('0x1.1ca1b80000000p-64', '0x1.0defbe0000000p-32'),
    ('0x1.55b9b80000000p+42', '0x1.27c5e80000000p+21'),
    ('0x1.4ff51e0000000p+93', '0x1.9ebdbc0000000p+46'),
    ('0x1.04adf40000000p+29', '0x1.6d55240000000p+14'),
    ('0x1.0ba1f40000000p+43', '0x1.722c3c0000000p+21'),
    ('0x1.5920c60000000p-20', '0x1.293df00000000p-10'),
    ('0x1.5719e40000000p-28', '0x1.285e2a0000000p-14'),
    ('0x1.f18c3c0000000p+88', '0x1.64e4780000000p+44'),
    ('0x1.55ffe80000000p+31', '0x1.a2743e0000000p+15'),
    ('0x1.a46e640000000p+53', '0x1.cff6480000000p+26'),
    ('0x1.ba9b020000000p+29', '0x1.dc0a380000000p+14'),
    ('0x1.5cb4b00000000p-84', '0x1.2ac7560000000p-42'),
    ('0x1.5fc0c40000000p+73', '0x1.a861060000000p+36'),
    ('0x1.1307340000000p-127', '0x1.7740a00000000p-64'),
    ('0x1.ee94cc0000000p-127', '0x1.f7371a0000000p-64'),
    ('0x1.12aab40000000p-127', '0x1.7701800000000p-64'),
    ('0x1.9400ec0000000p-127', '0x1.c6ceb60000000p-64'),
    ('0x1.801a800000000p-127', '0x1.bb76fa0000000p-64'),
    ('0x1.10a3800000000p-131', '0x1.759e680000000p-66'),
    ('0x1.549b8a0000000p-121', '0x1.a19a000000000p-61'),
    ('0x1.02f0780000000p-117', '0x1.6c1c740000000p-59'),
    ('0x1.2501220000000p-117', '0x1.8352680000000p-59'),
    ('0x1.0dc6da0000000p-117', '0x1.73a7140000000p-59'),
    ('0x1.43f4440000000p-117', '0x1.9743c20000000p-59'),
    ('0x1.551f120000000p-117', '0x1.a1ea9a0000000p-59'),
    ('0x1.0000000000000p+0', '0x1.0000000000000p+0'),
    ('0x1.0000000000000p+2', '0x1.0000000000000p+1'),
    ('0x1.0000000000000p+1', '0x1.6a09e60000000p+0'),
    ('0x0.0p+0', '0x0.0p+0'),
    ('inf', 'inf'),
    ('0x1.ff933c0000000p+127', '0x1.ffc99c0000000p+63'),
    ('0x1.0000000000000p-149', '0x1.6a09e60000000p-75'),
]


def test_float32_sqrt_is_mkls_on_intel_cpus(mkl_intel):
    x = np.array([float.fromhex(a) for a, _ in SQRT_CASES], np.float32)
    want = np.array([float.fromhex(b) for _, b in SQRT_CASES], np.float32)
    got = gradcli.from_numpy(x).sqrt().numpy()
    assert got.view(np.uint32).tolist() == want.view(np.uint32).tolist()
    assert np.array_equal(mkl_sqrt(x).view(np.uint32), want.view(np.uint32))
    # 24 of them are not the correctly rounded root: NumPy's sqrt gives another value
    assert (np.sqrt(x) != want).sum() >= 24


# (x, torch.sqrt(x)) for float64: 14 roots one unit below the correctly rounded one, 4
# equal, subnormal, tiny and huge inputs, and special values
SQRT64_CASES = [
    ('0x1.1af4a69bb84a2p-825', '0x1.7c9f4c28562b8p-413'),
    ('0x1.1dabcd2f0aceep-423', '0x1.7e71ba4060ee1p-212'),
    ('0x1.246976bddda37p-148', '0x1.1199d5f133d31p-74'),
    ('0x1.04626830c0cc9p-254', '0x1.022ed22bee5eap-127'),
    ('0x1.3ae64a2136420p+83', '0x1.918864bcb9403p+41'),
    ('0x1.17c632ad662e1p+902', '0x1.0b9f8c945c603p+451'),
    ('0x1.1d99d437a88ccp+229', '0x1.7e65b24615ff8p+114'),
    ('0x1.eea9b72f4c9dap+317', '0x1.f741bf3b876b0p+158'),
    ('0x1.27c523484cd60p+461', '0x1.85254428bec3dp+230'),
    ('0x1.034cdec3d58f7p+818', '0x1.01a51512c2108p+409'),
    ('0x1.83bd09200408ep-328', '0x1.3b0ea4482e9d5p-164'),
    ('0x1.5551b88967a4dp-655', '0x1.a209a0ad5b548p-328'),
    ('0x1.07f86181c53d0p+521', '0x1.6fa19be637cabp+260'),
    ('0x1.bc3ad10cac5c9p+607', '0x1.dce9a08217785p+303'),
    ('0x1.cc873cef51cc8p-530', '0x1.575bd7b0fc5bfp-265'),
    ('0x1.eb60d2a366c5bp+92', '0x1.62ac3f2f29df3p+46'),
    ('0x1.36996dee1bbe2p-704', '0x1.19fb33ac11439p-352'),
    ('0x1.c4d28c35791bfp+514', '0x1.5479585aaa81ap+257'),
    ('0x0.819acf59a6dbfp-1022', '0x1.6c4d103f3c9c9p-512'),
    ('0x0.206df053beceep-1022', '0x1.6c75bc29a1f5bp-513'),
    ('0x0.95f34d7a3d711p-1022', '0x1.87da82bfd77dap-512'),
    ('0x1.337fab0330eb9p-1020', '0x1.1891fc3c1b915p-510'),
    ('0x1.1c286cc35a380p-1011', '0x1.7d6e14e4b3775p-506'),
    ('0x1.6b3af00cf2732p-925', '0x1.af3f33d2aa16dp-463'),
    ('0x1.87fc86c6446e3p+1023', '0x1.bffe03dde25cdp+511'),
    ('0x1.02a0b52cbb958p+1023', '0x1.6be45c9cb135bp+511'),
    ('0x1.0000000000000p+2', '0x1.0000000000000p+1'),
    ('0x1.0000000000000p+1', '0x1.6a09e667f3bccp+0'),
    ('0x0.0000000000001p-1022', '0x1.0000000000000p-537'),
    ('0x1.fffffffffffffp+1023', '0x1.fffffffffffffp+511'),
]


def test_float64_sqrt_is_mkls_on_intel_cpus(mkl_intel):
    x = np.array([float.fromhex(a) for a, _ in SQRT64_CASES])
    want = np.array([float.fromhex(b) for _, b in SQRT64_CASES])
    got = gradcli.from_numpy(x).sqrt().numpy()
    assert got.view(np.int64).tolist() == want.view(np.int64).tolist()
    assert (np.sqrt(x) != want).sum() >= 14


def test_float32_sqrt_elsewhere_is_correctly_rounded(monkeypatch):
    monkeypatch.setattr(cpu, "mkl_avx512", lambda: False)
    x = np.array([float.fromhex(a) for a, _ in SQRT_CASES], np.float32)
    assert np.array_equal(gradcli.from_numpy(x).sqrt().numpy(), np.sqrt(x))


def test_rsqrt14_known_values():
    """Exact cases of the estimate: powers of four give their root exactly, and the
    estimate is within 2^-14 of 1/sqrt(x) everywhere (checked on a sweep of both
    exponent parities, subnormals included)."""
    x = np.array([1.0, 4.0, 0.25, 2.0 ** -126, 2.0 ** 126], np.float32)
    assert rsqrt14(x).tolist() == [1.0, 0.5, 2.0, 2.0 ** 63, 2.0 ** -63]
    r = np.random.default_rng(0)
    bits = r.integers(1, 0x7F800000, 200_000, dtype=np.uint32)
    sweep = bits.view(np.float32)
    rel = np.abs(rsqrt14(sweep).astype(np.float64) * np.sqrt(sweep.astype(np.float64)) - 1)
    assert rel.max() < 2.0 ** -14


def test_adam_steps_print_what_pytorch_printed(mkl_intel):
    """Adam's denominators take sqrt: over 120 steps of a small network the last bits
    matter (the loss printed in full diverged at step 59 with correctly rounded roots)."""
    assert run(PROGRAM) == EXPECTED


PROGRAM = 'import torch.nn as nn\ntorch.manual_seed(0)\nX = torch.linspace(-1, 1, 64).unsqueeze(1)\ny = X ** 3 - X\nmodel = nn.Sequential(nn.Linear(1, 10), nn.ReLU(), nn.Linear(10, 10), nn.ReLU(), nn.Linear(10, 1))\nopt = torch.optim.Adam(model.parameters(), lr=0.01)\nfor epoch in range(120):\n    opt.zero_grad()\n    loss = ((model(X) - y) ** 2).mean()\n    loss.backward()\n    opt.step()\n    if epoch % 30 == 29:\n        print(epoch, loss.item())\nprint(torch.tensor([2.0, 3.0, 1e-40, 0.25]).sqrt().tolist(), torch.sqrt(torch.tensor(5.0)).item())\n'
EXPECTED = '29 0.026500366628170013\n59 0.012723024003207684\n89 0.004165780730545521\n119 0.0010503260418772697\n[1.4142135381698608, 1.7320507764816284, 9.999973025467516e-21, 0.5] 2.2360680103302\n'


def test_past_the_cap_roots_are_correctly_rounded(mkl_intel, monkeypatch):
    from gradcli import vecmath
    x = np.array([float.fromhex(a) for a, _ in SQRT_CASES[:24]], np.float32)
    want = np.array([float.fromhex(b) for _, b in SQRT_CASES[:24]], np.float32)
    assert np.array_equal(vecmath.mkl_sqrt(x), want)
    monkeypatch.setattr(vecmath, "MKL_SQRT_ELEMENTS", (10, 10))
    assert np.array_equal(vecmath.mkl_sqrt(x), np.sqrt(x))
