"""torch.distributions: probability distributions with PyTorch's sampling, log_prob,
entropy and KL divergences, on gradcli tensors.

Each module named in MODULES lists its public classes in `__all__`; `namespace()` exports
them all at the top level of a formula's `torch.distributions`, next to the submodules
`constraints`, `constraint_registry`, `kl`, `transforms` and `utils` and PyTorch's
one-class modules (`normal`, `one_hot_categorical` ...). Classes print with PyTorch's
module paths (`__torch_name__`). Importing a module registers its KL rules.
"""
from __future__ import annotations

import importlib

#: The modules whose `__all__` a formula's `torch.distributions` exports, in order.
MODULES = ("distribution", "exp_family", "continuous", "discrete", "transforms",
           "transformed", "relaxed", "mixture", "constraint_registry", "kl", "kl_rules",
           "continuous2", "gamma_family", "multivariate_normal", "counts", "kl_rules2",
           "continuous3")


def _module(name):
    return importlib.import_module(f".{name}", __name__)


def _submodule(name: str, module: str):
    from ..namespace import Namespace
    mod = _module(module)
    return Namespace(f"torch.distributions.{name}", {n: getattr(mod, n) for n in mod.__all__})


#: PyTorch's module of a class whose module is not its snake-cased name.
_TORCH_MODULES = {"ExponentialFamily": "exp_family", "Distribution": "distribution",
                  "TransformedDistribution": "transformed_distribution",
                  "LowRankMultivariateNormal": "lowrank_multivariate_normal",
                  "RelaxedOneHotCategorical": "relaxed_categorical",
                  "OneHotCategoricalStraightThrough": "one_hot_categorical"}


def _name_class(cls, module: str) -> None:
    """Give `cls` PyTorch's qualified name, as the class prints in a formula
    (`<class 'torch.distributions.normal.Normal'>`)."""
    if "__torch_name__" in vars(cls):
        return
    name = cls.__name__
    if module not in ("transforms", "constraints"):
        module = _TORCH_MODULES.get(name) or "".join(
            ("_" + c.lower() if c.isupper() and i else c.lower()) for i, c in enumerate(name))
    cls.__torch_name__ = f"torch.distributions.{module}.{name}"


def _torch_modules(classes) -> dict:
    """PyTorch's per-distribution modules (`torch.distributions.normal` ...), each holding
    its classes, so `from torch.distributions.normal import Normal` works."""
    from ..namespace import Namespace
    modules: dict = {}
    for cls in classes:
        parts = cls.__torch_name__.split(".")
        if parts[2] not in ("transforms", "constraints"):
            modules.setdefault(parts[2], {})[cls.__name__] = cls
    return {name: Namespace(f"torch.distributions.{name}", members)
            for name, members in modules.items()}


_LIBRARY: dict = {}


def __getattr__(name):
    """Library use (`gradcli.distributions.Normal`, `from gradcli.distributions import
    Normal`): the names a formula's `torch.distributions` has."""
    if name.startswith("__"):
        raise AttributeError(name)
    ns = _LIBRARY.get("namespace")
    if ns is None:
        ns = _LIBRARY["namespace"] = namespace()
    try:
        return getattr(ns, name)
    except AttributeError:
        raise AttributeError(f"module 'gradcli.distributions' has no attribute "
                             f"'{name}'") from None


def namespace():
    """The object a formula's `torch.distributions` is."""
    from ..namespace import Namespace
    members, classes = {}, []
    for name in MODULES:
        mod = _module(name)
        members.update({n: getattr(mod, n) for n in mod.__all__})
        classes += [c for c in vars(mod).values() if isinstance(c, type)
                    and c.__module__ == mod.__name__ and c.__name__[0] != "_"]
    for cls in classes:
        _name_class(cls, cls.__module__.rsplit(".", 1)[1])
    members.update(_torch_modules(classes))
    members["constraints"] = _submodule("constraints", "constraints")
    members["constraint_registry"] = _submodule("constraint_registry", "constraint_registry")
    members["kl"] = _submodule("kl", "kl")
    members["transforms"] = _submodule("transforms", "transforms")
    members["utils"] = _submodule("utils", "utils")
    from . import kl
    kl.keep_builtin_rules()
    return Namespace("torch.distributions", members)


def reset_run_state() -> None:
    """What one program may change for the next in the same process (a batch worker):
    the KL rules and constraint transforms it registered, the default of validate_args."""
    import sys
    from . import kl
    from .distribution import Distribution
    kl.reset_rules()
    Distribution._validate_args = __debug__
    registry = sys.modules.get(__name__ + ".constraint_registry")    # (only once loaded)
    if registry is not None:
        registry.reset_rules()
