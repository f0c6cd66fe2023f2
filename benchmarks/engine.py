"""Engine benchmark: gradcli beside PyTorch (and HIPS autograd / JAX when installed).

    python benchmarks/engine.py [--quick] [--torch-python PATH] [--repeat N]

Each workload runs in a fresh process per library, the libraries interleaved, `--repeat`
times after a warm-up; the table shows medians (min-max) and the ratio gradcli/PyTorch.
The same workload code drives gradcli and PyTorch, since gradcli's API is PyTorch's. PyTorch
is looked for in this interpreter, then in --torch-python (or $GRADCLI_TORCH_PYTHON, or
../torchenv/bin/python); a missing peer's column says so.

Workloads:
  chain     x = sin(x)*1.0001 + 0.5*x, 10,000 steps (float64): forward+backward, us per op
  elem      sum(tanh(x)*x + exp(-x*x)) on 10^7 float64 elements: forward+backward
  mlp       mean((tanh(X@W1+b1)@W2 - Y)**2), X 4096x512, W1 512x512, W2 512x10
  hess100   full Hessian of sum(x**4) + dot(x, A@x), n=100
  hess500   the same, n=500
  chain1m   a chain of 1,000,000 additions, backward, and the memory left after it (gradcli)
Peak memory is the process's peak RSS above its RSS after import.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- workloads: f(lib, quick) -> dict of measurements; lib is gradcli or torch -----------------

def w_chain(lib, quick):
    n = 2000 if quick else 10000
    x0 = lib.tensor(0.3, dtype=lib.float64, requires_grad=True)
    t0 = time.perf_counter()
    x = x0
    for _ in range(n):
        x = lib.sin(x) * 1.0001 + 0.5 * x
    x.backward()
    dt = time.perf_counter() - t0
    return {"seconds": dt, "us_per_op": dt / (4 * n) * 1e6}


def w_elem(lib, quick):
    n = 10**6 if quick else 10**7
    x = lib.linspace(-3, 3, n, dtype=lib.float64, requires_grad=True)
    t0 = time.perf_counter()
    y = (lib.tanh(x) * x + lib.exp(-x * x)).sum()
    y.backward()
    return {"seconds": time.perf_counter() - t0}


def w_mlp(lib, quick):
    rows = 512 if quick else 4096
    g = lib.manual_seed(0)
    X = lib.randn(rows, 512, dtype=lib.float64)
    Y = lib.randn(rows, 10, dtype=lib.float64)
    W1 = (lib.randn(512, 512, dtype=lib.float64) * 0.05).requires_grad_(True)
    b1 = lib.zeros(512, dtype=lib.float64, requires_grad=True)
    W2 = (lib.randn(512, 10, dtype=lib.float64) * 0.05).requires_grad_(True)
    t0 = time.perf_counter()
    loss = ((lib.tanh(X @ W1 + b1) @ W2 - Y) ** 2).mean()
    loss.backward()
    del g
    return {"seconds": time.perf_counter() - t0}


def _hessian(lib, n):
    lib.manual_seed(0)
    A = lib.randn(n, n, dtype=lib.float64)
    x = lib.randn(n, dtype=lib.float64)

    def f(v):
        return (v ** 4).sum() + lib.dot(v, A @ v)
    t0 = time.perf_counter()
    H = lib.autograd.functional.hessian(f, x)
    dt = time.perf_counter() - t0
    return {"seconds": dt, "check": float(H[0, 0])}


def w_hess100(lib, quick):
    return _hessian(lib, 50 if quick else 100)


def w_hess500(lib, quick):
    return _hessian(lib, 100 if quick else 500)


def w_chain1m(lib, quick):
    n = 100_000 if quick else 1_000_000
    before = _rss_mb()
    x = lib.tensor(1.0, requires_grad=True)
    t0 = time.perf_counter()
    y = x
    for _ in range(n):
        y = y + 1.0
    y.backward()
    dt = time.perf_counter() - t0
    del y
    import gc
    gc.collect()
    return {"seconds": dt, "rss_left_mb": max(_rss_mb() - before, 0.0)}


WORKLOADS = {"chain": w_chain, "elem": w_elem, "mlp": w_mlp, "hess100": w_hess100,
             "hess500": w_hess500, "chain1m": w_chain1m}
GRADCLI_ONLY = {"chain1m"}


# -- worker and driver -------------------------------------------------------------------------

def _import(libname):
    if libname == "gradcli":
        sys.path.insert(0, str(ROOT))
        import gradcli
        return gradcli
    import torch
    torch.set_num_threads(os.cpu_count() or 1)
    return torch


def worker(libname, workload, quick) -> None:
    lib = _import(libname)
    base = _rss_mb()
    result = WORKLOADS[workload](lib, quick)
    result["peak_mb"] = max(_peak_mb() - base, 0.0)
    print(json.dumps(result))


def _torch_python(arg):
    for cand in (arg, os.environ.get("GRADCLI_TORCH_PYTHON"), sys.executable,
                 str(ROOT.parent / "torchenv" / "bin" / "python")):
        if cand and pathlib.Path(cand).exists():
            ok = subprocess.run([cand, "-c", "import torch"], capture_output=True).returncode
            if ok == 0:
                return cand
    return None


def _run(python, libname, workload, quick):
    proc = subprocess.run([python, __file__, "--worker", libname, workload] +
                          (["--quick"] if quick else []), capture_output=True, text=True,
                          timeout=1800)
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _fmt(samples, key, unit):
    vals = [s[key] for s in samples if key in s]
    if not vals:
        errs = [s.get("error", "") for s in samples]
        return "error: " + errs[0][:40] if any(errs) else "-"
    med = statistics.median(vals)
    return f"{med:.3g}{unit} ({min(vals):.3g}-{max(vals):.3g})"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--worker", nargs=2, metavar=("LIB", "WORKLOAD"))
    ap.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--torch-python")
    ap.add_argument("--only", nargs="*", choices=sorted(WORKLOADS))
    a = ap.parse_args(argv)
    if a.worker:
        worker(a.worker[0], a.worker[1], a.quick)
        return 0
    torch_py = _torch_python(a.torch_python)
    rows = []
    for name in a.only or WORKLOADS:
        libs = [("gradcli", sys.executable)]
        if torch_py and name not in GRADCLI_ONLY:
            libs.append(("torch", torch_py))
        samples = {lib: [] for lib, _ in libs}
        for rep in range(a.repeat + 1):
            for lib, py in libs:
                r = _run(py, lib, name, a.quick)
                if rep:
                    samples[lib].append(r)
        key = "us_per_op" if name == "chain" else "seconds"
        unit = "us" if key == "us_per_op" else "s"
        g, t = samples["gradcli"], samples.get("torch")
        ratio = "-"
        if t and all(key in s for s in g + t):
            ratio = f"{statistics.median(s[key] for s in g) / statistics.median(s[key] for s in t):.2f}x"
        rows.append((name, _fmt(g, key, unit), _fmt(t, key, unit) if t is not None else
                     ("n/a" if name in GRADCLI_ONLY else "not installed"), ratio,
                     _fmt(g, "peak_mb", "MB"), _fmt(t, "peak_mb", "MB") if t else "-",
                     _fmt(g, "rss_left_mb", "MB") if name == "chain1m" else ""))
        print(f"  done {name}", file=sys.stderr)
    head = ("workload", "gradcli", "pytorch", "ratio", "gradcli peak", "pytorch peak",
            "left after")
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    for r in [head] + rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
