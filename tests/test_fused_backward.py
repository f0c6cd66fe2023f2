"""Gradients built with create_graph carry PyTorch's fused backward nodes.

PyTorch computes the gradient of tanh, relu, the softmaxes, the losses ... with one backward
function each, so with create_graph the gradient has one node named after it
(`TanhBackwardBackward0`) with edges to the incoming gradient and to what the first node
saved. The expected names and edges below are what PyTorch 2.13 printed for the same code
(tests/test_parity_engine.py compares them live when PyTorch is installed). The values are
checked by finite differences to third order: the fused nodes' own backward is a second
derivative, and its graph a third."""
import numpy as np
import pytest

import gradcli as torch
from gradcli.autograd.gradcheck import gradcheck, gradgradcheck
from gradcli.errors import GradcliError



def _ns():
    from gradcli.namespace import torch_namespace
    return torch_namespace()


T = _ns()
FN = T.nn.functional

OPS = {
    "tanh": lambda x: x.tanh(),
    "sigmoid": lambda x: x.sigmoid(),
    "relu": lambda x: x.relu(),
    "leaky_relu": lambda x: FN.leaky_relu(x, 0.1),
    "hardtanh": lambda x: FN.hardtanh(x, -0.5, 0.5),
    "relu6": FN.relu6,
    "elu": FN.elu,
    "selu": FN.selu,
    "celu": lambda x: FN.celu(x, 0.7),
    "gelu": FN.gelu,
    "gelu_tanh": lambda x: FN.gelu(x, approximate="tanh"),
    "softplus": FN.softplus,
    "logsigmoid": FN.logsigmoid,
    "log_softmax": lambda x: T.log_softmax(x, 0),
    "softmax": lambda x: T.softmax(x, 0),
    "mse": lambda x: FN.mse_loss(x, T.tensor([0.1, 0.2, -0.3, 0.4], dtype=x.dtype)),
    "smooth_l1": lambda x: FN.smooth_l1_loss(x, T.zeros(4, dtype=x.dtype)),
    "huber": lambda x: FN.huber_loss(x, T.zeros(4, dtype=x.dtype)),
    "hardswish": FN.hardswish,
    "threshold": lambda x: FN.threshold(x, 0.3, 0.0),
    "hardshrink": FN.hardshrink,
    "softshrink": FN.softshrink,
    "nll": lambda x: FN.nll_loss(x.reshape(2, 2), T.tensor([1, 0])),
    "ce": lambda x: FN.cross_entropy(x.reshape(2, 2), T.tensor([1, 0])),
    "bce": lambda x: FN.binary_cross_entropy(x.sigmoid(), T.tensor([1., 0., 1., 0.],
                                                                    dtype=x.dtype)),
    "glu": lambda x: FN.glu(x, 0),
    "softmin": lambda x: FN.softmin(x, 0),
}

ACC = "torch::autograd::AccumulateGrad"
# name of g.grad_fn and of its next_functions, for g = d f(x).sum() / dx with create_graph,
# then the same with the incoming gradient from w * f(x) (so that it has a node): PyTorch 2.13
EXPECTED = {
    "tanh": ("TanhBackwardBackward0", [None, "TanhBackward0"]),
    "sigmoid": ("SigmoidBackwardBackward0", [None, "SigmoidBackward0"]),
    "relu": ("ThresholdBackwardBackward0", [None, "ReluBackward0"]),
    "leaky_relu": ("LeakyReluBackwardBackward0", [None, ACC]),
    "hardtanh": ("HardtanhBackwardBackward0", [None, ACC]),
    "relu6": ("HardtanhBackwardBackward0", [None, ACC]),
    "elu": ("EluBackwardBackward0", [None, ACC]),
    "selu": ("EluBackwardBackward0", [None, ACC]),
    "celu": ("EluBackwardBackward0", [None, ACC]),
    "gelu": ("GeluBackwardBackward0", [None, ACC]),
    "gelu_tanh": ("GeluBackwardBackward0", [None, ACC]),
    "softplus": ("SoftplusBackwardBackward0", [None, ACC]),
    "logsigmoid": ("LogSigmoidBackwardBackward0", [None, ACC]),
    "log_softmax": ("LogSoftmaxBackwardDataBackward0", [None, "LogSoftmaxBackward0"]),
    "softmax": ("SoftmaxBackwardDataBackward0", [None, "SoftmaxBackward0"]),
    "mse": ("MseLossBackwardBackward0", [None, ACC, None]),
    "smooth_l1": ("SmoothL1LossBackwardBackward0", [None, ACC, None]),
    "huber": ("HuberLossBackwardBackward0", [None, ACC, None]),
    "hardswish": ("HardswishBackwardBackward0", [None, ACC]),
    "threshold": ("ThresholdBackwardBackward0", [None, ACC]),
    "hardshrink": ("HardshrinkBackwardBackward0", [None, ACC]),
    "softshrink": ("SoftshrinkBackwardBackward0", [None, ACC]),
    "nll": ("ViewBackward0", ["NllLossBackwardBackward0"]),
    "ce": ("ViewBackward0", ["LogSoftmaxBackwardDataBackward0"]),
    "bce": ("SigmoidBackwardBackward0", ["BinaryCrossEntropyBackwardBackward0",
                                         "SigmoidBackward0"]),
    "glu": ("GluBackwardBackward0", [None, ACC]),
    "softmin": ("NegBackward0", ["SoftmaxBackwardDataBackward0"]),
}


def _names(node):
    return [None if n is None else n.name() for n, _ in node.next_functions]


def _x(dtype=torch.float32):
    return T.tensor([0.3, -0.6, 0.9, 1.7], dtype=dtype, requires_grad=True)


@pytest.mark.parametrize("name", sorted(OPS))
def test_the_gradient_carries_pytorchs_node(name):
    x = _x()
    out = OPS[name](x)
    (g,) = T.autograd.grad(out.sum(), x, create_graph=True)
    assert g.requires_grad
    assert (g.grad_fn.name(), _names(g.grad_fn)) == EXPECTED[name]
    # an incoming gradient with a graph of its own is the node's first edge
    w = T.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    out = OPS[name](x)
    y = (out * w[:out.numel()].reshape(out.shape)).sum() if out.dim() else out * w[0]
    (g2,) = T.autograd.grad(y, x, create_graph=True)
    top = g2.grad_fn if EXPECTED[name][1][0] is None else g2.grad_fn.next_functions[0][0]
    assert top.next_functions[0][0] is not None


@pytest.mark.parametrize("name", ["relu", "leaky_relu", "hardtanh", "relu6", "threshold",
                                  "hardshrink", "softshrink"])
def test_a_piecewise_linear_gradient_requires_grad_and_its_derivative_is_zero(name):
    """In PyTorch the gradient of relu(x).sum() requires grad (through
    ThresholdBackwardBackward0); its own gradient is zero, not an error."""
    x = _x()
    (g,) = T.autograd.grad(OPS[name](x).sum(), x, create_graph=True)
    assert g.requires_grad
    (h,) = T.autograd.grad(g.sum(), x, allow_unused=True)
    assert h is not None and h.tolist() == [0.0] * 4


def test_x_grad_after_backward_with_create_graph_prints_the_fused_node():
    x = _x()
    x.tanh().sum().backward(create_graph=True)
    assert repr(x.grad.grad_fn).startswith("<CopyBackwards")
    (g,) = T.autograd.grad(x.tanh().sum(), x, create_graph=True)
    assert repr(g).endswith("grad_fn=<TanhBackwardBackward0>)")


def test_hardsigmoid_has_no_second_derivative_as_in_pytorch():
    x = _x()
    (g,) = T.autograd.grad(FN.hardsigmoid(x).sum(), x, create_graph=True)
    assert repr(g.grad_fn).startswith("<NotImplemented object at 0x")
    assert g.grad_fn.name() == "torch::autograd::NotImplemented"
    assert _names(g.grad_fn) == [ACC]             # edges only where grad is required
    assert repr(g).endswith("grad_fn=<NotImplemented>)")
    np.testing.assert_allclose(g.detach().numpy(), [1 / 6] * 4, rtol=1e-6)
    with pytest.raises(GradcliError,
                       match="derivative for aten::hardsigmoid_backward is not implemented"):
        g.sum().backward()


def test_without_create_graph_nothing_is_recorded_and_the_values_are_the_same():
    for name, f in OPS.items():
        x = _x(torch.float64)
        (plain,) = T.autograd.grad(f(x).sum(), x)
        (graphed,) = T.autograd.grad(f(x).sum(), x, create_graph=True)
        assert plain.grad_fn is None
        np.testing.assert_array_equal(plain.numpy(), graphed.detach().numpy(), err_msg=name)


# -- values, to third order --------------------------------------------------------------------

SMOOTH_AT = np.array([0.35, -0.65, 0.95, 1.75])       # away from every kink


@pytest.mark.parametrize("name", sorted(OPS))
def test_second_and_third_derivatives_match_finite_differences(name):
    f = OPS[name]
    x = T.tensor(SMOOTH_AT, dtype=torch.float64, requires_grad=True)
    w = T.tensor([0.7, -1.3, 0.4, 2.1], dtype=torch.float64, requires_grad=True)

    def first(x, w):
        # the gradient, weighted by w so that the incoming gradient has a graph too (the
        # numerical side of gradcheck calls this with inputs that do not require grad)
        with T.enable_grad():
            if not x.requires_grad:
                x = x.detach().requires_grad_()
            out = f(x)
            y = (out * w[:out.numel()].reshape(out.shape)).sum()
            (g,) = T.autograd.grad(y, x, create_graph=True)
        return g

    assert gradcheck(first, (x, w))               # the fused nodes' backward
    assert gradgradcheck(first, (x, w))           # and the graph it builds


def test_nll_loss_target_swapped_loss_gradients():
    """mse/smooth_l1/huber: the gradient in the target is the same backward function with
    the arguments swapped (PyTorch's derivatives.yaml), its own node with create_graph."""
    x = T.tensor([0.3, -0.6], dtype=torch.float64, requires_grad=True)
    t = T.tensor([0.5, 0.5], dtype=torch.float64, requires_grad=True)
    for loss in (FN.mse_loss, FN.smooth_l1_loss, FN.huber_loss):
        gx, gt = T.autograd.grad(loss(x, t), (x, t), create_graph=True)
        assert gx.grad_fn is not gt.grad_fn
        assert type(gx.grad_fn) is type(gt.grad_fn)
        np.testing.assert_allclose(gx.detach().numpy(), -gt.detach().numpy())
        assert gradgradcheck(lambda a, b: loss(a, b), (x, t))
