"""Differences from PyTorch 2.13 found in session 31 by running programs through both; each
expected output is what torch 2.13 printed (format of test_autograd_parity4: `!W Category:
message` for a warning, `!! Type: message` for the error that ends the program)."""
from __future__ import annotations

import pytest

import gradcli
from test_autograd_parity4 import run

_T_WARNING = (
    "!W UserWarning: The use of `x.T` on tensors of dimension other than 2 to reverse their "
    "shape is deprecated and it will throw an error in a future release. Consider `x.mT` to "
    "transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to "
    "reverse the dimensions of a tensor. (Triggered internally at "
    "/__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4314.)\n")

CASES = [
    # x.T warns on a 1-D tensor too (every dimension but 2 and 0), once per process
    ("print(torch.ones(3).T)\nprint(torch.ones(2,2,2).T.shape)\n",
     _T_WARNING + "tensor([1., 1., 1.])\ntorch.Size([2, 2, 2])\n"),
    ("print(torch.tensor(1.0).T)\nprint(torch.ones(2,2,2).T.shape)\n",
     "!W UserWarning: Tensor.T is deprecated on 0-D tensors. This function is the identity in "
     "these cases. (Triggered internally at "
     "/__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4321.)\ntensor(1.)\n"
     + _T_WARNING + "torch.Size([2, 2, 2])\n"),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_prints_what_pytorch_printed(source, expected):
    assert run(source) == expected


# Second derivatives and target gradients whose last bits depended on how the first
# derivative was built: dist's two norm_backward calls (other's first), smooth_l1/huber's
# ATen kernels under create_graph, kl_div's node order (C++ makes `t * x` before xlogy).
GRADIENT_CASES = [
    ('torch.manual_seed(0)\nx = torch.randn(5, requires_grad=True)\nc = torch.randn(5)\nfor p in (2, 3):\n    out = torch.dist(x * 1.3 + 0.1, x * c, p)\n    g, = torch.autograd.grad(out, [x], create_graph=True)\n    s = (g * g * (g + 1.7)).sum()\n    r, = torch.autograd.grad(s, [x])\n    print(g.tolist(), r.tolist())\n',
     '[2.365919351577759, -0.03010869398713112, -0.08622013032436371, 0.5187317728996277, -0.6127398610115051] [7.6670379638671875, 0.3598136305809021, 1.065705418586731, -4.32513952255249, 7.086596488952637]\n[2.5264341831207275, -0.0012314172927290201, -0.019599545747041702, 0.1623079776763916, -0.2684701085090637] [8.028641700744629, 0.03932100161910057, 0.6254360675811768, -4.858795642852783, 8.220394134521484]\n'),
    ("import torch.nn.functional as F\nfor seed in (1, 3, 5):\n    for loss in (lambda a, b: F.smooth_l1_loss(a, b, beta=0.7), lambda a, b: F.huber_loss(a, b, delta=0.8, reduction='sum')):\n        torch.manual_seed(seed)\n        x = torch.randn(6, requires_grad=True)\n        g, = torch.autograd.grad(loss(x * 1.3 + 0.2, x * x * 0.9 - 0.3), [x], create_graph=True)\n        r, = torch.autograd.grad((g * g * (g + 1.7)).sum(), [x])\n        print(g.tolist(), r.tolist())\n",
     '[0.01826101541519165, 0.1365894377231598, 0.16327448189258575, 0.030271470546722412, -0.1365048885345459, 0.09867998957633972] [-0.018926354125142097, -0.15611223876476288, 0.0567837655544281, -0.03170162811875343, -0.4815862774848938, 0.1815260350704193]\n[0.08765292167663574, 0.6415969729423523, 0.6857528686523438, 0.14530307054519653, -0.5733205080032349, 0.41445595026016235] [-0.4623394310474396, -2.5197083950042725, 1.4052948951721191, -0.8026118278503418, -4.772546768188477, 4.02285099029541]\n[-0.02431616187095642, 0.1641634702682495, 0.16515354812145233, -0.36460763216018677, 0.1617041528224945, -0.627144455909729] [0.02427034080028534, -0.04393558204174042, 0.031225532293319702, -1.3871657848358154, 0.07122504711151123, -0.2857081890106201]\n[-0.11671757698059082, 0.6894866228103638, 0.6936448812484741, -1.5313520431518555, 0.6791574954986572, -3.0102930068969727] [0.512597918510437, -1.088810920715332, 0.7750039100646973, 12.669482231140137, 1.7584285736083984, 24.408857345581055]\n[-0.1793166697025299, -0.3484322726726532, -0.27756354212760925, 0.016409382224082947, 0.08209139853715897, 0.19425146281719208] [-0.6548117399215698, -1.3285083770751953, -1.0555832386016846, -0.016979912295937538, 0.1685686707496643, 1.012251615524292]\n[-0.7531299591064453, -1.463415503501892, -1.165766954421997, 0.07876503467559814, 0.34478384256362915, 0.8158560991287231] [-4.6033616065979, 9.855303764343262, 0.7057147026062012, -0.41243454813957214, 3.6162309646606445, 26.216747283935547]\n'),
    ("import torch.nn.functional as F\nfor seed in range(4):\n    torch.manual_seed(seed)\n    x = torch.randn(6, requires_grad=True)\n    a = x * 1.3 + 0.2\n    b = (x * x * 0.9 - 0.3).abs()\n    g1, = torch.autograd.grad(F.kl_div(a, b, reduction='sum'), [x], retain_graph=True)\n    g2, = torch.autograd.grad(F.kl_div(a, b, reduction='batchmean', log_target=True), [x])\n    print(g1.tolist(), g2.tolist())\n",
     '[-4.038910865783691, -0.4589787423610687, -24.81951141357422, 4.723101615905762, -4.760717868804932, -9.443279266357422] [0.4796348810195923, -0.11627286672592163, -275.51904296875, -0.23075668513774872, -2.524836778640747, -8.305623054504395]\n[-3.012080669403076, 0.16971555352210999, -0.330524742603302, -3.479602098464966, -0.7732890248298645, -0.4397731423377991] [-0.23055338859558105, -0.3441414535045624, -0.31676924228668213, -0.21942806243896484, -0.014388471841812134, -0.2005634605884552]\n[0.8727607727050781, -0.4425048828125, -0.4742971956729889, -6.457096099853516, -2.6550967693328857, 1.260887622833252] [-0.31709107756614685, -0.16313645243644714, -0.09878812730312347, -3.9310574531555176, -0.3516107201576233, -0.570269763469696]\n[-2.554945468902588, -0.12531247735023499, -0.29366055130958557, 1.768471121788025, -0.3483985960483551, -8.95349407196045] [-0.27525022625923157, -0.3427501320838928, -0.32535380125045776, -0.5386242270469666, -0.31128475069999695, -7.364508152008057]\n'),
]


@pytest.mark.parametrize("source, expected", GRADIENT_CASES)
def test_gradients_are_pytorchs_to_the_last_bit(source, expected):
    assert run(source) == expected


# The nodes a composite op records, in the order it makes them (by sequence number), as
# torch 2.13 made them: ATen's C++ builds an operator's right operand first (GCC), so the
# order the backward reaches them, and how their gradients add up, follows that.
NODE_ORDER = [
    ('tensordot', 'A = torch.randn(2,3,requires_grad=True); B = torch.randn(3,2,requires_grad=True)',
     '[torch.tensordot(A, B, 1), torch.inner(A, B.t())]',
     ['PermuteBackward0', 'ViewBackward0', 'PermuteBackward0', 'ViewBackward0', 'MmBackward0', 'ViewBackward0', 'TBackward0', 'PermuteBackward0', 'ViewBackward0', 'PermuteBackward0', 'ViewBackward0', 'MmBackward0', 'ViewBackward0']),
    ('trapezoid', 'y = torch.randn(2,4, requires_grad=True); x = torch.randn(4, requires_grad=True)',
     '[torch.trapezoid(y), torch.trapezoid(y, x), torch.cumulative_trapezoid(y, x), torch.cumulative_trapezoid(y, dx=0.3)]',
     ['SelectBackward0', 'SelectBackward0', 'AddBackward0', 'MulBackward1', 'SumBackward1', 'SubBackward0', 'MulBackward1', 'ViewBackward0', 'SliceBackward0', 'SliceBackward0', 'SubBackward0', 'SliceBackward0', 'SliceBackward0', 'AddBackward0', 'MulBackward0', 'SumBackward1', 'DivBackward1', 'ViewBackward0', 'SliceBackward0', 'SliceBackward0', 'SubBackward0', 'SliceBackward0', 'SliceBackward0', 'AddBackward0', 'MulBackward0', 'CumsumBackward0', 'DivBackward1', 'SliceBackward0', 'SliceBackward0', 'AddBackward0', 'MulBackward1', 'CumsumBackward0']),
    ('losses', 'a = torch.randn(2,3, requires_grad=True); b = torch.randn(2,3, requires_grad=True); a1=torch.randn(3,requires_grad=True); b1=torch.randn(3,requires_grad=True); t1=torch.tensor([1.,-1.,1.], requires_grad=True)',
     "[F.cosine_embedding_loss(a, b, torch.tensor([1,-1])), F.margin_ranking_loss(a1, b1, t1, margin=0.2), F.kl_div(a, b.abs(), reduction='sum'), F.kl_div(a, b, reduction='sum', log_target=True)]",
     ['MulBackward0', 'SumBackward1', 'MulBackward0', 'SumBackward1', 'AddBackward1', 'MulBackward0', 'SumBackward1', 'AddBackward1', 'MulBackward0', 'SqrtBackward0', 'DivBackward0', 'SubBackward0', 'SubBackward1', 'ClampMinBackward0', 'WhereBackward0', 'WhereBackward0', 'AddBackward0', 'MeanBackward0', 'SubBackward0', 'NegBackward0', 'MulBackward0', 'AddBackward1', 'ClampMinBackward0', 'MeanBackward0', 'AbsBackward0', 'MulBackward0', 'XlogyBackward0', 'SubBackward0', 'SumBackward0', 'SubBackward0', 'ExpBackward0', 'MulBackward0', 'SumBackward0']),
    ('cond', 'A = torch.randn(3,3, requires_grad=True)',
     "[torch.linalg.cond(A, 'nuc'), torch.linalg.cond(A, 'fro'), torch.linalg.cond(A, 1)]",
     ['LinalgSvdBackward0', 'ReciprocalBackward0', 'SumBackward1', 'SumBackward1', 'MulBackward0', 'LinalgInvExBackward0', 'MaskedFillBackward0', 'LinalgVectorNormBackward0', 'LinalgVectorNormBackward0', 'MulBackward0', 'NanToNumBackward0', 'LinalgInvExBackward0', 'MaskedFillBackward0', 'LinalgVectorNormBackward0', 'AmaxBackward0', 'LinalgVectorNormBackward0', 'AmaxBackward0', 'MulBackward0', 'NanToNumBackward0']),
    ('instance_norm', 'x = torch.randn(2,3,4, requires_grad=True); w=torch.randn(3,requires_grad=True); b=torch.randn(3,requires_grad=True)',
     '[F.instance_norm(x, weight=w, bias=b)]',
     ['RepeatBackward0', 'RepeatBackward0', 'ViewBackward0', 'NativeBatchNormBackward0', 'ViewBackward0']),
    ('cosine_similarity', 'a = torch.randn(2,3, requires_grad=True); b = torch.randn(1,3, requires_grad=True)',
     '[F.cosine_similarity(a, b)]',
     ['ExpandBackward0', 'ExpandBackward0', 'LinalgVectorNormBackward0', 'CloneBackward0', 'LinalgVectorNormBackward0', 'CloneBackward0', 'DivBackward0', 'DivBackward0', 'MulBackward0', 'SumBackward1']),
    ('prelu', 'x = torch.randn(2,3,2, requires_grad=True); w1 = torch.rand(1, requires_grad=True); w3=torch.rand(3,requires_grad=True)',
     '[F.prelu(x, w1), F.prelu(x, w3)]',
     ['ViewBackward0', 'PreluKernelBackward0', 'ViewBackward0', 'PreluKernelBackward0']),
    ('nll_loss', 'x = torch.randn(2,3,2, requires_grad=True); t=torch.tensor([[0,1],[2,0]])',
     "[F.nll_loss(x, t), F.nll_loss(x, t, reduction='none')]",
     ['ViewBackward0', 'NllLoss2DBackward0', 'ViewBackward0', 'NllLoss2DBackward0', 'ViewBackward0']),
    ('gradient', 'x = torch.randn(3,5, requires_grad=True); c = torch.tensor([0., 1., 1.5, 3., 3.2], requires_grad=True)',
     'list(torch.gradient(x, dim=1)) + list(torch.gradient(x, dim=1, edge_order=2)) + list(torch.gradient(x, spacing=(c,), dim=1, edge_order=2))',
     ['SliceBackward0', 'SliceBackward0', 'SubBackward0', 'DivBackward1', 'SliceBackward0', 'SliceBackward0', 'SubBackward0', 'DivBackward1', 'SliceBackward0', 'SliceBackward0', 'SubBackward0', 'DivBackward1', 'DivBackward1', 'CatBackward0', 'SliceBackward0', 'SliceBackward0', 'SubBackward0', 'DivBackward1', 'SliceBackward0', 'MulBackward1', 'SliceBackward0', 'MulBackward1', 'SliceBackward0', 'MulBackward1', 'AddBackward0', 'SubBackward0', 'DivBackward1', 'SliceBackward0', 'MulBackward1', 'SliceBackward0', 'MulBackward1', 'SliceBackward0', 'MulBackward1', 'SubBackward0', 'AddBackward0', 'DivBackward1', 'DivBackward1', 'CatBackward0', 'SliceBackward0', 'SliceBackward0', 'SubBackward0', 'SliceBackward0', 'SliceBackward0', 'AddBackward0', 'MulBackward0', 'NegBackward0', 'DivBackward0', 'ViewBackward0', 'MulBackward0', 'SubBackward0', 'DivBackward0', 'ViewBackward0', 'AddBackward0', 'MulBackward0', 'DivBackward0', 'ViewBackward0', 'SliceBackward0', 'MulBackward0', 'SliceBackward0', 'MulBackward0', 'SliceBackward0', 'MulBackward0', 'AddBackward0', 'AddBackward0', 'SelectBackward0', 'SelectBackward0', 'AddBackward0', 'SelectBackward0', 'MulBackward0', 'SelectBackward0', 'SelectBackward0', 'MulBackward1', 'AddBackward0', 'NegBackward0', 'DivBackward0', 'SelectBackward0', 'SelectBackward0', 'MulBackward0', 'SelectBackward0', 'SelectBackward0', 'AddBackward0', 'DivBackward0', 'SelectBackward0', 'SelectBackward0', 'AddBackward0', 'SelectBackward0', 'MulBackward0', 'SelectBackward0', 'NegBackward0', 'DivBackward0', 'SliceBackward0', 'MulBackward0', 'SliceBackward0', 'MulBackward0', 'SliceBackward0', 'MulBackward0', 'AddBackward0', 'AddBackward0', 'SelectBackward0', 'SelectBackward0', 'AddBackward0', 'SelectBackward0', 'MulBackward0', 'SelectBackward0', 'DivBackward0', 'SelectBackward0', 'SelectBackward0', 'MulBackward0', 'SelectBackward0', 'SelectBackward0', 'AddBackward0', 'NegBackward0', 'DivBackward0', 'SelectBackward0', 'SelectBackward0', 'AddBackward0', 'SelectBackward0', 'MulBackward0', 'SelectBackward0', 'SelectBackward0', 'MulBackward1', 'AddBackward0', 'DivBackward0', 'SliceBackward0', 'MulBackward0', 'SliceBackward0', 'MulBackward0', 'SliceBackward0', 'MulBackward0', 'AddBackward0', 'AddBackward0', 'CatBackward0']),
    ('combinations', 'x = torch.randn(4, requires_grad=True)',
     '[torch.combinations(x), torch.combinations(x, 3, with_replacement=True)]',
     ['ViewBackward0', 'ExpandBackward0', 'ViewBackward0', 'ExpandBackward0', 'MaskedSelectBackward0', 'MaskedSelectBackward0', 'StackBackward0', 'ViewBackward0', 'ExpandBackward0', 'ViewBackward0', 'ExpandBackward0', 'ViewBackward0', 'ExpandBackward0', 'MaskedSelectBackward0', 'MaskedSelectBackward0', 'MaskedSelectBackward0', 'StackBackward0']),
]


def _made_in_order(outputs) -> list[str]:
    seen, stack = {}, [o.grad_fn for o in outputs]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen or "AccumulateGrad" in node.name():
            continue
        seen[id(node)] = (node._seq_nr, node.name().replace("torch::autograd::", ""))
        stack += [n for n, _ in node.next_functions]
    return [name for _, name in sorted(seen.values())]


@pytest.mark.parametrize("name, setup, expr, expected", NODE_ORDER,
                         ids=[c[0] for c in NODE_ORDER])
def test_composites_make_their_nodes_in_pytorchs_order(name, setup, expr, expected):
    env = {"torch": gradcli, "F": gradcli.nn.functional}
    exec(setup, env)
    assert _made_in_order(eval(expr, env)) == expected
