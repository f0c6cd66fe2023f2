"""Live parity with PyTorch for the index family and the shape ops around it: the same
expression run through torch and through gradcli gives the same printed result (values,
dtype, grad_fn), the same gradients at first and second order, and the same error type and
message. Skipped when torch is not installed."""
import re

import pytest

torch = pytest.importorskip("torch")
import gradcli  # noqa: E402

_ADDR = re.compile(r" at 0x[0-9a-f]+")


def _x(t):
    """A float64 3x4 leaf with distinct values."""
    return t.tensor([[1.5, -2.0, 3.0, 0.5], [4.0, -1.0, 2.5, -3.5], [0.25, 6.0, -0.75, 2.0]],
                    dtype=t.float64, requires_grad=True)


def _src(t, *shape):
    n = 1
    for s in shape:
        n *= s
    return (t.arange(n, dtype=t.float64) * 0.5 - 1.25).reshape(*shape).requires_grad_()


# each case: a lambda (t, x) -> result, on torch or gradcli `t` and the leaf `x` = _x(t)
VALUE_CASES = {
    "index_add": lambda t, x: t.index_add(x, 1, t.tensor([0, 2, 0]), _src(t, 3, 3)),
    "index_add_alpha": lambda t, x: x.index_add(0, t.tensor([2, 1]), _src(t, 2, 4), alpha=-2),
    "index_add_int32": lambda t, x: t.index_add(x, 1, t.tensor([3], dtype=t.int32),
                                                _src(t, 3, 1)),
    "index_add_scalar": lambda t, x: t.index_add(x[0, 0], 0, t.tensor([0]), _src(t, 1)[0]),
    "index_copy": lambda t, x: t.index_copy(x, 1, t.tensor([3, 0]), _src(t, 3, 2)),
    "index_copy_dim0": lambda t, x: x.index_copy(0, t.tensor([1]), _src(t, 1, 4)),
    "index_fill": lambda t, x: t.index_fill(x, 1, t.tensor([0, -1]), -7.5),
    "index_fill_tensor": lambda t, x: x.index_fill(
        0, t.tensor([2, 2, 0]), t.tensor(9.0, dtype=t.float64, requires_grad=True)),
    "index_put": lambda t, x: t.index_put(x, (t.tensor([0, 2]), t.tensor([1, 3])),
                                          _src(t, 2)),
    "index_put_acc": lambda t, x: t.index_put(x, (t.tensor([0, 0, 1]), t.tensor([1, 1, 2])),
                                              _src(t, 3), accumulate=True),
    "index_put_rows": lambda t, x: x.index_put((t.tensor([2, 0]),), _src(t, 4)),
    "index_put_mask": lambda t, x: x.index_put((t.tensor([True, False, True]),),
                                               _src(t, 2, 1), accumulate=True),
    "index_put_list": lambda t, x: x.index_put([t.tensor([1, -1])], _src(t, 1)),
    "take_along_dim": lambda t, x: t.take_along_dim(x, t.tensor([[0], [3], [1]]), 1),
    "take_along_dim_bcast": lambda t, x: t.take_along_dim(x, t.tensor([[2, -1, 5]]), 1),
    "take_along_dim_dim0": lambda t, x: x.take_along_dim(t.tensor([[2, 0, 1, 1]]), dim=0),
    "take_along_dim_flat": lambda t, x: t.take_along_dim(x, t.tensor([11, 0, 5])),
    "tensor_split": lambda t, x: t.tensor_split(x, 3, 1),
    "tensor_split_idx": lambda t, x: x.tensor_split([3, 1, 7], dim=1),
    "tensor_split_tensor": lambda t, x: t.tensor_split(x, t.tensor([1]), 0),
    "hsplit": lambda t, x: t.hsplit(x, 2),
    "hsplit_1d": lambda t, x: t.hsplit(x[0], [1, 3]),
    "vsplit": lambda t, x: x.vsplit([1]),
    "dsplit": lambda t, x: t.dsplit(x.reshape(1, 3, 4), 2),
    "split_with_sizes": lambda t, x: x.split_with_sizes([1, 3], 1),
    "atleast_1d": lambda t, x: t.atleast_1d(x[0, 0]),
    "atleast_1d_many": lambda t, x: t.atleast_1d(x[0], x[1, 1]),
    "atleast_2d": lambda t, x: t.atleast_2d((x[0], x[0, 0], x)),
    "atleast_3d": lambda t, x: t.atleast_3d(x[0], x[0, 0], x),
    "broadcast_tensors": lambda t, x: t.broadcast_tensors(x, x[0], x[0, 0]),
    "column_stack": lambda t, x: t.column_stack((x[0], x[1, 1].expand(4), x.t())),
    "column_stack_0d": lambda t, x: t.column_stack((x[0, 0], x[1, 1])),
    "row_stack": lambda t, x: t.row_stack((x[0], x)),
    "diagflat": lambda t, x: t.diagflat(x[:2, :2]),
    "diagflat_offset": lambda t, x: x[0].diagflat(-2),
    "sum_to_size": lambda t, x: x.sum_to_size(1, 4),
    "sum_to_size_lead": lambda t, x: x.sum_to_size(4),
    "sum_to_size_all": lambda t, x: x.sum_to_size(()),
    "select_scatter": lambda t, x: t.select_scatter(x, _src(t, 4), 0, -1),
    "slice_scatter": lambda t, x: t.slice_scatter(x, _src(t, 3, 2), 1, 1, None, 2),
    "diagonal_scatter": lambda t, x: t.diagonal_scatter(x, _src(t, 3), 1),
    "masked_scatter": lambda t, x: t.masked_scatter(x, x > 1, _src(t, 8)),
    "masked_scatter_bcast": lambda t, x: x.masked_scatter(t.tensor([True, False, False, True]),
                                                          _src(t, 2, 4)),
    "put": lambda t, x: t.put(x, t.tensor([0, -1, 5]), _src(t, 3)),
    "put_acc": lambda t, x: x.put(t.tensor([[4, 4], [0, 1]]), _src(t, 2, 2), accumulate=True),
}

for _reduce in ("prod", "mean", "amax", "amin"):
    for _inc in (True, False):
        def _case(t, x, reduce=_reduce, inc=_inc):
            src = t.tensor([[2.0, 3.0, 2.0], [0.0, 5.0, 6.0], [-1.0, 4.0, 6.0]],
                           dtype=t.float64, requires_grad=True)
            return x.index_reduce(1, t.tensor([0, 3, 0]), src, reduce, include_self=inc)
        VALUE_CASES[f"index_reduce_{_reduce}_{_inc}"] = _case

for _reduce in ("sum", "prod", "mean", "amax", "amin"):
    for _inc in (True, False):
        def _case(t, x, reduce=_reduce, inc=_inc):
            src = t.tensor([[2.0, 3.0, 2.0], [0.0, 5.0, 6.0], [-1.0, 4.0, 6.0]],
                           dtype=t.float64, requires_grad=True)
            index = t.tensor([[0, 1, 0], [2, 2, 2], [3, 3, 1]])
            return x.scatter_reduce(1, index, src, reduce, include_self=inc)
        VALUE_CASES[f"scatter_reduce_{_reduce}_{_inc}"] = _case


def _run(t, case):
    x = _x(t)
    out = case(t, x)
    outs = out if isinstance(out, tuple) else (out,)
    text = _ADDR.sub("", repr(out))
    diff = [o for o in outs if o.requires_grad]
    if not diff:
        return text, None, None
    loss = sum((o * o).sum() for o in diff)
    (g,) = t.autograd.grad(loss, [x], create_graph=True)
    (gg,) = t.autograd.grad((g * g.detach().sin()).sum(), [x], allow_unused=True)
    return text, repr(g), repr(gg)


@pytest.mark.parametrize("name", sorted(VALUE_CASES))
def test_values_and_gradients_match_torch(name):
    case = VALUE_CASES[name]
    assert _run(gradcli, case) == _run(torch, case)


def test_in_place_forms_match_torch():
    def run(t):
        y = _x(t) * 1
        y.index_add_(1, t.tensor([0]), _src(t, 3, 1))
        y.index_copy_(0, t.tensor([2]), _src(t, 1, 4))
        y.index_fill_(1, t.tensor([3]), 2.0)
        y.index_put_((t.tensor([1]), t.tensor([1])), t.tensor(8.0, dtype=t.float64))
        y.scatter_reduce_(1, t.tensor([[0], [1], [2]]), _src(t, 3, 1), "amax")
        y.masked_scatter_(y > 2, _src(t, 12))
        y.fill_diagonal_(-4.0)
        y.put_(t.tensor([0, 5]), _src(t, 2), accumulate=True)
        y.index_reduce_(0, t.tensor([1]), _src(t, 1, 4), "prod")
        return _ADDR.sub("", repr(y)), type(y.grad_fn).__name__, y._version
    assert run(gradcli) == run(torch)


ERROR_CASES = {
    "index_add_float_index": lambda t, x: t.index_add(x, 1, t.tensor([0.0]), _src(t, 3, 1)),
    "index_add_matrix_index": lambda t, x: t.index_add(x, 1, t.tensor([[0, 1]]), _src(t, 3, 2)),
    "index_add_bounds": lambda t, x: t.index_add(x, 1, t.tensor([0, 4]), _src(t, 3, 2)),
    "index_add_negative": lambda t, x: t.index_add(x, 1, t.tensor([-1]), _src(t, 3, 1)),
    "index_add_count": lambda t, x: t.index_add(x, 1, t.tensor([0, 1]), _src(t, 3, 3)),
    "index_add_shape": lambda t, x: t.index_add(x, 1, t.tensor([0, 1]), _src(t, 2, 2)),
    "index_add_dtype": lambda t, x: t.index_add(x, 1, t.tensor([0]), t.ones(3, 1)),
    "index_add_leaf": lambda t, x: x.index_add_(1, t.tensor([0]), _src(t, 3, 1)),
    "index_copy_int32": lambda t, x: t.index_copy(x, 1, t.tensor([0], dtype=t.int32),
                                                  _src(t, 3, 1)),
    "index_copy_bounds": lambda t, x: t.index_copy(x, 1, t.tensor([4]), _src(t, 3, 1)),
    "index_copy_count": lambda t, x: t.index_copy(x, 1, t.tensor([0, 1]), _src(t, 3, 3)),
    "index_copy_slices": lambda t, x: t.index_copy(x, 1, t.tensor([0, 1]), _src(t, 2, 2)),
    "index_copy_ndim": lambda t, x: t.index_copy(x, 1, t.tensor([0, 1]), _src(t, 3, 2, 1)),
    "index_copy_dtype": lambda t, x: t.index_copy(x, 1, t.tensor([0]), t.ones(3, 1)),
    "index_copy_matrix_index": lambda t, x: t.index_copy(x, 1, t.tensor([[0]]), _src(t, 3, 1)),
    "index_fill_int32": lambda t, x: t.index_fill(x, 1, t.tensor([0], dtype=t.int32), 1.0),
    "index_fill_bounds": lambda t, x: t.index_fill(x, 1, t.tensor([-5]), 1.0),
    "index_fill_matrix_index": lambda t, x: t.index_fill(x, 1, t.tensor([[0]]), 1.0),
    "index_fill_value_dim": lambda t, x: t.index_fill(x, 1, t.tensor([0]), t.ones(2)),
    "index_fill_leaf": lambda t, x: x.index_fill_(1, t.tensor([0]), 1.0),
    "index_put_float_index": lambda t, x: t.index_put(x, (t.tensor([0.0]),), _src(t, 1)),
    "index_put_bounds": lambda t, x: t.index_put(x, (t.tensor([3]),), _src(t, 1)),
    "index_put_value_shape": lambda t, x: t.index_put(x, (t.tensor([0, 1]),), _src(t, 3)),
    "index_put_dtype": lambda t, x: t.index_put(x, (t.tensor([0]),), t.ones(4)),
    "index_put_too_many": lambda t, x: t.index_put(x, (t.tensor([0]),) * 3, _src(t, 1)),
    "index_put_mismatch": lambda t, x: t.index_put(x, (t.tensor([0, 1]), t.tensor([0, 1, 2])),
                                                   _src(t, 1)),
    "index_put_mask_shape": lambda t, x: t.index_put(x, (t.tensor([True, False]),), _src(t, 1)),
    "index_put_mask_2d": lambda t, x: t.index_put(x, (t.tensor([0]), t.tensor([[True] * 3])),
                                                  _src(t, 1)),
    "index_put_int16": lambda t, x: t.index_put(x, (t.tensor([0], dtype=t.int16),), _src(t, 1)),
    "index_put_number": lambda t, x: t.index_put(x, (t.tensor([0]),), 1.0),
    "index_put_leaf": lambda t, x: x.index_put_((t.tensor([0]),), _src(t, 1)),
    "scatter_reduce_name": lambda t, x: x.scatter_reduce(1, t.tensor([[0]]), _src(t, 1, 1),
                                                         "multiply"),
    "scatter_reduce_bounds": lambda t, x: x.scatter_reduce(1, t.tensor([[4]]), _src(t, 1, 1),
                                                           "sum"),
    "scatter_reduce_index_dtype": lambda t, x: x.scatter_reduce(1, t.tensor([[0.0]]),
                                                                _src(t, 1, 1), "sum"),
    "scatter_reduce_dtype": lambda t, x: x.scatter_reduce(1, t.tensor([[0]]), t.ones(1, 1),
                                                          "sum"),
    "scatter_reduce_leaf": lambda t, x: x.scatter_reduce_(1, t.tensor([[0]]), _src(t, 1, 1),
                                                          "sum"),
    "index_reduce_sum": lambda t, x: x.index_reduce(1, t.tensor([0]), _src(t, 3, 1), "sum"),
    "index_reduce_bounds": lambda t, x: x.index_reduce(1, t.tensor([4]), _src(t, 3, 1), "amax"),
    "index_reduce_negative": lambda t, x: x.index_reduce(1, t.tensor([-1]), _src(t, 3, 1),
                                                         "amax"),
    "index_reduce_count": lambda t, x: x.index_reduce(1, t.tensor([0, 1]), _src(t, 3, 1),
                                                      "amin"),
    "index_reduce_index_dtype": lambda t, x: x.index_reduce(1, t.tensor([0.0]), _src(t, 3, 1),
                                                            "prod"),
    "put_bounds": lambda t, x: t.put(x, t.tensor([12]), _src(t, 1)),
    "put_count": lambda t, x: t.put(x, t.tensor([0, 1]), _src(t, 3)),
    "put_index_dtype": lambda t, x: t.put(x, t.tensor([0], dtype=t.int32), _src(t, 1)),
    "put_dtype": lambda t, x: t.put(x, t.tensor([0]), t.ones(1)),
    "put_leaf": lambda t, x: x.put_(t.tensor([0]), _src(t, 1)),
    "index_add_source_dim": lambda t, x: t.index_add(x, 1, t.tensor([0]), _src(t, 3)),
    "index_add_dtype_first": lambda t, x: x.index_add(1, t.tensor([0, 1]), t.ones(2, 2)),
    "index_add_count_first": lambda t, x: x[:, :2].index_add(0, t.tensor([0]), _src(t, 2)),
    "index_add_number": lambda t, x: t.index_add(x, 1, t.tensor([0]), 1.0),
    "index_add_number_method": lambda t, x: x.index_add(1, t.tensor([0]), 1.0),
    "index_copy_number": lambda t, x: t.index_copy(x, 1, t.tensor([0]), 1.0),
    "index_copy_number_method": lambda t, x: x.index_copy(1, t.tensor([0]), 1.0),
    "scatter_reduce_number": lambda t, x: t.scatter_reduce(x, 1, t.tensor([[0]]), 1.0, "sum"),
    "index_reduce_number": lambda t, x: t.index_reduce(x, 1, t.tensor([0]), 1.0, "amax"),
    "put_number": lambda t, x: t.put(x, t.tensor([0]), 1.0),
    "masked_scatter_number": lambda t, x: t.masked_scatter(x, x > 0, 1.0),
    "masked_scatter__more_dims": lambda t, x: t.zeros(4).masked_scatter_(
        t.tensor([[True, False, True, False]]), t.arange(20.0)),
    "masked_scatter__expand": lambda t, x: t.zeros(1, 4).masked_scatter_(
        t.ones(3, 4, dtype=t.bool), t.arange(20.0)),
    "take_along_dim_0d": lambda t, x: t.take_along_dim(x[0, 0], t.tensor(0), 0),
    "broadcast_tensors_list": lambda t, x: t.broadcast_tensors([x, x]),
    "index_put_none_method": lambda t, x: x.index_put((None,), _src(t, 1)),
    "index_put_int_function": lambda t, x: t.index_put(x, [t.tensor([0]), 1], _src(t, 1)),
    "index_put_tensor_method": lambda t, x: x.index_put(t.tensor([0]), _src(t, 1)),
    "index_put_number_method": lambda t, x: x.index_put((t.tensor([0]),), 1.0),
    "index_put_empty": lambda t, x: t.index_put(x, (), _src(t, 1)),
    "index_put_byte_fill": lambda t, x: t.index_put(
        x, (t.tensor([1, 0, 1], dtype=t.uint8),), t.tensor(1.0, dtype=t.float64)),
    "index_add__number": lambda t, x: (x * 1).index_add_(1, t.tensor([0]), 1.0),
    "index_copy__number": lambda t, x: (x * 1).index_copy_(1, t.tensor([0]), 1.0),
    "scatter_reduce__number": lambda t, x: (x * 1).scatter_reduce_(1, t.tensor([[0]]), 1.0,
                                                                   "sum"),
    "masked_scatter__number": lambda t, x: (x * 1).masked_scatter_(x > 0, 1.0),
    "masked_scatter_number_method": lambda t, x: x.masked_scatter(x > 0, 1.0),
    "put__number": lambda t, x: (x * 1).put_(t.tensor([0]), 1.0),
    "index_put__number": lambda t, x: (x * 1).index_put_((t.tensor([0]),), 1.0),
    "index_put__tensor": lambda t, x: (x * 1).index_put_(t.tensor([0]), _src(t, 1)),
    "index_reduce__number": lambda t, x: (x * 1).index_reduce_(1, t.tensor([0]), 1.0, "amax"),
    "take_along_dim_dtype": lambda t, x: t.take_along_dim(x, t.tensor([[0]], dtype=t.int32), 1),
    "take_along_dim_ndim": lambda t, x: t.take_along_dim(x, t.tensor([0]), 1),
    "take_along_dim_bcast": lambda t, x: t.take_along_dim(x, t.tensor([[0], [1]]), 1),
    "take_along_dim_flat_bounds": lambda t, x: t.take_along_dim(x, t.tensor([12])),
    "tensor_split_0d": lambda t, x: t.tensor_split(x[0, 0], 2),
    "tensor_split_zero": lambda t, x: t.tensor_split(x, 0),
    "tensor_split_2d_tensor": lambda t, x: t.tensor_split(x, t.tensor([[1]])),
    "tensor_split_float_tensor": lambda t, x: t.tensor_split(x, t.tensor([1.0])),
    "hsplit_0d": lambda t, x: t.hsplit(x[0, 0], 2),
    "hsplit_divisible": lambda t, x: t.hsplit(x, 3),
    "vsplit_1d": lambda t, x: t.vsplit(x[0], 2),
    "vsplit_divisible": lambda t, x: t.vsplit(x, 2),
    "dsplit_2d": lambda t, x: t.dsplit(x, 2),
    "split_with_sizes_sum": lambda t, x: x.split_with_sizes([1, 1]),
    "broadcast_shapes": lambda t, x: t.broadcast_shapes((3, 1), (1, 4), (2, 4)),
    "broadcast_shapes_negative": lambda t, x: t.broadcast_shapes((-1,)),
    "broadcast_tensors": lambda t, x: t.broadcast_tensors(x, t.zeros(2, 4)),
    "column_stack_empty": lambda t, x: t.column_stack(()),
    "column_stack_sizes": lambda t, x: t.column_stack((x[0], x[0, :3])),
    "sum_to_size": lambda t, x: x.sum_to_size(2, 4),
    "sum_to_size_more_dims": lambda t, x: x.sum_to_size(1, 1, 4),
    "select_scatter_bounds": lambda t, x: t.select_scatter(x, _src(t, 4), 0, 3),
    "select_scatter_shape": lambda t, x: t.select_scatter(x, _src(t, 3), 0, 0),
    "slice_scatter_shape": lambda t, x: t.slice_scatter(x, _src(t, 3, 2), 1),
    "slice_scatter_step": lambda t, x: t.slice_scatter(x, _src(t, 3, 2), 1, 0, 4, 0),
    "diagonal_scatter_shape": lambda t, x: t.diagonal_scatter(x, _src(t, 4)),
    "masked_scatter_few": lambda t, x: t.masked_scatter(x, x > 0, _src(t, 3)),
    "masked_scatter_mask_dtype": lambda t, x: t.masked_scatter(x, (x > 0).int(), _src(t, 12)),
    "masked_scatter_dtype": lambda t, x: t.masked_scatter(x, x > 0, t.ones(12)),
    "fill_diagonal_1d": lambda t, x: (x * 1)[0].fill_diagonal_(1.0),
    "fill_diagonal_unequal": lambda t, x: t.zeros(2, 2, 3).fill_diagonal_(1.0),
    "fill_diagonal_leaf": lambda t, x: x.fill_diagonal_(1.0),
    "unravel_index_dtype": lambda t, x: t.unravel_index(t.tensor([1.0]), (3, 4)),
    "unravel_index_negative": lambda t, x: t.unravel_index(t.tensor([1]), (3, -4)),
}


def _error(t, case):
    with pytest.raises(Exception) as info:
        case(t, _x(t))
    kinds = [k.__name__ for k in (IndexError, RuntimeError, TypeError, ValueError)
             if isinstance(info.value, k)]
    return kinds, str(info.value).split("\n")[0]


@pytest.mark.parametrize("name", sorted(ERROR_CASES))
def test_errors_match_torch(name):
    case = ERROR_CASES[name]
    assert _error(gradcli, case) == _error(torch, case)


OTHER_CASES = {
    "broadcast_shapes": lambda t: t.broadcast_shapes((3, 1), (4,), 1),
    "broadcast_shapes_none": lambda t: t.broadcast_shapes(),
    "unravel_index": lambda t: t.unravel_index(t.tensor([[5, -1], [12, 7]]), (3, 4)),
    "unravel_index_0d": lambda t: t.unravel_index(t.tensor(7), 4),
    "fill_diagonal_wrap": lambda t: t.zeros(7, 3).fill_diagonal_(5.0, wrap=True),
    "fill_diagonal_tall": lambda t: t.zeros(5, 2).fill_diagonal_(5.0),
    "fill_diagonal_cube": lambda t: t.zeros(2, 2, 2).fill_diagonal_(3),
    "index_add_long": lambda t: t.zeros(2, 3, dtype=t.long).index_add(
        1, t.tensor([0, 0]), t.ones(2, 2, dtype=t.long), alpha=3),
    "scatter_reduce_mean_long": lambda t: t.tensor([1, 2, 3]).scatter_reduce(
        0, t.tensor([0, 0, 1]), t.tensor([3, 4, 6]), "mean"),
    "scatter_reduce_amin_long": lambda t: t.tensor([1, 2, 3]).scatter_reduce(
        0, t.tensor([0, 0, 1]), t.tensor([3, 4, 6]), "amin", include_self=False),
    "index_fill_long": lambda t: t.zeros(3, dtype=t.long).index_fill(0, t.tensor([1]), 2.7),
    "take_along_dim_0d": lambda t: t.take_along_dim(t.tensor(5.0), t.tensor(0)),
}


@pytest.mark.parametrize("name", sorted(OTHER_CASES))
def test_non_differentiable_results_match_torch(name):
    case = OTHER_CASES[name]
    assert _ADDR.sub("", repr(case(gradcli))) == _ADDR.sub("", repr(case(torch)))


def test_graph_shapes_match_torch():
    """The nodes PyTorch's compositions record, one step back."""
    def run(t):
        x = _x(t)
        out = []
        for y in (t.take_along_dim(x, t.tensor([[1]]), 1), t.take_along_dim(x, t.tensor([3])),
                  t.diagflat(x), x.sum_to_size(4), t.atleast_3d(x[0]),
                  t.broadcast_tensors(x, x[0])[1], (x * 1).fill_diagonal_(0.0)):
            out.append([type(n).__name__ for n, _ in y.grad_fn.next_functions])
        out.append(t.broadcast_tensors(x, x[0])[0] is x)
        out.append(x.sum_to_size(3, 4) is x)
        return out
    assert run(gradcli) == run(torch)
