#!/usr/bin/env python3
"""Compare every registered op's samples with PyTorch in finer detail than the parity tests:

    order      the nodes each op records, ordered by sequence number (ATen's C++ composites
               make an operator's right operand first; PyTorch's code generator takes a
               formula's inputs alphabetically): names that differ are printed
    backward   the same for the nodes a create_graph backward makes (the graph of the
               gradient, which decides how a second backward adds its gradients up)
    exact      forward values and first-order gradients compared bit for bit (the parity
               tests allow rtol 1e-6); --dtype float32 converts the samples first
    kwargs     tensors given as keyword arguments require grad too: PyTorch's
               check_no_requires_grad errors, and those arguments' gradients

Run it with a Python that has torch (it is never a dependency of gradcli):

    PYTHONPATH=. /path/to/torch-venv/bin/python tools/op_sweep.py order [OP ...]

Prints one block per differing sample and a count; exits 0 either way (a differing op may
be a documented difference: see README, Differences).
"""
from __future__ import annotations

import argparse
import pathlib
import sys
import warnings

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

import numpy as np  # noqa: E402

import test_parity_ops as P  # noqa: E402  (skips itself unless torch is importable)
from gradcli._tensor import Tensor  # noqa: E402
from gradcli.autograd.engine import grad as gc_grad  # noqa: E402
from gradcli.ops.registry import REGISTRY  # noqa: E402

torch = P.torch


def made_in_order(roots, seq, start=-1) -> list[str]:
    """Names of the nodes reachable from roots (AccumulateGrad aside) with a sequence
    number >= start, in sequence order."""
    seen, stack = {}, [r for r in roots if r is not None]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        name = node.name().replace("torch::autograd::", "")
        if "AccumulateGrad" in name:
            continue
        seen[id(node)] = (seq(node), name)
        stack += [n for n, _ in node.next_functions]
    return [name for s, name in sorted(seen.values()) if s >= start]


def _gc_seq(node):
    return node._seq_nr


def _torch_seq(node):
    return node._sequence_nr()


def weighted_loss(outs, weights, lib):
    pairs = [(i, w) for i, w in enumerate(weights) if w is not None]
    make = torch.tensor if lib == "torch" else Tensor._wrap
    terms = [(outs[i] * make(w)).sum() for i, w in pairs]
    total = terms[0]
    for t in terms[1:]:
        total = total + t
    return total


def run(mode: str, ops: list[str], dtype: str) -> int:
    if dtype == "float32":
        P._torch_make = lambda a, diff: (torch.tensor(a, dtype=torch.float32, requires_grad=diff)
                                         if a.dtype.kind == "f" else torch.tensor(a))
        P._gc_make = lambda a, diff: (Tensor._wrap(a.astype(np.float32)).requires_grad_(diff)
                                      if a.dtype.kind == "f" else Tensor._wrap(a.copy()))
    differ = 0
    for name in P.CHECKED:
        if ops and name not in ops:
            continue
        info = REGISTRY[name]
        tfn = P.torch_callable(name, info)
        if tfn is None:
            continue
        for k, (args, kwargs) in enumerate(info.sample(np.random.default_rng(0))):
            try:
                report = compare(mode, info.fn, tfn, args, kwargs, k)
            except Exception as exc:          # a sample one library refuses: not this tool's
                report = None if mode != "kwargs" else f"error {type(exc).__name__}: {exc}"
            if report:
                differ += 1
                print(f"{name} {k}\n{report}")
    print(f"{differ} samples differ")
    return 0


def _convert(args, kwargs, make, kwargs_grad):
    if not kwargs_grad:
        return P.convert(args, kwargs, make)
    a, _ = P.convert(args, {}, make)
    kw = {key: (make(v, v.dtype.kind == "f") if isinstance(v, np.ndarray) else
                P.convert([v], {}, make)[0][0]) for key, v in kwargs.items()}
    return a, kw


def compare(mode, fn, tfn, args, kwargs, k) -> str | None:
    kw_grad = mode == "kwargs"
    g_args, g_kw = _convert(args, kwargs, P._gc_make, kw_grad)
    t_args, t_kw = _convert(args, kwargs, P._torch_make, kw_grad)
    results = []
    for f, a, kw in ((fn, g_args, g_kw), (tfn, t_args, t_kw)):
        try:
            results.append(("ok", P.outputs(f(*a, **kw))))
        except Exception as exc:
            results.append(("error", str(exc).splitlines()[0] if str(exc) else repr(exc)))
    (gs, g_out), (ts, t_out) = results
    if gs != ts or (gs == "error" and g_out != t_out):
        return f"  gradcli {gs}: {g_out if gs == 'error' else ''}\n  torch   {ts}: " \
               f"{t_out if ts == 'error' else ''}"
    if gs == "error":
        return None
    if mode == "order":
        mine = made_in_order([o.grad_fn for o in g_out], _gc_seq)
        theirs = made_in_order([o.grad_fn for o in t_out], _torch_seq)
        return None if mine == theirs else f"  gradcli {mine}\n  torch   {theirs}"
    rng = np.random.default_rng(k)
    weights = [rng.uniform(-1, 1, size=t.shape) if t.requires_grad else None for t in t_out]
    if all(w is None for w in weights):
        return None
    t_loss, g_loss = weighted_loss(t_out, weights, "torch"), weighted_loss(g_out, weights, "g")
    t_leaves, g_leaves = P.leaves_of(t_args, t_kw), P.leaves_of(g_args, g_kw)
    if mode == "backward":
        t_start, g_start = t_loss.grad_fn._sequence_nr() + 1, g_loss.grad_fn._seq_nr + 1
        tg = torch.autograd.grad(t_loss, t_leaves, create_graph=True, allow_unused=True)
        gg = gc_grad([g_loss], g_leaves, create_graph=True, allow_unused=True)
        mine = made_in_order([t.grad_fn for t in gg if t is not None], _gc_seq, g_start)
        theirs = made_in_order([t.grad_fn for t in tg if t is not None], _torch_seq, t_start)
        return None if mine == theirs else f"  gradcli {mine}\n  torch   {theirs}"
    lines = []
    for i, (g, t) in enumerate(zip(g_out, t_out)):
        if mode == "exact" and not np.array_equal(g._data, t.detach().numpy(force=True),
                                                  equal_nan=True):
            lines.append(f"  value of output {i} differs")
    tg = torch.autograd.grad(t_loss, t_leaves, allow_unused=True)
    gg = gc_grad([g_loss], g_leaves, allow_unused=True)
    for j, (g, t) in enumerate(zip(gg, tg)):
        if g is None or t is None:
            if (g is None) != (t is None) and mode == "kwargs":
                lines.append(f"  gradient {j}: gradcli {g is None and 'None'}, torch "
                             f"{t is None and 'None'}")
            continue
        a, b = g._data, t.numpy(force=True)
        if not np.array_equal(a, b, equal_nan=True):
            with np.errstate(all="ignore"):        # relative to the gradient's largest
                scale = max(float(np.nanmax(np.abs(b))) if b.size else 0.0, 1e-300)
                rel = float(np.nanmax(np.abs(a - b))) / scale
            if mode == "exact" or not rel <= 1e-6:
                lines.append(f"  gradient {j} differs (by {rel:.2g} of its largest element)")
    return "\n".join(lines) or None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=("order", "backward", "exact", "kwargs"))
    ap.add_argument("ops", nargs="*", help="registry names (default: every op with samples)")
    ap.add_argument("--dtype", choices=("float64", "float32"), default="float64")
    args = ap.parse_intermixed_args()
    warnings.simplefilter("ignore")
    return run(args.mode, args.ops, args.dtype)


if __name__ == "__main__":
    sys.exit(main())
