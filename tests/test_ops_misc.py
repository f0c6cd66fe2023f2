"""The ops of `gradcli/ops/misc.py`: values, `grad_fn` names and gradients on small inputs,
the error texts for common wrong inputs and the warnings, all recorded from PyTorch 2.13 (so
this runs without it): grids and index sets, cdist, aminmax, quantile, mode, copysign,
renorm, chain_matmul, cov/corrcoef, the deprecated linear-algebra aliases and the remaining
nn.functional losses."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import gradcli  # noqa: F401
from gradcli.errors import GradcliError
from gradcli.namespace import torch_namespace

torch = torch_namespace()
F = torch.nn.functional
NAN, INF = float("nan"), float("inf")


def env(dtype=torch.float64):
    t = torch.tensor
    F64 = dtype
    return dict(
        torch=torch, F=F, nan=NAN, NAN=NAN, F64=F64,
        X=t([[0.5, -1.5, 2.5, 1.0], [3., 0.25, -1.25, 2.0], [-0.75, 1.75, 0.1, -2.2]], dtype=F64,
            requires_grad=True),
        Y=t([[0.3, -0.7, 0.9, 1.1], [-0.2, 0.6, 0.1, -1.3]], dtype=F64, requires_grad=True),
        A=t([1.5, -0.5, 2.0, 0.25], dtype=F64, requires_grad=True),
        B=t([0.7, -1.2, 3.0], dtype=F64, requires_grad=True),
        A4=t([0.4, -1.1, 0.9, 2.2], dtype=F64, requires_grad=True),
        B4=t([-0.3, 0.8, 1.4, 0.2], dtype=F64, requires_grad=True),
        P4=t([0.5, 1.5, 3.0, 0.2], dtype=F64, requires_grad=True),
        Z=t([[1., NAN, 3., 0.5], [0.5, 2., -1., 4.], [NAN, NAN, NAN, NAN]], dtype=F64,
            requires_grad=True),
        M=t([[1., 2., 2., 3.], [0.5, 0.5, 4., 4.], [7., 1., 1., 7.]], dtype=F64,
            requires_grad=True),
        S=t([[2.0, 0.5, 0.1], [0.5, 1.5, -0.2], [0.1, -0.2, 1.8]], dtype=F64, requires_grad=True),
        T=t([[3, 1, 4, 1], [5, 9, 2, 6]]),
        PM=t([1, -1, -1, 1]), TI=t([1, 0, 3]),
        ML=t([[1., 0, 1, 0], [0, 1, 1, 0], [0, 0, 0, 1]], dtype=F64),
        MLI=t([[1, 0, -1, 0], [2, -1, 0, 0], [3, 1, 0, 2]]))


LEAVES = "X Y A B A4 B4 P4 Z M S".split()


def run(formula, dtype=torch.float64):
    e = env(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return eval(formula, {"__builtins__": {}, "float": float}, e), e  # literals below


def outputs(out):
    return list(out) if isinstance(out, tuple) else [out]


def backward_of_sum(out):
    diff = [o for o in outputs(out) if o.requires_grad]
    total = diff[0].sum()
    for o in diff[1:]:
        total = total + o.sum()
    total.backward()


# (formula, grad_fn name of the (first) result, values, gradients of the sum of all results
# by leaf name or None), as PyTorch 2.13 gives them in float64.
CASES = [
    ('torch.meshgrid(A, B, indexing="ij")', 'ExpandBackward0',
     [[[1.5, 1.5, 1.5], [-0.5, -0.5, -0.5], [2.0, 2.0, 2.0], [0.25, 0.25, 0.25]],
      [[0.7, -1.2, 3.0], [0.7, -1.2, 3.0], [0.7, -1.2, 3.0], [0.7, -1.2, 3.0]]],
     {'A': [3.0, 3.0, 3.0, 3.0], 'B': [4.0, 4.0, 4.0]}),
    ('torch.meshgrid(A, B, indexing="xy")', 'ExpandBackward0',
     [[[1.5, -0.5, 2.0, 0.25], [1.5, -0.5, 2.0, 0.25], [1.5, -0.5, 2.0, 0.25]],
      [[0.7, 0.7, 0.7, 0.7], [-1.2, -1.2, -1.2, -1.2], [3.0, 3.0, 3.0, 3.0]]],
     {'A': [3.0, 3.0, 3.0, 3.0], 'B': [4.0, 4.0, 4.0]}),
    ('torch.meshgrid([A, B, torch.tensor(2.5, dtype=F64)], indexing="xy")', 'ExpandBackward0',
     [[[[1.5], [-0.5], [2.0], [0.25]], [[1.5], [-0.5], [2.0], [0.25]],
       [[1.5], [-0.5], [2.0], [0.25]]],
      [[[0.7], [0.7], [0.7], [0.7]], [[-1.2], [-1.2], [-1.2], [-1.2]],
       [[3.0], [3.0], [3.0], [3.0]]],
      [[[2.5], [2.5], [2.5], [2.5]], [[2.5], [2.5], [2.5], [2.5]],
       [[2.5], [2.5], [2.5], [2.5]]]],
     {'A': [3.0, 3.0, 3.0, 3.0], 'B': [4.0, 4.0, 4.0]}),
    ('torch.cdist(X, Y)', 'CdistBackward0',
     [[1.8027756377319948, 3.9937451095431715], [3.6912057650583505, 4.8036444497901805],
      [4.316827538829876, 1.5604486534327235]],
     {'X': [[0.28621411928769286, -0.9695823971081243, 1.4884600169637277, 0.5204305290890315],
            [1.397629175507548, 0.18450712942788772, -0.8635021169026542, 0.9308011706526669],
            [-0.5956969133306842, 1.304513952956663, -0.18532127883358734,
             -1.3412074776893492]],
      'Y': [[-0.5991741591728463, -0.3811547348095446, -0.11973353825518646,
             0.5760975286787762],
            [-0.4889722222917103, -0.13828395046688158, -0.31990308297229975,
             -0.6861217507311256]]}),
    ('torch.cdist(X, Y, p=1)', 'CdistBackward0',
     [[2.7, 7.499999999999999], [6.700000000000001, 8.2], [7.6, 2.6]],
     {'X': [[2.0, -2.0, 2.0, 0.0], [2.0, 0.0, -2.0, 2.0], [-2.0, 2.0, -1.0, -2.0]],
      'Y': [[-1.0, -1.0, 1.0, 1.0], [-1.0, 1.0, 0.0, -1.0]]}),
    ('torch.cdist(X, Y, p=3)', 'CdistBackward0',
     [[1.6651497308734644, 3.289498295956206], [3.1483824734803827, 4.144862273237041],
      [3.7399791719125672, 1.341880851745206]],
     {'X': [[0.05970941086347977, -0.6383684371355307, 1.4555880973001019,
             0.48526676238071564],
            [1.3314949497011672, 0.0839179506302533, -0.572422601182973, 0.7155974623322332],
            [-0.2468161197018896, 1.1635942254484721, -0.04575532102640452,
             -1.2283943868908167]],
      'Y': [[-0.6710545491922998, -0.2893632739039379, -0.41118535562119135,
             0.7004453919657772],
            [-0.47333369167045763, -0.31978046503925694, -0.42622481946953295,
             -0.6729152297879093]]}),
    ('torch.cdist(X, Y, p=0)', 'CdistBackward0',
     [[4.0, 4.0], [4.0, 4.0], [4.0, 3.0]],
     {'X': [[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]],
      'Y': [[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]}),
    ('torch.cdist(X, Y, p=float("INF"))', 'CdistBackward0',
     [[1.6, 2.4], [2.7, 3.3], [3.3000000000000003, 1.15]],
     {'X': [[0.0, 0.0, 2.0, 0.0], [1.0, 0.0, 0.0, 1.0], [0.0, 1.0, 0.0, -1.0]],
      'Y': [[-1.0, 0.0, -1.0, 1.0], [0.0, -1.0, -1.0, -1.0]]}),
    ('torch.cdist(X, Y, compute_mode="use_mm_for_euclid_dist")', 'ViewBackward0',
     [[1.8027756377319948, 3.9937451095431715], [3.69120576505835, 4.8036444497901805],
      [4.316827538829876, 1.5604486534327238]],
     {'X': [[0.28621411928769286, -0.9695823971081243, 1.4884600169637277, 0.5204305290890316],
            [1.3976291755075483, 0.18450712942788777, -0.8635021169026544, 0.9308011706526671],
            [-0.5956969133306841, 1.3045139529566627, -0.1853212788335873,
             -1.3412074776893492]],
      'Y': [[-0.5991741591728466, -0.3811547348095445, -0.11973353825518618,
             0.5760975286787761],
            [-0.48897222229171033, -0.13828395046688158, -0.31990308297229986,
             -0.6861217507311256]]}),
    ('torch.cdist(X.unsqueeze(0), Y)', 'CdistBackward0',
     [[[1.8027756377319948, 3.9937451095431715], [3.6912057650583505, 4.8036444497901805],
       [4.316827538829876, 1.5604486534327235]]],
     {'X': [[0.28621411928769286, -0.9695823971081243, 1.4884600169637277, 0.5204305290890315],
            [1.397629175507548, 0.18450712942788772, -0.8635021169026542, 0.9308011706526669],
            [-0.5956969133306842, 1.304513952956663, -0.18532127883358734,
             -1.3412074776893492]],
      'Y': [[-0.5991741591728463, -0.3811547348095446, -0.11973353825518646,
             0.5760975286787762],
            [-0.4889722222917103, -0.13828395046688158, -0.31990308297229975,
             -0.6861217507311256]]}),
    ('torch.block_diag(X, A, torch.tensor(7., dtype=F64))', 'BlockDiagBackward0',
     [[0.5, -1.5, 2.5, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0],
      [3.0, 0.25, -1.25, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0],
      [-0.75, 1.75, 0.1, -2.2, 0.0, 0.0, 0.0, 0.0, 0.0],
      [0.0, 0.0, 0.0, 0.0, 1.5, -0.5, 2.0, 0.25, 0.0],
      [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 7.0]],
     {'A': [1.0, 1.0, 1.0, 1.0],
      'X': [[1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0]]}),
    ('torch.cartesian_prod(A, B)', 'StackBackward0',
     [[1.5, 0.7], [1.5, -1.2], [1.5, 3.0], [-0.5, 0.7], [-0.5, -1.2], [-0.5, 3.0], [2.0, 0.7],
      [2.0, -1.2], [2.0, 3.0], [0.25, 0.7], [0.25, -1.2], [0.25, 3.0]],
     {'A': [3.0, 3.0, 3.0, 3.0], 'B': [4.0, 4.0, 4.0]}),
    ('torch.combinations(A)', 'StackBackward0',
     [[1.5, -0.5], [1.5, 2.0], [1.5, 0.25], [-0.5, 2.0], [-0.5, 0.25], [2.0, 0.25]],
     {'A': [3.0, 3.0, 3.0, 3.0]}),
    ('torch.combinations(A, r=3)', 'StackBackward0',
     [[1.5, -0.5, 2.0], [1.5, -0.5, 0.25], [1.5, 2.0, 0.25], [-0.5, 2.0, 0.25]],
     {'A': [3.0, 3.0, 3.0, 3.0]}),
    ('torch.combinations(B, with_replacement=True)', 'StackBackward0',
     [[0.7, 0.7], [0.7, -1.2], [0.7, 3.0], [-1.2, -1.2], [-1.2, 3.0], [3.0, 3.0]],
     {'B': [4.0, 4.0, 4.0]}),
    ('torch.tril_indices(3, 4)', None,
     [[0, 1, 1, 2, 2, 2], [0, 0, 1, 0, 1, 2]],
     None),
    ('torch.triu_indices(4, 3, 1)', None,
     [[0, 0, 1], [1, 2, 2]],
     None),
    ('torch.tril_indices(3, 3, -1)', None,
     [[1, 2, 2], [0, 0, 1]],
     None),
    ('torch.aminmax(X)', 'AminmaxBackward0',
     [-2.2, 3.0],
     {'X': [[0.0, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]]}),
    ('torch.aminmax(X, dim=1)', 'AminmaxBackward0',
     [[-1.5, -1.25, -2.2], [2.5, 3.0, 1.75]],
     {'X': [[0.0, 1.0, 1.0, 0.0], [1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 1.0]]}),
    ('X.aminmax(dim=0, keepdim=True)', 'AminmaxBackward0',
     [[[-0.75, -1.5, -1.25, -2.2]], [[3.0, 1.75, 2.5, 2.0]]],
     {'X': [[0.0, 1.0, 1.0, 0.0], [1.0, 0.0, 1.0, 1.0], [1.0, 1.0, 0.0, 1.0]]}),
    ('torch.aminmax(T, dim=1)', None,
     [[1, 2], [4, 9]],
     None),
    ('torch.copysign(X, Y[0])', 'CopysignBackward0',
     [[0.5, -1.5, 2.5, 1.0], [3.0, -0.25, 1.25, 2.0], [0.75, -1.75, 0.1, 2.2]],
     {'X': [[1.0, 1.0, 1.0, 1.0], [1.0, -1.0, -1.0, 1.0], [-1.0, -1.0, 1.0, -1.0]],
      'Y': [[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]}),
    ('X.copysign(-2.0)', 'CopysignBackward1',
     [[-0.5, -1.5, -2.5, -1.0], [-3.0, -0.25, -1.25, -2.0], [-0.75, -1.75, -0.1, -2.2]],
     {'X': [[-1.0, 1.0, -1.0, -1.0], [-1.0, -1.0, 1.0, -1.0], [1.0, -1.0, -1.0, 1.0]]}),
    ('torch.copysign(torch.tensor([1, -2, 0]), torch.tensor([-1, 1, -1]))', None,
     [-1.0, 2.0, -0.0],
     None),
    ('torch.signbit(torch.tensor([1., -0., 0., -2., NAN]))', None,
     [False, True, False, True, False],
     None),
    ('torch.quantile(X, 0.3)', 'SqueezeBackward4',
     -0.49500000000000016,
     {'X': [[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0],
            [0.7000000000000002, 0.0, 0.2999999999999998, 0.0]]}),
    ('torch.quantile(X, 0.3, dim=1)', 'SqueezeBackward4',
     [0.2999999999999998, 0.09999999999999987, -0.8950000000000001],
     {'X': [[0.8999999999999999, 0.10000000000000009, 0.0, 0.0],
            [0.0, 0.8999999999999999, 0.10000000000000009, 0.0],
            [0.8999999999999999, 0.0, 0.0, 0.10000000000000009]]}),
    ('X.quantile(torch.tensor([0.25, 0.5, 1.0], dtype=F64), dim=0, keepdim=True)', 'SqueezeBackward4',
     [[[-0.125, -0.625, -0.5750000000000001, -0.6000000000000001]], [[0.5, 0.25, 0.1, 1.0]],
      [[3.0, 1.75, 2.5, 2.0]]],
     {'X': [[1.5, 0.5, 1.0, 1.5], [1.0, 1.5, 0.5, 1.0], [0.5, 1.0, 1.5, 0.5]]}),
    ('torch.quantile(X, 0.4, interpolation="lower")', 'SqueezeBackward4',
     0.1,
     {'X': [[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0]]}),
    ('torch.quantile(X, 0.4, interpolation="higher")', 'SqueezeBackward4',
     0.25,
     {'X': [[0.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]}),
    ('torch.quantile(X, 0.45, interpolation="nearest")', 'SqueezeBackward4',
     0.25,
     {'X': [[0.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]}),
    ('torch.quantile(X, 0.4, dim=1, interpolation="midpoint")', 'SqueezeBackward4',
     [0.75, 1.125, -0.32499999999999996],
     {'X': [[0.5, 0.0, 0.0, 0.5], [0.0, 0.5, 0.0, 0.5], [0.5, 0.0, 0.5, 0.0]]}),
    ('torch.quantile(X, 0.3, keepdim=True)', 'SqueezeBackward4',
     [[-0.49500000000000016]],
     {'X': [[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0],
            [0.7000000000000002, 0.0, 0.2999999999999998, 0.0]]}),
    ('torch.quantile(Z, 0.5, dim=1)', 'SqueezeBackward4',
     [NAN, 1.25, NAN],
     {'Z': [[0.0, 1.0, 0.0, 0.0], [0.5, 0.5, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]]}),
    ('torch.nanquantile(Z, 0.5, dim=1)', 'SqueezeBackward4',
     [1.0, 1.25, NAN],
     {'Z': [[1.0, 0.0, 0.0, 0.0], [0.5, 0.5, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0]]}),
    ('torch.nanquantile(Z, torch.tensor([0.2, 0.9], dtype=F64))', 'SqueezeBackward4',
     [0.5, 3.4000000000000004],
     {'Z': [[0.0, 0.0, 0.5999999999999996, 0.7999999999999998],
            [0.20000000000000018, 0.0, 0.0, 0.40000000000000036], [0.0, 0.0, 0.0, 0.0]]}),
    ('torch.mode(M)', 'ModeBackward0',
     [[2.0, 0.5, 1.0], [2, 1, 2]],
     {'M': [[0.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0]]}),
    ('torch.mode(M, 0)', 'ModeBackward0',
     [[0.5, 0.5, 1.0, 3.0], [1, 1, 2, 0]],
     {'M': [[0.0, 0.0, 0.0, 1.0], [1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0]]}),
    ('M.mode(1, keepdim=True)', 'ModeBackward0',
     [[[2.0], [0.5], [1.0]], [[2], [1], [2]]],
     {'M': [[0.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0]]}),
    ('torch.renorm(X, 2, 0, 1.0)', 'RenormBackward0',
     [[0.1601281486768822, -0.48038444603064656, 0.8006407433844109, 0.3202562973537644],
      [0.7844645200399161, 0.06537204333665968, -0.3268602166832984, 0.5229763466932774],
      [-0.2576270111152151, 0.6011296926021685, 0.034350268148695344, -0.7557058992712976]],
     {'X': [[0.2791977990079496, 0.4434317923912085, 0.11496380562469079, 0.23813930066213493],
            [0.04693378031358666, 0.24360864059388437, 0.35088583711041044, 0.118451911324604],
            [0.31006436850852, 0.421525411769965, 0.3479611232174113, 0.24541696341688185]]}),
    ('X.renorm(1, 1, 1.5)', 'RenormBackward0',
     [[0.17647058408304506, -0.6428571244897965, 0.9740259487265988, 0.2884615329142013],
      [1.0588235044982703, 0.10714285408163275, -0.4870129743632994, 0.5769230658284026],
      [-0.2647058761245676, 0.7499999785714293, 0.03896103794906395, -0.6346153724112429]],
     {'X': [[0.12456747649094221, 0.48979590262390726, 0.25299375646448335,
             0.24408283639622222],
            [0.12456747649094221, 0.3673469300291547, 0.5262270025167957, 0.24408283639622222],
            [0.581314859841238, 0.3673469300291547, 0.25299375646448335, 0.3328402294321804]]}),
    ('torch.renorm(X, float("INF"), 0, 0.5)', 'RenormBackward0',
     [[0.09999999600000016, -0.2999999880000005, 0.4999999800000008, 0.19999999200000032],
      [0.49999998333333395, 0.04166666527777783, -0.20833332638888913, 0.3333333222222226],
      [-0.17045453770661192, 0.39772725464876113, 0.022727271694214925, -0.4999999772727284]],
     {'X': [[0.19999999200000032, 0.19999999200000032, 7.999999364926732e-09,
             0.19999999200000032],
            [-0.05555554629629687, 0.1666666611111113, 0.1666666611111113, 0.1666666611111113],
            [0.22727271694214923, 0.22727271694214923, 0.22727271694214923,
             0.11363636363636338]]}),
    ('torch.chain_matmul(X, Y.T, Y)', 'ViewBackward0',
     [[1.775, -4.414999999999999, 3.8899999999999997, 7.67],
      [1.1750000000000003, -3.165, 1.3025, 6.107500000000001],
      [-1.9480000000000002, 5.088, -2.995, -9.449000000000002]],
     {'X': [[0.64, -1.5999999999999999, 1.36, 2.8000000000000003],
            [0.64, -1.5999999999999999, 1.36, 2.8000000000000003],
            [0.64, -1.5999999999999999, 1.36, 2.8000000000000003]],
      'Y': [[6.97, 3.369999999999999, 4.7299999999999995, 3.8499999999999996],
            [-3.3549999999999995, -1.5549999999999993, -2.2349999999999994,
             -1.7949999999999995]]}),
    ('torch.chain_matmul(X, Y.T)', 'ViewBackward0',
     [[4.55, -2.05], [1.8, -3.1750000000000003], [-3.7800000000000002, 4.07]],
     {'X': [[0.09999999999999998, -0.09999999999999998, 1.0, -0.19999999999999996],
            [0.09999999999999998, -0.09999999999999998, 1.0, -0.19999999999999996],
            [0.09999999999999998, -0.09999999999999998, 1.0, -0.19999999999999996]],
      'Y': [[2.75, 0.5, 1.35, 0.7999999999999998], [2.75, 0.5, 1.35, 0.7999999999999998]]}),
    ('torch.chain_matmul(X)', 'CloneBackward0',
     [[0.5, -1.5, 2.5, 1.0], [3.0, 0.25, -1.25, 2.0], [-0.75, 1.75, 0.1, -2.2]],
     {'X': [[1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0]]}),
    ('torch.chain_matmul(X.T, X, Y.T, Y, X.T)', 'ViewBackward0',
     [[75.705625, 62.10593750000001, -95.08997500000001],
      [-78.38218749999999, -53.23890625, 87.3754625],
      [41.33481249999999, 18.12346875, -36.1131075], [110.496, 84.73775, -132.87226]],
     {'X': [[27.846549999999993, -21.463050000000003, 37.7845, 78.8814],
            [23.581424999999996, -30.969175, 35.312625000000004, 79.606025],
            [-4.237349999999996, -40.96854999999999, 1.3968000000000096, 34.822100000000006]],
      'Y': [[98.6885, -0.6482499999999973, 33.619350000000004, 51.39079999999999],
            [-77.58712499999999, -5.7513749999999995, -31.4244, -32.76419999999999]]}),
    ('torch.cov(X)', 'SqueezeBackward0',
     [[2.7291666666666665, -0.8333333333333334, -1.4208333333333332],
      [-0.8333333333333334, 3.5416666666666665, -1.7458333333333336],
      [-1.4208333333333332, -1.7458333333333336, 2.724166666666667]],
     {'X': [[0.9333333333333333, -0.5666666666666667, 2.7755575615628914e-17,
             -0.3666666666666668],
            [0.9333333333333333, -0.5666666666666667, 2.7755575615628914e-17,
             -0.3666666666666668],
            [0.9333333333333333, -0.5666666666666667, 2.7755575615628914e-17,
             -0.3666666666666668]]}),
    ('torch.cov(X, correction=0)', 'SqueezeBackward0',
     [[2.046875, -0.625, -1.0656249999999998], [-0.625, 2.65625, -1.3093750000000002],
      [-1.0656249999999998, -1.3093750000000002, 2.0431250000000003]],
     {'X': [[0.7, -0.425, 5.551115123125783e-17, -0.2750000000000001],
            [0.7, -0.425, 5.551115123125783e-17, -0.2750000000000001],
            [0.7, -0.425, 5.551115123125783e-17, -0.2750000000000001]]}),
    ('X.cov(fweights=torch.tensor([1, 2, 1, 3]), aweights=torch.tensor([0.5, 1., 2., 1.], dtype=F64))', 'SqueezeBackward0',
     [[2.625, -0.6542553191489361, -1.4752659574468088],
      [-0.6542553191489361, 2.507978723404255, -1.8029255319148938],
      [-1.4752659574468088, -1.8029255319148938, 3.114281914893617]],
     {'X': [[0.27978723404255323, -0.3170212765957449, 0.2255319148936172,
             -0.1882978723404255],
            [0.27978723404255323, -0.3170212765957449, 0.2255319148936172,
             -0.1882978723404255],
            [0.27978723404255323, -0.3170212765957449, 0.2255319148936172,
             -0.1882978723404255]]}),
    ('torch.cov(X[0])', 'SqueezeBackward0',
     2.7291666666666665,
     {'X': [[-0.08333333333333338, -1.4166666666666665, 1.25, 0.24999999999999994],
            [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]}),
    ('torch.cov(T)', None,
     [[2.25, -3.8333332538604736], [-3.8333332538604736, 8.333333015441895]],
     None),
    ('torch.corrcoef(X)', 'ClampBackward1',
     [[0.9999999999999999, -0.26804016882917414, -0.5210882385867162],
      [-0.26804016882917414, 1.0, -0.5620592531667119],
      [-0.5210882385867162, -0.5620592531667119, 1.0]],
     {'X': [[0.28863177810535334, -0.07533777487958424, -0.029352365430855752,
             -0.18394163779491338],
            [0.18375530572452003, -0.13823540933401182, 0.13097454524893548,
             -0.17649444163944367],
            [0.2727864485213008, -0.1437624153609345, 0.0749222566607847,
             -0.20394628982115098]]}),
    ('X.corrcoef()', 'ClampBackward1',
     [[0.9999999999999999, -0.26804016882917414, -0.5210882385867162],
      [-0.26804016882917414, 1.0, -0.5620592531667119],
      [-0.5210882385867162, -0.5620592531667119, 1.0]],
     {'X': [[0.28863177810535334, -0.07533777487958424, -0.029352365430855752,
             -0.18394163779491338],
            [0.18375530572452003, -0.13823540933401182, 0.13097454524893548,
             -0.17649444163944367],
            [0.2727864485213008, -0.1437624153609345, 0.0749222566607847,
             -0.20394628982115098]]}),
    ('torch.corrcoef(X[0])', 'DivBackward0',
     1.0,
     {'X': [[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]}),
    ('torch.cholesky(S)', 'CholeskyBackward0',
     [[1.4142135623730951, 0.0, 0.0], [0.35355339059327373, 1.1726039399558574, 0.0],
      [0.07071067811865475, -0.1918806447200494, 1.3259644860183166]],
     {'S': [[0.2922748192637066, 0.2025797516687754, 0.21267266824746658],
            [0.20257975166877545, 0.5062733380552684, 0.48810608821362433],
            [0.21267266824746658, 0.48810608821362433, 0.3770840058480217]]}),
    ('torch.cholesky(S, upper=True)', 'CholeskyBackward0',
     [[1.4142135623730951, 0.35355339059327373, 0.07071067811865475],
      [0.0, 1.1726039399558574, -0.1918806447200494], [0.0, 0.0, 1.3259644860183166]],
     {'S': [[0.2922748192637066, 0.2025797516687754, 0.21267266824746658],
            [0.20257975166877545, 0.5062733380552684, 0.48810608821362433],
            [0.21267266824746658, 0.48810608821362433, 0.3770840058480217]]}),
    ('torch.qr(X.T)', 'LinalgQrBackward0',
     [[[-0.16012815380508716, -0.7844645405527363, -0.4482672319416848],
       [0.4803844614152614, -0.06537204504606137, -0.6116309679842282],
       [-0.8006407690254356, 0.3268602252303068, -0.4614936175731376],
       [-0.32025630761017426, -0.5229763603684907, 0.4604212079273442]],
      [[-3.122498999199199, -4.440892098500626e-16, 1.5852687226703628],
       [0.0, -3.824264635194589, 1.6571813419176555], [0.0, 0.0, -1.7932297892136069]]],
     {'X': [[-1.4308310552248409, -0.7187193452840626, -1.0474207262534665,
             -0.8666106738792061],
            [-1.1373088598528722, -0.4749807778984405, -0.9982461777727176,
             -0.7707002916886296],
            [-1.1562386580189845, -0.5687497973249257, -1.053063603287646,
             -0.7648453579579807]]}),
    ('torch.pinverse(X)', 'LinalgPinvBackward0',
     [[0.1781937425868892, 0.31345182043384956, 0.24997757378225655],
      [0.01931644888317441, 0.1648944204336963, 0.34107785386079803],
      [0.3870665510470551, 0.026049681164353966, 0.257353307617937],
      [-0.02778857558632103, 0.025491517522734736, -0.2567552751447737]],
     {'X': [[-0.586478442363326, -0.019532388448101345, -0.2869160502582044,
             0.4244425972242253],
            [-0.5329766335023715, -0.058167923474155475, -0.2855818332560611,
             0.36330357512547107],
            [-0.6949072048470313, 0.09201296672141945, -0.2691881164745066,
             0.5667898835756939]]}),
    ('F.margin_ranking_loss(A4, B4, PM)', 'MeanBackward0',
     0.0,
     {'A4': [-0.0, 0.0, 0.0, -0.0], 'B4': [0.0, -0.0, -0.0, 0.0]}),
    ('F.margin_ranking_loss(A4, B4, PM, margin=0.5, reduction="sum")', 'SumBackward0',
     1.1102230246251565e-16,
     {'A4': [-0.0, 0.0, 1.0, -0.0], 'B4': [0.0, -0.0, -1.0, 0.0]}),
    ('F.margin_ranking_loss(A4, B4, PM, margin=0.5, reduction="none")', 'ClampMinBackward0',
     [0.0, 0.0, 1.1102230246251565e-16, 0.0],
     {'A4': [-0.0, 0.0, 1.0, -0.0], 'B4': [0.0, -0.0, -1.0, 0.0]}),
    ('F.margin_ranking_loss(A4, B4, PM, size_average=False)', 'SumBackward0',
     0.0,
     {'A4': [-0.0, 0.0, 0.0, -0.0], 'B4': [0.0, -0.0, -0.0, 0.0]}),
    ('F.hinge_embedding_loss(A4, PM)', 'MeanBackward0',
     1.2000000000000002,
     {'A4': [0.25, -0.25, -0.25, 0.25]}),
    ('F.hinge_embedding_loss(A4, PM, margin=0.5, reduction="sum")', 'SumBackward0',
     4.2,
     {'A4': [1.0, -1.0, 0.0, 1.0]}),
    ('F.hinge_embedding_loss(A4, PM, reduction="none")', 'AddBackward0',
     [0.4, 2.1, 0.09999999999999998, 2.2],
     {'A4': [1.0, -1.0, -1.0, 1.0]}),
    ('F.soft_margin_loss(A4, PM)', 'SoftMarginLossBackward0',
     0.5366469430040418,
     {'A4': [-0.100328084971887, 0.0624349736012206, 0.177737375656251, -0.024937622279921284]}),
    ('F.soft_margin_loss(A4, PM, reduction="sum")', 'SoftMarginLossBackward0',
     2.1465877720161672,
     {'A4': [-0.401312339887548, 0.2497398944048824, 0.710949502625004, -0.09975048911968513]}),
    ('F.soft_margin_loss(A4, PM, reduction="none")', 'SoftMarginLossBackward0',
     [0.5130152523999526, 0.2873353251154308, 1.2411538747320878, 0.10508331976869591],
     {'A4': [-0.401312339887548, 0.2497398944048824, 0.710949502625004, -0.09975048911968513]}),
    ('F.multilabel_soft_margin_loss(X, ML)', 'MeanBackward0',
     1.2223000570174847,
     {'X': [[-0.03146172239984545, 0.015202126983863026, -0.006321515001770296,
             0.06092154821916707],
            [0.07938117723520277, -0.036485291592850154, -0.06477498843122426,
             0.07339975649815686],
            [0.02673510840205058, 0.07099606683069254, 0.043748265623245,
             -0.07502079257335957]]}),
    ('F.multilabel_soft_margin_loss(X, ML, reduction="none")', 'DivBackward0',
     [0.5169104209934079, 1.8133459659602327, 1.3366437840988135],
     {'X': [[-0.09438516719953637, 0.04560638095158908, -0.01896454500531089,
             0.18276464465750122],
            [0.2381435317056083, -0.10945587477855047, -0.1943249652936728,
             0.2201992694944706],
            [0.08020532520615174, 0.21298820049207762, 0.131244796869735,
             -0.22506237772007873]]}),
    ('F.multilabel_soft_margin_loss(X, ML, weight=torch.tensor([1., 2., .5, 1.], dtype=F64), reduction="sum")', 'SumBackward0',
     4.048142448663438,
     {'X': [[-0.09438516719953637, 0.09121276190317816, -0.009482272502655445,
             0.18276464465750122],
            [0.2381435317056083, -0.21891174955710094, -0.0971624826468364,
             0.2201992694944706],
            [0.08020532520615174, 0.42597640098415523, 0.0656223984348675,
             -0.22506237772007873]]}),
    ('F.multilabel_margin_loss(X, MLI)', 'MultilabelMarginLossBackward0',
     2.0833333333333335,
     {'X': [[-0.16666666666666666, -0.16666666666666666, 0.16666666666666666,
             0.16666666666666666],
            [0.08333333333333333, 0.08333333333333333, -0.25, 0.08333333333333333],
            [0.0, 0.0, 0.0, 0.0]]}),
    ('F.multilabel_margin_loss(X, MLI, reduction="none")', 'MultilabelMarginLossBackward0',
     [3.25, 3.0, 0.0],
     {'X': [[-0.5, -0.5, 0.5, 0.5], [0.25, 0.25, -0.75, 0.25], [0.0, 0.0, 0.0, 0.0]]}),
    ('F.multilabel_margin_loss(X[0], MLI[0], reduction="sum")', 'MultilabelMarginLossBackward0',
     3.25,
     {'X': [[-0.5, -0.5, 0.5, 0.5], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]}),
    ('F.multi_margin_loss(X, TI)', 'MultiMarginLossBackward0',
     1.8500000000000003,
     {'X': [[0.08333333333333333, -0.25, 0.08333333333333333, 0.08333333333333333],
            [0.0, 0.0, 0.0, 0.0],
            [0.08333333333333333, 0.08333333333333333, 0.08333333333333333, -0.25]]}),
    ('F.multi_margin_loss(X, TI, p=2, margin=0.5)', 'MultiMarginLossBackward0',
     5.57875,
     {'X': [[0.41666666666666663, -1.6666666666666665, 0.75, 0.5], [0.0, 0.0, 0.0, 0.0],
            [0.325, 0.7416666666666667, 0.4666666666666667, -1.5333333333333332]]}),
    ('F.multi_margin_loss(X, TI, weight=torch.tensor([1., 2., .5, 1.5], dtype=F64), reduction="none")', 'MultiMarginLossBackward0',
     [5.75, 0.0, 4.0125],
     {'X': [[0.5, -1.5, 0.5, 0.5], [0.0, 0.0, 0.0, 0.0], [0.375, 0.375, 0.375, -1.125]]}),
    ('F.multi_margin_loss(X[1], torch.tensor(2), reduction="sum")', 'MultiMarginLossBackward0',
     3.0,
     {'X': [[0.0, 0.0, 0.0, 0.0], [0.25, 0.25, -0.75, 0.25], [0.0, 0.0, 0.0, 0.0]]}),
    ('F.poisson_nll_loss(A4, P4)', 'MeanBackward0',
     2.9048280979826053,
     {'A4': [0.2479561744103176, -0.2917822290754801, -0.13509922221076254,
             2.2062533748585307],
      'P4': [-0.1, 0.275, -0.225, -0.55]}),
    ('F.poisson_nll_loss(P4, A4.abs(), log_input=False, reduction="none")', 'SubBackward0',
     [0.7772588642239782, 1.0539883737476858, 2.0112489371987015, 3.740763297355024],
     {'A4': [0.6931471605599454, 0.405465114774831, -1.098612292001443, 1.6094378624341017],
      'P4': [0.20000001599999973, 0.26666667155555546, 0.700000001, -9.999999450000027]}),
    ('F.poisson_nll_loss(A4, P4, full=True, reduction="sum")', 'SumBackward0',
     13.61326268489448,
     {'A4': [0.9918246976412703, -1.1671289163019205, -0.5403968888430501, 8.825013499434123],
      'P4': [-0.4, 1.8387984414414977, 0.3652789553347765, -2.2]}),
    ('F.poisson_nll_loss(A4, P4, full=True, reduction="none")', 'AddBackward0',
     [1.2918246976412704, 2.2127398331190813, 1.5236846547000065, 8.585013499434123],
     {'A4': [0.9918246976412703, -1.1671289163019205, -0.5403968888430501, 8.825013499434123],
      'P4': [-0.4, 1.8387984414414977, 0.3652789553347765, -2.2]}),
    ('F.gaussian_nll_loss(A4, B4, P4)', 'MeanBackward0',
     2.833936537972779,
     {'A4': [0.35, -0.31666666666666665, -0.04166666666666666, 2.5],
      'B4': [-0.35, 0.31666666666666665, 0.04166666666666666, -2.5],
      'P4': [0.005000000000000032, -0.11722222222222224, 0.03819444444444444, -11.875]}),
    ('F.gaussian_nll_loss(X, X.flip(1), X.abs()[:, 0], full=True, reduction="none")', 'AddBackward0',
     [[0.8223649429247, 16.5723649429247, 16.5723649429247, 0.8223649429247],
      [1.6349113442053942, 1.8432446775387277, 1.8432446775387277, 1.6349113442053942],
      [2.1767641636454496, 2.5900974969787818, 2.5900974969787818, 2.1767641636454496]],
     {'X': [[-63.0, -16.0, 16.0, 2.0], [0.9722222222222221, 1.0, -1.0, -0.6666666666666666],
            [9.777777777777779, 4.3999999999999995, -4.3999999999999995, -3.866666666666667]]}),
    ('F.gaussian_nll_loss(A4, B4, 0.5, reduction="sum")', 'SumBackward0',
     6.96370563888011,
     {'A4': [1.4, -3.8000000000000003, -0.9999999999999998, 4.0],
      'B4': [-1.4, 3.8000000000000003, 0.9999999999999998, -4.0]}),
    ('F.gaussian_nll_loss(A4, B4, torch.tensor([0., 1., 2., 3.], dtype=F64), reduction="none")', 'MulBackward0',
     [244993.092244721, 1.8050000000000002, 0.4090735902799726, 1.2159728110007215],
     {'A4': [700000.0, -1.9000000000000001, -0.24999999999999994, 0.6666666666666666],
      'B4': [-700000.0, 1.9000000000000001, 0.24999999999999994, -0.6666666666666666]}),
    ('F.triplet_margin_loss(X, X * 2, X.flip(0))', 'MeanBackward0',
     1.6080871964140826,
     {'X': [[0.0, 0.0, 0.0, 0.0],
            [0.2614881645396231, 0.02179060047911391, -0.10895352537207294,
             0.1743254139721652],
            [0.0, 0.0, 0.0, 0.0]]}),
    ('F.triplet_margin_loss(X, X * 2, X.flip(0), margin=2.0, p=1, swap=True, reduction="none")', 'ClampMinBackward0',
     [0.0, 8.499994, 0.0],
     {'X': [[0.0, 0.0, 0.0, 0.0], [1.0, 1.0, -1.0, 1.0], [0.0, 0.0, 0.0, 0.0]]}),
    ('F.triplet_margin_loss(X, X * 2, X.flip(0), reduction="sum")', 'SumBackward0',
     4.824261589242248,
     {'X': [[0.0, 0.0, 0.0, 0.0],
            [0.7844644936188694, 0.06537180143734178, -0.3268605761162188, 0.5229762419164958],
            [0.0, 0.0, 0.0, 0.0]]}),
    ('F.cosine_embedding_loss(X, X.flip(0), torch.tensor([1, -1, 1]))', 'MeanBackward0',
     1.363029383879872,
     {'X': [[0.03638756062199601, -0.07249304713064514, -0.10041838435216024,
             0.12411260987347209],
            [9.325873406851315e-15, 7.788908407135864e-16, -3.899658373995862e-15,
             6.231126725708691e-15],
            [-0.004543140586683446, 0.035047084525823294, -0.18763170622986908,
             0.02089844669871528]]}),
    ('F.cosine_embedding_loss(X, X.flip(0), torch.tensor([1, -1, -1]), margin=-0.5, reduction="none")', 'AddBackward0',
     [1.544544075819842, 1.4999999999999316, 0.0],
     {'X': [[0.054581340932994035, -0.10873957069596775, -0.15062757652824038,
             0.1861689148102082],
            [2.808864252301646e-14, 2.338407245616736e-15, -1.1685097334179773e-14,
             1.8707257964933888e-14],
            [-0.006814710880025179, 0.05257062678873499, -0.2814475593448037,
             0.03134767004807287]]}),
    ('F.cosine_embedding_loss(A4, B4, torch.tensor(-1), reduction="sum")', 'SumBackward0',
     0.159899888323632,
     {'A4': [-0.07763962831505485, 0.20779826756912828, 0.29929979096474996,
             -0.004425393734631411],
      'B4': [0.10894278105565493, -0.2981283632114432, 0.12358562797177496,
             0.4908282286271238]}),
]



@pytest.mark.parametrize("formula, grad_fn, values, grads", CASES, ids=[c[0] for c in CASES])
def test_value_node_and_gradient(formula, grad_fn, values, grads):
    out, e = run(formula)
    first = outputs(out)[0]
    assert (None if first.grad_fn is None else first.grad_fn.name()) == grad_fn
    got = [o._data for o in outputs(out)] if isinstance(out, tuple) else [out._data]
    want = values if isinstance(out, tuple) else [values]
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, np.array(w, dtype=float), rtol=1e-9, atol=1e-14)
    if grads is None:
        return
    backward_of_sum(out)
    assert {k for k in LEAVES if e[k].grad is not None} == set(grads)
    for name, expect in grads.items():
        np.testing.assert_allclose(e[name].grad._data, expect, rtol=1e-9, atol=1e-14,
                                   err_msg=f"gradient of {name}")


@pytest.mark.parametrize("formula, grad_fn, values, grads", CASES, ids=[c[0] for c in CASES])
def test_float32_values_and_dtype(formula, grad_fn, values, grads):
    out, _ = run(formula, torch.float32)
    got = [o for o in outputs(out)]
    want = values if isinstance(out, tuple) else [values]
    for g, w in zip(got, want):
        if g.dtype.is_floating_point:
            assert g.dtype == torch.float32
        np.testing.assert_allclose(g._data.astype(float), np.array(w, dtype=float), rtol=2e-5,
                                   atol=2e-5)


# (call, PyTorch's exception class name, message)
ERRORS = [
    ('torch.meshgrid(torch.ones(2, 2), indexing="ij")',
     'RuntimeError', 'torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got:  1  1\n 1  1\n[ torch.FloatTensor{2,2} ]'),
    ('torch.meshgrid(torch.ones(2), torch.ones(3, dtype=torch.float64), indexing="ij")',
     'RuntimeError', 'meshgrid expects all tensors to have the same dtype'),
    ('torch.meshgrid(torch.ones(2), indexing="foo")',
     'RuntimeError', 'torch.meshgrid: indexing must be one of "xy" or "ij", but received: foo'),
    ('torch.meshgrid(indexing="ij")',
     'RuntimeError', 'meshgrid expects a non-empty TensorList'),
    ('torch.cdist(torch.ones(3), torch.ones(3))',
     'RuntimeError', 'cdist only supports at least 2D tensors, X1 got: 1D'),
    ('torch.cdist(torch.ones(3, 2), torch.ones(3, 3))',
     'RuntimeError', 'X1 and X2 must have the same number of columns. X1: 2 X2: 3'),
    ('torch.cdist(torch.ones(3, 2), torch.ones(3, 2), p=-1)',
     'RuntimeError', 'cdist only supports non-negative p values'),
    ('torch.cdist(torch.ones(3, 2, dtype=torch.long), torch.ones(3, 2, dtype=torch.long))',
     'RuntimeError', 'cdist only supports floating-point dtypes, X1 got: Long'),
    ('torch.cdist(torch.ones(3, 2), torch.ones(3, 2, dtype=torch.float64))',
     'RuntimeError', 'expected scalar type Float but found Double'),
    ('torch.block_diag(torch.ones(2, 2, 2))',
     'RuntimeError', 'torch.block_diag: Input tensors must have 2 or fewer dimensions. Input 0 has 3 dimensions'),
    ('torch.cartesian_prod(torch.ones(2, 2))',
     'RuntimeError', 'Expect a 1D vector, but got shape [2, 2]'),
    ('torch.combinations(torch.ones(2, 2))',
     'RuntimeError', 'Expect a 1D vector, but got shape [2, 2]'),
    ('torch.combinations(torch.arange(3), r=-1)',
     'RuntimeError', 'Expect a non-negative number, but got -1'),
    ('torch.triu_indices(-1, 4, 1)',
     'RuntimeError', 'row must be non-negative, got-1'),
    ('torch.tril_indices(3, -2)',
     'RuntimeError', 'col must be non-negative, got-2'),
    ('torch.tril_indices(3, 4, dtype=torch.float32)',
     'NotImplementedError', '"tril_indices" not implemented for \'Float\''),
    ('torch.aminmax(torch.ones(0))',
     'RuntimeError', 'aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity.'),
    ('torch.aminmax(torch.ones(2, 0), dim=1)',
     'IndexError', 'aminmax: Expected reduction dim 1 to have non-zero size.'),
    ('torch.quantile(torch.tensor([1., 2.]), 1.5)',
     'RuntimeError', 'quantile() q must be in the range [0, 1] but got 1.5'),
    ('torch.quantile(torch.tensor([1, 2]), 0.5)',
     'RuntimeError', 'quantile() input tensor must be either float or double dtype'),
    ('torch.quantile(torch.tensor([1., 2.]), torch.tensor([0.5], dtype=torch.float64))',
     'RuntimeError', 'quantile() q tensor must be same dtype as the input tensor'),
    ('torch.quantile(torch.tensor([1., 2.]), torch.tensor([[0.5]]))',
     'RuntimeError', 'quantile() q must be a scalar or 1D tensor'),
    ('torch.quantile(torch.tensor([1., 2.]), torch.tensor([0.5, 2.]))',
     'RuntimeError', 'quantile() q values must be in the range [0, 1]'),
    ('torch.quantile(torch.tensor([1., 2.]), 0.5, interpolation="foo")',
     'RuntimeError', 'quantile() interpolation must be one of linear, lower, higher, midpoint or nearest, but got foo'),
    ('torch.quantile(torch.tensor([]), 0.5)',
     'RuntimeError', 'quantile() input tensor must be non-empty'),
    ('torch.nanquantile(torch.tensor([1, 2]), 0.5)',
     'RuntimeError', 'quantile() input tensor must be either float or double dtype'),
    ('torch.renorm(torch.ones(3, 2), -1, 0, 1)',
     'RuntimeError', 'renorm: non-positive-norm not supported'),
    ('torch.renorm(torch.ones(3, 2), 2, 0, -1)',
     'RuntimeError', 'renorm: expected maxnorm to be >= 0 but got -1'),
    ('torch.renorm(torch.ones(3, 2, dtype=torch.long), 2, 0, 1)',
     'RuntimeError', 'linalg.vector_norm: Expected a floating point or complex tensor as input. Got Long'),
    ('torch.cov(torch.ones(2, 2, 2))',
     'RuntimeError', 'cov(): expected input to have two or fewer dimensions but got an input with 3 dimensions'),
    ('torch.cov(torch.ones(2, 3), fweights=torch.tensor([1., 2., 3.]))',
     'RuntimeError', 'cov(): expected fweights to have integral dtype but got fweights with Float dtype'),
    ('torch.cov(torch.ones(2, 3), fweights=torch.tensor([1, -2, 3]))',
     'RuntimeError', 'cov(): fweights cannot be negative'),
    ('torch.cov(torch.ones(2, 3), aweights=torch.tensor([1., 2.]))',
     'RuntimeError', 'cov(): expected aweights to have the same numel as there are observations in the input but got 2 != 3'),
    ('torch.corrcoef(torch.ones(2, 2, 2))',
     'RuntimeError', 'corrcoef(): expected input to have two or fewer dimensions but got an input with 3 dimensions'),
    ('torch.chain_matmul()',
     'RuntimeError', 'chain_matmul(): Expected one or more matrices'),
    ('torch.chain_matmul(torch.ones(3))',
     'RuntimeError', 'Tensor dimension is 1, expected 2 instead.'),
    ('torch.chain_matmul(torch.ones(2, 3), torch.ones(2, 3))',
     'RuntimeError', 'multi_dot(): tensors 0 and 1 with shapes [2, 3] and [2, 3] cannot be multiplied'),
    ('F.margin_ranking_loss(torch.ones(3), torch.ones(3), torch.ones(3, 1))',
     'RuntimeError', 'margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: torch.Size([3]), input2: torch.Size([3]), target: torch.Size([3, 1]) '),
    ('F.margin_ranking_loss(torch.ones(3), torch.ones(3), torch.ones(3), reduction="avg")',
     'ValueError', 'avg is not a valid value for reduction'),
    ('F.soft_margin_loss(torch.ones(3), torch.ones(3, requires_grad=True))',
     'RuntimeError', "The function 'soft_margin_loss' is not differentiable with respect to argument 'target'. This input cannot have requires_grad True."),
    ('F.multi_margin_loss(torch.ones(3, 4), torch.tensor([1, 0, 3]), p=3)',
     'ValueError', 'only p == 1 and p == 2 supported'),
    ('F.multi_margin_loss(torch.ones(3, 4), torch.tensor([1, 0, 4]))',
     'RuntimeError', 'target out of range'),
    ('F.multi_margin_loss(torch.ones(3, 4), torch.tensor([1, 0]))',
     'RuntimeError', 'multi_margin_loss: target tensor should be 1-D with size equal to the number of input samples (batch size). Expected target size [3], but got [2]. Input has shape [3, 4].'),
    ('F.multi_margin_loss(torch.ones(3, 4), torch.tensor([1, 0, 1]), weight=torch.ones(2, 2))',
     'ValueError', 'weight must be one-dimensional'),
    ('F.multilabel_margin_loss(torch.ones(3, 4), torch.tensor([1, 0, 3]))',
     'RuntimeError', 'inconsistent target size: [3] for input of size: [3, 4]'),
    ('F.multilabel_margin_loss(torch.ones(2, 3), torch.tensor([[1, 0, 3], [0, 1, 2]]))',
     'RuntimeError', "argument #2 'target' is out of range"),
    ('F.gaussian_nll_loss(torch.ones(3), torch.ones(3), torch.ones(2))',
     'ValueError', 'var is of incorrect size'),
    ('F.gaussian_nll_loss(torch.ones(3), torch.ones(3), -torch.ones(3))',
     'ValueError', 'var has negative entry/entries'),
    ('F.gaussian_nll_loss(torch.ones(3), torch.ones(3), -1.0)',
     'ValueError', 'var has negative entry/entries'),
    ('F.gaussian_nll_loss(torch.ones(3), torch.ones(3), torch.ones(3), reduction="avg")',
     'ValueError', 'avg is not valid'),
    ('F.triplet_margin_loss(torch.ones(3, 2), torch.ones(3, 2), torch.ones(2))',
     'RuntimeError', 'The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: anchor 2D, positive 2D, and negative 1D inputs'),
    ('F.cosine_embedding_loss(torch.ones(3, 2), torch.ones(3, 2), torch.ones(3, 1))',
     'RuntimeError', '0D or 1D target tensor expected, multi-target not supported'),
    ('F.cosine_embedding_loss(torch.ones(3), torch.ones(3), torch.ones(3))',
     'RuntimeError', '1D target tensor expects 2D input tensors, but found inputs with sizes [3] and [3].'),
    ('F.cosine_embedding_loss(torch.ones(3, 2), torch.ones(3, 2), torch.tensor(1.))',
     'RuntimeError', '0D target tensor expects 1D input tensors, but found inputs with sizes [3, 2] and [3, 2].'),
    ('torch.cholesky(torch.tensor([[1., 2.], [2., 1.]]))',
     '_LinAlgError', 'cholesky: The factorization could not be completed because the input is not positive-definite (the leading minor of order 2 is not positive-definite).'),
]

_KINDS = {"RuntimeError": RuntimeError, "_LinAlgError": RuntimeError, "IndexError": IndexError, "ValueError": ValueError,
          "NotImplementedError": NotImplementedError, "TypeError": TypeError}


@pytest.mark.parametrize("call, kind, message", ERRORS, ids=[c[0] for c in ERRORS])
def test_error_text_matches_pytorch(call, kind, message):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(GradcliError) as info:
            eval(call, {"__builtins__": {}}, {"torch": torch, "F": F})
    assert isinstance(info.value, _KINDS[kind])
    assert str(info.value) == message


# (call, the text of the warning PyTorch gives: with the "(Triggered internally at ...)" suffix
# where its C++ TORCH_WARN_ONCE adds one, as for cholesky and qr)
WARNINGS = [
    ("torch.meshgrid(torch.ones(2), torch.ones(3))",
     "torch.meshgrid: in an upcoming release, it will be required to pass the indexing "
     "argument. (Triggered internally at "
     "/__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4215.)"),
    ("torch.chain_matmul(torch.ones(2, 3), torch.ones(3, 2))",
     "torch.chain_matmul is deprecated and will be removed in a future PyTorch release. Use "
     "torch.linalg.multi_dot instead, which accepts a list of two or more tensors rather than "
     "multiple parameters. (Triggered internally at "
     "/__w/pytorch/pytorch/aten/src/ATen/native/LinearAlgebra.cpp:1102.)"),
    ("torch.cov(torch.tensor([1.]))",
     "cov(): degrees of freedom is <= 0. Correction should be strictly less than the number "
     "of observations. (Triggered internally at "
     "/__w/pytorch/pytorch/aten/src/ATen/native/Correlation.cpp:129.)"),
    ("torch.cholesky(torch.eye(2))",
     "torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a "
     "future PyTorch release.\nL = torch.cholesky(A)\nshould be replaced with\n"
     "L = torch.linalg.cholesky(A)\nand\nU = torch.cholesky(A, upper=True)\nshould be replaced "
     "with\nU = torch.linalg.cholesky(A).mH\nThis transform will produce equivalent results "
     "for all valid (symmetric positive definite) inputs. (Triggered internally at "
     "/__w/pytorch/pytorch/aten/src/ATen/native/BatchLinearAlgebra.cpp:1765.)"),
    ("torch.qr(torch.eye(2))",
     "torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a future "
     "PyTorch release.\nThe boolean parameter 'some' has been replaced with a string parameter "
     "'mode'.\nQ, R = torch.qr(A, some)\nshould be replaced with\nQ, R = torch.linalg.qr(A, "
     "'reduced' if some else 'complete') (Triggered internally at "
     "/__w/pytorch/pytorch/aten/src/ATen/native/BatchLinearAlgebra.cpp:2505.)"),
]


@pytest.mark.parametrize("call, message", WARNINGS, ids=[w[0] for w in WARNINGS])
def test_warning_text_matches_pytorch(call, message):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        eval(call, {"__builtins__": {}}, {"torch": torch})
    assert [str(w.message) for w in caught] == [message]
    assert all(w.category is UserWarning for w in caught)


def test_no_warning_when_indexing_is_given():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        torch.meshgrid(torch.ones(2), torch.ones(3), indexing="xy")


def test_return_types_print_as_pytorch():
    x = torch.tensor([[1., 5.], [3., 2.]])
    assert repr(torch.aminmax(x)) == \
        "torch.return_types.aminmax(\nmin=tensor(1.),\nmax=tensor(5.))"
    r = torch.aminmax(x, dim=0, keepdim=True)
    assert r.min.tolist() == [[1., 2.]] and r.max.tolist() == [[3., 5.]]
    m = torch.mode(torch.tensor([1., 2., 2., 1., 3.]))
    assert repr(m) == "torch.return_types.mode(\nvalues=tensor(1.),\nindices=tensor(3))"
    assert m.values.item() == 1. and m.indices.item() == 3     # smallest mode, last index
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert repr(torch.qr(torch.eye(2))).startswith("torch.return_types.qr(\nQ=")


def test_dtypes_of_results():
    i = torch.tensor([1, -2, 0])
    assert torch.copysign(i, -1).dtype == torch.float32
    assert torch.signbit(i).dtype == torch.bool and torch.signbit(i).tolist() == [False, True,
                                                                                 False]
    assert torch.tril_indices(3, 3).dtype == torch.int64
    assert torch.triu_indices(3, 3, dtype=torch.int32).dtype == torch.int32
    assert torch.tril_indices(0, 0).shape == (2, 0)
    assert torch.aminmax(torch.tensor([[1, 5], [3, 2]])).max.dtype == torch.int64
    assert torch.cov(torch.tensor([[1, 2, 4], [0, 3, 1]])).dtype == torch.float32
    assert torch.combinations(torch.arange(3), r=0).shape == (0,)
    assert torch.combinations(torch.arange(3), r=4).shape == (0, 4)
    assert torch.block_diag().shape == (1, 0)
    assert torch.block_diag(torch.ones(1, 1), torch.tensor([2, 3])).dtype == torch.float32
    x = torch.ones(3, 2, requires_grad=True)
    assert torch.cartesian_prod(x[:, 0]).grad_fn.name() == "SelectBackward0"


def test_cdist_has_no_second_derivative_as_in_pytorch():
    x = torch.tensor([[0.5, 1.0], [2.0, -1.0]], dtype=torch.float64, requires_grad=True)
    y = torch.tensor([[1.0, 0.0]], dtype=torch.float64)
    (g,) = torch.autograd.grad(torch.cdist(x, y).sum(), x, create_graph=True)
    assert g.grad_fn.name() == "CdistBackwardBackward0"
    with pytest.raises(GradcliError, match="the derivative for '_cdist_backward' is not "
                                           "implemented."):
        g.sum().backward()


def test_batched_cdist_and_the_matrix_product_path_above_25_rows():
    a = torch.arange(30 * 3, dtype=torch.float64).reshape(30, 3).sin().requires_grad_()
    b = torch.arange(2 * 3, dtype=torch.float64).reshape(2, 3).cos()
    d = torch.cdist(a, b)
    assert d.grad_fn.name() == "ViewBackward0"
    direct = np.sqrt(((a._data[:, None] - b._data[None]) ** 2).sum(-1))
    np.testing.assert_allclose(d._data, direct, rtol=1e-12)
    assert torch.cdist(a, b, compute_mode="donot_use_mm_for_euclid_dist").grad_fn.name() == \
        "CdistBackward0"
    assert torch.cdist(torch.ones(2, 3, 2), torch.ones(4, 2)).shape == (2, 3, 4)


def test_soft_margin_loss_target_cannot_require_grad_but_others_can():
    t = torch.tensor([1., -1., 1.], dtype=torch.float64, requires_grad=True)
    x = torch.tensor([0.5, 0.2, -1.0], dtype=torch.float64, requires_grad=True)
    F.margin_ranking_loss(x, x * 2, t).backward()
    assert t.grad is not None
