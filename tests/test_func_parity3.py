"""torch.func, forward over reverse, autograd.functional's strategies and a few engine
details as PyTorch 2.13 runs them. Each case is a program (a formula, or Python with
`torch` bound to gradcli) and what the same program printed with PyTorch 2.13, copied in,
so this runs without PyTorch."""
from __future__ import annotations

import contextlib
import io
import re

import gradcli
from gradcli import lang

_ADDRESS = re.compile(r" object at 0x[0-9a-f]+")

_PY_PRELUDE = """
gradcli.manual_seed(0)
def run(c):
    try:
        r = c()
        if r is not None:
            print(r)
    except Exception as e:
        kind = [k for k in type(e).__mro__ if k.__module__ == "builtins"][0]
        print(kind.__name__, e)
"""


def run_formula(source: str) -> str:
    buf = io.StringIO()
    lang.run_source("import torch\ntorch.manual_seed(0)\n" + source, "case.grad", out=buf)
    return _ADDRESS.sub(" object at 0x", buf.getvalue())


def run_python(source: str) -> str:
    buf = io.StringIO()
    scope = {"torch": gradcli, "gradcli": gradcli}
    with contextlib.redirect_stdout(buf):
        exec(_PY_PRELUDE + source, scope)      # noqa: S102 - the test's own program
    return _ADDRESS.sub(" object at 0x", buf.getvalue())



def test_forward_over_reverse_with_forward_ad():
    """A backward pass inside a dual level carries tangents into the gradients: Hessian-vector
    products, signed zeros included; .grad gets no tangent."""
    source = """\
import torch.autograd.forward_ad as fwAD
x = torch.tensor([0.5, 1.0, 2.0], requires_grad=True)
v = torch.tensor([1.0, 0.5, -1.0])
ops = [lambda d: d.exp().sum(), lambda d: d.tanh().sum(), lambda d: d.sigmoid().pow(2).sum(),
       lambda d: (d.sqrt() * d.log()).sum(), lambda d: torch.softmax(d, 0)[1],
       lambda d: (d @ d), lambda d: d.norm(), lambda d: torch.relu(d - 1).sum() * d.max(),
       lambda d: torch.logsumexp(d, 0), lambda d: (d.reshape(3, 1) * d).prod(),
       lambda d: torch.nn.functional.gelu(d).sum(), lambda d: (d / (1 + d)).mean(),
       lambda d: torch.cumsum(d, 0).sum() ** 2, lambda d: torch.outer(d, d).det() + d.pow(3).sum()]
for f in ops:
    with fwAD.dual_level():
        d = fwAD.make_dual(x, v)
        g, = torch.autograd.grad(f(d), d)
        print(fwAD.unpack_dual(g).tangent)
        d2 = fwAD.make_dual(x.detach(), v).requires_grad_()
        f(d2).backward()
        print(d2.grad)
x64 = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
with fwAD.dual_level():
    d = fwAD.make_dual(x64, torch.tensor(1.0, dtype=torch.float64))
    g, = torch.autograd.grad(d.sin() * d.exp(), d, create_graph=True)
    print(fwAD.unpack_dual(g).tangent.detach())
    g2, = torch.autograd.grad(g, d)
    print(fwAD.unpack_dual(g2).tangent)
"""
    assert run_formula(source) == (
        'tensor([ 1.6487,  1.3591, -7.3891])\n'
        'tensor([1.6487, 2.7183, 7.3891])\n'
        'tensor([-0.7269, -0.3198,  0.1362])\n'
        'tensor([0.7864, 0.4200, 0.0707])\n'
        'tensor([ 0.0388, -0.0278,  0.1188])\n'
        'tensor([0.2926, 0.2875, 0.1850])\n'
        'tensor([0.4901, 0.0000, 0.0613])\n'
        'tensor([0.9241, 1.0000, 0.9522])\n'
        'tensor([-0.0728,  0.1085, -0.0357])\n'
        'tensor([-0.0324,  0.1778, -0.1453])\n'
        'tensor([ 2.,  1., -2.])\n'
        'tensor([1., 2., 4.])\n'
        'tensor([ 0.4780,  0.3013, -0.2702])\n'
        'tensor([0.2182, 0.4364, 0.8729])\n'
        'tensor([ 0.,  0., -2.])\n'
        'tensor([0., 0., 3.])\n'
        'tensor([ 0.1925,  0.2018, -0.3943])\n'
        'tensor([0.1402, 0.2312, 0.6285])\n'
        'tensor([120.0000,  69.0000,  37.5000])\n'
        'tensor([12.,  6.,  3.])\n'
        'tensor([0.6161, 0.1210, 0.1080])\n'
        'tensor([0.8675, 1.0833, 1.0852])\n'
        'tensor([-0.1975, -0.0417,  0.0247])\n'
        'tensor([0.1481, 0.0833, 0.0370])\n'
        'tensor([18., 12.,  6.])\n'
        'tensor([33., 22., 11.])\n'
        'tensor([  3.,   3., -12.])\n'
        'tensor([ 0.7500,  3.0000, 12.0000])\n'
        'tensor(0.6340, dtype=torch.float64)\n'
        'tensor(-8.3069, dtype=torch.float64)\n')


def test_hessian_and_jvp_of_grad():
    """torch.func's forward over reverse: hessian = jacfwd(jacrev(f)), jvp of a gradient, jacfwd
    of jacfwd, vmap of a hessian."""
    source = """\
from torch.func import jvp, jacfwd, jacrev, hessian, grad, vmap
x = torch.tensor([0.5, -1.0, 2.0])
def f(x): return (x.exp() * x.tanh()).sum() + x.norm()
print(hessian(f)(x))
print(jvp(grad(f), (x,), (torch.tensor([1., 2., 3.]),)))
def g(a, b): return (a.sin() * b).sum() + (a @ b) ** 2
b = torch.tensor([1.0, 2.0, -0.5])
print(hessian(g, argnums=(0, 1))(x, b))
print(jacfwd(lambda a, b: a * b + a.cos(), argnums=(0, 1))(x, b))
print(jacfwd(lambda v: (v.sum(), v * 2))(x))
print(jacfwd(lambda v: (v ** 2, v.mean()), has_aux=True)(x))
print(jacfwd(lambda v: torch.softmax(v, 0))(x))
print(jacfwd(jacrev(lambda v: torch.logsumexp(v, 0)))(x))
print(hessian(lambda v: (v[:2] * v[1:]).prod())(x))
print(jvp(lambda v: v.relu() * v.sigmoid(), (x,), (torch.ones(3),)))
print(jvp(lambda a, b: (a / b, a - b), (x, b), (torch.ones(3), torch.zeros(3))))
W = torch.tensor([[0.1, 0.2, 0.3], [-0.4, 0.5, 0.6]])
def h(x): return torch.tanh(W @ x).pow(2).sum()
xs = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]])
print(vmap(hessian(h))(xs))
print(jacfwd(jacfwd(h))(xs[1]))
print(jacrev(jacrev(h))(xs[1]))
print(vmap(jacfwd(torch.sin))(xs))
"""
    assert run_formula(source) == (
        'tensor([[ 2.5724,  0.0416, -0.0831],\n'
        '        [ 0.0416,  0.6175,  0.1663],\n'
        '        [-0.0831,  0.1663,  7.2647]])\n'
        '(tensor([ 2.2768, -0.5621,  8.5182]), tensor([ 2.4062,  1.7753, 22.0436]))\n'
        '((tensor([[ 1.5206,  4.0000, -1.0000],\n'
        '        [ 4.0000,  9.6829, -2.0000],\n'
        '        [-1.0000, -2.0000,  0.9546]]), tensor([[-3.1224, -2.0000,  4.0000],\n'
        '        [ 2.0000, -8.4597,  8.0000],\n'
        '        [-0.5000,  1.0000, -7.4161]])), (tensor([[-3.1224,  2.0000, -0.5000],\n'
        '        [-2.0000, -8.4597,  1.0000],\n'
        '        [ 4.0000,  8.0000, -7.4161]]), tensor([[ 0.5000, -1.0000,  2.0000],\n'
        '        [-1.0000,  2.0000, -4.0000],\n'
        '        [ 2.0000, -4.0000,  8.0000]])))\n'
        '(tensor([[ 0.5206,  0.0000,  0.0000],\n'
        '        [ 0.0000,  2.8415,  0.0000],\n'
        '        [ 0.0000,  0.0000, -1.4093]]), tensor([[ 0.5000,  0.0000,  0.0000],\n'
        '        [ 0.0000, -1.0000,  0.0000],\n'
        '        [ 0.0000,  0.0000,  2.0000]]))\n'
        '(tensor([1., 1., 1.]), tensor([[2., 0., 0.],\n'
        '        [0., 2., 0.],\n'
        '        [0., 0., 2.]]))\n'
        '(tensor([[ 1.,  0.,  0.],\n'
        '        [-0., -2., -0.],\n'
        '        [ 0.,  0.,  4.]]), tensor(0.5000))\n'
        'tensor([[ 0.1446, -0.0069, -0.1377],\n'
        '        [-0.0069,  0.0376, -0.0307],\n'
        '        [-0.1377, -0.0307,  0.1684]])\n'
        'tensor([[ 0.1446, -0.0069, -0.1377],\n'
        '        [-0.0069,  0.0376, -0.0307],\n'
        '        [-0.1377, -0.0307,  0.1684]])\n'
        'tensor([[ 0., -4.,  1.],\n'
        '        [-4.,  2., -1.],\n'
        '        [ 1., -1.,  0.]])\n'
        '(tensor([0.3112, 0.0000, 1.7616]), tensor([0.7400, 0.0000, 1.0908]))\n'
        '((tensor([ 0.5000, -0.5000, -4.0000]), tensor([-0.5000, -3.0000,  2.5000])), (tensor([ 1.0000,  0.5000, -2.0000]), tensor([1., 1., 1.])))\n'
        'tensor([[[ 0.0981, -0.0977, -0.1127],\n'
        '         [-0.0977,  0.1719,  0.2155],\n'
        '         [-0.1127,  0.2155,  0.2724]],\n'
        '\n'
        '        [[-0.0295,  0.1013,  0.1334],\n'
        '         [ 0.1013,  0.0021,  0.0263],\n'
        '         [ 0.1334,  0.0263,  0.0672]]])\n'
        'tensor([[-0.0295,  0.1013,  0.1334],\n'
        '        [ 0.1013,  0.0021,  0.0263],\n'
        '        [ 0.1334,  0.0263,  0.0672]])\n'
        'tensor([[-0.0295,  0.1013,  0.1334],\n'
        '        [ 0.1013,  0.0021,  0.0263],\n'
        '        [ 0.1334,  0.0263,  0.0672]])\n'
        'tensor([[[ 0.8776,  0.0000,  0.0000],\n'
        '         [ 0.0000,  0.5403,  0.0000],\n'
        '         [-0.0000, -0.0000, -0.4161]],\n'
        '\n'
        '        [[ 0.0707,  0.0000,  0.0000],\n'
        '         [ 0.0000,  0.9689,  0.0000],\n'
        '         [ 0.0000,  0.0000,  0.8776]]])\n')


def test_vmap_in_dims_out_dims_and_errors():
    """vmap's in_dims/out_dims forms and PyTorch's checks, with its texts (TreeSpec structures)."""
    source = """\
from torch.func import vmap
x = torch.arange(6.).reshape(2, 3)
y = torch.arange(3.)
def f(*a): return a[0]
print(vmap(torch.mul, in_dims=(0, None))(x, y))
print(vmap(torch.mul, in_dims=(1, 0))(x, y))
print(vmap(lambda a: a * 2, in_dims=1, out_dims=1)(x))
print(vmap(lambda a: (a, a.sum()), out_dims=(1, 0))(x))
print(vmap(lambda a: a.sum(), chunk_size=1)(x))
print(vmap(vmap(torch.dot))(x.reshape(2, 1, 3), x.reshape(2, 1, 3)))
print(vmap(lambda a: a.unsqueeze(0), out_dims=2)(x))
print(vmap(lambda d: d['a'] + d['b'], in_dims=({'a': 0, 'b': None},))({'a': x, 'b': y}))
print(vmap(lambda a: torch.tensor(3.))(x))
print(vmap(lambda a: (a, 3), out_dims=(0, None))(x))
print(vmap(lambda a: {'k': a}, out_dims={'k': 1})(x))
print(vmap(lambda a: [a, a], out_dims=[0, 1])(x))
print(vmap(lambda a: a, in_dims=0)(torch.ones(0, 3)))
print(vmap(lambda a, k=1: a * k)(x, k=3))
print(vmap(lambda l: l[0] + l[1], in_dims=([0, None],))([x, torch.ones(3)]))
for c in (lambda: vmap(f, in_dims=(0, 0))(x), lambda: vmap(f, in_dims=[0])(x),
          lambda: vmap(f, in_dims=((0, 1),))((x, x)), lambda: vmap(f, in_dims=(0.5,))(x),
          lambda: vmap(f, in_dims=(None,))(x), lambda: vmap(lambda a: (a, a), out_dims=(0, 0, 0))(x),
          lambda: vmap(lambda a: (a, a), out_dims='a')(x), lambda: vmap(lambda a: a, out_dims=None)(x),
          lambda: vmap(lambda a: a, randomness='x'), lambda: vmap(lambda a: a, chunk_size=-1),
          lambda: vmap(lambda a: a * 2, out_dims=3)(x), lambda: vmap(lambda a: a * 2, in_dims=2)(x),
          lambda: vmap(lambda a, b: a * b)(x, torch.ones(3)), lambda: vmap(lambda a: a * 2)(torch.tensor(1.)),
          lambda: vmap(lambda a: a * 2)(), lambda: vmap(lambda a: None)(x), lambda: vmap(lambda a: 3)(x)):
    try:
        print(c())
    except Exception as e:
        print(type(e).__name__, e)
"""
    assert run_formula(source) == (
        'tensor([[ 0.,  1.,  4.],\n'
        '        [ 0.,  4., 10.]])\n'
        'tensor([[ 0.,  0.],\n'
        '        [ 1.,  4.],\n'
        '        [ 4., 10.]])\n'
        'tensor([[ 0.,  2.,  4.],\n'
        '        [ 6.,  8., 10.]])\n'
        '(tensor([[0., 3.],\n'
        '        [1., 4.],\n'
        '        [2., 5.]]), tensor([ 3., 12.]))\n'
        'tensor([ 3., 12.])\n'
        'tensor([[ 5.],\n'
        '        [50.]])\n'
        'tensor([[[0., 3.],\n'
        '         [1., 4.],\n'
        '         [2., 5.]]])\n'
        'tensor([[0., 2., 4.],\n'
        '        [3., 5., 7.]])\n'
        'tensor([3., 3.])\n'
        '(tensor([[0., 1., 2.],\n'
        '        [3., 4., 5.]]), 3)\n'
        "{'k': tensor([[0., 3.],\n"
        '        [1., 4.],\n'
        '        [2., 5.]])}\n'
        '[tensor([[0., 1., 2.],\n'
        '        [3., 4., 5.]]), tensor([[0., 3.],\n'
        '        [1., 4.],\n'
        '        [2., 5.]])]\n'
        'tensor([], size=(0, 3))\n'
        'tensor([[ 0.,  3.,  6.],\n'
        '        [ 9., 12., 15.]])\n'
        'tensor([[1., 2., 3.],\n'
        '        [4., 5., 6.]])\n'
        'ValueError vmap(f, in_dims=(0, 0), ...)(<inputs>): in_dims is not compatible with the structure of `inputs`. in_dims has structure TreeSpec(tuple, None, [*,\n'
        '  *]) but inputs has structure TreeSpec(tuple, None, [*]).\n'
        "ValueError vmap(f, in_dims=[0], ...)(<inputs>): expected `in_dims` to be int or a (potentially nested) tuple matching the structure of inputs, got: <class 'list'>.\n"
        'ValueError vmap: Expected all tensors to have the same size in the mapped dimension, got sizes [2, 3] for the mapped dimension\n'
        'ValueError vmap(f, in_dims=(0.5,), ...)(<inputs>): Got in_dim=0.5 for an input but in_dim must be either an integer dimension or None.\n'
        'ValueError vmap: Expected at least one Tensor to vmap over\n'
        'ValueError vmap(<lambda>, ..., out_dims=(0, 0, 0))(<inputs>): out_dims is not compatible with the structure of `outputs`. out_dims has structure TreeSpec(tuple, None, [*,\n'
        '  *,\n'
        '  *]) but outputs has structure TreeSpec(tuple, None, [*,\n'
        '  *]).\n'
        'ValueError vmap(<lambda>, ..., out_dims=a): `out_dims` must be an int, None or a python collection of ints representing where in the outputs the vmapped dimension should appear.\n'
        'ValueError vmap(<lambda>, ...): `<lambda>` can not return a BatchedTensor when out_dim is None\n'
        "RuntimeError Only allowed values for randomness are 'error', 'different', or 'same'. Got x\n"
        'ValueError vmap: chunk_size should be None or greater than 0. (got -1)\n'
        'IndexError Dimension out of range (expected to be in range of [-2, 1], but got 3)\n'
        'ValueError vmap(<lambda>, in_dims=2, ...)(<inputs>): Got in_dim=2 for some input, but that input is a Tensor of dimensionality 2 so expected in_dim to satisfy -2 <= in_dim < 2.\n'
        'ValueError vmap: Expected all tensors to have the same size in the mapped dimension, got sizes [2, 3] for the mapped dimension\n'
        'ValueError vmap(<lambda>, in_dims=0, ...)(<inputs>): Got in_dim=0 for some input, but that input is a Tensor of dimensionality 0 so expected in_dim to satisfy -0 <= in_dim < 0.\n'
        'ValueError vmap(<lambda>)(<inputs>): got no inputs. Maybe you forgot to add inputs, or you are trying to vmap over a function with no inputs. The latter is unsupported.\n'
        "ValueError vmap(<lambda>, ...): `<lambda>` must only return Tensors, got type <class 'NoneType'>. Did you mean to set out_dims= to None for output?\n"
        "ValueError vmap(<lambda>, ...): `<lambda>` must only return Tensors, got type <class 'int'>. Did you mean to set out_dims= to None for output?\n")


def test_vmap_and_jacfwd_randomness():
    """randomness='same' gives every slice the same draws, 'different' draws per slice, 'error'
    refuses before drawing."""
    source = """\
from torch.func import vmap, jacfwd
x = torch.ones(3, 2)
print(vmap(lambda t: t + torch.rand(2), randomness='same')(x))
print(torch.rand(2))
print(vmap(lambda t: t * torch.rand(2), randomness='different')(x))
print(vmap(lambda t: t + torch.randn(2), randomness='same')(x))
print(vmap(lambda t: t + torch.randn(2), randomness='different')(x))
try:
    vmap(lambda t: t + torch.randn(2))(x)
except RuntimeError as e:
    print(e)
print(torch.rand(1))
try:
    jacfwd(lambda t: t * torch.rand(2))(torch.ones(2))
except RuntimeError as e:
    print(e)
print(jacfwd(lambda t: t * torch.rand(2), randomness='same')(torch.ones(2)))
print(vmap(lambda t: torch.nn.functional.dropout(t, 0.5), randomness='same')(x))
"""
    assert run_formula(source) == (
        'tensor([[1.4963, 1.7682],\n'
        '        [1.4963, 1.7682],\n'
        '        [1.4963, 1.7682]])\n'
        'tensor([0.0885, 0.1320])\n'
        'tensor([[0.3074, 0.6341],\n'
        '        [0.4901, 0.8964],\n'
        '        [0.4556, 0.6323]])\n'
        'tensor([[1.1604, 0.3935],\n'
        '        [1.1604, 0.3935],\n'
        '        [1.1604, 0.3935]])\n'
        'tensor([[0.2169, 2.0622],\n'
        '        [0.7387, 2.0667],\n'
        '        [1.4159, 1.8396]])\n'
        "vmap: called random operation while in randomness error mode. Please either use the 'same' or 'different' randomness flags on vmap or perform the randomness operation out of vmap\n"
        'tensor([0.9527])\n'
        "vmap: called random operation while in randomness error mode. Please either use the 'same' or 'different' randomness flags on vmap or perform the randomness operation out of vmap\n"
        'tensor([[0.0362, 0.0000],\n'
        '        [0.0000, 0.1852]])\n'
        'tensor([[0., 2.],\n'
        '        [0., 2.],\n'
        '        [0., 2.]])\n')


def test_transforms_over_pytrees_linearize_and_argnums():
    """grad_and_value with has_aux and argnums tuples, Jacobians of dict inputs and outputs,
    linearize, and PyTorch's argument errors."""
    source = """\
x = torch.tensor([1., 2., 3.])
F = torch.func
def f(a, b): return (a * b).sum(), a.mean()
run(lambda: F.grad_and_value(f, has_aux=True)(x, x * 2))
run(lambda: F.grad_and_value(f, argnums=(0, 1), has_aux=True)(x, x * 2))
run(lambda: F.grad(lambda a, b: (a * b ** 2).sum(), argnums=(1,))(x, x))
run(lambda: F.grad(lambda a, b: (a * b ** 2).sum(), argnums=-1)(x, x))
run(lambda: F.grad(lambda a: (a.sum(), [a.mean(), {'b': a * 2}]), has_aux=True)(x))
out, jvp_fn = F.linearize(lambda a: a.sin() * 2, x)
print(out, jvp_fn(torch.ones(3)))
print(jvp_fn(torch.tensor([1., 0., 0.])))
run(lambda: jvp_fn(torch.ones(2)))
run(lambda: F.jacrev(lambda a: a.sin(), chunk_size=1)(x))
run(lambda: F.jacrev(lambda a: {'s': a.sin(), 'c': a.cos()})(x))
run(lambda: F.jacfwd(lambda a: {'s': a.sin(), 'c': a.cos()})(x))
run(lambda: F.jacrev(lambda d: d['a'] * 2)({'a': x}))
run(lambda: F.jacfwd(lambda d: d['a'] * 2)({'a': x}))
run(lambda: F.jacrev(lambda a: a.sin(), chunk_size=0)(x))
g = lambda a, b: (a * b).sum()
y = torch.tensor([1., 2.])
for c in (lambda: F.grad(g, argnums=[0])(y, y), lambda: F.grad(g, argnums=(0, 1.0))(y, y),
          lambda: F.grad(g, argnums=(0, -2))(y, y), lambda: F.jacfwd(g, argnums=())(y, y),
          lambda: F.hessian(g, argnums=5)(y, y), lambda: F.jacrev(lambda a: 3)(y),
          lambda: F.jvp(lambda a: 3, (y,), (y,)), lambda: F.jvp(lambda a: a, (3.0,), (y,)),
          lambda: F.jvp(lambda a: a, (torch.tensor([1, 2]),), (torch.tensor([1, 2]),)),
          lambda: F.jvp(lambda a: a, (y,), (y.double(),)),
          lambda: F.jvp(lambda a: (a * 2, {'m': a.mean()}), (y,), (torch.ones(2),), has_aux=True),
          lambda: F.jvp(lambda a: a * 2, (y,), [torch.ones(2)]),
          lambda: F.jvp(lambda a, b: a * b, (y, y), (torch.ones(2),)),
          lambda: F.jvp(lambda: y, (), ()), lambda: F.jvp(lambda a: torch.ones(2), (y,), (y,), strict=True),
          lambda: F.vjp(lambda a: 3, y), lambda: F.vjp(lambda a: a * 2, y)[1](torch.ones(3)),
          lambda: F.vjp(lambda a: (a, a), y)[1](torch.ones(2)),
          lambda: F.vjp(lambda a: (a, a), y)[1]((torch.ones(2), torch.ones(2))),
          lambda: F.vjp(lambda a: {'k': a * 2}, y)[1]({'k': torch.ones(2)}),
          lambda: F.vjp(lambda a: a.long(), y),
          lambda: F.grad(lambda a: (a.sum(), 1), has_aux=True)(y),
          lambda: F.grad(lambda a: torch.tensor(3.))(y)):
    run(c)
"""
    assert run_python(source) == (
        '(tensor([2., 4., 6.]), (tensor(28.), tensor(2.)))\n'
        '((tensor([2., 4., 6.]), tensor([1., 2., 3.])), (tensor(28.), tensor(2.)))\n'
        '(tensor([ 2.,  8., 18.]),)\n'
        'tensor([ 2.,  8., 18.])\n'
        "(tensor([1., 1., 1.]), [tensor(2.), {'b': tensor([2., 4., 6.])}])\n"
        'tensor([1.6829, 1.8186, 0.2822]) tensor([ 1.0806, -0.8323, -1.9800])\n'
        'tensor([1.0806, -0.0000, -0.0000])\n'
        "RuntimeError tangent:0 with shape torch.Size([2]) in flattened pytree doesn't match the shape torch.Size([3]) of the corresponding primal.\n"
        'tensor([[ 0.5403, -0.0000, -0.0000],\n'
        '        [ 0.0000, -0.4161, -0.0000],\n'
        '        [ 0.0000, -0.0000, -0.9900]])\n'
        "{'s': tensor([[ 0.5403, -0.0000, -0.0000],\n"
        '        [ 0.0000, -0.4161, -0.0000],\n'
        "        [ 0.0000, -0.0000, -0.9900]]), 'c': tensor([[-0.8415, -0.0000, -0.0000],\n"
        '        [ 0.0000, -0.9093, -0.0000],\n'
        '        [ 0.0000, -0.0000, -0.1411]])}\n'
        "{'s': tensor([[ 0.5403,  0.0000,  0.0000],\n"
        '        [-0.0000, -0.4161, -0.0000],\n'
        "        [-0.0000, -0.0000, -0.9900]]), 'c': tensor([[-0.8415, -0.0000, -0.0000],\n"
        '        [-0.0000, -0.9093, -0.0000],\n'
        '        [-0.0000, -0.0000, -0.1411]])}\n'
        "{'a': tensor([[2., 0., 0.],\n"
        '        [0., 2., 0.],\n'
        '        [0., 0., 2.]])}\n'
        "{'a': tensor([[2., 0., 0.],\n"
        '        [0., 2., 0.],\n'
        '        [0., 0., 2.]])}\n'
        'ValueError jacrev: `chunk_size` should be greater than 0.\n'
        "RuntimeError argnums must be int or Tuple[int, ...], got: <class 'list'>\n"
        "RuntimeError argnum must be int, got: <class 'float'>\n"
        'RuntimeError argnums elements must be unique, got (0, 0)\n'
        'RuntimeError argnums must be non-empty\n'
        'RuntimeError Got argnum=5, but only 2 positional inputs\n'
        "RuntimeError vjp(f, *primals): expected f(*primals) to return only tensors, got unsupported type <class 'int'>\n"
        "RuntimeError jvp(f, primals, tangents): expected f(*primals) to return only tensors, got unsupported type <class 'int'>\n"
        "RuntimeError jvp(f, primals, tangents): Expected primals to only contain Tensors, got <class 'float'>\n"
        'ValueError Expected primal to be floating point or complex, but got: torch.int64\n'
        '(tensor([1., 2.]), tensor([1., 2.], dtype=torch.float64))\n'
        "(tensor([2., 4.]), tensor([2., 2.]), {'m': tensor(1.5000)})\n"
        'RuntimeError jvp(f, primals, tangents): Expected primals and tangents to have the same python structure. For example, if primals is a tuple of 3 tensors, tangents also must be. Got primals with structure TreeSpec(tuple, None, [*]) and tangents with structure TreeSpec(list, None, [*])\n'
        'RuntimeError jvp(f, primals, tangents): Expected primals and tangents to have the same python structure. For example, if primals is a tuple of 3 tensors, tangents also must be. Got primals with structure TreeSpec(tuple, None, [*,\n'
        '  *]) and tangents with structure TreeSpec(tuple, None, [*])\n'
        'RuntimeError jvp(f, primals, tangents): Expected primals to contain at least one Tensor.\n'
        'RuntimeError jvp(f, primals, tangents, strict=True): The output of f is independent of the inputs. This is not allowed with strict=True.\n'
        "RuntimeError vjp(f, *primals): expected f(*primals) to return only tensors, got unsupported type <class 'int'>\n"
        'RuntimeError Mismatch in shape: grad_output[0] has a shape of torch.Size([3]) and output[0] has a shape of torch.Size([2]).\n'
        'RuntimeError Expected pytree structure of cotangents to be the same as pytree structure of outputs to the function. cotangents: *, primal output: (*, *)\n'
        '(tensor([2., 2.]),)\n'
        '(tensor([2., 2.]),)\n'
        'RuntimeError vjp(f, ...): All outputs of f must be floating-point or complex Tensors, got Tensor with dtype torch.int64\n'
        "RuntimeError Expected tensors, got unsupported type <class 'int'>\n"
        'tensor([0., 0.])\n')


def test_autograd_functional_strategies():
    """autograd.functional: vectorize=True sums every output's part of a row, strategy='forward-
    mode' runs forward AD (lists, as PyTorch returns them), and the checks in PyTorch's order."""
    source = """\
AF = torch.autograd.functional
x = torch.tensor([0.5, -1.0, 2.0])
y = torch.tensor([1.0, 2.0])
f = lambda a: a.sin() * a
h = lambda a, b: (a.sin() * 2, a.cos().sum() * b, (a[:2] * b).exp())
for kw in [{}, {'vectorize': True}, {'vectorize': True, 'strategy': 'forward-mode'}]:
    run(lambda: AF.jacobian(h, (x, y), **kw))
    run(lambda: AF.jacobian(lambda a: (a.cos(), a.sin()), x, **kw))
q = lambda a, b: (a[:2].exp() * b.sin()).sum() + a.pow(3).sum()
for kw in [{}, {'vectorize': True}, {'vectorize': True, 'outer_jacobian_strategy': 'forward-mode'}]:
    print([[t.detach() for t in row] for row in AF.hessian(q, (x, y), **kw)])
run(lambda: AF.jacobian(f, x, strategy='forward-mode'))
run(lambda: AF.jacobian(f, x, strategy='foo'))
run(lambda: AF.jacobian(lambda a: a, x, strategy='forward-mode', create_graph=True))
run(lambda: AF.jacobian(lambda a: a, x, strategy='forward-mode', strict=True))
run(lambda: AF.jacobian(lambda a: a.detach() * 2, x, strict=True, vectorize=True))
run(lambda: AF.jacobian(f, x, strict=True, vectorize=True))
run(lambda: AF.hessian(q, (x, y), outer_jacobian_strategy='bad'))
run(lambda: AF.hessian(lambda a: a.sum(), x, strict=True))
run(lambda: AF.hvp(lambda a: (a ** 3).sum(), x, torch.ones(3)))
run(lambda: AF.vhp(lambda a, b: (a[:2] * b).pow(2).sum(), (x, y), (torch.ones(3), torch.ones(2))))
run(lambda: AF.jvp(lambda a: torch.ones(3), x, torch.ones(3), strict=True))
run(lambda: AF.vjp(f, x, torch.ones(2)))
"""
    assert run_python(source) == (
        '((tensor([[ 1.7552,  0.0000, -0.0000],\n'
        '        [ 0.0000,  1.0806, -0.0000],\n'
        '        [ 0.0000,  0.0000, -0.8323]]), tensor([[0., 0.],\n'
        '        [0., 0.],\n'
        '        [0., 0.]])), (tensor([[-0.4794,  0.8415, -0.9093],\n'
        '        [-0.9589,  1.6829, -1.8186]]), tensor([[1.0017, 0.0000],\n'
        '        [0.0000, 1.0017]])), (tensor([[1.6487, 0.0000, 0.0000],\n'
        '        [0.0000, 0.2707, 0.0000]]), tensor([[ 0.8244, -0.0000],\n'
        '        [ 0.0000, -0.1353]])))\n'
        '(tensor([[-0.4794,  0.0000, -0.0000],\n'
        '        [-0.0000,  0.8415, -0.0000],\n'
        '        [-0.0000,  0.0000, -0.9093]]), tensor([[ 0.8776,  0.0000, -0.0000],\n'
        '        [ 0.0000,  0.5403, -0.0000],\n'
        '        [ 0.0000,  0.0000, -0.4161]]))\n'
        '((tensor([[ 1.7552,  0.0000,  0.0000],\n'
        '        [ 0.0000,  1.0806,  0.0000],\n'
        '        [ 0.0000,  0.0000, -0.8323]]), tensor([[0., 0.],\n'
        '        [0., 0.],\n'
        '        [0., 0.]])), (tensor([[-0.4794,  0.8415, -0.9093],\n'
        '        [-0.9589,  1.6829, -1.8186]]), tensor([[1.0017, 0.0000],\n'
        '        [0.0000, 1.0017]])), (tensor([[1.6487, 0.0000, 0.0000],\n'
        '        [0.0000, 0.2707, 0.0000]]), tensor([[ 0.8244,  0.0000],\n'
        '        [ 0.0000, -0.1353]])))\n'
        '(tensor([[-0.4794,  0.0000, -0.0000],\n'
        '        [ 0.0000,  0.8415, -0.0000],\n'
        '        [ 0.0000,  0.0000, -0.9093]]), tensor([[ 0.8776,  0.0000, -0.0000],\n'
        '        [ 0.0000,  0.5403, -0.0000],\n'
        '        [ 0.0000,  0.0000, -0.4161]]))\n'
        '[[tensor([[ 1.7552,  0.0000,  0.0000],\n'
        '        [ 0.0000,  1.0806,  0.0000],\n'
        '        [-0.0000, -0.0000, -0.8323]]), tensor([[0., 0.],\n'
        '        [0., 0.],\n'
        '        [-0., -0.]])], [tensor([[-0.4794,  0.8415, -0.9093],\n'
        '        [-0.9589,  1.6829, -1.8186]]), tensor([[1.0017, 0.0000],\n'
        '        [0.0000, 1.0017]])], [tensor([[1.6487, 0.0000, 0.0000],\n'
        '        [0.0000, 0.2707, 0.0000]]), tensor([[ 0.8244,  0.0000],\n'
        '        [ 0.0000, -0.1353]])]]\n'
        '(tensor([[-0.4794, -0.0000, -0.0000],\n'
        '        [ 0.0000,  0.8415,  0.0000],\n'
        '        [-0.0000, -0.0000, -0.9093]]), tensor([[ 0.8776,  0.0000,  0.0000],\n'
        '        [ 0.0000,  0.5403,  0.0000],\n'
        '        [-0.0000, -0.0000, -0.4161]]))\n'
        '[[tensor([[ 4.3874,  0.0000,  0.0000],\n'
        '        [ 0.0000, -5.6655,  0.0000],\n'
        '        [ 0.0000,  0.0000, 12.0000]]), tensor([[ 0.8908, -0.0000],\n'
        '        [ 0.0000, -0.1531],\n'
        '        [ 0.0000, -0.0000]])], [tensor([[ 0.8908, -0.0000,  0.0000],\n'
        '        [ 0.0000, -0.1531,  0.0000]]), tensor([[-1.3874, -0.0000],\n'
        '        [-0.0000, -0.3345]])]]\n'
        '[[tensor([[ 4.3874,  0.0000,  0.0000],\n'
        '        [ 0.0000, -5.6655,  0.0000],\n'
        '        [ 0.0000,  0.0000, 12.0000]]), tensor([[ 0.8908, -0.0000],\n'
        '        [ 0.0000, -0.1531],\n'
        '        [ 0.0000, -0.0000]])], [tensor([[ 0.8908,  0.0000,  0.0000],\n'
        '        [ 0.0000, -0.1531,  0.0000]]), tensor([[-1.3874, -0.0000],\n'
        '        [ 0.0000, -0.3345]])]]\n'
        '[[tensor([[ 4.3874,  0.0000,  0.0000],\n'
        '        [ 0.0000, -5.6655,  0.0000],\n'
        '        [ 0.0000,  0.0000, 12.0000]]), tensor([[ 0.8908,  0.0000],\n'
        '        [ 0.0000, -0.1531],\n'
        '        [ 0.0000,  0.0000]])], [tensor([[ 0.8908,  0.0000,  0.0000],\n'
        '        [-0.0000, -0.1531, -0.0000]]), tensor([[-1.3874,  0.0000],\n'
        '        [-0.0000, -0.3345]])]]\n'
        'NotImplementedError Computing Jacobian using forward-AD or forward-over-reverse Hessian isonly implemented for `vectorize=True`.\n'
        'AssertionError Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your function has more outputs than inputs, "forward-mode" tends to be more performant. Otherwise, prefer to use "reverse-mode".\n'
        'NotImplementedError torch.autograd.functional.jacobian: `create_graph=True` and `strategy="forward-mode"` are not supported together (yet). Please either set `create_graph=False` or `strategy="reverse-mode"`.\n'
        'RuntimeError torch.autograd.functional.jacobian: `strict=True` and `strategy="forward-mode"` are not supported together (yet). Please either set `strict=False` or `strategy="reverse-mode"`.\n'
        'RuntimeError Output 0 of the user-provided function does not require gradients. The outputs must be computed in a differentiable manner from the input when running in strict mode.\n'
        'RuntimeError torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not supported together. Please either set `strict=False` or `vectorize=False`.\n'
        'AssertionError Expected strategy to be either "forward-mode" or "reverse-mode".\n'
        'RuntimeError While computing the hessian, found that the jacobian of the user-provided function with respect to input 0 is independent of the input. This is not allowed in strict mode. You should ensure that your function is twice differentiable and that the jacobian depends on the inputs (this would be violated by a linear function for example).\n'
        '(tensor(7.1250), tensor([ 3., -6., 12.]))\n'
        '(tensor(4.2500), (tensor([4., 0., 0.]), tensor([ 2.5000, -6.0000])))\n'
        'RuntimeError Output 0 of the user-provided function does not require gradients. The outputs must be computed in a differentiable manner from the input when running in strict mode.\n'
        'RuntimeError v has invalid size: should be torch.Size([3]) but got torch.Size([2]).\n')


def test_saved_attributes_of_common_nodes():
    """grad_fn._saved_* as PyTorch names them: indices, masks, select's and slice's place, rsub's
    alpha, inverse, det's A."""
    source = """\
x = torch.tensor([[1., 2., 0.5], [3., 4., -1.]], requires_grad=True)
cases = [(lambda: x.max(1)[0], ['_saved_indices', '_saved_dim', '_saved_keepdim']),
 (lambda: x.max(1, keepdim=True)[0], ['_saved_indices']), (lambda: x.min(0)[0], ['_saved_indices']),
 (lambda: x.sort(0, descending=True)[0], ['_saved_indices', '_saved_dim']),
 (lambda: x.topk(2, dim=1)[0], ['_saved_indices']),
 (lambda: x.gather(1, torch.tensor([[0], [2]])), ['_saved_index', '_saved_dim']),
 (lambda: x.masked_fill(x > 2, 0.), ['_saved_mask']),
 (lambda: x.kthvalue(2, 1)[0], ['_saved_indices', '_saved_keepdim']),
 (lambda: x.median(1)[0], ['_saved_indices']), (lambda: x.mode(1)[0], ['_saved_indices']),
 (lambda: x.scatter(1, torch.tensor([[0], [1]]), 5.), ['_saved_index', '_saved_dim']),
 (lambda: x.index_select(1, torch.tensor([2, 0])), ['_saved_index', '_saved_dim']),
 (lambda: torch.where(x > 2, x, 0.), ['_saved_condition']),
 (lambda: x[1], ['_saved_dim', '_saved_index']), (lambda: x.select(1, 0), ['_saved_dim', '_saved_index']),
 (lambda: x[:, 1:], ['_saved_dim', '_saved_start', '_saved_step']),
 (lambda: x[:, ::2], ['_saved_dim', '_saved_start', '_saved_step']),
 (lambda: x.narrow(1, 1, 2), ['_saved_dim', '_saved_start', '_saved_step']),
 (lambda: 1 - x, ['_saved_alpha']), (lambda: x[:, :2].inverse(), ['_saved_inverse']),
 (lambda: x[:, :2].det(), ['_saved_A', '_saved_result'])]
for fn, attrs in cases:
    n = fn().grad_fn
    print(type(n).__name__, [getattr(n, a) for a in attrs])
"""
    assert run_python(source) == (
        'MaxBackward0 [tensor([1, 1]), 1, False]\n'
        'MaxBackward0 [tensor([[1],\n'
        '        [1]])]\n'
        'MinBackward0 [tensor([0, 0, 1])]\n'
        'SortBackward0 [tensor([[1, 1, 0],\n'
        '        [0, 0, 1]]), 0]\n'
        'TopkBackward0 [tensor([[1, 0],\n'
        '        [1, 0]])]\n'
        'GatherBackward0 [tensor([[0],\n'
        '        [2]]), 1]\n'
        'MaskedFillBackward0 [tensor([[False, False, False],\n'
        '        [ True,  True, False]])]\n'
        'KthvalueBackward0 [tensor([0, 0]), False]\n'
        'MedianBackward1 [tensor([0, 0])]\n'
        'ModeBackward0 [tensor([2, 2])]\n'
        'ScatterBackward1 [tensor([[0],\n'
        '        [1]]), 1]\n'
        'IndexSelectBackward0 [tensor([2, 0]), 1]\n'
        'WhereBackward0 [tensor([[False, False, False],\n'
        '        [ True,  True, False]])]\n'
        'SelectBackward0 [0, 1]\n'
        'SelectBackward0 [1, 0]\n'
        'SliceBackward0 [1, 1, 1]\n'
        'SliceBackward0 [1, 0, 2]\n'
        'SliceBackward0 [1, 1, 1]\n'
        'RsubBackward1 [1]\n'
        'LinalgInvExBackward0 [tensor([[-2.0000,  1.0000],\n'
        '        [ 1.5000, -0.5000]], grad_fn=<LinalgInvExBackward0>)]\n'
        'LinalgDetBackward0 [tensor([[1., 2.],\n'
        '        [3., 4.]], grad_fn=<SliceBackward0>), tensor(-2.0000, grad_fn=<LinalgDetBackward0>)]\n')


def test_inference_mode_views_and_wrapped_numbers():
    """A number used inside inference_mode is not an inference tensor afterwards; views of normal
    tensors made there are normal."""
    source = """\
x = torch.tensor([1., 2.], requires_grad=True)
with torch.inference_mode():
    y = x * 2
    for t in [x.view(2), x[0], x.t(), x.reshape(2), x.unsqueeze(0), x.expand(2, 2), x.clone(), x * 1, x.narrow(0, 0, 1)]:
        print(t.is_inference(), t.requires_grad, t.grad_fn)
with torch.no_grad():
    with torch.enable_grad():
        b = x * 2
        print(b)
try:
    (y * x).sum().backward()
except RuntimeError as e:
    print(e)
"""
    assert run_formula(source) == (
        'False True None\n'
        'False True None\n'
        'False True None\n'
        'False True None\n'
        'False True None\n'
        'False True None\n'
        'True False None\n'
        'True False None\n'
        'False True None\n'
        'tensor([2., 4.], grad_fn=<MulBackward0>)\n'
        'Inference tensors cannot be saved for backward. Please do not use Tensors created in inference mode in computation tracked by autograd. To work around this, you can make a clone to get a normal tensor and use it in autograd, or use `torch.no_grad()` instead of `torch.inference_mode()`.\n')


def test_inplace_error_names_the_first_tensor_unpacked():
    """The version-counter error names the saved tensor PyTorch's node unpacks first (other
    before self, mat2 before self)."""
    source = """\
x = torch.tensor([1., 2.], requires_grad=True)
a = x * 1
b = a[None] @ a[:, None]
a.add_(1)
try:
    b.sum().backward()
except RuntimeError as e:
    print(e)
a = x.clone()
b = a[0] * a
a[1] = 5
try:
    b.sum().backward()
except RuntimeError as e:
    print(e)
"""
    assert run_formula(source) == (
        'one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2, 1]], which is output 0 of AsStrided, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).\n'
        'one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2]], which is output 0 of torch::autograd::CopySlices, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).\n')


def test_custom_function_inside_transforms():
    """A custom Function inside torch.func needs setup_context, and a vmap rule under vmap and
    jacfwd; its jvp serves jvp."""
    source = """\
from torch.func import grad, vmap, jvp, jacfwd, jacrev
class Old(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.exp()
    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * x.exp()
class New(torch.autograd.Function):
    @staticmethod
    def forward(x):
        return x.exp()
    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(output)
    @staticmethod
    def backward(ctx, g):
        y, = ctx.saved_tensors
        return g * y
    @staticmethod
    def jvp(ctx, t):
        return t * 2
class Mapped(torch.autograd.Function):
    generate_vmap_rule = True
    @staticmethod
    def forward(x):
        return x.exp()
    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(output)
    @staticmethod
    def backward(ctx, g):
        y, = ctx.saved_tensors
        return g * y
    @staticmethod
    def jvp(ctx, t):
        return t * 2
x = torch.tensor([0.5, 1.0])
for c in (lambda: grad(lambda a: Old.apply(a).sum())(x), lambda: grad(lambda a: New.apply(a).sum())(x),
          lambda: vmap(Old.apply)(x), lambda: vmap(New.apply)(x), lambda: jvp(New.apply, (x,), (torch.ones(2),)),
          lambda: jvp(Old.apply, (x,), (torch.ones(2),)), lambda: jacrev(New.apply)(x),
          lambda: jacfwd(New.apply)(x), lambda: vmap(Mapped.apply)(x[None]), lambda: jacfwd(Mapped.apply)(x)):
    try:
        print(c())
    except RuntimeError as e:
        print(e)
"""
    assert run_formula(source) == (
        'In order to use an autograd.Function with functorch transforms (vmap, grad, jvp, jacrev, ...), it must override the setup_context staticmethod. For more details, please see https://pytorch.org/docs/main/notes/extending.func.html\n'
        'tensor([1.6487, 2.7183])\n'
        'In order to use an autograd.Function with functorch transforms (vmap, grad, jvp, jacrev, ...), it must override the setup_context staticmethod. For more details, please see https://pytorch.org/docs/main/notes/extending.func.html\n'
        'You tried to vmap over New, but it does not have vmap support. Please override and implement the vmap staticmethod or set generate_vmap_rule=True. For more details, please see https://pytorch.org/docs/main/notes/extending.func.html\n'
        '(tensor([1.6487, 2.7183]), tensor([2., 2.]))\n'
        'In order to use an autograd.Function with functorch transforms (vmap, grad, jvp, jacrev, ...), it must override the setup_context staticmethod. For more details, please see https://pytorch.org/docs/main/notes/extending.func.html\n'
        'tensor([[1.6487, 0.0000],\n'
        '        [0.0000, 2.7183]])\n'
        'You tried to vmap over New, but it does not have vmap support. Please override and implement the vmap staticmethod or set generate_vmap_rule=True. For more details, please see https://pytorch.org/docs/main/notes/extending.func.html\n'
        'tensor([[1.6487, 2.7183]])\n'
        'tensor([[2., 0.],\n'
        '        [0., 2.]])\n')


def test_forward_over_reverse_refusals_and_jvp_outputs():
    """PyTorch has no forward-mode formula for hardsigmoid's and huber_loss's backward; jvp's
    outputs that keep a graph are aliases of the primal."""
    source = """\
import torch.autograd.forward_ad as fwAD
import torch.nn.functional as F
from torch.func import jvp
x = torch.tensor([[0.3, -0.7, 1.2], [0.9, -1.5, 0.4]], dtype=torch.float64, requires_grad=True)
v = torch.tensor([[1.0, 0.5, -1.0], [0.25, -2.0, 0.75]], dtype=torch.float64)
for f in (lambda d: F.hardsigmoid(d).pow(2).sum(), lambda d: F.huber_loss(d, v), lambda d: F.elu(d).pow(2).sum()):
    with fwAD.dual_level():
        d = fwAD.make_dual(x, v)
        try:
            g, = torch.autograd.grad(f(d), d)
            print(fwAD.unpack_dual(g).tangent)
        except NotImplementedError as e:
            print(str(e)[:80])
y = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
o, t = jvp(torch.sin, (y,), (torch.ones(3),))
print(o, t)
t.sum().backward()
print(y.grad)
"""
    assert run_formula(source) == (
        'Trying to use forward AD with aten::hardsigmoid_backward that does not support i\n'
        'Trying to use forward AD with huber_loss_backward that does not support it becau\n'
        'tensor([[ 2.0000, -0.0034, -2.0000],\n'
        '        [ 0.5000,  0.4942,  1.5000]], dtype=torch.float64)\n'
        'tensor([ 0.4794, -0.8415,  0.9093], grad_fn=<AliasBackward0>) tensor([ 0.8776,  0.5403, -0.4161], grad_fn=<MulBackward0>)\n'
        'tensor([-0.4794,  0.8415, -0.9093])\n')


def test_vmap_refuses_in_place_writes_to_unmapped_arguments():
    """One call per slice cannot give PyTorch's result for an in-place write into an argument
    with in_dim None: refused."""
    source = """\
from torch.func import vmap
x = torch.arange(6.).reshape(2, 3)
y = torch.ones(3)
print(vmap(lambda t: t.add_(1))(x))
print(x)
try:
    vmap(lambda t, u: u.add_(t), in_dims=(0, None))(x, y)
except RuntimeError as e:
    print(type(e).__name__)
"""
    assert run_formula(source) == (
        'tensor([[1., 2., 3.],\n'
        '        [4., 5., 6.]])\n'
        'tensor([[1., 2., 3.],\n'
        '        [4., 5., 6.]])\n'
        'RuntimeError\n')


def test_transforms_compose_with_autograd_outside():
    """A function that closes over a tensor requiring grad gives gradients that keep their graph
    to it; transforms ignore an outer inference_mode; backward() inside a transform is
    refused."""
    source = """\
from torch.func import grad, vjp, jacrev, jvp, hessian, grad_and_value
xr = torch.tensor([1., 2.], requires_grad=True)
x = torch.tensor([3., 4.])
g = grad(lambda a: (a * xr ** 2).sum())(x)
print(g)
g.sum().backward()
print(xr.grad)
print(grad_and_value(lambda a: ((a * xr).sum(), xr * 2), has_aux=True)(x))
print(jacrev(lambda a: a * xr)(x))
o, fn = vjp(lambda a: a * xr, x)
print(o, fn(torch.ones(2)))
print(hessian(lambda a: (a ** 2 * xr).sum())(x))
with torch.no_grad():
    print(grad(lambda a: (a * xr ** 2).sum())(x))
print(grad(lambda a: (a * xr.detach()).sum())(x))
with torch.inference_mode():
    print(grad(lambda a: (a ** 2).sum())(x))
try:
    grad(lambda a: a.sum().backward())(x)
except RuntimeError as e:
    print(e)
"""
    assert run_formula(source) == (
        'tensor([1., 4.], grad_fn=<MulBackward0>)\n'
        'tensor([2., 4.])\n'
        '(tensor([1., 2.], grad_fn=<MulBackward0>), (tensor(11., grad_fn=<SumBackward0>), tensor([2., 4.], grad_fn=<MulBackward0>)))\n'
        'tensor([[1., 0.],\n'
        '        [0., 2.]], grad_fn=<ViewBackward0>)\n'
        'tensor([3., 8.], grad_fn=<MulBackward0>) (tensor([1., 2.], grad_fn=<MulBackward0>),)\n'
        'tensor([[2., 0.],\n'
        '        [0., 4.]], grad_fn=<ViewBackward0>)\n'
        'tensor([1., 4.])\n'
        'tensor([1., 2.])\n'
        'tensor([6., 8.])\n'
        'backward() called inside a functorch transform. This is not supported, please use functorch.grad or functorch.vjp instead or call backward() outside of functorch transforms.\n')


def test_forward_over_reverse_hooks_retain_grad_and_functions():
    """Inside a dual level: tensor hooks see gradients with tangents and no graph, retain_grad
    keeps the tangent, a custom Function's backward, an in-place write and a Linear layer
    carry tangents."""
    source = """\
import torch.autograd.forward_ad as fwAD
x = torch.tensor([0.5, 1.0, 2.0], requires_grad=True)
v = torch.tensor([1.0, 0.5, -1.0])
class Sq(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        ctx.save_for_forward(a)
        return a * a
    @staticmethod
    def backward(ctx, g):
        a, = ctx.saved_tensors
        return 2 * a * g
    @staticmethod
    def jvp(ctx, t):
        a, = ctx.saved_tensors
        return 2 * a * t
with fwAD.dual_level():
    d = fwAD.make_dual(x, v)
    y = d.exp() * 2
    y.register_hook(lambda g: print('hook', g))
    y.retain_grad()
    z = (y * d).sum()
    z.backward(retain_graph=True)
    print(x.grad)
    print(y.grad)
    g, = torch.autograd.grad(z, d, retain_graph=True)
    print(fwAD.unpack_dual(g).tangent)
    s = Sq.apply(d)
    gs, = torch.autograd.grad(s.sum(), d)
    print(gs, fwAD.unpack_dual(gs).tangent)
    w = d.clone()
    w[0] = 5.
    gw, = torch.autograd.grad((w * w).sum(), d)
    print(fwAD.unpack_dual(gw).tangent)
    m = torch.nn.Linear(3, 2)
    with torch.no_grad():
        m.weight.copy_(torch.tensor([[0.1, 0.2, 0.3], [-0.3, 0.2, 0.1]]))
        m.bias.zero_()
    out = m(d).tanh().sum()
    gl, = torch.autograd.grad(out, m.weight)
    print(fwAD.unpack_dual(gl).tangent)
"""
    assert run_formula(source) == (
        'hook tensor([0.5000, 1.0000, 2.0000], tangent=tensor([ 1.0000,  0.5000, -1.0000]))\n'
        'tensor([ 4.9462, 10.8731, 44.3343])\n'
        'tensor([0.5000, 1.0000, 2.0000], tangent=tensor([ 1.0000,  0.5000, -1.0000]))\n'
        'hook tensor([0.5000, 1.0000, 2.0000], tangent=tensor([ 1.0000,  0.5000, -1.0000]))\n'
        'tensor([  8.2436,   8.1548, -59.1124])\n'
        'tensor([1., 2., 4.], tangent=tensor([ 2.,  1., -2.])) tensor([ 2.,  1., -2.])\n'
        'tensor([ 0.,  1., -2.])\n'
        'tensor([[ 0.5585,  0.3334, -0.3780],\n'
        '        [ 1.0091,  0.6081, -0.6637]])\n')


def test_reverse_over_forward():
    """A tangent of a primal that requires grad records its graph, and the gradient of a
    gradient's tangent is PyTorch's (forward over reverse with create_graph); jacrev of
    jacfwd."""
    source = """\
import torch.autograd.forward_ad as fwAD
from torch.func import jacrev, jacfwd
x = torch.tensor([0.5, 1.0, 2.0], requires_grad=True)
v = torch.tensor([1.0, 0.0, 0.0])
with fwAD.dual_level():
    d = fwAD.make_dual(x, v)
    y = (d.sin() * d).sum()
    print(y)
    g, = torch.autograd.grad(y, d, create_graph=True)
    print(g)
    print(fwAD.unpack_dual(g).tangent)
    g2, = torch.autograd.grad(y, x, create_graph=True)
    print(fwAD.unpack_dual(g2).tangent)
    t = fwAD.unpack_dual(d.exp() * d).tangent
    print(t)
    print(fwAD.unpack_dual(torch.autograd.grad(t.sum(), x)[0]).primal)
print(jacrev(jacfwd(lambda a: (a.exp() * a.sin()).sum()))(torch.tensor([0.5, -1.0])))
"""
    assert run_formula(source) == (
        'tensor(2.8998, grad_fn=<SumBackward0>, tangent=0.9182168245315552)\n'
        'tensor([0.9182, 1.3818, 0.0770], grad_fn=<AddBackward0>,\n'
        '       tangent=tensor([1.5155, 0.0000, -0.0000], grad_fn=<AddBackward0>))\n'
        'tensor([1.5155, 0.0000, -0.0000], grad_fn=<AddBackward0>)\n'
        'tensor([1.5155, 0.0000, -0.0000], grad_fn=<ViewBackward0>)\n'
        'tensor([2.4731, 0.0000, 0.0000], grad_fn=<AddBackward0>)\n'
        'tensor([4.1218, 0.0000, 0.0000])\n'
        'tensor([[2.8938, 0.0000],\n'
        '        [0.0000, 0.3975]])\n')



VMAP_DATA_PROGRAM = 'import torch\nfrom torch.func import vmap\ndef f(x):\n    return x * x.sum().item()\ntry:\n    vmap(f)(torch.ones(2, 3))\nexcept RuntimeError as e:\n    print(e)\ndef g(x):\n    if x.sum() > 0:\n        return x\n    return -x\ntry:\n    vmap(g)(torch.ones(2, 3))\nexcept RuntimeError as e:\n    print(e)\ndef h(x):\n    return torch.tensor(x.tolist())\ntry:\n    vmap(h)(torch.ones(2, 3))\nexcept RuntimeError as e:\n    print(e)\nprint(vmap(lambda x: x * 2)(torch.ones(2, 2)))\nfrom torch.func import linearize\nout, jvp_fn = linearize(torch.sin, torch.tensor([0.0, 1.0]))\nprint(out, jvp_fn(torch.ones(2)))\n'


def test_vmap_refuses_reading_values_and_linearize_is_in_torch_func():
    """Torch 2.13's output for reading .item(), a bool and .tolist() under vmap."""
    import io
    from gradcli.lang import run_source
    out = io.StringIO()
    run_source(VMAP_DATA_PROGRAM, out=out)
    assert out.getvalue() == "vmap: It looks like you're calling .item() on a Tensor. We don't support vmap over calling .item() on a Tensor, please try to rewrite what you're doing with other operations. If error is occurring somewhere inside PyTorch internals, please file a bug report.\nvmap: It looks like you're attempting to use a Tensor in some data-dependent control flow. We don't support that yet, please file an issue at https://github.com/pytorch/pytorch/issues .\nCannot access data pointer of Tensor that doesn't have storage\ntensor([[2., 2.],\n        [2., 2.]])\ntensor([0.0000, 0.8415]) tensor([1.0000, 0.5403])\n"



REQUIRES_GRAD_IN_TRANSFORM = 'import torch\nfrom torch.func import grad, vmap, jvp, jacrev\nfor name, call in (("grad", lambda f: grad(f)(torch.ones(2))), ("vmap", lambda f: vmap(f)(torch.ones(2, 2))),\n                   ("jvp", lambda f: jvp(f, (torch.ones(2),), (torch.ones(2),))), ("jacrev", lambda f: jacrev(f)(torch.ones(2)))):\n    try:\n        call(lambda t: t.requires_grad_().sum())\n        print(name, "ok")\n    except RuntimeError as e:\n        print(name, str(e)[:60])\nx = torch.ones(2)\nprint(x.requires_grad_().requires_grad)\nprint(grad(lambda t: (t * t).sum())(torch.ones(2)))\n'


def test_requires_grad_inside_a_transformed_formula_function_is_refused():
    """Torch 2.13's output: grad, vmap, jvp and jacrev refuse t.requires_grad_() inside."""
    import io
    from gradcli.lang import run_source
    out = io.StringIO()
    run_source(REQUIRES_GRAD_IN_TRANSFORM, out=out)
    assert out.getvalue() == 'grad You are attempting to call Tensor.requires_grad_() (or perha\nvmap You are attempting to call Tensor.requires_grad_() (or perha\njvp You are attempting to call Tensor.requires_grad_() (or perha\njacrev You are attempting to call Tensor.requires_grad_() (or perha\nTrue\ntensor([2., 2.])\n'
