"""Gradients that PyTorch's formulas make with where(mask, grad, 0), masked_fill, a scatter
into zeros or zeros_like(grad) are +0 where they pass nothing, whatever the incoming gradient:
never g * mask (0 * inf is nan, 0 * -1 is -0). Expected values: torch 2.13's x.grad for an
incoming gradient of inf, -1 and nan ('+0'/'-0' are the signed zeros); they run without torch.
"""
from __future__ import annotations

import pytest

import gradcli as torch
from gradcli import autograd

F = torch.nn.functional


def _shown(v):
    if v != 0:
        return repr(v)
    return "-0" if str(v).startswith("-") else "+0"


def _grad_of(f, x, g):
    y = f(x)
    y.backward(torch.full(y.shape, g))
    grad = x.grad.tolist()
    if isinstance(grad[0], list):
        return str([[_shown(v) for v in row] for row in grad])
    return str([_shown(v) for v in grad])


ONE = torch.tensor([1.0, 1.0])

# x = [2.0, 0.5]
VECTOR_OPS = {
    "clamp": lambda t: t.clamp(0, 1), "clamp_min": lambda t: t.clamp(min=1.0),
    "clamp_max": lambda t: t.clamp(max=1.0), "clip": lambda t: t.clip(0, 1),
    "clamp_t": lambda t: t.clamp(torch.tensor([0.0, 0.0]), ONE),
    "clamp_min_t": lambda t: t.clamp(min=ONE), "clamp_max_t": lambda t: t.clamp(max=ONE),
    "max_dim": lambda t: t.max(dim=0, keepdim=True)[0].expand(2),
    "min_dim": lambda t: t.min(0)[0].expand(2), "max": lambda t: t.max().expand(2),
    "maximum": lambda t: torch.maximum(t, ONE), "minimum": lambda t: torch.minimum(t, ONE),
    "max2": lambda t: torch.max(t, ONE), "fmax": lambda t: torch.fmax(t, ONE),
    "fmin": lambda t: torch.fmin(t, ONE),
    # already right before, and different on purpose: amax scales by a mask (nan, -0)
    "amax": lambda t: t.amax().expand(2), "relu": lambda t: torch.relu(t - 1),
    "where": lambda t: torch.where(t > 1, t, t * 0),
}
VECTOR = {
    'amax': ("['inf', 'nan']",
            "['-2.0', '-0']",
            "['nan', 'nan']"),
    'clamp': ("['+0', 'inf']",
             "['+0', '-1.0']",
             "['+0', 'nan']"),
    'clamp_max': ("['+0', 'inf']",
                 "['+0', '-1.0']",
                 "['+0', 'nan']"),
    'clamp_max_t': ("['+0', 'inf']",
                   "['+0', '-1.0']",
                   "['+0', 'nan']"),
    'clamp_min': ("['inf', '+0']",
                 "['-1.0', '+0']",
                 "['nan', '+0']"),
    'clamp_min_t': ("['inf', '+0']",
                   "['-1.0', '+0']",
                   "['nan', '+0']"),
    'clamp_t': ("['+0', 'inf']",
               "['+0', '-1.0']",
               "['+0', 'nan']"),
    'clip': ("['+0', 'inf']",
            "['+0', '-1.0']",
            "['+0', 'nan']"),
    'fmax': ("['inf', '+0']",
            "['-1.0', '+0']",
            "['nan', '+0']"),
    'fmin': ("['+0', 'inf']",
            "['+0', '-1.0']",
            "['+0', 'nan']"),
    'max': ("['inf', '+0']",
           "['-2.0', '+0']",
           "['nan', '+0']"),
    'max2': ("['inf', '+0']",
            "['-1.0', '+0']",
            "['nan', '+0']"),
    'max_dim': ("['inf', '+0']",
               "['-2.0', '+0']",
               "['nan', '+0']"),
    'maximum': ("['inf', '+0']",
               "['-1.0', '+0']",
               "['nan', '+0']"),
    'min_dim': ("['+0', 'inf']",
               "['+0', '-2.0']",
               "['+0', 'nan']"),
    'minimum': ("['+0', 'inf']",
               "['+0', '-1.0']",
               "['+0', 'nan']"),
    'relu': ("['inf', '+0']",
            "['-1.0', '+0']",
            "['nan', '+0']"),
    'where': ("['inf', 'nan']",
             "['-1.0', '+0']",
             "['nan', 'nan']"),
}


def _setitem(t):
    c = t.clone()
    c[0, 1] = 5.0
    return c


def _setitem_t(t):
    c = t.clone()
    c[:, 0] = t[:, 1] * 2
    return c


def _fill_diagonal(t):
    c = t.clone()
    c.fill_diagonal_(0.0)
    return c


def _zero_row(t):
    c = t.clone()
    c[1].zero_()
    return c


def _mask_set(t):
    c = t.clone()
    c[t > 1] = 0.0
    return c


def _masked_fill_(t):
    c = t.clone()
    c.masked_fill_(t > 1, 3.0)
    return c


def _index_put(t):
    c = t.clone()
    c.index_put_((torch.tensor([1]), torch.tensor([1])), torch.tensor(9.0))
    return c


# x = [[2.0, 0.5], [1.0, 3.0]]
MATRIX_OPS = {
    "trace": lambda t: torch.trace(t).expand(2, 2), "setitem": _setitem,
    "setitem_t": _setitem_t, "fill_diag": _fill_diagonal, "zero_": _zero_row,
    "mask_set": _mask_set, "masked_fill_": _masked_fill_, "index_put": _index_put,
    "aminmax": lambda t: torch.aminmax(t)[0].expand(2, 2),
    "div_floor": lambda t: torch.div(t, 1.5, rounding_mode="floor"),
}
MATRIX = {
    'aminmax': ("[['nan', 'inf'], ['nan', 'nan']]",
               "[['-0', '-4.0'], ['-0', '-0']]",
               "[['nan', 'nan'], ['nan', 'nan']]"),
    'div_floor': ("[['+0', '+0'], ['+0', '+0']]",
                 "[['+0', '+0'], ['+0', '+0']]",
                 "[['+0', '+0'], ['+0', '+0']]"),
    'fill_diag': ("[['+0', 'inf'], ['inf', '+0']]",
                 "[['+0', '-1.0'], ['-1.0', '+0']]",
                 "[['+0', 'nan'], ['nan', '+0']]"),
    'index_put': ("[['inf', 'inf'], ['inf', '+0']]",
                 "[['-1.0', '-1.0'], ['-1.0', '+0']]",
                 "[['nan', 'nan'], ['nan', '+0']]"),
    'mask_set': ("[['+0', 'inf'], ['inf', '+0']]",
                "[['+0', '-1.0'], ['-1.0', '+0']]",
                "[['+0', 'nan'], ['nan', '+0']]"),
    'masked_fill_': ("[['+0', 'inf'], ['inf', '+0']]",
                    "[['+0', '-1.0'], ['-1.0', '+0']]",
                    "[['+0', 'nan'], ['nan', '+0']]"),
    'setitem': ("[['inf', '+0'], ['inf', 'inf']]",
               "[['-1.0', '+0'], ['-1.0', '-1.0']]",
               "[['nan', '+0'], ['nan', 'nan']]"),
    'setitem_t': ("[['+0', 'inf'], ['+0', 'inf']]",
                 "[['+0', '-3.0'], ['+0', '-3.0']]",
                 "[['+0', 'nan'], ['+0', 'nan']]"),
    'trace': ("[['inf', '+0'], ['+0', 'inf']]",
             "[['-4.0', '+0'], ['+0', '-4.0']]",
             "[['nan', '+0'], ['+0', 'nan']]"),
    'zero_': ("[['inf', 'inf'], ['+0', '+0']]",
             "[['-1.0', '-1.0'], ['+0', '+0']]",
             "[['nan', 'nan'], ['+0', '+0']]"),
}


@pytest.mark.parametrize("name", sorted(VECTOR_OPS))
def test_vector_ops(name):
    for g, want in zip((float("inf"), -1.0, float("nan")), VECTOR[name]):
        x = torch.tensor([2.0, 0.5], requires_grad=True)
        assert _grad_of(VECTOR_OPS[name], x, g) == want, (name, g)


@pytest.mark.parametrize("name", sorted(MATRIX_OPS))
def test_matrix_ops(name):
    for g, want in zip((float("inf"), -1.0, float("nan")), MATRIX[name]):
        x = torch.tensor([[2.0, 0.5], [1.0, 3.0]], requires_grad=True)
        assert _grad_of(MATRIX_OPS[name], x, g) == want, (name, g)


def _copy_(t, y):
    c = t.clone()
    c.copy_(y * 2)
    return c


def _fill_t(t, y):
    c = t.clone()
    c.fill_(y[0])
    return c


def _lt_(t, y):
    c = t.clone()
    c.lt_(1.0)
    return c


def _zero_(t, y):
    c = t.clone()
    c.zero_()
    return c


# x = [2.0, -0.5], y = [1.0, 3.0]; autograd.grad with create_graph=True
PAIR_OPS = {
    "pow0": lambda t, y: t ** 0, "pow0t": lambda t, y: t.pow(0.0),
    "nextafter": lambda t, y: torch.nextafter(t, y), "cmp_": _lt_, "copy_": _copy_,
    "fill_t": _fill_t, "zero_": _zero_,
    "div_floor": lambda t, y: torch.div(t, y, rounding_mode="floor"),
    "div_trunc": lambda t, y: torch.div(t, y, rounding_mode="trunc"),
}
PAIR = {
    'cmp_': ("['+0', '+0'] None",
            "['+0', '+0'] None"),
    'copy_': ("['+0', '+0'] ['-2.0', '-2.0']",
             "['+0', '+0'] ['inf', 'inf']"),
    'div_floor': ("['+0', '+0'] ['+0', '+0']",
                 "['+0', '+0'] ['+0', '+0']"),
    'div_trunc': ("['+0', '+0'] ['+0', '+0']",
                 "['+0', '+0'] ['+0', '+0']"),
    'fill_t': ("['+0', '+0'] ['-2.0', '+0']",
              "['+0', '+0'] ['inf', '+0']"),
    'nextafter': ("['-1.0', '-1.0'] ['+0', '+0']",
                 "['inf', 'inf'] ['+0', '+0']"),
    'pow0': ("['+0', '+0'] None",
            "['+0', '+0'] None"),
    'pow0t': ("['+0', '+0'] None",
             "['+0', '+0'] None"),
    'zero_': ("['+0', '+0'] None",
             "['+0', '+0'] None"),
}


@pytest.mark.parametrize("name", sorted(PAIR_OPS))
def test_zeros_like_grad(name):
    for g, want in zip((-1.0, float("inf")), PAIR[name]):
        x = torch.tensor([2.0, -0.5], requires_grad=True)
        y = torch.tensor([1.0, 3.0], requires_grad=True)
        out = PAIR_OPS[name](x, y)
        gx, gy = autograd.grad(out, [x, y], torch.full(out.shape, g), allow_unused=True,
                               create_graph=True)
        got = [None if t is None else [_shown(v) for v in t.tolist()] for t in (gx, gy)]
        assert f"{got[0]} {got[1]}" == want, (name, g)
        assert not gx.requires_grad


CREATE_GRAPH = {     # x = [2, 0.5, 1, -3], y = [1, 1, 1, -3]: torch's values and node names
    'maximum': ([-4.0, 0.0, -1.0, 3.0],
               ['MaskedFillBackward0', 'WhereBackward0', 'MulBackward0', 'MulBackward1', 'PowBackward0', 'MaximumBackward0', 'torch::autograd::AccumulateGrad', 'torch::autograd::AccumulateGrad', 'DivBackward1', 'MulBackward0', 'MulBackward1', 'PowBackward0'],
               [-2.0, 0.0, -0.5, -0.5]),
    'minimum': ([0.0, -1.0, -1.0, 3.0],
               ['MaskedFillBackward0', 'WhereBackward0', 'MulBackward0', 'MulBackward1', 'PowBackward0', 'MinimumBackward0', 'torch::autograd::AccumulateGrad', 'torch::autograd::AccumulateGrad', 'DivBackward1', 'MulBackward0', 'MulBackward1', 'PowBackward0'],
               [0.0, -2.0, -0.5, -0.5]),
    'fmax': ([-4.0, 0.0, -2.0, 6.0],
            ['MaskedFillBackward0', 'MulBackward0', 'MulBackward1', 'PowBackward0', 'FmaxBackward0', 'torch::autograd::AccumulateGrad', 'torch::autograd::AccumulateGrad'],
            [-2.0, 0.0, -2.0, -2.0]),
    'clamp': ([0.0, -1.0, -2.0, 0.0],
             ['WhereBackward0', 'MulBackward0', 'MulBackward1', 'PowBackward0', 'ClampBackward1', 'torch::autograd::AccumulateGrad'],
             [0.0, -2.0, -2.0, 0.0]),
    'clamp_t': ([-4.0, 0.0, -2.0, 6.0],
               ['WhereBackward0', 'MulBackward0', 'MulBackward1', 'PowBackward0', 'ClampBackward0', 'AddBackward0', 'torch::autograd::AccumulateGrad', 'torch::autograd::AccumulateGrad', 'torch::autograd::AccumulateGrad'],
               [-2.0, 0.0, -2.0, -2.0]),
    'max': ([-4.0, 0.0, 0.0, 0.0],
           ['MaskedFillBackward1', 'DivBackward0', 'MulBackward0', 'MulBackward1', 'PowBackward0', 'MaxBackward1', 'torch::autograd::AccumulateGrad'],
           [-2.0, 0.0, 0.0, 0.0]),
    'max_dim': ([-4.0, 0.0, -2.0, 0.0],
               ['ViewBackward0', 'ScatterBackward0', 'UnsqueezeBackward0', 'MulBackward0', 'MulBackward1', 'PowBackward0', 'MaxBackward0', 'ViewBackward0', 'torch::autograd::AccumulateGrad'],
               [-2.0, 0.0, -2.0, 0.0]),
    'min': ([0.0, 0.0, 0.0, 6.0],
           ['MaskedFillBackward1', 'DivBackward0', 'MulBackward0', 'MulBackward1', 'PowBackward0', 'MinBackward1', 'torch::autograd::AccumulateGrad'],
           [0.0, 0.0, 0.0, -2.0]),
    'relu': ([-4.0, -1.0, -2.0, 0.0],
            ['ThresholdBackwardBackward0', 'ReluBackward0', 'torch::autograd::AccumulateGrad', 'MulBackward0', 'MulBackward1', 'PowBackward0', 'ReluBackward0', 'torch::autograd::AccumulateGrad'],
            [-2.0, -2.0, -2.0, 0.0]),
    # scale_grad_by_count: (g / count) * mask, a MulBackward0 on top
    'amin_dim': ([-0.0, -2.0, 0.0, 60.0],
                 ['ViewBackward0', 'MulBackward0', 'DivBackward0', 'ExpandBackward0', 'SumBackward1', 'MulBackward0', 'ViewBackward0', 'torch::autograd::AccumulateGrad', 'MulBackward0', 'MulBackward1', 'PowBackward0', 'MulBackward0'],
                 [-0.0, -4.0, -0.0, -20.0]),
    'amax_dim': ([-4.0, -1.0, -2.0, 6.0],
                 ['AddBackward0', 'SliceBackward0', 'ViewBackward0', 'MulBackward0', 'DivBackward0', 'ExpandBackward0', 'UnsqueezeBackward0', 'MulBackward0', 'MulBackward1', 'PowBackward0', 'AmaxBackward0', 'ViewBackward0'],
                 [-2.0, -2.0, -2.0, -2.0]),
    'clamp_min': ([-4.0, 0.0, -2.0, 0.0],
                 ['WhereBackward0', 'MulBackward0', 'MulBackward1', 'PowBackward0', 'ClampBackward1', 'torch::autograd::AccumulateGrad'],
                 [-2.0, 0.0, -2.0, 0.0]),
}


CG_OPS = {
    "maximum": lambda x, y: torch.maximum(x, y), "minimum": lambda x, y: torch.minimum(x, y),
    "fmax": lambda x, y: torch.fmax(x, y), "clamp": lambda x, y: x.clamp(0, 1),
    "clamp_t": lambda x, y: x.clamp(y, y + 1), "max": lambda x, y: x.max(),
    "max_dim": lambda x, y: x.view(2, 2).max(1)[0], "min": lambda x, y: x.min(),
    "relu": lambda x, y: torch.relu(x), "clamp_min": lambda x, y: x.clamp(min=0.7),
    "amin_dim": lambda x, y: x.view(2, 2).amin(1, keepdim=True) * y.view(2, 2),
    "amax_dim": lambda x, y: torch.cat([x, x]).view(2, 4).amax(0),
}


@pytest.mark.parametrize("name", sorted(CG_OPS))
def test_create_graph_values_and_nodes(name):
    """the gradient under create_graph=True: its values, the first nodes of its graph and
    the gradient of its sum (a second derivative through the new nodes)"""
    x = torch.tensor([2.0, 0.5, 1.0, -3.0], requires_grad=True)
    y = torch.tensor([1.0, 1.0, 1.0, -3.0], requires_grad=True)
    out = (CG_OPS[name](x, y) ** 2 * torch.tensor(-1.0)).sum()
    g = autograd.grad(out, [x, y], create_graph=True, allow_unused=True)[0]
    names, stack = [], [g.grad_fn]
    while stack and len(names) < 12:
        node = stack.pop()
        if node is not None:
            names.append(node.name())
            stack.extend(n for n, _ in node.next_functions)
    h = autograd.grad(g.sum(), x, allow_unused=True)[0]
    assert (g.tolist(), names, None if h is None else h.tolist()) == CREATE_GRAPH[name]


# x = [1, -2, 0.5], y = [1, 3, 0.5], both requiring grad; g = [-1, -1, 2] or -1: the gradient
# of y is the loss's backward with x and y swapped, not minus x's (they differ where x == y)
LOSS_PAIRS = {
    ('mse', 'none'): "['-0', '10.0', '+0'] ['-0', '-10.0', '+0']",
    ('mse', 'mean'): "['-0', '3.3333334922790527', '-0'] ['-0', '-3.3333334922790527', '-0']",
    ('mse', 'sum'): "['-0', '10.0', '-0'] ['-0', '-10.0', '-0']",
    ('l1', 'none'): "['-0', '1.0', '+0'] ['+0', '-1.0', '-0']",
    ('l1', 'mean'): "['-0', '0.3333333432674408', '-0'] ['+0', '-0.3333333432674408', '+0']",
    ('l1', 'sum'): "['-0', '1.0', '-0'] ['+0', '-1.0', '+0']",
    ('smooth_l1', 'none'): "['-0', '1.0', '+0'] ['-0', '-1.0', '+0']",
    ('smooth_l1', 'mean'): "['-0', '0.3333333432674408', '-0'] ['-0', '-0.3333333432674408', '-0']",
    ('smooth_l1', 'sum'): "['-0', '1.0', '-0'] ['-0', '-1.0', '-0']",
    ('huber', 'none'): "['-0', '1.0', '+0'] ['-0', '-1.0', '+0']",
    ('huber', 'mean'): "['-0', '0.3333333432674408', '-0'] ['-0', '-0.3333333432674408', '-0']",
    ('huber', 'sum'): "['-0', '1.0', '-0'] ['-0', '-1.0', '-0']",
}


@pytest.mark.parametrize("name, reduction", sorted(LOSS_PAIRS))
def test_loss_gradients_of_the_target(name, reduction):
    fn = {"mse": F.mse_loss, "l1": F.l1_loss, "smooth_l1": F.smooth_l1_loss,
          "huber": F.huber_loss}[name]
    x = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
    y = torch.tensor([1.0, 3.0, 0.5], requires_grad=True)
    out = fn(x, y, reduction=reduction)
    out.backward(torch.tensor([-1.0, -1.0, 2.0]) if reduction == "none" else torch.tensor(-1.0))
    got = f"{[_shown(v) for v in x.grad.tolist()]} {[_shown(v) for v in y.grad.tolist()]}"
    assert got == LOSS_PAIRS[(name, reduction)]



# torch 2.13's results for x = [-0.0, 0.0, nan, -2.0, 7.0, 6.0] (elu family: [-0.0, 0.0, -1.0]):
# relu and clamp keep x on a tie with the bound (-0 stays -0), elu's negative branch gives -0
NEGATIVE_ZERO = {
    ('float64', 'relu'): "['-0', '0.0', 'nan', '0.0', '7.0', '6.0']",
    ('float64', 'relu6'): "['-0', '0.0', 'nan', '0.0', '6.0', '6.0']",
    ('float64', 'clamp0'): "['-0', '0.0', 'nan', '0.0', '6.0', '6.0']",
    ('float64', 'clamp_min0'): "['-0', '0.0', 'nan', '0.0', '7.0', '6.0']",
    ('float64', 'clamp_max0'): "['-0', '0.0', 'nan', '-2.0', '0.0', '0.0']",
    ('float64', 'clamp_max-0'): "['-0', '0.0', 'nan', '-2.0', '-0', '-0']",
    ('float64', 'hardtanh'): "['-0', '0.0', 'nan', '0.0', '0.0', '0.0']",
    ('float64', 'clip'): "['-0', '0.0', 'nan', '-0', '0.0', '0.0']",
    ('float32', 'relu'): "['-0', '0.0', 'nan', '0.0', '7.0', '6.0']",
    ('float32', 'relu6'): "['-0', '0.0', 'nan', '0.0', '6.0', '6.0']",
    ('float32', 'clamp0'): "['-0', '0.0', 'nan', '0.0', '6.0', '6.0']",
    ('float32', 'clamp_min0'): "['-0', '0.0', 'nan', '0.0', '7.0', '6.0']",
    ('float32', 'clamp_max0'): "['-0', '0.0', 'nan', '-2.0', '0.0', '0.0']",
    ('float32', 'clamp_max-0'): "['-0', '0.0', 'nan', '-2.0', '-0', '-0']",
    ('float32', 'hardtanh'): "['-0', '0.0', 'nan', '0.0', '0.0', '0.0']",
    ('float32', 'clip'): "['-0', '0.0', 'nan', '-0', '0.0', '0.0']",
    ('float16', 'relu'): "['-0', '0.0', 'nan', '0.0', '7.0', '6.0']",
    ('float16', 'relu6'): "['-0', '0.0', 'nan', '0.0', '6.0', '6.0']",
    ('float16', 'clamp0'): "['-0', '0.0', 'nan', '0.0', '6.0', '6.0']",
    ('float16', 'clamp_min0'): "['-0', '0.0', 'nan', '0.0', '7.0', '6.0']",
    ('float16', 'clamp_max0'): "['-0', '0.0', 'nan', '-2.0', '0.0', '0.0']",
    ('float16', 'clamp_max-0'): "['-0', '0.0', 'nan', '-2.0', '-0', '-0']",
    ('float16', 'hardtanh'): "['-0', '0.0', 'nan', '0.0', '0.0', '0.0']",
    ('float16', 'clip'): "['-0', '0.0', 'nan', '-0', '0.0', '0.0']",
    ('float64', 'elu'): "['-0', '0.0', '-0.6321205588285577']",
    ('float64', 'selu'): "['-0', '0.0', '-1.1113307378125625']",
    ('float64', 'celu'): "['-0', '0.0', '-0.6321205588285577']",
    ('float32', 'elu'): "['-0', '0.0', '-0.6321205496788025']",
    ('float32', 'selu'): "['-0', '0.0', '-1.1113307476043701']",
    ('float32', 'celu'): "['-0', '0.0', '-0.6321205496788025']",
}


@pytest.mark.parametrize("dtype, name", sorted(NEGATIVE_ZERO))
def test_negative_zero_through_relu_clamp_and_elu(dtype, name):
    x = [-0.0, 0.0, -1.0] if name in ("elu", "selu", "celu") else \
        [-0.0, 0.0, float("nan"), -2.0, 7.0, 6.0]
    fn = {"relu": torch.relu, "relu6": F.relu6, "clamp0": lambda t: t.clamp(0, 6),
          "clamp_min0": lambda t: t.clamp(min=0), "clamp_max0": lambda t: t.clamp(max=0),
          "clamp_max-0": lambda t: t.clamp(max=-0.0),
          "hardtanh": lambda t: F.hardtanh(t, 0.0, 0.0), "clip": lambda t: t.clip(-0.0, 0.0),
          "elu": F.elu, "selu": F.selu, "celu": F.celu}[name]
    y = fn(torch.tensor(x, dtype=getattr(torch, dtype)))
    got = [("-0" if (v == 0 and str(v).startswith("-")) else repr(v)) for v in y.tolist()]
    assert str(got) == NEGATIVE_ZERO[(dtype, name)]


def test_copysign_gradient_is_result_over_self():
    """PyTorch's copysign_tensor_self_backward: g * (result / self), 0 where self == 0 (+0),
    nan where self is infinite; it saves the result (an in-place change to it is an error)
    and builds a graph under create_graph (its second derivative is nan at 0, as there)"""
    x = torch.tensor([1.5, -2.0, 0.0, -0.0, float("inf"), -float("inf"), float("nan")],
                     dtype=torch.float64, requires_grad=True)
    y = torch.tensor([-1.0, -1.0, -1.0, 1.0, -1.0, 1.0, 1.0], dtype=torch.float64,
                     requires_grad=True)
    want = "['-1.0', '1.0', '0.0', '0.0', 'nan', 'nan', 'nan']"
    for out in (torch.copysign(x, y), torch.copysign(x, -1.0)):
        gx, gy = autograd.grad(out.sum(), [x, y], create_graph=True, allow_unused=True)
        assert str([repr(v) for v in gx.tolist()]) == want
        assert gx.grad_fn.name() == "MulBackward0"
        (h,) = autograd.grad((gx * gx).sum(), [x])
        assert str([repr(v) for v in h.tolist()]) == \
            "['0.0', '0.0', 'nan', 'nan', 'nan', 'nan', 'nan']"
    (gx,) = autograd.grad(torch.copysign(x, x).sum(), [x], create_graph=True)
    assert gx.grad_fn.name() == "AddBackward0"
    w = torch.copysign(x, y)
    w.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        w.sum().backward()


def test_cumsum_starts_from_plus_zero():
    """ATen's cumsum adds each element to an accumulator that starts at +0, so a run of
    -0.0 sums to +0.0; cumprod's gradient (a reversed cumsum of g*out, over x) inherits it"""
    assert str(torch.tensor([-0.0, -0.0, 1.0, -1.0]).cumsum(0).tolist()) == "[0.0, 0.0, 1.0, 0.0]"
    assert str(torch.tensor([[-0.0, -0.0]], dtype=torch.float64).cumsum(1).tolist()) == "[[0.0, 0.0]]"
    x = torch.tensor([[0.13, -0.21, -1.79, 1.42], [0.96, -1.57, -1.43, -0.01],
                      [0.39, -1.24, -1.09, 0.87]], requires_grad=True)
    x.cumprod(0).clamp(-0.5, 0.7).mean().backward()
    assert str(x.grad[2].tolist()) == \
        "[0.010400000028312206, 0.02747500129044056, -0.0, -0.0011833333410322666]"
