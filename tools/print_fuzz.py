#!/usr/bin/env python3
"""Differential fuzzing of printing against PyTorch: random programs that print tensors.

Each program builds one to three tensors of a random dtype (bool, uint8, int8/16/32/64,
float16, bfloat16, float32, float64, complex64, complex128) and shape (0-d, empty, 1-d to
4-d, some large enough to be summarised) from a literal list of values drawn in one style
(small decimals, integers stored as floats, magnitudes from 1e-8 to 1e10, exactly
representable binary fractions, with negative zeros, nan, inf, -inf and subnormals mixed
in), now and then under random print options (``set_printoptions`` with precision,
sci_mode True/False/None, linewidth, threshold, edgeitems, profile) or under
``set_default_dtype(torch.float64)``, and shows them in one of many ways: ``print``,
``str``/``repr``, with ``requires_grad`` or a ``grad_fn``, as a ``Parameter``, in a list,
tuple or dict, through f-string format specs (a number's spec on a 0-d tensor, an error on
others), ``%`` formatting, ``tolist()``, ``item()``, ``torch.Size``, dtype and device, as a
tensor subclass, a dual tensor, or inside ``torch.func.grad``. Some tensors are views
(transposed, strided, expanded, conjugated, real/imaginary parts), some are computed (random
draws, ranges, quotients) rather than written as literals.

The programs run under torch (plain Python) and under gradcli's formula interpreter (as the
parity tests run them: ``tests/test_autograd_parity4.run``), one process each for all
programs; print options and the default dtype go back to their defaults after each
program. A program whose output differs is shown with both outputs, after `--minimise`
(on by default) has dropped every line whose removal keeps the difference.

This is a developer tool, run by hand, never by the tests (a difference in a computed value's
last digit is a lead for the kernel, not the printer: see README "Rounding"):

    python tools/print_fuzz.py --seed 0 --count 500
    python tools/print_fuzz.py --seed 0 --count 2000 --quiet      (counts only)

`--python` (default: $TORCH_PYTHON, else /work/torchenv/bin/python) must have torch 2.13.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import random
import re
import subprocess
import sys

INTS = {"uint8": (0, 255), "int8": (-128, 127), "int16": (-32768, 32767),
        "int32": (-2**31, 2**31 - 1), "int64": (-2**63, 2**63 - 1)}
FLOATS = ["float16", "bfloat16", "float32", "float64"]
COMPLEX = ["complex64", "complex128"]
DTYPES = ["bool"] + list(INTS) + FLOATS + COMPLEX
SMALL_SHAPES = [(), (1,), (2,), (5,), (7,), (1, 1), (2, 3), (3, 1), (1, 4), (4, 6), (2, 2, 2),
                (3, 2, 4), (1, 2, 1, 3), (2, 2, 3, 2), (12,), (3, 9), (25,)]
EMPTY_SHAPES = [(0,), (2, 0), (0, 3), (0, 0, 2), (1, 0, 2, 1)]
LARGE_SHAPES = [(1001,), (1500,), (40, 30), (3, 20, 20), (2, 3, 12, 15), (11, 100), (1, 1200),
                (1200, 1), (2, 600)]
SPECIALS = ["float('nan')", "float('inf')", "float('-inf')", "-0.0", "0.0"]
SUBNORMALS = {"float16": ["6e-08", "-3e-06"], "bfloat16": ["1e-39", "-5e-40"],
              "float32": ["1e-40", "-1.4e-45"], "float64": ["5e-324", "-1e-310"]}


def _float_value(rnd: random.Random, style: str, dtype: str) -> str:
    """One float literal in the tensor's style, or now and then a special value."""
    roll = rnd.random()
    if roll < 0.06:
        return rnd.choice(SPECIALS)
    if roll < 0.08:
        return rnd.choice(SUBNORMALS.get(dtype, SUBNORMALS["float64"]))
    sign = rnd.choice([1, -1])
    if style == "small":
        return repr(round(rnd.uniform(-3, 3), rnd.randint(0, 5)))
    if style == "ints":
        return repr(float(rnd.randint(-1000, 1000)))
    if style == "bigints":
        return repr(float(sign * rnd.randint(0, 10 ** rnd.randint(1, 10))))
    if style == "exact":
        return repr(sign * rnd.randint(0, 64) / 2 ** rnd.randint(0, 6))
    if style == "tiny":
        return repr(sign * rnd.uniform(1, 9.99) * 10.0 ** rnd.randint(-8, -3))
    if style == "huge":
        return repr(sign * rnd.uniform(1, 9.99) * 10.0 ** rnd.randint(5, 10))
    return repr(float(f"{sign * rnd.uniform(1, 9.99) * 10.0 ** rnd.randint(-8, 10):.{rnd.randint(1, 9)}g}"))


def _value(rnd: random.Random, dtype: str, style: str) -> str:
    if dtype == "bool":
        return rnd.choice(["True", "False"])
    if dtype in INTS:
        low, high = INTS[dtype]
        if style == "edge":
            return str(rnd.choice([low, high, 0, -1 if low else 1, low + 1, high - 1]))
        width = 10 ** rnd.randint(1, 4)
        return str(rnd.randint(max(low, -width), min(high, width)))
    if dtype in COMPLEX:
        real = _float_value(rnd, style, "float64")
        imag = _float_value(rnd, style, "float64")
        return f"complex({real}, {imag})"
    return _float_value(rnd, style, dtype)


def _computed(rnd: random.Random, dtype: str, shape: tuple) -> str:
    """An expression of `shape` and `dtype` whose values come from creation ops and
    arithmetic (random draws, ranges, quotients) rather than from literals."""
    numel = 1
    for n in shape:
        numel *= n
    scale = rnd.choice(["", " * 10", " * 1e-3", " * 1e5", " / 3", " * 1e-6 + 1", " * 1e12"])
    floating = rnd.choice([
        f"torch.randn({shape}){scale}", f"torch.rand({shape}){scale}",
        f"((torch.arange({numel}.) / 7){scale}).reshape({shape})",
        f"torch.linspace(-{rnd.randint(1, 1000)}, {rnd.randint(1, 1000)}, {numel}).reshape({shape})",
        f"torch.logspace(-10, 10, {numel}).reshape({shape})",
        f"torch.full({shape}, {rnd.choice(['1/3', '2.5', '1e-5', '-7.0', '123456789.0'])})",
        f"torch.randn({shape}).abs(){scale}", f"torch.randint(-50, 50, {shape}).float(){scale}"])
    if dtype == "bool":
        return f"torch.rand({shape}) > 0.5"
    if dtype in INTS:
        low, high = max(INTS[dtype][0], -10 ** 6), min(INTS[dtype][1], 10 ** 6)
        return f"torch.randint({low}, {high}, {shape}, dtype=torch.{dtype})"
    if dtype in COMPLEX:
        return f"torch.complex({floating}, torch.randn({shape})).to(torch.{dtype})"
    return f"({floating}).to(torch.{dtype})"


def _tensor(rnd: random.Random, name: str, dtype: str) -> tuple[list[str], tuple, str]:
    """Lines that make tensor `name`, its shape and dtype."""
    roll = rnd.random()
    shape = rnd.choice(EMPTY_SHAPES if roll < 0.1 else LARGE_SHAPES if roll < 0.25
                       else SMALL_SHAPES)
    if rnd.random() < 0.3 and shape:
        return [f"{name} = {_computed(rnd, dtype, shape)}"], shape, dtype
    style = rnd.choice(["small", "ints", "bigints", "exact", "tiny", "huge", "mixed", "edge"])
    numel = 1
    for n in shape:
        numel *= n
    pool = [_value(rnd, dtype, style) for _ in range(min(max(numel, 1), rnd.randint(1, 40)))]
    if rnd.random() < 0.3:        # one value repeated: uniform columns, one-value tensors
        pool = pool[:1]
    values = f"[{', '.join(pool)}]"
    dt = f"torch.{dtype}"
    if numel == 0:
        return [f"{name} = torch.zeros({shape}, dtype={dt})"], shape, dtype
    reps = -(-numel // len(pool))
    data = f"({values} * {reps})[:{numel}]" if reps > 1 else values
    if len(pool) != numel and reps == 1:
        data = f"{values}[:{numel}]"
    if shape == ():
        return [f"{name} = torch.tensor({pool[0]}, dtype={dt})"], shape, dtype
    if dtype in FLOATS + COMPLEX and rnd.random() < 0.15:   # values converted from float64
        wide = "float64" if dtype in FLOATS else "complex128"
        return [f"{name} = torch.tensor({data}, dtype=torch.{wide}).to({dt}).reshape({shape})"], shape, dtype
    lines = [f"{name} = torch.tensor({data}, dtype={dt}).reshape({shape})"]
    if rnd.random() < 0.25:
        view, shape = _view(rnd, dtype, shape)
        lines.append(f"{name} = {name}{view}")
        if view in (".real", ".imag", ".conj().imag"):
            dtype = {"complex64": "float32", "complex128": "float64"}[dtype]
    return lines, shape, dtype


def _view(rnd: random.Random, dtype: str, shape: tuple) -> tuple[str, tuple]:
    """A view (or view-like result) of a tensor of `shape`, and its shape."""
    ways = [(".flip(0)", shape), ("[::2]", ((shape[0] + 1) // 2,) + shape[1:]),
            (".unsqueeze(0)", (1,) + shape), (".expand(2, *" + repr(shape) + ")", (2,) + shape),
            ("[-1:]", (1,) + shape[1:]), (".contiguous()", shape)]
    if len(shape) >= 2:
        ways += [(".transpose(0, 1)", (shape[1], shape[0]) + shape[2:]),
                 (".mT", shape[:-2] + (shape[-1], shape[-2])), ("[:, 1:]", (shape[0], shape[1] - 1) + shape[2:])]
    if dtype in COMPLEX:
        ways += [(".conj()", shape), (".real", shape), (".imag", shape), (".conj().imag", shape)]
    return rnd.choice(ways)


def _options(rnd: random.Random) -> str:
    kwargs = []
    if rnd.random() < 0.2:
        kwargs.append(f"profile={rnd.choice(['default', 'short', 'full'])!r}")
    if rnd.random() < 0.5:
        kwargs.append(f"precision={rnd.choice([0, 1, 2, 3, 4, 6, 8, 10, 15, 17, 20])}")
    if rnd.random() < 0.5:
        kwargs.append(f"sci_mode={rnd.choice([True, False, None])}")
    if rnd.random() < 0.4:
        kwargs.append(f"linewidth={rnd.choice([1, 10, 20, 40, 60, 75, 100, 120, 200])}")
    if rnd.random() < 0.4:
        kwargs.append("threshold=" + rnd.choice(["0", "1", "5", "10", "20", "100", "1000",
                                                   "float('inf')"]))
    if rnd.random() < 0.4:
        kwargs.append(f"edgeitems={rnd.randint(0, 8)}")
    return f"torch.set_printoptions({', '.join(kwargs)})"


def _shows(rnd: random.Random, name: str, dtype: str, shape: tuple) -> list[str]:
    """Lines that show tensor `name` one way or another."""
    floating = dtype in FLOATS + COMPLEX
    numel = 1
    for n in shape:
        numel *= n
    ways = [f"print({name})", f"print({name}, {name}, sep='|')", f"print(*[{name}])",
            f"print(str({name}) + '!')", f"print(repr({name}))", f"print(str({name}))",
            f"print([{name}, {name}])", f"print(({name},))", f"print({{'t': {name}}})",
            f"print({name}.shape, {name}.size(), {name}.dtype, {name}.device)",
            f"print(f'{{{name}}}')", f"print(f'{{{name}!r}}')"]
    if numel <= 60:
        ways.append(f"print({name}.tolist())")
    if numel == 1:
        ways += [f"print({name}.item())", f"print(repr({name}.item()))"]
    if shape == () and rnd.random() < 0.5:
        ways += [f"print('%.3f' % {name})", f"print('%s' % {name})", f"print('{{}}'.format({name}))",
                 f"print(float({name}), int({name}))", f"print(format({name}, '.2e'))"]
    if shape == ():
        spec = (rnd.choice([".3f", ".0f", "e", ".2e", "g", "10.4f", "+.1f", ""]) if floating
                and dtype not in COMPLEX else rnd.choice(["d", "5d", "", ".2f", "x"])
                if dtype in INTS else rnd.choice(["", "d", ".1f", ".3g"]))
        ways += [f"print(f'{{{name}:{spec}}}')"] * 3
    else:
        ways.append(f"print(f'{{{name}:{rnd.choice(['.3f', 'e', ''])}}}')")
    if floating:
        ways += [f"print({name}.requires_grad_())", f"print({name}.clone().requires_grad_().clone())",
                 f"print(torch.nn.Parameter({name}))", f"print(repr(torch.nn.Parameter({name})))",
                 f"print(torch.nn.Parameter({name}, requires_grad=False))",
                 f"print({name}.detach().requires_grad_().sum() if {name}.numel() else {name})",
                 f"print({name}.detach().requires_grad_()[..., None])",
                 f"print({name}.as_subclass(Sub))", f"print([{name}.as_subclass(Sub)])",
                 f"torch.func.grad(lambda u: (print(u, u * 2), u.real.sum())[1])({name})",
                 "with fwAD.dual_level():\n"
                 f"    print(fwAD.make_dual({name}, {name} * {rnd.choice(['2', '-1', '1e-5', '0'])}))"]
    return [rnd.choice(ways) for _ in range(rnd.randint(1, 3))]


def program(seed: int) -> str:
    rnd = random.Random(seed)
    lines = ["class Sub(torch.Tensor):", "    pass", "fwAD = torch.autograd.forward_ad"]
    if rnd.random() < 0.15:
        lines.append("torch.set_default_dtype(torch.float64)")
    if rnd.random() < 0.5:
        lines.append(_options(rnd))
    for i in range(rnd.randint(1, 3)):
        dtype = rnd.choice(DTYPES)
        make, shape, dtype = _tensor(rnd, f"t{i}", dtype)
        lines += make + _shows(rnd, f"t{i}", dtype, shape)
    if rnd.random() < 0.1:
        lines.append(rnd.choice(["print(torch.Size([2, 3]), torch.Size([]), torch.Size([0]))",
                                 "print(torch.get_default_dtype())"]))
    return "\n".join(lines)


TORCH_RUNNER = r'''
import sys, json, warnings, re, io, contextlib
import torch
def show(message, category, filename, lineno, file=None, line=None):
    sys.stdout.write(f"!W {category.__name__}: {message}\n")
def kind(exc):
    for k in type(exc).__mro__:
        if k.__module__ == "builtins" and k not in (Exception, BaseException, object):
            return k.__name__
    return type(exc).__name__
outs = []
for src in json.load(sys.stdin):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", "`torch.jit.script` is deprecated")  # torch's own
        warnings.showwarning = show
        try:
            torch.manual_seed(0)
            exec(compile(src, "case.py", "exec"), {"__name__": "__main__", "torch": torch})
        except Exception as exc:
            sys.stdout.write(f"!! {kind(exc)}: {exc}\n")
    torch.set_printoptions(profile="default")
    torch.set_default_dtype(torch.float32)
    outs.append(re.sub(r" at 0x[0-9a-fA-F]+", " at 0x", buf.getvalue()))
json.dump(outs, sys.stdout)
'''

GRADCLI_RUNNER = r'''
import sys, json, os
root = sys.argv[1]
sys.path[:0] = [os.path.join(root, "tests"), root]
import gradcli
from test_autograd_parity4 import run
outs = []
for src in json.load(sys.stdin):
    outs.append(run(src))
    gradcli.set_printoptions(profile="default")
    gradcli.set_default_dtype(gradcli.float32)
json.dump(outs, sys.stdout)
'''


def run_torch(python: str, programs: list[str]) -> list[str]:
    """torch's output for each program (the prelude `import torch; torch.manual_seed(0)`
    is implied, as in the parity tests)."""
    return _run([python, "-c", TORCH_RUNNER], programs)


def run_gradcli(programs: list[str]) -> list[str]:
    root = str(pathlib.Path(__file__).resolve().parent.parent)
    return _run([sys.executable, "-c", GRADCLI_RUNNER, root], programs)


def _run(command: list[str], programs: list[str]) -> list[str]:
    proc = subprocess.run(command, input=json.dumps(programs), capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"{command[0]} stopped:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout)


def minimise(python: str, source: str) -> str:
    """Drop statements (a line with the indented lines under it), one at a time, while the
    program still prints differently."""
    blocks = []
    for line in source.split("\n"):
        if line.startswith(" ") and blocks:
            blocks[-1] += "\n" + line
        else:
            blocks.append(line)
    while len(blocks) > 1:
        shorter = [blocks[:k] + blocks[k + 1:] for k in range(len(blocks))]
        candidates = ["\n".join(b) for b in shorter]
        want, got = run_torch(python, candidates), run_gradcli(candidates)
        keep = [k for k, (a, b) in enumerate(zip(want, got)) if a != b]
        if not keep:
            break
        blocks = shorter[keep[0]]
    return "\n".join(blocks)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--python", default=os.environ.get("TORCH_PYTHON",
                                                           "/work/torchenv/bin/python"))
    parser.add_argument("--no-minimise", dest="minimise", action="store_false",
                        help="show differing programs whole")
    parser.add_argument("--quiet", action="store_true", help="print the counts only")
    args = parser.parse_args(argv)
    seeds = range(args.seed, args.seed + args.count)
    programs = [program(s) for s in seeds]
    want, got = run_torch(args.python, programs), run_gradcli(programs)
    differing = [k for k, (a, b) in enumerate(zip(want, got)) if a != b]
    for k in [] if args.quiet else differing:
        source = minimise(args.python, programs[k]) if args.minimise else programs[k]
        a, b = run_torch(args.python, [source])[0], run_gradcli([source])[0]
        print(f"##### seed {seeds[k]}\n{source}\n--- torch\n{a}--- gradcli\n{b}")
    print(f"{len(differing)} of {args.count} programs print differently")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
