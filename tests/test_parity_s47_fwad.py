"""Found in session 47 (forward AD and complex linalg leftovers). Each expected output is
what torch 2.13 printed (format of test_autograd_parity4).

tangent-dtype: a tangent of another dtype than its primal is kept as make_dual is given it,
and each op's tangent has the dtype of PyTorch's formula run on it: elementwise ops (sin,
relu, tanh, sqrt: t * f'(x)) promote the tangent with the primal, add/sub keep the tangent's
dtype (plus an efficient zero of the other operand's), mul and div widen it to the primals'
(their zero term), neg keeps it, cat, stack and where promote the tangents (not the
primals), a reduction's dtype= holds for the tangent too; a complex primal's real tangent
goes through a complex op.

grad-in-level: a gradient of a tangent taken inside the level, through an elementwise op whose
formula reads its result (exp, tanh, sigmoid, rsqrt: `self_t * result`): the tangent's graph
runs through the op's own node and the result it saves gets the result's tangent, so the
gradient is a dual (forward-over-reverse values), and a backward that freed the op's node
makes the next one through the tangent fail, as PyTorch's; a primal that needs no gradient
the same (the gradient in the tangent is the dual result)."""
from __future__ import annotations

from test_autograd_parity4 import printed_programs

TANGENT_DTYPE = [
    ('import torch.autograd.forward_ad as fwAD\nimport torch.nn.functional as F\nwith fwAD.dual_level():\n    x = fwAD.make_dual(torch.tensor([1., 2.]), torch.tensor([0.5, -1.], dtype=torch.float64))\n    print(fwAD.unpack_dual(x).tangent.dtype)\n    for y in (x - torch.ones(2), x + 1, x.sin(), x * x, x * 2, x / torch.full((2,), 4.), F.l1_loss(x, torch.zeros(2)), -x, x.relu(), x.tanh()):\n        print(fwAD.unpack_dual(y).tangent)\n',
     'torch.float64\ntensor([ 0.5000, -1.0000], dtype=torch.float64)\ntensor([ 0.5000, -1.0000], dtype=torch.float64)\ntensor([0.2702, 0.4161], dtype=torch.float64)\ntensor([ 1., -4.], dtype=torch.float64)\ntensor([ 1., -2.], dtype=torch.float64)\ntensor([ 0.1250, -0.2500], dtype=torch.float64)\ntensor(-0.2500, dtype=torch.float64)\ntensor([-0.5000,  1.0000], dtype=torch.float64)\ntensor([ 0.5000, -1.0000], dtype=torch.float64)\ntensor([ 0.2100, -0.0707], dtype=torch.float64)\n'),
    ('import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n    x = fwAD.make_dual(torch.tensor([1., 2.], dtype=torch.float64), torch.tensor([0.5, -1.]))\n    for y in (x + 1, x - torch.ones(2), x * 2, x / torch.full((2,), 4.), -x, x.exp(), x.sum(), torch.cat([x, x]), torch.cat([x, torch.ones(1, dtype=torch.float64)])):\n        t = fwAD.unpack_dual(y).tangent\n        print(t.dtype, t.tolist())\n',
     'torch.float32 [0.5, -1.0]\ntorch.float32 [0.5, -1.0]\ntorch.float64 [1.0, -2.0]\ntorch.float64 [0.125, -0.25]\ntorch.float32 [-0.5, 1.0]\ntorch.float64 [1.3591409142295225, -7.38905609893065]\ntorch.float32 -0.5\ntorch.float32 [0.5, -1.0, 0.5, -1.0]\ntorch.float64 [0.5, -1.0, 0.0]\n'),
    ('import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n    x = fwAD.make_dual(torch.tensor([1., 2.]), torch.tensor([0.5, -1.], dtype=torch.float16))\n    for y in (x * 2, x + 1, -x, x.sqrt(), torch.cat([x, x])):\n        t = fwAD.unpack_dual(y).tangent\n        print(t.dtype, t.tolist())\n    z = fwAD.make_dual(torch.tensor([1+1j, 2j]), torch.tensor([0.5, -1.]))\n    print(fwAD.unpack_dual(z * 2).tangent, fwAD.unpack_dual(z.exp()).tangent.dtype)\n',
     'torch.float32 [1.0, -2.0]\ntorch.float16 [0.5, -1.0]\ntorch.float16 [-0.5, 1.0]\ntorch.float32 [0.25, -0.3535533845424652]\ntorch.float16 [0.5, -1.0, 0.5, -1.0]\ntensor([ 1.+0.j, -2.+0.j]) torch.complex64\n'),
    ('import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n    x = fwAD.make_dual(torch.tensor([1., 2.], dtype=torch.float64), torch.tensor([0.5, -1.]))\n    for y in (torch.where(x > 1, x, 0.), torch.where(x > 1, 0., x), torch.stack([x, x])):\n        t = fwAD.unpack_dual(y).tangent\n        print(t.dtype, t.tolist())\n',
     'torch.float32 [0.0, -1.0]\ntorch.float32 [0.5, 0.0]\ntorch.float32 [[0.5, -1.0], [0.5, -1.0]]\n'),
    ('import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n    x = fwAD.make_dual(torch.tensor([1., 2.], dtype=torch.float64), torch.tensor([0.5, -1.]))\n    for y in (x.sum(), x.sum(dtype=torch.float64), x.mean(dtype=torch.float64), x.cumsum(0, dtype=torch.float64), x.prod(dtype=torch.float64)):\n        t = fwAD.unpack_dual(y).tangent\n        print(t.dtype, t.tolist())\n',
     'torch.float32 -0.5\ntorch.float64 -0.5\ntorch.float64 -0.25\ntorch.float64 [0.5, -0.5]\ntorch.float64 0.0\n'),
]

GRAD_IN_LEVEL = [
    ('import torch.autograd.forward_ad as fwAD\np = torch.tensor([1., 2.], requires_grad=True)\nwith fwAD.dual_level():\n    d = fwAD.make_dual(p.clone(), torch.tensor([0.5, -1.]))\n    y = d.exp()\n    t = fwAD.unpack_dual(y).tangent\n    g, = torch.autograd.grad(t.sum(), p, retain_graph=True)\n    print(g)\n    g, = torch.autograd.grad(y.sum(), p)\n    print(g)\n    try:\n        g, = torch.autograd.grad(t.sum(), p)\n        print(g)\n    except RuntimeError as e:\n        print(str(e)[:80])\n',
     'tensor([ 1.3591, -7.3891], tangent=tensor([0.6796, 7.3891]))\ntensor([2.7183, 7.3891], tangent=tensor([ 1.3591, -7.3891]))\nTrying to backward through the graph a second time (or directly access saved ten\n'),
    ('import torch.autograd.forward_ad as fwAD\np = torch.tensor([0.5, 2.], dtype=torch.float64, requires_grad=True)\nv = torch.tensor([0.5, -1.], dtype=torch.float64, requires_grad=True)\nwith fwAD.dual_level():\n    d = fwAD.make_dual(p.clone(), v)\n    for f in (torch.exp, torch.tanh, torch.sigmoid, torch.rsqrt):\n        t = fwAD.unpack_dual(f(d)).tangent\n        gp, gv = torch.autograd.grad(t.sum(), (p, v))\n        print(fwAD.unpack_dual(gp).tangent, fwAD.unpack_dual(gv).tangent)\n',
     'tensor([0.4122, 7.3891], dtype=torch.float64) tensor([ 0.8244, -7.3891], dtype=torch.float64)\ntensor([-0.1413,  0.2527], dtype=torch.float64) tensor([-0.3634,  0.1362], dtype=torch.float64)\ntensor([-0.0241,  0.0389], dtype=torch.float64) tensor([-0.0288,  0.0800], dtype=torch.float64)\ntensor([-5.3033, -0.1657], dtype=torch.float64) None\n'),
    ('import torch.autograd.forward_ad as fwAD\nv = torch.tensor([0.5, -1.], dtype=torch.float64, requires_grad=True)\nwith fwAD.dual_level():\n    for f in (torch.exp, torch.tanh, torch.sqrt):\n        e = fwAD.make_dual(torch.tensor([0.5, 2.], dtype=torch.float64), v)\n        t = fwAD.unpack_dual(f(e)).tangent\n        print(t.grad_fn, torch.autograd.grad(t.sum(), v))\n',
     '<MulBackward0 object at 0x> (tensor([1.6487, 7.3891], dtype=torch.float64,\n       tangent=tensor([ 0.8244, -7.3891], dtype=torch.float64)),)\n<TanhBackwardBackward0 object at 0x> (tensor([0.7864, 0.0707], dtype=torch.float64,\n       tangent=tensor([-0.3634,  0.1362], dtype=torch.float64)),)\n<DivBackward0 object at 0x> (tensor([0.7071, 0.3536], dtype=torch.float64),)\n'),
]

test_x = printed_programs({"tangent-dtype": TANGENT_DTYPE, "grad-in-level": GRAD_IN_LEVEL})
