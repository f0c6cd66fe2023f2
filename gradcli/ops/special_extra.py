"""Kernels of torch.special's Bessel, Airy and orthogonal-polynomial functions: NumPy ports of
ATen's Math.h (cephes' rational and Chebyshev fits, the three-term recurrences), run in the
tensor's dtype as ATen's CPU kernels run them (float32 arithmetic for float32, GCC's fused
multiply-adds where it contracts a product and a sum). Registers nothing: mathmisc.py does.
"""
from __future__ import annotations

import numpy as np

from .. import vecmath
from ..fpmath import fma

_F32 = np.float32


def _fn(name: str, x: np.ndarray, ref=None) -> np.ndarray:
    """The C library's `name` (sin, cos, exp, log, acos ...) in x's dtype; `ref` computes
    it in double where that library cannot be loaded (NumPy's function by default)."""
    ref = ref or getattr(np, "arccos" if name == "acos" else name)
    if x.dtype == _F32:
        return vecmath.libm(name + "f", x, ref)
    return vecmath.libm64(name, x, ref)


def _c(dt, v):
    return dt.type(v)


def _as(v, dt):
    """v in dtype dt (NumPy's promotions aside, usually already: no copy then, and on a
    recurrence's scalars a tenth of astype's cost)."""
    return v if v.dtype == dt else v.astype(dt)


def _horner(z, coeffs, dt):
    """for c in coeffs: r = r * z + c (fused), from r = 0."""
    r = np.zeros(z.shape, dt)
    for c in coeffs:
        r = fma(r, z, _c(dt, c))
    return r


def _chbevl(y, coeffs, dt):
    """ATen's inline Clenshaw loop: a = y q - p + c (the product and difference fused); the
    pair (a, p) it leaves."""
    a = np.full(y.shape, _c(dt, coeffs[0]), dt)
    q = np.zeros(y.shape, dt)
    p = q
    for c in coeffs[1:]:
        p, q = q, a
        a = (fma(y, q, -p) + _c(dt, c)).astype(dt)
    return a, p


def _where(cond, a, b, dt):
    return np.where(cond, a, b).astype(dt)


# -- Bessel functions of the first and second kind ----------------------------------------------

_J0_PP = (7.96936729297347051624e-04, 8.28352392107440799803e-02, 1.23953371646414299388e+00,
          5.44725003058768775090e+00, 8.74716500199817011941e+00, 5.30324038235394892183e+00,
          9.99999999999999997821e-01)
_J0_PQ = (9.24408810558863637013e-04, 8.56288474354474431428e-02, 1.25352743901058953537e+00,
          5.47097740330417105182e+00, 8.76190883237069594232e+00, 5.30605288235394617618e+00,
          1.00000000000000000218e+00)
_J0_QP = (-1.13663838898469149931e-02, -1.28252718670509318512e+00, -1.95539544257735972385e+01,
          -9.32060152123768231369e+01, -1.77681167980488050595e+02, -1.47077505154951170175e+02,
          -5.14105326766599330220e+01, -6.05014350600728481186e+00)
_J0_QQ = (6.43178256118178023184e+01, 8.56430025976980587198e+02, 3.88240183605401609683e+03,
          7.24046774195652478189e+03, 5.93072701187316984827e+03, 2.06209331660327847417e+03,
          2.42005740240291393179e+02)
_J0_RP = (-4.79443220978201773821e+09, 1.95617491946556577543e+12, -2.49248344360967716204e+14,
          9.70862251047306323952e+15)
_J0_RQ = (4.99563147152651017219e+02, 1.73785401676374683123e+05, 4.84409658339962045305e+07,
          1.11855537045356834862e+10, 2.11277520115489217587e+12, 3.10518229857422583814e+14,
          3.18121955943204943306e+16, 1.71086294081043136091e+18)
_J1_PP = (7.62125616208173112003e-04, 7.31397056940917570436e-02, 1.12719608129684925192e+00,
          5.11207951146807644818e+00, 8.42404590141772420927e+00, 5.21451598682361504063e+00,
          1.00000000000000000254e+00)
_J1_PQ = (5.71323128072548699714e-04, 6.88455908754495404082e-02, 1.10514232634061696926e+00,
          5.07386386128601488557e+00, 8.39985554327604159757e+00, 5.20982848682361821619e+00,
          9.99999999999999997461e-01)
_J1_QP = (5.10862594750176621635e-02, 4.98213872951233449420e+00, 7.58238284132545283818e+01,
          3.66779609360150777800e+02, 7.10856304998926107277e+02, 5.97489612400613639965e+02,
          2.11688757100572135698e+02, 2.52070205858023719784e+01)
_J1_QQ = (7.42373277035675149943e+01, 1.05644886038262816351e+03, 4.98641058337653607651e+03,
          9.56231892404756170795e+03, 7.99704160447350683650e+03, 2.82619278517639096600e+03,
          3.36093607810698293419e+02)
_J1_RP = (-8.99971225705559398224e+08, 4.52228297998194034323e+11, -7.27494245221818276015e+13,
          3.68295732863852883286e+15)
_J1_RQ = (6.20836478118054335476e+02, 2.56987256757748830383e+05, 8.35146791431949253037e+07,
          2.21511595479792499675e+10, 4.74914122079991414898e+12, 7.84369607876235854894e+14,
          8.95222336184627338078e+16, 5.32278620332680085395e+18)
_Y0_YP = (1.55924367855235737965e+04, -1.46639295903971606143e+07, 5.43526477051876500413e+09,
          -9.82136065717911466409e+11, 8.75906394395366999549e+13, -3.46628303384729719441e+15,
          4.42733268572569800351e+16, -1.84950800436986690637e+16)
_Y0_YQ = (1.04128353664259848412e+03, 6.26107330137134956842e+05, 2.68919633393814121987e+08,
          8.64002487103935000337e+10, 2.02979612750105546709e+13, 3.17157752842975028269e+15,
          2.50596256172653059228e+17)
_Y1_YP = (1.26320474790178026440e+09, -6.47355876379160291031e+11, 1.14509511541823727583e+14,
          -8.12770255501325109621e+15, 2.02439475713594898196e+17, -7.78877196265950026825e+17)
_Y1_YQ = (5.94301592346128195359e+02, 2.35564092943068577943e+05, 7.34811944459721705660e+07,
          1.87601316108706159478e+10, 3.88231277496238566008e+12, 6.20557727146953693363e+14,
          6.87141087355300489866e+16, 3.97270608116560655612e+18)
_PIO4 = 0.785398163397448309615660845819875721
_3PIO4 = 2.356194490192344928846982537459627163
_SQ2OPI = 0.797884560802865355879892119868763737
_TWOOPI = 0.636619772367581343075535053490057448


def _asymptotic(x, dt, order: int, second: bool):
    """cephes' large-x form (x > 5) of J0/J1 (second=False) or Y0/Y1."""
    one = np.ones_like(x)
    big = np.where(x <= 5, _c(dt, 6), x).astype(dt)
    if order == 0:
        z = (_c(dt, 25) / (big * big)).astype(dt)
        pp_, pq_, qp_, qq_, shift = _J0_PP, _J0_PQ, _J0_QP, _J0_QQ, _PIO4
    else:
        f = (_c(dt, 5) / big).astype(dt)
        z = (f * f).astype(dt)
        pp_, pq_, qp_, qq_, shift = _J1_PP, _J1_PQ, _J1_QP, _J1_QQ, _3PIO4
    pp, pq = _horner(z, pp_, dt), _horner(z, pq_, dt)
    qp, qq = _horner(z, qp_, dt), _horner(z, qq_, dt)
    arg = (big - _c(dt, shift)).astype(dt)
    s, c = _fn("sin", arg), _fn("cos", arg)
    a = (pp / pq).astype(dt)
    b = ((_c(dt, 5) / big).astype(dt) * (qp / qq).astype(dt)).astype(dt)
    if second:      # pp/pq sin + 5/x (qp/qq) cos
        v = fma(a, s, (b * c).astype(dt))
    else:           # pp/pq cos - 5/x (qp/qq) sin
        v = fma(a, c, -(b * s).astype(dt))
    out = ((v * _c(dt, _SQ2OPI)).astype(dt) / np.sqrt(big)).astype(dt)
    return out * one


def bessel_j0(x):
    dt = x.dtype
    with np.errstate(all="ignore"):
        ax = np.abs(x)
        xx = (ax * ax).astype(dt)
        rp, rq = _horner(xx, _J0_RP, dt), _horner(xx, _J0_RQ, dt)
        small = ((xx - _c(dt, 5.78318596294678452118e+00)).astype(dt)
                 * (xx - _c(dt, 3.04712623436620863991e+01)).astype(dt)).astype(dt)
        small = ((small * rp).astype(dt) / rq).astype(dt)
        tiny = (_c(dt, 1) - (xx / _c(dt, 4)).astype(dt)).astype(dt)
        small = _where(ax < _c(dt, 0.00001), tiny, small, dt)
        return _where(ax <= 5, small, _asymptotic(ax, dt, 0, False), dt)


def bessel_j1(x):
    dt = x.dtype
    with np.errstate(all="ignore"):
        ax = np.abs(x)
        xx = (ax * ax).astype(dt)
        rp, rq = _horner(xx, _J1_RP, dt), _horner(xx, _J1_RQ, dt)
        small = ((rp / rq).astype(dt) * ax).astype(dt)
        small = (small * (xx - _c(dt, 1.46819706421238932572e+01)).astype(dt)).astype(dt)
        small = (small * (xx - _c(dt, 4.92184563216946036703e+01)).astype(dt)).astype(dt)
        out = _where(ax <= 5, small, _asymptotic(ax, dt, 1, False), dt)
        return _where(x == 0, x, _where(x < 0, -out, out, dt), dt)


def bessel_y0(x):
    dt = x.dtype
    with np.errstate(all="ignore"):
        xx = (x * x).astype(dt)
        yp, yq = _horner(xx, _Y0_YP, dt), _horner(xx, _Y0_YQ, dt)
        lg = (_c(dt, _TWOOPI) * _fn("log", x)).astype(dt)
        small = fma(lg, bessel_j0(x), (yp / yq).astype(dt))
        small = _where(x == 0, _c(dt, -np.inf), _where(x < 0, _c(dt, np.nan), small, dt), dt)
        return _where(x <= 5, small, _asymptotic(x, dt, 0, True), dt)


def bessel_y1(x):
    dt = x.dtype
    with np.errstate(all="ignore"):
        xx = (x * x).astype(dt)
        yp, yq = _horner(xx, _Y1_YP, dt), _horner(xx, _Y1_YQ, dt)
        inner = fma(bessel_j1(x), _fn("log", x), -(_c(dt, 1) / x).astype(dt))
        small = fma(x, (yp / yq).astype(dt), (_c(dt, _TWOOPI) * inner).astype(dt))
        small = _where(x == 0, _c(dt, -np.inf), _where(x < 0, _c(dt, np.nan), small, dt), dt)
        return _where(x <= 5, small, _asymptotic(x, dt, 1, True), dt)


# -- modified Bessel functions -----------------------------------------------------------------

_I0_A = (-4.41534164647933937950e-18, 3.33079451882223809783e-17, -2.43127984654795469359e-16,
         1.71539128555513303061e-15, -1.16853328779934516808e-14, 7.67618549860493561688e-14,
         -4.85644678311192946090e-13, 2.95505266312963983461e-12, -1.72682629144155570723e-11,
         9.67580903537323691224e-11, -5.18979560163526290666e-10, 2.65982372468238665035e-09,
         -1.30002500998624804212e-08, 6.04699502254191894932e-08, -2.67079385394061173391e-07,
         1.11738753912010371815e-06, -4.41673835845875056359e-06, 1.64484480707288970893e-05,
         -5.75419501008210370398e-05, 1.88502885095841655729e-04, -5.76375574538582365885e-04,
         1.63947561694133579842e-03, -4.32430999505057594430e-03, 1.05464603945949983183e-02,
         -2.37374148058994688156e-02, 4.93052842396707084878e-02, -9.49010970480476444210e-02,
         1.71620901522208775349e-01, -3.04682672343198398683e-01, 6.76795274409476084995e-01)
_I0_B = (-7.23318048787475395456e-18, -4.83050448594418207126e-18, 4.46562142029675999901e-17,
         3.46122286769746109310e-17, -2.82762398051658348494e-16, -3.42548561967721913462e-16,
         1.77256013305652638360e-15, 3.81168066935262242075e-15, -9.55484669882830764870e-15,
         -4.15056934728722208663e-14, 1.54008621752140982691e-14, 3.85277838274214270114e-13,
         7.18012445138366623367e-13, -1.79417853150680611778e-12, -1.32158118404477131188e-11,
         -3.14991652796324136454e-11, 1.18891471078464383424e-11, 4.94060238822496958910e-10,
         3.39623202570838634515e-09, 2.26666899049817806459e-08, 2.04891858946906374183e-07,
         2.89137052083475648297e-06, 6.88975834691682398426e-05, 3.36911647825569408990e-03,
         8.04490411014108831608e-01)
_I1_A = (2.77791411276104639959e-18, -2.11142121435816608115e-17, 1.55363195773620046921e-16,
         -1.10559694773538630805e-15, 7.60068429473540693410e-15, -5.04218550472791168711e-14,
         3.22379336594557470981e-13, -1.98397439776494371520e-12, 1.17361862988909016308e-11,
         -6.66348972350202774223e-11, 3.62559028155211703701e-10, -1.88724975172282928790e-09,
         9.38153738649577178388e-09, -4.44505912879632808065e-08, 2.00329475355213526229e-07,
         -8.56872026469545474066e-07, 3.47025130813767847674e-06, -1.32731636560394358279e-05,
         4.78156510755005422638e-05, -1.61760815825896745588e-04, 5.12285956168575772895e-04,
         -1.51357245063125314899e-03, 4.15642294431288815669e-03, -1.05640848946261981558e-02,
         2.47264490306265168283e-02, -5.29459812080949914269e-02, 1.02643658689847095384e-01,
         -1.76416518357834055153e-01, 2.52587186443633654823e-01)
_I1_B = (7.51729631084210481353e-18, 4.41434832307170791151e-18, -4.65030536848935832153e-17,
         -3.20952592199342395980e-17, 2.96262899764595013876e-16, 3.30820231092092828324e-16,
         -1.88035477551078244854e-15, -3.81440307243700780478e-15, 1.04202769841288027642e-14,
         4.27244001671195135429e-14, -2.10154184277266431302e-14, -4.08355111109219731823e-13,
         -7.19855177624590851209e-13, 2.03562854414708950722e-12, 1.41258074366137813316e-11,
         3.25260358301548823856e-11, -1.89749581235054123450e-11, -5.58974346219658380687e-10,
         -3.83538038596423702205e-09, -2.63146884688951950684e-08, -2.51223623787020892529e-07,
         -3.88256480887769039346e-06, -1.10588938762623716291e-04, -9.76109749136146840777e-03,
         7.78576235018280120474e-01)
_K0_A = (1.37446543561352307156e-16, 4.25981614279661018399e-14, 1.03496952576338420167e-11,
         1.90451637722020886025e-09, 2.53479107902614945675e-07, 2.28621210311945178607e-05,
         1.26461541144692592338e-03, 3.59799365153615016266e-02, 3.44289899924628486886e-01,
         -5.35327393233902768720e-01)
_K0_B = (5.30043377268626276149e-18, -1.64758043015242134646e-17, 5.21039150503902756861e-17,
         -1.67823109680541210385e-16, 5.51205597852431940784e-16, -1.84859337734377901440e-15,
         6.34007647740507060557e-15, -2.22751332699166985548e-14, 8.03289077536357521100e-14,
         -2.98009692317273043925e-13, 1.14034058820847496303e-12, -4.51459788337394416547e-12,
         1.85594911495471785253e-11, -7.95748924447710747776e-11, 3.57739728140030116597e-10,
         -1.69753450938905987466e-09, 8.57403401741422608519e-09, -4.66048989768794782956e-08,
         2.76681363944501510342e-07, -1.83175552271911948767e-06, 1.39498137188764993662e-05,
         -1.28495495816278026384e-04, 1.56988388573005337491e-03, -3.14481013119645005427e-02,
         2.44030308206595545468e+00)
_K1_A = (-7.02386347938628759343e-18, -2.42744985051936593393e-15, -6.66690169419932900609e-13,
         -1.41148839263352776110e-10, -2.21338763073472585583e-08, -2.43340614156596823496e-06,
         -1.73028895751305206302e-04, -6.97572385963986435018e-03, -1.22611180822657148235e-01,
         -3.53155960776544875667e-01, 1.52530022733894777053e+00)
_K1_B = (-5.75674448366501715755e-18, 1.79405087314755922667e-17, -5.68946255844285935196e-17,
         1.83809354436663880070e-16, -6.05704724837331885336e-16, 2.03870316562433424052e-15,
         -7.01983709041831346144e-15, 2.47715442448130437068e-14, -8.97670518232499435011e-14,
         3.34841966607842919884e-13, -1.28917396095102890680e-12, 5.13963967348173025100e-12,
         -2.12996783842756842877e-11, 9.21831518760500529508e-11, -4.19035475934189648750e-10,
         2.01504975519703286596e-09, -1.03457624656780970260e-08, 5.74108412545004946722e-08,
         -3.50196060308781257119e-07, 2.40648494783721712015e-06, -1.93619797416608296024e-05,
         1.95215518471351631108e-04, -2.85781685962277938680e-03, 1.03923736576817238437e-01,
         2.72062619048444266945e+00)


def _half_diff(a, p, dt):
    return (_c(dt, 0.5) * (a - p).astype(dt)).astype(dt)


def chebyshev_i(ax, a_table, b_table, dt):
    """cephes' Chebyshev fits (ATen's Math.h) of exp(-x) I(x) on [0, 8] (`a_table`) and of
    exp(-x) sqrt(x) I(x) beyond (`b_table`), at |x| = ax."""
    lo = _half_diff(*_chbevl(((ax / _c(dt, 2)).astype(dt) - _c(dt, 2)).astype(dt), a_table, dt),
                    dt)
    hi = _half_diff(*_chbevl(((_c(dt, 32) / ax).astype(dt) - _c(dt, 2)).astype(dt), b_table,
                             dt), dt)
    return lo, hi


def modified_bessel_i0(x):
    dt = x.dtype
    with np.errstate(all="ignore"):
        ax = np.abs(x)
        e = _fn("exp", ax)
        lo, hi = chebyshev_i(ax, _I0_A, _I0_B, dt)
        hi = ((e * hi).astype(dt) / np.sqrt(ax)).astype(dt)
        return _where(ax <= 8, (e * lo).astype(dt), hi, dt)


def modified_bessel_i1(x):
    dt = x.dtype
    with np.errstate(all="ignore"):
        ax = np.abs(x)
        e = _fn("exp", ax)
        lo, hi = chebyshev_i(ax, _I1_A, _I1_B, dt)
        lo = ((lo * ax).astype(dt) * e).astype(dt)
        hi = ((e * hi).astype(dt) / np.sqrt(ax)).astype(dt)
        out = _where(ax <= 8, lo, hi, dt)
        return _where(x < 0, -out, out, dt)


def _k_small(x, dt, table):
    return _half_diff(*_chbevl(fma(x, x, _c(dt, -2)), table, dt), dt)


def _k_large(x, dt, table):
    big = np.where(x <= 2, _c(dt, 3), x).astype(dt)
    b = _half_diff(*_chbevl(((_c(dt, 8) / big).astype(dt) - _c(dt, 2)).astype(dt), table, dt), dt)
    return b, big


def _k_edges(x, out, dt):
    out = _where(x < 0, _c(dt, np.nan), out, dt)
    return _where(x == 0, _c(dt, np.inf), out, dt)


def modified_bessel_k0(x, scaled=False):
    dt = x.dtype
    with np.errstate(all="ignore"):
        a = _k_small(x, dt, _K0_A)
        if dt == _F32 and not scaled:       # std::log(0.5 * x): a double
            lg = np.log(0.5 * x.astype(np.float64))
            small = fma(-lg, modified_bessel_i0(x).astype(np.float64),
                        a.astype(np.float64)).astype(dt)
        else:
            lg = _fn("log", (_c(dt, 0.5) * x).astype(dt))
            small = fma(-lg, modified_bessel_i0(x), a)
        b, big = _k_large(x, dt, _K0_B)
        if scaled:
            small = (small * _fn("exp", x)).astype(dt)
            large = (b / np.sqrt(big)).astype(dt)
        else:
            large = ((_fn("exp", -big) * b).astype(dt) / np.sqrt(big)).astype(dt)
        return _k_edges(x, _where(x <= 2, small, large, dt), dt)


def modified_bessel_k1(x, scaled=False):
    dt = x.dtype
    with np.errstate(all="ignore"):
        a = (_k_small(x, dt, _K1_A) / x).astype(dt)
        lg = _fn("log", (_c(dt, 0.5) * x).astype(dt))
        small = fma(lg, modified_bessel_i1(x), a)
        b, big = _k_large(x, dt, _K1_B)
        if scaled:
            small = (small * _fn("exp", x)).astype(dt)
            large = (b / np.sqrt(big)).astype(dt)
        else:
            large = ((_fn("exp", -big) * b).astype(dt) / np.sqrt(big)).astype(dt)
        return _k_edges(x, _where(x <= 2, small, large, dt), dt)


def scaled_modified_bessel_k0(x):
    return modified_bessel_k0(x, scaled=True)


def scaled_modified_bessel_k1(x):
    return modified_bessel_k1(x, scaled=True)


def spherical_bessel_j0(x):
    dt = x.dtype
    with np.errstate(all="ignore"):
        xx = (x * x).astype(dt)
        s = _c(dt, 1.0 / 6227020800.0) if dt != _F32 else _F32(1) / _F32(6227020800.0)
        terms = [(_c(dt, -1) / _c(dt, d)) if k % 2 == 0 else (_c(dt, 1) / _c(dt, d))
                 for k, d in enumerate((6.0, 120.0, 5040.0, 362880.0, 39916800.0))]
        r = np.full(x.shape, s, dt)
        for t in reversed(terms):
            r = fma(xx, r, t)
        small = fma(xx, r, _c(dt, 1))
        out = _where(np.abs(x) < _c(dt, 0.5), small, (_fn("sin", x) / x).astype(dt), dt)
        return _where(np.isinf(x), _c(dt, 0), out, dt)


# -- Airy function ---------------------------------------------------------------------------

_AI_AN = (3.46538101525629032477e-01, 1.20075952739645805542e+01, 7.62796053615234516538e+01,
          1.68089224934630576269e+02, 1.59756391350164413639e+02, 7.05360906840444183113e+01,
          1.40264691163389668864e+01, 9.99999999999999995305e-01)
_AI_AD = (5.67594532638770212846e-01, 1.47562562584847203173e+01, 8.45138970141474626562e+01,
          1.77318088145400459522e+02, 1.64234692871529701831e+02, 7.14778400825575695274e+01,
          1.40959135607834029598e+01, 1.00000000000000000470e+00)
_AI_AFN = (-1.31696323418331795333e-01, -6.26456544431912369773e-01,
           -6.93158036036933542233e-01, -2.79779981545119124951e-01,
           -4.91900132609500318020e-02, -4.06265923594885404393e-03,
           -1.59276496239262096340e-04, -2.77649108155232920844e-06,
           -1.67787698489114633780e-08)
_AI_AFD = (1.33560420706553243746e+01, 3.26825032795224613948e+01, 2.67367040941499554804e+01,
           9.18707402907259625840e+00, 1.47529146771666414581e+00, 1.15687173795188044134e-01,
           4.40291641615211203805e-03, 7.54720348287414296618e-05, 4.51850092970580378464e-07)
_AI_AGN = (1.97339932091685679179e-02, 3.91103029615688277255e-01, 1.06579897599595591108e+00,
           9.39169229816650230044e-01, 3.51465656105547619242e-01, 6.33888919628925490927e-02,
           5.85804113048388458567e-03, 2.82851600836737019778e-04, 6.98793669997260967291e-06,
           8.11789239554389293311e-08, 3.41551784765923618484e-10)
_AI_AGD = (9.30892908077441974853e+00, 1.98352928718312140417e+01, 1.55646628932864612953e+01,
           5.47686069422975497931e+00, 9.54293611618961883998e-01, 8.64580826352392193095e-02,
           4.12656523824222607191e-03, 1.01259085116509135510e-04, 1.17166733214413521882e-06,
           4.91834570062930015649e-09)
_SQPII = 5.64189583547756286948e-01        # 1/sqrt(pi)


def _airy_series(x, dt):
    """Ai(x) = c1 f(x) - c2 g(x) from the two power series, each lane summed until its last
    term is below 2^-53 of the sum (ATen's loop, which runs for every lane it is given)."""
    f = np.ones(x.shape, dt)
    g = x.copy()
    k = np.ones(x.shape, dt)
    m = np.ones(x.shape, dt)
    n = x.copy()
    z = (x * x * x).astype(dt)
    one, eps = _c(dt, 1), _c(dt, 1.11022302462515654042e-16)
    live = np.ones(x.shape, bool)
    while live.any():
        zi, ki, mi, ni = z[live], k[live], m[live], n[live]
        mi = (mi * zi).astype(dt)
        ki = (ki + one).astype(dt)
        mi = (mi / ki).astype(dt)
        ni = (ni * zi).astype(dt)
        ki = (ki + one).astype(dt)
        ni = (ni / ki).astype(dt)
        mi = (mi / ki).astype(dt)
        fi = (f[live] + mi).astype(dt)
        ki = (ki + one).astype(dt)
        ni = (ni / ki).astype(dt)
        g[live] = (g[live] + ni).astype(dt)
        k[live], m[live], n[live], f[live] = ki, mi, ni, fi
        still = np.abs((mi / fi).astype(dt)) > eps
        live[live] = still
    return fma(_c(dt, 0.355028053887817239260), f, -(_c(dt, 0.258819403792806798405) * g))


def airy_ai(x):
    """ATen's airy_ai_forward (cephes): the oscillating asymptotic fit below -2.09, the
    decaying one from 2.09 (alone beyond 8.3203353), the power series between."""
    dt = x.dtype
    out = np.full(x.shape, np.nan, dt)
    with np.errstate(all="ignore"):
        neg = x < _c(dt, -2.09)
        if neg.any():
            v = x[neg]
            r = np.sqrt(-v)
            big = (((_c(dt, -2.0) * v).astype(dt) * r).astype(dt) / _c(dt, 3.0)).astype(dt)
            z = (_c(dt, 1.0) / big).astype(dt)
            zz = (z * z).astype(dt)
            afn, afd = _horner(zz, _AI_AFN, dt), _horner(zz, _AI_AFD, dt)
            agn, agd = _horner(zz, _AI_AGN, dt), _horner(zz, _AI_AGD, dt)
            t = (big + _c(dt, 0.25) * _c(dt, np.pi)).astype(dt)
            a = (_c(dt, 1.0) + ((zz * afn).astype(dt) / afd).astype(dt)).astype(dt)
            b = ((z * agn).astype(dt) / agd).astype(dt)
            wave = fma(_fn("sin", t), a, -(_fn("cos", t) * b).astype(dt))
            out[neg] = ((_c(dt, _SQPII) / np.sqrt(r)).astype(dt) * wave).astype(dt)
        pos = (x >= _c(dt, 2.09)) & (x <= _c(dt, 103.892))
        if pos.any():
            v = x[pos]
            zeta = (((_c(dt, 2.0) * v).astype(dt) * np.sqrt(v)).astype(dt)
                    / _c(dt, 3.0)).astype(dt)
            w = (_c(dt, 1.0) / zeta).astype(dt)
            an, ad = _horner(w, _AI_AN, dt), _horner(w, _AI_AD, dt)
            den = ((_c(dt, 2.0) * np.sqrt(np.sqrt(v))).astype(dt) * _fn("exp", zeta)).astype(dt)
            out[pos] = (((_c(dt, _SQPII) * (an / ad).astype(dt)).astype(dt)) / den).astype(dt)
        mid = ~neg & ~(x >= _c(dt, 2.09)) & ~np.isinf(x)      # NaN runs the series to NaN
        if mid.any():
            out[mid] = _airy_series(x[mid], dt)
        out[x > _c(dt, 103.892)] = 0
        out[np.isinf(x)] = np.nan
    return out


# -- orthogonal polynomials --------------------------------------------------------------------

#: the longest recurrence gradcli runs (ATen's loops run n steps where nothing stops them
#: earlier; NumPy's vectorised step costs about as much as a million of ATen's)
MAX_STEPS = 1_000_000
_INT64_MIN = np.iinfo(np.int64).min


def degree(n: np.ndarray) -> np.ndarray:
    """static_cast<int64_t>(n) as x86 does it: nan, infinities and out-of-range values give
    INT64_MIN (a negative degree: the polynomial is 0)."""
    if n.dtype.kind in "iub":
        return n.astype(np.int64)
    with np.errstate(all="ignore"):
        ok = np.isfinite(n) & (np.abs(n) < 2.0 ** 63)
        return np.where(ok, np.trunc(np.where(ok, n, 0)), 0).astype(np.int64) + \
            np.where(ok, 0, _INT64_MIN).astype(np.int64)


def _recurrence(name, x, n, p, q, k0, last, step, stop_nan=True):
    """ATen's loop `for (k = k0; k <= last && !isnan(q); k++) {r = step(k, p, q); p = q;
    q = r;}` run for the elements of `todo`-true positions in parallel; r (nan where the loop
    never ran: ATen leaves it unset)."""
    dt = x.dtype
    r = np.full(x.shape, np.nan, dt)
    idx = np.nonzero(last >= k0)[0]
    if not idx.size:
        return r
    steps = int(last[idx].max()) - k0 + 1
    xs, ls, ps, qs = x[idx], last[idx], p[idx], q[idx]
    rs = r[idx]
    if idx.size <= _FEW:
        _recurrence_lanes(name, r, idx, xs, ls, ps, qs, rs, k0, steps, step, stop_nan)
        return r
    k = k0
    done = 0
    while idx.size:
        live = (k <= ls) & (~np.isnan(qs) if stop_nan else True)
        if not live.all():
            r[idx[~live]] = rs[~live]
            idx, xs, ls, ps, qs, rs = (a[live] for a in (idx, xs, ls, ps, qs, rs))
            if not idx.size:
                break
        done += 1
        if done > MAX_STEPS:
            raise ValueError(f"gradcli: {name} with degree n = {int(ls.max())} needs more than "
                             f"{MAX_STEPS} recurrence steps, more than gradcli runs (n = "
                             f"{steps + k0 - 1})")
        rs = step(k, xs, ps, qs).astype(dt)
        ps, qs = qs, rs
        k += 1
    return r


#: elements few enough for `_recurrence` to step each as a NumPy scalar (a step on arrays of
#: a few elements costs NumPy's per-call overhead some thirty times over)
_FEW = 4


def _recurrence_lanes(name, r, idx, xs, ls, ps, qs, rs, k0, steps, step, stop_nan):
    """`_recurrence`'s loop, each element (lane) stepped as a NumPy scalar, in the same order
    of steps and with the same limit."""
    lanes = [[int(i), xs[j], int(ls[j]), ps[j], qs[j], rs[j]] for j, i in enumerate(idx)]
    k = k0
    done = 0
    while lanes:
        live = []
        for lane in lanes:
            if k <= lane[2] and not (stop_nan and np.isnan(lane[4])):
                live.append(lane)
            else:                               # done: its last result is the value
                r[lane[0]] = lane[5]
        lanes = live
        if not lanes:
            break
        done += 1
        if done > MAX_STEPS:
            raise ValueError(f"gradcli: {name} with degree n = {max(lane[2] for lane in lanes)} "
                             f"needs more than {MAX_STEPS} recurrence steps, more than gradcli "
                             f"runs (n = {steps + k0 - 1})")
        for lane in lanes:
            rk = step(k, lane[1], lane[3], lane[4])
            if rk.dtype != r.dtype:
                rk = rk.astype(r.dtype)
            lane[3], lane[4], lane[5] = lane[4], rk, rk
        k += 1


def _pick(dt, shape, *cases, default):
    """ATen's chain of early returns: the first case whose condition holds."""
    out = np.broadcast_to(np.asarray(default, dt), shape).astype(dt)
    for cond, value in reversed(cases):
        out = np.where(cond, value, out).astype(dt)
    return out


def _flat(x, n):
    x, n = np.broadcast_arrays(x, n)
    return x.ravel(), n.ravel(), x.shape


def _parity(n, even, odd, dt):
    return np.where(n % 2 == 0, even, odd).astype(dt)


def _cheb_step(two_y):
    def step(k, xs, p, q):
        return fma(two_y(xs), q, -p)
    return step


def _chebyshev(kind, x, n, shifted=False):
    x, nn, shape = _flat(x, n)
    dt = x.dtype
    n = degree(nn)
    one = _c(dt, 1)
    with np.errstate(all="ignore"):
        nf = n.astype(dt)
        if shifted:
            y = ((x + x).astype(dt) - one).astype(dt)
            at_one, at_m1 = x == one, x == 0
            close = {"t": 6, "u": 6, "v": 6, "w": 4}[kind]
        else:
            y = x
            at_one, at_m1 = (np.abs(x) == one) & (x > 0), (np.abs(x) == one) & ~(x > 0)
            close = {"t": 6, "u": 8, "v": 8, "w": 8}[kind]
        two_y = (lambda xs: _as(_as(xs + xs, dt) - one, dt) * _c(dt, 2)) if shifted \
            else (lambda xs: _as(xs + xs, dt))
        inside = (n > close) & (np.abs(y) < one)
        th = _fn("acos", np.where(inside, y, 0).astype(dt))
        n1 = (n + 1).astype(dt)
        odd = (n + n + 1).astype(dt)
        half = (nf + _c(dt, 0.5)).astype(dt)
        if kind == "t":
            edge1, edgem = one, _parity(n, one, -one, dt)
            closed = _fn("cos", (nf * th).astype(dt))
            q0 = y
        elif kind == "u":
            edge1, edgem = n1, _parity(n, n1, -n1, dt)
            s = _fn("sin", th)
            closed = np.where(s != 0, _fn("sin", (n1 * th).astype(dt)) / s,
                              (n1 * _fn("cos", (n1 * th).astype(dt))).astype(dt) / y)
            q0 = (y + y).astype(dt)
        elif kind == "v":
            edge1, edgem = one, _parity(n, odd, -odd, dt)
            h = (th / _c(dt, 2)).astype(dt)
            closed = np.where(_fn("sin", h) != one,
                              _fn("cos", (half * th).astype(dt)) / _fn("cos", h),
                              _parity(n, odd, -odd, dt))
            q0 = ((y + y).astype(dt) - one).astype(dt)
        else:
            edge1, edgem = odd, _parity(n, one, -one, dt)
            h = (th / _c(dt, 2)).astype(dt)
            fallback = edgem if shifted else np.where(x > 0, odd, edgem)
            closed = np.where(_fn("cos", h) != one,
                              _fn("sin", (half * th).astype(dt)) / _fn("sin", h), fallback)
            q0 = ((y + y).astype(dt) + one).astype(dt)
        loop = _recurrence(f"special_{'shifted_' if shifted else ''}chebyshev_polynomial_{kind}",
                           x, n, np.ones_like(x), q0, 2,
                           np.where((n < 2) | at_one | at_m1 | inside, 0, n),
                           _cheb_step(two_y))
        out = _pick(dt, x.shape, (n < 0, 0), (at_one, edge1), (at_m1, edgem),
                    (inside, closed), (n == 0, one), (n == 1, q0), default=loop)
    return out.reshape(shape)


def chebyshev_polynomial_t(x, n):
    return _chebyshev("t", x, n)


def chebyshev_polynomial_u(x, n):
    return _chebyshev("u", x, n)


def chebyshev_polynomial_v(x, n):
    return _chebyshev("v", x, n)


def chebyshev_polynomial_w(x, n):
    return _chebyshev("w", x, n)


def shifted_chebyshev_polynomial_t(x, n):
    return _chebyshev("t", x, n, True)


def shifted_chebyshev_polynomial_u(x, n):
    return _chebyshev("u", x, n, True)


def shifted_chebyshev_polynomial_v(x, n):
    return _chebyshev("v", x, n, True)


def shifted_chebyshev_polynomial_w(x, n):
    return _chebyshev("w", x, n, True)


def _hermite(x, n, physicists):
    x, nn, shape = _flat(x, n)
    dt = x.dtype
    n = degree(nn)
    limit = 128 if dt == _F32 else 512
    with np.errstate(all="ignore"):
        q0 = (x + x).astype(dt) if physicists else x
        if physicists:      # k = 2, 4, ... < 2n: r = 2x q - k p
            def step(j, xs, p, q):
                return fma(_as(xs + xs, dt), q, -_as(_c(dt, 2 * (j - 1)) * p, dt))
        else:               # k = 1 ... n - 1: r = x q - k p
            def step(j, xs, p, q):
                return fma(xs, q, -_as(_c(dt, j - 1) * p, dt))
        run = np.where((n < 2) | (n > limit), 0, n)
        loop = _recurrence("hermite", x, n, np.ones_like(x), q0, 2, run, step, stop_nan=False)
        out = _pick(dt, x.shape, (n < 0, 0), (n == 0, 1), (n == 1, q0), (n > limit, np.nan),
                    default=loop)
    return out.reshape(shape)


def hermite_polynomial_h(x, n):
    return _hermite(x, n, True)


def hermite_polynomial_he(x, n):
    return _hermite(x, n, False)


def laguerre_polynomial_l(x, n):
    x, nn, shape = _flat(x, n)
    dt = x.dtype
    n = degree(nn)
    one = _c(dt, 1)
    with np.errstate(all="ignore"):
        q0 = (one - x).astype(dt)

        def step(j, xs, p, q):      # k = j - 1 = 1 ... n - 1
            k = j - 1
            a = _as(_c(dt, k + k) + _as(one - xs, dt), dt)
            return _as(fma(a, q, -_as(_c(dt, k) * p, dt)) / _c(dt, k + 1), dt)
        run = np.where((n < 2) | (x == 0), 0, n)
        loop = _recurrence("special_laguerre_polynomial_l", x, n, np.ones_like(x), q0, 2, run,
                           step)
        out = _pick(dt, x.shape, (n < 0, 0), (np.abs(x) == 0, one), (n == 0, one), (n == 1, q0),
                    default=loop)
    return out.reshape(shape)


def legendre_polynomial_p(x, n):
    x, nn, shape = _flat(x, n)
    dt = x.dtype
    n = degree(nn)
    one = _c(dt, 1)
    with np.errstate(all="ignore"):
        def step(j, xs, p, q):      # k = j - 1 = 1 ... n - 1
            k = j - 1
            a = _as(_c(dt, k + k + 1) * xs, dt)
            return _as(fma(a, q, -_as(_c(dt, k) * p, dt)) / _c(dt, k + 1), dt)
        edge = np.abs(x) == one
        run = np.where((n < 2) | edge, 0, n)
        loop = _recurrence("special_legendre_polynomial_p", x, n, np.ones_like(x), x, 2, run,
                           step)
        out = _pick(dt, x.shape, (n < 0, 0), (edge, np.where((x > 0) | (n % 2 == 0), one, -one)),
                    (n == 0, one), (n == 1, x), default=loop)
    return out.reshape(shape)
