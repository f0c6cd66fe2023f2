"""gradcli's process-wide memory settings (gradcli/__init__.py, _tune_memory): large NumPy
buffers come from glibc's heap (so freed ones are reused), NumPy's huge-page advice is off,
and the user's own choice or GRADCLI_SYSTEM_MALLOC leaves both alone."""
import os
import subprocess
import sys

import pytest

PROBE = r"""
import numpy as np
import gradcli
from numpy._core.multiarray import _set_madvise_hugepage
huge = _set_madvise_hugepage(False)
a = np.ones(50 * 2**20 // 8)          # 50 MB: above glibc's largest default threshold
address = a.__array_interface__["data"][0]
heap = None
for line in open("/proc/self/maps"):
    if line.rstrip().endswith("[heap]"):
        lo, hi = (int(v, 16) for v in line.split()[0].split("-"))
        heap = lo <= address < hi
print(huge, heap)
"""

glibc = pytest.mark.skipif(not sys.platform.startswith("linux")
                           or not os.confstr("CS_GNU_LIBC_VERSION"), reason="glibc only")


def probe(**env) -> list[str]:
    environ = {k: v for k, v in os.environ.items()
               if k not in ("GRADCLI_SYSTEM_MALLOC", "NUMPY_MADVISE_HUGEPAGE",
                            "MALLOC_MMAP_THRESHOLD_", "GLIBC_TUNABLES")}
    out = subprocess.run([sys.executable, "-c", PROBE], env=dict(environ, **env),
                         capture_output=True, text=True, check=True).stdout
    return out.split()


@glibc
def test_large_buffers_come_from_the_heap_and_huge_pages_are_not_advised():
    assert probe() == ["False", "True"]


@glibc
def test_opting_out_keeps_the_system_defaults():
    assert probe(GRADCLI_SYSTEM_MALLOC="1") == ["True", "False"]


@glibc
def test_the_users_own_settings_win():
    assert probe(NUMPY_MADVISE_HUGEPAGE="1") == ["True", "True"]
    assert probe(MALLOC_MMAP_THRESHOLD_=str(1 << 20)) == ["False", "False"]
