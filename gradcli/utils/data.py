"""`torch.utils.data`: Dataset, TensorDataset, Subset, random_split and a single-process
DataLoader with PyTorch's default collation and PyTorch's shuffling stream.

The random stream is drawn as PyTorch's loader draws it: each pass takes one int64 seed from
the loader's generator (the default one unless `generator=`), shuffled or not; a shuffled
pass without a `generator` then takes another and permutes with a new Generator seeded
with it. So after `torch.manual_seed(0)` the batches, and every later draw, are PyTorch's.
There are no worker processes: with `num_workers` > 0 a map-style dataset is loaded in this
process, batch after batch in PyTorch's order.
"""
from __future__ import annotations

import math
import warnings
from bisect import bisect_right
from itertools import accumulate

import numpy as np

from .. import dtypes
from .._tensor import Tensor
from ..ops import creation
from ..ops.shape import stack

__all__ = ["Dataset", "IterableDataset", "TensorDataset", "Subset", "ConcatDataset",
           "random_split", "DataLoader", "default_collate", "Sampler", "SequentialSampler",
           "RandomSampler", "SubsetRandomSampler", "WeightedRandomSampler", "BatchSampler",
           "get_worker_info"]


def get_worker_info():
    """None: a DataLoader here loads in the main process (PyTorch's answer there)."""
    return None


class Dataset:
    """A map from indices to samples: subclasses define `__getitem__` (and `__len__`)."""

    __gradcli_safe__ = True

    def __getitem__(self, index):
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")


class IterableDataset(Dataset):
    """A stream of samples: subclasses define `__iter__`; a DataLoader batches what it
    yields, in order."""

    def __iter__(self):
        raise NotImplementedError("Subclasses of IterableDataset should implement __iter__.")


class TensorDataset(Dataset):
    """Samples are the tensors' rows, one from each: `(x[i], y[i])`."""

    def __init__(self, *tensors):
        if not all(tensors[0].size(0) == t.size(0) for t in tensors):
            raise AssertionError("Size mismatch between tensors")
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    def __len__(self):
        return self.tensors[0].size(0)


class Subset(Dataset):
    """The samples of `dataset` at `indices`, in that order."""

    def __init__(self, dataset, indices):
        self.dataset, self.indices = dataset, indices

    def __getitem__(self, idx):
        if isinstance(idx, list):
            return self.dataset[[self.indices[i] for i in idx]]
        return self.dataset[self.indices[idx]]

    def __len__(self):
        return len(self.indices)


class ConcatDataset(Dataset):
    """The samples of several datasets one after the other."""

    def __init__(self, datasets):
        self.datasets = list(datasets)
        if len(self.datasets) == 0:
            raise AssertionError("datasets should not be an empty iterable")
        self.cumulative_sizes = list(accumulate(len(d) for d in self.datasets))

    def __len__(self):
        return self.cumulative_sizes[-1]

    def __getitem__(self, idx):
        if idx < 0:
            if -idx > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            idx = len(self) + idx
        which = bisect_right(self.cumulative_sizes, idx)
        start = self.cumulative_sizes[which - 1] if which else 0
        return self.datasets[which][idx - start]


# -- samplers: the order of the indices a DataLoader loads ----------------------------------

class Sampler:
    """Base of the samplers: an iterable of dataset indices (or of batches of them)."""

    __gradcli_safe__ = True

    def __init__(self, data_source=None):
        pass


class SequentialSampler(Sampler):
    """0, 1, ..., len(data_source) - 1."""

    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


class RandomSampler(Sampler):
    """A random permutation (or draws with replacement), from a Generator seeded with one
    int64 drawn from the default stream when no `generator` is given (as PyTorch)."""

    def __init__(self, data_source, replacement=False, num_samples=None, generator=None):
        self.data_source, self.replacement = data_source, replacement
        self._num_samples, self.generator = num_samples, generator
        if not isinstance(replacement, bool):
            raise TypeError(f"replacement should be a boolean value, but got "
                            f"replacement={replacement}")
        if not isinstance(self.num_samples, int) or self.num_samples <= 0:
            raise ValueError(f"num_samples should be a positive integer value, but got "
                             f"num_samples={self.num_samples}")

    @property
    def num_samples(self) -> int:
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def __iter__(self):
        n, count = len(self.data_source), self.num_samples
        generator = self.generator
        if generator is None:
            generator = creation.Generator()
            generator.manual_seed(_int64_seed(None))
        if self.replacement:
            for size in [32] * (count // 32) + [count % 32]:
                yield from creation.randint(n, (size,), generator=generator).tolist()
            return
        for _ in range(count // n):
            yield from creation.randperm(n, generator=generator).tolist()
        yield from creation.randperm(n, generator=generator).tolist()[:count % n]

    def __len__(self):
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """The given indices in a random order (one randperm from `generator`, by default the
    default stream)."""

    def __init__(self, indices, generator=None):
        self.indices, self.generator = indices, generator

    def __iter__(self):
        for i in creation.randperm(len(self.indices), generator=self.generator).tolist():
            yield self.indices[i]

    def __len__(self):
        return len(self.indices)


class WeightedRandomSampler(Sampler):
    """`num_samples` indices drawn with probabilities proportional to `weights`: one
    torch.multinomial draw (float64 weights), as PyTorch's."""

    def __init__(self, weights, num_samples, replacement=True, generator=None):
        if isinstance(num_samples, bool) or not isinstance(num_samples, int) \
                or num_samples <= 0:
            raise ValueError(f"num_samples should be a positive integer value, but got "
                             f"num_samples={num_samples}")
        if not isinstance(replacement, bool):
            raise ValueError(f"replacement should be a boolean value, but got "
                             f"replacement={replacement}")
        weights = creation.as_tensor(weights, dtype=dtypes.float64)
        if weights.dim() != 1:
            raise ValueError(f"weights should be a 1d sequence but given weights have shape "
                             f"{tuple(weights.shape)}")
        self.weights, self.num_samples = weights, num_samples
        self.replacement, self.generator = replacement, generator

    def __iter__(self):
        yield from creation.multinomial(self.weights, self.num_samples, self.replacement,
                                        generator=self.generator).tolist()

    def __len__(self):
        return self.num_samples


class BatchSampler(Sampler):
    """Lists of `batch_size` consecutive indices of `sampler` (the last one shorter unless
    drop_last)."""

    def __init__(self, sampler, batch_size, drop_last):
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size <= 0:
            raise ValueError(f"batch_size should be a positive integer value, but got "
                             f"batch_size={batch_size}")
        if not isinstance(drop_last, bool):
            raise ValueError(f"drop_last should be a boolean value, but got "
                             f"drop_last={drop_last}")
        self.sampler, self.batch_size, self.drop_last = sampler, batch_size, drop_last

    def __iter__(self):
        batch = []
        for idx in self.sampler:
            batch.append(idx)
            if len(batch) == self.batch_size:
                yield batch
                batch = []
        if batch and not self.drop_last:
            yield batch

    def __len__(self):
        n = len(self.sampler)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)


for _cls, _where in ((Dataset, "dataset"), (IterableDataset, "dataset"),
                     (TensorDataset, "dataset"), (Subset, "dataset"),
                     (ConcatDataset, "dataset"), (Sampler, "sampler"),
                     (SequentialSampler, "sampler"), (RandomSampler, "sampler"),
                     (SubsetRandomSampler, "sampler"), (WeightedRandomSampler, "sampler"),
                     (BatchSampler, "sampler")):
    _cls.__module__ = f"torch.utils.data.{_where}"


def random_split(dataset, lengths, generator=None):
    """Split `dataset` into Subsets of the given lengths (or fractions summing to 1), over
    one random permutation of its indices."""
    generator = creation.DEFAULT_GENERATOR if generator is None else generator
    lengths = list(lengths)
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        sizes = []
        for i, frac in enumerate(lengths):
            if frac < 0 or frac > 1:
                raise ValueError(f"Fraction at index {i} is not between 0 and 1")
            sizes.append(math.floor(len(dataset) * frac))
        for i in range(len(dataset) - sum(sizes)):
            sizes[i % len(sizes)] += 1
        lengths = sizes
        for i, length in enumerate(lengths):
            if length == 0:
                warnings.warn(f"Length of split at index {i} is 0. This might result in an "
                              f"empty dataset.", stacklevel=2)
    if sum(lengths) != len(dataset):
        raise ValueError("Sum of input lengths does not equal the length of the input "
                         "dataset!")
    indices = creation.randperm(sum(lengths), generator=generator).tolist()
    return [Subset(dataset, indices[end - length:end])
            for end, length in zip(accumulate(lengths), lengths)]


# -- collation ------------------------------------------------------------------------------

def default_collate(batch):
    """PyTorch's default_collate: tensors (and NumPy arrays) stack along a new first
    dimension, Python floats, ints and bools become a float64, int64 or bool tensor,
    strings stay as they come, dicts collate per key, tuples and lists per position (as a
    list).
    Iterative over the nesting: a work list of (samples, where the result goes)."""
    out = [None]
    work = [(batch, out, 0)]
    while work:
        samples, holder, slot = work.pop()
        elem = samples[0]
        if isinstance(elem, Tensor):
            holder[slot] = stack(list(samples), 0)
        elif isinstance(elem, np.ndarray) and elem.dtype.kind in "biuf":
            holder[slot] = stack([Tensor._wrap(np.asarray(s)) for s in samples], 0)
        elif isinstance(elem, (bool, np.bool_)):
            holder[slot] = creation.tensor(list(samples))
        elif isinstance(elem, float):
            holder[slot] = creation.tensor(list(samples), dtype=dtypes.float64)
        elif isinstance(elem, int):
            holder[slot] = creation.tensor(list(samples))
        elif isinstance(elem, str):
            holder[slot] = samples                # as given: a list, or a tuple column
        elif isinstance(elem, dict):
            result = dict.fromkeys(elem)          # the keys in the sample's order
            holder[slot] = result
            for key in elem:
                work.append(([d[key] for d in samples], result, key))
        elif isinstance(elem, (tuple, list)):
            if any(len(s) != len(elem) for s in samples):
                raise RuntimeError("each element in list of batch should be of equal size")
            result = [None] * len(elem)
            holder[slot] = result
            for i, column in enumerate(zip(*samples)):
                work.append((column, result, i))
        else:
            raise TypeError("default_collate: batch must contain tensors, numpy arrays, "
                            f"numbers, dicts or lists; found {type(elem)}")
    return out[0]


# -- the loader -----------------------------------------------------------------------------

class DataLoader:
    """Batches of a dataset: `for xb, yb in DataLoader(ds, batch_size=32, shuffle=True)`."""

    __gradcli_safe__ = True

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None,
                 num_workers=0, collate_fn=None, pin_memory=False, drop_last=False,
                 timeout=0, worker_init_fn=None, generator=None, **unused):
        """PyTorch's checks and defaults: a RandomSampler (shuffle) or SequentialSampler,
        batched by a BatchSampler unless batch_size is None or a batch_sampler is given."""
        if num_workers < 0:
            raise ValueError("num_workers option should be non-negative; use num_workers=0 "
                             "to disable multiprocessing.")
        self.iterable = isinstance(dataset, IterableDataset)
        if num_workers and self.iterable:
            raise NotImplementedError("gradcli's DataLoader loads in this process: an "
                                      "IterableDataset needs num_workers=0 (PyTorch's workers "
                                      "would each yield all of it)")
        if self.iterable:
            for name, value, unspecified in (("shuffle", shuffle, shuffle in (None, False)),
                                             ("sampler", sampler, sampler is None),
                                             ("batch_sampler", batch_sampler,
                                              batch_sampler is None)):
                if not unspecified:
                    raise ValueError(f"DataLoader with IterableDataset: expected unspecified "
                                     f"{name} option, but got {name}={value}")
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, "
                                 "shuffle, sampler, and drop_last")
            batch_size, drop_last = None, False
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually "
                             "exclusive with drop_last")
        if sampler is None:
            sampler = (RandomSampler(dataset, generator=generator) if shuffle
                       else SequentialSampler(dataset))
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.dataset, self.batch_size, self.drop_last = dataset, batch_size, drop_last
        self.sampler, self.batch_sampler, self.generator = sampler, batch_sampler, generator
        self.collate_fn = collate_fn if collate_fn is not None else (
            default_collate if batch_sampler is not None else _convert)
        # worker processes are not made: a map-style dataset is loaded here in the batches'
        # order, which is PyTorch's (a __getitem__ drawing random numbers draws them from
        # this process's stream, not from each worker's own)
        self.num_workers, self.pin_memory, self.timeout = num_workers, pin_memory, timeout

    def __iter__(self):
        # As PyTorch's loader iterator: a base seed for worker processes is drawn from the
        # loader's stream when the pass begins (so a pass moves the default stream even
        # unshuffled); a RandomSampler draws its own seed when the first batch is asked for.
        _int64_seed(self.generator)
        return self._batches()

    def _batches(self):
        if self.iterable:
            yield from self._stream()
            return
        if self.batch_sampler is None:
            for i in self.sampler:
                yield self.collate_fn(self.dataset[i])
            return
        for indices in self.batch_sampler:
            yield self.collate_fn([self.dataset[i] for i in indices])

    def _stream(self):
        """An IterableDataset's samples, batched in the order it yields them."""
        if self.batch_size is None:
            for sample in self.dataset:
                yield self.collate_fn(sample)
            return
        batch = []
        for sample in self.dataset:
            batch.append(sample)
            if len(batch) == self.batch_size:
                yield self.collate_fn(batch)
                batch = []
        if batch and not self.drop_last:
            yield self.collate_fn(batch)

    def __len__(self):
        if self.iterable:           # the dataset's own len(), if it has one, in batches
            n = len(self.dataset)
            if self.batch_size is None:
                return n
            return n // self.batch_size if self.drop_last else -(-n // self.batch_size)
        return len(self.batch_sampler if self.batch_sampler is not None else self.sampler)


DataLoader.__module__ = "torch.utils.data.dataloader"


def _int64_seed(generator) -> int:
    """`torch.empty((), dtype=torch.int64).random_(generator=generator).item()`: one 64-bit
    draw, taken modulo 2^63."""
    return int(creation._stream(generator).u64(1)[0]) % (1 << 63)


def _convert(sample):
    """PyTorch's default_convert (batch_size=None): NumPy arrays become tensors, tuples and
    lists become lists, dicts convert per key (iteratively over the nesting)."""
    out = [None]
    work = [(sample, out, 0)]
    while work:
        value, holder, slot = work.pop()
        if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
            holder[slot] = Tensor._wrap(value)
        elif isinstance(value, dict):
            holder[slot] = result = dict.fromkeys(value)
            work.extend((v, result, k) for k, v in value.items())
        elif isinstance(value, (tuple, list)):
            holder[slot] = result = [None] * len(value)
            work.extend((v, result, k) for k, v in enumerate(value))
        else:
            holder[slot] = value
    return out[0]
