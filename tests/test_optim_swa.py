"""torch.optim.swa_utils as PyTorch 2.13 runs it: AveragedModel with the default (SWA)
average, EMA through multi_avg_fn and avg_fn, a custom avg_fn, use_buffers, float64;
update_bn; SWALR's cos and linear annealing, per-group swa_lr, state_dict; the errors.

Each program runs through gradcli's interpreter (test_optim_parity4.run) and its expected
output is what the same program printed with PyTorch 2.13. Parameters change by elementwise
steps between updates, so the expected digits test the averaging itself, not BLAS."""
from __future__ import annotations

import pytest

from gradcli.printing import set_printoptions
from test_optim_parity4 import run


@pytest.fixture(autouse=True)
def _default_printing():
    """The programs set print options (PyTorch's are global); later tests expect defaults."""
    yield
    set_printoptions(profile="default")


CASES = {
    "averages": (
        """from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn, get_ema_avg_fn, get_swa_multi_avg_fn
torch.set_printoptions(precision=10)
model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.BatchNorm1d(3))
avgs = [AveragedModel(model), AveragedModel(model, use_buffers=True),
        AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.77)),
        AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.3), use_buffers=True),
        AveragedModel(model, avg_fn=get_ema_avg_fn(0.77)),
        AveragedModel(model, multi_avg_fn=get_swa_multi_avg_fn()),
        AveragedModel(model, avg_fn=lambda a, p, n: a * 0.5 + p * 0.5 + n)]
print(avgs[0].n_averaged, avgs[0].module is model, avgs[0].module[0].weight is model[0].weight)
for step in range(7):
    with torch.no_grad():
        for i, p in enumerate(model.parameters()):
            p.mul_(1.0 + 0.1 * step).add_(0.37 * (i + 1) - 0.2 * step)
        model[1].running_mean.add_(0.11 * step)
        model[1].running_var.mul_(1.3)
        model[1].num_batches_tracked.add_(3)
    for m in avgs:
        m.update_parameters(model)
for m in avgs:
    print(m.n_averaged, m.module[0].weight[0], m.module[0].bias)
    print(m.module[1].weight, m.module[1].running_mean, m.module[1].running_var,
          m.module[1].num_batches_tracked)
""",
        """\
tensor(0) False False
tensor(7) tensor([ 0.2759586573,  0.9328620434, -0.7089887857, -0.6037909985],
       grad_fn=<SelectBackward0>) Parameter containing:
tensor([2.2470178604, 2.6009533405, 2.9029490948], requires_grad=True)
Parameter containing:
tensor([8.9319744110, 8.9319744110, 8.9319744110], requires_grad=True) tensor([2.3099999428, 2.3099999428, 2.3099999428]) tensor([6.2748503685, 6.2748503685, 6.2748503685]) tensor(21)
tensor(7) tensor([ 0.2759586573,  0.9328620434, -0.7089887857, -0.6037909985],
       grad_fn=<SelectBackward0>) Parameter containing:
tensor([2.2470178604, 2.6009533405, 2.9029490948], requires_grad=True)
Parameter containing:
tensor([8.9319744110, 8.9319744110, 8.9319744110], requires_grad=True) tensor([0.8799999952, 0.8799999952, 0.8799999952]) tensor([3.2653837204, 3.2653837204, 3.2653837204]) tensor(9)
tensor(7) tensor([ 0.1205719858,  0.8972350955, -1.0439406633, -0.9195643663],
       grad_fn=<SelectBackward0>) Parameter containing:
tensor([2.6098964214, 3.0283577442, 3.3854100704], requires_grad=True)
Parameter containing:
tensor([10.6725053787, 10.6725053787, 10.6725053787], requires_grad=True) tensor([2.3099999428, 2.3099999428, 2.3099999428]) tensor([6.2748503685, 6.2748503685, 6.2748503685]) tensor(21)
tensor(7) tensor([-0.4871889055,  0.8690084815, -2.5206432343, -2.3034591675],
       grad_fn=<SelectBackward0>) Parameter containing:
tensor([4.6542711258, 5.3849816322, 6.0084614754], requires_grad=True)
Parameter containing:
tensor([19.5277156830, 19.5277156830, 19.5277156830], requires_grad=True) tensor([2.0473320484, 2.0473320484, 2.0473320484]) tensor([5.7101993561, 5.7101993561, 5.7101993561]) tensor(19)
tensor(7) tensor([ 0.1205719560,  0.8972350359, -1.0439406633, -0.9195643663],
       grad_fn=<SelectBackward0>) Parameter containing:
tensor([2.6098961830, 3.0283575058, 3.3854098320], requires_grad=True)
Parameter containing:
tensor([10.6725053787, 10.6725053787, 10.6725053787], requires_grad=True) tensor([2.3099999428, 2.3099999428, 2.3099999428]) tensor([6.2748503685, 6.2748503685, 6.2748503685]) tensor(21)
tensor(7) tensor([ 0.2759586573,  0.9328620434, -0.7089887857, -0.6037909985],
       grad_fn=<SelectBackward0>) Parameter containing:
tensor([2.2470178604, 2.6009533405, 2.9029490948], requires_grad=True)
Parameter containing:
tensor([8.9319744110, 8.9319744110, 8.9319744110], requires_grad=True) tensor([2.3099999428, 2.3099999428, 2.3099999428]) tensor([6.2748503685, 6.2748503685, 6.2748503685]) tensor(21)
tensor(7) tensor([ 9.7847900391, 10.9448299408,  8.0454521179,  8.2312231064],
       grad_fn=<SelectBackward0>) Parameter containing:
tensor([14.0635824203, 14.6886024475, 15.2219038010], requires_grad=True)
Parameter containing:
tensor([26.6667366028, 26.6667366028, 26.6667366028], requires_grad=True) tensor([2.3099999428, 2.3099999428, 2.3099999428]) tensor([6.2748503685, 6.2748503685, 6.2748503685]) tensor(21)
"""),
    "float64": (
        """from torch.optim.swa_utils import AveragedModel
torch.set_printoptions(precision=17)
m64 = torch.nn.Linear(3, 2).to(torch.float64)
a64 = AveragedModel(m64)
for i in range(4):
    with torch.no_grad():
        m64.weight.mul_(1.1).add_(0.3)
    a64.update_parameters(m64)
print(a64.module.weight)
""",
        """\
Parameter containing:
tensor([[0.82330827876934776, 1.22410758017376087, 0.22235783697813735],
        [0.28654264297261828, 0.54502104215808211, 1.02641882121004180]],
       dtype=torch.float64, requires_grad=True)
"""),
    "module": (
        """from torch.optim.swa_utils import AveragedModel
model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.Linear(4, 1))
swa = AveragedModel(model)
print(swa)
print(type(swa).__name__, isinstance(swa, torch.nn.Module), swa.training)
print(sorted(swa.state_dict().keys()))
print([name for name, _ in swa.named_parameters()])
swa.eval()
print(swa(torch.ones(2, 3)), swa.module.training)
swa.update_parameters(model)
print(swa.state_dict()["n_averaged"], swa.n_averaged.dtype)
print(torch.optim.swa_utils.get_swa_avg_fn()(torch.tensor(1.0), torch.tensor(4.0), 2))
print(torch.optim.swa_utils.get_ema_avg_fn(0.25)(torch.tensor(1.0), torch.tensor(3.0), 1))
""",
        """\
AveragedModel(
  (module): Sequential(
    (0): Linear(in_features=3, out_features=4, bias=True)
    (1): BatchNorm1d(4, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)
    (2): Linear(in_features=4, out_features=1, bias=True)
  )
)
AveragedModel True True
['module.0.bias', 'module.0.weight', 'module.1.bias', 'module.1.num_batches_tracked', 'module.1.running_mean', 'module.1.running_var', 'module.1.weight', 'module.2.bias', 'module.2.weight', 'n_averaged']
['module.0.weight', 'module.0.bias', 'module.1.weight', 'module.1.bias', 'module.2.weight', 'module.2.bias']
tensor([[-0.2519],
        [-0.2519]], grad_fn=<AddmmBackward0>) False
tensor(1) torch.int64
tensor(2.)
tensor(2.5000)
"""),
    "update_bn": (
        """from torch.optim.swa_utils import update_bn
torch.set_printoptions(precision=10)
bn = torch.nn.BatchNorm1d(5, momentum=0.2)
data = [torch.randn(6, 5) * 3 + 1 for _ in range(4)]
update_bn(data, bn)
print(bn.running_mean, bn.running_var, bn.num_batches_tracked, bn.momentum, bn.training)
bn.eval()
update_bn([(d, 0) for d in data[:2]], torch.nn.Sequential(bn))
print(bn.running_mean, bn.running_var, bn.num_batches_tracked, bn.training)
inorm = torch.nn.InstanceNorm1d(5, track_running_stats=True)
update_bn([torch.randn(2, 5, 4)], inorm)
print(inorm.running_mean, inorm.num_batches_tracked)
print(update_bn([torch.randn(2, 5)], torch.nn.Linear(5, 1)))
""",
        """\
tensor([1.5889856815, 0.6583301425, 1.2606947422, 0.7286543250, 1.3099786043]) tensor([ 7.9478588104,  7.0494089127,  6.1251435280, 16.8107166290,
        13.1572570801]) tensor(4) 0.2 True
tensor([1.2973594666, 0.4284747541, 0.7300273776, 0.9382264614, 2.1962683201]) tensor([ 4.3571128845,  3.0980100632, 10.7415599823, 23.2360115051,
        10.6836862564]) tensor(2) True
tensor([0., 0., 0., 0., 0.]) tensor(0)
None
"""),
    "swalr": (
        """from torch.optim.swa_utils import SWALR
opt = torch.optim.SGD([torch.zeros(2, requires_grad=True)], lr=1.0, momentum=0.9)
opt.add_param_group({"params": [torch.zeros(1, requires_grad=True)], "lr": 0.5})
s = SWALR(opt, swa_lr=[0.05, 0.2], anneal_epochs=5)
print(s.get_last_lr(), [g["swa_lr"] for g in opt.param_groups])
for _ in range(7):
    opt.step()
    s.step()
    print(s.get_last_lr())
print(s.get_lr())
state = s.state_dict()
print(sorted(state), state["_anneal_strategy"], state["anneal_epochs"])
s2 = SWALR(opt, swa_lr=0.1, anneal_strategy="linear")
s2.load_state_dict(state)
print(s2.anneal_func(0.5), s2.get_last_lr())
print(s)
opt1 = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
lin = SWALR(opt1, swa_lr=0.01, anneal_strategy="linear", anneal_epochs=3)
cos0 = SWALR(torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1), 0.03, anneal_epochs=0)
for _ in range(4):
    opt1.step()
    lin.step()
    cos0.step()
    print(lin.get_last_lr(), cos0.get_last_lr())
""",
        """\
[1.0, 0.5] [0.05, 0.2]
[0.9092830723281, 0.47135254915624214]
[0.6717830723281001, 0.39635254915624213]
[0.37821692767189996, 0.3036474508437579]
[0.14071692767189997, 0.2286474508437579]
[0.05, 0.2]
[0.05, 0.2]
[0.05, 0.2]
~~ UserWarning: To get the last learning rate computed by the scheduler, please use `get_last_lr()`.
[0.05, 0.2]
['_anneal_strategy', '_get_lr_called_within_step', '_is_initial', '_last_lr', '_step_count', 'anneal_epochs', 'base_lrs', 'last_epoch'] cos 5
0.49999999999999994 [0.05, 0.2]
<torch.optim.swa_utils.SWALR object at 0x>
~~ UserWarning: Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate
[0.07] [0.03]
[0.04000000000000001] [0.03]
[0.01] [0.03]
[0.01] [0.03]
"""),
    "errors": (
        """from torch.optim.swa_utils import AveragedModel, SWALR, get_ema_multi_avg_fn, get_ema_avg_fn
opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
for make in [lambda: SWALR(opt, swa_lr=0.1, anneal_strategy="x"),
             lambda: SWALR(opt, swa_lr=0.1, anneal_epochs=-1),
             lambda: SWALR(opt, swa_lr=0.1, anneal_epochs=2.0),
             lambda: SWALR(opt, swa_lr=[0.1, 0.2]),
             lambda: get_ema_multi_avg_fn(1.5),
             lambda: get_ema_avg_fn(-0.1),
             lambda: AveragedModel(torch.nn.Linear(1, 1), avg_fn=get_ema_avg_fn(), multi_avg_fn=get_ema_multi_avg_fn())]:
    try:
        make()
    except (ValueError, AssertionError) as e:
        print(type(e).__name__, e)
""",
        """\
ValueError anneal_strategy must be one of 'cos' or 'linear', instead got x
ValueError anneal_epochs must be equal or greater than 0, got -1
ValueError anneal_epochs must be equal or greater than 0, got 2.0
ValueError swa_lr must have the same length as optimizer.param_groups. swa_lr has 2 values, param_groups has 1.
ValueError Invalid decay value 1.5 provided. Please provide a value in [0,1] range.
ValueError Invalid decay value -0.1 provided. Please provide a value in [0,1] range.
AssertionError Only one of avg_fn and multi_avg_fn should be provided
"""),
}


@pytest.mark.parametrize("name", CASES)
def test_swa_utils(name, monkeypatch):
    source, expected = CASES[name]
    assert run(source, monkeypatch) == expected
