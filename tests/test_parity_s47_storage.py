"""Found in session 47 (storage and view leftovers). Each expected output is what torch 2.13
printed (format of test_autograd_parity4).

empty-views: an empty slice keeps its storage offset (`arange(10)[10:]` starts at 10: NumPy
does not move an empty result's data pointer), in getitem, narrow, split, tensor_split,
chunk, unbind and select; a new empty tensor's views have PyTorch's contiguous strides.

bf16-view-dtype: view(dtype) to and from bfloat16 has PyTorch's sizes and bits (a
bfloat16's bits are the top 16 of a float32), and its checks count 2-byte elements."""
from __future__ import annotations

from test_autograd_parity4 import printed_programs

EMPTY_VIEWS = [
    ('x = torch.arange(10)\nprint(x[10:].storage_offset(), x[10:].stride())\nprint(x[5:5].storage_offset(), x.narrow(0, 3, 0).storage_offset())\nprint([p.storage_offset() for p in x.tensor_split(3)])\nprint([p.storage_offset() for p in torch.arange(4).tensor_split(6)])\ny = torch.arange(12).reshape(3, 4)\nprint(y[:, 2:2].storage_offset(), y[:, 2:2].stride(), y[1:1].stride(), y[3:].storage_offset())\nprint(y[1:1, 2:].storage_offset(), y[2:, 4:].storage_offset())\nprint(x[10:][0:].storage_offset(), x[7:][3:].storage_offset())\nprint(x.split(5)[1][5:].storage_offset())\nprint(x[10:].view(0).storage_offset())\nprint(y[:, 4:].t().storage_offset(), y[:, 4:].t().stride())\nprint(x[8:][2:].is_set_to(x[10:]))\n',
     '10 (1,)\n5 3\n[0, 4, 7]\n[0, 1, 2, 3, 4, 4]\n2 (4, 1) (4, 1) 12\n6 12\n10 10\n10\n10\n4 (1, 4)\nTrue\n'),
    ('z = torch.zeros(0, 4)\nprint(z[:, 2].storage_offset(), z[:, 2].stride(), z[:, 1:].storage_offset())\nprint([p.storage_offset() for p in torch.arange(6).split([2, 0, 4])])\nprint([p.storage_offset() for p in torch.arange(6.).reshape(2, 3)[:, 3:].unbind(0)])\nx = torch.arange(10.).requires_grad_()\ny = x[10:]\nprint(y, y.storage_offset(), y.is_contiguous())\ny.sum().backward()\nprint(x.grad)\nw = torch.arange(10.)\nv = w[4:4]\nv.add_(1)\nv.mul_(2)\nprint(w, v.clone().storage_offset(), v.contiguous().storage_offset())\nprint(v.as_strided((2,), (1,)), v.expand(3, 0).storage_offset())\nprint(torch.arange(10).chunk(3)[2][4:].storage_offset())\nprint(w.unflatten(0, (2, 5))[:, 5:].storage_offset(), w.view(2, 5)[2:].storage_offset())\nprint(w[10:].unsqueeze(0).storage_offset(), w[10:].T.storage_offset())\n',
     '2 (4,) 1\n[0, 2, 2]\n[3, 6]\ntensor([], grad_fn=<SliceBackward0>) 10 True\ntensor([0., 0., 0., 0., 0., 0., 0., 0., 0., 0.])\ntensor([0., 1., 2., 3., 4., 5., 6., 7., 8., 9.]) 0 4\ntensor([4., 5.]) 4\n10\n5 10\n!W UserWarning: The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it will throw an error in a future release. Consider `x.mT` to transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4314.)\n10 10\n'),
]

BF16_VIEW_DTYPE = [
    ('x = torch.tensor([[1.0, -2.5, 3.0, 0.1]], dtype=torch.bfloat16)\ni = x.view(torch.int16)\nprint(i, i.shape, i.stride())\nprint(x.view(torch.float16))\nprint(x.view(torch.float32).shape, x.view(torch.uint8).shape)\nprint(torch.zeros(2, 3, 4).view(torch.bfloat16).shape)\nb = torch.tensor([16256, -16352], dtype=torch.int16).view(torch.bfloat16)\nprint(b, b.dtype)\nprint(torch.tensor([1.0, 2.0], dtype=torch.float16).view(torch.bfloat16))\nprint(torch.tensor([1.0, 2.0]).view(torch.bfloat16))\nprint(x.view(torch.bfloat16) is x, x.view(torch.bfloat16)._base is x)\n',
     'tensor([[ 16256, -16352,  16448,  15821]], dtype=torch.int16) torch.Size([1, 4]) (4, 1)\ntensor([[ 1.8750, -2.0625,  2.1250,  1.4502]], dtype=torch.float16)\ntorch.Size([1, 2]) torch.Size([1, 8])\ntorch.Size([2, 3, 8])\ntensor([ 1.0000, -2.5000], dtype=torch.bfloat16) torch.bfloat16\ntensor([0.0078, 2.0000], dtype=torch.bfloat16)\ntensor([0., 1., 0., 2.], dtype=torch.bfloat16)\nFalse False\n'),
    ('x = torch.tensor([[1.0, -2.5], [3.0, 0.1], [7.0, 8.0]], dtype=torch.bfloat16)\nprint(x.t().contiguous().view(torch.uint8))\nprint(x[:, :1].view(torch.int16), x[1:].view(torch.float32))\nprint(torch.zeros(0, 4).view(torch.bfloat16).shape, torch.zeros(3, 0, dtype=torch.bfloat16).view(torch.float32).shape)\ntry:\n    x.view(torch.float32)\nexcept RuntimeError as e:\n    print(e)\ntry:\n    x.t().view(torch.int8)\nexcept RuntimeError as e:\n    print(e)\nprint(torch.tensor([float("nan"), float("inf"), -0.0]).view(torch.bfloat16))\nprint(torch.tensor([0x7FC0, -128, 1], dtype=torch.int16).view(torch.bfloat16).view(torch.int16))\ny = torch.tensor([1.5, 2.5], dtype=torch.bfloat16).view(torch.int16).view(torch.bfloat16)\nprint(y + 1, y.dtype)\nprint(torch.tensor([1, 2], dtype=torch.uint8).view(torch.bfloat16).view(torch.float16))\n',
     'tensor([[128,  63,  64,  64, 224,  64],\n        [ 32, 192, 205,  61,   0,  65]], dtype=torch.uint8)\ntensor([[16256],\n        [16448],\n        [16608]], dtype=torch.int16) tensor([[0.1002],\n        [8.0158]])\n!! RuntimeError: self.stride(0) must be divisible by 2 to view BFloat16 as Float (different element sizes), but got 1\n'),
]

PROGRAMS = {"empty-views": EMPTY_VIEWS, "bf16-view-dtype": BF16_VIEW_DTYPE}

test_prints_what_pytorch_printed = printed_programs(PROGRAMS)
