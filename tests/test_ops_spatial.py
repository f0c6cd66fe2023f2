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


# bicubic: Keys' coefficients with the last step of each polynomial unfused, each axis's
# four taps added t0 w0 + t1 w1 first (fused) then one by one; the backward's own loop with
# every step rounded: values and gradients as PyTorch 2.13 printed them
BICUBIC = ('F = torch.nn.functional\ng = torch.Generator().manual_seed(5)\ncases = [((1, 2, 3, 4), torch.float64, dict(size=(5, 3))), ((1, 1, 4, 4), torch.float64, dict(size=(3, 7), align_corners=True)),\n         ((2, 2, 3, 5), torch.float32, dict(size=(4, 7))), ((1, 1, 5, 5), torch.float32, dict(scale_factor=1.7)),\n         ((1, 2, 6, 3), torch.float32, dict(scale_factor=(0.6, 2.5), align_corners=True))]\nfor shape, dt, kw in cases:\n    x = torch.randn(*shape, generator=g, dtype=dt).requires_grad_()\n    y = F.interpolate(x, mode="bicubic", **kw)\n    y.backward(torch.randn(y.shape, generator=g, dtype=dt))\n    print(tuple(y.shape), y.flatten().tolist(), x.grad.flatten().tolist())\nx = torch.randn(1, 3, 30, 30, generator=g).requires_grad_()\ny = F.interpolate(x, size=(70, 90), mode="bicubic")\ny.backward(torch.randn(y.shape, generator=g))\nprint((y.double() * torch.randn(y.shape, generator=g, dtype=torch.float64)).sum().item(), (x.grad.double() * torch.randn(x.shape, generator=g, dtype=torch.float64)).sum().item())\n',
           '(1, 2, 5, 3) [0.6288293622002872, -0.9973353118518068, -0.41718406199359664, 0.5147144287268032, -0.10262584957883476, -0.5262554165250191, 0.257456527898514, 0.8739454053855729, -0.49589106205553984, -0.19096679705426226, 0.41597800741172475, 0.13060641655343222, -0.5019113153670347, -0.1663560322295069, 0.6353313898397119, -1.055803810254457, -0.5396838836734521, -2.1104841731098407, 0.2410572911903134, -0.3536559768983485, -1.0849385322440188, 1.6848636424607617, -0.12224668869276438, 0.12409492288570904, 1.129093511079757, -0.10914804026913888, -0.05841884943967961, 0.36713141927599613, -0.14789923667694066, -0.46565146499060667] [-0.8094165685515713, 0.08989267882409012, 0.18774962475278822, -0.33919488032275924, 1.1409431512889376, -0.7742249752737326, -0.9004588298042564, 0.5343648892591442, -0.407304974348644, 0.08620746947801669, 0.6283879705632972, 2.1979779529442527, -0.7194579148873484, -0.7081219147404205, -0.6510404072969422, -0.4451701518472542, 0.3252016822298888, -0.11931825691927185, -0.4930274493046811, -1.4705437876740193, 0.18511537416835852, -0.2691184560394075, -0.11274850784943202, 0.9365034368994053]\n(1, 1, 3, 7) [0.2766524780871479, -0.03996940775347601, -0.5217990457079185, -1.1748404581567715, -1.4029070569816173, -0.7514705252720405, 0.0651737585513548, 0.33127427283547217, -0.5295761199559748, -1.136240942821931, -0.4982529096049298, 0.21941543011401668, -0.17476857541341947, -0.8231381508663459, -1.487338561461045, -0.7590412671334406, -0.10899426859215462, -0.39467501053082743, -0.5263291794525201, 0.5344553471340462, 1.673490169506931] [1.1427424168251865, -1.8594072829941666, -0.18186396909803512, -0.0807218531953835, 0.4218115660579793, 0.8540568837861279, -0.3798991861608152, 0.23317307629943518, 0.4218115660579793, 0.8540568837861279, -0.3798991861608152, 0.23317307629943518, 0.9148489000792458, -2.141387157659887, 1.4119713872638635, 0.2548526665172998]\n(2, 2, 4, 7) [0.1887345016002655, -0.8357869982719421, -1.2642284631729126, -0.5352762937545776, -1.192093014717102, -0.19149747490882874, 1.4309123754501343, -0.2806992530822754, 0.22761210799217224, 0.3610554337501526, -0.16808107495307922, -0.14270541071891785, -0.6785380840301514, -1.3347166776657104, 0.27607476711273193, 0.41177898645401, 0.40612491965293884, 0.1870802789926529, 0.18395276367664337, -0.35579442977905273, -0.9691131114959717, 1.457809329032898, -0.41600891947746277, -1.1614999771118164, 0.27425551414489746, -0.44752952456474304, 0.5441436171531677, 2.2642457485198975, -0.38891294598579407, -1.0265377759933472, -0.8241097331047058, 0.3538380563259125, 0.09541584551334381, -0.5272144675254822, -0.9139188528060913, 1.3329336643218994, 0.3091059923171997, 0.1401456743478775, 1.1534920930862427, -0.07360316812992096, -0.6225903034210205, -0.27484527230262756, 1.3948650360107422, 0.4268455505371094, 0.014040968380868435, 0.6544716954231262, 0.05134015530347824, -0.33482974767684937, -0.2847854197025299, -0.24775071442127228, -0.758169949054718, -1.1115446090698242, -0.7835969924926758, 0.38020357489585876, 0.12868830561637878, -0.9365758299827576, -0.05183353275060654, -0.23854294419288635, -1.2149088382720947, -2.3195595741271973, -1.0765902996063232, -1.2796550989151, -2.498143434524536, -0.8538001179695129, -0.4482642114162445, 0.2095043808221817, 0.6419124603271484, 0.6358540654182434, -0.15705910325050354, -0.9706373810768127, -0.4212997257709503, 0.3731602728366852, 1.026165246963501, 0.9269390106201172, 1.0068031549453735, 0.9343981742858887, 0.8023537397384644, 0.933979868888855, 1.6337590217590332, 0.6465352773666382, -1.6698883771896362, -0.23107267916202545, 1.2081419229507446, 1.543097972869873, 1.0827847719192505, -0.5333376526832581, -1.051918864250183, 0.3210729956626892, -0.5235114693641663, -0.7333134412765503, -0.2515799403190613, -1.3014519214630127, -0.592659056186676, 0.01417527161538601, -0.0960545465350151, -0.5038033127784729, -0.3410618305206299, 0.12442846596240997, -2.910818099975586, -0.9229310154914856, 0.36975815892219543, -0.43266621232032776, -0.36587950587272644, -0.4772326350212097, -0.6983337998390198, -2.5855002403259277, -1.2861381769180298, -0.24142619967460632, -0.4461778998374939, -0.20913688838481903, -1.0436922311782837, -2.1269311904907227] [0.3681222200393677, 2.8206875324249268, 1.153504490852356, -0.7262713313102722, 0.709847629070282, -0.06128954142332077, -1.3510609865188599, -1.6711761951446533, 2.406149387359619, -0.9519809484481812, -1.636839747428894, 0.2970150113105774, 0.9654918313026428, -0.09139326959848404, -0.2687230110168457, -0.09774570167064667, 0.38175535202026367, 0.9346744418144226, 1.758103370666504, 1.8039822578430176, -0.2243170142173767, 0.8917717337608337, 1.981250524520874, 1.4438674449920654, 0.5986586809158325, -1.2852171659469604, -0.5434236526489258, -1.0960034132003784, 0.20223531126976013, 2.4326415061950684, 0.015846654772758484, -0.021368829533457756, -0.5204841494560242, 0.025878462940454483, 0.16051070392131805, -0.294508695602417, -1.889252781867981, -1.4327313899993896, 0.391229510307312, 1.472707986831665, -1.014334797859192, -1.6305253505706787, 0.9866641759872437, 1.0504459142684937, 2.5869078636169434, -0.2523237466812134, -1.020331621170044, -0.7143225073814392, 2.568141222000122, -0.5111183524131775, 0.5586576461791992, -1.31813645362854, -0.06680356711149216, 0.3679037392139435, 0.7650771141052246, 1.95791494846344, 1.3859463930130005, 0.30739182233810425, -0.2505515217781067, 1.064178228378296]\n(1, 1, 8, 8) [0.4935668706893921, 0.7347131371498108, 0.9586678743362427, 0.6404387950897217, 0.18532389402389526, 0.0013815785059705377, -0.049056340008974075, 0.04097246378660202, 0.4126298725605011, 0.3388046324253082, 0.13869024813175201, -0.41782620549201965, -0.6157039999961853, -0.11062562465667725, 0.25007620453834534, 0.259598046541214, 0.2394949048757553, -0.2370215207338333, -0.9375184774398804, -1.6038222312927246, -1.3310372829437256, 0.03337617963552475, 0.668773353099823, 0.2695223391056061, -0.18603576719760895, -0.6885443925857544, -1.216115951538086, -0.9453129768371582, 0.08058647066354752, 1.4611414670944214, 0.9758826494216919, -0.8882321119308472, -0.17041181027889252, -0.605911135673523, -0.9326313734054565, -0.06264428049325943, 1.2155287265777588, 2.2175464630126953, 0.7585301995277405, -2.032390832901001, 0.5968670845031738, 0.0545475110411644, -0.5332038998603821, -0.18223698437213898, 0.5563808083534241, 1.2575091123580933, -0.03128089755773544, -2.340508222579956, 0.6145063638687134, 0.38702961802482605, -0.0036641410551965237, -0.5617913603782654, -0.6454001665115356, 0.07820797711610794, -0.15267011523246765, -1.1148117780685425, -0.05813826248049736, 0.22441522777080536, 0.332103967666626, -0.9330755472183228, -1.5979092121124268, -0.5786057710647583, 0.4001461863517761, 0.743363082408905] [0.030895749107003212, -1.0980770587921143, 1.0781279802322388, 0.7669259309768677, 0.2933698296546936, 0.7175117135047913, -0.03701087087392807, -0.41285499930381775, 1.192610263824463, 0.6752158403396606, -2.1439595222473145, 0.41078823804855347, 0.7622363567352295, 3.020157814025879, -0.36553582549095154, 5.036981105804443, 0.4983954429626465, -0.36641907691955566, -0.03996005654335022, -0.05362090468406677, 0.5614901781082153, -0.8638424277305603, -0.10647609084844589, -0.39089685678482056, -0.5016637444496155]\n(1, 2, 3, 7) [0.1324777454137802, -0.4869835078716278, -1.185990571975708, -1.2993665933609009, -0.5025230646133423, 0.7016566395759583, 1.7371408939361572, 0.24064862728118896, 0.10792353749275208, -0.04958965629339218, -0.2055368274450302, -0.2989766001701355, -0.3257928490638733, -0.34486842155456543, 0.14635291695594788, 0.005969117395579815, -0.15318557620048523, -0.1915285587310791, -0.036327511072158813, 0.2092008888721466, 0.4207155406475067, 1.7024338245391846, 1.7258435487747192, 1.7250274419784546, 1.2663711309432983, 0.3073522448539734, -0.739677906036377, -1.6260199546813965, -0.3981489837169647, -0.10942329466342926, 0.22724080085754395, 0.4647461175918579, 0.4638736844062805, 0.30211177468299866, 0.15742358565330505, 0.7151362299919128, 0.7149277329444885, 0.7062458395957947, 0.5626128315925598, 0.2747530937194824, -0.035494107753038406, -0.2979333698749542] [0.6976767778396606, -2.88339900970459, 0.5057362914085388, -0.0606825016438961, 0.02778209000825882, 0.01608181744813919, 0.38432252407073975, -0.1759532392024994, -0.10185158252716064, 0.38432252407073975, -0.1759532392024994, -0.10185158252716064, -0.0606825016438961, 0.02778209000825882, 0.01608181744813919, -1.885198712348938, -0.5994976758956909, -1.0560407638549805, 0.49566221237182617, 1.272485613822937, 1.912325382232666, -0.09719941020011902, 0.0011711884289979935, -0.09817812591791153, 0.6155961751937866, -0.007417555898427963, 0.6217948198318481, 0.6155961751937866, -0.007417555898427963, 0.6217948198318481, -0.09719941020011902, 0.0011711884289979935, -0.09817812591791153, -1.3171789646148682, -1.8301371335983276, 0.29707443714141846]\n11.146731503696994 202.03498685807534\n')


# affine_grid: its base grid from torch.linspace's own kernel (pulled in by (n-1)/n), the
# grid and theta's gradient ATen's bmm (MKL's on an Intel Xeon past 400 products), as
# torch 2.13 printed them
AFFINE_GRID = ('F = torch.nn.functional\ng = torch.Generator().manual_seed(9)\nfor n, h, w, ac, dt in ((2, 3, 4, False, torch.float32), (1, 5, 7, True, torch.float32), (2, 6, 5, False, torch.float64), (1, 19, 15, False, torch.float32)):\n    th = torch.randn(n, 2, 3, generator=g, dtype=dt).requires_grad_()\n    grid = F.affine_grid(th, [n, 3, h, w], align_corners=ac)\n    grid.backward(torch.randn(grid.shape, generator=g, dtype=dt))\n    print(grid.flatten().tolist()[::5], th.grad.flatten().tolist())\nprint(F.affine_grid(torch.tensor([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]]), [1, 1, 3, 4], align_corners=False)[0, :, :, 0].tolist())\n',
               '[-1.5387359857559204, -0.42256641387939453, -0.24221277236938477, 0.6290831565856934, 1.0543103218078613, -0.5952389240264893, 0.8373447060585022, -0.5660563707351685, 0.657228410243988, -0.5368738770484924] [-0.039858728647232056, -0.9248496890068054, -0.5591245889663696, -1.8467605113983154, 1.717523217201233, -5.247088432312012, 2.4661035537719727, 2.94861102104187, -6.3528547286987305, 0.8981789350509644, 1.4462542533874512, 1.2984559535980225]\n[-4.018174648284912, 1.312079906463623, -0.14387506246566772, 0.7876126766204834, -1.2679212093353271, 1.193501353263855, -2.391967296600342, 0.6690340638160706, 1.4823322296142578, 0.14456677436828613, 0.3582858443260193, 0.5504554510116577, -0.7657601833343506, 0.02598816156387329] [-2.9781875610351562, -5.9326653480529785, 4.586116313934326, 2.2329227924346924, 1.8072999715805054, -0.6053380370140076]\n[-1.4654244008619937, -0.4193697432360205, -1.1550501929798926, -0.3468023610051644, -0.8446759850977916, -0.27423497877430836, -0.5343017772156907, -0.2016675965434523, -0.22392756933358968, -0.12910021431259625, 0.08644663854851131, -0.056532832081740175, 0.25574289932866723, -0.7456480695864091, 0.2663140965950898, -0.7294278550935607, 0.2768852938615124, -0.7132076406007122, 0.2874564911279349, -0.6969874261078637, 0.2980276883943575, -0.6807672116150152, 0.3085988856607801, -0.6645469971221668] [-0.11861477207639237, -0.5238496171198153, 4.886171007194548, -0.3740078308630863, 2.0881551876217803, -4.489122423711117, 4.0386630329827895, -6.375305467960451, 3.3823606998824474, 1.7953064693912681, 6.632924752606054, 4.332564159068748]\n[1.9945284128189087, 1.5395934581756592, 1.3094595670700073, 1.787203073501587, 0.624390721321106, 2.0348126888275146, 1.9245884418487549, 1.5376532077789307, 1.2395195960998535, 1.7852628231048584, 0.5544508099555969, 2.032872438430786, 1.8546485900878906, 1.5357129573822021, 1.1695796251296997, 1.7833226919174194, 0.4845108389854431, 2.0309324264526367, 1.7847086191177368, 1.5337727069854736, 1.0996397733688354, 1.781382441520691, 0.4145708978176117, 2.028992176055908, 1.714768648147583, 1.5318325757980347, 1.0296998023986816, 1.7794421911239624, 0.34463098645210266, 2.0270519256591797, 1.6448286771774292, 1.5298923254013062, 0.9597598314285278, 1.7775019407272339, 0.27469104528427124, 2.025111675262451, 1.574888825416565, 1.5279520750045776, 0.8898199200630188, 1.7755616903305054, 0.20475108921527863, 2.0231714248657227, 1.5049488544464111, 1.5260118246078491, 0.8198800086975098, 1.7736214399337769, 0.1348111629486084, 2.021231174468994, 1.4350088834762573, 1.5240715742111206, 0.749940037727356, 1.771681308746338, 0.06487122178077698, 2.0192909240722656, 1.3650689125061035, 1.5221314430236816, 0.6800000667572021, 1.7697410583496094, -0.005068719387054443, 2.017350673675537, 1.2951290607452393, 1.5201911926269531, 0.6100601553916931, 1.7678008079528809, -0.07500866055488586, 2.0154104232788086, 1.2251890897750854, 1.5182509422302246, 0.5401202440261841, 1.7658605575561523, -0.1449485719203949, 2.01347017288208, 1.1552491188049316, 1.516310691833496, 0.4701802730560303, 1.7639203071594238, -0.2148885428905487, 2.0115299224853516, 1.0853091478347778, 1.5143704414367676, 0.40024033188819885, 1.7619801759719849, -0.28482845425605774, 2.009589910507202, 1.015369176864624, 1.512430191040039, 0.33030039072036743, 1.7600399255752563, -0.35476842522621155, 2.0076496601104736, 0.9454293251037598, 1.5104900598526, 0.2603604793548584, 1.7580996751785278, -0.4247083365917206, 2.005709409713745, 0.875489354133606, 1.5085498094558716, 0.19042052328586578, 1.7561594247817993, -0.4946483075618744, 2.0037691593170166, 0.8055493831634521, 1.506609559059143, 0.12048056721687317, 1.7542191743850708, -0.564588189125061, 2.001828908920288, 0.7356094717979431, 1.5046693086624146, 0.05054062604904175, 1.7522790431976318, -0.6345281600952148, 1.9998886585235596] [-5.314817905426025, 2.215128183364868, -15.465479850769043, -0.5330950021743774, -3.4875760078430176, 26.778627395629883]\n[[-0.75, -0.2499999850988388, 0.2499999850988388, 0.75], [-0.75, -0.2499999850988388, 0.2499999850988388, 0.75], [-0.75, -0.2499999850988388, 0.2499999850988388, 0.75]]\n')


# grid_sample (bilinear): positions unnormalised with one fused step, the four corners added
# fused (ne onto nw first), the input's gradient scattered 256 bits of positions at a time
# (nw, ne, sw, se in turn), the grid's with fused sums over the channels; zeros, border and
# reflection padding, float32 and float64, as torch 2.13 printed them
GRID_SAMPLE = ('F = torch.nn.functional\ng = torch.Generator().manual_seed(12)\nfor n, c, h, w, ho, wo, pad, ac, dt in ((1, 2, 4, 5, 3, 6, "zeros", False, torch.float32), (2, 3, 5, 4, 4, 4, "border", True, torch.float32),\n                                       (1, 9, 3, 3, 5, 2, "reflection", False, torch.float32), (2, 2, 4, 4, 3, 3, "zeros", True, torch.float64)):\n    x = torch.randn(n, c, h, w, generator=g, dtype=dt).requires_grad_()\n    grid = (torch.rand(n, ho, wo, 2, generator=g, dtype=dt) * 2.6 - 1.3).requires_grad_()\n    y = F.grid_sample(x, grid, padding_mode=pad, align_corners=ac)\n    y.backward(torch.randn(y.shape, generator=g, dtype=dt))\n    print(y.flatten().tolist()[::3], x.grad.flatten().tolist()[::4], grid.grad.flatten().tolist())\n',
               '[0.0691942423582077, -0.5226243138313293, -0.2373812347650528, 0.7977553606033325, 0.00961674377322197, -0.18874305486679077, -0.005917997565120459, 0.1668025106191635, -0.13368630409240723, 1.150119423866272, 0.08436929434537888, -0.44629865884780884] [-0.2668367922306061, -0.5047541260719299, -0.1272810995578766, 0.43930521607398987, -1.8825703859329224, -0.1490861028432846, 1.3787280321121216, -0.04623033106327057, -0.559565544128418, -0.9889035224914551] [-0.3047688901424408, 0.7242578864097595, -0.1866111308336258, -1.8782062530517578, -0.5421797037124634, 0.8292624950408936, -0.8568603992462158, 0.10832474380731583, -0.34344786405563354, 1.0576539039611816, -0.9612648487091064, 3.228821039199829, -1.0286201238632202, 1.782307505607605, -0.5786871910095215, 0.054423995316028595, -0.2521848976612091, 0.042978692799806595, 2.85477876663208, 1.9335793256759644, -0.03455273434519768, 0.1099410206079483, 2.7601518630981445, 6.86576509475708, 0.8213006854057312, 0.09260252118110657, -8.097100257873535, 1.4660403728485107, 0.42988869547843933, -1.4539928436279297, -1.4240155220031738, -4.895505428314209, 4.367013931274414, -1.9158504009246826, 0.07451533526182175, -0.5251250863075256]\n[0.4507497251033783, 0.3880872130393982, 1.5425965785980225, -1.3539173603057861, 0.4819130599498749, -0.29932472109794617, -0.5472061634063721, 1.0692906379699707, 0.1051359474658966, -0.09221699088811874, 0.08734875172376633, -1.658351182937622, -0.7949849963188171, -0.6693477034568787, -0.7176451086997986, -0.7326387763023376, -1.6011614799499512, -0.5675866603851318, 0.9638261795043945, -1.1968845129013062, -1.5685847997665405, 1.7512154579162598, 0.32763031125068665, -0.4602755904197693, 0.44156932830810547, -0.5990530848503113, -0.16772979497909546, -2.409327983856201, -0.9376130700111389, -1.2677927017211914, 0.10235042124986649, -1.6630113124847412] [0.6778867244720459, 0.21063141524791718, 1.5240049362182617, 0.63094562292099, 0.08309450000524521, -0.16681134700775146, -0.3682800233364105, -2.5778207778930664, -0.4446074366569519, -0.12404835224151611, -0.28419795632362366, -0.26903483271598816, -2.351311206817627, -0.6780979037284851, 0.09469939768314362, 0.09331901371479034, 0.4515819549560547, 2.62819766998291, 1.0437804460525513, 0.49187183380126953, -0.47197040915489197, -1.3973983526229858, -0.41715341806411743, 0.30846747756004333, 0.6748481392860413, 0.1392049789428711, 0.07523874938488007, -1.0863399505615234, -1.4860695600509644, -0.6954027414321899] [-0.0, 2.5604701042175293, -1.6637966632843018, -1.839287281036377, -2.4213602542877197, 0.040372271090745926, 0.5452168583869934, 4.258633613586426, -0.0, 4.639590263366699, -0.0, 3.2214112281799316, 2.0037648677825928, -0.8499937653541565, 0.011104819364845753, 1.8013701438903809, 5.611566543579102, 4.8747429847717285, -0.0, -3.08634352684021, -6.873746871948242, 2.1286203861236572, 3.5511069297790527, 4.653032302856445, -1.7992773056030273, -0.0, -3.540989398956299, 2.2668888568878174, 0.6530702114105225, 1.0636773109436035, -0.8030471801757812, -1.704428791999817, 1.7740144729614258, 2.194740056991577, -0.0, -3.702054500579834, 0.4022414982318878, -0.0, -0.0, -3.002307891845703, 0.0, 0.0, -6.631137371063232, 5.679919242858887, 0.6828208565711975, -0.964383065700531, -0.0, 4.918531894683838, 0.0, 4.66725492477417, 3.6442480087280273, 0.0, -0.0, -0.0, 4.8472747802734375, -1.4426432847976685, 2.0850987434387207, -12.47986125946045, 1.7295539379119873, 0.6530446410179138, 6.558501243591309, 3.9641685485839844, 4.084983825683594, 0.0]\n[0.2890528738498688, 0.703948438167572, 0.3367036283016205, 0.03454175963997841, 1.0963056087493896, 2.1724531650543213, -0.23564228415489197, -0.8546050786972046, -0.5141896605491638, -0.8659654855728149, -0.22320902347564697, 0.8472738862037659, -0.1938858926296234, -0.6148163080215454, -0.6894310116767883, 1.3829399347305298, 0.34729960560798645, -0.10312620550394058, 0.29687750339508057, -0.10914282500743866, 0.7501950860023499, 0.9128124117851257, 0.6632136702537537, -1.3053761720657349, -0.18524625897407532, 0.4654621481895447, -1.8739404678344727, 1.5377187728881836, 1.7399473190307617, 1.572766661643982] [0.7819095849990845, 0.0, 0.11405082792043686, -0.03724789619445801, -0.011996353045105934, -1.1016072034835815, 1.0593338012695312, 0.48314183950424194, -0.21840526163578033, -1.2210413217544556, 0.0, -3.840839385986328, 0.07057742774486542, 0.007768462412059307, -0.9718760848045349, 0.35030126571655273, -1.483986735343933, -0.38375455141067505, -0.20406286418437958, 0.0, -3.3830862045288086] [0.0, 5.036257743835449, -25.715866088867188, 0.0, -0.0, -2.7890689373016357, -0.0, -5.058771133422852, 0.0, -5.821569442749023, 0.0, 0.0, 0.0, -0.0, 0.0, 0.0, -0.0, -0.0, -5.86279296875, -0.0]\n[-0.3397965198350342, -0.5837155261492265, 0.2378543538048653, -0.2688204941594721, 1.2916256771564918, 0.11313040820874805, -0.36955831369255576, 0.8027508666498865, -0.5276674700424311, -0.39927753196517146, -0.31190878227430796, 0.3759961254740819] [-0.02990388375757436, -0.042020776578740975, 0.0, 0.0, -0.058021908695912096, -0.0815320739522831, 0.0, 0.0, -0.10130093504064068, 0.0, -0.03023071329520828, 0.5913884537490194, 0.10207521652915666, 0.0, -0.9719629536102663, -0.32188437772963063] [1.1634262643438296, 3.1843930647680043, -1.782410179132893, -2.31608716620819, 2.111603635432409, 1.6399248578339451, -0.6297804766125399, -0.4972440686353596, -1.945692917127766, -7.8256171532496115, 0.09899386166771201, 0.20646145387988163, 0.3920500586904255, -1.3013068540575066, 0.5771819522107671, 0.38727336152914, -0.4599381269713249, -0.3267625714443258, 0.759470928920537, -0.6372753125110988, 0.69772430801889, -0.47017770595279335, 0.045026541725639385, -0.5689818724012911, -0.4694583056172512, 0.02925738452636762, -2.0855148182939898, 1.0504435902079572, -0.4408264943840242, -2.559665456912106, 0.18092121469951702, -0.5386567417446991, 0.053310777335131225, 0.09899514426038324, -0.4546629629422785, 0.9646998602915586]\n')


@pytest.mark.parametrize("program", [BILINEAR_CHANNELS_LAST, BICUBIC, AFFINE_GRID, GRID_SAMPLE],
                         ids=["bilinear_channels_last", "bicubic", "affine_grid", "grid_sample"])
def test_resampling_prints_what_pytorch_printed(program, mkl_intel):
    """(MKL's Intel kernels for affine_grid's 19 x 15 gradient; the others use none)"""
    from test_autograd_parity4 import run
    source, expected = program
    assert run(source) == expected
