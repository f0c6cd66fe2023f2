"""Found in session 48 porting PyTorch's test/test_binary_ufuncs.py (CPU parts). Each expected
output is what torch 2.13 printed (format of test_autograd_parity4).

lcm-wrap: lcm is ATen's |a / gcd * b|, wrapping where the product overflows (NumPy's lcm took
|a| and |b| first, so a wrapped result kept its sign); int8/int16/uint8 compute in C's int and
wrap to their dtype after the abs, int32 and int64 wrap before it.

int-alpha: add/sub/rsub's alpha on integer tensors is converted to the dtype with c10's checked
conversion (1000 overflows int8_t, -1 is 255 for uint8, as the kernel's alpha.to<scalar_t>()),
then the sum wraps in the dtype.

heaviside-out: a complex out= is refused as complex before the inputs' dtypes are compared
(heaviside's meta function checks it first)."""
from __future__ import annotations

from test_autograd_parity4 import printed_programs

LCM_WRAP = [
    ('a = torch.tensor([-2**63, -2**63, 2**62, -2**62, 0, 6, -2**63])\nb = torch.tensor([0, -2**63, 3, 3, 0, -4, 2])\nprint(torch.gcd(a, b))\nprint(torch.lcm(a, b))\ni8 = torch.tensor([-128, -128, 100, 64, 127], dtype=torch.int8)\nj8 = torch.tensor([0, 3, 3, 3, 2], dtype=torch.int8)\nprint(torch.gcd(i8, j8), torch.lcm(i8, j8))\nu = torch.tensor([200, 16], dtype=torch.uint8)\nprint(torch.gcd(u, torch.tensor([3, 24], dtype=torch.uint8)), torch.lcm(u, torch.tensor([3, 24], dtype=torch.uint8)))\ni32 = torch.tensor([2**30, -2**30, 2**31 - 1], dtype=torch.int32)\nprint(torch.lcm(i32, torch.tensor([3, 3, 2], dtype=torch.int32)))\nprint(torch.lcm(torch.tensor([300, -300], dtype=torch.int16), torch.tensor([7, 7], dtype=torch.int16)))\n',
     'tensor([-9223372036854775808, -9223372036854775808,                    1,\n                           1,                    0,                    2,\n                           2])\ntensor([                   0, -9223372036854775808,  4611686018427387904,\n         4611686018427387904,                    0,                   12,\n        -9223372036854775808])\ntensor([-128,    1,    1,    1,    1], dtype=torch.int8) tensor([   0, -128,   44,  -64,   -2], dtype=torch.int8)\ntensor([1, 8], dtype=torch.uint8) tensor([88, 48], dtype=torch.uint8)\ntensor([1073741824, 1073741824,          2], dtype=torch.int32)\ntensor([2100, 2100], dtype=torch.int16)\n'),
]

INT_ALPHA = [
    ('def t(f):\n    try:\n        r = f()\n        print(r)\n    except Exception as e:\n        print(type(e).__name__, e)\ni8 = torch.tensor([5], dtype=torch.int8)\nu8 = torch.tensor([5], dtype=torch.uint8)\nt(lambda: torch.add(i8, 1, alpha=1000)); t(lambda: torch.add(i8, i8, alpha=-129)); t(lambda: torch.add(i8, i8, alpha=127))\nt(lambda: torch.sub(i8, i8, alpha=200)); t(lambda: torch.add(u8, u8, alpha=-1)); t(lambda: torch.add(u8, u8, alpha=-255)); t(lambda: torch.add(u8, u8, alpha=-256))\nt(lambda: torch.add(u8, u8, alpha=256)); t(lambda: torch.rsub(i8, i8, alpha=300)); t(lambda: torch.rsub(i8, 2, alpha=300))\nt(lambda: torch.add(torch.tensor([1], dtype=torch.int16), 1, alpha=2**15)); t(lambda: torch.add(torch.tensor([1], dtype=torch.int32), i8, alpha=2**31))\nt(lambda: i8.clone().add_(1, alpha=300)); t(lambda: torch.add(i8, 1.5, alpha=300)); t(lambda: torch.add(torch.tensor([1]), 1, alpha=2**63))\nt(lambda: torch.add(torch.tensor([True]), torch.tensor([True]), alpha=2))\n',
     'RuntimeError value cannot be converted to type int8_t without overflow\nRuntimeError value cannot be converted to type int8_t without overflow\ntensor([-128], dtype=torch.int8)\nRuntimeError value cannot be converted to type int8_t without overflow\ntensor([0], dtype=torch.uint8)\ntensor([10], dtype=torch.uint8)\nRuntimeError value cannot be converted to type uint8_t without overflow\nRuntimeError value cannot be converted to type uint8_t without overflow\nRuntimeError value cannot be converted to type int8_t without overflow\nRuntimeError value cannot be converted to type int8_t without overflow\nRuntimeError value cannot be converted to type int16_t without overflow\nRuntimeError value cannot be converted to type int without overflow\nRuntimeError value cannot be converted to type int8_t without overflow\ntensor([455.])\nRuntimeError value cannot be converted to type int64_t without overflow\ntensor([True])\n'),
]

HEAVISIDE_OUT = [
    ('c = torch.tensor((complex(0, -6), complex(-1, 3), complex(1, 1)))\nfor o in (torch.empty_like(c), torch.empty(3, dtype=torch.complex128), torch.empty(3, dtype=torch.float64), torch.empty(3, dtype=torch.int64)):\n    for x, v in ((c.real, c.real), (c.real.long(), c.real.long()), (c.real, c.real.double())):\n        try:\n            print(torch.heaviside(x, v, out=o))\n        except RuntimeError as e:\n            print(e)\n',
     'heaviside is not yet implemented for complex tensors.\nheaviside is not yet implemented for complex tensors.\nheaviside is not yet implemented for complex tensors.\nheaviside is not yet implemented for complex tensors.\nheaviside is not yet implemented for complex tensors.\nheaviside is not yet implemented for complex tensors.\nheaviside is not yet implemented for tensors with different dtypes.\nheaviside is not yet implemented for tensors with different dtypes.\nheaviside is not yet implemented for tensors with different dtypes.\nheaviside is not yet implemented for tensors with different dtypes.\ntensor([0, 0, 1])\nheaviside is not yet implemented for tensors with different dtypes.\n'),
]

test_binary = printed_programs({
    "lcm-wrap": LCM_WRAP,
    "int-alpha": INT_ALPHA,
    "heaviside-out": HEAVISIDE_OUT,
})
