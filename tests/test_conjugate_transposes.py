"""`H`, `mH`, `mT`, `adjoint` and the complex-number methods on real tensors (conj, real,
imag, angle, is_complex ...), with PyTorch 2.13's results, warnings and errors."""
import warnings

import pytest

import gradcli as torch
from gradcli.errors import TorchRuntimeError, reset_once_warnings


def test_conjugate_transposes_are_transposes_of_real_matrices():
    x = torch.ones(2, 3, requires_grad=True)
    for t in (x.H, x.mH, x.adjoint(), torch.adjoint(x), x.mT):
        assert type(t.grad_fn).__name__ == "TransposeBackward0" and t.shape == (3, 2)
    b = torch.arange(24.0).reshape(2, 3, 4).requires_grad_()
    assert b.mH.shape == (2, 4, 3) and b.adjoint().shape == (2, 4, 3)
    b.mH.sum().backward()
    assert b.grad.tolist() == torch.ones(2, 3, 4).tolist()


@pytest.mark.parametrize("expr,message", [
    ("b.H", "tensor.H is only supported on matrices (2-D tensors). Got 3-D tensor. For "
            "batches of matrices, consider using tensor.mH"),
    ("v.H", "tensor.H is only supported on matrices (2-D tensors). Got 1-D tensor."),
    ("v.mH", "tensor.mH is only supported on matrices or batches of matrices. Got 1-D tensor."),
    ("v.mT", "tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor."),
    ("v.adjoint()", "tensor.adjoint() is only supported on matrices or batches of matrices. "
                    "Got 1-D tensor."),
    ("v.imag", "imag is not implemented for tensors with non-complex dtypes."),
])
def test_refusals(expr, message):
    names = {"b": torch.ones(2, 3, 4), "v": torch.ones(3)}
    with pytest.raises(TorchRuntimeError) as err:
        eval(expr, names)
    assert str(err.value) == message


@pytest.mark.parametrize("attr,warning", [
    ("H", "Tensor.H is deprecated on 0-D tensors. Consider using x.conj()."),
    ("mH", "Tensor.mH is deprecated on 0-D tensors. Consider using x.conj()."),
    ("mT", "Tensor.mT is deprecated on 0-D tensors. This function is the identity in these "
           "cases."),
])
def test_a_scalar_is_its_own_transpose_with_a_warning(attr, warning):
    s = torch.tensor(2.0, requires_grad=True)
    reset_once_warnings()           # (a warning PyTorch gives once per process)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        assert getattr(s, attr) is s
    assert str(seen[0].message).startswith(warning + " (Triggered internally at ")


def test_real_tensors_are_their_own_conjugate_and_real_part():
    x = torch.tensor([-1.0, 2.0], requires_grad=True)
    for same in (x.conj(), torch.conj(x), x.resolve_conj(), x.resolve_neg(), x.real,
                 torch.real(x), x.conj_physical()):
        assert same is x
    assert (x.is_complex(), torch.is_complex(x), x.is_conj(), x.is_neg()) == (False,) * 4


def test_angle_of_reals_and_its_zero_gradient():
    a = torch.angle(torch.tensor([-1.0, 0.0, -0.0, 2.0, float("nan")]))
    assert str(a) == "tensor([3.1416, 0.0000, 0.0000, 0.0000,    nan])"
    assert str(torch.ones(2, dtype=torch.int64).angle()) == "tensor([0., 0.])"
    x = torch.tensor([-1.0, 2.0], requires_grad=True)
    y = x.angle()
    assert str(y) == "tensor([3.1416, 0.0000], grad_fn=<AngleBackward0>)"
    g, = torch.autograd.grad(y.sum(), x, create_graph=True)
    assert str(g) == "tensor([0., 0.])"
