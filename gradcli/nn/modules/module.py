"""`torch.nn.Module`: the base class of layers and models.

Assigning a Parameter or a Module to an attribute registers it (in `_parameters`,
`_modules`), as in PyTorch; `parameters()`, `named_parameters()`, `modules()`, `train()`,
`zero_grad()` and `repr()` walk that tree. The walks use explicit stacks (no recursion), so a
model nested ten thousand levels deep still prints, and a model that contains itself is an
error, not a hang. Calling a module runs its `forward`.
"""
from __future__ import annotations

import functools
import warnings

from ..._tensor import Tensor
from ...autograd.graph import RemovableHandle
from ...errors import TorchNotImplementedError, TorchRuntimeError, TorchTypeError, TorchValueError
from ..parameter import Buffer, Parameter
from . import _state_dict

#: the UserWarning Module.to gives on a move to a complex dtype (PyTorch's own words)
_COMPLEX_MODULES = ("Complex modules are a new feature under active development whose design "
                    "may change, and some modules might not work as expected when using "
                    "complex tensors as parameters or buffers. Please file an issue at "
                    "https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml "
                    "if a complex module does not work as expected.")

#: A module's printed form may not grow past this many characters (a model that shares one
#: block many times over prints that block each time; PyTorch's repr would go on for ever).
MAX_REPR_CHARS = 10_000_000


def _typename(value) -> str:
    """torch.typename: a tensor's type(), else the module and qualified name of the object
    itself when it has one (a function, a class), of its class otherwise; gradcli's modules
    read as torch's (its ops as torch's native functions), a formula's as `__main__`."""
    if isinstance(value, Tensor):
        return value.type()
    if not hasattr(value, "__qualname__"):
        from ...argparser import tp_name
        if "." in tp_name(value):                    # torch.Size, torch.dtype, numpy's types
            return tp_name(value)
        value = type(value)
    module = _torch_module(value)
    return value.__qualname__ if module in ("", "builtins") else \
        f"{module}.{value.__qualname__}"


def _torch_module(named) -> str:
    from ...lang.vm import UserFunction
    if isinstance(named, UserFunction):
        return "__main__"
    module = getattr(named, "__module__", "") or ""
    if module.startswith("gradcli.ops") and not isinstance(named, type):
        return "torch._VariableFunctionsClass"
    return "torch" + module[len("gradcli"):] if module.startswith("gradcli") else module


def own_init(cls):
    """Class decorator: `cls` gets a copy of the __init__ it inherits, named after it, as
    PyTorch's class defines its own (so Python's argument errors say `ReLU.__init__()`)."""
    import types
    base = cls.__init__
    init = types.FunctionType(base.__code__, base.__globals__, base.__name__, base.__defaults__,
                              base.__closure__)
    init.__kwdefaults__, init.__doc__ = base.__kwdefaults__, base.__doc__
    init.__qualname__ = f"{cls.__name__}.__init__"
    cls.__init__ = init
    return cls


def own_forward(cls, owner: str | None = None):
    """Class decorator: `cls` gets a copy of the forward it inherits named `<owner>.forward`
    (its own name by default), as PyTorch's class defines its own
    (`nn.MaxPool2d.forward.__qualname__` is 'MaxPool2d.forward', not its base's)."""
    import types
    base = cls.forward
    forward = types.FunctionType(base.__code__, base.__globals__, "forward", base.__defaults__,
                                 base.__closure__)
    forward.__kwdefaults__, forward.__doc__ = base.__kwdefaults__, base.__doc__
    forward.__qualname__ = f"{owner or cls.__name__}.forward"
    cls.forward = forward
    return cls


def _forward_unimplemented(self, *input):
    """PyTorch's Module.forward (a module-level function): the module defines none."""
    raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required '
                              '"forward" function')


class Module:
    """Base class for all neural network modules (`class Net(nn.Module)`)."""

    __gradcli_safe__ = True
    dump_patches = False
    _version = 1        # state_dict's `_metadata` version (BatchNorm's is 2)

    def __init__(self, *args, **kwargs):
        if kwargs:
            raise TorchTypeError(f"{type(self).__name__}.__init__() got an unexpected keyword "
                                 f"argument '{next(iter(kwargs))}'")
        if args:
            raise TorchTypeError(f"{type(self).__name__}.__init__() takes 1 positional "
                                 f"argument but {len(args) + 1} were given")
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", {})
        object.__setattr__(self, "_buffers", {})
        object.__setattr__(self, "_modules", {})
        object.__setattr__(self, "_forward_pre_hooks", [])
        object.__setattr__(self, "_forward_hooks", [])

    forward = _forward_unimplemented
    # a base gradcli shares where PyTorch's subclasses each define their forward sets this:
    # each public subclass then gets its own copy (`own_forward`)
    _forward_each = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls._forward_each and cls.__name__[:1] != "_" and "forward" not in vars(cls):
            own_forward(cls)

    def __call__(self, *args, **kwargs):
        """forward, between the forward pre-hooks (which may replace the inputs) and the
        forward hooks (which may replace the output). Whatever raises on the way (a hook
        or forward) first runs the `always_call` forward hooks not yet run, as PyTorch's
        _call_impl, with the inputs as the pre-hooks left them."""
        self._require_init("_backward_hooks")
        own = self.__dict__
        if not (_GLOBAL_FORWARD_PRE or _GLOBAL_FORWARD or _GLOBAL_BACKWARD_PRE or _GLOBAL_BACKWARD
                or _GLOBAL_LEGACY_BACKWARD or any(own.get(name) for name in _CALL_HOOKS)):
            return self.forward(*args, **kwargs)        # PyTorch's path without hooks
        hooks = [*_GLOBAL_FORWARD, *own.get("_forward_hooks", ())]
        state = {"args": args, "kwargs": kwargs, "result": None, "called": set()}
        try:
            return self._hooked_call(hooks, state)
        except Exception:
            _run_always_called(self, hooks, len(_GLOBAL_FORWARD), state)
            raise

    def _hooked_call(self, hooks: list, state: dict):
        """__call__'s steps; `state` follows the inputs, the output so far and the forward
        hooks called."""
        for hook in [*_GLOBAL_FORWARD_PRE, *self.__dict__.get("_forward_pre_hooks", ())]:
            state["args"], state["kwargs"] = _run_pre_hook(self, hook, state["args"],
                                                           state["kwargs"])
        args, kwargs = state["args"], state["kwargs"]
        backward_hooks = [*_GLOBAL_BACKWARD, *self.__dict__.get("_backward_hooks", ())]
        backward_pre_hooks = [*_GLOBAL_BACKWARD_PRE,
                              *self.__dict__.get("_backward_pre_hooks", ())]
        bw_hook = None
        if backward_hooks or backward_pre_hooks:
            from ._backward_hooks import BackwardHook
            bw_hook = BackwardHook(self, backward_hooks, backward_pre_hooks)
            args = state["args"] = bw_hook.setup_input_hook(args)
        output = state["result"] = self.forward(*args, **kwargs)
        for hook in hooks:
            state["called"].add(id(hook))
            result = _HookEntry.call(hook, self, args, kwargs, output)
            if result is not None:
                output = state["result"] = result
        if bw_hook is not None:
            if not isinstance(output, (Tensor, tuple)):
                warnings.warn("For backward hooks to be called, module output should be a "
                              f"Tensor or a tuple of Tensors but received {type(output)}",
                              stacklevel=3)
            output = bw_hook.setup_output_hook(output)
        _legacy_backward_hooks(self, args, output)      # (on the full hooks' node, if any)
        return output

    def register_forward_pre_hook(self, hook, *, prepend: bool = False,
                                  with_kwargs: bool = False) -> RemovableHandle:
        """hook(module, args) -> None or new args, before each forward (with_kwargs:
        hook(module, args, kwargs) -> None or (new args, new kwargs))."""
        return _register(self._forward_pre_hooks, hook, prepend, with_kwargs, False)

    def register_forward_hook(self, hook, *, prepend: bool = False, with_kwargs: bool = False,
                              always_call: bool = False) -> RemovableHandle:
        """hook(module, args, output) -> None or a new output, after each forward
        (with_kwargs: hook(module, args, kwargs, output); always_call: also when forward
        raised, with output None)."""
        return _register(self._forward_hooks, hook, prepend, with_kwargs, always_call)

    def register_full_backward_hook(self, hook, prepend: bool = False) -> RemovableHandle:
        """hook(module, grad_input, grad_output) -> None or new grad_input, when the
        gradients with respect to the module's inputs have been computed."""
        self._hook_kind(True)
        return _register(self._hook_list("_backward_hooks"), hook, prepend, False, False)

    def register_backward_hook(self, hook) -> RemovableHandle:
        """The deprecated form: hook(module, grad_input, grad_output) on the node that made
        the (first) output, grad_input being that node's input gradients."""
        self._hook_kind(False)
        return RemovableHandle(self._hook_list("_legacy_backward_hooks"), hook)

    def _hook_kind(self, full: bool) -> None:
        """PyTorch's refusal to mix full and non-full backward hooks on one module."""
        self._require_init("_is_full_backward_hook")
        if self.__dict__.setdefault("_is_full_backward_hook", full) != full:
            raise TorchRuntimeError("Cannot use both regular backward hooks and full backward "
                                    "hooks on a single Module. Please use only one of them.")

    def register_full_backward_pre_hook(self, hook, prepend: bool = False) -> RemovableHandle:
        """hook(module, grad_output) -> None or new grad_output, when the gradients with
        respect to the module's outputs have been computed."""
        return _register(self._hook_list("_backward_pre_hooks"), hook, prepend, False, False)

    def _require_init(self, first: str) -> None:
        """PyTorch's AttributeError when a subclass's __init__ never called Module.__init__:
        `first` is the attribute PyTorch's code reads first at that point."""
        if "_parameters" not in self.__dict__:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{first}'")

    def _hook_list(self, name: str) -> list:
        """The hook list `name`, made on first use."""
        self._require_init(name)
        return self.__dict__.setdefault(name, [])

    # -- registration -----------------------------------------------------------------------
    def __setattr__(self, name: str, value) -> None:
        """As PyTorch: a Parameter or a Module registers; a name registered as one takes only
        that kind (or None); a buffer's name takes a tensor; anything else is an attribute."""
        if isinstance(value, Parameter) or name in self.__dict__.get("_parameters", ()):
            self._assign(name, value, "_parameters", Parameter)
        elif isinstance(value, Module) or name in self.__dict__.get("_modules", ()):
            self._assign(name, value, "_modules", Module)
        elif isinstance(value, Buffer):
            if "_buffers" not in self.__dict__:
                raise AttributeError("cannot assign buffer before Module.__init__() call")
            self._forget(name, keep="_buffers")
            self.register_buffer(name, value, Buffer.persistent(value))
        elif name in self.__dict__.get("_buffers", ()):
            if value is not None and not isinstance(value, Tensor):
                raise TorchTypeError(f"cannot assign '{_typename(value)}' as buffer '{name}' "
                                     "(torch.nn.Buffer, torch.Tensor or None expected)")
            self.register_buffer(name, value, name not in
                                 self.__dict__.get("_non_persistent_buffers_set", ()))
        else:
            object.__setattr__(self, name, value)

    _KINDS = {"_parameters": ("parameters", "parameter", "torch.nn.Parameter"),
              "_modules": ("module", "child module", "torch.nn.Module")}

    def _assign(self, name: str, value, table: str, cls: type) -> None:
        """Register `value` (a Parameter or Module, or None over a registered name)."""
        members = self.__dict__.get(table)
        before, what, expected = self._KINDS[table]
        if isinstance(value, cls):
            if members is None:
                raise AttributeError(f"cannot assign {before} before Module.__init__() call")
            self._forget(name, keep=table)       # a re-assigned name keeps its place
            if table == "_parameters":
                self.register_parameter(name, value)
            else:
                members[name] = _registered(_GLOBAL_MODULE_REGISTRATION, self, name, value)
        elif value is not None:
            raise TorchTypeError(f"cannot assign '{_typename(value)}' as {what} '{name}' "
                                 f"({expected} or None expected)")
        elif table == "_modules":
            members[name] = _registered(_GLOBAL_MODULE_REGISTRATION, self, name, None)
        else:
            members[name] = None

    def _forget(self, name: str, keep: str = "") -> None:
        """Drop `name` wherever it was registered before as another kind (a new kind of
        value takes it); in its own table `keep` it keeps its place."""
        self.__dict__.pop(name, None)
        for table in ("_parameters", "_buffers", "_modules"):
            if table != keep:
                self.__dict__[table].pop(name, None)
        if keep != "_buffers":
            self.__dict__.get("_non_persistent_buffers_set", set()).discard(name)

    def __getattr__(self, name: str):
        if not name.startswith("__"):
            for table in ("_parameters", "_buffers", "_modules"):
                members = self.__dict__.get(table)
                if members is not None and name in members:
                    return members[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        for table in ("_parameters", "_buffers", "_modules"):
            members = getattr(self, table)
            if name in members:
                del members[name]
                return
        object.__delattr__(self, name)

    def _check_name(self, name, kind: str) -> None:
        if kind != "module" and "_parameters" not in self.__dict__:
            raise AttributeError(f"cannot assign {kind} before Module.__init__() call")
        if not isinstance(name, str):
            raise TorchTypeError(f"{kind} name should be a string. Got {_typename(name)}")
        if "." in name:
            got = f", got: {name}" if kind == "module" else ""
            raise KeyError(f'{kind} name can\'t contain "."{got}')
        if name == "":
            raise KeyError(f'{kind} name can\'t be empty string ""')

    def register_parameter(self, name: str, param) -> None:
        """Add a parameter (or None) under `name`."""
        self._check_name(name, "parameter")
        if hasattr(self, name) and name not in self._parameters:
            raise KeyError(f"attribute '{name}' already exists")
        if param is not None and not isinstance(param, Parameter):
            raise TorchTypeError(f"cannot assign '{_typename(param)}' object to parameter "
                                 f"'{name}' (torch.nn.Parameter or None required)")
        if param is not None and param.grad_fn is not None:
            raise TorchValueError(f"Cannot assign non-leaf Tensor to parameter '{name}'. "
                                  "Model parameters must be created explicitly. To express "
                                  f"'{name}' as a function of another Tensor, compute the "
                                  "value in the forward() method.")
        if param is not None:
            param = _registered(_GLOBAL_PARAMETER_REGISTRATION, self, name, param)
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor, persistent: bool = True) -> None:
        """Add a tensor that is state but not a parameter (saved in state_dict unless not
        persistent)."""
        self._check_name(name, "buffer")
        if hasattr(self, name) and name not in self._buffers:
            raise KeyError(f"attribute '{name}' already exists")
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TorchTypeError(f"cannot assign '{_typename(tensor)}' object to buffer "
                                 f"'{name}' (torch Tensor or None required)")
        self._buffers[name] = _registered(_GLOBAL_BUFFER_REGISTRATION, self, name, tensor)
        transient = self.__dict__.setdefault("_non_persistent_buffers_set", set())
        if persistent:
            transient.discard(name)
        else:
            transient.add(name)

    def add_module(self, name: str, module) -> None:
        """Add a child module (or None) under `name`."""
        if module is not None and not isinstance(module, Module):
            raise TorchTypeError(f"{_typename(module)} is not a Module subclass")
        if isinstance(name, str) and hasattr(self, name) and name not in self._modules:
            raise KeyError(f"attribute '{name}' already exists")
        self._check_name(name, "module")
        self._modules[name] = _registered(_GLOBAL_MODULE_REGISTRATION, self, name, module)

    register_module = add_module

    def get_submodule(self, target: str) -> "Module":
        module = self
        for item in target.split(".") if target else ():
            if not hasattr(module, item):
                raise AttributeError(f"{module._get_name()} has no attribute `{item}`")
            module = getattr(module, item)
            if not isinstance(module, Module):
                raise AttributeError(f"`{item}` is not an nn.Module")
        return module

    def set_submodule(self, target: str, module: "Module", strict: bool = False) -> None:
        """Put `module` at a dotted path ('1.0') whose parent exists, in place of a module
        there (strict: only in place of one), with PyTorch's errors."""
        if target == "":
            raise TorchValueError("Cannot set the submodule without a target name!")
        *path, name = target.split(".")
        if not isinstance(module, Module):
            raise TorchValueError(f"`module` is not an nn.Module, found {type(module)}")
        parent = self.get_submodule(".".join(path))
        if strict and not hasattr(parent, name):
            raise AttributeError(f"{parent._get_name()} has no attribute `{name}`")
        if hasattr(parent, name) and not isinstance(getattr(parent, name), Module):
            raise AttributeError(f"`{name}` is not an nn.Module")
        setattr(parent, name, module)

    def get_parameter(self, target: str):
        """The parameter at a dotted path ('layer.0.weight')."""
        module, name = self._owner_of(target)
        param = getattr(module, name)
        if not isinstance(param, Parameter):
            raise AttributeError(f"`{name}` is not an nn.Parameter")
        return param

    def get_buffer(self, target: str):
        """The buffer at a dotted path ('bn.running_mean')."""
        module, name = self._owner_of(target)
        if name not in module._buffers:
            raise AttributeError(f"`{name}` is not a buffer")
        return getattr(module, name)

    def _owner_of(self, target: str):
        """(submodule, attribute name) of a dotted path, PyTorch's error when it has none."""
        path, _, name = target.rpartition(".")
        module = self.get_submodule(path)
        if not hasattr(module, name):
            raise AttributeError(f"{module._get_name()} has no attribute `{name}`")
        return module, name

    # -- walks --------------------------------------------------------------------------------
    def named_modules(self, memo=None, prefix: str = "", remove_duplicate: bool = True):
        """(name, module) for this module and every module below it, depth first, each
        once (or, with remove_duplicate=False, once per place it appears)."""
        if not remove_duplicate:
            yield from self._named_modules_with_duplicates(prefix, memo or ())
            return
        seen = memo if memo is not None else set()     # (the modules, as PyTorch's memo)
        stack = [(prefix, self)]
        while stack:
            name, module = stack.pop()
            if module in seen:
                continue
            seen.add(module)
            yield name, module
            stack.extend(reversed(_named_children_of(module, name)))

    def _named_modules_with_duplicates(self, prefix: str, memo):
        """The walk that keeps duplicates (but skips the modules in the caller's `memo`, as
        PyTorch's): a module found among its own ancestors is an error (PyTorch recurses
        until Python's limit), and so is a walk past _MAX_WALK."""
        stack = [(prefix, self, 0)]
        path: list = []                   # ids of the modules above the one visited
        on_path: set = set()
        visits = 0
        while stack:
            name, module, depth = stack.pop()
            if memo and module in memo:
                continue
            on_path.difference_update(path[depth:])
            del path[depth:]
            visits += 1
            if id(module) in on_path or visits > _MAX_WALK:
                raise TorchRuntimeError(f"named_modules(remove_duplicate=False): the "
                                        f"{self._get_name()} contains itself or more than "
                                        f"{_MAX_WALK:,} modules")
            path.append(id(module))
            on_path.add(id(module))
            yield name, module
            stack.extend((child_name, child, depth + 1) for child_name, child
                         in reversed(_named_children_of(module, name)))

    def modules(self):
        for _, module in self.named_modules():
            yield module

    def named_children(self):
        seen = set()
        for name, module in self._modules.items():
            if module is not None and id(module) not in seen:
                seen.add(id(module))
                yield name, module

    def children(self):
        for _, module in self.named_children():
            yield module

    def _named_members(self, table: str, prefix: str, recurse: bool, remove_duplicate: bool):
        seen = set()
        walk = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate) \
            if recurse else [(prefix, self)]
        for module_prefix, module in walk:
            for name, value in getattr(module, table).items():
                if value is None or (remove_duplicate and id(value) in seen):
                    continue
                seen.add(id(value))
                yield module_prefix + ("." if module_prefix else "") + name, value

    def named_parameters(self, prefix: str = "", recurse: bool = True,
                         remove_duplicate: bool = True):
        """(name, parameter) pairs: `fc.weight`, `fc.bias`, ... in registration order."""
        yield from self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse: bool = True):
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(self, prefix: str = "", recurse: bool = True,
                      remove_duplicate: bool = True):
        yield from self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse: bool = True):
        for _, buf in self.named_buffers(recurse=recurse):
            yield buf

    # -- state --------------------------------------------------------------------------------
    def train(self, mode: bool = True) -> "Module":
        """Set training mode (Dropout drops) on this module and all below it."""
        if not isinstance(mode, bool):
            raise TorchValueError("training mode is expected to be boolean")
        for module in self.modules():
            object.__setattr__(module, "training", mode)
        return self

    def eval(self) -> "Module":
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> "Module":
        for param in self.parameters():
            param.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients of all parameters (to None by default, as PyTorch)."""
        for param in self.parameters():
            if param.grad is None:
                continue
            if set_to_none:
                param.grad = None
            else:
                grad = param.grad
                if grad.grad_fn is not None:
                    grad.detach_()
                else:
                    grad.requires_grad_(False)
                grad.zero_()

    def apply(self, fn) -> "Module":
        """fn(module) for every module below this one, children before parents, then self."""
        stack = [(self, iter(list(self.children())))]
        on_path = {id(self)}
        visits = 0
        while stack:
            module, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                on_path.discard(id(module))
                fn(module)
                continue
            visits += 1
            if id(child) in on_path or visits > _MAX_WALK:
                raise TorchRuntimeError(f"apply(): the {self._get_name()} contains itself or "
                                        f"more than {_MAX_WALK:,} modules")
            on_path.add(id(child))
            stack.append((child, iter(list(child.children()))))
        return self

    def state_dict(self, *args, destination=None, prefix: str = "", keep_vars: bool = False):
        """An OrderedDict of every parameter, persistent buffer and extra state by dotted name
        (detached unless keep_vars), with PyTorch's `_metadata` and state-dict hooks; or
        those entries added to `destination`. The deprecated positional form
        (destination, prefix, keep_vars) warns as PyTorch's does."""
        if args:
            import warnings
            warnings.warn("Positional args are being deprecated, use kwargs instead. Refer to "
                          "https://pytorch.org/docs/main/generated/torch.nn.Module.html#torch.nn."
                          "Module.state_dict for details.", FutureWarning, stacklevel=2)
            if destination is None:
                destination = args[0]
            if len(args) > 1 and prefix == "":
                prefix = args[1]
            if len(args) > 2 and keep_vars is False:
                keep_vars = args[2]
        self._require_init("_state_dict_pre_hooks")
        result = _state_dict.state_dict(self, prefix, keep_vars)
        if destination is None:
            return result
        destination.update(result)
        meta = getattr(result, "_metadata", None)
        if meta is not None and hasattr(destination, "_metadata"):   # only one it has
            destination._metadata.update(meta)
        return destination

    def load_state_dict(self, state_dict, strict: bool = True, assign: bool = False):
        """Copy values into this module's parameters and buffers, by name. As PyTorch, the
        entries that fit are copied; then missing and unexpected keys (when strict) and every
        shape mismatch are reported together in one RuntimeError."""
        from collections.abc import Mapping
        if isinstance(state_dict, Mapping):
            self._require_init("_load_state_dict_pre_hooks")
        return _state_dict.load_state_dict(self, state_dict, strict, assign)

    def _save_to_state_dict(self, destination, prefix, keep_vars) -> None:
        """This module's own parameters, persistent buffers and extra state put into
        destination under prefix (what state_dict saves per module; a subclass may
        override it)."""
        _state_dict.save_own(self, destination, prefix, keep_vars)

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing_keys,
                              unexpected_keys, error_msgs) -> None:
        """This module's own entries of state_dict loaded, its load pre-hooks first (what
        load_state_dict does per module; a subclass may override it)."""
        _state_dict._load_module(self, state_dict, prefix, local_metadata,
                                 (missing_keys, unexpected_keys, error_msgs), False)

    def get_extra_state(self):
        """What a module overriding this saves under `_extra_state` in its state_dict."""
        raise TorchRuntimeError(
            "Reached a code path in Module.get_extra_state() that should never be called. "
            "Please file an issue at https://github.com/pytorch/pytorch/issues/new?template="
            "bug-report.yml to report this bug.")

    def set_extra_state(self, state) -> None:
        """Takes what get_extra_state saved, when a module overrides both."""
        raise TorchRuntimeError(
            "Reached a code path in Module.set_extra_state() that should never be called. "
            "Please file an issue at https://github.com/pytorch/pytorch/issues/new?template="
            "bug-report.yml to report this bug.")

    def register_state_dict_pre_hook(self, hook) -> RemovableHandle:
        """hook(module, prefix, keep_vars) before the module saves its state."""
        return RemovableHandle(self._hook_list("_state_dict_pre_hooks"), hook)

    def register_state_dict_post_hook(self, hook) -> RemovableHandle:
        """hook(module, state_dict, prefix, local_metadata) after it and its children
        saved."""
        return RemovableHandle(self._hook_list("_state_dict_hooks"), hook)

    def register_load_state_dict_pre_hook(self, hook) -> RemovableHandle:
        """hook(module, state_dict, prefix, local_metadata, strict, missing_keys,
        unexpected_keys, error_msgs) before the module loads its own entries."""
        return RemovableHandle(self._hook_list("_load_state_dict_pre_hooks"), hook)

    def register_load_state_dict_post_hook(self, hook) -> RemovableHandle:
        """hook(module, incompatible_keys) after it and its children loaded."""
        return RemovableHandle(self._hook_list("_load_state_dict_post_hooks"), hook)

    # -- dtype ----------------------------------------------------------------------------------
    def to(self, *args, **kwargs) -> "Module":
        """Cast floating-point and complex parameters and buffers in place (a complex
        `dtype` with PyTorch's warning): `to(dtype)`, `to(device)`,
        `to(device, dtype)`, `to(tensor)` (its dtype), `to(dtype=...)`; `memory_format=`
        (`torch.channels_last`) lays out every 4-d (5-d) one so. The CPU, or "meta": every
        one a meta tensor (gradcli.meta: a shape and a dtype, no data)."""
        from ... import devices, dtypes, meta
        _check_to_args(args, kwargs)
        if kwargs.get("copy"):
            raise TorchRuntimeError(".to() does not accept copy argument")
        device, dtype, memory_format = (kwargs.get(key) for key in
                                        ("device", "dtype", "memory_format"))
        for arg in args:
            if isinstance(arg, bool):
                continue            # non_blocking: nothing to wait for on the CPU
            if isinstance(arg, (str, devices.device)):
                device = arg
            elif isinstance(arg, Tensor):
                dtype = arg.dtype
            else:
                dtype = arg
        to_meta = meta.wanted(device)
        if device is not None and not to_meta:
            devices.check(device)
            _refuse_copy_from_meta(self)
        target = None if dtype is None else dtypes.to_dtype(dtype)
        if target is not None and not (target.is_floating_point or target.is_complex):
            raise TorchTypeError(f"nn.Module.to only accepts floating point or complex dtypes, "
                                 f"but got desired dtype={target}")
        if target is not None and target.is_complex:        # each call, as PyTorch's to()
            warnings.warn(_COMPLEX_MODULES, UserWarning, stacklevel=2)
        for module in list(self.modules()):
            for table in ("_parameters", "_buffers"):
                for value in getattr(module, table).values():
                    if value is None:
                        continue
                    if target is not None and (value.is_floating_point()
                                               or value.is_complex()):
                        _cast(value, target.np)
                    if memory_format is not None and value.dim() in (4, 5):
                        _lay_out(value, memory_format)
                    if to_meta:
                        _to_meta(value)
        return self

    def cuda(self, device=None) -> "Module":
        return self._to_device("cuda", device)

    def xpu(self, device=None) -> "Module":
        return self._to_device("xpu", device)

    def ipu(self, device=None) -> "Module":
        return self._to_device("ipu", device)

    def mtia(self, device=None) -> "Module":
        return self._to_device("mtia", device)

    def _to_device(self, kind: str, device) -> "Module":
        """PyTorch's CPU build refuses to move a tensor there: the error, when the module has
        a parameter or buffer to move (one with none is returned as it is)."""
        from ... import devices
        if any(t is not None for module in self.modules()
               for table in (module._parameters, module._buffers) for t in table.values()):
            devices.to_accelerator(kind, device)
        return self

    def double(self) -> "Module":
        from ... import dtypes
        return self._floating_to(dtypes.float64)

    def float(self) -> "Module":
        from ... import dtypes
        return self._floating_to(dtypes.float32)

    def half(self) -> "Module":
        from ... import dtypes
        return self._floating_to(dtypes.float16)

    def bfloat16(self) -> "Module":
        from ... import dtypes
        return self._floating_to(dtypes.bfloat16)

    def _floating_to(self, dtype) -> "Module":
        """Every floating-point parameter and buffer cast to `dtype`, complex ones kept (unlike
        `to`), as PyTorch's double(), float(), half() and bfloat16()."""
        for module in list(self.modules()):
            for table in ("_parameters", "_buffers"):
                for value in getattr(module, table).values():
                    if value is not None and value.is_floating_point():
                        _cast(value, dtype.np)
        return self

    def type(self, dst_type) -> "Module":
        """Cast every parameter and buffer (floating or not) to the dtype `dst_type`; a
        parameter requiring grad refuses an integer or bool dtype (PyTorch's `param.data =`
        of the converted value). `dst_type` as Tensor.type takes it (torch.DoubleTensor,
        'torch.FloatTensor', a dtype)."""
        import numpy as np
        from ...errors import warn_complex_to_real
        # PyTorch's _apply order: the children first, then a module's parameters, its buffers
        tensors = [t for module in _children_first(self)
                   for table in (module._parameters, module._buffers)
                   for t in table.values() if t is not None]
        if not tensors:
            return self
        target = Tensor._wrap(np.zeros(0, np.float32)).type(dst_type).dtype
        to_integer = not (target.is_floating_point or target.is_complex)
        for t in dict.fromkeys(tensors):
            if to_integer and isinstance(t, Parameter) and t.requires_grad:
                warn_complex_to_real(t._data.dtype, np.dtype(target.np))
                raise TorchRuntimeError("data set to a tensor that requires gradients must "
                                        "be floating point or complex dtype")
            _cast(t, target.np)
        return self

    def cpu(self) -> "Module":
        return self

    def share_memory(self) -> "Module":
        """share_memory_() of every parameter (and its gradient) and buffer."""
        for t in (*self.parameters(), *self.buffers()):
            t.share_memory_()
            if getattr(t, "grad", None) is not None:
                t.grad.share_memory_()
        return self

    def to_empty(self, *, device=None, recurse: bool = True) -> "Module":
        """Give every parameter and buffer new uninitialised memory of its shape and dtype
        (PyTorch's torch.empty_like on `device`; CPU only)."""
        import numpy as np
        from ... import devices, meta
        to_meta = meta.wanted(device)
        if device is not None and not to_meta:
            devices.check(device)
        modules = list(self.modules()) if recurse else [self]
        for module in modules:
            for table in ("_parameters", "_buffers"):
                for value in getattr(module, table).values():
                    if value is None:
                        continue
                    if to_meta:
                        _to_meta(value)
                    else:
                        value._data = np.zeros(value._data.shape, value._data.dtype)
        return self

    # -- printing -----------------------------------------------------------------------------
    def _get_name(self) -> str:
        return type(self).__name__

    def extra_repr(self) -> str:
        return ""

    def __repr__(self) -> str:
        return module_repr(self)

    def __dir__(self):
        # PyTorch leaves out the names that are no identifiers (Sequential's "0", "1")
        names = set(object.__dir__(self)) | set(self._parameters) | set(self._modules) | \
            set(self._buffers)
        return sorted(name for name in names if not name[:1].isdigit())


_MAX_WALK = 1_000_000


# -- hooks every module runs before its own (torch.nn.modules.module's register_module_*) --

_CALL_HOOKS = ("_forward_pre_hooks", "_forward_hooks", "_backward_hooks", "_backward_pre_hooks",
               "_legacy_backward_hooks")
_GLOBAL_FORWARD_PRE: list = []
_GLOBAL_FORWARD: list = []
_GLOBAL_BACKWARD_PRE: list = []
_GLOBAL_BACKWARD: list = []
_GLOBAL_LEGACY_BACKWARD: list = []      # register_module_backward_hook's
_GLOBAL_IS_FULL: list = [None]          # which of the two kinds global backward hooks are
_GLOBAL_BUFFER_REGISTRATION: list = []
_GLOBAL_PARAMETER_REGISTRATION: list = []
_GLOBAL_MODULE_REGISTRATION: list = []


def _registered(hooks: list, module, name: str, value):
    """`value` as the global registration hooks leave it (each may return a replacement)."""
    for hook in list(hooks):
        output = hook(module, name, value)
        if output is not None:
            value = output
    return value


def register_module_forward_pre_hook(hook) -> RemovableHandle:
    """hook(module, args) -> None or new args, before every module's forward."""
    return RemovableHandle(_GLOBAL_FORWARD_PRE, hook)


def register_module_forward_hook(hook, *, with_kwargs: bool = False,
                                 always_call: bool = False) -> RemovableHandle:
    """hook(module, args, output) -> None or a new output, after every module's forward."""
    return _register(_GLOBAL_FORWARD, hook, False, with_kwargs, always_call)


def register_module_full_backward_pre_hook(hook) -> RemovableHandle:
    """hook(module, grad_output) -> None or new grad_output, for every module."""
    return RemovableHandle(_GLOBAL_BACKWARD_PRE, hook)


def register_module_full_backward_hook(hook) -> RemovableHandle:
    """hook(module, grad_input, grad_output) -> None or new grad_input, for every module."""
    _global_hook_kind(True)
    return RemovableHandle(_GLOBAL_BACKWARD, hook)


def register_module_backward_hook(hook) -> RemovableHandle:
    """The deprecated form of register_module_full_backward_hook: as each module's
    register_backward_hook, run before the module's own."""
    _global_hook_kind(False)
    return RemovableHandle(_GLOBAL_LEGACY_BACKWARD, hook)


def _global_hook_kind(full: bool) -> None:
    """PyTorch's refusal to mix the two kinds of global backward hooks (the first kind
    registered stays, even once its hooks are removed)."""
    if _GLOBAL_IS_FULL[0] is None:
        _GLOBAL_IS_FULL[0] = full
    elif _GLOBAL_IS_FULL[0] != full:
        raise TorchRuntimeError("Cannot use both regular backward hooks and full backward "
                                "hooks as a global Module hook. Please use only one of them.")


def register_module_buffer_registration_hook(hook) -> RemovableHandle:
    """hook(module, name, buffer) -> None or the buffer to register, at every
    register_buffer (and buffer assignment) of any module."""
    return RemovableHandle(_GLOBAL_BUFFER_REGISTRATION, hook)


def register_module_parameter_registration_hook(hook) -> RemovableHandle:
    """hook(module, name, param) -> None or the parameter to register, at every
    registration of a parameter (not of None) of any module."""
    return RemovableHandle(_GLOBAL_PARAMETER_REGISTRATION, hook)


def register_module_module_registration_hook(hook) -> RemovableHandle:
    """hook(module, name, submodule) -> None or the module to register, at every
    add_module (and module assignment, None over a child included) of any module."""
    return RemovableHandle(_GLOBAL_MODULE_REGISTRATION, hook)


GLOBAL_HOOK_FUNCTIONS = {f.__name__: f for f in (
    register_module_forward_pre_hook, register_module_forward_hook,
    register_module_full_backward_pre_hook, register_module_full_backward_hook,
    register_module_backward_hook, register_module_buffer_registration_hook, register_module_parameter_registration_hook,
    register_module_module_registration_hook)}


def reset_global_hooks() -> None:
    """No global module hooks (a formula run starts without another run's)."""
    _GLOBAL_IS_FULL[0] = None
    for hooks in (_GLOBAL_FORWARD_PRE, _GLOBAL_FORWARD, _GLOBAL_BACKWARD_PRE, _GLOBAL_BACKWARD,
                  _GLOBAL_LEGACY_BACKWARD, _GLOBAL_BUFFER_REGISTRATION, _GLOBAL_PARAMETER_REGISTRATION,
                  _GLOBAL_MODULE_REGISTRATION):
        hooks.clear()


class _HookEntry:
    """A forward hook registered with options (plain hooks are stored as they are)."""

    __slots__ = ("fn", "with_kwargs", "always_call")

    def __init__(self, fn, with_kwargs: bool, always_call: bool):
        self.fn, self.with_kwargs, self.always_call = fn, with_kwargs, always_call

    @staticmethod
    def call(hook, module, args, kwargs, output):
        if isinstance(hook, _HookEntry):
            if hook.with_kwargs:
                return hook.fn(module, args, kwargs, output)
            return hook.fn(module, args, output)
        return hook(module, args, output)


def _register(hooks: list, hook, prepend: bool, with_kwargs: bool, always_call: bool):
    entry = _HookEntry(hook, with_kwargs, always_call) if with_kwargs or always_call else hook
    handle = RemovableHandle(hooks, entry)
    if prepend:
        hooks.insert(0, hooks.pop())
    return handle


def _run_pre_hook(module, hook, args, kwargs):
    """One forward pre-hook: PyTorch's rules for what it may return."""
    if isinstance(hook, _HookEntry) and hook.with_kwargs:
        result = hook.fn(module, args, kwargs)
        if result is None:
            return args, kwargs
        if isinstance(result, tuple) and len(result) == 2:
            return result
        raise TorchRuntimeError("forward pre-hook must return None or a tuple of (new_args, "
                                f"new_kwargs), but got {result}.")
    result = (hook.fn if isinstance(hook, _HookEntry) else hook)(module, args)
    if result is None:
        return args, kwargs
    return (result if isinstance(result, tuple) else (result,)), kwargs


def _legacy_backward_hooks(module, args: tuple, output) -> None:
    """register_backward_hook's hooks, put on the grad_fn of the output's first tensor, with
    PyTorch's FutureWarning where they will miss gradients."""
    hooks = [*_GLOBAL_LEGACY_BACKWARD, *module.__dict__.get("_legacy_backward_hooks", ())]
    if not hooks:
        return
    var = output
    while not isinstance(var, Tensor):
        var = next(v for v in var.values() if isinstance(v, Tensor)) \
            if isinstance(var, dict) else var[0]
    grad_fn = var.grad_fn
    if grad_fn is not None:
        for hook in hooks:
            grad_fn.register_hook(_bound_hook(hook, module))
        message = _non_full_hook_warning(args, output, grad_fn)
        if message:
            warnings.warn(message, FutureWarning, stacklevel=3)


def _bound_hook(hook, module):
    """`hook` called with `module` first, under the hook's own name (PyTorch's _WrappedHook:
    errors about its result name the user's function)."""
    @functools.wraps(hook)
    def bound(grad_input, grad_output):
        return hook(module, grad_input, grad_output)
    return bound


def _non_full_hook_warning(args: tuple, output, grad_fn) -> str | None:
    """PyTorch's `_maybe_warn_non_full_backward_hook`: why a register_backward_hook hook
    would miss some gradients, or None."""
    tail = "Please use register_full_backward_hook to get the documented behavior."
    results = (output,) if isinstance(output, Tensor) else output
    if not (isinstance(results, tuple) and all(isinstance(r, Tensor) for r in results)):
        return ("Using non-full backward hooks on a Module that does not return a single "
                "Tensor or a tuple of Tensors is deprecated and will be removed in future "
                f"versions. This hook will be missing some of the grad_output. {tail}")
    if not all(isinstance(a, Tensor) for a in args):
        return ("Using non-full backward hooks on a Module that does not take as input a "
                "single Tensor or a tuple of Tensors is deprecated and will be removed in "
                f"future versions. This hook will be missing some of the grad_input. {tail}")
    out_grad_fns = {id(r.grad_fn) for r in results if r.grad_fn is not None}
    if not out_grad_fns or (len(out_grad_fns) == 1 and id(grad_fn) not in out_grad_fns):
        return ("Using a non-full backward hook when outputs are nested in python data "
                "structure is deprecated and will be removed in future versions. This hook "
                "will be missing some grad_output.")
    if len(out_grad_fns) > 1:
        return ("Using a non-full backward hook when outputs are generated by different "
                "autograd Nodes is deprecated and will be removed in future versions. This "
                f"hook will be missing some grad_output. {tail}")
    inputs_grad_fns = {id(a.grad_fn) for a in args if a.grad_fn is not None}
    if inputs_grad_fns != {id(n) for n, _ in grad_fn.next_functions}:
        return ("Using a non-full backward hook when the forward contains multiple autograd "
                "Nodes is deprecated and will be removed in future versions. This hook will be "
                f"missing some grad_input. {tail}")
    return None


def _run_always_called(module, hooks: list, n_global: int, state: dict) -> None:
    """After a forward hook, forward or a pre-hook raised: the `always_call` hooks not yet
    run, given the output so far (None before forward), their own errors turned into
    warnings (the first error is re-raised). As PyTorch's, a global one is called
    hook(module, args, output) even when registered with_kwargs."""
    for i, hook in enumerate(hooks):
        if not (isinstance(hook, _HookEntry) and hook.always_call) or id(hook) in state["called"]:
            continue
        try:
            result = hook.fn(module, state["args"], state["result"]) if i < n_global else \
                _HookEntry.call(hook, module, state["args"], state["kwargs"], state["result"])
        except Exception as e:      # noqa: BLE001 - PyTorch silences them too
            warnings.warn(f"{'global ' if i < n_global else ''}module forward hook with "
                          "``always_call=True`` raised an exception that was silenced as "
                          f"another error was raised in forward: {_exception_text(e)}",
                          stacklevel=3)
            continue
        if result is not None:
            state["result"] = result


def _exception_text(error: Exception) -> str:
    """str() of `error` as the formula would catch it (an exception a formula function
    raised reaches here as gradcli's error, whose own text starts with the type)."""
    from ...lang.exceptions import formula_exception
    value = formula_exception(error)
    return str(error if value is None else value)


def _named_children_of(module: Module, name: str) -> list:
    """(dotted name, child) of a module's registered children, in order."""
    dot = name + "." if name else ""
    return [(dot + key, child) for key, child in module._modules.items() if child is not None]


class _IncompatibleKeys(tuple):
    """load_state_dict's result: `<All keys matched successfully>` or the two lists."""

    __gradcli_safe__ = True

    def __new__(cls, missing, unexpected):
        return tuple.__new__(cls, (missing, unexpected))

    @property
    def missing_keys(self):
        return self[0]

    @property
    def unexpected_keys(self):
        return self[1]

    def __repr__(self):
        if not self[0] and not self[1]:
            return "<All keys matched successfully>"
        return f"_IncompatibleKeys(missing_keys={self[0]}, unexpected_keys={self[1]})"

    __str__ = __repr__


def _to_meta(t: Tensor) -> None:
    """t's data (and its gradient's) replaced by meta data of its shape and dtype, in place,
    as PyTorch's Module.to("meta") replaces a parameter's data."""
    from ... import meta
    t._data = meta.empty(t._data.shape, t._data.dtype)
    if t._grad is not None:
        t._grad = Tensor._wrap(meta.empty(t._grad._data.shape, t._grad._data.dtype))


def _refuse_copy_from_meta(module) -> None:
    """Module.to("cpu") of a module holding meta tensors: PyTorch's copy out of one fails."""
    from ... import meta
    for t in list(module.parameters()) + list(module.buffers()):
        if meta.is_meta(t._data):
            raise TorchNotImplementedError(
                meta.NO_DATA + " Please use torch.nn.Module.to_empty() instead of "
                "torch.nn.Module.to() when moving module from meta to a different device.")


def _check_to_args(args: tuple, kwargs: dict) -> None:
    """PyTorch's TypeError for arguments Module.to cannot take (torch._C._nn._parse_to has
    Tensor.to's signatures)."""
    from ...argparser import MANUAL_METHODS, Parser
    if not _TO_PARSER:
        _TO_PARSER.append(Parser(MANUAL_METHODS["to"]))
    _TO_PARSER[0].check(args, kwargs)


_TO_PARSER = []        # built at the first call: the parser needs nn's Parameter known


def _children_first(root) -> list:
    """The modules under `root` (itself too), each once, a module's children before it and
    in their order (PyTorch's _apply order; a stack, no recursion)."""
    order, seen, stack = [], {id(root)}, [(root, False)]
    while stack:
        module, expanded = stack.pop()
        if expanded:
            order.append(module)
            continue
        stack.append((module, True))
        children = [c for c in module._modules.values() if c is not None and id(c) not in seen]
        seen.update(id(c) for c in children)
        stack.extend((c, False) for c in reversed(children))
    return order


def _cast(t: Tensor, np_dtype) -> None:
    """t's values (and its gradient's) converted in place as Tensor.to converts them:
    rounded to bfloat16, to float16 through float32 (c10's conversions); complex to real
    with PyTorch's once-per-process warning."""
    import numpy as np
    from ... import dtypes
    from ...errors import warn_complex_to_real
    if t._data.dtype != np_dtype:
        warn_complex_to_real(t._data.dtype, np.dtype(np_dtype))
        t._data = dtypes.convert(t._data, np_dtype)
        if t._grad is not None:
            t._grad = Tensor._wrap(dtypes.convert(t._grad._data, np_dtype))


def _lay_out(t: Tensor, memory_format) -> None:
    """t (and its gradient) laid out in memory_format, in place, as PyTorch's Module.to
    replaces a parameter's data with t.to(memory_format=...)."""
    from ...autograd.grad_mode import no_grad
    with no_grad():
        t._data = t.detach().to(memory_format=memory_format)._data
        if t._grad is not None:
            t._grad = Tensor._wrap(t._grad.to(memory_format=memory_format)._data)


# -- repr ------------------------------------------------------------------------------------------
#
# PyTorch builds a module's repr from its children's reprs, indenting each again at every
# level (quadratic in the depth, recursive). Here the lines are written once, top down, each
# with its final indentation, so the time is that of the output, and the output stops at
# MAX_REPR_CHARS. ModuleList folds runs of children whose reprs are equal; equal reprs are
# found without building them, by numbering the distinct (name, extra_repr, children)
# shapes bottom up.

def _shapes(root: Module) -> dict:
    """id(module) -> a number equal for two modules exactly when their reprs are, for every
    module under root (children first, no recursion); a module inside itself is an error."""
    numbers: dict = {}
    table: dict = {}
    stack = [(root, False)]
    on_path: set = set()
    while stack:
        module, expanded = stack.pop()
        key = id(module)
        if key in numbers:
            continue
        if expanded:
            on_path.discard(key)
            shape = (module._get_name(), module.extra_repr(), _folds(module),
                     tuple((name, None if child is None else numbers[id(child)])
                           for name, child in module._modules.items()))
            numbers[key] = table.setdefault(shape, len(table))
            continue
        if key in on_path:
            raise TorchRuntimeError(f"cannot print a {root._get_name()} that contains itself")
        on_path.add(key)
        stack.append((module, True))
        stack.extend((child, False) for child in module._modules.values()
                     if child is not None and id(child) not in numbers)
    return numbers


def _folds(module: Module) -> bool:
    return getattr(type(module), "_folds_repeats", False)


def _children(module: Module, shapes: dict) -> list:
    """(prefix, child) for each line group of the children: `(name): ` or, in a ModuleList,
    `(0-2): 3 x ` for a run of equal children."""
    if not _folds(module):
        return [(f"({name}): ", child) for name, child in module._modules.items()]
    runs: list = []                       # [first index, last index, shape, child]
    for i, child in enumerate(module._modules.values()):
        shape = None if child is None else shapes[id(child)]
        if runs and runs[-1][2] == shape:
            runs[-1][1] = i
        else:
            runs.append([i, i, shape, child])
    return [(f"({start}): " if start == end else f"({start}-{end}): {end - start + 1} x ",
             child) for start, end, _, child in runs]


def _open(module: Module, indent: int, prefix: str, shapes: dict, work: list) -> str:
    """The first line of `module` printed at `indent` after `prefix`; what follows it (extra
    lines, children, the closing parenthesis) is pushed on `work`, last first."""
    name = module._get_name()
    children = _children(module, shapes)
    extra = "" if _folds(module) else module.extra_repr()
    extra_lines = extra.split("\n") if extra else []
    if not children and len(extra_lines) <= 1:
        return f"{prefix}{name}({extra_lines[0] if extra_lines else ''})"
    inner = " " * (indent + 2)
    work.append(("line", " " * indent + ")"))
    for child_prefix, child in reversed(children):
        work.append(("module", child, indent + 2, inner + child_prefix))
    work.extend(("line", inner + line) for line in reversed(extra_lines))
    return f"{prefix}{name}("


def module_repr(root: Module) -> str:
    """PyTorch's Module.__repr__, written top down without recursion."""
    shapes = _shapes(root)
    lines: list = []
    size = 0
    work: list = [("module", root, 0, "")]
    while work:
        item = work.pop()
        if item[0] == "line":
            line = item[1]
        elif item[1] is None:
            line = item[3] + "None"
        else:
            line = _open(item[1], item[2], item[3], shapes, work)
        size += len(line) + 1
        if size > MAX_REPR_CHARS:
            raise TorchRuntimeError(f"the printed form of this {root._get_name()} would have "
                                    f"more than {MAX_REPR_CHARS:,} characters")
        lines.append(line)
    return "\n".join(lines)
