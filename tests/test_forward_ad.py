"""Forward-mode AD (`torch.autograd.forward_ad`): every op's tangent against its reverse-mode
Jacobian, and the API's values, printing and errors as PyTorch 2.13 gives them.

The sweep runs each differentiable op of the registry on its gradcheck sample (float64) with
random tangents, and compares each result's tangent with J t, J built row by row with
reverse mode. The expected strings were printed by PyTorch 2.13
(`tests/test_forward_ad_parity.py` runs the same snippets through torch when it is
installed, and compares every op's tangents with PyTorch's).
"""
from __future__ import annotations

import io

import numpy as np
import pytest

import gradcli
import gradcli.autograd.forward_ad as fwAD
from gradcli._tensor import Tensor
from gradcli.autograd import grad
from gradcli.ops.registry import REGISTRY
from test_gradcheck_sweep import DIFFERENTIABLE, build, samples


def _reverse_jvp(op, leaves, tangents):
    """J t for each float result of op(*leaves), J from reverse mode one row at a time."""
    outs = op(*leaves)
    outs = outs if isinstance(outs, tuple) else (outs,)
    result = []
    for o in outs:
        if not isinstance(o, Tensor) or o._data.dtype.kind != "f":
            result.append(None)
            continue
        jt = np.zeros(o._data.size)
        if o._requires_grad:
            for i in range(o._data.size):
                e = np.zeros(o._data.size)
                e[i] = 1.0
                gs = grad([o], leaves, [Tensor._wrap(e.reshape(o._data.shape))],
                          retain_graph=True, allow_unused=True)
                jt[i] = sum(float((g._data * t._data).sum())
                            for g, t in zip(gs, tangents) if g is not None)
        result.append(jt.reshape(o._data.shape))
    return result


def _describe(args, kwargs) -> str:
    parts = [f"array({a.tolist()}, dtype={a.dtype})" if isinstance(a, np.ndarray) else repr(a)
             for a in args]
    return ", ".join(parts + [f"{k}={v!r}" for k, v in kwargs.items()])


def _forward_jvp(op, leaves, tangents):
    with fwAD.dual_level():
        duals = [fwAD.make_dual(x.detach(), t) for x, t in zip(leaves, tangents)]
        outs = op(*duals)
        outs = outs if isinstance(outs, tuple) else (outs,)
        return [fwAD.unpack_dual(o).tangent if isinstance(o, Tensor) else None for o in outs]


# Ops PyTorch has no forward-mode rule for: the same NotImplementedError, naming this kernel
NO_FORWARD_RULE = {"cdist": "_cdist_forward", "cholesky": "cholesky",
                   "multi_margin_loss": "multi_margin_loss",
                   "multilabel_margin_loss": "multilabel_margin_loss_forward"}
NO_FORWARD_RULE["pdist"] = "_pdist_forward"
NO_FORWARD_RULE["index_reduce"] = "index_reduce"
NO_FORWARD_RULE["grid_sample"] = "grid_sampler_2d"
NO_FORWARD_RULE["embedding_bag"] = "_embedding_bag"
NO_FORWARD_RULE.update(conv_tbc="conv_tbc", segment_reduce="segment_reduce", ormqr="ormqr",
                       grid_sampler="grid_sampler_2d", grid_sampler_2d="grid_sampler_2d")
NO_FORWARD_RULE.update(igamma="igamma", igammac="igammac", special_gammainc="igamma",
                       special_gammaincc="igammac", special_zeta="special_zeta")
# Samples whose results PyTorch leaves without a tangent (forward mode gives None)
NO_TANGENT = {"scatter_reduce": lambda args, kwargs: any(isinstance(a, str) and a == "prod"
                                                        for a in args)}
# Ops of a symmetric matrix: PyTorch's forward rule reads all of the tangent, its backward
# the lower triangle, so the two agree on symmetric tangents
SYMMETRIC = {"linalg_cholesky", "linalg_cholesky_ex", "linalg_eigh", "linalg_eigvalsh"}
# Ops whose PyTorch forward rule is not their Jacobian: triangular_solve's uses all of dA,
# untransposed even for transpose=True (test_forward_ad_parity compares it with PyTorch's,
# test_linalg_more with its printed values)
NOT_THE_JACOBIAN = {"triangular_solve"}
# results whose reverse rule alone gives no gradient (PyTorch's native_group_norm backward
# needs the gradient of y: `grad(mean.sum(), x)` is (None,)): their tangents are checked
# against central differences instead
REVERSE_IS_NOT_THE_JACOBIAN = {"native_group_norm": (1, 2)}


def _central_jvp(op, leaves, tangents, k, eps=1e-6):
    """(op(x + eps t)[k] - op(x - eps t)[k]) / 2 eps, float64."""
    def at(sign):
        moved = [Tensor._wrap(x._data + sign * eps * t._data) for x, t in zip(leaves, tangents)]
        return op(*moved)[k]._data
    return (at(1) - at(-1)) / (2 * eps)


def _tangent(rng, shape, name):
    t = rng.standard_normal(shape)
    if name in SYMMETRIC:
        t = t + np.swapaxes(t, -1, -2)
    return Tensor._wrap(t)


def test_ops_without_a_forward_rule_refuse_as_pytorch_does():
    for name, kernel in NO_FORWARD_RULE.items():
        info = REGISTRY[name]
        args, kwargs = samples(name)[0]
        leaves, rebuild, kw = build(args, kwargs)
        with pytest.raises(NotImplementedError) as err:
            _forward_jvp(lambda *ts: info.fn(*rebuild(ts), **kw), leaves,
                         [Tensor._wrap(np.ones(x._data.shape)) for x in leaves])
        assert str(err.value) == (
            f"Trying to use forward AD with {kernel} that does not support it because it has "
            "not been implemented yet.\nPlease file an issue to PyTorch at "
            "https://github.com/pytorch/pytorch/issues/new?template=feature-request.yml so "
            "that we can prioritize its implementation or submit a PR adding the "
            "implementation to derivatives.yaml")


#: Results PyTorch gives no tangent though they are floating point: LU's permutation,
#: lstsq's rank and singular values, and the statistics native_layer_norm/batch_norm save.
NO_TANGENT_RESULTS = {"linalg_lu": (0,), "lu_unpack": (0,), "linalg_lstsq": (2, 3),
                      "native_layer_norm": (1, 2), "native_batch_norm": (1, 2)}


@pytest.mark.parametrize("name", sorted(set(DIFFERENTIABLE) - set(NO_FORWARD_RULE)))
def test_tangent_is_jacobian_times_tangent(name):
    if name in NOT_THE_JACOBIAN:
        pytest.skip(f"PyTorch's forward rule for {name} is not its Jacobian")
    info = REGISTRY[name]
    rng = np.random.default_rng(1)
    for args, kwargs in samples(name):
        leaves, rebuild, kw = build(args, kwargs)

        def op(*ts):
            return info.fn(*rebuild(ts), **kw)
        tangents = [_tangent(rng, x._data.shape, name) for x in leaves]
        expected = _reverse_jvp(op, leaves, tangents)
        got = _forward_jvp(op, leaves, tangents)
        if name in NO_TANGENT and NO_TANGENT[name](args, kwargs):
            assert all(g is None for g in got), f"op {name}: PyTorch gives no tangent"
            continue
        assert len(got) == len(expected)
        for k, (g, e) in enumerate(zip(got, expected)):
            where = f"op {name}, result {k}, on ({_describe(args, kwargs)})"
            if k in NO_TANGENT_RESULTS.get(name, ()):
                assert g is None, f"{where}: PyTorch gives this result no tangent"
                continue
            if e is None:
                assert g is None, f"{where}: a tangent on a non-float result"
                continue
            assert g is not None, f"{where}: no tangent"
            if k in REVERSE_IS_NOT_THE_JACOBIAN.get(name, ()):
                np.testing.assert_allclose(g._data, _central_jvp(op, leaves, tangents, k),
                                           rtol=1e-6, atol=1e-8, err_msg=where)
                continue
            np.testing.assert_allclose(g._data, e, rtol=1e-9, atol=1e-12, err_msg=where)


# -- the API, printing and errors: snippets with PyTorch 2.13's output ---------------------------

def run_snippet(code: str, torch, fwAD) -> str:
    """What `code` prints (its `show(...)` calls) with `torch` and `fwAD` bound; an error
    prints as its class's Python base name and message."""
    out = io.StringIO()

    def show(*values):
        print(*values, file=out)
    try:
        exec(code, {"torch": torch, "fwAD": fwAD, "show": show})
    except Exception as e:  # noqa: BLE001 - the error is the output
        base = next(c.__name__ for c in type(e).__mro__
                    if c.__module__ == "builtins")
        show(f"{base}: {e}")
    finally:
        _leave(fwAD)
    return out.getvalue()


def _leave(fwAD) -> None:
    """Exit a level the snippet left open (exit_dual_level refuses when there is none)."""
    try:
        fwAD.exit_dual_level()
    except RuntimeError:
        pass


# Each snippet with what it prints under PyTorch 2.13 (generated by running it there).
SNIPPETS = {
    "dual_1d": (
        "x = torch.tensor([1., 2.])\n"
        "with fwAD.dual_level() as level:\n"
        "    show(level)\n"
        "    d = fwAD.make_dual(x, torch.ones(2))\n"
        "    show(d)\n"
        "    show(fwAD.unpack_dual(d))\n"
        "    show(fwAD.unpack_dual(d).tangent)\n"
        "show(d)\n"
        "show(fwAD.unpack_dual(d))\n",
        "0\n"
        "tensor([1., 2.], tangent=tensor([1., 1.]))\n"
        "UnpackedDualTensor(primal=tensor([1., 2.]), tangent=tensor([1., 1.]))\n"
        "tensor([1., 1.])\n"
        "tensor([1., 2.])\n"
        "UnpackedDualTensor(primal=tensor([1., 2.]), tangent=None)\n",
    ),
    "dual_0d": (
        "with fwAD.dual_level():\n"
        "    show(fwAD.make_dual(torch.tensor(3.), torch.tensor(2.)))\n"
        "    show(fwAD.make_dual(torch.tensor(3., dtype=torch.float64), torch.tensor(2.5, dtype=torch.float64)))\n"
        "    y = torch.sin(fwAD.make_dual(torch.tensor(3.), torch.tensor(2.)))\n"
        "    show(y)\n"
        "    show(f\"{fwAD.unpack_dual(y).tangent}\")\n",
        "tensor(3., tangent=2.0)\n"
        "tensor(3., dtype=torch.float64, tangent=2.5)\n"
        "tensor(0.1411, tangent=-1.979984998703003)\n"
        "-1.979984998703003\n",
    ),
    "dual_float64_2d_large": (
        "with fwAD.dual_level():\n"
        "    show(fwAD.make_dual(torch.tensor([3., 1.], dtype=torch.float64), torch.tensor([2., 1.], dtype=torch.float64)))\n"
        "    show(fwAD.make_dual(torch.arange(6.).reshape(2, 3), torch.ones(2, 3)))\n"
        "    show(fwAD.make_dual(torch.arange(2000.), torch.ones(2000)))\n",
        "tensor([3., 1.], dtype=torch.float64,\n"
        "       tangent=tensor([2., 1.], dtype=torch.float64))\n"
        "tensor([[0., 1., 2.],\n"
        "        [3., 4., 5.]], tangent=tensor([[1., 1., 1.],\n"
        "        [1., 1., 1.]]))\n"
        "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n"
        "        1.9990e+03], tangent=tensor([1., 1., 1.,  ..., 1., 1., 1.]))\n",
    ),
    "requires_grad": (
        "x = torch.tensor([1., 2.], requires_grad=True)\n"
        "with fwAD.dual_level():\n"
        "    d = fwAD.make_dual(x, torch.tensor([1., 0.]))\n"
        "    show(d)\n"
        "    show(fwAD.unpack_dual(d).primal)\n"
        "    y = (d.sin() * d).sum()\n"
        "    show(y.grad_fn)  if False else show(type(y.grad_fn).__name__)\n"
        "    show(round(fwAD.unpack_dual(y).tangent.item(), 5))\n"
        "    y.backward()\n"
        "    show(x.grad)\n",
        "tensor([1., 2.], grad_fn=<ViewBackward0>, tangent=tensor([1., 0.]))\n"
        "tensor([1., 2.], grad_fn=<Identity>)\n"
        "SumBackward0\n"
        "1.38177\n"
        "tensor([1.3818, 0.0770])\n",
    ),
    "ops": (
        "with fwAD.dual_level():\n"
        "    d = fwAD.make_dual(torch.tensor([1., 2., 3.]), torch.tensor([1., 1., 1.]))\n"
        "    show(torch.sin(d))\n"
        "    show(d * d)\n"
        "    show(d / 2 + 1)\n"
        "    show(d.sum(), d.mean())\n"
        "    show(d @ torch.ones(3, 2))\n"
        "    show(torch.max(d, 0))\n"
        "    show(d > 1.5, d.argmax())\n"
        "    show(torch.cat([d, torch.zeros(2)]))\n"
        "    show(d.split(2))\n"
        "    show(torch.where(d > 1.5, d, 0.))\n"
        "    show(torch.floor(d * 1.3), torch.sign(d))\n"
        "    show(torch.tensor([1, 2, 3]) * d)\n"
        "    show(d.double(), d.long())\n"
        "    show(d.detach(), d.clone())\n"
        "    show(fwAD.unpack_dual(d * 0).tangent)\n",
        "tensor([0.8415, 0.9093, 0.1411], tangent=tensor([ 0.5403, -0.4161, -0.9900]))\n"
        "tensor([1., 4., 9.], tangent=tensor([2., 4., 6.]))\n"
        "tensor([1.5000, 2.0000, 2.5000], tangent=tensor([0.5000, 0.5000, 0.5000]))\n"
        "tensor(6., tangent=3.0) tensor(2., tangent=1.0)\n"
        "tensor([6., 6.], tangent=tensor([3., 3.]))\n"
        "torch.return_types.max(\n"
        "values=tensor(3., tangent=1.0),\n"
        "indices=tensor(2))\n"
        "tensor([False,  True,  True]) tensor(2)\n"
        "tensor([1., 2., 3., 0., 0.], tangent=tensor([1., 1., 1., 0., 0.]))\n"
        "(tensor([1., 2.], tangent=tensor([1., 1.])), tensor([3.], tangent=tensor([1.])))\n"
        "tensor([0., 2., 3.], tangent=tensor([0., 1., 1.]))\n"
        "tensor([1., 2., 3.], tangent=tensor([0., 0., 0.])) tensor([1., 1., 1.], tangent=tensor([0., 0., 0.]))\n"
        "tensor([1., 4., 9.], tangent=tensor([1., 2., 3.]))\n"
        "tensor([1., 2., 3.], dtype=torch.float64,\n"
        "       tangent=tensor([1., 1., 1.], dtype=torch.float64)) tensor([1, 2, 3])\n"
        "tensor([1., 2., 3.]) tensor([1., 2., 3.], tangent=tensor([1., 1., 1.]))\n"
        "tensor([0., 0., 0.])\n",
    ),
    "inplace": (
        "with fwAD.dual_level():\n"
        "    d = fwAD.make_dual(torch.tensor([1., 2., 3.]), torch.tensor([1., 1., 1.]))\n"
        "    y = d * 1\n"
        "    y.mul_(3)\n"
        "    show(y)\n"
        "    show(d.clone().fill_(2.), d.clone().zero_(), d.clone().copy_(torch.ones(3)))\n"
        "    e = d.clone()\n"
        "    v = e[1:]\n"
        "    v.mul_(5)\n"
        "    show(e, v)\n"
        "    z = torch.zeros(3)\n"
        "    z[1:] = d[:2]\n"
        "    show(z)\n"
        "    show(fwAD.unpack_dual(z))\n"
        "    w = torch.zeros(3)\n"
        "    wv = w[1:]\n"
        "    w.copy_(d)\n"
        "    show(w, wv)\n"
        "    c = torch.zeros(2, 3)\n"
        "    c[0] = d\n"
        "    show(c)\n"
        "    show(torch.zeros(3).add_(d))\n",
        "tensor([3., 6., 9.], tangent=tensor([3., 3., 3.]))\n"
        "tensor([2., 2., 2.], tangent=tensor([0., 0., 0.])) tensor([0., 0., 0.], tangent=tensor([0., 0., 0.])) tensor([1., 1., 1.], tangent=tensor([0., 0., 0.]))\n"
        "tensor([ 1., 10., 15.], tangent=tensor([1., 5., 5.])) tensor([10., 15.], tangent=tensor([5., 5.]))\n"
        "tensor([0., 1., 2.], tangent=tensor([0., 1., 1.]))\n"
        "UnpackedDualTensor(primal=tensor([0., 1., 2.]), tangent=tensor([0., 1., 1.]))\n"
        "tensor([1., 2., 3.], tangent=tensor([1., 1., 1.])) tensor([2., 3.], tangent=tensor([1., 1.]))\n"
        "tensor([[1., 2., 3.],\n"
        "        [0., 0., 0.]], tangent=tensor([[1., 1., 1.],\n"
        "        [0., 0., 0.]]))\n"
        "tensor([1., 2., 3.], tangent=tensor([1., 1., 1.]))\n",
    ),
    "errors_make_dual_sizes": (
        "with fwAD.dual_level():\n"
        "    fwAD.make_dual(torch.ones(2, 3), torch.ones(3, 2))\n",
        "RuntimeError: Trying to set a forward gradient that has a different size than that of the original Tensor, this is not supported. Tensor is of size [2, 3] while the given forward gradient is of size [3, 2].\n",
    ),
    "errors_make_dual_0d": (
        "with fwAD.dual_level():\n"
        "    fwAD.make_dual(torch.tensor(3.), torch.tensor([2.]))\n",
        "RuntimeError: Trying to set a forward gradient that has a different size than that of the original Tensor, this is not supported. Tensor is of size [] while the given forward gradient is of size [1].\n",
    ),
    "errors_int_primal": (
        "with fwAD.dual_level():\n"
        "    fwAD.make_dual(torch.tensor([1, 2]), torch.ones(2))\n",
        "ValueError: Expected primal to be floating point or complex, but got: torch.int64\n",
    ),
    "errors_int_tangent": (
        "with fwAD.dual_level():\n"
        "    fwAD.make_dual(torch.ones(2), torch.tensor([1, 2]))\n",
        "ValueError: Expected tangent to be floating point or complex, but got: torch.int64\n",
    ),
    "errors_no_level": (
        "fwAD.make_dual(torch.ones(2), torch.ones(2))\n",
        "RuntimeError: Trying to create a dual Tensor for forward AD but no level exists, make sure to enter_dual_level() first.\n",
    ),
    "errors_nested": (
        "with fwAD.dual_level():\n"
        "    with fwAD.dual_level():\n"
        "        pass\n",
        "RuntimeError: Nested forward mode AD is not supported at the moment\n",
    ),
    "errors_dual_of_dual": (
        "with fwAD.dual_level():\n"
        "    d = fwAD.make_dual(torch.ones(2), torch.ones(2))\n"
        "    fwAD.make_dual(d, torch.ones(2))\n",
        "RuntimeError: Making a dual Tensor based on a Tensor that already has a forward gradient at the same level 0 is not supported.\n",
    ),
    "errors_tangent_dual": (
        "with fwAD.dual_level():\n"
        "    d = fwAD.make_dual(torch.ones(2), torch.ones(2))\n"
        "    fwAD.make_dual(torch.ones(2), d)\n",
        "RuntimeError: Setting a forward grad that itself has a forward gradient at the same level0 is not supported.\n",
    ),
    "errors_level": (
        "with fwAD.dual_level():\n"
        "    fwAD.make_dual(torch.ones(2), torch.ones(2), level=1)\n",
        "RuntimeError: Invalid level given to _make_dual\n",
    ),
    "errors_unpack_level": (
        "with fwAD.dual_level():\n"
        "    show(fwAD.unpack_dual(torch.ones(2), level=2))\n"
        "    d = fwAD.make_dual(torch.ones(2), torch.ones(2))\n"
        "    fwAD.unpack_dual(d, level=2)\n",
        "UnpackedDualTensor(primal=tensor([1., 1.]), tangent=None)\n"
        "RuntimeError: Invalid level given to _fw_primal\n",
    ),
    "errors_unpack_not_tensor": (
        "show(fwAD.unpack_dual(3.0))\n"
        "with fwAD.dual_level():\n"
        "    fwAD.unpack_dual(3.0)\n",
        "UnpackedDualTensor(primal=3.0, tangent=None)\n"
        "TypeError: _unpack_dual(): argument 'dual' (position 1) must be Tensor, not float\n",
    ),
    "errors_exit": (
        "show(fwAD.enter_dual_level())\n"
        "try:\n"
        "    fwAD.exit_dual_level(level=3)\n"
        "except RuntimeError as e:\n"
        "    show(e)\n"
        "fwAD.exit_dual_level()\n"
        "fwAD.exit_dual_level()\n",
        "0\n"
        "Trying to exit a forward AD level that was not the last one that was created. This is not supported.\n"
        "RuntimeError: Dual level must be a positive number.\n",
    ),
    "errors_custom_function": (
        "class Double(torch.autograd.Function):\n"
        "    @staticmethod\n"
        "    def forward(ctx, a):\n"
        "        return a * 2\n"
        "    @staticmethod\n"
        "    def backward(ctx, g):\n"
        "        return g * 2\n"
        "with fwAD.dual_level():\n"
        "    Double.apply(fwAD.make_dual(torch.ones(2), torch.ones(2)))\n",
        "NotImplementedError: You must implement the jvp function for custom autograd.Function to use it with forward mode AD.\n",
    ),
    "no_grad_still_tangent": (
        "with fwAD.dual_level():\n"
        "    d = fwAD.make_dual(torch.tensor([1., 2.]), torch.tensor([1., 1.]))\n"
        "    with torch.no_grad():\n"
        "        show(d * 2)\n"
        "    with torch.inference_mode():\n"
        "        show(d * 2)\n",
        "tensor([2., 4.], tangent=tensor([2., 2.]))\n"
        "tensor([2., 4.])\n",
    ),
    "namedtuple": (
        "show(fwAD.UnpackedDualTensor(1, 2), fwAD.UnpackedDualTensor._fields)\n"
        "p, t = fwAD.unpack_dual(torch.ones(1))\n"
        "show(p, t)\n",
        "UnpackedDualTensor(primal=1, tangent=2) ('primal', 'tangent')\n"
        "tensor([1.]) None\n",
    ),
    "ops_more": (
        "with fwAD.dual_level():\n"
        "    d = fwAD.make_dual(torch.tensor([1., 2., 3.]), torch.tensor([1., 0.5, 0.25]))\n"
        "    D = fwAD.make_dual(torch.arange(6.).reshape(2, 3), torch.ones(2, 3) * 0.5)\n"
        "    show(D.t(), d.unsqueeze(0).expand(2, 3))\n"
        "    show(torch.max(d), torch.topk(d, 2))\n"
        "    show(d.norm(), d.norm(p=1), torch.tensor(1.) / d, d ** d)\n"
        "    show(torch.where(d > 1.5, d, d * 10), d.index_select(0, torch.tensor([2, 0])))\n"
        "    show(D.gather(1, torch.tensor([[0], [2]])), D.cumsum(1), D.t().reshape(6))\n"
        "    show(d.flip(0), (-d).abs(), torch.relu(d - 2), d.half())\n"
        "    show(torch.var_mean(d), torch.sort(d, descending=True))\n"
        "    show(D.unbind(0), d.chunk(3), torch.diag(d))\n"
        "    show(torch.einsum(\"i,i->\", d, d), torch.addmm(torch.zeros(2, 2), D, D.t()))\n"
        "    show(torch.softmax(D, 1), torch.log_softmax(D, 1), torch.logsumexp(D, 1))\n",
        "tensor([[0., 3.],\n"
        "        [1., 4.],\n"
        "        [2., 5.]],\n"
        "       tangent=tensor([[0.5000, 0.5000],\n"
        "        [0.5000, 0.5000],\n"
        "        [0.5000, 0.5000]])) tensor([[1., 2., 3.],\n"
        "        [1., 2., 3.]],\n"
        "       tangent=tensor([[1.0000, 0.5000, 0.2500],\n"
        "        [1.0000, 0.5000, 0.2500]]))\n"
        "tensor(3., tangent=0.25) torch.return_types.topk(\n"
        "values=tensor([3., 2.], tangent=tensor([0.2500, 0.5000])),\n"
        "indices=tensor([2, 1]))\n"
        "tensor(3.7417, tangent=0.734968364238739) tensor(6., tangent=1.75) tensor([1.0000, 0.5000, 0.3333], tangent=tensor([-1.0000, -0.1250, -0.0278])) tensor([ 1.,  4., 27.], tangent=tensor([ 1.0000,  3.3863, 14.1656]))\n"
        "tensor([10.,  2.,  3.], tangent=tensor([10.0000,  0.5000,  0.2500])) tensor([3., 1.], tangent=tensor([0.2500, 1.0000]))\n"
        "tensor([[0.],\n"
        "        [5.]], tangent=tensor([[0.5000],\n"
        "        [0.5000]])) tensor([[ 0.,  1.,  3.],\n"
        "        [ 3.,  7., 12.]],\n"
        "       tangent=tensor([[0.5000, 1.0000, 1.5000],\n"
        "        [0.5000, 1.0000, 1.5000]])) tensor([0., 3., 1., 4., 2., 5.],\n"
        "       tangent=tensor([0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000]))\n"
        "tensor([3., 2., 1.], tangent=tensor([0.2500, 0.5000, 1.0000])) tensor([1., 2., 3.], tangent=tensor([1.0000, 0.5000, 0.2500])) tensor([0., 0., 1.], tangent=tensor([0.0000, 0.0000, 0.2500])) tensor([1., 2., 3.], dtype=torch.float16,\n"
        "       tangent=tensor([1.0000, 0.5000, 0.2500], dtype=torch.float16))\n"
        "(tensor(1., tangent=-0.75), tensor(2., tangent=0.5833333134651184)) torch.return_types.sort(\n"
        "values=tensor([3., 2., 1.], tangent=tensor([0.2500, 0.5000, 1.0000])),\n"
        "indices=tensor([2, 1, 0]))\n"
        "(tensor([0., 1., 2.], tangent=tensor([0.5000, 0.5000, 0.5000])), tensor([3., 4., 5.], tangent=tensor([0.5000, 0.5000, 0.5000]))) (tensor([1.], tangent=tensor([1.])), tensor([2.], tangent=tensor([0.5000])), tensor([3.], tangent=tensor([0.2500]))) tensor([[1., 0., 0.],\n"
        "        [0., 2., 0.],\n"
        "        [0., 0., 3.]],\n"
        "       tangent=tensor([[1.0000, 0.0000, 0.0000],\n"
        "        [0.0000, 0.5000, 0.0000],\n"
        "        [0.0000, 0.0000, 0.2500]]))\n"
        "tensor(14., tangent=5.5) tensor([[ 5., 14.],\n"
        "        [14., 50.]],\n"
        "       tangent=tensor([[ 3.0000,  7.5000],\n"
        "        [ 7.5000, 12.0000]]))\n"
        "tensor([[0.0900, 0.2447, 0.6652],\n"
        "        [0.0900, 0.2447, 0.6652]],\n"
        "       tangent=tensor([[0., 0., 0.],\n"
        "        [0., 0., 0.]])) tensor([[-2.4076, -1.4076, -0.4076],\n"
        "        [-2.4076, -1.4076, -0.4076]],\n"
        "       tangent=tensor([[0., 0., 0.],\n"
        "        [0., 0., 0.]])) tensor([2.4076, 5.4076], tangent=tensor([0.5000, 0.5000]))\n",
    ),
    "inplace_more": (
        "with fwAD.dual_level():\n"
        "    d = fwAD.make_dual(torch.tensor([1., 2., 3.]), torch.tensor([1., 0.5, 0.25]))\n"
        "    D = fwAD.make_dual(torch.arange(6.).reshape(2, 3), torch.ones(2, 3) * 0.5)\n"
        "    e = d.clone()\n"
        "    e += 1\n"
        "    e *= d\n"
        "    e.sqrt_()\n"
        "    e.clamp_(0, 3)\n"
        "    e[0] = 5\n"
        "    show(e)\n"
        "    x = torch.zeros(2, 3)\n"
        "    xt = x.t()\n"
        "    xt[0] = D[:, 0]\n"
        "    show(x, xt)\n"
        "    y = D.clone()\n"
        "    y.t().mul_(2)\n"
        "    show(y)\n"
        "    show(d.clone().masked_fill_(d > 2, 0.))\n",
        "tensor([5.0000, 2.4495, 3.0000], tangent=tensor([0.0000, 0.5103, 0.0000]))\n"
        "tensor([[0., 0., 0.],\n"
        "        [3., 0., 0.]],\n"
        "       tangent=tensor([[0.5000, 0.0000, 0.0000],\n"
        "        [0.5000, 0.0000, 0.0000]])) tensor([[0., 3.],\n"
        "        [0., 0.],\n"
        "        [0., 0.]],\n"
        "       tangent=tensor([[0.5000, 0.5000],\n"
        "        [0.0000, 0.0000],\n"
        "        [0.0000, 0.0000]]))\n"
        "tensor([[ 0.,  2.,  4.],\n"
        "        [ 6.,  8., 10.]], tangent=tensor([[1., 1., 1.],\n"
        "        [1., 1., 1.]]))\n"
        "tensor([1., 2., 0.], tangent=tensor([1.0000, 0.5000, 0.0000]))\n",
    ),
}


@pytest.mark.parametrize("key", sorted(SNIPPETS))
def test_snippet_prints_as_pytorch_does(key):
    code, expected = SNIPPETS[key]
    assert run_snippet(code, gradcli, fwAD) == expected


# -- the formula language, the runners, the engine outside a level --------------------------------

def _formula(source: str) -> str:
    from gradcli.lang import run_source
    out = io.StringIO()
    run_source(source, "t.grad", out=out)
    return out.getvalue()


@pytest.mark.parametrize("imports, name", [
    ("import torch.autograd.forward_ad as fwAD", "fwAD"),
    ("from torch.autograd import forward_ad as fwAD", "fwAD"),
    ("import torch.autograd.forward_ad", "torch.autograd.forward_ad"),
    ("import torch", "torch.autograd.forward_ad"),
])
def test_formulas_import_forward_ad_as_pytorch_programs_do(imports, name):
    source = (f"import torch\n{imports}\n"
              f"with {name}.dual_level() as level:\n"
              f"    d = {name}.make_dual(torch.tensor([1.0, 2.0]), torch.ones(2))\n"
              f"    print(level, d * d)\n"
              f"    print({name}.unpack_dual(d.sum()))\n"
              f"print({name}.unpack_dual(d).tangent)\n")
    assert _formula(source) == (
        "0 tensor([1., 4.], tangent=tensor([2., 4.]))\n"
        "UnpackedDualTensor(primal=tensor(3.), tangent=tensor(2.))\n"
        "None\n")


def test_a_formula_that_leaves_a_level_open_does_not_leave_it_to_the_next_run(tmp_path):
    from click.testing import CliRunner

    from gradcli.cli import main
    path = tmp_path / "open.grad"
    path.write_text("import torch\nimport torch.autograd.forward_ad as fwAD\n"
                    "fwAD.enter_dual_level()\nprint(fwAD.make_dual(torch.ones(1), "
                    "torch.ones(1)))\n")
    runner = CliRunner()
    for _ in range(2):                   # the second run would find the level still open
        result = runner.invoke(main, ["run", str(path)])
        assert result.exit_code == 0, result.output
        assert result.output == "tensor([1.], tangent=tensor([1.]))\n"
    assert not fwAD.ACTIVE[0]


def test_outside_a_level_ops_give_no_tangent_and_keep_nothing():
    x = gradcli.tensor(0.5, dtype=gradcli.float64, requires_grad=True)
    y = gradcli.sin(x) * 2.0 + x
    assert not fwAD.ACTIVE[0] and fwAD._duals == []
    assert not hasattr(y, "_fw") and fwAD.unpack_dual(y) == (y, None)


def test_a_long_level_forgets_the_tensors_that_are_gone():
    with fwAD.dual_level():
        x = fwAD.make_dual(gradcli.tensor([0.5, 1.0]), gradcli.ones(2))
        for _ in range(3000):
            x = x * 1.0
        assert len(fwAD._duals) < 4096 + 10
        assert fwAD.unpack_dual(x).tangent.tolist() == [1.0, 1.0]
