"""The ops of `gradcli/ops/more.py` on small inputs: values, `grad_fn` names, gradients, error
texts and warnings, all recorded from PyTorch 2.13 (so this runs without it)."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import gradcli  # noqa: F401
from gradcli.errors import GradcliError
from gradcli.namespace import torch_namespace

torch = TORCH = torch_namespace()
F = torch.nn.functional
NAN = float("nan")


def env():
    t = torch.tensor
    return dict(
        torch=torch, F=F, nan=NAN, inf=float("inf"),
        X=t([[1., 2., 3.], [4., 5., 6.]], requires_grad=True),
        W=t([[1., 0., -1.], [0.5, 0.5, 0.5]], requires_grad=True),
        B=t([0.1, -0.2], requires_grad=True),
        M=t([[1., 2.], [3., 4.]]), I2=t([[1., 0.], [0., 1.]]))


# (formula, grad_fn name or None, values)
CASES = [
    ("F.linear(X, W, B)", "AddmmBackward0", [[-1.9, 2.8], [-1.9, 7.3]]),
    ("F.linear(X, W)", "MmBackward0", [[-2.0, 3.0], [-2.0, 7.5]]),
    ("F.linear(X[0], W, B)", "ViewBackward0", [-1.9, 2.8]),
    ("F.linear(X[0], W)", "SqueezeBackward4", [-2.0, 3.0]),
    ("F.linear(X.reshape(1, 2, 3), W)", "UnsafeViewBackward0", [[[-2.0, 3.0], [-2.0, 7.5]]]),
    ("F.normalize(torch.tensor([[3., 4.], [0., 0.]], requires_grad=True))", "DivBackward0",
     [[0.6, 0.8], [0.0, 0.0]]),
    ("F.cosine_similarity(torch.tensor([[1., 0.], [1., 1.]]), "
     "torch.tensor([[0., 1.], [2., 2.]]))", None, [0.0, 0.9999999403953552]),
    ("F.cosine_similarity(X, W)", "SumBackward1", [-0.37796443700790405, 0.9869275093078613]),
    ("F.pad(torch.tensor([[1., 2.]], requires_grad=True), (1, 2), value=9.)",
     "ConstantPadNdBackward0", [[9.0, 1.0, 2.0, 9.0, 9.0]]),
    ("F.pad(X, (-1, 0, 0, -1))", "ConstantPadNdBackward0", [[2.0, 3.0]]),
    ("F.layer_norm(torch.tensor([[1., 2., 4.]], requires_grad=True), (3,))",
     "NativeLayerNormBackward0", [[-1.06904137134552, -0.26726028323173523, 1.3363018035888672]]),
    ("F.glu(torch.tensor([[1., 2., 0., 1.]], requires_grad=True))", "GluBackward0",
     [[0.5, 1.4621171951293945]]),
    ("F.tanhshrink(torch.tensor([1., -0.5], requires_grad=True))", "SubBackward0",
     [0.23840582370758057, -0.037882834672927856]),
    ("torch.addmm(torch.tensor([1., 2.]), M, I2, beta=0.5, alpha=2)", None,
     [[2.5, 5.0], [6.5, 9.0]]),
    ("torch.addmm(B, X, W.t())", "AddmmBackward0", [[-1.9, 2.8], [-1.9, 7.3]]),
    ("torch.addmv(torch.tensor([1., 2.]), M, torch.tensor([1., -1.]), alpha=3)", None,
     [-2.0, -1.0]),
    ("B.addmv(W, X[1], beta=2)", "AddmvBackward0", [-1.8, 7.1]),
    ("torch.addcmul(torch.tensor([1., 2.]), torch.tensor([2., 3.]), torch.tensor([4., 5.]), "
     "value=0.5)", None, [5.0, 9.5]),
    ("torch.addcdiv(B, B, B, value=2)", "AddcdivBackward0", [2.1, 1.8]),
    ("torch.addcmul(B, B, B)", "AddcmulBackward0", [0.11, -0.16]),
    ("torch.addcdiv(torch.tensor([1., 2.]), torch.tensor([2., 3.]), torch.tensor([4., 5.]), "
     "value=2)", None, [2.0, 3.2]),
    ("torch.logaddexp(torch.tensor([0., 1.]), torch.tensor([0., -1.]))", None,
     [0.6931471824645996, 1.1269279718399048]),
    ("torch.logaddexp(B, B)", "LogaddexpBackward0", [0.7931472, 0.4931472]),
    ("torch.xlogy(torch.tensor([0., 2., 0.]), torch.tensor([0., 3., nan]))", None,
     [0.0, 2.1972246170043945, NAN]),
    ("torch.xlogy(B, torch.tensor([2., 3.]))", "XlogyBackward0", [0.0693147, -0.2197225]),
    ("torch.xlogy(2.0, B.abs())", "XlogyBackward1", [-4.6051702, -3.2188758]),
    ("torch.xlogy(B, 2.0)", "XlogyBackward2", [0.0693147, -0.1386294]),
    ("torch.nan_to_num(torch.tensor([nan, inf, -inf, 1.]))", None,
     [0.0, 3.4028234663852886e+38, -3.4028234663852886e+38, 1.0]),
    ("B.nan_to_num(posinf=1.0)", "NanToNumBackward0", [0.1, -0.2]),
    ("torch.inner(M, torch.tensor([[1., 1.], [0., 1.], [2., 0.]]))", None,
     [[3.0, 2.0, 2.0], [7.0, 4.0, 6.0]]),
    ("torch.inner(X, W)", "ViewBackward0", [[-2.0, 3.0], [-2.0, 7.5]]),
    ("torch.kron(torch.tensor([[1., 2.]]), torch.tensor([[1., 10.], [100., 1000.]]))", None,
     [[1.0, 10.0, 2.0, 20.0], [100.0, 1000.0, 200.0, 2000.0]]),
    ("torch.kron(B, B)", "UnsafeViewBackward0", [0.01, -0.02, -0.02, 0.04]),
    ("torch.diff(torch.tensor([1., 4., 9., 16.]))", None, [3.0, 5.0, 7.0]),
    ("torch.diff(torch.tensor([1., 4., 9., 16.]), n=2)", None, [2.0, 2.0]),
    ("X.diff(dim=0)", "SubBackward0", [[3.0, 3.0, 3.0]]),
    ("torch.tile(torch.tensor([1., 2.]), (2, 2))", None,
     [[1.0, 2.0, 1.0, 2.0], [1.0, 2.0, 1.0, 2.0]]),
    ("B.tile((2,))", "RepeatBackward0", [0.1, -0.2, 0.1, -0.2]),
    ("torch.repeat_interleave(M, 2, dim=0)", None,
     [[1.0, 2.0], [1.0, 2.0], [3.0, 4.0], [3.0, 4.0]]),
    ("torch.repeat_interleave(torch.tensor([[1, 2], [3, 4]]), 2)", None,
     [1, 1, 2, 2, 3, 3, 4, 4]),
    ("B.repeat_interleave(2)", "ViewBackward0", [0.1, 0.1, -0.2, -0.2]),
    ("torch.flipud(X)", "FlipBackward0", [[4.0, 5.0, 6.0], [1.0, 2.0, 3.0]]),
    ("torch.fliplr(X)", "FlipBackward0", [[3.0, 2.0, 1.0], [6.0, 5.0, 4.0]]),
    ("torch.rot90(X)", "Rot90Backward0", [[3.0, 6.0], [2.0, 5.0], [1.0, 4.0]]),
    ("torch.rot90(X, -1)", "Rot90Backward0", [[4.0, 1.0], [5.0, 2.0], [6.0, 3.0]]),
    ("torch.deg2rad(torch.tensor([180., 90.], requires_grad=True))", "Deg2RadBackward0",
     [3.1415927410125732, 1.5707963705062866]),
    ("torch.rad2deg(torch.tensor([3.1415927, 1.], requires_grad=True))", "Rad2DegBackward0",
     [180.0, 57.295780181884766]),
    ("torch.logit(torch.tensor([0.25, 0.5], requires_grad=True))", "LogitBackward0",
     [-1.0986123085021973, 0.0]),
    ("torch.logit(torch.tensor([0.01, 0.5, 0.99]), eps=0.1)", None,
     [-2.1972246170043945, 0.0, 2.1972243785858154]),
    ("torch.fmax(B, torch.tensor([0., nan]))", "FmaxBackward0", [0.1, -0.2]),
    ("torch.fmin(B, torch.tensor([0., nan]))", "FminBackward0", [0.0, -0.2]),
    ("torch.cumprod(torch.tensor([2., 0., 3., 4.], requires_grad=True), 0)", "CumprodBackward0",
     [2.0, 0.0, 0.0, 0.0]),
]


def run(formula):
    e = env()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return eval(formula, {"__builtins__": {}}, e), e   # formulas are the literals above


@pytest.mark.parametrize("formula, grad_fn, values", CASES, ids=[c[0] for c in CASES])
def test_value_and_node(formula, grad_fn, values):
    out, _ = run(formula)
    assert (None if out.grad_fn is None else out.grad_fn.name()) == grad_fn
    if values:
        np.testing.assert_allclose(out._data, values, rtol=2e-6, atol=1e-7)


def test_kl_div_values():
    inp = torch.tensor([[-1.0, -2.0], [-0.5, -1.5]], requires_grad=True)
    tgt = torch.tensor([[0.25, 0.75], [0.5, 0.5]])
    expect = {"sum": 1.4945176839828491, "batchmean": 0.7472588419914246,
              "mean": 0.3736294209957123}
    names = {"sum": "SumBackward0", "batchmean": "DivBackward0", "mean": "MeanBackward0"}
    for red, value in expect.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = F.kl_div(inp, tgt, reduction=red)
        assert out.item() == pytest.approx(value, rel=1e-6)
        assert out.grad_fn.name() == names[red]
    none = F.kl_div(inp, tgt, reduction="none")
    assert none.grad_fn.name() == "SubBackward0"
    np.testing.assert_allclose(none._data, [[-0.0965735912322998, 1.2842384576797485],
                                            [-0.0965735912322998, 0.4034264087677002]],
                               rtol=1e-6)


def test_kl_div_warns_for_mean_only():
    inp, tgt = torch.tensor([-1.0, -2.0]), torch.tensor([0.25, 0.75])
    with pytest.warns(UserWarning) as record:
        F.kl_div(inp, tgt)
    assert [str(w.message) for w in record] == [
        "reduction: 'mean' divides the total loss by both the batch size and the support "
        "size.'batchmean' divides only by the batch size, and aligns with the KL div math "
        "definition.'mean' will be changed to behave the same as 'batchmean' in the next "
        "major release."]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        F.kl_div(inp, tgt, reduction="batchmean")
        F.kl_div(inp, tgt, reduction="sum", log_target=True)


def test_linear_gradients_and_edges():
    e = env()
    out = F.linear(e["X"], e["W"], e["B"])
    assert [type(f).__name__ for f, _ in out.grad_fn.next_functions] == \
        ["AccumulateGrad", "AccumulateGrad", "TBackward0"]
    out.sum().backward()
    np.testing.assert_allclose(e["X"].grad._data, [[1.5, 0.5, -0.5], [1.5, 0.5, -0.5]])
    np.testing.assert_allclose(e["W"].grad._data, [[5.0, 7.0, 9.0], [5.0, 7.0, 9.0]])
    np.testing.assert_allclose(e["B"].grad._data, [2.0, 2.0])


def test_normalize_composes_as_pytorch():
    x = torch.tensor([[3., 4.]], requires_grad=True)
    node = F.normalize(x).grad_fn
    chain = []
    while node is not None and node.next_functions:
        chain.append(node.name())
        node = node.next_functions[-1][0]
    assert chain == ["DivBackward0", "ExpandBackward0", "ClampMinBackward0",
                     "LinalgVectorNormBackward0"]


def test_layer_norm_gradient():
    x = torch.tensor([[1., 2., 4.]], requires_grad=True)
    (F.layer_norm(x, (3,)) * torch.tensor([[1., 2., 3.]])).sum().backward()
    np.testing.assert_allclose(x.grad._data, [[-0.11454463005065918, 0.17180907726287842,
                                               -0.05726468563079834]], rtol=1e-5, atol=1e-7)


# (input values, gradient of (cumprod(x) * [1, 2, 3, 4]).sum(), from PyTorch)
CUMPROD = [
    ([2., 3., 0.5, 4.], [2.0, 6.0, 3.0, 12.0], [35.5, 23.0, 114.0, 12.0]),
    ([2., 0., 3., 4.], [2.0, 0.0, 0.0, 0.0], [1.0, 118.0, 0.0, 0.0]),
    ([2., 0., 3., 0.], [2.0, 0.0, 0.0, 0.0], [1.0, 22.0, 0.0, 0.0]),
    ([0., 0., 3., 4.], [0.0, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0]),
]


@pytest.mark.parametrize("values, out, grad", CUMPROD, ids=["no zero", "one zero",
                                                           "two zeros", "leading zeros"])
def test_cumprod_gradient_with_zeros(values, out, grad):
    x = torch.tensor(values, requires_grad=True)
    y = torch.cumprod(x, 0)
    np.testing.assert_allclose(y._data, out)
    (y * torch.tensor([1., 2., 3., 4.])).sum().backward()
    np.testing.assert_allclose(x.grad._data, grad, rtol=1e-6)


def test_cumprod_second_order_with_zeros():
    x = torch.tensor([[2., 0., 3.], [0., 1., 0.]], dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(lambda t: torch.cumprod(t, 1), (x,))
    assert torch.autograd.gradgradcheck(lambda t: torch.cumprod(t, 1), (x,))


def test_nan_aware_gradients():
    a = torch.tensor([1., NAN, 3., 2.], requires_grad=True)
    b = torch.tensor([2., 1., NAN, 2.], requires_grad=True)
    ga, gb = torch.autograd.grad(torch.fmax(a, b).sum(), [a, b])
    assert ga.tolist() == [0.0, 0.0, 1.0, 1.0] and gb.tolist() == [1.0, 1.0, 0.0, 0.0]
    ga, gb = torch.autograd.grad(torch.fmin(a, b).sum(), [a, b])
    assert ga.tolist() == [1.0, 0.0, 1.0, 1.0] and gb.tolist() == [0.0, 1.0, 0.0, 0.0]
    x = torch.tensor([0.05, 0.5], requires_grad=True)
    (g,) = torch.autograd.grad(torch.logit(x, eps=0.1).sum(), [x])
    assert g.tolist() == [0.0, 4.0]
    x = torch.tensor([0., 2.], requires_grad=True)
    (g,) = torch.autograd.grad(torch.xlogy(x, torch.tensor([0., 3.])).sum(), [x])
    np.testing.assert_allclose(g._data, [0.0, np.log(3.0)], rtol=1e-6)


def test_one_hot():
    out = F.one_hot(torch.tensor([2, 0, 1]))
    assert out.dtype.name == "int64" and out.tolist() == [[0, 0, 1], [1, 0, 0], [0, 1, 0]]
    assert F.one_hot(torch.tensor([1]), 4).tolist() == [[0, 1, 0, 0]]


def test_new_factories_follow_the_tensor():
    t = torch.tensor([1, 2])
    n = t.new_tensor([1.5, 2.5])
    assert n.dtype.name == "int64" and n.tolist() == [1, 2] and not n.requires_grad
    assert t.new_zeros(2, 3).dtype.name == "int64" and t.new_zeros(2, 3).shape == (2, 3)
    d = torch.tensor([1.], dtype=torch.float64)
    assert d.new_full((2,), 3).dtype.name == "float64" and d.new_full((2,), 3).tolist() == \
        [3.0, 3.0]
    ones = t.new_ones((2,), dtype=torch.float32, requires_grad=True)
    assert ones.dtype.name == "float32" and ones.requires_grad and ones.tolist() == [1.0, 1.0]
    assert t.cpu() is t


ERRORS = [
    ("F.linear(torch.ones(2, 3), torch.ones(4, 5))", "RuntimeError",
     "mat1 and mat2 shapes cannot be multiplied (2x3 and 5x4)"),
    ("F.linear(torch.ones(2, 2, 3), torch.ones(4, 5))", "RuntimeError",
     "mat1 and mat2 shapes cannot be multiplied (4x3 and 5x4)"),
    ("F.linear(torch.ones(2, 3), torch.ones(4, 3), torch.ones(5))", "RuntimeError",
     "The expanded size of the tensor (4) must match the existing size (5) at non-singleton "
     "dimension 1.  Target sizes: [2, 4].  Tensor sizes: [5]"),
    ("F.linear(torch.tensor(1.), torch.ones(4, 3))", "RuntimeError",
     "both arguments to linear need to be at least 1D, but they are 0D and 2D"),
    ("F.linear(torch.ones(2, 3), torch.ones(1, 4, 3))", "RuntimeError",
     "t() expects a tensor with <= 2 dimensions, but self is 3D"),
    ("torch.addmm(torch.ones(2, 4), torch.ones(2, 3), torch.ones(5, 4))", "RuntimeError",
     "mat1 and mat2 shapes cannot be multiplied (2x3 and 5x4)"),
    ("torch.addmm(torch.ones(3, 4), torch.ones(2, 3), torch.ones(3, 4))", "RuntimeError",
     "The expanded size of the tensor (2) must match the existing size (3) at non-singleton "
     "dimension 0.  Target sizes: [2, 4].  Tensor sizes: [3, 4]"),
    ("torch.addmm(torch.ones(4), torch.ones(3), torch.ones(3, 4))", "RuntimeError",
     "mat1 must be a matrix, got 1-D tensor"),
    ("torch.addmv(torch.ones(2), torch.ones(2, 3), torch.ones(4))", "RuntimeError",
     "size mismatch, got input (2), mat (2x3), vec (4)"),
    ("torch.addcmul(torch.ones(3), torch.ones(2), torch.ones(3))", "RuntimeError",
     "The size of tensor a (3) must match the size of tensor b (2) at non-singleton "
     "dimension 0"),
    ("torch.addcdiv(torch.ones(2), torch.tensor([1, 2]), torch.tensor([1, 2]))",
     "RuntimeError", "Integer division with addcdiv is no longer supported, and in a future  "
     "release addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv "
     "behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2)).to("
     "input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for float "
     "inputs. The future addcdiv behavior is just the latter implementation: (input + value * "
     "tensor1 / tensor2), for all dtypes."),
    ("F.pad(torch.ones(2, 3), (1,))", "RuntimeError", "Padding length must be divisible by 2"),
    ("F.pad(torch.ones(2, 3), (1, 1, 1, 1, 1, 1))", "RuntimeError",
     "Padding length should be less than or equal to two times the input dimension but got "
     "padding length 6 and input of dimension 2"),
    ("F.pad(torch.ones(1, 2, 3), (4, 0), mode='circular')", "RuntimeError",
     "Padding value causes wrapping around more than once."),
    ("F.pad(torch.ones(1, 2, 3), (3, 3), mode='reflect')", "RuntimeError",
     "Argument #4: Padding size should be less than the corresponding input dimension, but "
     "got: padding (3, 3) at dimension 2 of input [1, 2, 3]"),
    ("F.pad(torch.ones(1, 3, 4), (1, 1, 4, 0), mode='reflect')", "RuntimeError",
     "Argument #6: Padding size should be less than the corresponding input dimension, but "
     "got: padding (4, 0) at dimension 1 of input [1, 3, 4]"),
    ("F.pad(torch.ones(1, 2, 0), (1, 1), mode='replicate')", "RuntimeError",
     "Expected 2D or 3D (batch mode) tensor with possibly 0 batch size and other non-zero "
     "dimensions for input, but got: [1, 2, 0]"),
    ("F.pad(torch.ones(3), (1, 1), mode='reflect')", "NotImplementedError",
     "Padding size 2 is not supported for 1D input tensor.\nSupported combinations for "
     "non-constant padding:\n  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
     "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n  - 4D or 5D input: "
     "padding size = 6 (pads last 3 dimensions)"),
    ("F.one_hot(torch.tensor([0, 3]), 3)", "RuntimeError",
     "Class values must be smaller than num_classes."),
    ("F.one_hot(torch.tensor([-1, 0]), 3)", "RuntimeError", "Class values must be non-negative."),
    ("F.one_hot(torch.tensor([0., 1.]), 3)", "RuntimeError",
     "one_hot is only applicable to index tensor of type LongTensor."),
    ("F.glu(torch.ones(2, 3))", "RuntimeError",
     "Halving dimension must be even, but dimension 1 is size 3"),
    ("F.layer_norm(torch.ones(2, 3), (4,))", "RuntimeError",
     "Given normalized_shape=[4], expected input with shape [*, 4], but got input of "
     "size[2, 3]"),
    ("F.layer_norm(torch.ones(2, 3), (3,), torch.ones(4))", "RuntimeError",
     "Expected weight to be of same shape as normalized_shape, but got weight of shape [4] and "
     "normalized_shape = [3]"),
    ("F.kl_div(torch.ones(2), torch.ones(2), reduction='foo')", "ValueError",
     "foo is not a valid value for reduction"),
    ("torch.diff(torch.tensor(1.))", "RuntimeError",
     "diff expects input to be at least one-dimensional"),
    ("torch.rot90(torch.ones(2, 3), 1, [0, 0])", "RuntimeError",
     "expected rotation dims to be different, but got dim0 = 0 and dim1 = 0"),
    ("torch.rot90(torch.ones(2, 3), 1, [0, 2])", "IndexError",
     "Dimension out of range (expected to be in range of [-2, 1], but got 2)"),
    ("torch.flipud(torch.tensor(1.))", "RuntimeError", "Input must be >= 1-d."),
    ("torch.fliplr(torch.ones(3))", "RuntimeError", "Input must be >= 2-d."),
    ("torch.inner(torch.ones(2, 3), torch.ones(2, 4))", "RuntimeError",
     "inner() the last dimension must match on both input tensors but got shapes [2, 3] and "
     "[2, 4]"),
    ("torch.repeat_interleave(torch.ones(2), -1)", "RuntimeError",
     "Repeats must be non-negative"),
    ("torch.tile(torch.ones(2), (-1,))", "RuntimeError",
     "Trying to create tensor with negative dimension -2: [-2]"),
]


@pytest.mark.parametrize("formula, kind, message", ERRORS, ids=[c[0] for c in ERRORS])
def test_error_text(formula, kind, message):
    with pytest.raises(GradcliError) as info:
        run(formula)
    assert isinstance(info.value, __import__("builtins").__dict__[kind])
    assert str(info.value) == message


REFLECT_AND_REPLICATE = (
    "import torch\nimport torch.nn.functional as F\nx = torch.arange(24.).reshape(2, 3, 4).requires_grad_()\nfor m in ('reflect', 'replicate'):\n    y = F.pad(x, (2, 1), mode=m)\n    y.backward(torch.arange(float(y.numel())).reshape(y.shape))\n    print(m, y.grad_fn.name(), y[0], x.grad[0])\n    x.grad = None\nx4 = torch.arange(12.).reshape(1, 3, 4).requires_grad_()\nfor p in [(1, 1, 1, 0), (0, 0, 2, 2), (-1, 1, 1, -1)]:\n    for m in ('reflect', 'replicate'):\n        y = F.pad(x4, p, mode=m)\n        print(m, p, y.grad_fn.name(), y.shape, y.sum().item())\nx5 = torch.arange(8.).reshape(1, 2, 2, 2).requires_grad_()\nprint(F.pad(x5, (1, 1, 1, 1, 1, 1), mode='reflect').grad_fn.name(), F.pad(x5, (1, 0, 0, 1, 1, 0), mode='replicate').sum())\nfor bad in [((3, 3), 'reflect', (1, 2, 3)), ((1, 1, 4, 0), 'reflect', (1, 3, 4)), ((4, 0, 1, 1), 'reflect', (1, 3, 4)), ((1, 1), 'replicate', (1, 2, 0)), ((1, 1), 'reflect', (3,)), ((1, 1, 1, 1, 5, 1), 'reflect', (1, 2, 3, 4))]:\n    try:\n        y = F.pad(torch.ones(bad[2]), bad[0], mode=bad[1])\n        print(y.shape)\n    except (RuntimeError, NotImplementedError) as e:\n        print(type(e).__name__, e)\nprint(F.pad(torch.ones(0, 2, 3), (1, 1), mode='replicate').shape)\nimport torch.nn as nn\ntorch.manual_seed(0)\nc = nn.Conv1d(1, 1, 3, padding=1, padding_mode='reflect')\nprint(c(torch.arange(5.).reshape(1, 1, 5)))\nc2 = nn.Conv2d(1, 1, 3, padding=1, padding_mode='replicate')\nprint(c2(torch.arange(9.).reshape(1, 1, 3, 3)).sum())\n\n",
    'reflect ReflectionPad1DBackward0 tensor([[ 2.,  1.,  0.,  1.,  2.,  3.,  2.],\n        [ 6.,  5.,  4.,  5.,  6.,  7.,  6.],\n        [10.,  9.,  8.,  9., 10., 11., 10.]], grad_fn=<SelectBackward0>) tensor([[ 2.,  4., 10.,  5.],\n        [ 9., 18., 31., 12.],\n        [16., 32., 52., 19.]])\nreplicate ReplicationPad1DBackward0 tensor([[ 0.,  0.,  0.,  1.,  2.,  3.,  3.],\n        [ 4.,  4.,  4.,  5.,  6.,  7.,  7.],\n        [ 8.,  8.,  8.,  9., 10., 11., 11.]], grad_fn=<SelectBackward0>) tensor([[ 3.,  3.,  4., 11.],\n        [24., 10., 11., 25.],\n        [45., 17., 18., 39.]])\nreflect (1, 1, 1, 0) ReflectionPad2DBackward0 torch.Size([1, 4, 6]) 132.0\nreplicate (1, 1, 1, 0) ReplicationPad2DBackward0 torch.Size([1, 4, 6]) 108.0\nreflect (0, 0, 2, 2) ReflectionPad2DBackward0 torch.Size([1, 7, 4]) 154.0\nreplicate (0, 0, 2, 2) ReplicationPad2DBackward0 torch.Size([1, 7, 4]) 154.0\nreflect (-1, 1, 1, -1) ReflectionPad2DBackward0 torch.Size([1, 3, 4]) 56.0\nreplicate (-1, 1, 1, -1) ReplicationPad2DBackward0 torch.Size([1, 3, 4]) 43.0\nReflectionPad3DBackward0 tensor(81., grad_fn=<SumBackward0>)\nRuntimeError Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (3, 3) at dimension 2 of input [1, 2, 3]\nRuntimeError Argument #6: Padding size should be less than the corresponding input dimension, but got: padding (4, 0) at dimension 1 of input [1, 3, 4]\nRuntimeError Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (4, 0) at dimension 2 of input [1, 3, 4]\nRuntimeError Expected 2D or 3D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: [1, 2, 0]\nNotImplementedError Padding size 2 is not supported for 1D input tensor.\nSupported combinations for non-constant padding:\n  - 2D or 3D input: padding size = 2 (pads last dimension)\n  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)\nRuntimeError Argument #8: Padding size should be less than the corresponding input dimension, but got: padding (5, 1) at dimension 1 of input [1, 2, 3, 4]\ntorch.Size([0, 2, 5])\ntensor([[[-0.9044, -1.0655, -1.2353, -1.4051, -0.6246]]],\n       grad_fn=<ConvolutionBackward0>)\ntensor(-18.9890, grad_fn=<SumBackward0>)\n')


def test_reflect_and_replicate_padding_print_what_pytorch_prints():
    """F.pad modes 'reflect' and 'replicate' (1-3 padded dims, negative widths crop), their
    nodes, gradients and errors, and Conv's padding_mode: torch 2.13's output."""
    import io
    from gradcli.lang import run_source
    source, expected = REFLECT_AND_REPLICATE
    out = io.StringIO()
    run_source(source, "pad.grad", out=out)
    assert out.getvalue() == expected
