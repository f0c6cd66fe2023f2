"""Differences from PyTorch 2.13 found in session 34; each expected output is what torch 2.13
printed (format of test_autograd_parity4: `!W Category: message` for a warning, `!! Type:
message` for the error that ends the program)."""
from __future__ import annotations

from test_autograd_parity4 import by_group, run

# gradcheck/gradgradcheck call the function (and a custom Function's forward and backward)
# as often, in the same order, in the same grad mode and with the same perturbations (minus
# first) as PyTorch's; backward must be multiplied by grad_output; the numerical Jacobians
# are paired with the outputs by position as PyTorch pairs them (fast mode fails where
# PyTorch's does).
GRADCHECK_CASES = [
    ('from torch.autograd import gradcheck, gradgradcheck\ncalls = []\nclass Double(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x):\n        calls.append("forward")\n        return x * 2\n    @staticmethod\n    def backward(ctx, g):\n        calls.append(f"backward {g.tolist()}")\n        return g * 2\nx = torch.tensor([0.5, -1.0], dtype=torch.double, requires_grad=True)\nprint(gradcheck(Double.apply, (x,)))\nprint(calls); calls.clear()\nprint(gradcheck(Double.apply, (x,), fast_mode=True))\nprint(calls); calls.clear()\nprint(gradgradcheck(Double.apply, (x,)))\nprint(calls); calls.clear()\n',
     "True\n['forward', 'forward', 'forward', 'forward', 'forward', 'backward [1.0, 0.0]', 'backward [0.0, 1.0]', 'backward [1.0, 0.0]', 'backward [0.0, 1.0]', 'backward [0.0, 0.0]', 'forward', 'backward [0.0, 0.0]']\nTrue\n['forward', 'forward', 'forward', 'backward [0.639556345644606, 0.7687442232275422]', 'backward [0.639556345644606, 0.7687442232275422]', 'backward [0.0, 0.0]', 'forward', 'backward [0.0, 0.0]']\nTrue\n['forward', 'forward', 'backward [0.9401060036131061, 0.4156397287995759]', 'forward', 'backward [0.9401060036131061, 0.4156397287995759]', 'forward', 'backward [0.9401060036131061, 0.4156397287995759]', 'forward', 'backward [0.9401060036131061, 0.4156397287995759]', 'forward', 'backward [0.9401060036131061, 0.4156397287995759]', 'forward', 'backward [0.9401050036131061, 0.4156397287995759]', 'forward', 'backward [0.9401070036131062, 0.4156397287995759]', 'forward', 'backward [0.9401060036131061, 0.4156387287995759]', 'forward', 'backward [0.9401060036131061, 0.41564072879957586]', 'forward', 'backward [0.9401060036131061, 0.4156397287995759]']\n"),
    ('from torch.autograd import gradcheck\nseen = []\ndef f(x, y):\n    seen.append((x.requires_grad, torch.is_grad_enabled(), x.tolist()))\n    return x * y, (x + y).sin()\nx = torch.tensor([0.5, -1.0], dtype=torch.double, requires_grad=True)\ny = torch.tensor([2.0, 0.25], dtype=torch.double, requires_grad=True)\nprint(gradcheck(f, (x, y)), len(seen))\nprint(seen[:3]); seen.clear()\nprint(gradcheck(f, (x, y), check_forward_ad=True), len(seen))\nprint(seen[-3:]); seen.clear()\nprint(gradcheck(f, (x, y), fast_mode=True), len(seen))\n',
     'True 12\n[(True, True, [0.5, -1.0]), (True, True, [0.499999, -1.0]), (True, True, [0.500001, -1.0])]\nTrue 28\n[(True, True, [0.5, -1.0]), (True, True, [0.5, -1.0]), (True, True, [0.5, -1.0])]\nTrue 8\n'),
    ('from torch.autograd import gradcheck\nclass NotScaled(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x):\n        return x * 2\n    @staticmethod\n    def backward(ctx, g):\n        return torch.full_like(g, 2.0)\nx = torch.zeros(1, dtype=torch.double, requires_grad=True)\nprint(gradcheck(NotScaled.apply, (x,), raise_exception=False))\ngradcheck(NotScaled.apply, (x,))\n',
     'False\n!! RuntimeError: backward not multiplied by grad_output\n'),
    ('from torch.autograd import gradcheck, gradgradcheck\nimport torch.nn.functional as F\nx = torch.tensor([0.35, -0.65, 0.95, 1.75], dtype=torch.float64, requires_grad=True)\nw = torch.tensor([0.7, -1.3, 0.4, 2.1], dtype=torch.float64, requires_grad=True)\ndef first(x, w):\n    with torch.enable_grad():\n        (g,) = torch.autograd.grad((F.relu6(x) * w).sum(), x, create_graph=True)\n    return g\nprint(gradgradcheck(first, (x, w)))\nprint(gradgradcheck(first, (x, w), fast_mode=True, raise_exception=False))\nA = torch.tensor([[2.0, 1.0], [0.5, 3.0]], dtype=torch.float64, requires_grad=True)\nprint(gradcheck(torch.linalg.lu, (A,)))\nprint(gradcheck(torch.linalg.lu, (A,), fast_mode=True, raise_exception=False))\nprint(gradcheck(lambda a: torch.linalg.lu(a)[1:], (A,), fast_mode=True))\n',
     'True\nFalse\nTrue\nFalse\nTrue\n'),
]

PROGRAMS = {"gradcheck": GRADCHECK_CASES}


@by_group(PROGRAMS)
def test_prints_what_pytorch_printed(source, expected):
    assert run(source) == expected
