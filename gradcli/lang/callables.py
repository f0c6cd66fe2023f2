"""How PyTorch's program shows the functions a formula can name.

In PyTorch most of torch.* are C methods of one class (`<built-in method sin of type object
at 0x...>`); torch.linalg's, torch.special's, torch.fft's and some of nn.functional's are C
functions of torch._C (`<built-in function linalg_det>`); the rest are Python functions
(`<function relu at 0x...>`). A tensor's methods are C methods (`<built-in method add of
Tensor object at 0x...>`), torch.Tensor's unbound ones method descriptors (`<method 'add'
of 'torch._C.TensorBase' objects>`), and Python's builtins C functions (`<built-in function
print>`). gradcli's are all Python functions: `shown(fn)` says which of these PyTorch's is,
and print, str, repr, type() and `__module__` follow it. The tables are PyTorch 2.13's.
"""
from __future__ import annotations

import functools
import re
from types import (BuiltinFunctionType, FunctionType, GetSetDescriptorType,
                   MethodDescriptorType, MethodType)
from typing import NamedTuple

from ..callerrors import FUNCTIONAL_BUILTINS


class Shown(NamedTuple):
    """How PyTorch shows one function: its `kind` (C `method` of torch's function class,
    C `builtin` function, Python `function`, `descriptor` of TensorBase, `bound` C method of
    a tensor or a node, `getset` attribute of TensorBase), the name in its text, its
    `__qualname__` and `__module__`."""
    kind: str
    name: str
    qualname: str
    module: str | None


#: torch.* functions that are Python functions in PyTorch (the others are C methods), with
#: their `__module__`.
TORCH_PYTHON = {
    **dict.fromkeys(("atleast_1d", "atleast_2d", "atleast_3d", "block_diag",
                     "broadcast_shapes", "broadcast_tensors", "cartesian_prod", "cdist",
                     "chain_matmul", "einsum", "lu", "meshgrid", "norm", "split", "stft",
                     "tensordot", "unique", "unique_consecutive", "unravel_index"),
                    "torch.functional"),
    **dict.fromkeys(("get_rng_state", "initial_seed", "manual_seed", "seed", "set_rng_state",
                     "thread_safe_generator"), "torch.random"),
    **dict.fromkeys(("eig", "lstsq", "matrix_rank", "solve", "symeig"), "torch._linalg_utils"),
    **dict.fromkeys(("pca_lowrank", "svd_lowrank"), "torch._lowrank"),
    **dict.fromkeys(("are_deterministic_algorithms_enabled", "compile",
                     "compiled_with_cxx11_abi", "cond", "get_default_device",
                     "get_deterministic_debug_mode", "get_float32_matmul_precision",
                     "is_deterministic_algorithms_warn_only_enabled", "is_storage",
                     "is_tensor", "is_warn_always_enabled", "set_default_device",
                     "set_default_dtype", "set_default_tensor_type",
                     "set_deterministic_debug_mode", "set_float32_matmul_precision",
                     "set_warn_always", "sym_float", "sym_int", "sym_ite", "sym_max",
                     "sym_min", "sym_not", "sym_sqrt", "sym_sum", "typename",
                     "use_deterministic_algorithms"), "torch"),
    "load": "torch.serialization", "save": "torch.serialization",
    "set_printoptions": "torch._tensor_str", "vmap": "torch.func", "lobpcg": "torch._lobpcg",
    "from_dlpack": "torch.utils.dlpack",
}

#: nn.functional's C functions (the others are Python functions of torch.nn.functional):
#: those of torch._C._nn, by the name PyTorch shows ...
NN_FUNCTIONAL_C = {"avg_pool2d": "avg_pool2d", "avg_pool3d": "avg_pool3d", "elu_": "elu_",
                   "gelu": "gelu", "hardtanh_": "hardtanh_", "leaky_relu_": "leaky_relu_",
                   "linear": "linear", "logsigmoid": "log_sigmoid", "one_hot": "one_hot",
                   "scaled_dot_product_attention": "scaled_dot_product_attention",
                   "softplus": "softplus", "softshrink": "softshrink"}
#: ... and those that are torch's C methods: the rest of callerrors.FUNCTIONAL_BUILTINS
NN_FUNCTIONAL_METHODS = FUNCTIONAL_BUILTINS - NN_FUNCTIONAL_C.keys()

_C_NAMESPACES = ("linalg", "special", "fft")        # all C functions of torch._C._<name>

#: The address PyTorch's C methods show (`of type object at 0x...`): one class's, so the
#: same for all of them.
_FUNCTIONS_CLASS = object()


def shown(obj) -> Shown | None:
    """How PyTorch shows `obj` if it is one of the engine's functions or a formula's view of
    a Python builtin; None for anything else (a formula's own functions show as they are)."""
    if type(obj) is TensorMethod:
        return _unbound(obj.function.__name__)
    if type(obj) is MethodType:
        return _bound(obj)
    if type(obj) is property:
        name = _tensor_properties().get(id(obj))
        return None if name is None else Shown("getset", name, f"TensorBase.{name}", None)
    if type(obj) is not FunctionType:
        return None
    name, module = obj.__name__, obj.__module__ or ""
    if module == "gradcli.lang.builtins":
        from .builtins import BUILTIN_NAMES
        return Shown("builtin", name, name, "builtins") if name in BUILTIN_NAMES else None
    if not module.startswith("gradcli"):
        return None
    how = _in_torch(obj, name)
    if how is None:
        from .._tensor import Tensor
        if getattr(Tensor, name, None) is obj:
            return _unbound(name)
        return _method(obj, name)
    return how


def _method(fn, name: str) -> Shown | None:
    """A Python method of one of the engine's classes (`torch.nn.Linear.forward`,
    `torch.optim.SGD.step`): its class's module as PyTorch names it."""
    qualname = fn.__qualname__
    head = qualname.rpartition(".")[0]
    if not head or "<" in head:
        return None
    owner = getattr(fn, "__torch_owner__", None) or fn.__globals__.get(head)
    if not isinstance(owner, type) or not owner.__module__.startswith("gradcli"):
        return None
    from .builtins import class_text
    shown_class = class_text(owner)[len("<class '"):-2]
    if "." not in shown_class:
        return None
    return Shown("function", name, qualname, shown_class.rpartition(".")[0])


#: A backward node's methods, C methods in PyTorch (a custom Function's node's too)
_NODE_METHODS = frozenset(("name", "register_hook", "register_prehook"))


def _bound(method) -> Shown | None:
    from .._tensor import Tensor
    from ..autograd.graph import Node
    from ..callerrors import PYTHON_METHODS
    owner, name = method.__self__, method.__name__
    if isinstance(owner, Node) and name in _NODE_METHODS:
        return Shown("bound", name, f"{type(owner).__name__}.{name}", None)
    if not isinstance(owner, Tensor) or name in PYTHON_METHODS:
        return None                     # PyTorch's Python ones print as Python's do
    return Shown("bound", name, f"Tensor.{name}", None)


@functools.lru_cache(maxsize=1)
def _tensor_properties() -> dict:
    """torch.Tensor's attributes (`shape`, `grad` ...: C getset descriptors in PyTorch), by
    the id of gradcli's property."""
    from .._tensor import Tensor
    return {id(value): name for cls in reversed(Tensor.__mro__)
            for name, value in vars(cls).items()
            if type(value) is property and not name.startswith("_")}


class TensorMethod:
    """torch.Tensor's unbound C method as a formula reads it (`torch.Tensor.add`: a method
    descriptor in PyTorch): the engine's method, called with a tensor first; anything else
    is refused as PyTorch's descriptor refuses it."""

    __slots__ = ("function",)

    def __init__(self, function):
        self.function = function

    def __call__(this, /, *args, **kwargs):
        from .._tensor import Tensor
        if not args or not isinstance(args[0], Tensor):
            name = this.function.__name__
            if not args:
                raise TypeError(f"unbound method TensorBase.{name}() needs an argument")
            raise TypeError(f"descriptor '{name}' for 'torch._C.TensorBase' objects doesn't "
                            f"apply to a '{type_name(args[0])}' object")
        if args[0].__class__ is not Tensor:     # a subclass's __torch_function__ first
            from ..subclass import overridden
            out = overridden(this, args, kwargs, "method")
            if out is not NotImplemented:
                return out
        return this.function(*args, **kwargs)

    def __repr__(self):
        return text(self)


_TENSOR_METHODS: dict = {}      # one TensorMethod per method: `Tensor.add is Tensor.add`


def class_attribute(cls: type, name: str, value):
    """`cls.name` as a formula reads it: torch.Tensor's C methods (a subclass's too) as
    TensorMethods, anything else as it is."""
    if type(value) is not FunctionType or not value.__module__.startswith("gradcli"):
        return value
    from .._tensor import Tensor
    if not issubclass(cls, Tensor) or getattr(Tensor, name, None) is not value \
            or _unbound(name).kind != "descriptor":
        return value
    method = _TENSOR_METHODS.get(name)
    if method is None or method.function is not value:
        method = _TENSOR_METHODS[name] = TensorMethod(value)
    return method


def _unbound(name: str) -> Shown:
    from ..callerrors import PYTHON_METHODS
    if name in PYTHON_METHODS:
        return Shown("function", name, f"Tensor.{name}", "torch._tensor")
    return Shown("descriptor", name, f"TensorBase.{name}", None)


def _in_torch(fn, name: str) -> Shown | None:
    """Which of the formula's torch namespaces holds `fn`, and how PyTorch's shows it."""
    torch = _torch()
    if torch is None:
        return None
    if _member(torch, name) is fn:
        module = TORCH_PYTHON.get(name)
        return Shown("method", name, f"_VariableFunctionsClass.{name}", "torch") \
            if module is None else Shown("function", name, name, module)
    for space in _C_NAMESPACES:
        short = name[len(space) + 1:] if name.startswith(space + "_") else name
        if _member(_member(torch, space), short) is fn:
            full = f"{space}_{short}"
            return Shown("builtin", full, full, f"torch._C._{space}")
    functional = _member(_member(torch, "nn"), "functional")
    if _member(functional, name) is not fn:
        return None
    if name in NN_FUNCTIONAL_C:
        shown_name = NN_FUNCTIONAL_C[name]
        return Shown("builtin", shown_name, shown_name, "torch._C._nn")
    if name in NN_FUNCTIONAL_METHODS:
        return Shown("method", name, f"_VariableFunctionsClass.{name}", "torch")
    return Shown("function", name, name, "torch.nn.functional")


def _torch():
    from . import default_engine
    return default_engine().modules.get("torch")


def _member(namespace, name: str):
    try:
        return getattr(namespace, name, None) if namespace is not None else None
    except Exception:           # (a name whose loading fails is not this function's)
        return None


def text(obj) -> str | None:
    """What PyTorch's print(obj) writes for a function `shown` knows; None otherwise."""
    how = shown(obj)
    if how is None:
        return None
    if how.kind == "method":
        return f"<built-in method {how.name} of type object at {id(_FUNCTIONS_CLASS):#x}>"
    if how.kind == "builtin":
        return f"<built-in function {how.name}>"
    if how.kind == "descriptor":
        return f"<method '{how.name}' of 'torch._C.TensorBase' objects>"
    if how.kind == "bound":
        owner = how.qualname.rpartition(".")[0]
        return f"<built-in method {how.name} of {owner} object at {id(obj.__self__):#x}>"
    if how.kind == "getset":
        return f"<attribute '{how.name}' of 'torch._C.TensorBase' objects>"
    return f"<function {how.qualname} at {id(obj):#x}>"


_TYPES = {"method": BuiltinFunctionType, "builtin": BuiltinFunctionType,
          "bound": BuiltinFunctionType, "descriptor": MethodDescriptorType,
          "getset": GetSetDescriptorType,
          "function": FunctionType}


def python_type(obj) -> type | None:
    """The type PyTorch's program sees for `obj` when `shown` knows it, else None."""
    how = shown(obj)
    return None if how is None else _TYPES[how.kind]


def type_name(obj) -> str:
    """The name of type(obj) as PyTorch's program sees it (torch.sin's
    'builtin_function_or_method'; a formula's function's 'function')."""
    seen = python_type(obj)
    return (seen or type(obj)).__name__


def retyped(message: str, values) -> str:
    """Python's own TypeError `message` about `values` (in the order it names them; a list
    or tuple among them stands for its items) with the types of the engine's functions
    named as PyTorch's program sees them: `len(torch.sin)`'s "object of type
    'builtin_function_or_method' has no len()". Each function-like value takes the next
    place its Python type name appears. The engine's stand-ins for PyTorch's C types take
    CPython's tp_name, module included (`len(torch.float32)`'s 'torch.dtype')."""
    from ..callerrors import torch_type_name
    start = 0
    for value in _spread(values):
        real = type(value).__name__
        if real in ("function", "method", "TensorMethod"):
            name = type_name(value)
        else:
            name = torch_type_name(value)
            if name is None:
                continue
        found = re.compile(rf"(?<![\w.]){real}(?!\w)").search(message, start)
        if found is None:
            break
        message = message[:found.start()] + name + message[found.end():]
        start = found.start() + len(name)
    return message


def _spread(values) -> list:
    out: list = []
    for value in values:
        out.extend(value[:64] if type(value) in (list, tuple) else (value,))   # (a few)
    return out
