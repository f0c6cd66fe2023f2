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
