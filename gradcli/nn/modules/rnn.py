"""Recurrent layers: `RNN`, `LSTM`, `GRU` and their one-step cells, as PyTorch's CPU
composite runs them (aten/src/ATen/native/RNN.cpp), so values and node names are its own.

A layer's input-to-hidden product is computed for the whole sequence at once (`linear` on
the (T, B, in) input, unbound per step); each step adds the hidden-to-hidden product into it
(`AddBackward0`) and applies the gates; the steps' outputs are stacked (`StackBackward0`), a
reverse direction runs on the reversed steps and is concatenated along the features, and
the final hidden states of every layer and direction are stacked. Every parameter starts
uniform in +-1/sqrt(hidden_size), drawn in parameter order, as PyTorch draws them.

A PackedSequence input runs as PyTorch's packed layers: the steps are row blocks of the packed
data (`narrow`), the batch shrinks as sequences end (their final states set aside and
concatenated), the outputs are concatenated (`CatBackward0`). An LSTM's `proj_size` projects
each step's h by `weight_hr` (`MmBackward0`).

PyTorch runs a float32 `LSTM` (not the cells, not float64, not packed, not with proj_size)
through oneDNN: each layer and direction is one `mkldnn_rnn_layer` (`MkldnnRnnLayerBackward0`,
its input contiguous, its states selected from hx), and so it is here, with the composite's
values inside (oneDNN's float32 sums may differ in the last bit) and its gradients computed
by running the composite again (`MkldnnRnnLayer`).
"""
from __future__ import annotations

import functools
import math
import warnings

from ... import dtypes
from ..._tensor import Tensor
from ...autograd.grad_mode import enable_grad, is_grad_enabled, no_grad
from ...autograd.graph import Node
from ...errors import (TorchRuntimeError, TorchTypeError,
                       TorchValueError, warn_once)
from ...ops import creation
from ...ops.core import apply, wrap
from ...ops.shape import cat, stack
from .. import functional as F
from .. import init
from ..parameter import Parameter
from ..utils.rnn import PackedSequence
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
    i, f, g, o = gates.unsafe_chunk(4, 1)          # ATen's cells: UnsafeSplitBackward0
    i, f, g, o = i.sigmoid(), f.sigmoid(), g.tanh(), o.sigmoid()
    cy = (f * c).add(i * g)
    return o * cy.tanh(), cy


def _gru_step(x_w, h, w_hh, b_hh):
    """ATen's GRUCell: the gates in place on the chunks of the hidden product, so the
    sigmoids run on rows of hidden_size elements (strided: their last elements in the
    scalar loop), the tanh on a fresh tensor."""
    i_r, i_z, i_n = x_w.unsafe_chunk(3, 1)
    h_r, h_z, h_n = _hh(h, w_hh, b_hh).unsafe_chunk(3, 1)
    r = h_r.add_(i_r).sigmoid_()
    z = h_z.add_(i_z).sigmoid_()
    n = i_n.add(h_n.mul_(r)).tanh_()
    return (h - n).mul_(z).add_(n)


_STEPS = {"RNN_TANH": _simple_step(lambda t: t.tanh()),
          "RNN_RELU": _simple_step(lambda t: t.relu()),
          "LSTM": _lstm_step, "GRU": _gru_step}


def _direction(cell, inputs_w, state, reverse):
    """One direction of one layer over the unbound steps: (stacked outputs, final state)."""
    outputs = []
    for x_w in (reversed(inputs_w) if reverse else inputs_w):
        state = cell(x_w, state)
        outputs.append(_h(state))
    if reverse:
        outputs.reverse()
    return stack(outputs, 0), state


# -- oneDNN's LSTM layer --------------------------------------------------------------------

def _lstm_layer(x, w_ih, w_hh, b_ih, b_hh, hx, cx, reverse: bool):
    """One direction of one LSTM layer as the composite runs it: (output, h_n, c_n)."""
    x_w = F.linear(x, w_ih, b_ih)
    out, (h, c) = _direction(lambda xw, state: _lstm_step(xw, state, w_hh, b_hh),
                             x_w.unbind(0), (hx, cx), reverse)
    return out, h, c


class MkldnnRnnLayerBackward0(Node):
    """d mkldnn_rnn_layer(input, w_ih, w_hh, b_ih, b_hh, hx, cx): the gradients of the
    composite layer (_lstm_layer), which it runs again (on the saved inputs, so with
    create_graph the gradients have their own graph)."""

    n_outputs = 3
    save_inputs = (0, 1, 2, 3, 4, 5, 6)

    def forward(self, *arrays):
        with no_grad():
            outs = _lstm_layer(*self._args([wrap(a) for a in arrays]), self.reverse)
        return tuple(t._data for t in outs)

    def _args(self, tensors):
        if not self.has_biases:                  # the composite's bias-free products
            tensors[3] = tensors[4] = None
        return tensors

    def backward(self, g_out, g_h, g_c):
        from ...autograd.engine import grad
        saved = list(self.saved)
        wanted = [i for i in range(7) if self.needs(i)]
        shared = self.has_biases and 4 in wanted      # oneDNN's one bias gradient, twice
        if shared:
            wanted = sorted(set(wanted) - {4} | {3})
        create = is_grad_enabled()
        inputs = saved if create else [t.detach().requires_grad_(i in wanted)
                                       for i, t in enumerate(saved)]
        with enable_grad():
            outs = _lstm_layer(*self._args(list(inputs)), self.reverse)
        got = grad(outs, [inputs[i] for i in wanted], (g_out, g_h, g_c), create_graph=create,
                   allow_unused=True)
        grads = [None] * 7
        for i, g in zip(wanted, got):
            grads[i] = g
        if shared:
            grads[4] = grads[3].clone()
            if not self.needs(3):
                grads[3] = None
        return tuple(grads)


def _uses_onednn(module, input, sizes) -> bool:
    """PyTorch's use_mkldnn for an LSTM: float32, not packed, not empty, oneDNN enabled
    (torch.backends.mkldnn.enabled); with a projection its once-per-process warning, and
    the composite."""
    from ... import devices
    if module.mode != "LSTM" or sizes is not None or input.dtype is not dtypes.float32 or \
            input.numel() == 0 or not devices.MKLDNN.enabled:
        return False
    if module.proj_size:
        warn_once("LSTM with projections is not supported with oneDNN. Using default "
                  "implementation. (Triggered internally at /__w/pytorch/pytorch/aten/src/"
                  "ATen/native/RNN.cpp:1512.)", stacklevel=5)
        return False
    return True


# -- packed sequences: PyTorch's PackedLayer and ReversedPackedLayer -------------------------

def _h(state):
    return state[0] if isinstance(state, tuple) else state


def _hidden_slice(state, start: int, end: int):
    if isinstance(state, tuple):
        return tuple(s.narrow(0, start, end - start) for s in state)
    return state.narrow(0, start, end - start)


def _hidden_cat(states: list):
    if isinstance(states[0], tuple):
        return tuple(cat(list(parts), 0) for parts in zip(*states))
    return cat(states, 0)


def _packed_forward(cell, x_w, sizes: list, hidden):
    """Steps over the packed rows; when the batch shrinks, the finished sequences' states
    are set aside (they are the final states, concatenated in batch order at the end)."""
    outputs, finals, offset, last = [], [], 0, sizes[0]
    for size in sizes:
        step = x_w.narrow(0, offset, size)
        offset += size
        if size < last:
            finals.append(_hidden_slice(hidden, size, last))
            hidden = _hidden_slice(hidden, 0, size)
        last = size
        hidden = cell(step, hidden)
        outputs.append(_h(hidden))
    finals.append(hidden)
    finals.reverse()
    return cat(outputs, 0), _hidden_cat(finals)


def _packed_reverse(cell, x_w, sizes: list, initial):
    """Steps backwards over the packed rows; a sequence joins the batch (with its initial
    state) at its last step."""
    outputs, offset, last = [], x_w.size(0), sizes[-1]
    hidden = _hidden_slice(initial, 0, last)
    for size in reversed(sizes):
        if size > last:
            hidden = _hidden_cat([hidden, _hidden_slice(initial, last, size)])
        step = x_w.narrow(0, offset - size, size)
        offset -= size
        last = size
        hidden = cell(step, hidden)
        outputs.append(_h(hidden))
    outputs.reverse()
    return cat(outputs, 0), hidden


def _permute(hx, permutation):
    """PyTorch's permute_hidden: the batch (dim 1) of each state reordered."""
    if permutation is None:
        return hx
    if isinstance(hx, tuple):
        return tuple(h.index_select(1, permutation) for h in hx)
    return hx.index_select(1, permutation)


# -- the layers -----------------------------------------------------------------------------

class RNNBase(Module):
    """What RNN, LSTM and GRU share: the parameters (weight_ih_l{k}[_reverse], weight_hh_...,
    bias_ih_..., bias_hh_..., an LSTM's weight_hr_... with proj_size), their
    initialisation, the checks and the layer stack."""
    _forward_each = True            # (PyTorch's subclasses each define forward)

    def __init__(self, mode: str, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, proj_size: int = 0, device=None, dtype=None):
        super().__init__()
        _check_sizes(dropout, num_layers, input_size, hidden_size, proj_size, bias, batch_first)
        self.mode, self.input_size, self.hidden_size = mode, input_size, hidden_size
        self.num_layers, self.bias, self.batch_first = num_layers, bias, batch_first
        self.dropout, self.bidirectional = float(dropout), bidirectional
        self.proj_size = proj_size
        rows = _GATES[mode] * hidden_size
        real_hidden = proj_size or hidden_size
        for layer in range(num_layers):
            for suffix in ("", "_reverse")[:2 if bidirectional else 1]:
                width = input_size if layer == 0 else real_hidden * (2 if bidirectional else 1)
                shapes = [("weight_ih", (rows, width)), ("weight_hh", (rows, real_hidden))]
                if bias:
                    shapes += [("bias_ih", (rows,)), ("bias_hh", (rows,))]
                if proj_size:
                    shapes.append(("weight_hr", (proj_size, hidden_size)))
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
        return [[getattr(self, name) for name in names if name]
                for directions in self._layers() for names in directions]

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            s += f", proj_size={self.proj_size}"
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
    def forward(self, input, hx=None):
        """(output, h_n), or for an LSTM (output, (h_n, c_n)); hx defaults to zeros. A
        PackedSequence input gives a PackedSequence output."""
        if isinstance(input, PackedSequence):
            return self._forward_packed(input, hx)
        lstm = self.mode == "LSTM"
        if input.dim() not in (2, 3):
            name = "RNN" if self.mode.startswith("RNN") else self.mode
            raise TorchValueError(f"{name}: Expected input to be 2D or 3D, got {input.dim()}D "
                                  f"{'tensor ' if name == 'RNN' else ''}instead")
        batched = input.dim() == 3
        batch_dim = 0 if self.batch_first else 1
        if not batched:
            input = input.unsqueeze(batch_dim)
        if hx is None:
            hx = self._zero_state(input, input.size(batch_dim))
        else:
            hx = self._hidden_dims(hx, batched)
        self._check_forward_args(input, hx, input.size(batch_dim), packed=False)
        if lstm:
            hx = self._lstm_states(hx, (input,), (self.batch_first,))
        if input.size(1 if self.batch_first else 0) == 0:
            raise TorchRuntimeError("Expected sequence length to be larger than 0 in RNN")
        output, hidden = self._run(input, hx)
        if batched:
            return output, hidden
        output = output.squeeze(batch_dim)
        if lstm:
            return output, (hidden[0].squeeze(1), hidden[1].squeeze(1))
        return output, hidden.squeeze(1)

    def _forward_packed(self, packed, hx):
        data, batch_sizes, sorted_indices, unsorted_indices = packed
        sizes = [int(b) for b in batch_sizes.tolist()]
        if self.mode == "LSTM" and hx is not None and sorted_indices is not None:
            hx = (hx[0], hx[1])            # permute_hidden reads two states
        hx = self._zero_state(data, sizes[0]) if hx is None else _permute(hx, sorted_indices)
        if self.mode != "LSTM":            # (PyTorch's LSTM checks no packed input)
            self._check_forward_args(data, hx, sizes[0], packed=True)
        else:
            hx = self._lstm_states(hx, (data, batch_sizes), ())
        output, hidden = self._run(data, hx, sizes)
        return (PackedSequence(output, batch_sizes, sorted_indices, unsorted_indices),
                _permute(hidden, unsorted_indices))

    def _hidden_dims(self, hx, batched: bool):
        """PyTorch's check that hx has the input's rank (unbatched: it gains a batch dim)."""
        want = 3 if batched else 2
        kind = "batched 3-D" if batched else "unbatched 2-D"
        if self.mode == "LSTM":
            if hx[0].dim() != want or hx[1].dim() != want:
                raise TorchRuntimeError(f"For {kind} input, hx and cx should also be {want}-D "
                                        f"but got ({hx[0].dim()}-D, {hx[1].dim()}-D) tensors")
            return hx if batched else (hx[0].unsqueeze(1), hx[1].unsqueeze(1))
        if hx.dim() != want:
            raise TorchRuntimeError(f"For {kind} input, hx should also be {want}-D but got "
                                    f"{hx.dim()}-D tensor")
        return hx if batched else hx.unsqueeze(1)

    def _lstm_states(self, hx, before: tuple, after: tuple):
        """_VF.lstm's reading of hx: its argument parser refuses a Tensor (it wants a tuple
        of Tensors; `before`, `after`: the arguments around hx and the flat weights), its
        kernel any number of states but two."""
        if isinstance(hx, Tensor):
            flat = [getattr(self, name) for directions in self._layers()
                    for names in directions for name in names if name]
            args = (*before, hx, flat, self.bias, self.num_layers, self.dropout, self.training,
                    self.bidirectional, *after)
            raise TorchTypeError(_lstm_parser().invalid(args, {}))
        if len(hx) != 2:
            raise TorchRuntimeError("lstm expects two hidden states")
        return tuple(hx)

    def _check_forward_args(self, input, hx, batch: int, packed: bool) -> None:
        """PyTorch's check_forward_args: the input's dtype, rank and width, the states'
        shapes."""
        weight = self.weight_ih_l0
        if input.dtype != weight.dtype:
            raise TorchValueError(
                f"RNN input dtype ({input.dtype}) does not match weight dtype ({weight.dtype})."
                f" Convert input: input.to({weight.dtype}), or convert model: "
                f"model.to({input.dtype})")
        rank = 2 if packed else 3
        if input.dim() != rank:
            raise TorchRuntimeError(f"input must have {rank} dimensions, got {input.dim()}")
        if input.size(-1) != self.input_size:
            raise TorchRuntimeError(f"input.size(-1) must be equal to input_size. Expected "
                                    f"{self.input_size}, got {input.size(-1)}")
        layers = self.num_layers * (2 if self.bidirectional else 1)
        expected = (layers, batch, self.proj_size or self.hidden_size)
        if self.mode != "LSTM":
            _check_size(hx, expected, "Expected hidden size {}, got {}")
            return
        _check_size(hx[0], expected, "Expected hidden[0] size {}, got {}")
        _check_size(hx[1], (layers, batch, self.hidden_size), "Expected hidden[1] size {}, got {}")

    def _run(self, input, hx, sizes=None):
        """PyTorch's `_VF.rnn_*`/`lstm`/`gru`: (output, final state); `sizes` are a packed
        input's batch sizes (its rows are then steps of the shrinking batch)."""
        if _uses_onednn(self, input, sizes):
            return self._run_onednn(input, hx)
        x = input.transpose(0, 1) if self.batch_first and sizes is None else input
        if self.mode == "LSTM":
            states = list(zip(hx[0].unbind(0), hx[1].unbind(0)))
        else:
            states = list(hx.unbind(0))
        finals = []
        for layer, directions in enumerate(self._layers()):
            outs = []
            for reverse, names in enumerate(directions):
                w_ih, _, b_ih = (getattr(self, n) if n else None for n in names[:3])
                cell = self._cell(names)
                x_w = F.linear(x, w_ih, b_ih)
                state = states[len(finals)]
                if sizes is None:
                    out, state = _direction(cell, x_w.unbind(0), state, reverse == 1)
                elif reverse:
                    out, state = _packed_reverse(cell, x_w, sizes, state)
                else:
                    out, state = _packed_forward(cell, x_w, sizes, state)
                outs.append(out)
                finals.append(state)
            x = outs[0] if len(outs) == 1 else cat(outs, outs[0].dim() - 1)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = F.dropout(x, self.dropout, True)
        if self.mode == "LSTM":
            hidden = (stack([h for h, _ in finals], 0), stack([c for _, c in finals], 0))
        else:
            hidden = stack(finals, 0)
        if self.batch_first and sizes is None:  # PyTorch's LSTM transposes, RNN/GRU in place
            x = x.transpose(0, 1) if self.mode == "LSTM" else x.transpose_(0, 1)
        return x, hidden                        # (the final states' nodes made first)

    def _run_onednn(self, input, hx):
        """PyTorch's lstm_mkldnn: the input contiguous (steps first), one mkldnn_rnn_layer
        per layer and direction on hx[0][k], hx[1][k], directions concatenated, dropout
        between layers, the final states stacked."""
        for state in hx:                        # oneDNN's dtype refusals of the states
            if state.dtype not in (dtypes.float32, dtypes.bfloat16, dtypes.float16):
                raise TorchRuntimeError("get_mkldnn_dtype: unsupported data type")
        if any(state.dtype is not dtypes.float32 for state in hx):
            raise TorchRuntimeError(
                "could not create a primitive descriptor for the LSTM forward propagation "
                "primitive. Run workload with environment variable ONEDNN_VERBOSE=all to get "
                "additional diagnostic information.")
        x = (input.transpose(0, 1) if self.batch_first else input).contiguous()
        hs, cs = [], []
        for layer, directions in enumerate(self._layers()):
            outs = []
            for reverse, names in enumerate(directions):
                w_ih, w_hh, b_ih, b_hh = (getattr(self, n) if n else None for n in names[:4])
                if b_ih is None:                 # oneDNN takes zero biases
                    b_ih = creation.zeros(w_ih.shape[0], dtype=w_ih.dtype)
                    b_hh = creation.zeros(w_hh.shape[0], dtype=w_hh.dtype)
                k = len(hs)
                out, h, c = apply(MkldnnRnnLayerBackward0, (x, w_ih, w_hh, b_ih, b_hh,
                                                            hx[0][k], hx[1][k]),
                                  reverse=reverse == 1, has_biases=self.bias)
                outs.append(out)
                hs.append(h)
                cs.append(c)
            x = outs[0] if len(outs) == 1 else cat(outs, outs[0].dim() - 1)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = F.dropout(x, self.dropout, True)
        if self.batch_first:
            x = x.transpose(0, 1)
        return x, (stack(hs, 0), stack(cs, 0))

    def _cell(self, names):
        """One step of one direction of one layer: (input product, state) -> state; an LSTM
        with proj_size projects h by weight_hr (PyTorch's matmul_hr)."""
        w_hh, b_hh, w_hr = (getattr(self, n) if n else None for n in (names[1], names[3],
                                                                       names[4]))
        step = _STEPS[self.mode]
        if w_hr is None:
            return lambda x_w, state: step(x_w, state, w_hh, b_hh)

        def projected(x_w, state):
            h, c = step(x_w, state, w_hh, b_hh)
            return h.matmul(w_hr.t()), c
        return projected

    def _layers(self) -> list:
        """Per layer, per direction: the five parameter names (ih, hh weights, ih, hh biases,
        the projection; None for those absent), in PyTorch's parameter order."""
        out = []
        for layer in range(self.num_layers):
            dirs = []
            for suffix in ("", "_reverse")[:2 if self.bidirectional else 1]:
                names = [f"{kind}_l{layer}{suffix}" for kind in
                         ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr")]
                if not self.bias:
                    names[2] = names[3] = None
                if not self.proj_size:
                    names[4] = None
                dirs.append(tuple(names))
            out.append(dirs)
        return out

    def _zero_state(self, input, batch: int):
        """The zero initial state: h (and an LSTM's c) for every layer and direction."""
        layers = self.num_layers * (2 if self.bidirectional else 1)
        h = creation.zeros((layers, batch, self.proj_size or self.hidden_size),
                           dtype=input.dtype)
        if self.mode != "LSTM":
            return h
        return h, creation.zeros((layers, batch, self.hidden_size), dtype=input.dtype)


@functools.cache
def _lstm_parser():
    from ...argparser import Parser
    return Parser(["lstm(Tensor data, Tensor batch_sizes, TensorList hx, TensorList params, "
                   "bool has_biases, int64_t num_layers, double dropout, bool train, "
                   "bool bidirectional)",
                   "lstm(Tensor input, TensorList hx, TensorList params, bool has_biases, "
                   "int64_t num_layers, double dropout, bool train, bool bidirectional, "
                   "bool batch_first)"])


def _check_sizes(dropout, num_layers, input_size, hidden_size, proj_size, bias,
                 batch_first) -> None:
    """PyTorch's RNNBase checks of its arguments, in its order (float(dropout) first)."""
    float(dropout)
    if not isinstance(dropout, (int, float)) or isinstance(dropout, bool) or \
            not 0 <= dropout <= 1:
        raise TorchValueError("dropout should be a number in range [0, 1] representing the "
                              "probability of an element being zeroed")
    if dropout > 0 and num_layers == 1:
        warnings.warn("dropout option adds dropout after all but last recurrent layer, "
                      "so non-zero dropout expects num_layers greater than 1, but got "
                      f"dropout={dropout} and num_layers={num_layers}", stacklevel=4)
    for name, value, kind in (("bias", bias, bool), ("batch_first", batch_first, bool),
                              ("input_size", input_size, int)):
        if not isinstance(value, kind):
            raise TorchTypeError(f"{name} should be of type {kind.__name__}, got: "
                                 f"{type(value).__name__}")
    if input_size <= 0:
        raise TorchValueError("input_size must be greater than zero")
    if not isinstance(hidden_size, int) or isinstance(hidden_size, bool):
        raise TorchTypeError(f"hidden_size should be of type int, got: "
                             f"{type(hidden_size).__name__}")
    if hidden_size <= 0:
        raise TorchValueError("hidden_size must be greater than zero")
    if num_layers <= 0:
        raise TorchValueError("num_layers must be greater than zero")
    if proj_size < 0:
        raise TorchValueError("proj_size should be a positive integer or zero to disable "
                              "projections")
    if proj_size >= hidden_size:
        raise TorchValueError("proj_size has to be smaller than hidden_size")


def _check_size(hx, expected: tuple, message: str) -> None:
    if tuple(hx.shape) != expected:
        raise TorchRuntimeError(message.format(expected, list(hx.shape)))


class RNN(RNNBase):
    """RNN(input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=True,
    batch_first=False, dropout=0.0, bidirectional=False): h_t = tanh(x_t W_ih^T + b_ih +
    h_{t-1} W_hh^T + b_hh) (or relu). forward(input, hx=None) -> (output, h_n)."""

    def __init__(self, *args, **kwargs):           # PyTorch's: RNNBase's arguments, and
        _no_projection(kwargs)                     # nonlinearity fourth
        if len(args) > 3:
            self.nonlinearity = args[3]
            args = args[:3] + args[4:]
        else:
            self.nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if self.nonlinearity not in ("tanh", "relu"):
            raise TorchValueError(f"Unknown nonlinearity '{self.nonlinearity}'. Select from "
                                  f"'tanh' or 'relu'.")
        super().__init__("RNN_TANH" if self.nonlinearity == "tanh" else "RNN_RELU", *args,
                         **kwargs)


def _no_projection(kwargs: dict) -> None:
    if "proj_size" in kwargs:
        raise TorchValueError("proj_size argument is only supported for LSTM, not RNN or GRU")


class GRU(RNNBase):
    """GRU(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
    bidirectional=False): r, z = sigmoid(...), n = tanh(x W_in + b_in + r (h W_hn + b_hn)),
    h' = (1 - z) n + z h, computed as PyTorch does: (h - n) z + n."""

    def __init__(self, *args, **kwargs):
        _no_projection(kwargs)
        super().__init__("GRU", *args, **kwargs)


class LSTM(RNNBase):
    """LSTM(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
    bidirectional=False, proj_size=0): gates i, f, g, o; c' = f c + i g, h' = o tanh(c')
    (times weight_hr^T with proj_size). forward(input, (h_0, c_0)=None) -> (output,
    (h_n, c_n))."""

    def __init__(self, *args, **kwargs):
        super().__init__("LSTM", *args, **kwargs)


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
        """(2-D input, 2-D hidden, whether the input was batched), checked as PyTorch's
        Python forward checks them."""
        if input.dim() not in (1, 2):
            raise TorchValueError(f"{name}: Expected input to be 1D or 2D, got {input.dim()}D "
                                  f"instead")
        if hx is not None and hx.dim() not in (1, 2):
            raise TorchValueError(f"{name}: Expected hidden to be 1D or 2D, got {hx.dim()}D "
                                  f"instead")
        batched = input.dim() == 2
        if not batched:
            input = input.unsqueeze(0)
            hx = hx.unsqueeze(0) if hx is not None else None
        if hx is None:
            hx = self._zero_state(input)
        return input, hx, batched

    def _check_cell(self, input, states: list) -> None:
        """ATen's check_rnn_cell_forward_input and _hidden: the input's width, then each
        state's batch and width."""
        if input.size(1) != self.weight_ih.size(1):
            raise TorchRuntimeError(f"input has inconsistent input_size: got {input.size(1)} "
                                    f"expected {self.weight_ih.size(1)}")
        hidden_size = self.weight_hh.size(1)
        for label, hx in enumerate(states):
            if input.size(0) != hx.size(0):
                raise TorchRuntimeError(f"Input batch size {input.size(0)} doesn't match "
                                        f"hidden{label} batch size {hx.size(0)}")
            if hx.size(1) != hidden_size:
                raise TorchRuntimeError(f"hidden{label} has inconsistent hidden_size: got "
                                        f"{hx.size(1)}, expected {hidden_size}")

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
        if self.nonlinearity not in ("tanh", "relu"):
            raise TorchRuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        self._check_cell(input, [hx])
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
        for i, state in enumerate(() if hx is None else hx):
            if state.dim() not in (1, 2):
                raise TorchValueError(f"LSTMCell: Expected hx[{i}] to be 1D or 2D, got "
                                      f"{state.dim()}D instead")
        batched = input.dim() == 2
        if not batched:
            input = input.unsqueeze(0)
        if hx is None:
            hx = (self._zero_state(input),) * 2
        elif not batched:
            hx = (hx[0].unsqueeze(0), hx[1].unsqueeze(0))
        elif isinstance(hx, Tensor):     # _VF.lstm_cell's argument parser
            raise TorchTypeError("lstm_cell(): argument 'hx' (position 2) must be tuple of "
                                 "Tensors, not Tensor")
        if len(hx) != 2:
            raise TorchRuntimeError("lstm_cell expects two hidden states")
        self._check_cell(input, list(hx))
        h, c = _lstm_step(F.linear(input, self.weight_ih, self.bias_ih), tuple(hx),
                          self.weight_hh, self.bias_hh)
        return (h, c) if batched else (h.squeeze(0), c.squeeze(0))


class GRUCell(RNNCellBase):
    """GRUCell(input_size, hidden_size, bias=True): one step of the GRU."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 3, device, dtype)

    def forward(self, input, hx=None):
        input, hx, batched = self._prepare(input, hx, "GRUCell")
        self._check_cell(input, [hx])
        out = _gru_step(F.linear(input, self.weight_ih, self.bias_ih), hx, self.weight_hh,
                        self.bias_hh)
        return out if batched else out.squeeze(0)

