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


# -- transposed convolution ---------------------------------------------------------------

def L(*shape, k=0):
    """A float64 leaf with the deterministic values the recorded cases used."""
    n = int(np.prod(shape))
    v = (((np.arange(n) * 7 + 3 * k) % 13) - 6) / 4.0 + 0.05 * (k + 1)
    return torch.tensor(v.reshape(shape), dtype=torch.float64, requires_grad=True)


# (function, x shape, w shape, b shape, kwargs, grad_fn, values, gradients of
# sum(out * [1, 2, ...]) for x, w (and b)) recorded from PyTorch
CONV_T = [
    ("conv_transpose1d", (1, 2, 3), (2, 3, 2), (3,), {}, "ConvolutionBackward0",
     [[[1.1475, -2.5050000000000003, 2.67, -2.29],
       [-0.5775000000000001, -4.3925, 0.9074999999999998, -3.89],
       [0.9475, -3.03, 2.395, -2.24]]],
     [[[[22.300000000000004, 25.150000000000002, 28.000000000000004],
        [-11.45, -13.85, -16.25]]],
      [[[-4.449999999999999, -6.8], [-13.850000000000001, -16.2],
        [-23.25, -25.599999999999998]],
       [[1.0500000000000005, 1.4500000000000006], [2.6500000000000012, 3.050000000000001],
        [4.250000000000001, 4.650000000000002]]],
      [10.0, 26.0, 42.0]]),
    ("conv_transpose1d", (1, 4, 3), (4, 1, 3), None,
     {"stride": 2, "padding": 1, "output_padding": 1, "groups": 2}, "ConvolutionBackward0",
     [[[-1.6775, -0.01750000000000007, 0.47250000000000003, 0.21999999999999997, -1.44,
        1.7600000000000002],
       [1.7599999999999998, -1.08, -1.5899999999999999, -1.2799999999999998, 1.56, -1.5525]]],
     [[[[0.30000000000000004, 0.3999999999999999, 0.49999999999999956],
        [3.0500000000000003, 8.65, 14.250000000000002],
        [-6.999999999999999, -8.299999999999999, -10.2],
        [-3.0, -12.8, -15.700000000000001]]],
      [[[-4.2, -6.55, -8.899999999999999]], [[1.3000000000000003, 1.7000000000000002,
                                               2.100000000000001]],
       [[3.9000000000000004, -0.3999999999999986, -0.5]], [[13.9, 24.35, 27.0]]]]),
    ("conv_transpose2d", (1, 2, 2, 3), (2, 1, 2, 2), (1,), {"stride": (2, 1),
                                                          "dilation": (1, 2)},
     "ConvolutionBackward0",
     [[[[1.1975000000000002, -0.2025, -1.7174999999999998, 2.16, -1.8900000000000001],
        [0.66, 0.13500000000000004, -0.3925000000000002, -0.9149999999999999,
         -0.8400000000000001],
        [-0.40249999999999997, 0.7975, 2.0825, -1.2149999999999999, 3.5100000000000002],
        [0.06, 0.51, -1.0924999999999998, -0.8524999999999999, -0.9399999999999998]]]],
     [[[[[11.05, 12.450000000000001, 13.85], [25.05, 26.450000000000003, 27.849999999999998]],
        [[-5.949999999999999, -5.799999999999999, -5.65],
         [-4.449999999999996, -4.299999999999997, -4.149999999999999]]]],
      [[[[0.6000000000000014, -3.299999999999997], [-9.149999999999995, -13.050000000000004]]],
       [[[32.1, 37.2], [44.85000000000001, 49.95]]]],
      [210.0]]),
    ("conv_transpose2d", (2, 2, 2), (2, 2, 1, 2), None,
     {"padding": (0, 1), "stride": 2, "output_padding": 1}, "SqueezeBackward1",
     [[[-3.115, -0.315, 1.6100000000000003], [0.0, 0.0, 0.0], [-2.44, -0.515, 2.285],
       [0.0, 0.0, 0.0]],
      [[-0.6275000000000002, -0.03999999999999998, -0.7149999999999999], [0.0, 0.0, 0.0],
       [-0.6400000000000002, -0.11500000000000002, -0.7274999999999998], [0.0, 0.0, 0.0]]],
     [[[[18.650000000000002, 16.65], [33.35, 25.05]],
       [[-16.599999999999998, -15.099999999999998], [-15.399999999999997, -14.199999999999998]]],
      [[[[5.0, -4.0]], [[15.2, -25.599999999999998]]],
       [[[10.0, 6.000000000000002]], [[32.2, 8.399999999999999]]]]]),
]


@pytest.mark.parametrize("name,xs,ws,bs,kwargs,grad_fn,values,grads", CONV_T)
def test_conv_transpose_values_names_and_gradients(name, xs, ws, bs, kwargs, grad_fn, values,
                                                   grads):
    x, w = L(*xs), L(*ws, k=1)
    b = L(*bs, k=2) if bs else None
    y = getattr(F, name)(x, w, b, **kwargs)
    assert type(y.grad_fn).__name__ == grad_fn
    np.testing.assert_allclose(y.detach().numpy(), values, rtol=1e-13, atol=1e-13)
    wt = torch.arange(1.0, y.numel() + 1, dtype=torch.float64).view(tuple(y.shape))
    gs = torch.autograd.grad((y * wt).sum(), [x, w] + ([b] if b is not None else []))
    assert len(gs) == len(grads)
    for g, expected in zip(gs, grads):
        np.testing.assert_allclose(g.numpy(), expected, rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("name,xs,ws,kwargs", [
    ("conv_transpose1d", (2, 2, 3), (2, 4, 2), {"stride": 2, "output_padding": 1}),
    ("conv_transpose1d", (1, 4, 3), (4, 1, 3), {"groups": 4, "padding": 1, "dilation": 2}),
    ("conv_transpose2d", (1, 2, 3, 2), (2, 1, 2, 3), {"stride": (1, 2), "padding": (1, 0),
                                                       "output_padding": (0, 1)}),
    ("conv_transpose2d", (1, 4, 2, 2), (4, 1, 2, 2), {"groups": 2, "dilation": 2}),
])
def test_conv_transpose_gradients_of_both_orders(name, xs, ws, kwargs):
    rng = np.random.default_rng(1)
    x = torch.tensor(rng.standard_normal(xs), requires_grad=True)
    w = torch.tensor(rng.standard_normal(ws), requires_grad=True)
    b = torch.tensor(rng.standard_normal(ws[1] * kwargs.get("groups", 1)), requires_grad=True)
    fn = getattr(F, name)
    assert gradcheck(lambda a, c, d: fn(a, c, d, **kwargs), (x, w, b))
    assert gradgradcheck(lambda a, c, d: fn(a, c, d, **kwargs), (x, w, b))


CONV_T_ERRORS = [
    ("F.conv_transpose1d(x, torch.ones(3, 3, 2))",
     "Given transposed=1, weight of size [3, 3, 2], expected input[1, 4, 5] to have 3 "
     "channels, but got 4 channels instead"),
    ("F.conv_transpose1d(x, w, bias=torch.ones(4))",
     "Given transposed=1, weight of size [4, 3, 2], expected bias to be 1-dimensional with 3 "
     "elements, but got bias of size [4] instead"),
    ("F.conv_transpose1d(x, w, padding=3)",
     "Given input size per channel: (1 x 5). Calculated output size per channel: (1 x 0). "
     "Output size is too small"),
    ("F.conv_transpose1d(x, w, output_padding=1)",
     "output padding must be smaller than either stride or dilation, but got "
     "output_padding_height: 0 output_padding_width: 1 stride_height: 1 stride_width: 1 "
     "dilation_height: 1 dilation_width: 1"),
    ("F.conv_transpose1d(x, w, dilation=0)",
     "dilation should be greater than zero, but got dilation_height: 1, dilation_width: 0"),
    ("F.conv_transpose1d(x, w, padding=(1, 1))",
     "expected padding to be a single integer value or a list of 1 values to match the "
     "convolution dimensions, but got padding=[1, 1]"),
    ("F.conv_transpose1d(x.double(), w)", "expected scalar type Double but found Float"),
    ("F.conv_transpose1d(x, torch.ones(4, 3))", "weight should have at least three dimensions"),
    ("F.conv_transpose1d(x, torch.ones(4, 3, 2, 2), stride=[1], padding=[0], dilation=[1], "
     "output_padding=[0])",
     "Expected 4-dimensional input for 4-dimensional weight [4, 3, 2, 2], but got "
     "3-dimensional input of size [1, 4, 5] instead"),
]


@pytest.mark.parametrize("source,text", CONV_T_ERRORS)
def test_conv_transpose_errors(source, text):
    with pytest.raises(RuntimeError) as info:
        eval(source, {"torch": torch, "F": F, "x": torch.ones(1, 4, 5),
                      "w": torch.ones(4, 3, 2)})
    assert str(info.value) == text


def test_conv_transpose_modules_initialisation_repr_and_output_size():
    torch.manual_seed(0)
    m = torch.nn.ConvTranspose1d(2, 4, 2, groups=2)
    assert tuple(m.weight.shape) == (2, 2, 2)
    np.testing.assert_array_equal(m.weight.detach().numpy(), np.array(
        [[[-0.003743410110473633, 0.26822179555892944],
          [-0.4115225672721863, -0.3679695129394531]],
         [[-0.19257718324661255, 0.13407868146896362],
          [-0.009906589984893799, 0.39644473791122437]]], dtype=np.float32))
    np.testing.assert_array_equal(m.bias.detach().numpy(), np.array(
        [-0.04437202215194702, 0.1323062777519226, -0.15110653638839722,
         -0.09828269481658936], dtype=np.float32))
    assert repr(m) == "ConvTranspose1d(2, 4, kernel_size=(2,), stride=(1,), groups=2)"
    m = torch.nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1)
    assert repr(m) == "ConvTranspose2d(2, 3, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))"
    x = torch.ones(1, 2, 3, 3)
    assert tuple(m(x).shape) == (1, 3, 5, 5)
    y = m(x, output_size=[1, 3, 6, 5])
    assert tuple(y.shape) == (1, 3, 6, 5) and type(y.grad_fn).__name__ == "ConvolutionBackward0"
    with pytest.raises(ValueError) as info:
        m(x, output_size=(9, 9))
    assert str(info.value) == ("requested an output size of (9, 9), but valid sizes range from "
                               "[5, 5] to [6, 6] (for an input of torch.Size([3, 3]))")
    with pytest.raises(ValueError) as info:
        torch.nn.ConvTranspose2d(2, 2, 2, padding_mode="reflect")
    assert str(info.value) == 'Only "zeros" padding mode is supported for ConvTranspose2d'


# -- conv3d -------------------------------------------------------------------------------

def test_conv3d_values_name_and_gradients():
    """Recorded from PyTorch: conv3d(x, w, b, stride=(1, 1, 2), padding=(0, 1, 1),
    groups=2), gradients of sum(out * [1, 2, ...])."""
    x, w, b = L(1, 2, 2, 2, 3), L(2, 1, 2, 1, 2, k=1), L(2, k=2)
    y = F.conv3d(x, w, b, stride=(1, 1, 2), padding=(0, 1, 1), groups=2)
    assert type(y.grad_fn).__name__ == "ConvolutionBackward0"
    assert tuple(y.shape) == (1, 2, 1, 4, 2)
    np.testing.assert_allclose(y.detach().numpy().reshape(-1), [
        0.15000000000000002, 0.15000000000000002, -2.3899999999999997, -2.3925,
        2.5100000000000002, 3.8200000000000003, 0.15000000000000002, 0.15000000000000002,
        -1.35, -1.35, -2.3899999999999997, -2.1925, -2.64, -2.5425000000000004, -1.35, -1.35],
        rtol=1e-13, atol=1e-13)
    wt = torch.arange(1.0, y.numel() + 1, dtype=torch.float64).view(tuple(y.shape))
    gx, gw, gb = torch.autograd.grad((y * wt).sum(), [x, w, b])
    np.testing.assert_allclose(gx.numpy().reshape(-1), [
        3.3000000000000003, -2.6, 4.4, 5.5, -3.9000000000000004, 6.6000000000000005,
        4.050000000000001, -1.6, 5.4, 6.75, -2.4000000000000004, 8.100000000000001, 17.6,
        -1.7999999999999998, 19.200000000000003, 20.8, -2.1, 22.400000000000002,
        -15.399999999999999, 1.2000000000000002, -16.799999999999997, -18.2,
        1.4000000000000001, -19.599999999999998], rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(gw.numpy().reshape(-1), [
        -4.499999999999999, -1.5999999999999988, 3.0, 11.900000000000002, -9.699999999999998,
        -24.75, 9.8, 12.75], rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(gb.numpy(), [36.0, 100.0], rtol=1e-14)


def test_conv3d_gradients_of_both_orders_and_unbatched():
    rng = np.random.default_rng(2)
    x = torch.tensor(rng.standard_normal((2, 2, 3, 3)), requires_grad=True)
    w = torch.tensor(rng.standard_normal((2, 2, 2, 1, 2)), requires_grad=True)
    b = torch.tensor(rng.standard_normal(2), requires_grad=True)
    kw = {"stride": (1, 2, 1), "padding": (1, 0, 1), "dilation": (1, 1, 2)}
    assert type(F.conv3d(x, w, b, **kw).grad_fn).__name__ == "SqueezeBackward1"
    assert gradcheck(lambda a, c, d: F.conv3d(a, c, d, **kw), (x, w, b))
    assert gradgradcheck(lambda a, c, d: F.conv3d(a, c, d, **kw), (x, w, b))


def test_conv3d_module_initialisation_and_errors():
    torch.manual_seed(0)
    m = torch.nn.Conv3d(1, 2, (1, 1, 2))
    np.testing.assert_array_equal(m.weight.detach().numpy().reshape(-1), np.array(
        [-0.005293981172144413, 0.37932288646698, -0.5819807648658752, -0.5203874707221985],
        dtype=np.float32))
    np.testing.assert_array_equal(m.bias.detach().numpy(), np.array(
        [-0.27234524488449097, 0.1896158903837204], dtype=np.float32))
    assert repr(m) == "Conv3d(1, 2, kernel_size=(1, 1, 2), stride=(1, 1, 1))"
    w = torch.ones(4, 2, 2, 2, 2)
    with pytest.raises(RuntimeError) as info:
        F.conv3d(torch.ones(1, 2, 3, 4, 4), torch.ones(4, 2, 5, 2, 2))
    assert str(info.value) == ("Calculated padded input size per channel: (3 x 4 x 4). Kernel "
                               "size: (5 x 2 x 2). Kernel size can't be greater than actual "
                               "input size")
    with pytest.raises(RuntimeError) as info:
        F.conv3d(torch.ones(2, 3, 3), w)
    assert str(info.value) == ("Expected 4D (unbatched) or 5D (batched) input to conv3d, but "
                               "got input of size: [2, 3, 3]")


# -- 3-D pooling --------------------------------------------------------------------------

def _leaf(*shape):
    n = int(np.prod(shape))
    v = (((np.arange(n) * 7) % 13) - 6) / 4.0 + 0.05
    return torch.tensor(v.reshape(shape), dtype=torch.float64, requires_grad=True)


def test_max_pool3d_values_indices_name_and_gradient():
    """Recorded from PyTorch: max_pool3d(x, 2, stride=(1, 2, 2), padding=(0, 1, 0),
    return_indices=True), gradient of sum(out * [1, 2, ...])."""
    x = _leaf(1, 2, 3, 3, 4)
    y, idx = F.max_pool3d(x, 2, stride=(1, 2, 2), padding=(0, 1, 0), return_indices=True)
    assert type(y.grad_fn).__name__ == "MaxPool3DWithIndicesBackward0"
    assert tuple(y.shape) == (1, 2, 2, 2, 2) and idx.dtype == torch.int64
    np.testing.assert_allclose(y.detach().numpy().reshape(-1), [
        0.3, 0.55, 1.3, 1.55, 1.55, 0.3, 1.05, 1.3, 1.55, 1.55, 0.8, 1.05, 1.3, 1.55, 0.8, 1.05],
        rtol=1e-15)
    assert idx.reshape(-1).tolist() == [1, 3, 9, 11, 24, 14, 20, 22, 1, 14, 8, 10, 12, 14, 21,
                                        23]
    w = torch.arange(1.0, y.numel() + 1, dtype=torch.float64).view(tuple(y.shape))
    (g,) = torch.autograd.grad((y * w).sum(), x)
    expected = np.zeros(72)
    for pos, val in {1: 1, 3: 2, 9: 3, 11: 4, 14: 6, 20: 7, 22: 8, 24: 5, 37: 9, 44: 11, 46: 12,
                     48: 13, 50: 24, 57: 15, 59: 16}.items():
        expected[pos] = val
    np.testing.assert_array_equal(g.numpy().reshape(-1), expected)


def test_avg_pool3d_values_name_and_gradient():
    """Recorded from PyTorch: avg_pool3d of an unbatched (1, 2, 2, 3) input, kernel 2,
    stride (1, 2, 2), padding (0, 1, 1), count_include_pad=False, ceil_mode=True."""
    x = _leaf(1, 2, 2, 3)
    y = F.avg_pool3d(x, 2, stride=(1, 2, 2), padding=(0, 1, 1), count_include_pad=False,
                     ceil_mode=True)
    assert type(y.grad_fn).__name__ == "AvgPool3DBackward0"
    assert tuple(y.shape) == (1, 1, 2, 2)
    np.testing.assert_allclose(y.detach().numpy().reshape(-1),
                               [-1.075, -0.07499999999999997, 0.925, 0.30000000000000004],
                               rtol=1e-14)
    w = torch.arange(1.0, y.numel() + 1, dtype=torch.float64).view(tuple(y.shape))
    (g,) = torch.autograd.grad((y * w).sum(), x)
    np.testing.assert_allclose(g.numpy().reshape(-1), [0.5, 0.5, 0.5, 1.5, 1.0, 1.0, 0.5, 0.5,
                                                       0.5, 1.5, 1.0, 1.0], rtol=1e-15)


POOL3D_ERRORS = [
    ("F.max_pool3d(torch.ones(2, 4, 4), 2)",
     "non-empty 4D or 5D (batch mode) tensor expected for input"),
    ("F.max_pool3d(x, 2, padding=2)", "pad should be at most half of effective kernel size, "
     "but got pad=2, kernel_size=2 and dilation=1"),
    ("F.max_pool3d(x, 5)", "Given input size: (2x4x4x4). Calculated output size: (2x0x0x0). "
     "Output size is too small"),
    ("F.avg_pool3d(x, 5)", "input image (T: 4 H: 4 W: 4) smaller than kernel size (kT: 5 kH: 5 "
     "kW: 5)"),
    ("F.max_pool3d(x, 0)", "stride should not be zero"),
    ("F.max_pool3d(x, 2, stride=-1)", "stride should be greater than zero, but got dT: -1 dH: -1 "
     "dW: -1"),
    ("F.max_pool3d(x, 2, dilation=0)", "dilation should be greater than zero, but got "
     "dilationT: 0 dilationH: 0 dilationW: 0"),
    ("F.avg_pool3d(x, 2, divisor_override=0)", "divisor must be not zero"),
    ("F.max_pool3d(x, (2, 2))",
     "max_pool3d: kernel_size must either be a single int, or a tuple of three ints"),
    ("F.avg_pool3d(x, (2, 2))", "avg_pool3d: kernel_size must be a single int, or a tuple of "
     "three ints"),
    ("F.max_pool3d(x, 2, padding=-1)", "pad must be non-negative, but got pad: -1"),
    ("F.avg_pool3d(torch.ones(1, 0, 4, 4, 4), 2)", "avg_pool3d(): Expected input's non-batch "
     "dimensions to have positive length, but input has a shape of [1, 0, 4, 4, 4] and "
     "non-batch dimension 0 has length zero!"),
]


@pytest.mark.parametrize("source,text", POOL3D_ERRORS)
def test_pool3d_errors(source, text):
    with pytest.raises(RuntimeError) as info:
        eval(source, {"torch": torch, "F": F, "x": torch.ones(1, 2, 4, 4, 4)})
    assert str(info.value) == text


def test_pool3d_modules_repr_and_gradients_of_both_orders():
    assert repr(torch.nn.MaxPool3d((1, 2, 2), stride=(1, 1, 2), dilation=2)) == \
        "MaxPool3d(kernel_size=(1, 2, 2), stride=(1, 1, 2), padding=0, dilation=2, " \
        "ceil_mode=False)"
    assert repr(torch.nn.AvgPool3d(2)) == "AvgPool3d(kernel_size=2, stride=2, padding=0)"
    x = torch.tensor(np.random.default_rng(4).standard_normal((1, 2, 3, 4, 3)),
                     requires_grad=True)
    avg = torch.nn.AvgPool3d(2, stride=1, padding=1, count_include_pad=False)
    assert gradcheck(avg, (x,)) and gradgradcheck(avg, (x,))
    mx = torch.nn.MaxPool3d((2, 2, 1), stride=1, ceil_mode=True)
    assert gradcheck(mx, (x,)) and gradgradcheck(mx, (x,))


def test_pool3d_integer_inputs_and_nan_windows_as_pytorch():
    """PyTorch's avg_pool3d divides an integer window sum as C++ does (toward zero) and keeps
    the dtype; its max_pool3d points at the last NaN of a window."""
    x = torch.tensor([-7, -6, -5, 3, 4, 5, 9, -9]).view(1, 1, 2, 2, 2)
    y = F.avg_pool3d(x, (1, 1, 2))
    assert y.dtype == torch.int64 and y.reshape(-1).tolist() == [-6, -1, 4, 0]
    assert F.avg_pool3d(torch.arange(64).view(1, 1, 4, 4, 4), 2).reshape(-1).tolist() == \
        [10, 12, 18, 20, 42, 44, 50, 52]
    nan = float("nan")
    xn = torch.tensor([1.0, nan, 3.0, nan, 5.0, 6.0, 7.0, 8.0]).view(1, 1, 2, 2, 2)
    v, idx = F.max_pool3d(xn, 2, return_indices=True)
    assert np.isnan(v.item()) and idx.item() == 3


# 2-D bilinear outputs of up to 64 x 64 in PyTorch's channels-last loop (four-term sums with
# the weights' products, channels in 256-bit vectors and one by one after them): values,
# gradients and weighted sums of a 64 x 64 output, as PyTorch 2.13 printed them
BILINEAR_CHANNELS_LAST = ('F = torch.nn.functional\ng = torch.Generator().manual_seed(3)\ncases = [((1, 2, 3, 4), torch.float64, dict(size=(5, 3))), ((1, 5, 2, 3), torch.float64, dict(size=(3, 4), align_corners=True)),\n         ((1, 9, 2, 3), torch.float32, dict(size=(3, 2))), ((1, 1, 5, 5), torch.float32, dict(scale_factor=1.7, align_corners=True)),\n         ((1, 17, 3, 3), torch.float64, dict(scale_factor=(0.5, 1.5))), ((1, 3, 40, 40), torch.float32, dict(size=(64, 64)))]\nfor shape, dt, kw in cases:\n    x = torch.randn(*shape, generator=g, dtype=dt).requires_grad_()\n    y = F.interpolate(x, mode="bilinear", **kw)\n    (y * torch.randn(y.shape, generator=g, dtype=dt)).sum().backward()\n    if y.numel() > 300:\n        w = torch.randn(y.shape, generator=g, dtype=torch.float64)\n        print(tuple(y.shape), (y.detach().double() * w).sum().item(), (x.grad.double() * torch.randn(x.shape, generator=g, dtype=torch.float64)).sum().item())\n    else:\n        print(tuple(y.shape), y.flatten().tolist(), x.grad.flatten().tolist())\n',
                          '(1, 2, 5, 3) [-0.15701113818046195, 0.4078791255797984, -0.3169232413821948, -0.6727122083344936, 0.22596256002167514, 0.15693640347850057, -1.446263813565541, -0.04691228831550981, 0.8677258707695438, -0.0049245236440623305, 0.30027277434787797, 0.8343819103054012, 0.9559683363035909, 0.5317294827901365, 0.8121526033293062, 0.1694474141069849, -1.7138573015516378, -0.10998801044871849, 0.12741521130885397, -0.822992501021568, -0.34652076549708904, 0.06436690711165755, 0.5133046997735377, -0.7013198980696449, 0.6601371081247648, 0.3846541628507778, -0.3391231638052512, 1.057317242133503, 0.2988871382356045, -0.09765867429565527] [-0.9071763735395272, 0.26255150955981227, 0.3143557907181268, -0.6481549677479527, -1.153793818035519, -0.4737766986528589, -0.039170346643792445, 1.0192379420098112, -0.5612635439192399, -0.7678671320638674, -0.5004356128852185, 0.7758940519740026, -0.28589253021159083, 0.2760349690398128, 0.8179867349965367, 2.423866299572024, -0.0024224163129766426, 0.4818739400290836, 0.438541676239703, -0.2190837352598791, -0.9504697094405772, 0.11342087102682782, 0.10724449156571078, -0.98135160674616]\n(1, 5, 3, 4) [-0.49112873769217513, 0.1473606265008349, 0.2968178401467215, -0.04275709675451555, -0.945643742073453, -0.09975705661611595, 0.2869556457742815, 0.21449436509773914, -1.400158746454731, -0.34687473973306676, 0.2770934514018415, 0.47174582694999384, -0.9229531593360172, -0.06638755630855316, 0.4743580997161561, 0.6992838087381107, -0.946647480865674, -0.9724149137384904, -0.4584804635251669, 0.5951558697742971, -0.9703418023953306, -1.8784422711684279, -1.3913190267664899, 0.4910279308104835, 1.167617423383812, 1.1474398875597163, 0.7586560161893109, 0.0012658092725961057, 0.5954719909300012, 0.6414303919182461, 0.6488144264057919, 0.6176240943926388, 0.02332655847619053, 0.13542089627677606, 0.5389728366222729, 1.2339823795126814, -1.2104524860836559, -0.326233452837084, 0.0033795644706724323, -0.22161343416038679, -1.8100460824598579, -0.7023675514052214, -0.3449552475075323, -0.7378091707667909, -2.40963967883606, -1.0785016499733588, -0.6932900594857371, -1.254004907373195, -0.49630314935261743, -0.45525399827483254, -0.7270029319721778, -1.3115499504446535, 0.32938921354895195, -0.42023660140552777, -0.6987261989659246, -0.5060795791322387, 1.1550815764505213, -0.385219204536223, -0.6704494659596716, 0.29939079218017617] [-0.33448485584615495, 0.03564902162433708, -0.8397719127403163, -1.335264580376381, -0.6406453517601172, -1.2179750990031506, 1.282593299178487, 1.7188785854039448, 0.6279147902231903, -0.5286368623466127, 1.0453700995969808, 0.44592874007704836, -0.5272100965232243, -1.0021463303328986, -0.7975328088732799, 1.7491395015455147, -0.4441312459970022, 0.276083334211796, 1.145106692476256, 0.9464058755914784, -0.6488071532856474, -1.6107835020453376, -1.5263768379138292, -1.335456821802375, -1.042263988591603, -2.140365826854262, -1.4849207657542398, 1.440189492400331, -0.535475271775445, -0.5514464682596846]\n(1, 9, 3, 2) [-1.3342170715332031, -0.6910833716392517, -0.9108188152313232, 0.3969646990299225, -0.48742061853408813, 1.4850127696990967, 0.7215860486030579, 0.17086714506149292, 0.45557159185409546, 0.24377644062042236, 0.18955713510513306, 0.3166857361793518, 0.37876737117767334, 0.1814320683479309, -0.14408725500106812, 0.3715249300003052, -0.6669418811798096, 0.5616177916526794, -1.1510061025619507, 0.30635976791381836, -0.733208179473877, -0.21156153082847595, -0.3154103457927704, -0.7294828295707703, 0.21188634634017944, -0.9792236089706421, 0.25244855880737305, -0.19386346638202667, 0.29301077127456665, 0.5914966464042664, -0.4947235584259033, -0.04365749657154083, -0.42634403705596924, -0.7647309303283691, -0.35796448588371277, -1.4858043193817139, 0.32918038964271545, 0.1267320066690445, 0.7243039011955261, -0.01281871646642685, 1.1194273233413696, -0.152369424700737, -0.7978278398513794, 0.08510047197341919, -1.015034794807434, -0.34750887751579285, -1.2322417497634888, -0.7801182270050049, 0.9684112071990967, -0.3173145055770874, 0.3067913055419922, -0.3272777497768402, -0.3548286557197571, -0.3372410237789154] [-0.11531977355480194, 0.2608931362628937, 0.897999107837677, 0.20006635785102844, 0.007611520122736692, -0.1772318035364151, -1.533228874206543, -0.4798004627227783, 0.09382752329111099, -0.5760852098464966, -0.5930748581886292, -1.2031394243240356, -0.5614970922470093, -0.5105406641960144, -0.9701249599456787, -1.0513663291931152, -0.7129839062690735, -1.08758544921875, 1.1851238012313843, 0.5348018407821655, 0.4192817509174347, 0.9026212096214294, 0.24413765966892242, -0.1702081561088562, 0.6710308790206909, 0.175995334982872, -0.1430448442697525, 1.1938865184783936, 0.4597361981868744, 0.18532206118106842, 0.021379470825195312, 0.083677738904953, 0.22965368628501892, 0.43614616990089417, -0.03501833230257034, -0.541201114654541, 0.8557463884353638, 0.21726559102535248, -0.20394955575466156, 1.1019670963287354, 0.08532474935054779, -0.845992922782898, 0.3526991605758667, 0.5336582064628601, 1.2482752799987793, 0.37685853242874146, -0.055650196969509125, -0.5438091158866882, 0.8405567407608032, 0.7962273359298706, 1.5481252670288086, 1.1332725286483765, 0.05605834722518921, -0.9650975465774536]\n(1, 1, 8, 8) [0.140379399061203, -0.27279752492904663, -0.21617841720581055, 1.249828577041626, 1.2994414567947388, -0.06733810901641846, -0.38223984837532043, -0.34651586413383484, 0.13775485754013062, 0.32785314321517944, 0.6322454214096069, 1.2795192003250122, 1.1834137439727783, 0.34392958879470825, -0.5649528503417969, -1.4969671964645386, 0.08335324376821518, 0.7716584205627441, 1.2812727689743042, 1.2548155784606934, 0.9627498984336853, 0.4050759971141815, -0.7161959409713745, -2.02533221244812, -0.1263795644044876, 0.744927167892456, 1.3321114778518677, 1.0669289827346802, 0.4281780421733856, -0.584141194820404, -0.7730289697647095, -0.6874397993087769, 0.013722679577767849, 0.6005348563194275, 0.8880596160888672, 0.2777221202850342, -0.33575230836868286, -0.9523639678955078, -0.594753086566925, 0.08759787678718567, 0.5036596059799194, 0.3384816646575928, -0.05088237300515175, -1.112804651260376, -1.3290411233901978, -0.699593186378479, -0.18136845529079437, 0.2997813820838928, 0.14846879243850708, -0.03214249387383461, -0.40100231766700745, -1.3346076011657715, -1.2623783349990845, -0.18431535363197327, -0.040841974318027496, -0.20889803767204285, -0.4884305000305176, -0.4389565587043762, -0.5548482537269592, -1.1668365001678467, -0.8423988223075867, 0.41846415400505066, 0.008731863461434841, -0.9578642845153809] [0.9130716323852539, 0.7836431860923767, -1.1120164394378662, 1.0114825963974, -0.9725356101989746, 0.25837528705596924, 0.3204733729362488, -2.6167478561401367, 1.4853942394256592, -0.11885421723127365, 2.307100534439087, 0.27860748767852783, -0.5044869184494019, 0.3587839603424072, 1.5169323682785034, 0.9168930053710938, -0.8020601868629456, 0.6523206233978271, -0.6228410005569458, -0.08697790652513504, -1.096705436706543, 0.07077790051698685, 0.7248585820198059, 0.9148746132850647, 1.6182551383972168]\n(1, 17, 1, 4) [0.03363455157709236, 0.4006915420466258, 0.6485141229241004, 0.17157648455586438, 0.3561705556415276, 0.347469720645687, 0.3284318544004127, 0.2870837294026782, -0.23989513149856692, -0.21114046815673596, -0.3350783771366097, -0.9458486664234292, 1.2828444759602213, 0.5597937750356603, -0.09933523697204871, 0.15635151869535893, -0.13338614497761325, 0.3421280976734632, 0.7793158458216787, 0.6260098678102342, 0.09330701719298123, 0.16029491717527897, 0.17344290729022527, -0.04191673217918071, 0.2368163821286039, 0.4386091965776927, 0.5374541327766587, 0.12566261977616616, 1.228158799668623, 0.7940441494461966, 0.46069205320346435, 0.8637422691222414, -1.2010920916909487, -0.5996616038044973, -0.0953236547419228, -0.48369381003743045, 0.10631537698902085, 0.29634234137065985, 0.37380690313846754, -0.07644270731685841, 1.4336267746116285, 0.43512982501268194, -0.29171975504693937, 0.794869723110363, 0.477572567221185, 0.4921321996348067, 0.44762896680962827, 0.2113775058544275, 0.11799852813194064, -0.04462280739587733, -0.21216196890462344, -0.23183327282833566, 1.0236283180283112, 0.5054955827562861, 0.0496293928097629, 0.29869557411177006, 1.2081933756446697, 0.5859018242507212, -0.1257477422084873, -0.48317980246952763, -0.035830620341543495, -0.2740482348932056, -0.44288223959091744, -0.16534780017511583, -1.4379844677358666, -0.7376099786922399, 0.19435743497066243, 1.1207291334477658] [0.04098018281655358, -0.18812494345725211, 0.5862853363122773, 0.04098018281655358, -0.18812494345725211, 0.5862853363122773, 0.0, 0.0, 0.0, 0.540179486388914, -0.43560420092841323, -0.05040600736580702, 0.540179486388914, -0.43560420092841323, -0.05040600736580702, 0.0, 0.0, 0.0, 0.874720280060351, 0.6179337348690239, 0.3305089339336973, 0.874720280060351, 0.6179337348690239, 0.3305089339336973, 0.0, 0.0, 0.0, 0.6304607495040033, -0.4072722374216625, 0.16590742378051157, 0.6304607495040033, -0.4072722374216625, 0.16590742378051157, 0.0, 0.0, 0.0, 0.0320633760410963, -0.05436472556461588, -0.21342437229417766, 0.0320633760410963, -0.05436472556461588, -0.21342437229417766, 0.0, 0.0, 0.0, 0.7318743158626592, 0.8326916752047725, -0.13192089210674227, 0.7318743158626592, 0.8326916752047725, -0.13192089210674227, 0.0, 0.0, 0.0, -0.10815722038449185, -0.31521204568578126, 0.08518932132919999, -0.10815722038449185, -0.31521204568578126, 0.08518932132919999, 0.0, 0.0, 0.0, -0.1814555669079734, 0.0873063020395543, 0.2864764530739779, -0.1814555669079734, 0.0873063020395543, 0.2864764530739779, 0.0, 0.0, 0.0, 0.33706595824208097, -1.1271262003712132, -0.4629071479112553, 0.33706595824208097, -1.1271262003712132, -0.4629071479112553, 0.0, 0.0, 0.0, -0.3507660596707538, -0.5829122454585278, 0.07414808117265625, -0.3507660596707538, -0.5829122454585278, 0.07414808117265625, 0.0, 0.0, 0.0, -0.0311193498026337, -0.1920794883617732, -0.48573226814712195, -0.0311193498026337, -0.1920794883617732, -0.48573226814712195, 0.0, 0.0, 0.0, -0.31788814074246996, 0.5332580801322061, 0.4640771186937295, -0.31788814074246996, 0.5332580801322061, 0.4640771186937295, 0.0, 0.0, 0.0, -0.07887208283713859, 0.21265628118255311, -0.35173980819795525, -0.07887208283713859, 0.21265628118255311, -0.35173980819795525, 0.0, 0.0, 0.0, 0.19417837660535237, -0.13127094179308404, 0.004284430168411639, 0.19417837660535237, -0.13127094179308404, 0.004284430168411639, 0.0, 0.0, 0.0, 0.16024850070190022, 0.09205805619283326, 0.4095300539204944, 0.16024850070190022, 0.09205805619283326, 0.4095300539204944, 0.0, 0.0, 0.0, -0.04875660312325969, 0.008811903724015238, -0.07630886688306741, -0.04875660312325969, 0.008811903724015238, -0.07630886688306741, 0.0, 0.0, 0.0, -0.10768183551564003, 0.1942963262967224, 0.14257535977154134, -0.10768183551564003, 0.1942963262967224, 0.14257535977154134, 0.0, 0.0, 0.0]\n(1, 3, 64, 64) -25.82932596815822 129.29845252518453\n')


def test_small_bilinear_outputs_are_rounded_as_pytorchs_channels_last_loop():
    from test_autograd_parity4 import run
    source, expected = BILINEAR_CHANNELS_LAST
    assert run(source) == expected


# bicubic: Keys' coefficients with the last step of each polynomial unfused, each axis's
# four taps added t0 w0 + t1 w1 first (fused) then one by one, as PyTorch 2.13 printed them
BICUBIC = ('F = torch.nn.functional\ng = torch.Generator().manual_seed(5)\ncases = [((1, 2, 3, 4), torch.float64, dict(size=(5, 3))), ((1, 1, 4, 4), torch.float64, dict(size=(3, 7), align_corners=True)),\n         ((2, 2, 3, 5), torch.float32, dict(size=(4, 7))), ((1, 1, 5, 5), torch.float32, dict(scale_factor=1.7)),\n         ((1, 2, 6, 3), torch.float32, dict(scale_factor=(0.6, 2.5), align_corners=True))]\nfor shape, dt, kw in cases:\n    x = torch.randn(*shape, generator=g, dtype=dt).requires_grad_()\n    y = F.interpolate(x, mode="bicubic", **kw)\n    print(tuple(y.shape), y.flatten().tolist())\nx = torch.randn(1, 3, 30, 30, generator=g)\ny = F.interpolate(x, size=(70, 90), mode="bicubic")\nprint((y.double() * torch.randn(y.shape, generator=g, dtype=torch.float64)).sum().item())\n',
           '(1, 2, 5, 3) [0.6288293622002872, -0.9973353118518068, -0.41718406199359664, 0.5147144287268032, -0.10262584957883476, -0.5262554165250191, 0.257456527898514, 0.8739454053855729, -0.49589106205553984, -0.19096679705426226, 0.41597800741172475, 0.13060641655343222, -0.5019113153670347, -0.1663560322295069, 0.6353313898397119, -1.055803810254457, -0.5396838836734521, -2.1104841731098407, 0.2410572911903134, -0.3536559768983485, -1.0849385322440188, 1.6848636424607617, -0.12224668869276438, 0.12409492288570904, 1.129093511079757, -0.10914804026913888, -0.05841884943967961, 0.36713141927599613, -0.14789923667694066, -0.46565146499060667]\n(1, 1, 3, 7) [-1.3975462072520233, -0.21490027389894392, 0.748307905555152, 0.21805800986820956, -0.42202678190609294, 0.24828834131504285, 1.138041218435162, -0.4499397657528023, 0.20866686311580446, 0.5797177117424069, -0.23129254247076464, -0.9539131162149496, -0.34715645300438264, 0.5471559904481887, -0.8494667029268204, 0.22858197671233854, 1.149780023874274, 0.9564743551634185, 0.31324331732908156, 0.03464038016173268, -0.08711192452839261]\n(2, 2, 4, 7) [-0.1976800113916397, -0.27548930048942566, 0.2917807400226593, 1.090724229812622, -0.32526272535324097, -0.671497106552124, 0.02537878230214119, 1.0348235368728638, -0.5265712738037109, -1.4760057926177979, -0.6952961683273315, -0.5668913722038269, 0.27117660641670227, 1.16066575050354, 0.3418117165565491, -0.08872298896312714, -0.7014710307121277, -0.9610729813575745, -0.4248979687690735, 0.10906364768743515, 0.28485727310180664, -1.777286171913147, 0.722513735294342, 2.0572054386138916, 0.48492980003356934, -0.001612266292795539, -1.0410069227218628, -1.9708824157714844, -0.06044095754623413, 0.09501039236783981, 0.5826497673988342, 1.0487372875213623, 0.545244574546814, 0.19785861670970917, 0.22211898863315582, 0.6073617339134216, 1.0611193180084229, 1.032567024230957, 0.18827487528324127, -0.8990502953529358, -0.8660821914672852, -0.15249522030353546, 0.7330110669136047, 0.8454267382621765, 0.6209923028945923, -0.00040631135925650597, -0.7611342668533325, -0.8092506527900696, -0.39542824029922485, 0.22595590353012085, -0.3966251015663147, -0.3554670512676239, 0.6186694502830505, 0.8596014380455017, 0.32739678025245667, -0.33160677552223206, 0.1878189742565155, 2.195828914642334, 1.8802834749221802, -1.3559743165969849, -0.4648573696613312, -0.06269239634275436, -0.5623703002929688, 0.947399914264679, 0.6805288195610046, 0.2821386754512787, -0.010049684904515743, -0.32471343874931335, -0.4228499233722687, -0.34732210636138916, 0.683139979839325, -0.9755226969718933, -1.0320608615875244, 1.0993086099624634, 0.035603538155555725, -0.179608553647995, 0.531970739364624, -0.41451799869537354, -1.57886803150177, -1.115217924118042, 1.1726253032684326, 0.356425940990448, 0.49173620343208313, 1.4418330192565918, 1.1311384439468384, 0.21240173280239105, -0.37067583203315735, -0.029116768389940262, -0.39845535159111023, -0.5212751626968384, -0.37702542543411255, -0.05906450375914574, 0.02962714061141014, 0.3075246214866638, 0.5844278931617737, 0.3915775716304779, 0.13739542663097382, 0.02470393106341362, -0.5362424254417419, -0.006601959466934204, 0.48122701048851013, 0.47490933537483215, 0.42249104380607605, 0.08707785606384277, -0.23638209700584412, 0.04348984360694885, 0.1298234462738037, 0.025250183418393135, -0.27874624729156494, -0.3279931843280792, -0.6359658241271973, -0.9721280932426453]\n(1, 1, 8, 8) [-1.5347553491592407, -1.0554754734039307, -0.41896602511405945, -0.43493425846099854, -0.10400781780481339, 0.9641493558883667, 1.3551151752471924, 0.9098151326179504, -1.816978931427002, -1.0972639322280884, -0.18748614192008972, -0.23845309019088745, -0.3136783242225647, 0.15487289428710938, 0.4164280295372009, 0.33580610156059265, -1.8760966062545776, -0.8690489530563354, 0.31251516938209534, -0.03668341413140297, -0.7729510068893433, -0.9321749806404114, -0.7334902286529541, -0.34299153089523315, -0.3731061518192291, 0.5562009811401367, 1.3768105506896973, -0.2248690277338028, -1.7343324422836304, -1.3571776151657104, -0.5895180702209473, 0.040380775928497314, 0.39608147740364075, 1.2196547985076904, 1.7784500122070312, -0.5037119388580322, -2.207144260406494, -1.0750257968902588, -0.16419410705566406, -0.03667404502630234, -0.9294695854187012, 0.04172900319099426, 0.9445870518684387, -0.6504514217376709, -1.7539525032043457, -0.38065606355667114, -0.24560661613941193, -1.3379569053649902, -1.3620043992996216, -0.633537769317627, 0.19216062128543854, -0.29157665371894836, -0.6742294430732727, 0.06032021716237068, -0.3822369873523712, -1.6352689266204834, -0.7085520625114441, -0.4338952600955963, -0.026906725019216537, 0.30578839778900146, 0.31750136613845825, 0.012498408555984497, -0.48084571957588196, -0.8496331572532654]\n(1, 2, 3, 7) [2.8549177646636963, 1.831443428993225, 0.6328215003013611, -0.2977646291255951, -0.472606897354126, -0.09103827178478241, 0.259566068649292, 0.5878304839134216, 0.2647142708301544, -0.12124888598918915, -0.5434118509292603, -0.8561930060386658, -1.0134495496749878, -1.137690544128418, 0.1800166666507721, -0.47457727789878845, -1.231627345085144, -1.6641976833343506, -1.4497321844100952, -0.8538899421691895, -0.3320557177066803, 0.9640906453132629, 1.2446520328521729, 1.5438446998596191, 1.2994678020477295, 0.34518367052078247, -0.8399761915206909, -1.8501567840576172, 0.12270946055650711, 0.48316118121147156, 0.8955717086791992, 1.0579718351364136, 0.787792444229126, 0.29571929574012756, -0.1303369253873825, 0.14407190680503845, -0.11290846019983292, -0.413962185382843, -0.6492465734481812, -0.6964114904403687, -0.6041247248649597, -0.519070029258728]\n245.34156077216818\n')


def test_bicubic_outputs_are_rounded_as_pytorchs():
    from test_autograd_parity4 import run
    source, expected = BICUBIC
    assert run(source) == expected
