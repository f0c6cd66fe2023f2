"""torch.optim: optimizers and schedulers against results recorded from PyTorch 2.13 (CPU).

The literals below were produced by running the same code under PyTorch; parameter values are
kept as float.hex so that bit-level agreement is checked. SGD matches to the bit; optimizers
that take a square root may differ in the last ulps, because PyTorch's CPU sqrt is MKL's (not
correctly rounded) while ours is NumPy's.
"""
from __future__ import annotations

import io
import math
from fractions import Fraction

import numpy as np
import pytest

import gradcli
import gradcli.optim as optim
from gradcli.errors import EvalError
from gradcli.lang import run_source

TRAJECTORIES = [
    ('float32', 'SGD', {'lr': 0.1}, ['0x1.07ae140000000p+0', '-0x1.71eb840000000p+0', '-0x1.c28f5a0000000p-3', '0x1.9ae1480000000p+1'], 6, {}),
    ('float32', 'SGD', {'lr': 0.1, 'momentum': 0.9}, ['0x1.2e5b980000000p+0', '-0x1.2943c20000000p-1', '-0x1.1683700000000p+0', '0x1.cd86000000000p+1'], 6, {'momentum_buffer': ['-0x1.0e98fc0000000p-3', '-0x1.25bb300000000p+2', '0x1.8f14600000000p+2', '-0x1.a90f1c0000000p+0']}),
    ('float32', 'SGD', {'lr': 0.05, 'momentum': 0.9, 'nesterov': True, 'weight_decay': 0.01}, ['0x1.15c40e0000000p+0', '-0x1.1052540000000p+0', '-0x1.2823820000000p-1', '0x1.abfa4c0000000p+1'], 6, {'momentum_buffer': ['-0x1.52af0c0000000p-4', '-0x1.2ad80e0000000p+2', '0x1.8fc6b80000000p+2', '-0x1.83936c0000000p+0']}),
    ('float32', 'SGD', {'lr': 0.1, 'momentum': 0.5, 'dampening': 0.3, 'maximize': True, 'weight_decay': 0.1}, ['0x1.ba7e480000000p-1', '-0x1.3d3c680000000p+1', '0x1.35a45a0000000p+0', '0x1.42c3f80000000p+1'], 6, {'momentum_buffer': ['0x1.2ea1940000000p-5', '0x1.5bed100000000p+0', '-0x1.3ddcf80000000p+1', '0x1.c79c920000000p-1']}),
    ('float32', 'Adam', {'lr': 0.01}, ['0x1.0b44780000000p+0', '-0x1.f0a9500000000p+0', '0x1.c720ec0000000p-2', '0x1.87b61a0000000p+1'], 6, {'step': 6.0, 'exp_avg': ['-0x1.b0f4c80000000p-7', '-0x1.d5f8500000000p-2', '0x1.3f43800000000p-1', '-0x1.540c180000000p-3'], 'exp_avg_sq': ['0x1.b3ca8a0000000p-14', '0x1.7476b80000000p-8', '0x1.840f6a0000000p-7', '0x1.8259560000000p-11']}),
    ('float32', 'Adam', {'lr': 0.1, 'betas': (0.3, 0.7), 'weight_decay': 0.1, 'amsgrad': True}, ['0x1.ad6c940000000p-1', '-0x1.5b3f220000000p+0', '-0x1.66a5e40000000p-3', '0x1.d268c20000000p+1'], 6, {'step': 6.0, 'exp_avg': ['0x1.9632f20000000p-3', '-0x1.723a460000000p+0', '0x1.0b352a0000000p+1', '-0x1.fdbf9a0000000p-6'], 'exp_avg_sq': ['0x1.803ca20000000p-6', '0x1.762d6c0000000p+0', '0x1.58bda20000000p+1', '0x1.66e7180000000p-11'], 'max_exp_avg_sq': ['0x1.803ca20000000p-6', '0x1.762d6c0000000p+0', '0x1.58bda20000000p+1', '0x1.66e7180000000p-11']}),
    ('float32', 'Adam', {'lr': 0.01, 'maximize': True, 'eps': 0.001}, ['0x1.e998920000000p-1', '-0x1.07a87c0000000p+1', '0x1.1c5d920000000p-1', '0x1.784fd20000000p+1'], 6, {'step': 6.0, 'exp_avg': ['0x1.b0f4c80000000p-7', '0x1.d5f8500000000p-2', '-0x1.3f43800000000p-1', '0x1.540c180000000p-3'], 'exp_avg_sq': ['0x1.b3ca8a0000000p-14', '0x1.7476b80000000p-8', '0x1.840f6a0000000p-7', '0x1.8259560000000p-11']}),
    ('float32', 'AdamW', {'lr': 0.01}, ['0x1.0b1c420000000p+0', '-0x1.f05baa0000000p+0', '0x1.c6d5ee0000000p-2', '0x1.877aa00000000p+1'], 12, {'step': 6.0, 'exp_avg': ['-0x1.b0f4c80000000p-7', '-0x1.d5f8500000000p-2', '0x1.3f43800000000p-1', '-0x1.540c180000000p-3'], 'exp_avg_sq': ['0x1.b3ca8a0000000p-14', '0x1.7476b80000000p-8', '0x1.840f6a0000000p-7', '0x1.8259560000000p-11']}),
    ('float32', 'AdamW', {'lr': 0.05, 'weight_decay': 0.3, 'amsgrad': True}, ['0x1.1f91dc0000000p+0', '-0x1.89bc660000000p+0', '0x1.837b400000000p-3', '0x1.83da640000000p+1'], 12, {'step': 6.0, 'exp_avg': ['-0x1.b0f4c80000000p-7', '-0x1.d5f8500000000p-2', '0x1.3f43800000000p-1', '-0x1.540c180000000p-3'], 'exp_avg_sq': ['0x1.b3ca8a0000000p-14', '0x1.7476b80000000p-8', '0x1.840f6a0000000p-7', '0x1.8259560000000p-11'], 'max_exp_avg_sq': ['0x1.b3ca8a0000000p-14', '0x1.7476b80000000p-8', '0x1.840f6a0000000p-7', '0x1.8259560000000p-11']}),
    ('float32', 'RMSprop', {'lr': 0.01}, ['0x1.21a33e0000000p+0', '-0x1.8fd07c0000000p+0', '0x1.4060000000000p-14', '0x1.b0b89e0000000p+1'], 6, {'step': 6.0, 'square_avg': ['0x1.0772900000000p-10', '0x1.cb6a600000000p-5', '0x1.e0d05a0000000p-4', '0x1.d936c60000000p-8']}),
    ('float32', 'RMSprop', {'lr': 0.01, 'momentum': 0.9, 'centered': True, 'weight_decay': 0.1}, ['0x1.241f7e0000000p+0', '-0x1.413f5c0000000p-1', '-0x1.13ac500000000p+0', '0x1.048baa0000000p+2'], 6, {'step': 6.0, 'square_avg': ['0x1.5d6fe20000000p-10', '0x1.2b8dbe0000000p-4', '0x1.d27ef00000000p-4', '0x1.2330c40000000p-17'], 'momentum_buffer': ['0x1.8e7a7c0000000p+3', '-0x1.0198640000000p+5', '0x1.2fe94a0000000p+5', '-0x1.09a1da0000000p+4'], 'grad_avg': ['0x1.1712880000000p-8', '-0x1.041b9c0000000p-4', '0x1.2292b00000000p-4', '-0x1.0ffe500000000p-11']}),
    ('float32', 'RMSprop', {'lr': 0.01, 'alpha': 0.3, 'centered': True}, ['0x1.095d880000000p+0', '-0x1.a4f2560000000p+0', '0x1.fdb3c00000000p-3', '0x1.d4ca040000000p+1'], 6, {'step': 6.0, 'square_avg': ['0x1.9e1d0a0000000p-7', '0x1.b23c540000000p+0', '0x1.1e23960000000p+2', '0x1.2739180000000p-3'], 'grad_avg': ['0x1.923a5e0000000p-4', '-0x1.4b73c00000000p+0', '0x1.0b471e0000000p+1', '-0x1.847b900000000p-2']}),
    ('float32', 'Adagrad', {'lr': 0.1}, ['0x1.21c9fe0000000p+0', '-0x1.9031cc0000000p+0', '0x1.055a000000000p-10', '0x1.b07e1e0000000p+1'], 6, {'step': 6.0, 'sum': ['0x1.ab27820000000p-4', '0x1.6c46360000000p+2', '0x1.7b564e0000000p+3', '0x1.7a260a0000000p-1']}),
    ('float32', 'Adagrad', {'lr': 0.1, 'lr_decay': 0.01, 'weight_decay': 0.1, 'initial_accumulator_value': 0.1, 'maximize': True}, ['0x1.abadee0000000p-1', '-0x1.320ac60000000p+1', '0x1.cad0a00000000p-1', '0x1.546e280000000p+1'], 6, {'step': 6.0, 'sum': ['0x1.40c1d80000000p-2', '0x1.cfe8de0000000p+1', '0x1.5de7300000000p+3', '0x1.40ce8e0000000p+1']}),
    ('float64', 'SGD', {'lr': 0.1}, ['0x1.07ae147ae147bp+0', '-0x1.71eb851eb851fp+0', '-0x1.c28f5c28f5c2bp-3', '0x1.9ae147ae147afp+1'], 6, {}),
    ('float64', 'SGD', {'lr': 0.1, 'momentum': 0.9}, ['0x1.2e5b971e390d8p+0', '-0x1.2943c5eb128e6p-1', '-0x1.16837157d5e75p+0', '0x1.cd85ffc63d0a9p+1'], 6, {'momentum_buffer': ['-0x1.0e98f99e04dd4p-3', '-0x1.25bb30d26d3e6p+2', '0x1.8f1460840bb19p+2', '-0x1.a90f1cf223050p+0']}),
    ('float64', 'SGD', {'lr': 0.05, 'momentum': 0.9, 'nesterov': True, 'weight_decay': 0.01}, ['0x1.15c40ef13cad3p+0', '-0x1.1052563268d78p+0', '-0x1.282384b36d6d8p-1', '0x1.abfa4c17a9760p+1'], 6, {'momentum_buffer': ['-0x1.52af0a593fc4cp-4', '-0x1.2ad80daf3c1e6p+2', '0x1.8fc6b9ed7b530p+2', '-0x1.83936aaf3927ap+0']}),
    ('float64', 'SGD', {'lr': 0.1, 'momentum': 0.5, 'dampening': 0.3, 'maximize': True, 'weight_decay': 0.1}, ['0x1.ba7e483fc8de6p-1', '-0x1.3d3c674684279p+1', '0x1.35a45a1a533fbp+0', '0x1.42c3f90a71debp+1'], 6, {'momentum_buffer': ['0x1.2ea18ba3db74bp-5', '0x1.5bed0ffa40bbep+0', '-0x1.3ddcf80daa8a5p+1', '0x1.c79c921d5d40bp-1']}),
    ('float64', 'Adam', {'lr': 0.01}, ['0x1.0b4479ad61323p+0', '-0x1.f0a94ca9bc9d5p+0', '0x1.c720ec802e3e8p-2', '0x1.87b61af44cd0cp+1'], 6, {'step': 6.0, 'exp_avg': ['-0x1.b0f4c2966e2e8p-7', '-0x1.d5f84e1d7b970p-2', '0x1.3f438069a2f46p-1', '-0x1.540c17281c03fp-3'], 'exp_avg_sq': ['0x1.b3ca84cf55accp-14', '0x1.7476b70ea000ap-8', '0x1.840f6820e8cdep-7', '0x1.825953d891b64p-11']}),
    ('float64', 'Adam', {'lr': 0.1, 'betas': (0.3, 0.7), 'weight_decay': 0.1, 'amsgrad': True}, ['0x1.ad6c8f151b403p-1', '-0x1.5b3f24857d2ecp+0', '-0x1.66a5e5f1ece39p-3', '0x1.d268c4738dd03p+1'], 6, {'step': 6.0, 'exp_avg': ['0x1.9632f136f4a7dp-3', '-0x1.723a47a1496ddp+0', '0x1.0b352929f4622p+1', '-0x1.fdbf85fe33ba1p-6'], 'exp_avg_sq': ['0x1.803c9f23cc513p-6', '0x1.762d6cea80564p+0', '0x1.58bda0a26f3b9p+1', '0x1.66e6fc2fc0e12p-11'], 'max_exp_avg_sq': ['0x1.803c9f23cc513p-6', '0x1.762d6cea80564p+0', '0x1.58bda0a26f3b9p+1', '0x1.66e6fc2fc0e12p-11']}),
    ('float64', 'Adam', {'lr': 0.01, 'maximize': True, 'eps': 0.001}, ['0x1.e99891957695fp-1', '-0x1.07a87b98a9345p+1', '0x1.1c5d92a86e755p-1', '0x1.784fd246f5c13p+1'], 6, {'step': 6.0, 'exp_avg': ['0x1.b0f4c2966e2e8p-7', '0x1.d5f84e1d7b970p-2', '-0x1.3f438069a2f46p-1', '0x1.540c17281c03fp-3'], 'exp_avg_sq': ['0x1.b3ca84cf55accp-14', '0x1.7476b70ea000ap-8', '0x1.840f6820e8cdep-7', '0x1.825953d891b64p-11']}),
    ('float64', 'AdamW', {'lr': 0.01}, ['0x1.0b1c441e501c0p+0', '-0x1.f05ba7fce238fp+0', '0x1.c6d5f395f8cb6p-2', '0x1.877aa53315b8cp+1'], 12, {'step': 6.0, 'exp_avg': ['-0x1.b0f4c2966e2e8p-7', '-0x1.d5f84e1d7b970p-2', '0x1.3f438069a2f46p-1', '-0x1.540c17281c03fp-3'], 'exp_avg_sq': ['0x1.b3ca84cf55accp-14', '0x1.7476b70ea000ap-8', '0x1.840f6820e8cdep-7', '0x1.825953d891b64p-11']}),
    ('float64', 'AdamW', {'lr': 0.05, 'weight_decay': 0.3, 'amsgrad': True}, ['0x1.1f91dd034f361p+0', '-0x1.89bc65600a0d7p+0', '0x1.837b37f60403cp-3', '0x1.83da62de4d666p+1'], 12, {'step': 6.0, 'exp_avg': ['-0x1.b0f4c2966e2e8p-7', '-0x1.d5f84e1d7b970p-2', '0x1.3f438069a2f46p-1', '-0x1.540c17281c03fp-3'], 'exp_avg_sq': ['0x1.b3ca84cf55accp-14', '0x1.7476b70ea000ap-8', '0x1.840f6820e8cdep-7', '0x1.825953d891b64p-11'], 'max_exp_avg_sq': ['0x1.b3ca84cf55accp-14', '0x1.7476b70ea000ap-8', '0x1.840f6820e8cdep-7', '0x1.825953d891b64p-11']}),
    ('float64', 'RMSprop', {'lr': 0.01}, ['0x1.21a340895de3ap+0', '-0x1.8fd07a4c80535p+0', '0x1.4049b2fff1c00p-14', '0x1.b0b89c7893957p+1'], 6, {'step': 6.0, 'square_avg': ['0x1.07728ce475db9p-10', '0x1.cb6a5e6e66938p-5', '0x1.e0d05b6b9964bp-4', '0x1.d936c55f1a8bap-8']}),
    ('float64', 'RMSprop', {'lr': 0.01, 'momentum': 0.9, 'centered': True, 'weight_decay': 0.1}, ['0x1.241f7da2ba7dbp+0', '-0x1.413f58c34d847p-1', '-0x1.13ac53bad524ep+0', '0x1.048ba9a662b57p+2'], 6, {'step': 6.0, 'square_avg': ['0x1.5d6fe23eb47c7p-10', '0x1.2b8dbd798aaf3p-4', '0x1.d27ef0cbf4454p-4', '0x1.23309f300fc47p-17'], 'momentum_buffer': ['0x1.8e7a7bb8810c6p+3', '-0x1.019865e1d9724p+5', '0x1.2fe94cfbc74e5p+5', '-0x1.09a1c686024e4p+4'], 'grad_avg': ['0x1.17128a91141dep-8', '-0x1.041b9b383a0cdp-4', '0x1.2292b095c50e2p-4', '-0x1.0ffe2d4e33684p-11']}),
    ('float64', 'RMSprop', {'lr': 0.01, 'alpha': 0.3, 'centered': True}, ['0x1.095d8919c8615p+0', '-0x1.a4f24c12b411dp+0', '0x1.fdb3dc1baf4f1p-3', '0x1.d4ca12e80806fp+1'], 6, {'step': 6.0, 'square_avg': ['0x1.9e1d0bff67a99p-7', '0x1.b23c56d32078fp+0', '0x1.1e2395fc811a8p+2', '0x1.27391722dc4dfp-3'], 'grad_avg': ['0x1.923a5f775edc2p-4', '-0x1.4b73c198bc241p+0', '0x1.0b471cf5034ccp+1', '-0x1.847b8fc357025p-2']}),
    ('float64', 'Adagrad', {'lr': 0.1}, ['0x1.21c9fc78ec238p+0', '-0x1.9031cdc8d0cf3p+0', '0x1.055b183679c40p-10', '0x1.b07e1e996948dp+1'], 6, {'step': 6.0, 'sum': ['0x1.ab277f44c118dp-4', '0x1.6c463796ac9e0p+2', '0x1.7b564efe89824p+3', '0x1.7a2608c6f2d5ap-1']}),
    ('float64', 'Adagrad', {'lr': 0.1, 'lr_decay': 0.01, 'weight_decay': 0.1, 'initial_accumulator_value': 0.1, 'maximize': True}, ['0x1.abaded4e67499p-1', '-0x1.320ac476724e5p+1', '0x1.cad0a0be68f68p-1', '0x1.546e29573be1dp+1'], 6, {'step': 6.0, 'sum': ['0x1.40c1d56c94a01p-2', '0x1.cfe8dea6bc0b9p+1', '0x1.5de72f9d4984ap+3', '0x1.40ce8d811e8dep+1']}),
]

REPRS = {
    'SGD': 'SGD (\nParameter Group 0\n    dampening: 0\n    differentiable: False\n    foreach: None\n    fused: None\n    lr: 0.001\n    maximize: False\n    momentum: 0\n    nesterov: False\n    weight_decay: 0\n)',
    'Adam': 'Adam (\nParameter Group 0\n    amsgrad: False\n    betas: (0.9, 0.999)\n    capturable: False\n    decoupled_weight_decay: False\n    differentiable: False\n    eps: 1e-08\n    foreach: None\n    fused: None\n    lr: 0.001\n    maximize: False\n    weight_decay: 0\n)',
    'AdamW': 'AdamW (\nParameter Group 0\n    amsgrad: False\n    betas: (0.9, 0.999)\n    capturable: False\n    decoupled_weight_decay: True\n    differentiable: False\n    eps: 1e-08\n    foreach: None\n    fused: None\n    lr: 0.001\n    maximize: False\n    weight_decay: 0.01\n)',
    'RMSprop': 'RMSprop (\nParameter Group 0\n    alpha: 0.99\n    capturable: False\n    centered: False\n    differentiable: False\n    eps: 1e-08\n    foreach: None\n    lr: 0.01\n    maximize: False\n    momentum: 0\n    weight_decay: 0\n)',
    'Adagrad': 'Adagrad (\nParameter Group 0\n    differentiable: False\n    eps: 1e-10\n    foreach: None\n    fused: None\n    initial_accumulator_value: 0\n    lr: 0.01\n    lr_decay: 0\n    maximize: False\n    weight_decay: 0\n)',
}

FORMULA_SGD = 'import torch\nw = torch.tensor([1.0, -2.0], requires_grad=True)\nopt = torch.optim.SGD([w], lr=0.1, momentum=0.9)\nfor i in range(3):\n    opt.zero_grad()\n    loss = (w ** 2).sum()\n    loss.backward()\n    opt.step()\nprint(w, opt)\nprint(w._version, opt.state)\nprint(opt.state_dict())\n'
FORMULA_SGD_OUT = "tensor([ 0.0620, -0.1240], requires_grad=True) SGD (\nParameter Group 0\n    dampening: 0\n    differentiable: False\n    foreach: None\n    fused: None\n    lr: 0.1\n    maximize: False\n    momentum: 0.9\n    nesterov: False\n    weight_decay: 0\n)\n3 defaultdict(<class 'dict'>, {tensor([ 0.0620, -0.1240], requires_grad=True): {'momentum_buffer': tensor([ 3.9800, -7.9600])}})\n{'state': {0: {'momentum_buffer': tensor([ 3.9800, -7.9600])}}, 'param_groups': [{'lr': 0.1, 'momentum': 0.9, 'dampening': 0, 'weight_decay': 0, 'nesterov': False, 'maximize': False, 'foreach': None, 'differentiable': False, 'fused': None, 'params': [0]}]}\n"

FORMULA_TOUR = 'import torch\nw = torch.tensor([1.0, -2.0], requires_grad=True)\nb = torch.tensor([0.5], requires_grad=True)\nopt = torch.optim.Adam([{"params": [w], "lr": 0.1}, {"params": b}], lr=0.01, amsgrad=True)\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)\nfor i in range(5):\n    def closure():\n        opt.zero_grad()\n        loss = (w ** 2).sum() + (b * 3).sum()\n        loss.backward()\n        return loss\n    l = opt.step(closure)\n    sched.step()\n    print(i, l, sched.get_last_lr(), sched.last_epoch)\nprint(w, b, w._version, b._version)\nprint(opt)\nprint(opt.state[w]["step"], opt.state[b]["exp_avg"], opt.state[w]["max_exp_avg_sq"]._version)\nsd = opt.state_dict()\nprint(sd["param_groups"])\nprint(sorted(sd["state"][0].keys()))\nopt2 = torch.optim.Adam([w, b])\nopt2.add_param_group({"params": [torch.zeros(1, requires_grad=True)], "lr": 3})\nprint(len(opt2.param_groups), opt2.param_groups[1]["lr"], opt2.param_groups[1]["betas"])\no3 = torch.optim.SGD([w], lr=1.0)\ne = torch.optim.lr_scheduler.ExponentialLR(o3, gamma=0.9)\nfor i in range(3):\n    o3.step()\n    e.step()\nprint(e.get_last_lr(), o3.param_groups[0]["lr"], o3.param_groups[0]["initial_lr"])\nw.grad = torch.ones(2)\no3.zero_grad(set_to_none=False)\nprint(w.grad, w.grad._version)\no3.zero_grad()\nprint(w.grad)\nv = torch.tensor([3.0], requires_grad=True)\no4 = torch.optim.RMSprop([v], lr=0.01, momentum=0.5, centered=True)\no4.load_state_dict(torch.optim.RMSprop([v], lr=0.5, momentum=0.5, centered=True).state_dict())\nprint(o4.param_groups[0]["lr"])\nfor i in range(2):\n    o4.zero_grad()\n    (v ** 3).sum().backward()\n    o4.step()\nprint(v, o4.state[v]["step"])\no5 = torch.optim.Adagrad([v], lr=0.3)\nprint(o5.state[v])\ntry:\n    torch.optim.SGD([w * 2], lr=0.1)\nexcept ValueError as err:\n    print("ValueError:", err)\ntry:\n    torch.optim.Adam([w], lr=-1)\nexcept ValueError as err:\n    print("ValueError:", err)\ntry:\n    torch.optim.SGD([], lr=0.1)\nexcept ValueError as err:\n    print("ValueError:", err)\ntry:\n    torch.optim.SGD([{"params": [w]}, {"params": [w]}])\nexcept ValueError as err:\n    print("ValueError:", err)\n'
FORMULA_TOUR_OUT = "0 tensor(6.5000, grad_fn=<AddBackward0>) [0.1, 0.01] 1\n1 tensor(5.8900, grad_fn=<AddBackward0>) [0.05, 0.005] 2\n2 tensor(5.3213, grad_fn=<AddBackward0>) [0.05, 0.005] 3\n3 tensor(5.0529, grad_fn=<AddBackward0>) [0.025, 0.0025] 4\n4 tensor(4.7953, grad_fn=<AddBackward0>) [0.025, 0.0025] 5\ntensor([ 0.6776, -1.6760], requires_grad=True) tensor([0.4675], requires_grad=True) 5 5\nAdam (\nParameter Group 0\n    amsgrad: True\n    betas: (0.9, 0.999)\n    capturable: False\n    decoupled_weight_decay: False\n    differentiable: False\n    eps: 1e-08\n    foreach: None\n    fused: None\n    initial_lr: 0.1\n    lr: 0.025\n    maximize: False\n    weight_decay: 0\n\nParameter Group 1\n    amsgrad: True\n    betas: (0.9, 0.999)\n    capturable: False\n    decoupled_weight_decay: False\n    differentiable: False\n    eps: 1e-08\n    foreach: None\n    fused: None\n    initial_lr: 0.01\n    lr: 0.0025\n    maximize: False\n    weight_decay: 0\n)\ntensor(5.) tensor([1.2285]) 5\n[{'lr': 0.025, 'betas': (0.9, 0.999), 'eps': 1e-08, 'weight_decay': 0, 'amsgrad': True, 'maximize': False, 'foreach': None, 'capturable': False, 'differentiable': False, 'fused': None, 'decoupled_weight_decay': False, 'initial_lr': 0.1, 'params': [0]}, {'lr': 0.0025, 'betas': (0.9, 0.999), 'eps': 1e-08, 'weight_decay': 0, 'amsgrad': True, 'maximize': False, 'foreach': None, 'capturable': False, 'differentiable': False, 'fused': None, 'decoupled_weight_decay': False, 'initial_lr': 0.01, 'params': [1]}]\n['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq', 'step']\n2 3 (0.9, 0.999)\n[0.7290000000000001] 0.7290000000000001 1.0\ntensor([0., 0.]) 1\nNone\n0.5\ntensor([-6.6382], requires_grad=True) tensor(2.)\n{'step': tensor(0.), 'sum': tensor([0.])}\nValueError: can't optimize a non-leaf Tensor\nValueError: Invalid learning rate: -1\nValueError: optimizer got an empty parameter list\nValueError: some parameters appear in more than one parameter group\n"

KERNELS = {'add': [0.07000000029802322, 0.8899999856948853], 'lerp_small': [0.12000000476837158, 0.4399999976158142], 'lerp_big': [0.24000000953674316, -1.1200000047683716], 'addcmul': [0.10009000450372696, 0.7036100029945374], 'addcdiv': [0.09700000286102295, 0.7027142643928528]}


def _grads(dt, step):
    base = np.array([0.5, -1.25, 3.0, -0.1], dtype=dt)
    return base * dt(step + 1) / dt(7) - dt(0.3)


def _ulps(a, b, dt) -> int:
    it = np.int32 if dt == np.float32 else np.int64
    x = np.asarray(a, dt).view(it).astype(np.int64)
    y = np.asarray(b, dt).view(it).astype(np.int64)
    return int(np.abs(x - y).max())


def _close(got, want, dt, exact: bool) -> bool:
    """Bit-equal, or (after square roots) within a few ulps of the largest value: one ulp
    of difference in a sqrt can be amplified where an update cancels."""
    if exact:
        return _ulps(got, want, dt) == 0
    tol = 64 * np.finfo(dt).eps * max(1.0, float(np.abs(want).max()))
    return bool(np.all(np.abs(np.asarray(got, np.float64) - want) <= tol))


def _hexes(values, dt):
    return np.array([float.fromhex(h) for h in values], dtype=dt)


@pytest.mark.parametrize("dtype,name,kwargs,expected,version,state", TRAJECTORIES,
                         ids=[f"{r[0]}-{r[1]}-{i}" for i, r in enumerate(TRAJECTORIES)])
def test_trajectory_matches_pytorch(dtype, name, kwargs, expected, version, state):
    dt = np.dtype(dtype).type
    p = gradcli.tensor(np.array([1.0, -2.0, 0.5, 3.0], dtype=dt), requires_grad=True)
    opt = getattr(optim, name)([p], **kwargs)
    for s in range(6):
        p.grad = gradcli.tensor(_grads(dt, s))
        opt.step()
    exact = name == "SGD"
    assert _close(p.detach().numpy(), _hexes(expected, dt), dt, exact)
    assert p._version == version
    got = opt.state[p]
    assert sorted(got) == sorted(state)
    for key, want in state.items():
        if key == "step":
            assert got[key].item() == want and got[key].dtype == gradcli.float32
        else:
            assert _close(got[key].numpy(), _hexes(want, dt), dt, exact)


@pytest.mark.parametrize("name", sorted(REPRS))
def test_repr(name):
    w = gradcli.zeros(1, requires_grad=True)
    assert repr(getattr(optim, name)([w])) == REPRS[name]


def _run(src: str) -> str:
    out = io.StringIO()
    run_source(src, filename="<t>", out=out)
    return out.getvalue()


def test_formula_sgd_momentum_prints_as_pytorch():
    assert _run(FORMULA_SGD) == FORMULA_SGD_OUT


def test_formula_adam_groups_scheduler_state_prints_as_pytorch():
    assert _run(FORMULA_TOUR) == FORMULA_TOUR_OUT


@pytest.mark.parametrize("make,message", [
    (lambda w: optim.SGD([], lr=0.1), "optimizer got an empty parameter list"),
    (lambda w: optim.SGD([w], lr=-1), "Invalid learning rate: -1"),
    (lambda w: optim.SGD([w * 2], lr=1), "can't optimize a non-leaf Tensor"),
    (lambda w: optim.SGD([{"params": [w]}, {"params": [w]}], lr=1),
     "some parameters appear in more than one parameter group"),
    (lambda w: optim.SGD(w, lr=1), "params argument given to the optimizer should be an "
     "iterable of Tensors or dicts, but got torch.FloatTensor"),
    (lambda w: optim.SGD([1.0], lr=1),
     "optimizer can only optimize Tensors, but one of the params is float"),
    (lambda w: optim.SGD([w], lr=1, momentum=-1), "Invalid momentum value: -1"),
    (lambda w: optim.SGD([w], lr=1, nesterov=True),
     "Nesterov momentum requires a momentum and zero dampening"),
    (lambda w: optim.Adam([w], betas=(1.0, 0.9)), "Invalid beta parameter at index 0: 1.0"),
    (lambda w: optim.Adam([w], betas=(0.5, 1)), "Invalid beta parameter at index 1: 1"),
    (lambda w: optim.Adam([w], eps=-1), "Invalid epsilon value: -1"),
    (lambda w: optim.SGD([w]).add_param_group([w]),
     "param_group must be a dict, but got <class 'list'>"),
    (lambda w: optim.SGD([w]).load_state_dict({"state": {}, "param_groups": []}),
     "loaded state dict has a different number of parameter groups"),
    (lambda w: optim.SGD([w]).load_state_dict({"state": {}, "param_groups": [
        {"params": [0, 1]}]}),
     "loaded state dict contains a parameter group that doesn't match the size of "
     "optimizer's group"),
    (lambda w: optim.RMSprop([w], alpha=-1), "Invalid alpha value: -1"),
    (lambda w: optim.Adagrad([w], lr_decay=-1), "Invalid lr_decay value: -1"),
    (lambda w: optim.Adagrad([w], initial_accumulator_value=-1),
     "Invalid initial_accumulator_value value: -1"),
])
def test_errors_are_pytorchs(make, message):
    w = gradcli.tensor([1.0, -2.0], requires_grad=True)
    with pytest.raises((ValueError, TypeError)) as info:
        make(w)
    assert str(info.value) == message
    assert isinstance(info.value, EvalError)


def test_set_of_params_is_accepted_duplicates_warn():
    w = gradcli.ones(2, requires_grad=True)
    assert optim.SGD({w}).param_groups[0]["params"] == [w]
    with pytest.warns(UserWarning, match="duplicate parameters"):
        optim.SGD([w, w])


def test_step_skips_missing_grads_runs_under_no_grad_and_returns_closure_loss():
    w = gradcli.tensor([1.0, 2.0], requires_grad=True)
    b = gradcli.tensor([3.0], requires_grad=True)
    opt = optim.Adam([w, b], lr=0.1)

    def closure():
        opt.zero_grad()
        loss = (w * w).sum()
        loss.backward()
        return loss

    loss = opt.step(closure)
    assert loss.item() == 5.0 and loss.grad_fn is not None
    assert b.tolist() == [3.0] and b._version == 0 and b not in opt.state
    assert w.is_leaf and w.grad_fn is None and w._version == 1
    assert opt.state[w]["step"].item() == 1.0


def test_inplace_update_is_seen_by_backward():
    w = gradcli.tensor([1.0, 2.0], requires_grad=True)
    y = (w * w).sum()
    w.grad = gradcli.ones(2)
    optim.SGD([w], lr=0.1).step()
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.backward()


def test_zero_grad():
    w = gradcli.ones(2, requires_grad=True)
    opt = optim.SGD([w])
    w.grad = gradcli.ones(2)
    grad = w.grad
    opt.zero_grad(set_to_none=False)
    assert w.grad is grad and grad.tolist() == [0.0, 0.0] and grad._version == 1
    opt.zero_grad()
    assert w.grad is None


def test_state_dict_roundtrip_and_load_casts():
    w = gradcli.tensor([1.0, -2.0], requires_grad=True)
    opt = optim.SGD([w], lr=0.1, momentum=0.9)
    w.grad = gradcli.tensor([0.5, 0.25])
    opt.step()
    sd = opt.state_dict()
    assert list(sd["state"]) == [0]
    assert sd["param_groups"][0]["params"] == [0]
    assert list(sd["param_groups"][0])[-1] == "params"
    v = gradcli.tensor([1.0, -2.0], requires_grad=True)
    other = optim.SGD([v], lr=0.5, momentum=0.1)
    other.load_state_dict(sd)
    assert other.param_groups[0]["lr"] == 0.1 and other.param_groups[0]["params"][0] is v
    assert other.state[v]["momentum_buffer"].tolist() == [0.5, 0.25]
    assert repr(other.state).startswith("defaultdict(<class 'dict'>, {tensor(")


def test_load_state_dict_makes_numeric_steps_tensors():
    w = gradcli.ones(1, requires_grad=True)
    opt = optim.Adam([w])
    opt.load_state_dict({"state": {0: {"step": 3, "exp_avg": gradcli.zeros(1),
                                       "exp_avg_sq": gradcli.zeros(1)}},
                         "param_groups": [dict(opt.param_groups[0], params=[0])]})
    assert repr(opt.state[w]["step"]) == "tensor(3.)"


def test_add_param_group_fills_defaults():
    w, b = gradcli.ones(1, requires_grad=True), gradcli.ones(1, requires_grad=True)
    opt = optim.Adam([w])
    opt.add_param_group({"params": b, "lr": 3})
    assert opt.param_groups[1]["lr"] == 3 and opt.param_groups[1]["betas"] == (0.9, 0.999)
    assert opt.param_groups[1]["params"] == [b]


def test_schedulers():
    w = gradcli.ones(1, requires_grad=True)
    opt = optim.SGD([w], lr=1.0)
    step = optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    lrs = []
    for _ in range(4):
        opt.step()
        step.step()
        lrs.append(step.get_last_lr())
    assert lrs == [[1.0], [0.5], [0.5], [0.25]]
    assert opt.param_groups[0]["initial_lr"] == 1.0
    opt2 = optim.SGD([w], lr=1.0)
    exp = optim.lr_scheduler.ExponentialLR(opt2, gamma=0.9)
    with pytest.warns(UserWarning, match="Detected call of `lr_scheduler.step"):   # no step
        for _ in range(3):
            exp.step()
    assert exp.get_last_lr() == [0.7290000000000001]


def test_library_and_formula_namespaces():
    from gradcli.namespace import torch_namespace
    ns = torch_namespace().optim
    assert ns.SGD is optim.SGD and ns.lr_scheduler.StepLR is optim.lr_scheduler.StepLR
    assert gradcli.optim.Adam is optim.Adam      # once gradcli.optim has been imported
    for cls in (optim.SGD, optim.Adam, optim.AdamW, optim.RMSprop, optim.Adagrad,
                optim.lr_scheduler.StepLR, optim.lr_scheduler.ExponentialLR):
        assert cls.__gradcli_safe__ is True


@pytest.mark.parametrize("expr", ["opt._update", "opt.state.__class__", "opt.__dict__",
                                  "torch.optim.SGD._update", "torch.optim.SGD.step.__globals__",
                                  "sched._last_lr"])
def test_formulas_cannot_reach_internals(expr):
    src = ("import torch\nw = torch.ones(1, requires_grad=True)\n"
           "opt = torch.optim.SGD([w], lr=0.1)\n"
           "sched = torch.optim.lr_scheduler.StepLR(opt, 1)\n"
           f"print({expr})\n")
    with pytest.raises(gradcli.GradcliError):
        _run(src)


def test_formula_errors_and_method_assignment():
    with pytest.raises(EvalError, match="Invalid learning rate: -1"):
        _run("import torch\ntorch.optim.SGD([torch.ones(1, requires_grad=True)], lr=-1)\n")
    with pytest.raises(EvalError, match="cannot assign to method"):
        _run("import torch\nopt = torch.optim.SGD([torch.ones(1, requires_grad=True)])\n"
             "opt.zero_grad = 3\n")
    assert _run("import torch.optim as optim\nfrom torch.optim import lr_scheduler\n"
                "import torch\nw = torch.ones(1, requires_grad=True)\n"
                "opt = optim.AdamW([w])\ns = lr_scheduler.ExponentialLR(opt, 0.5)\n"
                "print(s.get_last_lr(), s.optimizer is opt)\n") == "[0.001] True\n"


def _fma_reference(a, b, c):
    return float(Fraction(a) * Fraction(b) + Fraction(c))


def test_fma_emulation_is_correctly_rounded():
    rng = np.random.default_rng(5)
    n = 4000
    a = rng.standard_normal(n)
    b = rng.standard_normal(n) * 10.0 ** rng.integers(-5, 5, n)
    c = rng.standard_normal(n)
    c[:n // 2] = -(a[:n // 2] * b[:n // 2]) * (1 + rng.integers(-3, 4, n // 2) * 2.0 ** -52)
    c[n // 2:3 * n // 4] = rng.standard_normal(n // 4) * 2.0 ** -60
    want = np.array([_fma_reference(*abc) for abc in zip(a, b, c)])
    assert np.array_equal(optim._fma(a, b, c), want)
    a32, b32, c32 = (x.astype(np.float32) for x in (a, b, c))
    want32 = np.array([_fma_reference(float(x), float(y), float(z))
                       for x, y, z in zip(a32, b32, c32)])
    got32 = optim._fma(a32, b32, c32)
    assert got32.dtype == np.float32
    # float64 reference rounded again to float32 can only differ on exact float64 ties
    assert _ulps(got32, want32.astype(np.float32), np.float32) <= 1
    assert np.array_equal(optim._fma(np.float64(np.inf), 1.0, 1.0), np.inf)


def test_fma_of_numpy_scalars_is_the_array_fma():
    """fma of three NumPy scalars (fpmath's Python-float path, taken by recurrences stepping
    one element at a time) gives the array path's bits, ties, signed zeros, overflowing
    products and infinities included."""
    from gradcli.fpmath import fma
    rng = np.random.default_rng(11)
    n = 3000
    a = rng.standard_normal(n) * 10.0 ** rng.integers(-8, 8, n)
    b = rng.standard_normal(n) * 10.0 ** rng.integers(-8, 8, n)
    c = rng.standard_normal(n) * 10.0 ** rng.integers(-8, 8, n)
    c[:1000] = -(a[:1000] * b[:1000]) * (1 + rng.integers(-3, 4, 1000) * 2.0 ** -52)
    c[1000:1200] = -(a[1000:1200] * b[1000:1200])
    a[1200:1210], b[1200:1210] = 1e200, 1e200
    a[1210:1220], b[1210:1220], c[1210:1220] = 1e300, -1e10, np.inf
    a[1220:1230], c[1220:1230] = 0.0, -0.0
    c[1230:1240] = np.nan
    # a*b = 2^-53 + 2^-106 (rounded: 2^-53) onto 1: 1 + 2^-53 rounds to even unless the
    # product's error is kept (the rounding to odd): 1 + 2^-52
    tie = math.nextafter(2.0 ** -53 / (1 + 2.0 ** -52), 1)
    a[1240:1242], b[1240:1242], c[1240:1242] = 1 + 2.0 ** -52, [tie, -tie], [1.0, -1.0]
    for dt in (np.float64, np.float32):
        x, y, z = (v.astype(dt) for v in (a, b, c))
        with np.errstate(all="ignore"):
            want = fma(x, y, z)
        got = np.array([fma(p, q, r) for p, q, r in zip(x, y, z)])
        assert got.dtype == dt
        assert np.array_equal(got.view(f"i{got.itemsize}"), want.view(f"i{want.itemsize}"))


def test_float32_fma_chain_rounds_each_step_as_fma():
    """fpmath.fma32_in_turn (products given exactly in float64) against one fma per step,
    on random terms and on sums that land on float32 midpoints and below the normal range."""
    from gradcli.fpmath import fma, fma32_in_turn
    rng = np.random.default_rng(9)
    a = rng.standard_normal((6, 40)).astype(np.float32)
    b = rng.standard_normal((40, 5)).astype(np.float32)
    a[0, :] = np.float32(1 + 2.0 ** -23)            # products a tie away from float32
    b[:, 0] = np.float32(1 + 2.0 ** -23)
    a[1, :] = np.float32(2.0 ** -70)                # below float32's normal range
    b[:, 1] = np.float32(2.0 ** -70)
    a[2, :5] = [np.inf, -np.inf, np.nan, 3e38, -3e38]
    want = np.zeros((6, 5), np.float32)
    for j in range(40):
        want = fma(a[:, j:j + 1], b[j:j + 1, :], want)
    with np.errstate(all="ignore"):
        products = a.astype(np.float64)[:, :, None] * b.astype(np.float64)[None]
    got = fma32_in_turn(products, np.zeros((6, 5), np.float32), axis=1)
    assert got.dtype == np.float32
    assert np.array_equal(got, want, equal_nan=True)


def test_fma_of_an_overflowing_product_onto_an_infinity_is_the_infinity():
    """fma(a, b, c) with c infinite and a, b finite is c, even where a*b rounded alone
    would overflow to the opposite infinity (inf - inf would be nan)."""
    from gradcli.fpmath import fma
    a = np.array([-1e308, 1e308, 2.0, np.inf, 1e308])
    b = np.array([-1.9, 10.0, 3.0, 0.0, 10.0])
    c = np.array([-np.inf, -np.inf, np.inf, -np.inf, -1e308])
    got = fma(a, b, c)
    assert got[:3].tolist() == [-np.inf, -np.inf, np.inf]
    assert np.isnan(got[3]) and got[4] == np.inf


def test_kernels_follow_atens_fused_forms():
    """Values recorded from PyTorch: add_(alpha) and lerp_ are fused multiply-adds."""
    x = np.array([0.1, 0.7], np.float32)
    y = np.array([0.3, -1.9], np.float32)
    assert optim._add(x, y, -0.1).tolist() == KERNELS["add"]
    assert optim._lerp(x, y, 0.1).tolist() == KERNELS["lerp_small"]
    assert optim._lerp(x, y, 0.7).tolist() == KERNELS["lerp_big"]
    assert optim._addcmul(x, y, y, 0.001).tolist() == KERNELS["addcmul"]
    assert optim._addcdiv(x, y, x, -0.001).tolist() == KERNELS["addcdiv"]


# --- the other schedulers of torch.optim.lr_scheduler: values PyTorch 2.13 printed ---------

SCHEDULES = [
    (lambda S, o: S.LambdaLR(o, lambda e: 0.95 ** e),
     [0.095, 0.09025, 0.0857375, 0.081450625, 0.07737809374999999, 0.07350918906249998,
      0.06983372960937498, 0.06634204312890622, 0.0630249409724609], 1.4415593147277832),
    (lambda S, o: S.MultiplicativeLR(o, lambda e: 0.9),
     [0.09000000000000001, 0.08100000000000002, 0.07290000000000002, 0.06561000000000002,
      0.05904900000000002, 0.05314410000000002, 0.04782969000000002, 0.043046721000000024,
      0.03874204890000002], 1.4867806434631348),
    (lambda S, o: S.MultiStepLR(o, [2, 4, 4], 0.3),
     [0.1, 0.03, 0.03] + [0.0026999999999999997] * 6, 0.8436702489852905),
    (lambda S, o: S.ConstantLR(o, 0.25, 3), [0.025, 0.025] + [0.1] * 7, 1.8103755712509155),
    (lambda S, o: S.LinearLR(o, 0.2, 1.0, 4),
     [0.04000000000000001, 0.06000000000000001, 0.08000000000000002]
     + [0.10000000000000002] * 6, 1.7150589227676392),
    (lambda S, o: S.PolynomialLR(o, 4, 2.0),
     [0.05625, 0.024999999999999998, 0.0062499999999999995] + [0.0] * 6, 0.5285211205482483),
    (lambda S, o: S.CosineAnnealingLR(o, 3, 0.01),
     [0.0775, 0.032500000000000015, 0.01, 0.0325, 0.07750000000000005, 0.10000000000000007,
      0.07750000000000007, 0.03250000000000006, 0.01], 1.7639228105545044),
]


@pytest.mark.parametrize("make, lrs, weight", SCHEDULES)
def test_schedulers_follow_pytorchs_chainable_formulas(make, lrs, weight):
    w = gradcli.zeros(2, requires_grad=True)
    opt = optim.SGD([w], lr=0.1, momentum=0.9)
    sched = make(optim.lr_scheduler, opt)
    seen = []
    for _ in range(9):
        opt.zero_grad()
        ((w - 1) ** 2).sum().backward()
        opt.step()
        sched.step()
        seen.append(sched.get_last_lr()[0])
    assert seen == lrs and w.tolist() == [weight, weight]


def test_reduce_lr_on_plateau_waits_patience_then_cools_down():
    w = gradcli.zeros(2, requires_grad=True)
    opt = optim.SGD([w], lr=0.1)
    sched = optim.lr_scheduler.ReduceLROnPlateau(opt, patience=1, factor=0.5, cooldown=1)
    seen = []
    for metric in [1.0, 0.9, 0.95, 0.97, 0.99, 0.5, 0.6, 0.7, 0.8]:
        sched.step(metric)
        seen.append((sched.get_last_lr()[0], sched.num_bad_epochs))
    assert seen == [(0.1, 0), (0.1, 0), (0.1, 1), (0.05, 0), (0.05, 0), (0.05, 0), (0.05, 1),
                    (0.025, 0), (0.025, 0)]
    with pytest.raises(ValueError, match="Factor should be < 1.0."):
        optim.lr_scheduler.ReduceLROnPlateau(opt, factor=1.0)


def test_scheduler_warnings_closed_form_and_errors_are_pytorchs():
    w = gradcli.zeros(2, requires_grad=True)
    opt = optim.SGD([w], lr=0.1)
    sched = optim.lr_scheduler.StepLR(opt, 1, 0.5)
    with pytest.warns(UserWarning, match=r"Detected call of `lr_scheduler.step\(\)` before "
                                         r"`optimizer.step\(\)`"):
        sched.step()
    assert sched.get_last_lr() == [0.05]
    with pytest.warns(UserWarning, match=r"The epoch parameter in `scheduler.step\(\)` was "
                                         "not necessary"):
        sched.step(5)
    assert sched.get_last_lr() == [0.003125] and sched.state_dict()["last_epoch"] == 5
    with pytest.raises(ValueError, match="Constant multiplicative factor expected to be "
                                         "between 0 and 1."):
        optim.lr_scheduler.ConstantLR(opt, 2.0)
    with pytest.raises(KeyError) as info:
        optim.lr_scheduler.StepLR(optim.SGD([w], lr=0.1), 1, last_epoch=3)
    assert str(info.value).startswith("\"param 'initial_lr' is not specified in "
                                      "param_groups[0] when resuming scheduler")


# --- SequentialLR, ChainedScheduler, CosineAnnealingWarmRestarts, OneCycleLR ---------------

COMPOSED = 'import gradcli as torch\nS = torch.optim.lr_scheduler\ndef run(make, opt_cls=torch.optim.SGD, n=12, **okw):\n    w = torch.zeros(2, requires_grad=True)\n    o = opt_cls([w], lr=0.1, **okw)\n    s = make(o)\n    out = []\n    for _ in range(n):\n        o.zero_grad(); (w - 1).pow(2).sum().backward(); o.step(); s.step()\n        g = o.param_groups[0]\n        out.append((s.get_last_lr()[0], g.get("momentum", g.get("betas"))))\n    print(type(s).__name__, out, w.tolist())\nrun(lambda o: S.SequentialLR(o, [S.ConstantLR(o, 0.1, 2), S.ExponentialLR(o, 0.9)], [2]), momentum=0.9)\nrun(lambda o: S.SequentialLR(o, [S.LinearLR(o, 0.5, total_iters=3), S.CosineAnnealingLR(o, 5), S.StepLR(o, 2)], [3, 7]))\nrun(lambda o: S.ChainedScheduler([S.ConstantLR(o, 0.1, 2), S.ExponentialLR(o, 0.9)]))\nrun(lambda o: S.CosineAnnealingWarmRestarts(o, 3, 2, 0.001))\nrun(lambda o: S.OneCycleLR(o, 0.5, total_steps=12), momentum=0.9)\nrun(lambda o: S.OneCycleLR(o, 0.5, epochs=3, steps_per_epoch=4, three_phase=True, anneal_strategy="linear"), torch.optim.Adam)\nw = torch.zeros(2, requires_grad=True); o = torch.optim.SGD([w], lr=0.1)\ns = S.CosineAnnealingWarmRestarts(o, 2, 2)\nfor e in [0.5, 1, 3.5, 7, 2]:\n    s.step(e); print(s.get_last_lr(), s.T_cur, s.T_i)\ntry:\n    run(lambda o: S.OneCycleLR(o, 0.5, total_steps=3), n=5, momentum=0.9)\nexcept ValueError as e: print(e)\ntry: S.OneCycleLR(torch.optim.SGD([w], lr=0.1), 0.5)\nexcept ValueError as e: print(e)\n'

COMPOSED_OUT = 'SequentialLR [(0.010000000000000002, 0.9), (0.1, 0.9), (0.09000000000000001, 0.9), (0.08100000000000002, 0.9), (0.07290000000000002, 0.9), (0.06561000000000002, 0.9), (0.05904900000000002, 0.9), (0.05314410000000002, 0.9), (0.04782969000000002, 0.9), (0.043046721000000024, 0.9), (0.03874204890000002, 0.9), (0.03486784401000002, 0.9)] [1.236254334449768, 1.236254334449768]\nSequentialLR [(0.06666666666666667, 0), (0.08333333333333333, 0), (0.1, 0), (0.09045084971874738, 0), (0.06545084971874737, 0), (0.03454915028125263, 0), (0.1, 0), (0.1, 0), (0.010000000000000002, 0), (0.010000000000000002, 0), (0.0010000000000000002, 0), (0.0010000000000000002, 0)] [0.7886147499084473, 0.7886147499084473]\nChainedScheduler [(0.009000000000000003, 0), (0.08100000000000003, 0), (0.07290000000000003, 0), (0.06561000000000003, 0), (0.059049000000000025, 0), (0.05314410000000002, 0), (0.04782969000000002, 0), (0.043046721000000024, 0), (0.03874204890000002, 0), (0.03486784401000002, 0), (0.03138105960900001, 0), (0.028242953648100012, 0)] [0.686431348323822, 0.686431348323822]\nCosineAnnealingWarmRestarts [(0.07525000000000001, 0), (0.025750000000000012, 0), (0.1, 0), (0.09336825748732973, 0), (0.07525000000000001, 0), (0.0505, 0), (0.025750000000000012, 0), (0.007631742512670284, 0), (0.1, 0), (0.09831332840130888, 0), (0.09336825748732973, 0), (0.0855017856687341, 0)] [0.8436380624771118, 0.8436380624771118]\nOneCycleLR [(0.17489482710979154, 0.9177302443521267), (0.43964257956106434, 0.8625744625914449), (0.49720771772545586, 0.8505584586887436), (0.46650648492070584, 0.856698729810778), (0.4058728269748815, 0.8688255099070633), (0.32368949884755166, 0.8852622412794547), (0.23131855133348753, 0.9037365046793212), (0.14153049910434962, 0.9216941869558779), (0.0667387650944153, 0.9366525935914912), (0.01728349371269761, 0.9465436874322102), (2e-06, 0.95), (0.017283493712697582, 0.9465436874322102)] [0.9394227266311646, 0.9394227266311646]\nOneCycleLR [(0.20461538461538464, (0.9115384615384615, 0.999)), (0.3892307692307693, (0.8730769230769231, 0.999)), (0.4261538461538461, (0.8653846153846154, 0.999)), (0.24153846153846148, (0.9038461538461539, 0.999)), (0.0569230769230768, (0.9423076923076923, 0.999)), (0.01724165517241379, (0.95, 0.999)), (0.013793724137931033, (0.95, 0.999)), (0.010345793103448273, (0.95, 0.999)), (0.006897862068965515, (0.95, 0.999)), (0.0034499310344827568, (0.95, 0.999)), (1.9999999999985307e-06, (0.95, 0.999)), (-0.0034459310344827597, (0.95, 0.999))] [1.0803836584091187, 1.0803836584091187]\n[0.08535533905932738] 0.5 2\n[0.05] 1 2\n[0.0691341716182545] 1.5 4\n[0.09619397662556434] 1.0 8\n[0.1] 0.0 4\nTried to step 4 times. The specified number of total steps is 3\nYou must define either total_steps OR (epochs AND steps_per_epoch)\n'   # what PyTorch 2.13 printed for the same program


def test_composed_and_cyclic_schedulers_print_what_pytorch_prints():
    import contextlib
    import warnings
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(COMPOSED, "composed.py", "exec"), {})
    assert out.getvalue() == COMPOSED_OUT


CYCLIC = 'import gradcli as torch\nS = torch.optim.lr_scheduler\ndef run(make, opt_cls=torch.optim.SGD, n=10, **okw):\n    w = torch.zeros(2, requires_grad=True)\n    o = opt_cls([w], lr=0.1, **okw)\n    s = make(o)\n    out = []\n    for _ in range(n):\n        o.zero_grad(); (w - 1).pow(2).sum().backward(); o.step(); s.step()\n        g = o.param_groups[0]\n        out.append((s.get_last_lr()[0], g.get("momentum", g.get("betas"))))\n    print(type(s).__name__, out, w.tolist())\nrun(lambda o: S.CyclicLR(o, 0.01, 0.1, step_size_up=3), momentum=0.9)\nrun(lambda o: S.CyclicLR(o, 0.01, 0.1, step_size_up=2, step_size_down=3, mode="triangular2"), momentum=0.9)\nrun(lambda o: S.CyclicLR(o, 0.01, 0.1, step_size_up=2, mode="exp_range", gamma=0.9), torch.optim.Adam)\nrun(lambda o: S.CyclicLR(o, 0.01, 0.1, step_size_up=2, scale_fn=lambda x: 0.5 ** x, scale_mode="iterations", cycle_momentum=False))\n'

CYCLIC_OUT = 'CyclicLR [(0.040000000000000015, 0.8666666666666667), (0.06999999999999999, 0.8333333333333334), (0.1, 0.8), (0.07000000000000003, 0.8333333333333334), (0.03999999999999998, 0.8666666666666667), (0.01, 0.9), (0.040000000000000056, 0.8666666666666666), (0.06999999999999995, 0.8333333333333335), (0.1, 0.8), (0.06999999999999995, 0.8333333333333335)] [1.3269151449203491, 1.3269151449203491]\nCyclicLR [(0.055, 0.8500000000000001), (0.09999999999999999, 0.8), (0.06999999999999999, 0.8333333333333334), (0.039999999999999994, 0.8666666666666667), (0.01, 0.9), (0.03250000000000002, 0.875), (0.055, 0.8500000000000001), (0.039999999999999994, 0.8666666666666667), (0.025000000000000015, 0.8833333333333333), (0.01, 0.9)] [1.360951542854309, 1.360951542854309]\nCyclicLR [(0.05050000000000001, (0.855, 0.999)), (0.0829, (0.8190000000000001, 0.999)), (0.04280500000000001, (0.86355, 0.999)), (0.01, (0.9, 0.999)), (0.03657205000000001, (0.8704755000000001, 0.999)), (0.05782969000000001, (0.8468559, 0.999)), (0.03152336050000001, (0.8760851550000001, 0.999)), (0.01, (0.9, 0.999)), (0.027433922005000007, (0.88062897555, 0.999)), (0.041381059609000015, (0.86513215599, 0.999))] [0.3354230523109436, 0.3354230523109436]\nCyclicLR [(0.0325, 0), (0.0325, 0), (0.015625, 0), (0.01, 0), (0.01140625, 0), (0.01140625, 0), (0.0103515625, 0), (0.01, 0), (0.010087890625, 0), (0.010087890625, 0)] [0.2696492075920105, 0.2696492075920105]\n'   # what PyTorch 2.13 printed for the same program


def test_cyclic_lr_prints_what_pytorch_prints():
    import contextlib
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(CYCLIC, "cyclic.py", "exec"), {})
    assert out.getvalue() == CYCLIC_OUT


def test_the_float32_fma_of_numbers_is_the_array_fma_bit_for_bit():
    """fpmath.fma of three 0-d float32 operands takes Python floats where that rounds as
    the array path does; on midpoints, tiny results, infinities and nan it falls back.
    Values, signs and types equal the array path's."""
    from gradcli import fpmath
    rng = np.random.default_rng(11)
    cases = [tuple((rng.standard_normal(3) * scale).astype(np.float32))
             for scale in (1.0, 1e-20, 1e20, 1e-38) for _ in range(3000)]
    halves = rng.standard_normal((3000, 2)).astype(np.float32)       # many exact midpoints
    cases += [(np.float32(0.5), x, y) for x, y in halves]
    cases += [tuple(np.float32(v) for v in t) for t in (
        (1.0, 2.0 ** -127, 0.0), (np.inf, 0.0, 1.0), (np.nan, 1.0, 1.0), (3e38, 10.0, -np.inf),
        (0.0, 0.0, -0.0), (-0.0, 1.0, 0.0), (3e38, 3e38, 0.0))]
    fast = 0
    with np.errstate(all="ignore"):
        for a, b, c in cases:
            got = fpmath.fma(np.asarray(a), b, np.asarray(c))
            want = fpmath._fma32(np.asarray(a), np.asarray(b), np.asarray(c))
            fast += fpmath._fma32_scalar(float(a), float(b), float(c)) is not None
            assert type(got) is type(want)
            assert np.asarray(got).view(np.int32) == np.asarray(want).view(np.int32) or (
                np.isnan(got) and np.isnan(want))
    assert 0 < fast < len(cases)
