"""Misuse and edge cases as PyTorch 2.13 answers them (found by comparing programs run by
gradcli and by torch 2.13): each case is a program and what PyTorch printed for it, in the
format of test_autograd_parity4 (`!! Type: message` for the error that ends the program)."""
from __future__ import annotations

import pytest

from test_autograd_parity4 import run

def _printed(out: str) -> str:
    """What a program printed, without the warnings (`!W` lines) among it."""
    return "".join(line + "\n" for line in out.splitlines() if not line.startswith("!W "))


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


# 0-d tensors (dims -1 and 0, as PyTorch wraps them) and empty ones through softmax and the
# shape ops: PyTorch's results and errors (they crashed with ZeroDivisionError, NumPy's
# AxisError or 'tuple index out of range', or passed where PyTorch refuses)
ZERO_DIM = 'F = torch.nn.functional\ns = torch.tensor(2., requires_grad=True)\nd = torch.tensor(2., dtype=torch.float64, requires_grad=True)\nfs = [lambda: torch.softmax(s, 0), lambda: s.softmax(-1), lambda: F.log_softmax(s, 0), lambda: F.softmin(s, 0), lambda: torch.softmax(d, 0), lambda: F.log_softmax(d, -1),\n lambda: s.flip(0), lambda: s.transpose(0, 0), lambda: s.movedim(0, 0), lambda: s.narrow(0, 0, 1), lambda: s.chunk(2), lambda: s.split(1), lambda: s.unbind(), lambda: s.squeeze(1), lambda: s.renorm(2, 0, 1),\n lambda: s.logcumsumexp(1), lambda: s.detach().all(1), lambda: s.detach().any(1), lambda: s.flatten(1), lambda: s.repeat_interleave(2, 1), lambda: s.cummax(1), lambda: s.cummin(0), lambda: s.stride(0), lambda: s.swapaxes(0, 0), lambda: s.diagonal(0, 0, 0), lambda: s.squeeze((0,)), lambda: s.unflatten(0, (1,)), lambda: torch.trapezoid(s, dim=5), lambda: torch.cumulative_trapezoid(s, dim=5), lambda: s.renorm(2, 5, 1.), lambda: s.squeeze(-2), lambda: s.flip(-1), lambda: s.transpose(-1, 0), lambda: s.logcumsumexp(0), lambda: s.cumsum(0), lambda: s.cumprod(-1), lambda: s.sum(0), lambda: s.mean(-1), lambda: s.argmax(0), lambda: s.max(0), lambda: s.sort(0), lambda: s.topk(1), lambda: s.unsqueeze(1), lambda: s.unsqueeze(-1), lambda: s.roll(1, 0), lambda: s.norm(dim=0), lambda: F.normalize(s, dim=0), lambda: s.var(0), lambda: s.std(0), lambda: s.select(0, 0), lambda: s[0], lambda: s.view(1, 1), lambda: s.expand(2), lambda: s.gather(0, torch.tensor(0)), lambda: s.index_select(0, torch.tensor([0])),\n lambda: torch.softmax(torch.tensor([]), 0), lambda: F.log_softmax(torch.ones(2, 0), 1), lambda: F.log_softmax(torch.ones(0, 3), 1), lambda: torch.logsumexp(torch.ones(2, 0), 1)]\nfor i, f in enumerate(fs):\n    try:\n        y = f()\n        if isinstance(y, torch.Tensor) and y.requires_grad:\n            y.sum().backward()\n        print(i, y, s.grad)\n        s.grad = None\n    except Exception as e:\n        print(i, type(e).__name__, " | ".join(str(e).splitlines()[:2]))\n\nx = torch.ones(2, 0, requires_grad=True)\ny = torch.softmax(x, 1)\ny.sum().backward()\nprint(y, x.grad)\nx = torch.ones(0, requires_grad=True)\nfor f in [lambda t: torch.log_softmax(t, 0), lambda t: torch.softmax(t, -1)]:\n    y = f(x); y.sum().backward(); print(y, x.grad)\n'


def test_zero_dim_and_empty_tensors():
    out = run(ZERO_DIM)
    assert _printed(out) == '0 tensor(1., grad_fn=<SoftmaxBackward0>) tensor(0.)\n1 tensor(1., grad_fn=<SoftmaxBackward0>) tensor(0.)\n2 tensor(0., grad_fn=<LogSoftmaxBackward0>) tensor(0.)\n3 tensor(1., grad_fn=<SoftmaxBackward0>) tensor(-0.)\n4 tensor(1., dtype=torch.float64, grad_fn=<SoftmaxBackward0>) None\n5 tensor(0., dtype=torch.float64, grad_fn=<LogSoftmaxBackward0>) None\n6 tensor(2., grad_fn=<FlipBackward0>) tensor(1.)\n7 tensor(2., grad_fn=<TransposeBackward0>) tensor(1.)\n8 tensor(2., grad_fn=<AliasBackward0>) tensor(1.)\n9 RuntimeError narrow() cannot be applied to a 0-dim tensor.\n10 RuntimeError chunk expects at least a 1-dimensional tensor\n11 RuntimeError split expects at least a 1-dimensional tensor\n12 IndexError Dimension specified as 0 but tensor has no dimensions\n13 IndexError Dimension out of range (expected to be in range of [-1, 0], but got 1)\n14 RuntimeError renorm: input needs at least 2 dimensions, got 0 dimensions\n15 IndexError Dimension out of range (expected to be in range of [-1, 0], but got 1)\n16 IndexError Dimension out of range (expected to be in range of [-1, 0], but got 1)\n17 IndexError Dimension out of range (expected to be in range of [-1, 0], but got 1)\n18 IndexError Dimension out of range (expected to be in range of [-1, 0], but got 1)\n19 IndexError Dimension out of range (expected to be in range of [-1, 0], but got 1)\n20 IndexError cummax(): Expected reduction dim -1 or 0 for scalar but got 1\n21 torch.return_types.cummin(\nvalues=tensor(2., grad_fn=<CumminBackward0>),\nindices=tensor(0)) None\n22 IndexError Dimension specified as 0 but tensor has no dimensions\n23 tensor(2., grad_fn=<TransposeBackward0>) tensor(1.)\n24 RuntimeError diagonal dimensions cannot be identical 0, 0\n25 tensor(2., grad_fn=<SqueezeBackward2>) tensor(1.)\n26 RuntimeError unflatten got an unexpected error: | Dimension specified as 0 but tensor has no dimensions\n27 IndexError Dimension specified as 5 but tensor has no dimensions\n28 IndexError slice() cannot be applied to a 0-dim tensor.\n29 RuntimeError renorm: input needs at least 2 dimensions, got 0 dimensions\n30 IndexError Dimension out of range (expected to be in range of [-1, 0], but got -2)\n31 tensor(2., grad_fn=<FlipBackward0>) tensor(1.)\n32 tensor(2., grad_fn=<TransposeBackward0>) tensor(1.)\n33 tensor(2., grad_fn=<LogcumsumexpBackward0>) tensor(1.)\n34 tensor(2., grad_fn=<CumsumBackward0>) tensor(1.)\n35 tensor(2., grad_fn=<CumprodBackward0>) tensor(1.)\n36 tensor(2., grad_fn=<SumBackward1>) tensor(1.)\n37 tensor(2., grad_fn=<MeanBackward1>) tensor(1.)\n38 tensor(0) None\n39 torch.return_types.max(\nvalues=tensor(2., grad_fn=<MaxBackward0>),\nindices=tensor(0)) None\n40 torch.return_types.sort(\nvalues=tensor(2., grad_fn=<SortBackward0>),\nindices=tensor(0)) None\n41 torch.return_types.topk(\nvalues=tensor(2., grad_fn=<TopkBackward0>),\nindices=tensor(0)) None\n42 IndexError Dimension out of range (expected to be in range of [-1, 0], but got 1)\n43 tensor([2.], grad_fn=<UnsqueezeBackward0>) tensor(1.)\n44 IndexError Dimension specified as 0 but tensor has no dimensions\n45 tensor(2., grad_fn=<LinalgVectorNormBackward0>) tensor(1.)\n46 tensor(1., grad_fn=<DivBackward0>) tensor(0.)\n47 tensor(nan, grad_fn=<VarBackward0>) tensor(nan)\n48 tensor(nan, grad_fn=<StdBackward0>) tensor(nan)\n49 IndexError select() cannot be applied to a 0-dim tensor.\n50 IndexError invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number\n51 tensor([[2.]], grad_fn=<ViewBackward0>) tensor(1.)\n52 tensor([2., 2.], grad_fn=<ExpandBackward0>) tensor(2.)\n53 tensor(2., grad_fn=<GatherBackward0>) tensor(1.)\n54 tensor(2., grad_fn=<IndexSelectBackward0>) tensor(1.)\n55 tensor([]) None\n56 tensor([], size=(2, 0)) None\n57 tensor([], size=(0, 3)) None\n58 tensor([-inf, -inf]) None\ntensor([], size=(2, 0), grad_fn=<SoftmaxBackward0>) tensor([], size=(2, 0))\ntensor([], grad_fn=<LogSoftmaxBackward0>) tensor([])\ntensor([], grad_fn=<SoftmaxBackward0>) tensor([])\n'


# eigh/eigvalsh/svd/svdvals with repeated eigen- or singular values: an output nothing uses
# passes no gradient (None, not zeros), so only the values' term runs, as in PyTorch (it was
# nan everywhere: 0/0 in the vectors' term); a used one still gives PyTorch's nan
REPEATED = "A = (torch.eye(3) * 2).requires_grad_()\nprint(torch.autograd.grad(torch.linalg.eigvalsh(A).sum(), A))\nprint(torch.autograd.grad(torch.linalg.eigh(A)[0].sum(), A))\nprint(torch.autograd.grad(torch.linalg.eigh(A, UPLO='U').eigenvalues.sum(), A))\nB = torch.eye(3).requires_grad_()\nprint(torch.autograd.grad(torch.linalg.svd(B)[1].sum(), B))\nprint(torch.autograd.grad(torch.linalg.svd(B, full_matrices=False).S.sum(), B))\nprint(torch.autograd.grad(torch.svd(B)[1].sum(), B))\nprint(torch.autograd.grad(torch.linalg.svdvals(B).sum(), B))\nD = torch.diag(torch.tensor([1., 1., 2.]))\nA = torch.randn(3, 3, requires_grad=True)\nprint(torch.autograd.grad(torch.linalg.eigvalsh(D + A * 0).sum(), A))\nw, v = torch.linalg.eigh(D + A * 0)\nprint(torch.autograd.grad((w.sum() + v.sum() * 0), A))\n"


def test_repeated_eigenvalues_when_only_values_are_used():
    assert run(REPEATED) == '(tensor([[1., 0., 0.],\n        [0., 1., 0.],\n        [0., 0., 1.]]),)\n(tensor([[1., 0., 0.],\n        [0., 1., 0.],\n        [0., 0., 1.]]),)\n(tensor([[1., 0., 0.],\n        [0., 1., 0.],\n        [0., 0., 1.]]),)\n(tensor([[1., 0., 0.],\n        [0., 1., 0.],\n        [0., 0., 1.]]),)\n(tensor([[1., 0., 0.],\n        [0., 1., 0.],\n        [0., 0., 1.]]),)\n(tensor([[1., 0., 0.],\n        [0., 1., 0.],\n        [0., 0., 1.]]),)\n(tensor([[1., 0., 0.],\n        [0., 1., 0.],\n        [0., 0., 1.]]),)\n(tensor([[0., 0., 0.],\n        [0., 0., 0.],\n        [0., 0., 0.]]),)\n(tensor([[nan, nan, nan],\n        [nan, nan, nan],\n        [nan, nan, nan]]),)\n'


# torch.tensor of a list holding tensors reads each as one number (its item, its dtype in
# the inference); a tensor of more elements is PyTorch's error (it built a nested array)
TENSORS_IN_LISTS = 'T = torch.tensor\nfor f in [lambda: T([T([1., 2.]), T([3., 4.])]), lambda: T([T([1.]), T([2.])]), lambda: T([T([[1.]]), T([[2.]])]).shape, lambda: T([T(1.), T(2., dtype=torch.float64)]), lambda: T([T(1, dtype=torch.int32), T(2, dtype=torch.int32)]), lambda: T([T(1, dtype=torch.int32), True]), lambda: T([T(1.5, dtype=torch.float64)]), lambda: T([T([]), T([])]), lambda: T([[T(1.), 2.5], [3, T(True)]]), lambda: T([T(2), 2.5]), lambda: T([T(True), T(False)]), lambda: T([T(3, dtype=torch.uint8), -1]), lambda: T([T(1.0, requires_grad=True) * 2, T(3.0)]), lambda: T([T(1.0)], dtype=torch.int64), lambda: T((T(1.0), T(2.0))), lambda: T([T(1.0, dtype=torch.float16), 1])]:\n    try: print(f())\n    except Exception as e: print(type(e).__name__, e)\nlosses = []\nfor i in range(3):\n    losses.append(torch.tensor(float(i)) ** 2)\nprint(torch.tensor(losses), torch.tensor(losses).mean())\n'


def test_torch_tensor_of_a_list_of_tensors():
    # once per process, as PyTorch (conftest resets errors.warn_once per test)
    out = run(TENSORS_IN_LISTS)
    warning = ("!W UserWarning: Converting a tensor with requires_grad=True to a scalar may "
               "lead to unexpected behavior.\nConsider using tensor.detach() first. (Triggered "
               "internally at /__w/pytorch/pytorch/torch/csrc/autograd/generated/"
               "python_variable_methods.cpp:822.)\n")
    assert out.count(warning) == 1          # PyTorch's, once
    out = out.replace(warning, "")
    assert _printed(out) == 'ValueError only one element tensors can be converted to Python scalars\ntensor([1., 2.])\ntorch.Size([2])\ntensor([1., 2.], dtype=torch.float64)\ntensor([1, 2], dtype=torch.int32)\ntensor([1, 1], dtype=torch.int32)\ntensor([1.5000], dtype=torch.float64)\nValueError only one element tensors can be converted to Python scalars\ntensor([[1.0000, 2.5000],\n        [3.0000, 1.0000]])\ntensor([2.0000, 2.5000])\ntensor([ True, False])\ntensor([ 3, -1])\ntensor([2., 3.])\nTypeError only integer tensors of a single element can be converted to an index\ntensor([1., 2.])\ntensor([1., 1.], dtype=torch.float16)\ntensor([0., 1., 4.]) tensor(1.6667)\n'


# PyTorch's keyword names for sizes and dims given as *args (flip(dims=), reshape(shape=),
# view(size=), new_zeros(size=), arange(end=) ...), squeeze of several dims, clamp with a
# 0-d tensor beside a number (its Scalar overload), keepdim=True without a dim (an error for
# sum/mean/max/prod; every dim kept for argmax/argmin/all/any), invalid-combination messages
# listing keywords newest first (PyTorch's std::unordered_map)
KEYWORDS = 'm = torch.arange(12.).reshape(3, 4)\nfor f in [lambda: torch.flip(m, dims=[0]), lambda: m.flip(dims=(0, 1)), lambda: m.permute(dims=(1, 0)).shape, lambda: torch.permute(m, dims=(1, 0)).shape, lambda: torch.reshape(m, shape=(4, 3)).shape, lambda: m.reshape(shape=(4, 3)).shape, lambda: m.view(size=(4, 3)).shape, lambda: m.expand(size=(2, 3, 4)).shape, lambda: m.repeat(repeats=(2, 1)).shape, lambda: m.split(split_size=2, dim=1)[0].shape, lambda: torch.swapaxes(m, axis0=0, axis1=1).shape, lambda: torch.arange(end=5), lambda: m.new_zeros(size=(2,)), lambda: m.new_ones(size=(2,)), lambda: m.new_full(size=(2,), fill_value=3.), lambda: m.new_empty(size=(2,)).shape, lambda: m.tile(dims=(2,)).shape, lambda: torch.tile(m, dims=(2, 1)).shape, lambda: m.view(-1, 2).shape, lambda: m.squeeze(0, 1), lambda: torch.ones(1, 3, 1).squeeze(0, 2).shape, lambda: m.clamp(torch.tensor(2.), 5), lambda: m.clamp(2, torch.tensor(5.)), lambda: m.clip(min=torch.tensor([1., 2., 3., 4.]), max=6), lambda: torch.clamp(m, 3, torch.tensor(7.)), lambda: m.unsqueeze(dim=0).shape, lambda: m.transpose(dim0=0, dim1=1).shape, lambda: m.sum(dim=(0, 1), keepdim=True), lambda: m.sum(keepdim=True), lambda: m.mean(keepdim=True), lambda: m.argmax(keepdim=True), lambda: m.argmin(keepdim=True), lambda: m.bool().all(keepdim=True), lambda: m.bool().any(keepdim=True), lambda: m.amax(keepdim=True), lambda: m.max(keepdim=True), lambda: m.std(keepdim=True), lambda: m.var(keepdim=True), lambda: m.prod(keepdim=True), lambda: m.norm(keepdim=True), lambda: m.logsumexp(dim=(0, 1), keepdim=True), lambda: m.nansum(keepdim=True), lambda: m.count_nonzero()]:\n    try: print(f())\n    except Exception as e: print(type(e).__name__, e)\nfor f in [lambda: torch.ones(2, 3).argmax(keepdim=True).shape, lambda: torch.ones(2, 3).bool().all(keepdim=True).shape, lambda: torch.tensor(3.).argmax(keepdim=True).shape, lambda: torch.ones(2,3).sum(0, True).shape, lambda: torch.ones(2, 3).sum(axis=1), lambda: torch.ones(2,3).mean(dim=None, keepdim=True)]:\n    try: print(f())\n    except Exception as e: print(type(e).__name__, e)\n'


def test_keyword_names_and_keepdim():
    assert run(KEYWORDS) == "tensor([[ 8.,  9., 10., 11.],\n        [ 4.,  5.,  6.,  7.],\n        [ 0.,  1.,  2.,  3.]])\ntensor([[11., 10.,  9.,  8.],\n        [ 7.,  6.,  5.,  4.],\n        [ 3.,  2.,  1.,  0.]])\ntorch.Size([4, 3])\ntorch.Size([4, 3])\ntorch.Size([4, 3])\ntorch.Size([4, 3])\ntorch.Size([4, 3])\ntorch.Size([2, 3, 4])\ntorch.Size([6, 4])\ntorch.Size([3, 2])\ntorch.Size([4, 3])\ntensor([0, 1, 2, 3, 4])\ntensor([0., 0.])\ntensor([1., 1.])\ntensor([3., 3.])\ntorch.Size([2])\ntorch.Size([3, 8])\ntorch.Size([6, 4])\ntorch.Size([6, 2])\ntensor([[ 0.,  1.,  2.,  3.],\n        [ 4.,  5.,  6.,  7.],\n        [ 8.,  9., 10., 11.]])\ntorch.Size([3])\ntensor([[2., 2., 2., 3.],\n        [4., 5., 5., 5.],\n        [5., 5., 5., 5.]])\ntensor([[2., 2., 2., 3.],\n        [4., 5., 5., 5.],\n        [5., 5., 5., 5.]])\nTypeError clip() received an invalid combination of arguments - got (max=int, min=Tensor, ), but expected one of:\n * (Tensor min = None, Tensor max = None)\n      didn't match because some of the keywords were incorrect: max, min\n * (Number min = None, Number max = None)\n      didn't match because some of the keywords were incorrect: max, min\n\ntensor([[3., 3., 3., 3.],\n        [4., 5., 6., 7.],\n        [7., 7., 7., 7.]])\ntorch.Size([1, 3, 4])\ntorch.Size([4, 3])\ntensor([[66.]])\nTypeError sum() received an invalid combination of arguments - got (keepdim=bool, ), but expected one of:\n * (*, torch.dtype dtype = None)\n * (tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)\n\nTypeError mean() received an invalid combination of arguments - got (keepdim=bool, ), but expected one of:\n * (*, torch.dtype dtype = None)\n * (tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)\n\ntensor([[11]])\ntensor([[0]])\ntensor([[False]])\ntensor([[True]])\ntensor([[11.]])\nTypeError max() received an invalid combination of arguments - got (keepdim=bool, ), but expected one of:\n * ()\n      didn't match because some of the keywords were incorrect: keepdim\n * (Tensor other)\n      didn't match because some of the keywords were incorrect: keepdim\n * (int dim, bool keepdim = False)\n\ntensor([[3.6056]])\ntensor([[13.]])\nTypeError prod() received an invalid combination of arguments - got (keepdim=bool, ), but expected one of:\n * (*, torch.dtype dtype = None)\n * (int dim, bool keepdim = False, *, torch.dtype dtype = None)\n\ntensor([[22.4944]])\ntensor([[11.4587]])\ntensor([[66.]])\ntensor(11)\ntorch.Size([1, 1])\ntorch.Size([1, 1])\ntorch.Size([])\ntorch.Size([1, 3])\ntensor([3., 3.])\ntensor([[1.]])\n"


# Function.apply with keyword arguments: PyTorch's inputs are the positional ones, then the
# keyword ones in order (a tensor passed by keyword gets its gradient; it got none); with
# setup_context the call is bound to forward's signature, defaults filled in
FUNCTION_KEYWORDS = 'from torch.autograd import Function\nclass Scale(Function):\n    @staticmethod\n    def forward(ctx, x, k=2.0, y=None):\n        ctx.k = k\n        print("needs", ctx.needs_input_grad)\n        return x * k if y is None else x * k + y\n    @staticmethod\n    def backward(ctx, g):\n        print("backward called")\n        return g * ctx.k, None, g\nx = torch.ones(3, requires_grad=True)\ny = torch.ones(3, requires_grad=True)\nr = Scale.apply(x=x)\nprint(r, r.grad_fn.next_functions)\nr = Scale.apply(x, k=3.0, y=y)\nprint(r, r.grad_fn.next_functions)\nr.sum().backward()\nprint(x.grad, y.grad)\nr = Scale.apply(x, 3.0, y)\nprint(r.grad_fn.next_functions)\nclass S2(Function):\n    @staticmethod\n    def forward(x, k=2.0):\n        return x * k\n    @staticmethod\n    def setup_context(ctx, inputs, output):\n        print("inputs", len(inputs), inputs[1])\n        ctx.k = inputs[1]\n    @staticmethod\n    def backward(ctx, g):\n        return g * ctx.k, None\nprint(S2.apply(x))\nprint(S2.apply(x, k=5.0))\nprint(S2.apply(x=x))\n'


def test_custom_function_keyword_arguments():
    assert run(FUNCTION_KEYWORDS) == 'needs (True,)\ntensor([2., 2., 2.], grad_fn=<ScaleBackward>) ((<AccumulateGrad object at 0x>, 0),)\nneeds (True, False, True)\ntensor([4., 4., 4.], grad_fn=<ScaleBackward>) ((<AccumulateGrad object at 0x>, 0), (<AccumulateGrad object at 0x>, 0))\nbackward called\ntensor([3., 3., 3.]) tensor([1., 1., 1.])\nneeds (True, False, True)\n((<AccumulateGrad object at 0x>, 0), (<AccumulateGrad object at 0x>, 0))\ninputs 2 2.0\ntensor([2., 2., 2.], grad_fn=<S2Backward>)\ninputs 2 5.0\ntensor([5., 5., 5.], grad_fn=<S2Backward>)\ninputs 2 2.0\ntensor([2., 2., 2.], grad_fn=<S2Backward>)\n'


# a 0-d parameter broadcast in the forward (the scalar w, b regression): its gradient is
# g.sum(), as ATen's sum_to makes it (SumBackward0 under create_graph, not a view)
SCALAR_PARAMETERS = 'X = torch.tensor([1.0, 2.0, 3.0]); Y = torch.tensor([2.0, 4.1, 5.9])\nw = torch.tensor(1.0, requires_grad=True); b = torch.tensor(0.0, requires_grad=True)\ngw, gb = torch.autograd.grad(((w * X + b - Y) ** 2).mean(), [w, b], create_graph=True); print(gw, gb)\ngw.backward(); print(w.grad, b.grad)\nx = torch.tensor(2.0, requires_grad=True); v = torch.tensor([1.0, 2.0, 3.0])\ng, = torch.autograd.grad((v + x).pow(2).sum(), x, create_graph=True); print(g)\ng, = torch.autograd.grad((v / x).sum(), x, create_graph=True); print(g)\nt = torch.linspace(-1, 1, 1000)\nw = torch.tensor(0.3, requires_grad=True)\nl = ((w * t - t.sin()) ** 2).mean(); l.backward(); print(w.grad.item())\nw.grad = None\n(w * t).sum().backward(); print(w.grad)\n'


def test_gradient_of_a_broadcast_zero_dim_parameter():
    assert run(SCALAR_PARAMETERS) == 'tensor(-9.2667, grad_fn=<SumBackward0>) tensor(-4., grad_fn=<SumBackward0>)\ntensor(9.3333) tensor(4.)\ntensor(24., grad_fn=<SumBackward0>)\ntensor(-1.5000, grad_fn=<SumBackward0>)\n-0.4030185043811798\ntensor(-8.5831e-06)\n'


# cdist of more than 25 rows (or use_mm_for_euclid_dist) is ATen's _euclidean_dist: one node
# (EuclideanDistBackward0) whose exact zeros stay 0 (they printed 1e-15) and whose gradient
# there is 0
CDIST_MM = "torch.manual_seed(0)\nX = torch.randn(30, 2, dtype=torch.float64, requires_grad=True)\nD = torch.cdist(X, X)\nprint(D[:3, :3]); print(D.diagonal()[:4])\nD.sum().backward()\nprint(X.grad[:3])\nY = X.detach().clone().requires_grad_()\nE = torch.cdist(Y, Y.detach() + 0.1)\nprint(E[:2, :2])\nXf = torch.randn(30, 3)\nprint(torch.cdist(Xf, Xf)[:2, :2], torch.cdist(Xf, Xf, compute_mode='use_mm_for_euclid_dist')[0, 0])\n\ntorch.manual_seed(0)\nX = torch.randn(30, 2, dtype=torch.float64, requires_grad=True)\nD = torch.cdist(X, X)\nprint(D.grad_fn.name(), [f[0].name() for f in D.grad_fn.next_functions])\nB = torch.randn(2, 30, 2, requires_grad=True)\nE = torch.cdist(B, B[:, :4])\nprint(E.grad_fn.name(), [f[0].name() for f in E.grad_fn.next_functions[0][0].next_functions])\ng, = torch.autograd.grad(D.sum(), X, create_graph=True)\nprint(g.grad_fn)\n"


def test_cdist_matrix_product_form():
    assert run(CDIST_MM) == "tensor([[0.0000, 1.8563, 1.6878],\n        [1.8563, 0.0000, 2.2819],\n        [1.6878, 2.2819, 0.0000]], dtype=torch.float64,\n       grad_fn=<SliceBackward0>)\ntensor([0., 0., 0., 0.], dtype=torch.float64, grad_fn=<SliceBackward0>)\ntensor([[-49.9755,  -5.4150],\n        [-27.0805,  24.9202],\n        [-21.8197, -33.2889]], dtype=torch.float64)\ntensor([[0.1414, 1.9976],\n        [1.7151, 0.1414]], dtype=torch.float64, grad_fn=<SliceBackward0>)\ntensor([[0.0000, 2.3413],\n        [2.3413, 0.0000]]) tensor(0.)\nViewBackward0 ['EuclideanDistBackward0']\nViewBackward0 ['ViewBackward0', 'ViewBackward0']\n<AddBackward0 object at 0x>\n"


# sum/prod/cumsum/cumprod/nansum with an integer or bool dtype=: that dtype (the total
# wrapped; they widened to int64), and PyTorch's autograd error on a tensor requiring grad
INTEGER_DTYPES = 'i = torch.tensor([1, 2, 3], dtype=torch.int32)\nfor f in [lambda: i.sum(dtype=torch.int32), lambda: i.cumsum(0, dtype=torch.int32), lambda: i.prod(dtype=torch.int32), lambda: torch.tensor([200, 100], dtype=torch.uint8).sum(dtype=torch.uint8), lambda: torch.tensor([True, True]).sum(dtype=torch.bool), lambda: torch.tensor([1.5, 2.7]).sum(dtype=torch.int32), lambda: torch.nansum(i, dtype=torch.int16), lambda: i.reshape(1, 3).sum(1, keepdim=True, dtype=torch.int16), lambda: i.cumprod(0, dtype=torch.int8), lambda: torch.tensor([100, 100], dtype=torch.int8).cumsum(0, dtype=torch.int8), lambda: i.sum(dtype=torch.float64), lambda: i.mean(dtype=torch.float64), lambda: i.prod(0, dtype=torch.int16), lambda: torch.tensor([1.5], requires_grad=True).sum(dtype=torch.int32), lambda: torch.tensor([1.5], requires_grad=True).prod(dtype=torch.int64), lambda: torch.tensor([1.5], requires_grad=True).cumsum(0, dtype=torch.int64), lambda: i.sum(), lambda: i.cumsum(0), lambda: torch.tensor([True, False]).cumsum(0), lambda: torch.tensor([1.5, 2.5]).mean(dtype=torch.int32)]:\n    try: print(f())\n    except Exception as e: print(type(e).__name__, str(e).splitlines()[0])\n'


def test_reductions_in_a_requested_integer_dtype():
    assert run(INTEGER_DTYPES) == 'tensor(6, dtype=torch.int32)\ntensor([1, 3, 6], dtype=torch.int32)\ntensor(6, dtype=torch.int32)\ntensor(44, dtype=torch.uint8)\ntensor(True)\ntensor(3, dtype=torch.int32)\ntensor(6, dtype=torch.int16)\ntensor([[6]], dtype=torch.int16)\ntensor([1, 2, 6], dtype=torch.int8)\ntensor([100, -56], dtype=torch.int8)\ntensor(6., dtype=torch.float64)\ntensor(2., dtype=torch.float64)\ntensor(6, dtype=torch.int16)\nRuntimeError Autograd not support dtype: Int\nRuntimeError Autograd not support dtype: Long\nRuntimeError Autograd not support dtype: Long\ntensor(6)\ntensor([1, 3, 6])\ntensor([1, 1])\nRuntimeError mean(): could not infer output dtype. Optional dtype must be either a floating point or complex dtype. Got: Int\n'


# Python ints beside small integer tensors: arithmetic, comparisons and bitwise ops cast the
# number to the tensor's dtype, wrapping (300 - u8, u8 == 456); clamp, where and pow's
# exponent use the checked conversion (-1 wraps into uint8, 300 is PyTorch's RuntimeError);
# past uint64 'int too big to convert'. NumPy's OverflowError leaked before
SMALL_INTS = 'u8 = torch.tensor([200, 10, 0], dtype=torch.uint8)\ni8 = torch.tensor([100, -100, 50], dtype=torch.int8)\ni32 = torch.tensor([5, -7], dtype=torch.int32)\nm = torch.tensor([True, False, True])\nfor f in [lambda: -1 - u8, lambda: 300 - u8, lambda: 200 - i8, lambda: (-1) ** u8, lambda: 1000 ** torch.tensor([1], dtype=torch.int8), lambda: u8.clamp(min=-1), lambda: torch.where(m, u8, -1), lambda: u8 ** 300, lambda: torch.clamp(u8, -5, 300), lambda: torch.where(m, i8, 1000), lambda: (u8 == 456, u8 < 300, u8 > -1, i8 > 1000), lambda: torch.tensor([1]) + 2**63, lambda: torch.tensor([1]) * 2**62, lambda: u8 + 300, lambda: u8 - 300, lambda: u8 * 1000, lambda: i8 // 300, lambda: i8 % 300, lambda: u8 & 300, lambda: u8 | -1, lambda: u8 ^ 256, lambda: i32 + 2**40, lambda: i32 * 2**33, lambda: u8.add(300, alpha=2), lambda: u8.masked_fill(m, 300), lambda: u8.fill_(-1) if False else u8.clone().fill_(-1), lambda: u8.clone().fill_(300), lambda: torch.full((2,), 300, dtype=torch.uint8), lambda: u8.clone().add_(300), lambda: u8 / 300, lambda: torch.maximum(u8, torch.tensor(300)), lambda: torch.remainder(-1, u8 + 1), lambda: i8.lerp if False else i8.clamp(max=200), lambda: i8.clamp(-200, 0), lambda: torch.tensor([1.0]) + 2**70, lambda: torch.tensor([1]) + 2**70, lambda: 2**70 - torch.tensor([1])]:\n    try: print(f())\n    except Exception as e: print(type(e).__name__, str(e).splitlines()[0])\n'


def test_python_ints_beside_small_integer_tensors():
    assert run(SMALL_INTS) == 'tensor([ 55, 245, 255], dtype=torch.uint8)\ntensor([100,  34,  44], dtype=torch.uint8)\ntensor([ 100,   44, -106], dtype=torch.int8)\ntensor([1, 1, 1], dtype=torch.uint8)\ntensor([-24], dtype=torch.int8)\ntensor([255, 255, 255], dtype=torch.uint8)\ntensor([200, 255,   0], dtype=torch.uint8)\nRuntimeError value cannot be converted to type uint8_t without overflow\nRuntimeError value cannot be converted to type uint8_t without overflow\nRuntimeError value cannot be converted to type int8_t without overflow\n(tensor([ True, False, False]), tensor([False,  True,  True]), tensor([False, False, False]), tensor([ True, False,  True]))\ntensor([-9223372036854775807])\ntensor([4611686018427387904])\ntensor([244,  54,  44], dtype=torch.uint8)\ntensor([156, 222, 212], dtype=torch.uint8)\ntensor([64, 16,  0], dtype=torch.uint8)\ntensor([ 2, -3,  1], dtype=torch.int8)\ntensor([12, 32,  6], dtype=torch.int8)\ntensor([8, 8, 0], dtype=torch.uint8)\ntensor([255, 255, 255], dtype=torch.uint8)\ntensor([200,  10,   0], dtype=torch.uint8)\ntensor([ 5, -7], dtype=torch.int32)\ntensor([0, 0], dtype=torch.int32)\ntensor([32, 98, 88], dtype=torch.uint8)\nRuntimeError value cannot be converted to type uint8_t without overflow\ntensor([255, 255, 255], dtype=torch.uint8)\nRuntimeError value cannot be converted to type uint8_t without overflow\nRuntimeError value cannot be converted to type uint8_t without overflow\ntensor([244,  54,  44], dtype=torch.uint8)\ntensor([0.6667, 0.0333, 0.0000])\ntensor([200,  44,  44], dtype=torch.uint8)\ntensor([54,  2,  0], dtype=torch.uint8)\nRuntimeError value cannot be converted to type int8_t without overflow\nRuntimeError value cannot be converted to type int8_t without overflow\nOverflowError int too big to convert\nOverflowError int too big to convert\nOverflowError int too big to convert\n'


# arange with an integer dtype converts start, end and step to integers first, as ATen's
# kernel does; bool is refused; an infinite or nan bound is 'unsupported range'
ARANGE = "for f in [lambda: torch.arange(0, 5.5, dtype=torch.long), lambda: torch.arange(0, 10, 2.5, dtype=torch.int32), lambda: torch.arange(-5, 5, 1.25, dtype=torch.int64), lambda: torch.arange(0, 1, 0.1, dtype=torch.int64), lambda: torch.arange(0, float('inf')), lambda: torch.arange(0, float('nan')), lambda: torch.arange(2, dtype=torch.bool), lambda: torch.arange(5, 0), lambda: torch.arange(0, 5, -1), lambda: torch.arange(0, 5, 0), lambda: torch.arange(0.5, 4.7, dtype=torch.int16), lambda: torch.arange(-2.7, 3, 1.9, dtype=torch.int32), lambda: torch.arange(10, 0, -2.5, dtype=torch.int64), lambda: torch.arange(5.9, dtype=torch.int64), lambda: torch.arange(0, 5, 1.5, dtype=torch.uint8), lambda: torch.arange(0, 1, 0.25), lambda: torch.arange(1, 4, dtype=torch.float64)]:\n    try: print(f())\n    except Exception as e: print(type(e).__name__, str(e).splitlines()[0])\n"


def test_arange_bounds_and_dtypes():
    assert run(ARANGE) == 'tensor([0, 1, 2, 3, 4])\ntensor([0, 2, 4, 6], dtype=torch.int32)\ntensor([-5, -4, -3, -2, -1,  0,  1,  2,  3,  4])\nValueError step must be nonzero\nRuntimeError unsupported range: 0 -> inf\nRuntimeError unsupported range: 0 -> nan\nNotImplementedError "arange_cpu" not implemented for \'Bool\'\nRuntimeError upper bound and lower bound inconsistent with step sign\nRuntimeError upper bound and lower bound inconsistent with step sign\nRuntimeError step must be nonzero\ntensor([0, 1, 2, 3, 4], dtype=torch.int16)\ntensor([-2, -1,  0,  1], dtype=torch.int32)\ntensor([10,  8,  6,  4,  2])\ntensor([0, 1, 2, 3, 4])\ntensor([0, 1, 2, 3], dtype=torch.uint8)\ntensor([0.0000, 0.2500, 0.5000, 0.7500])\ntensor([1., 2., 3.], dtype=torch.float64)\n'


# lists of NumPy arrays: each array's dtype takes part in torch.tensor's inference (a list
# of float64 rows is float64), and the legacy constructors read them (they refused them)
NUMPY_ROWS = 'import numpy as np\nrows = [np.array([0.5, 1.5, 2.5]) for _ in range(2)]\nprint(torch.tensor(rows))\nprint(torch.tensor([np.array([1, 2], dtype=np.int32), np.array([3, 4], dtype=np.int32)]).dtype)\nprint(torch.tensor([[1.5], np.array([2.5])]))\nprint(torch.tensor([np.array([1, 2]), [3, 4]]))\nprint(torch.tensor([np.float32(1.5), 2]))\nprint(torch.FloatTensor(rows))\nprint(torch.Tensor(rows))\n'


def test_lists_of_numpy_arrays():
    out = run(NUMPY_ROWS)
    assert out.count("!W UserWarning: Creating a tensor from a list of numpy.ndarrays") == 1
    assert _printed(out) == 'tensor([[0.5000, 1.5000, 2.5000],\n        [0.5000, 1.5000, 2.5000]], dtype=torch.float64)\ntorch.int32\ntensor([[1.5000],\n        [2.5000]], dtype=torch.float64)\ntensor([[1, 2],\n        [3, 4]])\ntensor([1.5000, 2.0000])\ntensor([[0.5000, 1.5000, 2.5000],\n        [0.5000, 1.5000, 2.5000]])\ntensor([[0.5000, 1.5000, 2.5000],\n        [0.5000, 1.5000, 2.5000]])\n'


# warnings in a run as Python shows a script's: once per line of the formula (the non-leaf
# .grad warning at each line that reads it, `warn("mine")` twice from two lines), once for
# PyTorch's once-per-process ones (create_graph's), and a formula's own RuntimeWarning and
# DeprecationWarning shown (it is __main__). Expected: torch 2.13's stderr, line by line
WARNINGS = 'import warnings\nx = torch.ones(3, requires_grad=True); y = x * 2\nfor i in range(3):\n    print(i, y.grad)\nprint(y.grad)\nwarnings.warn("mine")\nwarnings.warn("mine")\nwarnings.warn("rt", RuntimeWarning)\nwarnings.warn("dep", DeprecationWarning)\nfor i in range(2):\n    (x * x).sum().backward(create_graph=True)\n(x * x).sum().backward(create_graph=True)\ndef f():\n    warnings.warn("inside")\nf()\nf()\n'


def test_warnings_once_per_formula_line():
    assert run(WARNINGS) == "!W UserWarning: The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more information. (Triggered internally at /__w/pytorch/pytorch/build/aten/src/ATen/core/TensorBody.h:493.)\n0 None\n1 None\n2 None\n!W UserWarning: The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more information. (Triggered internally at /__w/pytorch/pytorch/build/aten/src/ATen/core/TensorBody.h:493.)\nNone\n!W UserWarning: mine\n!W UserWarning: mine\n!W RuntimeWarning: rt\n!W DeprecationWarning: dep\n!W UserWarning: Using backward() with create_graph=True will create a reference cycle between the parameter and its gradient which can cause a memory leak. We recommend using autograd.grad when creating the graph to avoid this. If you have to use this function, make sure to reset the .grad fields of your parameters to None after use to break the cycle and avoid the leak. (Triggered internally at /__w/pytorch/pytorch/torch/csrc/autograd/engine.cpp:1307.)\n!W UserWarning: inside\n"


# prod's gradient with zeros in the input is ATen's prod_safe_zeros_backward (exclusive
# cumprods from both sides): PyTorch's rounding, and a graph under create_graph (a second
# derivative raised 'element 0 of tensors does not require grad')
PROD_ZEROS = 'x = torch.tensor([2.0, 0.0, 3.0], requires_grad=True)\ng, = torch.autograd.grad(x.prod(), x, create_graph=True)\nprint(g); print(torch.autograd.grad((g * g).sum(), x))\ng, = torch.autograd.grad(x.prod(0), x, create_graph=True)\nprint(g); print(torch.autograd.grad((g * g).sum(), x))\nm = torch.tensor([[1.5, 0.0, 2.0], [0.3, 0.7, 1.1]], requires_grad=True)\nfor f in [lambda: m.prod(1), lambda: m.prod(0, keepdim=True), lambda: m.prod(), lambda: m.prod(-1, True)]:\n    m.grad = None\n    y = f(); (y * torch.linspace(0.5, 1.5, y.numel()).reshape(y.shape)).sum().backward(); print(y, m.grad)\n    g, = torch.autograd.grad(f().sum(), m, create_graph=True); print(g.grad_fn.name(), torch.autograd.grad(g.sum(), m))\nz = torch.tensor([0.0, 0.0, 3.0], requires_grad=True)\nz.prod().backward(); print(z.grad)\ng, = torch.autograd.grad(z.prod(), z, create_graph=True); print(g)\nf32 = torch.tensor([0.1, 0.0, 0.3, 0.7, 1.9, 2.3, 0.45], requires_grad=True)\nf32.prod().backward(); print(f32.grad.tolist())\n'


def test_prod_gradient_with_zeros():
    assert run(PROD_ZEROS) == 'tensor([0., 6., 0.], grad_fn=<ViewBackward0>)\n(tensor([36.,  0., 24.]),)\ntensor([0., 6., 0.], grad_fn=<MulBackward0>)\n(tensor([36.,  0., 24.]),)\ntensor([0.0000, 0.2310], grad_fn=<ProdBackward1>) tensor([[0.0000, 1.5000, 0.0000],\n        [1.1550, 0.4950, 0.3150]])\nMulBackward0 (tensor([[2.0000, 3.5000, 1.5000],\n        [1.8000, 1.4000, 1.0000]]),)\ntensor([[0.4500, 0.0000, 2.2000]], grad_fn=<ProdBackward1>) tensor([[0.1500, 0.7000, 1.6500],\n        [0.7500, 0.0000, 3.0000]])\nMulBackward0 (tensor([[1., 1., 1.],\n        [1., 1., 1.]]),)\ntensor(0., grad_fn=<ProdBackward0>) tensor([[0.0000, 0.3465, 0.0000],\n        [0.0000, 0.0000, 0.0000]])\nViewBackward0 (tensor([[0.4620, 4.7385, 0.3465],\n        [2.3100, 0.9900, 0.6300]]),)\ntensor([[0.0000],\n        [0.2310]], grad_fn=<ProdBackward1>) tensor([[0.0000, 1.5000, 0.0000],\n        [1.1550, 0.4950, 0.3150]])\nMulBackward0 (tensor([[2.0000, 3.5000, 1.5000],\n        [1.8000, 1.4000, 1.0000]]),)\ntensor([0., 0., 0.])\ntensor([0., 0., 0.], grad_fn=<ViewBackward0>)\n[0.0, 0.041296496987342834, 0.0, 0.0, 0.0, 0.0, 0.0]\n'


# xlogy/xlog1py with a number `other`: the gradient is xlogy(g, other) everywhere when other
# > 0 (> -1 for xlog1py), else with the x == 0 places zeroed (it was 0 at x == 0 always)
XLOGY_NUMBER = "x = torch.tensor([1.5, -2.0, 0.0], requires_grad=True)\ntorch.xlogy(x, 2.0).sum().backward(); print(x.grad)\nx.grad = None; torch.special.xlogy(x, 2.0).sum().backward(); print(x.grad)\nx.grad = None; torch.special.xlog1py(x, 2.0).sum().backward(); print(x.grad)\nx.grad = None; torch.xlogy(x, torch.tensor(2.0)).sum().backward(); print(x.grad)\nx.grad = None; y = torch.xlogy(x, 2.0); print(y.grad_fn.name()); g, = torch.autograd.grad(y.sum(), x, create_graph=True); print(g)\nx.grad = None; x.xlogy(3).sum().backward(); print(x.grad)\nx.grad = None; x.xlogy(0.0).sum().backward(); print(x.grad)\nfor o in [-1.0, -2.0, float('nan'), 0.5]:\n    x.grad = None; torch.special.xlog1py(x, o).sum().backward(); print(o, x.grad)\n    x.grad = None; torch.xlogy(x, o).sum().backward(); print(o, x.grad)\ng, = torch.autograd.grad(torch.xlogy(x, -1.0).sum(), x, create_graph=True)\nprint(g, g.requires_grad)\n"


def test_xlogy_with_a_number_other():
    assert run(XLOGY_NUMBER) == 'tensor([0.6931, 0.6931, 0.6931])\ntensor([0.6931, 0.6931, 0.6931])\ntensor([1.0986, 1.0986, 1.0986])\ntensor([0.6931, 0.6931, 0.6931])\nXlogyBackward2\ntensor([0.6931, 0.6931, 0.6931])\ntensor([1.0986, 1.0986, 1.0986])\ntensor([-inf, -inf, 0.])\n-1.0 tensor([-inf, -inf, 0.])\n-1.0 tensor([nan, nan, 0.])\n-2.0 tensor([nan, nan, 0.])\n-2.0 tensor([nan, nan, 0.])\nnan tensor([nan, nan, 0.])\nnan tensor([nan, nan, 0.])\n0.5 tensor([0.4055, 0.4055, 0.4055])\n0.5 tensor([-0.6931, -0.6931, -0.6931])\ntensor([nan, nan, 0.]) False\n'


# torch.testing.assert_close: PyTorch's tolerances by dtype and its messages
ASSERT_CLOSE = 'T = torch.tensor\nfor a, b, kw in [(T([1., 2., 3.]), T([1., 2.5, 3.]), {}), (T([1., 2.]), T([1., 2.], dtype=torch.float64), {}), (T([1., 2.]), T([1., 2., 3.]), {}), (1.0, 1.5, {}), (T([1, 2]), T([1, 3]), {}), (T([[1., 2.], [3., 4.]]), T([[1., 2.], [3., 4.001]]), {}), (T([1., float(\'nan\')]), T([1., float(\'nan\')]), {}), (T([1., float(\'nan\')]), T([1., float(\'nan\')]), {"equal_nan": True}), (T([1., 2.]), T([1.1, 2.]), {"rtol": 0.2, "atol": 0}), (T([1., 2.]), T([1.1, 2.]), {"rtol": 0.01, "atol": 0.0}), (T([1., 2.]), [1., 2.], {}), (T([1e-9]), T([0.]), {}), (T([True]), T([False]), {}), (T([1., 2.]), T([1., 2.]), {}), (T([0., 0.]), T([1e-3, 2e-3]), {"check_dtype": False})]:\n    try:\n        print(torch.testing.assert_close(a, b, **kw))\n    except Exception as e:\n        print(type(e).__name__ + ":", e)\n\nT = torch.tensor\nfor a, b, kw in [([T(1.), T([2., 3.])], [T(1.), T([2., 3.5])], {}), ((T(1.),), [T(1.)], {}), ({"a": T(1.)}, {"a": T(2.)}, {}), (T(1.), T(1.5), {}), (T(1.), T(1.5), {"msg": "custom"}), (T([1., 2.]), T([1., 2.]), {"rtol": 0.1}), (1, 2, {}), (1, 1.0, {}), (T([1., 2.]), T([1., 3.]), {"rtol": 0, "atol": 0}), (T([1, 2], dtype=torch.int32), T([1, 2]), {}), (T([1, 2], dtype=torch.int32), T([1, 5]), {"check_dtype": False}), (T([[float(\'inf\'), 1.]]), T([[float(\'inf\'), 1.]]), {}), (T([float(\'inf\')]), T([float(\'-inf\')]), {}), (T([1.0, 2.0], dtype=torch.float64), T([1.0 + 1e-8, 2.0], dtype=torch.float64), {})]:\n    try:\n        print(torch.testing.assert_close(a, b, **kw))\n    except Exception as e:\n        print(type(e).__name__ + ":", e)\n'


def test_assert_close():
    assert run(ASSERT_CLOSE) == "AssertionError: Tensor-likes are not close!\n\nMismatched elements: 1 / 3 (33.3%)\nGreatest absolute difference: 0.5 at index (1,) (up to 1e-05 allowed)\nGreatest relative difference: 0.20000000298023224 at index (1,) (up to 1.3e-06 allowed)\nAssertionError: The values for attribute 'dtype' do not match: torch.float32 != torch.float64.\nAssertionError: The values for attribute 'shape' do not match: torch.Size([2]) != torch.Size([3]).\nAssertionError: Scalars are not close!\n\nExpected 1.5 but got 1.0.\nAbsolute difference: 0.5 (up to 1e-07 allowed)\nRelative difference: 0.3333333333333333 (up to 1e-07 allowed)\nAssertionError: Tensor-likes are not equal!\n\nMismatched elements: 1 / 2 (50.0%)\nGreatest absolute difference: 1 at index (1,)\nGreatest relative difference: 0.3333333432674408 at index (1,)\nAssertionError: Tensor-likes are not close!\n\nMismatched elements: 1 / 4 (25.0%)\nGreatest absolute difference: 0.0009999275207519531 at index (1, 1) (up to 1e-05 allowed)\nGreatest relative difference: 0.0002499193942639977 at index (1, 1) (up to 1.3e-06 allowed)\nAssertionError: Tensor-likes are not close!\n\nMismatched elements: 1 / 2 (50.0%)\nGreatest absolute difference: nan at index (1,) (up to 1e-05 allowed)\nGreatest relative difference: nan at index (1,) (up to 1.3e-06 allowed)\nNone\nNone\nAssertionError: Tensor-likes are not close!\n\nMismatched elements: 1 / 2 (50.0%)\nGreatest absolute difference: 0.10000002384185791 at index (0,) (up to 0.0 allowed)\nGreatest relative difference: 0.09090910851955414 at index (0,) (up to 0.01 allowed)\nTypeError: No comparison pair was able to handle inputs of type <class 'torch.Tensor'> and <class 'list'>.\nNone\nAssertionError: Tensor-likes are not equal!\n\nMismatched elements: 1 / 1 (100.0%)\nGreatest absolute difference: 1 at index (0,)\nGreatest relative difference: inf at index (0,)\nNone\nAssertionError: Tensor-likes are not close!\n\nMismatched elements: 2 / 2 (100.0%)\nGreatest absolute difference: 0.0020000000949949026 at index (1,) (up to 1e-05 allowed)\nGreatest relative difference: 1.0 at index (0,) (up to 1.3e-06 allowed)\nAssertionError: Tensor-likes are not close!\n\nMismatched elements: 1 / 2 (50.0%)\nGreatest absolute difference: 0.5 at index (1,) (up to 1e-05 allowed)\nGreatest relative difference: 0.1428571492433548 at index (1,) (up to 1.3e-06 allowed)\n\nThe failure occurred for item [1]\nNone\nAssertionError: Scalars are not close!\n\nExpected 2.0 but got 1.0.\nAbsolute difference: 1.0 (up to 1e-05 allowed)\nRelative difference: 0.5 (up to 1.3e-06 allowed)\n\nThe failure occurred for item ['a']\nAssertionError: Scalars are not close!\n\nExpected 1.5 but got 1.0.\nAbsolute difference: 0.5 (up to 1e-05 allowed)\nRelative difference: 0.3333333333333333 (up to 1.3e-06 allowed)\nAssertionError: custom\nValueError: Both 'rtol' and 'atol' must be either specified or omitted, but got no atol.\nAssertionError: Scalars are not equal!\n\nExpected 2 but got 1.\nAbsolute difference: 1\nRelative difference: 0.5\nAssertionError: The (d)types do not match: <class 'int'> != <class 'float'>.\nAssertionError: Tensor-likes are not equal!\n\nMismatched elements: 1 / 2 (50.0%)\nGreatest absolute difference: 1.0 at index (1,)\nGreatest relative difference: 0.3333333432674408 at index (1,)\nAssertionError: The values for attribute 'dtype' do not match: torch.int32 != torch.int64.\nAssertionError: Tensor-likes are not equal!\n\nMismatched elements: 1 / 2 (50.0%)\nGreatest absolute difference: 3 at index (1,)\nGreatest relative difference: 0.6000000238418579 at index (1,)\nNone\nAssertionError: Tensor-likes are not close!\n\nMismatched elements: 1 / 1 (100.0%)\nGreatest absolute difference: inf at index (0,) (up to 1e-05 allowed)\nGreatest relative difference: nan at index (0,) (up to 1.3e-06 allowed)\nNone\n"


# the seed and determinism boilerplate of the tutorials: torch.backends.cudnn's flags,
# use_deterministic_algorithms, set_float32_matmul_precision, torch.cuda.empty_cache
BACKENDS = 'torch.manual_seed(0)\ntorch.cuda.manual_seed_all(0)\ntorch.cuda.manual_seed(0)\ntorch.backends.cudnn.deterministic = True\ntorch.backends.cudnn.benchmark = False\nprint(torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark, torch.backends.cudnn.enabled)\ntorch.use_deterministic_algorithms(True)\nprint(torch.are_deterministic_algorithms_enabled())\ntorch.set_float32_matmul_precision("high")\nprint(torch.get_float32_matmul_precision())\ntorch.cuda.empty_cache()\nprint(torch.cuda.is_available(), torch.cuda.device_count())\nprint(torch.backends.mps.is_available())\ndevice = torch.device("cuda" if torch.cuda.is_available() else "cpu")\nprint(device)\ntorch.set_num_threads(1)\nprint(torch.get_num_threads())\nprint(torch.backends.cudnn.is_available())\nprint(torch.backends.cuda.matmul.allow_tf32)\n'


def test_backend_flags_and_settings():
    from gradcli import devices
    try:
        assert run(BACKENDS) == 'True False True\nTrue\nhigh\nFalse 0\nFalse\ncpu\n1\nFalse\nTrue\n'
    finally:
        devices.reset_settings()


# augmented assignment with an operand nothing takes: Python's TypeError naming `+=`
# (an internal AttributeError leaked for tensors, `+` for other values)
AUGMENTED = "x = torch.ones(2, requires_grad=True)\na = torch.ones(2); b = None; s = 's'; i = 2\ntry:\n    a += 'x'\n    print('ok', a)\nexcept Exception as e:\n    print(type(e).__name__, e)\na = torch.ones(2); b = None; s = 's'; i = 2\ntry:\n    a -= None\n    print('ok', a)\nexcept Exception as e:\n    print(type(e).__name__, e)\na = torch.ones(2); b = None; s = 's'; i = 2\ntry:\n    a *= [1, 2]\n    print('ok', a)\nexcept Exception as e:\n    print(type(e).__name__, e)\na = torch.ones(2); b = None; s = 's'; i = 2\ntry:\n    a /= (1, 2)\n    print('ok', a)\nexcept Exception as e:\n    print(type(e).__name__, e)\na = torch.ones(2); b = None; s = 's'; i = 2\ntry:\n    a //= 'x'\n    print('ok', a)\nexcept Exception as e:\n    print(type(e).__name__, e)\na = torch.ones(2); b = None; s = 's'; i = 2\ntry:\n    a %= None\n    print('ok', a)\nexcept Exception as e:\n    print(type(e).__name__, e)\na = torch.ones(2); b = None; s = 's'; i = 2\ntry:\n    a **= 'x'\n    print('ok', a)\nexcept Exception as e:\n    print(type(e).__name__, e)\na = torch.ones(2); b = None; s = 's'; i = 2\ntry:\n    a &= 'x'\n    print('ok', a)\nexcept Exception as e:\n    print(type(e).__name__, e)\na = torch.ones(2); b = None; s = 's'; i = 2\ntry:\n    b += 1\n    print('ok', a)\nexcept Exception as e:\n    print(type(e).__name__, e)\na = torch.ones(2); b = None; s = 's'; i = 2\ntry:\n    s -= 1\n    print('ok', a)\nexcept Exception as e:\n    print(type(e).__name__, e)\na = torch.ones(2); b = None; s = 's'; i = 2\ntry:\n    i @= 3\n    print('ok', a)\nexcept Exception as e:\n    print(type(e).__name__, e)\na = torch.ones(2); b = None; s = 's'; i = 2\ntry:\n    x.grad += torch.ones(2)\n    print('ok', a)\nexcept Exception as e:\n    print(type(e).__name__, e)\na = torch.ones(2); b = None; s = 's'; i = 2\ntry:\n    a += 1\n    print('ok', a)\nexcept Exception as e:\n    print(type(e).__name__, e)\n"


def test_augmented_assignment_errors():
    assert run(AUGMENTED) == "TypeError unsupported operand type(s) for +=: 'Tensor' and 'str'\nTypeError unsupported operand type(s) for -=: 'Tensor' and 'NoneType'\nTypeError unsupported operand type(s) for *=: 'Tensor' and 'list'\nTypeError unsupported operand type(s) for /=: 'Tensor' and 'tuple'\nTypeError unsupported operand type(s) for //=: 'Tensor' and 'str'\nTypeError unsupported operand type(s) for %=: 'Tensor' and 'NoneType'\nTypeError unsupported operand type(s) for **=: 'Tensor' and 'str'\nTypeError unsupported operand type(s) for &=: 'Tensor' and 'str'\nTypeError unsupported operand type(s) for +=: 'NoneType' and 'int'\nTypeError unsupported operand type(s) for -=: 'str' and 'int'\nTypeError unsupported operand type(s) for @=: 'int' and 'int'\nTypeError unsupported operand type(s) for +=: 'NoneType' and 'Tensor'\nok tensor([2., 2.])\n"


# AttributeErrors caught as AttributeError: a module attribute set before
# super().__init__(), a class attribute that does not exist
ATTRIBUTE_ERRORS = 'import torch.nn as nn\nclass NoSuper(nn.Module):\n    def __init__(self):\n        self.fc = nn.Linear(2, 2)\ntry:\n    NoSuper()\nexcept AttributeError as e:\n    print("caught", e)\nclass Foo:\n    pass\nfor f in [lambda: Foo.zz, lambda: nn.Linear.zz, lambda: torch.Tensor.zz]:\n    try: f()\n    except AttributeError as e: print("caught", e)\nclass P(nn.Module):\n    def __init__(self):\n        self.w = nn.Parameter(torch.ones(1))\ntry:\n    P()\nexcept AttributeError as e:\n    print("caught", e)\n'


def test_attribute_errors_are_attribute_errors():
    assert run(ATTRIBUTE_ERRORS) == "caught cannot assign module before Module.__init__() call\ncaught type object 'Foo' has no attribute 'zz'\ncaught type object 'Linear' has no attribute 'zz'\ncaught type object 'Tensor' has no attribute 'zz'\ncaught cannot assign parameters before Module.__init__() call\n"


# a formula's own optimizer (class MySGD(torch.optim.Optimizer)) and learning-rate schedule
# (class Warmup(LRScheduler) with get_lr), as the tutorials write them
CUSTOM_OPTIMIZERS = 'import torch.nn as nn\nclass MySGD(torch.optim.Optimizer):\n    def __init__(self, params, lr=0.01):\n        super().__init__(params, dict(lr=lr))\n    @torch.no_grad()\n    def step(self, closure=None):\n        for group in self.param_groups:\n            for p in group[\'params\']:\n                if p.grad is not None:\n                    p.add_(p.grad, alpha=-group[\'lr\'])\ntorch.manual_seed(0)\nmodel = nn.Linear(2, 1)\nopt = MySGD(model.parameters(), lr=0.1)\nprint(opt)\nx = torch.randn(8, 2); y = torch.randn(8, 1)\nfor i in range(3):\n    opt.zero_grad()\n    loss = ((model(x) - y) ** 2).mean()\n    loss.backward()\n    opt.step()\n    print(i, loss.item())\nprint(opt.state_dict()["param_groups"])\nclass Warmup(torch.optim.lr_scheduler.LRScheduler):\n    def __init__(self, optimizer, warmup, last_epoch=-1):\n        self.warmup = warmup\n        super().__init__(optimizer, last_epoch)\n    def get_lr(self):\n        return [base * min(1.0, (self.last_epoch + 1) / self.warmup) for base in self.base_lrs]\nopt2 = torch.optim.SGD(model.parameters(), lr=1.0)\nsched = Warmup(opt2, 4)\nfor i in range(5):\n    opt2.step()\n    sched.step()\n    print(i, sched.get_last_lr())\nclass MomentumSGD(torch.optim.Optimizer):\n    def __init__(self, params, lr=0.1, momentum=0.9):\n        defaults = dict(lr=lr, momentum=momentum)\n        super().__init__(params, defaults)\n    def step(self, closure=None):\n        with torch.no_grad():\n            for group in self.param_groups:\n                for p in group["params"]:\n                    if p.grad is None:\n                        continue\n                    state = self.state[p]\n                    if "buf" not in state:\n                        state["buf"] = torch.zeros_like(p)\n                    buf = state["buf"]\n                    buf.mul_(group["momentum"]).add_(p.grad)\n                    p.add_(buf, alpha=-group["lr"])\nopt3 = MomentumSGD(model.parameters())\nfor i in range(2):\n    opt3.zero_grad()\n    loss = ((model(x) - y) ** 2).mean()\n    loss.backward()\n    opt3.step()\n    print(i, loss.item(), len(opt3.state))\n'


def test_custom_optimizer_and_scheduler_classes():
    assert run(CUSTOM_OPTIMIZERS) == "MySGD (\nParameter Group 0\n    lr: 0.1\n)\n0 1.9178427457809448\n1 1.558840036392212\n2 1.3354287147521973\n[{'lr': 0.1, 'params': [0, 1]}]\n0 [0.5]\n1 [0.75]\n2 [1.0]\n3 [1.0]\n4 [1.0]\n0 16.75625228881836 2\n1 10.746087074279785 2\n"


# mixed-precision templates on a CPU: torch.autocast/torch.amp.autocast and GradScaler
# disabled for CUDA (PyTorch's warnings), a CPU GradScaler scaling, unscaling, skipping a
# step after an inf and moving its scale; torch.cuda.amp's deprecated names
AMP = 'import torch.nn as nn\ntorch.manual_seed(0)\nmodel = nn.Linear(2, 1)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nscaler = torch.amp.GradScaler("cuda", enabled=False)\nprint(scaler.is_enabled(), scaler.get_scale())\nx = torch.randn(4, 2); y = torch.randn(4, 1)\nfor i in range(2):\n    opt.zero_grad()\n    with torch.autocast(device_type="cuda", dtype=torch.float16, enabled=False):\n        loss = ((model(x) - y) ** 2).mean()\n    scaler.scale(loss).backward()\n    scaler.unscale_(opt)\n    scaler.step(opt)\n    scaler.update()\n    print(i, loss.item(), loss.dtype)\ns2 = torch.cuda.amp.GradScaler(enabled=False)\nprint(s2.is_enabled())\nwith torch.autocast("cpu", enabled=False):\n    print(torch.is_autocast_enabled())\ns3 = torch.amp.GradScaler("cuda")\nprint(s3.is_enabled())\nprint(torch.amp.autocast)\nsc = torch.amp.GradScaler("cpu", init_scale=1024.0, growth_interval=2)\nprint(sc.is_enabled(), sc.get_scale())\nfor i in range(4):\n    opt.zero_grad()\n    loss = ((model(x) - y) ** 2).mean()\n    if i == 2:\n        loss = loss * float("inf")\n    sc.scale(loss).backward()\n    sc.step(opt)\n    sc.update()\n    print(i, loss.item(), sc.get_scale(), model.weight.tolist())\n'


def test_autocast_and_grad_scaler():
    out = run(AMP)
    assert _printed(out) == "False 1.0\n0 0.9409753680229187 torch.float32\n1 0.6134738922119141 torch.float32\nFalse\nFalse\nFalse\n<class 'torch.amp.autocast_mode.autocast'>\nTrue 1024.0\n0 0.44537460803985596 1024.0 [[0.07286915183067322, 0.58109450340271]]\n1 0.3584223985671997 2048.0 [[0.07792065292596817, 0.6128753423690796]]\n2 inf 1024.0 [[0.07792065292596817, 0.6128753423690796]]\n3 0.3127877712249756 1024.0 [[0.07721932232379913, 0.6349081993103027]]\n"


# DataLoader(num_workers=2), as the tutorials write it: a map-style dataset is loaded in
# this process, in PyTorch's batches and order (it was refused)
LOADER_WORKERS = 'from torch.utils.data import TensorDataset, DataLoader\ntorch.manual_seed(0)\nds = TensorDataset(torch.arange(10.).reshape(5, 2), torch.arange(5))\ndl = DataLoader(ds, batch_size=2, shuffle=True, num_workers=2)\nprint(dl.num_workers)\nfor epoch in range(2):\n    for xb, yb in dl:\n        print(epoch, xb.tolist(), yb.tolist())\nprint(torch.rand(1))\ntry:\n    DataLoader(ds, num_workers=-1)\nexcept Exception as e:\n    print(type(e).__name__, e)\n'


def test_loader_with_workers():
    assert run(LOADER_WORKERS) == '2\n0 [[2.0, 3.0], [8.0, 9.0]] [1, 4]\n0 [[4.0, 5.0], [6.0, 7.0]] [2, 3]\n0 [[0.0, 1.0]] [0]\n1 [[4.0, 5.0], [6.0, 7.0]] [2, 3]\n1 [[8.0, 9.0], [0.0, 1.0]] [4, 0]\n1 [[2.0, 3.0]] [1]\ntensor([0.4556])\nValueError num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.\n'


# shapes that do not broadcast: PyTorch's RuntimeError ('The size of tensor a (3) must
# match ...') from fmax/fmin, add/sub with alpha, div with rounding_mode and cdist's batch
# (NumPy's ValueError leaked)
BROADCAST_ERRORS = 'F = torch.nn.functional\na = torch.ones(2, 3); d = torch.ones(5)\nfor i, f in enumerate([lambda: torch.fmax(a, d), lambda: torch.fmin(a, d), lambda: torch.add(a, d, alpha=2), lambda: torch.sub(a, d, alpha=2), lambda: torch.cdist(torch.ones(2, 3, 4), torch.ones(3, 3, 4)), lambda: a.add_(d, alpha=2), lambda: torch.rsub(a, d, alpha=2), lambda: torch.lerp(a, d, 0.5), lambda: torch.addcmul(a, a, d), lambda: torch.addcdiv(a, d, a), lambda: torch.hypot(a, d), lambda: torch.copysign(a, d), lambda: torch.nextafter(a, d), lambda: torch.ldexp(a, d), lambda: torch.logaddexp2(a, d), lambda: torch.heaviside(a, d), lambda: torch.xlogy(a, d), lambda: torch.special.xlog1py(a, d), lambda: torch.remainder(a, d), lambda: torch.fmod(a, d), lambda: torch.float_power(a, d), lambda: torch.true_divide(a, d), lambda: torch.where(a > 0, a, d), lambda: torch.masked_fill(a, d > 0, 1.0), lambda: torch.maximum(a, d), lambda: torch.isclose(a, d), lambda: torch.eq(a, d), lambda: torch.logical_and(a, d), lambda: torch.bitwise_and(a.long(), d.long()), lambda: torch.atan2(a, d), lambda: torch.pow(a, d), lambda: torch.mul(a, d), lambda: torch.div(a, d, rounding_mode="floor")]):\n    try: f(); print(i, "ok")\n    except Exception as e: print(i, type(e).__name__, str(e).splitlines()[0])\n'


def test_broadcast_errors():
    assert run(BROADCAST_ERRORS) == '0 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n1 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n2 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n3 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n4 RuntimeError The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0\n5 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n6 RuntimeError The size of tensor a (5) must match the size of tensor b (3) at non-singleton dimension 1\n7 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n8 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n9 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n10 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n11 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n12 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n13 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n14 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n15 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n16 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n17 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n18 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n19 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n20 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n21 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n22 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n23 RuntimeError The size of tensor a (5) must match the size of tensor b (3) at non-singleton dimension 1\n24 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n25 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n26 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n27 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n28 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n29 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n30 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n31 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n32 RuntimeError The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1\n'


# a view whose base was changed in place under no_grad (an optimizer.step() between two
# backward passes) gets PyTorch's regenerated grad_fn, AsStridedBackward0, which the version
# error then names ('output 0 of AsStrided'; it named T, Select ...)
REGENERATED_VIEWS = 'import torch.nn as nn\ntorch.manual_seed(0)\nlin = nn.Linear(2, 3); lin2 = nn.Linear(3, 1)\nopt = torch.optim.SGD(list(lin.parameters()) + list(lin2.parameters()), lr=0.1)\nh = torch.relu(lin(torch.ones(4, 2)))\nloss1 = lin2(h).sum(); loss2 = (lin2(h) ** 2).sum()\nloss1.backward(retain_graph=True); opt.step()\ntry:\n    loss2.backward()\nexcept RuntimeError as e:\n    print(str(e)[:200])\nx = torch.ones(2, 3, requires_grad=True); y = x * 1\nfor mk in [lambda: y[0], lambda: y[:, 1:], lambda: y.view(6), lambda: y.t(), lambda: y.unsqueeze(0), lambda: y.diagonal()]:\n    v = mk()\n    z = v * v\n    with torch.no_grad():\n        y.add_(1)\n    print(v.grad_fn.name())\n    try:\n        z.sum().backward()\n    except RuntimeError as e:\n        print(str(e)[:190])\n'


def test_views_regenerated_after_a_no_grad_write():
    assert run(REGENERATED_VIEWS) == 'one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3, 1]], which is output 0 of AsStrided, is at version 2; expected version 1 instead.\nAsStridedBackward0\none of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]], which is output 0 of AsStrided, is at version 1; expected version 0 i\nAsStridedBackward0\none of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2, 2]], which is output 0 of AsStrided, is at version 2; expected version \nAsStridedBackward0\none of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [6]], which is output 0 of AsStrided, is at version 3; expected version 2 i\nAsStridedBackward0\none of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3, 2]], which is output 0 of AsStrided, is at version 4; expected version \nAsStridedBackward0\none of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [1, 2, 3]], which is output 0 of AsStrided, is at version 5; expected versi\nAsStridedBackward0\none of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2]], which is output 0 of AsStrided, is at version 6; expected version 5 i\n'


# nn.functional.softmax/log_softmax take _stacklevel third and dtype fourth (torch.softmax
# takes dtype third)
FUNCTIONAL_SOFTMAX = 'F = torch.nn.functional\nx = torch.tensor([[1., 2., 3.], [0.5, 0.1, 2.]])\nfor f in [lambda: F.softmax(x, 1, 3), lambda: F.softmax(x, 1, 3, torch.float64), lambda: F.log_softmax(x, 0, 5), lambda: F.softmin(x, 1, 3), lambda: torch.softmax(x, 1, torch.float64), lambda: x.softmax(1, torch.float64), lambda: torch.softmax(x), lambda: F.softmax(x, dim=1, dtype=torch.float64), lambda: torch.log_softmax(x, 1, torch.float64)]:\n    try: print(f())\n    except Exception as e: print(type(e).__name__, str(e).splitlines()[0])\n'


def test_functional_softmax_arguments():
    assert run(FUNCTIONAL_SOFTMAX) == 'tensor([[0.0900, 0.2447, 0.6652],\n        [0.1625, 0.1090, 0.7285]])\ntensor([[0.0900, 0.2447, 0.6652],\n        [0.1625, 0.1090, 0.7285]], dtype=torch.float64)\ntensor([[-0.4741, -0.1394, -0.3133],\n        [-0.9741, -2.0394, -1.3133]])\ntensor([[0.6652, 0.2447, 0.0900],\n        [0.3683, 0.5495, 0.0822]])\ntensor([[0.0900, 0.2447, 0.6652],\n        [0.1625, 0.1090, 0.7285]], dtype=torch.float64)\ntensor([[0.0900, 0.2447, 0.6652],\n        [0.1625, 0.1090, 0.7285]], dtype=torch.float64)\nTypeError softmax() missing 1 required positional arguments: "dim"\ntensor([[0.0900, 0.2447, 0.6652],\n        [0.1625, 0.1090, 0.7285]], dtype=torch.float64)\ntensor([[-2.4076, -1.4076, -0.4076],\n        [-1.8168, -2.2168, -0.3168]], dtype=torch.float64)\n'


# trapezoid/cumulative_trapezoid of an integer tensor: default-dtype floats, as PyTorch's
# `* 0.5` promotes them (it truncated to int64)
TRAPEZOID_INTS = 'I = torch.tensor([[3, -1, 4], [1, 5, -9]])\nprint(torch.trapezoid(I), torch.cumulative_trapezoid(I), torch.trapz(I, dx=2), torch.trapezoid(I.to(torch.int32), dim=0))\nprint(torch.trapezoid(I, torch.tensor([0., 1., 3.])), torch.cumulative_trapezoid(I, dx=0.5))\nfor f in [lambda: torch.cumulative_trapezoid(I.bool()), lambda: torch.trapezoid(I.bool())]:\n    try: f()\n    except Exception as e: print(type(e).__name__, e)\n'


def test_trapezoid_of_integers():
    assert run(TRAPEZOID_INTS) == 'tensor([2.5000, 1.0000]) tensor([[1.0000, 2.5000],\n        [3.0000, 1.0000]]) tensor([5., 2.]) tensor([ 2.0000,  2.0000, -2.5000])\ntensor([ 4., -1.]) tensor([[0.5000, 1.2500],\n        [1.5000, 0.5000]])\nRuntimeError cumulative_trapezoid: received a bool input for `y`, but bool is not supported\nRuntimeError trapezoid: received a bool input for `y`, but bool is not supported\n'


# layer_norm refuses a float64 input with float32 weights and integer inputs, as ATen's
LAYER_NORM_DTYPES = 'F = torch.nn.functional\nxd = torch.randn(2, 4, 3, dtype=torch.float64)\nfor f in [lambda: torch.nn.LayerNorm(3)(xd), lambda: F.layer_norm(xd, (3,), torch.ones(3)), lambda: F.layer_norm(torch.ones(2, 3, dtype=torch.long), (3,)), lambda: F.layer_norm(xd.float(), (3,), torch.ones(3, dtype=torch.float64)), lambda: F.layer_norm(xd, (3,)).shape, lambda: F.layer_norm(xd, (3,), torch.ones(3, dtype=torch.float64), torch.zeros(3)), lambda: F.layer_norm(torch.ones(0, 3), (3,)).shape]:\n    try: print(f())\n    except Exception as e: print(type(e).__name__, str(e).splitlines()[0])\n'


def test_layer_norm_dtypes():
    out = run(LAYER_NORM_DTYPES)
    assert out == 'RuntimeError mixed dtype (CPU): all inputs must share same datatype.\nRuntimeError mixed dtype (CPU): all inputs must share same datatype.\nNotImplementedError "LayerNormKernelImpl" not implemented for \'Long\'\nRuntimeError mixed dtype (CPU): expect parameter to have scalar type of Float\ntorch.Size([2, 4, 3])\nRuntimeError expected scalar type Double but found Float\ntorch.Size([0, 3])\n'


def test_kl_div_refuses_integers():
    out = run("F = torch.nn.functional\nfor a, b in [(torch.ones(2, dtype=torch.long), "
              "torch.ones(2)), (torch.ones(2), torch.ones(2, dtype=torch.long))]:\n"
              "    try:\n        F.kl_div(a, b, reduction='sum')\n"
              "    except RuntimeError as e:\n        print(e)\n")
    assert out == "kl_div: Integral inputs not supported.\n" * 2


# in-place results written into a narrower integer tensor wrap around as PyTorch's canCast
# allows (u8 += int64 tensor); only float into integral, complex into real and anything
# into bool are refused
NARROWING_WRITES = 'u = torch.tensor([10, 20], dtype=torch.uint8)\nu += torch.tensor([1, 2])\nprint(u)\nprint(torch.tensor([10, 20], dtype=torch.uint8).mul_(torch.tensor([-1, 2])))\nprint(torch.add(u, torch.tensor([1, 2]), out=torch.empty(2, dtype=torch.uint8)))\nprint(torch.tensor([1], dtype=torch.uint8).add_(torch.tensor([1], dtype=torch.int8)))\nfor f in [lambda: torch.tensor([1], dtype=torch.int8).add_(torch.tensor([1.5])), lambda: torch.tensor([True]).add_(torch.tensor([1])), lambda: torch.tensor([300], dtype=torch.int16).to(torch.uint8), lambda: torch.tensor([1, 2], dtype=torch.int32).sub_(torch.tensor([5, 5], dtype=torch.int64))]:\n    try: print(f())\n    except Exception as e: print(type(e).__name__, e)\n'


def test_in_place_writes_into_uint8():
    assert run(NARROWING_WRITES) == "tensor([11, 22], dtype=torch.uint8)\ntensor([246,  40], dtype=torch.uint8)\ntensor([12, 24], dtype=torch.uint8)\ntensor([2], dtype=torch.uint8)\nRuntimeError result type Float can't be cast to the desired output type Char\nRuntimeError result type Long can't be cast to the desired output type Bool\ntensor([44], dtype=torch.uint8)\ntensor([-4, -3], dtype=torch.int32)\n"


# std_mean/var_mean's gradient is ATen's std_mean_backward: an output nothing uses passes
# nothing, std's part is 0 where std is 0 (it was nan for a constant input)
STD_MEAN = 'x = torch.ones(3, requires_grad=True)\ns, m = torch.std_mean(x)\nprint(torch.autograd.grad(m, x), torch.autograd.grad(torch.std_mean(x)[0], x))\nprint(torch.autograd.grad(torch.std_mean(x.unsqueeze(0), 1)[0].sum(), x))\ny = torch.tensor([[1.0, 2.0, 4.0], [0.5, -1.0, 3.0]], requires_grad=True)\nfor f in [lambda: torch.std_mean(y), lambda: torch.std_mean(y, 1), lambda: torch.var_mean(y, 0, keepdim=True), lambda: torch.std_mean(y, 1, correction=0), lambda: torch.var_mean(y), lambda: torch.std_mean(y[:, :1], 1, correction=1)]:\n    a, b = f()\n    g = torch.autograd.grad((a * 1.5 + b * 0.7).sum(), y)[0]\n    print(a, b, g)\n    print(torch.autograd.grad(f()[0].sum(), y)[0], torch.autograd.grad(f()[1].sum(), y)[0])\ng, = torch.autograd.grad(torch.std_mean(y, 1)[0].sum(), y, create_graph=True)\nprint(g, torch.autograd.grad(g.sum(), y))\n'


def test_std_mean_gradients():
    out = run(STD_MEAN)
    assert _printed(out) == '(tensor([0.3333, 0.3333, 0.3333]),) (tensor([0., 0., 0.]),)\n(tensor([0., 0., 0.]),)\ntensor(1.8005, grad_fn=<StdMeanBackward0>) tensor(1.5833, grad_fn=<StdMeanBackward0>) tensor([[ 0.0195,  0.1861,  0.5193],\n        [-0.0638, -0.3138,  0.3527]])\ntensor([[-0.0648,  0.0463,  0.2684],\n        [-0.1203, -0.2870,  0.1574]]) tensor([[0.1667, 0.1667, 0.1667],\n        [0.1667, 0.1667, 0.1667]])\ntensor([1.5275, 2.0207], grad_fn=<StdMeanBackward0>) tensor([2.3333, 0.8333], grad_fn=<StdMeanBackward0>) tensor([[-0.4213,  0.0697,  1.0517],\n        [ 0.1096, -0.4471,  1.0375]])\ntensor([[-0.4364, -0.1091,  0.5455],\n        [-0.0825, -0.4536,  0.5361]]) tensor([[0.3333, 0.3333, 0.3333],\n        [0.3333, 0.3333, 0.3333]])\ntensor([[0.1250, 4.5000, 0.5000]], grad_fn=<VarMeanBackward0>) tensor([[0.7500, 0.5000, 3.5000]], grad_fn=<VarMeanBackward0>) tensor([[ 1.1000,  4.8500,  1.8500],\n        [-0.4000, -4.1500, -1.1500]])\ntensor([[ 0.5000,  3.0000,  1.0000],\n        [-0.5000, -3.0000, -1.0000]]) tensor([[0.5000, 0.5000, 0.5000],\n        [0.5000, 0.5000, 0.5000]])\ntensor([1.2472, 1.6499], grad_fn=<StdMeanBackward0>) tensor([2.3333, 0.8333], grad_fn=<StdMeanBackward0>) tensor([[-0.3012,  0.0997,  0.9015],\n        [ 0.1323, -0.3223,  0.8899]])\ntensor([[-0.3563, -0.0891,  0.4454],\n        [-0.0673, -0.3704,  0.4377]]) tensor([[0.3333, 0.3333, 0.3333],\n        [0.3333, 0.3333, 0.3333]])\ntensor(3.2417, grad_fn=<VarMeanBackward0>) tensor(1.5833, grad_fn=<VarMeanBackward0>) tensor([[-0.2333,  0.3667,  1.5667],\n        [-0.5333, -1.4333,  0.9667]])\ntensor([[-0.2333,  0.1667,  0.9667],\n        [-0.4333, -1.0333,  0.5667]]) tensor([[0.1667, 0.1667, 0.1667],\n        [0.1667, 0.1667, 0.1667]])\ntensor([nan, nan], grad_fn=<StdMeanBackward0>) tensor([1.0000, 0.5000], grad_fn=<StdMeanBackward0>) tensor([[nan, 0., 0.],\n        [nan, 0., 0.]])\ntensor([[nan, 0., 0.],\n        [nan, 0., 0.]]) tensor([[1., 0., 0.],\n        [1., 0., 0.]])\ntensor([[-0.4364, -0.1091,  0.5455],\n        [-0.0825, -0.4536,  0.5361]], grad_fn=<MulBackward0>) (tensor([[ 2.2297e-08,  5.5743e-09, -2.7872e-08],\n        [ 2.4079e-09,  1.3243e-08, -1.5651e-08]]),)\n'


# dropout2d of a 3-D input drops per (N, C), as PyTorch 2.13 still reads it (with its
# warning; it dropped per dim-0 channel, shifting the random stream)
DROPOUT2D = 'F = torch.nn.functional\ntorch.manual_seed(0)\nprint(F.dropout2d(torch.ones(2, 3, 1), 0.5).view(-1).tolist(), torch.rand(1).item())\nprint(F.dropout2d(torch.ones(2, 3, 2, 2), 0.5).sum().item(), torch.rand(1).item())\nprint(F.dropout2d(torch.ones(4, 3), 0.5).tolist(), torch.rand(1).item())\nprint(F.dropout3d(torch.ones(2, 3, 2, 2), 0.5).sum().item(), torch.rand(1).item())\nprint(torch.nn.Dropout2d(0.3)(torch.ones(2, 4, 3)).sum().item())\n'


def test_dropout2d_of_a_3d_input():
    out = run(DROPOUT2D)
    assert out.count("!W UserWarning: dropout") == 3
    assert _printed(out) == '[0.0, 0.0, 2.0, 0.0, 0.0, 0.0] 0.022325754165649414\n40.0 0.5529070496559143\n[[0.0, 2.0, 2.0], [2.0, 2.0, 0.0], [0.0, 2.0, 0.0], [2.0, 0.0, 2.0]] 0.8197803497314453\n0.0 0.2055988311767578\n21.428571701049805\n'


# mse/smooth_l1/huber gradients in ATen's kernels' order, norm * slope * g (a weighted or
# scaled loss rounded differently in float32: (g / N) * slope * 2)
LOSS_GRADIENT_ORDER = 'F = torch.nn.functional\ntorch.set_printoptions(precision=10); torch.manual_seed(1)\nfor dt in [torch.float32, torch.float64]:\n    a = torch.randn(3, 4, dtype=dt, requires_grad=True); w = torch.randn(3, 4, dtype=dt)\n    for f in [lambda: 0.3 * F.mse_loss(a, w), lambda: 0.3 * F.smooth_l1_loss(a, w), lambda: 0.3 * F.huber_loss(a * 3, w), lambda: 0.7 * F.mse_loss(a, w, reduction="sum"), lambda: (F.mse_loss(a, w, reduction="none") * torch.linspace(0.1, 2, 12, dtype=dt).reshape(3, 4)).sum(), lambda: 0.3 * F.smooth_l1_loss(a, w, beta=0.5), lambda: F.mse_loss(a, w), lambda: 1.7 * F.l1_loss(a, w)]:\n        a.grad = None\n        f().backward()\n        print(a.grad[0].tolist())\n'


def test_loss_gradients_with_a_scaled_upstream():
    from gradcli.printing import set_printoptions
    try:
        out = run(LOSS_GRADIENT_ORDER)
    finally:
        set_printoptions(profile="default")     # the program sets precision=10
    assert out == '[0.04284308850765228, 0.061628006398677826, -0.01803690381348133, 0.017700018361210823]\n[0.02142154425382614, 0.02500000223517418, -0.009018451906740665, 0.008850009180605412]\n[0.07500000298023224, 0.07500000298023224, -0.017803767696022987, 0.07500000298023224]\n[1.1996064186096191, 1.7255840301513672, -0.5050333142280579, 0.49560046195983887]\n[0.17137233912944794, 0.6723055243492126, -0.32138481736183167, 0.4376731514930725]\n[0.02500000223517418, 0.02500000223517418, -0.01803690381348133, 0.017700018361210823]\n[0.14281028509140015, 0.2054266780614853, -0.060123011469841, 0.059000056236982346]\n[0.14166666567325592, 0.14166666567325592, -0.14166666567325592, 0.14166666567325592]\n[-0.02527573677424268, -0.011571873098395859, 0.10909746018611047, 0.11459913142899233]\n[-0.01263786838712134, -0.0057859365491979295, 0.024999999999999998, 0.024999999999999998]\n[0.010911626192269349, -0.075, 0.075, 0.075]\n[-0.707720629678795, -0.324012446755084, 3.054728885211093, 3.2087756800117853]\n[-0.10110294709697072, -0.1262386156188639, 1.9439183814979686, 2.833723977153265]\n[-0.024999999999999998, -0.011571873098395859, 0.024999999999999998, 0.024999999999999998]\n[-0.08425245591414227, -0.038572910327986196, 0.36365820062036824, 0.3819971047633078]\n[-0.14166666666666666, -0.14166666666666666, 0.14166666666666666, 0.14166666666666666]\n'


# addcmul/addcdiv gradients as derivatives.yaml writes them, g * (b * value) and
# g * (value / b) with a true division (they computed (g * value) * b, (g * value) / b)
ADDC_GRADIENTS = 'torch.manual_seed(2); a = torch.randn(256, requires_grad=True); b = torch.randn(256).abs() + 0.5\nc = torch.randn(256, requires_grad=True); g = torch.randn(256)\ntorch.addcmul(c, a, b, value=0.3).backward(g); print(a.grad.sum().item())\na.grad = None; torch.addcdiv(c, a, b, value=0.3).backward(g); print(a.grad.sum().item())\na.grad = None; torch.addcdiv(c, a, b).backward(g); print(a.grad.sum().item())\nbb = (a.detach().abs() + 0.5).requires_grad_()\ntorch.addcdiv(c, b, bb, value=0.3).backward(g); print(bb.grad.sum().item())\nbb.grad = None; torch.addcmul(c, b, bb).backward(g); print(bb.grad.sum().item(), c.grad.sum().item())\n'


def test_addcmul_addcdiv_gradients():
    assert run(ADDC_GRADIENTS) == '4.768980503082275\n5.02994441986084\n16.7664852142334\n3.4509429931640625\n15.896604537963867 87.13136291503906\n'


def test_x_T_warns_once_per_run():
    """the `x.T` deprecation is PyTorch's TORCH_WARN_ONCE: one warning, not one per line"""
    out = run("a = torch.ones(2, 2, 2)\nfor i in range(2):\n    b = a.T\nc = a.T\nprint(c.shape)")
    assert out.count("The use of `x.T` on tensors of dimension other than 2") == 1
    assert out.endswith("torch.Size([2, 2, 2])\n")


# where's condition and cummax's indices are released after a backward, as PyTorch frees
# them: a second backward raises (it ran and added the gradient again); _saved_condition
SECOND_BACKWARD = 'x = torch.ones(2, 3, requires_grad=True)\nfor f in [lambda: torch.where(x > 0, x, 0.).sum(), lambda: x.cummax(1)[0].sum(), lambda: torch.zeros(3, 3).index_put((torch.tensor([0, 1]),), x, accumulate=True).sum()]:\n    y = f()\n    y.backward()\n    try:\n        y.backward()\n        print("ok", x.grad)\n    except RuntimeError as e:\n        print(str(e)[:60])\ny = torch.where(x > 0, x, 0.)\nprint(y.grad_fn._saved_condition)\ny.sum().backward(retain_graph=True); y.sum().backward(); print(x.grad)\n'


def test_second_backward_through_where_and_cummax():
    assert run(SECOND_BACKWARD) == 'Trying to backward through the graph a second time (or direc\nTrying to backward through the graph a second time (or direc\nTrying to backward through the graph a second time (or direc\ntensor([[True, True, True],\n        [True, True, True]])\ntensor([[5., 5., 5.],\n        [5., 5., 5.]])\n'


# torch.cat with a legacy empty tensor: skipped for the shapes, its dtype counted (the
# accumulate-in-a-loop pattern gives floats)
CAT_EMPTY = 'acc = torch.tensor([])\nprint(torch.cat([acc, torch.tensor([1, 2])]))\nprint(torch.cat([torch.tensor([1, 2]), acc]))\nprint(torch.cat([acc, torch.tensor([[1, 2]])]))\nprint(torch.cat([acc, torch.tensor([True])]))\nprint(torch.cat([torch.tensor([], dtype=torch.float64), torch.tensor([1.])]))\nx = torch.tensor([1., 2.], requires_grad=True)\ny = torch.cat([acc, x * 2])\nprint(y, y.grad_fn.name())\n'


def test_cat_with_a_legacy_empty_tensor():
    assert run(CAT_EMPTY) == 'tensor([1., 2.])\ntensor([1., 2.])\ntensor([[1., 2.]])\ntensor([1.])\ntensor([1.], dtype=torch.float64)\ntensor([2., 4.], grad_fn=<CatBackward0>) CatBackward0\n'
