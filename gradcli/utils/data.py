"""`torch.utils.data`: the datasets (Dataset, IterableDataset, TensorDataset, Subset,
ConcatDataset, ChainDataset, StackDataset, random_split), the samplers, and a
single-process DataLoader with PyTorch's collation (utils/collate.py) and PyTorch's
shuffling stream.

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
from typing import Generic, Iterable, TypeVar

from .. import dtypes
from .._tensor import Tensor
from ..ops import creation
from .collate import default_collate, default_convert

__all__ = ["Dataset", "IterableDataset", "TensorDataset", "Subset", "ConcatDataset",
           "ChainDataset", "StackDataset", "random_split", "DataLoader", "default_collate",
           "default_convert", "Sampler", "SequentialSampler", "RandomSampler",
           "SubsetRandomSampler", "WeightedRandomSampler", "BatchSampler",
           "DistributedSampler", "get_worker_info", "dataloader", "dataset", "sampler",
           "distributed"]


# PyTorch's classes here are typing.Generic ones, with its type variables and bases, so that
# `Sampler[int]`, `Dataset[Tensor]` name them (a base a class statement takes) and print as
# PyTorch prints them, and `BatchSampler[int]` is refused as there
_T_co = TypeVar("_T_co", covariant=True)
_T_stack = TypeVar("_T_stack", tuple[_T_co, ...], dict[str, _T_co])


def get_worker_info():
    """None: a DataLoader here loads in the main process (PyTorch's answer there)."""
    return None


class Dataset(Generic[_T_co]):
    """A map from indices to samples: subclasses define `__getitem__` (and `__len__`)."""

    __gradcli_safe__ = True

    def __getitem__(self, index):
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")

    def __add__(self, other):
        return ConcatDataset([self, other])


class IterableDataset(Dataset[_T_co], Iterable[_T_co]):
    """A stream of samples: subclasses define `__iter__`; a DataLoader batches what it
    yields, in order."""

    def __iter__(self):
        raise NotImplementedError("Subclasses of IterableDataset should implement __iter__.")

    def __add__(self, other):
        return ChainDataset([self, other])


class TensorDataset(Dataset[tuple[Tensor, ...]]):
    """Samples are the tensors' rows, one from each: `(x[i], y[i])`."""

    def __init__(self, *tensors):
        if not all(tensors[0].size(0) == t.size(0) for t in tensors):
            raise AssertionError("Size mismatch between tensors")
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    def __len__(self):
        return self.tensors[0].size(0)


class Subset(Dataset[_T_co]):
    """The samples of `dataset` at `indices`, in that order."""

    def __init__(self, dataset, indices):
        self.dataset, self.indices = dataset, indices

    def __getitem__(self, idx):
        if isinstance(idx, list):
            return self.dataset[[self.indices[i] for i in idx]]
        return self.dataset[self.indices[idx]]

    def __getitems__(self, indices):
        return _fetched(self.dataset, [self.indices[i] for i in indices])

    def __len__(self):
        return len(self.indices)


class ConcatDataset(Dataset[_T_co]):
    """The samples of several datasets one after the other."""

    def __init__(self, datasets):
        self.datasets = list(datasets)
        if len(self.datasets) == 0:
            raise AssertionError("datasets should not be an empty iterable")
        if any(isinstance(d, IterableDataset) for d in self.datasets):
            raise AssertionError("ConcatDataset does not support IterableDataset")
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


class ChainDataset(IterableDataset):
    """The samples of several IterableDatasets, one stream after the other."""

    def __init__(self, datasets):
        self.datasets = datasets

    def __iter__(self):
        for d in self.datasets:
            _only_iterable(d)
            yield from d

    def __len__(self):
        total = 0
        for d in self.datasets:
            _only_iterable(d)
            total += len(d)
        return total


def _only_iterable(d) -> None:
    if not isinstance(d, IterableDataset):
        raise AssertionError("ChainDataset only supports IterableDataset")


class StackDataset(Dataset[_T_stack]):
    """Samples made of one sample of each dataset at the same index: a tuple of them
    (`StackDataset(a, b)`), or a dict (`StackDataset(image=a, text=b)`)."""

    def __init__(self, *args, **kwargs):
        if args and kwargs:
            raise ValueError("Supported either ``tuple``- (via ``args``) or``dict``- (via "
                             "``kwargs``) like input/output, but both types are given.")
        if not args and not kwargs:
            raise ValueError("At least one dataset should be passed")
        parts = list(args or kwargs.values())
        self._length = len(parts[0])
        if any(self._length != len(d) for d in parts):
            raise ValueError("Size mismatch between datasets")
        self.datasets = args or kwargs

    def __getitem__(self, index):
        if isinstance(self.datasets, dict):
            return {k: d[index] for k, d in self.datasets.items()}
        return tuple(d[index] for d in self.datasets)

    def __getitems__(self, indices):
        named = isinstance(self.datasets, dict)
        columns = {k: _fetched(d, indices, nested=True) for k, d in
                   (self.datasets.items() if named else enumerate(self.datasets))}
        if named:
            return [{k: column[i] for k, column in columns.items()} for i in range(len(indices))]
        return [tuple(column[i] for column in columns.values()) for i in range(len(indices))]

    def __len__(self):
        return self._length


def _fetched(dataset, indices, nested: bool = False) -> list:
    """The samples of `dataset` at `indices`: its `__getitems__` when it has one (checked
    to give one per index when it is a StackDataset's part), else one `[i]` each."""
    getitems = getattr(dataset, "__getitems__", None)
    if not callable(getitems):
        return [dataset[i] for i in indices]
    items = getitems(indices)
    if nested and len(items) != len(indices):
        raise ValueError(f"Nested dataset's output size mismatch. Expected {len(indices)}, got "
                         f"{len(items)}")
    return items


# -- samplers: the order of the indices a DataLoader loads ----------------------------------

class Sampler(Generic[_T_co]):
    """Base of the samplers: an iterable of dataset indices (or of batches of them)."""

    __gradcli_safe__ = True

    def __init__(self, data_source=None):
        pass

    def __iter__(self):
        raise NotImplementedError


class SequentialSampler(Sampler[int]):
    """0, 1, ..., len(data_source) - 1."""

    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


class RandomSampler(Sampler[int]):
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


class SubsetRandomSampler(Sampler[int]):
    """The given indices in a random order (one randperm from `generator`, by default the
    default stream)."""

    def __init__(self, indices, generator=None):
        self.indices, self.generator = indices, generator

    def __iter__(self):
        for i in creation.randperm(len(self.indices), generator=self.generator).tolist():
            yield self.indices[i]

    def __len__(self):
        return len(self.indices)


class WeightedRandomSampler(Sampler[int]):
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


class BatchSampler(Sampler[list[int]]):
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


class DistributedSampler(Sampler[_T_co]):
    """The share of one of `num_replicas` processes (`rank`) of the dataset's indices
    (shuffled by a Generator seeded with seed + epoch), padded by repeating the first ones
    to a multiple of num_replicas (or cut to one, with drop_last). There is no process
    group here: num_replicas and rank must be given."""

    def __init__(self, dataset, num_replicas=None, rank=None, shuffle=True, seed=0,
                 drop_last=False):
        if num_replicas is None or rank is None:
            raise ValueError("Default process group has not been initialized, please make "
                             "sure to call init_process_group.")
        if rank >= num_replicas or rank < 0:
            raise ValueError(f"Invalid rank {rank}, rank should be in the interval [0, "
                             f"{num_replicas - 1}]")
        self.dataset, self.num_replicas, self.rank = dataset, num_replicas, rank
        self.epoch, self.drop_last, self.shuffle, self.seed = 0, drop_last, shuffle, seed
        n = len(dataset)
        if drop_last and n % num_replicas != 0:
            self.num_samples = math.ceil((n - num_replicas) / num_replicas)
        else:
            self.num_samples = math.ceil(n / num_replicas)
        self.total_size = self.num_samples * num_replicas

    def __iter__(self):
        n = len(self.dataset)
        if self.shuffle:
            g = creation.Generator()
            g.manual_seed(self.seed + self.epoch)
            indices = creation.randperm(n, generator=g).tolist()
        else:
            indices = list(range(n))
        if not self.drop_last:
            padding = self.total_size - len(indices)
            if padding <= len(indices):
                indices += indices[:padding]
            else:
                indices += (indices * math.ceil(padding / len(indices)))[:padding]
        else:
            indices = indices[:self.total_size]
        return iter(indices[self.rank:self.total_size:self.num_replicas])

    def __len__(self):
        return self.num_samples

    def set_epoch(self, epoch):
        self.epoch = epoch


for _cls, _where in ((Dataset, "dataset"), (IterableDataset, "dataset"),
                     (TensorDataset, "dataset"), (Subset, "dataset"),
                     (ConcatDataset, "dataset"), (ChainDataset, "dataset"),
                     (StackDataset, "dataset"), (Sampler, "sampler"),
                     (SequentialSampler, "sampler"), (RandomSampler, "sampler"),
                     (SubsetRandomSampler, "sampler"), (WeightedRandomSampler, "sampler"),
                     (BatchSampler, "sampler"), (DistributedSampler, "distributed")):
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


# -- the loader -----------------------------------------------------------------------------

#: what may not be set once a DataLoader is made (its batches are planned from them)
_FIXED = ("batch_size", "batch_sampler", "sampler", "drop_last", "dataset",
          "persistent_workers")
_START_METHODS = ("fork", "spawn", "forkserver")


class DataLoader(Generic[_T_co]):
    """Batches of a dataset: `for xb, yb in DataLoader(ds, batch_size=32, shuffle=True)`."""

    __gradcli_safe__ = True

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None,
                 num_workers=0, collate_fn=None, pin_memory=False, drop_last=False,
                 timeout=0, worker_init_fn=None, multiprocessing_context=None, generator=None,
                 *, prefetch_factor=None, persistent_workers=False, pin_memory_device="",
                 in_order=True):
        """PyTorch's checks and defaults: a RandomSampler (shuffle) or SequentialSampler,
        batched by a BatchSampler unless batch_size is None or a batch_sampler is given."""
        prefetch_factor = _check_workers(num_workers, timeout, prefetch_factor,
                                         persistent_workers)
        self.iterable = isinstance(dataset, IterableDataset)
        if num_workers and self.iterable:
            raise NotImplementedError("gradcli's DataLoader loads in this process: an "
                                      "IterableDataset needs num_workers=0 (PyTorch's workers "
                                      "would each yield all of it)")
        if self.iterable:
            _check_iterable_options(shuffle, sampler, batch_sampler)
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
            default_collate if batch_sampler is not None else default_convert)
        # worker processes are not made: a map-style dataset is loaded here in the batches'
        # order, which is PyTorch's (a __getitem__ drawing random numbers draws them from
        # this process's stream, not from each worker's own)
        self.num_workers, self.pin_memory, self.timeout = num_workers, pin_memory, timeout
        self.prefetch_factor, self.pin_memory_device = prefetch_factor, pin_memory_device
        self.worker_init_fn, self.in_order = worker_init_fn, in_order
        self.multiprocessing_context = _context(multiprocessing_context, num_workers)
        self.persistent_workers = persistent_workers
        self._initialized = True

    def __setattr__(self, name, value):
        if name in _FIXED and self.__dict__.get("_initialized"):
            raise ValueError(f"{name} attribute should not be set after "
                             f"{type(self).__name__} is initialized")
        object.__setattr__(self, name, value)

    def __iter__(self):
        # As PyTorch's loader iterator: a base seed for worker processes is drawn from the
        # loader's stream when the pass begins (so a pass moves the default stream even
        # unshuffled); a RandomSampler draws its own seed when the first batch is asked for.
        if self.pin_memory:
            if self.pin_memory_device:
                warnings.warn(f"pin_memory_device is deprecated, the current accelerator will "
                              f"be used as the device,ignore pin_memory_device="
                              f"'{self.pin_memory_device}'.", stacklevel=2)
            warnings.warn("'pin_memory' argument is set as true but no accelerator is found, "
                          "then device pinned memory won't be used.", stacklevel=2)
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
            yield self.collate_fn(_fetched(self.dataset, indices))

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


def _check_workers(num_workers, timeout, prefetch_factor, persistent_workers):
    """PyTorch's checks of the worker options; the prefetch_factor (2 with workers)."""
    if num_workers < 0:
        raise ValueError("num_workers option should be non-negative; use num_workers=0 "
                         "to disable multiprocessing.")
    if timeout < 0:
        raise ValueError("timeout option should be non-negative")
    if num_workers == 0 and prefetch_factor is not None:
        raise ValueError("prefetch_factor option could only be specified in multiprocessing."
                         "let num_workers > 0 to enable multiprocessing, otherwise set "
                         "prefetch_factor to None.")
    if num_workers > 0 and prefetch_factor is None:
        prefetch_factor = 2
    elif prefetch_factor is not None and prefetch_factor < 0:
        raise ValueError("prefetch_factor option should be non-negative")
    if persistent_workers and num_workers == 0:
        raise ValueError("persistent_workers option needs num_workers > 0")
    return prefetch_factor


def _check_iterable_options(shuffle, sampler, batch_sampler) -> None:
    """An IterableDataset's loader takes no shuffle, sampler or batch_sampler."""
    for name, value, unspecified in (("shuffle", shuffle, shuffle in (None, False)),
                                     ("sampler", sampler, sampler is None),
                                     ("batch_sampler", batch_sampler, batch_sampler is None)):
        if not unspecified:
            raise ValueError(f"DataLoader with IterableDataset: expected unspecified "
                             f"{name} option, but got {name}={value}")


def _context(context, num_workers):
    """multiprocessing_context=, checked as PyTorch checks it (gradcli keeps a start
    method's name: its workers are this process)."""
    if context is None:
        return None
    if num_workers == 0:
        raise ValueError(f"multiprocessing_context can only be used with multi-process "
                         f"loading (num_workers > 0), but got num_workers={num_workers}")
    if isinstance(context, str) and context not in _START_METHODS:
        raise ValueError(f"multiprocessing_context option should specify a valid start method "
                         f"in {list(_START_METHODS)!r}, but got "
                         f"multiprocessing_context={context!r}")
    return context


def _int64_seed(generator) -> int:
    """`torch.empty((), dtype=torch.int64).random_(generator=generator).item()`: one 64-bit
    draw, taken modulo 2^63."""
    return int(creation._stream(generator).u64(1)[0]) % (1 << 63)


def _submodule(name: str, names: tuple):
    """The module `torch.utils.data.<name>` tutorials import from, with its names of here."""
    from ..namespace import Namespace
    return Namespace(f"torch.utils.data.{name}", {n: globals()[n] for n in names})


dataloader = _submodule("dataloader", ("DataLoader", "default_collate", "default_convert",
                                       "get_worker_info", "Dataset", "IterableDataset",
                                       "Sampler", "SequentialSampler", "RandomSampler",
                                       "BatchSampler"))
dataset = _submodule("dataset", ("Dataset", "IterableDataset", "TensorDataset", "StackDataset",
                                 "ConcatDataset", "ChainDataset", "Subset", "random_split"))
sampler = _submodule("sampler", ("Sampler", "SequentialSampler", "RandomSampler",
                                 "SubsetRandomSampler", "WeightedRandomSampler", "BatchSampler"))
distributed = _submodule("distributed", ("DistributedSampler",))
