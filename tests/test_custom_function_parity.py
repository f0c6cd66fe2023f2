"""Custom autograd.Function as PyTorch 2.13 runs it: the gradients a backward may return,
save_for_backward's check, the setup_context style, a user jvp under forward AD, and
instantiating a Function.

Expected outputs and error texts are what PyTorch 2.13 printed for the same programs."""
import io

from gradcli.lang import run_source


def run(source: str) -> str:
    out = io.StringIO()
    run_source("import torch\n" + source, "t.grad", out=out)
    return out.getvalue()


def one(forward: str, backward: str, call: str = "F.apply(x).sum().backward()") -> str:
    return run("class F(torch.autograd.Function):\n    @staticmethod\n"
               f"    def forward(ctx, x):\n        {forward}\n"
               f"    @staticmethod\n    def backward(ctx, g):\n        {backward}\n"
               "x = torch.tensor([1., 2.], requires_grad=True)\n"
               f"try:\n    {call}\n    print(x.grad)\nexcept Exception as e:\n"
               "    print(type(e).__name__, e)\n")


def test_backward_results_are_checked():
    assert one("return x * 2", "return 5") == "RuntimeError expected Variable or None (got int)\n"
    assert one("return x * 2", "return g, None, None") == "tensor([1., 1.])\n"
    assert one("return x * 2", "return g, g") == (
        "RuntimeError function FBackward returned an incorrect number of gradients "
        "(expected 1, got 2)\n")


def test_a_gradient_for_a_number_input_is_refused():
    out = run("class F(torch.autograd.Function):\n    @staticmethod\n"
              "    def forward(ctx, x, k):\n        return x * k\n    @staticmethod\n"
              "    def backward(ctx, g):\n        return g, g\n"
              "x = torch.tensor([1., 2.], requires_grad=True)\n"
              "try:\n    F.apply(x, 3).sum().backward()\nexcept Exception as e:\n"
              "    print(type(e).__name__, e)\n")
    assert out == ("RuntimeError function FBackward returned a gradient different than None at "
                   "position 2, but the corresponding forward input was not a Variable\n")


def test_save_for_backward_takes_tensors_only():
    assert one("ctx.save_for_backward(x, 3)\n        return x * 2", "return g") == (
        "TypeError save_for_backward can only save variables, but argument 1 is of type int\n")


def test_setup_context_style():
    out = run("class F(torch.autograd.Function):\n    @staticmethod\n"
              "    def forward(x, k):\n        return x * k\n    @staticmethod\n"
              "    def setup_context(ctx, inputs, output):\n        x, k = inputs\n"
              "        ctx.k = k\n        ctx.save_for_backward(x)\n    @staticmethod\n"
              "    def backward(ctx, g):\n        return g * ctx.k, None\n"
              "x = torch.tensor([1., 2.], requires_grad=True)\ny = F.apply(x, 4.0)\n"
              "print(y)\ny.sum().backward(); print(x.grad)\n")
    assert out == "tensor([4., 8.], grad_fn=<FBackward>)\ntensor([4., 4.])\n"


def test_user_jvp_under_forward_ad():
    out = run("import torch.autograd.forward_ad as fwAD\n"
              "class F(torch.autograd.Function):\n    @staticmethod\n"
              "    def forward(ctx, x):\n        ctx.save_for_forward(x)\n        return x.exp()\n"
              "    @staticmethod\n    def backward(ctx, g):\n        return g\n"
              "    @staticmethod\n    def jvp(ctx, t):\n        x, = ctx.saved_tensors\n"
              "        return t * 10 + x\n"
              "with fwAD.dual_level():\n"
              "    d = fwAD.make_dual(torch.tensor([1., 2.]), torch.ones(2))\n"
              "    out = F.apply(d)\n    print(fwAD.unpack_dual(out))\n")
    assert out == ("UnpackedDualTensor(primal=tensor([2.7183, 7.3891]), "
                   "tangent=tensor([11., 12.]))\n")


def test_apply_names_the_script_class_and_an_instance_cannot_be_called():
    out = run("class F(torch.autograd.Function):\n    @staticmethod\n"
              "    def forward(ctx, x):\n        return x * 2\n    @staticmethod\n"
              "    def backward(ctx, g):\n        return g\nprint(F.apply)\nf = F()\n"
              "try:\n    f(torch.ones(2))\nexcept RuntimeError as e:\n    print(e)\n")
    assert out == ("<bound method Function.apply of <class '__main__.F'>>\n"
                   "Legacy autograd function with non-static forward method is deprecated. "
                   "Please use new-style autograd function with static forward method. "
                   "(Example: https://pytorch.org/docs/stable/autograd.html"
                   "#torch.autograd.Function)\n")


def test_gradcheck_shows_float32_jacobians_without_dtype():
    out = run("x = torch.tensor([1., 2.], requires_grad=True)\n"
              "try:\n    torch.autograd.gradcheck(torch.sin, (x,))\nexcept Exception as e:\n"
              "    print(e)\n")
    assert out == ("Jacobian mismatch for output 0 with respect to input 0,\n"
                   "numerical:tensor([[ 0.5364,  0.0000],\n        [ 0.0000, -0.3874]])\n"
                   "analytical:tensor([[ 0.5403,  0.0000],\n        [-0.0000, -0.4161]])\n\n")


def test_gradgradcheck_draws_grad_outputs_from_the_global_generator():
    out = run("torch.manual_seed(0)\nx = torch.tensor([1., 2.], dtype=torch.float64, "
              "requires_grad=True)\nclass Bad(torch.autograd.Function):\n"
              "    @staticmethod\n    def forward(ctx, a):\n        ctx.save_for_backward(a)\n"
              "        return a ** 2\n    @staticmethod\n    def backward(ctx, g):\n"
              "        a, = ctx.saved_tensors\n        return g * 2 * a.detach()\n"
              "try:\n    torch.autograd.gradgradcheck(Bad.apply, (x,))\n"
              "except Exception as e:\n    print(e)\nprint(torch.rand(2))\n")
    assert out == ("Jacobian mismatch for output 0 with respect to input 0,\n"
                   "numerical:tensor([[1.8802, 0.0000],\n        [0.0000, 0.8313]], "
                   "dtype=torch.float64)\nanalytical:tensor([[0., 0.],\n        [0., 0.]], "
                   "dtype=torch.float64)\n\ntensor([0.3074, 0.6341])\n")


def test_a_saved_output_changed_in_place_is_named_after_the_function():
    out = run("class F(torch.autograd.Function):\n    @staticmethod\n"
              "    def forward(ctx, x):\n        out = x * 2\n        ctx.save_for_backward(out)\n"
              "        return out\n    @staticmethod\n    def backward(ctx, g):\n"
              "        out, = ctx.saved_tensors\n        return g * 2\n"
              "x = torch.tensor([1., 2.], requires_grad=True)\ny = F.apply(x)\ny.add_(1)\n"
              "try:\n    y.sum().backward()\nexcept RuntimeError as e:\n"
              "    print(str(e).split(', is at')[0])\n")
    assert out == ("one of the variables needed for gradient computation has been modified by "
                   "an inplace operation: [torch.FloatTensor [2]], which is output 0 of F\n")


def test_an_input_returned_non_differentiable_does_not_require_grad():
    out = run("class F(torch.autograd.Function):\n    @staticmethod\n"
              "    def forward(ctx, x):\n        ctx.mark_non_differentiable(x)\n        return x\n"
              "    @staticmethod\n    def backward(ctx, g):\n        return g\n"
              "x = torch.tensor([1., 2.], requires_grad=True)\ny = F.apply(x)\n"
              "print(y.requires_grad, y.grad_fn, x.requires_grad)\n")
    assert out == "False None True\n"


def test_vjp_names_the_backward():
    body = "x = torch.tensor([1., 2.], requires_grad=True)\n"
    head = ("class F(torch.autograd.Function):\n    @staticmethod\n"
            "    def forward(ctx, x):\n        return x * 2\n")
    vjp = "    @staticmethod\n    def vjp(ctx, g):\n        return g * 2\n"
    backward = "    @staticmethod\n    def backward(ctx, g):\n        return g\n"
    call = "try:\n    F.apply(x).sum().backward()\n    print(x.grad)\nexcept Exception as e:\n" \
           "    print(e)\n"
    assert run(head + vjp + body + call) == "tensor([2., 2.])\n"
    assert run(head + backward + vjp + body + call) == (
        "Implementing both 'backward' and 'vjp' for a custom Function is not allowed. You "
        "should only implement one of them.\n")


def test_a_view_given_back_by_a_function_cannot_be_changed_in_place():
    out = run("class F(torch.autograd.Function):\n    @staticmethod\n"
              "    def forward(ctx, x):\n        return x[0]\n    @staticmethod\n"
              "    def backward(ctx, g):\n        return torch.ones(2) * g\n"
              "class G(torch.autograd.Function):\n    @staticmethod\n"
              "    def forward(ctx, x):\n        return x\n    @staticmethod\n"
              "    def backward(ctx, g):\n        return g\n"
              "x = torch.tensor([1., 2.], requires_grad=True)\n"
              "for cls, inp in ((F, x), (G, x * 1), (G, x)):\n    y = cls.apply(inp)\n"
              "    try:\n        y.mul_(2)\n    except RuntimeError as e:\n"
              "        print(y._base is not None, str(e)[:101])\n"
              "with torch.no_grad():\n    F.apply(x).mul_(2)\nprint(x)\n")
    assert out == (
        "True Output 0 of F is a view and is being modified inplace. This view was created "
        "inside a custom Function\n"
        "True Output 0 of G is a view and is being modified inplace. This view was created "
        "inside a custom Function\n"
        "True Output 0 of G is a view and is being modified inplace. This view was created "
        "inside a custom Function\n"
        "tensor([2., 2.], requires_grad=True)\n")
