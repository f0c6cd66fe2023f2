"""`LayerNorm`, `BatchNorm1d`, `BatchNorm2d` (running statistics as buffers, updated by
torch.nn.functional.batch_norm in training mode), `InstanceNorm1d`/`2d`, `GroupNorm`,
`RMSNorm`, `Embedding` and `EmbeddingBag`."""
from __future__ import annotations

import warnings

from ... import devices, dtypes
from ...autograd.grad_mode import no_grad
from ...errors import TorchValueError
from ...ops import creation
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module, own_forward, own_init


def _affine(module, shape, affine: bool, bias: bool, dtype, device=None) -> None:
    """A norm layer's weight (ones) and bias (zeros) of `shape`, or None for each it has
    not."""
    if affine:
        module.weight = Parameter(creation.ones(shape, dtype=dtype, device=device))
    else:
        module.register_parameter("weight", None)
    if affine and bias:
        module.bias = Parameter(creation.zeros(shape, dtype=dtype, device=device))
    else:
        module.register_parameter("bias", None)


class LayerNorm(Module):
    """LayerNorm(normalized_shape, eps=1e-5, elementwise_affine=True, bias=True)"""

    def __init__(self, normalized_shape, eps: float = 1e-5, elementwise_affine: bool = True,
                 bias: bool = True, device=None, dtype=None):
        super().__init__()
        devices.check(device, meta=True, kernel="aten::empty.memory_format")
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        _affine(self, self.normalized_shape, elementwise_affine, bias, dtype, device)

    def forward(self, input):
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.normalized_shape}, eps={self.eps}, "
                f"elementwise_affine={self.elementwise_affine}, bias={self.bias is not None}")


class _BatchNorm(Module):
    _ranks = ()
    _version = 2

    def reset_running_stats(self) -> None:
        if self.track_running_stats:
            with no_grad():
                self.running_mean.zero_()
                self.running_var.fill_(1)
                self.num_batches_tracked.zero_()

    def reset_parameters(self) -> None:
        self.reset_running_stats()
        if self.affine:
            with no_grad():
                self.weight.fill_(1.0)
                if self.bias is not None:
                    self.bias.zero_()

    def _upgrade_state_dict(self, state_dict, prefix: str, version) -> None:
        """A checkpoint older than version 2 (or without metadata) has no
        num_batches_tracked: PyTorch keeps the module's own (so it is not missing)."""
        key = prefix + "num_batches_tracked"
        if (version is None or version < 2) and self.track_running_stats and \
                key not in state_dict:
            state_dict[key] = self.num_batches_tracked if self.num_batches_tracked is not \
                None else creation.tensor(0, dtype=dtypes.int64)

    def __init__(self, num_features: int, eps: float = 1e-5, momentum=0.1,
                 affine: bool = True, track_running_stats: bool = True, device=None,
                 dtype=None, *, bias: bool = True):
        super().__init__()
        devices.check(device, meta=True, kernel="aten::empty.memory_format")
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        _affine(self, num_features, affine, bias, dtype, device)
        if track_running_stats:
            self.register_buffer("running_mean", creation.zeros(num_features, dtype=dtype,
                                                                device=device))
            self.register_buffer("running_var", creation.ones(num_features, dtype=dtype,
                                                              device=device))
            self.register_buffer("num_batches_tracked", creation.tensor(0, dtype=dtypes.int64,
                                                                        device=device))
        else:
            for name in ("running_mean", "running_var", "num_batches_tracked"):
                self.register_buffer(name, None)

    def _check_input_dim(self, input) -> None:
        if input.dim() not in self._ranks:
            ranks = " or ".join(f"{r}D" for r in self._ranks)
            raise TorchValueError(f"expected {ranks} input (got {input.dim()}D input)")

    def forward(self, input):
        self._check_input_dim(input)
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats and self.num_batches_tracked is not None:
            with no_grad():
                self.num_batches_tracked.add_(1)
            if self.momentum is None:
                factor = 1.0 / float(self.num_batches_tracked.item())
        use_batch = self.training or (self.running_mean is None and self.running_var is None)
        track = not self.training or self.track_running_stats
        return F.batch_norm(input, self.running_mean if track else None,
                            self.running_var if track else None, self.weight, self.bias,
                            use_batch, factor, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"affine={self.affine}, bias={self.bias is not None}, "
                f"track_running_stats={self.track_running_stats}")


class BatchNorm1d(_BatchNorm):
    """batch normalisation over (N, C) or (N, C, L) inputs"""
    _ranks = (2, 3)


class BatchNorm2d(_BatchNorm):
    """batch normalisation over (N, C, H, W) inputs"""
    _ranks = (4,)


class BatchNorm3d(_BatchNorm):
    """batch normalisation over (N, C, D, H, W) inputs"""
    _ranks = (5,)


@own_forward
class SyncBatchNorm(_BatchNorm):
    """batch normalisation over (N, C, *) inputs, statistics shared across processes; gradcli
    has no process groups, so it normalises as BatchNorm does (as PyTorch's falls back to
    batch_norm when torch.distributed is not initialized)"""

    def __init__(self, num_features: int, eps: float = 1e-5, momentum=0.1,
                 affine: bool = True, track_running_stats: bool = True, process_group=None,
                 device=None, dtype=None, *, bias: bool = True):
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device,
                         dtype, bias=bias)
        self.process_group = process_group

    def _check_input_dim(self, input) -> None:
        if input.dim() < 2:
            raise TorchValueError(f"expected at least 2D input (got {input.dim()}D input)")
        if input.size(1) == 0:
            raise TorchValueError("SyncBatchNorm number of input channels should be non-zero")

    @classmethod
    def convert_sync_batchnorm(cls, module, process_group=None):
        """`module` with each BatchNorm*d in it made a SyncBatchNorm sharing its parameters
        and buffers (a new module when `module` is one)."""
        output = module
        if isinstance(module, _BatchNorm) and not isinstance(module, _InstanceNorm):
            output = SyncBatchNorm(module.num_features, module.eps, module.momentum,
                                   module.affine, module.track_running_stats, process_group,
                                   bias=module.bias is not None)
            if module.affine:
                output.weight, output.bias = module.weight, module.bias
            output.running_mean = module.running_mean
            output.running_var = module.running_var
            output.num_batches_tracked = module.num_batches_tracked
            output.training = module.training
        for name, child in list(module.named_children()):
            output.add_module(name, cls.convert_sync_batchnorm(child, process_group))
        return output


class _InstanceNorm(_BatchNorm):
    """Normalisation of each sample's channels over their own positions; running statistics
    only with track_running_stats (off by default), like the affine weight."""
    _no_batch = 0

    def __init__(self, num_features: int, eps: float = 1e-5, momentum=0.1,
                 affine: bool = False, track_running_stats: bool = False, device=None,
                 dtype=None, *, bias: bool = True):
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device,
                         dtype, bias=bias)

    def forward(self, input):
        if input.dim() not in (self._no_batch, self._no_batch + 1):
            raise TorchValueError(f"expected {self._no_batch}D or {self._no_batch + 1}D input "
                                  f"(got {input.dim()}D input)")
        feature_dim = input.dim() - self._no_batch
        if input.size(feature_dim) != self.num_features:
            if self.affine:
                raise TorchValueError(f"expected input's size at dim={feature_dim} to match "
                                      f"num_features ({self.num_features}), but got: "
                                      f"{input.size(feature_dim)}.")
            warnings.warn(f"input's size at dim={feature_dim} does not match num_features. "
                          "You can silence this warning by not passing in num_features, which "
                          "is not used because affine=False", stacklevel=2)
        unbatched = input.dim() == self._no_batch
        x = input.unsqueeze(0) if unbatched else input
        out = F.instance_norm(x, self.running_mean, self.running_var, self.weight, self.bias,
                              self.training or not self.track_running_stats,
                              self.momentum if self.momentum is not None else 0.0, self.eps)
        return out.squeeze(0) if unbatched else out


class InstanceNorm1d(_InstanceNorm):
    """instance normalisation over (N, C, L) or unbatched (C, L) inputs"""
    _no_batch = 2


class InstanceNorm2d(_InstanceNorm):
    """instance normalisation over (N, C, H, W) or unbatched (C, H, W) inputs"""
    _no_batch = 3


class InstanceNorm3d(_InstanceNorm):
    """instance normalisation over (N, C, D, H, W) or unbatched (C, D, H, W) inputs"""
    _no_batch = 4


class GroupNorm(Module):
    """GroupNorm(num_groups, num_channels, eps=1e-5, affine=True): normalise each group of
    channels of each sample; weight ones and bias zeros, per channel"""

    def __init__(self, num_groups: int, num_channels: int, eps: float = 1e-5,
                 affine: bool = True, device=None, dtype=None, *, bias: bool = True):
        super().__init__()
        devices.check(device, meta=True, kernel="aten::empty.memory_format")
        if num_channels % num_groups != 0:
            raise TorchValueError(f"num_channels ({num_channels}) must be divisible by "
                                  f"num_groups ({num_groups})")
        self.num_groups, self.num_channels, self.eps, self.affine = (num_groups, num_channels,
                                                                     eps, affine)
        _affine(self, num_channels, affine, bias, dtype, device)

    def forward(self, input):
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_groups}, {self.num_channels}, eps={self.eps}, "
                f"affine={self.affine}, bias={self.bias is not None}")


class Embedding(Module):
    """Embedding(num_embeddings, embedding_dim, padding_idx=None): rows of a weight drawn
    from N(0, 1) (PyTorch's stream), looked up by index"""

    def __init__(self, num_embeddings: int, embedding_dim: int, padding_idx=None,
                 max_norm=None, norm_type: float = 2.0, scale_grad_by_freq: bool = False,
                 sparse: bool = False, _weight=None, _freeze: bool = False, device=None,
                 dtype=None):
        super().__init__()
        devices.check(device, meta=True, kernel="aten::empty.memory_format")
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        if padding_idx is not None:
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise AssertionError("Padding_idx must be within num_embeddings")
            padding_idx = padding_idx % num_embeddings
        self.padding_idx = padding_idx
        self.max_norm, self.norm_type = max_norm, norm_type
        self.scale_grad_by_freq, self.sparse = scale_grad_by_freq, sparse
        if _weight is not None:                    # given weights are kept as they are
            if list(_weight.shape) != [num_embeddings, embedding_dim]:
                raise AssertionError("Shape of weight does not match num_embeddings and "
                                     "embedding_dim")
            self.weight = Parameter(_weight, requires_grad=not _freeze)
            return
        self.weight = Parameter(creation.empty((num_embeddings, embedding_dim), dtype=dtype,
                                               device=device), requires_grad=not _freeze)
        init.normal_(self.weight)
        if padding_idx is not None and not self.weight.is_meta:
            with no_grad():
                self.weight[padding_idx].fill_(0)

    @classmethod
    def from_pretrained(cls, embeddings, freeze=True, padding_idx=None, max_norm=None,
                        norm_type=2.0, scale_grad_by_freq=False, sparse=False):
        """An Embedding over the given (rows, dim) weights, frozen unless freeze=False."""
        if embeddings.dim() != 2:
            raise AssertionError("Embeddings parameter is expected to be 2-dimensional")
        rows, cols = embeddings.shape
        return cls(num_embeddings=rows, embedding_dim=cols, _weight=embeddings, _freeze=freeze,
                   padding_idx=padding_idx, max_norm=max_norm, norm_type=norm_type,
                   scale_grad_by_freq=scale_grad_by_freq, sparse=sparse)

    def forward(self, input):
        return F.embedding(input, self.weight, self.padding_idx, self.max_norm,
                           self.norm_type, self.scale_grad_by_freq, self.sparse)

    def extra_repr(self) -> str:
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            s += f", padding_idx={self.padding_idx}"
        if self.max_norm is not None:
            s += f", max_norm={self.max_norm}"
        if self.norm_type != 2:
            s += f", norm_type={self.norm_type}"
        if self.scale_grad_by_freq:
            s += ", scale_grad_by_freq=True"
        if self.sparse:
            s += ", sparse=True"
        return s


class RMSNorm(Module):
    """RMSNorm(normalized_shape, eps=None, elementwise_affine=True): x / sqrt(mean(x^2) +
    eps) * weight over the last dims (eps None: the dtype's machine epsilon)"""

    def __init__(self, normalized_shape, eps=None, elementwise_affine: bool = True,
                 device=None, dtype=None):
        super().__init__()
        devices.check(device, meta=True, kernel="aten::empty.memory_format")
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps, self.elementwise_affine = eps, elementwise_affine
        if elementwise_affine:
            self.weight = Parameter(creation.ones(self.normalized_shape, dtype=dtype,
                                                  device=device))
        else:
            self.register_parameter("weight", None)

    def reset_parameters(self) -> None:
        if self.elementwise_affine:
            init.ones_(self.weight)

    def forward(self, x):
        return F.rms_norm(x, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.normalized_shape}, eps={self.eps}, "
                f"elementwise_affine={self.elementwise_affine}")


class EmbeddingBag(Module):
    """EmbeddingBag(num_embeddings, embedding_dim, mode='mean'): the sum, mean or max of the
    embedding rows in each bag of indices (bags given by offsets or the rows of a 2-D input),
    without materialising the rows; weights drawn from N(0, 1) as Embedding's"""

    def __init__(self, num_embeddings: int, embedding_dim: int, max_norm=None,
                 norm_type: float = 2.0, scale_grad_by_freq: bool = False, mode: str = "mean",
                 sparse: bool = False, _weight=None, include_last_offset: bool = False,
                 padding_idx=None, device=None, dtype=None):
        super().__init__()
        devices.check(device, meta=True, kernel="aten::empty.memory_format")
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        self.max_norm, self.norm_type = max_norm, norm_type
        self.scale_grad_by_freq, self.mode, self.sparse = scale_grad_by_freq, mode, sparse
        self.include_last_offset = include_last_offset
        if padding_idx is not None:
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise AssertionError("padding_idx must be within num_embeddings")
            padding_idx = padding_idx % num_embeddings
        self.padding_idx = padding_idx
        if _weight is not None:
            if list(_weight.shape) != [num_embeddings, embedding_dim]:
                raise AssertionError("Shape of weight does not match num_embeddings and "
                                     "embedding_dim")
            self.weight = Parameter(_weight)
            return
        self.weight = Parameter(creation.empty((num_embeddings, embedding_dim), dtype=dtype,
                                               device=device))
        init.normal_(self.weight)
        if padding_idx is not None and not self.weight.is_meta:
            with no_grad():
                self.weight[padding_idx].fill_(0)

    @classmethod
    def from_pretrained(cls, embeddings, freeze=True, max_norm=None, norm_type=2.0,
                        scale_grad_by_freq=False, mode="mean", sparse=False,
                        include_last_offset=False, padding_idx=None):
        """An EmbeddingBag over the given (rows, dim) weights, frozen unless freeze=False."""
        if embeddings.dim() != 2:
            raise AssertionError("Embeddings parameter is expected to be 2-dimensional")
        rows, cols = embeddings.shape
        bag = cls(rows, cols, max_norm, norm_type, scale_grad_by_freq, mode, sparse,
                  embeddings, include_last_offset, padding_idx)
        bag.weight.requires_grad = not freeze
        return bag

    def forward(self, input, offsets=None, per_sample_weights=None):
        return F.embedding_bag(input, self.weight, offsets, self.max_norm, self.norm_type,
                               self.scale_grad_by_freq, self.mode, self.sparse,
                               per_sample_weights, self.include_last_offset, self.padding_idx)

    def extra_repr(self) -> str:
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.max_norm is not None:
            s += f", max_norm={self.max_norm!r}"
        if self.norm_type != 2:
            s += f", norm_type={self.norm_type!r}"
        if self.scale_grad_by_freq is not False:
            s += f", scale_grad_by_freq={self.scale_grad_by_freq!r}"
        s += f", mode={self.mode!r}"
        if self.padding_idx is not None:
            s += f", padding_idx={self.padding_idx!r}"
        return s


class _ResponseNorm(Module):
    """What LocalResponseNorm and CrossMapLRN2d share: (size, alpha, beta, k) and their repr
    (PyTorch's two classes are unrelated; neither is the other's subclass here either)."""

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0):
        super().__init__()
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def extra_repr(self) -> str:
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"


class CrossMapLRN2d(_ResponseNorm):
    """CrossMapLRN2d(size, alpha, beta, k): PyTorch's legacy response norm across channels
    of a 4-D input (a Python autograd Function: `_functions.CrossMapLRN2d`)"""

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1):
        super().__init__(size, alpha, beta, k)       # (k's default is an int there)

    def forward(self, input):
        from ._functions import CrossMapLRN2d as cross_map_lrn2d
        return cross_map_lrn2d.apply(input, self.size, self.alpha, self.beta, self.k)


@own_init
class LocalResponseNorm(_ResponseNorm):
    """LocalResponseNorm(size, alpha, beta, k): F.local_response_norm over channels"""

    def forward(self, input):
        return F.local_response_norm(input, self.size, self.alpha, self.beta, self.k)
