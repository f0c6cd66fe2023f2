"""Ported from PyTorch's test/test_reductions.py in session 48. Each expected output is what
torch 2.13 printed (format of test_autograd_parity4).

logcumsumexp-complex: complex logcumsumexp through infinities and nans as ATen's
_log_add_exp_helper gives them (test_logcumsumexp_complex): a -inf real part keeps the
running -inf with its 0 angle, two +inf real parts add as log(exp(min) + exp(max)) (an angle
of pi/4, then nan), a nan makes nan+nanj.

out-dtype: a dtype= beside out= must be out's dtype (sum, prod, mean, cumsum, cumprod:
"Expected out tensor to have dtype ..."; nansum and nanmean of floats: "nansum: provided
dtype must match ..."; nansum of integers is sum's check; nanmean of integers and mean of an
integer dtype= refuse first); std_mean and var_mean take no out= (their binding has none)."""
from __future__ import annotations

from test_autograd_parity4 import printed_programs

LOGCUMSUMEXP_COMPLEX = [
    ("inf, nan = float('inf'), float('nan')\na = torch.tensor([-inf + 4j, -inf + 1j, 1.2 + 2.1j, 1e10 + 1e20j, inf + 0j, inf + 1j, inf + 3j, nan + 2j], dtype=torch.complex128)\nprint(torch.logcumsumexp(a, 0))\nb = torch.tensor([complex(-inf, inf), complex(-inf, inf), -inf + 1j, 1.2 + 2.1j, complex(2.4, inf)], dtype=torch.complex128)\nprint(torch.logcumsumexp(b, 0))\nprint(torch.logcumsumexp(torch.tensor([[-inf + 1j, 1 + 1j], [-inf + 2j, 2 - 1j]]), 0))\n",
     'tensor([      -inf+0.0000e+00j,       -inf+0.0000e+00j, 1.2000e+00+2.1000e+00j,\n        1.0000e+10+1.0000e+20j,        inf+0.0000e+00j,        inf+7.8540e-01j,\n               inf+nanj,        nan+nanj], dtype=torch.complex128)\ntensor([  -inf+0.0000j,   -inf+0.0000j,   -inf+0.0000j, 1.2000+2.1000j,\n           nan+nanj], dtype=torch.complex128)\ntensor([[  -inf+0.0000j, 1.0000+1.0000j],\n        [  -inf+0.0000j, 1.9063-0.6238j]])\n'),
]

OUT_DTYPE = [
    ('x = torch.tensor([[1., 2., 4.], [3., 7., 0.]])\nfor f in (lambda: torch.std_mean(x, 1, out=(torch.empty(2), torch.empty(2))), lambda: torch.var_mean(x, out=(torch.empty(2), torch.empty(2)))):\n    try:\n        print(f())\n    except TypeError as e:\n        print(e)\n',
     "std_mean() received an invalid combination of arguments - got (Tensor, int, out=tuple), but expected one of:\n * (Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False)\n * (Tensor input, tuple of ints dim = None, *, Number correction = None, bool keepdim = False)\n * (Tensor input, bool unbiased = True)\n\nvar_mean() received an invalid combination of arguments - got (Tensor, out=tuple), but expected one of:\n * (Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False)\n * (Tensor input, tuple of ints dim = None, *, Number correction = None, bool keepdim = False)\n * (Tensor input, bool unbiased = True)\n      didn't match because some of the keywords were incorrect: out\n\n"),
    ('x = torch.tensor([[1., 2., 4.], [3., 7., 0.]])\nfor f in (lambda: torch.sum(x, 1, dtype=torch.float64, out=torch.empty(2)),\n          lambda: torch.prod(x, 1, dtype=torch.float64, out=torch.empty(0, dtype=torch.int64)),\n          lambda: torch.mean(x, 1, dtype=torch.float64, out=torch.empty(2)),\n          lambda: torch.cumsum(x.long(), 1, dtype=torch.float32, out=torch.empty(2, 3, dtype=torch.float64)),\n          lambda: torch.cumprod(x, 0, dtype=torch.float64, out=torch.empty(0)),\n          lambda: torch.nansum(x, 1, dtype=torch.float64, out=torch.empty(2)),\n          lambda: torch.nansum(x.long(), 1, dtype=torch.float32, out=torch.empty(2, dtype=torch.float64)),\n          lambda: torch.nanmean(x, 1, dtype=torch.float64, out=torch.empty(2, dtype=torch.int64)),\n          lambda: torch.nanmean(x.long(), 1, dtype=torch.float32, out=torch.empty(2)),\n          lambda: torch.mean(x.long(), 1, dtype=torch.int64, out=torch.empty(2, dtype=torch.float64)),\n          lambda: torch.sum(x, 1, dtype=torch.float64, out=torch.empty(0, dtype=torch.float64))):\n    try:\n        print(f())\n    except RuntimeError as e:\n        print(e)\n',
     "Expected out tensor to have dtype double, but got float instead\nExpected out tensor to have dtype double, but got long int instead\nExpected out tensor to have dtype double, but got float instead\nExpected out tensor to have dtype float, but got double instead\nExpected out tensor to have dtype double, but got float instead\nnansum: provided dtype must match dtype of result. Got Float and Double.\nExpected out tensor to have dtype float, but got double instead\nnansum: provided dtype must match dtype of result. Got Long and Double.\nnanmean(): integral types and 'Bool' are not supported for nanmean, even for empty tensors.\nmean(): could not infer output dtype. Optional dtype must be either a floating point or complex dtype. Got: Long\ntensor([ 7., 10.], dtype=torch.float64)\n"),
]

PROGRAMS = {"logcumsumexp-complex": LOGCUMSUMEXP_COMPLEX, "out-dtype": OUT_DTYPE}

test_prints_what_pytorch_printed = printed_programs(PROGRAMS)
