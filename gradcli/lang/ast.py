"""The typed syntax tree of a formula: small record classes (gradcli/_struct.py) that keep their line and column.

The parser builds it (gradcli/lang/parser.py), the compiler reads it. Nothing here
recurses: `walk` and `dump` use an explicit stack, so a tree as deep as the input (a sum of
a hundred thousand terms, parentheses ten thousand deep) is safe to walk and to print.
"""
from __future__ import annotations

from .._struct import Struct, field

#: The special method names a formula class may define: construction, printing, calls,
#: containers, comparisons, arithmetic, conversions and `with`. (Not the ones that change attribute
#: access, finalisation or pickling, which the guards and the engine rely on.)
METHOD_DUNDERS = (
    "__init__", "__repr__", "__str__", "__call__", "__len__", "__getitem__", "__setitem__",
    "__contains__", "__iter__", "__next__", "__bool__", "__eq__", "__ne__", "__lt__",
    "__le__", "__gt__", "__ge__", "__hash__", "__neg__", "__pos__", "__abs__", "__add__",
    "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__", "__rtruediv__",
    "__floordiv__", "__mod__", "__pow__", "__matmul__", "__enter__", "__exit__",
    "__post_init__", "__delitem__", "__format__", "__reversed__", "__rfloordiv__",
    "__rmod__", "__rpow__", "__rmatmul__", "__divmod__", "__and__", "__or__", "__xor__",
    "__rand__", "__ror__", "__rxor__", "__lshift__", "__rshift__", "__invert__", "__iadd__",
    "__isub__", "__imul__", "__itruediv__", "__imatmul__", "__int__", "__float__",
    "__index__", "__round__", "__torch_function__")


class Node(Struct):
    """Base of every node: a 1-based line and column in the source."""

    line: int
    col: int

    def __repr__(self) -> str:
        return dump(self)


# --- expressions ------------------------------------------------------------------------------

class Const(Node):
    """A literal: number, string, True/False/None or `...`."""

    value: object


class FString(Node):
    """An f-string: literal text (str) and replacement fields (FormattedValue) in order."""

    parts: list


class FormattedValue(Node):
    """`{value!conversion:spec}` inside an f-string; spec is an FString or None."""

    value: Node
    conversion: str | None
    spec: Node | None


class Name(Node):
    id: str


class Attribute(Node):
    """`value.attr`; its position is the attribute name's."""

    value: Node
    attr: str


class Subscript(Node):
    value: Node
    index: Node


class Slice(Node):
    lower: Node | None
    upper: Node | None
    step: Node | None


class Starred(Node):
    """`*value` in a call's arguments, a display (`[*a, 1]`) or an assignment target."""

    value: Node


class Keyword(Node):
    """`name=value` in a call; name None means `**value`."""

    name: str | None
    value: Node


class Call(Node):
    """A call; its position is the callee's (the attribute name for a method call)."""

    func: Node
    args: list
    keywords: list


class BinOp(Node):
    """`left op right`; its position is the operator's."""

    op: str
    left: Node
    right: Node


class UnaryOp(Node):
    op: str
    operand: Node


class BoolOp(Node):
    """`a and b and c` / `a or b`: short-circuit over two or more values."""

    op: str
    values: list


class Compare(Node):
    """A comparison chain `a < b <= c`: ops[i] compares operands i and i+1."""

    left: Node
    ops: list
    comparators: list


class IfExp(Node):
    test: Node
    body: Node
    orelse: Node


class Params(Node):
    """A parameter list: positional names with trailing defaults (the first `posonly` of
    them positional-only, before a `/`), *args, keyword-only, **kw; the positional ones'
    annotations as text, never evaluated (functools.singledispatch reads them)."""

    names: list
    defaults: list
    posonly: int = 0
    vararg: str | None = None
    kwonly: list = field(default_factory=list)
    kwdefaults: dict = field(default_factory=dict)
    kwarg: str | None = None
    annotations: dict = field(default_factory=dict)

    def all_names(self) -> list:
        out = list(self.names)
        if self.vararg:
            out.append(self.vararg)
        out.extend(self.kwonly)
        if self.kwarg:
            out.append(self.kwarg)
        return out


class Lambda(Node):
    params: Params
    body: Node


class ListExpr(Node):
    elts: list


class TupleExpr(Node):
    elts: list


class DictExpr(Node):
    """`{k: v, **m}`: a key of None means `**value`."""

    keys: list
    values: list


class SetExpr(Node):
    elts: list


class Comprehension(Node):
    """One `for target in iter if cond...` clause of a comprehension."""

    target: Node
    iter: Node
    ifs: list


class ListComp(Node):
    """`[elt for ...]`."""

    elt: Node
    generators: list


class GenExp(Node):
    """`(elt for ...)`: a generator, run a step at each next()."""

    elt: Node
    generators: list


class SetComp(Node):
    """`{elt for ...}`."""

    elt: Node
    generators: list


class DictComp(Node):
    """`{key: value for ...}`."""

    key: Node
    value: Node
    generators: list


# --- statements -------------------------------------------------------------------------------

class ExprStmt(Node):
    value: Node


class Assign(Node):
    """`t1 = t2 = value`: every target gets the same value, left to right."""

    targets: list
    value: Node


class AnnAssign(Node):
    """`target: annotation = value` (value None: `target: annotation` alone, which does
    nothing but declare the name). The annotation is kept as text, not evaluated: a class
    records it (dataclasses read it), nothing else does."""

    target: Node
    annotation: str
    value: Node | None


class AugAssign(Node):
    """`target op= value`; op is the binary operator (`+` for `+=`)."""

    target: Node
    op: str
    value: Node


class Pass(Node):
    pass


class Break(Node):
    pass


class Continue(Node):
    pass


class Return(Node):
    value: Node | None


class Yield(Node):
    """`yield value`, whose value is what the generator's caller sends back (None for
    next()), or `yield from iterable` (`from_`), whose value is the iterable's return
    value: either makes the function a generator."""

    value: Node | None
    from_: bool = False


class NamedExpr(Node):
    """`target := value`: stores value in target and is its value."""

    target: Node
    value: Node


class Assert(Node):
    test: Node
    msg: Node | None


class Delete(Node):
    targets: list


class Global(Node):
    names: list


class Nonlocal(Node):
    names: list


class Import(Node):
    """`import a.b as c, d`: names is a list of (dotted name, alias or None)."""

    names: list


class ImportFrom(Node):
    """`from module import a as b, c`; names is a list of (name, alias or None), or ["*"]."""

    module: str
    names: list


class Raise(Node):
    """`raise exc from cause`; exc None is a bare `raise` (re-raise)."""

    exc: Node | None
    cause: Node | None


class ExceptHandler(Node):
    """`except type as name:`; type None is a bare `except:`."""

    type: Node | None
    name: str | None
    body: list


class Try(Node):
    body: list
    handlers: list
    orelse: list
    finalbody: list


class If(Node):
    test: Node
    body: list
    orelse: list


class While(Node):
    test: Node
    body: list
    orelse: list


class For(Node):
    target: Node
    iter: Node
    body: list
    orelse: list


class WithItem(Node):
    context: Node
    target: Node | None


class With(Node):
    items: list
    body: list


class MatchCase(Node):
    """`case pattern if guard:`. The pattern is a tree of lists (gradcli/lang/patterns.py
    reads it) whose value patterns and class names are `values[i]`, evaluated before the
    match; `captures` are the names it binds, in the order the match returns them."""

    pattern: list
    values: list
    captures: list
    guard: Node | None
    body: list


class Match(Node):
    subject: Node
    cases: list


class FunctionDef(Node):
    name: str
    params: Params
    body: list
    decorators: list = field(default_factory=list)


class ClassDef(Node):
    name: str
    bases: list
    keywords: list
    body: list
    decorators: list = field(default_factory=list)


class Module(Node):
    """A parsed file (or, with `expression` set, a one-liner whose body is one ExprStmt)."""

    body: list
    filename: str = "<formula>"
    source: str = ""
    expression: bool = False


def start_of(node: Node) -> tuple[int, int]:
    """Where an expression starts in the source (its leftmost operand), found in a loop."""
    while True:
        if isinstance(node, (BinOp, Subscript)):
            nxt = node.left if isinstance(node, BinOp) else node.value
        elif isinstance(node, Attribute):
            nxt = node.value
        elif isinstance(node, Call):
            nxt = node.func
        elif isinstance(node, Compare):
            nxt = node.left
        elif isinstance(node, BoolOp):
            nxt = node.values[0]
        elif isinstance(node, IfExp):
            nxt = node.body
        else:
            return node.line, node.col
        if (nxt.line, nxt.col) > (node.line, node.col) or not nxt.line:
            return node.line, node.col
        node = nxt


# --- walking without recursion ----------------------------------------------------------------

_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


# fields that are neither children nor shown by dump (Params.posonly: a count, and the tree
# of a `def` without `/` reads as it did before there was one)
_PLACE_FIELDS = ("line", "col", "posonly")


def _child_fields(cls: type) -> tuple[str, ...]:
    names = _CHILD_FIELDS.get(cls)
    if names is None:
        names = tuple(f for f in cls._fields if f not in _PLACE_FIELDS)
        _CHILD_FIELDS[cls] = names
    return names


#: Annotations of fields that never hold a node (names, operators, counts, flags).
_PLAIN_ANNOTATIONS = frozenset(("str", "int", "bool", "str | None"))
_NODE_FIELDS: dict[type, tuple[str, ...]] = {}


def _node_fields(cls: type) -> tuple[str, ...]:
    """The fields of `cls` that may hold a node or a list of nodes."""
    names = _NODE_FIELDS.get(cls)
    if names is None:
        annotations: dict = {}
        for klass in reversed(cls.__mro__):
            annotations.update(getattr(klass, "__annotations__", {}))
        names = tuple(f for f in _child_fields(cls)
                      if str(annotations.get(f, "")).split("=")[0].strip()
                      not in _PLAIN_ANNOTATIONS)
        _NODE_FIELDS[cls] = names
    return names


def children(node: Node) -> list:
    """The direct child nodes of `node`, in source order."""
    out = []
    for name in _NODE_FIELDS.get(type(node)) or _node_fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, Node):
            out.append(value)
        elif isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, Node):
                    out.append(item)
        elif isinstance(value, dict):
            out.extend(v for v in value.values() if isinstance(v, Node))
    return out


def walk(node: Node):
    """Every node under `node` (itself first), depth-first in source order, iteratively."""
    stack = [node]
    pop, extend = stack.pop, stack.extend
    while stack:
        current = pop()
        yield current
        kind = type(current)
        if kind is not Name and kind is not Const:          # leaves
            extend(reversed(children(current)))


class _Raw(str):
    """Text that `dump` copies as it is (brackets, commas), unlike a value it reprs."""


def dump(node: Node) -> str:
    """A one-line text form of a tree, e.g. `BinOp('+', Name('x'), Const(1))`; iterative."""
    out: list[str] = []
    stack: list = [node]
    while stack:
        item = stack.pop()
        if type(item) is _Raw:
            out.append(item)
            continue
        if not isinstance(item, Node):
            out.append(repr(item))
            continue
        values = [getattr(item, name) for name in _child_fields(type(item))]
        if isinstance(item, Module):
            values = values[:1]
        elif isinstance(item, Params) and not item.annotations:
            values = values[:-1]        # (parameters without annotations: shown without)
        out.append(type(item).__name__ + "(")
        todo: list = []
        for i, value in enumerate(values):
            if i:
                todo.append(_Raw(", "))
            if isinstance(value, list):
                todo.append(_Raw("["))
                for j, elt in enumerate(value):
                    if j:
                        todo.append(_Raw(", "))
                    todo.append(elt)
                todo.append(_Raw("]"))
            else:
                todo.append(value)
        todo.append(_Raw(")"))
        stack.extend(reversed(todo))
    return "".join(out)
