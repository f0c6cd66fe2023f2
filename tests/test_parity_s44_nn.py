"""Found in session 44 (a scan of PyTorch's docstring examples of torch.nn and
torch.utils.data). Each expected output is what torch 2.13 printed (format of
test_autograd_parity4); `bits(t)` is the sum of t's elements' bit patterns as integers, which
shows any element that differs in its last bit.

norm-statistics: BatchNorm's and InstanceNorm's training statistics at any size
(ops/moments.py): float32 inputs past 2**18 elements took NumPy's float32 mean, one float32
step off ATen's double sums (running_mean 999.9987182617188 for 999.998779296875);
float64 planes' squared distances added two at a time with a fused odd last one (ATen's
vectorised loop); a batch of no more rows than threads (N, C) summing its squares in one
fused chain; long (N, C) batches per thread up to BATCH_NORM_ROWS; instance_norm's running
statistics the float32 mean of the per-instance ones (at::mean's sum, not NumPy's). The
thread count is set, as torch's numbers depend on it.

norm-layouts: batch_norm of channels-last inputs by ATen's channels-last kernels (rows of
channels split among the threads), of other strides (a transposed input) by
Normalization.cpp's double-accumulating loops (statistics, output, running statistics and
gradients), and the backward of a channels-last input given a contiguous gradient (the
strided path, as ATen takes it when the two layouts differ), training and evaluation.

group-norm: group_norm rows longer than 32768 elements by ATen's RowwiseMoments (now
vectorised over its chunks and cascade levels), and channels-last inputs by ATen's
channels-last kernels (E[x^2] - mean^2 in the dtype, both of their implementations: below
and from 1024 (forward) / 2048 (backward) positions), values and gradients.

complex-modules: Module.to(a complex dtype, or a complex tensor) warns as PyTorch does each
time; to() casts complex parameters too (to a real dtype with the complex-to-real warning),
while double()/float()/half()/bfloat16() leave complex ones as they are.

data-generics: the classes of torch.utils.data are typing.Generic as in PyTorch: Sampler[int],
Dataset[int], DataLoader[int] ... print as there, and non-generic subclasses refuse a
subscript with PyTorch's text. subclass-generic: `class S(Sampler[int])` run as Python and as
a formula (the class statement resolves a base's __mro_entries__, as Python's does).

channel-shuffle-memory-format: F.native_channel_shuffle (torch.native_channel_shuffle
itself), nn.utils.convert_conv2d_weight_memory_format and convert_conv3d_weight_memory_format
(torch.nn.utils.memory_format)."""
from __future__ import annotations

import pytest

from test_autograd_parity4 import printed_programs, run

NORM_STATISTICS = [
    ('def bits(t):\n    return t.detach().view(torch.int32 if t.dtype == torch.float32 else torch.int64).long().sum().item()\nx = torch.randn(4, 3, 100000) + 1000\nbn = torch.nn.BatchNorm1d(3, momentum=1.0)\nout = bn(x)\nprint(bn.running_mean.tolist(), bn.running_var.tolist())\nprint(out[0, 0, :4].tolist(), bits(out))\nx = torch.randn(1, 3, 400000) + 1000\nprint(torch.nn.functional.instance_norm(x)[0, 0, :4].tolist())\n',
     '[999.998779296875, 999.9995727539062, 999.9983520507812] [1.000494360923767, 0.999065637588501, 0.9996681213378906]\n[-1.124374270439148, -1.150856852531433, -0.2492886632680893, -0.4325922727584839] -20409563084352\n[-0.1360589563846588, -0.4901863634586334, -0.7936282157897949, 0.0990489274263382]\n'),
    ('def bits(t):\n    return t.detach().view(torch.int32 if t.dtype == torch.float32 else torch.int64).long().sum().item()\ntorch.set_num_threads(2)\nfor shape in [(1, 40, 13), (3, 7, 5), (2, 30, 3), (1, 200, 101)]:\n    x = (torch.randn(shape, dtype=torch.float64) * 3 + 7).requires_grad_()\n    rm, rv = torch.zeros(shape[1], dtype=torch.float64), torch.ones(shape[1], dtype=torch.float64)\n    y = torch.nn.functional.batch_norm(x, rm, rv, training=True, momentum=0.3)\n    (y * torch.randn(shape, dtype=torch.float64)).sum().backward()\n    print(shape, bits(y), bits(rm), bits(rv), bits(x.grad))\nx = torch.randn(3, 5, 1, 1, 13, dtype=torch.float64) + 4\nprint(bits(torch.nn.functional.instance_norm(x)))\n',
     '(1, 40, 13) -4574757662472896079 -1456641559421728 118185154269348785 867709863858803185\n(3, 7, 5) -5543508687830965321 -4609243687110364964 -4596864055238052270 -6125150848004223056\n(2, 30, 3) -1419421877840633892 -9219007723656788460 -9163276343239104338 6267838672701912018\n(1, 200, 101) 6923391470143651056 42949055226907113 624647958038012604 8084084867435997982\n-6243373483079913693\n'),
    ('def bits(t):\n    return t.detach().view(torch.int32 if t.dtype == torch.float32 else torch.int64).long().sum().item()\ntorch.set_num_threads(2)\nfor n, dtype in [(2, torch.float32), (2, torch.float64), (3, torch.float32), (5000, torch.float32), (5000, torch.float64)]:\n    x = (torch.randn(n, 6, dtype=dtype) * 2 + 100).requires_grad_()\n    bn = torch.nn.BatchNorm1d(6).to(dtype)\n    y = bn(x)\n    (y * torch.randn(y.shape, dtype=dtype)).sum().backward()\n    print(n, dtype, bits(y), bits(bn.running_mean), bits(bn.running_var), bits(x.grad), bits(bn.weight.grad))\nx = torch.randn(6, 5, 1, 1) + 4\nprint(bits(torch.nn.functional.batch_norm(x, None, None, training=True)))\n',
     '2 torch.float32 -100664607 6555367720 6400715093 -1921912364 2066311178\n2 torch.float64 -54044257121278023 -9162763952412281590 9207650220729293128 -1098975595175384295 -48661194259036364\n3 torch.float32 -271931495 6556256480 6403836760 1682735084 -4411519315\n5000 torch.float32 -465125878509 6555686313 6407389022 -908559394719 2374897379\n5000 torch.float64 8747034767909679997 -9162572362194366087 9204445156589611340 -5075524420533718705 108431237931068917\n-4712897082\n'),
    ('def bits(t):\n    return t.detach().view(torch.int32 if t.dtype == torch.float32 else torch.int64).long().sum().item()\nm = torch.nn.InstanceNorm1d(6, track_running_stats=True, affine=True)\nx = torch.randn(7, 6, 64) * 3 - 251\ny = m(x)\nprint(m.running_mean.tolist(), m.running_var.tolist(), bits(y))\nm = torch.nn.InstanceNorm3d(4, track_running_stats=True)\nx = (torch.randn(8, 4, 3, 5, 9) + 1000).contiguous(memory_format=torch.channels_last_3d)\nprint(bits(m(x)), bits(m.running_mean), bits(m.running_var))\nm.eval()\nprint(bits(m(x)))\n',
     '[-25.09228515625, -25.11298942565918, -25.084814071655273, -25.090585708618164, -25.109722137451172, -25.108108520507812] [1.855518102645874, 1.8537534475326538, 1.7774031162261963, 1.8178714513778687, 1.7390193939208984, 1.7961937189102173] -33816616305\n-125644486068 4481613149 4261410482\n4955927566065\n'),
]

NORM_LAYOUTS = [
    ("def bits(t):\n    return t.detach().view(torch.int32 if t.dtype == torch.float32 else torch.int64).long().sum().item()\ntorch.set_num_threads(2)\nfor dtype in (torch.float32, torch.float64):\n    x = (torch.randn(3, 4, 17, 23, dtype=dtype) * 5 - 250).contiguous(memory_format=torch.channels_last).requires_grad_()\n    bn = torch.nn.BatchNorm2d(4).to(dtype)\n    y = bn(x)\n    print(y.is_contiguous(memory_format=torch.channels_last), bits(y), bits(bn.running_mean), bits(bn.running_var))\n    g = torch.randn(y.shape, dtype=dtype)\n    (y * g.contiguous(memory_format=torch.channels_last)).sum().backward()\n    print(bits(x.grad), bits(bn.weight.grad), bits(bn.bias.grad))\n    x.grad = None\n    (bn(x) * g).sum().backward()                  # a contiguous gradient: ATen's strided path\n    print(bits(x.grad), x.grad.is_contiguous())\n    bn.eval()\n    x.grad = None\n    (bn(x) * g).sum().backward()\n    print(bits(x.grad))\nt = (torch.randn(9, 8, 5, 40) + 3).transpose(0, -1).contiguous().transpose(0, -1).requires_grad_()\nbn = torch.nn.BatchNorm2d(8)\ny = bn(t)\ny.pow(2).sum().backward()\nprint(y.is_contiguous(), bits(y), bits(bn.running_mean), bits(bn.running_var), bits(t.grad))\nbn.eval()\nprint(bits(bn(t)))\nbn = torch.nn.BatchNorm1d(3)\ny = bn(torch.randn(4, 3, 9).transpose(0, 2).contiguous().transpose(0, 2))\nprint(bits(y), bits(bn.running_var))\n",
     'True -126140582513 -4175414523 4317734643\n-206200498235 -2059165427 2255259419\n-206200501133 False\n-151095877043\nTrue -4215341522521312121 64181714973427441 13203605850261375\n-7317181469669040243 -9170940292953502150 -9165654841606565632\n-7317181469669041483 False\n-3180645096171863806\nTrue -288000691050 8401952188 8522623509 -2060172694362\n15370795892633\n439976928 3196078413\n'),
]

GROUP_NORM = [
    ('def bits(t):\n    return t.detach().view(torch.int32 if t.dtype == torch.float32 else torch.int64).long().sum().item()\ntorch.set_num_threads(2)\nx = (torch.randn(6, 4, 50000) - 250).requires_grad_()\ngn = torch.nn.GroupNorm(2, 4)\ny = gn(x)\n(y * torch.randn(y.shape)).sum().backward()\nprint(bits(y), bits(x.grad), bits(gn.weight.grad))\nfor shape, groups, fmt in [((2, 6, 2, 2), 3, torch.channels_last), ((3, 9, 31, 38), 3, torch.channels_last),\n                           ((2, 6, 5, 21, 20), 3, torch.channels_last_3d), ((4, 8, 16, 7), 2, torch.channels_last)]:\n    for dtype in (torch.float32, torch.float64):\n        x = (torch.randn(shape, dtype=dtype) + 100).contiguous(memory_format=fmt).requires_grad_()\n        gn = torch.nn.GroupNorm(groups, shape[1]).to(dtype)\n        torch.nn.init.normal_(gn.weight)\n        y = gn(x)\n        g = torch.randn(shape, dtype=dtype).contiguous(memory_format=fmt)\n        (y * g).sum().backward()\n        print(shape, dtype, y.is_contiguous(memory_format=fmt), bits(y), bits(x.grad), bits(gn.weight.grad), bits(gn.bias.grad))\nx = (torch.randn(2, 6, 3, 4) - 250).contiguous(memory_format=torch.channels_last)\nprint(torch.nn.functional.group_norm(x, 2)[0, :, 0, 0].tolist())\n',
     '-20282652987771 -20057125196297 246619087\n(2, 6, 2, 2) torch.float32 True 9490272871 9868428361 -4330559109 -28481877\n(2, 6, 2, 2) torch.float64 True 8785920847390768652 -446192027220598056 9188887638925038685 -9214780022270899043\n(3, 9, 31, 38) torch.float32 True -597510215574 -455220896089 1414856327 5675961737\n(3, 9, 31, 38) torch.float64 True 6903250553753170268 7333803004469846559 -4493393944879154449 -4442122529127400682\n(2, 6, 5, 21, 20) torch.float32 True -334378562183 -583804523280 -4121601113 -4072384766\n(2, 6, 5, 21, 20) torch.float64 True -2223409826263476557 8342132147290566422 -9145040285003071939 -9116792673362818084\n(4, 8, 16, 7) torch.float32 True -115449215530 -367651711079 2261498721 153893660\n(4, 8, 16, 7) torch.float64 True -215658928059528631 -8318636321868080901 -9142578028631720941 -9119423356022822895\n[0.7069475650787354, -0.6770954132080078, -0.08901337534189224, 0.43618667125701904, 0.21247774362564087, -0.7855525612831116]\n'),
]

COMPLEX_MODULES = [
    ('import torch.nn as nn\nm = nn.Linear(2, 2)\nprint(m.to(torch.cdouble) is m, m.weight.dtype, m.bias.dtype)\nm2 = nn.Linear(2, 2).to(torch.zeros(1, dtype=torch.complex64))\nprint(m2.weight.dtype)\nm3 = nn.Linear(2, 2).to("cpu", torch.cfloat)\nm3.double()\nprint(m3.weight.dtype)\nm3.to(torch.float64)\nprint(m3.weight.dtype, m3.bias.dtype)\nm4 = nn.BatchNorm1d(2).to(dtype=torch.complex128)\nprint(m4.weight.dtype, m4.running_mean.dtype, m4.num_batches_tracked.dtype)\ntry:\n    nn.Linear(1, 1).to(torch.int64)\nexcept TypeError as e:\n    print("TypeError", e)\nprint(nn.Linear(1, 1).type(torch.cdouble).weight.dtype)\n',
     '!W UserWarning: Complex modules are a new feature under active development whose design may change, and some modules might not work as expected when using complex tensors as parameters or buffers. Please file an issue at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml if a complex module does not work as expected.\nTrue torch.complex128 torch.complex128\n!W UserWarning: Complex modules are a new feature under active development whose design may change, and some modules might not work as expected when using complex tensors as parameters or buffers. Please file an issue at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml if a complex module does not work as expected.\ntorch.complex64\n!W UserWarning: Complex modules are a new feature under active development whose design may change, and some modules might not work as expected when using complex tensors as parameters or buffers. Please file an issue at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml if a complex module does not work as expected.\ntorch.complex64\n!W UserWarning: Casting complex values to real discards the imaginary part (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/Copy.cpp:307.)\ntorch.float64 torch.float64\n!W UserWarning: Complex modules are a new feature under active development whose design may change, and some modules might not work as expected when using complex tensors as parameters or buffers. Please file an issue at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml if a complex module does not work as expected.\ntorch.complex128 torch.complex128 torch.int64\nTypeError nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int64\ntorch.complex128\n'),
]

DATA_GENERICS = [
    ('from torch.utils.data import (Sampler, Dataset, IterableDataset, DataLoader, BatchSampler,\n                              TensorDataset, Subset, ConcatDataset, StackDataset, RandomSampler,\n                              SequentialSampler, DistributedSampler, ChainDataset)\nprint(Sampler[int])\nprint(Dataset[int], IterableDataset[int], DataLoader[int], Subset[int], ConcatDataset[float])\nprint(DistributedSampler[int], StackDataset[int], Sampler[float], Dataset[Dataset[int]])\nfor cls in (BatchSampler, TensorDataset, RandomSampler, SequentialSampler):\n    try:\n        cls[int]\n    except TypeError as e:\n        print("TypeError", e)\nprint(Sampler[int] == Sampler[int], Sampler[int] == Sampler[str])\n',
     "torch.utils.data.sampler.Sampler[int]\ntorch.utils.data.dataset.Dataset[int] torch.utils.data.dataset.IterableDataset[int] torch.utils.data.dataloader.DataLoader[int] torch.utils.data.dataset.Subset[int] torch.utils.data.dataset.ConcatDataset[float]\ntorch.utils.data.distributed.DistributedSampler[int] torch.utils.data.dataset.StackDataset[int] torch.utils.data.sampler.Sampler[float] torch.utils.data.dataset.Dataset[torch.utils.data.dataset.Dataset[int]]\nTypeError <class 'torch.utils.data.sampler.BatchSampler'> is not a generic class\nTypeError <class 'torch.utils.data.dataset.TensorDataset'> is not a generic class\nTypeError <class 'torch.utils.data.sampler.RandomSampler'> is not a generic class\nTypeError <class 'torch.utils.data.sampler.SequentialSampler'> is not a generic class\nTrue False\n"),
]

CHANNEL_SHUFFLE_MEMORY_FORMAT = [
    ('import torch.nn as nn\nimport torch.nn.functional as F\nx = torch.arange(16.).reshape(1, 4, 2, 2)\nprint(F.native_channel_shuffle(x, 2))\nprint(F.native_channel_shuffle is torch.native_channel_shuffle)\nprint(F.native_channel_shuffle(x.requires_grad_(), 2).grad_fn.name())\nm = nn.Sequential(nn.Conv2d(8, 4, 3), nn.ReLU(), nn.Sequential(nn.ConvTranspose2d(4, 2, 2)), nn.Conv3d(2, 2, 1))\nprint(nn.utils.convert_conv2d_weight_memory_format(m, torch.channels_last) is m)\nprint(m[0].weight.stride(), m[2][0].weight.stride(), m[3].weight.stride())\nprint(m[0].weight.is_contiguous(memory_format=torch.channels_last), type(m[0].weight).__name__)\nprint(m[0](torch.randn(2, 8, 5, 5)).stride())\nc3 = nn.Conv3d(2, 3, 2)\nnn.utils.convert_conv3d_weight_memory_format(c3, torch.channels_last_3d)\nprint(c3.weight.stride())\ntry:\n    nn.utils.convert_conv3d_weight_memory_format(nn.Conv3d(1, 1, 1), torch.channels_last)\nexcept RuntimeError as e:\n    print("RuntimeError", e)\nnn.utils.convert_conv2d_weight_memory_format(m, torch.contiguous_format)\nprint(m[0].weight.stride())\nfrom torch.nn.utils.memory_format import convert_conv3d_weight_memory_format\nprint(convert_conv3d_weight_memory_format(nn.Linear(2, 2), torch.channels_last_3d))\n',
     'tensor([[[[ 0.,  1.],\n          [ 2.,  3.]],\n\n         [[ 8.,  9.],\n          [10., 11.]],\n\n         [[ 4.,  5.],\n          [ 6.,  7.]],\n\n         [[12., 13.],\n          [14., 15.]]]])\nTrue\ntorch::autograd::NotImplemented\nTrue\n(72, 1, 24, 8) (8, 1, 4, 2) (2, 1, 1, 1, 1)\nTrue Parameter\n(36, 1, 12, 4)\n(16, 1, 8, 4, 2)\nRuntimeError required rank 4 tensor to use channels_last format\n(72, 9, 3, 1)\nLinear(in_features=2, out_features=2, bias=True)\n'),
]

SUBCLASS_GENERIC = [
    ('from torch.utils.data import Sampler, Dataset, DataLoader\nclass MySampler(Sampler[int]):\n    def __init__(self, n):\n        self.n = n\n    def __iter__(self):\n        return iter(range(self.n))\n    def __len__(self):\n        return self.n\nclass Squares(Dataset[int]):\n    def __len__(self):\n        return 4\n    def __getitem__(self, i):\n        return i * i\nprint(list(MySampler(3)))\nprint(list(DataLoader(Squares(), batch_size=2, sampler=MySampler(4))))\ntry:\n    MySampler[int]\nexcept TypeError as e:\n    print("TypeError", e)\n',
     "[0, 1, 2]\n[tensor([0, 1]), tensor([4, 9])]\nTypeError <class '__main__.MySampler'> is not a generic class\n"),
]

PROGRAMS = {"norm-statistics": NORM_STATISTICS, "norm-layouts": NORM_LAYOUTS,
            "group-norm": GROUP_NORM, "complex-modules": COMPLEX_MODULES,
            "data-generics": DATA_GENERICS,
            "channel-shuffle-memory-format": CHANNEL_SHUFFLE_MEMORY_FORMAT}

test_prints_what_pytorch_printed = printed_programs(PROGRAMS)


def test_subclass_of_a_subscripted_class_as_python():
    # gradcli as a library (importing `torch.utils.data` through test_autograd_parity4's
    # run_python would load a second copy of gradcli's modules under torch's names)
    from gradcli.utils.data import DataLoader, Dataset, Sampler

    class MySampler(Sampler[int]):
        def __init__(self, n):
            self.n = n

        def __iter__(self):
            return iter(range(self.n))

        def __len__(self):
            return self.n

    class Squares(Dataset[int]):
        def __len__(self):
            return 4

        def __getitem__(self, i):
            return i * i

    assert list(MySampler(3)) == [0, 1, 2]
    assert [b.tolist() for b in DataLoader(Squares(), batch_size=2, sampler=MySampler(4))] \
        == [[0, 1], [4, 9]]
    with pytest.raises(TypeError, match="is not a generic class"):
        MySampler[int]


@pytest.mark.parametrize("source, expected", SUBCLASS_GENERIC)
def test_subclass_of_a_subscripted_class_as_formula(source, expected):
    assert run(source) == expected
