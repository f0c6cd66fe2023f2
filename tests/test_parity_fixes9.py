"""Mismatches with PyTorch 2.13 found by tools/parity_fuzz.py (session 20, seeds 9000-9299):
cumprod's gradient with zeros in the input as ATen's cumprod_backward computes it (its O(n)
masks without a graph, keeping the sign of zeros; its O(n^2) products copied into slices when
the backward builds a graph), and scatter_add's gradient for src as gather's node (a view
node was added on top). The expected output is what torch 2.13 printed."""
from __future__ import annotations

from test_autograd_parity4 import run

FUZZ_FIXES = 'x2 = torch.tensor([[-0.0, -1.34, 0.24, -0.02], [-1.3, -0.03, -0.35, 0.41], [0.52, 1.91, 1.25, -0.01]], requires_grad=True)\nx2.cumprod(0).prod().backward()\nprint(x2.grad)\nx = torch.tensor([[2.0, 0.0, 3.0, 0.0, 5.0], [1.5, -2.0, 0.0, 4.0, 0.5]], dtype=torch.float64, requires_grad=True)\ng = torch.tensor([[0.3, -1.1, 0.7, 2.0, -0.4], [1.2, 0.9, -0.6, 0.25, 1.7]], dtype=torch.float64)\ngx, = torch.autograd.grad(x.cumprod(1), x, g)\nprint(gx.tolist())\ngx, = torch.autograd.grad(x.cumprod(1), x, g, create_graph=True)\nprint(gx.grad_fn.name(), gx.tolist())\nprint(torch.autograd.grad((gx * gx).sum(), x)[0].tolist())\ny = torch.tensor([[1.57, 1.43], [1.38, -0.01]], requires_grad=True)\nh = torch.zeros(2, 4).scatter_add(1, torch.tensor([[0, 3], [1, 1]]), y)\ng, = torch.autograd.grad(h.norm(), y, create_graph=True)\nprint(g)\n'


def test_cumprod_zeros_and_scatter_add_src_gradients():
    assert run(FUZZ_FIXES) == 'tensor([[0., -0., 0., -0.],\n        [0., -0., -0., 0.],\n        [0., 0., 0., -0.]])\n[[0.3, 1.9999999999999991, 0.0, 0.0, 0.0], [-0.6000000000000002, 1.35, -11.399999999999999, 0.0, 0.0]]\ntorch::autograd::CopySlices [[0.3, 1.9999999999999991, 0.0, 0.0, 0.0], [-0.6000000000000001, 1.35, -11.399999999999999, 0.0, 0.0]]\n[[3.9999999999999964, 0.6, 5.599999999999997, -5.329070518200751e-15, 0.0], [175.70999999999998, -131.04, 24.51, 75.23999999999998, 465.1199999999999]]\ntensor([[0.6212, 0.5658],\n        [0.5421, 0.5421]], grad_fn=<GatherBackward0>)\n'
