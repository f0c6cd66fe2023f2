"""torch.func (grad, grad_and_value, vjp, jvp, jacrev, jacfwd, hessian, vmap) against what
PyTorch 2.13 printed for the same calls: values, the absence of grad_fn on top-level
results, composition, and error texts. tests/test_parity_engine.py runs some of them live
when PyTorch is installed."""
import io

import numpy as np
import pytest

import gradcli as torch
from gradcli.autograd.gradcheck import gradcheck

F = torch.func


def f3(x):
    return (x ** 3).sum()


def test_grad_and_its_compositions():
    x = torch.tensor([1.0, 2.0])
    g = F.grad(f3)(x)
    assert g.tolist() == [3.0, 12.0] and g.grad_fn is None
    assert F.grad(F.grad(lambda t: t ** 3))(torch.tensor(2.0)).item() == 12.0
    value = F.grad_and_value(f3)(x)
    assert [v.tolist() for v in value] == [[3.0, 12.0], 9.0]
    ga, gb = F.grad(lambda a, b: (a * b).sum(), argnums=(0, 1))(x, x * 3)
    assert (ga.tolist(), gb.tolist()) == ([3.0, 6.0], [1.0, 2.0])
    g, aux = F.grad(lambda t: ((t ** 2).sum(), t.mean()), has_aux=True)(x)
    assert g.tolist() == [2.0, 4.0] and aux.item() == 1.5 and aux.grad_fn is None


def test_grad_of_an_input_that_requires_grad_keeps_the_graph():
    """As in PyTorch, torch.func composes with ordinary autograd."""
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    g = F.grad(f3)(x)
    assert g.requires_grad
    g.sum().backward()
    assert x.grad.tolist() == [6.0, 12.0]


def test_jacobians_and_hessian():
    x = torch.tensor([1.0, 2.0])
    for jac in (F.jacrev, F.jacfwd):
        assert jac(lambda t: t ** 2)(x).tolist() == [[2.0, 0.0], [0.0, 4.0]]
    assert F.jacrev(lambda a, b: a * b, argnums=1)(x, x * 3).tolist() == [[1.0, 0.0],
                                                                          [0.0, 2.0]]
    m = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    assert tuple(F.jacrev(lambda t: t @ t)(m).shape) == (2, 2, 2, 2)
    A = torch.arange(9.0).reshape(3, 3)
    h = F.hessian(lambda t: (t ** 4).sum() + t.dot(A @ t))(torch.tensor([1.0, 2.0, 3.0]))
    assert h.tolist() == [[12.0, 4.0, 8.0], [4.0, 56.0, 12.0], [8.0, 12.0, 124.0]]
    y = torch.tensor([0.5, -1.0], dtype=torch.float64)
    second = F.jacrev(F.jacrev(lambda t: t.sin().sum()))(y)
    np.testing.assert_allclose(second.numpy(), np.diag(-np.sin([0.5, -1.0])), rtol=1e-12)


def test_vjp_and_jvp():
    x = torch.tensor([1.0, 2.0])
    out, fn = F.vjp(lambda t: t ** 2, x)
    assert out.tolist() == [1.0, 4.0] and [g.tolist() for g in fn(torch.ones(2))] == [[2.0,
                                                                                        4.0]]
    out, tangent = F.jvp(lambda t: t ** 2, (x,), (torch.ones(2),))
    assert (out.tolist(), tangent.tolist()) == ([1.0, 4.0], [2.0, 4.0])
    with pytest.raises(RuntimeError, match="Expected primals to be a tuple"):
        F.jvp(lambda t: t, x, (x,))


def test_jvp_is_the_jacobian_times_the_tangent():
    x = torch.tensor([0.3, -0.7, 1.1], dtype=torch.float64)
    t = torch.tensor([1.0, 2.0, -0.5], dtype=torch.float64)

    def f(v):
        return v.sin() * v.exp() + v.sum() ** 2
    _, jt = F.jvp(f, (x,), (t,))
    np.testing.assert_allclose(jt.numpy(), (F.jacrev(f)(x) @ t).numpy(), rtol=1e-12)


def test_vmap():
    assert F.vmap(lambda t: t.sum())(torch.ones(3, 2)).tolist() == [2.0, 2.0, 2.0]
    assert F.vmap(torch.dot)(torch.ones(3, 2), torch.ones(3, 2)).tolist() == [2.0] * 3
    xs = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    assert F.vmap(F.grad(lambda t: (t ** 2).sum()))(xs).tolist() == [[2.0, 4.0], [6.0, 8.0]]
    got = F.vmap(lambda a, b: a * b, in_dims=(0, None))(torch.ones(3, 2),
                                                        torch.tensor([2.0, 3.0]))
    assert got.tolist() == [[2.0, 3.0]] * 3
    assert F.vmap(lambda a: a.sum(0), in_dims=1)(torch.arange(6.0).reshape(2, 3)).tolist() == \
        [3.0, 5.0, 7.0]
    a, b = F.vmap(lambda v: (v, v * 2), out_dims=(0, 1))(torch.arange(6.0).reshape(3, 2))
    assert a.tolist() == [[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]
    assert b.tolist() == [[0.0, 4.0, 8.0], [2.0, 6.0, 10.0]]


@pytest.mark.parametrize("call, error, message", [
    (lambda: F.grad(lambda t: t ** 2)(torch.tensor([1.0, 2.0])), RuntimeError,
     "grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got tensor with 1 "
     "dims. Maybe you wanted to use the vjp or jacrev APIs instead?"),
    (lambda: F.vmap(lambda a, b: a + b)(torch.ones(3), torch.ones(4)), ValueError,
     "vmap: Expected all tensors to have the same size in the mapped dimension, got sizes "
     "[3, 4] for the mapped dimension"),
    (lambda: F.vmap(lambda a: a, in_dims=2)(torch.ones(3)), ValueError,
     "vmap(<lambda>, in_dims=2, ...)(<inputs>): Got in_dim=2 for some input, but that input is "
     "a Tensor of dimensionality 1 so expected in_dim to satisfy -1 <= in_dim < 1."),
])
def test_errors(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert str(info.value) == message


def test_a_gradient_that_does_not_depend_on_the_input_is_zero():
    assert F.grad(lambda t: torch.tensor(3.0))(torch.tensor([1.0, 2.0])).tolist() == [0.0, 0.0]


def test_grad_is_gradchecked_through_composition():
    x = torch.tensor([0.4, -0.3], dtype=torch.float64, requires_grad=True)
    assert gradcheck(lambda t: F.grad(lambda u: (u.sin() * u).sum())(t), (x,))


def test_torch_func_imports_in_a_formula():
    from gradcli import lang
    out = io.StringIO()
    lang.run_source("import torch\nfrom torch.func import grad, vmap, hessian\n"
                    "f = lambda x: (x ** 3).sum()\nx = torch.tensor([1.0, 2.0])\n"
                    "print(grad(f)(x))\nprint(vmap(grad(f))(torch.tensor([[1.0, 2.0], "
                    "[3.0, 4.0]])))\nprint(hessian(f)(x))\n", filename="<t>", out=out)
    assert out.getvalue() == ("tensor([ 3., 12.])\ntensor([[ 3., 12.],\n        [27., 48.]])\n"
                              "tensor([[ 6.,  0.],\n        [ 0., 12.]])\n")
