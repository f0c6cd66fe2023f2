"""The seed notes' typos and notebook artefacts, pasted as they are, give a helpful error
(issue 3): a position, PyTorch's or Python's message, and a hint naming the fix."""
import subprocess
import sys

import pytest

from gradcli.errors import EXIT_EVAL, EXIT_SYNTAX

CASES = [
    # note 001: `print(y.grad<fn)` for y.grad_fn
    ("import torch\nx = torch.ones(2, 2, requires_grad=True)\ny = x + 2\nprint(y.grad<fn)\n",
     EXIT_EVAL, "4:14: error: NameError: name 'fn' is not defined", "did you mean `.grad_fn`?"),
    # note 002: `requires_gard` for requires_grad
    # (PyTorch 2.13's words: arange has several signatures, none takes the keyword)
    ("import torch\nx = torch.arange(4.0, requires_gard=True)\n", EXIT_EVAL,
     "arange() received an invalid combination of arguments - got (float, requires_gard=bool), "
     "but expected one of:", "did you mean `requires_grad`?"),
    # note 001: `zero_gard()` for zero_()
    ("import torch\nx = torch.ones(2, requires_grad=True)\n(x * x).sum().backward()\n"
     "x.grad.zero_gard()\n", EXIT_EVAL, "4:8: error: AttributeError: 'Tensor' object has no attribute "
     "'zero_gard'", "did you mean `zero_`?"),
    # notes 000 and 003: Jupyter prompts
    ("In [1]:\nimport torch\n", EXIT_SYNTAX, "1:1: syntax error: a notebook prompt is not code",
     "delete the line `In [1]:`"),
    ("import torch\nIn [None]:\nx = 1\n", EXIT_SYNTAX, "2:1: syntax error", "Jupyter"),
]


@pytest.mark.parametrize("source,code,message,hint", CASES)
def test_seed_typo_gets_a_helpful_error(tmp_path, source, code, message, hint):
    f = tmp_path / "seed.grad"
    f.write_text(source)
    proc = subprocess.run([sys.executable, "-m", "gradcli", "run", str(f)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == code
    assert message in proc.stderr and hint in proc.stderr
    assert "Traceback" not in proc.stderr
