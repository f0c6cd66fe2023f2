"""The engine through its Python API: the seeds' numbers, node names, graph structure,
backward/grad options, grad modes, hooks, in-place rules and every PyTorch error text.
Expected values and texts were taken from PyTorch 2.13."""
import _thread
import gc
import re
import warnings

import numpy as np
import pytest

import gradcli as torch
from gradcli.autograd.graph import AccumulateGrad


def name(t):
    return None if t.grad_fn is None else type(t.grad_fn).__name__


def edges(t):
    return tuple((None if n is None else type(n).__name__, nr)
                 for n, nr in t.grad_fn.next_functions)


# -- the seeds --------------------------------------------------------------------------------

def test_seed_dot():
    x = torch.arange(4.0)
    x.requires_grad_(True)
    y = 2 * torch.dot(x, x)
    assert repr(y) == "tensor(28., grad_fn=<MulBackward0>)"
    y.backward()
    assert x.grad.tolist() == [0.0, 4.0, 8.0, 12.0]
    assert (x.grad == 4 * x).tolist() == [True] * 4


def test_seed_chain_from_numpy():
    ones = np.ones((2, 2), dtype=np.float32)
    x1 = torch.from_numpy(2 * ones).requires_grad_(True)
    w1 = torch.from_numpy(5 * ones).requires_grad_(True)
    w2 = torch.from_numpy(6 * ones).requires_grad_(True)
    L = torch.from_numpy(10 * ones) - x1 * w1 * w2
    assert name(L) == "SubBackward0"
    L.backward(torch.ones(2, 2, dtype=torch.float))
    assert x1.grad.tolist() == [[-30.0] * 2] * 2
    assert w1.grad.tolist() == [[-12.0] * 2] * 2
    assert w2.grad.tolist() == [[-10.0] * 2] * 2


def test_seed_mean_and_leaves():
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    assert x.is_leaf and not y.is_leaf and x.grad_fn is None
    out = (y * y * 3).mean()
    assert repr(out) == "tensor(27., grad_fn=<MeanBackward0>)"
    out.backward()
    assert repr(x.grad) == "tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])"


def test_seed_control_flow():
    def f(a):
        b = a * 2
        while b.norm() < 1000:
            b = b * 2
        return b if b.sum() > 0 else 100 * b
    for start in (0.37, -1.25, 3.0):
        a = torch.tensor(start, requires_grad=True)
        d = f(a)
        d.backward()
        assert bool(a.grad == d / a)


def test_seed_detach():
    x = torch.arange(4.0, requires_grad=True)
    y = x * x
    u = y.detach()
    (u * x).sum().backward()
    assert (x.grad == u).all()
    assert (u.requires_grad, u.is_leaf, u.grad_fn) == (False, True, None)


# -- node names and next_functions, as PyTorch 2.13 prints them -------------------------------

X = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
M = torch.ones(2, 3, requires_grad=True)
NODE_NAMES = [
    ("X*2", "MulBackward0", (("AccumulateGrad", 0), (None, 0))),
    ("2*X", "MulBackward0", (("AccumulateGrad", 0), (None, 0))),
    ("X+2", "AddBackward0", (("AccumulateGrad", 0), (None, 0))),
    ("X-2", "SubBackward0", (("AccumulateGrad", 0), (None, 0))),
    ("2-X", "RsubBackward1", (("AccumulateGrad", 0),)),
    ("X/2", "DivBackward0", (("AccumulateGrad", 0), (None, 0))),
    ("2/X", "MulBackward0", (("ReciprocalBackward0", 0), (None, 0))),
    ("X**2", "PowBackward0", (("AccumulateGrad", 0),)),
    ("2**X", "PowBackward2", (("AccumulateGrad", 0),)),
    ("X**X", "PowBackward1", (("AccumulateGrad", 0), ("AccumulateGrad", 0))),
    ("-X", "NegBackward0", (("AccumulateGrad", 0),)),
    ("X.sum()", "SumBackward0", (("AccumulateGrad", 0),)),
    ("X.sum(0)", "SumBackward1", (("AccumulateGrad", 0),)),
    ("X.mean()", "MeanBackward0", (("AccumulateGrad", 0),)),
    ("X.max()", "MaxBackward1", (("AccumulateGrad", 0),)),
    ("X.max(0)[0]", "MaxBackward0", (("AccumulateGrad", 0),)),
    ("X.norm()", "LinalgVectorNormBackward0", (("AccumulateGrad", 0),)),
    ("X[0]", "SelectBackward0", (("AccumulateGrad", 0),)),
    ("X[1:]", "SliceBackward0", (("AccumulateGrad", 0),)),
    ("X[None]", "UnsqueezeBackward0", (("AccumulateGrad", 0),)),
    ("X.view(3,1)", "ViewBackward0", (("AccumulateGrad", 0),)),
    ("X.reshape(3,1)", "ViewBackward0", (("AccumulateGrad", 0),)),
    ("X.expand(2,3)", "ExpandBackward0", (("AccumulateGrad", 0),)),
    ("torch.dot(X,X)", "DotBackward0", (("AccumulateGrad", 0), ("AccumulateGrad", 0))),
    ("X @ X", "DotBackward0", (("AccumulateGrad", 0), ("AccumulateGrad", 0))),
    ("X.T", "PermuteBackward0", (("AccumulateGrad", 0),)),
    ("X[[0,1]]", "IndexBackward0", (("AccumulateGrad", 0),)),
    ("X[X>1]", "IndexBackward0", (("AccumulateGrad", 0),)),
    ("X.square()", "PowBackward0", (("AccumulateGrad", 0),)),
    ("X.prod()", "ProdBackward0", (("AccumulateGrad", 0),)),
    ("X.var()", "VarBackward0", (("AccumulateGrad", 0),)),
    ("X.std()", "StdBackward0", (("AccumulateGrad", 0),)),
    ("torch.softmax(X,0)", "SoftmaxBackward0", (("AccumulateGrad", 0),)),
    ("torch.log_softmax(X,0)", "LogSoftmaxBackward0", (("AccumulateGrad", 0),)),
    ("torch.logsumexp(X,0)", "LogsumexpBackward0", (("AccumulateGrad", 0),)),
    ("torch.cumsum(X,0)", "CumsumBackward0", (("AccumulateGrad", 0),)),
    ("X.amax()", "AmaxBackward0", (("AccumulateGrad", 0),)),
    ("X.flip(0)", "FlipBackward0", (("AccumulateGrad", 0),)),
    ("torch.cat([X,X])", "CatBackward0", (("AccumulateGrad", 0), ("AccumulateGrad", 0))),
    ("torch.stack([X,X])", "StackBackward0", (("AccumulateGrad", 0), ("AccumulateGrad", 0))),
    ("X.squeeze()", "SqueezeBackward0", (("AccumulateGrad", 0),)),
    ("torch.outer(X,X)", "MulBackward0", (("ViewBackward0", 0), ("AccumulateGrad", 0))),
    ("X.min()", "MinBackward1", (("AccumulateGrad", 0),)),
    ("X.sign()", "SignBackward0", (("AccumulateGrad", 0),)),
    ("X//2", "NotImplemented", (("AccumulateGrad", 0), (None, 0))),
    ("X%2", "RemainderBackward0", (("AccumulateGrad", 0), (None, 0))),
    ("X.reciprocal()", "ReciprocalBackward0", (("AccumulateGrad", 0),)),
    ("X.clone()", "CloneBackward0", (("AccumulateGrad", 0),)),
    ("M.T", "PermuteBackward0", (("AccumulateGrad", 0),)),
    ("M.t()", "TBackward0", (("AccumulateGrad", 0),)),
    ("M.transpose(0,1)", "TransposeBackward0", (("AccumulateGrad", 0),)),
    ("M[:,0]", "SelectBackward0", (("AccumulateGrad", 0),)),
    ("M[0,1]", "SelectBackward0", (("SelectBackward0", 0),)),
    ("M[:, 1:]", "SliceBackward0", (("AccumulateGrad", 0),)),
    ("M[..., 0]", "SelectBackward0", (("AccumulateGrad", 0),)),
    ("M.sum(dim=1, keepdim=True)", "SumBackward1", (("AccumulateGrad", 0),)),
    ("M.mean(0)", "MeanBackward1", (("AccumulateGrad", 0),)),
    ("M.max(dim=1).values", "MaxBackward0", (("AccumulateGrad", 0),)),
    ("M @ M.T", "MmBackward0", (("AccumulateGrad", 0), ("PermuteBackward0", 0))),
    ("M @ torch.ones(3)", "MvBackward0", (("AccumulateGrad", 0), (None, 0))),
    ("M.flatten()", "ViewBackward0", (("AccumulateGrad", 0),)),
    ("torch.bmm(M[None], M.T[None])", "BmmBackward0",
     (("UnsqueezeBackward0", 0), ("UnsqueezeBackward0", 0))),
    ("M.unbind(0)[0]", "UnbindBackward0", (("AccumulateGrad", 0),)),
    ("M.split(1)[0]", "SplitBackward0", (("AccumulateGrad", 0),)),
    ("M.chunk(2)[0]", "SplitBackward0", (("AccumulateGrad", 0),)),
    ("torch.diagonal(M)", "DiagonalBackward0", (("AccumulateGrad", 0),)),
    ("M.narrow(1,0,2)", "SliceBackward0", (("AccumulateGrad", 0),)),
    ("M.min(1)[0]", "MinBackward0", (("AccumulateGrad", 0),)),
    ("M.prod(1)", "ProdBackward1", (("AccumulateGrad", 0),)),
]


@pytest.mark.parametrize("expr,node,nexts", NODE_NAMES, ids=[c[0] for c in NODE_NAMES])
def test_node_names_and_edges(expr, node, nexts):
    y = eval(expr, {"torch": torch, "X": X, "M": M})
    assert name(y) == node
    assert edges(y) == nexts


def test_flatten_of_vector_is_itself():
    assert X.flatten() is X


def test_accumulate_grad_variable_and_identity():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * torch.tensor([3.0, 4.0])
    acc = y.grad_fn.next_functions[0][0]
    assert isinstance(acc, AccumulateGrad) and acc.variable is x
    z = x + 1
    assert z.grad_fn.next_functions[0][0] is acc      # one accumulator per leaf
    assert repr(y.grad_fn).startswith("<MulBackward0 object at 0x")
    assert y.grad_fn.name() == "MulBackward0" and y.grad_fn.metadata == {}


# -- backward and grad ------------------------------------------------------------------------

def test_gradients_accumulate_and_zero():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    for step in range(3):
        (w * w).sum().backward()
    assert w.grad.tolist() == [6.0, 12.0]
    w.grad.zero_()
    assert w.grad.tolist() == [0.0, 0.0]


def test_backward_twice_needs_retain_graph():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x.exp() * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    np.testing.assert_allclose(x.grad.numpy(), 2 * (np.exp([1, 2]) * [2, 3]), rtol=1e-6)
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second"):
        y.backward()


def test_graph_without_saved_values_can_run_twice():
    x = torch.ones(3, requires_grad=True)
    y = (x + 2).sum()
    y.backward()
    y.backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0]


def test_saved_arrays_are_released_after_backward():
    x = torch.ones(3, requires_grad=True)
    y = x.exp()
    node = y.grad_fn
    y.sum().backward()
    assert node._saved is None


def test_weighted_backward_and_shape_mismatch():
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    c = a * 1
    c.backward(torch.ones(c.size()) * 2)
    assert a.grad.tolist() == [2.0, 2.0, 2.0]
    with pytest.raises(RuntimeError, match=r"Mismatch in shape: grad_output\[0\] has a shape "
                                           r"of torch.Size\(\[2\]\) and output\[0\] has a "
                                           r"shape of torch.Size\(\[3\]\)."):
        (a * 2).backward(torch.ones(2))


def test_nonscalar_without_gradient():
    z = torch.ones(5, 5, requires_grad=True) + torch.ones(5, 5)
    with pytest.raises(RuntimeError, match="grad can be implicitly created only for scalar"):
        z.backward()


def test_element_index_in_error():
    x = torch.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="element 1 of tensors does not require grad"):
        torch.autograd.backward([x.sum(), torch.ones(2)])


def test_autograd_grad_leaves_grad_untouched():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = torch.tensor([3.0, -1.0], requires_grad=True)
    f = (x * y).sum() + (x ** 2).sum()
    gx, gy = torch.autograd.grad(f, [x, y])
    assert gx.tolist() == [5.0, 3.0] and gy.tolist() == [1.0, 2.0]
    assert x.grad is None and y.grad is None


def test_autograd_grad_unused():
    x = torch.ones(3, requires_grad=True)
    u = torch.ones(2, requires_grad=True)
    y = (x * 2).sum()
    with pytest.raises(RuntimeError, match="The differentiated Tensor at index 1 appears to not"):
        torch.autograd.grad(y, [x, u], retain_graph=True)
    gx, gu = torch.autograd.grad(y, [x, u], allow_unused=True)
    assert gu is None and gx.tolist() == [2.0] * 3


def test_grad_of_nonleaf_input_and_backward_inputs():
    x = torch.ones(3, requires_grad=True)
    y = x * 2
    z = (y * y).sum()
    (gy,) = torch.autograd.grad(z, y, retain_graph=True)
    assert gy.tolist() == [4.0] * 3
    z.backward(inputs=[y])
    assert y.grad.tolist() == [4.0] * 3 and x.grad is None


def test_higher_order():
    x = torch.tensor(2.0, requires_grad=True)
    y = x ** 3
    (g,) = torch.autograd.grad(y, x, create_graph=True)
    assert repr(g) == "tensor(12., grad_fn=<MulBackward0>)"
    (g2,) = torch.autograd.grad(g, x, create_graph=True)
    assert repr(g2) == "tensor(12., grad_fn=<MulBackward0>)"
    (g3,) = torch.autograd.grad(g2, x)
    assert repr(g3) == "tensor(6.)"


def test_create_graph_backward_then_grad_of_grad():
    x = torch.ones(3, requires_grad=True)
    y = (x * x).sum()
    (g,) = torch.autograd.grad(y, x, create_graph=True)
    assert repr(g) == "tensor([2., 2., 2.], grad_fn=<AddBackward0>)"
    g.sum().backward()
    assert x.grad.tolist() == [2.0] * 3


def test_broadcast_gradients_are_summed_back():
    a = torch.tensor([[1.0], [2.0], [3.0]], requires_grad=True)
    b = torch.tensor([10.0, 20.0], requires_grad=True)
    (a * b + b).sum().backward()
    assert a.grad.tolist() == [[30.0]] * 3 and b.grad.tolist() == [9.0, 9.0]


def test_million_node_chain_has_no_recursion():
    x = torch.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(200_000):
        y = y + 1.0
    y.backward()
    assert x.grad.item() == 1.0
    del y
    gc.collect()


# -- hooks ------------------------------------------------------------------------------------

def test_hooks_and_retain_grad():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 2
    y.retain_grad()
    h = x.register_hook(lambda g: g * 10)
    (y * y).sum().backward()
    assert y.grad.tolist() == [4.0, 8.0, 12.0]
    assert x.grad.tolist() == [80.0, 160.0, 240.0]
    h.remove()
    x.grad = None
    (x * 2).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0]


def test_nonleaf_hook_and_node_hooks():
    x = torch.ones(2, requires_grad=True)
    y = x * 3
    seen = []
    y.register_hook(lambda g: seen.append(g.tolist()))
    y.grad_fn.register_prehook(lambda gout: (gout[0] * 2,))
    y.grad_fn.register_hook(lambda gin, gout: seen.append(("post", gin[0].tolist())))
    y.sum().backward()
    assert seen == [[1.0, 1.0], ("post", [6.0, 6.0])]
    assert x.grad.tolist() == [6.0, 6.0]


def test_nonleaf_grad_warns():
    y = torch.ones(2, requires_grad=True) * 2
    with pytest.warns(UserWarning, match="is not a leaf Tensor is being accessed"):
        assert y.grad is None


# -- grad modes -------------------------------------------------------------------------------

def test_no_grad_and_backward_error():
    x = torch.ones(5, 5, requires_grad=True)
    with torch.no_grad():
        z = x + torch.ones(5, 5)
    assert (z.requires_grad, z.grad_fn) == (False, None)
    with pytest.raises(RuntimeError, match="element 0 of tensors does not require grad and "
                                           "does not have a grad_fn"):
        z.backward()


def test_set_grad_enabled_call_and_context():
    x = torch.ones(2, 3, requires_grad=True)
    torch.set_grad_enabled(False)
    try:
        assert not torch.is_grad_enabled()
        assert not (x * 2).requires_grad
    finally:
        torch.set_grad_enabled(True)
    with torch.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    assert torch.is_grad_enabled()
    with torch.no_grad():
        with torch.enable_grad():
            assert (x * 2).requires_grad


def test_no_grad_as_decorator():
    @torch.no_grad()
    def f(x):
        return x * 2
    assert not f(torch.ones(2, requires_grad=True)).requires_grad


def test_inference_mode():
    x = torch.ones(3, requires_grad=True)
    with torch.inference_mode():
        y = x * 2
    assert not y.requires_grad and y.is_inference()
    with pytest.raises(RuntimeError, match="Inference tensors cannot be saved for backward"):
        y * x


# -- in-place and versions --------------------------------------------------------------------

def test_leaf_inplace_error_and_no_grad_update():
    w = torch.ones(3, requires_grad=True)
    with torch.no_grad():
        w += 1
    assert repr(w) == "tensor([2., 2., 2.], requires_grad=True)" and w.is_leaf
    with pytest.raises(RuntimeError, match="^a leaf Variable that requires grad is being used "
                                           "in an in-place operation.$"):
        w.add_(1)
    with pytest.raises(RuntimeError, match="^a view of a leaf Variable that requires grad"):
        w[0] = 1
    with pytest.raises(RuntimeError, match="^a view of a leaf Variable that requires grad"):
        w[:2].add_(1)


def test_saved_tensor_modified_error_text():
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = a * 2
    c = b * b
    b.add_(1)
    assert b._version == 1 and name(b) == "AddBackward0"
    with pytest.raises(RuntimeError) as e:
        c.sum().backward()
    assert str(e.value) == (
        "one of the variables needed for gradient computation has been modified by an inplace "
        "operation: [torch.FloatTensor [3]], which is output 0 of Add, is at version 1; "
        "expected version 0 instead. Hint: enable anomaly detection to find the operation "
        "that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, "
        "check_nan=False).")


def test_saved_output_modified_names_the_node():
    a = torch.ones(3, requires_grad=True)
    c = a.exp()
    c.add_(1)
    with pytest.raises(RuntimeError, match="which is output 0 of Exp, is at version 1"):
        c.sum().backward()


def test_detach_shares_version_counter():
    x = torch.ones(3, requires_grad=True)
    d = x.detach()
    d.add_(1)
    assert x._version == 1 and x.tolist() == [2.0] * 3


def test_setitem_and_inplace_through_views():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 1
    y[0] = 5
    assert name(y) == "CopySlices" and edges(y) == (("MulBackward0", 0), (None, 0))
    (y * y).sum().backward()
    assert x.grad.tolist() == [0.0, 4.0, 6.0]
    x.grad = None
    y = x * 2
    v = y[1:]
    v.mul_(x[:2])
    assert repr(y) == "tensor([ 2.,  4., 12.], grad_fn=<CopySlices>)"
    assert name(v) == "AsStridedBackward0"
    y.sum().backward()
    assert x.grad.tolist() == [6.0, 8.0, 4.0]


def test_assigning_grad_checks_size_and_dtype_with_pytorchs_words():
    x = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match=re.escape(
            "attempting to assign a gradient of size '[2, 2]' to a tensor of size '[2]'. "
            "Please ensure that the gradient and the tensor are the same size")):
        x.grad = torch.ones(2, 2)
    with pytest.raises(RuntimeError, match=re.escape(
            "attempting to assign a gradient with dtype 'long int' to a tensor with "
            "grad_dtype 'Float'. The gradient must match the tensor's grad_dtype")):
        x.grad = torch.ones(2, dtype=torch.int64)
    with pytest.raises(RuntimeError, match="dtype 'float' to a tensor with grad_dtype 'Double'"):
        torch.ones(2, dtype=torch.float64, requires_grad=True).grad = torch.ones(2)
    x.grad = torch.full((2,), 3.0)
    assert x.grad.tolist() == [3.0, 3.0]


def test_an_unused_input_is_named_by_its_index():
    x, z = torch.ones(2, requires_grad=True), torch.ones(2, requires_grad=True)
    for inputs, index in ((z, 0), ([z], 0), ([x, z], 1)):
        with pytest.raises(RuntimeError, match=f"The differentiated Tensor at index {index} "
                                               "appears to not have been used in the graph"):
            torch.autograd.grad((x * 1).sum(), inputs)


def test_requires_grad_rules():
    with pytest.raises(RuntimeError, match="only Tensors of floating point dtype can require"):
        torch.arange(4).requires_grad_(True)
    for factory in (lambda: torch.tensor([1, 2], requires_grad=True),
                    lambda: torch.ones(2, dtype=torch.int64, requires_grad=True),
                    lambda: torch.arange(3, requires_grad=True)):
        with pytest.raises(RuntimeError,
                           match="Only Tensors of floating point and complex dtype"):
            factory()
    y = torch.ones(3, requires_grad=True) * 2
    with pytest.raises(RuntimeError, match="you can only change requires_grad flags of leaf"):
        y.requires_grad = False


# -- custom Function --------------------------------------------------------------------------

class MultiplyAdd(torch.autograd.Function):
    @staticmethod
    def forward(ctx, w, x, b):
        ctx.save_for_backward(w, x)
        return w * x + b

    @staticmethod
    def backward(ctx, grad_output):
        w, x = ctx.saved_tensors
        return grad_output * x, grad_output * w, grad_output * 1


def test_custom_function():
    x = torch.ones(1)
    w = torch.full((1,), 0.25, requires_grad=True)
    b = torch.full((1,), 0.5, requires_grad=True)
    z = MultiplyAdd.apply(w, x, b)
    assert repr(z) == "tensor([0.7500], grad_fn=<MultiplyAddBackward>)"
    assert repr(z.grad_fn).startswith("<torch.autograd.function.MultiplyAddBackward object at")
    assert z.grad_fn.needs_input_grad == (True, False, True)
    z.backward()
    assert (w.grad.tolist(), x.grad, b.grad.tolist()) == ([1.0], None, [1.0])
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second"):
        z.backward()


def test_custom_function_wrong_number_of_gradients():
    class Bad(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            return a * b

        @staticmethod
        def backward(ctx, g):
            return g
    a = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"function BadBackward returned an incorrect number "
                                           r"of gradients \(expected 2, got 1\)"):
        Bad.apply(a, a).sum().backward()


# -- dtypes and errors of ops -----------------------------------------------------------------

def test_type_promotion():
    i = torch.tensor([1, 2, 3])
    assert (i * 2.5).dtype == torch.float32 and (i + 1).dtype == torch.int64
    assert (i / 2).dtype == torch.float32
    d = torch.ones(2, dtype=torch.float64)
    assert (d * torch.tensor(2.0)).dtype == torch.float64
    assert (torch.ones(2) * torch.tensor(2.0, dtype=torch.float64)).dtype == torch.float32
    assert (torch.ones(2) * d).dtype == torch.float64
    assert torch.tensor([True]).dtype == torch.bool and torch.arange(3).dtype == torch.int64


def test_default_dtype():
    torch.set_default_dtype(torch.float64)
    try:
        assert torch.tensor([1.0]).dtype == torch.float64
        assert repr(torch.tensor([1.0], dtype=torch.float32)) == \
            "tensor([1.], dtype=torch.float32)"
    finally:
        torch.set_default_dtype(torch.float32)


ERRORS = [
    ("torch.ones(3)+torch.ones(4)", "The size of tensor a (3) must match the size of tensor b "
                                    "(4) at non-singleton dimension 0"),
    ("torch.ones(2,3)+torch.ones(2,4)", "The size of tensor a (3) must match the size of tensor "
                                        "b (4) at non-singleton dimension 1"),
    ("torch.dot(torch.ones(3), torch.ones(4))", "inconsistent tensor size, expected tensor [3] "
     "and src [4] to have the same number of elements, but got 3 and 4 elements respectively"),
    ("torch.dot(torch.ones(3,1), torch.ones(3,1))",
     "1D tensors expected, but got 2D and 2D tensors"),
    ("torch.dot(torch.ones(3), torch.ones(3,dtype=torch.float64))",
     "dot : expected both vectors to have same dtype, but found Float and Double"),
    ("torch.ones(3,2) @ torch.ones(3,2)", "mat1 and mat2 shapes cannot be multiplied (3x2 and "
                                          "3x2)"),
    ("torch.ones(3,2).view(4)", "shape '[4]' is invalid for input of size 6"),
    ("torch.ones(3).sum(1)", "Dimension out of range (expected to be in range of [-1, 0], but "
                             "got 1)"),
    ("torch.ones(3)[5]", "index 5 is out of bounds for dimension 0 with size 3"),
    ("torch.ones(3,requires_grad=True).numpy()", "Can't call numpy() on Tensor that requires "
     "grad. Use tensor.detach().numpy() instead."),
    ("torch.ones(3).item()", "a Tensor with 3 elements cannot be converted to Scalar"),
    ("bool(torch.ones(3))", "Boolean value of Tensor with more than one value is ambiguous"),
    ("torch.tensor([1,2,3]).mean()", "mean(): could not infer output dtype. Input dtype must be "
     "either a floating point or complex dtype. Got: Long"),
    ("torch.tensor([[1,2],[3]])", "expected sequence of length 2 at dim 1 (got 1)"),
    ("torch.ones(2,3).expand(3,3)", "The expanded size of the tensor (3) must match the "
     "existing size (2) at non-singleton dimension 0.  Target sizes: [3, 3].  Tensor sizes: "
     "[2, 3]"),
    ("torch.cat([torch.ones(2,3), torch.ones(2,4)])", "Sizes of tensors must match except in "
     "dimension 0. Expected size 3 but got size 4 for tensor number 1 in the list."),
    ("torch.zeros(2,3).permute(0)", "permute(sparse_coo): number of dimensions in the tensor "
     "input does not match the length of the desired ordering of dimensions i.e. input.dim() "
     "= 2 is not equal to len(dims) = 1"),
    ("(torch.ones(3,requires_grad=True)//2).sum().backward()",
     "derivative for aten::floor_divide is not implemented"),
]


@pytest.mark.parametrize("code,message", ERRORS, ids=[e[0] for e in ERRORS])
def test_error_texts(code, message):
    with pytest.raises(Exception) as e:
        eval(code, {"torch": torch})
    assert str(e.value) == message


def test_error_classes_are_pytorchs():
    with pytest.raises(IndexError):
        torch.ones(3)[5]
    with pytest.raises(ValueError):
        torch.tensor([[1, 2], [3]])
    with pytest.raises(TypeError):
        torch.ones(3) + "a"


def test_printing_through_the_engine():
    assert repr(torch.tensor([1.0, 2.5, -3.25])) == "tensor([ 1.0000,  2.5000, -3.2500])"
    assert repr(torch.ones(2, requires_grad=True)) == "tensor([1., 1.], requires_grad=True)"
    assert repr(torch.ones(2, 3).shape) == "torch.Size([2, 3])"
    assert repr(torch.float64) == "torch.float64"
    assert repr(torch.ones(2, 2).max(0)) == ("torch.return_types.max(\nvalues=tensor([1., 1.])"
                                             ",\nindices=tensor([0, 0]))")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert str(torch.tensor([float("inf"), float("nan")])) == "tensor([inf, nan])"


def test_backward_with_create_graph_keeps_a_differentiable_grad():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with pytest.warns(UserWarning, match="create a reference cycle"):
        (x * x).sum().backward(create_graph=True)
    assert repr(x.grad) == "tensor([2., 4.], grad_fn=<CopyBackwards>)"
    with warnings.catch_warnings(record=True) as caught:     # once per process, as
        warnings.simplefilter("always")                     # PyTorch's TORCH_WARN_ONCE
        (x * x * x).sum().backward(create_graph=True)
    assert caught == []
    assert repr(x.grad) == "tensor([ 5., 16.], grad_fn=<AddBackward0>)"


# -- fast paths give the same bits as the general ones ----------------------------------------

def _bits(t):
    return t._data.dtype.str, t._data.shape, t._data.tobytes()


def _chain(x, steps=50):
    for _ in range(steps):
        x = torch.sin(x) * 1.0001 + 0.5 * x - x / 3.0 + torch.cos(-x) * x
    return x


@pytest.mark.parametrize("start", [0.3, -0.0, 0.0, 1e308, 5e-324, float("inf"), float("nan"),
                                   -7.125])
def test_scalar_path_matches_the_array_path(start):
    """0-d float64 ops and their backward run on Python floats; a 1-element array takes
    NumPy's path. Values, gradients and warnings must agree bit for bit."""
    results = []
    for shape in [(), (1,)]:
        x = torch.tensor(np.full(shape, start), dtype=torch.float64, requires_grad=True)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            y = _chain(x)
            y.sum().backward()
        results.append((y._data.tobytes(), x.grad._data.tobytes(), y.grad_fn.name(),
                        sorted(str(w.message) for w in caught)))
    assert results[0] == results[1]


_TWO_OPERANDS = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
                 "div": lambda a, b: a / b, "neg": lambda a, b: -a * b,
                 "exp": lambda a, b: torch.exp(a / 8) * b, "sin": lambda a, b: torch.sin(a) * b,
                 "cos": lambda a, b: torch.cos(a) * b, "tanh": lambda a, b: torch.tanh(a) * b}


@pytest.mark.parametrize("name", list(_TWO_OPERANDS))
def test_scalar_lane_gives_the_tensor_rules_bits(name, monkeypatch):
    """Each node's float rule (`scalar_backward`) computes what its tensor rule computes,
    step for step, for both operands: div's gradient of the divisor is -g * ((a / b) / b)
    in both (the float rule had kept -g * a / (b * b) when the tensor rule changed to
    PyTorch's, and std's second derivative then differed from PyTorch's in the last bits)."""
    from gradcli.autograd import engine
    op, rng = _TWO_OPERANDS[name], np.random.default_rng(5)
    values = rng.uniform(-10, 10, (400, 2)) * 10.0 ** rng.integers(-3, 4, (400, 2))

    def grads():
        out = []
        for a, b in values:
            x = torch.tensor(a, dtype=torch.float64, requires_grad=True)
            y = torch.tensor(b, dtype=torch.float64, requires_grad=True)
            out.append(tuple(g.item() for g in torch.autograd.grad(op(x, y), [x, y])))
        return out
    floats = grads()
    monkeypatch.setattr(engine, "_scalar_step", lambda node, g: None)
    assert floats == grads()


@pytest.mark.parametrize("op", [lambda a: a * a, lambda a: a * torch.tensor(
    3.0, dtype=torch.float64, requires_grad=True), torch.sin, torch.cos, lambda a: 3.0 / (
        a * 1.0) / a])
def test_scalar_lane_checks_saved_versions_and_release(op):
    """The float path reads saved tensors without the `saved` property when nothing was
    modified in place; a modified or released one still gets PyTorch's error."""
    x = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
    a = x * 1.0
    y = op(a) * 2.0
    a.add_(1.0)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.backward()
    z = op(x * 1.0) * 2.0
    z.backward(retain_graph=True)
    first = x.grad.item()
    z.backward()
    assert x.grad.item() == 2 * first
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        z.backward()


# The array lane: `Node.array_backward` runs a rule on NumPy arrays for gradients of 1 to
# 4095 elements. It must give what the tensor rule gives, bit for bit, or step aside (None).

_SPECIALS = [np.inf, -np.inf, np.nan, -0.0, 0.0, 5e-324, 1e300, -1e-300, 65504.0, 1e-5]


def _values(shape, dtype, rng):
    a = rng.standard_normal(shape) * 3
    flat = a.reshape(-1)
    flat[:len(_SPECIALS)] = _SPECIALS[:flat.size]
    rng.shuffle(flat)
    return a.astype(dtype)


def _leaf(shape, dtype, rng, grad=True):
    return torch.tensor(_values(shape, dtype, rng), requires_grad=grad)


def _array_lane_cases():
    """(label, build(rng) -> output tensor): the nodes with an array rule, on float16/32/64
    and complex inputs, special values, broadcasting, mixed dtypes and each input needing a
    gradient or not"""
    from gradcli.ops.arith import MulBackward1
    from gradcli.ops.core import apply
    cases = []
    for dt in [np.float16, np.float32, np.float64, np.complex128]:
        for shape in [(7,), (3, 5), (1,)]:
            for ga, gb in [(True, True), (True, False), (False, True)]:
                cases.append((f"mul {dt.__name__} {shape} {ga}{gb}", lambda r, dt=dt, s=shape,
                              ga=ga, gb=gb: _leaf(s, dt, r, ga) * _leaf(s, dt, r, gb)))
            cases.append((f"mul self {dt.__name__} {shape}",
                          lambda r, dt=dt, s=shape: (lambda a: a * a)(_leaf(s, dt, r))))
            for c in [2.5, -0.0, 3, float("nan"), float("inf"), 1e-300]:
                cases.append((f"mul scalar {c} {dt.__name__} {shape}",
                              lambda r, dt=dt, s=shape, c=c: _leaf(s, dt, r) * c))
                cases.append((f"mul 0-d {c} {dt.__name__} {shape}",
                              lambda r, dt=dt, s=shape, c=c: torch.tensor(c, dtype=torch.float64
                                                                          ) * _leaf(s, dt, r)))
                cases.append((f"rule scalar {c} {dt.__name__} {shape}",     # grad * c in a rule
                              lambda r, dt=dt, s=shape, c=c: apply(MulBackward1, (
                                  _leaf(s, dt, r),), other=c)))
            if dt is not np.complex128:
                for c in [2, 3, -2, 0.5, -0.5, -1, 1, 0, 1.5, -3, 2.0, 7, 0.25, float("nan"),
                          -1.5, 4]:
                    cases.append((f"pow {c} {dt.__name__} {shape}",
                                  lambda r, dt=dt, s=shape, c=c: _leaf(s, dt, r) ** c))
            cases.append((f"view {dt.__name__} {shape}",
                          lambda r, dt=dt, s=shape: _leaf(s, dt, r).view(-1)))
            cases.append((f"reshape {dt.__name__} {shape}",
                          lambda r, dt=dt, s=shape: _leaf(s, dt, r).reshape(1, -1, 1)))
        cases.append((f"mv {dt.__name__}", lambda r, dt=dt: torch.mv(
            _leaf((4, 3), dt, r, False), _leaf((3,), dt, r))))
        cases.append((f"mv both {dt.__name__}", lambda r, dt=dt: torch.mv(
            _leaf((4, 3), dt, r), _leaf((3,), dt, r))))
        cases.append((f"mv A {dt.__name__}", lambda r, dt=dt: torch.mv(      # v is not saved
            _leaf((4, 3), dt, r), _leaf((3,), dt, r, False))))
    cases += [
        ("mul broadcast", lambda r: _leaf((3, 4), np.float64, r) * _leaf((4,), np.float64, r)),
        ("mul broadcast other", lambda r: _leaf((4,), np.float32, r) * _leaf((3, 4),
                                                                        np.float32, r)),
        ("mul 0-d", lambda r: _leaf((5,), np.float64, r) * _leaf((), np.float64, r)),
        ("mul 0-d grad", lambda r: _leaf((5,), np.float64, r, False) * _leaf((), np.float64, r)),
        ("mul 0-d f32", lambda r: _leaf((5,), np.float32, r) * _leaf((), np.float32, r, False)),
        ("mul 0-d f64", lambda r: _leaf((5,), np.float32, r) * _leaf((), np.float64, r, False)),
        ("mul mixed", lambda r: _leaf((5,), np.float32, r) * _leaf((5,), np.float64, r)),
        ("mul int", lambda r: _leaf((5,), np.float32, r) * torch.arange(5)),
        ("mul int scalar", lambda r: torch.arange(5.0, dtype=torch.float16)
         .requires_grad_() * 3),
        ("view of a transpose", lambda r: _leaf((3, 4), np.float64, r).t().reshape(-1)),
        ("add", lambda r: _leaf((3, 4), np.float64, r) + _leaf((3, 4), np.float64, r)),
        ("add broadcast", lambda r: _leaf((3, 4), np.float32, r) + _leaf((4,), np.float32, r)),
        ("add mixed", lambda r: _leaf((5,), np.float32, r) + _leaf((5,), np.float64, r)),
        ("add alpha", lambda r: torch.add(_leaf((5,), np.float64, r), _leaf((5,), np.float64, r),
                                          alpha=2.0)),
    ]
    return cases


def _array_lane_grads(out, rng):
    """gradients for out: contiguous, a non-contiguous view, one of another dtype"""
    shape, dtype = out.shape, out._data.dtype
    g = _values(shape, dtype, rng)
    wide = np.repeat(g[..., None], 2, axis=-1)
    return [torch.tensor(g), torch.from_numpy(wide[..., 0]),
            torch.tensor(g.astype(np.float64 if dtype != np.float64 else np.float32))]


def _array_classes():
    found, todo = set(), [torch.autograd.graph.Node]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__dict__.get("array_backward") is not None:
            found.add(cls.__name__)
    return found


def test_array_rules_give_the_tensor_rules_bits():
    from gradcli.autograd import engine
    rng = np.random.default_rng(5)
    applied, declined = set(), set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for label, build in _array_lane_cases():
            for k, g in enumerate(_array_lane_grads(build(rng), rng)):
                with np.errstate(all="ignore"):
                    out = build(np.random.default_rng(k))
                node = out.grad_fn
                if node.array_backward is None:     # the transpose's reshape copies
                    continue
                with torch.no_grad(), np.errstate(all="ignore"):
                    got = engine._array_step(node, torch.tensor(g) if k == 0 else g)
                    if got is None:
                        declined.add(type(node).__name__)
                        continue
                    applied.add(type(node).__name__)
                    want = engine._call_node(node, (g.detach().clone() if k != 1 else g,))
                assert len(got) == len(want), label
                for i, (a, b) in enumerate(zip(got, want)):
                    assert (a is None) == (b is None), (label, k, i)
                    if a is not None:
                        assert _bits(a) == _bits(b), (label, k, i)
                        assert (a._base is None) == (b._base is None), (label, k, i)
                        assert a._is_inference == b._is_inference, (label, k, i)
    # every class with an array rule was exercised, both ways where the rule has conditions
    assert applied == _array_classes()
    assert {"MulBackward0", "PowBackward0", "ViewBackward0", "MvBackward0"} <= declined


def test_array_rule_views_share_the_gradients_version_counter():
    from gradcli.autograd import engine
    x = torch.ones(2, 3, dtype=torch.float64, requires_grad=True)
    node = x.view(6).grad_fn
    g = torch.arange(6.0, dtype=torch.float64)
    with torch.no_grad():
        (v,) = engine._array_step(node, g)
        (w,) = engine._call_node(node, (g,))
    assert v._base is g and w._base is g
    g.add_(1.0)
    assert v._version == w._version == g._version == 1
    assert v.tolist() == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]


def _lane_program(a, A):
    y = a * a * 1.5 + (a ** 3).view(2, -1).reshape(-1) * a
    z = torch.mv(A, y ** 2) * torch.mv(A, a) * 0.25
    w = (y * y * 1e-3 + 1.0) ** -1.5
    return (z ** 2).sum() + (y.view(-1, 1) * w.view(1, -1)).sum()


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_gradients_through_the_array_lane_are_the_bits_of_the_tensor_rules(dtype, monkeypatch):
    """A backward pass, its retained second run, and a Hessian, with and without the lane"""
    from gradcli.autograd import engine
    rng = np.random.default_rng(3)
    a0 = _values((8,), np.float64, rng)
    a0[~np.isfinite(a0) | (np.abs(a0) > 1e3)] = 0.5
    A = torch.tensor(rng.standard_normal((5, 8)), dtype=dtype)
    calls = [0]
    real = engine._array_step

    def counted(node, g):
        out = real(node, g)
        calls[0] += out is not None
        return out

    results = []
    for step in (counted, lambda node, g: None):
        monkeypatch.setattr(engine, "_array_step", step)
        a = torch.tensor(a0, dtype=dtype, requires_grad=True)
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            loss = _lane_program(a, A)
            loss.backward(retain_graph=True)
            first = a.grad.clone()
            loss.backward()
            H = torch.autograd.functional.hessian(lambda t: _lane_program(t, A), a.detach())
        results.append([_bits(first), _bits(a.grad), _bits(H)])
    assert calls[0] > 20          # the lane ran
    assert results[0] == results[1]


def _random_lane_program(seed):
    """A random program of the ops with array rules (and a few without), on leaves of random
    dtypes that need a gradient or not: (leaves needing one, output)."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 6))
    dts = [np.float32, np.float64]
    leaves = [torch.tensor(_values((n,), dts[rng.integers(2)], rng),
                           requires_grad=bool(rng.random() < 0.7)) for _ in range(3)]
    pool = list(leaves)
    for _ in range(int(rng.integers(2, 12))):
        a, b = (pool[rng.integers(len(pool))] for _ in range(2))
        k = rng.integers(9)
        if k == 0:
            y = a * b
        elif k == 1:
            y = a * float(rng.choice([2.5, -1.0, 0.0, 3.0]))
        elif k == 2:
            y = a ** float(rng.choice([2, 3, -1, 0.5, 1.5, 0, -2]))
        elif k == 3:
            y = a.view(1, -1).reshape(-1)
        elif k == 4:
            A = torch.tensor(_values((n, n), a._data.dtype, rng),
                             requires_grad=bool(rng.random() < 0.5))
            leaves.append(A)
            y = torch.mv(A, a)
        elif k == 5:
            y = a + b
        elif k == 6:
            y = torch.sin(a) * a
        elif k == 7:
            y = a.sum() * b
        else:
            y = a[: max(1, n - 1)].sum() * b
        pool.append(y)
    out = sum((t.sum() for t in pool[3:]), torch.zeros((), dtype=torch.float64))
    return [t for t in leaves if t.requires_grad], out


@pytest.mark.parametrize("block", range(4))
def test_random_programs_give_the_same_bits_with_and_without_the_array_lane(block, monkeypatch):
    """backward, a retained rerun and autograd.grad of random programs: the lane on, then
    off (same gradients to the bit, or the same error)"""
    from gradcli.autograd import engine
    real = engine._array_step
    ran = [0]

    def counted(node, g):
        out = real(node, g)
        ran[0] += out is not None
        return out

    for seed in range(block * 50, block * 50 + 50):
        results = []
        for step in (counted, lambda node, g: None):
            monkeypatch.setattr(engine, "_array_step", step)
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                leaves, out = _random_lane_program(seed)
                if not out.requires_grad:
                    break
                try:
                    grads = torch.autograd.grad(out, leaves, retain_graph=True)
                    out.backward()
                    got = [_bits(g) for g in grads] + [_bits(t.grad) for t in leaves]
                except Exception as exc:          # noqa: BLE001 - the same error both ways
                    got = (type(exc).__name__, str(exc))
            results.append(got)
        if len(results) == 2:
            assert results[0] == results[1], seed
    assert ran[0] > 50


@pytest.mark.parametrize("shape", [(), (3,)])
def test_an_input_is_saved_only_for_a_gradient_that_needs_it(shape):
    """As PyTorch: `a * 2.0` and `a / c` keep no `a` (only c's gradient would use it), so
    changing `a` in place afterwards is no error; `c * a` with c requiring grad keeps it."""
    x = torch.ones(shape, dtype=torch.float64, requires_grad=True)
    c = torch.full(shape, 2.0, dtype=torch.float64)
    a = x * 1.0
    ys = [a * 2.0, a / c, torch.ones(shape, dtype=torch.float64) * a]
    assert [y.grad_fn._saved[0] for y in ys] == [None, None, ys[2].grad_fn._saved[0]]
    assert ys[2].grad_fn._saved[1] is None
    a.add_(1.0)
    sum(y.sum() for y in ys).backward()
    assert x.grad.tolist() == np.full(shape, 2.0 + 0.5 + 1.0).tolist()
    c2 = c.clone().requires_grad_()
    y = c2 * a
    a.add_(1.0)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


def test_scalar_division_by_zero_and_overflow_follow_numpy():
    for a, b in [(1.0, 0.0), (0.0, 0.0), (-1.0, -0.0), (1e308, 1e-308)]:
        got = []
        for shape in [(), (1,)]:
            x = torch.tensor(np.full(shape, a), dtype=torch.float64, requires_grad=True)
            y = torch.tensor(np.full(shape, b), dtype=torch.float64, requires_grad=True)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                z = x / y * 2.0
                z.sum().backward()
            got.append((z._data.tobytes(), x.grad._data.tobytes(), y.grad._data.tobytes(),
                        sorted(str(w.message) for w in caught)))
        assert got[0] == got[1]


BIG = (1 << 20) + 3       # large enough for the two-thread path and in-place reuse


def test_small_float32_transcendentals_round_once_from_float64():
    """Up to EXACT_ELEMENTS, float32 exp/tanh are float64's rounded once, as PyTorch's
    kernels nearly always give (exp(10.) is 22026.465, NumPy's float32 loop 22026.467)."""
    from gradcli.ops.sumorder import EXACT_ELEMENTS
    x = np.linspace(-12, 12, EXACT_ELEMENTS - 1).astype(np.float32)
    wide = x.astype(np.float64)
    assert torch.exp(torch.from_numpy(x))._data.tobytes() == \
        np.exp(wide).astype(np.float32).tobytes()
    assert torch.tanh(torch.from_numpy(x))._data.tobytes() == \
        np.tanh(wide).astype(np.float32).tobytes()
    assert torch.tensor(10.0).exp().item() == 22026.46484375


def test_large_elementwise_ops_match_numpy_and_its_warnings():
    a = np.linspace(-3, 3, BIG)
    a[[5, 77, -2]] = [np.inf, np.nan, 1e308]
    b = a[::-1].copy()
    for dtype in (np.float64, np.float32):
        with np.errstate(over="ignore"):
            x, y = a.astype(dtype), b.astype(dtype)
        with warnings.catch_warnings(record=True) as ours:
            warnings.simplefilter("always")
            got = [(torch.from_numpy(x) * torch.from_numpy(y))._data,
                   (torch.from_numpy(x) / torch.from_numpy(y))._data,
                   torch.exp(torch.from_numpy(x))._data, torch.tanh(torch.from_numpy(x))._data]
        with warnings.catch_warnings(record=True) as numpys:
            warnings.simplefilter("always")
            want = [x * y, x / y]
        with np.errstate(all="ignore"):     # past EXACT_ELEMENTS: NumPy's own float32 loops
            want += [np.exp(x), np.tanh(x)]
        for g, w in zip(got, want):
            assert g.tobytes() == w.tobytes()
        assert [str(w.message) for w in ours] == [str(w.message) for w in numpys]
    with np.errstate(all="raise"), pytest.raises(FloatingPointError, match="overflow"):
        torch.from_numpy(np.full(BIG, 1e308)) * 10.0


class _NoThreads:
    """A _thread whose new threads never come up (as under a tight address-space cap)."""
    allocate_lock = staticmethod(_thread.allocate_lock)

    @staticmethod
    def start_new_thread(fn, args):
        return 0


def test_large_ops_work_alone_when_the_helper_thread_cannot_start(monkeypatch):
    from gradcli.ops import core
    monkeypatch.setattr(core, "_pool", [None, None])
    monkeypatch.setattr(core, "_thread", _NoThreads)
    monkeypatch.setattr(core, "_START_WAIT", 0.01)
    a = np.linspace(-3, 3, BIG)
    assert torch.exp(torch.from_numpy(a))._data.tobytes() == np.exp(a).tobytes()
    assert core._pool[0] is None and not core.helper_running()


def test_large_ops_finish_alone_when_the_helper_thread_stops(monkeypatch):
    from gradcli.ops import core
    monkeypatch.setattr(core, "_pool", [None, None])
    monkeypatch.setattr(core, "_POLL", 0.01)
    pool = core._helper()
    assert pool is not None and core.helper_running()

    class Lost:                   # the task is never taken: the thread is gone
        def put(self, task):
            pool.alive = False
    monkeypatch.setattr(pool, "tasks", Lost())
    a = np.linspace(-3, 3, BIG)
    assert torch.exp(torch.from_numpy(a))._data.tobytes() == np.exp(a).tobytes()
    assert core._pool[0] is None


def test_a_late_helper_thread_leaves_the_pieces_to_the_caller(monkeypatch):
    """The pieces of a large op go to whichever thread is free: a helper that starts late
    (its core lent elsewhere) finds none left, rather than making the caller wait for half
    of the work; the result is the same bits."""
    import threading
    from gradcli.ops import core
    monkeypatch.setattr(core, "_pool", [None, None])
    caller, by_thread, real = threading.get_ident(), {}, core._share
    caller_done = threading.Event()

    def share(job):
        mine = threading.get_ident() == caller
        if not mine:        # the helper starts only once the caller has run out of pieces
            caller_done.wait(30)        # (a fixed sleep raced the caller on a loaded host)
        before = sum(job[6])
        met = real(job)
        by_thread[mine] = sum(job[6]) - before
        if mine:
            caller_done.set()
        return met
    monkeypatch.setattr(core, "_share", share)
    a = np.linspace(-3, 3, 10 * BIG)
    assert torch.exp(torch.from_numpy(a))._data.tobytes() == np.exp(a).tobytes()
    assert by_thread == {True: core.PARTS, False: 0}
    core.stop_helper()


def test_the_helper_thread_keeps_nothing_of_its_last_call():
    """Once a large op is over, the helper thread holds nothing of it while it waits for
    the next call: it had kept its last task (here the half of a large sum over rows it
    summed, a view of the whole matrix), so a bias's 16 MB gradient of W4's MLP stayed
    alive until the next large op, and the next run's results were faulted in afresh."""
    import weakref
    from gradcli.ops import core
    core.stop_helper()
    for run in (lambda t: torch.exp(t), lambda t: t.sum(0)):      # ew's pieces, in_parallel
        a = np.random.default_rng(0).standard_normal((BIG // 256, 256))
        gone = weakref.ref(a)
        run(torch.from_numpy(a))
        assert core.helper_running()
        del a
        gc.collect()
        assert gone() is None
    core.stop_helper()


def test_a_bias_added_to_a_large_matrix_is_shared_and_the_same_bits(monkeypatch):
    """x + b with b broadcast along x's first axis (a Linear's bias) runs in pieces on both
    threads, each piece taking b whole: NumPy's bits, and its report of the conditions."""
    from gradcli.ops import core
    pieces = []
    real = core._share
    monkeypatch.setattr(core, "_share", lambda job: pieces.append(1) or real(job))
    x = np.random.default_rng(0).standard_normal((BIG // 256, 256))
    b = np.linspace(-1.0, 1.0, 256)
    assert (torch.from_numpy(x) + torch.from_numpy(b))._data.tobytes() == (x + b).tobytes()
    assert pieces
    x[5, 7] = 1e308
    with np.errstate(over="raise"), pytest.raises(FloatingPointError, match="overflow"):
        torch.from_numpy(x) * torch.from_numpy(b * 1e10)


def test_a_large_outer_sum_splits_its_columns_between_threads(monkeypatch):
    """sum over the rows of a large matrix (a bias's gradient): the two threads take half
    the column groups each; every column's sum is its own, so the bits are those of one
    thread, in ATen's order."""
    from gradcli.ops import core, sumorder
    rng = np.random.default_rng(1)
    for dtype in (np.float32, np.float64):
        for cols in (512, 37, 3):
            a = (rng.standard_normal((2 ** 19 // cols, cols)) *
                 np.exp2(rng.integers(-30, 30, (2 ** 19 // cols, cols)))).astype(dtype)
            calls = []
            real = core.in_parallel
            monkeypatch.setattr(core, "in_parallel", lambda f, g: calls.append(1) or real(f, g))
            both = sumorder.torch_sum(a, 0)
            monkeypatch.setattr(sumorder, "_PARALLEL_ELEMENTS", 1 << 62)
            alone = sumorder.torch_sum(a, 0)
            monkeypatch.undo()
            assert both.tobytes() == alone.tobytes()
            lanes = 8 if dtype == np.float32 else 4     # two groups of 4 vectors at least
            assert bool(calls) == (cols >= 2 * 4 * lanes)


QUIET = """
import numpy as np
import gradcli as torch
x = torch.tensor([0.0, 1.0], requires_grad=True)
x.sqrt().sum().backward()
big = torch.zeros(2 ** 21) / 0
print(x.grad.tolist()[0], bool(np.isnan(big._data).all()))
np.array([1.0]) / 0
"""


def test_arithmetic_is_quiet_about_floating_point_conditions_as_pytorch():
    # 1/0 is inf and 0/0 nan without NumPy's RuntimeWarnings; a user's own NumPy keeps them
    # (a fresh process: the filter is set when gradcli is imported)
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-c", QUIET], capture_output=True, text=True,
                          check=True)
    assert done.stdout == "inf True\n"
    assert done.stderr.count("RuntimeWarning") == 1
    assert "RuntimeWarning: divide by zero encountered in divide" in done.stderr


def _big_graph(x, keep):
    t = torch.tanh(x)
    nx = -x
    e = torch.exp(nx * x)
    a = t * x
    if keep:
        keep.extend([t, nx, e, a])
    return (a + e).sum()


def test_memory_reuse_never_touches_what_the_user_can_see():
    x = torch.tensor(np.linspace(-3, 3, BIG), requires_grad=True)
    _big_graph(x, None).backward()
    fresh = x.grad._data.copy()
    kept = []
    x.grad = None
    y = _big_graph(x, kept)
    before = [t._data.copy() for t in kept]
    y.backward()
    assert all(np.array_equal(b, t._data) for b, t in zip(before, kept))
    np.testing.assert_allclose(x.grad._data, fresh)
    # retain_graph keeps every saved tensor intact for a second pass
    x.grad = None
    y = _big_graph(x, None)
    y.backward(retain_graph=True)
    once = x.grad._data.copy()
    y.backward()
    assert np.array_equal(x.grad._data, 2 * once)


def test_gradients_seen_by_hooks_are_not_overwritten():
    x = torch.tensor(np.linspace(-2, 2, BIG), requires_grad=True)
    seen, copies = [], []

    def keep(g):
        seen.append(g)
        copies.append(g._data.copy())

    a = x * 2.0
    a.register_hook(keep)
    b = a * a + torch.exp(a) - a
    def keep_all(grads_in, grads_out):
        for g in grads_in:
            if g is not None:
                keep(g)
    b.grad_fn.register_hook(keep_all)
    b.sum().backward()
    assert all(np.array_equal(g._data, c) for g, c in zip(seen, copies))


def test_leaf_gradient_is_its_own_array():
    x = torch.tensor(np.linspace(-1, 1, BIG), requires_grad=True)
    g = torch.ones(BIG, dtype=torch.float64)
    (x * 3.0).backward(g)
    assert x.grad is not g and not np.shares_memory(x.grad._data, g._data)
    assert np.array_equal(g._data, np.ones(BIG))
    y = torch.tensor(np.linspace(-1, 1, BIG), requires_grad=True)
    y.backward(g)                         # a leaf's own backward: .grad is a copy of g
    assert y.grad is not g and np.array_equal(y.grad._data, g._data)
    g._data[0] = 5.0
    assert y.grad._data[0] == 1.0


def test_next_functions_are_pairs():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x * 2.0).max(0)[0] * x
    fn = y.grad_fn
    assert [(type(n).__name__, nr) for n, nr in fn.next_functions] == \
        [("MaxBackward0", 0), ("AccumulateGrad", 0)]
    assert fn.next_functions[1][0].variable is x


def test_import_raises_the_collector_thresholds_and_never_lowers_them():
    import subprocess
    import sys
    code = ("import gc, sys; gc.set_threshold(*map(int, sys.argv[1:])); import gradcli; "
            "print(gc.get_threshold())")
    for before, after in [((700, 10, 10), (10000, 100, 10)),
                          ((50000, 500, 7), (50000, 500, 7))]:
        out = subprocess.run([sys.executable, "-c", code, *map(str, before)],
                             capture_output=True, text=True, check=True).stdout
        assert out.strip() == str(after)


def test_scalar_runners_make_tensors_as_init_does():
    """The scalar runners write `_init`'s stores out; every slot must match it."""
    from gradcli._tensor import Tensor, _init
    x = torch.tensor(0.5, dtype=torch.float64)
    made = [torch.sin(x), x * 2.0, x + x]
    for inference in (False, True):
        with torch.inference_mode(inference):
            made.append(x * 3.0)
    for t in made:
        ref = Tensor.__new__(Tensor)
        _init(ref, t._data)
        ref._is_inference = t._is_inference
        for slot in Tensor.__slots__:
            if slot == "__weakref__":
                continue
            assert hasattr(t, slot) == hasattr(ref, slot), slot    # _fw, _views: unset
            if hasattr(ref, slot):
                assert getattr(t, slot) is getattr(ref, slot) or \
                    getattr(t, slot) == getattr(ref, slot), slot
    assert made[-1]._is_inference and not made[-2]._is_inference


@pytest.mark.parametrize("op, name", [("exp_", "Exp"), ("sigmoid_", "Sigmoid"),
                                      ("sqrt_", "Sqrt"), ("relu_", "Relu")])
def test_an_inplace_result_saved_for_backward_is_the_tensor_written_into(op, name):
    """`y.exp_()` saves y itself for ExpBackward0: changing y again is caught (PyTorch's
    text); leaving it alone gives the gradient of the in-place op."""
    x = torch.tensor([0.2, 0.7], requires_grad=True)
    y = x * 1
    getattr(y, op)()
    y.add_(1)
    with pytest.raises(RuntimeError, match=rf"output 0 of {name}, is at version 2; "
                                           r"expected version 1 instead"):
        y.sum().backward()
    z = x * 1
    getattr(z, op)()
    (z * 2).sum().backward()
    assert x.grad is not None and bool(torch.isfinite(x.grad).all())


def test_promotion_across_categories_keeps_the_floating_type():
    """PyTorch, not NumPy: float32 with int64 is float32, int / int the default float."""
    f32, i64 = torch.ones(2), torch.tensor([1, 2])
    assert (f32 * i64).dtype == torch.float32 and (i64 + f32).dtype == torch.float32
    assert (i64 / torch.tensor([2, 4])).dtype == torch.float32
    assert (torch.ones(2, dtype=torch.float16) * i64).dtype == torch.float16
    assert (torch.ones(2, dtype=torch.complex64) * torch.ones(2, dtype=torch.float64)).dtype \
        == torch.complex128
    assert (torch.ones(2, dtype=torch.uint8) + torch.ones(2, dtype=torch.int8)).dtype \
        == torch.int16


def test_post_accumulate_grad_hooks_run_after_the_grad_is_in_place():
    x = torch.ones(2, requires_grad=True)
    seen = []
    handle = x.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad.tolist()))
    x.register_post_accumulate_grad_hook(lambda t: [t.grad.mul_(10)] and None)
    (x * 2).sum().backward()
    assert seen == [[2.0, 2.0]] and x.grad.tolist() == [20.0, 20.0]
    handle.remove()
    (x * 3).sum().backward()
    assert seen == [[2.0, 2.0]] and x.grad.tolist() == [230.0, 230.0]   # (20 + 3) * 10
    with pytest.raises(RuntimeError, match="cannot be registered on non-leaf tensors"):
        (x * 2).register_post_accumulate_grad_hook(print)
    y = torch.ones(2, requires_grad=True)
    y.register_post_accumulate_grad_hook(lambda t: 5)
    with pytest.raises(TypeError, match="expected Variable, but hook returned 'int'"):
        y.sum().backward()


@pytest.mark.parametrize("make, error, text", [
    (lambda: torch.ones(2, 3).split(0), RuntimeError,
     "split_size can only be 0 if dimension size is 0, but got dimension size of 2"),
    (lambda: torch.ones(2, 3).chunk(0), RuntimeError,
     "chunk expects `chunks` to be greater than 0, got: 0"),
    (lambda: torch.where(torch.ones(2) > 0, torch.ones(2), torch.zeros(3)), RuntimeError,
     "The size of tensor a (2) must match the size of tensor b (3) at non-singleton "
     "dimension 0"),
    (lambda: torch.tensor("a"), TypeError, "new(): invalid data type 'str'"),
    (lambda: torch.tensor(["a"]), ValueError, "too many dimensions 'str'"),
    (lambda: torch.tensor(None), RuntimeError, "Could not infer dtype of NoneType"),
    (lambda: torch.ones(2, 3).expand(2), RuntimeError,
     "expand(torch.FloatTensor{[2, 3]}, size=[2]): the number of sizes provided (1)"),
])
def test_argument_errors_carry_pytorchs_text(make, error, text):
    with pytest.raises(error) as info:
        make()
    assert str(info.value).startswith(text)


def test_stride_storage_offset_and_data_ptr_describe_views():
    x = torch.arange(24.0).reshape(2, 3, 4)
    assert x.stride() == (12, 4, 1) and x.stride(-2) == 4
    assert x.transpose(0, 2).stride() == (1, 4, 12)
    assert (x[1].storage_offset(), x[:, 1].storage_offset(), x[1, 2].storage_offset()) == \
        (12, 4, 20)
    assert x.view(24).data_ptr() == x.data_ptr() != x.clone().data_ptr()


def test_cpp_only_nodes_name_themselves_as_pytorch_does_and_index_put_is_its_own_node():
    x = torch.ones(2, requires_grad=True)
    y = x * 1
    y[0] = 5
    z = torch.zeros(2, requires_grad=True) * 1
    z.copy_(x)
    w = x * 1
    w[w > 0] = 2.0
    assert y.grad_fn.name() == "torch::autograd::CopySlices"
    assert (x * 1).grad_fn.next_functions[0][0].name() == "torch::autograd::AccumulateGrad"
    assert z.grad_fn.name() == "torch::autograd::CopyBackwards"
    assert repr(y).endswith("grad_fn=<CopySlices>)") and repr(y.grad_fn).startswith("<CopySlices ")
    assert w.grad_fn.name() == "IndexPutBackward0"
    w.sum().backward()
    assert x.grad.tolist() == [0.0, 0.0]


def test_ops_of_two_tensors_promote_as_pytorch_does():
    """Every op that combines tensors uses PyTorch's promotion, not NumPy's."""
    from gradcli.ops.loss import mse_loss as gradcli_mse_loss
    f, i = torch.tensor([1.0, 2.0]), torch.tensor([1, 2])
    d0 = torch.tensor(1.0, dtype=torch.float64)
    for out in (torch.logaddexp(f, i), torch.xlogy(f, i), torch.fmax(f, i),
                torch.addcmul(f, i, i), torch.dist(f, i), torch.logaddexp(f, d0),
                gradcli_mse_loss(f, i.float())):
        assert out.dtype == torch.float32
    assert torch.fmax(f, torch.ones(2, dtype=torch.float64)).dtype == torch.float64


# -- devices: what PyTorch's CPU build answers ------------------------------------------------

def test_devices_as_a_cpu_only_pytorch():
    cpu = torch.device("cpu")
    assert (repr(cpu), str(cpu), cpu.type, cpu.index) == ("device(type='cpu')", "cpu", "cpu",
                                                          None)
    assert repr(torch.device("cuda", 1)) == "device(type='cuda', index=1)"
    assert str(torch.device("cuda:0")) == "cuda:0"
    assert torch.device("cuda", 0) == torch.device("cuda:0") and cpu != "cpu"
    assert torch.ones(2).device == cpu and torch.ones(2).is_cpu and not torch.ones(2).is_cuda
    assert torch.cuda.is_available() is False and torch.cuda.device_count() == 0
    assert torch.backends.mps.is_available() is False
    for dev in ("cpu", cpu, "cpu:0", None):
        assert torch.ones(2, device=dev).tolist() == [1.0, 1.0]
        assert torch.zeros(2).to(dev).tolist() == [0.0, 0.0]
    assert torch.ones(2).to("cpu", torch.float64).dtype == torch.float64
    no_cuda = "Torch not compiled with CUDA enabled"
    for attempt in (lambda: torch.ones(2, device="cuda"), lambda: torch.ones(2).cuda(),
                    lambda: torch.ones(2).to("cuda:0"),
                    lambda: torch.ones(2).to(device=torch.device("cuda"))):
        with pytest.raises(AssertionError, match=no_cuda):
            attempt()
    # PyTorch 2.13: a bare index names the current accelerator, which a CPU build lacks
    with pytest.raises(RuntimeError, match="Cannot access accelerator device when none is "
                                           "available."):
        torch.tensor([1.], device=0)
    with pytest.raises(RuntimeError, match="PyTorch is not linked with support for mps devices"):
        torch.ones(2).to("mps")
    with pytest.raises(RuntimeError, match="Expected one of cpu, cuda, ipu, .* device type at "
                                           "start of device string: gpu"):
        torch.device("gpu")
    with pytest.raises(RuntimeError, match=re.escape("Invalid device string: 'cpu:x'")):
        torch.device("cpu:x")


def test_the_tutorial_device_idiom_runs_as_a_formula():
    import io
    from gradcli import lang
    out = io.StringIO()
    lang.run_source('import torch\n'
                    'device = torch.device("cuda" if torch.cuda.is_available() else "cpu")\n'
                    'x = torch.ones(2, device=device, requires_grad=True)\n'
                    'y = (x.to(device) * 3).sum()\n'
                    'y.backward()\n'
                    'print(device, x.device, x.grad, device.type)\n', filename="<t>", out=out)
    assert out.getvalue() == "cpu cpu tensor([3., 3.]) cpu\n"


# -- x[key] = value: PyTorch's errors ---------------------------------------------------------

@pytest.mark.parametrize("key, value, message", [
    (0, [5.0, 6.0, 7.0], "can't assign a list to a torch.FloatTensor"),
    (0, np.ones(3), "can't assign a numpy.ndarray to a torch.FloatTensor"),
    (0, "a", "can't assign a str to a torch.FloatTensor"),
    (0, torch.ones(2), "The expanded size of the tensor (3) must match the existing size (2) "
                       "at non-singleton dimension 0.  Target sizes: [3].  Tensor sizes: [2]"),
    (0, torch.ones(2, 3), "expand(torch.FloatTensor{[2, 3]}, size=[3]): the number of sizes "
                          "provided (1) must be greater or equal to the number of dimensions "
                          "in the tensor (2)"),
    (torch.tensor([0, 1]), torch.ones(2, 2), "shape mismatch: value tensor of shape [2, 2] "
                                             "cannot be broadcast to indexing result of shape "
                                             "[2, 3]"),
])
def test_assigning_what_does_not_fit(key, value, message):
    x = torch.ones(2, 3)
    with pytest.raises((TypeError, RuntimeError), match=re.escape(message)):
        x[key] = value
    assert x.tolist() == [[1.0] * 3] * 2


def test_assigning_what_fits():
    x = torch.ones(2, 3)
    x[0] = torch.ones(1, 3) * 2          # leading sizes of 1 are dropped, as in PyTorch
    x[1, 1:] = torch.tensor(5.0)
    x[torch.tensor([1])] = torch.tensor([7.0, 8.0, 9.0])
    assert x.tolist() == [[2.0, 2.0, 2.0], [7.0, 8.0, 9.0]]


# -- anomaly detection and Variable ------------------------------------------------------------

def test_anomaly_detection_names_the_node_and_the_forward_line(capsys):
    import io
    from gradcli import lang
    out = io.StringIO()
    src = ('import torch\n'
           'x = torch.tensor([0., 1.], requires_grad=True)\n'
           'def f(t):\n'
           '    return t.sqrt() * 0\n'
           'with torch.autograd.detect_anomaly():\n'
           '    w = f(x).sum()\n'
           '    try:\n'
           '        w.backward()\n'
           '    except RuntimeError as e:\n'
           '        print(e)\n'
           'print(torch.is_anomaly_enabled())\n')
    lang.run_source(src, filename="a.grad", out=out)
    assert out.getvalue() == ("Function 'SqrtBackward0' returned nan values in its 0th "
                              "output.\nFalse\n")
    err = capsys.readouterr().err
    assert "a.grad:5:21: warning: UserWarning: Anomaly Detection has been enabled." in err
    assert ('a.grad:8:11: warning: UserWarning: Error detected in SqrtBackward0. Traceback of '
            'forward call that caused the error:\n  File "a.grad", line 6, in <module>\n'
            '    w = f(x).sum()\n  File "a.grad", line 4, in f\n'
            '    return t.sqrt() * 0\n') in err


def test_anomaly_detection_without_nan_check_and_as_a_switch():
    x = torch.tensor([0.0, 1.0], requires_grad=True)
    with torch.autograd.set_detect_anomaly(True, check_nan=False), np.errstate(all="ignore"):
        assert torch.is_anomaly_enabled() and not torch.is_anomaly_check_nan_enabled()
        y = x / x
        assert list(y.grad_fn.metadata) == ["traceback_"]
        assert 'test_engine.py", line' in y.grad_fn.metadata["traceback_"][-1]
        y.sum().backward()                        # NaN allowed
    assert not torch.is_anomaly_enabled() and torch.is_anomaly_check_nan_enabled()
    assert np.isnan(x.grad.numpy()[0])
    torch.autograd.set_detect_anomaly(True)
    try:
        with pytest.raises(RuntimeError, match="'DivBackward0' returned nan values in its 1th"),\
                pytest.warns(UserWarning, match="Error detected in DivBackward0. Traceback"), \
                np.errstate(all="ignore"):
            (x / x).sum().backward()
    finally:
        torch.autograd.set_detect_anomaly(False)
    (x * 2).sum().backward()                     # and off again: no metadata, no check
    assert not (x * 2).grad_fn.__dict__.get("_metadata")


def test_variable_is_a_detached_alias_as_since_pytorch_0_4():
    from gradcli.autograd import Variable
    t = torch.ones(2)
    v = Variable(t, requires_grad=True)
    assert v is not t and v.is_leaf and v.requires_grad and not t.requires_grad
    assert isinstance(t, Variable) and Variable(t * 1).grad_fn is None
    with pytest.raises(TypeError, match="Variable data has to be a tensor, but got list"):
        Variable([1, 2])
    with pytest.raises(RuntimeError, match="Only Tensors of floating point and complex"):
        Variable(torch.ones(2, dtype=torch.int64), requires_grad=True)


# -- custom Function: PyTorch's finer points ---------------------------------------------------

def _run_formula(src):
    import io
    from gradcli import lang
    out = io.StringIO()
    lang.run_source(src, filename="f.grad", out=out)
    return out.getvalue()


def test_once_differentiable_refuses_a_second_derivative():
    src = ("import torch\n"
           "class Once(torch.autograd.Function):\n"
           "    @staticmethod\n"
           "    def forward(ctx, x):\n"
           "        ctx.save_for_backward(x)\n"
           "        return x ** 2\n"
           "    @staticmethod\n"
           "    @torch.autograd.function.once_differentiable\n"
           "    def backward(ctx, g):\n"
           "        x, = ctx.saved_tensors\n"
           "        return 2 * x * g\n"
           "x = torch.tensor([3.], requires_grad=True)\n"
           "w = torch.tensor([2.], requires_grad=True)\n"
           "g, = torch.autograd.grad((Once.apply(x) * w).sum(), x, create_graph=True)\n"
           "print(g, g.grad_fn.name(), g.grad_fn.next_functions[0][0].name())\n"
           "try:\n"
           "    g.sum().backward()\n"
           "except RuntimeError as e:\n"
           "    print(e)\n"
           "h, = torch.autograd.grad(Once.apply(x).sum(), x, create_graph=True)\n"
           "print(h, h.requires_grad)\n")
    assert _run_formula(src) == (
        "tensor([12.], grad_fn=<Error>) torch::autograd::Error "
        "torch::autograd::AccumulateGrad\n"
        "trying to differentiate twice a function that was marked with @once_differentiable\n"
        "tensor([6.]) False\n")


def test_a_method_decorator_other_than_staticmethod_is_applied_as_in_python():
    from gradcli.errors import EvalError
    with pytest.raises(EvalError, match="name 'lru_cache' is not defined"):
        _run_formula("from torch.autograd import Function\nclass A(Function):\n"
                     "    @lru_cache\n    def f(self): pass\n")


def test_function_outputs_marked_dirty_are_the_input_itself():
    class Double(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            x.mul_(2)
            ctx.mark_dirty(x)
            return x

        @staticmethod
        def backward(ctx, g):
            return g * 2
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.clone()
    z = Double.apply(y)
    assert z is y and repr(z) == "tensor([2., 4.], grad_fn=<DoubleBackward>)"
    z.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad has been used "
                                           "in an in-place operation."):
        Double.apply(torch.tensor([1.0], requires_grad=True))


def test_set_materialize_grads_false_passes_none_for_unused_outputs():
    seen = []

    class Two(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.set_materialize_grads(False)
            return x.clone(), x.clone()

        @staticmethod
        def backward(ctx, g1, g2):
            seen.append(g2)
            return g1
    x = torch.tensor([1.0], requires_grad=True)
    Two.apply(x)[0].sum().backward()
    assert seen == [None] and x.grad.tolist() == [1.0]


def test_a_custom_gradient_of_the_wrong_shape_is_pytorchs_error():
    class Wrong(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x.sum()

        @staticmethod
        def backward(ctx, g):
            return torch.ones(3)
    with pytest.raises(RuntimeError, match=re.escape(
            "Function WrongBackward returned an invalid gradient at index 0 - got [3] but "
            "expected shape compatible with [2]")):
        Wrong.apply(torch.tensor([1.0, 2.0], requires_grad=True)).backward()


# -- saved tensors and hook results ------------------------------------------------------------

def test_saved_tensors_as_pytorchs_docs_show_them():
    """The "Saved tensors" section of PyTorch's autograd notes, run as a formula."""
    src = ("import torch\n"
           "x = torch.tensor([1., 2.], requires_grad=True)\n"
           "y = x.pow(2)\n"
           "print(x.equal(y.grad_fn._saved_self), x is y.grad_fn._saved_self)\n"
           "z = x.exp()\n"
           "print(z.equal(z.grad_fn._saved_result), z is z.grad_fn._saved_result)\n"
           "print(y.grad_fn._saved_exponent, (x * 2).grad_fn._saved_self)\n"
           "M = torch.ones(2, 3, requires_grad=True)\n"
           "print(M.sum(0).grad_fn._saved_dim, M.sum(0).grad_fn._saved_self_sym_sizes)\n"
           "print((M @ M.t()).grad_fn._saved_mat2.shape)\n"
           "y.sum().backward()\n"
           "try:\n"
           "    y.grad_fn._saved_self\n"
           "except RuntimeError as e:\n"
           "    print(str(e)[:48])\n")
    assert _run_formula(src) == ("True True\nTrue False\n2 None\n(0,) (2, 3)\n"
                                 "torch.Size([3, 2])\n"
                                 "Trying to backward through the graph a second ti\n")


def test_other_private_attributes_stay_refused_in_formulas():
    from gradcli.errors import EvalError, FormulaSyntaxError
    with pytest.raises(FormulaSyntaxError, match="attributes starting with '_' are not "
                                                 "allowed in formulas: '_next'"):
        _run_formula("import torch\nx = torch.ones(2, requires_grad=True)\n"
                     "print((x * x).grad_fn._next)\n")
    with pytest.raises(EvalError, match="attribute '_saved_data' is not available"):
        _run_formula("import torch\nx = torch.ones(2)\nprint(x._saved_data)\n")


@pytest.mark.parametrize("register, message", [
    (lambda y: y.register_hook(lambda g: torch.ones(3)),
     "hook '<lambda>' has changed the size of value"),
    (lambda y: y.register_hook(lambda g: g.double()),
     "hook '<lambda>' has changed the type of value (was torch.FloatTensor got "
     "torch.DoubleTensor)"),
    (lambda y: y.grad_fn.register_hook(lambda gi, go: (gi[0],)),
     "hook '<lambda>' has returned an incorrect number of values (got 1, but expected 2)"),
    (lambda y: y.grad_fn.register_prehook(lambda go: (go[0], go[0])),
     "hook '<lambda>' has returned an incorrect number of values (got 2, but expected 1)"),
])
def test_hook_results_are_checked_as_in_pytorch(register, message):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * x
    register(y)
    with pytest.raises(RuntimeError, match=re.escape(message)):
        y.sum().backward()
    z = torch.tensor([1.0], requires_grad=True)
    (z * 2).register_hook(lambda g: [1])
    w = z * 2
    w.register_hook(lambda g: [1])
    with pytest.raises(TypeError, match="expected Variable, but hook returned 'list'"):
        w.sum().backward()


# -- views changed in place --------------------------------------------------------------------

@pytest.mark.parametrize("make, output", [
    (lambda a: a.unbind()[1], "Output 1 of Unbind"),
    (lambda a: a.split(2)[1], "Output 1 of Split"),
    (lambda a: a.split([1, 3])[1], "Output 1 of SplitWithSizes"),
    (lambda a: a.chunk(2)[0], "Output 0 of Split"),
])
def test_an_output_of_a_multi_view_function_cannot_change_in_place(make, output):
    a = torch.ones(4, 2, requires_grad=True) * 1
    with pytest.raises(RuntimeError, match=re.escape(
            f"{output} is a view and is being modified inplace. This view is the output of a "
            "function that returns multiple views.")):
        make(a).mul_(2)
    b = torch.ones(4, 2)
    make(b).mul_(2)                         # nothing requires grad: allowed


def test_a_view_made_under_no_grad_cannot_change_in_place_with_grad_mode_on():
    a = torch.ones(4, 2, requires_grad=True)
    with torch.no_grad():
        v = a[0]
        v.mul_(2)                           # both inside no_grad: allowed
    with pytest.raises(RuntimeError, match="A view was created in no_grad mode and is being "
                                           "modified inplace with grad mode enabled"):
        v.mul_(2)
    d = a.detach()
    d.mul_(2)                               # detach() is no view: allowed
    assert a.tolist() == [[4.0, 4.0], [2.0, 2.0], [2.0, 2.0], [2.0, 2.0]]


def test_in_place_view_ops_reshape_the_tensor_itself():
    x = torch.arange(6.0, requires_grad=True)
    y = x.view(2, 3) * 1
    assert y.transpose_(0, 1) is y
    assert (tuple(y.shape), y.grad_fn.name(), y._version) == ((3, 2), "TransposeBackward1", 1)
    assert not y.is_contiguous()
    (y * torch.arange(6.0).view(3, 2)).sum().backward()
    assert x.grad.tolist() == [0.0, 2.0, 4.0, 1.0, 3.0, 5.0]
    z = torch.ones(2, 1, 3, requires_grad=True) * 1
    names = [z.unsqueeze_(0).grad_fn.name(), z.squeeze_().grad_fn.name(),
             z.unsqueeze_(1).squeeze_(1).grad_fn.name(), z.t_().grad_fn.name()]
    assert names == ["UnsqueezeBackward1", "SqueezeBackward3", "SqueezeBackward4", "TBackward1"]
    assert tuple(z.shape) == (3, 2)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        torch.ones(3, requires_grad=True).unsqueeze_(0)


def test_grads_batched_is_one_vector_jacobian_product_per_row():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    (jac,) = torch.autograd.grad(x ** 2, x, torch.eye(2), is_grads_batched=True)
    assert jac.tolist() == [[2.0, 0.0], [0.0, 4.0]]
    with pytest.raises(RuntimeError, match=re.escape("`inputs` argument to `backward()` "
                                                     "cannot be empty.")):
        (x * 2).sum().backward(inputs=[])


def test_an_inference_tensor_cannot_require_grad_outside_inference_mode():
    x = torch.ones(2, requires_grad=True)
    with torch.inference_mode():
        y = x * 2
        inside = torch.ones(2).requires_grad_()     # inside inference mode: allowed
    assert inside.requires_grad
    with pytest.raises(RuntimeError, match="Setting requires_grad=True on inference tensor "
                                           "outside InferenceMode is not allowed."):
        y.requires_grad_()
    z = y.clone()
    assert not z.is_inference() and not z.requires_grad


@pytest.mark.parametrize("data", [2 ** 63, 2 ** 64, -2 ** 63 - 1, [1, 2 ** 70]])
def test_an_integer_past_int64_is_pytorchs_overflow_error(data):
    with pytest.raises(ValueError, match="Overflow when unpacking long long"):
        torch.tensor(data)
    assert torch.tensor(2 ** 63 - 1).item() == 2 ** 63 - 1


@pytest.mark.parametrize("call, message", [
    (lambda x: x.mean(dim=(0, 0)), "dim 0 appears multiple times in the list of dims"),
    (lambda x: x.sum(dim=[1, -2]), "dim 1 appears multiple times in the list of dims"),
    (lambda x: x.permute(0, 0, 1), "permute(): duplicate dims are not allowed."),
    (lambda x: x.movedim((0, 1), (1, 1)), "movedim: repeated dim in `destination` ([1, 1])"),
    (lambda x: x.movedim((0, 1), (1,)), "movedim: Invalid source or destination dims: source "
                                        "([0, 1] dims) should contain the same number of dims "
                                        "as destination ([1] dims)"),
])
def test_repeated_dims_are_pytorchs_errors(call, message):
    with pytest.raises(RuntimeError, match=re.escape(message)):
        call(torch.ones(2, 3, 4))


def test_fill_and_copy_as_pytorch():
    x = torch.ones(3, requires_grad=True)
    v = torch.tensor(2.0, requires_grad=True)
    y = x * 1
    assert y.fill_(3).grad_fn.name() == "FillBackward2"
    y = x * 1
    y.fill_(v)
    assert y.grad_fn.name() == "FillBackward3"
    y.sum().backward()
    assert (x.grad.tolist(), v.grad.item()) == ([0.0, 0.0, 0.0], 3.0)
    with pytest.raises(RuntimeError, match="fill_ only supports 0-dimension value tensor but "
                                           "got tensor with 1 dimensions."):
        (x * 1).fill_(torch.ones(2))
    z = torch.ones(3)
    with pytest.raises(RuntimeError, match=re.escape("The size of tensor a (3) must match the "
                                                     "size of tensor b (4)")):
        z.copy_(torch.ones(4))
    with pytest.raises(RuntimeError, match=re.escape("output with shape [3] doesn't match the "
                                                     "broadcast shape [2, 3]")):
        z.copy_(torch.ones(2, 3))


def test_negative_sizes_are_pytorchs_errors():
    with pytest.raises(RuntimeError, match="zeros: Dimension size must be non-negative."):
        torch.zeros(2, -3)
    with pytest.raises(RuntimeError, match=re.escape("Trying to create tensor with negative "
                                                     "dimension -1: [-1]")):
        torch.ones(-1)


def test_grad_of_two_outputs_of_one_node():
    """Both results of one node as roots (PyTorch allows it): the node runs once, with both
    gradients."""
    x = torch.tensor([0.5, -0.9, -1.8, 1.2], requires_grad=True)
    lo, hi = torch.aminmax(x)
    (g,) = torch.autograd.grad([lo, hi], [x], [torch.tensor(2.0), torch.tensor(3.0)])
    assert g.tolist() == [0.0, 0.0, 2.0, 3.0]


def test_in_place_on_an_inference_tensor_outside_inference_mode():
    """PyTorch writes, then refuses (so the value has changed when the error is raised)."""
    with torch.inference_mode():
        y = torch.ones(2)
    for change in (lambda: y.zero_(), lambda: y.__setitem__(0, 3.0), lambda: y.add_(1.0)):
        with pytest.raises(RuntimeError, match="^Inplace update to inference tensor outside "
                                               "InferenceMode is not allowed.You can make a "
                                               "clone"):
            change()
    assert y.tolist() == [4.0, 1.0]
    with torch.inference_mode():
        y.mul_(2)
    assert y.tolist() == [8.0, 2.0]


@pytest.mark.parametrize("call,error,message", [
    (lambda x: torch.autograd.backward([x * 2, x * 3], [torch.ones(2)]), RuntimeError,
     "got 2 tensors and 1 gradients"),
    (lambda x: torch.autograd.grad([x.sum()], [x], []), RuntimeError,
     "got 1 tensors and 0 gradients"),
    (lambda x: x.sum().backward(2.0), TypeError, "'float' object is not iterable"),
    (lambda x: torch.autograd.grad([x.sum()], [x], [2.0]), TypeError,
     "gradients can be either Tensors or None, but got float"),
    (lambda x: torch.autograd.grad(x.sum(), []), RuntimeError,
     "`inputs` argument to `grad()` cannot be empty."),
])
def test_gradient_arguments_are_checked_as_pytorch_checks_them(call, error, message):
    x = torch.ones(2, requires_grad=True)
    with pytest.raises(error) as err:
        call(x)
    assert str(err.value) == message


def test_extra_gradients_are_ignored_as_in_pytorch():
    x = torch.ones(2, requires_grad=True)
    torch.autograd.backward([x * 2], [torch.ones(2), torch.ones(2)])
    assert x.grad.tolist() == [2.0, 2.0]
    assert torch.autograd.grad([x * 2], [x], [torch.ones(2), torch.ones(2)])[0].tolist() == \
        [2.0, 2.0]


# a float64 tensor and a Python 0.0 or -0.0: each its own shared constant (one cache keyed by
# value alone had made `x + 0.0` add -0.0 once `y * -0.0` had run, and the reverse), as torch
# 2.13 printed them
SIGNED_ZERO_SCALARS = ('a = torch.tensor([-0.0, 1.0], dtype=torch.float64)\nprint(torch.tensor([1.0, 2.0], dtype=torch.float64) * -0.0)\nprint(a + 0.0, a - 0.0, a * 0.0, 0.0 + a, a + -0.0)\nx = torch.tensor(-0.0, dtype=torch.float64)\nprint(x + 0.0, x * -0.0, x + 0.0, x - -0.0, -0.0 * x)\ny = torch.tensor([2.0], dtype=torch.float64)\nprint(y * 0.0, y * -0.0, y * 0.0)\n',
                       'tensor([-0., -0.], dtype=torch.float64)\ntensor([0., 1.], dtype=torch.float64) tensor([-0., 1.], dtype=torch.float64) tensor([-0., 0.], dtype=torch.float64) tensor([0., 1.], dtype=torch.float64) tensor([-0., 1.], dtype=torch.float64)\ntensor(0., dtype=torch.float64) tensor(0., dtype=torch.float64) tensor(0., dtype=torch.float64) tensor(0., dtype=torch.float64) tensor(0., dtype=torch.float64)\ntensor([0.], dtype=torch.float64) tensor([-0.], dtype=torch.float64) tensor([0.], dtype=torch.float64)\n')


def test_signed_zero_python_scalars_keep_their_sign():
    from test_autograd_parity4 import run
    source, expected = SIGNED_ZERO_SCALARS
    for _ in range(2):                  # the second run finds both zeros cached
        assert run(source) == expected
