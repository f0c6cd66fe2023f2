"""`torch.optim` (to be written): optimizers over leaf tensors."""
from __future__ import annotations

__gradcli_module__ = True


def namespace():
    """What `torch.optim` is in a formula."""
    from .namespace import Namespace
    return Namespace("torch.optim", {})
