"""End-to-end time of the card one-liner, beside `import numpy` and the same in PyTorch.

    python benchmarks/cli.py [--runs 15] [--torch-python PATH] [--gradcli CMD]

Every subject is a fresh process, timed from start to exit (what a user waits for). The
PyTorch column runs the same computation as a script with a Python that has torch
(--torch-python, $GRADCLI_TORCH_PYTHON, or /work/torchenv/bin/python); it is left out when
there is none. Prints one table: the median, fastest and slowest run of each, in ms.
"""
from __future__ import annotations

import argparse
import os
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


def timed(cmd: list[str], runs: int) -> list[float]:
    """Wall times in ms of `runs` runs of cmd, after one warm-up run (disk caches)."""
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - start) * 1000)
    return times


def torch_python(option: str | None) -> str | None:
    for candidate in (option, os.environ.get("GRADCLI_TORCH_PYTHON"), DEFAULT_TORCH):
        if candidate and os.path.exists(candidate):
            probe = subprocess.run([candidate, "-c", "import torch"], capture_output=True)
            if probe.returncode == 0:
                return candidate
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--torch-python", default=None)
    ap.add_argument("--gradcli", default=None,
                    help="command that runs gradcli (default: the `gradcli` script, else "
                         "python -m gradcli)")
    a = ap.parse_args()
    gradcli = shlex.split(a.gradcli) if a.gradcli else (
        [shutil.which("gradcli")] if shutil.which("gradcli") else [sys.executable, "-m",
                                                                   "gradcli"])
    subjects = [
        ("gradcli grad (table)", gradcli + ONE_LINER),
        ("gradcli grad --json", gradcli + ONE_LINER + ["--json"]),
        ('python -c "import numpy"', [sys.executable, "-c", "import numpy"]),
        ("python -c pass", [sys.executable, "-c", "pass"]),
    ]
    torch = torch_python(a.torch_python)
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
