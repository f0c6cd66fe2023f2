"""`torch.optim`: the Optimizer base (parameter groups, state, zero_grad, state_dict, step
and state-dict hooks), SGD, Adam, AdamW, RMSprop and Adagrad over leaf tensors, plus the
learning-rate schedulers of `torch.optim.lr_scheduler` (LambdaLR, MultiplicativeLR, StepLR,
MultiStepLR, ConstantLR, LinearLR, ExponentialLR, PolynomialLR, CosineAnnealingLR,
ReduceLROnPlateau, SequentialLR, ChainedScheduler, CosineAnnealingWarmRestarts, OneCycleLR,
CyclicLR).

Each `step` follows PyTorch's CPU code line by line (its single-tensor step, the default on
CPU; the foreach and fused kernels where foreach=True or fused=True round differently), on
the NumPy arrays and in PyTorch's floating-point order, so results match PyTorch to the bit
(to the last ulp where PyTorch's `sqrt` goes through MKL, which is not correctly rounded):

* a Python-float hyperparameter is rounded to the tensor's dtype before it is used;
* ATen's vectorised kernels contract to fused multiply-adds: `x.add_(y, alpha=a)` is
  fma(y, a, x), `x.addcmul_(s, t, value=v)` is fma(v*s, t, x), `x.lerp_(e, w)` is
  fma(w, e-x, x) for |w| < 0.5 and fma(w-1, e-x, e) otherwise; `addcdiv_` is x + v*s/t with
  no fma. NumPy has no fma, so `_fma` emulates a correctly rounded one (round-to-odd);
* every in-place write bumps the tensor's version counter as PyTorch's in-place ops do.

Formulas may use the classes and their instances (`__gradcli_safe__`); everything that is not
PyTorch's public API starts with `_`, which formulas cannot reach.
"""
from __future__ import annotations

import math
import warnings
from bisect import bisect_right
from collections import Counter, defaultdict
import types
from types import SimpleNamespace

import numpy as np

from . import dtypes
from ._tensor import Tensor
from .autograd.grad_mode import enable_grad, no_grad
from .autograd.graph import RemovableHandle
from .errors import (TorchAssertionError, TorchKeyError, TorchNotImplementedError,
                     TorchRuntimeError, TorchTypeError, TorchValueError)
from .fpmath import fma as _fma

__gradcli_module__ = True


def _s(x, like):
    """A Python hyperparameter rounded to the array's dtype (ATen casts scalars first)."""
    return like.dtype.type(float(x))


def _add(a, b, alpha):
    """a.add(b, alpha=alpha)"""
    return _fma(b, _s(alpha, a), a)


def _mul(a, x):
    """a.mul(x)"""
    return a * _s(x, a)


def _lerp(a, end, weight):
    """a.lerp(end, weight)"""
    w = _s(weight, a)
    d = end - a
    return _fma(w, d, a) if abs(w) < 0.5 else _fma(w - w.dtype.type(1), d, end)


def _addcmul(a, t1, t2, value):
    """a.addcmul(t1, t2, value=value)"""
    return _fma(_s(value, a) * t1, t2, a)


def _addcdiv(a, t1, t2, value):
    """a.addcdiv(t1, t2, value=value)"""
    return a + _s(value, a) * t1 / t2


def _sqrt_add(a, eps, fused=False):
    """a.sqrt().add_(eps)"""
    return (np.sqrt(a) if fused else _sqrt(a)) + _s(eps, a)


def _sqrt(a):
    """a.sqrt(), as the op computes it (`ops.unary.sqrt_values`: MKL's roots on an Intel CPU
    with AVX-512, within one ulp of the correctly rounded ones). The fused kernels
    (fused=True) take the processor's correctly rounded root, np.sqrt."""
    from .ops.unary import sqrt_values
    return sqrt_values(np.asarray(a))


def _real(t: Tensor) -> np.ndarray:
    """The tensor's values, complex ones as (re, im) pairs (`torch.view_as_real`)."""
    arr = t._data
    if arr.dtype.kind != "c":
        return arr
    return np.ascontiguousarray(arr).reshape(-1).view(arr.real.dtype)


def _put(t: Tensor, values, ops: int = 1) -> None:
    """Write values into t in place, as `ops` in-place PyTorch ops would (version + ops)."""
    arr = t._data
    if arr.dtype.kind == "c" and np.asarray(values).dtype.kind != "c":
        values = np.ascontiguousarray(values).view(arr.dtype).reshape(arr.shape)
    elif arr.dtype == dtypes.BF16_NP or arr.dtype == np.float16:
        values = dtypes.convert(values, arr.dtype)      # (rounded to the dtype once)
    np.copyto(arr, values)
    t._version_box[0] += ops
    if t._requires_grad:            # its views in a graph: PyTorch regenerates their grad_fn
        from .ops.core import _regenerate_views
        _regenerate_views(t._base if t._base is not None else t)


def _new_state(values) -> Tensor:
    return Tensor._wrap(np.array(values, copy=True))


def _scalar_dtype():
    """The dtype of `state['step']` (PyTorch's `_get_scalar_dtype`)."""
    return np.float64 if dtypes.get_default_dtype().name == "float64" else np.float32


def _step_tensor(value: float = 0.0, fused: bool = False) -> Tensor:
    """A `state['step']` tensor (float32 for a fused optimizer's, as `_fused_step`)."""
    return Tensor._wrap(np.array(value, dtype=np.float32 if fused else _scalar_dtype()))


def _fused_step() -> Tensor:
    """A fused optimizer's `state['step']`: float32 whatever the default dtype."""
    return Tensor._wrap(np.array(0.0, dtype=np.float32))


def _increment(step: Tensor) -> float:
    """`step_t += 1; step = step_t.item()`"""
    _put(step, step._data + 1)
    return step.item()


def _typename(obj) -> str:
    """torch.typename: 'torch.FloatTensor', 'float', 'numpy.ndarray' ..."""
    if isinstance(obj, Tensor):
        return f"torch.{obj.dtype.legacy}Tensor"
    cls = type(obj)
    module = cls.__module__
    return cls.__qualname__ if module in ("builtins", None) else f"{module}.{cls.__qualname__}"


def _value(x):
    return x.item() if isinstance(x, Tensor) else x


def _arith(x):
    """A hyperparameter as PyTorch's step computes with it: a tensor (a tensor lr) keeps its
    dtype (`lr / bias_correction` is a float32 tensor for a float32 lr), here as a NumPy
    scalar, whose arithmetic with Python floats stays in that dtype (NumPy 2's weak
    scalars); a number stays a Python float."""
    return x._data.reshape(-1)[0] if isinstance(x, Tensor) else x


def _betas(group: dict) -> tuple:
    """The group's (beta1, beta2) as numbers (Adam keeps tensors given for them)."""
    beta1, beta2 = group["betas"]
    return _value(beta1), _value(beta2)


# -- the base class ------------------------------------------------------------------------------

class Optimizer:
    """Base of the optimizers: parameter groups, per-parameter state, zero_grad, state_dict."""

    __gradcli_safe__ = True
    #: methods a formula may replace on an instance (`opt.step = my_step`, as PyTorch's
    #: tests of the scheduler's step-order warnings do)
    __gradcli_overridable__ = ("step",)
    #: the words of PyTorch's `capturable=True` assertion; its foreach=True path names no
    #: 'xla' for most optimizers (its multi-tensor functions pass supports_xla=False)
    _capturable_what, _capturable_xla = "params and state_steps", ", 'xla'"
    _capturable_foreach_what, _capturable_foreach_xla = None, ""

    def __init__(self, params, defaults: dict):
        self.defaults = defaults
        self._hooks = {kind: [] for kind in _HOOK_KINDS}
        _patch_step(type(self))
        if isinstance(params, Tensor):
            raise TorchTypeError("params argument given to the optimizer should be an iterable "
                                 "of Tensors or dicts, but got " + _typename(params))
        self.state = defaultdict(dict)       # PyTorch's: {} for a parameter not seen
        self.param_groups = []
        groups = list(params)
        if len(groups) == 0:
            raise TorchValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def __repr__(self):
        text = type(self).__name__ + " ("
        for i, group in enumerate(self.param_groups):
            text += f"\nParameter Group {i}\n"
            for key in sorted(group.keys()):
                if key != "params":
                    text += f"    {key}: {group[key]}\n"
        return text + ")"

    def add_param_group(self, param_group: dict) -> None:
        """Add a group of parameters (with its own hyperparameters) to `param_groups`."""
        if not isinstance(param_group, dict):
            raise TorchTypeError(f"param_group must be a dict, but got {type(param_group)}")
        _take_params(param_group)
        for name, default in self.defaults.items():
            param_group.setdefault(name, default)
        params = param_group["params"]
        if len(params) != len({id(p) for p in params}):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in "
                          "future, this will cause an error; see github.com/pytorch/pytorch/"
                          "issues/40967 for more information", UserWarning, stacklevel=3)
        seen = set()
        for group in self.param_groups:
            seen.update(id(p) for p in group["params"])
            if ("param_names" in param_group) != ("param_names" in group):
                which = "with names" if "param_names" in param_group else "without names"
                raise TorchValueError("all optimizer param groups should be with/without names. "
                                      f"cannot add param group {which} to the optimizer")
        if any(id(p) in seen for p in params):
            raise TorchValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients: to None (default), or to zeros in place."""
        for group in self.param_groups:
            for p in group["params"]:
                grad = p.grad
                if grad is None:
                    continue
                if set_to_none:
                    p.grad = None
                    continue
                if grad.grad_fn is not None:
                    grad.detach_()
                else:
                    grad.requires_grad_(False)
                grad.zero_()

    def step(self, closure=None):
        """One optimization step; `closure()` (if given) re-evaluates the loss first, with
        grad mode on, and its result is returned."""
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        with no_grad():
            for group in self.param_groups:
                params = [p for p in group["params"] if p.grad is not None]
                if params:
                    _check_step_flags(self, group, params)
                    self._update(group, params)
        return loss

    def _update(self, group: dict, params: list) -> None:
        raise NotImplementedError

    def register_step_pre_hook(self, hook) -> RemovableHandle:
        """hook(optimizer, args, kwargs) before each step(); it may return (args, kwargs)."""
        return self._register("step_pre", hook)

    def register_step_post_hook(self, hook) -> RemovableHandle:
        """hook(optimizer, args, kwargs) after each step()."""
        return self._register("step_post", hook)

    def register_state_dict_pre_hook(self, hook, prepend: bool = False) -> RemovableHandle:
        """hook(optimizer) before state_dict() packs the state."""
        return self._register("state_dict_pre", hook, prepend)

    def register_state_dict_post_hook(self, hook, prepend: bool = False) -> RemovableHandle:
        """hook(optimizer, state_dict) after; a dict it returns replaces the result."""
        return self._register("state_dict_post", hook, prepend)

    def register_load_state_dict_pre_hook(self, hook, prepend: bool = False) -> RemovableHandle:
        """hook(optimizer, state_dict) before loading; a dict it returns is loaded instead."""
        return self._register("load_state_dict_pre", hook, prepend)

    def register_load_state_dict_post_hook(self, hook, prepend: bool = False) -> RemovableHandle:
        """hook(optimizer) after load_state_dict()."""
        return self._register("load_state_dict_post", hook, prepend)

    def _register(self, kind: str, hook, prepend: bool = False) -> RemovableHandle:
        hooks = self._hooks[kind]
        handle = RemovableHandle(hooks, hook)
        if prepend:
            hooks.insert(0, hooks.pop())
        return handle

    def state_dict(self) -> dict:
        """{'state': {index: per-parameter state}, 'param_groups': [groups with indices]}"""
        for hook in list(self._hooks["state_dict_pre"]):
            hook(self)
        packed = self._packed_state()
        for hook in list(self._hooks["state_dict_post"]):
            result = hook(self, packed)
            packed = packed if result is None else result
        return packed

    def _packed_state(self) -> dict:
        index: dict[int, int] = {}
        groups = []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            for p in group["params"]:
                index.setdefault(id(p), len(index))
            packed["params"] = [index[id(p)] for p in group["params"]]
            groups.append(packed)
        state = {(index[id(k)] if isinstance(k, Tensor) else k): v
                 for k, v in self.state.items()}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict) -> None:
        """Take the state and hyperparameters saved by `state_dict()` (matched by position)."""
        state_dict = state_dict.copy()
        for hook in list(self._hooks["load_state_dict_pre"]):
            result = hook(self, state_dict)
            state_dict = state_dict if result is None else result
        self._load(state_dict)
        for hook in list(self._hooks["load_state_dict_post"]):
            hook(self)

    def _load(self, state_dict: dict) -> None:
        saved = [dict(g, params=list(g["params"])) for g in state_dict["param_groups"]]
        groups = self.param_groups
        if len(groups) != len(saved):
            raise TorchValueError("loaded state dict has a different number of parameter "
                                  "groups")
        if any(len(g["params"]) != len(s["params"]) for g, s in zip(groups, saved)):
            raise TorchValueError("loaded state dict contains a parameter group that doesn't "
                                  "match the size of optimizer's group")
        id_map = {}
        for g, s in zip(groups, saved):
            id_map.update(zip(s["params"], g["params"]))
        state = defaultdict(dict)
        for k, v in state_dict["state"].items():
            if k in id_map:
                state[id_map[k]] = _cast_state(id_map[k], v)
            else:
                state[k] = v
        for g, s in zip(groups, saved):
            s["params"] = g["params"]
            if "param_names" in g and "param_names" not in s:
                s["param_names"] = g["param_names"]
        self.state, self.param_groups = state, saved
        self._after_load()

    #: PyTorch's `__setstate__` of the class, which load_state_dict runs: the (key, default)
    #: pairs each loaded group gets where it lacks them, in its order; the keys of a
    #: parameter's non-empty state it reads (a KeyError if one is missing) and makes
    #: tensors where they are numbers (steps from an old checkpoint ...); whether a group's
    #: `fused` makes those float32.
    _group_defaults: tuple = ()
    _state_tensors: tuple = ()
    _fused_steps = False

    def __setstate__(self, state: dict) -> None:
        """PyTorch's __setstate__ (a deepcopy, an unpickled optimizer): its class's group
        defaults and tensor steps, as after load_state_dict."""
        self.__dict__.update(state)
        self.defaults.setdefault("differentiable", False)
        self._after_load()

    def _after_load(self) -> None:
        for group in self.param_groups:
            for key, default in self._group_defaults:
                group.setdefault(key, default)
            fused = self._fused_steps and group.get("fused")
            for p in group["params"]:
                state = self.state.get(p, [])
                for key in self._state_tensors if len(state) != 0 else ():
                    if not isinstance(state[key], Tensor):
                        state[key] = _step_tensor(float(state[key]), bool(fused))


_HOOK_KINDS = ("step_pre", "step_post", "state_dict_pre", "state_dict_post",
               "load_state_dict_pre", "load_state_dict_post")


#: torch.optim.optimizer's global step hooks (register_optimizer_step_pre_hook...), run for
#: every optimizer: the pre-hooks before the optimizer's own, the post-hooks after them
_GLOBAL_STEP_PRE: list = []
_GLOBAL_STEP_POST: list = []


def register_optimizer_step_pre_hook(hook) -> RemovableHandle:
    """A pre-hook `hook(optimizer, args, kwargs)` of every optimizer's step()."""
    return RemovableHandle(_GLOBAL_STEP_PRE, hook)


def register_optimizer_step_post_hook(hook) -> RemovableHandle:
    """A post-hook `hook(optimizer, args, kwargs)` of every optimizer's step()."""
    return RemovableHandle(_GLOBAL_STEP_POST, hook)


def reset_global_hooks() -> None:
    """No global step hooks (a formula run starts without another run's)."""
    _GLOBAL_STEP_PRE.clear()
    _GLOBAL_STEP_POST.clear()


def _patch_step(cls) -> None:
    """PyTorch's _patch_step_function: the class's step() (once per class, a formula's
    subclass too) runs the step hooks around it and tells a scheduler it was called."""
    step = cls.step
    if getattr(step, "_hooked", False):
        return

    def hooked(self, *args, **kwargs):
        args = (self, *args)
        for hook in [*_GLOBAL_STEP_PRE, *self._hooks["step_pre"]]:
            result = hook(self, args, kwargs)
            if result is not None:
                if not (isinstance(result, tuple) and len(result) == 2):
                    where = f"<function {cls.__name__}.step at {hex(id(step))}>"
                    raise TorchRuntimeError(f"{where} must return None or a tuple of "
                                            f"(new_args, new_kwargs), but got {result}.")
                args, kwargs = result
        if getattr(self, "_step_tracked", False):
            self._opt_called = True        # a scheduler checks it (PyTorch's step order)
        out = step(*args, **kwargs)
        for hook in [*self._hooks["step_post"], *_GLOBAL_STEP_POST]:
            hook(self, args, kwargs)
        return out

    hooked._hooked = True
    hooked.__doc__ = getattr(step, "__doc__", None)
    hooked.__name__ = "step"
    hooked.__qualname__ = getattr(step, "__qualname__", "step")     # (as functools.wraps)
    hooked.__torch_owner__ = getattr(step, "__torch_owner__", None)
    cls.step = hooked


def _take_params(group: dict) -> None:
    """group['params'] as a list of leaf tensors (names split off into 'param_names')."""
    params = group["params"]
    if isinstance(params, Tensor):
        params = [params]
    elif isinstance(params, (set, frozenset)):
        raise TorchTypeError("optimizer parameters need to be organized in ordered collections, "
                             "but the ordering of tensors in sets will change between runs. "
                             "Please use a list instead.")
    else:
        params = list(params)
    names = [p[0] for p in params if isinstance(p, tuple)]
    tensors = [p[1] if isinstance(p, tuple) else p for p in params]
    group["params"] = tensors
    if names:
        if len(names) != len(tensors):
            raise TorchValueError("all optimizer params should be with/without names. Some "
                                  "param names are missing")
        group["param_names"] = names
    for p in tensors:
        if not isinstance(p, Tensor):
            raise TorchTypeError("optimizer can only optimize Tensors, but one of the params is "
                                 + _typename(p))
        if not (p.is_leaf or p.retains_grad):
            raise TorchValueError("can't optimize a non-leaf Tensor")


def _cast_state(param: Tensor, value):
    """A loaded per-parameter state: tensors other than 'step' in the parameter's dtype."""
    if not isinstance(value, dict):
        return value
    out = {}
    for key, v in value.items():
        if isinstance(v, Tensor) and key != "step" and param.is_floating_point() \
                and v.dtype != param.dtype:
            v = v.to(param.dtype)
        out[key] = v
    return out


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise TorchValueError(message)


def _check_lr(lr) -> None:
    if isinstance(lr, Tensor) and lr.numel() != 1:
        raise TorchValueError("Tensor lr must be 1-element")
    _check(0.0 <= lr, f"Invalid learning rate: {lr}")


def _check_fused(group: dict) -> None:
    """PyTorch's checks of `fused=True`, made after the parameters are taken."""
    if group["fused"]:
        if group["differentiable"]:
            raise TorchRuntimeError("`fused` does not support `differentiable`")
        if group["foreach"]:
            raise TorchRuntimeError("`fused` and `foreach` cannot be `True` together.")


_FUSED_DEVICES = "['mps', 'cuda', 'xpu', 'hpu', 'cpu', 'mtia', 'privateuseone']"


def _check_fused_params(optimizer, params: list) -> None:
    """PyTorch's _device_dtype_check_for_fused at a fused step: Adam(W) checks each parameter
    whose state is new, SGD and Adagrad only the first parameter with a gradient, once per
    optimizer; then Adagrad refuses a complex parameter, and SGD's fused kernel has none
    (gradcli refuses before updating the parameters of the dtypes PyTorch's kernel
    took first)."""
    if isinstance(optimizer, Adam):
        checked = [p for p in params if not optimizer.state[p]]
    elif getattr(optimizer, "_need_device_dtype_check_for_fused", True):
        checked = params[:1]
        optimizer._need_device_dtype_check_for_fused = False
    else:
        checked = []
    for p in checked:
        if not p.dtype.is_floating_point:
            raise TorchRuntimeError("`fused=True` requires all the params to be floating "
                                    f"point Tensors of supported devices: {_FUSED_DEVICES} "
                                    f"but {p.dtype} and cpu")
    complex_param = next((p for p in params if p.dtype.is_complex), None)
    if complex_param is not None:
        if isinstance(optimizer, Adagrad):
            raise TorchRuntimeError("`fused` does not support sparse grad or complex param")
        if isinstance(optimizer, SGD):
            raise TorchNotImplementedError(f'"fused_sgd_kernel" not implemented for '
                                           f"'{complex_param.dtype.legacy}'")


def _check_step_flags(optimizer, group: dict, params: list) -> None:
    """What PyTorch's CPU step says to `differentiable=True` (its in-place update of a leaf
    that requires grad fails; gradcli refuses the rest) and to `capturable=True` (an
    assertion: CPU tensors cannot be captured)."""
    if group.get("differentiable"):
        if any(p.is_leaf and p.requires_grad for p in params):
            raise TorchRuntimeError("a leaf Variable that requires grad is being used in an "
                                    "in-place operation.")
        raise TorchRuntimeError("gradcli: differentiable=True is not supported by "
                                "torch.optim in gradcli")
    if group.get("fused"):
        _check_fused_params(optimizer, params)
    if group.get("capturable"):
        what, xla = optimizer._capturable_what, optimizer._capturable_xla
        if group.get("foreach"):
            what = optimizer._capturable_foreach_what or what
            xla = optimizer._capturable_foreach_xla
        devices = "'cuda', 'xpu', 'hpu', 'privateuseone'" + xla
        raise TorchAssertionError(f"If capturable=True, {what} must be "
                                  f"on supported devices: [{devices}].")


def _grad(p: Tensor, maximize: bool) -> np.ndarray:
    g = _real(p.grad)
    return -g if maximize else g


# -- the optimizers ------------------------------------------------------------------------------

class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum (Nesterov), weight decay."""

    _group_defaults = (("nesterov", False), ("maximize", False), ("foreach", None),
                       ("differentiable", False), ("fused", False))

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0,
                 nesterov=False, *, maximize=False, foreach=None, differentiable=False,
                 fused=None):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise TorchValueError("Tensor lr must be 1-element")
        _check(not lr < 0.0, f"Invalid learning rate: {lr}")     # (SGD's own comparison)
        _check(momentum >= 0.0, f"Invalid momentum value: {momentum}")
        _check(weight_decay >= 0.0, f"Invalid weight_decay value: {weight_decay}")
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening,
                    "weight_decay": weight_decay, "nesterov": nesterov, "maximize": maximize,
                    "foreach": foreach, "differentiable": differentiable, "fused": fused}
        _check(not (nesterov and (momentum <= 0 or dampening != 0)),
               "Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, defaults)
        _check_fused(defaults)

    def _update(self, group, params):
        lr, wd, momentum = _value(group["lr"]), group["weight_decay"], group["momentum"]
        for p in params:
            x = _real(p)
            g = _grad(p, group["maximize"])
            if wd != 0:
                g = _add(g, x, wd)
            if momentum != 0:
                g = self._momentum(p, g, momentum, group)
            _put(p, _add(x, g, -lr))

    def _momentum(self, p, g, momentum, group):
        state = self.state[p]
        buf = state.get("momentum_buffer")
        if buf is None:
            buf = state["momentum_buffer"] = _new_state(p.grad._data)
            _put(buf, g, 0)
        else:
            b = _real(buf)
            new = _add(_mul(b, momentum), g, 1 - group["dampening"])
            if group["fused"]:
                new = _scalar_tail(new, _fma(b, _s(momentum, b),
                                             g * _s(1 - group["dampening"], b)))
            _put(buf, new, 2)
        b = _real(buf)
        return _add(g, b, momentum) if group["nesterov"] else b


def _check_adam(lr, betas, eps, weight_decay, foreach, capturable) -> tuple:
    """Adam's argument checks in PyTorch's order; the betas back with a 1-element tensor
    squeezed to 0-d (PyTorch's _to_scalar)."""
    foreach_only = foreach and not capturable
    if isinstance(lr, Tensor) and foreach_only:
        raise TorchValueError("lr as a Tensor is not supported for capturable=False and "
                              "foreach=True")
    _check_lr(lr)
    _check(0.0 <= eps, f"Invalid epsilon value: {eps}")
    _check(0.0 <= betas[0] < 1.0, f"Invalid beta parameter at index 0: {betas[0]}")
    _check(0.0 <= betas[1] < 1.0, f"Invalid beta parameter at index 1: {betas[1]}")
    _check(0.0 <= weight_decay, f"Invalid weight_decay value: {weight_decay}")
    _check(all(isinstance(b, float) for b in betas)
           or all(isinstance(b, Tensor) for b in betas),
           "betas must be either both floats or both Tensors")
    for i, beta in enumerate(betas):
        if isinstance(beta, Tensor):
            if foreach_only:
                raise TorchValueError(f"betas[{i}] as a Tensor is not supported for "
                                      "capturable=False and foreach=True")
            if beta.numel() != 1:
                raise TorchValueError(f"Tensor betas[{i}] must be 1-element")
    return tuple(b.squeeze() if isinstance(b, Tensor) and b.dim() != 0 else b for b in betas)


class Adam(Optimizer):
    """Adam (Kingma & Ba), optionally AMSGrad; `decoupled_weight_decay=True` is AdamW."""

    _group_defaults = (("amsgrad", False), ("maximize", False), ("foreach", None),
                       ("capturable", False), ("differentiable", False),
                       ("decoupled_weight_decay", False), ("fused", None))
    _state_tensors, _fused_steps = ("step",), True

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 amsgrad=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False, fused=None, decoupled_weight_decay=False):
        betas = _check_adam(lr, betas, eps, weight_decay, foreach, capturable)
        defaults = {"lr": lr, "betas": betas, "eps": eps,
                    "weight_decay": weight_decay, "amsgrad": amsgrad, "maximize": maximize,
                    "foreach": foreach, "capturable": capturable,
                    "differentiable": differentiable, "fused": fused,
                    "decoupled_weight_decay": decoupled_weight_decay}
        super().__init__(params, defaults)
        _check_fused(defaults)

    def _init_state(self, p, amsgrad, fused):
        state = self.state[p]
        if len(state) == 0:
            state["step"] = _fused_step() if fused else _step_tensor()
            state["exp_avg"] = _new_state(np.zeros_like(p._data))
            state["exp_avg_sq"] = _new_state(np.zeros_like(p._data))
            if amsgrad:
                state["max_exp_avg_sq"] = _new_state(np.zeros_like(p._data))
        return state

    def _update(self, group, params):
        for p in params:
            self._update_one(p, self._init_state(p, group["amsgrad"], group["fused"]), group)

    def _update_one(self, p, state, group):
        beta1, beta2 = _adam_betas(group)
        _, step, exp_avg, exp_avg_sq = adam_moments(p, state, group, (beta1, beta2))
        if isinstance(beta1, float):
            bias_correction1, bias_correction2 = 1 - beta1 ** step, 1 - beta2 ** step
            bias_correction2_sqrt = bias_correction2 ** 0.5
        else:           # tensor betas: PyTorch's 0-d tensor arithmetic, in their dtype
            bias_correction1 = 1 - _scalar_pow(beta1, step)
            bias_correction2_sqrt = _sqrt(np.asarray(1 - _scalar_pow(beta2, step)))[()]
        lr = _arith(group["lr"])
        if isinstance(lr, float) and not isinstance(bias_correction1, float):
            # a number / a tensor is Tensor.__rtruediv__: the reciprocal times the number
            step_size = (1 / bias_correction1) * bias_correction1.dtype.type(lr)
        else:
            step_size = lr / bias_correction1
        second = _real(exp_avg_sq)
        if group["amsgrad"]:
            _put(state["max_exp_avg_sq"], np.maximum(_real(state["max_exp_avg_sq"]), second))
            second = _real(state["max_exp_avg_sq"])
        root = np.sqrt(second) if group["fused"] else _sqrt(second)
        denom = root / _s(bias_correction2_sqrt, root) + _s(group["eps"], root)
        _put(p, _addcdiv(_real(p), _real(exp_avg), denom, -step_size))


def _adam_betas(group: dict) -> tuple:
    """Adam's (beta1, beta2): Python floats, or for tensor betas (not fused) NumPy scalars
    of their dtype, the arithmetic PyTorch's single-tensor step does with them."""
    beta1, beta2 = group["betas"]
    if isinstance(beta1, Tensor) and not group.get("fused"):
        return _arith(beta1), _arith(beta2)
    return _value(beta1), _value(beta2)


def _scalar_pow(x, exponent: float):
    """A 0-d tensor ** a Python number, as ATen's pow (0 and 1 exactly, 2 and 3 as
    products, 0.5 its sqrt, otherwise the C library's pow)."""
    if exponent in (0, 1):
        return x.dtype.type(1) if exponent == 0 else x
    if exponent in (2, 3):
        return x * x if exponent == 2 else x * x * x
    return _sqrt(np.asarray(x))[()] if exponent == 0.5 else x ** x.dtype.type(exponent)


def adam_moments(p, state, group, betas=None):
    """The first half of PyTorch's single-tensor Adam step, shared by Adam/AdamW and RAdam:
    weight decay (into the gradient, or decoupled onto p), the step count, and the moving
    averages exp_avg (a lerp) and exp_avg_sq updated in place. (lr, step, exp_avg,
    exp_avg_sq). `betas` are Adam's (_adam_betas): beta1 cast to the parameter's dtype
    first, as PyTorch's step does with a tensor beta1."""
    beta1, beta2 = betas or _betas(group)
    lr, wd = _value(group["lr"]), group["weight_decay"]
    g = _grad(p, group["maximize"])
    step = _increment(state["step"])
    if wd != 0:
        if group["decoupled_weight_decay"]:
            _put(p, _mul(_real(p), 1 - _arith(group["lr"]) * wd))
        else:
            g = _add(g, _real(p), wd)
    exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
    if not isinstance(beta1, float):
        beta1 = g.dtype.type(beta1)
    _put(exp_avg, _lerp(_real(exp_avg), g, 1 - beta1))
    sq = _real(exp_avg_sq)
    new = _addcmul(_mul(sq, beta2), g, g, 1 - beta2)
    if group.get("fused"):
        new = _scalar_tail(new, _fma(sq, _s(beta2, sq), (_s(1 - beta2, sq) * g) * g))
    _put(exp_avg_sq, new, 2)
    return lr, step, exp_avg, exp_avg_sq


def _scalar_tail(values, tail) -> np.ndarray:
    """PyTorch's fused CPU kernels (fused=True) run a loop over 32-byte (AVX2) vectors,
    then a scalar loop over the last numel % lanes elements, which the compiler contracts
    to a fused multiply-add the other way (`a*b + c*d` is fma(c, d, a*b) in the vector loop,
    fma(a, b, c*d) in the scalar one): `values` with its last elements taken from `tail`."""
    out = np.array(values)
    flat, tail = out.reshape(-1), np.broadcast_to(tail, out.shape).reshape(-1)
    start = flat.size - flat.size % (32 // flat.dtype.itemsize)
    flat[start:] = tail[start:]
    return out


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter)."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
                 amsgrad=False, *, maximize=False, foreach=None, capturable=False,
                 differentiable=False, fused=None):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach,
                         maximize=maximize, capturable=capturable,
                         differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)

    def _after_load(self) -> None:
        super()._after_load()
        for group in self.param_groups:
            group["decoupled_weight_decay"] = True


class RMSprop(Optimizer):
    """RMSprop (Hinton), optionally centered and with momentum."""

    _group_defaults = (("momentum", 0), ("centered", False), ("foreach", None),
                       ("maximize", False), ("differentiable", False), ("capturable", False))
    _state_tensors = ("step",)
    _capturable_foreach_xla = ", 'xla'"

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
                 centered=False, capturable=False, foreach=None, maximize=False,
                 differentiable=False):
        _check_lr(lr)
        _check(0.0 <= eps, f"Invalid epsilon value: {eps}")
        _check(0.0 <= momentum, f"Invalid momentum value: {momentum}")
        _check(0.0 <= weight_decay, f"Invalid weight_decay value: {weight_decay}")
        _check(0.0 <= alpha, f"Invalid alpha value: {alpha}")
        defaults = {"lr": lr, "momentum": momentum, "alpha": alpha, "eps": eps,
                    "centered": centered, "weight_decay": weight_decay,
                    "capturable": capturable, "foreach": foreach, "maximize": maximize,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    def _init_state(self, p, group):
        state = self.state[p]
        if len(state) == 0:
            state["step"] = _step_tensor()
            state["square_avg"] = _new_state(np.zeros_like(p._data))
            if group["momentum"] > 0:
                state["momentum_buffer"] = _new_state(np.zeros_like(p._data))
            if group["centered"]:
                state["grad_avg"] = _new_state(np.zeros_like(p._data))
        return state

    def _update(self, group, params):
        for p in params:
            self._update_one(p, self._init_state(p, group), group)

    def _update_one(self, p, state, group):
        alpha, lr, wd = group["alpha"], _value(group["lr"]), group["weight_decay"]
        g = _grad(p, group["maximize"])
        _increment(state["step"])
        if wd != 0:
            g = _add(g, _real(p), wd)
        square_avg = state["square_avg"]
        _put(square_avg, _addcmul(_mul(_real(square_avg), alpha), g, g, 1 - alpha), 2)
        if group["centered"]:
            grad_avg = state["grad_avg"]
            _put(grad_avg, _lerp(_real(grad_avg), g, 1 - alpha))
            ga = _real(grad_avg)
            avg = _sqrt_add(_addcmul(_real(square_avg), ga, ga, -1), group["eps"])
        else:
            avg = _sqrt_add(_real(square_avg), group["eps"])
        if group["momentum"] > 0:
            buf = state["momentum_buffer"]
            _put(buf, _addcdiv(_mul(_real(buf), group["momentum"]), g, avg, 1), 2)
            _put(p, _add(_real(p), _real(buf), -lr))
        else:
            _put(p, _addcdiv(_real(p), g, avg, -lr))


class Adagrad(Optimizer):
    """Adagrad (Duchi et al.): per-coordinate steps scaled by the summed squared gradients."""

    _group_defaults = (("foreach", None), ("maximize", False), ("differentiable", False),
                       ("fused", None))
    _state_tensors, _fused_steps = ("step",), True

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0,
                 initial_accumulator_value=0, eps=1e-10, foreach=None, *, maximize=False,
                 differentiable=False, fused=None):
        _check_lr(lr)
        _check(0.0 <= lr_decay, f"Invalid lr_decay value: {lr_decay}")
        _check(0.0 <= weight_decay, f"Invalid weight_decay value: {weight_decay}")
        _check(0.0 <= initial_accumulator_value,
               f"Invalid initial_accumulator_value value: {initial_accumulator_value}")
        _check(0.0 <= eps, f"Invalid epsilon value: {eps}")
        defaults = {"lr": lr, "lr_decay": lr_decay, "eps": eps, "weight_decay": weight_decay,
                    "initial_accumulator_value": initial_accumulator_value,
                    "foreach": foreach, "maximize": maximize,
                    "differentiable": differentiable, "fused": fused}
        super().__init__(params, defaults)
        _check_fused(defaults)
        for group in self.param_groups:
            for p in group["params"]:
                self._init_state(p, group)

    def _init_state(self, p, group):
        state = self.state[p]
        state["step"] = _fused_step() if group["fused"] else _step_tensor()  # at construction
        init = group["initial_accumulator_value"]
        if p._data.dtype.kind == "c":
            init = complex(init, init)
        state["sum"] = _new_state(np.full_like(p._data, init))

    def _update(self, group, params):
        lr, wd, lr_decay = _value(group["lr"]), group["weight_decay"], group["lr_decay"]
        for p in params:
            state = self.state[p]
            if "sum" not in state:          # a group added after construction
                self._init_state(p, group)
            step = _increment(state["step"])
            g = _grad(p, group["maximize"])
            if wd != 0:
                g = _add(g, _real(p), wd)
            clr = lr / (1 + (step - 1) * lr_decay)
            _put(state["sum"], _addcmul(_real(state["sum"]), g, g, 1))
            std = _sqrt_add(_real(state["sum"]), group["eps"], group["fused"])
            _put(p, _addcdiv(_real(p), g, std, -clr))


# -- learning-rate schedulers --------------------------------------------------------------------
# torch/optim/lr_scheduler.py of PyTorch 2.13: the same chainable formulas (each step scales
# the current lr, so the floating-point values are PyTorch's), the closed forms used when
# `step(epoch)` is given, the initial step made at construction and PyTorch's warnings.

_EPOCH_DEPRECATION = (
    "The epoch parameter in `scheduler.step()` was not necessary and is being deprecated "
    "where possible. Please use `scheduler.step()` to step the scheduler. During the "
    "deprecation, if epoch is different from None, the closed form is used instead of the new "
    "chainable form, where available. Please open an issue if you are unable to replicate "
    "your use case: https://github.com/pytorch/pytorch/issues/new/choose.")
_STEP_ORDER = (
    "Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and "
    "later, you should call them in the opposite order: `optimizer.step()` before "
    "`lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first "
    "value of the learning rate schedule. See more details at "
    "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate")


_STEP_OVERRIDDEN = (
    "Seems like `optimizer.step()` has been overridden after learning rate scheduler "
    "initialization. Please, make sure to call `optimizer.step()` before "
    "`lr_scheduler.step()`. See more details at "
    "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate")


def _track_step(optimizer) -> None:
    """PyTorch's patch_track_step_called: a scheduler wraps the optimizer's step() once (the
    class's hooked step tells it was called, `_opt_called`); a step() assigned to the
    optimizer afterwards is seen by the scheduler's first step() (`_tracked_step` is what
    was wrapped)."""
    own = optimizer.__dict__.get("step")
    if getattr(optimizer, "_step_tracked", False) and own is optimizer._tracked_step:
        return
    if not getattr(optimizer, "_step_tracked", False):
        optimizer._opt_called = False
    optimizer._step_tracked, optimizer._tracked_step = True, own


def _warn_get_lr(scheduler) -> None:
    """PyTorch's warning when get_lr() is called from outside step()."""
    if not scheduler._get_lr_called_within_step:
        warnings.warn("To get the last learning rate computed by the scheduler, please use "
                      "`get_last_lr()`.", UserWarning, stacklevel=3)


def _group_vals(optimizer, key: str) -> list:
    """Each group's `key`, a tensor cloned (PyTorch's _param_groups_val_list: a saved lr
    does not follow the group's later in-place updates)."""
    return [g[key].clone() if isinstance(g[key], Tensor) else g[key]
            for g in optimizer.param_groups]


def _update_group_val(group: dict, key: str, value) -> None:
    """PyTorch's _update_param_group_val: a tensor lr is filled in place (who holds it sees
    the new value, it stays a tensor), anything else is replaced."""
    if isinstance(group[key], Tensor):
        if isinstance(value, Tensor) and value.dim() != 0:
            value = value.squeeze()
        group[key].fill_(value)
    else:
        group[key] = value


class LRScheduler:
    """Base of the schedulers: sets each group's 'lr' from `get_lr()` at every `step()`."""

    __gradcli_safe__ = True
    _get_lr_called_within_step = False
    _is_initial = False

    def __init__(self, optimizer, last_epoch: int = -1):
        if not isinstance(optimizer, Optimizer):
            raise TorchTypeError(f"{type(optimizer).__name__} is not an Optimizer")
        if last_epoch == -1:
            for group in optimizer.param_groups:
                initial_lr = group["lr"]
                if isinstance(initial_lr, Tensor):
                    initial_lr = initial_lr.clone()
                group.setdefault("initial_lr", initial_lr)
        else:
            for i, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise TorchKeyError(
                        f"param 'initial_lr' is not specified in param_groups[{i}] when "
                        "resuming scheduler with last_epoch >= 0.\nThis typically happens "
                        "when:\n1. You're trying to resume training from a checkpoint but "
                        "haven't properly loaded the optimizer state\n2. You're using "
                        "last_epoch >= 0 for a fresh training run (not recommended)")
        self.optimizer = optimizer
        self.base_lrs = _group_vals(optimizer, "initial_lr")
        self.last_epoch = last_epoch
        _track_step(optimizer)
        self._initial_step()

    def _initial_step(self) -> None:
        self._step_count = 0
        self._is_initial = True
        try:
            self.step()
        finally:
            self._is_initial = False

    def get_last_lr(self) -> list:
        """The learning rates the last `step()` set, one per parameter group."""
        return self._last_lr

    def get_lr(self) -> list:
        raise NotImplementedError

    def step(self, epoch=None) -> None:
        """Advance one epoch (or jump to `epoch`) and set each group's 'lr'."""
        if self._step_count == 1:
            if self.optimizer.__dict__.get("step") is not self.optimizer._tracked_step:
                warnings.warn(_STEP_OVERRIDDEN, UserWarning, stacklevel=2)
            elif not getattr(self.optimizer, "_opt_called", False):
                warnings.warn(_STEP_ORDER, UserWarning, stacklevel=2)
        self._step_count += 1
        if epoch is not None:
            warnings.warn(_EPOCH_DEPRECATION, UserWarning, stacklevel=2)
        self._update_lr(epoch)

    def _update_lr(self, epoch=None) -> None:
        if epoch is None:
            self.last_epoch += 1
            values = self._within_step(self.get_lr)
        else:
            self.last_epoch = epoch
            values = self._within_step(getattr(self, "_closed_form", self.get_lr))
        self._set_lrs(values)

    def _within_step(self, compute) -> list:
        """compute() with PyTorch's _get_lr_called_within_step flag set (seen in
        state_dict(); get_lr() warns without it)."""
        self._get_lr_called_within_step = True
        try:
            return compute()
        finally:
            self._get_lr_called_within_step = False

    def _set_lrs(self, values) -> None:
        for group, lr in zip(self.optimizer.param_groups, values):
            _update_group_val(group, "lr", lr)
        self._last_lr = self._lrs()

    def state_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "optimizer"}

    def load_state_dict(self, state_dict: dict) -> None:
        self.__dict__.update(state_dict)

    def __repr__(self):
        return f"<{type(self).__torch_name__} object at {hex(id(self))}>"

    def _lrs(self) -> list:
        return _group_vals(self.optimizer, "lr")


def _lambdas(optimizer, lr_lambda, check: bool) -> list:
    if not isinstance(lr_lambda, (list, tuple)):
        lambdas = [lr_lambda] * len(optimizer.param_groups)
    elif len(lr_lambda) != len(optimizer.param_groups):
        raise TorchValueError(f"Expected {len(optimizer.param_groups)} lr_lambdas, but got "
                              f"{len(lr_lambda)}")
    else:
        lambdas = list(lr_lambda)
    for fn in lambdas if check else ():
        if not callable(fn):
            raise TorchTypeError(f"lr_lambda should be a function, but got "
                                 f"{type(fn).__name__}")
    return lambdas


def _lambdas_state(scheduler) -> dict:
    """LambdaLR's and MultiplicativeLR's state_dict, as PyTorch's: a function is not saved
    (None), a callable object's attributes are; they come last."""
    state = LRScheduler.state_dict(scheduler)
    state["lr_lambdas"] = [None if _is_function(fn) else dict(getattr(fn, "__dict__", {}))
                           for fn in state.pop("lr_lambdas")]
    return state


def _is_function(fn) -> bool:
    """A function (Python's or a formula's), which PyTorch's state_dicts save as None."""
    return isinstance(fn, types.FunctionType) or type(fn).__name__ == "function"


def _load_saved(scheduler, state_dict: dict, key: str, restore) -> None:
    """PyTorch's load_state_dict for a scheduler whose `key` entry is saved apart (lambdas,
    chained schedulers): the rest updates __dict__, then restore(i, saved) takes each
    saved item; the given dict keeps its entry."""
    saved = state_dict.pop(key)
    scheduler.__dict__.update(state_dict)
    state_dict[key] = saved
    for i, item in enumerate(saved):
        restore(i, item)


def _load_lambdas(scheduler, state_dict: dict) -> None:
    def restore(i, attributes):
        if attributes is not None:
            scheduler.lr_lambdas[i].__dict__.update(attributes)
    _load_saved(scheduler, state_dict, "lr_lambdas", restore)


class LambdaLR(LRScheduler):
    """lr = initial lr * lr_lambda(epoch)."""

    def __init__(self, optimizer, lr_lambda, last_epoch: int = -1):
        self.lr_lambdas = _lambdas(optimizer, lr_lambda, False)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        _warn_get_lr(self)
        return [base * fn(self.last_epoch) for fn, base in zip(self.lr_lambdas, self.base_lrs)]

    def state_dict(self) -> dict:
        return _lambdas_state(self)

    def load_state_dict(self, state_dict: dict) -> None:
        _load_lambdas(self, state_dict)


class MultiplicativeLR(LRScheduler):
    """lr *= lr_lambda(epoch) at every step."""

    state_dict = LambdaLR.state_dict
    load_state_dict = LambdaLR.load_state_dict

    def __init__(self, optimizer, lr_lambda, last_epoch: int = -1):
        self.lr_lambdas = _lambdas(optimizer, lr_lambda, True)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        _warn_get_lr(self)
        if self._is_initial:
            return self._lrs()
        return [group["lr"] * fn(self.last_epoch)
                for fn, group in zip(self.lr_lambdas, self.optimizer.param_groups)]


class StepLR(LRScheduler):
    """Multiply each group's lr by gamma every `step_size` epochs."""

    def __init__(self, optimizer, step_size: int, gamma: float = 0.1, last_epoch: int = -1):
        self.step_size = step_size
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        _warn_get_lr(self)
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return self._lrs()
        return [lr * self.gamma for lr in self._lrs()]

    def _closed_form(self) -> list:
        return [base * self.gamma ** (self.last_epoch // self.step_size)
                for base in self.base_lrs]


class MultiStepLR(LRScheduler):
    """Multiply each group's lr by gamma at each milestone epoch."""

    def __init__(self, optimizer, milestones, gamma: float = 0.1, last_epoch: int = -1):
        self.milestones = Counter(milestones)
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        _warn_get_lr(self)
        if self.last_epoch not in self.milestones:
            return self._lrs()
        return [lr * self.gamma ** self.milestones[self.last_epoch] for lr in self._lrs()]

    def _closed_form(self) -> list:
        milestones = sorted(self.milestones.elements())
        return [base * self.gamma ** bisect_right(milestones, self.last_epoch)
                for base in self.base_lrs]


class ConstantLR(LRScheduler):
    """lr * factor until epoch `total_iters`, then lr."""

    def __init__(self, optimizer, factor: float = 1.0 / 3, total_iters: int = 5,
                 last_epoch: int = -1):
        if factor > 1.0 or factor < 0:
            raise TorchValueError("Constant multiplicative factor expected to be between 0 "
                                  "and 1.")
        self.factor = factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        _warn_get_lr(self)
        if self.last_epoch == 0:
            return [lr * self.factor for lr in self._lrs()]
        if self.last_epoch != self.total_iters:
            return self._lrs()
        return [lr * (1.0 / self.factor) for lr in self._lrs()]

    def _closed_form(self) -> list:
        return [base * (self.factor + (self.last_epoch >= self.total_iters) *
                        (1 - self.factor)) for base in self.base_lrs]


class LinearLR(LRScheduler):
    """lr * a factor going linearly from start_factor to end_factor over total_iters."""

    def __init__(self, optimizer, start_factor: float = 1.0 / 3, end_factor: float = 1.0,
                 total_iters: int = 5, last_epoch: int = -1):
        if start_factor > 1.0 or start_factor <= 0:
            raise TorchValueError("Starting multiplicative factor expected to be greater "
                                  "than 0 and less or equal to 1.")
        if end_factor > 1.0 or end_factor < 0:
            raise TorchValueError("Ending multiplicative factor expected to be between 0 "
                                  "and 1.")
        self.start_factor, self.end_factor = start_factor, end_factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        _warn_get_lr(self)
        if self.last_epoch == 0:
            return [lr * self.start_factor for lr in self._lrs()]
        if self._is_initial or self.last_epoch > self.total_iters:
            return self._lrs()
        span = self.end_factor - self.start_factor
        return [lr * (1.0 + span / (self.total_iters * self.start_factor +
                                    (self.last_epoch - 1) * span)) for lr in self._lrs()]

    def _closed_form(self) -> list:
        return [base * (self.start_factor + (self.end_factor - self.start_factor) *
                        min(self.total_iters, self.last_epoch) / self.total_iters)
                for base in self.base_lrs]


class ExponentialLR(LRScheduler):
    """Multiply each group's lr by gamma every epoch."""

    def __init__(self, optimizer, gamma: float, last_epoch: int = -1):
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        _warn_get_lr(self)
        if self._is_initial:
            return self._lrs()
        return [lr * self.gamma for lr in self._lrs()]

    def _closed_form(self) -> list:
        return [base * self.gamma ** self.last_epoch for base in self.base_lrs]


class PolynomialLR(LRScheduler):
    """lr decays as (1 - epoch/total_iters)^power, reaching 0 at total_iters."""

    def __init__(self, optimizer, total_iters: int = 5, power: float = 1.0,
                 last_epoch: int = -1):
        self.total_iters, self.power = total_iters, power
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        _warn_get_lr(self)
        if self._is_initial or self.last_epoch > self.total_iters:
            return self._lrs()
        decay = ((1.0 - self.last_epoch / self.total_iters) /
                 (1.0 - (self.last_epoch - 1) / self.total_iters)) ** self.power
        return [lr * decay for lr in self._lrs()]

    def _closed_form(self) -> list:
        return [base * (1.0 - min(self.total_iters, self.last_epoch) / self.total_iters)
                ** self.power for base in self.base_lrs]


class CosineAnnealingLR(LRScheduler):
    """lr follows half a cosine from the initial lr down to eta_min over T_max epochs."""

    def __init__(self, optimizer, T_max: int, eta_min: float = 0.0, last_epoch: int = -1):
        self.T_max, self.eta_min = T_max, eta_min
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        _warn_get_lr(self)
        groups, lo, t = self.optimizer.param_groups, self.eta_min, self.T_max
        if self._is_initial:
            return self._lrs()
        if self._step_count == 1 and self.last_epoch > 0:
            return [lo + (base - lo) * (1 + math.cos(self.last_epoch * math.pi / t)) / 2
                    for base in self.base_lrs]
        if (self.last_epoch - 1 - t) % (2 * t) == 0:
            return [group["lr"] + (base - lo) * (1 - math.cos(math.pi / t)) / 2
                    for base, group in zip(self.base_lrs, groups)]
        return [(1 + math.cos(math.pi * self.last_epoch / t)) /
                (1 + math.cos(math.pi * (self.last_epoch - 1) / t)) * (group["lr"] - lo) + lo
                for group in groups]

    def _closed_form(self) -> list:
        return [self.eta_min + (base - self.eta_min) *
                (1 + math.cos(math.pi * self.last_epoch / self.T_max)) / 2
                for base in self.base_lrs]


class ReduceLROnPlateau(LRScheduler):
    """Multiply the lr by `factor` once the metric given to `step(metric)` has not improved
    for `patience` epochs (then wait `cooldown` epochs)."""

    def __init__(self, optimizer, mode: str = "min", factor: float = 0.1, patience: int = 10,
                 threshold: float = 1e-4, threshold_mode: str = "rel", cooldown: int = 0,
                 min_lr=0, eps: float = 1e-8):
        if factor >= 1.0:
            raise TorchValueError("Factor should be < 1.0.")
        self.factor = factor
        if not isinstance(optimizer, Optimizer):
            raise TorchTypeError(f"{type(optimizer).__name__} is not an Optimizer")
        self.optimizer = optimizer
        if isinstance(min_lr, (list, tuple)):
            if len(min_lr) != len(optimizer.param_groups):
                raise TorchValueError(f"expected {len(optimizer.param_groups)} min_lrs, got "
                                      f"{len(min_lr)}")
            self.default_min_lr, self.min_lrs = None, list(min_lr)
        else:
            self.default_min_lr, self.min_lrs = min_lr, [min_lr] * len(optimizer.param_groups)
        self.patience, self.cooldown, self.eps = patience, cooldown, eps
        self.last_epoch = 0
        self._last_lr = self._lrs()
        if mode not in ("min", "max"):
            raise TorchValueError("mode " + mode + " is unknown!")
        if threshold_mode not in ("rel", "abs"):
            raise TorchValueError("threshold mode " + threshold_mode + " is unknown!")
        self.mode_worse = math.inf if mode == "min" else -math.inf
        self.mode, self.threshold, self.threshold_mode = mode, threshold, threshold_mode
        self.best, self.cooldown_counter, self.num_bad_epochs = self.mode_worse, 0, 0

    @property
    def in_cooldown(self) -> bool:
        return self.cooldown_counter > 0

    def step(self, metrics, epoch=None) -> None:
        current = float(metrics)
        if epoch is None:
            epoch = self.last_epoch + 1
        else:
            warnings.warn(_EPOCH_DEPRECATION, UserWarning, stacklevel=2)
        self.last_epoch = epoch
        if self._is_better(current, self.best):
            self.best, self.num_bad_epochs = current, 0
        else:
            self.num_bad_epochs += 1
        if self.in_cooldown:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        if self.num_bad_epochs > self.patience:
            self._reduce_lr()
            self.cooldown_counter, self.num_bad_epochs = self.cooldown, 0
        self._last_lr = self._lrs()

    def _reduce_lr(self) -> None:
        groups = self.optimizer.param_groups
        if len(groups) != len(self.min_lrs):
            if self.default_min_lr is None:
                raise TorchRuntimeError(
                    f"The number of param groups in the `optimizer` ({len(groups)}) differs "
                    f"from when `ReduceLROnPlateau` was initialized ({len(self.min_lrs)}), "
                    "usually due to a new param group being added to the optimizer. Please "
                    "modify the `min_lrs` field to match the length of the `optimizer` param "
                    "groups.")
            self.min_lrs = [self.default_min_lr] * len(groups)
        for i, group in enumerate(groups):
            old = float(group["lr"])
            new = max(old * self.factor, self.min_lrs[i])
            if old - new > self.eps:
                _update_group_val(group, "lr", new)

    def _is_better(self, a, best) -> bool:
        if self.mode == "min":
            return a < best * (1.0 - self.threshold) if self.threshold_mode == "rel" else \
                a < best - self.threshold
        return a > best * (self.threshold + 1.0) if self.threshold_mode == "rel" else \
            a > best + self.threshold


def _check_members(kind: str, optimizer, schedulers) -> None:
    for k, sched in enumerate(schedulers):
        if not hasattr(sched, "optimizer"):
            raise TorchTypeError(f"{kind} at index {k} should have `optimizer` as its "
                                 "attribute.")
        if isinstance(sched, ReduceLROnPlateau):
            raise TorchValueError(
                f"{kind} does not support `ReduceLROnPlateau` scheduler as it requires "
                "additional kwargs to be specified when calling `step`, but got one at index "
                f"{k} in the given schedulers sequence.")
        if optimizer != sched.optimizer:
            raise TorchValueError(
                f"{kind} expects all schedulers to belong to the same optimizer, but got "
                f"scheduler {type(sched).__name__} at index {k} has {sched.optimizer}, which "
                f"is different from {type(optimizer).__name__}.")


def _undo_initial_steps(schedulers) -> None:
    """PyTorch's recursive_undo, with a stack: every scheduler inside (nested SequentialLR
    and ChainedScheduler included) takes back the step its constructor made."""
    stack = list(schedulers)
    while stack:
        sched = stack.pop()
        if hasattr(sched, "_schedulers"):
            stack.extend(sched._schedulers)
        elif hasattr(sched, "last_epoch"):
            sched.last_epoch -= 1


class _Composite(LRScheduler):
    """SequentialLR and ChainedScheduler: their state_dict holds each inner scheduler's
    state_dict (last, under '_schedulers')."""

    def state_dict(self) -> dict:
        state = {k: v for k, v in self.__dict__.items() if k not in ("optimizer", "_schedulers")}
        state["_schedulers"] = [sched.state_dict() for sched in self._schedulers]
        return state

    def load_state_dict(self, state_dict: dict) -> None:
        _load_saved(self, state_dict, "_schedulers",
                    lambda i, saved: self._schedulers[i].load_state_dict(saved))


class SequentialLR(_Composite):
    """Run `schedulers[i]` between milestones[i-1] and milestones[i]."""

    def __init__(self, optimizer, schedulers, milestones, last_epoch: int = -1):
        if len(schedulers) < 1:
            raise TorchValueError("SequentialLR expects at least one scheduler, but got no "
                                  "scheduler.")
        _check_members("SequentialLR", optimizer, schedulers)
        if len(milestones) != len(schedulers) - 1:
            raise TorchValueError(
                "Sequential Schedulers expects number of schedulers provided to be one more "
                f"than the number of milestone points, but got number of schedulers "
                f"{len(schedulers)} and the number of milestones to be equal to "
                f"{len(milestones)}")
        self._schedulers, self._milestones = list(schedulers), list(milestones)
        self.last_epoch = last_epoch + 1
        self.optimizer = optimizer
        for group in optimizer.param_groups:
            _update_group_val(group, "lr", group["initial_lr"])
        _undo_initial_steps(self._schedulers)
        first = self._schedulers[bisect_right(self._milestones, 0)]
        first._initial_step()
        self._last_lr = first.get_last_lr()

    def step(self) -> None:
        self.last_epoch += 1
        k = bisect_right(self._milestones, self.last_epoch)
        sched = self._schedulers[k]
        if k > 0 and self._milestones[k - 1] == self.last_epoch:
            sched._update_lr(0)
        else:
            sched.step()
        self._last_lr = sched.get_last_lr()


class ChainedScheduler(_Composite):
    """Step every scheduler of the list at each step (their factors multiply)."""

    def __init__(self, schedulers, optimizer=None):
        if len(schedulers) < 1:
            raise TorchValueError("ChainedScheduler expects at least one scheduler to be "
                                  "chained, but got no scheduler.")
        optimizer = optimizer or schedulers[0].optimizer
        _check_members("ChainedScheduler", optimizer, schedulers)
        self._schedulers, self.optimizer = list(schedulers), optimizer
        self._last_lr = self._schedulers[-1]._lrs()

    def step(self) -> None:
        for sched in self._schedulers:
            sched.step()
        self._last_lr = self._schedulers[-1]._lrs()


class CosineAnnealingWarmRestarts(LRScheduler):
    """Cosine annealing from the initial lr to eta_min, restarting after T_0 epochs, then
    after T_0 * T_mult, ..."""

    def __init__(self, optimizer, T_0: int, T_mult: int = 1, eta_min: float = 0.0,
                 last_epoch: int = -1):
        if T_0 <= 0 or not isinstance(T_0, int):
            raise TorchValueError(f"Expected positive integer T_0, but got {T_0}")
        if T_mult < 1 or not isinstance(T_mult, int):
            raise TorchValueError(f"Expected integer T_mult >= 1, but got {T_mult}")
        if not isinstance(eta_min, (float, int)):
            raise TorchValueError(f"Expected float or int eta_min, but got {eta_min} of type "
                                  f"{type(eta_min)}")
        self.T_0, self.T_i, self.T_mult, self.eta_min = T_0, T_0, T_mult, eta_min
        self.T_cur = last_epoch
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        _warn_get_lr(self)
        return [self.eta_min + (base - self.eta_min) *
                (1 + math.cos(math.pi * self.T_cur / self.T_i)) / 2 for base in self.base_lrs]

    def step(self, epoch=None) -> None:
        if epoch is None and self.last_epoch < 0:
            epoch = 0
        if epoch is None:
            epoch = self.last_epoch + 1
            self.T_cur = self.T_cur + 1
            if self.T_cur >= self.T_i:
                self.T_cur, self.T_i = self.T_cur % self.T_i, self.T_i * self.T_mult
        elif epoch < 0:
            raise TorchValueError(f"Expected non-negative epoch, but got {epoch}")
        elif epoch >= self.T_0:
            if self.T_mult == 1:
                self.T_cur = epoch % self.T_0
            else:
                n = int(math.log((epoch / self.T_0 * (self.T_mult - 1) + 1), self.T_mult))
                self.T_cur = epoch - self.T_0 * (self.T_mult ** n - 1) / (self.T_mult - 1)
                self.T_i = self.T_0 * self.T_mult ** n
        else:
            self.T_i, self.T_cur = self.T_0, epoch
        self.last_epoch = math.floor(epoch)
        self._set_lrs(self._within_step(self.get_lr))


def _cycles_beta1(optimizer) -> bool:
    """For OneCycleLR/CyclicLR with cycle_momentum: whether the optimizer's beta1 cycles
    (Adam-like) rather than its momentum; PyTorch's ValueError when it has neither."""
    if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
        raise TorchValueError("optimizer must support momentum or beta1 with "
                              "`cycle_momentum` option enabled")
    return "betas" in optimizer.defaults


def _per_group(name: str, optimizer, value) -> list:
    if isinstance(value, (list, tuple)):
        if len(value) != len(optimizer.param_groups):
            raise TorchValueError(
                f"{name} must have the same length as optimizer.param_groups. {name} has "
                f"{len(value)} values, param_groups has {len(optimizer.param_groups)}.")
        return list(value)
    return [value] * len(optimizer.param_groups)


def _phase(end_step, start_lr, end_lr, start_momentum, end_momentum) -> dict:
    """One of OneCycleLR's _schedule_phases (as PyTorch saves them in its state_dict)."""
    return {"end_step": end_step, "start_lr": start_lr, "end_lr": end_lr,
            "start_momentum": start_momentum, "end_momentum": end_momentum}


class OneCycleLR(LRScheduler):
    """The 1cycle policy: lr from max_lr/div_factor up to max_lr over pct_start of the steps,
    then down to initial_lr/final_div_factor (momentum, or Adam's beta1, the other way)."""

    def __init__(self, optimizer, max_lr, total_steps=None, epochs=None,
                 steps_per_epoch=None, pct_start: float = 0.3, anneal_strategy: str = "cos",
                 cycle_momentum: bool = True, base_momentum=0.85, max_momentum=0.95,
                 div_factor: float = 25.0, final_div_factor: float = 1e4,
                 three_phase: bool = False, last_epoch: int = -1):
        if not isinstance(optimizer, Optimizer):
            raise TorchTypeError(f"{type(optimizer).__name__} is not an Optimizer")
        self.optimizer = optimizer
        if total_steps is not None:
            if total_steps <= 0 or not isinstance(total_steps, int):
                raise TorchValueError(f"Expected positive integer total_steps, but got "
                                      f"{total_steps}")
            self.total_steps = total_steps
        elif epochs is not None and steps_per_epoch is not None:
            if not isinstance(epochs, int) or epochs <= 0:
                raise TorchValueError(f"Expected positive integer epochs, but got {epochs}")
            if not isinstance(steps_per_epoch, int) or steps_per_epoch <= 0:
                raise TorchValueError(f"Expected positive integer steps_per_epoch, but got "
                                      f"{steps_per_epoch}")
            self.total_steps = epochs * steps_per_epoch
        else:
            raise TorchValueError("You must define either total_steps OR (epochs AND "
                                  "steps_per_epoch)")
        up = float(pct_start * self.total_steps) - 1
        if three_phase:
            self._schedule_phases = [
                _phase(up, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                _phase(float(2 * pct_start * self.total_steps) - 2, "max_lr", "initial_lr",
                       "base_momentum", "max_momentum"),
                _phase(self.total_steps - 1, "initial_lr", "min_lr", "max_momentum",
                       "max_momentum")]
        else:
            self._schedule_phases = [
                _phase(up, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                _phase(self.total_steps - 1, "max_lr", "min_lr", "base_momentum",
                       "max_momentum")]
        if pct_start < 0 or pct_start > 1 or not isinstance(pct_start, float):
            raise TorchValueError(f"Expected float between 0 and 1 pct_start, but got "
                                  f"{pct_start}")
        if anneal_strategy not in ("cos", "linear"):
            raise TorchValueError(f"anneal_strategy must be one of 'cos' or 'linear', "
                                  f"instead got {anneal_strategy}")
        self._anneal_func_type = anneal_strategy
        max_lrs = _per_group("max_lr", optimizer, max_lr)
        if last_epoch == -1:
            for top, group in zip(max_lrs, optimizer.param_groups):
                group["initial_lr"] = top / div_factor
                group["max_lr"] = top
                group["min_lr"] = group["initial_lr"] / final_div_factor
        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            self.use_beta1 = _cycles_beta1(optimizer)
            highs = _per_group("max_momentum", optimizer, max_momentum)
            lows = _per_group("base_momentum", optimizer, base_momentum)
            if last_epoch == -1:
                for high, low, group in zip(highs, lows, optimizer.param_groups):
                    self._set_momentum(group, high)
                    group["max_momentum"], group["base_momentum"] = high, low
        super().__init__(optimizer, last_epoch)

    def _set_momentum(self, group, value) -> None:
        if self.use_beta1:
            group["betas"] = (value, *group["betas"][1:])
        else:
            group["momentum"] = value

    def _anneal_between(self, start, end, pct):
        if self._anneal_func_type == "cos":
            return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
        return (end - start) * pct + start

    def get_lr(self) -> list:
        _warn_get_lr(self)
        step = self.last_epoch
        if step > self.total_steps:
            raise TorchValueError(f"Tried to step {step} times. The specified number of total "
                                  f"steps is {self.total_steps}")
        lrs = []
        phases = self._schedule_phases
        for group in self.optimizer.param_groups:
            start = 0.0
            for k, phase in enumerate(phases):
                end = phase["end_step"]
                if step <= end or k == len(phases) - 1:
                    pct = (step - start) / (end - start)
                    lrs.append(self._anneal_between(group[phase["start_lr"]],
                                                    group[phase["end_lr"]], pct))
                    if self.cycle_momentum:
                        self._set_momentum(group, self._anneal_between(
                            group[phase["start_momentum"]], group[phase["end_momentum"]], pct))
                    break
                start = end
        return lrs


class CyclicLR(LRScheduler):
    """The lr cycles between base_lr and max_lr (triangular, triangular2, exp_range or your
    scale_fn); momentum, or Adam's beta1, cycles the other way."""

    def __init__(self, optimizer, base_lr, max_lr, step_size_up: int = 2000,
                 step_size_down=None, mode: str = "triangular", gamma: float = 1.0,
                 scale_fn=None, scale_mode: str = "cycle", cycle_momentum: bool = True,
                 base_momentum=0.8, max_momentum=0.9, last_epoch: int = -1):
        if not isinstance(optimizer, Optimizer):
            raise TorchTypeError(f"{type(optimizer).__name__} is not an Optimizer")
        self.optimizer = optimizer
        base_lrs = _per_group("base_lr", optimizer, base_lr)
        if last_epoch == -1:
            for lr, group in zip(base_lrs, optimizer.param_groups):
                _update_group_val(group, "lr", lr)
        self.max_lrs = _per_group("max_lr", optimizer, max_lr)
        up = float(step_size_up)
        down = float(step_size_down) if step_size_down is not None else up
        self.total_size = up + down
        self.step_ratio = up / self.total_size
        if mode not in ("triangular", "triangular2", "exp_range") and scale_fn is None:
            raise TorchValueError("mode is invalid and scale_fn is None")
        self.mode, self.gamma = mode, gamma
        self._scale_fn_custom, self.scale_mode = scale_fn, scale_mode
        self._init_scale_fn()
        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            self.use_beta1 = _cycles_beta1(optimizer)
            self.base_momentums = _per_group("base_momentum", optimizer, base_momentum)
            self.max_momentums = _per_group("max_momentum", optimizer, max_momentum)
            if last_epoch == -1:
                for high, low, group in zip(self.max_momentums, self.base_momentums,
                                            optimizer.param_groups):
                    OneCycleLR._set_momentum(self, group, high)
                    group["max_momentum"], group["base_momentum"] = high, low
        super().__init__(optimizer, last_epoch)
        self.base_lrs = base_lrs

    def _init_scale_fn(self) -> None:
        if self._scale_fn_custom is None:
            self.scale_mode = "iterations" if self.mode == "exp_range" else "cycle"

    def state_dict(self) -> dict:
        """PyTorch's: a scale_fn function is saved as None, a callable object's attributes
        are; it comes last."""
        state = LRScheduler.state_dict(self)
        fn = state.pop("_scale_fn_custom")
        state["_scale_fn_custom"] = None if fn is None or _is_function(fn) \
            else dict(getattr(fn, "__dict__", {}))
        return state

    def load_state_dict(self, state_dict: dict) -> None:
        saved = state_dict.pop("_scale_fn_custom")       # PyTorch leaves it out of the dict
        self.__dict__.update(state_dict)
        if saved is not None:
            self._scale_fn_custom.__dict__.update(saved)
        self._init_scale_fn()

    def scale_fn(self, x) -> float:
        if self._scale_fn_custom is not None:
            return self._scale_fn_custom(x)
        if self.mode == "triangular2":
            return 1 / (2.0 ** (x - 1))
        if self.mode == "exp_range":
            return self.gamma ** x
        return 1.0

    def get_lr(self) -> list:
        _warn_get_lr(self)
        cycle = math.floor(1 + self.last_epoch / self.total_size)
        x = 1.0 + self.last_epoch / self.total_size - cycle
        factor = x / self.step_ratio if x <= self.step_ratio else \
            (x - 1) / (self.step_ratio - 1)
        scale = self.scale_fn(cycle if self.scale_mode == "cycle" else self.last_epoch)
        lrs = [low + (high - low) * factor * scale
               for low, high in zip(self.base_lrs, self.max_lrs)]
        if self.cycle_momentum:
            for low, high, group in zip(self.base_momentums, self.max_momentums,
                                        self.optimizer.param_groups):
                OneCycleLR._set_momentum(self, group, high - (high - low) * factor * scale)
        return lrs


_SCHEDULERS = (LRScheduler, LambdaLR, MultiplicativeLR, StepLR, MultiStepLR, ConstantLR,
               LinearLR, ExponentialLR, PolynomialLR, CosineAnnealingLR, ReduceLROnPlateau,
               SequentialLR, ChainedScheduler, CosineAnnealingWarmRestarts, OneCycleLR,
               CyclicLR)


def _name_classes() -> None:
    """PyTorch's module paths, as a class prints (`<class 'torch.optim.sgd.SGD'>`) and a
    scheduler's default repr shows them."""
    from .optim_extra import OPTIMIZERS
    from .optim_lbfgs import LBFGS
    for cls in (Optimizer, SGD, Adam, AdamW, RMSprop, Adagrad, LBFGS, *OPTIMIZERS):
        module = "sparse_adam" if cls.__name__ == "SparseAdam" else cls.__name__.lower()
        cls.__torch_name__ = f"torch.optim.{module}.{cls.__name__}"
        if "step" not in vars(cls):
            cls.step = _own_step(cls)
    for cls in _SCHEDULERS:
        cls.__torch_name__ = f"torch.optim.lr_scheduler.{cls.__name__}"


def _own_step(cls):
    """`cls.step`, as PyTorch's optimizers each define theirs (`<function SGD.step at
    0x...>`, of torch.optim.sgd)."""
    base = cls.step

    def step(self, closure=None):
        return base(self, closure)
    step.__qualname__ = f"{cls.__name__}.step"
    step.__doc__ = base.__doc__
    step.__torch_owner__ = cls
    return step


def namespace():
    """What `torch.optim` is in a formula."""
    from .namespace import Namespace
    schedulers = Namespace("torch.optim.lr_scheduler",
                           {**{cls.__name__: cls for cls in _SCHEDULERS},
                            "EPOCH_DEPRECATION_WARNING": _EPOCH_DEPRECATION})
    from .optim_extra import OPTIMIZERS
    from .optim_lbfgs import LBFGS
    from . import optim_swa
    from .optim_stateless import swap_in_optimizer_params_and_state
    swa_utils = Namespace("torch.optim.swa_utils",
                          {name: getattr(optim_swa, name) for name in optim_swa.__all__})
    optimizer = Namespace("torch.optim.optimizer", {
        "Optimizer": Optimizer,
        "register_optimizer_step_pre_hook": register_optimizer_step_pre_hook,
        "register_optimizer_step_post_hook": register_optimizer_step_post_hook})
    return Namespace("torch.optim", {
        "Optimizer": Optimizer, "optimizer": optimizer, "SGD": SGD, "Adam": Adam,
        "AdamW": AdamW, "RMSprop": RMSprop, "Adagrad": Adagrad, "lr_scheduler": schedulers,
        "swa_utils": swa_utils, "LBFGS": LBFGS, **{cls.__name__: cls for cls in OPTIMIZERS},
        "swap_in_optimizer_params_and_state": swap_in_optimizer_params_and_state})


#: `gradcli.optim.lr_scheduler` for library use (the formula side is `namespace()`).
lr_scheduler = SimpleNamespace(**{cls.__name__: cls for cls in _SCHEDULERS})
__path__: list = []     # a package to Python's import: `import gradcli.optim.lr_scheduler`
#                         then finds lr_scheduler (gradcli._Submodules)


def __getattr__(name):
    """The optimizers and modules kept in other files (Adadelta, Adamax, NAdam, RAdam,
    ASGD, Rprop, SparseAdam, LBFGS, swa_utils), loaded on first use, for library use as
    in a formula (`namespace()`)."""
    from .optim_extra import OPTIMIZERS
    found = {cls.__name__: cls for cls in OPTIMIZERS}.get(name)
    if name == "LBFGS":
        from .optim_lbfgs import LBFGS as found
    elif name == "swa_utils":
        from . import optim_swa
        found = SimpleNamespace(**{n: getattr(optim_swa, n) for n in optim_swa.__all__})
    if found is None:
        raise AttributeError(f"module 'gradcli.optim' has no attribute '{name}'")
    globals()[name] = found             # the same object from now on
    return found

_name_classes()
