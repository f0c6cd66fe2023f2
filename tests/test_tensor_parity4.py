"""Tensors against PyTorch 2.13, part 4: complex tensors' basic properties (is_complex,
the lazy conjugate of conj() and is_conj/resolve_conj/conj_physical, real and imag as views,
torch.complex, view_as_real/view_as_complex and their gradients), out= refused where it
partly shares an input's memory (and refused as a keyword where PyTorch's function has no
out=), random draws refused for integer tensors before any number is drawn, get_rng_state as
PyTorch's 5056 bytes, and the memory formats.

Each case is a program and what PyTorch 2.13 printed for it, copied in (the format of
test_autograd_parity4: printed lines, a warning as `!W Category: message`, an error that
ends the program as `!! Type: message`), so this runs without PyTorch."""
from __future__ import annotations

import pytest

from test_autograd_parity4 import run

# conj() is PyTorch's lazy conjugate (is_conj; imag of it is_neg); real/imag are views (writes
# reach the complex tensor), real a select of view_as_real as PyTorch's (SelectBackward0)
COMPLEX = [
    ('x = torch.tensor([1., 2.], dtype=torch.complex64)\nprint(x.is_complex(), torch.is_complex(x), torch.tensor([1.]).is_complex())\ny = x.conj()\nprint(y, y.is_conj(), x.is_conj())\nprint(y.resolve_conj(), y.resolve_conj().is_conj(), torch.conj_physical(x).is_conj())\nprint(x.real, x.imag, y.imag, y.imag.is_neg())',
     'True True False\ntensor([1.-0.j, 2.-0.j]) True False\ntensor([1.-0.j, 2.-0.j]) False False\ntensor([1., 2.]) tensor([0., 0.]) tensor([-0., -0.]) True\n'),
    ('z = torch.complex(torch.tensor([1., 2.]), torch.tensor([3., -4.]))\nprint(z, z.dtype)\nprint(z.abs(), z.real, z.imag)\nprint(torch.view_as_real(z))\nprint(torch.view_as_complex(torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float64)))\nprint(torch.real(z), torch.imag(z.conj()))',
     'tensor([1.+3.j, 2.-4.j]) torch.complex64\ntensor([3.1623, 4.4721]) tensor([1., 2.]) tensor([ 3., -4.])\ntensor([[ 1.,  3.],\n        [ 2., -4.]])\ntensor([1.+2.j, 3.+4.j], dtype=torch.complex128)\ntensor([1., 2.]) tensor([-3.,  4.])\n'),
    ('z = torch.zeros(2, dtype=torch.complex64)\nr = z.real\nr.add_(5)\nz.imag[1] = 2\nprint(z)\nv = torch.view_as_real(z)\nv[0, 1] = -1\nprint(z)',
     'tensor([5.+0.j, 5.+2.j])\ntensor([5.-1.j, 5.+2.j])\n'),
    ('w = torch.tensor([1., 2.], dtype=torch.complex64, requires_grad=True)\nprint(w.real, w.imag)\nprint(w.conj(), w.conj_physical(), w.conj().resolve_conj())\n(w.real * 2 + w.imag * 3).sum().backward()\nprint(w.grad)\nw.grad = None\nv = torch.view_as_real(w)\nprint(v)\nv.sum().backward()\nprint(w.grad)',
     'tensor([1., 2.], grad_fn=<SelectBackward0>) tensor([0., 0.], grad_fn=<SelectBackward0>)\ntensor([1.-0.j, 2.-0.j], grad_fn=<ConjBackward0>) tensor([1.-0.j, 2.-0.j], grad_fn=<ConjPhysicalBackward0>) tensor([1.-0.j, 2.-0.j], grad_fn=<CloneBackward0>)\ntensor([2.+3.j, 2.+3.j])\ntensor([[1., 0.],\n        [2., 0.]], grad_fn=<ViewAsRealBackward0>)\ntensor([1.+1.j, 1.+1.j])\n'),
    ('a = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\nc = torch.view_as_complex(a)\nprint(c)\n(c.real * c.imag).sum().backward()\nprint(a.grad)',
     'tensor([1.+2.j, 3.+4.j], grad_fn=<ViewAsComplexBackward0>)\ntensor([[2., 1.],\n        [4., 3.]])\n'),
    ('print(torch.tensor([1., -2.]).conj(), torch.tensor([1., -2.]).real, torch.tensor([1.]).is_conj())\ntorch.tensor([1., 2.]).imag',
     'tensor([ 1., -2.]) tensor([ 1., -2.]) False\n!! RuntimeError: imag is not implemented for tensors with non-complex dtypes.\n'),
    ('torch.view_as_real(torch.tensor([1., 2.]))',
     '!! RuntimeError: view_as_real is only supported for complex tensors\n'),
    ('torch.view_as_real(torch.tensor([1., 2.], dtype=torch.complex64).conj())',
     "!! RuntimeError: view_as_real doesn't work on unresolved conjugated tensors.  To resolve the conjugate tensor so you can view it as real, use self.resolve_conj(); however, be warned that the resulting tensor will NOT alias the original.\n"),
    ('torch.view_as_complex(torch.tensor([1., 2., 3.]))',
     '!! RuntimeError: Tensor must have a last dimension of size 2\n'),
    ('torch.view_as_complex(torch.tensor([[1., 2.], [3., 4.]]).t())',
     '!! RuntimeError: Tensor must have a last dimension with stride 1\n'),
    ('torch.view_as_complex(torch.tensor([1, 2]))',
     '!! RuntimeError: view_as_complex is only supported for half, float and double tensors, but got a tensor of scalar type: Long\n'),
    ('torch.view_as_complex(torch.tensor([1., 2., 3.])[1:])',
     '!! RuntimeError: Tensor must have a storage_offset divisible by 2\n'),
    ('torch.complex(torch.tensor([1., 2.]), torch.tensor([1., 2.], dtype=torch.float64))',
     '!! RuntimeError: Expected object of scalar type Float but got scalar type Double for second argument\n'),
    ('torch.complex(torch.tensor([1, 2]), torch.tensor([1, 2]))',
     '!! RuntimeError: Expected both inputs to be Half, Float or Double tensors but got Long and Long\n'),
    ('torch.complex(torch.tensor([1., 2.]), 3.)',
     "!! TypeError: complex(): argument 'imag' (position 2) must be Tensor, not float\n"),
    ('z = torch.complex(torch.tensor([1., -1., 0., 3.]), torch.tensor([1., 0.5, -2., 0.]))\nprint(z.angle(), z.angle().dtype)\nprint(torch.angle(torch.complex(torch.tensor([1., -3.], dtype=torch.float64), torch.tensor([2., -1.], dtype=torch.float64))))',
     'tensor([ 0.7854,  2.6779, -1.5708,  0.0000]) torch.float32\ntensor([ 1.1071, -2.8198], dtype=torch.float64)\n'),
]

@pytest.mark.parametrize("source,expected", COMPLEX)
def test_complex_tensors_as_pytorch(source, expected):
    assert run(source) == expected

# gradients of complex, view_as_real, view_as_complex, conj, conj_physical, real and imag
# in float64, first and second order
GRAD = [
    ('from torch.autograd import gradcheck, gradgradcheck\nr = torch.randn(3, dtype=torch.float64, requires_grad=True)\nq = torch.randn(3, dtype=torch.float64, requires_grad=True)\nw = torch.randn(2, 2, dtype=torch.float64, requires_grad=True)\nfs = [lambda a, b: torch.view_as_real(torch.complex(a, b)), lambda a, b: torch.view_as_real(torch.complex(a, b).conj().resolve_conj()), lambda a, b: torch.view_as_real(torch.complex(a, b).conj_physical()), lambda a, b: torch.complex(a, b).conj().imag * torch.complex(b, a).real]\nfor f in fs:\n    print(gradcheck(f, (r, q)), gradgradcheck(f, (r, q)))\nfor f in [lambda a: torch.view_as_real(torch.view_as_complex(a).conj().resolve_conj()), lambda a: torch.view_as_complex(a).imag ** 2 * torch.view_as_complex(a).real]:\n    print(gradcheck(f, (w,)), gradgradcheck(f, (w,)))',
     'True True\nTrue True\nTrue True\nTrue True\nTrue True\nTrue True\n'),
]

@pytest.mark.parametrize("source,expected", GRAD)
def test_complex_view_gradients_check(source, expected):
    assert run(source) == expected

# out= partly sharing an input's memory: TensorIterator's ops, cat, sort, max with a dim, addmm,
# torch.special's, linalg.cross refuse it; reductions, mm, linalg's others do not; wholly the
# same memory is allowed. flip, clone, rot90, roll have no out= in Python
OUT = [
    ('x = torch.arange(6.)\ntorch.add(x[:3], 1, out=x[1:4])',
     '!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(6.)\ntorch.exp(x[:4], out=x[2:])',
     '!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(6.)\ntorch.add(x, 1, out=x)\ntorch.mul(x, x, out=x)\nprint(x)\ntorch.exp(x[:4].view(2, 2), out=x[:4].view(2, 2).t())',
     'tensor([ 1.,  4.,  9., 16., 25., 36.])\n!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(6.)\ntorch.exp(torch.ones(3), out=x[:1].expand(3))',
     '!! RuntimeError: unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(6.)\ntorch.cat([x[:2], x[2:3]], out=x[1:4])',
     '!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(6.)\ntorch.sort(x[:3], out=(x[1:4], torch.zeros(3, dtype=torch.long)))',
     '!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(6.)\ntorch.max(x[:3], 0, True, out=(x[1:2], torch.zeros(1, dtype=torch.long)))',
     '!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(9.) + 1\ntorch.addmm(x[:4].view(2, 2), x[:4].view(2, 2), x[:4].view(2, 2), out=x[1:5].view(2, 2))',
     '!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(9.) + 1\ntorch.special.xlogy(x[:3], x[3:6], out=x[1:4])',
     '!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(9.) + 1\ntorch.linalg.cross(x[:3], x[3:6], out=x[1:4])',
     '!! RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.\n'),
    ('x = torch.arange(9.) + 1\ntorch.sum(x[:3], 0, True, out=x[5:6])\ntorch.linalg.vector_norm(x[:3], dim=0, keepdim=True, out=x[6:7])\ntorch.amax(x[:3], 0, True, out=x[7:8])\nprint(x)',
     'tensor([1.0000, 2.0000, 3.0000, 4.0000, 5.0000, 6.0000, 3.7417, 3.0000, 9.0000])\n'),
    ('x = torch.arange(6.)\ntorch.add(torch.ones(6), x, out=x)\nprint(x)',
     'tensor([1., 2., 3., 4., 5., 6.])\n'),
    ('x = torch.arange(3.)\ntorch.flip(x, [0], out=torch.zeros(3))',
     "!! TypeError: flip() got an unexpected keyword argument 'out'\n"),
    ('x = torch.arange(3.)\ntorch.clone(x, out=torch.zeros(3))',
     "!! TypeError: clone() got an unexpected keyword argument 'out'\n"),
    ('x = torch.arange(4.).view(2, 2)\ntorch.rot90(x, out=torch.zeros(2, 2))',
     "!! TypeError: rot90() got an unexpected keyword argument 'out'\n"),
    ('x = torch.arange(3.)\ntorch.roll(x, 1, out=torch.zeros(3))',
     "!! TypeError: roll() got an unexpected keyword argument 'out'\n"),
]

@pytest.mark.parametrize("source,expected", OUT)
def test_out_overlap_as_pytorch(source, expected):
    assert run(source) == expected

# uniform_/normal_/rand/randn of integer dtypes refused before drawing (the next draws
# unchanged); complex draws fill both parts; get_rng_state is CPUGeneratorImplState's bytes
RNG = [
    ('z = torch.zeros(3, dtype=torch.long)\ntry:\n    z.uniform_()\nexcept NotImplementedError as e:\n    print(e)\ntry:\n    z.normal_()\nexcept NotImplementedError as e:\n    print(e)\nprint(torch.rand(2), z)',
     '"check_uniform_bounds" not implemented for \'Long\'\n"normal_kernel_cpu" not implemented for \'Long\'\ntensor([0.4963, 0.7682]) tensor([0, 0, 0])\n'),
    ('torch.zeros(3, dtype=torch.int32).uniform_(0, 5)',
     '!! NotImplementedError: "check_uniform_bounds" not implemented for \'Int\'\n'),
    ('torch.zeros(3, dtype=torch.bool).normal_()',
     '!! NotImplementedError: "normal_kernel_cpu" not implemented for \'Bool\'\n'),
    ('torch.rand(3, dtype=torch.long)',
     '!! NotImplementedError: "check_uniform_bounds" not implemented for \'Long\'\n'),
    ('torch.randn(3, dtype=torch.int16)',
     '!! NotImplementedError: "normal_kernel_cpu" not implemented for \'Short\'\n'),
    ('print(torch.zeros(3, dtype=torch.complex64).uniform_())\nprint(torch.zeros(3, dtype=torch.complex64).normal_(1, 2))\nprint(torch.randn(2, dtype=torch.complex128))',
     'tensor([0.4963+0.7682j, 0.0885+0.1320j, 0.3074+0.6341j])\ntensor([ 2.7882+0.0278j,  1.2268+0.1423j, -0.1074+2.5021j])\ntensor([-0.1848+0.7543j,  0.2941+0.5937j], dtype=torch.complex128)\n'),
    ('torch.set_rng_state(torch.zeros(5056))',
     '!! TypeError: RNG state must be a torch.ByteTensor\n'),
    ('torch.set_rng_state(torch.zeros(10, dtype=torch.uint8))',
     '!! RuntimeError: Expected a CPUGeneratorImplState of size 5056 but found the input RNG state size to be 10\n'),
    ('torch.set_rng_state(torch.zeros(5056, dtype=torch.uint8))',
     '!! RuntimeError: Invalid mt19937 state\n'),
    ('torch.set_rng_state([1, 2])',
     '!! TypeError: expected a torch.ByteTensor, but got list\n'),
]


@pytest.mark.parametrize("source,expected", RNG)
def test_random_draws_and_set_rng_state_checks_as_pytorch(source, expected):
    assert run(source) == expected


# torch.get_rng_state() and Generator.get_state() give PyTorch's bytes
RNG_STATE = [
    ('s = torch.get_rng_state()\nprint(s.dtype, s.shape, s[:40].tolist(), s[5000:].tolist())\ntorch.rand(1)\ns = torch.get_rng_state()\nprint(s[:40].tolist(), s[5000:].tolist())\ntorch.randn(3)\ns = torch.get_rng_state()\nprint(s[:40].tolist(), s[5000:].tolist())',
     'torch.uint8 torch.Size([5056]) [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0] [47, 48, 180, 181, 0, 0, 0, 0, 48, 25, 26, 107, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]\n[0, 0, 0, 0, 0, 0, 0, 0, 112, 2, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 18, 13, 161, 145, 0, 0, 0, 0, 3, 236, 46, 65, 0, 0, 0, 0] [86, 234, 225, 157, 0, 0, 0, 0, 210, 182, 5, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]\n[0, 0, 0, 0, 0, 0, 0, 0, 104, 2, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 18, 13, 161, 145, 0, 0, 0, 0, 3, 236, 46, 65, 0, 0, 0, 0] [86, 234, 225, 157, 0, 0, 0, 0, 210, 182, 5, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 197, 15, 0, 105, 165, 77, 209, 63, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]\n'),
    ('torch.manual_seed(2**40 + 5)\ntorch.rand(700)\ns = torch.get_rng_state()\nprint(s[:40].tolist(), s[5000:].tolist())\na = torch.randn(5)\ntorch.set_rng_state(s)\nprint(torch.equal(a, torch.randn(5)))\nprint(s)',
     '[5, 0, 0, 0, 0, 1, 0, 0, 37, 2, 0, 0, 1, 0, 0, 0, 76, 0, 0, 0, 0, 0, 0, 0, 183, 0, 180, 118, 0, 0, 0, 0, 208, 11, 249, 31, 0, 0, 0, 0] [241, 51, 28, 85, 0, 0, 0, 0, 242, 219, 32, 94, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]\nTrue\ntensor([5, 0, 0,  ..., 0, 0, 0], dtype=torch.uint8)\n'),
    ('torch.rand(624)\ns = torch.get_rng_state()\nprint(s[8:24].tolist())\nb = torch.randn(5)\ntorch.set_rng_state(s)\nprint(torch.equal(b, torch.randn(5)))\ntorch.randn(1)\ns = torch.get_rng_state()\nc = torch.randn(3)\ntorch.manual_seed(0)\ntorch.set_rng_state(s)\nprint(torch.equal(c, torch.randn(3)))',
     '[1, 0, 0, 0, 1, 0, 0, 0, 112, 2, 0, 0, 0, 0, 0, 0]\nTrue\nTrue\n'),
    ('g = torch.Generator()\nprint(g.get_state()[:24].tolist())\ng.manual_seed(3)\ng.set_state(torch.get_rng_state())\nprint(torch.randn(3, generator=g), torch.randn(3))',
     '[1, 209, 156, 241, 48, 61, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]\ntensor([ 1.5410, -0.2934, -2.1788]) tensor([ 1.5410, -0.2934, -2.1788])\n'),
]


@pytest.mark.parametrize("source,expected", RNG_STATE)
def test_get_rng_state_is_pytorchs_bytes(source, expected):
    assert run(source) == expected


# the generator's own bytes, as PyTorch 2.13's get_rng_state gave them (manual_seed(0); then
# after rand(1); then after randn(3), which leaves a cached double normal)
STATE_BYTES = [
    ("", [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
          0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
     [47, 48, 180, 181, 0, 0, 0, 0, 48, 25, 26, 107] + [0] * 44),
    ("rand1", [0, 0, 0, 0, 0, 0, 0, 0, 112, 2, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 18,
               13, 161, 145, 0, 0, 0, 0, 3, 236, 46, 65, 0, 0, 0, 0],
     [86, 234, 225, 157, 0, 0, 0, 0, 210, 182, 5, 100] + [0] * 44),
    ("randn3", [0, 0, 0, 0, 0, 0, 0, 0, 104, 2, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 18,
                13, 161, 145, 0, 0, 0, 0, 3, 236, 46, 65, 0, 0, 0, 0],
     [86, 234, 225, 157, 0, 0, 0, 0, 210, 182, 5, 100] + [0] * 12
     + [197, 15, 0, 105, 165, 77, 209, 63] + [0] * 8 + [1] + [0] * 15),
]


def test_generator_state_bytes_are_pytorchs_and_round_trip():
    import gradcli
    from gradcli.ops.creation import _torch_generator
    gradcli.manual_seed(0)
    for step, head, tail in STATE_BYTES:
        if step == "rand1":
            gradcli.rand(1)
        elif step == "randn3":
            gradcli.randn(3)
        s = _torch_generator().state_bytes()
        assert s.dtype == gradcli.uint8 and tuple(s.shape) == (5056,)
        assert s[:40].tolist() == head and s[5000:].tolist() == tail
    drawn = gradcli.randn(5).tolist()
    gradcli.manual_seed(1)
    _torch_generator().set_state(s)
    assert gradcli.randn(5).tolist() == drawn
    assert _torch_generator().state_bytes().tolist() != s.tolist()


FORMATS = [
    ('print(torch.contiguous_format, torch.preserve_format, torch.channels_last, torch.channels_last_3d)\nprint(type(torch.contiguous_format), torch.memory_format)\nprint(torch.contiguous_format == torch.contiguous_format, torch.contiguous_format == torch.preserve_format)\nprint(isinstance(torch.channels_last, torch.memory_format), repr(torch.preserve_format))',
     "torch.contiguous_format torch.preserve_format torch.channels_last torch.channels_last_3d\n<class 'torch.memory_format'> <class 'torch.memory_format'>\nTrue False\nTrue torch.preserve_format\n"),
]

@pytest.mark.parametrize("source,expected", FORMATS)
def test_memory_formats_as_pytorch(source, expected):
    assert run(source) == expected


# gradients through complex tensors: views, sums, additions and the complex ops' own nodes
# give PyTorch's (expected output from torch 2.13), the ops once refused over complex inputs
# (before their complex rules) too
COMPLEX_GRADIENTS = [
    ('a = torch.tensor([1., 2.], requires_grad=True)\nb = torch.tensor([0.5, -1.], requires_grad=True)\nz = torch.complex(a, b)\ny = torch.view_as_real(z.conj().reshape(2, 1).expand(2, 3).sum(1) + z).sum() + z.real.sum() * 2 - z.imag[0]\ny.backward()\nprint(a.grad, b.grad)',
     'tensor([6., 6.]) tensor([-3., -2.])\n'),
    ('from torch.autograd import gradcheck\nx = torch.tensor([1., 2.], dtype=torch.complex128, requires_grad=True)\nr = torch.tensor([3., -1.], dtype=torch.float64)\nprint(gradcheck(lambda x: x * 2, (x,)), gradcheck(lambda x: x / r, (x,)), gradcheck(lambda x: (r * x) / 4, (x,)))\na = torch.tensor([1., 2.], requires_grad=True)\nz = torch.complex(a, a * 2)\n(z * torch.tensor([2., 3.]) / 5).imag.sum().backward()\nprint(a.grad)',
     'True True True\ntensor([0.8000, 1.2000])\n'),
] + [(f"a = torch.tensor([1., 2.], requires_grad=True)\nz = torch.complex(a, a * 2)\n"
      f"({expr}).backward()\nprint(a.grad)", want + "\n") for expr, want in (
    ("(z * z).real.sum()", "tensor([ -6., -12.])"), ("z.abs().sum()", "tensor([2.2361, 2.2361])"),
    ("torch.view_as_real(z.exp()).sum()", "tensor([-5.8653, -8.8974])"),
    ("(z @ z).real", "tensor([ -6., -12.])"),      # computed since the complex rules (were refused)
    ("torch.lerp(z, z * 2, 0.5).real.sum()", "tensor([1.5000, 1.5000])"),    # and since lerp's
    # and since the decompositions' complex rules (were refused)
    ("torch.linalg.svdvals(z.reshape(1, 2)).sum()", "tensor([1., 2.])"),
    ("torch.linalg.cholesky(torch.outer(z, z.conj()) + torch.eye(2)).real.sum()",
     "tensor([1.3873, 2.8419])"),
    # and since slogdet's (was refused: no op refuses a complex gradient now)
    ("torch.linalg.slogdet(torch.outer(z, z.conj()) + torch.eye(2))[1]",
     "tensor([0.3846, 0.7692])"))]


@pytest.mark.parametrize("source,expected", COMPLEX_GRADIENTS)
def test_linear_complex_gradients_as_pytorch(source, expected):
    assert run(source) == expected


# as_tensor of a tensor: the tensor itself (same dtype), or its differentiable .to(dtype);
# never torch.tensor's copy-construct warning
AS_TENSOR = [
    ('t = torch.ones(2)\nu = torch.as_tensor(t, dtype=t.dtype)\nprint(u is t)\nprint(torch.as_tensor(t) is t, torch.as_tensor(t, dtype=torch.float64) is t, torch.as_tensor(t, device="cpu") is t)\nw = torch.ones(2, requires_grad=True)\nprint(torch.as_tensor(w) is w, torch.as_tensor(w, dtype=torch.float64))',
     'True\nTrue False True\nTrue tensor([1., 1.], dtype=torch.float64, grad_fn=<ToCopyBackward0>)\n'),
]


@pytest.mark.parametrize("source, expected", AS_TENSOR)
def test_as_tensor_of_a_tensor_as_pytorch(source, expected):
    assert run(source) == expected
