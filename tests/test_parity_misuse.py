"""Misuse and edge cases as PyTorch 2.13 answers them (found by comparing programs run by
gradcli and by torch 2.13): each case is a program and what PyTorch printed for it, in the
format of test_autograd_parity4 (`!! Type: message` for the error that ends the program)."""
from __future__ import annotations

import pytest

from test_autograd_parity4 import run

CASES = [
    # the attribute setter refuses any non-leaf and words the dtype error its own way;
    # requires_grad_() keeps its own texts
    ("x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\ny.requires_grad = True",
     "!! RuntimeError: you can only change requires_grad flags of leaf variables.\n"),
    ("x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\ny.requires_grad_(True)\n"
     "print(y.requires_grad)\ny.requires_grad = False",
     "True\n!! RuntimeError: you can only change requires_grad flags of leaf variables. If you "
     "want to use a computed variable in a subgraph that doesn't require differentiation use "
     "var_no_grad = var.detach().\n"),
    ("t = torch.tensor([1])\nt.requires_grad = True",
     "!! RuntimeError: only Tensors of floating point and complex dtype can require gradients\n"),
    ("torch.tensor([1]).requires_grad_()",
     "!! RuntimeError: only Tensors of floating point dtype can require gradients\n"),
    # orthogonal_ factors with torch.linalg.qr, as PyTorch: no torch.qr deprecation warning
    ("w = torch.empty(4, 2)\ntorch.nn.init.orthogonal_(w, gain=2)\nprint(w)",
     "tensor([[ 1.0596, -0.3694],\n        [-1.4981,  0.6977],\n        [-0.7457, -1.5739],\n"
     "        [ 0.2773,  0.9485]])\n"),
    # batch_norm checks running_mean, running_var (each: defined in eval mode, then size),
    # then weight and bias, as ATen
    ("torch.nn.BatchNorm1d(3)(torch.ones(4, 5))",
     "!! RuntimeError: running_mean should contain 5 elements not 3\n"),
    ("torch.nn.functional.batch_norm(torch.ones(4, 3), torch.zeros(3), torch.ones(2), "
     "torch.ones(2), training=True)",
     "!! RuntimeError: running_var should contain 3 elements not 2\n"),
    ("torch.nn.functional.batch_norm(torch.ones(4, 3), None, torch.ones(2), torch.ones(2))",
     "!! RuntimeError: running_mean must be defined in evaluation mode\n"),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_prints_what_pytorch_printed(source, expected):
    assert run(source) == expected

# matrix products of bools have no CPU kernel; mv checks ranks before sizes (ATen's addmv)
MATRIX_ERRORS = [
    ('torch.mm(b, b.t())',
     'NotImplementedError "addmm_impl_cpu_" not implemented for \'Bool\''),
    ('b @ b.t()',
     'NotImplementedError "addmm_impl_cpu_" not implemented for \'Bool\''),
    ('torch.bmm(b[None], b.t()[None])',
     'NotImplementedError "bmm" not implemented for \'Bool\''),
    ('torch.mv(b, v)',
     'NotImplementedError "addmv_impl_cpu" not implemented for \'Bool\''),
    ('b @ v',
     'NotImplementedError "addmv_impl_cpu" not implemented for \'Bool\''),
    ('b[None] @ b.t()',
     'NotImplementedError "addmm_impl_cpu_" not implemented for \'Bool\''),
    ('b[None] @ b.t()[None]',
     'NotImplementedError "bmm" not implemented for \'Bool\''),
    ('v @ v',
     'NotImplementedError "dot" not implemented for \'Bool\''),
    ('v @ b.t()',
     'NotImplementedError "addmm_impl_cpu_" not implemented for \'Bool\''),
    ('b.t() @ b[None].expand(2, 2, 3)',
     'NotImplementedError "bmm" not implemented for \'Bool\''),
    ('torch.addmm(b, b, b.t())',
     'RuntimeError The expanded size of the tensor (2) must match the existing size (3) at non-singleton dimension 1.  Target sizes: [2, 2].  Tensor sizes: [2, 3]'),
    ('torch.mv(torch.ones(2, 3), torch.ones(2, 3))',
     'RuntimeError vector + matrix @ vector expected, got 1, 2, 2'),
    ('torch.mv(torch.ones(3), torch.ones(3))',
     'RuntimeError vector + matrix @ vector expected, got 1, 1, 1'),
    ('torch.mv(torch.ones(2, 2, 3), torch.ones(3))',
     'RuntimeError vector + matrix @ vector expected, got 1, 3, 1'),
    ('torch.mv(torch.ones(2, 3), torch.tensor(1.))',
     'RuntimeError vector + matrix @ vector expected, got 1, 2, 0'),
    ('torch.mv(torch.tensor(1.), torch.ones(3))',
     'IndexError Dimension specified as 0 but tensor has no dimensions'),
    ('torch.ones(2, 3).mv(torch.ones(4))',
     'RuntimeError size mismatch, got input (2), mat (2x3), vec (4)'),
    ('torch.mm(torch.ones(3), torch.ones(3, 2))',
     'RuntimeError self must be a matrix'),
    ('torch.mm(torch.ones(2, 3), torch.ones(3))',
     'RuntimeError mat2 must be a matrix'),
]


@pytest.mark.parametrize("expr, expected", MATRIX_ERRORS)
def test_matrix_product_errors(expr, expected):
    source = ("b = torch.ones(2, 3, dtype=torch.bool)\nv = torch.ones(3, dtype=torch.bool)\n"
              f"try:\n    {expr}\nexcept Exception as e:\n    print(type(e).__name__, e)")
    assert run(source) == expected + "\n"


# retain_grad and hooks on a tensor written through an index or a view: the write's
# CopySlices node carries them (it crashed on release; a write through a view lost them)
WRITES = 'x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x * 1\ny[0] = 5.\ny.retain_grad()\ny.sum().backward()\nprint(y.grad, x.grad)\nx.grad = None\ny = x * 1\ny.retain_grad()\ny[0] = 5.\ny.register_hook(lambda g: print("hook", g))\ny.sum().backward()\nprint(y.grad, x.grad)\nz = torch.zeros(3); z[0] = x[1] * 2; z.retain_grad(); z.sum().backward()\nprint(z.grad, x.grad)\nx.grad = None\ny = x * 1\ny[[0, 1]] = 5.\ny.retain_grad()\ny.grad_fn.register_prehook(lambda g: print("pre", g))\ny.sum().backward()\nprint(y.grad, x.grad)\nx.grad = None\ny = x * 1\ny.retain_grad()\ny[0:2].zero_()\ny.sum().backward()\nprint(y.grad, x.grad)\nx.grad = None\ny = x * 1\ny.retain_grad()\ny[1:].mul_(2)\ny.sum().backward()\nprint(y.grad, x.grad, y.retains_grad)\n'


def test_retain_grad_and_hooks_through_writes():
    assert run(WRITES) == 'tensor([1., 1., 1.]) tensor([0., 1., 1.])\nhook tensor([1., 1., 1.])\ntensor([1., 1., 1.]) tensor([0., 1., 1.])\ntensor([1., 1., 1.]) tensor([0., 3., 1.])\npre (tensor([1., 1., 1.]),)\ntensor([1., 1., 1.]) tensor([0., 0., 1.])\ntensor([1., 1., 1.]) tensor([0., 0., 1.])\ntensor([1., 1., 1.]) tensor([1., 2., 2.]) True\n'


# x[i] = v with v of shape [1] (or [1, 1]): the write drops v's leading sizes of 1, as
# PyTorch's copy_ and index_put_ do, and v's gradient gets v's shape back (it raised NumPy's
# 'setting an array element with a sequence.')
ONE_ELEMENT_WRITES = 'preds = torch.zeros(3)\nw = torch.tensor([2.0])\nfor i in range(3):\n    preds[i] = w * i\nprint(preds)\nx = torch.zeros(2, 3); x[1, 2] = torch.tensor([3.]); print(x)\ny = torch.zeros(3, dtype=torch.int64); y[1] = torch.tensor([[3]]); print(y)\nt = torch.tensor([3.], requires_grad=True)\nz = torch.zeros(3); z[-1] = t; print(z)\n(z * torch.tensor([1., 2., 5.])).sum().backward(); print(t.grad)\nx = torch.zeros(2, 3); x[1][1] = torch.tensor([7.]); x[0, 1] = torch.tensor([[7.]]); x[torch.tensor(1)] = torch.tensor([5.]); print(x)\nxi = torch.zeros(2, dtype=torch.int64); xi[0] = torch.tensor([2.7]); print(xi)\nu = torch.tensor([[1., 2., 3.]], requires_grad=True)\nm = torch.zeros(2, 3); m[0] = u * 2; m[1, :] = u; (m * m).sum().backward(); print(m, u.grad)\nv = torch.tensor([[[4.]]], requires_grad=True)\nq = torch.zeros(3, requires_grad=True).clone(); q[[0, 2]] = v; q.sum().backward(); print(q, v.grad)\nq = torch.zeros(2, 2).clone(); q[0, 0] = v[0]; print(q)\n'


def test_writes_of_one_element_tensors_with_dims():
    assert run(ONE_ELEMENT_WRITES) == 'tensor([0., 2., 4.])\ntensor([[0., 0., 0.],\n        [0., 0., 3.]])\ntensor([0, 3, 0])\ntensor([0., 0., 3.], grad_fn=<CopySlices>)\ntensor([5.])\ntensor([[0., 7., 0.],\n        [5., 5., 5.]])\ntensor([2, 0])\ntensor([[2., 4., 6.],\n        [1., 2., 3.]], grad_fn=<CopySlices>) tensor([[10., 20., 30.]])\ntensor([4., 0., 4.], grad_fn=<IndexPutBackward0>) tensor([[[2.]]])\ntensor([[4., 0.],\n        [0., 0.]], grad_fn=<CopySlices>)\n'


# a 0-d integer tensor in an index is its number: x[i] selects a view (for i in arange(n),
# i = x.argmax()), so writes into it reach x; a 0-d uint8 one is a mask, as a bool
ZERO_DIM_INDEX = 'x = torch.zeros(3, 2)\nfor i in torch.arange(3):\n    x[i][0] = 7\n    x[i].add_(1)\nprint(x)\ny = torch.arange(6.).reshape(3, 2)\nr = y[torch.tensor(1)]\nr[1] = 100\nprint(y)\nw = torch.ones(3, 2, requires_grad=True)\nprint(w[torch.tensor(2)], w[0, torch.tensor(1)], w[torch.tensor(-1), 1:])\nfor idx in [torch.tensor(1, dtype=torch.uint8), torch.tensor(True), torch.tensor(1, dtype=torch.int32), torch.tensor(1, dtype=torch.int8)]:\n    try:\n        v = w[idx]\n        print(idx.dtype, v.shape, v.grad_fn.name())\n    except Exception as e: print(type(e).__name__, e)\ntry: print(w[torch.tensor(5)])\nexcept Exception as e: print(type(e).__name__, e)\ntry: print(w[0, torch.tensor(7)])\nexcept Exception as e: print(type(e).__name__, e)\nz = torch.zeros(3)\nz[torch.tensor(1)] = 4.0\nprint(z, z[torch.tensor([1])])\nprint(w[torch.tensor(1), torch.tensor([0, 1])])\n'


def test_zero_dim_integer_tensor_index_selects():
    assert run(ZERO_DIM_INDEX) == 'tensor([[8., 1.],\n        [8., 1.],\n        [8., 1.]])\ntensor([[  0.,   1.],\n        [  2., 100.],\n        [  4.,   5.]])\ntensor([1., 1.], grad_fn=<SelectBackward0>) tensor(1., grad_fn=<SelectBackward0>) tensor([1.], grad_fn=<SliceBackward0>)\ntorch.uint8 torch.Size([1, 3, 2]) IndexBackward0\ntorch.bool torch.Size([1, 3, 2]) IndexBackward0\ntorch.int32 torch.Size([2]) SelectBackward0\ntorch.int8 torch.Size([2]) SelectBackward0\nIndexError index 5 is out of bounds for dimension 0 with size 3\nIndexError index 7 is out of bounds for dimension 1 with size 2\ntensor([0., 4., 0.]) tensor([4.])\ntensor([1., 1.], grad_fn=<IndexBackward0>)\n'
