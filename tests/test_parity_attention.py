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


def compare(ours, theirs, dtype, tol=None):
    if tol is None:
        tol = dict(rtol=1e-12, atol=1e-14) if dtype == "float64" else dict(rtol=2e-5,
                                                                           atol=2e-6)
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


LAYER = [{}, {"norm_first": True}, {"activation": "gelu"}, {"batch_first": True},
         {"bias": False}, {"dropout": 0.3}, {"layer_norm_eps": 1e-3, "norm_first": True,
                                             "dropout": 0.2, "batch_first": True}]
FORWARD = [{}, {"mask": "causal"}, {"mask": "causal", "is_causal": True},
           {"mask": "float", "kpm": "bool"}, {"kpm": "float"}]


def run_encoder(lib, layer_kw, call, num_layers=2, norm=True, dtype="float64"):
    lib.manual_seed(0)
    dt = getattr(lib, dtype)
    layer = lib.nn.TransformerEncoderLayer(6, 2, dim_feedforward=5, dtype=dt, **layer_kw)
    enc = lib.nn.TransformerEncoder(layer, num_layers, enable_nested_tensor=False,
                                    norm=lib.nn.LayerNorm(6, dtype=dt) if norm else None)
    bf = layer_kw.get("batch_first", False)
    L, N = 4, 2
    x = lib.linspace(-2, 2, L * N * 6, dtype=dt).sin()
    x = (x.view(N, L, 6) if bf else x.view(L, N, 6)).requires_grad_()
    kw = masks(lib, call, L, L, N, 2, dt)
    if kw.get("attn_mask") is not None and call.get("mask") == "causal":
        kw["attn_mask"] = lib.zeros(L, L, dtype=dt).masked_fill(kw["attn_mask"], float("-inf"))
    kw = {{"attn_mask": "mask", "key_padding_mask": "src_key_padding_mask"}.get(k, k): v
          for k, v in kw.items()}
    out = enc(x, **kw)
    (out * out.cos()).sum().backward()
    return {"out": out.detach().numpy(), "w": None, "node": out.grad_fn.name(),
            "w_node": None, "grads": [x.grad.numpy()] +
            [p.grad.numpy() for p in enc.parameters()],
            "weights": [p.detach().numpy() for p in enc.parameters()]}


@pytest.mark.parametrize("layer_kw, call", list(itertools.product(LAYER, FORWARD)))
def test_transformer_encoder_matches_pytorch(layer_kw, call):
    # two layers and a norm, gradients of size ~10: rounding reaches 1e-13 absolute
    compare(run_encoder(gradcli, layer_kw, call), run_encoder(torch, layer_kw, call),
            "float64", dict(rtol=1e-11, atol=1e-12))


@pytest.mark.parametrize("norm, num_layers", [(False, 1), (True, 3)])
def test_transformer_encoder_float32(norm, num_layers):
    # LayerNorm divides by small deviations: float32 rounding grows to ~1e-4 through layers
    compare(run_encoder(gradcli, {}, {}, num_layers, norm, "float32"),
            run_encoder(torch, {}, {}, num_layers, norm, "float32"), "float32",
            dict(rtol=2e-4, atol=1e-4))


@pytest.mark.parametrize("kpm", [
    [[False, False, True], [False, False, False]],        # left aligned: the nested path
    [[True, True, True], [False, True, True]],
    [[False, True, False], [False, False, False]],        # not left aligned: the slow path
    None])
def test_transformer_encoder_inference_paths(kpm):
    """eval, no grad, batch_first: PyTorch runs fused layers on a nested tensor when the
    padding is left aligned, and pads its output with zeros before the final norm."""
    results = []
    for lib in (gradcli, torch):
        lib.manual_seed(0)
        layer = lib.nn.TransformerEncoderLayer(4, 2, dim_feedforward=8, dropout=0.0,
                                               batch_first=True)
        enc = lib.nn.TransformerEncoder(layer, 2, norm=lib.nn.LayerNorm(4)).eval()
        with lib.no_grad():
            enc.norm.bias.fill_(0.5)
        x = lib.linspace(-1, 1, 24).view(2, 3, 4)
        with lib.no_grad():
            mask = None if kpm is None else lib.tensor(kpm)
            results.append(enc(x, src_key_padding_mask=mask).numpy())
            results.append(layer.eval()(x, src_key_padding_mask=mask).numpy())
    np.testing.assert_allclose(results[0], results[2], rtol=1e-5, atol=1e-6)
    if kpm is None or not any(all(row) for row in kpm):
        # a fully padded sequence: PyTorch's fused layer gives nan, its slow path (and
        # gradcli) finite values; a known difference
        np.testing.assert_allclose(results[1], results[3], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("make", [lambda lib: lib.ones(3, 5).t(),
                                  lambda lib: lib.ones(2, 3, 4).permute(2, 0, 1),
                                  lambda lib: lib.ones(2, 3, 4).permute(1, 2, 0),
                                  lambda lib: lib.ones(3, 8)[:, ::2],
                                  lambda lib: lib.ones(3, 1).expand(3, 4)])
@pytest.mark.parametrize("fn", ["dropout", "alpha_dropout", "dropout1d"])
def test_dropout_masks_follow_the_layout(make, fn):
    results = []
    for lib in (gradcli, torch):
        lib.manual_seed(0)
        y = getattr(lib.nn.functional, fn)(make(lib), 0.5, True)
        results.append((y != 0).int().flatten().tolist())
    assert results[0] == results[1]


DECODER_CALL = [{}, {"tgt_mask": "causal"}, {"tgt_mask": "causal", "tgt_is_causal": True},
                {"memory_mask": "float", "tgt_key_padding_mask": True},
                {"memory_key_padding_mask": True, "tgt_mask": "bool"}]


def run_decoder(lib, layer_kw, call, norm=True, dtype="float64"):
    lib.manual_seed(0)
    dt = getattr(lib, dtype)
    layer = lib.nn.TransformerDecoderLayer(6, 2, dim_feedforward=5, dtype=dt, **layer_kw)
    dec = lib.nn.TransformerDecoder(layer, 2,
                                    norm=lib.nn.LayerNorm(6, dtype=dt) if norm else None)
    bf = layer_kw.get("batch_first", False)
    L, S, N = 3, 4, 2

    def seq(n, lo):
        x = lib.linspace(lo, 2, n * N * 6, dtype=dt).sin()
        return (x.view(N, n, 6) if bf else x.view(n, N, 6)).requires_grad_()
    tgt, memory = seq(L, -2), seq(S, -1)
    kw = {k: v for k, v in call.items() if k.endswith("is_causal")}
    if call.get("tgt_mask") == "causal":
        kw["tgt_mask"] = lib.full((L, L), float("-inf"), dtype=dt).triu(diagonal=1)
    elif call.get("tgt_mask") == "bool":
        kw["tgt_mask"] = lib.tensor([[(i + j) % 3 == 1 for j in range(L)] for i in range(L)])
    if call.get("memory_mask") == "float":
        kw["memory_mask"] = lib.linspace(-1, 1, L * S, dtype=dt).view(L, S)
    if call.get("tgt_key_padding_mask"):
        kw["tgt_key_padding_mask"] = lib.tensor([[j == L - 1 - b for j in range(L)]
                                                 for b in range(N)])
    if call.get("memory_key_padding_mask"):
        kw["memory_key_padding_mask"] = lib.tensor([[j == S - 1 - b for j in range(S)]
                                                    for b in range(N)])
    out = dec(tgt, memory, **kw)
    (out * out.cos()).sum().backward()
    return {"out": out.detach().numpy(), "w": None, "node": out.grad_fn.name(),
            "w_node": None, "grads": [tgt.grad.numpy(), memory.grad.numpy()] +
            [p.grad.numpy() for p in dec.parameters()],
            "weights": [p.detach().numpy() for p in dec.parameters()]}


@pytest.mark.parametrize("layer_kw, call", list(itertools.product(LAYER, DECODER_CALL)))
def test_transformer_decoder_matches_pytorch(layer_kw, call):
    compare(run_decoder(gradcli, layer_kw, call), run_decoder(torch, layer_kw, call),
            "float64", dict(rtol=1e-11, atol=1e-12))


def test_transformer_decoder_float32():
    compare(run_decoder(gradcli, {}, {"tgt_mask": "causal"}, False, "float32"),
            run_decoder(torch, {}, {"tgt_mask": "causal"}, False, "float32"), "float32",
            dict(rtol=2e-4, atol=1e-4))
