"""Found in session 48 (porting PyTorch's test/autograd/test_functional.py, test_forward_mode.py
and test_inference_mode.py). Each expected output is what torch 2.13 printed (format of
test_autograd_parity4).

forward-ad-dtypes: a product's forward formula (mm, mv, bmm, dot, vdot, matmul) multiplies
a tangent of another dtype than its primal with the op itself, so it meets the op's dtype
check (the last input's term first); a complex tangent of a real primal stays complex
through linear ops and products (mul, add, sum, view) and is cut to its real part, with
the once-per-process warning, by an elementwise formula (sin, neg, exp, pow, abs)."""
from __future__ import annotations

from test_autograd_parity4 import printed_programs

FW_DTYPES = [
    ('import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n    a = fwAD.make_dual(torch.tensor([1., 2.]), torch.tensor([1+2j, 3-1j]))\n    print(fwAD.unpack_dual(a))\n    for name, f in [("mul2", lambda a: a * 2), ("sin", torch.sin), ("add", lambda a: a + 1),\n                    ("neg", lambda a: -a), ("exp", torch.exp), ("sum", torch.sum),\n                    ("view", lambda a: a.view(2)), ("pow", lambda a: a ** 2),\n                    ("abs", torch.abs), ("div", lambda a: a / 2), ("sq", lambda a: a * a)]:\n        print(name, fwAD.unpack_dual(f(a)).tangent)\n    print((a * 2).sin())\n',
     'UnpackedDualTensor(primal=tensor([1., 2.]), tangent=tensor([1.+2.j, 3.-1.j]))\nmul2 tensor([2.+4.j, 6.-2.j])\n!W UserWarning: Casting complex values to real discards the imaginary part (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/Copy.cpp:307.)\nsin tensor([ 0.5403, -1.2484])\nadd tensor([1.+2.j, 3.-1.j])\nneg tensor([-1., -3.])\nexp tensor([ 2.7183, 22.1672])\nsum tensor(4.+1.j)\nview tensor([1.+2.j, 3.-1.j])\npow tensor([ 2., 12.])\nabs tensor([1., 3.])\ndiv tensor([0.5000+1.0000j, 1.5000-0.5000j])\nsq tensor([ 2.+4.j, 12.-4.j])\ntensor([ 0.9093, -0.7568], tangent=tensor([-0.8323, -3.9219]))\n'),
    ('import torch.autograd.forward_ad as fwAD\ndef tryp(f):\n    try:\n        r = f()\n        print(r.dtype, fwAD.unpack_dual(r).tangent.dtype)\n    except Exception as e:\n        print(type(e).__name__, e)\nwith fwAD.dual_level():\n    v = fwAD.make_dual(torch.ones(2), torch.ones(2, dtype=torch.float64))\n    m = fwAD.make_dual(torch.ones(2, 2), torch.ones(2, 2, dtype=torch.float64))\n    b = fwAD.make_dual(torch.ones(1, 2, 2), torch.ones(1, 2, 2, dtype=torch.float64))\n    c = fwAD.make_dual(torch.ones(2, 2), torch.ones(2, 2, dtype=torch.complex64))\n    d = fwAD.make_dual(torch.ones(2, 2, dtype=torch.float64), torch.ones(2, 2))\n    print(fwAD.unpack_dual(m).tangent.dtype)\n    tryp(lambda: v.dot(torch.ones(2)))\n    tryp(lambda: torch.ones(2).dot(v))\n    tryp(lambda: torch.vdot(v, torch.ones(2)))\n    tryp(lambda: m.mv(torch.ones(2)))\n    tryp(lambda: torch.ones(2, 2).mv(v))\n    tryp(lambda: b.bmm(torch.ones(1, 2, 2)))\n    tryp(lambda: m @ torch.ones(2, 2))\n    tryp(lambda: m @ torch.ones(2))\n    tryp(lambda: m.mm(m))\n    tryp(lambda: c.mm(torch.ones(2, 2)))\n    tryp(lambda: torch.mm(torch.ones(2, 2, dtype=torch.float64), d))\n    tryp(lambda: torch.outer(v, torch.ones(2)))\n    tryp(lambda: v * torch.ones(2))\n',
     'torch.float64\nRuntimeError dot : expected both vectors to have same dtype, but found Double and Float\nRuntimeError dot : expected both vectors to have same dtype, but found Float and Double\nRuntimeError dot : expected both vectors to have same dtype, but found Double and Float\nRuntimeError addmv input tensors must have the same dtype, but got Float, Double, and Float\nRuntimeError addmv input tensors must have the same dtype, but got Double, Float, and Double\nRuntimeError expected scalar type Double but found Float\nRuntimeError expected m1 and m2 to have the same dtype, but got: double != float\nRuntimeError addmv input tensors must have the same dtype, but got Float, Double, and Float\nRuntimeError expected m1 and m2 to have the same dtype, but got: float != double\nRuntimeError expected m1 and m2 to have the same dtype, but got: c10::complex<float> != float\nRuntimeError expected m1 and m2 to have the same dtype, but got: double != float\ntorch.float32 torch.float64\ntorch.float32 torch.float64\n'),
]

PROGRAMS = {"forward-ad-dtypes": FW_DTYPES}

test_prints_what_pytorch_printed = printed_programs(PROGRAMS)
