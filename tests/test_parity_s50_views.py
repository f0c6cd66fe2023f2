"""Found in session 50 by a new mode of the differential fuzzer, `tools/parity_fuzz.py --mode
views` (chains of views of leaves and their clones, in-place ops on bases, views and views of
views, some under no_grad or as out= writes, detach/requires_grad_, then backward). Each
expected output is what torch 2.13 printed (format of test_autograd_parity4).

view_of_unbind_output: a view of an output of unbind/split/chunk inherits PyTorch's
MULTI_OUTPUT_NODE creation meta. gradcli allowed an in-place op on it (or refused it as a leaf
view) and kept its history after its base was written; now the in-place op is refused naming
the view's own op ("Output 0 of Select ..."), and once the base is written its grad_fn is
invalid (reading it raises, it prints grad_fn=<Invalid>).
split_output_written_under_no_grad: a write under no_grad into an output of split (or its
base) made the output and its views invalid in PyTorch; gradcli kept SplitBackward0 and gave an
AsStridedBackward0 to the view, and backward through it ran. Now both are invalid.
setitem_into_unbind_output: `u[key] = v` into an unbind output is refused naming the view op
the indexing applied last (Select, Slice, Unsqueeze; Unbind itself for `...`, tensor indices
and full slices); gradcli always named Unbind/Split.
inplace_on_invalidated_chunk_output: an in-place op on a chunk output made invalid named
"Output 0 of Invalid"; PyTorch names the op that made it (Output 1 of Split).
out_write_under_no_grad: an out= write under no_grad into a view of a leaf requiring grad now
regenerates the view's history (AsStridedBackward0), as an in-place op under no_grad does.
view_made_before_base_required_grad: a view made before its base required grad, whose memory
was written (before or after base.requires_grad_()), has PyTorch's regenerated history
(AsStridedBackward0 of base); gradcli left it without history, so the gradient through it
never reached base (x.grad was missing the view's part).
setitem_into_expanded_view: `v[key] = value` into an expanded tensor writes only v[key],
which PyTorch allows when that region holds each element once; gradcli refused it ("more than
one element of the written-to tensor refers to a single memory location"), also for the
`t = e[:1]; t += 1; e[:1] = t` that `e[:1] += 1` is.
unbind_output_before_base_required_grad: an output of unbind made in grad mode of a tensor
that did not require grad follows base.requires_grad_() (requires_grad True, no grad_fn), and
an in-place op on it or on a view of it is refused as a view of several made without grad;
gradcli left its requires_grad False (backward from it: "element 0 of tensors does not require
grad") and worded the refusal as a plain no_grad view's or a leaf view's.
"""
from test_autograd_parity4 import printed_programs

PROGRAMS = {
    "view_of_unbind_output": [
    ('x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\nb = x.clone()\nv = b.unbind(0)[1]\nw = v[0]\nprint(w.grad_fn)\ntry:\n    w.add_(1)\nexcept RuntimeError as e:\n    print(e)\nb.mul_(2)\nprint(w)\ntry:\n    print(w.grad_fn)\nexcept RuntimeError as e:\n    print(e)\n',
     '<SelectBackward0 object at 0x>\nOutput 0 of Select is a view and is being modified inplace. This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one.\ntensor(6., grad_fn=<Invalid>)\nOutput 0 of Select is a view and its base or another view of its base has been modified inplace. This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one.\n'),
    ],
    "split_output_written_under_no_grad": [
    ('x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\nb = x.clone()\nu = b.split(1)[1]\nw = u.view(-1)\nwith torch.no_grad():\n    u.mul_(2)\nprint(b, u, w)\nfor t in (u, w):\n    try:\n        print(t.grad_fn)\n    except RuntimeError as e:\n        print(e)\ntry:\n    w.sum().backward()\nexcept RuntimeError as e:\n    print(e)\n',
     'tensor([[1., 2.],\n        [6., 8.]], grad_fn=<CloneBackward0>) tensor([[6., 8.]], grad_fn=<Invalid>) tensor([6., 8.], grad_fn=<Invalid>)\nOutput 1 of Split is a view and its base or another view of its base has been modified inplace. This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one.\nOutput 0 of View is a view and its base or another view of its base has been modified inplace. This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one.\nOutput 0 of View is a view and its base or another view of its base has been modified inplace. This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one.\n'),
    ],
    "setitem_into_unbind_output": [
    ('x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\nb = x.clone()\nu = b.unbind(0)[0]\nfor idx in [0, slice(1, None), Ellipsis, (Ellipsis, 0), None, torch.tensor([0]), torch.tensor([True, False]), (0,), (slice(None),)]:\n    try:\n        u[idx] = 2.0\n    except Exception as e:\n        print("E", str(e)[:40])\nm = b.split(1)[0]\nfor idx in [(0, 1), (slice(None), 0), (None, 0), (0, None), (slice(None), slice(None, 1))]:\n    try:\n        m[idx] = 2.0\n    except Exception as e:\n        print("E", str(e)[:40])\ntry:\n    m[0] += 1\nexcept Exception as e:\n    print("E", str(e)[:40])\nprint(b)\n',
     'E Output 0 of Select is a view and is bein\nE Output 0 of Slice is a view and is being\nE Output 0 of Unbind is a view and is bein\nE Output 0 of Select is a view and is bein\nE Output 0 of Unsqueeze is a view and is b\nE Output 0 of Unbind is a view and is bein\nE Output 0 of Unbind is a view and is bein\nE Output 0 of Select is a view and is bein\nE Output 0 of Unbind is a view and is bein\nE Output 0 of Select is a view and is bein\nE Output 0 of Select is a view and is bein\nE Output 0 of Select is a view and is bein\nE Output 0 of Unsqueeze is a view and is b\nE Output 0 of Slice is a view and is being\nE Output 0 of Select is a view and is bein\ntensor([[1., 2.],\n        [3., 4.]], grad_fn=<CloneBackward0>)\n'),
    ],
    "inplace_on_invalidated_chunk_output": [
    ('x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\nb = x.clone()\nu = b.chunk(2)[1]\nb.mul_(2)\ntry:\n    u.add_(1)\nexcept RuntimeError as e:\n    print(e)\nprint(u._version, b._version)\n',
     'Output 1 of Split is a view and is being modified inplace. This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one.\n1 1\n'),
    ],
    "out_write_under_no_grad": [
    ('x = torch.tensor([[1., 2., 3., 4.], [5., 6., 7., 8.]], requires_grad=True)\nv = x[:, 1::2]\nwith torch.no_grad():\n    torch.add(v, 1, out=v)\nprint(v, v._version)\nprint(v.grad_fn)\nv.sum().backward()\nprint(x.grad)\n',
     'tensor([[3., 5.],\n        [7., 9.]], grad_fn=<AsStridedBackward0>) 1\n<AsStridedBackward0 object at 0x>\ntensor([[0., 1., 0., 1.],\n        [0., 1., 0., 1.]])\n'),
    ],
    "view_made_before_base_required_grad": [
    ('x = torch.tensor([[1., 2.], [3., 4.]])\nd = x.diagonal()\ne = x[0]\nwith torch.no_grad():\n    d.div_(2)\nx.requires_grad_()\nprint(d.requires_grad, d.is_leaf, d.grad_fn)\nprint(e.requires_grad, e.is_leaf, e.grad_fn)\n(d.sum() + x.sum()).backward()\nprint(x.grad)\ny = torch.tensor([1., 2., 3.])\nv = y[1:]\ny.requires_grad_()\nwith torch.no_grad():\n    y.mul_(2)\nprint(v.grad_fn)\n(v * 2).sum().backward()\nprint(y.grad)\n',
     'True False <AsStridedBackward0 object at 0x>\nTrue False <AsStridedBackward0 object at 0x>\ntensor([[2., 1.],\n        [1., 2.]])\n<AsStridedBackward0 object at 0x>\ntensor([0., 2., 2.])\n'),
    ],
    "setitem_into_expanded_view": [
    ('x = torch.ones(2, 3, requires_grad=True)\nb = x.exp()\nv = b.expand(2, 2, 3)\nv[0] = 2.0\nprint(v, b)\nw = torch.tensor([1., 2., 3.], requires_grad=True)\nv[1, 1] = w * 2\nprint(b, v._version, v.grad_fn)\nb.sum().backward()\nprint(x.grad, w.grad)\ntry:\n    v[:, 0] = 3.0\nexcept RuntimeError as e:\n    print(e)\ng = torch.zeros(3, 1)\ne = g.expand(2, 3, 1)\nt = e[:1]\nt += 1\ne[:1] = t\nprint(g, g._version)\n',
     'tensor([[[2., 2., 2.],\n         [2., 2., 2.]],\n\n        [[2., 2., 2.],\n         [2., 2., 2.]]], grad_fn=<AsStridedBackward0>) tensor([[2., 2., 2.],\n        [2., 2., 2.]], grad_fn=<CopySlices>)\ntensor([[2., 2., 2.],\n        [2., 4., 6.]], grad_fn=<CopySlices>) 2 <AsStridedBackward0 object at 0x>\n!! RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2, 3]], which is output 0 of Exp, is at version 2; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).\n'),
    ],
    "unbind_output_before_base_required_grad": [
    ('x = torch.tensor([[1., 2.], [3., 4.]])\nv = x.unbind(1)[1]\nw = v[0]\nx.requires_grad_()\nprint(v.requires_grad, v.is_leaf, v.grad_fn, w.requires_grad)\ntry:\n    v.mul_(2)\nexcept RuntimeError as e:\n    print(e)\ntry:\n    w.mul_(2)\nexcept RuntimeError as e:\n    print(e)\n(v * 2).sum().backward()\n',
     'True True None True\nA view was created in no_grad mode and is being modified inplace with grad mode enabled. This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one.\nA view was created in no_grad mode and is being modified inplace with grad mode enabled. This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one.\n'),
    ],
}

test_programs = printed_programs(PROGRAMS)
