"""try/except/else/finally and raise, dict and set comprehensions, starred unpacking.

Plain-Python programs run twice, as a formula and through Python's own `exec`, and must
print the same. Engine errors are caught by PyTorch's class with PyTorch's message (the
texts below are what PyTorch 2.13 prints). Resource limits, memory errors, interrupts and
internal errors are never catchable, not even by a bare `except:`.
"""
from __future__ import annotations

import contextlib
import io

import pytest
from click.testing import CliRunner

from gradcli.errors import EvalError, GradcliError, LimitError
from gradcli.lang import Limits, free_names, run_source
from gradcli.lang.vm import Engine


def formula(source: str, **kw) -> str:
    out = io.StringIO()
    run_source(source, "t.grad", out=out, **kw)
    return out.getvalue()


def python(source: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "t.py", "exec"), {})
    return out.getvalue()


def error(source: str, **kw) -> GradcliError:
    with pytest.raises(GradcliError) as info:
        formula(source, **kw)
    return info.value


# --- the same as Python -------------------------------------------------------------------------

SAME_AS_PYTHON = {
    "dict and set comprehensions": """
words = ["apple", "bob", "cat", "apple"]
print({w: len(w) for w in words})
print({w: i for i, w in enumerate(words) if i % 2 == 0})
print(sorted({len(w) for w in words}))
print({(a, b) for a in range(3) for b in range(a) if a + b > 1} == {(2, 1), (2, 0)})
print({x: {y for y in range(x)} for x in range(3)})
print({k: v for k, v in {"a": 1, "b": 2}.items()})
print({x for x in []}, {k: k for k in ""})
print(sorted({x % 4 for x in range(100)}), len({i for i in range(1000)}))
order = []
d = {order.append(("k", i)) or i: order.append(("v", i)) or -i for i in range(2)}
print(d, order)
""",
    "comprehension scopes": """
x = "outer"
s = {x for x in range(3)}
d = {x: x for x in range(2)}
print(x, s, d)
def f(n):
    return {i: n * i for i in range(n)}
print(f(3))
def g():
    base = 10
    return {base + i for i in range(3)}
print(sorted(g()))
fs = {i: (lambda i=i: i * 2) for i in range(3)}
print([fs[k]() for k in fs])
""",
    "set values": """
s = {3, 1, 2}
s.add(5)
s.discard(1)
print(sorted(s), 3 in s, 4 in s, len(s))
print(sorted(s | {9}), sorted(s & {2, 3}), sorted(s - {2}), sorted(s ^ {2, 7}))
print(sorted(s.union([10, 11], (12,))), s.issubset(range(10)), set(), set("aab") == {"a", "b"})
t = set([1, 2]); t.update({3}, [4]); print(sorted(t))
print({1, 2} == {2, 1}, {1, 2} < {1, 2, 3}, {True, 1, 1.0})
""",
    "starred assignment": """
a, *b = [1, 2, 3]
print(a, b)
*a, b = (1, 2, 3)
print(a, b)
a, *b, c = range(5)
print(a, b, c)
a, *b, c = "xy"
print(a, b, c)
[a, *b] = (1,)
print(a, b)
*a, = 1, 2
print(a)
(a, *b), *c = [1, 2], 3, 4
print(a, b, c)
d = {}
d["k"], *d["rest"] = "abc"
print(d)
x = y, *z = [7, 8, 9]
print(x, y, z)
for p, *q in [(1, 2, 3), [4], "ab"]:
    print(p, q)
print([(h, t) for h, *t in ["xyz", "w"]])
""",
    "starred displays": """
xs = [1, 2]
ys = (3,)
print([*xs, *ys, 4], (*xs, *ys), (*xs,), [*range(3)], [*"ab", *{}, *{"k": 1}])
print(sorted({*xs, *ys, 1}), {*()})
print({**{"a": 1, "b": 2}, "b": 3, **{"c": 4}}, {**{}}, {"a": 0, **{"a": 1}})
t = *xs, 5
print(t)
def f(*args):
    return args
print(f(*[*xs, *ys]), len([*range(100)]))
def g():
    return *xs, *ys
print(g())
for v in *xs, *ys:
    print(v)
""",
    "except matches the class and its bases": """
def attempt(thunk):
    try:
        thunk()
    except ZeroDivisionError as e:
        return "ZeroDivisionError " + str(e)
    except LookupError as e:
        return type(e).__name__ + " lookup " + repr(e)
    except (TypeError, ValueError) as e:
        return type(e).__name__ + " " + str(e)
    except ArithmeticError as e:
        return "arith " + str(e)
    except Exception as e:
        return "other " + type(e).__name__
    return "no error"
print(attempt(lambda: 1 / 0))
print(attempt(lambda: 1 % 0))
print(attempt(lambda: 1.0 // 0))
print(attempt(lambda: {}["k"]))
print(attempt(lambda: [1][3]))
print(attempt(lambda: "abc"[10]))
print(attempt(lambda: int("x")))
print(attempt(lambda: 1 + "a"))
print(attempt(lambda: len(5)))
print(attempt(lambda: [].nope))
print(attempt(lambda: undefined))
print(attempt(lambda: None))
print(attempt(lambda: float("inf") and 2.0 ** 10000))
print(attempt(lambda: [].pop()))
print(attempt(lambda: {}.pop("x")))
print(attempt(lambda: (1, 2).index(5)))
print(attempt(lambda: ord("ab")))
""",
    "tuples of classes, and classes as values": """
errors = (KeyError, IndexError, ZeroDivisionError)
for thunk in [lambda: 1 / 0, lambda: [][0], lambda: {}[1]]:
    try:
        thunk()
    except errors as e:
        print("caught", type(e).__name__, type(e) is ZeroDivisionError)
try:
    try:
        1 / 0
    except (KeyError, (IndexError, ZeroDivisionError)):
        print("not reached")
except TypeError as e:
    print(e)
try:
    try:
        1 / 0
    except (KeyError, 1):
        print("not reached")
except TypeError as e:
    print(e)
try:
    try:
        pass
    except 1:
        print("not reached: no error, so no check")
    print("fine")
except TypeError as e:
    print(e)
print(isinstance(KeyError(), LookupError), isinstance(KeyError(), IndexError))
print(KeyError.__name__, [c.__name__ for c in (Exception, ArithmeticError, NotImplementedError)])
""",
    "exception objects": """
e = ValueError("bad", 2)
print(e, repr(e), e.args, type(e).__name__, str(e))
print(repr(ValueError()), str(ValueError()), repr(KeyError("k")), str(KeyError("k")))
print(isinstance(e, Exception), isinstance(e, ValueError), isinstance(e, TypeError))
print(f"{e}", f"{e!r}", "%s" % (e,), [e.args[0]])
try:
    raise e
except ValueError as caught:
    print(caught is e, caught.args)
print(AssertionError("x"), NotImplementedError("n"), RuntimeError())
""",
    "raise forms": """
def check(n):
    if n < 0:
        raise ValueError(f"negative: {n}")
    if n == 0:
        raise ZeroDivisionError
    return 1 / n
for n in [2, 0, -1]:
    try:
        print(check(n))
    except ZeroDivisionError as e:
        print("zero", repr(e))
    except ValueError as e:
        print("value", e)
try:
    raise KeyError("k") from ValueError("v")
except KeyError as e:
    print("from", repr(e))
try:
    raise IndexError("i") from None
except IndexError as e:
    print("from None", e)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise
except ZeroDivisionError as e:
    print("bare raise", e)
try:
    try:
        {}["a"]
    except KeyError as e:
        raise e
except LookupError as e:
    print("raise e", repr(e))
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("while handling")
except Exception as e:
    print("new error", type(e).__name__, e)
try:
    raise
except RuntimeError as e:
    print("no active", e)
try:
    raise 5
except TypeError as e:
    print(e)
try:
    raise ValueError from 5
except TypeError as e:
    print(e)
try:
    try:
        1 / 0
    except "not a class":
        pass
except TypeError as e:
    print(e)
""",
    "else and finally on every path": """
log = []
def run(kind):
    for i in range(3):
        try:
            log.append(("try", kind, i))
            if kind == "raise":
                raise ValueError(i)
            if kind == "break":
                break
            if kind == "continue":
                continue
            if kind == "return":
                return "returned"
        except ValueError:
            log.append(("except", i))
            if i == 1:
                return "from except"
        else:
            log.append(("else", i))
        finally:
            log.append(("finally", i))
        log.append(("after", i))
    return "done"
for kind in ["normal", "raise", "break", "continue", "return"]:
    print(kind, run(kind))
for entry in log:
    print(entry)
""",
    "finally around uncaught errors, nested": """
def inner():
    try:
        try:
            return 1 / 0
        finally:
            print("inner finally")
    except KeyError:
        print("not this one")
    finally:
        print("outer finally")
try:
    inner()
except ZeroDivisionError as e:
    print("caller caught", e)
def swallow():
    try:
        raise ValueError("lost")
    finally:
        return "finally wins"
print(swallow())
def loop_swallow():
    for i in range(3):
        try:
            raise ValueError(i)
        finally:
            if i == 1:
                break
            continue
    return i
print(loop_swallow())
def finally_return_value():
    x = 1
    try:
        return x
    finally:
        x = 2
        print("x is", x)
print(finally_return_value())
def nested_finally():
    try:
        try:
            return "a"
        finally:
            print("one")
    finally:
        print("two")
print(nested_finally())
""",
    "errors inside handlers, else and finally": """
try:
    try:
        pass
    except ValueError:
        print("no")
    else:
        raise ValueError("from else")
except ValueError as e:
    print("outer got", e)
try:
    try:
        raise KeyError("a")
    except KeyError:
        raise IndexError("b")
    finally:
        print("finally runs")
except IndexError as e:
    print("outer got", e)
try:
    try:
        raise KeyError("a")
    finally:
        raise ValueError("replaces")
except ValueError as e:
    print("outer got", e)
""",
    "exceptions cross functions, lambdas, comprehensions and loops": """
def deep(n):
    if n == 0:
        raise NotImplementedError("bottom")
    return deep(n - 1)
try:
    deep(20)
except NotImplementedError as e:
    print("caught", e)
try:
    [1 / x for x in [1, 0]]
except ZeroDivisionError as e:
    print("listcomp", e)
try:
    {x: 1 / x for x in [1, 0]}
except ZeroDivisionError as e:
    print("dictcomp", e)
try:
    {1 / x for x in [0]}
except ZeroDivisionError as e:
    print("setcomp", e)
try:
    sum(1 / x for x in [1, 0])
except ZeroDivisionError as e:
    print("genexp", e)
try:
    sorted([3, 1, 0], key=lambda v: 1 / v)
except ZeroDivisionError as e:
    print("callback", e)
total = 0
i = 0
while i < 10:
    i += 1
    try:
        if i % 3 == 0:
            raise ValueError(i)
        total += i
    except ValueError as e:
        total -= e.args[0]
        continue
    finally:
        total += 100
print(total)
""",
    "the except name is deleted afterwards": """
caught = "before"
try:
    1 / 0
except ZeroDivisionError as caught:
    pass
try:
    print(caught)
except NameError as err:
    print(err)
def f():
    try:
        raise ValueError
    except ValueError as exc:
        pass
    try:
        return exc
    except NameError as err:
        return str(err)
print(f())
""",
    "assert and name errors are caught like Python's": """
try:
    assert 1 + 1 == 3, "math"
except AssertionError as e:
    print(repr(e), e.args)
try:
    assert [], ["list", "message"]
except AssertionError as e:
    print(e.args)
try:
    assert False
except AssertionError as e:
    print(repr(e), e.args, str(e) == "")
def f():
    y = x_local
    x_local = 1
try:
    f()
except NameError as e:
    print(type(e).__name__, e)
try:
    nothing_here
except NameError as e:
    print(type(e).__name__, e, e.args)
""",
    "call errors are TypeErrors, unpacking errors ValueErrors": """
def f(a, b=1, *, c):
    return a
for call in [lambda: f(), lambda: f(1, 2, 3), lambda: f(1, d=2), lambda: f(1, c=1, a=2),
             lambda: f(1)]:
    try:
        call()
    except TypeError as e:
        print(e)
try:
    a, b = [1]
except ValueError as e:
    print(e)
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print(e)
try:
    a, *b, c = [1]
except ValueError as e:
    print(e)
try:
    a, b = 5
except TypeError as e:
    print(e)
try:
    a, *b = 5
except TypeError as e:
    print(e)
try:
    [*5]
except TypeError as e:
    print(e)
try:
    {**[1]}
except TypeError as e:
    print(e)
""",
}


@pytest.mark.parametrize("name", list(SAME_AS_PYTHON))
def test_prints_what_python_prints(name):
    source = SAME_AS_PYTHON[name].lstrip("\n")
    assert formula(source) == python(source)


def test_the_reference_programs_do_print_something():
    for name, source in SAME_AS_PYTHON.items():
        assert python(source.lstrip("\n")).strip(), name


# --- engine errors, with PyTorch's classes and messages --------------------------------------------

TORCH_ERRORS = [
    ("torch.ones(2).sum().backward()", "RuntimeError",
     "element 0 of tensors does not require grad and does not have a grad_fn"),
    ("torch.ones(3) + torch.ones(4)", "RuntimeError",
     "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0"),
    ("torch.ones(3)[5]", "IndexError", "index 5 is out of bounds for dimension 0 with size 3"),
    ("(torch.ones(3, requires_grad=True) * 2).backward()", "RuntimeError",
     "grad can be implicitly created only for scalar outputs"),
    ("torch.ones(2, requires_grad=True).add_(1)", "RuntimeError",
     "a leaf Variable that requires grad is being used in an in-place operation."),
    ("torch.tensor([1, 2]).requires_grad_()", "RuntimeError",
     "only Tensors of floating point dtype can require gradients"),
    ("torch.ones(2, 3) @ torch.ones(2, 3)", "RuntimeError",
     "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)"),
]


@pytest.mark.parametrize("statement, kind, message", TORCH_ERRORS)
def test_engine_errors_are_caught_with_pytorchs_class_and_message(statement, kind, message):
    source = (f"import torch\ntry:\n    {statement}\nexcept {kind} as e:\n"
              "    print(type(e).__name__)\n    print(e)\n    print(e.args == (str(e),))\n"
              f"    print(isinstance(e, Exception), isinstance(e, {kind}))\n")
    assert formula(source).splitlines() == [kind, message, "True", "True True"]


def test_backward_twice_is_a_runtime_error_with_pytorchs_text():
    out = formula("import torch\nx = torch.ones(2, requires_grad=True)\ny = (x * x).sum()\n"
                  "y.backward()\ntry:\n    y.backward()\nexcept RuntimeError as e:\n"
                  "    print(e)\ny = (x * x).sum()\ny.backward()\nprint(x.grad)\n")
    assert out.startswith("Trying to backward through the graph a second time (or directly "
                          "access saved tensors after they have already been freed).")
    assert out.splitlines()[-1] == "tensor([4., 4.])"


GRADCHECK_FAILS = """import torch
class Bad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2
    @staticmethod
    def backward(ctx, g):
        return g * 3
x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
try:
    torch.autograd.gradcheck(Bad.apply, (x,))
except Exception as e:
    print(type(e).__name__, isinstance(e, RuntimeError), repr(e)[:30])
    err = e
try:
    raise err
except RuntimeError as again:
    print(type(again).__name__, again is err)
torch.autograd.gradgradcheck(lambda v: (v ** 3).sum() * Bad.apply(v).sum(), (x,))
"""


def test_a_gradcheck_failure_is_pytorchs_gradcheck_error():
    # as PyTorch 2.13 prints it: a RuntimeError subclass named GradcheckError
    out = io.StringIO()
    with pytest.raises(GradcliError) as info:
        run_source(GRADCHECK_FAILS, "t.grad", out=out)
    assert out.getvalue() == ("GradcheckError True GradcheckError('Jacobian misma\n"
                              "GradcheckError True\n")
    assert info.value.message.startswith("Jacobian mismatch for output 0 with respect to")
    assert info.value.exit_code == 1


def test_a_caught_engine_error_reraised_keeps_its_place_text_and_hint():
    source = ("import torch\nx = torch.ones(2)\ntry:\n    x.sum().backward()\n"
              "except RuntimeError:\n    raise\n")
    err = error(source)
    assert err.message == ("element 0 of tensors does not require grad and does not have a "
                           "grad_fn")
    assert (err.position.line, err.position.column) == (4, 13)
    assert err.exit_code == 1


def test_engine_attribute_typos_are_attribute_errors():
    out = formula("import torch\nx = torch.ones(2)\ntry:\n    x.zero_gard()\n"
                  "except AttributeError as e:\n    print(e)\n")
    assert out == "'Tensor' object has no attribute 'zero_gard'\n"


def test_grad_mode_is_restored_when_an_error_leaves_a_with_block_for_an_except():
    out = formula("import torch\ntry:\n    with torch.no_grad():\n        1 / 0\n"
                  "except ZeroDivisionError:\n    pass\nprint(torch.is_grad_enabled())\n")
    assert out == "True\n"


def test_finally_with_blocks_hooks_and_custom_functions_order_as_in_pytorch():
    source = """import torch
from torch.autograd import Function
def f():
    try:
        with torch.no_grad():
            return 1
    finally:
        print("finally sees grad", torch.is_grad_enabled())
print(f())
for i in range(2):
    with torch.no_grad():
        try:
            break
        finally:
            print("inside with", torch.is_grad_enabled())
print("after", torch.is_grad_enabled())
x = torch.ones(2, requires_grad=True)
def hook(g):
    raise ValueError("in hook")
x.register_hook(hook)
try:
    (x * 2).sum().backward()
except ValueError as e:
    print("hook error caught:", e)
def helper():
    raise
try:
    try:
        1 / 0
    except ZeroDivisionError:
        helper()
except ZeroDivisionError as e:
    print("helper re-raised", e)
class Sq(Function):
    @staticmethod
    def forward(ctx, x):
        raise NotImplementedError("forward not done")
    @staticmethod
    def backward(ctx, g):
        return g
try:
    Sq.apply(x)
except NotImplementedError as e:
    print("custom function:", e)
"""
    # what PyTorch 2.13 prints for the same program
    assert formula(source).splitlines() == [
        "finally sees grad True", "1", "inside with False", "after True",
        "hook error caught: in hook", "helper re-raised division by zero",
        "custom function: forward not done"]


@pytest.mark.parametrize("kind", ["RuntimeError", "TypeError", "ValueError", "IndexError"])
def test_every_engine_error_class_is_caught_as_its_builtin_class(kind):
    import gradcli.errors as errors

    def fail():
        raise getattr(errors, "Torch" + kind)("engine says no")
    engine = Engine({}, {"fail": fail})
    out = formula(f"try:\n    fail()\nexcept {kind} as e:\n"
                  "    print(type(e).__name__, e, isinstance(e, Exception))\n", engine=engine)
    assert out == f"{kind} engine says no True\n"


# --- uncaught exceptions are formula errors ------------------------------------------------------

def test_an_uncaught_raise_is_reported_at_the_raise_with_exit_code_1():
    err = error("def f():\n    raise ValueError('boom')\nf()\n")
    assert isinstance(err, EvalError) and not isinstance(err, LimitError)
    assert err.render().splitlines() == [
        "t.grad:2:5: error: ValueError: boom", "        raise ValueError('boom')",
        "        ^"]
    assert err.exit_code == 1


@pytest.mark.parametrize("source, message", [
    ("raise ValueError\n", "ValueError"),
    ("raise KeyError('k')\n", "KeyError: 'k'"),
    ("raise RuntimeError('x') from None\n", "RuntimeError: x"),
    ("raise\n", "RuntimeError: No active exception to reraise"),
    ("raise 1\n", "TypeError: exceptions must derive from BaseException"),
    ("try:\n    1 / 0\nexcept ZeroDivisionError:\n    raise\n",
     "ZeroDivisionError: division by zero"),
    ("try:\n    1 / 0\nexcept KeyError:\n    pass\n", "ZeroDivisionError: division by zero"),
    ("try:\n    1 / 0\nfinally:\n    print('cleanup')\n", "ZeroDivisionError: division by zero"),
    ("try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    raise ValueError(e)\n",
     "ValueError: division by zero"),
])
def test_uncaught_exceptions_read_as_python_prints_them(source, message):
    assert error(source).message == message


def test_the_cli_exits_1_and_prints_the_error_once():
    from gradcli.cli import main
    result = CliRunner().invoke(main, ["run", "-"], input="print('a')\nraise ValueError('boom')\n")
    assert result.exit_code == 1
    assert result.stdout == "a\n"
    assert result.stderr.splitlines() == [
        "<stdin>:2:1: error: ValueError: boom", "    raise ValueError('boom')", "    ^"]


# --- safety: what no formula may catch -------------------------------------------------------------

@pytest.mark.parametrize("handler", ["except:", "except Exception:", "except RuntimeError:",
                                     "except (ValueError, RuntimeError, Exception) as e:",
                                     "finally:"])
def test_a_loop_of_try_blocks_still_stops_at_the_step_limit(handler):
    source = f"while True:\n    try:\n        pass\n    {handler}\n        pass\n"
    err = error(source, limits=Limits(max_steps=1000))
    assert isinstance(err, LimitError)
    assert "loop step limit of 1,000 exceeded" in err.message


def test_catching_inside_a_loop_does_not_reset_the_step_counter():
    source = ("n = 0\nwhile True:\n    try:\n        n += 1\n        1 / 0\n"
              "    except ZeroDivisionError:\n        continue\n    finally:\n        pass\n")
    ns = {}
    err = error(source, limits=Limits(max_steps=500), variables=ns)
    assert isinstance(err, LimitError) and "--max-steps" in err.message
    plain = error("n = 0\nwhile True:\n    n += 1\n", limits=Limits(max_steps=500),
                  variables={})
    assert isinstance(plain, LimitError)


def test_the_step_limit_is_hit_at_the_same_iteration_with_or_without_try():
    def iterations(body):
        count = [0]
        with pytest.raises(LimitError):
            run_source(f"while True:\n{body}", "t.grad", out=io.StringIO(),
                       limits=Limits(max_steps=300), variables={"n": count})
        return count[0]
    plain = iterations("    n[0] += 1\n")
    caught = iterations("    try:\n        n[0] += 1\n        raise ValueError\n"
                        "    except:\n        pass\n")
    assert plain == caught == 300


def test_endless_recursion_inside_try_still_hits_the_call_depth_limit():
    source = ("def f(n):\n    try:\n        return f(n + 1)\n    except:\n        return -1\n"
              "    finally:\n        pass\nf(0)\n")
    err = error(source)
    assert isinstance(err, LimitError) and "call depth limit of 200" in err.message


def test_recursion_caught_per_level_still_hits_the_call_depth_limit():
    source = ("def f(n):\n    try:\n        f(n + 1)\n    except Exception as e:\n"
              "        raise ValueError('again')\nf(0)\n")
    assert isinstance(error(source), LimitError)


@pytest.mark.parametrize("statement, flag", [
    ("x = [0] * 10**9", "--max-elements"),
    ("x = 9 ** 9 ** 9", "--max-int-bits"),
    ("x = 'a' * 10**10", "--max-elements"),
    ("x = [*range(10**9)]", "--max-elements"),
    ("x = {i for i in range(10**9)}", "--max-"),
    ("import torch\n    x = torch.zeros(10**9)", "--max-elements"),
])
@pytest.mark.parametrize("handler", ["except:", "except Exception:"])
def test_size_limits_are_not_catchable(statement, flag, handler):
    source = f"try:\n    {statement}\n{handler}\n    print('caught')\n"
    err = error(source, limits=Limits(max_elements=100_000, max_steps=2_000_000))
    assert isinstance(err, LimitError) and flag in err.message + (err.hint or "")


def test_graph_node_limit_is_not_catchable():
    source = ("import torch\nx = torch.ones(1, requires_grad=True)\ntry:\n"
              "    for i in range(1000):\n        x = x * 1\nexcept:\n    print('caught')\n")
    err = error(source, limits=Limits(max_nodes=100))
    assert isinstance(err, LimitError) and "--max-nodes" in (err.message + (err.hint or ""))


@pytest.mark.parametrize("limit, steps, message", [
    ("max_nodes", 26, "the graph has more than 50 nodes"),
    ("max_total_elements", 25, "the formula has allocated 51 tensor elements in total, over "
                               "the limit of 50"),
])
def test_limits_count_the_0d_float64_shortcut_as_any_other_op(limit, steps, message,
                                                              monkeypatch):
    """0-d float64 ops take a shortcut (ops.core scalar runners, one limits call each); it
    counts elements and nodes as the general path does for float32, to the same step (the
    element count alone decides where the process's memory cannot be read)."""
    import gradcli.limits
    monkeypatch.setattr(gradcli.limits, "resident_bytes", lambda: None)

    def run(dtype):
        out = io.StringIO()
        source = (f"import torch\nx = torch.tensor(1.0, dtype=torch.{dtype}, "
                  "requires_grad=True)\nwith torch.no_grad():\n    z = x * 2.0\n"
                  "    print(-1)\nfor i in range(1000):\n    x = x * 1.5 + x\n    print(i)\n")
        with pytest.raises(LimitError) as info:
            run_source(source, "t.grad", out=out, limits=Limits(**{limit: 50}))
        return len(out.getvalue().split()), info.value.message
    assert run("float64") == run("float32") == (steps, message)


def test_the_time_limit_is_not_catchable():
    source = "while True:\n    try:\n        1 / 0\n    except:\n        pass\n"
    err = error(source, limits=Limits(max_seconds=0.05, max_steps=10**12))
    assert isinstance(err, LimitError) and "--max-seconds" in err.message


def test_finally_does_not_run_after_a_limit():
    out = io.StringIO()
    with pytest.raises(LimitError):
        run_source("try:\n    while True:\n        pass\nfinally:\n    print('ran')\n",
                   "t.grad", out=out, limits=Limits(max_steps=100))
    assert out.getvalue() == ""


class Boom:
    """A formula-safe engine object whose methods raise what Python code may raise."""

    __gradcli_safe__ = True

    def memory(self):
        raise MemoryError()

    def interrupt(self):
        raise KeyboardInterrupt()

    def exit(self):
        raise SystemExit(3)

    def recursion(self):
        raise RecursionError("maximum recursion depth exceeded")

    def internal(self):
        class InternalBug(Exception):
            pass
        raise InternalBug("a bug of ours")


BOOM_ENGINE = Engine({}, {"boom": Boom()})


@pytest.mark.parametrize("handler", ["except:", "except Exception:", "except RuntimeError:"])
@pytest.mark.parametrize("method", ["memory", "recursion", "internal"])
def test_memory_recursion_and_internal_errors_are_not_catchable(method, handler):
    out = io.StringIO()
    with pytest.raises(GradcliError) as info:
        run_source(f"try:\n    boom.{method}()\n{handler}\n    print('caught')\n", "t.grad",
                   out=out, engine=BOOM_ENGINE)
    assert out.getvalue() == ""
    if method != "internal":
        assert isinstance(info.value, LimitError)


@pytest.mark.parametrize("method, kind", [("interrupt", KeyboardInterrupt),
                                          ("exit", SystemExit)])
def test_interrupts_and_exits_pass_through_every_handler(method, kind):
    out = io.StringIO()
    with pytest.raises(kind):
        run_source(f"try:\n    boom.{method}()\nexcept:\n    print('caught')\n"
                   "finally:\n    print('finally')\n", "t.grad", out=out, engine=BOOM_ENGINE)
    assert out.getvalue() == ""


@pytest.mark.parametrize("source, message", [
    ("e = ValueError('x')\nprint(e.add_note)\n", "'ValueError' attribute 'add_note' "
                                                 "is not available in gradcli formulas"),
    ("e = ValueError('x')\nprint(e.add_note)\n", "attribute 'add_note' is not available"),
    ("e = ValueError('x')\nprint(e.nope)\n", "'ValueError' object has no attribute 'nope'"),
    ("print(ValueError.mro)\n", "attribute 'mro' is not available"),
    ("print(ValueError.with_traceback)\n", "attribute 'with_traceback' is not available"),
    ("print(type(ValueError))\n", "type() of this value is not available in gradcli formulas"),
    ("print(type('X', (), {}))\n", "type() of this value is not available in gradcli formulas"),
    ("type(print)(len)\n", "cannot create 'builtin_function_or_method' instances"),
    ("try:\n    1 / 0\nexcept Exception as e:\n    e.args = ()\n",
     "cannot set attributes of a 'ZeroDivisionError' value"),
    ("print(BaseException)\n", "name 'BaseException' is not defined"),
    ("print(KeyboardInterrupt)\n", "name 'KeyboardInterrupt' is not defined"),
    ("print(SystemError)\n", "name 'SystemError' is not defined"),
])
def test_exception_objects_expose_only_args_and_their_class_name(source, message):
    assert message in error(source).message


@pytest.mark.parametrize("attribute", ["__traceback__", "__class__", "__dict__",
                                       "__subclasses__", "_gradcli_error"])
def test_private_attributes_of_exceptions_do_not_even_parse(attribute):
    from gradcli.errors import FormulaSyntaxError
    with pytest.raises(FormulaSyntaxError):
        formula(f"try:\n    1 / 0\nexcept Exception as e:\n    print(e.{attribute})\n")


def test_a_caught_error_is_the_same_object_each_time_and_holds_no_gradcli_error():
    out = formula("try:\n    try:\n        1 / 0\n    except ZeroDivisionError as a:\n"
                  "        first = a\n        raise\nexcept ZeroDivisionError as b:\n"
                  "    print(first is b, b.args, len(b.args))\n")
    assert out == "True ('division by zero',) 1\n"


# --- names ---------------------------------------------------------------------------------------

def test_free_names_know_except_targets_comprehension_targets_and_exception_classes():
    source = ("try:\n    f(x)\nexcept ValueError as err:\n    print(err, y)\n"
              "s = {k: v for k, *v in z}\nt = {w for w in u}\na, *b = c\n")
    assert free_names(source) == ["f", "x", "y", "z", "u", "c"]


def test_linalg_errors_are_pytorchs_linalgerror():
    """torch.linalg.LinAlgError (torch._C._LinAlgError, a RuntimeError) from cholesky, inv
    and solve: a formula catches it by either name; gradcli.linalg.LinAlgError in Python"""
    import io
    import gradcli
    from gradcli.lang import run_source
    source = (
        "import torch\n"
        "a = torch.tensor([[1.0, 2.0], [2.0, 1.0]])\n"
        "try:\n"
        "    torch.linalg.cholesky(a)\n"
        "except torch.linalg.LinAlgError as e:\n"
        "    print('caught', type(e).__name__, isinstance(e, RuntimeError))\n"
        "try:\n"
        "    torch.linalg.inv(torch.zeros(2, 2))\n"
        "except RuntimeError as e:\n"
        "    print('caught', type(e).__name__)\n"
        "try:\n"
        "    torch.linalg.solve(torch.zeros(2, 2), torch.ones(2))\n"
        "except torch.linalg.LinAlgError as e:\n"
        "    print(e)\n"
        "print(torch.linalg.LinAlgError)\n")
    out = io.StringIO()
    run_source(source, out=out)
    assert out.getvalue() == (                               # torch 2.13's output
        "caught _LinAlgError True\ncaught _LinAlgError\n"
        "torch.linalg.solve: The solver failed because the input matrix is singular.\n"
        "<class 'torch._C._LinAlgError'>\n")
    with pytest.raises(gradcli.linalg.LinAlgError, match="not positive-definite"):
        gradcli.linalg.cholesky(gradcli.tensor([[1.0, 2.0], [2.0, 1.0]]))
    assert issubclass(gradcli.linalg.LinAlgError, RuntimeError)


def test_the_total_element_limit_bounds_what_a_run_holds_not_what_it_allocates():
    """A loop that allocates far more than the limit but keeps little runs (PyTorch's
    dynamic_net tutorial allocates 330 million elements); one that keeps its tensors
    stops, naming what it holds and the flag."""
    loop = ("import torch\nx = torch.zeros(1_000_000, dtype=torch.float64)\n"
            "for i in range(60):\n    y = x + i\nprint('done')\n")
    out = io.StringIO()
    run_source(loop, "t.grad", out=out, limits=Limits(max_total_elements=10_000_000))
    assert out.getvalue() == "done\n"
    keep = ("import torch\nkept = []\nfor i in range(60):\n"
            "    kept.append(torch.full((1_000_000,), float(i), dtype=torch.float64))\n")
    err = error(keep, limits=Limits(max_total_elements=10_000_000))
    assert isinstance(err, LimitError)
    assert "tensor elements at once" in err.message and "over the limit of 10,000,000" in \
        err.message and "--max-total-elements" in err.hint
