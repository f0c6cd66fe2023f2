"""In-place ops through views of a tensor that is dense in memory but not C-contiguous: an
elementwise op on a transposed tensor keeps its layout (as PyTorch's TensorIterator does), so
`y = x.t() * 2; y[0].mul_(3)` writes through a view of such a base. gradcli refused these
("in-place writes through views only for contiguous bases"); PyTorch records CopySlices and
AsStridedBackward0 over the base's logical (C-order) positions. Also the other live views of
the base, forward AD's tangents of transposed primals, and float64 gradchecks. Expected
outputs printed by torch 2.13."""
from __future__ import annotations

import pytest

from test_autograd_parity4 import run

CASES = {
    'writes_through_views_of_a_transposed_layout': (
        'a = torch.arange(12., requires_grad=True)\nb = a.view(3, 4).t() * 1          # non-contiguous? (mul gives contiguous result)\nc = a.view(3, 4) * 1\nd = c.t()                          # a non-contiguous view of c\nd[1].mul_(2)\nprint(c, c.grad_fn)\nc.sum().backward()\nprint(a.grad)\ne = (torch.arange(12.).view(3, 4) * 1).t().contiguous().t()\ne.requires_grad_()\nf = e * 1\ng = f.t()[2:]\ng.add_(1)\nprint(f, f.grad_fn)\ny = torch.randn(4, 3).t()          # leaf non-contiguous\nw = torch.ones(3, requires_grad=True)\nyy = y.clone()\nyy.t()[0].mul_(w[0])\nprint(yy.grad_fn)\nz = torch.zeros(3, 4).t()\nz[1] = w\nprint(z, z.grad_fn)\nz.sum().backward()\nprint(w.grad)\n',
        'tensor([[ 0.,  2.,  2.,  3.],\n        [ 4., 10.,  6.,  7.],\n        [ 8., 18., 10., 11.]], grad_fn=<CopySlices>) <CopySlices object at 0x>\ntensor([1., 2., 1., 1., 1., 2., 1., 1., 1., 2., 1., 1.])\ntensor([[ 0.,  1.,  3.,  4.],\n        [ 4.,  5.,  7.,  8.],\n        [ 8.,  9., 11., 12.]], grad_fn=<CopySlices>) <CopySlices object at 0x>\n<CopySlices object at 0x>\ntensor([[0., 0., 0.],\n        [1., 1., 1.],\n        [0., 0., 0.],\n        [0., 0., 0.]], grad_fn=<AsStridedBackward0>) <AsStridedBackward0 object at 0x>\ntensor([1., 1., 1.])\n'),
    'the_simple_case': (
        'a = torch.arange(12., requires_grad=True)\nx = a.view(3, 4)\ny = x.t() * 2\nprint(y.is_contiguous(), y.stride())\ny[0].mul_(3)\nprint(y, y.grad_fn)\ny.sum().backward()\nprint(a.grad)\n',
        'False (1, 4)\ntensor([[ 0., 24., 48.],\n        [ 2., 10., 18.],\n        [ 4., 12., 20.],\n        [ 6., 14., 22.]], grad_fn=<CopySlices>) <CopySlices object at 0x>\ntensor([6., 2., 2., 2., 6., 2., 2., 2., 6., 2., 2., 2.])\n'),
    'other_live_views_and_gradcheck': (
        'x = torch.arange(12., requires_grad=True).view(3, 4)\nw = torch.tensor([2.0, 3.0, 4.0], requires_grad=True)\ny = x.t() * 1            # layout of a transposed tensor\nv1 = y[1]                # live views\nv2 = y[:, 0]\nv3 = y[2:].t()\nv1.mul_(w)\nprint(v2.grad_fn, v3.grad_fn, v2, v3)\nv3.add_(v2[:3, None] * 0.5)\nprint(y)\n(y * torch.arange(12.).view(4, 3)).sum().backward()\nprint(w.grad)\na = torch.randn(2, 3, 4, dtype=torch.float64, requires_grad=True)\ndef f(a):\n    b = a.permute(2, 0, 1) * 1\n    b[1:3, :, 1].mul_(b[0, :, 0, None].t() if False else 2.0)\n    b.select(2, 0).add_(b[3, :, 2])\n    return b.sin()\nprint(torch.autograd.gradcheck(f, (a,)), torch.autograd.gradgradcheck(f, (a,)))\n',
        '<AsStridedBackward0 object at 0x> <AsStridedBackward0 object at 0x> tensor([0., 2., 2., 3.], grad_fn=<AsStridedBackward0>) tensor([[ 2.,  3.],\n        [ 6.,  7.],\n        [10., 11.]], grad_fn=<AsStridedBackward0>)\ntensor([[ 0.,  4.,  8.],\n        [ 2., 15., 36.],\n        [ 2.,  7., 11.],\n        [ 3.,  8., 12.]], grad_fn=<CopySlices>)\ntensor([11.5000, 20.0000, 45.0000])\nTrue True\n'),
    'tangent_views_and_clamp_diagonal': (
        'import torch.autograd.forward_ad as fwAD\np = torch.arange(6.).reshape(2, 3).t()\nwith fwAD.dual_level():\n    d = fwAD.make_dual(p, torch.ones(3, 2))\n    t = fwAD.unpack_dual(d).tangent\n    t[1].mul_(2)\n    t[:, 0].add_(5)\n    print(fwAD.unpack_dual(d).tangent)\nx = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)\ny = x.t().exp() * 1\ny[1:].diagonal().zero_()\ny.t()[0].clamp_(max=10)\nprint(y)\ny.sum().backward()\nprint(x.grad)\n',
        'tensor([[6., 1.],\n        [7., 2.],\n        [6., 1.]])\ntensor([[  2.7183,  54.5981],\n        [  0.0000, 148.4132],\n        [ 10.0000,   0.0000]], grad_fn=<CopySlices>)\ntensor([[  2.7183,   0.0000,   0.0000],\n        [ 54.5981, 148.4132,   0.0000]])\n'),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_prints_what_pytorch_printed(name):
    source, expected = CASES[name]
    assert run(source) == expected


def test_positions_follow_a_dense_layout_and_refuse_another():
    """views.positions gives C-order indices in the base for any dense layout, and for a
    base with gaps or negative strides (each element found by its offset); for a base whose
    elements overlap (expanded) None, which inplace_on_view turns into its message rather
    than a wrong gradient."""
    import numpy as np

    from gradcli.ops.views import positions
    t = np.arange(12.0).reshape(3, 4).T                     # dense, column-major
    assert positions(t[1], t).tolist() == [3, 4, 5]
    assert positions(t[:, 2], t).tolist() == [2, 5, 8, 11]
    assert positions(t[1:3].T, t).tolist() == [[3, 6], [4, 7], [5, 8]]
    base = np.arange(12.0).reshape(3, 4)[::-1]
    assert positions(base[1], base).tolist() == [4, 5, 6, 7]
    gaps = np.arange(12.0).reshape(3, 4)[:, ::2]
    assert positions(gaps[:, 1], gaps).tolist() == [1, 3, 5]
    expanded = np.broadcast_to(np.arange(3.0), (2, 3))
    assert positions(expanded[0], expanded) is None
