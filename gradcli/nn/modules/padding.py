"""Constant padding as modules: `ZeroPad1d`/`2d` and `ConstantPad1d`/`2d` (F.pad)."""
from __future__ import annotations

from .. import functional as F
from .module import Module


class _ConstantPadNd(Module):
    _sides = 0

    def __init__(self, padding, value: float):
        super().__init__()
        self.padding = (padding,) * self._sides if isinstance(padding, int) else \
            tuple(padding)
        self.value = value

    def forward(self, input):
        return F.pad(input, self.padding, "constant", self.value)

    def extra_repr(self) -> str:
        return f"padding={self.padding}, value={self.value}"


class ConstantPad1d(_ConstantPadNd):
    """pad the last dimension with `value`: (left, right)"""
    _sides = 2


class ConstantPad2d(_ConstantPadNd):
    """pad the last two dimensions with `value`: (left, right, top, bottom)"""
    _sides = 4


class ZeroPad1d(ConstantPad1d):
    """pad the last dimension with zeros"""

    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class ZeroPad2d(ConstantPad2d):
    """pad the last two dimensions with zeros"""

    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self) -> str:
        return f"{self.padding}"
