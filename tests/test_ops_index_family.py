"""The index family and the shape ops added with it (index_add, index_copy, index_fill,
index_put, scatter_reduce, take_along_dim, tensor_split and hsplit/vsplit/dsplit,
split_with_sizes, atleast_*d, broadcast_tensors/broadcast_shapes, column_stack, row_stack,
diagflat, sum_to_size, select/slice/diagonal_scatter, masked_scatter, fill_diagonal_,
unravel_index) against numbers recorded from PyTorch 2.13: values, `grad_fn` names,
gradients, in-place forms and error texts. Runs without PyTorch.
"""
from __future__ import annotations

import contextlib
import io

import numpy as np
import pytest

import gradcli as torch
from gradcli.errors import TorchIndexError, TorchRuntimeError, TorchTypeError, TorchValueError
from gradcli.lang import run_source


def f64(v):
    return torch.tensor(v, dtype=torch.float64, requires_grad=True)


def X():
    return f64([[1., 2., 3., 4.], [5., 6., 7., 8.], [9., 10., 11., 12.]])


def grads(y, *inputs):
    return [g.tolist() for g in torch.autograd.grad((y * y).sum(), list(inputs))]


def test_index_add_adds_alpha_times_the_slices_repeats_included():
    x, s = X(), f64([[1., 2.], [3., 4.], [5., 6.]])
    y = torch.index_add(x, 1, torch.tensor([0, 0]), s, alpha=3)
    assert y.tolist() == [[10., 2., 3., 4.], [26., 6., 7., 8.], [42., 10., 11., 12.]]
    assert y.grad_fn.name() == "IndexAddBackward0"
    assert grads(y, x, s) == [[[20., 4., 6., 8.], [52., 12., 14., 16.], [84., 20., 22., 24.]],
                              [[60., 60.], [156., 156.], [252., 252.]]]


def test_index_copy_writes_slices_and_zeroes_their_gradient():
    x, s = X(), f64([[1., 2.], [3., 4.], [5., 6.]])
    y = torch.index_copy(x, 1, torch.tensor([3, 1]), s)
    assert y.tolist() == [[1., 2., 3., 1.], [5., 4., 7., 3.], [9., 6., 11., 5.]]
    assert y.grad_fn.name() == "IndexCopyBackward0"
    assert grads(y, x, s) == [[[2., 0., 6., 0.], [10., 0., 14., 0.], [18., 0., 22., 0.]],
                              [[2., 4.], [6., 8.], [10., 12.]]]


def test_index_fill_with_a_tensor_value_gives_it_the_sum_over_distinct_slices():
    x, v = X(), f64(2.5)
    y = torch.index_fill(x, 0, torch.tensor([2, 0, 2]), v)
    assert y.tolist() == [[2.5] * 4, [5., 6., 7., 8.], [2.5] * 4]
    assert y.grad_fn.name() == "IndexFillBackward1"
    gx, gv = torch.autograd.grad((y * x).sum(), [x, v])
    assert gx.tolist() == [[2.5] * 4, [10., 12., 14., 16.], [2.5] * 4]
    assert gv.item() == 52.0
    assert torch.index_fill(X(), 1, torch.tensor([-1]), 0.0).grad_fn.name() == \
        "IndexFillBackward0"


def test_index_put_accumulates_repeats_and_counts_negative_indices_from_the_end():
    x, v = X(), f64([10., 20., 30.])
    y = torch.index_put(x, (torch.tensor([0, 0, 2]), torch.tensor([1, 1, -1])), v,
                        accumulate=True)
    assert y.tolist() == [[1., 32., 3., 4.], [5., 6., 7., 8.], [9., 10., 11., 42.]]
    assert y.grad_fn.name() == "IndexPutBackward0"
    assert grads(y, x, v) == [[[2., 64., 6., 8.], [10., 12., 14., 16.], [18., 20., 22., 84.]],
                              [64., 64., 84.]]


def test_index_put_with_a_byte_mask_is_deprecated():
    x, v = X(), f64([[1., 2., 3., 4.]])
    with pytest.warns(UserWarning, match="indexing with dtype torch.uint8 is now deprecated, "
                                         "please use a dtype torch.bool instead."):
        y = x.index_put((torch.tensor([1, 0, 1], dtype=torch.uint8),), v)
    assert y.tolist() == [[1., 2., 3., 4.], [5., 6., 7., 8.], [1., 2., 3., 4.]]


# (reduce, include_self) -> (result, d/dx, d/dsrc) of (y * y).sum(), from PyTorch 2.13
SCATTER_REDUCE = {
    ("sum", True): ([[7., 5., 3., 4.], [5., 6., 7., 19.]],
                    [[14., 10., 6., 8.], [10., 12., 14., 38.], [0.] * 4],
                    [[14., 10., 14.], [38., 38., 38.]]),
    ("sum", False): ([[6., 3., 3., 4.], [5., 6., 7., 11.]],
                     [[0., 0., 6., 8.], [10., 12., 14., 0.], [0.] * 4],
                     [[12., 6., 12.], [22., 22., 22.]]),
    ("prod", True): ([[8., 6., 3., 4.], [5., 6., 7., 0.]],
                     [[128., 36., 6., 8.], [10., 12., 14., 0.], [0.] * 4],
                     [[64., 24., 32.], [0., 0., 0.]]),
    ("prod", False): ([[8., 3., 3., 4.], [5., 6., 7., 0.]],
                      [[0., 0., 6., 8.], [10., 12., 14., 0.], [0.] * 4],
                      [[64., 6., 32.], [0., 0., 0.]]),
    ("mean", True): ([[2.3333333333333335, 2.5, 3., 4.], [5., 6., 7., 4.75]],
                     [[1.5555555555555556, 2.5, 6., 8.], [10., 12., 14., 2.375], [0.] * 4],
                     [[1.5555555555555556, 2.5, 1.5555555555555556], [2.375, 2.375, 2.375]]),
    ("mean", False): ([[3., 3., 3., 4.], [5., 6., 7., 3.6666666666666665]],
                      [[0., 0., 6., 8.], [10., 12., 14., 0.], [0.] * 4],
                      [[3., 6., 3.], [2.444444444444444] * 3]),
    ("amax", True): ([[4., 3., 3., 4.], [5., 6., 7., 8.]],
                     [[0., 0., 6., 8.], [10., 12., 14., 16.], [0.] * 4],
                     [[0., 6., 8.], [0., 0., 0.]]),
    ("amax", False): ([[4., 3., 3., 4.], [5., 6., 7., 6.]],
                      [[0., 0., 6., 8.], [10., 12., 14., 0.], [0.] * 4],
                      [[0., 6., 8.], [0., 0., 12.]]),
    ("amin", True): ([[1., 2., 3., 4.], [5., 6., 7., 0.]],
                     [[2., 4., 6., 8.], [10., 12., 14., 0.], [0.] * 4],
                     [[0., 0., 0.], [0., 0., 0.]]),
    ("amin", False): ([[2., 3., 3., 4.], [5., 6., 7., 0.]],
                      [[0., 0., 6., 8.], [10., 12., 14., 0.], [0.] * 4],
                      [[4., 6., 0.], [0., 0., 0.]]),
}


@pytest.mark.parametrize("reduce, include_self", sorted(SCATTER_REDUCE))
def test_scatter_reduce_values_and_gradients(reduce, include_self):
    x, src = X(), f64([[2., 3., 4.], [0., 5., 6.]])
    y = x[:2].scatter_reduce(1, torch.tensor([[0, 1, 0], [3, 3, 3]]), src, reduce,
                             include_self=include_self)
    value, gx, gsrc = SCATTER_REDUCE[reduce, include_self]
    assert y.grad_fn.name() == "ScatterReduceBackward0"
    np.testing.assert_allclose(y.tolist(), value, rtol=1e-15)
    got = grads(y, x, src)
    np.testing.assert_allclose(got[0], gx, rtol=1e-15)
    np.testing.assert_allclose(got[1], gsrc, rtol=1e-15)


def test_scatter_reduce_mean_of_integers_rounds_down():
    y = torch.tensor([1, 2, 3]).scatter_reduce(0, torch.tensor([0, 0, 1]),
                                               torch.tensor([3, 4, 6]), "mean")
    assert y.tolist() == [2, 4, 3] and y.dtype == torch.int64


def test_index_reduce_reduces_slices_and_warns_that_it_is_beta():
    import warnings
    from gradcli.errors import reset_once_warnings
    reset_once_warnings()                    # once per formula run, as a new process
    x, s = X(), f64([[2., 3.], [0.5, 4.], [1., -1.]])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        y = x.index_reduce(1, torch.tensor([1, 1]), s, "prod")
    assert [str(w.message).split(" (")[0] for w in caught] == \
        ["index_reduce() is in beta and the API may change at any time."]
    assert y.tolist() == [[1., 12., 3., 4.], [5., 12., 7., 8.], [9., -10., 11., 12.]]
    assert y.grad_fn.name() == "IndexReduceBackward0"
    assert grads(y, x, s) == [[[2., 144., 6., 8.], [10., 48., 14., 16.], [18., 20., 22., 24.]],
                              [[144., 96.], [576., 72.], [200., -200.]]]
    y = x.index_reduce(1, torch.tensor([3, 0]), s, "mean", include_self=False)
    assert y.tolist() == [[3., 2., 3., 2.], [4., 6., 7., .5], [-1., 10., 11., 1.]]
    assert grads(y, x, s) == [[[0., 4., 6., 0.], [0., 12., 14., 0.], [0., 20., 22., 0.]],
                              [[4., 6.], [1., 8.], [2., -2.]]]


def test_put_writes_or_adds_at_flat_indices():
    x, v = X(), f64([10., 20., 30.])
    y = torch.put(x, torch.tensor([0, -1, 0]), v, accumulate=True)
    assert y.tolist() == [[41., 2., 3., 4.], [5., 6., 7., 8.], [9., 10., 11., 32.]]
    assert y.grad_fn.name() == "PutBackward0"
    assert grads(y, x, v) == [[[82., 4., 6., 8.], [10., 12., 14., 16.], [18., 20., 22., 64.]],
                              [82., 64., 82.]]
    y = x.put(torch.tensor([1, 4, 6]), v)
    assert y.tolist() == [[1., 10., 3., 4.], [20., 6., 30., 8.], [9., 10., 11., 12.]]
    assert grads(y, x, v) == [[[2., 0., 6., 8.], [0., 12., 0., 16.], [18., 20., 22., 24.]],
                              [20., 40., 60.]]


def test_take_along_dim_broadcasts_and_flattens():
    x = X()
    y = torch.take_along_dim(x, torch.tensor([[3], [-1], [5]]), 1)
    assert y.tolist() == [[4.], [8.], [10.]] and y.grad_fn.name() == "GatherBackward0"
    assert y.grad_fn.next_functions[0][0].name() == "ExpandBackward0"
    assert torch.take_along_dim(x, torch.tensor([[0], [2]]), 0).tolist() == \
        [[1., 2., 3., 4.], [9., 10., 11., 12.]]
    flat = torch.take_along_dim(x, torch.tensor([7, 0]))
    assert flat.tolist() == [8., 1.] and flat.grad_fn.next_functions[0][0].name() == \
        "ViewBackward0"


def test_split_family_gives_slice_views():
    x = X()
    shapes = [tuple(p.shape) for p in torch.tensor_split(x, [3, 1, 7], dim=1)]
    assert shapes == [(3, 3), (3, 0), (3, 3), (3, 0)]
    parts = torch.tensor_split(x, 3, 1)
    assert [tuple(p.shape) for p in parts] == [(3, 2), (3, 1), (3, 1)]
    assert {p.grad_fn.name() for p in parts} == {"SliceBackward0"}
    assert [tuple(p.shape) for p in torch.hsplit(x, 2)] == [(3, 2), (3, 2)]
    assert [tuple(p.shape) for p in x.vsplit([1])] == [(1, 4), (2, 4)]
    assert [tuple(p.shape) for p in torch.dsplit(x.reshape(1, 3, 4), 4)] == [(1, 3, 1)] * 4
    parts = x.split_with_sizes([1, 3], 1)
    assert [p.grad_fn.name() for p in parts] == ["SplitWithSizesBackward0"] * 2


def test_atleast_broadcast_and_stacking():
    v, s = f64([1., 2.]), f64(3.)
    assert torch.atleast_1d(s).shape == (1,) and torch.atleast_1d(v) is v
    assert [tuple(t.shape) for t in torch.atleast_2d(v, s)] == [(1, 2), (1, 1)]
    assert [tuple(t.shape) for t in torch.atleast_3d((v, X()))] == [(1, 2, 1), (3, 4, 1)]
    assert torch.atleast_3d(v).grad_fn.name() == "UnsqueezeBackward0"
    assert torch.broadcast_shapes((3, 1), (4,), 1) == torch.Size([3, 4])
    a, b = torch.broadcast_tensors(X(), v[:1])
    assert b.shape == (3, 4) and b.grad_fn.name() == "ExpandBackward0"
    c = torch.column_stack((torch.tensor([1, 2]), torch.tensor([[3, 4], [5, 6]]),
                            torch.tensor([7, 8])))
    assert c.tolist() == [[1, 3, 4, 7], [2, 5, 6, 8]]
    assert torch.row_stack((v, v)).grad_fn.name() == "CatBackward0"
    d = torch.diagflat(torch.tensor([[1, 2], [3, 4]]), 1)
    assert d.tolist() == [[0, 1, 0, 0, 0], [0, 0, 2, 0, 0], [0, 0, 0, 3, 0], [0, 0, 0, 0, 4],
                          [0, 0, 0, 0, 0]]
    assert torch.diagflat(v).grad_fn.name() == "DiagEmbedBackward0"


def test_sum_to_size():
    x = X()
    assert x.sum_to_size(3, 1).tolist() == [[10.], [26.], [42.]]
    assert x.sum_to_size(1, 4).tolist() == [[15., 18., 21., 24.]]
    assert x.sum_to_size(4).grad_fn.name() == "ViewBackward0"
    assert x.sum_to_size(3, 4) is x


def test_view_scatters():
    x, z = X(), f64([0., 0., 0.])
    y = torch.select_scatter(x, z, 1, -1)
    assert y.tolist() == [[1., 2., 3., 0.], [5., 6., 7., 0.], [9., 10., 11., 0.]]
    assert y.grad_fn.name() == "SelectScatterBackward0"
    y = torch.slice_scatter(x, f64([[0., 0.]] * 3), 1, 0, None, 2)
    assert y.tolist() == [[0., 2., 0., 4.], [0., 6., 0., 8.], [0., 10., 0., 12.]]
    assert y.grad_fn.name() == "SliceScatterBackward0"
    y = torch.diagonal_scatter(x, f64([0., 0.]), -1)
    assert y.tolist() == [[1., 2., 3., 4.], [0., 6., 7., 8.], [9., 0., 11., 12.]]
    assert y.grad_fn.name() == "DiagonalScatterBackward0"


def test_masked_scatter_takes_source_values_in_order():
    x, src = X(), f64([10., 20., 30., 40., 50.])
    y = torch.masked_scatter(x, x > 8, src)
    assert y.tolist() == [[1., 2., 3., 4.], [5., 6., 7., 8.], [10., 20., 30., 40.]]
    assert y.grad_fn.name() == "MaskedScatterBackward0"
    assert grads(y, x, src) == [[[2., 4., 6., 8.], [10., 12., 14., 16.], [0.] * 4],
                                [20., 40., 60., 80., 0.]]


def test_fill_diagonal_and_unravel_index():
    assert torch.zeros(5, 2).fill_diagonal_(1., wrap=True).tolist() == \
        [[1., 0.], [0., 1.], [0., 0.], [1., 0.], [0., 1.]]
    y = X() * 1
    y.fill_diagonal_(0.0)
    assert y.grad_fn.name() == "torch::autograd::CopySlices" and y._version == 1
    coords = torch.unravel_index(torch.tensor([0, 5, 11, -1]), (2, 3, 2))
    assert [c.tolist() for c in coords] == [[0, 0, 1, 1], [0, 2, 2, 2], [0, 1, 1, 1]]


def test_in_place_forms_bump_the_version_and_take_the_node():
    y = X() * 1
    for op, node in [(lambda: y.index_add_(1, torch.tensor([0]), f64([[1.]] * 3)),
                      "IndexAddBackward0"),
                     (lambda: y.index_copy_(0, torch.tensor([2]), f64([[1.] * 4])),
                      "IndexCopyBackward0"),
                     (lambda: y.index_fill_(1, torch.tensor([3]), 2.0), "IndexFillBackward0"),
                     (lambda: y.index_put_((torch.tensor([1]),), f64([1.] * 4)),
                      "IndexPutBackward0"),
                     (lambda: y.scatter_reduce_(1, torch.tensor([[0]]), f64([[1.]]), "prod"),
                      "ScatterReduceBackward0"),
                     (lambda: y.masked_scatter_(y > 5, f64([0.] * 12)),
                      "MaskedScatterBackward0")]:
        before = y._version
        assert op() is y
        assert y.grad_fn.name() == node and y._version == before + 1


LEAF = "a leaf Variable that requires grad is being used in an in-place operation."

ERRORS = [
    (lambda x: torch.index_add(x, 1, torch.tensor([0.]), f64([[1.]] * 3)), TorchRuntimeError,
     "index_add_(): Expected dtype int32/int64 for index but got: Float"),
    (lambda x: torch.index_add(x, 1, torch.tensor([-1]), f64([[1.]] * 3)), TorchRuntimeError,
     "index -1 is out of bounds for dimension 1 with size 4"),
    (lambda x: torch.index_add(x, 1, torch.tensor([0, 1]), f64([[1.] * 3] * 3)),
     TorchRuntimeError, "index_add_(): Number of indices (2) should be equal to "
                        "source.size(dim): (3), for dim: 1"),
    (lambda x: torch.index_add(x, 1, torch.tensor([0, 1]), f64([[1., 1.]] * 2)),
     TorchRuntimeError, "source tensor shape must match self tensor shape, excluding the "
                        "specified dimension. Got self.shape = [3, 4] source.shape = [2, 2]"),
    (lambda x: x.index_add_(1, torch.tensor([0]), f64([[1.]] * 3)), TorchRuntimeError, LEAF),
    (lambda x: torch.index_copy(x, 1, torch.tensor([0], dtype=torch.int32), f64([[1.]] * 3)),
     TorchRuntimeError, "index_copy_(): Expected a long tensor for index, but got Int"),
    (lambda x: torch.index_copy(x, 1, torch.tensor([4]), f64([[1.]] * 3)), TorchIndexError,
     "index_copy_(): index 4 is out of bounds for dimension 1 with size 4"),
    (lambda x: torch.index_copy(x, 1, torch.tensor([0, 1]), f64([[1., 1.]] * 2)),
     TorchRuntimeError, "index_copy_(): Source/destination tensor must have same slice "
                        "shapes. Destination slice shape: 3 at dimension 1 and source slice "
                        "shape: 2 at dimension 0."),
    (lambda x: torch.index_fill(x, 1, torch.tensor([0], dtype=torch.int32), 1.0),
     TorchIndexError, "index_fill_(): Expected dtype int64 for index."),
    (lambda x: torch.index_fill(x, 1, torch.tensor([-5]), 1.0), TorchIndexError,
     "index -5 is out of bounds for dimension 1 with size 4"),
    (lambda x: x.index_fill_(1, torch.tensor([0]), 1.0), TorchRuntimeError, LEAF),
    (lambda x: torch.index_put(x, (torch.tensor([0.]),), f64([1.])), TorchIndexError,
     "tensors used as indices must be long, int, byte or bool tensors"),
    (lambda x: torch.index_put(x, (torch.tensor([3]),), f64([1.])), TorchIndexError,
     "index 3 is out of bounds for dimension 0 with size 3"),
    (lambda x: torch.index_put(x, (torch.tensor([0, 1]),), f64([1., 1., 1.])),
     TorchRuntimeError, "shape mismatch: value tensor of shape [3] cannot be broadcast to "
                        "indexing result of shape [2, 4]"),
    (lambda x: torch.index_put(x, (torch.tensor([0]),), torch.ones(4)), TorchRuntimeError,
     "Index put requires the source and destination dtypes match, got Double for the "
     "destination and Float for the source."),
    (lambda x: x.index_put_((torch.tensor([0]),), f64([1.])), TorchRuntimeError, LEAF),
    (lambda x: x.scatter_reduce(1, torch.tensor([[0]]), f64([[1.]]), "Max"), TorchRuntimeError,
     "reduce argument must be either sum, prod, mean, amax or amin, got Max"),    # ("max": amax)
    (lambda x: x.scatter_reduce(1, torch.tensor([[4]]), f64([[1.]]), "sum"), TorchRuntimeError,
     "index 4 is out of bounds for dimension 1 with size 4"),
    (lambda x: x.scatter_reduce_(1, torch.tensor([[0]]), f64([[1.]]), "sum"),
     TorchRuntimeError, LEAF),
    (lambda x: x.index_reduce(1, torch.tensor([0]), f64([[1.]] * 3), "sum"), TorchRuntimeError,
     "index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got sum."),
    (lambda x: x.index_reduce(1, torch.tensor([-1]), f64([[1.]] * 3), "amax"), TorchIndexError,
     "index out of range in self"),
    (lambda x: torch.put(x, torch.tensor([-13]), f64([1.])), TorchIndexError,
     "out of range: tried to access index -13 on a tensor of 12 elements."),
    (lambda x: torch.put(x, torch.tensor([0, 1]), f64([1.] * 3)), TorchIndexError,
     "put_(): Expected source and index to have the same number of elements, but got "
     "source.numel() = 3, index.numel() = 2"),
    (lambda x: x.put_(torch.tensor([0]), f64([1.])), TorchRuntimeError, LEAF),
    (lambda x: torch.take_along_dim(x, torch.tensor([[0]], dtype=torch.int32), 1),
     TorchRuntimeError, "torch.take_along_dim(): dtype of indices should be Long but got Int"),
    (lambda x: torch.take_along_dim(x, torch.tensor([0]), 1), TorchRuntimeError,
     "torch.take_along_dim(): input and indices should have the same number of dimensions, "
     "but got 2 dimensions for input, and 1 dimensions for indices"),
    (lambda x: torch.tensor_split(x, 0), TorchRuntimeError,
     "number of sections must be larger than 0, got 0"),
    (lambda x: torch.hsplit(x, 3), TorchRuntimeError,
     "torch.hsplit attempted to split along dimension 1, but the size of the dimension 4 is "
     "not divisible by the split_size 3!"),
    (lambda x: torch.vsplit(x[0], 2), TorchRuntimeError,
     "torch.vsplit requires a tensor with at least 2 dimension, but got a tensor with 1 "
     "dimensions!"),
    (lambda x: torch.broadcast_shapes((3, 1), (1, 4), (2, 4)), TorchRuntimeError,
     "Attempting to broadcast a dimension of length 2 at -2! Mismatching argument at index 2 "
     "had (2, 4); but expected shape should be broadcastable to [3, 4]"),
    (lambda x: torch.broadcast_shapes((-1,)), TorchValueError,
     "Attempting to broadcast a dimension with negative length!"),
    (lambda x: torch.column_stack(()), TorchRuntimeError,
     "column_stack expects a non-empty TensorList"),
    (lambda x: x.sum_to_size(2, 4), TorchRuntimeError,
     "size {[2, 4]} is not expandable to size {[3, 4]}."),
    (lambda x: torch.select_scatter(x, f64([1.] * 4), 0, 3), TorchIndexError,
     "select(): index 3 out of range for tensor of size [3, 4] at dimension 0"),
    (lambda x: torch.slice_scatter(x, f64([[1.] * 2] * 3), 1), TorchRuntimeError,
     "expected src to have a size equal to the slice of self. src size = [3, 2], slice size "
     "= [3, 4]"),
    (lambda x: torch.masked_scatter(x, x > 0, f64([1.] * 3)), TorchRuntimeError,
     "Number of elements of source < number of ones in mask"),
    (lambda x: torch.masked_scatter(x, (x > 0).int(), f64([1.] * 12)), TorchRuntimeError,
     "masked_scatter_ only supports boolean masks, but got mask with dtype Int"),
    (lambda x: x.fill_diagonal_(1.0), TorchRuntimeError,
     "a view of a leaf Variable that requires grad is being used in an in-place operation."),
    (lambda x: torch.zeros(2, 2, 3).fill_diagonal_(1.0), TorchRuntimeError,
     "all dimensions of input must be of equal length"),
    (lambda x: torch.unravel_index(torch.tensor([1.]), (3, 4)), TorchTypeError,
     "expected 'indices' to be integer dtype, but got torch.float32"),
]


@pytest.mark.parametrize("k", range(len(ERRORS)))
def test_errors_are_pytorchs(k):
    call, kind, message = ERRORS[k]
    with pytest.raises(kind) as info:
        call(X())
    assert str(info.value) == message


def test_formula_language_reaches_the_new_ops():
    out = io.StringIO()
    run_source(
        "import torch\n"
        "x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)\n"
        "y = torch.index_add(x, 1, torch.tensor([0, 2]), torch.ones(2, 2), alpha=2)\n"
        "z = x.scatter_reduce(1, torch.tensor([[0, 0], [2, 1]]),\n"
        "                     torch.tensor([[5., 7.], [1., 2.]]), 'amax', include_self=False)\n"
        "(y.sum() + z.sum()).backward()\n"
        "print(y)\n"
        "print(x.grad)\n", out=out)
    text = out.getvalue()
    assert "tensor([[3., 2., 5.],\n        [6., 5., 8.]], grad_fn=<IndexAddBackward0>)" in text
    assert "tensor([[1., 2., 2.],\n        [2., 1., 1.]])" in text


STACKS = "import gradcli as torch\ncases = [[torch.tensor(1.), torch.tensor(2.)], [torch.ones(2), torch.zeros(3)], [torch.ones(2, 1), torch.zeros(2, 2)], [], 5, [torch.ones(2), 3]]\nfor f in (torch.hstack, torch.vstack, torch.dstack, torch.row_stack, torch.column_stack):\n    for a in cases:\n        try: print(f.__name__, f(a).shape)\n        except Exception as e: print(f.__name__, type(e).__mro__[-3 if type(e).__module__ != 'builtins' else 0].__name__ if False else '', str(e)[:90])\n"

STACKS_OUT = "hstack torch.Size([2])\nhstack torch.Size([5])\nhstack torch.Size([2, 3])\nhstack  hstack expects a non-empty TensorList\nhstack  hstack(): argument 'tensors' (position 1) must be tuple of Tensors, not int\nhstack  expected Tensor as element 1 in argument 0, but got int\nvstack torch.Size([2, 1])\nvstack  Sizes of tensors must match except in dimension 0. Expected size 2 but got size 3 for tens\nvstack  Sizes of tensors must match except in dimension 0. Expected size 1 but got size 2 for tens\nvstack  vstack expects a non-empty TensorList\nvstack  vstack(): argument 'tensors' (position 1) must be tuple of Tensors, not int\nvstack  expected Tensor as element 1 in argument 0, but got int\ndstack torch.Size([1, 1, 2])\ndstack  Sizes of tensors must match except in dimension 2. Expected size 2 but got size 3 for tens\ndstack  Sizes of tensors must match except in dimension 2. Expected size 1 but got size 2 for tens\ndstack  dstack expects a non-empty TensorList\ndstack  dstack(): argument 'tensors' (position 1) must be tuple of Tensors, not int\ndstack  expected Tensor as element 1 in argument 0, but got int\nrow_stack torch.Size([2, 1])\nrow_stack  Sizes of tensors must match except in dimension 0. Expected size 2 but got size 3 for tens\nrow_stack  Sizes of tensors must match except in dimension 0. Expected size 1 but got size 2 for tens\nrow_stack  vstack expects a non-empty TensorList\nrow_stack  row_stack(): argument 'tensors' (position 1) must be tuple of Tensors, not int\nrow_stack  expected Tensor as element 1 in argument 0, but got int\ncolumn_stack torch.Size([1, 2])\ncolumn_stack  Sizes of tensors must match except in dimension 1. Expected size 2 but got size 3 for tens\ncolumn_stack torch.Size([2, 3])\ncolumn_stack  column_stack expects a non-empty TensorList\ncolumn_stack  column_stack(): argument 'tensors' (position 1) must be tuple of Tensors, not int\ncolumn_stack  expected Tensor as element 1 in argument 0, but got int\n"   # what PyTorch 2.13 printed: shapes, or the error's text


def test_hstack_vstack_dstack_row_and_column_stack_take_and_refuse_what_pytorch_does():
    # one lifting (atleast_nd) and one list check (shape.stacked_list) for the five; 0-d
    # tensors and an empty list used to fail inside NumPy in vstack and hstack
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(STACKS, "stacks.py", "exec"), {})
    assert out.getvalue() == STACKS_OUT


def test_source_gradients_graph_as_pytorch_expand_as_the_source_or_a_0d_index():
    """create_graph: the source's gradient is grad.index_select(dim, index).expand_as(source)
    (ExpandBackward0; MulBackward1 after it for alpha), a 0-d source's index_select with the
    0-d index (PyTorch 2.13's printed nodes)."""
    s = f64([[1., 2.]])
    y = torch.zeros(3, 2, dtype=torch.float64).index_add(0, torch.tensor([1]), s, alpha=2.0)
    g = torch.autograd.grad(y.pow(2).sum(), s, create_graph=True)[0]
    assert g.tolist() == [[8., 16.]] and g.grad_fn.name() == "MulBackward1"
    assert g.grad_fn.next_functions[0][0].name() == "ExpandBackward0"
    s = f64([[1., 1.], [1., 1.]])
    for op in ("index_add", "index_copy"):
        y = getattr(torch.zeros(3, 2, dtype=torch.float64), op)(0, torch.tensor([2, 0]), s)
        g = torch.autograd.grad(y.pow(2).sum(), s, create_graph=True)[0]
        assert g.tolist() == [[2., 2.], [2., 2.]] and g.grad_fn.name() == "ExpandBackward0"
        assert g.grad_fn.next_functions[0][0].name() == "IndexSelectBackward0"
    s = f64(2.)
    for op, want in (("index_add", 6.), ("index_copy", 4.)):
        y = getattr(torch.tensor(1., dtype=torch.float64), op)(0, torch.tensor([0]), s)
        g = torch.autograd.grad(y.pow(2), s, create_graph=True)[0]
        assert g.shape == () and g.item() == want
        assert g.grad_fn.name() == "IndexSelectBackward0"
        assert g.grad_fn.next_functions[0][0].name() == "MulBackward0"
