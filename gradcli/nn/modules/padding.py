"""Padding as modules over F.pad: `ZeroPad1d`/`2d`/`3d`, `ConstantPad1d`/`2d`/`3d`,
`ReflectionPad1d`/`2d`/`3d`, `ReplicationPad1d`/`2d`/`3d` and `CircularPad1d`/`2d`/`3d`."""
from __future__ import annotations

from ...errors import TorchValueError
from .. import functional as F
from .module import Module, own_forward, own_init


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


@own_init
class ConstantPad1d(_ConstantPadNd):
    """pad the last dimension with `value`: (left, right)"""
    _sides = 2


@own_init
class ConstantPad2d(_ConstantPadNd):
    """pad the last two dimensions with `value`: (left, right, top, bottom)"""
    _sides = 4


@own_init
class ConstantPad3d(_ConstantPadNd):
    """pad the last three dimensions with `value`"""
    _sides = 6


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


class ZeroPad3d(ConstantPad3d):
    """pad the last three dimensions with zeros"""

    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class _ModePadNd(Module):
    """F.pad with a non-constant mode over the last `_sides // 2` dimensions."""
    _sides, _mode = 0, ""

    def __init__(self, padding):
        super().__init__()
        self.padding = (padding,) * self._sides if isinstance(padding, int) else \
            tuple(padding)

    def forward(self, input):
        return F.pad(input, self.padding, self._mode)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class _CircularPadNd(_ModePadNd):
    _mode = "circular"

    def forward(self, input):
        dims = self._sides // 2
        if input.dim() not in (dims + 1, dims + 2):
            raise TorchValueError(f"expected {dims + 1}D or {dims + 2}D input (got "
                                  f"{input.dim()}D input)")
        return super().forward(input)


@own_forward
class _ReflectionPadNd(_ModePadNd):
    _mode = "reflect"


@own_forward
class _ReplicationPadNd(_ModePadNd):
    _mode = "replicate"


def _mode_pad(name: str, base, sides: int, doc: str):
    return own_init(type(name, (base,), {"_sides": sides, "__doc__": doc,
                                         "__module__": __name__}))


ReflectionPad1d = _mode_pad("ReflectionPad1d", _ReflectionPadNd, 2,
                            "reflect the last dimension")
ReflectionPad2d = _mode_pad("ReflectionPad2d", _ReflectionPadNd, 4,
                            "reflect the last 2 dimensions")
ReflectionPad3d = _mode_pad("ReflectionPad3d", _ReflectionPadNd, 6,
                            "reflect the last 3 dimensions")
ReplicationPad1d = _mode_pad("ReplicationPad1d", _ReplicationPadNd, 2,
                             "repeat the edge (last dim)")
ReplicationPad2d = _mode_pad("ReplicationPad2d", _ReplicationPadNd, 4,
                             "repeat the edges (last 2)")
ReplicationPad3d = _mode_pad("ReplicationPad3d", _ReplicationPadNd, 6,
                             "repeat the edges (last 3)")
CircularPad1d = _mode_pad("CircularPad1d", _CircularPadNd, 2, "wrap the last dimension")
CircularPad2d = _mode_pad("CircularPad2d", _CircularPadNd, 4, "wrap the last 2 dimensions")
CircularPad3d = _mode_pad("CircularPad3d", _CircularPadNd, 6, "wrap the last 3 dimensions")
