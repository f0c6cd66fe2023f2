"""A module's full backward hooks (`register_full_backward_hook`,
`register_full_backward_pre_hook`), as PyTorch's torch/utils/hooks.py BackwardHook does it.

The module's tensor inputs, then its tensor outputs, each pass through an identity Function,
`BackwardHookFunction`, whose node (`BackwardHookFunctionBackward`) sees the gradients that
cross the module's boundary: the output node's post-hook records the gradients of the
outputs (after the pre-hooks, which may replace them), and the input node's post-hook hands
the gradients of the inputs, with those of the outputs, to the user's hooks, which may
replace the former.
"""
from __future__ import annotations

import sys
import warnings

from ..._tensor import Tensor
from ...autograd import grad_mode
from ...autograd.function import Function
from ...errors import TorchRuntimeError


class BackwardHookFunction(Function):
    """The identity, recorded as a node whose hooks see a module's boundary gradients."""

    @staticmethod
    def forward(ctx, *args):
        ctx.mark_non_differentiable(*[a for a in args if not a.requires_grad])
        return args

    @staticmethod
    def backward(ctx, *args):
        return args


def _caller_level() -> int:
    """warnings.warn's stacklevel for the first frame outside gradcli (the user's
    `backward()` call, where PyTorch's warning points)."""
    frame, level = sys._getframe(2), 2
    while frame is not None and frame.f_globals.get("__name__", "").startswith("gradcli"):
        frame, level = frame.f_back, level + 1
    return level


def _pack_with_none(indices, values, size) -> tuple:
    res = [None] * size
    for idx, val in zip(indices, values):
        res[idx] = val
    return tuple(res)


class BackwardHook:
    """One forward call's backward hooks (made by Module.__call__ when there are any)."""

    def __init__(self, module, user_hooks, user_pre_hooks):
        self.module, self.user_hooks, self.user_pre_hooks = module, user_hooks, user_pre_hooks
        self.grad_outputs = None
        self.n_outputs = self.n_inputs = -1
        self.output_tensors_index = self.input_tensors_index = None

    def _set_user_hook(self, grad_fn) -> None:
        def hook(grad_input, _):
            if self.grad_outputs is None:
                return None
            res = _pack_with_none(self.input_tensors_index, grad_input, self.n_inputs)
            for user_hook in self.user_hooks:
                out = user_hook(self.module, res, self.grad_outputs)
                if out is None:
                    continue
                if len(out) != len(res):
                    raise TorchRuntimeError(f"Backward hook returned an invalid number of "
                                            f"grad_input, got {len(out)}, but expected "
                                            f"{len(res)}")
                res = out
            self.grad_outputs = None
            return tuple(res[i] for i in self.input_tensors_index)
        grad_fn.register_hook(hook)

    def _apply_on_tensors(self, fn, args):
        index = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
        tensors = [args[i] for i in index]
        if not (any(t.requires_grad for t in tensors) and grad_mode.is_grad_enabled()):
            return args, None
        new = BackwardHookFunction.apply(*tensors)
        new = new if isinstance(new, tuple) else (new,)
        if len(new) == 0:
            raise TorchRuntimeError("Cannot set Module backward hook for a Module with no "
                                    "input Tensors.")
        nodes = [t.grad_fn for t in new
                 if t.grad_fn is not None and t.grad_fn.name() == "BackwardHookFunctionBackward"]
        if not nodes:
            raise TorchRuntimeError("Error while setting up backward hooks. Please open an "
                                    "issue with a code sample to reproduce this.")
        fn(nodes[0])
        out = list(args)
        for i, t in zip(index, new):
            out[i] = t
        return tuple(out), index

    def setup_input_hook(self, args):
        res, index = self._apply_on_tensors(self._set_user_hook, args)
        self.n_inputs, self.input_tensors_index = len(args), index
        return res

    def setup_output_hook(self, result):
        def fn(grad_fn) -> None:
            def hook(_, grad_output):
                self.grad_outputs = _pack_with_none(self.output_tensors_index, grad_output,
                                                    self.n_outputs)
                expected = len(self.grad_outputs)
                for pre_hook in self.user_pre_hooks:
                    replaced = pre_hook(self.module, self.grad_outputs)
                    if replaced is None:
                        continue
                    if len(replaced) != expected:
                        raise TorchRuntimeError(f"Backward pre hook returned an invalid number "
                                                f"of grad_output, got {len(replaced)}, but "
                                                f"expected {expected}")
                    self.grad_outputs = replaced
                local = self.grad_outputs
                if self.input_tensors_index is None:
                    warnings.warn(
                        "Full backward hook is firing when gradients are computed with respect "
                        "to module outputs since no inputs require gradients. See "
                        "https://docs.pytorch.org/docs/main/generated/torch.nn.Module.html"
                        "#torch.nn.Module.register_full_backward_hook for more details.",
                        stacklevel=_caller_level())
                    grad_inputs = _pack_with_none([], [], self.n_inputs)
                    for user_hook in self.user_hooks:
                        res = user_hook(self.module, grad_inputs, self.grad_outputs)
                        if res is not None and not (isinstance(res, tuple)
                                                    and all(el is None for el in res)):
                            raise TorchRuntimeError(
                                "Backward hook for Modules where no input requires gradient "
                                "should always return None or None for all gradients.")
                    self.grad_outputs = None
                if local is not None:
                    return tuple(local[i] for i in self.output_tensors_index)
                return None
            grad_fn.register_hook(hook)

        single = not isinstance(result, tuple)
        args = (result,) if single else result
        res, index = self._apply_on_tensors(fn, args)
        self.n_outputs, self.output_tensors_index = len(args), index
        return res[0] if single else res
