"""Differences from PyTorch 2.13 found in session 31 by running programs through both; each
expected output is what torch 2.13 printed (format of test_autograd_parity4: `!W Category:
message` for a warning, `!! Type: message` for the error that ends the program)."""
from __future__ import annotations

import pytest

import gradcli
from test_autograd_parity4 import run, run_python

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
    ("torch.manual_seed(0)\nfor alpha in (1.0, 0.3):\n    c = torch.randn(2, 3, 4, dtype=torch.float64, requires_grad=True)\n    a = torch.randn(2, 3, 5, dtype=torch.float64, requires_grad=True)\n    b = torch.randn(2, 5, 4, dtype=torch.float64, requires_grad=True)\n    g = torch.randn(2, 3, 4, dtype=torch.float64)\n    torch.baddbmm(c, a, b, beta=0.7, alpha=alpha).backward(g)\n    print('bmm', a.grad.tolist() == (g.bmm(b.detach().transpose(1, 2)) * alpha).tolist(), a.grad.tolist() == (g * alpha).bmm(b.detach().transpose(1, 2)).tolist())\n    m = torch.randn(3, 5, dtype=torch.float64, requires_grad=True); v = torch.randn(5, dtype=torch.float64, requires_grad=True); s = torch.randn(3, dtype=torch.float64, requires_grad=True)\n    gv = torch.randn(3, dtype=torch.float64)\n    torch.addmv(s, m, v, beta=0.7, alpha=alpha).backward(gv)\n    print('mv', v.grad.tolist() == (m.detach().t().mv(gv) * alpha).tolist(), v.grad.tolist() == m.detach().t().mv(gv * alpha).tolist(), m.grad.tolist() == (gv.outer(v.detach()) * alpha).tolist())\n    u = torch.randn(3, dtype=torch.float64, requires_grad=True); w = torch.randn(4, dtype=torch.float64, requires_grad=True); M = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)\n    gm = torch.randn(3, 4, dtype=torch.float64)\n    torch.addr(M, u, w, beta=0.7, alpha=alpha).backward(gm)\n    print('r', u.grad.tolist() == (gm.mv(w.detach()) * alpha).tolist(), u.grad.tolist() == (gm * alpha).mv(w.detach()).tolist())\n",
     'bmm True True\nmv True True True\nr True True\nbmm True False\nmv True False True\nr True False\n'),
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


# The functional samplers record PyTorch's nodes when a parameter requires grad: the result
# requires grad, its gradient to each parameter is zero (bernoulli(x, p) cannot be
# differentiated); before, the draws came back as constants.
SAMPLER_CASES = [
    ('m = torch.zeros(3, 1, requires_grad=True)\ns = torch.ones(4, requires_grad=True)\nr = torch.normal(m, s)\nprint(r, r.grad_fn)\nr.sum().backward()\nprint(m.grad, s.grad)\np = torch.full((2, 2), 0.5, requires_grad=True)\nb = torch.bernoulli(p)\nprint(b, b.grad_fn)\n(b * 2).sum().backward()\nprint(p.grad)\nq = torch.poisson(torch.tensor([1.0, 4.0], requires_grad=True))\nprint(q)\nc = torch.bernoulli(p, 0.2)\nprint(c)\ntry:\n    c.sum().backward()\nexcept RuntimeError as e:\n    print("E", e)\nwith torch.no_grad():\n    print(torch.normal(m, 1.0).requires_grad)\nd = torch.normal(m.double(), 2.0)\nprint(d.dtype, d.grad_fn)\n',
     'tensor([[ 1.5410, -0.2934, -2.1788,  0.5684],\n        [-1.0845, -1.3986,  0.4033,  0.8380],\n        [-0.7193, -0.4033, -0.5966,  0.1820]], grad_fn=<NormalBackward3>) <NormalBackward3 object at 0x>\ntensor([[0.],\n        [0.],\n        [0.]]) tensor([0., 0., 0., 0.])\ntensor([[1., 0.],\n        [0., 1.]], grad_fn=<BernoulliBackward0>) <BernoulliBackward0 object at 0x>\ntensor([[0., 0.],\n        [0., 0.]])\ntensor([1., 4.], grad_fn=<PoissonBackward0>)\ntensor([[0., 1.],\n        [0., 0.]], grad_fn=<NotImplemented>)\nE derivative for aten::bernoulli is not implemented\nFalse\ntorch.float64 <NormalBackward1 object at 0x>\n'),
    ("w = torch.rand(4, requires_grad=True)\ncases = [\n lambda: torch.normal(w, 1.0),\n lambda: torch.normal(0.5, w),\n lambda: torch.normal(w, w),\n lambda: torch.poisson(w),\n lambda: torch.bernoulli(w),\n lambda: torch.bernoulli(w, 0.3),\n lambda: w.bernoulli(0.3),\n lambda: torch.binomial(w * 10, w),\n lambda: torch.tensor(0.0),\n lambda: torch.multinomial(w, 2),\n lambda: w.clone().normal_(),\n lambda: w.clone().uniform_(),\n lambda: w.clone().bernoulli_(0.5),\n lambda: w.clone().exponential_(),\n lambda: torch.rand_like(w),\n lambda: torch.randn_like(w),\n lambda: w.clone().random_(0, 5),\n lambda: w.clone().geometric_(0.5),\n lambda: w.clone().cauchy_(),\n lambda: w.clone().log_normal_(),\n lambda: torch.distributions.Normal(w, 1.0).sample(),\n lambda: torch.distributions.Normal(w, 1.0).rsample(),\n lambda: torch.distributions.Gamma(w + 1, 1.0).rsample(),\n lambda: torch.distributions.Dirichlet(w + 1).rsample(),\n lambda: torch.distributions.Beta(w + 1, w + 1).rsample(),\n]\nfor i, f in enumerate(cases):\n    try:\n        r = f()\n        print(i, r.requires_grad, r.grad_fn.name() if r.grad_fn is not None else None)\n        if r.requires_grad:\n            g, = torch.autograd.grad(r.sum(), w, allow_unused=True)\n            print('   grad', g)\n    except Exception as e:\n        print(i, type(e).__name__, str(e).split('\\n')[0][:200])\n",
     '0 True NormalBackward1\n   grad tensor([0., 0., 0., 0.])\n1 True NormalBackward2\n   grad tensor([0., 0., 0., 0.])\n2 True NormalBackward3\n   grad tensor([0., 0., 0., 0.])\n3 True PoissonBackward0\n   grad tensor([0., 0., 0., 0.])\n4 True BernoulliBackward0\n   grad tensor([0., 0., 0., 0.])\n5 True torch::autograd::NotImplemented\n5 RuntimeError derivative for aten::bernoulli is not implemented\n6 True torch::autograd::NotImplemented\n6 RuntimeError derivative for aten::bernoulli is not implemented\n7 True torch::autograd::NotImplemented\n7 RuntimeError derivative for aten::binomial is not implemented\n8 False None\n9 False None\n10 True NormalBackward0\n   grad tensor([0., 0., 0., 0.])\n11 True UniformBackward0\n   grad tensor([0., 0., 0., 0.])\n12 True BernoulliBackward2\n   grad tensor([0., 0., 0., 0.])\n13 True ExponentialBackward0\n   grad tensor([0., 0., 0., 0.])\n14 False None\n15 False None\n16 True RandomBackward0\n   grad tensor([0., 0., 0., 0.])\n17 True GeometricBackward0\n   grad tensor([0., 0., 0., 0.])\n18 True CauchyBackward0\n   grad tensor([0., 0., 0., 0.])\n19 True LogNormalBackward0\n   grad tensor([0., 0., 0., 0.])\n20 False None\n21 True AddBackward0\n   grad tensor([1., 1., 1., 1.])\n22 True DivBackward0\n   grad tensor([0.5972, 1.2077, 0.2332, 0.8731])\n23 True _DirichletBackward\n   grad tensor([0., 0., 0., 0.])\n24 True SelectBackward0\n   grad tensor([ 0.0467, -0.0726, -0.1297,  0.1169])\n'),
]


@pytest.mark.parametrize("source, expected", SAMPLER_CASES)
def test_samplers_record_pytorchs_nodes(source, expected):
    assert run(source) == expected


# Tensor arguments PyTorch has no derivative for refuse requires_grad while grad mode is on
# (its generated check_no_requires_grad, after the composite's own checks, before the
# kernel's): nll_loss's weight, binary_cross_entropy_with_logits' weight and pos_weight,
# multi_margin_loss's weight, batch_norm's running statistics.
NO_GRAD_ARGUMENT_CASES = [
    ('F = torch.nn.functional\nx = torch.randn(3, 4, requires_grad=True)\nt = torch.tensor([0, 2, 1])\nw = torch.rand(4, requires_grad=True)\np = torch.rand(3, 4)\ncases = [\n lambda: F.nll_loss(x.log_softmax(1), t, weight=w),\n lambda: F.cross_entropy(x.reshape(3, 4, 1, 1), t.reshape(3, 1, 1), weight=w),\n lambda: F.cross_entropy(x.reshape(3, 4, 1), t.reshape(3, 1), weight=w),\n lambda: F.cross_entropy(x, t, weight=w, label_smoothing=0.1),\n lambda: F.nll_loss(x, torch.tensor([0, 2, 9]), weight=w),\n lambda: F.binary_cross_entropy_with_logits(x, p, weight=w),\n lambda: F.binary_cross_entropy_with_logits(x, p, pos_weight=w),\n lambda: F.binary_cross_entropy_with_logits(x, p[:2], pos_weight=w),\n lambda: F.multi_margin_loss(x, t, weight=w),\n lambda: F.multi_margin_loss(x, t, p=3, weight=w),\n lambda: F.batch_norm(x, torch.zeros(4, requires_grad=True), torch.ones(4), training=True),\n lambda: F.batch_norm(x, torch.zeros(4), torch.ones(4, requires_grad=True), training=False),\n lambda: F.batch_norm(x, torch.zeros(5, requires_grad=True), torch.ones(4), training=True),\n lambda: F.instance_norm(x.reshape(1, 3, 4), torch.zeros(3, requires_grad=True), torch.ones(3)),\n lambda: F.soft_margin_loss(x, torch.ones(3, 4, requires_grad=True)),\n]\nfor i, f in enumerate(cases):\n    for mode in ("grad", "no_grad"):\n        try:\n            if mode == "grad":\n                r = f()\n            else:\n                with torch.no_grad():\n                    r = f()\n            print(i, mode, \'ok\', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)\n        except Exception as e:\n            print(i, mode, type(e).__name__, str(e).split(\'\\n\')[0])\n',
     "0 grad RuntimeError The function 'nll_loss_forward' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True.\n0 no_grad ok None False\n1 grad RuntimeError The function 'nll_loss2d_forward' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True.\n1 no_grad ok None False\n2 grad RuntimeError The function 'nll_loss2d_forward' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True.\n2 no_grad ok None False\n3 grad RuntimeError The function 'nll_loss_forward' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True.\n3 no_grad ok None False\n4 grad RuntimeError The function 'nll_loss_forward' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True.\n4 no_grad IndexError Target 9 is out of bounds.\n5 grad RuntimeError The function 'binary_cross_entropy_with_logits' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True.\n5 no_grad ok None False\n6 grad RuntimeError The function 'binary_cross_entropy_with_logits' is not differentiable with respect to argument 'pos_weight'. This input cannot have requires_grad True.\n6 no_grad ok None False\n7 grad ValueError Target size (torch.Size([2, 4])) must be the same as input size (torch.Size([3, 4]))\n7 no_grad ValueError Target size (torch.Size([2, 4])) must be the same as input size (torch.Size([3, 4]))\n8 grad RuntimeError The function 'multi_margin_loss' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True.\n8 no_grad ok None False\n9 grad ValueError only p == 1 and p == 2 supported\n9 no_grad ValueError only p == 1 and p == 2 supported\n10 grad RuntimeError The function 'native_batch_norm' is not differentiable with respect to argument 'running_mean'. This input cannot have requires_grad True.\n10 no_grad ok None False\n11 grad RuntimeError The function 'native_batch_norm' is not differentiable with respect to argument 'running_var'. This input cannot have requires_grad True.\n11 no_grad ok None False\n12 grad RuntimeError running_mean should contain 4 elements not 5\n12 no_grad RuntimeError running_mean should contain 4 elements not 5\n13 grad RuntimeError The function 'native_batch_norm' is not differentiable with respect to argument 'running_mean'. This input cannot have requires_grad True.\n13 no_grad ok None False\n14 grad RuntimeError The function 'soft_margin_loss' is not differentiable with respect to argument 'target'. This input cannot have requires_grad True.\n14 no_grad ok None False\n"),
    ("F = torch.nn.functional\nx = torch.randn(3, 4, requires_grad=True)\nt = torch.tensor([0, 2, 1])\nw = torch.rand(4, requires_grad=True)\np = torch.rand(3, 4)\ncases = [\n lambda: F.nll_loss(x.log_softmax(1), t, weight=w),\n lambda: F.cross_entropy(x, t, weight=w),\n lambda: F.cross_entropy(x, t, weight=w, label_smoothing=0.1),\n lambda: F.cross_entropy(x, p, weight=w),\n lambda: F.binary_cross_entropy(x.sigmoid(), p, weight=w),\n lambda: F.binary_cross_entropy_with_logits(x, p, weight=w),\n lambda: F.binary_cross_entropy_with_logits(x, p, pos_weight=w),\n lambda: F.binary_cross_entropy_with_logits(x, p, weight=w, pos_weight=w),\n lambda: F.multi_margin_loss(x, t, weight=w),\n lambda: F.multilabel_soft_margin_loss(x, p, weight=w),\n lambda: F.batch_norm(x, torch.zeros(4, requires_grad=True), torch.ones(4), training=True),\n lambda: F.batch_norm(x, torch.zeros(4), torch.ones(4, requires_grad=True), training=False),\n lambda: F.instance_norm(x.reshape(1, 3, 4), torch.zeros(3, requires_grad=True), torch.ones(3)),\n lambda: F.soft_margin_loss(x, torch.ones(3, 4, requires_grad=True)),\n lambda: F.multilabel_margin_loss(x, torch.tensor([[0, 1, -1, 0]] * 3)),\n lambda: F.poisson_nll_loss(x, p.requires_grad_()),\n lambda: torch.nn.functional.embedding(torch.tensor([0, 1]), w.reshape(2, 2)),\n lambda: F.rrelu(x, training=True),\n lambda: torch.polar(w, w),\n lambda: F.kl_div(x, p, reduction='batchmean'),\n lambda: torch.bucketize(x, torch.tensor([0.0, 1.0])),\n lambda: torch.lerp(x, p, w),\n lambda: F.gaussian_nll_loss(x, p, w.abs() + 0.1),\n lambda: F.ctc_loss(x.reshape(3,1,4).log_softmax(2), torch.tensor([[1, 2]]), torch.tensor([3]), torch.tensor([2])),\n lambda: torch.nn.functional.hardtanh(x, -0.5, 0.5),\n lambda: torch.index_add(x, 0, torch.tensor([0]), w.reshape(1, 4)),\n lambda: torch.masked_scatter(x, x > 0, w.repeat(3)),\n lambda: torch.histc(w),\n lambda: torch.searchsorted(torch.tensor([0., 1.], requires_grad=True), w),\n lambda: torch.clamp(x, min=w, max=None),\n lambda: torch.nn.functional.grid_sample(x.reshape(1,1,3,4), torch.zeros(1,2,2,2, requires_grad=True), align_corners=False),\n lambda: torch.normal(w, w),\n lambda: torch.poisson(w),\n lambda: torch.bernoulli(w),\n lambda: torch.multinomial(w, 2),\n lambda: torch.take_along_dim(x, t.reshape(3, 1), 1),\n lambda: torch.nn.functional.layer_norm(x, (4,), w, w),\n lambda: torch.cdist(x, x),\n lambda: torch.nn.functional.embedding_bag(torch.tensor([0, 1, 2]), x, torch.tensor([0]), per_sample_weights=w[:3], mode='sum'),\n]\nfor i, f in enumerate(cases):\n    try:\n        r = f()\n        print(i, 'ok', r.grad_fn.name() if getattr(r, 'grad_fn', None) is not None else None)\n    except Exception as e:\n        print(i, type(e).__name__, str(e).split('\\n')[0][:150])\n",
     "0 RuntimeError The function 'nll_loss_forward' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True.\n1 RuntimeError The function 'nll_loss_forward' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True.\n2 RuntimeError The function 'nll_loss_forward' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True.\n3 ok DivBackward1\n4 RuntimeError The function 'binary_cross_entropy' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True.\n5 RuntimeError The function 'binary_cross_entropy_with_logits' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True.\n6 RuntimeError The function 'binary_cross_entropy_with_logits' is not differentiable with respect to argument 'pos_weight'. This input cannot have requires_grad True\n7 RuntimeError The function 'binary_cross_entropy_with_logits' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True.\n8 RuntimeError The function 'multi_margin_loss' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True.\n9 ok MeanBackward0\n10 RuntimeError The function 'native_batch_norm' is not differentiable with respect to argument 'running_mean'. This input cannot have requires_grad True.\n11 RuntimeError The function 'native_batch_norm' is not differentiable with respect to argument 'running_var'. This input cannot have requires_grad True.\n12 RuntimeError The function 'native_batch_norm' is not differentiable with respect to argument 'running_mean'. This input cannot have requires_grad True.\n13 RuntimeError The function 'soft_margin_loss' is not differentiable with respect to argument 'target'. This input cannot have requires_grad True.\n14 ok MultilabelMarginLossBackward0\n15 ok MeanBackward0\n16 ok EmbeddingBackward0\n17 ok RreluWithNoiseBackward0\n18 ok PolarBackward0\n19 ok DivBackward0\n20 ok None\n21 ok LerpBackward1\n22 ValueError var is of incorrect size\n23 ok MeanBackward0\n24 ok HardtanhBackward0\n25 ok IndexAddBackward0\n26 ok MaskedScatterBackward0\n27 ok None\n28 ok None\n29 ok ClampBackward0\n30 ok GridSampler2DBackward0\n31 ok NormalBackward3\n32 ok PoissonBackward0\n33 ok BernoulliBackward0\n34 ok None\n35 ok GatherBackward0\n36 ok NativeLayerNormBackward0\n37 ok CdistBackward0\n38 ok EmbeddingBagBackward0\n"),
]


@pytest.mark.parametrize("source, expected", NO_GRAD_ARGUMENT_CASES)
def test_arguments_without_a_derivative_refuse_requires_grad(source, expected):
    assert run(source) == expected


# cov keeps aweights in its graph (it had used detached weights: the gradient to aweights was
# missing) and zeroes a non-positive normaliser in place; its warning and conv's
# padding='same' warning (once per process) carry PyTorch's C++ suffix.
MISC_CASES = [
    ('x = torch.randn(2, 4, dtype=torch.float64, requires_grad=True)\nfw = torch.tensor([1, 2, 1, 3])\naw = torch.rand(4, dtype=torch.float64, requires_grad=True)\nc = torch.cov(x, fweights=fw, aweights=aw)\nprint(c, c.grad_fn)\nc.sum().backward()\nprint(x.grad, aw.grad)\nx.grad = None\nc = torch.cov(x, aweights=aw)\nprint(c)\nc.sum().backward()\nprint(x.grad, aw.grad)\nc = torch.cov(x[:, :1], correction=1)\nprint(c, c.grad_fn)\ny = torch.randn(3, dtype=torch.float64, requires_grad=True)\nc = torch.cov(y, correction=3)\nprint(c, c.grad_fn)\nc.backward()\nprint(y.grad)\n',
     'tensor([[ 2.1237, -0.4896],\n        [-0.4896,  1.1050]], dtype=torch.float64, grad_fn=<SqueezeBackward0>) <SqueezeBackward0 object at 0x>\ntensor([[ 0.5367, -0.8704, -0.7266,  1.0603],\n        [ 0.5367, -0.8704, -0.7266,  1.0603]], dtype=torch.float64) tensor([-0.4289, -0.2947,  0.1784,  1.4336], dtype=torch.float64)\ntensor([[ 3.4018, -1.1333],\n        [-1.1333,  1.0521]], dtype=torch.float64, grad_fn=<SqueezeBackward0>)\ntensor([[ 1.0689, -0.6376, -1.0730,  0.6418],\n        [ 1.0689, -0.6376, -1.0730,  0.6418]], dtype=torch.float64) tensor([-0.5982, -0.8691,  0.2479,  2.7489], dtype=torch.float64)\n!W UserWarning: cov(): degrees of freedom is <= 0. Correction should be strictly less than the number of observations. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/Correlation.cpp:129.)\ntensor([[nan, nan],\n        [nan, nan]], dtype=torch.float64, grad_fn=<SqueezeBackward0>) <SqueezeBackward0 object at 0x>\n!W UserWarning: cov(): degrees of freedom is <= 0. Correction should be strictly less than the number of observations. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/Correlation.cpp:129.)\ntensor(inf, dtype=torch.float64, grad_fn=<SqueezeBackward0>) <SqueezeBackward0 object at 0x>\ntensor([nan, nan, nan], dtype=torch.float64)\n'),
    ("F = torch.nn.functional\nx = torch.randn(1, 1, 5)\nprint(F.conv1d(x, torch.randn(1, 1, 2), padding='same', dilation=1).shape)\nprint(F.conv1d(x, torch.randn(1, 1, 2), padding='same', dilation=1).shape)\ny = torch.randn(2, 4, 3)\nprint(F.layer_norm(y, (3,), torch.ones(3, dtype=torch.float64)).dtype)\nprint(F.dropout2d(torch.ones(1, 2, 3), 0.0).shape)\nprint(F.softmax(torch.ones(2, 2)).shape)\nprint(torch.ones(3)[torch.tensor([1, 0, 1], dtype=torch.uint8)])\nprint(F.mse_loss(torch.ones(3), torch.ones(1)))\n",
     "!W UserWarning: Using padding='same' with even kernel lengths and odd dilation may require a zero-padded copy of the input be created (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/Convolution.cpp:1101.)\ntorch.Size([1, 1, 5])\ntorch.Size([1, 1, 5])\n!! RuntimeError: mixed dtype (CPU): expect parameter to have scalar type of Float\n"),
]


@pytest.mark.parametrize("source, expected", MISC_CASES)
def test_misc_prints_what_pytorch_printed(source, expected):
    assert run(source) == expected


def test_fractional_pools_refuse_samples_that_require_grad():
    """(Python: formulas refuse `_random_samples`, a name with an underscore)"""
    source = 'F = torch.nn.functional\nx = torch.randn(1, 2, 6, 6, requires_grad=True)\ns = torch.rand(1, 2, 2, requires_grad=True)\nfor f in (lambda: F.fractional_max_pool2d(x, 2, output_size=3, _random_samples=s),\n          lambda: F.fractional_max_pool3d(x.unsqueeze(2).expand(1, 2, 4, 6, 6), 2, output_size=2, _random_samples=torch.rand(1, 2, 3, requires_grad=True)),\n          lambda: F.fractional_max_pool2d(x, 2, output_size=3, _random_samples=s.detach())):\n    try:\n        print(f().shape)\n    except RuntimeError as e:\n        print(e)\nwith torch.no_grad():\n    print(F.fractional_max_pool2d(x, 2, output_size=3, _random_samples=s).shape)\n'
    assert run_python(source) == "The function 'fractional_max_pool2d' is not differentiable with respect to argument 'random_samples'. This input cannot have requires_grad True.\nThe function 'fractional_max_pool3d' is not differentiable with respect to argument 'random_samples'. This input cannot have requires_grad True.\ntorch.Size([1, 2, 3, 3])\ntorch.Size([1, 2, 3, 3])\n"


# The graph a backward builds under create_graph, in the order PyTorch 2.13 builds it (the
# nodes made after the loss, by sequence number): each formula's inputs in alphabetical
# order (mm's mat2 before self, lerp's end, self, weight; xlog1py's other first), the right
# operand of each C++ operator first (div's and reciprocal's -grad * (...)).
BACKWARD_ORDER = [
    ('mm', 'a = torch.randn(2, 3, dtype=torch.float64, requires_grad=True); b = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)',
     'a.mm(b)',
     ['TBackward0', 'MmBackward0', 'TBackward0', 'MmBackward0']),
    ('linear', 'x = torch.randn(2, 3, dtype=torch.float64, requires_grad=True); w = torch.randn(4, 3, dtype=torch.float64, requires_grad=True); b = torch.randn(4, dtype=torch.float64, requires_grad=True)',
     'F.linear(x, w, b)',
     ['TBackward0', 'MmBackward0', 'MmBackward0', 'TBackward0', 'TBackward0']),
    ('addmm', 'c = torch.randn(2, 4, dtype=torch.float64, requires_grad=True); a = torch.randn(2, 3, dtype=torch.float64, requires_grad=True); b = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)',
     'torch.addmm(c, a, b, beta=0.5, alpha=2.0)',
     ['TBackward0', 'MmBackward0', 'MulBackward1', 'TBackward0', 'MmBackward0', 'MulBackward1']),
    ('div', 'a = torch.randn(3, dtype=torch.float64, requires_grad=True); b = (torch.rand(3, dtype=torch.float64) + 0.5).requires_grad_()',
     '(a / b) / (a * b)',
     ['DivBackward0', 'DivBackward0', 'MulBackward0', 'DivBackward0', 'MulBackward0', 'MulBackward0', 'DivBackward0', 'DivBackward0', 'NegBackward0', 'MulBackward0', 'DivBackward0', 'AddBackward0', 'AddBackward0']),
    ('reciprocal', 'a = (torch.rand(3, dtype=torch.float64) + 0.5).requires_grad_()',
     '(a * a).reciprocal() * a',
     ['MulBackward0', 'MulBackward0', 'MulBackward0', 'NegBackward0', 'MulBackward0', 'MulBackward0', 'MulBackward0', 'AddBackward0', 'AddBackward0']),
    ('lerp', 'a = torch.randn(3, dtype=torch.float64, requires_grad=True); b = torch.randn(3, dtype=torch.float64, requires_grad=True); w = torch.rand(3, dtype=torch.float64, requires_grad=True)',
     'torch.lerp(a, b, w)',
     ['MulBackward0', 'SubBackward0', 'MulBackward0', 'SubBackward0', 'MulBackward0']),
    ('addcdiv', 'a = torch.randn(3, dtype=torch.float64, requires_grad=True); b = torch.randn(3, dtype=torch.float64, requires_grad=True); c = (torch.rand(3, dtype=torch.float64) + 0.5).requires_grad_()',
     'torch.addcdiv(a, b, c, value=0.5)',
     ['DivBackward0', 'MulBackward0', 'MulBackward0', 'MulBackward1', 'DivBackward0', 'MulBackward0']),
    ('sinc', 'a = torch.randn(3, dtype=torch.float64, requires_grad=True)',
     'torch.sinc(a)',
     ['MulBackward1', 'MulBackward0', 'MulBackward1', 'SinBackward0', 'CosBackward0', 'MulBackward0', 'SubBackward0', 'DivBackward0', 'MulBackward0', 'WhereBackward0']),
    ('xlog1py', 'a = torch.randn(3, dtype=torch.float64, requires_grad=True); b = torch.rand(3, dtype=torch.float64, requires_grad=True)',
     'torch.special.xlog1py(a, b)',
     ['AddBackward1', 'MulBackward0', 'DivBackward0', 'SpecialXlog1PyBackward0', 'MaskedFillBackward0']),
    ('bessel', 'a = torch.randn(3, dtype=torch.float64, requires_grad=True)',
     'torch.special.i1(a) + torch.special.i0e(a) + torch.special.i1e(a)',
     ['WhereBackward0', 'ReciprocalBackward0', 'SgnBackward0', 'AddBackward0', 'MulBackward0', 'SpecialI0EBackward0', 'SubBackward0', 'WhereBackward0', 'MulBackward0', 'SgnBackward0', 'MulBackward0', 'SpecialI1EBackward0', 'SubBackward0', 'MulBackward0', 'AddBackward0', 'WhereBackward0', 'ReciprocalBackward0', 'MulBackward0', 'I0Backward0', 'SubBackward0', 'WhereBackward0', 'MulBackward0', 'AddBackward0']),
    ('dist', 'a = torch.randn(3, dtype=torch.float64, requires_grad=True); b = torch.randn(3, dtype=torch.float64, requires_grad=True)',
     'torch.dist(a * b, b, 3)',
     ['SubBackward0', 'AbsBackward0', 'PowBackward0', 'MulBackward0', 'PowBackward0', 'DivBackward0', 'MaskedFillBackward0', 'MulBackward0', 'NegBackward0', 'SubBackward0', 'AbsBackward0', 'PowBackward0', 'MulBackward0', 'PowBackward0', 'DivBackward0', 'MaskedFillBackward0', 'MulBackward0', 'MulBackward0', 'MulBackward0', 'AddBackward0']),
    ('vector_norm', 'a = torch.randn(4, dtype=torch.float64, requires_grad=True)',
     "torch.linalg.vector_norm(a, 0.5) + torch.linalg.vector_norm(a, 1.5) + torch.linalg.vector_norm(a, float('inf'))",
     ['SgnBackward0', 'MulBackward0', 'AbsBackward0', 'PowBackward0', 'SgnBackward0', 'MulBackward0', 'PowBackward0', 'DivBackward0', 'MaskedFillBackward0', 'MulBackward0', 'AddBackward0', 'AbsBackward0', 'PowBackward0', 'MaskedFillBackward0', 'SgnBackward0', 'MulBackward0', 'PowBackward0', 'MulBackward0', 'MulBackward0', 'AddBackward0']),
    ('erfinv', 'a = (torch.rand(3, dtype=torch.float64) * 1.6 - 0.8).requires_grad_()',
     'torch.erfinv(a)',
     ['ErfinvBackward0', 'PowBackward0', 'ExpBackward0', 'MulBackward1', 'MulBackward0']),
    ('alpha', 'c = torch.randn(2, 3, 4, dtype=torch.float64, requires_grad=True); a = torch.randn(2, 3, 5, dtype=torch.float64, requires_grad=True); b = torch.randn(2, 5, 4, dtype=torch.float64, requires_grad=True); m = torch.randn(3, 5, dtype=torch.float64, requires_grad=True); v = torch.randn(5, dtype=torch.float64, requires_grad=True); u = torch.randn(3, dtype=torch.float64, requires_grad=True)',
     'torch.baddbmm(c, a, b, beta=0.7, alpha=0.3).sum() + torch.addmv(u, m, v, beta=0.7, alpha=0.3).sum() + torch.addr(m, u, v, beta=0.7, alpha=0.3).sum() + torch.addbmm(c[0], a, b, beta=0.5, alpha=-2.0).sum()',
     ['TransposeBackward0', 'BmmBackward0', 'MulBackward1', 'TransposeBackward0', 'BmmBackward0', 'MulBackward1', 'MvBackward0', 'MulBackward1', 'MvBackward0', 'MulBackward1', 'MulBackward0', 'MulBackward1', 'TBackward0', 'MvBackward0', 'MulBackward1', 'AddBackward0', 'AddBackward0', 'AddBackward0', 'TransposeBackward0', 'BmmBackward0', 'MulBackward1', 'TransposeBackward0', 'BmmBackward0', 'MulBackward1', 'AddBackward0', 'AddBackward0']),
]


def _nodes(outputs):
    seen, stack = {}, [o.grad_fn for o in outputs]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen or "AccumulateGrad" in node.name():
            continue
        seen[id(node)] = node
        stack += [n for n, _ in node.next_functions]
    return sorted(seen.values(), key=lambda n: n._seq_nr)


@pytest.mark.parametrize("name, setup, expr, expected", BACKWARD_ORDER,
                         ids=[c[0] for c in BACKWARD_ORDER])
def test_backward_graphs_are_built_in_pytorchs_order(name, setup, expr, expected):
    env = {"torch": gradcli, "F": gradcli.nn.functional}
    exec(setup, env)
    out = eval(expr, env)
    gradcli.manual_seed(0)
    loss = (out * gradcli.randn(out.shape, dtype=out.dtype)).sum()
    leaves = [v for v in env.values()
              if isinstance(v, gradcli.Tensor) and v.requires_grad and v.is_leaf]
    start = loss.grad_fn._seq_nr + 1
    grads = gradcli.autograd.grad(loss, leaves, create_graph=True)
    made = [n.name().replace("torch::autograd::", "") for n in _nodes(grads)
            if n._seq_nr >= start]
    assert made == expected


def test_cross_rounds_as_atens_kernel():
    """torch.cross / linalg.cross: each component a_i b_j - a_j b_i with the first product
    fused, as GCC compiles ATen's kernel (NumPy's cross differed in the last bit in about a
    quarter of the elements)."""
    source = 'torch.manual_seed(0)\nfor dt in (torch.float64, torch.float32):\n    a = torch.randn(4, 3, dtype=dt, requires_grad=True); b = torch.randn(4, 3, dtype=dt, requires_grad=True)\n    c = torch.linalg.cross(a, b)\n    print(c.tolist())\n    (c * torch.randn(4, 3, dtype=dt)).sum().backward()\n    print(a.grad.tolist(), b.grad.tolist())\n    a2 = torch.randn(3, 2, 1, dtype=dt); b2 = torch.randn(3, 1, 5, dtype=dt)\n    print(torch.cross(a2, b2, dim=0).tolist(), torch.cross(a2, b2, dim=0).is_contiguous())\nprint(torch.cross(torch.tensor([1, 2, 3]), torch.tensor([4, 5, 6]), dim=0))\nprint(torch.cross(torch.tensor([1+1j, 2, 3]), torch.tensor([4, 5j, 6]), dim=0))\n'
    assert run(source) == '[[2.712302017253429, 3.517209065518575, 1.444653655575184], [-1.1967001701259268, -0.3836994161805764, -0.18884033043291154], [-0.775037647514209, 0.49217732606517584, 0.13882171118807646], [-0.6333818976403571, 0.5776668684774366, 0.4899347199120731]]\n[[-0.0664973175077979, -1.311011073273299, -1.2938331244789527], [0.4146782404673043, -0.2070135993715431, -0.4505772153551632], [0.19640839725945655, 0.3633584025437296, 1.9534421751629294], [1.9626148096974876, 0.04335407884793424, -3.7417598281834876]] [[-3.132193488938032, -1.5705124006034994, -2.003802789497144], [-0.7500057237352744, -1.5148391080653119, 0.8698370882604333], [0.7831444420423431, 0.45047401914955826, 0.964032848691557], [-0.24937946187884824, -0.2032639264675996, -1.2187668730241479]]\n[[[0.29164648987085995, 0.8367187211972356, 0.046485014500496344, -0.2521126530932553, -0.4425272397805936], [-0.9461177209054603, -3.1236044200255173, -0.1507219734780726, 0.8371591470576668, 1.6029757611875897]], [[1.1322053305314976, 2.8753784157774067, 0.22449135495276368, -0.9484131965272982, -1.5578627011736996], [0.5482873226253454, 1.1168782212363388, -0.22586466938659175, -0.5432779084509175, -0.699310531011492]], [[0.22758872317981918, -1.8687126671681202, 0.33405764139651556, 0.008297113187587205, 0.7372849866453302], [0.10275751286252463, -1.8699543887591703, -0.9816908168391103, -0.27616904169775996, 0.5576439910763836]]] True\n[[-2.310852289199829, -1.102844476699829, -1.8361485004425049], [-1.7816709280014038, -2.3102221488952637, -0.4310265779495239], [-0.17777076363563538, -1.7363744974136353, 0.7229247689247131], [0.13762837648391724, -0.6002445220947266, 0.684966504573822]]\n[[-0.5789732933044434, -2.2978954315185547, -0.9653751850128174], [-1.2188196182250977, -1.7624958753585815, -0.08450876921415329], [0.3210228979587555, -0.34614861011505127, 0.10723211616277695], [-0.10738414525985718, -0.09212352335453033, -0.45909714698791504]] [[-0.614700973033905, -0.33662688732147217, 1.054004430770874], [1.2451292276382446, 2.0633633136749268, 0.3328671455383301], [0.14417210221290588, -0.7111803889274597, 2.3052244186401367], [0.8792826533317566, 2.094454050064087, -0.8596243262290955]]\n[[[1.7329672574996948, -0.3473973870277405, 2.146804094314575, 0.35105451941490173, -0.2119402289390564], [-1.827627182006836, 0.5204674601554871, -2.0879883766174316, -0.17425478994846344, 0.3029496371746063]], [[-0.7555684447288513, 0.7303468585014343, 1.215041160583496, -0.39506685733795166, -0.6708711981773376], [0.7207165360450745, -0.9495906233787537, -1.792582392692566, 0.28144997358322144, 0.7551321387290955]], [[-0.39253050088882446, 0.6860771775245667, 1.7706986665725708, -0.3334420919418335, -0.7528570294380188], [0.7779603004455566, -0.5244030952453613, -0.17559057474136353, 0.1607307642698288, 0.2268984019756317]]] True\ntensor([-3,  6, -3])\ntensor([ 12.-15.j,   6.-6.j, -13.+5.j])\n'
