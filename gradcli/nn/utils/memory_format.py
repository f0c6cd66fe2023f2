"""`torch.nn.utils.memory_format`: the weights of a model's convolutions laid out in a memory
format (channels_last(_3d)) in place, the rest of the model as it is."""
from __future__ import annotations

PUBLIC = ("convert_conv2d_weight_memory_format", "convert_conv3d_weight_memory_format")


def convert_conv2d_weight_memory_format(module, memory_format):
    """Each Conv2d's and ConvTranspose2d's weight in `module` (itself or nested) laid out in
    `memory_format`; returns module."""
    from ..modules.conv import Conv2d, ConvTranspose2d
    return _convert(module, memory_format, (Conv2d, ConvTranspose2d))


def convert_conv3d_weight_memory_format(module, memory_format):
    """Each Conv3d's and ConvTranspose3d's weight in `module` (itself or nested) laid out in
    `memory_format`; returns module."""
    from ..modules.conv import Conv3d, ConvTranspose3d
    return _convert(module, memory_format, (Conv3d, ConvTranspose3d))


def _convert(module, memory_format, kinds):
    """PyTorch's steps for each module of `kinds`, walked as its recursion walks the children
    (a stack here): the weight's data cloned in memory_format, then resized in it."""
    stack = [module]
    while stack:
        m = stack.pop()
        if isinstance(m, kinds):
            data = m.weight.detach().clone(memory_format=memory_format)
            m.weight.data = data.resize_(data.size(), memory_format=memory_format)
        stack.extend(reversed(list(m.children())))
    return module
