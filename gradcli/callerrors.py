"""PyTorch's words for a call whose arguments do not bind.

Most of torch's functions and Tensor's methods are C++, and PyTorch's argument parser words
a bad call its own way: `dot() missing 1 required positional arguments: "tensor"` (sic:
the plural is swapped), a method counts its arguments without `self`, and a method that
takes none says `TensorBase.exp() takes no arguments (1 given)`. The functions PyTorch
writes in Python (torch.norm, Tensor.backward ...) keep Python's own words, as here.

Only the failed call pays: the interpreter asks `torch_words` after Python has refused to
bind the arguments of an engine function. (Most of torch's C++ functions and Tensor's methods
are checked before that, with PyTorch's own signatures: gradcli/argparser.py.)
"""
from __future__ import annotations

import re

# What PyTorch 2.13 defines in Python, not C++ (inspect.isfunction on torch.X and on
# torch.Tensor's own attributes), among the names gradcli has.
PYTHON_FUNCTIONS = frozenset((
    "block_diag", "cartesian_prod", "cdist", "chain_matmul", "eig", "einsum",
    "get_rng_state", "initial_seed", "is_storage", "lstsq", "manual_seed", "meshgrid", "norm", "seed",
    "set_rng_state", "solve", "split", "symeig", "tensordot", "unique"))
PYTHON_METHODS = frozenset((
    "backward", "eig", "is_shared", "istft", "lstsq", "lu", "norm", "register_hook",
    "solve", "symeig",
    "register_post_accumulate_grad_hook", "resize", "resize_as", "share_memory_", "split",
    "stft", "storage", "unflatten", "unique", "unique_consecutive"))
# torch.nn.functional's C++ builtins (not inspect.isfunction in PyTorch 2.13); its other
# functions are Python, so F.relu() keeps Python's words though torch.relu() has the parser's
FUNCTIONAL_BUILTINS = frozenset((
    "adaptive_avg_pool1d", "avg_pool1d", "avg_pool2d", "avg_pool3d", "bilinear", "celu_",
    "channel_shuffle", "conv1d", "conv2d", "conv3d", "conv_tbc", "conv_transpose1d",
    "conv_transpose2d", "conv_transpose3d", "cosine_similarity", "elu_", "gelu", "hardshrink",
    "hardtanh_", "leaky_relu_", "linear", "logsigmoid", "native_channel_shuffle", "one_hot",
    "pairwise_distance", "pdist", "pixel_shuffle", "pixel_unshuffle", "prelu", "relu_",
    "rrelu_", "scaled_dot_product_attention", "selu_", "softplus", "softshrink",
    "threshold_"))
# torch.nn.functional's Python functions whose __name__ is not the name they go by
_FUNCTIONAL_NAMES = {"threshold": "_threshold"}
_NATIVE_NAMESPACES = ("torch", "torch.linalg", "torch.special")
# the registry's names in torch.linalg and torch.special ("linalg:solve"): all C++ bindings
_NATIVE_PREFIXES = ("linalg:", "special:")
# The C++ functions and methods with several signatures (PyTorch 2.13: a call that fits none
# says "received an invalid combination of arguments"), among the names gradcli has.
OVERLOADED = frozenset((
    "add", "addcdiv", "addcmul", "addmm", "addmv", "all", "any", "argsort", "baddbmm",
    "bitwise_and", "bitwise_left_shift", "bitwise_or", "bitwise_right_shift", "bitwise_xor",
    "clamp", "clamp_max", "clamp_min", "clip", "copysign", "count_nonzero", "div", "divide",
    "eq", "fill_", "float_power", "floor_divide", "fmod", "ge", "gt", "le", "lerp", "lt",
    "masked_fill", "max", "mean", "median", "min", "moveaxis", "movedim", "multiply",
    "nanquantile", "narrow", "ne", "pow", "prod", "quantile", "remainder", "repeat_interleave",
    "round", "scatter", "sort", "squeeze", "std", "sub", "subtract", "sum", "true_divide", "var",
    "where", "xlogy"))
OVERLOADED_FUNCTIONS = OVERLOADED | frozenset((
    "addmv_", "bmm", "clamp_", "clamp_max_", "clamp_min_", "clip_", "conv1d", "conv2d",
    "cumulative_trapezoid", "linspace", "logspace", "mm", "randint", "round_", "rsub",
    "searchsorted", "std_mean", "trapezoid", "trapz", "var_mean", "xlogy_", "special_zeta",
    *(f"special_{kind}_polynomial_{n}" for kind, ns in (
        ("chebyshev", "tuvw"), ("shifted_chebyshev", "tuvw"), ("hermite", ("h", "he")),
        ("laguerre", "l"), ("legendre", "p")) for n in ns)))
OVERLOADED_METHODS = OVERLOADED | frozenset((
    "add_", "addcdiv_", "addcmul_", "addmm_", "addmv_", "clamp_", "clamp_max_", "clamp_min_",
    "clip_", "copy_", "copysign_", "div_", "floor_divide_", "fmod_", "lerp_", "masked_fill_",
    "nonzero", "pow_", "remainder_", "round_", "scatter_", "squeeze_", "sub_", "to", "view",
    "xlogy_"))
# torch's functions CPython binds itself, past PyTorch's parser (METH_NOARGS, METH_O): the
# name CPython gives them and how many arguments they take; keywords are refused first
_CPYTHON_CALLS = {
    **{(module, name): (f"torch.{name}", 0) for module, name in (
        ("gradcli.dtypes", "get_default_dtype"), ("gradcli.ops.predicates", "get_num_threads"),
        ("gradcli.ops.predicates", "get_num_interop_threads"),
        ("gradcli.autograd.grad_mode", "is_grad_enabled"),
        ("gradcli.autograd.grad_mode", "is_inference_mode_enabled"),
        ("gradcli.autograd.anomaly", "is_anomaly_enabled"),
        ("gradcli.autograd.anomaly", "is_anomaly_check_nan_enabled"))},
    ("gradcli.ops.creation", "from_numpy"): ("torch._VariableFunctionsClass.from_numpy", 1),
}

_PATTERNS = {     # Python's words for a refused call; compiled at the first refusal only
    "missing": r"^(?:\w+\.)?(\w+)\(\) missing (\d+) required (?:positional|keyword-only) "
               r"arguments?: (.*)$",
    "takes": r"^(?:\w+\.)?(\w+)\(\) takes (?:from (\d+) to (\d+)|(\d+)) positional "
             r"arguments? but (\d+)(?: positional arguments? \(and \d+ keyword-only "
             r"arguments?\))? (?:was|were) given$",
    "keyword": r"^(?:\w+\.)?(\w+)\(\) got an unexpected keyword argument '(\w+)'$",
}


def _match(kind: str, message: str):
    return re.match(_PATTERNS[kind], message)      # re caches the compiled pattern


def torch_words(message: str, func, args=(), kwargs=None) -> str | None:
    """PyTorch's message for Python's `message` about the call `func(*args, **kwargs)`, or
    None when PyTorch says the same (or `func` is not one of PyTorch's C++ functions).

    A function with several signatures refuses a call with a required argument missing, or
    with only an unknown keyword, as fitting none of them; other refusals name the one
    signature the call's length picks (PyTorch narrows by the arguments' count first)."""
    words = _python_words(message, func, args, kwargs) or _cpython_words(func, args, kwargs) \
        or _generator_words(message, func)
    method = _native(func)
    if words is not None or method is None:
        return words
    name = getattr(func, "__name__", "")
    if method is False and _python_functional(func, name):
        python_name = _FUNCTIONAL_NAMES.get(name)
        if python_name and message.startswith(name + "("):
            return python_name + message[len(name):]
        return None
    if name in (OVERLOADED_METHODS if method else OVERLOADED_FUNCTIONS):
        words = _parser_words(name, method, args, kwargs) if _match("keyword", message) \
            else None
        if words is not None:
            return words
        if _match("missing", message) or (_match("keyword", message) and len(args) <= 1 - method):
            return invalid_combination(name, args, kwargs, method)
    m = _match("missing", message)
    if m:
        name, count, names = m.group(1), int(m.group(2)), re.findall(r"'(\w+)'", m.group(3))
        quoted = ", ".join(f'"{n}"' for n in names)
        return (f"{name}() missing {count} required positional argument"
                f"{'s' if count == 1 else ''}: {quoted}")
    m = _match("takes", message)
    if m and not method and "keyword-only" in message:     # (C++'s parser counts positionals)
        return re.sub(r" positional arguments? \(and \d+ keyword-only arguments?\)", "",
                      message)
    if m and method:
        name, lo, hi, exact, given = m.groups()
        given = int(given) - 1
        if exact is not None and int(exact) == 1:
            return f"TensorBase.{name}() takes no arguments ({given} given)"
        if exact is not None:
            n = int(exact) - 1
            return (f"{name}() takes {n} positional argument{'' if n == 1 else 's'} but "
                    f"{given} {'was' if given == 1 else 'were'} given")
        return (f"{name}() takes from {int(lo) - 1} to {int(hi) - 1} positional arguments "
                f"but {given} {'was' if given == 1 else 'were'} given")
    m = _match("keyword", message)
    if m and method and _takes_no_arguments(func):
        return f"TensorBase.{m.group(1)}() takes no keyword arguments"
    if m and method and message.startswith("Tensor."):     # (a C++ method: its bare name)
        return message[len("Tensor."):]
    return None


# torch.unique and torch.unique_consecutive are boolean_dispatch-es in torch/functional.py:
# the function a call reaches (and a refusal names) follows return_inverse and return_counts,
# read at these positions of the call's arguments (unique_consecutive's swapped, as there)
_DISPATCHED = {"unique": ("_", 2, 3), "unique_consecutive": ("_consecutive_", 2, 1)}


def _python_words(message: str, func, args, kwargs) -> str | None:
    """Python's words as PyTorch's Python functions give them: a Tensor method's name
    qualified (`Tensor.unique()`), torch.unique's the name of the function it dispatched to
    (`_return_inverse()`)."""
    from ._tensor import Tensor
    name = getattr(func, "__name__", "")
    if not message.startswith(name + "()"):
        return None
    if isinstance(getattr(func, "__self__", None), Tensor) and name in PYTHON_METHODS \
            and getattr(func, "__qualname__", name) == name:
        return "Tensor." + message
    if name not in _DISPATCHED or getattr(func, "__self__", None) is not None \
            or not getattr(func, "__module__", "").startswith("gradcli"):
        return None
    prefix, at_inverse, at_counts = _DISPATCHED[name]
    kwargs = kwargs or {}
    inverse, counts = (bool(kwargs[k]) if k in kwargs else len(args) > i and bool(args[i])
                       for k, i in (("return_inverse", at_inverse), ("return_counts", at_counts)))
    target = "return_" + ("inverse_and_counts" if inverse and counts else "inverse" if inverse
                          else "counts" if counts else "output")
    return prefix + target + message[len(name):]


def _cpython_words(func, args, kwargs) -> str | None:
    """CPython's words for a refused call of a METH_NOARGS or METH_O function of torch, of
    torch.Size (a tuple: its constructor is tuple's) or of torch.dtype (no constructor)."""
    from ._tensor import Size
    from .dtypes import dtype
    if func is dtype:
        return "cannot create 'torch.dtype' instances"
    if func is Size:
        if kwargs:
            return "tuple() takes no keyword arguments"
        return f"tuple expected at most 1 argument, got {len(args)}"
    known = _CPYTHON_CALLS.get((getattr(func, "__module__", None),
                                getattr(func, "__name__", None)))
    if known is None:
        return None
    name, count = known
    if kwargs:
        return f"{name}() takes no keyword arguments"
    if count == 0:
        return f"{name}() takes no arguments ({len(args)} given)"
    return f"{name}() takes exactly one argument ({len(args)} given)"


def _parser_words(name: str, method: bool, args, kwargs) -> str | None:
    """PyTorch's parser's refusal of a call with a keyword the op refused before it reached
    the parser (torch.clamp_(x, 0, 1, out=o): no signature takes four arguments, so none is
    named), or None when its signatures are unknown or take the call."""
    from . import argsigs
    from .argparser import Parser, method_signatures
    texts = method_signatures(name) if method else argsigs.FUNCTIONS.get(name)
    if not texts:
        return None
    try:
        Parser(texts).check(tuple(args), dict(kwargs or {}))
    except TypeError as e:              # (TorchTypeError's and the parser's Python words)
        return str(e)
    return None


def _generator_words(message: str, func) -> str | None:
    """torch.Generator's parser's words: its bare name, the arguments counted without self."""
    from .ops.creation import Generator
    if func is not Generator or not message.startswith("Generator.__init__()"):
        return None
    m = _match("takes", message)
    if m and m.group(2):
        return (f"Generator() takes from {int(m.group(2)) - 1} to {int(m.group(3)) - 1} "
                f"positional arguments but {int(m.group(5)) - 1} were given")
    return "Generator()" + message[len("Generator.__init__()"):]


def invalid_combination(name: str, args, kwargs, method: bool) -> str:
    """The first line of PyTorch's refusal of a call that fits none of `name`'s signatures
    (gradcli does not list them)."""
    return (f"{name}() received an invalid combination of arguments - got "
            f"{_described(args, kwargs, method)}, but expected one of:")


def _described(args, kwargs, method: bool) -> str:
    """The argument types as PyTorch lists them: `(Tensor, dim=float)`."""
    from .argparser import tp_name as kind
    parts = [kind(v) for v in args] + [f"{k}={kind(v)}" for k, v in (kwargs or {}).items()]
    tail = ", " if method and kwargs and not args else ""
    return "(" + ", ".join(parts) + tail + ")"


def _native(func) -> bool | None:
    """True for a bound C++ method of a tensor, False for a C++ function of torch, None for
    anything else (Python's own functions, the formula's, PyTorch's Python ones)."""
    from ._tensor import Tensor
    from .ops.registry import REGISTRY
    owner = getattr(func, "__self__", None)
    if isinstance(owner, Tensor):
        name = getattr(func, "__name__", "")
        module = getattr(getattr(func, "__func__", None), "__module__", "") or ""
        if name in PYTHON_METHODS or not module.startswith("gradcli"):
            return None
        return True
    from .ops.outparam import OUT_CODE
    if getattr(func, "__code__", None) is OUT_CODE:        # torch.add taking out=
        func = func.__wrapped__
    name = getattr(func, "__name__", None)
    info = REGISTRY.get(name) if isinstance(name, str) else None
    if info is None or (func is not info.fn and func is not info.native) \
            or name in PYTHON_FUNCTIONS \
            or not any(ns in _NATIVE_NAMESPACES or ns.startswith(_NATIVE_PREFIXES)
                       for ns in info.namespaces):
        return None
    return False


def _python_functional(func, name: str) -> bool:
    """Whether `func` is torch.nn.functional's `name` (the registry's Python function, where
    torch's own is its `native` binding) and PyTorch writes that one in Python."""
    from .ops.registry import REGISTRY
    info = REGISTRY.get(name)
    return (info is not None and info.native is not None and func is info.fn
            and "functional" in info.namespaces and name not in FUNCTIONAL_BUILTINS)


def _takes_no_arguments(func) -> bool:
    import inspect
    try:
        return not inspect.signature(func).parameters
    except (TypeError, ValueError):
        return False


def wrong_type(value, expected: str, func, args=(), kwargs=None) -> str | None:
    """PyTorch's message for `value`, one of the arguments of the call `func(*args,
    **kwargs)`, not being `expected` ("int", "tuple of ints"); None when the value is not
    among them (the op was not called directly) or `func` is not PyTorch's C++."""
    method = _native(func)
    if method is None:
        return None
    name = getattr(func, "__name__", "")
    if name in (OVERLOADED_METHODS if method else OVERLOADED_FUNCTIONS):
        return invalid_combination(name, args, kwargs, method)
    import inspect
    try:
        params = list(inspect.signature(func).parameters.values())
        bound = inspect.signature(func).bind_partial(*args, **(kwargs or {})).arguments
    except (TypeError, ValueError):
        return None
    for position, p in enumerate(params, 1):
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            return None
        if p.name in bound and bound[p.name] is value:
            from .argparser import tp_name
            return (f"{name}(): argument '{p.name}' (position {position}) must be "
                    f"{expected}, not {tp_name(value)}")
    return None


# gradcli's classes whose PyTorch counterparts are C types, and CPython's tp_name of each
_TORCH_TYPES = {"Size": "torch.Size", "dtype": "torch.dtype", "device": "torch.device",
                "layout": "torch.layout", "memory_format": "torch.memory_format",
                "finfo": "torch.finfo", "iinfo": "torch.iinfo",
                "Generator": "torch._C.Generator"}


def torch_type_name(value) -> str | None:
    """The tp_name CPython's messages give `value`'s type where gradcli stands in for one of
    PyTorch's C types ("object of type 'torch.dtype' has no len()"), else None."""
    for cls in type(value).__mro__:     # (torch.bfloat16's class is a dtype's subclass)
        if cls.__name__ in _TORCH_TYPES and cls.__module__.startswith("gradcli"):
            return _TORCH_TYPES[cls.__name__]
    return None


def misused_value(message: str, func, args=()) -> str | None:
    """PyTorch's words for calling a value that is not a function (`x.shape()`: "'torch.Size'
    object is not callable") or calling torch.Size's `numel` with arguments, or None."""
    if message.endswith("' object is not callable"):
        name = torch_type_name(func)
        return None if name is None else f"'{name}' object is not callable"
    owner = getattr(func, "__self__", None)
    if owner is not None and type(owner).__name__ == "Size" \
            and torch_type_name(owner) and _match("takes", message):
        return f"Size.{func.__name__}() takes no arguments ({len(args)} given)"
    return None


def not_subscriptable(obj) -> str | None:
    """PyTorch's words for indexing `obj` when it cannot be (`x.size[0]`: Tensor's C++ methods
    are builtin_function_or_method), or None when Python's are the same."""
    from ._tensor import Tensor
    owner = getattr(obj, "__self__", None)
    if isinstance(owner, Tensor) and _native(obj):
        return "'builtin_function_or_method' object is not subscriptable"
    name = torch_type_name(obj)
    return None if name is None else f"'{name}' object is not subscriptable"
