"""Forward values, dtypes, `grad_fn` names, gradients and error texts of the elementwise,
activation, loss and matrix ops, as PyTorch 2.13 gives them (recorded from PyTorch, so this
test runs without it). Each case is a formula evaluated with gradcli's `torch` namespace;
gradients are of `out.sum()` with respect to the named inputs that require grad.
"""
from __future__ import annotations

import warnings

import math

import numpy as np
import pytest

import gradcli  # noqa: F401
from gradcli.errors import GradcliError
from gradcli.namespace import torch_namespace

TORCH = torch_namespace()


def env():
    torch = TORCH
    t = torch.tensor
    return dict(
        torch=torch, F=torch.nn.functional,
        x=t([-1.5, -0.5, 0.25, 0.5, 2.0], requires_grad=True),
        y=t([0.5, -0.5, 0.75, 1.0, -2.0], requires_grad=True),
        p=t([0.1, 0.3, 0.5, 0.7, 0.9], requires_grad=True),
        q=t([0.0, 0.2, 0.5, 1.0, 0.6]),
        w=t([1.0, 2.0, 0.5, 1.5, 3.0]),
        i=t([1, 2, 3]),
        M=t([[2., 1., 0.], [1., 3., 1.], [0., 1., 4.]], requires_grad=True),
        L=t([[0.2, 0.5, 0.3, 0.9], [0.1, 0.4, 0.6, 0.7], [0.3, 0.3, 0.8, 0.2]],
            requires_grad=True),
        t=t([0, 2, 1]), cw=t([1.0, 2.0, 0.5, 1.5]))


# (formula, dtype, shape, grad_fn, values, {input: gradient of out.sum()})
CASES = [
    ('torch.exp(x)', 'float32', [5], 'ExpBackward0',
     [0.2231302, 0.6065307, 1.284025, 1.648721, 7.389056],
     {'x': [0.2231302, 0.6065307, 1.284025, 1.648721, 7.389056], 'p': None}),
    ('torch.exp2(x)', 'float32', [5], 'Exp2Backward0',
     [0.3535534, 0.7071068, 1.189207, 1.414214, 4.0],
     {'x': [0.2450645, 0.4901291, 0.8242955, 0.9802581, 2.772589], 'p': None}),
    ('torch.expm1(x)', 'float32', [5], 'Expm1Backward0',
     [-0.7768698, -0.3934693, 0.2840254, 0.6487213, 6.389056],
     {'x': [0.2231302, 0.6065307, 1.284025, 1.648721, 7.389056], 'p': None}),
    ('torch.log(p)', 'float32', [5], 'LogBackward0',
     [-2.302585, -1.203973, -0.6931472, -0.356675, -0.1053605],
     {'p': [10.0, 3.333333, 2.0, 1.428571, 1.111111]}),
    ('torch.log2(p)', 'float32', [5], 'Log2Backward0',
     [-3.321928, -1.736966, -1.0, -0.5145732, -0.1520031],
     {'p': [14.42695, 4.808983, 2.88539, 2.060993, 1.602994]}),
    ('torch.log10(p)', 'float32', [5], 'Log10Backward0',
     [-1.0, -0.5228787, -0.30103, -0.154902, -0.0457575],
     {'p': [4.342945, 1.447648, 0.8685889, 0.6204207, 0.4825494]}),
    ('torch.log1p(p)', 'float32', [5], 'Log1PBackward0',
     [0.09531018, 0.2623643, 0.4054651, 0.5306283, 0.6418539],
     {'p': [0.9090909, 0.7692308, 0.6666667, 0.5882353, 0.5263158]}),
    ('torch.sqrt(p)', 'float32', [5], 'SqrtBackward0',
     [0.3162278, 0.5477226, 0.7071068, 0.83666, 0.9486833],
     {'p': [1.581139, 0.9128709, 0.7071068, 0.5976143, 0.5270463]}),
    ('torch.rsqrt(p)', 'float32', [5], 'RsqrtBackward0',
     [3.162278, 1.825742, 1.414214, 1.195229, 1.054093],
     {'p': [-15.81139, -3.042903, -1.414213, -0.8537347, -0.5856071]}),
    ('x.sin()', 'float32', [5], 'SinBackward0',
     [-0.997495, -0.4794255, 0.247404, 0.4794255, 0.9092974],
     {'x': [0.0707372, 0.8775826, 0.9689124, 0.8775826, -0.4161468]}),
    ('x.cos()', 'float32', [5], 'CosBackward0',
     [0.0707372, 0.8775826, 0.9689124, 0.8775826, -0.4161468],
     {'x': [0.997495, 0.4794255, -0.247404, -0.4794255, -0.9092974]}),
    ('x.tan()', 'float32', [5], 'TanBackward0',
     [-14.10142, -0.5463025, 0.2553419, 0.5463025, -2.18504],
     {'x': [199.85, 1.298446, 1.065199, 1.298446, 5.774399]}),
    ('p.asin()', 'float32', [5], 'AsinBackward0',
     [0.1001674, 0.3046927, 0.5235988, 0.7753975, 1.119769],
     {'p': [1.005038, 1.048285, 1.154701, 1.40028, 2.294157]}),
    ('p.acos()', 'float32', [5], 'AcosBackward0',
     [1.470629, 1.266104, 1.047198, 0.7953988, 0.4510269],
     {'p': [-1.005038, -1.048285, -1.154701, -1.40028, -2.294157]}),
    ('x.atan()', 'float32', [5], 'AtanBackward0',
     [-0.9827937, -0.4636476, 0.2449787, 0.4636476, 1.107149],
     {'x': [0.3076923, 0.8, 0.9411765, 0.8, 0.2]}),
    ('p.arcsin()', 'float32', [5], 'AsinBackward0',
     [0.1001674, 0.3046927, 0.5235988, 0.7753975, 1.119769],
     {'p': [1.005038, 1.048285, 1.154701, 1.40028, 2.294157]}),
    ('x.arctan()', 'float32', [5], 'AtanBackward0',
     [-0.9827937, -0.4636476, 0.2449787, 0.4636476, 1.107149],
     {'x': [0.3076923, 0.8, 0.9411765, 0.8, 0.2]}),
    ('x.sinh()', 'float32', [5], 'SinhBackward0',
     [-2.129279, -0.5210953, 0.2526123, 0.5210953, 3.62686],
     {'x': [2.35241, 1.127626, 1.031413, 1.127626, 3.762196]}),
    ('x.cosh()', 'float32', [5], 'CoshBackward0',
     [2.35241, 1.127626, 1.031413, 1.127626, 3.762196],
     {'x': [-2.129279, -0.5210953, 0.2526123, 0.5210953, 3.62686]}),
    ('x.tanh()', 'float32', [5], 'TanhBackward0',
     [-0.9051483, -0.4621172, 0.2449187, 0.4621172, 0.9640276],
     {'x': [0.1807066, 0.7864477, 0.9400148, 0.7864477, 0.07065082]}),
    ('F.tanh(x)', 'float32', [5], 'TanhBackward0',
     [-0.9051483, -0.4621172, 0.2449187, 0.4621172, 0.9640276],
     {'x': [0.1807066, 0.7864477, 0.9400148, 0.7864477, 0.07065082]}),
    ('x.asinh()', 'float32', [5], 'AsinhBackward0',
     [-1.194763, -0.4812118, 0.2474665, 0.4812118, 1.443635],
     {'x': [0.5547002, 0.8944272, 0.9701425, 0.8944272, 0.4472136]}),
    ('(x * x + 1.5).acosh()', 'float32', [5], 'AcoshBackward0',
     [1.996632, 1.15881, 1.016348, 1.15881, 2.389526],
     {'x': [-0.8300574, -0.6963106, 0.4164633, 0.6963106, 0.7396002]}),
    ('p.atanh()', 'float32', [5], 'AtanhBackward0',
     [0.1003353, 0.3095196, 0.5493062, 0.8673005, 1.472219],
     {'p': [1.010101, 1.098901, 1.333333, 1.960784, 5.263156]}),
    ('torch.atan2(x, y)', 'float32', [5], 'Atan2Backward0',
     [-1.249046, -2.356194, 0.3217506, 0.4636476, 2.356194],
     {'x': [0.2, -1.0, 1.2, 0.8, -0.25], 'y': [0.6, 1.0, -0.4, -0.4, -0.25]}),
    ('torch.arctan2(y, x)', 'float32', [5], 'Atan2Backward0',
     [2.819842, -2.356194, 1.249046, 1.107149, -0.7853982],
     {'x': [-0.2, 1.0, -1.2, -0.8, 0.25], 'y': [-0.6, -1.0, 0.4, 0.4, 0.25]}),
    ('x.floor()', 'float32', [5], 'FloorBackward0',
     [-2.0, -1.0, 0.0, 0.0, 2.0],
     {'x': [0.0, 0.0, 0.0, 0.0, 0.0]}),
    ('x.ceil()', 'float32', [5], 'CeilBackward0',
     [-1.0, -0.0, 1.0, 1.0, 2.0],
     {'x': [0.0, 0.0, 0.0, 0.0, 0.0]}),
    ('x.round()', 'float32', [5], 'RoundBackward0',
     [-2.0, -0.0, 0.0, 0.0, 2.0],
     {'x': [0.0, 0.0, 0.0, 0.0, 0.0]}),
    ('torch.round(x * 3.3, decimals=1)', 'float32', [5], 'RoundBackward1',
     [-5.0, -1.6, 0.8, 1.6, 6.6],
     {'x': [0.0, 0.0, 0.0, 0.0, 0.0]}),
    ('x.trunc()', 'float32', [5], 'TruncBackward0',
     [-1.0, -0.0, 0.0, 0.0, 2.0],
     {'x': [0.0, 0.0, 0.0, 0.0, 0.0]}),
    ('x.frac()', 'float32', [5], 'FracBackward0',
     [-0.5, -0.5, 0.25, 0.5, 0.0],
     {'x': [1.0, 1.0, 1.0, 1.0, 1.0]}),
    ('x.erf()', 'float32', [5], 'ErfBackward0',
     [-0.9661052, -0.5204999, 0.2763264, 0.5204999, 0.9953223],
     {'x': [0.1189303, 0.8787826, 1.060014, 0.8787826, 0.02066699]}),
    ('x.erfc()', 'float32', [5], 'ErfcBackward0',
     [1.966105, 1.5205, 0.7236736, 0.4795001, 0.004677735],
     {'x': [-0.1189303, -0.8787826, -1.060014, -0.8787826, -0.02066699]}),
    ('x.sinc()', 'float32', [5], 'SincBackward0',
     [-0.2122066, 0.6366197, 0.9003163, 0.6366197, 2.782753e-08],
     {'x': [-0.1414711, 1.27324, -0.772838, -1.27324, 0.5]}),
    ('torch.hypot(x, y)', 'float32', [5], 'HypotBackward0',
     [1.581139, 0.7071068, 0.7905694, 1.118034, 2.828427],
     {'x': [-0.9486833, -0.7071068, 0.3162278, 0.4472136, 0.7071068], 'y': [0.3162278, -0.7071068, 0.9486833, 0.8944272, -0.7071068], 'p': None}),
    ('torch.lerp(x, y, 0.3)', 'float32', [5], 'LerpBackward0',
     [-0.9, -0.5, 0.4, 0.65, 0.8],
     {'x': [0.7, 0.7, 0.7, 0.7, 0.7], 'y': [0.3, 0.3, 0.3, 0.3, 0.3], 'p': None}),
    ('torch.lerp(x, y, p)', 'float32', [5], 'LerpBackward1',
     [-1.3, -0.5, 0.5, 0.85, -1.6],
     {'x': [0.9, 0.7, 0.5, 0.3, 0.1], 'y': [0.1, 0.3, 0.5, 0.7, 0.9], 'p': [2.0, 0.0, 0.5, 0.5, -4.0]}),
    ('torch.exp(i)', 'float32', [3], None,
     [2.718282, 7.389056, 20.08554],
     {}),
    ('torch.sqrt(i)', 'float32', [3], None,
     [1.0, 1.414214, 1.732051],
     {}),
    ('torch.floor(i)', 'int64', [3], None,
     [1.0, 2.0, 3.0],
     {}),
    ('torch.atan2(i, i)', 'float32', [3], None,
     [0.7853982, 0.7853982, 0.7853982],
     {}),
    ('torch.sigmoid(i)', 'float32', [3], None,
     [0.7310586, 0.880797, 0.9525741],
     {}),
    ('torch.relu(i - 2)', 'int64', [3], None,
     [0.0, 0.0, 1.0],
     {}),
    ('torch.clamp(i, 1.5)', 'float32', [3], None,
     [1.5, 2.0, 3.0],
     {}),
    ('torch.clamp(i, 2)', 'int64', [3], None,
     [2.0, 2.0, 3.0],
     {}),
    ('torch.sigmoid(x)', 'float32', [5], 'SigmoidBackward0',
     [0.1824255, 0.3775407, 0.5621765, 0.6224594, 0.880797],
     {'x': [0.1491465, 0.2350037, 0.2461341, 0.2350037, 0.1049936]}),
    ('F.sigmoid(x)', 'float32', [5], 'SigmoidBackward0',
     [0.1824255, 0.3775407, 0.5621765, 0.6224594, 0.880797],
     {'x': [0.1491465, 0.2350037, 0.2461341, 0.2350037, 0.1049936]}),
    ('torch.relu(x)', 'float32', [5], 'ReluBackward0',
     [0.0, 0.0, 0.25, 0.5, 2.0],
     {'x': [0.0, 0.0, 1.0, 1.0, 1.0]}),
    ('F.relu(x)', 'float32', [5], 'ReluBackward0',
     [0.0, 0.0, 0.25, 0.5, 2.0],
     {'x': [0.0, 0.0, 1.0, 1.0, 1.0]}),
    ('F.leaky_relu(x)', 'float32', [5], 'LeakyReluBackward0',
     [-0.015, -0.005, 0.25, 0.5, 2.0],
     {'x': [0.01, 0.01, 1.0, 1.0, 1.0], 'y': None}),
    ('F.leaky_relu(x, 0.2)', 'float32', [5], 'LeakyReluBackward0',
     [-0.3, -0.1, 0.25, 0.5, 2.0],
     {'x': [0.2, 0.2, 1.0, 1.0, 1.0], 'y': None}),
    ('F.elu(x)', 'float32', [5], 'EluBackward0',
     [-0.7768698, -0.3934693, 0.25, 0.5, 2.0],
     {'x': [0.2231302, 0.6065307, 1.0, 1.0, 1.0]}),
    ('F.elu(x, 0.5)', 'float32', [5], 'EluBackward0',
     [-0.3884349, -0.1967347, 0.25, 0.5, 2.0],
     {'x': [0.1115651, 0.3032653, 1.0, 1.0, 1.0]}),
    ('F.selu(x)', 'float32', [5], 'EluBackward0',
     [-1.365814, -0.6917582, 0.2626753, 0.5253505, 2.101402],
     {'x': [0.392285, 1.066341, 1.050701, 1.050701, 1.050701]}),
    ('F.celu(x, 2.0)', 'float32', [5], 'CeluBackward0',
     [-1.055267, -0.4423984, 0.25, 0.5, 2.0],
     {'x': [0.4723665, 0.7788008, 1.0, 1.0, 1.0]}),
    ('F.gelu(x)', 'float32', [5], 'GeluBackward0',
     [-0.1002109, -0.1542688, 0.1496766, 0.3457312, 1.9545],
     {'x': [-0.1274692, 0.1325049, 0.6953733, 0.8674951, 1.085232]}),
    ("F.gelu(x, approximate='tanh')", 'float32', [5], 'GeluBackward0',
     [-0.1004284, -0.154286, 0.1496754, 0.345714, 1.954598],
     {'x': [-0.1277108, 0.1326301, 0.6953541, 0.8673699, 1.086099], 'p': None}),
    ('F.softplus(x)', 'float32', [5], 'SoftplusBackward0',
     [0.2014133, 0.474077, 0.8259394, 0.974077, 2.126928],
     {'x': [0.1824255, 0.3775407, 0.5621765, 0.6224594, 0.8807971], 'p': None}),
    ('F.softplus(x, beta=2.0, threshold=1.0)', 'float32', [5], 'SoftplusBackward0',
     [0.02429368, 0.1566308, 0.4870385, 0.6566308, 2.0],
     {'x': [0.04742587, 0.2689414, 0.6224594, 0.7310586, 1.0], 'p': None}),
    ('F.silu(x)', 'float32', [5], 'SiluBackward0',
     [-0.2736383, -0.1887703, 0.1405441, 0.3112297, 1.761594],
     {'x': [-0.04129416, 0.2600388, 0.62371, 0.7399612, 1.090784]}),
    ('F.mish(x)', 'float32', [5], 'MishBackward0',
     [-0.2980998, -0.2207438, 0.1695724, 0.3752452, 1.943959],
     {'x': [-0.06409781, 0.2895106, 0.7541726, 0.8864244, 1.069318]}),
    ('F.logsigmoid(x)', 'float32', [5], 'LogSigmoidBackward0',
     [-1.701413, -0.974077, -0.5759394, -0.474077, -0.126928],
     {'x': [0.8175745, 0.6224593, 0.4378235, 0.3775407, 0.1192029]}),
    ('F.hardtanh(x)', 'float32', [5], 'HardtanhBackward0',
     [-1.0, -0.5, 0.25, 0.5, 1.0],
     {'x': [0.0, 1.0, 1.0, 1.0, 0.0]}),
    ('F.hardtanh(x, -0.5, 0.5)', 'float32', [5], 'HardtanhBackward0',
     [-0.5, -0.5, 0.25, 0.5, 0.5],
     {'x': [0.0, 0.0, 1.0, 0.0, 0.0]}),
    ('F.relu6(x * 4)', 'float32', [5], 'HardtanhBackward0',
     [0.0, 0.0, 1.0, 2.0, 6.0],
     {'x': [0.0, 0.0, 4.0, 4.0, 0.0]}),
    ('F.softsign(x)', 'float32', [5], 'DivBackward0',
     [-0.6, -0.3333333, 0.2, 0.3333333, 0.6666667],
     {'x': [0.16, 0.4444445, 0.64, 0.4444445, 0.1111111]}),
    ('F.hardsigmoid(x * 3)', 'float32', [5], 'HardsigmoidBackward0',
     [0.0, 0.25, 0.625, 0.75, 1.0],
     {'x': [0.0, 0.5, 0.5, 0.5, 0.0]}),
    ('F.hardswish(x * 3)', 'float32', [5], 'HardswishBackward0',
     [-0.0, -0.375, 0.46875, 1.125, 6.0],
     {'x': [0.0, 0.0, 2.25, 3.0, 3.0]}),
    ('x.clamp(-0.5, 0.5)', 'float32', [5], 'ClampBackward1',
     [-0.5, -0.5, 0.25, 0.5, 0.5],
     {'x': [0.0, 1.0, 1.0, 1.0, 0.0], 'p': None}),
    ('x.clamp(min=0.25)', 'float32', [5], 'ClampBackward1',
     [0.25, 0.25, 0.25, 0.5, 2.0],
     {'x': [0.0, 0.0, 1.0, 1.0, 1.0], 'p': None}),
    ('x.clamp(max=0.5)', 'float32', [5], 'ClampBackward1',
     [-1.5, -0.5, 0.25, 0.5, 0.5],
     {'x': [1.0, 1.0, 1.0, 1.0, 0.0], 'p': None}),
    ('torch.clip(x, -1, 1)', 'float32', [5], 'ClampBackward1',
     [-1.0, -0.5, 0.25, 0.5, 1.0],
     {'x': [0.0, 1.0, 1.0, 1.0, 0.0], 'p': None}),
    ('x.clamp(min=y)', 'float32', [5], 'ClampBackward0',
     [0.5, -0.5, 0.75, 1.0, 2.0],
     {'x': [0.0, 1.0, 0.0, 0.0, 1.0], 'y': [1.0, 0.0, 1.0, 1.0, 0.0], 'p': None}),
    ('x.clamp(y, y + 1)', 'float32', [5], 'ClampBackward0',
     [0.5, -0.5, 0.75, 1.0, -1.0],
     {'x': [0.0, 1.0, 0.0, 0.0, 0.0], 'y': [1.0, 0.0, 1.0, 1.0, 1.0], 'p': None}),
    ('x.clamp(max=y)', 'float32', [5], 'ClampBackward0',
     [-1.5, -0.5, 0.25, 0.5, -2.0],
     {'x': [1.0, 1.0, 1.0, 1.0, 0.0], 'y': [0.0, 0.0, 0.0, 0.0, 1.0], 'p': None}),
    ('x.clamp_min(0.0)', 'float32', [5], 'ClampMinBackward0',
     [0.0, 0.0, 0.25, 0.5, 2.0],
     {'x': [0.0, 0.0, 1.0, 1.0, 1.0], 'p': None}),
    ('x.clamp_max(0.0)', 'float32', [5], 'ClampMaxBackward0',
     [-1.5, -0.5, 0.0, 0.0, 0.0],
     {'x': [1.0, 1.0, 0.0, 0.0, 0.0], 'p': None}),
    ('x.clamp_min(y)', 'float32', [5], 'ClampMinBackward1',
     [0.5, -0.5, 0.75, 1.0, 2.0],
     {'x': [0.0, 1.0, 0.0, 0.0, 1.0], 'y': [1.0, 0.0, 1.0, 1.0, 0.0], 'p': None}),
    ('x.clamp_max(y)', 'float32', [5], 'ClampMaxBackward1',
     [-1.5, -0.5, 0.25, 0.5, -2.0],
     {'x': [1.0, 1.0, 1.0, 1.0, 0.0], 'y': [0.0, 0.0, 0.0, 0.0, 1.0], 'p': None}),
    ('torch.minimum(x, y)', 'float32', [5], 'MinimumBackward0',
     [-1.5, -0.5, 0.25, 0.5, -2.0],
     {'x': [1.0, 0.5, 1.0, 1.0, 0.0], 'y': [0.0, 0.5, 0.0, 0.0, 1.0]}),
    ('torch.maximum(x, y)', 'float32', [5], 'MaximumBackward0',
     [0.5, -0.5, 0.75, 1.0, 2.0],
     {'x': [0.0, 0.5, 0.0, 0.0, 1.0], 'y': [1.0, 0.5, 1.0, 1.0, 0.0]}),
    ('torch.minimum(x, x.detach())', 'float32', [5], 'MinimumBackward0',
     [-1.5, -0.5, 0.25, 0.5, 2.0],
     {'x': [0.5, 0.5, 0.5, 0.5, 0.5]}),
    ('torch.maximum(x, torch.tensor([0.5, 0.5, 0.5, 0.5, 0.5]))', 'float32', [5], 'MaximumBackward0',
     [0.5, 0.5, 0.5, 0.5, 2.0],
     {'x': [0.0, 0.0, 0.0, 0.5, 1.0]}),
    ('torch.where(x > 0, x, y)', 'float32', [5], 'WhereBackward0',
     [0.5, -0.5, 0.25, 0.5, 2.0],
     {'x': [0.0, 0.0, 1.0, 1.0, 1.0], 'y': [1.0, 1.0, 0.0, 0.0, 0.0]}),
    ('torch.where(x > 0, x, 0.0)', 'float32', [5], 'WhereBackward0',
     [0.0, 0.0, 0.25, 0.5, 2.0],
     {'x': [0.0, 0.0, 1.0, 1.0, 1.0]}),
    ('torch.where(x > 0, 1.0, y)', 'float32', [5], 'WhereBackward0',
     [0.5, -0.5, 1.0, 1.0, 1.0],
     {'x': None, 'y': [1.0, 1.0, 0.0, 0.0, 0.0]}),
    ('x.where(x > 0, y)', 'float32', [5], 'WhereBackward0',
     [0.5, -0.5, 0.25, 0.5, 2.0],
     {'x': [0.0, 0.0, 1.0, 1.0, 1.0], 'y': [1.0, 1.0, 0.0, 0.0, 0.0]}),
    ('F.mse_loss(x, y)', 'float32', [], 'MseLossBackward0',
     [4.1],
     {'x': [-0.8, 0.0, -0.2, -0.2, 1.6], 'y': [0.8, 0.0, 0.2, 0.2, -1.6]}),
    ("F.mse_loss(x, y, reduction='sum')", 'float32', [], 'MseLossBackward0',
     [20.5],
     {'x': [-4.0, 0.0, -1.0, -1.0, 8.0], 'y': [4.0, 0.0, 1.0, 1.0, -8.0]}),
    ("F.mse_loss(x, y, reduction='none')", 'float32', [5], 'MseLossBackward0',
     [4.0, 0.0, 0.25, 0.25, 16.0],
     {'x': [-4.0, 0.0, -1.0, -1.0, 8.0], 'y': [4.0, 0.0, 1.0, 1.0, -8.0]}),
    ('F.l1_loss(x, y)', 'float32', [], 'MeanBackward0',
     [1.4],
     {'x': [-0.2, 0.0, -0.2, -0.2, 0.2], 'y': [0.2, -0.0, 0.2, 0.2, -0.2]}),
    ("F.l1_loss(x, y, reduction='none')", 'float32', [5], 'AbsBackward0',
     [2.0, 0.0, 0.5, 0.5, 4.0],
     {'x': [-1.0, 0.0, -1.0, -1.0, 1.0], 'y': [1.0, -0.0, 1.0, 1.0, -1.0]}),
    ("F.l1_loss(x, y, reduction='sum')", 'float32', [], 'SumBackward0',
     [7.0],
     {'x': [-1.0, 0.0, -1.0, -1.0, 1.0], 'y': [1.0, -0.0, 1.0, 1.0, -1.0]}),
    ('F.smooth_l1_loss(x, y)', 'float32', [], 'SmoothL1LossBackward0',
     [1.05],
     {'x': [-0.2, 0.0, -0.1, -0.1, 0.2], 'y': [0.2, 0.0, 0.1, 0.1, -0.2]}),
    ('F.smooth_l1_loss(x, y, beta=0.5)', 'float32', [], 'SmoothL1LossBackward0',
     [1.2],
     {'x': [-0.2, 0.0, -0.2, -0.2, 0.2], 'y': [0.2, 0.0, 0.2, 0.2, -0.2]}),
    ('F.huber_loss(x, y, delta=0.5)', 'float32', [], 'HuberLossBackward0',
     [0.6],
     {'x': [-0.1, 0.0, -0.1, -0.1, 0.1], 'y': [0.1, 0.0, 0.1, 0.1, -0.1]}),
    ("F.huber_loss(x, y, reduction='sum')", 'float32', [], 'HuberLossBackward0',
     [5.25],
     {'x': [-1.0, 0.0, -0.5, -0.5, 1.0], 'y': [1.0, 0.0, 0.5, 0.5, -1.0]}),
    ('F.binary_cross_entropy(p, q)', 'float32', [], 'BinaryCrossEntropyBackward0',
     [0.5331135],
     {'y': None, 'p': [0.2222222, 0.0952381, 0.0, -0.2857143, 0.6666664]}),
    ("F.binary_cross_entropy(p, q, reduction='none')", 'float32', [5], 'BinaryCrossEntropyBackward0',
     [0.1053605, 0.5261346, 0.6931472, 0.356675, 0.9842502],
     {'y': None, 'p': [1.111111, 0.4761905, 0.0, -1.428571, 3.333332]}),
    ('F.binary_cross_entropy(p, q, weight=w)', 'float32', [], 'BinaryCrossEntropyBackward0',
     [0.9983932],
     {'y': None, 'p': [0.2222222, 0.1904762, 0.0, -0.4285714, 1.999999]}),
    ('F.binary_cross_entropy_with_logits(x, q)', 'float32', [], 'BinaryCrossEntropyWithLogitsBackward0',
     [0.5754869],
     {'x': [0.03648511, 0.03550813, 0.0124353, -0.07550813, 0.0561594], 'y': None, 'p': None}),
    ('F.binary_cross_entropy_with_logits(x, q, pos_weight=w)', 'float32', [], 'BinaryCrossEntropyWithLogitsBackward0',
     [0.6635235],
     {'x': [0.03648511, 0.01060976, 0.03432648, -0.1132622, 0.02755072], 'y': None, 'p': None}),
    ("F.binary_cross_entropy_with_logits(x, q, weight=w, reduction='sum')", 'float32', [], 'BinaryCrossEntropyWithLogitsBackward0',
     [5.191936],
     {'x': [0.1824255, 0.3550813, 0.03108826, -0.566311, 0.842391], 'y': None, 'p': None}),
    ('F.nll_loss(L, t)', 'float32', [], 'NllLossBackward0',
     [-0.3666667],
     {'L': [-0.3333333, 0.0, 0.0, 0.0, 0.0, 0.0, -0.3333333, 0.0, 0.0, -0.3333333, 0.0, 0.0]}),
    ("F.nll_loss(L, t, reduction='none')", 'float32', [3], 'NllLossBackward0',
     [-0.2, -0.6, -0.3],
     {'L': [-1.0, 0.0, 0.0, 0.0, 0.0, 0.0, -1.0, 0.0, 0.0, -1.0, 0.0, 0.0]}),
    ('F.nll_loss(L, t, weight=cw)', 'float32', [], 'NllLossBackward0',
     [-0.3142857],
     {'L': [-0.2857143, 0.0, 0.0, 0.0, 0.0, 0.0, -0.1428571, 0.0, 0.0, -0.5714286, 0.0, 0.0]}),
    ('F.nll_loss(L, t, ignore_index=2)', 'float32', [], 'NllLossBackward0',
     [-0.25],
     {'x': None, 'L': [-0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.5, 0.0, 0.0]}),
    ("F.nll_loss(L, t, reduction='sum')", 'float32', [], 'NllLossBackward0',
     [-1.1],
     {'L': [-1.0, 0.0, 0.0, 0.0, 0.0, 0.0, -1.0, 0.0, 0.0, -1.0, 0.0, 0.0]}),
    ('F.cross_entropy(L, t)', 'float32', [], 'NllLossBackward0',
     [1.492128],
     {'y': None, 'p': None, 'L': [-0.2723813, 0.08227663, 0.0673624, 0.1227423, 0.0572669, 0.07730222, -0.2389162, 0.1043471, 0.07320282, -0.2601305, 0.120691, 0.06623664]}),
    ('F.cross_entropy(L, t, weight=cw)', 'float32', [], 'NllLossBackward0',
     [1.531881],
     {'y': None, 'p': None, 'L': [-0.2334697, 0.07052282, 0.0577392, 0.1052077, 0.02454296, 0.03312952, -0.1023927, 0.04472018, 0.1254905, -0.4459381, 0.2068989, 0.1135485]}),
    ("F.cross_entropy(L, t, reduction='none')", 'float32', [3], 'NllLossBackward0',
     [1.699056, 1.26142, 1.515909],
     {'y': None, 'p': None, 'L': [-0.8171439, 0.2468299, 0.2020872, 0.3682269, 0.1718007, 0.2319067, -0.7167485, 0.3130412, 0.2196085, -0.7803916, 0.3620731, 0.1987099]}),
    ('F.cross_entropy(L, L.detach().softmax(1))', 'float32', [], 'DivBackward1',
     [1.354727],
     {'x': None, 'y': None, 'p': None, 'L': [-4.874787e-09, 5.030039e-09, -4.015112e-09, 1.345697e-10, -7.768404e-10, -1.797411e-10, 1.026443e-08, 3.109785e-09, 2.181614e-09, 2.181614e-09, -1.37018e-09, 1.974006e-09]}),
    ('F.cross_entropy(L, t, label_smoothing=0.2)', 'float32', [], 'AddBackward0',
     [1.477129],
     {'y': None, 'p': None, 'L': [-0.2223813, 0.06560997, 0.05069574, 0.1060757, 0.04060024, 0.06063556, -0.1889162, 0.08768042, 0.05653617, -0.2101305, 0.1040244, 0.04956999]}),
    ("F.cross_entropy(L, L.detach().softmax(1), reduction='none')", 'float32', [3], 'NegBackward0',
     [1.347039, 1.362398, 1.354743],
     {'x': None, 'y': None, 'p': None, 'L': [0.0, 2.980232e-08, 0.0, 2.980232e-08, 0.0, 0.0, 2.980232e-08, 0.0, 0.0, 0.0, 0.0, 0.0]}),
    ('F.cross_entropy(L[0], t[1])', 'float32', [], 'NllLossBackward0',
     [1.599056],
     {'y': None, 'p': None, 'L': [0.1828561, 0.2468299, -0.7979128, 0.3682269, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]}),
    ('M.trace()', 'float32', [], 'TraceBackward0',
     [9.0],
     {'M': [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]}),
    ('torch.trace(L)', 'float32', [], 'TraceBackward0',
     [1.4],
     {'L': [1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0]}),
    ('torch.diag(M)', 'float32', [3], 'DiagonalBackward0_copy',
     [2.0, 3.0, 4.0],
     {'M': [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]}),
    ('torch.diag(x)', 'float32', [5, 5], 'DiagEmbedBackward0',
     [-1.5, 0.0, 0.0, 0.0, 0.0, 0.0, -0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.25, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0],
     {'x': [1.0, 1.0, 1.0, 1.0, 1.0]}),
    ('torch.diag(x, -1)', 'float32', [6, 6], 'DiagEmbedBackward0',
     [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -1.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.25, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0, 0.0],
     {'x': [1.0, 1.0, 1.0, 1.0, 1.0]}),
    ('torch.diag(L, 1)', 'float32', [3], 'DiagonalBackward0_copy',
     [0.5, 0.6, 0.2],
     {'L': [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0]}),
    ('torch.det(M)', 'float32', [], 'LinalgDetBackward0',
     [18.0],
     {'M': [11.0, -4.0, 1.0, -4.0, 8.0, -2.0, 1.0, -2.0, 5.0]}),
    ('torch.linalg.det(M)', 'float32', [], 'LinalgDetBackward0',
     [18.0],
     {'M': [11.0, -4.0, 1.0, -4.0, 8.0, -2.0, 1.0, -2.0, 5.0]}),
    ('M.inverse()', 'float32', [3, 3], 'LinalgInvExBackward0',
     [0.6111111, -0.2222222, 0.05555556, -0.2222222, 0.4444445, -0.1111111, 0.05555556, -0.1111111, 0.2777778],
     {'M': [-0.1975309, -0.04938272, -0.09876543, -0.04938272, -0.01234568, -0.02469136, -0.09876543, -0.02469136, -0.04938272]}),
    ('torch.linalg.inv(M)', 'float32', [3, 3], 'LinalgInvExBackward0',
     [0.6111111, -0.2222222, 0.05555556, -0.2222222, 0.4444445, -0.1111111, 0.05555556, -0.1111111, 0.2777778],
     {'M': [-0.1975309, -0.04938272, -0.09876543, -0.04938272, -0.01234568, -0.02469136, -0.09876543, -0.02469136, -0.04938272]}),
    ("torch.einsum('ij,jk->ik', M, M)", 'float32', [3, 3], 'ViewBackward0',
     [5.0, 5.0, 1.0, 5.0, 11.0, 7.0, 1.0, 7.0, 17.0],
     {'M': [6.0, 8.0, 8.0, 8.0, 10.0, 10.0, 8.0, 10.0, 10.0]}),
    ("torch.einsum('ii', M)", 'float32', [], 'SumBackward1',
     [9.0],
     {'M': [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]}),
    ("torch.einsum('ij->ji', M)", 'float32', [3, 3], 'PermuteBackward0',
     [2.0, 1.0, 0.0, 1.0, 3.0, 1.0, 0.0, 1.0, 4.0],
     {'M': [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]}),
    ("torch.einsum('i,i->', x, y)", 'float32', [], 'ViewBackward0',
     [-3.8125],
     {'x': [0.5, -0.5, 0.75, 1.0, -2.0], 'y': [-1.5, -0.5, 0.25, 0.5, 2.0]}),
    ("torch.einsum('ij,j->i', M, x[:3])", 'float32', [3], 'ViewBackward0',
     [-3.5, -2.75, 0.5],
     {'x': [3.0, 5.0, 5.0, 0.0, 0.0], 'M': [-1.5, -0.5, 0.25, -1.5, -0.5, 0.25, -1.5, -0.5, 0.25]}),
    ("torch.einsum('bi,bj->bij', L, L)", 'float32', [3, 4, 4], 'MulBackward0',
     [0.04, 0.1, 0.06, 0.18, 0.1, 0.25, 0.15, 0.45, 0.06, 0.15, 0.09, 0.27, 0.18, 0.45, 0.27, 0.8099999, 0.01, 0.04, 0.06, 0.07, 0.04, 0.16, 0.24, 0.28, 0.06, 0.24, 0.36, 0.42, 0.07, 0.28, 0.42, 0.49, 0.09, 0.09, 0.24, 0.06, 0.09, 0.09, 0.24, 0.06, 0.24, 0.24, 0.64, 0.16, 0.06, 0.06, 0.16, 0.04],
     {'L': [3.8, 3.8, 3.8, 3.8, 3.6, 3.6, 3.6, 3.6, 3.2, 3.2, 3.2, 3.2]}),
    ('torch.cross(M, M * M, dim=1)', 'float32', [3, 3], 'LinalgCrossBackward0',
     [0.0, 0.0, -2.0, -6.0, 0.0, 6.0, 12.0, 0.0, 0.0],
     {'M': [-3.0, 0.0, 3.0, 4.0, 0.0, -4.0, -15.0, 8.0, 7.0]}),
    ('torch.linalg.cross(x[:3], y[:3])', 'float32', [3], 'LinalgCrossBackward0',
     [-0.25, 1.25, 1.0],
     {'x': [-1.25, 0.25, 1.0, 0.0, 0.0], 'y': [0.75, -1.75, 1.0, 0.0, 0.0]}),
    ('F.relu(x * 1, inplace=True)', 'float32', [5], 'ReluBackward0',
     [0.0, 0.0, 0.25, 0.5, 2.0],
     {'x': [0.0, 0.0, 1.0, 1.0, 1.0], 'p': None}),
    ('F.leaky_relu(x * 1, 0.2, inplace=True)', 'float32', [5], 'LeakyReluBackward1',
     [-0.3, -0.1, 0.25, 0.5, 2.0],
     {'x': [0.2, 0.2, 1.0, 1.0, 1.0], 'y': None, 'p': None}),
    ('F.elu(x * 1, inplace=True)', 'float32', [5], 'EluBackward1',
     [-0.7768698, -0.3934693, 0.25, 0.5, 2.0],
     {'x': [0.2231302, 0.6065307, 1.0, 1.0, 1.0], 'p': None}),
    ('F.selu(x * 1, inplace=True)', 'float32', [5], 'EluBackward1',
     [-1.365814, -0.6917582, 0.2626753, 0.5253505, 2.101402],
     {'x': [0.392285, 1.066341, 1.050701, 1.050701, 1.050701], 'p': None}),
    ('F.celu(x * 1, 2.0, inplace=True)', 'float32', [5], 'CeluBackward1',
     [-1.055267, -0.4423984, 0.25, 0.5, 2.0],
     {'x': [0.4723666, 0.7788008, 1.0, 1.0, 1.0], 'p': None}),
    ('F.hardtanh(x * 1, inplace=True)', 'float32', [5], 'HardtanhBackward0',
     [-1.0, -0.5, 0.25, 0.5, 1.0],
     {'x': [0.0, 1.0, 1.0, 1.0, 0.0], 'p': None}),
    ('F.silu(x * 1, inplace=True)', 'float32', [5], 'SiluBackward0',
     [-0.2736383, -0.1887703, 0.1405441, 0.3112297, 1.761594],
     {'x': [-0.04129416, 0.2600388, 0.62371, 0.7399612, 1.090784], 'p': None}),
    ('F.hardswish(x * 3, inplace=True)', 'float32', [5], 'HardswishBackward0',
     [-0.0, -0.375, 0.46875, 1.125, 6.0],
     {'x': [0.0, 0.0, 2.25, 3.0, 3.0], 'p': None}),
]

# (formula, exception type, PyTorch's message)
ERRORS = [
    ('torch.exp(2.0)', 'TypeError',
     "exp(): argument 'input' (position 1) must be Tensor, not float"),
    ('torch.atan2(x, 2.0)', 'TypeError',
     "atan2(): argument 'other' (position 2) must be Tensor, not float"),
    ('torch.minimum(x, 1.0)', 'TypeError',
     "minimum(): argument 'other' (position 2) must be Tensor, not float"),
    ("F.gelu(x, approximate='foo')", 'RuntimeError',
     'approximate argument must be either none or tanh.'),
    ('F.leaky_relu(i)', 'RuntimeError',
     '"leaky_relu_cpu" not implemented for \'Long\''),
    ('F.gelu(i)', 'RuntimeError',
     '"GeluKernelImpl" not implemented for \'Long\''),
    ('F.softplus(i)', 'RuntimeError',
     '"softplus_cpu" not implemented for \'Long\''),
    ('torch.clamp(x)', 'RuntimeError',
     "torch.clamp: At least one of 'min' or 'max' must not be None"),
    ('x.clamp(y, 0.5)', 'TypeError',
     "clamp() received an invalid combination of arguments - got (Tensor, float), but expected one of:\n * (Tensor min = None, Tensor max = None)\n      didn't match because some of the arguments have invalid types: (!Tensor!, !float!)\n * (Number min = None, Number max = None)\n      didn't match because some of the arguments have invalid types: (!Tensor!, !float!)\n"),
    ('torch.where(x, x, y)', 'RuntimeError',
     'where expected condition to be a boolean tensor, but got a tensor with dtype Float'),
    ('F.mse_loss(x, y[:3])', 'RuntimeError',
     'The size of tensor a (5) must match the size of tensor b (3) at non-singleton dimension 0'),
    ("F.mse_loss(x, y, reduction='avg')", 'ValueError',
     'avg is not a valid value for reduction'),
    ('F.l1_loss(x, y[:2])', 'RuntimeError',
     'The size of tensor a (5) must match the size of tensor b (2) at non-singleton dimension 0'),
    ('F.binary_cross_entropy(p, q[:3])', 'ValueError',
     'Using a target size (torch.Size([3])) that is different to the input size (torch.Size([5])) is deprecated. Please ensure they have the same size.'),
    ('F.binary_cross_entropy(x, q)', 'RuntimeError',
     'all elements of input should be between 0 and 1'),
    ('F.binary_cross_entropy(p, x)', 'RuntimeError',
     'all elements of target should be between 0 and 1'),
    ('F.binary_cross_entropy(p, q, weight=w.requires_grad_())', 'RuntimeError',
     "The function 'binary_cross_entropy' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True."),
    ('F.binary_cross_entropy(p, i.float()[:0])', 'ValueError',
     'Using a target size (torch.Size([0])) that is different to the input size (torch.Size([5])) is deprecated. Please ensure they have the same size.'),
    ('F.binary_cross_entropy_with_logits(x, q[:2])', 'ValueError',
     'Target size (torch.Size([2])) must be the same as input size (torch.Size([5]))'),
    ('F.nll_loss(L, t[:2])', 'ValueError',
     'Expected input batch_size (3) to match target batch_size (2).'),
    ('F.nll_loss(L, t.float())', 'RuntimeError',
     'expected target dtype to be Long or Byte, but got Float'),
    ('F.nll_loss(L, torch.tensor([0, 1, 7]))', 'IndexError',
     'Target 7 is out of bounds.'),
    ('F.nll_loss(L, torch.tensor([0, -1, 2]))', 'IndexError',
     'Target -1 is out of bounds.'),
    ('F.nll_loss(L, t, weight=w)', 'RuntimeError',
     'weight tensor should be defined either for all 4 classes or no classes but got weight tensor of shape: [5]'),
    ('F.nll_loss(torch.tensor(1.), torch.tensor(1))', 'ValueError',
     'Expected 1 or more dimensions (got 0)'),
    ('F.nll_loss(torch.rand(2, 4, 5), torch.zeros(2, 4, dtype=torch.long))', 'RuntimeError',
     'Expected target size [2, 5], got [2, 4]'),
    ('F.cross_entropy(L, t[:2])', 'ValueError',
     'Expected input batch_size (3) to match target batch_size (2).'),
    ('F.cross_entropy(L, torch.rand(3, 3))', 'RuntimeError',
     '0D or 1D target tensor expected, multi-target not supported'),
    ('torch.trace(x)', 'RuntimeError',
     'trace: expected a matrix, but got tensor with dim 1'),
    ('torch.diag(torch.rand(2, 2, 2))', 'RuntimeError',
     'diag(): Supports 1D or 2D tensors. Got 3D'),
    ('torch.det(L)', 'RuntimeError',
     'linalg.det: A must be batches of square matrices, but they are 3 by 4 matrices'),
    ('torch.det(x)', 'RuntimeError',
     'linalg.det: The input tensor A must have at least 2 dimensions.'),
    ('torch.det(i.reshape(3, 1) * i)', 'RuntimeError',
     'linalg.det: Expected a floating point or complex tensor as input. Got Long'),
    ('torch.inverse(torch.zeros(2, 2))', 'RuntimeError',
     'linalg.inv: The diagonal element 1 is zero, the inversion could not be completed because the input matrix is singular.'),
    ('torch.linalg.inv(torch.tensor([[1., 2.], [2., 4.]]))', 'RuntimeError',
     'linalg.inv: The diagonal element 2 is zero, the inversion could not be completed because the input matrix is singular.'),
    ('torch.linalg.inv(torch.zeros(2, 2, 2))', 'RuntimeError',
     'linalg.inv: (Batch element 0): The diagonal element 1 is zero, the inversion could not be completed because the input matrix is singular.'),
    ('torch.inverse(L)', 'RuntimeError',
     'linalg.inv: A must be batches of square matrices, but they are 3 by 4 matrices'),
    ("torch.einsum('ij,jk->ik', M, L[:2])", 'RuntimeError',
     'einsum(): subscript j has size 2 for operand 1 which does not broadcast with previously seen size 3'),
    ("torch.einsum('ij,jk->ik', M)", 'RuntimeError',
     'einsum(): fewer operands were provided than specified in the equation'),
    ("torch.einsum('i,i->i', x, x, x)", 'RuntimeError',
     'einsum(): more operands were provided than specified in the equation'),
    ("torch.einsum('ij->ii', M)", 'RuntimeError',
     'einsum(): output subscript i appears more than once in the output'),
    ("torch.einsum('i->j', x)", 'RuntimeError',
     'einsum(): output subscript j does not appear in the equation for any input operand'),
    ("torch.einsum('ij', x)", 'RuntimeError',
     'einsum(): the number of subscripts in the equation (2) does not match the number of dimensions (1) for operand 0 and no ellipsis was given'),
    ("torch.einsum('i.j', x)", 'RuntimeError',
     "einsum(): found '.' for operand 0 that is not part of any ellipsis"),
    ('torch.cross(x[:2], y[:2], dim=0)', 'RuntimeError',
     'linalg.cross: inputs dimension 0 must have length 3. Got 2 and 2'),
]


def run(formula):
    e = env()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return eval(formula, {"__builtins__": {}}, e), e   # formulas are the literals above


@pytest.mark.parametrize("formula, dtype, shape, grad_fn, values, grads", CASES,
                         ids=[c[0] for c in CASES])
def test_value_name_and_gradient(formula, dtype, shape, grad_fn, values, grads):
    out, e = run(formula)
    assert out.dtype.name == dtype
    assert list(out.shape) == shape
    assert (None if out.grad_fn is None else out.grad_fn.name()) == grad_fn
    np.testing.assert_allclose(out._data.reshape(-1), values, rtol=2e-5, atol=1e-6)
    if not grads:
        return
    names = list(grads)
    root = out.sum() if out.dim() else out
    got = TORCH.autograd.grad(root, [e[n] for n in names], allow_unused=True)
    for n, g in zip(names, got):
        if grads[n] is None:
            assert g is None or not np.any(g._data), f"{formula}: d/d{n} should be None"
        else:
            np.testing.assert_allclose(g._data.reshape(-1), grads[n], rtol=2e-5, atol=1e-6,
                                       err_msg=f"{formula}: d/d{n}")


@pytest.mark.parametrize("formula, kind, message", ERRORS, ids=[c[0] for c in ERRORS])
def test_error_text(formula, kind, message):
    with pytest.raises(GradcliError) as info:
        run(formula)
    assert isinstance(info.value, getattr(__builtins__, kind, None) or
                      __import__("builtins").__dict__[kind])
    assert str(info.value) == message


def test_integer_inputs_compute_in_the_default_dtype():
    torch = TORCH
    torch.set_default_dtype(torch.float64)
    try:
        assert torch.exp(torch.tensor([1, 2])).dtype.name == "float64"
    finally:
        torch.set_default_dtype(torch.float32)
    assert torch.exp(torch.tensor([1, 2])).dtype.name == "float32"
    assert torch.floor(torch.tensor([1, 2])).dtype.name == "int64"


def test_float64_inputs_stay_float64():
    torch = TORCH
    x = torch.tensor([0.5, 1.5], dtype=torch.float64, requires_grad=True)
    for fn in (torch.exp, torch.tanh, torch.sigmoid, torch.erf, torch.nn.functional.gelu):
        assert fn(x).dtype.name == "float64"


def test_ties_split_the_gradient_in_half():
    torch = TORCH
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([1.0, 3.0], requires_grad=True)
    torch.minimum(a, b).sum().backward()
    assert a.grad.tolist() == [0.5, 1.0] and b.grad.tolist() == [0.5, 0.0]


def test_kinks_follow_pytorch():
    torch, F = TORCH, TORCH.nn.functional
    x = torch.tensor([-3.0, 0.0, 2.0, 3.0], requires_grad=True)
    cases = [(lambda v: F.relu(v), [0.0, 0.0, 1.0, 1.0]),
             (lambda v: v.clamp(0.0, 2.0), [0.0, 1.0, 1.0, 0.0]),
             (lambda v: F.hardtanh(v, 0.0, 2.0), [0.0, 0.0, 0.0, 0.0]),
             (lambda v: F.hardswish(v), [0.0, 0.5, 1.1666666, 1.0]),
             (lambda v: torch.sqrt(v.abs()), [-0.2886751, float("nan"), 0.3535534, 0.2886751])]
    for fn, expected in cases:
        (g,) = torch.autograd.grad(fn(x).sum(), x)
        np.testing.assert_allclose(g._data, expected, rtol=1e-6)


def test_einsum_gradient_with_repeated_and_broadcast_subscripts():
    torch = TORCH
    m = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    (g,) = torch.autograd.grad(torch.einsum("ii->", m), m)
    assert g.tolist() == [[1.0, 0.0], [0.0, 1.0]]
    v = torch.tensor([1.0, 2.0], requires_grad=True)
    (g,) = torch.autograd.grad(torch.einsum("ij,j->", m, v), v)
    assert g.tolist() == [4.0, 6.0]


def test_det_of_a_singular_matrix_has_pytorchs_zero_gradient():
    """PyTorch 2.13 solves with the singular LU (no cofactor matrix): signed zeros."""
    torch = TORCH
    m = torch.tensor([[1.0, 2.0], [2.0, 4.0]], dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(torch.det(m), m)
    assert g.tolist() == [[0.0, -0.0], [-0.0, 0.0]]
    assert [math.copysign(1, v) for v in g.flatten().tolist()] == [1, -1, -1, 1]


def test_second_derivatives_of_det_and_inverse():
    torch = TORCH
    m = torch.tensor([[2.0, 1.0], [1.0, 3.0]], dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(torch.det(m), m, create_graph=True)
    (gg,) = torch.autograd.grad(g[0, 0], m)           # d/dm of m[1, 1] is e_11
    # PyTorch 2.13 itself gives [[2.2e-16, 0], [-1.1e-16, 1.0000000000000002]]
    assert np.allclose(gg.tolist(), [[0.0, 0.0], [0.0, 1.0]], rtol=0, atol=1e-15)
    (g,) = torch.autograd.grad(torch.inverse(m).sum(), m, create_graph=True)
    assert g.requires_grad


def test_pow_of_two_tensors_at_a_zero_base_is_pytorchs():
    """d/da a^b is 0 where b == 0, d/db a^b is 0 where a == 0 and b >= 0 (PyTorch's masks;
    gradcli gave nan there)."""
    from gradcli.namespace import torch_namespace
    torch = torch_namespace()
    a = torch.tensor([0.0, 0.0, 2.0, 0.5], requires_grad=True)
    b = torch.tensor([0.0, 2.0, 0.0, 1.5], requires_grad=True)
    (a ** b).sum().backward()
    assert a.grad.tolist() == pytest.approx([0.0, 0.0, 0.0, 1.5 * 0.5 ** 0.5])
    assert b.grad.tolist() == pytest.approx([0.0, 0.0, 0.6931471805599453,
                                             0.5 ** 1.5 * -0.6931471805599453])
    x = torch.tensor([0.0, 1.0], requires_grad=True)
    (x ** x).sum().backward()
    assert x.grad.tolist() == [0.0, 1.0]


def test_special_entr_ndtr_log_ndtr_match_pytorch():
    """Values and gradients as PyTorch 2.13 printed them (float64), tails included."""
    from gradcli.namespace import torch_namespace
    torch = torch_namespace()
    x = torch.tensor([-1.0, 0.0, 0.5, 2.0, -30.0, 8.0], dtype=torch.float64, requires_grad=True)
    inf, nan = np.inf, np.nan
    want = {
        "entr": ([-inf, 0.0, 0.34657359027997264, -1.3862943611198906, -inf, -16.635532333438686],
                 [nan, inf, -0.3068528194400547, -1.6931471805599454, nan, -3.0794415416798357]),
        "ndtr": ([0.15865525393145702, 0.5, 0.6914624612740131, 0.9772498680518208, 0.0,
                  0.9999999999999993],
                 [0.2419707245191433, 0.3989422804014327, 0.35206532676429947,
                  0.05399096651318802, 1.473646134878464e-196, 5.052271083536857e-15]),
        "log_ndtr": ([-1.841021645009264, -0.6931471805599453, -0.36894641528865635,
                      -0.02301290932896348, -454.32124395634327, -6.220960574271758e-16],
                     [1.525135276160982, 0.7978845608028654, 0.5091604338370335,
                      0.05524786267898997, 30.03325966743577, 5.052271083536893e-15]),
    }
    for name, (values, grads) in want.items():
        y = getattr(torch.special, name)(x)
        (g,) = torch.autograd.grad(y.sum(), x)
        np.testing.assert_allclose(y.detach().numpy(), values, rtol=1e-12, atol=0)
        np.testing.assert_allclose(g.numpy(), grads, rtol=1e-9, atol=0)
    assert torch.special.ndtr(x).grad_fn.name() == "MulBackward1"
    assert torch.special.log_ndtr(x).grad_fn.name() == "SpecialLogNdtrBackward0"
