"""Tensors against PyTorch 2.13, part 3: the writes PyTorch refuses because of memory overlap
(an input sharing part of the written-to tensor's memory, an expanded written-to tensor),
writes PyTorch lets into an expanded tensor (zero_, fill_, and with a warning masked_fill_,
index_fill_, index_put_), the order of masked_fill_'s checks, narrow's, split's and view's
size errors, copy-constructing a tensor, view(dtype) and resize_.

Each case is a program and what PyTorch 2.13 printed for it, copied in (the format of
test_autograd_parity4: printed lines, a warning as `!W Category: message`, an error that
ends the program as `!! Type: message`), so this runs without PyTorch."""
from __future__ import annotations

import pytest

from test_autograd_parity4 import run

# PyTorch checks the written-to tensor against each input before the kernel runs (after the
# leaf check, before shapes and dtypes): partly the same memory is refused, wholly the same
# (x.add_(x)) is not, except by index_put_, index_copy_, index_add_, scatter_ ...; layouts it
# cannot judge (strided, expanded inputs) pass. addmm_/addmv_ and index_fill_ do not check.
OVERLAP = [
    ('x = torch.arange(5.)\nx[1:].add_(x[:-1])',
     '!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(4.)\nx += x[0]',
     '!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(4.).reshape(2, 2)\nx.add_(x.t())',
     '!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(4.)\nx.add_(x[:, None])',
     '!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(8.)\nx[:4].lerp_(x[4:], 0.5)\nprint(x)\nx[1:5].sub_(x[:4], alpha=2)',
     'tensor([2., 3., 4., 5., 4., 5., 6., 7.])\n!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(4.)\nx[1:].addcmul_(x[:3], torch.ones(3), value=2)',
     '!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(4.)\nx[1:].clamp_(x[:3])',
     '!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(16.).reshape(4, 4)\nx.addmm_(x, x.clone())\nx[0].addmv_(x, x[0])\nprint(x)\nx.addr_(x[0], x[1])',
     'tensor([[ 17990.,  51541.,  85092., 118643.],\n        [   156.,    179.,    202.,    225.],\n        [   256.,    295.,    334.,    373.],\n        [   356.,    411.,    466.,    521.]])\n!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(6.)\nx[:3].copy_(x[3:])\nx.copy_(x.view(6))\nprint(x)\nx[:4].copy_(x[2:])',
     'tensor([3., 4., 5., 3., 4., 5.])\n!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(4.)\nx.expand(2, 4).add_(torch.ones(5))',
     '!! RuntimeError: unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(4., requires_grad=True)\ny = x * 1\ny[1:].add_(y[:3])',
     '!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(4.)\nx[1:] += 1\nx[1:] *= x[1:]\nprint(x)\nx[1:] *= x[1]',
     'tensor([ 0.,  4.,  9., 16.])\n!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(4.).reshape(2, 2)\nx[1] = x[0]\nx[:, 1] = x[:, 0]\nx[0] = x[:, 0]\nx[0] = x[0, 0]\nx[1:] = x[0]\nprint(x)\nx[:] = x.t()',
     'tensor([[0., 0.],\n        [0., 0.]])\n!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(6.).reshape(2, 3)\nx[:, 1:] = x[:, :2].clone()\nx[1:] = x[:1]\nx[0, :2] = x[0, ::2]\nprint(x)\n'
     'x[0, 1:] = x[0, :2]',
     'tensor([[0., 1., 1.],\n        [0., 0., 1.]])\n!! RuntimeError: unsupported operation: some '
     'elements of the input tensor and the written-to tensor refer to a single memory location. '
     'Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(5.)\nx[1:] = x[:-1]',
     '!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(6.)\nx[x > 2] = x[0]\nprint(x)\nx[torch.tensor([0])] = x[1]',
     'tensor([0., 1., 2., 0., 0., 0.])\n!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(6.)\nx[[0, 1, 2, 3, 4, 5]] = x',
     '!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(6.).reshape(2, 3)\nx[0, [0, 1]] = x[1, :2]\nprint(x)\nx[0, [0, 1]] = x[0, 1:]',
     'tensor([[3., 4., 2.],\n        [3., 4., 5.]])\n!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(8.)\nx.index_put_((x > 3,), x[0])\nprint(x)\nx.index_put_((x > 3,), x)',
     'tensor([0., 1., 2., 3., 0., 0., 0., 0.])\n!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.zeros(4)\nx.index_put_((torch.tensor([7]),), x[0])',
     '!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(8.)\ni = torch.tensor([0, 1, 2, 3])\nx[:4].scatter_(0, i, 1.0)\nx[:4].scatter_add_(0, i, x[4:])\nprint(x)\nx[:4].scatter_(0, i, x[:4])',
     'tensor([5., 6., 7., 8., 4., 5., 6., 7.])\n!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(8.)\nx[:4].index_copy_(0, torch.tensor([0, 1, 2, 3]), x[:4])',
     '!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(4.)\nx.index_add_(0, torch.tensor([0, 1]), x[2:], alpha=2)\nx[1:].index_fill_(0, torch.tensor([0]), x[0])\nprint(x)\nx.index_add_(0, torch.tensor([0, 1]), x[1:3])',
     '!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.zeros(3)\nx.masked_fill_(torch.ones(4), 1.)',
     '!! RuntimeError: masked_fill_ only supports boolean masks, but got mask with dtype float\n'),
    ('x = torch.zeros(3)\nx.masked_fill_(torch.ones(3), torch.ones(2))',
     '!! RuntimeError: masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).\n'),
    ('x = torch.zeros(3)\nx.masked_fill(torch.ones(3), torch.ones(2))',
     '!! RuntimeError: masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).\n'),
    ('x = torch.zeros(3)\nx.masked_fill_(torch.ones(4, dtype=torch.bool), 1.)',
     '!! RuntimeError: The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0\n'),
    ('x = torch.zeros(3, dtype=torch.bool)\nx.masked_fill_(x, True)\nx[1:].masked_fill_(x[:2], True)',
     '!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(4., requires_grad=True)\nx.copy_(torch.ones(5))',
     '!! RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.\n'),
]


@pytest.mark.parametrize("source, expected", OVERLAP)
def test_memory_overlap_as_pytorch_refuses_it(source, expected):
    assert run(source) == expected


MISC = [
    ('x = torch.arange(10.)\nprint(x.narrow(0, -3, 2))\nprint(x.narrow(0, torch.tensor(2), 2))\nprint(x.narrow(0, 10, 0))\nprint(x.narrow(0, 11, 0))',
     'tensor([7., 8.])\ntensor([2., 3.])\ntensor([])\n!! IndexError: start out of range (expected to be in range of [-10, 10], but got 11)\n'),
    ('x = torch.arange(10.)\nprint(x.narrow(0, -11, 3))',
     '!! IndexError: start out of range (expected to be in range of [-10, 10], but got -11)\n'),
    ('x = torch.arange(10.)\nprint(x.narrow(3, 8, -3))',
     '!! RuntimeError: narrow(): length must be non-negative.\n'),
    ('x = torch.arange(10.)\nprint(torch.narrow(x, 0, torch.tensor([1]), 3))',
     '!! RuntimeError: start must be an 0-dim integral Tensor.\n'),
    ('x = torch.arange(10.)\nprint(torch.narrow(x, 0, torch.tensor(1.), 3))',
     '!! RuntimeError: start must be an 0-dim integral Tensor.\n'),
    ('print(torch.tensor(torch.tensor([1., 2.])))\nprint(torch.as_tensor(torch.tensor([1., 2.])))',
     '!W UserWarning: To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or sourceTensor.detach().clone().requires_grad_(True), rather than torch.tensor(sourceTensor).\ntensor([1., 2.])\ntensor([1., 2.])\n'),
]


@pytest.mark.parametrize("source, expected", MISC)
def test_narrow_and_copy_construction_as_pytorch(source, expected):
    assert run(source) == expected


# zero_, fill_ with a number, and (warning that it is deprecated) masked_fill_, index_fill_,
# index_put_ write into a tensor whose elements share memory, each element written landing
# in its one location; x[key] = v when x[key] is not itself expanded. A recorded fill of an
# expanded view gives CopySlices, whose backward PyTorch then refuses.
EXPANDED = [
    ('x = torch.zeros(3)\nx.expand(2, 3).zero_()\nx.expand(2, 3).fill_(2)\nprint(x, x._version)\nx.expand(2, 3).fill_(torch.tensor(1.))',
     'tensor([2., 2., 2.]) 2\n!! RuntimeError: unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.zeros(3)\ny = x.expand(2, 3)\ny.masked_fill_(torch.tensor([[True, False, False], [False, False, True]]), 3.)\nprint(x)\ny.masked_fill_(torch.tensor([True, False, True, False]), 3.)',
     '!W UserWarning: Use of masked_fill_ on expanded tensors is deprecated. Please clone() the tensor before performing this operation. This also applies to advanced indexing e.g. tensor[mask] = scalar (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorAdvancedIndexing.cpp:2450.)\ntensor([3., 0., 3.])\n!W UserWarning: Use of masked_fill_ on expanded tensors is deprecated. Please clone() the tensor before performing this operation. This also applies to advanced indexing e.g. tensor[mask] = scalar (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorAdvancedIndexing.cpp:2450.)\n!! RuntimeError: The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1\n'),
    ('x = torch.zeros(3)\ny = x.expand(2, 3)\ny.index_put_((torch.tensor([0, 1]),), torch.tensor([[1., 2., 3.], [4., 5., 6.]]))\nprint(x)\ny.index_put_((torch.tensor([0, 1]),), torch.tensor(1.), accumulate=True)\nprint(x)',
     '!W UserWarning: Use of index_put_ on expanded tensors is deprecated. Please clone() the tensor before performing this operation. This also applies to advanced indexing e.g. tensor[indices] = tensor (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorAdvancedIndexing.cpp:976.)\ntensor([4., 5., 6.])\n!W UserWarning: Use of index_put_ on expanded tensors is deprecated. Please clone() the tensor before performing this operation. This also applies to advanced indexing e.g. tensor[indices] = tensor (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorAdvancedIndexing.cpp:976.)\ntensor([6., 7., 8.])\n'),
    ('x = torch.zeros(3)\ny = x.expand(2, 3)\ny.index_put_((torch.tensor([True, False]),), torch.tensor(7.))\nprint(x)',
     '!W UserWarning: Use of index_put_ on expanded tensors is deprecated. Please clone() the tensor before performing this operation. This also applies to advanced indexing e.g. tensor[indices] = tensor (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorAdvancedIndexing.cpp:976.)\n!W UserWarning: Use of masked_fill_ on expanded tensors is deprecated. Please clone() the tensor before performing this operation. This also applies to advanced indexing e.g. tensor[mask] = scalar (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorAdvancedIndexing.cpp:2450.)\ntensor([7., 7., 7.])\n'),
    ('x = torch.zeros(1, 3)\ny = x.expand(2, 3)\ny.index_fill_(1, torch.tensor([1]), 5.)\nprint(x)\ny.index_copy_(0, torch.tensor([0]), torch.ones(1, 3))',
     '!W UserWarning: Use of index_fill_ on expanded tensors is deprecated. Please clone() the tensor before performing this operation. This also applies to advanced indexing e.g. tensor[mask] = scalar (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorAdvancedIndexing.cpp:1913.)\ntensor([[0., 5., 0.]])\n!! RuntimeError: unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.zeros(3)\ny = x.expand(2, 3)\ny[torch.tensor([1])] = torch.tensor([[4., 5., 6.]])\ny[0, 1:] = 7\nprint(x)\ny[:, 0] = 1',
     '!W UserWarning: Use of index_put_ on expanded tensors is deprecated. Please clone() the tensor before performing this operation. This also applies to advanced indexing e.g. tensor[indices] = tensor (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorAdvancedIndexing.cpp:976.)\ntensor([4., 7., 7.])\n!! RuntimeError: unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.zeros(3)\ny = x.expand(2, 3)\ny[y == 0] = 2.\nprint(x, y._version)\ny[:, :] = torch.tensor([1., 2., 3.])',
     '!W UserWarning: Use of index_put_ on expanded tensors is deprecated. Please clone() the tensor before performing this operation. This also applies to advanced indexing e.g. tensor[indices] = tensor (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorAdvancedIndexing.cpp:976.)\n!W UserWarning: Use of masked_fill_ on expanded tensors is deprecated. Please clone() the tensor before performing this operation. This also applies to advanced indexing e.g. tensor[mask] = scalar (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorAdvancedIndexing.cpp:2450.)\ntensor([2., 2., 2.]) 1\n!! RuntimeError: unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x * 2\nz = y.expand(2, 3)\nz.fill_(5)\nprint(y, y.grad_fn.next_functions)\n(z * 2).sum().backward()',
     'tensor([5., 5., 5.], grad_fn=<CopySlices>) ((<MulBackward0 object at 0x>, 0),)\n!! RuntimeError: unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.\n'),
]


@pytest.mark.parametrize("source, expected", EXPANDED)
def test_writes_into_expanded_tensors_as_pytorch(source, expected):
    assert run(source) == expected


SHAPES = [
    ('x = torch.arange(6.).reshape(2, 3)\nprint(torch.split(x, [5, -2], 1))',
     '!! RuntimeError: split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=[5, -2]\n'),
    ('x = torch.arange(6.).reshape(2, 3)\nprint(x.split([2, -1, 2], 1))',
     '!! RuntimeError: split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=[2, -1, 2]\n'),
    ('x = torch.arange(0.).reshape(0, 3)\nprint(x.view(-1, 3).shape, x.reshape(0, -1).shape)\nprint(x.view(-1, 0))',
     '!! RuntimeError: cannot reshape tensor of 0 elements into shape [0, -1] because the unspecified dimension size -1 can be any value and is ambiguous\n'),
    ('x = torch.arange(6.)\nprint(x.view(-1, -2, -1))',
     '!! RuntimeError: invalid shape dimension -2 at index 1 of shape [-1, -2, -1]\n'),
    ('x = torch.arange(6.)\nprint(x.reshape(-3))',
     '!! RuntimeError: invalid shape dimension -3 at index 0 of shape [-3]\n'),
]


@pytest.mark.parametrize("source, expected", SHAPES)
def test_split_and_view_size_errors_as_pytorch(source, expected):
    assert run(source) == expected


# x.view(dtype) reads x's memory as another type (no gradient, the same version counter);
# resize_ reuses the memory a tensor views while it holds enough from the tensor's start,
# else grows it keeping what it held (only those elements are printed here)
VIEW_DTYPE_AND_RESIZE = [
    ('x = torch.arange(6.).reshape(2, 3).requires_grad_()\ny = x.view(torch.int32)\nprint(y, y.requires_grad, y.grad_fn, y.is_leaf)\nz = x.view(torch.float16)\nprint(z.shape, z.grad_fn, z.dtype, z.stride(), x.view(dtype=torch.int16).shape)\nprint(x.view(torch.float32).requires_grad)',
     'tensor([[         0, 1065353216, 1073741824],\n        [1077936128, 1082130432, 1084227584]], dtype=torch.int32) False None True\ntorch.Size([2, 6]) None torch.float16 (6, 1) torch.Size([2, 6])\nFalse\n'),
    ('x = torch.arange(6.).reshape(2, 3)\nprint(x.view(torch.float64))',
     '!! RuntimeError: self.size(-1) must be divisible by 2 to view Float as Double (different element sizes), but got 3\n'),
    ('x = torch.arange(6.).reshape(2, 3)\nprint(x[:, :2].view(torch.float64))',
     '!! RuntimeError: self.stride(0) must be divisible by 2 to view Float as Double (different element sizes), but got 3\n'),
    ('print(torch.arange(5.)[1:].view(torch.float64))',
     '!! RuntimeError: self.storage_offset() must be divisible by 2 to view Float as Double (different element sizes), but got 1\n'),
    ('print(torch.arange(4.)[::2].view(torch.int32))\nprint(torch.arange(4.)[::2].view(torch.int16))',
     'tensor([         0, 1073741824], dtype=torch.int32)\n!! RuntimeError: self.stride(-1) must be 1 to view Float as Short (different element sizes), but got 2\n'),
    ('print(torch.tensor(1.).view(torch.float16))',
     '!! RuntimeError: self.dim() cannot be 0 to view Float as Half (different element sizes)\n'),
    ('print(torch.arange(4, dtype=torch.uint8).view(torch.bool), torch.tensor(1.).view(torch.int32))\nprint(torch.tensor([True, False]).view(torch.uint8), torch.arange(6.)[2:].view(torch.float64))\nx = torch.zeros(4)\ny = x.view(torch.int32)\ny[0] = 1065353216\nprint(x, x._version, y._version)',
     'tensor([False,  True,  True,  True]) tensor(1065353216, dtype=torch.int32)\ntensor([1, 0], dtype=torch.uint8) tensor([  32.0000, 2048.0005], dtype=torch.float64)\ntensor([1., 0., 0., 0.]) 1 1\n'),
    ('x = torch.arange(6.)\ny = x.resize_(2, 2)\nprint(y is x, x, x._version, x.stride())\nx.resize_((3,))\nprint(x)\nx.resize_(6)\nprint(x)\nx.resize_(2, 5)\nprint(x[0], x.shape)',
     'True tensor([[0., 1.],\n        [2., 3.]]) 1 (2, 1)\ntensor([0., 1., 2.])\ntensor([0., 1., 2., 3., 4., 5.])\ntensor([0., 1., 2., 3., 4.]) torch.Size([2, 5])\n'),
    ('x = torch.arange(6.)\nz = x[2:]\nz.resize_(2)\nprint(z, z.storage_offset())\nw = x.view(2, 3)\nx.resize_(2)\nprint(x, w)\nw.resize_as_(torch.zeros(1, 2))\nprint(w, x)',
     'tensor([2., 3.]) 2\ntensor([0., 1.]) tensor([[0., 1., 2.],\n        [3., 4., 5.]])\ntensor([[0., 1.]]) tensor([0., 1.])\n'),
    ('y = torch.tensor([1.], requires_grad=True) * 2\ny.resize_(2)',
     '!! RuntimeError: cannot resize variables that require grad\n'),
    ('torch.zeros(3).resize_(2, -1)',
     '!! RuntimeError: numel: integer multiplication overflow\n'),
    ('torch.zeros(3).resize_()',
     '!! TypeError: resize_() missing 1 required positional arguments: "size"\n'),
]


@pytest.mark.parametrize("source, expected", VIEW_DTYPE_AND_RESIZE)
def test_view_dtype_and_resize_as_pytorch(source, expected):
    assert run(source) == expected
