"""torch.save and torch.load.

What is saved is a snapshot: every tensor reached is copied (its values, dtype and
requires_grad, detached from any graph, a Parameter staying a Parameter, tensors that share
memory still sharing it), everything else deep-copied. `load` gives a fresh copy of the
snapshot each time, so a loaded state_dict never aliases the model it came from.

Inside a formula run, files are the run's own: `torch.save(sd, "model.pth")` keeps the
snapshot in memory under that name for a later `torch.load("model.pth")` of the same run, and
nothing touches the disk (formulas cannot write files). A formula's io.BytesIO works too: the
snapshot stays in the run's memory and the buffer gets a short record naming it (starting
"PK\x03\x04" as PyTorch's zip archive does), read back by `load` from the buffer's position;
bytes that are not such a record are never unpickled. Used as a library, `save` pickles the
snapshot to the file (gradcli's format, not PyTorch's zip archive) and `load` reads it back.

`weights_only` (PyTorch's default, True) loads tensors, numbers, strings, None, dtypes and
the containers (dict, OrderedDict, list, tuple, set) only: anything else (a whole model, an
object of a formula's class) is PyTorch's "Weights only load failed" error naming its
class; `weights_only=False` loads it, and so does allowlisting the class
(`add_safe_globals`, `safe_globals`: what its objects hold is checked in turn).
"""
from __future__ import annotations

import collections
import copy
import io
import os
import pickle
import sys

import numpy as np


def _run_files() -> dict | None:
    """The files of the formula run in progress (name -> snapshot), None outside a run."""
    lang = sys.modules.get("gradcli.lang")
    return lang.RUN_FILES[0] if lang is not None else None


class SavedTensor:
    """A tensor in a snapshot: its values (a view of a copied memory block when it shared
    memory with another saved tensor), dtype via the array, and its flags."""

    __slots__ = ("array", "requires_grad", "parameter")

    def __init__(self, array, requires_grad: bool, parameter: bool):
        self.array = array
        self.requires_grad = requires_grad
        self.parameter = parameter


# -- save -----------------------------------------------------------------------------------------

def save(obj, f, pickle_module=None, pickle_protocol=2, _use_new_zipfile_serialization=True,
         _disable_byteorder_record=False) -> None:
    snapshot = _snapshot(obj)
    store = _run_files()
    if store is not None and hasattr(f, "write"):
        key = f"{len(store):08d}".encode()
        store[key] = snapshot
        f.write(memoryview(_RECORD + key))      # (a StringIO refuses it as PyTorch's bytes)
        return
    if store is not None:
        store[_name(f)] = snapshot
        return
    if hasattr(f, "write"):         # (gradcli's own format: `pickle_protocol` is not used)
        pickle.dump(snapshot, f, protocol=4)
        return
    with open(os.fspath(f), "wb") as stream:
        pickle.dump(snapshot, stream, protocol=4)


def _snapshot(obj):
    from ._tensor import Tensor
    memo: dict = {}
    copies: dict = {}
    for t in _reachable(obj, Tensor):
        memo[id(t)] = SavedTensor(_copy_sharing(t._data, copies), t.requires_grad,
                                  _is_parameter(t))
    memo[id(memo)] = [obj]          # deepcopy keeps what it copies alive in memo[id(memo)]
    return copy.deepcopy(obj, memo)


def _copy_sharing(array: np.ndarray, copies: dict) -> np.ndarray:
    """A copy of `array`; arrays that are views of one memory block become views of one
    copy of it (the block's owner too: a tensor saved beside a view of it still shares its
    memory with the view, as after PyTorch's load)."""
    from .storage import root_array
    root = root_array(array)
    if not root.flags.c_contiguous:
        return array.copy()
    block = copies.get(id(root))
    if block is None:
        block = copies[id(root)] = (root, root.copy())
    offset = array.__array_interface__["data"][0] - root.__array_interface__["data"][0]
    return np.ndarray(array.shape, array.dtype, buffer=block[1].data, offset=offset,
                      strides=array.strides)


def _reachable(obj, cls):
    """The instances of `cls` reachable from `obj` through containers and attributes, each
    once (a walk with a stack of its own: no recursion)."""
    seen, stack = set(), [obj]
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, (str, bytes, int, float, type(None))):
            continue
        seen.add(id(item))
        if isinstance(item, cls):
            yield item
            continue
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset, collections.deque)):
            stack.extend(item)
        elif hasattr(item, "__dict__") and not isinstance(item, type):
            stack.extend(vars(item).values())


def _is_parameter(t) -> bool:
    from .nn.parameter import Parameter
    return isinstance(t, Parameter)


# -- load -----------------------------------------------------------------------------------------

def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None,
         **pickle_load_args):
    store = _run_files()
    if store is not None and hasattr(f, "read"):
        if mmap:
            raise ValueError("f must be a file path in order to use the mmap argument")
        snapshot = _read_record(f, store)
    elif store is not None:
        name = _name(f)
        if name not in store:
            raise FileNotFoundError(f"[Errno 2] No such file or directory: '{name}'")
        snapshot = store[name]
    elif hasattr(f, "read"):
        snapshot = _unpickle(f, weights_only)
    else:
        with open(os.fspath(f), "rb") as stream:
            snapshot = _unpickle(stream, weights_only)
    if weights_only is not False:
        _check_weights_only(snapshot)
    on_meta = next(_reachable(snapshot, SavedTensor), None) is not None \
        and _check_location(map_location)
    return _restore(snapshot, on_meta)


_NO_MODULE = ("device module is not registered. If you are running on a CPU-only machine, "
              "please use torch.load with map_location=torch.device('cpu') to map your "
              "storages to the CPU.")


def _check_location(map_location) -> bool:
    """Whether `map_location` (a device, its name, or a dict from the saved location,
    'cpu') restores the saved tensors on the meta device; PyTorch's refusal to restore
    them elsewhere than the CPU. A function is not called (gradcli has no storages to give
    it)."""
    from .devices import device
    if map_location is None or (callable(map_location) and not isinstance(map_location,
                                                                         device)):
        return False
    if isinstance(map_location, dict):
        location = map_location.get("cpu", "cpu")
    elif isinstance(map_location, (str, device)):
        location = str(map_location)
    else:
        raise TypeError(f"'{type(map_location).__name__}' object is not callable")
    if not isinstance(location, str):
        location = str(location)
    kind = location.split(":")[0]
    if location in ("cpu", "meta"):
        return location == "meta"
    if kind in ("cuda", "xpu"):
        raise RuntimeError(
            f"Attempting to deserialize object on a {kind.upper()} device but "
            f"torch.{kind}.is_available() is False. If you are running on a CPU-only machine, "
            "please use torch.load with map_location=torch.device('cpu') to map your "
            "storages to the CPU.")
    if kind in ("hpu", "privateuseone"):
        raise RuntimeError(f"The {kind.upper()} {_NO_MODULE}")
    if kind == "mps":
        raise RuntimeError("torch.UntypedStorage(): Storage device not recognized: mps")
    if kind == "mtia":
        raise RuntimeError("Cannot execute getCurrentDevice() without MTIA backend.")
    raise RuntimeError("don't know how to restore data location of "
                       f"torch.storage.UntypedStorage (tagged with {location})")


_RECORD = b"PK\x03\x04gradcli:"    # + an 8-digit key of the run's files


def _read_record(f, store):
    """The snapshot whose record `f` holds at its position (PyTorch's errors for an empty
    buffer and for one that is no archive)."""
    data = f.read(len(_RECORD) + 8)
    if not data:
        raise EOFError()
    key = data[len(_RECORD):]
    if not data.startswith(_RECORD) or key not in store:
        raise RuntimeError(
            "PytorchStreamReader failed reading zip archive: not a ZIP archive. This is an "
            "internal miniz error. If you are seeing this error, there is a high likelihood "
            "that your checkpoint file is corrupted. This can happen if the checkpoint was not "
            "saved properly, was transferred incorrectly, or the file was modified after "
            "saving.")
    return store[key]


def _restore(snapshot, on_meta: bool = False):
    from .meta import empty
    memo: dict = {}
    copies: dict = {}
    for saved in _reachable(snapshot, SavedTensor):
        array = empty(saved.array.shape, saved.array.dtype) if on_meta \
            else _copy_sharing(saved.array, copies)
        memo[id(saved)] = _tensor(saved, array)
    memo[id(memo)] = [snapshot]
    return copy.deepcopy(snapshot, memo)


def _tensor(saved: SavedTensor, array: np.ndarray):
    from ._tensor import Tensor
    t = Tensor._wrap(array)
    if saved.parameter:
        from .nn.parameter import Parameter
        return Parameter(t, requires_grad=saved.requires_grad)
    t._requires_grad = saved.requires_grad
    return t


#: What `weights_only` loads besides tensors: PyTorch's default allowlist, as gradcli has it.
_WEIGHTS_TYPES = (SavedTensor, str, bytes, int, float, complex, bool, type(None), dict,
                  collections.OrderedDict, list, tuple, set, frozenset)


#: classes a formula allowlisted for `weights_only` (torch.serialization.add_safe_globals)
_SAFE_GLOBALS: list = []


def add_safe_globals(safe_globals: list) -> None:
    _SAFE_GLOBALS.extend(safe_globals)


def get_safe_globals() -> list:
    return list(_SAFE_GLOBALS)


def clear_safe_globals() -> None:
    _SAFE_GLOBALS.clear()


class safe_globals:
    """A block in which `safe_globals` are allowlisted too."""

    __gradcli_safe__ = True

    def __init__(self, safe_globals: list):
        self.safe_globals = list(safe_globals)

    def __enter__(self):
        self.before = list(_SAFE_GLOBALS)
        _SAFE_GLOBALS.extend(self.safe_globals)

    def __exit__(self, *exc):
        _SAFE_GLOBALS[:] = self.before
        return False


PUBLIC = ("add_safe_globals", "get_safe_globals", "clear_safe_globals", "safe_globals",
          "save", "load")


def _check_weights_only(snapshot) -> None:
    from .dtypes import dtype
    from ._tensor import Size
    seen, stack = set(), [snapshot]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, SavedTensor):
            continue
        if any(type(item) is cls for cls in _SAFE_GLOBALS):
            stack.extend(vars(item).values() if hasattr(item, "__dict__") else ())
            continue
        if type(item) not in _WEIGHTS_TYPES and not isinstance(item, (dtype, Size)):
            raise pickle.UnpicklingError(_weights_only_message(type(item)))
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)


def _weights_only_message(cls) -> str:
    from .lang.builtins import class_text
    name = class_text(cls)[len("<class '"):-2]
    if "." not in name:
        name = f"__main__.{name}"
    return (
        "Weights only load failed. This file can still be loaded, to do so you have two "
        "options, \x1b[1mdo those steps only if you trust the source of the checkpoint\x1b[0m. "
        "\n\t(1) In PyTorch 2.6, we changed the default value of the `weights_only` argument "
        "in `torch.load` from `False` to `True`. Re-running `torch.load` with `weights_only` "
        "set to `False` will likely succeed, but it can result in arbitrary code execution. "
        "Do it only if you got the file from a trusted source.\n\t(2) Alternatively, to "
        "load with `weights_only=True` please check the recommended steps in the following "
        f"error message.\n\tWeightsUnpickler error: Unsupported global: GLOBAL {name} was "
        "not an allowed global by default. Please use `torch.serialization.add_safe_globals("
        f"[{name}])` or the `torch.serialization.safe_globals([{name}])` context manager to "
        "allowlist this global if you trust this class/function.\n\nCheck the documentation "
        "of torch.load to learn more about types accepted by default with weights_only "
        "https://pytorch.org/docs/stable/generated/torch.load.html.")


class _WeightsUnpickler(pickle.Unpickler):
    """Reads a file `weights_only`: only NumPy's array reconstruction, the snapshot's own
    record and the allowed containers may be named in it."""

    _ALLOWED = {("collections", "OrderedDict"), ("gradcli.serialization", "SavedTensor"),
                ("numpy.core.multiarray", "_reconstruct"),
                ("numpy._core.multiarray", "_reconstruct"), ("numpy", "ndarray"),
                ("numpy", "dtype"), ("builtins", "set"), ("builtins", "frozenset"),
                ("copyreg", "_reconstructor"), ("builtins", "object")}

    def find_class(self, module, name):
        if (module, name) in self._ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(_weights_only_message_for(module, name))


def _weights_only_message_for(module: str, name: str) -> str:
    return _weights_only_message(type(name, (), {"__module__": module}))


def _unpickle(stream, weights_only):
    if weights_only is False:
        return pickle.load(stream)
    return _WeightsUnpickler(stream).load()


def _name(f) -> str:
    if isinstance(f, str):
        return f
    if isinstance(f, os.PathLike):
        return os.fspath(f)
    if isinstance(f, io.IOBase):
        raise TypeError("gradcli formulas save to and load from file names only")
    raise TypeError(f"expected a file name (str), got {type(f).__name__}")
