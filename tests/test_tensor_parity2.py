"""Tensors themselves against PyTorch 2.13: creation from nested lists, Python numbers that
do not fit a dtype, integer division, indexing and shape errors.

Every expected value, printed text and error message was copied from what PyTorch 2.13
printed for the same code, so these tests run without PyTorch."""
import pytest

from gradcli.namespace import torch_namespace

torch = torch_namespace()


def _error(fn):
    with pytest.raises(Exception) as info:
        fn()
    return type(info.value).__mro__, str(info.value)


def _raises(fn, kind, message):
    with pytest.raises(kind) as info:
        fn()
    assert str(info.value) == message


@pytest.mark.parametrize("data, kind, message", [
    ([[1, 2], 3], TypeError, "not a sequence"),
    ([1, [2, 3]], TypeError, "'list' object cannot be interpreted as an integer"),
    ([1, (2, 3)], TypeError, "'tuple' object cannot be interpreted as an integer"),
    ([True, [False]], TypeError, "'list' object cannot be interpreted as an integer"),
    ([1.0, [2.0, 3.0]], TypeError, "must be real number, not list"),
    ([[[1], [2]], [[3], 4]], TypeError, "not a sequence"),
    ([[1, 2], [3]], ValueError, "expected sequence of length 2 at dim 1 (got 1)"),
    ([[[1, 2]], [[3]]], ValueError, "expected sequence of length 2 at dim 2 (got 1)"),
    ([[1, 2], []], ValueError, "expected sequence of length 2 at dim 1 (got 0)"),
])
def test_ragged_nested_lists_fail_as_in_pytorch(data, kind, message):
    _raises(lambda: torch.tensor(data), kind, message)


def test_nested_lists_with_an_empty_first_row_make_an_empty_tensor():
    t = torch.tensor([[], [1]])
    assert t.shape == (2, 0) and t.dtype == torch.float32
    assert repr(t) == "tensor([], size=(2, 0))"
    assert torch.tensor([[1, 2], (3, 4)]).tolist() == [[1, 2], [3, 4]]


@pytest.mark.parametrize("fn, message", [
    (lambda: torch.tensor([300], dtype=torch.uint8), "uint8"),
    (lambda: torch.tensor([-256], dtype=torch.uint8), "uint8"),
    (lambda: torch.tensor([200], dtype=torch.int8), "int8"),
    (lambda: torch.tensor([2 ** 40], dtype=torch.int32), "int32"),
    (lambda: torch.tensor([1e5], dtype=torch.int16), "int16"),
    (lambda: torch.tensor([float("nan")], dtype=torch.int64), "int64"),
    (lambda: torch.tensor([-1.5], dtype=torch.uint8), "uint8"),
    (lambda: torch.full((2,), 300, dtype=torch.uint8), "uint8_t"),
    (lambda: torch.full((2,), 2 ** 40, dtype=torch.int32), "int"),
    (lambda: torch.full((1,), 2 ** 63), "int64_t"),
    (lambda: torch.full((2,), 1e6, dtype=torch.float16), "c10::Half"),
    (lambda: torch.full((1,), 1e300), "float"),
    (lambda: torch.zeros(2, dtype=torch.uint8).fill_(257), "uint8_t"),
    (lambda: torch.zeros(2, dtype=torch.int64).fill_(float("nan")), "int64_t"),
    (lambda: torch.full_like(torch.zeros(2, dtype=torch.int8), 300), "int8_t"),
    (lambda: torch.zeros(2, dtype=torch.int8).new_full((2,), 300), "int8_t"),
    (lambda: torch.zeros(2, dtype=torch.int8).masked_fill(torch.tensor([True, False]), 300),
     "int8_t"),
    (lambda: torch.zeros(2, dtype=torch.uint8).__setitem__(0, 300), "uint8_t"),
    (lambda: torch.zeros(2, dtype=torch.int16).__setitem__(0, 1e5), "int16_t"),
])
def test_numbers_that_overflow_the_dtype_are_refused(fn, message):
    _raises(fn, RuntimeError, f"value cannot be converted to type {message} without overflow")


def test_numbers_within_pytorchs_ranges_convert():
    assert torch.tensor([-255], dtype=torch.uint8).tolist() == [1]
    assert torch.full((2,), -1, dtype=torch.uint8).tolist() == [255, 255]
    assert torch.tensor([5, 0], dtype=torch.bool).tolist() == [True, False]
    x = torch.zeros(2, dtype=torch.uint8)
    x[0] = -1
    assert x.tolist() == [255, 0]
    h = torch.zeros(2, dtype=torch.float16)
    h[0] = 1e6
    assert h.tolist() == [float("inf"), 0.0]
    _raises(lambda: torch.zeros(2).fill_(2 ** 64), OverflowError, "int too big to convert")


def test_python_ints_wrap_into_integer_tensors_in_arithmetic():
    u8 = torch.tensor([5, 3], dtype=torch.uint8)
    assert repr(u8 - 300) == "tensor([217, 215], dtype=torch.uint8)"
    assert repr(u8 * 1000) == "tensor([136, 184], dtype=torch.uint8)"
    assert repr(torch.tensor([1], dtype=torch.int8) + 200) == "tensor([-55], dtype=torch.int8)"
    assert repr(torch.tensor([5, 3], dtype=torch.int32) + 2 ** 40) == \
        "tensor([5, 3], dtype=torch.int32)"
    assert repr(torch.tensor([1, 2], dtype=torch.int8).add_(1000)) == \
        "tensor([-23, -22], dtype=torch.int8)"
    _raises(lambda: torch.tensor([5, 3]) + 2 ** 70, OverflowError, "int too big to convert")


def test_div_rounding_modes_as_in_pytorch():
    x = torch.tensor([-7.5, 7.5], requires_grad=True)
    y = torch.div(x, 2, rounding_mode="trunc")
    assert y.tolist() == [-3.0, 3.0] and y.grad_fn.name() == "DivBackward2"
    y.sum().backward()
    assert x.grad.tolist() == [0.0, 0.0]
    assert torch.div(x, torch.tensor([2., 3.]), rounding_mode=None).grad_fn.name() == \
        "DivBackward2"
    assert (x / 2).grad_fn.name() == "DivBackward0"
    assert repr(torch.div(torch.tensor([-7, 7]), 2, rounding_mode="trunc")) == \
        "tensor([-3,  3])"
    assert repr(torch.div(7, torch.tensor([2, -2]), rounding_mode="trunc")) == \
        "tensor([ 3, -3])"
    assert repr(torch.tensor([-7, 7]).div(2.5, rounding_mode="trunc")) == "tensor([-2.,  2.])"
    _raises(lambda: torch.div(torch.tensor([1.]), 2, rounding_mode="round"), RuntimeError,
            "div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
            "'round'")


@pytest.mark.parametrize("fn", [
    lambda x: x // 0, lambda x: x % 0, lambda x: torch.fmod(x, 0),
    lambda x: torch.div(x, 0, rounding_mode="trunc"),
    lambda x: torch.remainder(x, torch.tensor([0, 1])),
])
def test_integer_division_by_zero_is_refused(fn):
    _raises(lambda: fn(torch.tensor([5, -5])), RuntimeError, "ZeroDivisionError")


def test_float_division_by_zero_gives_inf_and_nan():
    assert repr(torch.tensor([5., -5., 0.]) // 0) == "tensor([inf, -inf, nan])"
    assert repr(torch.tensor([5, -5]) / 0) == "tensor([inf, -inf])"
