"""Leftovers the ports of session 48 found. Each expected output is what torch 2.13 printed
(format of test_autograd_parity4).

run-state: one run's settings (print options, default dtype and device, grad mode,
deterministic algorithms, matmul precision, anomaly mode, set_warn_always, cudnn flags, the
default generator) end with it: the next run in the same process starts as a new
`python prog.py` would, with the host's own choices (its seed).

empty-strided: a tensor of no elements keeps the strides it was asked for (and has no
memory).

histc-overflow: histc's bin edges are its dtype's: a range (given, or the data's widened
around 65504) past float16's or bfloat16's largest value is refused as c10's checked
conversion refuses it.

index-put-0d: a 0-d mask among index_put's indices is no index at all off the masked_fill
path (accumulate, or a value of more than one element): True or False, the others index
as without it, and alone it leaves the whole tensor as the indexing result (the value's
shape checked against it, then the CPU kernel's assertion).

stack-out-input: stack's out= that is one of its inputs is resized first (with the warning),
then read again as ATen's stack_out does: first, the stack's size check fails; later,
cat's rank check; along the new last dim, the overlap; an empty one passes.

tensor-program-sequence: torch.tensor reads item 0 of each level to learn the shape: a
formula's sequence class there whose item 0 raises (a KeyError ...) is a ValueError naming
its class, however deep.

histogramdd-order: ATen's order of histogramdd's checks: the ranges' (and a count below -1,
linspace's), the bins tensors' dtype, rank and size (a count of -1 is an empty one), then
the weight's, then a count of 0 bins; the tensors' order after the weight's."""
from __future__ import annotations

import io

import gradcli
from gradcli import lang
from test_autograd_parity4 import printed_programs, run

SETTER = ("torch.set_printoptions(precision=10, sci_mode=True, linewidth=20)\n"
          "torch.set_default_dtype(torch.float64)\n"
          "torch.use_deterministic_algorithms(True, warn_only=True)\n"
          "torch.set_float32_matmul_precision('medium')\ntorch.set_grad_enabled(False)\n"
          "torch.autograd.set_detect_anomaly(True)\ntorch.set_warn_always(True)\n"
          "torch.backends.cudnn.benchmark = True\ntorch.backends.cudnn.deterministic = True\n"
          "torch.set_default_device('meta')\ntorch.manual_seed(5)\n"
          "print(torch.rand(2, device='cpu'))\n")
READER = ("print(torch.tensor([1/3, 2e-5]), torch.get_default_dtype(), torch.tensor([1.5]).dtype)\n"
          "print(torch.are_deterministic_algorithms_enabled(), "
          "torch.is_deterministic_algorithms_warn_only_enabled(), "
          "torch.get_float32_matmul_precision())\n"
          "print(torch.is_grad_enabled(), torch.is_inference_mode_enabled(), "
          "torch.is_anomaly_enabled(), torch.is_warn_always_enabled())\n"
          "print(torch.backends.cudnn.benchmark, torch.backends.cudnn.deterministic, "
          "torch.get_default_device())\n"
          "print(torch.rand(2))\n")

EMPTY_STRIDED = [
    ('x = torch.empty_strided((0, 2, 0), (12, 4, 1))\nprint(x.stride(), x.is_contiguous(), x.storage_offset(), x.contiguous().stride(), x.untyped_storage().nbytes())\ny = torch.empty_strided((0, 3), (1, 0), dtype=torch.float64, requires_grad=True)\nprint(y.stride(), y.sum(), (y * 2).stride(), y.t().stride(), y[:, 1:].stride())\nz = torch.empty_strided((2, 0), (5, 7))\nprint(z.stride(), z.view(0).stride(), z.reshape(0, 2).stride(), z.transpose(0, 1).stride())\nprint(torch.empty_strided((0,), (3,)).stride())\n',
     '(12, 4, 1) True 0 (12, 4, 1) 0\n(1, 0) tensor(0., dtype=torch.float64, grad_fn=<SumBackward0>) (3, 1) (0, 1) (1, 0)\n(5, 7) (1,) (2, 1) (7, 5)\n(3,)\n'),
]

HISTC_OVERFLOW = [
    ("for dt in (torch.float16, torch.bfloat16):\n    for args in [dict(), dict(min=0, max=70000), dict(min=-70000, max=0), dict(min=0, max=65519), dict(min=0, max=65520), dict(min=0, max=float('inf'))]:\n        try:\n            print(torch.histc(torch.tensor([65504.] * 3, dtype=dt), bins=4, **args))\n        except RuntimeError as e:\n            print(dt, args, e)\ntry:\n    print(torch.histc(torch.tensor([-65504.], dtype=torch.float16), bins=4))\nexcept RuntimeError as e:\n    print(e)\nprint(torch.histc(torch.tensor([1., 2.], dtype=torch.bfloat16), bins=4, min=0, max=1e38))\ntry:\n    print(torch.histc(torch.tensor([1., 2.], dtype=torch.bfloat16), bins=4, min=0, max=3.5e38))\nexcept RuntimeError as e:\n    print(e)\n",
     "torch.float16 {} value cannot be converted to type c10::Half without overflow\ntorch.float16 {'min': 0, 'max': 70000} value cannot be converted to type c10::Half without overflow\ntorch.float16 {'min': -70000, 'max': 0} value cannot be converted to type c10::Half without overflow\ntorch.float16 {'min': 0, 'max': 65519} value cannot be converted to type c10::Half without overflow\ntorch.float16 {'min': 0, 'max': 65520} value cannot be converted to type c10::Half without overflow\ntorch.float16 {'min': 0, 'max': inf} torch.histc: range of [0, inf] is not finite\ntensor([3., 0., 0., 0.], dtype=torch.bfloat16)\ntensor([0., 0., 0., 3.], dtype=torch.bfloat16)\ntensor([0., 0., 0., 0.], dtype=torch.bfloat16)\ntensor([0., 0., 0., 3.], dtype=torch.bfloat16)\ntensor([0., 0., 0., 3.], dtype=torch.bfloat16)\ntorch.bfloat16 {'min': 0, 'max': inf} torch.histc: range of [0, inf] is not finite\nvalue cannot be converted to type c10::Half without overflow\ntensor([2., 0., 0., 0.], dtype=torch.bfloat16)\nvalue cannot be converted to type c10::BFloat16 without overflow\n"),
]

INDEX_PUT_0D = [
    ('cases = [\n    (torch.ones(3), (torch.tensor(True),), torch.tensor([[3.]])),\n    (torch.ones(3), (torch.tensor(True),), torch.tensor([3.])),\n    (torch.ones(3), (torch.tensor(True),), torch.tensor(3.)),\n    (torch.ones(3), (torch.tensor(False),), torch.tensor([3.])),\n    (torch.ones(3), (torch.tensor(True),), torch.tensor([1., 2., 3.])),\n    (torch.ones(2, 3), (torch.tensor(True),), torch.tensor([[1., 2., 3.]])),\n    (torch.ones(2, 3), (torch.tensor(True),), torch.tensor([1., 2., 3.])),\n    (torch.ones(2, 3), (torch.tensor(True), torch.tensor([0, 0])), torch.tensor([1., 2.])),\n    (torch.ones(2, 3), (torch.tensor([0]), torch.tensor(True)), torch.tensor([1., 2., 3.])),\n]\nfor acc in (True, False):\n    for x, idx, v in cases:\n        try:\n            print(acc, x.index_put(idx, v, accumulate=acc))\n        except (RuntimeError, IndexError) as e:\n            print(acc, type(e).__name__, e)\n',
     'True RuntimeError shape mismatch: value tensor of shape [1, 1] cannot be broadcast to indexing result of shape [3]\nTrue RuntimeError ntensor >= 3 INTERNAL ASSERT FAILED at "/__w/pytorch/pytorch/aten/src/ATen/native/cpu/IndexKernelUtils.h":8, please report a bug to PyTorch. \nTrue RuntimeError ntensor >= 3 INTERNAL ASSERT FAILED at "/__w/pytorch/pytorch/aten/src/ATen/native/cpu/IndexKernelUtils.h":8, please report a bug to PyTorch. \nTrue RuntimeError ntensor >= 3 INTERNAL ASSERT FAILED at "/__w/pytorch/pytorch/aten/src/ATen/native/cpu/IndexKernelUtils.h":8, please report a bug to PyTorch. \nTrue RuntimeError ntensor >= 3 INTERNAL ASSERT FAILED at "/__w/pytorch/pytorch/aten/src/ATen/native/cpu/IndexKernelUtils.h":8, please report a bug to PyTorch. \nTrue RuntimeError ntensor >= 3 INTERNAL ASSERT FAILED at "/__w/pytorch/pytorch/aten/src/ATen/native/cpu/IndexKernelUtils.h":8, please report a bug to PyTorch. \nTrue RuntimeError ntensor >= 3 INTERNAL ASSERT FAILED at "/__w/pytorch/pytorch/aten/src/ATen/native/cpu/IndexKernelUtils.h":8, please report a bug to PyTorch. \nTrue RuntimeError shape mismatch: value tensor of shape [2] cannot be broadcast to indexing result of shape [2, 3]\nTrue tensor([[2., 3., 4.],\n        [1., 1., 1.]])\nFalse tensor([3., 3., 3.])\nFalse tensor([3., 3., 3.])\nFalse tensor([3., 3., 3.])\nFalse tensor([1., 1., 1.])\nFalse RuntimeError ntensor >= 3 INTERNAL ASSERT FAILED at "/__w/pytorch/pytorch/aten/src/ATen/native/cpu/IndexKernelUtils.h":8, please report a bug to PyTorch. \nFalse RuntimeError ntensor >= 3 INTERNAL ASSERT FAILED at "/__w/pytorch/pytorch/aten/src/ATen/native/cpu/IndexKernelUtils.h":8, please report a bug to PyTorch. \nFalse RuntimeError ntensor >= 3 INTERNAL ASSERT FAILED at "/__w/pytorch/pytorch/aten/src/ATen/native/cpu/IndexKernelUtils.h":8, please report a bug to PyTorch. \nFalse RuntimeError shape mismatch: value tensor of shape [2] cannot be broadcast to indexing result of shape [2, 3]\nFalse tensor([[1., 2., 3.],\n        [1., 1., 1.]])\n'),
    ('x = torch.ones(2, 3)\nfor acc in (True, False):\n    for idx, v in [((torch.tensor([0]), torch.tensor(False)), torch.tensor([1., 2., 3.])),\n                   ((torch.tensor(False), torch.tensor([1])), torch.tensor([1., 2., 3.]))]:\n        try:\n            print(acc, x.clone().index_put_(idx, v, accumulate=acc))\n        except (RuntimeError, IndexError) as e:\n            print(acc, type(e).__name__, e)\ny = torch.ones(3, requires_grad=True)\ntry:\n    y.clone().index_put_((torch.tensor(True),), torch.tensor([[3.]]), accumulate=True)\nexcept RuntimeError as e:\n    print(e)\n',
     'True tensor([[2., 3., 4.],\n        [1., 1., 1.]])\nTrue tensor([[1., 1., 1.],\n        [2., 3., 4.]])\nFalse tensor([[1., 2., 3.],\n        [1., 1., 1.]])\nFalse tensor([[1., 1., 1.],\n        [1., 2., 3.]])\nshape mismatch: value tensor of shape [1, 1] cannot be broadcast to indexing result of shape [3]\n'),
]

STACK_OUT_INPUT = [
    ('x = torch.ones(2)\ny = torch.full((2,), 2.)\ntry:\n    torch.stack([x, y], out=x)\nexcept RuntimeError as e:\n    print(e)\nprint(x.shape)\nx = torch.ones(2)\ntry:\n    torch.stack([x, y, y], out=y)\nexcept RuntimeError as e:\n    print(e)\nprint(y.shape)\ny = torch.full((2,), 2.)\ntry:\n    torch.stack([x, y], dim=1, out=x)\nexcept RuntimeError as e:\n    print(e)\nx = torch.ones(2)\ntry:\n    torch.stack([y, x], dim=-1, out=x)\nexcept RuntimeError as e:\n    print(e)\nx = torch.ones(2, 2)\ntry:\n    print(torch.stack([x[0], x[1]], out=x))\nexcept RuntimeError as e:\n    print(e)\nx = torch.ones(0)\nprint(torch.stack([x, x], out=x), torch.stack([torch.ones(0), x], 1, out=x))\nx = torch.ones(2)\nprint(torch.stack([y, y], out=x), x.shape)\n',
     '!W UserWarning: An output with one or more elements was resized since it had shape [2], which does not match the required output shape [2, 2]. This behavior is deprecated, and in a future PyTorch release outputs will not be resized unless they have zero elements. You can explicitly reuse an out tensor t by resizing it, inplace, to zero elements with t.resize_(0). (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/Resize.cpp:30.)\nstack expects each tensor to be equal size, but got [2, 2] at entry 0 and [2] at entry 1\ntorch.Size([2, 2])\n!W UserWarning: An output with one or more elements was resized since it had shape [2], which does not match the required output shape [3, 2]. This behavior is deprecated, and in a future PyTorch release outputs will not be resized unless they have zero elements. You can explicitly reuse an out tensor t by resizing it, inplace, to zero elements with t.resize_(0). (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/Resize.cpp:30.)\nTensors must have same number of dimensions: got 1 and 2\ntorch.Size([3, 2])\n!W UserWarning: An output with one or more elements was resized since it had shape [2], which does not match the required output shape [2, 2]. This behavior is deprecated, and in a future PyTorch release outputs will not be resized unless they have zero elements. You can explicitly reuse an out tensor t by resizing it, inplace, to zero elements with t.resize_(0). (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/Resize.cpp:30.)\nunsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n!W UserWarning: An output with one or more elements was resized since it had shape [2], which does not match the required output shape [2, 2]. This behavior is deprecated, and in a future PyTorch release outputs will not be resized unless they have zero elements. You can explicitly reuse an out tensor t by resizing it, inplace, to zero elements with t.resize_(0). (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/Resize.cpp:30.)\nunsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\nunsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n!! RuntimeError: stack expects each tensor to be equal size, but got [0] at entry 0 and [2, 0] at entry 1\n'),
]

TENSOR_OF_PROGRAM_SEQUENCES = [
    ('class Bad:\n    def __len__(self):\n        return 1\n    def __getitem__(self, i):\n        raise KeyError(i)\nclass Two:\n    def __len__(self):\n        return 2\n    def __getitem__(self, i):\n        if i == 0:\n            return Bad()\n        raise IndexError(i)\nfor data in ([Bad()], [[Bad()]], (Bad(), 1), [Two()]):\n    try:\n        print(torch.tensor(data))\n    except Exception as e:\n        print(type(e).__name__, e)\n',
     "ValueError could not determine the shape of object type 'Bad'\nValueError could not determine the shape of object type 'Bad'\nValueError could not determine the shape of object type 'Bad'\nValueError could not determine the shape of object type 'Bad'\n"),
]

HISTOGRAMDD_ORDER = [
    ('x = torch.tensor([[0., 1.], [1., 0.], [0.5, 0.5]])\nw = torch.ones(2)\ntries = [\n    lambda: torch.histogramdd(x, bins=[torch.tensor([0., 1.]), torch.tensor([[0., 1.]])], weight=w),\n    lambda: torch.histogramdd(x, bins=[torch.tensor([0., 1.], dtype=torch.float64), torch.tensor([0., 1.])], weight=w),\n    lambda: torch.histogramdd(x, bins=[torch.tensor([0., 1.]), torch.tensor([])], weight=w),\n    lambda: torch.histogramdd(x, bins=[torch.tensor([1., 0.]), torch.tensor([0., 1.])], weight=w),\n    lambda: torch.histogramdd(x, bins=[2, -1], weight=w),\n    lambda: torch.histogramdd(x, bins=[2, 0], weight=w),\n    lambda: torch.histogramdd(x, bins=[2, 2], range=[1., 0., 0., 1.], weight=w),\n    lambda: torch.histogramdd(x, bins=[2, 2], weight=torch.ones(3, dtype=torch.float64)),\n    lambda: torch.histogramdd(x, bins=[torch.tensor([0., 1.]), torch.tensor([[0., 1.]])], weight=torch.ones(3, dtype=torch.float64)),\n    lambda: torch.histogramdd(x, bins=[torch.tensor([0., 1.]), torch.tensor([0., 1.])], weight=torch.ones(3)),\n]\nfor f in tries:\n    try:\n        print(f())\n    except RuntimeError as e:\n        print(e)\n',
     'torch.histogramdd: bins tensor should have one dimension, but got 2 dimensions in the bins tensor for dimension 1\ntorch.histogramdd: input tensor and bins tensors should have the same dtype, but got input with dtype float and bins for dimension 0 with dtype double\ntorch.histogramdd: bins tensor should have at least 1 element, but got 0 elements in the bins tensor for dimension 1\ntorch.histogramdd: if weight tensor is provided it should have the same shape as the input tensor excluding its innermost dimension, but got input with shape [3, 2] and weight with shape [2]\ntorch.histogramdd: bins tensor should have at least 1 element, but got 0 elements in the bins tensor for dimension 1\ntorch.histogramdd: if weight tensor is provided it should have the same shape as the input tensor excluding its innermost dimension, but got input with shape [3, 2] and weight with shape [2]\ntorch.histogramdd: min should not exceed max, but got min 1 max 0 for dimension 0\ntorch.histogramdd: if weight tensor is provided, input tensor and weight tensor should have the same dtype, but got input(float), and weight(double)\ntorch.histogramdd: bins tensor should have one dimension, but got 2 dimensions in the bins tensor for dimension 1\ntorch.return_types.histogramdd(\nhist=tensor([[3.]]),\nbin_edges=(tensor([0., 1.]), tensor([0., 1.])))\n'),
    ('x = torch.tensor([[0., 1.], [1., 0.], [0.5, 0.5]])\nfor b in ([2, 0], [2, -1], [-2, 2]):\n    try:\n        print(torch.histogramdd(x, bins=b))\n    except RuntimeError as e:\n        print(e)\n',
     'torch.histogram(): bins must be > 0, but got 0 for dimension 1\ntorch.histogramdd: bins tensor should have at least 1 element, but got 0 elements in the bins tensor for dimension 1\nnumber of steps must be non-negative\n'),
    ('print(torch.histogramdd(torch.ones(3, 0), bins=[]))\nprint(torch.histogramdd(torch.ones(0, 2), bins=2, weight=torch.ones(0)))\nprint(torch.histogramdd(torch.ones(3, 0), bins=[], weight=torch.ones(3), density=True))\nx = torch.tensor([[0., 1.], [1., 0.], [0.5, 0.5]], dtype=torch.float64)\nprint(torch.histogramdd(x, bins=[2, 3], weight=torch.tensor([1., 2., 3.], dtype=torch.float64), density=True))\n',
     'torch.return_types.histogramdd(\nhist=tensor(0.),\nbin_edges=())\ntorch.return_types.histogramdd(\nhist=tensor([[0., 0.],\n        [0., 0.]]),\nbin_edges=(tensor([0.0000, 0.5000, 1.0000]), tensor([0.0000, 0.5000, 1.0000])))\ntorch.return_types.histogramdd(\nhist=tensor(nan),\nbin_edges=())\ntorch.return_types.histogramdd(\nhist=tensor([[0.0000, 0.0000, 1.0000],\n        [2.0000, 3.0000, 0.0000]], dtype=torch.float64),\nbin_edges=(tensor([0.0000, 0.5000, 1.0000], dtype=torch.float64), tensor([0.0000, 0.3333, 0.6667, 1.0000], dtype=torch.float64)))\n'),
]

test_leftovers = printed_programs({
    "empty-strided": EMPTY_STRIDED,
    "histc-overflow": HISTC_OVERFLOW,
    "index-put-0d": INDEX_PUT_0D,
    "stack-out-input": STACK_OUT_INPUT,
    "tensor-program-sequence": TENSOR_OF_PROGRAM_SEQUENCES,
    "histogramdd-order": HISTOGRAMDD_ORDER,
})


def test_run_state_ends_with_the_run():
    assert run(SETTER) == 'tensor([6.4201500663e-01,\n        2.5975791518e-01])\n'
    assert run(READER) == ('tensor([3.3333e-01, 2.0000e-05]) torch.float32 torch.float32\n'
                           'False False highest\nTrue False False False\nFalse False cpu\n'
                           'tensor([0.4963, 0.7682])\n')


def test_the_hosts_seed_reaches_the_next_run():
    gradcli.manual_seed(0)
    lang.run_source("import torch\ntorch.manual_seed(5)\ntorch.rand(3)\n", "a.py",
                    out=io.StringIO())
    out = io.StringIO()
    lang.run_source("import torch\nprint(torch.rand(2))\n", "b.py", out=out)
    assert out.getvalue() == 'tensor([0.4963, 0.7682])\n'
