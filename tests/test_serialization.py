"""torch.save and torch.load: inside a formula run, files are the run's own (kept in memory,
never on disk); used as a library they are real files. Both keep PyTorch's semantics: tensors
come back detached with their flags, Parameters stay Parameters, `weights_only` (the default)
refuses a whole model with PyTorch's message, a missing file is FileNotFoundError.

The formula's expected output is what Python with torch 2.13 printed for it."""
from __future__ import annotations

import io
import pickle

import pytest

import gradcli
from gradcli.errors import EvalError
from gradcli.lang import run_source

PROGRAM = 'import torch, torch.nn as nn\ntorch.manual_seed(0)\nm = nn.Linear(2, 1)\ntorch.save(m.state_dict(), "m.pth")\nsd = torch.load("m.pth")\nprint(sd)\nprint(type(sd))\nm2 = nn.Linear(2, 1); print(m2.load_state_dict(sd))\nx = torch.ones(2, requires_grad=True); y = x * 2\ntorch.save({"x": x, "y": y, "v": x[:1], "n": 3, "s": "a", "l": [1.5, (2, None)]}, "t.pt")\nd = torch.load("t.pt")\nprint(d, d["x"].is_leaf, d["y"].is_leaf, d["y"].requires_grad, d["v"]._base is d["x"])\ntorch.save(m, "whole.pt")\ntry:\n    torch.load("whole.pt")\nexcept Exception as e:\n    print(type(e).__name__, str(e)[:3000])\nm3 = torch.load("whole.pt", weights_only=False)\nprint(m3, m3.weight)\ntry:\n    torch.load("nope.pt")\nexcept Exception as e:\n    print(type(e).__name__, e)\np = nn.Parameter(torch.ones(2))\ntorch.save(p, "p.pt"); print(torch.load("p.pt"))\ntorch.save([torch.tensor(1), torch.tensor([1,2], dtype=torch.int8)], "q.pt"); print(torch.load("q.pt"))\nopt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)\nm(torch.ones(1, 2)).sum().backward(); opt.step()\ntorch.save({"model": m.state_dict(), "optimizer": opt.state_dict(), "epoch": 3}, "ck.pt")\nck = torch.load("ck.pt")\nprint(ck["optimizer"])\nopt.load_state_dict(ck["optimizer"])\n'

EXPECTED = "OrderedDict([('weight', tensor([[-0.0053,  0.3793]])), ('bias', tensor([-0.5820]))])\n<class 'collections.OrderedDict'>\n<All keys matched successfully>\n{'x': tensor([1., 1.], requires_grad=True), 'y': tensor([2., 2.], requires_grad=True), 'v': tensor([1.], requires_grad=True), 'n': 3, 's': 'a', 'l': [1.5, (2, None)]} True True True False\nUnpicklingError Weights only load failed. This file can still be loaded, to do so you have two options, \x1b[1mdo those steps only if you trust the source of the checkpoint\x1b[0m. \n\t(1) In PyTorch 2.6, we changed the default value of the `weights_only` argument in `torch.load` from `False` to `True`. Re-running `torch.load` with `weights_only` set to `False` will likely succeed, but it can result in arbitrary code execution. Do it only if you got the file from a trusted source.\n\t(2) Alternatively, to load with `weights_only=True` please check the recommended steps in the following error message.\n\tWeightsUnpickler error: Unsupported global: GLOBAL torch.nn.modules.linear.Linear was not an allowed global by default. Please use `torch.serialization.add_safe_globals([torch.nn.modules.linear.Linear])` or the `torch.serialization.safe_globals([torch.nn.modules.linear.Linear])` context manager to allowlist this global if you trust this class/function.\n\nCheck the documentation of torch.load to learn more about types accepted by default with weights_only https://pytorch.org/docs/stable/generated/torch.load.html.\nLinear(in_features=2, out_features=1, bias=True) Parameter containing:\ntensor([[-0.0053,  0.3793]], requires_grad=True)\nFileNotFoundError [Errno 2] No such file or directory: 'nope.pt'\nParameter containing:\ntensor([1., 1.], requires_grad=True)\n[tensor(1), tensor([1, 2], dtype=torch.int8)]\n{'state': {0: {'momentum_buffer': tensor([[1., 1.]])}, 1: {'momentum_buffer': tensor([1.])}}, 'param_groups': [{'lr': 0.1, 'momentum': 0.9, 'dampening': 0, 'weight_decay': 0, 'nesterov': False, 'maximize': False, 'foreach': None, 'differentiable': False, 'fused': None, 'params': [0, 1]}]}\n"


def test_a_save_and_load_program_prints_what_torch_printed():
    out = io.StringIO()
    run_source(PROGRAM, filename="<save_load>", out=out)
    assert out.getvalue() == EXPECTED


def run_error(source: str) -> EvalError:
    with pytest.raises(EvalError) as info:
        run_source("import torch\n" + source, out=io.StringIO())
    return info.value


def test_a_formula_never_reads_the_disk(tmp_path):
    real = tmp_path / "real.pt"
    gradcli.save(gradcli.ones(2), str(real))
    err = run_error(f"torch.load({str(real)!r})\n")
    assert err.message == f"FileNotFoundError: [Errno 2] No such file or directory: '{real}'"


def test_a_formula_never_writes_the_disk(tmp_path):
    target = tmp_path / "w.pt"
    run_source(f"import torch\ntorch.save(torch.ones(2), {str(target)!r})\n", out=io.StringIO())
    assert not target.exists()


def test_files_do_not_outlive_their_run():
    run_source("import torch\ntorch.save(1, 'a.pt')\n", out=io.StringIO())
    err = run_error("torch.load('a.pt')\n")
    assert "No such file or directory: 'a.pt'" in err.message


def test_a_loaded_state_dict_does_not_alias_the_model():
    out = io.StringIO()
    run_source("import torch\nimport torch.nn as nn\nm = nn.Linear(1, 1)\n"
               "torch.save(m.state_dict(), 'm.pt')\nsd = torch.load('m.pt')\n"
               "sd['bias'].fill_(7.0)\nprint(m.bias.item() != 7.0, torch.load('m.pt')['bias'].item() != 7.0)\n",
               out=out)
    assert out.getvalue() == "True True\n"


def test_a_formula_class_is_refused_when_weights_only():
    err = run_error("class Box:\n    pass\ntorch.save(Box(), 'b.pt')\ntorch.load('b.pt')\n")
    assert "Unsupported global: GLOBAL __main__.Box was not an allowed global" in err.message


def test_library_files_round_trip_with_shared_memory_lost_but_values_kept(tmp_path):
    x = gradcli.arange(4.0).requires_grad_()
    path = tmp_path / "x.pt"
    gradcli.save({"x": x, "head": x[:2], "n": 3}, path)
    loaded = gradcli.load(path)
    assert loaded["n"] == 3
    assert loaded["x"].tolist() == [0.0, 1.0, 2.0, 3.0] and loaded["x"].requires_grad
    assert loaded["head"].tolist() == [0.0, 1.0] and loaded["x"].is_leaf


def test_library_weights_only_refuses_a_model_file_before_building_it(tmp_path):
    model = gradcli.nn.Linear(2, 1)
    path = tmp_path / "model.pt"
    gradcli.save(model, path)
    with pytest.raises(pickle.UnpicklingError,
                       match="GLOBAL torch.nn.modules.linear.Linear was not an allowed global"):
        gradcli.load(path)
    assert type(gradcli.load(path, weights_only=False)).__name__ == "Linear"
