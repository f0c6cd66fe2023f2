"""The selection ops (sort, topk, kthvalue, median, gather, index_select, take, masked_fill,
masked_select, scatter, scatter_add, tril, triu, roll) against numbers recorded from PyTorch
2.13: values, indices, `grad_fn` names, gradients, the order of ties and NaN, and error
texts. Runs without PyTorch.
"""
from __future__ import annotations

import numpy as np
import pytest

import gradcli as torch
from gradcli.errors import TorchIndexError, TorchRuntimeError

NAN = float("nan")


def S():
    return torch.tensor([[0.5, -1., 2., 0.25], [3., 1.5, -2., 0.]], dtype=torch.float64,
                        requires_grad=True)


def X():
    return torch.tensor([[1., 2., 3.], [4., 5., 6.]], dtype=torch.float64, requires_grad=True)


def Y():
    return torch.arange(1., 13., dtype=torch.float64).reshape(3, 4).requires_grad_()


MASK = [[True, False, True], [False, False, True]]


def weighted_grads(out, leaves):
    """Gradients of sum(out * [1, 2, 3, ...]) (a weighting that tells positions apart)."""
    w = torch.arange(1., out.numel() + 1, dtype=torch.float64).reshape(out.shape)
    return torch.autograd.grad((out * w).sum(), leaves)


# (name, call(leaves) -> result, leaves, values (and indices), grad_fn, gradients)
CASES = [
    ("sort dim 1", lambda s: torch.sort(s, 1), [S],
     [[[-1.0, 0.25, 0.5, 2.0], [-2.0, 0.0, 1.5, 3.0]], [[1, 3, 0, 2], [2, 3, 1, 0]]],
     "SortBackward0", [[[3.0, 1.0, 4.0, 2.0], [8.0, 7.0, 5.0, 6.0]]]),
    ("sort dim 0 descending", lambda s: s.sort(0, descending=True), [S],
     [[[3.0, 1.5, 2.0, 0.25], [0.5, -1.0, -2.0, 0.0]], [[1, 1, 0, 0], [0, 0, 1, 1]]],
     "SortBackward0", [[[5.0, 6.0, 3.0, 4.0], [1.0, 2.0, 7.0, 8.0]]]),
    ("topk", lambda s: torch.topk(s, 2), [S],
     [[[2.0, 0.5], [3.0, 1.5]], [[2, 0], [0, 1]]],
     "TopkBackward0", [[[2.0, 0.0, 1.0, 0.0], [3.0, 4.0, 0.0, 0.0]]]),
    ("topk smallest dim 0", lambda s: s.topk(1, dim=0, largest=False), [S],
     [[[0.5, -1.0, -2.0, 0.0]], [[0, 0, 1, 1]]],
     "TopkBackward0", [[[1.0, 2.0, 0.0, 0.0], [0.0, 0.0, 3.0, 4.0]]]),
    ("kthvalue", lambda s: torch.kthvalue(s, 2, 1), [S],
     [[0.25, 0.0], [3, 3]], "KthvalueBackward0", [[[0.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 2.0]]]),
    ("kthvalue keepdim", lambda s: s.kthvalue(1, 0, True), [S],
     [[[0.5, -1.0, -2.0, 0.0]], [[0, 0, 1, 1]]],
     "KthvalueBackward0", [[[1.0, 2.0, 0.0, 0.0], [0.0, 0.0, 3.0, 4.0]]]),
    ("median of all", lambda s: torch.median(s), [S],
     [0.25], "MedianBackward0", [[[0.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 0.0]]]),
    ("median dim 1", lambda s: s.median(1), [S],
     [[0.25, 0.0], [3, 3]], "MedianBackward1", [[[0.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 2.0]]]),
    ("gather", lambda x: torch.gather(x, 1, torch.tensor([[2, 2], [1, 0]])), [X],
     [[[3.0, 3.0], [5.0, 4.0]]], "GatherBackward0", [[[0.0, 0.0, 3.0], [4.0, 3.0, 0.0]]]),
    ("index_select", lambda x: x.index_select(1, torch.tensor([2, 0, 2])), [X],
     [[[3.0, 1.0, 3.0], [6.0, 4.0, 6.0]]], "IndexSelectBackward0",
     [[[2.0, 0.0, 4.0], [5.0, 0.0, 10.0]]]),
    ("take", lambda x: torch.take(x, torch.tensor([[0, 5], [-1, 3]])), [X],
     [[[1.0, 6.0], [6.0, 4.0]]], "TakeBackward0", [[[1.0, 0.0, 0.0], [4.0, 0.0, 5.0]]]),
    ("masked_fill number", lambda x: x.masked_fill(torch.tensor(MASK), -1.5), [X],
     [[[-1.5, 2.0, -1.5], [4.0, 5.0, -1.5]]], "MaskedFillBackward0",
     [[[0.0, 2.0, 0.0], [4.0, 5.0, 0.0]]]),
    ("masked_fill 0-d tensor", lambda x, v: torch.masked_fill(x, torch.tensor(MASK), v),
     [X, lambda: torch.tensor(2.5, dtype=torch.float64, requires_grad=True)],
     [[[2.5, 2.0, 2.5], [4.0, 5.0, 2.5]]], "MaskedFillBackward1",
     [[[0.0, 2.0, 0.0], [4.0, 5.0, 0.0]], 10.0]),
    ("masked_select", lambda x: torch.masked_select(x, torch.tensor(MASK)), [X],
     [[1.0, 3.0, 6.0]], "MaskedSelectBackward0", [[[1.0, 0.0, 2.0], [0.0, 0.0, 3.0]]]),
    ("scatter src", lambda x, s: torch.scatter(x, 1, torch.tensor([[2, 0], [1, 2]]), s),
     [X, lambda: torch.tensor([[10., 20.], [30., 40.]], dtype=torch.float64,
                              requires_grad=True)],
     [[[20.0, 2.0, 10.0], [4.0, 30.0, 40.0]]], "ScatterBackward0",
     [[[0.0, 2.0, 0.0], [4.0, 0.0, 0.0]], [[3.0, 1.0], [5.0, 6.0]]]),
    ("scatter value", lambda x: x.scatter(0, torch.tensor([[1, 0, 1]]), 7.5), [X],
     [[[1.0, 7.5, 3.0], [7.5, 5.0, 7.5]]], "ScatterBackward1",
     [[[1.0, 0.0, 3.0], [0.0, 5.0, 0.0]]]),
    ("scatter_add", lambda x, s: x.scatter_add(0, torch.tensor([[1, 1, 0], [1, 0, 0]]), s),
     [X, lambda: torch.tensor([[10., 20., 30.], [40., 50., 60.]], dtype=torch.float64,
                              requires_grad=True)],
     [[[1.0, 52.0, 93.0], [54.0, 25.0, 6.0]]], "ScatterAddBackward0",
     [[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [[4.0, 5.0, 3.0], [4.0, 2.0, 3.0]]]),
    ("tril", lambda y: torch.tril(y, -1), [Y],
     [[[0.0, 0.0, 0.0, 0.0], [5.0, 0.0, 0.0, 0.0], [9.0, 10.0, 0.0, 0.0]]], "TrilBackward0",
     [[[0.0, 0.0, 0.0, 0.0], [5.0, 0.0, 0.0, 0.0], [9.0, 10.0, 0.0, 0.0]]]),
    ("triu", lambda y: y.triu(1), [Y],
     [[[0.0, 2.0, 3.0, 4.0], [0.0, 0.0, 7.0, 8.0], [0.0, 0.0, 0.0, 12.0]]], "TriuBackward0",
     [[[0.0, 2.0, 3.0, 4.0], [0.0, 0.0, 7.0, 8.0], [0.0, 0.0, 0.0, 12.0]]]),
    ("roll dims", lambda y: torch.roll(y, (1, -1), (0, 1)), [Y],
     [[[10.0, 11.0, 12.0, 9.0], [2.0, 3.0, 4.0, 1.0], [6.0, 7.0, 8.0, 5.0]]], "RollBackward0",
     [[[8.0, 5.0, 6.0, 7.0], [12.0, 9.0, 10.0, 11.0], [4.0, 1.0, 2.0, 3.0]]]),
    ("roll flat", lambda y: y.roll(5), [Y],
     [[[8.0, 9.0, 10.0, 11.0], [12.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0]]], "RollBackward0",
     [[[6.0, 7.0, 8.0, 9.0], [10.0, 11.0, 12.0, 1.0], [2.0, 3.0, 4.0, 5.0]]]),
]


@pytest.mark.parametrize("name, call, makers, values, grad_fn, grads", CASES,
                         ids=[c[0] for c in CASES])
def test_values_grad_fn_and_gradients(name, call, makers, values, grad_fn, grads):
    leaves = [make() for make in makers]
    result = call(*leaves)
    outs = result if isinstance(result, tuple) else (result,)
    assert [o.tolist() for o in outs] == values
    assert type(outs[0].grad_fn).__name__ == grad_fn
    for extra in outs[1:]:                       # indices: int64 constants, as in PyTorch
        assert extra.dtype == torch.int64 and extra.grad_fn is None
        assert not extra.requires_grad
    got = weighted_grads(outs[0], leaves)
    assert [g.tolist() for g in got] == grads


def test_multi_output_results_print_and_unpack_like_pytorch():
    r = torch.sort(torch.tensor([3., 1., 2.]))
    values, indices = r
    assert values is r.values and indices is r.indices
    assert repr(r) == ("torch.return_types.sort(\nvalues=tensor([1., 2., 3.]),\n"
                       "indices=tensor([1, 2, 0]))")
    assert repr(torch.tensor([3., 1.]).topk(1)).startswith("torch.return_types.topk(\n")
    assert repr(torch.tensor([3., 1.]).kthvalue(1)).startswith("torch.return_types.kthvalue(\n")
    assert repr(torch.tensor([3., 1.]).median(0)).startswith("torch.return_types.median(\n")


def test_sort_ties_and_nan_order():
    x = torch.tensor([3., 1., 2., 1., NAN, 3., -0.0, 0.0])
    assert x.sort(stable=True).indices.tolist() == [6, 7, 1, 3, 2, 0, 5, 4]
    assert x.sort(descending=True, stable=True).indices.tolist() == [4, 0, 5, 2, 1, 3, 6, 7]
    assert torch.argsort(x, descending=True).tolist() == [4, 0, 5, 2, 1, 3, 6, 7]
    assert str(torch.sort(x, descending=True).values.tolist()[0]) == "nan"
    b = torch.tensor([True, False, True])
    assert torch.sort(b, stable=True).indices.tolist() == [1, 0, 2]


def test_sort_node_depends_on_the_overload():
    """PyTorch records SortBackward1 whenever `stable` is passed, even as False."""
    x = torch.tensor([2., 1.], requires_grad=True)
    assert type(x.sort().values.grad_fn).__name__ == "SortBackward0"
    assert type(x.sort(0, True).values.grad_fn).__name__ == "SortBackward0"
    assert type(x.sort(stable=False).values.grad_fn).__name__ == "SortBackward1"
    assert type(torch.msort(x).grad_fn).__name__ == "SortBackward0"


def test_selection_with_nan_and_ties():
    n = torch.tensor([[1., NAN, 2.], [NAN, 1., NAN]])
    r = n.median(1)
    assert [str(v) for v in r.values.tolist()] == ["nan", "nan"]
    assert r.indices.tolist() == [1, 0]                  # the first NaN
    assert n[0].topk(2).indices.tolist() == [1, 2]
    assert n[0].kthvalue(3).indices.tolist() == 1
    z = torch.tensor([1., 2., 2., 3.], dtype=torch.float64, requires_grad=True)
    m = torch.median(z)
    (g,) = torch.autograd.grad(m, [z])
    assert m.item() == 2.0 and g.tolist() == [0.0, 0.5, 0.5, 0.0]
    assert np.signbit(torch.autograd.grad(-torch.median(z), [z])[0].numpy()).tolist() == \
        [False, True, True, False]                       # zeros stay +0.0 as in PyTorch
    assert torch.tensor([3, 1, 2, 4]).median().item() == 2
    assert str(torch.median(torch.zeros(0)).item()) == "nan"


def test_zero_dim_inputs():
    s = torch.tensor(4., requires_grad=True)
    r = torch.sort(s)
    assert r.values.item() == 4.0 and r.indices.tolist() == 0 and r.indices.shape == ()
    assert type(torch.kthvalue(s, 1).values.grad_fn).__name__ == "KthvalueBackward0"
    assert torch.gather(torch.tensor(5.), 0, torch.tensor([0, 0])).tolist() == [5.0, 5.0]
    assert torch.masked_select(torch.tensor(3.), torch.tensor(True)).tolist() == [3.0]
    assert torch.roll(torch.tensor(2.), 1).item() == 2.0


def test_broadcasting_is_undone_in_the_gradient():
    x1 = torch.tensor([1., 2., 3.], dtype=torch.float64, requires_grad=True)
    m = torch.tensor([[True, False, True], [False, False, True]])
    out = torch.masked_fill(x1, m, 0.)
    assert out.shape == (2, 3)
    assert weighted_grads(out, [x1])[0].tolist() == [4.0, 7.0, 0.0]
    sel = torch.masked_select(x1, m)
    assert sel.tolist() == [1.0, 3.0, 3.0]
    assert weighted_grads(sel, [x1])[0].tolist() == [1.0, 0.0, 5.0]


def test_casts_of_the_fill_value():
    i = torch.tensor([1, 2, 3])
    assert torch.masked_fill(i, torch.tensor([True, False, True]), 2.7).tolist() == [2, 2, 2]
    assert torch.scatter(torch.zeros(3, dtype=torch.int64), 0, torch.tensor([1]),
                         2.7).tolist() == [0, 2, 0]


def test_second_order_through_sort():
    """The gradient of sort is a scatter, itself differentiable (PyTorch's numbers)."""
    x = torch.tensor([3., 1., 2.], requires_grad=True)
    y = (x.sort().values ** 3 * torch.tensor([1., 2., 3.])).sum()
    (g,) = torch.autograd.grad(y, [x], create_graph=True)
    assert g.tolist() == [81.0, 3.0, 24.0]
    assert type(g.grad_fn).__name__ == "ScatterBackward0"
    assert torch.autograd.grad(g.sum(), [x])[0].tolist() == [54.0, 6.0, 24.0]


def test_saved_indices_are_freed_after_backward():
    x = torch.tensor([3., 1., 2.], requires_grad=True)
    y = x.gather(0, torch.tensor([2, 0])).sum()
    y.backward()
    with pytest.raises(TorchRuntimeError, match="backward through the graph a second time"):
        y.backward()


def test_functions_and_methods():
    for name in ["sort", "argsort", "msort", "topk", "kthvalue", "median", "gather",
                 "index_select", "masked_fill", "masked_select", "scatter", "scatter_add",
                 "take", "tril", "triu", "roll"]:
        assert callable(getattr(torch, name)), name
        assert callable(getattr(torch.Tensor, name)), name
    x = torch.tensor([[2., 1.], [0., 3.]])
    assert x.argsort(dim=0).tolist() == torch.argsort(x, 0).tolist() == [[1, 0], [0, 1]]
    assert x.msort().tolist() == [[0., 1.], [2., 3.]]
    assert x.take(torch.tensor([3, 0])).tolist() == [3., 2.]


ERRORS = [
    (lambda: torch.gather(X(), 1, torch.tensor([[0, 3]])), TorchRuntimeError,
     "index 3 is out of bounds for dimension 1 with size 3"),
    (lambda: torch.gather(X(), 1, torch.tensor([[0, -5, 7]])), TorchRuntimeError,
     "index -5 is out of bounds for dimension 1 with size 3"),
    (lambda: torch.gather(X(), 1, torch.tensor([0, 1])), TorchRuntimeError,
     "Index tensor must have the same number of dimensions as input tensor"),
    (lambda: torch.gather(X(), 0, torch.tensor([[0, 1, 1, 1]])), TorchRuntimeError,
     "Size does not match at dimension 1 expected index [1, 4] to be no larger than self "
     "[2, 3] apart from dimension 0"),
    (lambda: torch.gather(X(), 1, torch.tensor([[0., 1.]])), TorchRuntimeError,
     "gather(): Expected dtype int32/int64 for index"),
    (lambda: torch.index_select(X(), 0, torch.tensor([2])), TorchIndexError,
     "index out of range in self"),
    (lambda: torch.index_select(X(), 1, torch.tensor([0, -5, 7])), TorchRuntimeError,
     "INDICES element is out of DATA bounds, id=-5 axis_dim=3"),
    (lambda: torch.index_select(X(), 0, torch.tensor([[0]])), TorchIndexError,
     "index_select(): Index is supposed to be a vector"),
    (lambda: torch.topk(torch.tensor([1., 2.]), 3), TorchRuntimeError,
     "selected index k out of range"),
    (lambda: torch.topk(torch.tensor([1., 2.]), -1), TorchRuntimeError,
     "selected index k out of range"),
    (lambda: torch.kthvalue(torch.zeros(2, 3), 4, 1), TorchRuntimeError,
     "kthvalue(): selected number k out of range for dimension 1"),
    (lambda: torch.median(torch.zeros(0, 3), 0), TorchIndexError,
     "median(): Expected reduction dim 0 to have non-zero size."),
    (lambda: X().masked_fill(torch.tensor([True, False]), 0.), TorchRuntimeError,
     "The size of tensor a (2) must match the size of tensor b (3) at non-singleton "
     "dimension 1"),
    (lambda: X().masked_fill(torch.tensor([1, 0, 1]), 0.), TorchRuntimeError,
     "masked_fill_ only supports boolean masks, but got mask with dtype long int"),
    (lambda: X().masked_fill(torch.tensor([True, False, True]), torch.tensor([1.])),
     TorchRuntimeError, "masked_fill_ only supports a 0-dimensional value tensor, but got "
     "tensor with 1 dimension(s)."),
    (lambda: torch.masked_select(X(), torch.tensor([1, 0, 1])), TorchRuntimeError,
     "masked_select: expected BoolTensor for mask"),
    (lambda: torch.scatter(X(), 1, torch.tensor([[-1]]), torch.ones(2, 2)), TorchRuntimeError,
     "scatter(): Expected self.dtype to be equal to src.dtype"),
    (lambda: torch.scatter(X(), 1, torch.tensor([[0]] * 3), X()), TorchRuntimeError,
     "Expected index [3, 1] to be no larger than self [2, 3] apart from dimension 1 and to "
     "be no larger size than src [2, 3]"),
    (lambda: torch.scatter_add(X(), 0, torch.tensor([[2]]), X()), TorchRuntimeError,
     "index 2 is out of bounds for dimension 0 with size 2"),
    (lambda: torch.take(X(), torch.tensor([-7])), TorchIndexError,
     "out of range: tried to access index -7 on a tensor of 6 elements."),
    (lambda: torch.take(X(), torch.tensor([1], dtype=torch.int32)), TorchRuntimeError,
     "take(): Expected a long tensor for index, but got Int"),
    (lambda: torch.tril(torch.ones(3)), TorchRuntimeError,
     "tril: input tensor must have at least 2 dimensions"),
    (lambda: torch.roll(Y(), (1, 2)), TorchRuntimeError,
     "shifts and dimensions must align. shifts: 2, dims:0"),
    (lambda: torch.roll(torch.tensor(2.), 1, 0), TorchIndexError,
     "Dimension specified as 0 but tensor has no dimensions"),
]


@pytest.mark.parametrize("call, kind, message", ERRORS, ids=[e[2][:40] for e in ERRORS])
def test_error_messages(call, kind, message):
    with pytest.raises(kind) as info:
        call()
    assert str(info.value) == message


def test_gradient_of_a_src_larger_than_its_index_fails_as_in_pytorch():
    x = torch.zeros(2, 3, dtype=torch.float64)
    src = torch.ones(3, 3, dtype=torch.float64, requires_grad=True)
    out = torch.scatter(x, 1, torch.tensor([[1, 0], [0, 1]]), src)
    with pytest.raises(TorchRuntimeError) as info:
        out.sum().backward()
    assert str(info.value) == ("Function ScatterBackward0 returned an invalid gradient at "
                               "index 1 - got [2, 2] but expected shape compatible with [3, 3]")
