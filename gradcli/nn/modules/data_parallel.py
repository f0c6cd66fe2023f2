"""`DataParallel` as PyTorch builds it on a machine without accelerators: no devices to
scatter over, so it keeps the module and calls it (tutorials wrap models in it)."""
from __future__ import annotations

from .module import Module


class DataParallel(Module):
    """DataParallel(module, device_ids=None, output_device=None, dim=0): on the CPU,
    forward is module(*inputs, **kwargs); `device_ids` is [] (PyTorch sets nothing else)."""

    def __init__(self, module, device_ids=None, output_device=None, dim: int = 0):
        super().__init__()
        self.module = module
        self.device_ids = []

    def forward(self, *inputs, **kwargs):
        return self.module(*inputs, **kwargs)


DataParallel.__module__ = "gradcli.nn.parallel.data_parallel"
