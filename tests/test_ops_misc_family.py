"""Predicates, PyTorch's other names, in-place comparisons, dtype questions, torch.range and
the misc math ops. Every expected value, name and text here was printed by PyTorch 2.13."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import gradcli as torch
from gradcli.errors import GradcliError


def raises(kind, text, fn, *args, **kwargs):
    with pytest.raises(kind) as info:
        fn(*args, **kwargs)
    assert str(info.value) == text
    assert isinstance(info.value, GradcliError)


# -- predicates ------------------------------------------------------------------------------

def test_is_predicates():
    assert torch.is_floating_point(torch.tensor([1., 2.])) is True
    assert torch.is_floating_point(torch.tensor([1, 2])) is False
    assert torch.is_nonzero(torch.tensor([[2]])) is True
    assert torch.tensor([0.]).is_nonzero() is False
    assert torch.is_same_size(torch.ones(3), torch.zeros(3)) is True
    assert torch.ones(3).is_same_size(torch.ones(1, 3)) is False
    assert [torch.tensor([1], dtype=d).is_signed() for d in (
        torch.bool, torch.uint8, torch.int8, torch.float16, torch.complex64)] == \
        [False, False, True, True, True]
    assert torch.is_inference(torch.ones(2)) is False
    with torch.inference_mode():
        assert torch.is_inference_mode_enabled() is True
        assert torch.is_inference(torch.ones(2)) is True
    assert torch.is_inference_mode_enabled() is False


def test_predicate_errors():
    raises(RuntimeError, "Boolean value of Tensor with more than one value is ambiguous",
           torch.is_nonzero, torch.tensor([1, 2]))
    raises(RuntimeError, "Boolean value of Tensor with no values is ambiguous",
           torch.is_nonzero, torch.tensor([]))
    raises(TypeError, "is_floating_point(): argument 'input' (position 1) must be Tensor, "
           "not float", torch.is_floating_point, 1.0)
    raises(TypeError, "is_same_size(): argument 'other' (position 2) must be Tensor, not int",
           torch.is_same_size, torch.ones(2), 3)
    raises(TypeError, "is_signed(): argument 'input' (position 1) must be Tensor, not int",
           torch.is_signed, 2)


def test_itemsize_and_nbytes():
    x = torch.ones(3)
    assert (x.itemsize, x.nbytes) == (4, 12)
    assert torch.ones(2, 3, dtype=torch.complex128).nbytes == 96
    assert torch.ones(2, dtype=torch.bool).itemsize == 1


# -- comparisons ---------------------------------------------------------------------------

def test_comparison_aliases():
    x = torch.tensor([1., 2., 3.])
    assert repr(torch.greater(x, 2)) == "tensor([False, False,  True])"
    assert repr(x.greater_equal(2)) == "tensor([False,  True,  True])"
    assert repr(torch.less(x, 2)) == "tensor([ True, False, False])"
    assert repr(x.less_equal(torch.tensor(2.))) == "tensor([ True,  True, False])"
    assert repr(torch.not_equal(x, 2)) == "tensor([ True, False,  True])"


def test_inplace_comparisons_write_in_self_dtype():
    x = torch.tensor([1., 2., 3.])
    assert x.eq_(2.) is x
    assert repr(x) == "tensor([0., 1., 0.])"
    assert x._version == 1
    assert repr(torch.tensor([1, 2]).greater_(1.5)) == "tensor([0, 1])"
    assert repr(torch.tensor([True, False]).lt_(1)) == "tensor([False,  True])"
    assert repr(torch.tensor([1., 2.]).ne_(torch.tensor([1., 3.]))) == "tensor([0., 1.])"


def test_inplace_comparison_nodes_pass_zero_gradient():
    x = torch.tensor([1., 2., 3.], requires_grad=True)
    y = x * 2
    y.eq_(2.)
    assert repr(y) == "tensor([1., 0., 0.], grad_fn=<EqBackward0>)"
    z = x * 1
    z.lt_(x)
    assert repr(z) == "tensor([0., 0., 0.], grad_fn=<LtBackward1>)"
    assert [n.name() for n, _ in z.grad_fn.next_functions] == ["MulBackward0",
                                                                "torch::autograd::AccumulateGrad"]
    (g,) = torch.autograd.grad(y.sum() + z.sum(), x)
    assert repr(g) == "tensor([0., 0., 0.])"
    w = x * 1
    assert repr(w.greater_equal_(2.)) == "tensor([0., 1., 1.], grad_fn=<GeBackward0>)"
    raises(RuntimeError, "a leaf Variable that requires grad is being used in an in-place "
           "operation.", x.gt_, 1)
    raises(RuntimeError, "output with shape [2] doesn't match the broadcast shape [2, 2]",
           torch.tensor([1., 2.]).eq_, torch.tensor([[1.], [2.]]))


def test_logical_inplace_keeps_history():
    y = torch.tensor([1., 2., 3.], requires_grad=True) * 2
    y.logical_and_(torch.tensor([1., 0., 1.]))
    assert repr(y) == "tensor([1., 0., 1.], grad_fn=<MulBackward0>)"
    assert repr(torch.tensor([1, 0]).logical_not_()) == "tensor([0, 1])"
    assert repr(torch.tensor([1., 2.]).logical_xor_(torch.tensor(0.))) == "tensor([1., 1.])"
    leaf = torch.tensor([1., 0.], requires_grad=True)
    assert repr(leaf.logical_or_(torch.tensor(0.))) == "tensor([1., 0.], requires_grad=True)"


# -- other names, positive, torch-level in-place functions ----------------------------------

def test_inplace_aliases_and_their_nodes():
    x = torch.tensor([1., -2., 3.], requires_grad=True)
    for method, node in [("multiply_", "MulBackward0"), ("divide_", "DivBackward0"),
                         ("true_divide_", "DivBackward0"), ("subtract_", "SubBackward0")]:
        assert getattr(x * 1, method)(2).grad_fn.name() == node
    assert (x * 1).absolute_().grad_fn.name() == "AbsBackward0"
    assert (x * 1).negative_().grad_fn.name() == "NegBackward0"
    assert repr(torch.negative_(torch.tensor([1., -2.]))) == "tensor([-1.,  2.])"
    assert repr(torch.tensor([1., 7.]).divide_(2, rounding_mode="floor")) == \
        "tensor([0., 3.])"
    assert repr(torch.tensor([0.5]).arcsin_()) == "tensor([0.5236])"


def test_positive():
    x = torch.tensor([1., 2.], requires_grad=True)
    assert torch.positive(x) is x and x.positive() is x
    raises(RuntimeError, "The `+` operator, on a bool tensor is not supported.",
           torch.positive, torch.tensor([True]))


def test_torch_level_inplace_functions():
    x = torch.tensor([1., -1.])
    assert torch.relu_(x) is x and repr(x) == "tensor([1., 0.])"
    assert repr(torch.sigmoid_(torch.tensor([0., 1.]))) == "tensor([0.5000, 0.7311])"
    assert repr(torch.tanh_(torch.tensor([0., 1.]))) == "tensor([0.0000, 0.7616])"
    assert repr(torch.exp_(torch.tensor([0., 1.]))) == "tensor([1.0000, 2.7183])"
    assert repr(torch.xlogy_(torch.tensor([2., 0.]), torch.tensor([3., 0.]))) == \
        "tensor([2.1972, 0.0000])"
    y = torch.tensor([1., -1.], requires_grad=True) * 1
    assert repr(torch.relu_(y)) == "tensor([1., 0.], grad_fn=<ReluBackward0>)"
    assert not hasattr(torch, "add_")          # a method only, in PyTorch too


# -- elementwise predicates ------------------------------------------------------------------

def test_isneginf_isposinf_isreal_isin():
    inf, nan = float("inf"), float("nan")
    v = torch.tensor([-inf, inf, 1., nan])
    assert repr(torch.isneginf(v)) == "tensor([ True, False, False, False])"
    assert repr(v.isposinf()) == "tensor([False,  True, False, False])"
    assert repr(torch.isposinf(torch.tensor([1, 2]))) == "tensor([False, False])"
    raises(RuntimeError, "isneginf does not support complex inputs.", torch.isneginf,
           torch.tensor([1j]))
    assert repr(torch.isreal(torch.tensor([1, 1j]))) == "tensor([ True, False])"
    assert repr(torch.tensor([1., 2.]).isreal()) == "tensor([True, True])"
    assert repr(torch.isin(torch.tensor([[1, 2], [3, 4]]), torch.tensor([2, 3]))) == \
        "tensor([[False,  True],\n        [ True, False]])"
    assert repr(torch.isin(torch.tensor([1., 2.]), 2)) == "tensor([False,  True])"
    assert repr(torch.isin(2, torch.tensor([1, 2]))) == "tensor(True)"
    assert repr(torch.isin(torch.tensor([1, 2]), torch.tensor([2]), invert=True)) == \
        "tensor([ True, False])"
    with pytest.raises(TypeError, match=r"^isin\(\) received an invalid combination of "
                       r"arguments - got \(int, int\), but expected one of:"):
        torch.isin(1, 2)


# -- dtype questions -------------------------------------------------------------------------

def test_result_type_promote_types_can_cast():
    assert torch.result_type(torch.tensor([1., 2.]), 2) is torch.float32
    assert torch.result_type(torch.tensor([1]), 2.5) is torch.float32
    assert torch.result_type(2, 3) is torch.int64
    assert torch.result_type(2, 3.) is torch.float32
    assert torch.result_type(True, 1) is torch.int64
    assert torch.result_type(torch.tensor(1., dtype=torch.float64),
                             torch.tensor([1], dtype=torch.int32)) is torch.float64
    assert torch.promote_types(torch.int32, torch.float32) is torch.float32
    assert torch.promote_types(torch.uint8, torch.int8) is torch.int16
    assert torch.promote_types(torch.complex64, torch.float64) is torch.complex128
    assert torch.can_cast(torch.double, torch.float) is True
    assert torch.can_cast(torch.float, torch.int) is False
    assert torch.can_cast(torch.int, torch.bool) is False
    assert torch.can_cast(torch.complex64, torch.float64) is False
    assert torch.can_cast(torch.bool, torch.uint8) is True
    raises(TypeError, "promote_types(): argument 'type1' (position 1) must be torch.dtype, "
           "not int", torch.promote_types, 1, torch.float)
    raises(TypeError, "can_cast(): argument 'from_' (position 1) must be torch.dtype, not "
           "int", torch.can_cast, 1, torch.int)


# -- threads and torch.range -----------------------------------------------------------------

def test_num_threads_are_accepted_and_checked():
    before = torch.get_num_threads()
    try:
        torch.set_num_threads(1)
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)
    raises(RuntimeError, "set_num_threads expects a positive integer", torch.set_num_threads, 0)
    raises(RuntimeError, "set_num_threads expects an int, but got float",
           torch.set_num_threads, 1.5)


RANGE_WARNING = ("torch.range is deprecated and will be removed in a future release because "
                 "its behavior is inconsistent with Python's range builtin. Instead, use "
                 "torch.arange, which produces values in [start, end).")


def test_range_includes_end_and_warns():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert repr(torch.range(1, 4)) == "tensor([1., 2., 3., 4.])"
        assert repr(torch.range(0, 1, 0.3)) == "tensor([0.0000, 0.3000, 0.6000, 0.9000])"
        assert repr(torch.range(0, 3, dtype=torch.int64)) == "tensor([0, 1, 2, 3])"
        assert repr(torch.range(4, 1, -1)) == "tensor([4., 3., 2., 1.])"
    assert [str(w.message) for w in caught] == [RANGE_WARNING] * 4
    assert all(w.category is UserWarning for w in caught)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raises(RuntimeError, "upper bound and lower bound inconsistent with step sign",
               torch.range, 4, 1)
        raises(RuntimeError, "step must be nonzero", torch.range, 1, 4, 0)
        raises(RuntimeError, "Only Tensors of floating point and complex dtype can require "
               "gradients", torch.range, 0, 3, dtype=torch.int64, requires_grad=True)


def test_formula_names(tmp_path):
    from gradcli import lang
    import io
    out = io.StringIO()
    lang.run_source("import torch\nx = torch.tensor([1., 2.])\nprint(torch.greater(x, 1))\n"
                    "print(x.ge_(2))\nprint(torch.is_nonzero(torch.tensor([3])))\n",
                    filename="t.grad", out=out)
    assert out.getvalue() == "tensor([False,  True])\ntensor([0., 1.])\nTrue\n"


# -- misc math ops ---------------------------------------------------------------------------

def _grads(out, inputs, **kwargs):
    return [repr(g) for g in torch.autograd.grad(out, inputs, **kwargs)]


def test_logaddexp2():
    a = torch.tensor([1., 2.], requires_grad=True)
    b = torch.tensor([0.5, 3.], requires_grad=True)
    y = torch.logaddexp2(a, b)
    assert repr(y) == "tensor([1.7716, 3.5850], grad_fn=<Logaddexp2Backward0>)"
    assert _grads(y.sum(), [a, b]) == ["tensor([0.5858, 0.3333])", "tensor([0.4142, 0.6667])"]
    raises(NotImplementedError, "\"logaddexp2_cpu\" not implemented for 'Long'",
           torch.logaddexp2, torch.tensor([1, 2]), torch.tensor([1, 2]))
    raises(TypeError, "logaddexp2(): argument 'other' (position 2) must be Tensor, not int",
           torch.logaddexp2, a, 2)


def test_ldexp_keeps_pytorchs_integer_power_in_its_gradient():
    x = torch.tensor([1., 2., 3.], dtype=torch.float64, requires_grad=True)
    y = torch.ldexp(x, torch.tensor([1, -2, 3]))
    assert repr(y) == ("tensor([ 2.0000,  0.5000, 24.0000], dtype=torch.float64,\n"
                       "       grad_fn=<LdexpBackward0>)")
    assert _grads(y.sum(), x) == ["tensor([2., 0., 8.], dtype=torch.float64)"]
    assert repr(torch.ldexp(torch.tensor([1, 2]), torch.tensor([1, 2]))) == "tensor([2., 8.])"


def test_frexp():
    assert repr(torch.frexp(torch.tensor([0., 8., -3.]))) == (
        "torch.return_types.frexp(\nmantissa=tensor([ 0.0000,  0.5000, -0.7500]),\n"
        "exponent=tensor([0, 4, 2], dtype=torch.int32))")
    x = torch.tensor([1., 2.], requires_grad=True)
    m, e = torch.frexp(x * 3)
    assert m.grad_fn.name() == "FrexpBackward0" and not e.requires_grad
    assert _grads(m.sum(), x) == ["tensor([0.7500, 0.3750])"]
    raises(RuntimeError, "torch.frexp() only supports floating-point dtypes", torch.frexp,
           torch.tensor([1, 2]))


def test_gcd_lcm_nextafter():
    assert repr(torch.gcd(torch.tensor([12, -18]), torch.tensor([8, 4]))) == "tensor([4, 2])"
    assert repr(torch.lcm(torch.tensor([4, 6]), torch.tensor([6, 0]))) == "tensor([12,  0])"
    assert repr(torch.tensor([4]).gcd_(torch.tensor([6]))) == "tensor([2])"
    raises(NotImplementedError, "\"gcd_cpu\" not implemented for 'Float'", torch.gcd,
           torch.tensor([1.]), torch.tensor([2.]))
    a = torch.tensor([1., 2.], requires_grad=True)
    b = torch.tensor([0.5, 3.], requires_grad=True)
    y = torch.nextafter(a, b)
    assert y.grad_fn.name() == "NextafterBackward0"
    assert (y - a).tolist() == [-5.960464477539063e-08, 2.384185791015625e-07]
    assert _grads(y.sum(), [a, b]) == ["tensor([1., 1.])", "tensor([0., 0.])"]


def test_mvlgamma_first_and_second_order():
    x = torch.tensor([2.5, 3.], requires_grad=True)
    y = torch.mvlgamma(x, 2)
    assert repr(y) == "tensor([0.8570, 1.5502], grad_fn=<MvlgammaBackward0>)"
    (g,) = torch.autograd.grad(y.sum(), x, create_graph=True)
    assert repr(g) == "tensor([1.1259, 1.6259], grad_fn=<MulBackward0>)"
    assert _grads(g.sum(), x) == ["tensor([1.1353, 0.8853])"]
    raises(RuntimeError, "p has to be greater than or equal to 1", torch.mvlgamma,
           torch.tensor([2.]), 0)
    assert repr(torch.mvlgamma(torch.tensor([1, 2]), 1)) == "tensor([0., 0.])"


def test_addr():
    m = torch.tensor([[1., 2.], [3., 4.], [5., 6.]], requires_grad=True)
    u = torch.tensor([1., 2., 3.], requires_grad=True)
    v = torch.tensor([0.5, -1.], requires_grad=True)
    y = torch.addr(m, u, v, beta=2, alpha=3)
    assert repr(y) == ("tensor([[ 3.5000,  1.0000],\n        [ 9.0000,  2.0000],\n"
                       "        [14.5000,  3.0000]], grad_fn=<AddrBackward0>)")
    assert _grads((y * y).sum(), [m, u, v]) == [
        "tensor([[14.,  4.],\n        [36.,  8.],\n        [58., 12.]])",
        "tensor([ 4.5000, 15.0000, 25.5000])", "tensor([390.,  84.])"]
    raises(RuntimeError, "addr: Expected 1-D argument vec1, but got 2-D", torch.addr,
           torch.zeros(3, 2), torch.ones(3, 1), torch.ones(2))
    raises(RuntimeError, "For integral input tensors, argument alpha must not be a floating "
           "point number.", torch.addr, torch.zeros(2, 2, dtype=torch.int64),
           torch.tensor([1, 2]), torch.tensor([3, 4]), alpha=1.5)
    raises(RuntimeError, "The expanded size of the tensor (2) must match the existing size "
           "(3) at non-singleton dimension 1.  Target sizes: [2, 2].  Tensor sizes: [3, 3]",
           torch.addr, torch.zeros(3, 3), torch.ones(2), torch.ones(2))


def test_addbmm():
    b1 = torch.arange(12.).reshape(2, 3, 2).requires_grad_()
    b2 = torch.arange(8.).reshape(2, 2, 2).requires_grad_()
    y = torch.addbmm(torch.ones(3, 2), b1, b2, alpha=0.5)
    assert repr(y) == ("tensor([[35., 42.],\n        [47., 58.],\n        [59., 74.]], "
                       "grad_fn=<AddbmmBackward0>)")
    assert _grads(y.sum(), [b1, b2])[1] == (
        "tensor([[[ 3.0000,  3.0000],\n         [ 4.5000,  4.5000]],\n\n"
        "        [[12.0000, 12.0000],\n         [13.5000, 13.5000]]])")
    raises(RuntimeError, "batch1 and batch2 must have same number of batches, got 2 and 3",
           torch.addbmm, torch.zeros(3, 3), torch.ones(2, 3, 4), torch.ones(3, 4, 3))
    raises(RuntimeError, "Incompatible matrix sizes for bmm (3x4 and 3x5)", torch.addbmm,
           torch.zeros(3, 5), torch.ones(2, 3, 4), torch.ones(2, 3, 5))


def test_multigammaln_in_formulas():
    from gradcli import lang
    import io
    out = io.StringIO()
    lang.run_source("import torch\nx = torch.tensor([2.5], dtype=torch.float64)\n"
                    "print(torch.special.multigammaln(x, 3))\n", filename="m.grad", out=out)
    assert out.getvalue() == "tensor([1.8810], dtype=torch.float64)\n"


def test_bilinear():
    x1 = torch.arange(6.).reshape(2, 3).requires_grad_()
    x2 = torch.arange(8.).reshape(2, 4)
    w = torch.arange(60.).reshape(5, 3, 4) / 10
    y = torch.nn.functional.bilinear(x1, x2, w)
    assert repr(y) == (
        "tensor([[  16.2000,   37.8000,   59.4000,   81.0000,  102.6000],\n"
        "        [ 168.8000,  485.6000,  802.4000, 1119.2001, 1436.0000]],\n"
        "       grad_fn=<ViewBackward0>)")
    (g,) = torch.autograd.grad(y.sum(), x1)    # float32: summed in another order than PyTorch
    np.testing.assert_allclose(g.numpy(), [[79., 91., 103.], [283., 327., 371.]], rtol=1e-6)
    assert torch.bilinear(x1, x2, w, torch.ones(5)).grad_fn.name() == "AddBackward0"
    raises(RuntimeError, "bilinear(): input2 size does not match weight size: got 4 but "
           "expected 3", torch.bilinear, x1, x2, torch.ones(5, 3, 3))
    raises(RuntimeError, "bilinear(): input batch dimensions do not match at dim 0: got 2 "
           "and 3", torch.bilinear, x1, torch.ones(3, 4), w)
    raises(RuntimeError, "bilinear(): bias size does not match weight size: got 4 but "
           "expected 5", torch.bilinear, x1, x2, w, torch.ones(4))


def test_torch_level_losses_take_an_integer_reduction():
    x = torch.tensor([[0.2, 0.5], [0.7, 0.1]], requires_grad=True)
    t = torch.tensor([[0.3, 0.6], [0.2, 0.9]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")           # torch.kl_div does not warn about 'mean'
        assert repr(torch.kl_div(x, t)) == ("tensor([[-0.4212, -0.6065],\n"
                                            "        [-0.4619, -0.1848]], grad_fn=<SubBackward0>)")
        assert repr(torch.kl_div(x, t, 1)) == "tensor(-0.4186, grad_fn=<MeanBackward0>)"
    assert repr(torch.kl_div(x, t, 2, log_target=True)) == \
        "tensor(1.6742, grad_fn=<SumBackward0>)"
    assert repr(torch.hinge_embedding_loss(x[0], torch.tensor([1., -1.]), 0.6, 2)) == \
        "tensor(0.3000, grad_fn=<SumBackward0>)"
    assert repr(torch.poisson_nll_loss(x, t, False, True, 1e-8, 1)) == \
        "tensor(1.1356, grad_fn=<MeanBackward0>)"
    raises(TypeError, "kl_div(): argument 'reduction' must be int, not str", torch.kl_div,
           x, t, reduction="sum")
    raises(TypeError, "hinge_embedding_loss(): argument 'reduction' (position 4) must be int, "
           "not str", torch.hinge_embedding_loss, x, t, 1.0, "mean")
    # nn.functional keeps its string reductions
    assert repr(torch.nn.functional.hinge_embedding_loss(x[0], torch.tensor([1., -1.]), 0.6,
                                                         reduction="sum")) == \
        "tensor(0.3000, grad_fn=<SumBackward0>)"


def test_vander_is_built_as_in_pytorch():
    x = torch.tensor([1., 2., 3.], requires_grad=True)
    assert repr(torch.vander(x)) == ("tensor([[1., 1., 1.],\n        [4., 2., 1.],\n"
                                     "        [9., 3., 1.]], grad_fn=<FlipBackward0>)")
    assert repr(torch.vander(x, increasing=True)) == (
        "tensor([[1., 1., 1.],\n        [1., 2., 4.],\n        [1., 3., 9.]], "
        "grad_fn=<CopySlices>)")
    raises(RuntimeError, "one of the variables needed for gradient computation has been "
           "modified by an inplace operation: [torch.FloatTensor [2, 1]], which is output 0 of "
           "AsStrided, is at version 3; expected version 2 instead. Hint: enable anomaly "
           "detection to find the operation that failed to compute its gradient, with "
           "torch.autograd.set_detect_anomaly(True, check_nan=False).",
           torch.vander(torch.tensor([1., 2.], requires_grad=True)).sum().backward)
    assert repr(torch.vander(torch.tensor([1, 2], dtype=torch.int32))) == \
        "tensor([[1, 1],\n        [2, 1]])"
    assert repr(torch.vander(torch.tensor([]), N=3)) == "tensor([], size=(0, 3))"
    raises(RuntimeError, "x must be a one-dimensional tensor.", torch.vander, torch.tensor(2.))
    raises(RuntimeError, "N must be non-negative.", torch.vander, torch.tensor([2.]), N=-1)


def test_i0_to_third_order():
    x = torch.tensor([0., 1., -2.5], dtype=torch.float64, requires_grad=True)
    y = torch.i0(x)
    assert repr(y) == "tensor([1.0000, 1.2661, 3.2898], dtype=torch.float64, grad_fn=<I0Backward0>)"
    (g,) = torch.autograd.grad(y.sum(), x, create_graph=True)
    assert repr(g) == ("tensor([ 0.0000,  0.5652, -2.5167], dtype=torch.float64,\n"
                       "       grad_fn=<MulBackward0>)")
    (g2,) = torch.autograd.grad(g.sum(), x, create_graph=True)
    assert repr(g2) == ("tensor([0.5000, 0.7009, 2.2832], dtype=torch.float64, "
                        "grad_fn=<MulBackward0>)")
    assert _grads(g2.sum(), x) == ["tensor([ 0.0000,  0.4294, -2.0061], dtype=torch.float64)"]
    assert repr(torch.i0(torch.tensor([1, 2]))) == "tensor([1.2661, 2.2796])"
    big = torch.i0(torch.tensor([700., 800.], dtype=torch.float64))
    assert repr(big) == "tensor([1.5296e+302,         inf], dtype=torch.float64)"


def test_pdist_first_order_and_pytorchs_missing_second_order():
    x = torch.tensor([[0., 1.], [2., 3.], [1., -1.], [0., 1.]], requires_grad=True)
    y = torch.pdist(x)
    assert repr(y) == ("tensor([2.8284, 2.2361, 0.0000, 4.1231, 2.8284, 2.2361],\n"
                       "       grad_fn=<PdistBackward0>)")
    (g,) = torch.autograd.grad(y.sum(), x, create_graph=True)
    assert repr(g) == ("tensor([[-1.1543,  0.1873],\n        [ 1.6567,  2.3844],\n"
                       "        [ 0.6519, -2.7590],\n        [-1.1543,  0.1873]], "
                       "grad_fn=<PdistBackwardBackward0>)")
    (g_inf,) = torch.autograd.grad(torch.pdist(x, float("inf")).sum(), x)
    assert repr(g_inf) == ("tensor([[-1.,  0.],\n        [ 2.,  3.],\n        [ 0., -3.],\n"
                           "        [-1.,  0.]])")
    raises(NotImplementedError, "the derivative for '_pdist_backward' is not implemented.",
           torch.autograd.grad, g.sum(), x)
    raises(RuntimeError, "pdist only supports 2D tensors, got: 3D", torch.pdist,
           torch.ones(2, 2, 2))
    raises(RuntimeError, "pdist only supports non-negative p values", torch.pdist,
           torch.ones(3, 2), -1)


@pytest.mark.parametrize("source", ["torch.pdist(torch.ones(20000, 3))",
                                    "torch.vander(torch.tensor([1., 2.]), N=100000000)",
                                    "torch.range(0, 1e12)"])
def test_sizes_are_checked_before_the_work(source):
    import io
    from gradcli import lang
    from gradcli.errors import LimitError
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(LimitError, match="exceeds the limit of 50,000,000 elements"):
            lang.run_source(f"import torch\nx = {source}\n", filename="big.grad",
                            out=io.StringIO())
