"""The graph a gradient carries under create_graph has PyTorch's shape, one level down too.

PyTorch's derivative formulas are C++ (derivatives.yaml): a Python number in them is a Scalar,
so `grad * 2` there records MulBackward1 with one input, where the same text in user code
wraps the 2 and records MulBackward0 with an input of None. gradcli's rules follow the C++
overloads while they build a graph, user code (custom Function backward, hooks) the Python
ones. Expected trees are what PyTorch 2.13 printed for the same code (the parity tests
compare more of them live when PyTorch is installed)."""
import pytest

from gradcli.namespace import torch_namespace

torch = torch_namespace()
ACC = "torch::autograd::AccumulateGrad"


def tree(t) -> list[str]:
    """grad_fn names depth first, indented by depth (no recursion)."""
    out, stack = [], [(t.grad_fn, 0)]
    while stack:
        node, depth = stack.pop()
        out.append("  " * depth + ("None" if node is None else node.name()))
        if node is not None:
            stack.extend((m, depth + 1) for m, _ in reversed(node.next_functions))
    return out


def second_order(f):
    x = torch.tensor([0.3, 0.6, 0.9], requires_grad=True)
    (g,) = torch.autograd.grad(f(x).sum(), x, create_graph=True)
    return tree(g)


CASES = {
    "x**3": (lambda x: x ** 3,
             ["MulBackward0", "  None", "  MulBackward1", "    PowBackward0", "      " + ACC]),
    "x**2": (lambda x: x ** 2,
             ["MulBackward0", "  None", "  MulBackward1", "    PowBackward0", "      " + ACC]),
    "sqrt": (lambda x: x.sqrt(),
             ["DivBackward0", "  None", "  MulBackward1", "    SqrtBackward0", "      " + ACC]),
    "log1p": (lambda x: x.log1p(),
              ["DivBackward0", "  None", "  AddBackward1", "    " + ACC]),
    "expm1": (lambda x: x.expm1(),
              ["MulBackward0", "  None", "  AddBackward1", "    Expm1Backward0",
               "      " + ACC]),
}


@pytest.mark.parametrize("name", CASES)
def test_rules_use_the_scalar_overloads(name):
    f, want = CASES[name]
    assert second_order(f) == want


def test_scalar_overload_nodes_differentiate_again():
    x = torch.tensor([0.3, 0.6, 0.9], dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad((x ** 3).sum(), x, create_graph=True)
    (h,) = torch.autograd.grad(g.sum(), x, create_graph=True)
    (k,) = torch.autograd.grad(h.sum(), x)
    assert h.tolist() == pytest.approx([6 * v for v in (0.3, 0.6, 0.9)])
    assert k.tolist() == pytest.approx([6.0, 6.0, 6.0])
    (d,) = torch.autograd.grad((x.log1p() / 4 - 1).sum(), x, create_graph=True)
    (dd,) = torch.autograd.grad(d.sum(), x)
    assert dd.tolist() == pytest.approx([-0.25 / (1 + v) ** 2 for v in (0.3, 0.6, 0.9)])


def test_user_code_in_a_backward_keeps_pythons_overloads():
    class Double(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad * 2

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = Double.apply(x) * x
    (g,) = torch.autograd.grad(y.sum(), x, create_graph=True)
    names = tree(g)
    assert "MulBackward1" not in "\n".join(names)
    user = torch.tensor([1.0], requires_grad=True) * 2
    assert [n.name() if n else None for n, _ in user.grad_fn.next_functions] == \
        ["torch::autograd::AccumulateGrad", None]


def test_first_order_gradients_are_unchanged_by_the_overloads():
    x = torch.tensor([0.5, 2.0], requires_grad=True)
    (x ** 3 + x.sqrt() * 2 - 1).sum().backward()
    assert x.grad.grad_fn is None
    assert x.grad.tolist() == pytest.approx([3 * v * v + v ** -0.5 for v in (0.5, 2.0)])
