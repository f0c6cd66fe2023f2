"""torch.func as PyTorch 2.13 runs it: pytrees of parameters through grad,
functional_call, and the texts of argument errors; a failed transform leaves no state.

Expected outputs and error texts are what PyTorch 2.13 printed for the same programs."""
import io

from gradcli.lang import run_source


def run(source: str) -> str:
    out = io.StringIO()
    run_source("import torch\nfrom torch.func import grad, functional_call, vjp, jacrev\n"
               + source, "t.grad", out=out)
    return out.getvalue()


def test_grad_of_dicts_lists_and_tuples():
    out = run("def f(p): return (p['a'] * p['b'][0] + p['b'][1]).sum()\n"
              "print(grad(f)({'a': torch.tensor([1., 2.]), "
              "'b': [torch.tensor([3., 4.]), torch.tensor(5.)]}))\n"
              "print(grad(lambda ts: (ts[0] * ts[1]).sum())((torch.tensor([1., 2.]), "
              "torch.tensor([3., 4.]))))\n")
    assert out == ("{'a': tensor([3., 4.]), 'b': [tensor([1., 2.]), tensor(2.)]}\n"
                   "(tensor([3., 4.]), tensor([1., 2.]))\n")


def test_functional_call_and_its_gradient():
    out = run("m = torch.nn.Linear(2, 1)\n"
              "params = {'weight': torch.ones(1, 2), 'bias': torch.zeros(1)}\n"
              "print(functional_call(m, params, (torch.tensor([1., 2.]),)))\n"
              "def loss(p, x): return functional_call(m, p, (x,)).sum()\n"
              "print(grad(loss)(params, torch.tensor([1., 2.])))\n"
              "print(functional_call(m, ({'weight': torch.ones(1, 2)}, {'bias': torch.ones(1)}),"
              " torch.ones(2)))\nprint(m.weight.shape, type(m.weight).__name__)\n")
    assert out == ("tensor([3.])\n{'weight': tensor([[1., 2.]]), 'bias': tensor([1.])}\n"
                   "tensor([3.])\ntorch.Size([1, 2]) Parameter\n")


def test_functional_call_errors():
    out = run("m = torch.nn.Linear(2, 1)\n"
              "for d, kw in (({'weight': torch.ones(1, 2), 'foo': torch.ones(1)}, True),\n"
              "              ([{'weight': torch.ones(1, 2)}, {'weight': torch.ones(1, 2)}], "
              "False), (3, False)):\n"
              "    try:\n        functional_call(m, d, torch.ones(2), strict=kw)\n"
              "    except Exception as e:\n        print(type(e).__name__, e)\n")
    assert out == ("RuntimeError Error(s) in reparametrizing for Linear:\n"
                   "\tUnexpected key(s): 'foo'.\n\tMissing key(s): 'bias'.\n"
                   "ValueError ['weight'] appeared in multiple dictionaries; behavior of "
                   "functional call is ambiguous\n"
                   "ValueError Expected parameter_and_buffer_dicts to be a dict, or a "
                   "list/tuple of dicts, but got <class 'int'>\n")


def test_argument_error_texts():
    out = run("for call in (lambda: grad(lambda x: x.sum(), argnums=2)(torch.ones(2)),\n"
              "             lambda: grad(lambda x: x.sum(), has_aux=True)(torch.ones(2)),\n"
              "             lambda: vjp(lambda x: x, torch.ones(2), has_aux=True),\n"
              "             lambda: jacrev(lambda x: x, has_aux=True)(torch.ones(2))):\n"
              "    try:\n        call()\n    except RuntimeError as e:\n        print(e)\n")
    assert out == (
        "Got argnum=2, but only 1 positional inputs\n"
        "grad_and_value(f)(*args): output of function f should be a tuple: (output, aux) if "
        "has_aux is True\n"
        "vjp(f, *primals): output of function f should be a tuple: (output, aux) if has_aux "
        "is True\n"
        "vjp(f, *primals): output of function f should be a tuple: (output, aux) if has_aux "
        "is True\n")


def test_a_failed_transform_does_not_leave_the_next_one_nested():
    out = run("try:\n    grad(lambda x: (x ** 2).sum())(torch.tensor([1, 2]))\n"
              "except RuntimeError as e:\n    print(e)\n"
              "print(grad(grad(lambda x: x ** 3))(torch.tensor(2.)))\n")
    assert out == ("only Tensors of floating point dtype can require gradients\n"
                   "tensor(12.)\n")


def test_vmap_over_dicts_and_lists():
    out = run("from torch.func import vmap\n"
              "print(vmap(lambda d: d['a'] * 2)({'a': torch.ones(2, 3)}))\n"
              "print(vmap(lambda d: {'s': d[0] + d[1]})([torch.ones(2, 3), "
              "torch.arange(6.).reshape(2, 3)]))\n"
              "for bad in ([torch.ones(2), torch.ones(3)], [torch.ones(2), 3.0]):\n"
              "    try:\n        vmap(lambda d: d[0])(bad)\n"
              "    except ValueError as e:\n        print(e)\n"
              "try:\n    grad(lambda a: 'x')(torch.ones(2))\nexcept RuntimeError as e:\n"
              "    print(e)\n")
    assert out == (
        "tensor([[2., 2., 2.],\n        [2., 2., 2.]])\n"
        "{'s': tensor([[1., 2., 3.],\n        [4., 5., 6.]])}\n"
        "vmap: Expected all tensors to have the same size in the mapped dimension, got sizes "
        "[2, 3] for the mapped dimension\n"
        "vmap(<lambda>, in_dims=0, ...)(<inputs>): Got in_dim=0 for an input but the input is "
        "of type <class 'float'>. We cannot vmap over non-Tensor arguments, please use None "
        "as the respective in_dim\n"
        "grad_and_value(f)(*args): Expected f(*args) to return a Tensor, got <class 'str'>\n")


def test_transforms_check_arguments_and_cotangent_structure():
    out = run("try:\n    grad(lambda x: x.sum())(3.0)\nexcept ValueError as e:\n    print(e)\n"
              "out, fn = vjp(lambda x: (x, x * 2), torch.tensor([1., 2.]))\n"
              "print(fn((torch.ones(2), torch.ones(2))))\n"
              "try:\n    fn(torch.ones(2))\nexcept RuntimeError as e:\n    print(e)\n")
    assert out == ("Thing passed to transform API must be Tensor, got <class 'float'>\n"
                   "(tensor([3., 3.]),)\n"
                   "Expected pytree structure of cotangents to be the same as pytree structure "
                   "of outputs to the function. cotangents: *, primal output: (*, *)\n")
