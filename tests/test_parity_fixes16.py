"""Parity fixes (session 25), each program's expected output printed by torch 2.13:
forward AD's copy_ into a tensor with a tangent of a leaf tangent (its gradient reaches the
leaf), prod's own forward formula (SumBackward0/1), sinc's backward (PyTorch's where: +0 at
0, and its order of operations), celu's backward with PyTorch's 1.0/float(alpha), elu's
backward in ATen's order, and float64 log_softmax along the last dim (SLEEF's exp, ATen's
sums) with its backward and cross_entropy's, soft_margin_loss's sum and mean in ATen's
order."""
from __future__ import annotations

import pytest

from test_autograd_parity4 import run

CASES = {
    'forward_ad_copy_of_a_leaf_tangent_reaches_the_leaf': (
        'import torch\nfwAD = torch.autograd.forward_ad\np1 = torch.tensor([1.97, -0.76, 1.01], dtype=torch.float64, requires_grad=True)\nt1 = torch.tensor([0.41, -0.06, -0.41], dtype=torch.float64, requires_grad=True)\nwith fwAD.dual_level():\n    x1 = fwAD.make_dual(p1, t1)\n    h1 = x1.clone()\n    h1.copy_(x1)\n    tan = fwAD.unpack_dual(h1).tangent\n    print(tan, tan.grad_fn.next_functions)\n    print(tan.grad_fn.next_functions[1][0].variable is t1)\n    print(torch.autograd.grad(tan.sum(), [t1]))\n    out = h1.amax()\n    print(torch.autograd.grad(fwAD.unpack_dual(out).tangent, [t1]))\n    h2 = x1 * 1\n    h2[1:].copy_(x1[:2])\n    print(torch.autograd.grad(fwAD.unpack_dual(h2).tangent.sum(), [t1]))\n',
        'tensor([ 0.4100, -0.0600, -0.4100], dtype=torch.float64,\n       grad_fn=<CopyBackwards>) ((<CloneBackward0 object at 0x>, 0), (<AccumulateGrad object at 0x>, 0))\nTrue\n(tensor([1., 1., 1.], dtype=torch.float64),)\n(tensor([1., 0., 0.], dtype=torch.float64),)\n(tensor([2., 1., 0.], dtype=torch.float64),)\n'),
    'prod_tangent_is_pytorchs_formula': (
        'import torch\nfwAD = torch.autograd.forward_ad\np = torch.tensor([[1.5, -0.5, 2.0], [0.0, 3.0, 1.0]], dtype=torch.float64, requires_grad=True)\nt = torch.tensor([[0.1, 0.2, -0.3], [0.4, 0.5, 0.6]], dtype=torch.float64, requires_grad=True)\nwith fwAD.dual_level():\n    x = fwAD.make_dual(p, t)\n    for y in (x.prod(), x.prod(1), x.prod(0, keepdim=True), x[:, :1].prod(1), x[0, 0].prod()):\n        tan = fwAD.unpack_dual(y).tangent\n        print(y, tan)\n        print(torch.autograd.grad(tan.sum(), [p, t], allow_unused=True))\n',
        'tensor(-0., dtype=torch.float64, grad_fn=<ProdBackward0>, tangent=-1.8) tensor(-1.8000, dtype=torch.float64, grad_fn=<SumBackward0>)\n(tensor([[-1.2000,  3.6000, -0.9000],\n        [-1.2750, -0.6000, -1.8000]], dtype=torch.float64), tensor([[-0.0000,  0.0000, -0.0000],\n        [-4.5000, -0.0000, -0.0000]], dtype=torch.float64))\ntensor([-1.5000,  0.0000], dtype=torch.float64, grad_fn=<ProdBackward1>,\n       tangent=tensor([0.7250, 1.2000], dtype=torch.float64, grad_fn=<SumBackward1>)) tensor([0.7250, 1.2000], dtype=torch.float64, grad_fn=<SumBackward1>)\n(tensor([[ 0.5500, -0.2500,  0.2500],\n        [ 2.3000,  0.4000,  1.2000]], dtype=torch.float64), tensor([[-1.0000,  3.0000, -0.7500],\n        [ 3.0000,  0.0000,  0.0000]], dtype=torch.float64))\ntensor([[ 0.0000, -1.5000,  2.0000]], dtype=torch.float64,\n       grad_fn=<ProdBackward1>,\n       tangent=tensor([[0.6000, 0.3500, 0.9000]], dtype=torch.float64, grad_fn=<SumBackward1>)) tensor([[0.6000, 0.3500, 0.9000]], dtype=torch.float64, grad_fn=<SumBackward1>)\n(tensor([[ 0.4000,  0.5000,  0.6000],\n        [ 0.1000,  0.2000, -0.3000]], dtype=torch.float64), tensor([[ 0.0000,  3.0000,  1.0000],\n        [ 1.5000, -0.5000,  2.0000]], dtype=torch.float64))\ntensor([1.5000, 0.0000], dtype=torch.float64, grad_fn=<ProdBackward1>,\n       tangent=tensor([0.1000, 0.4000], dtype=torch.float64, grad_fn=<SumBackward1>)) tensor([0.1000, 0.4000], dtype=torch.float64, grad_fn=<SumBackward1>)\n(None, tensor([[1., 0., 0.],\n        [1., 0., 0.]], dtype=torch.float64))\ntensor(1.5000, dtype=torch.float64, grad_fn=<ProdBackward0>, tangent=0.1) tensor(0.1000, dtype=torch.float64, grad_fn=<SumBackward0>)\n(None, tensor([[1., 0., 0.],\n        [0., 0., 0.]], dtype=torch.float64))\n'),
    'sinc_backward_is_pytorchs_where': (
        'import torch\nx = torch.tensor([0.28, 0.0, 0.51, -0.0], requires_grad=True)\ny = x.sinc()\ny.backward(torch.tensor([1.0, -1.0, -2.0, -3.0]))\nprint(x.grad)\nx64 = torch.tensor([0.3, 1.7, -2.35, 4.1, 0.0], dtype=torch.float64, requires_grad=True)\nx64.sinc().backward(torch.tensor([1.0, -0.5, 0.25, 2.0, -1.0], dtype=torch.float64))\nprint(x64.grad.tolist())\n',
        'tensor([-0.8518,  0.0000,  2.5696,  0.0000])\n[-0.9020281301388888, -0.2174313211587277, -0.03545774056516619, 0.4522270734683863, 0.0]\n'),
    'celu_backward_rounds_alpha_to_float': (
        'import torch\nx = torch.tensor([-5.0, -2.0, -0.5, 0.5], dtype=torch.float64, requires_grad=True)\ny = torch.nn.functional.celu(x, 0.7)\n(g,) = torch.autograd.grad(y, x, torch.ones(4, dtype=torch.float64), create_graph=True)\nprint(g.tolist(), g.grad_fn)\nprint(torch.autograd.grad(g.sum(), x)[0].tolist())\nz = x * 1\ntorch.nn.functional.celu(z, 0.3, inplace=True)\nprint(z.grad_fn, torch.autograd.grad(z.sum(), x)[0].tolist())\ne = torch.nn.functional.elu(x, 0.7)\n(g,) = torch.autograd.grad(e.sum(), x, create_graph=True)\nprint(g.tolist(), torch.autograd.grad(g.sum(), x)[0].tolist())\ns = torch.selu(x)\n(g,) = torch.autograd.grad(s.sum(), x, create_graph=True)\nprint(g.tolist(), torch.autograd.grad(g.sum(), x)[0].tolist())\n',
        '[0.0007904902404250111, 0.05743261745119851, 0.48954166193890875, 1.0] <EluBackwardBackward0 object at 0x>\n[0.001129271791267114, 0.08204659775610025, 0.6993452432510767, 0.0]\n<CeluBackward1 object at 0x> [5.777748290772822e-08, 0.0012726337507699475, 0.1888755953323199, 1.0]\n[0.004716562899359827, 0.09473469826562889, 0.42457146179884336, 1.0] [0.004716562899359827, 0.09473469826562889, 0.42457146179884336, 0.0]\n[0.011845980177756718, 0.2379328722516818, 1.0663411530445053, 1.0507009873554805] [0.011845980177756718, 0.2379328722516818, 1.0663411530445053, 0.0]\n'),
    'log_softmax_float64_last_dim_to_the_bit': (
        'import torch\nx = torch.tensor([[0.3, -1.7, 2.9, 0.05, -3.3, 1.1, 0.7, -0.2, 4.4, -2.6, 0.9],\n                  [1.3, 0.2, -0.4, 2.2, -1.1, 0.6, -2.9, 3.3, 0.01, -0.7, 1.8]], dtype=torch.float64, requires_grad=True)\ng = torch.tensor([[0.5, -0.25, 1.0, 0.3, -1.2, 0.7, 0.11, -0.6, 0.9, 0.2, -0.4],\n                  [-0.3, 0.8, 0.45, -0.9, 0.1, 0.6, -0.2, 0.35, -0.75, 1.1, 0.05]], dtype=torch.float64)\ny = x.log_softmax(1)\ny.backward(g)\nprint(y.tolist())\nprint(x.grad.tolist())\nx.grad = None\nl = torch.nn.functional.cross_entropy(x, torch.tensor([2, 7]))\nl.backward()\nprint(l.item(), x.grad.tolist())\n',
        '[[-4.406066884856458, -6.406066884856458, -1.8060668848564578, -4.656066884856458, -8.006066884856457, -3.6060668848564577, -4.006066884856458, -4.906066884856458, -0.30606688485645744, -7.306066884856458, -3.806066884856458], [-2.6409013418624356, -3.7409013418624357, -4.340901341862436, -1.7409013418624357, -5.040901341862436, -3.340901341862436, -6.840901341862435, -0.640901341862436, -3.930901341862436, -4.640901341862436, -2.1409013418624356]]\n[[0.48462411896578705, -0.25208089921477767, 0.792983165698006, 0.2880252518101422, -1.2004201263057614, 0.665780347446728, 0.08706188092516713, -0.6093259432673441, -0.027785083667232993, 0.19915396951429337, -0.4280166819050073], [-0.39268607092632, 0.7691474871270388, 0.43306778193257817, -1.1279709484112903, 0.09159170934712693, 0.5539734593118212, -0.2013898810967639, -0.3348625776640435, -0.7755137673254004, 1.087456304339098, -0.10281349663384454]]\n1.223484113359447 [[0.006101540092941644, 0.0008257536566578054, -0.41785046257857383, 0.004751884202324525, 0.00016671678800056535, 0.013579227203679373, 0.00910242820429876, 0.0037007711378349776, 0.3681686839949338, 0.0003357263832169197, 0.011117730914685429], [0.03564848881781539, 0.01186635110498508, 0.0065123915643930195, 0.08768113400434246, 0.00323395794341272, 0.01770251564929952, 0.0005345696526014917, -0.23659131628306018, 0.009812987432846318, 0.004824498331116266, 0.058774421782247906]]\n'),
    'soft_margin_loss_sums_in_torch_order': (
        'import torch\ntorch.manual_seed(0)\nx = (torch.randn(7) * 3).requires_grad_()\ny = torch.randn(7).sign()\nfor red in ("mean", "sum"):\n    l = torch.nn.functional.soft_margin_loss(x, y, reduction=red)\n    print(red, l.item(), l)\nv = torch.nn.functional.soft_margin_loss(x, y, reduction="none")\nprint(v.sum().item() == torch.nn.functional.soft_margin_loss(x, y, reduction="sum").item())\n',
        'mean 0.8282527923583984 tensor(0.8283, grad_fn=<SoftMarginLossBackward0>)\nsum 5.797769546508789 tensor(5.7978, grad_fn=<SoftMarginLossBackward0>)\nTrue\n'),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_prints_what_pytorch_printed(name):
    source, expected = CASES[name]
    assert run(source) == expected


@pytest.mark.parametrize("alpha", [0.7, 1.3])
def test_celu_and_elu_gradcheck(alpha):
    import gradcli as torch
    from gradcli.autograd import gradcheck, gradgradcheck
    x = torch.tensor([-2.5, -0.4, 0.3, 1.7], dtype=torch.float64, requires_grad=True)
    for f in (lambda t: torch.nn.functional.elu(t, alpha), torch.selu,
              lambda t: torch.nn.functional.celu(t, 1.0)):   # alpha 1: float-exact
        assert gradcheck(f, (x,))
        assert gradgradcheck(f, (x,))


def test_sinc_and_prod_gradcheck():
    import gradcli as torch
    from gradcli.autograd import gradcheck, gradgradcheck
    x = torch.tensor([[0.3, -1.2, 2.5], [0.7, 1.1, -0.4]], dtype=torch.float64,
                     requires_grad=True)
    for f in (torch.sinc, lambda t: t.prod(1), lambda t: t.prod()):
        assert gradcheck(f, (x,))
        assert gradgradcheck(f, (x,))
        assert gradcheck(f, (x,), check_forward_ad=True)
