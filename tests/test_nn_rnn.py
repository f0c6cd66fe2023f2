"""nn.RNN, nn.GRU, nn.LSTM and their cells (gradcli/nn/modules/rnn.py): PyTorch's CPU
composite, so float64 values, node names and seeded weights are PyTorch's. Expected values
are what PyTorch 2.13 printed; gradients are also checked against central differences, to
first and second order."""
from __future__ import annotations

import io
import numpy as np
import pytest

import gradcli as torch
import gradcli.nn as nn
from gradcli.autograd.gradcheck import gradcheck, gradgradcheck
from gradcli.lang import run_source


def names(nodes):
    return [f[0].name() if f[0] is not None else None for f in nodes]


def test_seeded_layers_give_pytorchs_outputs_nodes_and_gradients():
    torch.manual_seed(0)
    want = {
        "RNN": ("StackBackward0", ["TanhBackward0", "TanhBackward0"],
                [[0.3213793020129471, 0.5851173546590935, -0.3009997632159415],
                 [0.5060726432768397, 0.6292101309312725, -0.15141153688102502]],
                [[0.2360073543552054, 0.664928458745361],
                 [0.30606651844092025, 0.7336240370765579]]),
        "GRU": ("CatBackward0", ["StackBackward0", "StackBackward0"],
                [[-0.07763760743153764, 0.28267066013069597, -0.4149167404867178,
                  -0.2974501336499713, -0.04128107115928695, 0.20881861023504938],
                 [-0.19105526225519742, 0.401467460033098, -0.35474342730768194,
                  -0.30625173363887737, 0.003914020958241153, 0.2444909661813232]],
                [[-0.5001642619803908, 0.09286555182112989],
                 [-0.39888630269784536, 0.18037894316614672]]),
        "LSTM": ("TransposeBackward0", ["StackBackward0"],
                 [[-0.08913600942994257, -0.06297329719806452, 0.13347510438652033],
                  [-0.11694884441140699, -0.09915101446069088, 0.1716957228028812]],
                 [[0.010360503436108632, -0.009269094728556871],
                  [0.0071730259557174405, -0.007427925014078173]]),
    }
    layers = [nn.RNN(2, 3, dtype=torch.float64),
              nn.GRU(2, 3, dtype=torch.float64, bidirectional=True),
              nn.LSTM(2, 3, dtype=torch.float64, num_layers=2, batch_first=True)]
    for m in layers:
        node, nexts, last, grad = want[type(m).__name__]
        x = torch.linspace(-1, 1, 12, dtype=torch.float64).view(3, 2, 2).requires_grad_()
        out, hid = m(x)
        h = hid[0] if isinstance(hid, tuple) else hid
        assert out.grad_fn.name() == node and h.grad_fn.name() == "StackBackward0"
        assert names(out.grad_fn.next_functions)[:2] == nexts
        np.testing.assert_allclose(out[-1].tolist(), last, rtol=1e-13, atol=1e-15)
        out.sum().backward()
        np.testing.assert_allclose(x.grad[0].tolist(), grad, rtol=1e-12, atol=1e-15)


def test_parameters_shapes_reprs_and_batch_first_nodes():
    m = nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True)
    assert repr(m) == "LSTM(3, 4, num_layers=2, batch_first=True, bidirectional=True)"
    params = [(n, tuple(p.shape)) for n, p in m.named_parameters()]
    assert params[:5] == [("weight_ih_l0", (16, 3)), ("weight_hh_l0", (16, 4)),
                          ("bias_ih_l0", (16,)), ("bias_hh_l0", (16,)),
                          ("weight_ih_l0_reverse", (16, 3))]
    assert params[8] == ("weight_ih_l1", (16, 8)) and len(params) == 16
    assert repr(nn.RNN(3, 4, nonlinearity="relu", bias=False)) == "RNN(3, 4, bias=False)"
    assert repr(nn.RNNCell(3, 4, nonlinearity="relu", bias=False)) == \
        "RNNCell(3, 4, bias=False, nonlinearity=relu)"
    assert repr(nn.GRU(3, 4, 2, dropout=0.5)) == "GRU(3, 4, num_layers=2, dropout=0.5)"
    out, _ = nn.GRU(3, 4, batch_first=True)(torch.ones(2, 5, 3))
    assert out.grad_fn.name() == "TransposeBackward1" and tuple(out.shape) == (2, 5, 4)
    out, h = nn.RNN(3, 4)(torch.ones(5, 3))                      # unbatched
    assert (tuple(out.shape), tuple(h.shape)) == ((5, 4), (1, 4))
    assert out.grad_fn.name() == h.grad_fn.name() == "SqueezeBackward1"
    assert m.flatten_parameters() is None and len(m.all_weights) == 4


def test_cells_are_pytorchs_one_step():
    torch.manual_seed(0)
    rnn, lstm, gru = nn.RNNCell(3, 4), nn.LSTMCell(3, 4), nn.GRUCell(3, 4)
    x = torch.ones(2, 3)
    h = rnn(x)
    assert h.grad_fn.name() == "TanhBackward0"
    assert names(h.grad_fn.next_functions) == ["AddBackward0"]
    hy, cy = lstm(x)
    assert names(hy.grad_fn.next_functions) == ["SigmoidBackward0", "TanhBackward0"]
    hy = gru(x)
    assert hy.grad_fn.name() == "AddBackward0"
    assert names(hy.grad_fn.next_functions) == ["MulBackward0", "TanhBackward0"]
    assert gru(torch.ones(3)).shape == (4,)


@pytest.mark.parametrize("make", [
    lambda: nn.RNN(2, 2, num_layers=2, dtype=torch.float64),
    lambda: nn.RNN(2, 2, nonlinearity="relu", bidirectional=True, dtype=torch.float64),
    lambda: nn.GRU(2, 2, bidirectional=True, batch_first=True, dtype=torch.float64),
    lambda: nn.LSTM(2, 2, num_layers=2, dtype=torch.float64),
    lambda: nn.LSTM(2, 2, bias=False, dtype=torch.float64),
])
def test_layers_gradcheck_to_second_order(make):
    torch.manual_seed(1)
    m = make()
    x = (torch.randn(3, 2, 2, dtype=torch.float64) * 0.5).requires_grad_()
    w = m.weight_hh_l0

    def run(inp, weight):
        params = dict(m._parameters)
        params["weight_hh_l0"] = weight
        saved = m._parameters
        m._parameters = params
        try:
            return m(inp)[0]
        finally:
            m._parameters = saved

    assert gradcheck(run, (x, w.detach().clone().requires_grad_()))
    assert gradgradcheck(run, (x, w.detach().clone().requires_grad_()))


@pytest.mark.parametrize("cell", [nn.RNNCell, nn.LSTMCell, nn.GRUCell])
def test_cells_gradcheck_to_second_order(cell):
    torch.manual_seed(2)
    c = cell(2, 3, dtype=torch.float64)
    x = torch.randn(2, 2, dtype=torch.float64, requires_grad=True)
    h = torch.randn(2, 3, dtype=torch.float64, requires_grad=True)

    def f(inp, hid):
        out = c(inp, (hid, hid * 0.5)) if cell is nn.LSTMCell else c(inp, hid)
        return out[0] if isinstance(out, tuple) else out
    assert gradcheck(f, (x, h)) and gradgradcheck(f, (x, h))


@pytest.mark.parametrize("call, kind, message", [
    (lambda: nn.RNN(3, 4)(torch.ones(2)), ValueError,
     "RNN: Expected input to be 2D or 3D, got 1D tensor instead"),
    (lambda: nn.LSTM(3, 4)(torch.ones(2, 2, 2, 2)), ValueError,
     "LSTM: Expected input to be 2D or 3D, got 4D instead"),
    (lambda: nn.RNN(3, 4)(torch.ones(5, 2, 2)), RuntimeError,
     "input.size(-1) must be equal to input_size. Expected 3, got 2"),
    (lambda: nn.RNN(3, 4)(torch.ones(5, 2, 3), torch.zeros(1, 3, 4)), RuntimeError,
     "Expected hidden size (1, 2, 4), got [1, 3, 4]"),
    (lambda: nn.GRU(3, 4)(torch.ones(5, 2, 3), torch.zeros(3, 4)), RuntimeError,
     "For batched 3-D input, hx should also be 3-D but got 2-D tensor"),
    (lambda: nn.RNN(3, 4, nonlinearity="sig"), ValueError,
     "Unknown nonlinearity 'sig'. Select from 'tanh' or 'relu'."),
    (lambda: nn.RNN(3, 0), ValueError, "hidden_size must be greater than zero"),
    (lambda: nn.RNNCell(3, 4)(torch.ones(2, 2, 3)), ValueError,
     "RNNCell: Expected input to be 1D or 2D, got 3D instead"),
    (lambda: nn.RNNCell(3, 4)(torch.ones(2, 5)), RuntimeError,
     "input has inconsistent input_size: got 5 expected 3"),
])
def test_errors_are_pytorchs(call, kind, message):
    with pytest.raises(kind) as info:
        call()
    assert str(info.value) == message


def test_dropout_with_one_layer_warns_as_pytorch():
    with pytest.warns(UserWarning, match="non-zero dropout expects num_layers greater than 1, "
                                         "but got dropout=0.5 and num_layers=1"):
        nn.GRU(3, 4, dropout=0.5)


FORMULA = """import torch
import torch.nn as nn
torch.manual_seed(0)
r = nn.RNN(3, 4)
print(r)
print(r.weight_hh_l0)
try:
    r(torch.ones(5, 2, 2))
except RuntimeError as e:
    print(e)
c = nn.GRUCell(3, 2)
print(c(torch.ones(3)))
lstm = nn.LSTM(2, 3, batch_first=True, dtype=torch.float64)
out, (hn, cn) = lstm(torch.ones(1, 4, 2, dtype=torch.float64))
print(out[0, -1], cn.grad_fn.name())
class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(2, 3, batch_first=True)
        self.head = nn.Linear(3, 1)
    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[:, -1])
model = Tagger()
print(model)
loss = model(torch.ones(2, 3, 2)).pow(2).mean()
loss.backward()
print(loss, model.rnn.weight_hh_l0.grad.shape)
"""

FORMULA_OUT = """RNN(3, 4)
Parameter containing:
tensor([[-0.4777, -0.3311, -0.2061,  0.0185],
        [ 0.1977,  0.3000, -0.3390, -0.2177],
        [ 0.1816,  0.4152, -0.1029,  0.3742],
        [-0.0806,  0.0529,  0.4527, -0.4638]], requires_grad=True)
input.size(-1) must be equal to input_size. Expected 3, got 2
tensor([-0.1610,  0.0539], grad_fn=<SqueezeBackward1>)
tensor([-0.0997,  0.2542,  0.0618], dtype=torch.float64,
       grad_fn=<SelectBackward0>) StackBackward0
Tagger(
  (rnn): GRU(2, 3, batch_first=True)
  (head): Linear(in_features=3, out_features=1, bias=True)
)
tensor(0.0068, grad_fn=<MeanBackward0>) torch.Size([9, 3])
"""


def test_a_formula_with_recurrent_layers_prints_what_pytorch_prints():
    out = io.StringIO()
    run_source(FORMULA, "t.grad", out=out)
    assert out.getvalue() == FORMULA_OUT
