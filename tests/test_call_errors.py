"""A call whose arguments PyTorch refuses gets PyTorch's TypeError and words.

PyTorch's C++ argument parser words a bad call its own way (`dot() missing 1 required
positional arguments: "tensor"`, `TensorBase.exp() takes no arguments (1 given)`, "received
an invalid combination of arguments"); its Python functions (torch.norm, Tensor.backward)
keep Python's. The expected texts are the first line PyTorch 2.13 printed for the same call
(tests/test_parity_engine.py runs more of them live when PyTorch is installed)."""
from __future__ import annotations

import io

import pytest

from gradcli.errors import GradcliError
from gradcli.lang import run_source

CASES = {
    "torch.dot(x)": 'dot() missing 1 required positional arguments: "tensor"',
    "torch.dot()": 'dot() missing 2 required positional argument: "input", "tensor"',
    "x.dot()": 'dot() missing 1 required positional arguments: "tensor"',
    "x.exp(1)": "TensorBase.exp() takes no arguments (1 given)",
    "torch.exp(x, x)": "exp() takes 1 positional argument but 2 were given",
    "x.sin(foo=1)": "TensorBase.sin() takes no keyword arguments",
    "torch.sin(x, foo=1)": "sin() got an unexpected keyword argument 'foo'",
    "x.requires_grad_(1, 2)":
        "requires_grad_() takes from 0 to 1 positional arguments but 2 were given",
    "x.backward(1, 2, 3, 4, 5)":
        "Tensor.backward() takes from 1 to 5 positional arguments but 6 were given",
    "torch.norm()": "norm() missing 1 required positional argument: 'input'",
    "len(1, 2)": "len() takes exactly one argument (2 given)",
    "torch.tensor()": 'tensor() missing 1 required positional arguments: "data"',
    "torch.pow(x)": "pow() received an invalid combination of arguments - got (Tensor), "
                    "but expected one of:\n"
                    " * (Tensor input, Tensor exponent, *, Tensor out = None)\n"
                    " * (Number self, Tensor exponent, *, Tensor out = None)\n"
                    " * (Tensor input, Number exponent, *, Tensor out = None)",
    "x.sum(foo=1)": "sum() received an invalid combination of arguments - got (foo=int, ), "
                    "but expected one of:\n"
                    " * (*, torch.dtype dtype = None)\n"
                    " * (tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)",
    "torch.add(x, 'a')": "add(): argument 'other' (position 2) must be Tensor, not str",
    "x.mul(None)": "mul(): argument 'other' (position 1) must be Tensor, not NoneType",
    "torch.add(x, [1, 2, 3])": "add(): argument 'other' (position 2) must be Tensor, not list",
    "torch.eq(x, 'a')": "eq() received an invalid combination of arguments - got (Tensor, "
                        "str), but expected one of:\n"
                        " * (Tensor input, Tensor other, *, Tensor out = None)\n"
                        " * (Tensor input, Number other, *, Tensor out = None)",
    "torch.matmul(x, 2)": "matmul(): argument 'other' (position 2) must be Tensor, not int",
    "torch.ones('a')": "ones(): argument 'size' (position 1) must be tuple of ints, not str",
    "torch.zeros(2, 1.5)": "zeros(): argument 'size' failed to unpack the object at pos 2 "
                           'with error "type must be tuple of ints,but got float"',
    "torch.ones(2, dtype='float32')": "ones(): argument 'dtype' must be torch.dtype, not str",
    "torch.tensor([1.0], dtype='a')": "tensor(): argument 'dtype' must be torch.dtype, not str",
    "torch.full((2,), 'a')": "full(): argument 'fill_value' (position 2) must be Number, not "
                             "str",
    "x.view(2, 'a')": "view(): argument 'size' failed to unpack the object at pos 2 with "
                      'error "type must be tuple of ints,but got str"',
    "x.reshape('a')": "reshape(): argument 'shape' (position 1) must be tuple of ints, not "
                      "str",
    "torch.cat(x)": "cat(): argument 'tensors' (position 1) must be tuple of Tensors, not "
                    "Tensor",
    "torch.stack(x)": "stack(): argument 'tensors' (position 1) must be tuple of Tensors, "
                      "not Tensor",
    "torch.cat([x, 1])": "expected Tensor as element 1 in argument 0, but got int",
    "torch.ones(2, 2).permute()": 'permute() missing 1 required positional arguments: "dims"',
    "x.expand(2, 1.5)": "expand(): argument 'size' failed to unpack the object at pos 2 with "
                        'error "type must be tuple of ints,but got float"',
    "x.repeat('a')": "repeat(): argument 'repeats' (position 1) must be tuple of ints, not str",
    "x.new_zeros('a')": "new_zeros(): argument 'size' (position 1) must be tuple of ints, not "
                        "str",
    "torch.nn.functional.layer_norm(x, 3)": "layer_norm(): argument 'normalized_shape' "
                                            "(position 2) must be tuple of ints, not int",
    # a dim of the wrong type, found inside the op, named by the call's signature
    "torch.softmax(x, 'a')": "softmax(): argument 'dim' (position 2) must be int, not str",
    "x.unsqueeze(1.5)": "unsqueeze(): argument 'dim' (position 1) must be int, not float",
    "x.softmax(True)": "softmax(): argument 'dim' (position 1) must be int, not bool",
    "torch.cumsum(x, dim=1.5)": "cumsum(): argument 'dim' must be int, not float",
    "x.argmax('a')": "argmax(): argument 'dim' (position 1) must be int, not str",
    "torch.stack([x, x], 'a')": "stack(): argument 'dim' (position 2) must be int, not str",
    "torch.sum(x, 'a')": "sum() received an invalid combination of arguments - got (Tensor, "
                         "str), but expected one of:\n"
                         " * (Tensor input, *, torch.dtype dtype = None)\n"
                         " * (Tensor input, tuple of ints dim, bool keepdim = False, *, "
                         "torch.dtype dtype = None, Tensor out = None)",
    "x.sum(dim=True)": "sum() received an invalid combination of arguments - got (dim=bool, "
                       "), but expected one of:\n"
                       " * (*, torch.dtype dtype = None)\n"
                       " * (tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)",
    "x.flip('a')": "flip(): argument 'dims' (position 1) must be tuple of ints, not str",
    # torch's C++ signature where nn.functional's Python one differs
    "torch.softmax(x)": 'softmax() missing 1 required positional arguments: "dim"',
    "x.log_softmax()": 'log_softmax() missing 1 required positional arguments: "dim"',
    "torch.relu(x, True)": "relu() takes 1 positional argument but 2 were given",
    "torch.relu(x, inplace=True)": "relu() got an unexpected keyword argument 'inplace'",
    "x.relu(True)": "TensorBase.relu() takes no arguments (1 given)",
    "torch.selu(x, True)": "selu() takes 1 positional argument but 2 were given",
}


def caught(call: str) -> str:
    out = io.StringIO()
    run_source("import torch\nx = torch.ones(3, requires_grad=True)\ntry:\n    " + call +
               "\nexcept TypeError as e:\n    print(e)\n", "t.grad", out=out)
    return out.getvalue().strip()


@pytest.mark.parametrize("call", CASES)
def test_bad_calls_raise_pytorchs_type_error(call):
    assert caught(call) == CASES[call]


def test_an_uncaught_bad_call_points_at_the_call():
    with pytest.raises(GradcliError) as info:
        run_source("import torch\nx = torch.ones(3)\ny = torch.dot(x)\n", "t.grad",
                   out=io.StringIO())
    err = info.value
    assert err.message == 'TypeError: dot() missing 1 required positional arguments: "tensor"'
    assert (err.position.line, err.position.column) == (3, 11)


def test_operators_still_defer_to_the_other_operand():
    out = io.StringIO()
    run_source("import torch\nx = torch.ones(2)\ntry:\n    x + 'a'\nexcept TypeError as e:\n"
               "    print(e)\nprint(torch.ones(2).sum(0))\nprint(torch.ones(2, True).shape)\n",
               "t.grad", out=out)
    assert out.getvalue().splitlines() == [
        "unsupported operand type(s) for +: 'Tensor' and 'str'", "tensor(2.)",
        "torch.Size([2, 1])"]


def test_user_functions_keep_pythons_words():
    out = io.StringIO()
    run_source("def f(a, b):\n    return a\ntry:\n    f(1)\nexcept TypeError as e:\n"
               "    print(e)\n", "t.grad", out=out)
    assert out.getvalue().strip() == "f() missing 1 required positional argument: 'b'"


def test_a_0d_integer_tensor_is_a_dim():
    out = io.StringIO()
    run_source("import torch\nx = torch.ones(2, 3)\nprint(x.sum(torch.tensor(1)))\n", "t.grad",
               out=out)
    assert out.getvalue() == "tensor([3., 3.])\n"


def test_detaching_a_view_in_place_has_pytorchs_whole_message():
    out = io.StringIO()
    run_source("import torch\nx = torch.ones(2, 3, requires_grad=True)\ntry:\n"
               "    x[0].detach_()\nexcept RuntimeError as e:\n    print(e)\n", "t.grad", out=out)
    assert out.getvalue().startswith("Can't detach views in-place. Use detach() instead. If you "
                                     "are using DistributedDataParallel (DDP)")
    assert out.getvalue().rstrip().endswith("torch/optim/optimizer.py as the solution.")


def test_nn_functional_keeps_its_python_signature():
    out = io.StringIO()
    run_source("import torch\nimport torch.nn.functional as F\nx = torch.tensor([-1.0, 2.0])\n"
               "print(F.relu(x, True), x)\nprint(torch.softmax(x, 0), x.softmax(dim=-1))\n"
               "print(torch.special.softmax(x, 0), torch.threshold(x, 0.5, 3.0))\n", "t.grad",
               out=out)
    assert out.getvalue().splitlines() == [
        "tensor([0., 2.]) tensor([0., 2.])",
        "tensor([0.1192, 0.8808]) tensor([0.1192, 0.8808])",
        "tensor([0.1192, 0.8808]) tensor([3., 2.])"]


def test_formulas_read_a_views_base():
    out = io.StringIO()
    run_source("import torch\nx = torch.ones(2, 2, requires_grad=True)\n"
               "print(x._base, x.t()._base is x, x[0]._base is x, x.view(4)[1:]._base is x,"
               " (x * 2)._base, x.detach()._base)\n", "t.grad", out=out)
    assert out.getvalue() == "None True True True None None\n"
    with pytest.raises(GradcliError):
        run_source("import torch\nx = torch.ones(2)\nx._base = x\n", "t.grad", out=io.StringIO())


def test_a_saved_python_number_is_pytorchs_wrapped_number():
    out = io.StringIO()
    run_source("import torch\nx = torch.tensor([1.0, 2.0], requires_grad=True)\n"
               "print((x * 2).grad_fn._saved_other, (x * 2.5).grad_fn._saved_other)\n"
               "print((3 * x).grad_fn._saved_other, (x * x).grad_fn._saved_other)\n", "t.grad",
               out=out)
    assert out.getvalue().splitlines() == [
        "tensor(2) tensor(2.5000, dtype=torch.float64)",
        "tensor(3) tensor([1., 2.], requires_grad=True)"]


def test_type_of_a_value_prints_as_in_pytorch():
    out = io.StringIO()
    run_source("import torch\nx = torch.ones(2, requires_grad=True)\ny = x.sum()\n"
               "print(type(x), type(x) is torch.Tensor, type(x.shape), type(x.dtype), type(2.5))\n"
               "print(type(y.grad_fn), type(y.grad_fn.next_functions[0][0]), torch.no_grad)\n"
               "print(str(type(x)), repr(type(1)), torch.autograd.Function)\n", "t.grad", out=out)
    assert out.getvalue().splitlines() == [
        "<class 'torch.Tensor'> True <class 'torch.Size'> <class 'torch.dtype'> <class 'float'>",
        "<class 'SumBackward0'> <class 'AccumulateGrad'> "
        "<class 'torch.autograd.grad_mode.no_grad'>",
        "<class 'torch.Tensor'> <class 'int'> <class 'torch.autograd.function.Function'>"]


@pytest.mark.parametrize("source,error,message", [
    ("x.requires_grad = 1", RuntimeError, "requires_grad must be a bool"),
    ("x.requires_grad_(None)", TypeError, "requires_grad_(): argument 'requires_grad' "
                                          "(position 1) must be bool, not NoneType"),
    ("torch.ones(2, requires_grad='yes')", TypeError, "ones(): argument 'requires_grad' must "
                                                      "be bool, not str"),
    ("torch.tensor(1., requires_grad=None)", TypeError, "tensor(): argument 'requires_grad' "
                                                        "must be bool, not NoneType"),
    ("torch.rand(2, requires_grad='a')", TypeError,
     "rand() received an invalid combination of arguments - got (int, requires_grad=str), "
     "but expected one of:"),
    ("float(x)", ValueError, "only one element tensors can be converted to Python scalars"),
    ("int(x)", ValueError, "only one element tensors can be converted to Python scalars"),
])
def test_requires_grad_flags_and_scalar_conversions(source, error, message):
    """PyTorch 2.13's words; `torch.full(..., requires_grad=None)` is accepted, as there."""
    import gradcli
    names = {"torch": gradcli, "x": gradcli.ones(2, requires_grad=True)}
    with pytest.raises(error) as err:
        exec(source, names)
    assert str(err.value).splitlines()[0] == message
    assert not gradcli.full((2,), 1.0, requires_grad=None).requires_grad
