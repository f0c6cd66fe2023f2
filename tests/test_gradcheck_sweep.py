"""Every op in the registry, checked at first and second order on its own sample inputs.

For each differentiable op: gradcheck (full Jacobian against central differences, float64),
a random-direction check (v^T J u, gradcheck's fast mode) and gradgradcheck (the Jacobian of
the gradient, with random grad_outputs). A differentiable op without a `sample` fails.
Float arrays in a sample become float64 tensors that require grad; integer and bool arrays
become constant tensors (class indices, conditions).
"""
from __future__ import annotations

import re

import numpy as np
import pytest

import gradcli  # noqa: F401  (loads every op module, filling the registry)
from gradcli._tensor import Tensor
from gradcli.autograd.gradcheck import gradcheck, gradgradcheck
from gradcli.errors import GradcliError
from gradcli.ops.registry import REGISTRY

DIFFERENTIABLE = sorted(name for name, info in REGISTRY.items()
                        if info.differentiable and not info.no_gradcheck)


def _tensor(arr, requires_grad):
    t = Tensor._wrap(np.array(arr, dtype=np.float64 if arr.dtype.kind == "f" else arr.dtype))
    return t.requires_grad_(True) if requires_grad else t


class _Leaf:
    """Where the k-th differentiable tensor goes in an op's argument list."""

    def __init__(self, k):
        self.k = k


def build(args, kwargs):
    """(leaves, rebuild, kwargs): rebuild(leaves) is the op's positional arguments. Arrays may
    also sit one level down in a list or tuple argument (`cat([a, b])`)."""
    leaves = []

    def convert(a):
        if isinstance(a, np.ndarray):
            if a.dtype.kind != "f":
                return _tensor(a, False)
            leaves.append(_tensor(a, True))
            return _Leaf(len(leaves) - 1)
        if isinstance(a, (list, tuple)) and any(isinstance(x, np.ndarray) for x in a):
            return type(a)(convert(x) if isinstance(x, np.ndarray) else x for x in a)
        return a

    template = [convert(a) for a in args]

    def rebuild(ts):
        def put(x):
            if isinstance(x, _Leaf):
                return ts[x.k]
            if isinstance(x, (list, tuple)):
                return type(x)(ts[y.k] if isinstance(y, _Leaf) else y for y in x)
            return x
        return [put(x) for x in template]

    kw = {k: _tensor(v, False) if isinstance(v, np.ndarray) else v for k, v in kwargs.items()}
    return leaves, rebuild, kw


def describe(args, kwargs) -> str:
    parts = [f"array(shape={a.shape}, dtype={a.dtype}, values={np.round(a, 4).tolist()})"
             if isinstance(a, np.ndarray) else repr(a) for a in args]
    parts += [f"{k}={v!r}" for k, v in kwargs.items()]
    return ", ".join(parts)


def samples(name):
    info = REGISTRY[name]
    if info.sample is None:
        pytest.fail(f"op {name} has no gradcheck sample")
    return info.sample(np.random.default_rng(0))


def test_exempt_ops_say_why_and_still_pass_a_coarse_check():
    """Ops that lower precision (x.float(), x.half()) cannot pass a float64 gradcheck; they
    must say so, and their gradient must still match finite differences coarsely."""
    exempt = {n: i for n, i in REGISTRY.items() if i.differentiable and i.no_gradcheck}
    assert set(exempt) >= {"float", "half"}
    for name, info in exempt.items():
        x = _tensor(np.array([0.5, -1.25, 2.0]), True)
        y = info.fn(x)
        y.sum().backward()
        np.testing.assert_allclose(x.grad.numpy(), np.ones(3), rtol=0, atol=0,
                                   err_msg=f"op {name}: gradient of a dtype conversion")


# Ops that read one triangle of a symmetric input, as LAPACK's potrf and syevd do: checked on
# input + input^T, as PyTorch's OpInfos check them (gradcheck_wrapper_hermitian_input)
HERMITIAN_INPUT = {"cholesky", "linalg_cholesky", "linalg_cholesky_ex", "linalg_eigh",
                   "linalg_eigvalsh"}


# Ops whose backward uses the gradients of two statistics only together, as PyTorch's does
# (infinitely_differentiable_native_group_norm_backward adds the mean's and rstd's terms when
# both are defined): checked on (y, stack([mean, rstd])), which defines both
JOINT_STATISTICS = {"native_group_norm"}


def run_checks(name, args, kwargs):
    info = REGISTRY[name]
    leaves, rebuild, kw = build(args, kwargs)
    if not leaves:
        pytest.fail(f"op {name}: sample ({describe(args, kwargs)}) has no float input to check")

    def op(*ts):
        if name in HERMITIAN_INPUT:     # the op reads one triangle: gradcheck what it sees
            ts = (ts[0] + ts[0].mT,) + ts[1:]
        out = info.fn(*rebuild(ts), **kw)
        if name in JOINT_STATISTICS:
            from gradcli import stack
            return out[0], stack(out[1:])
        return out
    op.__qualname__ = name

    def differentiable(*ts):
        # PyTorch's fast mode pairs its output vectors with the floating outputs by position
        # (lu_unpack's and linalg.lu's P first fail there in PyTorch too): the outputs that
        # carry a graph, as OpInfo tests pick them
        out = op(*ts)
        return tuple(o for o in out if o.requires_grad) if isinstance(out, tuple) else out
    differentiable.__qualname__ = name
    checks = [("gradcheck", lambda: gradcheck(op, leaves)),
              ("gradcheck (random direction)",
               lambda: gradcheck(differentiable, leaves, fast_mode=True)),
              ("gradgradcheck", lambda: gradgradcheck(op, leaves))]
    if info.no_second_order:        # PyTorch has no second derivative: the same error here
        with pytest.raises(GradcliError, match=re.escape(info.no_second_order)):
            gradgradcheck(op, leaves)
        checks.pop()
    for label, check in checks:
        try:
            check()
        except (GradcliError, ValueError, TypeError, IndexError, RuntimeError) as e:
            pytest.fail(f"op {name}: {label} failed on ({describe(args, kwargs)}):\n"
                        f"{type(e).__name__}: {e}", pytrace=False)


@pytest.mark.parametrize("name", DIFFERENTIABLE)
def test_gradcheck(name):
    for args, kwargs in samples(name):
        run_checks(name, args, kwargs)


def test_registry_is_not_empty():
    assert len(DIFFERENTIABLE) > 100
