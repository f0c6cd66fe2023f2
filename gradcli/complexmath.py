"""complex64 and complex128 arithmetic as PyTorch's CPU kernels round it.

NumPy's complex multiply, divide and abs round differently from ATen's in the last bit of
about 40% of results (NumPy's SIMD loops fuse other products, its abs is its own), which
shows in printed values (`4.0000j` for torch's `4.j`) and in every gradient through them.
ATen's kernels, element by element (`cpu_kernel_vec`: intrinsics on whole vectors along a
contiguous row, then the row's tail through the scalar lambda, which GCC vectorised again
in its own way; which step fuses which product was found by comparing with torch 2.13 on
thousands of random values for every length up to 40, strided and broadcast operands):

- multiply: one vector a step, each product rounded, then ac - bd and ad + bc; the tail
  two complex64 (one complex128) at a time with fma(a, c, -(b d)) and fma(a, d, b c), an
  odd complex64 tail's last element plain again.
- divide and reciprocal: c10::complex's `operator/=` everywhere (the vector kernel calls it
  element by element), Smith's algorithm (NumPy's too) with each product that feeds a sum
  fused; an odd complex64 tail's last element, and all of its tail in place (`x /= y`),
  fuse only the denominator.
- x**2, x**3, x**-2: two vectors a step, plain; fused on the tail.
- abs: SLEEF's hypot (u05) on the vectors, the C library's hypot (std::abs) on the tail.
- sgn: each part divided by that |z| on the vectors (two a step); z / complex(|z|, 0) on
  the tail.
- angle: SLEEF's atan2 on the vectors, the C library's on the tail.
"""
from __future__ import annotations

import numpy as np

from .fpmath import fma


# Set while an in-place binary op (`x.div_(y)`) computes: out aliases an input, and GCC's
# vectorised tail loop of complex64 division then falls back to its scalar code.
IN_PLACE = [False]


def _kinds(*arrays: np.ndarray, vectors: int = 1, group: int | None = None) -> np.ndarray:
    """How ATen's kernel reaches each element of complex `arrays` (one complex dtype), as
    `vecmath64.grouped_positions` codes: 0 on the vectors (`cpu_kernel_vec`, `vectors`
    vectors a step: one for the binary kernels, two for sgn's and pow's, as torch 2.13
    behaves here), 1 on the tail GCC's vectorised scalar loop takes `group` elements at a
    time (binary kernels: two complex64, one complex128), 2 on the last len % group
    elements of a tail (plain scalar code)."""
    from . import vecmath, vecmath64
    item = arrays[0].dtype.itemsize
    if group is None:
        group = 2 if item == 8 else 1
    block = vectors * vecmath.LANES * 4 // item
    return vecmath64.grouped_positions(list(arrays), block, group)


def _common(a, b):
    dt = np.result_type(a, b)
    return np.asarray(a, dt), np.asarray(b, dt)


def multiply(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a * b (complex), rounded as ATen's loops round it: each product rounded, then ac - bd
    and ad + bc, except on the tail GCC vectorised (kind 1): fma(a, c, -(b d)) and
    fma(a, d, b c)."""
    a, b = _common(a, b)
    kinds = _kinds(a, b)
    return _product(np.broadcast_to(a, kinds.shape), np.broadcast_to(b, kinds.shape),
                    kinds == 1)


def divide(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a / b (complex): c10::complex's division, Smith's algorithm (NumPy's too) with each
    product that feeds a sum fused, except on an odd complex64 tail's last element (kind 2),
    where only the denominator is."""
    a, b = _common(a, b)
    shape = np.broadcast_shapes(a.shape, b.shape)
    kinds = _kinds(a, b)
    if IN_PLACE[0] and a.dtype.itemsize == 8:
        kinds[kinds == 1] = 2
    out = _smith(*(np.broadcast_to(x, shape) for x in (a.real, a.imag, b.real, b.imag)),
                 a.dtype)
    plain = kinds == 2
    if plain.any():
        parts = (np.broadcast_to(x, shape)[plain] for x in (a.real, a.imag, b.real, b.imag))
        out[plain] = _smith(*parts, a.dtype, numerators=_unfused)
    return out


def _unfused(x, y, z):
    return x * y + z


def _smith(ar, ai, br, bi, dtype, numerators=fma):
    """Smith's a / b on the parts, c + d*rat fused; the numerators a + b*rat and b - a*rat
    through `numerators` (fused, or not on an odd complex64 tail's last element)."""
    one = ar.dtype.type(1)
    with np.errstate(all="ignore"):
        wide = np.abs(br) >= np.abs(bi)
        rat = np.where(wide, bi / br, br / bi)
        scl = one / np.where(wide, fma(bi, rat, br), fma(br, rat, bi))
        re = np.where(wide, numerators(ai, rat, ar), numerators(ar, rat, ai)) * scl
        im = np.where(wide, numerators(-ar, rat, ai), numerators(ai, rat, -ar)) * scl
        zero = (br == 0) & (bi == 0)
        if zero.any():                       # a / 0: each part over a zero
            re = np.where(zero, ar / np.abs(br), re)
            im = np.where(zero, ai / np.abs(bi), im)
    out = np.empty(np.shape(re), dtype)
    out.real, out.imag = re, im
    return out


def power(x: np.ndarray, c: int) -> np.ndarray:
    """x ** c for c = 2, 3 or -2 (complex), as ATen's pow kernel: x*x, x*x*x, 1/(x*x). The
    products are plain on its vectors (two a step) and fused on the tail, where for
    complex64 the cube's last len % 4 elements fuse only the square."""
    kinds = _kinds(x, vectors=2, group=4 if c == 3 and x.dtype.itemsize == 8 else 1)
    square = _product(x, x, kinds != 0)
    if c == 2:
        return square
    if c == 3:
        return _product(square, x, kinds == 1)
    return reciprocal(square)


def _product(a, b, fused):
    """a * b (same shape) with each product rounded, except fused where `fused`."""
    out = np.empty(a.shape, a.dtype)
    with np.errstate(all="ignore"):
        out.real = a.real * b.real - a.imag * b.imag
        out.imag = a.real * b.imag + a.imag * b.real
        if fused.any():
            ar, ai, br, bi = (v[fused] for v in (a.real, a.imag, b.real, b.imag))
            out.real[fused] = fma(ar, br, -(ai * bi))
            out.imag[fused] = fma(ar, bi, ai * br)
    return out


def reciprocal(x: np.ndarray) -> np.ndarray:
    """1 / x (complex), c10::complex's division of complex(1) (its numerators 1 and -rat are
    exact, fused or not: one rule for every element)."""
    one, zero = np.ones((), x.real.dtype), np.zeros((), x.real.dtype)
    return _smith(*np.broadcast_arrays(one, zero, x.real, x.imag), x.dtype)


def angle(x: np.ndarray) -> np.ndarray:
    """arg z as ATen's angle kernel: SLEEF's atan2 (u10) of (imag, real) on its vectors (one
    a step), the C library's atan2 (std::arg) on the tail."""
    from . import vecmath, vecmath64
    im, re = x.imag, x.real
    wide = x.dtype == np.complex128
    out = (vecmath64 if wide else vecmath).atan2(im, re)
    return _c_on_tail(out, _kinds(x) != 0, "atan2:d" if wide else "atan2f", np.arctan2, im, re)


def absolute(x: np.ndarray) -> np.ndarray:
    """|z| as ATen's abs kernel: SLEEF's hypot on the vectors, the C library's on the
    scalar tail (a real array of x's precision)."""
    return _abs_paths(x, 1)[0]


def sgn(x: np.ndarray) -> np.ndarray:
    """z / |z| (0 where z is 0) as ATen's sgn kernel: each part divided by SLEEF's |z| on the
    vectors; on the tail z / complex(|z|, 0), c10::complex's division (each part times
    1/|z|)."""
    hyp, tail = _abs_paths(x, 2)
    out = np.empty_like(x)
    with np.errstate(all="ignore"):
        out.real, out.imag = x.real / hyp, x.imag / hyp
        out[hyp == 0] = 0
        if tail.any():                  # Smith's with d = 0: each part times 1/|z|
            z = x[tail]
            part = _smith(z.real, z.imag, hyp[tail], np.zeros_like(hyp[tail]), x.dtype)
            part[z == 0] = 0
            out[tail] = part
    return out


def _abs_paths(x: np.ndarray, vectors: int):
    """(|z| for each element of complex x as ATen computes it, the scalar loop's mask) for a
    kernel whose vectorised loop takes `vectors` vectors a step (abs's one, sgn's two: so
    torch 2.13 splits them here)."""
    from . import vecmath, vecmath64
    wide = x.dtype == np.complex128
    real = np.float64 if wide else np.float32
    tail = _kinds(x, vectors=vectors) != 0
    re, im = x.real.astype(real), x.imag.astype(real)
    hyp = (vecmath64 if wide else vecmath).hypot(re, im)
    return _c_on_tail(hyp, tail, "hypot:d" if wide else "hypotf", np.hypot, re, im), tail


def _c_on_tail(out: np.ndarray, tail: np.ndarray, name: str, ufunc, *parts) -> np.ndarray:
    """out with its `tail` elements replaced by the C library's function `name` (a key of
    `vecmath._LIBM`) of `parts` there, as ATen's scalar loop calls it; where no glibc loads,
    ufunc in float64, rounded."""
    if tail.any():
        from . import vecmath
        fn = vecmath._LIBM[name]
        args = [p[tail] for p in parts]
        with np.errstate(all="ignore"):
            out[tail] = fn(*args) if fn is not None else \
                ufunc(*[a.astype(np.float64) for a in args])
    return out
