"""torch.autograd.functional: jacobian, hessian, vjp, jvp, hvp, vhp against hand-computed
answers, PyTorch's return structures and error texts; gradcheck/gradgradcheck behaviour."""
from __future__ import annotations

import numpy as np
import pytest

import gradcli as torch
from gradcli._tensor import Tensor
from gradcli.autograd.functional import hessian, hvp, jacobian, jvp, vhp, vjp
from gradcli.autograd.gradcheck import GradcheckError, gradcheck, gradgradcheck, jacobians
from gradcli.errors import TorchRuntimeError, TorchTypeError


def t64(values, requires_grad=False):
    return Tensor._wrap(np.array(values, dtype=np.float64)).requires_grad_(requires_grad)


X = [0.5, -1.0, 2.0]
A = np.array([[1.0, 2.0, 0.0], [0.5, -1.0, 3.0], [2.0, 0.0, 1.0]])


def quartic_plus_quadratic(x):
    return (x ** 4).sum() + torch.dot(x, t64(A) @ x)


# -- jacobian ---------------------------------------------------------------------------------

def test_jacobian_of_elementwise_square_is_diagonal():
    J = jacobian(lambda x: x ** 2, t64(X))
    np.testing.assert_allclose(J._data, np.diag(2 * np.array(X)))
    assert J.grad_fn is None and not J.requires_grad


def test_jacobian_of_matrix_vector_product_is_the_matrix():
    J = jacobian(lambda x: t64(A) @ x, t64(X))
    np.testing.assert_allclose(J._data, A)


def test_jacobian_shape_is_output_shape_then_input_shape():
    J = jacobian(lambda x: x.sum(0), t64(np.ones((2, 3))))
    assert tuple(J.shape) == (3, 2, 3)
    np.testing.assert_allclose(J._data[1], [[0, 1, 0], [0, 1, 0]])


def test_jacobian_tuple_inputs_give_tuple_per_input():
    x, y = t64([1.0, 2.0]), t64([3.0, 4.0])
    jx, jy = jacobian(lambda a, b: a * b, (x, y))
    np.testing.assert_allclose(jx._data, np.diag([3.0, 4.0]))
    np.testing.assert_allclose(jy._data, np.diag([1.0, 2.0]))


def test_jacobian_tuple_outputs_give_tuple_per_output():
    j1, j2 = jacobian(lambda a: (a, a * 2), t64([1.0, 2.0]))
    np.testing.assert_allclose(j2._data, 2 * np.eye(2))


def test_jacobian_tuple_in_and_out_give_tuple_of_tuples():
    res = jacobian(lambda a, b: (a + b, a * b), (t64([1.0]), t64([2.0])))
    assert isinstance(res, tuple) and isinstance(res[0], tuple)
    assert [[float(j._data[0, 0]) for j in row] for row in res] == [[1.0, 1.0], [2.0, 1.0]]


def test_jacobian_of_a_constant_output_is_zero():
    J = jacobian(lambda x: t64([1.0, 1.0]), t64(X))
    np.testing.assert_array_equal(J._data, np.zeros((2, 3)))


def test_jacobian_strict_mode_messages():
    with pytest.raises(TorchRuntimeError, match="Output 0 of the user-provided function does "
                                                "not require gradients"):
        jacobian(lambda x: t64([1.0]), t64(X), strict=True)
    with pytest.raises(TorchRuntimeError, match="Output 0 of the user-provided function is "
                                                "independent of input 1"):
        jacobian(lambda a, b: a * 2, (t64(X), t64(X)), strict=True)


def test_jacobian_type_errors_have_pytorch_text():
    with pytest.raises(TorchTypeError, match=r"The inputs given to jacobian must be either a "
                                             r"Tensor or a tuple of Tensors but the given inputs "
                                             r"has type <class 'int'>\."):
        jacobian(lambda x: x, 3)
    with pytest.raises(TorchTypeError, match="outputs of the user-provided function has type"):
        jacobian(lambda x: 3, t64(X))


def test_jacobian_with_create_graph_is_differentiable():
    x = t64(X, True)
    J = jacobian(lambda a: a ** 3, x, create_graph=True)
    assert J.requires_grad
    (g,) = torch.autograd.grad(J.sum(), x)
    np.testing.assert_allclose(g._data, 6 * np.array(X))


def test_jacobian_does_not_touch_the_callers_grad():
    x = t64(X, True)
    jacobian(lambda a: a * 2, x)
    assert x.grad is None



def _rows_by_hand(func, inputs, create_graph=False):
    """PyTorch's definition of a Jacobian: one autograd.grad per output element, graph kept."""
    ins = tuple(t.detach().requires_grad_(True) for t in inputs)
    out = func(*ins)
    rows = [torch.autograd.grad(out.reshape(-1)[j], ins, retain_graph=True, allow_unused=True,
                                create_graph=create_graph) for j in range(out.numel())]
    return [np.stack([np.zeros(t.shape) if r[k] is None else r[k]._data for r in rows])
            .reshape(tuple(out.shape) + tuple(t.shape)) for k, t in enumerate(ins)]


def test_jacobian_rows_are_bitwise_one_grad_call_per_element():
    rng = np.random.default_rng(3)
    x, y, z = t64(rng.standard_normal((2, 3))), t64(rng.standard_normal(3)), t64([1.0])

    def func(a, b, c):                      # shared subexpressions, broadcasting, unused c
        s = (a * b).tanh()
        return (s * s.sum(0) + a.exp() / (1 + b * b)).t()

    got = jacobian(func, (x, y, z))
    for j, want in zip(got, _rows_by_hand(func, (x, y, z))):
        np.testing.assert_array_equal(j._data, want)
    assert tuple(got[0].shape) == (3, 2, 2, 3) and tuple(got[2].shape) == (3, 2, 1)


def test_jacobian_runs_tensor_hooks_once_per_row():
    seen = []

    def func(a):
        t = a * a
        t.register_hook(lambda g: seen.append(g._data.copy()))
        return t * 3

    jacobian(func, t64(X))
    np.testing.assert_array_equal(np.array(seen), 3 * np.eye(3))


def test_jacobian_with_create_graph_rows_keep_their_own_history():
    x = t64(X, True)
    J = jacobian(lambda a: a.sin() * a.sum(), x, create_graph=True)
    assert type(J.grad_fn).__name__ == "ViewBackward0"
    (g,) = torch.autograd.grad((J * t64(np.arange(9.0).reshape(3, 3))).sum(), x)
    xs, w = np.array(X), np.arange(9.0).reshape(3, 3)
    # J[i, k] = cos(x_i) sum(x) [i == k] + sin(x_i), so d/dx of sum_ik w_ik J_ik is:
    want = (np.diag(w) * -np.sin(xs) * xs.sum() + (np.diag(w) * np.cos(xs)).sum()
            + w.sum(1) * np.cos(xs))
    np.testing.assert_allclose(g._data, want)


def test_jacobian_builds_the_backward_plan_once_per_output(monkeypatch):
    from gradcli.autograd import engine
    plans = []

    class Counted(engine._Pass):
        def __init__(self, *args, **kwargs):
            plans.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(engine, "_Pass", Counted)
    J = jacobian(lambda a: a.exp(), t64(np.linspace(0, 1, 20)))
    np.testing.assert_allclose(J._data, np.diag(np.exp(np.linspace(0, 1, 20))))
    assert len(plans) <= 2              # autograd.grad for row 0, one rerun plan for the rest


class _Twice(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        return a * 2.0

    @staticmethod
    def backward(ctx, g):
        return g * 2.0


def _order_sensitive(x):
    """The gradient reaching x sums terms near 1e16 and near 1, which round differently in
    each order; an unbind (a node of several outputs), a custom Function and a hook that
    doubles its gradient too."""
    h = x * 1.0
    h.register_hook(lambda g: g * 2.0)
    parts = (h * 1e16, h * 1.0, x * -1e16, _Twice.apply(x), torch.stack(x.unbind(0)) * 0.5)
    return sum(parts[1:], parts[0]).cumsum(0)


def _sent_in_order(x):
    """One node (stack) sends x 1e16*g, -1e16*g and 3*g: 3*g in that order, 4*g in the
    other."""
    return (torch.stack([x, x, x]) * t64([[1e16], [-1e16], [3.0]])).sum(0)


@pytest.mark.parametrize("create_graph", [False, True])
@pytest.mark.parametrize("f", [_order_sensitive, _sent_in_order])
def test_jacobian_rows_rerun_in_the_order_of_the_first_bit_for_bit(f, create_graph):
    """Rows after the first two rerun the nodes in the order the first rerun took them,
    without the ready queue: the same sums in the same order as a pass of its own."""
    x = t64([0.3, -1.7, 2.9, 0.1, 5.5]).requires_grad_(True)
    J = jacobian(f, x, create_graph=create_graph)
    out = f(x)
    for j in range(5):
        onehot = np.zeros(5)
        onehot[j] = 1.0
        (want,) = torch.autograd.grad(out, x, t64(onehot), retain_graph=True)
        assert J._data[j].tobytes() == want._data.tobytes()


def test_hessian_rows_rerun_bit_for_bit():
    x = t64(np.linspace(-1.0, 2.0, 7))
    rng = np.random.default_rng(3)
    a = t64(rng.standard_normal((7, 7)) * 1e8)

    def f(v):
        return (v ** 4).sum() * 1e-8 + torch.dot(v, a @ v) + (v.exp() * 1e8).sum()
    H = hessian(f, x)
    xv = x.detach().requires_grad_(True)
    (g,) = torch.autograd.grad(f(xv), xv, create_graph=True)
    for j in range(7):
        (want,) = torch.autograd.grad(g[j], xv, retain_graph=True)
        assert H._data[j].tobytes() == want._data.tobytes()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("m,k", [(3, 2), (9, 7), (40, 33), (130, 150)])
@pytest.mark.parametrize("transposed", [False, True])
def test_matrix_times_one_nonzero_vector_is_the_product(dtype, m, k, transposed):
    """A Jacobian's rows send one-hot vectors through MvBackward0, which then takes a column
    instead of computing the product: its bits must be those of the product itself (gradcli's
    and NumPy's BLAS's), whatever the order of summation."""
    from types import SimpleNamespace
    from gradcli.ops.linalg import _mv, _mv_one_nonzero
    rng = np.random.default_rng(m * k)
    a = rng.standard_normal((k, m) if transposed else (m, k)).astype(dtype)
    a = a.T if transposed else a
    for j in (0, k // 2, k - 1):
        for scale in (1.0, -0.37, 3e-30, -7.5e20):
            v = np.zeros(k, dtype)
            v[j] = scale
            got = _mv_one_nonzero(SimpleNamespace(), a, v)
            assert got is not None
            assert got.tobytes() == _mv(a, v).tobytes() == (a @ v).tobytes()


def test_one_nonzero_vector_products_keep_what_the_column_cannot_tell():
    """Where the column is not the product: another element of the row infinite or nan (its
    product with zero is nan), a sum of signed zeros, a nan or infinite scale, two nonzeros."""
    from types import SimpleNamespace
    from gradcli.ops.linalg import _mv_one_nonzero
    a = np.arange(1.0, 21.0).reshape(4, 5)
    v = np.zeros(5)
    v[2] = 1.0
    assert _mv_one_nonzero(SimpleNamespace(), a, v).tolist() == a[:, 2].tolist()
    for bad in (np.inf, np.nan):
        b = a.copy()
        b[1, 4] = bad
        assert _mv_one_nonzero(SimpleNamespace(), b, v) is None
    b = -a.copy()
    b[3, 2] = -0.0
    assert _mv_one_nonzero(SimpleNamespace(), b, v) is None
    for scale in (np.inf, np.nan):
        w = v.copy()
        w[2] = scale
        assert _mv_one_nonzero(SimpleNamespace(), a, w) is None
    w = v.copy()
    w[0] = 2.0
    assert _mv_one_nonzero(SimpleNamespace(), a, w) is None


def test_jacobian_rows_through_a_matrix_with_an_infinite_element_are_nan_as_blas():
    """The Jacobian of A @ x is A; its rows are backward passes computing A^T e_i, where an
    infinite element of A makes its whole column nan (inf * 0) but for the row it is in."""
    a = np.arange(1.0, 31.0).reshape(5, 6)
    a[3, 1] = np.inf
    J = jacobian(lambda x: t64(a) @ x, t64(np.ones(6)))
    with np.errstate(invalid="ignore"):
        want = np.stack([a.T @ np.eye(5)[i] for i in range(5)])
    np.testing.assert_array_equal(J._data, want)
    assert np.isnan(J._data[0, 1]) and J._data[3, 1] == np.inf


def test_hessian_rows_through_a_matrix_with_a_zero_keep_the_products_signed_zero():
    """dot(x, A x)'s Hessian is A + A^T, each row two backward products with a unit vector;
    where A's element is -0 and the rest of its row negative, the product's zero sign comes
    from the kernel, so that element is computed, not copied."""
    from gradcli.ops.linalg import _mv
    a = -np.arange(1.0, 26.0).reshape(5, 5)
    a[2, 2] = -0.0
    H = hessian(lambda x: torch.dot(x, t64(a) @ x), t64(np.linspace(0.5, 1.5, 5)))
    e = np.eye(5)[2]
    assert H._data[2, 2].tobytes() == (_mv(a.T, e)[2] + _mv(a, e)[2]).tobytes()
    np.testing.assert_array_equal(H._data, a + a.T)

# -- hessian ----------------------------------------------------------------------------------

def test_hessian_of_quartic_plus_quadratic_form():
    H = hessian(quartic_plus_quadratic, t64(X))
    expected = np.diag(12 * np.array(X) ** 2) + A + A.T
    np.testing.assert_allclose(H._data, expected)


def test_hessian_tuple_inputs():
    (hxx, hxy), (hyx, hyy) = hessian(lambda x, y: (x * x * y).sum(), (t64([2.0]), t64([3.0])))
    assert [float(h._data.item()) for h in (hxx, hxy, hyx, hyy)] == [6.0, 4.0, 4.0, 0.0]


def test_hessian_of_linear_function_is_zero():
    np.testing.assert_array_equal(hessian(lambda x: x.sum(), t64(X))._data, np.zeros((3, 3)))


def test_hessian_errors():
    with pytest.raises(TorchRuntimeError, match="The Tensor returned by the function given to "
                                                "hessian should contain a single element"):
        hessian(lambda x: x * 2, t64(X))
    with pytest.raises(TorchRuntimeError, match="The function given to hessian should return a "
                                                "single Tensor"):
        hessian(lambda x: (x.sum(),), t64(X))
    with pytest.raises(TorchRuntimeError, match="the jacobian of the user-provided function with "
                                                "respect to input 0 is independent"):
        hessian(lambda x: x.sum(), t64(X), strict=True)


def test_hessian_of_500_variables_is_exact():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((500, 500))
    x = rng.standard_normal(500)
    H = hessian(lambda v: (v ** 4).sum() + torch.dot(v, t64(a) @ v), t64(x))
    np.testing.assert_allclose(H._data, np.diag(12 * x ** 2) + a + a.T, atol=1e-9)



def test_hessian_rows_are_bitwise_the_double_backward_rows():
    rng = np.random.default_rng(5)
    a, x0, y0 = rng.standard_normal((4, 4)), rng.standard_normal(4), rng.standard_normal(2)

    def func(u, w):
        return (u ** 4).sum() + torch.dot(u, t64(a) @ u) * w.prod() + (w.exp() * u[:2]).sum()

    x, y = t64(x0, True), t64(y0, True)
    grads = torch.autograd.grad(func(x, y), (x, y), create_graph=True)
    got = hessian(func, (t64(x0), t64(y0)))
    for gi, row in zip(grads, got):
        for gij, inp, h in zip([gi] * 2, (x, y), row):
            want = np.stack([torch.autograd.grad(gij.reshape(-1)[k], inp, retain_graph=True)[0]
                             ._data for k in range(gij.numel())])
            np.testing.assert_array_equal(h._data, want)


def test_hessian_of_an_input_it_ignores_is_zero_and_strict_names_it():
    (hxx, hxy), (hyx, hyy) = hessian(lambda u, w: (u ** 3).sum(), (t64(X), t64([1.0, 2.0])))
    np.testing.assert_array_equal(hxx._data, np.diag(6 * np.array(X)))
    for h, shape in ((hxy, (3, 2)), (hyx, (2, 3)), (hyy, (2, 2))):
        assert tuple(h.shape) == shape and not h._data.any()
    with pytest.raises(TorchRuntimeError, match="the jacobian of the user-provided function with "
                                                "respect to input 1 is independent"):
        hessian(lambda u, w: (u ** 3).sum(), (t64(X), t64([1.0, 2.0])), strict=True)


def test_hessian_with_create_graph_is_differentiable_and_sees_inplace_on_its_input():
    x = t64(X, True)
    H = hessian(quartic_plus_quadratic, x, create_graph=True)
    assert H.requires_grad and type(H.grad_fn).__name__ == "ViewBackward0"
    (g,) = torch.autograd.grad(H.sum(), x)
    np.testing.assert_allclose(g._data, 24 * np.array(X))
    with pytest.raises(TorchRuntimeError, match="a view of a leaf Variable that requires grad is "
                                                "being used in an in-place operation"):
        hessian(lambda u: (u.mul_(2) ** 3).sum(), t64(X))

# -- vjp / jvp / hvp / vhp --------------------------------------------------------------------

def test_vjp_is_v_times_jacobian():
    out, res = vjp(lambda x: t64(A) @ x, t64(X), t64([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(out._data, A @ np.array(X))
    np.testing.assert_allclose(res._data, np.array([1.0, 2.0, 3.0]) @ A)


def test_vjp_tuple_structure():
    outs, grads = vjp(lambda a, b: (a * b, a + b), (t64([1.0]), t64([2.0])),
                      (t64([1.0]), t64([1.0])))
    assert isinstance(outs, tuple) and isinstance(grads, tuple)
    assert [float(g._data[0]) for g in grads] == [3.0, 2.0]


def test_vjp_v_may_be_none_only_for_single_element_output():
    out, g = vjp(lambda x: (x ** 2).sum(), t64(X))
    np.testing.assert_allclose(g._data, 2 * np.array(X))
    with pytest.raises(TorchRuntimeError, match="The vector v can only be None if the "
                                                "user-provided function returns a single Tensor "
                                                "with a single element."):
        vjp(lambda x: x * 2, t64(X))
    with pytest.raises(TorchRuntimeError, match=r"v has invalid size: should be "
                                                r"torch.Size\(\[3\]\) but got torch.Size\(\[2\]\)"):
        vjp(lambda x: x * 2, t64(X), t64([1.0, 1.0]))


def test_jvp_is_jacobian_times_v():
    v = t64([1.0, 0.0, -1.0])
    out, res = jvp(lambda x: t64(A) @ x ** 2, t64(X), v)
    np.testing.assert_allclose(res._data, A @ (2 * np.array(X) * v._data))
    with pytest.raises(TorchRuntimeError, match="The vector v can only be None if the input to "
                                                "the user-provided function is a single Tensor"):
        jvp(lambda x: x * 2, t64(X))


def test_jvp_with_create_graph_keeps_history():
    x = t64(X, True)
    out, res = jvp(lambda a: a ** 2, x, t64([1.0, 1.0, 1.0]), create_graph=True)
    assert out.requires_grad and res.requires_grad


def test_hvp_and_vhp_match_the_hessian():
    v = np.array([1.0, -2.0, 0.5])
    H = np.diag(12 * np.array(X) ** 2) + A + A.T
    value, hv = hvp(quartic_plus_quadratic, t64(X), t64(v))
    _, vh = vhp(quartic_plus_quadratic, t64(X), t64(v))
    np.testing.assert_allclose(hv._data, H @ v)
    np.testing.assert_allclose(vh._data, v @ H)
    np.testing.assert_allclose(value._data, quartic_plus_quadratic(t64(X))._data)


def test_hvp_requires_a_scalar_function():
    with pytest.raises(TorchRuntimeError, match="The Tensor returned by the function given to "
                                                "hvp should contain a single element"):
        hvp(lambda x: x * 2, t64(X), t64(X))


def test_functional_is_in_the_torch_namespace():
    import gradcli.autograd as autograd
    assert autograd.functional.hessian is hessian


# -- gradcheck --------------------------------------------------------------------------------

class _WrongSquare(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 2

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * 3 * x


def test_gradcheck_passes_for_a_correct_rule():
    assert gradcheck(torch.tanh, (t64(X, True),))
    assert gradgradcheck(torch.tanh, (t64(X, True),))
    assert gradcheck(torch.tanh, (t64(X, True),), fast_mode=True)


def test_gradcheck_reports_both_jacobians_like_pytorch():
    with pytest.raises(GradcheckError) as info:
        gradcheck(_WrongSquare.apply, (t64([1.0, 2.0], True),))
    msg = str(info.value)
    assert msg.startswith("Jacobian mismatch for output 0 with respect to input 0,\nnumerical:")
    assert "analytical:tensor([[3., 0.],\n        [0., 6.]], dtype=torch.float64)" in msg
    assert isinstance(info.value, RuntimeError)
    assert "apply" in info.value.hint


def test_gradcheck_fast_mode_failure_recomputes_slow_jacobians():
    with pytest.raises(GradcheckError, match="computed \nin fast mode"):
        gradcheck(_WrongSquare.apply, (t64([1.0, 2.0], True),), fast_mode=True)


def test_gradcheck_can_return_false():
    assert gradcheck(_WrongSquare.apply, (t64([1.0], True),), raise_exception=False) is False


def test_gradcheck_needs_an_input_that_requires_grad():
    with pytest.raises(ValueError, match="gradcheck expects at least one input tensor to "
                                         "require gradient"):
        gradcheck(torch.tanh, (t64(X),))


def test_gradcheck_warns_about_single_precision():
    x = Tensor._wrap(np.array([0.5], dtype=np.float32)).requires_grad_(True)
    with pytest.warns(UserWarning, match="Input #0 requires gradient and is not a double"):
        gradcheck(lambda a: a * 2, (x,), atol=1e-2, rtol=1e-2)


def test_gradgradcheck_catches_a_wrong_second_derivative():
    class Detached(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * 3 * x.detach() ** 2
    assert gradcheck(Detached.apply, (t64([0.5, 1.5], True),))
    with pytest.raises(GradcheckError, match="Jacobian mismatch for output 0 with respect to "
                                             "input 0"):
        gradgradcheck(Detached.apply, (t64([0.5, 1.5], True),))


def test_jacobians_helper_returns_full_matrices():
    num, ana = jacobians(lambda a, b: a * b, (t64([1.0, 2.0], True), t64([3.0, 4.0], True)))
    assert num.shape == ana.shape == (4, 2)
    np.testing.assert_allclose(ana, [[3, 0], [0, 4], [1, 0], [0, 2]])
    np.testing.assert_allclose(num, ana, atol=1e-6)


@pytest.mark.parametrize("call,error,message", [
    (lambda F, f, g, x: F.jacobian(f, x, strategy="forward-mode"), NotImplementedError,
     "Computing Jacobian using forward-AD or forward-over-reverse Hessian isonly implemented "
     "for `vectorize=True`."),
    (lambda F, f, g, x: F.hessian(g, x, outer_jacobian_strategy="forward-mode"),
     NotImplementedError, "Computing Jacobian using forward-AD or forward-over-reverse "
                          "Hessian isonly implemented for `vectorize=True`."),
    (lambda F, f, g, x: F.jacobian(f, x, strategy="fwd"), AssertionError,
     'Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your function '
     'has more outputs than inputs, "forward-mode" tends to be more performant. Otherwise, '
     'prefer to use "reverse-mode".'),
    (lambda F, f, g, x: F.hessian(g, x, outer_jacobian_strategy="x"), AssertionError,
     'Expected strategy to be either "forward-mode" or "reverse-mode".'),
    (lambda F, f, g, x: F.jacobian(f, x, strategy="forward-mode", strict=True, vectorize=True),
     RuntimeError, 'torch.autograd.functional.jacobian: `strict=True` and `strategy="forward-'
                   'mode"` are not supported together (yet). Please either set `strict=False` '
                   'or `strategy="reverse-mode"`.'),
    (lambda F, f, g, x: F.hessian(g, x, strict=True, vectorize=True), RuntimeError,
     "torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not "
     "supported together. Please either set `strict=False` or `vectorize=False`."),
])
def test_strategy_and_vectorize_are_checked_as_pytorch_checks_them(call, error, message):
    import gradcli
    F = gradcli.autograd.functional
    x = gradcli.tensor([1.0, 2.0])
    with pytest.raises(error) as err:
        call(F, lambda v: v ** 2, lambda v: (v ** 3).sum(), x)
    assert str(err.value) == message


def test_vectorize_and_forward_mode_give_the_same_values():
    import gradcli
    F = gradcli.autograd.functional
    x = gradcli.tensor([1.0, 2.0])
    j = F.jacobian(lambda v: v ** 2, x, vectorize=True, strategy="forward-mode")
    assert j.tolist() == [[2.0, 0.0], [0.0, 4.0]]


def test_forward_mode_refuses_create_graph():
    """PyTorch 2.13's text, for jacobian and for hessian's outer Jacobian."""
    from gradcli.errors import TorchNotImplementedError
    text = ("torch.autograd.functional.jacobian: `create_graph=True` and "
            '`strategy="forward-mode"` are not supported together (yet). Please either set '
            '`create_graph=False` or `strategy="reverse-mode"`.')
    x = torch.tensor([1., 2.])
    with pytest.raises(TorchNotImplementedError) as e:
        jacobian(lambda a: a * 2, x, strategy="forward-mode", vectorize=True,
                 create_graph=True)
    assert str(e.value) == text
    with pytest.raises(TorchNotImplementedError) as e:
        hessian(lambda a: (a ** 3).sum(), x, create_graph=True, vectorize=True,
                outer_jacobian_strategy="forward-mode")
    assert str(e.value) == text
