"""`biject_to(constraint)` and `transform_to(constraint)`: the transform from the reals onto
a constraint's set (bijective for biject_to), registered per constraint class as PyTorch."""
from __future__ import annotations

from ..errors import TorchNotImplementedError, TorchTypeError
from . import constraints, transforms
from .utils import is_number

__all__ = ["ConstraintRegistry", "biject_to", "transform_to"]


class ConstraintRegistry:
    """Constraint class -> factory making the transform for a constraint of that class."""

    __gradcli_safe__ = True

    def __init__(self):
        self._registry = {}

    def register(self, constraint, factory=None):
        if factory is None:
            return lambda factory: self.register(constraint, factory)
        if isinstance(constraint, constraints.Constraint):
            constraint = type(constraint)
        if not isinstance(constraint, type) or not issubclass(constraint,
                                                              constraints.Constraint):
            raise TorchTypeError("Expected constraint to be either a Constraint subclass or "
                                 f"instance, but got {constraint}")
        self._registry[constraint] = factory
        return factory

    def __repr__(self):
        name = vars(type(self)).get("__torch_name__")     # (not a formula subclass's)
        return f"<{name} object at {hex(id(self))}>" if name else object.__repr__(self)

    def __call__(self, constraint):
        try:
            factory = self._registry[type(constraint)]
        except KeyError:
            raise TorchNotImplementedError(
                f"Cannot transform {type(constraint).__name__} constraints") from None
        return factory(constraint)


biject_to = ConstraintRegistry()
transform_to = ConstraintRegistry()


def _both(*kinds, only=None):
    """Register a factory for each constraint kind in biject_to and transform_to (or only
    in the registry `only`)."""
    def decorator(factory):
        for registry in ((only,) if only else (biject_to, transform_to)):
            for kind in kinds:
                registry.register(kind, factory)
        return factory
    return decorator


@_both(constraints.real)
def _transform_to_real(constraint):
    return transforms.identity_transform


@_both(constraints.independent, only=biject_to)
def _biject_to_independent(constraint):
    return transforms.IndependentTransform(biject_to(constraint.base_constraint),
                                           constraint.reinterpreted_batch_ndims)


@_both(constraints.independent, only=transform_to)
def _transform_to_independent(constraint):
    return transforms.IndependentTransform(transform_to(constraint.base_constraint),
                                           constraint.reinterpreted_batch_ndims)


@_both(constraints.positive, constraints.nonnegative)
def _transform_to_positive(constraint):
    return transforms.ExpTransform()


@_both(constraints.greater_than, constraints.greater_than_eq)
def _transform_to_greater_than(constraint):
    return transforms.ComposeTransform(
        [transforms.ExpTransform(), transforms.AffineTransform(constraint.lower_bound, 1)])


@_both(constraints.less_than)
def _transform_to_less_than(constraint):
    return transforms.ComposeTransform(
        [transforms.ExpTransform(), transforms.AffineTransform(constraint.upper_bound, -1)])


@_both(constraints.interval, constraints.half_open_interval)
def _transform_to_interval(constraint):
    lower_is_0 = is_number(constraint.lower_bound) and constraint.lower_bound == 0
    upper_is_1 = is_number(constraint.upper_bound) and constraint.upper_bound == 1
    if lower_is_0 and upper_is_1:
        return transforms.SigmoidTransform()
    loc = constraint.lower_bound
    scale = constraint.upper_bound - constraint.lower_bound
    return transforms.ComposeTransform([transforms.SigmoidTransform(),
                                        transforms.AffineTransform(loc, scale)])


@_both(constraints.simplex, only=biject_to)
def _biject_to_simplex(constraint):
    return transforms.StickBreakingTransform()


@_both(constraints.simplex, only=transform_to)
def _transform_to_simplex(constraint):
    return transforms.SoftmaxTransform()


@_both(constraints.lower_cholesky, only=transform_to)
def _transform_to_lower_cholesky(constraint):
    return transforms.LowerCholeskyTransform()


@_both(constraints.positive_definite, constraints.positive_semidefinite, only=transform_to)
def _transform_to_positive_definite(constraint):
    return transforms.PositiveDefiniteTransform()


@_both(constraints.corr_cholesky)
def _transform_to_corr_cholesky(constraint):
    return transforms.CorrCholeskyTransform()


@_both(constraints.cat, only=biject_to)
def _biject_to_cat(constraint):
    return transforms.CatTransform([biject_to(c) for c in constraint.cseq], constraint.dim,
                                   constraint.lengths)


@_both(constraints.cat, only=transform_to)
def _transform_to_cat(constraint):
    return transforms.CatTransform([transform_to(c) for c in constraint.cseq],
                                   constraint.dim, constraint.lengths)


@_both(constraints.stack, only=biject_to)
def _biject_to_stack(constraint):
    return transforms.StackTransform([biject_to(c) for c in constraint.cseq], constraint.dim)


@_both(constraints.stack, only=transform_to)
def _transform_to_stack(constraint):
    return transforms.StackTransform([transform_to(c) for c in constraint.cseq],
                                     constraint.dim)


#: The library's own factories, which each run starts from (`reset_rules`).
_BUILTIN = {id(r): dict(r._registry) for r in (biject_to, transform_to)}


def reset_rules() -> None:
    """Drop the factories a program registered (`biject_to.register(...)`): the next run in
    the same process starts with the library's."""
    for registry in (biject_to, transform_to):
        builtin = _BUILTIN[id(registry)]
        if registry._registry != builtin:
            registry._registry.clear()
            registry._registry.update(builtin)
