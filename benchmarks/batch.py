#!/usr/bin/env python3
"""How fast `gradcli batch` runs many small formula files, beside one `gradcli run` per file.

Generates N small files (default 1,000; each builds a graph, runs backward, asserts the
gradient and prints a value, with its expected NAME.out) in a temporary directory, then
times, as a user would run them:

    gradcli batch DIR --jobs 1
    gradcli batch DIR --jobs 2
    gradcli run FILE          once per file, for the first --run-files files (default 100;
                              a new process each time, so it is timed on a subset)

and prints files per second for each. Every file must pass, or the benchmark stops.

    python benchmarks/batch.py [--files 1000] [--run-files 100]
"""
from __future__ import annotations

import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import time

from cli import gradcli_command, use_bytecode

TEMPLATE = """import torch
x = torch.tensor([{a}.0, {b}.0, {c}.0], requires_grad=True)
y = (x * x).sum() + {a}
y.backward()
assert bool((x.grad == 2 * x).all())
print(y.item())
"""


def make_files(directory: pathlib.Path, count: int) -> list[pathlib.Path]:
    files = []
    for i in range(count):
        a, b, c = i % 7, i % 11, i % 13
        path = directory / f"case_{i:05d}.grad"
        path.write_text(TEMPLATE.format(a=a, b=b, c=c))
        path.with_suffix(".out").write_text(f"{float(a * a + b * b + c * c + a)}\n")
        files.append(path)
    return files


def time_batch(cmd: list[str], directory: pathlib.Path, jobs: int,
               count: int) -> tuple[float, float]:
    """(wall seconds from start to exit, seconds by the batch's own clock: summary.seconds,
    from the files found to the last verdict, without the process's start-up and exit)."""
    start = time.perf_counter()
    proc = subprocess.run(cmd + ["batch", str(directory), "--jobs", str(jobs), "--json",
                                 "--no-progress"], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    summary = json.loads(proc.stdout)["summary"] if proc.stdout else {}
    if proc.returncode != 0 or summary.get("pass") != count:
        raise SystemExit(f"batch --jobs {jobs} failed: {summary} {proc.stderr[-500:]}")
    return seconds, summary["seconds"]


def time_run(cmd: list[str], files: list[pathlib.Path]) -> float:
    start = time.perf_counter()
    for path in files:
        proc = subprocess.run(cmd + ["run", str(path)], capture_output=True, text=True)
        if proc.returncode != 0 or proc.stdout != path.with_suffix(".out").read_text():
            raise SystemExit(f"gradcli run {path} failed: {proc.stderr[-500:]}")
    return time.perf_counter() - start


LOOP = "s = 0\nfor i in range(4_000_000):\n    s += i * i\n"


def parallel_speedup() -> dict:
    """What two cores give here at this moment: two processes running a pure-Python loop one
    after the other, then at once; {"speedup": serial time / parallel time} (2.0 at best).
    W8's jobs-2 figure cannot beat it."""
    cmd = [sys.executable, "-c", LOOP]
    start = time.perf_counter()
    for _ in range(2):
        subprocess.run(cmd, check=True)
    serial = time.perf_counter() - start
    start = time.perf_counter()
    procs = [subprocess.Popen(cmd) for _ in range(2)]
    for proc in procs:
        proc.wait()
    return {"speedup": serial / (time.perf_counter() - start)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--run-files", type=int, default=100)
    args = ap.parse_args()
    use_bytecode()
    cmd = gradcli_command()
    print(f"{'method':<36} {'files':>6} {'seconds':>9} {'files/s':>9}", flush=True)
    with tempfile.TemporaryDirectory(prefix="gradcli-bench-") as tmp:
        files = make_files(pathlib.Path(tmp), args.files)
        for jobs in (1, 2):
            wall, own = time_batch(cmd, pathlib.Path(tmp), jobs, args.files)
            row(f"gradcli batch --jobs {jobs}", args.files, wall)
            row(f"  by the batch's own clock", args.files, own)
        subset = files[:args.run_files]
        row("gradcli run, one process per file", len(subset), time_run(cmd, subset))
    return 0


def row(name: str, count: int, seconds: float) -> None:
    print(f"{name:<36} {count:>6} {seconds:>9.2f} {count / seconds:>9.1f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
