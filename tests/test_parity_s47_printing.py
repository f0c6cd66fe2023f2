"""Found in session 47 (scan h5: printing and type promotion, fuzzed against torch). Each
expected output is what torch 2.13 printed (format of test_autograd_parity4). The printing
itself (dtypes, shapes, summarization, print options, containers, grad_fn names) matched
torch on every fuzzed program; what differed was in the values and errors behind it:

inplace-result-type: an in-place binary op whose kernel refuses a dtype (remainder_,
floor_divide_ and `//=`/`%=`, fmod_, atan2_, copysign_, hypot_, xlogy_, gcd_, nextafter_,
div_ with a rounding_mode, bitwise_*_) checks as PyTorch's TensorIterator does, in its
order: the leaf, the operand's shape against self's, then the result type self must hold
(atan2_/copysign_/xlogy_ compute in float for integers), before the kernel's
'"remainder_cpu" not implemented for ...'.

scalar-conversion: a number written into a tensor is converted as c10 converts it: a
complex into float16/bfloat16 by `x[i] = v` is read as a double first (the error names
double); complex64 takes a number only within float's range, either part
(c10::complex<float>: fill_, full, x[i] = v, masked_fill, index_fill); index_fill refuses a
complex Scalar (or 0-d complex tensor) for a real tensor, and converts the value before it
checks the indices; masked_fill's 0-d complex value with an imaginary part overflows a real
tensor.

complex-add: complex add and sub compute a + alpha*b (sub with -alpha) as ATen does, the
product a complex one even for alpha 1: an inf or nan part of b makes its other part nan
(`z + inf` is inf+nanj, `z + nan` nan+nanj), and zeros take the product's signs
(`-0.0 - (-1j)` is 0.+1.j); tensor and number operands, in-place and rsub alike.

clamp-kernels: clamp's errors as its kernels give them: a bool tensor clamped by bool
numbers names clamp_min_scalar_cpu / clamp_max_scalar_cpu for one bound; tensor bounds both
bool, or promoting to complex, name clamp_cpu (min alone maximum_cpu, max alone
minimum_cpu); a complex number bound of an integral tensor, or of clamp_min/clamp_max, is
"clamp is not supported for complex types" (a float tensor's clamp reads it as a double).

half-conversions: an int past 65504 overflows float16 as c10 converts it (full, fill_, pow,
clamp, masked_fill, full_like), though new_full lets it become inf; threshold's threshold
is read in the opmath type (float for float16 and bfloat16; an integer dtype's own), its
value in the dtype; lerp's complex weight of a float16/bfloat16 tensor is read as a float,
a weight of a complex64 tensor as complex<float>.

complex-branch-grads: the complex gradients of acosh, asinh, asin and acos at points on their
branch cuts (signed zero imaginary parts), computed on self and conjugated after, as
PyTorch's formulas do.

ldexp-complex: ldexp of a complex tensor by a float exponent is exact, as PyTorch's
`self * pow(2, other)` takes the power in the exponent's own float dtype."""
from __future__ import annotations

from test_autograd_parity4 import printed_programs

INPLACE_RESULT_TYPE = [
    ('a = torch.tensor([True, False, True])\na //= torch.tensor([2, 3, 1], dtype=torch.complex64)\n',
     "!! RuntimeError: result type ComplexFloat can't be cast to the desired output type Bool\n"),
    ('a = torch.tensor([5, 3, 2])\na.xlogy_(2)\n',
     "!! RuntimeError: result type Float can't be cast to the desired output type Long\n"),
    ('a = torch.tensor([1., 2.], requires_grad=True)\na.copysign_(torch.tensor([1j, 2]))\n',
     '!! RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.\n'),
    ('a = torch.tensor([1., 2.])\na.copysign_(torch.tensor([-1, 2]))\nprint(a)\na.floor_divide_(torch.tensor(0.5))\nprint(a)\n',
     'tensor([-1.,  2.])\ntensor([-2.,  4.])\n'),
    ('a = torch.tensor([5, 3, 2])\na %= 1j\n',
     "!! RuntimeError: result type ComplexFloat can't be cast to the desired output type Long\n"),
    ('a = torch.tensor([5., 3., 2.])\na.fmod_(torch.tensor(1.5j))\n',
     "!! RuntimeError: result type ComplexFloat can't be cast to the desired output type Float\n"),
    ('a = torch.tensor([True, False])\na.atan2_(torch.tensor([2, 3]))\n',
     "!! RuntimeError: result type Float can't be cast to the desired output type Bool\n"),
    ('a = torch.tensor([5, 3, 2], dtype=torch.complex64)\na.remainder_(torch.ones(2, 3))\n',
     "!! RuntimeError: output with shape [3] doesn't match the broadcast shape [2, 3]\n"),
    ('a = torch.tensor([5., 3., 2.], dtype=torch.float16)\na.bitwise_and_(torch.ones(2, 3, dtype=torch.int64))\n',
     "!! RuntimeError: output with shape [3] doesn't match the broadcast shape [2, 3]\n"),
    ('a = torch.tensor([5, 3, 2], dtype=torch.uint8)\na.hypot_(torch.tensor([2, 3]))\n',
     '!! RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0\n'),
    ('a = torch.tensor([1., 2.])\na.div_(torch.tensor([2.5j, 1]), rounding_mode="floor")\n',
     "!! RuntimeError: result type ComplexFloat can't be cast to the desired output type Float\n"),
    ('a = torch.tensor([True, False, True])\na.gcd_(torch.tensor([2.5, 1., 3.]))\n',
     "!! RuntimeError: result type Float can't be cast to the desired output type Bool\n"),
]

SCALAR_CONVERSION = [
    ('t = torch.tensor([1., 2.], dtype=torch.float16)\nt[0] = 1j\n',
     '!! RuntimeError: value cannot be converted to type double without overflow\n'),
    ('x = torch.zeros(2)\nprint(x.masked_fill(torch.tensor([True, False]), torch.tensor(2 + 0j)))\nx.masked_fill(torch.tensor([True, False]), torch.tensor(1j))\n',
     'tensor([2., 0.])\n!! RuntimeError: value cannot be converted to type float without overflow\n'),
    ('x = torch.zeros(2, dtype=torch.float16)\nx.masked_fill(torch.tensor([True, False]), torch.tensor(1j))\n',
     '!! RuntimeError: value cannot be converted to type c10::Half without overflow\n'),
    ('t = torch.tensor([1., 2.], dtype=torch.bfloat16)\nt[1] = 2 + 0j\nprint(t)\nt[0] = 1e300\nprint(t)\nt[0] = 1 - 1j\n',
     'tensor([1., 2.], dtype=torch.bfloat16)\ntensor([inf, 2.], dtype=torch.bfloat16)\n!! RuntimeError: value cannot be converted to type double without overflow\n'),
    ('x = torch.zeros(2)\nx.index_fill_(0, torch.tensor([0]), 1 + 0j)\n',
     '!! RuntimeError: index_fill_(): Converting complex Scalar to non-complex type is not supported\n'),
    ('x = torch.zeros(2, dtype=torch.int64)\nprint(x.index_fill(0, torch.tensor([1]), torch.tensor(2)))\nx.index_fill(0, torch.tensor([5]), torch.tensor(1j))\n',
     'tensor([0, 2])\n!! RuntimeError: index_fill_(): Converting complex Scalar to non-complex type is not supported\n'),
    ('x = torch.zeros(2)\nx.index_fill(0, torch.tensor([5]), 1e300)\n',
     '!! RuntimeError: value cannot be converted to type float without overflow\n'),
    ('x = torch.zeros(2, dtype=torch.complex64)\nprint(x.index_fill(0, torch.tensor([1]), 2j))\nx.fill_(1e300)\n',
     'tensor([0.+0.j, 0.+2.j])\n!! RuntimeError: value cannot be converted to type c10::complex<float> without overflow\n'),
    ('print(torch.full((2,), 1e300, dtype=torch.complex128))\ntorch.full((2,), complex(0, 1e300), dtype=torch.complex64)\n',
     'tensor([1.0000e+300+0.j, 1.0000e+300+0.j], dtype=torch.complex128)\n!! RuntimeError: value cannot be converted to type c10::complex<float> without overflow\n'),
    ('x = torch.zeros(2, dtype=torch.complex64)\nx[0] = 1e300\n',
     '!! RuntimeError: value cannot be converted to type c10::complex<float> without overflow\n'),
    ('x = torch.zeros(2, dtype=torch.complex64)\nx.masked_fill(torch.tensor([True, False]), 1e300)\n',
     '!! RuntimeError: value cannot be converted to type c10::complex<float> without overflow\n'),
]

COMPLEX_ADD = [
    ("a = torch.tensor([5+1j, 3, 2])\nb = torch.tensor([complex(float('nan'), 0), complex(float('inf'), 0), complex(1, float('inf'))])\nprint(a + b)\nprint(b + a)\nprint(a - b)\nprint(torch.add(a, b, alpha=2))\n",
     'tensor([nan+nanj, inf+nanj, nan+infj])\ntensor([nan+1.j, inf+0.j, 3.+infj])\ntensor([nan+nanj, -inf+nanj, nan-infj])\ntensor([nan+nanj, inf+nanj, nan+infj])\n'),
    ("a = torch.tensor([5+1j, 3, 2], dtype=torch.complex128)\nprint(a + float('nan'))\nprint(a - float('inf'))\nprint(float('inf') - a)\nprint(a + torch.tensor([float('nan'), float('inf'), 1]))\n",
     'tensor([nan+nanj, nan+nanj, nan+nanj], dtype=torch.complex128)\ntensor([-inf+nanj, -inf+nanj, -inf+nanj], dtype=torch.complex128)\ntensor([inf-1.j, inf+0.j, inf+0.j], dtype=torch.complex128)\ntensor([nan+nanj, inf+nanj, 3.+0.j], dtype=torch.complex128)\n'),
    ('a = torch.tensor([-0.0, complex(-0.0, 2), 1j])\nb = torch.tensor([-1j, -1j, 0j])\nprint(a - b)\nprint(b - a)\nprint(torch.sub(a, b, alpha=-1))\nprint(torch.rsub(a, b))\nprint(2 - b)\n',
     'tensor([0.+1.j, 0.+3.j, 0.+1.j])\ntensor([0.-1.j, 0.-3.j, 0.-1.j])\ntensor([0.-1.j, 0.+1.j, 0.+1.j])\ntensor([0.-1.j, 0.-3.j, 0.-1.j])\ntensor([2.+1.j, 2.+1.j, 2.+0.j])\n'),
    ("a = torch.tensor([1+0j, 2j])\na.add_(float('inf'))\nprint(a)\nb = torch.tensor([1j, 2], dtype=torch.complex128)\nb -= torch.tensor([complex(0, float('inf')), -0.0], dtype=torch.complex128)\nprint(b)\n",
     'tensor([inf+nanj, inf+nanj])\ntensor([nan-infj, 2.+0.j], dtype=torch.complex128)\n'),
    ("x = torch.tensor([1+2j, complex(float('inf'), 1)], requires_grad=True)\ny = x + torch.tensor([1j, 1])\nprint(y)\ny.abs().sum().backward()\nprint(x.grad)\n",
     'tensor([1.+3.j, inf+1.j], grad_fn=<AddBackward0>)\ntensor([0.3162+0.9487j,    nan+nanj])\n'),
]

CLAMP_KERNELS = [
    ('x = torch.tensor([True, False, True])\nfor f in (lambda: torch.clamp(x, min=True), lambda: torch.clamp(x, max=True), lambda: x.clone().clamp_(max=False), lambda: torch.clamp(x, x, x)):\n    try:\n        f()\n    except NotImplementedError as e:\n        print(e)\nprint(torch.clamp(x, min=x), torch.clamp(x, max=x))\n',
     '"clamp_min_scalar_cpu" not implemented for \'Bool\'\n"clamp_max_scalar_cpu" not implemented for \'Bool\'\n"clamp_max_scalar_cpu" not implemented for \'Bool\'\n"clamp_cpu" not implemented for \'Bool\'\ntensor([ True, False,  True]) tensor([ True, False,  True])\n'),
    ('x = torch.tensor([1, 0, 1])\nb = torch.tensor([1., 1., 0.], dtype=torch.complex64)\nfor f in (lambda: torch.clamp(x, b, b), lambda: torch.clamp(x, min=b), lambda: torch.clamp(x, max=b.double()), lambda: torch.clamp(x, max=1j), lambda: torch.clamp_min(x.float(), 1j)):\n    try:\n        f()\n    except Exception as e:\n        print(type(e).__name__, e)\nprint(torch.clamp(x.float(), 1j, 2))\n',
     'NotImplementedError "clamp_cpu" not implemented for \'ComplexFloat\'\nNotImplementedError "maximum_cpu" not implemented for \'ComplexFloat\'\n!W UserWarning: Casting complex values to real discards the imaginary part (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/Copy.cpp:307.)\nNotImplementedError clamp is not supported for complex types\nNotImplementedError clamp is not supported for complex types\n!! RuntimeError: value cannot be converted to type double without overflow\n'),
]

HALF_CONVERSIONS = [
    ('x = torch.ones(2, dtype=torch.float16)\nprint(torch.full((1,), 65504, dtype=torch.float16), x.new_full((1,), 70000))\nprint(torch.nn.functional.threshold(x, 70000, 0.))\nx.fill_(65505)\n',
     'tensor([65504.], dtype=torch.float16) tensor([inf], dtype=torch.float16)\ntensor([0., 0.], dtype=torch.float16)\n!! RuntimeError: value cannot be converted to type c10::Half without overflow\n'),
    ('x = torch.ones(2, dtype=torch.float16)\nfor f in (lambda: x * 2 ** 62, lambda: x.clamp(max=70000), lambda: x.masked_fill(x > 0, -70000), lambda: torch.full_like(x, 2 ** 20)):\n    try:\n        print(f())\n    except RuntimeError as e:\n        print(e)\n',
     'tensor([inf, inf], dtype=torch.float16)\nvalue cannot be converted to type c10::Half without overflow\nvalue cannot be converted to type c10::Half without overflow\nvalue cannot be converted to type c10::Half without overflow\n'),
    ('for d in (torch.int32, torch.bfloat16):\n    try:\n        torch.nn.functional.threshold(torch.ones(2, dtype=d), 2 ** 40 if d == torch.int32 else 1e39, 0)\n    except RuntimeError as e:\n        print(e)\n',
     'value cannot be converted to type int without overflow\nvalue cannot be converted to type float without overflow\n'),
    ('for d in (torch.float16, torch.bfloat16, torch.complex64):\n    x = torch.ones(2, dtype=d)\n    try:\n        torch.lerp(x, x * 2, 1j if d != torch.complex64 else 1e300)\n    except RuntimeError as e:\n        print(e)\n',
     'value cannot be converted to type float without overflow\nvalue cannot be converted to type float without overflow\nvalue cannot be converted to type c10::complex<float> without overflow\n'),
]

COMPLEX_BRANCH_GRADS = [
    ('z = torch.tensor([-0.5+0j, complex(-0.5, -0.0), -2+0j, complex(-2, -0.0), 2+0j, complex(0.0, 2), complex(-0.0, -2)], dtype=torch.complex128)\nfor f in (torch.acosh, torch.asinh, torch.asin, torch.acos):\n    x = z.clone().requires_grad_()\n    g, = torch.autograd.grad(f(x).real.sum(), x)\n    print(f.__name__, g)\n',
     'acosh tensor([ 0.0000e+00+1.1547j,  0.0000e+00+1.1547j, -5.7735e-01+0.0000j,\n        -5.7735e-01+0.0000j,  5.7735e-01+0.0000j, -3.9960e-18+0.4472j,\n        -3.9960e-18-0.4472j], dtype=torch.complex128)\nasinh tensor([0.8944+0.0000j, 0.8944+0.0000j, 0.4472+0.0000j, 0.4472+0.0000j,\n        0.4472+0.0000j, 0.0000+0.5774j, 0.0000+0.5774j],\n       dtype=torch.complex128)\nasin tensor([1.1547+0.0000j, 1.1547+0.0000j, 0.0000+0.5774j, 0.0000+0.5774j,\n        0.0000+0.5774j, 0.4472+0.0000j, 0.4472+0.0000j],\n       dtype=torch.complex128)\nacos tensor([-1.1547+0.0000j, -1.1547+0.0000j,  0.0000-0.5774j,  0.0000-0.5774j,\n         0.0000-0.5774j, -0.4472+0.0000j, -0.4472+0.0000j],\n       dtype=torch.complex128)\n'),
]

LDEXP_COMPLEX = [
    ('a = torch.tensor([5, 3, 2], dtype=torch.complex128)\nprint(torch.ldexp(a, torch.tensor([2., 3., 1.])))\nprint(torch.ldexp(a, torch.tensor([2, 3, 1])))\nx = a.clone().requires_grad_()\ny = x.ldexp(torch.tensor([2., 3., 1.]))\nprint(y)\n',
     'tensor([20.+0.j, 24.+0.j,  4.+0.j], dtype=torch.complex128)\ntensor([20.0000+0.j, 24.0000+0.j,  4.0000+0.j], dtype=torch.complex128)\ntensor([20.+0.j, 24.+0.j,  4.+0.j], dtype=torch.complex128,\n       grad_fn=<LdexpBackward0>)\n'),
]

PROGRAMS = {"inplace-result-type": INPLACE_RESULT_TYPE,
            "scalar-conversion": SCALAR_CONVERSION,
            "complex-add": COMPLEX_ADD,
            "clamp-kernels": CLAMP_KERNELS,
            "half-conversions": HALF_CONVERSIONS,
            "complex-branch-grads": COMPLEX_BRANCH_GRADS,
            "ldexp-complex": LDEXP_COMPLEX}

test_prints_what_pytorch_printed = printed_programs(PROGRAMS)
