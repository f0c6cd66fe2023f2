"""Module.state_dict and Module.load_state_dict as PyTorch runs them: a walk of the module
tree (every module under each of its names) where each module saves or loads its own
parameters, persistent buffers and extra state, with the state-dict hooks at PyTorch's
points (pre hooks on the way down, post hooks on the way up). The walk is an explicit stack,
so no recursion depth follows the model's nesting."""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping

from ..._tensor import Tensor
from ...autograd.grad_mode import no_grad
from ...errors import TorchAssertionError, TorchRuntimeError, TorchTypeError

_MAX_WALK = 1_000_000
EXTRA_STATE = "_extra_state"


def walk(root, prefix: str):
    """("enter" | "exit", module, prefix) events of a depth-first walk, the prefix of a child
    being its parent's + name + "."; a module inside itself is an error."""
    stack = [(root, prefix, None)]
    on_path: set = set()
    visits = 0
    while stack:
        module, dot, children = stack[-1]
        if children is None:
            visits += 1
            if id(module) in on_path or visits > _MAX_WALK:
                raise TorchRuntimeError(f"state_dict: the {root._get_name()} contains itself "
                                        f"or more than {_MAX_WALK:,} modules")
            on_path.add(id(module))
            children = iter(list(module._modules.items()))
            stack[-1] = (module, dot, children)
            yield "enter", module, dot
        step = next(children, None)
        if step is None:
            stack.pop()
            on_path.discard(id(module))
            yield "exit", module, dot
        elif step[1] is not None:
            stack.append((step[1], dot + step[0] + ".", None))


def _hooks(module, name: str) -> list:
    return list(module.__dict__.get(name, ()))


def _has_extra_state(module, method: str) -> bool:
    from .module import Module
    return getattr(type(module), method) is not getattr(Module, method)


def _is_lazy(t) -> bool:
    from ..parameter import UninitializedBuffer, UninitializedParameter
    return isinstance(t, (UninitializedParameter, UninitializedBuffer))


def local_state(module) -> dict:
    """A module's own parameters and persistent buffers by name (not None)."""
    transient = module.__dict__.get("_non_persistent_buffers_set", ())
    out = {k: v for k, v in module._parameters.items() if v is not None}
    out.update((k, v) for k, v in module._buffers.items() if v is not None and k not in transient)
    return out


def state_dict(root, prefix: str, keep_vars: bool):
    out = OrderedDict()
    out._metadata = OrderedDict()             # each module's version, as PyTorch keeps it
    metadata = {}
    for event, module, dot in walk(root, prefix):
        if event == "enter":
            metadata[id(module), dot] = out._metadata[dot[:-1]] = {"version": module._version}
            for hook in _hooks(module, "_state_dict_pre_hooks"):
                hook(module, dot, keep_vars)
            if _has_extra_state(module, "_save_to_state_dict"):    # a subclass's own
                module._save_to_state_dict(out, dot, keep_vars)
            else:
                save_own(module, out, dot, keep_vars)
        else:
            for hook in _hooks(module, "_state_dict_hooks"):
                result = hook(module, out, dot, metadata[id(module), dot])
                if result is not None:
                    raise TorchRuntimeError("state_dict post-hook must return None")
    return out


def save_own(module, out, dot: str, keep_vars: bool) -> None:
    """PyTorch's Module._save_to_state_dict: the module's own entries into out."""
    for name, value in local_state(module).items():
        out[dot + name] = value if keep_vars or _is_lazy(value) else value.detach()
    if _has_extra_state(module, "get_extra_state"):
        out[dot + EXTRA_STATE] = module.get_extra_state()


def load_state_dict(root, given, strict: bool, assign: bool):
    """Load `given` into root's tree; the _IncompatibleKeys, or PyTorch's RuntimeError."""
    from .module import _IncompatibleKeys
    if not isinstance(given, Mapping):
        raise TorchTypeError(f"Expected state_dict to be dict-like, got "
                             f"<class '{_class_name(given)}'>.")
    metadata = getattr(given, "_metadata", None)
    state = OrderedDict(given)
    missing, unexpected, errors = [], [], []
    for event, module, dot in walk(root, ""):
        if event == "enter":
            local_metadata = dict((metadata or {}).get(dot[:-1], {}))
            if _has_extra_state(module, "_load_from_state_dict"):   # a subclass's own
                child = state if not dot else \
                    {k: v for k, v in state.items() if k.startswith(dot)}
                module._load_from_state_dict(child, dot, local_metadata, True, missing,
                                             unexpected, errors)
                continue
            _load_module(module, state, dot, local_metadata, (missing, unexpected, errors),
                         assign)
        else:
            keys = _IncompatibleKeys(missing, unexpected)     # a hook may edit the lists
            for hook in _hooks(module, "_load_state_dict_post_hooks"):
                if hook(module, keys) is not None:
                    raise TorchAssertionError(
                        "Hooks registered with ``register_load_state_dict_post_hook`` are not "
                        "expected to return new values, if incompatible_keys need to be "
                        "modified, it should be done inplace.")
    if strict:
        if unexpected:
            errors.insert(0, "Unexpected key(s) in state_dict: " +
                          ", ".join(f'"{k}"' for k in unexpected) + ". ")
        if missing:
            errors.insert(0, "Missing key(s) in state_dict: " +
                          ", ".join(f'"{k}"' for k in missing) + ". ")
    if errors:
        raise TorchRuntimeError(f"Error(s) in loading state_dict for {type(root).__name__}:"
                                f"\n\t" + "\n\t".join(errors))
    return _IncompatibleKeys(missing, unexpected)


def _class_name(value) -> str:
    from .module import _typename
    return _typename(value) if not isinstance(value, Tensor) else "torch.Tensor"


def _load_module(module, state, dot: str, local_metadata: dict, lists, assign: bool) -> None:
    """PyTorch's _load_from_state_dict for one module (always strict about its own keys)."""
    missing, unexpected, errors = lists
    for hook in _hooks(module, "_load_state_dict_pre_hooks"):
        hook(module, state, dot, local_metadata, True, missing, unexpected, errors)
    upgrade = getattr(module, "_upgrade_state_dict", None)
    if upgrade is not None:
        upgrade(state, dot, local_metadata.get("version"))
    own = local_state(module)
    with no_grad():
        for name, param in own.items():           # a lazy module takes the checkpoint's shape
            if _is_lazy(param) and dot + name in state and not _is_lazy(state[dot + name]):
                param.materialize(state[dot + name].shape)
        for name, param in own.items():
            key = dot + name
            if key not in state:
                missing.append(key)
                continue
            error = _load_one(module, name, key, param, state[key], assign)
            if error:
                errors.append(error)
    extra_key = dot + EXTRA_STATE
    if _has_extra_state(module, "set_extra_state"):
        if extra_key in state:
            module.set_extra_state(state[extra_key])
        else:
            missing.append(extra_key)
    elif extra_key in state:
        unexpected.append(extra_key)
    for key in state:
        if key.startswith(dot) and key != extra_key:
            parts = key[len(dot):].split(".", 1)     # a dotted name must be a submodule's
            if parts[0] not in (module._modules if len(parts) > 1 else own):
                unexpected.append(key)


def _load_one(module, name: str, key: str, param: Tensor, value, assign: bool):
    """Copy (or with assign, put) a checkpoint entry in place of `param`; PyTorch's error
    message when it is not a tensor, its shape differs or the copy fails, else None."""
    if not isinstance(value, Tensor):
        return (f'While copying the parameter named "{key}", expected torch.Tensor or '
                f"Tensor-like object from checkpoint but received {type(value)}")
    if param.dim() == 0 and value.dim() == 1:      # PyTorch's old 1-element checkpoints
        value = value[0]
    if value.shape != param.shape:
        return (f"size mismatch for {key}: copying a param with shape {value.shape} from "
                f"checkpoint, the shape in current model is {param.shape}.")
    try:
        _put(module, name, param, value, assign)
    except Exception as ex:      # noqa: BLE001 - PyTorch reports any failure of the copy
        return (f'While copying the parameter named "{key}", whose dimensions in the model '
                f"are {param.shape} and whose dimensions in the checkpoint are {value.shape}, "
                f"an exception occurred : {ex.args}.")
    return None


def _put(module, name: str, param: Tensor, value: Tensor, assign: bool) -> None:
    """param.copy_(value), or with assign, `value` in param's place (a Parameter when param
    is one, needing grad as param did)."""
    from ..parameter import Parameter
    if not assign:
        param.copy_(value)
        return
    if isinstance(param, Parameter):
        if isinstance(value, Parameter):
            value.requires_grad_(param.requires_grad)
        else:
            value = Parameter(value, requires_grad=param.requires_grad)
    setattr(module, name, value)
