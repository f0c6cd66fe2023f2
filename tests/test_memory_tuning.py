"""gradcli's process-wide memory settings (gradcli/_memory.py): large NumPy buffers come from
glibc's heap, a freed one's pages are kept (up to the pad) and reused by the next, a large
graph's backward hands them back, and the user's own choice or GRADCLI_SYSTEM_MALLOC leaves
glibc's defaults alone."""
import os
import subprocess
import sys

import pytest

import gradcli
from gradcli import _memory

PROBE = r"""
import resource
import numpy as np
from numpy._core.multiarray import _set_madvise_hugepage
_set_madvise_hugepage(False)          # ordinary pages, so that faults count 4 KiB pages
import gradcli
from gradcli import _memory

def rss():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20

def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt

a = np.ones(50 * 2**20 // 8)          # 50 MB: above glibc's largest default mmap threshold
address = a.__array_interface__["data"][0]
heap = any(line.rstrip().endswith("[heap]") and
           int(line.split("-")[0], 16) <= address < int(line.split()[0].split("-")[1], 16)
           for line in open("/proc/self/maps"))
del a
before = faults()
b = np.ones(50 * 2**20 // 8)          # the same size again: reused pages fault no more
refaulted = faults() - before > 5000
del b
held = rss()
_memory.release()
released = held - rss() > 40
print(heap, refaulted, released)
"""

glibc = pytest.mark.skipif(not sys.platform.startswith("linux")
                           or not os.confstr("CS_GNU_LIBC_VERSION"), reason="glibc only")


def probe(**env) -> list[str]:
    environ = {k: v for k, v in os.environ.items()
               if k not in ("GRADCLI_SYSTEM_MALLOC", "MALLOC_TOP_PAD_",
                            "MALLOC_MMAP_THRESHOLD_", "GLIBC_TUNABLES")}
    out = subprocess.run([sys.executable, "-c", PROBE], env=dict(environ, **env),
                         capture_output=True, text=True, check=True).stdout
    return out.split()


@glibc
def test_large_buffers_come_from_the_heap_and_are_reused_then_released():
    assert probe() == ["True", "False", "True"]


@glibc
def test_opting_out_keeps_the_system_defaults():
    # mmap per buffer: every new one faults its pages in again, and there is no pad to free
    assert probe(GRADCLI_SYSTEM_MALLOC="1") == ["False", "True", "False"]


@glibc
def test_the_users_own_settings_win():
    # the user's threshold: buffers are mapped one by one, still no pad kept
    assert probe(MALLOC_MMAP_THRESHOLD_=str(1 << 20)) == ["False", "True", "False"]
    # the user's pad (none): the heap hands a freed top back at once, release() has no pad
    assert probe(MALLOC_TOP_PAD_="0") == ["True", "True", "False"]


@pytest.mark.parametrize("how", ["backward", "grad"])
@pytest.mark.parametrize("steps, released", [(30, True), (10, False)])
def test_a_large_graphs_backward_releases_the_pad(monkeypatch, how, steps, released):
    calls = []
    monkeypatch.setattr(_memory, "RELEASE_NODES", 40)
    monkeypatch.setattr(_memory, "release", lambda: calls.append(1))
    x = gradcli.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(steps):
        y = y * 1.0 + 1.0        # two nodes a step
    y.backward() if how == "backward" else gradcli.autograd.grad(y, x)
    assert bool(calls) is released


HUGE_PAGE_PROBE = r"""
import sys
import numpy
if sys.argv[1:] == ["gradcli"]:
    import gradcli
core = getattr(numpy, "_core", None) or numpy.core
print(core.multiarray._set_madvise_hugepage(True))    # returns the setting it replaces
"""


def huge_page_advice(importing="gradcli", **env) -> str:
    environ = {k: v for k, v in os.environ.items()
               if k not in ("GRADCLI_SYSTEM_MALLOC", "NUMPY_MADVISE_HUGEPAGE")}
    return subprocess.run([sys.executable, "-c", HUGE_PAGE_PROBE, importing],
                          env=dict(environ, **env), capture_output=True, text=True,
                          check=True).stdout.strip()


@glibc
def test_numpys_huge_page_advice_is_off_unless_the_user_chose():
    assert huge_page_advice() == "False"
    assert huge_page_advice(NUMPY_MADVISE_HUGEPAGE="1") == "True"     # the user's choice
    assert huge_page_advice(NUMPY_MADVISE_HUGEPAGE="0") == "False"
    numpys_default = huge_page_advice(importing="numpy alone")      # True on Linux >= 4.6
    assert huge_page_advice(GRADCLI_SYSTEM_MALLOC="1") == numpys_default
