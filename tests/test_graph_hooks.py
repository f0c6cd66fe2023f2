"""`torch.autograd.graph`: hooks on saved tensors, multi-tensor gradient hooks, gradient
edges; and `autograd.grad` on an intermediate tensor leaving that tensor's node unrun.

Expected outputs are what PyTorch 2.13 printed for the same programs."""
import io

import pytest

import gradcli
from gradcli.errors import TorchRuntimeError
from gradcli.lang import run_source


def run(source: str) -> str:
    out = io.StringIO()
    run_source("import torch\n" + source, "t.grad", out=out)
    return out.getvalue()


HOOKS = '''def pk(x):
    print("P", x)
    return x
def up(x):
    print("U", x)
    return x
a = torch.tensor([1., 2.], requires_grad=True)
c = torch.tensor([3., 4.], requires_grad=True)
M = torch.tensor([[1., 2.], [3., 5.]], requires_grad=True)
'''

OPS = [
    ('a * c',
     'P tensor([3., 4.], requires_grad=True)\nP tensor([1., 2.], requires_grad=True)\n--\nU tensor([3., 4.], requires_grad=True)\nU tensor([1., 2.], requires_grad=True)\n'),
    ('c * a',
     'P tensor([1., 2.], requires_grad=True)\nP tensor([3., 4.], requires_grad=True)\n--\nU tensor([1., 2.], requires_grad=True)\nU tensor([3., 4.], requires_grad=True)\n'),
    ('a * a',
     'P tensor([1., 2.], requires_grad=True)\nP tensor([1., 2.], requires_grad=True)\n--\nU tensor([1., 2.], requires_grad=True)\nU tensor([1., 2.], requires_grad=True)\n'),
    ('a / c',
     'P tensor([3., 4.], requires_grad=True)\nP tensor([1., 2.], requires_grad=True)\n--\nU tensor([3., 4.], requires_grad=True)\nU tensor([1., 2.], requires_grad=True)\n'),
    ('a ** c',
     'P tensor([3., 4.], requires_grad=True)\nP tensor([1., 2.], requires_grad=True)\nP tensor([ 1., 16.], grad_fn=<PowBackward1>)\n--\nU tensor([3., 4.], requires_grad=True)\nU tensor([1., 2.], requires_grad=True)\nU tensor([ 1., 16.], grad_fn=<PowBackward1>)\n'),
    ('a * 3.0',
     '--\n'),
    ('a.exp()',
     'P tensor([2.7183, 7.3891], grad_fn=<ExpBackward0>)\n--\nU tensor([2.7183, 7.3891], grad_fn=<ExpBackward0>)\n'),
    ('a.log()',
     'P tensor([1., 2.], requires_grad=True)\n--\nU tensor([1., 2.], requires_grad=True)\n'),
    ('a.tanh()',
     'P tensor([0.7616, 0.9640], grad_fn=<TanhBackward0>)\n--\nU tensor([0.7616, 0.9640], grad_fn=<TanhBackward0>)\n'),
    ('a.sigmoid()',
     'P tensor([0.7311, 0.8808], grad_fn=<SigmoidBackward0>)\n--\nU tensor([0.7311, 0.8808], grad_fn=<SigmoidBackward0>)\n'),
    ('a.relu()',
     'P tensor([1., 2.], grad_fn=<ReluBackward0>)\n--\nU tensor([1., 2.], grad_fn=<ReluBackward0>)\n'),
    ('a.sqrt()',
     'P tensor([1.0000, 1.4142], grad_fn=<SqrtBackward0>)\n--\nU tensor([1.0000, 1.4142], grad_fn=<SqrtBackward0>)\n'),
    ('a.max()',
     'P tensor([1., 2.], requires_grad=True)\nP tensor(2., grad_fn=<MaxBackward1>)\n--\nU tensor([1., 2.], requires_grad=True)\nU tensor(2., grad_fn=<MaxBackward1>)\n'),
    ('a.norm()',
     'P tensor([1., 2.], requires_grad=True)\nP tensor(2.2361, grad_fn=<LinalgVectorNormBackward0>)\n--\nU tensor([1., 2.], requires_grad=True)\nU tensor(2.2361, grad_fn=<LinalgVectorNormBackward0>)\n'),
    ('a.softmax(0)',
     'P tensor([0.2689, 0.7311], grad_fn=<SoftmaxBackward0>)\n--\nU tensor([0.2689, 0.7311], grad_fn=<SoftmaxBackward0>)\n'),
    ('a.sum()',
     '--\n'),
    ('torch.dot(a, c)',
     'P tensor([1., 2.], requires_grad=True)\nP tensor([3., 4.], requires_grad=True)\n--\nU tensor([1., 2.], requires_grad=True)\nU tensor([3., 4.], requires_grad=True)\n'),
    ('M @ M',
     'P tensor([[1., 2.],\n        [3., 5.]], requires_grad=True)\nP tensor([[1., 2.],\n        [3., 5.]], requires_grad=True)\n--\nU tensor([[1., 2.],\n        [3., 5.]], requires_grad=True)\nU tensor([[1., 2.],\n        [3., 5.]], requires_grad=True)\n'),
    ('M @ a',
     'P tensor([[1., 2.],\n        [3., 5.]], requires_grad=True)\nP tensor([1., 2.], requires_grad=True)\n--\nU tensor([[1., 2.],\n        [3., 5.]], requires_grad=True)\nU tensor([1., 2.], requires_grad=True)\n'),
    ('torch.addmm(c, M, M)',
     'P tensor([[1., 2.],\n        [3., 5.]], requires_grad=True)\nP tensor([[1., 2.],\n        [3., 5.]], requires_grad=True)\n--\nU tensor([[1., 2.],\n        [3., 5.]], requires_grad=True)\nU tensor([[1., 2.],\n        [3., 5.]], requires_grad=True)\n'),
    ('torch.atan2(a, c)',
     'P tensor([3., 4.], requires_grad=True)\nP tensor([1., 2.], requires_grad=True)\n--\nU tensor([3., 4.], requires_grad=True)\nU tensor([1., 2.], requires_grad=True)\n'),
    ('torch.nn.functional.mse_loss(a, c)',
     'P tensor([1., 2.], requires_grad=True)\nP tensor([3., 4.], requires_grad=True)\n--\nU tensor([1., 2.], requires_grad=True)\nU tensor([3., 4.], requires_grad=True)\n'),
    ('torch.nn.functional.gelu(a)',
     'P tensor([1., 2.], requires_grad=True)\n--\nU tensor([1., 2.], requires_grad=True)\n'),
    ('a.prod()',
     'P tensor([1., 2.], requires_grad=True)\nP tensor(2., grad_fn=<ProdBackward0>)\n--\nU tensor([1., 2.], requires_grad=True)\nU tensor(2., grad_fn=<ProdBackward0>)\n'),
    ('torch.lerp(a, c, 0.3)',
     '--\n'),
    ('torch.addcmul(a, a, c)',
     'P tensor([1., 2.], requires_grad=True)\nP tensor([3., 4.], requires_grad=True)\n--\nU tensor([1., 2.], requires_grad=True)\nU tensor([3., 4.], requires_grad=True)\n'),
    ('a.clamp(0.5, 1.5)',
     'P tensor([1., 2.], requires_grad=True)\n--\nU tensor([1., 2.], requires_grad=True)\n'),
    ('a.view(2, 1)',
     '--\n'),
]


@pytest.mark.parametrize("op,expected", OPS, ids=[op for op, _ in OPS])
def test_what_each_op_packs_and_unpacks(op, expected):
    """Which tensors a node saves, in PyTorch's order (derivatives.yaml names, then
    results), each packed once and unpacked once when the node runs; a Python number is
    not packed."""
    assert run(HOOKS + "with torch.autograd.graph.saved_tensors_hooks(pk, up):\n"
               f"    r = {op}\nprint('--')\nr.sum().backward()\n") == expected


def test_the_autograd_mechanics_example():
    source = '''def pack_hook(x):
    print("Packing", x)
    return x
def unpack_hook(x):
    print("Unpacking", x)
    return x
a = torch.ones(5, requires_grad=True)
b = torch.ones(5, requires_grad=True) * 2
with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):
    y = a * b
y.sum().backward()
'''
    assert run(source) == (
        "Packing tensor([2., 2., 2., 2., 2.], grad_fn=<MulBackward0>)\n"
        "Packing tensor([1., 1., 1., 1., 1.], requires_grad=True)\n"
        "Unpacking tensor([2., 2., 2., 2., 2.], grad_fn=<MulBackward0>)\n"
        "Unpacking tensor([1., 1., 1., 1., 1.], requires_grad=True)\n")


H5 = 'def pk(x):\n    print("P", x)\n    return x\ndef up(x):\n    print("U", x)\n    return x\nclass Cube(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x, y):\n        r = x ** 3 * y\n        ctx.save_for_backward(y, x, r)\n        return r\n    @staticmethod\n    def backward(ctx, g):\n        y, x, r = ctx.saved_tensors\n        return g * 3 * x ** 2 * y, g * x ** 3\nx = torch.tensor([1., 2.], requires_grad=True)\nw = torch.tensor([3., 4.], requires_grad=True)\nwith torch.autograd.graph.saved_tensors_hooks(pk, up):\n    r = Cube.apply(x, w)\nprint("--")\nr.sum().backward()\nprint(x.grad, w.grad)\ns = torch.tensor(2., dtype=torch.float64, requires_grad=True)\nwith torch.autograd.graph.saved_tensors_hooks(pk, up):\n    y = s.sin() * s\n    g, = torch.autograd.grad(y, s, create_graph=True)\nprint("-- second")\nprint(g)\nprint(torch.autograd.grad(g, s))\nwith torch.autograd.graph.saved_tensors_hooks(lambda t: t * 2, lambda t: t):\n    y = s * s\nprint(torch.autograd.grad(y, s))\nwith torch.autograd.graph.saved_tensors_hooks(pk, up):\n    y = s.exp()\nprint(y.grad_fn._saved_result)\nprint(y.grad_fn._saved_result)\ny.backward()\ntry:\n    print(y.grad_fn._saved_result)\nexcept RuntimeError as e:\n    print(str(e)[:30])\nwith torch.autograd.graph.saved_tensors_hooks(pk, up):\n    y = s * 2.5\n    z = 2.5 * s\n    q = s + s\nprint(y.grad_fn._saved_other)\n'


def test_functions_second_order_saved_results_and_numbers():
    """A custom Function packs in save_for_backward's order; create_graph unpacks into a
    graph of its own (leaves keep their accumulator); `_saved_result` unpacks each time
    it is read; 0-d float64 steps (the engine's float lane) pack too."""
    assert run(H5) == 'P tensor([3., 4.], requires_grad=True)\nP tensor([1., 2.], requires_grad=True)\nP tensor([ 3., 32.], grad_fn=<CubeBackward>)\n--\nU tensor([3., 4.], requires_grad=True)\nU tensor([1., 2.], requires_grad=True)\nU tensor([ 3., 32.], grad_fn=<CubeBackward>)\ntensor([ 9., 48.]) tensor([1., 8.])\nP tensor(2., dtype=torch.float64, requires_grad=True)\nP tensor(2., dtype=torch.float64, requires_grad=True)\nP tensor(0.9093, dtype=torch.float64, grad_fn=<SinBackward0>)\nU tensor(2., dtype=torch.float64, requires_grad=True)\nU tensor(0.9093, dtype=torch.float64, grad_fn=<SinBackward0>)\nP tensor(1., dtype=torch.float64)\nP tensor(1., dtype=torch.float64)\nU tensor(2., dtype=torch.float64, requires_grad=True)\nP tensor(2., dtype=torch.float64, requires_grad=True)\nP tensor(-0.4161, dtype=torch.float64, grad_fn=<CosBackward0>)\nP tensor(2., dtype=torch.float64, grad_fn=<MulBackward0>)\n-- second\ntensor(0.0770, dtype=torch.float64, grad_fn=<AddBackward0>)\nU tensor(-0.4161, dtype=torch.float64, grad_fn=<CosBackward0>)\nU tensor(2., dtype=torch.float64, grad_fn=<MulBackward0>)\nU tensor(2., dtype=torch.float64, requires_grad=True)\nU tensor(1., dtype=torch.float64)\nU tensor(1., dtype=torch.float64)\nU tensor(2., dtype=torch.float64, requires_grad=True)\n(tensor(-2.6509, dtype=torch.float64),)\n(tensor(8., dtype=torch.float64),)\nP tensor(7.3891, dtype=torch.float64, grad_fn=<ExpBackward0>)\nU tensor(7.3891, dtype=torch.float64, grad_fn=<ExpBackward0>)\ntensor(7.3891, dtype=torch.float64, grad_fn=<ExpBackward0>)\nU tensor(7.3891, dtype=torch.float64, grad_fn=<ExpBackward0>)\ntensor(7.3891, dtype=torch.float64, grad_fn=<ExpBackward0>)\nU tensor(7.3891, dtype=torch.float64, grad_fn=<ExpBackward0>)\nTrying to backward through the\ntensor(2.5000, dtype=torch.float64)\n'


def test_pack_may_return_anything_unpack_must_give_a_tensor():
    source = HOOKS + '''x = torch.ones(3, requires_grad=True)
with torch.autograd.graph.saved_tensors_hooks(lambda t: t.numel(), lambda n: torch.full((n,), 10.)):
    z = x * x
z.sum().backward()
print(x.grad)
with torch.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: 5):
    y = x.exp()
try:
    y.sum().backward()
except TypeError as e:
    print(e)
'''
    assert run(source) == (
        "tensor([20., 20., 20.])\n"
        "Output of saved tensor unpack_hook expected to be a Tensor but got result of type "
        "int\n")


def test_hooks_skip_the_version_check_and_nest_innermost_first():
    source = HOOKS + '''x = torch.ones(3, requires_grad=True)
with torch.autograd.graph.saved_tensors_hooks(pk, up):
    y = x.exp()
    y.mul_(2)
y.sum().backward()
print(x.grad)
with torch.autograd.graph.saved_tensors_hooks(pk, up):
    with torch.autograd.graph.saved_tensors_hooks(lambda t: (print("inner"), t)[1], lambda t: t):
        y = x.exp()
    z = x.sin()
y.sum().backward(retain_graph=True)
y.sum().backward()
z.sum().backward()
'''
    assert run(source) == (
        "P tensor([2.7183, 2.7183, 2.7183], grad_fn=<ExpBackward0>)\n"
        "U tensor([5.4366, 5.4366, 5.4366], grad_fn=<MulBackward0>)\n"
        "tensor([10.8731, 10.8731, 10.8731])\n"
        "inner\n"
        "P tensor([1., 1., 1.], requires_grad=True)\n"
        "U tensor([1., 1., 1.], requires_grad=True)\n")


def test_disable_and_save_on_cpu():
    source = HOOKS + '''x = torch.ones(3, requires_grad=True)
with torch.autograd.graph.save_on_cpu(pin_memory=True):
    y = x * x
y.sum().backward()
print(x.grad)
with torch.autograd.graph.disable_saved_tensors_hooks("no hooks here"):
    try:
        with torch.autograd.graph.saved_tensors_hooks(pk, up):
            pass
    except RuntimeError as e:
        print(e)
print(torch.autograd.graph.saved_tensors_hooks, torch.autograd.graph.save_on_cpu)
'''
    assert run(source) == (
        "tensor([2., 2., 2.])\nno hooks here\n"
        "<class 'torch.autograd.graph.saved_tensors_hooks'> "
        "<class 'torch.autograd.graph.save_on_cpu'>\n")


def test_raw_saved_tensor_hooks():
    source = HOOKS + '''x = torch.ones(3, requires_grad=True)
y = x.exp()
print(y.grad_fn._raw_saved_result)
y.grad_fn._raw_saved_result.register_hooks(pk, up)
print(y.grad_fn._saved_result)
y.sum().backward()
z = x * x
z.grad_fn._raw_saved_self.register_hooks(lambda t: t.numel(), lambda n: torch.full((n,), 10.))
z.sum().backward()
print(x.grad)
try:
    y.grad_fn._raw_saved_result.register_hooks(pk, up)
except RuntimeError as e:
    print(e)
w = x * x
w.grad_fn._raw_saved_self.register_hooks(pk, up)
try:
    w.grad_fn._raw_saved_self.register_hooks(pk, up)
except RuntimeError as e:
    print(e)
try:
    w.grad_fn._raw_saved_other.register_hooks(pk, 1)
except TypeError as e:
    print(str(e).splitlines()[0])
'''
    assert run(source).replace("0x", "@").split("@")[0] == \
        "<torch._C._autograd.SavedTensor object at "
    lines = run(source).splitlines()[1:]
    assert lines == [
        "P tensor([2.7183, 2.7183, 2.7183])",
        "U tensor([2.7183, 2.7183, 2.7183])",
        "tensor([2.7183, 2.7183, 2.7183], grad_fn=<ExpBackward0>)",
        "U tensor([2.7183, 2.7183, 2.7183])",
        "tensor([13.7183, 13.7183, 13.7183])",
        "Calling register_hooks on a saved tensor after it has been freed. Saved intermediate "
        "values of the graph are freed when you call .backward() or autograd.grad(). Specify "
        "retain_graph=True if you need to backward through the graph a second time or if you "
        "need to access saved variables after calling backward.",
        "P tensor([1., 1., 1.])",
        "Calling register_hooks on a saved tensor whose hooks have already been set. Hint: "
        "only one pair of hooks is allowed at a time.",
        "register_hooks(): incompatible function arguments. The following argument types are "
        "supported:"]


def test_multi_grad_hooks():
    source = '''from torch.autograd.graph import register_multi_grad_hook
a = torch.ones(2, requires_grad=True)
b = torch.ones(2, requires_grad=True)
x = a * 2
y = b * 3
h = register_multi_grad_hook((x, y), lambda gs: print("all", gs))
x.sum().backward(retain_graph=True)
(x.sum() + y.sum()).backward(retain_graph=True)
h.remove()
x.sum().backward(retain_graph=True)
h = register_multi_grad_hook([x, y], lambda g: print("any", g), mode="any")
(x.sum() + 2 * y.sum()).backward(retain_graph=True)
h.remove()
try:
    register_multi_grad_hook((x, y), lambda gs: 1, mode="some")
except ValueError as e:
    print(e)
try:
    register_multi_grad_hook((x, torch.ones(2)), lambda gs: 1)
except AssertionError as e:
    print(e)
c = torch.ones(2, requires_grad=True)
h = register_multi_grad_hook((c,), lambda gs: print("leaf", gs))
(c * 2).sum().backward()
'''
    assert run(source) == (
        "all [tensor([1., 1.]), None]\n"
        "all [tensor([1., 1.]), tensor([1., 1.])]\n"
        "any tensor([2., 2.])\n"
        "Expects mode to be one of ('all', 'any') but got some\n"
        "Expected gradient function to be set\n"
        "leaf [tensor([2., 2.])]\n")


def test_gradient_edges_and_versions():
    source = '''from torch.autograd.graph import get_gradient_edge, increment_version, Node, GradientEdge
a = torch.ones(2, requires_grad=True)
x = a * 2
e = get_gradient_edge(x)
print(e.node is x.grad_fn, e.output_nr, e.ownership_token, type(e) is GradientEdge)
print(get_gradient_edge(a).node.variable is a)
print(torch.autograd.grad(x.sum(), e))
print(torch.autograd.grad((x * x).sum(), [e, a]))
print(isinstance(x.grad_fn, Node), isinstance(a, Node), Node)
print(x._version)
increment_version(x)
print(x._version)
'''
    assert run(source) == (
        "True 0 None True\nTrue\n(tensor([1., 1.]),)\n"
        "(tensor([4., 4.]), tensor([8., 8.]))\n"
        "True False <class 'torch.autograd.graph.Node'>\n0\n1\n")


def test_grad_of_an_intermediate_tensor_leaves_its_node_unrun():
    """Its gradient is captured as it arrives: its own node neither runs nor frees what it
    saved, so a later backward through it works (PyTorch's behaviour)."""
    source = '''a = torch.ones(2, requires_grad=True)
x = a.exp()
y = (x * x).sum()
print(torch.autograd.grad(y, x))
x.sum().backward()
print(a.grad)
u = a.sin()
(u * u).sum().backward(inputs=[u])
print(u.grad)
try:
    u.sum().backward()
except RuntimeError as e:
    print(str(e)[:50])
'''
    assert run(source) == (    # backward(inputs=[u]) does run u's node, and frees its tensors
        "(tensor([5.4366, 5.4366]),)\ntensor([2.7183, 2.7183])\n"
        "tensor([1.6829, 1.6829])\nTrying to backward through the graph a second time\n")


def test_the_python_api():
    from gradcli.autograd.graph import saved_tensors_hooks
    seen = []
    x = gradcli.tensor([1.0, 2.0], requires_grad=True)
    with saved_tensors_hooks(lambda t: seen.append("pack") or t,
                             lambda t: seen.append("unpack") or t):
        y = x.exp()
    y.sum().backward()
    assert seen == ["pack", "unpack"]
    assert y.grad_fn is not None and x.grad.tolist() == pytest.approx([2.718281, 7.389056])
    with pytest.raises(TorchRuntimeError):
        with gradcli.autograd.graph.disable_saved_tensors_hooks("off"):
            with saved_tensors_hooks(lambda t: t, lambda t: t):
                pass
