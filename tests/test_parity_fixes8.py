"""Mismatches with PyTorch 2.13 found by comparing programs run by gradcli and by torch 2.13
(session 19, helper 8): float64 lgamma's last bit, the names of NotImplemented nodes,
binomial's broadcast, torch.binary_cross_entropy_with_logits's reduction, the rounding of
sums over several dims and of non-contiguous sums. Each expected output is what torch 2.13
printed (`!W` lines are warnings, `!!` the error that ends the program)."""
from __future__ import annotations

import pytest

from test_autograd_parity4 import run

_RESIZED = ("!W UserWarning: An output with one or more elements was resized since it had "
            "shape {}, which does not match the required output shape [2, 2]. This behavior "
            "is deprecated, and in a future PyTorch release outputs will not be resized unless "
            "they have zero elements. You can explicitly reuse an out tensor t by resizing it, "
            "inplace, to zero elements with t.resize_(0). (Triggered internally at "
            "/__w/pytorch/pytorch/aten/src/ATen/native/Resize.cpp:30.)\n")
_SCATTER = ("!W UserWarning: The reduce argument of torch.scatter with Tensor src is deprecated "
            "and will be removed in a future PyTorch release. Use torch.scatter_reduce instead "
            "for more reduction options. (Triggered internally at "
            "/__w/pytorch/pytorch/aten/src/ATen/native/TensorAdvancedIndexing.cpp:225.)\n")

CASES = [
    # float64 lgamma: the C library's (glibc), not CPython's math.lgamma (...7004 at 0.5)
    ("print(torch.lgamma(torch.tensor([0.5, 2.5, -0.5], dtype=torch.float64)).tolist())",
     "[0.5723649429247001, 0.2846828704729192, 1.2655121234846454]\n"),
    # the nodes without a derivative are C++'s torch::autograd::NotImplemented
    ("a = torch.tensor([1., -2., 0.], requires_grad=True)\n"
     "print(torch.heaviside(a, torch.tensor(0.5)).grad_fn.name())\n"
     "print((a // 2).grad_fn.name(), (3 % a).grad_fn.name())\n"
     "h = torch.histogram(torch.tensor([1., 2.]), 2, weight=torch.tensor([1., 1.], "
     "requires_grad=True))\nprint(h[0].grad_fn.name())",
     "torch::autograd::NotImplemented\n"
     "torch::autograd::NotImplemented torch::autograd::NotImplemented\n"
     "torch::autograd::NotImplemented\n"),
    # scatter(reduce=) with a Tensor src: its deprecation warning (once), then its node
    ("a = torch.tensor([1., -2., 0.], requires_grad=True)\n"
     "print(a.scatter(0, torch.tensor([0]), torch.tensor([1.]), reduce='add').grad_fn.name())\n"
     "print(a.scatter(0, torch.tensor([0]), torch.tensor([1.]), reduce='multiply'))",
     _SCATTER + "torch::autograd::NotImplemented\n"
     "tensor([ 1., -2.,  0.], grad_fn=<NotImplemented>)\n"),
    # binomial resizes its output (count's shape) to the broadcast shape, with a warning
    ("torch.manual_seed(0)\n"
     "print(torch.binomial(torch.tensor([[5.], [6.]]), torch.tensor([0.5, 0.5])))\n"
     "print(torch.binomial(torch.tensor([5., 7.]), torch.tensor([[0.5], [0.2]])))\n"
     "print(torch.rand(2))",
     _RESIZED.format("[2, 1]") + "tensor([[4., 2.],\n        [3., 3.]])\n"
     + _RESIZED.format("[2]") + "tensor([[2., 3.],\n        [1., 2.]])\n"
     "tensor([0.5932, 0.1123])\n"),
    # torch.binary_cross_entropy_with_logits (ATen's): no reduction by default, an int one
    ("a = torch.tensor([[0.5, -1.], [2., 0.]], requires_grad=True)\n"
     "t = torch.tensor([[1., 0.], [0., 1.]])\n"
     "print(torch.binary_cross_entropy_with_logits(a, t))\n"
     "print(torch.binary_cross_entropy_with_logits(a, t, None, torch.tensor([2., 1.]), 2))\n"
     "torch.binary_cross_entropy_with_logits(a, t, reduction='mean')",
     "tensor([[0.4741, 0.3133],\n        [2.1269, 0.6931]], "
     "grad_fn=<BinaryCrossEntropyWithLogitsBackward0>)\n"
     "tensor(4.0815, grad_fn=<BinaryCrossEntropyWithLogitsBackward0>)\n"
     "!! TypeError: binary_cross_entropy_with_logits(): argument 'reduction' must be int, "
     "not str\n"),
    # sums over several dims, and of non-contiguous tensors, in TensorIterator's order
    ("gy = torch.tensor([[[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], [[0.7, 0.8, 0.9], [1.0, 1.1, 1.2]]])\n"
     "print(gy.sum((1, 2), True).tolist(), gy.mean((1, 2)).tolist())",
     "[[[2.1000001430511475]], [[5.699999809265137]]] [0.3500000238418579, 0.949999988079071]\n"),
    ("x = torch.arange(60.).reshape(3, 4, 5) / 7 - 2.9\n"
     "print(x.sum((0, 2)).tolist())\nprint(x.transpose(0, 2).sum((1, 2)).tolist())\n"
     "print(x[:, ::2].sum().item(), x.sum((0, 1)).tolist())",
     "[3.6428565979003906, 14.357139587402344, 25.071426391601562, 35.78571319580078]\n"
     "[12.342855453491211, 14.05714225769043, 15.771427154541016, 17.485713958740234, "
     "19.19999885559082]\n"
     "28.714282989501953 [12.342855453491211, 14.05714225769043, 15.771427154541016, "
     "17.485713958740234, 19.19999885559082]\n"),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_prints_what_pytorch_printed(source, expected):
    assert run(source) == expected


def test_setitem_of_the_whole_tensor_and_of_bool_keys_as_pytorch():
    """x[...] = v, x[:] = v, x[()] = v write the whole tensor as PyTorch's copy_to does
    (fill_: FillBackward3 for a number or 0-d tensor; copy_ of v without its leading 1s,
    expanded: CopyBackwards, expand's errors); a 0-d bool tensor index goes through a view
    (CopySlices), a False index writes nothing (torch 2.13's printed output)."""
    from test_autograd_parity4 import run
    source = (
        "def t(key, val):\n    x = torch.ones(2, 3, requires_grad=True) * 1\n    try:\n"
        "        x[key] = val\n        print(x.grad_fn.name(), x.tolist())\n"
        "    except Exception as e:\n        print(type(e).__name__, e)\n"
        "t(torch.tensor(True), 5.)\nt(torch.tensor(False), 5.)\nt(Ellipsis, 5.)\n"
        "t(Ellipsis, torch.tensor([1., 2., 3.]))\nt(False, 7.)\nt(True, 7.)\n"
        "t(slice(None), 4.)\nt((slice(None), slice(None)), torch.tensor(2.))\nt(None, 3.)\n"
        "t((), 2.)\nt(torch.tensor(True), torch.tensor([1., 2., 3.]))\n"
        "t(slice(None), torch.ones(5))\nt(Ellipsis, torch.ones(1, 2, 3))\n"
        "t(Ellipsis, torch.ones(3, 2, 3))\n")
    assert run(source) == (
        "torch::autograd::CopySlices [[5.0, 5.0, 5.0], [5.0, 5.0, 5.0]]\n"
        "torch::autograd::CopySlices [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]\n"
        "FillBackward3 [[5.0, 5.0, 5.0], [5.0, 5.0, 5.0]]\n"
        "torch::autograd::CopyBackwards [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]\n"
        "MulBackward0 [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]\n"
        "torch::autograd::CopySlices [[7.0, 7.0, 7.0], [7.0, 7.0, 7.0]]\n"
        "FillBackward3 [[4.0, 4.0, 4.0], [4.0, 4.0, 4.0]]\n"
        "FillBackward3 [[2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]\n"
        "torch::autograd::CopySlices [[3.0, 3.0, 3.0], [3.0, 3.0, 3.0]]\n"
        "FillBackward3 [[2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]\n"
        "torch::autograd::CopySlices [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]\n"
        "RuntimeError The expanded size of the tensor (3) must match the existing size (5) at "
        "non-singleton dimension 1.  Target sizes: [2, 3].  Tensor sizes: [5]\n"
        "torch::autograd::CopyBackwards [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]\n"
        "RuntimeError expand(torch.FloatTensor{[3, 2, 3]}, size=[2, 3]): the number of sizes "
        "provided (2) must be greater or equal to the number of dimensions in the tensor (3)\n")
