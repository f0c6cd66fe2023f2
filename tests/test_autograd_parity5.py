"""Autograd parity, fifth round, each case a program and what PyTorch 2.13 printed for it
(copied in, so this runs without PyTorch), in the conventions of test_autograd_parity4:
printed lines as they are, a warning as `!W Category: message`, an error that ends the
program as `!! Type: message`, addresses as ` at 0x`.

Calling a backward node directly (its argument checks, no hooks, no fitting of the
gradients); saved-tensor hooks on the index and mask tensors PyTorch saves (where's
condition, max/sort/topk indices, index, embedding ...) and their `_saved_<name>` after a
backward; a few more `_saved_<name>` constants; the class names of anomaly mode; the
warnings of instantiating a custom Function and of decorating a class with a grad mode."""
from __future__ import annotations

import pytest

from test_autograd_parity4 import run


NODE_CALL = [
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x * 2\ny.grad_fn()',
     '!! TypeError: expected 1 arguments, got 0 instead\n'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x * 2\ny.grad_fn(torch.ones(3), torch.ones(3))',
     '!! TypeError: expected 1 arguments, got 2 instead\n'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\na, b, c = x.unbind()\na.grad_fn(torch.tensor(1.))',
     '!! TypeError: expected 3 arguments, got 1 instead\n'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\na, b, c = x.unbind()\nprint(a.grad_fn(torch.tensor(1.), None, torch.tensor(2.)))',
     'tensor([1., 0., 2.])\n'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\nacc = (x * 2).grad_fn.next_functions[0][0]\nacc()',
     '!! TypeError: expected 1 arguments, got 0 instead\n'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\nacc = (x * 2).grad_fn.next_functions[0][0]\nacc(torch.ones(3), torch.ones(3))',
     '!! TypeError: expected 1 arguments, got 2 instead\n'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\nacc = (x * 2).grad_fn.next_functions[0][0]\nprint(acc(torch.ones(3)), x.grad)',
     '() tensor([1., 1., 1.])\n'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x * 2\nprint(y.grad_fn(None))',
     '(None, None)\n'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x.exp()\nprint(y.grad_fn(None))',
     'None\n'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x * 2\ny.grad_fn(1.0)',
     '!! TypeError: argument 0 is not a Variable\n'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x * 2\ny.grad_fn(grad=torch.ones(3))',
     '!! TypeError: keyword arguments are not supported\n'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x * 2\nprint(y.grad_fn(torch.ones(2)))',
     '(tensor([2., 2.]), None)\n'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\nb = torch.tensor([1.], requires_grad=True)\nprint((x + b).grad_fn(torch.ones(3)))\nprint((x * b).grad_fn(torch.ones(3)))',
     '(tensor([1., 1., 1.]), tensor([1., 1., 1.]))\n(tensor([1., 1., 1.], grad_fn=<MulBackward0>), tensor([1., 2., 3.], grad_fn=<MulBackward0>))\n'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\nprint(x.sum().grad_fn(torch.tensor(2., dtype=torch.float64)))',
     'tensor([2., 2., 2.], dtype=torch.float64)\n'),
    ("x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x * 2\ny.grad_fn.register_hook(lambda gi, go: print('post', gi, go))\ny.grad_fn.register_prehook(lambda go: print('pre', go))\nprint(y.grad_fn(torch.ones(3)))",
     '(tensor([2., 2., 2.]), None)\n'),
    ("x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x * 2\nx.register_hook(lambda g: print('tensor hook', g))\nacc = y.grad_fn.next_functions[0][0]\nacc.register_hook(lambda gi, go: print('acc post'))\nprint(acc(torch.ones(3)))\nprint(x.grad)",
     '()\ntensor([1., 1., 1.])\n'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x.exp()\nprint(y.grad_fn(torch.ones(3, requires_grad=True)))\nwith torch.no_grad():\n    print(y.grad_fn(torch.ones(3, requires_grad=True)))',
     'tensor([ 2.7183,  7.3891, 20.0855], grad_fn=<MulBackward0>)\ntensor([ 2.7183,  7.3891, 20.0855])\n'),
]


SAVED_EXTRA = [
    ("x = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\ndef pack(t):\n    print('pack', t)\n    return t\ndef unpack(t):\n    print('unpack', t)\n    return t\nwith torch.autograd.graph.saved_tensors_hooks(pack, unpack):\n    y = torch.where(x > 0, x, x * 3)\ny.sum().backward()\nprint(x.grad)",
     'pack tensor([[ True, False,  True],\n        [ True,  True, False]])\nunpack tensor([[ True, False,  True],\n        [ True,  True, False]])\ntensor([[1., 3., 1.],\n        [1., 1., 3.]])\n'),
    ("x = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\ndef pack(t):\n    print('pack', t)\n    return t\ndef unpack(t):\n    print('unpack', t)\n    return t\nwith torch.autograd.graph.saved_tensors_hooks(pack, unpack):\n    v, i = x.max(1)\nprint(i)\nv.sum().backward()\nprint(x.grad)",
     'pack tensor([2, 1])\ntensor([2, 1])\nunpack tensor([2, 1])\ntensor([[0., 0., 1.],\n        [0., 1., 0.]])\n'),
    ("x = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\ndef pack(t):\n    print('pack', t)\n    return t\ndef unpack(t):\n    print('unpack', t)\n    return t\nwith torch.autograd.graph.saved_tensors_hooks(pack, unpack):\n    v, i = x.max(1, keepdim=True)\nv.sum().backward()",
     'pack tensor([[2],\n        [1]])\nunpack tensor([[2],\n        [1]])\n'),
    ("x = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\ndef pack(t):\n    print('pack', t)\n    return t\ndef unpack(t):\n    print('unpack', t)\n    return t\nwith torch.autograd.graph.saved_tensors_hooks(pack, unpack):\n    v = x.min(0).values\nv.sum().backward()",
     'pack tensor([0, 0, 1])\nunpack tensor([0, 0, 1])\n'),
    ("x = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\ndef pack(t):\n    print('pack', t)\n    return t\ndef unpack(t):\n    print('unpack', t)\n    return t\nwith torch.autograd.graph.saved_tensors_hooks(pack, unpack):\n    s = x.sort(1)[0]\n    k = x.topk(2)[0]\n(s[:, 0].sum() + k.sum()).backward()\nprint(x.grad)",
     'pack tensor([[1, 0, 2],\n        [2, 0, 1]])\npack tensor([[2, 0],\n        [1, 0]])\nunpack tensor([[2, 0],\n        [1, 0]])\nunpack tensor([[1, 0, 2],\n        [2, 0, 1]])\ntensor([[1., 1., 1.],\n        [1., 1., 1.]])\n'),
    ("x = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\ndef pack(t):\n    print('pack', t)\n    return t\ndef unpack(t):\n    print('unpack', t)\n    return t\nwith torch.autograd.graph.saved_tensors_hooks(pack, unpack):\n    a = x[torch.tensor([1, 1])]\n    b = x[x > 0]\n    c = x[:, torch.tensor([2, 0])]\n(a.sum() + b.sum() + c.sum()).backward()\nprint(x.grad)",
     'pack tensor([1, 1])\npack tensor([[ True, False,  True],\n        [ True,  True, False]])\npack tensor([2, 0])\nunpack tensor([2, 0])\nunpack tensor([[ True, False,  True],\n        [ True,  True, False]])\nunpack tensor([1, 1])\ntensor([[2., 0., 2.],\n        [4., 3., 3.]])\n'),
    ("x = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\ndef pack(t):\n    print('pack', t)\n    return t\ndef unpack(t):\n    print('unpack', t)\n    return t\nwith torch.autograd.graph.saved_tensors_hooks(pack, unpack):\n    y = x.masked_fill(x > 0, 0.)\n    z = x.index_select(1, torch.tensor([0, 2]))\n(y.sum() + z.sum()).backward()",
     'pack tensor([[ True, False,  True],\n        [ True,  True, False]])\npack tensor([0, 2])\nunpack tensor([0, 2])\nunpack tensor([[ True, False,  True],\n        [ True,  True, False]])\n'),
    ("x = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\ndef pack(t):\n    print('pack', t)\n    return t\ndef unpack(t):\n    print('unpack', t)\n    return t\nwith torch.autograd.graph.saved_tensors_hooks(pack, unpack):\n    e = torch.nn.functional.embedding(torch.tensor([[0, 1], [1, 0]]), x)\ne.sum().backward()\nprint(x.grad)",
     'pack tensor([[0, 1],\n        [1, 0]])\nunpack tensor([[0, 1],\n        [1, 0]])\ntensor([[2., 2., 2.],\n        [2., 2., 2.]])\n'),
    ("x = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\ndef pack(t):\n    print('pack', t)\n    return t\ndef unpack(t):\n    print('unpack', t)\n    return t\nwith torch.autograd.graph.saved_tensors_hooks(pack, unpack):\n    y = x.kthvalue(2, 1)[0] + x.median(1)[0] + x.mode(1)[0]\ny.sum().backward()",
     'pack tensor([0, 0])\npack tensor([0, 0])\npack tensor([1, 2])\nunpack tensor([1, 2])\nunpack tensor([0, 0])\nunpack tensor([0, 0])\n'),
    ("x = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\ndef pack(t):\n    print('pack', t)\n    return t\ndef unpack(t):\n    print('unpack', t)\n    return t\nwith torch.autograd.graph.saved_tensors_hooks(pack, unpack):\n    y = x.scatter(1, torch.tensor([[0], [1]]), 5.)\n    z = torch.zeros(2, 3).scatter_add(1, torch.tensor([[0], [1]]), x[:, :1])\n(y.sum() + z.sum()).backward()",
     'pack tensor([[0],\n        [1]])\npack tensor([[0],\n        [1]])\nunpack tensor([[0],\n        [1]])\nunpack tensor([[0],\n        [1]])\n'),
    ("x = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\ndef unpack(t):\n    print('unpack', t.dtype)\n    return ~t if t.dtype == torch.bool else t\nwith torch.autograd.graph.saved_tensors_hooks(lambda t: t, unpack):\n    y = torch.where(x > 0, x, x * 3)\n    print(y.grad_fn._saved_condition)\ny.sum().backward(retain_graph=True)\nprint(x.grad)\ny.sum().backward()\nprint(x.grad)",
     'unpack torch.bool\ntensor([[False,  True, False],\n        [False, False,  True]])\nunpack torch.bool\ntensor([[3., 1., 3.],\n        [3., 3., 1.]])\nunpack torch.bool\ntensor([[6., 2., 6.],\n        [6., 6., 2.]])\n'),
    ("x = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\ndef unpack(t):\n    print('unpack', t)\n    return torch.zeros_like(t) if t.dtype == torch.int64 else t\nwith torch.autograd.graph.saved_tensors_hooks(lambda t: t, unpack):\n    v, i = x.max(1)\n    print(v.grad_fn._saved_indices)\n    z = x[torch.tensor([1, 1])]\n(v.sum() + z.sum()).backward()\nprint(x.grad)",
     'unpack tensor([2, 1])\ntensor([0, 0])\nunpack tensor([1, 1])\nunpack tensor([2, 1])\ntensor([[3., 2., 2.],\n        [1., 0., 0.]])\n'),
    ("x = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\nwith torch.autograd.graph.saved_tensors_hooks(lambda t: print('p', t.shape) or t, lambda t: print('u', t.shape) or t):\n    k = x.max(1, keepdim=True)[0]\n    gk, = torch.autograd.grad(k.sum(), x, create_graph=True)\nprint(gk)",
     'p torch.Size([2, 1])\nu torch.Size([2, 1])\ntensor([[0., 0., 1.],\n        [0., 1., 0.]])\n'),
    ('x = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\nn = [0, 0]\ndef pack(t):\n    n[0] += 1\n    return t\ndef unpack(t):\n    n[1] += 1\n    return t\nwith torch.autograd.graph.saved_tensors_hooks(pack, unpack):\n    loss = torch.nn.functional.relu(x).max(1)[0].sum() + torch.where(x > 1, x, 0.).sum()\nloss.backward()\nprint(n, x.grad)',
     '[3, 3] tensor([[0., 0., 2.],\n        [1., 2., 0.]])\n'),
    ("x = torch.arange(16.).reshape(1, 1, 4, 4).requires_grad_()\nw = torch.tensor([[[[1., 0., -1.], [2., 0., -2.], [1., 0., -1.]]], [[[0., 1., 0.], [1., -4., 1.], [0., 1., 0.]]]], requires_grad=True)\nwith torch.autograd.graph.saved_tensors_hooks(lambda t: print('pack', t.shape, t.dtype) or t, lambda t: print('unpack', t.shape) or t):\n    q = torch.nn.functional.max_pool2d(torch.nn.functional.conv2d(x, w), 2)\nq.sum().backward()\nprint(x.grad)",
     'pack torch.Size([1, 1, 4, 4]) torch.float32\npack torch.Size([2, 1, 3, 3]) torch.float32\npack torch.Size([1, 2, 2, 2]) torch.float32\npack torch.Size([1, 2, 1, 1]) torch.int64\nunpack torch.Size([1, 2, 2, 2])\nunpack torch.Size([1, 2, 1, 1])\nunpack torch.Size([1, 1, 4, 4])\nunpack torch.Size([2, 1, 3, 3])\ntensor([[[[ 1.,  1., -1.,  0.],\n          [ 3., -4., -1.,  0.],\n          [ 1.,  1., -1.,  0.],\n          [ 0.,  0.,  0.,  0.]]]])\n'),
    ('x = torch.arange(16.).reshape(1, 1, 4, 4).requires_grad_()\nw = torch.tensor([[[[1., 0., -1.], [2., 0., -2.], [1., 0., -1.]]], [[[0., 1., 0.], [1., -4., 1.], [0., 1., 0.]]]], requires_grad=True)\ny = torch.nn.functional.conv2d(x, w, padding=1)\nn = y.grad_fn\nprint(n, n._saved_input.shape, n._saved_weight.shape)\np = torch.nn.functional.max_pool2d(y, 2)\nprint(p.grad_fn, p.grad_fn._saved_result1)\np.sum().backward()\nprint(p.grad_fn._saved_result1)',
     '<ConvolutionBackward0 object at 0x> torch.Size([1, 1, 4, 4]) torch.Size([2, 1, 3, 3])\n<MaxPool2DWithIndicesBackward0 object at 0x> tensor([[[[ 1,  7],\n          [13, 11]],\n\n         [[ 0,  2],\n          [ 9, 10]]]])\n!! RuntimeError: Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.\n'),
]


SAVED_ATTRS = [
    ('x = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\nv, i = x.max(1)\nv.sum().backward()\nprint(v.grad_fn._saved_dim)\nprint(v.grad_fn._saved_indices)',
     '1\n!! RuntimeError: Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.\n'),
    ('x = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\ny = torch.where(x > 0, x, 0.)\ny.sum().backward()\nprint(y.grad_fn._saved_condition)',
     '!! RuntimeError: Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.\n'),
    ('x = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\ny = x[torch.tensor([1, 0])]\ny.sum().backward()\nprint(y.grad_fn._saved_self_sym_sizes)\nprint(y.grad_fn._saved_indices)',
     '(2, 3)\n!! RuntimeError: Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.\n'),
    ('x = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\ny = x.unsqueeze(0).squeeze(0)\nprint(y.grad_fn, y.grad_fn._saved_dim, y.grad_fn._saved_self_sym_sizes)',
     '<SqueezeBackward1 object at 0x> 0 (1, 2, 3)\n'),
    ('x = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\na = x.split(1)[0]\nb = x.chunk(2, 1)[0]\nprint(a.grad_fn._saved_split_size, a.grad_fn._saved_dim, b.grad_fn._saved_split_size, b.grad_fn._saved_dim)',
     '1 0 2 1\n'),
    ('x = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\ny = x.gather(1, torch.tensor([[0], [1]]))\nprint(y.grad_fn._saved_sparse_grad, y.grad_fn._saved_dim, y.grad_fn._saved_index)',
     'False 1 tensor([[0],\n        [1]])\n'),
    ('x = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\ne = torch.nn.functional.embedding(torch.tensor([0, 1]), x)\nn = e.grad_fn\nprint(n._saved_indices, n._saved_padding_idx, n._saved_sparse, n._saved_weight_sym_argsize_0, n._saved_scale_grad_by_freq)',
     'tensor([0, 1]) 18446744073709551615 False 2 False\n'),
    ('x = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)\ne = torch.nn.functional.embedding(torch.tensor([0, 1]), x, padding_idx=1)\nprint(e.grad_fn._saved_padding_idx)',
     '1\n'),
]


CLASSES = [
    ('print(torch.autograd.detect_anomaly, torch.autograd.set_detect_anomaly)\nprint(type(torch.autograd.set_detect_anomaly(False)))',
     "<class 'torch.autograd.anomaly_mode.detect_anomaly'> <class 'torch.autograd.anomaly_mode.set_detect_anomaly'>\n<class 'torch.autograd.anomaly_mode.set_detect_anomaly'>\n"),
    ('class F(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x):\n        return x * 2\n    @staticmethod\n    def backward(ctx, g):\n        return g * 2\nf = F()\nprint(type(f).__name__)',
     "!W DeprecationWarning: <class '__main__.F'> should not be instantiated. Methods on autograd functions are all static, so you should invoke them on the class itself. Instantiating an autograd function will raise an error in a future version of PyTorch.\nF\n"),
    ('class F(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x):\n        return x * 2\n    @staticmethod\n    def backward(ctx, g):\n        return g * 2\nx = torch.ones(2, requires_grad=True)\nF()(x)',
     "!W DeprecationWarning: <class '__main__.F'> should not be instantiated. Methods on autograd functions are all static, so you should invoke them on the class itself. Instantiating an autograd function will raise an error in a future version of PyTorch.\n!! RuntimeError: Legacy autograd function with non-static forward method is deprecated. Please use new-style autograd function with static forward method. (Example: https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)\n"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\n@torch.no_grad()\nclass C:\n    def __init__(self, t):\n        self.v = t * 2\nc = C(x)\nprint(type(c).__name__, c.v.requires_grad)\nprint(C)',
     '!W FutureWarning: Decorating classes is deprecated and will be disabled in future versions. You should only decorate functions or methods. To preserve the current behavior of class decoration, you can directly decorate the `__init__` method and nothing else.\nC False\n<function _DecoratorContextManager.__call__.<locals>.<lambda> at 0x>\n'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\n@torch.enable_grad\nclass C:\n    def __init__(self, t):\n        self.v = t * 2\nwith torch.no_grad():\n    c = C(x)\nprint(c.v.requires_grad)',
     '!W FutureWarning: Decorating classes is deprecated and will be disabled in future versions. You should only decorate functions or methods. To preserve the current behavior of class decoration, you can directly decorate the `__init__` method and nothing else.\nTrue\n'),
    ("x = torch.tensor([1., 2.], requires_grad=True)\n@torch.autograd.graph.disable_saved_tensors_hooks('nope')\ndef f():\n    y = x * x\n    with torch.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):\n        pass\ntry:\n    f()\nexcept RuntimeError as e:\n    print('E', e)\nprint(f.__name__)\nwith torch.autograd.graph.saved_tensors_hooks(lambda t: print('pack') or t, lambda t: t):\n    y = x * 2\n    z = x.exp()",
     'E nope\nf\npack\n'),
]


_CASES = [(f"{name.lower()}-{i}", src, out) for name, cases in
          [("NODE_CALL", NODE_CALL), ("SAVED_EXTRA", SAVED_EXTRA),
           ("SAVED_ATTRS", SAVED_ATTRS), ("CLASSES", CLASSES)]
          for i, (src, out) in enumerate(cases)]


@pytest.mark.parametrize("source, expected", [c[1:] for c in _CASES],
                         ids=[c[0] for c in _CASES])
def test_prints_what_pytorch_printed(source, expected):
    assert run(source) == expected


def test_instantiating_a_function_warns_through_the_command_line():
    """Python's default filters show a DeprecationWarning only from `__main__`, as the
    formula is: PyTorch 2.13 printed the warning for line 9 (the `F()`), then `F`."""
    import subprocess
    import sys
    source = ("import torch\nclass F(torch.autograd.Function):\n    @staticmethod\n"
              "    def forward(ctx, x):\n        return x * 2\n    @staticmethod\n"
              "    def backward(ctx, g):\n        return g * 2\nf = F()\n"
              "print(type(f).__name__)\n")
    proc = subprocess.run([sys.executable, "-m", "gradcli", "run", "-"], input=source,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0
    assert proc.stdout == "F\n"
    assert (":9:5: warning: DeprecationWarning: <class '__main__.F'> should not be "
            "instantiated. Methods on autograd functions are all static, so you should invoke "
            "them on the class itself. Instantiating an autograd function will raise an error "
            "in a future version of PyTorch.\n") in proc.stderr
