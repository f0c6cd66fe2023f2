"""The samplers torch.distributions draws from, with PyTorch's CPU algorithms and stream:
`standard_gamma` (torch._standard_gamma, Marsaglia and Tsang's method, differentiable through
`standard_gamma_grad`), `sample_dirichlet` (torch._sample_dirichlet, normalised gammas, with
`dirichlet_grad` for its reparameterised gradient) and the public `torch.binomial`
(TensorFlow's BTRS and inversion samplers, as ATen adapts them).

ATen's kernels (Distributions.h/.cpp, PyTorch 2.13) draw one element at a time in double
(53-bit uniforms; normals by the cached Box-Muller pair) and mix float and double arithmetic
where the element type is float: the float steps are done here in float32 as well, and the
C library's float functions (logf, powf, log1pf) are glibc's through vecmath. So
`manual_seed(0); torch._standard_gamma(a)` gives PyTorch's numbers bit for bit.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from .. import dtypes, vecmath
from ..autograd.graph import Node
from ..errors import TorchRuntimeError, TorchValueError
from .._tensor import Tensor
from .core import apply, broadcast_error, wrap
from .registry import category, register

category("creation")

_F = np.float32
_THIRD_F = float(_F(1) / _F(3))         # 1.0f / 3.0f, promoted where the type is double
_C0331 = float(_F(0.0331))
_MIN = {np.dtype(np.float32): float(np.finfo(np.float32).tiny),
        np.dtype(np.float64): float(np.finfo(np.float64).tiny)}


def _stream(generator=None):
    from .creation import _stream as stream
    return stream(generator)


def _float_fn(name: str, double_fn):
    fn = vecmath._LIBM[name]
    if fn is None:
        return lambda *a: _F(double_fn(*(float(x) for x in a)))
    return lambda *a: _F(fn(*a))


def _logf(x):
    return _float_fn("logf", math.log)(x)


def _powf(x, y):
    return _float_fn("powf", math.pow)(x, y)


def _log1pf(x):
    return _float_fn("log1pf", math.log1p)(x)


# -- gamma -------------------------------------------------------------------------------------

def _sample_gamma(stream, alpha, single: bool) -> float:
    """ATen's sample_gamma<scalar_t, double> on one alpha (a float32 one when `single`)."""
    scale = 1.0
    if single:
        alpha = _F(alpha)
    if alpha < 1.0:
        if alpha == 0:
            return 0.0
        inv = float(_F(1) / alpha) if single else 1.0 / alpha
        scale *= math.pow(1 - stream._unit(), inv)
        alpha = alpha + (_F(1) if single else 1.0)
    d = float(alpha - _F(1) / _F(3)) if single else alpha - _THIRD_F
    c = 1.0 / math.sqrt(9.0 * d)
    while True:
        while True:
            x = stream._normal_double()
            y = 1.0 + c * x
            if not y <= 0:
                break
        v = y * y * y
        u = 1 - stream._unit()
        xx = x * x
        if u < 1.0 - _C0331 * xx * xx:
            return scale * d * v
        if math.log(u) < 0.5 * xx + d * (1.0 - v + math.log(v)):
            return scale * d * v


def _gamma_array(alpha: np.ndarray, generator=None) -> np.ndarray:
    stream = _stream(generator)
    single = alpha.dtype == np.float32
    tiny = _MIN[alpha.dtype]
    draws = []
    for a in alpha.ravel().tolist():
        s = _sample_gamma(stream, a, single)
        s = float(_F(s)) if single else s
        draws.append(max(tiny, s))
    return np.array(draws, dtype=alpha.dtype).reshape(alpha.shape)


def _polevl(x, coef):
    result = 0.0
    for c in coef:
        result = result * x + c
    return result


_PSI_10 = 2.25175258906672110764
_DIGAMMA_A = (8.33333333333333333333E-2, -2.10927960927960927961E-2, 7.57575757575757575758E-3,
              -4.16666666666666666667E-3, 3.96825396825396825397E-3, -8.33333333333333333333E-3,
              8.33333333333333333333E-2)


def _digamma_one(x, single: bool = False):
    """ATen's digamma_one<scalar_t, double>: x of the element type (float32 when `single`,
    whose 1/x, x + 1, log and 0.5f/x are float operations), the sum in double."""
    one = _F(1) if single else 1.0
    if single:
        x = _F(x)
    if x == 0:
        return math.inf
    additional = 0.0
    if x < 0:
        if x == math.floor(x):
            return math.inf
        pi = float(_F(math.pi)) if single else math.pi
        t = float(_F(math.tan(float(_F(pi * x))))) if single else math.tan(pi * x)
        additional = -pi / t
        x = one - x
    result = 0.0
    while x < 10:
        result -= float(one / x)
        x = x + one
    if x == 10:
        return result + _PSI_10 + additional
    y = 0.0
    if x < 1.0e17:
        z = 1.0 / float(x * x)
        y = z * _polevl(z, _DIGAMMA_A)
    logx = float(_logf(x)) if single else math.log(x)
    half = float(_F(0.5) / x) if single else 0.5 / x
    return result + logx - half - y + additional


_COEF_UV = ((0.16009398, -0.094634809, 0.025146376, -0.0030648343,
             1, 0.32668115, 0.10406089, 0.0014179084),
            (0.53487893, 0.1298071, 0.065735949, -0.0015649758,
             0.16639465, 0.020070113, -0.0035938915, -0.00058392623),
            (0.040121004, -0.0065914022, -0.0026286047, -0.0013441777,
             0.017050642, -0.0021309326, 0.00085092367, -1.5247877e-07))


def _gamma_grad_one(alpha: float, x: float) -> float:
    """ATen's standard_gamma_grad_one<scalar_t, double>: -(d/dalpha cdf(x; alpha)) / pdf."""
    if x < 0.8:
        numer, denom = 1.0, alpha
        series1, series2 = numer / denom, numer / (denom * denom)
        for i in range(1, 6):
            numer *= -x / i
            denom += 1
            series1 += numer / denom
            series2 += numer / (denom * denom)
        try:
            pow_x_alpha = math.pow(x, alpha)
            gamma_pdf = math.pow(x, alpha - 1) * math.exp(-x)
            gamma_cdf = pow_x_alpha * series1
            logx = math.log(x) if x > 0 else -math.inf
            gamma_cdf_alpha = (logx - _digamma_one(alpha)) * gamma_cdf - pow_x_alpha * series2
            with np.errstate(all="ignore"):
                result = float(np.float64(-gamma_cdf_alpha) / np.float64(gamma_pdf))
        except (ValueError, OverflowError, ZeroDivisionError):
            return 0.0
        return 0.0 if math.isnan(result) else result
    if alpha > 8.0:
        if float(_F(0.9)) * alpha <= x <= float(_F(1.1)) * alpha:
            numer_1 = 1 + 24 * alpha * (1 + 12 * alpha)
            numer_2 = (1440 * (alpha * alpha) + 6 * x * (53 - 120 * x)
                       - 65 * x * x / alpha + alpha * (107 + 3600 * x))
            denom = 1244160 * (alpha * alpha) * (alpha * alpha)
            return numer_1 * numer_2 / denom
        denom = math.sqrt(8 * alpha)
        term2 = denom / (alpha - x)
        term3 = math.pow(x - alpha - alpha * math.log(x / alpha), -1.5)
        term23 = term2 - term3 if x < alpha else term2 + term3
        term1 = (math.log(x / alpha) * term23
                 - math.sqrt(2 / alpha) * (alpha + x) / ((alpha - x) * (alpha - x)))
        stirling = 1 + 1 / (12 * alpha) * (1 + 1 / (24 * alpha))
        numer = x * term1
        return -stirling * numer / denom
    u = math.log(x / alpha)
    v = math.log(alpha)
    cv = [_COEF_UV[0][i] + u * (_COEF_UV[1][i] + u * _COEF_UV[2][i]) for i in range(8)]
    p = cv[0] + v * (cv[1] + v * (cv[2] + v * cv[3]))
    q = cv[4] + v * (cv[5] + v * (cv[6] + v * cv[7]))
    return math.exp(p / q)


def _gamma_grad_array(alpha: np.ndarray, x: np.ndarray) -> np.ndarray:
    a, s = np.broadcast_arrays(alpha, x)
    out = [_gamma_grad_one(float(p), float(q)) for p, q in zip(a.ravel().tolist(),
                                                                 s.ravel().tolist())]
    return np.array(out, dtype=np.float64).astype(alpha.dtype).reshape(a.shape)


def _no_gamma_grad_derivative(self, g):
    from ..errors import TorchNotImplementedError
    raise TorchNotImplementedError("the derivative for '_standard_gamma_grad' is not "
                                   "implemented.")


StandardGammaGradBackward0 = type("StandardGammaGradBackward0", (Node,), {
    "__doc__": "_standard_gamma_grad has no derivative (its node's backward raises)",
    "forward": lambda self, alpha, x: _gamma_grad_array(alpha, x),
    "backward": _no_gamma_grad_derivative,
})


def standard_gamma_grad(alpha: Tensor, x: Tensor) -> Tensor:
    """torch._standard_gamma_grad(alpha, x): the reparameterised gradient of standard gamma
    samples x w.r.t. alpha, element by element (its own derivative is not implemented)."""
    return apply(StandardGammaGradBackward0, (alpha, x))


class StandardGammaBackward0(Node):
    """d/dalpha of a standard gamma sample: _standard_gamma_grad(alpha, result)"""

    save_inputs = (0,)
    save_output = True

    def forward(self, alpha):
        return _gamma_array(alpha, self.generator)

    def backward(self, g):
        alpha, result = self.saved
        return (g * standard_gamma_grad(alpha, result),)


def standard_gamma(alpha: Tensor, generator=None) -> Tensor:
    """torch._standard_gamma(alpha): one Gamma(alpha, 1) draw per element (grad_fn
    StandardGammaBackward0)."""
    if alpha.dtype not in (dtypes.float32, dtypes.float64):     # (bfloat16, float16 too)
        from ..errors import TorchNotImplementedError
        raise TorchNotImplementedError(f"\"gamma_cpu\" not implemented for "
                                       f"'{alpha.dtype.legacy}'")
    return apply(StandardGammaBackward0, (alpha,), generator=generator)


# -- dirichlet ---------------------------------------------------------------------------------

def sample_dirichlet(alpha: Tensor, generator=None) -> Tensor:
    """torch._sample_dirichlet(alpha): gammas drawn in double, normalised along the last dim,
    cast back and kept inside (0, 1)."""
    a = alpha._data
    if alpha.dtype not in (dtypes.float32, dtypes.float64):
        from ..errors import TorchNotImplementedError
        raise TorchNotImplementedError(f"\"dirichlet\" not implemented for "
                                       f"'{alpha.dtype.legacy}'")
    stream = _stream(generator)
    tiny = _MIN[np.dtype(np.float64)]
    gam = np.array([max(tiny, _sample_gamma(stream, v, False)) for v in
                    a.astype(np.float64).ravel().tolist()], dtype=np.float64).reshape(a.shape)
    total = wrap(gam).sum(-1, keepdim=True)._data if gam.ndim else gam
    ratio = (gam / total).astype(a.dtype)
    hi = np.nextafter(a.dtype.type(1), a.dtype.type(0))
    return wrap(np.minimum(hi, np.maximum(_MIN[a.dtype], ratio)).astype(a.dtype))


def _beta_grad_alpha_small(x, alpha, beta, single):
    c = _F if single else float
    log = _logf if single else math.log
    pw = _powf if single else math.pow
    factor = (c(_digamma_one(alpha, single)) - c(_digamma_one(alpha + beta, single))
              - log(x))
    numer = c(1)
    series = numer / alpha * (factor + c(1) / alpha)
    for i in range(1, 11):
        ci = c(i)
        numer *= (ci - beta) * x / ci
        denom = alpha + ci
        series += numer / denom * (factor + c(1) / denom)
    with np.errstate(all="ignore"):
        result = x * pw(c(1) - x, -beta) * series
    return c(0) if math.isnan(result) else result


def _beta_grad_beta_small(x, alpha, beta, single):
    c = _F if single else float
    pw = _powf if single else math.pow
    factor = c(_digamma_one(alpha + beta, single)) - c(_digamma_one(beta, single))
    numer, betas, dbetas, series = c(1), c(1), c(0), factor / alpha
    for i in range(1, 9):
        ci = c(i)
        numer *= -x / ci
        dbetas = dbetas * (beta - ci) + betas
        betas = betas * (beta - ci)
        series += numer / (alpha + ci) * (dbetas + factor * betas)
    with np.errstate(all="ignore"):
        result = -pw(c(1) - x, c(1) - beta) * series
    return c(0) if math.isnan(result) else result


def _beta_grad_alpha_mid(x, alpha, beta):
    total = alpha + beta
    mean = alpha / total
    std = math.sqrt(alpha * beta / (total + 1)) / total
    if mean - 0.1 * std <= x <= mean + 0.1 * std:
        poly = 47 * x * (beta * beta) * (beta * beta) + alpha * (
            (43 + 20 * (16 + 27 * beta) * x) * (beta * beta) * beta + alpha * (
                3 * (59 + 180 * beta - 90 * x) * (beta * beta) + alpha * (
                    (453 + 1620 * beta * (1 - x) - 455 * x) * beta + alpha * (
                        8 * (1 - x) * (135 * beta - 11)))))
        prefactor_num = (1 + 12 * alpha) * (1 + 12 * beta) / (total * total)
        prefactor_den = 12960 * alpha * alpha * alpha * beta * beta * (1 + 12 * total)
        return prefactor_num / (1 - x) * poly / prefactor_den
    prefactor = -x / math.sqrt(2 * alpha * beta / total)
    stirling = ((1 + 1 / (12 * alpha) + 1 / (288 * alpha * alpha))
                * (1 + 1 / (12 * beta) + 1 / (288 * beta * beta))
                / (1 + 1 / (12 * total) + 1 / (288 * total * total)))
    term1_num = 2 * (alpha * alpha) * (x - 1) + alpha * beta * (x - 1) - x * (beta * beta)
    axbx = alpha * (x - 1) + beta * x
    term1_den = math.sqrt(2 * alpha / beta) * math.pow(total, 1.5) * axbx * axbx
    term1 = term1_num / term1_den
    term2 = 0.5 * math.log(alpha / (total * x))
    term3_num = math.sqrt(8 * alpha * beta / total)
    term3_den = beta * x + alpha * (x - 1)
    term3 = term3_num / term3_den
    term4_base = (beta * math.log(beta / (total * (1 - x)))
                  + alpha * math.log(alpha / (total * x)))
    term4 = math.pow(term4_base, -1.5)
    term1234 = term1 + term2 * (term3 + (term4 if x < mean else -term4))
    return stirling * prefactor * term1234


_DC = (((((1.003668233, -0.01061107488, -0.0657888334, 0.01201642863),
          (0.6336835991, -0.3557432599, 0.05486251648, -0.001465281033),
          (-0.03276231906, 0.004474107445, 0.002429354597, -0.0001557569013)),
         ((0.221950385, -0.3187676331, 0.01799915743, 0.01074823814),
          (-0.2951249643, 0.06219954479, 0.01535556598, 0.001550077057),
          (0.02155310298, 0.004170831599, 0.001292462449, 6.976601077e-05)),
         ((-0.05980841433, 0.008441916499, 0.01085618172, 0.002319392565),
          (0.02911413504, 0.01400243777, -0.002721828457, 0.000751041181),
          (0.005900514878, -0.001936558688, -9.495446725e-06, 5.385558597e-05))),
        (((1, -0.02924021934, -0.04438342661, 0.007285809825),
          (0.6357567472, -0.3473456711, 0.05454656494, -0.002407477521),
          (-0.03301322327, 0.004845219414, 0.00231480583, -0.0002307248149)),
         ((0.5925320577, -0.1757678135, 0.01505928619, 0.000564515273),
          (0.1014815858, -0.06589186703, 0.01272886114, -0.0007316646956),
          (-0.007258481865, 0.001096195486, 0.0003934994223, -4.12701925e-05)),
         ((0.06469649321, -0.0236701437, 0.002902096474, -5.896963079e-05),
          (0.001925008108, -0.002869809258, 0.0008000589141, -6.063713228e-05),
          (-0.0003477407336, 6.959756487e-05, 1.097287507e-05, -1.650964693e-06)))))


def _dirichlet_grad_one(x, alpha, total, single: bool) -> float:
    """ATen's dirichlet_grad_one<scalar_t, double> (scalar_t float32 when `single`)."""
    c = _F if single else float
    x, alpha, total = c(x), c(alpha), c(total)
    x_, alpha_, total_ = float(x), float(alpha), float(total)
    beta = total - alpha
    beta_ = total_ - alpha_
    boundary = total * x * (c(1) - x)
    if x <= 0.5 and boundary < 2.5:
        return float(_beta_grad_alpha_small(x, alpha, beta, single))
    if x >= 0.5 and boundary < 0.75:
        return -float(_beta_grad_beta_small(c(1) - x, beta, alpha, single))
    if alpha > 6 and beta > 6:
        return _beta_grad_alpha_mid(x_, alpha_, beta_)
    u = math.log(x_)
    a = math.log(alpha_) - u
    b = math.log(total_) - a
    pow_u = (1, u, u * u)
    pow_a = (1, a, a * a)
    p = q = 0.0
    for i in range(3):
        for j in range(3):
            ua = pow_u[i] * pow_a[j]
            cp, cq = _DC[0][i][j], _DC[1][i][j]
            p += ua * (cp[0] + b * (cp[1] + b * (cp[2] + b * cp[3])))
            q += ua * (cq[0] + b * (cq[1] + b * (cq[2] + b * cq[3])))
    dg_t, dg_a = _digamma_one(total, single), _digamma_one(alpha, single)
    if single:      # digamma_one<scalar_t, double> takes and returns the element type
        diff = float(_F(dg_t) - _F(dg_a))      # a float difference
    else:
        diff = dg_t - dg_a
    approx = x_ * diff / beta_
    return p / q * approx


def dirichlet_grad(x: Tensor, alpha: Tensor, total: Tensor) -> Tensor:
    """torch._dirichlet_grad(x, alpha, total), element by element."""
    dt = x._data.dtype
    xs, al, tt = np.broadcast_arrays(x._data, alpha._data, total._data)
    single = dt == np.float32
    out = [_dirichlet_grad_one(p, q, r, single) for p, q, r in
           zip(xs.ravel().tolist(), al.ravel().tolist(), tt.ravel().tolist())]
    return wrap(np.array(out, dtype=np.float64).astype(dt).reshape(xs.shape))


# -- binomial ----------------------------------------------------------------------------------

_TAIL = (0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509,
         0.0166446911898211, 0.0138761288230707, 0.0118967099458917, 0.0104112652619720,
         0.00925546218271273, 0.00833056343336287)


def _stirling_tail(k: float) -> float:
    if k < 10:
        return _TAIL[int(k)]
    kp1sq = (k + 1) * (k + 1)
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1)


def _binomial_inversion(stream, count, prob, c):
    geom_sum = 0.0
    num_geom = c(0)
    logprob = float(_log1pf(-prob)) if c is _F else math.log1p(-prob)
    while True:
        u = stream._unit()
        geom = math.ceil(math.log(u) / logprob) if u > 0 else math.inf
        geom_sum += geom
        if geom_sum > count:
            break
        num_geom = num_geom + c(1)
    return num_geom


def _btrs(stream, count, prob, c):
    single = c is _F
    one = c(1)
    if single:
        stddev = float(np.sqrt(_F(count * prob * (one - prob))))
    else:
        stddev = math.sqrt(count * prob * (1 - prob))
    b = 1.15 + 2.53 * stddev
    a = -0.0873 + 0.0248 * b + 0.01 * float(prob)
    cc = float(count * prob) + 0.5
    v_r = 0.92 - 4.2 / b
    r = float(prob / (one - prob))
    alpha = (2.83 + 5.1 / b) * stddev
    m = float(math.floor(float((count + one) * prob)))
    fcount = float(count)
    while True:
        u = stream._unit() - 0.5
        v = stream._unit()
        us = 0.5 - abs(u)
        k = c(math.floor((2 * a / us + b) * u + cc))
        if k < 0 or k > count:
            continue
        if us >= 0.07 and v <= v_r:
            return k
        v = math.log(v * alpha / (a / (us * us) + b))
        fk = float(k)
        ck1 = float(count - k + one)        # float arithmetic where the type is float
        upper = ((m + 0.5) * math.log((m + 1) / (r * (fcount - m + 1)))
                 + float(count + one) * math.log((fcount - m + 1) / ck1)
                 + (fk + 0.5) * math.log(r * ck1 / float(k + one))
                 + _stirling_tail(m) + _stirling_tail(fcount - m)
                 - _stirling_tail(fk) - _stirling_tail(float(count - k)))
        if v <= upper:
            return k


def _sample_binomial(stream, count, prob, c):
    if count <= 0.0 or prob <= 0.0:
        return c(0)
    if prob >= 1.0:
        return count
    if prob <= 0.5:
        if count * prob >= 10.0:
            return _btrs(stream, count, prob, c)
        return _binomial_inversion(stream, count, prob, c)
    if prob > 0.5:
        qprob = c(1.0 - float(prob))
        if count * qprob >= 10.0:
            return count - _btrs(stream, count, qprob, c)
        return count - _binomial_inversion(stream, count, qprob, c)
    return c(math.nan)


def _no_derivative(self, g):
    raise TorchRuntimeError("derivative for aten::binomial is not implemented")


BinomialNode = type("NotImplemented", (Node,), {
    "__doc__": "binomial has no derivative (PyTorch records a NotImplemented node)",
    "forward": lambda self, n, p: _binomial_array(n, p, self.generator),
    "backward": _no_derivative,
    "_qualified": True,         # name() is torch::autograd::NotImplemented, as PyTorch's
})


def _binomial_array(n: np.ndarray, prob: np.ndarray, generator) -> np.ndarray:
    dt = n.dtype
    stream = _stream(generator)
    c = _F if dt == np.float32 else float
    n, p = np.broadcast_arrays(n, prob)
    out = [float(_sample_binomial(stream, c(a), c(b), c))
           for a, b in zip(n.ravel().tolist(), p.ravel().tolist())]
    return np.array(out, dtype=np.float64).astype(dt).reshape(n.shape)


@register("binomial", grad_fn="NotImplemented", differentiable=False)
def binomial(count, prob, generator=None):
    """a Binomial(count, prob) draw per element (count's shape and dtype), PyTorch's CPU
    samplers and stream; not differentiable (backward raises)"""
    for pos, (name, t) in enumerate((("count", count), ("prob", prob)), 1):
        if not isinstance(t, Tensor):
            from ..errors import TorchTypeError
            raise TorchTypeError(f"binomial(): argument '{name}' (position {pos}) must be "
                                 f"Tensor, not {type(t).__name__}")
    for name, t in (("count", count), ("prob", prob)):
        if t._data.dtype.kind != "f":
            raise TorchValueError(f"binomial only supports floating-point dtypes for {name}, "
                                  f"got: {t.dtype.legacy}")
    n = count._data
    if n.dtype not in (np.float32, np.float64):
        from ..errors import TorchNotImplementedError
        raise TorchNotImplementedError(f"\"binomial_cpu\" not implemented for "
                                       f"'{count.dtype.legacy}'")
    if prob._data.dtype != n.dtype:
        raise TorchRuntimeError(f"Found dtype {prob.dtype.legacy} but expected "
                                f"{count.dtype.legacy}")
    try:
        shape = np.broadcast_shapes(n.shape, prob._data.shape)
    except ValueError:
        raise broadcast_error(n.shape, prob._data.shape) from None
    if shape != n.shape and n.size:
        # ATen's output is empty_like(count), which its iterator resizes to the broadcast
        # shape (with the out= resize warning)
        warnings.warn(
            f"An output with one or more elements was resized since it had shape "
            f"[{', '.join(map(str, n.shape))}], which does not match the required "
            f"output shape [{', '.join(map(str, shape))}]. This behavior is deprecated, and "
            "in a future PyTorch release outputs will not be resized unless they have zero "
            "elements. You can explicitly reuse an out tensor t by resizing it, inplace, to "
            "zero elements with t.resize_(0). (Triggered internally at /__w/pytorch/pytorch/"
            "aten/src/ATen/native/Resize.cpp:30.)", UserWarning, stacklevel=3)
    return apply(BinomialNode, (count, prob), generator=generator)
