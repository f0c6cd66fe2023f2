"""Forward-mode AD through in-place ops, as PyTorch 2.13 does it: a write into a dual
tensor changes its tangent by a recorded copy_ (CopyBackwards) or, for ops whose forward
formula is itself in place (fill_, zero_, index_put_, x[i] = v ...), by that op (through a
view: CopySlices on the tangent it views); a tensor without a tangent takes the formula's
tangent; make_dual copies a tangent whose layout (strides, storage offset, storage size)
differs from the primal's. Expected outputs were printed by torch 2.13 for the same programs
(run through `gradcli run`, format of test_autograd_parity4)."""
from __future__ import annotations

import pytest

from test_autograd_parity4 import run

H = "import torch.autograd.forward_ad as fwAD\n"

CASES = {
    "inplace_tangent_history": (H + """
p = torch.tensor([1., 2., 3.], requires_grad=True)
t = torch.tensor([1., 1., 1.], requires_grad=True)
with fwAD.dual_level():
    x = fwAD.make_dual(p.clone(), t.clone())
    x.mul_(2)
    print(type(x.grad_fn).__name__, fwAD.unpack_dual(x).tangent)
    x.add_(fwAD.make_dual(torch.ones(3), torch.full((3,), .5)))
    x.clamp_(2.5, 6.5)
    x.sin_()
    tt = fwAD.unpack_dual(x).tangent
    print(tt)
    tt.sum().backward()
    print(p.grad, t.grad)
""",
        'AsStridedBackward0 tensor([2., 2., 2.], grad_fn=<CopyBackwards>)\n'
        'tensor([-2.4750,  0.7092,  0.0000], grad_fn=<CopyBackwards>)\n'
        'tensor([-0.7056,  4.7946,  0.0000]) tensor([-1.9800,  0.5673,  0.0000])\n'),
    "inplace_formula_on_the_tangent_itself": (H + """
def tree(fn, depth=0):
    out = []
    todo = [(fn, 0)]
    while todo:
        f, d = todo.pop()
        if f is None or d > 2:
            continue
        out.append("  " * d + type(f).__name__)
        todo += [(n, d + 1) for n, _ in reversed(f.next_functions)]
    print(*out, sep=chr(10))
p = torch.tensor([[0.4, -1.15], [1.31, 0.45]], requires_grad=True)
t = torch.tensor([[0.11, 0.98], [-0.24, -0.6]], requires_grad=True)
q = torch.tensor([[0.3, 0.2], [0.1, 0.5]], requires_grad=True)
with fwAD.dual_level():
    x = fwAD.make_dual(p, t)
    h = x.clone()
    h.masked_fill_(x > 0.5, 0.0)
    tree(fwAD.unpack_dual(h).tangent.grad_fn)
    k = x * 3
    k.fill_(2.0)
    tree(fwAD.unpack_dual(k).tangent.grad_fn)
    z = fwAD.make_dual(q.exp(), q * 2)
    z.copy_(h)
    tz = fwAD.unpack_dual(z).tangent
    tree(tz.grad_fn)
    print(tz)
    tz.sum().backward()
    print(p.grad, t.grad, q.grad)
""",
        'MaskedFillBackward0\n'
        '  CloneBackward0\n'
        '    AccumulateGrad\n'
        'FillBackward2\n'
        '  AddBackward0\n'
        '    MulBackward0\n'
        '    MulBackward0\n'
        'CopyBackwards\n'
        '  MulBackward0\n'
        '    AccumulateGrad\n'
        '  MaskedFillBackward0\n'
        '    CloneBackward0\n'
        'tensor([[ 0.1100,  0.9800],\n'
        '        [ 0.0000, -0.6000]], grad_fn=<CopyBackwards>)\n'
        'None tensor([[1., 1.],\n'
        '        [0., 1.]]) tensor([[0., 0.],\n'
        '        [0., 0.]])\n'),
    "inplace_on_view_records_copyslices": (H + """
w = torch.tensor([.5, 1., 2.], requires_grad=True)
with fwAD.dual_level():
    y = fwAD.make_dual(torch.ones(3), w * 1)
    x = fwAD.make_dual(torch.arange(6.), torch.ones(6))
    v = x[1:4]
    v.mul_(y)
    print(fwAD.unpack_dual(v).tangent)
    print(fwAD.unpack_dual(x).tangent)
    (fwAD.unpack_dual(x).tangent * torch.arange(6.)).sum().backward()
    print(w.grad)
""",
        'tensor([1.5000, 3.0000, 7.0000], grad_fn=<AsStridedBackward0>)\n'
        'tensor([1.0000, 1.5000, 3.0000, 7.0000, 1.0000, 1.0000], grad_fn=<CopySlices>)\n'
        'tensor([1., 4., 9.])\n'),
    "setitem_and_fill_tangent_nodes": (H + """
w = torch.tensor([.5, .5, .5], requires_grad=True)
def tangent(d):
    return type(fwAD.unpack_dual(d).tangent.grad_fn).__name__
with fwAD.dual_level():
    y = fwAD.make_dual(torch.ones(3), w * 1)
    x = fwAD.make_dual(torch.arange(6.), torch.ones(6))
    x[0] = y[1]
    print(tangent(x))
    x[[1, 2]] = y[:2]
    print(tangent(x))
    x[:] = y[0]
    print(tangent(x))
    x.masked_fill_(torch.tensor([True, False, True, False, False, False]), y[0])
    print(tangent(x))
    x.index_put_((torch.tensor([0]),), y[:1], accumulate=True)
    print(tangent(x))
    x.zero_()
    print(tangent(x))
    x.fill_(2.)
    print(tangent(x))
    x.copy_(torch.ones(6))
    print(tangent(x), fwAD.unpack_dual(x).tangent)
    x[1:3].copy_(y[:2])
    print(tangent(x), fwAD.unpack_dual(x).tangent)
""",
        'CopySlices\n'
        'IndexPutBackward0\n'
        'FillBackward3\n'
        'MaskedFillBackward1\n'
        'IndexPutBackward0\n'
        'ZeroBackward0\n'
        'FillBackward2\n'
        'FillBackward2 tensor([0., 0., 0., 0., 0., 0.], grad_fn=<FillBackward2>)\n'
        'CopySlices tensor([0.0000, 0.5000, 0.5000, 0.0000, 0.0000, 0.0000], grad_fn=<CopySlices>)\n'),
    "write_into_a_tensor_without_tangent": (H + """
w = torch.tensor([.5, .5, .5], requires_grad=True)
with fwAD.dual_level():
    y = fwAD.make_dual(torch.ones(3), w * 1)
    a = torch.zeros(3)
    a.copy_(y)
    print(fwAD.unpack_dual(a).tangent)
    b = torch.zeros(4)
    b[1:] = y
    print(fwAD.unpack_dual(b).tangent)
    c = torch.zeros(3, dtype=torch.float16)
    c.add_(fwAD.make_dual(torch.ones(3), torch.ones(3)))
    print(fwAD.unpack_dual(c).tangent)
    d = torch.zeros(3)
    d.copy_(fwAD.make_dual(torch.ones(3, dtype=torch.float64), torch.ones(3, dtype=torch.float64)))
    print(fwAD.unpack_dual(d).tangent)
""",
        'tensor([0.5000, 0.5000, 0.5000], grad_fn=<CloneBackward0>)\n'
        'tensor([0.0000, 0.5000, 0.5000, 0.5000], grad_fn=<CopySlices>)\n'
        'tensor([1., 1., 1.])\n'
        'tensor([1., 1., 1.], dtype=torch.float64)\n'),
    "inplace_on_result_leaves_input_tangent": (H + """
with fwAD.dual_level():
    y = fwAD.make_dual(torch.ones(3), torch.full((3,), .5))
    r = torch.zeros(3) + y
    r.mul_(2)
    print(fwAD.unpack_dual(y).tangent, fwAD.unpack_dual(r).tangent)
    with torch.no_grad():
        s = torch.zeros(3) + y
        s.mul_(4)
    print(fwAD.unpack_dual(y).tangent, fwAD.unpack_dual(s).tangent)
""",
        'tensor([0.5000, 0.5000, 0.5000]) tensor([1., 1., 1.])\n'
        'tensor([0.5000, 0.5000, 0.5000]) tensor([2., 2., 2.])\n'),
    "make_dual_of_view_with_offset": (H + """
with fwAD.dual_level():
    base = torch.arange(6.)
    t = torch.ones(4, requires_grad=True)
    d = fwAD.make_dual(base[2:], t)
    tt = fwAD.unpack_dual(d).tangent
    print(tt, tt.storage_offset(), tt is t)
    t2 = torch.ones(6)[2:]
    print(fwAD.unpack_dual(fwAD.make_dual(base[2:], t2)).tangent is t2)
    t3 = torch.ones(8)[2:6]
    print(fwAD.unpack_dual(fwAD.make_dual(base[2:], t3)).tangent is t3)
    m = torch.arange(6.).reshape(2, 3)
    tm = fwAD.unpack_dual(fwAD.make_dual(m[:, 1:], torch.ones(2, 2))).tangent
    print(tm.stride(), tm.storage_offset())
    d.mul_(2)
    print(fwAD.unpack_dual(base).tangent, fwAD.unpack_dual(d).tangent, base)
""",
        'tensor([1., 1., 1., 1.], grad_fn=<CopyBackwards>) 2 False\n'
        'True\n'
        'False\n'
        '(3, 1) 1\n'
        'None tensor([2., 2., 2., 2.], grad_fn=<CopyBackwards>) tensor([ 0.,  1.,  4.,  6.,  8., 10.])\n'),
    "reverse_over_forward_through_inplace": (H + """
P = torch.tensor([0.3, -1.2, 2.0, 0.7, -0.4, 1.1], requires_grad=True)
T = torch.tensor([1.0, 0.5, -2.0, 0.25, 3.0, -1.0], requires_grad=True)
W = torch.tensor([1.5, -0.5, 0.8, 2.0, -1.0, 0.1], requires_grad=True)
def run(f):
    for g in (P, T, W):
        g.grad = None
    with fwAD.dual_level():
        x = fwAD.make_dual(P * 1, T * 1)
        y = fwAD.make_dual(W * 1, W * 2)
        t = fwAD.unpack_dual(f(x, y)).tangent
        (t * torch.arange(1., 7.)).sum().backward()
        print(P.grad, T.grad, W.grad)
def f1(x, y):
    x[1:4].mul_(y[:3])
    return x
def f2(x, y):
    v = x[2:]
    v.copy_(y[:4])
    v.tanh_()
    return x
def f3(x, y):
    x.index_put_((torch.tensor([0, 3]),), y[:2] * y[2:4], accumulate=True)
    return x
def f4(x, y):
    x.clamp_(min=0.0)
    x.div_(y)
    return x
for f in (f1, f2, f3, f4):
    run(f)
""",
        'tensor([ 0.0000,  6.0000, -3.0000,  6.4000,  0.0000,  0.0000]) tensor([ 1.0000,  3.0000, -1.5000,  3.2000,  5.0000,  6.0000]) tensor([-3.8000,  6.0000,  6.6000,  0.0000,  0.0000,  0.0000])\n'
        'tensor([0., 0., 0., 0., 0., 0.]) tensor([1., 2., 0., 0., 0., 0.]) tensor([-1.8600,  3.3841, -0.3492, -2.4214,  0.0000,  0.0000])\n'
        'None tensor([1., 2., 3., 4., 5., 6.]) tensor([ 3.2000, 32.0000,  6.0000, -8.0000,  0.0000,  0.0000])\n'
        'tensor([  -1.3333,    0.0000,   -7.5000,   -4.0000,    0.0000, -120.0000]) tensor([ 0.6667,  0.0000,  3.7500,  2.0000,  0.0000, 60.0000]) tensor([-1.7778e-01,  0.0000e+00,  2.8125e+01,  1.1500e+00,  0.0000e+00,\n'
        '         1.9200e+03])\n'),
    "leaf_tangent_refused": (H + """
with fwAD.dual_level():
    x = fwAD.make_dual(torch.arange(3.), torch.ones(3, requires_grad=True))
    x.mul_(2)
""",
        '!! RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.\n'),
    "inplace_on_view_of_a_tangent_in_the_graph": (H + """
w = torch.tensor([.5, 1., 2.], requires_grad=True)
with fwAD.dual_level():
    x = fwAD.make_dual(torch.arange(6.), torch.arange(6.) * w.sum())
    y = fwAD.make_dual(torch.ones(3), w * 3)
    x.exp_()
    x[1:3].zero_()
    print(fwAD.unpack_dual(x).tangent)
    x[3:5].fill_(y[2])
    print(fwAD.unpack_dual(x).tangent)
    x[2:].masked_fill_(torch.tensor([True, False, False, True]), y[0])
    print(fwAD.unpack_dual(x).tangent)
""",
        'tensor([   0.0000,    0.0000,    0.0000,  210.8981,  764.3741, 2597.2302],\n'
        '       grad_fn=<CopySlices>)\n'
        'tensor([   0.0000,    0.0000,    0.0000,    6.0000,    6.0000, 2597.2302],\n'
        '       grad_fn=<CopySlices>)\n'
        'tensor([0.0000, 0.0000, 1.5000, 6.0000, 6.0000, 1.5000], grad_fn=<CopySlices>)\n'),
    "no_grad_writes_and_results_share_no_tangent": (H + """
w = torch.tensor([1., 2., 3.], requires_grad=True)
with fwAD.dual_level():
    x = fwAD.make_dual(torch.ones(3), w * 2)
    with torch.no_grad():
        r = torch.zeros(3) + x
        a = torch.ones(3, requires_grad=True)
        a.add_(x)
        x.mul_(3)
    print(fwAD.unpack_dual(r).tangent)
    print(fwAD.unpack_dual(a).tangent)
    print(fwAD.unpack_dual(x).tangent)
""",
        'tensor([2., 4., 6.])\n'
        'tensor([2., 4., 6.])\n'
        'tensor([ 6., 12., 18.], grad_fn=<MulBackward0>)\n'),
    "inplace_on_views_of_a_transposed_tangent": (H + """
w = torch.tensor([1., 2., 3.], requires_grad=True)
with fwAD.dual_level():
    x = fwAD.make_dual(torch.arange(6.).reshape(2, 3).t(), torch.ones(3, 2))
    y = fwAD.make_dual(torch.ones(2), w[:2] * 1)
    v = x[0]
    v.mul_(y)
    print(fwAD.unpack_dual(x).tangent)
    t = fwAD.unpack_dual(x[1]).tangent
    x[1].mul_(2)
    print(fwAD.unpack_dual(x).tangent)
    z = fwAD.make_dual(torch.arange(6.).reshape(2, 3).t(), torch.ones(3, 2) * w[0])
    z[1].mul_(y)
    print(fwAD.unpack_dual(z).tangent)
    fwAD.unpack_dual(z).tangent.sum().backward()
    print(w.grad)
    w.grad = None
    q = fwAD.make_dual(torch.arange(6.).reshape(2, 3).t(), torch.ones(3, 2) * w[0])
    q.t()[1:].mul_(w[1])
    q[0].zero_()
    (fwAD.unpack_dual(q).tangent * torch.arange(6.).view(3, 2)).sum().backward()
    print(fwAD.unpack_dual(q).tangent, w.grad)
""",
        'tensor([[1., 7.],\n'
        '        [1., 1.],\n'
        '        [1., 1.]], grad_fn=<CopySlices>)\n'
        'tensor([[1., 7.],\n'
        '        [2., 2.],\n'
        '        [1., 1.]], grad_fn=<CopySlices>)\n'
        'tensor([[1., 1.],\n'
        '        [2., 9.],\n'
        '        [1., 1.]], grad_fn=<CopySlices>)\n'
        'tensor([7., 4., 0.])\n'
        'tensor([[0., 0.],\n'
        '        [1., 2.],\n'
        '        [1., 2.]], grad_fn=<CopySlices>) tensor([22.,  8.,  0.])\n'),
    "leaf_grad_accumulates_tangents": (H + """
x2 = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
t = torch.tensor([1.0, 0.0, 0.0])
with fwAD.dual_level():
    d = fwAD.make_dual(x2, t)
    (d * d).sum().backward()
    print(x2.grad, fwAD.unpack_dual(x2.grad).tangent)
    (d * d).sum().backward()
    print(x2.grad, fwAD.unpack_dual(x2.grad).tangent)
    (x2 * 3).sum().backward()
    print(x2.grad, fwAD.unpack_dual(x2.grad).tangent)
x3 = torch.tensor([1.0, 2.0], requires_grad=True)
(x3 * 2).sum().backward()
with fwAD.dual_level():
    d = fwAD.make_dual(x3, torch.tensor([0.0, 1.0]))
    (d * d).sum().backward()
    print(x3.grad, fwAD.unpack_dual(x3.grad).tangent)
    (d ** 3).sum().backward(create_graph=False)
    print(x3.grad, fwAD.unpack_dual(x3.grad).tangent)
print(x3.grad, fwAD.unpack_dual(x3.grad).tangent)
""",
        'tensor([2., 4., 6.]) None\n'
        'tensor([ 4.,  8., 12.], tangent=tensor([2., 0., 0.])) tensor([2., 0., 0.])\n'
        'tensor([ 7., 11., 15.], tangent=tensor([2., 0., 0.])) tensor([2., 0., 0.])\n'
        'tensor([4., 6.], tangent=tensor([0., 2.])) tensor([0., 2.])\n'
        'tensor([ 7., 18.], tangent=tensor([ 0., 14.])) tensor([ 0., 14.])\n'
        'tensor([ 7., 18.]) None\n'
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_prints_what_pytorch_printed(name):
    source, expected = CASES[name]
    assert run(source) == expected


GRADCHECK = H + """
def f(p, t, w):
    with fwAD.dual_level():
        x = fwAD.make_dual(p * 1, t * 1)
        y = fwAD.make_dual(w * 1, w * w)
        x[1:4].mul_(y[:3])
        x.sin_()
        x[0] = y[4]
        x.index_put_((torch.tensor([5, 2]),), y[:2] * y[2:4], accumulate=True)
        v = x[2:]
        v.add_(y[1:5] ** 2)
        return fwAD.unpack_dual(x).tangent
args = [torch.tensor([0.3, -1.2, 2.0, 0.7, -0.4, 1.1], dtype=torch.float64, requires_grad=True) * (i + 1) for i in range(3)]
args = [a.detach().requires_grad_() for a in args]
print(torch.autograd.gradcheck(f, args), torch.autograd.gradgradcheck(f, args))

"""


def test_tangent_after_inplace_ops_gradchecks():
    """The tangent written by in-place ops (through views, setitem, index_put_) is
    differentiable in the primal and both tangents: float64 gradcheck and gradgradcheck."""
    assert run(GRADCHECK) == "True True\n"
