"""torch.matmul with a batched operand builds ATen's _matmul_impl graph: the batch folded
into one mm/mv (should_fold: the other operand requires grad, or the batch folds without a
copy; transposed when the batched operand is second), else expand + reshape + bmm, then
_unsafe_view. Expected: the result shape and the graph (depth first) PyTorch 2.13 printed,
for each operand shape, requires_grad pair and layout ('t': a batch-transposed copy)."""
import pytest

import gradcli as torch

GOLDEN = """\
(2, 3, 4) (4, 5) True True c (2, 3, 5) UnsafeViewBackward0 |   MmBackward0 |     ViewBackward0 |       torch::autograd::AccumulateGrad |     torch::autograd::AccumulateGrad
(2, 3, 4) (4, 5) True True t (2, 3, 5) UnsafeViewBackward0 |   MmBackward0 |     UnsafeViewBackward0 |       CloneBackward0 |         torch::autograd::AccumulateGrad |     torch::autograd::AccumulateGrad
(2, 3, 4) (4, 5) True False c (2, 3, 5) UnsafeViewBackward0 |   MmBackward0 |     ViewBackward0 |       torch::autograd::AccumulateGrad |     None
(2, 3, 4) (4, 5) True False t (2, 3, 5) UnsafeViewBackward0 |   BmmBackward0 |     ReshapeAliasBackward0 |       ExpandBackward0 |         torch::autograd::AccumulateGrad |     None
(2, 3, 4) (4, 5) False True c (2, 3, 5) UnsafeViewBackward0 |   MmBackward0 |     None |     torch::autograd::AccumulateGrad
(2, 3, 4) (4, 5) False True t (2, 3, 5) UnsafeViewBackward0 |   MmBackward0 |     None |     torch::autograd::AccumulateGrad
(2, 3, 4) (4,) True True c (2, 3) UnsafeViewBackward0 |   MvBackward0 |     ViewBackward0 |       torch::autograd::AccumulateGrad |     torch::autograd::AccumulateGrad
(2, 3, 4) (4,) True True t (2, 3) UnsafeViewBackward0 |   MvBackward0 |     UnsafeViewBackward0 |       CloneBackward0 |         torch::autograd::AccumulateGrad |     torch::autograd::AccumulateGrad
(2, 3, 4) (4,) True False c (2, 3) UnsafeViewBackward0 |   MvBackward0 |     ViewBackward0 |       torch::autograd::AccumulateGrad |     None
(2, 3, 4) (4,) True False t (2, 3) UnsafeViewBackward0 |   SqueezeBackward1 |     BmmBackward0 |       ReshapeAliasBackward0 |         ExpandBackward0 |           torch::autograd::AccumulateGrad |       None
(2, 3, 4) (4,) False True c (2, 3) UnsafeViewBackward0 |   MvBackward0 |     None |     torch::autograd::AccumulateGrad
(2, 3, 4) (4,) False True t (2, 3) UnsafeViewBackward0 |   MvBackward0 |     None |     torch::autograd::AccumulateGrad
(4,) (2, 4, 5) True True c (2, 5) UnsafeViewBackward0 |   MvBackward0 |     UnsafeViewBackward0 |       CloneBackward0 |         TransposeBackward0 |           torch::autograd::AccumulateGrad |     torch::autograd::AccumulateGrad
(4,) (2, 4, 5) True True t (2, 5) UnsafeViewBackward0 |   MvBackward0 |     ViewBackward0 |       TransposeBackward0 |         torch::autograd::AccumulateGrad |     torch::autograd::AccumulateGrad
(4,) (2, 4, 5) True False c (2, 5) UnsafeViewBackward0 |   MvBackward0 |     None |     torch::autograd::AccumulateGrad
(4,) (2, 4, 5) True False t (2, 5) UnsafeViewBackward0 |   MvBackward0 |     None |     torch::autograd::AccumulateGrad
(4,) (2, 4, 5) False True c (2, 5) UnsafeViewBackward0 |   BmmBackward0 |     None |     ViewBackward0 |       ExpandBackward0 |         torch::autograd::AccumulateGrad
(4,) (2, 4, 5) False True t (2, 5) UnsafeViewBackward0 |   MvBackward0 |     ViewBackward0 |       TransposeBackward0 |         torch::autograd::AccumulateGrad |     None
(3, 4) (2, 4, 5) True True c (2, 3, 5) CloneBackward0 |   TransposeBackward0 |     UnsafeViewBackward0 |       MmBackward0 |         UnsafeViewBackward0 |           CloneBackward0 |             TransposeBackward0 |               torch::autograd::AccumulateGrad |         TBackward0 |           torch::autograd::AccumulateGrad
(3, 4) (2, 4, 5) True True t (2, 3, 5) CloneBackward0 |   TransposeBackward0 |     UnsafeViewBackward0 |       MmBackward0 |         ViewBackward0 |           TransposeBackward0 |             torch::autograd::AccumulateGrad |         TBackward0 |           torch::autograd::AccumulateGrad
(3, 4) (2, 4, 5) True False c (2, 3, 5) CloneBackward0 |   TransposeBackward0 |     UnsafeViewBackward0 |       MmBackward0 |         None |         TBackward0 |           torch::autograd::AccumulateGrad
(3, 4) (2, 4, 5) True False t (2, 3, 5) CloneBackward0 |   TransposeBackward0 |     UnsafeViewBackward0 |       MmBackward0 |         None |         TBackward0 |           torch::autograd::AccumulateGrad
(3, 4) (2, 4, 5) False True c (2, 3, 5) UnsafeViewBackward0 |   BmmBackward0 |     None |     ViewBackward0 |       ExpandBackward0 |         torch::autograd::AccumulateGrad
(3, 4) (2, 4, 5) False True t (2, 3, 5) UnsafeViewBackward0 |   BmmBackward0 |     None |     ReshapeAliasBackward0 |       ExpandBackward0 |         torch::autograd::AccumulateGrad
(2, 3, 4) (2, 4, 5) True True c (2, 3, 5) UnsafeViewBackward0 |   BmmBackward0 |     ViewBackward0 |       ExpandBackward0 |         torch::autograd::AccumulateGrad |     ViewBackward0 |       ExpandBackward0 |         torch::autograd::AccumulateGrad
(2, 3, 4) (2, 4, 5) True True t (2, 3, 5) UnsafeViewBackward0 |   BmmBackward0 |     ReshapeAliasBackward0 |       ExpandBackward0 |         torch::autograd::AccumulateGrad |     ReshapeAliasBackward0 |       ExpandBackward0 |         torch::autograd::AccumulateGrad
(2, 3, 4) (2, 4, 5) True False c (2, 3, 5) UnsafeViewBackward0 |   BmmBackward0 |     ViewBackward0 |       ExpandBackward0 |         torch::autograd::AccumulateGrad |     None
(2, 3, 4) (2, 4, 5) True False t (2, 3, 5) UnsafeViewBackward0 |   BmmBackward0 |     ReshapeAliasBackward0 |       ExpandBackward0 |         torch::autograd::AccumulateGrad |     None
(2, 3, 4) (2, 4, 5) False True c (2, 3, 5) UnsafeViewBackward0 |   BmmBackward0 |     None |     ViewBackward0 |       ExpandBackward0 |         torch::autograd::AccumulateGrad
(2, 3, 4) (2, 4, 5) False True t (2, 3, 5) UnsafeViewBackward0 |   BmmBackward0 |     None |     ReshapeAliasBackward0 |       ExpandBackward0 |         torch::autograd::AccumulateGrad
(2, 3, 4) (1, 4, 5) True True c (2, 3, 5) UnsafeViewBackward0 |   MmBackward0 |     ViewBackward0 |       torch::autograd::AccumulateGrad |     SqueezeBackward1 |       torch::autograd::AccumulateGrad
(2, 3, 4) (1, 4, 5) True True t (2, 3, 5) UnsafeViewBackward0 |   MmBackward0 |     UnsafeViewBackward0 |       CloneBackward0 |         torch::autograd::AccumulateGrad |     SqueezeBackward1 |       torch::autograd::AccumulateGrad
(2, 3, 4) (1, 4, 5) True False c (2, 3, 5) UnsafeViewBackward0 |   BmmBackward0 |     ViewBackward0 |       ExpandBackward0 |         torch::autograd::AccumulateGrad |     None
(2, 3, 4) (1, 4, 5) True False t (2, 3, 5) UnsafeViewBackward0 |   BmmBackward0 |     ReshapeAliasBackward0 |       ExpandBackward0 |         torch::autograd::AccumulateGrad |     None
(2, 3, 4) (1, 4, 5) False True c (2, 3, 5) UnsafeViewBackward0 |   MmBackward0 |     None |     SqueezeBackward1 |       torch::autograd::AccumulateGrad
(2, 3, 4) (1, 4, 5) False True t (2, 3, 5) UnsafeViewBackward0 |   MmBackward0 |     None |     SqueezeBackward1 |       torch::autograd::AccumulateGrad
(1, 3, 4) (2, 4, 5) True True c (2, 3, 5) CloneBackward0 |   TransposeBackward0 |     UnsafeViewBackward0 |       MmBackward0 |         UnsafeViewBackward0 |           CloneBackward0 |             TransposeBackward0 |               torch::autograd::AccumulateGrad |         TBackward0 |           SqueezeBackward1 |             torch::autograd::AccumulateGrad
(1, 3, 4) (2, 4, 5) True True t (2, 3, 5) CloneBackward0 |   TransposeBackward0 |     UnsafeViewBackward0 |       MmBackward0 |         ViewBackward0 |           TransposeBackward0 |             torch::autograd::AccumulateGrad |         TBackward0 |           SqueezeBackward1 |             torch::autograd::AccumulateGrad
(1, 3, 4) (2, 4, 5) True False c (2, 3, 5) CloneBackward0 |   TransposeBackward0 |     UnsafeViewBackward0 |       MmBackward0 |         None |         TBackward0 |           SqueezeBackward1 |             torch::autograd::AccumulateGrad
(1, 3, 4) (2, 4, 5) True False t (2, 3, 5) CloneBackward0 |   TransposeBackward0 |     UnsafeViewBackward0 |       MmBackward0 |         None |         TBackward0 |           SqueezeBackward1 |             torch::autograd::AccumulateGrad
(1, 3, 4) (2, 4, 5) False True c (2, 3, 5) UnsafeViewBackward0 |   BmmBackward0 |     None |     ViewBackward0 |       ExpandBackward0 |         torch::autograd::AccumulateGrad
(1, 3, 4) (2, 4, 5) False True t (2, 3, 5) UnsafeViewBackward0 |   BmmBackward0 |     None |     ReshapeAliasBackward0 |       ExpandBackward0 |         torch::autograd::AccumulateGrad
(2, 1, 3, 4) (5, 4, 2) True True c (2, 5, 3, 2) UnsafeViewBackward0 |   BmmBackward0 |     UnsafeViewBackward0 |       CloneBackward0 |         ExpandBackward0 |           torch::autograd::AccumulateGrad |     UnsafeViewBackward0 |       CloneBackward0 |         ExpandBackward0 |           torch::autograd::AccumulateGrad
(2, 1, 3, 4) (5, 4, 2) True True t (2, 5, 3, 2) UnsafeViewBackward0 |   BmmBackward0 |     UnsafeViewBackward0 |       CloneBackward0 |         ExpandBackward0 |           torch::autograd::AccumulateGrad |     UnsafeViewBackward0 |       CloneBackward0 |         ExpandBackward0 |           torch::autograd::AccumulateGrad
(2, 1, 3, 4) (5, 4, 2) True False c (2, 5, 3, 2) UnsafeViewBackward0 |   BmmBackward0 |     UnsafeViewBackward0 |       CloneBackward0 |         ExpandBackward0 |           torch::autograd::AccumulateGrad |     None
(2, 1, 3, 4) (5, 4, 2) True False t (2, 5, 3, 2) UnsafeViewBackward0 |   BmmBackward0 |     UnsafeViewBackward0 |       CloneBackward0 |         ExpandBackward0 |           torch::autograd::AccumulateGrad |     None
(2, 1, 3, 4) (5, 4, 2) False True c (2, 5, 3, 2) UnsafeViewBackward0 |   BmmBackward0 |     None |     UnsafeViewBackward0 |       CloneBackward0 |         ExpandBackward0 |           torch::autograd::AccumulateGrad
(2, 1, 3, 4) (5, 4, 2) False True t (2, 5, 3, 2) UnsafeViewBackward0 |   BmmBackward0 |     None |     UnsafeViewBackward0 |       CloneBackward0 |         ExpandBackward0 |           torch::autograd::AccumulateGrad
(2, 3, 4) (2, 4) True True c ERR mat1 and mat2 shapes cannot be multiplied (6x4 and 2x4)
(2, 3, 4) (2, 4) True True t ERR mat1 and mat2 shapes cannot be multiplied (6x4 and 2x4)
(2, 3, 4) (2, 4) True False c ERR mat1 and mat2 shapes cannot be multiplied (6x4 and 2x4)
(2, 3, 4) (2, 4) True False t ERR Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 2].
(2, 3, 4) (2, 4) False True c ERR mat1 and mat2 shapes cannot be multiplied (6x4 and 2x4)
(2, 3, 4) (2, 4) False True t ERR mat1 and mat2 shapes cannot be multiplied (6x4 and 2x4)
(5,) (2, 3, 5, 2) True True c (2, 3, 2) UnsafeViewBackward0 |   MvBackward0 |     UnsafeViewBackward0 |       CloneBackward0 |         TransposeBackward0 |           torch::autograd::AccumulateGrad |     torch::autograd::AccumulateGrad
(5,) (2, 3, 5, 2) True True t (2, 3, 2) UnsafeViewBackward0 |   MvBackward0 |     ViewBackward0 |       TransposeBackward0 |         torch::autograd::AccumulateGrad |     torch::autograd::AccumulateGrad
(5,) (2, 3, 5, 2) True False c (2, 3, 2) UnsafeViewBackward0 |   MvBackward0 |     None |     torch::autograd::AccumulateGrad
(5,) (2, 3, 5, 2) True False t (2, 3, 2) UnsafeViewBackward0 |   MvBackward0 |     None |     torch::autograd::AccumulateGrad
(5,) (2, 3, 5, 2) False True c (2, 3, 2) UnsafeViewBackward0 |   BmmBackward0 |     None |     ViewBackward0 |       ExpandBackward0 |         torch::autograd::AccumulateGrad
(5,) (2, 3, 5, 2) False True t (2, 3, 2) UnsafeViewBackward0 |   MvBackward0 |     ViewBackward0 |       TransposeBackward0 |         torch::autograd::AccumulateGrad |     None
(2, 2, 3, 4) (4,) True True c (2, 2, 3) UnsafeViewBackward0 |   MvBackward0 |     ViewBackward0 |       torch::autograd::AccumulateGrad |     torch::autograd::AccumulateGrad
(2, 2, 3, 4) (4,) True True t (2, 2, 3) UnsafeViewBackward0 |   MvBackward0 |     UnsafeViewBackward0 |       CloneBackward0 |         torch::autograd::AccumulateGrad |     torch::autograd::AccumulateGrad
(2, 2, 3, 4) (4,) True False c (2, 2, 3) UnsafeViewBackward0 |   MvBackward0 |     ViewBackward0 |       torch::autograd::AccumulateGrad |     None
(2, 2, 3, 4) (4,) True False t (2, 2, 3) UnsafeViewBackward0 |   SqueezeBackward1 |     BmmBackward0 |       UnsafeViewBackward0 |         CloneBackward0 |           ExpandBackward0 |             torch::autograd::AccumulateGrad |       None
(2, 2, 3, 4) (4,) False True c (2, 2, 3) UnsafeViewBackward0 |   MvBackward0 |     None |     torch::autograd::AccumulateGrad
(2, 2, 3, 4) (4,) False True t (2, 2, 3) UnsafeViewBackward0 |   MvBackward0 |     None |     torch::autograd::AccumulateGrad
(3, 4) (1, 4, 2) True True c (1, 3, 2) CloneBackward0 |   TransposeBackward0 |     UnsafeViewBackward0 |       MmBackward0 |         ReshapeAliasBackward0 |           TransposeBackward0 |             torch::autograd::AccumulateGrad |         TBackward0 |           torch::autograd::AccumulateGrad
(3, 4) (1, 4, 2) True True t (1, 3, 2) CloneBackward0 |   TransposeBackward0 |     UnsafeViewBackward0 |       MmBackward0 |         ViewBackward0 |           TransposeBackward0 |             torch::autograd::AccumulateGrad |         TBackward0 |           torch::autograd::AccumulateGrad
(3, 4) (1, 4, 2) True False c (1, 3, 2) CloneBackward0 |   TransposeBackward0 |     UnsafeViewBackward0 |       MmBackward0 |         None |         TBackward0 |           torch::autograd::AccumulateGrad
(3, 4) (1, 4, 2) True False t (1, 3, 2) CloneBackward0 |   TransposeBackward0 |     UnsafeViewBackward0 |       MmBackward0 |         None |         TBackward0 |           torch::autograd::AccumulateGrad
(3, 4) (1, 4, 2) False True c (1, 3, 2) UnsafeViewBackward0 |   BmmBackward0 |     None |     ViewBackward0 |       ExpandBackward0 |         torch::autograd::AccumulateGrad
(3, 4) (1, 4, 2) False True t (1, 3, 2) UnsafeViewBackward0 |   BmmBackward0 |     None |     ReshapeAliasBackward0 |       ExpandBackward0 |         torch::autograd::AccumulateGrad"""

SHAPES = [((2, 3, 4), (4, 5)), ((2, 3, 4), (4,)), ((4,), (2, 4, 5)), ((3, 4), (2, 4, 5)),
          ((2, 3, 4), (2, 4, 5)), ((2, 3, 4), (1, 4, 5)), ((1, 3, 4), (2, 4, 5)),
          ((2, 1, 3, 4), (5, 4, 2)), ((2, 3, 4), (2, 4)), ((5,), (2, 3, 5, 2)),
          ((2, 2, 3, 4), (4,)), ((3, 4), (1, 4, 2))]


def tree(t):
    out, stack = [], [(t.grad_fn, 0)]
    while stack:
        node, d = stack.pop()
        out.append("  " * d + ("None" if node is None else node.name()))
        if node is not None:
            stack.extend((m, d + 1) for m, _ in reversed(node.next_functions))
    return " | ".join(out)


def _operand(shape, layout, scale, batch_dim):
    n = 1
    for s in shape:
        n *= s
    t = torch.arange(float(n)).reshape(shape) / scale - 0.5
    if layout == "t" and len(shape) >= 3:
        t = t.transpose(*batch_dim).contiguous().transpose(*batch_dim)
    return t


CASES = [(sa, sb, ra, rb, layout) for sa, sb in SHAPES
         for ra, rb in [(True, True), (True, False), (False, True)] for layout in "ct"]


@pytest.mark.parametrize("sa, sb, ra, rb, layout", CASES)
def test_matmul_graph(sa, sb, ra, rb, layout):
    a = _operand(sa, layout, 7, (0, 1)).requires_grad_(ra)
    b = _operand(sb, layout, 5, (-1, -2)).requires_grad_(rb)
    want = [line for line in GOLDEN.splitlines() if line.startswith(f"{sa} {sb} {ra} {rb} {layout} ")]
    try:
        y = a @ b
    except RuntimeError as e:
        assert [f"{sa} {sb} {ra} {rb} {layout} ERR {e}"] == want
        return
    got = f"{sa} {sb} {ra} {rb} {layout} {tuple(y.shape)} {tree(y)}"
    assert [got] == want
    (y * y).sum().backward()
    for t, flag in ((a, ra), (b, rb)):
        assert (t.grad is not None) == flag and (t.grad is None or t.grad.shape == t.shape)


ERRORS = """\
(2, 3, 4) (5,) True True RuntimeError size mismatch, got input (6), mat (6x4), vec (5)
(2, 3, 4) (5,) False False RuntimeError size mismatch, got input (6), mat (6x4), vec (5)
(2, 3, 4) (5,) True False RuntimeError size mismatch, got input (6), mat (6x4), vec (5)
(2, 3, 4) (5,) False True RuntimeError size mismatch, got input (6), mat (6x4), vec (5)
(2, 3, 4) (5, 2) True True RuntimeError mat1 and mat2 shapes cannot be multiplied (6x4 and 5x2)
(2, 3, 4) (5, 2) False False RuntimeError mat1 and mat2 shapes cannot be multiplied (6x4 and 5x2)
(2, 3, 4) (5, 2) True False RuntimeError mat1 and mat2 shapes cannot be multiplied (6x4 and 5x2)
(2, 3, 4) (5, 2) False True RuntimeError mat1 and mat2 shapes cannot be multiplied (6x4 and 5x2)
(5,) (2, 3, 4) True True RuntimeError size mismatch, got input (8), mat (8x3), vec (5)
(5,) (2, 3, 4) False False RuntimeError Expected size for first two dimensions of batch2 tensor to be: [2, 5] but got: [2, 3].
(5,) (2, 3, 4) True False RuntimeError size mismatch, got input (8), mat (8x3), vec (5)
(5,) (2, 3, 4) False True RuntimeError Expected size for first two dimensions of batch2 tensor to be: [2, 5] but got: [2, 3].
(2, 5) (2, 3, 4) True True RuntimeError mat1 and mat2 shapes cannot be multiplied (8x3 and 5x2)
(2, 5) (2, 3, 4) False False RuntimeError Expected size for first two dimensions of batch2 tensor to be: [2, 5] but got: [2, 3].
(2, 5) (2, 3, 4) True False RuntimeError mat1 and mat2 shapes cannot be multiplied (8x3 and 5x2)
(2, 5) (2, 3, 4) False True RuntimeError Expected size for first two dimensions of batch2 tensor to be: [2, 5] but got: [2, 3].
(2, 3, 4) (2, 5, 2) True True RuntimeError Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5].
(2, 3, 4) (2, 5, 2) False False RuntimeError Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5].
(2, 3, 4) (2, 5, 2) True False RuntimeError Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5].
(2, 3, 4) (2, 5, 2) False True RuntimeError Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5].
(2, 3, 4) (3, 4, 2) True True RuntimeError The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0
(2, 3, 4) (3, 4, 2) False False RuntimeError The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0
(2, 3, 4) (3, 4, 2) True False RuntimeError The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0
(2, 3, 4) (3, 4, 2) False True RuntimeError The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0
(1, 3, 4) (2, 5, 2) True True RuntimeError mat1 and mat2 shapes cannot be multiplied (4x5 and 4x3)
(1, 3, 4) (2, 5, 2) False False RuntimeError Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5].
(1, 3, 4) (2, 5, 2) True False RuntimeError mat1 and mat2 shapes cannot be multiplied (4x5 and 4x3)
(1, 3, 4) (2, 5, 2) False True RuntimeError Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5].
(2, 2, 3, 4) (3, 4, 5) True True RuntimeError The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1
(2, 2, 3, 4) (3, 4, 5) False False RuntimeError The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1
(2, 2, 3, 4) (3, 4, 5) True False RuntimeError The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1
(2, 2, 3, 4) (3, 4, 5) False True RuntimeError The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1
(3,) (2, 3, 4, 1) True True RuntimeError size mismatch, got input (6), mat (6x4), vec (3)
(3,) (2, 3, 4, 1) False False RuntimeError Expected size for first two dimensions of batch2 tensor to be: [6, 3] but got: [6, 4].
(3,) (2, 3, 4, 1) True False RuntimeError size mismatch, got input (6), mat (6x4), vec (3)
(3,) (2, 3, 4, 1) False True RuntimeError Expected size for first two dimensions of batch2 tensor to be: [6, 3] but got: [6, 4].
(2, 3, 4) (4, 5, 6, 7) True True RuntimeError The size of tensor a (2) must match the size of tensor b (5) at non-singleton dimension 1
(2, 3, 4) (4, 5, 6, 7) False False RuntimeError The size of tensor a (2) must match the size of tensor b (5) at non-singleton dimension 1
(2, 3, 4) (4, 5, 6, 7) True False RuntimeError The size of tensor a (2) must match the size of tensor b (5) at non-singleton dimension 1
(2, 3, 4) (4, 5, 6, 7) False True RuntimeError The size of tensor a (2) must match the size of tensor b (5) at non-singleton dimension 1"""


@pytest.mark.parametrize("line", ERRORS.splitlines())
def test_matmul_errors_come_from_the_op_pytorch_reaches(line):
    """a folded mm/mv reports mm's or mv's sizes, a bmm bmm's, batches the broadcast's"""
    head, message = line.split(" RuntimeError ")
    sa, sb, ra, rb = eval("[" + head.replace(") (", "), (").replace(" True", ", True")
                          .replace(" False", ", False") + "]")
    a, b = torch.ones(sa, requires_grad=ra), torch.ones(sb, requires_grad=rb)
    with pytest.raises(RuntimeError) as e:
        a @ b
    assert str(e.value) == message


# baddbmm of fewer than 400 products: ATen's plain loop, the products added in turn from 0,
# then c * beta + alpha * sum (beta 0 ignores c), as torch 2.13 printed them
BADDBMM_SMALL = ('g = torch.Generator().manual_seed(21)\nfor dt in (torch.float32, torch.float64):\n    for (n, p, k, m), cs, beta, alpha in (((2, 3, 5, 4), (2, 3, 4), 1, 1), ((1, 4, 3, 2), (2,), 0.5, 2.0), ((3, 2, 6, 3), (2, 1), 0, 1), ((2, 5, 4, 3), (1, 5, 3), 1, -1.5)):\n        c, a, b = torch.randn(*cs, generator=g, dtype=dt), torch.randn(n, p, k, generator=g, dtype=dt), torch.randn(n, k, m, generator=g, dtype=dt)\n        print(torch.baddbmm(c, a, b, beta=beta, alpha=alpha).flatten().tolist())\n',
                 '[-0.6207298636436462, -3.6767945289611816, 0.9615029096603394, 1.893309235572815, -3.6985080242156982, -1.8870210647583008, -1.0396238565444946, 1.0378124713897705, -2.007831573486328, 3.5268394947052, -5.289673805236816, -0.2093433439731598, 0.3532674312591553, -1.46043860912323, 3.971194267272949, -3.041285514831543, -2.0384554862976074, 0.24505716562271118, 0.7746070623397827, -0.12041696161031723, 4.59827184677124, -5.123335838317871, 4.601228713989258, -3.482445001602173]\n[-0.9001168012619019, 0.9372259974479675, -3.0055060386657715, -2.4435315132141113, 11.611416816711426, -2.96691632270813, -5.444855690002441, 2.457451105117798]\n[-2.3708248138427734, -0.4788237512111664, 0.26366567611694336, 0.3768039345741272, -1.6069915294647217, -1.320751428604126, -1.006065011024475, -3.2916884422302246, -0.6863406896591187, 1.4209017753601074, -0.05762547254562378, 0.7820066213607788, 0.3653470277786255, -3.4956579208374023, 3.756124496459961, 3.8766591548919678, 3.758310079574585, 0.9128497838973999]\n[-2.5149831771850586, -4.613372325897217, 0.1547837257385254, 8.66845989227295, -4.213588714599609, 3.7454311847686768, -4.473006248474121, -3.732497453689575, 0.46642351150512695, 6.028676509857178, 5.733369827270508, -2.1728663444519043, -11.863370895385742, -4.16900634765625, -0.6325584650039673, 1.4390594959259033, -3.706338405609131, -0.5935191512107849, 2.0990259647369385, -3.949751138687134, 1.296656847000122, 2.3743948936462402, -12.151533126831055, 1.9568631649017334, 1.2605769634246826, -1.2891502380371094, 3.3226943016052246, -2.062692165374756, 0.35283416509628296, 2.0864343643188477]\n[1.1517571772778936, -0.26229267508519993, 3.1614314616920454, -0.5399690771541922, -1.2977513380126524, 0.47804106470570906, -3.043138098036651, 1.1369335815283552, 0.28515673200566605, -3.0104131920744526, -4.90817576657841, -0.7356595255316438, -0.9193100866203462, -1.7742913181728617, 2.9327798850003237, -0.7029342783034876, 3.4880064708934455, -1.2076643598462753, 1.3997442844386547, -2.7951254698256403, -1.3403560590937476, 3.7545166861625185, -1.7954354763329985, 1.5072407824950345]\n[-2.3618723959613304, 2.7467059499881445, -4.961505789070168, 2.9838190129856557, 2.859854056478812, -0.5932443784259005, 4.907616778099246, -4.424159414715059]\n[-1.6106735687400873, -0.3196705215964598, 0.8536539676671435, 2.5494310310035746, -1.2582009431612342, 0.6736237289190949, 0.31019658569073405, -2.6375761826795943, -0.2053900487626114, 0.4089881910102883, 5.630702591626948, 3.2641598045534, 0.557531429535176, 3.047417891419002, -0.39120748998585975, -2.8353669774342305, -3.106245628520841, 3.8459196088373333]\n[1.5940989824278315, 1.7595294872593026, 1.4646340520734984, 2.603283613576859, -0.15107448470936194, -1.769288796325949, 3.090690157759754, -0.97423324704695, 0.34777938992988133, -2.767299173680792, 2.6343152913009513, 4.203149392579348, -2.1035098157473344, -2.6510358295255707, -2.5359327356641677, 3.460271723687577, 1.9530764321407132, 0.46885463205366534, -0.6498197905208228, 2.729341987233199, -2.7918880704777225, -2.707399899795952, -3.3164461452730984, 2.1147483012804518, -1.373757366295259, -1.4789031571182234, -0.04864283642099143, 0.5582784216338634, -0.8023240438105317, -0.5382137847700091]\n')


def test_small_baddbmm_is_atens_plain_loop():
    from test_autograd_parity4 import run
    source, expected = BADDBMM_SMALL
    assert run(source) == expected
