#!/usr/bin/env python3
"""Write (or check) the expected output of formula files by running them with real PyTorch.

A formula file is also a PyTorch program, so its expected output is what PyTorch prints:
NAME.out is the stdout (with ' object at 0x…' addresses normalised, as `gradcli batch`
compares them) and, when the program ends in an exception, NAME.err is the first line of
the exception's message. A file that runs cleanly loses any stale NAME.err.

This is a developer tool, run by hand, never by the tests:

    python tools/expected_from_torch.py samples/                 # rewrite the expected files
    python tools/expected_from_torch.py --check samples/         # only report differences
    python tools/expected_from_torch.py --python /path/to/venv/bin/python samples/x.grad

`--python` (default: $TORCH_PYTHON, else /work/torchenv/bin/python) must have torch 2.13.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import subprocess
import sys

from gradcli.batch import discover, normalise

#: Runs one file as a script; an exception's message goes to stderr after a marker line.
RUNNER = r"""
import runpy, sys
path = sys.argv[1]
sys.argv = [path]
try:
    runpy.run_path(path, run_name="__main__")
except BaseException as exc:
    sys.stdout.flush()
    message = str(exc).strip() or type(exc).__name__
    sys.stderr.write("\n@@gradcli-expected-error@@\n" + message + "\n")
    sys.exit(1)
"""
MARKER = "\n@@gradcli-expected-error@@\n"


def torch_expectation(python: str, path: pathlib.Path) -> tuple[str, str | None]:
    """(normalised stdout, first line of the error or None) of running `path` with torch."""
    proc = subprocess.run([python, "-c", RUNNER, path.name], capture_output=True, text=True,
                          timeout=300, stdin=subprocess.DEVNULL, cwd=path.parent)
    if MARKER in proc.stderr:
        message = proc.stderr.split(MARKER, 1)[1].strip().splitlines()[0]
        return normalise(proc.stdout), message
    if proc.returncode != 0:
        raise SystemExit(f"{path}: {python} exited {proc.returncode}:\n{proc.stderr}")
    return normalise(proc.stdout), None


def differences(path: pathlib.Path, out: str, err: str | None) -> list[str]:
    """What differs between the files beside `path` and PyTorch's output."""
    problems = []
    out_file, err_file = path.with_suffix(".out"), path.with_suffix(".err")
    if not out_file.exists() or out_file.read_text(encoding="utf-8") != out:
        problems.append(f"{out_file.name} differs from PyTorch's stdout")
    have_err = err_file.read_text(encoding="utf-8").strip() if err_file.exists() else None
    if have_err != err:
        problems.append(f"{err_file.name}: have {have_err!r}, PyTorch gives {err!r}")
    return problems


def write(path: pathlib.Path, out: str, err: str | None) -> None:
    path.with_suffix(".out").write_text(out, encoding="utf-8")
    err_file = path.with_suffix(".err")
    if err is not None:
        err_file.write_text(err + "\n", encoding="utf-8")
    elif err_file.exists():
        err_file.unlink()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--python", default=os.environ.get("TORCH_PYTHON",
                                                       "/work/torchenv/bin/python"))
    ap.add_argument("--check", action="store_true", help="report differences, write nothing")
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()
    version = subprocess.run([args.python, "-c", "import torch; print(torch.__version__)"],
                             capture_output=True, text=True)
    if version.returncode != 0:
        raise SystemExit(f"{args.python} cannot import torch:\n{version.stderr}")
    print(f"torch {version.stdout.strip()} from {args.python}", file=sys.stderr)
    bad = 0
    for path in discover(args.paths):
        out, err = torch_expectation(args.python, path)
        problems = differences(path, out, err)
        if args.check:
            bad += bool(problems)
            for problem in problems:
                print(f"{path}: {problem}")
        elif problems:
            write(path, out, err)
            print(f"wrote {path.with_suffix('.out')}" + (" and .err" if err else ""))
    if args.check:
        print("all match PyTorch" if not bad else f"{bad} file(s) differ from PyTorch")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
