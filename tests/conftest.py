"""Fixtures shared by the test modules."""
from __future__ import annotations

import pytest


@pytest.fixture
def aten_avx512(request, monkeypatch):
    """PyTorch's float32 kernels as they run on a CPU with AVX-512 (16-lane vectors, oneDNN's
    AVX-512 gelu): the machine the expected bits in these tests were recorded on, whatever
    this one's CPU. (Without it gradcli follows this machine's, as PyTorch does: gradcli.cpu;
    a test that also asks for `machine_kernels` gets this machine's.)"""
    if "machine_kernels" in request.fixturenames:
        return
    from gradcli import cpu, vecmath
    monkeypatch.setattr(vecmath, "LANES", 16)
    monkeypatch.setattr(cpu, "onednn_avx512", lambda: True)


@pytest.fixture
def machine_kernels(monkeypatch):
    """The kernels PyTorch runs on this machine (for tests against a live torch)."""
    from gradcli import cpu, vecmath
    monkeypatch.setattr(vecmath, "LANES", cpu.float32_lanes())
