"""Found in session 45 by running PyTorch's autograd tutorials (pytorch/tutorials:
beginner_source/blitz, basics/autogradqs, introyt/autogradyt, examples_autograd, examples_nn,
nn_tutorial, understanding_leaf_vs_nonleaf; intermediate_source/jacobians_hessians,
per_sample_grads, neural_tangent_kernels, ensembling, forward_ad_usage,
custom_function_double_backward, custom_function_conv_bn, autograd_saved_tensors_hooks,
visualizing_gradients; recipes zeroing_out_gradients, defining_a_neural_network) as gradcli
programs. Each expected output is what torch 2.13 printed (format of test_autograd_parity4).

one-inner-product: a matrix product whose inner size is 1 ((M, 1) @ (1, N), M and N over 1)
is its products, -0 kept, as MKL's gemm gives it (0 * -1 printed 0. where PyTorch printed
-0.): a linear layer's weight gradient for a batch of one, so jacrev of
`F.linear(x, weight, bias).tanh()` with respect to the weight (jacobians_hessians); bmm of
more than one matrix and addmm add them onto +0.

data-parallel: `nn.DataParallel` on a machine without accelerators keeps the module and
calls it (autograd_saved_tensors_hooks wraps its SaveToDisk module in one): its printing,
class, `device_ids`, state_dict keys and parameters."""
from __future__ import annotations

from test_autograd_parity4 import printed_programs

ONE_INNER_PRODUCT = [
    ('w = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\nx = torch.tensor([[-1., 2.]])\ny = torch.nn.functional.linear(x, w, torch.tensor([1., -1.]))\ny.backward(torch.tensor([[0., 1.]]))\nprint(w.grad)\nwd = w.detach().double().requires_grad_()\ny = torch.nn.functional.linear(x.double(), wd)\ny.backward(torch.tensor([[0., 1.]], dtype=torch.float64))\nprint(wd.grad)\n',
     'tensor([[-0.,  0.],\n        [-1.,  2.]])\ntensor([[-0.,  0.],\n        [-1.,  2.]], dtype=torch.float64)\n'),
    ('a = torch.tensor([[0.], [1.], [0.]])\nb = torch.tensor([[-1., 2., -3., 4.]])\nprint(a @ b)\nprint(torch.mm(a.double(), b.double()))\nprint(torch.mm(a.t().contiguous().t(), b.t().contiguous().t()))\nprint(torch.addmm(torch.zeros(3, 4), a, b))\nprint(torch.outer(a[:, 0], b[0]))\nA = torch.zeros(2, 20, 1)\nB = -torch.ones(2, 1, 25)\nprint(torch.bmm(A, B).signbit().sum(), torch.bmm(A[:, :8], B[:, :, :8]).signbit().sum())\nprint(torch.zeros(1, 1) @ -torch.ones(1, 5), torch.zeros(5, 1) @ -torch.ones(1, 1))\n',
     'tensor([[-0.,  0., -0.,  0.],\n        [-1.,  2., -3.,  4.],\n        [-0.,  0., -0.,  0.]])\ntensor([[-0.,  0., -0.,  0.],\n        [-1.,  2., -3.,  4.],\n        [-0.,  0., -0.,  0.]], dtype=torch.float64)\ntensor([[-0.,  0., -0.,  0.],\n        [-1.,  2., -3.,  4.],\n        [-0.,  0., -0.,  0.]])\ntensor([[ 0.,  0.,  0.,  0.],\n        [-1.,  2., -3.,  4.],\n        [ 0.,  0.,  0.,  0.]])\ntensor([[-0.,  0., -0.,  0.],\n        [-1.,  2., -3.,  4.],\n        [-0.,  0., -0.,  0.]])\ntensor(0) tensor(0)\ntensor([[0., 0., 0., 0., 0.]]) tensor([[0.],\n        [0.],\n        [0.],\n        [0.],\n        [0.]])\n'),
    ('import torch.nn.functional as F\nfrom torch.func import jacrev, vmap, vjp\nweight = torch.randn(3, 3)\nbias = torch.randn(3)\nx = torch.randn(3)\ndef predict(weight, bias, x):\n    return F.linear(x, weight, bias).tanh()\njw, jb = jacrev(predict, argnums=(0, 1))(weight, bias, x)\nprint(jw)\nprint(jb)\n_, vjp_fn = vjp(lambda w: F.linear(x, w), weight)\nprint(vmap(vjp_fn)(torch.eye(3))[0][2])\n',
     'tensor([[[-0.7896,  1.0144, -0.9873],\n         [-0.0000,  0.0000, -0.0000],\n         [-0.0000,  0.0000, -0.0000]],\n\n        [[-0.0000,  0.0000, -0.0000],\n         [-0.4923,  0.6325, -0.6156],\n         [-0.0000,  0.0000, -0.0000]],\n\n        [[-0.0000,  0.0000, -0.0000],\n         [-0.0000,  0.0000, -0.0000],\n         [-0.1468,  0.1886, -0.1835]]])\ntensor([[0.9217, 0.0000, 0.0000],\n        [0.0000, 0.5747, 0.0000],\n        [0.0000, 0.0000, 0.1713]])\ntensor([[-0.0000,  0.0000, -0.0000],\n        [-0.0000,  0.0000, -0.0000],\n        [-0.8567,  1.1006, -1.0712]])\n'),
]

DATA_PARALLEL = [
    ('m = torch.nn.DataParallel(torch.nn.Linear(2, 2))\nprint(m)\nprint(type(m), m.device_ids, list(m.state_dict()))\ny = m(torch.ones(2))\nprint(y)\nprint([n for n, _ in m.named_parameters()], isinstance(m, torch.nn.Module))\ny.sum().backward()\nprint(m.module.bias.grad)\ntry:\n    m.output_device\nexcept AttributeError as e:\n    print(e)\n',
     "DataParallel(\n  (module): Linear(in_features=2, out_features=2, bias=True)\n)\n<class 'torch.nn.parallel.data_parallel.DataParallel'> [] ['module.weight', 'module.bias']\ntensor([ 0.1017, -0.9128], grad_fn=<ViewBackward0>)\n['module.weight', 'module.bias'] True\ntensor([1., 1.])\n'DataParallel' object has no attribute 'output_device'\n"),
    ('import torch.nn as nn\nclass Model(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.w = nn.Parameter(torch.randn(5))\n    def forward(self, x):\n        return self.w * x\npacked = []\ndef pack_hook(x):\n    packed.append(tuple(x.shape))\n    return x\ndef unpack_hook(t):\n    return t\nclass SaveToDisk(nn.Module):\n    def __init__(self, module):\n        super().__init__()\n        self.module = module\n    def forward(self, *args, **kwargs):\n        with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):\n            return self.module(*args, **kwargs)\nnet = nn.DataParallel(SaveToDisk(Model()), device_ids=None)\nprint(net)\nout = net(torch.ones(5))\nout.sum().backward()\nprint(out, packed, net.module.module.w.grad)\n',
     'DataParallel(\n  (module): SaveToDisk(\n    (module): Model()\n  )\n)\ntensor([ 1.5410, -0.2934, -2.1788,  0.5684, -1.0845], grad_fn=<MulBackward0>) [(5,)] tensor([1., 1., 1., 1., 1.])\n'),
]

test_prints_what_pytorch_printed = printed_programs({
    "one-inner-product": ONE_INNER_PRODUCT,
    "data-parallel": DATA_PARALLEL,
})
