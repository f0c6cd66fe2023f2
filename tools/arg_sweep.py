#!/usr/bin/env python3
"""Write argument-misuse sweep programs: every function of a namespace gradcli has, called
with the same wrong arguments, each line printing `ok <type>` or the error's first line.
Run each program under torch 2.13 and under gradcli and compare the two outputs (the
programs have no `import torch` line: prepend one, or use a harness that does). A developer
tool, run by hand, never by the tests:

    python tools/arg_sweep.py KIND OUTDIR [CALL ...]

KIND: torch (torch.<name> for argsigs.FUNCTIONS names gradcli has), method (x.clone().<name>
for argsigs.METHODS), functional (F.<name> for torch.nn.functional's callables gradcli has),
linalg, special, fft. CALLs are argument lists as text, default:
"()" "('a')" "(x, foo=1)" "(x, x, x, x, x, x, x, x, x)" "(x, 'a')" (methods drop the x).
Writes OUTDIR/kNN.py, 50 names each; each line prints 'ok <type>' or the error's first line.
"""
import os
import subprocess
import sys

TORCH_PYTHON = os.environ.get("TORCH_PYTHON", "/work/torchenv/bin/python")
kind, outdir = sys.argv[1], sys.argv[2]
calls = sys.argv[3:] or ["()", "('a')", "(x, foo=1)", "(x, x, x, x, x, x, x, x, x)", "(x, 'a')"]
import gradcli
from gradcli import argsigs
if kind == "torch":
    names = sorted(n for n in argsigs.FUNCTIONS if not n.startswith('_') and hasattr(gradcli, n))
    prefix = "torch."
elif kind == "method":
    skip = {'resize_', 'set_', 'storage', 'share_memory_', 'pin_memory', 'record_stream', 'cuda',
            'numpy', 'tolist', 'backward', 'register_hook', 'retain_grad', 'requires_grad_',
            'data_ptr', 'untyped_storage'}
    names = sorted(n for n in argsigs.METHODS if not n.startswith('_')
                   and hasattr(gradcli.Tensor, n) and n not in skip)
    prefix = "x.clone()."
    calls = [c.replace("(x, ", "(").replace("(x)", "()") for c in calls]
elif kind == "functional":
    listing = ("import torch.nn.functional as F, inspect\n"
               "print(' '.join(n for n in dir(F) if not n.startswith('_')\n"
               "      and callable(getattr(F, n)) and not inspect.isclass(getattr(F, n))\n"
               "      and not inspect.ismodule(getattr(F, n))))")
    out = subprocess.run([TORCH_PYTHON, "-c", listing], capture_output=True,
                         text=True).stdout.split()
    import gradcli.nn.functional as GF
    names = [n for n in out if hasattr(GF, n) and not n.startswith(('has_torch', 'handle_torch',
                                                                    'boolean_dispatch', 'assert_'))]
    prefix = "F."
else:
    table = {"linalg": argsigs.LINALG, "special": argsigs.SPECIAL, "fft": argsigs.FFT}[kind]
    names = sorted(n.split("_", 1)[1] for n in table)
    prefix = f"torch.{kind}."
os.makedirs(outdir, exist_ok=True)
head = ("import torch.nn.functional as F\n"
        "def t(f):\n    try:\n        r = f()\n        print('ok', type(r).__name__)\n"
        "    except Exception as e:\n        print(type(e).__name__, str(e).split(chr(10))[0])\n"
        "x = torch.tensor([[0.5, 0.25], [0.1, 0.2]], dtype=torch.float64)\n")
for i in range(0, len(names), 50):
    with open(os.path.join(outdir, f"k{i // 50:02d}.py"), "w") as f:
        f.write(head)
        for n in names[i:i + 50]:
            for c in calls:
                f.write(f"t(lambda: {prefix}{n}{c})\n")
print(len(names), "names")
