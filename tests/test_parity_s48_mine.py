"""Found in session 48 (mine). Each expected output is what torch 2.13 printed (format of
test_autograd_parity4).

device-keyword: torch.device(device=...) is the first signature's argument by name (a
device, a device string or an index; None, a bool or a float are refused with PyTorch's
invalid-types text).

complex-number-saved: a Python complex number in mul/div/sub is a wrapped number as PyTorch's
(saved as a complex128 0-d tensor, `_saved_other`, whatever the tensor's dtype; not packed by
saved_tensors_hooks).

empty-data-ptr: a tensor without elements has data_ptr() 0, and a storage of no bytes too
(PyTorch gives no address into an empty tensor; an empty view of a non-empty storage keeps
its storage's address).

masked-import: `import torch.masked` (and `from torch.masked import ...`) once torch.masked
exists (was refused as unimplemented)."""
from __future__ import annotations

from test_autograd_parity4 import printed_programs

DEVICE_KEYWORD = [
("for kw in [dict(device='cpu'), dict(device=torch.device('cpu', 0)), dict(device=0), dict(device='cpu:1'), dict(device='bogus'), dict(device=None)]:\n    try:\n        print(repr(torch.device(**kw)))\n    except Exception as e:\n        print(type(e).__name__, e)\ntry:\n    torch.device('cpu', device='cpu')\nexcept Exception as e:\n    print(type(e).__name__, e)\n",
     "device(type='cpu')\ndevice(type='cpu', index=0)\nRuntimeError Cannot access accelerator device when none is available.\ndevice(type='cpu', index=1)\nRuntimeError Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start of device string: bogus\nTypeError device() received an invalid combination of arguments - got (device=NoneType, ), but expected one of:\n * (torch.device device)\n      didn't match because some of the arguments have invalid types: (!device=NoneType!, )\n * (str type, int index = -1)\n\nTypeError device() got an unexpected keyword argument 'device'\n"),
]

COMPLEX_NUMBER_SAVED = [
('x = torch.tensor([1., 2.], requires_grad=True)\nfor s in [2.5, 3, 2+1j, True]:\n    y = x * s\n    print(y.grad_fn.name(), y.grad_fn._saved_other, y.grad_fn._saved_other.dtype)\n    y = x / s\n    print(y.grad_fn.name(), y.grad_fn._saved_other)\nz = torch.tensor([1+1j], requires_grad=True)\ny = z * 2.5\nprint(y.grad_fn._saved_other)\n',
     'MulBackward0 tensor(2.5000, dtype=torch.float64) torch.float64\nDivBackward0 tensor(2.5000, dtype=torch.float64)\nMulBackward0 tensor(3) torch.int64\nDivBackward0 tensor(3)\nMulBackward0 tensor(2.+1.j, dtype=torch.complex128) torch.complex128\nDivBackward0 tensor(2.+1.j, dtype=torch.complex128)\nMulBackward0 tensor(True) torch.bool\nDivBackward0 tensor(True)\ntensor(2.5000, dtype=torch.float64)\n'),
    ('x = torch.tensor([1.+1j, 2.-1j], requires_grad=True)\npacked = []\nwith torch.autograd.graph.saved_tensors_hooks(lambda t: packed.append(t.dtype) or t, lambda t: t):\n    y = x * (2+1j)\n    z = x / (1-2j)\n    w = (2+1j) * x\n    v = (1j) / x\n    u = x - 1j\nprint(packed)\nprint(w.grad_fn._saved_other, w.grad_fn._saved_self, z.grad_fn._saved_other)\n(y.abs().sum() + z.abs().sum() + w.abs().sum() + v.abs().sum() + u.abs().sum()).backward()\nprint(x.grad)\nr = torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True)\nq = r * 1j\nprint(q, q.grad_fn._saved_other)\nq.imag.sum().backward()\nprint(r.grad)\na = torch.tensor([1., 2.], requires_grad=True)\nb = a.clone()\ntry:\n    b.mul_(1j)\nexcept Exception as e:\n    print(type(e).__name__, e)\nc = torch.tensor([1+0j, 2j]).mul_(2j)\nprint(c)\nprint(torch.tensor([1., 2.]) * 1j, torch.tensor([1, 2]) * (1+1j), torch.tensor([True]) * 1j)\n',
     "[torch.complex64]\ntensor(2.+1.j, dtype=torch.complex128) None tensor(1.-2.j, dtype=torch.complex128)\ntensor([4.1250+3.1250j, 4.9282-2.8177j])\ntensor([0.+1.j, 0.+2.j], dtype=torch.complex128, grad_fn=<MulBackward0>) tensor(0.+1.j, dtype=torch.complex128)\ntensor([1., 1.], dtype=torch.float64)\nRuntimeError result type ComplexFloat can't be cast to the desired output type Float\ntensor([ 0.+2.j, -4.+0.j])\ntensor([0.+1.j, 0.+2.j]) tensor([1.+1.j, 2.+2.j]) tensor([0.+1.j])\n"),
]

EMPTY_DATA_PTR = [
('a = torch.zeros(0)\nprint(a.data_ptr(), a.untyped_storage().data_ptr(), a.untyped_storage().nbytes())\nb = torch.arange(10.)[10:]\nprint(b.data_ptr() == 0, b.storage_offset(), b.untyped_storage().nbytes())\nc = torch.empty(3, 0)\nprint(c.data_ptr(), c.stride())\nd = torch.arange(6.)[2:2]\nprint(d.data_ptr() == torch.arange(6.).data_ptr())\ne = torch.ones(3)\nprint(e[1:1].data_ptr() == e.data_ptr() + 4, e[3:].data_ptr() == e.data_ptr() + 12)\n',
     '0 0 0\nTrue 10 40\n0 (1, 1)\nFalse\nFalse False\n'),
    ("a = torch.zeros(0)\ns = a.untyped_storage()\nprint(s.data_ptr(), a.storage().data_ptr() if hasattr(a, 'storage') else None)\nb = torch.arange(10.)[10:]\nprint(b.untyped_storage().data_ptr() == torch.arange(10.).untyped_storage().data_ptr(), b.untyped_storage().data_ptr() != 0)\nx = torch.arange(4.)\ny = x[4:]\nprint(y.untyped_storage().data_ptr() == x.untyped_storage().data_ptr())\nprint(torch.empty(0, 3).untyped_storage().data_ptr(), torch.tensor([]).data_ptr())\n",
     '!W UserWarning: TypedStorage is deprecated. It will be removed in the future and UntypedStorage will be the only storage class. This should only matter to you if you are using storages directly.  To access UntypedStorage directly, use tensor.untyped_storage() instead of tensor.storage()\n0 0\nFalse True\nTrue\n0 0\n'),
]

MASKED_IMPORT = [
('import torch.masked\nfrom torch.masked import amax\nx = torch.tensor([[1., 5.], [3., 2.]])\nm = torch.tensor([[True, False], [True, True]])\nprint(torch.masked.sum(x, 1, mask=m), amax(x, 0, mask=m))\nimport torch.masked as M\nprint(M.mean(x, 1, mask=m))\n',
     'tensor([1., 5.]) tensor([3., 2.])\ntensor([1.0000, 2.5000])\n'),
]

test_s48_mine = printed_programs({"device-keyword": DEVICE_KEYWORD,
                                  "complex-number-saved": COMPLEX_NUMBER_SAVED,
                                  "empty-data-ptr": EMPTY_DATA_PTR,
                                  "masked-import": MASKED_IMPORT})
