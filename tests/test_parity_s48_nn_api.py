"""Found in session 48 (porting PyTorch's test/test_nn.py, the Module API parts). Each expected
output is what torch 2.13 printed (format of test_autograd_parity4).

hooks: register_backward_hook's hooks are named as the user's function in the error about
their result (PyTorch's _WrappedHook); an `always_call` forward hook also runs when a forward
pre-hook or another forward hook raises, given the output so far, and a global one is called
hook(module, args, output) there even when registered with_kwargs; a silenced hook error
shows the exception's own text; torch.nn.modules.module's global buffer, parameter and module
registration hooks (each may replace what is registered; a buffer assignment and a module
set to None pass through them too).

to-type: Module.to checks its arguments as Tensor.to's parser does (`to(str, Tensor)`, an
unknown keyword: PyTorch's TypeError; `copy=True` refused); Module.type takes what Tensor.type
takes (torch.DoubleTensor, 'torch.FloatTensor') and refuses an integer dtype for a parameter
that requires grad; Module.cuda/xpu/ipu/mtia raise the CPU build's error only for a module
with a parameter or buffer to move (xpu and mtia devices: their "Torch not compiled with ...").

containers: dir() of a module leaves out Sequential's "0", "1"; ModuleDict.update(modules)
and ParameterDict.update(parameters) under their own names; Module.set_submodule;
a property of a Module subclass that raises AttributeError falls back on Module.__getattr__
("'P' object has no attribute 'prop'"), as Python does.

state-dict: load_state_dict(assign=True) reports a failing assignment as PyTorch's "While
copying the parameter named ..." and keeps a Parameter given in the checkpoint; a load_state_dict post-hook returning a value is
PyTorch's AssertionError (a module's hooks share one _IncompatibleKeys).

clip: clip_grad_value_ with no gradient at all raises PyTorch's error; clip_value is read as
a float first; clip_grad_norm_ of an empty generator warns as PyTorch.

rnn-utils: pad_sequence of a 0-d first sequence is PyTorch's ArrayRef error (a later 0-d one
its IndexError).

parametrize: transfer_parametrizations_and_params (all of a module's, or one tensor's; the
target shares the `original` tensors; a missing attribute becomes a Parameter first)."""
from __future__ import annotations

from test_autograd_parity4 import printed_programs

HOOKS = [
    ('import torch.nn as nn\nx = torch.tensor([0.5, -1.0], requires_grad=True)\ndef bw_fail1(module, grad_input, grad_output):\n    return grad_input[:-1]\ndef bw_fail2(module, grad_input, grad_output):\n    return grad_input + (torch.ones(2),)\na = nn.Sigmoid()\na.register_backward_hook(bw_fail1)\ntry:\n    a(x).sum().backward()\nexcept RuntimeError as e:\n    print(e)\nb = nn.Sigmoid()\nb.register_backward_hook(bw_fail2)\ntry:\n    b(x).sum().backward()\nexcept RuntimeError as e:\n    print(e)\n',
     "!W FutureWarning: Using a non-full backward hook when the forward contains multiple autograd Nodes is deprecated and will be removed in future versions. This hook will be missing some grad_input. Please use register_full_backward_hook to get the documented behavior.\nhook 'bw_fail1' has returned an incorrect number of values (got 0, but expected 1)\n!W FutureWarning: Using a non-full backward hook when the forward contains multiple autograd Nodes is deprecated and will be removed in future versions. This hook will be missing some grad_input. Please use register_full_backward_hook to get the documented behavior.\nhook 'bw_fail2' has returned an incorrect number of values (got 2, but expected 1)\n"),
    ('import torch.nn as nn\nclass K(nn.Module):\n    def forward(self, x, scale=1.0):\n        return x * scale\ndef boom(module, args):\n    raise ValueError("pre-hook failed")\nk = K()\nk.register_forward_hook(lambda m, args, out: print("always", args, out), always_call=True)\nk.register_forward_pre_hook(lambda m, args: (args[0] + 1,))\nk.register_forward_pre_hook(boom)\ntry:\n    k(torch.ones(1))\nexcept ValueError as e:\n    print("raised:", e)\nj = K()\nj.register_forward_hook(lambda m, args, kwargs, out: print("first", kwargs, out), with_kwargs=True, always_call=True)\ndef bad_hook(m, args, out):\n    raise KeyError("forward hook failed")\nj.register_forward_hook(bad_hook, always_call=True)\nj.register_forward_hook(lambda m, args, out: print("after", out), always_call=True)\ntry:\n    j(torch.ones(1), scale=2.0)\nexcept KeyError as e:\n    print("raised:", e)\n',
     "always (tensor([2.]),) None\nraised: pre-hook failed\nfirst {'scale': 2.0} tensor([2.])\nafter tensor([2.])\nraised: 'forward hook failed'\n"),
    ('import torch.nn as nn\nfrom torch.nn.modules.module import register_module_forward_hook\ndef glob(m, *a):\n    print("global got", len(a), "arguments")\n    return torch.zeros(1)\ndef glob_bad(m, args, out):\n    raise ValueError("global failed")\nh1 = register_module_forward_hook(glob, with_kwargs=True, always_call=True)\nh2 = register_module_forward_hook(glob_bad, always_call=True)\nclass Fail(nn.Module):\n    def forward(self, x):\n        raise TypeError("forward failed")\nf = Fail()\nf.register_forward_hook(lambda m, args, out: print("local sees", out), always_call=True)\ntry:\n    f(torch.ones(1))\nexcept TypeError as e:\n    print("raised:", e)\nh1.remove()\nh2.remove()\n',
     'global got 2 arguments\n!W UserWarning: global module forward hook with ``always_call=True`` raised an exception that was silenced as another error was raised in forward: global failed\nlocal sees tensor([0.])\nraised: forward failed\n'),
    ('import torch.nn as nn\nfrom torch.nn.modules.module import register_module_buffer_registration_hook, register_module_parameter_registration_hook, register_module_module_registration_hook\nlog = []\ndef bh(m, name, buf):\n    log.append(("buf", type(m).__name__, name))\n    if name == "swap":\n        return torch.zeros(2)\ndef ph(m, name, p):\n    log.append(("param", type(m).__name__, name, tuple(p.shape)))\ndef mh(m, name, sub):\n    log.append(("module", type(m).__name__, name, type(sub).__name__))\n    return nn.Tanh() if name == "act" else None\nh1 = register_module_buffer_registration_hook(bh)\nh2 = register_module_parameter_registration_hook(ph)\nh3 = register_module_module_registration_hook(mh)\nm = nn.Module()\nm.lin = nn.Linear(1, 2)\nm.register_buffer("swap", torch.ones(2))\nm.swap = torch.ones(3)\nm.p = nn.Parameter(torch.ones(3))\nm.p = None\nm.act = nn.ReLU()\nm.act = None\nm.add_module("none", None)\nh1.remove(); h2.remove(); h3.remove()\nm.other = nn.ReLU()\nprint(log)\nprint(m.swap, m.act, m.none)\n',
     "[('param', 'Linear', 'weight', (2, 1)), ('param', 'Linear', 'bias', (2,)), ('module', 'Module', 'lin', 'Linear'), ('buf', 'Module', 'swap'), ('buf', 'Module', 'swap'), ('param', 'Module', 'p', (3,)), ('module', 'Module', 'act', 'ReLU'), ('module', 'Module', 'act', 'NoneType'), ('module', 'Module', 'none', 'NoneType')]\ntensor([0., 0.]) Tanh() None\n"),
]

TO_TYPE = [
    ('import torch.nn as nn\nnet = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))\nfor t in (torch.DoubleTensor, "torch.FloatTensor", torch.float16):\n    net.type(t)\n    print(net[0].weight.dtype, net[1].running_mean.dtype, net[1].num_batches_tracked.dtype)\nfor t in (torch.int32, "torch.Nope"):\n    try:\n        net.type(t)\n    except Exception as e:\n        print(type(e).__name__, e)\nprint(net[0].weight.dtype, net[1].num_batches_tracked.dtype)\nnet.requires_grad_(False)\nnet.type(torch.int32)\nprint(net[0].weight.dtype, net[1].running_mean.dtype, type(net[0].weight).__name__)\n',
     "torch.float64 torch.float64 torch.float64\ntorch.float32 torch.float32 torch.float32\ntorch.float16 torch.float16 torch.float16\nRuntimeError data set to a tensor that requires gradients must be floating point or complex dtype\nValueError invalid type: 'torch.Nope'\ntorch.float16 torch.float16\ntorch.int32 torch.int32 Parameter\n"),
    ('import torch.nn as nn\nm = nn.Linear(2, 2)\nfor args, kwargs in [(("cpu", torch.tensor(3)), {}), ((1, 2, 3, 4), {}), (("cpu",), {"foo": 1}),\n                     ((), {"device": "cpu", "dtype": torch.float64, "copy": True})]:\n    try:\n        m.to(*args, **kwargs)\n    except Exception as e:\n        print(type(e).__name__, e)\nprint(m.to(torch.float64, True) is m, m.to("cpu", torch.float64, non_blocking=False) is m, m.weight.dtype)\nprint(m.to(torch.tensor([1.5]), non_blocking=True).weight.dtype)\n',
     'TypeError to() received an invalid combination of arguments - got (str, Tensor), but expected one of:\n * (torch.device device = None, torch.dtype dtype = None, bool non_blocking = False, bool copy = False, *, torch.memory_format memory_format = None)\n * (torch.dtype dtype, bool non_blocking = False, bool copy = False, *, torch.memory_format memory_format = None)\n * (Tensor tensor, bool non_blocking = False, bool copy = False, *, torch.memory_format memory_format = None)\n\nTypeError to() received an invalid combination of arguments - got (int, int, int, int), but expected one of:\n * (torch.device device = None, torch.dtype dtype = None, bool non_blocking = False, bool copy = False, *, torch.memory_format memory_format = None)\n * (torch.dtype dtype, bool non_blocking = False, bool copy = False, *, torch.memory_format memory_format = None)\n * (Tensor tensor, bool non_blocking = False, bool copy = False, *, torch.memory_format memory_format = None)\n\nTypeError to() received an invalid combination of arguments - got (str, foo=int), but expected one of:\n * (torch.device device = None, torch.dtype dtype = None, bool non_blocking = False, bool copy = False, *, torch.memory_format memory_format = None)\n * (torch.dtype dtype, bool non_blocking = False, bool copy = False, *, torch.memory_format memory_format = None)\n * (Tensor tensor, bool non_blocking = False, bool copy = False, *, torch.memory_format memory_format = None)\n\nRuntimeError .to() does not accept copy argument\nTrue True torch.float64\ntorch.float32\n'),
    ('import torch.nn as nn\nfor name in ("cuda", "xpu", "ipu", "mtia"):\n    for mod in (nn.Linear(1, 1), nn.ReLU()):\n        try:\n            print(name, getattr(mod, name)())\n        except Exception as e:\n            print(name, type(e).__name__, e)\nfor d in ("xpu", "mtia:0"):\n    try:\n        torch.ones(1).to(d)\n    except Exception as e:\n        print(d, type(e).__name__, e)\n',
     'cuda AssertionError Torch not compiled with CUDA enabled\ncuda ReLU()\nxpu AssertionError Torch not compiled with XPU enabled\nxpu ReLU()\nipu RuntimeError PyTorch is not linked with support for ipu devices\nipu ReLU()\nmtia AssertionError Torch not compiled with MTIA enabled. Ensure you have `import mtia.host_runtime.torch_mtia.dynamic_library` in your python src file and include `//mtia/host_runtime/torch_mtia:torch_mtia` as your target dependency!\nmtia ReLU()\nxpu AssertionError Torch not compiled with XPU enabled\nmtia:0 AssertionError Torch not compiled with MTIA enabled. Ensure you have `import mtia.host_runtime.torch_mtia.dynamic_library` in your python src file and include `//mtia/host_runtime/torch_mtia:torch_mtia` as your target dependency!\n'),
]

CONTAINERS = [
    ('import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(2, 2), nn.ReLU())\nmodel.register_buffer("buf", torch.ones(1))\nd = dir(model)\nprint("0" in d, "1" in d, "buf" in d, "forward" in d, hasattr(model, "0"), getattr(model, "1"))\n',
     'False False True True True ReLU()\n'),
    ('import torch.nn as nn\nmd = nn.ModuleDict()\npd = nn.ParameterDict()\nfor f in (lambda: md.update({"a": nn.ReLU()}, 3), lambda: pd.update({}, 3)):\n    try:\n        f()\n    except TypeError as e:\n        print(e)\nmd.update(modules={"a": nn.ReLU()})\npd.update(parameters={"b": torch.ones(1)})\nprint(list(md.keys()), list(pd.keys()))\n',
     "ModuleDict.update() takes 2 positional arguments but 3 were given\nParameterDict.update() takes 2 positional arguments but 3 were given\n['a'] ['b']\n"),
    ('import torch.nn as nn\nnet = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.ReLU(), nn.Identity()))\nnet.set_submodule("1.0", nn.Tanh())\nnet.set_submodule("1.extra", nn.ELU(), strict=False)\nprint(net)\nfor args in [("1.nope", nn.Tanh(), True), ("0.weight", nn.Tanh()), ("", nn.Tanh()), ("1.0", 3), ("2.0", nn.Tanh())]:\n    try:\n        net.set_submodule(*args)\n    except Exception as e:\n        print(type(e).__name__, e)\n',
     "Sequential(\n  (0): Linear(in_features=2, out_features=2, bias=True)\n  (1): Sequential(\n    (0): Tanh()\n    (1): Identity()\n    (extra): ELU(alpha=1.0)\n  )\n)\nAttributeError Sequential has no attribute `nope`\nAttributeError `weight` is not an nn.Module\nValueError Cannot set the submodule without a target name!\nValueError `module` is not an nn.Module, found <class 'int'>\nAttributeError Sequential has no attribute `2`\n"),
    ('import torch.nn as nn\nclass P(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.lin = nn.Linear(1, 1)\n    @property\n    def prop(self):\n        return self.missing_attr\n    @property\n    def ok(self):\n        return self.lin.in_features\n    @property\n    def other(self):\n        raise ValueError("not an attribute error")\np = P()\nprint(p.ok, hasattr(p, "prop"), getattr(p, "prop", "default"))\ntry:\n    p.prop\nexcept AttributeError as e:\n    print(e)\ntry:\n    p.other\nexcept ValueError as e:\n    print(e)\n',
     "1 False default\n'P' object has no attribute 'prop'\nnot an attribute error\n"),
]

STATE_DICT = [
    ('import torch.nn as nn\nl = nn.Linear(2, 2)\ntry:\n    l.load_state_dict({"weight": torch.ones(2, 2, dtype=torch.long), "bias": torch.zeros(2)}, assign=True)\nexcept RuntimeError as e:\n    print(e)\np = nn.Parameter(torch.zeros(2), requires_grad=False)\nl.load_state_dict({"weight": torch.ones(2, 2), "bias": p}, assign=True)\nprint(l.bias is p, l.bias.requires_grad, type(l.weight).__name__, l.weight.requires_grad)\n',
     'Error(s) in loading state_dict for Linear:\n\tWhile copying the parameter named "weight", whose dimensions in the model are torch.Size([2, 2]) and whose dimensions in the checkpoint are torch.Size([2, 2]), an exception occurred : (\'Only Tensors of floating point and complex dtype can require gradients\',).\nTrue True Parameter True\n'),
    ('import torch.nn as nn\nm = nn.Linear(1, 1)\nm.register_load_state_dict_post_hook(lambda mod, keys: 5)\ntry:\n    m.load_state_dict(m.state_dict())\nexcept Exception as e:\n    print(type(e).__name__, e)\nn = nn.Linear(1, 1)\nn.register_state_dict_post_hook(lambda mod, sd, prefix, meta: {"x": 1})\ntry:\n    print(list(n.state_dict().keys()))\nexcept Exception as e:\n    print(type(e).__name__, e)\nk = nn.Linear(1, 1)\nk.register_state_dict_pre_hook(lambda mod, prefix, keep_vars: 3)\nprint(list(k.state_dict().keys()))\nouter = nn.Sequential(nn.Linear(1, 1))\nouter[0].register_load_state_dict_post_hook(lambda mod, keys: print("inner post", keys))\nouter.register_load_state_dict_post_hook(lambda mod, keys: print("outer post", keys))\nouter.load_state_dict({"0.weight": torch.ones(1, 1), "x": torch.ones(1)}, strict=False)\n',
     "AssertionError Hooks registered with ``register_load_state_dict_post_hook`` are not expected to return new values, if incompatible_keys need to be modified, it should be done inplace.\nRuntimeError state_dict post-hook must return None\n['weight', 'bias']\ninner post _IncompatibleKeys(missing_keys=['0.bias'], unexpected_keys=['x'])\nouter post _IncompatibleKeys(missing_keys=['0.bias'], unexpected_keys=['x'])\n"),
]

CLIP = [
    ('import torch.nn as nn\np = nn.Parameter(torch.ones(2))\nfor args in [([], 1.0), (p, 1.0), ([p], "x")]:\n    try:\n        nn.utils.clip_grad_value_(*args)\n    except Exception as e:\n        print(type(e).__name__, e)\np.grad = torch.tensor([2.0, -3.0])\nprint(nn.utils.clip_grad_value_([p], -1), p.grad)\n',
     "RuntimeError Expected !nested_tensorlist[0].empty() to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)\nRuntimeError Expected !nested_tensorlist[0].empty() to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)\nValueError could not convert string to float: 'x'\nNone tensor([-1., -1.])\n"),
    ('import torch.nn as nn\nprint(nn.utils.clip_grad_norm_((p for p in []), 1.0))\nprint(nn.utils.clip_grad_norm_(nn.ReLU().parameters(), 1.0))\nprint(nn.utils.clip_grad_norm_([], 1.0))\n',
     '!W UserWarning: `parameters` is an empty generator, no gradient clipping will occur.\ntensor(0.)\n!W UserWarning: `parameters` is an empty generator, no gradient clipping will occur.\ntensor(0.)\ntensor(0.)\n'),
]

RNN_UTILS = [
    ('from torch.nn.utils.rnn import pad_sequence\nfor s in [[torch.tensor(1.0)], [torch.ones(2), torch.tensor(2.0)], [torch.tensor(1.0), torch.ones(2)]]:\n    try:\n        print(pad_sequence(s))\n    except Exception as e:\n        print(type(e).__name__, e)\n',
     'RuntimeError ArrayRef: invalid slice, N = 1; size = 0\nIndexError Dimension specified as 0 but tensor has no dimensions\nRuntimeError ArrayRef: invalid slice, N = 1; size = 0\n'),
]

PARAMETRIZE = [
    ('import torch.nn as nn\nimport torch.nn.utils.parametrize as P\nclass Double(nn.Module):\n    def forward(self, X):\n        return 2 * X\nclass Split(nn.Module):\n    def forward(self, A, B):\n        return A + B\n    def right_inverse(self, X):\n        return X, torch.zeros_like(X)\nsrc = nn.Linear(2, 2)\nP.register_parametrization(src, "weight", Double())\nP.register_parametrization(src, "bias", Split())\ndst = P.transfer_parametrizations_and_params(src, nn.Linear(2, 2))\nprint(type(dst).__name__, P.is_parametrized(dst, "weight"), P.is_parametrized(dst, "bias"))\nprint(dst.parametrizations.weight.original is src.parametrizations.weight.original)\nprint(dst.parametrizations.bias.original1 is src.parametrizations.bias.original1, torch.equal(dst.bias, src.bias))\nonly = P.transfer_parametrizations_and_params(src, nn.Linear(2, 2), "bias")\nprint(P.is_parametrized(only, "weight"), P.is_parametrized(only, "bias"))\nbare = nn.Module()\nP.transfer_parametrizations_and_params(src, bare, "weight")\nprint(type(bare).__name__, [n for n, _ in bare.named_parameters()], torch.equal(bare.weight, src.weight))\nprint(P.transfer_parametrizations_and_params(nn.ReLU(), bare) is bare)\n',
     "ParametrizedLinear True True\nTrue\nTrue True\nFalse True\nParametrizedModule ['parametrizations.weight.original'] True\nTrue\n"),
]

test_nn_api = printed_programs({
    "hooks": HOOKS,
    "to-type": TO_TYPE,
    "containers": CONTAINERS,
    "state-dict": STATE_DICT,
    "clip": CLIP,
    "rnn-utils": RNN_UTILS,
    "parametrize": PARAMETRIZE,
})
