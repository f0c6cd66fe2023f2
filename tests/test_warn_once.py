"""PyTorch's once-per-process warnings (TORCH_WARN_ONCE, errors.warn_once) reach a
formula's warning filters once: a recording catch_warnings with "always" sees the first
only, as in PyTorch. Expected output printed by torch 2.13."""
from __future__ import annotations

import io
import warnings

from gradcli.lang import run_source

from printed import stdout_of

PROGRAM = 'import torch, warnings\ndef count(name, f):\n    with warnings.catch_warnings(record=True) as w:\n        warnings.simplefilter("always")\n        f(); f()\n    with warnings.catch_warnings(record=True) as w2:\n        warnings.simplefilter("always")\n        f()\n    print(name, len(w), len(w2))\na = torch.randn(3, 3, dtype=torch.float64)\ncount("meshgrid", lambda: torch.meshgrid(torch.arange(2), torch.arange(3)))\ncount("chain_matmul", lambda: torch.chain_matmul(a, a))\ncount("xT", lambda: torch.ones(2, 3, 4).T)\nx = torch.ones(2, requires_grad=True)\ncount("create_graph", lambda: (x * x).sum().backward(create_graph=True))\nwith warnings.catch_warnings(record=True) as w:\n    warnings.simplefilter("error")\n    try:\n        torch.ones(2, 3, 4).T\n    except UserWarning as e:\n        print("raised", str(e)[:30])\n    torch.ones(2, 3, 4).T\n    print("then", len(w))\ny = x * 2\nwith warnings.catch_warnings(record=True) as w:\n    warnings.simplefilter("always")\n    y.grad\n    y.grad\n    print("grad of non-leaf", len(w))\n'

TORCH_PRINTED = """meshgrid 1 0
chain_matmul 1 0
xT 1 0
create_graph 1 0
then 0
grad of non-leaf 2
"""


def test_a_once_per_process_warning_is_recorded_once_whatever_the_filter():
    assert stdout_of(PROGRAM) == TORCH_PRINTED


def test_each_run_is_a_new_process_for_once_warnings():
    """A second formula run (a batch worker's next file) sees the warning again."""
    source = ("import torch, warnings\n"
              "with warnings.catch_warnings(record=True) as w:\n"
              "    warnings.simplefilter('always')\n"
              "    torch.ones(2, 3, 4).T\n"
              "    torch.ones(2, 3, 4).T\n"
              "print(len(w))\n")
    for _ in range(2):
        out = io.StringIO()
        with warnings.catch_warnings():
            run_source(source, "p.grad", out=out)
        assert out.getvalue() == "1\n"


SUFFIXED = 'import torch, warnings\nx = torch.ones(2, requires_grad=True)\nwith warnings.catch_warnings(record=True) as w:\n    warnings.simplefilter("always")\n    (x * 2).grad\n    (x * x).sum().backward(create_graph=True)\n    torch.asarray(x)\n    torch.asarray(x)\nfor m in w:\n    print(m.category.__name__, str(m.message)[-90:])\n'


def test_warnings_from_pytorchs_cpp_carry_its_triggered_internally_suffix():
    """The non-leaf .grad warning, backward's create_graph warning and asarray's (once) are
    TORCH_WARNs: their text ends in '(Triggered internally at ...)', as torch 2.13 prints."""
    assert stdout_of(SUFFIXED) == 'UserWarning  (Triggered internally at /__w/pytorch/pytorch/build/aten/src/ATen/core/TensorBody.h:493.)\nUserWarning  leak. (Triggered internally at /__w/pytorch/pytorch/torch/csrc/autograd/engine.cpp:1307.)\nUserWarning ning. (Triggered internally at /__w/pytorch/pytorch/torch/csrc/utils/tensor_new.cpp:1737.)\n'


def test_index_reduce_and_deprecated_overload_warnings_return_in_each_run():
    """index_reduce's beta warning and the deprecated-overload one (one TORCH_WARN_ONCE for
    every overload: torch 2.13 warns for add(x, 2, x), then not for addcmul(2, x, x)) are
    once per process; they had a flag of their own, so only a process's first formula run
    (a batch worker's first file) gave them."""
    source = ("import torch, warnings\n"
              "x = torch.ones(2)\n"
              "with warnings.catch_warnings(record=True) as w:\n"
              "    warnings.simplefilter('always')\n"
              "    torch.add(x, 2, x)\n"
              "    x.addcmul(2, x, x)\n"
              "    x.index_reduce(0, torch.tensor([0]), x[:1], 'prod')\n"
              "    x.index_reduce(0, torch.tensor([0]), x[:1], 'prod')\n"
              "print([str(m.message)[:28] for m in w])\n")
    for _ in range(2):
        out = io.StringIO()
        with warnings.catch_warnings():
            run_source(source, "p.grad", out=out)
        assert out.getvalue() == ("['This overload of add is depr', "
                                  "'index_reduce() is in beta an']\n")


def test_float_of_a_tensor_requiring_grad_warns_in_each_run():
    """Its own flag made the requires_grad-to-scalar warning once per gradcli process."""
    source = ("import torch, warnings\nx = torch.ones(2, requires_grad=True)\n"
              "with warnings.catch_warnings(record=True) as w:\n"
              "    warnings.simplefilter('always')\n"
              "    float(x[0]), float(x[1])\n"
              "print([str(m.message)[:40] for m in w])\n")
    for _ in range(2):
        out = io.StringIO()
        with warnings.catch_warnings():
            run_source(source, "p.grad", out=out)
        assert out.getvalue() == "['Converting a tensor with requires_grad=T']\n"
