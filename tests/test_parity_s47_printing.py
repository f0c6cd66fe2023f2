"""Found in session 47 (scan h5: printing and type promotion, fuzzed against torch). Each
expected output is what torch 2.13 printed (format of test_autograd_parity4).

inplace-result-type: an in-place binary op whose kernel refuses a dtype (remainder_,
floor_divide_ and `//=`/`%=`, fmod_, atan2_, copysign_, hypot_, xlogy_, gcd_, nextafter_,
div_ with a rounding_mode, bitwise_*_) checks as PyTorch's TensorIterator does, in its
order: the leaf, the operand's shape against self's, then the result type self must hold
(atan2_/copysign_/xlogy_ compute in float for integers), before the kernel's
'"remainder_cpu" not implemented for ...'."""
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

PROGRAMS = {"inplace-result-type": INPLACE_RESULT_TYPE}

test_prints_what_pytorch_printed = printed_programs(PROGRAMS)
