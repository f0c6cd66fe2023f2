"""In-place ops on views as PyTorch records them: the base's CopySlices wraps the op's node
(its next_functions are the base's old node and the op's other inputs), its gradients, the
saved result of the op checked against later writes through the base, double backward and
a second backward; a custom Function that marks a view dirty (whose CopySlices, as PyTorch's,
takes the Function's first input to be the view, even when it is not: dirty_2). Each
program's expected output and error are what torch 2.13 gave."""
from __future__ import annotations

import io
import re

import pytest

from gradcli.errors import GradcliError
from gradcli.lang import run_source

ADDRESS = re.compile(r" at 0x[0-9a-f]+")

CASES = {
    'cs_0': (
        'import torch\nimport torch\nx = torch.zeros(5, requires_grad=True).clone()\ny = torch.ones(2, requires_grad=True) * 3\nx[1:3].copy_(y)\nprint(x.grad_fn, x.grad_fn.next_functions)\n',
        '<CopySlices object at 0x…> ((<CloneBackward0 object at 0x…>, 0), (<MulBackward0 object at 0x…>, 0))\n',
        None),
    'cs_1': (
        'import torch\nimport torch\nx = torch.zeros(5, requires_grad=True).clone()\ny = torch.ones(2, requires_grad=True) * 3\nx[1:3] = y\nprint(x.grad_fn, x.grad_fn.next_functions)\n',
        '<CopySlices object at 0x…> ((<CloneBackward0 object at 0x…>, 0), (<MulBackward0 object at 0x…>, 0))\n',
        None),
    'cs_2': (
        'import torch\nimport torch\nx = torch.zeros(5, requires_grad=True).clone()\ny = torch.ones(2, requires_grad=True) * 3\nx[1:3].mul_(y)\nprint(x.grad_fn, x.grad_fn.next_functions)\n',
        '<CopySlices object at 0x…> ((<CloneBackward0 object at 0x…>, 0), (<MulBackward0 object at 0x…>, 0))\n',
        None),
    'cs_3': (
        'import torch\nimport torch\nx = torch.zeros(5, requires_grad=True).clone()\ny = torch.ones(2, requires_grad=True)\nx[1:3].copy_(y)\nprint(x.grad_fn, x.grad_fn.next_functions)\nx.sum().backward(); print(y.grad)\n',
        '<CopySlices object at 0x…> ((<CloneBackward0 object at 0x…>, 0), (<AccumulateGrad object at 0x…>, 0))\ntensor([1., 1.])\n',
        None),
    'cs_4': (
        'import torch\nimport torch\nx = torch.zeros(2,3, requires_grad=True).clone()\ny = torch.ones(3, requires_grad=True) * 3\nx[0].copy_(y)\nprint(x.grad_fn, x.grad_fn.next_functions)\nx[1].add_(y)\nprint(x.grad_fn, x.grad_fn.next_functions)\n',
        '<CopySlices object at 0x…> ((<CloneBackward0 object at 0x…>, 0), (<MulBackward0 object at 0x…>, 0))\n<CopySlices object at 0x…> ((<CopySlices object at 0x…>, 0), (<MulBackward0 object at 0x…>, 0))\n',
        None),
    'cs_5': (
        'import torch\nimport torch\nx = torch.zeros(5, requires_grad=True).clone()\ny = torch.ones(2, dtype=torch.float64, requires_grad=True) * 3\nx[1:3].copy_(y)\nprint(x.grad_fn, x.grad_fn.next_functions)\n',
        '<CopySlices object at 0x…> ((<CloneBackward0 object at 0x…>, 0), (<MulBackward0 object at 0x…>, 0))\n',
        None),
    'cs_6': (
        'import torch\nimport torch\nx = torch.zeros(5).clone()\ny = torch.ones(2, requires_grad=True) * 3\nx[1:3].copy_(y)\nprint(x.grad_fn, x.grad_fn.next_functions)\n',
        '<CopySlices object at 0x…> ((None, 0), (<MulBackward0 object at 0x…>, 0))\n',
        None),
    'cs_7': (
        'import torch\nimport torch\nx = torch.zeros(5, requires_grad=True).clone()\nx[1:3].copy_(torch.ones(2))\nprint(x.grad_fn, x.grad_fn.next_functions)\n',
        '<CopySlices object at 0x…> ((<CloneBackward0 object at 0x…>, 0), (None, 0))\n',
        None),
    'cs_8': (
        'import torch\nimport torch\na = torch.zeros(5, requires_grad=True)\nx = a.clone()\nv = x[1:3]\nv.copy_(torch.ones(2, requires_grad=True) * 2)\nprint(v.grad_fn, v.grad_fn.next_functions)\nprint(x.grad_fn)\n',
        '<AsStridedBackward0 object at 0x…> ((<CopySlices object at 0x…>, 0),)\n<CopySlices object at 0x…>\n',
        None),
    'cs2_0': (
        'import torch\nx0 = torch.tensor([1., 2., 3., 4., 5.], requires_grad=True)\nx = x0 * 1\ny = torch.tensor([2., 3.], requires_grad=True)\nx[1:3].mul_(y)\nprint(x)\n(x ** 2).sum().backward()\nprint(x0.grad, y.grad)\n',
        'tensor([1., 4., 9., 4., 5.], grad_fn=<CopySlices>)\ntensor([ 2., 16., 54.,  8., 10.]) tensor([16., 54.])\n',
        None),
    'cs2_1': (
        'import torch\nx0 = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)\nx = x0.clone()\ny = torch.tensor([2., 3., 4.], requires_grad=True)\nx[0].copy_(y * y)\nx[1].add_(y, alpha=2)\nx[:, 1].mul_(3)\nprint(x, x.grad_fn.next_functions)\ng, = torch.autograd.grad((x ** 3).sum(), y, create_graph=True)\nprint(g)\ng.sum().backward()\nprint(x0.grad, y.grad)\n',
        'tensor([[ 4., 27., 16.],\n        [ 8., 33., 14.]], grad_fn=<CopySlices>) ((<CopySlices object at 0x…>, 0), (None, 0))\ntensor([  576., 58968.,  7320.], grad_fn=<AddBackward0>)\ntensor([[   0.,    0.,    0.],\n        [  96., 3564.,  168.]]) tensor([  672., 72738.,  8016.])\n',
        None),
    'cs2_2': (
        'import torch\nx0 = torch.tensor([1., 2., 3., 4.], requires_grad=True)\nx = x0.clone()\nv = x[::2]\nv.exp_()\nprint(x, x.grad_fn, x.grad_fn.next_functions, v.grad_fn)\nx.sum().backward()\nprint(x0.grad)\n',
        'tensor([ 2.7183,  2.0000, 20.0855,  4.0000], grad_fn=<CopySlices>) <CopySlices object at 0x…> ((<CloneBackward0 object at 0x…>, 0),) <AsStridedBackward0 object at 0x…>\ntensor([ 2.7183,  1.0000, 20.0855,  1.0000])\n',
        None),
    'cs2_3': (
        'import torch\nx0 = torch.tensor([1., 2., 3., 4.], requires_grad=True)\nx = x0.clone()\nx[1:3].sin_()\nl = x.sum()\nl.backward()\nprint(x0.grad)\nl.backward()\n',
        'tensor([ 1.0000, -0.4161, -0.9900,  1.0000])\n',
        'RuntimeError: Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.'),
    'cs2_4': (
        'import torch\nx0 = torch.tensor([1., 2., 3., 4.], requires_grad=True)\nx = x0.clone()\nx[1:3].sin_()\nl = x.sum()\nl.backward(retain_graph=True)\nl.backward()\nprint(x0.grad)\n',
        'tensor([ 2.0000, -0.8323, -1.9800,  2.0000])\n',
        None),
    'cs2_5': (
        'import torch\nx0 = torch.tensor([1., 2., 3., 4.], requires_grad=True)\nx = x0.clone()\nx[1:3].zero_()\nprint(x.grad_fn.next_functions)\nx.sum().backward()\nprint(x0.grad)\n',
        '((<CloneBackward0 object at 0x…>, 0),)\ntensor([1., 0., 0., 1.])\n',
        None),
    'cs2_6': (
        'import torch\nx0 = torch.tensor([1., 2., 3., 4.], requires_grad=True)\nx = x0.clone()\nx[1:3].fill_(7)\nprint(x.grad_fn.next_functions)\nx.sum().backward()\nprint(x0.grad)\n',
        '((<CloneBackward0 object at 0x…>, 0),)\ntensor([1., 0., 0., 1.])\n',
        None),
    'cs2_7': (
        'import torch\nx0 = torch.tensor([1., 2., 3., 4.], requires_grad=True)\nx = x0.clone()\nw = torch.tensor(2., requires_grad=True)\nx[1:3].fill_(w)\nprint(x.grad_fn.next_functions)\nx.sum().backward()\nprint(x0.grad, w.grad)\n',
        '((<CloneBackward0 object at 0x…>, 0), (<AccumulateGrad object at 0x…>, 0))\ntensor([1., 0., 0., 1.]) tensor(2.)\n',
        None),
    'cs2_8': (
        'import torch\nx0 = torch.tensor([1., 2., 3., 4.], requires_grad=True)\nx = x0.clone()\nx[1:3].clamp_(min=2.5)\nprint(x.grad_fn.next_functions)\n(x*x).sum().backward()\nprint(x0.grad)\n',
        '((<CloneBackward0 object at 0x…>, 0),)\ntensor([2., 0., 6., 8.])\n',
        None),
    'cs2_9': (
        'import torch\nx0 = torch.tensor([1., 2., 3., 4.], requires_grad=True)\nx = x0.clone()\nh = x.grad_fn\nx[1:3].mul_(2)\nx.grad_fn.register_hook(lambda gi, go: print("hook", gi, go))\nx.sum().backward()\nprint(x0.grad)\n',
        'hook (tensor([1., 2., 2., 1.]), None) (tensor([1., 1., 1., 1.]),)\ntensor([1., 2., 2., 1.])\n',
        None),
    'cs2_10': (
        'import torch\nx0 = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\nx = x0.clone()\ny = torch.tensor([5., 6.], requires_grad=True)\nx.t()[0].copy_(y)\nprint(x, x.grad_fn.next_functions)\nx.pow(2).sum().backward()\nprint(x0.grad, y.grad)\n',
        'tensor([[5., 2.],\n        [6., 4.]], grad_fn=<CopySlices>) ((<CloneBackward0 object at 0x…>, 0), (<AccumulateGrad object at 0x…>, 0))\ntensor([[0., 4.],\n        [0., 8.]]) tensor([10., 12.])\n',
        None),
    'cs2_11': (
        'import torch\nx0 = torch.tensor([1., 2., 3., 4.], requires_grad=True)\nx = x0.clone()\ny = torch.tensor([5.], requires_grad=True)\nx[1:3].copy_(y)\nprint(x.grad_fn.next_functions)\n(x * torch.arange(4.)).sum().backward()\nprint(x0.grad, y.grad)\n',
        '((<CloneBackward0 object at 0x…>, 0), (<AccumulateGrad object at 0x…>, 0))\ntensor([0., 0., 0., 3.]) tensor([3.])\n',
        None),
    'cs2_12': (
        'import torch\nx0 = torch.tensor([1., 2., 3., 4.], requires_grad=True)\nx = x0.clone()\ny = torch.tensor([5., 6.], requires_grad=True)\nx[1:3].addcmul_(y, y, value=0.5)\nprint(x.grad_fn.next_functions)\n(x * x).sum().backward()\nprint(x0.grad, y.grad)\n',
        '((<CloneBackward0 object at 0x…>, 0), (<AccumulateGrad object at 0x…>, 0), (<AccumulateGrad object at 0x…>, 0))\ntensor([ 2., 29., 42.,  8.]) tensor([145., 252.])\n',
        None),
    'cs2_13': (
        'import torch\nwith torch.autograd.detect_anomaly():\n    x0 = torch.tensor([1., 2., 3., 4.], requires_grad=True)\n    x = x0.clone()\n    x[1:3].sqrt_()\n    x[0:2].mul_(0)\n    print(x.grad_fn.next_functions)\n    x.sum().backward()\n    print(x0.grad)\n',
        '((<CopySlices object at 0x…>, 0), (None, 0))\n',
        'RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2]], which is output 0 of Sqrt, is at version 2; expected version 1 instead. Hint: the backtrace further above shows the operation that failed to compute its gradient. The variable in question was changed in there or anywhere later. Good luck!'),
    'cs2_14': (
        'import torch\nx0 = torch.tensor([1., -2., 3., 4.], requires_grad=True)\nx = x0.clone()\nx[1:3].relu_()\nx[2:].sigmoid_()\n(x*x).sum().backward()\nprint(x0.grad)\nprint(x.grad_fn.next_functions[0][0].next_functions)\n',
        '',
        'RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2]], which is output 0 of Relu, is at version 2; expected version 1 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).'),
    'dirty_0': (
        'import torch\nclass F(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x):\n        ctx.mark_dirty(x)\n        x.add_(1)\n        return x\n    @staticmethod\n    def backward(ctx, g):\n        return g * 2\nx = torch.tensor([1., 2.], requires_grad=True)\na = x.clone()\nv = a[:1]\nz = F.apply(v)\nprint(a.grad_fn, a.grad_fn.next_functions, v.grad_fn)\n(a * a).sum().backward()\nprint(x.grad)\n',
        '<CopySlices object at 0x…> ((<CloneBackward0 object at 0x…>, 0),) <AsStridedBackward0 object at 0x…>\ntensor([8., 4.])\n',
        None),
    'dirty_1': (
        'import torch\nclass F(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x, y):\n        ctx.mark_dirty(x)\n        x.add_(y)\n        return x\n    @staticmethod\n    def backward(ctx, g):\n        return g * 2, g * 3\nx = torch.tensor([1., 2., 5.], requires_grad=True)\ny = torch.tensor([3., 4.], requires_grad=True)\na = x.clone()\nz = F.apply(a[1:], y)\nprint(a.grad_fn, a.grad_fn.next_functions)\n(a * a).sum().backward()\nprint(x.grad, y.grad)\n',
        '<CopySlices object at 0x…> ((<CloneBackward0 object at 0x…>, 0), (<AccumulateGrad object at 0x…>, 0))\ntensor([ 2., 20., 36.]) tensor([30., 54.])\n',
        None),
    'dirty_2': (
        'import torch\nclass F(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, y, x):\n        ctx.mark_dirty(x)\n        x.add_(y)\n        return x\n    @staticmethod\n    def backward(ctx, g):\n        return g * 3, g * 2\nx = torch.tensor([1., 2., 5.], requires_grad=True)\ny = torch.tensor([3., 4.], requires_grad=True)\na = x.clone()\nz = F.apply(y, a[1:])\nprint(a.grad_fn, a.grad_fn.next_functions)\n(a * a).sum().backward()\nprint(x.grad, y.grad)\n',
        '<CopySlices object at 0x…> ((<CloneBackward0 object at 0x…>, 0), (<SliceBackward0 object at 0x…>, 0))\ntensor([ 2., 50., 90.]) None\n',
        None),
    'diag_0': (
        'import torch\na = torch.zeros(3, 3); a.diagonal().fill_(-1.); print(a)\nb = torch.zeros(3, 3); torch.diagonal(b, 1).add_(2); print(b)\nc = torch.zeros(2, 3, 3); c.diagonal(dim1=1, dim2=2).copy_(torch.ones(2, 3)); print(c)\n',
        'tensor([[-1.,  0.,  0.],\n        [ 0., -1.,  0.],\n        [ 0.,  0., -1.]])\ntensor([[0., 2., 0.],\n        [0., 0., 2.],\n        [0., 0., 0.]])\ntensor([[[1., 0., 0.],\n         [0., 1., 0.],\n         [0., 0., 1.]],\n\n        [[1., 0., 0.],\n         [0., 1., 0.],\n         [0., 0., 1.]]])\n',
        None),
    'diag_1': (
        'import torch\nx = torch.zeros(3, 3, requires_grad=True)\ny = x.clone()\ny.diagonal().mul_(0).add_(5)\ny.sum().backward()\nprint(y, x.grad, y.grad_fn)\n',
        'tensor([[5., 0., 0.],\n        [0., 5., 0.],\n        [0., 0., 5.]], grad_fn=<CopySlices>) tensor([[0., 1., 1.],\n        [1., 0., 1.],\n        [1., 1., 0.]]) <CopySlices object at 0x…>\n',
        None),
    'diag_2': (
        'import torch\na = torch.zeros(3, 3)\nd = a.diagonal()\nd[1] = 7\nprint(a, a.diagonal().is_contiguous(), a.diagonal().stride())\n',
        'tensor([[0., 0., 0.],\n        [0., 7., 0.],\n        [0., 0., 0.]]) False (4,)\n',
        None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_prints_and_raises_what_torch_did(name):
    source, expected, error = CASES[name]
    out = io.StringIO()
    if error is None:
        run_source(source, out=out)
    else:
        kind, _, message = error.partition(": ")
        with pytest.raises(GradcliError) as info:
            run_source(source, out=out)
        assert info.value.message == message
        assert kind == "RuntimeError"
    assert ADDRESS.sub(" at 0x…", out.getvalue()) == expected
