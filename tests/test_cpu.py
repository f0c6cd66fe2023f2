"""gradcli.cpu: the kernels PyTorch picks on this machine, which vecmath follows."""
from __future__ import annotations

import pytest

from gradcli import cpu

AVX512 = {"avx512f", "avx512vl", "avx512bw", "avx512dq", "fma", "avx2"}
AVX2 = {"avx2", "fma", "sse4_2"}


@pytest.mark.parametrize("flags, env, expected", [
    (AVX512, None, "avx512"),
    (AVX2, None, "avx2"),
    ({"sse4_2"}, None, "default"),
    ({"avx2"}, None, "default"),                  # AVX2 without FMA: PyTorch's default
    (AVX512 - {"avx512dq"}, None, "avx2"),
    (AVX512, "avx2", "avx2"),                     # ATEN_CPU_CAPABILITY lowers it
    (AVX512, "default", "default"),
    (AVX2, "avx512", "avx2"),                     # ... never raises it (PyTorch would crash)
    (AVX2, "bogus", "avx2"),
    (None, None, "avx512"),                       # no /proc/cpuinfo: the recorded machine
    (None, "avx2", "avx2"),
])
def test_capability(monkeypatch, flags, env, expected):
    monkeypatch.setattr(cpu, "_flags", lambda: None if flags is None else set(flags))
    monkeypatch.delenv("GRADCLI_CPU_CAPABILITY", raising=False)   # (the suite sets it)
    if env is None:
        monkeypatch.delenv("ATEN_CPU_CAPABILITY", raising=False)
    else:
        monkeypatch.setenv("ATEN_CPU_CAPABILITY", env)
    cpu.capability.cache_clear()
    try:
        assert cpu.capability() == expected
        assert cpu.float32_lanes() == (16 if expected == "avx512" else 8)
    finally:
        cpu.capability.cache_clear()


def test_this_machine_is_read():
    flags = cpu._flags()
    if flags is None:
        pytest.skip("no /proc/cpuinfo here")
    assert "fpu" in flags or "sse2" in flags


@pytest.mark.parametrize("flags, env, expected", [
    (AVX512, None, True),
    (AVX2, None, False),
    (AVX512 - {"avx512bw"}, None, False),
    (AVX512 - {"fma"}, None, True),              # oneDNN's avx512_core asks no more than these
    (AVX512, ("ATEN_CPU_CAPABILITY", "avx2"), True),    # PyTorch's choice is not oneDNN's
    (AVX512, ("ONEDNN_MAX_CPU_ISA", "AVX2"), False),
    (AVX512, ("DNNL_MAX_CPU_ISA", "sse41"), False),
    (AVX512, ("ONEDNN_MAX_CPU_ISA", "AVX2_VNNI"), False),
    (AVX512, ("ONEDNN_MAX_CPU_ISA", "AVX512_CORE"), True),
    (AVX512, ("ONEDNN_MAX_CPU_ISA", "ALL"), True),
    (AVX2, ("ONEDNN_MAX_CPU_ISA", "AVX512_CORE"), False),   # a limit never raises it
    (None, None, True),                          # no /proc/cpuinfo: the recorded machine
])
def test_onednn_avx512(monkeypatch, flags, env, expected):
    monkeypatch.setattr(cpu, "_flags", lambda: None if flags is None else set(flags))
    for name in ("ATEN_CPU_CAPABILITY", "ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA",
                 "GRADCLI_CPU_CAPABILITY"):
        monkeypatch.delenv(name, raising=False)
    if env is not None:
        monkeypatch.setenv(*env)
    cpu.onednn_avx512.cache_clear()
    try:
        assert cpu.onednn_avx512() is expected
    finally:
        cpu.onednn_avx512.cache_clear()


@pytest.mark.parametrize("flags, recorded, aten, expected, onednn", [
    (AVX2, "avx512", None, "avx512", True),       # another machine's bits, on this one
    (AVX2, "avx512", "default", "avx512", True),  # (PyTorch's own setting does not lower it)
    (AVX512, "avx2", None, "avx2", False),
    (AVX512, "default", None, "default", False),
    (None, "avx2", None, "avx2", False),
    (AVX2, "bogus", None, "avx2", False),         # not one of the three: this machine's
])
def test_recorded_capability(monkeypatch, flags, recorded, aten, expected, onednn):
    """GRADCLI_CPU_CAPABILITY: gradcli rounds as PyTorch on a machine with that instruction
    set, whatever this one has (the test suite asks for AVX-512's)."""
    monkeypatch.setattr(cpu, "_flags", lambda: None if flags is None else set(flags))
    monkeypatch.setenv("GRADCLI_CPU_CAPABILITY", recorded)
    for name in ("ATEN_CPU_CAPABILITY", "ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA"):
        monkeypatch.delenv(name, raising=False)
    if aten is not None:
        monkeypatch.setenv("ATEN_CPU_CAPABILITY", aten)
    cpu.capability.cache_clear()
    cpu.onednn_avx512.cache_clear()
    try:
        assert cpu.capability() == expected
        assert cpu.onednn_avx512() is onednn
    finally:
        cpu.capability.cache_clear()
        cpu.onednn_avx512.cache_clear()
