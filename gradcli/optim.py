"""`torch.optim`: SGD, Adam, AdamW, RMSprop and Adagrad over leaf tensors, plus the StepLR and
ExponentialLR schedulers (`torch.optim.lr_scheduler`).

Each `step` follows PyTorch's single-tensor CPU code line by line, on the NumPy arrays and in
PyTorch's floating-point order, so results match PyTorch to the bit (to the last ulp where
PyTorch's `sqrt` goes through MKL, which is not correctly rounded):

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

import warnings

import numpy as np

from . import dtypes
from ._tensor import Tensor
from .autograd.grad_mode import enable_grad, no_grad
from .errors import TorchRuntimeError, TorchTypeError, TorchValueError
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


def _sqrt_add(a, eps):
    """a.sqrt().add_(eps)"""
    return _sqrt(a) + _s(eps, a)


def _sqrt(a):
    """a.sqrt(): correctly rounded here; PyTorch's CPU sqrt goes through MKL's vector math
    (VML_HA), which is within one ulp of this but not always equal to it."""
    return np.sqrt(a)


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
    np.copyto(arr, values)
    t._version_box[0] += ops


def _new_state(values) -> Tensor:
    return Tensor._wrap(np.array(values, copy=True))


def _scalar_dtype():
    """The dtype of `state['step']` (PyTorch's `_get_scalar_dtype`)."""
    return np.float64 if dtypes.get_default_dtype().name == "float64" else np.float32


def _step_tensor(value: float = 0.0) -> Tensor:
    return Tensor._wrap(np.array(value, dtype=_scalar_dtype()))


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


# -- the base class ------------------------------------------------------------------------------

class _State(dict):
    """`optimizer.state`: a dict that makes `{}` for a parameter it has not seen (PyTorch's
    `defaultdict(dict)`, printed the same way)."""

    __gradcli_safe__ = True
    __slots__ = ()

    def __missing__(self, key):
        value = self[key] = {}
        return value

    def __repr__(self):
        return f"defaultdict(<class 'dict'>, {dict.__repr__(self)})"


class Optimizer:
    """Base of the optimizers: parameter groups, per-parameter state, zero_grad, state_dict."""

    __gradcli_safe__ = True

    def __init__(self, params, defaults: dict):
        self.defaults = defaults
        if isinstance(params, Tensor):
            raise TorchTypeError("params argument given to the optimizer should be an iterable "
                                 "of Tensors or dicts, but got " + _typename(params))
        self.state = _State()
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
                    self._update(group, params)
        return loss

    def _update(self, group: dict, params: list) -> None:
        raise NotImplementedError

    def state_dict(self) -> dict:
        """{'state': {index: per-parameter state}, 'param_groups': [groups with indices]}"""
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
        state = _State()
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

    def _after_load(self) -> None:
        """Steps saved as numbers become tensors again (PyTorch's `__setstate__`)."""
        for value in self.state.values():
            if isinstance(value, dict) and "step" in value \
                    and not isinstance(value["step"], Tensor):
                value["step"] = _step_tensor(float(value["step"]))


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


def _check_flags(differentiable, fused, foreach) -> None:
    if differentiable:
        raise TorchRuntimeError("gradcli: differentiable=True is not supported by "
                                "torch.optim in gradcli")
    if fused and foreach:
        raise TorchRuntimeError("`fused` and `foreach` cannot be `True` together.")


def _grad(p: Tensor, maximize: bool) -> np.ndarray:
    g = _real(p.grad)
    return -g if maximize else g


# -- the optimizers ------------------------------------------------------------------------------

class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum (Nesterov), weight decay."""

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0,
                 nesterov=False, *, maximize=False, foreach=None, differentiable=False,
                 fused=None):
        _check_lr(lr)
        _check(momentum >= 0.0, f"Invalid momentum value: {momentum}")
        _check(weight_decay >= 0.0, f"Invalid weight_decay value: {weight_decay}")
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening,
                    "weight_decay": weight_decay, "nesterov": nesterov, "maximize": maximize,
                    "foreach": foreach, "differentiable": differentiable, "fused": fused}
        _check(not (nesterov and (momentum <= 0 or dampening != 0)),
               "Nesterov momentum requires a momentum and zero dampening")
        _check_flags(differentiable, fused, foreach)
        super().__init__(params, defaults)

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
            _put(buf, _add(_mul(_real(buf), momentum), g, 1 - group["dampening"]), 2)
        b = _real(buf)
        return _add(g, b, momentum) if group["nesterov"] else b


def _check_adam(lr, betas, eps, weight_decay) -> None:
    _check_lr(lr)
    _check(0.0 <= eps, f"Invalid epsilon value: {eps}")
    _check(0.0 <= betas[0] < 1.0, f"Invalid beta parameter at index 0: {betas[0]}")
    _check(0.0 <= betas[1] < 1.0, f"Invalid beta parameter at index 1: {betas[1]}")
    _check(0.0 <= weight_decay, f"Invalid weight_decay value: {weight_decay}")
    _check(all(isinstance(b, float) for b in betas)
           or all(isinstance(b, Tensor) for b in betas),
           "betas must be either both floats or both Tensors")


class Adam(Optimizer):
    """Adam (Kingma & Ba), optionally AMSGrad; `decoupled_weight_decay=True` is AdamW."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 amsgrad=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False, fused=None, decoupled_weight_decay=False):
        _check_adam(lr, betas, eps, weight_decay)
        _check_flags(differentiable, fused, foreach)
        defaults = {"lr": lr, "betas": tuple(_value(b) for b in betas), "eps": eps,
                    "weight_decay": weight_decay, "amsgrad": amsgrad, "maximize": maximize,
                    "foreach": foreach, "capturable": capturable,
                    "differentiable": differentiable, "fused": fused,
                    "decoupled_weight_decay": decoupled_weight_decay}
        super().__init__(params, defaults)

    def _init_state(self, p, amsgrad):
        state = self.state[p]
        if len(state) == 0:
            state["step"] = _step_tensor()
            state["exp_avg"] = _new_state(np.zeros_like(p._data))
            state["exp_avg_sq"] = _new_state(np.zeros_like(p._data))
            if amsgrad:
                state["max_exp_avg_sq"] = _new_state(np.zeros_like(p._data))
        return state

    def _update(self, group, params):
        for p in params:
            self._update_one(p, self._init_state(p, group["amsgrad"]), group)

    def _update_one(self, p, state, group):
        beta1, beta2 = group["betas"]
        lr, wd = _value(group["lr"]), group["weight_decay"]
        g = _grad(p, group["maximize"])
        step = _increment(state["step"])
        if wd != 0:
            if group["decoupled_weight_decay"]:
                _put(p, _mul(_real(p), 1 - lr * wd))
            else:
                g = _add(g, _real(p), wd)
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        _put(exp_avg, _lerp(_real(exp_avg), g, 1 - beta1))
        _put(exp_avg_sq, _addcmul(_mul(_real(exp_avg_sq), beta2), g, g, 1 - beta2), 2)
        step_size = lr / (1 - beta1 ** step)
        bias_correction2_sqrt = (1 - beta2 ** step) ** 0.5
        second = _real(exp_avg_sq)
        if group["amsgrad"]:
            _put(state["max_exp_avg_sq"], np.maximum(_real(state["max_exp_avg_sq"]), second))
            second = _real(state["max_exp_avg_sq"])
        root = _sqrt(second)
        denom = root / _s(bias_correction2_sqrt, root) + _s(group["eps"], root)
        _put(p, _addcdiv(_real(p), _real(exp_avg), denom, -step_size))


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter)."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
                 amsgrad=False, *, maximize=False, foreach=None, capturable=False,
                 differentiable=False, fused=None):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach,
                         maximize=maximize, capturable=capturable,
                         differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)


class RMSprop(Optimizer):
    """RMSprop (Hinton), optionally centered and with momentum."""

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
                 centered=False, capturable=False, foreach=None, maximize=False,
                 differentiable=False):
        _check_lr(lr)
        _check(0.0 <= eps, f"Invalid epsilon value: {eps}")
        _check(0.0 <= momentum, f"Invalid momentum value: {momentum}")
        _check(0.0 <= weight_decay, f"Invalid weight_decay value: {weight_decay}")
        _check(0.0 <= alpha, f"Invalid alpha value: {alpha}")
        _check_flags(differentiable, None, foreach)
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

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0,
                 initial_accumulator_value=0, eps=1e-10, foreach=None, *, maximize=False,
                 differentiable=False, fused=None):
        _check_lr(lr)
        _check(0.0 <= lr_decay, f"Invalid lr_decay value: {lr_decay}")
        _check(0.0 <= weight_decay, f"Invalid weight_decay value: {weight_decay}")
        _check(0.0 <= initial_accumulator_value,
               f"Invalid initial_accumulator_value value: {initial_accumulator_value}")
        _check(0.0 <= eps, f"Invalid epsilon value: {eps}")
        _check_flags(differentiable, fused, foreach)
        defaults = {"lr": lr, "lr_decay": lr_decay, "eps": eps, "weight_decay": weight_decay,
                    "initial_accumulator_value": initial_accumulator_value,
                    "foreach": foreach, "maximize": maximize,
                    "differentiable": differentiable, "fused": fused}
        super().__init__(params, defaults)
        for group in self.param_groups:
            for p in group["params"]:
                self._init_state(p, group)

    def _init_state(self, p, group):
        state = self.state[p]
        state["step"] = _step_tensor()   # at construction, as PyTorch does
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
            std = _sqrt_add(_real(state["sum"]), group["eps"])
            _put(p, _addcdiv(_real(p), g, std, -clr))


# -- learning-rate schedulers --------------------------------------------------------------------

class LRScheduler:
    """Base of the schedulers: sets each group's 'lr' from `get_lr()` at every `step()`."""

    __gradcli_safe__ = True

    def __init__(self, optimizer, last_epoch: int = -1):
        if not isinstance(optimizer, Optimizer):
            raise TorchTypeError(f"{type(optimizer).__name__} is not an Optimizer")
        if last_epoch == -1:
            for group in optimizer.param_groups:
                group.setdefault("initial_lr", group["lr"])
        else:
            for i, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise TorchValueError(f"param 'initial_lr' is not specified in "
                                          f"param_groups[{i}] when resuming scheduler with "
                                          "last_epoch >= 0.")
        self.optimizer = optimizer
        self.base_lrs = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        self._step_count = 0
        self.step()

    def get_last_lr(self) -> list:
        """The learning rates the last `step()` set, one per parameter group."""
        return self._last_lr

    def get_lr(self) -> list:
        raise NotImplementedError

    def step(self, epoch=None) -> None:
        """Advance one epoch (or jump to `epoch`) and set each group's 'lr'."""
        self._step_count += 1
        if epoch is None:
            self.last_epoch += 1
            values = self.get_lr()
        else:
            self.last_epoch = epoch
            values = self._closed_form()
        for group, lr in zip(self.optimizer.param_groups, values):
            group["lr"] = lr
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def _closed_form(self) -> list:
        return self.get_lr()


class StepLR(LRScheduler):
    """Multiply each group's lr by gamma every `step_size` epochs."""

    def __init__(self, optimizer, step_size: int, gamma: float = 0.1, last_epoch: int = -1):
        self.step_size = step_size
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        groups = self.optimizer.param_groups
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return [group["lr"] for group in groups]
        return [group["lr"] * self.gamma for group in groups]

    def _closed_form(self) -> list:
        return [base * self.gamma ** (self.last_epoch // self.step_size)
                for base in self.base_lrs]


class ExponentialLR(LRScheduler):
    """Multiply each group's lr by gamma every epoch."""

    def __init__(self, optimizer, gamma: float, last_epoch: int = -1):
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        groups = self.optimizer.param_groups
        if self.last_epoch == 0:
            return [group["lr"] for group in groups]
        return [group["lr"] * self.gamma for group in groups]

    def _closed_form(self) -> list:
        return [base * self.gamma ** self.last_epoch for base in self.base_lrs]


def namespace():
    """What `torch.optim` is in a formula."""
    from .namespace import Namespace
    schedulers = Namespace("torch.optim.lr_scheduler", {
        "LRScheduler": LRScheduler, "StepLR": StepLR, "ExponentialLR": ExponentialLR})
    return Namespace("torch.optim", {
        "Optimizer": Optimizer, "SGD": SGD, "Adam": Adam, "AdamW": AdamW, "RMSprop": RMSprop,
        "Adagrad": Adagrad, "lr_scheduler": schedulers})


class _Module:
    """`gradcli.optim.lr_scheduler` for library use (the formula side is `namespace()`)."""

    LRScheduler, StepLR, ExponentialLR = LRScheduler, StepLR, ExponentialLR


lr_scheduler = _Module
