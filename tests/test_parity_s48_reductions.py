"""Ported from PyTorch's test/test_reductions.py in session 48. Each expected output is what
torch 2.13 printed (format of test_autograd_parity4).

logcumsumexp-complex: complex logcumsumexp through infinities and nans as ATen's
_log_add_exp_helper gives them (test_logcumsumexp_complex): a -inf real part keeps the
running -inf with its 0 angle, two +inf real parts add as log(exp(min) + exp(max)) (an angle
of pi/4, then nan), a nan makes nan+nanj.

out-dtype: a dtype= beside out= must be out's dtype (sum, prod, mean, cumsum, cumprod:
"Expected out tensor to have dtype ..."; nansum and nanmean of floats: "nansum: provided
dtype must match ..."; nansum of integers is sum's check; nanmean of integers and mean of an
integer dtype= refuse first); std_mean and var_mean take no out= (their binding has none).

minmax: aminmax of a 0-d complex tensor with a dim refuses in the words of ATen's 0-d
shortcut ("aminmax not implemented for ComplexFloat"), the kernel's "aminmax_cpu" otherwise.

searchsorted (test_bucketization): the once-per-process warnings for a non-contiguous input,
boundaries or sorter (bucketize's too, in searchsorted's words), none for an empty input;
an empty input of N-d boundaries (was a NumPy reshape error) and of complex or bool dtypes
gives an empty result, as ATen returns before its kernel."""
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

MINMAX = [
    ('for x in (torch.tensor(1 + 0j), torch.tensor([1 + 0j])):\n    for kw in ({}, {"dim": 0}, {"dim": -1, "keepdim": True}):\n        try:\n            print(torch.aminmax(x, **kw))\n        except Exception as e:\n            print(type(e).__name__, e)\n',
     'NotImplementedError "aminmax_cpu" not implemented for \'ComplexFloat\'\nRuntimeError aminmax not implemented for ComplexFloat\nRuntimeError aminmax not implemented for ComplexFloat\nNotImplementedError "aminmax_cpu" not implemented for \'ComplexFloat\'\nNotImplementedError "aminmax_cpu" not implemented for \'ComplexFloat\'\nNotImplementedError "aminmax_cpu" not implemented for \'ComplexFloat\'\n'),
]

SEARCHSORTED = [
    ('print(torch.searchsorted(torch.tensor([[1, 2], [3, 4]]), torch.empty(2, 0)))\nprint(torch.searchsorted(torch.tensor([1 + 1j]), torch.empty(0, dtype=torch.complex64)))\nprint(torch.bucketize(torch.empty(0, 3, dtype=torch.bool), torch.tensor([True]), out_int32=True))\n',
     'tensor([], size=(2, 0), dtype=torch.int64)\ntensor([], dtype=torch.int64)\ntensor([], size=(0, 3), dtype=torch.int32)\n'),
    ('s = torch.tensor([[0.5, 0.1, 0.9], [0.3, 0.2, 0.1]])\nidx = s.argsort().t().contiguous().t()\nprint(torch.searchsorted(s, torch.tensor([[0.3], [0.2]]), sorter=idx))\nprint(torch.searchsorted(torch.tensor([[1, 2], [3, 4]]).t(), torch.empty(2, 0).t().contiguous().t()))\nprint(torch.bucketize(torch.tensor([[1, 2], [3, 4]]).t(), torch.tensor([1, 3])))\nprint(torch.bucketize(torch.tensor([[1, 2], [3, 4]]).t(), torch.tensor([1, 3])))\nprint(torch.searchsorted(torch.tensor([1, 2, 3, 4])[::2], 2))\n',
     '!W UserWarning: torch.searchsorted(): sorter tensor is non-contiguous, this will lower the performance due to extra data copy when converting non-contiguous tensor to contiguous, please use contiguous sorter tensor if possible. This message will only appear once per program. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/BucketizationUtils.h:44.)\ntensor([[1],\n        [1]])\ntensor([], size=(2, 0), dtype=torch.int64)\n!W UserWarning: torch.searchsorted(): input value tensor is non-contiguous, this will lower the performance due to extra data copy when converting non-contiguous tensor to contiguous, please use contiguous input value tensor if possible. This message will only appear once per program. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/BucketizationUtils.h:32.)\ntensor([[0, 1],\n        [1, 2]])\ntensor([[0, 1],\n        [1, 2]])\n!W UserWarning: torch.searchsorted(): boundary tensor is non-contiguous, this will lower the performance due to extra data copy when converting non-contiguous tensor to contiguous, please use contiguous boundary tensor if possible. This message will only appear once per program. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/BucketizationUtils.h:38.)\ntensor(1)\n'),
]

PROGRAMS = {"logcumsumexp-complex": LOGCUMSUMEXP_COMPLEX, "out-dtype": OUT_DTYPE, "minmax": MINMAX, "searchsorted": SEARCHSORTED}

test_prints_what_pytorch_printed = printed_programs(PROGRAMS)
