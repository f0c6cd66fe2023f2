"""Tensor printing against PyTorch 2.13 (fourth set): print options PyTorch's summariser
takes as they come, and a sweep of edge cases of the layout. Each case is a program and the
exact text the same program printed under PyTorch 2.13 (an error ends it with
`!! Type: first line of message`), so this runs without PyTorch.

EDGEITEMS: a negative or non-integer `edgeitems`. PyTorch slices a summarised row as
`[:edgeitems]` and `[-edgeitems:]` (so -1 keeps all but one item at each end), gives
"stack expects a non-empty TensorList" for a summarised tensor of two or more dimensions,
and a float fails where it is first used: a slice for a row, a `range` for an outer dim.

LAYOUT (formulas) and LIBRARY (`import gradcli as torch`, for complex literals): mixed
nan/inf/-0.0 with sci-mode switching, float16 and float64 extremes, summarised tensors with
a huge value hidden in the middle, 6-d nesting, suffix wrapping, Parameter, format specs,
finfo/iinfo, return types and a dual tensor's tangent."""
from __future__ import annotations

import pytest

from gradcli import dtypes, printing
from test_printing_parity3 import run_formula, run_library

@pytest.fixture(autouse=True)
def _fresh_state():
    """Every case starts and ends with PyTorch's default print options and default dtype."""
    printing.set_printoptions(profile="default")
    printing.set_printoptions(sci_mode=None)
    dtypes.set_default_dtype(dtypes.float32)
    yield
    printing.set_printoptions(profile="default")
    printing.set_printoptions(sci_mode=None)
    dtypes.set_default_dtype(dtypes.float32)


EDGEITEMS = [
    ('torch.set_printoptions(edgeitems=-1, threshold=3)\nprint(torch.arange(10.)); print(torch.arange(3.)); print(torch.arange(1.)); print(torch.tensor(2.))',
     'tensor([0., 1., 2., 3., 4., 5., 6., 7., 8.,  ..., 1., 2., 3., 4., 5., 6., 7., 8.,\n        9.])\ntensor([0., 1., 2.])\ntensor([0.])\ntensor(2.)\n'),
    ('torch.set_printoptions(edgeitems=-2, threshold=3)\nprint(torch.arange(20.) * 1.5); print(torch.arange(4.)); print(torch.arange(5.)); print(torch.arange(12, dtype=torch.int8))',
     'tensor([ 0.0000,  1.5000,  3.0000,  4.5000,  6.0000,  7.5000,  9.0000, 10.5000,\n        12.0000, 13.5000, 15.0000, 16.5000, 18.0000, 19.5000, 21.0000, 22.5000,\n        24.0000, 25.5000,  ...,  3.0000,  4.5000,  6.0000,  7.5000,  9.0000,\n        10.5000, 12.0000, 13.5000, 15.0000, 16.5000, 18.0000, 19.5000, 21.0000,\n        22.5000, 24.0000, 25.5000, 27.0000, 28.5000])\ntensor([0., 1.,  ..., 2., 3.])\ntensor([0., 1., 2.,  ..., 2., 3., 4.])\ntensor([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  ...,  2,  3,  4,  5,  6,  7,  8,\n         9, 10, 11], dtype=torch.int8)\n'),
    ('torch.set_printoptions(edgeitems=-6, threshold=3)\nprint(torch.arange(10.)); print(torch.arange(12.).reshape(3, 4)[0])',
     'tensor([0., 1., 2., 3.,  ..., 6., 7., 8., 9.])\ntensor([ ...])\n'),
    ('torch.set_printoptions(edgeitems=-1, threshold=3)\nprint(torch.tensor([1.5, 2, 3, 4], requires_grad=True)); print(torch.zeros(0, 5))',
     'tensor([1.5000, 2.0000, 3.0000,  ..., 2.0000, 3.0000, 4.0000],\n       requires_grad=True)\ntensor([], size=(0, 5))\n'),
    ('torch.set_printoptions(edgeitems=-1, threshold=3)\nprint(torch.arange(12.).reshape(3, 4))',
     '!! RuntimeError: stack expects a non-empty TensorList\n'),
    ('torch.set_printoptions(edgeitems=-1, threshold=3)\nprint(torch.arange(12.).reshape(1, 12))',
     '!! RuntimeError: stack expects a non-empty TensorList\n'),
    ('torch.set_printoptions(edgeitems=-1)\nprint(torch.arange(1001).reshape(1001, 1)[:3]); print(torch.arange(2002).reshape(2, 1001))',
     'tensor([[0],\n        [1],\n        [2]])\n!! RuntimeError: stack expects a non-empty TensorList\n'),
    ('torch.set_printoptions(edgeitems=1.5, threshold=3)\nprint(torch.arange(9.).reshape(3, 3)); print(torch.arange(3.)); print(torch.arange(10.))',
     'tensor([[0., 1., 2.],\n        [3., 4., 5.],\n        [6., 7., 8.]])\ntensor([0., 1., 2.])\n!! TypeError: slice indices must be integers or None or have an __index__ method\n'),
    ('torch.set_printoptions(edgeitems=1.5, threshold=3)\nprint(torch.arange(16.).reshape(4, 4))',
     "!! TypeError: 'float' object cannot be interpreted as an integer\n"),
    ('torch.set_printoptions(edgeitems=1.5, threshold=3)\nprint(torch.arange(36.).reshape(3, 4, 3))',
     "!! TypeError: 'float' object cannot be interpreted as an integer\n"),
    ('torch.set_printoptions(edgeitems=0.0, threshold=3)\nprint(torch.arange(9.).reshape(3, 3))',
     "!! TypeError: 'float' object cannot be interpreted as an integer\n"),
    ('torch.set_printoptions(edgeitems=0.0, threshold=3)\nprint(torch.arange(9.))',
     '!! TypeError: slice indices must be integers or None or have an __index__ method\n'),
    ('torch.set_printoptions(edgeitems=2.0, threshold=3)\nprint(torch.arange(4.)); print(torch.arange(9.))',
     'tensor([0., 1., 2., 3.])\n!! TypeError: slice indices must be integers or None or have an __index__ method\n'),
    ('torch.set_printoptions(edgeitems=True, threshold=3)\nprint(torch.arange(10.)); print(torch.arange(12.).reshape(3, 4))\n',
     'tensor([0.,  ..., 9.])\ntensor([[ 0.,  ...,  3.],\n        ...,\n        [ 8.,  ..., 11.]])\n'),
]


@pytest.mark.parametrize("source, expected", EDGEITEMS)
def test_odd_edgeitems_like_torch(source, expected):
    assert run_formula(source) == expected


LAYOUT = [
    ('x = torch.arange(2000.)\nx[1000] = 1e20\nx[1] = 0.5\nprint(x)\ny = torch.ones(100, 100)\ny[50, 50] = 1e-20\ny[0, 50] = 1e-20\nprint(y)',
     'tensor([0.0000e+00, 5.0000e-01, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03])\ntensor([[1., 1., 1.,  ..., 1., 1., 1.],\n        [1., 1., 1.,  ..., 1., 1., 1.],\n        [1., 1., 1.,  ..., 1., 1., 1.],\n        ...,\n        [1., 1., 1.,  ..., 1., 1., 1.],\n        [1., 1., 1.,  ..., 1., 1., 1.],\n        [1., 1., 1.,  ..., 1., 1., 1.]])\n'),
    ('print(torch.tensor([1e-100, 1.], dtype=torch.float64)); print(torch.tensor([1e-300, -1e300], dtype=torch.float64)); print(torch.tensor([5e-324], dtype=torch.float64))',
     'tensor([1.0000e-100,  1.0000e+00], dtype=torch.float64)\ntensor([ 1.0000e-300, -1.0000e+300], dtype=torch.float64)\ntensor([4.9407e-324], dtype=torch.float64)\n'),
    ('torch.set_printoptions(sci_mode=False)\nprint(torch.tensor([1e20, 1.])); print(torch.tensor([1e-20, 1.])); print(torch.tensor([1e30, 1.5]))',
     'tensor([100000002004087734272.,                     1.])\ntensor([0.0000, 1.0000])\ntensor([1000000015047466219876688855040.0000,\n                                      1.5000])\n'),
    ("print(torch.tensor([float('nan'), 1e-5, float('inf'), -0.0])); print(torch.tensor([float('nan'), 1.5, float('-inf'), -0.0])); print(torch.tensor([-0.0, 1.0])); print(torch.tensor(-0.0)); print(torch.tensor([-1e-5, float('nan')]))",
     'tensor([       nan, 1.0000e-05,        inf, -0.0000e+00])\ntensor([   nan, 1.5000,   -inf, -0.0000])\ntensor([-0., 1.])\ntensor(-0.)\ntensor([-1.0000e-05,         nan])\n'),
    ('print(torch.tensor([16777217., 3.])); print(torch.tensor([2.**60, 1.])); print(torch.tensor([99999999.0, 1.0])); print(torch.tensor([1.00001e8])); print(torch.tensor([0.00009999])); print(torch.tensor([0.0001, 0.1]))',
     'tensor([1.6777e+07, 3.0000e+00])\ntensor([1.1529e+18, 1.0000e+00])\ntensor([1.0000e+08, 1.0000e+00])\ntensor([1.0000e+08])\ntensor([9.9990e-05])\ntensor([1.0000e-04, 1.0000e-01])\n'),
    ('print(torch.tensor([0.1, 0.2, 1/3], dtype=torch.float16)); print(torch.tensor([1e-5, 70000.], dtype=torch.float16)); print(torch.tensor([1e-7, 1.], dtype=torch.float16)); print(torch.tensor([6e-8], dtype=torch.float16))',
     'tensor([0.1000, 0.2000, 0.3333], dtype=torch.float16)\ntensor([1.0014e-05,        inf], dtype=torch.float16)\ntensor([1.1921e-07, 1.0000e+00], dtype=torch.float16)\ntensor([5.9605e-08], dtype=torch.float16)\n'),
    ('print(torch.arange(64.).reshape(2, 2, 2, 2, 2, 2))',
     'tensor([[[[[[ 0.,  1.],\n            [ 2.,  3.]],\n\n           [[ 4.,  5.],\n            [ 6.,  7.]]],\n\n\n          [[[ 8.,  9.],\n            [10., 11.]],\n\n           [[12., 13.],\n            [14., 15.]]]],\n\n\n\n         [[[[16., 17.],\n            [18., 19.]],\n\n           [[20., 21.],\n            [22., 23.]]],\n\n\n          [[[24., 25.],\n            [26., 27.]],\n\n           [[28., 29.],\n            [30., 31.]]]]],\n\n\n\n\n        [[[[[32., 33.],\n            [34., 35.]],\n\n           [[36., 37.],\n            [38., 39.]]],\n\n\n          [[[40., 41.],\n            [42., 43.]],\n\n           [[44., 45.],\n            [46., 47.]]]],\n\n\n\n         [[[[48., 49.],\n            [50., 51.]],\n\n           [[52., 53.],\n            [54., 55.]]],\n\n\n          [[[56., 57.],\n            [58., 59.]],\n\n           [[60., 61.],\n            [62., 63.]]]]]])\n'),
    ('x = torch.arange(2400.).reshape(2, 3, 4, 100) / 3\nprint(x)',
     'tensor([[[[0.0000e+00, 3.3333e-01, 6.6667e-01,  ..., 3.2333e+01,\n           3.2667e+01, 3.3000e+01],\n          [3.3333e+01, 3.3667e+01, 3.4000e+01,  ..., 6.5667e+01,\n           6.6000e+01, 6.6333e+01],\n          [6.6667e+01, 6.7000e+01, 6.7333e+01,  ..., 9.9000e+01,\n           9.9333e+01, 9.9667e+01],\n          [1.0000e+02, 1.0033e+02, 1.0067e+02,  ..., 1.3233e+02,\n           1.3267e+02, 1.3300e+02]],\n\n         [[1.3333e+02, 1.3367e+02, 1.3400e+02,  ..., 1.6567e+02,\n           1.6600e+02, 1.6633e+02],\n          [1.6667e+02, 1.6700e+02, 1.6733e+02,  ..., 1.9900e+02,\n           1.9933e+02, 1.9967e+02],\n          [2.0000e+02, 2.0033e+02, 2.0067e+02,  ..., 2.3233e+02,\n           2.3267e+02, 2.3300e+02],\n          [2.3333e+02, 2.3367e+02, 2.3400e+02,  ..., 2.6567e+02,\n           2.6600e+02, 2.6633e+02]],\n\n         [[2.6667e+02, 2.6700e+02, 2.6733e+02,  ..., 2.9900e+02,\n           2.9933e+02, 2.9967e+02],\n          [3.0000e+02, 3.0033e+02, 3.0067e+02,  ..., 3.3233e+02,\n           3.3267e+02, 3.3300e+02],\n          [3.3333e+02, 3.3367e+02, 3.3400e+02,  ..., 3.6567e+02,\n           3.6600e+02, 3.6633e+02],\n          [3.6667e+02, 3.6700e+02, 3.6733e+02,  ..., 3.9900e+02,\n           3.9933e+02, 3.9967e+02]]],\n\n\n        [[[4.0000e+02, 4.0033e+02, 4.0067e+02,  ..., 4.3233e+02,\n           4.3267e+02, 4.3300e+02],\n          [4.3333e+02, 4.3367e+02, 4.3400e+02,  ..., 4.6567e+02,\n           4.6600e+02, 4.6633e+02],\n          [4.6667e+02, 4.6700e+02, 4.6733e+02,  ..., 4.9900e+02,\n           4.9933e+02, 4.9967e+02],\n          [5.0000e+02, 5.0033e+02, 5.0067e+02,  ..., 5.3233e+02,\n           5.3267e+02, 5.3300e+02]],\n\n         [[5.3333e+02, 5.3367e+02, 5.3400e+02,  ..., 5.6567e+02,\n           5.6600e+02, 5.6633e+02],\n          [5.6667e+02, 5.6700e+02, 5.6733e+02,  ..., 5.9900e+02,\n           5.9933e+02, 5.9967e+02],\n          [6.0000e+02, 6.0033e+02, 6.0067e+02,  ..., 6.3233e+02,\n           6.3267e+02, 6.3300e+02],\n          [6.3333e+02, 6.3367e+02, 6.3400e+02,  ..., 6.6567e+02,\n           6.6600e+02, 6.6633e+02]],\n\n         [[6.6667e+02, 6.6700e+02, 6.6733e+02,  ..., 6.9900e+02,\n           6.9933e+02, 6.9967e+02],\n          [7.0000e+02, 7.0033e+02, 7.0067e+02,  ..., 7.3233e+02,\n           7.3267e+02, 7.3300e+02],\n          [7.3333e+02, 7.3367e+02, 7.3400e+02,  ..., 7.6567e+02,\n           7.6600e+02, 7.6633e+02],\n          [7.6667e+02, 7.6700e+02, 7.6733e+02,  ..., 7.9900e+02,\n           7.9933e+02, 7.9967e+02]]]])\n'),
    ('torch.set_printoptions(edgeitems=2, linewidth=60)\nprint((torch.arange(2400.).reshape(6, 400) / 3).requires_grad_())',
     'tensor([[0.0000e+00, 3.3333e-01,  ..., 1.3267e+02,\n         1.3300e+02],\n        [1.3333e+02, 1.3367e+02,  ..., 2.6600e+02,\n         2.6633e+02],\n        ...,\n        [5.3333e+02, 5.3367e+02,  ..., 6.6600e+02,\n         6.6633e+02],\n        [6.6667e+02, 6.6700e+02,  ..., 7.9933e+02,\n         7.9967e+02]], requires_grad=True)\n'),
    ('torch.set_printoptions(linewidth=30)\nx = torch.arange(5., requires_grad=True) + 0.5\nprint(x); print(x.to(torch.float64))',
     'tensor([0.5000, 1.5000,\n        2.5000, 3.5000,\n        4.5000],\n       grad_fn=<AddBackward0>)\ntensor([0.5000, 1.5000,\n        2.5000, 3.5000,\n        4.5000],\n       dtype=torch.float64,\n       grad_fn=<ToCopyBackward0>)\n'),
    ('x = torch.arange(14., dtype=torch.float64, requires_grad=True)\nprint(x); print(x * 1.5); print(x[:13] * 1.5); print(x[:12] * 1.5)',
     'tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.],\n       dtype=torch.float64, requires_grad=True)\ntensor([ 0.0000,  1.5000,  3.0000,  4.5000,  6.0000,  7.5000,  9.0000, 10.5000,\n        12.0000, 13.5000, 15.0000, 16.5000, 18.0000, 19.5000],\n       dtype=torch.float64, grad_fn=<MulBackward0>)\ntensor([ 0.0000,  1.5000,  3.0000,  4.5000,  6.0000,  7.5000,  9.0000, 10.5000,\n        12.0000, 13.5000, 15.0000, 16.5000, 18.0000], dtype=torch.float64,\n       grad_fn=<MulBackward0>)\ntensor([ 0.0000,  1.5000,  3.0000,  4.5000,  6.0000,  7.5000,  9.0000, 10.5000,\n        12.0000, 13.5000, 15.0000, 16.5000], dtype=torch.float64,\n       grad_fn=<MulBackward0>)\n'),
    ('print(torch.arange(2000, dtype=torch.int8)); print(torch.arange(2000, dtype=torch.uint8)); print(torch.ones(1001, dtype=torch.bool))',
     'tensor([  0,   1,   2,  ..., -51, -50, -49], dtype=torch.int8)\ntensor([  0,   1,   2,  ..., 205, 206, 207], dtype=torch.uint8)\ntensor([True, True, True,  ..., True, True, True])\n'),
    ('print(torch.arange(1001, dtype=torch.int64) * 10**12)',
     'tensor([               0,    1000000000000,    2000000000000,  ...,\n         998000000000000,  999000000000000, 1000000000000000])\n'),
    ('torch.set_printoptions(precision=20)\nprint(torch.tensor([0.1, 0.2])); print(torch.tensor([0.1, 0.2], dtype=torch.float64)); print(torch.tensor([0.1], dtype=torch.float16))',
     'tensor([0.10000000149011611938, 0.20000000298023223877])\ntensor([0.10000000000000000555, 0.20000000000000001110], dtype=torch.float64)\ntensor([0.09997558593750000000], dtype=torch.float16)\n'),
    ('torch.set_printoptions(threshold=0, edgeitems=5)\nprint(torch.arange(12.)); print(torch.arange(12.).reshape(3, 4))',
     'tensor([ 0.,  1.,  2.,  3.,  4.,  ...,  7.,  8.,  9., 10., 11.])\ntensor([[ 0.,  1.,  2.,  3.],\n        [ 4.,  5.,  6.,  7.],\n        [ 8.,  9., 10., 11.]])\n'),
    ('torch.set_printoptions(threshold=2, edgeitems=1)\nprint(torch.arange(8.).reshape(2, 2, 2)); print(torch.arange(27.).reshape(3, 3, 3))',
     'tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]])\ntensor([[[ 0.,  ...,  2.],\n         ...,\n         [ 6.,  ...,  8.]],\n\n        ...,\n\n        [[18.,  ..., 20.],\n         ...,\n         [24.,  ..., 26.]]])\n'),
    ('x = torch.tensor([[1., 5.], [3., 2.]], requires_grad=True)\nprint(torch.max(x, 1)); print(torch.aminmax(x)); print(torch.var_mean(x.detach()))',
     'torch.return_types.max(\nvalues=tensor([5., 3.], grad_fn=<MaxBackward0>),\nindices=tensor([1, 0]))\ntorch.return_types.aminmax(\nmin=tensor(1., grad_fn=<AminmaxBackward0>),\nmax=tensor(5., grad_fn=<AminmaxBackward0>))\n(tensor(2.9167), tensor(2.7500))\n'),
    ('p = torch.nn.Parameter(torch.arange(30.) * 1.5)\nprint(p); print([p[:2]])',
     'Parameter containing:\ntensor([ 0.0000,  1.5000,  3.0000,  4.5000,  6.0000,  7.5000,  9.0000, 10.5000,\n        12.0000, 13.5000, 15.0000, 16.5000, 18.0000, 19.5000, 21.0000, 22.5000,\n        24.0000, 25.5000, 27.0000, 28.5000, 30.0000, 31.5000, 33.0000, 34.5000,\n        36.0000, 37.5000, 39.0000, 40.5000, 42.0000, 43.5000],\n       requires_grad=True)\n[tensor([0.0000, 1.5000], grad_fn=<SliceBackward0>)]\n'),
    ('t = torch.tensor(0.1)\nprint(f"{t:.20f}"); print(f"{t}"); print(f"{t:g}"); print(f"{t:%}"); print("%s %r %.2f %d" % (t, t, t, t))',
     '0.10000000149011611938\n0.10000000149011612\n0.1\n10.000000%\ntensor(0.1000) tensor(0.1000) 0.10 0\n'),
    ('t = torch.tensor(0.1, dtype=torch.float16)\nprint(f"{t:.20f}"); print(f"{t}")',
     '0.09997558593750000000\n0.0999755859375\n'),
    ('print(torch.finfo(torch.float16)); print(torch.iinfo(torch.uint8)); print(torch.finfo(torch.float16).eps, torch.finfo(torch.float16).tiny, torch.finfo(torch.float16).resolution)',
     'finfo(resolution=0.001, min=-65504, max=65504, eps=0.000976562, smallest_normal=6.10352e-05, tiny=6.10352e-05, dtype=float16)\niinfo(min=0, max=255, dtype=uint8)\n0.0009765625 6.103515625e-05 0.001\n'),
    ('import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n    x = fwAD.make_dual(torch.tensor(1.5), torch.tensor(2.))\n    print(x)\n    print(x.sin())\n',
     'tensor(1.5000, tangent=2.0)\ntensor(0.9975, tangent=0.1414743959903717)\n'),
]


@pytest.mark.parametrize("source, expected", LAYOUT)
def test_layout_like_torch(source, expected):
    assert run_formula(source) == expected


LIBRARY = [
    ("print(torch.tensor([1e-5+1j, 1e5+3j])); print(torch.tensor([complex(float('nan'), float('inf')), 1-0j])); print(torch.tensor(1-2j))",
     'tensor([1.0000e-05+1.j, 1.0000e+05+3.j])\ntensor([nan+infj, 1.+0.j])\ntensor(1.-2.j)\n'),
    ('print(torch.tensor([[1+1j, 2.5-1j], [0j, -1j]])); print(torch.zeros(2, 0, dtype=torch.complex128))',
     'tensor([[1.0000+1.j, 2.5000-1.j],\n        [0.0000+0.j, -0.0000-1.j]])\ntensor([], size=(2, 0), dtype=torch.complex128)\n'),
    ('torch.set_printoptions(sci_mode=True)\nprint(torch.tensor([1+1j, 2j])); print(torch.tensor([1e20+1j])); print(torch.tensor([1.5+1e-6j], dtype=torch.complex128))',
     'tensor([1.0000e+00+1.0000e+00j, 0.0000e+00+2.0000e+00j])\ntensor([1.0000e+20+1.0000e+00j])\ntensor([1.5000e+00+1.0000e-06j], dtype=torch.complex128)\n'),
    ('torch.set_printoptions(edgeitems=-1, threshold=3)\nprint(torch.tensor([1+1j, 2, 3.5, 4]))',
     'tensor([1.0000+1.j, 2.0000+0.j, 3.5000+0.j,  ..., 2.0000+0.j, 3.5000+0.j,\n        4.0000+0.j])\n'),
    ('torch.set_printoptions(edgeitems=-1, threshold=3)\nprint(torch.tensor([[1+1j, 2, 3.5, 4]]))\n',
     '!! RuntimeError: stack expects a non-empty TensorList\n'),
]


@pytest.mark.parametrize("source, expected", LIBRARY)
def test_complex_like_torch(source, expected):
    assert run_library(source) == expected
