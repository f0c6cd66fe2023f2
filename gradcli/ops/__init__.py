"""Every operation gradcli knows, each defined once with its derivative rule and registered
in `registry.REGISTRY`."""
from __future__ import annotations

import importlib

from .registry import REGISTRY, OpInfo

_MODULES = ("arith", "reduce", "shape", "linalg", "creation", "unary", "activation", "loss",
            "decomp", "select", "more", "matrix", "extra", "nn", "misc", "inplace",
            "index_family", "pieces", "scatters", "predicates", "mathmisc", "upsample", "convtranspose", "volumetric",
            "fractional")


def load_all(namespace: dict | None = None) -> dict:
    """Import every op module (filling the registry) and copy the torch-level functions into
    `namespace` (the `gradcli` package globals)."""
    for name in _MODULES:
        importlib.import_module(f".{name}", __name__)
    from .inplace import install_unary_inplace
    install_unary_inplace()
    from .predicates import expose_torch_inplace
    expose_torch_inplace(namespace)
    if namespace is not None:
        from .outparam import takes_out, with_out
        for name, info in REGISTRY.items():
            if info.function and "torch" in info.namespaces and name not in namespace:
                fn = info.fn if info.native is None else info.native
                namespace[name] = with_out(name, fn) if takes_out("torch", name) else fn
    return REGISTRY
