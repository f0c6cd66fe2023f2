"""End-to-end time of the card one-liner, beside `import numpy` and the same in PyTorch.

    python benchmarks/cli.py [--runs 15] [--torch-python PATH] [--gradcli CMD]

Every subject is a fresh process, timed from start to exit (what a user waits for). The
PyTorch column runs the same computation as a script with a Python that has torch
(--torch-python, $GRADCLI_TORCH_PYTHON, this one, or /work/torchenv/bin/python); it is left
out when there is none. Prints one table: the median, fastest and slowest run of each, in ms.
benchmarks/run.py (W1) runs the same subjects interleaved, beside its other workloads.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import shlex
import shutil
import statistics
import subprocess
import sys
import time

ONE_LINER = ["grad", "2*dot(x,x)", "--x", "0,1,2,3"]
TORCH_SCRIPT = ("import torch\n"
                "x = torch.tensor([0., 1., 2., 3.], requires_grad=True)\n"
                "y = 2 * torch.dot(x, x)\n"
                "y.backward()\n"
                "print(y, x.grad)\n")
DEFAULT_TORCH = "/work/torchenv/bin/python"


def gradcli_command() -> list[str]:
    """The `gradcli` script installed beside this Python (a user's command), else the one on
    PATH, else this Python importing gradcli. Beside-first, because a PATH entry may be a
    version-manager shim (pyenv's adds ~0.2 s to every start)."""
    beside = pathlib.Path(sys.executable).parent / "gradcli"
    exe = str(beside) if beside.exists() else shutil.which("gradcli")
    if exe:
        return [exe]
    return [sys.executable, "-c", "from gradcli.cli import entry; entry()"]


def use_bytecode() -> None:
    """Let child processes write and use .pyc files, as an installed gradcli does: with
    PYTHONDONTWRITEBYTECODE set (some shells export it) every fresh process would compile
    whatever has no cached bytecode from source, and time that instead."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def wall_ms(cmd: list[str]) -> float:
    """Wall time in ms of one run of cmd, from start to exit; fails if cmd does."""
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    return (time.perf_counter() - start) * 1000


def timed(cmd: list[str], runs: int) -> list[float]:
    """Wall times in ms of `runs` runs of cmd, after one warm-up run (disk caches, .pyc)."""
    wall_ms(cmd)
    return [wall_ms(cmd) for _ in range(runs)]


def peer_python(module: str, option: str | None = None) -> str | None:
    """A Python that can import `module` (torch, jax, autograd): `option`,
    $GRADCLI_TORCH_PYTHON, this interpreter, then /work/torchenv/bin/python; None if none
    can. Asks importlib, so nothing heavy is imported."""
    probe = f"import importlib.util, sys; sys.exit(importlib.util.find_spec({module!r}) is None)"
    for candidate in (option, os.environ.get("GRADCLI_TORCH_PYTHON"), sys.executable,
                      DEFAULT_TORCH):
        if candidate and os.path.exists(candidate):
            if subprocess.run([candidate, "-c", probe], capture_output=True).returncode == 0:
                return candidate
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--torch-python", default=None)
    ap.add_argument("--gradcli", default=None,
                    help="command that runs gradcli (default: the `gradcli` script beside "
                         "this Python, else on PATH, else this Python importing gradcli)")
    a = ap.parse_args()
    use_bytecode()
    gradcli = shlex.split(a.gradcli) if a.gradcli else gradcli_command()
    subjects = [
        ("gradcli grad (table)", gradcli + ONE_LINER),
        ("gradcli grad --json", gradcli + ONE_LINER + ["--json"]),
        ('python -c "import numpy"', [sys.executable, "-c", "import numpy"]),
        ("python -c pass", [sys.executable, "-c", "pass"]),
    ]
    torch = peer_python("torch", a.torch_python)
    if torch:
        subjects.append(("PyTorch script", [torch, "-c", TORCH_SCRIPT]))
    results = [(name, timed(cmd, a.runs)) for name, cmd in subjects]
    print(f"gradcli {' '.join(shlex.quote(w) for w in ONE_LINER)}: end-to-end wall time, "
          f"{a.runs} runs each (ms)")
    if not torch:
        print("(no Python with torch found: PyTorch column left out)")
    width = max(len(n) for n, _ in results)
    print(f"{'':{width}}  {'median':>8}  {'min':>8}  {'max':>8}")
    for name, times in results:
        print(f"{name:{width}}  {statistics.median(times):8.1f}  {min(times):8.1f}  "
              f"{max(times):8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
