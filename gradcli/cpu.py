"""Which of its vectorised CPU kernels PyTorch would run on this machine.

ATen builds its kernels for several instruction sets and picks one when it starts
(`compute_cpu_capability`): `ATEN_CPU_CAPABILITY` if set (`default`, `avx2`, `avx512`), else
AVX-512 where the CPU has avx512vl, avx512bw, avx512dq and fma, else AVX2 where it has avx2
and fma. `GRADCLI_CPU_CAPABILITY` (the same three values) makes gradcli round as PyTorch does
on another machine, whatever this one's CPU: ATEN_CPU_CAPABILITY can only lower the choice,
as in PyTorch, while gradcli's kernels are NumPy code that can reproduce any of them (the
test suite uses it: its expected bits were recorded with AVX-512). The float32 kernels gradcli reproduces (vecmath) walk rows in vectors of that width,
so the lanes of a row's sum and the elements left to the scalar loop follow it.
"""
from __future__ import annotations

import functools
import os

_AVX512 = {"avx512vl", "avx512bw", "avx512dq", "fma"}
_AVX2 = {"avx2", "fma"}
_ONEDNN_AVX512 = {"avx512f", "avx512bw", "avx512vl", "avx512dq"}


@functools.cache
def capability() -> str:
    """"avx512", "avx2" or "default", as PyTorch 2.13 chooses on this machine ("avx512"
    where the CPU's flags cannot be read: the machine gradcli's kernels were measured on)."""
    recorded = os.environ.get("GRADCLI_CPU_CAPABILITY", "").strip().lower()
    if recorded in ("default", "avx2", "avx512"):
        return recorded
    chosen = os.environ.get("ATEN_CPU_CAPABILITY", "").strip().lower()
    flags = _flags()
    if flags is None:
        return chosen if chosen in ("default", "avx2", "avx512") else "avx512"
    best = "avx512" if _AVX512 <= flags else "avx2" if _AVX2 <= flags else "default"
    order = ("default", "avx2", "avx512")
    if chosen in order and order.index(chosen) <= order.index(best):
        return chosen
    return best


@functools.cache
def onednn_avx512() -> bool:
    """Whether oneDNN (PyTorch's float32 gelu runs in it) takes its AVX-512 kernels here: its
    own choice (avx512_core: avx512f, avx512bw, avx512vl and avx512dq), which
    ATEN_CPU_CAPABILITY does not change and ONEDNN_MAX_CPU_ISA (or DNNL_MAX_CPU_ISA) can
    lower. True where the CPU's flags cannot be read, as `capability` assumes."""
    recorded = os.environ.get("GRADCLI_CPU_CAPABILITY", "").strip().lower()
    if recorded in ("default", "avx2", "avx512"):
        return recorded == "avx512"
    limit = (os.environ.get("ONEDNN_MAX_CPU_ISA") or os.environ.get("DNNL_MAX_CPU_ISA")
             or "").strip().upper()
    if limit.startswith(("SSE", "AVX2", "AVX_")) or limit == "AVX":
        return False
    flags = _flags()
    return flags is None or _ONEDNN_AVX512 <= flags


@functools.cache
def mkl_vendor() -> str:
    """"amd" or "intel": whose CPU PyTorch's MKL would run on here. MKL takes other
    matrix-product kernels on Intel's CPUs than on AMD's, and they add each output's
    products in other orders: the orders `ops.linalg` reproduces were measured on an AMD
    EPYC, where NumPy's BLAS rarely rounds as MKL does; on an Intel Xeon (AVX-512, AMX)
    they match in 1 of 5 shapes and layouts, so there gradcli follows the orders probed on
    that CPU (`linalg.intel_gemm`, `intel_gemv64`, `mkl_dot`) and NumPy's BLAS elsewhere.
    GRADCLI_MKL_CPU (`amd` or `intel`) overrides the CPU's vendor_id; "amd" where neither
    says (the first one measured)."""
    chosen = os.environ.get("GRADCLI_MKL_CPU", "").strip().lower()
    if chosen in ("amd", "intel"):
        return chosen
    return "intel" if _cpuinfo("vendor_id") == "GenuineIntel" else "amd"


@functools.cache
def mkl_avx512() -> bool:
    """Whether MKL's vector math takes its AVX-512 code here, as measured on an Intel Xeon
    (`vecmath.mkl_sqrt`): an Intel CPU (`mkl_vendor`) with avx512f, which MKL checks
    itself (ATEN_CPU_CAPABILITY does not change it; MKL_ENABLE_INSTRUCTIONS can lower it).
    True on an Intel CPU whose flags cannot be read, as `capability` assumes."""
    if mkl_vendor() != "intel":
        return False
    limit = os.environ.get("MKL_ENABLE_INSTRUCTIONS", "").strip().upper()
    if limit and not limit.startswith("AVX512"):
        return False
    flags = _flags()
    return flags is None or "avx512f" in flags


def float32_lanes() -> int:
    """float32 elements in one of the chosen kernels' vectors."""
    return {"avx512": 16, "avx2": 8}.get(capability(), 8)


def _flags() -> set | None:
    flags = _cpuinfo("flags")
    return None if flags is None else set(flags.split())


def _cpuinfo(field: str) -> str | None:
    """The first CPU's `field` in /proc/cpuinfo; None where it cannot be read."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            for line in f:
                name, colon, value = line.partition(":")
                if colon and name.strip() == field:
                    return value.strip()
    except OSError:
        pass
    return None
