"""`F.multi_head_attention_forward` and its helpers (`_mha_shape_check`, `_canonical_mask`,
the in-projections), ported line by line from PyTorch's torch/nn/functional.py so the ops,
their order, the node names and the error texts are its own.

need_weights=True scales q, takes `baddbmm(mask, q, k^T)` (or `bmm`), softmax, dropout and
`bmm` with v; need_weights=False goes through scaled_dot_product_attention. Both end in the
out-projection (`linear` on the flattened (L*N, E) output, AddmmBackward0) viewed back to
(L, N, E) (ViewBackward0). static_k / static_v replace the projected keys / values, as in
PyTorch.
"""
from __future__ import annotations

import math
import warnings

from .._tensor import Tensor
from ..errors import TorchAssertionError, TorchRuntimeError
from ..ops import creation
from ..ops.shape import cat
from . import functional as F


def _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads) -> bool:
    """Whether the input is batched (3-D query), after PyTorch's shape checks."""
    if query.dim() == 3:
        if key.dim() != 3 or value.dim() != 3:
            raise TorchAssertionError(
                "For batched (3-D) `query`, expected `key` and `value` to be 3-D"
                f" but found {key.dim()}-D and {value.dim()}-D tensors respectively")
        if key_padding_mask is not None and key_padding_mask.dim() != 2:
            raise TorchAssertionError(
                "For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D"
                f" but found {key_padding_mask.dim()}-D tensor instead")
        if attn_mask is not None and attn_mask.dim() not in (2, 3):
            raise TorchAssertionError(
                "For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D"
                f" but found {attn_mask.dim()}-D tensor instead")
        return True
    if query.dim() == 2:
        if key.dim() != 2 or value.dim() != 2:
            raise TorchAssertionError(
                "For unbatched (2-D) `query`, expected `key` and `value` to be 2-D"
                f" but found {key.dim()}-D and {value.dim()}-D tensors respectively")
        if key_padding_mask is not None and key_padding_mask.dim() != 1:
            raise TorchAssertionError(
                "For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D"
                f" but found {key_padding_mask.dim()}-D tensor instead")
        if attn_mask is not None:
            if attn_mask.dim() not in (2, 3):
                raise TorchAssertionError(
                    "For unbatched (2-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D"
                    f" but found {attn_mask.dim()}-D tensor instead")
            if attn_mask.dim() == 3:
                expected = (num_heads, query.shape[0], key.shape[0])
                if attn_mask.shape != expected:
                    raise TorchAssertionError(f"Expected `attn_mask` shape to be {expected} "
                                              f"but got {attn_mask.shape}")
        return False
    raise TorchAssertionError("query should be unbatched 2D or batched 3D tensor but received "
                              f"{query.dim()}-D query tensor")


def _canonical_mask(mask, mask_name, other_type, other_name, target_type, check_other=True):
    """A bool mask becomes 0 / -inf of target_type; a float mask is returned as it is."""
    if mask is None:
        return None
    is_float = mask.is_floating_point()
    if mask.dtype.name != "bool" and not is_float:
        raise TorchAssertionError(f"only bool and floating types of {mask_name} are supported")
    if check_other and other_type is not None and mask.dtype != other_type:
        warnings.warn(f"Support for mismatched {mask_name} and {other_name} is deprecated. "
                      "Use same type for both instead.", stacklevel=2)
    if not is_float:
        mask = creation.zeros_like(mask, dtype=target_type).masked_fill_(mask, float("-inf"))
    return mask


def _none_or_dtype(input):
    if input is None:
        return None
    if isinstance(input, Tensor):
        return input.dtype
    raise TorchRuntimeError("input to _none_or_dtype() must be None or torch.Tensor")


def _in_projection_packed(q, k, v, w, b=None):
    """q, k, v projected by the packed (3E, E) weight, sharing products as PyTorch does."""
    E = q.size(-1)
    if k is v:
        if q is k:
            proj = F.linear(q, w, b)
            proj = proj.unflatten(-1, (3, E)).unsqueeze(0).transpose(0, -2).squeeze(-2) \
                .contiguous()
            return proj[0], proj[1], proj[2]
        w_q, w_kv = w.split([E, E * 2])
        b_q, b_kv = (None, None) if b is None else b.split([E, E * 2])
        q_proj = F.linear(q, w_q, b_q)
        kv_proj = F.linear(k, w_kv, b_kv)
        kv_proj = kv_proj.unflatten(-1, (2, E)).unsqueeze(0).transpose(0, -2).squeeze(-2) \
            .contiguous()
        return q_proj, kv_proj[0], kv_proj[1]
    w_q, w_k, w_v = w.chunk(3)
    b_q, b_k, b_v = (None, None, None) if b is None else b.chunk(3)
    return F.linear(q, w_q, b_q), F.linear(k, w_k, b_k), F.linear(v, w_v, b_v)


def _in_projection(q, k, v, w_q, w_k, w_v, b_q=None, b_k=None, b_v=None):
    Eq, Ek, Ev = q.size(-1), k.size(-1), v.size(-1)
    checks = (("query weights", w_q, (Eq, Eq)), ("key weights", w_k, (Eq, Ek)),
              ("value weights", w_v, (Eq, Ev)), ("query bias", b_q, (Eq,)),
              ("key bias", b_k, (Eq,)), ("value bias", b_v, (Eq,)))
    for what, t, shape in checks:
        if t is not None and t.shape != shape:
            raise TorchAssertionError(f"expecting {what} shape of {shape}, but got {t.shape}")
    return F.linear(q, w_q, b_q), F.linear(k, w_k, b_k), F.linear(v, w_v, b_v)


def _check_key_padding_mask(key_padding_mask, src_len: int, bsz: int) -> None:
    if key_padding_mask.shape[0] != bsz:
        raise TorchAssertionError(f"Expected key_padded_mask.shape[0] to be {bsz}, but got "
                                  f"{key_padding_mask.shape[0]}")
    if key_padding_mask.shape[1] != src_len:
        raise TorchAssertionError(f"Expected key_padded_mask.shape[1] to be {src_len}, but got "
                                  f"{key_padding_mask.shape[1]}")


def _prepare_masks(query, key_padding_mask, attn_mask, is_causal, need_weights):
    """PyTorch's mask canonicalisation: (key_padding_mask, attn_mask, is_causal)."""
    key_padding_mask = _canonical_mask(key_padding_mask, "key_padding_mask",
                                       _none_or_dtype(attn_mask), "attn_mask", query.dtype)
    if is_causal and attn_mask is None:
        raise TorchRuntimeError(
            "Need attn_mask if specifying the is_causal hint. You may use the Transformer "
            "module method `generate_square_subsequent_mask` to create this mask.")
    if is_causal and key_padding_mask is None and not need_weights:
        attn_mask = None     # the hint alone tells scaled_dot_product_attention
    else:
        attn_mask = _canonical_mask(attn_mask, "attn_mask", None, "", query.dtype,
                                    check_other=False)
        if key_padding_mask is not None:
            is_causal = False    # the merged mask is no longer causal
    return key_padding_mask, attn_mask, is_causal


def _check_dims(embed_dim, embed_dim_to_check, num_heads, key, value, separate) -> int:
    """head_dim, after PyTorch's checks of the embedding and key/value shapes."""
    if embed_dim != embed_dim_to_check:
        raise TorchAssertionError(f"was expecting embedding dimension of {embed_dim_to_check}, "
                                  f"but got {embed_dim}")
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise TorchAssertionError(f"embed_dim {embed_dim} not divisible by num_heads "
                                  f"{num_heads}")
    if separate and key.shape[:2] != value.shape[:2]:
        raise TorchAssertionError(f"key's sequence and batch dims {key.shape[:2]} do not match "
                                  f"value's {value.shape[:2]}")
    if not separate and key.shape != value.shape:
        raise TorchAssertionError(f"key shape {key.shape} does not match value shape "
                                  f"{value.shape}")
    return head_dim


def _project(query, key, value, in_proj_weight, in_proj_bias, separate, q_w, k_w, v_w):
    if not separate:
        if in_proj_weight is None:
            raise TorchAssertionError("use_separate_proj_weight is False but in_proj_weight "
                                      "is None")
        return _in_projection_packed(query, key, value, in_proj_weight, in_proj_bias)
    for name, w in (("q", q_w), ("k", k_w), ("v", v_w)):
        if w is None:
            raise TorchAssertionError(f"use_separate_proj_weight is True but {name}_proj_weight "
                                      "is None")
    biases = (None, None, None) if in_proj_bias is None else in_proj_bias.chunk(3)
    return _in_projection(query, key, value, q_w, k_w, v_w, *biases)


def _attn_mask_3d(attn_mask, tgt_len, src_len, bsz, num_heads):
    if attn_mask.dim() == 2:
        correct = (tgt_len, src_len)
        if attn_mask.shape != correct:
            raise TorchRuntimeError(f"The shape of the 2D attn_mask is {attn_mask.shape}, but "
                                    f"should be {correct}.")
        return attn_mask.unsqueeze(0)
    if attn_mask.dim() == 3:
        correct = (bsz * num_heads, tgt_len, src_len)
        if attn_mask.shape != correct:
            raise TorchRuntimeError(f"The shape of the 3D attn_mask is {attn_mask.shape}, but "
                                    f"should be {correct}.")
        return attn_mask
    raise TorchRuntimeError(f"attn_mask's dimension {attn_mask.dim()} is not supported")


def _add_bias_kv(k, v, bias_k, bias_v, static_k, static_v, bsz, attn_mask, kpm):
    if bias_k is not None and bias_v is not None:
        if static_k is not None:
            raise TorchAssertionError("bias cannot be added to static key.")
        if static_v is not None:
            raise TorchAssertionError("bias cannot be added to static value.")
        k = cat([k, bias_k.repeat(1, bsz, 1)])
        v = cat([v, bias_v.repeat(1, bsz, 1)])
        attn_mask = None if attn_mask is None else F.pad(attn_mask, (0, 1))
        kpm = None if kpm is None else F.pad(kpm, (0, 1))
        return k, v, attn_mask, kpm
    if bias_k is not None:
        raise TorchAssertionError("bias_k is set but bias_v is None")
    if bias_v is not None:
        raise TorchAssertionError("bias_v is set but bias_k is None")
    return k, v, attn_mask, kpm


def _heads(t, static, bsz, num_heads, head_dim, name):
    """(S, N, E) -> (N*H, S, head_dim), or the static tensor after PyTorch's checks."""
    if static is None:
        return t.view(t.shape[0], bsz * num_heads, head_dim).transpose(0, 1)
    if static.size(0) != bsz * num_heads:
        raise TorchAssertionError(f"expecting {name}.size(0) of {bsz * num_heads}, but got "
                                  f"{static.size(0)}")
    if static.size(2) != head_dim:
        raise TorchAssertionError(f"expecting {name}.size(2) of {head_dim}, but got "
                                  f"{static.size(2)}")
    return static


def _add_zero_attn(k, v, bsz, num_heads, head_dim, attn_mask, kpm):
    shape = (bsz * num_heads, 1, head_dim)
    k = cat([k, creation.zeros(shape, dtype=k.dtype)], dim=1)
    v = cat([v, creation.zeros(shape, dtype=v.dtype)], dim=1)
    attn_mask = None if attn_mask is None else F.pad(attn_mask, (0, 1))
    kpm = None if kpm is None else F.pad(kpm, (0, 1))
    return k, v, attn_mask, kpm


def _merge_padding(attn_mask, kpm, src_len, bsz, num_heads):
    if kpm is None:
        return attn_mask
    _check_key_padding_mask(kpm, src_len, bsz)
    kpm = kpm.view(bsz, 1, 1, src_len).expand(-1, num_heads, -1, -1) \
        .reshape(bsz * num_heads, 1, src_len)
    return kpm if attn_mask is None else attn_mask + kpm


def _weighted(q, k, v, attn_mask, dropout_p, is_causal):
    """The need_weights path: (output (N*H, L, hd), weights (N*H, L, S))."""
    E = q.shape[-1]
    q_scaled = q * math.sqrt(1.0 / float(E))
    if is_causal and attn_mask is None:
        raise TorchAssertionError("FIXME: is_causal not implemented for need_weights")
    if attn_mask is not None:
        weights = attn_mask.baddbmm(q_scaled, k.transpose(-2, -1))
    else:
        weights = q_scaled.bmm(k.transpose(-2, -1))
    weights = F.softmax(weights, dim=-1)
    if dropout_p > 0.0:
        weights = F.dropout(weights, p=dropout_p)
    return weights.bmm(v), weights


def multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads,
                                 in_proj_weight, in_proj_bias, bias_k, bias_v, add_zero_attn,
                                 dropout_p, out_proj_weight, out_proj_bias, training=True,
                                 key_padding_mask=None, need_weights=True, attn_mask=None,
                                 use_separate_proj_weight=False, q_proj_weight=None,
                                 k_proj_weight=None, v_proj_weight=None, static_k=None,
                                 static_v=None, average_attn_weights=True, is_causal=False):
    """Multi-head attention of (L, N, E) query over (S, N, E) key/value (or unbatched 2-D):
    (attn_output, attn_weights averaged over heads, per head, or None)."""
    is_batched = _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads)
    if not is_batched:
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    tgt_len, bsz, embed_dim = query.shape
    src_len = key.shape[0]
    key_padding_mask, attn_mask, is_causal = _prepare_masks(
        query, key_padding_mask, attn_mask, is_causal, need_weights)
    head_dim = _check_dims(embed_dim, embed_dim_to_check, num_heads, key, value,
                           use_separate_proj_weight)
    q, k, v = _project(query, key, value, in_proj_weight, in_proj_bias,
                       use_separate_proj_weight, q_proj_weight, k_proj_weight, v_proj_weight)
    if attn_mask is not None:
        attn_mask = _attn_mask_3d(attn_mask, tgt_len, src_len, bsz, num_heads)
    k, v, attn_mask, key_padding_mask = _add_bias_kv(
        k, v, bias_k, bias_v, static_k, static_v, bsz, attn_mask, key_padding_mask)
    q = q.view(tgt_len, bsz * num_heads, head_dim).transpose(0, 1)
    k = _heads(k, static_k, bsz, num_heads, head_dim, "static_k")
    v = _heads(v, static_v, bsz, num_heads, head_dim, "static_v")
    if add_zero_attn:
        k, v, attn_mask, key_padding_mask = _add_zero_attn(
            k, v, bsz, num_heads, head_dim, attn_mask, key_padding_mask)
    src_len = k.size(1)
    attn_mask = _merge_padding(attn_mask, key_padding_mask, src_len, bsz, num_heads)
    if not training:
        dropout_p = 0.0
    if need_weights:
        out, weights = _weighted(q, k, v, attn_mask, dropout_p, is_causal)
        out = out.transpose(0, 1).reshape(tgt_len * bsz, embed_dim)
        out = F.linear(out, out_proj_weight, out_proj_bias)
        out = out.view(tgt_len, bsz, out.size(1))
        weights = weights.view(bsz, num_heads, tgt_len, src_len)
        if average_attn_weights:
            weights = weights.mean(dim=1)
        if not is_batched:
            out, weights = out.squeeze(1), weights.squeeze(0)
        return out, weights
    if attn_mask is not None:
        if attn_mask.size(0) == 1 and attn_mask.dim() == 3:
            attn_mask = attn_mask.unsqueeze(0)
        else:
            attn_mask = attn_mask.view(bsz, num_heads, -1, src_len)
    q = q.view(bsz, num_heads, tgt_len, head_dim)
    k = k.view(bsz, num_heads, src_len, head_dim)
    v = v.view(bsz, num_heads, src_len, head_dim)
    out = F.scaled_dot_product_attention(q, k, v, attn_mask, dropout_p, is_causal)
    out = out.permute(2, 0, 1, 3).reshape(bsz * tgt_len, embed_dim)
    out = F.linear(out, out_proj_weight, out_proj_bias)
    out = out.view(tgt_len, bsz, out.size(1))
    return (out if is_batched else out.squeeze(1)), None
