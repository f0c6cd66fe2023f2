"""Training-loop programs as tutorials write them: optimizers (their steps, state_dict,
param groups, printing), learning-rate schedulers (values, state_dict, class names),
DataLoader batching and collation.

Each program's expected output is what Python with torch 2.13 printed for it."""
from __future__ import annotations

import io

import pytest

from gradcli.lang import run_source

PROGRAMS = {
    'sgd_nesterov_weight_decay_and_param_groups_state': (
        'import torch\ntorch.manual_seed(0)\nw = torch.randn(3, requires_grad=True)\nopt = torch.optim.SGD([w], lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)\nfor i in range(3):\n    opt.zero_grad()\n    loss = (w ** 2).sum()\n    loss.backward()\n    opt.step()\nprint(w)\nprint(opt.state_dict()["param_groups"])\n',
        "tensor([-0.1721,  0.0328,  0.2433], requires_grad=True)\n[{'lr': 0.1, 'momentum': 0.9, 'dampening': 0, 'weight_decay': 0.01, 'nesterov': True, 'maximize': False, 'foreach': None, 'differentiable': False, 'fused': None, 'params': [0]}]\n"),
    'adam_amsgrad_and_its_repr': (
        'import torch\ntorch.manual_seed(0)\nw = torch.randn(3, requires_grad=True)\nopt = torch.optim.Adam([w], lr=0.1, amsgrad=True)\nfor i in range(3):\n    opt.zero_grad()\n    (w ** 2).sum().backward()\n    opt.step()\nprint(w)\nprint(opt)\n',
        'tensor([ 1.2419, -0.0074, -1.8793], requires_grad=True)\nAdam (\nParameter Group 0\n    amsgrad: True\n    betas: (0.9, 0.999)\n    capturable: False\n    decoupled_weight_decay: False\n    differentiable: False\n    eps: 1e-08\n    foreach: None\n    fused: None\n    lr: 0.1\n    maximize: False\n    weight_decay: 0\n)\n'),
    'step_lr': (
        'import torch\ntorch.manual_seed(0)\nw = torch.randn(2, requires_grad=True)\nopt = torch.optim.SGD([w], lr=1.0)\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)\nfor i in range(5):\n    opt.step()\n    sched.step()\n    print(sched.get_last_lr(), opt.param_groups[0]["lr"])\n',
        '[1.0] 1.0\n[0.5] 0.5\n[0.5] 0.5\n[0.25] 0.25\n[0.25] 0.25\n'),
    'cosine_annealing_lr': (
        'import torch\nw = torch.zeros(2, requires_grad=True)\nopt = torch.optim.SGD([w], lr=1.0)\nsched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=4)\nfor i in range(6):\n    opt.step(); sched.step()\n    print(round(sched.get_last_lr()[0], 6))\n',
        '0.853553\n0.5\n0.146447\n0.0\n0.146447\n0.5\n'),
    'reduce_lr_on_plateau': (
        'import torch\nw = torch.zeros(2, requires_grad=True)\nopt = torch.optim.SGD([w], lr=1.0)\nsched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=1, factor=0.5)\nfor loss in [1.0, 0.9, 0.95, 0.96, 0.97, 0.5]:\n    sched.step(loss)\n    print(opt.param_groups[0]["lr"])\n',
        '1.0\n1.0\n1.0\n0.5\n0.5\n0.5\n'),
    'lambda_lr_state_dict': (
        'import torch\nw = torch.zeros(2, requires_grad=True)\nopt = torch.optim.SGD([w], lr=1.0)\nsched = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: 0.9 ** e)\nfor i in range(3):\n    opt.step(); sched.step()\nprint(sched.get_last_lr(), sched.last_epoch, sched.state_dict().keys())\n',
        "[0.7290000000000001] 3 dict_keys(['base_lrs', 'last_epoch', '_step_count', '_is_initial', '_get_lr_called_within_step', '_last_lr', 'lr_lambdas'])\n"),
    'sequential_lr': (
        'import torch\nw = torch.zeros(2, requires_grad=True)\nopt = torch.optim.SGD([w], lr=1.0)\ns1 = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=2)\ns2 = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)\nsched = torch.optim.lr_scheduler.SequentialLR(opt, [s1, s2], milestones=[2])\nfor i in range(5):\n    opt.step(); sched.step()\n    print(opt.param_groups[0]["lr"])\n',
        '0.55\n1.0\n0.9\n0.81\n0.7290000000000001\n'),
    'param_groups_with_their_own_lr': (
        'import torch\nimport torch.nn as nn\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1))\nopt = torch.optim.SGD([{"params": model[0].parameters()}, {"params": model[2].parameters(), "lr": 0.01}], lr=0.1)\nprint(opt)\nprint(len(opt.param_groups), [g["lr"] for g in opt.param_groups])\n',
        'SGD (\nParameter Group 0\n    dampening: 0\n    differentiable: False\n    foreach: None\n    fused: None\n    lr: 0.1\n    maximize: False\n    momentum: 0\n    nesterov: False\n    weight_decay: 0\n\nParameter Group 1\n    dampening: 0\n    differentiable: False\n    foreach: None\n    fused: None\n    lr: 0.01\n    maximize: False\n    momentum: 0\n    nesterov: False\n    weight_decay: 0\n)\n2 [0.1, 0.01]\n'),
    'sgd_state_dict_after_a_step': (
        'import torch\nw = torch.zeros(2, requires_grad=True)\nopt = torch.optim.SGD([w], lr=0.1)\nopt.step()\nprint(opt.state_dict())\n',
        "{'state': {}, 'param_groups': [{'lr': 0.1, 'momentum': 0, 'dampening': 0, 'weight_decay': 0, 'nesterov': False, 'maximize': False, 'foreach': None, 'differentiable': False, 'fused': None, 'params': [0]}]}\n"),
    'zero_grad_set_to_none': (
        'import torch\nw = torch.ones(2, requires_grad=True)\nopt = torch.optim.SGD([w], lr=0.1)\n(w * 2).sum().backward()\nopt.zero_grad()\nprint(w.grad)\nopt.zero_grad(set_to_none=False)\nprint(w.grad)\n',
        'None\nNone\n'),
    'adamw_state': (
        'import torch\nw = torch.ones(2, requires_grad=True)\nopt = torch.optim.AdamW([w], lr=0.1)\n(w * 2).sum().backward()\nopt.step()\nprint(w, opt.state[w]["step"], opt.state[w]["exp_avg"])\n',
        'tensor([0.8990, 0.8990], requires_grad=True) tensor(1.) tensor([0.2000, 0.2000])\n'),
    'random_split_and_a_loader': (
        'import torch\nfrom torch.utils.data import DataLoader, TensorDataset, random_split\ntorch.manual_seed(0)\nds = TensorDataset(torch.arange(10.), torch.arange(10))\na, b = random_split(ds, [7, 3])\nprint(len(a), len(b), a.indices if hasattr(a, "indices") else None)\nfor xb, yb in DataLoader(b, batch_size=2):\n    print(xb, yb)\n',
        '7 3 [4, 1, 7, 5, 3, 9, 0]\ntensor([8., 6.]) tensor([8, 6])\ntensor([2.]) tensor([2])\n'),
    'a_loader_of_dicts_drop_last': (
        'import torch\nfrom torch.utils.data import DataLoader, Dataset\nclass D(Dataset):\n    def __len__(self):\n        return 5\n    def __getitem__(self, i):\n        return {"x": torch.tensor([i, i + 1.0]), "y": i}\nfor batch in DataLoader(D(), batch_size=2, drop_last=True):\n    print(batch)\n',
        "{'x': tensor([[0., 1.],\n        [1., 2.]]), 'y': tensor([0, 1])}\n{'x': tensor([[2., 3.],\n        [3., 4.]]), 'y': tensor([2, 3])}\n"),
    'a_loader_of_tuples': (
        'import torch\nfrom torch.utils.data import DataLoader\ndl = DataLoader([(1, 2.0), (3, 4.0), (5, 6.0)], batch_size=2)\nprint(len(dl))\nfor b in dl:\n    print(b)\n',
        '2\n[tensor([1, 3]), tensor([2., 4.], dtype=torch.float64)]\n[tensor([5]), tensor([6.], dtype=torch.float64)]\n'),
    'a_loader_with_collate_fn': (
        'import torch\nfrom torch.utils.data import DataLoader\ndl = DataLoader(list(range(5)), batch_size=2, collate_fn=lambda b: sum(b))\nprint(list(dl))\n',
        '[1, 5, 4]\n'),
    'normalize_cdist_cosine_similarity': (
        'import torch\ntorch.manual_seed(0)\nx = torch.randn(4, 3)\nprint(torch.nn.functional.normalize(x, dim=1))\nprint(torch.cdist(x, x).shape, torch.nn.functional.cosine_similarity(x[0], x[1], dim=0))\n',
        'tensor([[ 0.5740, -0.1093, -0.8115],\n        [ 0.3058, -0.5834, -0.7524],\n        [ 0.3431,  0.7128, -0.6118],\n        [-0.5430, -0.8032,  0.2451]])\ntorch.Size([4, 4]) tensor(0.8499)\n'),
    'rmsprop_centered_momentum': (
        'import torch\nw = torch.nn.Parameter(torch.ones(2))\nopt = torch.optim.RMSprop([w], lr=0.01, momentum=0.9, centered=True)\nfor _ in range(2):\n    opt.zero_grad(); (w ** 3).sum().backward(); opt.step()\nprint(w)\n',
        'Parameter containing:\ntensor([0.7453, 0.7453], requires_grad=True)\n'),
    'adagrad_lr_decay': (
        'import torch\nw = torch.nn.Parameter(torch.ones(2))\nopt = torch.optim.Adagrad([w], lr=0.1, lr_decay=0.01)\nfor _ in range(2):\n    opt.zero_grad(); (w ** 3).sum().backward(); opt.step()\nprint(w)\n',
        'Parameter containing:\ntensor([0.8377, 0.8377], requires_grad=True)\n'),
    'multistep_lr_and_its_repr': (
        "import torch\nw = torch.nn.Parameter(torch.ones(2))\nopt = torch.optim.SGD([w], lr=0.1)\nsched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[1, 3], gamma=0.1)\nfor _ in range(4):\n    opt.step(); sched.step()\nprint(sched.get_last_lr())\nprint(str(sched).split(' object at ')[0])\n",
        '[0.0010000000000000002]\n<torch.optim.lr_scheduler.MultiStepLR\n'),
    'optimizer_and_scheduler_class_names': (
        "import torch\nw = torch.zeros(2, requires_grad=True)\no = torch.optim.SGD([w], lr=1.)\nprint(torch.optim.SGD, type(o), torch.optim.lr_scheduler.StepLR, torch.optim.Adam, torch.optim.LBFGS, torch.optim.NAdam)\nprint(repr(torch.optim.lr_scheduler.StepLR(o, 2)).split(' object at ')[0])\nprint(torch.optim.lr_scheduler.MultiplicativeLR(o, lambda e: 0.5).state_dict())\n",
        "<class 'torch.optim.sgd.SGD'> <class 'torch.optim.sgd.SGD'> <class 'torch.optim.lr_scheduler.StepLR'> <class 'torch.optim.adam.Adam'> <class 'torch.optim.lbfgs.LBFGS'> <class 'torch.optim.nadam.NAdam'>\n<torch.optim.lr_scheduler.StepLR\n{'base_lrs': [1.0], 'last_epoch': 0, '_step_count': 1, '_is_initial': False, '_get_lr_called_within_step': False, '_last_lr': [1.0], 'lr_lambdas': [None]}\n"),
    'random_split_by_fractions_and_subset': (
        'import torch\nfrom torch.utils.data import DataLoader, TensorDataset, random_split, Subset\ntorch.manual_seed(0)\nds = TensorDataset(torch.arange(10.))\na, b, c = random_split(ds, [0.5, 0.3, 0.2])\nprint(len(a), len(b), len(c), list(a.indices), list(b.indices))\nprint(Subset(ds, [1, 3])[1])\n',
        '5 3 2 [4, 1, 7, 5, 3] [9, 0, 8]\n(tensor(3.),)\n'),
    'collating_arrays_numbers_bools_strings': (
        'import torch\nfrom torch.utils.data import DataLoader\nimport numpy as np\ndl = DataLoader([np.array([1.0, 2.0]), np.array([3.0, 4.0])], batch_size=2)\nprint(next(iter(dl)))\ndl = DataLoader([1, 2, 3], batch_size=2)\nprint(list(dl))\ndl = DataLoader([1.5, 2.5], batch_size=2)\nprint(list(dl))\ndl = DataLoader([True, False], batch_size=2)\nprint(list(dl))\ndl = DataLoader(["a", "b"], batch_size=2)\nprint(list(dl))\n',
        "tensor([[1., 2.],\n        [3., 4.]], dtype=torch.float64)\n[tensor([1, 2]), tensor([3])]\n[tensor([1.5000, 2.5000], dtype=torch.float64)]\n[tensor([ True, False])]\n[['a', 'b']]\n"),
    'collating_dicts_and_tuples': (
        'import torch\nfrom torch.utils.data import DataLoader\ndata = [{"a": torch.tensor([i]), "b": (i, float(i))} for i in range(3)]\nprint(list(DataLoader(data, batch_size=2)))\n',
        "[{'a': tensor([[0],\n        [1]]), 'b': [tensor([0, 1]), tensor([0., 1.], dtype=torch.float64)]}, {'a': tensor([[2]]), 'b': [tensor([2]), tensor([2.], dtype=torch.float64)]}]\n"),
    'shuffling_with_and_without_a_generator': (
        'import torch\nfrom torch.utils.data import DataLoader, TensorDataset\ntorch.manual_seed(0)\ng = torch.Generator().manual_seed(1)\nds = TensorDataset(torch.arange(6))\nprint([b[0].tolist() for b in DataLoader(ds, batch_size=2, shuffle=True, generator=g)])\nprint([b[0].tolist() for b in DataLoader(ds, batch_size=2, shuffle=True)])\nprint([b[0].tolist() for b in DataLoader(ds, batch_size=4, shuffle=True, drop_last=True)])\n',
        '[[0, 4], [5, 1], [2, 3]]\n[[0, 4], [3, 5], [2, 1]]\n[[2, 3, 1, 5]]\n'),
    'weighted_random_and_other_samplers': (
        'import torch\nfrom torch.utils.data import WeightedRandomSampler, RandomSampler, SequentialSampler, BatchSampler\ntorch.manual_seed(0)\nprint(list(WeightedRandomSampler([0.1, 0.9, 0.4], 5, replacement=True)))\nprint(list(RandomSampler(range(5))))\nprint(list(BatchSampler(SequentialSampler(range(5)), batch_size=2, drop_last=False)))\nprint(list(RandomSampler(range(5), replacement=True, num_samples=3)))\n',
        '[2, 1, 1, 2, 1]\n[2, 4, 1, 0, 3]\n[[0, 1], [2, 3], [4]]\n[3, 4, 1]\n'),
    'an_iterable_dataset_of_a_generator': (
        'import torch\nfrom torch.utils.data import IterableDataset, DataLoader\nclass Stream(IterableDataset):\n    def __init__(self, n):\n        self.n = n\n    def __iter__(self):\n        for i in range(self.n):\n            yield torch.tensor([i, i * 2])\nprint(list(DataLoader(Stream(5), batch_size=2)))\n',
        '[tensor([[0, 0],\n        [1, 2]]), tensor([[2, 4],\n        [3, 6]]), tensor([[4, 8]])]\n'),
    'a_loaders_batches_and_fields': (
        'import torch\nfrom torch.utils.data import DataLoader, TensorDataset\nds = TensorDataset(torch.arange(6.), torch.arange(6))\ndl = DataLoader(ds, batch_size=4, num_workers=0, pin_memory=False)\nfor i, (x, y) in enumerate(dl):\n    print(i, x, y, x.dtype, y.dtype)\nprint(len(dl), dl.batch_size, len(dl.dataset))\n',
        '0 tensor([0., 1., 2., 3.]) tensor([0, 1, 2, 3]) torch.float32 torch.int64\n1 tensor([4., 5.]) tensor([4, 5]) torch.float32 torch.int64\n2 4 6\n'),
    'a_map_dataset_class': (
        'import torch\nfrom torch.utils.data import Dataset, DataLoader\nclass Sq(Dataset):\n    def __init__(self, n):\n        self.x = torch.linspace(0, 1, n).unsqueeze(1)\n        self.y = self.x ** 2\n    def __len__(self):\n        return len(self.x)\n    def __getitem__(self, idx):\n        return self.x[idx], self.y[idx]\nds = Sq(5)\nprint(len(ds), ds[2])\ntorch.manual_seed(0)\nfor xb, yb in DataLoader(ds, batch_size=3, shuffle=True):\n    print(xb.shape, yb.view(-1))\n',
        '5 (tensor([0.5000]), tensor([0.2500]))\ntorch.Size([3, 1]) tensor([0.0625, 1.0000, 0.2500])\ntorch.Size([2, 1]) tensor([0.5625, 0.0000])\n'),
    'concat_dataset': (
        'import torch\nfrom torch.utils.data import DataLoader, ConcatDataset, TensorDataset\nd = ConcatDataset([TensorDataset(torch.zeros(2)), TensorDataset(torch.ones(3))])\nprint(len(d), d[3], d.cumulative_sizes)\n',
        '5 (tensor(1.),) [2, 5]\n'),
    'default_collate': (
        'import torch\nfrom torch.utils.data import default_collate\nprint(default_collate([(1, 2.0), (3, 4.0)]))\nprint(default_collate([torch.ones(2), torch.zeros(2)]))\n',
        '[tensor([1, 3]), tensor([2., 4.], dtype=torch.float64)]\ntensor([[1., 1.],\n        [0., 0.]])\n'),
    'an_iterable_dataset_drop_last_len_and_shuffle': (
        'import torch\nfrom torch.utils.data import IterableDataset, DataLoader\nclass S(IterableDataset):\n    def __iter__(self):\n        return iter(range(5))\ndl = DataLoader(S(), batch_size=2, drop_last=True)\nprint(list(dl))\ntry:\n    len(dl)\nexcept TypeError as e:\n    print(e)\ntry:\n    DataLoader(S(), shuffle=True)\nexcept ValueError as e:\n    print(e)\nprint(list(DataLoader(S(), batch_size=None)))\n',
        "[tensor([0, 1]), tensor([2, 3])]\nobject of type 'S' has no len()\nDataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=True\n[0, 1, 2, 3, 4]\n"),
    'weighted_random_sampler_draws_and_checks': (
        'import torch\nfrom torch.utils.data import WeightedRandomSampler, DataLoader, TensorDataset\ntorch.manual_seed(3)\ns = WeightedRandomSampler(torch.tensor([1.0, 0.0, 3.0]), 6, replacement=True)\nprint(list(s), len(s))\nprint(list(WeightedRandomSampler([0.2, 0.5, 0.3], 3, replacement=False)))\nds = TensorDataset(torch.arange(3))\nprint([b[0].tolist() for b in DataLoader(ds, batch_size=2, sampler=WeightedRandomSampler([1, 1, 1], 4))])\ntry:\n    WeightedRandomSampler([[1.0]], 2)\nexcept ValueError as e:\n    print(e)\n',
        '[0, 2, 2, 0, 2, 2] 6\n[0, 1, 2]\n[[0, 1], [1, 1]]\nweights should be a 1d sequence but given weights have shape (1, 1)\n'),
    'sampler_and_batch_sampler_classes_of_a_formula': (
        'import torch\nfrom torch.utils.data import DataLoader, TensorDataset, Sampler\nclass Rev(Sampler):\n    def __init__(self, n):\n        self.n = n\n    def __iter__(self):\n        return iter(range(self.n - 1, -1, -1))\n    def __len__(self):\n        return self.n\nds = TensorDataset(torch.arange(5))\nprint([b[0].tolist() for b in DataLoader(ds, batch_size=2, sampler=Rev(5))])\nclass Pairs:\n    def __iter__(self):\n        yield [0, 4]\n        yield [1, 3]\n    def __len__(self):\n        return 2\nprint([b[0].tolist() for b in DataLoader(ds, batch_sampler=Pairs())], len(DataLoader(ds, batch_sampler=Pairs())))\n',
        '[[4, 3], [2, 1], [0]]\n[[0, 4], [1, 3]] 2\n'),
    'ignored_targets_have_plus_zero_loss_and_gradient': (
        'import torch\nimport torch.nn.functional as F\ntorch.manual_seed(0)\nx = torch.randn(4, 3, requires_grad=True)\nt = torch.tensor([0, -100, 2, 1])\nloss = F.cross_entropy(x, t)\nloss.backward()\nprint(loss, x.grad)\nx.grad = None\nl2 = F.nll_loss(x.log_softmax(1), torch.tensor([1, 1, 2, 1]), ignore_index=1, reduction="none")\nprint(l2)\nl2.sum().backward()\nprint(x.grad)\nx.grad = None\nF.nll_loss(x, torch.tensor([0, 1, 2, 1]), weight=torch.tensor([1., 0., 2.])).backward()\nprint(x.grad)\nlp = torch.full((2, 3), float("-inf"))\nlp[0, 1] = -1.0\nprint(F.nll_loss(lp, torch.tensor([1, -100]), reduction="none"))\n',
        'tensor(1.2752, grad_fn=<NllLossBackward0>) tensor([[-0.0518,  0.0450,  0.0068],\n        [ 0.0000,  0.0000,  0.0000],\n        [ 0.1161,  0.1794, -0.2955],\n        [ 0.0921, -0.2574,  0.1654]])\ntensor([0.0000, 0.0000, 2.1769, 0.0000], grad_fn=<NllLossBackward0>)\ntensor([[ 0.0000,  0.0000,  0.0000],\n        [ 0.0000,  0.0000,  0.0000],\n        [ 0.3484,  0.5382, -0.8866],\n        [ 0.0000,  0.0000,  0.0000]])\ntensor([[-0.3333,  0.0000,  0.0000],\n        [ 0.0000, -0.0000,  0.0000],\n        [ 0.0000,  0.0000, -0.6667],\n        [ 0.0000, -0.0000,  0.0000]])\ntensor([1., 0.])\n'),
    'linear_regression_tutorial_losses_to_the_last_bit': (
        'import torch\ntorch.manual_seed(42)\nX = torch.randn(100, 1) * 10\ny = X + 3 * torch.randn(100, 1)\nimport torch.nn as nn\nclass LR(nn.Module):\n    def __init__(self, input_size, output_size):\n        super().__init__()\n        self.linear = nn.Linear(input_size, output_size)\n    def forward(self, x):\n        pred = self.linear(x)\n        return pred\nmodel = LR(1, 1)\nprint(model)\n[w, b] = model.parameters()\nprint(w.item(), b[0].item())\ncriterion = nn.MSELoss()\noptimizer = torch.optim.SGD(model.parameters(), lr=0.01)\nepochs = 5\nlosses = []\nfor i in range(epochs):\n    y_pred = model.forward(X)\n    loss = criterion(y_pred, y)\n    print("epoch:", i, "loss:", loss.item())\n    losses.append(loss)\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\n',
        'LR(\n  (linear): Linear(in_features=1, out_features=1, bias=True)\n)\n0.48010575771331787 0.8415044546127319\nepoch: 0 loss: 33.59139633178711\nepoch: 1 loss: 30.2292423248291\nepoch: 2 loss: 27.296791076660156\nepoch: 3 loss: 24.7388973236084\nepoch: 4 loss: 22.507600784301758\n'),
    'pow_special_exponents_as_pytorchs_kernel': (
        "import torch\nx = torch.linspace(-3.14159, 3.14159, 7)\nprint((x ** 3).tolist())\nprint((x ** -2).tolist(), (x ** -1).tolist())\nprint(torch.tensor([-0.0, -float('inf'), 4.0]) ** 0.5, torch.tensor([4.0]) ** -0.5)\n",
        '[-31.006202697753906, -9.187021255493164, -1.1483776569366455, -1.6940658945086007e-21, 1.1483776569366455, 9.187021255493164, 31.006202697753906]\n[0.10132133960723877, 0.2279730588197708, 0.9118922352790833, 70368744177664.0, 0.9118922352790833, 0.2279730588197708, 0.10132133960723877] [-0.3183101415634155, -0.4774652421474457, -0.9549304842948914, -8388608.0, 0.9549304842948914, 0.4774652421474457, 0.3183101415634155]\ntensor([-0., nan, 2.]) tensor([0.5000])\n'),
    'a_row_times_a_column_sums_as_pytorch': (
        'import torch\ntorch.manual_seed(0)\na = torch.randn(1, 100)\nb = torch.randn(100, 1)\nprint((a @ b).item(), a.mm(b).item(), (a.double() @ b.double()).item())\n',
        '-11.909578323364258 -11.909578323364258 -11.90958012976491\n'),
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_prints_what_torch_printed(name):
    source, expected = PROGRAMS[name]
    out = io.StringIO()
    run_source(source, filename=f"<{name}>", out=out)
    assert out.getvalue() == expected
