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
