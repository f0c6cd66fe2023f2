"""The legacy tensor types (`torch.FloatTensor`, `torch.LongTensor` ...), `torch.strided` and
the default device, as old tutorials use them (`dtype = torch.FloatTensor;
x.type(dtype)`). The program's expected output is what torch 2.13 printed."""
from __future__ import annotations

import io

import pytest

from gradcli.errors import GradcliError
from gradcli.lang import run_source

PROGRAM = "import torch\nprint(torch.LongTensor([1.5, -2.7]), torch.FloatTensor(2, 3).shape, torch.FloatTensor(torch.ones(2)))\nprint(torch.ByteTensor([1, 2]), torch.BoolTensor([1, 0]), torch.DoubleTensor(), torch.HalfTensor([1]))\nprint(torch.ones(2).type(torch.IntTensor), torch.FloatTensor.dtype, torch.LongTensor.__name__)\nprint(isinstance(torch.ones(1, dtype=torch.int64), torch.LongTensor), isinstance(torch.ones(1), torch.LongTensor))\nprint(torch.strided, torch.ones(1).layout, type(torch.strided), torch.FloatTensor)\nprint(torch.get_default_device(), torch.set_default_device('cpu'))\nprint(torch.FloatTensor([[1, 2]]).requires_grad_())\ndtype = torch.FloatTensor\nx = torch.ones(2, 2).type(dtype)\nprint(x.type(), x.dtype)\n"

EXPECTED = "tensor([ 1, -2]) torch.Size([2, 3]) tensor([1., 1.])\ntensor([1, 2], dtype=torch.uint8) tensor([ True, False]) tensor([], dtype=torch.float64) tensor([1.], dtype=torch.float16)\ntensor([1, 1], dtype=torch.int32) torch.float32 LongTensor\nTrue False\ntorch.strided torch.strided <class 'torch.layout'> <class 'torch.FloatTensor'>\ncpu None\ntensor([[1., 2.]], requires_grad=True)\ntorch.FloatTensor torch.float32\n"


def test_legacy_tensor_types_behave_as_pytorchs():
    out = io.StringIO()
    run_source(PROGRAM, out=out)
    assert out.getvalue() == EXPECTED


@pytest.mark.parametrize("source, message", [
    ("torch.IntTensor(torch.ones(2))", "expected TensorOptions(dtype=int, device=cpu, "
     "layout=Strided, requires_grad=false (default), pinned_memory=false (default), "
     "memory_format=(nullopt)) (got TensorOptions(dtype=float, device=cpu, layout=Strided, "
     "requires_grad=false (default), pinned_memory=false (default), "
     "memory_format=(nullopt)))"),
    ("torch.LongTensor([1], dtype=torch.int64)", "new() received an invalid combination of "
     "arguments - got (list, dtype=torch.dtype)"),
    ("torch.set_default_device('cuda')", "Torch not compiled with CUDA enabled"),
])
def test_their_refusals_are_pytorchs(source, message):
    with pytest.raises(GradcliError) as info:
        run_source("import torch\n" + source + "\n", out=io.StringIO())
    assert message in info.value.message


@pytest.mark.parametrize("source, message", [
    ("torch.set_default_dtype('float64')", "invalid dtype object: only floating-point types "
     "are supported as the default type"),
    ("torch.cuda.current_device()", "Torch not compiled with CUDA enabled"),
])
def test_names_and_devices_pytorch_refuses(source, message):
    with pytest.raises(GradcliError) as info:
        run_source("import torch\n" + source + "\n", out=io.StringIO())
    assert message in info.value.message


def test_no_accelerator_is_available():
    out = io.StringIO()
    run_source("import torch\nprint(torch.accelerator.is_available(), "
               "torch.accelerator.device_count())\n", out=out)
    assert out.getvalue() == "False 0\n"


def test_the_library_has_torch_linalg_and_torch_special():
    import gradcli as torch
    a = torch.tensor([[2.0, 1.0], [1.0, 3.0]], requires_grad=True)
    d = torch.linalg.det(a)
    assert d.item() == 5.0 and type(d.grad_fn).__name__ == "LinalgDetBackward0"
    assert torch.special.expit(torch.zeros(1)).tolist() == [0.5]
    assert torch.linalg is torch.linalg          # built once
