"""torch.utils.backcompat: PyTorch's two switches for warnings about old behaviour
(`broadcast_warning`, `keepdim_warning`). PyTorch's ops no longer read them: a formula may
set and read `enabled`, and nothing else changes."""
from __future__ import annotations


class Warning:  # noqa: A001 - PyTorch's class name (torch.utils.backcompat.Warning)
    """One switch, off by default."""

    __gradcli_safe__ = True
    __module__ = "torch.utils.backcompat"

    def __init__(self):
        self.flag = False

    def set_enabled(self, value) -> None:
        self.flag = bool(value)

    def get_enabled(self) -> bool:
        return self.flag

    enabled = property(get_enabled, set_enabled)


broadcast_warning = Warning()
keepdim_warning = Warning()

__all__ = ["Warning", "broadcast_warning", "keepdim_warning"]


def reset_run_state() -> None:
    """Both switches off (a formula run starts without another run's)."""
    broadcast_warning.flag = keepdim_warning.flag = False
