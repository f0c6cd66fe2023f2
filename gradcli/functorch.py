"""`functorch`, as PyTorch 2.13 still ships it for old tutorials (forward_ad_usage's
`ft.jvp`, `ft.make_functional_with_buffers`): each function warns that it moved to
torch.func (FutureWarning, PyTorch's text) and runs torch.func's; `make_functional` and
`make_functional_with_buffers` give a module called with its parameters (and buffers) as
arguments, on a copy of the model whose own tensors are meta ones."""
from __future__ import annotations

import copy
import warnings

from .autograd import func
from .nn.modules.module import Module

_NEW = {"vmap": "torch.vmap", "make_functional": "torch.func.functional_call",
        "make_functional_with_buffers": "torch.func.functional_call",
        "combine_state_for_ensemble": "torch.func.stack_module_state"}


def _warn(api: str) -> None:
    new = _NEW.get(api, f"torch.func.{api}")
    warnings.warn(f"We've integrated functorch into PyTorch. As the final step of the "
                  f"integration, `functorch.{api}` is deprecated as of PyTorch 2.0 and will be "
                  f"deleted in a future version of PyTorch >= 2.3. Please use `{new}` instead; "
                  f"see the PyTorch 2.0 release notes and/or the `torch.func` migration guide "
                  f"for more details https://pytorch.org/docs/main/func.migrating.html",
                  FutureWarning, stacklevel=3)


def _deprecated(name: str):
    target = getattr(func, name)

    def wrapper(*args, **kwargs):
        _warn(name)
        return target(*args, **kwargs)
    wrapper.__name__ = wrapper.__qualname__ = name
    return wrapper


def _extract(model, named):
    """The model's own tensors of one kind (unique, in order) and their names; the model
    then holds meta tensors in their places (PyTorch's _extract_members)."""
    from .nn.parameter import Parameter
    from .ops import creation
    members = tuple(named())
    memo: dict = {}         # one meta tensor per tensor: names that shared one stay tied
    for name, t in tuple(named(remove_duplicate=False)):
        owner, _, attr = name.rpartition(".")
        holder = model.get_submodule(owner)
        is_param = attr in holder._parameters
        if id(t) not in memo:
            meta = creation.empty_like(t, device="meta")
            memo[id(t)] = (t, Parameter(meta) if is_param else meta)
        table = holder._parameters if is_param else holder._buffers
        table[attr] = memo[id(t)][1]
    return tuple(t for _, t in members), tuple(n for n, _ in members)


class FunctionalModule(Module):
    """make_functional's module: fmodel(params, *args) calls the model with `params`."""

    def __init__(self, stateless_model, param_names):
        super().__init__()
        self.stateless_model = stateless_model
        self.param_names = param_names

    def forward(self, params, *args, **kwargs):
        return func.functional_call(self.stateless_model,
                                    dict(zip(self.param_names, params)), args, kwargs)


class FunctionalModuleWithBuffers(Module):
    """make_functional_with_buffers' module: fmodel(params, buffers, *args)."""

    def __init__(self, stateless_model, param_names, buffer_names):
        super().__init__()
        self.stateless_model = stateless_model
        self.param_names = param_names
        self.buffer_names = buffer_names

    def forward(self, params, buffers, *args, **kwargs):
        values = dict(zip(self.param_names, params))
        values.update(zip(self.buffer_names, buffers))
        return func.functional_call(self.stateless_model, values, args, kwargs)


FunctionalModule.__module__ = FunctionalModuleWithBuffers.__module__ = \
    "gradcli._functorch.make_functional"


def _stateless(model, disable_autograd_tracking: bool):
    copied = copy.deepcopy(model)
    params, names = _extract(copied, copied.named_parameters)
    if disable_autograd_tracking:
        for p in params:
            p.requires_grad_(False)
    return copied, params, names


def make_functional(model, disable_autograd_tracking: bool = False):
    """(fmodel, params): the model as a function of its parameters."""
    _warn("make_functional")
    from .errors import TorchRuntimeError
    if list(model.buffers()):
        raise TorchRuntimeError("make_functional(model): `model` has buffers. Please use "
                                "make_functional_with_buffers(model) instead.")
    copied, params, names = _stateless(model, disable_autograd_tracking)
    return FunctionalModule(copied, names), params


def _with_buffers(model, disable_autograd_tracking: bool = False):
    copied, params, names = _stateless(model, disable_autograd_tracking)
    buffers, buffer_names = _extract(copied, copied.named_buffers)
    return FunctionalModuleWithBuffers(copied, names, buffer_names), params, buffers


def make_functional_with_buffers(model, disable_autograd_tracking: bool = False):
    """(fmodel, params, buffers): the model as a function of its parameters and buffers."""
    _warn("make_functional_with_buffers")
    return _with_buffers(model, disable_autograd_tracking)


def combine_state_for_ensemble(models):
    """(fmodel, params, buffers): the models' parameters and buffers stacked (detached),
    for vmap over an ensemble of models of one class."""
    _warn("combine_state_for_ensemble")
    from .autograd.func import ensemble
    from .ops.shape import stack
    models = ensemble(models, "combine_state_for_ensemble")
    made = [_with_buffers(m) for m in models]
    params = tuple(stack(list(s)).detach() for s in zip(*(m[1] for m in made)))
    buffers = tuple(stack(list(s)).detach() for s in zip(*(m[2] for m in made)))
    return made[0][0], params, buffers


# the transforms, each warning that it moved to torch.func
for _name in ("grad", "grad_and_value", "vjp", "jvp", "jacrev", "jacfwd", "hessian", "vmap",
              "functionalize"):
    globals()[_name] = _deprecated(_name)
