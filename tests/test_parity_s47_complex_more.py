"""Found in session 47 (complex and half-precision leftovers of a fuzz run). Each expected
output is what torch 2.13 printed (format of test_autograd_parity4).

rsub-complex: rsub's gradients of complex operands (RsubBackward0 of two tensors,
RsubBackward1 of a number), and sub's and rsub's alpha as PyTorch applies it,
`maybe_multiply(-grad, alpha.conj())`: a complex alpha conjugated, the zeros' signs of a
complex product, a NegBackward0 under the MulBackward1 of a double backward; gradcheck and
gradgradcheck of complex rsub.

mul-zero-signs: a complex tensor times (or divided by) a complex constant of zero imaginary
parts (a tensor or a Python complex) takes PyTorch's `grad * other.conj()`: the conjugate's
-0 imaginary parts give the gradient's zeros their signs.

fill-overflow: full, new_full and fill_ of a number past float16's or bfloat16's range give
inf into one element (ATen's scalar_fill) and refuse it for any other count (new_full's
int too, and its tensor value, read as a Scalar); fill_ of a tensor value never refuses.

arange-size: a floating arange counts its elements as ATen does, in double (the int bounds
made doubles first: 2**62 to 2**62+1 is empty); int64's stays exact.

acos-complex128: complex128 acos is ATen's vectorised pi/2 - asin(x), part by part (a real
point's imaginary part +0, last bits as torch's); complex64's stays std::acos (-0).

lerp-checks: lerp and lerp_ check in PyTorch's order: the dtypes, the operands' shapes,
lerp_'s output shape and result type, then the kernel's dtype (an int64 self with an end of
the wrong shape is a size error); a 0-d weight takes part in type promotion (a float weight
makes int ends float, a complex one float ends complex; lerp_ refuses those)."""
from __future__ import annotations

from test_autograd_parity4 import printed_programs

RSUB_COMPLEX = [
    ('a = torch.tensor([1+2j], requires_grad=True)\ntorch.rsub(a, torch.tensor([3+1j])).abs().sum().backward()\nprint(a.grad)\nb = torch.tensor([1-1j], requires_grad=True)\nc = torch.tensor([2+0.5j], requires_grad=True)\ntorch.rsub(b, c, alpha=2).abs().sum().backward()\nprint(b.grad, c.grad)\nd = torch.tensor([1+2j], requires_grad=True)\ny = torch.rsub(d, 2.5)\nprint(y.grad_fn.name())\ny.abs().sum().backward()\nprint(d.grad)\n',
     'tensor([-0.8944+0.4472j])\ntensor([0.-2.j]) tensor([0.+1.j])\nRsubBackward1\ntensor([-0.6000+0.8000j])\n'),
    ('a = torch.tensor([1+2j, -1j], requires_grad=True)\nb = torch.tensor([3+1j, 2.0], requires_grad=True)\ntorch.rsub(a, b, alpha=1j).abs().sum().backward()\nprint(a.grad, b.grad)\na.grad = b.grad = None\ntorch.sub(a, b, alpha=1j).abs().sum().backward()\nprint(a.grad, b.grad)\nr = torch.tensor([1.0, -2.0], requires_grad=True)\ntorch.rsub(r, b).abs().sum().backward()\nprint(r.grad, b.grad)\nr.grad = None\ntorch.rsub(a, r, alpha=2).abs().sum().backward()\nprint(r.grad, a.grad)\na.grad = None\ntorch.rsub(a, 3-1j, alpha=1j).abs().sum().backward()\nprint(a.grad)\na.grad = None\ntorch.rsub(a, 3, alpha=1j).abs().sum().backward()\nprint(a.grad)\n',
     'tensor([-0.+1.j, -0.+1.j]) tensor([1.+0.j, 1.+0.j])\ntensor([0.8944-0.4472j, 0.0000-1.0000j]) tensor([0.4472+0.8944j, 1.0000+0.0000j])\ntensor([-0.8944, -1.0000]) tensor([1.3416+1.3416j, 2.0000+0.0000j])\ntensor([-0.2425, -0.7071]) tensor([1.3795+1.4931j, 1.4142-2.4142j])\ntensor([0.3714+0.9285j, 0.4472+0.8944j])\ntensor([0.1961+0.9806j, -0.0000+1.0000j])\n'),
    ('a = torch.tensor([1+2j, -1j], dtype=torch.complex128, requires_grad=True)\nb = torch.tensor([3+1j, 2.0], dtype=torch.complex128, requires_grad=True)\ny = torch.rsub(a, b, alpha=2)\ng, = torch.autograd.grad(y.abs().sum(), a, create_graph=True)\nprint(g, g.grad_fn.name())\ng2, = torch.autograd.grad(g.abs().sum(), b)\nprint(g2)\nprint(torch.autograd.gradcheck(lambda a, b: torch.rsub(a, b, alpha=2), (a, b)))\nprint(torch.autograd.gradgradcheck(lambda a, b: torch.rsub(a, b, alpha=2), (a, b)))\nprint(torch.autograd.gradcheck(lambda a: torch.rsub(a, 2+1j, alpha=1j), (a,)))\n',
     'tensor([-0.6325+1.8974j, -1.4142-1.4142j], dtype=torch.complex128,\n       grad_fn=<MulBackward1>) MulBackward1\ntensor([1.7554e-17-3.5108e-17j, 3.9252e-17+3.9252e-17j],\n       dtype=torch.complex128)\nTrue\nTrue\nTrue\n'),
    ('a=torch.tensor([1.,2.],requires_grad=True); b=torch.tensor([1.,2.],requires_grad=True)\ny=torch.sub(a,b,alpha=2); g,=torch.autograd.grad(y,b,torch.ones(2,requires_grad=True),create_graph=True); print(g.grad_fn.name(), g.grad_fn.next_functions[0][0].name())\ny=torch.rsub(a,2.,alpha=2); g,=torch.autograd.grad(y,a,torch.ones(2,requires_grad=True),create_graph=True); print(g.grad_fn.name(), g.grad_fn.next_functions[0][0].name())\ny=torch.rsub(a,b,alpha=2); g,=torch.autograd.grad(y,a,torch.ones(2,requires_grad=True),create_graph=True); print(g.grad_fn.name(), g.grad_fn.next_functions[0][0].name())\n',
     'MulBackward1 NegBackward0\nMulBackward1 NegBackward0\nMulBackward1 NegBackward0\n'),
]

MUL_ZERO_SIGNS = [
    ('a = torch.tensor([1+0j, -1j, 0j, -0j], requires_grad=True)\ng = torch.tensor([1j, -1+0j, -0j, 1-0j])\nfor b in (torch.tensor(2+0j), torch.tensor([0j, -0j, -1+0j, -0j]), 3+0j, -0j):\n    print(torch.autograd.grad(a * b, a, g)[0], torch.autograd.grad(b * a, a, g)[0])\n    print(torch.autograd.grad(a / b, a, g)[0])\n',
     'tensor([ 0.+2.j, -2.+0.j, -0.+0.j,  2.+0.j]) tensor([ 0.+2.j, -2.+0.j, -0.+0.j,  2.+0.j])\ntensor([ 0.0000+0.5000j, -0.5000+0.0000j,  0.0000-0.0000j,  0.5000+0.0000j])\ntensor([0.+0.j, 0.-0.j, 0.+0.j, -0.+0.j]) tensor([0.+0.j, 0.-0.j, 0.+0.j, -0.+0.j])\ntensor([nan+infj, -inf+nanj, 0.-0.j, inf+nanj])\ntensor([ 0.+3.j, -3.+0.j, -0.+0.j,  3.+0.j]) tensor([ 0.+3.j, -3.+0.j, -0.+0.j,  3.+0.j])\ntensor([ 0.0000+0.3333j, -0.3333+0.0000j,  0.0000-0.0000j,  0.3333+0.0000j])\ntensor([-0.+0.j, 0.-0.j, 0.+0.j, -0.+0.j]) tensor([-0.+0.j, 0.-0.j, 0.+0.j, -0.+0.j])\ntensor([nan+infj, -inf+nanj, nan+nanj, inf+nanj])\n'),
]

FILL_OVERFLOW = [
    ('print(torch.zeros(2, dtype=torch.float16).new_full((1,), 10**6))\nprint(torch.zeros(2, dtype=torch.bfloat16).new_full((), 1e300), torch.full((1, 1), -1e5, dtype=torch.float16))\nprint(torch.zeros(1, dtype=torch.float16).fill_(65519.0), torch.full((1,), 65520.0, dtype=torch.float16))\nfor f in (lambda: torch.zeros(1, dtype=torch.float16).new_full((2,), 10**6), lambda: torch.zeros(1, dtype=torch.float16).new_full((3,), torch.tensor(1e5)),\n          lambda: torch.full((1,), 1e300, dtype=torch.float32), lambda: torch.zeros(0, dtype=torch.float16).fill_(1e5)):\n    try:\n        print(f())\n    except RuntimeError as e:\n        print(e)\nprint(torch.zeros(1, dtype=torch.float16).new_full((1,), torch.tensor(1e5)), torch.zeros(3, dtype=torch.float16).fill_(torch.tensor(1e5)))\n',
     'tensor([inf], dtype=torch.float16)\ntensor(inf, dtype=torch.bfloat16) tensor([[-inf]], dtype=torch.float16)\ntensor([65504.], dtype=torch.float16) tensor([inf], dtype=torch.float16)\nvalue cannot be converted to type c10::Half without overflow\nvalue cannot be converted to type c10::Half without overflow\nvalue cannot be converted to type float without overflow\nvalue cannot be converted to type c10::Half without overflow\ntensor([inf], dtype=torch.float16) tensor([inf, inf, inf], dtype=torch.float16)\n'),
]

ARANGE_SIZE = [
    ('print(torch.arange(2**62, 2**62+1, dtype=torch.float16), torch.arange(2**62, 2**62+1, dtype=torch.bfloat16))\nprint(torch.arange(2**62, 2**62+1, dtype=torch.float32), torch.arange(2**62, 2**62+1, dtype=torch.float64))\nprint(torch.arange(2**53, 2**53+1, 0.5, dtype=torch.float64), torch.arange(2**62, 2**62+1))\nprint(torch.arange(2**62 + 1, 2**62, -1, dtype=torch.float16), torch.arange(0, 70000, 30000, dtype=torch.float16))\n',
     'tensor([], dtype=torch.float16) tensor([], dtype=torch.bfloat16)\ntensor([]) tensor([], dtype=torch.float64)\ntensor([], dtype=torch.float64) tensor([4611686018427387904])\ntensor([], dtype=torch.float16) tensor([    0., 30000., 60000.], dtype=torch.float16)\n'),
]

ACOS_COMPLEX128 = [
    ('x = torch.tensor([-0.5+0j, -0.5-0j, 2-0j, 0j, 0.3+0.7j, -1.9-0.2j], dtype=torch.complex128)\nprint(torch.acos(x), torch.acos(x[3]), torch.acos(x[:1].clone()))\nprint(torch.acos(x).tolist())\nprint(x.clone().acos_().imag.tolist(), torch.acos(x.to(torch.complex64)).imag.tolist())\n',
     'tensor([2.0944+0.0000j, 2.0944+0.0000j, 0.0000-1.3170j, 1.5708+0.0000j,\n        1.3251-0.6703j, 3.0188+1.2661j], dtype=torch.complex128) tensor(1.5708+0.j, dtype=torch.complex128) tensor([2.0944+0.j], dtype=torch.complex128)\n[(2.0943951023931957+0j), (2.0943951023931957+0j), -1.3169578969248166j, (1.5707963267948966+0j), (1.3250643206938169-0.6703367429877897j), (3.0187715291004076+1.2660759665577572j)]\n[0.0, 0.0, -1.3169578969248166, 0.0, -0.6703367429877897, 1.2660759665577572] [-0.0, -0.0, -1.316957950592041, -0.0, -0.6703367233276367, 1.2660759687423706]\n'),
]

LERP_CHECKS = [
    ('cases = [\n    lambda: torch.tensor([1, 2, 3]).lerp_(torch.tensor([1, 2]), 0.5),\n    lambda: torch.tensor([1, 2, 3]).lerp_(torch.tensor([1, 2, 3]), torch.tensor([1, 2])),\n    lambda: torch.tensor([1]).lerp_(torch.tensor([1, 2, 3]), 0.5),\n    lambda: torch.tensor([1, 2, 3]).lerp_(torch.tensor([1, 2, 3]), 0.5),\n    lambda: torch.lerp(torch.tensor([1, 2, 3]), torch.tensor([1, 2]), 0.5),\n    lambda: torch.lerp(torch.tensor([1, 2, 3]), torch.tensor([1, 2, 3]), torch.tensor([1, 2])),\n    lambda: torch.tensor([1., 2., 3.]).lerp_(torch.tensor([1, 2]), 0.5),\n    lambda: torch.tensor([1, 2, 3]).lerp_(torch.tensor([1., 2.]), 0.5),\n    lambda: torch.tensor([1, 2, 3]).lerp_(torch.tensor([1., 2., 3.]), 0.5),\n    lambda: torch.lerp(torch.tensor([1, 2, 3]), torch.tensor([1., 2.]), 0.5),\n    lambda: torch.tensor([1.]).lerp_(torch.tensor([1., 2., 3.]), 0.5),\n    lambda: torch.tensor([1.]).lerp_(torch.tensor([1., 2., 3.]), torch.tensor([1., 2.])),\n    lambda: torch.tensor([True]).lerp_(torch.tensor([True, False]), 0.5),\n    lambda: torch.tensor([1, 2]).lerp_(torch.tensor([1, 2]), torch.tensor(0.5)),\n    lambda: torch.tensor([1, 2]).lerp_(torch.tensor([1, 2]), torch.tensor([1, 2, 3])),\n    lambda: torch.lerp(torch.tensor([1, 2]), torch.tensor([1, 2]), torch.tensor([1., 2., 3.])),\n    lambda: torch.tensor([1]).lerp_(torch.tensor([1, 2, 3]), torch.tensor([1, 2, 3])),\n]\nfor i, f in enumerate(cases):\n    try:\n        print(i, f())\n    except (RuntimeError, NotImplementedError) as e:\n        print(i, type(e).__name__, e)\n',
     '0 RuntimeError The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0\n1 RuntimeError The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0\n2 RuntimeError output with shape [1] doesn\'t match the broadcast shape [3]\n3 NotImplementedError "lerp_kernel_scalar" not implemented for \'Long\'\n4 RuntimeError The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0\n5 RuntimeError The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0\n6 RuntimeError expected dtype float for `end` but got dtype long int\n7 RuntimeError expected dtype long int for `end` but got dtype float\n8 RuntimeError expected dtype long int for `end` but got dtype float\n9 RuntimeError expected dtype long int for `end` but got dtype float\n10 RuntimeError output with shape [1] doesn\'t match the broadcast shape [3]\n11 RuntimeError The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0\n12 RuntimeError output with shape [1] doesn\'t match the broadcast shape [2]\n13 RuntimeError result type Float can\'t be cast to the desired output type Long\n14 RuntimeError The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0\n15 RuntimeError expected dtype long int for `weight` but got dtype float\n16 RuntimeError output with shape [1] doesn\'t match the broadcast shape [3]\n'),
    ('cases = [\n    lambda: torch.lerp(torch.tensor([1, 2]), torch.tensor([1, 2]), torch.tensor(0.5)),\n    lambda: torch.lerp(torch.tensor([1., 2.]), torch.tensor([1., 3.]), torch.tensor(0.5j)),\n    lambda: torch.lerp(torch.tensor([1., 2.], dtype=torch.float16), torch.tensor([1., 3.], dtype=torch.float16), torch.tensor(0.3, dtype=torch.float64)),\n    lambda: torch.lerp(torch.tensor([1., 2.]), torch.tensor([1., 3.]), torch.tensor(1)),\n    lambda: torch.lerp(torch.tensor([True]), torch.tensor([False]), torch.tensor(0.5)),\n    lambda: torch.tensor([1., 2.]).lerp_(torch.tensor([1., 3.]), torch.tensor(0.5j)),\n    lambda: torch.tensor([1, 2]).lerp_(torch.tensor([1, 2]), torch.tensor(0.5)),\n    lambda: torch.tensor([1, 2], dtype=torch.int32).lerp_(torch.tensor([1, 2], dtype=torch.int32), torch.tensor(1)),\n]\nfor i, f in enumerate(cases):\n    try:\n        print(i, f())\n    except (RuntimeError, NotImplementedError) as e:\n        print(i, type(e).__name__, e)\n',
     '0 tensor([1., 2.])\n1 tensor([1.+0.0000j, 2.+0.5000j])\n2 tensor([1.0000, 2.3008], dtype=torch.float16)\n3 tensor([1., 3.])\n4 tensor([0.5000])\n5 RuntimeError result type ComplexFloat can\'t be cast to the desired output type Float\n6 RuntimeError result type Float can\'t be cast to the desired output type Long\n7 NotImplementedError "lerp_kernel_tensor" not implemented for \'Int\'\n'),
]

PROGRAMS = {"rsub-complex": RSUB_COMPLEX, "mul-zero-signs": MUL_ZERO_SIGNS,
            "fill-overflow": FILL_OVERFLOW, "arange-size": ARANGE_SIZE,
            "acos-complex128": ACOS_COMPLEX128, "lerp-checks": LERP_CHECKS}

test_prints_what_pytorch_printed = printed_programs(PROGRAMS)
