"""`torch.nn.utils.parametrize`: register_parametrization turns a module's parameter (or
buffer) `name` into the output of a chain of modules applied to the stored `original`
tensor(s), as PyTorch's: the module's class becomes `Parametrized<Class>` with a property
`name`, and its parametrizations live in `module.parametrizations[name]`, a
ParametrizationList (a ModuleList holding `original` or `original0`, `original1`, ...)."""
from __future__ import annotations

from collections.abc import Sequence

from ..._tensor import Tensor
from ...autograd.grad_mode import no_grad
from ...errors import TorchRuntimeError, TorchValueError
from ..modules.container import ModuleDict, ModuleList
from ..parameter import Parameter

_cache_depth = [0]
_cache: dict = {}


def _set(dest: Tensor, src: Tensor) -> None:
    """PyTorch's dest.set_(src): dest keeps its identity and takes src's data."""
    dest.data = src


def _register_parameter_or_buffer(module, name: str, value) -> None:
    if isinstance(value, Parameter):
        module.register_parameter(name, value)
    else:
        module.register_buffer(name, value)


class ParametrizationList(ModuleList):
    """The parametrizations of one tensor, applied in order to `original` (or to
    `original0`, `original1`, ... when the first one's right_inverse returns several)."""

    def __init__(self, modules, original, unsafe: bool = False):
        if len(modules) == 0:
            raise TorchValueError("ParametrizationList requires one or more modules.")
        super().__init__(modules)
        self.unsafe = unsafe
        shape, dtype = original.shape, original.dtype
        with no_grad():
            new = original
            for module in reversed(list(self)):
                if hasattr(module, "right_inverse"):
                    try:
                        new = module.right_inverse(new)
                    except NotImplementedError:
                        pass
        if not isinstance(new, (Tensor, Sequence)):
            raise TorchValueError(f"'right_inverse' must return a Tensor or a Sequence of "
                                  f"tensors (list, tuple...). Got {type(new).__name__}")
        self.is_tensor = isinstance(new, Tensor)
        self.ntensors = 1 if self.is_tensor else len(new)
        if self.is_tensor:
            if original.dtype != new.dtype:
                raise TorchValueError(f"When `right_inverse` outputs one tensor, it may not "
                                      f"change the dtype.\noriginal.dtype: {original.dtype}\n"
                                      f"right_inverse(original).dtype: {new.dtype}")
            with no_grad():
                _set(original, new)
            _register_parameter_or_buffer(self, "original", original)
        else:
            for i, part in enumerate(new):
                if not isinstance(part, Tensor):
                    raise TorchValueError(
                        f"'right_inverse' must return a Tensor or a Sequence of tensors "
                        f"(list, tuple...). Got element {i} of the sequence with type "
                        f"{type(part).__name__}.")
                if isinstance(original, Parameter):
                    part = Parameter(part, original.requires_grad)
                part.requires_grad_(original.requires_grad)
                _register_parameter_or_buffer(self, f"original{i}", part)
        if not self.unsafe:
            self._check(self(), shape, dtype)

    @staticmethod
    def _check(z, shape, dtype) -> None:
        if not isinstance(z, Tensor):
            raise TorchValueError(f"A parametrization must return a tensor. Got "
                                  f"{type(z).__name__}.")
        if z.dtype != dtype:
            raise TorchValueError(
                "Registering a parametrization may not change the dtype of the tensor, unless "
                f"`unsafe` flag is enabled.\nunparametrized dtype: {dtype}\n"
                f"parametrized dtype: {z.dtype}")
        if z.shape != shape:
            raise TorchValueError(
                "Registering a parametrization may not change the shape of the tensor, unless "
                f"`unsafe` flag is enabled.\nunparametrized shape: {shape}\n"
                f"parametrized shape: {z.shape}")

    def right_inverse(self, value) -> None:
        """Store the tensor(s) whose parametrization gives `value` (assigning `module.name`)."""
        with no_grad():
            for module in reversed(list(self)):
                if not hasattr(module, "right_inverse"):
                    raise TorchRuntimeError(f"parametrization {type(module).__name__} does not "
                                            "implement right_inverse.")
                value = module.right_inverse(value)
            if self.is_tensor:
                if not isinstance(value, Tensor):
                    raise TorchValueError(f"`right_inverse` should return a tensor. Got "
                                          f"{type(value).__name__}")
                if value.dtype != self.original.dtype:
                    raise TorchValueError(f"The tensor returned by `right_inverse` has dtype "
                                          f"{value.dtype} while `original` has dtype "
                                          f"{self.original.dtype}")
                _set(self.original, value)
                return
            if len(value) != self.ntensors:
                raise TorchValueError(f"'right_inverse' must return a sequence of tensors of "
                                      f"length {self.ntensors}. Got a sequence of length "
                                      f"{len(value)}.")
            for i, tensor in enumerate(value):
                _set(getattr(self, f"original{i}"), tensor)

    def forward(self):
        modules = list(self)
        if self.is_tensor:
            x = modules[0](self.original)
        else:
            x = modules[0](*(getattr(self, f"original{i}") for i in range(self.ntensors)))
        for module in modules[1:]:
            x = module(x)
        return x


def _inject_new_class(module) -> None:
    cls = module.__class__
    module.__class__ = type(f"Parametrized{cls.__name__}", (cls,), {})


def _inject_property(module, name: str) -> None:
    def get_parametrized(self):
        parametrization = self.parametrizations[name]
        if not _cache_depth[0]:
            return parametrization()
        key = (id(self), name)
        if key not in _cache:
            _cache[key] = parametrization()
        return _cache[key]

    def set_original(self, value) -> None:
        self.parametrizations[name].right_inverse(value)

    setattr(module.__class__, name, property(get_parametrized, set_original))


def is_parametrized(module, tensor_name=None) -> bool:
    """Whether the module (its tensor `tensor_name`) has a parametrization."""
    parametrizations = module.__dict__.get("_modules", {}).get("parametrizations")
    if not isinstance(parametrizations, ModuleDict):
        return False
    return len(parametrizations) > 0 if tensor_name is None else tensor_name in parametrizations


def register_parametrization(module, tensor_name: str, parametrization, *,
                             unsafe: bool = False):
    """Make module.<tensor_name> the output of `parametrization` (appended to the chain if
    the tensor already has one); returns the module."""
    parametrization.train(module.training)
    if is_parametrized(module, tensor_name):
        if not unsafe:
            y = getattr(module, tensor_name)
            _check_appended(parametrization(y), y, tensor_name)
        module.parametrizations[tensor_name].append(parametrization)
        module.parametrizations[tensor_name].unsafe |= unsafe
    elif tensor_name in module._buffers or tensor_name in module._parameters:
        original = getattr(module, tensor_name)
        chain = ParametrizationList([parametrization], original, unsafe=unsafe)
        delattr(module, tensor_name)
        if not is_parametrized(module):
            _inject_new_class(module)
            module.parametrizations = ModuleDict()
        _inject_property(module, tensor_name)
        module.parametrizations[tensor_name] = chain
    else:
        raise TorchValueError(f"Module '{module}' does not have a parameter, a buffer, or a "
                              f"parametrized element with name '{tensor_name}'")
    return module


def _check_appended(x, y, name: str) -> None:
    if not isinstance(x, Tensor):
        raise TorchValueError(f"A parametrization must return a tensor. Got {type(x).__name__}.")
    if x.dtype != y.dtype:
        raise TorchValueError(
            "Registering a parametrization may not change the dtype of the tensor, unless the "
            f"`unsafe` flag is enabled.\nmodule.{name}.dtype: {y.dtype}\n"
            f"parametrization(module.{name}).dtype: {x.dtype}")
    if x.shape != y.shape:
        raise TorchValueError(
            "Registering a parametrization may not change the shape of the tensor, unless the "
            f"`unsafe` flag is enabled.\nmodule.{name}.shape: {y.shape}\n"
            f"parametrization(module.{name}).shape: {x.shape}")


def remove_parametrizations(module, tensor_name: str, leave_parametrized: bool = True):
    """Make module.<tensor_name> a plain tensor again: its parametrized value (or, with
    leave_parametrized=False, the stored original)."""
    if not is_parametrized(module, tensor_name):
        raise TorchValueError(f"Module {module} does not have a parametrization on "
                              f"{tensor_name}")
    chain = module.parametrizations[tensor_name]
    if chain.is_tensor:
        original = chain.original
        if leave_parametrized:
            with no_grad():
                _set(original, getattr(module, tensor_name))
    elif leave_parametrized:
        t = getattr(module, tensor_name)
        original = Parameter(t) if t.requires_grad else t
    else:
        raise TorchValueError("Cannot leave unparametrized (`leave_parametrized=False`) a "
                              "tensor that is parametrized in terms of a sequence of tensors.")
    delattr(module.__class__, tensor_name)
    del module.parametrizations[tensor_name]
    _register_parameter_or_buffer(module, tensor_name, original)
    if not is_parametrized(module):
        delattr(module, "parametrizations")
        module.__class__ = module.__class__.__bases__[0]
    return module


def type_before_parametrizations(module) -> type:
    """The module's class before register_parametrization changed it."""
    return module.__class__.__bases__[0] if is_parametrized(module) else type(module)


def transfer_parametrizations_and_params(from_module, to_module, tensor_name=None):
    """Register on `to_module` the parametrizations of `from_module` (all, or those of
    `tensor_name`), sharing its `original` tensor(s); a missing attribute of `to_module`
    first becomes a Parameter of from_module's value. Returns `to_module`."""
    if not is_parametrized(from_module):
        return to_module
    for name in list(from_module.parametrizations) if tensor_name is None else [tensor_name]:
        if not hasattr(to_module, name):
            setattr(to_module, name, Parameter(getattr(from_module, name)))
        source = from_module.parametrizations[name]
        for parametrization in source:
            register_parametrization(to_module, name, parametrization)
        target = to_module.parametrizations[name]
        if hasattr(source, "original"):
            target.original = source.original
            continue
        num = 0
        while hasattr(source, f"original{num}"):
            setattr(target, f"original{num}", getattr(source, f"original{num}"))
            num += 1
    return to_module


def cached() -> "_GeneratorContextManager":
    """Context manager: inside it, each parametrized tensor is computed once (PyTorch's is
    a @contextmanager function: the same repr, the same object type)."""
    return _GeneratorContextManager()


class _GeneratorContextManager:
    """What `cached()` returns (named as contextlib's)."""

    __gradcli_safe__ = True

    def __enter__(self):
        _cache_depth[0] += 1
        return None

    def __exit__(self, *exc) -> bool:
        _cache_depth[0] -= 1
        if not _cache_depth[0]:
            _cache.clear()
        return False


PUBLIC = ("register_parametrization", "remove_parametrizations", "is_parametrized",
          "type_before_parametrizations", "cached", "ParametrizationList",
          "transfer_parametrizations_and_params")
