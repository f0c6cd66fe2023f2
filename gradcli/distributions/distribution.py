"""The `Distribution` base class: batch and event shapes, argument and sample validation
(PyTorch's error texts), the sampling entry points and the repr."""
from __future__ import annotations

import warnings

import numpy as np

from .._tensor import Size, Tensor
from ..errors import TorchNotImplementedError, TorchValueError
from . import constraints
from .utils import lazy_property

__all__ = ["Distribution"]


def _torch():
    import gradcli
    return gradcli


def _is_all_true(check) -> bool:
    """PyTorch's torch._is_all_true of a constraint's check: its values read even inside a
    vmapped function (where bool() of a tensor is refused; PyTorch's batching rule reads the
    whole batch, gradcli's function sees one slice)."""
    return bool(np.all(check._data))


class Distribution:
    """Abstract base class for probability distributions."""

    __gradcli_safe__ = True
    #: the private names a formula's subclass reads, as PyTorch's own subclasses do
    #: (`if self._validate_args: self._validate_sample(value)`)
    __formula_protected__ = ("_validate_args", "_validate_sample", "_extended_shape",
                             "_batch_shape", "_event_shape", "_get_checked_instance")
    has_rsample = False
    has_enumerate_support = False
    _validate_args = __debug__

    @staticmethod
    def set_default_validate_args(value):
        if value not in [True, False]:
            raise TorchValueError("")
        Distribution._validate_args = value

    def __init__(self, batch_shape=Size(), event_shape=Size(), validate_args=None):
        self._batch_shape = Size(batch_shape)
        self._event_shape = Size(event_shape)
        if validate_args is not None:
            self._validate_args = validate_args
        if self._validate_args:
            self._check_args()

    def _check_args(self):
        try:
            arg_constraints = self.arg_constraints
        except NotImplementedError:
            arg_constraints = {}
            warnings.warn(f"{_class_text(self)} does not define `arg_constraints`. Please set "
                          "`arg_constraints = {}` or initialize the distribution with "
                          "`validate_args=False` to turn off validation.", stacklevel=3)
        for param, constraint in arg_constraints.items():
            if constraints.is_dependent(constraint):
                continue
            if param not in self.__dict__ and isinstance(getattr(type(self), param, None),
                                                         lazy_property):
                continue
            value = getattr(self, param)
            if not _is_all_true(constraint.check(value)):
                raise TorchValueError(
                    f"Expected parameter {param} ({type(value).__name__} of shape "
                    f"{tuple(value.shape)}) of distribution {self!r} to satisfy the "
                    f"constraint {constraint!r}, but found invalid values:\n{value}")

    def expand(self, batch_shape, _instance=None):
        raise TorchNotImplementedError("")

    @property
    def batch_shape(self):
        return self._batch_shape

    @property
    def event_shape(self):
        return self._event_shape

    @property
    def arg_constraints(self):
        raise TorchNotImplementedError("")

    @property
    def support(self):
        raise TorchNotImplementedError("")

    @property
    def mean(self):
        raise TorchNotImplementedError("")

    @property
    def mode(self):
        raise TorchNotImplementedError(f"{_class_text(self)} does not implement mode")

    @property
    def variance(self):
        raise TorchNotImplementedError("")

    @property
    def stddev(self):
        return self.variance.sqrt()

    def sample(self, sample_shape=Size()):
        with _torch().no_grad():
            return self.rsample(sample_shape)

    def rsample(self, sample_shape=Size()):
        raise TorchNotImplementedError("")

    def sample_n(self, n):
        warnings.warn("`sample_n(n)` will be deprecated. Use `sample((n,))` instead.",
                      FutureWarning, stacklevel=2)
        return self.sample(Size((n,)))

    def log_prob(self, value):
        raise TorchNotImplementedError("")

    def cdf(self, value):
        raise TorchNotImplementedError("")

    def icdf(self, value):
        raise TorchNotImplementedError("")

    def enumerate_support(self, expand=True):
        raise TorchNotImplementedError("")

    def entropy(self):
        raise TorchNotImplementedError("")

    def perplexity(self):
        return _torch().exp(self.entropy())

    def _extended_shape(self, sample_shape=Size()):
        """sample_shape + batch_shape + event_shape."""
        return Size(tuple(sample_shape) + tuple(self._batch_shape) + tuple(self._event_shape))

    def _validate_sample(self, value):
        """PyTorch's checks of a value given to log_prob/cdf: a tensor, whose rightmost
        sizes match the event shape and broadcast with the batch shape, inside the support."""
        if not isinstance(value, Tensor):
            raise TorchValueError("The value argument to log_prob must be a Tensor")
        event_dim_start = len(value.size()) - len(self._event_shape)
        if value.size()[event_dim_start:] != self._event_shape:
            raise TorchValueError(f"The right-most size of value must match event_shape: "
                                  f"{value.size()} vs {self._event_shape}.")
        actual_shape = value.size()
        expected_shape = Size(tuple(self._batch_shape) + tuple(self._event_shape))
        for i, j in zip(reversed(actual_shape), reversed(expected_shape)):
            if i != 1 and j != 1 and i != j:
                raise TorchValueError(f"Value is not broadcastable with batch_shape+"
                                      f"event_shape: {actual_shape} vs {expected_shape}.")
        try:
            support = self.support
        except NotImplementedError:
            warnings.warn(f"{_class_text(self)} does not define `support` to enable sample "
                          "validation. Please initialize the distribution with "
                          "`validate_args=False` to turn off validation.", stacklevel=3)
            return
        if not _is_all_true(support.check(value)):
            raise TorchValueError(
                f"Expected value argument ({type(value).__name__} of shape "
                f"{tuple(value.shape)}) to be within the support ({support!r}) of the "
                f"distribution {self!r}, but found invalid values:\n{value}")

    def _get_checked_instance(self, cls, _instance=None):
        if _instance is None and type(self).__init__ != cls.__init__:
            raise TorchNotImplementedError(
                f"Subclass {self.__class__.__name__} of {cls.__name__} that defines a custom "
                "__init__ method must also define a custom .expand() method.")
        return type(self).__new__(type(self)) if _instance is None else _instance

    def _finish_expand(self, new, cls, batch_shape, event_shape=Size()):
        """The tail of every `expand`: the base initialised without checks (PyTorch's
        `super(cls, new).__init__`, which is always Distribution's), then this
        distribution's validation flag."""
        Distribution.__init__(new, batch_shape, event_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    def __repr__(self):
        names = [k for k in self.arg_constraints if k in self.__dict__]
        args = ", ".join(f"{p}: {_shown(self.__dict__[p])}" for p in names)
        return f"{type(self).__name__}({args})"


def _shown(value):
    """A parameter in a repr: its value when it has one element, else its size."""
    return format(value) if value.numel() == 1 else value.size()


def _class_text(obj) -> str:
    """How PyTorch's messages name obj's class: `<class 'torch.distributions.normal.Normal'>`
    (a formula's own class: `<class '__main__.Name'>`)."""
    cls = type(obj)
    name = vars(cls).get("__torch_name__")      # (not a base class's)
    if name is None and cls.__module__ == "__main__":
        name = f"__main__.{cls.__qualname__}"
    if name is None:
        from ..lang.builtins import class_text
        return class_text(cls)
    return f"<class '{name}'>"
