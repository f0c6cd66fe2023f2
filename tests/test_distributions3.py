"""torch.distributions part 2 as PyTorch 2.13 runs it: ContinuousBernoulli, Pareto, Weibull,
Kumaraswamy, GeneralizedPareto, VonMises (its float64 rejection sampler, draw for draw after
manual_seed) and LogisticNormal; the transforms Cat/Stack/Reshape/CorrCholesky/
PositiveDefinite/CumulativeDistribution, the corr_cholesky constraint and their
biject_to/transform_to entries; utils.tril_matrix_to_vec/vec_to_tril_matrix; the KL pairs
PyTorch defines for these classes.

Each case is a formula program and what PyTorch 2.13 printed for it, pasted in (format of
test_autograd_parity4: an error that ends the program is `!! Type: message`, addresses read
` at 0x`). Then float64 gradcheck and gradgradcheck of log_prob, entropy, rsample, cdf/icdf,
the transforms and the KL rules w.r.t. the parameters."""
from __future__ import annotations

import pytest

import gradcli as torch
from test_autograd_parity4 import run

# Programs (each runs after `import torch; torch.manual_seed(0)`).
CASES = {
"continuous_bernoulli": """import torch.distributions as D
p = torch.tensor([0.2, 0.4995, 0.8], requires_grad=True)
d = D.ContinuousBernoulli(p)
print(d, d.mean, d.variance, d.stddev)
x = d.rsample((2,))
print(x)
v = torch.tensor([0.1, 0.5, 0.9])
print(d.log_prob(v), d.cdf(v), d.icdf(v), d.entropy())
print(d.sample(), d.logits, d.param_shape)
(d.log_prob(v).sum() + d.entropy().sum() + x.sum()).backward()
print(p.grad)
l = torch.tensor([0.3, -1.0], requires_grad=True)
d2 = D.ContinuousBernoulli(logits=l)
print(d2, d2.probs, d2.entropy(), d2.log_prob(torch.tensor([0.3, 0.7])))
d2.entropy().sum().backward()
print(l.grad)
print(d.expand((2, 3)), type(d), D.ContinuousBernoulli(0.3), D.ContinuousBernoulli(0.3).batch_shape)
print(D.ContinuousBernoulli(torch.tensor([0.3, 0.6], dtype=torch.float64)).rsample())""",
"pareto_weibull_kumaraswamy": """import torch.distributions as D
a = torch.tensor([1.5, 3.0], requires_grad=True)
s = torch.tensor([0.5, 2.0], requires_grad=True)
for m in [D.Pareto(s, a), D.Weibull(s, a), D.Kumaraswamy(a, s), D.Kumaraswamy(s, a)]:
    print(m, m.mean, m.variance, m.mode)
    print(m.sample((2,)))
    r = m.rsample()
    print(r, m.support, m.batch_shape)
    y = torch.tensor([0.3, 0.6]) if isinstance(m, D.Kumaraswamy) else torch.tensor([0.6, 2.5])
    print(m.log_prob(y), m.entropy(), m.cdf(y), m.icdf(torch.tensor([0.2, 0.7])))
    (m.log_prob(y).sum() + m.entropy().sum() + r.sum()).backward()
    print(a.grad, s.grad)
    a.grad = None
    s.grad = None
e = D.Weibull(s, a).expand((3, 2))
print(e, e.batch_shape, e.sample().shape, D.Pareto(1.0, 2.0).expand((2,)).sample())
print(D.Pareto(torch.tensor([1.0, 2.0]), torch.tensor([0.5, 3.0])).mean)""",
"generalized_pareto": """import torch.distributions as D
loc = torch.tensor([0.5, 2.0, -1.0], requires_grad=True)
sc = torch.tensor([0.8, 2.0, 1.5], requires_grad=True)
c = torch.tensor([0.3, -0.2, 0.0], requires_grad=True)
g = D.GeneralizedPareto(loc, sc, c)
print(g, g.mean, g.variance, g.mode, g.entropy())
print(g.support)
r = g.rsample((2,))
print(r, g.sample())
y = torch.tensor([0.6, 2.5, 0.0])
print(g.log_prob(y), g.cdf(y), g.log_cdf(y), g.log_survival_function(y), g.icdf(torch.tensor([0.2, 0.7, 0.5])))
(g.log_prob(y).sum() + r.sum()).backward()
print(loc.grad, sc.grad, c.grad)
print(D.GeneralizedPareto(0.0, 1.0, 0.0), D.GeneralizedPareto(0.0, 1.0, 1.5).mean, D.GeneralizedPareto(0.0, 1.0, 0.7).variance)
print(D.GeneralizedPareto(torch.tensor([0.0], dtype=torch.float64), 1.0, 0.2).rsample())
D.GeneralizedPareto(torch.tensor([0.0], dtype=torch.float64), 1.0, 0.2).log_prob(torch.tensor([0.5], dtype=torch.float64))""",
"von_mises": """import torch.distributions as D
loc = torch.tensor([0.5, 2.0, -3.0], requires_grad=True)
k = torch.tensor([0.3, 4.7, 50.0], requires_grad=True)
m = D.VonMises(loc, k)
print(m, m.mean, m.mode, m.variance, m.stddev, m.has_rsample, m.support)
print(m.sample(), m.sample((2,)))
lp = m.log_prob(torch.tensor([0.1, 2.2, 3.1]))
print(lp)
(lp.sum() + m.variance.sum()).backward()
print(loc.grad, k.grad)
m64 = D.VonMises(torch.tensor([0.0, 1.0], dtype=torch.float64), torch.tensor([1e-7, 0.5], dtype=torch.float64))
print(m64.sample((3,)))
print(D.VonMises(torch.tensor(0.0), torch.tensor(2.0)).expand((2,)), D.VonMises(1.0, 1.0).sample((4,)))
print(torch.rand(2))""",
"logistic_normal": """import torch.distributions as D
loc = torch.tensor([0.3, -0.2, 0.5], requires_grad=True)
sc = torch.tensor([1.0, 0.5, 2.0], requires_grad=True)
ln = D.LogisticNormal(loc, sc)
print(ln, ln.batch_shape, ln.event_shape, ln.loc, ln.scale, ln.support)
x = ln.rsample((2,))
lp = ln.log_prob(x.detach())
print(x, lp)
(x[..., 0].sum() + lp.sum()).backward()
print(loc.grad, sc.grad)
ln2 = D.LogisticNormal(0.0, 1.0)
print(ln2.sample(), ln2.batch_shape, ln2.event_shape, ln2.expand((2,)).sample().shape)""",
"errors_continuous_bernoulli": """import torch.distributions as D
D.ContinuousBernoulli(torch.tensor([0.3, 1.5]), validate_args=False)""",
"errors_continuous_bernoulli_both": """import torch.distributions as D
D.ContinuousBernoulli(0.3, 0.2)""",
"errors_continuous_bernoulli_support": """import torch.distributions as D
D.ContinuousBernoulli(torch.tensor([0.3, 0.5])).log_prob(torch.tensor([0.2, 1.2]))""",
"errors_pareto": """import torch.distributions as D
D.Pareto(torch.tensor([1.0, -1.0]), 2.0)""",
"errors_pareto_support": """import torch.distributions as D
D.Pareto(torch.tensor([1.0, 2.0]), 2.0).log_prob(torch.tensor([1.5, 1.5]))""",
"errors_weibull": """import torch.distributions as D
D.Weibull(1.0, torch.tensor([0.0]))""",
"errors_kumaraswamy_support": """import torch.distributions as D
D.Kumaraswamy(1.0, 2.0).log_prob(torch.tensor(1.5))""",
"errors_von_mises": """import torch.distributions as D
D.VonMises(torch.tensor(0.0), torch.tensor(-1.0))""",
"errors_generalized_pareto_support": """import torch.distributions as D
D.GeneralizedPareto(0.0, 1.0, -0.5).log_prob(torch.tensor([0.5, 2.5]))""",
"errors_logistic_normal": """import torch.distributions as D
D.LogisticNormal(torch.zeros(2), -torch.ones(2))""",
"errors_logistic_normal_support": """import torch.distributions as D
D.LogisticNormal(torch.zeros(2), torch.ones(2)).log_prob(torch.tensor([0.5, 0.6, 0.1]))""",
"transforms": """import torch.distributions as D
from torch.distributions import transforms as T, constraints as C
x = torch.tensor([[0.3, -1.2, 0.5], [1.0, 0.2, -0.7]], requires_grad=True)
t = T.CorrCholeskyTransform()
y = t(x)
print(y, t.inv(y), t.log_abs_det_jacobian(x, y))
print(C.corr_cholesky.check(y), C.corr_cholesky, t.domain, t.codomain, t.bijective)
print(t.forward_shape((2, 6)), t.inverse_shape(torch.Size([4, 4])), t.forward_shape(torch.Size([6])))
r = T.ReshapeTransform((2, 3), (3, 2))
print(r, r(x), r.inv(r(x)), r.log_abs_det_jacobian(x, r(x)))
print(r.forward_shape((5, 2, 3)), r.inverse_shape(torch.Size([3, 2])), r.domain, r.codomain, r.bijective)
p = T.PositiveDefiniteTransform()
m = torch.tensor([[0.5, 0.0], [0.3, -0.2]], requires_grad=True)
print(p(m), p.inv(p(m)), p == T.PositiveDefiniteTransform(), p.domain, p.codomain, p.bijective)
c = T.CatTransform([T.ExpTransform(), T.identity_transform, T.SigmoidTransform()], dim=1, lengths=[1, 1, 1])
yc = c(x)
print(yc, c.inv(yc), c.log_abs_det_jacobian(x, yc), c.event_dim, c.length, c.bijective, c.domain, c.codomain)
c0 = T.CatTransform([T.ExpTransform(), T.TanhTransform()], dim=-1, lengths=[2, 1])
print(c0(x), c0.log_abs_det_jacobian(x, c0(x)))
s = T.StackTransform([T.ExpTransform(), T.TanhTransform()], dim=0)
ys = s(x)
print(ys, s.inv(ys), s.log_abs_det_jacobian(x, ys), s.domain, s.codomain, s.bijective)
cd = T.CumulativeDistributionTransform(D.Normal(0.0, 1.0))
print(cd(x), cd.inv(cd(x)), cd.log_abs_det_jacobian(x, cd(x)), cd.domain, cd.codomain, cd.sign)
e = y.sum() + yc.sum() + ys.sum() + p(m).sum() + t.log_abs_det_jacobian(x, y).sum()
e.backward()
print(x.grad, m.grad, y.grad_fn, yc.grad_fn, ys.grad_fn)
tc = T.CatTransform([T.ExpTransform(), T.ExpTransform()], dim=0, lengths=[1, 1], cache_size=1)
print(tc(x) is tc(x), tc.with_cache(0)(x) is tc.with_cache(0)(x))
copula = D.TransformedDistribution(D.Normal(torch.zeros(2), torch.ones(2)), [cd])
print(copula.sample(), copula.log_prob(torch.tensor([0.3, 0.8])))
print(T.StackTransform([T.ExpTransform()], dim=0)(x))""",
"constraints_and_registry": """import torch.distributions as D
from torch.distributions import constraints as C
from torch.distributions.utils import tril_matrix_to_vec, vec_to_tril_matrix
print(C.corr_cholesky.check(torch.eye(3)), C.corr_cholesky.check(2 * torch.eye(2)), C.corr_cholesky.is_discrete, C.corr_cholesky.event_dim)
print(C.corr_cholesky.check(torch.tensor([[1.0, 0.0], [0.6, 0.8]])), C.corr_cholesky.check(torch.tensor([[1.0, 0.1], [0.6, 0.8]])))
print(D.biject_to(C.corr_cholesky), D.transform_to(C.corr_cholesky), D.transform_to(C.positive_definite), D.transform_to(C.positive_semidefinite))
print(D.biject_to(C.cat([C.positive, C.real], 0, [2, 1])), D.transform_to(C.stack([C.unit_interval, C.real])))
t = D.biject_to(C.cat([C.positive, C.interval(-1.0, 1.0)], 0, [2, 1]))
print(t(torch.tensor([0.5, -1.0, 3.0])), t.inv(t(torch.tensor([0.5, -1.0, 3.0]))))
t = D.transform_to(C.stack([C.positive, C.unit_interval], dim=1))
print(t(torch.tensor([[0.5, -1.0], [2.0, 0.0]])))
print(tril_matrix_to_vec(torch.arange(9.).reshape(3, 3)), tril_matrix_to_vec(torch.arange(9.).reshape(3, 3), -1), vec_to_tril_matrix(torch.arange(6.)), vec_to_tril_matrix(torch.arange(3.), -1))
print(vec_to_tril_matrix(torch.arange(12.).reshape(2, 6)).shape, tril_matrix_to_vec(torch.ones(2, 3, 3), 1).shape)
print(D.Kumaraswamy(torch.tensor([2.0, 0.5]), torch.tensor([3.0, 1.0])).mode)
tril_matrix_to_vec(torch.ones(3, 3), 3)""",
"errors_vec_to_tril": """from torch.distributions.utils import vec_to_tril_matrix
vec_to_tril_matrix(torch.ones(4))""",
"errors_reshape": """from torch.distributions import transforms as T
print(T.ReshapeTransform((2, 3), (6,)).forward_shape((3, 2)))""",
"errors_reshape_numel": """from torch.distributions import transforms as T
T.ReshapeTransform((2, 3), (4,))""",
"errors_cat_lengths": """from torch.distributions import transforms as T
T.CatTransform([T.ExpTransform()], 0, [1, 2])""",
"errors_cat_size": """from torch.distributions import transforms as T
T.CatTransform([T.ExpTransform()], 0, [2])(torch.ones(3))""",
"errors_cat_dim": """from torch.distributions import transforms as T
T.CatTransform([T.ExpTransform()], 3, [2]).inv(torch.ones(3))""",
"errors_stack_size": """from torch.distributions import transforms as T
t = T.StackTransform([T.ExpTransform(), T.ExpTransform()], 0)
t.log_abs_det_jacobian(torch.ones(2), torch.ones(3))""",
"errors_stack_items": """from torch.distributions import transforms as T
T.StackTransform([T.ExpTransform(), 1.0])""",
"errors_corr_cholesky_shape": """from torch.distributions import transforms as T
T.CorrCholeskyTransform().forward_shape((4,))""",
"errors_positive_definite_hash": """from torch.distributions import transforms as T
print({T.PositiveDefiniteTransform(): 1})""",
"errors_biject_to_positive_definite": """import torch.distributions as D
print(D.transform_to(D.constraints.positive_definite))
D.biject_to(D.constraints.positive_definite)""",
"kl_pairs": """import torch.distributions as D
kl = D.kl_divergence
a = torch.tensor([1.5, 3.0], requires_grad=True)
s = torch.tensor([0.5, 2.0], requires_grad=True)
p = torch.tensor([0.2, 0.7], requires_grad=True)
cb = D.ContinuousBernoulli(p)
pa = D.Pareto(s, a)
print(kl(cb, D.ContinuousBernoulli(torch.tensor([0.6, 0.4]))), kl(cb, D.Exponential(a)), kl(cb, D.Normal(s, a)))
print(kl(cb, D.Uniform(-0.5, 2.0)), kl(cb, D.Uniform(torch.tensor([0.1, -1.0]), torch.tensor([2.0, 2.0]))), kl(cb, pa))
print(kl(pa, D.Pareto(torch.tensor([0.2, 3.0]), torch.tensor([2.0, 1.0]))), kl(pa, D.Exponential(s)), kl(pa, D.Normal(s, a)))
print(kl(D.Pareto(s, torch.tensor([3.0, 4.0])), D.Normal(s, a)), kl(pa, cb), kl(pa, D.Uniform(0.0, 1.0)))
print(kl(D.Uniform(torch.tensor([0.1, 0.2]), torch.tensor([0.5, 0.9])), cb), kl(D.Uniform(torch.tensor([0.6, 2.5]), torch.tensor([1.5, 2.9])), pa))
print(kl(D.Exponential(a), cb), kl(D.Normal(s, a), pa), kl(D.Laplace(s, a), cb), kl(D.Gumbel(s, a), pa), kl(D.Exponential(a), pa))
k = kl(D.Pareto(s, torch.tensor([3.0, 4.0])), D.Normal(s, a)) + kl(cb, D.Normal(s, a)) + kl(cb, D.ContinuousBernoulli(0.4))
k.sum().backward()
print(a.grad, s.grad, p.grad, k.grad_fn)
print(kl(D.Weibull(s, a), D.Weibull(s, a)), kl(D.Kumaraswamy(s, a), D.Kumaraswamy(s, a)))
kl(D.Weibull(s, a), D.Pareto(s, a))""",
"exports": """import torch.distributions as D
from torch.distributions.pareto import Pareto
from torch.distributions.von_mises import VonMises
from torch.distributions.logistic_normal import LogisticNormal
from torch.distributions.generalized_pareto import GeneralizedPareto
from torch.distributions.continuous_bernoulli import ContinuousBernoulli
print(Pareto, VonMises, LogisticNormal, GeneralizedPareto, ContinuousBernoulli, D.Weibull, D.Kumaraswamy)
print(D.CatTransform, D.StackTransform, D.ReshapeTransform, D.CorrCholeskyTransform, D.PositiveDefiniteTransform, D.CumulativeDistributionTransform)
print(isinstance(D.Pareto(1.0, 2.0), D.TransformedDistribution), isinstance(D.ContinuousBernoulli(0.3), D.ExponentialFamily), isinstance(D.transforms.CatTransform([]), D.transforms.Transform))""",
}

EXPECTED = {
'continuous_bernoulli': (
    'ContinuousBernoulli(probs: torch.Size([3])) tensor([0.3880, 0.4998, 0.6120], grad_fn=<WhereBackward0>) tensor([0.0759, 0.0833, 0.0759], grad_fn=<WhereBackward0>) tensor([0.2755, 0.2887, 0.2755], grad_fn=<SqrtBackward0>)\n'
    'tensor([[0.3358, 0.7682, 0.1698],\n'
    '        [0.0752, 0.3074, 0.7686]], grad_fn=<WhereBackward0>)\n'
    'tensor([ 4.7569e-01, -1.7881e-07,  4.7569e-01], grad_fn=<AddBackward0>) tensor([0.1726, 0.5000, 0.8274], grad_fn=<WhereBackward0>) tensor([0.0562, 0.5000, 0.9438], grad_fn=<WhereBackward0>) tensor([-7.6414e-02, -2.3842e-07, -7.6414e-02], grad_fn=<SubBackward0>)\n'
    'tensor([0.3305, 0.8964, 0.6215]) tensor([-1.3863, -0.0020,  1.3863], grad_fn=<SubBackward0>) torch.Size([3])\n'
    'tensor([-3.4552e-01,  1.3333e-03,  2.1127e+00])\n'
    'ContinuousBernoulli(probs: torch.Size([2]), logits: torch.Size([2])) tensor([0.5744, 0.2689], grad_fn=<ClampBackward1>) tensor([-0.0037, -0.0407], grad_fn=<SubBackward0>) tensor([-0.0637, -0.2413], grad_fn=<AddBackward0>)\n'
    'tensor([-0.0249,  0.0793])\n'
    "ContinuousBernoulli(probs: torch.Size([2, 3]), logits: torch.Size([2, 3])) <class 'torch.distributions.continuous_bernoulli.ContinuousBernoulli'> ContinuousBernoulli(probs: 0.30000001192092896) torch.Size([])\n"
    'tensor([0.0401, 0.2504], dtype=torch.float64)\n'
),
'pareto_weibull_kumaraswamy': (
    'Pareto(alpha: torch.Size([2]), scale: torch.Size([2])) tensor([1.5000, 3.0000], grad_fn=<DivBackward0>) tensor([inf, 3.], grad_fn=<DivBackward0>) tensor([0.5000, 2.0000], requires_grad=True)\n'
    'tensor([[5.1848, 3.0140],\n'
    '        [0.7534, 4.6561]])\n'
    'tensor([0.9973, 3.3709], grad_fn=<AddBackward0>) GreaterThanEq(lower_bound=tensor([0.5000, 2.0000], requires_grad=True)) torch.Size([2])\n'
    'tensor([ 0.6428, -0.4871], grad_fn=<AddBackward0>) tensor([0.5681, 0.9279], grad_fn=<AddBackward0>) tensor([0.2393, 0.4880], grad_fn=<AddBackward0>) tensor([0.5802, 2.9876], grad_fn=<AddBackward0>)\n'
    'tensor([-1.0858, -0.9208]) tensor([6.9947, 3.6855])\n'
    'Weibull(scale: torch.Size([2]), concentration: torch.Size([2])) tensor([0.4514, 1.7860], grad_fn=<MulBackward0>) tensor([0.0939, 0.4213], grad_fn=<MulBackward0>) tensor([0.2404, 1.7472], grad_fn=<MulBackward0>)\n'
    'tensor([[0.1691, 1.5125],\n'
    '        [0.4559, 1.3959]])\n'
    'tensor([0.3569, 1.1589], grad_fn=<AddBackward0>) GreaterThan(lower_bound=0.0) torch.Size([2])\n'
    'tensor([-0.1248, -1.1014], grad_fn=<AddBackward0>) tensor([0.0938, 0.9793], grad_fn=<AddBackward0>) tensor([0.7314, 0.8582], grad_fn=<AddBackward0>) tensor([0.1839, 2.1277], grad_fn=<AddBackward0>)\n'
    'tensor([0.2794, 0.0622]) tensor([3.6574, 2.5091])\n'
    'Kumaraswamy(concentration1: torch.Size([2]), concentration0: torch.Size([2])) tensor([0.7392, 0.6429], grad_fn=<MulBackward0>) tensor([0.0655, 0.0367], grad_fn=<SubBackward0>) tensor([nan, nan], grad_fn=<ExpBackward0>)\n'
    'tensor([[0.8790, 0.6353],\n'
    '        [0.2042, 0.9321]])\n'
    'tensor([0.9770, 0.7299], grad_fn=<PowBackward1>) Interval(lower_bound=0.0, upper_bound=1.0) torch.Size([2])\n'
    'tensor([-0.7999,  0.5268], grad_fn=<AddBackward0>) tensor([-0.5077, -0.2918], grad_fn=<SubBackward0>) tensor([0.0858, 0.3853], grad_fn=<AddBackward0>) tensor([0.5061, 0.7676], grad_fn=<PowBackward1>)\n'
    'tensor([-1.0344, -0.1268]) tensor([3.9760, 0.1758])\n'
    'Kumaraswamy(concentration1: torch.Size([2]), concentration0: torch.Size([2])) tensor([0.2286, 0.4571], grad_fn=<MulBackward0>) tensor([0.0586, 0.0410], grad_fn=<SubBackward0>) tensor([nan, nan], grad_fn=<ExpBackward0>)\n'
    'tensor([[0.2990, 0.1523],\n'
    '        [0.4707, 0.5948]])\n'
    'tensor([0.5139, 0.8267], grad_fn=<PowBackward1>) Interval(lower_bound=0.0, upper_bound=1.0) torch.Size([2])\n'
    'tensor([-0.0824,  0.3884], grad_fn=<AddBackward0>) tensor([-0.6594, -0.2084], grad_fn=<SubBackward0>) tensor([0.6958, 0.7379], grad_fn=<AddBackward0>) tensor([0.0191, 0.5749], grad_fn=<PowBackward1>)\n'
    'tensor([-1.1809, -0.2667]) tensor([5.3308, 0.6008])\n'
    'Weibull(scale: torch.Size([3, 2]), concentration: torch.Size([3, 2])) torch.Size([3, 2]) torch.Size([3, 2]) tensor([1.1367, 1.5046])\n'
    'tensor([inf, 3.])\n'
),
'generalized_pareto': (
    'GeneralizedPareto(loc: torch.Size([3]), scale: torch.Size([3]), concentration: torch.Size([3])) tensor([1.6429, 3.6667, 0.5000], grad_fn=<WhereBackward0>) tensor([3.2653, 1.9841, 2.2500], grad_fn=<WhereBackward0>) tensor([ 0.5000,  2.0000, -1.0000], requires_grad=True) tensor([1.0769, 1.4931, 1.4055], grad_fn=<ExpandBackward0>)\n'
    'Interval(lower_bound=tensor([ 0.5000,  2.0000, -1.0000], requires_grad=True), upper_bound=tensor([inf, 12., inf], grad_fn=<WhereBackward0>))\n'
    'tensor([[ 1.1090,  4.5353, -0.8610],\n'
    '        [ 0.6157,  2.7083,  0.5080]], grad_fn=<WhereBackward0>) tensor([ 1.0971,  5.6462, -0.0878])\n'
    'tensor([ 0.0636, -0.8983, -1.0721], grad_fn=<SubBackward0>) tensor([0.1155, 0.2262, 0.4866], grad_fn=<ExpBackward0>) tensor([-2.1586, -1.4863, -0.7203], grad_fn=<Log1PBackward0>) tensor([-0.1227, -0.2565, -0.6667], grad_fn=<WhereBackward0>) tensor([0.6846, 4.1400, 0.0397], grad_fn=<WhereBackward0>)\n'
    'tensor([3.5663, 2.4211, 2.6667]) tensor([-0.1483,  1.2271,  0.8758]) tensor([0.1112, 1.6619, 0.0000])\n'
    'GeneralizedPareto(loc: 0.0, scale: 1.0, concentration: 0.0) tensor(nan) tensor(nan)\n'
    'tensor([0.0606], dtype=torch.float64)\n'
    '!! RuntimeError: Double did not match Float\n'
),
'von_mises': (
    'VonMises(loc: torch.Size([3]), concentration: torch.Size([3])) tensor([ 0.5000,  2.0000, -3.0000], requires_grad=True) tensor([ 0.5000,  2.0000, -3.0000], requires_grad=True) tensor([0.8517, 0.1141, 0.0101], grad_fn=<RsubBackward1>) tensor([0.9229, 0.3377, 0.1003], grad_fn=<SqrtBackward0>) False Real()\n'
    'tensor([-2.5166,  1.1277, -2.8757]) tensor([[ 1.2018,  1.6081, -2.9597],\n'
    '        [-0.3783,  2.6574, -2.8666]])\n'
    'tensor([-1.5839, -0.2693,  0.1980], grad_fn=<SubBackward0>)\n'
    'tensor([-0.1168,  0.9337, -9.1081]) tensor([ 0.2892,  0.0675, -0.0069])\n'
    'tensor([[-2.1424, -0.9792],\n'
    '        [-0.7152, -3.0339],\n'
    '        [-1.9811,  1.4035]], dtype=torch.float64)\n'
    'VonMises(loc: torch.Size([2]), concentration: torch.Size([2])) tensor([-0.6915,  0.9932,  0.9373, -0.0895])\n'
    'tensor([0.6012, 0.8179])\n'
),
'logistic_normal': (
    'LogisticNormal() torch.Size([]) torch.Size([4]) tensor([ 0.3000, -0.2000,  0.5000], requires_grad=True) tensor([1.0000, 0.5000, 2.0000], requires_grad=True) Simplex()\n'
    'tensor([[0.6775, 0.0842, 0.0049, 0.2333],\n'
    '        [0.4427, 0.1071, 0.0411, 0.4090]], grad_fn=<MulBackward0>) tensor([3.2710, 2.6491], grad_fn=<AddBackward0>)\n'
    'tensor([ 2.5746, -2.7559, -1.7887]) tensor([ 1.1747, -1.4754,  2.3516])\n'
    'tensor([0.5995, 0.4005]) torch.Size([]) torch.Size([2]) torch.Size([2, 2])\n'
),
'errors_continuous_bernoulli': (
    '!! ValueError: The parameter probs has invalid values\n'
),
'errors_continuous_bernoulli_both': (
    '!! ValueError: Either `probs` or `logits` must be specified, but not both.\n'
),
'errors_continuous_bernoulli_support': (
    '!! ValueError: Expected value argument (Tensor of shape (2,)) to be within the support (Interval(lower_bound=0.0, upper_bound=1.0)) of the distribution ContinuousBernoulli(probs: torch.Size([2])), but found invalid values:\n'
    'tensor([0.2000, 1.2000])\n'
),
'errors_pareto': (
    '!! ValueError: Expected parameter scale (Tensor of shape (2,)) of distribution Pareto(alpha: torch.Size([2]), scale: torch.Size([2])) to satisfy the constraint GreaterThan(lower_bound=0.0), but found invalid values:\n'
    'tensor([ 1., -1.])\n'
),
'errors_pareto_support': (
    '!! ValueError: Expected value argument (Tensor of shape (2,)) to be within the support (GreaterThanEq(lower_bound=tensor([1., 2.]))) of the distribution Pareto(alpha: torch.Size([2]), scale: torch.Size([2])), but found invalid values:\n'
    'tensor([1.5000, 1.5000])\n'
),
'errors_weibull': (
    '!! ValueError: Expected parameter concentration (Tensor of shape (1,)) of distribution Weibull(scale: tensor([1.]), concentration: tensor([0.])) to satisfy the constraint GreaterThan(lower_bound=0.0), but found invalid values:\n'
    'tensor([0.])\n'
),
'errors_kumaraswamy_support': (
    '!! ValueError: Expected value argument (Tensor of shape ()) to be within the support (Interval(lower_bound=0.0, upper_bound=1.0)) of the distribution Kumaraswamy(concentration1: 1.0, concentration0: 2.0), but found invalid values:\n'
    '1.5\n'
),
'errors_von_mises': (
    '!! ValueError: Expected parameter concentration (Tensor of shape ()) of distribution VonMises(loc: 0.0, concentration: -1.0) to satisfy the constraint GreaterThan(lower_bound=0.0), but found invalid values:\n'
    '-1.0\n'
),
'errors_generalized_pareto_support': (
    '!! ValueError: Expected value argument (Tensor of shape (2,)) to be within the support (Interval(lower_bound=0.0, upper_bound=2.0)) of the distribution GeneralizedPareto(loc: 0.0, scale: 1.0, concentration: -0.5), but found invalid values:\n'
    'tensor([0.5000, 2.5000])\n'
),
'errors_logistic_normal': (
    '!! ValueError: Expected parameter scale (Tensor of shape (2,)) of distribution Normal(loc: torch.Size([2]), scale: torch.Size([2])) to satisfy the constraint GreaterThan(lower_bound=0.0), but found invalid values:\n'
    'tensor([-1., -1.])\n'
),
'errors_logistic_normal_support': (
    '!! ValueError: Expected value argument (Tensor of shape (3,)) to be within the support (Simplex()) of the distribution LogisticNormal(), but found invalid values:\n'
    'tensor([0.5000, 0.6000, 0.1000])\n'
),
'transforms': (
    'tensor([[[ 1.0000,  0.0000,  0.0000],\n'
    '         [ 0.2913,  0.9566,  0.0000],\n'
    '         [-0.8337,  0.2552,  0.4898]],\n'
    '\n'
    '        [[ 1.0000,  0.0000,  0.0000],\n'
    '         [ 0.7616,  0.6481,  0.0000],\n'
    '         [ 0.1974, -0.5925,  0.7810]]], grad_fn=<MulBackward0>) tensor([[ 0.3000, -1.2000,  0.5000],\n'
    '        [ 1.0000,  0.2000, -0.7000]], grad_fn=<DivBackward0>) tensor([-2.1100, -1.3817], grad_fn=<AddBackward0>)\n'
    'tensor([True, True]) CorrCholesky() IndependentConstraint(Real(), 1) CorrCholesky() True\n'
    '(2, 4, 4) torch.Size([6]) torch.Size([4, 4])\n'
    'ReshapeTransform() tensor([[ 0.3000, -1.2000],\n'
    '        [ 0.5000,  1.0000],\n'
    '        [ 0.2000, -0.7000]], grad_fn=<ViewBackward0>) tensor([[ 0.3000, -1.2000,  0.5000],\n'
    '        [ 1.0000,  0.2000, -0.7000]], grad_fn=<ViewBackward0>) tensor(0.)\n'
    'torch.Size([5, 3, 2]) torch.Size([2, 3]) IndependentConstraint(Real(), 2) IndependentConstraint(Real(), 2) True\n'
    'tensor([[2.7183, 0.4946],\n'
    '        [0.4946, 0.7603]], grad_fn=<MmBackward0>) tensor([[ 0.5000,  0.0000],\n'
    '        [ 0.3000, -0.2000]], grad_fn=<AddBackward0>) True IndependentConstraint(Real(), 2) PositiveDefinite() False\n'
    'tensor([[ 1.3499, -1.2000,  0.6225],\n'
    '        [ 2.7183,  0.2000,  0.3318]], grad_fn=<CatBackward0>) tensor([[ 0.3000, -1.2000,  0.5000],\n'
    '        [ 1.0000,  0.2000, -0.7000]], grad_fn=<CatBackward0>) tensor([[ 0.3000,  0.0000, -1.4482],\n'
    '        [ 1.0000,  0.0000, -1.5064]], grad_fn=<CatBackward0>) 0 3 True Cat() Cat()\n'
    'tensor([[ 1.3499,  0.3012,  0.4621],\n'
    '        [ 2.7183,  1.2214, -0.6044]], grad_fn=<CatBackward0>) tensor([[ 0.3000, -1.2000, -0.2402],\n'
    '        [ 1.0000,  0.2000, -0.4545]], grad_fn=<CatBackward0>)\n'
    'tensor([[ 1.3499,  0.3012,  1.6487],\n'
    '        [ 0.7616,  0.1974, -0.6044]], grad_fn=<StackBackward0>) tensor([[ 0.3000, -1.2000,  0.5000],\n'
    '        [ 1.0000,  0.2000, -0.7000]], grad_fn=<StackBackward0>) tensor([[ 0.3000, -1.2000,  0.5000],\n'
    '        [-0.8676, -0.0397, -0.4545]], grad_fn=<StackBackward0>) Stack() Stack() True\n'
    'tensor([[0.6179, 0.1151, 0.6915],\n'
    '        [0.8413, 0.5793, 0.2420]], grad_fn=<MulBackward0>) tensor([[ 0.3000, -1.2000,  0.5000],\n'
    '        [ 1.0000,  0.2000, -0.7000]], grad_fn=<AddBackward0>) tensor([[-0.9639, -1.6389, -1.0439],\n'
    '        [-1.4189, -0.9389, -1.1639]], grad_fn=<SubBackward0>) Real() Interval(lower_bound=0.0, upper_bound=1.0) 1\n'
    'tensor([[2.7536, 4.7282, 1.1675],\n'
    '        [1.5415, 2.2927, 3.1595]]) tensor([[6.4258, 0.0000],\n'
    '        [3.8974, 1.3406]]) <MulBackward0 object at 0x> <CatBackward0 object at 0x> <StackBackward0 object at 0x>\n'
    'True False\n'
    'tensor([0.9383, 0.3846]) tensor([0., 0.])\n'
    '!! AssertionError: x.size(0) = 2 must equal len(transforms) 1\n'
),
'constraints_and_registry': (
    'tensor(True) tensor(False) False 2\n'
    'tensor(True) tensor(False)\n'
    'CorrCholeskyTransform() CorrCholeskyTransform() PositiveDefiniteTransform() PositiveDefiniteTransform()\n'
    'CatTransform() StackTransform()\n'
    'tensor([1.6487, 0.3679, 0.9051]) tensor([ 0.5000, -1.0000,  3.0000])\n'
    'tensor([[1.6487, 0.2689],\n'
    '        [7.3891, 0.5000]])\n'
    'tensor([0., 3., 4., 6., 7., 8.]) tensor([3., 6., 7.]) tensor([[0., 0., 0.],\n'
    '        [1., 2., 0.],\n'
    '        [3., 4., 5.]]) tensor([[0., 0., 0.],\n'
    '        [0., 0., 0.],\n'
    '        [1., 2., 0.]])\n'
    'torch.Size([2, 3, 3]) torch.Size([2, 8])\n'
    'tensor([nan, nan])\n'
    '!! ValueError: diag (3) provided is outside [-3, 2].\n'
),
'errors_vec_to_tril': (
    '!! RuntimeError: shape mismatch: value tensor of shape [4] cannot be broadcast to indexing result of shape [3]\n'
),
'errors_reshape': (
    '!! ValueError: Shape mismatch: expected (3, 2) but got torch.Size([2, 3])\n'
),
'errors_reshape_numel': (
    '!! ValueError: in_shape, out_shape have different numbers of elements\n'
),
'errors_cat_lengths': (
    '!! AssertionError: lengths (2) must match transforms (1)\n'
),
'errors_cat_size': (
    '!! AssertionError: x.size(0) = 3 must equal length 2\n'
),
'errors_cat_dim': (
    '!! AssertionError: dim 3 out of range for tensor with 1 dimensions\n'
),
'errors_stack_size': (
    '!! AssertionError: y.size(0) = 3 must equal len(transforms) 2\n'
),
'errors_stack_items': (
    '!! AssertionError: All elements of tseq must be Transform instances\n'
),
'errors_corr_cholesky_shape': (
    '!! ValueError: Input is not a flattened lower-diagonal number\n'
),
'errors_positive_definite_hash': (
    "!! TypeError: unhashable type: 'PositiveDefiniteTransform'\n"
),
'errors_biject_to_positive_definite': (
    'PositiveDefiniteTransform()\n'
    '!! NotImplementedError: Cannot transform _PositiveDefinite constraints\n'
),
'kl_pairs': (
    'tensor([0.1287, 0.0645], grad_fn=<AddBackward0>) tensor([0.2530, 0.6401], grad_fn=<AddBackward0>) tensor([1.4205, 2.1650], grad_fn=<AddBackward0>)\n'
    'tensor([0.9927, 0.9457], grad_fn=<WhereBackward0>) tensor([   inf, 1.1280], grad_fn=<WhereBackward0>) tensor([inf, inf])\n'
    'tensor([1.8782,    inf], grad_fn=<IndexPutBackward0>) tensor([0.8751, 4.3790], grad_fn=<IndexPutBackward0>) tensor([   inf, 1.3119], grad_fn=<IndexPutBackward0>)\n'
    'tensor([1.8384, 1.5348], grad_fn=<IndexPutBackward0>) tensor([inf, inf]) tensor([inf, inf])\n'
    'tensor([0.7179, 0.3440], grad_fn=<WhereBackward0>) tensor([0.7804, 1.7076], grad_fn=<IndexPutBackward0>)\n'
    'tensor([inf, inf]) tensor([inf, inf]) tensor([inf, inf]) tensor([inf, inf]) tensor([inf, inf])\n'
    'tensor([1.2331, 0.5385]) tensor([-1.7280, -0.2670]) tensor([-1.1327,  0.7416]) <AddBackward0 object at 0x>\n'
    'tensor([0., 0.]) tensor([0., 0.])\n'
    '!! NotImplementedError: \n'
),
'exports': (
    "<class 'torch.distributions.pareto.Pareto'> <class 'torch.distributions.von_mises.VonMises'> <class 'torch.distributions.logistic_normal.LogisticNormal'> <class 'torch.distributions.generalized_pareto.GeneralizedPareto'> <class 'torch.distributions.continuous_bernoulli.ContinuousBernoulli'> <class 'torch.distributions.weibull.Weibull'> <class 'torch.distributions.kumaraswamy.Kumaraswamy'>\n"
    "<class 'torch.distributions.transforms.CatTransform'> <class 'torch.distributions.transforms.StackTransform'> <class 'torch.distributions.transforms.ReshapeTransform'> <class 'torch.distributions.transforms.CorrCholeskyTransform'> <class 'torch.distributions.transforms.PositiveDefiniteTransform'> <class 'torch.distributions.transforms.CumulativeDistributionTransform'>\n"
    'True True True\n'
),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_prints_what_pytorch_printed(name):
    assert run(CASES[name]) == EXPECTED[name]


# -- float64 gradcheck / gradgradcheck w.r.t. the parameters ----------------------------------

from test_distributions import D, _check, _p, _seeded_rsample, _v  # noqa: E402

T = D.transforms


# name: (constructor, parameter values, a value in the support)
DISTS = {
    "ContinuousBernoulli": (lambda p: D.ContinuousBernoulli(p), ((0.2, 0.8),), (0.3, 0.9)),
    "ContinuousBernoulliNearHalf": (lambda p: D.ContinuousBernoulli(p), ((0.4995, 0.8),),
                                    (0.3, 0.9)),
    "ContinuousBernoulliLogits": (lambda l: D.ContinuousBernoulli(logits=l), ((0.3, -1.2),),
                                  (0.3, 0.9)),
    "Pareto": (lambda s, a: D.Pareto(s, a), ((0.5, 1.2), (1.5, 3.0)), (0.9, 2.4)),
    "Weibull": (lambda s, c: D.Weibull(s, c), ((0.5, 1.2), (1.5, 3.0)), (0.9, 2.4)),
    "Kumaraswamy": (lambda a, b: D.Kumaraswamy(a, b), ((0.5, 1.2), (1.5, 3.0)), (0.3, 0.6)),
    "LogisticNormal": (lambda a, b: D.LogisticNormal(a, b), ((0.3, -1.2), (0.8, 1.7)),
                       (0.2, 0.5, 0.3)),
    "VonMises": (lambda a, b: D.VonMises(a, b), ((0.3, -1.2), (0.8, 4.7)), (0.9, -0.4)),
    # PyTorch's GeneralizedPareto.log_prob compares with a float32 zero: float64 raises
    "GeneralizedPareto": (lambda a, b, c: D.GeneralizedPareto(a, b, c),
                          ((0.3, -1.2), (0.8, 1.7), (0.3, -0.2)), None),
}
WITH_ENTROPY = ["ContinuousBernoulli", "ContinuousBernoulliNearHalf",
                "ContinuousBernoulliLogits", "Pareto", "Weibull", "Kumaraswamy",
                "GeneralizedPareto"]
WITH_RSAMPLE = WITH_ENTROPY + ["LogisticNormal"]
WITH_CDF = ["ContinuousBernoulli", "ContinuousBernoulliNearHalf", "Pareto", "Weibull",
            "Kumaraswamy"]


def _params(name):
    return [_p(*v) for v in DISTS[name][1]]


@pytest.mark.parametrize("name", sorted(n for n in DISTS if DISTS[n][2] is not None))
def test_log_prob_gradcheck(name):
    make, _, x = DISTS[name]
    _check(lambda *ps: make(*ps).log_prob(_v(*x)), _params(name))


@pytest.mark.parametrize("name", WITH_ENTROPY)
def test_entropy_gradcheck(name):
    _check(lambda *ps: DISTS[name][0](*ps).entropy(), _params(name))


@pytest.mark.parametrize("name", WITH_RSAMPLE)
def test_rsample_gradcheck(name):
    _check(_seeded_rsample(DISTS[name][0]), _params(name))


@pytest.mark.parametrize("name", WITH_CDF)
def test_cdf_gradcheck(name):
    make, _, x = DISTS[name]
    _check(lambda *ps: make(*ps).cdf(_v(*x)), _params(name))


@pytest.mark.parametrize("name", WITH_ENTROPY)
def test_icdf_and_mean_gradcheck(name):
    make = DISTS[name][0]
    _check(lambda *ps: make(*ps).icdf(_v(0.3, 0.8)), _params(name))
    _check(lambda *ps: make(*ps).mean, _params(name))


def test_von_mises_variance_gradcheck():
    _check(lambda a, b: D.VonMises(a, b).variance, _params("VonMises"))


def _with_log_det(make):
    def f(x):
        t = make()
        return t(x), t.log_abs_det_jacobian(x, t(x))
    return f


TRANSFORMS = {
    "CorrCholeskyTransform": (_with_log_det(lambda: T.CorrCholeskyTransform()),
                              (0.3, -1.2, 0.5)),
    "CorrCholeskyTransformInverse": (
        lambda y: T.CorrCholeskyTransform().inv(y.reshape(3, 3)),
        (1.0, 0.0, 0.0, 0.3, 0.9539392014169457, 0.0, -0.5, 0.6, 0.6244997998398398)),
    "PositiveDefiniteTransform": (lambda x: T.PositiveDefiniteTransform()(x.reshape(2, 2)),
                                  (0.3, -1.2, 0.5, 0.1)),
    "CatTransform": (_with_log_det(lambda: T.CatTransform(
        [T.ExpTransform(), T.SigmoidTransform()], 0, [1, 2])), (0.3, -1.2, 0.5)),
    "StackTransform": (_with_log_det(lambda: T.StackTransform(
        [T.ExpTransform(), T.TanhTransform(), T.SigmoidTransform()], 0)), (0.3, -1.2, 0.5)),
    "ReshapeTransform": (lambda x: T.ReshapeTransform((4,), (2, 2))(x), (0.3, -1.2, 0.5, 2.0)),
}


@pytest.mark.parametrize("name", sorted(TRANSFORMS))
def test_transform_gradcheck(name):
    f, x = TRANSFORMS[name]
    _check(f, [_p(*x)])


def test_cumulative_distribution_transform_gradcheck():
    def f(a, x):
        t = T.CumulativeDistributionTransform(D.Normal(a, 1.0))
        return t(x), t.log_abs_det_jacobian(x, t(x)), t.inv(t(x))
    _check(f, [_p(0.3), _p(0.3, -1.2, 0.5)])


KL_PAIRS = [
    lambda a, b: (D.ContinuousBernoulli(a), D.ContinuousBernoulli(b)),
    lambda a, b: (D.ContinuousBernoulli(a), D.Normal(b, a + 1)),
    lambda a, b: (D.ContinuousBernoulli(a), D.Exponential(b)),
    lambda a, b: (D.Uniform(a * 0.5, a * 0.5 + 0.1), D.ContinuousBernoulli(b)),
    lambda a, b: (D.Pareto(a, b + 2), D.Pareto(a * 0.5, b + 1)),
    lambda a, b: (D.Pareto(a, b + 2), D.Normal(a, b)),
    lambda a, b: (D.Pareto(a, b + 2), D.Exponential(a)),
    lambda a, b: (D.Uniform(a + 1, a + 2), D.Pareto(a, b)),
]


@pytest.mark.parametrize("i", range(len(KL_PAIRS)))
def test_kl_gradcheck(i):
    _check(lambda a, b: D.kl_divergence(*KL_PAIRS[i](a, b)), [_p(0.2, 0.8), _p(0.6, 0.3)])


# -- Python-level behaviour ---------------------------------------------------------------------

def test_exports_match_pytorch_names():
    from gradcli.distributions import constraints, transforms, utils
    assert {"corr_cholesky"} <= set(constraints.__all__)
    assert {"CatTransform", "StackTransform", "ReshapeTransform", "CorrCholeskyTransform",
            "PositiveDefiniteTransform", "CumulativeDistributionTransform"} <= set(
                transforms.__all__)
    assert {"tril_matrix_to_vec", "vec_to_tril_matrix"} <= set(utils.__all__)
    for name in ("ContinuousBernoulli", "Pareto", "Weibull", "Kumaraswamy", "VonMises",
                 "LogisticNormal", "GeneralizedPareto"):
        assert hasattr(D, name)


def test_von_mises_sample_draws_float64_rounds_until_all_accept():
    torch.manual_seed(5)
    x = D.VonMises(torch.zeros(50), torch.full((50,), 1e-4)).sample()
    assert x.dtype == torch.float32 and bool(((x >= -3.1416) & (x < 3.1416)).all())


def test_messages_name_classes_as_pytorch_does():
    """A distribution's class in a message is PyTorch's (its module path), a formula's own
    `__main__.Name`, not the base class's nor gradcli's (torch 2.13's printed text)."""
    source = ("import torch.distributions as D\ntry:\n    D.ContinuousBernoulli(0.3).mode\n"
              "except Exception as e:\n    print(type(e).__name__, e)\n"
              "class T(D.Distribution):\n    pass\nt = T(torch.Size([]), validate_args=True)\n")
    assert run(source) == (
        "NotImplementedError <class 'torch.distributions.continuous_bernoulli."
        "ContinuousBernoulli'> does not implement mode\n!W UserWarning: <class '__main__.T'> "
        "does not define `arg_constraints`. Please set `arg_constraints = {}` or initialize "
        "the distribution with `validate_args=False` to turn off validation.\n")
