"""`torch.set_printoptions` at the top level, in Python and in formula files, and its reset
between the files of a `gradcli batch` run. Expected texts are PyTorch 2.13's own output."""
from __future__ import annotations

import pytest

import gradcli as torch
from gradcli import batch as runner
from gradcli.printing import get_printoptions, set_printoptions


@pytest.fixture(autouse=True)
def restore_printoptions():
    saved = get_printoptions()
    yield
    set_printoptions(**saved)


def test_set_printoptions_is_torch_level_and_get_printoptions_is_not():
    assert torch.set_printoptions is set_printoptions
    assert not hasattr(torch, "get_printoptions")     # torch 2.13: only torch._tensor_str has it


@pytest.mark.parametrize("options, make, expected", [
    (dict(precision=2, threshold=5, edgeitems=1), lambda: torch.arange(10.) / 3,
     "tensor([0.,  ..., 3.])"),
    (dict(sci_mode=True, precision=3), lambda: torch.tensor([1.5, 2.25]),
     "tensor([1.500e+00, 2.250e+00])"),
    (dict(sci_mode=False), lambda: torch.tensor([1e-6, 1e9]),
     "tensor([         0.0000, 1000000000.0000])"),
    (dict(), lambda: torch.tensor([1e-6, 1e9]), "tensor([1.0000e-06, 1.0000e+09])"),
    (dict(linewidth=30, threshold=5), lambda: torch.arange(12.) * 1.5,
     "tensor([ 0.0000,  1.5000,\n         3.0000,  ...,\n        13.5000, 15.0000,\n"
     "        16.5000])"),
    (dict(profile="short"), lambda: torch.arange(2000.).reshape(40, 50) / 7,
     "tensor([[0.00e+00, 1.43e-01,  ..., 6.86e+00, 7.00e+00],\n"
     "        [7.14e+00, 7.29e+00,  ..., 1.40e+01, 1.41e+01],\n"
     "        ...,\n"
     "        [2.71e+02, 2.72e+02,  ..., 2.78e+02, 2.78e+02],\n"
     "        [2.79e+02, 2.79e+02,  ..., 2.85e+02, 2.86e+02]])"),
    (dict(threshold=4, edgeitems=0), lambda: torch.arange(10.),
     "tensor([...], size=(10,))"),
    (dict(linewidth=40), lambda: (torch.arange(8.) / 3).double().requires_grad_(),
     "tensor([0.0000, 0.3333, 0.6667, 1.0000,\n"
     "        1.3333, 1.6667, 2.0000, 2.3333],\n"
     "       dtype=torch.float64,\n"
     "       requires_grad=True)"),
])
def test_options_like_torch(options, make, expected):
    torch.set_printoptions(profile="default")
    torch.set_printoptions(**options)
    assert repr(make()) == expected
    assert str(make()) == expected


def test_options_persist_until_changed_and_sci_mode_resets():
    torch.set_printoptions(precision=2, sci_mode=True)
    torch.set_printoptions(threshold=5)          # keeps precision=2, sci_mode back to auto
    assert repr(torch.tensor([1.5, 2.25])) == "tensor([1.50, 2.25])"
    torch.set_printoptions(profile="default")
    assert repr(torch.tensor([1.5, 2.25])) == "tensor([1.5000, 2.2500])"


def test_full_profile_prints_every_element():
    torch.set_printoptions(profile="full")
    text = repr(torch.arange(1001))
    assert "..." not in text
    assert text.endswith("  996,  997,  998,  999, 1000])")
    assert text.count("\n") == 83


def test_formula_file_honours_printoptions(tmp_path):
    from click.testing import CliRunner
    from gradcli.cli import main
    path = tmp_path / "p.grad"
    path.write_text("import torch\ntorch.set_printoptions(precision=2, threshold=5, edgeitems=1)\n"
                    "x = torch.arange(10.) / 3\nprint(x)\ntorch.set_printoptions(sci_mode=True)\n"
                    "print(x)\n")
    result = CliRunner().invoke(main, ["run", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output == "tensor([0.,  ..., 3.])\ntensor([0.00e+00,  ..., 3.00e+00])\n"


def test_batch_resets_printoptions_between_files(tmp_path):
    (tmp_path / "a.grad").write_text(
        "import torch\ntorch.set_printoptions(precision=2, threshold=5, edgeitems=1, "
        "linewidth=20, sci_mode=True)\nprint(torch.arange(10.) / 3)\n")
    (tmp_path / "a.out").write_text("tensor([0.00e+00,\n         ...,\n        3.00e+00])\n")
    (tmp_path / "b.grad").write_text("import torch\nprint(torch.arange(10.) / 3)\n")
    (tmp_path / "b.out").write_text(
        "tensor([0.0000, 0.3333, 0.6667, 1.0000, 1.3333, 1.6667, 2.0000, 2.3333, 2.6667,\n"
        "        3.0000])\n")
    settings = runner.RunSettings()
    for name in ("a", "b"):       # one process, one after the other, as a batch worker runs
        result = runner.execute(str(tmp_path / f"{name}.grad"), f"{name}.grad", settings)
        assert result["ended"] == "ok", result
        assert result["stdout"] == (tmp_path / f"{name}.out").read_text()
