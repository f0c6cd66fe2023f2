"""Arguments of the wrong type are refused as PyTorch's argument parser refuses them
(gradcli/argparser.py): a TypeError in its words, an invalid combination with the signatures
listed, ints given as NumPy integers or 0-dim tensors accepted.

Each expected text is what PyTorch 2.13 printed for the same statement (`type(e).__name__ +
": " + str(e)`, or "OK" when it accepted the call), with `x = torch.ones(2, 3)`."""
from __future__ import annotations

import io

import numpy as np
import pytest

import gradcli as torch
from gradcli.lang import run_source

CASES = {
    'x.sum(1, 2)':
        "TypeError: sum(): argument 'keepdim' (position 2) must be bool, not int",
    'x.sum(1.0)':
        'TypeError: sum() received an invalid combination of arguments - got (float), but expected one of:\n'
        ' * (*, torch.dtype dtype = None)\n'
        ' * (tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)',
    "x.mean(dim='a')":
        'TypeError: mean() received an invalid combination of arguments - got (dim=str, ), but expected one of:\n'
        ' * (*, torch.dtype dtype = None)\n'
        ' * (tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)',
    'x.view(2.0, 3)':
        'TypeError: view() received an invalid combination of arguments - got (float, int), but expected one of:\n'
        ' * (torch.dtype dtype)\n'
        ' * (tuple of ints size)',
    'x.reshape([2, 3.0])':
        'TypeError: reshape(): argument \'shape\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"',
    'torch.zeros(2.5)':
        "TypeError: zeros(): argument 'size' (position 1) must be tuple of ints, not float",
    'torch.ones((2, 3), 5)':
        'TypeError: ones() takes 1 positional argument but 2 were given',
    'x.transpose(0)':
        'TypeError: transpose() missing 1 required positional arguments: "dim1"',
    'x.max(1, 1)':
        "TypeError: max(): argument 'keepdim' (position 2) must be bool, not int",
    'x.topk(1.0)':
        "TypeError: topk(): argument 'k' (position 1) must be int, not float",
    'torch.cat(x)':
        "TypeError: cat(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor",
    'torch.cat([x, 1])':
        'TypeError: expected Tensor as element 1 in argument 0, but got int',
    'torch.stack((x, x), dim=None)':
        "TypeError: stack(): argument 'dim' must be int, not NoneType",
    "x.clamp('a')":
        'TypeError: clamp() received an invalid combination of arguments - got (str), but expected one of:\n'
        ' * (Tensor min = None, Tensor max = None)\n'
        ' * (Number min = None, Number max = None)',
    "x.pow('a')":
        'TypeError: pow() received an invalid combination of arguments - got (str), but expected one of:\n'
        ' * (Tensor exponent)\n'
        "      didn't match because some of the arguments have invalid types: (!str!)\n"
        ' * (Number exponent)\n'
        "      didn't match because some of the arguments have invalid types: (!str!)",
    "x + 'a'":
        "TypeError: unsupported operand type(s) for +: 'Tensor' and 'str'",
    'x * None':
        "TypeError: unsupported operand type(s) for *: 'Tensor' and 'NoneType'",
    "x.add(x, alpha='a')":
        "TypeError: add(): argument 'alpha' must be Number, not str",
    'x.repeat(2.0, 1)':
        'TypeError: repeat() takes 1 positional argument but 2 were given',
    'x.expand(2, None)':
        'TypeError: expand(): argument \'size\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got NoneType"',
    "torch.tensor([1, 2], dtype='float')":
        "TypeError: tensor(): argument 'dtype' must be torch.dtype, not str",
    "x.to('float32')":
        "RuntimeError: Invalid device string: 'float32'",
    'x.float(2)':
        'TypeError: float() takes 0 positional arguments but 1 was given',
    'x.unsqueeze()':
        'TypeError: unsqueeze() missing 1 required positional arguments: "dim"',
    'x.permute(1, 0, 2)':
        'RuntimeError: permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = 2 is not equal to len(dims) = 3',
    'x.flip(0.0)':
        "TypeError: flip(): argument 'dims' (position 1) must be tuple of ints, not float",
    "x.norm(p='fro', dim=1.0)":
        "TypeError: object of type 'float' has no len()",
    'torch.randn(2, 3, generator=1)':
        'TypeError: randn() received an invalid combination of arguments - got (int, int, generator=int), but expected one of:\n'
        ' * (tuple of ints size, *, torch.Generator generator, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (tuple of ints size, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)',
    "torch.manual_seed('a')":
        "ValueError: invalid literal for int() with base 10: 'a'",
    'x.index_select(0, [0])':
        "TypeError: index_select(): argument 'index' (position 2) must be Tensor, not list",
    "x.masked_fill(x > 0, 'a')":
        'TypeError: masked_fill() received an invalid combination of arguments - got (Tensor, str), but expected one of:\n'
        ' * (Tensor mask, Tensor value)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, !str!)\n"
        ' * (Tensor mask, Number value)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, !str!)",
    'x.softmax()':
        'TypeError: softmax() missing 1 required positional arguments: "dim"',
    'torch.softmax(x)':
        'TypeError: softmax() missing 1 required positional arguments: "dim"',
    'torch.nn.functional.softmax(x)':
        'OK',
    'x.argmax(keepdim=1)':
        "TypeError: argmax(): argument 'keepdim' must be bool, not int",
    'x.std(unbiased=1)':
        'TypeError: std() received an invalid combination of arguments - got (unbiased=int, ), but expected one of:\n'
        ' * (tuple of ints dim, bool unbiased = True, bool keepdim = False)\n'
        ' * (tuple of ints dim = None, *, Number correction = None, bool keepdim = False)\n'
        ' * (bool unbiased = True)\n'
        "      didn't match because some of the keywords were incorrect: unbiased",
    "torch.arange('a')":
        "TypeError: arange(): argument 'end' (position 1) must be Number, not str",
    'torch.linspace(0, 1)':
        'TypeError: linspace() received an invalid combination of arguments - got (int, int), but expected one of:\n'
        ' * (Tensor start, Tensor end, int steps, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (Number start, Tensor end, int steps, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (Tensor start, Number end, int steps, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (Number start, Number end, int steps, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)',
    "torch.full((2,), 'a')":
        "TypeError: full(): argument 'fill_value' (position 2) must be Number, not str",
    'torch.eye(2.0)':
        "TypeError: eye(): argument 'n' (position 1) must be int, not float",
    'x.new_zeros(2.0)':
        "TypeError: new_zeros(): argument 'size' (position 1) must be tuple of ints, not float",
    'x.split([1, 1.0], 1)':
        'TypeError: split_with_sizes(): argument \'split_sizes\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"',
    'x.chunk(2.0)':
        "TypeError: chunk(): argument 'chunks' (position 1) must be int, not float",
    'x.squeeze(0.0)':
        'TypeError: squeeze() received an invalid combination of arguments - got (float), but expected one of:\n'
        ' * ()\n'
        "      didn't match because some of the arguments have invalid types: (!float!)\n"
        ' * (int dim)\n'
        "      didn't match because some of the arguments have invalid types: (!float!)\n"
        ' * (tuple of ints dim)\n'
        "      didn't match because some of the arguments have invalid types: (!float!)",
    'x.narrow(0, 0.0, 1)':
        'TypeError: narrow() received an invalid combination of arguments - got (int, float, int), but expected one of:\n'
        ' * (int dim, Tensor start, int length)\n'
        "      didn't match because some of the arguments have invalid types: (int, !float!, int)\n"
        ' * (int dim, int start, int length)\n'
        "      didn't match because some of the arguments have invalid types: (int, !float!, int)",
    'torch.where(x)':
        'OK',
    'torch.where(x > 0, x)':
        'TypeError: where() received an invalid combination of arguments - got (Tensor, Tensor), but expected one of:\n'
        ' * (Tensor condition)\n'
        ' * (Tensor condition, Tensor input, Tensor other, *, Tensor out = None)\n'
        ' * (Tensor condition, Number self, Tensor other)\n'
        ' * (Tensor condition, Tensor input, Number other)\n'
        ' * (Tensor condition, Number self, Number other)',
    "x.scatter_(0, torch.zeros(1, 3).long(), 'a')":
        'TypeError: scatter_() received an invalid combination of arguments - got (int, Tensor, str), but expected one of:\n'
        ' * (int dim, Tensor index, Tensor src)\n'
        "      didn't match because some of the arguments have invalid types: (int, Tensor, !str!)\n"
        ' * (int dim, Tensor index, Tensor src, *, str reduce)\n'
        ' * (int dim, Tensor index, Number value)\n'
        "      didn't match because some of the arguments have invalid types: (int, Tensor, !str!)\n"
        ' * (int dim, Tensor index, Number value, *, str reduce)',
    "x.fill_('a')":
        'TypeError: fill_() received an invalid combination of arguments - got (str), but expected one of:\n'
        ' * (Tensor value)\n'
        "      didn't match because some of the arguments have invalid types: (!str!)\n"
        ' * (Number value)\n'
        "      didn't match because some of the arguments have invalid types: (!str!)",
    'x.requires_grad_(1)':
        "TypeError: requires_grad_(): argument 'requires_grad' (position 1) must be bool, not int",
    'x.backward(1)':
        "TypeError: 'int' object is not iterable",
    'torch.autograd.grad(x.sum(), x)':
        'RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn',
    'x.T(0)':
        "TypeError: 'Tensor' object is not callable",
    "x.size('a')":
        "TypeError: size(): argument 'dim' (position 1) must be int, not str",
    'x.size(5)':
        'IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 5)',
    'x.dim(1)':
        'TypeError: TensorBase.dim() takes no arguments (1 given)',
    'len(torch.tensor(1.0))':
        'TypeError: len() of a 0-d tensor',
    'iter(torch.tensor(1.0))':
        'TypeError: iteration over a 0-d tensor',
    'x[None, None, None, 5]':
        'IndexError: index 5 is out of bounds for dimension 3 with size 2',
    'x[..., ...]':
        'OK',
    'int(x)':
        'ValueError: only one element tensors can be converted to Python scalars',
    'float(x)':
        'ValueError: only one element tensors can be converted to Python scalars',
    'bool(x)':
        'RuntimeError: Boolean value of Tensor with more than one value is ambiguous',
    'x.item(0)':
        'TypeError: TensorBase.item() takes no arguments (1 given)',
    'x.tolist(1)':
        'TypeError: TensorBase.tolist() takes no arguments (1 given)',
    'x.repeat(2.0)':
        "TypeError: repeat(): argument 'repeats' (position 1) must be tuple of ints, not float",
    'x.repeat([2.0, 1])':
        "TypeError: repeat(): argument 'repeats' (position 1) must be tuple of ints, but found element of type float at pos 0",
    'x.view(2, 3.0)':
        'TypeError: view(): argument \'size\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"',
    'x.permute(1, 0.0)':
        'TypeError: permute(): argument \'dims\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"',
    'x.permute(0.0, 1)':
        'TypeError: permute() takes 1 positional argument but 2 were given',
    'torch.zeros(2, 2.5)':
        'TypeError: zeros(): argument \'size\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"',
    'torch.zeros((2, 2.5))':
        'TypeError: zeros(): argument \'size\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"',
    'x.sum(np.int64(1))':
        'OK',
    'x.sum(torch.tensor(1))':
        'OK',
    'x.sum(True)':
        'TypeError: sum() received an invalid combination of arguments - got (bool), but expected one of:\n'
        ' * (*, torch.dtype dtype = None)\n'
        ' * (tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)',
    'x.sum(1, np.bool_(True))':
        "TypeError: sum(): argument 'keepdim' (position 2) must be bool, not numpy.bool",
    'x.sum([1, np.int64(0)])':
        'OK',
    'x.sum([1, 0.0])':
        'TypeError: sum(): argument \'dim\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"',
    'x.sum((1, True))':
        'RuntimeError: dim 1 appears multiple times in the list of dims',
    'x.sum([True])':
        'TypeError: sum() received an invalid combination of arguments - got (list), but expected one of:\n'
        ' * (*, torch.dtype dtype = None)\n'
        ' * (tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)',
    'x.topk(torch.tensor(1))':
        'OK',
    'x.topk(torch.tensor(1.0))':
        "TypeError: topk(): argument 'k' (position 1) must be int, not Tensor",
    'x.topk(True)':
        "TypeError: topk(): argument 'k' (position 1) must be int, not bool",
    'x.topk(np.int32(1))':
        'OK',
    'x.chunk(2, 1.0)':
        "TypeError: chunk(): argument 'dim' (position 2) must be int, not float",
    'x.add(x, alpha=True)':
        'RuntimeError: Boolean alpha only supported for Boolean results.',
    'x.add(x, alpha=torch.tensor(2.))':
        'OK',
    'x.add(x, alpha=torch.tensor(2., requires_grad=True))':
        "TypeError: add(): argument 'alpha' must be Number, not Tensor",
    "x.mul('a')":
        "TypeError: mul(): argument 'other' (position 1) must be Tensor, not str",
    "torch.add(x, 'a')":
        "TypeError: add(): argument 'other' (position 2) must be Tensor, not str",
    "x.add('a')":
        "TypeError: add(): argument 'other' (position 1) must be Tensor, not str",
    'x.unsqueeze(0.0)':
        "TypeError: unsqueeze(): argument 'dim' (position 1) must be int, not float",
    'x.transpose(0, 1.0)':
        "TypeError: transpose(): argument 'dim1' (position 2) must be int, not float",
    'x.flatten(0.0)':
        "TypeError: flatten(): argument 'start_dim' (position 1) must be int, not float",
    'x.softmax(1.0)':
        "TypeError: softmax(): argument 'dim' (position 1) must be int, not float",
    'x.softmax(1, 2)':
        "TypeError: softmax(): argument 'dtype' (position 2) must be torch.dtype, not int",
    'torch.softmax(x, 1.0)':
        "TypeError: softmax(): argument 'dim' (position 2) must be int, not float",
    'x.cumsum(1.0)':
        "TypeError: cumsum(): argument 'dim' (position 1) must be int, not float",
    'x.argmax(1.0)':
        "TypeError: argmax(): argument 'dim' (position 1) must be int, not float",
    'x.mean(1, 1)':
        "TypeError: mean(): argument 'keepdim' (position 2) must be bool, not int",
    'x.mean(1, True, 1)':
        'TypeError: mean() takes from 1 to 2 positional arguments but 3 were given',
    'x.double(2)':
        'TypeError: double() takes 0 positional arguments but 1 was given',
    'x.long(2)':
        'TypeError: long() takes 0 positional arguments but 1 was given',
    'x.unbind(1.0)':
        "TypeError: unbind(): argument 'dim' (position 1) must be int, not float",
    'x.gather(1.0, x.long())':
        "TypeError: gather(): argument 'dim' (position 1) must be int, not float",
    'torch.stack((x, x), 1.0)':
        "TypeError: stack(): argument 'dim' (position 2) must be int, not float",
    'x.view(2, True)':
        "RuntimeError: shape '[2, 1]' is invalid for input of size 6",
    'x.view(2, np.int64(3))':
        'OK',
    'x.view(2, np.float64(3))':
        'TypeError: view(): argument \'size\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got numpy.float64"',
    'x.view(2, torch.tensor(3))':
        'OK',
    'x.view(2, torch.tensor(3.))':
        'TypeError: view(): argument \'size\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got Tensor"',
    'x.view(2, torch.tensor([3]))':
        'OK',
    "x.view(2, '3')":
        'TypeError: view(): argument \'size\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got str"',
    'x.view(np.int64(2), 3)':
        'OK',
    'x.view(torch.tensor(2), 3)':
        'OK',
    'x.view(True, 3)':
        'TypeError: view() received an invalid combination of arguments - got (bool, int), but expected one of:\n'
        ' * (torch.dtype dtype)\n'
        ' * (tuple of ints size)',
    'x.sum(torch.tensor([1]))':
        'OK',
    'x.sum(torch.tensor(1, requires_grad=False).float())':
        'TypeError: sum() received an invalid combination of arguments - got (Tensor), but expected one of:\n'
        ' * (*, torch.dtype dtype = None)\n'
        ' * (tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)',
    'x.topk(1, generator=1)':
        "TypeError: topk() got an unexpected keyword argument 'generator'",
    "torch.randn(2, generator=torch.device('cpu'))":
        'TypeError: randn() received an invalid combination of arguments - got (int, generator=torch.device), but expected one of:\n'
        ' * (tuple of ints size, *, torch.Generator generator, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (tuple of ints size, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)',
    "x.sum(dtype='a')":
        'TypeError: sum() received an invalid combination of arguments - got (dtype=str, ), but expected one of:\n'
        ' * (*, torch.dtype dtype = None)\n'
        ' * (tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)',
    'x.sum(dtype=torch.Size([1]))':
        'TypeError: sum() received an invalid combination of arguments - got (dtype=torch.Size, ), but expected one of:\n'
        ' * (*, torch.dtype dtype = None)\n'
        ' * (tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)',
    'x.view(torch.Size([3, 2]))':
        'OK',
    'x.sum(torch.Size([1]))':
        'OK',
    'x.topk(k=1.0)':
        "TypeError: topk(): argument 'k' must be int, not float",
    'x.topk(1, dim=1.0)':
        "TypeError: topk(): argument 'dim' must be int, not float",
    'torch.topk(x, 1.0)':
        "TypeError: topk(): argument 'k' (position 2) must be int, not float",
    'x.sum(axis=1.0)':
        'TypeError: sum() received an invalid combination of arguments - got (axis=float, ), but expected one of:\n'
        ' * (*, torch.dtype dtype = None)\n'
        ' * (tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)',
    'x.sum(1, keepdims=1)':
        "TypeError: sum(): argument 'keepdim' must be bool, not int",
    'torch.full((2,), None)':
        "TypeError: full(): argument 'fill_value' (position 2) must be Number, not NoneType",
    "torch.arange(1, 'a')":
        'TypeError: arange() received an invalid combination of arguments - got (int, str), but expected one of:\n'
        ' * (Number end, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (Number start, Number end, *, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (Number start, Number end, Number step = 1, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)',
    'torch.eye(2, 2.0)':
        'TypeError: eye() received an invalid combination of arguments - got (int, float), but expected one of:\n'
        ' * (int n, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (int n, int m, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)',
    'x.new_zeros(2, 3.0)':
        'TypeError: new_zeros(): argument \'size\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"',
    "torch.where(x > 0, x, 'a')":
        'TypeError: where() received an invalid combination of arguments - got (Tensor, Tensor, str), but expected one of:\n'
        ' * (Tensor condition)\n'
        ' * (Tensor condition, Tensor input, Tensor other, *, Tensor out = None)\n'
        ' * (Tensor condition, Number self, Tensor other)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, !Tensor!, !str!)\n"
        ' * (Tensor condition, Tensor input, Number other)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, Tensor, !str!)\n"
        ' * (Tensor condition, Number self, Number other)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, !Tensor!, !str!)",
    'torch.where(x>0, 1.0, 2)':
        'OK',
    "x.clamp(min='a')":
        'TypeError: clamp() received an invalid combination of arguments - got (min=str, ), but expected one of:\n'
        ' * (Tensor min = None, Tensor max = None)\n'
        ' * (Number min = None, Number max = None)',
    "x.clamp(1, 'a')":
        'TypeError: clamp() received an invalid combination of arguments - got (int, str), but expected one of:\n'
        ' * (Tensor min = None, Tensor max = None)\n'
        "      didn't match because some of the arguments have invalid types: (!int!, !str!)\n"
        ' * (Number min = None, Number max = None)\n'
        "      didn't match because some of the arguments have invalid types: (!int!, !str!)",
    'x.clamp(x, 1.0)':
        'TypeError: clamp() received an invalid combination of arguments - got (Tensor, float), but expected one of:\n'
        ' * (Tensor min = None, Tensor max = None)\n'
        "      didn't match because some of the arguments have invalid types: (!Tensor!, !float!)\n"
        ' * (Number min = None, Number max = None)\n'
        "      didn't match because some of the arguments have invalid types: (!Tensor!, !float!)",
    "torch.pow(x, 'a')":
        'TypeError: pow() received an invalid combination of arguments - got (Tensor, str), but expected one of:\n'
        ' * (Tensor input, Tensor exponent, *, Tensor out = None)\n'
        ' * (Number self, Tensor exponent, *, Tensor out = None)\n'
        ' * (Tensor input, Number exponent, *, Tensor out = None)',
    "torch.pow('a', x)":
        'TypeError: pow() received an invalid combination of arguments - got (str, Tensor), but expected one of:\n'
        ' * (Tensor input, Tensor exponent, *, Tensor out = None)\n'
        ' * (Number self, Tensor exponent, *, Tensor out = None)\n'
        ' * (Tensor input, Number exponent, *, Tensor out = None)',
    "x.lerp(x, 'a')":
        'TypeError: lerp() received an invalid combination of arguments - got (Tensor, str), but expected one of:\n'
        ' * (Tensor end, Tensor weight)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, !str!)\n"
        ' * (Tensor end, Number weight)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, !str!)",
    'x.masked_fill(x > 0, torch.tensor([1., 2.]))':
        'RuntimeError: masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).',
    'x.split(1.0)':
        "TypeError: split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of ints, not float",
    'x.split(1, 1.0)':
        'TypeError: split() received an invalid combination of arguments - got (Tensor, int, float), but expected one of:\n'
        ' * (Tensor input, int split_size, int dim = 0)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, int, !float!)\n"
        ' * (Tensor input, tuple of ints split_size, int dim = 0)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, !int!, !float!)",
    'torch.split(x, 1.0)':
        "TypeError: split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of ints, not float",
    'x.narrow(0, 0, 1.0)':
        'TypeError: narrow() received an invalid combination of arguments - got (int, int, float), but expected one of:\n'
        ' * (int dim, Tensor start, int length)\n'
        "      didn't match because some of the arguments have invalid types: (int, !int!, !float!)\n"
        ' * (int dim, int start, int length)\n'
        "      didn't match because some of the arguments have invalid types: (int, int, !float!)",
    'x.narrow(0.0, 0, 1)':
        'TypeError: narrow() received an invalid combination of arguments - got (float, int, int), but expected one of:\n'
        ' * (int dim, Tensor start, int length)\n'
        "      didn't match because some of the arguments have invalid types: (!float!, !int!, int)\n"
        ' * (int dim, int start, int length)\n'
        "      didn't match because some of the arguments have invalid types: (!float!, int, int)",
    'x.index_select(0.0, torch.tensor([0]))':
        "TypeError: index_select(): argument 'dim' (position 1) must be int, not float",
    'torch.cat((x, x), 1.0)':
        "TypeError: cat(): argument 'dim' (position 2) must be int, not float",
    "torch.cat((x, x), dim='a')":
        "TypeError: cat(): argument 'dim' must be int, not str",
    "torch.stack([x, 'a'])":
        'TypeError: expected Tensor as element 1 in argument 0, but got str',
    'torch.cat((x, x), None)':
        "TypeError: cat(): argument 'dim' (position 2) must be int, not NoneType",
    'x.expand(2.0, 3)':
        'TypeError: expand() takes 1 positional argument but 2 were given',
    'x.expand([2, 3], 1)':
        'TypeError: expand() takes 1 positional argument but 2 were given',
    'x.reshape(2, 3, 1.0)':
        'TypeError: reshape(): argument \'shape\' failed to unpack the object at pos 3 with error "type must be tuple of ints,but got float"',
    'x.reshape(2.0)':
        "TypeError: reshape(): argument 'shape' (position 1) must be tuple of ints, not float",
    'x.flip(0, 1.0)':
        'TypeError: flip(): argument \'dims\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"',
    'x.roll(1.0)':
        "TypeError: roll(): argument 'shifts' (position 1) must be tuple of ints, not float",
    'x.std(1, 1)':
        'TypeError: std() received an invalid combination of arguments - got (int, int), but expected one of:\n'
        ' * (tuple of ints dim, bool unbiased = True, bool keepdim = False)\n'
        ' * (tuple of ints dim = None, *, Number correction = None, bool keepdim = False)\n'
        ' * (bool unbiased = True)',
    'x.var(1, unbiased=1)':
        'TypeError: var() received an invalid combination of arguments - got (int, unbiased=int), but expected one of:\n'
        ' * (tuple of ints dim, bool unbiased = True, bool keepdim = False)\n'
        ' * (tuple of ints dim = None, *, Number correction = None, bool keepdim = False)\n'
        ' * (bool unbiased = True)',
    'x.max(1.0)':
        'TypeError: max() received an invalid combination of arguments - got (float), but expected one of:\n'
        ' * ()\n'
        "      didn't match because some of the arguments have invalid types: (!float!)\n"
        ' * (Tensor other)\n'
        "      didn't match because some of the arguments have invalid types: (!float!)\n"
        ' * (int dim, bool keepdim = False)',
    'x.min(x, 1)':
        "TypeError: min(): argument 'dim' (position 1) must be int, not Tensor",
    'x.sort(1.0)':
        'TypeError: sort() received an invalid combination of arguments - got (float), but expected one of:\n'
        ' * (*, bool stable, int dim = -1, bool descending = False)\n'
        ' * (int dim = -1, bool descending = False)',
    'x.sort(descending=1)':
        'TypeError: sort() received an invalid combination of arguments - got (descending=int, ), but expected one of:\n'
        ' * (*, bool stable, int dim = -1, bool descending = False)\n'
        ' * (int dim = -1, bool descending = False)',
    'x.argsort(1, 1)':
        'TypeError: argsort() received an invalid combination of arguments - got (int, int), but expected one of:\n'
        ' * (*, bool stable, int dim = -1, bool descending = False)\n'
        ' * (int dim = -1, bool descending = False)\n'
        "      didn't match because some of the arguments have invalid types: (!int!, !int!)",
    'x.cumsum(dim=1, dtype=1)':
        "TypeError: cumsum(): argument 'dtype' must be torch.dtype, not int",
    'x.t(1)':
        'TypeError: TensorBase.t() takes no arguments (1 given)',
    'x.exp(1)':
        'TypeError: TensorBase.exp() takes no arguments (1 given)',
    'x.sigmoid(x)':
        'TypeError: TensorBase.sigmoid() takes no arguments (1 given)',
    'x.abs(1)':
        'TypeError: TensorBase.abs() takes no arguments (1 given)',
    'x.clone(1)':
        'TypeError: clone() takes 0 positional arguments but 1 was given',
    'x.detach(1)':
        'TypeError: TensorBase.detach() takes no arguments (1 given)',
    'x.contiguous(1)':
        'TypeError: contiguous() takes 0 positional arguments but 1 was given',
    'x.numel(1)':
        'TypeError: TensorBase.numel() takes no arguments (1 given)',
    'x.contiguous(memory_format=1)':
        "TypeError: contiguous(): argument 'memory_format' must be torch.memory_format, not int",
    "x.stride('a')":
        "TypeError: stride(): argument 'dim' (position 1) must be int, not str",
    'x.stride(0.0)':
        "TypeError: stride(): argument 'dim' (position 1) must be int, not float",
    'x.cpu(1)':
        'TypeError: cpu() takes 0 positional arguments but 1 was given',
    'x.is_contiguous(1)':
        'TypeError: is_contiguous() takes 0 positional arguments but 1 was given',
    'x.var(1, 1)':
        'TypeError: var() received an invalid combination of arguments - got (int, int), but expected one of:\n'
        ' * (tuple of ints dim, bool unbiased = True, bool keepdim = False)\n'
        ' * (tuple of ints dim = None, *, Number correction = None, bool keepdim = False)\n'
        ' * (bool unbiased = True)',
    'x.sum(0, 1)':
        "TypeError: sum(): argument 'keepdim' (position 2) must be bool, not int",
    'x.size(None)':
        'OK',
    'x.stride(None)':
        'OK',
    'x.sum(axis=1)':
        'OK',
    'x.sum(1, keepdims=True)':
        'OK',
    'x.sum((0, 1))':
        'OK',
    'x.sum([0, -1])':
        'OK',
    'x.sum(dim=None)':
        'OK',
    'x.mean(dtype=torch.float64)':
        'OK',
    'x.view(-1)':
        'OK',
    'x.reshape(x.shape)':
        'OK',
    'x.reshape(np.int64(6))':
        'OK',
    'x.permute([1, 0])':
        'OK',
    'x.permute(1, 0)':
        'OK',
    'x.expand(4, 2, 3)':
        'OK',
    'x.expand(torch.Size([2, 2, 3]))':
        'OK',
    'x.repeat(np.int64(2), 1)':
        'OK',
    'x.add(1)':
        'OK',
    'x.add(True)':
        'OK',
    'x.add(np.float64(1.5))':
        'OK',
    'x.add(x, alpha=np.float64(2))':
        'OK',
    'x.mul(2)':
        'OK',
    "x.div(2, rounding_mode='floor')":
        'OK',
    'x.pow(2)':
        'OK',
    'x.pow(np.int64(2))':
        'OK',
    'x.pow(torch.tensor(2.))':
        'OK',
    'torch.pow(2, x)':
        'OK',
    'x.clamp(min=0)':
        'OK',
    'x.clamp(max=torch.tensor(0.5))':
        'OK',
    'x.clamp(torch.zeros(3), torch.ones(3))':
        'OK',
    'x.clamp(np.float32(0.5))':
        'OK',
    'x.masked_fill(x > 0, 2)':
        'OK',
    'x.masked_fill(x > 0, torch.tensor(2.))':
        'OK',
    'x.fill_(np.float64(1))':
        'OK',
    'torch.where(x > 0, x, 0.)':
        'OK',
    'torch.where(x > 0, 1, 0)':
        'OK',
    'torch.where(x > 0)':
        'OK',
    'x.topk(np.int64(2))':
        'OK',
    'x.topk(k=2, dim=1, largest=False)':
        'OK',
    'x.sort(dim=1, descending=True)':
        'OK',
    'x.max(1)':
        'OK',
    'x.max(dim=1, keepdim=True)':
        'OK',
    'x.max(x)':
        'OK',
    'x.min()':
        'OK',
    'x.argmax(dim=1, keepdim=True)':
        'OK',
    'torch.cat((x, x))':
        'OK',
    'torch.cat([x, x], dim=-1)':
        'OK',
    'torch.stack([x, x], np.int64(0))':
        'OK',
    'x.split(1)':
        'OK',
    'x.split([1, 2], 1)':
        'OK',
    'x.split((1, 2), dim=1)':
        'OK',
    'x.split(torch.tensor(1))':
        'OK',
    'x.chunk(2, dim=1)':
        'OK',
    'torch.split(x, [1, 1])':
        'OK',
    'x.softmax(-1)':
        'OK',
    'x.softmax(dim=1, dtype=torch.float64)':
        'OK',
    'torch.softmax(x, 1)':
        'OK',
    'torch.log_softmax(x, dim=1)':
        'OK',
    'x.unsqueeze(np.int64(0))':
        'OK',
    'x.squeeze()':
        'OK',
    'x.squeeze(0)':
        'OK',
    'x.squeeze((0, 1))':
        'OK',
    'x.flatten()':
        'OK',
    'x.flatten(0, -1)':
        'OK',
    'x.transpose(-1, -2)':
        'OK',
    'x.t()':
        'OK',
    'x.narrow(0, torch.tensor(0), 1)':
        'OK',
    'x.index_select(1, torch.tensor([0, 2]))':
        'OK',
    'x.gather(1, torch.zeros(2, 1, dtype=torch.long))':
        'OK',
    'torch.zeros(2, 3, dtype=torch.float64)':
        'OK',
    'torch.zeros((2, 3))':
        'OK',
    'torch.zeros([])':
        'OK',
    'torch.zeros(())':
        'OK',
    'torch.ones(torch.Size([2]))':
        'OK',
    'torch.zeros(2, requires_grad=True)':
        'OK',
    'torch.full((2,), 1)':
        'OK',
    'torch.full([2], True)':
        'OK',
    'torch.arange(5)':
        'OK',
    'torch.arange(0, 1, 0.25)':
        'OK',
    'torch.arange(np.int64(3))':
        'OK',
    'torch.arange(torch.tensor(3))':
        'OK',
    'torch.eye(2, dtype=torch.int64)':
        'OK',
    'torch.eye(np.int64(2))':
        'OK',
    'torch.linspace(0, 1, 5)':
        'OK',
    'torch.randn(2, 3, generator=torch.Generator())':
        'OK',
    'torch.rand((2,))':
        'OK',
    'torch.randint(0, 5, (3,))':
        'OK',
    'torch.randint(5, (3,))':
        'OK',
    'torch.randperm(4)':
        'OK',
    'torch.empty(2)':
        'OK',
    'torch.zeros_like(x, dtype=float)':
        'OK',
    'x.new_zeros((2,))':
        'OK',
    'x.new_ones(2, 2)':
        'OK',
    'x.new_full((2,), 3.0)':
        'OK',
    'x.to(torch.float64)':
        'OK',
    'x.float()':
        'OK',
    'x.double()':
        'OK',
    'x.long()':
        'OK',
    'x.type(torch.float64)':
        'OK',
    'x.std(1)':
        'OK',
    'x.std(1, unbiased=False)':
        'OK',
    'x.var(dim=1, correction=0)':
        'OK',
    'x.std(1, True)':
        'OK',
    'x.var(unbiased=False)':
        'OK',
    'x.norm()':
        'OK',
    'x.norm(dim=1)':
        'OK',
    'x.cumsum(1)':
        'OK',
    'x.cumsum(dim=0, dtype=torch.float64)':
        'OK',
    'x.prod(1)':
        'OK',
    'x.logsumexp(1)':
        'OK',
    'x.amax((0, 1))':
        'OK',
    'x.all()':
        'OK',
    'x.any(dim=1)':
        'OK',
    'x.roll(1, 0)':
        'OK',
    'x.roll((1, 1), (0, 1))':
        'OK',
    'x.flip(0)':
        'OK',
    'x.flip([0, 1])':
        'OK',
    'x.tril(1)':
        'OK',
    'x.diag()':
        'OK',
    'x.unbind(1)':
        'OK',
    'x.requires_grad_()':
        'OK',
    'x.requires_grad_(False)':
        'OK',
    'x.size(1)':
        'OK',
    'x.size(-1)':
        'OK',
    'x.stride(0)':
        'OK',
    'x.contiguous()':
        'OK',
    'x.clone()':
        'OK',
    'x.detach()':
        'OK',
    'x.lerp(x, 0.5)':
        'OK',
    'x.addcmul(x, x, value=2)':
        'OK',
    'x.index_add(0, torch.tensor([0]), torch.ones(1, 3))':
        'OK',
    'x.scatter(0, torch.zeros(1, 3, dtype=torch.long), 1.0)':
        'OK',
    'x.masked_select(x > 0)':
        'OK',
    'x.repeat_interleave(2)':
        'OK',
    'x.repeat_interleave(2, dim=0)':
        'OK',
    'x.nan_to_num(nan=0.0)':
        'OK',
    'x.round(decimals=1)':
        'OK',
    'torch.round(x, decimals=2)':
        'OK',
    'x.mm(x.t())':
        'OK',
    'torch.matmul(x, x.t())':
        'OK',
    'x @ x.t()':
        'OK',
    'x.bmm':
        'OK',
    "torch.einsum('ij->j', x)":
        'OK',
    'x.abs()':
        'OK',
    'x.exp()':
        'OK',
    'torch.exp(x)':
        'OK',
    'x.sigmoid()':
        'OK',
    'x.tanh()':
        'OK',
    'F.relu(x)':
        'OK',
    'F.softmax(x, dim=1)':
        'OK',
    'F.linear(x, torch.ones(4, 3))':
        'OK',
    'F.dropout(x, 0.5, training=False)':
        'OK',
    'F.mse_loss(x, x)':
        'OK',
    'F.cross_entropy(x, torch.tensor([0, 1]))':
        'OK',
    'F.pad(x, (1, 1))':
        'OK',
    'F.layer_norm(x, (3,))':
        'OK',
    'F.one_hot(torch.tensor([0, 2]), 3)':
        'OK',
    'F.gelu(x)':
        'OK',
    'F.leaky_relu(x, 0.1)':
        'OK',
    'F.conv1d(torch.ones(1, 1, 5), torch.ones(1, 1, 3), padding=1)':
        'OK',
    'F.max_pool1d(torch.ones(1, 1, 4), 2)':
        'OK',
    'F.avg_pool2d(torch.ones(1, 1, 4, 4), 2)':
        'OK',
    'F.embedding(torch.tensor([0, 1]), torch.ones(3, 2))':
        'OK',
    'F.normalize(x, dim=1)':
        'OK',
    'F.interpolate(torch.ones(1, 1, 2), scale_factor=2)':
        'OK',
    'x.add(x, alpha=None)':
        "TypeError: add(): argument 'alpha' must be Number, not NoneType",
    'x.sum(keepdim=None)':
        'TypeError: sum() received an invalid combination of arguments - got (keepdim=NoneType, ), but expected one of:\n'
        ' * (*, torch.dtype dtype = None)\n'
        ' * (tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)',
    'x.sum(1, None)':
        "TypeError: sum(): argument 'keepdim' (position 2) must be bool, not NoneType",
    "x.mean(1, 'a')":
        "TypeError: mean(): argument 'keepdim' (position 2) must be bool, not str",
    "x.transpose(0, '1')":
        "TypeError: transpose(): argument 'dim1' (position 2) must be int, not str",
    'torch.zeros(2, dtype=float)':
        'OK',
    "torch.zeros(2, dtype='float32')":
        "TypeError: zeros(): argument 'dtype' must be torch.dtype, not str",
    'torch.zeros(2, device=1.0)':
        "TypeError: zeros(): argument 'device' must be torch.device, not float",
    'torch.zeros(2, requires_grad=1)':
        "TypeError: zeros(): argument 'requires_grad' must be bool, not int",
    "torch.ones(2, 3, requires_grad='a')":
        "TypeError: ones(): argument 'requires_grad' must be bool, not str",
    'torch.randn(2, dtype=1)':
        'TypeError: randn() received an invalid combination of arguments - got (int, dtype=int), but expected one of:\n'
        ' * (tuple of ints size, *, torch.Generator generator, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (tuple of ints size, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)',
    'torch.full((2,), [1])':
        "TypeError: full(): argument 'fill_value' (position 2) must be Number, not list",
    "torch.arange(0, 5, 'a')":
        'TypeError: arange() received an invalid combination of arguments - got (int, int, str), but expected one of:\n'
        ' * (Number end, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (Number start, Number end, *, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (Number start, Number end, Number step = 1, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)',
    'torch.arange(0, 5, step=None)':
        'TypeError: arange() received an invalid combination of arguments - got (int, int, step=NoneType), but expected one of:\n'
        ' * (Number end, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (Number start, Number end, *, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (Number start, Number end, Number step = 1, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)',
    'torch.linspace(0, 1, 5.0)':
        'TypeError: linspace() received an invalid combination of arguments - got (int, int, float), but expected one of:\n'
        ' * (Tensor start, Tensor end, int steps, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (Number start, Tensor end, int steps, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (Tensor start, Number end, int steps, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (Number start, Number end, int steps, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)',
    "torch.linspace(0, 1, steps='a')":
        'TypeError: linspace() received an invalid combination of arguments - got (int, int, steps=str), but expected one of:\n'
        ' * (Tensor start, Tensor end, int steps, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (Number start, Tensor end, int steps, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (Tensor start, Number end, int steps, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (Number start, Number end, int steps, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)',
    'torch.randint(0, 5, 3)':
        'TypeError: randint() received an invalid combination of arguments - got (int, int, int), but expected one of:\n'
        ' * (int high, tuple of ints size, *, torch.Generator generator, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (int high, tuple of ints size, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (int low, int high, tuple of ints size, *, torch.Generator generator, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (int low, int high, tuple of ints size, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)',
    'torch.randint(0, 5.0, (3,))':
        'TypeError: randint() received an invalid combination of arguments - got (int, float, tuple), but expected one of:\n'
        ' * (int high, tuple of ints size, *, torch.Generator generator, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (int high, tuple of ints size, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (int low, int high, tuple of ints size, *, torch.Generator generator, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (int low, int high, tuple of ints size, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)',
    'torch.randperm(4.0)':
        "TypeError: randperm(): argument 'n' (position 1) must be int, not float",
    "x.clamp_(min='a')":
        'TypeError: clamp_() received an invalid combination of arguments - got (min=str, ), but expected one of:\n'
        ' * (Tensor min = None, Tensor max = None)\n'
        ' * (Number min = None, Number max = None)',
    "x.addcmul(x, x, value='a')":
        "TypeError: addcmul(): argument 'value' must be Number, not str",
    'x.masked_fill(1, 2)':
        'TypeError: masked_fill() received an invalid combination of arguments - got (int, int), but expected one of:\n'
        ' * (Tensor mask, Tensor value)\n'
        "      didn't match because some of the arguments have invalid types: (!int!, !int!)\n"
        ' * (Tensor mask, Number value)\n'
        "      didn't match because some of the arguments have invalid types: (!int!, !int!)",
    "x.index_select('a', torch.tensor([0]))":
        "TypeError: index_select(): argument 'dim' (position 1) must be int, not str",
    'x.gather(1, [0])':
        "TypeError: gather(): argument 'index' (position 2) must be Tensor, not list",
    'x.scatter_(0, [0], 1.0)':
        'TypeError: scatter_() received an invalid combination of arguments - got (int, list, float), but expected one of:\n'
        ' * (int dim, Tensor index, Tensor src)\n'
        "      didn't match because some of the arguments have invalid types: (int, !list of [int]!, !float!)\n"
        ' * (int dim, Tensor index, Tensor src, *, str reduce)\n'
        ' * (int dim, Tensor index, Number value)\n'
        "      didn't match because some of the arguments have invalid types: (int, !list of [int]!, !float!)\n"
        ' * (int dim, Tensor index, Number value, *, str reduce)',
    'x.unsqueeze(dim=None)':
        "TypeError: unsqueeze(): argument 'dim' must be int, not NoneType",
    "x.squeeze('a')":
        'TypeError: squeeze() received an invalid combination of arguments - got (str), but expected one of:\n'
        ' * ()\n'
        "      didn't match because some of the arguments have invalid types: (!str!)\n"
        ' * (int dim)\n'
        "      didn't match because some of the arguments have invalid types: (!str!)\n"
        ' * (tuple of ints dim)\n'
        "      didn't match because some of the arguments have invalid types: (!str!)",
    'x.flatten(start_dim=0.0)':
        "TypeError: flatten(): argument 'start_dim' must be int, not float",
    "x.roll('a')":
        "TypeError: roll(): argument 'shifts' (position 1) must be tuple of ints, not str",
    'x.tril(0.5)':
        "TypeError: tril(): argument 'diagonal' (position 1) must be int, not float",
    "x.diag('a')":
        "TypeError: diag(): argument 'diagonal' (position 1) must be int, not str",
    'x.cumsum(None)':
        "TypeError: cumsum(): argument 'dim' (position 1) must be int, not NoneType",
    "x.prod('a')":
        'TypeError: prod() received an invalid combination of arguments - got (str), but expected one of:\n'
        ' * (*, torch.dtype dtype = None)\n'
        ' * (int dim, bool keepdim = False, *, torch.dtype dtype = None)',
    "x.logsumexp('a')":
        "TypeError: logsumexp(): argument 'dim' (position 1) must be tuple of ints, not str",
    'x.amax(1.0)':
        "TypeError: amax(): argument 'dim' (position 1) must be tuple of ints, not float",
    'x.topk(2, largest=1)':
        "TypeError: topk(): argument 'largest' must be bool, not int",
    'x.sort(stable=1)':
        'TypeError: sort() received an invalid combination of arguments - got (stable=int, ), but expected one of:\n'
        ' * (*, bool stable, int dim = -1, bool descending = False)\n'
        ' * (int dim = -1, bool descending = False)',
    'x.kthvalue(1.0)':
        "TypeError: kthvalue(): argument 'k' (position 1) must be int, not float",
    "x.unbind('a')":
        "TypeError: unbind(): argument 'dim' (position 1) must be int, not str",
    "x.new_zeros('a')":
        "TypeError: new_zeros(): argument 'size' (position 1) must be tuple of ints, not str",
    "x.new_full((2,), 'a')":
        "TypeError: new_full(): argument 'fill_value' (position 2) must be Number, not str",
    "x.repeat_interleave('a')":
        'TypeError: repeat_interleave() received an invalid combination of arguments - got (str), but expected one of:\n'
        ' * (Tensor repeats, int dim = None, *, int output_size = None)\n'
        ' * (int repeats, int dim = None, *, int output_size = None)',
    'x.round(decimals=0.5)':
        "TypeError: round(): argument 'decimals' must be int, not float",
    "x.nan_to_num(nan='a')":
        "TypeError: nan_to_num(): argument 'nan' must be float, not str",
    'x.mm(2)':
        "TypeError: mm(): argument 'mat2' (position 1) must be Tensor, not int",
    "torch.matmul(x, 'a')":
        "TypeError: matmul(): argument 'other' (position 2) must be Tensor, not str",
    'x.div(2, rounding_mode=1)':
        'TypeError: div() received an invalid combination of arguments - got (int, rounding_mode=int), but expected one of:\n'
        ' * (Tensor other)\n'
        ' * (Tensor other, *, str rounding_mode)\n'
        ' * (Number other, *, str rounding_mode)',
    'x.pow(x, 2)':
        'TypeError: pow() received an invalid combination of arguments - got (Tensor, int), but expected one of:\n'
        ' * (Tensor exponent)\n'
        ' * (Number exponent)',
    'x.softmax(dim=None)':
        "TypeError: softmax(): argument 'dim' must be int, not NoneType",
    'torch.cat([x, x], dim=None)':
        "TypeError: cat(): argument 'dim' must be int, not NoneType",
    'torch.stack([x, x], 0.0)':
        "TypeError: stack(): argument 'dim' (position 2) must be int, not float",
    "x.split(1, 'a')":
        'TypeError: split() received an invalid combination of arguments - got (Tensor, int, str), but expected one of:\n'
        ' * (Tensor input, int split_size, int dim = 0)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, int, !str!)\n"
        ' * (Tensor input, tuple of ints split_size, int dim = 0)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, !int!, !str!)",
    "x.chunk('a')":
        "TypeError: chunk(): argument 'chunks' (position 1) must be int, not str",
    "x.view(-1, 'a')":
        'TypeError: view(): argument \'size\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got str"',
    "x.expand('a')":
        "TypeError: expand(): argument 'size' (position 1) must be tuple of ints, not str",
    "x.permute('a')":
        "TypeError: permute(): argument 'dims' (position 1) must be tuple of ints, not str",
    'x.reshape(None)':
        "TypeError: reshape(): argument 'shape' (position 1) must be tuple of ints, not NoneType",
    'x.repeat(None)':
        "TypeError: repeat(): argument 'repeats' (position 1) must be tuple of ints, not NoneType",
    "x.requires_grad_('a')":
        "TypeError: requires_grad_(): argument 'requires_grad' (position 1) must be bool, not str",
    'x.to(1.5)':
        'OK',
    "x.norm(p='a')":
        'RuntimeError: linalg.matrix_norm: Order a not supported.',
    "x.std('a')":
        'TypeError: std() received an invalid combination of arguments - got (str), but expected one of:\n'
        ' * (tuple of ints dim, bool unbiased = True, bool keepdim = False)\n'
        ' * (tuple of ints dim = None, *, Number correction = None, bool keepdim = False)\n'
        ' * (bool unbiased = True)\n'
        "      didn't match because some of the arguments have invalid types: (!str!)",
    'F.softmax(x, dim=1.0)':
        "TypeError: softmax(): argument 'dim' (position 1) must be int, not float",
    'F.relu(x, inplace=1)':
        'OK',
    "F.linear(x, 'a')":
        "TypeError: linear(): argument 'weight' (position 2) must be Tensor, not str",
    'F.one_hot(torch.tensor([0, 2]), 3.0)':
        "TypeError: one_hot(): argument 'num_classes' (position 2) must be int, not float",
    'F.pad(x, (1.0, 1))':
        "TypeError: pad(): argument 'pad' (position 2) must be tuple of ints, but found element of type float at pos 0",
    'F.gelu(x, approximate=1)':
        "TypeError: gelu(): argument 'approximate' must be str, not int",
    "F.leaky_relu(x, 'a')":
        "TypeError: leaky_relu(): argument 'negative_slope' (position 2) must be Number, not str",
    'F.conv1d(torch.ones(1, 1, 5), torch.ones(1, 1, 3), padding=1.0)':
        'TypeError: conv1d() received an invalid combination of arguments - got (Tensor, Tensor, padding=float), but expected one of:\n'
        ' * (Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, tuple of ints padding = 0, tuple of ints dilation = 1, int groups = 1)\n'
        ' * (Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, str padding = "valid", tuple of ints dilation = 1, int groups = 1)',
    'F.max_pool1d(torch.ones(1, 1, 4), 2.0)':
        "TypeError: max_pool1d(): argument 'kernel_size' (position 2) must be tuple of ints, not float",
    'F.embedding([0, 1], torch.ones(3, 2))':
        "TypeError: embedding(): argument 'indices' (position 2) must be Tensor, not list",
    "F.dropout(x, 'a')":
        "TypeError: '<' not supported between instances of 'str' and 'float'",
    'F.cross_entropy(x, [0, 1])':
        "TypeError: cross_entropy_loss(): argument 'target' (position 2) must be Tensor, not list",
    'F.layer_norm(x, 3.0)':
        "TypeError: layer_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, not float",
    'torch.sin([1.0])':
        "TypeError: sin(): argument 'input' (position 1) must be Tensor, not list",
    'torch.sin(2)':
        "TypeError: sin(): argument 'input' (position 1) must be Tensor, not int",
    "torch.exp('a')":
        "TypeError: exp(): argument 'input' (position 1) must be Tensor, not str",
    'torch.tanh(None)':
        "TypeError: tanh(): argument 'input' (position 1) must be Tensor, not NoneType",
    'torch.sigmoid(np.float64(1))':
        "TypeError: sigmoid(): argument 'input' (position 1) must be Tensor, not numpy.float64",
    'torch.relu([1.])':
        "TypeError: relu(): argument 'input' (position 1) must be Tensor, not list",
    'torch.abs(1)':
        "TypeError: abs(): argument 'input' (position 1) must be Tensor, not int",
    'torch.mm(x, [1])':
        "TypeError: mm(): argument 'mat2' (position 2) must be Tensor, not list",
    'torch.dot(x[0], [1, 2, 3])':
        "TypeError: dot(): argument 'tensor' (position 2) must be Tensor, not list",
    "x.matmul('a')":
        "TypeError: matmul(): argument 'other' (position 1) must be Tensor, not str",
    'torch.bmm(x, 1)':
        "TypeError: bmm(): argument 'mat2' (position 2) must be Tensor, not int",
    'torch.outer(x[0], 2)':
        "TypeError: outer(): argument 'vec2' (position 2) must be Tensor, not int",
    'x.mv([1., 2, 3])':
        "TypeError: mv(): argument 'vec' (position 1) must be Tensor, not list",
    'torch.maximum(x, 1)':
        "TypeError: maximum(): argument 'other' (position 2) must be Tensor, not int",
    'torch.atan2(x, 1)':
        "TypeError: atan2(): argument 'other' (position 2) must be Tensor, not int",
    'x.expand_as(1)':
        "TypeError: expand_as(): argument 'other' (position 1) must be Tensor, not int",
    'x.type_as(1)':
        "TypeError: type_as(): argument 'other' (position 1) must be Tensor, not int",
    "torch.mul(x, 'a')":
        "TypeError: mul(): argument 'other' (position 2) must be Tensor, not str",
    'x.mul(x, x)':
        'TypeError: mul() takes 1 positional argument but 2 were given',
    'torch.isnan(1.0)':
        "TypeError: isnan(): argument 'input' (position 1) must be Tensor, not float",
    'torch.zeros_like([1])':
        "TypeError: zeros_like(): argument 'input' (position 1) must be Tensor, not list",
    'x.copy_(1)':
        'OK',
    'x.masked_select(1)':
        "TypeError: masked_select(): argument 'mask' (position 1) must be Tensor, not int",
    'x.view_as(1)':
        "TypeError: view_as(): argument 'other' (position 1) must be Tensor, not int",
    'x.reshape_as(1)':
        "TypeError: reshape_as(): argument 'other' (position 1) must be Tensor, not int",
    'F.softmax(x, 1.0)':
        "TypeError: softmax(): argument 'dim' (position 1) must be int, not float",
    "F.log_softmax(x, dim='a')":
        "TypeError: log_softmax(): argument 'dim' (position 1) must be int, not str",
    'F.softmin(x, 1.0)':
        "TypeError: softmax(): argument 'dim' (position 1) must be int, not float",
    'F.softmax(x, dim=1, dtype=1)':
        "TypeError: softmax(): argument 'dtype' must be torch.dtype, not int",
    'F.softmax(x, dim=np.int64(1))':
        'OK',
    'F.softmax(x, dim=torch.tensor(1))':
        'OK',
    'F.log_softmax(x, 1, dtype=torch.float64)':
        'OK',
    'F.softmax(x, dim=True)':
        "TypeError: softmax(): argument 'dim' (position 1) must be int, not bool",
    'x.amax(1, 1)':
        "TypeError: amax(): argument 'keepdim' (position 2) must be bool, not int",
    'x.amax(dim=(0, 1.0))':
        'TypeError: amax(): argument \'dim\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"',
    'x.amin(keepdim=1)':
        "TypeError: amin(): argument 'keepdim' must be bool, not int",
    'x.logsumexp(1, 1)':
        "TypeError: logsumexp(): argument 'keepdim' (position 2) must be bool, not int",
    'x.cumprod(1.0)':
        "TypeError: cumprod(): argument 'dim' (position 1) must be int, not float",
    'x.median(1.0)':
        "TypeError: median(): argument 'dim' (position 1) must be int, not float",
    'x.median(1, 1)':
        "TypeError: median(): argument 'keepdim' (position 2) must be bool, not int",
    'x.mode(1.0)':
        "TypeError: mode(): argument 'dim' (position 1) must be int, not float",
    'x.kthvalue(1, 1.0)':
        "TypeError: kthvalue(): argument 'dim' (position 2) must be int, not float",
    'torch.var_mean(x, 1, unbiased=1)':
        'TypeError: var_mean() received an invalid combination of arguments - got (Tensor, int, unbiased=int), but expected one of:\n'
        ' * (Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False)\n'
        ' * (Tensor input, tuple of ints dim = None, *, Number correction = None, bool keepdim = False)\n'
        ' * (Tensor input, bool unbiased = True)',
    "torch.std_mean(x, 'a')":
        'TypeError: std_mean() received an invalid combination of arguments - got (Tensor, str), but expected one of:\n'
        ' * (Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False)\n'
        ' * (Tensor input, tuple of ints dim = None, *, Number correction = None, bool keepdim = False)\n'
        ' * (Tensor input, bool unbiased = True)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, !str!)",
    'x.nansum(1.0)':
        "TypeError: nansum(): argument 'dim' (position 1) must be tuple of ints, not float",
    'x.count_nonzero(1.0)':
        'TypeError: count_nonzero() received an invalid combination of arguments - got (float), but expected one of:\n'
        ' * (int dim = None)\n'
        "      didn't match because some of the arguments have invalid types: (!float!)\n"
        ' * (tuple of ints dim)\n'
        "      didn't match because some of the arguments have invalid types: (!float!)",
    'x.aminmax(dim=1.0)':
        "TypeError: aminmax(): argument 'dim' must be int, not float",
    'x.movedim(0, 1.0)':
        'TypeError: movedim() received an invalid combination of arguments - got (int, float), but expected one of:\n'
        ' * (int source, int destination)\n'
        "      didn't match because some of the arguments have invalid types: (int, !float!)\n"
        ' * (tuple of ints source, tuple of ints destination)\n'
        "      didn't match because some of the arguments have invalid types: (!int!, !float!)",
    'x.swapaxes(0, 1.0)':
        "TypeError: swapaxes(): argument 'axis1' (position 2) must be int, not float",
    'x.tile(2.0)':
        "TypeError: tile(): argument 'dims' (position 1) must be tuple of ints, not float",
    'x.tile((2, 1.0))':
        'TypeError: tile(): argument \'dims\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"',
    'x.rot90(1.0)':
        "TypeError: rot90(): argument 'k' (position 1) must be int, not float",
    'x.diagonal(0.0)':
        "TypeError: diagonal(): argument 'offset' (position 1) must be int, not float",
    "x.triu('a')":
        "TypeError: triu(): argument 'diagonal' (position 1) must be int, not str",
    'x.unflatten(1, (3, 1.0))':
        'TypeError: unflatten(): argument \'sizes\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"',
    'x.unfold(0, 1.0, 1)':
        "TypeError: unfold(): argument 'size' (position 2) must be int, not float",
    'x.select(0, 1.0)':
        "TypeError: select(): argument 'index' (position 2) must be int, not float",
    "x.moveaxis(0, 'a')":
        'TypeError: moveaxis() received an invalid combination of arguments - got (int, str), but expected one of:\n'
        ' * (int source, int destination)\n'
        "      didn't match because some of the arguments have invalid types: (int, !str!)\n"
        ' * (tuple of ints source, tuple of ints destination)\n'
        "      didn't match because some of the arguments have invalid types: (!int!, !str!)",
    'torch.flatten(x, 0.0)':
        "TypeError: flatten(): argument 'start_dim' (position 2) must be int, not float",
    'torch.squeeze(x, 0.0)':
        'TypeError: squeeze() received an invalid combination of arguments - got (Tensor, float), but expected one of:\n'
        ' * (Tensor input)\n'
        ' * (Tensor input, int dim)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, !float!)\n"
        ' * (Tensor input, tuple of ints dim)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, !float!)",
    'torch.transpose(x, 0.0, 1)':
        "TypeError: transpose(): argument 'dim0' (position 2) must be int, not float",
    'torch.permute(x, (1.0, 0))':
        "TypeError: permute(): argument 'dims' (position 2) must be tuple of ints, but found element of type float at pos 0",
    'torch.reshape(x, (3, 2.0))':
        'TypeError: reshape(): argument \'shape\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"',
    "torch.unsqueeze(x, 'a')":
        "TypeError: unsqueeze(): argument 'dim' (position 2) must be int, not str",
    'torch.narrow(x, 0, 0, 1.0)':
        'TypeError: narrow() received an invalid combination of arguments - got (Tensor, int, int, float), but expected one of:\n'
        ' * (Tensor input, int dim, Tensor start, int length)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, int, !int!, !float!)\n"
        ' * (Tensor input, int dim, int start, int length)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, int, int, !float!)",
    'torch.chunk(x, 2.0)':
        "TypeError: chunk(): argument 'chunks' (position 2) must be int, not float",
    'torch.tensor_split(x, 2.0)':
        'TypeError: tensor_split() received an invalid combination of arguments - got (Tensor, float), but expected one of:\n'
        ' * (Tensor input, tuple of ints indices, int dim = 0)\n'
        ' * (Tensor input, Tensor tensor_indices_or_sections, int dim = 0)\n'
        ' * (Tensor input, int sections, int dim = 0)',
    'torch.movedim(x, 0.0, 1)':
        'TypeError: movedim() received an invalid combination of arguments - got (Tensor, float, int), but expected one of:\n'
        ' * (Tensor input, int source, int destination)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, !float!, int)\n"
        ' * (Tensor input, tuple of ints source, tuple of ints destination)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, !float!, !int!)",
    "torch.zeros_like(x, dtype='a')":
        "TypeError: zeros_like(): argument 'dtype' must be torch.dtype, not str",
    "torch.full_like(x, 'a')":
        "TypeError: full_like(): argument 'fill_value' (position 2) must be Number, not str",
    'torch.rand_like(x, dtype=1)':
        'TypeError: rand_like() received an invalid combination of arguments - got (Tensor, dtype=int), but expected one of:\n'
        ' * (Tensor input, *, torch.Generator generator, torch.memory_format memory_format = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (Tensor input, *, torch.memory_format memory_format = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)',
    "torch.empty(2, 'a')":
        'TypeError: empty(): argument \'size\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got str"',
    'torch.empty((2, 3), dtype=torch.float64, requires_grad=1)':
        "TypeError: empty(): argument 'requires_grad' must be bool, not int",
    'torch.ones_like(x, requires_grad=1)':
        "TypeError: ones_like(): argument 'requires_grad' must be bool, not int",
    'torch.randn_like(x, 1)':
        'TypeError: randn_like() received an invalid combination of arguments - got (Tensor, int), but expected one of:\n'
        ' * (Tensor input, *, torch.Generator generator, torch.memory_format memory_format = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (Tensor input, *, torch.memory_format memory_format = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)',
    'torch.normal(0.0, 1.0, (2,), generator=1)':
        'TypeError: normal() received an invalid combination of arguments - got (float, float, tuple, generator=int), but expected one of:\n'
        ' * (Tensor mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n'
        ' * (Tensor mean, float std = 1, *, torch.Generator generator = None, Tensor out = None)\n'
        ' * (float mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n'
        ' * (float mean, float std, tuple of ints size, *, torch.Generator generator = None, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)',
    "torch.normal(x, 'a')":
        'TypeError: normal() received an invalid combination of arguments - got (Tensor, str), but expected one of:\n'
        ' * (Tensor mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n'
        ' * (Tensor mean, float std = 1, *, torch.Generator generator = None, Tensor out = None)\n'
        ' * (float mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n'
        ' * (float mean, float std, tuple of ints size, *, torch.Generator generator = None, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)',
    "torch.bernoulli(x, p='a')":
        'TypeError: bernoulli() received an invalid combination of arguments - got (Tensor, p=str), but expected one of:\n'
        ' * (Tensor input, *, torch.Generator generator = None, Tensor out = None)\n'
        ' * (Tensor input, float p, *, torch.Generator generator = None)',
    'torch.multinomial(x, 1.0)':
        "TypeError: multinomial(): argument 'num_samples' (position 2) must be int, not float",
    "torch.randint(10, (2,), dtype='a')":
        'TypeError: randint() received an invalid combination of arguments - got (int, tuple, dtype=str), but expected one of:\n'
        ' * (int high, tuple of ints size, *, torch.Generator generator, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (int high, tuple of ints size, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (int low, int high, tuple of ints size, *, torch.Generator generator, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (int low, int high, tuple of ints size, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)',
    'torch.tril_indices(3, 3.0)':
        "TypeError: tril_indices(): argument 'col' (position 2) must be int, not float",
    'torch.logspace(0, 1, 5.0)':
        'TypeError: logspace() received an invalid combination of arguments - got (int, int, float), but expected one of:\n'
        ' * (Tensor start, Tensor end, int steps, float base = 10.0, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (Number start, Tensor end, int steps, float base = 10.0, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (Tensor start, Number end, int steps, float base = 10.0, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'
        ' * (Number start, Number end, int steps, float base = 10.0, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)',
    'x.scatter_add(0, [0], x)':
        "TypeError: scatter_add(): argument 'index' (position 2) must be Tensor, not list",
    'torch.take_along_dim(x, [0])':
        "TypeError: take_along_dim(): argument 'indices' (position 2) must be Tensor, not list",
    'x.masked_scatter(x > 0, 1)':
        "TypeError: masked_scatter(): argument 'source' (position 2) must be Tensor, not int",
    "x.index_put_((torch.tensor([0]),), 'a')":
        "TypeError: index_put_(): argument 'values' (position 2) must be Tensor, not str",
    'x.put_(torch.tensor([0]), 1)':
        "TypeError: put_(): argument 'source' (position 2) must be Tensor, not int",
    'x.take([0])':
        "TypeError: take(): argument 'index' (position 1) must be Tensor, not list",
    "x.addmm(x, x.t(), beta='a')":
        "TypeError: addmm(): argument 'beta' must be Number, not str",
    'torch.addmm(x, x, x.t(), alpha=None)':
        'TypeError: addmm() received an invalid combination of arguments - got (Tensor, Tensor, Tensor, alpha=NoneType), but expected one of:\n'
        ' * (Tensor input, Tensor mat1, Tensor mat2, *, Number beta = 1, Number alpha = 1, Tensor out = None)\n'
        ' * (Tensor input, Tensor mat1, Tensor mat2, torch.dtype out_dtype, *, Number beta = 1, Number alpha = 1, Tensor out = None)',
    "x.addcdiv(x, x, value='a')":
        "TypeError: addcdiv(): argument 'value' must be Number, not str",
    'x.lerp(x, weight=None)':
        'TypeError: lerp() received an invalid combination of arguments - got (Tensor, weight=NoneType), but expected one of:\n'
        ' * (Tensor end, Tensor weight)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, !weight=NoneType!)\n"
        ' * (Tensor end, Number weight)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, !weight=NoneType!)",
    "x.fmod('a')":
        'TypeError: fmod() received an invalid combination of arguments - got (str), but expected one of:\n'
        ' * (Tensor other)\n'
        "      didn't match because some of the arguments have invalid types: (!str!)\n"
        ' * (Number other)\n'
        "      didn't match because some of the arguments have invalid types: (!str!)",
    'x.remainder(None)':
        'TypeError: remainder() received an invalid combination of arguments - got (NoneType), but expected one of:\n'
        ' * (Tensor other)\n'
        "      didn't match because some of the arguments have invalid types: (!NoneType!)\n"
        ' * (Number other)\n'
        "      didn't match because some of the arguments have invalid types: (!NoneType!)",
    "x.clamp_min('a')":
        'TypeError: clamp_min() received an invalid combination of arguments - got (str), but expected one of:\n'
        ' * (Tensor min)\n'
        "      didn't match because some of the arguments have invalid types: (!str!)\n"
        ' * (Number min)\n'
        "      didn't match because some of the arguments have invalid types: (!str!)",
    'x.clamp_max(None)':
        'TypeError: clamp_max() received an invalid combination of arguments - got (NoneType), but expected one of:\n'
        ' * (Tensor max)\n'
        "      didn't match because some of the arguments have invalid types: (!NoneType!)\n"
        ' * (Number max)\n'
        "      didn't match because some of the arguments have invalid types: (!NoneType!)",
    "torch.clip(x, 'a')":
        'TypeError: clip() received an invalid combination of arguments - got (Tensor, str), but expected one of:\n'
        ' * (Tensor input, Tensor min = None, Tensor max = None, *, Tensor out = None)\n'
        ' * (Tensor input, Number min = None, Number max = None, *, Tensor out = None)',
    "x.sub(x, alpha='a')":
        "TypeError: sub(): argument 'alpha' must be Number, not str",
    'torch.sub(x, x, alpha=None)':
        "TypeError: sub(): argument 'alpha' must be Number, not NoneType",
    'x.div(x, rounding_mode=None)':
        'OK',
    "x.div(x, rounding_mode='a')":
        "RuntimeError: div expected rounding_mode to be one of None, 'trunc', or 'floor' but found 'a'",
    "torch.true_divide(x, 'a')":
        'TypeError: true_divide() received an invalid combination of arguments - got (Tensor, str), but expected one of:\n'
        ' * (Tensor input, Tensor other, *, Tensor out = None)\n'
        ' * (Tensor input, Number other)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, !str!)",
    "x.floor_divide('a')":
        'TypeError: floor_divide() received an invalid combination of arguments - got (str), but expected one of:\n'
        ' * (Tensor other)\n'
        "      didn't match because some of the arguments have invalid types: (!str!)\n"
        ' * (Number other)\n'
        "      didn't match because some of the arguments have invalid types: (!str!)",
    "x.eq('a')":
        'TypeError: eq() received an invalid combination of arguments - got (str), but expected one of:\n'
        ' * (Tensor other)\n'
        "      didn't match because some of the arguments have invalid types: (!str!)\n"
        ' * (Number other)\n'
        "      didn't match because some of the arguments have invalid types: (!str!)",
    'x.lt(None)':
        'TypeError: lt() received an invalid combination of arguments - got (NoneType), but expected one of:\n'
        ' * (Tensor other)\n'
        "      didn't match because some of the arguments have invalid types: (!NoneType!)\n"
        ' * (Number other)\n'
        "      didn't match because some of the arguments have invalid types: (!NoneType!)",
    "torch.isclose(x, x, rtol='a')":
        "TypeError: isclose(): argument 'rtol' must be float, not str",
    'torch.allclose(x, x, atol=None)':
        "TypeError: allclose(): argument 'atol' must be float, not NoneType",
    'torch.equal(x, 1)':
        "TypeError: equal(): argument 'other' (position 2) must be Tensor, not int",
    'x.masked_fill_(x > 0, None)':
        'TypeError: masked_fill_() received an invalid combination of arguments - got (Tensor, NoneType), but expected one of:\n'
        ' * (Tensor mask, Tensor value)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, !NoneType!)\n"
        ' * (Tensor mask, Number value)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, !NoneType!)",
    "x.nan_to_num(posinf='a')":
        "TypeError: nan_to_num(): argument 'posinf' must be float, not str",
    'torch.cross(x, x, dim=1.0)':
        "TypeError: cross(): argument 'dim' must be int, not float",
    "torch.dist(x, x, p='a')":
        "TypeError: dist(): argument 'p' must be Number, not str",
    'torch.diff(x, n=1.0)':
        "TypeError: diff(): argument 'n' must be int, not float",
    'torch.cumsum(x, 1, dtype=1)':
        "TypeError: cumsum(): argument 'dtype' must be torch.dtype, not int",
    'torch.trace(x, 1)':
        'TypeError: trace() takes 1 positional argument but 2 were given',
    'torch.outer(x[0], x[0], 1)':
        'TypeError: outer() takes 2 positional arguments but 3 were given',
    'F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 3, 3), stride=1.0)':
        'TypeError: conv2d() received an invalid combination of arguments - got (Tensor, Tensor, stride=float), but expected one of:\n'
        ' * (Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, tuple of ints padding = 0, tuple of ints dilation = 1, int groups = 1)\n'
        ' * (Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, str padding = "valid", tuple of ints dilation = 1, int groups = 1)',
    "F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 3, 3), padding='a')":
        "RuntimeError: Invalid padding string: 'a'",
    'F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 3, 3), None, 1, 0, 1, 1.0)':
        'TypeError: conv2d() received an invalid combination of arguments - got (Tensor, Tensor, NoneType, int, int, int, float), but expected one of:\n'
        ' * (Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, tuple of ints padding = 0, tuple of ints dilation = 1, int groups = 1)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, Tensor, !NoneType!, !int!, !int!, !int!, !float!)\n"
        ' * (Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, str padding = "valid", tuple of ints dilation = 1, int groups = 1)\n'
        "      didn't match because some of the arguments have invalid types: (Tensor, Tensor, !NoneType!, !int!, !int!, !int!, !float!)",
    "F.linear(x, torch.ones(4, 3), 'a')":
        "TypeError: linear(): argument 'bias' (position 3) must be Tensor, not str",
    'F.avg_pool2d(torch.ones(1, 1, 4, 4), 2, ceil_mode=1)':
        "TypeError: avg_pool2d(): argument 'ceil_mode' must be bool, not int",
    'F.pixel_shuffle(torch.ones(1, 4, 2, 2), 2.0)':
        "TypeError: pixel_shuffle(): argument 'upscale_factor' (position 2) must be int, not float",
    'F.cosine_similarity(x, x, dim=1.0)':
        "TypeError: cosine_similarity(): argument 'dim' must be int, not float",
    "F.pairwise_distance(x, x, p='a')":
        "TypeError: pairwise_distance(): argument 'p' must be float, not str",
    "F.softplus(x, beta='a')":
        "TypeError: softplus(): argument 'beta' must be Number, not str",
    "F.hardshrink(x, 'a')":
        "TypeError: hardshrink(): argument 'lambd' (position 2) must be Number, not str",
    "F.gelu(x, 'tanh')":
        'TypeError: gelu() takes 1 positional argument but 2 were given',
    'F.one_hot(torch.tensor([0]), num_classes=None)':
        "TypeError: one_hot(): argument 'num_classes' must be int, not NoneType",
    'F.linear(x, torch.ones(4, 3), bias=1)':
        "TypeError: linear(): argument 'bias' must be Tensor, not int",
    'F.conv1d(torch.ones(1, 1, 5), torch.ones(1, 1, 3), groups=1.0)':
        'TypeError: conv1d() received an invalid combination of arguments - got (Tensor, Tensor, groups=float), but expected one of:\n'
        ' * (Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, tuple of ints padding = 0, tuple of ints dilation = 1, int groups = 1)\n'
        ' * (Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, str padding = "valid", tuple of ints dilation = 1, int groups = 1)',
    'F.avg_pool1d(torch.ones(1, 1, 4), 2.0)':
        "TypeError: avg_pool1d(): argument 'kernel_size' (position 2) must be tuple of ints, not float",
    'F.adaptive_avg_pool1d(torch.ones(1, 1, 4), 2.0)':
        "TypeError: adaptive_avg_pool1d(): argument 'output_size' (position 2) must be tuple of ints, not float",
    'x.sum(dim=(0,), keepdim=False, dtype=torch.float64)':
        'OK',
    'x.amax(dim=(0, 1))':
        'OK',
    'x.movedim((0, 1), (1, 0))':
        'OK',
    'x.tile((2, 1))':
        'OK',
    'x.unflatten(1, (3, 1))':
        'OK',
    'x.select(0, np.int64(1))':
        'OK',
    'torch.tensor_split(x, [1], dim=1)':
        'OK',
    'torch.normal(0.0, 1.0, (2,))':
        'OK',
    'torch.normal(x, 1.0)':
        'OK',
    'x.index_fill(0, torch.tensor([0]), 2)':
        'OK',
    'x.addmm(x, x.t(), beta=0.5, alpha=2)':
        'RuntimeError: The expanded size of the tensor (2) must match the existing size (3) at non-singleton dimension 1.  Target sizes: [2, 2].  Tensor sizes: [2, 3]',
    'x.clamp_min(0.5)':
        'OK',
    "x.div(x, rounding_mode='trunc')":
        'OK',
    'torch.isclose(x, x, rtol=1e-3)':
        'OK',
    'torch.cross(torch.ones(2, 3), torch.ones(2, 3), dim=1)':
        'OK',
    'torch.cdist(x, x, p=1)':
        'OK',
    'torch.diff(x, n=1, dim=0)':
        'OK',
    "F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 3, 3), stride=(1, 1), padding='same')":
        'OK',
    'F.avg_pool2d(torch.ones(1, 1, 4, 4), (2, 2), ceil_mode=True)':
        'OK',
    'F.linear(x, torch.ones(4, 3), torch.zeros(4))':
        'OK',
    'x.masked_fill(torch.tensor(False), 0)':
        'OK',
    'x.put_(torch.tensor([0]), torch.tensor([5.]))':
        'OK',
    'x.lerp(x, torch.tensor(0.5))':
        'OK',
    'torch.where(x > 0, x, torch.tensor(0.))':
        'OK',
    'F.pad(x, (1, 1.0))':
        'TypeError: pad(): argument \'pad\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"',
    'F.pad(x, 1)':
        "TypeError: pad(): argument 'pad' (position 2) must be tuple of ints, not int",
    'F.pad(x, (1, 1), mode=1)':
        "TypeError: pad(): argument 'mode' (position 3) must be str, not int",
    "F.pad(x, (1, 1), value='a')":
        "TypeError: pad(): argument 'value' (position 4) must be float, not str",
    'F.pad(x, pad=(1, 1), value=1)':
        'OK',
    'F.pad(x, [1, np.int64(1)])':
        'OK',
    'F.leaky_relu(x, negative_slope=None)':
        "TypeError: leaky_relu(): argument 'negative_slope' (position 2) must be Number, not NoneType",
    'F.leaky_relu(x, 0.2)':
        'OK',
    'F.leaky_relu(x, torch.tensor(0.2))':
        'OK',
    'F.embedding(torch.tensor([0, 1]), [[1.0]])':
        "TypeError: embedding(): argument 'weight' (position 1) must be Tensor, not list",
    'F.embedding(torch.tensor([0, 1]), torch.ones(3, 2), padding_idx=1.0)':
        "TypeError: embedding(): argument 'padding_idx' (position 3) must be int, not float",
    'F.embedding(torch.tensor([0, 1]), torch.ones(3, 2), scale_grad_by_freq=1)':
        "TypeError: embedding(): argument 'scale_grad_by_freq' (position 4) must be bool, not int",
    'F.embedding(torch.tensor([0, 1]), torch.ones(3, 2), padding_idx=-1)':
        'OK',
    'F.max_pool1d(torch.ones(1, 1, 4), 2, stride=1.0)':
        "TypeError: max_pool1d(): argument 'stride' (position 3) must be tuple of ints, not float",
    'F.max_pool1d(torch.ones(1, 1, 4), 2, ceil_mode=1)':
        "TypeError: max_pool1d(): argument 'ceil_mode' (position 6) must be bool, not int",
    'F.max_pool2d(torch.ones(1, 1, 4, 4), 2, padding=(0, 0.0))':
        'TypeError: max_pool2d(): argument \'padding\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"',
    'F.max_pool2d(torch.ones(1, 1, 4, 4), (2, 2), 2)':
        'OK',
    'F.max_pool2d(torch.ones(1, 1, 4, 4), 2, return_indices=True)[1].shape':
        'OK',
    'F.cross_entropy(x, torch.tensor([0, 1]), ignore_index=1.0)':
        "TypeError: cross_entropy_loss(): argument 'ignore_index' (position 5) must be int, not float",
    "F.cross_entropy(x, torch.tensor([0, 1]), label_smoothing='a')":
        "TypeError: cross_entropy_loss(): argument 'label_smoothing' (position 6) must be float, not str",
    'F.cross_entropy(x, torch.tensor([0, 1]), weight=[1.0, 1, 1])':
        "TypeError: cross_entropy_loss(): argument 'weight' (position 3) must be Tensor, not list",
    "F.cross_entropy(x, torch.tensor([0, 1]), reduction='sum')":
        'OK',
    "F.cross_entropy(x, torch.tensor([0, 1]), reduction='bad')":
        'ValueError: bad is not a valid value for reduction',
    'F.cross_entropy(x, torch.tensor([0, 1]), label_smoothing=0.1)':
        'OK',
}

HEAD = "import torch\nimport numpy as np\nimport torch.nn.functional as F\nx = torch.ones(2, 3)\n"


def outcome(call: str) -> str:
    out = io.StringIO()
    run_source(HEAD + "try:\n    " + call + "\n    print('OK')\nexcept Exception as e:\n"
               "    print(type(e).__name__ + ': ' + str(e))\n", "t.grad", out=out)
    return out.getvalue().rstrip("\n")


@pytest.mark.parametrize("call", CASES)
def test_calls_are_parsed_as_pytorch_parses_them(call):
    assert outcome(call) == CASES[call]


def test_the_library_refuses_as_the_interpreter_does():
    x = torch.ones(2, 3)
    with pytest.raises(TypeError) as info:
        x.sum(1, 2)
    assert str(info.value) == "sum(): argument 'keepdim' (position 2) must be bool, not int"
    with pytest.raises(TypeError) as info:
        torch.ones((2, 3), 5)
    assert str(info.value) == "ones() takes 1 positional argument but 2 were given"


def test_numpy_and_tensor_ints_reach_the_op_as_ints():
    x = torch.tensor([[3.0, 1.0, 2.0]])
    assert x.topk(np.int64(2)).values.tolist() == [[3.0, 2.0]]
    assert x.sum(axis=np.int32(1)).tolist() == [6.0]
    assert x.view(np.int64(3), torch.tensor(1)).shape == (3, 1)
    assert x.pow(np.int64(2)).tolist() == [[9.0, 1.0, 4.0]]
    assert [t.shape for t in x.split(torch.tensor(2), 1)] == [(1, 2), (1, 1)]



DEPRECATED = """import torch
x = torch.ones(2)
m = torch.ones(2, 2)
print(x.add(2, x))
print(torch.add(x, 2, x))
print(x.sub(2, x), torch.sub(x, 2, x))
print(x.addcmul(2, x, x), x.addcdiv(3, x, x), torch.addcmul(x, 2, x, x))
print(torch.addmm(2, m, m, m))
print(m.addmm(2, 3, m, m), m.addmm(2, m, m))
print(torch.addmv(2, x, m, x), torch.baddbmm(2, m[None], m[None], m[None]))
print(x.add_(2, x))
"""
DEPRECATED_OUT = """tensor([3., 3.])
tensor([3., 3.])
tensor([-1., -1.]) tensor([-1., -1.])
tensor([3., 3.]) tensor([4., 4.]) tensor([3., 3.])
tensor([[4., 4.],
        [4., 4.]])
tensor([[8., 8.],
        [8., 8.]]) tensor([[4., 4.],
        [4., 4.]])
tensor([4., 4.]) tensor([[[4., 4.],
         [4., 4.]]])
tensor([3., 3.])
"""


def test_deprecated_signatures_are_called_as_the_current_ones():
    out = io.StringIO()
    run_source(DEPRECATED, "t.grad", out=out)
    assert out.getvalue() == DEPRECATED_OUT


def test_a_deprecated_signature_warns_once_a_process():
    import warnings
    from gradcli.errors import reset_once_warnings
    reset_once_warnings()                    # once per formula run, as a new process
    x = torch.ones(2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        x.add(2, x)
        x.sub(2, x)
    assert [str(w.message) for w in caught] == [
        "This overload of add is deprecated:\n\tadd(Number alpha, Tensor other)\nConsider "
        "using one of the following signatures instead:\n\tadd(Tensor other, *, Number alpha "
        "= 1) (Triggered internally at /__w/pytorch/pytorch/torch/csrc/utils/"
        "python_arg_parser.cpp:1841.)"]
