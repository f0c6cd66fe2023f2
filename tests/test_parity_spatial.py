"""F.interpolate and the Upsample modules compared live with PyTorch over many sizes, scale
factors and options: output shape, `grad_fn` name, values and the gradient of a random
grad_output, float32 and float64; error kinds and texts; module reprs.

Nearest resampling only moves values, so its outputs must be equal bit for bit. Linear
outputs may differ from PyTorch by rounding (PyTorch's vectorised kernels fuse some products),
and gradients add their terms in another order, so those are compared to a few units in the
last place; a wrong source index or weight is off by far more.

Runs only where PyTorch is installed:
`PYTHONPATH=. /work/torchenv/bin/python -m pytest tests/test_parity_spatial.py`.
"""
from __future__ import annotations

import numpy as np
import pytest

real_torch = pytest.importorskip("torch")

import gradcli  # noqa: E402
import gradcli.nn.functional as GF  # noqa: E402

TF = real_torch.nn.functional


def _cases():
    out = []
    for nd, modes in ((1, ("nearest", "linear")), (2, ("nearest", "bilinear"))):
        for mode in modes:
            for ac in ((None,) if mode == "nearest" else (False, True)):
                for inp in (1, 2, 3, 5, 7):
                    shape = (2, 3, inp) if nd == 1 else (2, 2, inp, inp % 4 + 2)
                    for o in (1, 2, 3, 4, 6, 9, 14):
                        size = o if nd == 1 else (o, max(1, o - 1))
                        out.append((shape, dict(size=size, mode=mode, align_corners=ac)))
                    for sc in (0.5, 0.7, 1.0, 1.01, 1.3, 1.7, 2, 2.0, 2.5, 3.3):
                        for rsf in (None, False, True):
                            kw = dict(mode=mode, align_corners=ac, recompute_scale_factor=rsf)
                            factors = [sc] if nd == 1 else [(sc, 1.9), (1.0, sc), (sc, 1.0)]
                            for f in factors:
                                fs = f if isinstance(f, tuple) else (f,)
                                if all(int(s * v) >= 1 for s, v in zip(shape[2:], fs)):
                                    out.append((shape, dict(kw, scale_factor=f)))
    return out


CASES = _cases()


def _ids():
    return [f"{s}-{sorted(kw.items(), key=str)}" for s, kw in CASES]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_interpolate_matches_pytorch(dtype):
    rng = np.random.default_rng(7)
    failures = []
    for shape, kw in CASES:
        a = rng.standard_normal(shape).astype(dtype)
        tx = real_torch.tensor(a, requires_grad=True)
        gx = gradcli.tensor(a, requires_grad=True)
        ty, gy = TF.interpolate(tx, **kw), GF.interpolate(gx, **kw)
        g = rng.standard_normal(tuple(ty.shape)).astype(dtype)
        (tg,) = real_torch.autograd.grad(ty, tx, real_torch.tensor(g))
        (gg,) = gradcli.autograd.grad(gy, gx, gradcli.tensor(g))
        exact = kw["mode"] == "nearest"
        tol = 0.0 if exact else (2e-6 if dtype == np.float32 else 4e-15)
        gtol = 4e-6 if dtype == np.float32 else 4e-15       # sums in another order
        same = (tuple(ty.shape) == tuple(gy.shape)
                and type(ty.grad_fn).__name__ == type(gy.grad_fn).__name__
                and gy.dtype == getattr(gradcli, str(ty.dtype)[6:])
                and np.allclose(gy.detach().numpy(), ty.detach().numpy(), rtol=tol, atol=tol)
                and np.allclose(gg.numpy(), tg.numpy(), rtol=gtol, atol=gtol))
        if not same:
            failures.append((shape, kw))
    assert not failures, failures[:5]


def test_nearest_forward_and_backward_indices_as_pytorch():
    """PyTorch's 1-D nearest forward scales even when the size is unchanged, its backward
    (and the 2-D kernels) copy: indices read back through values and one-hot gradients."""
    for n, sc in ((3, 1.01), (5, 1.999), (4, 2.0), (5, 2.2), (7, 0.45)):
        for shape, f in (((1, 1, n), sc), ((1, 1, 2, n), (1.0, sc)), ((1, 1, n, 2), (sc, 1.0))):
            a = np.arange(float(np.prod(shape))).reshape(shape)
            tx = real_torch.tensor(a, requires_grad=True)
            gx = gradcli.tensor(a, requires_grad=True)
            ty = TF.interpolate(tx, scale_factor=f)
            gy = GF.interpolate(gx, scale_factor=f)
            assert np.array_equal(gy.detach().numpy(), ty.detach().numpy()), (shape, f)
            g = np.arange(1.0, ty.numel() + 1).reshape(tuple(ty.shape))
            (tg,) = real_torch.autograd.grad(ty, tx, real_torch.tensor(g))
            (gg,) = gradcli.autograd.grad(gy, gx, gradcli.tensor(g))
            assert np.array_equal(gg.numpy(), tg.numpy()), (shape, f)


ERRORS = [
    "F.interpolate(x3, scale_factor=0.3)",
    "F.interpolate(x3, size=0)",
    "F.interpolate(x3, size=-1)",
    "F.interpolate(x3, scale_factor=-1.0)",
    "F.interpolate(x3, scale_factor=0.3, mode='linear')",
    "F.interpolate(x4, size=(0, 3), mode='bilinear')",
    "F.interpolate(x4, scale_factor=(0.3, 2))",
    "F.interpolate(i3, size=3)",
    "F.interpolate(i3, size=3, mode='linear')",
    "F.interpolate(i4, size=3, mode='bilinear')",
    "F.interpolate(x3, size=(2, 3))",
    "F.interpolate(x3, size=(2.5,))",
    "F.interpolate(x3, scale_factor=[2, 2])",
    "F.interpolate(x3)",
    "F.interpolate(x3, size=3, scale_factor=2)",
    "F.interpolate(x3, size=3, align_corners=True)",
    "F.interpolate(x3, size=3, mode='bilinear')",
    "F.interpolate(x4, size=3, mode='linear')",
    "F.interpolate(x3[0], size=3)",
    "F.interpolate(x3, size=3, mode='foo')",
    "F.interpolate(x3, size=3, recompute_scale_factor=True)",
    "F.interpolate(torch.ones(1, 0, 2), size=3)",
    "F.interpolate(torch.ones(1, 0, 2, 2), size=3)",
    "F.interpolate(x3, size=3, mode='linear', antialias=True)",
    "F.interpolate(torch.ones(0, 1, 2), size=3)",
    "F.interpolate(x3, scale_factor=2, mode='area')",
    "F.interpolate(x4, size=(3, 1), mode='area')",
]


def _outcome(module, source):
    space = {"torch": module, "F": module.nn.functional,
             "x3": module.ones(1, 1, 2), "x4": module.ones(1, 1, 2, 2),
             "i3": module.arange(4).view(1, 1, 4), "i4": module.arange(4).view(1, 1, 2, 2)}
    try:
        value = eval(source, space)
    except Exception as exc:  # noqa: BLE001  (the error is what is compared)
        kinds = (NotImplementedError, TypeError, ValueError, RuntimeError)
        return "error", next(k.__name__ for k in kinds if isinstance(exc, k)), str(exc)
    return "ok", tuple(value.shape), repr(value)


@pytest.mark.parametrize("source", ERRORS)
def test_interpolate_errors_and_edge_results_match_pytorch(source):
    assert _outcome(gradcli, source) == _outcome(real_torch, source)


MODULES = [
    "nn.Upsample(scale_factor=2, mode='bilinear')",
    "nn.Upsample(size=3)",
    "nn.Upsample(size=(3, 5), mode='bilinear', align_corners=True)",
    "nn.Upsample(scale_factor=(1.5, 2), mode='nearest', recompute_scale_factor=True)",
    "nn.Upsample(scale_factor=1.7, mode='linear')",
    "nn.UpsamplingNearest2d(size=(3, 4))",
    "nn.UpsamplingNearest2d(scale_factor=2)",
    "nn.UpsamplingBilinear2d(scale_factor=1.5)",
    "nn.UpsamplingBilinear2d((5, 3))",
]


@pytest.mark.parametrize("source", MODULES)
def test_upsample_modules_match_pytorch(source):
    a = np.random.default_rng(3).standard_normal((2, 3, 4, 5) if "mode='linear'" not in source
                                                else (2, 3, 4))
    outs = []
    for module in (gradcli, real_torch):
        m = eval(source, {"nn": module.nn})
        x = module.tensor(a, requires_grad=True)
        y = m(x)
        (g,) = module.autograd.grad((y * y).sum(), x)
        outs.append((repr(m), type(y.grad_fn).__name__, y.detach().numpy(), g.numpy()))
    (r1, n1, y1, g1), (r2, n2, y2, g2) = outs
    assert (r1, n1) == (r2, n2)
    np.testing.assert_allclose(y1, y2, rtol=1e-14, atol=1e-14)
    np.testing.assert_allclose(g1, g2, rtol=1e-13, atol=1e-13)


# -- transposed convolution ---------------------------------------------------------------

def _conv_t_cases():
    out = []
    for nd in (1, 2):
        for ci, co, gr in ((2, 3, 1), (4, 2, 2), (3, 3, 3)):
            for k in (1, 2, 3):
                for s, p, d in ((1, 0, 1), (2, 1, 1), (3, 2, 2), (2, 0, 2), (1, 1, 2), (3, 1, 1)):
                    for op in range(max(s, d)):
                        out.append((nd, ci, co, gr, k, dict(stride=s, padding=p,
                                                            output_padding=op, groups=gr,
                                                            dilation=d)))
    return out


def _run(module, fn, arrays, kw):
    ts = [None if a is None else module.tensor(a, requires_grad=True) for a in arrays]
    try:
        y = getattr(module.nn.functional, fn)(*ts, **kw)
    except Exception as exc:  # noqa: BLE001  (the error is what is compared)
        return "error", type(exc).__name__.replace("Torch", ""), str(exc)
    return y, [t for t in ts if t is not None]


@pytest.mark.parametrize("batched", [True, False])
@pytest.mark.parametrize("bias", [True, False])
def test_conv_transpose_matches_pytorch(batched, bias):
    rng = np.random.default_rng(11)
    failures = []
    for nd, ci, co, gr, k, kw in _conv_t_cases():
        spatial = (4,) if nd == 1 else (3, 4)
        ks = (k,) if nd == 1 else (k, max(1, k - 1))
        x = rng.standard_normal(((2, ci) if batched else (ci,)) + spatial)
        w = rng.standard_normal((ci, co // gr) + ks)
        b = rng.standard_normal(co) if bias else None
        fn = f"conv_transpose{nd}d"
        t, g = _run(real_torch, fn, (x, w, b), kw), _run(gradcli, fn, (x, w, b), kw)
        if t[0] == "error" or g[0] == "error":
            if t != g:
                failures.append((fn, kw, t, g))
            continue
        (ty, tins), (gy, gins) = t, g
        go = rng.standard_normal(tuple(ty.shape))
        tg = real_torch.autograd.grad(ty, tins, real_torch.tensor(go))
        gg = gradcli.autograd.grad(gy, gins, gradcli.tensor(go))
        same = (tuple(ty.shape) == tuple(gy.shape)
                and type(ty.grad_fn).__name__ == type(gy.grad_fn).__name__
                and np.allclose(gy.detach().numpy(), ty.detach().numpy(), rtol=1e-12, atol=1e-12)
                and all(np.allclose(a.numpy(), c.numpy(), rtol=1e-12, atol=1e-12)
                        for a, c in zip(tg, gg)))
        if not same:
            failures.append((fn, x.shape, w.shape, kw))
    assert not failures, failures[:5]


CONV_T_MODULES = [
    "nn.ConvTranspose1d(4, 6, 3)",
    "nn.ConvTranspose1d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2, bias=False, "
    "dilation=2)",
    "nn.ConvTranspose2d(2, 3, (2, 3), stride=(2, 1), padding=(1, 0), output_padding=(1, 0))",
    "nn.ConvTranspose2d(4, 4, 3, groups=4, dilation=(1, 2))",
]


@pytest.mark.parametrize("source", CONV_T_MODULES)
def test_conv_transpose_modules_match_pytorch(source):
    """The seeded initial weights and bias, repr and float32 output of each module."""
    outs = []
    for module in (gradcli, real_torch):
        module.manual_seed(0)
        m = eval(source, {"nn": module.nn})
        x = module.ones((2, m.in_channels) + (5,) * len(m.kernel_size))
        y = m(x)
        outs.append((repr(m), m.weight.detach().numpy(),
                     None if m.bias is None else m.bias.detach().numpy(),
                     type(y.grad_fn).__name__, y.detach().numpy()))
    (r1, w1, b1, n1, y1), (r2, w2, b2, n2, y2) = outs
    assert (r1, n1) == (r2, n2)
    np.testing.assert_array_equal(w1, w2)
    assert (b1 is None and b2 is None) or np.array_equal(b1, b2)
    np.testing.assert_allclose(y1, y2, rtol=1e-5, atol=1e-6)


# -- conv3d -------------------------------------------------------------------------------

@pytest.mark.parametrize("batched", [True, False])
def test_conv3d_matches_pytorch(batched):
    rng = np.random.default_rng(5)
    failures = []
    options = [(1, 0, 1), (2, 1, 1), (1, "same", (1, 2, 1)), (2, 0, 2), ((1, 2, 3), (1, 0, 1), 1),
               (1, "valid", 1), (1, 3, 1)]
    for ci, co, gr in ((2, 3, 1), (4, 2, 2)):
        for ks in ((1, 1, 1), (2, 2, 2), (3, 1, 2)):
            for s, p, d in options:
                for bias in (True, False):
                    kw = dict(stride=s, padding=p, dilation=d, groups=gr)
                    x = rng.standard_normal(((2, ci) if batched else (ci,)) + (4, 5, 4))
                    w = rng.standard_normal((co, ci // gr) + ks)
                    b = rng.standard_normal(co) if bias else None
                    t, g = _run(real_torch, "conv3d", (x, w, b), kw), \
                        _run(gradcli, "conv3d", (x, w, b), kw)
                    if t[0] == "error" or g[0] == "error":
                        if t != g:
                            failures.append((kw, t, g))
                        continue
                    (ty, tins), (gy, gins) = t, g
                    go = rng.standard_normal(tuple(ty.shape))
                    tg = real_torch.autograd.grad(ty, tins, real_torch.tensor(go))
                    gg = gradcli.autograd.grad(gy, gins, gradcli.tensor(go))
                    same = (tuple(ty.shape) == tuple(gy.shape)
                            and type(ty.grad_fn).__name__ == type(gy.grad_fn).__name__
                            and np.allclose(gy.detach().numpy(), ty.detach().numpy(),
                                            rtol=1e-12, atol=1e-12)
                            and all(np.allclose(a.numpy(), c.numpy(), rtol=1e-12, atol=1e-12)
                                    for a, c in zip(tg, gg)))
                    if not same:
                        failures.append((x.shape, w.shape, kw))
    assert not failures, failures[:5]


@pytest.mark.parametrize("source", [
    "nn.Conv3d(2, 4, 3)",
    "nn.Conv3d(4, 2, (1, 2, 3), stride=(2, 1, 1), padding=1, dilation=(1, 1, 2), groups=2, "
    "bias=False)",
    "nn.Conv3d(2, 2, 2, padding='valid')",
])
def test_conv3d_modules_match_pytorch(source):
    outs = []
    for module in (gradcli, real_torch):
        module.manual_seed(0)
        m = eval(source, {"nn": module.nn})
        y = m(module.ones(1, m.in_channels, 4, 5, 6))
        outs.append((repr(m), m.weight.detach().numpy(),
                     None if m.bias is None else m.bias.detach().numpy(),
                     type(y.grad_fn).__name__, y.detach().numpy()))
    (r1, w1, b1, n1, y1), (r2, w2, b2, n2, y2) = outs
    assert (r1, n1) == (r2, n2)
    np.testing.assert_array_equal(w1, w2)
    assert (b1 is None and b2 is None) or np.array_equal(b1, b2)
    np.testing.assert_allclose(y1, y2, rtol=1e-5, atol=1e-6)


# -- 3-D pooling --------------------------------------------------------------------------

def _pool(module, fn, a, kw):
    x = module.tensor(a, requires_grad=True)
    try:
        y = getattr(module.nn.functional, fn)(x, **kw)
    except Exception as exc:  # noqa: BLE001  (the error is what is compared)
        return ("error", type(exc).__name__.replace("Torch", ""), str(exc)), None
    idx = None
    if isinstance(y, tuple):
        y, idx = y[0], y[1].numpy()
    go = np.arange(1.0, 1 + y.numel()).reshape(tuple(y.shape))
    return (y, idx), module.autograd.grad(y, x, module.tensor(go))[0]


@pytest.mark.parametrize("fn", ["max_pool3d", "avg_pool3d"])
def test_pool3d_matches_pytorch(fn):
    rng = np.random.default_rng(9)
    failures = []
    extras = ([dict(return_indices=True), dict(dilation=(1, 2, 1))] if fn == "max_pool3d" else
              [dict(count_include_pad=True), dict(count_include_pad=False),
               dict(divisor_override=3)])
    for shape in ((2, 2, 4, 5, 6), (2, 3, 5, 4), (1, 1, 3, 3, 3)):
        for k in (1, 2, 3, (1, 2, 3), (2, 1, 2)):
            for s in (None, 1, 2, (2, 1, 3)):
                for p in (0, 1, (1, 0, 1)):
                    for ceil_mode in (False, True):
                        for extra in extras:
                            kw = dict(kernel_size=k, stride=s, padding=p, ceil_mode=ceil_mode,
                                      **extra)
                            a = rng.standard_normal(shape)
                            t, tg = _pool(real_torch, fn, a, kw)
                            g, gg = _pool(gradcli, fn, a, kw)
                            if t[0] == "error" or g[0] == "error":
                                if t != g:
                                    failures.append((shape, kw, t, g))
                                continue
                            (ty, ti), (gy, gi) = t, g
                            same = (tuple(ty.shape) == tuple(gy.shape)
                                    and type(ty.grad_fn).__name__ == type(gy.grad_fn).__name__
                                    and np.allclose(gy.detach().numpy(), ty.detach().numpy(),
                                                    rtol=1e-13, atol=1e-14)
                                    and np.allclose(gg.numpy(), tg.numpy(), rtol=1e-13,
                                                    atol=1e-14)
                                    and (ti is None) == (gi is None)
                                    and (ti is None or np.array_equal(ti, gi)))
                            if not same:
                                failures.append((shape, kw))
    assert not failures, failures[:5]


POOL3D_ERRORS = [
    "F.max_pool3d(torch.ones(2, 4, 4), 2)", "F.avg_pool3d(torch.ones(2, 4, 4), 2)",
    "F.max_pool3d(x, 2, padding=2)", "F.avg_pool3d(x, 2, padding=2)", "F.max_pool3d(x, 5)",
    "F.avg_pool3d(x, 5)", "F.max_pool3d(x, 0)", "F.avg_pool3d(x, 0)",
    "F.max_pool3d(x, 2, stride=0)", "F.avg_pool3d(x, 2, stride=0)",
    "F.max_pool3d(x, 2, dilation=0)", "F.avg_pool3d(x, 2, divisor_override=0)",
    "F.max_pool3d(x, (2, 2))", "F.avg_pool3d(x, (2, 2))",
    "F.max_pool3d(torch.ones(1, 0, 4, 4, 4), 2)", "F.avg_pool3d(torch.ones(1, 0, 4, 4, 4), 2)",
    "F.max_pool3d(torch.ones(0, 1, 4, 4, 4), 2).shape", "F.max_pool3d(x, 2, padding=-1)",
    "F.max_pool3d(x, 2, stride=(1, 2))", "F.avg_pool3d(x, 2, stride=(1, 2))",
    "F.max_pool3d(x, 2, padding=(1, 1))", "F.avg_pool3d(x, 2, padding=(1, 1))",
    "F.max_pool3d(x, 2, dilation=(1, 1))", "F.max_pool3d(x, (0, 2, 2), stride=1)",
    "F.avg_pool3d(x, (0, 2, 2), stride=1)", "F.max_pool3d(x, 2, stride=-1)",
    "F.avg_pool3d(x, 2, stride=-1)", "F.max_pool3d(x, 2, dilation=-1)",
    "F.max_pool3d(x, -1, stride=1)", "F.avg_pool3d(torch.ones(1, 1, 4, 4, 4), 2, stride=[])",
    "F.max_pool3d(x, 3, padding=1, ceil_mode=True, stride=2).shape",
    "F.avg_pool3d(torch.tensor([-7, -6, -5, 3, 4, 5, 9, -9]).view(1, 1, 2, 2, 2), (1, 1, 2))",
    "F.avg_pool3d(torch.arange(-40, 40).view(1, 1, 4, 4, 5), 2, padding=1, ceil_mode=True)",
    "F.max_pool3d(torch.arange(64).view(1, 1, 4, 4, 4), 2, return_indices=True)",
    "F.max_pool3d(torch.tensor([1.0, nan, 3.0, nan, 5.0, 6.0, 7.0, 8.0]).view(1, 1, 2, 2, 2), "
    "2, return_indices=True)[1]",
]


@pytest.mark.parametrize("source", POOL3D_ERRORS)
def test_pool3d_errors_match_pytorch(source):
    def outcome(module):
        try:
            value = eval(source, {"torch": module, "F": module.nn.functional,
                                  "x": module.ones(1, 2, 4, 4, 4), "nan": float("nan")})
        except Exception as exc:  # noqa: BLE001  (the error is what is compared)
            return type(exc).__name__.replace("Torch", ""), str(exc)
        if isinstance(value, tuple):
            return "ok", [repr(v) for v in value]
        return "ok", repr(value)
    assert outcome(gradcli) == outcome(real_torch)


@pytest.mark.parametrize("source", [
    "nn.AvgPool3d(2)",
    "nn.AvgPool3d((2, 2, 3), stride=1, padding=1, ceil_mode=True, count_include_pad=False, "
    "divisor_override=2)",
    "nn.MaxPool3d(2)",
    "nn.MaxPool3d((1, 2, 2), stride=(1, 1, 2), dilation=2, return_indices=True)",
    "nn.MaxPool3d(3, stride=2, padding=1, ceil_mode=True)",
])
def test_pool3d_modules_match_pytorch(source):
    a = np.random.default_rng(0).standard_normal((2, 2, 5, 6, 7))
    outs = []
    for module in (gradcli, real_torch):
        m = eval(source, {"nn": module.nn})
        x = module.tensor(a, requires_grad=True)
        y = m(x)
        idx = None
        if isinstance(y, tuple):
            y, idx = y[0], y[1].numpy()
        (g,) = module.autograd.grad((y * y).sum(), x)
        outs.append((repr(m), type(y.grad_fn).__name__, y.detach().numpy(), g.numpy(), idx))
    (r1, n1, y1, g1, i1), (r2, n2, y2, g2, i2) = outs
    assert (r1, n1) == (r2, n2)
    np.testing.assert_allclose(y1, y2, rtol=1e-14, atol=1e-14)
    np.testing.assert_allclose(g1, g2, rtol=1e-13, atol=1e-14)
    assert (i1 is None and i2 is None) or np.array_equal(i1, i2)
