"""torch.nn checked against torch 2.13 (sixth set): scaled_dot_product_attention as PyTorch's CPU
flash-attention kernel (ScaledDotProductFlashAttentionForCpuBackward0) where torch's dispatch
picks it (4-D float inputs, no dropout, a 2-D or 4-D mask that needs no grad, equal head
sizes, grouped-query heads), the math path elsewhere; the flash backward's NotImplemented
node under create_graph. Each program runs as a gradcli formula and must print what real
PyTorch 2.13 printed for it (copied below, so no torch is needed)."""
from __future__ import annotations

import pytest

from printed import stdout_of

HEAD = "import torch\nimport torch.nn.functional as F\n"

# name: (program, what torch 2.13 printed)
PROGRAMS = {
    'route': ("torch.manual_seed(0)\nr = lambda *s: torch.randn(*s, requires_grad=True)\nq, k, v = r(2, 3, 4, 5), r(2, 3, 6, 5), r(2, 3, 6, 5)\nfor kw in [{}, {'is_causal': True}, {'dropout_p': 0.5}, {'scale': 0.3}, {'attn_mask': torch.randn(4, 6)}, {'attn_mask': torch.randn(4, 6) > 0},\n           {'attn_mask': torch.randn(3, 4, 6)}, {'attn_mask': torch.randn(2, 1, 1, 6)}, {'attn_mask': torch.randn(4, 6, requires_grad=True)},\n           {'attn_mask': torch.randn(4, 6) > 0, 'is_causal': True}]:\n    y = F.scaled_dot_product_attention(q, k, v, **kw)\n    print(sorted(kw), y.grad_fn.name(), y.shape)\nprint(F.scaled_dot_product_attention(r(3, 4, 5), r(3, 6, 5), r(3, 6, 5)).grad_fn.name())\nprint(F.scaled_dot_product_attention(q, k, r(2, 3, 6, 7)).grad_fn.name())\nprint(F.scaled_dot_product_attention(r(2, 3, 5, 4).transpose(-1, -2), k, v).grad_fn.name())\nprint(F.scaled_dot_product_attention(q, r(1, 3, 6, 5), r(1, 3, 6, 5)).grad_fn.name())\nprint(F.scaled_dot_product_attention(r(2, 6, 4, 5), k, v, enable_gqa=True).grad_fn.name())\ny = F.scaled_dot_product_attention(q, k, v)\nprint([None if f is None else f.name() for f, _ in y.grad_fn.next_functions])\n",
        "[] ScaledDotProductFlashAttentionForCpuBackward0 torch.Size([2, 3, 4, 5])\n['is_causal'] ScaledDotProductFlashAttentionForCpuBackward0 torch.Size([2, 3, 4, 5])\n['dropout_p'] UnsafeViewBackward0 torch.Size([2, 3, 4, 5])\n['scale'] ScaledDotProductFlashAttentionForCpuBackward0 torch.Size([2, 3, 4, 5])\n['attn_mask'] ScaledDotProductFlashAttentionForCpuBackward0 torch.Size([2, 3, 4, 5])\n['attn_mask'] ScaledDotProductFlashAttentionForCpuBackward0 torch.Size([2, 3, 4, 5])\n['attn_mask'] UnsafeViewBackward0 torch.Size([2, 3, 4, 5])\n['attn_mask'] ScaledDotProductFlashAttentionForCpuBackward0 torch.Size([2, 3, 4, 5])\n['attn_mask'] UnsafeViewBackward0 torch.Size([2, 3, 4, 5])\n['attn_mask', 'is_causal'] ScaledDotProductFlashAttentionForCpuBackward0 torch.Size([2, 3, 4, 5])\nUnsafeViewBackward0\nUnsafeViewBackward0\nUnsafeViewBackward0\nUnsafeViewBackward0\nScaledDotProductFlashAttentionForCpuBackward0\n['torch::autograd::AccumulateGrad', 'torch::autograd::AccumulateGrad', 'torch::autograd::AccumulateGrad']\n"),
    'dbl': ('torch.manual_seed(0)\nq = torch.randn(1, 2, 3, 4, dtype=torch.float64, requires_grad=True)\nk = torch.randn(1, 2, 5, 4, dtype=torch.float64, requires_grad=True)\nv = torch.randn(1, 2, 5, 4, dtype=torch.float64)\ny = F.scaled_dot_product_attention(q, k, v)\ngq, gk = torch.autograd.grad(y.sum(), (q, k), create_graph=True)\nprint(gq.grad_fn.name(), gq.grad_fn is gk.grad_fn, gq.requires_grad)\nprint([f.name() for f, _ in gq.grad_fn.next_functions])\nw = torch.randn(1, 2, 3, 4, dtype=torch.float64, requires_grad=True)\ng2, = torch.autograd.grad(F.scaled_dot_product_attention(q, k, v), q, w, create_graph=True)\nprint([f.name() for f, _ in g2.grad_fn.next_functions])\ntry:\n    gq.sum().backward()\nexcept Exception as e:\n    print(type(e).__name__, e)\n',
        "torch::autograd::NotImplemented True True\n['torch::autograd::AccumulateGrad', 'torch::autograd::AccumulateGrad', 'ScaledDotProductFlashAttentionForCpuBackward0']\n['torch::autograd::AccumulateGrad', 'torch::autograd::AccumulateGrad', 'torch::autograd::AccumulateGrad', 'ScaledDotProductFlashAttentionForCpuBackward0']\nRuntimeError derivative for aten::_scaled_dot_product_flash_attention_for_cpu_backward is not implemented\n"),
    'vals': ("torch.manual_seed(0)\nq = torch.randn(2, 2, 5, 3, dtype=torch.float64, requires_grad=True)\nk = torch.randn(2, 1, 40, 3, dtype=torch.float64, requires_grad=True)\nv = torch.randn(2, 1, 40, 3, dtype=torch.float64, requires_grad=True)\nm = torch.randn(5, 40, dtype=torch.float64)\nm[1] = float('-inf')\ny = F.scaled_dot_product_attention(q, k, v, attn_mask=m, is_causal=True, enable_gqa=True)\nprint(y[:, :, :2])\ny.pow(2).sum().backward()\nprint(q.grad[1], k.grad[0, 0, :6], v.grad[1, 0, :6])\nx = torch.randn(1, 1, 40, 8, requires_grad=True)\nz = F.scaled_dot_product_attention(x, x, x, is_causal=True)\nz.sum().backward()\nprint(z[0, 0, 35:], x.grad[0, 0, :3])\n",
        'tensor([[[[ 0.3249,  0.5221, -0.6544],\n          [ 0.0000,  0.0000,  0.0000]],\n\n         [[ 0.3249,  0.5221, -0.6544],\n          [ 0.0000,  0.0000,  0.0000]]],\n\n\n        [[[ 0.0015, -0.9687,  0.4180],\n          [ 0.0000,  0.0000,  0.0000]],\n\n         [[ 0.0015, -0.9687,  0.4180],\n          [ 0.0000,  0.0000,  0.0000]]]], dtype=torch.float64,\n       grad_fn=<SliceBackward0>)\ntensor([[[ 0.0000,  0.0000,  0.0000],\n         [ 0.0000,  0.0000,  0.0000],\n         [-0.1230,  0.0507,  0.7479],\n         [ 0.0243, -0.0794,  0.4858],\n         [-0.3156,  0.1286,  0.0336]],\n\n        [[ 0.0000,  0.0000,  0.0000],\n         [ 0.0000,  0.0000,  0.0000],\n         [-0.0870,  0.0834,  0.0767],\n         [-0.0222, -0.0713,  0.4773],\n         [-0.1477,  0.0713,  0.0377]]], dtype=torch.float64) tensor([[-0.0507,  0.0328, -0.3944],\n        [-2.3191,  0.0423, -0.2302],\n        [ 0.9391,  0.0642,  0.1367],\n        [ 1.4603, -0.1294,  0.4621],\n        [-0.0296, -0.0099,  0.0257],\n        [ 0.0000,  0.0000,  0.0000]], dtype=torch.float64) tensor([[-0.0424, -3.0899,  2.7325],\n        [-0.5675,  1.6213,  1.4503],\n        [ 2.1491,  3.6484,  2.2392],\n        [ 0.1929,  0.7251,  0.5755],\n        [-0.3059,  0.3752,  0.2986],\n        [ 0.0000,  0.0000,  0.0000]], dtype=torch.float64)\ntensor([[ 0.2137,  0.0644, -0.7160, -0.0618,  0.0280, -0.4116, -0.4522,  0.2143],\n        [ 0.3024, -0.2155, -0.7849,  0.0133,  0.6213,  1.0856, -0.2936, -0.6586],\n        [ 0.6080,  0.3728,  0.1858, -0.0468,  0.9545,  1.0048, -0.6481, -1.1498],\n        [ 2.3301, -0.0830, -1.2959,  0.6583,  0.4202,  0.9883,  1.7098,  1.4796],\n        [-0.3562, -0.3113, -0.1351, -0.0940,  0.5501,  0.0821, -0.3070, -0.0925]],\n       grad_fn=<SliceBackward0>) tensor([[2.6909, 2.6014, 2.7285, 2.6336, 2.9407, 2.8972, 2.5598, 3.0535],\n        [2.0473, 2.6590, 2.1614, 2.1495, 2.1378, 2.0931, 2.0125, 2.2382],\n        [1.5071, 1.8421, 2.0567, 1.5341, 1.8508, 1.4019, 1.3452, 1.3742]])\n'),
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_prints_what_torch_printed(name):
    source, expected = PROGRAMS[name]
    assert stdout_of(HEAD + source) == expected


@pytest.mark.parametrize("kw", [{}, {"is_causal": True}, {"scale": -0.7},
                                {"attn_mask": "bool"}, {"enable_gqa": True}])
def test_flash_attention_gradcheck_first_order_and_torchs_second_order_error(kw):
    import gradcli as torch
    import gradcli.nn.functional as F
    from gradcli.autograd.gradcheck import gradcheck, gradgradcheck
    torch.manual_seed(0)
    heads = 1 if kw.get("enable_gqa") else 2
    q = torch.randn(1, 2, 3, 4, dtype=torch.float64, requires_grad=True)
    k = torch.randn(1, heads, 5, 4, dtype=torch.float64, requires_grad=True)
    v = torch.randn(1, heads, 5, 4, dtype=torch.float64, requires_grad=True)
    if kw.get("attn_mask") == "bool":
        kw = dict(kw, attn_mask=torch.tensor([[True, False, True, True, False]] * 3))

    def f(q, k, v):
        return F.scaled_dot_product_attention(q, k, v, **kw)
    assert f(q, k, v).grad_fn.name() == "ScaledDotProductFlashAttentionForCpuBackward0"
    assert gradcheck(f, (q, k, v))
    with pytest.raises(RuntimeError, match="derivative for aten::_scaled_dot_product_flash_"
                                           "attention_for_cpu_backward is not implemented"):
        gradgradcheck(f, (q, k, v))
