"""The op modules `import gradcli` leaves for later (gradcli.ops.EAGER, LAZY_NAMES): the
index of their names is current, a one-liner of everyday ops does not load them, and every
way of reaching one of their names loads them and behaves as if they had been loaded at
import. Each check runs in a fresh process (this one has loaded everything long ago)."""
from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import textwrap

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import gen_lazy_names  # noqa: E402


def fresh(code: str) -> dict:
    """Run `code` in a new interpreter (gradcli from this checkout); it sets `out`, a dict,
    which comes back through JSON."""
    program = "import json, sys\nout = {}\n" + textwrap.dedent(code) + \
        "\nsys.stdout.write(json.dumps(out))\n"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def gradcli_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "gradcli", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env)


def test_the_index_of_lazy_names_is_current():
    from gradcli.ops._lazy_names import LAZY_NAMES
    measured = gen_lazy_names.compute()
    assert {k: sorted(v) for k, v in LAZY_NAMES.items()} == measured, \
        "run python tools/gen_lazy_names.py"
    assert gen_lazy_names.render(measured) == \
        (ROOT / "gradcli" / "ops" / "_lazy_names.py").read_text()


def test_import_and_an_everyday_one_liner_leave_the_rest_unloaded():
    out = fresh("""
        import gradcli
        from gradcli import ops
        out["after_import"] = ops.all_loaded()
        from gradcli.cli import main
        sys.argv = ["gradcli", "grad", "2*dot(x,x)", "--x", "0,1,2,3", "--json"]
        import io, contextlib
        buf = io.StringIO()
        try:
            with contextlib.redirect_stdout(buf):
                main()
        except SystemExit as e:
            out["status"] = e.code
        out["doc"] = json.loads(buf.getvalue())
        out["after_run"] = ops.all_loaded()
        out["modules"] = sorted(m for m in sys.modules if m.startswith("gradcli.ops."))
    """)
    assert out["after_import"] is False
    assert out["status"] in (0, None)
    assert out["doc"]["inputs"]["x"]["grad"] == [0.0, 4.0, 8.0, 12.0]
    assert out["after_run"] is False
    out = fresh("""
        import gradcli
        from gradcli import lang, ops
        v = lang.eval_expression("2*dot(x,x) + sum(sin(x)*exp(x)) + x.mean()",
                                 {"x": gradcli.tensor([1.0, 2.0])})
        out["loaded"] = ops.all_loaded()
        out["modules"] = sorted(m for m in sys.modules if m.startswith("gradcli.ops."))
    """)
    assert out["loaded"] is False
    assert "gradcli.ops.nn" not in out["modules"]
    assert "gradcli.ops.activation" not in out["modules"]


def test_the_backward_of_sum_and_mean_leaves_the_rest_unloaded():
    """Their backward expands the gradient (shape's expand): a file that ends in
    `y.sum().backward()` loads no more than `import gradcli` did."""
    out = fresh("""
        import io
        from gradcli import lang, ops
        lang.run_source("import torch\\n"
                        "x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\\n"
                        "(x * x).sum().backward()\\n"
                        "(x.exp()).mean().backward()\\n"
                        "print(x.grad)\\n", filename="<t>", out=(buf := io.StringIO()))
        out["printed"] = buf.getvalue()
        out["loaded"] = ops.all_loaded()
    """)
    assert out["printed"] == "tensor([ 2.9061,  6.4630, 12.6952])\n"
    assert out["loaded"] is False


@pytest.mark.parametrize("code, expected", [
    # a registry lookup, `in`, get, and an enumeration
    ("from gradcli.ops.registry import REGISTRY\nout['v'] = REGISTRY['mse_loss'].grad_fn",
     "MseLossBackward0"),
    ("from gradcli.ops.registry import REGISTRY\nout['v'] = 'conv2d' in REGISTRY", True),
    ("from gradcli.ops.registry import REGISTRY\nout['v'] = REGISTRY.get('cross_entropy') "
     "is not None", True),
    ("from gradcli.ops.registry import REGISTRY\nout['v'] = len(REGISTRY) > 600", True),
    # the package's names
    ("import gradcli\nout['v'] = gradcli.sinh(gradcli.tensor(0.0)).item()", 0.0),
    ("from gradcli import logsumexp\nout['v'] = logsumexp.__name__", "logsumexp"),
    ("import gradcli\nout['v'] = 'conv2d' in dir(gradcli)", True),
    ("import gradcli\nout['v'] = {'testing', 'amp', 'autocast', 'is_autocast_enabled'} <= "
     "set(dir(gradcli))", True),
    ("import gradcli\nout['v'] = gradcli.ctc_loss.__name__", "native_ctc_loss"),
    # Tensor's methods, properties and operators, on the class and on a tensor
    ("import gradcli\nout['v'] = gradcli.Tensor.flatten.__name__", "flatten"),
    ("import gradcli\nx = gradcli.tensor([1.0, 2.0], requires_grad=True)\n"
     "out['v'] = x.reshape(2, 1).grad_fn.name()", "ViewBackward0"),
    ("import gradcli\nx = gradcli.ones(2, 3)\nout['v'] = list(x.mT.shape)", [3, 2]),
    ("import gradcli\nx = gradcli.tensor([1.0, 2.0])\nout['v'] = x[1].item()", 2.0),
    ("import gradcli\nx = gradcli.tensor([1.0, 2.0])\ny = x\ny += 1\n"
     "out['v'] = [y is x, x._version, x.tolist()]", [True, 1, [2.0, 3.0]]),
    ("import gradcli\nx = gradcli.tensor([1.0, 2.0])\nx[0] = 5\nout['v'] = x.tolist()",
     [5.0, 2.0]),
    ("import gradcli\nout['v'] = 'reshape' in dir(gradcli.tensor(1.0))", True),
    ("import gradcli\nout['v'] = 'reshape' in dir(gradcli.Tensor)", True),
    # a formula's names: bare, through torch, torch.linalg, torch.nn.functional, duals
    ("from gradcli import lang\nimport gradcli\n"
     "out['v'] = lang.eval_expression('relu(x).sum()', {'x': gradcli.tensor([-1.0])}).item()",
     0.0),
    ("from gradcli import lang\nimport gradcli\nout['v'] = lang.eval_expression("
     "'mse_loss(x, 2*x)', {'x': gradcli.tensor([1.0, 2.0], requires_grad=True)})"
     ".grad_fn.name()", "MseLossBackward0"),
    ("from gradcli import lang\nimport io\nf = io.StringIO()\nlang.run_source("
     "'import torch\\nprint(torch.linalg.norm(torch.tensor([3.0, 4.0])))\\n', out=f)\n"
     "out['v'] = f.getvalue()", "tensor(5.)\n"),
    ("from gradcli import lang\nimport io\nf = io.StringIO()\nlang.run_source("
     "'import torch\\nimport torch.nn.functional as F\\n"
     "print(F.relu(torch.tensor([-1.0, 2.0])))\\n', out=f)\nout['v'] = f.getvalue()",
     "tensor([0., 2.])\n"),
    ("from gradcli import lang\nimport io\nf = io.StringIO()\nlang.run_source("
     "'import torch\\nprint(torch.special.expit(torch.tensor(0.0)))\\n', out=f)\n"
     "out['v'] = f.getvalue()", "tensor(0.5000)\n"),
    ("from gradcli import lang\nout['v'] = lang.free_names('relu(x) + y')", ["x", "y"]),
])
def test_a_lazy_name_loads_the_rest(code, expected):
    out = fresh("from gradcli import ops\nbefore = ops.all_loaded()\n" + code +
                "\nout['before'] = before")
    assert out["before"] is False
    assert out["v"] == expected


def test_the_builtins_a_formula_shares_with_torch_are_loaded_at_import():
    """abs, min, max, sum, round, pow, all, any: a formula's bare one is Python's for numbers
    and torch's for tensors (lang.builtins._dual), which needs torch's at hand."""
    from gradcli.lang.builtins import BUILTIN_NAMES
    from gradcli.ops._lazy_names import LAZY_NAMES
    shared = {"abs", "min", "max", "sum", "round", "pow", "all", "any"} & set(BUILTIN_NAMES)
    assert shared and not shared & LAZY_NAMES["bare"]


def test_names_no_op_module_defines_load_nothing():
    out = fresh("""
        import gradcli
        from gradcli import lang, ops
        from gradcli.ops.registry import REGISTRY
        x = gradcli.tensor([1.0])
        try:
            x.no_such_method
        except AttributeError as e:
            out["attr"] = str(e)
        out["hasattr"] = hasattr(gradcli, "no_such_function")
        out["in"] = "no_such_op" in REGISTRY
        out["free"] = lang.free_names("x + weight")
        out["loaded"] = ops.all_loaded()
    """)
    assert out == {"attr": "'Tensor' object has no attribute 'no_such_method'",
                   "hasattr": False, "in": False, "free": ["x", "weight"], "loaded": False}


def test_importing_a_submodule_first_loads_no_op_module():
    """`from . import cpu` inside gradcli (vecmath's first line) asks the package for `cpu`
    before importing it: a submodule listed as a lazy name made that load every op module,
    one of which imports vecmath back (a circular ImportError in a fresh process)."""
    from gradcli.ops._lazy_names import LAZY_NAMES
    import pkgutil
    import gradcli
    submodules = {m.name for m in pkgutil.iter_modules(gradcli.__path__)}
    assert not LAZY_NAMES["gradcli"] & submodules
    out = fresh("""
        import gradcli.vecmath
        from gradcli import ops
        out["loaded"] = ops.all_loaded()
        x = gradcli.tensor([[3.0], [-4.0]], dtype=gradcli.float64)
        out["norm"] = float(gradcli.linalg.vector_norm(x, 3, dim=()))
    """)
    assert out["loaded"] is False and abs(out["norm"] - 4.497941445275415) < 1e-12


def test_a_misspelt_lazy_name_is_hinted():
    done = gradcli_cli("grad", "sinhh(x)", "--x", "1")
    assert done.returncode != 0
    assert "sinh" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_one_liners_with_lazy_ops_match_the_loaded_engine():
    """The same formulas, in a fresh process and after loading everything: same JSON."""
    formulas = ["sum(tanh(x)*x)", "logsumexp(x, 0)", "norm(x)", "x.softmax(0)[1]",
                "mean(x**2) + max(x)", "cumsum(x, 0).sum()"]
    lazy = [gradcli_cli("grad", f, "--x", "0.5,1,2", "--json") for f in formulas]
    for done in lazy:
        assert done.returncode == 0, done.stderr
    from gradcli import lang  # noqa: F401  (this process: everything is loaded)
    from gradcli.cli.evaluate import grad_report  # noqa: F401
    out = fresh("""
        from gradcli import ops
        ops.load_all()
        import io, contextlib
        from gradcli.cli import main
        docs = []
        for f in %r:
            sys.argv = ["gradcli", "grad", f, "--x", "0.5,1,2", "--json"]
            buf = io.StringIO()
            try:
                with contextlib.redirect_stdout(buf):
                    main()
            except SystemExit:
                pass
            docs.append(json.loads(buf.getvalue()))
        out["docs"] = docs
    """ % (formulas,))
    assert [json.loads(d.stdout) for d in lazy] == out["docs"]


def test_bare_names_survive_every_op_module_being_loaded_by_something_else():
    """A formula that loads the rest of the op modules (printing torch.sigmoid, a backward)
    left the interpreter's engine without their bare names: a later one-liner in the same
    process read `sigmoid` as a variable ('missing value for variable 'sigmoid'')."""
    import subprocess
    import sys
    code = ("import io\nfrom gradcli import lang, ops\n"
            "print(lang.free_names('mean(sigmoid(w*x + b))'))\n"
            "lang.run_source('import torch\\nprint(torch.sigmoid)', 'a.grad', out=io.StringIO())\n"
            "ops.load_all()\n"
            "print(lang.free_names('mean(sigmoid(w*x + b))'))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out == "['w', 'x', 'b']\n['w', 'x', 'b']\n"


def test_running_a_program_imports_no_module_only_errors_or_str_format_need():
    """difflib (did-you-mean hints) and `string` (str.format in a formula) are start-up
    cost that a program which prints no error and formats nothing does not pay; a
    formula's str.format still works."""
    out = fresh("""
        import io, contextlib, re
        from gradcli import lang
        from gradcli.lang import guards
        buf = io.StringIO()
        lang.run_source("import torch\\nx = torch.ones(2, requires_grad=True)\\n"
                        "(x * x).sum().backward()\\nprint(x.grad)\\n", filename="p.grad",
                        out=buf)
        out["printed"] = buf.getvalue()
        out["modules"] = sorted(m for m in ("difflib", "string") if m in sys.modules)
        out["formatter"] = bool(guards._FORMATTER)
        buf = io.StringIO()
        lang.run_source("print('{:.2f} {a}'.format(1.5, a=[2]))\\n", filename="f.grad", out=buf)
        out["formatted"] = buf.getvalue()
    """)
    assert out["printed"] == "tensor([2., 2.])\n"
    assert out["modules"] == []
    assert out["formatter"] is False
    assert out["formatted"] == "1.50 [2]\n"
