"""Recurrent layers against PyTorch itself (skipped without it): the same seed gives the same
weights, outputs, final states, node names and gradients, over layer types and options.
float64 must agree to rounding; float32 to float32 rounding (PyTorch's float32 LSTM runs
through oneDNN, whose sums can differ in the last bits; its node is MkldnnRnnLayerBackward0
in both)."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

torch = pytest.importorskip("torch")
import gradcli  # noqa: E402

OPTIONS = [{}, {"num_layers": 2}, {"bidirectional": True}, {"bias": False},
           {"batch_first": True, "num_layers": 2, "bidirectional": True}]


def run(lib, kind, dtype, options):
    lib.manual_seed(0)
    dt = getattr(lib, dtype)
    m = getattr(lib.nn, kind)(3, 4, dtype=dt, **options)
    x = lib.linspace(-2, 2, 30, dtype=dt).view(5, 2, 3).requires_grad_()
    out, hid = m(x)
    h, c = hid if isinstance(hid, tuple) else (hid, None)
    loss = (out * out).sum() + h.sum() + (c.sum() if c is not None else 0)
    loss.backward()
    return {"out": out.detach().numpy(), "h": h.detach().numpy(), "node": out.grad_fn.name(),
            "h_node": h.grad_fn.name(), "x_grad": x.grad.numpy(),
            "grads": [p.grad.numpy() for p in m.parameters()],
            "weights": [p.detach().numpy() for p in m.parameters()]}


@pytest.mark.parametrize("kind, dtype, options", list(itertools.product(
    ["RNN", "GRU", "LSTM"], ["float64", "float32"], OPTIONS)))
def test_layers_match_pytorch(kind, dtype, options):
    ours, theirs = run(gradcli, kind, dtype, options), run(torch, kind, dtype, options)
    tol = dict(rtol=1e-12, atol=1e-14) if dtype == "float64" else dict(rtol=2e-5, atol=2e-6)
    for a, b in zip(ours["weights"], theirs["weights"]):
        assert np.array_equal(a, b)                           # the same draws
    for key in ("out", "h", "x_grad"):
        np.testing.assert_allclose(ours[key], theirs[key], **tol)
    for a, b in zip(ours["grads"], theirs["grads"]):
        np.testing.assert_allclose(a, b, **tol)
    assert ours["h_node"] == theirs["h_node"]
    assert ours["node"] == theirs["node"]


@pytest.mark.parametrize("kind", ["RNNCell", "LSTMCell", "GRUCell"])
def test_cells_match_pytorch(kind):
    results = []
    for lib in (gradcli, torch):
        lib.manual_seed(0)
        c = getattr(lib.nn, kind)(3, 4, dtype=lib.float64)
        x = lib.linspace(-1, 1, 6, dtype=lib.float64).view(2, 3).requires_grad_()
        out = c(x)
        y = out[0] if isinstance(out, tuple) else out
        y.sum().backward()
        results.append((y.detach().numpy(), x.grad.numpy(), y.grad_fn.name()))
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-13)
    np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-12)
    assert results[0][2] == results[1][2]
