"""Every registered op against PyTorch on its sample inputs: forward values, the `grad_fn`
name of each output, and the gradients of a random weighting of the outputs.

Runs only where PyTorch is installed (`/work/torchenv/bin/python -m pytest tests/...`).
Documented differences are listed in `KNOWN_NAME_DIFFERENCES`.
"""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
F = torch.nn.functional

import gradcli  # noqa: E402,F401
from gradcli._tensor import Tensor  # noqa: E402
from gradcli.autograd.engine import grad as gc_grad  # noqa: E402
from gradcli.ops.registry import REGISTRY  # noqa: E402

# op -> {PyTorch's name: gradcli's name} accepted on purpose (see the op's module docstring)
KNOWN_NAME_DIFFERENCES: dict[str, dict[str, str]] = {}

# op -> the inputs whose gradient differs on purpose (README): PyTorch 2.13's formula for
# as_strided_scatter's input gives the gradient where src was written and zero elsewhere,
# the reverse of the derivative (it fails PyTorch's own gradcheck); gradcli's is gradchecked
# in test_gradcheck_sweep. Here it must be exactly the complement of PyTorch's.
KNOWN_GRADIENT_DIFFERENCES: dict[str, tuple] = {"as_strided_scatter": (0,)}

CHECKED = sorted(n for n, i in REGISTRY.items() if i.differentiable and i.sample is not None)


def torch_callable(name, info):
    """PyTorch's function for a registry entry (torch, functional, linalg, special, method)."""
    if "functional" in info.namespaces and hasattr(F, name):
        return getattr(F, name)
    for ns in info.namespaces:
        if ns == "torch" and info.function and hasattr(torch, name):
            return getattr(torch, name)
        if ":" in ns:
            mod, attr = ns.split(":", 1)
            space = {"linalg": torch.linalg, "special": torch.special}.get(mod)
            if space is not None and hasattr(space, attr):
                return getattr(space, attr)
    if info.method and hasattr(torch.Tensor, name):
        return lambda self, *a, **k: getattr(self, name)(*a, **k)
    return None


def convert(args, kwargs, make):
    """Arguments with each ndarray replaced by make(array, differentiable) (also one level
    down in lists); arrays given as keyword arguments (weights) are constants, as are the
    gradcli Tensors a sample gives (operands with no derivative: igamma's a)."""
    def one(a, diff=True):
        if isinstance(a, np.ndarray):
            return make(a, diff and a.dtype.kind == "f")
        if isinstance(a, gradcli.dtype) and make is _torch_make:
            return getattr(torch, a.name)
        if isinstance(a, Tensor) and make is _torch_make:     # a constant tensor operand
            return torch.tensor(a._data)
        if isinstance(a, (list, tuple)) and any(isinstance(x, np.ndarray) for x in a):
            return type(a)(one(x, diff) for x in a)
        return a
    return [one(a) for a in args], {k: one(v, False) for k, v in kwargs.items()}


def leaves_of(args, kwargs):
    found = []
    for a in list(args) + list(kwargs.values()):
        for x in (a if isinstance(a, (list, tuple)) else (a,)):
            if getattr(x, "requires_grad", False):
                found.append(x)
    return found


def _torch_make(a, diff):
    if a.dtype.kind == "f":
        return torch.tensor(a, dtype=torch.float64, requires_grad=diff)
    return torch.tensor(a)


def _gc_make(a, diff):
    if a.dtype.kind == "f":
        return Tensor._wrap(a.astype(np.float64)).requires_grad_(diff)
    return Tensor._wrap(a.copy())


def outputs(r):
    items = r if isinstance(r, tuple) else (r,)
    return [o for o in items if hasattr(o, "grad_fn")]


def node_name(t):
    return None if t.grad_fn is None else type(t.grad_fn).__name__


def compare_sample(name, fn, tfn, args, kwargs, k):
    where = f"op {name}, sample {k}"
    g_args, g_kw = convert(args, kwargs, _gc_make)
    t_args, t_kw = convert(args, kwargs, _torch_make)
    g_out, t_out = outputs(fn(*g_args, **g_kw)), outputs(tfn(*t_args, **t_kw))
    assert len(g_out) == len(t_out), where
    rng = np.random.default_rng(k)
    weights = []
    for i, (g, t) in enumerate(zip(g_out, t_out)):
        np.testing.assert_allclose(g._data, t.detach().numpy(force=True), rtol=1e-6, atol=1e-9,
                                   err_msg=f"{where}: value of output {i}")
        names = (node_name(g), node_name(t))
        accepted = KNOWN_NAME_DIFFERENCES.get(name, {}).get(names[1])
        assert names[0] == names[1] or names[0] == accepted, f"{where}: grad_fn {names}"
        weights.append(rng.uniform(-1, 1, size=t.shape) if t.requires_grad else None)
    compare_grads(where, g_out, t_out, weights, leaves_of(g_args, g_kw), leaves_of(t_args, t_kw),
                  KNOWN_GRADIENT_DIFFERENCES.get(name, ()))


def compare_grads(where, g_out, t_out, weights, g_leaves, t_leaves, complement=()):
    pairs = [(i, w) for i, w in enumerate(weights) if w is not None]
    if not pairs:
        return
    t_loss = sum((t_out[i] * torch.tensor(w)).sum() for i, w in pairs)
    t_grads = torch.autograd.grad(t_loss, t_leaves, allow_unused=True)
    g_loss = sum(((g_out[i] * Tensor._wrap(w)).sum() for i, w in pairs[1:]),
                 (g_out[pairs[0][0]] * Tensor._wrap(pairs[0][1])).sum())
    g_grads = gc_grad([g_loss], g_leaves, allow_unused=True)
    for j, (g, t) in enumerate(zip(g_grads, t_grads)):
        if t is None:
            assert g is None or not np.any(g._data), f"{where}: grad {j} should be None/zero"
            continue
        assert g is not None, f"{where}: grad {j} missing"
        if j in complement:         # the weighted output's gradient, split between the two
            mine, theirs = g._data, t.numpy(force=True)
            np.testing.assert_allclose(mine + theirs, pairs[0][1], rtol=1e-6, atol=1e-9,
                                       err_msg=f"{where}: gradient of input {j}")
            assert not np.any((mine != 0) & (theirs != 0)), where
            continue
        np.testing.assert_allclose(g._data, t.numpy(force=True), rtol=1e-6, atol=1e-9,
                                   err_msg=f"{where}: gradient of input {j}")


@pytest.mark.parametrize("name", CHECKED)
def test_matches_pytorch(name):
    info = REGISTRY[name]
    tfn = torch_callable(name, info)
    if tfn is None:
        pytest.skip(f"PyTorch has no {name}")
    for k, (args, kwargs) in enumerate(info.sample(np.random.default_rng(0))):
        compare_sample(name, info.fn, tfn, args, kwargs, k)
