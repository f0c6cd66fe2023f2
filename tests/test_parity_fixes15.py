"""Parity fixes (session 23), each program's expected output printed by torch 2.13:
forward AD's add/sub with one tangent missing (an efficient zero: the result's dtype, and
AddBackward0/SubBackward0 when the tangent's graph is recorded), torch.rsub of two tensors
(RsubBackward0, inputs in PyTorch's order), and add/sub/rsub with alpha between bfloat16 and
float32 (computed in float32, alpha*b not rounded to bfloat16)."""
from __future__ import annotations

import pytest

from test_autograd_parity4 import run

CASES = {
    'forward_ad_add_sub_with_one_tangent_records_the_op': (
        'import torch\nimport torch.autograd.forward_ad as fwAD\nw = torch.tensor([.5, 1., 2.], requires_grad=True)\nwith fwAD.dual_level():\n    y = fwAD.make_dual(torch.ones(3), w * 1)\n    for name, r in [("zeros+y", torch.zeros(3) + y), ("y+zeros", y + torch.zeros(3)),\n                    ("zeros-y", torch.zeros(3) - y), ("y-zeros", y - torch.zeros(3)),\n                    ("y+2", y + 2), ("2-y", 2 - y), ("add alpha", torch.add(torch.zeros(3), y, alpha=3)),\n                    ("sub alpha", torch.sub(torch.zeros(3), y, alpha=2)), ("y*1", y * torch.ones(3)),\n                    ("rsub", torch.rsub(y, torch.ones(3))), ("y+y", y + y)]:\n        t = fwAD.unpack_dual(r).tangent\n        print(name, t)\n    a = torch.zeros(3)\n    a.add_(y)\n    print("add_", fwAD.unpack_dual(a).tangent)\n    b = torch.zeros(3, dtype=torch.float64)\n    print("f64+y", fwAD.unpack_dual(b + y).tangent)\n',
        'zeros+y tensor([0.5000, 1.0000, 2.0000], grad_fn=<AddBackward0>)\ny+zeros tensor([0.5000, 1.0000, 2.0000], grad_fn=<AddBackward0>)\nzeros-y tensor([-0.5000, -1.0000, -2.0000], grad_fn=<SubBackward0>)\ny-zeros tensor([0.5000, 1.0000, 2.0000], grad_fn=<SubBackward0>)\ny+2 tensor([0.5000, 1.0000, 2.0000], grad_fn=<AddBackward0>)\n2-y tensor([-0.5000, -1.0000, -2.0000], grad_fn=<NegBackward0>)\nadd alpha tensor([1.5000, 3.0000, 6.0000], grad_fn=<AddBackward0>)\nsub alpha tensor([-1., -2., -4.], grad_fn=<SubBackward0>)\ny*1 tensor([0.5000, 1.0000, 2.0000], grad_fn=<AddBackward0>)\nrsub tensor([-0.5000, -1.0000, -2.0000], grad_fn=<AddBackward0>)\ny+y tensor([1., 2., 4.], grad_fn=<AddBackward0>)\nadd_ tensor([0.5000, 1.0000, 2.0000], grad_fn=<AddBackward0>)\nf64+y tensor([0.5000, 1.0000, 2.0000], dtype=torch.float64, grad_fn=<AddBackward0>)\n'),
    'forward_ad_add_sub_tangent_takes_the_result_dtype': (
        'import torch\nimport torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n    y = fwAD.make_dual(torch.ones(3), torch.tensor([.5, 1., 2.]))\n    b = torch.zeros(3, dtype=torch.float64)\n    print(fwAD.unpack_dual(b + y).tangent, fwAD.unpack_dual(y - b).tangent)\n    print(fwAD.unpack_dual(y * b).tangent, fwAD.unpack_dual(b.add(y, alpha=2)).tangent)\n    i = torch.zeros(3, dtype=torch.int64)\n    print(fwAD.unpack_dual(i + y).tangent)\n    h = fwAD.make_dual(torch.ones(3, dtype=torch.float16), torch.ones(3, dtype=torch.float16))\n    print(fwAD.unpack_dual(h + torch.ones(3)).tangent)\n',
        'tensor([0.5000, 1.0000, 2.0000], dtype=torch.float64) tensor([0.5000, 1.0000, 2.0000], dtype=torch.float64)\ntensor([0., 0., 0.], dtype=torch.float64) tensor([1., 2., 4.], dtype=torch.float64)\ntensor([0.5000, 1.0000, 2.0000])\ntensor([1., 1., 1.])\n'),
    'rsub_of_two_tensors_is_rsubbackward0': (
        'import torch\ny = torch.ones(3, requires_grad=True)\nz = torch.full((3,), 2.0, requires_grad=True)\nr = torch.rsub(y, z, alpha=3)\nprint(r, r.grad_fn.next_functions, r.grad_fn._saved_alpha)\nr.sum().backward()\nprint(y.grad, z.grad)\ngy, = torch.autograd.grad(torch.rsub(y * y, z).sum(), y, create_graph=True)\nprint(gy)\nprint(torch.rsub(torch.ones(2, dtype=torch.float64), torch.ones(2, requires_grad=True)))\nprint(torch.rsub(torch.ones(2, requires_grad=True), torch.tensor(5)))\ntry:\n    torch.rsub(torch.ones(2, dtype=torch.int64), torch.ones(2, dtype=torch.int64), alpha=0.5)\nexcept RuntimeError as e:\n    print("RuntimeError", e)\n',
        'tensor([-1., -1., -1.], grad_fn=<RsubBackward0>) ((<AccumulateGrad object at 0x>, 0), (<AccumulateGrad object at 0x>, 0)) 3\ntensor([-3., -3., -3.]) tensor([1., 1., 1.])\ntensor([-2., -2., -2.], grad_fn=<AddBackward0>)\ntensor([0., 0.], dtype=torch.float64, grad_fn=<RsubBackward0>)\ntensor([4., 4.], grad_fn=<RsubBackward0>)\nRuntimeError For integral input tensors, argument alpha must not be a floating point number.\n'),
    'rsub_broadcast_error_alpha_and_dtypes': (
        'import torch\ntry:\n    torch.rsub(torch.ones(2), torch.ones(3))\nexcept RuntimeError as e:\n    print(e)\na = torch.tensor([1., 2.], requires_grad=True, dtype=torch.float64)\nb = torch.tensor([3.], requires_grad=True)\nr = torch.rsub(a, b, alpha=2)\nprint(r)\nr.sum().backward()\nprint(a.grad, b.grad)\nprint(torch.rsub(torch.tensor([1, 2]), torch.tensor([5, 5]), alpha=2))\nprint(torch.rsub(torch.ones(2, dtype=torch.bfloat16, requires_grad=True), torch.ones(2) * 3, alpha=0.3))\n',
        'The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0\ntensor([ 1., -1.], dtype=torch.float64, grad_fn=<RsubBackward0>)\ntensor([-2., -2.], dtype=torch.float64) tensor([2.])\ntensor([3, 1])\ntensor([2.7000, 2.7000], grad_fn=<RsubBackward0>)\n'),
    'mixed_bfloat16_float32_alpha_is_computed_in_float32': (
        'import torch\ntorch.set_printoptions(precision=8)\nx = torch.tensor([1.1, 2.3, -0.7], dtype=torch.bfloat16)\no = torch.tensor([3.3, 0.37, 1.9])\nprint(torch.sub(o, x, alpha=0.3), torch.add(x, o, alpha=0.3), torch.add(o, x, alpha=0.3))\nprint(x / o, o / x, torch.div(x, o, rounding_mode="floor"), x ** o.abs(), o ** x)\nprint(x * o, o - x, torch.rsub(x, o, alpha=0.3), torch.addcmul(o, x, o, value=0.3))\nprint(x.sqrt() * o, torch.atan2(x, o), torch.maximum(x, o), torch.fmod(o, x), torch.remainder(o, x))\nprint(x + 0.1, x * 0.1, (x * o).dtype)\ntorch.set_printoptions(profile="default")\n',
        'tensor([ 2.96953130, -0.31906253,  2.10976553]) tensor([ 2.09156251,  2.40787506, -0.12921873]) tensor([3.63046861, 1.05906248, 1.69023430])\ntensor([ 0.33380681,  6.20777035, -0.36800987]) tensor([ 2.99574471,  0.16108844, -2.71731830]) tensor([ 0.,  6., -1.]) tensor([1.37603724, 1.36025655,        nan]) tensor([3.72542214, 0.10190919, 0.63839614])\ntensor([ 3.63515615,  0.84984374, -1.32851565]) tensor([ 2.19843745, -1.92687500,  2.59921885]) tensor([ 2.96953130, -0.31906253,  2.10976553]) tensor([4.39054680, 0.62495315, 1.50144529])\ntensor([3.45468736, 0.56078124,        nan]) tensor([ 0.32217664,  1.41108000, -0.35262829]) tensor([3.29999995, 2.29687500, 1.89999998]) tensor([1.09687495, 0.37000000, 0.50156248]) tensor([ 1.09687495,  0.37000000, -0.19765627])\ntensor([ 1.20312500,  2.39062500, -0.59765625], dtype=torch.bfloat16) tensor([ 0.11035156,  0.22949219, -0.06982422], dtype=torch.bfloat16) torch.float32\n'),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_prints_what_pytorch_printed(name):
    source, expected = CASES[name]
    assert run(source) == expected


def test_rsub_of_two_tensors_gradchecks():
    import gradcli as torch
    from gradcli.autograd import gradcheck, gradgradcheck
    a = torch.tensor([[0.3, -1.2, 2.0]], dtype=torch.float64, requires_grad=True)
    b = torch.tensor([[0.5], [1.5]], dtype=torch.float64, requires_grad=True)
    for alpha in (1, 2.5):
        fn = lambda x, y, alpha=alpha: torch.rsub(x, y, alpha=alpha) * x   # noqa: E731
        assert gradcheck(fn, (a, b))
        assert gradgradcheck(fn, (a, b))
