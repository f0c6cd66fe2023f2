"""More of `torch.optim`: Adadelta, Adamax, NAdam, RAdam, ASGD, Rprop, SparseAdam, Adafactor
and Muon.

As in optim.py, each `step` follows PyTorch 2.13's single-tensor CPU code (what a CPU
optimizer runs by default) line by line on the NumPy arrays, with PyTorch's rounding: Python
hyperparameters rounded to the tensor's dtype, `add_(alpha=)`/`addcmul_`/`lerp_` as the fused
multiply-adds ATen compiles them to, and one version bump per in-place op. With
foreach=True, NAdam, RAdam and ASGD take their _multi_tensor order (the others' foreach
steps round as their single-tensor ones do).
"""
from __future__ import annotations

import numpy as np

from .optim import (Optimizer, adam_moments, _add, _arith, _addcdiv, _addcmul, _betas, _check,
                    _check_lr, _grad, _increment, _lerp, _mul, _new_state,
                    _put, _real, _s, _scalar_dtype, _sqrt, _step_tensor, _value)
from ._tensor import Tensor
from .errors import TorchRuntimeError, TorchValueError

__gradcli_module__ = True


def _zeros_like(p: Tensor) -> Tensor:
    return _new_state(np.zeros_like(p._data))


def _scalar_state(value: float) -> Tensor:
    """A 0-d state tensor of PyTorch's scalar dtype (`mu_product`, `eta`, `mu`)."""
    return Tensor._wrap(np.array(value, dtype=_scalar_dtype()))


def _check_betas(lr, betas, eps, weight_decay) -> None:
    _check_lr(lr)
    _check(0.0 <= eps, f"Invalid epsilon value: {eps}")
    _check(0.0 <= betas[0] < 1.0, f"Invalid beta parameter at index 0: {betas[0]}")
    _check(0.0 <= betas[1] < 1.0, f"Invalid beta parameter at index 1: {betas[1]}")
    _check(0.0 <= weight_decay, f"Invalid weight_decay value: {weight_decay}")


class _PerParam(Optimizer):
    """An optimizer whose step updates each parameter on its own: `_fresh(p, group)` makes
    its first state, `_update_one(p, state, group)` steps it."""

    def _update(self, group, params):
        for p in params:
            state = self.state[p]
            if len(state) == 0:
                state.update(self._fresh(p, group))
            self._update_one(p, state, group)


class Adadelta(_PerParam):
    """Adadelta (Zeiler): steps scaled by the ratio of running RMS of updates and gradients."""

    _group_defaults = (("foreach", None), ("maximize", False), ("differentiable", False),
                       ("capturable", False))
    _state_tensors = ("step",)

    _capturable_xla = ""

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, foreach=None, *,
                 capturable=False, maximize=False, differentiable=False):
        _check_lr(lr)
        _check(0.0 <= rho <= 1.0, f"Invalid rho value: {rho}")
        _check(0.0 <= eps, f"Invalid epsilon value: {eps}")
        _check(0.0 <= weight_decay, f"Invalid weight_decay value: {weight_decay}")
        super().__init__(params, {"lr": lr, "rho": rho, "eps": eps,
                                  "weight_decay": weight_decay, "maximize": maximize,
                                  "capturable": capturable, "foreach": foreach,
                                  "differentiable": differentiable})

    def _fresh(self, p, group):
        return {"step": _step_tensor(), "square_avg": _zeros_like(p),
                "acc_delta": _zeros_like(p)}

    def _update_one(self, p, state, group):
        rho, eps, wd = group["rho"], group["eps"], group["weight_decay"]
        _increment(state["step"])
        g = _grad(p, group["maximize"])
        if wd != 0:
            g = _add(g, _real(p), wd)
        square_avg, acc_delta = state["square_avg"], state["acc_delta"]
        _put(square_avg, _addcmul(_mul(_real(square_avg), rho), g, g, 1 - rho), 2)
        sa = _real(square_avg)
        std = _sqrt(sa + _s(eps, sa))
        ad = _real(acc_delta)
        delta = _sqrt(ad + _s(eps, ad)) / std * g
        _put(acc_delta, _addcmul(_mul(ad, rho), delta, delta, 1 - rho), 2)
        _put(p, _add(_real(p), delta, -_value(group["lr"])))


class Adamax(_PerParam):
    """Adamax (Kingma & Ba): Adam with the infinity norm of past gradients."""

    _group_defaults = (("foreach", None), ("maximize", False), ("differentiable", False),
                       ("capturable", False))
    _state_tensors = ("step",)

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 foreach=None, *, maximize=False, differentiable=False, capturable=False):
        _check_betas(lr, betas, eps, weight_decay)
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps,
                                  "weight_decay": weight_decay, "foreach": foreach,
                                  "maximize": maximize, "differentiable": differentiable,
                                  "capturable": capturable})

    def _fresh(self, p, group):
        return {"step": _step_tensor(), "exp_avg": _zeros_like(p), "exp_inf": _zeros_like(p)}

    def _update_one(self, p, state, group):
        beta1, beta2 = _betas(group)
        g = _grad(p, group["maximize"])
        step = _increment(state["step"])
        if group["weight_decay"] != 0:
            g = _add(g, _real(p), group["weight_decay"])
        exp_avg, exp_inf = state["exp_avg"], state["exp_inf"]
        _put(exp_avg, _lerp(_real(exp_avg), g, 1 - beta1))
        ei = _real(exp_inf)
        _put(exp_inf, np.maximum(_mul(ei, beta2), np.abs(g) + _s(group["eps"], ei)), 2)
        clr = _arith(group["lr"]) / (1 - beta1 ** step)
        _put(p, _addcdiv(_real(p), _real(exp_avg), _real(exp_inf), -clr))


class NAdam(_PerParam):
    """NAdam (Dozat): Adam with Nesterov momentum and a momentum-decay schedule."""

    _group_defaults = (("maximize", False), ("foreach", None), ("capturable", False),
                       ("differentiable", False), ("decoupled_weight_decay", False))
    _state_tensors = ("step", "mu_product")

    _capturable_what = "params, mu_products and state_steps"
    _capturable_foreach_what = "params, mu_products, and state_steps"

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 momentum_decay=4e-3, decoupled_weight_decay=False, *, foreach=None,
                 maximize=False, capturable=False, differentiable=False):
        _check_betas(lr, betas, eps, weight_decay)
        _check(0.0 <= momentum_decay, f"Invalid momentum_decay value: {momentum_decay}")
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps,
                                  "weight_decay": weight_decay,
                                  "momentum_decay": momentum_decay,
                                  "decoupled_weight_decay": decoupled_weight_decay,
                                  "maximize": maximize, "foreach": foreach,
                                  "capturable": capturable, "differentiable": differentiable})

    def _fresh(self, p, group):
        return {"step": _step_tensor(), "mu_product": _scalar_state(1.0),
                "exp_avg": _zeros_like(p), "exp_avg_sq": _zeros_like(p)}

    def _update_one(self, p, state, group):
        beta1, beta2 = _betas(group)
        lr, wd, decay = _arith(group["lr"]), group["weight_decay"], group["momentum_decay"]
        g = _grad(p, group["maximize"])
        step = _increment(state["step"])
        bias_correction2 = 1 - beta2 ** step
        if wd != 0:
            if group["decoupled_weight_decay"]:
                _put(p, _mul(_real(p), 1 - lr * wd))
            else:
                g = _add(g, _real(p), wd)
        mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * decay)))
        mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * decay)))
        mu_product = state["mu_product"]
        _put(mu_product, _mul(mu_product._data, mu))
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        _put(exp_avg, _lerp(_real(exp_avg), g, 1 - beta1))
        _put(exp_avg_sq, _addcmul(_mul(_real(exp_avg_sq), beta2), g, g, 1 - beta2), 2)
        sq = _real(exp_avg_sq)
        if group["foreach"]:        # PyTorch's _multi_tensor_nadam: the root first
            denom = _sqrt(sq) / _s(bias_correction2 ** 0.5, sq)
        else:
            denom = _sqrt(sq / _s(bias_correction2, sq))
        denom = denom + _s(group["eps"], denom)
        product = mu_product.item()
        product_next = product * mu_next
        x = _addcdiv(_real(p), g, denom, -lr * (1.0 - mu) / (1.0 - product))
        _put(p, _addcdiv(x, _real(exp_avg), denom, (-lr * mu_next) / (1.0 - product_next)), 2)


class RAdam(_PerParam):
    """RAdam (Liu et al.): Adam whose adaptive step is rectified, plain momentum SGD while the
    variance estimate is unreliable (rho_t <= 5)."""

    _group_defaults = (("foreach", None), ("maximize", False), ("differentiable", False),
                       ("decoupled_weight_decay", False), ("capturable", False))
    _state_tensors = ("step",)

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 decoupled_weight_decay=False, *, foreach=None, maximize=False,
                 capturable=False, differentiable=False):
        _check_betas(lr, betas, eps, weight_decay)
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps,
                                  "weight_decay": weight_decay, "maximize": maximize,
                                  "foreach": foreach, "capturable": capturable,
                                  "decoupled_weight_decay": decoupled_weight_decay,
                                  "differentiable": differentiable})

    def _fresh(self, p, group):
        return {"step": _step_tensor(), "exp_avg": _zeros_like(p),
                "exp_avg_sq": _zeros_like(p)}

    def _update_one(self, p, state, group):
        beta1, beta2 = _betas(group)
        lr, step, exp_avg, exp_avg_sq = adam_moments(p, state, group)
        bias_correction1 = 1 - beta1 ** step
        bias_correction2 = 1 - beta2 ** step
        ea = _real(exp_avg)
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * (beta2 ** step) / bias_correction2
        rect = ((rho_t - 4) * (rho_t - 2) * rho_inf
                / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5 if rho_t > 5.0 else 0
        if group["foreach"]:
            _put(p, self._foreach_update(_real(p), ea, _real(exp_avg_sq), lr, rect,
                                         bias_correction1, bias_correction2, group["eps"]))
            return
        update = _mul(ea / _s(bias_correction1, ea), lr)
        if rect:
            root = _sqrt(_real(exp_avg_sq))
            adaptive = _s(bias_correction2 ** 0.5, root) / (root + _s(group["eps"], root))
            update = _mul(update * adaptive, rect)
        _put(p, _add(_real(p), update, -1.0))

    @staticmethod
    def _foreach_update(x, ea, sq, lr, rect, bias_correction1, bias_correction2, eps):
        """PyTorch's _multi_tensor_radam: x + exp_avg * (1 / ((sqrt(v) + eps) / scale) +
        unrectified), where scale is 0 (-0.0) while the step is not rectified."""
        unrectified = (lr * (0 if rect > 0 else 1.0) / bias_correction1) * -1
        scale = (bias_correction2 ** 0.5) * (lr * rect / bias_correction1) * -1
        buffer = _sqrt(sq) + _s(eps, sq)
        with np.errstate(divide="ignore"):
            buffer = sq.dtype.type(1) / (buffer / _s(scale, sq))
        return _addcmul(x, ea, buffer + _s(unrectified, sq), 1)


class ASGD(_PerParam):
    """Averaged SGD (Polyak & Juditsky): SGD with a decaying step and a running average `ax`
    of the iterates, started after t0 steps."""

    _group_defaults = (("foreach", None), ("maximize", False), ("differentiable", False),
                       ("capturable", False))
    _state_tensors = ("step", "eta", "mu")

    _capturable_what = "params, mus, etas, and state_steps"

    def __init__(self, params, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0,
                 foreach=None, maximize=False, differentiable=False, capturable=False):
        _check_lr(lr)
        _check(0.0 <= weight_decay, f"Invalid weight_decay value: {weight_decay}")
        super().__init__(params, {"lr": lr, "lambd": lambd, "alpha": alpha, "t0": t0,
                                  "weight_decay": weight_decay, "foreach": foreach,
                                  "maximize": maximize, "differentiable": differentiable,
                                  "capturable": capturable})

    def _fresh(self, p, group):
        return {"step": _step_tensor(), "eta": _scalar_state(_value(group["lr"])),
                "mu": _scalar_state(1.0), "ax": _zeros_like(p)}

    def _update_one(self, p, state, group):
        lambd, lr = group["lambd"], _value(group["lr"])
        g = _grad(p, group["maximize"])
        step = _increment(state["step"])
        if group["weight_decay"] != 0:
            g = _add(g, _real(p), group["weight_decay"])
        ax, mu = state["ax"], state["mu"]
        if group["foreach"]:
            self._foreach_update(p, g, ax, state["eta"], mu, lambd)
        else:
            self._single_update(p, g, ax, state["eta"].item(), mu, lambd)
        scalar = _scalar_dtype()
        if group["foreach"]:
            _put(state["eta"], self._foreach_eta(lr, lambd, step, group["alpha"]))
        else:                       # (a tensor lr: in its dtype, as PyTorch's tensor math)
            lr = _arith(group["lr"])
            _put(state["eta"], scalar(lr / ((1 + lambd * lr * step) ** group["alpha"])))
        _put(state["mu"], scalar(1 / max(1, step - group["t0"])))

    @staticmethod
    def _foreach_eta(lr, lambd, step, alpha):
        """lr / ((1 + lambd*lr*step) ** alpha) as PyTorch's foreach step computes it: with
        the step tensor, so in its dtype (its float32 power rounds the double one), and
        `lr / t` as t.reciprocal() * lr."""
        scalar = _scalar_dtype()
        t = scalar(1) + scalar(lambd * lr) * scalar(step)
        return (scalar(1) / scalar(float(t) ** alpha)) * scalar(lr)

    @staticmethod
    def _single_update(p, g, ax, eta, mu, lambd):
        x = _mul(_real(p), 1 - lambd * eta)
        _put(p, _add(x, g, -eta), 2)
        if mu.item() != 1:
            x = _real(p)
            _put(ax, _real(ax) + (x - _real(ax)) * mu._data.astype(x.dtype))
        else:
            _put(ax, _real(p))

    @staticmethod
    def _foreach_update(p, g, ax, eta, mu, lambd):
        """PyTorch's _multi_tensor_asgd: the decay folded into the gradient (which holds the
        weight decay already), and the average always moved by mu (no copy when mu is 1)."""
        x = _real(p)
        g = _add(g, x, lambd)
        _put(p, _addcmul(x, g, eta._data.astype(x.dtype), -1))
        x, a = _real(p), _real(ax)
        _put(ax, _addcmul(a, x - a, mu._data.astype(x.dtype), 1))


class Rprop(_PerParam):
    """Rprop (Riedmiller & Braun): per-coordinate step sizes grown by etaplus while the
    gradient keeps its sign and shrunk by etaminus (that step skipped) when it flips."""

    _group_defaults = (("foreach", None), ("maximize", False), ("differentiable", False),
                       ("capturable", False))
    _state_tensors = ("step",)
    _capturable_foreach_xla = ", 'xla'"

    def __init__(self, params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), *,
                 capturable=False, foreach=None, maximize=False, differentiable=False):
        _check_lr(lr)
        _check(0.0 < etas[0] < 1.0 < etas[1], f"Invalid eta values: {etas[0]}, {etas[1]}")
        super().__init__(params, {"lr": lr, "etas": etas, "step_sizes": step_sizes,
                                  "foreach": foreach, "maximize": maximize,
                                  "differentiable": differentiable, "capturable": capturable})

    def _fresh(self, p, group):
        lr = _value(group["lr"])
        fill = complex(lr, lr) if p._data.dtype.kind == "c" else lr
        return {"step": _step_tensor(), "prev": _zeros_like(p),
                "step_size": _new_state(np.full_like(p.grad._data, fill))}

    def _update_one(self, p, state, group):
        etaminus, etaplus = group["etas"]
        low, high = group["step_sizes"]
        g = _grad(p, group["maximize"])
        _increment(state["step"])
        prev, step_size = state["prev"], state["step_size"]
        sign = np.sign(g * _real(prev))
        factor = np.where(sign > 0, _s(etaplus, g), np.where(sign < 0, _s(etaminus, g),
                                                              g.dtype.type(1)))
        ss = _real(step_size)
        _put(step_size, np.clip(ss * factor, _s(low, ss), _s(high, ss)), 2)
        g = np.where(factor == _s(etaminus, g), g.dtype.type(0), g)
        _put(p, _addcmul(_real(p), np.sign(g), _real(step_size), -1))
        _put(prev, g)


class SparseAdam(Optimizer):
    """Adam for sparse gradients. gradcli's gradients are all dense, so its step() is
    PyTorch's error for a dense gradient; construction, repr and state_dict are PyTorch's."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, maximize=False):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise TorchValueError("Tensor lr must be 1-element")
        _check(0.0 < lr, f"Invalid learning rate: {lr}")
        _check(0.0 < eps, f"Invalid epsilon value: {eps}")
        _check(0.0 <= betas[0] < 1.0, f"Invalid beta parameter at index 0: {betas[0]}")
        _check(0.0 <= betas[1] < 1.0, f"Invalid beta parameter at index 1: {betas[1]}")
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps, "maximize": maximize})
        complex_params = [[i, k] for i, group in enumerate(self.param_groups)
                          for k, p in enumerate(group["params"]) if p.is_complex()]
        _check(not complex_params, f"Complex params at indices {complex_params}: SparseAdam "
                                   "does not support complex parameters")

    def _update(self, group, params):
        raise TorchRuntimeError("SparseAdam does not support dense gradients, please consider "
                                "Adam instead")


#: The optimizers this module adds to `torch.optim`.
class Adafactor(_PerParam):
    """Adafactor (Shazeer & Stern), PyTorch's version: a matrix's second moment kept as a row
    and a column factor, steps scaled by the parameter's RMS and clipped by the update's.
    Its single-tensor step, with gradcli's own tensor ops (PyTorch's kernels, rounded as
    they are) in PyTorch's order."""

    _group_defaults = (("foreach", None),)
    _state_tensors = ("step",)

    def __init__(self, params, lr=1e-2, beta2_decay=-0.8, eps=(None, 1e-3), d=1.0,
                 weight_decay=0.0, *, foreach=None, maximize=False):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise TorchValueError("Tensor lr must be 1-element")
        _check(0.0 <= lr, f"Learning rate should be >= 0 but is: {lr}")
        _check(0.0 >= beta2_decay, f"beta2_decay should be <= 0 but is: {beta2_decay}")
        _check(eps[0] is None or 0.0 <= eps[0], f"epsilon1 should be >= 0 but is: {eps[0]}")
        _check(0.0 <= eps[1], f"epsilon2 should be >= 0 but is: {eps[1]}")
        _check(1.0 <= d, f"Clipping threshold d should be >= 1 but is: {d}")
        _check(0.0 <= weight_decay, f"weight_decay should be >= 0 but is: {weight_decay}")
        super().__init__(params, {"lr": lr, "beta2_decay": beta2_decay, "eps": eps, "d": d,
                                  "weight_decay": weight_decay, "foreach": foreach,
                                  "maximize": maximize})

    def _update(self, group, params):
        for p in params:
            if p.is_complex():
                raise TorchRuntimeError("Adafactor does not support complex parameters")
        super()._update(group, params)

    def _fresh(self, p, group):
        g = p.grad
        if g.dim() > 1:
            row, col = list(g.shape), list(g.shape)
            row[-1], col[-2] = 1, 1
            return {"step": _step_tensor(), "row_var": g.new_zeros(row),
                    "col_var": g.new_zeros(col)}
        return {"step": _step_tensor(), "variance": _zeros_like(p)}

    def _update_one(self, p, state, group):
        from .dtypes import finfo
        lr, wd, d = _to_scalar(group["lr"]), group["weight_decay"], group["d"]
        eps1, eps2 = group["eps"]
        grad = -p.grad if group["maximize"] else p.grad
        if eps1 is None:
            eps1 = finfo(p.dtype).eps
        step = _increment(state["step"])
        one_minus_beta2_t = step ** group["beta2_decay"]
        rho_t = min(lr, 1 / (step ** 0.5))
        alpha = max(eps2, p.norm(2).item() / (p.numel() ** 0.5)) * rho_t
        if wd != 0:
            p.mul_(1 - lr * wd)
        if grad.dim() > 1:
            row_var, col_var = state["row_var"], state["col_var"]
            row_var.lerp_(grad.norm(dim=-1, keepdim=True).square_().div_(grad.size(-1)),
                          one_minus_beta2_t)
            col_var.lerp_(grad.norm(dim=-2, keepdim=True).square_().div_(grad.size(-2)),
                          one_minus_beta2_t)
            var_estimate = row_var @ col_var
            var_estimate.div_(row_var.mean(dim=-2, keepdim=True).clamp_(min=eps1))
        else:
            variance = state["variance"]
            variance.lerp_(grad * grad, one_minus_beta2_t)
            var_estimate = variance.clone()
        update = var_estimate.clamp_(min=eps1 * eps1).rsqrt_()
        update.mul_(grad)
        denom = max(1.0, update.norm(2).item() / ((update.numel() ** 0.5) * d))
        p.add_(update, alpha=-alpha / denom)


class Muon(Optimizer):
    """Muon (Jordan et al.), PyTorch's version: momentum (Nesterov by default), then the
    update orthogonalized by PyTorch's quintic Newton-Schulz iteration in bfloat16, with
    gradcli's own tensor ops in PyTorch's order (bfloat16 products are computed in float32
    and rounded once, which can differ from PyTorch's bfloat16 kernels in the last bit)."""

    def __init__(self, params, lr=1e-3, weight_decay=0.1, momentum=0.95, nesterov=True,
                 ns_coefficients=(3.4445, -4.7750, 2.0315), eps=1e-7, ns_steps=5,
                 adjust_lr_fn=None):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise TorchValueError("Tensor lr must be 1-element")
        _check(0.0 <= lr, f"Learning rate should be >= 0 but is: {lr}")
        _check(0.0 <= momentum, f"momentum should be >= 0 but is: {momentum}")
        _check(0.0 <= weight_decay, f"weight decay should be >= 0 but is: {weight_decay}")
        _check(adjust_lr_fn is None or adjust_lr_fn in ("original", "match_rms_adamw"),
               f"Adjust learning rate function {adjust_lr_fn} is not supported")
        super().__init__(params, {"lr": lr, "weight_decay": weight_decay,
                                  "momentum": momentum, "nesterov": nesterov,
                                  "ns_coefficients": ns_coefficients, "eps": eps,
                                  "ns_steps": ns_steps, "adjust_lr_fn": adjust_lr_fn})
        for group in self.param_groups:
            for p in group["params"]:
                _check(p.ndim == 2, "Muon only supports 2D parameters whereas we found a "
                                    f"parameter with size: {p.size()}")

    def _update(self, group, params):
        lr, momentum = _to_scalar(group["lr"]), group["momentum"]
        for p in params:
            if p.is_complex():
                raise TorchRuntimeError("Muon does not support complex parameters")
            state = self.state[p]
            if "momentum_buffer" not in state:
                state["momentum_buffer"] = _zeros_like(p.grad)
        for p in params:
            grad = p.grad
            _check(grad.ndim == 2, "Param gradient must be a 2D matrix")
            buf = self.state[p]["momentum_buffer"]
            buf.lerp_(grad, 1 - momentum)
            update = grad.lerp(buf, momentum) if group["nesterov"] else buf
            update = _newton_schulz(update, group["ns_coefficients"], group["ns_steps"],
                                    group["eps"])
            rows, cols = p.shape[:2]
            fn = group["adjust_lr_fn"]
            ratio = (max(1, rows / cols) ** 0.5 if fn in (None, "original") else
                     0.2 * max(rows, cols) ** 0.5 if fn == "match_rms_adamw" else 1.0)
            p.mul_(1 - lr * group["weight_decay"])
            p.add_(update, alpha=-(lr * ratio))


def _to_scalar(lr):
    """PyTorch's optimizer._to_scalar: a tensor lr stays a tensor (squeezed), so the step's
    scalar arithmetic with it is tensor arithmetic, rounded in its dtype."""
    return lr.squeeze() if isinstance(lr, Tensor) and lr.dim() != 0 else lr


def _newton_schulz(grad: Tensor, coefficients, steps: int, eps: float) -> Tensor:
    """PyTorch's _zeropower_via_newtonschulz: G / |G| in bfloat16 (its transpose for a tall
    G), then X <- a X + (b A + c A A) X with A = X X^T, `steps` times."""
    from .ops.more import addmm
    _check(steps < 100, "Number of steps must be less than 100 for computational efficiency")
    _check(len(grad.shape) == 2, "Input tensor gradient must be a 2D matrix")
    _check(len(coefficients) == 3, "Coefficients must be a tuple of exactly 3 values")
    a, b, c = coefficients
    tall = grad.size(0) > grad.size(1)
    x = grad.bfloat16()
    if tall:
        x = x.T
    x.div_(x.norm().clamp(min=eps))
    for _ in range(steps):
        gram = x @ x.T
        x = addmm(x, addmm(gram, gram, gram, beta=b, alpha=c), x, beta=a)
    return x.T if tall else x


OPTIMIZERS = (Adadelta, Adamax, NAdam, RAdam, ASGD, Rprop, SparseAdam, Adafactor, Muon)
