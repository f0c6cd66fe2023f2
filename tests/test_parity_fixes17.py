"""Differences from PyTorch 2.13 found in session 31 by running programs through both; each
expected output is what torch 2.13 printed (format of test_autograd_parity4: `!W Category:
message` for a warning, `!! Type: message` for the error that ends the program)."""
from __future__ import annotations

import pytest

from test_autograd_parity4 import run

_T_WARNING = (
    "!W UserWarning: The use of `x.T` on tensors of dimension other than 2 to reverse their "
    "shape is deprecated and it will throw an error in a future release. Consider `x.mT` to "
    "transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to "
    "reverse the dimensions of a tensor. (Triggered internally at "
    "/__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4314.)\n")

CASES = [
    # x.T warns on a 1-D tensor too (every dimension but 2 and 0), once per process
    ("print(torch.ones(3).T)\nprint(torch.ones(2,2,2).T.shape)\n",
     _T_WARNING + "tensor([1., 1., 1.])\ntorch.Size([2, 2, 2])\n"),
    ("print(torch.tensor(1.0).T)\nprint(torch.ones(2,2,2).T.shape)\n",
     "!W UserWarning: Tensor.T is deprecated on 0-D tensors. This function is the identity in "
     "these cases. (Triggered internally at "
     "/__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4321.)\ntensor(1.)\n"
     + _T_WARNING + "torch.Size([2, 2, 2])\n"),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_prints_what_pytorch_printed(source, expected):
    assert run(source) == expected
