#!/usr/bin/env python3
"""Complex inputs everywhere: every registered op called with complex tensors, torch vs gradcli.

For each op of gradcli's registry (torch functions, Tensor methods, torch.nn.functional,
torch.linalg, torch.special), the first argument pattern that PyTorch does not reject with a
TypeError (a wrong signature) is chosen, with complex64 inputs (a 3x3 `z`, a second `w`),
then again with complex128 ones; both libraries run that call and print the value (repr) or
the error (type and first line). Differing lines are listed, grouped by kind:

    python tools/complex_sweep.py [--python /work/torchenv/bin/python] [--only NAME ...]

A developer tool, never run by the tests; its output is a list of leads.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import subprocess
import sys

PATTERNS = ["(z)", "(z, w)", "(z, 1)", "(z, 0)", "(z, w, w)", "(z, 0, 1)", "(z, [0])",
            "(z, r)", "(z, i)", "(z, 0, i)", "(z, 0, i, w)", "([z, w])", "(z, (3,))",
            "(z, 2, 0)"]
METHOD_PATTERNS = ["()", "(w)", "(1)", "(0)", "(w, w)", "(0, 1)", "([0])", "(r)", "(i)",
                   "(0, i)", "(0, i, w)", "((3,))", "(2, 0)"]

SETUP = """
import warnings
warnings.simplefilter("ignore")
re_ = torch.tensor([[1.0, -0.5, 2.0], [0.25, 3.0, -1.0], [0.5, 1.5, 4.0]], dtype={real})
im_ = torch.tensor([[0.5, 2.0, -1.0], [1.0, -0.25, 0.75], [-2.0, 0.5, 1.0]], dtype={real})
z = torch.complex(re_, im_)
w = torch.complex(im_, re_ * 0.5)
r = re_
i = torch.tensor([[0, 2, 1], [1, 0, 2], [2, 1, 0]])
"""

RUNNER = r'''
import sys, json
{import_line}
calls = json.loads(sys.stdin.read())
def show(v):
    if isinstance(v, (tuple, list)):
        return "(" + ", ".join(show(x) for x in v) + ")"
    return repr(v).replace("\n", " ")
def error(e):
    return "!! " + type(e).__name__.replace("Torch", "") + ": " + str(e).split("\n")[0]
for real in ("torch.float32", "torch.float64"):
    env = {{"torch": torch}}
    exec({setup!r}.format(real=real), env)
    for key, expr, patterns in calls:
        for p in patterns:
            try:
                text = show(eval(expr + p, env))
            except TypeError as e:
                if p != patterns[-1] and "argument" in str(e):
                    continue                        # a wrong signature: the next pattern
                text = error(e)
            except Exception as e:
                text = error(e)
            print(real, key, p, text, sep="|")
            break
'''


def op_calls() -> list:
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
    from gradcli.ops.registry import REGISTRY
    import gradcli.ops  # noqa: F401  (load every op module)
    prefixes = {"torch": "torch.", "functional": "torch.nn.functional.",
                "linalg": "torch.linalg.", "special": "torch.special.", "fft": "torch.fft."}
    calls = []
    for name, info in sorted(REGISTRY.items()):
        if name.endswith("_") and not name.endswith("__"):
            continue                          # in-place forms mutate the shared inputs
        for ns in info.namespaces:
            space, _, alias = ns.partition(":")
            prefix = prefixes.get(space, f"torch.{space}.")     # (signal.windows ...)
            calls.append((f"{space}.{alias or name}", prefix + (alias or name)))
        if info.method:
            calls.append((f"Tensor.{name}", f"z.clone().{name}"))
    return [(key, expr, METHOD_PATTERNS if key.startswith("Tensor.") else PATTERNS)
            for key, expr in calls]


def run(python, import_line, calls, env=None):
    code = RUNNER.format(import_line=import_line, setup=SETUP)
    proc = subprocess.run([python, "-c", code], input=json.dumps(calls), capture_output=True,
                          text=True, env=env)
    if proc.returncode:
        sys.exit(f"{python} failed:\n{proc.stderr[-3000:]}")
    return re.sub(r"0x[0-9a-f]+", "0x", proc.stdout).splitlines()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=os.environ.get("TORCH_PYTHON",
                                                           "/work/torchenv/bin/python"))
    parser.add_argument("--only", nargs="*", help="keys (e.g. torch.erf) to run")
    args = parser.parse_args(argv)
    calls = op_calls()
    if args.only:
        calls = [c for c in calls if c[0] in args.only]
    want = run(args.python, "import torch", calls)
    # gradcli runs exactly the pattern torch settled on
    chosen = {tuple(line.split("|")[:2]): line.split("|")[2] for line in want}
    by_key = {c[0]: c for c in calls}
    pinned = [(k, by_key[k][1], [chosen[("torch.float32", k)]]) for k in by_key
              if ("torch.float32", k) in chosen]
    root = str(pathlib.Path(__file__).resolve().parent.parent)
    env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
    got = run(sys.executable, "import gradcli as torch", pinned, env)
    got_map = {tuple(line.split("|")[:2]): line for line in got}
    differing = 0
    for line in want:
        other = got_map.get(tuple(line.split("|")[:2]), "(missing)")
        if other != line:
            differing += 1
            print(f"torch  : {line}\ngradcli: {other}\n")
    print(f"{differing} of {len(want)} calls differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
