"""Found in session 50 by tools/print_fuzz.py (a differential fuzzer of printing: random
tensors of every dtype, shape, value class and print option, shown by print/str/repr/format/
tolist/item, in containers, as Parameters, subclasses and dual tensors). Each expected output
is what torch 2.13 printed (format of test_autograd_parity4; the DeprecationWarnings torch's
own import of forward_ad raises are left out).

make_dual_overlap: make_dual copies a tangent whose layout differs from the primal's into the
primal's layout with copy_, which PyTorch refuses for a primal whose elements share memory (an
expanded one): "unsupported operation: more than one element of the written-to tensor refers
to a single memory location ...". gradcli printed a dual tensor. A tangent with the primal's
own layout (the same expanded memory) is kept as it is, with no error.

grad_tracking: inside a grad-style transform (grad, grad_and_value, vjp, jacrev) PyTorch
prints a tensor of the level as "GradTrackingTensor(lvl=1, value=" with the value the level
below sees, indented four spaces, and ")": an argument's copy shows the argument itself
(requires_grad=True or its grad_fn when it has a history outside), a result computed from the
arguments shows a grad_fn only when it reaches a tensor outside that requires grad. gradcli
printed such tensors as plain ones with the level's own history (requires_grad=True,
grad_fn=<MulBackward0>). Shapes, dtypes and tolist() stay plain; the blank lines between
the blocks of a 3-d value stay blank (not indented).
"""
from test_autograd_parity4 import printed_programs

PROGRAMS = {
    "make_dual_overlap": [
        ('fwAD = torch.autograd.forward_ad\nx = torch.tensor([[1., 2.]]).expand(3, 2)\nwith fwAD.dual_level():\n    print(fwAD.make_dual(x, x))\n    print(fwAD.make_dual(torch.tensor([1.]).expand(1, 1), torch.ones(1, 1)))\n    print(fwAD.make_dual(torch.tensor([1.]).expand(0, 1), torch.ones(0, 1)))\n    try:\n        fwAD.make_dual(x, torch.ones(3, 2))\n    except RuntimeError as e:\n        print(e)\n    print(fwAD.make_dual(x, torch.ones(2).expand(3, 2)))\n',
         'tensor([[1., 2.],\n        [1., 2.],\n        [1., 2.]],\n       tangent=tensor([[1., 2.],\n        [1., 2.],\n        [1., 2.]]))\ntensor([[1.]], tangent=tensor([[1.]]))\ntensor([], size=(0, 1), tangent=tensor([], size=(0, 1)))\nunsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.\ntensor([[1., 2.],\n        [1., 2.],\n        [1., 2.]],\n       tangent=tensor([[1., 1.],\n        [1., 1.],\n        [1., 1.]]))\n'),
        ('fwAD = torch.autograd.forward_ad\nt = torch.tensor([complex(-4e-06, 601.071446)], dtype=torch.complex64).expand(2, 1)\nwith fwAD.dual_level():\n    print(fwAD.make_dual(t, t * 0))\n',
         '!! RuntimeError: unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ],
    "grad_tracking": [
        ('def f(x):\n    print(x)\n    y = x * 2\n    print(y, y.requires_grad)\n    print(repr(x), str(y))\n    print([x], f"{x}")\n    z = y.sum()\n    print(z)\n    print(x.shape, x.dtype, x.tolist())\n    return z\nprint(torch.func.grad(f)(torch.tensor([1., 2.])))\n',
         'GradTrackingTensor(lvl=1, value=\n    tensor([1., 2.])\n)\nGradTrackingTensor(lvl=1, value=\n    tensor([2., 4.])\n) True\nGradTrackingTensor(lvl=1, value=\n    tensor([1., 2.])\n) GradTrackingTensor(lvl=1, value=\n    tensor([2., 4.])\n)\n[GradTrackingTensor(lvl=1, value=\n    tensor([1., 2.])\n)] GradTrackingTensor(lvl=1, value=\n    tensor([1., 2.])\n)\nGradTrackingTensor(lvl=1, value=\n    tensor(6.)\n)\ntorch.Size([2]) torch.float32 [1.0, 2.0]\ntensor([2., 2.])\n'),
        ('x = torch.ones(2, requires_grad=True)\nprint(torch.func.grad(lambda x: (print(x), x.sum())[1])(x))\nprint(torch.func.grad(lambda x: (print(x), x.sum())[1])(x * 2))\nw = torch.tensor([3., 4.], requires_grad=True)\nprint(torch.func.grad(lambda x: (print(x * w), (x * w).sum())[1])(torch.ones(2)))\n',
         'GradTrackingTensor(lvl=1, value=\n    tensor([1., 1.], requires_grad=True)\n)\ntensor([1., 1.])\nGradTrackingTensor(lvl=1, value=\n    tensor([2., 2.], grad_fn=<MulBackward0>)\n)\ntensor([1., 1.])\nGradTrackingTensor(lvl=1, value=\n    tensor([3., 4.], grad_fn=<MulBackward0>)\n)\ntensor([3., 4.], grad_fn=<MulBackward0>)\n'),
        ('print(torch.func.vjp(lambda x: (print(x), x.sin())[1], torch.ones(2))[0])\nprint(torch.func.jacrev(lambda x: (print(x), x.sin())[1])(torch.ones(2)))\nprint(torch.func.grad_and_value(lambda x: (print(x[0], x.t()), x.sum())[1])(torch.ones(2)))\ntorch.set_printoptions(precision=2, linewidth=30)\nprint(torch.func.grad(lambda x: (print(x), x.sum())[1])(torch.arange(12.).reshape(3, 4) / 3))\nprint(torch.func.grad(lambda x: (print(x), x.sum())[1])(torch.tensor([1, 2.], dtype=torch.float64)))\n',
         'GradTrackingTensor(lvl=1, value=\n    tensor([1., 1.])\n)\ntensor([0.8415, 0.8415])\nGradTrackingTensor(lvl=1, value=\n    tensor([1., 1.])\n)\ntensor([[0.5403, 0.0000],\n        [0.0000, 0.5403]])\nGradTrackingTensor(lvl=1, value=\n    tensor(1.)\n) GradTrackingTensor(lvl=1, value=\n    tensor([1., 1.])\n)\n(tensor([1., 1.]), tensor(2.))\nGradTrackingTensor(lvl=1, value=\n    tensor([[0.00, 0.33, 0.67,\n             1.00],\n            [1.33, 1.67, 2.00,\n             2.33],\n            [2.67, 3.00, 3.33,\n             3.67]])\n)\ntensor([[1., 1., 1., 1.],\n        [1., 1., 1., 1.],\n        [1., 1., 1., 1.]])\nGradTrackingTensor(lvl=1, value=\n    tensor([1., 2.],\n           dtype=torch.float64)\n)\ntensor([1., 1.],\n       dtype=torch.float64)\n'),
        ('print(torch.func.grad(lambda u: (print(u), u.sum())[1])(torch.arange(8.).reshape(2, 2, 2) / 3))\n',
         'GradTrackingTensor(lvl=1, value=\n    tensor([[[0.0000, 0.3333],\n             [0.6667, 1.0000]],\n\n            [[1.3333, 1.6667],\n             [2.0000, 2.3333]]])\n)\ntensor([[[1., 1.],\n         [1., 1.]],\n\n        [[1., 1.],\n         [1., 1.]]])\n'),
    ],
}

test_programs = printed_programs(PROGRAMS)
