"""Fixtures shared by the test modules."""
from __future__ import annotations

import pytest


@pytest.fixture
def aten_avx512(monkeypatch):
    """PyTorch's float32 kernels as they run on a CPU with AVX-512 (16-lane vectors): the
    machine the expected bits in these tests were recorded on, whatever this one's CPU.
    (Without it gradcli follows this machine's, as PyTorch does: gradcli.cpu.)"""
    from gradcli import vecmath
    monkeypatch.setattr(vecmath, "LANES", 16)


@pytest.fixture
def machine_kernels(monkeypatch):
    """The kernels PyTorch runs on this machine (for tests against a live torch)."""
    from gradcli import cpu, vecmath
    monkeypatch.setattr(vecmath, "LANES", cpu.float32_lanes())
