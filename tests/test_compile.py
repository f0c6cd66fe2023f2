"""torch.compile, torch.compiler and torch.random as PyTorch 2.13's CPU build shows them to a
program (gradcli/compile.py, gradcli/torch_random.py): one CompiledFunctionBackward node per
call with edges to the tensors the call read (a module's parameters first), PyTorch's refusal
of a double backward through it, OptimizedModule around `_orig_mod`, the argument checks and
their texts; fork_rng restoring the generator. Each expected output is what torch 2.13
printed."""
from __future__ import annotations

import pytest

from test_autograd_parity4 import run

COMPILE = 'w = torch.tensor([1.5, -0.5, 2.0], requires_grad=True)\ndef f(x, k=2):\n    return (x.sin() * w * k).sum(), x * 3\ncf = torch.compile(f)\nprint(cf)\nx = torch.tensor([0.5, 1.0, 2.0], requires_grad=True)\ny, z = cf(x)\nprint(y, z)\nprint([type(n).__name__ for n, _ in y.grad_fn.next_functions], z.grad_fn is y.grad_fn)\nprint([n.variable is t for (n, _), t in zip(y.grad_fn.next_functions, [x, w])])\nprint(y.grad_fn.name(), y.grad_fn)\ny2, _ = cf(x * 2)\nprint([type(n).__name__ for n, _ in y2.grad_fn.next_functions])\nwith torch.no_grad():\n    print(cf(x))\nprint(cf(torch.tensor([1.0, 2.0, 3.0])))\ng, = torch.autograd.grad(y, x, create_graph=True)\nprint(g)\ntry:\n    g.sum().backward()\nexcept RuntimeError as e:\n    print("RuntimeError", e)\ny, z = cf(x)\n(y + z.sum()).backward()\nprint(x.grad, w.grad)\ntry:\n    y.backward()\nexcept RuntimeError as e:\n    print("RuntimeError", str(e)[:60])\ny, _ = cf(x)\ny.backward(retain_graph=True)\ny.backward()\nprint(x.grad)\na = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\nb = torch.tensor([0.5, 0.5, 0.5], requires_grad=True)\nv = torch.tensor([0.1, 0.2, 0.3], requires_grad=True)\ndef h(p, q):\n    return p * v + q * w\nr = torch.compile(h)(a, b)\nprint([n.variable is t for (n, _), t in zip(r.grad_fn.next_functions, [a, v, b, w])])\n@torch.compile\ndef sq(t):\n    return t ** 2\nprint(sq(a))\n@torch.compile(mode="reduce-overhead", fullgraph=True)\ndef cube(t):\n    return t ** 3\nprint(cube(a))\nprint(torch.compile(f, backend="eager")(x)[0])\nprint(torch.compile(f, disable=True) is f)\ntorch.manual_seed(0)\nm = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.Tanh())\ncm = torch.compile(m)\nprint(cm)\nprint(type(cm).__name__, list(cm.state_dict().keys()), [n for n, _ in cm.named_parameters()])\nout = cm(a)\nprint(out)\nprint([n.variable is t for (n, _), t in zip(out.grad_fn.next_functions, [m[0].weight, m[0].bias, a])])\nout.sum().backward()\nprint(m[0].weight.grad)\ncm.eval()\nprint(m.training, cm.training)\nprint(torch.compiler.is_compiling(), torch.compiler.is_dynamo_compiling())\ntorch.compiler.reset()\nfor kw in [dict(mode="foo"), dict(mode="default", options={"a": 1}), dict(backend="foo")]:\n    try:\n        torch.compile(f, **kw)\n    except Exception as e:\n        print(type(e).__name__, e)\ntry:\n    torch.compile(3)\nexcept AssertionError as e:\n    print("AssertionError", e)\n'

RANDOM = 'torch.manual_seed(3)\nwith torch.random.fork_rng():\n    a = torch.rand(2)\nb = torch.rand(2)\nprint(a, b, torch.equal(a, b))\nwith torch.random.fork_rng(enabled=False):\n    c = torch.rand(2)\nprint(c, torch.rand(1))\nprint(torch.random.initial_seed())\ntorch.random.manual_seed(5)\nprint(torch.rand(1), torch.random.get_rng_state().shape)\ns = torch.random.get_rng_state(); x = torch.rand(1); torch.random.set_rng_state(s); print(torch.equal(x, torch.rand(1)))\nprint(torch.random.default_generator)\nprint(torch.random.fork_rng)\nprint(torch.random.seed() > 0)\nwith torch.random.fork_rng(devices=[]):\n    pass\n'


@pytest.mark.parametrize("source, expected", [
    (COMPILE, "<function f at 0x>\ntensor(4.2340, grad_fn=<CompiledFunctionBackward>) tensor([1.5000, 3.0000, 6.0000], grad_fn=<CompiledFunctionBackward>)\n['AccumulateGrad', 'AccumulateGrad'] True\n[True, True]\nCompiledFunctionBackward <torch.autograd.function.CompiledFunctionBackward object at 0x>\n['MulBackward0', 'AccumulateGrad']\n(tensor(4.2340), tensor([1.5000, 3.0000, 6.0000]))\n(tensor(2.1796, grad_fn=<CompiledFunctionBackward>), tensor([3., 6., 9.]))\ntensor([ 2.6327, -0.5403, -1.6646], grad_fn=<CompiledFunctionBackwardBackward>)\nRuntimeError torch.compile with aot_autograd does not currently support double backward\ntensor([5.6327, 2.4597, 1.3354]) tensor([0.9589, 1.6829, 1.8186])\nRuntimeError Trying to backward through the graph a second time (or direc\ntensor([10.8982,  1.3791, -1.9938])\n[True, True, True, True]\ntensor([1., 4., 9.], grad_fn=<CompiledFunctionBackward>)\ntensor([ 1.,  8., 27.], grad_fn=<CompiledFunctionBackward>)\ntensor(4.2340, grad_fn=<SumBackward0>)\nTrue\nOptimizedModule(\n  (_orig_mod): Sequential(\n    (0): Linear(in_features=3, out_features=2, bias=True)\n    (1): Tanh()\n  )\n)\nOptimizedModule ['_orig_mod.0.weight', '_orig_mod.0.bias'] ['_orig_mod.0.weight', '_orig_mod.0.bias']\ntensor([-0.6761,  0.0526], grad_fn=<CompiledFunctionBackward>)\n[True, True, True]\ntensor([[0.5429, 1.0858, 1.6287],\n        [0.9972, 1.9945, 2.9917]])\nFalse False\nFalse False\nRuntimeError Unrecognized mode=foo, should be one of: default, lite, reduce-overhead, max-autotune-no-cudagraphs, max-autotune\nRuntimeError Either mode or options can be specified, but both can't be specified at the same time.\nInvalidBackend Invalid backend: 'foo', see `torch._dynamo.list_backends()` for available backends.\nAssertionError A callable function is expected, but <class 'int'> is provided.\n"),
    (RANDOM, 'tensor([0.0043, 0.1056]) tensor([0.0043, 0.1056]) True\ntensor([0.2858, 0.0270]) tensor([0.4716])\n3\ntensor([0.8303]) torch.Size([5056])\nTrue\n<torch._C.Generator object at 0x>\n<function fork_rng at 0x>\nTrue\n'),
], ids=["compile", "random"])
def test_program_prints_what_torch_printed(source, expected):
    assert run(source) == expected


def test_compiled_call_gives_eager_gradients():
    """The gradients through the compiled node are the eager graph's, bit for bit."""
    source = ("w = torch.randn(4, 3, dtype=torch.float64, requires_grad=True)\n"
              "x = torch.randn(3, dtype=torch.float64, requires_grad=True)\n"
              "f = lambda x: torch.tanh(w @ x).pow(3).sum() + (x * w).exp().mean()\n"
              "eager = torch.autograd.grad(f(x), (w, x))\n"
              "compiled = torch.autograd.grad(torch.compile(f)(x), (w, x))\n"
              "print(all(torch.equal(a, b) for a, b in zip(eager, compiled)))\n"
              "print(torch.compile(f)(x).grad_fn.name())\n")
    assert run(source) == "True\nCompiledFunctionBackward\n"
