"""Forward-mode AD against PyTorch: every registered op's tangents on its sample inputs
(float64, seeded tangents), PyTorch's refusal where it has no forward rule, and the API's
printing and errors on a set of snippets.

Runs only where PyTorch is installed (`/work/torchenv/bin/python -m pytest tests/...`);
`tests/test_forward_ad.py` holds the same snippets' expected text for runs without it.
"""
from __future__ import annotations

import contextlib
import io

import numpy as np
import pytest

torch = pytest.importorskip("torch")
fwAD = pytest.importorskip("torch.autograd.forward_ad")

import gradcli  # noqa: E402
import gradcli.autograd.forward_ad as gc_fwAD  # noqa: E402
from gradcli.ops.registry import REGISTRY  # noqa: E402
from test_forward_ad import SNIPPETS, run_snippet  # noqa: E402
from test_parity_ops import (CHECKED, _gc_make, _torch_make, convert,  # noqa: E402
                                   torch_callable)



def _duals(args, kwargs, make, module, rng_seed):
    """The op's arguments with each float array a dual of itself and a seeded tangent."""
    rng = np.random.default_rng(rng_seed)

    def dual(a, diff):
        t = make(a, False)
        if not diff:
            return t
        tangent = make(rng.standard_normal(a.shape), False)
        return module.make_dual(t, tangent)
    if module is fwAD:       # x.to(dtype): torch's own dtype; a constant tensor: torch's
        args = [getattr(torch, a.name) if isinstance(a, gradcli.dtype) else
                torch.tensor(a._data) if isinstance(a, gradcli.Tensor) else a for a in args]
    return convert(args, kwargs, dual)


def _tangents(result, module):
    items = result if isinstance(result, tuple) else (result,)
    return [module.unpack_dual(o).tangent for o in items if hasattr(o, "grad_fn")]


def _run(fn, module, args, kwargs, make, seed):
    with module.dual_level():
        a, kw = _duals(args, kwargs, make, module, seed)
        try:
            return _tangents(fn(*a, **kw), module), None
        except RuntimeError as e:              # NotImplementedError is one in PyTorch
            return None, str(e)


@pytest.mark.parametrize("name", CHECKED)
def test_tangents_match_pytorch(name):
    info = REGISTRY[name]
    tfn = torch_callable(name, info)
    if tfn is None:
        pytest.skip(f"PyTorch has no {name}")
    for k, (args, kwargs) in enumerate(info.sample(np.random.default_rng(0))):
        where = f"op {name}, sample {k}"
        t_tan, t_err = _run(tfn, fwAD, args, kwargs, _torch_make, k)
        g_tan, g_err = _run(info.fn, gc_fwAD, args, kwargs, _gc_make, k)
        if t_err is not None:              # PyTorch refuses: the same error, word for word
            assert g_err == t_err, where
            continue
        assert g_err is None, f"{where}: {g_err}"
        assert len(g_tan) == len(t_tan), where
        for i, (g, t) in enumerate(zip(g_tan, t_tan)):
            if t is None:
                assert g is None, f"{where}: output {i} has a tangent, PyTorch's none"
                continue
            assert g is not None, f"{where}: output {i} has no tangent"
            np.testing.assert_allclose(g._data, t.numpy(force=True), rtol=1e-7, atol=1e-10,
                                       err_msg=f"{where}: tangent of output {i}")


@pytest.mark.parametrize("key", sorted(SNIPPETS))
def test_snippet_prints_as_pytorch(key):
    assert run_snippet(SNIPPETS[key][0], torch, fwAD) == run_snippet(
        SNIPPETS[key][0], gradcli, gc_fwAD)
