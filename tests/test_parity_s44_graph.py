"""Found in session 44 (scan b53, inspecting the autograd graph). Each expected output is
what torch 2.13 printed (format of test_autograd_parity4).

retain-and-grad: a view's retain_grad() follows it to the AsStridedBackward0 an in-place op
on it gives it (its .grad stayed None); `.grad = t` of the wrong dtype and size names the
dtype first, as PyTorch checks it (a grad_dtype of None lets the size check speak).

saved-hooks-packs: what saved_tensors_hooks' pack sees, in PyTorch's order: nll_loss's target,
weight and total_weight (0-d) beside its input, gather's and masked_select's and take's
input, layer_norm's mean and rstd (no (0,) placeholders for a missing weight or bias),
`2 ** x`'s exponent beside its result, lerp's weight only (its ends when the weight needs a
gradient), binary_cross_entropy_with_logits' pos_weight as given.

nll-saved: NllLossBackward0 / NllLoss2DBackward0 expose `_saved_target`, `_saved_weight`,
`_saved_total_weight` (a 0-d tensor, 0 unreduced), `_saved_ignore_index` (an int64 read
back unsigned) and their `_raw_saved_*`; freed after backward.

raw-saved: `_raw_saved_<name>` of indices, masks and conditions gradcli keeps as arrays
(SavedTensor; IndexBackward0's a tuple of them).

saved-names: saved tensors under PyTorch's names (GatherBackward0 self, PowBackward2
exponent, LerpBackward1 weight with self/end None, AddmvBackward0 mat/vec, BaddbmmBackward0
batch1/batch2, IndexAddBackward0 index/source, MaskedSelectBackward0 mask, TakeBackward0
index, layer_norm's result1/normalized_shape and None weight/bias, BCE-with-logits target and
pos_weight as given); `2 ** x` refuses its exponent changed in place; and the attributes
PyTorch's node lacks are absent (a node answers the `_saved_` names torch's class has:
ops/_saved_names.py).

node-constants: convolution's stride/padding/dilation/transposed/output_padding/
bias_sym_sizes_opt, max_pool2d's and avg_pool2d's sizes as passed (stride () when not
given), diagonal's dim2."""
from __future__ import annotations

from test_autograd_parity4 import printed_programs

RETAIN_AND_GRAD = [
    ('x = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64, requires_grad=True)\nv = (x * 2)[1:]\nv.retain_grad()\nv.add_(1)\n(v * 5).sum().backward()\nprint(v.retains_grad, v.grad)\n',
     'True tensor([5., 5.], dtype=torch.float64)\n'),
    ('x = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64, requires_grad=True)\nfor g in (torch.ones(2), torch.ones(2, dtype=torch.float64), torch.ones(3)):\n    try:\n        x.grad = g\n    except RuntimeError as e:\n        print(str(e)[:60])\nx.grad_dtype = None\ntry:\n    x.grad = torch.ones(2)\nexcept RuntimeError as e:\n    print(str(e)[:60])\n',
     "attempting to assign a gradient with dtype 'float' to a tens\nattempting to assign a gradient of size '[2]' to a tensor of\nattempting to assign a gradient with dtype 'float' to a tens\nattempting to assign a gradient of size '[2]' to a tensor of\n"),
]

SAVED_HOOKS_PACKS = [
    ('import torch.nn.functional as F\nx = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)\nw = torch.randn(4, dtype=torch.float64, requires_grad=True)\nt = torch.tensor([0, 1, 3])\nlog = []\nwith torch.autograd.graph.saved_tensors_hooks(lambda u: log.append(tuple(u.shape)) or u, lambda p: p):\n    for name, f in [("cross_entropy", lambda: F.cross_entropy(x, t)),\n                    ("nll_weighted", lambda: F.nll_loss(x, t, weight=w.detach())),\n                    ("gather", lambda: x.gather(1, torch.tensor([[0], [1], [2]]))),\n                    ("layer_norm", lambda: F.layer_norm(x, (4,))),\n                    ("layer_norm_affine", lambda: F.layer_norm(x, (4,), w, w)),\n                    ("masked_select", lambda: x.masked_select(x > 0)),\n                    ("rpow", lambda: 2 ** x),\n                    ("lerp", lambda: torch.lerp(x, x * 2, torch.full((3, 4), 0.5, dtype=torch.float64))),\n                    ("lerp_w", lambda: torch.lerp(x.detach(), x.detach() * 2, w.expand(3, 4))),\n                    ("bce_logits", lambda: F.binary_cross_entropy_with_logits(x, torch.ones(3, 4, dtype=torch.float64), pos_weight=torch.ones(4, dtype=torch.float64)))]:\n        y = f()\n        print(name, log); log.clear()\n        y.sum().backward()\nprint(x.grad.sum(), w.grad.sum())\n',
     'cross_entropy [(3, 4), (3, 4), (3,), ()]\nnll_weighted [(3, 4), (3,), (4,), ()]\ngather [(3, 1), (3, 4)]\nlayer_norm [(3, 4), (3, 1), (3, 1)]\nlayer_norm_affine [(4,), (3, 4), (4,), (3, 1), (3, 1)]\nmasked_select [(3, 4), (3, 4)]\nrpow [(3, 4), (3, 4)]\nlerp [(3, 4)]\nlerp_w [(3, 4), (3, 4), (3, 4)]\nbce_logits [(4,), (3, 4), (3, 4)]\ntensor(33.1463, dtype=torch.float64) tensor(8.8583, dtype=torch.float64)\n'),
]

NLL_SAVED = [
    ('import torch.nn.functional as F\nx = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)\nt = torch.tensor([0, 1, 3])\nw = torch.tensor([1.0, 2.0, 3.0, 4.0], dtype=torch.float64)\nfor r in ("mean", "sum", "none"):\n    fn = F.nll_loss(x, t, reduction=r, ignore_index=3).grad_fn\n    print(r, fn._saved_total_weight, fn._saved_reduction, fn._saved_ignore_index, fn._saved_weight, fn._saved_target)\n    print(type(fn._raw_saved_weight).__name__, type(fn._raw_saved_total_weight).__name__, type(fn._raw_saved_target).__name__)\nfn = F.cross_entropy(x, t, weight=w).grad_fn\nprint(fn.name(), fn._saved_weight, fn._saved_total_weight, fn._saved_ignore_index, fn._saved_self.shape)\nfn = F.nll_loss(torch.randn(2, 3, 2, 2, dtype=torch.float64, requires_grad=True), torch.zeros(2, 2, 2, dtype=torch.long)).grad_fn\nprint(fn.name(), fn._saved_total_weight, fn._saved_target.shape)\ny = F.cross_entropy(x, t)\nfn = y.grad_fn\ny.backward()\ntry:\n    fn._saved_target\nexcept RuntimeError as e:\n    print(str(e)[:40])\n',
     'mean tensor(2., dtype=torch.float64) 1 3 None tensor([0, 1, 3])\nSavedTensor SavedTensor SavedTensor\nsum tensor(2., dtype=torch.float64) 2 3 None tensor([0, 1, 3])\nSavedTensor SavedTensor SavedTensor\nnone tensor(0., dtype=torch.float64) 0 3 None tensor([0, 1, 3])\nSavedTensor SavedTensor SavedTensor\nNllLossBackward0 tensor([1., 2., 3., 4.], dtype=torch.float64) tensor(7., dtype=torch.float64) 18446744073709551516 torch.Size([3, 4])\nNllLoss2DBackward0 tensor(8., dtype=torch.float64) torch.Size([2, 2, 2])\nTrying to backward through the graph a s\n'),
]

RAW_SAVED = [
    ('x = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)\nfor name, y in [("max", x.max(1).values), ("sort", x.sort(1).values), ("topk", x.topk(2).values),\n                ("gather", x.gather(1, torch.tensor([[0], [1], [2]]))),\n                ("masked_fill", x.masked_fill(x > 0, 0.0)), ("where", torch.where(x > 0, x, 0.0)),\n                ("index", x[torch.tensor([0, 2])]), ("index2", x[:, torch.tensor([1, 2])])]:\n    fn = y.grad_fn\n    for a in ("_raw_saved_indices", "_raw_saved_index", "_raw_saved_mask", "_raw_saved_condition"):\n        if hasattr(fn, a):\n            v = getattr(fn, a)\n            print(name, a, type(v).__name__, len(v) if isinstance(v, tuple) else "")\n',
     'max _raw_saved_indices SavedTensor \nsort _raw_saved_indices SavedTensor \ntopk _raw_saved_indices SavedTensor \ngather _raw_saved_index SavedTensor \nmasked_fill _raw_saved_mask SavedTensor \nwhere _raw_saved_condition SavedTensor \nindex _raw_saved_indices tuple 1\nindex2 _raw_saved_indices tuple 2\n'),
]

SAVED_NAMES = [
    ('import torch.nn.functional as F\nx = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)\nfor name, y, attr in [("gather", x.gather(1, torch.tensor([[0], [1], [2]])), "_saved_self"),\n                      ("rpow", 2 ** x, "_saved_exponent"), ("rpow", 2 ** x, "_saved_result"),\n                      ("lerp", torch.lerp(x, x * 2, torch.full((3, 4), 0.5, dtype=torch.float64)), "_saved_weight"),\n                      ("addmv", torch.addmv(x[:, 0], x, x[0]), "_saved_vec"),\n                      ("addmv", torch.addmv(x[:, 0], x, x[0]), "_saved_mat"),\n                      ("baddbmm", torch.baddbmm(x[None], x[None], x.t()[None]), "_saved_batch1"),\n                      ("index_add", x.index_add(0, torch.tensor([0]), x[:1]), "_saved_index"),\n                      ("index_add", x.index_add(0, torch.tensor([0]), x[:1]), "_saved_source"),\n                      ("masked_select", x.masked_select(x > 0), "_saved_mask"),\n                      ("take", x.take(torch.tensor([0, 5])), "_saved_index"),\n                      ("layer_norm", F.layer_norm(x, (4,)), "_saved_result1"),\n                      ("bce", F.binary_cross_entropy_with_logits(x, torch.ones(3, 4, dtype=torch.float64), pos_weight=torch.ones(4, dtype=torch.float64)), "_saved_pos_weight"),\n                      ("bce", F.binary_cross_entropy_with_logits(x, torch.ones(3, 4, dtype=torch.float64)), "_saved_target")]:\n    try:\n        print(name, y.grad_fn.name(), attr, tuple(getattr(y.grad_fn, attr).shape))\n    except Exception as e:\n        print(name, y.grad_fn.name(), attr, type(e).__name__, e)\nfn = torch.lerp(x, x * 2, torch.full((3, 4), 0.5, dtype=torch.float64)).grad_fn\nprint(fn._saved_self, fn._saved_end)\nfn = F.layer_norm(x, (4,)).grad_fn\nprint(fn._saved_weight, fn._saved_bias, fn._saved_normalized_shape)\ny = x * 1\nz = 2 ** y\ny.add_(1)\ntry:\n    z.sum().backward()\nexcept RuntimeError as e:\n    print(str(e)[:70])\n',
     '!! RuntimeError: The expanded size of the tensor (3) must match the existing size (4) at non-singleton dimension 2.  Target sizes: [1, 3, 3].  Tensor sizes: [1, 3, 4]\n'),
    ('import torch.nn.functional as F\nx = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)\nfor name, fn, attr in [("sum", x.sum(0).grad_fn, "_saved_dims"), ("permute", x.permute(1, 0).grad_fn, "_saved_dim"),\n                       ("sort", x.sort(1)[0].grad_fn, "_saved_keepdim"), ("split", x.split(2)[0].grad_fn, "_saved_sizes"),\n                       ("masked_fill", x.masked_fill(x > 0, 0.0).grad_fn, "_saved_value"),\n                       ("cummax", x.cummax(0).values.grad_fn, "_saved_index"),\n                       ("rsub", (3 - x).grad_fn, "_saved_other"), ("add", (x + 1).grad_fn, "_saved_self_sym_sizes"),\n                       ("mul", (x * x).grad_fn, "_saved_self_sym_numel"), ("where", torch.where(x > 0, x, x * 2).grad_fn, "_saved_self"),\n                       ("layer_norm", F.layer_norm(x, (4,)).grad_fn, "_saved_eps"),\n                       ("expand", x[:1].expand(3, 4).grad_fn, "_saved_self_sym_sizes")]:\n    print(name, fn.name(), attr, hasattr(fn, attr), hasattr(fn, "_raw" + attr))\n',
     'sum SumBackward1 _saved_dims False False\npermute PermuteBackward0 _saved_dim False False\nsort SortBackward0 _saved_keepdim False False\nsplit SplitBackward0 _saved_sizes False False\nmasked_fill MaskedFillBackward0 _saved_value False False\ncummax CummaxBackward0 _saved_index False False\nrsub RsubBackward1 _saved_other False False\nadd AddBackward0 _saved_self_sym_sizes False False\nmul MulBackward0 _saved_self_sym_numel False False\nwhere WhereBackward0 _saved_self False False\nlayer_norm NativeLayerNormBackward0 _saved_eps False False\nexpand ExpandBackward0 _saved_self_sym_sizes True False\n'),
]

NODE_CONSTANTS = [
    ('import torch.nn.functional as F\nx = torch.randn(1, 1, 5, 5, dtype=torch.float64, requires_grad=True)\nw = torch.randn(2, 1, 3, 3, dtype=torch.float64, requires_grad=True)\nfn = F.conv2d(x, w, stride=2, padding=1).grad_fn\nprint([getattr(fn, "_saved_" + a) for a in ("stride", "padding", "dilation", "transposed", "output_padding", "groups", "bias_sym_sizes_opt")])\nfn = F.conv2d(x, w, torch.zeros(2, dtype=torch.float64), dilation=(2, 1)).grad_fn\nprint([getattr(fn, "_saved_" + a) for a in ("stride", "padding", "dilation", "bias_sym_sizes_opt")])\nfn = F.max_pool2d(x, 2).grad_fn\nprint([getattr(fn, "_saved_" + a) for a in ("kernel_size", "stride", "padding", "dilation", "ceil_mode")])\nfn = F.max_pool2d(x[0], (2, 3), stride=1, padding=1, ceil_mode=True).grad_fn\nprint([getattr(fn, "_saved_" + a) for a in ("kernel_size", "stride", "padding", "dilation", "ceil_mode")])\nfn = F.avg_pool2d(x, 3, 1, 1, ceil_mode=True).grad_fn\nprint([getattr(fn, "_saved_" + a) for a in ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override")])\nprint(x[0, 0].diagonal().grad_fn._saved_dim2, x[0, 0].diagonal(0, 1, 0).grad_fn._saved_dim2)\n',
     '[(2, 2), (1, 1), (1, 1), False, (0, 0), 1, (0,)]\n[(1, 1), (0, 0), (2, 1), (2,)]\n[(2, 2), (), (0, 0), (1, 1), False]\n[(2, 3), (1, 1), (1, 1), (1, 1), True]\n[(3, 3), (1, 1), (1, 1), True, True, None]\n1 0\n'),
]

PROGRAMS = {"retain-and-grad": RETAIN_AND_GRAD, "saved-hooks-packs": SAVED_HOOKS_PACKS,
            "nll-saved": NLL_SAVED, "raw-saved": RAW_SAVED, "saved-names": SAVED_NAMES,
            "node-constants": NODE_CONSTANTS}

test_prints_what_pytorch_printed = printed_programs(PROGRAMS)
