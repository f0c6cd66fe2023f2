"""The memory layout of new tensors made like others, as PyTorch 2.13 lays them out (its
printed output, in test_autograd_parity4's format): clone and the *_like factories default
to preserve_format, a non-overlapping dense input's own strides (x.t().clone() is not
contiguous, and its view(-1) fails as PyTorch's), else dense strides in the input's order;
rand_like, randn_like and randint_like draw their numbers in that memory order (so
rand_like(x.t()) holds PyTorch's numbers); memory_format= is taken (contiguous_format).
A pointwise op of one input lays its result out as TensorIterator does."""
from __future__ import annotations

import pytest

from test_autograd_parity4 import run


CASES = [
    pytest.param('import torch\ntorch.manual_seed(0)\nx = torch.ones(3, 4).t()\nprint(torch.rand_like(x))\nprint(torch.randn_like(x))\nprint(torch.zeros_like(x).stride(), torch.empty_like(x).stride(), torch.full_like(x, 2).stride(), torch.ones_like(x[:, ::2]).stride(), torch.zeros_like(x, memory_format=torch.contiguous_format).stride())\nprint(torch.randint_like(x, 10))\nprint(torch.ones(2, 3)[:, :1].expand(2, 3).new_zeros(2).stride(), torch.zeros_like(torch.ones(2, 3)[:1].expand(2, 3)).stride())',
                 'tensor([[0.4963, 0.3074, 0.4556],\n        [0.7682, 0.6341, 0.6323],\n        [0.0885, 0.4901, 0.3489],\n        [0.1320, 0.8964, 0.4017]])\ntensor([[ 0.4033, -0.5966, -1.0712],\n        [ 0.8380,  0.1820,  0.1227],\n        [-0.7193, -0.8567, -0.5663],\n        [-0.4033,  1.1006,  0.3731]])\n(1, 4) (1, 4) (1, 4) (1, 4) (3, 1)\ntensor([[2., 8., 1.],\n        [9., 3., 7.],\n        [1., 6., 3.],\n        [8., 9., 5.]])\n(1,) (3, 1)\n', id='like_factories_preserve_layout_and_draw_in_memory_order'),
    pytest.param('import torch\nx = torch.ones(3, 4).t()\nprint(torch.preserve_format, torch.contiguous_format)\nprint(x.clone(memory_format=torch.contiguous_format).stride(), x.clone(memory_format=torch.preserve_format).stride(), x.clone().stride())\nprint(torch.zeros_like(x, memory_format=torch.contiguous_format).stride())',
                 'torch.preserve_format torch.contiguous_format\n(3, 1) (1, 4) (1, 4)\n(3, 1)\n', id='memory_format_arguments'),
    pytest.param('import torch\nx = torch.arange(12.).reshape(3, 4)\nfor s in [x.t(), x[:, ::2], x[:1].expand(3, 4), x.unsqueeze(0).permute(2, 0, 1), x.t()[1:], x.t().unsqueeze(1)]:\n    c = s.clone()\n    print(c.stride(), c.is_contiguous(), torch.equal(c, s))\n    try:\n        c.view(-1)\n        print("view ok")\n    except RuntimeError as e:\n        print(str(e)[:60])\ny = torch.arange(6., requires_grad=True).reshape(2, 3).t()\nz = y.clone()\nprint(z.grad_fn, z.stride())\nz.sum().backward()\nprint(y.grad if y.is_leaf else None)\nw = torch.arange(6., requires_grad=True)\nv = w.reshape(2, 3).t().clone()\nv.mul(2).sum().backward()\nprint(w.grad, v.stride())\nprint(torch.zeros_like(x.t()).add_(1).stride(), torch.ones_like(x.t()).t().is_contiguous())\ntorch.manual_seed(1)\nprint(torch.randint_like(x.t(), 0, 9), torch.rand_like(x[:, :2].t(), dtype=torch.float64))',
                 "(1, 4) False True\nview size is not compatible with input tensor's size and str\n(2, 1) True True\nview ok\n(4, 1) True True\nview ok\n(1, 12, 4) False True\nview size is not compatible with input tensor's size and str\n(1, 3) False True\nview size is not compatible with input tensor's size and str\n(1, 12, 4) False True\nview size is not compatible with input tensor's size and str\n<CloneBackward0 object at 0x> (1, 3)\nNone\ntensor([2., 2., 2., 2., 2., 2.]) (1, 3)\n(1, 4) True\ntensor([[4., 7., 8.],\n        [5., 1., 0.],\n        [0., 2., 2.],\n        [5., 5., 3.]]) tensor([[0.4609, 0.5798, 0.5104],\n        [0.7084, 0.4967, 0.3295]], dtype=torch.float64)\n", id='clone_preserves_layout'),
    # a pointwise op of one tensor lays its result out as TensorIterator does: a dense input's
    # order of strides, a broadcast input's contiguous order
    pytest.param('import torch\nx = torch.arange(12.).reshape(3, 4) + 1\nsrcs = [x.t(), x[:, ::2], x[:1].expand(3, 4), x.unsqueeze(0).permute(2, 0, 1), x.t().unsqueeze(1)]\nfor s in srcs:\n    print([tuple(f(s).stride()) for f in [torch.exp, torch.sigmoid, torch.tanh, torch.nn.functional.gelu, torch.abs, torch.relu, torch.neg, torch.sin, torch.sqrt, torch.erf, torch.nn.functional.silu, torch.log1p]])\ny = x.t().sigmoid()\ntry:\n    y.view(-1)\nexcept RuntimeError as e:\n    print(str(e)[:90])\nprint(x.t().exp().is_contiguous(), x[:1].expand(3, 4).sin().is_contiguous())',
                 "[(1, 4), (1, 4), (1, 4), (1, 4), (1, 4), (1, 4), (1, 4), (1, 4), (1, 4), (1, 4), (1, 4), (1, 4)]\n[(2, 1), (2, 1), (2, 1), (2, 1), (2, 1), (2, 1), (2, 1), (2, 1), (2, 1), (2, 1), (2, 1), (2, 1)]\n[(4, 1), (4, 1), (4, 1), (4, 1), (4, 1), (4, 1), (4, 1), (4, 1), (4, 1), (4, 1), (4, 1), (4, 1)]\n[(1, 12, 4), (1, 12, 4), (1, 12, 4), (1, 12, 4), (1, 12, 4), (1, 12, 4), (1, 12, 4), (1, 12, 4), (1, 12, 4), (1, 12, 4), (1, 12, 4), (1, 12, 4)]\n[(1, 12, 4), (1, 12, 4), (1, 12, 4), (1, 12, 4), (1, 12, 4), (1, 12, 4), (1, 12, 4), (1, 12, 4), (1, 12, 4), (1, 12, 4), (1, 12, 4), (1, 12, 4)]\nview size is not compatible with input tensor's size and stride (at least one dimension sp\nFalse True\n", id='pointwise_results_follow_the_input_layout'),
    # sort and flip lay their results out as the input (empty_like); topk, kthvalue, max(dim),
    # masked_fill, roll, cat, stack, softmax, log_softmax and layer_norm give contiguous ones
    pytest.param('import torch\nx = torch.arange(12.).reshape(3, 4) + 1\nfor s in [x, x.t(), x[:, ::2], x[:1].expand(3, 4), x.unsqueeze(0).permute(2, 0, 1)]:\n    r = [s.sort(0)[0], s.sort(-1)[1], s.flip(0), s.topk(2, 0)[0], s.masked_fill(s > 3, 0), s.roll(1, 0), torch.cat([s, s], 0), torch.stack([s, s], -1), s.softmax(-1), s.log_softmax(0), torch.nn.functional.layer_norm(s, s.shape[-1:]), s.kthvalue(1, 0)[0], s.max(0)[0]]\n    print([tuple(t.stride()) for t in r])\ny = x.t().sort(0)\nprint(y.values.is_contiguous(), y.indices.is_contiguous(), type(y).__name__)',
                 '[(4, 1), (4, 1), (4, 1), (4, 1), (4, 1), (4, 1), (4, 1), (8, 2, 1), (4, 1), (4, 1), (4, 1), (1,), (1,)]\n[(1, 4), (1, 4), (1, 4), (3, 1), (3, 1), (3, 1), (3, 1), (6, 2, 1), (3, 1), (3, 1), (3, 1), (1,), (1,)]\n[(2, 1), (2, 1), (2, 1), (2, 1), (2, 1), (2, 1), (2, 1), (4, 2, 1), (2, 1), (2, 1), (2, 1), (1,), (1,)]\n[(4, 1), (4, 1), (4, 1), (4, 1), (4, 1), (4, 1), (4, 1), (8, 2, 1), (4, 1), (4, 1), (4, 1), (1,), (1,)]\n[(1, 12, 4), (1, 12, 4), (1, 12, 4), (3, 3, 1), (3, 3, 1), (3, 3, 1), (3, 3, 1), (6, 6, 2, 1), (3, 3, 1), (3, 3, 1), (3, 3, 1), (3, 1), (3, 1)]\nFalse False sort\n', id='sort_flip_preserve_others_contiguous'),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_prints_what_pytorch_printed(source, expected):
    assert run(source) == expected
