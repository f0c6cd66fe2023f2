"""Found in session 48 (mine). Each expected output is what torch 2.13 printed (format of
test_autograd_parity4).

device-keyword: torch.device(device=...) is the first signature's argument by name (a
device, a device string or an index; None, a bool or a float are refused with PyTorch's
invalid-types text)."""
from __future__ import annotations

from test_autograd_parity4 import printed_programs

DEVICE_KEYWORD = [
("for kw in [dict(device='cpu'), dict(device=torch.device('cpu', 0)), dict(device=0), dict(device='cpu:1'), dict(device='bogus'), dict(device=None)]:\n    try:\n        print(repr(torch.device(**kw)))\n    except Exception as e:\n        print(type(e).__name__, e)\ntry:\n    torch.device('cpu', device='cpu')\nexcept Exception as e:\n    print(type(e).__name__, e)\n",
     "device(type='cpu')\ndevice(type='cpu', index=0)\nRuntimeError Cannot access accelerator device when none is available.\ndevice(type='cpu', index=1)\nRuntimeError Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start of device string: bogus\nTypeError device() received an invalid combination of arguments - got (device=NoneType, ), but expected one of:\n * (torch.device device)\n      didn't match because some of the arguments have invalid types: (!device=NoneType!, )\n * (str type, int index = -1)\n\nTypeError device() got an unexpected keyword argument 'device'\n"),
]

test_s48_mine = printed_programs({"device-keyword": DEVICE_KEYWORD})
