"""`out=` on torch's functions (the result written into given tensors, resized, returned;
refused when an argument requires grad; tuples for max/sort/qr ...), and torch.ctc_loss with
ATen's own signature (reduction as a number), torch.vmap and torch.func.stack_module_state
(the model-ensembling tutorial). Each program's expected output and error are what torch
2.13 gave."""
from __future__ import annotations

import io
import warnings

import numpy as np
import pytest

import gradcli
from gradcli.errors import GradcliError
from gradcli.lang import run_source

CASES = {
    'out2b_0': (
        'import torch\na = torch.tensor([1., 2.]); o = torch.empty(3)\nr = torch.add(a, a, out=o); print(r, o, r is o)\n',
        'tensor([2., 4.]) tensor([2., 4.]) True\n',
        None),
    'out2b_1': (
        'import torch\na = torch.tensor([1., 2.]); o = torch.zeros(2, dtype=torch.long)\ntorch.add(a, a, out=o)\n',
        '',
        "RuntimeError: result type Float can't be cast to the desired output type Long"),
    'out2b_2': (
        'import torch\na = torch.tensor([1, 2]); o = torch.zeros(2)\nprint(torch.add(a, a, out=o))\n',
        'tensor([2., 4.])\n',
        None),
    'out2b_3': (
        'import torch\na = torch.tensor([1., 2.]); o = torch.zeros(2, requires_grad=True)\nprint(torch.add(a, a, out=o))\n',
        '',
        "RuntimeError: add(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad."),
    'out2b_4': (
        'import torch\na = torch.tensor([1., 2.], requires_grad=True); o = torch.zeros(2)\nwith torch.no_grad():\n    print(torch.add(a, a, out=o))\n',
        'tensor([2., 4.])\n',
        None),
    'out2b_5': (
        'import torch\na = torch.tensor([[1., 5.], [3., 2.]]); v = torch.empty(2); i = torch.empty(2, dtype=torch.long)\nr = torch.max(a, 1, out=(v, i)); print(r, v, i)\n',
        'torch.return_types.max_out(\nvalues=tensor([5., 3.]),\nindices=tensor([1, 0])) tensor([5., 3.]) tensor([1, 0])\n',
        None),
    'out2b_6': (
        'import torch\na = torch.tensor([[1., 5.], [3., 2.]])\nprint(torch.sort(a, out=(torch.empty(0), torch.empty(0, dtype=torch.long))))\n',
        'torch.return_types.sort_out(\nvalues=tensor([[1., 5.],\n        [2., 3.]]),\nindices=tensor([[0, 1],\n        [1, 0]]))\n',
        None),
    'out2b_7': (
        'import torch\na = torch.tensor([1., 2.])\nprint(torch.cat([a, a], out=torch.empty(4)))\n',
        'tensor([1., 2., 1., 2.])\n',
        None),
    'out2b_8': (
        'import torch\na = torch.tensor([1., 2.])\nprint(torch.transpose(a, 0, 0, out=torch.empty(2)))\n',
        '',
        "TypeError: transpose() got an unexpected keyword argument 'out'"),
    'out2b_9': (
        'import torch\na = torch.tensor([1., 2.])\nprint(torch.zeros(3, out=torch.empty(1)))\n',
        'tensor([0., 0., 0.])\n',
        None),
    'out2b_10': (
        'import torch\na = torch.tensor([1., 2.])\nprint(torch.add(a, 1, out=[1, 2]))\n',
        '',
        "TypeError: add(): argument 'out' must be Tensor, not list"),
    'out2b_11': (
        'import torch\na = torch.tensor([1., 2.])\nprint(torch.sum(a, 0, out=torch.empty(())))\nprint(torch.mean(a, out=torch.empty(5)))\n',
        'tensor(3.)\ntensor(1.5000)\n',
        None),
    'out2b_12': (
        'import torch\nx = torch.rand(3, 2); o = torch.empty(3, 3)\nprint(torch.matmul(torch.ones(3, 2), torch.ones(3, 2).T, out=o))\nprint(torch.mul(torch.ones(2), 3, out=torch.empty(2)))\n',
        'tensor([[2., 2., 2.],\n        [2., 2., 2.],\n        [2., 2., 2.]])\ntensor([3., 3.])\n',
        None),
    'out2b_13': (
        'import torch\na = torch.tensor([1., 2.])\no = torch.empty(4)\nv = o[:2]\ntorch.add(a, a, out=v); print(o[:2], v._version, o._version)\n',
        'tensor([2., 4.]) 1 1\n',
        None),
    'out2b_14': (
        'import torch\na = torch.tensor([1., 2.])\nprint(torch.sin(a, out=torch.empty(2, dtype=torch.float64)))\n',
        'tensor([0.8415, 0.9093], dtype=torch.float64)\n',
        None),
    'out2b_15': (
        'import torch\na = torch.tensor([1., 2.])\nprint(torch.arange(3, out=torch.empty(0)), torch.linspace(0, 1, 3, out=torch.empty(3, dtype=torch.float64)))\n',
        'tensor([0., 1., 2.]) tensor([0.0000, 0.5000, 1.0000], dtype=torch.float64)\n',
        None),
    'out2b_16': (
        'import torch\na = torch.tensor([1., 2.])\nprint(torch.clamp(a, 0, 1.5, out=torch.empty(2)))\nprint(torch.pow(a, 2, out=torch.empty(2)))\n',
        'tensor([1.0000, 1.5000])\ntensor([1., 4.])\n',
        None),
    'out3_0': (
        'import torch\na = torch.tensor([[1., 5.], [3., 2.]])\nprint(torch.max(a, out=torch.empty(())))\nprint(torch.max(a, 0, out=[torch.empty(2), torch.empty(2, dtype=torch.long)]))\n',
        'tensor(5.)\ntorch.return_types.max_out(\nvalues=tensor([3., 5.]),\nindices=tensor([1, 0]))\n',
        None),
    'out3_1': (
        'import torch\na = torch.tensor([[1., 5.], [3., 2.]])\nprint(torch.linalg.qr(a, out=(torch.empty(2, 2), torch.empty(2, 2))))\nprint(torch.linalg.norm(a, out=torch.empty(())))\nprint(torch.special.expit(a, out=torch.empty(2, 2)))\n',
        'torch.return_types.linalg_qr_out(\nQ=tensor([[-0.3162, -0.9487],\n        [-0.9487,  0.3162]]),\nR=tensor([[-3.1623, -3.4785],\n        [ 0.0000, -4.1110]]))\ntensor(6.2450)\ntensor([[0.7311, 0.9933],\n        [0.9526, 0.8808]])\n',
        None),
    'out3_2': (
        'import torch\na = torch.tensor([[1., 5.], [3., 2.]])\nprint(torch.max(a, 0, out=torch.empty(2)))\n',
        '',
        "TypeError: max() received an invalid combination of arguments - got (Tensor, int, out=Tensor), but expected one of:\n * (Tensor input, *, Tensor out = None)\n      didn't match because some of the keywords were incorrect: out\n * (Tensor input, Tensor other, *, Tensor out = None)\n * (Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)\n"),
    'out3_3': (
        'import torch\na = torch.tensor([1., 2.])\ntorch.add(a, 1, out=a); print(a)\ntorch.mul(a, a, out=a); print(a)\n',
        'tensor([2., 3.])\ntensor([4., 9.])\n',
        None),
    'out3_4': (
        'import torch\nx = torch.ones(5, 3); y = torch.rand(5, 3)\nresult = torch.empty(5, 3)\ntorch.add(x, x, out=result)\nprint(result)\n',
        'tensor([[2., 2., 2.],\n        [2., 2., 2.],\n        [2., 2., 2.],\n        [2., 2., 2.],\n        [2., 2., 2.]])\n',
        None),
    'out3_5': (
        'import torch\ntensor = torch.ones(4, 4)\ntensor[:,1] = 0\ny3 = torch.rand_like(tensor)\ntorch.matmul(tensor, tensor.T, out=y3)\nz3 = torch.rand_like(tensor)\ntorch.mul(tensor, tensor, out=z3)\nprint(y3, z3)\n',
        'tensor([[3., 3., 3., 3.],\n        [3., 3., 3., 3.],\n        [3., 3., 3., 3.],\n        [3., 3., 3., 3.]]) tensor([[1., 0., 1., 1.],\n        [1., 0., 1., 1.],\n        [1., 0., 1., 1.],\n        [1., 0., 1., 1.]])\n',
        None),
    'ctc_0': (
        'import torch\ntorch.manual_seed(0)\nlp = torch.randn(5, 2, 4).log_softmax(2).detach().requires_grad_()\nt = torch.tensor([[1, 2], [2, 3]])\nil = torch.tensor([5, 4]); tl = torch.tensor([2, 1])\nprint(torch.ctc_loss(lp, t, il, tl))\nprint(torch.ctc_loss(lp, t, [5, 4], [2, 1], 0, 1))\nprint(torch.ctc_loss(lp, t, il, tl, reduction=2))\nprint(torch.ctc_loss(lp, t, il, tl, zero_infinity=True))\nprint(torch.ctc_loss(lp, t, il, tl, 1, 0))\nprint(torch.ctc_loss(lp[:, 0], t[0], il[:1], tl[:1]))\nl = torch.ctc_loss(lp, t, il, tl, reduction=2); l.backward(); print(lp.grad[0])\n',
        'tensor([3.9584, 3.6570], grad_fn=<CtcLossBackward0>)\ntensor(2.8181, grad_fn=<MeanBackward0>)\ntensor(7.6154, grad_fn=<SumBackward0>)\ntensor([3.9584, 3.6570], grad_fn=<WhereBackward0>)\ntensor([5.5162, 4.0587], grad_fn=<CtcLossBackward0>)\ntensor(3.9584, grad_fn=<SqueezeBackward1>)\ntensor([[ 0.0366, -0.7268,  0.3766,  0.3136],\n        [-0.3725,  0.3854, -0.0361,  0.0233]])\n',
        None),
    'ctc_1': (
        "import torch\nlp = torch.zeros(5, 2, 4).log_softmax(2)\ntorch.ctc_loss(lp, torch.tensor([[1, 2], [2, 3]]), [5, 4], [2, 1], reduction='mean')\n",
        '',
        'TypeError: ctc_loss() received an invalid combination of arguments - got (Tensor, Tensor, list, list, reduction=str), but expected one of:\n * (Tensor log_probs, Tensor targets, tuple of ints input_lengths, tuple of ints target_lengths, int blank = 0, int reduction = at::Reduction::Mean, bool zero_infinity = False)\n * (Tensor log_probs, Tensor targets, Tensor input_lengths, Tensor target_lengths, int blank = 0, int reduction = at::Reduction::Mean, bool zero_infinity = False)\n'),
    'norm_0': (
        'import torch\nimport torch.nn.functional as F\nx = torch.tensor([[3., 4.], [1., 0.]])\no = torch.empty(2, 2)\nr = F.normalize(x, out=o)\nprint(r, o, r is o)\nprint(F.normalize(x, dim=0, out=o))\n',
        'tensor([[0.6000, 0.8000],\n        [1.0000, 0.0000]]) tensor([[0.6000, 0.8000],\n        [1.0000, 0.0000]]) True\ntensor([[0.9487, 1.0000],\n        [0.3162, 0.0000]])\n',
        None),
    'norm_1': (
        'import torch\nimport torch.nn.functional as F\nx = torch.tensor([[3., 4.], [1., 0.]], requires_grad=True)\nF.normalize(x, out=torch.empty(2, 2))\n',
        '',
        "RuntimeError: div(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad."),
    'ens_0': (
        "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nfrom torch.func import stack_module_state, functional_call\nfrom torch import vmap\nimport copy\ntorch.manual_seed(0)\nclass SimpleMLP(nn.Module):\n    def __init__(self):\n        super(SimpleMLP, self).__init__()\n        self.fc1 = nn.Linear(4, 8)\n        self.fc2 = nn.Linear(8, 3)\n    def forward(self, x):\n        x = F.relu(self.fc1(x))\n        return self.fc2(x)\nnum_models = 3\nminibatches = torch.randn(num_models, 5, 4)\nmodels = [SimpleMLP() for _ in range(num_models)]\nparams, buffers = stack_module_state(models)\nprint({k: (v.shape, v.requires_grad, v.is_leaf) for k, v in params.items()})\nbase_model = copy.deepcopy(models[0])\nbase_model = base_model.to('meta')\ndef fmodel(params, buffers, x):\n    return functional_call(base_model, (params, buffers), (x,))\npredictions = vmap(fmodel)(params, buffers, minibatches)\nexpected = torch.stack([m(x) for m, x in zip(models, minibatches)])\nprint(torch.allclose(predictions, expected, atol=1e-6), predictions.shape)\nprint(predictions[0, 0])\n",
        "{'fc1.weight': (torch.Size([3, 8, 4]), True, True), 'fc1.bias': (torch.Size([3, 8]), True, True), 'fc2.weight': (torch.Size([3, 3, 8]), True, True), 'fc2.bias': (torch.Size([3, 3]), True, True)}\nTrue torch.Size([3, 5, 3])\ntensor([ 0.3883, -0.0801,  0.2889], grad_fn=<SelectBackward0>)\n",
        None),
    'ens_1': (
        'import torch\nfrom torch.func import stack_module_state\nstack_module_state([])\n',
        '',
        'RuntimeError: stack_module_state: Expected at least one model, got 0.'),
    'ens_2': (
        'import torch\nfrom torch.func import stack_module_state\na = torch.nn.Linear(2, 2); b = torch.nn.Linear(2, 2); b.eval()\nstack_module_state([a, b])\n',
        '',
        'RuntimeError: stack_module_state: Expected all models to have the same training/eval mode.'),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_prints_and_raises_what_torch_did(name):
    source, expected, error = CASES[name]
    out = io.StringIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if error is None:
            run_source(source, out=out)
        else:
            kind, _, message = error.partition(": ")
            with pytest.raises(GradcliError) as info:
                run_source(source, out=out)
            assert info.value.message in (message, f"{kind}: {message}")
    assert out.getvalue() == expected


def test_a_resized_output_warns_as_pytorch_does():
    a = gradcli.tensor([1.0, 2.0])
    o = gradcli.empty(3)
    with pytest.warns(UserWarning, match=r"had shape \[3\], which does not match the required "
                                         r"output shape \[2\]"):
        r = gradcli.add(a, a, out=o)
    assert r is o and o.tolist() == [2.0, 4.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gradcli.add(a, a, out=gradcli.empty(0))        # an empty one is resized quietly


def test_the_library_namespaces_take_out_too():
    a = gradcli.tensor([[1.0, 5.0], [3.0, 2.0]], dtype=gradcli.float64)
    o = gradcli.empty((), dtype=gradcli.float64)      # (PyTorch refuses a float32 out= here)
    assert gradcli.linalg.norm(a, out=o) is o
    assert np.isclose(o.item(), np.linalg.norm(a.numpy()))
    v, i = gradcli.empty(0, dtype=gradcli.float64), gradcli.empty(0, dtype=gradcli.long)
    r = gradcli.sort(a, out=(v, i))
    assert r.values is v and r.indices is i and type(r).__name__ == "sort_out"
    assert v.tolist() == [[1.0, 5.0], [2.0, 3.0]] and i.tolist() == [[0, 1], [1, 0]]


def test_out_is_written_in_place_and_bumps_the_version():
    base = gradcli.zeros(4)
    view = base[:2]
    gradcli.add(gradcli.ones(2), 1, out=view)
    assert base.tolist() == [2.0, 2.0, 0.0, 0.0] and view._version == 1


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_add_and_sub_with_alpha_are_one_fused_multiply_add(dtype):
    """ATen's add/sub kernels compute a + alpha*b with one rounding (torch 2.13 agrees on all
    5000 of 5000 random float32 and float64 cases; a separate product differed on ~20%)."""
    from gradcli.fpmath import fma
    rng = np.random.default_rng(0)
    a = rng.standard_normal(2000).astype(dtype)
    b = rng.standard_normal(2000).astype(dtype)
    for alpha in (0.1, -0.37, 3):
        c = np.asarray(alpha, a.dtype)
        assert np.array_equal(gradcli.add(gradcli.tensor(a), gradcli.tensor(b), alpha=alpha)
                              .numpy(), fma(b, c, a))
        assert np.array_equal(gradcli.sub(gradcli.tensor(a), gradcli.tensor(b), alpha=alpha)
                              .numpy(), fma(b, -c, a))
        t = gradcli.tensor(a)
        t.add_(gradcli.tensor(b), alpha=alpha)
        assert np.array_equal(t.numpy(), fma(b, c, a))


def test_version_of_an_inference_tensor_is_refused_and_gradcheck_takes_empty_inputs():
    from gradcli.autograd.gradcheck import gradcheck, gradgradcheck
    from gradcli.errors import TorchRuntimeError
    with gradcli.inference_mode():
        x = gradcli.ones(2)
    with pytest.raises(TorchRuntimeError, match="Inference tensors do not track version"):
        x._version
    e = gradcli.zeros(0, dtype=gradcli.float64, requires_grad=True)
    y = gradcli.ones(2, dtype=gradcli.float64, requires_grad=True)
    assert gradcheck(lambda t: t * 2, (e,)) and gradgradcheck(lambda t: t * 2, (e,))
    assert gradcheck(lambda t, u: t.sum() + u * 3, (e, y))     # PyTorch 2.13: True
