"""What a formula can name: the `torch` and `numpy` namespaces and the bare names.

Everything comes from the op registry (STYLE 2) plus the engine's documented objects (dtypes,
grad modes, autograd). `torch.dot`, `t.dot` (after `import torch as t`) and bare `dot` are the
same function. `numpy`/`np` is a small, safe subset whose functions return NumPy arrays;
formulas may read only the whitelisted attributes of those arrays (`SAFE_ATTRIBUTES`).
"""
from __future__ import annotations

import builtins
import math
from collections import OrderedDict

import numpy as np

import gradcli
from . import autograd, devices, dtypes, printing
from .autograd import func
from .ops.registry import REGISTRY
from ._tensor import Size, Tensor


class Namespace:
    """A read-only module-like object (`torch`, `torch.autograd`, `np` ...)."""

    __gradcli_safe__ = True

    def __init__(self, name: str, members: dict):
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_members", dict(members))

    def __getattr__(self, item):
        try:
            value = self._members[item]
        except KeyError:
            raise AttributeError(f"module '{self._name}' has no attribute '{item}'") from None
        if isinstance(value, _Lazy):
            value = self._members[item] = value.make()
        return value

    def __setattr__(self, key, value):
        raise AttributeError(f"module '{self._name}' is read-only in gradcli formulas")

    def __dir__(self):
        return sorted(self._members)

    def __contains__(self, item):
        return item in self._members

    def __repr__(self):
        return f"<module '{self._name}'>"


class _Lazy:
    """A namespace member built on first use (keeps imports out of start-up)."""

    def __init__(self, make):
        self.make = make


class _LazyName:
    """A bare name (`nn`, `optim`) for a lazy member of `torch`: it loads the member when a
    formula first reads an attribute of it or prints it."""

    __gradcli_safe__ = True

    def __init__(self, owner: Namespace, name: str):
        object.__setattr__(self, "_owner", owner)
        object.__setattr__(self, "_name", name)

    def _target(self):
        return getattr(self._owner, self._name)

    def __getattr__(self, item):
        return getattr(self._target(), item)

    def __setattr__(self, key, value):
        raise AttributeError(f"module '{self._name}' is read-only in gradcli formulas")

    def __dir__(self):
        return dir(self._target())

    def __repr__(self):
        return repr(self._target())


def _ops_in(namespace: str) -> dict:
    out = {}
    for name, info in REGISTRY.items():
        fn = info.fn if namespace == "functional" or info.native is None else info.native
        for ns in info.namespaces:
            if ns == namespace and (info.function or namespace != "torch"):
                out[name] = fn
            elif ns.startswith(namespace + ":"):
                out[ns.split(":", 1)[1]] = fn
    return out


def functional_ops() -> dict:
    """torch.nn.functional's functions by name (gradcli.nn.functional holds the same)."""
    return _ops_in("functional")


_DTYPES = {d.name: d for d in dtypes.ALL} | dict(dtypes.ALIASES)


def _functional_transforms() -> dict:
    from .autograd import functional
    return {n: getattr(functional, n) for n in ("jacobian", "hessian", "vjp", "jvp", "hvp",
                                                "vhp") if hasattr(functional, n)}


def _gradchecks() -> dict:
    from .autograd import gradcheck as gc
    return {n: getattr(gc, n) for n in ("gradcheck", "gradgradcheck") if hasattr(gc, n)}


def _graph_namespace() -> Namespace:
    from .autograd import hooks
    return Namespace("torch.autograd.graph", {n: getattr(hooks, n) for n in hooks.__all__})


def _forward_ad() -> Namespace:
    from .autograd import forward_ad
    return Namespace("torch.autograd.forward_ad",
                     {n: getattr(forward_ad, n) for n in forward_ad.__all__})


def autograd_namespace() -> Namespace:
    members = {
        "backward": autograd.backward, "grad": autograd.grad, "Function": autograd.Function,
        "no_grad": autograd.no_grad, "enable_grad": autograd.enable_grad,
        "set_grad_enabled": autograd.set_grad_enabled,
        "inference_mode": autograd.inference_mode,
        "functional": _Lazy(lambda: Namespace("torch.autograd.functional",
                                              _functional_transforms())),
        "forward_ad": _Lazy(_forward_ad),
        "function": Namespace("torch.autograd.function",
                              {"Function": autograd.Function,
                               "once_differentiable": autograd.once_differentiable}),
        "gradcheck": _Lazy(lambda: _gradchecks()["gradcheck"]),
        "gradgradcheck": _Lazy(lambda: _gradchecks()["gradgradcheck"]),
        "detect_anomaly": autograd.detect_anomaly,
        "set_detect_anomaly": autograd.set_detect_anomaly, "Variable": autograd.Variable,
        "graph": _Lazy(_graph_namespace),
        "grad_mode": Namespace("torch.autograd.grad_mode", {
            "no_grad": autograd.no_grad, "enable_grad": autograd.enable_grad,
            "set_grad_enabled": autograd.set_grad_enabled,
            "inference_mode": autograd.inference_mode}),
    }
    return Namespace("torch.autograd", members)


def _optim():
    from . import optim
    return optim.namespace()


def _utils() -> Namespace:
    """torch.utils: its data-loading part and checkpoint (built on first use)."""
    from .utils import checkpoint, data
    return Namespace("torch.utils", {name: Namespace(
        f"torch.utils.{name}", {n: getattr(module, n) for n in module.__all__})
        for name, module in (("data", data), ("checkpoint", checkpoint))})


def _nn() -> Namespace:
    """torch.nn: the module classes, Parameter, init and functional (built on first use)."""
    from . import nn
    members = {name: getattr(nn, name) for name in nn.__all__
               if name not in ("functional", "init", "utils")}
    members["functional"] = Namespace("torch.nn.functional", {
        **functional_ops(), **{n: getattr(nn.functional, n) for n in nn.functional.COMPOSITES}})
    members["init"] = Namespace("torch.nn.init", {n: getattr(nn.init, n)
                                                  for n in nn.init.PUBLIC})
    members["utils"] = Namespace("torch.nn.utils", {n: getattr(nn.utils, n)
                                                    for n in nn.utils.PUBLIC})
    members["parameter"] = Namespace("torch.nn.parameter", {"Parameter": nn.Parameter})
    return Namespace("torch.nn", members)


from .ops import creation as _creation  # noqa: E402  (after the op registry)


def torch_namespace() -> Namespace:
    """The object `import torch` binds in a formula."""
    members = {**_ops_in("torch"), **_DTYPES}
    members.update(
        Tensor=Tensor, Size=Size, dtype=dtypes.dtype, is_tensor=gradcli.is_tensor,
        finfo=dtypes.finfo, iinfo=dtypes.iinfo,
        Generator=_creation.Generator, default_generator=_creation.DEFAULT_GENERATOR,
        numel=gradcli.numel, get_default_dtype=dtypes.get_default_dtype,
        set_default_dtype=dtypes.set_default_dtype, no_grad=autograd.no_grad,
        enable_grad=autograd.enable_grad, set_grad_enabled=autograd.set_grad_enabled,
        is_grad_enabled=autograd.is_grad_enabled, inference_mode=autograd.inference_mode,
        is_inference_mode_enabled=autograd.is_inference_mode_enabled,
        set_printoptions=printing.set_printoptions, autograd=autograd_namespace(),
        is_anomaly_enabled=autograd.is_anomaly_enabled,
        is_anomaly_check_nan_enabled=autograd.is_anomaly_check_nan_enabled,
        nn=_Lazy(_nn),
        linalg=Namespace("torch.linalg", _ops_in("linalg")),
        special=Namespace("torch.special", _ops_in("special")),
        pi=math.pi, e=math.e, inf=math.inf, nan=math.nan,
        device=devices.device,
        optim=_Lazy(_optim),
        utils=_Lazy(_utils),
        func=Namespace("torch.func", {name: getattr(func, name) for name in (
            "grad", "grad_and_value", "vjp", "jvp", "jacrev", "jacfwd", "hessian", "vmap",
            "functional_call")}),
        cuda=Namespace("torch.cuda", {
            "is_available": devices.cuda_is_available, "device_count": devices.cuda_device_count,
            "manual_seed": devices.cuda_manual_seed, "manual_seed_all": devices.cuda_manual_seed}),
        backends=Namespace("torch.backends", {
            "mps": Namespace("torch.backends.mps", {"is_available": devices.not_available,
                                                    "is_built": devices.not_available}),
            "cuda": Namespace("torch.backends.cuda", {"is_built": devices.not_available})}),
    )
    return Namespace("torch", members)


# -- numpy -----------------------------------------------------------------------------------

SAFE_ATTRIBUTES = {
    OrderedDict: frozenset({"keys", "values", "items", "get", "copy"}),   # a state_dict
    np.ndarray: frozenset({"shape", "dtype", "ndim", "size", "T", "sum", "mean", "max", "min",
                           "reshape", "astype", "tolist", "item", "copy", "flatten", "std",
                           "var", "prod", "transpose", "dot", "argmax", "argmin", "any",
                           "all", "round", "cumsum", "squeeze", "clip", "ravel"}),
}


def numpy_namespace() -> Namespace:
    """The object `import numpy as np` binds: array creation, dtypes and elementwise math."""
    names = ("array", "asarray", "ones", "zeros", "full", "empty", "arange", "linspace", "eye",
             "ones_like", "zeros_like", "full_like", "exp", "log", "sqrt", "sin", "cos", "tan",
             "tanh", "abs", "sum", "mean", "dot", "matmul", "outer", "maximum", "minimum",
             "stack", "concatenate", "allclose", "isclose", "array_equal", "where", "clip",
             "float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8",
             "bool_", "pi", "e", "inf", "nan", "square", "power", "prod", "max", "min",
             "argmax", "argmin", "transpose", "reshape", "diag", "trace", "cumsum", "sign",
             "floor", "ceil", "round", "log1p", "expm1", "arctan", "arcsin", "arccos")
    members = {n: getattr(np, n) for n in names}
    members["random"] = Namespace("numpy.random", {
        "seed": lambda s=None: _np_seed(s), "rand": lambda *s: _np_generator().random(s),
        "randn": lambda *s: _np_generator().standard_normal(s)})
    members["linalg"] = Namespace("numpy.linalg", {"norm": np.linalg.norm,
                                                   "inv": np.linalg.inv, "det": np.linalg.det})
    members["ndarray"] = np.ndarray
    return Namespace("numpy", members)


_np_rng = [None]     # made on first use, like gradcli's own (see ops/creation.py)


def _np_generator():
    if _np_rng[0] is None:
        _np_rng[0] = np.random.default_rng(0)
    return _np_rng[0]


def _np_seed(s):
    _np_rng[0] = np.random.default_rng(s)


# -- bare names ------------------------------------------------------------------------------

def _dual(name: str, py_fn, op):
    """A bare name that is the torch op for tensors and Python's builtin for plain values."""
    def fn(*args, **kwargs):
        if any(isinstance(a, Tensor) for a in args) or kwargs:
            return op(*args, **kwargs)
        return py_fn(*args, **kwargs)
    fn.__name__ = name
    fn.__doc__ = f"torch.{name} for tensors, Python's {name} otherwise"
    return fn


def _deferred(auto: Namespace, name: str):
    """A plain function that loads `torch.autograd.functional`/`gradcheck` when first called."""
    def fn(*args, **kwargs):
        target = getattr(auto, name) if name.startswith("grad") else \
            getattr(auto.functional, name)
        return target(*args, **kwargs)
    fn.__name__ = name
    return fn


def bare_names() -> dict:
    """Every name a formula can use without a prefix: torch's functions and objects,
    torch.nn.functional's, autograd's (`grad`, `backward`, `jacobian` ...)."""
    torch = torch_namespace()
    names = {name: _LazyName(torch, name) if isinstance(value, _Lazy) else value
             for name, value in torch._members.items()}
    names.update(_ops_in("functional"))
    auto = torch.autograd
    names.update(backward=auto.backward, grad=auto.grad, Function=auto.Function)
    for name in ("jacobian", "hessian", "vjp", "jvp", "hvp", "vhp", "gradcheck",
                 "gradgradcheck"):
        names[name] = _deferred(auto, name)
    for name in ("abs", "max", "min", "sum", "round", "pow"):
        if name in names:
            names[name] = _dual(name, getattr(builtins, name), names[name])
    for name in ("float", "int", "bool"):
        names.pop(name, None)          # keep Python's conversions for bare float(x) etc.
    return names
