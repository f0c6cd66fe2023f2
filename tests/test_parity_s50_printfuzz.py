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
"""
from test_autograd_parity4 import printed_programs

PROGRAMS = {
    "make_dual_overlap": [
        ('fwAD = torch.autograd.forward_ad\nx = torch.tensor([[1., 2.]]).expand(3, 2)\nwith fwAD.dual_level():\n    print(fwAD.make_dual(x, x))\n    print(fwAD.make_dual(torch.tensor([1.]).expand(1, 1), torch.ones(1, 1)))\n    print(fwAD.make_dual(torch.tensor([1.]).expand(0, 1), torch.ones(0, 1)))\n    try:\n        fwAD.make_dual(x, torch.ones(3, 2))\n    except RuntimeError as e:\n        print(e)\n    print(fwAD.make_dual(x, torch.ones(2).expand(3, 2)))\n',
         'tensor([[1., 2.],\n        [1., 2.],\n        [1., 2.]],\n       tangent=tensor([[1., 2.],\n        [1., 2.],\n        [1., 2.]]))\ntensor([[1.]], tangent=tensor([[1.]]))\ntensor([], size=(0, 1), tangent=tensor([], size=(0, 1)))\nunsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.\ntensor([[1., 2.],\n        [1., 2.],\n        [1., 2.]],\n       tangent=tensor([[1., 1.],\n        [1., 1.],\n        [1., 1.]]))\n'),
        ('fwAD = torch.autograd.forward_ad\nt = torch.tensor([complex(-4e-06, 601.071446)], dtype=torch.complex64).expand(2, 1)\nwith fwAD.dual_level():\n    print(fwAD.make_dual(t, t * 0))\n',
         '!! RuntimeError: unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ],
}

test_programs = printed_programs(PROGRAMS)
