"""Golden files: every sample, and the shared PyTorch-parity corpus, passes `gradcli batch`."""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

from gradcli import batch as runner

ROOT = pathlib.Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
CONFORMANCE = ROOT.parent / "shared" / "conformance"


def failures(results) -> str:
    return "\n".join(f"{r.file}: {r.status}: {r.detail}" for r in results if not r.passed)


def test_gradcli_batch_samples_passes_every_sample():
    code = "import sys; from gradcli.cli import main; sys.exit(main())"
    proc = subprocess.run([sys.executable, "-c", code, "batch", "samples/", "--json"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT,
                          stdin=subprocess.DEVNULL)
    assert proc.stdout, proc.stderr
    doc = json.loads(proc.stdout)
    bad = [f"{r['file']}: {r['status']}: {r['detail']}" for r in doc["results"]
           if r["status"] != "pass"]
    assert proc.returncode == 0 and not bad, "\n".join(bad) or proc.stderr
    names = {pathlib.Path(r["file"]).name for r in doc["results"]}
    assert names == {p.name for p in SAMPLES.glob("*.grad")}


def test_every_sample_has_its_expected_output_and_says_what_it_teaches():
    samples = sorted(SAMPLES.glob("*.grad"))
    assert len(samples) >= 19
    readme = (SAMPLES / "README.md").read_text()
    for path in samples:
        assert path.with_suffix(".out").exists(), path.name
        assert path.read_text().startswith("#"), f"{path.name} opens without a comment"
        assert "Teaches:" in path.read_text(), path.name
        assert f"`{path.name}`" in readme, f"{path.name} is missing from samples/README.md"


@pytest.mark.skipif(not CONFORMANCE.is_dir(), reason="../shared/conformance is absent")
def test_the_shared_conformance_corpus_passes():
    results = runner.run_batch(runner.discover([CONFORMANCE]), runner.RunSettings(timeout=60))
    assert results and all(r.passed for r in results), failures(results)
