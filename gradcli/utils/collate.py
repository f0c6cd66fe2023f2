"""`torch.utils.data`'s collation: `default_collate` (a DataLoader's batch from a list of
samples) and `default_convert` (a sample loaded without batching), PyTorch's rules
(torch/utils/data/_utils/collate.py) type by type.

Both walk the nesting iteratively: a stack of tasks, each filling one slot of a container
already made (a dict, a list, a copy of the sample's own mapping or list) with what its part
becomes; a namedtuple, or a container of another type, is rebuilt from its filled list by a
task pushed beneath its parts' (so it runs once they are done).
"""
from __future__ import annotations

import copy
import re
from collections import abc

import numpy as np

from .. import dtypes
from .._tensor import Tensor
from ..ops import creation
from ..ops.shape import stack

__all__ = ["default_collate", "default_convert"]

_STRINGS = re.compile(r"[SaUO]")        # NumPy dtypes of strings and objects (dtype.str)
_REFUSED = ("default_collate: batch must contain tensors, numpy arrays, numbers, dicts or "
            "lists; found {}")
_NUMPY_SCALARS = (np.bool_, np.number, np.object_)


def default_collate(batch):
    """PyTorch's default_collate: tensors stack along a new first dimension (NumPy arrays
    first become tensors), NumPy scalars become a tensor of their dtype, Python floats, ints
    and bools a float64, int64 or bool tensor; strings stay as they come; a mapping collates
    per key (a copy of the sample's own, when mutable), a namedtuple per field into its type,
    a tuple per position into a list, another sequence per position into its type."""
    out = [None]
    work: list = [(batch, out, 0)]
    while work:
        task = work.pop()
        if callable(task):
            task()
            continue
        samples, holder, slot = task
        elem = samples[0]
        value = _collated_leaf(samples, elem)
        if value is not _NOT_LEAF:
            holder[slot] = value
        elif isinstance(elem, abc.Mapping):
            _branch(work, holder, slot, elem,
                    [(k, [d[k] for d in samples]) for k in elem])
        elif isinstance(elem, abc.Sequence):
            if any(len(s) != len(elem) for s in samples):
                raise RuntimeError("each element in list of batch should be of equal size")
            _branch(work, holder, slot, elem, list(enumerate(zip(*samples))))
        else:
            raise TypeError(_REFUSED.format(type(elem)))
    return out[0]


_NOT_LEAF = object()


def _collated_leaf(samples, elem):
    """The batch of `samples` when they are no container (by the first, `elem`), else
    _NOT_LEAF."""
    if isinstance(elem, Tensor):
        return stack(list(samples), 0)
    if isinstance(elem, np.ndarray):
        if _STRINGS.search(elem.dtype.str):
            raise TypeError(_REFUSED.format(elem.dtype))
        return stack([creation.as_tensor(s) for s in samples], 0)
    if isinstance(elem, _NUMPY_SCALARS):
        return creation.as_tensor(list(samples))
    if isinstance(elem, float):
        return creation.tensor(list(samples), dtype=dtypes.float64)
    if isinstance(elem, int):
        return creation.tensor(list(samples))
    if isinstance(elem, (str, bytes)):
        return samples                      # as given: a list, or a tuple column
    return _NOT_LEAF


def _branch(work: list, holder, slot, elem, parts: list) -> None:
    """holder[slot] becomes `elem`'s container type filled with what each (key, part) of
    `parts` becomes, each part pushed on `work`."""
    if isinstance(elem, (abc.MutableMapping, abc.MutableSequence)):
        result = holder[slot] = copy.copy(elem)      # its own type, filled part by part
    else:
        plain = isinstance(elem, abc.Mapping)
        result = dict.fromkeys(elem) if plain else [None] * len(parts)
        holder[slot] = result
        if not isinstance(elem, tuple) or hasattr(elem, "_fields"):
            work.append(_rebuild(holder, slot, type(elem), result, plain))
    work.extend((part, result, key) for key, part in reversed(parts))


def _rebuild(holder, slot, kind: type, result, plain: bool):
    """A task: holder[slot] made `kind` from its filled `result` (a namedtuple from its
    fields; another type from the dict or list, which stays when `kind` refuses it)."""
    def task():
        if hasattr(kind, "_fields") and issubclass(kind, tuple):
            holder[slot] = kind(*result)
            return
        try:
            holder[slot] = kind(result)
        except TypeError:
            pass
    return task


def default_convert(data):
    """PyTorch's default_convert (a DataLoader with batch_size=None): NumPy arrays and
    scalars become tensors (arrays of strings stay), a mapping converts per key, a
    namedtuple per field, a tuple into a list, another sequence (not a string) into its
    type; anything else stays as it is."""
    out = [None]
    work: list = [(data, out, 0)]
    while work:
        task = work.pop()
        if callable(task):
            task()
            continue
        value, holder, slot = task
        if isinstance(value, Tensor):
            holder[slot] = value
        elif type(value).__module__ == "numpy" and not isinstance(value, (str, bytes)):
            strings = isinstance(value, np.ndarray) and _STRINGS.search(value.dtype.str)
            holder[slot] = value if strings else creation.as_tensor(value)
        elif isinstance(value, abc.Mapping):
            _branch(work, holder, slot, value, [(k, value[k]) for k in value])
        elif isinstance(value, abc.Sequence) and not isinstance(value, (str, bytes)):
            _branch(work, holder, slot, value, list(enumerate(value)))
        else:
            holder[slot] = value
    return out[0]


default_collate.__module__ = default_convert.__module__ = "torch.utils.data._utils.collate"
