"""MKL's vector math (VML, high accuracy) as PyTorch's CPU kernels call it on an Intel CPU
with AVX-512, bit for bit.

ATen hands float32/float64 `tanh`, `exp`, `log`, `sin`, `cos`, ... of any layout to MKL's
VML (`vml::vtanh` → `vsTanh(..., VML_HA)`), whose results are not always correctly
rounded: float32 `tanh` differs from the double result rounded once in ~1% of elements
(and from NumPy's float32 loop in ~25%), so a float32 training loop through `nn.Tanh`
drifted from PyTorch's in the last digits after a few steps. Intel published its short
vector math library's algorithms for its GPU compiler (intel/intel-graphics-compiler,
IGC/BiFModule/Implementation/IMF, MIT license); where one is the AVX-512 ("UISA") variant
MKL runs here, it gives MKL's bits, and it is ported below with NumPy float32 arithmetic
and fused multiply-adds (`fpmath.fma`). Checked against torch 2.13 on this machine:

- float32 tanh (`tanhf_ha`, 32 intervals of |x| each with its degree-7 polynomial in
  |x| - c, the constant term in two parts): 0 of 1,048,576 random values differ, nor any
  element of tensors of 1 to 40 elements, strided or transposed.

(Their exp does not match MKL's on the CPU: ~4% differ; it is not used.)

The tables are Intel's, under this notice:

    Copyright (C) 2024 Intel Corporation
    SPDX-License-Identifier: MIT
    Permission is hereby granted, free of charge, to any person obtaining a copy of this
    software and associated documentation files (the "Software"), to deal in the Software
    without restriction, including without limitation the rights to use, copy, modify,
    merge, publish, distribute, sublicense, and/or sell copies of the Software, and to
    permit persons to whom the Software is furnished to do so, subject to the following
    conditions: The above copyright notice and this permission notice shall be included
    in all copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS
    IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE
    WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN
    NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR
    OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT
    OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""
from __future__ import annotations

import numpy as np

from .fpmath import fma

_F = np.float32

#: most elements the ports take (float32 tanh: ~50 ms there); past it NumPy's loops, within
#: one unit in the last place (PyTorch splits such a call among its threads anyway)
VML_ELEMENTS = 1 << 18


def _floats(words) -> np.ndarray:
    return np.array(words, np.uint32).view(_F)


# tanhf_ha: for |x| in interval i (i from the exponent and the top mantissa bits of |x|),
# tanh |x| = P0 + (P1 + y P2 + y^2 (P3 + y (P4 + y (P5 + y (P6 + y P7))))) with y = |x| - C,
# P0 + P1 the constant term in two parts; the last interval is 1 exactly.
_TANH = _floats((   # rows: C, P0, P1, ..., P7; 32 intervals each
    0x00000000, 0x3d700000, 0x3d900000, 0x3db00000, 0x3dd00000, 0x3df00000, 0x3e100000, 0x3e300000,
    0x3e500000, 0x3e700000, 0x3e900000, 0x3eb00000, 0x3ed00000, 0x3ef00000, 0x3f100000, 0x3f300000,
    0x3f500000, 0x3f700000, 0x3f900000, 0x3fb00000, 0x3fd00000, 0x3ff00000, 0x40100000, 0x40300000,
    0x40500000, 0x40700000, 0x40900000, 0x40b00000, 0x40d00000, 0x40f00000, 0x41100000, 0x00000000,
    0x00000000, 0x3d6fb9c9, 0x3d8fc35f, 0x3daf9169, 0x3dcf49ab, 0x3deee849, 0x3e0f0ee8, 0x3e2e4984,
    0x3e4d2f8e, 0x3e6bb32e, 0x3e8c51cd, 0x3ea96163, 0x3ec543f1, 0x3edfd735, 0x3f028438, 0x3f18abf0,
    0x3f2bc480, 0x3f3bec1c, 0x3f4f2e5b, 0x3f613c53, 0x3f6ce37d, 0x3f743c4f, 0x3f7a5feb, 0x3f7dea85,
    0x3f7f3b3d, 0x3f7fb78c, 0x3f7fefd4, 0x3f7ffdd0, 0x3f7fffb4, 0x3f7ffff6, 0x3f7fffff, 0x3f800000,
    0x00000000, 0xb0a1501e, 0xb11d0b9e, 0xaf932f10, 0x30fa467c, 0x31249ef0, 0x312b9ae0, 0xb1dd8650,
    0xb044cc00, 0x31f9ba98, 0xb0ca4580, 0xb21e2644, 0xb234cc14, 0x32397534, 0xb2d0938e, 0xb1303240,
    0xb2ef278a, 0x32e33e9c, 0xb20b98c0, 0xb2d5b8c2, 0x32fe70b8, 0x32cec21a, 0x32c28572, 0xb2230d78,
    0xb2a2c238, 0xb2315220, 0xb2dddb64, 0xb2d020d0, 0x321fe128, 0xb2875bb0, 0x32fa6146, 0x00000000,
    0x3f800000, 0x3f7f1f84, 0x3f7ebd11, 0x3f7e1e5f, 0x3f7d609f, 0x3f7c842d, 0x3f7b00e5, 0x3f789580,
    0x3f75b8ad, 0x3f726fd9, 0x3f6cc59b, 0x3f63fb92, 0x3f59ff97, 0x3f4f11d7, 0x3f3d7573, 0x3f24f360,
    0x3f0cbfe7, 0x3eec1a69, 0x3eb0a801, 0x3e6753a2, 0x3e132f1a, 0x3db7e7d3, 0x3d320845, 0x3c84d3d4,
    0x3bc477b7, 0x3b10d3da, 0x3a01601e, 0x388c1a3b, 0x3717b0da, 0x35a43bce, 0x338306c6, 0x00000000,
    0xb0343c7b, 0xbd6ee69d, 0xbd8f0da7, 0xbdae477d, 0xbdcd2a1f, 0xbdeba80d, 0xbe0c443b, 0xbe293cf3,
    0xbe44f282, 0xbe5f3651, 0xbe81c7c0, 0xbe96d7ca, 0xbea7fb8e, 0xbeb50e9e, 0xbec12efe, 0xbec4be92,
    0xbebce070, 0xbead510e, 0xbe8ef7d6, 0xbe4b8704, 0xbe083237, 0xbdaf7449, 0xbd2e1ec4, 0xbc83bf06,
    0xbbc3e0b5, 0xbb10aadc, 0xba0157db, 0xb88c18f2, 0xb717b096, 0xb5a43bae, 0xb383012c, 0x00000000,
    0xbeaaaaa5, 0xbeab0612, 0xbea7f01f, 0xbea4e120, 0xbea387b7, 0xbea15962, 0xbe9d57f7, 0xbe976b5a,
    0xbe90230d, 0xbe880dff, 0xbe7479b3, 0xbe4c3d88, 0xbe212482, 0xbdeb8cba, 0xbd5e78ad, 0x3c6b5e6e,
    0x3d839143, 0x3dc21ee1, 0x3de347af, 0x3dcbec96, 0x3d99ef2d, 0x3d542ea1, 0x3cdde701, 0x3c2cca67,
    0x3b81cb27, 0x3ac073a1, 0x39ac3032, 0x383a94d9, 0x36ca081d, 0x355abd4c, 0x332b3cb6, 0x00000000,
    0xb76dd6b9, 0xbe1c276d, 0x3c1dcf2f, 0x3dc1a78d, 0x3d96f985, 0x3da2b61b, 0x3dc13397, 0x3dd2f670,
    0x3df48a0a, 0x3e06c5a8, 0x3e1a3aba, 0x3e27c405, 0x3e2e78d0, 0x3e2c3e44, 0x3e1d3097, 0x3df4a8f4,
    0x3da38508, 0x3d31416a, 0x3b562657, 0xbcaeeac9, 0xbcce9419, 0xbcaaeac4, 0xbc49e7d0, 0xbba71ddd,
    0xbb003b0e, 0xba3f9a05, 0xb92c08a7, 0xb7ba9232, 0xb64a0b0f, 0xb4dac169, 0xb2ab78ac, 0x00000000,
    0x3e0910e9, 0x43761143, 0x4165ecdc, 0xc190f756, 0xc08c097d, 0xc02ba813, 0xbf7f6bda, 0x3f2b1dc0,
    0x3ece105d, 0x3f426a94, 0xbadb0dc4, 0x3da43b17, 0xbd51ab88, 0xbcaea23d, 0xbd3b6d8d, 0xbd6caaad,
    0xbd795bed, 0xbd5fddda, 0xbd038f3b, 0xbc1cad63, 0x3abb4766, 0x3b95f10b, 0x3b825873, 0x3afaea66,
    0x3a49f878, 0x39996bf3, 0x388f3e6c, 0x371bb0e3, 0x35a8a5e6, 0x34369b17, 0x322487b0, 0x00000000,
    0xbc0e2f66, 0x460bda12, 0x43d638ef, 0xc3e11c3e, 0xc2baa4e9, 0xc249da2d, 0xc1859b82, 0x40dd5b57,
    0x40494640, 0x40c730a8, 0xbf0f160e, 0x3e30e76f, 0xbea81387, 0xbdb26a1c, 0xbd351e57, 0xbb4c01a0,
    0x3c1d7bfb, 0x3c722cd1, 0x3c973f1c, 0x3c33a31b, 0x3b862ef4, 0x3a27b3d0, 0xba3b5907, 0xba0efc22,
    0xb97f9f0f, 0xb8c8af50, 0xb7bdddfb, 0xb64f2950, 0xb4e085b1, 0xb3731dfa, 0xb15a1f04, 0x00000000,
)).reshape(9, 32)
_C, _P0, _P1, _P2, _P3, _P4, _P5, _P6, _P7 = _TANH


def tanh(x: np.ndarray) -> np.ndarray:
    """MKL's vsTanh (HA, AVX-512) of a float32 array."""
    x = np.asarray(x, _F)
    bits = x.view(np.uint32).astype(np.int64)
    masked = bits & 0x7FE00000
    i = np.clip(masked - 0x3D400000, 0, 0x03E00000) >> 21
    with np.errstate(all="ignore"):
        y = (np.abs(x) - _C[i]).astype(_F)
        p = fma(_P7[i], y, _P6[i])
        for c in (_P5, _P4, _P3):
            p = fma(p, y, c[i])
        p = fma((p * y).astype(_F), y, _P1[i])
        p = (fma(y, _P2[i], p) + _P0[i]).astype(_F)
    out = (p.view(np.uint32) | (x.view(np.uint32) & np.uint32(0x80000000))).view(_F)
    huge = masked > 0x7F000000                  # |x| >= 2**127, inf, nan: +-1 or nan
    if huge.any():
        out = np.where(huge, np.where(np.isnan(x), x, np.copysign(_F(1), x)), out)
    return out.astype(_F, copy=False)
