"""`Tensor`: an ndarray plus autograd state, with PyTorch's attributes and behaviour.

This module holds the data model only: construction, the autograd attributes
(`requires_grad`, `grad`, `grad_fn`, `is_leaf`, `_version`, hooks, `retain_grad`, `detach`),
conversion and printing. Every mathematical operation, operator and method comes from the op
registry (`gradcli.ops`), which attaches them here.
"""
from __future__ import annotations

import math
import operator
import sys
import warnings
import weakref

import numpy as np

from . import dtypes
from .autograd import grad_mode
from .autograd.graph import (GRAD_DTYPES, UNSET, AccumulateGrad, LeafHooks, RemovableHandle,
                             grad_dtype_of, set_grad_dtype)
from .errors import TorchNotImplementedError, TorchRuntimeError, TorchTypeError, TorchValueError
from .meta import NO_DATA, MetaArray


_NONLEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
    "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. "
    "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor "
    "instead. See github.com/pytorch/pytorch/pull/30531 for more information. (Triggered "
    "internally at /__w/pytorch/pytorch/build/aten/src/ATen/core/TensorBody.h:493.)")


class Size(tuple):
    """`torch.Size`: a tuple of ints that prints as `torch.Size([2, 3])`; joined with a tuple
    or repeated it stays a torch.Size, as in PyTorch."""

    __gradcli_safe__ = True

    def __new__(cls, sizes=(), /):
        items = tuple(sizes)
        if all(s.__class__ is int for s in items):      # a NumPy shape: nothing to check
            return tuple.__new__(cls, items)
        return tuple.__new__(cls, (_size_item(i, s) for i, s in enumerate(items)))

    def __add__(self, other):
        if not isinstance(other, tuple):
            raise TypeError(f"can only concatenate tuple (not {type(other).__name__}) to "
                            f"torch.Size")
        return Size(tuple.__add__(self, other))

    def __radd__(self, other):
        # Python asks this subclass first; PyTorch's C Size has no such slot, so the left
        # operand's own concatenation speaks (a tuple's joins, a list's refuses)
        if isinstance(other, tuple):
            return Size(tuple(other) + tuple(self))
        kind = type(other).__name__
        if isinstance(other, list):
            raise TypeError(f'can only concatenate {kind} (not "torch.Size") to {kind}')
        raise TypeError(f"unsupported operand type(s) for +: '{kind}' and 'torch.Size'")

    def __mul__(self, n):
        if not hasattr(type(n), "__index__"):   # (a float tensor's own refusal speaks)
            raise TypeError(f"can't multiply sequence by non-int of type "
                            f"'{type(n).__name__}'")
        return Size(tuple.__mul__(self, operator.index(n)))

    __rmul__ = __mul__

    def __setitem__(self, item, value):
        raise TypeError("'torch.Size' object does not support item assignment")

    def __repr__(self):
        return f"torch.Size([{', '.join(str(int(s)) for s in self)}])"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        if spec:
            raise TypeError("unsupported format string passed to torch.Size.__format__")
        return repr(self)

    def numel(self) -> int:
        n = 1
        for s in self:
            n *= s
        return n

    def __getitem__(self, item):
        r = tuple.__getitem__(self, item)
        return Size(r) if isinstance(item, slice) else r


def _size_item(i: int, s) -> int:
    """One entry of a torch.Size: anything with `__index__` (ints, NumPy integers, bools,
    one-element integer tensors), else PyTorch's TypeError naming the item's C type."""
    try:
        return operator.index(s)
    except TypeError:
        kind = type(s)
        name = f"numpy.{kind.__name__}" if kind.__module__ == "numpy" else kind.__name__
        raise TypeError(f"torch.Size() takes an iterable of 'int' (item {i} is "
                        f"'{name}')") from None


# C++ names of the element types, as PyTorch's messages print them
_CPP_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half",
              "bfloat16": "c10::BFloat16",
              "int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
              "uint8": "unsigned char", "bool": "bool", "complex64": "c10::complex<float>",
              "complex128": "c10::complex<double>", "uint16": "short unsigned int",
              "uint32": "unsigned int", "uint64": "long unsigned int"}


def _complete(name) -> bool:
    """Load the op modules not loaded yet if one of them defines `name` (gradcli.ops)."""
    ops = sys.modules.get("gradcli.ops")
    return ops is not None and ops.complete(name, "tensor")


class _TensorMeta(type):
    """Tensor's class: `Tensor.<method>` of an op module not loaded yet loads it."""

    def __getattr__(cls, name):
        if name[:2] != "__" and _complete(name):
            return type.__getattribute__(cls, name)
        raise AttributeError(f"type object '{cls.__name__}' has no attribute '{name}'")

    def __dir__(cls):
        _complete(None)
        return type.__dir__(cls)


def _ops_core():
    from .ops import core
    return core


NO_DEVICE = object()        # (the legacy constructors refuse a tensor with device=None too)


class Tensor(metaclass=_TensorMeta):
    """A multi-dimensional array that can record the operations applied to it."""

    __gradcli_safe__ = True
    __slots__ = ("_data", "_requires_grad", "_grad", "grad_fn", "_output_nr", "_vbox",
                 "_base", "_acc", "_hooks", "_retains_grad", "_is_inference", "_views",
                 "__weakref__", "_fw", "_bits", "_made_without_grad", "__dict__")
    # _fw: the tangent of a dual tensor, _bits: a complex tensor's lazy conjugate (1) /
    # negative (2) marks, _made_without_grad: a view made under no_grad or inference_mode
    # of a base requiring grad (core.stale_view), all three unset on others; __dict__: a
    # program's own attributes (`x.tag = "w"`, as PyTorch allows)
    __array_priority__ = 1000     # make NumPy defer to our reflected operators

    def __gradcli_getattr__(self, name: str):
        """A formula's `t.name`: PyTorch refuses to read the history of a view it made
        invalid (a view made under no_grad whose memory was then written, an output of
        unbind/split/chunk whose base was written)."""
        if (name == "grad_fn" or name == "is_leaf") and self._base is not None:
            fn = self.grad_fn
            if fn is None:
                if self._base._requires_grad:
                    _ops_core().stale_view(self, raising=True)
            elif fn.__class__ is _ops_core().InvalidView:
                fn.backward(None)
        return getattr(self, name)

    def __getattr__(self, name):
        """Only for what the class does not have: a method of an op module not loaded yet
        (gradcli.ops loads it), else Python's own AttributeError."""
        if name[:1] != "_" and _complete(name):
            return object.__getattribute__(self, name)
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'",
                             name=name, obj=self)

    def __dir__(self):
        _complete(None)
        return object.__dir__(self)

    def __init__(self, *args, device=NO_DEVICE, **kwargs):
        """`torch.Tensor(...)`, PyTorch's legacy constructor: always of the default dtype,
        from nothing (empty), sizes or a torch.Size (zeros where PyTorch leaves memory
        uninitialised), a sequence of real numbers, an ndarray, or a tensor (its alias)."""
        legacy_device_check(args, device, "constructor of the form torch.Tensor(tensor, "
                            "device=device) is not supported.  Use torch.tensor(...) or "
                            "torch.as_tensor(...) instead.")
        if kwargs:
            got = ", ".join([_arg_name(a) for a in args] + [f"{k}={_arg_name(v)}"
                                                           for k, v in kwargs.items()])
            raise TorchTypeError(
                f"new() received an invalid combination of arguments - got ({got}), but "
                "expected one of:\n * (*, torch.device device = None)\n      didn't match "
                "because some of the keywords were incorrect: "
                f"{', '.join(kwargs)}\n{_NEW_SIGNATURES}")
        if len(args) == 1 and isinstance(args[0], Tensor):
            other = args[0]
            if other._requires_grad:
                raise TorchRuntimeError("gradcli: torch.Tensor(t) of a tensor that requires "
                                        "grad is not supported (PyTorch gives an alias with "
                                        "AliasBackward0); use t.view_as(t)")
            _init(self, other._data)
            self._vbox = other._version_box
            return
        _init(self, _legacy_array(args))

    # -- construction helpers used by the engine ------------------------------------------
    @classmethod
    def _wrap(cls, arr):
        t = cls.__new__(cls)
        _init(t, arr)
        return t

    def _alias(self) -> "Tensor":
        """A new tensor object over the same array and version counter, without history."""
        t = Tensor.__new__(Tensor)
        _init(t, self._data)
        t._version_box = self._version_box
        if getattr(self, "_bits", 0):       # a conjugate's alias is one (detach, .data)
            t._bits = self._bits
        return t

    def _detached_copy(self) -> "Tensor":
        return Tensor._wrap(np.array(self._data, copy=True))

    def _grad_accumulator(self) -> AccumulateGrad | None:
        if self._base is not None and self.grad_fn is None and self._base._requires_grad:
            _ops_core().stale_view(self, raising=True)      # (its memory written since)
            return None     # PyTorch: a view made under no_grad has none; gradients stop there
        ref = self._acc
        acc = ref() if ref is not None else None
        if acc is None:
            acc = AccumulateGrad(self)
            self._acc = weakref.ref(acc)
        return acc

    # -- autograd attributes --------------------------------------------------------------
    @property
    def volatile(self) -> bool:
        """PyTorch 0.3's flag, removed: always False (with PyTorch's warning)."""
        warnings.warn("volatile was removed (Variable.volatile is always False)", UserWarning,
                      stacklevel=2)
        return False

    @volatile.setter
    def volatile(self, value) -> None:
        warnings.warn("volatile was removed and now has no effect. Use `with torch.no_grad():` "
                      "instead.", UserWarning, stacklevel=2)

    @property
    def requires_grad(self) -> bool:
        return self._requires_grad

    @requires_grad.deleter
    def requires_grad(self) -> None:    # (PyTorch's setter, given nothing)
        raise TorchRuntimeError("requires_grad must be a bool")

    @requires_grad.setter
    def requires_grad(self, value) -> None:
        if value is not True and value is not False:
            raise TorchRuntimeError("requires_grad must be a bool")
        # PyTorch's attribute setter (not requires_grad_) refuses any non-leaf, and words
        # the dtype error its own way
        if self.grad_fn is not None and value:
            raise TorchRuntimeError("you can only change requires_grad flags of leaf variables.")
        if value and self.dtype.category < 2:
            raise TorchRuntimeError("only Tensors of floating point and complex dtype can "
                                    "require gradients")
        self._set_requires_grad(value)

    def _set_requires_grad(self, value: bool) -> None:
        if self.grad_fn is not None:
            if not value:
                raise TorchRuntimeError(
                    "you can only change requires_grad flags of leaf variables. If you want to "
                    "use a computed variable in a subgraph that doesn't require differentiation "
                    "use var_no_grad = var.detach().")
            return
        if value and self.dtype.category < 2:
            raise TorchRuntimeError("only Tensors of floating point dtype can require gradients")
        if value and self._is_inference and not grad_mode._inference[0]:
            raise TorchRuntimeError("Setting requires_grad=True on inference tensor outside "
                                    "InferenceMode is not allowed.")
        self._requires_grad = value
        if self._base is None:      # PyTorch's views read it from their base: the views made
            for ref in getattr(self, "_views", ()):     # before, with no history, follow it
                v = ref()
                if v is not None and v.grad_fn is None:
                    v._requires_grad = value
            if value and getattr(self, "_views", None):
                _ops_core().histories_on_requiring_grad(self)

    def requires_grad_(self, requires_grad: bool = True) -> "Tensor":
        if requires_grad is not True and requires_grad is not False:
            raise TorchTypeError("requires_grad_(): argument 'requires_grad' (position 1) must "
                                 f"be bool, not {type(requires_grad).__name__}")
        self._set_requires_grad(requires_grad)
        return self

    @property
    def is_leaf(self) -> bool:
        return self.grad_fn is None

    @property
    def grad(self):
        if self.grad_fn is not None and not self._retains_grad and self._grad is None:
            warnings.warn(_NONLEAF_GRAD_WARNING, UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value) -> None:
        if value is not None:
            if not isinstance(value, Tensor):
                raise TorchTypeError(f"assigned grad expected to be a Tensor or None but got "
                                     f"grad of type {type(value).__name__}")
            want = grad_dtype_of(self) if GRAD_DTYPES else UNSET     # (None: any dtype)
            if want is not None:
                want = self._data.dtype if want is UNSET else want.np
            if want is not None and value._data.dtype != want:
                raise TorchRuntimeError(
                    f"attempting to assign a gradient with dtype "
                    f"'{_CPP_NAMES.get(value.dtype.name, value.dtype.name)}' to a "
                    f"tensor with grad_dtype '{dtypes.from_numpy(want).legacy}'. "
                    "The gradient must match the tensor's grad_dtype (defaults to the tensor's "
                    "dtype). You can set the tensor's grad_dtype attribute with a specific "
                    "dtype, or None to allow any dtype. Set grad_dtype with caution. Diverging "
                    "the dtypes of a tensor and its gradient may break downstream systems that "
                    "assume they match.")
            if value._data.shape != self._data.shape:
                raise TorchRuntimeError(
                    f"attempting to assign a gradient of size '{list(value._data.shape)}' to "
                    f"a tensor of size '{list(self._data.shape)}'. Please ensure that the "
                    "gradient and the tensor are the same size")
        self._grad = value

    @grad.deleter
    def grad(self) -> None:             # `del x.grad`, as PyTorch: the same as None
        self.grad = None

    @property
    def grad_dtype(self):
        """The dtype of this leaf's `.grad`: the engine casts the gradients it adds there
        to it, and `.grad` can only be set to a tensor of it; None lets any dtype through.
        The tensor's dtype unless set."""
        if self.grad_fn is not None:
            raise TorchRuntimeError("grad_dtype can only be accessed on leaf tensors.")
        want = grad_dtype_of(self)
        return self.dtype if want is UNSET else want

    @grad_dtype.setter
    def grad_dtype(self, value) -> None:
        # PyTorch's order: the value's type, the gradient already there (read as `.grad`
        # is, with its warning on a non-leaf), then whether this is a leaf
        if value is not None and not isinstance(value, dtypes.dtype):
            raise TorchRuntimeError(f"grad_dtype must be a torch.dtype or None, but got "
                                    f"{type(value).__name__}")
        old = self._grad
        if old is None and self.grad_fn is not None and not self._retains_grad:
            warnings.warn(_NONLEAF_GRAD_WARNING, UserWarning, stacklevel=2)
        if old is not None and value is not None and old._data.dtype != value.np:
            raise TorchRuntimeError(
                f"Cannot set grad_dtype to '{value.legacy}' because there is already a "
                f"gradient with dtype '{_CPP_NAMES.get(old.dtype.name, old.dtype.name)}'. "
                "Please clear the gradient (.grad = None) before changing grad_dtype, or "
                "ensure the new grad_dtype matches the existing gradient's dtype.")
        if self.grad_fn is not None:
            raise TorchRuntimeError("grad_dtype can only be set on leaf tensors.")
        set_grad_dtype(self, value)

    @property
    def retains_grad(self) -> bool:
        return self._retains_grad

    def retain_grad(self) -> None:
        """Keep `.grad` for this non-leaf tensor after backward."""
        if not self._requires_grad:
            raise TorchRuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.grad_fn is None or self._retains_grad:
            return
        self._retains_grad = True
        self._retain_at_grad_fn()

    def _retain_at_grad_fn(self) -> None:
        """Have the current grad_fn fill `.grad` (again after an in-place op gave this
        tensor a new one: PyTorch moves the retains_grad hook, the old node stops)."""
        self.grad_fn._hook_list("retain", self._output_nr).append(weakref.ref(self))

    def register_hook(self, hook) -> RemovableHandle:
        """hook(grad) -> new grad or None, called when this tensor's gradient is computed."""
        if not self._requires_grad:
            raise TorchRuntimeError("cannot register a hook on a tensor that doesn't require "
                                    "gradient")
        if self.grad_fn is None:
            if self._hooks is None:
                self._hooks = LeafHooks()
            return RemovableHandle(self._hooks, hook)
        return RemovableHandle(self.grad_fn._hook_list("tensor", self._output_nr), hook)

    def register_post_accumulate_grad_hook(self, hook) -> RemovableHandle:
        """hook(tensor) -> None, called after this leaf's gradient is added into `.grad`."""
        if not self._requires_grad:
            raise TorchRuntimeError("cannot register a hook on a tensor that doesn't require "
                                    "gradient")
        if self.grad_fn is not None:
            raise TorchRuntimeError("post accumulate grad hooks cannot be registered on "
                                    "non-leaf tensors")
        if self._hooks is None:
            self._hooks = LeafHooks()
        return RemovableHandle(self._hooks.post, hook)

    @property
    def _vnum(self) -> int:
        """The version counter's value, for gradcli's own checks (inference tensors too)."""
        box = self._vbox
        return 0 if box is None else box[0]

    @property
    def _version(self) -> int:
        if self._is_inference:
            from .errors import TorchRuntimeError
            raise TorchRuntimeError("Inference tensors do not track version counter.")
        return self._vnum

    @property
    def _version_box(self) -> list:
        """The version counter, a one-element list shared by views and aliases. Made on first
        need: most tensors are never modified in place nor share one (`_vbox` None means 0)."""
        box = self._vbox
        if box is None:
            box = self._vbox = [0]
        return box

    @_version_box.setter
    def _version_box(self, box: list) -> None:
        self._vbox = box

    def _bump(self) -> None:
        self._version_box[0] += 1

    def detach(self) -> "Tensor":
        """A tensor over the same data, outside the graph (shares the version counter); an
        alias is a view, so it is an inference tensor only if this one is."""
        t = self._alias()
        t._is_inference = self._is_inference
        return t

    def detach_(self) -> "Tensor":
        if self._is_inference:          # PyTorch's detach_ is an autograd kernel, which an
            return self                 # inference tensor never reaches
        if self._base is not None:      # (any view, whether or not its base requires grad)
            raise TorchRuntimeError(
                "Can't detach views in-place. Use detach() instead. If you are using "
                "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set "
                "as True, gradients are views of DDP buckets, and hence detach_() cannot be "
                "called on these gradients. To fix this error, please refer to the "
                "Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.")
        self.grad_fn = None
        self._requires_grad = False
        if getattr(self, "_fw", None) is not None:    # PyTorch's detach_ resets fw_grad_ too
            from .autograd.forward_ad import _drop
            _drop(self)
        return self

    @property
    def data(self) -> "Tensor":
        t = Tensor._wrap(self._data)
        t._is_inference = self._is_inference
        return t

    @data.setter
    def data(self, value: "Tensor") -> None:
        if not isinstance(value, Tensor):
            from .errors import TorchTypeError
            raise TorchTypeError("Variable data has to be a tensor, but got "
                                 f"{type(value).__name__}")
        if self._requires_grad and value._data.dtype.kind not in "fc":
            from .errors import TorchRuntimeError
            raise TorchRuntimeError("data set to a tensor that requires gradients must be "
                                    "floating point or complex dtype")
        self._data = value._data

    @data.deleter
    def data(self) -> None:
        raise TorchRuntimeError("Deleting tensor data is not allowed. Delete tensor instead!")

    @property
    def output_nr(self) -> int:
        """Which output of its grad_fn this tensor is (0 without one)."""
        return self._output_nr if self.grad_fn is not None else 0

    def is_inference(self) -> bool:
        return self._is_inference

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Compute the gradient of this tensor w.r.t. the graph leaves (see autograd.backward)."""
        from .autograd.engine import backward
        backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    # -- shape and conversion -------------------------------------------------------------
    @property
    def dtype(self) -> dtypes.dtype:
        return dtypes.from_numpy(self._data.dtype)

    @property
    def shape(self) -> Size:
        return Size(self._data.shape)

    def size(self, dim=None):
        if dim is None:
            return Size(self._data.shape)
        if isinstance(dim, bool) or not isinstance(dim, (int, np.integer, Tensor)):
            raise TorchTypeError(f"size(): argument 'dim' (position 1) must be int, not "
                                 f"{type(dim).__name__}")
        if self._data.ndim == 0:
            from .errors import TorchIndexError
            raise TorchIndexError(f"Dimension specified as {dim} but tensor has no dimensions")
        return self._data.shape[_wrap_dim(dim, self._data.ndim)]

    def dim(self) -> int:
        return self._data.ndim

    ndimension = dim

    @property
    def ndim(self) -> int:
        return self._data.ndim

    def numel(self) -> int:
        return int(self._data.size)

    nelement = numel

    @property
    def device(self):
        from .devices import CPU, META
        return META if self._data.__class__ is MetaArray else CPU

    @property
    def is_cpu(self) -> bool:
        return self._data.__class__ is not MetaArray

    @property
    def is_meta(self) -> bool:
        """Whether this is a meta tensor (a shape and a dtype, no data: gradcli.meta)."""
        return self._data.__class__ is MetaArray

    @property
    def is_cuda(self) -> bool:
        return False

    # the other backends' flags, all off on a CPU machine
    is_xla = is_ipu = is_maia = is_mtia = is_vulkan = property(lambda self: False)

    def reinforce(self, reward):
        """Removed from PyTorch long ago: its refusal says what to use."""
        raise TorchRuntimeError(_REINFORCE_REMOVED)

    def module_load(self, other, assign=False) -> "Tensor":
        """What nn.Module.load_state_dict's swap path makes of the state dict's `other` for
        this parameter or buffer: other detached when `assign`, else self.copy_(other)
        detached."""
        if assign:
            return other.detach()
        return self.copy_(other).detach()

    def get_device(self) -> int:
        """-1: a CPU tensor's answer."""
        return -1

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        """torch.Tensor.__torch_function__: `func` run, its tensor results of class `cls`
        (gradcli.subclass, loaded when first asked)."""
        from .subclass import default_torch_function
        return default_torch_function(cls, func, types, args, kwargs)

    def as_subclass(self, cls) -> "Tensor":
        """An alias of this tensor whose class is `cls`, a subclass of torch.Tensor
        (gradcli.subclass)."""
        from .subclass import as_subclass
        return as_subclass(self, cls)

    def is_pinned(self, *args, **kwargs) -> bool:
        """False: a CPU tensor is never pinned (a `device` warned about, as PyTorch does)."""
        if args or kwargs:
            _pinned_device(args, kwargs)
        return False

    def pin_memory(self, device=None) -> "Tensor":
        """Pinned memory serves an accelerator, and a CPU machine has none."""
        raise TorchRuntimeError("Cannot access accelerator device when none is available.")

    def is_shared(self) -> bool:
        from .storage import is_shared
        return is_shared(self._data)

    def share_memory_(self) -> "Tensor":
        """Move the memory to shared memory (where it already is, on a CPU machine: from now
        on every tensor on it answers is_shared())."""
        from .storage import share
        share(self._data)
        return self

    def is_floating_point(self) -> bool:
        return self.dtype.category == 2

    def element_size(self) -> int:
        return self.dtype.itemsize

    def item(self):
        _refuse_under_vmap("item")
        if self._data.size != 1:
            raise TorchRuntimeError(f"a Tensor with {self._data.size} elements cannot be "
                                    "converted to Scalar")
        _refuse_meta_item(self)
        return self._data.reshape(()).item()

    def tolist(self):
        _refuse_under_vmap("data")
        if self._data.__class__ is MetaArray:
            raise TorchNotImplementedError(NO_DATA)
        return self._data.tolist()

    def numpy(self, *args, force: bool = False) -> np.ndarray:
        _refuse_under_vmap("data")
        if args:
            raise TorchTypeError(f"numpy() takes 0 positional arguments but {len(args)} "
                                 f"{'was' if len(args) == 1 else 'were'} given")
        if self._requires_grad and not force and grad_mode.is_grad_enabled():
            # (PyTorch asks grad mode too: a custom Function's forward runs under no_grad)
            raise TorchRuntimeError("Can't call numpy() on Tensor that requires grad. Use "
                                    "tensor.detach().numpy() instead.")
        if not force and self._data.dtype.kind in "fc":
            _refuse_lazy_bits(self)
        if self._data.dtype == dtypes.BF16_NP:
            raise TorchTypeError("Got unsupported ScalarType BFloat16")
        if self._data.__class__ is MetaArray:
            raise TorchTypeError("can't convert meta device type tensor to numpy. Use "
                                 "Tensor.cpu() to copy the tensor to host memory first.")
        return self._data

    def __array__(self, dtype=None):
        """PyTorch's: through numpy(), so a tensor that requires grad is refused. Its
        parameters are PyTorch's too: NumPy 2 asks `np.array(t)` with copy= first and warns
        (DeprecationWarning) that it is not taken, then copies itself; `np.asarray(t)`
        shares the memory."""
        data = self.numpy()
        if dtype is not None and np.dtype(dtype) != data.dtype:
            return data.astype(dtype)
        return data

    def __dlpack__(self, *, stream=-1, max_version=None, dl_device=None, copy=None):
        """A DLPack capsule of this tensor's memory (NumPy's, whose array it is), refused
        as PyTorch refuses one for a tensor that requires grad or has a lazy bit set."""
        if self._requires_grad:
            raise BufferError("Can't export tensors that require gradient, use "
                              "tensor.detach()")
        if self.is_conj():
            raise BufferError("Can't export tensors with the conjugate bit set")
        if self.is_neg():
            raise BufferError("Can't export tensors with the negative bit set")
        return self._data.__dlpack__(max_version=max_version, copy=copy)

    def __dlpack_device__(self):
        from .utils.dlpack import DLDeviceType
        return (DLDeviceType.kDLCPU, 0)

    def __array_wrap__(self, array):
        """PyTorch's: a NumPy function's result on tensors is a tensor again (`np.sin(t)`,
        `t + ndarray`), a bool result a uint8 one, as PyTorch's workaround makes it. Its one
        parameter is PyTorch's too: NumPy 2 warns (DeprecationWarning) that it should take
        `context` and `return_scalar`, as it does for PyTorch."""
        array = np.asarray(array)
        if array.dtype == np.bool_:
            array = array.astype(np.uint8)
        from .ops.creation import from_numpy
        return from_numpy(array)

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TorchTypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        if self._data.ndim == 0:
            raise TorchTypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))              # PyTorch's: one UnbindBackward0 node

    def __bool__(self) -> bool:
        _refuse_under_vmap("bool")
        if self._data.size != 1:
            amount = "no values" if self._data.size == 0 else "more than one value"
            raise TorchRuntimeError(f"Boolean value of Tensor with {amount} is ambiguous")
        _refuse_meta_item(self)
        return bool(self._data.reshape(()))

    def __contains__(self, element) -> bool:
        """PyTorch's: `(element == self).any()` for a tensor or a number, refused otherwise
        (so a 0-d tensor has members, and a row tensor is found in a matrix)."""
        if not isinstance(element, (Tensor, int, float, complex, np.number, np.bool_)):
            raise TorchRuntimeError(f"Tensor.__contains__ only supports Tensor or scalar, but "
                                    f"you passed in a {type(element)}.")
        if isinstance(element, complex):         # compared as a 0-d tensor: same answer
            from .ops.creation import tensor
            element = tensor(element)
        return bool((element == self).any().item())

    def _only_element(self, c_type: str):
        """The one element, for float() and int(); a complex one only when it is real
        (PyTorch's checked conversion to the C type names `c_type` otherwise)."""
        if self._data.size != 1:
            raise TorchValueError("only one element tensors can be converted to Python scalars")
        _refuse_meta_item(self)
        value = self._data.reshape(()).item()
        if isinstance(value, complex):
            if value.imag != 0:
                raise TorchRuntimeError(f"value cannot be converted to type {c_type} without "
                                        "overflow")
            value = value.real
        return value

    def __float__(self) -> float:
        _refuse_under_vmap("item")
        if self._requires_grad:                   # PyTorch warns once per process
            from .errors import warn_cpp
            warn_cpp("Converting a tensor with requires_grad=True to a scalar may lead to "
                     "unexpected behavior.\nConsider using tensor.detach() first. (Triggered "
                     "internally at /__w/pytorch/pytorch/torch/csrc/autograd/generated/"
                     "python_variable_methods.cpp:822.)", once=True)
        return float(self._only_element("double"))

    def __int__(self) -> int:
        _refuse_under_vmap("item")
        return int(self._only_element("int64_t"))

    def __complex__(self) -> complex:
        if self._data.size != 1:
            raise TorchValueError("only one element tensors can be converted to Python scalars")
        _refuse_meta_item(self)
        return complex(self._data.reshape(()).item())

    def __index__(self) -> int:
        if self.dtype.category > 1 or self._data.size != 1:       # bool is an index too
            raise TorchTypeError("only integer tensors of a single element can be converted "
                                 "to an index")
        return int(self.item())

    def __hash__(self) -> int:
        return id(self)                 # PyTorch's: hash(t) == id(t)

    def __repr__(self) -> str:
        return self._text("tensor(")

    def _text(self, prefix: str) -> str:
        """What print shows, starting `prefix` (a Parameter subclass's own name)."""
        from .autograd.vmap import TRANSFORMS
        if TRANSFORMS[0] and prefix == "tensor(":
            from .autograd.func import tracking_text
            text = tracking_text(self, lambda t, name, requires_grad:
                                 t._history_text(prefix, name, requires_grad))
            if text is not None:
                return text
        fn = self.grad_fn
        name = None if fn is None else type(fn).__name__
        if name == "CppFunction":                 # (PyTorch's printing does the same)
            name = fn.name().rsplit("::", 1)[-1]
        if fn is None and self._base is not None and _ops_core().stale_view(self):
            name = "Invalid"                      # as PyTorch prints it
        return self._history_text(prefix, name, self._requires_grad)

    def _history_text(self, prefix: str, grad_fn_name, requires_grad: bool) -> str:
        """The text of print with the given history suffix."""
        from .printing import format_tensor
        from .autograd.forward_ad import tangent_of
        tangent = tangent_of(self)
        return format_tensor(self._data, dtype_name=self.dtype.name,
                             default_dtype_name=dtypes.get_default_dtype().name,
                             grad_fn_name=grad_fn_name, requires_grad=requires_grad,
                             tangent=None if tangent is None else f"{tangent}",
                             prefix=prefix)

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        """As PyTorch: a 0-d plain Tensor formats as its number (f"{t}" is "2.5"), anything
        else (n-d, or a Parameter) as str, and only without a spec."""
        if self._data.ndim == 0 and type(self) is Tensor:
            return format(self.item(), spec)
        if spec:
            raise TorchTypeError(f"unsupported format string passed to "
                                 f"{type(self).__name__}.__format__")
        return str(self)

    def __reversed__(self) -> "Tensor":
        """PyTorch's: the tensor flipped along dim 0 (a 0-d tensor is itself)."""
        return self if self._data.ndim == 0 else self.flip(0)

    def __reduce_ex__(self, protocol):
        """Pickled (and `copy.copy`-ed) as PyTorch does it: the values and requires_grad,
        as a new leaf of the same class; no history, no .grad; `copy.copy` shares the
        values' memory as PyTorch's shares the storage."""
        extra = {name: getattr(self, name) for k in type(self).__mro__[:-2]
                 for name in k.__dict__.get("__slots__", ()) if hasattr(self, name)}
        if self.__dict__:                       # a program's own attributes (a copy's own)
            extra["__dict__"] = dict(self.__dict__)
        return (_rebuild, (type(self), self._data, self._requires_grad, extra))

    def __deepcopy__(self, memo):
        """PyTorch's: leaves only; a tensor reached twice is copied once (tied weights stay
        tied); its .grad is copied too."""
        if self.grad_fn is not None:
            from .errors import TorchRuntimeError
            raise TorchRuntimeError(
                "Only Tensors created explicitly by the user (graph leaves) support the "
                "deepcopy protocol at the moment.  If you were attempting to deepcopy a "
                "module, this may be because of a torch.nn.utils.weight_norm usage, see "
                "https://github.com/pytorch/pytorch/pull/103001")
        if id(self) in memo:
            return memo[id(self)]
        t = Tensor._wrap(_deep_copied_data(self._data, memo))
        t._requires_grad = self._requires_grad
        memo[id(self)] = t
        if self._grad is not None:            # checked against the copy's grad_dtype,
            t.grad = self._grad.__deepcopy__(memo)      # its dtype: PyTorch's copies lose it
        if self.__dict__:                       # a program's own attributes, as PyTorch
            import copy
            t.__dict__.update(copy.deepcopy(self.__dict__, memo))
        return t


def _deep_copied_data(a: np.ndarray, memo: dict) -> np.ndarray:
    """`a` in a deep copy, as PyTorch copies a tensor: its memory copied once per deepcopy
    (keyed in `memo` by the array owning it), the copy viewing it at the same offset with
    the same strides, so views copied together stay views of one memory."""
    from .storage import root_array
    root = root_array(a)
    if a.__class__ is not np.ndarray or root.__class__ is not np.ndarray or not (
            root.flags.c_contiguous or root.flags.f_contiguous):
        return a.copy()
    copied = memo.get(id(root))
    if copied is None:
        copied = memo[id(root)] = root.copy(order="K")
        memo.setdefault(id(memo), []).append(root)      # (deepcopy's keep-alive list)
    start = a.__array_interface__["data"][0] - root.__array_interface__["data"][0]
    return np.ndarray(a.shape, a.dtype, buffer=copied, offset=start, strides=a.strides)


# A dense CPU tensor's answers to PyTorch's other device and layout flags
for _flag in ("is_sparse", "is_quantized", "is_nested", "is_mkldnn", "is_mps", "is_xpu"):
    setattr(Tensor, _flag, property(lambda self: False, doc="False: a dense CPU tensor"))



class layout:
    """torch.layout: every gradcli tensor is dense, `torch.strided`."""

    __gradcli_safe__ = True
    __torch_name__ = "torch.layout"
    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __repr__(self):
        return f"torch.{self.name}"


STRIDED = layout("strided")
Tensor.layout = property(lambda self: STRIDED, doc="torch.strided: a dense tensor")


class memory_format:
    """torch.memory_format: `torch.contiguous_format`, `preserve_format`, `channels_last`,
    `channels_last_3d` (compared by identity, as PyTorch's)."""

    __gradcli_safe__ = True
    __torch_name__ = "torch.memory_format"
    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __repr__(self):
        return f"torch.{self.name}"


MEMORY_FORMATS = {name: memory_format(name) for name in (
    "contiguous_format", "preserve_format", "channels_last", "channels_last_3d")}

_inference = grad_mode._inference

_REINFORCE_REMOVED = """reinforce() was removed.
Use torch.distributions instead.
See https://pytorch.org/docs/main/distributions.html

Instead of:

probs = policy_network(state)
action = probs.multinomial()
next_state, reward = env.step(action)
action.reinforce(reward)
action.backward()

Use:

probs = policy_network(state)
# NOTE: categorical is equivalent to what used to be called multinomial
m = torch.distributions.Categorical(probs)
action = m.sample()
next_state, reward = env.step(action)
loss = -m.log_prob(action) * reward
loss.backward()
"""


def _init(t: Tensor, arr: np.ndarray) -> None:
    t._data = arr
    t._requires_grad = False
    t._grad = None
    t.grad_fn = None
    t._output_nr = 0
    t._vbox = None
    t._base = None
    t._acc = None
    t._hooks = None
    t._retains_grad = False
    t._is_inference = _inference[0]


def _rebuild(cls: type, data: np.ndarray, requires_grad: bool, extra: dict) -> Tensor:
    """A tensor unpickled (see Tensor.__reduce_ex__); `extra`: a subclass's own fields."""
    t = cls.__new__(cls)
    _init(t, data)
    t._requires_grad = requires_grad
    for name, value in extra.items():
        object.__setattr__(t, name, value)
    return t


def legacy_device_check(args: tuple, device, refusal: str) -> None:
    """The legacy constructors' refusals of `device=`: any device beside a tensor (PyTorch's
    "Legacy tensor <refusal>"), a device other than the CPU."""
    if device is NO_DEVICE:
        return
    if len(args) == 1 and isinstance(args[0], Tensor):
        raise TorchRuntimeError(f"Legacy tensor {refusal}")
    if device is not None:
        from .devices import device as as_device
        kind = (device if isinstance(device, as_device) else as_device(device)).type
        if kind != "cpu":
            raise TorchRuntimeError(f"legacy constructor expects device type: cpu but "
                                    f"device type: {kind} was passed")


_NEW_SIGNATURES = (" * (torch.Storage storage)\n * (Tensor other)\n * (tuple of ints size, *, "
                   "torch.device device = None)\n * (object data, *, torch.device device = "
                   "None)\n")


def _arg_name(obj) -> str:
    """An argument's type as PyTorch's argument parser names it."""
    if isinstance(obj, (Size, dtypes.dtype)):
        return f"torch.{type(obj).__name__}"
    return type(obj).__name__


def _refuse_meta_item(t) -> None:
    if t._data.__class__ is MetaArray:
        raise TorchRuntimeError("Tensor.item() cannot be called on meta tensors")


def _refuse_lazy_bits(t: Tensor) -> None:
    """numpy()'s refusal of a tensor with the conjugate or negative bit set (force=True
    resolves them)."""
    from .ops.shape import is_conj, is_neg
    for bit, name, fix in ((is_conj, "conjugate", "conj"), (is_neg, "negative", "neg")):
        if bit(t):
            raise TorchRuntimeError(f"Can't call numpy() on Tensor that has {name} bit set. "
                                    f"Use tensor.resolve_{fix}().numpy() instead.")


def _refuse_under_vmap(kind: str) -> None:
    """Reading a tensor's values inside a vmapped function is PyTorch's error (vmap.py)."""
    vmap = sys.modules.get("gradcli.autograd.vmap")
    if vmap is not None and vmap.MAPPING[0]:
        vmap.refuse_data(kind)


def _is_int(obj) -> bool:
    return isinstance(obj, (int, np.integer)) and not isinstance(obj, (bool, np.bool_))


def _legacy_array(args: tuple, dtype=None) -> np.ndarray:
    """The array of `torch.Tensor(*args)` (no tensor argument), refused as PyTorch's `new()`;
    `dtype`: a typed constructor's (`torch.LongTensor(...)`), else the default dtype."""
    dtype = dtype or dtypes.get_default_dtype()
    default = dtype.np
    if not args:
        return np.empty(0, dtype=default)
    if len(args) == 1 and isinstance(args[0], Size):
        args = tuple(args[0])
    if _is_int(args[0]):
        return _legacy_zeros(args, default)
    if len(args) > 1:
        got = ", ".join(_arg_name(a) for a in args)
        raise TorchTypeError(f"new() received an invalid combination of arguments - got "
                             f"({got}), but expected one of:\n * (*, torch.device device = "
                             f"None)\n{_NEW_SIGNATURES}")
    data = args[0]
    if isinstance(data, np.ndarray):
        return data.astype(default)
    if isinstance(data, str):
        raise TorchTypeError("new(): invalid data type 'str'")
    from .storage import TypedStorage, UntypedStorage
    if isinstance(data, (TypedStorage, UntypedStorage)):
        return _storage_array(data, dtype)
    if not isinstance(data, (list, tuple, range)):
        kind = type(data)
        name = f"numpy.{kind.__name__}" if kind.__module__ == "numpy" else kind.__name__
        raise TorchTypeError(f"new(): data must be a sequence (got {name})")
    from .ops.creation import refuse_self_reference, tensor
    refuse_self_reference(data, dtype.np)
    _check_real_leaves(data, dtype.np)
    return tensor(data, dtype=dtype)._data


def _storage_array(storage, dtype) -> np.ndarray:
    """`torch.FloatTensor(storage)`: the storage's memory (shared) as elements of `dtype`,
    which a typed storage's must be."""
    values = storage._values
    if getattr(storage, "dtype", dtype) is not dtype:
        raise TorchRuntimeError(f"Expected a Storage of type {dtype.legacy} or an "
                                f"UntypedStorage, but got type {storage.dtype.legacy} for "
                                "argument 1 'storage'")
    return values if values.dtype == dtype.np else values.view(dtype.np)


def _legacy_zeros(sizes: tuple, default: np.dtype) -> np.ndarray:
    """`torch.Tensor(2, 3)`: zeros where PyTorch leaves the memory uninitialised."""
    for pos, a in enumerate(sizes):
        if not _is_int(a):
            raise TorchTypeError(f"new(): argument 'size' failed to unpack the object at pos "
                                 f"{pos + 1} with error \"type must be tuple of ints,but got "
                                 f"{type(a).__name__}\"")
    shape = [int(a) for a in sizes]
    if min(shape) < 0:
        raise TorchRuntimeError(f"Trying to create tensor with negative dimension "
                                f"{min(shape)}: {shape}")
    from .limits import check_size
    check_size(math.prod(shape))
    return np.zeros(shape, dtype=default)


def _check_real_leaves(data, target: np.dtype) -> None:
    """Every leaf of nested sequences `data` is a number, as the legacy constructor demands
    (an explicit stack: the nesting depth is the user's); a complex one is left to the cast
    into the constructor's dtype, which refuses it in its words (or makes a bool of it)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, range):
            continue                              # ints only, and maybe too many to list
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, Tensor):
            if item._data.size != 1:
                raise TorchValueError("only one element tensors can be converted to Python "
                                      "scalars")
        elif isinstance(item, np.ndarray):        # PyTorch reads an array's numbers
            if item.dtype.kind not in "biuf":
                raise TorchTypeError(f"must be real number, not {type(item).__name__}")
        elif not isinstance(item, (int, float, complex, str, np.integer, np.floating,
                                   np.bool_)):      # (a str left to tensor(): a sequence)
            from .ops.creation import unpack_error
            raise TorchTypeError(unpack_error(type(item).__name__, target))


def _wrap_dim(dim: int, ndim: int) -> int:
    """A dim in range [-ndim, ndim), made non-negative, with PyTorch's error otherwise."""
    if dim.__class__ is not int:
        if isinstance(dim, np.integer):
            dim = int(dim)
        elif isinstance(dim, Tensor) and dim._data.ndim == 0 and dim._data.dtype.kind in "iu":
            dim = int(dim._data)
        else:
            from .errors import ArgumentTypeError
            raise ArgumentTypeError(dim, "int")
    n = max(ndim, 1)
    if not -n <= dim < n:
        from .errors import TorchIndexError
        raise TorchIndexError(f"Dimension out of range (expected to be in range of "
                              f"[{-n}, {n - 1}], but got {dim})")
    return dim + n if dim < 0 else dim


# -- torch.FloatTensor and the other legacy tensor types -------------------------------------------

class _TensorTypeMeta(type):
    """What `torch.FloatTensor` is: a class whose instances are the CPU tensors of its dtype
    (`isinstance(t, torch.LongTensor)`), printed `<class 'torch.LongTensor'>`."""

    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj.dtype is cls.dtype and not cls.is_cuda

    def __repr__(cls):
        return f"<class '{cls.__torch_name__}'>"


class _TensorType(metaclass=_TensorTypeMeta):
    """`torch.LongTensor(...)`: the legacy constructor with this type's dtype."""

    __gradcli_safe__ = True       # a formula reads its `dtype`
    dtype = None
    is_cuda = False

    def __new__(cls, *args, device=NO_DEVICE, **kwargs):
        if len(args) == 1 and isinstance(args[0], Tensor) and not kwargs:
            other = args[0]
            if other.dtype is not cls.dtype:
                raise TorchTypeError(f"expected {_options(cls.dtype)} (got "
                                     f"{_options(other.dtype)})")
            return Tensor(other, device=device)
        if kwargs:
            return Tensor(*args, device=device, **kwargs)        # PyTorch's new() refusal
        if device is not NO_DEVICE:
            Tensor(device=device)                                # its device check
        return Tensor._wrap(_legacy_array(args, cls.dtype))


def _options(dtype) -> str:
    scalar = {"float32": "float", "float64": "double", "float16": "c10::Half",
              "bfloat16": "c10::BFloat16", "int64": "long int", "int32": "int",
              "int16": "short int", "int8": "signed char", "uint8": "unsigned char",
              "bool": "bool"}[dtype.name]
    return (f"TensorOptions(dtype={scalar}, device=cpu, layout=Strided, requires_grad=false "
            "(default), pinned_memory=false (default), memory_format=(nullopt))")


def _tensor_types() -> dict:
    types = {}
    for d in (dtypes.float32, dtypes.float64, dtypes.float16, dtypes.bfloat16, dtypes.int64,
              dtypes.int32, dtypes.int16, dtypes.int8, dtypes.uint8, dtypes.bool_):
        name = f"{d.legacy}Tensor"
        types[name] = _TensorTypeMeta(name, (_TensorType,), {
            "dtype": d, "__torch_name__": f"torch.{name}", "__module__": "torch",
            "__qualname__": name})
    return types


#: torch.FloatTensor, torch.LongTensor ... by name.
TENSOR_TYPES = _tensor_types()


class _CudaTensorType(metaclass=_TensorTypeMeta):
    """`torch.cuda.FloatTensor`: old tutorials name it (`dtype = torch.cuda.FloatTensor if
    torch.cuda.is_available() else torch.FloatTensor`); a CPU build refuses to make one."""

    __gradcli_safe__ = True
    dtype = None
    is_cuda = True

    def __new__(cls, *args, **kwargs):
        raise TorchTypeError(f"type {cls.__torch_name__} not available. Torch not compiled "
                             "with CUDA enabled.")


#: PyTorch's refusal to convert a tensor to a CUDA type without CUDA
NO_CUDA_LIBRARY = (
    "Cannot initialize CUDA without ATen_cuda library. PyTorch splits its backend into two "
    "shared libraries: a CPU library and a CUDA library; this error has occurred because you "
    "are trying to use some CUDA functionality, but the CUDA library has not been loaded by "
    "the dynamic linker for some reason.  The CUDA library MUST be loaded, EVEN IF you don't "
    "directly use any symbols from the CUDA library! One common culprit is a lack of "
    "-Wl,--no-as-needed in your link arguments; many dynamic linkers will delete dynamic "
    "library dependencies if you don't depend on any of their symbols.  You can check if "
    "this has occurred by using ldd on your binary to see if there is a dependency on "
    "*_cuda.so library.")


def _cuda_tensor_types() -> dict:
    return {f"{d.legacy}Tensor": _TensorTypeMeta(f"{d.legacy}Tensor", (_CudaTensorType,), {
        "dtype": d, "__torch_name__": f"torch.cuda.{d.legacy}Tensor", "__module__": "torch.cuda",
        "__qualname__": f"{d.legacy}Tensor"}) for d in (
            dtypes.float32, dtypes.float64, dtypes.float16, dtypes.bfloat16, dtypes.int64,
            dtypes.int32, dtypes.int16, dtypes.int8, dtypes.uint8, dtypes.bool_)}


#: torch.cuda.FloatTensor ... by name.
CUDA_TENSOR_TYPES = _cuda_tensor_types()



def _pinned_device(args: tuple, kwargs: dict) -> None:
    """Tensor.is_pinned's `device` checked as PyTorch's parser checks it (a torch.device, a
    string or an index), then the deprecation warning."""
    import warnings
    from .devices import device as as_device
    if len(args) > 1:
        raise TypeError(f"is_pinned() takes from 0 to 1 positional arguments but {len(args)} "
                        f"were given")
    for name in kwargs:
        if name != "device":
            raise TypeError(f"is_pinned() got an unexpected keyword argument '{name}'")
    given = [(value, " (position 1)") for value in args] + \
        [(value, "") for value in kwargs.values()]
    for value, where in given:
        if value is not None and (isinstance(value, bool) or
                                  not isinstance(value, (str, int, as_device))):
            raise TypeError(f"is_pinned(): argument 'device'{where} must be torch.device, not "
                            f"{type(value).__name__}")
    if len(given) > 1:
        raise TypeError("is_pinned() got multiple values for argument 'device'")
    device = given[0][0]
    if device is not None:
        as_device(device)                   # (a device string is parsed first)
        warnings.warn("The argument 'device' of Tensor.is_pinned() is deprecated. Please do "
                      "not pass this argument. (Triggered internally at /__w/pytorch/pytorch/"
                      "aten/src/ATen/native/Memory.cpp:31.)", DeprecationWarning, stacklevel=3)
