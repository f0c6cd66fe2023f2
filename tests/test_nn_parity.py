"""torch.nn modules side by side with PyTorch: each program runs as a gradcli formula file
and as a Python program with real PyTorch; what they print (seeded initial weights, reprs,
losses of a few optimizer steps, gradients) and the message of the error they end in must be
identical. Skipped when PyTorch is not installed (it is never a gradcli dependency):
    PYTHONPATH=. /path/to/torchenv/bin/python -m pytest tests/test_nn_parity.py
"""
from __future__ import annotations

import contextlib
import io
import re

import pytest

torch = pytest.importorskip("torch")

from gradcli.errors import GradcliError  # noqa: E402
from gradcli.lang import run_source  # noqa: E402

ADDR = re.compile(r" at 0x[0-9a-fA-F]+")

HEAD = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"

PROGRAMS = {
    "linear_init_seeds": """
for seed in (0, 1, 42, 12345):
    torch.manual_seed(seed)
    m = nn.Linear(5, 3)
    print(m.weight.tolist(), m.bias.tolist())
torch.manual_seed(3)
print(nn.Linear(20, 17).weight.sum().item(), nn.Linear(4, 2, bias=False).bias)
print(nn.Linear(3, 2, dtype=torch.float64).weight.tolist())
""",
    "init_functions": """
torch.manual_seed(7)
w = torch.empty(4, 6)
for f in (nn.init.xavier_uniform_, nn.init.kaiming_uniform_):
    f(w)
    print(w.tolist())
# float32 normals of 16 or more elements: PyTorch's vectorised log/cos may differ from
# NumPy's in the last bit, so these compare as printed (4 decimals)
for f in (nn.init.xavier_normal_, nn.init.kaiming_normal_):
    f(w)
    print(w)
small = torch.empty(3, 5)
nn.init.kaiming_normal_(small, nonlinearity='relu')      # 15 elements: exact
print(small.tolist())
nn.init.kaiming_uniform_(w, a=0.1, mode='fan_out', nonlinearity='leaky_relu')
print(w.tolist())
nn.init.uniform_(w, -2.0, 3.0)
print(w.tolist())
nn.init.normal_(w, 0.5, 0.25)
print(w)
d = torch.empty(3, 3, dtype=torch.float64)
nn.init.normal_(d, 1.0, 3.0)
print(d.tolist())
nn.init.xavier_uniform_(d, gain=nn.init.calculate_gain('relu'))
print(d.tolist())
print(nn.init.zeros_(w), nn.init.ones_(torch.empty(2)), nn.init.constant_(torch.empty(2), 0.3))
print([nn.init.calculate_gain(n) for n in ('linear', 'sigmoid', 'tanh', 'relu', 'selu')],
      nn.init.calculate_gain('leaky_relu', 0.2))
""",
    "reprs": """
print(nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1), nn.Sigmoid()))
print(nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2), nn.Linear(2, 2), nn.ReLU(),
                     nn.Linear(2, 2)]))
print(nn.ModuleList(), nn.Sequential(), nn.Identity(), nn.Flatten(), nn.Flatten(0, 1))
for m in (nn.ReLU(), nn.ReLU(True), nn.Tanh(), nn.Sigmoid(), nn.LeakyReLU(),
          nn.LeakyReLU(0.2, True), nn.ELU(), nn.ELU(0.5), nn.GELU(), nn.GELU('tanh'),
          nn.Softplus(), nn.Softplus(2, 10), nn.SiLU(), nn.Softmax(dim=1), nn.Softmax(),
          nn.LogSoftmax(dim=-1), nn.Softmin(0), nn.Dropout(), nn.Dropout(0.2, True),
          nn.Hardtanh(), nn.ReLU6(), nn.Softsign(), nn.Mish(), nn.SELU(), nn.CELU(),
          nn.LogSigmoid(), nn.Tanhshrink(), nn.Hardswish(), nn.Hardsigmoid(), nn.PReLU(),
          nn.MSELoss(), nn.L1Loss(reduction='sum'), nn.CrossEntropyLoss(), nn.NLLLoss(),
          nn.BCELoss(), nn.BCEWithLogitsLoss(), nn.SmoothL1Loss(), nn.HuberLoss(delta=2.0)):
    print(m)
seq = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.Linear(2, 2), nn.Tanh()))
print(seq, seq[1], seq[-1][0], len(seq))
print(nn.Parameter(torch.ones(2)), nn.Parameter(torch.zeros(2, 2), requires_grad=False))
blocks = nn.ModuleList([nn.Sequential(nn.Linear(2, 2), nn.ReLU()) for i in range(3)])
blocks.append(nn.Sequential(nn.Linear(2, 3), nn.ReLU()))
blocks.append(nn.ModuleList([nn.Tanh(), nn.Tanh()]))
print(nn.Sequential(blocks, nn.ModuleList([nn.Identity()])))

class Fancy(nn.Module):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner
        self.empty = None
    def extra_repr(self):
        return 'first line\\nsecond line'

print(Fancy(nn.Linear(1, 1)), Fancy(None))
one = Fancy(None)
one.inner = None
print(nn.Sequential(one, nn.Linear(1, 1)))
print(type(seq), type(nn.Parameter(torch.ones(1))), isinstance(seq, nn.Module))
""",
    "net_class_training": """
torch.manual_seed(0)

class Net(nn.Module):
    def __init__(self, hidden=4):
        super().__init__()
        self.fc1 = nn.Linear(2, hidden)
        self.fc2 = nn.Linear(hidden, 1)

    def forward(self, x):
        return self.fc2(torch.tanh(self.fc1(x)))

model = Net()
print(model)
x = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
y = torch.tensor([[0.0], [1.0], [1.0], [0.0]])
loss_fn = nn.MSELoss()
opt = torch.optim.SGD(model.parameters(), lr=0.5, momentum=0.9)
for step in range(5):
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    print(step, loss)
print(model.fc1.weight.grad)
print(model.fc2.bias)
for name, p in model.named_parameters():
    print(name, p.shape, p.requires_grad, p.is_leaf)
print(model.state_dict())
""",
    "adam_classifier": """
torch.manual_seed(5)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.25), nn.Linear(8, 3))
x = torch.randn(6, 4)
t = torch.tensor([0, 2, 1, 1, 0, 2])
opt = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()
for step in range(4):
    opt.zero_grad()
    loss = loss_fn(model(x), t)
    loss.backward()
    opt.step()
    print(loss)
model.eval()
print(model.training, model[2].training, model(x))
model.train()
print(model[2].training)
print(model[0].weight.grad)
""",
    "losses": """
torch.manual_seed(2)
a = torch.randn(3, 4, requires_grad=True)
b = torch.randn(3, 4)
p = torch.rand(3, 4)
for loss in (nn.MSELoss(), nn.L1Loss(), nn.SmoothL1Loss(beta=0.5), nn.HuberLoss(delta=0.5),
             nn.MSELoss(reduction='sum'), nn.BCEWithLogitsLoss(),
             nn.BCEWithLogitsLoss(pos_weight=torch.tensor([1.0, 2.0, 0.5, 1.0]))):
    out = loss(a, b if not isinstance(loss, nn.BCEWithLogitsLoss) else p)
    out.backward()
    print(out, a.grad)
    a.grad = None
print(nn.BCELoss()(torch.sigmoid(a), p))
print(nn.NLLLoss(weight=torch.tensor([1.0, 2.0, 0.5, 1.0]))(F.log_softmax(a, 1),
                                                            torch.tensor([0, 3, 1])))
print(nn.CrossEntropyLoss(label_smoothing=0.1)(a, torch.tensor([0, 3, 1])))
print(nn.MSELoss(reduction='none')(a, b))
""",
    "module_api": """
torch.manual_seed(0)
class Block(nn.Module):
    def __init__(self):
        super(Block, self).__init__()
        self.lin = nn.Linear(2, 2)
        self.scale = nn.Parameter(torch.ones(2))
    def forward(self, x):
        return self.lin(x) * self.scale

class Model(Block):
    def __init__(self):
        nn.Module.__init__(self)
        self.blocks = nn.ModuleList([Block(), Block()])
        self.head = nn.Linear(2, 1)
    def forward(self, x):
        for b in self.blocks:
            x = torch.relu(b(x))
        return self.head(x)

m = Model()
print(m)
print([n for n, _ in m.named_parameters()])
print([type(c).__name__ for c in m.children()], len(list(m.modules())))
out = m(torch.ones(3, 2)).sum()
out.backward()
print(m.blocks[1].scale.grad, m.head.weight.grad)
m.zero_grad()
print(m.head.weight.grad)
out = m(torch.ones(3, 2)).sum()
out.backward()
m.zero_grad(set_to_none=False)
print(m.head.weight.grad)
m.requires_grad_(False)
print(m.head.bias.requires_grad, m(torch.ones(1, 2)))
print(m.eval().training, m.blocks[0].training, m.train().blocks[0].lin.training)
names = []
m.apply(lambda mod: names.append(type(mod).__name__))
print(names)
print(list(m.state_dict().keys()))
""",
    "cnn_layers": """
torch.manual_seed(0)
for m in (nn.Conv2d(1, 6, 3), nn.Conv2d(3, 8, (3, 5), stride=2, padding=1, bias=False),
          nn.Conv1d(2, 4, 3, dilation=2, groups=2), nn.MaxPool2d(2),
          nn.MaxPool2d(2, stride=1, padding=1), nn.AvgPool2d(2), nn.MaxPool1d(3),
          nn.AvgPool1d(2), nn.AdaptiveAvgPool2d((1, 1)), nn.AdaptiveAvgPool2d(1),
          nn.LayerNorm(4), nn.LayerNorm([2, 3], elementwise_affine=False), nn.Embedding(10, 3),
          nn.Embedding(10, 3, padding_idx=0), nn.BatchNorm1d(4),
          nn.BatchNorm2d(4, affine=False)):
    print(m)

class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.bn = nn.BatchNorm2d(4)
        self.conv2 = nn.Conv2d(4, 2, 2)
        self.fc = nn.Linear(2 * 3 * 3, 3)
    def forward(self, x):
        x = self.pool(F.relu(self.bn(self.conv1(x))))
        x = F.relu(self.conv2(x))
        return self.fc(torch.flatten(x, 1))

net = CNN()
print(net)
x = torch.randn(2, 1, 8, 8)
t = torch.tensor([0, 2])
opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
for i in range(3):
    opt.zero_grad()
    loss = F.cross_entropy(net(x), t)
    loss.backward()
    opt.step()
    print(loss)
print(net.bn.running_mean, net.bn.num_batches_tracked)
net.eval()
print(net(x))
print(net.conv2.weight.grad)
e = nn.Embedding(5, 3, padding_idx=1)
print(e.weight)
out = e(torch.tensor([[0, 1], [4, 1]]))
out.sum().backward()
print(out, e.weight.grad)
ln = nn.LayerNorm(3)
print(ln(torch.tensor([[1.0, 2.0, 4.0]])))
print(nn.AdaptiveAvgPool2d(1)(x).shape, nn.AvgPool1d(2)(torch.arange(8.).reshape(1, 2, 4)))
print(nn.BatchNorm1d(3)(torch.randn(4, 3)))
print(nn.Conv2d(1, 2, 3, padding='same')(torch.randn(1, 1, 4, 4)).shape)
""",
    "error_batchnorm_rank": "nn.BatchNorm1d(3)(torch.ones(2, 3, 4, 5))\n",
    "error_conv_groups": "nn.Conv2d(3, 4, 3, groups=2)\n",
    "clip_grad": """
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
x = torch.randn(5, 3)
(m(x) ** 2).sum().backward()
print(nn.utils.clip_grad_norm_(m.parameters(), 0.5))
print(m[0].weight.grad)
print(torch.nn.utils.clip_grad_norm_(m.parameters(), max_norm=0.1, norm_type=1))
print(m[2].bias.grad)
print(nn.utils.clip_grad_norm_(m[2].bias, 10.0), m[2].bias.grad)
nn.utils.clip_grad_value_(m.parameters(), 0.01)
print(m[0].weight.grad)
print(nn.utils.clip_grad_norm_([], 1.0))
""",
    "module_dict": """
torch.manual_seed(0)
md = nn.ModuleDict({'b': nn.Linear(1, 2), 'a': nn.ReLU()})
md['c'] = nn.Tanh()
print(md, len(md), list(md), md.keys(), 'a' in md)
print(md.items())
print([n for n, p in md.named_parameters()], md['c'](md['b'](torch.ones(1))))
md.pop('a')
print(md)
""",
    "module_to": """
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
p = m[0].weight
print(m.to("cpu", torch.float64)[0].weight.dtype, m[1].running_mean.dtype,
      m[1].num_batches_tracked.dtype, m[0].weight is p)
print(m.to(device="cpu", dtype=torch.float32)[0].bias.dtype, m.double()[0].weight)
print(m.to(torch.ones(1, dtype=torch.float32))[1].weight.dtype, m.float() is m)
""",
    "error_module_cuda": "nn.Linear(1, 1).cuda()\n",
    "forward_hooks": """
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
seen = []
def keep(module, args, output):
    seen.append((type(module).__name__, output.shape))
def double_input(module, args):
    return args[0] * 2
def negate(module, args, output):
    return -output
handles = [m.register_forward_hook(keep) for m in model]
pre = model[0].register_forward_pre_hook(double_input)
out = model(torch.ones(4, 2))
print(seen, out)
h = model[2].register_forward_hook(negate)
print(model(torch.ones(1, 2)))
h.remove()
pre.remove()
for handle in handles:
    handle.remove()
seen.clear()
print(model(torch.ones(1, 2)), seen)
""",
    "parameter_containers": """
torch.manual_seed(0)
pl = nn.ParameterList([nn.Parameter(torch.ones(2, 3)),
                       nn.Parameter(torch.zeros(3, dtype=torch.float64)),
                       nn.Parameter(torch.ones(()), requires_grad=False)])
print(pl)
print(len(pl), pl[0].shape, [n for n, _ in pl.named_parameters()])
pl.append(torch.ones(1))
print(type(pl[3]), pl[3].requires_grad, nn.ParameterList())
pd = nn.ParameterDict({'a': nn.Parameter(torch.ones(2))})
pd['b'] = torch.zeros(1)
print(pd, list(pd), pd.keys(), 'a' in pd, type(pd['b']))

class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.ps = nn.ParameterList([nn.Parameter(torch.ones(1))])
        self.un = nn.Unflatten(1, (2, 2))
    def forward(self, x):
        return self.un(x) * self.ps[0]

m = M()
print(m, [n for n, _ in m.named_parameters()])
out = m(torch.ones(3, 4, requires_grad=True))
print(out.shape, out.grad_fn, out.grad_fn.next_functions[0][0],
      nn.Unflatten(-1, (2, 1))(torch.ones(2, 2)).shape)
""",
    "shared_modules": """
torch.manual_seed(0)
lin = nn.Linear(1, 1)
seq = nn.Sequential(lin, nn.ReLU(), lin)
print(list(seq.state_dict().keys()), len(list(seq.parameters())), len(list(seq.modules())))
names = []
seq.apply(lambda m: names.append(type(m).__name__))
print(names, seq)
""",
    "setattr_rules": """
torch.manual_seed(0)
m = nn.Linear(2, 2)
m.bias = None
print(m, [n for n, p in m.named_parameters()])
m.bias = nn.Parameter(torch.zeros(2))
m.note = 'plain'
m.extra = nn.Tanh()
print(m, [n for n, p in m.named_parameters()], [n for n, c in m.named_children()], m.note)
m.extra = None
print(m, list(m.children()))
m.register_buffer('count', torch.zeros(1))
m.count = torch.ones(1)
print(m.state_dict())
m.extra = nn.ReLU()
print(m)
m.extra = nn.Parameter(torch.ones(1))
print(m, [n for n, p in m.named_parameters()])
""",
    "error_module_as_parameter": "m = nn.Linear(2, 2)\nm.weight = nn.ReLU()\n",
    "error_buffer_value": "m = nn.Linear(2, 2)\nm.register_buffer('b', None)\nm.b = 3\n",
    "linear_dtypes": """
w = torch.ones(2, 2)
for x in (torch.ones(2, dtype=torch.float64), torch.ones(3, 2, dtype=torch.float64),
          torch.ones(4, 3, 2, dtype=torch.float64)):
    for bias in (torch.ones(2), None):
        try:
            F.linear(x, w, bias)
        except RuntimeError as e:
            print(e)
""",
    "error_linear_float64_input": "nn.Linear(2, 2)(torch.ones(3, 2, dtype=torch.float64))\n",
    "error_addmm_bias_dtype": "torch.addmm(torch.ones(2, dtype=torch.int64), torch.ones(3, 2), "
                              "torch.ones(2, 2))\n",
    "error_before_init": """
class Net(nn.Module):
    def __init__(self):
        self.fc = nn.Linear(2, 2)
Net()
""",
    "error_missing_forward": """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
Net()(torch.ones(2))
""",
    "error_tensor_as_parameter": "m = nn.Linear(2, 2)\nm.weight = torch.ones(2, 2)\n",
    "error_module_attribute": "m = nn.Linear(2, 2)\nprint(m.nothing)\n",
    "error_shapes": "nn.Linear(2, 2)(torch.ones(3))\n",
    "error_train_mode": "nn.Linear(2, 2).train(1)\n",
    "error_dropout_p": "nn.Dropout(1.5)\n",
    "error_fans": "nn.init.kaiming_uniform_(torch.ones(3))\n",
    "error_int_parameter": "nn.Parameter(torch.tensor([1, 2]))\n",
    "error_child_module": "s = nn.Sequential(nn.Linear(1, 1))\ns[0] = 3\n",
    "error_uniform_bounds": "torch.empty(3).uniform_(1, 0)\n",
    "error_normal_std": "torch.empty(3).normal_(0, -1)\n",
}


def _gradcli(source: str) -> tuple[str, str | None]:
    out = io.StringIO()
    try:
        run_source(source, "p.grad", out=out)
    except GradcliError as err:
        return out.getvalue(), err.message
    return out.getvalue(), None


def _pytorch(source: str) -> tuple[str, str | None]:
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(source, "p.py", "exec"), {"__name__": "__main__"})
    except Exception as exc:  # noqa: BLE001 - the message is what is compared
        return out.getvalue(), f"{type(exc).__name__}: {exc}"
    return out.getvalue(), None


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_prints_what_pytorch_prints(name):
    source = HEAD + PROGRAMS[name].lstrip("\n")
    ours, our_error = _gradcli(source)
    theirs, their_error = _pytorch(source)
    assert ADDR.sub("", ours) == ADDR.sub("", theirs)
    if their_error is None:
        assert our_error is None
    else:
        # gradcli keeps PyTorch's text; Python's own errors keep their class name in front
        assert our_error is not None
        assert their_error == our_error or their_error.endswith(": " + our_error)
