"""The containers: `Sequential` (modules run in order), `ModuleList` / `ParameterList` (lists
whose entries register) and `ModuleDict` / `ParameterDict` (the same as dicts)."""
from __future__ import annotations

import operator

from ...errors import TorchIndexError, TorchRuntimeError, TorchTypeError, TorchValueError
from ..._tensor import Tensor
from .module import Module, _forward_unimplemented


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

    def _update(self, entries) -> None:
        """Add (key, value) pairs from a mapping or an iterable of pairs, PyTorch's checks
        (a plain dict's pairs sorted by key for ParameterDict, as PyTorch). Each class has
        its own `update` (PyTorch's argument name, its class in Python's arity errors)."""
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

    forward = _forward_unimplemented          # (not the sequence's: PyTorch's has none)


class ModuleDict(_Keyed):
    """ModuleDict(modules): a dict of modules (string keys, insertion order) whose
    parameters the parent sees."""

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __setitem__(self, key: str, module) -> None:
        self.add_module(key, module)

    def update(self, modules) -> None:
        self._update(modules)

    def __delitem__(self, key: str) -> None:
        del self._modules[key]

    def pop(self, key: str) -> Module:
        module = self[key]
        del self[key]
        return module

    def clear(self) -> None:
        self._modules.clear()

    forward = _forward_unimplemented          # (not the sequence's: PyTorch's has none)


def _parameter(value):
    """A tensor stored in a ParameterList/Dict becomes a Parameter, as in PyTorch."""
    from ..parameter import Parameter
    if isinstance(value, Tensor) and not isinstance(value, Parameter):
        return Parameter(value)
    return value


def _describe(value, type_name) -> str:
    """An entry's line in a ParameterList/Dict repr (`type_name(tensor)` names its type)."""
    if not isinstance(value, Tensor):
        return f"Object of type: {type(value).__name__}"
    kind = "Parameter" if type(value).__name__ == "Parameter" else "Tensor"
    size = "x".join(str(s) for s in value.shape)
    return f"{kind} containing: [{type_name(value)} of size {size}]"


class ParameterList(Module):
    """ParameterList(values): a list whose tensors are the parent module's parameters (made
    Parameters) and whose other entries are kept as they are, attributes "0", "1", ... as in
    PyTorch."""

    def __init__(self, values=None):
        super().__init__()
        self._size = 0
        if values is not None:
            self += values

    def _index_key(self, idx) -> str:
        return str(_index(idx, len(self)))

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            out = type(self)()
            for i in range(*idx.indices(len(self))):
                out.append(self[i])
            return out
        return getattr(self, self._index_key(idx))

    def __setitem__(self, idx, value) -> None:
        key = self._index_key(idx)
        setattr(self, key, _parameter(value))

    def __len__(self) -> int:
        return self._size

    def __iter__(self):
        return iter([self[i] for i in range(len(self))])

    def __iadd__(self, values) -> "ParameterList":
        return self.extend(values)

    def __dir__(self):
        return [key for key in super().__dir__() if not key.isdigit()]

    def append(self, value) -> "ParameterList":
        self._size += 1
        self[self._size - 1] = value
        return self

    def extend(self, values) -> "ParameterList":
        if not hasattr(values, "__iter__") or isinstance(values, Tensor):
            raise TorchTypeError("ParameterList.extend should be called with an iterable, "
                                 f"but got {type(values).__name__}")
        for value in list(values):
            self.append(value)
        return self

    def extra_repr(self) -> str:
        return "\n".join(f"  ({i}): {_describe(p, lambda t: str(t.dtype))}"
                         for i, p in enumerate(self))

    def __call__(self, *args, **kwargs):
        raise TorchRuntimeError("ParameterList should not be called.")


class ParameterDict(_Keyed):
    """ParameterDict(parameters): a dict (string keys, insertion order) whose tensors are the
    parent module's parameters (made Parameters) and whose other values are kept as they
    are, each an attribute named by its key, with PyTorch's dict methods."""

    _STORE = "_parameters"
    _UPDATE_NAMES = ("ParametersDict", "ParameterDict")

    def __init__(self, parameters=None):
        super().__init__()
        self._keys = {}
        if parameters is not None:
            self.update(parameters)

    def update(self, parameters) -> None:
        self._update(parameters)

    @staticmethod
    def _key_to_attr(key) -> str:
        if not isinstance(key, str):
            raise TorchTypeError("Index given to ParameterDict cannot be used as a key as it "
                                 f"is not a string (type is '{type(key).__name__}'). Open an "
                                 "issue on github if you need non-string keys.")
        return key

    def __getitem__(self, key: str):
        return getattr(self, self._key_to_attr(key))

    def __setitem__(self, key: str, value) -> None:
        self._keys[key] = None          # before the key's check, as PyTorch
        setattr(self, self._key_to_attr(key), _parameter(value))

    def __delitem__(self, key: str) -> None:
        del self._keys[key]
        delattr(self, self._key_to_attr(key))

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self):
        return iter(self._keys)

    def __reversed__(self):
        return reversed(self._keys)

    def __contains__(self, key) -> bool:
        return key in self._keys

    def copy(self) -> "ParameterDict":
        from collections import OrderedDict
        return ParameterDict(OrderedDict((k, self[k]) for k in self._keys))

    def setdefault(self, key: str, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def clear(self) -> None:
        for key in self._keys.copy():
            del self[key]

    def pop(self, key: str):
        value = self[key]
        del self[key]
        return value

    def popitem(self) -> tuple:
        key, _ = self._keys.popitem()
        self._keys[key] = None
        value = self[key]
        del self[key]
        return key, value

    def get(self, key: str, default=None):
        return self[key] if key in self else default

    def fromkeys(self, keys, default=None) -> "ParameterDict":
        """A new ParameterDict of `keys`, each holding `default` (an instance method, as in
        PyTorch)."""
        return ParameterDict((k, default) for k in keys)

    def keys(self):
        return self._keys.keys()

    def items(self):
        return ((k, self[k]) for k in self._keys)

    def values(self):
        return (self[k] for k in self._keys)

    def extra_repr(self) -> str:
        return "\n".join(f"  ({k}): {_describe(p, lambda t: t.type())}"
                         for k, p in self.items())

    def __call__(self, input):
        raise TorchRuntimeError("ParameterDict should not be called.")

    def __or__(self, other) -> "ParameterDict":
        merged = self.copy()
        merged.update(other)
        return merged

    def __ror__(self, other) -> "ParameterDict":
        merged = other.copy()
        merged.update(self)
        return merged

    def __ior__(self, other) -> "ParameterDict":
        self.update(other)
        return self
