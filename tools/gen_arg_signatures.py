#!/usr/bin/env python3
"""Write gradcli/argsigs.py: PyTorch's argument-parser signatures for the functions of `torch`
and the methods of `Tensor` that gradcli has (gradcli/argparser.py checks calls against them).

PyTorch's C++ bindings are generated from ATen's native_functions.yaml by torchgen's
gen_python_functions, which ships inside the torch wheel; this tool asks the same code for
the same strings (`sum(IntArrayRef[1]? dim, bool keepdim=False, *, ScalarType? dtype=None)`),
in the order the parser tries them. A developer tool, run by hand, never by the tests:

    python tools/gen_arg_signatures.py [--python /work/torchenv/bin/python]

Functions and methods PyTorch defines in Python (torch.broadcast_tensors, Tensor.norm) are
left out: their calls never reach the parser. FUNCTIONAL lists nn.functional's C++ functions.
It lists gradcli's names with this python (which imports gradcli), then runs torchgen with
`--python` (PyTorch 2.13; it needs PyYAML, taken from this python's site-packages when the
torch environment has none).
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "gradcli" / "argsigs.py"

DUMP = r"""
import inspect, json, os, sys
import torch, torchgen
from torchgen.gen import parse_native_yaml
from torchgen.packaged.autograd import gen_python_functions as g
base = os.path.join(os.path.dirname(torchgen.__file__), "packaged")
nf = parse_native_yaml(base + "/ATen/native/native_functions.yaml",
                       base + "/ATen/native/tags.yaml").native_functions
nf = [f for f in nf if g.should_generate_py_binding(f)]
out = {}
for method, pred, kind in ((True, g.is_py_variable_method, "Tensor"),
                           (False, g.is_py_torch_function, "torch"),
                           (False, g.is_py_nn_function, "nn"),
                           (False, g.is_py_linalg_function, "linalg"),
                           (False, g.is_py_special_function, "special"),
                           (False, g.is_py_fft_function, "fft")):
    grouped = g.group_filter_overloads(
        g.load_signatures(nf, base + "/autograd/deprecated.yaml", method=method), pred)
    table = out.setdefault(kind, {})
    owner = {"Tensor": torch.Tensor, "torch": torch, "nn": torch._C._nn,
             "linalg": torch._C._linalg, "special": torch._C._special,
             "fft": torch._C._fft}[kind]
    for name, overloads in grouped.items():
        # what PyTorch writes in Python (torch.split, Tensor.norm) its parser never sees;
        # Tensor.split's own check asks for the C++ split's signatures (argparser)
        if inspect.isfunction(getattr(owner, str(name), None)) and str(name) != "split":
            continue
        noarg = g.is_noarg(overloads)
        table[str(name)] = [] if noarg else [
            str(o.signature.signature_str(symint=True))
            for o in g.group_overloads(overloads, symint=True)]
# nn.functional's functions that are PyTorch's C++ (F.conv1d is torch.conv1d, F.gelu is
# torch._C._nn.gelu); the others are Python
import torch.nn.functional as F
out["functional"] = {      # (F.logsigmoid is torch._C._nn.log_sigmoid)
    n: out["torch" if getattr(F, n) is getattr(torch, n, None) else "nn"].get(
        getattr(F, n).__name__)
    for n in dir(F) if not n.startswith("_") and callable(getattr(F, n))
    and not inspect.isfunction(getattr(F, n)) and not inspect.isclass(getattr(F, n))}
# the C++ functions nn.functional's Python ones call (argparser.FORWARDED)
out["forwarded"] = {f"{kind}.{n}": out[kind][n] for kind, n in (
    ("nn", "pad"), ("nn", "leaky_relu"), ("nn", "cross_entropy_loss"), ("torch", "embedding"),
    ("torch", "max_pool1d"), ("torch", "max_pool2d"), ("torch", "max_pool3d"),
    ("torch", "max_pool1d_with_indices"), ("nn", "max_pool2d_with_indices"),
    ("nn", "max_pool3d_with_indices"), ("nn", "fractional_max_pool2d"),
    ("nn", "fractional_max_pool3d"), ("nn", "glu"), ("nn", "max_unpool2d"),
    ("nn", "max_unpool3d"),
    ("nn", "adaptive_avg_pool2d"), ("nn", "adaptive_avg_pool3d"),
    ("nn", "adaptive_max_pool2d"), ("nn", "adaptive_max_pool3d"), ("nn", "col2im"),
    ("torch", "grid_sampler"), ("torch", "ctc_loss"), ("nn", "relu6"), ("nn", "relu6_"),
    ("torch", "threshold"), ("torch", "threshold_"), ("nn", "nll_loss_nd"),
    ("torch", "binary_cross_entropy_with_logits"), ("nn", "smooth_l1_loss"),
    ("nn", "huber_loss"), ("torch", "affine_grid_generator"),
    ("nn", "im2col"), ("torch", "embedding_renorm_"), ("torch", "group_norm"),
    ("linalg", "linalg_vector_norm"), ("linalg", "linalg_matrix_norm"),
    *(("nn", f"upsample_{m}") for m in ("nearest1d", "nearest2d", "nearest3d", "linear1d",
                                        "bilinear2d", "bicubic2d", "trilinear3d")),
    *(("nn", f"_upsample_nearest_exact{n}d") for n in (1, 2, 3)))}
json.dump(out, sys.stdout)
"""


def gradcli_names() -> tuple[set, set, set, set]:
    sys.path.insert(0, str(ROOT))
    import gradcli  # noqa: F401
    from gradcli._tensor import Tensor
    from gradcli.ops.registry import REGISTRY
    functions = {n for n, i in REGISTRY.items() if i.function and "torch" in i.namespaces}
    functions |= {"split", "split_with_sizes"}    # what Tensor.split calls (argparser)
    methods = {n for n in dir(Tensor) if not n.startswith("__")}
    functional = {n for n, i in REGISTRY.items() if "functional" in i.namespaces}
    from gradcli.nn import functional as F
    functional |= set(F.COMPOSITES)         # those PyTorch binds in C++ (F.relu_) get checked
    linalg, special, fft = ({f"{kind}_" + ns.split(":", 1)[1] for i in REGISTRY.values()
                             for ns in i.namespaces if ns.startswith(f"{kind}:")}
                            for kind in ("linalg", "special", "fft"))
    return functions, methods, functional, linalg, special, fft


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--python", default=os.environ.get("TORCH_PYTHON",
                                                       "/work/torchenv/bin/python"))
    opts = ap.parse_args()
    import yaml
    env = dict(os.environ, PYTHONPATH=str(pathlib.Path(yaml.__file__).parent.parent))
    dumped = json.loads(subprocess.run([opts.python, "-c", DUMP], env=env, check=True,
                                       capture_output=True, text=True).stdout)
    functions, methods, functional, linalg, special, fft = gradcli_names()
    lines = [
        '"""PyTorch 2.13\'s argument-parser signatures, generated by tools/gen_arg_signatures.py',
        "(torchgen's gen_python_functions over ATen's native_functions.yaml, as PyTorch builds",
        "its C++ bindings), for the names gradcli has. Do not edit: run the tool again.",
        "",
        "METHODS: Tensor's methods; FUNCTIONS: torch's functions; FUNCTIONAL: those of",
        "torch.nn.functional that are C++; LINALG: torch.linalg's (`linalg_vector_norm`);",
        "SPECIAL: torch.special's (`special_xlog1py`); FFT: torch.fft's (`fft_rfft`);",
        "FORWARDED: the C++ functions some Python ones of",
        "nn.functional call (`nn.pad` is torch._C._nn.pad). A name maps to its signatures",
        "in the order PyTorch's parser tries them; an empty tuple is a method that takes no",
        'arguments at all (Python\'s "takes no arguments").',
        '"""',
        "# flake8: noqa: E501",
    ]
    for title, kind, names in (("METHODS", "Tensor", methods), ("FUNCTIONS", "torch", functions),
                               ("FUNCTIONAL", "functional", functional),
                               ("LINALG", "linalg", linalg),
                               ("SPECIAL", "special", special), ("FFT", "fft", fft),
                               ("FORWARDED", "forwarded", set(dumped["forwarded"]))):
        lines.append(f"{title} = {{")
        for name in sorted(set(dumped[kind]) & names):
            sigs = dumped[kind][name]
            if sigs is None:
                continue
            body = "".join(f"\n        {s!r}," for s in sigs)
            lines.append(f"    {name!r}: ({body}\n    )," if sigs else f"    {name!r}: (),")
        lines.append("}")
    OUT.write_text("\n".join(lines) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
