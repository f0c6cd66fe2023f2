"""Random expressions over several variables: `grad --json --dtype float64` agrees with
central differences, and with PyTorch's values, gradients, output grad_fn and graph.

PyTorch is used in-process when importable; otherwise, when GRADCLI_TORCH_PYTHON names a
Python that has torch (e.g. a separate virtual environment, see PRODUCT.md §5), through one
subprocess; otherwise the PyTorch tests are skipped:

    GRADCLI_TORCH_PYTHON=/path/to/torchenv/bin/python pytest tests/test_cli_property.py
"""
from __future__ import annotations

import json
import math
import os
import random
import re
import subprocess
import sys

import numpy as np
import pytest
from click.testing import CliRunner

from gradcli.cli import main

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

NAMES = ("a", "b", "c")


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


# (template, numpy function); {0} and {1} are operands. Domains are safe for any input.
UNARY = [
    ("sin({0})", np.sin), ("cos({0})", np.cos), ("tanh({0})", np.tanh),
    ("sigmoid({0})", _sigmoid), ("exp(tanh({0}))", lambda u: np.exp(np.tanh(u))),
    ("log(1 + {0}*{0})", lambda u: np.log(1 + u * u)),
    ("sqrt(1 + {0}*{0})", lambda u: np.sqrt(1 + u * u)),
    ("({0})**2", lambda u: u ** 2), ("-({0})", lambda u: -u),
]
BINARY = [
    ("({0} + {1})", np.add), ("({0} - {1})", np.subtract), ("({0} * {1})", np.multiply),
    ("({0} / (2 + {1}*{1}))", lambda u, v: u / (2 + v * v)),
]
REDUCE = [("sum({0})", np.sum, "SumBackward0"), ("mean({0})", np.mean, "MeanBackward0")]


def make_case(rnd: random.Random, max_depth: int = 4):
    """(expression, numpy function of the variables, values, expected output grad_fn)."""
    shapes = {n: rnd.choice([(), (3,)]) for n in NAMES[:rnd.randint(1, 3)]}

    def build(depth):
        if depth == 0 or rnd.random() < 0.25:
            name = rnd.choice(list(shapes))
            return name, (lambda env, name=name: env[name]), shapes[name]
        if rnd.random() < 0.5:
            tpl, fn = rnd.choice(UNARY)
            s, f, shape = build(depth - 1)
            return tpl.format(s), (lambda env: fn(f(env))), shape
        tpl, fn = rnd.choice(BINARY)
        (s1, f1, sh1), (s2, f2, sh2) = build(depth - 1), build(depth - 1)
        return (tpl.format(s1, s2), (lambda env: fn(f1(env), f2(env))),
                (3,) if (3,) in (sh1, sh2) else ())

    s1, f1, sh1 = build(max_depth)
    if sh1 == (3,) and rnd.random() < 0.3:
        s2, f2, sh2 = build(max_depth - 1)
        if sh2 == (3,):
            expr, fn, grad_fn = f"dot({s1}, {s2})", (lambda env: np.dot(f1(env), f2(env))), \
                "DotBackward0"
            return _finish(expr, fn, shapes, grad_fn, rnd)
    tpl, red, grad_fn = rnd.choice(REDUCE)
    return _finish(tpl.format(s1), lambda env: red(f1(env)), shapes, grad_fn, rnd)


def _finish(expr, fn, shapes, grad_fn, rnd):
    used = [n for n in NAMES if n in shapes and _uses(expr, n)]
    values = {n: np.array([rnd.uniform(-2, 2) for _ in range(int(np.prod(shapes[n])))])
              .reshape(shapes[n]) for n in used}
    return expr, fn, values, grad_fn


def _uses(expr, name):
    return re.search(rf"\b{name}\b", expr) is not None


def _text(arr) -> str:
    return ",".join(repr(float(v)) for v in np.ravel(arr)) if np.ndim(arr) else repr(float(arr))


def gradcli_grad(expr, values):
    args = ["grad", expr, "--json", "--dtype", "float64"]
    for name, v in values.items():
        args.append(f"--{name}={_text(v)}")
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, (expr, r.stderr)
    doc = json.loads(r.stdout)
    for v in doc["inputs"].values():
        v["value"], v["grad"] = np.asarray(v["value"]), np.asarray(v["grad"])
    return doc


def central_differences(fn, values, eps=1e-6):
    grads = {}
    for name, v in values.items():
        g = np.zeros_like(v, dtype=np.float64)
        for idx in np.ndindex(v.shape):
            plus = {k: x.copy() for k, x in values.items()}
            minus = {k: x.copy() for k, x in values.items()}
            plus[name][idx] += eps
            minus[name][idx] -= eps
            g[idx] = (fn(plus) - fn(minus)) / (2 * eps)
        grads[name] = g
    return grads


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_grad_agrees_with_finite_differences(rnd):
    expr, fn, values, grad_fn = make_case(rnd)
    doc = gradcli_grad(expr, values)
    assert math.isclose(doc["output"]["value"], float(fn(values)), rel_tol=1e-12, abs_tol=1e-12)
    assert doc["output"]["grad_fn"] == grad_fn
    numeric = central_differences(fn, values)
    first_use = sorted(values, key=lambda n: re.search(rf"\b{n}\b", expr).start())
    assert list(doc["inputs"]) == first_use
    for name in values:
        np.testing.assert_allclose(doc["inputs"][name]["grad"], numeric[name], rtol=1e-5,
                                   atol=1e-6, err_msg=expr)


# -- PyTorch ---------------------------------------------------------------------------------------

TORCH_SCRIPT = r"""
import json, sys, torch
cases = json.load(sys.stdin)
ns = {n: getattr(torch, n) for n in ("sin", "cos", "tanh", "sigmoid", "exp", "log", "sqrt",
                                     "sum", "mean", "dot")}

def tree(fn):
    out, stack, seen = [], [(fn, 0)], set()
    while stack:
        node, depth = stack.pop()
        if node is None:
            out.append([depth, "None"]); continue
        out.append([depth, type(node).__name__])
        if node in seen:
            continue
        seen.add(node)
        for nxt, _ in reversed(node.next_functions):
            stack.append((nxt, depth + 1))
    return out

results = []
for case in cases:
    env = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True)
           for k, v in case["values"].items()}
    y = eval(case["expr"], {"__builtins__": {}}, {**ns, **env})
    y.backward()
    results.append({"value": y.item(), "grad_fn": type(y.grad_fn).__name__,
                    "grads": {k: t.grad.tolist() for k, t in env.items()},
                    "tree": tree(y.grad_fn)})
json.dump(results, sys.stdout)
"""


def _torch_results(cases):
    payload = json.dumps([{"expr": e, "values": {k: v.tolist() for k, v in vals.items()}}
                          for e, vals in cases])
    try:
        import torch  # noqa: F401
        python = sys.executable
    except ImportError:
        python = os.environ.get("GRADCLI_TORCH_PYTHON")
        if not python:
            pytest.skip("torch is not importable and GRADCLI_TORCH_PYTHON is not set")
    proc = subprocess.run([python, "-c", TORCH_SCRIPT], input=payload, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_grad_agrees_with_pytorch():
    cases = [make_case(random.Random(seed)) for seed in range(80)]
    torch_out = _torch_results([(e, vals) for e, _, vals, _ in cases])
    assert len(torch_out) == len(cases)
    for (expr, _, values, _), want in zip(cases, torch_out):
        doc = gradcli_grad(expr, values)
        assert math.isclose(doc["output"]["value"], want["value"], rel_tol=1e-12,
                            abs_tol=1e-14), expr
        assert doc["output"]["grad_fn"] == want["grad_fn"], expr
        for name, g in want["grads"].items():
            np.testing.assert_allclose(doc["inputs"][name]["grad"], g, rtol=1e-10, atol=1e-12,
                                       err_msg=expr)
        assert _tree(expr, values) == [tuple(x) for x in want["tree"]], expr


def _tree(expr, values):
    """(depth, node name) of `gradcli graph`'s tree, as grad_fn.next_functions nests."""
    args = ["graph", expr, "--no-backward", "--dtype", "float64"]
    for name, v in values.items():
        args.append(f"--{name}={_text(v)}")
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.stderr
    out = []
    for line in r.stdout.splitlines():
        prefix, body = re.match(r"^((?:│   |    |├── |└── )*)(.*)$", line).groups()
        name = "AccumulateGrad" if "(AccumulateGrad)" in body else body.split()[0]
        out.append((len(prefix) // 4, name))
    return out
