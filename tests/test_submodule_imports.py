"""The library is usable as `import gradcli as torch`: the namespaces PyTorch has as modules
import as modules here too (`from torch.func import grad`, `import torch.linalg`,
`from torch.optim.lr_scheduler import StepLR`), and they are the same objects as the
attributes."""
from __future__ import annotations

import importlib

import pytest

import gradcli


@pytest.mark.parametrize("name", ["func", "linalg", "special", "fft", "cuda", "backends",
                                  "optim.lr_scheduler", "optim.swa_utils", "nn.functional",
                                  "autograd.functional"])
def test_submodule_imports_as_the_attribute(name):
    module = importlib.import_module(f"gradcli.{name}")
    attr = gradcli
    for part in name.split("."):
        attr = getattr(attr, part)
    assert module is attr


def test_from_imports_give_working_functions():
    from gradcli.func import grad, vmap
    from gradcli.linalg import det
    from gradcli.optim.lr_scheduler import StepLR
    x = gradcli.tensor([1.0, 2.0])
    assert grad(lambda t: (t ** 2).sum())(x).tolist() == [2.0, 4.0]
    assert vmap(lambda t: t * 3)(x).tolist() == [3.0, 6.0]
    assert det(gradcli.eye(2) * 2).item() == 4.0
    opt = gradcli.optim.SGD([gradcli.zeros(1, requires_grad=True)], lr=1.0)
    assert isinstance(StepLR(opt, 2), gradcli.optim.lr_scheduler.StepLR)


def test_every_optimizer_is_an_attribute_of_optim():
    """The optimizers kept in other files are the library's too, as in a formula."""
    from gradcli.optim import ASGD, LBFGS, NAdam, RAdam, Rprop, Adadelta, Adamax, SparseAdam
    w = gradcli.tensor([1.0, -2.0], requires_grad=True)
    for cls in (ASGD, NAdam, RAdam, Rprop, Adadelta, Adamax):
        opt = cls([w])
        opt.zero_grad()
        (w * w).sum().backward()
        opt.step()
    assert LBFGS.__name__ == "LBFGS" and SparseAdam.__name__ == "SparseAdam"
    assert gradcli.optim.swa_utils is gradcli.optim.swa_utils


def test_other_names_are_still_missing():
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("gradcli.no_such_module")


def test_library_has_the_names_a_formula_torch_has():
    """Every public name of a formula's `torch` and `torch.distributions` is an attribute of
    the package too (`torch.pi`, `torch.FloatTensor`, `torch.distributions.Normal` ...)."""
    from gradcli.namespace import torch_namespace
    ns = torch_namespace()
    assert [n for n in dir(ns) if not n.startswith("_") and not hasattr(gradcli, n)] == []
    dist = ns.distributions
    assert [n for n in dir(dist) if not n.startswith("_")
            and not hasattr(gradcli.distributions, n)] == []
    from gradcli.distributions import Normal
    lp = Normal(gradcli.tensor(0.0), gradcli.tensor(1.0)).log_prob(gradcli.tensor(0.0))
    assert abs(lp.item() + 0.9189385) < 1e-6
    assert gradcli.pi == 3.141592653589793 and gradcli.newaxis is None


def test_an_aliased_module_keeps_its_own_spec():
    """`import gradcli.func` is gradcli/autograd/func.py under a second name: the module
    keeps its own __spec__, so its lazy relative imports do not warn "__package__ !=
    __spec__.parent" (which a formula would show) once it has been imported by the alias."""
    import warnings
    module = importlib.import_module("gradcli.func")
    assert module.__spec__.name == "gradcli.autograd.func"
    with warnings.catch_warnings():
        warnings.simplefilter("error", ImportWarning)
        x = gradcli.ones(2)
        assert module.jacrev(lambda t: (t * t).sum())(x).tolist() == [2.0, 2.0]
