"""The ops of `gradcli/ops/extra.py`: values, `grad_fn` names and gradients on small inputs
(recorded from PyTorch 2.13, so this runs without it), the graphs of the composed ops, the
accuracy of lgamma, digamma, polygamma and erfinv against known values and identities, and
PyTorch's error texts."""
from __future__ import annotations

import hashlib
import math
import warnings

import numpy as np
import pytest

import gradcli  # noqa: F401
from gradcli.errors import GradcliError
from gradcli.namespace import torch_namespace
from gradcli.ops.extra import digamma_np, erfinv_np, lgamma_np, polygamma_np

torch = torch_namespace()
NAN, INF = float("nan"), float("inf")
F64 = torch.float64
EULER = 0.5772156649015329


def env():
    t = torch.tensor
    return dict(
        torch=torch, nan=NAN, inf=INF, F64=F64,
        X=t([[0.5, 1.5, 2.5], [3., 0.25, 1.25]], dtype=F64, requires_grad=True),
        Y=t([[0.3, -0.7, 0.9], [-0.2, 0.6, 0.1]], dtype=F64, requires_grad=True),
        Z=t([[1., NAN, 3.], [0.5, 2., NAN]], dtype=F64, requires_grad=True))


def run(formula):
    e = env()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return eval(formula, {"__builtins__": {}, "float": float}, e), e  # literals below


# (formula, grad_fn name, values, gradients of out.sum() by leaf name or None), as PyTorch
# 2.13 prints them in float64.
CASES = [
    ('torch.lgamma(X)', 'LgammaBackward0',
     [[0.5723649429247001, -0.12078223763524522, 0.2846828704729192],
      [0.6931471805599453, 1.2880225246980774, -0.09827183642181316]],
     {'X': [[-1.9635100260214229, 0.036489973978576194, 0.7031566406452431],
            [0.922784335098467, -4.2274535333762655, -0.22745353337626562]]}),
    ('X.lgamma()', 'LgammaBackward0',
     [[0.5723649429247001, -0.12078223763524522, 0.2846828704729192],
      [0.6931471805599453, 1.2880225246980774, -0.09827183642181316]],
     {'X': [[-1.9635100260214229, 0.036489973978576194, 0.7031566406452431],
            [0.922784335098467, -4.2274535333762655, -0.22745353337626562]]}),
    ('torch.special.gammaln(X)', 'LgammaBackward0',
     [[0.5723649429247001, -0.12078223763524522, 0.2846828704729192],
      [0.6931471805599453, 1.2880225246980774, -0.09827183642181316]],
     {'X': [[-1.9635100260214229, 0.036489973978576194, 0.7031566406452431],
            [0.922784335098467, -4.2274535333762655, -0.22745353337626562]]}),
    ('torch.lgamma(torch.tensor([0., -1., -2.5, 1e-300, 171.5, 1e6], dtype=F64))', None,
     [INF, INF, -0.05624371649767405, 690.7755278982137, 709.1431630309282, 12815504.569147611],
     None),
    ('torch.digamma(X)', 'DigammaBackward0',
     [[-1.9635100260214229, 0.036489973978576194, 0.7031566406452431],
      [0.922784335098467, -4.2274535333762655, -0.22745353337626562]],
     {'X': [[4.934802202073678, 0.9348022009716718, 0.4903577562398206],
            [0.39493406693194577, 17.19732915341456, 1.1973291550849248]]}),
    ('torch.special.psi(X)', 'DigammaBackward0',
     [[-1.9635100260214229, 0.036489973978576194, 0.7031566406452431],
      [0.922784335098467, -4.2274535333762655, -0.22745353337626562]],
     {'X': [[4.934802202073678, 0.9348022009716718, 0.4903577562398206],
            [0.39493406693194577, 17.19732915341456, 1.1973291550849248]]}),
    ('torch.digamma(torch.tensor([0., -0., -1., -2.5, 1e-8, 1e17, 1.4616321449683622], '
     'dtype=F64))', None,
     [-INF, INF, NAN, 1.1031566406452433, -100000000.57721564, 39.14394658089878,
      -4.069010753338098e-16],
     None),
    ('torch.polygamma(0, X)', 'PolygammaBackward0',
     [[-1.9635100260214229, 0.036489973978576194, 0.7031566406452431],
      [0.922784335098467, -4.2274535333762655, -0.22745353337626562]],
     {'X': [[4.934802202073678, 0.9348022009716718, 0.4903577562398206],
            [0.39493406693194577, 17.19732915341456, 1.1973291550849248]]}),
    ('torch.polygamma(2, X)', 'PolygammaBackward0',
     [[-16.828796644234316, -0.8287966442343201, -0.23620405164172736],
      [-0.15411380631918856, -129.32773993753688, -1.32773993753692]],
     {'X': [[97.40909103400242, 1.4090910340024367, 0.2239058488172521],
            [0.11893940226682916, 1538.782144009189, 2.782144009188397]]}),
    ('X.polygamma(3)', 'PolygammaBackward0',
     [[97.40909103400242, 1.4090910340024367, 0.2239058488172521],
      [0.11893940226682916, 1538.782144009189, 2.782144009188397]],
     {'X': [[-771.474249826668, -3.4742498266672253, -0.3137559995067314],
            [-0.13626612344087827, -24584.37538863795, -8.375388637933733]]}),
    ('torch.special.polygamma(2, X)', 'PolygammaBackward0',
     [[-16.828796644234316, -0.8287966442343201, -0.23620405164172736],
      [-0.15411380631918856, -129.32773993753688, -1.32773993753692]],
     {'X': [[97.40909103400242, 1.4090910340024367, 0.2239058488172521],
            [0.11893940226682916, 1538.782144009189, 2.782144009188397]]}),
    ('torch.polygamma(1, torch.tensor([0., 1e-3, 25.5, 1e4], dtype=F64))', None,
     [INF, 1000001.6425331949, 0.03999466964956401, 0.00010000500016666666],
     None),
    ('torch.polygamma(2, torch.tensor([0., -1.5, 1e-3, 7.25], dtype=F64))', None,
     [-INF, -0.23620405164172825, -2000000002.3976321, -0.021828952295197733],
     None),
    ('torch.polygamma(3, torch.tensor([0.1, -2.5, 40.], dtype=F64))', None,
     [60004.512876790235, 194.74787621918756, 3.24414001515635e-05],
     None),
    ('torch.erfinv(Y)', 'ErfinvBackward0',
     [[0.2724627147267543, -0.7328690779592167, 1.1630871536766743],
      [-0.1791434546212917, 0.5951160814499948, 0.08885599049425769]],
     {'Y': [[0.9545203588405493, 1.5163632173337642, 3.4280428114518418],
            [0.9151293475072344, 1.2628624281411842, 0.8932517253051874]]}),
    ('torch.special.erfinv(Y)', 'ErfinvBackward0',
     [[0.2724627147267543, -0.7328690779592167, 1.1630871536766743],
      [-0.1791434546212917, 0.5951160814499948, 0.08885599049425769]],
     {'Y': [[0.9545203588405493, 1.5163632173337642, 3.4280428114518418],
            [0.9151293475072344, 1.2628624281411842, 0.8932517253051874]]}),
    ('torch.erfinv(torch.tensor([1., -1., 1.5, 0., 0.999999999999, -1e-300, 0.5], '
     'dtype=F64))', None,
     [INF, -INF, NAN, 0.0, 5.042031898572696, -8.86226925452758e-301, 0.4769362762044699],
     None),
    ('torch.erfinv(torch.tensor([0, 1]))', None,
     [0.0, INF],
     None),
    ('torch.lgamma(torch.tensor([1, 3]))', None,
     [0.0, 0.6931471824645996],
     None),
    ('torch.float_power(X, 2)', 'PowBackward0',
     [[0.25, 2.25, 6.25], [9.0, 0.0625, 1.5625]],
     {'X': [[1.0, 3.0, 5.0], [6.0, 0.5, 2.5]]}),
    ('torch.float_power(X.float(), 0.5)', 'PowBackward0',
     [[0.7071067811865476, 1.224744871391589, 1.5811388300841898],
      [1.7320508075688772, 0.5, 1.118033988749895]],
     {'X': [[0.7071067690849304, 0.40824830532073975, 0.3162277638912201],
            [0.28867512941360474, 1.0, 0.4472135901451111]]}),
    ('X.float_power(Y)', 'PowBackward1',
     [[0.8122523963562356, 0.752897956971237, 2.2811088413887024],
      [0.8027415617602307, 0.43527528164806206, 1.0225651825635729]],
     {'X': [[0.48735143781374124, -0.3513523799199106, 0.8211991828999328],
            [-0.05351610411734872, 1.044660675955349, 0.08180521460508583]],
      'Y': [[-0.5630104584373838, 0.3052738515177587, 2.09015888976066],
            [0.8819017443744198, -0.6034196684835806, 0.2281788262874989]]}),
    ('torch.float_power(2, X)', 'PowBackward2',
     [[1.4142135623730951, 2.8284271247461903, 5.656854249492381],
      [8.0, 1.189207115002721, 2.378414230005442]],
     {'X': [[0.9802581434685472, 1.9605162869370945, 3.921032573874189],
            [5.545177444479562, 0.8242955588659627, 1.6485911177319255]]}),
    ('torch.float_power(torch.tensor([2, 3]), 2)', None,
     [4.0, 9.0],
     None),
    ('torch.special.xlog1py(X, Y)', 'SpecialXlog1PyBackward0',
     [[0.13118213223374553, -1.8059592064889038, 1.604634715430987],
      [-0.6694306539426294, 0.1175009073114339, 0.11913772475540609]],
     {'X': [[0.26236426446749106, -1.203972804325936, 0.6418538861723948],
            [-0.22314355131420976, 0.4700036292457356, 0.09531017980432487]],
      'Y': [[0.3846153846153846, 4.999999999999999, 1.3157894736842106],
            [3.75, 0.15625, 1.1363636363636362]]}),
    ('torch.special.xlog1py(2, Y)', 'SpecialXlog1PyBackward1',
     [[0.5247285289349821, -2.407945608651872, 1.2837077723447896],
      [-0.44628710262841953, 0.9400072584914712, 0.19062035960864973]],
     {'Y': [[1.5384615384615383, 6.666666666666666, 1.0526315789473684],
            [2.5, 1.25, 1.8181818181818181]]}),
    ('torch.special.xlog1py(X, 0.5)', 'SpecialXlog1PyBackward2',
     [[0.2027325540540822, 0.6081976621622466, 1.013662770270411],
      [1.2163953243244932, 0.1013662770270411, 0.5068313851352055]],
     {'X': [[0.4054651081081644, 0.4054651081081644, 0.4054651081081644],
            [0.4054651081081644, 0.4054651081081644, 0.4054651081081644]]}),
    ('torch.special.xlog1py(torch.tensor([0., 0., 2.]), torch.tensor([nan, -1., 3.]))', None,
     [NAN, 0.0, 2.7725887298583984],
     None),
    ('torch.special.expit(X)', 'SigmoidBackward0',
     [[0.6224593312018546, 0.8175744761936437, 0.9241418199787566],
      [0.9525741268224334, 0.5621765008857981, 0.7772998611746911]],
     {'X': [[0.2350037122015945, 0.14914645207033286, 0.07010371654510807],
            [0.045176659730912, 0.24613408273759835, 0.17310478699249707]]}),
    ('torch.heaviside(Y, torch.tensor([0.5], dtype=F64))', 'torch::autograd::NotImplemented',
     [[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]],
     None),
    ('torch.heaviside(torch.tensor([-1., 0., 2.]), torch.tensor([0.5, 0.25, 0.]))', None,
     [0.0, 0.25, 1.0],
     None),
    ('torch.nansum(Z)', 'NansumBackward0',
     6.5,
     {'Z': [[1.0, 0.0, 1.0], [1.0, 1.0, 0.0]]}),
    ('torch.nansum(Z, 1)', 'NansumBackward0',
     [4.0, 2.5],
     {'Z': [[1.0, 0.0, 1.0], [1.0, 1.0, 0.0]]}),
    ('Z.nansum(0, keepdim=True)', 'NansumBackward0',
     [[1.5, 2.0, 3.0]],
     {'Z': [[1.0, 0.0, 1.0], [1.0, 1.0, 0.0]]}),
    ('torch.nansum(torch.tensor([1, 2, 3]))', None,
     6,
     None),
    ('torch.nanmean(Z)', 'DivBackward0',
     1.625,
     {'Z': [[0.25, 0.0, 0.25], [0.25, 0.25, 0.0]]}),
    ('torch.nanmean(Z, 1)', 'DivBackward0',
     [2.0, 1.25],
     {'Z': [[0.5, 0.0, 0.5], [0.5, 0.5, 0.0]]}),
    ('Z.nanmean(0, True)', 'DivBackward0',
     [[0.75, 2.0, 3.0]],
     {'Z': [[0.5, 0.0, 1.0], [0.5, 1.0, 0.0]]}),
    ('torch.dist(X, Y)', 'DistBackward0',
     4.373213921133976,
     {'X': [[0.04573295603800235, 0.5030625164180259, 0.3658636483040188],
            [0.7317272966080376, -0.0800326730665041, 0.2629644972185135]],
      'Y': [[-0.04573295603800235, -0.5030625164180259, -0.3658636483040188],
            [-0.7317272966080376, 0.0800326730665041, -0.2629644972185135]]}),
    ('torch.dist(X, Y, 1)', 'DistBackward0',
     8.7,
     {'X': [[1.0, 1.0, 1.0], [1.0, -1.0, 1.0]],
      'Y': [[-1.0, -1.0, -1.0], [-1.0, 1.0, -1.0]]}),
    ('torch.dist(X, Y, 3)', 'DistBackward0',
     3.661389331901238,
     {'X': [[0.0029837894063931454, 0.3610385181735706, 0.1909625220091613],
            [0.7638500880366452, -0.009137855057079005, 0.09865153724887334]],
      'Y': [[-0.0029837894063931454, -0.3610385181735706, -0.1909625220091613],
            [-0.7638500880366452, 0.009137855057079005, -0.09865153724887334]]}),
    ("X.dist(Y, float('inf'))", 'DistBackward0',
     3.2,
     {'X': [[0.0, 0.0, 0.0], [1.0, -0.0, 0.0]],
      'Y': [[-0.0, -0.0, -0.0], [-1.0, 0.0, -0.0]]}),
    ('torch.logcumsumexp(X, 1)', 'LogcumsumexpBackward0',
     [[0.5, 1.8132616875182228, 2.90760596444438], [3.0, 3.0619675890031988, 3.213256276635939]],
     {'X': [[1.3589719945403755, 0.9757870496848025, 0.665240955774822],
            [2.7478624020429785, 0.11173710504622604, 0.14040049291079526]]}),
    ('X.logcumsumexp(0)', 'LogcumsumexpBackward0',
     [[0.5, 1.5, 2.5], [3.0788897342925496, 1.751929081345373, 2.7519290813453727]],
     {'X': [[1.0758581800212434, 1.777299861174691, 1.7772998611746913],
            [0.9241418199787564, 0.22270013882530884, 0.2227001388253089]]}),
    ('torch.logcumsumexp(torch.tensor([-1000., 0., 1000.], dtype=F64), 0)', None,
     [-1000.0, 0.0, 1000.0],
     None),
    ('torch.vdot(X[0], Y[1])', 'VdotBackward0',
     1.0499999999999998,
     {'X': [[-0.2, 0.6, 0.1], [0.0, 0.0, 0.0]],
      'Y': [[0.0, 0.0, 0.0], [0.5, 1.5, 2.5]]}),
    ('torch.tensordot(X, Y, dims=([1], [1]))', 'ViewBackward0',
     [[1.35, 1.0499999999999998], [1.8499999999999999, -0.32500000000000007]],
     {'X': [[0.09999999999999998, -0.09999999999999998, 1.0],
            [0.09999999999999998, -0.09999999999999998, 1.0]],
      'Y': [[3.5, 1.75, 3.75], [3.5, 1.75, 3.75]]}),
    ('torch.tensordot(X, Y)', 'ViewBackward0',
     1.025,
     {'X': [[0.3, -0.7, 0.9], [-0.2, 0.6, 0.1]],
      'Y': [[0.5, 1.5, 2.5], [3.0, 0.25, 1.25]]}),
    ('torch.tensordot(X[0], Y[1], dims=1)', 'ViewBackward0',
     1.0499999999999998,
     {'X': [[-0.2, 0.6, 0.1], [0.0, 0.0, 0.0]],
      'Y': [[0.0, 0.0, 0.0], [0.5, 1.5, 2.5]]}),
    ('torch.tensordot(X, Y[0], dims=0)', 'ViewBackward0',
     [[[0.15, -0.35, 0.45], [0.44999999999999996, -1.0499999999999998, 1.35], [0.75, -1.75, 2.25]],
      [[0.8999999999999999, -2.0999999999999996, 2.7], [0.075, -0.175, 0.225],
       [0.375, -0.875, 1.125]]],
     {'X': [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]],
      'Y': [[9.0, 9.0, 9.0], [0.0, 0.0, 0.0]]}),
    ('torch.baddbmm(X.view(2, 3, 1), X.view(2, 3, 1), Y.view(2, 1, 3))', 'BaddbmmBackward0',
     [[[0.65, 0.15000000000000002, 0.95], [1.95, 0.4500000000000002, 2.85], [3.25, 0.75, 4.75]],
      [[2.4, 4.8, 3.3], [0.2, 0.4, 0.275], [1.0, 2.0, 1.375]]],
     {'X': [[3.5, 3.5, 3.5], [3.5, 3.5, 3.5]],
      'Y': [[4.5, 4.5, 4.5], [4.5, 4.5, 4.5]]}),
    ('torch.baddbmm(X[0], X.view(2, 3, 1), Y.view(2, 1, 3), beta=0.5, alpha=2)', 'BaddbmmBackward0',
     [[[0.55, 0.050000000000000044, 2.15], [1.15, -1.3499999999999996, 3.95], [1.75, -2.75, 5.75]],
      [[-0.9500000000000002, 4.35, 1.85], [0.15, 1.05, 1.3], [-0.25, 2.25, 1.5]]],
     {'X': [[4.0, 4.0, 4.0], [1.0, 1.0, 1.0]],
      'Y': [[9.0, 9.0, 9.0], [9.0, 9.0, 9.0]]}),
    ('torch.diag_embed(X)', 'DiagEmbedBackward0',
     [[[0.5, 0.0, 0.0], [0.0, 1.5, 0.0], [0.0, 0.0, 2.5]],
      [[3.0, 0.0, 0.0], [0.0, 0.25, 0.0], [0.0, 0.0, 1.25]]],
     {'X': [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]}),
    ('torch.diag_embed(X[0], 1)', 'DiagEmbedBackward0',
     [[0.0, 0.5, 0.0, 0.0], [0.0, 0.0, 1.5, 0.0], [0.0, 0.0, 0.0, 2.5], [0.0, 0.0, 0.0, 0.0]],
     {'X': [[1.0, 1.0, 1.0], [0.0, 0.0, 0.0]]}),
    ('X.diag_embed(-1, 0, 2)', 'DiagEmbedBackward0',
     [[[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]], [[0.5, 0.0, 0.0, 0.0], [3.0, 0.0, 0.0, 0.0]],
      [[0.0, 1.5, 0.0, 0.0], [0.0, 0.25, 0.0, 0.0]], [[0.0, 0.0, 2.5, 0.0], [0.0, 0.0, 1.25, 0.0]]],
     {'X': [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]}),
    ('torch.dstack([X, Y])', 'CatBackward0',
     [[[0.5, 0.3], [1.5, -0.7], [2.5, 0.9]], [[3.0, -0.2], [0.25, 0.6], [1.25, 0.1]]],
     {'X': [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]],
      'Y': [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]}),
    ('torch.dstack([X[0], Y[0]])', 'CatBackward0',
     [[[0.5, 0.3], [1.5, -0.7], [2.5, 0.9]]],
     {'X': [[1.0, 1.0, 1.0], [0.0, 0.0, 0.0]],
      'Y': [[1.0, 1.0, 1.0], [0.0, 0.0, 0.0]]}),
    ('torch.dstack([X[0, 0], Y[0, 0]])', 'CatBackward0',
     [[[0.5, 0.3]]],
     {'X': [[1.0, 0.0, 0.0], [0.0, 0.0, 0.0]],
      'Y': [[1.0, 0.0, 0.0], [0.0, 0.0, 0.0]]}),
    ('torch.trapezoid(X)', 'MulBackward1',
     [3.0, 2.375],
     {'X': [[0.5, 1.0, 0.5], [0.5, 1.0, 0.5]]}),
    ('torch.trapezoid(X, dx=0.5)', 'MulBackward1',
     [1.5, 1.1875],
     {'X': [[0.25, 0.5, 0.25], [0.25, 0.5, 0.25]]}),
    ('torch.trapezoid(X, dim=0)', 'MulBackward1',
     [1.75, 0.875, 1.875],
     {'X': [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]]}),
    ('torch.trapezoid(X, torch.tensor([0., 1., 3.], dtype=F64))', 'DivBackward1',
     [5.0, 3.125],
     {'X': [[0.5, 1.5, 1.0], [0.5, 1.5, 1.0]]}),
    ('torch.trapz(X, Y)', 'DivBackward1',
     [2.2, 0.925],
     {'X': [[-0.5, 0.30000000000000004, 0.8], [0.4, 0.15000000000000002, -0.25]],
      'Y': [[-1.0, -1.0, 2.0], [-1.625, 0.875, 0.75]]}),
    ('torch.cumulative_trapezoid(X)', 'CumsumBackward0',
     [[1.0, 3.0], [1.625, 2.375]],
     {'X': [[1.0, 1.5, 0.5], [1.0, 1.5, 0.5]]}),
    ('torch.cumulative_trapezoid(X, torch.tensor([0., 1., 3.], dtype=F64))', 'DivBackward1',
     [[1.0, 5.0], [1.625, 3.125]],
     {'X': [[1.0, 2.0, 1.0], [1.0, 2.0, 1.0]]}),
]


@pytest.mark.parametrize("formula, grad_fn, values, grads", CASES, ids=[c[0] for c in CASES])
def test_value_node_and_gradient(formula, grad_fn, values, grads):
    out, e = run(formula)
    assert (None if out.grad_fn is None else out.grad_fn.name()) == grad_fn
    # PyTorch's trigamma is good to ~1e-9 only (digamma's gradient); the rest agree closely
    np.testing.assert_allclose(out._data, values, rtol=1e-9, atol=1e-14)
    if grads is None:
        return
    out.sum().backward()
    for name, expect in grads.items():
        np.testing.assert_allclose(e[name].grad._data, expect, rtol=1e-9, atol=1e-14,
                                   err_msg=f"gradient of {name}")


def names(t):
    """The node names of t's graph, depth first (PyTorch's `next_functions` order)."""
    out, stack = [], [(t.grad_fn, 0)]
    while stack:
        fn, depth = stack.pop()
        out.append("  " * depth + ("None" if fn is None else type(fn).__name__))
        if fn is not None:
            stack.extend((n, depth + 1) for n, _ in reversed(fn.next_functions))
    return out


# Graphs of the ops PyTorch composes, as PyTorch 2.13 records them (depth first).
GRAPHS = [
    ('torch.tensordot(X, Y.view(3, 2), dims=1)',
     'ViewBackward0 MmBackward0 ViewBackward0 PermuteBackward0 AccumulateGrad ViewBackward0 '
     'PermuteBackward0 ViewBackward0 AccumulateGrad'),
    ('torch.tensordot(X.view(3, 2, 1), Y.view(1, 2, 3), dims=([0, 1], [2, 1]))',
     'ViewBackward0 SumBackward0 MulBackward0 SqueezeBackward0 PermuteBackward0 ViewBackward0 '
     'AccumulateGrad SqueezeBackward0 PermuteBackward0 ViewBackward0 AccumulateGrad'),
    ('torch.tensordot(X.view(1, 2, 3), Y.view(3, 2), dims=([2], [0]))',
     'ViewBackward0 MmBackward0 ViewBackward0 PermuteBackward0 ViewBackward0 AccumulateGrad '
     'ViewBackward0 PermuteBackward0 ViewBackward0 AccumulateGrad'),
    ('torch.tensordot(X.view(3, 2, 1), Y.view(1, 3, 2), dims=([0, 1], [1, 2]))',
     'ViewBackward0 DotBackward0 ViewBackward0 PermuteBackward0 ViewBackward0 AccumulateGrad '
     'ViewBackward0 PermuteBackward0 ViewBackward0 AccumulateGrad'),
    ('torch.tensordot(X[0], Y[1], dims=1)',
     'ViewBackward0 DotBackward0 PermuteBackward0 SelectBackward0 AccumulateGrad '
     'PermuteBackward0 SelectBackward0 AccumulateGrad'),
    ('torch.tensordot(X.t(), Y.t(), dims=2)',
     'ViewBackward0 SumBackward0 MulBackward0 SqueezeBackward0 PermuteBackward0 TBackward0 '
     'AccumulateGrad SqueezeBackward0 PermuteBackward0 TBackward0 AccumulateGrad'),
    ('torch.tensordot(X.view(3, 2, 1), Y.view(3, 2), dims=([1, 0], [1, 0]))',
     'ViewBackward0 SumBackward0 MulBackward0 SqueezeBackward0 PermuteBackward0 ViewBackward0 '
     'AccumulateGrad SqueezeBackward0 PermuteBackward0 ViewBackward0 AccumulateGrad'),
    ("torch.trapezoid(X)",
     "MulBackward1 SubBackward0 SumBackward1 AccumulateGrad MulBackward1 AddBackward0 "
     "SelectBackward0 AccumulateGrad SelectBackward0 AccumulateGrad"),
    ("torch.trapezoid(X, torch.tensor([0., 1., 3.], dtype=F64, requires_grad=True))",
     "DivBackward1 SumBackward1 MulBackward0 AddBackward0 SliceBackward0 AccumulateGrad "
     "SliceBackward0 AccumulateGrad SubBackward0 SliceBackward0 ViewBackward0 AccumulateGrad "
     "SliceBackward0 ViewBackward0 AccumulateGrad"),
    ("torch.cumulative_trapezoid(X)",
     "CumsumBackward0 MulBackward1 AddBackward0 SliceBackward0 AccumulateGrad SliceBackward0 "
     "AccumulateGrad"),
    ("torch.nanmean(Z, 1)", "DivBackward0 NansumBackward0 AccumulateGrad None"),
    ("torch.dstack([X[0, 0], Y[0, 0]])",
     "CatBackward0 ViewBackward0 SelectBackward0 SelectBackward0 AccumulateGrad ViewBackward0 "
     "SelectBackward0 SelectBackward0 AccumulateGrad"),
    ("torch.dstack([X[0], Y[:1]])",
     "CatBackward0 UnsqueezeBackward0 UnsqueezeBackward0 SelectBackward0 AccumulateGrad "
     "UnsqueezeBackward0 SliceBackward0 AccumulateGrad"),
    ("torch.float_power(X.float(), 2)",
     "PowBackward0 ToCopyBackward0 ToCopyBackward0 AccumulateGrad"),
]


@pytest.mark.parametrize("formula, graph", GRAPHS, ids=[g[0] for g in GRAPHS])
def test_composed_graph_matches_pytorch(formula, graph):
    out, _ = run(formula)
    assert [n.strip() for n in names(out)] == graph.split()


def test_std_mean_and_var_mean():
    x = torch.tensor([[1., 2., 4.], [3., 5., 9.]], dtype=F64, requires_grad=True)
    s, m = torch.std_mean(x, 1)
    assert s.grad_fn.name() == m.grad_fn.name() == "StdMeanBackward0" and s.grad_fn is m.grad_fn
    np.testing.assert_allclose(s._data, [1.5275252316519465, 3.055050463303893], rtol=1e-14)
    np.testing.assert_allclose(m._data, [2.3333333333333335, 5.666666666666667], rtol=1e-14)
    (s * 2 + m).sum().backward()
    np.testing.assert_allclose(x.grad._data, [
        [-0.5395382276106364, 0.11511544309734081, 1.424422784513295],
        [-0.5395382276106364, 0.11511544309734081, 1.424422784513295]], rtol=1e-12)
    v, m = torch.var_mean(x, 0, keepdim=True, correction=0)
    assert v.grad_fn.name() == "VarMeanBackward0"
    np.testing.assert_allclose(v._data, [[1.0, 2.25, 6.25]])
    np.testing.assert_allclose(m._data, [[2.0, 3.5, 6.5]])
    x.grad = None
    v.sum().backward()
    np.testing.assert_allclose(x.grad._data, [[-1.0, -1.5, -2.5], [1.0, 1.5, 2.5]])
    s, m = torch.std_mean(torch.tensor([1., 2., 4.]), unbiased=False)
    assert s.item() == pytest.approx(1.247219128924647) and m.item() == pytest.approx(7 / 3)


def test_cummax_cummin_values_indices_and_gradient():
    x = torch.tensor([0.5, 2., 1., 3., 3., NAN, 4.], dtype=F64, requires_grad=True)
    r = torch.cummax(x, 0)
    assert r.values.grad_fn.name() == "CummaxBackward0" and r.indices.grad_fn is None
    np.testing.assert_array_equal(r.values._data, [0.5, 2., 2., 3., 3., NAN, NAN])
    assert r.indices.tolist() == [0, 1, 1, 3, 4, 5, 5]       # ties take the later index
    r.values.sum().backward()
    assert x.grad.tolist() == [1., 2., 0., 1., 1., 2., 0.]
    r = torch.tensor([[3, 1, 2], [0, 5, -1]]).cummin(1)
    assert r.values.tolist() == [[3, 1, 1], [0, 0, -1]]
    assert r.indices.tolist() == [[0, 1, 1], [0, 0, 2]]
    assert "torch.return_types.cummin(" in repr(r)


def test_special_function_accuracy():
    x = np.concatenate([np.linspace(-9.7, 30.3, 801), np.geomspace(1e-6, 1e8, 200)])
    x = x[(x > 0) | (x != np.round(x))]                 # math.lgamma refuses the poles
    want = np.array([math.lgamma(v) for v in x])
    np.testing.assert_array_equal(lgamma_np(x), want)
    # digamma: known values, the recurrence psi(x) = psi(x+1) - 1/x and reflection
    np.testing.assert_allclose(digamma_np(np.array([1., 0.5, 10., 0.25])),
                               [-EULER, -EULER - 2 * math.log(2), 2.251752589066721,
                                -EULER - math.pi / 2 - 3 * math.log(2)], rtol=1e-15)
    pos = np.geomspace(1e-3, 1e5, 300)
    np.testing.assert_allclose(digamma_np(pos), digamma_np(pos + 1) - 1 / pos, rtol=1e-13)
    frac = np.linspace(-7.9, -0.1, 40) + 0.013
    np.testing.assert_allclose(digamma_np(frac), digamma_np(1 - frac) - math.pi
                               / np.tan(math.pi * frac), rtol=1e-12)


def test_polygamma_accuracy():
    zeta3, zeta5 = 1.2020569031595942, 1.0369277551433699
    np.testing.assert_allclose(polygamma_np(1, np.array([1., 0.5, 2.])),
                               [math.pi ** 2 / 6, math.pi ** 2 / 2, math.pi ** 2 / 6 - 1],
                               rtol=1e-15)
    np.testing.assert_allclose(polygamma_np(2, np.array([1., 0.5])),
                               [-2 * zeta3, -14 * zeta3], rtol=1e-15)
    np.testing.assert_allclose(polygamma_np(3, np.array([1.])), [math.pi ** 4 / 15],
                               rtol=1e-15)
    np.testing.assert_allclose(polygamma_np(4, np.array([1.])), [-24 * zeta5], rtol=1e-15)
    x = np.geomspace(1e-2, 1e4, 200)
    for n in range(1, 5):       # psi_n(x) = psi_n(x + 1) - (-1)^n n! / x^(n+1): no cancelling
        step = (-1) ** n * math.factorial(n) / x ** (n + 1)
        np.testing.assert_allclose(polygamma_np(n, x), polygamma_np(n, x + 1) - step,
                                   rtol=1e-13, err_msg=f"n={n}")
    # the trigamma reflection psi_1(1 - x) + psi_1(x) = pi^2 / sin^2(pi x)
    neg = np.linspace(-5.9, -0.1, 30) + 0.017
    np.testing.assert_allclose(polygamma_np(1, neg) + polygamma_np(1, 1 - neg),
                               (math.pi / np.sin(math.pi * neg)) ** 2, rtol=1e-12)
    assert polygamma_np(1, np.array([0.]))[0] == INF
    assert polygamma_np(2, np.array([-1.]))[0] == -INF


def test_erfinv_accuracy():
    body = np.linspace(-0.999, 0.999, 4001)
    y = erfinv_np(body)
    np.testing.assert_allclose([math.erf(v) for v in y], body, rtol=4e-16, atol=1e-300)
    tail = 1 - np.geomspace(1.2e-16, 0.4, 300)
    y = erfinv_np(tail)
    np.testing.assert_allclose([math.erfc(v) for v in y], 1 - tail, rtol=1e-14)
    np.testing.assert_allclose(erfinv_np(-tail), -y, rtol=0)
    tiny = np.geomspace(1e-300, 1e-8, 50)
    np.testing.assert_allclose(erfinv_np(tiny), tiny * math.sqrt(math.pi) / 2, rtol=1e-15)
    out = erfinv_np(np.array([1., -1., 1.5, NAN, -0.]))
    assert out[0] == INF and out[1] == -INF and np.isnan(out[2:4]).all()
    assert math.copysign(1, out[4]) == -1


def test_second_derivatives_chain_through_the_gamma_family():
    x = torch.tensor([0.75, 2.5], dtype=F64, requires_grad=True)
    (g,) = gradcli.autograd.grad(torch.lgamma(x).sum(), [x], create_graph=True)
    assert g.grad_fn.name() == "MulBackward0"
    (gg,) = gradcli.autograd.grad(g.sum(), [x])
    assert gg.tolist() == [2.541879648764158, 0.4903577562398206]     # torch 2.13's bits
    np.testing.assert_allclose(gg._data, polygamma_np(1, x._data), rtol=1e-9)
    y = torch.tensor([0.5], dtype=F64, requires_grad=True)
    (g,) = gradcli.autograd.grad(torch.erfinv(y).sum(), [y], create_graph=True)
    (gg,) = gradcli.autograd.grad(g.sum(), [y])
    e = erfinv_np(0.5)
    np.testing.assert_allclose(gg._data, [math.pi / 2 * e * math.exp(2 * e * e)], rtol=1e-13)


def test_not_differentiable_ops():
    x = torch.tensor([0.5, -1.5, 0., 2.5, -1.5], dtype=F64, requires_grad=True)
    h = torch.heaviside(x, torch.tensor([0.5], dtype=F64))
    assert h.grad_fn.name() == "torch::autograd::NotImplemented"      # (PyTorch 2.13's)
    assert h.tolist() == [1., 0., 0.5, 1., 0.]
    with pytest.raises(RuntimeError, match="^derivative for aten::heaviside is not "
                                           "implemented$"):
        h.sum().backward()
    u = torch.unique(x)
    assert u.grad_fn.name() == "Unique2Backward0" and u.tolist() == [-1.5, 0., 0.5, 2.5]
    with pytest.raises(NotImplementedError, match=r"^the derivative for '_unique2' is not "
                                                  r"implemented\.$"):
        u.sum().backward()
    vals, inv, counts = torch.unique(torch.tensor([3, 1, 3, 2]), return_inverse=True,
                                     return_counts=True)
    assert (vals.tolist(), inv.tolist(), counts.tolist()) == ([1, 2, 3], [2, 0, 2, 1],
                                                              [1, 1, 2])
    vals, counts = torch.tensor([[3, 1], [3, 1], [0, 2]]).unique(dim=0, return_counts=True)
    assert (vals.tolist(), counts.tolist()) == ([[0, 2], [3, 1]], [1, 2])
    seq = torch.tensor([1., 2., 3.])
    assert torch.searchsorted(seq, torch.tensor([[2.5, 1.]])).tolist() == [[2, 0]]
    assert torch.searchsorted(seq, torch.tensor([2., 1.]), right=True).tolist() == [2, 1]
    r = torch.searchsorted(seq, torch.tensor([2.]), side="right", out_int32=True)
    assert r.dtype == torch.int32 and r.tolist() == [2]
    assert torch.searchsorted(torch.tensor([[1., 2., 3.], [0., 5., 9.]]),
                              torch.tensor([[2.5], [6.]])).tolist() == [[2], [2]]
    assert torch.searchsorted(seq, 2.0).item() == 1
    assert torch.bincount(torch.tensor([0, 1, 1, 4])).tolist() == [1, 2, 0, 0, 1]
    w = torch.bincount(torch.tensor([0, 1, 1]), weights=torch.tensor([0.5, 2., 3.]),
                       minlength=4)
    assert w.dtype == torch.float32 and w.tolist() == [0.5, 5.0, 0.0, 0.0]
    assert torch.histc(torch.tensor([1., 2., 1., 4., 7.]), bins=4, min=0,
                       max=8).tolist() == [2., 1., 1., 1.]
    assert torch.histc(torch.tensor([1., 2., 1., 4., 7.]), bins=3).tolist() == [3., 1., 1.]
    assert torch.histc(torch.tensor([1., 1.]), bins=2).tolist() == [0., 2.]


def test_xlog1py_nodes_with_numbers():
    y = torch.tensor([0.5], dtype=F64, requires_grad=True)
    assert torch.special.xlog1py(2, y).grad_fn.name() == "SpecialXlog1PyBackward1"
    assert torch.special.xlog1py(y, 2).grad_fn.name() == "SpecialXlog1PyBackward2"
    assert torch.special.xlog1py(2, y).item() == pytest.approx(2 * math.log1p(0.5))


ERRORS = [
    ("torch.polygamma(-1, X)", RuntimeError, "polygamma(n, x) does not support negative n."),
    ("torch.heaviside(torch.tensor([1, 0]), torch.tensor([2.]))", RuntimeError,
     "heaviside is not yet implemented for tensors with different dtypes."),
    ("torch.nanmean(torch.tensor([1, 2]))", RuntimeError,
     "nanmean(): expected input to have floating point or complex dtype but got Long"),
    ("torch.logcumsumexp(torch.tensor([1, 2]), 0)", NotImplementedError,
     "\"logcumsumexp_out_cpu\" not implemented for 'Long'"),
    ("torch.dist(X[0], X[0, :2])", RuntimeError,
     "The size of tensor a (3) must match the size of tensor b (2) at non-singleton "
     "dimension 0"),
    ("torch.cummax(X[0], 1)", IndexError,
     "Dimension out of range (expected to be in range of [-1, 0], but got 1)"),
    ("torch.vdot(X, X)", RuntimeError, "1D tensors expected, but got 2D and 2D tensors"),
    ("torch.vdot(X[0], X[0, :2])", RuntimeError,
     "inconsistent tensor size, expected tensor [3] and src [2] to have the same number of "
     "elements, but got 3 and 2 elements respectively"),
    ("torch.vdot(X[0], X[0].float())", RuntimeError,
     "dot : expected both vectors to have same dtype, but found Double and Float"),
    ("torch.tensordot(X, Y, dims=-1)", RuntimeError,
     "tensordot expects dims >= 0, but got dims=-1"),
    ("torch.tensordot(X, Y, dims=3)", RuntimeError,
     "tensordot expects dims < ndim_a or ndim_b, but got dims=3"),
    ("torch.tensordot(X, Y, dims=1)", RuntimeError,
     "contracted dimensions need to match, but first has size 3 in dim -1 and second has "
     "size 2 in dim 0"),
    ("torch.tensordot(X, Y, dims=([0], [0, 1]))", RuntimeError,
     "both dimension lists should have same length"),
    ("torch.baddbmm(torch.zeros(2, 2, 2), torch.zeros(2, 2, 3), torch.zeros(2, 2, 2))",
     RuntimeError, "Expected size for first two dimensions of batch2 tensor to be: [2, 3] "
     "but got: [2, 2]."),
    ("torch.baddbmm(torch.zeros(2, 3), torch.zeros(2, 2, 3), torch.zeros(2, 3, 2))",
     RuntimeError, "The expanded size of the tensor (2) must match the existing size (3) at "
     "non-singleton dimension 2.  Target sizes: [2, 2, 2].  Tensor sizes: [2, 3]"),
    ("torch.diag_embed(X, 0, 1, 1)", RuntimeError, "diagonal dimensions cannot be identical "
     "1, 1"),
    ("torch.trapezoid(X, torch.tensor([1., 2.]))", RuntimeError,
     "trapezoid: There must be one `x` value for each sample point"),
    ("torch.searchsorted(torch.tensor([[1., 2., 3.]]), torch.tensor([2.5, 1.]))", RuntimeError,
     "torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
     "dimensions of boundaries tensor and input value tensor must match, but we got "
     "boundaries tensor [1, 3] and input value tensor [2]"),
    ("torch.bincount(torch.tensor([0, -1]))", RuntimeError,
     "bincount only supports 1-d non-negative integral inputs."),
    ("torch.histc(torch.tensor([1, 2]), bins=2)", NotImplementedError,
     "\"histogram_cpu\" not implemented for 'Long'"),
    ("torch.histc(torch.tensor([1., 2.]), bins=2, min=3, max=1)", RuntimeError,
     "torch.histc: max must be larger than min"),
]


@pytest.mark.parametrize("formula, kind, message", ERRORS, ids=[e[0] for e in ERRORS])
def test_error_texts(formula, kind, message):
    with pytest.raises(kind) as info:
        run(formula)
    assert isinstance(info.value, GradcliError)
    assert str(info.value) == message


def test_dot_vdot_and_matmul_refuse_bool_vectors_as_pytorch():
    import gradcli as torch
    from gradcli.errors import TorchNotImplementedError
    t = torch.tensor([True])
    for f in (torch.dot, torch.vdot, lambda a, b: a @ b):
        with pytest.raises(TorchNotImplementedError) as info:
            f(t, t)
        assert info.value.message == "\"dot\" not implemented for 'Bool'"
    assert torch.dot(torch.tensor([1, 2]), torch.tensor([3, 4])).item() == 11


def test_clamp_with_tensor_bounds_broadcasts_them_as_pytorch():
    # torch 2.13: the first misfit is reported against the shape broadcast so far
    import gradcli as torch
    from gradcli.errors import TorchRuntimeError
    x = torch.tensor([1., 2., 3.], requires_grad=True)
    with pytest.raises(TorchRuntimeError) as info:
        torch.clamp(x, min=torch.tensor([0., 1.]))
    assert info.value.message == ("The size of tensor a (3) must match the size of tensor b "
                                  "(2) at non-singleton dimension 0")
    with pytest.raises(TorchRuntimeError) as info:
        torch.clamp(x, max=torch.ones(4))
    assert "tensor a (3) must match the size of tensor b (4)" in info.value.message
    y = torch.clamp(x, min=torch.tensor([0.]), max=torch.ones(2, 1) * 2)
    assert y.tolist() == [[1., 2., 2.], [1., 2., 2.]] and y.grad_fn.name() == "ClampBackward0"


def test_float64_polygamma_is_atens_kernel():
    """float64 polygamma runs ATen's calc_trigamma / cephes zeta in double, as PyTorch does
    (less accurate than gradcli's own series by up to ~1e-9 relative; PyTorch's bits)"""
    x = torch.tensor([0.3, -2.5, 1e-3, 40.0], dtype=F64)
    assert torch.polygamma(1, x).tolist() == [12.245364544940365, 9.53924664493752,
                                              1000001.6425331949, 0.025315103841291063]
    assert torch.polygamma(3, x).tolist() == [743.1417646550497, 194.74787621918756,
                                              6000000000006.467, 3.24414001515635e-05]
    np.testing.assert_allclose(torch.polygamma(1, x)._data, polygamma_np(1, x._data),
                               rtol=1e-9)


def test_float64_hardsigmoid_gradient_is_atens_float_sixth():
    """ATen's hardsigmoid_backward multiplies by the float 1.0f / 6.0f in double too"""
    x = torch.tensor([0.3, -4.0, 2.9], dtype=F64, requires_grad=True)
    torch.nn.functional.hardsigmoid(x).sum().backward()
    assert x.grad.tolist() == [0.1666666716337204, 0.0, 0.1666666716337204]


@pytest.mark.parametrize("name, xs, want, tree", [
    ("asinh", [0.3, -0.7, 2.5, 1e-3],
     [0.9578262852211513, 0.8192319205190405, 0.3713906763541037, 0.999999500000375],
     ["MulBackward0", "RsqrtBackward0", "AddBackward1", "PowBackward0"]),
    ("acosh", [1.3, 1.7, 1.0001, 40.0],
     [1.203858530857692, 0.7273929674533081, 70.70891041800492, 0.025007816164017767],
     ["MulBackward0", "RsqrtBackward0", "SubBackward1", "MulBackward0"]),
    ("atanh", [0.3, -0.7, 0.999, 1e-3],
     [1.0989010989010988, 1.9607843137254901, 500.250125062538, 1.000001000001],
     ["DivBackward0", "SubBackward0", "PowBackward0"]),
])
def test_inverse_hyperbolic_gradients_are_pytorchs_formulas(name, xs, want, tree):
    """grad * (x^2 + 1).rsqrt(), grad * (x*x - 1).rsqrt(), grad / (1 - x^2): torch 2.13's
    float64 bits, and the nodes of the gradient's graph under create_graph"""
    x = torch.tensor(xs, dtype=F64, requires_grad=True)
    (g,) = gradcli.autograd.grad(getattr(torch, name)(x).sum(), [x])
    assert g.tolist() == want
    (g,) = gradcli.autograd.grad(getattr(torch, name)(x).sum(), [x], create_graph=True)
    assert g.tolist() == want
    names, node = [], g.grad_fn
    while node is not None and node.name() != "torch::autograd::AccumulateGrad":
        names.append(node.name())
        node = next((n for n, _ in node.next_functions if n is not None), None)
    assert names == tree


def test_dist_is_the_norm_of_the_difference():
    """PyTorch computes dist(a, b, p) as norm(a - b, p): float32 sums in the norm's order"""
    x0 = torch.tensor([[1.61, 0.71, 0.38, 1.19], [0.02, 1.8, 1.07, -0.97], [0.77, 1.07, 1.22, 1.2]])
    x1 = torch.tensor([[1.29, -0.85, -1.74, -0.78], [1.42, 1.16, 0.29, 0.84],
                       [0.02, 1.08, 1.98, 1.85]])
    got = [float(torch.dist(x1, x0, p)).hex() for p in (2, 1, 3, float("inf"))]
    assert got == ["0x1.14f75c0000000p+2", "0x1.98a3d80000000p+3", "0x1.94746e0000000p+1",
                   "0x1.0f5c280000000p+1"]                          # torch 2.13
    rng = np.random.default_rng(0)
    for n in (1, 8, 17, 33, 70):
        a = torch.tensor(rng.standard_normal(n).astype(np.float32))
        b = torch.tensor(rng.standard_normal(n).astype(np.float32))
        for p in (2, 1, 3):
            assert torch.dist(a, b, p).item() == (a - b).norm(p).item(), (n, p)


def test_float64_norms_sum_in_pytorchs_order():
    """float64 vector norms (2-norm rows in 4 lanes then the tail by fused multiply-adds,
    other p one term after another): digests of torch 2.13's hex values for the norms of a
    (3, n) array along each dim and over all, p = 2, 1, 3, 4, a transposed and a strided one"""
    want = {5: '0eabcfbe88516d00fdfaeb1c', 17: '46582a1301edad950862f6c8',
            100: '71e955c264fdf677bdfaea8d'}
    rng = np.random.default_rng(9)
    got = {}
    for n in list(range(1, 40)) + [64, 100]:
        x = rng.standard_normal((3, n))
        if n not in want:
            continue
        t = torch.tensor(x)
        outs = [t.norm(), t.norm(dim=1), t.norm(dim=0), t.norm(1), t.norm(1, dim=1),
                t.norm(3, dim=1), t.norm(4), torch.linalg.vector_norm(t.t(), dim=0),
                t[:, ::2].norm(), torch.nn.functional.normalize(t, dim=1).sum(1)]
        text = " ".join(float(v).hex() for o in outs for v in o.reshape(-1).tolist())
        got[n] = hashlib.sha256(text.encode()).hexdigest()[:24]
    assert got == want


def test_logcumsumexp_gradient_stays_finite_over_a_wide_range():
    """PyTorch's logcumsumexp_backward (g's signs in log space through a reversed
    logcumsumexp): inputs hundreds apart give torch 2.13's finite values (the shifted exp
    formula overflowed to nan)"""
    x = torch.tensor([[-800.0, 5.0, 300.0, -2.0, 301.0]], dtype=F64, requires_grad=True)
    g = torch.tensor([[1.0, -2.0, 0.5, 3.0, -1.0]], dtype=F64)
    (gx,) = gradcli.autograd.grad(x.logcumsumexp(1), [x], g)
    assert [float(v).hex() for v in gx.reshape(-1).tolist()] == [
        '0x1.0000000000000p+0', '-0x1.0000000000000p+1', '0x1.9d9353d7567fdp+1',
        '0x1.b033673286037p-435', '-0x1.764d4f5d5a328p-1']
    y = torch.tensor([[0.0, 1.0, 2.0]], requires_grad=True)
    (gy,) = gradcli.autograd.grad(y.logcumsumexp(1).sum(), [y], create_graph=True)
    assert gy.grad_fn.name() == "SubBackward0"


def test_logcumsumexp_forward_ad_is_pytorchs_jvp():
    """logcumsumexp_jvp: cumsum(e t) / (cumsum(e) + 1e-13), e = exp(x - max): torch's bits"""
    fwAD = gradcli.autograd.forward_ad
    x = torch.tensor([[0.5, -0.9, -1.8, 300.0], [-800.0, 2.0, 1.0, 0.0]], dtype=F64)
    t = torch.tensor([[1.0, 0.0, -2.0, 0.5], [3.0, 1.0, 0.0, -1.0]], dtype=F64)
    with fwAD.dual_level():
        y = fwAD.make_dual(x, t).logcumsumexp(1)
        got = [float(v).hex() for v in fwAD.unpack_dual(y).tangent.reshape(-1).tolist()]
    assert got == ['0x1.11f99a22e7b73p-389', '0x1.11f99a22e7b73p-389',
                   '0x1.b6138b6d878c2p-390', '0x1.ffffffffffc7cp-2', '0x0.0p+0',
                   '0x1.ffffffffffc7cp-1', '0x1.764d4f5d5a0dcp-1', '0x1.2681f9ab360bdp-1']


def test_logcumsumexp_starts_from_minus_infinity():
    """ATen's cumulative log_add_exp starts from -inf, so a first element of -0.0 gives 0.0"""
    for dtype in (torch.float32, torch.float64, torch.float16):
        x = torch.tensor([[-0.0, 1.0, -0.0], [float("-inf"), -0.0, float("inf")]], dtype=dtype)
        y = x.logcumsumexp(1)
        assert not np.signbit(y._data[0, 0]) and y._data[1, 0] == -np.inf
        assert not np.signbit(y._data[1, 1]) and y._data[1, 2] == np.inf
        z = x.logcumsumexp(0)
        assert not np.signbit(z._data[0, 0]) and not np.signbit(z._data[0, 2])
