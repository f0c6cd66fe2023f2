"""Found in session 45 (helper h6: which error wins when a call has several mistakes, and
torch.* functions that share gradcli's code with an nn.functional twin).

options-first: nn.functional's Python functions check some options before they first touch
their input, so with a non-tensor input AND a bad option PyTorch reports the option: dropout
and its 1d/2d/3d, alpha and feature-alpha forms (p), fractional_max_pool2d/3d (output_size
or output_ratio), gaussian_nll_loss (var's sign, then ones_like(input)), the losses that call
_Reduction.get_enum first (cosine_embedding, hinge_embedding, soft_margin, margin_ranking,
cross_entropy, poisson_nll), multi_margin_loss's p and interpolate's align_corners with a
mode that takes none; the option alone on a tensor.

embedding: F.embedding checks padding_idx against weight.size(0) before it touches its
input (an AssertionError before the indices' TypeError).

aten-twins: torch.batch_norm, torch.instance_norm and torch.group_norm (ATen's) have none of
nn.functional's "more than 1 value per channel / spatial element" checks (values, and the
gradient, of a single value per channel); torch.dropout, alpha_dropout and feature_dropout
word p as C++ prints a double ("got 2").
"""
from __future__ import annotations

from test_autograd_parity4 import printed_programs


OPTIONS_FIRST = [
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nF.dropout1d([1.], p=2.0)\n',
     '!! ValueError: dropout probability has to be between 0 and 1, but got 2.0\n'),
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nF.dropout([1.], p=2.0)\n',
     '!! ValueError: dropout probability has to be between 0 and 1, but got 2.0\n'),
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nF.dropout2d([1.], p=2.0)\n',
     '!! ValueError: dropout probability has to be between 0 and 1, but got 2.0\n'),
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nF.dropout3d([1.], p=-1.0)\n',
     '!! ValueError: dropout probability has to be between 0 and 1, but got -1.0\n'),
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nF.alpha_dropout([1.], p=2.0)\n',
     '!! ValueError: dropout probability has to be between 0 and 1, but got 2.0\n'),
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nF.feature_alpha_dropout([1.], p=2.0)\n',
     '!! ValueError: dropout probability has to be between 0 and 1, but got 2.0\n'),
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nF.fractional_max_pool2d([1.], 2)\n',
     '!! ValueError: fractional_max_pool2d requires specifying either an output_size or an output_ratio\n'),
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nF.fractional_max_pool3d([1.], 2)\n',
     '!! ValueError: fractional_max_pool3d requires specifying either an output_size or an output_ratio\n'),
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nF.gaussian_nll_loss([1.], x, x, reduction="bad")\n',
     '!! ValueError: var has negative entry/entries\n'),
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nF.poisson_nll_loss([1.], x, reduction="bad")\n',
     '!! ValueError: bad is not a valid value for reduction\n'),
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nF.cosine_embedding_loss([1.], x, x, reduction="bad")\n',
     '!! ValueError: bad is not a valid value for reduction\n'),
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nF.multi_margin_loss([1.], x, p=3)\n',
     '!! ValueError: only p == 1 and p == 2 supported\n'),
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nF.margin_ranking_loss([1.], x, x, reduction="bad")\n',
     '!! ValueError: bad is not a valid value for reduction\n'),
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nF.hinge_embedding_loss([1.], x, reduction="bad")\n',
     '!! ValueError: bad is not a valid value for reduction\n'),
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nF.soft_margin_loss([1.], x, reduction="bad")\n',
     '!! ValueError: bad is not a valid value for reduction\n'),
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nF.cross_entropy([1.], x, reduction="bad")\n',
     '!! ValueError: bad is not a valid value for reduction\n'),
    ('import torch.nn.functional as F\nprint(F.dropout(torch.randn(2), p=2.0, training="a"))\n',
     '!! ValueError: dropout probability has to be between 0 and 1, but got 2.0\n'),
    ('import torch.nn.functional as F\nprint(F.fractional_max_pool2d([1.], 2, output_ratio=(0.5, 0.5, 0.5)))\n',
     '!! ValueError: fractional_max_pool2d requires output_ratio to either be a single Int or tuple of Ints.\n'),
    ('import torch.nn.functional as F\nprint(F.gaussian_nll_loss([1.], torch.randn(2), 1.0))\n',
     "!! TypeError: ones_like(): argument 'input' (position 1) must be Tensor, not list\n"),
    ('import torch.nn.functional as F\nprint(F.gaussian_nll_loss([1.], torch.randn(2), -1.0))\n',
     '!! ValueError: var has negative entry/entries\n'),
    ('import torch.nn.functional as F\nprint(F.gaussian_nll_loss([1.], torch.randn(2), torch.ones(2)))\n',
     "!! AttributeError: 'list' object has no attribute 'size'\n"),
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nF.interpolate([1.], size=2, mode="nearest", align_corners=True)\n',
     '!! ValueError: align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear\n'),
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nF.interpolate(x, size=2, mode="nearest", align_corners=True)\n',
     '!! ValueError: align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear\n'),
]


EMBEDDING = [
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nF.embedding([1.], x, padding_idx=5)\n',
     '!! AssertionError: Padding_idx must be within num_embeddings\n'),
    ('import torch.nn.functional as F\nprint(F.embedding(torch.tensor([0]), [[1.]], padding_idx=1))\n',
     "!! AttributeError: 'list' object has no attribute 'size'\n"),
    ('import torch.nn.functional as F\nprint(F.embedding(torch.tensor([0]), torch.randn(3, 2), padding_idx=-4))\n',
     '!! AssertionError: Padding_idx must be within num_embeddings\n'),
]


ATEN_TWINS = [
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nprint(torch.batch_norm(torch.randn(1, 2), None, None, None, None, True, 0.1, 1e-5, False))\n',
     'tensor([[2.6509e-06, 1.2984e-05]])\n'),
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nprint(torch.instance_norm(torch.randn(1, 2, 1), None, None, None, None, True, 0.1, 1e-5, False))\n',
     'tensor([[[2.6509e-06],\n         [1.2984e-05]]])\n'),
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nprint(torch.dropout(x, 2.0, True))\n',
     '!! RuntimeError: dropout probability has to be between 0 and 1, but got 2\n'),
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nprint(torch.alpha_dropout(x, 2.0, True))\n',
     '!! RuntimeError: dropout probability has to be between 0 and 1, but got 2\n'),
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nprint(torch.feature_dropout(x, 2.0, True))\n',
     '!! RuntimeError: dropout probability has to be between 0 and 1, but got 2\n'),
    ('print(torch.group_norm(torch.randn(1, 2), 2))\n',
     'tensor([[0., 0.]])\n'),
    ('x = torch.randn(1, 2, requires_grad=True)\ny = torch.batch_norm(x, None, None, None, None, True, 0.1, 1e-5, False)\nprint(y)\ny.sum().backward()\nprint(x.grad)\n',
     'tensor([[ 4.9455e-07, -1.4455e-06]], grad_fn=<NativeBatchNormBackward0>)\ntensor([[0., 0.]])\n'),
    ('x = torch.randn(1, 4, 1, requires_grad=True)\ny = torch.group_norm(x, 4)\nprint(y)\ny.sum().backward()\nprint(x.grad)\n',
     'tensor([[[0.],\n         [0.],\n         [0.],\n         [0.]]], grad_fn=<NativeGroupNormBackward0>)\ntensor([[[0.],\n         [0.],\n         [0.],\n         [0.]]])\n'),
    ('import torch.nn.functional as F\nprint(F.instance_norm(torch.randn(1, 2, 1)))\n',
     '!! ValueError: Expected more than 1 spatial element when training, got input size torch.Size([1, 2, 1])\n'),
    ('print(torch.instance_norm(torch.randn(2, 2, 1, dtype=torch.float64), None, None, None, None, True, 0.1, 1e-5, False))\n',
     'tensor([[[ 2.4990e-14],\n         [-3.0513e-15]],\n\n        [[ 4.5130e-14],\n         [ 1.1124e-15]]], dtype=torch.float64)\n'),
    ('print(torch.dropout(torch.randn(2), 1e-7 - 1, True))\n',
     '!! RuntimeError: dropout probability has to be between 0 and 1, but got -1\n'),
    ('import torch.nn.functional as F\nx = torch.randn(2, 3, 4)\nprint(torch.group_norm(x, 2))\n',
     '!! RuntimeError: Expected number of channels in input to be divisible by num_groups, but got input of shape [2, 3, 4] and num_groups=2\n'),
]


PROGRAMS = {"options-first": OPTIONS_FIRST, "embedding": EMBEDDING, "aten-twins": ATEN_TWINS}

test_prints_what_pytorch_printed = printed_programs(PROGRAMS)
