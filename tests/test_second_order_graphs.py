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


F = torch.nn.functional

# Ops whose rules were rewritten in PyTorch's op order (derivatives.yaml, FunctionsManual.cpp):
# the gradient's tree as PyTorch 2.13 printed it.
FORMULA_CASES = {
    "abs": (lambda x: x.abs(),
        ["MulBackward0", "  None", "  SgnBackward0", "    " + ACC]),
    "asin": (lambda x: x.asin(),
        ["MulBackward0", "  None", "  RsqrtBackward0", "    AddBackward1", "      MulBackward0",
         "        NegBackward0", "          " + ACC, "        " + ACC]),
    "acos": (lambda x: x.acos(),
        ["MulBackward0", "  None", "  NegBackward0", "    RsqrtBackward0", "      AddBackward1",
         "        MulBackward0", "          NegBackward0", "            " + ACC,
         "          " + ACC]),
    "rsqrt": (lambda x: x.rsqrt(),
        ["MulBackward0", "  None", "  PowBackward0", "    RsqrtBackward0", "      " + ACC]),
    "tan": (lambda x: x.tan(),
        ["MulBackward0", "  None", "  AddBackward1", "    PowBackward0", "      TanBackward0",
         "        " + ACC]),
    "erf": (lambda x: x.erf(),
        ["MulBackward0", "  MulBackward1", "    ExpBackward0", "      NegBackward0",
         "        PowBackward0", "          " + ACC, "  None"]),
    "exp2": (lambda x: torch.exp2(x),
        ["MulBackward1", "  MulBackward0", "    None", "    Exp2Backward0", "      " + ACC]),
    "erfinv": (lambda x: torch.special.erfinv(x),
        ["MulBackward0", "  MulBackward1", "    ExpBackward0", "      PowBackward0",
         "        ErfinvBackward0", "          " + ACC, "  None"]),
    "2**x": (lambda x: torch.pow(2, x),
        ["MulBackward0", "  None", "  MulBackward1", "    PowBackward2", "      " + ACC]),
    "sinc": (lambda x: torch.sinc(x),
        ["WhereBackward0", "  None", "  MulBackward0", "    None", "    DivBackward0",
         "      SubBackward0", "        MulBackward0", "          MulBackward1",
         "            " + ACC, "          CosBackward0", "            MulBackward1",
         "              " + ACC, "        SinBackward0", "          MulBackward1",
         "            " + ACC, "      MulBackward1", "        MulBackward0", "          " + ACC,
         "          " + ACC]),
    "logit": (lambda x: torch.logit(x),
        ["WhereBackward0", "  DivBackward0", "    None", "    MulBackward0", "      " + ACC,
         "      SubBackward0", "        None", "        " + ACC, "  None"]),
    "norm": (lambda x: x.norm(),
        ["MulBackward0", "  None", "  MaskedFillBackward0", "    DivBackward0", "      " + ACC,
         "      LinalgVectorNormBackward0", "        " + ACC]),
    "norm dim": (lambda x: x.view(1, 3).norm(dim=1),
        ["ViewBackward0", "  MulBackward0", "    None", "    MaskedFillBackward0",
         "      DivBackward0", "        ViewBackward0", "          " + ACC,
         "        UnsqueezeBackward0", "          LinalgVectorNormBackward0",
         "            ViewBackward0", "              " + ACC]),
    "dist": (lambda x: torch.dist(x, torch.zeros(3)),
        ["MulBackward0", "  None", "  MaskedFillBackward0", "    DivBackward0",
         "      SubBackward0", "        " + ACC, "        None", "      DistBackward0",
         "        " + ACC, "        None"]),
    "prod": (lambda x: x.prod(),
        ["MulBackward0", "  None", "  DivBackward0", "    ProdBackward0", "      " + ACC,
         "    " + ACC]),
    "var": (lambda x: x.var(),
        ["MulBackward0", "  None", "  SubBackward0", "    " + ACC, "    MeanBackward0",
         "      " + ACC]),
    "std": (lambda x: x.std(),
        ["MulBackward0", "  MulBackward1", "    MaskedFillBackward0", "      DivBackward0",
         "        None", "        MulBackward1", "          StdBackward0", "            " + ACC,
         "  SubBackward0", "    " + ACC, "    MeanBackward0", "      " + ACC]),
    "logsumexp": (lambda x: torch.logsumexp(x, 0),
        ["MulBackward0", "  None", "  ExpBackward0", "    SubBackward0", "      " + ACC,
         "      UnsqueezeBackward0", "        LogsumexpBackward0", "          " + ACC]),
    "silu": (lambda x: F.silu(x),
        ["MulBackward0", "  MulBackward0", "    None", "    SigmoidBackward0", "      " + ACC,
         "  AddBackward1", "    MulBackward0", "      " + ACC, "      SubBackward0",
         "        None",
         "        SigmoidBackward0", "          " + ACC]),
    "mish": (lambda x: F.mish(x),
        ["MulBackward0", "  None", "  AddBackward0", "    TanhBackward0", "      Log1PBackward0",
         "        ExpBackward0", "          " + ACC, "    MulBackward0", "      MulBackward0",
         "        " + ACC, "        SigmoidBackward0", "          " + ACC, "      SubBackward0",
         "        None", "        MulBackward0", "          TanhBackward0",
         "            Log1PBackward0", "              ExpBackward0", "                " + ACC,
         "          TanhBackward0", "            Log1PBackward0", "              ExpBackward0",
         "                " + ACC]),
    "bce_with_logits": (lambda x: F.binary_cross_entropy_with_logits(x, torch.ones(3) * 0.5),
        ["DivBackward1", "  MulBackward0", "    SubBackward0", "      SigmoidBackward0",
         "        " + ACC, "      None", "    None"]),
    "soft_margin_loss": (lambda x: F.soft_margin_loss(x, torch.ones(3)),
        ["SoftMarginLossBackwardBackward0", "  None", "  " + ACC]),
    "prelu": (lambda x: F.prelu(x, torch.tensor([0.25])),
        ["PreluKernelBackwardBackward0", "  None", "  " + ACC, "  None"]),
    "atan2": (lambda x: torch.atan2(x, x + 1),
        ["AddBackward0", "  MulBackward0", "    MulBackward0", "      None", "      AddBackward0",
         "        " + ACC, "        None", "    MaskedFillBackward0", "      ReciprocalBackward0",
         "        AddBackward0", "          MulBackward0", "            " + ACC,
         "            " + ACC, "          MulBackward0", "            AddBackward0",
         "              " + ACC, "              None", "            AddBackward0",
         "              " + ACC, "              None", "  MulBackward0", "    MulBackward0",
         "      None", "      NegBackward0", "        " + ACC, "    MaskedFillBackward0",
         "      ReciprocalBackward0", "        AddBackward0", "          MulBackward0",
         "            " + ACC, "            " + ACC, "          MulBackward0",
         "            AddBackward0", "              " + ACC, "              None",
         "            AddBackward0", "              " + ACC, "              None"]),
    "hypot": (lambda x: torch.hypot(x, x + 1),
        ["AddBackward0", "  DivBackward0", "    MulBackward0", "      None", "      " + ACC,
         "    HypotBackward0", "      " + ACC, "      AddBackward0", "        " + ACC,
         "        None", "  DivBackward0", "    MulBackward0", "      None", "      AddBackward0",
         "        " + ACC, "        None", "    HypotBackward0", "      " + ACC,
         "      AddBackward0", "        " + ACC, "        None"]),
    "logaddexp": (lambda x: torch.logaddexp(x, 2 * x),
        ["AddBackward0", "  DivBackward0", "    None", "    AddBackward1", "      ExpBackward0",
         "        SubBackward0", "          MulBackward0", "            " + ACC,
         "            None",
         "          " + ACC, "  MulBackward0", "    DivBackward0", "      None",
         "      AddBackward1", "        ExpBackward0", "          SubBackward0",
         "            " + ACC, "            MulBackward0", "              " + ACC,
         "              None", "    None"]),
    "xlogy": (lambda x: torch.xlogy(x, x),
        ["AddBackward0", "  MaskedFillBackward0", "    XlogyBackward0", "      None",
         "      " + ACC, "  DivBackward0", "    MulBackward0", "      None", "      " + ACC,
         "    " + ACC]),
    "xlog1py": (lambda x: torch.special.xlog1py(x, x),
        ["AddBackward0", "  MaskedFillBackward0", "    SpecialXlog1PyBackward0", "      None",
         "      " + ACC, "  DivBackward0", "    MulBackward0", "      None", "      " + ACC,
         "    AddBackward1", "      " + ACC]),
    "div": (lambda x: x.div(x + 1),
        ["AddBackward0", "  DivBackward0", "    None", "    AddBackward0", "      " + ACC,
         "      None", "  MulBackward0", "    None", "    DivBackward0", "      DivBackward0",
         "        " + ACC, "        AddBackward0", "          " + ACC, "          None",
         "      AddBackward0", "        " + ACC, "        None"]),
    "addcmul": (lambda x: torch.addcmul(x, x, x, value=2),
        ["AddBackward0", "  AddBackward0", "    None", "    MulBackward0", "      None",
         "      MulBackward1", "        " + ACC, "  MulBackward0", "    None", "    MulBackward1",
         "      " + ACC]),
    "floor": (lambda x: x.floor() * x,
        ["AddBackward0", "  MulBackward0", "    None", "    FloorBackward0", "      " + ACC,
         "  None"]),
    "sign": (lambda x: x.sign() * x,
        ["AddBackward0", "  MulBackward0", "    None", "    SignBackward0", "      " + ACC,
         "  None"]),
    "cumprod": (lambda x: torch.cumprod(x, 0),
        ["DivBackward0", "  FlipBackward0", "    CumsumBackward0", "      FlipBackward0",
         "        MulBackward0", "          CumprodBackward0", "            " + ACC,
         "          None", "  " + ACC]),
    "softsign": (lambda x: F.softsign(x),
        ["AddBackward0", "  DivBackward0", "    None", "    AddBackward0", "      AbsBackward0",
         "        " + ACC, "      None", "  MulBackward0", "    MulBackward0", "      None",
         "      DivBackward0", "        DivBackward0", "          " + ACC,
         "          AddBackward0",
         "            AbsBackward0", "              " + ACC, "            None",
         "        AddBackward0", "          AbsBackward0", "            " + ACC, "          None",
         "    SgnBackward0", "      " + ACC]),
    "l1_loss": (lambda x: F.l1_loss(x, torch.zeros(3)),
        ["MulBackward0", "  None", "  SgnBackward0", "    SubBackward0", "      " + ACC,
         "      None"]),
    "index": (lambda x: x[[0, 2]] ** 2,
        ["IndexPutImplBackward0", "  None", "  MulBackward0", "    None", "    MulBackward1",
         "      PowBackward0", "        IndexBackward0", "          " + ACC]),
    "index_select": (lambda x: x.index_select(0, torch.tensor([1, 2])) ** 2,
        ["IndexAddBackward0", "  None", "  MulBackward0", "    None", "    MulBackward1",
         "      PowBackward0", "        IndexSelectBackward0", "          " + ACC]),
    "normalize": (lambda x: F.normalize(x, dim=0),
        ["AddBackward0", "  DivBackward0", "    None", "    ExpandBackward0",
         "      ClampMinBackward0", "        LinalgVectorNormBackward0", "          " + ACC,
         "  MulBackward0", "    WhereBackward0", "      SumBackward1", "        MulBackward0",
         "          None", "          DivBackward0", "            DivBackward0",
         "              " + ACC, "              ExpandBackward0",
         "                ClampMinBackward0", "                  LinalgVectorNormBackward0",
         "                    " + ACC, "            ExpandBackward0",
         "              ClampMinBackward0", "                LinalgVectorNormBackward0",
         "                  " + ACC, "      None", "    MaskedFillBackward0", "      DivBackward0",
         "        " + ACC, "        LinalgVectorNormBackward0", "          " + ACC]),
}


@pytest.mark.parametrize("name", FORMULA_CASES)
def test_rules_build_pytorchs_graph(name):
    f, want = FORMULA_CASES[name]
    assert second_order(f) == want


# The same for more ops, with the trees (PyTorch 2.13's) in second_order_trees.txt. Level 2 is
# the gradient of the gradient: its tree also shows the order in which PyTorch's formulas record
# their nodes (the last input's gradient first, the right operand of a product first), which
# decides the order of accumulation one level down.
TREE_CASES = {
    "linear": (1, lambda x: F.linear(x, torch.outer(x, x))),
    "linear bias 2-D": (1, lambda x: F.linear(x.view(1, 3), torch.outer(x, x), x)),
    "pow(x, x)": (1, lambda x: x.pow(x)),
    "squeeze": (1, lambda x: x.unsqueeze(0).squeeze() ** 2),
    "squeeze dims": (1, lambda x: x.view(1, 3, 1).squeeze((0, 2)) ** 2),
    "repeat": (1, lambda x: x.repeat(2) ** 2),
    "repeat new dims": (1, lambda x: x.view(3, 1).repeat(2, 3, 2) ** 2),
    "addcdiv": (1, lambda x: torch.addcdiv(x, x, x + 1, value=2)),
    "softplus": (2, lambda x: F.softplus(x)),
    "gelu": (2, lambda x: F.gelu(x)),
    "gelu tanh": (2, lambda x: F.gelu(x, approximate="tanh")),
    "binary_cross_entropy": (2, lambda x: F.binary_cross_entropy(x, torch.ones(3) * 0.5)),
    "pow(x, x) ": (2, lambda x: x.pow(x)),
    "div": (2, lambda x: x / (x + 1)),
    "xlogy": (2, lambda x: torch.special.xlogy(x, x + 1)),
    "silu": (2, lambda x: F.silu(x) * x),
    "mish": (2, lambda x: F.mish(x) * x),
    "softsign": (2, lambda x: F.softsign(x) * x),
}


def _golden_trees() -> dict[str, list[str]]:
    import pathlib
    text = (pathlib.Path(__file__).parent / "second_order_trees.txt").read_text()
    trees, name = {}, None
    for line in text.splitlines():
        if line.startswith("## "):
            name = line[3:]
            trees[name] = []
        elif name is not None:
            trees[name].append(line)
    return trees


GOLDEN_TREES = _golden_trees()


@pytest.mark.parametrize("name", TREE_CASES)
def test_rules_build_pytorchs_graph_two_levels_down(name):
    level, f = TREE_CASES[name]
    x = torch.tensor([0.3, 0.6, 0.9], requires_grad=True)
    (g,) = torch.autograd.grad(f(x).sum(), x, create_graph=True)
    if level == 2:
        (g,) = torch.autograd.grad(g.sum(), x, create_graph=True)
    assert tree(g) == GOLDEN_TREES[f"{name.strip()} (level {level})"]


def _f64(values, requires_grad=True):
    return torch.tensor(values, dtype=torch.float64, requires_grad=requires_grad)


REWRITTEN = {
    "abs": lambda x: x.abs(), "asin": lambda x: x.asin(), "acos": lambda x: x.acos(),
    "rsqrt": lambda x: x.rsqrt(), "tan": lambda x: x.tan(), "erf": lambda x: x.erf(),
    "erfc": lambda x: x.erfc(), "exp2": lambda x: torch.exp2(x),
    "erfinv": lambda x: torch.special.erfinv(x), "2**x": lambda x: torch.pow(2, x),
    "sinc": lambda x: torch.sinc(x), "logit": lambda x: torch.logit(x),
    "logit eps": lambda x: torch.logit(x, eps=0.35), "norm": lambda x: x.norm(),
    "norm 3": lambda x: x.norm(3), "norm 1.5": lambda x: x.norm(1.5),
    "norm 0.5": lambda x: x.norm(0.5), "norm inf": lambda x: x.norm(float("inf")),
    "norm dim": lambda x: x.view(1, 3).norm(dim=1),
    "dist": lambda x: torch.dist(x, torch.zeros(3, dtype=torch.float64)),
    "prod": lambda x: x.prod(), "prod dim": lambda x: x.view(3, 1).prod(0),
    "var": lambda x: x.var(), "var dim": lambda x: x.view(1, 3).var(1),
    "std": lambda x: x.std(), "std dim": lambda x: x.view(3, 1).std(0, keepdim=True),
    "logsumexp": lambda x: torch.logsumexp(x.view(1, 3), 1), "silu": lambda x: F.silu(x),
    "mish": lambda x: F.mish(x),
    "bce_with_logits": lambda x: F.binary_cross_entropy_with_logits(
        x, torch.ones(3, dtype=torch.float64) * 0.5,
        pos_weight=torch.tensor([0.5, 2.0, 1.5], dtype=torch.float64)),
    "soft_margin_loss": lambda x: F.soft_margin_loss(
        x, torch.tensor([1.0, -1.0, 1.0], dtype=torch.float64)),
    "soft_margin_loss none": lambda x: F.soft_margin_loss(
        x, torch.tensor([1.0, -1.0, 1.0], dtype=torch.float64), reduction="none"),
    "atan2": lambda x: torch.atan2(x, x + 1), "hypot": lambda x: torch.hypot(x, x + 1),
    "logaddexp": lambda x: torch.logaddexp(x, 2 * x), "xlogy": lambda x: torch.xlogy(x, x),
    "xlog1py": lambda x: torch.special.xlog1py(x, x), "div": lambda x: x.div(x + 1),
    "addcmul": lambda x: torch.addcmul(x, x, x, value=2), "cumprod": lambda x: torch.cumprod(x, 0),
    "index": lambda x: x[[0, 2, 2]] ** 3,
    "index_select": lambda x: x.index_select(0, torch.tensor([1, 2, 1])) ** 3,
    "clamp": lambda x: x.clamp(0.4, 0.8) * x, "clamp_min": lambda x: x.clamp_min(0.4) * x,
    "normalize": lambda x: F.normalize(x, dim=0),
    "softplus": lambda x: F.softplus(x), "softplus beta": lambda x: F.softplus(x, 2, 1.0),
    "gelu": lambda x: F.gelu(x), "gelu tanh": lambda x: F.gelu(x, approximate="tanh"),
    "binary_cross_entropy": lambda x: F.binary_cross_entropy(
        x, torch.tensor([0.5, 0.1, 1.0], dtype=torch.float64)),
    "pow(x, x)": lambda x: x.pow(x), "pow(x, 2x)": lambda x: x ** (x * 2),
    "addcdiv": lambda x: torch.addcdiv(x, x, x + 1, value=2),
    "squeeze": lambda x: x.view(1, 3, 1).squeeze() ** 3,
    "squeeze dims": lambda x: x.view(1, 3, 1).squeeze((0, 2)) ** 3,
    "repeat": lambda x: x.view(3, 1).repeat(2, 3, 2) ** 3,
    "linear": lambda x: F.linear(x, torch.outer(x, x)),
    "linear bias": lambda x: F.linear(x.view(1, 3), torch.outer(x, x), x),
    "addmm": lambda x: torch.addmm(x, torch.outer(x, x).t(), torch.outer(x, x), alpha=2),
    "silu times x": lambda x: F.silu(x) * x, "mish times x": lambda x: F.mish(x) * x,
}


@pytest.mark.parametrize("name", REWRITTEN)
def test_rewritten_rules_gradgradcheck(name):
    from gradcli.autograd.gradcheck import gradcheck, gradgradcheck
    f = REWRITTEN[name]
    x = _f64([0.3, -0.6, 0.9] if name in ("abs", "erf", "erfc", "atan2", "tan") else
             [0.3, 0.6, 0.9] if "logit" not in name else [0.3, 0.5, 0.9])
    assert gradcheck(f, (x,))
    assert gradgradcheck(f, (x,))


def test_prelu_second_derivative_in_x_is_zero_on_pytorchs_node():
    x = torch.tensor([0.3, -0.6, 0.9], requires_grad=True)
    w = torch.tensor([0.25])
    (g,) = torch.autograd.grad(F.prelu(x, w).sum(), x, create_graph=True)
    assert tree(g) == ["PreluKernelBackwardBackward0", "  None", "  " + ACC, "  None"]
    assert g.tolist() == pytest.approx([1.0, 0.25, 1.0])
    (h,) = torch.autograd.grad(g.sum(), x)
    assert h.tolist() == [0.0, 0.0, 0.0]


def test_prelu_double_backward_values():
    from gradcli.autograd.gradcheck import gradgradcheck
    x = _f64([[0.3, -0.6, 0.9], [-0.2, 0.5, -1.0]])
    w = _f64([0.25, 0.1, 0.4])
    assert gradgradcheck(lambda a, b: F.prelu(a, b) * a, (x, w))


def test_soft_margin_loss_second_derivative():
    x = _f64([0.3, -0.6, 0.9])
    y = torch.tensor([1.0, -1.0, 1.0], dtype=torch.float64)
    (g,) = torch.autograd.grad(F.soft_margin_loss(x, y), x, create_graph=True)
    assert g.grad_fn.name() == "SoftMarginLossBackwardBackward0"
    (h,) = torch.autograd.grad(g.sum(), x)
    z = [(-t * v) for t, v in zip((1.0, -1.0, 1.0), (0.3, -0.6, 0.9))]
    import math
    want = [math.exp(v) / (1 + math.exp(v)) ** 2 / 3 for v in z]
    assert h.tolist() == pytest.approx(want)


def test_xlogy_gradient_at_zero_is_log_y_as_in_pytorch():
    x = _f64([0.0, 0.0, 1.0])
    y = _f64([2.0, 0.0, 3.0], requires_grad=False)
    (g,) = torch.autograd.grad(torch.xlogy(x, y).sum(), x)
    assert g.tolist() == pytest.approx([0.6931471805599453, 0.0, 1.0986122886681098])


def test_logit_gradient_outside_zero_one_is_nan_as_in_pytorch():
    x = _f64([1.5, 0.5])
    (g,) = torch.autograd.grad(torch.logit(x).sum(), x, create_graph=True)
    assert g.grad_fn.name() == "WhereBackward0"
    assert g.tolist()[1] == pytest.approx(4.0) and g.tolist()[0] != g.tolist()[0]


# Matrix and normalization ops, on a 3x3 input: det, slogdet, logdet and inv through
# linalg_solve (the trees PyTorch's det_backward and slogdet_backward record), a fused
# NativeLayerNormBackwardBackward0 and kron's _unsafe_views. Trees in second_order_trees.txt
# (PyTorch 2.13).
_M = [[2.0, 0.5, 0.1], [0.3, 1.5, -0.2], [0.0, 0.4, 1.8]]
_W = [[1.0, -2.0, 0.5], [3.0, 0.25, -1.0], [0.5, 1.5, 2.0]]
MATRIX_CASES = {
    "det": (2, lambda x: torch.det(x)),
    "linalg.det": (2, lambda x: torch.linalg.det(x) * 2),
    "slogdet": (2, lambda x: torch.linalg.slogdet(x).logabsdet * torch.det(x)),
    "logdet": (2, lambda x: torch.logdet(x)),
    "inv": (2, lambda x: torch.linalg.inv(x) * torch.tensor(_W, dtype=torch.float64)),
    "inverse": (2, lambda x: torch.inverse(x) ** 2),
    "layer_norm": (1, lambda x: torch.nn.functional.layer_norm(x, (3,)) *
                   torch.tensor(_W, dtype=torch.float64)),
    "layer_norm weight": (1, lambda x: torch.nn.functional.layer_norm(
        x, (3,), torch.tensor([1.0, 2.0, -0.5], dtype=torch.float64),
        torch.tensor([0.1, 0.2, 0.3], dtype=torch.float64)) ** 2),
    "kron": (1, lambda x: torch.kron(x, torch.tensor([[1.0, 2.0]], dtype=torch.float64)) ** 2),
    "kron ": (2, lambda x: torch.kron(x, x) ** 2),
}


@pytest.mark.parametrize("name", MATRIX_CASES)
def test_matrix_rules_build_pytorchs_graph(name):
    level, f = MATRIX_CASES[name]
    x = _f64(_M)
    (g,) = torch.autograd.grad(f(x).sum(), x, create_graph=True)
    if level == 2:
        (g,) = torch.autograd.grad(g.sum(), x, create_graph=True)
    assert tree(g) == GOLDEN_TREES[f"{name.strip()} (level {level})"]


@pytest.mark.parametrize("name", MATRIX_CASES)
def test_matrix_rules_gradgradcheck(name):
    from gradcli.autograd.gradcheck import gradcheck, gradgradcheck
    f = MATRIX_CASES[name][1]
    x = _f64(_M)
    assert gradcheck(f, (x,))
    assert gradgradcheck(f, (x,))


def test_layer_norm_second_derivatives_in_weight_and_batch():
    from gradcli.autograd.gradcheck import gradgradcheck
    F = torch.nn.functional
    x = _f64([[[0.3, -0.6, 0.9], [1.2, 0.5, 0.1]], [[-0.4, 2.0, 0.7], [0.2, 0.3, -1.1]]])
    w, b = _f64([[1.0, 2.0, -0.5], [0.5, 1.5, 3.0]]), _f64([[0.1, 0.2, 0.3], [0.0, -0.1, 0.4]])
    assert gradgradcheck(lambda x, w, b: F.layer_norm(x, (2, 3), w, b) ** 3, (x, w, b))
    assert gradgradcheck(lambda x: F.layer_norm(x, (3,), eps=0.1).exp(), (x,))
