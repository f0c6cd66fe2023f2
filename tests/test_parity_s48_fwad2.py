"""Found in session 48 (forward-AD leftovers). Each expected output is what torch 2.13 printed
(format of test_autograd_parity4).

inplace-saved: an in-place op whose other input is self (`h.hypot_(h)`) reads, like
PyTorch's formula, the written self with its new history and the raw tangent of self, which
the write then changes by copy_: a gradient of the tangent meets that saved tangent
("output 0 of torch::autograd::CopyBackwards"), not the op's own saved input.

setitem-version: `x[i] = dual` writes through a view of x: x without a tangent first gets
zeros, which the value's tangent is copied into, so the tangent's version counts each write.

zeros-self: add_, sub_, div_, addcmul_ and addcdiv_ read self's missing tangent as real
zeros (`zeros.div_(d)`'s tangent is 0, not -0); mul_, atan2_ and fmod_ keep an efficient
zero.

out-composites: special.ndtr's out= is a composite that copies its result into out (a
CopyBackwards, and the tangent through copy_; no refusal), as are inner's, tensordot's and
linalg's norms' under forward AD too; the refusals of other out= kernels name ATen's
(igamma_out, asin_out, aten::diag_embed / aten::diagonal_copy).

wider-tangent: a float64 tangent of a float32 primal keeps float64 through the ops whose
tangent gradcli works out from their backward (kron, pad, cummax, sort, nansum), recorded or
not, as PyTorch's formulas promote.

cpp-function: unpack_dual's primal of a tensor requiring grad has PyTorch's Identity node,
whose Python type is the generic CppFunction (name() torch::autograd::Identity, printed
grad_fn=<Identity>)."""
from __future__ import annotations

from test_autograd_parity4 import printed_programs

INPLACE_SAVED = [
    ('import torch.autograd.forward_ad as fwAD\np1 = torch.tensor([[1.,2,3,4],[5,6,7,8],[2,3,1,5]], dtype=torch.float64, requires_grad=True)\nt1 = torch.tensor([[.5,1,2,3],[1,1,2,2],[3,1,2,1]], dtype=torch.float64, requires_grad=True)\nwith fwAD.dual_level():\n    x1 = fwAD.make_dual(p1, t1)\n    h2 = x1.clone()\n    h2.hypot_(h2)\n    out = h2.std()\n    tan = fwAD.unpack_dual(out).tangent\n    print(tan)\ntry:\n    print(torch.autograd.grad(tan, [p1, t1]))\nexcept RuntimeError as e:\n    print(str(e)[:300])\n',
     'tensor(0.0754, dtype=torch.float64, grad_fn=<MaskedFillBackward0>)\none of the variables needed for gradient computation has been modified by an inplace operation: [torch.DoubleTensor [3, 4]], which is output 0 of torch::autograd::CopyBackwards, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute i\n'),
    ('import torch.autograd.forward_ad as fwAD\np = torch.tensor([1., 2., 3.], dtype=torch.float64, requires_grad=True)\nt = torch.tensor([.5, 1., 2.], dtype=torch.float64, requires_grad=True)\nfor op in ["mul_", "hypot_", "atan2_"]:\n    with fwAD.dual_level():\n        r = fwAD.make_dual(p, t).clone()\n        getattr(r, op)(r)\n        tan = fwAD.unpack_dual(r).tangent\n    try:\n        print(op, torch.autograd.grad(tan.sum(), [p, t]))\n    except RuntimeError as e:\n        print(op, str(e)[:160])\n',
     'mul_ one of the variables needed for gradient computation has been modified by an inplace operation: [torch.DoubleTensor [3]], which is output 0 of torch::autograd::\nhypot_ one of the variables needed for gradient computation has been modified by an inplace operation: [torch.DoubleTensor [3]], which is output 0 of torch::autograd::\natan2_ one of the variables needed for gradient computation has been modified by an inplace operation: [torch.DoubleTensor [3]], which is output 0 of torch::autograd::\n'),
]

SETITEM_VERSION = [
    ('import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n    dual = fwAD.make_dual(torch.tensor([1., 2.]), torch.tensor([3., 4.]))\n    baz = torch.zeros(2)\n    baz[0] = dual[0]\n    t = fwAD.unpack_dual(baz).tangent\n    print(t, t._version, baz._version)\n    baz[1] = dual[1]\n    print(t._version, fwAD.unpack_dual(baz).tangent._version, baz._version)\n    baz.mul_(2)\n    print(fwAD.unpack_dual(baz).tangent._version, baz._version)\n',
     'tensor([3., 0.]) 1 1\n2 2 2\n3 3\n'),
    ('import torch.autograd.forward_ad as fwAD\np = torch.tensor([1., 2.], requires_grad=True)\nt = torch.tensor([3., 4.], requires_grad=True)\nwith fwAD.dual_level():\n    dual = fwAD.make_dual(p, t)\n    baz = torch.zeros(2)\n    baz[0] = dual[0]\n    u = fwAD.unpack_dual(baz)\n    print(u.tangent, u.tangent._version, baz._version)\n    baz[1] = dual[1] * 2\n    u = fwAD.unpack_dual(baz)\n    print(u.tangent, u.tangent._version, baz._version)\n    w = torch.zeros(3, 2)\n    w[torch.tensor([0, 2])] = dual\n    u = fwAD.unpack_dual(w)\n    print(u.tangent, u.tangent._version)\n    w[1:] = dual.detach()\n    print(fwAD.unpack_dual(w).tangent)\nprint(torch.autograd.grad(u.tangent.sum(), [t]))\nwith fwAD.dual_level():\n    dual = fwAD.make_dual(torch.tensor([1., 2.]), torch.tensor([3., 4.]))\n    b = torch.zeros(2, 2)\n    b[0, 1] = dual[0]\n    b[1] = 7.\n    b[:, 0] = dual\n    print(fwAD.unpack_dual(b).tangent, fwAD.unpack_dual(b).tangent._version)\n',
     'tensor([3., 0.], grad_fn=<CopySlices>) 1 1\ntensor([3., 8.], grad_fn=<CopySlices>) 2 2\ntensor([[3., 4.],\n        [0., 0.],\n        [3., 4.]], grad_fn=<IndexPutBackward0>) 0\ntensor([[3., 4.],\n        [0., 0.],\n        [0., 0.]], grad_fn=<CopySlices>)\n(tensor([1., 1.]),)\ntensor([[3., 3.],\n        [4., 0.]]) 3\n'),
]

ZEROS_SELF = [
    ('import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n    d = fwAD.make_dual(torch.tensor([1., -2.]), torch.tensor([3., 4.]))\n    for op in ["add_", "sub_", "mul_", "div_", "atan2_", "fmod_", "addcmul_", "addcdiv_"]:\n        z = torch.zeros(2)\n        if op in ("addcmul_", "addcdiv_"):\n            getattr(z, op)(d * -0., d)\n        elif op in ("add_", "sub_"):\n            getattr(z, op)(d * -0.)\n        else:\n            getattr(z, op)(d)\n        print(op, fwAD.unpack_dual(z).tangent)\n    z = torch.zeros(2, dtype=torch.float64)\n    z.div_(d)\n    print(fwAD.unpack_dual(z).tangent)\n',
     'add_ tensor([0., 0.])\nsub_ tensor([0., 0.])\nmul_ tensor([0., 0.])\ndiv_ tensor([0., -0.])\natan2_ tensor([-0., -0.])\nfmod_ tensor([-0., 0.])\naddcmul_ tensor([0., 0.])\naddcdiv_ tensor([0., 0.])\ntensor([0., -0.], dtype=torch.float64)\n'),
]

OUT_COMPOSITES = [
    ('import torch.autograd.forward_ad as fwAD\nx = torch.tensor([0.3, 0.6], requires_grad=True)\no = torch.empty(2)\nr = torch.special.ndtr(x, out=o)\nprint(r is o, o, o._version)\nwith fwAD.dual_level():\n    d = fwAD.make_dual(torch.tensor([0.3, 0.6], dtype=torch.float64), torch.tensor([1., 2.], dtype=torch.float64))\n    o = torch.empty(2, dtype=torch.float64)\n    r = torch.special.ndtr(d, out=o)\n    print(r is o, fwAD.unpack_dual(o), o._version)\n    od = fwAD.make_dual(torch.zeros(2), torch.ones(2))\n    t = fwAD.unpack_dual(od).tangent\n    torch.special.ndtr(d, out=od)\n    print(fwAD.unpack_dual(od).tangent is t, t, t._version)\n    od = fwAD.make_dual(torch.zeros(2), torch.ones(2))\n    torch.special.ndtr(torch.tensor([0.1, 0.2]), out=od)\n    print(fwAD.unpack_dual(od))\n    try:\n        torch.special.ndtr(d, out=torch.empty(2, dtype=torch.int64))\n    except RuntimeError as e:\n        print(e)\n    for n in ("gammainc", "gammaincc"):\n        try:\n            getattr(torch.special, n)(d, d, out=torch.empty(2))\n        except NotImplementedError as e:\n            print(str(e)[:50])\n',
     "True tensor([0.6179, 0.7257], grad_fn=<CopyBackwards>) 1\nTrue UnpackedDualTensor(primal=tensor([0.6179, 0.7257], dtype=torch.float64), tangent=tensor([0.3814, 0.6664], dtype=torch.float64)) 1\nTrue tensor([0.3814, 0.6664]) 1\nUnpackedDualTensor(primal=tensor([0.5398, 0.5793]), tangent=tensor([0., 0.]))\nresult type Double can't be cast to the desired output type Long\nTrying to use forward AD with igamma_out that does\nTrying to use forward AD with igammac_out that doe\n"),
    ('import torch.autograd.forward_ad as fwAD\nx = torch.tensor([0.3, 0.6], requires_grad=True)\nfor n in ["arcsin", "arctan", "arcsinh", "arccosh", "arctanh", "arccos"]:\n    try:\n        getattr(torch, n)(x, out=torch.empty(2))\n    except RuntimeError as e:\n        print(str(e)[:40])\nwith fwAD.dual_level():\n    d = fwAD.make_dual(torch.tensor([0.3, 0.6]), torch.tensor([1., 2.]))\n    for n in ["arcsin", "arctan", "arcsinh", "arccosh", "arctanh", "arccos"]:\n        try:\n            getattr(torch, n)(d, out=torch.empty(2))\n        except NotImplementedError as e:\n            print(str(e)[:50])\n    for x in (d, torch.stack([d, d])):\n        try:\n            torch.diag(x, out=torch.empty(0))\n        except NotImplementedError as e:\n            print(e)\n',
     'asin(): functions with out=... arguments\natan(): functions with out=... arguments\nasinh(): functions with out=... argument\nacosh(): functions with out=... argument\natanh(): functions with out=... argument\nacos(): functions with out=... arguments\nTrying to use forward AD with asin_out that does n\nTrying to use forward AD with atan_out that does n\nTrying to use forward AD with asinh_out that does \nTrying to use forward AD with acosh_out that does \nTrying to use forward AD with atanh_out that does \nTrying to use forward AD with acos_out that does n\nTrying to use forward AD with aten::diag_embed that does not support it.\nTrying to use forward AD with aten::diagonal_copy that does not support it.\n'),
    ('import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n    d = fwAD.make_dual(torch.tensor([[0.3, 0.6], [0.2, 0.9]], dtype=torch.float64), torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float64))\n    for f in (lambda o: torch.inner(d, d, out=o), lambda o: torch.tensordot(d, d, out=o),\n              lambda o: torch.linalg.matrix_norm(d, out=o), lambda o: torch.linalg.norm(d, out=o)):\n        o = torch.empty(0, dtype=torch.float64)\n        r = f(o)\n        u = fwAD.unpack_dual(o)\n        print(r is o, u.tangent, u.tangent._version, o._version)\n',
     'True tensor([[3.0000, 5.3000],\n        [5.3000, 8.4000]], dtype=torch.float64) 0 1\nTrue tensor(11.4000, dtype=torch.float64) 0 1\nTrue tensor(4.9992, dtype=torch.float64) 0 1\nTrue tensor(4.9992, dtype=torch.float64) 0 1\n'),
]

WIDER_TANGENT = [
    ('import torch.autograd.forward_ad as fwAD\nimport torch.nn.functional as F\nfor rg in (False, True):\n    p = torch.tensor([[0.3, 0.6], [0.2, 0.9]], requires_grad=rg)\n    t = torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float64, requires_grad=rg)\n    with fwAD.dual_level():\n        d = fwAD.make_dual(p, t)\n        e = d[0]\n        outs = {"kron": torch.kron(d, d), "kron1": torch.kron(e, e), "pad": F.pad(d, (1, 1)), "pad1": F.pad(e, (1, 1)),\n                "padc": F.pad(d, (1, 1), value=2.), "cummax": torch.cummax(d, 0)[0], "cummax1": torch.cummax(e, 0)[0],\n                "sort": torch.sort(d)[0], "sort1": torch.sort(e)[0], "nansum": torch.nansum(d), "nansum1": torch.nansum(e, 0)}\n        for k, v in outs.items():\n            print(rg, k, fwAD.unpack_dual(v).tangent.dtype)\n',
     'False kron torch.float64\nFalse kron1 torch.float64\nFalse pad torch.float64\nFalse pad1 torch.float64\nFalse padc torch.float64\nFalse cummax torch.float64\nFalse cummax1 torch.float64\nFalse sort torch.float64\nFalse sort1 torch.float64\nFalse nansum torch.float64\nFalse nansum1 torch.float64\nTrue kron torch.float64\nTrue kron1 torch.float64\nTrue pad torch.float64\nTrue pad1 torch.float64\nTrue padc torch.float64\nTrue cummax torch.float64\nTrue cummax1 torch.float64\nTrue sort torch.float64\nTrue sort1 torch.float64\nTrue nansum torch.float64\nTrue nansum1 torch.float64\n'),
]

CPP_FUNCTION = [
    ('import torch.autograd.forward_ad as fwAD\np = torch.tensor([1., 2.], requires_grad=True)\nwith fwAD.dual_level():\n    d = fwAD.make_dual(p, torch.tensor([3., 4.]))\n    u = fwAD.unpack_dual(d).primal\n    n = u.grad_fn\n    print(u, n, n.name(), type(n).__name__, n.__class__.__name__)\n    print(n.next_functions, n.metadata)\n    (u * 2).sum().backward()\n    print(p.grad)\n',
     'tensor([1., 2.], grad_fn=<Identity>) <CppFunction object at 0x> torch::autograd::Identity CppFunction CppFunction\n((<ViewBackward0 object at 0x>, 0),) {}\ntensor([2., 2.])\n'),
]

PROGRAMS = {"inplace-saved": INPLACE_SAVED, "setitem-version": SETITEM_VERSION,
            "zeros-self": ZEROS_SELF, "out-composites": OUT_COMPOSITES,
            "wider-tangent": WIDER_TANGENT, "cpp-function": CPP_FUNCTION}

test_prints_what_pytorch_printed = printed_programs(PROGRAMS)
