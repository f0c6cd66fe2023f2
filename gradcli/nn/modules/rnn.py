"""Recurrent layers: `RNN`, `LSTM`, `GRU` and their one-step cells, as PyTorch's CPU
composite runs them (aten/src/ATen/native/RNN.cpp), so values and node names are its own.

A layer's input-to-hidden product is computed for the whole sequence at once (`linear` on
the (T, B, in) input, unbound per step); each step adds the hidden-to-hidden product into it
(`AddBackward0`) and applies the gates; the steps' outputs are stacked (`StackBackward0`), a
reverse direction runs on the reversed steps and is concatenated along the features, and
the final hidden states of every layer and direction are stacked. Every parameter starts
uniform in +-1/sqrt(hidden_size), drawn in parameter order, as PyTorch draws them.

Differences: PyTorch runs a float32 `LSTM` (not the cells, not float64) through oneDNN, whose
output node is `MkldnnRnnLayerBackward0` and whose sums may differ in the last bit; here it
is the composite (`StackBackward0`). No `proj_size`, no packed sequences.
"""
from __future__ import annotations

import math
import warnings

from ...errors import (TorchNotImplementedError, TorchRuntimeError, TorchTypeError,
                       TorchValueError)
from ...ops import creation
from ...ops.shape import cat, stack
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


# -- one step: PyTorch's cells, in its order of operations ----------------------------------

def _hh(h, w_hh, b_hh):
    return F.linear(h, w_hh, b_hh)


def _simple_step(act):
    def step(x_w, h, w_hh, b_hh):
        return act(_hh(h, w_hh, b_hh).add(x_w))
    return step


def _lstm_step(x_w, state, w_hh, b_hh):
    h, c = state
    gates = _hh(h, w_hh, b_hh).add(x_w)
    i, f, g, o = gates.chunk(4, 1)
    i, f, g, o = i.sigmoid(), f.sigmoid(), g.tanh(), o.sigmoid()
    cy = (f * c).add(i * g)
    return o * cy.tanh(), cy


def _gru_step(x_w, h, w_hh, b_hh):
    i_r, i_z, i_n = x_w.chunk(3, 1)
    h_r, h_z, h_n = _hh(h, w_hh, b_hh).chunk(3, 1)
    r = h_r.add(i_r).sigmoid()
    z = h_z.add(i_z).sigmoid()
    n = i_n.add(h_n * r).tanh()
    return ((h - n) * z).add(n)


_STEPS = {"RNN_TANH": _simple_step(lambda t: t.tanh()),
          "RNN_RELU": _simple_step(lambda t: t.relu()),
          "LSTM": _lstm_step, "GRU": _gru_step}


def _direction(step, inputs_w, state, w_hh, b_hh, reverse):
    """One direction of one layer over the unbound steps: (stacked outputs, final state)."""
    outputs = []
    for x_w in (reversed(inputs_w) if reverse else inputs_w):
        state = step(x_w, state, w_hh, b_hh)
        outputs.append(state[0] if isinstance(state, tuple) else state)
    if reverse:
        outputs.reverse()
    return stack(outputs, 0), state


# -- the layers -----------------------------------------------------------------------------

class RNNBase(Module):
    """What RNN, LSTM and GRU share: the parameters (weight_ih_l{k}[_reverse], weight_hh_...,
    bias_ih_..., bias_hh_...), their initialisation, the checks and the layer stack."""

    def __init__(self, mode: str, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, proj_size: int = 0, device=None, dtype=None):
        super().__init__()
        if not isinstance(dropout, (int, float)) or isinstance(dropout, bool) or \
                not 0 <= dropout <= 1:
            raise TorchValueError("dropout should be a number in range [0, 1] representing the "
                             "probability of an element being zeroed")
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, "
                          "so non-zero dropout expects num_layers greater than 1, but got "
                          f"dropout={dropout} and num_layers={num_layers}", stacklevel=3)
        if not isinstance(hidden_size, int) or isinstance(hidden_size, bool):
            raise TorchTypeError(f"hidden_size should be of type int, got: "
                            f"{type(hidden_size).__name__}")
        if hidden_size <= 0:
            raise TorchValueError("hidden_size must be greater than zero")
        if num_layers <= 0:
            raise TorchValueError("num_layers must be greater than zero")
        if proj_size:
            raise TorchNotImplementedError("gradcli's LSTM has no proj_size")
        self.mode, self.input_size, self.hidden_size = mode, input_size, hidden_size
        self.num_layers, self.bias, self.batch_first = num_layers, bias, batch_first
        self.dropout, self.bidirectional, self.proj_size = float(dropout), bidirectional, 0
        rows = _GATES[mode] * hidden_size
        for layer in range(num_layers):
            for suffix in ("", "_reverse")[:2 if bidirectional else 1]:
                width = input_size if layer == 0 else hidden_size * (2 if bidirectional else 1)
                shapes = [("weight_ih", (rows, width)), ("weight_hh", (rows, hidden_size))]
                if bias:
                    shapes += [("bias_ih", (rows,)), ("bias_hh", (rows,))]
                for name, shape in shapes:
                    setattr(self, f"{name}_l{layer}{suffix}",
                            Parameter(creation.empty(shape, dtype=dtype, device=device)))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def flatten_parameters(self) -> None:
        """A no-op here, as on CPU in PyTorch."""

    @property
    def all_weights(self) -> list:
        return [[getattr(self, name) for name in names] for names in self._weight_names()]

    def _weight_names(self) -> list:
        kinds = ("weight_ih", "weight_hh") + (("bias_ih", "bias_hh") if self.bias else ())
        return [[f"{k}_l{layer}{suffix}" for k in kinds]
                for layer in range(self.num_layers)
                for suffix in ("", "_reverse")[:2 if self.bidirectional else 1]]

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s

    # -- forward
    def _check_input(self, input) -> bool:
        """Whether the input is batched (3-D), after PyTorch's checks."""
        name = "RNN" if self.mode.startswith("RNN") else self.mode
        if input.dim() not in (2, 3):
            raise TorchValueError(f"{name}: Expected input to be 2D or 3D, got {input.dim()}D "
                             f"tensor instead")
        if input.size(-1) != self.input_size:
            raise TorchRuntimeError(f"input.size(-1) must be equal to input_size. Expected "
                               f"{self.input_size}, got {input.size(-1)}")
        return input.dim() == 3

    def _check_hidden(self, hx, batched: bool, expected: tuple, what: str = "hidden") -> None:
        if batched and hx.dim() != 3:
            raise TorchRuntimeError(f"For batched 3-D input, hx should also be 3-D but got "
                               f"{hx.dim()}-D tensor")
        if not batched and hx.dim() != 2:
            raise TorchRuntimeError(f"For unbatched 2-D input, hx should also be 2-D but got "
                               f"{hx.dim()}-D tensor")
        if tuple(hx.shape) != expected:
            raise TorchRuntimeError(f"Expected {what} size {expected}, got {list(hx.shape)}")

    def _run(self, input, hx):
        """PyTorch's `_VF.rnn_*`/`lstm`/`gru` on a batched input: (output, final state)."""
        x = input.transpose(0, 1) if self.batch_first else input
        step = _STEPS[self.mode]
        if self.mode == "LSTM":
            states = list(zip(hx[0].unbind(0), hx[1].unbind(0)))
        else:
            states = list(hx.unbind(0))
        finals = []
        for layer, directions in enumerate(self._layers()):
            outs = []
            for reverse, names in enumerate(directions):
                w_ih, w_hh, b_ih, b_hh = (getattr(self, n) if n else None for n in names)
                inputs_w = F.linear(x, w_ih, b_ih).unbind(0)
                out, state = _direction(step, inputs_w, states[len(finals)], w_hh, b_hh,
                                        reverse == 1)
                outs.append(out)
                finals.append(state)
            x = outs[0] if len(outs) == 1 else cat(outs, outs[0].dim() - 1)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = F.dropout(x, self.dropout, True)
        if self.batch_first:      # PyTorch's LSTM transposes its output, RNN/GRU in place
            x = x.transpose(0, 1) if self.mode == "LSTM" else x.transpose_(0, 1)
        output = x
        if self.mode == "LSTM":
            return output, (stack([h for h, _ in finals], 0), stack([c for _, c in finals], 0))
        return output, stack(finals, 0)

    def forward(self, input, hx=None):
        """(output, h_n), or for an LSTM (output, (h_n, c_n)); hx defaults to zeros."""
        batched = self._check_input(input)
        if not batched:
            input = input.unsqueeze(1)
        batch = input.size(0 if self.batch_first else 1)
        lstm = self.mode == "LSTM"
        if hx is None:
            hx = (self._zeros(input, batch), self._zeros(input, batch)) if lstm else \
                self._zeros(input, batch)
        else:
            shape = (self.num_layers * (2 if self.bidirectional else 1), batch,
                     self.hidden_size)
            if not batched:
                shape = (shape[0], shape[2])
            parts = (hx[0], hx[1]) if lstm else (hx,)
            for part, what in zip(parts, ("hidden", "cell")):
                self._check_hidden(part, batched, shape, what)
            if not batched:
                parts = tuple(part.unsqueeze(1) for part in parts)
            hx = parts if lstm else parts[0]
        output, hidden = self._run(input, hx)
        if batched:
            return output, hidden
        if lstm:
            return output.squeeze(1), (hidden[0].squeeze(1), hidden[1].squeeze(1))
        return output.squeeze(1), hidden.squeeze(1)

    def _layers(self) -> list:
        """Per layer, per direction: the four parameter names (None for absent biases)."""
        out = []
        for layer in range(self.num_layers):
            dirs = []
            for suffix in ("", "_reverse")[:2 if self.bidirectional else 1]:
                names = [f"weight_ih_l{layer}{suffix}", f"weight_hh_l{layer}{suffix}"]
                names += ([f"bias_ih_l{layer}{suffix}", f"bias_hh_l{layer}{suffix}"]
                          if self.bias else [None, None])
                dirs.append((names[0], names[1], names[2], names[3]))
            out.append(dirs)
        return out

    def _zeros(self, input, batch: int):
        directions = 2 if self.bidirectional else 1
        return creation.zeros((self.num_layers * directions, batch, self.hidden_size),
                              dtype=input.dtype)


class RNN(RNNBase):
    """RNN(input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=True,
    batch_first=False, dropout=0.0, bidirectional=False): h_t = tanh(x_t W_ih^T + b_ih +
    h_{t-1} W_hh^T + b_hh) (or relu). forward(input, hx=None) -> (output, h_n)."""

    def __init__(self, input_size, hidden_size, num_layers=1, nonlinearity="tanh", bias=True,
                 batch_first=False, dropout=0.0, bidirectional=False, device=None,
                 dtype=None):
        if nonlinearity not in ("tanh", "relu"):
            raise TorchValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or "
                             f"'relu'.")
        self.nonlinearity = nonlinearity
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size,
                         hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
                         device=device, dtype=dtype)


class GRU(RNNBase):
    """GRU(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
    bidirectional=False): r, z = sigmoid(...), n = tanh(x W_in + b_in + r (h W_hn + b_hn)),
    h' = (1 - z) n + z h, computed as PyTorch does: (h - n) z + n."""

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
                 dropout=0.0, bidirectional=False, device=None, dtype=None):
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first,
                         dropout, bidirectional, device=device, dtype=dtype)


class LSTM(RNNBase):
    """LSTM(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
    bidirectional=False): gates i, f, g, o; c' = f c + i g, h' = o tanh(c').
    forward(input, (h_0, c_0)=None) -> (output, (h_n, c_n))."""

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
                 dropout=0.0, bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first,
                         dropout, bidirectional, proj_size, device=device, dtype=dtype)


# -- the cells ------------------------------------------------------------------------------

class RNNCellBase(Module):
    """What the cells share: weight_ih, weight_hh, bias_ih, bias_hh, initialised as the
    layers', and the input checks."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool, gates: int,
                 device=None, dtype=None):
        super().__init__()
        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bias
        shapes = [("weight_ih", (gates * hidden_size, input_size)),
                  ("weight_hh", (gates * hidden_size, hidden_size))]
        for name, shape in shapes:
            setattr(self, name, Parameter(creation.empty(shape, dtype=dtype, device=device)))
        for name in ("bias_ih", "bias_hh"):
            if bias:
                setattr(self, name, Parameter(creation.empty(gates * hidden_size, dtype=dtype,
                                                             device=device)))
            else:
                self.register_parameter(name, None)
        self.reset_parameters()

    reset_parameters = RNNBase.reset_parameters

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s

    def _prepare(self, input, hx, name: str):
        """(2-D input, 2-D hidden or None, whether the input was batched)."""
        if input.dim() not in (1, 2):
            raise TorchValueError(f"{name}: Expected input to be 1D or 2D, got {input.dim()}D "
                             f"instead")
        if hx is not None and hx.dim() not in (1, 2):
            raise TorchValueError(f"{name}: Expected hidden to be 1D or 2D, got {hx.dim()}D "
                             f"instead")
        if input.size(-1) != self.input_size:
            raise TorchRuntimeError(f"input has inconsistent input_size: got {input.size(-1)} "
                               f"expected {self.input_size}")
        batched = input.dim() == 2
        if not batched:
            input = input.unsqueeze(0)
            hx = hx.unsqueeze(0) if hx is not None else None
        return input, hx, batched

    def _zero_state(self, input):
        return creation.zeros((input.size(0), self.hidden_size), dtype=input.dtype)


class RNNCell(RNNCellBase):
    """RNNCell(input_size, hidden_size, bias=True, nonlinearity='tanh'): one step,
    h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)."""

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None,
                 dtype=None):
        self.nonlinearity = nonlinearity
        super().__init__(input_size, hidden_size, bias, 1, device, dtype)

    def forward(self, input, hx=None):
        input, hx, batched = self._prepare(input, hx, "RNNCell")
        if hx is None:
            hx = self._zero_state(input)
        if self.nonlinearity not in ("tanh", "relu"):
            raise TorchRuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        out = _hh(hx, self.weight_hh, self.bias_hh).add(
            F.linear(input, self.weight_ih, self.bias_ih))
        out = out.tanh() if self.nonlinearity == "tanh" else out.relu()
        return out if batched else out.squeeze(0)


class LSTMCell(RNNCellBase):
    """LSTMCell(input_size, hidden_size, bias=True): one step; forward(input, (h, c)) ->
    (h', c')."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 4, device, dtype)

    def forward(self, input, hx=None):
        if input.dim() not in (1, 2):
            raise TorchValueError(f"LSTMCell: Expected input to be 1D or 2D, got {input.dim()}D "
                             f"instead")
        state = None if hx is None else hx[0]
        input, h, batched = self._prepare(input, state, "LSTMCell")
        if hx is None:
            h = c = self._zero_state(input)
        else:
            c = hx[1] if batched else hx[1].unsqueeze(0)
        h, c = _lstm_step(F.linear(input, self.weight_ih, self.bias_ih), (h, c),
                          self.weight_hh, self.bias_hh)
        return (h, c) if batched else (h.squeeze(0), c.squeeze(0))


class GRUCell(RNNCellBase):
    """GRUCell(input_size, hidden_size, bias=True): one step of the GRU."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 3, device, dtype)

    def forward(self, input, hx=None):
        input, hx, batched = self._prepare(input, hx, "GRUCell")
        if hx is None:
            hx = self._zero_state(input)
        out = _gru_step(F.linear(input, self.weight_ih, self.bias_ih), hx, self.weight_hh,
                        self.bias_hh)
        return out if batched else out.squeeze(0)

