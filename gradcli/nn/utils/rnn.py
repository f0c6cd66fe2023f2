"""`torch.nn.utils.rnn`: PackedSequence and the functions that make and undo it
(pack_padded_sequence, pad_packed_sequence, pad_sequence, pack_sequence, unpad_sequence,
unpack_sequence), written as PyTorch writes them (torch/nn/utils/rnn.py over
aten/src/ATen/native/PackedSequence.cpp), so their graphs carry its nodes: packing is one
PackPaddedSequenceBackward0 (an op of its own, ops/nn.py), padding is a chain of CopySlices
copies into a tensor full of the padding value.
"""
from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable

import numpy as np

from ... import dtypes
from ..._tensor import Tensor
from ...errors import TorchIndexError, TorchRuntimeError, TorchTypeError, TorchValueError
from ...ops import creation
from ...ops.core import broadcast_error, wrap
from ...ops.more import copy_into
from ...ops.nn import _pack_padded_sequence
from ...ops.select import sort

_Fields = namedtuple("PackedSequence_", ["data", "batch_sizes", "sorted_indices",
                                         "unsorted_indices"])


class PackedSequence(_Fields):
    """A batch of sequences of different lengths, time-major and without padding: `data`
    holds step 0 of every sequence, then step 1 of those that have one ...; `batch_sizes[t]`
    is how many sequences have a step t. `sorted_indices` (None when the batch came sorted)
    is the order by decreasing length; `unsorted_indices` its inverse."""

    __slots__ = ()
    __gradcli_safe__ = True
    __torch_name__ = "torch.nn.utils.rnn.PackedSequence"

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None:
            unsorted_indices = invert_permutation(sorted_indices)
        if batch_sizes is None:          # PackedSequence((data, batch_sizes), ...)
            if not (isinstance(data, (list, tuple)) and len(data) == 2):
                raise AssertionError("Expected data to be a list or tuple of length 2")
            data, batch_sizes = data
        else:                           # PyTorch's check that it is on the CPU reads it
            getattr(batch_sizes, "device")
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def to(self, *args, **kwargs):
        """The same sequences with `data` converted (`batch_sizes` and indices stay)."""
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        return type(self)(data, self.batch_sizes, self.sorted_indices, self.unsorted_indices)

    def cpu(self, *args, **kwargs):
        return self.to("cpu")

    def double(self):
        return self.to(dtype=dtypes.float64)

    def float(self):
        return self.to(dtype=dtypes.float32)

    def half(self):
        return self.to(dtype=dtypes.float16)

    def long(self):
        return self.to(dtype=dtypes.int64)

    def int(self):
        return self.to(dtype=dtypes.int32)

    def short(self):
        return self.to(dtype=dtypes.int16)

    def char(self):
        return self.to(dtype=dtypes.int8)

    def byte(self):
        return self.to(dtype=dtypes.uint8)

    @property
    def is_cuda(self) -> bool:
        return False

    def is_pinned(self) -> bool:
        return False


def invert_permutation(permutation):
    """The inverse of a permutation tensor (None stays None)."""
    if permutation is None:
        return None
    out = np.empty_like(permutation._data)
    out[permutation._data] = np.arange(permutation._data.size)
    return wrap(out)


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Pack a padded (T, B, *) batch (B, T, * if batch_first) of sequences of the given
    lengths; unless enforce_sorted, the batch is first reordered by decreasing length."""
    if isinstance(lengths, Tensor):
        lengths = lengths.to(dtype=dtypes.int64)
    else:
        lengths = creation.as_tensor(lengths, dtype=dtypes.int64)
    sorted_indices = None
    if not enforce_sorted:
        lengths, sorted_indices = sort(lengths, descending=True)
        input = input.index_select(0 if batch_first else 1, sorted_indices)
    data, batch_sizes = _pack_padded_sequence(input, lengths, batch_first)
    return PackedSequence(data, batch_sizes, sorted_indices, None)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """Undo packing: (padded (T, B, *) tensor (B, T, * if batch_first), lengths), in the
    batch's original order; T is total_length when given."""
    max_seq_length = sequence.batch_sizes.size(0)
    if total_length is not None:
        if total_length < max_seq_length:
            raise TorchValueError(
                "Expected total_length to be at least the length of the longest sequence in "
                f"input, but got total_length={total_length} and max sequence length being "
                f"{max_seq_length}")
        max_seq_length = total_length
    padded, lengths = _pad_packed(sequence.data, sequence.batch_sizes, batch_first,
                                  padding_value, max_seq_length)
    if sequence.unsorted_indices is None:
        return padded, lengths
    return (padded.index_select(0 if batch_first else 1, sequence.unsorted_indices),
            lengths[sequence.unsorted_indices])


def _pad_packed(data, batch_sizes, batch_first, padding_value, total_length):
    """PyTorch's _pad_packed_sequence: each run of steps with the same batch size is one
    slice of data, viewed as (steps, batch, *) and copied into its block of the output."""
    sizes = [int(b) for b in batch_sizes._data]
    rest = tuple(data.shape[1:])
    out = creation.full((total_length, sizes[0]) + rest, padding_value, dtype=data.dtype)
    lengths = np.zeros(sizes[0], dtype=np.int64)
    offset = prev_i = 0
    prev = sizes[0]
    for i, size in enumerate(sizes + [0]):
        if size != prev:
            n = prev * (i - prev_i)
            block = data.narrow(0, offset, n).view((i - prev_i, prev) + rest)
            out = copy_into(out, [slice(prev_i, i), slice(0, prev)], block)
            offset, prev_i = offset + n, i
        lengths[size:prev] = i
        prev = size
    return (out.transpose(0, 1) if batch_first else out), wrap(lengths)


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Stack sequences of different lengths (each (L_i, *)) into one (T, B, *) tensor (B, T, *
    if batch_first), filled with padding_value after (or, padding_side='left', before) each."""
    if not isinstance(sequences, Iterable):
        raise TorchRuntimeError("pad_sequence: Expected iterable for input sequences, but got "
                                f"arg of type: {type(sequences)}")
    sequences = tuple(sequences)
    for i, seq in enumerate(sequences):         # (the C++ binding's TensorList)
        if not isinstance(seq, Tensor):
            raise TorchTypeError(f"expected Tensor as element {i} in argument 0, but got "
                                 f"{type(seq).__name__}")
    if not sequences:
        raise TorchRuntimeError("received an empty list of sequences")
    if padding_side not in ("left", "right"):
        raise TorchRuntimeError(f"Expected padding_side to be one of left or right, but got "
                                f"{padding_side}.")
    if sequences[0].dim() == 0:         # the C++ slices the first one's trailing sizes
        raise TorchRuntimeError("ArrayRef: invalid slice, N = 1; size = 0")
    if any(s.dim() == 0 for s in sequences):
        raise TorchIndexError("Dimension specified as 0 but tensor has no dimensions")
    first = sequences[0]
    longest = max(s.size(0) for s in sequences)
    dims = (len(sequences), longest) if batch_first else (longest, len(sequences))
    out = creation.full(dims + tuple(first.shape[1:]), padding_value, dtype=first.dtype)
    for i, seq in enumerate(sequences):
        n = seq.size(0)
        start = longest - n if padding_side == "left" else 0
        region = [i, slice(start, start + n)] if batch_first else [slice(start, start + n), i]
        out = copy_into(out, region, _copy_source(seq, out, (n,) + tuple(first.shape[1:])))
    return out


def _copy_source(src, out, shape: tuple):
    """`src` as `dst.copy_(src)` reads it: cast to dst's dtype, broadcast to its shape."""
    if tuple(src.shape) != shape:
        try:
            wide = np.broadcast_shapes(shape, tuple(src.shape))
        except ValueError:
            raise broadcast_error(shape, tuple(src.shape)) from None
        if wide != shape:
            raise TorchRuntimeError(f"output with shape {list(shape)} doesn't match the "
                                    f"broadcast shape {list(wide)}")
        src = src.expand(shape)
    return src if src.dtype == out.dtype else src.to(out.dtype)


def pack_sequence(sequences, enforce_sorted=True):
    """pack_padded_sequence(pad_sequence(sequences), their lengths)."""
    lengths = creation.as_tensor([v.size(0) for v in sequences])
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    """The list of sequences in a padded batch, each cut to its length (like PyTorch, a
    time-major batch is transposed in place first)."""
    if not batch_first:
        padded_sequences.transpose_(0, 1)
    idx = creation.arange(padded_sequences.shape[1])
    return [seq[idx < length] for seq, length in zip(padded_sequences, lengths)]


def unpack_sequence(packed_sequences):
    """The list of sequences in a PackedSequence, in their original order."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)


PUBLIC = ("PackedSequence", "invert_permutation", "pack_padded_sequence",
          "pad_packed_sequence", "pad_sequence", "pack_sequence", "unpad_sequence",
          "unpack_sequence")
