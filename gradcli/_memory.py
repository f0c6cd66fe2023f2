"""How gradcli's process uses glibc's heap: large buffers are reused, not faulted in afresh.

`tune()` runs once at import (like the collector thresholds in `gradcli/__init__.py`):
- blocks up to 1 GiB come from glibc's heap instead of a fresh mmap() each (its default
  stops at 32 MB), so a freed result's pages can be reused by the next result instead of
  being unmapped and faulted in again. This is what PyTorch's CPU tuning guide gets from
  jemalloc or tcmalloc.
- the heap keeps up to TOP_PAD (256 MiB) of freed memory at its top (glibc's M_TOP_PAD;
  its default keeps 128 KiB and hands the rest back at once), so that the next result
  really does reuse it; anything above that goes back to the system. In a loop of
  `sum(tanh(x)*x + exp(-x*x))` gradients on 10^7 float32, each one then costs no page
  fault at all (~50,000 without the pad) and 0.04-0.07 s instead of 0.12-0.14 s.
- NumPy's huge-page advice (madvise(MADV_HUGEPAGE) on every array of 4 MB or more) is
  turned off. With the heap reused, it no longer saves page faults after the first results,
  while where the kernel's THP defrag setting is "madvise" (a common default) each advised
  fault may compact memory before it returns: on the benchmark machine the first gradient of
  `sum(tanh(x)*x + exp(-x*x))` on 10^7 float64 took 0.8-0.9 s with it and 0.24 s without,
  the second of W4's MLP 60-90 ms against 62-66 ms. The cost: large elementwise loops run
  with 4 KiB pages (that loop's tenth gradient 0.19 s instead of 0.17 s).

`release()` hands the padding back: the backward pass calls it after a graph of
RELEASE_NODES nodes or more, whose bookkeeping (~80 bytes a node) would otherwise stay in
the pad. `fit(cap)` shrinks the pad under an address-space cap (`batch --max-memory`).

A setting the user made (MALLOC_MMAP_THRESHOLD_, MALLOC_TOP_PAD_, GLIBC_TUNABLES or NumPy's
NUMPY_MADVISE_HUGEPAGE) is kept; GRADCLI_SYSTEM_MALLOC=1 keeps glibc's and NumPy's defaults
and turns the rest off.
"""
from __future__ import annotations

import os

TOP_PAD = 256 << 20
RELEASE_NODES = 1 << 16
_M_TOP_PAD, _M_MMAP_THRESHOLD = -2, -3
_libc = None           # glibc through ctypes, once tune() has set the pad


def tune() -> None:
    global _libc
    env = os.environ
    if env.get("GRADCLI_SYSTEM_MALLOC"):
        return
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION"):
            return
        import ctypes          # already imported by NumPy
        libc = ctypes.CDLL(None)
        libc.mallopt, libc.malloc_trim      # noqa: B018 - AttributeError if either is missing
    except (ValueError, OSError, AttributeError):
        return
    tunables = env.get("GLIBC_TUNABLES", "")
    if "MALLOC_MMAP_THRESHOLD_" not in env and "mmap_threshold" not in tunables:
        libc.mallopt(_M_MMAP_THRESHOLD, 1 << 30)
    if "MALLOC_TOP_PAD_" not in env and "top_pad" not in tunables:
        libc.mallopt(_M_TOP_PAD, TOP_PAD)
        _libc = libc
    if "NUMPY_MADVISE_HUGEPAGE" not in env:
        _no_huge_page_advice()


def _no_huge_page_advice() -> None:
    import numpy
    core = getattr(numpy, "_core", None)             # NumPy 2; numpy.core before it
    multiarray = getattr(core if core is not None else numpy.core, "multiarray", None)
    setter = getattr(multiarray, "_set_madvise_hugepage", None)
    if setter is not None:
        setter(False)


def fit(address_space: int) -> None:
    """Shrink the pad to a sixteenth of a capped address space: heap reserved for the pad
    counts against the cap before it is ever touched."""
    if _libc is not None:
        _libc.mallopt(_M_TOP_PAD, min(TOP_PAD, address_space // 16))


def release() -> None:
    """Give the heap's free memory back to the system (when tune() set the pad)."""
    if _libc is not None:
        _libc.malloc_trim(0)
