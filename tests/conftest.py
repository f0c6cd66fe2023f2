"""Fixtures shared by the test modules."""
from __future__ import annotations

import os

import pytest

# The expected bits of matrix products in these tests were recorded with torch on an AMD EPYC,
# whose MKL kernels gradcli follows there (gradcli.cpu.mkl_vendor; on Intel's CPUs MKL takes
# others): the tests ask for those on any machine, and CLI runs in subprocesses inherit it.
# `machine_kernels` gives this machine's.
os.environ.setdefault("GRADCLI_MKL_CPU", "amd")


@pytest.fixture(autouse=True)
def _once_warnings_per_test():
    """Each test sees PyTorch's once-per-process warnings as a new process would
    (gradcli.errors.warn_once): not only the first test to trigger one; and the thread
    counts (set_num_interop_threads may be called once per process) and backend settings
    a program may have changed (use_deterministic_algorithms) as a new process has them."""
    import sys
    from gradcli.errors import reset_once_warnings
    reset_once_warnings()
    threads = sys.modules.get("gradcli.ops.predicates")
    if threads is not None:         # and the thread counts a new process starts with
        threads.reset_num_threads()
    devices = sys.modules.get("gradcli.devices")
    if devices is not None:         # and its settings (deterministic algorithms fill empty())
        devices.reset_settings()


@pytest.fixture
def aten_avx512(request, monkeypatch):
    """PyTorch's float32 kernels as they run on a CPU with AVX-512 (16-lane vectors, oneDNN's
    AVX-512 gelu): the machine the expected bits in these tests were recorded on, whatever
    this one's CPU. (Without it gradcli follows this machine's, as PyTorch does: gradcli.cpu;
    a test that also asks for `machine_kernels` gets this machine's.)"""
    if "machine_kernels" in request.fixturenames:
        return
    from gradcli import cpu, vecmath, vecmath64
    monkeypatch.setattr(vecmath, "LANES", 16)
    monkeypatch.setattr(vecmath64, "BLOCK", 16)     # two vectors of 8 doubles
    monkeypatch.setattr(cpu, "onednn_avx512", lambda: True)


@pytest.fixture
def machine_kernels(monkeypatch):
    """The kernels PyTorch runs on this machine (for tests against a live torch)."""
    from gradcli import cpu, vecmath, vecmath64
    monkeypatch.setattr(vecmath, "LANES", cpu.float32_lanes())
    monkeypatch.setattr(vecmath64, "BLOCK", cpu.float32_lanes())
    monkeypatch.delenv("GRADCLI_MKL_CPU", raising=False)
    cpu.mkl_vendor.cache_clear()
    yield
    monkeypatch.undo()
    cpu.mkl_vendor.cache_clear()


@pytest.fixture
def mkl_intel(monkeypatch):
    """MKL's kernels as PyTorch runs them on an Intel CPU with AVX-512 (the machine the
    expected bits of a test were recorded on), whatever this machine is."""
    from gradcli import cpu
    monkeypatch.setenv("GRADCLI_MKL_CPU", "intel")
    monkeypatch.setattr(cpu, "mkl_avx512", lambda: True)
    cpu.mkl_vendor.cache_clear()
    yield
    monkeypatch.undo()
    cpu.mkl_vendor.cache_clear()
