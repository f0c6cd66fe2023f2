"""Found in session 47 (helper h3: Python features in formula programs, round 2). Each
expected output is what Python 3.11 with torch 2.13 printed (format of test_autograd_parity4).

chaining: `e.__cause__` (`raise X from e`), `e.__context__` (an error raised while another is
handled, a `raise` or an engine error), `e.__suppress_context__` (`from None`), `e.args`,
`e.with_traceback(None)`.

recursion: an endless recursion is caught by `except RecursionError` (alone or in a tuple) as
Python's "maximum recursion depth exceeded", `finally` blocks on the way; RecursionError is a
RuntimeError a formula may raise and catch.

iter-dir: iter(callable, sentinel); dir() of a function's scope and of the module (its
public names); dir(obj) of a formula's class and object (Python's whole list), of a tensor, a
module and builtin values.

nested-classes: a class statement in a class body (an attribute of the class, nested twice,
inside an nn.Module) and in a function; their `__qualname__`s and their methods'.

bytes: b'' literals, indexing, slicing, decode, hex, fromhex, bytes(n)/bytes(iterable)/
bytes(str, encoding), bytearray's append/extend/+=/pop/item assignment and their errors,
`%` formatting of bytes, str.encode, int.to_bytes/from_bytes, printing bytes in containers.

modules: io.StringIO (print(file=buf), getvalue, readline, readlines) and io.BytesIO,
gc.collect(), textwrap, collections.abc for isinstance, `metaclass=ABCMeta` with
abstractmethod's error, slice.indices.

defaults: a function's `__defaults__` (the shared mutable default) and `__kwdefaults__`.

uncaught: an error the interpreter raises and no `except` catches names its Python class as
CPython prints it (NameError, AttributeError, UnboundLocalError, ValueError, TypeError).

Then what gradcli decides where it does not run Python's behaviour: the imports it refuses
say why; only an `except` naming RecursionError catches the call-depth limit; an uncaught
chained error's hint names its cause or context (Python prints their tracebacks)."""
from __future__ import annotations

import io

import pytest
from test_autograd_parity4 import printed_programs

from gradcli.errors import EvalError, LimitError
from gradcli.lang import run_source

CHAINING = [
    ('try:\n    try:\n        1/0\n    except ZeroDivisionError as e:\n        raise ValueError("bad") from e\nexcept ValueError as e:\n    print(type(e.__cause__).__name__, e.__suppress_context__, type(e.__context__).__name__, e.args)\ntry:\n    try:\n        {}[\'k\']\n    except KeyError:\n        raise RuntimeError("x")\nexcept RuntimeError as e:\n    print(e.__cause__, type(e.__context__).__name__, e.__suppress_context__)\ntry:\n    raise ValueError("a", 2)\nexcept ValueError as e:\n    print(e.args, str(e), repr(e))\ne = ValueError("q")\nprint(e.with_traceback(None) is e)\ntry:\n    try:\n        1/0\n    except Exception:\n        raise KeyError("k") from None\nexcept KeyError as e:\n    print(e.__cause__, e.__suppress_context__, type(e.__context__).__name__)\n',
     "ZeroDivisionError True ZeroDivisionError ('bad',)\nNone KeyError False\n('a', 2) ('a', 2) ValueError('a', 2)\nTrue\nNone True ZeroDivisionError\n"),
    ('try:\n    try:\n        raise KeyError("a")\n    except KeyError:\n        x = 1 / 0\nexcept ZeroDivisionError as e:\n    print(repr(e.__context__), e.__cause__, e.__suppress_context__)\ndef f():\n    try:\n        [][1]\n    except IndexError as e:\n        raise RuntimeError("wrapped") from e\ntry:\n    f()\nexcept RuntimeError as e:\n    print(repr(e.__cause__), repr(e.__context__), e.__suppress_context__, e.args)\ntry:\n    try:\n        raise ValueError("v")\n    except ValueError as e:\n        raise\nexcept ValueError as e:\n    print(e.__context__)\ne = ValueError("x")\ntry:\n    raise e\nexcept ValueError as f:\n    print(f is e, f.__context__)\ntry:\n    x = torch.ones(2) @ torch.ones(3)\nexcept RuntimeError as e:\n    try:\n        raise TypeError("t") from e\n    except TypeError as t:\n        print(t.__cause__)\ntry:\n    raise ValueError("q").with_traceback(None)\nexcept ValueError as e:\n    print(e)\n',
     "KeyError('a') None False\nIndexError('list index out of range') IndexError('list index out of range') True ('wrapped',)\nNone\nTrue None\ninconsistent tensor size, expected tensor [2] and src [3] to have the same number of elements, but got 2 and 3 elements respectively\nq\n"),
]

RECURSION = [
    ('def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RecursionError as e:\n    print("caught", e)\n',
     'caught maximum recursion depth exceeded\n'),
    ('def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept (KeyError, RecursionError) as e:\n    print(type(e).__name__, e, isinstance(e, RuntimeError))\ntry:\n    raise RecursionError("mine")\nexcept RecursionError as e:\n    print(e)\ndef g(n):\n    try:\n        return g(n + 1)\n    finally:\n        pass\ntry:\n    g(0)\nexcept RecursionError:\n    print("again")\nprint(issubclass(RecursionError, RuntimeError))\ntry:\n    raise RecursionError("mine")\nexcept RuntimeError as e:\n    print(e)\n',
     'RecursionError maximum recursion depth exceeded True\nmine\nagain\nTrue\nmine\n'),
]

ITER_DIR = [
    ('xs = [1, 2, 3, 0, 5]\nit = iter(xs)\nprint(list(iter(lambda: next(it), 0)))\n',
     '[1, 2, 3]\n'),
    ("class A:\n    def f(self): pass\n    y = 1\na = A()\na.z = 2\nprint([n for n in dir(a) if not n.startswith('__')])\nprint(dir(A)[-2:])\ndef g():\n    x = 1\n    y = 2\n    return dir()\nprint(g())\n",
     "['f', 'y', 'z']\n['f', 'y']\n['x', 'y']\n"),
    ("t = torch.tensor([1.0])\nd = dir(t)\nprint('grad' in d, 'backward' in d, 'sum' in d, d == sorted(d))\nm = torch.nn.Linear(2, 1)\ndm = dir(m)\nprint('weight' in dm, 'forward' in dm, 'bias' in dm)\n",
     'True True True True\nTrue True True\n'),
    ('class A:\n    y = 1\n    def f(self): pass\nprint(dir(A()))\nprint(dir(A))\nclass B(A):\n    def __init__(self):\n        self.q = 2\nprint(dir(B()))\nprint([n for n in dir() if not n.startswith("__")])\nprint(dir([])[-3:], dir(1)[-3:], \'append\' in dir([]), \'keys\' in dir({}))\n',
     "['__class__', '__delattr__', '__dict__', '__dir__', '__doc__', '__eq__', '__format__', '__ge__', '__getattribute__', '__getstate__', '__gt__', '__hash__', '__init__', '__init_subclass__', '__le__', '__lt__', '__module__', '__ne__', '__new__', '__reduce__', '__reduce_ex__', '__repr__', '__setattr__', '__sizeof__', '__str__', '__subclasshook__', '__weakref__', 'f', 'y']\n['__class__', '__delattr__', '__dict__', '__dir__', '__doc__', '__eq__', '__format__', '__ge__', '__getattribute__', '__getstate__', '__gt__', '__hash__', '__init__', '__init_subclass__', '__le__', '__lt__', '__module__', '__ne__', '__new__', '__reduce__', '__reduce_ex__', '__repr__', '__setattr__', '__sizeof__', '__str__', '__subclasshook__', '__weakref__', 'f', 'y']\n['__class__', '__delattr__', '__dict__', '__dir__', '__doc__', '__eq__', '__format__', '__ge__', '__getattribute__', '__getstate__', '__gt__', '__hash__', '__init__', '__init_subclass__', '__le__', '__lt__', '__module__', '__ne__', '__new__', '__reduce__', '__reduce_ex__', '__repr__', '__setattr__', '__sizeof__', '__str__', '__subclasshook__', '__weakref__', 'f', 'q', 'y']\n['A', 'B', 'torch']\n['remove', 'reverse', 'sort'] ['numerator', 'real', 'to_bytes'] True True\n"),
    ("def g(a, *args, k=1, **kw):\n    xs = [i * 2 for i in range(3)]\n    def inner():\n        return xs\n    for j in range(2):\n        pass\n    try:\n        pass\n    except Exception as e:\n        pass\n    return dir()\nprint(g(1))\nm = torch.nn.Linear(2, 1)\nprint([n for n in dir(m) if n in ('weight', 'bias', 'forward', 'in_features', 'training')])\nprint(dir(3, 4))\n",
     "['a', 'args', 'inner', 'j', 'k', 'kw', 'xs']\n['bias', 'forward', 'in_features', 'training', 'weight']\n!! TypeError: dir expected at most 1 argument, got 2\n"),
]

NESTED_CLASSES = [
    ('class A:\n    class B:\n        x = 1\n        def f(self):\n            return 2\n    def g(self):\n        return self.B().f()\nprint(A.B.x, A().g(), A.B.__name__, A.B.__qualname__)\n',
     '1 2 B A.B\n'),
    ('def make():\n    class C:\n        def __init__(self, v):\n            self.v = v\n        def __repr__(self):\n            return f"C({self.v})"\n    return C(3)\nprint(make(), type(make()).__qualname__)\nclass M(torch.nn.Module):\n    class Cfg:\n        n = 2\n    def __init__(self):\n        super().__init__()\n        self.lin = torch.nn.Linear(self.Cfg.n, 1)\nprint(M().lin)\n',
     'C(3) make.<locals>.C\nLinear(in_features=2, out_features=1, bias=True)\n'),
    ('def make():\n    class C:\n        def __init__(self, v):\n            self.v = v\n        def __repr__(self):\n            return f"C({self.v})"\n    return C(3)\nprint(make(), type(make()).__qualname__, type(make()).__name__)\n',
     'C(3) make.<locals>.C C\n'),
    ('class Outer:\n    class Inner:\n        class Deep:\n            def who(self):\n                return type(self).__qualname__\n        def m(self):\n            return 1\n    x = 5\n    def get(self):\n        return Outer.Inner.Deep().who()\nprint(Outer().get(), Outer.Inner.m.__qualname__, Outer.x)\nprint(Outer.Inner)\nprint(Outer.Inner.Deep())\ndef f():\n    class L:\n        class M:\n            pass\n    return L\nprint(f().M.__qualname__, f().__qualname__)\ntry:\n    Inner\nexcept NameError as e:\n    print(e)\nclass Net(torch.nn.Module):\n    class Block(torch.nn.Module):\n        def __init__(self, n):\n            super().__init__()\n            self.fc = torch.nn.Linear(n, n)\n        def forward(self, x):\n            return torch.relu(self.fc(x))\n    def __init__(self):\n        super().__init__()\n        self.b = Net.Block(2)\n    def forward(self, x):\n        return self.b(x).sum()\nprint(Net())\n',
     "Outer.Inner.Deep Outer.Inner.m 5\n<class '__main__.Outer.Inner'>\n<__main__.Outer.Inner.Deep object at 0x>\nf.<locals>.L.M f.<locals>.L\nname 'Inner' is not defined\nNet(\n  (b): Block(\n    (fc): Linear(in_features=2, out_features=2, bias=True)\n  )\n)\n"),
]

BYTES = [
    ('b = b"ab"\nprint(b, len(b), b[0], b[1:], b.decode(), bytes([65, 66]), bytes(3), list(b))\nprint(b + b"c", b * 2, b == b"ab", "ab".encode(), b.hex(), b"x" in b"xyz")\nba = bytearray(b"hi")\nba.append(33)\nprint(ba, len(ba), bytes(ba), ba[0])\nprint(type(b).__name__, repr(b\'\\x00\\xff\'), b.upper())\n',
     "b'ab' 2 97 b'b' ab b'AB' b'\\x00\\x00\\x00' [97, 98]\nb'abc' b'abab' True b'ab' 6162 True\nbytearray(b'hi!') 3 b'hi!' 104\nbytes b'\\x00\\xff' b'AB'\n"),
    ('ba = bytearray(3)\nba[0] = 65\nba.extend(b"xy")\nba += b"!"\nprint(ba, ba.pop(), ba.decode("latin-1"), bytearray(b"ab") * 2, len(ba))\nprint(b"a,b".split(b","), b"  q ".strip(), b"abc".startswith(b"a"), b"%d-%s" % (5, b"z"))\nprint(bytes.fromhex("41 42"), int.from_bytes(b"\\x00\\x10", "little"), (1024).to_bytes(2, "big"))\nprint(b"x" == "x", b"ab"[::-1], sorted(b"cab"), bytes(range(3)), bytes("hé", "utf-8"))\ntry:\n    b"a" + "b"\nexcept TypeError as e:\n    print(e)\ntry:\n    b"\\xff".decode()\nexcept ValueError as e:\n    print(type(e).__name__, e)\ntry:\n    bytes(-1)\nexcept ValueError as e:\n    print(e)\ntry:\n    ba[0] = 300\nexcept ValueError as e:\n    print(e)\nd = {b"k": 1}\nprint(d[b"k"], hash(b"a") == hash(b"a"), isinstance(b"", bytes), type(ba).__name__)\nmatch b"hi":\n    case b"hi":\n        print("matched")\n',
     "bytearray(b'A\\x00\\x00xy') 33 A\x00\x00xy bytearray(b'abab') 5\n[b'a', b'b'] b'q' True b'5-z'\nb'AB' 4096 b'\\x04\\x00'\nFalse b'ba' [97, 98, 99] b'\\x00\\x01\\x02' b'h\\xc3\\xa9'\ncan't concat str to bytes\nUnicodeDecodeError 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte\nnegative count\nbyte must be in range(0, 256)\n1 True True bytearray\nmatched\n"),
    ('b = b"hello"\nprint(b, len(b), b[0], b[:2], b.decode("utf-8"), list(b[:2]))\n',
     "b'hello' 5 104 b'he' hello [104, 101]\n"),
    ("print(2**100, -2**63, 10**20 // 3, (2**64).bit_length(), int.from_bytes(b'\\x01\\x00', 'big'))\n",
     '1267650600228229401496703205376 -9223372036854775808 33333333333333333333 65 256\n'),
    ("print((255).to_bytes(2, 'little'), (10).bit_length(), (3.5).is_integer(), (0.5).as_integer_ratio(), (7).__class__.__name__)\n",
     "b'\\xff\\x00' 4 False (1, 2) int\n"),
    ('print("hé".encode(), "hé".encode("utf-8").decode(), len("hé".encode()))\n',
     "b'h\\xc3\\xa9' hé 3\n"),
    ('print(repr("it\'s"), repr(\'say "hi"\'), repr(\'both \\\' "\'), repr("a\\nb\\t\\x00\\u00e9"), str(b\'x\') if False else 1)\nprint(ascii("é"), repr(1.0), repr(1e100), str(1e-7), repr(0.1), 1e22, 1.5e-10)\n',
     '"it\'s" \'say "hi"\' \'both \\\' "\' \'a\\nb\\t\\x00é\' 1\n\'\\xe9\' 1.0 1e+100 1e-07 0.1 1e+22 1.5e-10\n'),
    ('print(1, 2, sep=\'-\', end=\'!\\n\')\nprint()\nprint(\'a\', \'b\', sep=\'\')\nprint(*[1, 2, 3])\nprint([1.0, 2.5], (1,), {\'a\': None}, {1}, set(), (), [], "q", b"")\n',
     "1-2!\n\nab\n1 2 3\n[1.0, 2.5] (1,) {'a': None} {1} set() () [] q b''\n"),
]

MODULES = [
    ('import io\ns = io.StringIO()\ns.write("hello\\n")\nprint("x", file=s)\nprint(repr(s.getvalue()))\nb = io.BytesIO(b"abc")\nprint(b.read(2), b.getvalue())\ns2 = io.StringIO("a\\nb\\n")\nprint(s2.readline(), s2.readlines())\n',
     "'hello\\nx\\n'\nb'ab' b'abc'\na\n ['b\\n']\n"),
    ('import gc\nprint(type(gc.collect()).__name__)\ngc.disable(); gc.enable(); print(gc.isenabled())\n',
     'int\nTrue\n'),
    ('import textwrap\ns = "The quick brown fox jumps over the lazy dog and keeps running far away"\nprint(textwrap.wrap(s, 20))\nprint(textwrap.fill(s, 25))\nprint(textwrap.dedent("""    a\n      b\n    c"""))\nprint(textwrap.indent("x\\ny", "> "))\nprint(textwrap.shorten("Hello world this is long", width=15))\n',
     "['The quick brown fox', 'jumps over the lazy', 'dog and keeps', 'running far away']\nThe quick brown fox jumps\nover the lazy dog and\nkeeps running far away\na\n  b\nc\n> x\n> y\nHello [...]\n"),
    ('from collections.abc import Iterable, Mapping, Sequence, Callable\nprint(isinstance([1], Iterable), isinstance({}, Mapping), isinstance((1,), Sequence), isinstance(len, Callable), isinstance(3, Iterable))\nprint(callable(print), callable(3))\n',
     'True True True True False\nTrue False\n'),
    ('from abc import ABCMeta, abstractmethod\nclass Base(metaclass=ABCMeta):\n    @abstractmethod\n    def f(self): pass\n    @abstractmethod\n    def g(self): pass\nclass C(Base):\n    def f(self): return 1\nC()\n',
     "!! TypeError: Can't instantiate abstract class C with abstract method g\n"),
    ('s = "abcdef"\nprint(s[::-1], s[1:5:2], s[-2:], s[10:], s[:-10], list(range(10))[::3])\nprint(slice(1, 5, 2), slice(3).indices(10), [1, 2, 3][slice(1, None)])\n',
     'fedcba bd ef   [0, 3, 6, 9]\nslice(1, 5, 2) (0, 3, 1) [2, 3]\n'),
]

DEFAULTS = [
    ('def add(x, acc=[]):\n    acc.append(x)\n    return acc\nprint(add(1), add(2), add(3, []))\nprint(add.__defaults__)\ndef g(a, b=2, *, c=3, d): pass\nprint(g.__defaults__, g.__kwdefaults__, (lambda: 0).__defaults__, (lambda *, k=1: 0).__kwdefaults__)\n',
     "[1, 2] [1, 2] [3]\n([1, 2],)\n(2,) {'c': 3} None {'k': 1}\n"),
]

UNCAUGHT = [
    ('x = torch.ones(2)\nprint(x.sum())\nx.grad.grad_fn\n',
     "tensor(2.)\n!! AttributeError: 'NoneType' object has no attribute 'grad_fn'\n"),
    ('print(1)\nprint(undefined_name)\n',
     "1\n!! NameError: name 'undefined_name' is not defined\n"),
    ('a, b = [1, 2, 3]\n',
     '!! ValueError: too many values to unpack (expected 2)\n'),
    ('def f(a):\n    return a\nf(1, 2)\n',
     '!! TypeError: f() takes 1 positional argument but 2 were given\n'),
    ('x = torch.ones(2)\nx.zero_gard()\n',
     "!! AttributeError: 'Tensor' object has no attribute 'zero_gard'\n"),
    ('def f():\n    y = y + 1\nf()\n',
     "!! UnboundLocalError: cannot access local variable 'y' where it is not associated with a value\n"),

]

test_python = printed_programs({
    "chaining": CHAINING, "recursion": RECURSION, "iter-dir": ITER_DIR,
    "nested-classes": NESTED_CLASSES, "bytes": BYTES, "modules": MODULES,
    "defaults": DEFAULTS, "uncaught": UNCAUGHT})


# --- what gradcli decides where Python's behaviour is not reproduced -------------------------

def _error(source: str):
    with pytest.raises(EvalError) as info:
        run_source(source, "case.grad", out=io.StringIO())
    return info.value


@pytest.mark.parametrize("module, reason", [
    ("threading", "a formula runs in one thread"),
    ("multiprocessing", "a formula runs in one process"),
    ("re", "regular expressions run in loops the time limit cannot stop"),
])
def test_refused_imports_say_why(module, reason):
    err = _error(f"import {module}\n")
    assert err.message.startswith(f"cannot import '{module}': {reason}")
    out = io.StringIO()
    run_source(f"try:\n    import {module}\nexcept ImportError as e:\n"
               "    print(type(e).__name__)\n", "case.grad", out=out)
    assert out.getvalue() == "ModuleNotFoundError\n"


@pytest.mark.parametrize("handler", ["except:", "except Exception:", "except RuntimeError:"])
def test_a_catch_all_does_not_catch_the_call_depth_limit(handler):
    err = _error(f"def f(n):\n    return f(n + 1)\ntry:\n    f(0)\n{handler}\n    pass\n")
    assert isinstance(err, LimitError) and "--max-call-depth" in err.message


def test_an_uncaught_chained_error_names_its_cause_or_context_in_its_hint():
    err = _error("try:\n    1 / 0\nexcept ZeroDivisionError as e:\n"
                 "    raise ValueError('bad') from e\n")
    assert err.message == "ValueError: bad"
    assert err.hint == "raised from ZeroDivisionError: division by zero"
    err = _error("try:\n    {}['k']\nexcept KeyError:\n    raise ValueError('bad')\n")
    assert err.hint == "raised while handling KeyError: 'k'"
    err = _error("try:\n    {}['k']\nexcept KeyError:\n    raise ValueError('bad') from None\n")
    assert err.hint is None
