"""torch.nn: Parameter, Module, the layers, nn.init, and `class Net(nn.Module):` in formulas.

Expected values and printed forms are PyTorch 2.13's, pasted as literals (the programs that
produced them run side by side with PyTorch in test_nn_parity.py when it is installed).
"""
from __future__ import annotations

import inspect
import io
import math
import pathlib
import subprocess
import sys

import numpy as np
import pytest

import gradcli
from gradcli import nn
from gradcli.autograd.gradcheck import gradcheck
from gradcli.errors import EvalError, FormulaSyntaxError, GradcliError, LimitError
from gradcli.lang import run_source


def run(source: str) -> str:
    out = io.StringIO()
    run_source("import torch\nimport torch.nn as nn\n" + source, "m.grad", out=out)
    return out.getvalue()


def failure(source: str) -> GradcliError:
    with pytest.raises(GradcliError) as info:
        run(source)
    return info.value


# -- seeded initialisation: PyTorch's numbers -----------------------------------------------------

def test_linear_draws_pytorchs_weights_after_manual_seed():
    gradcli.manual_seed(0)
    m = nn.Linear(3, 2)
    assert m.weight.tolist() == [[-0.004322517663240433, 0.3097158372402191, -0.4751853346824646],
                                 [-0.4248946011066437, -0.2223689705133438, 0.15482072532176971]]
    assert m.bias.tolist() == [-0.011439144611358643, 0.45777493715286255]
    assert repr(m.weight) == ("Parameter containing:\n"
                              "tensor([[-0.0043,  0.3097, -0.4752],\n"
                              "        [-0.4249, -0.2224,  0.1548]], requires_grad=True)")
    assert repr(m) == "Linear(in_features=3, out_features=2, bias=True)"


def test_init_functions_draw_pytorchs_stream():
    gradcli.manual_seed(0)
    w = gradcli.empty(2, 3)
    nn.init.xavier_uniform_(w)
    assert w.tolist() == [[-0.008201400749385357, 0.5876445174217224, -0.9016007781028748],
                          [-0.8061808347702026, -0.4219154715538025, 0.29375168681144714]]
    nn.init.kaiming_normal_(w)
    assert w.tolist() == [[1.0324262380599976, -0.5612813234329224, 0.13095074892044067],
                          [-0.49516531825065613, -0.6393691897392273, 0.8672590255737305]]
    nn.init.uniform_(w, -1, 2)
    assert w.tolist() == [[-0.5169116258621216, -0.15319424867630005, 1.0448256731033325],
                          [1.745581865310669, 0.19129973649978638, 1.6224676370620728]]
    w64 = gradcli.empty(20, dtype=gradcli.float64)
    nn.init.normal_(w64, 0.5, 2.0)        # 20 elements: PyTorch's 16-wide Box-Muller, fma
    assert w64.tolist() == [
        0.9618294014729893, -0.739138265467632, 2.269560606324627, -1.6324148495818789,
        0.3165165181836722, 1.612645544896621, 0.4811074442149842, -1.9353755582137402,
        -2.0309306160569807, -1.7390703660542508, 2.832971441050971, 2.3524649145937557,
        1.8078489934701618, 0.7964308909762017, -1.7922184463952027, 4.245552753710683,
        -0.11982994848349349, 0.9803604680756507, -2.1975220541927545, 0.9887981867657378]
    assert not w.requires_grad and w.grad_fn is None


def test_init_helpers_compute_pytorchs_gains_and_fans():
    assert nn.init.calculate_gain("tanh") == 5.0 / 3
    assert nn.init.calculate_gain("relu") == math.sqrt(2.0)
    assert nn.init.calculate_gain("leaky_relu", 0.2) == math.sqrt(2.0 / 1.04)
    assert nn.init._calculate_fan_in_and_fan_out(gradcli.empty(4, 3, 2, 5)) == (30, 40)
    with pytest.raises(ValueError, match="Unsupported nonlinearity cube"):
        nn.init.calculate_gain("cube")
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        nn.init.xavier_uniform_(gradcli.empty(3))
    with pytest.raises(RuntimeError, match=r"from=1 > to=0"):
        gradcli.empty(3).uniform_(1, 0)
    with pytest.raises(RuntimeError, match="normal expects std >= 0.0, but found std -1"):
        gradcli.empty(3).normal_(0, -1)


def test_init_under_no_grad_leaves_parameters_leaves():
    p = nn.Parameter(gradcli.empty(3, 3))
    nn.init.kaiming_uniform_(p, a=math.sqrt(5))
    nn.init.zeros_(p)
    assert p.is_leaf and p.requires_grad and p.grad_fn is None and p._version == 2
    assert p.tolist() == [[0.0] * 3] * 3


# -- Parameter ------------------------------------------------------------------------------------

def test_parameter_is_a_leaf_sharing_its_data():
    t = gradcli.ones(2)
    p = nn.Parameter(t)
    assert isinstance(p, gradcli.Tensor) and p.requires_grad and p.is_leaf
    t.add_(1)
    assert p.tolist() == [2.0, 2.0] and p._version == t._version == 1
    assert repr(p) == "Parameter containing:\ntensor([2., 2.], requires_grad=True)"
    assert repr(nn.Parameter(gradcli.ones(1), requires_grad=False)) == \
        "Parameter containing:\ntensor([1.])"
    y = p * 2
    assert type(y) is gradcli.Tensor and repr(y) == "tensor([4., 4.], grad_fn=<MulBackward0>)"
    with pytest.raises(RuntimeError, match="Only Tensors of floating point and complex dtype"):
        nn.Parameter(gradcli.tensor([1, 2]))


# -- Module mechanics -----------------------------------------------------------------------------

class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(2, 2)
        self.scale = nn.Parameter(gradcli.ones(2))

    def forward(self, x):
        return self.lin(x) * self.scale


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([Block(), Block()])
        self.head = nn.Linear(2, 1)

    def forward(self, x):
        for block in self.blocks:
            x = gradcli.relu(block(x))
        return self.head(x)


def test_registration_order_and_walks_are_pytorchs():
    m = Model()
    assert [n for n, _ in m.named_parameters()] == [
        "blocks.0.scale", "blocks.0.lin.weight", "blocks.0.lin.bias", "blocks.1.scale",
        "blocks.1.lin.weight", "blocks.1.lin.bias", "head.weight", "head.bias"]
    assert [n for n, _ in m.named_modules()] == [
        "", "blocks", "blocks.0", "blocks.0.lin", "blocks.1", "blocks.1.lin", "head"]
    assert [type(c).__name__ for c in m.children()] == ["ModuleList", "Linear"]
    assert list(m.state_dict()) == [n for n, _ in m.named_parameters()]
    assert all(not v.requires_grad for v in m.state_dict().values())
    order = []
    m.apply(lambda mod: order.append(type(mod).__name__))
    assert order == ["Linear", "Block", "Linear", "Block", "ModuleList", "Linear", "Model"]


def test_shared_parameters_are_counted_once():
    lin = nn.Linear(2, 2)
    seq = nn.Sequential(lin, nn.ReLU(), lin)
    assert len(list(seq.parameters())) == 2
    assert len(list(seq.modules())) == 3


def test_gradients_reach_every_parameter_and_zero_grad_resets_them():
    gradcli.manual_seed(0)
    m = Model()
    m(gradcli.ones(3, 2)).sum().backward()
    assert all(p.grad is not None and p.grad.shape == p.shape for p in m.parameters())
    m.zero_grad(set_to_none=False)
    assert all(p.grad is not None and not p.grad.any() for p in m.parameters())
    m.zero_grad()
    assert all(p.grad is None for p in m.parameters())


def test_linear_gradients_are_the_chain_rule():
    gradcli.manual_seed(3)
    lin = nn.Linear(4, 3).double()
    x = gradcli.randn(5, 4, dtype=gradcli.float64)
    target = gradcli.randn(5, 3, dtype=gradcli.float64)
    loss = nn.MSELoss(reduction="sum")(lin(x), target)
    loss.backward()
    residual = 2 * (x._data @ lin.weight._data.T + lin.bias._data - target._data)
    assert np.allclose(lin.weight.grad._data, residual.T @ x._data, rtol=1e-12)
    assert np.allclose(lin.bias.grad._data, residual.sum(0), rtol=1e-12)
    x.requires_grad_()
    assert gradcheck(lambda inp: lin(inp).tanh(), (x,))


def test_train_eval_and_requires_grad_reach_every_module():
    m = Model()
    assert m.eval() is m and not any(mod.training for mod in m.modules())
    assert all(mod.training for mod in m.train().modules())
    m.requires_grad_(False)
    assert not any(p.requires_grad for p in m.parameters())
    with pytest.raises(ValueError, match="training mode is expected to be boolean"):
        m.train(1)


def test_dropout_module_follows_training_mode():
    gradcli.manual_seed(0)
    drop = nn.Dropout(0.5)
    x = gradcli.ones(8)
    assert drop(x).tolist() == [0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 2.0, 2.0]
    drop.eval()
    assert drop(x) is x


def test_state_dict_round_trip():
    gradcli.manual_seed(0)
    a, b = nn.Linear(2, 2), nn.Linear(2, 2)
    assert repr(b.load_state_dict(a.state_dict())) == "<All keys matched successfully>"
    assert b.weight.tolist() == a.weight.tolist() and b.weight.is_leaf
    with pytest.raises(RuntimeError, match='Missing key\\(s\\) in state_dict: "bias"'):
        b.load_state_dict({"weight": a.weight})


def test_attribute_errors_are_pytorchs():
    m = nn.Linear(2, 2)
    with pytest.raises(TypeError, match=r"cannot assign 'torch.FloatTensor' as parameter "
                                        r"'weight' \(torch.nn.Parameter or None expected\)"):
        m.weight = gradcli.ones(2, 2)
    with pytest.raises(AttributeError, match="'Linear' object has no attribute 'nothing'"):
        m.nothing
    with pytest.raises(KeyError, match="attribute 'in_features' already exists"):
        m.register_parameter("in_features", None)

    class Early(nn.Module):
        def __init__(self):
            self.fc = nn.Linear(1, 1)
    with pytest.raises(AttributeError, match=r"cannot assign module before Module.__init__"):
        Early()
    with pytest.raises(NotImplementedError,
                       match='Module \\[Module\\] is missing the required "forward" function'):
        nn.Module()(1)


# -- repr -----------------------------------------------------------------------------------------

def test_nested_repr_is_pytorchs():
    seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(),
                        nn.Sequential(nn.Linear(3, 3), nn.Tanh()), nn.Softmax(dim=1))
    assert repr(seq) == """Sequential(
  (0): Linear(in_features=2, out_features=3, bias=True)
  (1): ReLU()
  (2): Sequential(
    (0): Linear(in_features=3, out_features=3, bias=True)
    (1): Tanh()
  )
  (3): Softmax(dim=1)
)"""
    ml = nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2), nn.Linear(2, 2), nn.GELU()])
    assert repr(ml) == """ModuleList(
  (0-2): 3 x Linear(in_features=2, out_features=2, bias=True)
  (3): GELU(approximate='none')
)"""
    assert repr(nn.ModuleList()) == "ModuleList()" and repr(nn.Sequential()) == "Sequential()"
    assert [repr(m) for m in (nn.LeakyReLU(0.2, True), nn.Dropout(), nn.Flatten(),
                              nn.Softplus(2, 10), nn.CrossEntropyLoss())] == [
        "LeakyReLU(negative_slope=0.2, inplace=True)", "Dropout(p=0.5, inplace=False)",
        "Flatten(start_dim=1, end_dim=-1)", "Softplus(beta=2, threshold=10)",
        "CrossEntropyLoss()"]


def test_walks_and_repr_do_not_recurse():
    m = nn.Identity()
    for _ in range(5000):                   # deeper than Python's recursion limit
        m = nn.Sequential(m)
    assert len(list(m.modules())) == 5001 and len(list(m.parameters())) == 0
    assert not any(mod.training for mod in m.train(False).modules())
    shallow = nn.Identity()
    for _ in range(400):
        shallow = nn.Sequential(shallow)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + 100)   # a recursive repr would need 400+
    try:
        text = repr(shallow)
    finally:
        sys.setrecursionlimit(limit)
    assert text.count("\n") == 2 * 400 and text.endswith("\n)")
    assert text.split("\n")[400] == " " * 800 + "(0): Identity()"


def test_a_module_that_contains_itself_is_an_error_not_a_hang():
    seq = nn.Sequential()
    seq.append(seq)
    assert len(list(seq.modules())) == 1
    with pytest.raises(RuntimeError, match="cannot print a Sequential that contains itself"):
        repr(seq)
    with pytest.raises(RuntimeError, match="contains itself"):
        seq.apply(lambda mod: None)
    shared = nn.Linear(1, 1)
    for _ in range(40):                     # 2**40 copies in print: refused, not built
        shared = nn.Sequential(shared, shared)
    with pytest.raises(RuntimeError, match="more than 10,000,000 characters"):
        repr(shared)


# -- losses and activations delegate to the functional ops ---------------------------------------

@pytest.mark.parametrize("module, functional, kwargs", [
    (nn.MSELoss, "mse_loss", {}), (nn.L1Loss, "l1_loss", {"reduction": "sum"}),
    (nn.SmoothL1Loss, "smooth_l1_loss", {"beta": 0.5}),
    (nn.HuberLoss, "huber_loss", {"delta": 0.5}),
    (nn.BCEWithLogitsLoss, "binary_cross_entropy_with_logits", {}),
])
def test_losses_are_the_functional_losses(module, functional, kwargs):
    gradcli.manual_seed(1)
    a, b = gradcli.randn(3, 4), gradcli.rand(3, 4)
    want = getattr(nn.functional, functional)(a, b, **kwargs)
    got = module(**kwargs)(a, b)
    assert got.tolist() == want.tolist() and type(got.grad_fn) is type(want.grad_fn)


def test_classification_losses_take_weights_as_buffers():
    w = gradcli.tensor([1.0, 2.0, 0.5])
    loss = nn.CrossEntropyLoss(weight=w)
    assert list(loss.state_dict()) == ["weight"] and loss.weight is w
    logits = gradcli.tensor([[1.0, 2.0, 0.5], [0.1, 0.2, 3.0]])
    target = gradcli.tensor([1, 2])
    assert loss(logits, target).item() == nn.functional.cross_entropy(
        logits, target, weight=w).item()
    assert nn.NLLLoss()(logits.log_softmax(1), target).item() == pytest.approx(
        nn.CrossEntropyLoss()(logits, target).item(), rel=1e-6)


def test_activation_modules_are_their_functions():
    x = gradcli.linspace(-3, 3, 7)
    assert nn.ReLU()(x).tolist() == gradcli.relu(x).tolist()
    assert nn.LeakyReLU(0.1)(x).tolist() == nn.functional.leaky_relu(x, 0.1).tolist()
    assert nn.Softmax(dim=0)(x).tolist() == gradcli.softmax(x, 0).tolist()
    assert nn.Flatten()(gradcli.ones(2, 3, 4)).shape == (2, 12)
    assert nn.Identity(5, key=1)(x) is x


# -- formulas -------------------------------------------------------------------------------------

NET = """
torch.manual_seed(0)

class Net(nn.Module):
    def __init__(self, hidden=3):
        super().__init__()
        self.fc1 = nn.Linear(2, hidden)
        self.act = nn.Tanh()
        self.fc2 = nn.Linear(hidden, 1)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))

model = Net()
print(model)
x = torch.tensor([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
y = torch.tensor([[1.0], [1.0], [0.0]])
loss_fn = nn.MSELoss()
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(3):
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    print(step, loss.item())
print(model.fc1.weight.grad)
print(model.fc2.bias)
print(type(model), isinstance(model, nn.Module))
"""

NET_OUT = """Net(
  (fc1): Linear(in_features=2, out_features=3, bias=True)
  (act): Tanh()
  (fc2): Linear(in_features=3, out_features=1, bias=True)
)
0 1.5861083269119263
1 1.05215322971344
2 0.7282419800758362
tensor([[-0.1472, -0.1181],
        [ 0.1256,  0.1273],
        [ 0.0836,  0.0999]])
Parameter containing:
tensor([-0.0169], requires_grad=True)
<class '__main__.Net'> True
"""


def test_module_class_in_a_formula_trains_as_in_pytorch():
    assert run(NET) == NET_OUT


ADAM = """
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
y = torch.tensor([[1.0], [2.0]])
opt = torch.optim.Adam(model.parameters(), lr=0.1)
for step in range(3):
    opt.zero_grad()
    loss = nn.MSELoss()(model(x), y)
    loss.backward()
    opt.step()
    print(step, loss)
print(model[0].weight)
print(model[2].bias.grad)
"""

ADAM_OUT = """0 tensor(3.7433, grad_fn=<MseLossBackward0>)
1 tensor(2.4317, grad_fn=<MseLossBackward0>)
2 tensor(1.1274, grad_fn=<MseLossBackward0>)
Parameter containing:
tensor([[ 0.2945,  0.6791],
        [-0.5820, -0.5204],
        [-0.4911, -0.0292]], requires_grad=True)
tensor([-2.0744])
"""


def test_sequential_with_adam_in_a_formula():
    assert run(ADAM) == ADAM_OUT


@pytest.mark.parametrize("header", ["from torch import nn\n", "import torch.nn as nn\n",
                                    "nn = torch.nn\n"])
@pytest.mark.parametrize("base", ["nn.Module", "torch.nn.Module"])
def test_import_forms_and_base_spellings(header, base):
    source = (header + f"class Twice({base}):\n    def forward(self, x):\n"
              "        return 2 * x\nprint(Twice()(torch.tensor(3.0)))\n")
    assert run(source) == "tensor(6.)\n"


def test_older_super_forms_and_subclasses_of_formula_modules():
    source = """
class A(nn.Module):
    def __init__(self):
        super(A, self).__init__()
        self.w = nn.Parameter(torch.tensor([2.0]))
    def forward(self, x):
        return self.w * x
    def extra_repr(self):
        return 'w=' + str(self.w.item())

class B(A):
    def __init__(self):
        A.__init__(self)
        self.child = nn.Identity()
    def forward(self, x):
        return super().forward(x) + 1

b = B()
print(b, type(b).__name__, [n for n, p in b.named_parameters()])
out = b(torch.tensor([3.0]))
out.backward()
print(out, b.w.grad)
"""
    assert run(source) == ("B(\n  w=2.0\n  (child): Identity()\n) B ['w']\n"
                           "tensor([7.], grad_fn=<AddBackward0>) tensor([3.])\n")


@pytest.mark.parametrize("source, message, line, col", [
    ("class N(nn.Module):\n    def __init__(self):\n        self.fc = nn.Linear(2, 2)\nN()\n",
     "cannot assign module before Module.__init__() call", 5, 14),
    ("class N(nn.Module):\n    pass\nN()(1)\n",
     'NotImplementedError: Module [N] is missing the required "forward" function', 5, 1),
    ("class N(1):\n    pass\n", "gradcli formulas support `class N:` (a plain class, or one "
     "deriving from another class of the formula), `class N(Function):` (a custom autograd "
     "Function), `class N(nn.Module):` (a module), `class N(Dataset):` (a dataset, or a "
     "Sampler) and `class N(torch.optim.Optimizer):` (an optimizer, or a LRScheduler)", 3, 7),
    ("class N(nn.Module, nn.Linear):\n    pass\n",     # several bases: Python's own MRO error
     "TypeError: Cannot create a consistent method resolution\norder (MRO) for bases Module, "
     "Linear", 3, 7),
    ("x = super()\n", "RuntimeError: super(): no arguments", 3, 5),
    ("def f():\n    return super()\nf()\n", "RuntimeError: super(): __class__ cell not found",
     4, 12),
    ("m = nn.Linear(2, 2)\nm.weight = torch.ones(2, 2)\n",
     "cannot assign 'torch.FloatTensor' as parameter 'weight' (torch.nn.Parameter or None "
     "expected)", 4, 3),
    ("class N(nn.Module):\n    def forward(self, x):\n        return self(x)\nN()(1)\n",
     "maximum recursion depth exceeded", 5, 16),
    ("s = nn.Sequential()\ns.append(s)\nprint(s)\n",
     "cannot print a Sequential that contains itself", 5, 1),
])
def test_errors_in_formulas_have_a_place(source, message, line, col):
    err = failure(source)
    assert message in err.message
    assert (err.position.line, err.position.column) == (line, col)


@pytest.mark.parametrize("source, message", [
    ("class N(nn.Module):\n    def __setattr__(self):\n        pass\n",
     "method '__setattr__' is not supported in gradcli formulas"),
    ("def __init__(self):\n    pass\n",
     "names starting with '__' are not allowed in formulas: '__init__'"),
    ("m = nn.Linear(1, 1)\nm._parameters\n", "attributes starting with '_' are not allowed"),
    ("class N(nn.Module):\n    if True:\n        size = 3\n",
     "a class body may hold only methods (def) and attributes"),
])
def test_private_names_stay_private(source, message):
    err = failure(source)
    assert isinstance(err, FormulaSyntaxError) and message in err.message


def test_a_formula_class_has_private_attributes_and_methods_of_its_own():
    # `self._cache`, `def _init_weights(self)`, `cls._count`: the formula's own names
    out = run("class N(nn.Module):\n    _count = 0\n    def __init__(self):\n"
              "        super().__init__()\n        self.fc = nn.Linear(2, 2)\n"
              "        self._scale = 2.0\n        self._init_weights()\n"
              "    def _init_weights(self):\n        nn.init.constant_(self.fc.weight, 0.5)\n"
              "        nn.init.zeros_(self.fc.bias)\n    @classmethod\n    def made(cls):\n"
              "        cls._count += 1\n        return cls._count\n"
              "    def forward(self, x):\n        self._last = self.fc(x) * self._scale\n"
              "        return self._last\n"
              "n = N()\nprint(n(torch.ones(1, 2)), n.made(), n.made())\n"
              "print([k for k, _ in n.named_parameters()])\n")
    assert out == ("tensor([[2., 2.]], grad_fn=<MulBackward0>) 1 2\n['fc.weight', 'fc.bias']\n")


@pytest.mark.parametrize("source, message, syntax", [
    ("class N(nn.Module):\n    def _parameters(self):\n        return 1\n",
     "method '_parameters' is not supported in gradcli formulas", False),
    ("class N(nn.Module):\n    _buffers = 3\n", "attribute '_buffers' is not supported", False),
    ("class N(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
     "        self._parameters = {}\nN()\n", "attribute '_parameters' cannot be set", False),
    ("class N(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
     "        print(self._modules)\nN()\n", "attribute '_modules' is not available", False),
    ("class N(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
     "        self._x = 1\nn = N()\nprint(n._x)\n",
     "attributes starting with '_' are not allowed", True),
    ("class N(nn.Module):\n    def f(self):\n        return self.fc._parameters\n",
     "attributes starting with '_' are not allowed", True),
    ("class A:\n    def f(self):\n        return self.__dict__\n",
     "attributes starting with '_' are not allowed", True),
])
def test_private_names_of_gradcli_classes_stay_private(source, message, syntax):
    # a formula's class may not read, set or replace what its base class (gradcli's) keeps
    # under a private name; outside `self.`/`cls.` a private attribute is a syntax error
    err = failure(source)
    assert isinstance(err, FormulaSyntaxError) == syntax and message in err.message


def test_formula_modules_reach_nothing_private():
    err = failure("class N(nn.Module):\n    def forward(self, x):\n"
                  "        return super().__dict__\nN()(1)\n")
    assert "'__dict__'" in err.message
    err = failure("m = nn.Linear(1, 1)\nf = m.forward\nprint(f.__self__)\n")
    assert isinstance(err, FormulaSyntaxError)
    err = failure("m = nn.Linear(1, 1)\nm.forward = 1\n")
    assert isinstance(err, EvalError) and "cannot assign to method 'forward'" in err.message


def test_deep_formula_recursion_through_modules_is_a_limit():
    err = failure("class N(nn.Module):\n    def forward(self, x):\n"
                  "        return self(x)\nN()(1)\n")
    assert isinstance(err, LimitError)


def test_python_api_mirrors_torch_nn():
    assert gradcli.nn is nn
    assert nn.functional.linear is not None and callable(nn.functional.mse_loss)
    for name in ("Linear", "Sequential", "ModuleList", "Identity", "Flatten", "ReLU", "Tanh",
                 "Sigmoid", "LeakyReLU", "ELU", "GELU", "Softplus", "SiLU", "Softmax",
                 "LogSoftmax", "Dropout", "MSELoss", "L1Loss", "CrossEntropyLoss", "NLLLoss",
                 "BCELoss", "BCEWithLogitsLoss", "SmoothL1Loss", "HuberLoss", "Parameter"):
        assert issubclass(getattr(nn, name), (nn.Module, gradcli.Tensor))


# -- convolution, pooling, normalisation, embedding ------------------------------------------------

def test_conv_and_embedding_draw_pytorchs_weights():
    gradcli.manual_seed(0)
    conv = nn.Conv2d(2, 3, 2)
    assert conv.weight.shape == (3, 2, 2, 2)
    assert conv.weight.flatten()[:5].tolist() == [
        -0.0026469905860722065, 0.18966144323349, -0.2909903824329376, -0.26019373536109924,
        -0.13617262244224548]
    assert conv.bias.tolist() == [-0.05698692053556442, 0.037410933524370193,
                                  0.3201341927051544]
    gradcli.manual_seed(0)
    assert repr(nn.Embedding(4, 3).weight) == """Parameter containing:
tensor([[ 1.5410, -0.2934, -2.1788],
        [ 0.5684, -1.0845, -1.3986],
        [ 0.4033,  0.8380, -0.7193],
        [-0.4033, -0.5966,  0.1820]], requires_grad=True)"""
    assert [repr(m) for m in (nn.Conv2d(3, 8, (3, 5), stride=2, padding=1, bias=False),
                              nn.Conv1d(2, 4, 3, dilation=2, groups=2), nn.MaxPool2d(2),
                              nn.AvgPool1d(2), nn.LayerNorm(4), nn.Embedding(10, 3, padding_idx=0),
                              nn.BatchNorm2d(4, affine=False))] == [
        "Conv2d(3, 8, kernel_size=(3, 5), stride=(2, 2), padding=(1, 1), bias=False)",
        "Conv1d(2, 4, kernel_size=(3,), stride=(1,), dilation=(2,), groups=2)",
        "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)",
        "AvgPool1d(kernel_size=(2,), stride=(2,), padding=(0,))",
        "LayerNorm((4,), eps=1e-05, elementwise_affine=True, bias=True)",
        "Embedding(10, 3, padding_idx=0)",
        "BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=False, bias=False, "
        "track_running_stats=True)"]


def test_batchnorm_keeps_running_statistics_as_buffers():
    bn = nn.BatchNorm1d(2, momentum=None)          # a cumulative average
    x = gradcli.tensor([[1.0, 2.0], [3.0, 6.0], [5.0, 1.0]])
    bn(x)
    out = bn(x * 2)
    assert repr(out) == """tensor([[-1.2247, -0.4629],
        [ 0.0000,  1.3887],
        [ 1.2247, -0.9258]], grad_fn=<NativeBatchNormBackward0>)"""
    assert bn.running_mean.tolist() == [4.5, 4.5] and bn.num_batches_tracked.item() == 2
    assert bn.running_var.tolist() == [10.0, 17.5]
    bn.eval()
    assert repr(bn(x)) == """tensor([[-1.1068, -0.5976],
        [-0.4743,  0.3586],
        [ 0.1581, -0.8367]], grad_fn=<NativeBatchNormBackward0>)"""
    assert list(bn.state_dict()) == ["weight", "bias", "running_mean", "running_var",
                                     "num_batches_tracked"]
    with pytest.raises(ValueError, match=r"expected 2D or 3D input \(got 4D input\)"):
        bn(gradcli.ones(2, 2, 2, 2))


def test_clip_grad_norm_scales_gradients_to_the_bound():
    a = nn.Parameter(gradcli.tensor([3.0, 0.0]))
    b = nn.Parameter(gradcli.tensor([0.0]))
    a.grad, b.grad = gradcli.tensor([3.0, 0.0]), gradcli.tensor([4.0])
    total = nn.utils.clip_grad_norm_([a, b], 1.0)
    assert total.item() == 5.0
    assert a.grad.tolist() == pytest.approx([0.6, 0.0], rel=1e-6)
    assert b.grad.tolist() == pytest.approx([0.8], rel=1e-6)
    assert nn.utils.clip_grad_norm_([a, b], 10.0).item() == pytest.approx(1.0, rel=1e-6)
    assert b.grad.tolist() == pytest.approx([0.8], rel=1e-6)      # under the bound: unchanged
    nn.utils.clip_grad_value_([a, b], 0.7)
    assert b.grad.tolist() == pytest.approx([0.7]) and a.grad.tolist() == pytest.approx([0.6, 0])
    a.grad = gradcli.tensor([float("inf"), 0.0])
    with pytest.raises(RuntimeError, match="non-finite"):
        nn.utils.clip_grad_norm_([a], 1.0, error_if_nonfinite=True)


def test_module_dict_registers_its_modules_in_order():
    md = nn.ModuleDict({"b": nn.Linear(1, 2), "a": nn.ReLU()})
    md["c"] = nn.Tanh()
    assert list(md) == ["b", "a", "c"] and len(md) == 3 and "a" in md
    assert [n for n, _ in md.named_parameters()] == ["b.weight", "b.bias"]
    assert repr(md) == ("ModuleDict(\n  (b): Linear(in_features=1, out_features=2, bias=True)\n"
                        "  (a): ReLU()\n  (c): Tanh()\n)")
    assert isinstance(md.pop("a"), nn.ReLU) and list(md.keys()) == ["b", "c"]


def test_bare_nn_and_optim_names_load_on_first_use():
    out = io.StringIO()
    run_source("m = nn.Linear(1, 1)\nprint(type(m).__name__, nn, optim.SGD)\n", "b.grad",
               out=out)
    assert out.getvalue() == "Linear <module 'torch.nn'> <class 'torch.optim.sgd.SGD'>\n"
    code = ("import sys, gradcli\nfrom gradcli.lang import eval_expression\n"
            "eval_expression('2*dot(x,x)', {'x': gradcli.arange(3.)})\n"
            "print('gradcli.nn' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=pathlib.Path(__file__).resolve().parents[1], check=True)
    assert proc.stdout == "False\n"       # a one-liner does not pay for torch.nn's import


def test_forward_hooks_see_and_may_replace_inputs_and_outputs():
    lin = nn.Linear(2, 1)
    calls = []
    pre = lin.register_forward_pre_hook(lambda mod, args: (args[0] * 0,))
    post = lin.register_forward_hook(lambda mod, args, out: calls.append(args[0].sum().item()))
    out = lin(gradcli.ones(3, 2))
    assert calls == [0.0] and out.tolist() == [[lin.bias.item()]] * 3
    pre.remove()
    post.remove()
    lin(gradcli.ones(1, 2))
    assert calls == [0.0]


def test_parameter_containers_register_and_print_as_pytorch():
    pl = nn.ParameterList([nn.Parameter(gradcli.ones(2, 3)), gradcli.zeros(3)])
    assert type(pl[1]) is nn.Parameter and [n for n, _ in pl.named_parameters()] == ["0", "1"]
    assert repr(pl) == ("ParameterList(\n"
                        "    (0): Parameter containing: [torch.float32 of size 2x3]\n"
                        "    (1): Parameter containing: [torch.float32 of size 3]\n)")
    pd = nn.ParameterDict({"a": nn.Parameter(gradcli.ones(2))})
    assert repr(pd) == "ParameterDict(  (a): Parameter containing: [torch.FloatTensor of size 2])"
    assert nn.Unflatten(1, (2, 2))(gradcli.ones(3, 4)).shape == (3, 2, 2)


def test_an_unknown_name_in_a_method_is_a_name_error_with_a_suggestion():
    err = failure("class N(nn.Module):\n    def forward(self, x):\n        total = 1\n"
                  "        return x * totl\nN()(1)\n")
    assert err.message == "NameError: name 'totl' is not defined" and err.hint == "did you mean `total`?"
    assert (err.position.line, err.position.column) == (6, 20)


def test_a_float64_input_to_a_float32_layer_is_pytorchs_error():
    with pytest.raises(RuntimeError, match="^mat1 and mat2 must have the same dtype, but got "
                                           "Double and Float$"):
        nn.Linear(2, 2)(gradcli.ones(3, 2, dtype=gradcli.float64))
    with pytest.raises(RuntimeError, match="^self and mat2 must have the same dtype, but got "
                                           "Long and Float$"):
        gradcli.addmm(gradcli.ones(2, dtype=gradcli.int64), gradcli.ones(3, 2), gradcli.ones(2, 2))
    assert nn.Linear(2, 2).double()(gradcli.ones(3, 2, dtype=gradcli.float64)).dtype == \
        gradcli.float64


def test_walks_that_keep_duplicates_are_bounded():
    lin = nn.Linear(1, 1)
    twice = nn.Sequential(lin, lin)
    assert [n for n, _ in twice.named_parameters(remove_duplicate=False)] == [
        "0.weight", "0.bias", "1.weight", "1.bias"]
    loop = nn.Sequential()
    loop.append(loop)
    with pytest.raises(RuntimeError, match="the Sequential contains itself"):
        list(loop.named_modules(remove_duplicate=False))
