"""torch.gradient as PyTorch 2.13 computes it (ATen's composite: central differences inside,
one-sided first- or second-order differences at the ends, over a uniform step or sample
points): values to the last bit (.tolist()), printed results, the graph's node names
(Tensor-Scalar ops are MulBackward1/DivBackward1), gradients, and the errors. Each expected
output is what the same program printed with PyTorch 2.13 (after torch.manual_seed(0))."""
from __future__ import annotations

import numpy as np
import pytest

import gradcli as torch
from test_math_parity2 import run

CASES = [
    ('x = torch.tensor([1., 2., 4., 7., 11.], requires_grad=True)\ng = torch.gradient(x)\nprint(g)\nprint(g[0].grad_fn, g[0].grad_fn.next_functions)\ng[0].sum().backward(); print(x.grad)\nprint(g[0].grad_fn.next_functions[0][0].next_functions)',
     '(tensor([1.0000, 1.5000, 2.5000, 3.5000, 4.0000], grad_fn=<CatBackward0>),)\n<CatBackward0 object at 0x> ((<DivBackward1 object at 0x>, 0), (<DivBackward1 object at 0x>, 0), (<DivBackward1 object at 0x>, 0))\ntensor([-1.5000,  0.5000,  0.0000, -0.5000,  1.5000])\n((<SubBackward0 object at 0x>, 0),)\n'),
    ('x = torch.tensor([1., 2., 4., 7., 11.], requires_grad=True)\ng = torch.gradient(x, edge_order=2)[0]\nprint(g, g.grad_fn.next_functions)\nprint(g.grad_fn.next_functions[0][0].next_functions, g.grad_fn.next_functions[0][0].next_functions[0][0].next_functions)\ng.sum().backward(); print(x.grad)',
     'tensor([0.5000, 1.5000, 2.5000, 3.5000, 4.5000], grad_fn=<CatBackward0>) ((<DivBackward1 object at 0x>, 0), (<DivBackward1 object at 0x>, 0), (<DivBackward1 object at 0x>, 0))\n((<SubBackward0 object at 0x>, 0),) ((<AddBackward0 object at 0x>, 0), (<MulBackward1 object at 0x>, 0))\ntensor([-2.0000,  1.5000,  0.0000, -1.5000,  2.0000])\n'),
    ('x = torch.tensor([1., 2., 4., 7., 11.], requires_grad=True)\ng = torch.gradient(x, spacing=(torch.tensor([0., 1., 3., 4., 7.]),))[0]\nprint(g, g.grad_fn.next_functions, g.grad_fn.next_functions[1][0].next_functions)\ng.sum().backward(); print(x.grad)',
     'tensor([1.0000, 1.0000, 2.3333, 2.5833, 1.3333], grad_fn=<CatBackward0>) ((<DivBackward0 object at 0x>, 0), (<AddBackward0 object at 0x>, 0), (<DivBackward0 object at 0x>, 0)) ((<AddBackward0 object at 0x>, 0), (<MulBackward0 object at 0x>, 0))\ntensor([-1.6667,  1.3333, -1.0833,  1.0000,  0.4167])\n'),
    ('print(torch.gradient(torch.tensor([1, 4, 9, 16])))\nprint(torch.gradient(torch.tensor([1, 4, 9, 16]), spacing=2))\nprint(torch.gradient(torch.tensor([1, 4, 9, 16]), spacing=2, edge_order=2))',
     '(tensor([3., 4., 6., 7.]),)\n(tensor([1.5000, 2.0000, 3.0000, 3.5000]),)\n(tensor([1., 2., 3., 4.]),)\n'),
    ('y = torch.arange(12.).reshape(3, 4) ** 2\nprint(torch.gradient(y))\nprint(torch.gradient(y, dim=1))\nprint(torch.gradient(y, spacing=[2.0, 3.0], dim=(0, 1)))\nprint(torch.gradient(y, dim=[1, 0]))\nprint(torch.gradient(y, spacing=2, dim=[0, 1]))\nprint(torch.gradient(y, spacing=True))\nprint(torch.gradient(y.double(), spacing=3))\nprint(torch.gradient(y, spacing=0.0))',
     '(tensor([[16., 24., 32., 40.],\n        [32., 40., 48., 56.],\n        [48., 56., 64., 72.]]), tensor([[ 1.,  2.,  4.,  5.],\n        [ 9., 10., 12., 13.],\n        [17., 18., 20., 21.]]))\n(tensor([[ 1.,  2.,  4.,  5.],\n        [ 9., 10., 12., 13.],\n        [17., 18., 20., 21.]]),)\n(tensor([[ 8., 12., 16., 20.],\n        [16., 20., 24., 28.],\n        [24., 28., 32., 36.]]), tensor([[0.3333, 0.6667, 1.3333, 1.6667],\n        [3.0000, 3.3333, 4.0000, 4.3333],\n        [5.6667, 6.0000, 6.6667, 7.0000]]))\n(tensor([[ 1.,  2.,  4.,  5.],\n        [ 9., 10., 12., 13.],\n        [17., 18., 20., 21.]]), tensor([[16., 24., 32., 40.],\n        [32., 40., 48., 56.],\n        [48., 56., 64., 72.]]))\n(tensor([[ 8., 12., 16., 20.],\n        [16., 20., 24., 28.],\n        [24., 28., 32., 36.]]), tensor([[ 0.5000,  1.0000,  2.0000,  2.5000],\n        [ 4.5000,  5.0000,  6.0000,  6.5000],\n        [ 8.5000,  9.0000, 10.0000, 10.5000]]))\n(tensor([[16., 24., 32., 40.],\n        [32., 40., 48., 56.],\n        [48., 56., 64., 72.]]), tensor([[ 1.,  2.,  4.,  5.],\n        [ 9., 10., 12., 13.],\n        [17., 18., 20., 21.]]))\n(tensor([[ 5.3333,  8.0000, 10.6667, 13.3333],\n        [10.6667, 13.3333, 16.0000, 18.6667],\n        [16.0000, 18.6667, 21.3333, 24.0000]], dtype=torch.float64), tensor([[0.3333, 0.6667, 1.3333, 1.6667],\n        [3.0000, 3.3333, 4.0000, 4.3333],\n        [5.6667, 6.0000, 6.6667, 7.0000]], dtype=torch.float64))\n(tensor([[inf, inf, inf, inf],\n        [inf, inf, inf, inf],\n        [inf, inf, inf, inf]]), tensor([[inf, inf, inf, inf],\n        [inf, inf, inf, inf],\n        [inf, inf, inf, inf]]))\n'),
    ('y = torch.arange(6.).reshape(2, 3) ** 2\nprint(torch.gradient(y, spacing=[torch.tensor([0., 2.]), torch.tensor([1., 2., 4.])]))\nprint(torch.gradient(y, spacing=(torch.tensor([0., 2., 3.]), torch.tensor([1., 2., 4.]))))\nprint(torch.gradient(y, spacing=(torch.tensor([0, 2]), torch.tensor([1, 2, 4]))))\nprint(torch.gradient(y, spacing=[torch.tensor([1., 2., 4.])], dim=1))',
     '(tensor([[ 4.5000,  7.5000, 10.5000],\n        [ 4.5000,  7.5000, 10.5000]]), tensor([[1.0000, 1.1667, 1.5000],\n        [7.0000, 6.1667, 4.5000]]))\n(tensor([[ 4.5000,  7.5000, 10.5000],\n        [ 9.0000, 15.0000, 21.0000]]), tensor([[1.0000, 1.1667, 1.5000],\n        [7.0000, 6.1667, 4.5000]]))\n(tensor([[ 4.5000,  7.5000, 10.5000],\n        [ 4.5000,  7.5000, 10.5000]]), tensor([[1.0000, 1.1667, 1.5000],\n        [7.0000, 6.1667, 4.5000]]))\n(tensor([[1.0000, 1.1667, 1.5000],\n        [7.0000, 6.1667, 4.5000]]),)\n'),
    ('print(torch.gradient(torch.arange(5.) ** 3, spacing=(torch.tensor([0., 1., 3., 4., 7.]),), edge_order=2))\nprint(torch.gradient(torch.arange(5.) ** 3, spacing=(torch.tensor([0., 1., 3., 4., 7.], dtype=torch.float64),)))\nprint(torch.gradient(torch.tensor([1., 2., 4.]), spacing=(torch.tensor([0., 1.]),)))\nprint(torch.gradient(torch.tensor([1., 2., 4.]), spacing=(torch.tensor([0., 1., 2., 3.]),)))\nprint(torch.gradient(torch.tensor(3.)), torch.gradient(torch.ones(1, 5), dim=1))',
     '(tensor([ 0.1667,  1.8333, 13.8333, 17.3333,  7.3333]),)\n(tensor([ 1.0000,  1.8333, 13.8333, 17.3333, 12.3333], dtype=torch.float64),)\n(tensor([1., 2.]),)\n(tensor([1.0000, 1.5000, 1.5000, 2.0000]),)\n() (tensor([[0., 0., 0., 0., 0.]]),)\n'),
    ('x = torch.randn(4, 5)\nfor eo in (1, 2):\n    print(torch.gradient(x, edge_order=eo)[1].tolist())\n    print(torch.gradient(x, spacing=0.3, edge_order=eo)[0].tolist())\n    print(torch.gradient(x.double(), spacing=[0.7, 1.3], edge_order=eo)[1].tolist())\n    c = torch.rand(5).cumsum(0)\n    print(torch.gradient(x, spacing=(c,), dim=1, edge_order=eo)[0].tolist())\n    print(torch.gradient(x.half(), spacing=(c.half(),), dim=1, edge_order=eo)[0].tolist())',
     '[[-0.026520371437072754, 0.43763062357902527, 0.35924071073532104, 0.4247090220451355, 1.032718300819397], [1.2137346267700195, 1.7040505409240723, 0.40472841262817383, -1.0053592920303345, -0.625808835029602], [-1.1776107549667358, -0.027146995067596436, 0.6601424217224121, -0.2215338945388794, -0.64003586769104], [1.775503396987915, 1.0513429641723633, 0.5365769863128662, -0.6026361584663391, -1.9512436389923096]]\n[[-1.4308507442474365, 2.7033326625823975, 7.011949062347412, 3.0065839290618896, -2.5218396186828613], [4.28249979019165, 2.364015817642212, 2.733241319656372, 3.3670217990875244, 0.5790981650352478], [1.1856971979141235, 2.1219780445098877, -0.9899947643280029, 2.5614736080169678, 0.3524155914783478], [-7.62445592880249, 2.219257354736328, -0.4345230162143707, 1.3954877853393555, -2.9752047061920166]]\n[[-0.020400285720825195, 0.33663894121463483, 0.27633899679550755, 0.3266992477270273, 0.7943986700131342], [0.9336420664420494, 1.3108081542528591, 0.3113295367130866, -0.7733532958305799, -0.481391423023664], [-0.9058544039726257, -0.020882303898151103, 0.5078018514009622, -0.1704106881068303, -0.49233528283926153], [1.3657717979871309, 0.8087253799805274, 0.412751527932974, -0.4635662843401615, -1.5009566625723472]]\n[[-0.02852269448339939, 0.6890383362770081, 0.5098836421966553, 1.045761227607727, 1.9622389078140259], [1.305373191833496, 2.278118133544922, 0.616654634475708, -1.4697413444519043, -1.1890816688537598], [-1.26652193069458, 0.31977933645248413, 0.917844831943512, -0.6015300750732422, -1.2161141633987427], [1.909556269645691, 1.089909553527832, 0.7250577211380005, -1.752549648284912, -3.707503080368042]]\n[[-0.0283660888671875, 0.68798828125, 0.5087890625, 1.048828125, 1.96484375], [1.3046875, 2.27734375, 0.6142578125, -1.470703125, -1.19140625], [-1.2666015625, 0.3193359375, 0.91650390625, -0.603515625, -1.2177734375], [1.9091796875, 1.0908203125, 0.7255859375, -1.7587890625, -3.71484375]]\n[[-0.490671306848526, 0.43763062357902527, 0.35924071073532104, 0.4247090220451355, 1.6407275199890137], [0.7234187126159668, 1.7040505409240723, 0.40472841262817383, -1.0053592920303345, -0.24625840783119202], [-2.3280744552612305, -0.027146995067596436, 0.6601424217224121, -0.2215338945388794, -1.0585378408432007], [2.4996635913848877, 1.0513429641723633, 0.5365769863128662, -0.6026361584663391, -3.299851179122925]]\n[[-7.144201278686523, 3.042649269104004, 11.290656089782715, 2.646146535873413, -5.622777462005615], [4.28249979019165, 2.364015817642212, 2.733241319656372, 3.3670217990875244, 0.5790981650352478], [1.1856971979141235, 2.1219780445098877, -0.9899947643280029, 2.5614736080169678, 0.3524155914783478], [-16.434608459472656, 2.3165359497070312, 0.12094854563474655, 0.22950170934200287, -6.302824974060059]]\n[[-0.3774395126562852, 0.33663894121463483, 0.27633899679550755, 0.3266992477270273, 1.2620980922992413], [0.5564759786312397, 1.3108081542528591, 0.3113295367130866, -0.7733532958305799, -0.18942955021674815], [-1.7908265040471003, -0.020882303898151103, 0.5078018514009622, -0.1704106881068303, -0.8142598775716928], [1.9228182159937344, 0.8087253799805274, 0.412751527932974, -0.4635662843401615, -2.5383470408045326]]\n[[-25.829402923583984, 25.738666534423828, 21.699111938476562, 0.7121690511703491, 7.814414978027344], [-58.596588134765625, 62.749000549316406, 51.49637222290039, -7.2890472412109375, 2.122089385986328], [-35.98548126220703, 31.956655502319336, 27.621206283569336, -0.05922865867614746, -5.225193500518799], [-3.4280014038085938, 9.50233268737793, 9.0026273727417, 0.48632505536079407, -16.596664428710938]]\n[[-25.796875, 25.671875, 21.65625, 0.7109375, 7.81640625], [-58.5, 62.65625, 51.375, -7.28515625, 2.1171875], [-35.9375, 31.90625, 27.5625, -0.0576171875, -5.21875], [-3.40625, 9.484375, 8.984375, 0.494873046875, -16.609375]]\n'),
    ('y = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)\nc = torch.tensor([0., 0.5, 1.7, 2.0], dtype=torch.float64, requires_grad=True)\ng = torch.gradient(y, spacing=(c,), dim=1, edge_order=2)[0]\ng.pow(2).sum().backward()\nprint(y.grad, c.grad)',
     'tensor([[  30.8025,  -29.9769, -128.6462,  127.8206],\n        [   6.4991,   -7.1202,  -18.6698,   19.2910],\n        [  -5.6033,    6.1995,  -36.6740,   36.0779]], dtype=torch.float64) tensor([  115.9600,   -98.5989,  1222.3839, -1239.7450], dtype=torch.float64)\n'),
    ('torch.gradient(torch.tensor([1, 4, 9, 16], dtype=torch.uint8))',
     '!! RuntimeError: torch.gradient does not support uint8 input.\n'),
    ('torch.gradient(torch.tensor([True, False, True]))',
     '!! RuntimeError: Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.\n'),
    ('torch.gradient(torch.tensor([1., 2.]), edge_order=2)',
     '!! RuntimeError: torch.gradient expected each dimension size to be at least edge_order+1\n'),
    ('torch.gradient(torch.tensor([1., 2.]), edge_order=3)',
     '!! RuntimeError: torch.gradient only supports edge_order=1 and edge_order=2.\n'),
    ('torch.gradient(torch.ones(3, 4), spacing=[1., 2., 3.])',
     "!! RuntimeError: torch.gradient expected spacing to be unspecified, a scalar, or a list of length equal to 'self.dim() = 2', since dim argument was not given, but got a list of length 3\n"),
    ('torch.gradient(torch.ones(3, 4), spacing=[2.0])',
     "!! RuntimeError: torch.gradient expected spacing to be unspecified, a scalar, or a list of length equal to 'self.dim() = 2', since dim argument was not given, but got a list of length 1\n"),
    ('torch.gradient(torch.ones(3, 4), spacing=[1., 2.], dim=1)',
     "!! RuntimeError: torch.gradient expected spacing to be unspecified, a scalar or it's spacing and dim arguments to have the same length, but got a spacing argument of length 2 and a dim argument of length 1.\n"),
    ('torch.gradient(torch.ones(3, 4), dim=2)',
     '!! IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)\n'),
    ('torch.gradient(torch.ones(3, 4), dim=[0, 0])',
     '!! RuntimeError: dim 0 appears multiple times in the list of dims\n'),
    ('torch.gradient(torch.ones(3, 0))',
     '!! RuntimeError: torch.gradient expected each dimension size to be at least edge_order+1\n'),
    ('torch.gradient(torch.ones(1, 5))',
     '!! RuntimeError: torch.gradient expected each dimension size to be at least edge_order+1\n'),
    ('torch.gradient(torch.ones(2, 3), spacing=[torch.tensor([[0., 2.]]), torch.tensor([1., 2., 4.])])',
     '!! RuntimeError: torch.gradient expected each element of spacing to have one dimension, but got an element with 2 dimensions!\n'),
    ('torch.gradient(torch.arange(5.), spacing=torch.tensor([0., 1., 3., 4., 7.]))',
     '!! TypeError: gradient() received an invalid combination of arguments - got (Tensor, spacing=Tensor), but expected one of:\n'),
    ('torch.gradient(torch.arange(5.), 2.0)',
     '!! TypeError: gradient() received an invalid combination of arguments - got (Tensor, float), but expected one of:\n'),
    ("torch.gradient(torch.arange(5.), spacing='a')",
     '!! TypeError: gradient() received an invalid combination of arguments - got (Tensor, spacing=str), but expected one of:\n'),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_gradient_as_pytorch(source, expected):
    assert run(source) == expected


@pytest.mark.parametrize("kwargs", [
    {}, {"edge_order": 2}, {"spacing": 0.5, "dim": 1}, {"spacing": [2.0, 0.5], "edge_order": 2}])
def test_gradient_uniform_gradchecks(kwargs):
    rng = np.random.default_rng(1)
    x = torch.tensor(rng.standard_normal((4, 5)), dtype=torch.float64, requires_grad=True)
    f = lambda x: torch.gradient(x, **kwargs)                      # noqa: E731
    assert torch.autograd.gradcheck(f, (x,))
    assert torch.autograd.gradgradcheck(f, (x,))


@pytest.mark.parametrize("edge_order", [1, 2])
def test_gradient_over_sample_points_gradchecks_in_both(edge_order):
    rng = np.random.default_rng(2)
    y = torch.tensor(rng.standard_normal((3, 5)), dtype=torch.float64, requires_grad=True)
    c = torch.tensor(np.cumsum(rng.uniform(0.2, 1.0, 5)), dtype=torch.float64,
                     requires_grad=True)
    f = lambda y, c: torch.gradient(y, spacing=(c,), dim=1, edge_order=edge_order)  # noqa
    assert torch.autograd.gradcheck(f, (y, c))
    assert torch.autograd.gradgradcheck(f, (y, c))
