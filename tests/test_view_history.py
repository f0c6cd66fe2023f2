"""A view reads its values from its base's current history after the base (or another view
of it) is changed in place, as PyTorch regenerates the view's grad_fn; and the view ops
unfold and unflatten. Expected outputs are PyTorch 2.13's."""
import io

import pytest

import gradcli as torch
from gradcli.lang import run_source


def run(source: str) -> str:
    out = io.StringIO()
    run_source("import torch\n" + source, "t.grad", out=out)
    return out.getvalue()


@pytest.mark.parametrize("source,expected", [
    ("a = torch.ones(4, requires_grad=True); x = a.clone(); v = x[1:3]; x.mul_(3)\n"
     "print(v); v.sum().backward(); print(a.grad)",
     "tensor([3., 3.], grad_fn=<AsStridedBackward0>)\ntensor([0., 3., 3., 0.])\n"),
    ("a = torch.ones(4, requires_grad=True); x = a.clone(); v = x[1:3]; x.mul_(3); x.add_(1)\n"
     "print(v.grad_fn.next_functions[0][0] is x.grad_fn); v.sum().backward(); print(a.grad)",
     "True\ntensor([0., 3., 3., 0.])\n"),
    ("a = torch.ones(4, requires_grad=True); x = a.clone(); v = x[:2]; w = v[:1]; w.zero_()\n"
     "print(w.grad_fn.name(), v.grad_fn.name(), x.grad_fn.name())",
     "AsStridedBackward0 AsStridedBackward0 torch::autograd::CopySlices\n"),
    ("a = torch.tensor([1., 2., 3., 4.], requires_grad=True); x = a * 1; v = x.view(2, 2)\n"
     "x[0] = 10; print(v); (v * v).sum().backward(); print(a.grad)",
     "tensor([[10.,  2.],\n        [ 3.,  4.]], grad_fn=<AsStridedBackward0>)\n"
     "tensor([0., 4., 6., 8.])\n"),
    ("a = torch.tensor([1., 2., 3., 4.], requires_grad=True); x = a * 1; v = x[:2]; x.exp_()\n"
     "g, = torch.autograd.grad(v.sum(), a, create_graph=True); print(g)\n"
     "print(torch.autograd.grad(g.sum(), a))",
     "tensor([2.7183, 7.3891, 0.0000, 0.0000], grad_fn=<MulBackward0>)\n"
     "(tensor([2.7183, 7.3891, 0.0000, 0.0000]),)\n"),
    ("x = torch.zeros(4); v = x[:2]; a = torch.ones(4, requires_grad=True); x.copy_(a)\n"
     "print(v, x.grad_fn.name())",
     "tensor([1., 1.], grad_fn=<AsStridedBackward0>) torch::autograd::CopyBackwards\n"),
    ("a = torch.ones(2, 3, requires_grad=True); x = a.clone(); v = x.t(); x.mul_(2)\n"
     "v.sum().backward(); print(a.grad)",
     "tensor([[2., 2., 2.],\n        [2., 2., 2.]])\n"),
    ("a = torch.ones(4, requires_grad=True); x = a.clone(); vs = [x[i] for i in range(4)]\n"
     "x.mul_(2); print([t.grad_fn.name() for t in vs]); sum(vs).backward(); print(a.grad)",
     "['AsStridedBackward0', 'AsStridedBackward0', 'AsStridedBackward0', "
     "'AsStridedBackward0']\ntensor([2., 2., 2., 2.])\n"),
])
def test_views_follow_their_base_after_an_in_place_change(source, expected):
    assert run(source) == expected


def test_unfold():
    x = torch.arange(7.0, requires_grad=True)
    u = x.unfold(0, 3, 2)
    assert str(u) == ("tensor([[0., 1., 2.],\n        [2., 3., 4.],\n        [4., 5., 6.]], "
                      "grad_fn=<UnfoldBackward0>)")
    assert (u.is_contiguous(), u.stride(), u._base is x) == (False, (2, 1), True)
    u.sum().backward()
    assert x.grad.tolist() == [1, 1, 2, 1, 2, 1, 1]
    g, = torch.autograd.grad((x.unfold(0, 3, 1) ** 2).sum(), x, create_graph=True)
    assert str(g) == "tensor([ 0.,  4., 12., 18., 24., 20., 12.], " \
                     "grad_fn=<UnfoldBackwardBackward0>)"
    assert torch.ones(2, 5).unfold(1, 2, 2).shape == (2, 2, 2)
    assert str(torch.tensor(3.0).unfold(0, 1, 1)) == "tensor([3.])"


@pytest.mark.parametrize("call,message", [
    (lambda: torch.ones(4).unfold(0, 5, 1), "maximum size for tensor at dimension 0 is 4 but "
                                            "size is 5"),
    (lambda: torch.ones(4).unfold(0, 2, 0), "step is 0 but must be > 0"),
    (lambda: torch.ones(4).unfold(0, -1, 1), "size is -1 but must be >= 0"),
    (lambda: torch.ones(6).unflatten(0, (4, 2)), "unflatten: Provided sizes [4, 2] don't "
                                                 "multiply up to the size of dim 0 (6) in the "
                                                 "input tensor"),
    (lambda: torch.ones(6).unflatten(0, ()), "unflatten: sizes must be non-empty"),
])
def test_refusals(call, message):
    with pytest.raises(RuntimeError) as err:
        call()
    assert str(err.value) == message


def test_unflatten():
    x = torch.arange(6.0, requires_grad=True)
    y = x.unflatten(0, (2, 3))
    assert y.tolist() == [[0, 1, 2], [3, 4, 5]] and y.grad_fn.name() == "ViewBackward0"
    assert torch.arange(6.0).unflatten(0, (-1, 2)).shape == (3, 2)
    assert torch.unflatten(torch.ones(2, 6), 1, (3, 2)).shape == (2, 3, 2)


def test_as_strided():
    x = torch.arange(6.0, requires_grad=True)
    y = x.as_strided((2, 2), (1, 2))
    assert str(y) == "tensor([[0., 2.],\n        [1., 3.]], grad_fn=<AsStridedBackward0>)"
    assert (y._base is x, y.stride(), y.storage_offset()) == (True, (1, 2), 0)
    y.sum().backward()
    assert x.grad.tolist() == [1, 1, 1, 1, 0, 0]
    assert x.as_strided((2,), (3,), 1).tolist() == [1.0, 4.0]
    assert torch.as_strided(x, (3,), (2,)).tolist() == [0.0, 2.0, 4.0]
    assert x[2:].as_strided((2,), (1,)).tolist() == [2.0, 3.0]      # from its own offset
    g, = torch.autograd.grad((x.as_strided((2, 2), (1, 1)) ** 2).sum(), x, create_graph=True)
    assert g.tolist() == [0, 4, 4, 0, 0, 0]
    with pytest.raises(RuntimeError, match=r"^setStorage: sizes \[4\], strides \[2\], storage "
                                           r"offset 0, and itemsize 4 requiring a storage size "
                                           r"of 28 are out of bounds for storage of size 24$"):
        x.as_strided((4,), (2,))
    with pytest.raises(RuntimeError, match="^as_strided: Negative strides are not supported"):
        x.as_strided((2,), (-1,))


def test_views_made_under_no_grad_keep_requires_grad_without_history():
    """PyTorch 2.13: a view of a tensor that requires grad made under no_grad (or
    inference_mode) requires grad, has no grad_fn and is a leaf; modifying it in place with
    grad mode on is refused."""
    import io
    from gradcli.lang import run_source
    out = io.StringIO()
    run_source("import torch\nx = torch.tensor([1., 2., 3.], requires_grad=True)\n"
               "with torch.no_grad():\n    print(x[0], x[:2], x * 1)\n    v = x[:2]\n"
               "    a = x.unbind()[0]\nprint(v.is_leaf, v.requires_grad, v.grad_fn, "
               "a.requires_grad)\ny = x * 1\nwith torch.no_grad():\n    w = y[:2]\n"
               "try:\n    w.mul_(2)\nexcept RuntimeError as err:\n    print(str(err)[:57])\n"
               "with torch.no_grad():\n    v.mul_(2)\nprint(x)\n", "t.grad", out=out)
    assert out.getvalue() == (
        "tensor(1., requires_grad=True) tensor([1., 2.], requires_grad=True) "
        "tensor([1., 2., 3.])\nTrue True None True\n"
        "A view was created in no_grad mode and is being modified \n"
        "tensor([2., 4., 3.], requires_grad=True)\n")


def test_gradients_stop_at_a_view_made_under_no_grad():
    """PyTorch 2.13: such a view has no gradient accumulator (its edges are None)."""
    import io
    from gradcli.lang import run_source
    out = io.StringIO()
    run_source("import torch\nx = torch.tensor([1., 2., 3.], requires_grad=True)\n"
               "with torch.no_grad():\n    v = x[:2]\n"
               "v.register_hook(lambda g: print('hook', g))\ny = v * 2\n"
               "print(y.grad_fn.next_functions)\ny.sum().backward()\nprint(x.grad, v.grad)\n"
               "print(torch.autograd.grad((v * 2).sum(), v, allow_unused=True))\n"
               "w = torch.ones(4)[:2]\nw.requires_grad_()\n(w * 2).sum().backward()\n"
               "print(w.grad)\n", "t.grad", out=out)
    assert out.getvalue() == ("((None, 0), (None, 0))\nNone None\n(None,)\n"
                              "tensor([2., 2.])\n")
