"""In-place ops on a tensor with gaps between its rows (a chunk of a wider one) compute on
that layout, as ATen's kernels do: row by row, each row's last elements in the scalar loop
(the C library's expf for sigmoid_, not SLEEF's). gradcli copied such a tensor densely
first, so `gates.unsafe_chunk(3, 1)[0].sigmoid_()` rounded as a dense tensor's sigmoid, and
GRU (whose cell runs its sigmoids in place on the chunks of the hidden product) drifted
from PyTorch in the last bits from the first step. Expected outputs are torch 2.13's."""
from __future__ import annotations

import numpy as np
import pytest

import gradcli
from gradcli.ops.core import _layout_copy
from test_autograd_parity4 import run

# recorded on an Intel CPU with AVX-512: its MKL and ATen kernels, whatever this machine is
pytestmark = pytest.mark.usefixtures("mkl_intel", "aten_avx512")

CASES = [
    ('def ck(t): return [int(v) for v in t.detach().contiguous().view(torch.int32).flatten().tolist()]\ntorch.manual_seed(3)\na = torch.randn(8, 15) * 3\nr0 = a.clone().unsafe_chunk(3, 1)[0].sigmoid_()\nr1 = a[:, :5].sigmoid()\nr2 = a[:, :5].contiguous().sigmoid()\nprint(sum(x != y for x, y in zip(ck(r0), ck(r2))), sum(x != y for x, y in zip(ck(r1), ck(r2))))\nprint(ck(r0)[:10]); print(ck(r1)[:10]); print(ck(r2)[:10])\nb = torch.randn(8, 60) * 3\nprint(sum(x != y for x, y in zip(ck(b[:, :20].sigmoid()), ck(b[:, :20].contiguous().sigmoid()))))\n',
     '2 2\n[1055044246, 1061098963, 1035138150, 1057861198, 1063343647, 1061614005, 1060096073, 1064385451, 1043612869, 1004885509]\n[1055044246, 1061098963, 1035138150, 1057861198, 1063343647, 1061614005, 1060096073, 1064385451, 1043612869, 1004885509]\n[1055044244, 1061098963, 1035138150, 1057861198, 1063343647, 1061614005, 1060096073, 1064385451, 1043612869, 1004885509]\n5\n'),
    ('import torch.nn as nn\ntorch.manual_seed(0)\ndef ck(t): return int(t.detach().contiguous().view(torch.int32).double().abs().sum().item()) % 999983\nfor (i, h, B, T, bf) in [(3, 5, 8, 6, True), (3, 5, 8, 6, False), (3, 5, 1, 1, False), (3, 5, 2, 1, False), (3, 5, 1, 2, False), (4, 4, 3, 2, False), (10, 20, 4, 3, False)]:\n    for cls in (nn.GRU, nn.RNN):\n        rnn = cls(i, h, batch_first=bf)\n        S = torch.randn(B, T, i) if bf else torch.randn(T, B, i)\n        o, hn = rnn(S)\n        print(cls.__name__, i, h, B, T, bf, ck(o))\n    cell = nn.GRUCell(i, h)\n    x0 = torch.randn(B, i); h0 = torch.randn(B, h)\n    print("cell", ck(cell(x0, h0)), ck(cell(x0)))\n',
     'GRU 3 5 8 6 True 368765\nRNN 3 5 8 6 True 13620\ncell 253295 86475\nGRU 3 5 8 6 False 408071\nRNN 3 5 8 6 False 514242\ncell 646730 139399\nGRU 3 5 1 1 False 956136\nRNN 3 5 1 1 False 412081\ncell 391309 443202\nGRU 3 5 2 1 False 592877\nRNN 3 5 2 1 False 612317\ncell 885161 390741\nGRU 3 5 1 2 False 56133\nRNN 3 5 1 2 False 248771\ncell 40915 372123\nGRU 4 4 3 2 False 421160\nRNN 4 4 3 2 False 412832\ncell 156100 825394\nGRU 10 20 4 3 False 821839\nRNN 10 20 4 3 False 97621\ncell 492761 564910\n'),
    ('import torch.nn as nn\ntorch.manual_seed(0)\nrnn = nn.GRU(3, 5, batch_first=True); head = nn.Linear(5, 1)\nS = torch.randn(8, 6, 3)\no, h = rnn(S); l = head(o[:, -1]).pow(2).mean(); l.backward()\nprint(l.item())\nfor n, p in rnn.named_parameters():\n    print(n, p.grad.view(torch.int32).double().sum().item())\nps = list(rnn.parameters()) + list(head.parameters())\nfor name, mk in (("rms", lambda: torch.optim.RMSprop(ps, lr=1e-2)), ("sgd", lambda: torch.optim.SGD(ps, lr=1e-2))):\n    opt = mk()\n    for step in range(12):\n        opt.zero_grad(); o, h = rnn(S); l = head(o[:, -1]).pow(2).mean(); l.backward(); opt.step()\n        print(name, step, l.item())\n',
     '0.20665661990642548\nweight_ih_l0 347821207.0\nweight_hh_l0 -9387364125.0\nbias_ih_l0 2413958817.0\nbias_hh_l0 2374341429.0\nrms 0 0.20665661990642548\nrms 1 0.047531161457300186\nrms 2 0.022960670292377472\nrms 3 0.004894941113889217\nrms 4 0.0029954861383885145\nrms 5 0.00198798393830657\nrms 6 0.0013895565643906593\nrms 7 0.0010087235132232308\nrms 8 0.0007539372891187668\nrms 9 0.0005771761061623693\nrms 10 0.0004513552412390709\nrms 11 0.0003601222997531295\nsgd 0 0.0002930249029304832\nsgd 1 0.0002927449531853199\nsgd 2 0.00029246488702483475\nsgd 3 0.0002921872364822775\nsgd 4 0.00029191075009293854\nsgd 5 0.00029163534054532647\nsgd 6 0.00029136097873561084\nsgd 7 0.0002910877810791135\nsgd 8 0.00029081583488732576\nsgd 9 0.0002905450528487563\nsgd 10 0.00029027482378296554\nsgd 11 0.0002900059043895453\n'),
]


@pytest.mark.parametrize("source, expected", CASES,
                         ids=["sigmoid_-on-a-chunk", "gru-and-cells", "gru-training"])
def test_prints_what_pytorch_printed(source, expected):
    assert run(source) == expected


def test_layout_copy_keeps_the_strides_of_a_chunk_and_compacts_a_sparse_view():
    a = np.arange(120, dtype=np.float32).reshape(8, 15)
    chunk = _layout_copy(a[:, 5:10])
    assert chunk.strides == a[:, 5:10].strides and np.array_equal(chunk, a[:, 5:10])
    assert not np.shares_memory(chunk, a)
    column = _layout_copy(np.zeros((1000, 1000))[:, 3])        # span 250x the elements
    assert column.flags.c_contiguous
    back = _layout_copy(a[::-1, 2:4])
    assert back.strides == a[::-1, 2:4].strides and np.array_equal(back, a[::-1, 2:4])
    t = gradcli.tensor(a)
    assert _layout_copy(t.t()._data).flags.f_contiguous
