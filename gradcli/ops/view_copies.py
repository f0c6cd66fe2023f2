"""The `_copy` variants of the view ops (`torch.permute_copy`, `view_copy`, `unbind_copy` ...),
which PyTorch's functionalization gives every view op: the view's elements in new, contiguous
memory, so the result is no view of its input.

Each is the view op itself (its checks, its errors, its result) followed by a copy. The copy's
node is the view's node under PyTorch's name for it, `<view node>_copy` (`PermuteBackward0_copy`,
`SqueezeBackward1_copy`), with the view's backward; a tangent goes through the view again and
is copied too. `detach_copy` has no derivative (PyTorch records NotImplemented), and
`view_as_complex_copy` refuses autograd, as PyTorch does.
"""
from __future__ import annotations

import numpy as np

from ..autograd.graph import Node
from ..errors import TorchIndexError, TorchRuntimeError
from .core import _enabled, apply, wrap
from .registry import fixed, register
from .unary import check_tensor

_CLASSES: dict = {}


class _ViewCopy(Node):
    """A view op's result copied into new memory: `view` is that op's node (its parameters),
    run again on whatever this node is given (a tangent too); its backward is the view's."""

    linear = True

    def forward(self, x):
        out = self.view.forward(x)
        if isinstance(out, tuple):
            return tuple(np.array(o, order="C") for o in out)
        return np.array(out, order="C")

    def backward(self, *grads):
        return self.view.backward(*grads)


class _ReshapeCopy(_ViewCopy):
    """view_copy: the elements reshaped, from any layout (no view is needed to copy them)."""

    def forward(self, x):
        return np.array(np.reshape(x, self.view.shape), order="C")


def _copy_class(view_cls) -> type:
    cls = _CLASSES.get(view_cls)
    if cls is None:
        from .shape import ViewBackward0
        base = _ReshapeCopy if issubclass(view_cls, ViewBackward0) else _ViewCopy
        cls = _CLASSES[view_cls] = type(f"{view_cls.__name__}_copy", (base,), {
            "__doc__": f"the result of {view_cls.__name__}'s view op, copied",
            "n_outputs": view_cls.n_outputs, "__module__": __name__})
    return cls


def _copied(result):
    """A view op's result(s) as new tensors without a history (what a copy op gives where
    nothing records one)."""
    if isinstance(result, (tuple, list)):
        return tuple(_copied(r) for r in result)
    return wrap(np.array(result._data, order="C"))


def copy_variant(view_fn, name: str):
    """torch.<name>: view_fn's result, copied, on a node named after the view's. view_copy
    takes any layout (its copy needs no view): its view runs on a contiguous copy."""
    dense = name == "view_copy"

    def fn(input, *args, **kwargs):
        from ..autograd.grad_mode import _inference, enable_grad
        x = check_tensor(input, name)
        source = wrap(np.ascontiguousarray(x._data)) if dense else x
        if x._data.dtype.kind not in "fc" or _inference[0] or x._is_inference:
            return _copied(view_fn(source, *args, **kwargs))
        # the view recorded on an alias that requires grad, so its node (with its parameters)
        # exists whether or not x, or the grad mode, asks for one
        probe = source.detach()
        probe.requires_grad_(True)
        with enable_grad():
            view = view_fn(probe, *args, **kwargs)
        if isinstance(view, (tuple, list)) and not view:    # (unbind of an empty dim)
            return ()
        first = view[0] if isinstance(view, (tuple, list)) else view
        node = first.grad_fn if first is not None else None
        if node is None or not getattr(node, "is_view", False):   # view(dtype): no history
            return _copied(view)
        cls = _copy_class(type(node))
        params = {"view": node}
        if cls.n_outputs != 1:
            params["n_outputs"] = len(view)
        return apply(cls, (x,), **params)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (f"{name[:-5]}'s result in new, contiguous memory (no view); its gradient "
                  f"is {name[:-5]}'s")
    return fn


def _slice(input, dim=0, start=None, end=None, step=1):
    """ATen's slice: input[start:end:step] along dim, a SliceBackward0 view."""
    from .shape import SliceBackward0, _select_key
    from .core import wrap_dim
    if input._data.ndim == 0:
        raise TorchIndexError("slice() cannot be applied to a 0-dim tensor.")
    if step <= 0:
        raise TorchRuntimeError("slice step must be positive")
    d = wrap_dim(dim, input._data.ndim)
    return apply(SliceBackward0, (input,), key=_select_key(d, slice(start, end, step)))


def _register_all() -> None:
    from . import pieces, shape
    table = {
        # name: (the view op, the node it records, a sample: ((input shape, *args), kwargs))
        "alias_copy": (shape._alias_view, "AliasBackward0", (((2, 3),), {})),
        "as_strided_copy": (shape.as_strided, "AsStridedBackward0",
                            (((6,), [2, 2], [1, 2]), {})),
        "diagonal_copy": (shape.diagonal, "DiagonalBackward0", (((3, 4), 1), {})),
        "expand_copy": (shape.expand, "ExpandBackward0", (((1, 3), [2, 3]), {})),
        "permute_copy": (shape.permute, "PermuteBackward0", (((2, 3, 2), [2, 0, 1]), {})),
        "select_copy": (shape.select, "SelectBackward0", (((3, 4), 1, -1), {})),
        "slice_copy": (_slice, "SliceBackward0", (((3, 5), 1, 1, 5, 2), {})),
        "split_copy": (shape.split, "SplitBackward0", (((5, 2), 2), {})),
        "split_with_sizes_copy": (pieces.split_with_sizes, "SplitWithSizesBackward0",
                                  (((2, 4), [1, 3], 1), {})),
        "squeeze_copy": (shape.squeeze, "SqueezeBackward0", (((1, 3, 1),), {})),
        "t_copy": (shape.t, "TBackward0", (((2, 3),), {})),
        "transpose_copy": (shape.transpose, "TransposeBackward0", (((2, 3), 0, 1), {})),
        "unbind_copy": (shape.unbind, "UnbindBackward0", (((2, 3), 1), {})),
        "unfold_copy": (shape.unfold, "UnfoldBackward0", (((3, 5), 1, 2, 2), {})),
        "unsqueeze_copy": (shape.unsqueeze, "UnsqueezeBackward0", (((2, 3), -1), {})),
        "view_copy": (shape.view, "ViewBackward0", (((2, 6), [3, 4]), {})),
        "view_as_real_copy": (shape.view_as_real, "ViewAsRealBackward0", None),
    }
    for name, (view_fn, node, sample) in table.items():
        # (view_as_real's registry entry is not differentiable either: its complex
        # gradients are checked with complex autograd's tests)
        register(name, grad_fn=f"{node}_copy", sample=fixed(sample) if sample else None,
                 differentiable=sample is not None)(copy_variant(view_fn, name))


@register("detach_copy", grad_fn="NotImplemented", differentiable=False,
          sample=fixed((((2, 3),), {})))
def detach_copy(input):
    """detach()'s elements in new memory; PyTorch gives it no derivative: with an input that
    requires grad, its result does too, on a NotImplemented node (which raises when run)"""
    from .fused import not_implemented
    from ..autograd import forward_ad
    x = check_tensor(input, "detach_copy")
    if forward_ad.ACTIVE[0] and forward_ad.has_tangent((x,)):
        from .extra import TorchNotImplementedError
        raise TorchNotImplementedError("Trying to use forward AD with aten::detach_copy that "
                                       "does not support it.")
    return not_implemented("detach_copy", wrap(np.array(x._data, order="C")), (x,))


@register("view_as_complex_copy", grad_fn="ViewAsComplexBackward0_copy", differentiable=False,
          sample=fixed((((3, 2),), {})))
def view_as_complex_copy(input):
    """view_as_complex's elements in new memory; PyTorch refuses its autograd"""
    x = check_tensor(input, "view_as_complex_copy")
    if x._requires_grad and _enabled[0]:
        raise TorchRuntimeError("view_as_complex_copy does not support automatic "
                                "differentiation for outputs with complex dtype.")
    from .shape import view_as_complex
    return _copied(view_as_complex(x))


_register_all()
