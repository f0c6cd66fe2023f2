"""`torch.nn.utils.prune`: pruning a module's tensor `name` keeps the original as the
parameter `<name>_orig`, a 0/1 buffer `<name>_mask`, and makes `<name>` the plain tensor
`mask * orig` (MulBackward0), recomputed by a forward pre-hook, the pruning method itself,
as PyTorch's. Pruning the same tensor again combines the masks in a PruningContainer;
`remove` makes the pruned values permanent. The masks are chosen as PyTorch chooses them
(the same topk, kthvalue and random draws), so a seeded run prunes the same entries."""
from __future__ import annotations

import numbers

from ... import _tensor
from ...errors import TorchAssertionError, TorchIndexError, TorchTypeError, TorchValueError

Tensor = _tensor.Tensor
_CONTIGUOUS = _tensor.MEMORY_FORMATS["contiguous_format"]


def _torch():
    import gradcli
    return gradcli


class BasePruningMethod:
    """A pruning method: compute_mask(t, default_mask) chooses what to keep; the instance
    is also the forward pre-hook that recomputes the pruned tensor before each forward."""

    __gradcli_safe__ = True
    PRUNING_TYPE = None
    _tensor_name: str

    def __call__(self, module, inputs):
        setattr(module, self._tensor_name, self.apply_mask(module))

    def compute_mask(self, t, default_mask):
        raise NotImplementedError

    def apply_mask(self, module):
        name = self._tensor_name
        if name is None:
            raise TorchAssertionError(f"Module {module} has to be pruned")
        mask = getattr(module, name + "_mask")
        orig = getattr(module, name + "_orig")
        return mask.to(dtype=orig.dtype) * orig

    @classmethod
    def apply(cls, module, name, *args, importance_scores=None, **kwargs):
        """Prune module.<name> with cls(*args, **kwargs), combined with the pruning it has."""
        method = _composite(cls, module, name, *args, **kwargs)
        orig = getattr(module, name)
        if importance_scores is not None:
            if importance_scores.shape != orig.shape:
                raise TorchAssertionError(f"importance_scores should have the same shape as "
                                     f"parameter {name} of {module}, got "
                                     f"{importance_scores.shape} vs {orig.shape}")
        else:
            importance_scores = orig
        fresh = not isinstance(method, PruningContainer)
        if fresh:
            module.register_parameter(name + "_orig", orig)
            del module._parameters[name]
            default_mask = _torch().ones_like(orig)
        else:
            default_mask = getattr(module, name + "_mask").detach().clone(
                memory_format=_CONTIGUOUS)
        try:
            mask = method.compute_mask(importance_scores, default_mask=default_mask)
            module.register_buffer(name + "_mask", mask)
            setattr(module, name, method.apply_mask(module))
            module.register_forward_pre_hook(method)
        except Exception:
            if fresh:
                orig = getattr(module, name + "_orig")
                module.register_parameter(name, orig)
                del module._parameters[name + "_orig"]
            raise
        return method

    def prune(self, t, default_mask=None, importance_scores=None):
        """t with the mask applied (t itself is not changed)."""
        if importance_scores is not None:
            if importance_scores.shape != t.shape:
                raise TorchAssertionError(f"importance_scores should have the same shape as tensor "
                                     f"t, got {importance_scores.shape} vs {t.shape}")
        else:
            importance_scores = t
        default_mask = default_mask if default_mask is not None else _torch().ones_like(t)
        return t * self.compute_mask(importance_scores, default_mask=default_mask)

    def remove(self, module):
        """Make the pruning permanent: <name> becomes a parameter holding the pruned values."""
        name = self._tensor_name
        if name is None:
            raise TorchAssertionError(f"Module {module} has to be pruned before pruning can be "
                                 "removed")
        weight = self.apply_mask(module)
        if hasattr(module, name):
            delattr(module, name)
        orig = module._parameters[name + "_orig"]
        orig.data = weight.data
        del module._parameters[name + "_orig"]
        del module._buffers[name + "_mask"]
        setattr(module, name, orig)


def _composite(cls, module, name, *args, **kwargs):
    """cls's method for module.<name>, in a PruningContainer with the pruning there already
    (its hook taken off; apply puts the combined one back)."""
    old = [h for h in module._forward_pre_hooks
           if isinstance(h, BasePruningMethod) and h._tensor_name == name]
    if len(old) > 1:
        raise TorchAssertionError(f"Avoid adding multiple pruning hooks to the same tensor {name} "
                             f"of module {module}. Use a PruningContainer.")
    for h in old:
        module._forward_pre_hooks.remove(h)
    method = cls(*args, **kwargs)
    method._tensor_name = name
    if old:
        if isinstance(old[0], PruningContainer):
            old[0].add_pruning_method(method)
            return old[0]
        container = PruningContainer(old[0])
        container.add_pruning_method(method)
        return container
    return method


class PruningContainer(BasePruningMethod):
    """The pruning methods applied in turn to one tensor: each new one prunes only what the
    masks before it kept."""

    def __init__(self, *args):
        self._pruning_methods: tuple = ()
        if len(args) == 1:
            self._tensor_name = args[0]._tensor_name
            self.add_pruning_method(args[0])
        else:
            for method in args:
                self.add_pruning_method(method)

    def add_pruning_method(self, method):
        if not isinstance(method, BasePruningMethod) and method is not None:
            raise TorchTypeError(f"{type(method)} is not a BasePruningMethod subclass")
        if method is not None and self._tensor_name != method._tensor_name:
            raise TorchValueError(
                "Can only add pruning methods acting on the parameter named "
                f"'{self._tensor_name}' to PruningContainer {self}. Found "
                f"'{method._tensor_name}'")
        self._pruning_methods += (method,)

    def __len__(self):
        return len(self._pruning_methods)

    def __iter__(self):
        return iter(self._pruning_methods)

    def __getitem__(self, idx):
        return self._pruning_methods[idx]

    def compute_mask(self, t, default_mask):
        method = self._pruning_methods[-1]
        mask = default_mask
        new_mask = mask.to(dtype=t.dtype)
        n_dims = t.dim()
        if method.PRUNING_TYPE == "unstructured":
            slc = mask == 1
        elif method.PRUNING_TYPE == "structured":
            if not hasattr(method, "dim"):
                raise AttributeError("Pruning methods of type 'structured' need to have the "
                                     "attribute `dim` defined.")
            dim = method.dim + n_dims if method.dim < 0 else method.dim
            if dim < 0:
                raise TorchIndexError(f"Index is out of bounds for tensor with dimensions "
                                      f"{n_dims}")
            keep = mask.sum(dim=[d for d in range(n_dims) if d != dim]) != 0
            slc = tuple(keep if d == dim else slice(None) for d in range(n_dims))
        elif method.PRUNING_TYPE == "global":
            slc = tuple(slice(None) for _ in range(n_dims))
        else:
            raise TorchValueError(f"Unrecognized PRUNING_TYPE {method.PRUNING_TYPE}")
        partial = method.compute_mask(t[slc], default_mask=mask[slc])
        new_mask[slc] = partial.to(dtype=new_mask.dtype)
        return new_mask


class Identity(BasePruningMethod):
    """Prunes nothing (a mask of ones)."""

    PRUNING_TYPE = "unstructured"

    def compute_mask(self, t, default_mask):
        return default_mask

    @classmethod
    def apply(cls, module, name):
        return super().apply(module, name)


class RandomUnstructured(BasePruningMethod):
    """Prunes `amount` entries chosen at random (the largest of torch.rand_like's draws)."""

    PRUNING_TYPE = "unstructured"

    def __init__(self, amount):
        _validate_amount_init(amount)
        self.amount = amount

    def compute_mask(self, t, default_mask):
        size = t.nelement()
        k = _count(self.amount, size)
        _validate_amount(k, size)
        mask = default_mask.clone(memory_format=_CONTIGUOUS)
        if k != 0:
            prob = _torch().rand_like(t)
            top = _torch().topk(prob.view(-1), k=k)
            mask.view(-1)[top.indices] = 0
        return mask

    @classmethod
    def apply(cls, module, name, amount):
        return super().apply(module, name, amount=amount)


class L1Unstructured(BasePruningMethod):
    """Prunes the `amount` entries of smallest absolute value."""

    PRUNING_TYPE = "unstructured"

    def __init__(self, amount):
        _validate_amount_init(amount)
        self.amount = amount

    def compute_mask(self, t, default_mask):
        size = t.nelement()
        k = _count(self.amount, size)
        _validate_amount(k, size)
        mask = default_mask.clone(memory_format=_CONTIGUOUS)
        if k != 0:
            top = _torch().topk(_torch().abs(t).view(-1), k=k, largest=False)
            mask.view(-1)[top.indices] = 0
        return mask

    @classmethod
    def apply(cls, module, name, amount, importance_scores=None):
        return super().apply(module, name, amount=amount, importance_scores=importance_scores)


class RandomStructured(BasePruningMethod):
    """Prunes `amount` whole channels along `dim`, chosen at random."""

    PRUNING_TYPE = "structured"

    def __init__(self, amount, dim=-1):
        _validate_amount_init(amount)
        self.amount = amount
        self.dim = dim

    def compute_mask(self, t, default_mask):
        _validate_structured(t)
        _validate_dim(t, self.dim)
        size = t.shape[self.dim]
        k = _count(self.amount, size)
        _validate_amount(k, size)
        if k == 0:
            return default_mask
        torch = _torch()
        prob = torch.rand(size)
        threshold = torch.kthvalue(prob, k=k).values
        mask = torch.zeros_like(t)
        mask[_channels(t, self.dim, prob > threshold)] = 1
        mask *= default_mask.to(dtype=mask.dtype)
        return mask

    @classmethod
    def apply(cls, module, name, amount, dim=-1):
        return super().apply(module, name, amount=amount, dim=dim)


class LnStructured(BasePruningMethod):
    """Prunes the `amount` channels along `dim` of smallest L`n` norm."""

    PRUNING_TYPE = "structured"

    def __init__(self, amount, n, dim=-1):
        _validate_amount_init(amount)
        self.amount = amount
        self.n = n
        self.dim = dim

    def compute_mask(self, t, default_mask):
        _validate_structured(t)
        _validate_dim(t, self.dim)
        size = t.shape[self.dim]
        k = _count(self.amount, size)
        _validate_amount(k, size)
        torch = _torch()
        dims = list(range(t.dim()))
        if self.dim < 0:
            dims.remove(dims[self.dim])
        else:
            dims.remove(self.dim)
        norm = torch.norm(t, p=self.n, dim=dims)
        top = torch.topk(norm, k=size - k, largest=True)
        if k == 0:
            return default_mask
        mask = torch.zeros_like(t)
        mask[_channels(t, self.dim, top.indices)] = 1
        mask *= default_mask.to(dtype=mask.dtype)
        return mask

    @classmethod
    def apply(cls, module, name, amount, n, dim, importance_scores=None):
        return super().apply(module, name, amount=amount, n=n, dim=dim,
                             importance_scores=importance_scores)


class CustomFromMask(BasePruningMethod):
    """Prunes where a given mask is 0."""

    PRUNING_TYPE = "global"

    def __init__(self, mask):
        self.mask = mask

    def compute_mask(self, t, default_mask):
        if default_mask.shape != self.mask.shape:
            raise TorchAssertionError(f"default_mask shape {default_mask.shape} must match "
                                 f"self.mask shape {self.mask.shape}")
        return default_mask * self.mask.to(dtype=default_mask.dtype)

    @classmethod
    def apply(cls, module, name, mask):
        return super().apply(module, name, mask=mask)


def _channels(t, dim: int, index) -> tuple:
    return tuple(index if d == dim % t.dim() else slice(None) for d in range(t.dim()))


# -- the functions ---------------------------------------------------------------------------

def identity(module, name):
    Identity.apply(module, name)
    return module


def random_unstructured(module, name, amount):
    RandomUnstructured.apply(module, name, amount)
    return module


def l1_unstructured(module, name, amount, importance_scores=None):
    L1Unstructured.apply(module, name, amount=amount, importance_scores=importance_scores)
    return module


def random_structured(module, name, amount, dim):
    RandomStructured.apply(module, name, amount, dim)
    return module


def ln_structured(module, name, amount, n, dim, importance_scores=None):
    LnStructured.apply(module, name, amount, n, dim, importance_scores=importance_scores)
    return module


def custom_from_mask(module, name, mask):
    CustomFromMask.apply(module, name, mask)
    return module


def global_unstructured(parameters, pruning_method, importance_scores=None, **kwargs):
    """Prune the (module, name) pairs together: the method sees all their entries (or
    importance scores) as one vector, so the amount is spread where the values are smallest."""
    torch = _torch()
    if not hasattr(parameters, "__iter__") or isinstance(parameters, (str, Tensor)):
        raise TorchTypeError("global_unstructured(): parameters is not an Iterable")
    parameters = list(parameters)
    scores = importance_scores if importance_scores is not None else {}
    if not isinstance(scores, dict):
        raise TorchTypeError("global_unstructured(): importance_scores must be of type dict")
    relevant = torch.nn.utils.parameters_to_vector(
        [scores.get((module, name), getattr(module, name)) for module, name in parameters])
    default_mask = torch.nn.utils.parameters_to_vector(
        [getattr(module, name + "_mask", torch.ones_like(getattr(module, name)))
         for module, name in parameters])
    container = PruningContainer()
    container._tensor_name = "temp"
    method = pruning_method(**kwargs)
    method._tensor_name = "temp"
    if method.PRUNING_TYPE != "unstructured":
        from ...lang.builtins import class_text
        raise TorchTypeError('Only "unstructured" PRUNING_TYPE supported for the '
                             f"`pruning_method`. Found method {class_text(pruning_method)} of "
                             f"type {method.PRUNING_TYPE}")
    container.add_pruning_method(method)
    final_mask = container.compute_mask(relevant, default_mask)
    pointer = 0
    for module, name in parameters:
        param = getattr(module, name)
        n = param.numel()
        custom_from_mask(module, name, mask=final_mask[pointer:pointer + n].view_as(param))
        pointer += n


def remove(module, name):
    """Make module.<name>'s pruning permanent and take off its hook."""
    for k, hook in enumerate(module._forward_pre_hooks):
        if isinstance(hook, BasePruningMethod) and hook._tensor_name == name:
            hook.remove(module)
            del module._forward_pre_hooks[k]
            return module
    raise TorchValueError(f"Parameter '{name}' of module {module} has to be pruned before "
                          "pruning can be removed")


def is_pruned(module) -> bool:
    """Whether module or any of its submodules has a pruning hook."""
    for _, sub in module.named_modules():
        if any(isinstance(h, BasePruningMethod) for h in sub._forward_pre_hooks):
            return True
    return False


# -- checks ----------------------------------------------------------------------------------

def _validate_amount_init(amount) -> None:
    if not isinstance(amount, numbers.Real):
        raise TorchTypeError(f"Invalid type for amount: {amount}. Must be int or float.")
    if (isinstance(amount, numbers.Integral) and amount < 0) or (
            not isinstance(amount, numbers.Integral)
            and (float(amount) > 1.0 or float(amount) < 0.0)):
        raise TorchValueError(f"amount={amount} should either be a float in the range [0, 1] "
                              "or a non-negative integer")


def _validate_amount(amount: int, size: int) -> None:
    if isinstance(amount, numbers.Integral) and amount > size:
        raise TorchValueError(f"amount={amount} should be smaller than the number of "
                              f"parameters to prune={size}")


def _validate_structured(t) -> None:
    if len(t.shape) <= 1:
        raise TorchValueError(f"Structured pruning can only be applied to multidimensional "
                              f"tensors. Found tensor of shape {t.shape} with {len(t.shape)} "
                              "dims")


def _validate_dim(t, dim: int) -> None:
    if dim >= t.dim():
        raise TorchIndexError(f"Invalid index {dim} for tensor of size {t.shape}")


def _count(amount, size: int) -> int:
    """How many to prune: an int as it is, a fraction of `size` rounded (Python's round)."""
    if isinstance(amount, numbers.Integral):
        return amount
    return round(amount * size)


PUBLIC = ("BasePruningMethod", "PruningContainer", "Identity", "RandomUnstructured",
          "L1Unstructured", "RandomStructured", "LnStructured", "CustomFromMask", "identity",
          "random_unstructured", "l1_unstructured", "random_structured", "ln_structured",
          "custom_from_mask", "global_unstructured", "remove", "is_pruned")
