"""autograd.grad / backward options and node hooks as PyTorch 2.13 checks them.

Expected outputs and error texts are what PyTorch 2.13 printed for the same programs."""
import io
import warnings

import pytest

import gradcli as torch
from gradcli.errors import TorchRuntimeError, TorchTypeError, TorchValueError
from gradcli.lang import run_source


def run(source: str) -> str:
    out = io.StringIO()
    run_source("import torch\n" + source, "t.grad", out=out)
    return out.getvalue()


def leaf():
    return torch.tensor([1., 2., 3.], requires_grad=True)


def test_materialize_grads_refuses_allow_unused_false():
    x, z = leaf(), torch.tensor(2., requires_grad=True)
    with pytest.raises(TorchValueError) as e:
        torch.autograd.grad((x * 3).sum(), [x, z], allow_unused=False, materialize_grads=True)
    assert str(e.value) == ("Expected allow_unused to be True or not passed when "
                            "materialize_grads=True, but got: allow_unused=False.")
    gx, gz = torch.autograd.grad((x * x).sum(), [x, z], create_graph=True,
                                 materialize_grads=True)
    assert gz.requires_grad and gz.item() == 0.0 and gx.grad_fn is not None


def test_dict_inputs_give_a_dict():
    out = run("x = torch.tensor([1., 2.], requires_grad=True)\n"
              "w = torch.tensor(3., requires_grad=True)\n"
              "print(torch.autograd.grad((x * w).sum(), {'x': x, 'w': w}))\n"
              "y = (x * w).sum()\ny.backward(inputs={'w': w})\nprint(x.grad, w.grad)\n")
    assert out == ("{'x': tensor([3., 3.]), 'w': tensor(3.)}\nNone tensor(3.)\n")


def test_batched_grad_outputs_of_the_wrong_shape():
    x = leaf()
    with pytest.raises(TorchRuntimeError) as e:
        torch.autograd.grad(x * 2, x, torch.eye(2), is_grads_batched=True)
    assert str(e.value) == (
        "If `is_grads_batched=True`, we interpret the first dimension of each grad_output as "
        "the batch dimension. The sizes of the remaining dimensions are expected to match the "
        "shape of corresponding output, but a mismatch was detected: grad_output[0] has a "
        "shape of torch.Size([]) and output[0] has a shape of torch.Size([3]). If you only "
        "want some tensors in `grad_output` to be considered batched, consider using vmap.")


def test_deprecated_arguments_warn_and_conflict():
    x = leaf()
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        torch.autograd.grad(x.sum(), x, only_inputs=False)
        torch.autograd.backward((x * 2).sum(), grad_variables=torch.tensor(1.))
    assert [(m.category, str(m.message)[:40]) for m in w] == [
        (FutureWarning, "only_inputs argument is deprecated and i"),
        (FutureWarning, "`grad_variables` is deprecated. Use `gra")]
    with pytest.raises(TorchRuntimeError) as e, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.autograd.backward(x.sum(), torch.tensor(1.), grad_variables=torch.tensor(1.))
    assert str(e.value) == ("`grad_tensors` and `grad_variables` (deprecated) arguments both "
                            "passed to `backward()`. Please only use `grad_tensors`.")


@pytest.mark.parametrize("hook, error, message", [
    ("y.grad_fn.register_hook(lambda gi, go: gi[0])", TorchTypeError,
     "expected tuple, but hook returned 'Tensor'"),
    ("y.grad_fn.register_hook(lambda gi, go: [gi[0] * 3])", TorchTypeError,
     "expected tuple, but hook returned 'list'"),
    ("y.grad_fn.register_prehook(lambda go: [go[0] * 3])", TorchTypeError,
     "expected tuple, but hook returned 'list'"),
    ("y.grad_fn.register_hook(lambda gi, go: 3)", TorchTypeError,
     "expected tuple, but hook returned 'int'"),
    ("y.grad_fn.register_prehook(lambda go: (5,))", TorchTypeError,
     "expected Variable, but hook returned 'int'"),
    ("y.grad_fn.register_prehook(lambda go: (torch.ones(3),))", TorchRuntimeError,
     "hook '<lambda>' has changed the size of value"),
    ("y.grad_fn.register_prehook(lambda go: go[0])", TorchTypeError,
     "expected tuple, but hook returned 'Tensor'"),
])
def test_node_hook_results_are_checked(hook, error, message):
    src = f"x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\n{hook}\n" \
          "try:\n    y.sum().backward()\nexcept Exception as e:\n    print(e)\n"
    assert run(src) == message + "\n"


def test_accumulate_grad_post_hook_gets_no_grad_inputs():
    out = run("x = torch.tensor([1., 2.], requires_grad=True)\n"
              "acc = (x*1).grad_fn.next_functions[0][0]\n"
              "acc.register_hook(lambda gi, go: print('acc post', gi, go))\n"
              "(x * 2).sum().backward()\nprint(x.grad)\n")
    assert out == "acc post () (tensor([2., 2.]),)\ntensor([2., 2.])\n"


def test_saved_constants_with_default_or_renamed_values():
    out = run("x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\n"
              "print((x + 3).grad_fn._saved_alpha, (x - x).grad_fn._saved_alpha)\n"
              "y = x.transpose(0, 1)\nprint(y.grad_fn._saved_dim0, y.grad_fn._saved_dim1)\n"
              "y3 = 2 ** x\nprint(y3.grad_fn._saved_self)\n")
    assert out == "1 1\n0 1\n2\n"


def test_grad_mode_managers_decorate_bare_and_print():
    out = run("x = torch.tensor([1., 2.], requires_grad=True)\n@torch.no_grad\n"
              "def g(a):\n    return a * 2\nprint(g(x).requires_grad)\n"
              "@torch.enable_grad\ndef h(a):\n    return a * 2\n"
              "with torch.no_grad():\n    print(h(x).requires_grad)\n"
              "print(torch.set_grad_enabled(True))\n")
    assert out == "False\nTrue\ntorch.autograd.grad_mode.set_grad_enabled(mode=True)\n"


def test_pack_hooks_run_with_grad_mode_off():
    out = run("a = torch.tensor([1., 2.], requires_grad=True)\n"
              "def pack(t):\n    print('pack', torch.is_grad_enabled())\n    return t * 1\n"
              "def unpack(t):\n    print('unpack', t)\n    return t\n"
              "with torch.autograd.graph.saved_tensors_hooks(pack, unpack):\n"
              "    y = (a * a).sum()\ny.backward()\nprint(a.grad)\n")
    assert out == ("pack False\npack False\nunpack tensor([1., 2.])\nunpack tensor([1., 2.])\n"
                   "tensor([2., 4.])\n")


@pytest.mark.parametrize("name", ["grad_fn", "is_leaf", "shape", "dtype", "T"])
def test_read_only_tensor_attributes(name):
    out = run("x = torch.ones(2, requires_grad=True) * 1\n"
              f"try:\n    x.{name} = None\nexcept AttributeError as e:\n    print(e)\n")
    assert out == f"attribute '{name}' of 'torch._C.TensorBase' objects is not writable\n"


def test_data_assignment_checks():
    out = run("x = torch.tensor([1., 2.], requires_grad=True)\n"
              "try:\n    x.data = torch.tensor([1, 2])\nexcept RuntimeError as e:\n    print(e)\n"
              "try:\n    x.data = None\nexcept TypeError as e:\n    print(e)\n")
    assert out == ("data set to a tensor that requires gradients must be floating point or "
                   "complex dtype\nVariable data has to be a tensor, but got NoneType\n")


def test_output_nr():
    out = run("x = torch.tensor([1., 2.], requires_grad=True)\ny, z = x.unbind()\n"
              "print(x.output_nr, y.output_nr, z.output_nr)\n"
              "a, b = torch.tensor([[1., 2.]], requires_grad=True).max(dim=1)\n"
              "print(a.output_nr, b.output_nr)\n")
    assert out == "0 0 1\n0 0\n"


def test_float_of_a_tensor_requiring_grad_warns_once():
    # once per process, as PyTorch (conftest resets errors.warn_once per test)
    x = torch.tensor([1., 2.], requires_grad=True)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        assert (int(x[1]), float(x[0]), float(x[1])) == (2, 1.0, 2.0)
    assert [str(m.message) for m in w] == [
        "Converting a tensor with requires_grad=True to a scalar may lead to unexpected "
        "behavior.\nConsider using tensor.detach() first. (Triggered internally at /__w/"
        "pytorch/pytorch/torch/csrc/autograd/generated/python_variable_methods.cpp:822.)"]


def test_backward_inputs_must_require_grad_and_grad_mode_module():
    out = run("x = torch.tensor([1., 2.], requires_grad=True)\ny = (x * 2).sum()\n"
              "try:\n    y.backward(inputs=[torch.ones(2)])\nexcept RuntimeError as e:\n"
              "    print(e)\nprint(torch.autograd.grad_mode.no_grad)\n")
    assert out == ("can't retain_grad on Tensor that has requires_grad=False\n"
                   "<class 'torch.autograd.grad_mode.no_grad'>\n")


def test_modified_saved_tensor_names_the_node_as_pytorch_shortens_it():
    out = run("for op in ('t_()', 'transpose_(0, 1)', 'mul_(2)'):\n"
              "    x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\n"
              "    w = x * 1\n    y = w @ w\n"
              "    if op == 't_()':\n        w.t_()\n"
              "    elif op == 'mul_(2)':\n        w.mul_(2)\n    else:\n        w.transpose_(0, 1)\n"
              "    try:\n        y.sum().backward()\n    except RuntimeError as e:\n"
              "        print(str(e).split('which is ')[1].split(',')[0])\n")
    assert out == "output 0 of T1\noutput 0 of Transpose1\noutput 0 of Mul\n"


def test_anomaly_managers_print_and_more_saved_constants():
    out = run("print(torch.autograd.set_detect_anomaly(False))\n"
              "print(torch.autograd.detect_anomaly())\n"
              "x = torch.tensor([1., 2.], requires_grad=True)\n"
              "print(x.repeat(2).grad_fn._saved_repeats)\n"
              "y = torch.nn.functional.mse_loss(x, torch.zeros(2))\n"
              "print(y.grad_fn._saved_reduction)\n"
              "y = torch.nn.functional.mse_loss(x, torch.zeros(2), reduction='sum')\n"
              "print(y.grad_fn._saved_reduction)\n")
    lines = out.splitlines()
    assert lines[0].startswith("<torch.autograd.anomaly_mode.set_detect_anomaly object at 0x")
    assert lines[1].startswith("<torch.autograd.anomaly_mode.detect_anomaly object at 0x")
    assert lines[2:] == ["(2,)", "1", "2"]


def test_retain_grad_follows_an_in_place_change():
    out = run("x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\ny.retain_grad()\n"
              "y.mul_(3)\ny.sum().backward()\nprint(y.grad, x.grad)\n")
    assert out == "tensor([1., 1.]) tensor([6., 6.])\n"


def test_inference_mode_false_turns_grad_mode_on_and_grad_input_types():
    out = run("with torch.no_grad():\n    with torch.inference_mode(False):\n"
              "        print(torch.is_grad_enabled(), torch.is_inference_mode_enabled())\n"
              "    print(torch.is_grad_enabled())\n"
              "x = torch.tensor([1., 2.], requires_grad=True)\n"
              "try:\n    torch.autograd.grad(x.sum(), [x, 3])\nexcept RuntimeError as e:\n"
              "    print(e)\n")
    assert out == ("True False\nFalse\n"
                   "all inputs have to be Tensors or GradientEdges, but got int\n")


def test_iterating_a_tensor_unbinds_it():
    out = run("x = torch.tensor([1., 2.], requires_grad=True)\nprint(max(x), min(x))\n"
              "y = torch.ones(2, requires_grad=True) * 1\n"
              "try:\n    for v in y:\n        v.add_(1)\nexcept RuntimeError as e:\n"
              "    print(str(e)[:41])\n")
    assert out == ("tensor(2., grad_fn=<UnbindBackward0>) tensor(1., grad_fn=<UnbindBackward0>)\n"
                   "Output 0 of Unbind is a view and is being\n")


def test_disabling_saved_tensor_hooks_inside_them_and_multi_hooks_under_grad():
    out = run("with torch.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):\n"
              "    try:\n        with torch.autograd.graph.disable_saved_tensors_hooks('nope'):\n"
              "            pass\n    except RuntimeError as e:\n        print(e)\n"
              "a = torch.tensor([1., 2.], requires_grad=True)\n"
              "b = torch.tensor([3., 4.], requires_grad=True)\n"
              "torch.autograd.graph.register_multi_grad_hook((a, b), lambda gs: print('all', gs))\n"
              "(a * b).sum().backward()\n"
              "try:\n    torch.autograd.grad((a * 2).sum(), a)\nexcept RuntimeError as e:\n"
              "    print(e)\n")
    assert out == ("nope\nall [tensor([3., 4.]), tensor([1., 2.])]\n"
                   "A leaf node was passed to _will_engine_execute_node but we are currently "
                   "running autograd.grad(). This is currently not supported.\n")


def test_calling_a_node_runs_its_backward():
    out = run("x = torch.tensor([1., 2.], requires_grad=True)\n"
              "print((x * 3).grad_fn(torch.ones(2)))\nprint(x.exp().grad_fn(torch.ones(2)))\n"
              "w = torch.tensor([3., 4.], requires_grad=True)\n"
              "print((x * w).grad_fn(torch.ones(2)))\ny = x.sum()\n"
              "print(y.grad_fn(torch.tensor(1.)))\n"
              "print(y.grad_fn.next_functions[0][0](torch.ones(2)), x.grad)\n")
    assert out == ("(tensor([3., 3.]), None)\ntensor([2.7183, 7.3891], grad_fn=<MulBackward0>)\n"
                   "(tensor([3., 4.], grad_fn=<MulBackward0>), tensor([1., 2.], "
                   "grad_fn=<MulBackward0>))\ntensor([1., 1.])\n() tensor([1., 1.])\n")
