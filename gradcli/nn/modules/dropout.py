"""`Dropout` and its variants (zero elements, or whole channels, with probability p while
training; the identity in eval mode) and the reshaping layers `Flatten`, `Unflatten`,
`Unfold`/`Fold` (sliding blocks as columns and back), `PixelShuffle`/`PixelUnshuffle` and
`ChannelShuffle`."""
from __future__ import annotations

from ...errors import TorchTypeError, TorchValueError
from ...ops.registry import REGISTRY
from .. import functional as F
from .module import Module


class _DropoutNd(Module):
    """What the dropouts share (PyTorch's base class): p, inplace, F.<_op> as forward."""
    _forward_each = True            # (PyTorch's subclasses each define forward)

    _op = ""

    def __init__(self, p: float = 0.5, inplace: bool = False):
        super().__init__()
        if p < 0 or p > 1:
            raise TorchValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def forward(self, input):
        return getattr(F, self._op)(input, self.p, self.training, self.inplace)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Dropout(_DropoutNd):
    """Dropout(p=0.5): in training, zero each element with probability p and scale the rest
    by 1/(1-p), drawing PyTorch's stream; in eval mode, the identity."""
    _op = "dropout"


class Flatten(Module):
    """Flatten(start_dim=1, end_dim=-1): keeps the batch dimension by default."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1):
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input):
        return REGISTRY["flatten"].fn(input, self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Unflatten(dim, unflattened_size): dimension `dim` becomes the sizes given."""

    def __init__(self, dim, unflattened_size):
        super().__init__()
        if not isinstance(unflattened_size, (tuple, list)):
            raise TorchTypeError(f"unflattened_size must be a tuple of ints, but found type "
                                 f"{type(unflattened_size).__name__}")
        for idx, elem in enumerate(unflattened_size):
            if not isinstance(elem, int):
                raise TorchTypeError(f"unflattened_size must be tuple of ints, but found "
                                     f"element of type {type(elem).__name__} at pos {idx}")
        self.dim = dim
        self.unflattened_size = unflattened_size      # printed as given (a list or a tuple)

    def forward(self, input):
        size = self.unflattened_size
        named = bool(size) and isinstance(size[0], (tuple, list))
        if not named and not isinstance(self.dim, int):   # Tensor.unflatten's parser's words
            from ...argparser import tp_name
            raise TorchTypeError(f"unflatten(): argument 'dim' (position 1) must be int, not "
                                 f"{tp_name(self.dim)}")
        return input.unflatten(self.dim, size)

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"


class Dropout1d(_DropoutNd):
    """zero whole channels of (N, C, L) input with probability p in training"""
    _op = "dropout1d"


class Dropout2d(_DropoutNd):
    """zero whole channels of (N, C, H, W) input with probability p in training"""
    _op = "dropout2d"


class AlphaDropout(_DropoutNd):
    """dropout that keeps SELU's self-normalising mean and variance"""
    _op = "alpha_dropout"


class Dropout3d(_DropoutNd):
    """zero whole channels of (N, C, D, H, W) input with probability p in training"""
    _op = "dropout3d"


class FeatureAlphaDropout(_DropoutNd):
    """alpha dropout of whole channels (SELU's mean and variance kept)"""
    _op = "feature_alpha_dropout"


class Unfold(Module):
    """Unfold(kernel_size, dilation=1, padding=0, stride=1): each sliding block as a column
    (F.unfold)"""

    def __init__(self, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.kernel_size, self.dilation = kernel_size, dilation
        self.padding, self.stride = padding, stride

    def forward(self, input):
        return F.unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, dilation={self.dilation}, "
                f"padding={self.padding}, stride={self.stride}")


class Fold(Module):
    """Fold(output_size, kernel_size, dilation=1, padding=0, stride=1): columns summed back
    into their sliding blocks (F.fold)"""

    def __init__(self, output_size, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.output_size, self.kernel_size, self.dilation = output_size, kernel_size, dilation
        self.padding, self.stride = padding, stride

    def forward(self, input):
        return F.fold(input, self.output_size, self.kernel_size, self.dilation, self.padding,
                      self.stride)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}, " + Unfold.extra_repr(self)


class PixelShuffle(Module):
    """PixelShuffle(upscale_factor): (*, C r^2, H, W) -> (*, C, H r, W r)"""

    def __init__(self, upscale_factor: int):
        super().__init__()
        self.upscale_factor = upscale_factor

    def forward(self, input):
        return F.pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self) -> str:
        return f"upscale_factor={self.upscale_factor}"


class PixelUnshuffle(Module):
    """PixelUnshuffle(downscale_factor): (*, C, H r, W r) -> (*, C r^2, H, W)"""

    def __init__(self, downscale_factor: int):
        super().__init__()
        self.downscale_factor = downscale_factor

    def forward(self, input):
        return F.pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self) -> str:
        return f"downscale_factor={self.downscale_factor}"


class ChannelShuffle(Module):
    """ChannelShuffle(groups): the channels of (N, C, *) regrouped (F.channel_shuffle)"""

    def __init__(self, groups: int):
        super().__init__()
        self.groups = groups

    def forward(self, input):
        return F.channel_shuffle(input, self.groups)

    def extra_repr(self) -> str:
        return f"groups={self.groups}"
