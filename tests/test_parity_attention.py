"""Attention layers against PyTorch itself (skipped without it): the same seed gives the same
weights, outputs, attention weights, node names and gradients, over the options of
MultiheadAttention and its masks. float64 must agree to rounding; float32 to float32
rounding. PyTorch's eval-mode no-grad fast path is compared by value only."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

torch = pytest.importorskip("torch")
import gradcli  # noqa: E402

CTOR = [{}, {"bias": False}, {"add_bias_kv": True}, {"add_zero_attn": True},
        {"kdim": 3, "vdim": 5}, {"batch_first": True},
        {"add_bias_kv": True, "add_zero_attn": True, "batch_first": True}]
CALL = [{}, {"need_weights": False}, {"average_attn_weights": False},
        {"mask": "bool"}, {"mask": "float"}, {"kpm": "bool"}, {"mask": "bool", "kpm": "bool"},
        {"mask": "float", "kpm": "float", "need_weights": False},
        {"mask": "causal", "is_causal": True}, {"mask": "causal", "is_causal": True,
                                                "need_weights": False},
        {"mask": "3d"}]


def masks(lib, call, L, S, N, H, dt):
    kw = {k: v for k, v in call.items() if k not in ("mask", "kpm")}
    mask = call.get("mask")
    if mask == "bool":
        kw["attn_mask"] = lib.tensor([[(i + j) % 3 == 1 for j in range(S)] for i in range(L)])
    elif mask == "float":
        kw["attn_mask"] = lib.linspace(-1, 1, L * S, dtype=dt).view(L, S)
    elif mask == "causal":
        kw["attn_mask"] = lib.ones(L, S, dtype=lib.bool).triu(1)
    elif mask == "3d":
        kw["attn_mask"] = lib.linspace(-2, 1, N * H * L * S, dtype=dt).view(N * H, L, S)
    if call.get("kpm") == "bool":
        kw["key_padding_mask"] = lib.tensor([[j == S - 1 - b for j in range(S)]
                                             for b in range(N)])
    elif call.get("kpm") == "float":
        kw["key_padding_mask"] = lib.linspace(0, -3, N * S, dtype=dt).view(N, S)
    return kw


def run(lib, dtype, ctor, call, L=3, S=4, N=2):
    lib.manual_seed(0)
    dt = getattr(lib, dtype)
    m = lib.nn.MultiheadAttention(6, 2, dtype=dt, **ctor)
    kdim, vdim = ctor.get("kdim", 6), ctor.get("vdim", 6)
    bf = ctor.get("batch_first", False)

    def seq(n, d, lo):
        x = lib.linspace(lo, 2, n * N * d, dtype=dt).sin()
        return (x.view(N, n, d) if bf else x.view(n, N, d)).requires_grad_()
    q, k, v = seq(L, 6, -2), seq(S, kdim, -1), seq(S, vdim, 0)
    out, w = m(q, k, v, **masks(lib, call, L, S, N, 2, dt))
    loss = (out * out).sum() + (0 if w is None else (w * w).sum())
    loss.backward()
    return {"out": out.detach().numpy(), "w": None if w is None else w.detach().numpy(),
            "node": out.grad_fn.name(), "w_node": None if w is None else w.grad_fn.name(),
            "grads": [t.grad.numpy() for t in (q, k, v)] +
                     [p.grad.numpy() for p in m.parameters()],
            "weights": [p.detach().numpy() for p in m.parameters()]}


def compare(ours, theirs, dtype):
    tol = dict(rtol=1e-12, atol=1e-14) if dtype == "float64" else dict(rtol=2e-5, atol=2e-6)
    assert len(ours["weights"]) == len(theirs["weights"])
    for a, b in zip(ours["weights"], theirs["weights"]):
        assert np.array_equal(a, b)                           # the same draws
    np.testing.assert_allclose(ours["out"], theirs["out"], **tol)
    assert (ours["w"] is None) == (theirs["w"] is None)
    if ours["w"] is not None:
        np.testing.assert_allclose(ours["w"], theirs["w"], **tol)
    for a, b in zip(ours["grads"], theirs["grads"]):
        np.testing.assert_allclose(a, b, **tol)
    assert (ours["node"], ours["w_node"]) == (theirs["node"], theirs["w_node"])


@pytest.mark.parametrize("ctor, call", list(itertools.product(CTOR, CALL)))
def test_multihead_attention_matches_pytorch(ctor, call):
    compare(run(gradcli, "float64", ctor, call), run(torch, "float64", ctor, call), "float64")


@pytest.mark.parametrize("ctor, call", [({}, {}), ({"batch_first": True}, {"mask": "bool"}),
                                        ({"add_zero_attn": True}, {"need_weights": False})])
def test_multihead_attention_float32(ctor, call):
    compare(run(gradcli, "float32", ctor, call), run(torch, "float32", ctor, call), "float32")


@pytest.mark.parametrize("need_weights", [True, False])
def test_multihead_attention_dropout_draws(need_weights):
    """Training with dropout: the same mask is drawn from the same stream."""
    results = []
    for lib in (gradcli, torch):
        lib.manual_seed(3)
        m = lib.nn.MultiheadAttention(4, 2, dropout=0.5, dtype=lib.float64)
        x = lib.linspace(-1, 1, 24, dtype=lib.float64).view(3, 2, 4)
        out, w = m(x, x, x, need_weights=need_weights)
        results.append((out.detach().numpy(), None if w is None else w.detach().numpy()))
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-12, atol=1e-14)
    if need_weights:
        np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("call", [{}, {"need_weights": False}, {"mask": "bool", "kpm": "bool"},
                                  {"average_attn_weights": False}])
def test_multihead_attention_unbatched(call):
    results = []
    for lib in (gradcli, torch):
        lib.manual_seed(1)
        m = lib.nn.MultiheadAttention(4, 2, dtype=lib.float64)
        q = lib.linspace(-1, 1, 12, dtype=lib.float64).view(3, 4).requires_grad_()
        kv = lib.linspace(2, -1, 16, dtype=lib.float64).view(4, 4)
        kw = masks(lib, call, 3, 4, 1, 2, lib.float64)
        if "key_padding_mask" in kw:
            kw["key_padding_mask"] = kw["key_padding_mask"][0]
        out, w = m(q, kv, kv, **kw)
        out.sum().backward()
        results.append((out.detach().numpy(), None if w is None else w.detach().numpy(),
                        out.grad_fn.name(), None if w is None else w.grad_fn.name(),
                        q.grad.numpy()))
    (o1, w1, n1, wn1, g1), (o2, w2, n2, wn2, g2) = results
    np.testing.assert_allclose(o1, o2, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(g1, g2, rtol=1e-12, atol=1e-14)
    assert (n1, wn1) == (n2, wn2)
    assert (w1 is None) == (w2 is None)
    if w1 is not None:
        np.testing.assert_allclose(w1, w2, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("need_weights", [True, False])
def test_multihead_attention_fast_path_values(need_weights):
    """PyTorch takes torch._native_multi_head_attention here (eval, no grad, batch_first,
    even heads); gradcli takes the slow path, equal up to float rounding."""
    results = []
    for lib in (gradcli, torch):
        lib.manual_seed(2)
        m = lib.nn.MultiheadAttention(8, 2, batch_first=True).eval()
        x = lib.linspace(-3, 3, 48).view(2, 3, 8).sin()
        with lib.no_grad():
            out, w = m(x, x, x, need_weights=need_weights,
                       key_padding_mask=lib.tensor([[False, False, True],
                                                    [False, False, False]]))
        results.append((out.numpy(), None if w is None else w.numpy()))
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-5, atol=1e-6)
    if need_weights:
        np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-5, atol=1e-6)
