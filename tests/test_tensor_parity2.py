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


@pytest.mark.parametrize("key, message", [
    ((0, 0, 4), "index 4 is out of bounds for dimension 2 with size 4"),
    ((1, 5), "index 5 is out of bounds for dimension 1 with size 3"),
    ((None, 2), "index 2 is out of bounds for dimension 1 with size 2"),
    ((Ellipsis, 4), "index 4 is out of bounds for dimension 1 with size 4"),
    ((0, slice(None), 9), "index 9 is out of bounds for dimension 2 with size 4"),
    ((torch.ones(3, dtype=torch.bool),), "The shape of the mask [3] at index 0 does not match "
     "the shape of the indexed tensor [2, 3, 4] at index 0"),
    ((slice(None), torch.ones(2, 2, dtype=torch.bool)), "The shape of the mask [2, 2] at "
     "index 0 does not match the shape of the indexed tensor [2, 3, 4] at index 1"),
    ((torch.ones(2, 4, dtype=torch.bool),), "The shape of the mask [2, 4] at index 1 does not "
     "match the shape of the indexed tensor [2, 3, 4] at index 1"),
    ((None, torch.ones(3, dtype=torch.bool)), "The shape of the mask [3] at index 0 does not "
     "match the shape of the indexed tensor [1, 2, 3, 4] at index 1"),
    (([0, 1], [0, 1, 2]), "shape mismatch: indexing tensors could not be broadcast together "
     "with shapes [2], [3]"),
])
def test_index_errors_name_pytorchs_dims_and_shapes(key, message):
    x = torch.zeros(2, 3, 4)
    _raises(lambda: x[key], IndexError, message)


def test_setitem_with_unbroadcastable_indices():
    x = torch.zeros(2, 3, 4)
    _raises(lambda: x.__setitem__(([0, 1], slice(None), [0, 1, 2]), 1), IndexError,
            "shape mismatch: indexing tensors could not be broadcast together with shapes "
            "[2], [3]")


def test_repeat_interleave_with_a_tensor_of_repeats():
    m = torch.tensor([[1, 2], [3, 4]])
    assert m.repeat_interleave(torch.tensor([1, 2]), dim=0).tolist() == [[1, 2], [3, 4], [3, 4]]
    assert m.repeat_interleave(torch.tensor([2, 1]), dim=1).tolist() == [[1, 1, 2], [3, 3, 4]]
    assert m.repeat_interleave(torch.tensor([1, 2, 1, 1])).tolist() == [1, 2, 2, 3, 4]
    assert torch.repeat_interleave(torch.tensor([1, 2, 0])).tolist() == [0, 1, 1]
    x = torch.tensor([1., 2.], requires_grad=True)
    assert repr(x.repeat_interleave(torch.tensor([2, 1]))) == \
        "tensor([1., 1., 2.], grad_fn=<IndexSelectBackward0>)"
    assert repr(x.repeat_interleave(torch.tensor(2))) == \
        "tensor([1., 1., 2., 2.], grad_fn=<IndexSelectBackward0>)"
    y = x.repeat_interleave(torch.tensor([2, 3]))
    y.sum().backward()
    assert x.grad.tolist() == [2.0, 3.0]


@pytest.mark.parametrize("fn, kind, message", [
    (lambda: torch.repeat_interleave(torch.tensor(3)), RuntimeError,
     "repeat_interleave only accept 1D vector as repeat"),
    (lambda: torch.tensor([1, 2]).repeat_interleave(torch.tensor([1, 2, 3])), RuntimeError,
     "repeats must have the same size as input along dim, but got repeats.size(0) = 3 and "
     "input.size(0) = 2"),
    (lambda: torch.tensor([1, 2]).repeat_interleave(torch.tensor([1, -1])), RuntimeError,
     "repeats can not be negative"),
    (lambda: torch.tensor([1, 2]).repeat_interleave(torch.tensor([[1, 2]])), RuntimeError,
     "repeats must be 0-dim or 1-dim tensor"),
    (lambda: torch.tensor([1, 2]).repeat_interleave(torch.tensor([1., 2.])),
     NotImplementedError, "\"repeat_interleave_cpu\" not implemented for 'Float'"),
    (lambda: torch.flatten(torch.zeros(2, 3), 1, 0), RuntimeError,
     "flatten() has invalid args: start_dim cannot come after end_dim"),
    (lambda: torch.cat([]), ValueError, "torch.cat(): expected a non-empty list of Tensors"),
    (lambda: torch.cat([torch.tensor(1.), torch.tensor(2.)]), RuntimeError,
     "zero-dimensional tensor (at position 0) cannot be concatenated"),
])
def test_shape_op_refusals(fn, kind, message):
    _raises(fn, kind, message)


_F, _I, _B = torch.tensor([1.5]), torch.tensor([3]), torch.tensor([True])
_MASK_HINT = "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead."


@pytest.mark.parametrize("fn, kind, message", [
    (lambda: _F & _F, NotImplementedError, "\"bitwise_and_cpu\" not implemented for 'Float'"),
    (lambda: _F | 1, NotImplementedError, "\"bitwise_or_cpu\" not implemented for 'Float'"),
    (lambda: _I ^ 1.5, NotImplementedError, "\"bitwise_xor_cpu\" not implemented for 'Float'"),
    (lambda: _F << 1, NotImplementedError, "\"lshift_cpu\" not implemented for 'Float'"),
    (lambda: _I >> 1.0, NotImplementedError, "\"rshift_cpu\" not implemented for 'Float'"),
    (lambda: torch.bitwise_and(_F, _I), NotImplementedError,
     "\"bitwise_and_cpu\" not implemented for 'Float'"),
    (lambda: torch.bitwise_not(_F), NotImplementedError,
     "\"bitwise_not_cpu\" not implemented for 'Float'"),
    (lambda: ~_F, TypeError,
     "~ (operator.invert) is only implemented on integer and Boolean-type tensors"),
    (lambda: -_B, RuntimeError,
     "Negation, the `-` operator, on a bool tensor is not supported. " + _MASK_HINT),
    (lambda: _B - _B, RuntimeError, "Subtraction, the `-` operator, with two bool tensors is "
     "not supported. Use the `^` or `logical_xor()` operator instead."),
    (lambda: True - _B, RuntimeError, "Subtraction, the `-` operator, with two bool tensors "
     "is not supported. Use the `^` or `logical_xor()` operator instead."),
    (lambda: _B - 1, RuntimeError,
     "Subtraction, the `-` operator, with a bool tensor is not supported. " + _MASK_HINT),
    (lambda: _F - _B, RuntimeError,
     "Subtraction, the `-` operator, with a bool tensor is not supported. " + _MASK_HINT),
    (lambda: torch.allclose(_F, _F.double()), RuntimeError, "Float did not match Double"),
    (lambda: torch.allclose(_F, _I), RuntimeError, "Float did not match Long"),
    (lambda: torch.isclose(_I, _I.float()), RuntimeError, "Long did not match Float"),
    (lambda: torch.allclose(torch.ones(2), torch.ones(3)), RuntimeError,
     "The size of tensor a (2) must match the size of tensor b (3) at non-singleton "
     "dimension 0"),
    (lambda: torch.equal(_F, 1.5), TypeError,
     "equal(): argument 'other' (position 2) must be Tensor, not float"),
])
def test_operator_refusals(fn, kind, message):
    _raises(fn, kind, message)


def test_bitwise_and_closeness_on_allowed_dtypes():
    assert (torch.tensor([12, 10]) & 3).tolist() == [0, 2]
    assert (~torch.tensor([True, False])).tolist() == [False, True]
    assert torch.allclose(_I, _I) and torch.isclose(_F, torch.tensor([1.5, 2.5])).tolist() == \
        [True, False]


def test_arange_linspace_logspace_are_pytorchs_to_the_bit():
    # PyTorch's CPU kernels: arange in 32-byte vectors from a rounded base, linspace from
    # both ends with fused multiply-adds, logspace with C's pow (values copied from 2.13)
    assert torch.arange(-1.7, 3.2, 0.3).tolist() == [
        -1.7000000476837158, -1.4000000953674316, -1.100000023841858, -0.8000000715255737,
        -0.5000000596046448, -0.20000004768371582, 0.09999994933605194, 0.3999999463558197,
        0.699999988079071, 1.0, 1.2999999523162842, 1.600000023841858, 1.899999976158142,
        2.200000047683716, 2.5, 2.799999952316284, 3.0999999046325684]
    assert torch.arange(0, 2, 0.1, dtype=torch.float64).tolist()[-5:] == [
        1.5000000000000002, 1.6, 1.7000000000000002, 1.8, 1.9000000000000001]
    assert torch.linspace(-3.3, 17.1, 13).tolist() == [
        -3.299999952316284, -1.600000023841858, 0.09999990463256836, 1.7999998331069946,
        3.499999761581421, 5.199999809265137, 6.90000057220459, 8.600000381469727,
        10.30000114440918, 12.000000953674316, 13.700000762939453, 15.40000057220459,
        17.100000381469727]
    assert torch.linspace(0, 1, 7).tolist() == [
        0.0, 0.1666666716337204, 0.3333333432674408, 0.5, 0.6666666269302368,
        0.8333333134651184, 1.0]
    assert torch.linspace(-5, 5, 4, dtype=torch.int32).tolist() == [-5, -1, 1, 5]
    assert torch.linspace(0, 5, 1).tolist() == [0.0]
    assert torch.logspace(-1, 1.5, 6).tolist() == [
        0.10000000149011612, 0.3162277638912201, 1.0, 3.1622776985168457, 10.0,
        31.62277603149414]
    assert torch.logspace(0.6, 2, 1, dtype=torch.int64).tolist() == [3]
    assert torch.logspace(0, 3, 4, base=2, dtype=torch.float64).tolist() == [1., 2., 4., 8.]


@pytest.mark.parametrize("fn, kind, message", [
    (lambda: torch.arange(0, 10, -1), RuntimeError,
     "upper bound and lower bound inconsistent with step sign"),
    (lambda: torch.linspace(0, 1, -1), RuntimeError, "number of steps must be non-negative"),
    (lambda: torch.logspace(0, 1, -2), RuntimeError, "number of steps must be non-negative"),
    (lambda: torch.eye(-1), RuntimeError, "n must be greater or equal to 0, got -1"),
    (lambda: torch.eye(2, -3), RuntimeError, "m must be greater or equal to 0, got -3"),
    (lambda: torch.tensor([1.5]).type("torch.float64"), ValueError,
     "invalid type: 'torch.float64'"),
])
def test_creation_refusals(fn, kind, message):
    _raises(fn, kind, message)


def test_type_takes_legacy_type_names():
    x = torch.tensor([1.5, 2.5])
    assert repr(x.type("torch.IntTensor")) == "tensor([1, 2], dtype=torch.int32)"
    assert repr(x.type("torch.HalfTensor")) == "tensor([1.5000, 2.5000], dtype=torch.float16)"
    assert x.type(torch.int64).type() == "torch.LongTensor"


def test_size_arithmetic_stays_a_size():
    s = torch.Size([2, 3])
    assert repr(s + (4,)) == "torch.Size([2, 3, 4])"
    assert repr((1,) + s) == "torch.Size([1, 2, 3])"
    assert repr(s * 2) == repr(2 * s) == "torch.Size([2, 3, 2, 3])"
    assert repr(torch.Size(range(3))) == "torch.Size([0, 1, 2])"
    _raises(lambda: s + [5], TypeError, "can only concatenate tuple (not list) to torch.Size")
    _raises(lambda: torch.Size([2.5]), TypeError,
            "torch.Size() takes an iterable of 'int' (item 0 is 'float')")


def test_char_conversion_and_inplace_broadcast_refusal():
    assert repr(torch.tensor([3.7, -1.2]).char()) == "tensor([ 3, -1], dtype=torch.int8)"
    _raises(lambda: torch.zeros(3).add_(torch.ones(1, 3)), RuntimeError,
            "output with shape [3] doesn't match the broadcast shape [1, 3]")


@pytest.mark.parametrize("fn, kind, message", [
    (lambda: torch.zeros(3).index_add_(0, torch.tensor([5]), torch.ones(1)), IndexError,
     "index out of range in self"),
    (lambda: torch.zeros(3).index_add_(0, torch.tensor([-1]), torch.ones(1)), IndexError,
     "index out of range in self"),
    (lambda: torch.zeros(2, 3).index_add(1, torch.tensor([0, 7]), torch.ones(2, 2)),
     RuntimeError, "index 7 is out of bounds for dimension 1 with size 3"),
])
def test_index_add_bounds(fn, kind, message):
    _raises(fn, kind, message)


def test_scatter_with_reduce_combines_and_records_notimplemented():
    x = torch.ones(2, 3, requires_grad=True)
    y = x.scatter(1, torch.tensor([[0, 0]]), torch.tensor([[2., 3.]]), reduce="multiply")
    assert y.tolist() == [[6., 1., 1.], [1., 1., 1.]]
    y = x.scatter(1, torch.tensor([[0, 0]]), 2.0, reduce="add")
    assert repr(y) == ("tensor([[5., 1., 1.],\n        [1., 1., 1.]], "
                       "grad_fn=<NotImplemented>)")
    _raises(lambda: y.sum().backward(), RuntimeError,
            "derivative for aten::scatter is not implemented")
    _raises(lambda: x.scatter(1, torch.tensor([[0]]), 2.0, reduce="sum"), RuntimeError,
            "reduce argument must be either add or multiply.")
    z = torch.ones(2, 3)
    assert z.scatter_(1, torch.tensor([[0, 0]]), 2.0, reduce="multiply").tolist() == [
        [4., 1., 1.], [1., 1., 1.]]


@pytest.mark.parametrize("fn, message", [
    (lambda: torch.zeros(2, 3).repeat(-1, 1),
     "Trying to create tensor with negative dimension -2: [-2, 3]"),
    (lambda: torch.zeros(2, 3).repeat(2, -1, 0),
     "Trying to create tensor with negative dimension -2: [2, -2, 0]"),
    (lambda: torch.zeros(2, 3).tile((-1,)),
     "Trying to create tensor with negative dimension -3: [2, -3]"),
    (lambda: torch.zeros(2, 3).expand(-1, -1, 3),
     "The expanded size of the tensor (-1) isn't allowed in a leading, non-existing "
     "dimension 0"),
])
def test_negative_repeat_and_expand_sizes(fn, message):
    _raises(fn, RuntimeError, message)


def test_numpy_scalars_keep_their_dtype_in_tensor():
    import numpy as np
    assert torch.tensor(np.float64(1.5)).dtype == torch.float64
    assert torch.tensor([np.float64(1.5)]).dtype == torch.float64
    assert torch.tensor([np.float32(1.5), 2.0]).dtype == torch.float32
    assert torch.tensor([np.int32(3)]).dtype == torch.int32
    assert torch.tensor([np.int32(3), 5]).dtype == torch.int64
    assert torch.tensor(np.bool_(True)).dtype == torch.bool
    assert repr(torch.tensor([np.float16(1), 2.5])) == "tensor([1.0000, 2.5000])"


@pytest.mark.parametrize("data, name", [
    ([1, None], "NoneType"), ([[1], [None]], "NoneType"), ([[1, 2], [3, {}]], "dict"),
    (None, "NoneType")])
def test_values_of_no_number_type_are_named(data, name):
    _raises(lambda: torch.tensor(data), RuntimeError, f"Could not infer dtype of {name}")


def test_from_numpy_names_the_numpy_type():
    import numpy as np
    with pytest.raises(TypeError) as info:
        torch.from_numpy(np.array(["a"]))
    assert str(info.value).startswith("can't convert np.ndarray of type numpy.str_. The only "
                                      "supported types are: float64, float32, float16, ")


@pytest.mark.parametrize("fn, kind, message", [
    (lambda: torch.randint(5, 2, (3,)), RuntimeError,
     "random_ expects 'from' to be less than 'to', but got from=5 >= to=2"),
    (lambda: torch.randint(0, 10), TypeError,
     "randint(): argument 'size' (position 2) must be tuple of ints, not int"),
    (lambda: torch.rand(2, dtype=torch.int64), NotImplementedError,
     "\"check_uniform_bounds\" not implemented for 'Long'"),
    (lambda: torch.randn(2, dtype=torch.int32), NotImplementedError,
     "\"normal_kernel_cpu\" not implemented for 'Int'"),
    (lambda: torch.randperm(-1), RuntimeError,
     "Trying to create tensor with negative dimension -1: [-1]"),
    (lambda: torch.normal(0., -1., (2,)), RuntimeError,
     "normal expects std >= 0.0, but found std -1"),
    (lambda: torch.bernoulli(torch.tensor([1.5])), RuntimeError,
     "Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message "
     "be improved?  If so, please report an enhancement request to PyTorch.)"),
    (lambda: torch.full(2, 1.), TypeError,
     "full(): argument 'size' (position 1) must be tuple of ints, not int"),
])
def test_random_factory_refusals(fn, kind, message):
    _raises(fn, kind, message)


def test_arange_takes_tensor_bounds():
    assert repr(torch.arange(torch.tensor(3))) == "tensor([0, 1, 2])"
    assert repr(torch.arange(torch.tensor(1.5), 4)) == "tensor([1.5000, 2.5000, 3.5000])"


def test_zero_dim_and_zero_step_index_errors():
    x = torch.tensor(5.)
    message = ("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
               "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
    _raises(lambda: x[0], IndexError, message)
    _raises(lambda: x.__setitem__(0, 1), IndexError, message)
    x[()] = 3
    assert x.item() == 3.0
    _raises(lambda: torch.arange(5)[::0], ValueError, "slice step cannot be zero")
    _raises(lambda: torch.arange(5)[::-1], ValueError, "step must be greater than zero")


@pytest.mark.parametrize("n", [65535, 65536, 65537, 200003])
def test_long_arange_and_linspace_are_made_in_blocks_with_the_same_bits(n):
    """Made in blocks of 65,536 (the exact fused multiply-adds' temporaries stay small): the
    values are the one-shot formula's, across every block edge."""
    import numpy as np
    from gradcli.fpmath import fma
    from gradcli.ops import creation
    for dt in (np.dtype(np.float32), np.dtype(np.float64)):
        work = dt.type
        step = work(work(3.3) - work(-1.7)) / work(n - 1)
        i = np.arange(n)
        low = i < n // 2
        with np.errstate(all="ignore"):
            want = fma(np.where(low, step, -step).astype(work),
                       np.where(low, i, n - i - 1).astype(work),
                       np.where(low, work(-1.7), work(3.3)).astype(work)).astype(dt)
        assert creation._linspace_values(-1.7, 3.3, n, dt).tobytes() == want.tobytes()
        vec = 32 // dt.itemsize
        full = n // (2 * vec) * (2 * vec)
        idx = np.arange(n, dtype=np.float64)
        first = idx.copy()
        first[:full] -= idx[:full] % vec
        base = fma(np.float64(0.3), first, np.float64(-1.7))
        base[:full] = base[:full].astype(dt)
        want = fma(idx - first, np.float64(0.3), base).astype(dt)
        assert creation._float_arange(-1.7, 0.3, n, dt).tobytes() == want.tobytes()
