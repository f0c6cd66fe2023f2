"""F.interpolate (nearest, linear, bilinear) and the Upsample modules against numbers
recorded from PyTorch 2.13 on CPU: values, `grad_fn` names, gradients of sum(out * [1, 2, 3,
...]), reprs and error texts; and gradients of both orders on odd sizes and scales. Runs
without PyTorch.
"""
from __future__ import annotations

import numpy as np
import pytest

import gradcli  # noqa: F401  (loads every op module)
from gradcli.autograd.gradcheck import gradcheck, gradgradcheck
from gradcli.namespace import torch_namespace

torch = torch_namespace()
F = torch.nn.functional

# (input shape, kwargs, grad_fn, values, output shape, gradient) recorded from PyTorch,
# input torch.arange(n, dtype=float64).view(shape)
RECORDED = [
    ((1, 1, 3), {"scale_factor": 1.01}, "UpsampleNearest1DBackward0", [0.0, 0.0, 1.0],
     (1, 1, 3), [1.0, 2.0, 3.0]),
    ((1, 1, 5), {"scale_factor": 2.2}, "UpsampleNearest1DBackward0",
     [0.0, 0.0, 0.0, 1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0], (1, 1, 11),
     [6.0, 9.0, 13.0, 17.0, 21.0]),
    ((1, 1, 2, 3), {"size": (3, 2)}, "UpsampleNearest2DBackward0",
     [0.0, 1.0, 0.0, 1.0, 3.0, 4.0], (1, 1, 3, 2), [4.0, 6.0, 0.0, 5.0, 6.0, 0.0]),
    ((1, 1, 4), {"size": 3, "mode": "linear"}, "UpsampleLinear1DBackward0",
     [0.16666666666666663, 1.5, 2.833333333333333], (1, 1, 3),
     [0.8333333333333334, 1.1666666666666665, 1.5000000000000009, 2.499999999999999]),
    ((1, 1, 3), {"scale_factor": 1.5, "mode": "linear", "align_corners": True},
     "UpsampleLinear1DBackward0", [0.0, 0.6666666666666666, 1.3333333333333333, 2.0],
     (1, 1, 4), [1.6666666666666667, 3.3333333333333335, 5.0]),
    ((1, 1, 2, 3), {"scale_factor": (1.5, 0.7), "mode": "bilinear"},
     "UpsampleBilinear2DBackward0",
     [0.2142857142857143, 1.6428571428571428, 1.7142857142857142, 3.1428571428571423,
      3.214285714285714, 4.642857142857143], (1, 1, 3, 2),
     [1.9642857142857142, 1.9642857142857146, 2.571428571428571, 5.107142857142857,
      4.250000000000001, 5.142857142857142]),
    ((1, 1, 2, 2), {"size": (3, 3), "mode": "bilinear", "align_corners": True},
     "UpsampleBilinear2DBackward0", [0.0, 0.5, 1.0, 1.0, 1.5, 2.0, 2.0, 2.5, 3.0],
     (1, 1, 3, 3), [5.25, 8.25, 14.25, 17.25]),
]


@pytest.mark.parametrize("shape,kwargs,name,values,out_shape,grad", RECORDED)
def test_interpolate_values_names_and_gradients(shape, kwargs, name, values, out_shape, grad):
    x = torch.arange(float(np.prod(shape)), dtype=torch.float64).view(shape)
    x.requires_grad_()
    y = F.interpolate(x, **kwargs)
    assert type(y.grad_fn).__name__ == name
    assert tuple(y.shape) == out_shape
    np.testing.assert_allclose(y.detach().numpy().reshape(-1), values, rtol=1e-15, atol=1e-15)
    w = torch.arange(1.0, y.numel() + 1, dtype=torch.float64).view(out_shape)
    (g,) = torch.autograd.grad((y * w).sum(), x)
    np.testing.assert_allclose(g.numpy().reshape(-1), grad, rtol=1e-14, atol=1e-14)


def test_nearest_1d_backward_is_not_the_forward_transposed_as_in_pytorch():
    """PyTorch's 1-D nearest forward scales an unchanged size (3 -> 3 at 1.01 reads
    [0, 0, 1]) while its backward copies it: the gradient is g itself."""
    x = torch.tensor([[[5.0, 6.0, 7.0]]], requires_grad=True)
    y = F.interpolate(x, scale_factor=1.01)
    assert y.tolist() == [[[5.0, 5.0, 6.0]]]
    (g,) = torch.autograd.grad(y, x, torch.tensor([[[1.0, 2.0, 3.0]]]))
    assert g.tolist() == [[[1.0, 2.0, 3.0]]]


def test_nearest_float32_index_arithmetic():
    """Source index floor(i * scale) in float32, scale = 1/scale_factor when one is given,
    else in/out."""
    x = torch.arange(7.0).view(1, 1, 7)
    assert F.interpolate(x, scale_factor=0.45).tolist() == [[[0.0, 2.0, 4.0]]]
    assert F.interpolate(torch.arange(3.0).view(1, 1, 3), size=9).tolist() == \
        [[[0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0]]]


def test_upsample_modules_repr_and_forward():
    assert repr(torch.nn.Upsample(scale_factor=2, mode="bilinear")) == \
        "Upsample(scale_factor=2.0, mode='bilinear')"
    assert repr(torch.nn.UpsamplingBilinear2d((3, 4))) == \
        "UpsamplingBilinear2d(size=(3, 4), mode='bilinear')"
    assert repr(torch.nn.UpsamplingNearest2d(scale_factor=(2, 3))) == \
        "UpsamplingNearest2d(scale_factor=(2.0, 3.0), mode='nearest')"
    x = torch.arange(4.0).view(1, 1, 2, 2)
    y = torch.nn.UpsamplingBilinear2d(scale_factor=2)(x)
    np.testing.assert_allclose(y.numpy()[0, 0, 1], [2 / 3, 1.0, 4 / 3, 5 / 3], rtol=1e-6)
    assert torch.nn.Upsample(size=3)(x).tolist() == \
        [[[[0.0, 0.0, 1.0], [0.0, 0.0, 1.0], [2.0, 2.0, 3.0]]]]


ERRORS = [
    ("F.interpolate(torch.ones(1, 1, 2), scale_factor=0.3)", RuntimeError,
     "Input and output sizes should be greater than 0, but got input (W: 2) and output "
     "(W: 0)"),
    ("F.interpolate(torch.ones(1, 1, 2, 2), size=(0, 3), mode='bilinear')", RuntimeError,
     "Input and output sizes should be greater than 0, but got input (H: 2, W: 2) output "
     "(H: 0, W: 3)"),
    ("F.interpolate(torch.arange(4).view(1, 1, 4), size=3)", NotImplementedError,
     "\"compute_indices_weights_nearest\" not implemented for 'Long'"),
    ("F.interpolate(torch.ones(1, 1, 2), size=3, align_corners=True)", ValueError,
     "align_corners option can only be set with the interpolating modes: linear | bilinear | "
     "bicubic | trilinear"),
    ("F.interpolate(torch.ones(1, 1, 2), size=3, mode='bilinear')", NotImplementedError,
     "Got 3D input, but bilinear mode needs 4D input"),
    ("F.interpolate(torch.ones(1, 2), size=3)", NotImplementedError,
     "Input Error: Only 3D, 4D and 5D input Tensors supported (got 2D) for the modes: nearest "
     "| linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got nearest)"),
    ("F.interpolate(torch.ones(1, 1, 2), size=3, recompute_scale_factor=True)", ValueError,
     "recompute_scale_factor is not meaningful with an explicit size."),
    ("F.interpolate(torch.ones(1, 1, 2))", ValueError,
     "either size or scale_factor should be defined"),
    ("F.interpolate(torch.ones(1, 0, 2), size=3)", RuntimeError,
     "Non-empty 3D data tensor expected but got a tensor with sizes [1, 0, 2]"),
]


@pytest.mark.parametrize("source,kind,text", ERRORS)
def test_interpolate_errors(source, kind, text):
    with pytest.raises(kind) as info:
        eval(source, {"torch": torch, "F": F})
    assert str(info.value) == text


@pytest.mark.parametrize("shape,kwargs", [
    ((1, 2, 5), {"scale_factor": 2.3, "mode": "linear"}),
    ((1, 1, 3, 5), {"size": (4, 2), "mode": "bilinear"}),
    ((2, 1, 3, 2), {"scale_factor": 1.7, "mode": "bilinear", "align_corners": True}),
    ((1, 1, 3, 4), {"scale_factor": (2, 0.6)}),
    ((1, 2, 7), {"size": 3}),
])
def test_interpolate_gradients_of_both_orders(shape, kwargs):
    x = torch.tensor(np.random.default_rng(0).standard_normal(shape), requires_grad=True)
    assert gradcheck(lambda t: F.interpolate(t, **kwargs), (x,))
    assert gradgradcheck(lambda t: F.interpolate(t, **kwargs), (x,))
