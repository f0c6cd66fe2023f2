"""Found in session 49 porting PyTorch's test/optim/test_optim.py, test_lrscheduler.py and
test_swa_utils.py (CPU parts). Each expected output is what torch 2.13 printed (format of
test_autograd_parity4).

capturable-foreach: capturable=True refused on CPU with foreach=True names no 'xla' device for
Adam(W), Adamax, ASGD, NAdam (whose foreach words add a comma: 'mu_products, and'), RAdam (their
multi-tensor paths pass supports_xla=False); RMSprop and Rprop keep it, Adadelta never has it.

adam-tensor-betas: Adam/AdamW refuse a tensor lr or tensor betas with foreach=True and
capturable=False (was accepted), check each tensor beta is 1-element, and squeeze 1-element
betas to 0-d (PyTorch's _to_scalar; they were kept with their shape).

tensor-lr-schedulers: A tensor lr in a param group is filled in place by every scheduler
(PyTorch's _update_param_group_val): OneCycleLR, CyclicLR (its base_lr too, so initial_lr is a
tensor) and ReduceLROnPlateau replaced it with a float; get_last_lr, base_lrs and initial_lr are
clones (they aliased the group's tensor).

step-overridden: `optimizer.step = f` may be assigned (was refused as a method assignment), and
a scheduler's first step() then warns that optimizer.step() was overridden after the scheduler's
initialization, as PyTorch's wrapped-step check does.

fused-complex: fused=True with a complex parameter is refused at step() as PyTorch does
(Adam/AdamW: each new parameter must be floating point; SGD and Adagrad check only their first
parameter with a gradient, then Adagrad refuses complex and SGD's fused kernel has no complex
dtype); gradcli stepped them.

global-step-hooks: torch.optim.optimizer (Optimizer, register_optimizer_step_pre_hook,
register_optimizer_step_post_hook) could not be imported; the global hooks run for every
optimizer's step(), pre-hooks before the optimizer's own and post-hooks after them, and end with
the formula run.

optimizer-deepcopy: copy.deepcopy of an optimizer runs PyTorch's __setstate__: a non-tensor step
becomes a tensor again, missing group defaults come back, defaults gain differentiable=False.

tensor-lr-dtype: A float32 tensor lr on float64 parameters: Adam(W), Adamax, NAdam and ASGD
compute lr / bias_correction (NAdam's step values, ASGD's eta, the decoupled 1 -
lr*weight_decay) in the tensor's dtype as PyTorch's tensor arithmetic does (gradcli took the lr
as a Python float, so the steps differed in the last bits).
"""
from test_autograd_parity4 import printed_programs

CAPTURABLE_FOREACH = [
    ('for cls in [torch.optim.Adam, torch.optim.Adamax, torch.optim.ASGD, torch.optim.NAdam, torch.optim.RAdam, torch.optim.RMSprop, torch.optim.Rprop, torch.optim.Adadelta]:\n    for fe in [False, True]:\n        w = torch.tensor([1.0, -2.0], requires_grad=True)\n        w.grad = torch.ones(2)\n        try:\n            cls([w], capturable=True, foreach=fe).step()\n        except AssertionError as e:\n            print(cls.__name__, fe, e)\n',
     "Adam False If capturable=True, params and state_steps must be on supported devices: ['cuda', 'xpu', 'hpu', 'privateuseone', 'xla'].\nAdam True If capturable=True, params and state_steps must be on supported devices: ['cuda', 'xpu', 'hpu', 'privateuseone'].\nAdamax False If capturable=True, params and state_steps must be on supported devices: ['cuda', 'xpu', 'hpu', 'privateuseone', 'xla'].\nAdamax True If capturable=True, params and state_steps must be on supported devices: ['cuda', 'xpu', 'hpu', 'privateuseone'].\nASGD False If capturable=True, params, mus, etas, and state_steps must be on supported devices: ['cuda', 'xpu', 'hpu', 'privateuseone', 'xla'].\nASGD True If capturable=True, params, mus, etas, and state_steps must be on supported devices: ['cuda', 'xpu', 'hpu', 'privateuseone'].\nNAdam False If capturable=True, params, mu_products and state_steps must be on supported devices: ['cuda', 'xpu', 'hpu', 'privateuseone', 'xla'].\nNAdam True If capturable=True, params, mu_products, and state_steps must be on supported devices: ['cuda', 'xpu', 'hpu', 'privateuseone'].\nRAdam False If capturable=True, params and state_steps must be on supported devices: ['cuda', 'xpu', 'hpu', 'privateuseone', 'xla'].\nRAdam True If capturable=True, params and state_steps must be on supported devices: ['cuda', 'xpu', 'hpu', 'privateuseone'].\nRMSprop False If capturable=True, params and state_steps must be on supported devices: ['cuda', 'xpu', 'hpu', 'privateuseone', 'xla'].\nRMSprop True If capturable=True, params and state_steps must be on supported devices: ['cuda', 'xpu', 'hpu', 'privateuseone', 'xla'].\nRprop False If capturable=True, params and state_steps must be on supported devices: ['cuda', 'xpu', 'hpu', 'privateuseone', 'xla'].\nRprop True If capturable=True, params and state_steps must be on supported devices: ['cuda', 'xpu', 'hpu', 'privateuseone', 'xla'].\nAdadelta False If capturable=True, params and state_steps must be on supported devices: ['cuda', 'xpu', 'hpu', 'privateuseone'].\nAdadelta True If capturable=True, params and state_steps must be on supported devices: ['cuda', 'xpu', 'hpu', 'privateuseone'].\n"),
]

ADAM_TENSOR_BETAS = [
    ("w = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)\nfor kw in [dict(lr=torch.tensor(0.1), foreach=True), dict(betas=(torch.tensor(0.9), torch.tensor(0.99)), foreach=True),\n           dict(betas=(torch.tensor(0.9), torch.tensor([0.9, 0.8]))), dict(betas=(torch.tensor(0.9), torch.tensor([0.9, 0.8])), foreach=True),\n           dict(lr=torch.tensor(0.1), foreach=True, capturable=True)]:\n    try:\n        o = torch.optim.AdamW([w], **kw)\n        print(o.param_groups[0]['lr'], o.param_groups[0]['betas'])\n    except ValueError as e:\n        print(e)\no = torch.optim.Adam([w], lr=torch.tensor([0.1]), betas=(torch.tensor([0.5]), torch.tensor([[0.9]])))\nprint(o.param_groups[0]['betas'], o.param_groups[0]['lr'])\nw.grad = torch.tensor([0.5, -1.5], dtype=torch.float64)\no.step(); o.step()\nprint(w, o.state[w])\n",
     'lr as a Tensor is not supported for capturable=False and foreach=True\nbetas[0] as a Tensor is not supported for capturable=False and foreach=True\n!! RuntimeError: Boolean value of Tensor with more than one value is ambiguous\n'),
]

TENSOR_LR_SCHEDULERS = [
    ("import torch.optim.lr_scheduler as L\ndef mkopt():\n    w = torch.zeros(2, requires_grad=True)\n    return torch.optim.SGD([{'params': [w]}, {'params': [torch.zeros(1, requires_grad=True)], 'lr': torch.tensor(0.5)}], lr=0.05, momentum=0.9)\nfor make in [lambda o: L.OneCycleLR(o, 0.1, total_steps=8), lambda o: L.CyclicLR(o, 0.01, 0.1, step_size_up=2)]:\n    o = mkopt()\n    s = make(o)\n    for e in range(3):\n        o.step(); s.step()\n    print(type(s).__name__, s.get_last_lr(), o.param_groups[1]['lr'], o.param_groups[1]['initial_lr'])\no = mkopt()\nr = L.ReduceLROnPlateau(o, patience=0)\nfor m in [1, 2, 3]:\n    r.step(m)\nprint(o.param_groups[1]['lr'], r.get_last_lr())\n",
     'OneCycleLR [0.0811745653949763, tensor(0.0812)] tensor(0.0812) 0.004\nCyclicLR [0.05500000000000001, tensor(0.0550)] tensor(0.0550) tensor(0.0100)\ntensor(0.0050) [0.0005000000000000001, tensor(0.0050)]\n'),
    ("import torch.optim.lr_scheduler as L\nlr = torch.tensor(0.5)\no = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)\ns = L.StepLR(o, 1, gamma=0.5)\nfirst = s.get_last_lr()[0]\nfor e in range(3):\n    o.step(); s.step()\nprint(lr, o.param_groups[0]['lr'] is lr, o.param_groups[0]['initial_lr'], s.base_lrs, first, s.get_last_lr())\no.param_groups[0]['initial_lr'].fill_(2.0)\nprint(s.base_lrs)\ns2 = L.SequentialLR(o, [L.ConstantLR(o, factor=0.5, total_iters=2), L.ExponentialLR(o, gamma=0.9)], milestones=[2])\nprint(lr, o.param_groups[0]['lr'] is lr)\n",
     'tensor(0.0625) True tensor(0.5000) [tensor(0.5000)] tensor(0.5000) [tensor(0.0625)]\n[tensor(0.5000)]\ntensor(1.) True\n'),
]

STEP_OVERRIDDEN = [
    ('import torch.optim.lr_scheduler as L\no = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)\ns = L.StepLR(o, 2)\nold_step = o.step\ncalls = []\ndef new_step(*args, **kwargs):\n    calls.append(1)\n    return old_step(*args, **kwargs)\no.step = new_step\nfor e in range(3):\n    o.step()\n    s.step()\nprint(s.get_last_lr(), len(calls))\no2 = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)\ns2 = L.ExponentialLR(o2, 0.5)\ns2.step()\no2.step()\nprint(s2.get_last_lr())\n',
     '!W UserWarning: Seems like `optimizer.step()` has been overridden after learning rate scheduler initialization. Please, make sure to call `optimizer.step()` before `lr_scheduler.step()`. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate\n[0.1] 3\n!W UserWarning: Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate\n[0.5]\n'),
]

FUSED_COMPLEX = [
    ("for n in ['SGD', 'Adam', 'AdamW', 'Adagrad']:\n    for order in [0, 1]:\n        w = torch.tensor([1.0, -2.0], requires_grad=True)\n        c = torch.tensor([1 + 2j, -1j], dtype=torch.complex128, requires_grad=True)\n        params = [w, c] if order == 0 else [c, w]\n        o = getattr(torch.optim, n)(params, lr=0.1, fused=True)\n        w.grad = torch.ones(2)\n        c.grad = torch.tensor([1 - 1j, 2j], dtype=torch.complex128)\n        try:\n            o.step()\n            print(n, order, w, c)\n        except Exception as e:\n            print(n, order, type(e).__name__, e)\n        c.grad = None\n        try:\n            o.step()\n            print(n, order, w)\n        except Exception as e:\n            print(n, order, type(e).__name__, e)\n",
     'SGD 0 NotImplementedError "fused_sgd_kernel" not implemented for \'ComplexDouble\'\nSGD 0 tensor([ 0.9000, -2.1000], requires_grad=True)\nSGD 1 RuntimeError `fused=True` requires all the params to be floating point Tensors of supported devices: [\'mps\', \'cuda\', \'xpu\', \'hpu\', \'cpu\', \'mtia\', \'privateuseone\'] but torch.complex128 and cpu\nSGD 1 tensor([ 0.9000, -2.1000], requires_grad=True)\nAdam 0 RuntimeError `fused=True` requires all the params to be floating point Tensors of supported devices: [\'mps\', \'cuda\', \'xpu\', \'hpu\', \'cpu\', \'mtia\', \'privateuseone\'] but torch.complex128 and cpu\nAdam 0 tensor([ 0.9000, -2.1000], requires_grad=True)\nAdam 1 RuntimeError `fused=True` requires all the params to be floating point Tensors of supported devices: [\'mps\', \'cuda\', \'xpu\', \'hpu\', \'cpu\', \'mtia\', \'privateuseone\'] but torch.complex128 and cpu\nAdam 1 tensor([ 0.9000, -2.1000], requires_grad=True)\nAdamW 0 RuntimeError `fused=True` requires all the params to be floating point Tensors of supported devices: [\'mps\', \'cuda\', \'xpu\', \'hpu\', \'cpu\', \'mtia\', \'privateuseone\'] but torch.complex128 and cpu\nAdamW 0 tensor([ 0.8990, -2.0980], requires_grad=True)\nAdamW 1 RuntimeError `fused=True` requires all the params to be floating point Tensors of supported devices: [\'mps\', \'cuda\', \'xpu\', \'hpu\', \'cpu\', \'mtia\', \'privateuseone\'] but torch.complex128 and cpu\nAdamW 1 tensor([ 0.8990, -2.0980], requires_grad=True)\nAdagrad 0 RuntimeError `fused` does not support sparse grad or complex param\nAdagrad 0 tensor([ 0.9000, -2.1000], requires_grad=True)\nAdagrad 1 RuntimeError `fused=True` requires all the params to be floating point Tensors of supported devices: [\'mps\', \'cuda\', \'xpu\', \'hpu\', \'cpu\', \'mtia\', \'privateuseone\'] but torch.complex128 and cpu\nAdagrad 1 tensor([ 0.9000, -2.1000], requires_grad=True)\n'),
]

GLOBAL_STEP_HOOKS = [
    ("from torch.optim.optimizer import register_optimizer_step_pre_hook, register_optimizer_step_post_hook\nimport torch.optim.optimizer as oo\nw = torch.tensor([1.0, 2.0], requires_grad=True)\no = torch.optim.Adam([w], lr=0.1)\no2 = torch.optim.SGD([w], lr=0.1)\nlog = []\nh1 = register_optimizer_step_pre_hook(lambda opt, a, k: log.append(('gpre', type(opt).__name__)))\nh2 = oo.register_optimizer_step_post_hook(lambda opt, a, k: log.append(('gpost', type(opt).__name__)))\nh3 = o.register_step_pre_hook(lambda opt, a, k: log.append('pre'))\nh4 = o.register_step_post_hook(lambda opt, a, k: log.append('post'))\nw.grad = torch.ones(2)\no.step(); o2.step()\nprint(o2.param_groups[0]['lr'])\nh1.remove(); h2.remove(); h3.remove()\no.step()\nprint(log, w)\nprint(oo.Optimizer is torch.optim.Optimizer)\nregister_optimizer_step_post_hook(lambda opt, a, k: opt.param_groups[0].update(lr=100.0))\no2.step()\nprint(o2.param_groups[0]['lr'])\n",
     "0.1\n[('gpre', 'Adam'), 'pre', 'post', ('gpost', 'Adam'), ('gpre', 'SGD'), ('gpost', 'SGD'), 'post'] tensor([0.7000, 1.7000], requires_grad=True)\nTrue\n100.0\n"),
    ("w = torch.tensor([1.0, 2.0], requires_grad=True)\no = torch.optim.SGD([w], lr=0.1)\nw.grad = torch.ones(2)\no.step()\nprint(w)\no.step()\nprint(w, o.param_groups[0]['lr'])\n",
     'tensor([0.9000, 1.9000], requires_grad=True)\ntensor([0.8000, 1.8000], requires_grad=True) 0.1\n'),
]

OPTIMIZER_DEEPCOPY = [
    ("import copy\nw = torch.tensor([1.0, 2.0], requires_grad=True)\nfor o in [torch.optim.Adam([w], lr=0.1), torch.optim.NAdam([w]), torch.optim.LBFGS([w])]:\n    w.grad = torch.ones(2)\n    if not isinstance(o, torch.optim.LBFGS):\n        o.step()\n        sd = o.state_dict()\n        sd['state'][0]['step'] = 3\n    o5 = copy.deepcopy(o)\n    print(o5.state_dict()['state'], o5.param_groups[0]['params'][0] is w, o5.defaults.get('differentiable'))\n    del o5.param_groups[0]['maximize']\n    o6 = copy.deepcopy(o5)\n    print(o6.param_groups[0].get('maximize'))\n",
     "{0: {'step': tensor(3.), 'exp_avg': tensor([0.1000, 0.1000]), 'exp_avg_sq': tensor([0.0010, 0.0010])}} False False\nFalse\n{0: {'step': tensor(3.), 'mu_product': tensor(0.4501), 'exp_avg': tensor([0.1000, 0.1000]), 'exp_avg_sq': tensor([0.0010, 0.0010])}} False False\nFalse\n{} False False\n!! KeyError: 'maximize'\n"),
]

TENSOR_LR_DTYPE = [
    ("specs = [('Adam', {}), ('AdamW', dict(weight_decay=0.5)), ('Adamax', {}), ('ASGD', dict(t0=1)), ('NAdam', dict(weight_decay=0.3, decoupled_weight_decay=True)),\n         ('RAdam', dict(weight_decay=0.3, decoupled_weight_decay=True)), ('Adam', dict(amsgrad=True, weight_decay=0.2, decoupled_weight_decay=True))]\nfor n, kw in specs:\n    for lr in [0.01, torch.tensor(0.01), torch.tensor([0.01])]:\n        torch.manual_seed(0)\n        w = torch.randn(4, dtype=torch.float64, requires_grad=True)\n        o = getattr(torch.optim, n)([w], lr=lr, **kw)\n        for i in range(3):\n            o.zero_grad()\n            (w ** 2).sum().backward()\n            o.step()\n        print(n, type(lr).__name__, w.tolist())\n",
     'Adam float [1.5110025358888302, -0.26346806522652294, -2.148793880285165, 0.5384497966777508]\nAdam Tensor [1.5110025367936775, -0.26346806612913737, -2.1487938811901333, 0.5384497975818083]\nAdam Tensor [1.5110025367936775, -0.26346806612913737, -2.1487938811901333, 0.5384497975818083]\nAdamW float [1.4881579593813123, -0.25924511663969385, -2.116430059828975, 0.5301214688101146]\nAdamW Tensor [1.4881579819569926, -0.2592451215430006, -2.116430091437575, 0.5301214776105218]\nAdamW Tensor [1.4881579819569926, -0.2592451215430006, -2.116430091437575, 0.5301214776105218]\nAdamax float [1.511069780609058, -0.26394169897616354, -2.148832711866121, 0.5386820172491552]\nAdamax Tensor [1.5110697815080127, -0.2639416998455871, -2.1488327127671187, 0.5386820181361937]\nAdamax Tensor [1.5110697815080127, -0.2639416998455871, -2.1488327127671187, 0.5386820181361937]\nASGD float [1.4503688373449717, -0.2761721062208634, -2.0506529549253063, 0.5350013581017531]\nASGD Tensor [1.4503688401017678, -0.276172106745799, -2.0506529588230955, 0.5350013591186596]\nASGD Tensor [1.4503688401017678, -0.276172106745799, -2.0506529588230955, 0.5350013591186596]\nNAdam float [1.5016200659343892, -0.26550768352451926, -2.1336729847030145, 0.5378851920363525]\nNAdam Tensor [1.5016199710942837, -0.2655076667313468, -2.1336728499595994, 0.5378851580422098]\nNAdam Tensor [1.5016199710942837, -0.2655076667313468, -2.1336728499595994, 0.5378851580422098]\nRAdam float [1.43611302666185, -0.2734575848102609, -2.0304968956185485, 0.5297427798146788]\nRAdam Tensor [1.4361129352129323, -0.27345756739700733, -2.0304967663204088, 0.5297427460816764]\nRAdam Tensor [1.4361129352129323, -0.27345756739700733, -2.0304967663204088, 0.5297427460816764]\nAdam float [1.5018370626076338, -0.2617736443771567, -2.1358092561013136, 0.53510828716914]\nAdam Tensor [1.501837181274529, -0.2617736670474057, -2.135809423839983, 0.5351083310040531]\nAdam Tensor [1.501837181274529, -0.2617736670474057, -2.135809423839983, 0.5351083310040531]\n'),
    ("torch.set_default_dtype(torch.float64)\nfor n in ['ASGD', 'Adamax']:\n    for lr in [0.01, torch.tensor(0.01, dtype=torch.float32)]:\n        torch.manual_seed(0)\n        w = torch.randn(4, requires_grad=True)\n        o = getattr(torch.optim, n)([w], lr=lr)\n        for i in range(3):\n            o.zero_grad()\n            (w ** 2).sum().backward()\n            o.step()\n        print(n, w.tolist(), {k: v for k, v in o.state[w].items() if k != 'ax'})\n",
     "ASGD [1.4503688357988382, -0.27617210592645636, -2.0506529527392536, 0.535001357531427] {'step': tensor(3.), 'eta': tensor(0.0100), 'mu': tensor(1.)}\nASGD [1.4503688401017678, -0.276172106745799, -2.0506529588230955, 0.5350013591186596] {'step': tensor(3.), 'eta': tensor(0.0100), 'mu': tensor(1.)}\nAdamax [1.511069780609058, -0.26394169897616354, -2.148832711866121, 0.5386820172491552] {'step': tensor(3.), 'exp_avg': tensor([ 0.8294, -0.1533, -1.1751,  0.3023]), 'exp_inf': tensor([3.0758, 0.5857, 4.3489, 1.1346])}\nAdamax [1.5110697815080127, -0.2639416998455871, -2.1488327127671187, 0.5386820181361937] {'step': tensor(3.), 'exp_avg': tensor([ 0.8294, -0.1533, -1.1751,  0.3023]), 'exp_inf': tensor([3.0758, 0.5857, 4.3489, 1.1346])}\n"),
]

test_programs = printed_programs({
    "capturable-foreach": CAPTURABLE_FOREACH,
    "adam-tensor-betas": ADAM_TENSOR_BETAS,
    "tensor-lr-schedulers": TENSOR_LR_SCHEDULERS,
    "step-overridden": STEP_OVERRIDDEN,
    "fused-complex": FUSED_COMPLEX,
    "global-step-hooks": GLOBAL_STEP_HOOKS,
    "optimizer-deepcopy": OPTIMIZER_DEEPCOPY,
    "tensor-lr-dtype": TENSOR_LR_DTYPE,
})
