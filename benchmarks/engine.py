"""Engine workloads W2-W6 of benchmarks/run.py, and the part of a measurement that runs in
the child process.

    python benchmarks/engine.py [--quick] [--repeat N]
    (the same as: python benchmarks/run.py --only W2 W3 W4 W5 W6 --no-save)

A workload is written once against PyTorch's API, which drives gradcli and PyTorch alike
(gradcli's API is PyTorch's); JAX and HIPS autograd run the same computation through their
functional `grad`/`hessian`, and the NumPy floor computes the gradient by hand. Every library
gets the same inputs (linspace, or NumPy's PCG64 with seed 0). `WORKLOADS[name][lib]` is
`f(module, **sizes) -> {"seconds": ..., "check": ...}` (sizes from SIZES, full or --quick);
`check` is a number every library should agree on (a gradient sum), so a wrong answer cannot
pass as a fast one.

Workloads:
  chain      x = sin(x)*1.0001 + 0.5*x, 10,000 steps, forward+backward; us per op (4 per step)
  elem       sum(tanh(x)*x + exp(-x*x)), 10^7 float64 elements; elem32 the same in float32
  mlp        mean((tanh(X@W1+b1)@W2 - Y)**2), X 4096x512, W1 512x512, W2 512x10
  hess100    full Hessian of sum(x**4) + dot(x, A@x), n=100; hess500 n=500
  chain200k  200,000 additions then backward, and the RSS left after it and gc
  chain1m    the same with 1,000,000 additions (gradcli alone)
`worker()` imports the library, notes the RSS, runs the workload once as a warm-up and once
timed, and prints one JSON line with the timed result and the peak RSS above that baseline.
"""
from __future__ import annotations

import functools
import gc
import json
import os
import pathlib
import resource
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _mlp_inputs(rows):
    """X, Y, W1, b1, W2 as float64 NumPy arrays, the same in every process."""
    import numpy as np
    rng = np.random.default_rng(0)
    return (rng.standard_normal((rows, 512)), rng.standard_normal((rows, 10)),
            rng.standard_normal((512, 512)) * 0.05, np.zeros(512),
            rng.standard_normal((512, 10)) * 0.05)


def _hess_inputs(n):
    import numpy as np
    rng = np.random.default_rng(0)
    return rng.standard_normal((n, n)), rng.standard_normal(n)


def timed(fn, check=True) -> dict:
    """{"seconds": time fn() took, "check": its result as a float (unless check=False)}."""
    t0 = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "check": float(result)} if check else {"seconds": seconds}


# -- PyTorch's API: gradcli and torch -------------------------------------------------------

def t_chain(lib, n):
    x0 = lib.tensor(0.3, dtype=lib.float64, requires_grad=True)

    def run():
        x = x0
        for _ in range(n):
            x = lib.sin(x) * 1.0001 + 0.5 * x
        x.backward()
        return x.item() + x0.grad.item()
    result = timed(run)
    return dict(result, us_per_op=result["seconds"] / (4 * n) * 1e6)


def t_elem(lib, n, dtype):
    x = lib.linspace(-3, 3, n, dtype=getattr(lib, dtype), requires_grad=True)

    def run():
        (lib.tanh(x) * x + lib.exp(-x * x)).sum().backward()
        return abs(x.grad).sum()
    return timed(run)


def t_mlp(lib, rows):
    X, Y, W1, b1, W2 = (lib.from_numpy(a) for a in _mlp_inputs(rows))
    for p in (W1, b1, W2):
        p.requires_grad_(True)

    def run():
        ((lib.tanh(X @ W1 + b1) @ W2 - Y) ** 2).mean().backward()
        return W1.grad.sum() + b1.grad.sum() + W2.grad.sum()
    return timed(run)


def t_hessian(lib, n):
    A, x = (lib.from_numpy(a) for a in _hess_inputs(n))
    return timed(lambda: lib.autograd.functional.hessian(
        lambda v: (v ** 4).sum() + lib.dot(v, A @ v), x).sum())


def t_long_chain(lib, n):
    before = _rss_mb()
    x = lib.tensor(1.0, dtype=lib.float64, requires_grad=True)

    def run():
        y = x
        for _ in range(n):
            y = y + 1.0
        y.backward()
        return x.grad
    result = timed(run)
    gc.collect()
    return dict(result, rss_left_mb=max(_rss_mb() - before, 0.0))


# -- JAX and HIPS autograd: the same computations, functional ------------------------------

class Functional:
    """JAX or HIPS autograd behind one face: np, grad, value_and_grad, hessian, ready (waits
    for JAX's asynchronous dispatch)."""

    def __init__(self, name):
        if name == "jax":
            import jax
            jax.config.update("jax_enable_x64", True)
            import jax.numpy as jnp
            self.np, self.grad, self.hessian = jnp, jax.grad, jax.hessian
            self.value_and_grad = jax.value_and_grad
            self.ready = jax.block_until_ready
        else:
            import autograd
            import autograd.numpy as anp
            self.np, self.grad, self.hessian = anp, autograd.grad, autograd.hessian
            self.value_and_grad = autograd.value_and_grad
            self.ready = lambda value: value


def f_chain(F, n):
    def f(x):
        for _ in range(n):
            x = F.np.sin(x) * 1.0001 + 0.5 * x
        return x
    result = timed(lambda: sum(F.ready(F.value_and_grad(f)(0.3))))
    return dict(result, us_per_op=result["seconds"] / (4 * n) * 1e6)


def f_elem(F, n, dtype):
    x = F.np.linspace(-3, 3, n, dtype=dtype)

    def f(v):
        return F.np.sum(F.np.tanh(v) * v + F.np.exp(-v * v))
    return timed(lambda: abs(F.ready(F.grad(f)(x))).sum())


def f_mlp(F, rows):
    X, Y, W1, b1, W2 = (F.np.asarray(a) for a in _mlp_inputs(rows))

    def f(params):
        w1, c1, w2 = params
        return F.np.mean((F.np.tanh(X @ w1 + c1) @ w2 - Y) ** 2)
    return timed(lambda: sum(g.sum() for g in F.ready(F.grad(f)((W1, b1, W2)))))


def f_hessian(F, n):
    A, x = (F.np.asarray(a) for a in _hess_inputs(n))

    def f(v):
        return F.np.sum(v ** 4) + F.np.dot(v, A @ v)
    return timed(lambda: F.ready(F.hessian(f)(x)).sum())


def f_long_chain(F, n):
    before = _rss_mb()

    def f(y):
        for _ in range(n):
            y = y + 1.0
        return y
    result = timed(lambda: F.ready(F.grad(f)(1.0)))
    gc.collect()
    return dict(result, rss_left_mb=max(_rss_mb() - before, 0.0))


# -- the floor: NumPy with the gradient written by hand ------------------------------------

def n_elem(np, n, dtype):
    x = np.linspace(-3, 3, n, dtype=dtype)

    def run():
        t, e = np.tanh(x), np.exp(-x * x)
        (t * x + e).sum()
        return abs((1 - t * t) * x + t - 2 * x * e).sum()
    return timed(run)


def n_mlp(np, rows):
    X, Y, W1, b1, W2 = _mlp_inputs(rows)

    def run():
        H = np.tanh(X @ W1 + b1)
        R = H @ W2 - Y
        (R ** 2).mean()
        dP = 2 * R / R.size
        dZ = (dP @ W2.T) * (1 - H * H)
        return (X.T @ dZ).sum() + dZ.sum(0).sum() + (H.T @ dP).sum()
    return timed(run)


def _both(fn, **kw):
    """The same workload for every library: torch-API, functional and (if given) NumPy."""
    t_fn, f_fn, n_fn = fn
    out = {"gradcli": functools.partial(t_fn, **kw), "torch": functools.partial(t_fn, **kw),
           "jax": functools.partial(f_fn, **kw), "autograd": functools.partial(f_fn, **kw)}
    if n_fn:
        out["numpy"] = functools.partial(n_fn, **kw)
    return out


WORKLOADS = {
    "chain": _both((t_chain, f_chain, None)),
    "elem": _both((t_elem, f_elem, n_elem), dtype="float64"),
    "elem32": _both((t_elem, f_elem, n_elem), dtype="float32"),
    "mlp": _both((t_mlp, f_mlp, n_mlp)),
    "hess100": _both((t_hessian, f_hessian, None)),
    "hess500": _both((t_hessian, f_hessian, None)),
    "chain200k": _both((t_long_chain, f_long_chain, None)),
    "chain1m": {"gradcli": t_long_chain},
}
SIZES = {  # workload -> keyword -> (size, size with --quick)
    "chain": {"n": (10_000, 2_000)}, "elem": {"n": (10**7, 10**6)},
    "elem32": {"n": (10**7, 10**6)}, "mlp": {"rows": (4096, 512)},
    "hess100": {"n": (100, 50)}, "hess500": {"n": (500, 100)},
    "chain200k": {"n": (200_000, 20_000)}, "chain1m": {"n": (1_000_000, 100_000)},
}


def sizes(table: dict, name: str, quick: bool) -> dict:
    """The keyword arguments a workload gets from a SIZES-like table."""
    return {key: pair[quick] for key, pair in table.get(name, {}).items()}


# -- the child process ---------------------------------------------------------------------

def import_lib(libname):
    """The module a workload receives, imported as a script would (`import gradcli as
    torch`: before NumPy, which gradcli loads itself); NumPy is loaded in every case before
    the RSS baseline is taken."""
    if libname == "gradcli":
        sys.path.insert(0, str(ROOT))
        import gradcli
        return gradcli
    import numpy
    if libname == "torch":
        import torch
        torch.set_num_threads(os.cpu_count() or 1)
        return torch
    if libname in ("jax", "autograd"):
        return Functional(libname)
    return numpy if libname == "numpy" else None


def worker(libname, fn, warm_up=True, **kwargs) -> None:
    """Run one workload in this (fresh) process, once untimed (unless warm_up is false) and
    once timed, and print the timed run's result as one JSON line.

    The untimed run is the warm-up every library gets: lazy initialisation, and the first
    touch of the memory the workload needs. On this kind of virtual machine a page the
    process has not touched yet costs a fault that the host may have to back, and NumPy's
    floor, gradcli and PyTorch each swung 2-5x between processes on it (W3 float64's floor:
    0.14-0.88 s), which measures the host, not the library."""
    lib = import_lib(libname)
    base = _rss_mb()
    if warm_up:
        fn(lib, **kwargs)
    result = fn(lib, **kwargs)
    result["peak_mb"] = max(_peak_mb() - base, 0.0)
    print(json.dumps(result))


def main(argv=None) -> int:
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    import run
    return run.main(["--only", "W2", "W3", "W4", "W5", "W6", "--no-save"] +
                    list(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())
