"""`torch.nn.utils`: clip_grad_norm_ and clip_grad_value_, as training loops call them
between `backward()` and `optimizer.step()`, parameters_to_vector and back, the hook forms of
weight_norm and spectral_norm (utils/weight_norm.py, utils/spectral_norm.py), `rnn` (packed
sequences, utils/rnn.py), `parametrize` and `parametrizations`, `fusion` (BatchNorm folded
into the layer before it), `stateless` (the deprecated functional_call) and `memory_format`
(convolution weights laid out channels-last)."""
from __future__ import annotations

import math

from ..._tensor import Tensor
from ...autograd.grad_mode import no_grad
from ...errors import TorchRuntimeError, TorchTypeError
from ...ops.registry import REGISTRY


def _grads(parameters) -> list:
    params = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    return [p.grad for p in params if p.grad is not None]


def clip_grad_norm_(parameters, max_norm: float, norm_type: float = 2.0,
                    error_if_nonfinite: bool = False, foreach=None) -> Tensor:
    """Scale the gradients in place so that their joint norm is at most max_norm; returns
    that norm before scaling (PyTorch's steps: get_total_norm of the gradients, then
    clip_grads_with_norm_)."""
    params = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    if not params and _is_generator(parameters):
        import warnings
        warnings.warn("`parameters` is an empty generator, no gradient clipping will occur.",
                      stacklevel=2)
    total = get_total_norm(_grads(params), norm_type, error_if_nonfinite, foreach)
    clip_grads_with_norm_(params, max_norm, total, foreach)
    return total


def _is_generator(value) -> bool:
    """A Python generator: `module.parameters()` or a formula's own `(p for p in ...)`."""
    import types
    from ...lang.vm import Generator
    return isinstance(value, (types.GeneratorType, Generator))


def clip_grad_norm(parameters, max_norm: float, norm_type: float = 2.0,
                   error_if_nonfinite: bool = False, foreach=None) -> Tensor:
    """clip_grad_norm_, under its old name (PyTorch's FutureWarning)."""
    import warnings
    warnings.warn("`torch.nn.utils.clip_grad_norm` is now deprecated in favor of "
                  "`torch.nn.utils.clip_grad_norm_`.", FutureWarning, stacklevel=2)
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


def get_total_norm(tensors, norm_type: float = 2.0, error_if_nonfinite: bool = False,
                   foreach=None) -> Tensor:
    """The norm of the tensors' norms (of their joint elements), as clip_grad_norm_ uses."""
    tensors = [tensors] if isinstance(tensors, Tensor) else list(tensors)
    norm_type = float(norm_type)
    if not tensors:
        from ...ops.creation import tensor
        return tensor(0.0)
    vector_norm = REGISTRY["norm"].fn
    with no_grad():
        norms = [vector_norm(t, norm_type) for t in tensors]
        total = vector_norm(REGISTRY["stack"].fn(norms), norm_type)
    if error_if_nonfinite and not math.isfinite(total.item()):
        raise TorchRuntimeError(
            f"The total norm of order {norm_type} for gradients from `parameters` is "
            "non-finite, so it cannot be clipped. To disable this error and scale the "
            "gradients by the non-finite norm anyway, set `error_if_nonfinite=False`")
    return total


def clip_grads_with_norm_(parameters, max_norm: float, total_norm, foreach=None) -> None:
    """Scale the gradients in place by max_norm / (total_norm + 1e-6), clamped to 1."""
    grads = _grads(parameters)
    if not grads:
        return
    with no_grad():
        coef = REGISTRY["clamp"].fn(float(max_norm) / (total_norm + 1e-6), max=1.0)
        for g in grads:
            g.mul_(coef)


def clip_grad_value_(parameters, clip_value: float, foreach=None) -> None:
    """Clamp every gradient element to [-clip_value, clip_value], in place. No gradient
    at all is the error of PyTorch's grouping of them by device and dtype."""
    clip_value = float(clip_value)
    grads = _grads(parameters)
    if not grads:
        raise TorchRuntimeError("Expected !nested_tensorlist[0].empty() to be true, but got "
                                "false.  (Could this error message be improved?  If so, "
                                "please report an enhancement request to PyTorch.)")
    with no_grad():
        for g in grads:
            g.clamp_(min=-clip_value, max=clip_value)


def parameters_to_vector(parameters) -> Tensor:
    """All parameters flattened and concatenated into one vector (differentiable, as
    PyTorch's `torch.cat([p.view(-1) ...])`)."""
    params = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    return REGISTRY["cat"].fn([p.view(-1) for p in params])


def vector_to_parameters(vec: Tensor, parameters) -> None:
    """Each parameter's data replaced by a view of the next slice of `vec`, as PyTorch's
    (its dtype becomes vec's; a later write into vec shows in the parameters)."""
    if not isinstance(vec, Tensor):
        raise TorchTypeError(f"expected torch.Tensor, but got: {type(vec).__name__}")
    params = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    pointer = 0
    for p in params:
        n = p.numel()
        p.data = vec[pointer:pointer + n].view_as(p).data
        pointer += n


def skip_init(module_cls, *args, **kwargs):
    """module_cls(*args, **kwargs) without initializing its parameters and buffers (their
    values are uninitialized memory in PyTorch, zeros here), as PyTorch builds it on the meta
    device: no random numbers are drawn, so the generator is where it was. The module must
    take a `device` argument, as PyTorch requires."""
    import inspect
    from ...nn.modules.module import Module
    from ...ops.creation import get_rng_state, set_rng_state
    if not (isinstance(module_cls, type) and issubclass(module_cls, Module)):
        raise TorchRuntimeError(f"Expected a Module; got {module_cls}")
    if "device" not in inspect.signature(module_cls).parameters:
        raise TorchRuntimeError("Module must support a 'device' arg to skip initialization")
    state = get_rng_state()
    try:
        module = module_cls(*args, **kwargs)
    finally:
        set_rng_state(state)
    with no_grad():
        for t in list(module.parameters()) + list(module.buffers()):
            t.zero_()
    return module


def _namespace(module):
    """A submodule as formulas see it (`torch.nn.utils.rnn` ...): a read-only namespace of
    its public names (Python code may also import the module itself)."""
    from ...namespace import Namespace
    name = "torch" + module.__name__[len("gradcli"):]
    return Namespace(name, {n: getattr(module, n) for n in module.PUBLIC})


from . import parametrizations as _parametrizations  # noqa: E402
from . import parametrize as _parametrize  # noqa: E402
from . import prune as _prune  # noqa: E402
from . import fusion as _fusion  # noqa: E402
from . import rnn as _rnn  # noqa: E402
from . import stateless as _stateless  # noqa: E402
from . import memory_format as _memory_format  # noqa: E402
from .memory_format import (convert_conv2d_weight_memory_format,  # noqa: E402,F401
                            convert_conv3d_weight_memory_format)
from .fusion import (fuse_conv_bn_eval, fuse_conv_bn_weights,  # noqa: E402,F401
                     fuse_linear_bn_eval, fuse_linear_bn_weights)

rnn = _namespace(_rnn)
fusion = _namespace(_fusion)
stateless = _namespace(_stateless)
parametrize = _namespace(_parametrize)
parametrizations = _namespace(_parametrizations)
prune = _namespace(_prune)
memory_format = _namespace(_memory_format)

from .spectral_norm import remove_spectral_norm, spectral_norm  # noqa: E402
from .weight_norm import remove_weight_norm, weight_norm  # noqa: E402

PUBLIC = ("clip_grad_norm_", "clip_grad_norm", "clip_grad_value_", "get_total_norm",
          "clip_grads_with_norm_", "parameters_to_vector", "vector_to_parameters",
          "weight_norm", "remove_weight_norm",
          "spectral_norm", "remove_spectral_norm", "rnn", "parametrize", "parametrizations",
          "prune", "fusion", "stateless", "fuse_conv_bn_eval", "fuse_conv_bn_weights",
          "fuse_linear_bn_eval", "fuse_linear_bn_weights", "skip_init", "memory_format",
          "convert_conv2d_weight_memory_format", "convert_conv3d_weight_memory_format")
