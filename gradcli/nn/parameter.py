"""`torch.nn.Parameter`: a leaf tensor that requires grad and that a Module registers.

It is a Tensor subclass over the same array as the data it wraps (as PyTorch's
`_make_subclass`); results of ops on it are plain Tensors. It prints as PyTorch prints it,
`Parameter containing:` and then the tensor.
"""
from __future__ import annotations

import weakref

from .. import devices
from .._tensor import Tensor, _init
from ..errors import TorchRuntimeError


class Parameter(Tensor):
    """A Tensor that is a module parameter: a leaf, requires_grad=True by default."""

    __slots__ = ()

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            from ..ops.creation import empty
            data = empty(0)
        if not isinstance(data, Tensor):        # PyTorch's words: it calls data.detach()
            raise AttributeError(f"'{type(data).__name__}' object has no attribute 'detach'")
        if requires_grad and data._data.dtype.kind not in "fc":
            raise TorchRuntimeError("Only Tensors of floating point and complex dtype can "
                                    "require gradients")
        if requires_grad and data._is_inference:     # (data.detach() is one too)
            from ..autograd import grad_mode
            if not grad_mode._inference[0]:
                raise TorchRuntimeError("Setting requires_grad=True on inference tensor "
                                        "outside InferenceMode is not allowed.")
        p = Tensor.__new__(cls)
        _init(p, data._data)
        p._is_inference = data._is_inference
        p._vbox = data._version_box           # the same storage: the same version counter
        p._requires_grad = bool(requires_grad)
        return p

    def __init__(self, data=None, requires_grad=True):
        pass                                   # all done in __new__ (Tensor.__init__ would redo it)

    def __repr__(self) -> str:
        if type(self) is Parameter:
            return "Parameter containing:\n" + Tensor.__repr__(self)
        # a subclass's: PyTorch names the class and marks it a parameter
        text = Tensor._text(self, f"{type(self).__name__}(")
        return f"Parameter containing:\nParameter({text})"

    __str__ = __repr__

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        # a subclass's copy is made by the subclass (its __init__ runs again, as in PyTorch)
        cls = Parameter if isinstance(self, UninitializedParameter) else type(self)
        copy = cls(Tensor.__deepcopy__(self, {}), self._requires_grad)
        memo[id(self)] = copy
        return copy


class UninitializedParameter(Parameter):
    """A lazy module's parameter before its first forward: no shape yet (reading it raises
    PyTorch's error); `materialize(shape)` makes it an ordinary Parameter."""

    __slots__ = ()

    def __new__(cls, requires_grad=True, device=None, dtype=None):
        devices.check(device)
        from ..ops.creation import empty
        return Parameter.__new__(cls, empty(0, dtype=dtype), requires_grad)

    def __init__(self, requires_grad=True, device=None, dtype=None):
        pass

    @property
    def shape(self):
        raise TorchRuntimeError(
            "Can't access the shape of an uninitialized parameter or buffer. This error "
            "usually happens in `load_state_dict` when trying to load an uninitialized "
            "parameter into an initialized one. Call `forward` to initialize the parameters "
            "before accessing their attributes.")

    def __repr__(self) -> str:
        return "<UninitializedParameter>"

    __str__ = __repr__

    def materialize(self, shape, device=None, dtype=None) -> None:
        """Give the parameter its shape (uninitialised values) and make it a Parameter."""
        devices.check(device)
        import numpy as np
        self._data = np.empty(tuple(shape), dtype=self._data.dtype if dtype is None else
                              dtype.np)
        self.__class__ = Parameter


class UninitializedBuffer(Tensor):
    """A lazy module's buffer before its first forward: no shape yet; `materialize(shape)`
    makes it an ordinary tensor."""

    __slots__ = ()

    def __new__(cls, requires_grad=False, device=None, dtype=None):
        from ..ops.creation import empty
        t = Tensor.__new__(cls)
        _init(t, empty(0, dtype=dtype)._data)
        return t

    def __init__(self, requires_grad=False, device=None, dtype=None):
        pass

    shape = UninitializedParameter.shape

    def __repr__(self) -> str:
        return "<UninitializedBuffer>"

    __str__ = __repr__

    def materialize(self, shape, device=None, dtype=None) -> None:
        """Give the buffer its shape (uninitialised values) and make it a plain tensor."""
        import numpy as np
        self._data = np.empty(tuple(shape), dtype=self._data.dtype if dtype is None else
                              dtype.np)
        self.__class__ = Tensor


_BUFFERS: dict = {}          # id(tensor) -> persistent, for the tensors nn.Buffer made


class _BufferMeta(type):
    """isinstance(t, nn.Buffer) is whether nn.Buffer made t (a plain Tensor), as PyTorch's
    `_is_buffer` flag."""

    def __instancecheck__(cls, instance) -> bool:
        return isinstance(instance, Tensor) and id(instance) in _BUFFERS


class Buffer(metaclass=_BufferMeta):
    """`nn.Buffer(data, persistent=True)`: a tensor that, assigned to a module attribute,
    registers as a buffer (PyTorch 2.5+). As PyTorch's, it is a plain Tensor (data detached,
    keeping its storage and requires_grad) that isinstance(t, nn.Buffer) recognises."""

    def __new__(cls, data=None, *, persistent=True):
        if data is None:
            from ..ops.creation import empty
            data = empty(0)
        t = data.detach().requires_grad_(data.requires_grad)
        _BUFFERS[id(t)] = persistent
        weakref.finalize(t, _BUFFERS.pop, id(t), None)
        return t

    @staticmethod
    def persistent(t) -> bool:
        """Whether the buffer t (made by nn.Buffer) goes in state_dict."""
        return _BUFFERS.get(id(t), True)
