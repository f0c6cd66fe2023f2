"""torch.optim.swap_in_optimizer_params_and_state (PyTorch 2.13's torch/optim/_stateless.py):
run an optimizer's APIs against other parameter tensors and an `optimizer.state_dict()`-shaped
state for the length of a `with` block, the live optimizer restored at its end. The swap-in
state is checked as PyTorch checks it, with its words.
"""
from __future__ import annotations

from collections import defaultdict

from ._tensor import Tensor
from .errors import TorchRuntimeError

_NAME = "swap_in_optimizer_params_and_state"


class swap_in_optimizer_params_and_state:  # noqa: N801 (PyTorch's name)
    """For the block: `optimizer.param_groups` hold `swapin_parameters` (in the order of the
    optimizer's own parameters) and the swap-in groups' hyperparameters, and
    `optimizer.state` the swap-in per-parameter states (shallow copies: in-place tensor
    updates reach `swapin_optim_state`, nothing else does)."""

    __gradcli_safe__ = True
    __torch_name__ = "contextlib._GeneratorContextManager"

    def __init__(self, optimizer, swapin_parameters: dict, swapin_optim_state: dict):
        self._args = optimizer, swapin_parameters, swapin_optim_state

    def __enter__(self):
        opt = self._optimizer = self._args[0]
        state, groups = _prepare_swap_in(*self._args)     # (checked as the block starts)
        self._original_state = opt.state
        self._snapshots = [dict(g) for g in opt.param_groups]
        swapin_state = defaultdict(dict)
        for live, swapin_group, params in groups:
            live["params"] = params
            for key, value in swapin_group.items():
                if key != "params":
                    live[key] = value
            for param, param_id in zip(params, swapin_group["params"], strict=True):
                swapin_state[param] = dict(state.get(param_id, {}))
        opt.state = swapin_state
        return None

    def __exit__(self, *exc) -> bool:
        opt = self._optimizer
        for group, snapshot in zip(opt.param_groups, self._snapshots, strict=True):
            group.clear()
            group.update(snapshot)
        opt.state = self._original_state
        return False


def _prepare_swap_in(optimizer, swapin_parameters: dict, swapin_optim_state) -> tuple:
    """(state by packed id, [(live group, swap-in group, its parameters)]), checked."""
    if not optimizer.state:
        raise TorchRuntimeError(f"{_NAME} requires initialized optimizer state.")
    if not isinstance(swapin_optim_state, dict):
        raise TorchRuntimeError(f"{_NAME} requires a DCP-style optimizer state_dict.")
    state = _checked_state(swapin_optim_state.get("state"))
    groups = _checked_groups(optimizer, swapin_optim_state.get("param_groups"))
    flat = list(swapin_parameters.values())
    offset, seen, infos = 0, set(), []
    for idx, (group, swapin_group) in enumerate(zip(optimizer.param_groups, groups,
                                                    strict=True)):
        ids = _checked_group(idx, group, swapin_group)
        seen.update(ids)
        if offset + len(ids) > len(flat):
            raise TorchRuntimeError(f"{_NAME} requires the explicit parameter state to match "
                                    "optimizer.param_groups ordering.")
        infos.append((group, swapin_group, flat[offset:offset + len(ids)]))
        offset += len(ids)
    extra = [k for k in state if k not in seen]
    if extra:
        raise TorchRuntimeError(f"{_NAME} requires swapin_optim_state['state'] to be keyed "
                                "only by packed parameter ids from param_groups[*]['params']; "
                                f"got extra keys {extra!r}.")
    return state, infos


def _checked_state(state) -> dict:
    if not isinstance(state, dict):
        raise TorchRuntimeError(f"{_NAME} requires swapin_optim_state['state'] to be a dict "
                                "mapping packed parameter ids to per-param state dicts, got "
                                f"{type(state).__name__}.")
    if any(isinstance(k, Tensor) for k in state):
        raise TorchRuntimeError(f"{_NAME} requires optimizer.state_dict()-style state keyed "
                                "by packed parameter ids.")
    if any(isinstance(k, int) and not isinstance(v, dict) for k, v in state.items()):
        raise TorchRuntimeError(f"{_NAME} requires per-parameter optimizer state entries to be "
                                "dictionaries.")
    return state


def _checked_groups(optimizer, groups) -> list:
    if not isinstance(groups, list):
        raise TorchRuntimeError(f"{_NAME} requires swapin_optim_state['param_groups'] to be a "
                                f"list of param-group dicts, got {type(groups).__name__}.")
    if len(optimizer.param_groups) != len(groups):
        raise TorchRuntimeError("swapin_optim_state has a different number of parameter "
                                "groups than the live optimizer.")
    return groups


def _checked_group(idx: int, group: dict, swapin_group) -> list:
    """The packed ids of swap-in group `idx`, whose keys must be the live group's."""
    if not isinstance(swapin_group, dict):
        raise TorchRuntimeError(f"{_NAME} requires each optimizer param group to be a "
                                "dictionary.")
    ids = swapin_group.get("params")
    if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
        raise TorchRuntimeError(f"{_NAME} requires optimizer.state_dict()-style "
                                "param_groups[*]['params'] entries keyed by packed parameter "
                                "ids.")
    if len(group["params"]) != len(ids):
        raise TorchRuntimeError(f"swapin_optim_state param group {idx} has a different number "
                                "of params than the live optimizer param group.")
    swapin_only = [k for k in swapin_group if k not in group]
    live_only = [k for k in group if k not in swapin_group]
    if swapin_only or live_only:
        raise TorchRuntimeError(
            f"{_NAME} requires optimizer.state_dict()-style param group keys to exactly match "
            f"the live optimizer group keys for group {idx}. Keys only in swap-in: "
            f"{swapin_only}. Keys only in live: {live_only}.")
    return ids
