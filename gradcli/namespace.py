"""What a formula can name: the `torch` and `numpy` namespaces and the bare names.

Everything comes from the op registry (STYLE 2) plus the engine's documented objects (dtypes,
grad modes, autograd). `torch.dot`, `t.dot` (after `import torch as t`) and bare `dot` are the
same function. `numpy`/`np` is a small, safe subset whose functions return NumPy arrays;
formulas may read only the whitelisted attributes of those arrays (`SAFE_ATTRIBUTES`).
"""
from __future__ import annotations

import builtins
import math

import numpy as np

import gradcli
from . import autograd, devices, dtypes, ops as _ops, printing
from .autograd import func
from .storage import LEGACY as _LEGACY_STORAGES, TypedStorage, UntypedStorage
from .ops.registry import REGISTRY
from ._tensor import Size, Tensor


class Namespace:
    """A read-only module-like object (`torch`, `torch.autograd`, `np` ...)."""

    __gradcli_safe__ = True
    __torch_name__ = "module"           # type(torch) prints as Python's module type

    def __init__(self, name: str, members: dict, more=None):
        """`more`: what to add once the op modules not loaded yet are (gradcli.ops), a
        function returning the members then (those already here stay)."""
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_members", dict(members))
        object.__setattr__(self, "_more", more)

    def __getattr__(self, item):
        try:
            value = self._members[item]
        except KeyError:
            if not self._completed(item):
                raise AttributeError(f"module '{self._name}' has no attribute '{item}'"
                                     ) from None
            return getattr(self, item)
        if isinstance(value, _Lazy):
            value = self._members[item] = value.make()
        return value

    def _completed(self, item=None) -> bool:
        """Whether loading the rest of the ops (if `item` is one of theirs) added `item`."""
        more = self._more
        if more is None or not _ops.all_loaded() and not _ops.complete(item, self._name):
            return False
        object.__setattr__(self, "_more", None)
        for key, value in more().items():
            self._members.setdefault(key, value)
        return item is None or item in self._members

    def __setattr__(self, key, value):
        raise AttributeError(f"module '{self._name}' is read-only in gradcli formulas")

    def __dir__(self):
        self._completed()
        return sorted(self._members)

    def __contains__(self, item):
        return item in self._members or self._completed(item)

    def members(self) -> dict:
        """Every member (loading the ops not loaded yet)."""
        self._completed()
        return self._members

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


def _ops_in(namespace: str, loaded: bool = False) -> dict:
    """The registry's functions of `namespace` by name (of the op modules loaded so far when
    `loaded`); those PyTorch lets write into given tensors take `out=` (ops.outparam)."""
    from .ops.outparam import takes_out, with_out
    out = {}
    for name, info in (dict.items(REGISTRY) if loaded else REGISTRY.items()):
        fn = info.fn if namespace == "functional" or info.native is None else info.native
        for ns in info.namespaces:
            if ns == namespace and (info.function or namespace != "torch"):
                out[name] = fn
            elif ns.startswith(namespace + ":"):
                short = ns.split(":", 1)[1]
                out[short] = _binding(fn, namespace, short, name)
    return {name: _named(with_out(name, fn, namespace, True), fn.__name__)
            if takes_out(namespace, name) else fn for name, fn in out.items()}


def _binding(fn, namespace: str, short: str, name: str):
    """torch.special's and torch.linalg's `short` for the op `name`: PyTorch's own binding,
    named `special_<short>` / `linalg_<short>` (its __name__ and its argument errors), when
    the op is torch.<name>'s or PyTorch's parser has torch.linalg's signatures for it."""
    full = f"{namespace}_{short}"
    if namespace == "functional":
        return _functional_binding(fn, short)
    if namespace not in ("special", "linalg"):
        return fn
    from . import argsigs
    if getattr(fn, "__name__", full) == full and full not in argsigs.LINALG \
            and full not in argsigs.SPECIAL:
        return fn                   # (torch.linalg_vector_norm: checked as linalg's too)
    from .argparser import alias
    return alias(fn, full, name)


def _functional_binding(fn, short: str):
    """nn.functional's `short` for an op registered under another name (F.softmax): as
    PyTorch's Python functions, asking its arguments for __torch_function__ first (one
    function for every namespace made, so that __torch_function__'s `func` is F.<short>)."""
    from .callerrors import FUNCTIONAL_BUILTINS
    if short in FUNCTIONAL_BUILTINS:
        return fn
    made = _FUNCTIONAL_BINDINGS.get((fn, short))
    if made is None:
        from .argparser import _python_function
        made = _FUNCTIONAL_BINDINGS[fn, short] = _python_function(fn, short, True)
    return made


_FUNCTIONAL_BINDINGS: dict = {}


def _named(fn, name: str):
    fn.__name__ = fn.__qualname__ = name
    return fn


def functional_ops() -> dict:
    """torch.nn.functional's functions by name (gradcli.nn.functional holds the same)."""
    return _ops_in("functional")


_DTYPES = {d.name: d for d in dtypes.ALL} | dict(dtypes.ALIASES)


def _functional_transforms() -> dict:
    from .autograd import functional
    return {n: getattr(functional, n) for n in ("jacobian", "hessian", "vjp", "jvp", "hvp",
                                                "vhp") if hasattr(functional, n)}


def _gradchecks() -> dict:
    import importlib
    gc = importlib.import_module(".autograd.gradcheck", __package__)     # the module
    return {n: getattr(gc, n) for n in ("gradcheck", "gradgradcheck") if hasattr(gc, n)}


def gradcheck_namespace() -> Namespace:
    """The module torch.autograd.gradcheck, which `from torch.autograd.gradcheck import ...`
    reaches (torch.autograd.gradcheck itself is the function)."""
    from .lang.exceptions import GradcheckError       # (as a formula catches it)
    return Namespace("torch.autograd.gradcheck",
                     {"gradcheck": _Lazy(lambda: _gradchecks()["gradcheck"]),
                      "gradgradcheck": _Lazy(lambda: _gradchecks()["gradgradcheck"]),
                      "GradcheckError": GradcheckError})


def _graph_namespace() -> Namespace:
    from .autograd import hooks
    return Namespace("torch.autograd.graph", {n: getattr(hooks, n) for n in hooks.__all__})


def _forward_ad() -> Namespace:
    from .autograd import forward_ad
    return Namespace("torch.autograd.forward_ad",
                     {n: getattr(forward_ad, n) for n in forward_ad.__all__})


def functorch_namespace() -> Namespace:
    """The object `import functorch` binds in a formula (gradcli/functorch.py, loaded on
    first use: it needs torch.nn)."""
    import importlib

    def member(name):
        return _Lazy(lambda: getattr(importlib.import_module("gradcli.functorch"), name))
    names = ("grad", "grad_and_value", "vjp", "jvp", "jacrev", "jacfwd", "hessian", "vmap",
             "functionalize", "make_functional", "make_functional_with_buffers",
             "combine_state_for_ensemble", "FunctionalModule", "FunctionalModuleWithBuffers")
    return Namespace("functorch", {name: member(name) for name in names})


def _profiler_namespace() -> Namespace:
    from .autograd import profiler
    return Namespace("torch.autograd.profiler", {"profile": profiler.profile,
                                                 "record_function": profiler.record_function})


def autograd_namespace() -> Namespace:
    members = {
        "backward": autograd.backward, "grad": autograd.grad, "Function": autograd.Function,
        "no_grad": autograd.no_grad, "enable_grad": autograd.enable_grad,
        "set_grad_enabled": autograd.set_grad_enabled,
        "inference_mode": autograd.inference_mode,
        "set_multithreading_enabled": autograd.set_multithreading_enabled,
        "is_multithreading_enabled": autograd.is_multithreading_enabled,
        "is_view_replay_enabled": autograd.is_view_replay_enabled,
        "enforce_grad_layout_policy": autograd.enforce_grad_layout_policy,
        "SavedTensor": _Lazy(_saved_tensor_class),
        "functional": _Lazy(lambda: Namespace("torch.autograd.functional",
                                              _functional_transforms())),
        "forward_ad": _Lazy(_forward_ad),
        "function": Namespace("torch.autograd.function",
                              {"Function": autograd.Function,
                               "InplaceFunction": autograd.function.InplaceFunction,
                               "once_differentiable": autograd.once_differentiable,
                               "FunctionCtx": autograd.FunctionCtx,
                               "BackwardCFunction": autograd.function.BackwardCFunction}),
        "gradcheck": _Lazy(lambda: _gradchecks()["gradcheck"]),
        "gradgradcheck": _Lazy(lambda: _gradchecks()["gradgradcheck"]),
        "detect_anomaly": autograd.detect_anomaly,
        "anomaly_mode": Namespace("torch.autograd.anomaly_mode", {
            "detect_anomaly": autograd.detect_anomaly,
            "set_detect_anomaly": autograd.set_detect_anomaly}),
        "set_detect_anomaly": autograd.set_detect_anomaly, "Variable": autograd.Variable,
        "graph": _Lazy(_graph_namespace),
        "profiler": _Lazy(_profiler_namespace),
        "grad_mode": Namespace("torch.autograd.grad_mode", {
            "no_grad": autograd.no_grad, "enable_grad": autograd.enable_grad,
            "set_grad_enabled": autograd.set_grad_enabled,
            "inference_mode": autograd.inference_mode,
            "enforce_grad_layout_policy": autograd.enforce_grad_layout_policy}),
    }
    return Namespace("torch.autograd", members)


def _saved_tensor_class():
    """The class of a node's `_raw_saved_*` values (autograd/hooks.py)."""
    from .autograd.hooks import SavedTensor
    return SavedTensor


def _return_types() -> Namespace:
    """torch.return_types: the classes of the named tuples ops return (`max`, `svd` ...),
    the very ones the ops make (ops/matrix.kind_class)."""
    from .ops.matrix import _Result, kind_class
    from .ops.reduce import _ReturnTypes
    pairs = ("max", "min", "sort", "topk", "kthvalue", "mode", "median", "nanmedian",
             "cummax", "cummin")
    others = ("aminmax", "frexp", "geqrf", "histogram", "histogramdd", "lu_unpack", "qr",
              "slogdet", "svd", "triangular_solve", "linalg_cholesky_ex", "linalg_eig",
              "linalg_eigh", "linalg_inv_ex", "linalg_ldl_factor", "linalg_ldl_factor_ex",
              "linalg_lstsq", "linalg_lu", "linalg_lu_factor", "linalg_lu_factor_ex",
              "linalg_qr", "linalg_slogdet", "linalg_solve_ex", "linalg_svd")
    return Namespace("torch.return_types", {
        **{n: kind_class(_ReturnTypes, n) for n in pairs},
        **{n: kind_class(_Result, n) for n in others}})


def _optim():
    from . import optim
    return optim.namespace()


def _distributions() -> Namespace:
    """torch.distributions (built on first use)."""
    from . import distributions
    return distributions.namespace()


def _testing() -> Namespace:
    from . import testing
    return Namespace("torch.testing", {"assert_close": testing.assert_close,
                                       "assert_allclose": testing.assert_allclose})


def _utils() -> Namespace:
    """torch.utils: its data-loading part, checkpoint, dlpack, backcompat and deterministic
    (built on first use)."""
    from .utils import backcompat, checkpoint, data, dlpack
    return Namespace("torch.utils", {name: Namespace(
        f"torch.utils.{name}", {n: getattr(module, n) for n in module.__all__})
        for name, module in (("data", data), ("checkpoint", checkpoint), ("dlpack", dlpack),
                             ("backcompat", backcompat))} | {
        "deterministic": devices.DETERMINISTIC})


def _masked() -> Namespace:
    """torch.masked (built on first use)."""
    from . import masked
    return Namespace("torch.masked", {name: getattr(masked, name) for name in masked.__all__})


def _nn() -> Namespace:
    """torch.nn: the module classes, Parameter, init and functional (built on first use)."""
    from . import nn
    from .nn import grad
    members = {name: getattr(nn, name) for name in nn.__all__
               if name not in ("functional", "init", "utils")}
    members["grad"] = Namespace("torch.nn.grad", {n: getattr(grad, n) for n in grad.PUBLIC})
    members["functional"] = Namespace("torch.nn.functional", {
        **functional_ops(), **{n: getattr(nn.functional, n) for n in nn.functional.COMPOSITES},
        "grad": members["grad"],
        # grid_sample's modes as ATen numbers them (copies: a formula may not change F's)
        "GRID_SAMPLE_INTERPOLATION_MODES": {"bilinear": 0, "nearest": 1, "bicubic": 2},
        "GRID_SAMPLE_PADDING_MODES": {"zeros": 0, "border": 1, "reflection": 2}})
    members["init"] = Namespace("torch.nn.init", {n: getattr(nn.init, n)
                                                  for n in nn.init.PUBLIC})
    members["utils"] = Namespace("torch.nn.utils", {
        **{n: getattr(nn.utils, n) for n in nn.utils.PUBLIC},
        **{module: Namespace(f"torch.nn.utils.{module}", {n: getattr(nn.utils, n) for n in names})
           for module, names in _NN_UTILS_FILES.items()}})
    members["parameter"] = Namespace("torch.nn.parameter", {
        name: getattr(nn, name) for name in ("Parameter", "Buffer", "UninitializedParameter",
                                             "UninitializedBuffer")})
    from .nn import attention
    members["attention"] = Namespace("torch.nn.attention",
                                     {n: getattr(attention, n) for n in attention.PUBLIC})
    members["modules"] = _nn_modules()
    return Namespace("torch.nn", members)


#: torch.nn.utils' files whose functions a program may reach through them
_NN_UTILS_FILES = {
    "clip_grad": ("clip_grad_norm_", "clip_grad_norm", "clip_grad_value_", "get_total_norm",
                  "clip_grads_with_norm_"),
    "convert_parameters": ("parameters_to_vector", "vector_to_parameters"),
    "init": ("skip_init",)}


def _nn_modules() -> Namespace:
    """torch.nn.modules: the module classes, and per PyTorch file (`loss`, `batchnorm` ...)
    the classes PyTorch defines there (`nn.modules.loss.MSELoss`)."""
    from .nn import modules
    classes = {name: getattr(modules, name) for name in modules.__all__}
    files: dict = {}
    for name, cls in classes.items():
        files.setdefault(cls.__module__.rpartition(".")[2], {})[name] = cls
    from .nn.modules.module import GLOBAL_HOOK_FUNCTIONS
    files["module"].update(GLOBAL_HOOK_FUNCTIONS)
    from .nn.modules.utils import consume_prefix_in_state_dict_if_present
    files["utils"] = {"consume_prefix_in_state_dict_if_present":
                      consume_prefix_in_state_dict_if_present}
    return Namespace("torch.nn.modules", {
        **classes, **{file: Namespace(f"torch.nn.modules.{file}", members)
                      for file, members in files.items()}})


from .ops import creation as _creation  # noqa: E402  (after the op registry)


def _lazy_namespace(name: str, members: dict, namespace: str, more=dict) -> Namespace:
    """The Namespace `name` of the registry's `namespace` ops loaded so far and `members`
    (which win), completed with the rest of the ops when a name of theirs is first read."""
    return Namespace(name, {**_ops_in(namespace, loaded=True), **members},
                     more=lambda: {**_ops_in(namespace), **more()})


def _formula_linalg_error():
    """torch.linalg.LinAlgError as a formula catches it (lang/exceptions.py)."""
    from .lang.exceptions import _LinAlgError
    return _LinAlgError


def _ctc_loss() -> dict:
    from .ops.loss import native_ctc_loss
    return {"ctc_loss": native_ctc_loss}


#: What `torch.__version__` reads in a formula: the PyTorch release whose behaviour gradcli
#: reproduces (its CPU build), so a script that prints or compares it runs as under PyTorch.
PYTORCH_VERSION = "2.13.0+cpu"
PYTORCH_GIT_VERSION = "cf30153c4c131c8164ee7798e5022d810682e2cb"     # torch.version.git_version


from . import _tensor as _tensor_module  # noqa: E402


def _serialization(name: str):
    """torch.save / torch.load, their module imported at the first call."""
    def call(*args, **kwargs):
        from . import serialization
        return getattr(serialization, name)(*args, **kwargs)
    call.__name__ = call.__qualname__ = name
    return call


def _serialization_module() -> Namespace:
    from . import serialization
    return Namespace("torch.serialization", {n: getattr(serialization, n)
                                             for n in serialization.PUBLIC})


def _compile(model=None, **kwargs):
    """torch.compile (gradcli/compile.py, imported at the first call)."""
    from .compile import compile
    return compile(model, **kwargs)


_compile.__name__ = _compile.__qualname__ = "compile"


def _compiler() -> Namespace:
    from .compile import compiler_members
    return Namespace("torch.compiler", compiler_members())


def _random() -> Namespace:
    from .torch_random import members
    return Namespace("torch.random", members())


def torch_namespace() -> Namespace:
    """The object `import torch` binds in a formula."""
    from . import amp
    windows = _lazy_namespace("torch.signal.windows", {}, "signal.windows")
    members = {**_DTYPES, "__version__": PYTORCH_VERSION}
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
        save=_serialization("save"), load=_serialization("load"),
        vmap=func.vmap, TypedStorage=TypedStorage,
        UntypedStorage=UntypedStorage, **_LEGACY_STORAGES,
        **_tensor_module.TENSOR_TYPES, strided=_tensor_module.STRIDED,
        layout=_tensor_module.layout, memory_format=_tensor_module.memory_format,
        **_tensor_module.MEMORY_FORMATS, get_default_device=devices.get_default_device,
        set_default_device=devices.set_default_device,
        is_anomaly_enabled=autograd.is_anomaly_enabled,
        is_anomaly_check_nan_enabled=autograd.is_anomaly_check_nan_enabled,
        nn=_Lazy(_nn),
        linalg=_lazy_namespace("torch.linalg", {"LinAlgError": _formula_linalg_error()},
                               "linalg"),
        special=_lazy_namespace("torch.special", {}, "special"),
        fft=_lazy_namespace("torch.fft", {}, "fft"),
        signal=Namespace("torch.signal", {"windows": windows}),
        windows=windows,             # (torch binds the module its import of it loads)
        distributions=_Lazy(_distributions), masked=_Lazy(_masked),
        return_types=_Lazy(_return_types),
        compile=_compile, compiler=_Lazy(_compiler), random=_Lazy(_random),
        pi=math.pi, e=math.e, inf=math.inf, nan=math.nan, newaxis=None,
        device=devices.device,
        optim=_Lazy(_optim),
        utils=_Lazy(_utils), serialization=_Lazy(_serialization_module),
        mps=Namespace("torch.mps", {"is_available": devices.not_available}),
        testing=_Lazy(_testing),
        overrides=_Lazy(lambda: Namespace("torch.overrides", _overrides_members())),
        func=Namespace("torch.func", {name: getattr(func, name) for name in (
            "grad", "grad_and_value", "vjp", "jvp", "jacrev", "jacfwd", "hessian", "vmap",
            "functional_call", "linearize", "stack_module_state", "functionalize",
            "replace_all_batch_norm_modules_", "debug_unwrap")}),
        cuda=Namespace("torch.cuda", {
            **_tensor_module.CUDA_TENSOR_TYPES,
            "is_available": devices.cuda_is_available, "device_count": devices.cuda_device_count,
            "manual_seed": devices.cuda_manual_seed, "manual_seed_all": devices.cuda_manual_seed,
            "current_device": devices.cuda_current_device,
            "empty_cache": devices.cuda_empty_cache,
            "memory_allocated": devices.cuda_memory_allocated,
            "max_memory_allocated": devices.cuda_memory_allocated,
            "memory_reserved": devices.cuda_memory_allocated,
            "max_memory_reserved": devices.cuda_memory_allocated,
            "is_bf16_supported": devices.not_available, "is_initialized": devices.not_available,
            **{name: devices.cuda_refused for name in (
                "synchronize", "get_device_name", "get_device_properties",
                "get_device_capability", "ipc_collect")},
            "amp": Namespace("torch.cuda.amp", {"GradScaler": amp._CudaGradScaler,
                                                "autocast": amp._CudaAutocast})}),
        amp=Namespace("torch.amp", {"GradScaler": amp.GradScaler, "autocast": amp.autocast}),
        autocast=amp.autocast, is_autocast_enabled=amp.is_autocast_enabled,
        get_autocast_dtype=amp.get_autocast_dtype, set_autocast_enabled=amp.set_autocast_enabled,
        set_autocast_dtype=amp.set_autocast_dtype,
        is_autocast_cpu_enabled=amp.is_autocast_cpu_enabled,
        get_autocast_cpu_dtype=amp.get_autocast_cpu_dtype,
        clear_autocast_cache=amp.clear_autocast_cache,
        is_autocast_cache_enabled=amp.is_autocast_cache_enabled,
        set_autocast_cache_enabled=amp.set_autocast_cache_enabled,
        set_autocast_cpu_enabled=amp.set_autocast_cpu_enabled,
        set_autocast_cpu_dtype=amp.set_autocast_cpu_dtype, GradScaler=amp.GradScaler,
        set_anomaly_enabled=autograd.anomaly.set_anomaly_enabled,
        legacy_contiguous_format=_tensor_module.MEMORY_FORMATS["contiguous_format"],
        thread_safe_generator=_thread_safe_generator,
        cpu=Namespace("torch.cpu", {"amp": Namespace("torch.cpu.amp", {
            "autocast": amp._CpuAutocast})}),
        **devices.SETTINGS,
        accelerator=Namespace("torch.accelerator", devices.ACCELERATOR),
        backends=Namespace("torch.backends", {
            "mps": Namespace("torch.backends.mps", {"is_available": devices.not_available,
                                                    "is_built": devices.not_available}),
            "cuda": Namespace("torch.backends.cuda", {"is_built": devices.not_available,
                                                      "matmul": devices.CUDA_MATMUL}),
            "cudnn": devices.CUDNN, "mkldnn": devices.MKLDNN,
            "mkl": Namespace("torch.backends.mkl", {"is_available": devices.available}),
            "openmp": Namespace("torch.backends.openmp", {"is_available": devices.available}),
            "cpu": Namespace("torch.backends.cpu", {
                "get_cpu_capability": devices.cpu_capability})}),
        version=Namespace("torch.version", {
            "__version__": PYTORCH_VERSION, "cuda": None, "hip": None, "rocm": None,
            "xpu": None, "debug": False, "git_version": PYTORCH_GIT_VERSION}),
    )
    torch = _lazy_namespace("torch", members, "torch", _ctc_loss)
    torch._members["functional"] = _Lazy(lambda: Namespace("torch.functional", {
        name: getattr(torch, name) for name in _TORCH_FUNCTIONAL}))
    return torch


#: what torch/functional.py defines (torch.functional.einsum is torch.einsum)
_TORCH_FUNCTIONAL = (
    "atleast_1d", "atleast_2d", "atleast_3d", "block_diag", "broadcast_shapes",
    "broadcast_tensors", "cartesian_prod", "cdist", "chain_matmul", "einsum", "istft", "lu",
    "meshgrid", "norm", "pca_lowrank", "split", "stft", "svd_lowrank", "tensordot", "unique",
    "unique_consecutive", "Tensor")


def _thread_safe_generator():
    """The generator of the DataLoader thread worker calling it: None outside one (gradcli's
    DataLoader has no thread workers)."""
    return None


# -- numpy -----------------------------------------------------------------------------------

SAFE_ATTRIBUTES = {      # (a state_dict's OrderedDict: lang/stdlib.py, with collections')
    np.ndarray: frozenset({"shape", "dtype", "ndim", "size", "T", "sum", "mean", "max", "min",
                           "reshape", "astype", "tolist", "item", "copy", "flatten", "std",
                           "var", "prod", "transpose", "dot", "argmax", "argmin", "any",
                           "all", "round", "cumsum", "squeeze", "clip", "ravel", "argsort",
                           "sort", "nonzero", "fill", "cumprod", "ptp", "trace",
                           "diagonal", "swapaxes", "repeat", "itemsize", "nbytes",
                           "strides", "conj", "real", "imag", "flags", "setflags"}),
    np.finfo: frozenset({"bits", "eps", "epsneg", "max", "min", "tiny", "smallest_normal",
                         "resolution", "precision", "dtype", "machep", "negep", "nexp",
                         "nmant", "maxexp", "minexp", "iexp", "smallest_subnormal"}),
    np.iinfo: frozenset({"bits", "min", "max", "dtype", "kind"}),
    type(np.empty(0).flags): frozenset({"writeable", "c_contiguous", "f_contiguous", "owndata",
                                        "aligned"}),
}

_NUMPY_NAMES = (
    "array", "asarray", "from_dlpack", "ones", "zeros", "full", "empty", "arange", "linspace",
    "logspace",
    "eye", "identity", "ones_like", "zeros_like", "full_like", "empty_like", "exp", "exp2",
    "log", "log2", "log10", "sqrt", "cbrt", "sin", "cos", "tan", "sinh", "cosh", "tanh",
    "arcsinh", "arccosh", "arctanh", "arctan", "arcsin", "arccos", "arctan2", "hypot",
    "deg2rad", "rad2deg", "degrees", "radians", "abs", "absolute", "fabs", "sum", "mean",
    "std", "var", "median", "average", "percentile", "quantile", "nansum", "nanmean",
    "nanmax", "nanmin", "dot", "matmul", "inner", "outer", "cross", "tensordot", "einsum",
    "kron", "maximum", "minimum", "fmax", "fmin", "stack", "vstack", "hstack", "dstack",
    "concatenate", "split", "array_split", "expand_dims", "squeeze", "tile", "repeat", "flip",
    "fliplr", "flipud", "roll", "rot90", "meshgrid", "allclose", "isclose", "array_equal",
    "where", "clip", "isnan", "isinf", "isfinite", "nan_to_num", "sort", "argsort", "unique",
    "all", "any", "count_nonzero", "nonzero", "float16", "float32", "float64", "int8",
    "int16", "int32", "int64", "uint8", "bool_", "pi", "e", "inf", "nan", "newaxis",
    "square", "power", "prod", "cumprod", "max", "min", "amax", "amin", "argmax", "argmin",
    "transpose", "reshape", "ravel", "diag", "trace", "tril", "triu", "cumsum", "diff",
    "sign", "floor", "ceil", "round", "around", "rint", "trunc", "log1p", "expm1",
    "reciprocal", "negative", "add", "subtract", "multiply", "divide", "true_divide",
    "floor_divide", "mod", "remainder", "sinc", "heaviside", "logaddexp", "interp",
    "polyfit", "polyval", "convolve", "histogram", "bincount", "searchsorted", "shape", "size", "ndim", "float_power", "copysign", "isscalar", "atleast_1d",
    "atleast_2d", "broadcast_to", "moveaxis", "swapaxes", "take", "take_along_axis", "pad",
    "logical_and", "logical_or", "logical_not", "logical_xor", "equal", "not_equal",
    "greater", "less", "greater_equal", "less_equal", "array_str", "array_repr",
    "finfo", "iinfo", "dtype", "shares_memory", "may_share_memory", "ascontiguousarray",
    # the rest of NumPy's scalar types (what `from_numpy` accepts and what it refuses)
    "complex64", "complex128", "uint16", "uint32", "uint64", "bool", "intc", "intp", "int_",
    "longlong", "ulonglong", "byte", "ubyte", "short", "ushort", "uint", "long", "ulong",
    "half", "single", "double", "longdouble", "csingle", "cdouble", "clongdouble", "str_",
    "bytes_", "object_", "datetime64", "timedelta64", "generic", "number", "integer",
    "signedinteger", "unsignedinteger", "inexact", "floating", "complexfloating",
    "issubdtype", "result_type", "promote_types", "can_cast",
    "conj", "conjugate", "real", "imag", "angle", "iscomplexobj", "isrealobj", "iscomplex",
    "isreal")


def numpy_namespace() -> Namespace:
    """The object `import numpy as np` binds: array creation, dtypes, math, reductions,
    np.linalg, np.random (NumPy's legacy global stream: `np.random.seed(0)` then
    `np.random.randn(3)` gives NumPy's numbers) and np.testing's assertions."""
    members = {n: getattr(np, n) for n in _NUMPY_NAMES if hasattr(np, n)}
    members["random"] = _Lazy(_numpy_random)
    members["linalg"] = Namespace("numpy.linalg", {n: getattr(np.linalg, n) for n in (
        "norm", "inv", "det", "solve", "eig", "eigh", "eigvals", "eigvalsh", "svd", "pinv",
        "matrix_rank", "qr", "cholesky", "lstsq", "slogdet", "matrix_power", "cond",
        "multi_dot")})
    members["testing"] = _Lazy(lambda: Namespace("numpy.testing", {
        n: getattr(np.testing, n) for n in (
            "assert_allclose", "assert_array_almost_equal", "assert_array_equal",
            "assert_almost_equal", "assert_equal", "assert_array_less")}))
    members["ndarray"] = np.ndarray
    members["__version__"] = np.__version__
    return Namespace("numpy", members)


#: np.random's legacy functions (their state is NumPy's global RandomState, as in NumPy)
_NP_RANDOM = ("seed", "rand", "randn", "random", "random_sample", "uniform", "normal",
              "randint", "choice", "shuffle", "permutation", "standard_normal", "binomial",
              "poisson", "exponential", "beta", "gamma", "multivariate_normal", "get_state",
              "set_state")

class _NumpyGenerator:
    """What `np.random.default_rng(seed)` gives a formula: NumPy's Generator, with its
    drawing methods only."""

    __gradcli_safe__ = True
    _METHODS = ("random", "normal", "uniform", "integers", "standard_normal", "choice",
                "permutation", "shuffle", "binomial", "poisson", "exponential")

    def __init__(self, seed=None):
        import numpy.random as npr
        object.__setattr__(self, "_generator", npr.default_rng(seed))

    def __getattr__(self, name):
        if name in self._METHODS:
            return getattr(self._generator, name)
        raise AttributeError(f"'numpy.random._generator.Generator' object has no attribute "
                             f"'{name}'")

    def __setattr__(self, key, value):
        raise AttributeError("cannot set attributes of a numpy Generator in gradcli formulas")

    def __repr__(self):
        return repr(self._generator)


def _numpy_random() -> Namespace:
    """numpy.random, imported when a formula first uses it (it costs ~10 ms)."""
    import numpy.random as npr
    members = {n: getattr(npr, n) for n in _NP_RANDOM}
    members["default_rng"] = _NumpyGenerator
    return Namespace("numpy.random", members)


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


def bare_names(torch: Namespace | None = None, loaded: bool = False) -> dict:
    """Every name a formula can use without a prefix: torch's functions and objects,
    torch.nn.functional's, autograd's (`grad`, `backward`, `jacobian` ...); with `loaded`,
    those of the op modules loaded so far (the rest: gradcli.ops)."""
    torch = torch or torch_namespace()
    members = torch._members if loaded else torch.members()
    names = {name: _LazyName(torch, name) if isinstance(value, _Lazy) else value
             for name, value in members.items() if not name.startswith("_")}
    names.update(_ops_in("functional", loaded))
    auto = torch.autograd
    names.update(backward=auto.backward, grad=auto.grad, Function=auto.Function)
    for name in ("jacobian", "hessian", "vjp", "jvp", "hvp", "vhp", "gradcheck",
                 "gradgradcheck"):
        names[name] = _deferred(auto, name)
    for name in ("abs", "max", "min", "sum", "round", "pow"):
        if name in names:
            names[name] = _dual(name, getattr(builtins, name), names[name])
    for name in ("float", "int", "bool", "compile", "random"):
        names.pop(name, None)          # keep Python's conversions for bare float(x) etc.,
        # and Python's meaning of `compile` (not available) and `random` (its module)
    return names


def _overrides_members() -> dict:
    from .subclass import overrides_members     # (loaded when a formula reads it)
    return overrides_members()
