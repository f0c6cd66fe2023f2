"""The shared PyTorch-parity corpus, run as Python programs with `torch` bound to gradcli.

Each case is a real PyTorch program with the output PyTorch 2.13 printed; running it here
checks the engine alone (values, printing, node names, error texts), independent of the
formula language. Skipped when ../shared/conformance is absent."""
import contextlib
import io
import pathlib
import re
import sys

import pytest

import gradcli
import gradcli.autograd

CORPUS = pathlib.Path(__file__).resolve().parents[2] / "shared" / "conformance"
CASES = sorted(CORPUS.glob("*.grad")) if CORPUS.is_dir() else []
ADDR = re.compile(r" object at 0x[0-9a-fA-F…]+")


@pytest.fixture
def torch_is_gradcli(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", gradcli)
    monkeypatch.setitem(sys.modules, "torch.autograd", gradcli.autograd)


@pytest.mark.skipif(not CASES, reason="../shared/conformance not present")
@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_corpus_as_python(case, torch_is_gradcli):
    out, error = io.StringIO(), None
    with contextlib.redirect_stdout(out):
        try:
            exec(compile(case.read_text(), str(case), "exec"), {"__name__": "__main__"})
        except Exception as e:        # the program's own error is what we compare
            error = e
    assert ADDR.sub(" object at 0x…", out.getvalue()) == case.with_suffix(".out").read_text()
    err_file = case.with_suffix(".err")
    if err_file.exists():
        assert error is not None
        assert err_file.read_text().strip()[:50].lower() in str(error).lower()
    else:
        assert error is None, repr(error)
