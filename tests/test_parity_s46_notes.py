"""Found in session 46 by running the code of PyTorch's documentation notes as programs
(docs/source/notes: autograd, extending, extending.func, gradcheck, modules, broadcasting,
numerical_accuracy, randomness, serialization, out, numpy_compatibility; func.whirlwind_tour,
func.ux_limitations, func.migrating). Each expected output is what torch 2.13 printed (format
of test_autograd_parity4).

setitem-views: `x[key] = v` records what PyTorch's set_item hands on: with tensor indices, v
viewed without its leading sizes of 1 (ViewBackward0 before IndexPutBackward0: the autograd
notes' masked division `safe[mask] = x[mask] / div[mask]`); into a view or the whole tensor,
copy_to's view of v (always) and its expand to the target (ViewBackward0, ExpandBackward0
under CopySlices / CopyBackwards).

pack-inplace: a saved-tensor pack hook (saved_tensors_hooks, or a SavedTensor's
register_hooks) that changes its input in place is refused with PyTorch's error.

function-options: autograd.Function's `boxed_grads_call` (backward given the gradients as one
list, the extending notes' QKVProjection) and `clear_saved_tensors_on_access` (TwoMatmuls:
ctx.saved_tensors read once, PyTorch's error on a second read, also after backward); a custom
node's `apply` calls the user's backward as BackwardCFunction.apply does.

numpy-function: extending.func's NumpySort / NumpyTake: a custom Function's forward runs under
no_grad, where numpy() of a tensor that requires grad is allowed (PyTorch's check asks grad
mode); under vmap a Function with its own vmap staticmethod runs its forward on each slice
with its values readable, as its rule would (vmap, jacrev, vmap of grad).

module-global-hooks: torch.nn.modules.module.register_module_forward_pre_hook,
register_module_forward_hook (with_kwargs), register_module_full_backward_pre_hook and
register_module_full_backward_hook: every module runs them before its own.

switches: torch.utils.backcompat's broadcast_warning / keepdim_warning switches;
torch.utils.deterministic.fill_uninitialized_memory: under use_deterministic_algorithms(True)
empty, empty_like, new_empty, empty_strided and resize_'s new elements are NaN (the largest
integer, True).

safe-globals: torch.serialization.add_safe_globals / get_safe_globals / clear_safe_globals /
safe_globals: a weights_only load of a whole model takes the allowlisted classes (the first
class not allowed is named in PyTorch's error).

numpy-compat: the numpy_compatibility notes: np.shares_memory and ndarray.strides; numpy()
refuses the conjugate and negative bits (force=True resolves them); a NumPy array of floats
indexes as int64 data (as a list does); from_numpy, as_tensor and tensor refuse an array with
a negative stride.

level-gradients: a torch.func transform over a tensor that requires grad differentiates a
view of it whose node hands the gradient on as it is: grad(grad(f))(x) ends in f's own last
node (extending.func's MyCube: AddBackward0), as PyTorch's levels, which add no node."""
from __future__ import annotations

from test_autograd_parity4 import printed_programs


SETITEM_VIEWS = [
    ('x = torch.tensor([1., 1.], requires_grad=True)\ndiv = torch.tensor([0., 1.])\nmask = div != 0\nsafe = torch.zeros_like(x)\nsafe[mask] = x[mask] / div[mask]\nprint(safe, safe.grad_fn.next_functions)\nsafe.sum().backward()\nprint(x.grad)\ny = x / div\ny[mask].sum().backward()\nprint(x.grad)\n',
     'tensor([0., 1.], grad_fn=<IndexPutBackward0>) ((None, 0), (<ViewBackward0 object at 0x>, 0))\ntensor([0., 1.])\ntensor([nan, 2.])\n'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\ndef show(t):\n    n = t.grad_fn\n    print(n, n.next_functions)\n    if n.next_functions[-1][0] is not None:\n        print("  ", n.next_functions[-1][0].next_functions)\nt = torch.zeros(2, 3); t[0] = x[:1] * 2; show(t)\nt = torch.zeros(2, 3); t[:] = x * 2; show(t)\nt = torch.zeros(2, 3); t[...] = x * 2; show(t)\nt = torch.zeros(2, 3); t[0] = (x * 2).view(1, 3); show(t)\nt = torch.zeros(2, 3); t[0, 1] = (x[:1] * 2); show(t)\nt = torch.zeros(2, 3); t[0, :2] = (x[:1] * 2); show(t)\nt = torch.zeros(3); t[torch.tensor([0, 2])] = (x[:1] * 2); show(t)\nt = torch.zeros(3); t[[0, 2]] = (x[:2] * 2); show(t)\nt = torch.zeros(3); t[torch.tensor([True, False, True])] = (x[:1] * 2); show(t)\nt = torch.zeros(2, 3); t[torch.tensor([0, 1])] = torch.ones(1, 1, 3, requires_grad=True); show(t)\nt.sum().backward()\nprint(x.grad)\n',
     '<CopySlices object at 0x> ((None, 0), (<ExpandBackward0 object at 0x>, 0))\n   ((<ViewBackward0 object at 0x>, 0),)\n<CopyBackwards object at 0x> ((None, 0), (<ExpandBackward0 object at 0x>, 0))\n   ((<ViewBackward0 object at 0x>, 0),)\n<CopyBackwards object at 0x> ((None, 0), (<ExpandBackward0 object at 0x>, 0))\n   ((<ViewBackward0 object at 0x>, 0),)\n<CopySlices object at 0x> ((None, 0), (<ViewBackward0 object at 0x>, 0))\n   ((<ViewBackward0 object at 0x>, 0),)\n<CopySlices object at 0x> ((None, 0), (<ViewBackward0 object at 0x>, 0))\n   ((<MulBackward0 object at 0x>, 0),)\n<CopySlices object at 0x> ((None, 0), (<ExpandBackward0 object at 0x>, 0))\n   ((<ViewBackward0 object at 0x>, 0),)\n<IndexPutBackward0 object at 0x> ((None, 0), (<ViewBackward0 object at 0x>, 0))\n   ((<MulBackward0 object at 0x>, 0),)\n<IndexPutBackward0 object at 0x> ((None, 0), (<MulBackward0 object at 0x>, 0))\n   ((<SliceBackward0 object at 0x>, 0), (None, 0))\n<IndexPutBackward0 object at 0x> ((None, 0), (<ViewBackward0 object at 0x>, 0))\n   ((<MulBackward0 object at 0x>, 0),)\n<IndexPutBackward0 object at 0x> ((None, 0), (<ViewBackward0 object at 0x>, 0))\n   ((<AccumulateGrad object at 0x>, 0),)\nNone\n'),
]


PACK_INPLACE = [
    ('def bad_pack(t):\n    t.add_(1)\n    return t\nx = torch.tensor([1., 2.], requires_grad=True)\ntry:\n    with torch.autograd.graph.saved_tensors_hooks(bad_pack, lambda t: t):\n        y = (x * 1).exp()\nexcept RuntimeError as e:\n    print("RuntimeError:", e)\ny = x.pow(2)\ntry:\n    y.grad_fn._raw_saved_self.register_hooks(lambda t: t.mul_(2), lambda t: t)\nexcept RuntimeError as e:\n    print("RuntimeError:", e)\nprint(x)\nz = x * 3\nwith torch.autograd.graph.saved_tensors_hooks(lambda t: t.clone().mul_(2), lambda t: t):\n    w = z * z\nw.sum().backward()\nprint(x.grad)\n',
     'RuntimeError: A saved tensor pack hook is modifying its input in place. Tensors provided as input to pack hook cannot be modified by in-place operations as this can lead to unexpected side-effects. Please open an issue if you need to perform in-place operations on the input to a pack hook.\nRuntimeError: A saved tensor pack hook is modifying its input in place. Tensors provided as input to pack hook cannot be modified by in-place operations as this can lead to unexpected side-effects. Please open an issue if you need to perform in-place operations on the input to a pack hook.\ntensor([2., 4.], requires_grad=True)\ntensor([ 72., 144.])\n'),
]


FUNCTION_OPTIONS = [
    ('from torch.autograd import Function\nclass QKVProjection(Function):\n    boxed_grads_call = True\n    @staticmethod\n    def forward(ctx, x, w_q, w_k, w_v):\n        ctx.save_for_backward(x, w_q, w_k, w_v)\n        return x.mm(w_q), x.mm(w_k), x.mm(w_v)\n    @staticmethod\n    def backward(ctx, grads):\n        print(type(grads).__name__, len(grads))\n        x, w_q, w_k, w_v = ctx.saved_tensors\n        grad_x = torch.zeros_like(x)\n        grad_weights = []\n        for i, w in enumerate((w_q, w_k, w_v)):\n            grad_out = grads[i]\n            grads[i] = None\n            grad_x += grad_out.mm(w.t())\n            grad_weights.append(x.t().mm(grad_out))\n            del grad_out\n        return grad_x, *grad_weights\nx = torch.arange(6., dtype=torch.float64).view(2, 3).requires_grad_()\nws = [torch.full((3, 2), float(i + 1), dtype=torch.float64, requires_grad=True) for i in range(3)]\nq, k, v = QKVProjection.apply(x, *ws)\n(q.sum() + 2 * k.sum() + 3 * v.sum()).backward()\nprint(x.grad, ws[2].grad)\nclass G(Function):\n    boxed_grads_call = True\n    @staticmethod\n    def forward(ctx, x):\n        ctx.set_materialize_grads(False)\n        return x * 2, x * 3\n    @staticmethod\n    def backward(ctx, grads):\n        print(grads)\n        return grads[0]\na, b = G.apply(x)\nprint(a.grad_fn.apply(torch.ones(2), None))\nclass H(Function):\n    boxed_grads_call = True\n    @staticmethod\n    def forward(ctx, x):\n        return x * 2\n    @staticmethod\n    def backward(ctx, grads):\n        return grads\ntry:\n    H.apply(x).sum().backward()\nexcept RuntimeError as e:\n    print("RuntimeError:", e)\n',
     'list 3\ntensor([[28., 28., 28.],\n        [28., 28., 28.]], dtype=torch.float64) tensor([[ 9.,  9.],\n        [15., 15.],\n        [21., 21.]], dtype=torch.float64)\n[tensor([1., 1.]), None]\ntensor([1., 1.])\nRuntimeError: expected Variable or None (got list)\n'),
    ('class TwoMatmuls(torch.autograd.Function):\n    clear_saved_tensors_on_access = True\n    @staticmethod\n    def forward(ctx, x, weight1, weight2):\n        inter = x.mm(weight1)\n        ctx.save_for_backward(x, weight1, inter, weight2)\n        return inter.mm(weight2)\n    @staticmethod\n    def backward(ctx, grad_output):\n        x, weight1, inter, weight2 = ctx.saved_tensors\n        grad_weight2 = inter.t().mm(grad_output)\n        grad_inter = grad_output.mm(weight2.t())\n        del inter, weight2\n        grad_weight1 = x.t().mm(grad_inter)\n        grad_x = grad_inter.mm(weight1.t())\n        try:\n            ctx.saved_tensors\n        except RuntimeError as e:\n            print("RuntimeError:", e)\n        return grad_x, grad_weight1, grad_weight2\nx = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\nw1 = torch.tensor([[1., 0.], [1., 1.]], requires_grad=True)\nw2 = torch.tensor([[2., 1.], [0., 1.]], requires_grad=True)\ny = TwoMatmuls.apply(x, w1, w2)\nprint(y.grad_fn.saved_tensors[0] is x)\ntry:\n    y.sum().backward()\nexcept RuntimeError as e:\n    print("RuntimeError:", e)\ny = TwoMatmuls.apply(x, w1, w2)\ny.sum().backward(retain_graph=True)\nprint(x.grad, w1.grad, w2.grad)\ntry:\n    y.grad_fn.saved_tensors\nexcept RuntimeError as e:\n    print("RuntimeError:", e)\nclass F(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x, k):\n        ctx.save_for_backward(x)\n        return x * k\n    @staticmethod\n    def backward(ctx, g):\n        x, = ctx.saved_tensors\n        return g * x, None\ny = F.apply(x[0], 3)\nprint(y.grad_fn.apply(torch.ones(2)))\ntry:\n    y.grad_fn.apply(torch.ones(2), 5)\nexcept TypeError as e:\n    print("TypeError:", e)\n',
     'True\nRuntimeError: saved_tensors can only be accessed once when clear_saved_tensors_on_access=True is set on the autograd.Function. Either access saved_tensors only once, or set clear_saved_tensors_on_access=False.\nRuntimeError: saved_tensors can only be accessed once when clear_saved_tensors_on_access=True is set on the autograd.Function. Either access saved_tensors only once, or set clear_saved_tensors_on_access=False.\ntensor([[3., 4.],\n        [3., 4.]]) tensor([[12.,  4.],\n        [18.,  6.]]) tensor([[10., 10.],\n        [ 6.,  6.]])\nRuntimeError: saved_tensors can only be accessed once when clear_saved_tensors_on_access=True is set on the autograd.Function. Either access saved_tensors only once, or set clear_saved_tensors_on_access=False.\n(tensor([1., 2.], grad_fn=<MulBackward0>), None)\nTypeError: F.backward() takes 2 positional arguments but 3 were given\n'),
]


NUMPY_FUNCTION = [
    ('import numpy as np\ndef to_numpy(tensor):\n    return tensor.cpu().numpy()\nclass NumpySort(torch.autograd.Function):\n    @staticmethod\n    def forward(x, dim):\n        device = x.device\n        x = to_numpy(x)\n        ind = np.argsort(x, axis=dim)\n        ind_inv = np.argsort(ind, axis=dim)\n        result = np.take_along_axis(x, ind, axis=dim)\n        return (\n            torch.tensor(result, device=device),\n            torch.tensor(ind, device=device),\n            torch.tensor(ind_inv, device=device),\n        )\n    @staticmethod\n    def setup_context(ctx, inputs, output):\n        x, dim = inputs\n        _, ind, ind_inv = output\n        ctx.mark_non_differentiable(ind, ind_inv)\n        ctx.save_for_backward(ind, ind_inv)\n        ctx.dim = dim\n    @staticmethod\n    def backward(ctx, grad_output, _0, _1):\n        ind, ind_inv = ctx.saved_tensors\n        return NumpyTake.apply(grad_output, ind_inv, ind, ctx.dim), None\n    @staticmethod\n    def vmap(info, in_dims, x, dim):\n        x_bdim, _ = in_dims\n        x = x.movedim(x_bdim, 0)\n        dim = dim if dim >= 0 else dim + x.dim() - 1\n        return NumpySort.apply(x, dim + 1), (0, 0, 0)\nclass NumpyTake(torch.autograd.Function):\n    @staticmethod\n    def forward(x, ind, ind_inv, dim):\n        device = x.device\n        x = to_numpy(x)\n        ind = to_numpy(ind)\n        return torch.tensor(np.take_along_axis(x, ind, dim), device=device)\n    @staticmethod\n    def setup_context(ctx, inputs, output):\n        x, ind, ind_inv, dim = inputs\n        ctx.save_for_backward(ind, ind_inv)\n        ctx.dim = dim\n    @staticmethod\n    def backward(ctx, grad_output):\n        ind, ind_inv = ctx.saved_tensors\n        result = NumpyTake.apply(grad_output, ind_inv, ind, ctx.dim)\n        return result, None, None, None\n    @staticmethod\n    def vmap(info, in_dims, x, ind, ind_inv, dim):\n        x_bdim, ind_bdim, ind_inv_bdim, _ = in_dims\n        logical_dim = x.dim() if x_bdim is None else x_bdim - 1\n        dim = dim if dim >= 0 else dim + logical_dim\n        def maybe_expand_bdim_at_front(x, x_bdim):\n            if x_bdim is None:\n                return x.expand(info.batch_size, *x.shape)\n            return x.movedim(x_bdim, 0)\n        x = maybe_expand_bdim_at_front(x, x_bdim)\n        ind = maybe_expand_bdim_at_front(ind, ind_bdim)\n        ind_inv = maybe_expand_bdim_at_front(ind_inv, ind_inv_bdim)\n        return NumpyTake.apply(x, ind, ind_inv, dim + 1), 0\ndef numpy_sort(x, dim=-1):\n    result, _, _ = NumpySort.apply(x, dim)\n    return result\nx = torch.tensor([[0.5, -1., 2.], [3., 0., 1.]])\ngrad_x = torch.func.grad(lambda x: numpy_sort(x).sum())(x)\nprint(grad_x)\nresult = torch.vmap(numpy_sort)(x)\nprint(result, torch.allclose(result, numpy_sort(result, 1)))\nxr = x.clone().requires_grad_()\nr, i, ii = NumpySort.apply(xr, 1)\nprint(r, i, r.grad_fn, i.requires_grad)\n(r * torch.arange(3.)).sum().backward()\nprint(xr.grad)\nprint(torch.func.jacrev(numpy_sort)(x[0]))\nprint(torch.vmap(torch.func.grad(lambda t: (numpy_sort(t) * torch.arange(3.)).sum()))(x))\nb = torch.ones(3, requires_grad=True)\nwith torch.no_grad():\n    print(b.numpy())\ntry:\n    b.numpy()\nexcept RuntimeError as e:\n    print("RuntimeError:", e)\n',
     "tensor([[1., 1., 1.],\n        [1., 1., 1.]])\ntensor([[-1.0000,  0.5000,  2.0000],\n        [ 0.0000,  1.0000,  3.0000]]) True\ntensor([[-1.0000,  0.5000,  2.0000],\n        [ 0.0000,  1.0000,  3.0000]], grad_fn=<NumpySortBackward>) tensor([[1, 0, 2],\n        [1, 2, 0]]) <torch.autograd.function.NumpySortBackward object at 0x> False\ntensor([[1., 0., 2.],\n        [2., 0., 1.]])\ntensor([[0., 1., 0.],\n        [1., 0., 0.],\n        [0., 0., 1.]])\ntensor([[1., 0., 2.],\n        [2., 0., 1.]])\n[1. 1. 1.]\nRuntimeError: Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.\n"),
]


MODULE_GLOBAL_HOOKS = [
    ('from torch.nn.modules.module import register_module_forward_hook, register_module_forward_pre_hook, register_module_full_backward_hook, register_module_full_backward_pre_hook\nseen = []\ng = register_module_forward_hook(lambda mod, inp, out: seen.append(type(mod).__name__))\ngp = register_module_forward_pre_hook(lambda mod, inp: seen.append("pre " + type(mod).__name__))\nnet = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU())\nnet(torch.ones(1, 2))\ng.remove(); gp.remove()\nprint(seen)\nnet(torch.ones(1, 2))\nprint(len(seen))\ngb = register_module_full_backward_hook(lambda mod, gi, go: print("bw", type(mod).__name__, [t.shape for t in go]))\ngbp = register_module_full_backward_pre_hook(lambda mod, go: print("pre bw", type(mod).__name__))\nnet(torch.ones(1, 2, requires_grad=True)).sum().backward()\ngb.remove(); gbp.remove()\nh = register_module_forward_hook(lambda mod, args, kwargs, out: out * 2, with_kwargs=True)\nprint(torch.nn.Identity()(torch.ones(2)))\nh.remove()\npre = register_module_forward_pre_hook(lambda mod, args: (args[0] + 1,))\nown = net[0].register_forward_pre_hook(lambda mod, args: print("own sees", args[0]))\nprint(net(torch.zeros(1, 2)).shape)\n',
     "['pre Sequential', 'pre Linear', 'Linear', 'pre ReLU', 'ReLU', 'Sequential']\n6\npre bw Sequential\npre bw ReLU\nbw ReLU [torch.Size([1, 2])]\npre bw Linear\nbw Linear [torch.Size([1, 2])]\nbw Sequential [torch.Size([1, 2])]\ntensor([2., 2.])\nown sees tensor([[2., 2.]])\ntorch.Size([1, 2])\n"),
]


SWITCHES = [
    ('print(torch.utils.backcompat.broadcast_warning.enabled, torch.utils.backcompat.keepdim_warning.enabled)\ntorch.utils.backcompat.broadcast_warning.enabled = True\nprint(torch.add(torch.ones(4, 1), torch.ones(4)).shape)\nprint(torch.utils.backcompat.broadcast_warning.get_enabled())\ntorch.utils.backcompat.broadcast_warning.set_enabled(False)\nprint(torch.utils.backcompat.broadcast_warning.enabled)\nprint(torch.utils.deterministic.fill_uninitialized_memory)\ntorch.use_deterministic_algorithms(True)\nprint(torch.empty(2), torch.empty(2, dtype=torch.int64), torch.empty(2, dtype=torch.bool), torch.empty(2, dtype=torch.complex64), torch.empty(2, dtype=torch.uint8))\nprint(torch.empty_like(torch.ones(2)), torch.ones(2).new_empty(3), torch.empty_strided((2,), (1,)))\nt = torch.ones(2)\nt.resize_(4)\nprint(t)\ntorch.utils.deterministic.fill_uninitialized_memory = False\nprint(torch.empty(2).shape, torch.utils.deterministic.fill_uninitialized_memory)\ntorch.utils.deterministic.fill_uninitialized_memory = True\ntorch.use_deterministic_algorithms(False)\n',
     'False False\ntorch.Size([4, 4])\nTrue\nFalse\nTrue\ntensor([nan, nan]) tensor([9223372036854775807, 9223372036854775807]) tensor([True, True]) tensor([nan+0.j, nan+0.j]) tensor([255, 255], dtype=torch.uint8)\ntensor([nan, nan]) tensor([nan, nan, nan]) tensor([nan, nan])\ntensor([1., 1., nan, nan])\ntorch.Size([2]) False\n'),
]


SAFE_GLOBALS = [
    ("m = torch.nn.Sequential(torch.nn.Linear(2, 1), torch.nn.ReLU())\ntorch.save(m, 'seq.pt')\ntorch.serialization.add_safe_globals([torch.nn.Sequential, torch.nn.Linear])\nprint(torch.nn.Linear in torch.serialization.get_safe_globals())\ntry:\n    print(torch.load('seq.pt'))\nexcept Exception as e:\n    print(type(e).__name__, str(e)[-330:])\nwith torch.serialization.safe_globals([torch.nn.ReLU]):\n    print(torch.load('seq.pt'))\ntry:\n    torch.load('seq.pt')\nexcept Exception as e:\n    print(type(e).__name__)\ntorch.serialization.clear_safe_globals()\nprint(torch.serialization.get_safe_globals())\n",
     'True\nUnpicklingError ivation.ReLU])` or the `torch.serialization.safe_globals([torch.nn.modules.activation.ReLU])` context manager to allowlist this global if you trust this class/function.\n\nCheck the documentation of torch.load to learn more about types accepted by default with weights_only https://pytorch.org/docs/stable/generated/torch.load.html.\nSequential(\n  (0): Linear(in_features=2, out_features=1, bias=True)\n  (1): ReLU()\n)\nUnpicklingError\n[]\n'),
]


NUMPY_COMPAT = [
    ('import numpy as np\na_np = np.ones(3)\nb_fnp = torch.from_numpy(a_np)\nprint(np.shares_memory(a_np, b_fnp), np.shares_memory(a_np, b_fnp.numpy().copy()))\na_np = np.ones(4).reshape(2, 2)\nb_torch = torch.tensor(a_np)\nprint(np.equal([stride % b_torch.element_size() for stride in a_np.strides], np.zeros(len(a_np.strides))))\nz = torch.tensor([1+2j, 3-1j])\ntry:\n    z.conj().numpy()\nexcept RuntimeError as e:\n    print("RuntimeError:", e)\nn = z.conj().imag\ntry:\n    n.numpy()\nexcept RuntimeError as e:\n    print("RuntimeError:", e)\nprint(n.numpy(force=True), z.conj().numpy(force=True))\nb = torch.tensor([1, 2, 3, 4, 5])\nprint(b[np.ones(3)], b[np.array([1.7, 0.2])], b[(np.ones(2),)], b[np.ones((2, 2))])\nt = torch.zeros(5)\nt[np.array([1., 3.])] = 1\nprint(t)\na_np = np.array([1, 2, 3])\nfor f in [lambda: torch.from_numpy(a_np[::-1]), lambda: torch.as_tensor(a_np[::-1]), lambda: torch.tensor(a_np[::-1], dtype=torch.float64), lambda: torch.from_numpy(np.arange(6).reshape(2, 3)[::-1][:1])]:\n    try:\n        print(f())\n    except ValueError as e:\n        print("ValueError:", e)\nprint(torch.from_numpy(np.ascontiguousarray(a_np[::-1])))\n',
     "True False\n[ True  True]\nRuntimeError: Can't call numpy() on Tensor that has conjugate bit set. Use tensor.resolve_conj().numpy() instead.\nRuntimeError: Can't call numpy() on Tensor that has negative bit set. Use tensor.resolve_neg().numpy() instead.\n[-2.  1.] [1.-2.j 3.+1.j]\ntensor([2, 2, 2]) tensor([2, 1]) tensor([2, 2]) tensor([[2, 2],\n        [2, 2]])\ntensor([0., 1., 0., 1., 0.])\nValueError: At least one stride in the given numpy array is negative, and tensors with negative strides are not currently supported. (You can probably work around this by making a copy of your array  with array.copy().) \nValueError: At least one stride in the given numpy array is negative, and tensors with negative strides are not currently supported. (You can probably work around this by making a copy of your array  with array.copy().) \nValueError: At least one stride in the given numpy array is negative, and tensors with negative strides are not currently supported. (You can probably work around this by making a copy of your array  with array.copy().) \nValueError: At least one stride in the given numpy array is negative, and tensors with negative strides are not currently supported. (You can probably work around this by making a copy of your array  with array.copy().) \ntensor([3, 2, 1])\n"),
]


LEVEL_GRADIENTS = [
    ('class MyCube(torch.autograd.Function):\n    @staticmethod\n    def forward(x):\n        dx = 3 * x ** 2\n        result = x ** 3\n        return result, dx\n    @staticmethod\n    def setup_context(ctx, inputs, output):\n        x, = inputs\n        result, dx = output\n        ctx.save_for_backward(x, dx)\n    @staticmethod\n    def backward(ctx, grad_output, grad_dx):\n        x, dx = ctx.saved_tensors\n        result = grad_output * dx + grad_dx * 6 * x\n        return result\ndef my_cube(x):\n    result, _ = MyCube.apply(x)\n    return result\nx = torch.tensor(2., dtype=torch.double, requires_grad=True)\nprint(torch.func.grad(torch.func.grad(my_cube))(x))\nprint(torch.func.grad(torch.func.grad(lambda t: t ** 3))(x))\nprint(torch.func.grad(torch.func.grad(lambda t: t.sin()))(x))\ny = torch.tensor([1., 2.], dtype=torch.double, requires_grad=True)\nh = torch.func.hessian(lambda t: (t ** 3).sum())(y)\nprint(h)\nh.sum().backward()\nprint(y.grad)\n',
     'tensor(12., dtype=torch.float64, grad_fn=<AddBackward0>)\ntensor(12., dtype=torch.float64, grad_fn=<MulBackward0>)\ntensor(-0.9093, dtype=torch.float64, grad_fn=<MulBackward0>)\ntensor([[ 6.,  0.],\n        [ 0., 12.]], dtype=torch.float64, grad_fn=<ViewBackward0>)\ntensor([6., 6.], dtype=torch.float64)\n'),
]

test_notes = printed_programs({
    'setitem-views': SETITEM_VIEWS,
    'pack-inplace': PACK_INPLACE,
    'function-options': FUNCTION_OPTIONS,
    'numpy-function': NUMPY_FUNCTION,
    'module-global-hooks': MODULE_GLOBAL_HOOKS,
    'switches': SWITCHES,
    'safe-globals': SAFE_GLOBALS,
    'numpy-compat': NUMPY_COMPAT,
    'level-gradients': LEVEL_GRADIENTS,
})
