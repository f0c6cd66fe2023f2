"""The smaller torch.nn modules over existing functional ops (normalisation, dropout, pooling,
padding, distance, activation and loss modules): reprs, node names, values and gradients
printed by one program, against what PyTorch 2.13 printed for it."""
from __future__ import annotations

import contextlib
import io
import re
import warnings

PROGRAM = 'import gradcli as torch\nimport gradcli.nn as nn\ntorch.manual_seed(0)\nx4 = torch.randn(2, 4, 3, 3, dtype=torch.float64, requires_grad=True)\nx3 = torch.randn(2, 4, 5, dtype=torch.float64, requires_grad=True)\nv = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)\nw = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)\nmods = [(nn.InstanceNorm1d(4), x3), (nn.InstanceNorm2d(4, affine=True), x4), (nn.GroupNorm(2, 4), x4),\n        (nn.InstanceNorm1d(4, track_running_stats=True), x3),\n        (nn.Dropout1d(0.5), x3), (nn.Dropout2d(0.3), x4), (nn.AlphaDropout(0.2), v),\n        (nn.AdaptiveMaxPool2d((2, 1)), x4), (nn.AdaptiveMaxPool1d(2), x3),\n        (nn.ZeroPad2d((1, 0, 2, 1)), x4), (nn.ConstantPad1d(2, 3.5), x3), (nn.ZeroPad1d(1), x3),\n        (nn.Hardshrink(0.3), v), (nn.Softshrink(), v), (nn.Threshold(0.1, 20.0), v), (nn.GLU(), v),\n        (nn.RReLU(), v), (nn.Softmax2d(), x4)]\nfor m, x in mods:\n    m = m.double() if hasattr(m, "double") else m\n    y = m(x)\n    y = y[0] if isinstance(y, tuple) else y\n    y.pow(2).sum().backward()\n    print(m, y.grad_fn.name(), round(y.sum().item(), 8), round(x.grad.sum().item(), 8))\n    x.grad = None\nt = torch.tensor([1.0, -1.0, 1.0], dtype=torch.float64)\nlosses = [(nn.KLDivLoss(reduction="batchmean"), (v.log_softmax(1), w.softmax(1))),\n          (nn.CosineEmbeddingLoss(0.1), (v, w, t)), (nn.MarginRankingLoss(0.2), (v[:, 0], w[:, 0], t)),\n          (nn.HingeEmbeddingLoss(), (v, torch.ones(3, 4, dtype=torch.float64))), (nn.TripletMarginLoss(), (v, w, v.flip(0))),\n          (nn.PoissonNLLLoss(), (v, w.abs())), (nn.GaussianNLLLoss(), (v, w, w.abs() + 0.1)),\n          (nn.SoftMarginLoss(), (v, torch.ones(3, 4, dtype=torch.float64))),\n          (nn.MultiMarginLoss(), (v, torch.tensor([0, 2, 3]))), (nn.MultiLabelSoftMarginLoss(), (v, (w > 0).double())),\n          (nn.MultiLabelMarginLoss(), (v, torch.tensor([[0, 2, -1, 0], [1, -1, 0, 0], [3, 0, -1, 0]]))),\n          (nn.CosineSimilarity(), (v, w)), (nn.PairwiseDistance(), (v, w))]\nfor m, args in losses:\n    y = m(*args)\n    y.sum().backward()\n    print(m, y.grad_fn.name(), [round(a, 8) for a in y.reshape(-1).tolist()], round(v.grad.sum().item(), 8))\n    v.grad = None\n    w.grad = None\nprint(nn.GroupNorm(2, 4, affine=False), nn.InstanceNorm2d(3, affine=True), nn.RReLU(0.1, 0.2, True), nn.ConstantPad2d((1, 2, 3, 4), 0.0))\ntry: nn.GroupNorm(3, 4)\nexcept ValueError as e: print(e)\ntry: nn.InstanceNorm1d(4)(torch.ones(2, 2, 2, 2))\nexcept ValueError as e: print(e)\n'

EXPECTED = 'InstanceNorm1d(4, eps=1e-05, momentum=0.1, affine=False, bias=False, track_running_stats=False) ViewBackward0 0.0 -0.0\nInstanceNorm2d(4, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=False) ViewBackward0 0.0 -0.0\nGroupNorm(2, 4, eps=1e-05, affine=True, bias=True) NativeGroupNormBackward0 0.0 -0.0\nInstanceNorm1d(4, eps=1e-05, momentum=0.1, affine=False, bias=False, track_running_stats=True) ViewBackward0 0.0 -0.0\nDropout1d(p=0.5, inplace=False) MulBackward0 0.38540082 1.54160329\nDropout2d(p=0.3, inplace=False) MulBackward0 -15.89720063 -45.42057323\nAlphaDropout(p=0.2, inplace=False) AddBackward0 2.44386254 8.64170036\nAdaptiveMaxPool2d(output_size=(2, 1)) AdaptiveMaxPool2DBackward0 18.96496399 37.92992798\nAdaptiveMaxPool1d(output_size=2) SqueezeBackward1 13.64904975 27.29809949\nZeroPad2d((1, 0, 2, 1)) ConstantPadNdBackward0 -8.2718398 -16.5436796\nConstantPad1d(padding=(2, 2), value=3.5) ConstantPadNdBackward0 106.09149877 -11.81700247\nZeroPad1d((1, 1)) ConstantPadNdBackward0 -5.90850123 -11.81700247\nHardshrink(0.3) HardshrinkBackward0 0.51306348 1.02612695\nSoftshrink(0.5) SoftshrinkBackward0 -0.27278749 -0.54557499\nThreshold(threshold=0.1, value=20.0) ThresholdBackward0 105.7037429 11.4074858\nGLU(dim=-1) GluBackward0 -0.3367816 0.80843941\nRReLU(lower=0.125, upper=0.3333333333333333) RreluWithNoiseBackward0 4.24425771 10.56272402\nSoftmax2d() SoftmaxBackward0 18.0 0.0\nKLDivLoss() DivBackward0 [1.05893806] -0.0\nCosineEmbeddingLoss() MeanBackward0 [0.6965855] -0.29445641\nMarginRankingLoss() MeanBackward0 [0.74534326] 0.0\nHingeEmbeddingLoss() MeanBackward0 [0.05129517] 1.0\nTripletMarginLoss() MeanBackward0 [2.18453826] -0.17333563\nPoissonNLLLoss() MeanBackward0 [1.93279888] 0.93340401\nGaussianNLLLoss() MeanBackward0 [1.73152248] 0.30941084\nSoftMarginLoss() SoftMarginLossBackward0 [0.79899208] -0.48871817\nMultiMarginLoss() MultiMarginLossBackward0 [0.31639889] -0.0\nMultiLabelSoftMarginLoss() MeanBackward0 [0.83493724] 0.01128183\nMultiLabelMarginLoss() MultilabelMarginLossBackward0 [1.27347801] 0.0\nCosineSimilarity() SumBackward1 [-0.35629614, -0.55156499, 0.26653964] 0.99994477\nPairwiseDistance() NormBackward1 [2.70180826, 4.27646304, 2.37348018] -0.5200069\nGroupNorm(2, 4, eps=1e-05, affine=False, bias=False) InstanceNorm2d(3, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=False) RReLU(lower=0.1, upper=0.2, inplace=True) ConstantPad2d(padding=(1, 2, 3, 4), value=0.0)\nnum_channels (4) must be divisible by num_groups (3)\nexpected 2D or 3D input (got 4D input)\n'


def _plain(text: str) -> str:
    # a rounded sum of values that cancel to ~1e-17 may print as -0.0 on one side
    return re.sub(r"-0\.0(?=\b|\])", "0.0", text)


def test_modules_print_what_pytorch_prints():
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(PROGRAM, "modules.py", "exec"), {})
    assert _plain(out.getvalue()) == _plain(EXPECTED)


BILINEAR = 'import gradcli as torch\ntorch.manual_seed(0)\nm = torch.nn.Bilinear(3, 2, 4)\nprint(m, m.weight[0], m.bias)\nx1 = torch.randn(5, 3, requires_grad=True); x2 = torch.randn(5, 2)\ny = m(x1, x2)\nprint(y.grad_fn.name(), y[0])\ny.sum().backward()\nprint(x1.grad[0], m.weight.grad.sum())\nprint(torch.nn.Bilinear(2, 2, 1, bias=False))\n'

BILINEAR_OUT = 'Bilinear(in1_features=3, in2_features=2, out_features=4, bias=True) tensor([[-0.0043,  0.3097],\n        [-0.4752, -0.4249],\n        [-0.2224,  0.1548]], grad_fn=<SelectBackward0>) Parameter containing:\ntensor([-0.0931,  0.0611,  0.5228, -0.5356], requires_grad=True)\nAddBackward0 tensor([-0.3896, -0.2255,  0.3242, -0.8604], grad_fn=<SelectBackward0>)\ntensor([0.7582, 0.5172, 0.6317]) tensor(-13.2116)\nBilinear(in1_features=2, in2_features=2, out_features=1, bias=False)\n'   # PyTorch 2.13's output


def test_bilinear_module_is_pytorchs():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(BILINEAR, "bilinear.py", "exec"), {})
    assert out.getvalue() == BILINEAR_OUT


TRANSFORMER = 'import gradcli as torch\ntorch.manual_seed(0)\nm = torch.nn.Transformer(d_model=8, nhead=2, num_encoder_layers=2, num_decoder_layers=1, dim_feedforward=16, dropout=0.0, dtype=torch.float64)\nprint(sum(p.numel() for p in m.parameters()), m.encoder.layers[0].self_attn.in_proj_weight[0, :3])\nprint(m.decoder.layers[0].linear1.weight[0, :3], m.decoder.norm)\nsrc = torch.randn(5, 2, 8, dtype=torch.float64)\ntgt = torch.randn(4, 2, 8, dtype=torch.float64, requires_grad=True)\nmask = torch.nn.Transformer.generate_square_subsequent_mask(4, dtype=torch.float64)\nprint(mask)\nout = m(src, tgt, tgt_mask=mask)\nprint(out.shape, out.grad_fn.name(), out[0, 0, :4])\nout.pow(2).sum().backward()\nprint(tgt.grad[0, 0, :4])\nm2 = torch.nn.Transformer(d_model=4, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=8, batch_first=True)\nprint(m2)\ntry:\n    m(src, tgt[:, :1])\nexcept RuntimeError as e:\n    print(e)\n'

TRANSFORMER_OUT = '2136 tensor([ 0.3126, -0.0012,  0.3503], dtype=torch.float64,\n       grad_fn=<SliceBackward0>)\ntensor([-0.2292, -0.3800,  0.3052], dtype=torch.float64,\n       grad_fn=<SliceBackward0>) LayerNorm((8,), eps=1e-05, elementwise_affine=True, bias=True)\ntensor([[0., -inf, -inf, -inf],\n        [0., 0., -inf, -inf],\n        [0., 0., 0., -inf],\n        [0., 0., 0., 0.]], dtype=torch.float64)\ntorch.Size([4, 2, 8]) NativeLayerNormBackward0 tensor([-1.7586,  1.2224,  0.1598, -1.3458], dtype=torch.float64,\n       grad_fn=<SliceBackward0>)\ntensor([-2.7815e-10, -6.3081e-11,  1.5915e-11,  5.6025e-12],\n       dtype=torch.float64)\nTransformer(\n  (encoder): TransformerEncoder(\n    (layers): ModuleList(\n      (0): TransformerEncoderLayer(\n        (self_attn): MultiheadAttention(\n          (out_proj): NonDynamicallyQuantizableLinear(in_features=4, out_features=4, bias=True)\n        )\n        (linear1): Linear(in_features=4, out_features=8, bias=True)\n        (dropout): Dropout(p=0.1, inplace=False)\n        (linear2): Linear(in_features=8, out_features=4, bias=True)\n        (norm1): LayerNorm((4,), eps=1e-05, elementwise_affine=True, bias=True)\n        (norm2): LayerNorm((4,), eps=1e-05, elementwise_affine=True, bias=True)\n        (dropout1): Dropout(p=0.1, inplace=False)\n        (dropout2): Dropout(p=0.1, inplace=False)\n      )\n    )\n    (norm): LayerNorm((4,), eps=1e-05, elementwise_affine=True, bias=True)\n  )\n  (decoder): TransformerDecoder(\n    (layers): ModuleList(\n      (0): TransformerDecoderLayer(\n        (self_attn): MultiheadAttention(\n          (out_proj): NonDynamicallyQuantizableLinear(in_features=4, out_features=4, bias=True)\n        )\n        (multihead_attn): MultiheadAttention(\n          (out_proj): NonDynamicallyQuantizableLinear(in_features=4, out_features=4, bias=True)\n        )\n        (linear1): Linear(in_features=4, out_features=8, bias=True)\n        (dropout): Dropout(p=0.1, inplace=False)\n        (linear2): Linear(in_features=8, out_features=4, bias=True)\n        (norm1): LayerNorm((4,), eps=1e-05, elementwise_affine=True, bias=True)\n        (norm2): LayerNorm((4,), eps=1e-05, elementwise_affine=True, bias=True)\n        (norm3): LayerNorm((4,), eps=1e-05, elementwise_affine=True, bias=True)\n        (dropout1): Dropout(p=0.1, inplace=False)\n        (dropout2): Dropout(p=0.1, inplace=False)\n        (dropout3): Dropout(p=0.1, inplace=False)\n      )\n    )\n    (norm): LayerNorm((4,), eps=1e-05, elementwise_affine=True, bias=True)\n  )\n)\nthe batch number of src and tgt must be equal\n'   # PyTorch 2.13's output


# The last gradient printed is round-off (~1e-11) whose last digit follows the matrix
# products' kernels: PyTorch 2.13 printed the text above on a CPU with AVX-512 and this on
# one with AVX2 only (as gradcli does on each, through NumPy's BLAS).
TRANSFORMER_OUTS = (TRANSFORMER_OUT, TRANSFORMER_OUT.replace("1.5915e-11,  5.6025e-12]",
                                                             "1.5915e-11,  5.6024e-12]"))


def test_transformer_model_is_pytorchs():
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(TRANSFORMER, "transformer.py", "exec"), {})
    assert out.getvalue() in TRANSFORMER_OUTS
