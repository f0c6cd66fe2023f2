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

# The meta device: tensors and modules moved there (or made there by the factories) have a
# shape and a dtype, print as PyTorch prints them, refuse to give values with PyTorch's
# errors, and serve as functional_call's template (the model-ensembling tutorial).
META_CASES = [
    ("import torch.nn as nn\nimport copy\nm = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))\nmm = copy.deepcopy(m).to('meta')\nprint(mm[0].weight, mm[1].running_mean, mm[1].num_batches_tracked)\nprint(mm[0].weight.device, mm[0].weight.is_meta, m[0].weight.is_meta, mm[0].weight.is_cpu)\nx = torch.empty(2, 3, device='meta')\nprint(x, x.shape, x.dtype, x.requires_grad, x.device, x.is_meta, x.stride(), x.numel(), x.is_contiguous(), x.size(1), x.dim(), len(x.shape))\nfor f in (lambda: x.item(), lambda: x.tolist(), lambda: x.numpy(), lambda: x.cpu(), lambda: x.to('cpu')):\n    try:\n        print(f())\n    except Exception as e:\n        print(type(e).__name__, e)\nprint(torch.ones(3).to('meta'), torch.randn(2, 2, device='meta'), torch.tensor([1., 2.], device='meta'))\nprint(torch.rand(2))\ng = torch.Generator().manual_seed(1)\nprint(torch.randn(2, generator=g, device='meta'), torch.randn(2, generator=g))\nprint(torch.empty_like(x), torch.zeros(0, device='meta'), torch.tensor(3., device='meta'), torch.zeros_like(x, dtype=torch.float64))\nprint(m.to_empty(device='meta')[0].weight)\nprint(torch.arange(5, device=torch.device('meta')), torch.full((2,), 7, device='meta'), torch.eye(2, device='meta'), torch.linspace(0, 1, 4, device='meta'), torch.randint(0, 5, (3,), device='meta'))\ny = torch.randn(2, requires_grad=True).to('meta')\nprint(y, y.grad_fn, y.detach(), y.to(torch.float64))\ntry:\n    m.to('meta').to('cpu')\nexcept Exception as e:\n    print(type(e).__name__, e)\nprint(torch.device('meta'), str(torch.device('meta')), torch.randn(2, dtype=torch.float64, requires_grad=True).to('meta'))\np = nn.Parameter(torch.ones(2, 2)).to('meta')\nprint(p, type(p).__name__)\nprint(mm.state_dict()['0.weight'], sum(t.numel() for t in mm.parameters()))\nmm2 = nn.Linear(2, 2).to('meta')\nprint(mm2.to_empty(device='cpu').weight.shape, mm2.weight.is_meta)\n",
     "Parameter containing:\ntensor(..., device='meta', size=(2, 3), requires_grad=True) tensor(..., device='meta', size=(2,)) tensor(..., device='meta', size=(), dtype=torch.int64)\nmeta True False False\ntensor(..., device='meta', size=(2, 3)) torch.Size([2, 3]) torch.float32 False meta True (3, 1) 6 True 3 2 2\nRuntimeError a Tensor with 6 elements cannot be converted to Scalar\nNotImplementedError Cannot copy out of meta tensor; no data!\nTypeError can't convert meta device type tensor to numpy. Use Tensor.cpu() to copy the tensor to host memory first.\nNotImplementedError Cannot copy out of meta tensor; no data!\nNotImplementedError Cannot copy out of meta tensor; no data!\ntensor(..., device='meta', size=(3,)) tensor(..., device='meta', size=(2, 2)) tensor(..., device='meta', size=(2,))\ntensor([0.4556, 0.6323])\ntensor(..., device='meta', size=(2,)) tensor([0.6614, 0.2669])\ntensor(..., device='meta', size=(2, 3)) tensor(..., device='meta', size=(0,)) tensor(..., device='meta', size=()) tensor(..., device='meta', size=(2, 3), dtype=torch.float64)\nParameter containing:\ntensor(..., device='meta', size=(2, 3), requires_grad=True)\ntensor(..., device='meta', size=(5,), dtype=torch.int64) tensor(..., device='meta', size=(2,), dtype=torch.int64) tensor(..., device='meta', size=(2, 2)) tensor(..., device='meta', size=(4,)) tensor(..., device='meta', size=(3,), dtype=torch.int64)\ntensor(..., device='meta', size=(2,), grad_fn=<ToCopyBackward0>) <ToCopyBackward0 object at 0x> tensor(..., device='meta', size=(2,)) tensor(..., device='meta', size=(2,), dtype=torch.float64,\n       grad_fn=<ToCopyBackward0>)\nNotImplementedError Cannot copy out of meta tensor; no data! Please use torch.nn.Module.to_empty() instead of torch.nn.Module.to() when moving module from meta to a different device.\nmeta meta tensor(..., device='meta', size=(2,), dtype=torch.float64,\n       grad_fn=<ToCopyBackward0>)\ntensor(..., device='meta', size=(2, 2), grad_fn=<ToCopyBackward0>) Tensor\ntensor(..., device='meta', size=(2, 3)) 12\ntorch.Size([2, 2]) False\n"),
    ("x = torch.randn(2, 3, requires_grad=True)\ny = x.to('meta')\nprint(y, y.grad_fn, y.is_leaf, y.requires_grad)\nz = torch.randn(2, 3).to('meta')\nprint(z, z.is_leaf)\np = torch.nn.Parameter(torch.randn(2))\nq = p.to('meta')\nprint(type(q).__name__, q)\nw = y.to('meta')\nprint(w is y)\nprint(torch.empty(2, dtype=torch.float64, device='meta'), torch.zeros(2, dtype=torch.int64, device='meta', requires_grad=False))\nprint(torch.randn(3, requires_grad=True, device='meta'))\nm = y.to(torch.float64)\nprint(m)\nprint(y.stride(), y.is_contiguous(), y.t().is_contiguous() if False else None, y.numel(), y.element_size(), y.dim())\nimport copy\nprint(copy.deepcopy(z), z.clone() if False else None)\ntry:\n    print(y.detach())\nexcept Exception as e:\n    print(type(e).__name__, e)\n",
     "tensor(..., device='meta', size=(2, 3), grad_fn=<ToCopyBackward0>) <ToCopyBackward0 object at 0x> False True\ntensor(..., device='meta', size=(2, 3)) True\nTensor tensor(..., device='meta', size=(2,), grad_fn=<ToCopyBackward0>)\nTrue\ntensor(..., device='meta', size=(2,), dtype=torch.float64) tensor(..., device='meta', size=(2,), dtype=torch.int64)\ntensor(..., device='meta', size=(3,), requires_grad=True)\ntensor(..., device='meta', size=(2, 3), dtype=torch.float64,\n       grad_fn=<ToCopyBackward0>)\n(3, 1) True None 6 4 2\ntensor(..., device='meta', size=(2, 3)) None\ntensor(..., device='meta', size=(2, 3))\n"),
    ("import torch.nn as nn\ntry:\n    with torch.device('meta'):\n        m = nn.Linear(2, 2)\n    print(m.weight)\nexcept Exception as e:\n    print(type(e).__name__, e)\ntry:\n    print(nn.Linear(2, 2, device='meta').weight)\nexcept Exception as e:\n    print(type(e).__name__, e)\n",
     "Parameter containing:\ntensor(..., device='meta', size=(2, 2), requires_grad=True)\nParameter containing:\ntensor(..., device='meta', size=(2, 2), requires_grad=True)\n"),
    ("import torch.nn as nn\ntorch.manual_seed(0)\nfor make in (lambda: nn.Linear(3, 2, device='meta'), lambda: nn.Conv2d(1, 2, 3, device='meta'), lambda: nn.BatchNorm1d(4, device='meta'), lambda: nn.Embedding(5, 2, device='meta'), lambda: nn.LayerNorm(3, device='meta'), lambda: nn.LSTM(2, 3, device='meta')):\n    try:\n        m = make()\n        print(type(m).__name__, [(n, p.shape, p.device) for n, p in m.named_parameters()], [b.device for b in m.buffers()])\n    except Exception as e:\n        print(type(e).__name__, e)\nprint(torch.rand(2))\nx = torch.zeros(2, device='meta', requires_grad=True)\ntry:\n    x.zero_()\nexcept Exception as e:\n    print(type(e).__name__, e)\nwith torch.no_grad():\n    print(x.uniform_(), x.normal_(), x.fill_(2))\nm = nn.Linear(3, 2).to('meta')\nm.to_empty(device='cpu')\nprint(m.weight.is_meta, m.weight.shape)\nnn.init.kaiming_uniform_(m.to('meta').weight)\nprint(torch.rand(1))\n",
     "Linear [('weight', torch.Size([2, 3]), device(type='meta')), ('bias', torch.Size([2]), device(type='meta'))] []\nConv2d [('weight', torch.Size([2, 1, 3, 3]), device(type='meta')), ('bias', torch.Size([2]), device(type='meta'))] []\nBatchNorm1d [('weight', torch.Size([4]), device(type='meta')), ('bias', torch.Size([4]), device(type='meta'))] [device(type='meta'), device(type='meta'), device(type='meta')]\nEmbedding [('weight', torch.Size([5, 2]), device(type='meta'))] []\nLayerNorm [('weight', torch.Size([3]), device(type='meta')), ('bias', torch.Size([3]), device(type='meta'))] []\nLSTM [('weight_ih_l0', torch.Size([12, 2]), device(type='meta')), ('weight_hh_l0', torch.Size([12, 3]), device(type='meta')), ('bias_ih_l0', torch.Size([12]), device(type='meta')), ('bias_hh_l0', torch.Size([12]), device(type='meta'))] []\ntensor([0.4963, 0.7682])\nRuntimeError a leaf Variable that requires grad is being used in an in-place operation.\ntensor(..., device='meta', size=(2,), requires_grad=True) tensor(..., device='meta', size=(2,), requires_grad=True) tensor(..., device='meta', size=(2,), requires_grad=True)\nFalse torch.Size([2, 3])\ntensor([0.3489])\n"),
]

PROGRAMS = {"gradcheck": GRADCHECK_CASES, "meta": META_CASES}


@by_group(PROGRAMS)
def test_prints_what_pytorch_printed(source, expected):
    assert run(source) == expected


def test_computing_with_a_meta_tensor_is_refused_not_done_on_garbage():
    """gradcli has no shape-only kernels: every op on a meta tensor raises (a reduction that
    read the array through np.asarray had summed uninitialised memory)."""
    import numpy as np
    import pytest

    import gradcli as torch
    from gradcli.errors import TorchNotImplementedError
    x = torch.randn(2, 3, requires_grad=True).to("meta")
    for op in (lambda: x.sum(), lambda: x * 2, lambda: x.exp(), lambda: x @ x.t(),
               lambda: torch.cat([x, x]), lambda: x[0], lambda: x.view(3, 2),
               lambda: np.asarray(x.detach()._data), lambda: x.mean(dim=0)):
        with pytest.raises(TorchNotImplementedError, match="cannot compute with meta tensors"):
            op()


def test_the_commands_refuse_to_show_a_meta_tensor_cleanly():
    """A meta result has no values for a table or a JSON document: exit status 1, PyTorch's
    message, no traceback (the JSON writer had failed as an internal error)."""
    from click.testing import CliRunner

    from gradcli.cli import main
    for args in (["eval", "zeros(2, device='meta')"], ["eval", "zeros(2, device='meta')", "--json"],
                 ["grad", "x.to('meta').sum()", "--x", "1,2"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, (args, result.output)
        assert "Traceback" not in result.output and "internal error" not in result.output
        assert "meta" in result.output
