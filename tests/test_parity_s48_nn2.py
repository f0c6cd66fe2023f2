"""Found in session 48 (nn and serialization leftovers). Each expected output is what torch
2.13 printed (format of test_autograd_parity4).

save-load-buffer: torch.save / torch.load with a formula's io.BytesIO: tensors, dicts and
lists of them, state_dicts, a whole module (weights_only=False; the default refuses it with
PyTorch's message), memory shared between saved tensors; an empty buffer's EOFError, bytes
that are no archive, mmap with a buffer, a StringIO refusing the bytes.

parameter-subclass: `class P(nn.Parameter):` (and a subclass of it): printed as PyTorch prints
a subclass (`Parameter(P([...]))`), isinstance, requires_grad, registered by a module, its
__init__ run again by deepcopy; ops on it give plain Tensors."""
from __future__ import annotations

from test_autograd_parity4 import printed_programs

SAVE_LOAD_BUFFER = [
    ("import io\nbuf = io.BytesIO()\nx = torch.tensor([1.0, 2.0])\ntorch.save({'a': x, 'b': [x, 3]}, buf)\nprint(buf.tell() > 0)\nbuf.seek(0)\nd = torch.load(buf)\nprint(d)\n",
     "True\n{'a': tensor([1., 2.]), 'b': [tensor([1., 2.]), 3]}\n"),
    ('import io\nbuf = io.BytesIO()\nm = torch.nn.Linear(2, 1)\ntorch.save(m.state_dict(), buf)\nbuf.seek(0)\nprint(torch.load(buf, weights_only=True))\nbuf.seek(0)\nprint(torch.load(buf, weights_only=False))\n',
     "OrderedDict([('weight', tensor([[-0.0053,  0.3793]])), ('bias', tensor([-0.5820]))])\nOrderedDict([('weight', tensor([[-0.0053,  0.3793]])), ('bias', tensor([-0.5820]))])\n"),
    ("import io\nbuf = io.BytesIO()\ntorch.save(torch.ones(2), buf)\nprint(buf.getvalue()[:4])\nbuf.seek(0)\nprint(torch.load(buf))\nfor b in [b'', b'PK\\x03\\x04xx']:\n    try:\n        torch.load(io.BytesIO(b))\n    except Exception as e:\n        print(type(e).__name__, str(e)[:80])\nbuf.seek(0)\ntry:\n    torch.load(buf, mmap=True)\nexcept Exception as e:\n    print(type(e).__name__, str(e))\ntry:\n    torch.save(torch.ones(2), io.StringIO())\nexcept Exception as e:\n    print(type(e).__name__, str(e))\n",
     "b'PK\\x03\\x04'\ntensor([1., 1.])\nEOFError \nRuntimeError PytorchStreamReader failed reading zip archive: not a ZIP archive. This is an in\nValueError f must be a file path in order to use the mmap argument\nTypeError string argument expected, got 'memoryview'\n"),
    ("import io\nbuf = io.BytesIO()\nm = torch.nn.Sequential(torch.nn.Linear(2, 1), torch.nn.Tanh())\ntorch.save(m, buf)\nprint(buf.getvalue()[:4])\nbuf.seek(0)\ntry:\n    torch.load(buf)\nexcept Exception as e:\n    print(type(e).__name__, str(e)[-120:])\nbuf.seek(0)\nm2 = torch.load(buf, weights_only=False)\nprint(m2, m2[0].weight is m[0].weight, m2(torch.ones(2)))\nb2 = io.BytesIO()\nx = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ntorch.save({'x': x, 'v': x[1:], 'n': [1, 'a', torch.float64]}, b2)\nb2.seek(0)\nd = torch.load(b2, weights_only=True)\nd['x'].data.mul_(10)\nprint(d)\n",
     "b'PK\\x03\\x04'\nUnpicklingError  learn more about types accepted by default with weights_only https://pytorch.org/docs/stable/generated/torch.load.html.\nSequential(\n  (0): Linear(in_features=2, out_features=1, bias=True)\n  (1): Tanh()\n) False tensor([-0.2050], grad_fn=<TanhBackward0>)\n{'x': tensor([10., 20., 30.], requires_grad=True), 'v': tensor([20., 30.], requires_grad=True), 'n': [1, 'a', torch.float64]}\n"),
]

PARAMETER_SUBCLASS = [
    ('class P(torch.nn.Parameter):\n    pass\np = P(torch.ones(2))\nprint(p)\nprint(type(p).__name__, isinstance(p, torch.nn.Parameter), isinstance(p, torch.Tensor), p.requires_grad)\nq = P(torch.ones(2), requires_grad=False)\nprint(q, q.requires_grad)\nprint(repr(P(torch.zeros(1))))\nm = torch.nn.Linear(1, 1)\nm.extra = P(torch.ones(1))\nprint([n for n, _ in m.named_parameters()])\ny = (p * 2).sum()\ny.backward()\nprint(p.grad, type(p * 2).__name__, type(p.detach()).__name__)\nprint(type(p.data).__name__)\n',
     "Parameter containing:\nParameter(P([1., 1.], requires_grad=True))\nP True True True\nParameter containing:\nParameter(P([1., 1.])) False\nParameter containing:\nParameter(P([0.], requires_grad=True))\n['weight', 'bias', 'extra']\ntensor([2., 2.]) Tensor Tensor\nTensor\n"),
    ("import copy\nclass P(torch.nn.Parameter):\n    def __init__(self, data, requires_grad=True):\n        self.tag = 't'\n    def f(self):\n        return self.sum() + 1\np = P(torch.tensor([1.0, 2.0]))\nprint(p.tag, p.f(), issubclass(P, torch.Tensor))\nc = copy.deepcopy(p)\nprint(type(c).__name__, c.tag, c is p)\nm = torch.nn.Module()\nm.w = p\nprint(type(m.state_dict()['w']).__name__, type(m.w).__name__)\nopt = torch.optim.SGD(m.parameters(), lr=0.1)\n(m.w ** 2).sum().backward()\nopt.step()\nprint(m.w)\nprint(type(p.clone()).__name__, type(p[0]).__name__, str(p.data))\n",
     't tensor(4., grad_fn=<AddBackward0>) True\nP t False\nTensor P\nParameter containing:\nParameter(P([0.8000, 1.6000], requires_grad=True))\nTensor Tensor tensor([0.8000, 1.6000])\n'),
    ('class P(torch.nn.Parameter):\n    def __init__(self, data, requires_grad=True):\n        self.n = 1\nclass Q(P):\n    pass\nq = Q(torch.ones(1, dtype=torch.float64))\nprint(q, q.n, isinstance(q, P), q.is_leaf, q.grad_fn)\ntry:\n    P(torch.ones(2, dtype=torch.int64))\nexcept Exception as e:\n    print(type(e).__name__, e)\ntry:\n    P(3)\nexcept Exception as e:\n    print(type(e).__name__, e)\n',
     "Parameter containing:\nParameter(Q([1.], dtype=torch.float64, requires_grad=True)) 1 True True None\nRuntimeError Only Tensors of floating point and complex dtype can require gradients\nAttributeError 'int' object has no attribute 'detach'\n"),
]

test_x = printed_programs({
    "save-load-buffer": SAVE_LOAD_BUFFER,
    "parameter-subclass": PARAMETER_SUBCLASS,
})
