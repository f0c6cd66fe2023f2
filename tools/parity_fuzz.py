#!/usr/bin/env python3
"""Differential fuzzing against PyTorch: random autograd programs, run by torch and by gradcli.

Each program makes one to three float32 or float64 leaves of shape (3, 4), applies two to
seven random ops to them (elementwise functions, binary ops, reductions kept in shape,
indexing, scatters, linear algebra, nn.functional), prints every intermediate with its
grad_fn, reduces to a scalar, and runs backward (or autograd.grad with create_graph and a
second backward). The program text runs under torch and under `gradcli` as `torch` (one
process each for all programs); a program whose output differs is printed with both
outputs. Object addresses are normalised and gradcli's error classes (TorchRuntimeError)
read as PyTorch's (RuntimeError).

This is a developer tool, run by hand, never by the tests (the differences it finds are
leads: last-bit ones come from kernels PyTorch hands to MKL, which gradcli does not
reproduce on every CPU; see README "Rounding"):

    python tools/parity_fuzz.py --seed 0 --count 300
    python tools/parity_fuzz.py --seed 5000 --count 400 --python /path/to/venv/bin/python

`--shapes mixed` draws the leaves from broadcast-compatible shapes instead (0-d tensors,
size-1 dims, 1-d and 3-d ones, empty (0, 4) tensors) and takes the ops from MIXED, the
templates that are meaningful for any shape (each with the least number of dims it needs,
whether it takes an empty tensor, and how it changes the shape):

    python tools/parity_fuzz.py --shapes mixed --seed 100000 --count 200

`--mode forward` runs the op chains on dual tensors (forward AD), with in-place ops on
clones of intermediate results (IN_PLACE), printing every tangent, and now and then reverse
mode through the final tangent after the level (reverse over forward):

    python tools/parity_fuzz.py --mode forward --seed 0 --count 150

`--mode views` makes chains of views of leaves and of their clones (slices with steps, select,
transpose/permute, view/reshape, expand, unsqueeze/squeeze, narrow, diagonal, unbind, split,
chunk, as_strided, view_as_complex and .real/.imag) and in-place ops on bases, views and views
of views (some under no_grad, some out= writes, indexing assignment), detach/detach_/
requires_grad_, printing each tensor's _version, is_leaf, requires_grad, grad_fn and whether
its _base is the tensor it came from; each step catches and prints its error (PyTorch's
refusals of in-place ops on views), then backward or autograd.grad. gradcli runs these as
formulas, where reading an invalid view's grad_fn raises, as in PyTorch:

    python tools/parity_fuzz.py --mode views --seed 0 --count 1200

`--python` (default: $TORCH_PYTHON, else /work/torchenv/bin/python) must have torch 2.13.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import random
import re
import subprocess
import sys

UNARY = [
    "torch.sin({})", "torch.cos({})", "torch.exp({}.clamp(max=3))", "torch.log({}.abs() + 1)",
    "torch.tanh({})", "torch.sigmoid({})", "torch.relu({})", "{}.abs()",
    "torch.sqrt({}.abs() + 0.1)", "-{}", "{}.square()", "{}.clamp(-0.5, 0.7)", "{} ** 3",
    "({}.abs() + 0.2) ** 0.5", "1 / ({}.abs() + 0.5)", "torch.nn.functional.softmax({}, dim=-1)",
    "torch.nn.functional.log_softmax({}, dim=0)", "torch.nn.functional.gelu({})",
    "torch.nn.functional.silu({})", "torch.nn.functional.elu({})", "torch.nn.functional.softplus({})",
    "{}.flip(0)", "{}.roll(1, 1)", "{}.cumsum(1)", "{}.cumprod(0)", "torch.atan({})",
    "{}.sign() * {}", "torch.nn.functional.layer_norm({}, (4,))", "torch.erf({})",
    "{}.masked_fill({} > 0.5, 0.0)", "torch.where({} > 0, {}, {} * 0.1)",
    "{}.max(dim=1, keepdim=True)[0].expand(3, 4)", "{}.sort(dim=1)[0]",
    "{} - {}.mean(dim=1, keepdim=True)", "torch.nn.functional.normalize({}, dim=1)",
    "torch.cat([{}[:, :2], {}[:, 2:]], dim=1)", "torch.stack([{}, {}], 0).sum(0)",
    "{}.gather(1, torch.tensor([[0, 0, 3, 3]] * 3))", "{}.index_select(0, torch.tensor([2, 0, 1]))",
    "torch.logsumexp({}, dim=1, keepdim=True) * {}", "{}.cummax(1)[0]", "{}.logcumsumexp(1)",
    "{}.var(1, keepdim=True) * {}", "torch.zeros(3, 4).scatter_add(1, torch.tensor([[0, 0, 1, 3]] * 3), {})",
    "torch.zeros(3, 4).index_add(0, torch.tensor([2, 2, 0]), {})", "{}[:, [1, 1, 2, 0]]",
    "torch.linalg.det({}[:, :3] + 2 * torch.eye(3, dtype={}.dtype)) * {}",
    "torch.linalg.solve({}[:, :3] @ {}[:, :3].t() + torch.eye(3, dtype={}.dtype), {})",
    "torch.linalg.cholesky({}[:, :3] @ {}[:, :3].t() + torch.eye(3, dtype={}.dtype)).sum(1, keepdim=True) * {}",
    "{}.tril(1) + {}.triu(-1)", "{}.amin(1, keepdim=True) * {}", "{}.prod(1, keepdim=True) * {}",
    "torch.kthvalue({}, 2, 1, True)[0] * {}", "{}.median(1, True)[0] * {}", "{}.logaddexp({})",
    "torch.cdist({}, {}[:2]).mean(1, keepdim=True) * {}", "{}.abs().pow(1.5)", "{}.sinc()",
]
BINARY = [
    "{} + {}", "{} - {}", "{} * {}", "{} / ({}.abs() + 1)", "torch.maximum({}, {})",
    "torch.minimum({}, {})", "torch.atan2({}, {})", "torch.hypot({}, {})",
    "torch.addcmul({}, {}, {}, value=0.3)", "({} @ {}.t()) @ {}",
    "torch.nn.functional.mse_loss({}, {}, reduction='none')", "torch.dist({}, {}) * {}",
    "torch.copysign({}, {})", "torch.xlogy({}.abs(), {}.abs() + 1)", "{}.pow({}.abs() + 0.5)",
]
REDUCE = [
    "{}.sum()", "{}.mean()", "{}.prod()", "{}.amax()", "{}.max()", "{}.norm()", "{}.std()",
    "{}.var(dim=0).sum()", "torch.logsumexp({}, dim=(0, 1))", "({} * {}).sum()", "{}.median()",
    "torch.nn.functional.cross_entropy({}, torch.tensor([0, 3, 1]))", "{}.norm(p=1, dim=0).sum()",
    "torch.nn.functional.huber_loss({}, {}.detach() * 0.5)", "{}.logcumsumexp(1).sum()",
]

# --shapes mixed: families of broadcast-compatible shapes (the first is the one all broadcast
# to), and the templates meaningful for any shape: (template, least ndim, takes an empty
# tensor, result shape: "same" (broadcast of the operands), "last1" (last dim kept as 1),
# "first1" (first dim kept as 1)). "{0}" repeats one operand.
FAMILIES = [
    [(3, 4), (1, 4), (3, 1), (4,), (), (1, 1)],
    [(0, 4), (1, 4), (4,), (), (0, 1), (1, 1)],
    [(), (1,), (1, 1)],
    [(2, 3, 4), (2, 1, 4), (3, 1), (4,), (), (1, 3, 1)],
    [(3,), (1,), ()],
]
MIXED = [(t, 0, True, "same") for t in [
    "torch.sin({})", "torch.cos({})", "torch.exp({}.clamp(max=3))", "torch.log({}.abs() + 1)",
    "torch.tanh({})", "torch.sigmoid({})", "torch.relu({})", "{}.abs()",
    "torch.sqrt({}.abs() + 0.1)", "-{}", "{}.square()", "{}.clamp(-0.5, 0.7)", "{} ** 3",
    "({}.abs() + 0.2) ** 0.5", "1 / ({}.abs() + 0.5)", "torch.nn.functional.gelu({})",
    "torch.nn.functional.silu({})", "torch.nn.functional.elu({})",
    "torch.nn.functional.softplus({})", "torch.atan({})", "{}.sign() * {}", "torch.erf({})",
    "{}.masked_fill({} > 0.5, 0.0)", "torch.where({} > 0, {}, {} * 0.1)", "{}.abs().pow(1.5)",
    "{}.sinc()", "{}.expm1()", "torch.nn.functional.leaky_relu({}, 0.2)",
    "torch.nn.functional.hardtanh({})", "{0}.sigmoid().logit()", "{}.logaddexp({})",
    "{} + {}", "{} - {}", "{} * {}", "{} / ({}.abs() + 1)", "torch.maximum({}, {})",
    "torch.minimum({}, {})", "torch.atan2({}, {})", "torch.hypot({}, {})",
    "torch.addcmul({}, {}, {}, value=0.3)", "torch.copysign({}, {})",
    "torch.xlogy({}.abs(), {}.abs() + 1)", "{}.pow({}.abs() + 0.5)", "torch.lerp({}, {}, {})",
    "torch.clamp({}, min={})", "torch.clamp({}, max={})", "torch.fmod({}, 0.7)",
    "torch.remainder({}, 0.7)", "torch.nn.functional.mse_loss({}, {}, reduction='none')",
    "torch.nn.functional.smooth_l1_loss({}, {}, reduction='none')",
    "torch.nn.functional.huber_loss({}, {}, reduction='none')",
    "{}.unsqueeze(0).squeeze(0)", "{}.reshape({0}.shape)", "{0}.view({0}.shape) * {}",
    "{0}.expand({0}.shape).clone()", "{} * torch.ones((), dtype={}.dtype)",
    "{}.flatten().reshape({0}.shape)", "torch.nn.functional.dropout({}, 0.0)",
    "{}.cumsum(-1)", "{}.cumprod(-1)", "{}.logcumsumexp(-1)", "{}.flip(-1)",
    "torch.nn.functional.softmax({}, dim=-1)", "torch.nn.functional.log_softmax({}, dim=-1)",
    "{}.sort(dim=-1)[0]", "{}.cummax(-1)[0]", "{}.cummin(-1)[0]", "{}.roll(1, -1)",
    "{} - {}.mean(dim=-1, keepdim=True)", "{}.sum(-1, keepdim=True) * {}",
    "torch.logsumexp({}, dim=-1, keepdim=True) * {}", "{}.amax(-1, keepdim=True) * {}",
    "{}.max(dim=-1, keepdim=True)[0] * {}", "{}.norm(dim=-1, keepdim=True) * {}",
    "{}.prod(-1, keepdim=True) * {}", "{}.clone()", "{}.t().t()" ]] + [
    ("{}.sum(-1, keepdim=True)", 1, True, "last1"), ("{}.mean(0, keepdim=True)", 1, True, "first1"),
    ("{}.var(-1, keepdim=True)", 1, True, "last1"), ("{}.std(0, keepdim=True)", 1, True, "first1"),
    ("{}.amin(-1, keepdim=True)", 1, True, "last1"), ("{}.prod(0, keepdim=True)", 1, True, "first1"),
    ("{}.median(-1, True)[0]", 1, True, "last1"), ("{}.min(dim=0, keepdim=True)[0]", 1, True, "first1"),
    ("{}.narrow(-1, 0, 1)", 1, True, "last1"), ("{}[..., :1]", 1, True, "last1"),
    ("{}.select(-1, 0).unsqueeze(-1)", 1, True, "last1"), ("{}[:1]", 1, True, "first1"),
    ("{}.mT.mT", 2, True, "same"), ("{}.transpose(0, -1).transpose(0, -1)", 1, True, "same"),
    ("torch.nn.functional.layer_norm({0}, {0}.shape[-1:])", 1, True, "same"),
    ("torch.nn.functional.normalize({}, dim=-1)", 1, True, "same"),
    ("{}.kthvalue(1, -1, True)[0] * {}", 1, False, "same"),
    ("{}.logsumexp(0, True) * {}", 1, True, "same"),
]
MIXED_REDUCE = [
    "{}.sum()", "{}.mean()", "{}.prod()", "{}.amax()", "{}.max()", "{}.min()", "{}.norm()",
    "{}.std()", "{}.var()", "({} * {}).sum()", "{}.median()", "{}.logsumexp(-1).sum()",
    "{}.norm(p=1)", "{}.abs().sum() + {}.square().mean()", "{}.sum(-1).sum()",
    "torch.nn.functional.mse_loss({}, {}.detach() * 0.5)",
    "torch.nn.functional.l1_loss({}, {}.detach() * 0.5)",
    "torch.nn.functional.huber_loss({}, {}.detach() * 0.5)", "torch.dist({}, {})",
    "{}.nansum()", "{}.nanmean()", "torch.linalg.vector_norm({}, 3)", "{}.amin()",
]


def _broadcast(*shapes):
    """The broadcast shape of shapes (all from one family, so compatible)."""
    ndim = max(len(s) for s in shapes)
    out = []
    for k in range(ndim):
        sizes = [s[len(s) - ndim + k] for s in shapes if len(s) - ndim + k >= 0]
        big = [n for n in sizes if n != 1]
        out.append(big[0] if big else 1)
    return tuple(out)


def _literal(rnd, shape):
    if not shape:
        return repr(round(rnd.uniform(-2, 2), 2))
    return repr([eval(_literal(rnd, shape[1:])) for _ in range(shape[0])])


def program_mixed(seed: int) -> str:
    """A random program whose leaves have broadcast-compatible shapes."""
    rnd = random.Random(seed)
    dtype = rnd.choice(["torch.float32", "torch.float64"])
    family = rnd.choice(FAMILIES)
    lines, shapes = [], {}
    for i in range(rnd.randint(1, 3)):
        shape = rnd.choice(family)
        if 0 in shape:
            lines.append(f"x{i} = torch.zeros({shape}, dtype={dtype}, requires_grad=True)")
        else:
            lines.append(f"x{i} = torch.tensor({_literal(rnd, shape)}, dtype={dtype}, "
                         "requires_grad=True)")
        shapes[f"x{i}"] = shape
    leaves = list(shapes)

    def fill(template, pool):
        one = rnd.choice(pool) if "{0}" in template else None
        parts = template.replace("{0}", "\0").split("{}")
        args = [rnd.choice(pool) for _ in range(len(parts) - 1)]
        text = "".join(part + arg for part, arg in zip(parts, args + [""]))
        return text.replace("\0", one or ""), args + ([one] if one else [])
    for j in range(rnd.randint(2, 6)):
        for _ in range(20):
            template, ndim, empty_ok, kind = rnd.choice(MIXED)
            text, args = fill(template, list(shapes))
            arg_shapes = [shapes[a] for a in args]
            if all(len(s) >= ndim and (empty_ok or 0 not in s) for s in arg_shapes):
                break
        else:
            continue
        shape = _broadcast(*arg_shapes)
        if kind == "last1":
            shape = shape[:-1] + (1,)
        elif kind == "first1":
            shape = (1,) + shape[1:]
        lines.append(f"h{j} = {text}")
        lines.append(f"print('h{j}', h{j}.grad_fn.name() if h{j}.grad_fn is not None else None, h{j})")
        shapes[f"h{j}"] = shape
    pool = [n for n in shapes if n not in leaves] or leaves
    lines.append(f"out = {fill(rnd.choice(MIXED_REDUCE), pool)[0]}")
    lines.append("print('out', out, out.grad_fn)")
    return _backward_tail(rnd, lines, leaves)


def _backward_tail(rnd, lines: list, leaves: list) -> str:
    """The program's end: out.backward(), or now and then a second-order pass through
    autograd.grad(create_graph=True); then every leaf's gradient."""
    if rnd.random() < 0.3:
        lines.append(f"g = torch.autograd.grad(out, [{', '.join(leaves)}], create_graph=True)")
        lines += ["print('g', g)", "s = sum((t * t).sum() for t in g)", "s.backward()"]
    else:
        lines.append("out.backward()")
    lines += [f"print('{name}.grad', {name}.grad)" for name in leaves]
    return "\n".join(lines)


RUNNER = r'''
import sys, warnings
warnings.simplefilter("ignore")
{import_line}
for k, program in enumerate(sys.stdin.read().split("\n#####\n")):
    print("=== case", k)
    try:
        exec(program, {{"torch": torch}})
    except Exception as e:
        print("ERROR", type(e).__name__.replace("Torch", ""), str(e).split("\n")[0])
'''

# gradcli running the programs as formulas (--mode views: a formula's t.grad_fn refuses an
# invalid view's history, as PyTorch's does; the Python API reads the attribute plainly)
FORMULA_RUNNER = r'''
import io, re, sys, warnings
warnings.simplefilter("ignore")
from gradcli import lang
for k, program in enumerate(sys.stdin.read().split("\n#####\n")):
    print("=== case", k)
    out = io.StringIO()
    try:
        lang.run_source("import torch\n" + program + "\n", "case.grad", out=out)
        sys.stdout.write(out.getvalue())
    except Exception as e:
        sys.stdout.write(out.getvalue())
        message = getattr(e, "message", None) or str(e)
        named = re.match(r"([A-Za-z]+(?:Error|Exception)): (.*)", message, re.S)
        kind = named.group(1) if named else next(
            c.__name__ for c in type(e).__mro__ if c.__module__ == "builtins")
        print("ERROR", kind, (named.group(2) if named else message).split("\n")[0])
'''


def program(seed: int) -> str:
    rnd = random.Random(seed)
    dtype = rnd.choice(["torch.float32", "torch.float64"])
    lines, names = [], []
    for i in range(rnd.randint(1, 3)):
        values = [[round(rnd.uniform(-2, 2), 2) for _ in range(4)] for _ in range(3)]
        lines.append(f"x{i} = torch.tensor({values}, dtype={dtype}, requires_grad=True)")
        names.append(f"x{i}")
    leaves = list(names)

    def fill(template):
        return template.format(*[rnd.choice(names) for _ in range(template.count("{}"))])
    for j in range(rnd.randint(2, 7)):
        lines.append(f"h{j} = {fill(rnd.choice(UNARY + BINARY))}")
        lines.append(f"print('h{j}', h{j}.grad_fn.name() if h{j}.grad_fn is not None else None, h{j})")
        names.append(f"h{j}")
    names = names[len(leaves):]
    lines.append(f"out = {fill(rnd.choice(REDUCE))}")
    lines.append("print('out', out, out.grad_fn)")
    return _backward_tail(rnd, lines, leaves)


# --mode forward: in-place ops applied to a clone of an intermediate result (their tangents
# go through PyTorch's in-place formulas, self aliasing included)
IN_PLACE = ["{0}.mul_({})", "{0}.add_({}, alpha=0.5)", "{0}.sub_({})", "{0}.div_({}.abs() + 1)",
            "{0}.mul_({0})", "{0}.addcmul_({}, {}, value=0.3)", "{0}.clamp_(-0.5, 0.7)",
            "{0}.sin_()", "{0}.exp_()", "{0}.tanh_()", "{0}[1:].mul_({}[1:])", "{0}.t_()",
            "{0}.copy_({})", "{0}.masked_fill_({} > 0.5, 0.0)", "{0}.abs_()", "{0}.neg_()",
            "{0}.lerp_({}, 0.3)", "{0}.pow_(2)", "{0}.atan2_({})", "{0}.hypot_({0})",
            "{0}[:, 0] = {}[:, 1]", "{0}.zero_()", "{0}.fill_(2.0)", "{0}.sigmoid_()"]


def program_forward(seed: int) -> str:
    """A chain of ops (and in-place ops on clones) on dual tensors, printing each tangent;
    now and then reverse mode through the tangents (reverse over forward)."""
    rnd = random.Random(seed)
    dtype = rnd.choice(["torch.float32", "torch.float64"])
    reverse = rnd.random() < 0.3
    lines = ["fwAD = torch.autograd.forward_ad"]
    names = []
    for i in range(rnd.randint(1, 3)):
        values = [[round(rnd.uniform(-2, 2), 2) for _ in range(4)] for _ in range(3)]
        tangent = [[round(rnd.uniform(-1, 1), 2) for _ in range(4)] for _ in range(3)]
        grad = ", requires_grad=True" if reverse else ""
        lines.append(f"p{i} = torch.tensor({values}, dtype={dtype}{grad})")
        lines.append(f"t{i} = torch.tensor({tangent}, dtype={dtype}{grad})")
        names.append(f"x{i}")
    leaves = list(names)
    lines.append("with fwAD.dual_level():")
    body = [f"x{i} = fwAD.make_dual(p{i}, t{i})" for i in range(len(leaves))]

    def fill(template, first=None):
        text = template.replace("{0}", first) if first else template
        return text.format(*[rnd.choice(names) for _ in range(text.count("{}"))])
    for j in range(rnd.randint(2, 6)):
        if rnd.random() < 0.35:
            source = rnd.choice(names)
            body.append(f"h{j} = {source}.clone()")
            op = fill(rnd.choice(IN_PLACE), f"h{j}")
            body.append(op if "=" in op.split("(")[0] else f"{op}")
        else:
            body.append(f"h{j} = {fill(rnd.choice(UNARY + BINARY))}")
        body.append(f"print('h{j}', fwAD.unpack_dual(h{j}).tangent)")
        names.append(f"h{j}")
    out = fill(rnd.choice(REDUCE))
    body.append(f"out = {out}")
    body.append("print('out', fwAD.unpack_dual(out))")
    if reverse:
        body.append("tan = fwAD.unpack_dual(out).tangent")
    lines += ["    " + b for b in body]
    if reverse:                 # after the level: gradients of the tangent, without tangents
        lines.append(f"g = torch.autograd.grad(tan, [{', '.join(f'p{i}' for i in range(len(leaves)))}, "
                     f"{', '.join(f't{i}' for i in range(len(leaves)))}], allow_unused=True)")
        lines.append("print('g', g)")
    return "\n".join(lines)


# --mode views: chains of views of leaves and of their clones, in-place ops on bases, views
# and views of views (some under no_grad, some out= writes), detach/detach_/requires_grad_,
# printing each tensor's value, _version, is_leaf, requires_grad, grad_fn and whether its
# _base is the tensor it was taken from (its root); then backward or autograd.grad. Each
# in-place step and the backward catch their error and print it, so one program checks many.
VIEW_SHAPES = [(3, 4), (3, 4), (2, 3, 2), (4,), (3, 1), (2, 4)]


def _view_ops(rnd, shape, fresh):
    """The views that apply to a tensor of shape: (template, result shape, multi-output);
    fresh: the tensor is contiguous and owns its storage (as_strided, view_as_complex)."""
    nd, ops = len(shape), []
    if nd >= 1 and shape[0] >= 2:
        ops += [("{}[::2]", (len(range(0, shape[0], 2)),) + shape[1:], False),
                ("{}[1:]", (shape[0] - 1,) + shape[1:], False),
                ("{}.narrow(0, 1, 1)", (1,) + shape[1:], False),
                ("{}.split(2)[0]", (min(2, shape[0]),) + shape[1:], True),
                ("{}.chunk(2)[-1]", (shape[0] - len(range(0, shape[0], 2)) or shape[0],)
                 + shape[1:], True)]
    if nd >= 2 and shape[1] >= 2:
        ops += [("{}[:, 1::2]", (shape[0], len(range(1, shape[1], 2))) + shape[2:], False),
                ("{}.narrow(1, 1, 2)", (shape[0], min(2, shape[1] - 1)) + shape[2:], False)]
    if nd >= 1:
        d = rnd.randrange(nd)
        rest = shape[:d] + shape[d + 1:]
        i = rnd.randrange(shape[d])
        ops += [(f"{{}}.select({d}, {i})", rest, False),
                (f"{{}}[{rnd.randrange(shape[0])}]", shape[1:], False),
                (f"{{}}.unbind({d})[{i}]", rest, True), ("{}.view(-1)", (_numel(shape),), False),
                ("{}.reshape(-1)", (_numel(shape),), False),
                ("{}.flatten()", (_numel(shape),), False),
                ("{}.transpose(0, -1)", shape[-1:] + shape[1:-1] + shape[:1] if nd > 1 else shape,
                 False),
                ("{}.permute(" + ", ".join(str(k) for k in range(nd - 1, -1, -1)) + ")",
                 shape[::-1], False)]
    if nd <= 2:
        ops.append(("{}.t()", shape[::-1], False))
    if nd >= 2:
        ops += [("{}.diagonal()", (min(shape[0], shape[1]),) + shape[2:], False),
                ("{}.mT", shape[:-2] + shape[-1:] + shape[-2:-1], False),
                ("{}.diagonal(0, -2, -1)", shape[:-2] + (min(shape[-2:]),), False)]
    k = rnd.randrange(nd + 1)
    ops += [(f"{{}}.unsqueeze({k})", shape[:k] + (1,) + shape[k:], False),
            ("{}.expand(2, *{}.shape)", (2,) + shape, False),
            ("{}.view_as({})", shape, False)]
    if 1 in shape:
        ops += [("{}.squeeze()", tuple(n for n in shape if n != 1), False),
                ("{}.expand(" + ", ".join(str(n if n != 1 else 3) for n in shape) + ")",
                 tuple(n if n != 1 else 3 for n in shape), False)]
    if fresh and _numel(shape) >= 6:
        ops.append(("{}.as_strided((2, 2), (1, 2), 1)", (2, 2), False))
    return ops


def _numel(shape):
    n = 1
    for s in shape:
        n *= s
    return n


VIEW_INPLACE = ["{t}.add_({o})", "{t}.add_({o}, alpha=2)", "{t}.mul_({o})", "{t}.mul_(2)",
                "{t}.copy_({o})", "{t}.zero_()", "{t}.fill_(1.5)", "{t}.clamp_(-0.5, 0.5)",
                "{t}[...] = {o}", "{t}.masked_fill_({t} > 0, 0.0)", "{t}.relu_()",
                "{t}.sigmoid_()", "torch.add({o}, 1, out={t})", "torch.mul({o}, {o}, out={t})",
                "{t}.sub_({o})", "{t}.div_(2)", "{t}.exp_()", "{t}.neg_()", "{t} += {o}",
                "{t} *= 3", "torch.sigmoid({o}, out={t})", "{t}.clamp_(min=0)"]
VIEW_INPLACE_NDIM = ["{t}[0] = 2.0", "{t}[0] = {o}[0]", "{t}[-1].mul_(0.5)", "{t}[:1] += 1"]
VIEW_COMPUTE = ["{t}.sin()", "{t}.exp()", "{t} * {o}", "{t}.pow(2)", "torch.sigmoid({t})",
                "{t}.relu()", "{t}.tanh()", "{t}.clone()", "{t} + 1", "{t}.contiguous()",
                "{t}.cumsum(0)", "{t}.softmax(-1)", "({t} * 2).abs()"]
VIEW_DETACH = ["{t}.detach()", "{t}.detach_()", "{t}.requires_grad_()",
               "{t}.requires_grad_(False)", "{t}.data"]


_CAUGHT = ["except Exception as e:", "    print('E', type(e).__name__.replace('Torch', ''), e)"]


class _ViewsProgram:
    """The lines of one --mode views program, and what it knows of each name: (shape, the
    tensor the name's memory came from (its `_base` when a view), fresh: contiguous and owning
    its memory, complex)."""

    def __init__(self, rnd):
        self.rnd, self.dtype = rnd, rnd.choice(["torch.float32", "torch.float64"])
        self.lines = ["def show(name, t, base=None):",
                      "    print(name, t, t._version, t.is_leaf, t.requires_grad,",
                      "          t.grad_fn.name() if t.grad_fn is not None else None, "
                      "t._base is base)"]
        self.info, self.leaves, self.counter = {}, [], iter(range(100))
        for i in range(rnd.randint(1, 2)):
            shape = rnd.choice(VIEW_SHAPES)
            grad = rnd.random() < 0.8
            self.lines.append(f"x{i} = torch.tensor({_literal(rnd, shape)}, dtype={self.dtype}, "
                              f"requires_grad={grad})")
            self.info[f"x{i}"] = (shape, f"x{i}", True, False)
            self.leaves.append(f"x{i}")
            if rnd.random() < 0.7:
                self.lines.append(f"b{i} = x{i}.{rnd.choice(['clone()', 'mul(1)', 'exp()'])}")
                self.info[f"b{i}"] = (shape, f"b{i}", True, False)

    def operand(self, shape, cplx) -> str:
        same = [n for n, v in self.info.items() if v[0] == shape and v[3] == cplx]
        if same and self.rnd.random() < 0.6:
            return self.rnd.choice(same)
        if self.rnd.random() < 0.3:
            return repr(round(self.rnd.uniform(-2, 2), 2))
        return f"torch.full({shape}, {round(self.rnd.uniform(-2, 2), 2)}, dtype={self.dtype})"

    def attempt(self, statement: str) -> None:
        self.lines.extend(["try:", f"    {statement}", *_CAUGHT])

    def show(self, name: str, base) -> None:
        self.lines.append(f"show('{name}', {name}, {base})")

    def step(self) -> None:
        rnd = self.rnd
        name = rnd.choice(list(self.info))
        kind = rnd.random()
        if kind < 0.4:
            self.view(name)
        elif kind < 0.75:
            self.in_place(name)
        elif kind < 0.9:                                        # an op that saves its input
            shape, _, _, cplx = self.info[name]
            new = f"h{next(self.counter)}"
            op = rnd.choice(VIEW_COMPUTE).replace("{t}", name)
            self.attempt(f"{new} = {op.replace('{o}', self.operand(shape, cplx))}; "
                         f"show('{new}', {new})")
            self.info[new] = (shape, new, True, cplx)
        else:
            self.detach(name)

    def view(self, name: str) -> None:
        shape, root, fresh, cplx = self.info[name]
        rnd = self.rnd
        if not cplx and fresh and shape[-1:] == (4,) and rnd.random() < 0.1:
            new = f"c{next(self.counter)}"
            self.lines.append(f"{new} = torch.view_as_complex({name}.view(*{name}.shape[:-1], "
                              "2, 2))")
            self.info[new] = (shape[:-1] + (2,), root, False, True)
        elif cplx and rnd.random() < 0.6:
            new = f"v{next(self.counter)}"
            self.lines.append(f"{new} = {name}.{rnd.choice(['real', 'imag'])}")
            self.info[new] = (shape, root, False, False)
        else:
            template, new_shape, _ = rnd.choice(_view_ops(rnd, shape, fresh))
            new = f"v{next(self.counter)}"
            self.lines.append(f"{new} = {template.replace('{}', name)}")
            self.info[new] = (new_shape, root, False, cplx)
        self.show(new, root)

    def in_place(self, name: str) -> None:
        shape, root, _, cplx = self.info[name]
        pool = VIEW_INPLACE + (VIEW_INPLACE_NDIM if shape and shape[0] >= 1 else [])
        template = self.rnd.choice(pool)
        statement = template.replace("{t}", name).replace("{o}", self.operand(shape, cplx))
        if self.rnd.random() < 0.2:
            statement = f"with torch.no_grad(): {statement}"
        self.attempt(statement)
        self.show(name, root if root != name else None)
        if root != name:
            self.lines.append(f"show('{root}', {root})")

    def detach(self, name: str) -> None:
        shape, root, _, cplx = self.info[name]
        template = self.rnd.choice(VIEW_DETACH)
        if "_(" in template:
            self.attempt(template.replace("{t}", name))
            self.show(name, root if root != name else None)
        else:
            new = f"d{next(self.counter)}"
            self.lines.append(f"{new} = {template.replace('{t}', name)}")
            self.show(new, name)
            self.info[new] = (shape, name, False, cplx)

    def backward(self) -> None:
        """A sum over one to three of the names (those requiring grad by then), and its
        backward, or autograd.grad of the leaves; then the leaves' gradients."""
        rnd, names = self.rnd, list(self.info)
        chosen = rnd.sample(names, min(len(names), rnd.randint(1, 3)))
        parts = [f"torch.view_as_real({n})" if self.info[n][3] else n for n in chosen]
        self.lines += [f"ts = [t for t in [{', '.join(parts)}] if t.requires_grad]",
                       "print('ts', len(ts))", "try:",
                       "    out = sum((t * t.detach().sign() + t.square()).sum() for t in ts)"]
        if rnd.random() < 0.3:
            wrt = ", ".join(self.leaves)
            self.lines += [f"    g = torch.autograd.grad(out, [t for t in [{wrt}] if "
                           "t.requires_grad], allow_unused=True)", "    print('g', g)"]
        else:
            self.lines.append("    out.backward()")
        self.lines += _CAUGHT + [f"print('{n}.grad', {n}.grad)" for n in self.leaves]


def program_views(seed: int) -> str:
    """In-place ops on leaves, their clones, views and views of views, then backward."""
    rnd = random.Random(seed)
    program = _ViewsProgram(rnd)
    for _ in range(rnd.randint(3, 9)):
        program.step()
    program.backward()
    return "\n".join(program.lines)


def run(python: str, import_line: str, programs: list[str], env=None) -> list[str]:
    runner = FORMULA_RUNNER if import_line is None else RUNNER.format(import_line=import_line)
    proc = subprocess.run([python, "-c", runner],
                          input="\n#####\n".join(programs), capture_output=True, text=True,
                          env=env)
    out = re.sub(r"0x[0-9a-f]+", "0x", proc.stdout)
    cases = re.split(r"=== case \d+\n", out)[1:]
    if len(cases) != len(programs):
        sys.exit(f"{python} stopped early:\n{proc.stderr[-2000:]}")
    return cases


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--python", default=os.environ.get("TORCH_PYTHON",
                                                           "/work/torchenv/bin/python"))
    parser.add_argument("--shapes", choices=["34", "mixed"], default="34",
                        help="leaves of shape (3, 4) (default) or of broadcast-compatible shapes")
    parser.add_argument("--mode", choices=["reverse", "forward", "views"], default="reverse",
                        help="reverse mode (default), forward AD (dual tensors, in-place "
                             "ops on clones, reverse over forward now and then) or views "
                             "(in-place ops on views and their bases, then backward)")
    args = parser.parse_args(argv)
    make = program_mixed if args.shapes == "mixed" else program
    if args.mode == "forward":
        make = program_forward
    elif args.mode == "views":
        make = program_views
    programs = [make(s) for s in range(args.seed, args.seed + args.count)]
    root = str(pathlib.Path(__file__).resolve().parent.parent)
    env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
    want = run(args.python, "import torch", programs)
    got = run(sys.executable, None if args.mode == "views" else "import gradcli as torch",
              programs, env)
    differing = 0
    for k, (a, b) in enumerate(zip(want, got)):
        if a != b:
            differing += 1
            print(f"##### seed {args.seed + k}\n{programs[k]}\n--- torch\n{a}--- gradcli\n{b}")
    print(f"{differing} of {args.count} programs print differently")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
