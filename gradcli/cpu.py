"""Which of its vectorised CPU kernels PyTorch would run on this machine.

ATen builds its kernels for several instruction sets and picks one when it starts
(`compute_cpu_capability`): `ATEN_CPU_CAPABILITY` if set (`default`, `avx2`, `avx512`), else
AVX-512 where the CPU has avx512vl, avx512bw, avx512dq and fma, else AVX2 where it has avx2
and fma. The float32 kernels gradcli reproduces (vecmath) walk rows in vectors of that width,
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
    limit = (os.environ.get("ONEDNN_MAX_CPU_ISA") or os.environ.get("DNNL_MAX_CPU_ISA")
             or "").strip().upper()
    if limit.startswith(("SSE", "AVX2", "AVX_")) or limit == "AVX":
        return False
    flags = _flags()
    return flags is None or _ONEDNN_AVX512 <= flags


def float32_lanes() -> int:
    """float32 elements in one of the chosen kernels' vectors."""
    return {"avx512": 16, "avx2": 8}.get(capability(), 8)


def _flags() -> set | None:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.partition(":")[2].split())
    except OSError:
        pass
    return None
