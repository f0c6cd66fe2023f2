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
