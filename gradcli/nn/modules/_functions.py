"""nn.CrossMapLRN2d's autograd Function: PyTorch's legacy (Lua Torch) local response norm
across channels, kept in torch/nn/modules/_functions.py as a Python Function, so its node is
`CrossMapLRN2dBackward` and its backward, written with `out=` tensors, cannot be
differentiated again. The same steps here, in the same order, give its values to the bit:
each channel's sum of squares is the previous one's plus the square entering the window and
minus the one leaving it. That window is not nn.LocalResponseNorm's, nor the one the
backward assumes (PyTorch's code came from 1-based Lua), so the gradient is PyTorch's but not
the derivative of the forward: gradcheck fails on both."""
from __future__ import annotations

import gradcli as torch

from ...autograd.function import Function
from ...errors import TorchValueError


class CrossMapLRN2d(Function):
    @staticmethod
    def forward(ctx, input, size, alpha=1e-4, beta=0.75, k=1):
        ctx.size, ctx.alpha, ctx.beta, ctx.k = size, alpha, beta, k
        if input.dim() != 4:
            raise TorchValueError(f"CrossMapLRN2d: Expected input to be 4D, got "
                                  f"{input.dim()}D instead.")
        ctx.scale = input.new().resize_as_(input)
        output = input.new().resize_as_(input)
        channels = input.size(1)
        input_square = output                   # the output's storage as a scratch buffer
        torch.pow(input, 2, out=input_square)
        pre_pad = int((size - 1) / 2 + 1)
        scale_first = ctx.scale.select(1, 0)
        scale_first.zero_()
        for c in range(min(pre_pad, channels)):
            scale_first.add_(input_square.select(1, c))
        for c in range(1, channels):
            scale_current = ctx.scale.select(1, c)
            scale_current.copy_(ctx.scale.select(1, c - 1))
            if c < channels - pre_pad + 1:
                scale_current.add_(input_square.select(1, c + pre_pad - 1), alpha=1)
            if c > pre_pad:
                scale_current.add_(input_square.select(1, c - pre_pad), alpha=-1)
        ctx.scale.mul_(alpha / size).add_(k)
        torch.pow(ctx.scale, -beta, out=output)
        output.mul_(input)
        ctx.save_for_backward(input, output)
        return output

    @staticmethod
    def backward(ctx, grad_output):
        input, output = ctx.saved_tensors
        batch_size, channels, height, width = input.shape
        padded_ratio = input.new(channels + ctx.size - 1, height, width)
        accum_ratio = input.new(height, width)
        cache_ratio_value = 2 * ctx.alpha * ctx.beta / ctx.size
        inverse_pre_pad = int(ctx.size - (ctx.size - 1) / 2)
        grad_input = grad_output.new().resize_as_(input)
        torch.pow(ctx.scale, -ctx.beta, out=grad_input).mul_(grad_output)
        padded_ratio.zero_()
        padded_ratio_center = padded_ratio.narrow(0, inverse_pre_pad, channels)
        for n in range(batch_size):
            torch.mul(grad_output[n], output[n], out=padded_ratio_center)
            padded_ratio_center.div_(ctx.scale[n])
            torch.sum(padded_ratio.narrow(0, 0, ctx.size - 1), 0, keepdim=False, out=accum_ratio)
            for c in range(channels):
                accum_ratio.add_(padded_ratio[c + ctx.size - 1])
                grad_input[n][c].addcmul_(input[n][c], accum_ratio, value=-cache_ratio_value)
                accum_ratio.add_(padded_ratio[c], alpha=-1)
        return grad_input, None, None, None, None


CrossMapLRN2d.__module__ = "torch.nn.modules._functions"
