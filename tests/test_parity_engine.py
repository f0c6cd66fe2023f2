"""Side-by-side parity with PyTorch: each snippet runs with `torch` = PyTorch and with
`torch` = gradcli; printed output and error messages must be identical (addresses
normalised). Skipped when PyTorch is not installed (it is never a gradcli dependency)."""
import contextlib
import io
import re

import pytest

torch = pytest.importorskip("torch")
import gradcli  # noqa: E402
from gradcli.namespace import torch_namespace  # noqa: E402

ADDR = re.compile(r" object at 0x[0-9a-fA-F]+")

SNIPPETS = [
    "x=torch.ones(3,requires_grad=True); y=x*1; y.add_(1); print(y.grad_fn)",
    "x=torch.ones(3,requires_grad=True); x[0]=1",
    "x=torch.ones(3,requires_grad=True); x[:2].add_(1)",
    "x=torch.ones(3,requires_grad=True); y=x*1; y[0]=5; print(y, y.grad_fn.next_functions)",
    "x=torch.ones(3,requires_grad=True); y=x*1; v=y[0:2]; v.mul_(2); print(y, v); "
    "y.sum().backward(); print(x.grad)",
    "a=torch.ones(3,requires_grad=True); b=a.exp(); b.add_(1); b.sum().backward()",
    "a=torch.ones(3,requires_grad=True); b=a*2; c=a*b; b.add_(1); c.sum().backward()",
    "a=torch.ones(3,requires_grad=True); c=a*a; a.data.add_(1); c.sum().backward(); print(a.grad)",
    "torch.ones(3)+torch.ones(4)",
    "torch.dot(torch.ones(3), torch.ones(3,dtype=torch.float64))",
    "torch.ones(3,2) @ torch.ones(3,2)",
    "torch.ones(3,2).view(4)",
    "torch.ones(3).sum(1)",
    "torch.ones(3)[5]",
    "x=torch.ones(3,requires_grad=True); y=x*2; y.backward(torch.ones(2))",
    "x=torch.ones(3,requires_grad=True); y=(x*2).sum(); y.backward(); y.backward()",
    "x=torch.ones(3,requires_grad=True); y=(x+2).sum(); y.backward(); y.backward(); print(x.grad)",
    "x=torch.ones(3,requires_grad=True); torch.autograd.backward([x.sum(), torch.ones(2)])",
    "x=torch.ones(3,requires_grad=True); y=x*2; y.requires_grad=False",
    "torch.tensor([1,2],requires_grad=True)",
    "x=torch.ones(3,requires_grad=True); print(x._version); x.data.add_(1); print(x._version); "
    "y = x.detach(); y.add_(1); print(x._version)",
    "x=torch.ones(3,requires_grad=True); y=(x*x).sum(); g,=torch.autograd.grad(y,x,"
    "create_graph=True); print(g); g.sum().backward(); print(x.grad)",
    "x=torch.tensor([1,2,3]); print(x/2, x*2.5, x+1, (x*1.0).dtype, x.float().mean())",
    "x=torch.ones(2, dtype=torch.float64); y=torch.tensor(2.0); print((x*y).dtype, "
    "(torch.ones(2)*torch.tensor(2.0,dtype=torch.float64)).dtype)",
    "print(torch.tensor(2.5).item(), torch.tensor(3).item(), torch.tensor([1.0,2.0]).tolist())",
    "x = torch.ones(2,2,requires_grad=True); print(x[0][0], x.sum(0), x.max(0))",
    "x = torch.ones(2,2,requires_grad=True); print(x.shape, x.size(), x.size(0), x.dim(), "
    "x.ndim, x.numel(), x.dtype, x.T.shape, x.requires_grad)",
    "torch.ones(2,3).expand(3,3)",
    "torch.cat([torch.ones(2,3), torch.ones(2,4)])",
    "torch.tensor([[1,2],[3]])",
    "x=torch.tensor([[1.,2.],[3.,4.]],requires_grad=True); y=x[[0,1],[1,0]]; y.sum().backward();"
    " print(y, x.grad)",
    "x=torch.tensor([1.,5.,5.,2.],requires_grad=True); x.max().backward(); print(x.grad)",
    "x=torch.tensor([[1.,5.],[5.,2.]],requires_grad=True); v,i=x.max(1); v.sum().backward(); "
    "print(v, i, x.grad)",
    "x=torch.arange(6.).reshape(2,3).requires_grad_(); y=x.T.reshape(-1); print(y.grad_fn, "
    "y.grad_fn.next_functions)",
    # a saved input is kept only when a gradient that uses it is needed
    "x=torch.tensor(0.5,dtype=torch.float64,requires_grad=True); a=x*1; y=a*3.0; z=3.0/a; "
    "w=a/3.0; a.add_(1); y.backward(); z.backward(); w.backward(); print(x.grad)",
    "x=torch.ones(3,requires_grad=True); a=x*1; y=a*torch.ones(3); a.add_(1); "
    "y.sum().backward(); print(x.grad)",
    "x=torch.ones(3,requires_grad=True); c=torch.ones(3); y=c*x; c.add_(1); y.sum().backward()",
    "x=torch.ones(3,requires_grad=True); c=torch.ones(3); y=x/c; c.add_(1); y.sum().backward()",
    "x=torch.ones(3,requires_grad=True); c=torch.ones(3); y=c/x; c.add_(1); y.sum().backward()",
    "x=torch.ones(2,2,requires_grad=True); a=x*1; w=torch.ones(2,2); y=a.mm(w)+torch.dot("
    "a[0],w[0])+a.mv(w[0]).sum(); a.add_(1); y.sum().backward(); print(x.grad)",
    "x=torch.ones(2,2,requires_grad=True); w=torch.ones(2,2); y=w.mm(x); w.add_(1); "
    "y.sum().backward()",
    "x=torch.ones(1,2,2,requires_grad=True); a=x*1; y=a.bmm(torch.ones(1,2,2)); a.add_(1); "
    "y.sum().backward(); print(x.grad)",
    # in-place forms of selection ops and fused products: the node of the op itself
    "x=torch.arange(1.,7.).reshape(2,3).requires_grad_(); y=x*1; y.masked_fill_(y>4, 0.); "
    "y.tril_(1); y.scatter_(1, torch.tensor([[0],[2]]), 9.); y.scatter_add_(0, "
    "torch.tensor([[1,0,1]]), x[:1]); y.cumprod_(1); y.addcmul_(x, x, value=0.5); "
    "y.addcdiv_(x, x+1); print(y); y.sum().backward(); print(x.grad, y.grad_fn)",
    "x=torch.tensor([0.2,0.7],requires_grad=True); y=x*1; y.logit_(); y.xlogy_(2.0); "
    "y.deg2rad_(); print(y); y.sum().backward(); print(x.grad)",
    "x=torch.ones(2,2,requires_grad=True); x.tril_()",
    # an in-place op whose backward needs its result saves the tensor written into
    "x=torch.tensor([0.2,0.7],requires_grad=True); y=x*1; y.exp_(); y.add_(1); "
    "y.sum().backward()",
    "x=torch.tensor([0.2,0.7],requires_grad=True); y=x*1; y.sigmoid_(); y.relu_(); "
    "y.mul_(2); y.sum().backward()",
    "x=torch.tensor([0.2,0.7],requires_grad=True); y=x*1; y.cumprod_(0); y.mul_(2); "
    "y.sum().backward()",
    "x=torch.tensor([0.2,0.7],requires_grad=True); y=x*1; y.tanh_(); z=y*3; "
    "z.sum().backward(); print(x.grad, y._version)",
    # promotion across categories keeps the float (or complex) type as it is
    "print([str((torch.ones(2,dtype=a)*torch.ones(2,dtype=b)).dtype) for a,b in ["
    "(torch.float32,torch.int64),(torch.float16,torch.int64),(torch.float32,torch.int32),"
    "(torch.int64,torch.bool),(torch.float32,torch.bool),(torch.float64,torch.int8),"
    "(torch.complex64,torch.float64),(torch.complex64,torch.int64),(torch.uint8,torch.int8),"
    "(torch.int8,torch.float16),(torch.uint8,torch.bool)]])",
    "print(torch.tensor([1,2])/torch.tensor([2,4]), torch.tensor([1,2])/2, "
    "torch.cat([torch.ones(2), torch.tensor([1,2])]).dtype)",
    "x=torch.tensor([1.,2.],requires_grad=True); y=x*torch.tensor([2,3]); y.sum().backward(); "
    "print(y, x.grad)",
    # hooks after a leaf's gradient is accumulated
    "x=torch.ones(2,requires_grad=True); h=x.register_post_accumulate_grad_hook(lambda t: "
    "print('acc', t.grad, t is x)); x.register_post_accumulate_grad_hook(lambda t: "
    "t.grad.mul_(10)); x.register_hook(lambda g: print('pre', g)); (x*2).sum().backward(); "
    "h.remove(); (x*3).sum().backward(); print(x.grad)",
    "x=torch.ones(2,requires_grad=True); (x*2).register_post_accumulate_grad_hook(print)",
    "x=torch.ones(2); x.register_post_accumulate_grad_hook(print)",
    "x=torch.ones(2,requires_grad=True); x.register_post_accumulate_grad_hook(lambda t: 5); "
    "(x*2).sum().backward()",
    # argument errors with PyTorch's texts
    "torch.ones(2,3).expand(2)",
    "torch.ones(2,3).split(0)",
    "torch.ones(2,3).split(-1)",
    "print(torch.zeros(0).split(0))",
    "torch.ones(2,3).chunk(0)",
    "torch.ones(3).mean(dtype=torch.int64)",
    "torch.where(torch.ones(3)>0, torch.ones(2,1), torch.zeros(4))",
    "torch.where(torch.ones(2)>0, torch.ones(2), torch.zeros(3))",
    "torch.tensor('a')",
    "torch.tensor(['a'])",
    "torch.tensor([1, 'a'])",
    "torch.tensor(None)",
    "x=torch.arange(24.).reshape(2,3,4); print(x.stride(), x.stride(1), x.stride(-1), "
    "x[1].storage_offset(), x[:,1].storage_offset(), x.transpose(0,2).stride(), "
    "x[1,2].storage_offset(), x.t().stride() if x.dim() == 2 else x.mT.stride(), "
    "x.data_ptr() == x.view(24).data_ptr(), x.clone().data_ptr() == x.data_ptr())",
    # reshape: a view of a contiguous tensor, an alias of a strided one, else a copy
    "x=torch.ones(2,3,requires_grad=True); y=torch.ones(2,3,4,requires_grad=True); "
    "print([t.grad_fn for t in (x.t().reshape(3,2), x.t().reshape(6), x.reshape(6), "
    "x.reshape(2,3), x.t()[:, :1].reshape(3), y.permute(0,2,1).reshape(2,4,3), "
    "y[:,:,1].reshape(6), y.transpose(1,2).flatten(1))]); "
    "y[:,:,1].reshape(6).sum().backward(); print(y.grad.sum())",
    # x[index] = v: IndexPutBackward0 for an index of tensors, CopySlices through a view
    "x=torch.tensor([1.,-2.,3.],requires_grad=True); y=x*1; y[y<0]=0; "
    "v=torch.tensor([7.,8.],requires_grad=True); y[[0,2]]=v; print(y.grad_fn, "
    "y.grad_fn.next_functions); y.sum().backward(); print(v.grad, x.grad)",
    "names=[]\nfor key in [(0,[0,2]), (slice(None), torch.tensor([True,False,True])), "
    "(Ellipsis, [1]), (slice(1,None), [0,2]), 1, slice(0,1), (None, [0])]:\n"
    "    z=torch.zeros(2,3,requires_grad=True)*1; z[key]=5.; names.append(z.grad_fn.name())\n"
    "print(names)",
]

# Gradients built with create_graph carry PyTorch's fused backward nodes (TanhBackwardBackward0
# ...): the gradient, its node's edges, and its own gradient in x and in the incoming gradient.
FUSED = ["x.tanh()", "x.sigmoid()", "x.relu()", "F.leaky_relu(x, 0.1)", "F.hardtanh(x, -0.5, 0.5)",
         "F.relu6(x)", "F.elu(x)", "F.selu(x)", "F.celu(x, 0.7)", "F.gelu(x)",
         "F.gelu(x, approximate='tanh')", "F.softplus(x)", "F.logsigmoid(x)",
         "torch.log_softmax(x, 0)", "torch.softmax(x, 0)", "F.softmin(x, 0)",
         "F.mse_loss(x, torch.tensor([0.1, 0.2, -0.3, 0.4]))",
         "F.smooth_l1_loss(x, torch.zeros(4))",
         "F.huber_loss(x, torch.zeros(4))", "F.hardswish(x)", "F.hardsigmoid(x)",
         "F.threshold(x, 0.3, -1.0)", "F.hardshrink(x)", "F.softshrink(x, 0.2)",
         "F.nll_loss(x.reshape(2, 2), torch.tensor([1, 0]))",
         "F.cross_entropy(x.reshape(2, 2), torch.tensor([1, 0]))",
         "F.binary_cross_entropy(x.sigmoid(), torch.tensor([1., 0., 1., 0.]))", "F.glu(x, 0)"]
SNIPPETS += [
    "x=torch.tensor([0.3,-0.6,0.9,1.7],requires_grad=True); F=torch.nn.functional; "
    "w=torch.tensor([1.,2.,3.,4.],requires_grad=True); "
    f"o={op}; y=(o*w[:o.numel()].reshape(o.shape)).sum(); "
    "g,=torch.autograd.grad(y,x,create_graph=True); "
    "print(g, [n and n.name() for n,_ in g.grad_fn.next_functions]); "
    "print(torch.autograd.grad((g*torch.tensor([1.,-2.,3.,.5])).sum(),(x,w),allow_unused=True))"
    for op in FUSED]


def run(snippet, lib):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            exec(snippet, {"torch": lib})
        except Exception as e:
            print("ERROR:", str(e).splitlines()[0])
    return ADDR.sub(" object at 0x…", out.getvalue())


@pytest.mark.parametrize("snippet", SNIPPETS)
def test_same_output_as_pytorch(snippet):
    assert run(snippet, torch_namespace()) == run(snippet, torch)
