"""How gradcli's process uses glibc's heap: large buffers are reused, not faulted in afresh.

`tune()` runs once at import (like the collector thresholds in `gradcli/__init__.py`):
- blocks up to 1 GiB come from glibc's heap instead of a fresh mmap() each (its default
  stops at 32 MB), so a freed result's pages can be reused by the next result instead of
  being unmapped and faulted in again. This is what PyTorch's CPU tuning guide gets from
  jemalloc or tcmalloc.
- the heap keeps up to TOP_PAD (256 MiB) of freed memory at its top (glibc's M_TOP_PAD;
  its default keeps 128 KiB and hands the rest back at once), so that the next result
  really does reuse it; anything above that goes back to the system.
In a loop of `sum(tanh(x)*x + exp(-x*x))` gradients on 10^7 float32, each one then costs
no page fault at all (~50,000 without the pad) and 0.04-0.07 s instead of 0.12-0.14 s.
NumPy's own huge-page advice is left as NumPy sets it.

`release()` hands the padding back: the backward pass calls it after a graph of
RELEASE_NODES nodes or more, whose bookkeeping (~80 bytes a node) would otherwise stay in
the pad. `fit(cap)` shrinks the pad under an address-space cap (`batch --max-memory`).

A setting the user made (MALLOC_MMAP_THRESHOLD_, MALLOC_TOP_PAD_ or GLIBC_TUNABLES) is kept;
GRADCLI_SYSTEM_MALLOC=1 keeps glibc's defaults for both and turns the rest off.
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


def fit(address_space: int) -> None:
    """Shrink the pad to a sixteenth of a capped address space: heap reserved for the pad
    counts against the cap before it is ever touched."""
    if _libc is not None:
        _libc.mallopt(_M_TOP_PAD, min(TOP_PAD, address_space // 16))


def release() -> None:
    """Give the heap's free memory back to the system (when tune() set the pad)."""
    if _libc is not None:
        _libc.malloc_trim(0)
