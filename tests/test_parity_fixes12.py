"""Parity fixes (session 22, H5), each a program and what PyTorch 2.13 printed for it
(format of test_autograd_parity4: `!W` a warning, `!! Type: message` the final error):
forward AD through the in-place view ops (unsqueeze_, squeeze_, transpose_, t_, swapdims_,
swapaxes_), mul's forward rule under reverse-over-forward, and the once-per-process
warnings of torch.meshgrid (no indexing=) and torch.chain_matmul; and (lead) the sign of a
zero gradient added to one the engine holds alone."""
from __future__ import annotations

import pytest

from test_autograd_parity4 import run


CASES = [
    # in-place view ops reshape a dual tensor's tangent too (was: a broadcast error)
    pytest.param('import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n    d = fwAD.make_dual(torch.ones(2, 3), torch.ones(2, 3)) * 2\n    y = d.unsqueeze_(0).transpose_(0, -1)\n    print(y.shape, y.grad_fn)\n    print(fwAD.unpack_dual(y * 1))',
                 'torch.Size([3, 2, 1]) None\nUnpackedDualTensor(primal=tensor([[[2.],\n         [2.]],\n\n        [[2.],\n         [2.]],\n\n        [[2.],\n         [2.]]]), tangent=tensor([[[2.],\n         [2.]],\n\n        [[2.],\n         [2.]],\n\n        [[2.],\n         [2.]]]))\n', id='fw_unsqueeze_transpose'),
    # t_, squeeze_ (dim, dims, all), swapdims_/swapaxes_ on duals
    pytest.param('import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n    x = fwAD.make_dual(torch.arange(6.).reshape(2, 3), torch.arange(6.).reshape(2, 3) * 10) * 1\n    x.t_()\n    print(fwAD.unpack_dual(x).tangent)\n    z = x.unsqueeze(1)\n    z.squeeze_(1)\n    print(fwAD.unpack_dual(z).tangent.shape)\n    w = x.clone().unsqueeze_(2).swapdims_(0, 2).squeeze_(0)\n    print(fwAD.unpack_dual(w).tangent)\n    w = x.clone().unsqueeze_(2).swapaxes_(0, 2).squeeze_((0,))\n    print(fwAD.unpack_dual(w * 2).tangent)',
                 'tensor([[ 0., 30.],\n        [10., 40.],\n        [20., 50.]])\ntorch.Size([3, 2])\ntensor([[ 0., 10., 20.],\n        [30., 40., 50.]])\ntensor([[  0.,  20.,  40.],\n        [ 60.,  80., 100.]])\n', id='fw_t_squeeze_swap'),
    # the tangent itself is reshaped (make_dual keeps the given tangent); a view's own
    pytest.param('import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n    t = torch.ones(2, 3)\n    d = fwAD.make_dual(torch.ones(2, 3), t)\n    d.unsqueeze_(0)\n    print(t.shape, fwAD.unpack_dual(d).tangent.shape)\n    v = d[0]\n    v.unsqueeze_(1)\n    print(d.shape, v.shape, fwAD.unpack_dual(v).tangent.shape, fwAD.unpack_dual(d).tangent.shape)',
                 'torch.Size([1, 2, 3]) torch.Size([1, 2, 3])\ntorch.Size([1, 2, 3]) torch.Size([2, 1, 3]) torch.Size([2, 1, 3]) torch.Size([1, 2, 3])\n', id='fw_tangent_reshaped_in_place'),
    # a tangent that requires grad records the in-place node; a leaf tangent is refused
    pytest.param('import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n    k = fwAD.make_dual(torch.ones(2, 3), torch.ones(2, 3, requires_grad=True)) * 3\n    k.transpose_(0, 1)\n    t = fwAD.unpack_dual(k).tangent\n    print(t.grad_fn, t.grad_fn.next_functions[0][0])\n    t.sum().backward()\n    l = fwAD.make_dual(torch.ones(2, 3), torch.ones(2, 3, requires_grad=True))\n    l.unsqueeze_(0)',
                 '<TransposeBackward1 object at 0x> <AddBackward0 object at 0x>\n!! RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.\n', id='fw_tangent_requires_grad'),
    # reverse over forward: mul's missing tangent is PyTorch's efficient zero, still recorded
    pytest.param('import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n    p = torch.tensor([[1., -2., 3.]], requires_grad=True)\n    q = fwAD.make_dual(p, torch.tensor([[-0., 5., 1.]])) * 3\n    print(fwAD.unpack_dual(q).tangent)\n    q.t_()\n    print(q.grad_fn, q.grad_fn.next_functions)\n    t = fwAD.unpack_dual(q).tangent\n    print(t, t.grad_fn.next_functions[0][0].next_functions)\n    (t * -1).sum().backward()\n    print(p.grad)',
                 'tensor([[-0., 15.,  3.]], grad_fn=<AddBackward0>)\n<TBackward1 object at 0x> ((<MulBackward0 object at 0x>, 0),)\ntensor([[-0.],\n        [15.],\n        [ 3.]], grad_fn=<TBackward1>) ((<MulBackward0 object at 0x>, 0), (None, 0))\ntensor([[0., 0., 0.]])\n', id='fw_primal_requires_grad'),
    # mul's tangent with one factor's tangent missing: AddBackward0 when recorded; +0.0 grads
    pytest.param('import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n    p = torch.tensor([1., -2.], requires_grad=True)\n    q = fwAD.make_dual(p, torch.tensor([-0., 5.]))\n    t = fwAD.unpack_dual(3 * q).tangent\n    print(t, t.grad_fn.next_functions)\n    k = fwAD.make_dual(torch.tensor([1., -2.]), torch.tensor([-0., 5.], requires_grad=True))\n    t = fwAD.unpack_dual(k * p).tangent\n    print(t, t.grad_fn.next_functions)\n    with torch.no_grad():\n        print(fwAD.unpack_dual(q * 3).tangent)\n    t = fwAD.unpack_dual(q * 3).tangent\n    u = (t * -1).sum() + (p * 2).sum()\n    u.backward()\n    print(p.grad)',
                 'tensor([-0., 15.], grad_fn=<AddBackward0>) ((<MulBackward0 object at 0x>, 0), (None, 0))\ntensor([ -0., -10.], grad_fn=<AddBackward0>) ((None, 0), (<MulBackward0 object at 0x>, 0))\ntensor([-0., 15.])\ntensor([2., 2.])\n', id='fw_mul_missing_tangent'),
    # TORCH_WARN_ONCE: once per process, with its C++ suffix
    pytest.param('import warnings\nwarnings.simplefilter("always")\na, b = torch.tensor([1., 2.]), torch.tensor([3., 4., 5.])\nfor i in range(2):\n    print(torch.meshgrid(a, b)[1])\nprint(torch.meshgrid(b, a)[0].shape)',
                 '!W UserWarning: torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4215.)\ntensor([[3., 4., 5.],\n        [3., 4., 5.]])\ntensor([[3., 4., 5.],\n        [3., 4., 5.]])\ntorch.Size([3, 2])\n', id='meshgrid_warns_once'),
    # TORCH_WARN_ONCE: once per process, with its C++ suffix
    pytest.param('import warnings\nwarnings.simplefilter("always")\nfor i in range(2):\n    print(torch.chain_matmul(torch.ones(2, 3), torch.ones(3, 2)))\nprint(torch.chain_matmul(torch.ones(1, 2), torch.ones(2, 1)))',
                 '!W UserWarning: torch.chain_matmul is deprecated and will be removed in a future PyTorch release. Use torch.linalg.multi_dot instead, which accepts a list of two or more tensors rather than multiple parameters. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/LinearAlgebra.cpp:1102.)\ntensor([[3., 3.],\n        [3., 3.]])\ntensor([[3., 3.],\n        [3., 3.]])\ntensor([[2.]])\n', id='chain_matmul_warns_once'),
    # a zero gradient arriving after one the buffer alone holds (no create_graph) is added
    # into it in place (InputBuffer::add): -0.0 becomes +0.0, in this order only
    pytest.param('x0 = torch.tensor([[-0.7, -1.36, -1.67, -1.28], [0.29, 0.73, -0.37, 1.71], [-0.71, -1.78, -0.08, 0.11]], dtype=torch.float64, requires_grad=True)\nh0 = (x0.abs() + 0.2) ** 0.5\nh3 = h0.abs()\nout = h3.median()\ng = torch.autograd.grad(out, [x0], create_graph=True)\nprint(\'g\', g)\ns = sum((t * t).sum() for t in g)\ns.backward()\nprint(\'x0.grad\', x0.grad)\np = torch.tensor([0.5, 2.0, 3.0], requires_grad=True)\nfor red in ("median", "max", "sum"):\n    for f in (lambda t: t ** 0.5, lambda t: t.sqrt(), lambda t: t ** 3):\n        p.grad = None\n        y = f(p)\n        o = getattr(y.abs(), red)()\n        gg, = torch.autograd.grad(o, p, create_graph=True)\n        (gg * gg).sum().backward()\n        print(red, p.grad)\ny0 = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)\ny = y0 * 1\nw = torch.tensor([0.0, 0.0, 0.0])\na = (y.sgn() * w).sum(); b = (-0.0 * y).sum()\nprint(torch.autograd.grad(a + b, y))',
                 'g (tensor([[-0.0000, -0.0000, -0.0000, -0.0000],\n        [ 0.0000,  0.0000, -0.0000,  0.0000],\n        [-0.5241, -0.0000, -0.0000,  0.0000]], dtype=torch.float64,\n       grad_fn=<MulBackward0>),)\nx0.grad tensor([[-0.0000, -0.0000, -0.0000, -0.0000],\n        [0.0000, 0.0000, -0.0000, 0.0000],\n        [0.3019, -0.0000, -0.0000, 0.0000]], dtype=torch.float64)\nmedian tensor([ 0.0000, -0.0625,  0.0000])\nmedian tensor([ 0.0000, -0.0625,  0.0000])\nmedian tensor([  0., 288.,   0.])\nmax tensor([ 0.0000,  0.0000, -0.0278])\nmax tensor([ 0.0000,  0.0000, -0.0278])\nmax tensor([  0.,   0., 972.])\nsum tensor([-1.0000, -0.0625, -0.0278])\nsum tensor([-1.0000, -0.0625, -0.0278])\nsum tensor([  4.5000, 288.0000, 972.0000])\n(tensor([0., 0., 0.]),)\n', id='zero_after_gradient_signs'),
    pytest.param('y0 = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)\nw = torch.tensor([0.0, 0.0, 0.0])\ny = y0 * 1\nb = (-0.0 * y).sum(); a = (y.sgn() * w).sum()\nprint(torch.autograd.grad(a + b, y))\ny = y0 * 1\na = (y.sgn() * w).sum(); b = (-0.0 * y).sum()\nprint(torch.autograd.grad(a + b, y, create_graph=True))\nkeep = []\ndef hook(t):\n    keep.append(t)\ny = y0 * 1\na = (y.sgn() * w).sum(); b = (-0.0 * y).sum()\nprint(torch.autograd.grad(a + b, y))\nx = torch.tensor(2.0, requires_grad=True)\nz = x * 1\nc = (z.sgn() * 0.0) + (-0.0 * z)\nprint(torch.autograd.grad(c, z))',
                 '(tensor([-0., -0., -0.]),)\n(tensor([-0., -0., -0.]),)\n(tensor([0., 0., 0.]),)\n(tensor(0.),)\n', id='zero_after_gradient_orders'),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_prints_what_pytorch_printed(source, expected):
    assert run(source) == expected
