"""torch.optim.swa_utils: weight averaging (SWA, EMA) and the SWA learning-rate schedule.

`AveragedModel` keeps a deep copy of a model whose parameters (and, with use_buffers=True,
buffers) are a running average of the model's: an equal-weight average by default
(avg_{n+1} = avg_n + (p - avg_n) / (n + 1), as `lerp` with weight 1/(n+1)), or what
`avg_fn` / `multi_avg_fn` compute, e.g. an exponential moving average from
`get_ema_multi_avg_fn(decay)`. `update_bn` recomputes BatchNorm statistics with one pass
over data; `SWALR` anneals each group's learning rate to `swa_lr`. Values, printing and error
texts are PyTorch 2.13's (torch/optim/swa_utils.py), including the float32 rounding of the
default average's weight, which PyTorch computes as a tensor (1 / (n_averaged + 1)).
"""
from __future__ import annotations

import copy
import itertools
import math

from . import dtypes
from .autograd.grad_mode import no_grad
from .errors import TorchAssertionError, TorchValueError
from .ops import creation
from .nn.modules.module import Module
from .nn.modules.normalization import _BatchNorm, _InstanceNorm
from .optim import LRScheduler, _lerp, _put, _warn_get_lr

__gradcli_module__ = True
__all__ = ["AveragedModel", "update_bn", "SWALR", "get_ema_multi_avg_fn",
           "get_swa_multi_avg_fn", "get_ema_avg_fn", "get_swa_avg_fn"]


def _check_decay(decay) -> None:
    if decay < 0.0 or decay > 1.0:
        raise TorchValueError(f"Invalid decay value {decay} provided. Please provide a value "
                              "in [0,1] range.")


def _is_float(t) -> bool:
    return t._data.dtype.kind in "fc"


def _lerp_all(averaged: list, current: list, weight) -> None:
    """torch._foreach_lerp_(averaged, current, weight): each a.lerp_(c, weight)."""
    for a, c in zip(averaged, current):
        _put(a, _lerp(a._data, c._data.astype(a._data.dtype, copy=False), weight))


def get_ema_multi_avg_fn(decay=0.999):
    """The in-place EMA update of a list of parameters: ema = decay*ema + (1-decay)*p."""
    _check_decay(decay)

    def ema_update(ema_param_list, current_param_list, _):
        with no_grad():
            if _is_float(ema_param_list[0]):
                _lerp_all(ema_param_list, current_param_list, 1 - decay)
            else:
                for p_ema, p_model in zip(ema_param_list, current_param_list):
                    p_ema.copy_(p_ema * decay + p_model * (1 - decay))
    return ema_update


def get_swa_multi_avg_fn():
    """The in-place equal-weight update of a list of parameters: avg += (p - avg) / (n + 1)."""
    def swa_update(averaged_param_list, current_param_list, num_averaged):
        with no_grad():
            if _is_float(averaged_param_list[0]):
                _lerp_all(averaged_param_list, current_param_list,
                          _as_float(1 / (num_averaged + 1)))
                return
            for a, c in zip(averaged_param_list, current_param_list):
                if hasattr(num_averaged, "_data"):
                    a.addcdiv_(c - a, num_averaged + 1)
                else:
                    a.add_(c - a, alpha=1.0 / (num_averaged + 1))
    return swa_update


def _as_float(weight) -> float:
    """A 0-d tensor weight as the Python float PyTorch's foreach kernel reads from it."""
    return weight.item() if hasattr(weight, "item") else float(weight)


def get_ema_avg_fn(decay=0.999):
    """The EMA of one parameter: decay * ema + (1 - decay) * p."""
    _check_decay(decay)

    def ema_update(ema_param, current_param, num_averaged):
        with no_grad():
            return decay * ema_param + (1 - decay) * current_param
    return ema_update


def get_swa_avg_fn():
    """The equal-weight average of one parameter: avg + (p - avg) / (n + 1)."""
    def swa_update(averaged_param, current_param, num_averaged):
        with no_grad():
            return averaged_param + (current_param - averaged_param) / (num_averaged + 1)
    return swa_update


class AveragedModel(Module):
    """A copy of `model` whose parameters are a running average of the model's."""

    def __init__(self, model, device=None, avg_fn=None, multi_avg_fn=None,
                 use_buffers=False):
        super().__init__()
        if avg_fn is not None and multi_avg_fn is not None:
            raise TorchAssertionError("Only one of avg_fn and multi_avg_fn should be provided")
        self.module = copy.deepcopy(model)
        if device is not None:
            self.module = self.module.to(device)
        self.register_buffer("n_averaged", creation.tensor(0, dtype=dtypes.int64))
        self.avg_fn = avg_fn
        self.multi_avg_fn = multi_avg_fn
        self.use_buffers = use_buffers

    def forward(self, *args, **kwargs):
        return self.module(*args, **kwargs)

    def update_parameters(self, model) -> None:
        """Fold the model's current parameters into the average (the first call copies)."""
        if self.use_buffers:
            mine = itertools.chain(self.module.parameters(), self.module.buffers())
            theirs = itertools.chain(model.parameters(), model.buffers())
        else:
            mine, theirs = self.parameters(), model.parameters()
        pairs = [(a.detach(), p.detach()) for a, p in zip(mine, theirs)]
        if int(self.n_averaged.item()) == 0:
            for a, p in pairs:
                a.copy_(p)
        else:
            self._average(pairs)
        if not self.use_buffers:      # buffers follow the model rather than being averaged
            for b_swa, b_model in zip(self.module.buffers(), model.buffers()):
                b_swa.detach().copy_(b_model.detach())
        self.n_averaged += 1

    def _average(self, pairs: list) -> None:
        """PyTorch on the CPU: multi_avg_fn on each group of one dtype if given, else avg_fn
        (by default avg + (p - avg) / (n + 1), a true division) parameter by parameter."""
        if self.multi_avg_fn is not None:
            for group in _by_dtype(pairs):
                self.multi_avg_fn([a for a, _ in group], [p for _, p in group],
                                  self.n_averaged)
            return
        average = self.avg_fn or get_swa_avg_fn()
        for a, p in pairs:
            a.copy_(average(a, p, self.n_averaged))


def _by_dtype(pairs: list) -> list:
    groups: dict = {}
    for a, p in pairs:
        groups.setdefault((a._data.dtype, p._data.dtype), []).append((a, p))
    return list(groups.values())


def update_bn(loader, model, device=None) -> None:
    """Recompute the BatchNorm running statistics of `model` with one pass over `loader`
    (each batch a tensor, or a list/tuple whose first item is the input)."""
    with no_grad():
        momenta = {}
        for module in model.modules():
            if isinstance(module, _BatchNorm) and not isinstance(module, _InstanceNorm):
                module.reset_running_stats()
                momenta[module] = module.momentum
        if not momenta:
            return
        was_training = model.training
        model.train()
        for module in momenta:
            module.momentum = None
        for batch in loader:
            if isinstance(batch, (list, tuple)):
                batch = batch[0]
            if device is not None:
                batch = batch.to(device)
            model(batch)
        for module, momentum in momenta.items():
            module.momentum = momentum
        model.train(was_training)


class SWALR(LRScheduler):
    """Anneal each group's learning rate to its `swa_lr` over `anneal_epochs` steps ('cos' or
    'linear'), then hold it there."""

    def __init__(self, optimizer, swa_lr, anneal_epochs=10, anneal_strategy="cos",
                 last_epoch=-1):
        swa_lrs = _format_param("swa_lr", optimizer, swa_lr)
        for value, group in zip(swa_lrs, optimizer.param_groups):
            group["swa_lr"] = value
        if anneal_strategy not in ["cos", "linear"]:
            raise TorchValueError("anneal_strategy must be one of 'cos' or 'linear', "
                                  f"instead got {anneal_strategy}")
        self._set_anneal_func(anneal_strategy)
        if not isinstance(anneal_epochs, int) or anneal_epochs < 0:
            raise TorchValueError(
                f"anneal_epochs must be equal or greater than 0, got {anneal_epochs}")
        self.anneal_epochs = anneal_epochs
        super().__init__(optimizer, last_epoch)

    @staticmethod
    def _linear_anneal(t):
        return t

    @staticmethod
    def _cosine_anneal(t):
        return (1 - math.cos(math.pi * t)) / 2

    @staticmethod
    def _get_initial_lr(lr, swa_lr, alpha):
        if alpha == 1:
            return swa_lr
        return (lr - alpha * swa_lr) / (1 - alpha)

    def get_lr(self) -> list:
        _warn_get_lr(self)
        step = self._step_count - 1
        if self.anneal_epochs == 0:
            step = max(1, step)
        prev_alpha = self.anneal_func(max(0, min(1, (step - 1) / max(1, self.anneal_epochs))))
        prev_lrs = [self._get_initial_lr(group["lr"], group["swa_lr"], prev_alpha)
                    for group in self.optimizer.param_groups]
        alpha = self.anneal_func(max(0, min(1, step / max(1, self.anneal_epochs))))
        return [group["swa_lr"] * alpha + lr * (1 - alpha)
                for group, lr in zip(self.optimizer.param_groups, prev_lrs)]

    def _set_anneal_func(self, anneal_strategy) -> None:
        self._anneal_strategy = anneal_strategy
        self.anneal_func = (self._cosine_anneal if anneal_strategy == "cos"
                            else self._linear_anneal)

    def state_dict(self) -> dict:
        return {key: value for key, value in self.__dict__.items()
                if key not in ("optimizer", "anneal_func")}

    def load_state_dict(self, state_dict: dict) -> None:
        self.__dict__.update(state_dict)
        self._set_anneal_func(self._anneal_strategy)


def _format_param(name: str, optimizer, param) -> list:
    """One value per parameter group: a list or tuple of them, or one value for all."""
    groups = optimizer.param_groups
    if isinstance(param, (list, tuple)):
        if len(param) != len(groups):
            raise TorchValueError(
                f"{name} must have the same length as optimizer.param_groups. {name} has "
                f"{len(param)} values, param_groups has {len(groups)}.")
        return list(param)
    return [param] * len(groups)


for _cls in (AveragedModel, SWALR):
    _cls.__torch_name__ = f"torch.optim.swa_utils.{_cls.__name__}"
del _cls
