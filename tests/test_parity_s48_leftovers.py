"""Found in session 48 (interpreter and engine leftovers). Each expected output is what torch
2.13 printed (format of test_autograd_parity4).

zero-history: an efficient zero gradient under create_graph carries the history PyTorch's
rule records (exp's grad * result is a MulBackward0 whose other input is ExpBackward0), so a
leaf's .grad is a CopyBackwards of it, autograd.grad gives the MulBackward0 itself, an
efficient zero added to another gradient with a history is an AddBackward0, and a later
backward through it runs; a zero with nothing to record (sgn of a leaf) stays without one.

uncaught-errors: an uncaught `assert` ends as CPython's AssertionError (its message, or
none), as does a `raise ValueError()` without a message, and a module calling itself
without end (Python's stack, under the engine's callbacks: RecursionError).

class-tree: `__mro__` and `__bases__` of a formula's nn.Module classes and of nn.Module;
vars() of a formula's module and Dataset classes (its body's order).

singledispatch: functools.singledispatch over torch's classes (a Parameter dispatches as a
Tensor), registered by annotation and by argument; its name and repr; register's errors."""
from __future__ import annotations

from test_autograd_parity4 import printed_programs

ZERO_HISTORY = [
    ('x = torch.tensor([1.0, 2.0], requires_grad=True)\nx.exp().sum().backward(create_graph=True)\nprint(x.grad, x.grad.grad_fn, x.grad.grad_fn.next_functions)\nx = torch.tensor([1.0, 2.0], requires_grad=True)\nx.exp().sgn().sum().backward(create_graph=True)\ng = x.grad\nprint(g.grad_fn.next_functions, g.grad_fn.next_functions[1][0].next_functions)\ng.sum().backward()\nprint(x.grad)\nx = torch.tensor([1.0, 2.0], requires_grad=True)\nx.sgn().sum().backward(create_graph=True)\nprint(x.grad, x.grad.grad_fn)\nx = torch.tensor([1.0, 2.0], requires_grad=True)\n(x.sgn()*x).sum().backward(create_graph=True)\nprint(x.grad, x.grad.grad_fn)\nx = torch.tensor([1.0, 2.0], requires_grad=True)\n(x*2).sgn().sum().backward(create_graph=True)\nprint(x.grad, x.grad.grad_fn)\nx = torch.tensor([1.0, 2.0], requires_grad=True)\ngx, = torch.autograd.grad(x.exp().sgn().sum(), x, create_graph=True)\nprint(gx, gx.grad_fn)\n',
     '!W UserWarning: Using backward() with create_graph=True will create a reference cycle between the parameter and its gradient which can cause a memory leak. We recommend using autograd.grad when creating the graph to avoid this. If you have to use this function, make sure to reset the .grad fields of your parameters to None after use to break the cycle and avoid the leak. (Triggered internally at /__w/pytorch/pytorch/torch/csrc/autograd/engine.cpp:1307.)\ntensor([2.7183, 7.3891], grad_fn=<CopyBackwards>) <CopyBackwards object at 0x> ((None, 0), (<MulBackward0 object at 0x>, 0))\n((None, 0), (<MulBackward0 object at 0x>, 0)) ((None, 0), (<ExpBackward0 object at 0x>, 0))\ntensor([0., 0.], grad_fn=<CopyBackwards>)\ntensor([0., 0.]) None\ntensor([1., 1.], grad_fn=<CopyBackwards>) <CopyBackwards object at 0x>\ntensor([0., 0.]) None\ntensor([0., 0.], grad_fn=<MulBackward0>) <MulBackward0 object at 0x>\n'),
    ('x = torch.tensor([1.0, 3.0], dtype=torch.float64, requires_grad=True)\ny = x.exp().sgn().sum() + (x * x).sum()\ngx, = torch.autograd.grad(y, x, create_graph=True)\nprint(gx, gx.grad_fn, gx.grad_fn.next_functions)\nx = torch.tensor([1.0, 3.0], dtype=torch.float64, requires_grad=True)\ngx, = torch.autograd.grad(x.exp().sgn().sum(), x, create_graph=True)\nprint(gx, gx.grad_fn)\nh, = torch.autograd.grad(gx.sum(), x, allow_unused=True)\nprint(h)\nx = torch.tensor([1.0, 2.0], requires_grad=True)\nw = torch.tensor([3.0, 4.0], requires_grad=True)\ngx, gw = torch.autograd.grad((x * w).sgn().sum(), [x, w], create_graph=True)\nprint(gx, gw)\nz = torch.cat([x.exp(), w]).sgn().sum()\ngx, gw = torch.autograd.grad(z, [x, w], create_graph=True)\nprint(gx, gw)\ngx, = torch.autograd.grad((x.exp().sgn() + x.sin().sgn()).sum(), x, create_graph=True)\nprint(gx, gx.grad_fn, gx.grad_fn.next_functions)\ngx, = torch.autograd.grad(x.exp().sgn().sum() * 3, x, create_graph=True)\nprint(gx, gx.grad_fn)\n',
     'tensor([2., 6.], dtype=torch.float64, grad_fn=<AddBackward0>) <AddBackward0 object at 0x> ((<AddBackward0 object at 0x>, 0), (<MulBackward0 object at 0x>, 0))\ntensor([0., 0.], dtype=torch.float64, grad_fn=<MulBackward0>) <MulBackward0 object at 0x>\ntensor([0., 0.], dtype=torch.float64)\ntensor([0., 0.], grad_fn=<MulBackward0>) tensor([0., 0.], grad_fn=<MulBackward0>)\ntensor([0., 0.], grad_fn=<MulBackward0>) tensor([0., 0.])\ntensor([0., 0.], grad_fn=<AddBackward0>) <AddBackward0 object at 0x> ((<MulBackward0 object at 0x>, 0), (<MulBackward0 object at 0x>, 0))\ntensor([0., 0.], grad_fn=<MulBackward0>) <MulBackward0 object at 0x>\n'),
    ('x = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)\nprint(torch.autograd.functional.hessian(lambda t: t.abs().sum(), x))\nprint(torch.autograd.functional.hessian(lambda t: t.abs().pow(3).sum(), x))\nprint(torch.autograd.functional.hessian(lambda t: (t.sgn() * t.exp()).sum(), x, create_graph=True))\ng, = torch.autograd.grad(x.abs().sum(), x, create_graph=True)\nprint(g, g.grad_fn)\ng2, = torch.autograd.grad(g.sum(), x, create_graph=True)\nprint(g2, g2.grad_fn)\ng3, = torch.autograd.grad(g2.sum(), x, create_graph=True, allow_unused=True)\nprint(g3)\n',
     'tensor([[0., 0.],\n        [0., 0.]], dtype=torch.float64)\ntensor([[ 6.,  0.],\n        [ 0., 12.]], dtype=torch.float64)\ntensor([[ 2.7183, -0.0000],\n        [ 0.0000, -0.1353]], dtype=torch.float64, grad_fn=<ViewBackward0>)\ntensor([ 1., -1.], dtype=torch.float64, grad_fn=<MulBackward0>) <MulBackward0 object at 0x>\ntensor([0., 0.], dtype=torch.float64) None\n!! RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn\n'),
]

UNCAUGHT_ERRORS = [
    ('x = 1\nassert x == 2\n',
     '!! AssertionError: \n'),
    ('assert False, ("a", 1)\n',
     "!! AssertionError: ('a', 1)\n"),
    ('raise ValueError()\n',
     '!! ValueError: \n'),
    ('class N(torch.nn.Module):\n    def forward(self, x):\n        return self(x)\nN()(1)\n',
     '!! RecursionError: maximum recursion depth exceeded\n'),
]

CLASS_TREE = [
    ('class Net(torch.nn.Module):\n    pass\nclass Deep(Net):\n    pass\nprint(Net.__mro__, Deep.__bases__, type(Deep()).__mro__[2] is torch.nn.Module)\nprint(torch.nn.Module.__mro__, torch.nn.Module.__bases__)\n',
     "(<class '__main__.Net'>, <class 'torch.nn.modules.module.Module'>, <class 'object'>) (<class '__main__.Net'>,) True\n(<class 'torch.nn.modules.module.Module'>, <class 'object'>) (<class 'object'>,)\n"),
]

CLASS_TREE += [
    ('class Net(torch.nn.Module):\n    """A net."""\n    scale = 2.0\n    def __init__(self):\n        super().__init__()\n        self.lin = torch.nn.Linear(2, 1)\n    def forward(self, x):\n        return self.lin(x) * self.scale\nprint(list(vars(Net)), vars(Net)[\'scale\'])\nclass Ds(torch.utils.data.Dataset):\n    def __len__(self):\n        return 2\n    def __getitem__(self, i):\n        return i\nprint(list(vars(Ds)))\n',
     "['__module__', '__doc__', 'scale', '__init__', 'forward'] 2.0\n['__module__', '__len__', '__getitem__', '__doc__', '__parameters__']\n"),
]

SINGLEDISPATCH = [
    ('import functools\n@functools.singledispatch\ndef size(x):\n    return "?"\n@size.register\ndef _(x: torch.Tensor):\n    return f"tensor {tuple(x.shape)}"\n@size.register(torch.nn.Module)\ndef _(m):\n    return f"module {type(m).__name__}"\nprint(size(torch.ones(2, 3)), size(torch.nn.Linear(2, 2)), size(torch.nn.Parameter(torch.ones(1))), size(3))\nprint(size.__name__, size.__qualname__, repr(size).split(" at ")[0])\ndef h(x):\n    return 1\ntry:\n    size.register(h)\nexcept TypeError as e:\n    print(str(e).split(":")[0])\ntry:\n    size.register(1, h)\nexcept TypeError as e:\n    print(e)\n',
     'tensor (2, 3) module Linear tensor (1,) ?\nsize size <function size\nInvalid first argument to `register()`\nInvalid first argument to `register()`. 1 is not a class or union type.\n'),
]

PROGRAMS = {"zero-history": ZERO_HISTORY, "uncaught-errors": UNCAUGHT_ERRORS,
            "class-tree": CLASS_TREE, "singledispatch": SINGLEDISPATCH}

test_prints_what_pytorch_printed = printed_programs(PROGRAMS)
