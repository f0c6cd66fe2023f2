"""torch.distributions as PyTorch 2.13 runs it: sampling (bit for bit after manual_seed),
rsample's reparameterized gradients, log_prob/entropy/cdf values and grad_fn names, KL
divergences and their dispatch, validate_args errors, reprs and shapes.

Each case is a formula program and what PyTorch 2.13 printed for it, pasted in (format of
test_autograd_parity4: an error that ends the program is `!! Type: message`, addresses read
` at 0x`), so this runs without PyTorch. Then float64 gradcheck and gradgradcheck of
log_prob, entropy, rsample (fixed seed) and KL w.r.t. every distribution's parameters."""
from __future__ import annotations

import warnings

import pytest

import gradcli as torch
from gradcli import distributions as dist_pkg
from gradcli.autograd.gradcheck import gradcheck, gradgradcheck
from test_autograd_parity4 import run

# Programs (each runs after `import torch; torch.manual_seed(0)`).
CASES = {
"vae_reparameterization": """from torch.distributions import Normal
mu = torch.tensor([[0.5, -0.3], [1.2, 0.1]], requires_grad=True)
logvar = torch.tensor([[0.1, -0.4], [0.3, 0.0]], requires_grad=True)
std = torch.exp(0.5 * logvar)
q = Normal(mu, std)
z = q.rsample()
print(z)
prior = Normal(torch.zeros_like(mu), torch.ones_like(std))
kl = torch.distributions.kl_divergence(q, prior).sum()
recon = ((z - 1.0) ** 2).sum()
loss = recon + kl
print(kl, loss)
loss.backward()
print(mu.grad)
print(logvar.grad)
print(z.grad_fn, z.grad_fn.next_functions)""",
"reinforce_categorical": """import torch.distributions as D
logits = torch.tensor([[1.0, 0.5, -0.2], [0.3, 0.3, 2.0]], requires_grad=True)
m = D.Categorical(logits=logits)
a = m.sample()
print(a, a.dtype, a.requires_grad)
reward = torch.tensor([1.0, -0.5])
loss = -(m.log_prob(a) * reward).sum()
print(loss)
loss.backward()
print(logits.grad)
print(m.entropy(), m.probs, m.sample((2, 3)).shape)""",
"entropies": """import torch.distributions as D
a = torch.tensor([0.3, 1.5], requires_grad=True)
b = torch.tensor([2.0, 0.5], requires_grad=True)
p = torch.tensor([0.2, 0.9], requires_grad=True)
for d in [D.Normal(a, b), D.Uniform(a, a + b), D.Exponential(b), D.Laplace(a, b), D.Cauchy(a, b), D.LogNormal(a, b), D.Gumbel(a, b), D.Bernoulli(p), D.Geometric(p), D.Categorical(probs=torch.stack([p, 1 - p], -1)), D.OneHotCategorical(logits=torch.stack([a, b], -1))]:
    e = d.entropy()
    print(type(d).__name__, e)
    e.sum().backward()
print(a.grad, b.grad, p.grad)""",
"kl_normal_normal_backward": """from torch.distributions import Normal, kl_divergence
m1 = torch.tensor([0.0, 1.0], requires_grad=True)
s1 = torch.tensor([1.0, 0.5], requires_grad=True)
k = kl_divergence(Normal(m1, s1), Normal(torch.tensor([0.5, 0.5]), torch.tensor([2.0, 1.0])))
print(k)
k.sum().backward()
print(m1.grad, s1.grad)
print(torch.distributions.kl.kl_divergence(Normal(0.0, 1.0), Normal(1.0, 2.0)))""",
"kl_pairs": """import torch.distributions as D
a = torch.tensor([0.3, 1.5])
b = torch.tensor([2.0, 2.5])
p = torch.tensor([0.2, 0.7])
kl = D.kl_divergence
print(kl(D.Laplace(a, b), D.Normal(0.0, 1.0)), kl(D.Normal(a, b), D.Laplace(0.0, 1.0)))
print(kl(D.LogNormal(a, b), D.LogNormal(0.0, 1.0)), kl(D.Normal(a, b), D.Uniform(0.0, 1.0)))
print(kl(D.Bernoulli(p), D.Bernoulli(0.5)), kl(D.Bernoulli(p), D.Poisson(1.0)))
print(kl(D.Categorical(logits=torch.tensor([1.0, 2.0, 0.5])), D.Categorical(probs=torch.tensor([0.2, 0.3, 0.5]))))
print(kl(D.Poisson(b), D.Poisson(1.0)), kl(D.Exponential(b), D.Exponential(1.0)), kl(D.Exponential(b), D.Normal(0.0, 1.0)))
print(kl(D.Uniform(0.0, 1.0), D.Uniform(-1.0, 2.0)), kl(D.Uniform(0.0, 1.0), D.Uniform(0.5, 2.0)), kl(D.Gumbel(a, b), D.Gumbel(0.0, 1.0)))
print(kl(D.Geometric(p), D.Geometric(0.5)), kl(D.Cauchy(a, b), D.Cauchy(0.0, 1.0)), kl(D.Uniform(a, b + 1), D.Normal(0.0, 1.0)))
i1 = D.Independent(D.Normal(torch.zeros(3, 2), torch.ones(3, 2)), 1)
print(kl(i1, D.Independent(D.Normal(torch.ones(3, 2), torch.ones(3, 2)), 1)))
print(kl(D.OneHotCategorical(probs=torch.tensor([0.5, 0.5])), D.OneHotCategorical(probs=torch.tensor([0.9, 0.1]))))
kl(D.Normal(0.0, 1.0), D.Categorical(logits=torch.zeros(3)))""",
"validate_scale": """from torch.distributions import Normal
Normal(torch.zeros(2), torch.tensor([1.0, -2.0]))""",
"validate_errors": """import torch.distributions as D
def err(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
err(lambda: D.Uniform(torch.tensor([0.0, 2.0]), torch.tensor([1.0, 1.0])))
err(lambda: D.Bernoulli(probs=torch.tensor([0.2, 1.2])))
err(lambda: D.Bernoulli())
err(lambda: D.Categorical(probs=torch.tensor([0.2, -0.1, 0.9])))
err(lambda: D.Categorical(logits=torch.tensor(1.0)))
err(lambda: D.Geometric(torch.tensor([0.0, 0.5])))
err(lambda: D.Normal(0.0, 1.0).log_prob(0.5))
err(lambda: D.Exponential(torch.tensor([1.0, 2.0])).log_prob(torch.tensor([-1.0, 1.0])))
err(lambda: D.Categorical(logits=torch.zeros(2, 3)).log_prob(torch.tensor([0, 3])))
err(lambda: D.Poisson(2.0).log_prob(torch.tensor(1.5)))
err(lambda: D.Independent(D.Normal(0.0, 1.0), 1))
err(lambda: D.OneHotCategorical(logits=torch.zeros(3)).log_prob(torch.tensor([1.0, 1.0, 0.0])))
err(lambda: D.Normal(torch.zeros(2), 1.0).log_prob(torch.zeros(2, 3)))
err(lambda: D.Poisson(2.0).entropy())
print(D.Normal(0.0, -1.0, validate_args=False))
D.Distribution.set_default_validate_args(False)
print(D.Normal(0.0, -1.0).log_prob(torch.tensor(-2.0)))
D.Distribution.set_default_validate_args(True)
D.Uniform(0.0, 1.0).log_prob(torch.tensor([0.5, 1.5]))""",
"reprs": """import torch.distributions as D
from torch.distributions import constraints, transforms
print(D.Normal(torch.zeros(2), torch.ones(2)), D.Normal(0.0, 1.0), D.Normal(torch.tensor([0.5]), 2.0))
print(D.Gumbel(0.0, 1.0), D.LogNormal(0.0, 1.0), D.Uniform(0.0, 1.0), D.Cauchy(1.0, 2.0), D.Laplace(0.0, 3.0))
print(D.Bernoulli(0.3), D.Bernoulli(logits=0.3), D.Geometric(logits=torch.tensor([0.1, 0.2])), D.Poisson(4.0), D.Exponential(torch.ones(3)))
print(D.Categorical(logits=torch.zeros(2, 3)), D.OneHotCategorical(probs=torch.tensor([0.2, 0.8])))
print(D.Independent(D.Normal(torch.zeros(3, 2), torch.ones(3, 2)), 1))
print(constraints.positive, constraints.real, constraints.unit_interval, constraints.simplex, constraints.boolean)
print(constraints.nonnegative_integer, constraints.real_vector, constraints.one_hot, constraints.greater_than(2), constraints.interval(0, 1))
print(D.Categorical(logits=torch.zeros(4)).support, D.Uniform(0.0, 2.0).support, D.LogNormal(0.0, 1.0).support)
print(transforms.ExpTransform(), transforms.ExpTransform().inv, transforms.AffineTransform(0.0, 2.0))
print(transforms.ComposeTransform([transforms.ExpTransform(), transforms.SigmoidTransform()]))
print(D.Normal.arg_constraints, D.Normal.support, D.Normal.has_rsample, D.Bernoulli(0.5).has_enumerate_support)""",
"sample_shapes": """import torch.distributions as D
n = D.Normal(torch.zeros(3), torch.ones(3))
print(n.sample().shape, n.sample((2,)).shape, n.rsample((4, 5)).shape, n.batch_shape, n.event_shape)
e = n.expand((2, 3))
print(e, e.batch_shape, e.sample((4,)).shape)
c = D.Categorical(logits=torch.zeros(2, 5))
print(c.sample((3,)).shape, c.batch_shape, c.event_shape, c.expand((4, 2)).sample().shape)
o = D.OneHotCategorical(logits=torch.zeros(2, 5))
print(o.sample((3,)).shape, o.batch_shape, o.event_shape)
i = D.Independent(n, 1)
print(i.batch_shape, i.event_shape, i.sample((2,)).shape, i.log_prob(torch.zeros(3)))
print(D.Bernoulli(torch.tensor([0.3, 0.6])).sample((3,)), D.Geometric(torch.tensor([0.3, 0.6])).sample((3,)))
print(D.Poisson(torch.tensor([3.0, 12.0])).sample((3,)), D.Normal(0.0, 1.0).sample((2, 3)).shape, D.Normal(0.0, 1.0).sample())
print(D.Uniform(0.0, 1.0).sample((2,)), D.Exponential(torch.ones(20)).rsample())
print(D.Laplace(0.0, 1.0).rsample((17,)))
print(D.Cauchy(torch.zeros(2), 1.0).sample((2,)), D.Gumbel(0.0, 1.0).sample((3,)), D.LogNormal(0.0, 1.0).sample((3,)))
print(D.OneHotCategorical(probs=torch.tensor([0.2, 0.3, 0.5])).sample((2,)))""",
"rsample_grads": """import torch.distributions as D
a = torch.tensor([0.3, 1.5], requires_grad=True)
b = torch.tensor([2.0, 2.5], requires_grad=True)
for d in [D.Normal(a, b), D.Uniform(a, a + b), D.Exponential(b), D.Laplace(a, b), D.Cauchy(a, b), D.LogNormal(a, b), D.Gumbel(a, b)]:
    x = d.rsample((3,))
    lp = d.log_prob(x.detach())
    print(type(d).__name__, x, lp)
    (x.sum() + lp.sum()).backward()
    print(a.grad, b.grad)
    a.grad = None
    b.grad = None
    print(d.mean, d.variance, d.stddev)""",
"discrete_log_prob": """import torch.distributions as D
p = torch.tensor([0.2, 0.7], requires_grad=True)
l = torch.tensor([0.3, -1.5], requires_grad=True)
r = torch.tensor([2.0, 2.5], requires_grad=True)
for d in [D.Bernoulli(p), D.Bernoulli(logits=l), D.Geometric(p), D.Geometric(logits=l), D.Poisson(r)]:
    x = d.sample((2,))
    lp = d.log_prob(x)
    print(type(d).__name__, x, lp)
    lp.sum().backward()
    print(p.grad, l.grad, r.grad)
    p.grad = None
    l.grad = None
    r.grad = None
    print(d.mean, d.variance)
print(D.Bernoulli(torch.tensor([0.3, 0.5, 0.8])).mode, D.Bernoulli(torch.tensor([0.3, 0.8])).enumerate_support())
print(D.Categorical(probs=torch.tensor([1.0, 3.0])).probs, D.Categorical(probs=torch.tensor([[1.0, 3.0]])).enumerate_support(False))
print(D.Categorical(probs=torch.tensor([1.0, 3.0])).logits, D.Categorical(logits=torch.tensor([1.0, 3.0])).mode)""",
"cdf_icdf_transforms": """import torch.distributions as D
from torch.distributions import transforms as T
a = torch.tensor([0.3, 1.5], requires_grad=True)
b = torch.tensor([2.0, 2.5], requires_grad=True)
v = torch.tensor([0.1, 0.9])
print(D.Normal(a, b).cdf(v), D.Normal(a, b).icdf(v), D.Exponential(b).cdf(v), D.Exponential(b).icdf(v))
print(D.Laplace(a, b).cdf(v), D.Laplace(a, b).icdf(v), D.Cauchy(a, b).cdf(v), D.Cauchy(a, b).icdf(v))
print(D.Uniform(0.0, 2.0).cdf(v), D.LogNormal(a, b).cdf(v), D.LogNormal(a, b).icdf(v))
t = T.ComposeTransform([T.AffineTransform(1.0, 2.0), T.TanhTransform()])
x = torch.tensor([0.1, -0.2], requires_grad=True)
y = t(x)
print(y, t.inv(y), t.log_abs_det_jacobian(x, y), T.SigmoidTransform()(x), T.SigmoidTransform().log_abs_det_jacobian(x, y))
td = D.TransformedDistribution(D.Normal(0.0, 1.0), [T.SigmoidTransform()])
print(td, td.batch_shape, td.sample((2,)), td.log_prob(torch.tensor([0.3, 0.6])), td.support)
print(D.Normal(0.0, 2.0).perplexity(), D.Uniform(0.0, 2.0).mode, D.Cauchy(0.0, 1.0).mean, D.Cauchy(0.0, 1.0).variance)""",
"float64": """import torch.distributions as D
x64 = torch.tensor([0.25, 0.5], dtype=torch.float64, requires_grad=True)
n = D.Normal(x64, 1.5)
print(n, n.rsample(), n.log_prob(torch.tensor([0.1, 0.2], dtype=torch.float64)), n.entropy(), n.sample((2,)).dtype)
print(D.Exponential(x64).rsample(), D.Laplace(x64, 1.0).rsample(), D.Cauchy(x64, 1.0).rsample(), D.Uniform(x64, 1.0).rsample())
print(D.Bernoulli(x64).sample(), D.Geometric(x64).sample(), D.Gumbel(x64, 1.0).rsample(), D.LogNormal(x64, 1.0).rsample())
print(D.Normal(torch.zeros(20, dtype=torch.float64), 1.0).rsample())""",
"namespaces": """import torch.distributions as D
from torch.distributions import Normal, constraints
from torch.distributions.kl import kl_divergence, register_kl
print(D.constraints.positive, D.kl.kl_divergence is D.kl_divergence, kl_divergence is D.kl_divergence)
print(D.transforms.ExpTransform, Normal is torch.distributions.Normal, D.ExpTransform is D.transforms.ExpTransform)
print(D.OneHotCategorical, D.LogNormal, D.TransformedDistribution, D.ExponentialFamily, D.Distribution)
print(type(Normal(0.0, 1.0)), isinstance(Normal(0.0, 1.0), D.ExponentialFamily), constraints.is_dependent(D.Uniform(0.0, 1.0).support))
print(D.utils.probs_to_logits(torch.tensor([0.2, 0.8])), D.utils.logits_to_probs(torch.tensor([0.2, 0.8]), is_binary=True))
print(D.utils.broadcast_all(torch.zeros(2, 1), 1.0))""",
"relaxed_and_half": """import torch.distributions as D
s = torch.tensor([0.7, 1.9], requires_grad=True)
t = torch.tensor(0.5, requires_grad=True)
l = torch.tensor([0.3, -1.2], requires_grad=True)
for d in [D.HalfNormal(s), D.HalfCauchy(s), D.RelaxedBernoulli(t, logits=l), D.relaxed_bernoulli.LogitRelaxedBernoulli(t, probs=torch.tensor([0.3, 0.6])), D.RelaxedOneHotCategorical(t, logits=torch.stack([l, s], -1)), D.relaxed_categorical.ExpRelaxedCategorical(t, probs=torch.tensor([0.2, 0.8]))]:
    print(d, d.batch_shape, d.event_shape, d.support)
    x = d.rsample((2,))
    print(x)
    lp = d.log_prob(x.detach())
    print(lp)
    (x.sum() + lp.sum()).backward()
    print(s.grad, t.grad, l.grad)
    s.grad = None; t.grad = None; l.grad = None
print(D.HalfNormal(s).entropy(), D.HalfCauchy(s).entropy(), D.HalfNormal(s).mean, D.HalfNormal(s).variance, D.HalfCauchy(s).mean)
print(D.HalfNormal(s).cdf(torch.tensor([0.5, 1.0])), D.HalfNormal(s).icdf(torch.tensor([0.5, 0.9])), D.HalfNormal(s).log_prob(torch.tensor([0.5, -1.0]) if False else torch.tensor([0.5, 1.0])))
print(D.kl_divergence(D.HalfNormal(s), D.HalfNormal(1.0)), D.HalfNormal(1.0).expand((3,)))
st = D.OneHotCategoricalStraightThrough(logits=torch.stack([l, s], -1))
r = st.rsample()
print(r)
(r * torch.tensor([1.0, 2.0])).sum().backward()
print(l.grad, s.grad)
print(D.RelaxedBernoulli(t, logits=l).expand((3, 2)).batch_shape, D.RelaxedBernoulli(t, probs=0.3))""",
"submodule_imports": """from torch.distributions.normal import Normal
import torch.distributions.one_hot_categorical as ohc
from torch.distributions.kl import kl_divergence
print(Normal(0.0, 1.0), ohc.OneHotCategorical, torch.distributions.normal.Normal is Normal, torch.distributions.distribution.Distribution)""",
"mixture_and_constraint_registry": """import torch.distributions as D
from torch.distributions import biject_to, transform_to, constraints
w = torch.tensor([0.3, 1.0, -0.5], requires_grad=True)
mu = torch.tensor([-2.0, 0.0, 3.0], requires_grad=True)
sd = torch.tensor([0.5, 1.0, 0.7], requires_grad=True)
g = D.MixtureSameFamily(D.Categorical(logits=w), D.Normal(mu, sd))
print(g, g.batch_shape, g.event_shape, g.support)
x = g.sample((4,))
print(x)
lp = g.log_prob(x)
print(lp)
lp.sum().backward()
print(w.grad, mu.grad, sd.grad)
print(g.mean, g.variance, g.cdf(torch.tensor([0.0, 1.0])))
g2 = D.MixtureSameFamily(D.Categorical(logits=torch.zeros(2, 3)), D.Independent(D.Normal(torch.randn(2, 3, 2), torch.ones(2, 3, 2)), 1))
print(g2.batch_shape, g2.event_shape, g2.sample((2,)).shape, g2.log_prob(torch.zeros(2, 2)), g2.mean, g2.variance)
print(g2.expand((4, 2)).batch_shape)
for c in [constraints.real, constraints.positive, constraints.greater_than(1.0), constraints.less_than(2.0), constraints.unit_interval, constraints.interval(-1.0, 3.0), constraints.simplex, constraints.real_vector, constraints.lower_cholesky]:
    for reg in [biject_to, transform_to]:
        try:
            t = reg(c)
        except Exception as e:
            print(type(e).__name__, e)
            continue
        print(c, t)
        x = torch.randn(3, 3)
        y = t(x)
        print(y, t.log_abs_det_jacobian(x, y) if not isinstance(t, (D.transforms.SoftmaxTransform, D.transforms.LowerCholeskyTransform)) else None)
        print(t.inv(y))
try:
    biject_to(constraints.boolean)
except NotImplementedError as e:
    print(e)""",
}

# What PyTorch 2.13 printed for each program.
EXPECTED = {
    'vae_reparameterization': (
        'tensor([[ 2.1200, -0.5402],\n'
        '        [-1.3314,  0.6684]], grad_fn=<AddBackward0>)\n'
        'tensor(0.9577, grad_fn=<SumBackward0>) tensor(10.1297, grad_fn=<AddBackward0>)\n'
        'tensor([[ 2.7400, -3.3805],\n'
        '        [-3.4628, -0.5631]])\n'
        'tensor([[ 1.8670,  0.2052],\n'
        '        [ 6.0766, -0.1885]])\n'
        '<AddBackward0 object at 0x> ((<AccumulateGrad object at 0x>, 0), (<MulBackward0 object at 0x>, 0))\n'
    ),
    'reinforce_categorical': (
        'tensor([1, 2]) torch.int64 False\n'
        'tensor(0.9902, grad_fn=<NegBackward0>)\n'
        'tensor([[ 0.5242, -0.6821,  0.1579],\n'
        '        [-0.0669, -0.0669,  0.1338]])\n'
        'tensor([0.9943, 0.7663], grad_fn=<NegBackward0>) tensor([[0.5242, 0.3179, 0.1579],\n'
        '        [0.1338, 0.1338, 0.7324]], grad_fn=<SoftmaxBackward0>) torch.Size([2, 3, 2])\n'
    ),
    'entropies': (
        'Normal tensor([2.1121, 0.7258], grad_fn=<AddBackward0>)\n'
        'Uniform tensor([ 0.6931, -0.6931], grad_fn=<LogBackward0>)\n'
        'Exponential tensor([0.3069, 1.6931], grad_fn=<RsubBackward1>)\n'
        'Laplace tensor([2.3863, 1.0000], grad_fn=<AddBackward0>)\n'
        'Cauchy tensor([3.2242, 1.8379], grad_fn=<AddBackward0>)\n'
        'LogNormal tensor([2.4121, 2.2258], grad_fn=<AddBackward0>)\n'
        'Gumbel tensor([2.2704, 0.8841], grad_fn=<AddBackward0>)\n'
        'Bernoulli tensor([0.5004, 0.3251], grad_fn=<BinaryCrossEntropyWithLogitsBackward0>)\n'
        'Geometric tensor([2.5020, 0.3612], grad_fn=<DivBackward0>)\n'
        'Categorical tensor([0.5004, 0.3251], grad_fn=<NegBackward0>)\n'
        'OneHotCategorical tensor([0.4304, 0.5822], grad_fn=<NegBackward0>)\n'
        'tensor([1.2220, 0.8034]) tensor([ 2.2780, 10.1966]) tensor([-2.8060, -7.2371])\n'
    ),
    'kl_normal_normal_backward': (
        'tensor([0.3494, 0.4431], grad_fn=<MulBackward0>)\n'
        'tensor([-0.1250,  0.5000]) tensor([-0.7500, -1.5000])\n'
        'tensor(0.4431)\n'
    ),
    'kl_pairs': (
        'tensor([2.5776, 5.6845]) tensor([0.1947, 0.7013])\n'
        'tensor([0.8519, 2.8337]) tensor([inf, inf])\n'
        'tensor([0.1927, 0.0823]) tensor([0.4996, 0.3891])\n'
        'tensor(0.3201)\n'
        'tensor([0.3863, 0.7907]) tensor([0.1931, 0.3163]) tensor([0.8621, 0.9952])\n'
        'tensor(1.0986) tensor(inf) tensor([0.6657, 1.1911])\n'
        'tensor([0.9637, 0.1175]) tensor([0.1277, 0.3716]) tensor([1.5907, 3.5175])\n'
        'tensor([1., 1., 1.])\n'
        'tensor(0.5108)\n'
        '!! NotImplementedError: No KL(p || q) is implemented for p type Normal and q type Categorical\n'
    ),
    'validate_scale': (
        '!! ValueError: Expected parameter scale (Tensor of shape (2,)) of distribution Normal(loc: torch.Size([2]), scale: torch.Size([2])) to satisfy the constraint GreaterThan(lower_bound=0.0), but found invalid values:\n'
        'tensor([ 1., -2.])\n'
    ),
    'validate_errors': (
        'ValueError Expected parameter low (Tensor of shape (2,)) of distribution Uniform(low: torch.Size([2]), high: torch.Size([2])) to satisfy the constraint LessThan(upper_bound=tensor([1., 1.])), but found invalid values:\n'
        'tensor([0., 2.])\n'
        'ValueError Expected parameter probs (Tensor of shape (2,)) of distribution Bernoulli(probs: torch.Size([2])) to satisfy the constraint Interval(lower_bound=0.0, upper_bound=1.0), but found invalid values:\n'
        'tensor([0.2000, 1.2000])\n'
        'ValueError Either `probs` or `logits` must be specified, but not both.\n'
        'ValueError Expected parameter probs (Tensor of shape (3,)) of distribution Categorical(probs: torch.Size([3])) to satisfy the constraint Simplex(), but found invalid values:\n'
        'tensor([ 0.2000, -0.1000,  0.9000])\n'
        'ValueError `logits` parameter must be at least one-dimensional.\n'
        'ValueError Expected parameter probs (Tensor of shape (2,)) of distribution Geometric(probs: torch.Size([2])) to be positive but found invalid values:\n'
        'tensor([0.])\n'
        'ValueError The value argument to log_prob must be a Tensor\n'
        'ValueError Expected value argument (Tensor of shape (2,)) to be within the support (GreaterThanEq(lower_bound=0.0)) of the distribution Exponential(rate: torch.Size([2])), but found invalid values:\n'
        'tensor([-1.,  1.])\n'
        'ValueError Expected value argument (Tensor of shape (2,)) to be within the support (IntegerInterval(lower_bound=0, upper_bound=2)) of the distribution Categorical(logits: torch.Size([2, 3])), but found invalid values:\n'
        'tensor([0, 3])\n'
        'ValueError Expected value argument (Tensor of shape ()) to be within the support (IntegerGreaterThan(lower_bound=0)) of the distribution Poisson(rate: 2.0), but found invalid values:\n'
        '1.5\n'
        'ValueError Expected reinterpreted_batch_ndims <= len(base_distribution.batch_shape), actual 1 vs 0\n'
        'ValueError Expected value argument (Tensor of shape (3,)) to be within the support (OneHot()) of the distribution OneHotCategorical(), but found invalid values:\n'
        'tensor([1., 1., 0.])\n'
        'ValueError Value is not broadcastable with batch_shape+event_shape: torch.Size([2, 3]) vs torch.Size([2]).\n'
        'NotImplementedError \n'
        'Normal(loc: 0.0, scale: -1.0)\n'
        'tensor(nan)\n'
        '!! ValueError: Expected value argument (Tensor of shape (2,)) to be within the support (Interval(lower_bound=0.0, upper_bound=1.0)) of the distribution Uniform(low: 0.0, high: 1.0), but found invalid values:\n'
        'tensor([0.5000, 1.5000])\n'
    ),
    'reprs': (
        'Normal(loc: torch.Size([2]), scale: torch.Size([2])) Normal(loc: 0.0, scale: 1.0) Normal(loc: tensor([0.5000]), scale: tensor([2.]))\n'
        'Gumbel(loc: 0.0, scale: 1.0) LogNormal() Uniform(low: 0.0, high: 1.0) Cauchy(loc: 1.0, scale: 2.0) Laplace(loc: 0.0, scale: 3.0)\n'
        'Bernoulli(probs: 0.30000001192092896) Bernoulli(logits: 0.30000001192092896) Geometric(logits: torch.Size([2])) Poisson(rate: 4.0) Exponential(rate: torch.Size([3]))\n'
        'Categorical(logits: torch.Size([2, 3])) OneHotCategorical()\n'
        'Independent(Normal(loc: torch.Size([3, 2]), scale: torch.Size([3, 2])), 1)\n'
        'GreaterThan(lower_bound=0.0) Real() Interval(lower_bound=0.0, upper_bound=1.0) Simplex() Boolean()\n'
        'IntegerGreaterThan(lower_bound=0) IndependentConstraint(Real(), 1) OneHot() GreaterThan(lower_bound=2) Interval(lower_bound=0, upper_bound=1)\n'
        'IntegerInterval(lower_bound=0, upper_bound=3) Interval(lower_bound=0.0, upper_bound=2.0) GreaterThan(lower_bound=0.0)\n'
        'ExpTransform() _InverseTransform(ExpTransform()) AffineTransform()\n'
        'ComposeTransform(\n'
        '    ExpTransform(),\n'
        '    SigmoidTransform()\n'
        ')\n'
        "{'loc': Real(), 'scale': GreaterThan(lower_bound=0.0)} Real() True True\n"
    ),
    'sample_shapes': (
        'torch.Size([3]) torch.Size([2, 3]) torch.Size([4, 5, 3]) torch.Size([3]) torch.Size([])\n'
        'Normal(loc: torch.Size([2, 3]), scale: torch.Size([2, 3])) torch.Size([2, 3]) torch.Size([4, 2, 3])\n'
        'torch.Size([3, 2]) torch.Size([2]) torch.Size([]) torch.Size([4, 2])\n'
        'torch.Size([3, 2, 5]) torch.Size([2]) torch.Size([5])\n'
        'torch.Size([]) torch.Size([3]) torch.Size([2, 3]) tensor(-2.7568)\n'
        'tensor([[0., 1.],\n'
        '        [1., 1.],\n'
        '        [1., 0.]]) tensor([[3., 1.],\n'
        '        [4., 0.],\n'
        '        [0., 0.]])\n'
        'tensor([[ 3.,  9.],\n'
        '        [ 2., 15.],\n'
        '        [ 2.,  9.]]) torch.Size([2, 3]) tensor(-1.4442)\n'
        'tensor([0.6979, 0.4371]) tensor([1.2760, 0.4930, 0.7305, 2.4236, 1.0613, 0.4067, 1.9338, 1.4692, 0.4323,\n'
        '        2.0254, 1.1560, 4.6501, 0.2680, 0.0209, 0.6883, 0.0866, 0.3343, 0.8987,\n'
        '        2.6976, 0.6790])\n'
        'tensor([-0.4316,  1.5203, -0.1984,  0.4932,  0.1956,  0.5542, -0.4153,  0.6686,\n'
        '        -1.1989,  0.2560, -1.1288, -4.3078, -1.6248,  1.5581,  0.7788,  2.7841,\n'
        '         1.6151])\n'
        'tensor([[-0.2307, -0.4951],\n'
        '        [ 1.1903, -6.5266]]) tensor([-0.4265,  2.3757,  2.3540]) tensor([2.3017, 0.3808, 1.0571])\n'
        'tensor([[1., 0., 0.],\n'
        '        [0., 0., 1.]])\n'
    ),
    'rsample_grads': (
        'Normal tensor([[ 3.3820,  0.7664],\n'
        '        [-4.0576,  2.9211],\n'
        '        [-1.8690, -1.9965]], grad_fn=<AddBackward0>) tensor([[-2.7994, -1.8783],\n'
        '        [-3.9856, -1.9968],\n'
        '        [-2.2002, -2.8133]], grad_fn=<SubBackward0>)\n'
        'tensor([2.1388, 2.5506]) tensor([ 0.9267, -1.3775])\n'
        'tensor([0.3000, 1.5000], requires_grad=True) tensor([4.0000, 6.2500], grad_fn=<PowBackward0>) tensor([2.0000, 2.5000], requires_grad=True)\n'
        'Uniform tensor([[0.3447, 1.9221],\n'
        '        [0.8878, 2.7963],\n'
        '        [1.6953, 3.5000]], grad_fn=<AddBackward0>) tensor([[-0.6931, -0.9163],\n'
        '        [-0.6931, -0.9163],\n'
        '        [-0.6931, -0.9163]], grad_fn=<SubBackward0>)\n'
        'tensor([3.0000, 3.0000]) tensor([-0.4861,  0.2874])\n'
        'tensor([1.3000, 2.7500], grad_fn=<DivBackward0>) tensor([0.3333, 0.5208], grad_fn=<DivBackward0>) tensor([0.5774, 0.7217], grad_fn=<DivBackward0>)\n'
        'Exponential tensor([[0.1700, 0.2412],\n'
        '        [0.0973, 0.1756],\n'
        '        [0.4863, 0.2630]], grad_fn=<DivBackward0>) tensor([[ 0.3531,  0.3132],\n'
        '        [ 0.4986,  0.4774],\n'
        '        [-0.2795,  0.2588]], grad_fn=<SubBackward0>)\n'
        'None tensor([0.3696, 0.2483])\n'
        'tensor([0.5000, 0.4000], grad_fn=<ReciprocalBackward0>) tensor([0.2500, 0.1600], grad_fn=<PowBackward0>) tensor([0.5000, 0.4000], grad_fn=<ReciprocalBackward0>)\n'
        'Laplace tensor([[-0.6879,  6.4878],\n'
        '        [-1.7893, -0.0420],\n'
        '        [-2.0989, -5.3942]], grad_fn=<SubBackward0>) tensor([[-1.8803, -3.6045],\n'
        '        [-2.4309, -2.2262],\n'
        '        [-2.5857, -4.3671]], grad_fn=<SubBackward0>)\n'
        'tensor([1.5000, 2.6000]) tensor([-2.8690, -0.4315])\n'
        'tensor([0.3000, 1.5000], requires_grad=True) tensor([ 8.0000, 12.5000], grad_fn=<MulBackward0>) tensor([2.8284, 3.5355], grad_fn=<MulBackward0>)\n'
        'Cauchy tensor([[ 1.4411,  4.6180],\n'
        '        [-2.2723,  3.0509],\n'
        '        [-5.2697,  1.6869]], grad_fn=<AddBackward0>) tensor([[-2.1197, -2.9993],\n'
        '        [-2.8140, -2.3866],\n'
        '        [-4.0076, -2.0666]], grad_fn=<SubBackward0>)\n'
        'tensor([2.6278, 3.8083]) tensor([-3.2459,  1.4560])\n'
        'tensor([nan, nan]) tensor([inf, inf]) tensor([inf, inf])\n'
        'LogNormal tensor([[1.9813e+00, 1.0558e+02],\n'
        '        [1.0220e-01, 6.2017e-01],\n'
        '        [1.2947e+00, 7.4364e-01]], grad_fn=<ExpBackward0>) tensor([[-2.3142, -7.2933],\n'
        '        [-0.1638, -1.6704],\n'
        '        [-1.8705, -1.7971]], grad_fn=<AddBackward0>)\n'
        'tensor([  2.8184, 106.8474]) tensor([ -0.4275, 132.3046])\n'
        'tensor([  9.9742, 102.0028], grad_fn=<ExpBackward0>) tensor([5.3322e+03, 5.3793e+06], grad_fn=<MulBackward0>) tensor([  73.0217, 2319.3303], grad_fn=<SqrtBackward0>)\n'
        'Gumbel tensor([[ 2.5796,  4.0882],\n'
        '        [-0.6281,  3.6148],\n'
        '        [ 3.0286,  1.9716]], grad_fn=<AddBackward0>) tensor([[-2.1528, -2.3067],\n'
        '        [-1.8196, -2.1914],\n'
        '        [-2.3130, -1.9330]], grad_fn=<SubBackward0>)\n'
        'tensor([3.4170, 3.5551]) tensor([1.5725, 1.3430])\n'
        'tensor([1.4544, 2.9430], grad_fn=<AddBackward0>) tensor([ 6.5797, 10.2808], grad_fn=<PowBackward0>) tensor([2.5651, 3.2064], grad_fn=<MulBackward0>)\n'
    ),
    'discrete_log_prob': (
        'Bernoulli tensor([[0., 0.],\n'
        '        [1., 1.]]) tensor([[-0.2231, -1.2040],\n'
        '        [-1.6094, -0.3567]], grad_fn=<NegBackward0>)\n'
        'tensor([ 3.7500, -1.9048]) None None\n'
        'tensor([0.2000, 0.7000], requires_grad=True) tensor([0.1600, 0.2100], grad_fn=<MulBackward0>)\n'
        'Bernoulli tensor([[1., 0.],\n'
        '        [1., 0.]]) tensor([[-0.5544, -0.2014],\n'
        '        [-0.5544, -0.2014]], grad_fn=<NegBackward0>)\n'
        'None tensor([ 0.8511, -0.3649]) None\n'
        'tensor([0.5744, 0.1824], grad_fn=<SigmoidBackward0>) tensor([0.2445, 0.1491], grad_fn=<MulBackward0>)\n'
        'Geometric tensor([[3., 0.],\n'
        '        [4., 0.]]) tensor([[-2.2789, -0.3567],\n'
        '        [-2.5020, -0.3567]], grad_fn=<AddBackward0>)\n'
        'tensor([1.2500, 2.8571]) None None\n'
        'tensor([4.0000, 0.4286], grad_fn=<SubBackward0>) tensor([20.0000,  0.6122], grad_fn=<DivBackward0>)\n'
        'Geometric tensor([[4., 8.],\n'
        '        [1., 3.]]) tensor([[-3.9718, -3.3127],\n'
        '        [-1.4087, -2.3057]], grad_fn=<AddBackward0>)\n'
        'None tensor([-2.0211, -0.3715]) None\n'
        'tensor([0.7408, 4.4817], grad_fn=<SubBackward0>) tensor([ 1.2896, 24.5672], grad_fn=<DivBackward0>)\n'
        'Poisson tensor([[2., 1.],\n'
        '        [2., 2.]]) tensor([[-1.3069, -1.5837],\n'
        '        [-1.3069, -1.3606]], grad_fn=<SubBackward0>)\n'
        'None None tensor([ 0.0000, -0.8000])\n'
        'tensor([2.0000, 2.5000], requires_grad=True) tensor([2.0000, 2.5000], requires_grad=True)\n'
        'tensor([0., nan, 1.]) tensor([[0., 0.],\n'
        '        [1., 1.]])\n'
        'tensor([0.2500, 0.7500]) tensor([[0],\n'
        '        [1]])\n'
        'tensor([-1.3863, -0.2877]) tensor(1)\n'
    ),
    'cdf_icdf_transforms': (
        'tensor([0.4602, 0.4052], grad_fn=<MulBackward0>) tensor([-2.2631,  4.7039], grad_fn=<AddBackward0>) tensor([0.1813, 0.8946], grad_fn=<RsubBackward1>) tensor([0.0527, 0.9210], grad_fn=<DivBackward0>)\n'
        'tensor([0.4524, 0.3933], grad_fn=<RsubBackward1>) tensor([-2.9189,  5.5236], grad_fn=<SubBackward0>) tensor([0.4683, 0.4250], grad_fn=<AddBackward0>) tensor([-5.8554,  9.1942], grad_fn=<AddBackward0>)\n'
        'tensor([0.0500, 0.4500]) tensor([0.0966, 0.2604], grad_fn=<MulBackward0>) tensor([1.0403e-01, 1.1037e+02], grad_fn=<ExpBackward0>)\n'
        'tensor([0.8337, 0.5370], grad_fn=<TanhBackward0>) tensor([ 0.1000, -0.2000], grad_fn=<DivBackward0>) tensor([-0.4942,  0.3529], grad_fn=<AddBackward0>) tensor([0.5250, 0.4502], grad_fn=<ClampBackward1>) tensor([-1.3888, -1.3963], grad_fn=<SubBackward0>)\n'
        'TransformedDistribution() torch.Size([]) tensor([0.8236, 0.4272]) tensor([0.2828, 0.4260]) Interval(lower_bound=0.0, upper_bound=1.0)\n'
        'tensor(8.2655) tensor(nan) tensor(nan) tensor(inf)\n'
    ),
    'float64': (
        'Normal(loc: torch.Size([2]), scale: torch.Size([2])) tensor([2.5615, 0.0599], dtype=torch.float64, grad_fn=<AddBackward0>) tensor([-1.3294, -1.3444], dtype=torch.float64, grad_fn=<SubBackward0>) tensor([1.8244, 1.8244], dtype=torch.float64) torch.float64\n'
        'tensor([0.7870, 0.8650], dtype=torch.float64, grad_fn=<DivBackward0>) tensor([ 0.4276, -0.0508], dtype=torch.float64, grad_fn=<SubBackward0>) tensor([ 0.1008, -1.1113], dtype=torch.float64, grad_fn=<AddBackward0>) tensor([0.5165, 0.8110], dtype=torch.float64, grad_fn=<AddBackward0>)\n'
        'tensor([0., 1.], dtype=torch.float64) tensor([3., 2.], dtype=torch.float64) tensor([1.1467, 1.9179], dtype=torch.float64, grad_fn=<AddBackward0>) tensor([1.8597, 7.0745], dtype=torch.float64, grad_fn=<ExpBackward0>)\n'
        'tensor([ 0.1772, -0.8305,  0.2387,  0.7335,  0.1356, -0.0339,  0.4605,  1.1174,\n'
        '         0.3690, -0.1872, -3.1453, -0.1137, -1.6564,  0.9139,  1.1547, -0.0861,\n'
        '        -1.9612,  0.2209, -1.3809, -2.0548], dtype=torch.float64)\n'
    ),
    'namespaces': (
        'GreaterThan(lower_bound=0.0) True True\n'
        "<class 'torch.distributions.transforms.ExpTransform'> True True\n"
        "<class 'torch.distributions.one_hot_categorical.OneHotCategorical'> <class 'torch.distributions.log_normal.LogNormal'> <class 'torch.distributions.transformed_distribution.TransformedDistribution'> <class 'torch.distributions.exp_family.ExponentialFamily'> <class 'torch.distributions.distribution.Distribution'>\n"
        "<class 'torch.distributions.normal.Normal'> True False\n"
        'tensor([-1.6094, -0.2231]) tensor([0.5498, 0.6900])\n'
        '(tensor([[0.],\n'
        '        [0.]]), tensor([[1.],\n'
        '        [1.]]))\n'
    ),
    'relaxed_and_half': (
        'HalfNormal() torch.Size([2]) torch.Size([]) GreaterThanEq(lower_bound=0.0)\n'
        'tensor([[1.0787, 0.5575],\n'
        '        [1.5252, 1.0800]], grad_fn=<AbsBackward0>)\n'
        'tensor([[-1.0565, -0.9107],\n'
        '        [-2.2427, -1.0292]], grad_fn=<WhereBackward0>)\n'
        'tensor([11.0366,  0.0246]) None None\n'
        'HalfCauchy() torch.Size([2]) torch.Size([]) GreaterThanEq(lower_bound=0.0)\n'
        'tensor([[0.3430, 2.4678],\n'
        '        [1.1138, 0.9598]], grad_fn=<AbsBackward0>)\n'
        'tensor([[-0.3101, -2.0819],\n'
        '        [-1.3567, -1.3207]], grad_fn=<WhereBackward0>)\n'
        'tensor([1.8252, 1.6262]) None None\n'
        'RelaxedBernoulli() torch.Size([2]) torch.Size([]) Interval(lower_bound=0.0, upper_bound=1.0)\n'
        'tensor([[0.9066, 0.5921],\n'
        '        [0.0629, 0.0138]], grad_fn=<ClampBackward1>)\n'
        'tensor([[ 0.2192, -1.1049],\n'
        '        [ 0.1362,  2.0046]], grad_fn=<AddBackward0>)\n'
        'None tensor(3.0587) tensor([0.0047, 0.6749])\n'
        'LogitRelaxedBernoulli(probs: torch.Size([2])) torch.Size([2]) torch.Size([]) Real()\n'
        'tensor([[-0.1722,  5.5685],\n'
        '        [-2.5297,  4.6874]], grad_fn=<DivBackward0>)\n'
        'tensor([[-2.2209, -3.2492],\n'
        '        [-2.1227, -2.9004]], grad_fn=<SubBackward0>)\n'
        'None tensor(-15.6974) None\n'
        'RelaxedOneHotCategorical() torch.Size([2]) torch.Size([2]) Simplex()\n'
        'tensor([[[1.7285e-01, 8.2715e-01],\n'
        '         [9.0513e-01, 9.4866e-02]],\n'
        '\n'
        '        [[1.3296e-01, 8.6704e-01],\n'
        '         [7.1417e-06, 9.9999e-01]]], grad_fn=<ExpBackward0>)\n'
        'tensor([[-0.1708, -2.4950],\n'
        '        [ 0.0095,  8.2164]], grad_fn=<AddBackward0>)\n'
        'tensor([ 0.4515, -0.0833]) tensor(-5.5013) tensor([-0.4515,  0.0833])\n'
        'ExpRelaxedCategorical() torch.Size([]) torch.Size([2]) IndependentConstraint(Real(), 1)\n'
        'tensor([[-3.3727, -0.0349],\n'
        '        [-1.7601, -0.1888]], grad_fn=<SubBackward0>)\n'
        'tensor([-2.0993, -2.1683], grad_fn=<AddBackward0>)\n'
        'None tensor(12.2687) None\n'
        'tensor([0.3691, 1.3676], grad_fn=<SubBackward0>) tensor([1.4812, 2.4797], grad_fn=<SubBackward0>) tensor([0.5585, 1.5160], grad_fn=<MulBackward0>) tensor([0.1781, 1.3118], grad_fn=<MulBackward0>) tensor([inf, inf])\n'
        'tensor([0.5249, 0.4013], grad_fn=<SubBackward0>) tensor([0.4721, 3.1252], grad_fn=<AddBackward0>) tensor([-0.1242, -1.0061], grad_fn=<WhereBackward0>)\n'
        'tensor([0.1017, 0.6631], grad_fn=<MulBackward0>) HalfNormal()\n'
        'tensor([[0., 1.],\n'
        '        [0., 1.]], grad_fn=<AddBackward0>)\n'
        'tensor([-0.2403, -0.0412]) tensor([0.2403, 0.0412])\n'
        'torch.Size([3, 2]) RelaxedBernoulli()\n'
    ),
    'submodule_imports': (
        "Normal(loc: 0.0, scale: 1.0) <class 'torch.distributions.one_hot_categorical.OneHotCategorical'> True <class 'torch.distributions.distribution.Distribution'>\n"
    ),
    'mixture_and_constraint_registry': (
        'MixtureSameFamily(\n'
        '  Categorical(logits: torch.Size([3])),\n'
        '  Normal(loc: torch.Size([3]), scale: torch.Size([3]))) torch.Size([]) torch.Size([]) MixtureSameFamilyConstraint(Real())\n'
        'tensor([ 3.2823, -0.7193,  0.1820,  3.0859])\n'
        'tensor([-2.6703, -1.6725, -1.4775, -2.5853], grad_fn=<LogsumexpBackward0>)\n'
        'tensor([-1.1088, -0.3306,  1.4394]) tensor([ 0.2370, -0.3725,  0.7375]) tensor([ 0.5159, -1.0528, -2.5457])\n'
        'tensor(-0.1883, grad_fn=<SumBackward1>) tensor(3.0046, grad_fn=<AddBackward0>) tensor([0.5795, 0.7783], grad_fn=<SumBackward1>)\n'
        'torch.Size([2]) torch.Size([2]) torch.Size([2, 2, 2]) tensor([-2.6491, -2.7246]) tensor([[-0.3626,  0.1068],\n'
        '        [-0.0529,  0.4158]]) tensor([[1.2863, 2.5013],\n'
        '        [1.8590, 1.7682]])\n'
        'torch.Size([4, 2])\n'
        'Real() ComposeTransform(\n'
        '    \n'
        ')\n'
        'tensor([[ 1.0993,  2.7565,  0.1753],\n'
        '        [-0.9315, -1.5055, -0.6610],\n'
        '        [ 1.3232,  0.0371, -0.2849]]) tensor([[0., 0., 0.],\n'
        '        [0., 0., 0.],\n'
        '        [0., 0., 0.]])\n'
        'tensor([[ 1.0993,  2.7565,  0.1753],\n'
        '        [-0.9315, -1.5055, -0.6610],\n'
        '        [ 1.3232,  0.0371, -0.2849]])\n'
        'Real() ComposeTransform(\n'
        '    \n'
        ')\n'
        'tensor([[-0.1334,  1.8929,  3.1110],\n'
        '        [-0.4584, -0.3360, -1.5700],\n'
        '        [ 1.2315,  1.3946,  1.1711]]) tensor([[0., 0., 0.],\n'
        '        [0., 0., 0.],\n'
        '        [0., 0., 0.]])\n'
        'tensor([[-0.1334,  1.8929,  3.1110],\n'
        '        [-0.4584, -0.3360, -1.5700],\n'
        '        [ 1.2315,  1.3946,  1.1711]])\n'
        'GreaterThan(lower_bound=0.0) ComposeTransform(\n'
        '    ExpTransform(),\n'
        '    AffineTransform()\n'
        ')\n'
        'tensor([[1.5427, 0.1765, 0.2629],\n'
        '        [2.4281, 2.1554, 1.0588],\n'
        '        [1.2510, 1.7367, 0.5606]]) tensor([[ 0.4335, -1.7343, -1.3360],\n'
        '        [ 0.8871,  0.7680,  0.0571],\n'
        '        [ 0.2240,  0.5520, -0.5788]])\n'
        'tensor([[ 0.4335, -1.7343, -1.3360],\n'
        '        [ 0.8871,  0.7680,  0.0571],\n'
        '        [ 0.2240,  0.5520, -0.5788]])\n'
        'GreaterThan(lower_bound=0.0) ComposeTransform(\n'
        '    ExpTransform(),\n'
        '    AffineTransform()\n'
        ')\n'
        'tensor([[1.0179, 1.1409, 2.7725],\n'
        '        [0.6396, 1.5715, 0.3768],\n'
        '        [2.0365, 0.4685, 0.5254]]) tensor([[ 0.0177,  0.1318,  1.0198],\n'
        '        [-0.4468,  0.4520, -0.9759],\n'
        '        [ 0.7112, -0.7582, -0.6436]])\n'
        'tensor([[ 0.0177,  0.1318,  1.0198],\n'
        '        [-0.4468,  0.4520, -0.9759],\n'
        '        [ 0.7112, -0.7582, -0.6436]])\n'
        'GreaterThan(lower_bound=1.0) ComposeTransform(\n'
        '    ExpTransform(),\n'
        '    AffineTransform()\n'
        ')\n'
        'tensor([[1.5241, 1.8529, 1.1689],\n'
        '        [3.3342, 2.2788, 1.8771],\n'
        '        [1.8365, 1.5511, 2.3150]]) tensor([[-0.6462, -0.1591, -1.7787],\n'
        '        [ 0.8477,  0.2459, -0.1312],\n'
        '        [-0.1785, -0.5959,  0.2739]])\n'
        'tensor([[-0.6462, -0.1591, -1.7787],\n'
        '        [ 0.8477,  0.2459, -0.1312],\n'
        '        [-0.1785, -0.5959,  0.2739]])\n'
        'GreaterThan(lower_bound=1.0) ComposeTransform(\n'
        '    ExpTransform(),\n'
        '    AffineTransform()\n'
        ')\n'
        'tensor([[ 2.7646,  1.5101,  1.2983],\n'
        '        [ 4.8346, 11.8397,  1.5675],\n'
        '        [ 1.3155,  1.0819,  3.4002]]) tensor([[ 0.5679, -0.6731, -1.2095],\n'
        '        [ 1.3441,  2.3832, -0.5665],\n'
        '        [-1.1536, -2.5023,  0.8756]])\n'
        'tensor([[ 0.5679, -0.6731, -1.2095],\n'
        '        [ 1.3441,  2.3832, -0.5665],\n'
        '        [-1.1536, -2.5023,  0.8756]])\n'
        'LessThan(upper_bound=2.0) ComposeTransform(\n'
        '    ExpTransform(),\n'
        '    AffineTransform()\n'
        ')\n'
        'tensor([[1.9309, 1.0308, 0.3533],\n'
        '        [1.4075, 1.2224, 1.6520],\n'
        '        [1.4284, 1.1128, 1.1509]]) tensor([[-2.6726, -0.0313,  0.4988],\n'
        '        [-0.5233, -0.2515, -1.0555],\n'
        '        [-0.5593, -0.1197, -0.1635]])\n'
        'tensor([[-2.6726, -0.0313,  0.4988],\n'
        '        [-0.5233, -0.2515, -1.0555],\n'
        '        [-0.5593, -0.1197, -0.1635]])\n'
        'LessThan(upper_bound=2.0) ComposeTransform(\n'
        '    ExpTransform(),\n'
        '    AffineTransform()\n'
        ')\n'
        'tensor([[ 1.2216,  1.6632,  0.9956],\n'
        '        [ 0.7379,  1.5596,  1.4929],\n'
        '        [-2.1582, -5.1331, -0.1551]]) tensor([[-0.2505, -1.0882,  0.0044],\n'
        '        [ 0.2328, -0.8201, -0.6790],\n'
        '        [ 1.4251,  1.9647,  0.7678]])\n'
        'tensor([[-0.2505, -1.0882,  0.0044],\n'
        '        [ 0.2328, -0.8201, -0.6790],\n'
        '        [ 1.4251,  1.9647,  0.7678]])\n'
        'Interval(lower_bound=0.0, upper_bound=1.0) SigmoidTransform()\n'
        'tensor([[0.8797, 0.6722, 0.3783],\n'
        '        [0.7875, 0.5976, 0.5224],\n'
        '        [0.4580, 0.3840, 0.1223]]) tensor([[-2.2462, -1.5126, -1.4473],\n'
        '        [-1.7878, -1.4252, -1.3883],\n'
        '        [-1.3934, -1.4417, -2.2315]])\n'
        'tensor([[ 1.9899,  0.7183, -0.4967],\n'
        '        [ 1.3100,  0.3956,  0.0895],\n'
        '        [-0.1682, -0.4728, -1.9706]])\n'
        'Interval(lower_bound=0.0, upper_bound=1.0) SigmoidTransform()\n'
        'tensor([[0.6521, 0.4717, 0.6138],\n'
        '        [0.5827, 0.8381, 0.2221],\n'
        '        [0.4852, 0.7664, 0.7729]]) tensor([[-1.4833, -1.3895, -1.4394],\n'
        '        [-1.4140, -1.9975, -1.7558],\n'
        '        [-1.3872, -1.7201, -1.7400]])\n'
        'tensor([[ 0.6281, -0.1132,  0.4631],\n'
        '        [ 0.3338,  1.6443, -1.2535],\n'
        '        [-0.0592,  1.1878,  1.2247]])\n'
        'Interval(lower_bound=-1.0, upper_bound=3.0) ComposeTransform(\n'
        '    SigmoidTransform(),\n'
        '    AffineTransform()\n'
        ')\n'
        'tensor([[ 0.1960, -0.0699,  2.0067],\n'
        '        [ 1.6351,  0.9577,  1.4502],\n'
        '        [ 1.1445, -0.2210,  2.5413]]) tensor([[-1.7629e-01, -3.3710e-01, -2.9218e-01],\n'
        '        [-1.0628e-01, -4.4775e-04, -5.1998e-02],\n'
        '        [-5.2372e-03, -4.6637e-01, -9.0121e-01]])\n'
        'tensor([[-0.8521, -1.1941,  1.1076],\n'
        '        [ 0.6578, -0.0423,  0.4580],\n'
        '        [ 0.1448, -1.4195,  2.0439]])\n'
        'Interval(lower_bound=-1.0, upper_bound=3.0) ComposeTransform(\n'
        '    SigmoidTransform(),\n'
        '    AffineTransform()\n'
        ')\n'
        'tensor([[ 1.8955,  1.3249, -0.2364],\n'
        '        [-0.1982,  0.2412,  0.1337],\n'
        '        [ 1.7384,  2.1001,  0.2660]]) tensor([[-0.2238, -0.0267, -0.4816],\n'
        '        [-0.4446, -0.1554, -0.2078],\n'
        '        [-0.1465, -0.3603, -0.1446]])\n'
        'tensor([[ 0.9638,  0.3278, -1.4442],\n'
        '        [-1.3835, -0.7987, -0.9276],\n'
        '        [ 0.7749,  1.2369, -0.7699]])\n'
        'Simplex() StickBreakingTransform()\n'
        'tensor([[0.1100, 0.6515, 0.1261, 0.1123],\n'
        '        [0.1170, 0.5146, 0.0906, 0.2779],\n'
        '        [0.4091, 0.1913, 0.3045, 0.0951]]) tensor([-6.8922, -6.4924, -6.0894])\n'
        'tensor([[-0.9918,  1.6982,  0.1158],\n'
        '        [-0.9226,  1.0272, -1.1210],\n'
        '        [ 0.7308, -0.0440,  1.1634]])\n'
        'Simplex() SoftmaxTransform()\n'
        'tensor([[0.2477, 0.4325, 0.3198],\n'
        '        [0.2112, 0.4079, 0.3810],\n'
        '        [0.1634, 0.1143, 0.7223]]) None\n'
        'tensor([[-1.3954, -0.8382, -1.1401],\n'
        '        [-1.5551, -0.8968, -0.9651],\n'
        '        [-1.8113, -2.1689, -0.3254]])\n'
        'IndependentConstraint(Real(), 1) IndependentTransform(ComposeTransform(\n'
        '    \n'
        '), 1)\n'
        'tensor([[-0.4308, -0.5254, -0.4767],\n'
        '        [ 1.6950,  0.3475,  0.5804],\n'
        '        [-0.1289,  1.0063,  0.5338]]) tensor([0., 0., 0.])\n'
        'tensor([[-0.4308, -0.5254, -0.4767],\n'
        '        [ 1.6950,  0.3475,  0.5804],\n'
        '        [-0.1289,  1.0063,  0.5338]])\n'
        'IndependentConstraint(Real(), 1) IndependentTransform(ComposeTransform(\n'
        '    \n'
        '), 1)\n'
        'tensor([[-0.0812, -0.4951,  1.9328],\n'
        '        [-1.5832, -0.5897, -0.1750],\n'
        '        [ 0.3529, -0.8975, -0.6523]]) tensor([0., 0., 0.])\n'
        'tensor([[-0.0812, -0.4951,  1.9328],\n'
        '        [-1.5832, -0.5897, -0.1750],\n'
        '        [ 0.3529, -0.8975, -0.6523]])\n'
        'NotImplementedError Cannot transform _LowerCholesky constraints\n'
        'LowerCholesky() LowerCholeskyTransform()\n'
        'tensor([[ 0.9336,  0.0000,  0.0000],\n'
        '        [-1.2644,  0.6349,  0.0000],\n'
        '        [-1.2347, -1.4141,  0.2110]]) None\n'
        'tensor([[-0.0687,  0.0000,  0.0000],\n'
        '        [-1.2644, -0.4543,  0.0000],\n'
        '        [-1.2347, -1.4141, -1.5560]])\n'
        'Cannot transform _Boolean constraints\n'
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_prints_what_pytorch_printed(name):
    assert run(CASES[name]) == EXPECTED[name]


# -- float64 gradcheck / gradgradcheck w.r.t. the parameters ----------------------------------

D = dist_pkg.namespace()


def _p(*values):
    return torch.tensor(values, dtype=torch.float64, requires_grad=True)


def _v(*values):
    return torch.tensor(values, dtype=torch.float64)


def _seeded_rsample(make):
    def f(*params):
        torch.manual_seed(7)
        return make(*params).rsample((2,))
    return f


LOC, SCALE, RATE, PROB = (0.3, -1.2), (0.8, 1.7), (0.6, 2.2), (0.25, 0.7)
CONTINUOUS = {   # name: (constructor, parameter values, a value in the support)
    "Normal": (lambda a, b: D.Normal(a, b), (LOC, SCALE), (0.1, -0.4)),
    "Uniform": (lambda a, b: D.Uniform(a, b), (LOC, (1.5, 0.4)), (0.9, -0.5)),
    "Exponential": (lambda r: D.Exponential(r), (RATE,), (0.4, 1.3)),
    "Laplace": (lambda a, b: D.Laplace(a, b), (LOC, SCALE), (0.9, -0.4)),
    "Cauchy": (lambda a, b: D.Cauchy(a, b), (LOC, SCALE), (0.9, -0.4)),
    "LogNormal": (lambda a, b: D.LogNormal(a, b), (LOC, SCALE), (0.9, 2.4)),
    "Gumbel": (lambda a, b: D.Gumbel(a, b), (LOC, SCALE), (0.9, -0.4)),
    "HalfNormal": (lambda s: D.HalfNormal(s), (SCALE,), (0.9, 0.4)),
    "HalfCauchy": (lambda s: D.HalfCauchy(s), (SCALE,), (0.9, 0.4)),
}
RELAXED = {      # temperature and logits; no entropy or cdf
    "RelaxedBernoulli": (lambda t, l: D.RelaxedBernoulli(t, logits=l), ((0.7,), LOC),
                         (0.2, 0.9)),
    "RelaxedOneHotCategorical": (lambda t, l: D.RelaxedOneHotCategorical(t, logits=l),
                                 ((0.7,), LOC), (0.2, 0.8)),
}
DISCRETE = {
    "Bernoulli": (lambda p: D.Bernoulli(p), (PROB,), (1.0, 0.0)),
    "BernoulliLogits": (lambda l: D.Bernoulli(logits=l), (LOC,), (1.0, 0.0)),
    "Geometric": (lambda p: D.Geometric(p), (PROB,), (3.0, 0.0)),
    "Poisson": (lambda r: D.Poisson(r), (RATE,), (3.0, 1.0)),
    "Categorical": (lambda l: D.Categorical(logits=l.reshape(2, 2)), ((0.3, -1.2, 0.5, 2.0),),
                    (1.0, 0.0)),
    "CategoricalProbs": (lambda p: D.Categorical(probs=p.reshape(2, 2)),
                         ((0.3, 1.2, 0.5, 2.0),), (1.0, 0.0)),
    "OneHotCategorical": (lambda l: D.OneHotCategorical(logits=l), ((0.3, -1.2, 0.5),),
                          (0.0, 1.0, 0.0)),
}


def _check(f, params):
    assert gradcheck(f, params)
    assert gradgradcheck(f, params)


@pytest.mark.parametrize("name", sorted(CONTINUOUS) + sorted(DISCRETE) + sorted(RELAXED))
def test_log_prob_gradcheck(name):
    make, values, x = {**CONTINUOUS, **DISCRETE, **RELAXED}[name]
    _check(lambda *ps: make(*ps).log_prob(_v(*x)), [_p(*v) for v in values])


@pytest.mark.parametrize("name", sorted(set(CONTINUOUS) | set(DISCRETE) - {"Poisson"}))
def test_entropy_gradcheck(name):
    make, values, _ = {**CONTINUOUS, **DISCRETE}[name]
    _check(lambda *ps: make(*ps).entropy(), [_p(*v) for v in values])


@pytest.mark.parametrize("name", sorted(CONTINUOUS) + sorted(RELAXED))
def test_rsample_gradcheck(name):
    make, values, _ = {**CONTINUOUS, **RELAXED}[name]
    _check(_seeded_rsample(make), [_p(*v) for v in values])


@pytest.mark.parametrize("name", sorted(CONTINUOUS))
def test_cdf_gradcheck(name):
    make, values, x = CONTINUOUS[name]
    _check(lambda *ps: make(*ps).cdf(_v(*x)), [_p(*v) for v in values])


KL_PAIRS = [
    (lambda a, b: (D.Normal(a, b), D.Normal(_v(0.5, 0.1), _v(1.3, 0.6)))),
    (lambda a, b: (D.Laplace(a, b), D.Normal(_v(0.5, 0.1), _v(1.3, 0.6)))),
    (lambda a, b: (D.Normal(a, b), D.Laplace(_v(0.5, 0.1), _v(1.3, 0.6)))),
    (lambda a, b: (D.Gumbel(a, b), D.Gumbel(_v(0.5, 0.1), _v(1.3, 0.6)))),
    (lambda a, b: (D.Cauchy(a, b), D.Cauchy(_v(0.5, 0.1), _v(1.3, 0.6)))),
    (lambda a, b: (D.LogNormal(a, b), D.LogNormal(_v(0.5, 0.1), _v(1.3, 0.6)))),
    (lambda a, b: (D.Exponential(b), D.Exponential(a.exp()))),
    (lambda a, b: (D.Bernoulli(logits=a), D.Bernoulli(logits=b))),
    (lambda a, b: (D.Categorical(logits=a), D.Categorical(logits=b))),
    (lambda a, b: (D.Poisson(b), D.Poisson(a.exp()))),
    (lambda a, b: (D.Geometric(logits=a), D.Geometric(logits=b))),
    (lambda a, b: (D.HalfNormal(b), D.HalfNormal(a.exp()))),
    (lambda a, b: (D.Uniform(a, a + b), D.Normal(_v(0.5, 0.1), _v(1.3, 0.6)))),
    (lambda a, b: (D.Exponential(b), D.Normal(a, _v(1.3, 0.6)))),
    (lambda a, b: (D.Independent(D.Normal(a, b), 1), D.Independent(D.Normal(b, b), 1))),
]


@pytest.mark.parametrize("i", range(len(KL_PAIRS)))
def test_kl_gradcheck(i):
    _check(lambda a, b: D.kl_divergence(*KL_PAIRS[i](a, b)), [_p(*LOC), _p(*SCALE)])


def test_mixture_log_prob_gradcheck():
    def f(w, mu, sd):
        return D.MixtureSameFamily(D.Categorical(logits=w), D.Normal(mu, sd)).log_prob(
            _v(-1.0, 0.5, 2.0))
    _check(f, [_p(0.3, 1.0, -0.5), _p(-2.0, 0.0, 3.0), _p(0.5, 1.0, 0.7)])


@pytest.mark.parametrize("name", ["StickBreakingTransform", "SoftmaxTransform",
                                  "SigmoidTransform", "TanhTransform", "AffineTransform",
                                  "SoftplusTransform"])
def test_transform_gradcheck(name):
    t = getattr(D.transforms, name)(*((0.5, 2.0) if name == "AffineTransform" else ()))
    _check(lambda x: t(x), [_p(0.3, -1.2, 0.5)])
    if name not in ("SoftmaxTransform", "AffineTransform"):     # no or a constant log-det
        _check(lambda x: t.log_abs_det_jacobian(x, t(x)), [_p(0.3, -1.2, 0.5)])


# -- Python-level behaviour ---------------------------------------------------------------------

def test_kl_dispatch_picks_the_most_specific_pair_and_warns_when_ambiguous():
    from gradcli.distributions import kl

    class MyNormal(D.Normal):
        pass

    saved = dict(kl._KL_REGISTRY)
    try:
        @D.register_kl(MyNormal, D.Normal)
        def _mine(p, q):
            return "mine"
        assert D.kl_divergence(MyNormal(0.0, 1.0), D.Normal(0.0, 1.0)) == "mine"
        assert D.kl_divergence(D.Normal(0.0, 1.0), MyNormal(0.0, 1.0)).item() == 0.0

        @D.register_kl(D.Normal, MyNormal)
        def _theirs(p, q):
            return "theirs"
        with pytest.warns(RuntimeWarning, match=r"Ambiguous kl_divergence\(MyNormal, "
                                                r"MyNormal\). Please register_kl\(MyNormal, "
                                                r"MyNormal\)"):
            assert D.kl_divergence(MyNormal(0.0, 1.0), MyNormal(0.0, 1.0)) == "mine"
    finally:
        kl._KL_REGISTRY.clear()
        kl._KL_REGISTRY.update(saved)
        kl._KL_MEMOIZE.clear()


def test_lazy_property_is_computed_once_and_cached():
    logits = _p(0.3, -1.2)
    d = D.Bernoulli(logits=logits)
    assert "probs" not in vars(d)
    assert d.probs is d.probs and "probs" in vars(d)
    with torch.no_grad():                      # computed with grad mode on, as PyTorch
        assert D.Bernoulli(logits=logits).probs.requires_grad


def test_private_attributes_stay_out_of_formulas():
    out = run("from torch.distributions import Normal\nd = Normal(0.0, 1.0)\n"
              "print(d._validate_args)")
    assert out == ("!! FormulaSyntaxError: attributes starting with '_' are not allowed in "
                   "formulas: '_validate_args'\n")


def test_sample_has_no_grad_and_rsample_has():
    a, b = _p(0.3, 1.0), _p(1.0, 2.0)
    assert not D.Normal(a, b).sample().requires_grad
    assert D.Normal(a, b).rsample().grad_fn.name() == "AddBackward0"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert tuple(D.Normal(a, b).sample_n(3).shape) == (3, 2)
    assert caught[0].category is FutureWarning


# a formula's own distribution (derived from Distribution or a distribution) and constraint
SUBCLASSES = [('import torch.distributions as D\nfrom torch.distributions import constraints\n\nclass Shifted(D.Normal):\n    def log_prob(self, value):\n        return super().log_prob(value - 1.0)\n\nclass Coin(D.Distribution):\n    arg_constraints = {"p": constraints.unit_interval}\n    support = constraints.boolean\n    def __init__(self, p, validate_args=None):\n        self.p = p\n        super().__init__(torch.Size(), validate_args=validate_args)\n    def sample(self, sample_shape=torch.Size()):\n        return (torch.rand(sample_shape) < self.p).float()\n    def log_prob(self, value):\n        return value * torch.log(self.p) + (1 - value) * torch.log(1 - self.p)\n\ntorch.manual_seed(0)\nmu = torch.tensor(0.5, requires_grad=True)\nd = Shifted(mu, 1.0)\nlp = d.log_prob(torch.tensor(2.0))\nlp.backward()\nprint(d, lp, mu.grad)\nc = Coin(torch.tensor(0.3))\nprint(c, c.sample((4,)), c.log_prob(torch.tensor(1.)))\nprint(isinstance(d, D.Normal), isinstance(c, D.Distribution), c.batch_shape, c.event_shape)\ntry:\n    Coin(torch.tensor(1.5), validate_args=True)\nexcept ValueError as e:\n    print("ValueError", e)\nclass Positive(constraints.Constraint):\n    def check(self, value):\n        return value > 0\nprint(Positive().check(torch.tensor([-1., 2.])))\n',
               'Shifted(loc: 0.5, scale: 1.0) tensor(-1.0439, grad_fn=<SubBackward0>) tensor(0.5000)\nCoin(p: 0.30000001192092896) tensor([0., 0., 1., 1.]) tensor(-1.2040)\nTrue True torch.Size([]) torch.Size([])\nValueError Expected parameter p (Tensor of shape ()) of distribution Coin(p: 1.5) to satisfy the constraint Interval(lower_bound=0.0, upper_bound=1.0), but found invalid values:\n1.5\ntensor([False,  True])\n')]


@pytest.mark.parametrize("source, expected", SUBCLASSES)
def test_formula_classes_derive_from_distributions_and_constraints(source, expected):
    assert run(source) == expected
