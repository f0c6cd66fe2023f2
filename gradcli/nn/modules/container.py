"""The containers: `Sequential` (modules run in order), `ModuleList` / `ParameterList` (lists
whose entries register) and `ModuleDict` / `ParameterDict` (the same as dicts)."""
from __future__ import annotations

import operator

from ...errors import TorchIndexError, TorchTypeError, TorchValueError
from ..._tensor import Tensor
from .module import Module


def _index(idx, n: int) -> int:
    """A list index in range, PyTorch's IndexError otherwise."""
    i = operator.index(idx)
    if not -n <= i < n:
        raise TorchIndexError(f"index {i} is out of range")
    return i + n if i < 0 else i


class _Stored(Module):
    """A container over one of its dicts (`_STORE`: `_modules` or `_parameters`)."""

    _STORE = "_modules"

    def _store(self) -> dict:
        return getattr(self, self._STORE)

    def __len__(self) -> int:
        return len(self._store())


class _Listed(_Stored):
    """What Sequential, ModuleList and ParameterList share: iteration over their values and
    indexing; `_stored(value)` is what an assignment keeps."""

    def _stored(self, value):
        return value

    def __iter__(self):
        return iter(list(self._store().values()))

    def _key(self, idx) -> str:
        keys = list(self._store())
        return keys[_index(idx, len(keys))]

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return type(self)(list(self)[idx])
        return self._store()[self._key(idx)]

    def __setitem__(self, idx, value) -> None:
        setattr(self, self._key(idx), self._stored(value))


class _Keyed(_Stored):
    """What ModuleDict and ParameterDict share: a dict's reading methods and `update`."""

    def __getitem__(self, key: str):
        return self._store()[key]

    def __iter__(self):
        return iter(list(self._store()))

    def __contains__(self, key) -> bool:
        return key in self._store()

    def keys(self):
        return self._store().keys()

    def values(self):
        return self._store().values()

    def items(self):
        return self._store().items()

    _UPDATE_NAMES = ("ModuleDict", "ModuleDict")

    def update(self, entries) -> None:
        """Add (key, value) pairs from a mapping or an iterable of pairs, PyTorch's checks
        (a plain dict's pairs sorted by key for ParameterDict, as PyTorch)."""
        called, element = self._UPDATE_NAMES
        if not hasattr(entries, "__iter__"):
            raise TorchTypeError(f"{called}.update should be called with an iterable of "
                                 f"key/value pairs, but got {type(entries).__name__}")
        if isinstance(entries, (dict, _Keyed)):
            pairs = entries.items()
            if self._STORE == "_parameters" and type(entries) is dict:
                pairs = sorted(pairs)
            for key, value in pairs:
                self[key] = value
            return
        for j, pair in enumerate(entries):
            if not hasattr(pair, "__iter__"):
                raise TorchTypeError(f"{element} update sequence element #{j} should be "
                                     f"Iterable; is{type(pair).__name__}")
            if len(pair) != 2:
                raise TorchValueError(f"{element} update sequence element #{j} has length "
                                      f"{len(pair)}; 2 is required")
            self[pair[0]] = pair[1]


class _ModuleSequence(_Listed):
    """What Sequential and ModuleList share: deleting, inserting and popping by position,
    the rest renumbered "0", "1", ... as PyTorch keeps them."""

    def __delitem__(self, idx) -> None:
        keys = list(self._modules)
        for key in (keys[idx] if isinstance(idx, slice) else [self._key(idx)]):
            del self._modules[key]
        modules = list(self._modules.values())
        self._modules.clear()
        self._modules.update((str(i), m) for i, m in enumerate(modules))

    def _insert(self, index: int, module) -> None:
        for i in range(len(self._modules), index, -1):
            self._modules[str(i)] = self._modules[str(i - 1)]
        self._modules[str(index)] = module

    def pop(self, key):
        module = self[key]
        del self[key]
        return module


class Sequential(_ModuleSequence):
    """Sequential(*modules): forward runs them one after the other."""

    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], dict):
            for key, module in args[0].items():
                self.add_module(key, module)
        else:
            for i, module in enumerate(args):
                self.add_module(str(i), module)

    def forward(self, input):
        for module in self._modules.values():
            input = module(input)
        return input

    def __getitem__(self, idx):
        if isinstance(idx, slice):                 # a Sequential keeps its modules' names
            return type(self)(dict(list(self._modules.items())[idx]))
        return super().__getitem__(idx)

    def append(self, module) -> "Sequential":
        self.add_module(str(len(self)), module)
        return self

    def insert(self, index: int, module) -> "Sequential":
        """Put `module` at position `index` (-len <= index <= len), shifting the rest."""
        if not isinstance(module, Module):
            raise AssertionError("module should be of type: "
                                 "<class 'torch.nn.modules.module.Module'>")
        n = len(self._modules)
        if not -n <= index <= n:
            raise TorchIndexError(f"Index out of range: {index}")
        self._insert(index + n if index < 0 else index, module)
        return self

    def extend(self, sequential) -> "Sequential":
        for layer in sequential:
            self.append(layer)
        return self

    def __add__(self, other) -> "Sequential":
        return Sequential().extend(self).extend(_sequential_operand(other))

    def __iadd__(self, other) -> "Sequential":
        return self.extend(_sequential_operand(other))

    def __mul__(self, other) -> "Sequential":
        return Sequential().extend(list(self) * _repeats(self, other))

    __rmul__ = __mul__

    def __imul__(self, other) -> "Sequential":
        return self.extend(list(self) * (_repeats(self, other) - 1))


def _sequential_operand(other):
    if not isinstance(other, Sequential):
        raise TorchValueError(f"add operator supports only objects of Sequential class, but "
                              f"{_class(other)} is given.")
    return other


def _repeats(seq, other) -> int:
    if not isinstance(other, int) or isinstance(other, bool):
        raise TorchTypeError(f"unsupported operand type(s) for *: {_class(seq)} and "
                             f"{_class(other)}")
    if other <= 0:
        raise TorchValueError(f"Non-positive multiplication factor {other} for {_class(seq)}")
    return other


def _class(value) -> str:
    """`<class '...'>` as PyTorch prints a value's type (torch.nn for gradcli.nn)."""
    from ...lang.builtins import class_text
    return class_text(type(value))


class ModuleList(_ModuleSequence):
    """ModuleList(modules): a list of modules whose parameters the parent sees."""

    _folds_repeats = True          # its repr folds equal neighbours: `(0-2): 3 x Linear(...)`

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def append(self, module) -> "ModuleList":
        self.add_module(str(len(self)), module)
        return self

    def insert(self, index: int, module) -> None:
        """Put `module` before position `index`, shifting the rest (as PyTorch, no range
        check)."""
        self._insert(index, module)

    def extend(self, modules) -> "ModuleList":
        if not hasattr(modules, "__iter__"):
            raise TorchTypeError("ModuleList.extend should be called with an iterable, but "
                                 f"got {type(modules).__name__}")
        for module in list(modules):
            self.append(module)
        return self

    def __add__(self, other) -> "ModuleList":
        return ModuleList(list(self) + list(other))

    def __iadd__(self, modules) -> "ModuleList":
        return self.extend(modules)

    def forward(self, *args, **kwargs):
        raise NotImplementedError('Module [ModuleList] is missing the required "forward" '
                                  'function')


class ModuleDict(_Keyed):
    """ModuleDict(modules): a dict of modules (string keys, insertion order) whose
    parameters the parent sees."""

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __setitem__(self, key: str, module) -> None:
        self.add_module(key, module)

    def __delitem__(self, key: str) -> None:
        del self._modules[key]

    def pop(self, key: str) -> Module:
        module = self[key]
        del self[key]
        return module

    def clear(self) -> None:
        self._modules.clear()

    def forward(self, *args, **kwargs):
        raise NotImplementedError('Module [ModuleDict] is missing the required "forward" '
                                  'function')


def _parameter(value):
    """A tensor stored in a ParameterList/Dict becomes a Parameter, as in PyTorch."""
    from ..._tensor import Tensor
    from ..parameter import Parameter
    if isinstance(value, Tensor) and not isinstance(value, Parameter):
        return Parameter(value)
    return value


def _describe(value, type_name: str) -> str:
    kind = "Parameter" if type(value).__name__ == "Parameter" else "Tensor"
    size = "x".join(str(s) for s in value.shape)
    return f"{kind} containing: [{type_name} of size {size}]"


class ParameterList(_Listed):
    """ParameterList(values): a list of parameters the parent module sees."""

    _STORE = "_parameters"

    def __init__(self, values=None):
        super().__init__()
        if values is not None:
            self.extend(values)

    def _stored(self, value):
        return _parameter(value)

    def append(self, value) -> "ParameterList":
        setattr(self, str(len(self)), _parameter(value))
        return self

    def extend(self, values) -> "ParameterList":
        if not hasattr(values, "__iter__") or isinstance(values, Tensor):
            raise TorchTypeError("ParameterList.extend should be called with an iterable, "
                                 f"but got {type(values).__name__}")
        for value in list(values):
            self.append(value)
        return self

    def extra_repr(self) -> str:
        return "\n".join(f"  ({i}): {_describe(p, str(p.dtype))}" for i, p in enumerate(self))


class ParameterDict(_Keyed):
    """ParameterDict(parameters): a dict of parameters (string keys) the parent sees."""

    _STORE = "_parameters"
    _UPDATE_NAMES = ("ParametersDict", "ParameterDict")

    def __init__(self, parameters=None):
        super().__init__()
        if parameters is not None:
            self.update(parameters)

    def __setitem__(self, key: str, value) -> None:
        setattr(self, key, _parameter(value))

    def extra_repr(self) -> str:
        return "\n".join(f"  ({k}): {_describe(p, p.type())}" for k, p in self.items())
