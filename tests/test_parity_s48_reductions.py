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
gives an empty result, as ATen returns before its kernel.

histc (test_histc, test_histc_value_corner_cases): ATen's outer edges: a one-point range
widened by 1 each way, then for float32/float64 by a step of the dtype each way while its
ends round to one value (the largest float stays: a last-bin count; an infinite point gives
[max, inf]); float16/bfloat16 edges that still round to one value count in bin 0, and
bfloat16 without a representable span refuses ("max must be larger than min"); the range
and min > max checks come before integer and bool inputs are refused; a NaN range prints
"nan" for one element or a given bound, "-nan" from a reduction of several; bfloat16 bins
computed with each step rounded to bfloat16 (c10's BFloat16 arithmetic).

quantile: an out= not of the input's dtype: "quantile() out tensor must be same dtype as the
input tensor" (after the q checks), for nanquantile too.

histogram (test_histogram_error_handling, test_histogramdd): histogramdd_check_inputs' refusals
of a weight of another dtype and of a bins tensor not 1-d or empty; histogram's out= of
another dtype (hist, then bin_edges); a histogramdd of points with no coordinates (shape
(5, 0)) is a 0-d count of 0 (nan for a density) with no edges."""
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

HISTC = [
    ('x = torch.randn(100) * 3\nfor dt in (torch.bfloat16, torch.float16):\n    y = x.to(dt)\n    print(torch.histc(y, bins=13).tolist(), torch.histc(y, bins=9, min=-2.3, max=1.7).tolist())\n',
     '[1.0, 3.0, 9.0, 7.0, 18.0, 15.0, 19.0, 14.0, 8.0, 3.0, 1.0, 1.0, 1.0] [1.0, 9.0, 7.0, 6.0, 4.0, 6.0, 5.0, 6.0, 7.0]\n[1.0, 3.0, 9.0, 7.0, 18.0, 15.0, 19.0, 14.0, 8.0, 3.0, 1.0, 1.0, 1.0] [1.0, 9.0, 7.0, 6.0, 4.0, 6.0, 5.0, 6.0, 7.0]\n'),
    ('for dt, vals in ((torch.float32, (3e7, 1e30, 3.4028234663852886e+38, -3.4028234663852886e+38)), (torch.float64, (1e17, 1.7976931348623157e+308)), (torch.float16, (32752., 2048.)), (torch.bfloat16, (3e7, 512., 1e30))):\n    for v in vals:\n        try:\n            print(torch.histc(torch.tensor([v, v, v], dtype=dt), bins=3).tolist())\n        except RuntimeError as e:\n            print(e)\n',
     '[0.0, 3.0, 0.0]\n[0.0, 3.0, 0.0]\n[0.0, 0.0, 3.0]\n[3.0, 0.0, 0.0]\n[0.0, 3.0, 0.0]\n[0.0, 0.0, 3.0]\n[3.0, 0.0, 0.0]\n[0.0, 0.0, 3.0]\n[3.0, 0.0, 0.0]\n[3.0, 0.0, 0.0]\ntorch.histc: max must be larger than min\n'),
    ('nan = float(\'nan\')\nfor x, kw in ((torch.tensor(nan), {}), (torch.tensor([nan, nan]), {}), (torch.tensor([2., nan])[1:], {}), (torch.tensor([-nan]), {}), (torch.tensor([1., 2.]), {"min": nan, "max": 1}),\n              (torch.tensor([1, 2, 3], dtype=torch.uint8), {"min": 5, "max": 1}), (torch.tensor([True]), {"min": 5, "max": 1}), (torch.tensor([1j]), {"min": 1, "max": 1}), (torch.tensor([], dtype=torch.complex64), {})):\n    try:\n        print(torch.histc(x, bins=4, **kw))\n    except Exception as e:\n        print(type(e).__name__, e)\n',
     'RuntimeError torch.histc: range of [nan, nan] is not finite\nRuntimeError torch.histc: range of [-nan, -nan] is not finite\nRuntimeError torch.histc: range of [nan, nan] is not finite\nRuntimeError torch.histc: range of [-nan, -nan] is not finite\nRuntimeError torch.histc: range of [nan, 1] is not finite\nRuntimeError torch.histc: max must be larger than min\nRuntimeError torch.histc: max must be larger than min\nNotImplementedError "aminmax_cpu" not implemented for \'ComplexFloat\'\nNotImplementedError "histogram_cpu" not implemented for \'ComplexFloat\'\n'),
]

QUANTILE = [
    ('x = torch.tensor([1., 2.])\nfor f in (lambda: torch.nanquantile(x, 0.5, out=torch.empty([], dtype=torch.int32)), lambda: torch.quantile(x, 0.5, out=torch.empty([], dtype=torch.float64)),lambda: torch.quantile(x, torch.tensor([0.5]), out=torch.empty([], dtype=torch.float64)), lambda: torch.nanquantile(torch.tensor([1]), 0.5, out=torch.empty([], dtype=torch.float64)), lambda: torch.quantile(x, 2., out=torch.empty([], dtype=torch.float64)), lambda: torch.quantile(torch.tensor([]), 0.5, out=torch.empty([], dtype=torch.float64)), lambda: torch.quantile(x, torch.tensor([0.5], dtype=torch.float64), out=torch.empty([], dtype=torch.float64)), lambda: torch.quantile(x, torch.tensor([0.5, 0.25]), out=torch.empty([]))):\n    try:\n        print(f())\n    except Exception as e:\n        print(type(e).__name__, e)\n',
     'RuntimeError quantile() out tensor must be same dtype as the input tensor\nRuntimeError quantile() out tensor must be same dtype as the input tensor\nRuntimeError quantile() out tensor must be same dtype as the input tensor\nRuntimeError quantile() input tensor must be either float or double dtype\nRuntimeError quantile() q must be in the range [0, 1] but got 2\nRuntimeError quantile() input tensor must be non-empty\nRuntimeError quantile() q tensor must be same dtype as the input tensor\n!W UserWarning: An output with one or more elements was resized since it had shape [], which does not match the required output shape [2]. This behavior is deprecated, and in a future PyTorch release outputs will not be resized unless they have zero elements. You can explicitly reuse an out tensor t by resizing it, inplace, to zero elements with t.resize_(0). (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/Resize.cpp:30.)\ntensor([1.5000, 1.2500])\n'),
]

HISTOGRAM = [
    ('def t(f):\n    try:\n        print(f())\n    except Exception as e:\n        print(type(e).__name__, e)\nt(lambda: torch.histogram(torch.tensor(2.), 1, weight=torch.tensor(1., dtype=torch.float64)))\nt(lambda: torch.histogramdd(torch.ones(3, 2), 2, weight=torch.ones(3, dtype=torch.float64)))\nt(lambda: torch.histogram(torch.tensor(2.), 1, out=(torch.empty(1, dtype=torch.float64), torch.empty(2))))\nt(lambda: torch.histogram(torch.tensor(2.), 1, out=(torch.empty(1), torch.empty(2, dtype=torch.float64))))\nt(lambda: torch.histogram(torch.ones(2, 2), torch.ones(2, 2)))\nt(lambda: torch.histogram(torch.empty(0), torch.empty(0)))\n',
     'RuntimeError torch.histogramdd: if weight tensor is provided, input tensor and weight tensor should have the same dtype, but got input(float), and weight(double)\nRuntimeError torch.histogramdd: if weight tensor is provided, input tensor and weight tensor should have the same dtype, but got input(float), and weight(double)\nRuntimeError torch.histogram: input tensor and hist tensor should have the same dtype, but got input float and hist double\nRuntimeError torch.histogram: input tensor and bin_edges tensor should have the same dtype, but got input float and bin_edges double for dimension 0\nRuntimeError torch.histogramdd: bins tensor should have one dimension, but got 2 dimensions in the bins tensor for dimension 0\nRuntimeError torch.histogramdd: bins tensor should have at least 1 element, but got 0 elements in the bins tensor for dimension 0\n'),
    ("for kw in ({}, {'density': True}, {'weight': torch.ones(5)}):\n    print(torch.histogramdd(torch.empty(5, 0), 2, **kw))\nprint(torch.histogramdd(torch.empty(0, 0), [], density=True))\n",
     'torch.return_types.histogramdd(\nhist=tensor(0.),\nbin_edges=())\ntorch.return_types.histogramdd(\nhist=tensor(nan),\nbin_edges=())\ntorch.return_types.histogramdd(\nhist=tensor(0.),\nbin_edges=())\ntorch.return_types.histogramdd(\nhist=tensor(nan),\nbin_edges=())\n'),
]

PROGRAMS = {"logcumsumexp-complex": LOGCUMSUMEXP_COMPLEX, "out-dtype": OUT_DTYPE, "minmax": MINMAX, "searchsorted": SEARCHSORTED, "histc": HISTC, "quantile": QUANTILE, "histogram": HISTOGRAM}

test_prints_what_pytorch_printed = printed_programs(PROGRAMS)
