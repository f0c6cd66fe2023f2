"""`torch.finfo` and `torch.iinfo`: PyTorch 2.13's values, reprs and refusals."""
import pytest

import gradcli as torch
from gradcli.errors import TorchTypeError


def test_finfo():
    assert repr(torch.finfo(torch.float32)) == (
        "finfo(resolution=1e-06, min=-3.40282e+38, max=3.40282e+38, eps=1.19209e-07, "
        "smallest_normal=1.17549e-38, tiny=1.17549e-38, dtype=float32)")
    assert repr(torch.finfo(torch.float16)) == (
        "finfo(resolution=0.001, min=-65504, max=65504, eps=0.000976562, "
        "smallest_normal=6.10352e-05, tiny=6.10352e-05, dtype=float16)")
    f = torch.finfo(torch.float64)
    assert (f.bits, f.eps, f.max, f.min, f.tiny, f.resolution, f.dtype) == (
        64, 2.220446049250313e-16, 1.7976931348623157e+308, -1.7976931348623157e+308,
        2.2250738585072014e-308, 1e-15, "float64")
    assert torch.finfo().dtype == "float32"            # the default dtype


def test_iinfo():
    assert repr(torch.iinfo(torch.int64)) == "iinfo(min=-9.22337e+18, max=9.22337e+18, " \
        "dtype=int64)"
    assert repr(torch.iinfo(torch.uint8)) == "iinfo(min=0, max=255, dtype=uint8)"
    i = torch.iinfo(torch.int16)
    assert (i.bits, i.min, i.max, i.dtype) == (16, -32768, 32767, "int16")


@pytest.mark.parametrize("call,message", [
    (lambda: torch.finfo(torch.int64), "torch.finfo() requires a floating point input type. "
                                       "Use torch.iinfo to handle 'torch.finfo'"),
    (lambda: torch.iinfo(torch.float32), "torch.iinfo() requires an integer input type. Use "
                                         "torch.finfo to handle 'torch.iinfo'"),
    (lambda: torch.iinfo(torch.bool), "torch.bool is not supported by torch.iinfo"),
    (lambda: torch.finfo(3), "finfo(): argument 'type' (position 1) must be torch.dtype, not "
                             "int"),
])
def test_refusals(call, message):
    with pytest.raises(TorchTypeError) as err:
        call()
    assert str(err.value) == message
