"""Fixtures shared by the test modules."""
from __future__ import annotations

import os

import pytest

# The expected bits of matrix products in these tests were recorded with torch on an AMD EPYC,
# whose MKL kernels gradcli follows there (gradcli.cpu.mkl_vendor; on Intel's CPUs MKL takes
# others): the tests ask for those on any machine, and CLI runs in subprocesses inherit it.
# `machine_kernels` gives this machine's.
os.environ.setdefault("GRADCLI_MKL_CPU", "amd")
# And they were recorded where PyTorch runs its AVX-512 kernels (gradcli.cpu.capability): the
# tests ask gradcli for those bits on any machine (one without AVX-512 included), CLI runs in
# subprocesses too; `machine_kernels` gives this machine's, `aten_avx2` the AVX2 ones.
os.environ.setdefault("GRADCLI_CPU_CAPABILITY", "avx512")


# Bits these tests pin that gradcli reproduces only where NumPy runs its AVX-512 kernels:
# gradcli's float64 ports of PyTorch's tanh (MKL's), atan2 (SLEEF's), complex acosh and a
# few activations' gradients build on NumPy's exp, log and friends, whose last bits NumPy
# takes from other code on a CPU without AVX-512 (and so does PyTorch: MKL and SLEEF too
# run other code there). Those tests skip on such a machine, saying so; the other tests
# ask for AVX-512's bits through GRADCLI_CPU_CAPABILITY above, whatever the CPU.
AVX512_NUMPY_BITS = frozenset((
    "tests/test_float64_kernels.py::test_float64_atan2_and_complex128_angle_are_atens",
    "tests/test_forward_ad_edges.py::test_prints_what_pytorch_printed[complex_acosh_and_norms]",
    "tests/test_forward_over_reverse.py::test_prints_what_pytorch_printed[activations]",
    "tests/test_forward_over_reverse.py::test_prints_what_pytorch_printed"
    "[softmax-decompositions]",
    "tests/test_forward_over_reverse.py::test_prints_what_pytorch_printed[recorded-and-second]",
    "tests/test_mklvml_s44.py::test_float64_tanh_is_mkls",
    "tests/test_parity_fixes18.py::test_prints_what_pytorch_printed[elementwise-0]",
    "tests/test_parity_s42_reduced.py::test_prints_what_pytorch_printed[backward-kernels-1]",
))


def _numpy_avx512() -> bool:
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:                              # (NumPy 1.x)
        from numpy.core._multiarray_umath import __cpu_features__ as features
    return bool(features.get("AVX512F") or features.get("X86_V4"))


def pytest_collection_modifyitems(config, items):
    if _numpy_avx512():
        return
    skip = pytest.mark.skip(reason="bits recorded where NumPy (and PyTorch) run AVX-512 "
                                   "kernels; this CPU has none (see AVX512_NUMPY_BITS)")
    for item in items:
        if item.nodeid in AVX512_NUMPY_BITS:
            item.add_marker(skip)


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


def _cpu_caches_cleared():
    from gradcli import cpu
    for choice in (cpu.capability, cpu.onednn_avx512, cpu.mkl_vendor):
        choice.cache_clear()


@pytest.fixture
def machine_kernels(monkeypatch):
    """The kernels PyTorch runs on this machine (for tests against a live torch)."""
    from gradcli import cpu, vecmath, vecmath64
    monkeypatch.delenv("GRADCLI_CPU_CAPABILITY", raising=False)
    monkeypatch.delenv("GRADCLI_MKL_CPU", raising=False)
    _cpu_caches_cleared()
    monkeypatch.setattr(vecmath, "LANES", cpu.float32_lanes())
    monkeypatch.setattr(vecmath64, "BLOCK", cpu.float32_lanes())
    yield
    monkeypatch.undo()
    _cpu_caches_cleared()


@pytest.fixture
def aten_avx2(monkeypatch):
    """PyTorch's kernels as they run on a CPU with AVX2 but not AVX-512 (8-lane float32
    vectors, oneDNN's AVX2 gelu): for the expected bits recorded on such a machine."""
    from gradcli import vecmath, vecmath64
    monkeypatch.setenv("GRADCLI_CPU_CAPABILITY", "avx2")
    _cpu_caches_cleared()
    monkeypatch.setattr(vecmath, "LANES", 8)
    monkeypatch.setattr(vecmath64, "BLOCK", 8)
    yield
    monkeypatch.undo()
    _cpu_caches_cleared()


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
