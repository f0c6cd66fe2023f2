"""Forward formulas that PyTorch writes with their primals, and PyTorch's warnings where
PyTorch gives them.

The programs print what PyTorch 2.13 printed (test_autograd_parity4's format). The first:
remainder's and fmod's tangents are self_t - other_t * self_p.div(other_p, rounding_mode)
(floor; trunc), so a gradient of the tangent reaches both primals (zeros, not "unused"),
and with a number for other the tangent is self's own; glu's tangent is ATen's glu_jvp
kernel to the bit (with GCC's fused multiply-adds), on a NotImplemented node. The second:
the legacy size_average/reduce flags warn as PyTorch's _Reduction does (and kl_div's
'mean' warning is only for reduction='mean'), nn.init's deprecated names exist and warn,
torch.cross's warning names its C++ line, and a complex-to-real copy warns once.

Then, without the formula language: a warning of PyTorch's C++ code points at the line
that called the op (Python sees it there), not inside gradcli, whether the op is called as
a function or a method, and NumPy's own ComplexWarning does not leak out beside
PyTorch's."""
from __future__ import annotations

import os
import warnings

import pytest

from test_autograd_parity4 import run

CASES = [
    pytest.param('fwAD = torch.autograd.forward_ad\nF = torch.nn.functional\ndef fmt(t):\n    if t is None:\n        return "None"\n    return "[" + ",".join(f"{v:.6g}" for v in t.detach().reshape(-1).tolist()) + "]"\nfor op in (torch.fmod, torch.remainder):\n    for case in ("x", "y", "both", "zero", "number"):\n        p = torch.tensor([0.7, -1.3, 2.2, 0.4], dtype=torch.float64, requires_grad=True)\n        q = torch.tensor([1.5, 0.6, -0.8, 0.0 if case == "zero" else 2.5], dtype=torch.float64, requires_grad=True)\n        t = torch.tensor([0.3, -0.2, 0.5, 0.1], dtype=torch.float64, requires_grad=True)\n        u = torch.tensor([-0.4, 0.9, 0.2, 0.6], dtype=torch.float64, requires_grad=True)\n        with fwAD.dual_level():\n            x = fwAD.make_dual(p, t) if case != "y" else p\n            y = fwAD.make_dual(q, u) if case not in ("x", "number") else q\n            tan = fwAD.unpack_dual(op(x, 0.7 if case == "number" else y)).tangent\n        print(op.__name__, case, fmt(tan), tan.grad_fn.name() if tan.grad_fn else None,\n              " ".join(fmt(g) for g in torch.autograd.grad(tan.sum(), [p, q, t, u], allow_unused=True)))\ng = torch.Generator().manual_seed(0)\nfor dt in (torch.float32, torch.float64):\n    for shape, dim in (((4,), 0), ((3, 70), 1), ((66, 5), 0), ((2, 34, 3), 1), ((2, 40), -1)):\n        p = torch.randn(shape, dtype=dt, generator=g) * 3\n        t = torch.randn(shape, dtype=dt, generator=g)\n        with fwAD.dual_level():\n            tan = fwAD.unpack_dual(F.glu(fwAD.make_dual(p, t), dim)).tangent\n        print("glu", dt, shape, tan.flatten()[:6].tolist(), tan.sum().item(), tan.double().abs().sum().item())\np = torch.tensor([0.5, -1.0, 2.0, 3.0], requires_grad=True)\nwith fwAD.dual_level():\n    tan = fwAD.unpack_dual(F.glu(fwAD.make_dual(p, torch.tensor([1.0, 0.5, -0.5, 2.0])), 0)).tangent\nprint(tan, tan.grad_fn.name())\ntry:\n    tan.sum().backward()\nexcept RuntimeError as e:\n    print("RuntimeError", e)\n',
                 'fmod x [0.3,-0.2,0.5,0.1] SubBackward0 [0,0,0,0] [0,0,0,0] [1,1,1,1] None\nfmod y [0,1.8,0.4,-0] SubBackward0 [0,0,0,0] [0,0,0,0] None [-0,2,2,-0]\nfmod both [0.3,1.6,0.9,0.1] SubBackward0 [0,0,0,0] [0,0,0,0] [1,1,1,1] [-0,2,2,-0]\nfmod zero [0.3,1.6,0.9,-inf] SubBackward0 [0,0,0,0] [0,0,0,0] [1,1,1,1] [-0,2,2,-inf]\nfmod number [0.3,-0.2,0.5,0.1] None None None [1,1,1,1] None\nremainder x [0.3,-0.2,0.5,0.1] SubBackward0 [0,0,0,0] [0,0,0,0] [1,1,1,1] None\nremainder y [0,2.7,0.6,-0] SubBackward0 [0,0,0,0] [0,0,0,0] None [-0,3,3,-0]\nremainder both [0.3,2.5,1.1,0.1] SubBackward0 [0,0,0,0] [0,0,0,0] [1,1,1,1] [-0,3,3,-0]\nremainder zero [0.3,2.5,1.1,-inf] SubBackward0 [0,0,0,0] [0,0,0,0] [1,1,1,1] [-0,3,3,-inf]\nremainder number [0.3,-0.2,0.5,0.1] None None None [1,1,1,1] None\nglu torch.float32 (4,) [0.0011254656128585339, -1.27952241897583] -1.2783969640731812 1.2806478845886886\nglu torch.float32 (3, 70) [-0.4569551944732666, 0.2457123100757599, 0.07513723522424698, -0.3882392942905426, -0.05559464171528816, -0.341258704662323] 2.470127582550049 48.551546959381085\nglu torch.float32 (66, 5) [-0.062410831451416016, -0.06826072931289673, -0.03961531072854996, -1.2906861305236816, 0.13220266997814178, -0.5902737379074097] -6.718263626098633 72.86299239631626\nglu torch.float32 (2, 34, 3) [0.1821521371603012, 0.37168747186660767, -0.14186717569828033, -0.28524279594421387, 0.7000316977500916, 0.088267020881176] -0.9085261821746826 42.89215535949916\nglu torch.float32 (2, 40) [-0.04163629189133644, -0.042395614087581635, -0.917674720287323, 0.0011895711068063974, -0.04566172882914543, -0.12319498509168625] -7.361433029174805 20.824109520046022\nglu torch.float64 (4,) [-0.8772656044280378, 0.9695264718540824] 0.09226086742604456 1.8467920762821202\nglu torch.float64 (3, 70) [2.2065998138680496, -0.4285085496039958, -0.5092778400616775, 0.09708411510525042, 0.0037402555074744328, -1.951996095128289] 10.660469777386833 57.074062573361964\nglu torch.float64 (66, 5) [0.07126884193336883, 0.6805239115043539, -1.245948379308597, 0.12332432475138357, 0.6179351018853209, 0.037573387598993126] 5.673289570501871 81.80578249097411\nglu torch.float64 (2, 34, 3) [0.04037352495354995, -0.07396255928401553, -1.2356840385343038, 0.6574349957139389, -2.147928714346928, 1.9422400569592089] -11.887264703468494 59.82164012308086\nglu torch.float64 (2, 40) [-0.003714804278518716, 0.00027613117116483035, 0.7879547355764823, 0.6520163488074041, 0.8016193639664944, -0.24118997732929112] 6.547466847134407 24.40294514088376\ntensor([0.8545, 0.3859], grad_fn=<NotImplemented>) torch::autograd::NotImplemented\nRuntimeError derivative for aten::glu_jvp is not implemented\n', id="tangents_through_primals"),
    pytest.param('F = torch.nn.functional\nx = torch.tensor([[0.2, -0.5, 1.0], [0.3, 0.8, -1.2]])\nt = torch.tensor([0, 2])\ny = torch.tensor([[1., 0, 1], [0, 1, 1]])\nprint(F.nll_loss(x.log_softmax(1), t, size_average=False))\nprint(F.mse_loss(x, y, reduce=False))\nprint(F.kl_div(x, y, size_average=True, reduce=True))\nprint(F.kl_div(x, y))\nprint(F.soft_margin_loss(x, y, size_average=False, reduction="none"))\nprint(torch.nn.L1Loss(size_average=False).reduction, torch.nn.NLLLoss(reduce=False).reduction)\nw = torch.empty(2, 3)\ntorch.nn.init.xavier_uniform(w)\nprint(torch.nn.init.constant(w, 0.5), torch.nn.init.uniform.__name__)\nprint(torch.cross(torch.ones(2, 3), torch.tensor([[1., 2., 3.], [0., 1., 0.]])))\nprint(torch.ones(1).std(), torch.ones(2, 1).var(1))\nz = torch.tensor([1 + 2j, 3j])\nprint(z.float(), torch.zeros(2).copy_(z))\nprint(torch.range(0, 2))\n',
                 "!W UserWarning: size_average and reduce args will be deprecated, please use reduction='sum' instead.\ntensor(3.8693)\n!W UserWarning: size_average and reduce args will be deprecated, please use reduction='none' instead.\ntensor([[0.6400, 0.2500, 0.0000],\n        [0.0900, 0.0400, 4.8400]])\n!W UserWarning: size_average and reduce args will be deprecated, please use reduction='mean' instead.\ntensor(-0.1333)\n!W UserWarning: reduction: 'mean' divides the total loss by both the batch size and the support size.'batchmean' divides only by the batch size, and aligns with the KL div math definition.'mean' will be changed to behave the same as 'batchmean' in the next major release.\ntensor(-0.1333)\n!W UserWarning: size_average and reduce args will be deprecated, please use reduction='sum' instead.\ntensor(4.1321)\n!W UserWarning: size_average and reduce args will be deprecated, please use reduction='sum' instead.\n!W UserWarning: size_average and reduce args will be deprecated, please use reduction='none' instead.\nsum none\n!W FutureWarning: `nn.init.xavier_uniform` is now deprecated in favor of `nn.init.xavier_uniform_`.\n!W FutureWarning: `nn.init.constant` is now deprecated in favor of `nn.init.constant_`.\ntensor([[0.5000, 0.5000, 0.5000],\n        [0.5000, 0.5000, 0.5000]]) uniform\n!W UserWarning: Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass the dim explicitly or simply use torch.linalg.cross.\nThe default value of dim will change to agree with that of linalg.cross in a future release. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/Cross.cpp:63.)\ntensor([[ 1., -2.,  1.],\n        [-1.,  0.,  1.]])\n!W UserWarning: std(): degrees of freedom is <= 0. Correction should be strictly less than the reduction factor (input numel divided by output numel). (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/ReduceOps.cpp:1861.)\n!W UserWarning: var(): degrees of freedom is <= 0. Correction should be strictly less than the reduction factor (input numel divided by output numel). (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/ReduceOps.cpp:1861.)\ntensor(nan) tensor([nan, nan])\n!W UserWarning: Casting complex values to real discards the imaginary part (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/Copy.cpp:307.)\ntensor([1., 0.]) tensor([1., 0.])\n!W UserWarning: torch.range is deprecated and will be removed in a future release because its behavior is inconsistent with Python's range builtin. Instead, use torch.arange, which produces values in [start, end).\ntensor([0., 1., 2.])\n", id="warnings"),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_prints_what_pytorch_printed(source, expected):
    assert run(source) == expected


def _calls(torch):
    """name: (call, whether PyTorch warns only once per process: TORCH_WARN_ONCE)"""
    x = torch.tensor([1., 2., 3., 4.], requires_grad=True)
    index = torch.tensor([1, 1])
    return {
        "index_reduce method": (lambda: x.index_reduce(0, index, x[:2], "mean"), True),
        "index_reduce function": (lambda: torch.index_reduce(x, 0, index, x[:2], "amax"), True),
        "std": (lambda: torch.ones(1).std(), False),
        "var method": (lambda: torch.ones(1, 1).var(0), False),
        "cross": (lambda: torch.cross(torch.ones(3, 3), torch.ones(3, 3)), False),
        "range": (lambda: torch.range(0, 3), False),
        "complex copy_": (lambda: torch.zeros(2).copy_(torch.tensor([1 + 2j, 3j])), True),
        "complex to": (lambda: torch.tensor([1 + 2j, 3j]).to(torch.float64), True),
    }


def _libraries():
    import gradcli
    libs = [pytest.param(gradcli, id="gradcli")]
    try:
        import torch
    except ImportError:
        libs.append(pytest.param(None, id="torch", marks=pytest.mark.skip("torch absent")))
    else:
        libs.append(pytest.param(torch, id="torch"))
    return libs


@pytest.mark.parametrize("torch", _libraries())
def test_cpp_warnings_point_at_the_calling_line(torch):
    """The same expectations hold for PyTorch 2.13 itself (the torch case, when installed):
    each call warns one UserWarning, at this file (a once-per-process warning of PyTorch's
    may have gone out in this process already: then none; gradcli's start afresh here)."""
    import gradcli.errors
    for name, (call, once) in _calls(torch).items():
        gradcli.errors.reset_once_warnings()
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            call()
        where = [(w.category.__name__, os.path.basename(w.filename)) for w in seen]
        expected = [("UserWarning", os.path.basename(__file__))]
        if once and torch.__name__ == "torch":
            assert where in ([], expected), (name, where)
        else:
            assert where == expected, (name, where)
