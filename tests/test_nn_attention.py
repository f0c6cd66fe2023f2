"""nn.MultiheadAttention and F.multi_head_attention_forward (gradcli/nn/_mha.py, ported from
PyTorch's slow path): seeded weights, float64 values, node names, reprs and error texts are
what PyTorch 2.13 printed; gradients are checked against central differences, to first and
second order."""
from __future__ import annotations

import io
import warnings

import numpy as np
import pytest

import gradcli as torch
import gradcli.nn as nn
import gradcli.nn.functional as F
from gradcli.autograd.gradcheck import gradcheck, gradgradcheck
from gradcli.lang import run_source

REPR = """MultiheadAttention(
  (out_proj): NonDynamicallyQuantizableLinear(in_features=4, out_features=4, bias=True)
)"""


def test_seeded_weights_are_pytorchs():
    torch.manual_seed(0)
    m = nn.MultiheadAttention(4, 2)
    assert m.in_proj_weight[:2].tolist() == [
        [0.22242416441440582, 0.508506715297699, -0.12602636218070984, 0.45824551582336426],
        [-0.0987042486667633, 0.06479763984680176, 0.5544887185096741, -0.5680797696113586]]
    assert m.out_proj.weight[0].tolist() == [
        -0.003743410110473633, 0.26822179555892944, -0.4115225672721863, -0.3679695129394531]
    assert m.in_proj_bias.abs().sum().item() == 0 and m.out_proj.bias.abs().sum().item() == 0
    torch.manual_seed(0)
    m = nn.MultiheadAttention(4, 2, add_bias_kv=True, kdim=3, dtype=torch.float64)
    assert m.bias_k.view(-1).tolist() == [-0.22919790013535205, -0.1679940365028249,
                                          -0.7849930563634142, 0.6157501994105472]
    assert m.k_proj_weight[0].tolist() == [0.13339162336639868, -0.03549701068114418,
                                           0.5481940206246269]


def test_float64_values_nodes_and_gradient_with_a_bool_mask():
    torch.manual_seed(0)
    m = nn.MultiheadAttention(4, 2, dtype=torch.float64)
    x = torch.linspace(-1, 1, 24, dtype=torch.float64).view(3, 2, 4).requires_grad_()
    mask = torch.tensor([[False, True, True], [False, False, True], [False, False, False]])
    out, w = m(x, x, x, attn_mask=mask)
    assert out.grad_fn.name() == "ViewBackward0" and w.grad_fn.name() == "MeanBackward1"
    assert [f[0].name() for f in out.grad_fn.next_functions] == ["AddmmBackward0"]
    np.testing.assert_allclose(out[-1].tolist(), [
        [-0.01533248128034673, -0.060475697585115694, -0.02644518608755578,
         0.0028623863980782645],
        [0.04136873361644647, -0.027071252345046273, -0.003779996366418235,
         -0.019699033581540664]], rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(w[0].tolist(), [
        [1.0, 0.0, 0.0], [0.48774415724196174, 0.5122558427580383, 0.0],
        [0.35134132368369375, 0.3329571713304711, 0.31570150498583516]], rtol=1e-13)
    out.sum().backward()
    np.testing.assert_allclose(x.grad[0].tolist(), [
        [-0.4197388094171094, 1.3555478909745138, 0.23421265448328554, -0.6564899338081189],
        [-0.4223135031712672, 1.378487779162555, 0.24229758141210958, -0.6690100094549469]],
        rtol=1e-12)


def test_repr_parameters_and_state_dict():
    m = nn.MultiheadAttention(4, 2)
    assert repr(m) == REPR
    assert type(m.out_proj).__name__ == "NonDynamicallyQuantizableLinear"
    assert isinstance(m.out_proj, nn.Linear)
    assert list(m.state_dict().keys()) == ["in_proj_weight", "in_proj_bias", "out_proj.weight",
                                          "out_proj.bias"]
    assert (m.head_dim, m._qkv_same_embed_dim, m.bias_k, m.q_proj_weight) == (2, True, None,
                                                                                None)
    m = nn.MultiheadAttention(4, 2, bias=False, kdim=3, vdim=5, add_bias_kv=True)
    assert repr(m) == REPR.replace("bias=True", "bias=False")
    assert [n for n, _ in m.named_parameters()] == [
        "q_proj_weight", "k_proj_weight", "v_proj_weight", "bias_k", "bias_v",
        "out_proj.weight"]
    assert tuple(m.v_proj_weight.shape) == (4, 5) and m.in_proj_weight is None


@pytest.mark.parametrize("kind, call, output", [
    ("bf", lambda m, x: m(x, x, x), ("TransposeBackward0", "MeanBackward1", (3, 2, 4),
                                     (3, 2, 2))),
    ("", lambda m, x: m(x[0], x[0], x[0]), ("SqueezeBackward1", "SqueezeBackward1", (2, 4),
                                            (2, 2))),
    ("", lambda m, x: m(x[0], x[0], x[0], need_weights=False), ("SqueezeBackward1", None,
                                                                (2, 4), None)),
    ("", lambda m, x: m(x, x, x, average_attn_weights=False),
     ("ViewBackward0", "ViewBackward0", (3, 2, 4), (2, 2, 3, 3))),
    ("", lambda m, x: m(x, x, x, need_weights=False), ("ViewBackward0", None, (3, 2, 4),
                                                       None)),
])
def test_output_nodes_and_shapes(kind, call, output):
    m = nn.MultiheadAttention(4, 2, batch_first=kind == "bf")
    x = torch.randn(3, 2, 4, requires_grad=True)
    out, w = call(m, x)
    got = (out.grad_fn.name(), None if w is None else w.grad_fn.name(), tuple(out.shape),
           None if w is None else tuple(w.shape))
    assert got == output


def test_static_key_and_value():
    m = nn.MultiheadAttention(4, 2)
    x = torch.zeros(3, 2, 4)
    o, w = F.multi_head_attention_forward(
        x, x, x, 4, 2, m.in_proj_weight, m.in_proj_bias, None, None, False, 0.0,
        m.out_proj.weight, m.out_proj.bias, static_k=torch.ones(4, 5, 2),
        static_v=torch.ones(4, 5, 2))
    assert (tuple(o.shape), tuple(w.shape)) == ((3, 2, 4), (2, 3, 5))
    np.testing.assert_allclose(w.tolist(), np.full((2, 3, 5), 0.2), rtol=1e-6)


x3, x2 = torch.zeros(3, 2, 4), torch.zeros(3, 4)
B = torch.bool
ERRORS = [
    (lambda m: nn.MultiheadAttention(0, 2), ValueError,
     "embed_dim and num_heads must be greater than 0, got embed_dim=0 and num_heads=2 instead"),
    (lambda m: nn.MultiheadAttention(5, 2), AssertionError,
     "embed_dim must be divisible by num_heads"),
    (lambda m: m(torch.zeros(4), x3, x3), AssertionError,
     "query should be unbatched 2D or batched 3D tensor but received 1-D query tensor"),
    (lambda m: m(x3, x2, x3), AssertionError,
     "For batched (3-D) `query`, expected `key` and `value` to be 3-D but found 2-D and 3-D "
     "tensors respectively"),
    (lambda m: m(x2, x3, x3), AssertionError,
     "For unbatched (2-D) `query`, expected `key` and `value` to be 2-D but found 3-D and 3-D "
     "tensors respectively"),
    (lambda m: m(x3, x3, x3, key_padding_mask=torch.zeros(2, dtype=B)), AssertionError,
     "For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D but found 1-D "
     "tensor instead"),
    (lambda m: m(x3, x3, x3, attn_mask=torch.zeros(3, dtype=B)), AssertionError,
     "For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but found 1-D "
     "tensor instead"),
    (lambda m: m(x2, x2, x2, key_padding_mask=torch.zeros(2, 3, dtype=B)), AssertionError,
     "For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D but found "
     "2-D tensor instead"),
    (lambda m: m(x2, x2, x2, attn_mask=torch.zeros(2, 2, 3)), AssertionError,
     "Expected `attn_mask` shape to be (2, 3, 3) but got torch.Size([2, 2, 3])"),
    (lambda m: m(x3, x3, x3, attn_mask=torch.zeros(3, 3, dtype=torch.long)), AssertionError,
     "only bool and floating types of attn_mask are supported"),
    (lambda m: m(x3, x3, x3, attn_mask=torch.zeros(2, 3)), RuntimeError,
     "The shape of the 2D attn_mask is torch.Size([2, 3]), but should be (3, 3)."),
    (lambda m: m(x3, x3, x3, attn_mask=torch.zeros(3, 3, 3)), RuntimeError,
     "The shape of the 3D attn_mask is torch.Size([3, 3, 3]), but should be (4, 3, 3)."),
    (lambda m: m(x3, x3, x3, key_padding_mask=torch.zeros(2, 2, dtype=B)), AssertionError,
     "Expected key_padded_mask.shape[1] to be 3, but got 2"),
    (lambda m: m(x3, x3, x3, key_padding_mask=torch.zeros(3, 3, dtype=B)), AssertionError,
     "Expected key_padded_mask.shape[0] to be 2, but got 3"),
    (lambda m: m(x3, x3, x3, is_causal=True), RuntimeError,
     "Need attn_mask if specifying the is_causal hint. You may use the Transformer module "
     "method `generate_square_subsequent_mask` to create this mask."),
    (lambda m: m(torch.zeros(3, 2, 6), x3, x3), AssertionError,
     "was expecting embedding dimension of 4, but got 6"),
    (lambda m: m(x3, torch.zeros(4, 2, 4), x3), AssertionError,
     "key shape torch.Size([4, 2, 4]) does not match value shape torch.Size([3, 2, 4])"),
    (lambda m: F.multi_head_attention_forward(
        x3, x3, x3, 4, 2, m.in_proj_weight, m.in_proj_bias, m.in_proj_bias.view(1, 1, -1),
        None, False, 0.0, m.out_proj.weight, m.out_proj.bias), AssertionError,
     "bias_k is set but bias_v is None"),
    (lambda m: F.multi_head_attention_forward(
        x3, x3, x3, 4, 2, None, m.in_proj_bias, None, None, False, 0.0, m.out_proj.weight,
        m.out_proj.bias), AssertionError,
     "use_separate_proj_weight is False but in_proj_weight is None"),
    (lambda m: F.multi_head_attention_forward(
        x3, x3, x3, 4, 2, None, m.in_proj_bias, None, None, False, 0.0, m.out_proj.weight,
        m.out_proj.bias, use_separate_proj_weight=True, q_proj_weight=torch.zeros(4, 4),
        k_proj_weight=torch.zeros(4, 3), v_proj_weight=torch.zeros(4, 4)), AssertionError,
     "expecting key weights shape of (4, 4), but got torch.Size([4, 3])"),
    (lambda m: F.multi_head_attention_forward(
        x3, x3, x3, 4, 2, None, m.in_proj_bias, None, None, False, 0.0, m.out_proj.weight,
        m.out_proj.bias, use_separate_proj_weight=True, q_proj_weight=torch.zeros(4, 4),
        k_proj_weight=None, v_proj_weight=torch.zeros(4, 4)), AssertionError,
     "use_separate_proj_weight is True but k_proj_weight is None"),
    (lambda m: F.multi_head_attention_forward(
        x3, x3, x3, 4, 2, m.in_proj_weight, m.in_proj_bias, None, None, False, 0.0,
        m.out_proj.weight, m.out_proj.bias, static_k=torch.zeros(3, 2, 2)), AssertionError,
     "expecting static_k.size(0) of 4, but got 3"),
    (lambda m: F.multi_head_attention_forward(
        x3, x3, x3, 4, 2, m.in_proj_weight, m.in_proj_bias, None, None, False, 0.0,
        m.out_proj.weight, m.out_proj.bias, static_k=torch.zeros(4, 2, 3)), AssertionError,
     "expecting static_k.size(2) of 2, but got 3"),
]


@pytest.mark.parametrize("call, kind, text", ERRORS)
def test_errors_are_pytorchs(call, kind, text):
    m = nn.MultiheadAttention(4, 2)
    with pytest.raises(kind) as info:
        call(m)
    assert str(info.value) == text


@pytest.mark.parametrize("kpm_dtype, mask_dtype", [(torch.bool, torch.float32),
                                                   (torch.float32, torch.bool)])
def test_mismatched_mask_types_warn_as_pytorch(kpm_dtype, mask_dtype):
    m = nn.MultiheadAttention(4, 2)
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        m(x3, x3, x3, key_padding_mask=torch.zeros(2, 3, dtype=kpm_dtype),
          attn_mask=torch.zeros(3, 3, dtype=mask_dtype))
    assert [str(w.message) for w in ws] == [
        "Support for mismatched key_padding_mask and attn_mask is deprecated. Use same type "
        "for both instead."]


@pytest.mark.parametrize("options, call", [
    ({}, {}),
    ({"add_bias_kv": True, "add_zero_attn": True}, {"need_weights": False}),
    ({"kdim": 3, "vdim": 2, "batch_first": True}, {"average_attn_weights": False}),
    ({}, {"attn_mask": "causal", "is_causal": True, "need_weights": False}),
])
def test_gradcheck_to_second_order(options, call):
    torch.manual_seed(0)
    m = nn.MultiheadAttention(4, 2, dtype=torch.float64, **options)
    kdim, vdim = options.get("kdim", 4), options.get("vdim", 4)
    if call.get("attn_mask") == "causal":
        call = dict(call, attn_mask=torch.ones(2, 3, dtype=torch.bool).triu(1))
    q = torch.randn(2, 1, 4, dtype=torch.float64, requires_grad=True)
    k = torch.randn(3, 1, kdim, dtype=torch.float64, requires_grad=True)
    v = torch.randn(3, 1, vdim, dtype=torch.float64, requires_grad=True)
    if options.get("batch_first"):
        q, k, v = (t.detach().transpose(0, 1).requires_grad_() for t in (q, k, v))

    def f(q, k, v):
        out, w = m(q, k, v, **call)
        return out if w is None else (out, w)
    assert gradcheck(f, (q, k, v))
    if call.get("need_weights", True):
        assert gradgradcheck(f, (q, k, v))
    else:      # PyTorch 2.13 runs its CPU flash kernel here, which has no double backward
        with pytest.raises(RuntimeError, match=_NO_FLASH_DOUBLE_BACKWARD):
            gradgradcheck(f, (q, k, v))


_NO_FLASH_DOUBLE_BACKWARD = ("^derivative for aten::_scaled_dot_product_flash_attention_for_"
                             "cpu_backward is not implemented$")


FORMULA = """import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
m = nn.MultiheadAttention(4, 2, batch_first=True, dtype=torch.float64)
print(m)
x = torch.linspace(-1, 1, 24, dtype=torch.float64).view(2, 3, 4).requires_grad_()
out, w = m(x, x, x, key_padding_mask=torch.tensor([[False, False, True], [False, False, False]]))
print(out.grad_fn.name(), w.grad_fn.name())
print(w[0])
out.sum().backward()
print(x.grad[1, 0])
t = x.transpose(0, 1)
o, _ = F.multi_head_attention_forward(t, t, t, 4, 2, m.in_proj_weight, m.in_proj_bias, None,
    None, False, 0.0, m.out_proj.weight, m.out_proj.bias, need_weights=False)
print(o.grad_fn.name(), tuple(o.shape))
"""

FORMULA_OUT = REPR + """
TransposeBackward0 MeanBackward1
tensor([[0.4811, 0.5189, 0.0000],
        [0.4875, 0.5125, 0.0000],
        [0.4939, 0.5061, 0.0000]], dtype=torch.float64,
       grad_fn=<SelectBackward0>)
tensor([-0.2335,  0.7562,  0.1293, -0.3631], dtype=torch.float64)
ViewBackward0 (3, 2, 4)
"""


def test_a_formula_with_multihead_attention_prints_what_pytorch_prints():
    out = io.StringIO()
    run_source(FORMULA, "t.grad", out=out)
    assert out.getvalue() == FORMULA_OUT


def test_dropout_of_a_transposed_tensor_draws_in_memory_order():
    """PyTorch fills empty_like(x) (x's layout) with bernoulli_, in memory order: a
    batch_first attention layer's dropout sees such a transposed output."""
    torch.manual_seed(0)
    y = F.dropout(torch.ones(3, 5).t(), 0.5)
    assert y.tolist() == [[0.0, 0.0, 2.0], [0.0, 2.0, 2.0], [2.0, 2.0, 2.0], [0.0, 0.0, 0.0],
                          [0.0, 2.0, 2.0]]
    torch.manual_seed(0)
    y = F.dropout(torch.ones(3, 5).t().contiguous(), 0.5)
    assert y.tolist() == [[0.0, 0.0, 2.0], [0.0, 0.0, 0.0], [2.0, 2.0, 0.0], [2.0, 2.0, 2.0],
                          [2.0, 0.0, 2.0]]
    torch.manual_seed(0)                     # a fresh noise tensor: logical order
    y = F.dropout1d(torch.ones(1, 3, 4).transpose(0, 2), 0.5)
    assert (y != 0).int().flatten().tolist() == [0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1]


# -- TransformerEncoderLayer, TransformerEncoder ---------------------------------------------

LAYER_REPR = """TransformerEncoderLayer(
  (self_attn): MultiheadAttention(
    (out_proj): NonDynamicallyQuantizableLinear(in_features=4, out_features=4, bias=True)
  )
  (linear1): Linear(in_features=4, out_features=3, bias=True)
  (dropout): Dropout(p=0.0, inplace=False)
  (linear2): Linear(in_features=3, out_features=4, bias=True)
  (norm1): LayerNorm((4,), eps=1e-05, elementwise_affine=True, bias=True)
  (norm2): LayerNorm((4,), eps=1e-05, elementwise_affine=True, bias=True)
  (dropout1): Dropout(p=0.0, inplace=False)
  (dropout2): Dropout(p=0.0, inplace=False)
)"""


def encoder_layer(**kw):
    return nn.TransformerEncoderLayer(4, 2, dim_feedforward=3, dropout=0.0,
                                      dtype=torch.float64, **kw)


def test_encoder_layer_repr_and_a_module_activation():
    assert repr(encoder_layer()) == LAYER_REPR
    layer = nn.TransformerEncoderLayer(4, 2, activation=nn.GELU())
    assert layer.activation_relu_or_gelu == 2
    assert repr(layer).endswith("  (activation): GELU(approximate='none')\n)")
    assert "2048" in repr(layer.linear1) and layer.dropout.p == 0.1
    assert nn.TransformerEncoderLayer(4, 2, activation="gelu").activation is F.gelu
    with pytest.raises(RuntimeError, match="^activation should be relu/gelu, not tanh$"):
        nn.TransformerEncoderLayer(4, 2, activation="tanh")


def test_encoder_clones_the_layer_and_warns_as_pytorch():
    torch.manual_seed(0)
    layer = encoder_layer()
    with pytest.warns(UserWarning) as ws:
        enc = nn.TransformerEncoder(layer, 2)
    assert [str(w.message) for w in ws] == [
        "enable_nested_tensor is True, but self.use_nested_tensor is False because "
        "encoder_layer.self_attn.batch_first was not True(use batch_first for better "
        "inference performance)"]
    assert repr(enc) == "TransformerEncoder(\n  (layers): ModuleList(\n    (0-1): 2 x " + \
        LAYER_REPR.replace("\n", "\n    ") + "\n  )\n)"
    assert enc.layers[0].linear1.weight is not layer.linear1.weight
    assert torch.equal(enc.layers[1].linear1.weight, layer.linear1.weight)
    assert (enc.use_nested_tensor, enc.enable_nested_tensor, enc.mask_check, enc.num_layers,
            enc.norm) == (False, True, True, 2, None)


@pytest.mark.parametrize("kw, reason", [
    ({"norm_first": True}, "encoder_layer.norm_first was True"),
    ({"bias": False}, "encoder_layer.self_attn was passed bias=False"),
    ({"activation": torch.tanh}, "encoder_layer.activation_relu_or_gelu was not True"),
    ({"layer_norm_eps": 1e-3, "nhead": 1}, "encoder_layer.self_attn.num_heads is odd"),
])
def test_why_the_encoder_will_not_nest(kw, reason):
    nhead = kw.pop("nhead", 2)
    layer = nn.TransformerEncoderLayer(4, nhead, batch_first=True, **kw)
    with pytest.warns(UserWarning) as ws:
        enc = nn.TransformerEncoder(layer, 1)
    assert [str(w.message) for w in ws] == [
        f"enable_nested_tensor is True, but self.use_nested_tensor is False because {reason}"]
    assert enc.use_nested_tensor is False


def test_a_nestable_layer_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, batch_first=True,
                                                               activation="gelu"), 1)
    assert enc.use_nested_tensor is True


def test_encoder_float64_values_nodes_and_gradient_with_a_causal_mask():
    torch.manual_seed(0)
    enc = nn.TransformerEncoder(encoder_layer(), 2, enable_nested_tensor=False)
    x = torch.linspace(-1, 1, 24, dtype=torch.float64).view(3, 2, 4).requires_grad_()
    mask = torch.full((3, 3), float("-inf"), dtype=torch.float64).triu(diagonal=1)
    out = enc(x, mask=mask)
    assert out.grad_fn.name() == "NativeLayerNormBackward0"
    np.testing.assert_allclose(out[2].tolist(), [
        [-0.6746396062395112, -0.8124550785417277, -0.19959326620593074, 1.6866879509871697],
        [-0.6583027508365542, -0.8987267341407383, -0.10089767923694226, 1.6579271642142352]],
        rtol=1e-13, atol=1e-15)
    (out * torch.linspace(0, 1, 24, dtype=torch.float64).view(3, 2, 4)).sum().backward()
    np.testing.assert_allclose(x.grad[0].tolist(), [
        [-0.1279863963565745, 0.08975233158643109, 0.24210952575617495, -0.19879276079851305],
        [-0.1603730392943417, 0.13675993484917892, 0.2889426328338583, -0.25880356458307535]],
        rtol=1e-12, atol=1e-15)


def test_pre_norm_layer_nodes_and_unbatched_input():
    layer = encoder_layer(norm_first=True)
    x = torch.randn(3, 2, 4, dtype=torch.float64, requires_grad=True)
    assert layer(x).grad_fn.name() == "AddBackward0"
    y = layer(x[0])
    assert (y.grad_fn.name(), tuple(y.shape)) == ("AddBackward0", (2, 4))


def test_causal_mask_detection():
    from gradcli.nn.modules.transformer import _detect_is_causal_mask
    causal = torch.full((3, 3), float("-inf")).triu(diagonal=1)
    assert _detect_is_causal_mask(causal) is True
    assert _detect_is_causal_mask(causal, size=4) is False
    assert _detect_is_causal_mask(torch.zeros(3, 3)) is False
    assert _detect_is_causal_mask(torch.zeros(3, 3), is_causal=True) is True
    assert _detect_is_causal_mask(None) is False


@pytest.mark.parametrize("kw", [{}, {"norm_first": True, "activation": "gelu"}])
def test_encoder_layer_gradcheck_to_second_order(kw):
    torch.manual_seed(0)
    layer = encoder_layer(**kw)
    x = torch.randn(3, 1, 4, dtype=torch.float64, requires_grad=True)
    mask = torch.tensor([[False, True, True], [False, False, True], [False, False, False]])
    assert gradcheck(lambda x: layer(x, src_mask=mask), (x,))
    with pytest.raises(RuntimeError, match=_NO_FLASH_DOUBLE_BACKWARD):   # as PyTorch 2.13
        gradgradcheck(lambda x: layer(x, src_mask=mask), (x,))


@pytest.mark.filterwarnings("ignore:The PyTorch API of nested tensors")
def test_encoder_inference_pads_with_zeros_where_pytorch_nests():
    """eval, no grad, batch_first, left-aligned padding: PyTorch's nested-tensor path, whose
    padded rows come out as zeros (then the final norm); with grad, the slow path's values."""
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(4, 2, dim_feedforward=8, dropout=0.0, batch_first=True)
    enc = nn.TransformerEncoder(layer, 2).eval()
    x = torch.linspace(-1, 1, 24).view(2, 3, 4)
    kpm = torch.tensor([[False, False, True], [False, False, False]])
    with torch.no_grad():
        nested = enc(x, src_key_padding_mask=kpm)
        unaligned = enc(x, src_key_padding_mask=torch.tensor([[False, True, False],
                                                              [False, False, False]]))
    slow = enc(x, src_key_padding_mask=kpm)
    assert nested[0, 2].tolist() == [0.0, 0.0, 0.0, 0.0]
    assert slow[0, 2].abs().sum().item() > 0 and unaligned[0, 1].abs().sum().item() > 0
    np.testing.assert_allclose(nested[:, :2].tolist(), slow[:, :2].tolist(), rtol=1e-5,
                               atol=1e-6)
    np.testing.assert_allclose(nested[0, 0].tolist(), [1.4828, -0.8317, 0.3444, -0.9955],
                               atol=1e-4)


def test_decoder_repr_values_nodes_and_gradients():
    torch.manual_seed(0)
    layer = nn.TransformerDecoderLayer(4, 2, dim_feedforward=3, dropout=0.0,
                                       dtype=torch.float64)
    attn = LAYER_REPR.split("\n")[1:4]
    assert repr(layer).split("\n")[1:7] == attn + [a.replace("self_attn", "multihead_attn")
                                                   for a in attn]
    assert repr(layer).endswith(
        "  (norm3): LayerNorm((4,), eps=1e-05, elementwise_affine=True, bias=True)\n"
        "  (dropout1): Dropout(p=0.0, inplace=False)\n"
        "  (dropout2): Dropout(p=0.0, inplace=False)\n"
        "  (dropout3): Dropout(p=0.0, inplace=False)\n)")
    dec = nn.TransformerDecoder(layer, 2, norm=nn.LayerNorm(4, dtype=torch.float64))
    assert repr(dec).startswith("TransformerDecoder(\n  (layers): ModuleList(\n    (0-1): 2 x "
                                "TransformerDecoderLayer(\n")
    tgt = torch.linspace(-1, 1, 16, dtype=torch.float64).view(2, 2, 4).requires_grad_()
    mem = torch.linspace(1, -2, 24, dtype=torch.float64).view(3, 2, 4).requires_grad_()
    mask = torch.full((2, 2), float("-inf"), dtype=torch.float64).triu(diagonal=1)
    out = dec(tgt, mem, tgt_mask=mask)
    assert out.grad_fn.name() == "NativeLayerNormBackward0"
    np.testing.assert_allclose(out[1].tolist(), [
        [-0.5470348878698847, -1.190903567031116, 0.24758106814928543, 1.4903573867517155],
        [-0.06962736890105846, -1.501021508596644, 0.2810539200588518, 1.2895949574388508]],
        rtol=1e-13, atol=1e-15)
    (out * torch.linspace(0, 1, 16, dtype=torch.float64).view(2, 2, 4)).sum().backward()
    np.testing.assert_allclose(tgt.grad[0].tolist(), [
        [-0.14598432880501258, 0.19121963989043658, 0.10964320203997943, -0.1590243851100935],
        [-0.1758735486022379, 0.2580485860061858, 0.08785252215544523, -0.18086487154869232]],
        rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(mem.grad[2].tolist(), [
        [0.03246456447317599, 0.012966672626071407, -0.005054511775135056, 0.06764260638148975],
        [0.04047559886082648, 0.010022534652356987, 6.0934017542178115e-05,
         0.0844419106226035]], rtol=1e-11, atol=1e-15)


def test_pre_norm_decoder_layer_node_and_activation():
    layer = nn.TransformerDecoderLayer(4, 2, norm_first=True, activation="gelu")
    assert layer.activation is F.gelu
    y = layer(torch.randn(2, 4), torch.randn(3, 4))
    assert (y.grad_fn.name(), tuple(y.shape)) == ("AddBackward0", (2, 4))


def test_decoder_layer_gradcheck_to_second_order():
    torch.manual_seed(0)
    layer = nn.TransformerDecoderLayer(4, 2, dim_feedforward=3, dropout=0.0,
                                       dtype=torch.float64)
    tgt = torch.randn(2, 1, 4, dtype=torch.float64, requires_grad=True)
    mem = torch.randn(3, 1, 4, dtype=torch.float64, requires_grad=True)
    mask = torch.tensor([[False, True], [False, False]])

    def f(tgt, mem):
        return layer(tgt, mem, tgt_mask=mask)
    assert gradcheck(f, (tgt, mem))
    with pytest.raises(RuntimeError, match=_NO_FLASH_DOUBLE_BACKWARD):   # as PyTorch 2.13
        gradgradcheck(f, (tgt, mem))
