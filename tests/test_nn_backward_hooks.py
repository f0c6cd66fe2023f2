"""Module.register_full_backward_hook and register_full_backward_pre_hook
(gradcli/nn/modules/_backward_hooks.py): what the hooks see and return, the
BackwardHookFunctionBackward nodes around the module, and PyTorch's warning when no input
requires grad. The expected output is what PyTorch 2.13 printed for the same program."""
from __future__ import annotations

import contextlib
import io
import warnings

PROGRAM = 'import gradcli as torch\nimport gradcli.nn as nn\ntorch.manual_seed(0)\nlin = nn.Linear(3, 2)\ndef hook(m, gi, go):\n    print("hook", type(m).__name__, [None if g is None else g.shape for g in gi], [g for g in go])\ndef pre(m, go):\n    print("pre", go)\nh1 = lin.register_full_backward_hook(hook)\nh2 = lin.register_full_backward_pre_hook(pre)\nx = torch.randn(4, 3, requires_grad=True)\ny = lin(x)\nprint(y.grad_fn.name(), y.grad_fn.next_functions[0][0].name())\ny.sum().backward()\nprint(x.grad)\nh1.remove(); h2.remove()\nlin.register_full_backward_hook(lambda m, gi, go: (gi[0] * 10,))\nx.grad = None\nlin(x).sum().backward()\nprint(x.grad)\nlin2 = nn.Linear(3, 2)\nlin2.register_full_backward_pre_hook(lambda m, go: (go[0] * 0.5,))\nlin2(x).sum().backward()\nprint(lin2.weight.grad)\nlin3 = nn.Linear(3, 1)\nlin3.register_full_backward_hook(lambda m, gi, go: print("no-input-grad", gi, go))\nlin3(torch.ones(2, 3)).sum().backward()\nseq = nn.Sequential(nn.Linear(3, 3), nn.Tanh(), nn.Linear(3, 1))\nfor i, m in enumerate(seq):\n    m.register_full_backward_hook(lambda m, gi, go, i=i: print("seq", i, type(m).__name__, gi[0].shape if gi[0] is not None else None))\nseq(x).sum().backward()\nwith torch.no_grad():\n    print(lin(x).grad_fn)\nclass Two(nn.Module):\n    def forward(self, a, b, k=2.0):\n        return a * b * k, a + 1\nt = Two()\nt.register_full_backward_hook(lambda m, gi, go: print("two", [g is None for g in gi], [g is None for g in go]))\na = torch.ones(2, requires_grad=True)\no1, o2 = t(a, torch.ones(2))\nprint(o1.grad_fn.name(), o2.grad_fn.name())\n(o1.sum() + o2.sum()).backward()\nprint(a.grad)\n'

EXPECTED = 'BackwardHookFunctionBackward AddmmBackward0\npre (tensor([[1., 1.],\n        [1., 1.],\n        [1., 1.],\n        [1., 1.]]),)\nhook Linear [torch.Size([4, 3])] [tensor([[1., 1.],\n        [1., 1.],\n        [1., 1.],\n        [1., 1.]])]\ntensor([[-0.4292,  0.0873, -0.3204],\n        [-0.4292,  0.0873, -0.3204],\n        [-0.4292,  0.0873, -0.3204],\n        [-0.4292,  0.0873, -0.3204]])\ntensor([[-4.2922,  0.8735, -3.2036],\n        [-4.2922,  0.8735, -3.2036],\n        [-4.2922,  0.8735, -3.2036],\n        [-4.2922,  0.8735, -3.2036]])\ntensor([[ 0.1287, -1.5035, -0.3670],\n        [ 0.1287, -1.5035, -0.3670]])\nno-input-grad (None,) (tensor([[1.],\n        [1.]]),)\nseq 2 Linear torch.Size([4, 3])\nseq 1 Tanh torch.Size([4, 3])\nseq 0 Linear torch.Size([4, 3])\nNone\nBackwardHookFunctionBackward BackwardHookFunctionBackward\ntwo [False, False] [False, False]\ntensor([3., 3.])\n'


def test_full_backward_hooks_see_and_change_what_pytorchs_do():
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec(compile(PROGRAM, "hooks.py", "exec"), {})
    assert out.getvalue() == EXPECTED
    messages = [str(w.message) for w in caught]
    assert messages == ["Full backward hook is firing when gradients are computed with "
                        "respect to module outputs since no inputs require gradients. See "
                        "https://docs.pytorch.org/docs/main/generated/torch.nn.Module.html"
                        "#torch.nn.Module.register_full_backward_hook for more details."]
    assert caught[0].filename == "hooks.py"        # the user's backward() call, as PyTorch
