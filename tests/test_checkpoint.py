"""`torch.utils.checkpoint`: checkpoint (use_reentrant True and False) and
checkpoint_sequential, from formula files and from Python.

Expected outputs are what PyTorch 2.13 printed for the same programs."""
import io
import warnings

import pytest

import gradcli
from gradcli.errors import TorchRuntimeError, TorchValueError
from gradcli.lang import run_source
from gradcli.utils import checkpoint as cp


def run(source: str) -> str:
    out = io.StringIO()
    run_source("import torch\nfrom torch.utils.checkpoint import checkpoint\n" + source,
               "t.grad", out=out)
    return out.getvalue()


F = "x = torch.tensor([1., 2., 3.], requires_grad=True)\ndef f(a):\n    return (a.sin() * a).exp()\n"


def test_reentrant_node_values_and_gradient():
    out = run(F + "y = checkpoint(f, x, use_reentrant=True)\n"
              "print(y, y.grad_fn.name(), len(y.grad_fn.next_functions))\n"
              "y.sum().backward(); print(x.grad)\n")
    assert out == ("tensor([2.3198, 6.1632, 1.5271], grad_fn=<CheckpointFunctionBackward>) "
                   "CheckpointFunctionBackward 1\ntensor([ 3.2054,  0.4746, -4.3199])\n")


def test_non_reentrant_keeps_the_function_nodes_and_recomputes_saved_values():
    out = run(F + "y = checkpoint(f, x, use_reentrant=False)\n"
              "print(y.grad_fn, y.grad_fn._saved_result)\n"
              "print(y.grad_fn.next_functions[0][0]._saved_self)\n"
              "y.sum().backward(); print(x.grad)\n"
              "g, = torch.autograd.grad(checkpoint(f, x, use_reentrant=False).sum(), x)\n"
              "print(g)\n")
    lines = out.splitlines()
    assert lines[0].startswith("<ExpBackward0 object at 0x")
    assert lines[0].endswith("tensor([2.3198, 6.1632, 1.5271], grad_fn=<ExpBackward0>)")
    assert lines[1:] == ["tensor([0.8415, 0.9093, 0.1411], grad_fn=<SinBackward0>)",
                         "tensor([ 3.2054,  0.4746, -4.3199])",
                         "tensor([ 3.2054,  0.4746, -4.3199])"]


def test_reentrant_refuses_grad_and_backward_inputs():
    msg = ("When use_reentrant=True, torch.utils.checkpoint is incompatible with .grad() or "
           "passing an `inputs` parameter to .backward(). To resolve this error, you can "
           "either set use_reentrant=False, or call .backward() without passing the `inputs` "
           "argument.")
    x = gradcli.tensor([1., 2.], requires_grad=True)
    with pytest.raises(TorchRuntimeError) as e:
        gradcli.autograd.grad(cp.checkpoint(gradcli.exp, x, use_reentrant=True).sum(), x)
    assert str(e.value) == msg
    with pytest.raises(TorchRuntimeError) as e:
        cp.checkpoint(gradcli.exp, x, use_reentrant=True).sum().backward(inputs=[x])
    assert str(e.value) == msg


def test_argument_errors_and_the_use_reentrant_warning():
    x = gradcli.tensor([1., 2.], requires_grad=True)
    with pytest.raises(TorchValueError, match="^Unexpected keyword arguments: scale$"):
        cp.checkpoint(lambda a, scale: a, x, scale=2.0, use_reentrant=True)
    with pytest.raises(TorchValueError, match="^Passing `context_fn` or `debug` is only "
                                              r"supported when use_reentrant=False\.$"):
        cp.checkpoint(lambda a: a, x, context_fn=1, use_reentrant=True)
    with pytest.raises(TorchValueError) as e:
        cp.checkpoint(lambda a: a, x, use_reentrant=False, determinism_check="strict")
    assert str(e.value) == ("determinism_check should be one of ['default', 'none'], but got "
                            "strict")
    with pytest.raises(TorchValueError, match="^Unexpected keyword arguments: foo$"):
        cp.checkpoint_sequential([gradcli.exp], 1, x, use_reentrant=True, foo=1)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        y = cp.checkpoint(lambda a: a * 2, x)
        cp.checkpoint(lambda a: a * 2, gradcli.ones(2), use_reentrant=True)
        cp.checkpoint_sequential([gradcli.exp], 1, x)
    assert y.grad_fn.name() == "CheckpointFunctionBackward"
    assert [str(m.message)[:60] for m in w] == [
        "torch.utils.checkpoint: the use_reentrant parameter should b",
        "None of the inputs have requires_grad=True. Gradients will b",
        "torch.utils.checkpoint.checkpoint_sequential: the use_reentr"]


def test_module_parameters_get_gradients_only_without_reentrant():
    out = run("torch.manual_seed(0)\nlin = torch.nn.Linear(3, 2)\nx = torch.randn(4, 3)\n"
              "y = checkpoint(lin, x, use_reentrant=True)\nprint(y.requires_grad, y.grad_fn)\n"
              "y = checkpoint(lin, x, use_reentrant=False)\nprint(y.grad_fn.name())\n"
              "y.sum().backward(); print(lin.weight.grad, lin.bias.grad)\n")
    assert out == ("False None\nAddmmBackward0\ntensor([[ 0.2575, -3.0070, -0.7340],\n"
                   "        [ 0.2575, -3.0070, -0.7340]]) tensor([4., 4.])\n")


DROPOUT = ("torch.manual_seed(0)\nx = torch.randn(4, 3, requires_grad=True)\ndef f(a):\n"
           "    return torch.nn.functional.dropout(a, 0.5, training=True) * 2\n")


def test_the_random_state_of_the_forward_is_replayed():
    out = run(DROPOUT + "y = checkpoint(f, x, use_reentrant=True)\n"
              "y.sum().backward(); print(x.grad)\nx.grad = None\n"
              "y = checkpoint(f, x, use_reentrant=False)\n"
              "y.sum().backward(); print(x.grad)\nprint(torch.rand(2))\n")
    assert out == ("tensor([[4., 0., 4.],\n        [4., 4., 4.],\n        [0., 0., 4.],\n"
                   "        [0., 4., 0.]])\ntensor([[4., 0., 0.],\n        [0., 0., 4.],\n"
                   "        [0., 0., 4.],\n        [4., 4., 0.]])\ntensor([0.6965, 0.9143])\n")


def test_without_preserve_rng_state_the_recomputation_draws_anew():
    out = run(DROPOUT + "y = checkpoint(f, x, use_reentrant=False, preserve_rng_state=False)\n"
              "y.sum().backward(); print(x.grad)\nprint(torch.rand(2))\n")
    assert out == ("tensor([[4., 0., 0.],\n        [0., 0., 4.],\n        [0., 0., 4.],\n"
                   "        [4., 4., 0.]])\ntensor([0.6965, 0.9143])\n")


PRINTING = ("x = torch.tensor([1., 2.], requires_grad=True)\ndef f(a):\n    print('run f')\n"
            "    b = a.sin()\n    print('after sin')\n    c = b.cos()\n    print('after cos')\n"
            "    return c * 2\n")


def test_recomputation_stops_once_every_saved_tensor_is_back():
    out = run(PRINTING + "y = checkpoint(f, x, use_reentrant=False)\nprint('backward')\n"
              "y.sum().backward()\nprint(x.grad)\n"
              "y = checkpoint(f, x, use_reentrant=True)\nprint('backward')\n"
              "y.sum().backward()\nprint(x.grad)\n")
    assert out == ("run f\nafter sin\nafter cos\nbackward\nrun f\nafter sin\n"
                   "tensor([-0.8057,  0.6567])\nrun f\nafter sin\nafter cos\nbackward\nrun f\n"
                   "after sin\nafter cos\ntensor([-1.6114,  1.3135])\n")


def test_early_stop_off():
    out = run(PRINTING + "from torch.utils.checkpoint import set_checkpoint_early_stop\n"
              "with set_checkpoint_early_stop(False):\n"
              "    y = checkpoint(f, x, use_reentrant=False)\n"
              "y.sum().backward()\ny = checkpoint(f, x, use_reentrant=False, early_stop=False)\n"
              "y.sum().backward()\nprint(x.grad)\n")
    assert out == "run f\nafter sin\nafter cos\n" * 4 + "tensor([-1.6114,  1.3135])\n"


def test_retained_graph_recomputes_each_pass_then_refuses_a_third():
    out = run("x = torch.tensor([1., 2.], requires_grad=True)\n"
              "y = checkpoint(lambda a: (a * a).exp(), x, use_reentrant=False)\ns = y.sum()\n"
              "s.backward(retain_graph=True); print(x.grad)\ns.backward(); print(x.grad)\n"
              "try:\n    s.backward()\nexcept RuntimeError as e:\n    print(str(e)[:50])\n")
    assert out == ("tensor([  5.4366, 218.3926])\ntensor([ 10.8731, 436.7852])\n"
                   "Trying to backward through the graph a second time\n")


def test_nested_checkpoints():
    out = run("x = torch.tensor([1., 2.], requires_grad=True)\n"
              "def inner(a): return a.sin() * a\n"
              "def outer(a): return checkpoint(inner, a, use_reentrant=False).exp()\n"
              "y = checkpoint(outer, x, use_reentrant=False)\n"
              "y.sum().backward(); print(y, x.grad)\nx.grad = None\n"
              "def outer2(a): return checkpoint(inner, a, use_reentrant=True).exp()\n"
              "y = checkpoint(outer2, x, use_reentrant=True)\n"
              "y.sum().backward(); print(y, x.grad)\n")
    assert out == ("tensor([2.3198, 6.1632], grad_fn=<ExpBackward0>) tensor([3.2054, 0.4746])\n"
                   "tensor([2.3198, 6.1632], grad_fn=<CheckpointFunctionBackward>) "
                   "tensor([3.2054, 0.4746])\n")


def test_a_recomputation_that_differs_is_a_checkpoint_error():
    out = run("n = [0]\ndef f(a):\n    n[0] += 1\n    if n[0] == 1:\n"
              "        return (a * a).sum()\n    return (a[:1] * a[:1]).sum()\n"
              "x = torch.tensor([1., 2.], requires_grad=True)\n"
              "y = checkpoint(f, x, use_reentrant=False)\n"
              "try:\n    y.backward()\nexcept Exception as e:\n"
              "    print(type(e).__name__, str(e).splitlines()[:4])\n")
    assert out == (
        "CheckpointError ['torch.utils.checkpoint: Recomputed values for the following tensors "
        "have different metadata than during the forward pass.', 'tensor at position 0:', "
        "\"saved metadata: {'shape': torch.Size([2]), 'dtype': torch.float32, 'device': "
        "device(type='cpu')}\", \"recomputed metadata: {'shape': torch.Size([1]), 'dtype': "
        "torch.float32, 'device': device(type='cpu')}\"]\n")


def test_several_outputs_numbers_and_keyword_arguments():
    out = run("def f(a, b):\n    return a * b, 3, b.exp()\n"
              "x = torch.tensor([1., 2.], requires_grad=True)\nw = torch.tensor([3., 4.])\n"
              "o = checkpoint(f, x, w, use_reentrant=True)\nprint(o)\n"
              "o[0].sum().backward(); print(x.grad)\n"
              "y = checkpoint(lambda a, n: a * n, x, 3, use_reentrant=True)\n"
              "y.sum().backward(); print(y, x.grad)\n"
              "def g(a, *, scale):\n    return a * scale\n"
              "y = checkpoint(g, x, scale=torch.tensor(3.0, requires_grad=True), "
              "use_reentrant=False)\ny.sum().backward(); print(x.grad)\n")
    assert out == ("(tensor([3., 8.], grad_fn=<CheckpointFunctionBackward>), 3, "
                   "tensor([20.0855, 54.5981], grad_fn=<CheckpointFunctionBackward>))\n"
                   "tensor([3., 4.])\n"
                   "tensor([3., 6.], grad_fn=<CheckpointFunctionBackward>) tensor([6., 7.])\n"
                   "tensor([ 9., 10.])\n")


def test_checkpoint_sequential():
    out = run("from torch.utils.checkpoint import checkpoint_sequential\n"
              "torch.manual_seed(0)\nmodel = torch.nn.Sequential(torch.nn.Linear(4, 4), "
              "torch.nn.Tanh(), torch.nn.Linear(4, 1))\n"
              "x = torch.randn(2, 4, requires_grad=True)\n"
              "out = checkpoint_sequential(model, 2, x, use_reentrant=True)\n"
              "out.sum().backward()\nprint(out, x.grad)\n"
              "fs = [lambda t: t * 2, lambda t: t.sin(), lambda t: t + 1, lambda t: t.exp()]\n"
              "x = torch.tensor([0.5, 1.0], requires_grad=True)\n"
              "out = checkpoint_sequential(fs, 4, x, use_reentrant=False)\n"
              "out.sum().backward(); print(out, x.grad)\n")
    assert out == ("tensor([[0.0304],\n        [0.2421]], grad_fn=<AddmmBackward0>) "
                   "tensor([[-0.2328, -0.0355, -0.1373,  0.0849],\n"
                   "        [-0.2218, -0.0758, -0.0966,  0.0930]])\n"
                   "tensor([6.3058, 6.7483], grad_fn=<ExpBackward0>) "
                   "tensor([ 6.8141, -5.6166])\n")


def test_import_forms_and_detach_variable():
    out = run("import torch.utils.checkpoint as cp\n"
              "x = torch.ones(2, requires_grad=True)\nprint(cp.detach_variable((x, 3)))\n"
              "try:\n    cp.detach_variable([x])\nexcept RuntimeError as e:\n    print(e)\n")
    assert out == ("(tensor([1., 1.], requires_grad=True), 3)\n"
                   "Only tuple of tensors is supported. Got Unsupported input type: list\n")
