"""The predicates, aliases, in-place comparisons, dtype questions and misc math ops of
`gradcli.ops.predicates` and `gradcli.ops.mathmisc`, compared live with PyTorch: the same
expression is evaluated with `torch` bound to PyTorch and to gradcli, and the printed result
(or the error's kind and text, up to PyTorch's list of signatures, or the warnings) must be the same.

Runs only where PyTorch is installed:
`PYTHONPATH=. /work/torchenv/bin/python -m pytest tests/test_parity_misc_family.py`.
"""
from __future__ import annotations

import re
import warnings

import pytest

real_torch = pytest.importorskip("torch")

import gradcli  # noqa: E402

_ADDRESS = re.compile(r" at 0x[0-9a-f]+")
_BASES = (IndexError, TypeError, ValueError, RuntimeError, ZeroDivisionError)


def outcome(module, source: str):
    """What evaluating `source` gives: ('ok', printed result, warnings) or ('error', kind,
    message)."""
    space = {"torch": module, "F": module.nn.functional, "inf": float("inf"),
             "nan": float("nan")}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = eval(source, space)
        except Exception as exc:  # noqa: BLE001  (the error is what is compared)
            kind = next((b.__name__ for b in _BASES if isinstance(exc, b)), type(exc).__name__)
            # gradcli's "invalid combination of arguments" errors give PyTorch's first line
            return "error", kind, str(exc).partition("\n * (")[0]
    shown = _ADDRESS.sub("", repr(value))
    return "ok", shown, [str(w.message) for w in caught]


EXPRESSIONS = [
    # questions about a tensor
    "torch.is_floating_point(torch.tensor([1, 2]))",
    "torch.is_floating_point(torch.tensor([1., 2.]))",
    "torch.is_floating_point(1.0)",
    "torch.is_nonzero(torch.tensor([[2]]))",
    "torch.is_nonzero(torch.tensor([0.]))",
    "torch.is_nonzero(torch.tensor(nan))",
    "torch.tensor([1, 2]).is_nonzero()",
    "torch.tensor([]).is_nonzero()",
    "torch.is_nonzero(3)",
    "torch.is_same_size(torch.ones(3), torch.zeros(3))",
    "torch.ones(3).is_same_size(torch.ones(1, 3))",
    "torch.is_same_size(torch.ones(3), 3)",
    "[torch.tensor([1], dtype=d).is_signed() for d in (torch.bool, torch.uint8, torch.int8,"
    " torch.int16, torch.int32, torch.int64, torch.float16, torch.float32, torch.float64,"
    " torch.complex64, torch.complex128)]",
    "torch.is_signed(torch.ones(2))",
    "torch.is_signed(2)",
    "torch.is_inference(torch.ones(2))",
    "torch.is_inference_mode_enabled()",
    "[(torch.ones(2, 3, dtype=d).itemsize, torch.ones(2, 3, dtype=d).nbytes) for d in"
    " (torch.bool, torch.uint8, torch.int16, torch.int32, torch.int64, torch.float16,"
    " torch.float32, torch.float64, torch.complex64, torch.complex128)]",
    "torch.zeros(0, 4).nbytes",
    # comparison aliases, out of place and in place
    "torch.greater(torch.tensor([1., 2., 3.]), 2)",
    "torch.greater_equal(torch.tensor([1., 2., 3.]), torch.tensor(2.))",
    "torch.less(torch.tensor([1, 2, 3]), 2.5)",
    "torch.less_equal(torch.tensor([1., 2., 3.]), torch.tensor([3., 2., 1.]))",
    "torch.not_equal(torch.tensor([1., 2., 3.]), 2)",
    "torch.tensor([1., 2., 3.]).greater(2)",
    "torch.tensor([1., 2.]).not_equal(torch.tensor([1., 3.]))",
    "torch.greater(torch.tensor([1., 2.]), 'a')",
    "torch.tensor([1., 2., 3.]).eq_(2.)",
    "torch.tensor([1., 2., 3.]).ne_(torch.tensor([1., 0., 3.]))",
    "torch.tensor([1., 2., 3.]).lt_(2)",
    "torch.tensor([1., 2., 3.]).le_(2)",
    "torch.tensor([1., 2., 3.]).gt_(torch.tensor(1.5))",
    "torch.tensor([1., 2., 3.]).ge_(2)",
    "torch.tensor([1, 2]).greater_(1.5)",
    "torch.tensor([1, 2]).greater_equal_(2)",
    "torch.tensor([1., 2.]).less_(torch.tensor([2., 2.]))",
    "torch.tensor([1., 2.]).less_equal_(1)",
    "torch.tensor([1., 2.]).not_equal_(1)",
    "torch.tensor([True, False]).lt_(1)",
    "torch.tensor([1, 2]).eq_(torch.tensor([1.5, 2.]))",
    "torch.tensor([1., 2.]).eq_(torch.tensor([[1.], [2.]]))",
    "torch.tensor([1., 2., 3.], requires_grad=True).eq_(1.)",
    "(torch.tensor([1., 2., 3.], requires_grad=True) * 1).eq_(2.)",
    "(torch.tensor([1., 2., 3.], requires_grad=True) * 1).lt_(torch.tensor([2., 2., 2.]))",
    "(torch.tensor([1., 2., 3.], requires_grad=True) * 1).greater_(1.5)",
    "(torch.tensor([1., 2., 3.], requires_grad=True) * 1).ge_(torch.tensor(2.)).grad_fn.name()",
    "[(torch.tensor([1., 2., 3.], requires_grad=True) * 1).le_(t).grad_fn.next_functions"
    "[0][0].name() for t in (torch.tensor(2.),)]",
    "torch.autograd.grad(((lambda x: (x * 2).eq_(2.))(torch.tensor([1., 2.],"
    " requires_grad=True))).sum(), [torch.tensor(0.)], allow_unused=True)",
    # logical in place
    "torch.tensor([1., 0., 2.]).logical_and_(torch.tensor([1., 1., 0.]))",
    "torch.tensor([1., 0., 2.]).logical_or_(torch.tensor(0.))",
    "torch.tensor([1., 2.]).logical_xor_(torch.tensor(0.))",
    "torch.tensor([1, 0]).logical_not_()",
    "torch.tensor([True, False]).logical_not_()",
    "torch.tensor([1., 2., 3.], requires_grad=True).logical_not_()",
    "(torch.tensor([1., 2., 3.], requires_grad=True) * 2).logical_and_(torch.tensor([1., 0., 1.]))",
    # arithmetic aliases in place, positive
    "(torch.tensor([1., 2., 3.], requires_grad=True) * 1).multiply_(2)",
    "(torch.tensor([1., 2., 3.], requires_grad=True) * 1).divide_(2)",
    "torch.tensor([1., 7.]).divide_(2, rounding_mode='floor')",
    "(torch.tensor([1., 2., 3.], requires_grad=True) * 1).true_divide_(2)",
    "(torch.tensor([1., 2., 3.], requires_grad=True) * 1).subtract_(2, alpha=3)",
    "(torch.tensor([1., -2., 3.], requires_grad=True) * 1).absolute_()",
    "(torch.tensor([1., -2., 3.], requires_grad=True) * 1).negative_()",
    "torch.negative_(torch.tensor([1., -2.]))",
    "torch.tensor([1, 2]).multiply_(2.5)",
    "torch.positive(torch.tensor([1., 2.], requires_grad=True))",
    "torch.tensor([1, 2]).positive()",
    "torch.positive(torch.tensor([True]))",
    "(lambda x: torch.positive(x) is x)(torch.ones(2))",
    # torch-level in-place functions
    "torch.relu_(torch.tensor([1., -1.]))",
    "torch.sigmoid_(torch.tensor([0., 1.]))",
    "torch.tanh_(torch.tensor([0., 1.]))",
    "torch.exp_(torch.tensor([0., 1.]))",
    "torch.sqrt_(torch.tensor([4., 9.]))",
    "torch.clamp_(torch.tensor([-4., 9.]), -1, 1)",
    "torch.xlogy_(torch.tensor([2., 0.]), torch.tensor([3., 0.]))",
    "torch.relu_((torch.tensor([1., -1.], requires_grad=True) * 1))",
    "torch.zero_(torch.tensor([4., 9.]))",
    "torch.arcsin_(torch.tensor([0.5]))",
    # elementwise predicates
    "torch.isneginf(torch.tensor([-inf, inf, 1., nan]))",
    "torch.isposinf(torch.tensor([-inf, inf, 1., nan]))",
    "torch.isposinf(torch.tensor([1, 2]))",
    "torch.tensor([-inf, 2.], dtype=torch.float64).isneginf()",
    "torch.isneginf(torch.tensor([1j]))",
    "torch.isposinf(1.0)",
    "torch.isreal(torch.tensor([1, 1j, 2 + 0j]))",
    "torch.isreal(torch.tensor([1., 2.]))",
    "torch.tensor([1, 2]).isreal()",
    "torch.isin(torch.tensor([[1, 2], [3, 4]]), torch.tensor([2, 3]))",
    "torch.isin(torch.tensor([1., 2.]), 2)",
    "torch.isin(2, torch.tensor([1, 2]))",
    "torch.isin(torch.tensor([1, 2]), torch.tensor([2]), invert=True)",
    "torch.isin(torch.tensor([1., 2.]), torch.tensor([2]))",
    "torch.isin(torch.tensor([1., 2.]), torch.tensor([2.]), assume_unique=True)",
    # dtype questions
    "torch.result_type(torch.tensor([1., 2.]), 2)",
    "torch.result_type(torch.tensor([1]), 2.5)",
    "torch.result_type(2, 3)",
    "torch.result_type(2, 3.)",
    "torch.result_type(True, 1)",
    "torch.result_type(1j, 1)",
    "torch.result_type(torch.tensor(1., dtype=torch.float64), torch.tensor([1], dtype=torch.int32))",
    "torch.result_type(torch.tensor([1., 2.]), torch.tensor(1, dtype=torch.int64))",
    "torch.result_type(torch.tensor([1, 2], dtype=torch.uint8), torch.tensor([1], dtype=torch.int8))",
    "[[torch.promote_types(a, b) for b in (torch.bool, torch.uint8, torch.int8, torch.int32,"
    " torch.int64, torch.float16, torch.float32, torch.float64, torch.complex64,"
    " torch.complex128)] for a in (torch.bool, torch.uint8, torch.int8, torch.int32,"
    " torch.int64, torch.float16, torch.float32, torch.float64, torch.complex64,"
    " torch.complex128)]",
    "torch.promote_types(1, torch.float)",
    "[[torch.can_cast(a, b) for b in (torch.bool, torch.uint8, torch.int8, torch.int32,"
    " torch.int64, torch.float16, torch.float32, torch.float64, torch.complex64,"
    " torch.complex128)] for a in (torch.bool, torch.uint8, torch.int8, torch.int32,"
    " torch.int64, torch.float16, torch.float32, torch.float64, torch.complex64,"
    " torch.complex128)]",
    "torch.can_cast(1, torch.int)",
    # threads
    "type(torch.get_num_threads())",
    "torch.set_num_threads(0)",
    "torch.set_num_threads(-1)",
    "torch.set_num_threads(1.5)",
    "torch.set_num_threads(True)",
    # torch.range
    "torch.range(1, 4)",
    "torch.range(1, 4, 0.5)",
    "torch.range(0, 3, dtype=torch.int64)",
    "torch.range(1, 4, requires_grad=True)",
    "torch.range(0.5, 2)",
    "torch.range(0, 1, 0.3)",
    "torch.range(4, 1, -1)",
    "torch.range(0, 2, dtype=torch.float64)",
    "torch.range(4, 1)",
    "torch.range(1, 4, 0)",
    "torch.range(0, 3, dtype=torch.int64, requires_grad=True)",
    # misc math ops
    "torch.logaddexp2(torch.tensor([1., 2.], requires_grad=True), torch.tensor([0.5, 3.]))",
    "torch.logaddexp2(torch.tensor([1.]), torch.tensor([2.], dtype=torch.float64))",
    "torch.logaddexp2(torch.tensor([1., 2.]), torch.tensor([1, 2]))",
    "torch.logaddexp2(torch.tensor([1, 2]), torch.tensor([1, 2]))",
    "torch.logaddexp2(torch.tensor([1., 2.]), 2)",
    "torch.tensor([1., 2.]).logaddexp2(torch.tensor([3.]))",
    "torch.ldexp(torch.tensor([1., 2.], requires_grad=True), torch.tensor([1, 2]))",
    "torch.ldexp(torch.tensor([1, 2]), torch.tensor([1, 2]))",
    "torch.ldexp(torch.tensor([4.]), torch.tensor([-1], dtype=torch.int32))",
    "torch.ldexp(torch.tensor([1.], dtype=torch.float64), torch.tensor([2], dtype=torch.int32))",
    "torch.ldexp(torch.tensor([1., 2.]), 2)",
    "torch.autograd.grad(torch.ldexp(torch.tensor([1., 2., 3.], requires_grad=True),"
    " torch.tensor([1, -2, 3])).sum(), torch.tensor(0.), allow_unused=True)",
    "(lambda x: torch.autograd.grad(torch.ldexp(x, torch.tensor([1, -2, 3])).sum(), x))"
    "(torch.tensor([1., 2., 3.], requires_grad=True))",
    "torch.tensor([1.]).ldexp_(torch.tensor([3]))",
    "torch.frexp(torch.tensor([1., 2.], requires_grad=True) * 3)",
    "torch.frexp(torch.tensor([0., 8., -3., inf]))",
    "torch.frexp(torch.tensor([1.], dtype=torch.float64))",
    "torch.frexp(torch.tensor([1, 2]))",
    "torch.tensor([1., 2.]).frexp().exponent",
    "(lambda x: torch.autograd.grad(torch.frexp(x * 3).mantissa.sum(), x, create_graph=True))"
    "(torch.tensor([1., 2.], requires_grad=True))",
    "torch.gcd(torch.tensor([12, -18]), torch.tensor([8, 4]))",
    "torch.lcm(torch.tensor([4, 6]), torch.tensor([6, 0]))",
    "torch.lcm(torch.tensor([-4]), torch.tensor([6]))",
    "torch.gcd(torch.tensor([4], dtype=torch.int32), torch.tensor([6]))",
    "torch.gcd(torch.tensor([1., 2.]), torch.tensor([1., 2.]))",
    "torch.gcd(torch.tensor([True]), torch.tensor([True]))",
    "torch.gcd(torch.tensor([4]), 2)",
    "torch.tensor([4]).gcd_(torch.tensor([6]))",
    "torch.lcm_(torch.tensor([4]), torch.tensor([6]))",
    "torch.nextafter(torch.tensor([1., 2.], requires_grad=True), torch.tensor([0.5, 3.]))",
    "torch.nextafter(torch.tensor([1., 2.]), torch.tensor([0.5, 3.])) - torch.tensor([1., 2.])",
    "torch.nextafter(torch.tensor([1.]), torch.tensor([2.], dtype=torch.float64))",
    "torch.nextafter(torch.tensor([1, 2]), torch.tensor([1, 2]))",
    "(lambda a, b: torch.autograd.grad(torch.nextafter(a, b).sum(), [a, b]))"
    "(torch.tensor([1., 2.], requires_grad=True), torch.tensor([0.5, 3.], requires_grad=True))",
    "torch.mvlgamma(torch.tensor([2.5, 3.], requires_grad=True), 2)",
    "torch.mvlgamma(torch.tensor([0.4]), 2)",
    "torch.mvlgamma(torch.tensor([1, 2]), 1)",
    "torch.mvlgamma(torch.tensor([2.]), 0)",
    "torch.tensor([2.5]).mvlgamma(2)",
    "torch.addr(torch.zeros(3, 2, requires_grad=True), torch.ones(3), torch.ones(2))",
    "torch.addr(torch.zeros(3, 2), torch.ones(3), torch.ones(2), beta=0.5, alpha=2)",
    "torch.addr(torch.zeros(2), torch.ones(3), torch.ones(2))",
    "torch.addr(torch.zeros(3, 2), torch.ones(3, 1), torch.ones(2))",
    "torch.addr(torch.zeros(2, 2, dtype=torch.int64), torch.tensor([1, 2]), torch.tensor([3, 4]),"
    " beta=2, alpha=3)",
    "torch.addr(torch.zeros(2, 2, dtype=torch.int64), torch.tensor([1, 2]), torch.tensor([3, 4]),"
    " alpha=1.5)",
    "torch.addr(torch.zeros(2, 2), torch.tensor([1., 2]), torch.tensor([3, 4]))",
    "torch.addr(torch.zeros(3, 3), torch.tensor([1., 2]), torch.tensor([3., 4]))",
    "torch.zeros(3, 2).addr_(torch.ones(3), torch.ones(2), alpha=2)",
    "torch.addbmm(torch.zeros(3, 5, requires_grad=True), torch.ones(2, 3, 4), torch.ones(2, 4, 5))",
    "torch.addbmm(torch.zeros(3, 5), torch.ones(2, 3, 4), torch.ones(2, 3, 5))",
    "torch.addbmm(torch.zeros(3, 5), torch.ones(3, 4), torch.ones(2, 4, 5))",
    "torch.addbmm(torch.zeros(3, 3), torch.ones(2, 3, 4), torch.ones(3, 4, 3))",
    "torch.addbmm(torch.zeros(3), torch.ones(2, 3, 4), torch.ones(2, 4, 3), beta=0, alpha=2)",
    "torch.zeros(3, 3).addbmm_(torch.ones(2, 3, 4), torch.ones(2, 4, 3))",
    # bilinear
    "torch.bilinear(torch.ones(2, 3), torch.ones(2, 4), torch.ones(5, 3, 4))",
    "torch.bilinear(torch.ones(2, 3, requires_grad=True), torch.ones(2, 4), torch.ones(5, 3, 4),"
    " torch.ones(5))",
    "F.bilinear(torch.arange(6.).reshape(2, 3).requires_grad_(), torch.arange(8.).reshape(2, 4),"
    " torch.arange(60.).reshape(5, 3, 4) / 10)",
    "F.bilinear(torch.arange(6.).reshape(2, 3).requires_grad_(), torch.arange(8.).reshape(2, 4),"
    " torch.ones(5, 3, 4), torch.ones(5)).grad_fn.next_functions[0][0].name()",
    "F.bilinear(torch.ones(3), torch.ones(4), torch.ones(5, 3, 4))",
    "F.bilinear(torch.ones(2, 2, 3), torch.ones(2, 2, 4), torch.ones(5, 3, 4)).shape",
    "F.bilinear(torch.ones(2, 3), torch.ones(2, 4), torch.ones(5, 3, 3))",
    "F.bilinear(torch.ones(2, 3), torch.ones(3, 4), torch.ones(5, 3, 4))",
    "F.bilinear(torch.ones(2, 3), torch.ones(2, 4), torch.ones(5, 4, 4))",
    "F.bilinear(torch.ones(2, 3), torch.ones(2, 4), torch.ones(5, 3, 4), torch.ones(4))",
    "F.bilinear(torch.ones(2, 3, dtype=torch.float64), torch.ones(2, 4), torch.ones(5, 3, 4))",
    "F.bilinear(torch.ones(2, 3), torch.ones(2, 2, 4), torch.ones(5, 3, 4))",
    "(lambda x1, x2, w, b: torch.autograd.grad((F.bilinear(x1, x2, w, b) ** 2).sum(),"
    " [x1, x2, w, b]))(torch.arange(6.).reshape(2, 3).double().requires_grad_(),"
    " torch.arange(8.).reshape(2, 4).double().requires_grad_(),"
    " (torch.arange(30.).reshape(5, 3, 2).repeat(1, 1, 2) / 10).double().requires_grad_(),"
    " torch.arange(5.).double().requires_grad_())",
    "torch.kl_div(torch.tensor([0.2]), torch.tensor([0.3]), 'sum')",
    "torch.poisson_nll_loss(torch.tensor([0.2]), torch.tensor([0.3]), True, False, 1e-8, None)",
    # the torch-level losses (integer reduction)
    "torch.kl_div(torch.tensor([[0.2, 0.5], [0.7, 0.1]], requires_grad=True),"
    " torch.tensor([[0.3, 0.6], [0.2, 0.9]]))",
    "[torch.kl_div(torch.tensor([[0.2, 0.5], [0.7, 0.1]], requires_grad=True),"
    " torch.tensor([[0.3, 0.6], [0.2, 0.9]]), r) for r in (0, 1, 2, 3, -1)]",
    "torch.kl_div(torch.tensor([0.2, 0.5], requires_grad=True), torch.tensor([0.3, 0.6]), 1,"
    " log_target=True)",
    "torch.kl_div(torch.tensor([0.2]), torch.tensor([0.3]), reduction='sum')",
    "torch.kl_div(torch.tensor([0.2]), torch.tensor([0.3]), 2, True)",
    "[torch.cosine_embedding_loss(torch.tensor([[0.2, 0.5], [0.7, 0.1]], requires_grad=True),"
    " torch.tensor([[0.3, 0.6], [0.2, 0.9]]), torch.tensor([1., -1.]), 0.1, r) for r in (0, 1, 2)]",
    "torch.cosine_embedding_loss(torch.tensor([[0.2, 0.5]]), torch.tensor([[0.3, 0.6]]),"
    " torch.tensor([1.]))",
    "[torch.margin_ranking_loss(torch.tensor([0.2, 0.5], requires_grad=True),"
    " torch.tensor([0.3, 0.6]), torch.tensor([1., -1.]), 0.5, r) for r in (0, 1, 2)]",
    "torch.margin_ranking_loss(torch.tensor([0.2, 0.5]), torch.tensor([0.3, 0.6]),"
    " torch.tensor([1., -1.]))",
    "[torch.hinge_embedding_loss(torch.tensor([0.2, 0.5], requires_grad=True),"
    " torch.tensor([1., -1.]), 0.5, r) for r in (0, 1, 2)]",
    "torch.hinge_embedding_loss(torch.tensor([0.2, 0.5]), torch.tensor([1., -1.]))",
    "[torch.triplet_margin_loss(torch.tensor([[0.2, 0.5], [0.7, 0.1]], requires_grad=True),"
    " torch.tensor([[0.3, 0.6], [0.2, 0.9]]), torch.tensor([[0.6, 1.2], [0.4, 1.8]]), 1.0, 1,"
    " 1e-6, True, r) for r in (0, 1, 2)]",
    "torch.triplet_margin_loss(torch.tensor([[0.2, 0.5]]), torch.tensor([[0.3, 0.6]]),"
    " torch.tensor([[0.6, 1.2]]))",
    "[torch.poisson_nll_loss(torch.tensor([[0.2, 0.5], [0.7, 0.1]], requires_grad=True),"
    " torch.tensor([[0.3, 0.6], [0.2, 0.9]]), li, full, 1e-8, r) for li in (True, False)"
    " for full in (True, False) for r in (0, 1, 2)]",
    "torch.hinge_embedding_loss(torch.tensor([0.2]), torch.tensor([1.]), 1.0, 'mean')",
    # vander: PyTorch's own construction, whose backward fails in PyTorch too
    "torch.vander(torch.tensor([1., 2., 3.], requires_grad=True))",
    "torch.vander(torch.tensor([1., 2., 3.], requires_grad=True), increasing=True)",
    "torch.vander(torch.tensor([1., 2.], requires_grad=True)).sum().backward()",
    "torch.vander(torch.tensor([1., 2., 3.], requires_grad=True), N=4, increasing=True)"
    ".sum().backward()",
    "torch.vander(torch.tensor([1, 2], dtype=torch.int32))",
    "torch.vander(torch.tensor([True, False]))",
    "torch.vander(torch.tensor([1., 2.], dtype=torch.float64), 3, True)",
    "torch.vander(torch.tensor([2., 3.], requires_grad=True), N=1)",
    "torch.vander(torch.tensor([]), N=3)",
    "torch.vander(torch.tensor([]))",
    "torch.vander(torch.tensor(2.))",
    "torch.vander(torch.tensor([2.]), N=-1)",
    "torch.vander(torch.tensor([1 + 1j, 2.]))",
    # i0 (and i1, its derivative)
    "torch.i0(torch.tensor([0., 1., -2.5], requires_grad=True))",
    "torch.i0(torch.tensor([1, 2]))",
    "torch.i0(torch.tensor([700., 800., nan, -inf, inf], dtype=torch.float64))",
    "[round(v, 10) for v in torch.i0(torch.tensor([0.5, -1.5, 3.25, 10.],"
    " dtype=torch.float64)).tolist()]",   # NumPy's i0 may be 1 ulp from PyTorch's
    "torch.tensor([1., 2.]).i0()",
    "torch.i0_(torch.tensor([1., 2.]))",
    "torch.tensor([1., 2.]).i0_()",
    "(lambda x: [torch.autograd.grad(y.sum(), x, create_graph=True) for y in"
    " [torch.i0(x)]])(torch.tensor([0., 1., -2.5], dtype=torch.float64, requires_grad=True))",
    "(lambda x: (lambda g: torch.autograd.grad(g.sum(), x, create_graph=True))"
    "(torch.autograd.grad(torch.i0(x).sum(), x, create_graph=True)[0]))"
    "(torch.tensor([0., 1., -2.5], dtype=torch.float64, requires_grad=True))",
    "(lambda x: (lambda g: (lambda g2: torch.autograd.grad(g2.sum(), x))"
    "(torch.autograd.grad(g.sum(), x, create_graph=True)[0]))"
    "(torch.autograd.grad(torch.i0(x).sum(), x, create_graph=True)[0]))"
    "(torch.tensor([0., 1., -2.5], dtype=torch.float64, requires_grad=True))",
    "torch.i0(1.0)",
    # pdist
    "[(lambda x: (lambda y: (y, torch.autograd.grad(y.sum(), x, create_graph=True)))"
    "(torch.pdist(x, p)))(torch.tensor([[0., 1.], [2., 3.], [1., -1.], [0., 1.]],"
    " requires_grad=True)) for p in (2, 1, 0, 0.5, 3, inf)]",
    "[torch.pdist(torch.tensor([[0., 1.], [0., 3.], [1., 1.]], dtype=torch.float64,"
    " requires_grad=True), p) for p in (0.5, 1.5)]",
    "(lambda x: torch.autograd.grad(torch.autograd.grad(torch.pdist(x).sum(), x,"
    " create_graph=True)[0].sum(), x))(torch.tensor([[0., 1.], [2., 3.]], requires_grad=True))",
    "F.pdist(torch.tensor([[0., 1.], [2., 3.]]))",
    "torch.pdist(torch.tensor([[1, 2], [3, 4]]))",
    "torch.pdist(torch.ones(1, 3))",
    "torch.pdist(torch.ones(0, 3))",
    "torch.pdist(torch.ones(3, 0))",
    "torch.pdist(torch.ones(2, 3, dtype=torch.float64))",
    "torch.pdist(torch.ones(2, 2, 2))",
    "torch.pdist(torch.ones(3, 2), -1)",
]


@pytest.mark.parametrize("source", EXPRESSIONS)
def test_like_torch(source):
    assert outcome(gradcli, source) == outcome(real_torch, source)


def test_set_num_threads_round_trip():
    before = gradcli.get_num_threads()
    try:
        gradcli.set_num_threads(3)
        assert gradcli.get_num_threads() == 3
    finally:
        gradcli.set_num_threads(before)


NAMES = ("is_floating_point is_inference is_signed is_nonzero is_same_size isposinf isneginf "
         "isreal isin promote_types can_cast result_type get_num_threads set_num_threads range "
         "positive eq_ ne_ not_equal_ lt_ less_ le_ less_equal_ gt_ greater_ ge_ "
         "greater_equal_ logical_and_ logical_or_ logical_xor_ logical_not_ multiply_ divide_ "
         "true_divide_ subtract_ absolute_ negative_ arccos_ arccosh_ arcsin_ arcsinh_ arctan_ "
         "arctanh_ fix_ greater greater_equal less less_equal not_equal logaddexp2 ldexp frexp "
         "gcd lcm nextafter mvlgamma addr addbmm bilinear vander pdist i0 ldexp_ gcd_ lcm_ "
         "nextafter_ mvlgamma_ addr_ addbmm_ i0_ kl_div cosine_embedding_loss "
         "margin_ranking_loss hinge_embedding_loss triplet_margin_loss poisson_nll_loss "
         "itemsize nbytes set_printoptions get_printoptions is_inference_mode_enabled "
         "relu_ sigmoid_ tanh_ exp_ xlogy_ sqrt_ clamp_ zero_ add_").split()


@pytest.mark.parametrize("name", NAMES)
def test_same_names_at_torch_level_and_as_methods(name):
    def where(module):
        return hasattr(module, name), hasattr(module.Tensor, name)
    assert where(gradcli) == where(real_torch)


@pytest.fixture
def both_printoptions():
    yield
    gradcli.set_printoptions(profile="default")
    real_torch.set_printoptions(profile="default")


PRINT_OPTIONS = [dict(), dict(precision=2), dict(precision=8), dict(precision=0),
                 dict(sci_mode=True), dict(sci_mode=False), dict(threshold=5),
                 dict(threshold=5, edgeitems=1), dict(threshold=5, edgeitems=0),
                 dict(linewidth=30), dict(linewidth=10), dict(profile="short"),
                 dict(profile="full", linewidth=200),
                 dict(precision=3, sci_mode=True, linewidth=40, threshold=10, edgeitems=2)]

PRINTED = ["torch.arange(10.) / 3", "torch.arange(40.).reshape(5, 8) * 123.456",
           "torch.arange(60.).reshape(3, 4, 5) - 30", "torch.tensor([1e-5, 1., 1e9])",
           "torch.arange(30).reshape(5, 6)", "torch.tensor([1.5, inf, nan, -0.0])",
           "torch.tensor(3.14159)", "torch.tensor([True, False] * 4)",
           "torch.tensor([1 + 2j, 3.5 - 1e-5j, 100j])", "torch.zeros(0, 3)",
           "torch.tensor([1., 2.], dtype=torch.float16)",
           "(torch.arange(12.).reshape(3, 4) / 7).double().requires_grad_() * 2"]


@pytest.mark.parametrize("options", PRINT_OPTIONS, ids=str)
def test_printoptions_like_torch(options, both_printoptions):
    gradcli.set_printoptions(**options)
    real_torch.set_printoptions(**options)
    for source in PRINTED:
        assert outcome(gradcli, source) == outcome(real_torch, source), source
