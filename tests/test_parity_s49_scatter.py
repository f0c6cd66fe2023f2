"""Found in session 49 porting PyTorch's test/test_scatter_gather.py,
test/test_segment_reductions.py and test/test_masked.py (CPU parts). Each expected output is
what torch 2.13 printed (format of test_autograd_parity4).

segment-axis: segment_reduce checks the segments against the data as ATen does: data.dim() >=
lengths.dim() (or offsets'), then axis must be the lengths' (offsets') last dimension (a 1-d
lengths with axis=1 was a NumPy broadcast error, a 0-d data an IndexError).

segment-empty: an empty lengths is refused by its min() unless unsafe; an empty offsets asks
for a dimension of -1 (it gave an empty tensor).

segment-dtypes: the kernel takes floating data only (float16, bfloat16, float32, float64):
integer, bool and complex data are refused, after the segments' own index-type refusal (they
were reduced).

scatter-value: scatter's number is converted as the kernel's value.to<scalar_t>(): truncated
on an integer dtype, -1 is 255 for uint8 (negatives wrap), out of range refused naming the C
type (they were NumPy's OverflowError).

scatter-reduce-value: the same for scatter(..., value, reduce='add'/'multiply').

reduced-softmax-dim: a bfloat16 or float16 softmax along a dim other than the last rounds
exp(x - max) to the dtype before multiplying by 1/sum, as ATen's reduced-float kernel (one
last-bit difference in a few elements); masked.softmax and softmin along such dims follow.

scatter-forward-ad: forward AD of scatter with repeated indices is x's tangent with src's
written in (the last write wins; the tangents of the duplicates were summed); scatter_reduce
amax/amin without include_self leaves self's tangent out at the written positions (a value
of self equal to the result counted in the average).

masked-non-tensor: torch.masked.sum and prod look at input.layout first, logaddexp at both
operands' layout after input's dtype (their AttributeError names layout, not dtype).

segment-initial: segment_reduce's initial is converted to the data's dtype as the kernel's
initial.to<scalar_t>(): a complex with an imaginary part or a value out of the dtype's range
is refused naming the C type (it was Python's float() TypeError, or accepted).

scatter-reduced-floats: on bfloat16 and float16, scatter_reduce's mean stores the sum in the
dtype before dividing (two roundings: one was 1.2969 for 1.3047), and scatter's number is
rounded to the dtype first (multiplying by 1.01 thirty times used the unrounded 1.01).

index-reduced-floats: on bfloat16 and float16, index_add adds slice after slice in the dtype
(src * alpha rounded first; a plain add of 2-d slices sums in float, as before) and
index_reduce accumulates in the dtype step by step (both were summed in float32 and rounded
once).
"""
from __future__ import annotations

from test_autograd_parity4 import printed_programs

SEGMENT_AXIS = [
    ("def t(f):\n    try:\n        print(f())\n    except Exception as e:\n        print(type(e).__name__, e)\nd2 = torch.arange(12.).reshape(3, 4)\nt(lambda: torch.segment_reduce(d2, 'sum', lengths=torch.tensor([1, 3]), axis=1))\nt(lambda: torch.segment_reduce(d2, 'sum', offsets=torch.tensor([0, 1, 4]), axis=1))\nt(lambda: torch.segment_reduce(d2, 'sum', lengths=torch.tensor([1, 2]), axis=1))\nt(lambda: torch.segment_reduce(torch.tensor(3.), 'sum', lengths=torch.tensor([1])))\nt(lambda: torch.segment_reduce(torch.tensor(3.), 'sum', offsets=torch.tensor([0, 1])))\nt(lambda: torch.segment_reduce(torch.tensor(3.), 'sum', lengths=torch.tensor(1)))\nt(lambda: torch.segment_reduce(d2, 'sum', lengths=torch.tensor(3)))\nt(lambda: torch.segment_reduce(d2, 'sum', lengths=torch.tensor([[]], dtype=torch.long)))\n",
     'RuntimeError segment_reduce(): Expected axis to be the last dimension of lengths but got 1.\nRuntimeError segment_reduce(): Expected axis to be the last dimension of offsets but got 1.\nRuntimeError segment_reduce(): Expected axis to be the last dimension of lengths but got 1.\nRuntimeError Expected data.dim() >= lengths_value.dim() to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)\nRuntimeError Expected data.dim() >= offsets_value.dim() to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)\nRuntimeError segment_reduce(): Expected axis to be the last dimension of lengths but got 0.\nRuntimeError segment_reduce(): Expected axis to be the last dimension of lengths but got 0.\nRuntimeError segment_reduce(): Expected axis to be the last dimension of lengths but got 0.\n'),
]

SEGMENT_EMPTY = [
    ("def t(f):\n    try:\n        print(f())\n    except Exception as e:\n        print(type(e).__name__, e)\nd2 = torch.arange(12.).reshape(3, 4)\nt(lambda: torch.segment_reduce(torch.zeros(0), 'max', lengths=torch.tensor([], dtype=torch.long)))\nt(lambda: torch.segment_reduce(d2, 'sum', lengths=torch.tensor([], dtype=torch.long), unsafe=True))\nt(lambda: torch.segment_reduce(d2, 'sum', offsets=torch.tensor([0])))\nt(lambda: torch.segment_reduce(d2, 'sum', offsets=torch.tensor([], dtype=torch.long)))\n",
     "RuntimeError min(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.\ntensor([], size=(0, 4))\ntensor([], size=(0, 4))\nRuntimeError Trying to create tensor with negative dimension -1: [-1, 4]\n"),
]

SEGMENT_DTYPES = [
    ("def t(f):\n    try:\n        print(f())\n    except Exception as e:\n        print(type(e).__name__, e)\nd2 = torch.arange(12.).reshape(3, 4)\nt(lambda: torch.segment_reduce(d2.long(), 'sum', lengths=torch.tensor([1, 2])))\nt(lambda: torch.segment_reduce(d2.long(), 'mean', offsets=torch.tensor([0, 1, 3])))\nt(lambda: torch.segment_reduce(d2.int(), 'max', lengths=torch.tensor([1, 2]), initial=3))\nt(lambda: torch.segment_reduce(d2.to(torch.complex64), 'sum', lengths=torch.tensor([1, 2])))\nt(lambda: torch.segment_reduce(d2.bool(), 'sum', lengths=torch.tensor([1, 2])))\nt(lambda: torch.segment_reduce(d2.long(), 'sum', lengths=torch.tensor([1., 2.])))\nt(lambda: torch.segment_reduce(d2.long(), 'sum', offsets=torch.tensor([0., 2.])))\nt(lambda: torch.segment_reduce(d2.half(), 'mean', lengths=torch.tensor([1, 2])))\nt(lambda: torch.segment_reduce(d2.bfloat16(), 'prod', lengths=torch.tensor([1, 2])))\n",
     'NotImplementedError "_segment_reduce_cpu" not implemented for \'Long\'\nNotImplementedError "_segment_reduce_cpu" not implemented for \'Long\'\nNotImplementedError "_segment_reduce_cpu" not implemented for \'Int\'\nNotImplementedError "_segment_reduce_cpu" not implemented for \'ComplexFloat\'\nNotImplementedError "_segment_reduce_cpu" not implemented for \'Bool\'\nNotImplementedError "_segment_reduce_lengths_cpu_kernel1" not implemented for \'Float\'\nNotImplementedError "_segment_reduce_offsets_cpu_kernel1" not implemented for \'Float\'\ntensor([[0., 1., 2., 3.],\n        [6., 7., 8., 9.]], dtype=torch.float16)\ntensor([[ 0.,  1.,  2.,  3.],\n        [32., 45., 60., 77.]], dtype=torch.bfloat16)\n'),
]

SCATTER_VALUE = [
    ("def t(f):\n    try:\n        print(f())\n    except Exception as e:\n        print(type(e).__name__, e)\nt(lambda: torch.zeros(3, dtype=torch.uint8).scatter(0, torch.tensor([1]), -1))\nt(lambda: torch.zeros(3, dtype=torch.uint8).scatter(0, torch.tensor([1]), -256))\nt(lambda: torch.zeros(3, dtype=torch.int8).scatter(0, torch.tensor([1]), 300))\nt(lambda: torch.zeros(3, dtype=torch.uint8).scatter(0, torch.tensor([1]), -1.5))\nt(lambda: torch.zeros(3, dtype=torch.int64).scatter(0, torch.tensor([1]), 2.7))\nt(lambda: torch.zeros(3, dtype=torch.int32).scatter(0, torch.tensor([1]), float('nan')))\nt(lambda: torch.zeros(3, dtype=torch.int64).scatter_(0, torch.tensor([1]), 2**63))\n",
     'tensor([  0, 255,   0], dtype=torch.uint8)\nRuntimeError value cannot be converted to type uint8_t without overflow\nRuntimeError value cannot be converted to type int8_t without overflow\nRuntimeError value cannot be converted to type uint8_t without overflow\ntensor([0, 2, 0])\nRuntimeError value cannot be converted to type int without overflow\nRuntimeError value cannot be converted to type int64_t without overflow\n'),
]

SCATTER_REDUCE_VALUE = [
    ("def t(f):\n    try:\n        print(f())\n    except Exception as e:\n        print(type(e).__name__, e)\nt(lambda: torch.zeros(3, dtype=torch.uint8).scatter(0, torch.tensor([1]), -1, reduce='add'))\nt(lambda: torch.zeros(3, dtype=torch.int8).scatter(0, torch.tensor([1]), 300, reduce='multiply'))\nt(lambda: torch.ones(3, dtype=torch.int64).scatter(0, torch.tensor([1]), 2.7, reduce='add'))\nt(lambda: torch.ones(3, dtype=torch.int64).scatter_(0, torch.tensor([1, 1]), -3, reduce='multiply'))\nt(lambda: torch.zeros(3, dtype=torch.float16).scatter(0, torch.tensor([1]), 1e6, reduce='add'))\n",
     'tensor([  0, 255,   0], dtype=torch.uint8)\nRuntimeError value cannot be converted to type int8_t without overflow\ntensor([1, 3, 1])\ntensor([1, 9, 1])\nRuntimeError value cannot be converted to type c10::Half without overflow\n'),
]

REDUCED_SOFTMAX_DIM = [
    ('x = torch.tensor([[1., -2., 3., 4.], [5., 6., -7., 8.], [0.5, 2., 1., -1.]])\nprint(torch.softmax(x.bfloat16(), 0))\nprint(torch.softmax(x.half(), 0))\nprint(torch.softmax(x, 0, dtype=torch.bfloat16))\nprint(torch.nn.functional.softmin(x.half(), 0))\n',
     'tensor([[1.7822e-02, 3.2997e-04, 8.7891e-01, 1.7944e-02],\n        [9.7266e-01, 9.8047e-01, 3.9816e-05, 9.8047e-01],\n        [1.0803e-02, 1.7944e-02, 1.1963e-01, 1.2064e-04]],\n       dtype=torch.bfloat16)\ntensor([[1.7792e-02, 3.2926e-04, 8.8086e-01, 1.7975e-02],\n        [9.7119e-01, 9.8193e-01, 3.9995e-05, 9.8193e-01],\n        [1.0788e-02, 1.7975e-02, 1.1926e-01, 1.2118e-04]], dtype=torch.float16)\ntensor([[1.7822e-02, 3.2997e-04, 8.7891e-01, 1.7944e-02],\n        [9.7266e-01, 9.8047e-01, 3.9816e-05, 9.8047e-01],\n        [1.0803e-02, 1.7944e-02, 1.1963e-01, 1.2064e-04]],\n       dtype=torch.bfloat16)\ntensor([[3.7500e-01, 9.8193e-01, 4.5419e-05, 6.6910e-03],\n        [6.8665e-03, 3.2926e-04, 9.9951e-01, 1.2255e-04],\n        [6.1816e-01, 1.7975e-02, 3.3522e-04, 9.9316e-01]], dtype=torch.float16)\n'),
    ('x = torch.tensor([[1., -2., 3., 4.], [5., 6., -7., 8.], [0.5, 2., 1., -1.]])\nm = torch.tensor([True, False, True, False])\nprint(torch.masked.softmax(x.bfloat16(), 0, mask=m))\nprint(torch.masked.softmin(x.half(), 0, mask=m))\nfor shape, dim in [((5, 7, 3), 1), ((40, 33), 0)]:\n    y = torch.randn(shape) * 3\n    print(torch.softmax(y.bfloat16(), dim).double().pow(2).sum().item())\n    print(torch.softmax(y.half(), dim).double().pow(2).sum().item())\n',
     'tensor([[1.7822e-02,        nan, 8.7891e-01,        nan],\n        [9.7266e-01,        nan, 3.9816e-05,        nan],\n        [1.0803e-02,        nan, 1.1963e-01,        nan]],\n       dtype=torch.bfloat16)\ntensor([[3.7500e-01,        nan, 4.5419e-05,        nan],\n        [6.8665e-03,        nan, 9.9951e-01,        nan],\n        [6.1816e-01,        nan, 3.3522e-04,        nan]], dtype=torch.float16)\n9.286133291533014\n9.27326586222799\n11.300044294366502\n11.287029150493279\n'),
]

SCATTER_FORWARD_AD = [
    ('import warnings\nwarnings.simplefilter("ignore")  # (torch\'s own jit.script deprecation at its first dual)\nfwAD = torch.autograd.forward_ad\nx = torch.tensor([[1., 2., 3., 4.], [5., 6., 7., 8.]], dtype=torch.float64)\nidx = torch.tensor([[0, 1, 0, 1, 2], [2, 2, 0, 0, 3]])\nsrc = torch.tensor([[1., 0., 3., 4., 3.], [5., 0., 7., 8., 9.]], dtype=torch.float64)\ntx = torch.arange(8., dtype=torch.float64).reshape(2, 4) / 3\nts = torch.arange(10., dtype=torch.float64).reshape(2, 5) / 7\nwith fwAD.dual_level():\n    dx = fwAD.make_dual(x, tx)\n    ds = fwAD.make_dual(src, ts)\n    print(fwAD.unpack_dual(dx.scatter(1, idx[:, :3], ds[:, :3])).tangent)\n    print(fwAD.unpack_dual(x.scatter(1, idx[:, :3], ds[:, :3])).tangent)\n    for r in [\'amax\', \'amin\']:\n        for inc in [True, False]:\n            print(r, inc, fwAD.unpack_dual(dx.scatter_reduce(1, idx, ds, r, include_self=inc)).tangent)\n            print(fwAD.unpack_dual(x.scatter_reduce(1, idx, ds, r, include_self=inc)).tangent)\n            print(fwAD.unpack_dual(dx.scatter_reduce(1, idx, src, r, include_self=inc)).tangent)\n',
     'tensor([[0.2857, 0.1429, 0.6667, 1.0000],\n        [1.0000, 1.6667, 0.8571, 2.3333]], dtype=torch.float64)\ntensor([[0.2857, 0.1429, 0.0000, 0.0000],\n        [1.0000, 0.0000, 0.8571, 0.0000]], dtype=torch.float64)\namax True tensor([[0.2857, 0.4286, 0.6190, 1.0000],\n        [1.1429, 1.6667, 2.0000, 1.2857]], dtype=torch.float64)\ntensor([[0.2857, 0.4286, 0.2857, 0.0000],\n        [1.1429, 0.0000, 0.0000, 1.2857]], dtype=torch.float64)\ntensor([[0.0000, 0.0000, 0.3333, 1.0000],\n        [0.0000, 1.6667, 2.0000, 0.0000]], dtype=torch.float64)\namax False tensor([[0.2857, 0.4286, 0.5714, 1.0000],\n        [1.1429, 1.6667, 0.7143, 1.2857]], dtype=torch.float64)\ntensor([[0.2857, 0.4286, 0.5714, 0.0000],\n        [1.1429, 0.0000, 0.7143, 1.2857]], dtype=torch.float64)\ntensor([[0.0000, 0.0000, 0.0000, 1.0000],\n        [0.0000, 1.6667, 0.0000, 0.0000]], dtype=torch.float64)\namin True tensor([[0.0000, 0.1429, 0.6190, 1.0000],\n        [1.3333, 1.6667, 0.8571, 2.3333]], dtype=torch.float64)\ntensor([[0.0000, 0.1429, 0.2857, 0.0000],\n        [0.0000, 0.0000, 0.8571, 0.0000]], dtype=torch.float64)\ntensor([[0.0000, 0.0000, 0.3333, 1.0000],\n        [1.3333, 1.6667, 0.0000, 2.3333]], dtype=torch.float64)\namin False tensor([[0.0000, 0.1429, 0.5714, 1.0000],\n        [1.0000, 1.6667, 0.8571, 1.2857]], dtype=torch.float64)\ntensor([[0.0000, 0.1429, 0.5714, 0.0000],\n        [1.0000, 0.0000, 0.8571, 1.2857]], dtype=torch.float64)\ntensor([[0.0000, 0.0000, 0.0000, 1.0000],\n        [0.0000, 1.6667, 0.0000, 0.0000]], dtype=torch.float64)\n'),
]

MASKED_NON_TENSOR = [
    ('def t(f):\n    try:\n        print(f())\n    except Exception as e:\n        print(type(e).__name__, e)\nx = torch.tensor([[1., -2.], [5., 6.]])\nt(lambda: torch.masked.sum([1., 2.], 0))\nt(lambda: torch.masked.prod(2., 0))\nt(lambda: torch.masked.amax([1., 2.], 0))\nt(lambda: torch.masked.logaddexp(x, 2.))\nt(lambda: torch.masked.logaddexp([1.], x))\n',
     "AttributeError 'list' object has no attribute 'layout'\nAttributeError 'float' object has no attribute 'layout'\nAttributeError 'list' object has no attribute 'dtype'\nAttributeError 'float' object has no attribute 'layout'\nAttributeError 'list' object has no attribute 'dtype'\n"),
]

SEGMENT_INITIAL = [
    ("def t(f):\n    try:\n        print(f())\n    except Exception as e:\n        print(type(e).__name__, e)\nd = torch.tensor([[1., 2., 3.], [2., 2., -1.]])\nt(lambda: torch.segment_reduce(d, 'sum', lengths=torch.tensor([1, 1]), axis=0, initial=1+2j))\nt(lambda: torch.segment_reduce(d.double(), 'max', lengths=torch.tensor([1, 1]), axis=0, initial=1+2j))\nt(lambda: torch.segment_reduce(d.half(), 'max', lengths=torch.tensor([1, 0, 1]), axis=0, initial=1e5))\nt(lambda: torch.segment_reduce(d.bfloat16(), 'max', lengths=torch.tensor([1, 0, 1]), axis=0, initial=2+0j))\nt(lambda: torch.segment_reduce(d, 'max', lengths=torch.tensor([1, 0, 1]), axis=0, initial=1e300))\nt(lambda: torch.segment_reduce(d, 'min', lengths=torch.tensor([1, 0, 1]), axis=0, initial=True))\nt(lambda: torch.segment_reduce(d.half(), 'sum', lengths=torch.tensor([1, 0, 1]), axis=0, initial=2**40))\n",
     'RuntimeError value cannot be converted to type float without overflow\nRuntimeError value cannot be converted to type double without overflow\nRuntimeError value cannot be converted to type c10::Half without overflow\ntensor([[2., 2., 3.],\n        [2., 2., 2.],\n        [2., 2., 2.]], dtype=torch.bfloat16)\nRuntimeError value cannot be converted to type float without overflow\ntensor([[ 1.,  1.,  1.],\n        [ 1.,  1.,  1.],\n        [ 1.,  1., -1.]])\nRuntimeError value cannot be converted to type c10::Half without overflow\n'),
]

SCATTER_REDUCED_FLOATS = [
    ("src = torch.linspace(0.1, 3.3, 40)\nidx = torch.tensor([0, 1, 0, 0] * 10)\nfor dt in [torch.bfloat16, torch.float16]:\n    z = torch.full((2,), 100., dtype=dt)\n    print(z.scatter_add(0, idx, src.to(dt)))\n    for r in ['sum', 'prod', 'mean']:\n        for inc in [True, False]:\n            print(r, inc, torch.ones(2, dtype=dt).scatter_reduce(0, idx, src.to(dt) / 2 + 0.5, r, include_self=inc))\n    print(torch.ones(2, dtype=dt).scatter(0, idx, 1.01, reduce='multiply'))\n    print(torch.ones(2, dtype=dt).scatter(0, idx, 0.013, reduce='add'))\n    print(torch.zeros(2, dtype=dt).scatter(0, idx, 0.013))\nprint(torch.zeros(2).scatter(0, torch.tensor([0]), 0.1).double())\n",
     'tensor([151.0000, 116.5000], dtype=torch.bfloat16)\nsum True tensor([41.7500, 14.3125], dtype=torch.bfloat16)\nsum False tensor([40.7500, 13.3125], dtype=torch.bfloat16)\nprod True tensor([1184.0000,    8.4375], dtype=torch.bfloat16)\nprod False tensor([1184.0000,    8.4375], dtype=torch.bfloat16)\nmean True tensor([1.3438, 1.3047], dtype=torch.bfloat16)\nmean False tensor([1.3594, 1.3281], dtype=torch.bfloat16)\ntensor([1.2656, 1.0781], dtype=torch.bfloat16)\ntensor([1.3906, 1.1328], dtype=torch.bfloat16)\ntensor([0.0130, 0.0130], dtype=torch.bfloat16)\ntensor([151.3750, 116.5625], dtype=torch.float16)\nsum True tensor([41.7188, 14.2969], dtype=torch.float16)\nsum False tensor([40.7188, 13.2969], dtype=torch.float16)\nprod True tensor([1186.0000,    8.4453], dtype=torch.float16)\nprod False tensor([1186.0000,    8.4453], dtype=torch.float16)\nmean True tensor([1.3457, 1.2998], dtype=torch.float16)\nmean False tensor([1.3574, 1.3301], dtype=torch.float16)\ntensor([1.3389, 1.1025], dtype=torch.float16)\ntensor([1.3896, 1.1299], dtype=torch.float16)\ntensor([0.0130, 0.0130], dtype=torch.float16)\ntensor([0.1000, 0.0000], dtype=torch.float64)\n'),
]

INDEX_REDUCED_FLOATS = [
    ('src = torch.linspace(0.1, 3.3, 40)\nidx = torch.tensor([0, 1, 0, 0] * 10)\nfor dt in [torch.bfloat16, torch.float16]:\n    z = torch.full((2,), 100., dtype=dt)\n    print(z.index_add(0, idx, src.to(dt)))\n    print(z.index_add(0, idx, src.to(dt), alpha=0.3))\n    print(z.index_add(0, idx, src.to(dt), alpha=-1.7))\n    z2 = torch.full((2, 3), 100., dtype=dt)\n    s2 = torch.linspace(0.1, 3.3, 120).reshape(40, 3).to(dt)\n    print(z2.index_add(0, idx, s2))\n    print(z2.index_add(0, idx, s2, alpha=0.3))\n    print(z2.t().index_add(1, idx, s2.t(), alpha=0.7))\n',
     'tensor([152.0000, 116.5000], dtype=torch.bfloat16)\ntensor([115.5000, 105.0000], dtype=torch.bfloat16)\ntensor([12.6250, 71.5000], dtype=torch.bfloat16)\ntensor([[151.0000, 151.0000, 152.0000],\n        [116.5000, 116.5000, 117.0000]], dtype=torch.bfloat16)\ntensor([[115.5000, 115.5000, 115.5000],\n        [104.5000, 105.0000, 105.0000]], dtype=torch.bfloat16)\ntensor([[135.0000, 111.5000],\n        [136.0000, 111.5000],\n        [136.0000, 112.0000]], dtype=torch.bfloat16)\ntensor([151.5000, 116.5625], dtype=torch.float16)\ntensor([115.4375, 104.9375], dtype=torch.float16)\ntensor([12.7031, 71.7500], dtype=torch.float16)\ntensor([[150.6250, 151.3750, 152.2500],\n        [116.3125, 116.6250, 116.8750]], dtype=torch.float16)\ntensor([[115.1250, 115.4375, 115.6875],\n        [104.9375, 105.0000, 105.0625]], dtype=torch.float16)\ntensor([[135.5000, 111.4375],\n        [136.0000, 111.6250],\n        [136.5000, 111.8125]], dtype=torch.float16)\n'),
    ("src = torch.linspace(0.1, 3.3, 40)\nidx = torch.tensor([0, 1, 0, 0] * 10)\ns2 = torch.linspace(0.1, 3.3, 120).reshape(40, 3)\nfor dt in [torch.bfloat16, torch.float16]:\n    for r in ['prod', 'mean', 'amax']:\n        for inc in [True, False]:\n            print(r, inc, torch.ones(2, dtype=dt).index_reduce(0, idx, src.to(dt) / 2 + 0.5, r, include_self=inc))\n            print(torch.ones(2, 3, dtype=dt).index_reduce(0, idx, s2.to(dt) / 2 + 0.5, r, include_self=inc))\n            print(torch.ones(3, 2, dtype=dt).index_reduce(1, idx, s2.t().to(dt) / 2 + 0.5, r, include_self=inc))\n",
     '!W UserWarning: index_reduce() is in beta and the API may change at any time. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorAdvancedIndexing.cpp:1523.)\nprod True tensor([1184.0000,    8.5000], dtype=torch.bfloat16)\ntensor([[ 912.0000, 1264.0000, 1816.0000],\n        [   7.7188,    8.7500,    9.8125]], dtype=torch.bfloat16)\ntensor([[ 912.0000,    7.7188],\n        [1264.0000,    8.7500],\n        [1816.0000,    9.8125]], dtype=torch.bfloat16)\nprod False tensor([1184.0000,    8.5000], dtype=torch.bfloat16)\ntensor([[ 912.0000, 1264.0000, 1816.0000],\n        [   7.7188,    8.7500,    9.8125]], dtype=torch.bfloat16)\ntensor([[ 912.0000,    7.7188],\n        [1264.0000,    8.7500],\n        [1816.0000,    9.8125]], dtype=torch.bfloat16)\nmean True tensor([1.3438, 1.3047], dtype=torch.bfloat16)\ntensor([[1.3203, 1.3359, 1.3516],\n        [1.2812, 1.3047, 1.3125]], dtype=torch.bfloat16)\ntensor([[1.3203, 1.2812],\n        [1.3359, 1.3047],\n        [1.3516, 1.3125]], dtype=torch.bfloat16)\nmean False tensor([1.3594, 1.3281], dtype=torch.bfloat16)\ntensor([[1.3359, 1.3516, 1.3672],\n        [1.3125, 1.3281, 1.3438]], dtype=torch.bfloat16)\ntensor([[1.3359, 1.3125],\n        [1.3516, 1.3281],\n        [1.3672, 1.3438]], dtype=torch.bfloat16)\namax True tensor([2.1562, 2.0625], dtype=torch.bfloat16)\ntensor([[2.1250, 2.1250, 2.1562],\n        [2.0312, 2.0625, 2.0625]], dtype=torch.bfloat16)\ntensor([[2.1250, 2.0312],\n        [2.1250, 2.0625],\n        [2.1562, 2.0625]], dtype=torch.bfloat16)\namax False tensor([2.1562, 2.0625], dtype=torch.bfloat16)\ntensor([[2.1250, 2.1250, 2.1562],\n        [2.0312, 2.0625, 2.0625]], dtype=torch.bfloat16)\ntensor([[2.1250, 2.0312],\n        [2.1250, 2.0625],\n        [2.1562, 2.0625]], dtype=torch.bfloat16)\nprod True tensor([1187.0000,    8.4453], dtype=torch.float16)\ntensor([[ 905.5000, 1275.0000, 1798.0000],\n        [   7.7383,    8.6953,    9.7891]], dtype=torch.float16)\ntensor([[ 905.5000,    7.7383],\n        [1275.0000,    8.6953],\n        [1798.0000,    9.7891]], dtype=torch.float16)\nprod False tensor([1187.0000,    8.4453], dtype=torch.float16)\ntensor([[ 905.5000, 1275.0000, 1798.0000],\n        [   7.7383,    8.6953,    9.7891]], dtype=torch.float16)\ntensor([[ 905.5000,    7.7383],\n        [1275.0000,    8.6953],\n        [1798.0000,    9.7891]], dtype=torch.float16)\nmean True tensor([1.3457, 1.3008], dtype=torch.float16)\ntensor([[1.3330, 1.3438, 1.3574],\n        [1.2871, 1.3008, 1.3125]], dtype=torch.float16)\ntensor([[1.3330, 1.2871],\n        [1.3438, 1.3008],\n        [1.3574, 1.3125]], dtype=torch.float16)\nmean False tensor([1.3574, 1.3301], dtype=torch.float16)\ntensor([[1.3438, 1.3555, 1.3701],\n        [1.3174, 1.3301, 1.3438]], dtype=torch.float16)\ntensor([[1.3438, 1.3174],\n        [1.3555, 1.3301],\n        [1.3701, 1.3438]], dtype=torch.float16)\namax True tensor([2.1504, 2.0684], dtype=torch.float16)\ntensor([[2.1230, 2.1367, 2.1504],\n        [2.0430, 2.0547, 2.0703]], dtype=torch.float16)\ntensor([[2.1230, 2.0430],\n        [2.1367, 2.0547],\n        [2.1504, 2.0703]], dtype=torch.float16)\namax False tensor([2.1504, 2.0684], dtype=torch.float16)\ntensor([[2.1230, 2.1367, 2.1504],\n        [2.0430, 2.0547, 2.0703]], dtype=torch.float16)\ntensor([[2.1230, 2.0430],\n        [2.1367, 2.0547],\n        [2.1504, 2.0703]], dtype=torch.float16)\n'),
]


test_scatter = printed_programs({
    "segment-axis": SEGMENT_AXIS,
    "segment-empty": SEGMENT_EMPTY,
    "segment-dtypes": SEGMENT_DTYPES,
    "scatter-value": SCATTER_VALUE,
    "scatter-reduce-value": SCATTER_REDUCE_VALUE,
    "reduced-softmax-dim": REDUCED_SOFTMAX_DIM,
    "scatter-forward-ad": SCATTER_FORWARD_AD,
    "masked-non-tensor": MASKED_NON_TENSOR,
    "segment-initial": SEGMENT_INITIAL,
    "scatter-reduced-floats": SCATTER_REDUCED_FLOATS,
    "index-reduced-floats": INDEX_REDUCED_FLOATS,
})
