"""`ast.children` looks only at the fields that can hold nodes (from the annotations); it must
find exactly the nodes a look at every field finds, for every kind of node. And `free_names`
/ `bound_names`, rewritten to dispatch on node types, give the names they gave."""
import pathlib

import pytest

from gradcli import lang
from gradcli.lang import ast as A
from gradcli.lang.compiler import bound_names

SAMPLES = sorted((pathlib.Path(__file__).resolve().parent.parent / "samples").glob("*.grad"))

EVERY_KIND = '''
import math
from collections import OrderedDict as OD
import torch.nn as nn
x: int = 1
y = [a * 2 for a in range(3) if a]
z = {k: v for k, v in zip("ab", (1, 2))}
s = {q for q in y}
g = sum(w for w in y)
f = lambda p, *r, k=1, **kw: p + k
del s
t = (1, *y)
d = {"a": 1, **z}
u = y[1:2:1] if x else -x
v = f"{x!r:>{4}} {u}" + 'b'
w = not (x < 2 <= 3) and x or None
x += 1
def h(a, b=2, /, c=3, *, e, **o):
    global G
    G = a
    def inner():
        nonlocal b
        b = (n := 5)
        return n
    yield b
    return inner
class K(object):
    size: int = 3
    def m(self, k=1):
        return k
@staticmethod
def dec(): pass
try:
    raise ValueError("x") from None
except (ValueError, TypeError) as err:
    pass
else:
    pass
finally:
    pass
with open_ctx() as (c1, c2), other():
    pass
for i, j in enumerate(y):
    if i: continue
    elif j: break
    else: pass
while False:
    assert x, "m"
print(*y, sep=", ", **d)
r = math.pi, [1], {2}
match x:
    case [1, *rest] if rest:
        pass
    case _:
        pass
'''


def _every_field_children(node) -> list:
    out = []
    for name in A._child_fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, A.Node):
            out.append(value)
        elif isinstance(value, (list, tuple)):
            out.extend(item for item in value if isinstance(item, A.Node))
        elif isinstance(value, dict):
            out.extend(v for v in value.values() if isinstance(v, A.Node))
    return out


def _sources():
    yield "every_kind", EVERY_KIND
    for path in SAMPLES:
        yield path.name, path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name,source", list(_sources()), ids=lambda v: v if len(v) < 40 else "")
def test_children_finds_every_child(name, source):
    module = lang.parse(source, name)
    seen, stack = set(), [module]
    while stack:
        node = stack.pop()
        seen.add(type(node))
        expected = _every_field_children(node)
        assert A.children(node) == expected, type(node).__name__
        stack.extend(expected)
    if name == "every_kind":      # the program above has every kind of node
        kinds = {k for k in vars(A).values()
                 if isinstance(k, type) and issubclass(k, A.Node) and k is not A.Node}
        assert kinds - seen == set()


def test_walk_is_source_order_and_iterative():
    module = lang.parse("+".join(f"v{i}" for i in range(50_000)), "<f>", mode="expression")
    names = [n.id for n in A.walk(module) if isinstance(n, A.Name)]
    assert names == [f"v{i}" for i in range(50_000)]


def test_free_and_bound_names():
    source = EVERY_KIND + "print(undefined_one, x, undefined_two, undefined_one)\n"
    assert lang.free_names(source) == ["open_ctx", "other", "undefined_one", "undefined_two"]
    module = lang.parse(source, "<f>")
    bound = bound_names(module.body)[0]
    assert {"math", "OD", "nn", "x", "y", "z", "s", "g", "f", "t", "d", "u", "v", "w", "h",
            "K", "dec", "err", "c1", "c2", "i", "j", "r", "rest"} == bound
    fn = next(s for s in module.body if isinstance(s, A.FunctionDef) and s.name == "h")
    bound, glob, nonloc = bound_names(fn.body)
    assert (bound, glob, nonloc) == ({"G", "inner"}, {"G"}, set())
    inner = next(s for s in fn.body if isinstance(s, A.FunctionDef))
    assert bound_names(inner.body) == ({"b", "n"}, set(), {"b"})
