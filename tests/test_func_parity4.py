"""torch.func checked against PyTorch 2.13 (fourth set): vmap's out_dims edge cases and
chunked joins, the transforms' names, functional_call's tied weights, linearize's primals.
Each case is a formula program and what the same program printed with PyTorch 2.13, copied in,
so this runs without PyTorch."""
from __future__ import annotations

import io
import re

from gradcli import lang

_ADDRESS = re.compile(r" object at 0x[0-9a-f]+")

_PRELUDE = 'from torch.func import vmap, grad, jacrev, jacfwd, hessian, grad_and_value, linearize, functional_call\ndef run(c):\n    try:\n        r = c()\n        if r is not None:\n            print(r)\n    except Exception as e:\n        print(type(e).__name__, e)\n'


def run_formula(source: str) -> str:
    buf = io.StringIO()
    lang.run_source("import torch\ntorch.manual_seed(0)\n" + _PRELUDE + source, "case.grad", out=buf)
    return _ADDRESS.sub(" object at 0x", buf.getvalue())


def test_vmap_out_dims_edge_cases_and_chunked_joins():
    """A one-element out_dims tuple stands for a single output's out_dim; an output made the
    same in every slice (a constant, a 'same' random draw) is unbatched for out_dims=None; a
    chunked vmap joins its chunks with torch.cat, which refuses None and the one-element tuple;
    chunk_size is checked as PyTorch checks it."""
    source = """\
x = torch.arange(6.).reshape(3, 2)
run(lambda: vmap(lambda a: a * 2, out_dims=(1,))(x))
run(lambda: vmap(lambda a: (a, a), out_dims=(1,))(x))
run(lambda: vmap(lambda a: a, chunk_size=2, out_dims=(0,))(x))
run(lambda: vmap(lambda a: torch.ones(2), out_dims=None)(x))
run(lambda: vmap(lambda a: (torch.tensor(1.), a.sum()), out_dims=(None, 0))(x))
run(lambda: vmap(lambda a: torch.rand(2), randomness='same', out_dims=None)(x))
run(lambda: vmap(lambda a: torch.rand(2), randomness='different', out_dims=None)(x))
run(lambda: vmap(lambda a: a, out_dims=None)(x))
run(lambda: vmap(lambda a: torch.ones(2), out_dims=None, chunk_size=2)(x))
run(lambda: vmap(lambda a: (a, 3), out_dims=(0, None), chunk_size=2)(x))
run(lambda: vmap(lambda a: (a, a.sum()), out_dims=(1, 0), chunk_size=2)(x))
run(lambda: vmap(lambda a: a, chunk_size=1.5)(x))
run(lambda: vmap(lambda a: a, chunk_size='2')(x))
run(lambda: vmap(lambda a: a * 2, out_dims=(0,))(torch.ones(0, 2)))
"""
    assert run_formula(source) == (
        'tensor([[ 0.,  4.,  8.],\n'
        '        [ 2.,  6., 10.]])\n'
        'ValueError vmap(<lambda>, ..., out_dims=(1,))(<inputs>): out_dims is not compatible with the structure of `outputs`. out_dims has structure TreeSpec(tuple, None, [*]) but outputs has structure TreeSpec(tuple, None, [*,\n'
        '  *]).\n'
        'AssertionError flat_out_dims must not be None\n'
        'tensor([1., 1.])\n'
        '(tensor(1.), tensor([1., 5., 9.]))\n'
        'tensor([0.4963, 0.7682])\n'
        'ValueError vmap(<lambda>, ...): `<lambda>` can not return a BatchedTensor when out_dim is None\n'
        'ValueError vmap(<lambda>, ...): `<lambda>` can not return a BatchedTensor when out_dim is None\n'
        "TypeError cat(): argument 'dim' must be int, not NoneType\n"
        'TypeError expected Tensor as element 0 in argument 0, but got int\n'
        '(tensor([[0., 2., 4.],\n'
        '        [1., 3., 5.]]), tensor([1., 5., 9.]))\n'
        "TypeError can't multiply sequence by non-int of type 'float'\n"
        "TypeError '>' not supported between instances of 'str' and 'int'\n"
        'tensor([], size=(0, 2))\n'
    )


def test_transforms_are_named_after_their_function():
    """PyTorch's transforms carry their function's name (functools.wraps): vmap of grad(f) names
    f in its errors, and jacrev/jacfwd/hessian, which take no keyword arguments, are refused
    with Python's error naming f; grad and vmap pass keyword arguments on."""
    source = """\
x = torch.ones(2, 3)
def f(a, scale=1.0):
    return (a.sin() * scale).sum()
print([t(f).__name__ for t in [vmap, grad, jacrev, jacfwd, hessian, grad_and_value]])
run(lambda: vmap(grad(f), in_dims=5)(x))
run(lambda: vmap(vmap(f), in_dims=(0, 0))(x))
run(lambda: vmap(jacrev(f), in_dims=[0])(x))
run(lambda: vmap(hessian(f), in_dims=5)(x))
run(lambda: vmap(grad_and_value(f), in_dims=5)(x))
run(lambda: vmap(jacfwd(f))(x, 2.0))
run(lambda: jacrev(f)(x[0], scale=2.0))
run(lambda: jacfwd(f)(x[0], scale=2.0))
run(lambda: hessian(f)(x[0], scale=2.0))
run(lambda: jacrev(f)(a=x[0]))
print(grad(f)(x[0], scale=2.0))
print(vmap(f)(x, scale=2.0))
"""
    assert run_formula(source) == (
        "['f', 'f', 'f', 'f', 'f', 'f']\n"
        'ValueError vmap(f, in_dims=5, ...)(<inputs>): Got in_dim=5 for some input, but that input is a Tensor of dimensionality 2 so expected in_dim to satisfy -2 <= in_dim < 2.\n'
        'ValueError vmap(f, in_dims=(0, 0), ...)(<inputs>): in_dims is not compatible with the structure of `inputs`. in_dims has structure TreeSpec(tuple, None, [*,\n'
        '  *]) but inputs has structure TreeSpec(tuple, None, [*]).\n'
        "ValueError vmap(f, in_dims=[0], ...)(<inputs>): expected `in_dims` to be int or a (potentially nested) tuple matching the structure of inputs, got: <class 'list'>.\n"
        'ValueError vmap(f, in_dims=5, ...)(<inputs>): Got in_dim=5 for some input, but that input is a Tensor of dimensionality 2 so expected in_dim to satisfy -2 <= in_dim < 2.\n'
        'ValueError vmap(f, in_dims=5, ...)(<inputs>): Got in_dim=5 for some input, but that input is a Tensor of dimensionality 2 so expected in_dim to satisfy -2 <= in_dim < 2.\n'
        "ValueError vmap(f, in_dims=0, ...)(<inputs>): Got in_dim=0 for an input but the input is of type <class 'float'>. We cannot vmap over non-Tensor arguments, please use None as the respective in_dim\n"
        "TypeError f() got an unexpected keyword argument 'scale'\n"
        "TypeError f() got an unexpected keyword argument 'scale'\n"
        "TypeError f() got an unexpected keyword argument 'scale'\n"
        "TypeError f() got an unexpected keyword argument 'a'\n"
        'tensor([1.0806, 1.0806, 1.0806])\n'
        'tensor([5.0488, 5.0488])\n'
    )


def test_functional_call_ties_weights_and_linearize_checks_primals():
    """functional_call's tie_weights (default True): a value given for one name of a tied
    parameter replaces it under all its names, two different values are refused, strict checks
    the untied names; gradients and per-example gradients through tied weights. linearize's
    primals must be tensors."""
    source = """\
import torch.nn as nn
x = torch.tensor([0.5, 1.0, 2.0])
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(3, 3)
        self.l2 = nn.Linear(3, 3)
        self.l2.weight = self.l1.weight
        self.register_buffer('scale', torch.tensor(2.0))
    def forward(self, a):
        return self.l2(self.l1(a)) * self.scale
m = M()
print([k for k, _ in m.named_parameters()])
p = {k: torch.ones_like(v) for k, v in m.named_parameters()}
print(functional_call(m, p, (x,)))
print(functional_call(m, p, (x,), tie_weights=False))
print(functional_call(m, {'l1.weight': torch.eye(3)}, (x,)))
print(functional_call(m, {'l2.weight': torch.eye(3)}, (x,)))
e = torch.eye(3)
print(functional_call(m, {'l1.weight': e, 'l2.weight': e}, (x,)))
run(lambda: functional_call(m, {'l1.weight': torch.eye(3), 'l2.weight': 2 * torch.eye(3)}, (x,)))
print(functional_call(m, {'l1.weight': torch.eye(3), 'l2.weight': 2 * torch.eye(3)}, (x,), tie_weights=False))
run(lambda: functional_call(m, ({'l1.weight': e, 'l1.bias': torch.zeros(3), 'l2.bias': torch.zeros(3)}, {'scale': torch.tensor(1.0)}), (x,), strict=True))
run(lambda: functional_call(m, ({'l1.weight': e, 'l1.bias': torch.zeros(3), 'l2.bias': torch.zeros(3)}, {'scale': torch.tensor(1.0)}), (x,), strict=True, tie_weights=False))
params = dict(m.named_parameters())
g = grad(lambda p, a: functional_call(m, p, (a,)).sum())(params, x)
print(sorted(g))
print(g['l1.weight'])
g2 = grad(lambda p, a: functional_call(m, p, (a,), tie_weights=False).sum())(params, x)
print(g2['l1.weight'])
pe = vmap(grad(lambda p, a: functional_call(m, p, (a,)).sum()), in_dims=(None, 0))(params, torch.stack([x, 2 * x]))
print(pe['l1.weight'].shape, pe['l1.bias'].detach())
print(m.l1.weight is m.l2.weight, m.scale)
run(lambda: linearize(lambda a: a * 2, 3.0))
run(lambda: linearize(lambda d: d['u'] * 2, {'u': 3.0}))
"""
    assert run_formula(source) == (
        "['l1.weight', 'l1.bias', 'l2.bias']\n"
        'tensor([29., 29., 29.])\n'
        'tensor([ 0.4719, -2.4320,  5.5559], grad_fn=<MulBackward0>)\n'
        'tensor([2.2644, 1.4134, 4.6371], grad_fn=<MulBackward0>)\n'
        'tensor([2.2644, 1.4134, 4.6371], grad_fn=<MulBackward0>)\n'
        'tensor([2.2644, 1.4134, 4.6371], grad_fn=<MulBackward0>)\n'
        "ValueError functional_call got multiple values for keys ['l1.weight', 'l2.weight'], which are tied. Consider using tie_weights=False\n"
        'tensor([3.5699, 3.0644, 8.4101], grad_fn=<MulBackward0>)\n'
        'tensor([0.5000, 1.0000, 2.0000])\n'
        'RuntimeError Error(s) in reparametrizing for M:\n'
        "\tMissing key(s): 'l2.weight'.\n"
        "['l1.bias', 'l1.weight', 'l2.bias']\n"
        'tensor([[-1.4207, -1.4806, -1.2904],\n'
        '        [-0.4350,  0.4909,  2.6527],\n'
        '        [-1.3517, -1.3425, -1.0142]], grad_fn=<AddBackward0>)\n'
        'tensor([[-0.4407, -0.8813, -1.7626],\n'
        '        [ 0.5451,  1.0902,  2.1805],\n'
        '        [-0.3716, -0.7432, -1.4864]], grad_fn=<TBackward0>)\n'
        'torch.Size([2, 3, 3]) tensor([[-0.8813,  1.0902, -0.7432],\n'
        '        [-0.8813,  1.0902, -0.7432]])\n'
        'True tensor(2.)\n'
        "AttributeError 'float' object has no attribute 'new_empty'\n"
        "AttributeError 'float' object has no attribute 'new_empty'\n"
    )



def test_function_vmap_staticmethod_multi_grad_hooks_and_more_of_autograd():
    """A formula Function's own `vmap` staticmethod counts as its vmap support (it was
    dropped with the class body's other methods); register_multi_grad_hook, jacobian's
    forward-mode strategy, is_grads_batched, node pre-hooks, unpack_dual of a plain tensor,
    set_multithreading_enabled and disable_saved_tensors_hooks, as PyTorch 2.13 printed them."""
    source = 'from torch.autograd.graph import register_multi_grad_hook\nclass Exp(torch.autograd.Function):\n    @staticmethod\n    def forward(x):\n        return x.exp()\n    @staticmethod\n    def setup_context(ctx, inputs, output):\n        ctx.save_for_backward(output)\n    @staticmethod\n    def backward(ctx, g):\n        (r,) = ctx.saved_tensors\n        return g * r\n    @staticmethod\n    def vmap(info, in_dims, x):\n        return x.exp(), in_dims[0]\nx = torch.tensor([1., 2.], requires_grad=True)\ny = Exp.apply(x)\ny.sum().backward()\nprint(x.grad, y.grad_fn)\nprint(torch.func.vmap(Exp.apply)(torch.ones(2, 2)))\na = torch.tensor(1., requires_grad=True); b = torch.tensor(2., requires_grad=True)\nh = register_multi_grad_hook((a, b), lambda grads: print("multi", grads))\n(a * b).backward()\nh.remove()\nJ = torch.autograd.functional.jacobian(lambda t: t ** 2, torch.tensor([1., 2.]), vectorize=True, strategy="forward-mode")\nprint(J)\nout = torch.autograd.grad(x.sin(), x, torch.eye(2), is_grads_batched=True)\nprint(out)\nz = x * 2\nz.grad_fn.register_prehook(lambda gs: print("pre", gs))\nz.sum().backward()\nprint(torch.autograd.forward_ad.unpack_dual(torch.ones(1)))\nwith torch.autograd.set_multithreading_enabled(False):\n    pass\nprint(torch.autograd.graph.increment_version)\nwith torch.autograd.graph.disable_saved_tensors_hooks("no"):\n    pass\n'
    assert run_formula_plain(source) == 'tensor([2.7183, 7.3891]) <torch.autograd.function.ExpBackward object at 0x>\ntensor([[2.7183, 2.7183],\n        [2.7183, 2.7183]])\nmulti [tensor(2.), tensor(1.)]\ntensor([[2., 0.],\n        [0., 4.]])\n(tensor([[ 0.5403, -0.0000],\n        [ 0.0000, -0.4161]]),)\npre (tensor([1., 1.]),)\nUnpackedDualTensor(primal=tensor([1.]), tangent=None)\n<function increment_version at 0x>\n'


def run_formula_plain(source: str) -> str:
    buf = io.StringIO()
    lang.run_source("import torch\n" + source, "case.grad", out=buf)
    return re.sub(r" at 0x[0-9a-f]+", " at 0x", buf.getvalue())
