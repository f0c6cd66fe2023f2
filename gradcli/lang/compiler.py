"""AST to flat bytecode: one `Code` per module, function, lambda and comprehension.

The walk is a post-order over an explicit work stack (no recursion), so the deepest AST the
parser can build compiles. Name resolution is Python's: a name assigned anywhere in a
function is local to it (LOAD_FAST), a name local to an enclosing function is read through
the closure (LOAD_DEREF, level 0 = innermost), anything else is global or a builtin.
"""
from __future__ import annotations

import re

from .._struct import Struct, field
from ..errors import FormulaSyntaxError, Position
from . import ast as A

# --- opcodes ------------------------------------------------------------------------------------
# Small ints; the VM tests the hottest ones first. Each instruction is a tuple (op, arg).
(LOAD_FAST, LOAD_CONST, LOAD_GLOBAL, BINARY, STORE_FAST, LOAD_ATTR, CALL, STORE_GLOBAL,
 POP_JUMP_IF_FALSE, JUMP, FOR_ITER, RETURN_VALUE, POP_TOP, LOAD_DEREF, STORE_DEREF,
 LOAD_SUBSCR, STORE_SUBSCR, DELETE_SUBSCR, STORE_ATTR, BUILD_TUPLE, BUILD_LIST, BUILD_DICT,
 BUILD_SLICE, LIST_APPEND, INPLACE, UNARY, NOT, DUP_TOP, DUP_TOP_TWO, ROT_TWO, ROT_THREE,
 POP_JUMP_IF_TRUE, JUMP_IF_FALSE_OR_POP, JUMP_IF_TRUE_OR_POP, GET_ITER, CALL_EX,
 MAKE_FUNCTION, MAKE_CLASS, SETUP_WITH, EXIT_WITH, IMPORT_NAME, IMPORT_FROM, ASSERT_FAIL,
 UNPACK, FORMAT_VALUE, BUILD_STRING, DELETE_FAST, DELETE_GLOBAL, DELETE_DEREF,
 COMPARE_CHAIN, LOOP_STEP, BUILD_SET, SET_ADD, MAP_ADD, BUILD_UNPACK, BUILD_DICT_UNPACK,
 UNPACK_EX, SETUP_TRY, POP_BLOCK, POP_EXCEPT, EXC_MATCH, EXC_VALUE, RAISE, RERAISE,
 YIELD_VALUE, DELETE_ATTR, SEND, MATCH_CASE) = range(68)

OPNAMES = {v: k for k, v in dict(globals()).items() if k.isupper() and isinstance(v, int)
           and not k.startswith("_")}


class Code:
    """A compiled block: instructions, their source positions and what a call needs."""

    __slots__ = ("name", "instrs", "positions", "params", "is_function", "filename",
                 "source_lines", "qualname", "is_generator", "doc")

    def __init__(self, name: str, filename: str, source_lines: list, is_function: bool):
        self.name = name
        self.qualname = name
        self.instrs: list = []
        self.positions: list = []
        self.params: A.Params | None = None
        self.is_function = is_function
        self.is_generator = False          # a `yield` in its body: a call makes a generator
        self.doc = None                    # a function's docstring (`f.__doc__`)
        self.filename = filename
        self.source_lines = source_lines

    def position(self, pc: int) -> Position:
        line, col = self.positions[pc] if 0 <= pc < len(self.positions) else (1, 1)
        text = self.source_lines[line - 1] if 0 < line <= len(self.source_lines) else ""
        return Position(self.filename, line, col, text)

    def disassemble(self) -> str:
        """The instructions as text, one a line (for tests and --debug)."""
        return "\n".join(f"{pc:4} {OPNAMES[op]:<20} {_short(arg)}"
                         for pc, (op, arg) in enumerate(self.instrs))

    def __repr__(self):
        return f"<code {self.name} ({len(self.instrs)} instructions)>"


def _short(arg) -> str:
    if isinstance(arg, Code):
        return repr(arg)
    text = repr(arg)
    return text if len(text) < 60 else text[:57] + "..."


# --- scopes ---------------------------------------------------------------------------------------

class Scope(Struct, slots=False, eq=True):
    """Names bound in a function (or the module) and what it declared global/nonlocal."""

    kind: str                      # "module" or "function"
    parent: "Scope | None"
    bound: set = field(default_factory=set)
    globals: set = field(default_factory=set)
    nonlocals: set = field(default_factory=set)

    def is_local(self, name: str) -> bool:
        return (self.kind == "function" and name in self.bound
                and name not in self.globals and name not in self.nonlocals)


_COMPREHENSIONS = (A.ListComp, A.SetComp, A.DictComp, A.GenExp)
_SCOPE_NODES = (A.FunctionDef, A.Lambda) + _COMPREHENSIONS
_COMPREHENSION_NAMES = ("<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>")


def _target_names(target) -> list[str]:
    names, stack = [], [target]
    while stack:
        t = stack.pop()
        if isinstance(t, A.Name):
            names.append(t.id)
        elif isinstance(t, (A.TupleExpr, A.ListExpr)):
            stack.extend(t.elts)
        elif isinstance(t, A.Starred):
            stack.append(t.value)
    return names


def _walrus_targets(comprehension) -> set:
    """The `name := value` targets inside a comprehension (nested ones too, not inside
    lambdas): Python binds them in the scope around the comprehension."""
    names, stack = set(), list(A.children(comprehension))
    while stack:
        node = stack.pop()
        if isinstance(node, A.NamedExpr):
            names.update(_target_names(node.target))
        if not isinstance(node, (A.Lambda, A.FunctionDef)):
            stack.extend(A.children(node))
    return names


#: The nodes `bound_names` looks at (every other node binds nothing and is walked through).
_BINDING_NODES = frozenset((A.Assign, A.AugAssign, A.AnnAssign, A.For, A.WithItem,
                            A.FunctionDef, A.ClassDef, A.Import, A.ImportFrom, A.Delete,
                            A.Global, A.Nonlocal, A.ExceptHandler, A.NamedExpr, A.Lambda,
                            A.MatchCase)
                           + _COMPREHENSIONS)


def bound_names(body: list) -> tuple[set, set, set]:
    """Names a block binds, declares global, declares nonlocal; not looking inside nested
    functions, lambdas and comprehensions (but counting the names of nested defs)."""
    bound, glob, nonloc = set(), set(), set()
    stack = list(body)
    children = A.children
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind not in _BINDING_NODES:      # most nodes: nothing bound, walk on (or a leaf)
            if kind is not A.Name and kind is not A.Const:
                stack.extend(children(node))
            continue
        if isinstance(node, (A.Assign,)):
            for t in node.targets:
                bound.update(_target_names(t))
        elif isinstance(node, (A.AugAssign, A.AnnAssign)):
            bound.update(_target_names(node.target))
        elif isinstance(node, A.For):
            bound.update(_target_names(node.target))
        elif isinstance(node, A.WithItem) and node.target is not None:
            bound.update(_target_names(node.target))
        elif isinstance(node, (A.FunctionDef, A.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, A.Import):
            for dotted, alias in node.names:
                bound.add(alias or dotted.split(".")[0])
        elif isinstance(node, A.ImportFrom):
            for item in node.names:
                if item != "*":
                    bound.add(item[1] or item[0])
        elif isinstance(node, A.Delete):
            for t in node.targets:
                bound.update(_target_names(t))
        elif isinstance(node, A.Global):
            glob.update(node.names)
        elif isinstance(node, A.Nonlocal):
            nonloc.update(node.names)
        elif isinstance(node, A.ExceptHandler) and node.name is not None:
            bound.add(node.name)
        elif isinstance(node, A.NamedExpr):
            bound.update(_target_names(node.target))
        elif isinstance(node, A.MatchCase):
            bound.update(node.captures)
        if isinstance(node, (A.FunctionDef, A.Lambda)):
            stack.extend(node.decorators if isinstance(node, A.FunctionDef) else [])
            stack.extend(node.params.defaults)
            stack.extend(node.params.kwdefaults.values())
            continue
        if isinstance(node, _COMPREHENSIONS):
            stack.append(node.generators[0].iter)
            bound.update(_walrus_targets(node))
            continue
        if isinstance(node, A.ClassDef):
            stack.extend(node.bases)
            stack.extend(k.value for k in node.keywords)
            stack.extend(node.decorators)
            for stmt in node.body:          # methods: their decorators and defaults only
                if isinstance(stmt, A.FunctionDef):
                    stack.extend(stmt.decorators)
                    stack.extend(stmt.params.defaults)
            continue
        stack.extend(A.children(node))
    return bound, glob, nonloc


_DECLARATION = re.compile(r"\b(global|nonlocal)\b")


def misplaced_declaration(body: list, function: bool = True):
    """The first `global`/`nonlocal` of a block that comes after the block used, assigned
    or annotated one of its names, as (Python's message, the statement), or None; then
    (in a function) a name declared both, at its first declaration. Uses in nested
    functions, lambdas and comprehensions (but their defaults, decorators and first
    iterable) are not the block's; an import does not count, as in CPython."""
    used, assigned, annotated, stores = set(), set(), set(), set()
    declared: dict = {}                 # name -> (first declaring statement, its kinds)
    stack = list(reversed(body))
    while stack:
        node = stack.pop()
        if isinstance(node, (A.Global, A.Nonlocal)):
            kind = "global" if isinstance(node, A.Global) else "nonlocal"
            for name in node.names:
                if name in used:
                    return f"name '{name}' is used prior to {kind} declaration", node
                if name in annotated:
                    return f"annotated name '{name}' can't be {kind}", node
                if name in assigned:
                    return f"name '{name}' is assigned to before {kind} declaration", node
                declared.setdefault(name, (node, set()))[1].add(kind)
            continue
        if isinstance(node, A.Name):
            (assigned if id(node) in stores else used).add(node.id)
            continue
        for target in _targets_of(node):
            for name_node in _target_name_nodes(target):
                stores.add(id(name_node))
        if isinstance(node, A.AnnAssign) and isinstance(node.target, A.Name):
            annotated.add(node.target.id)
        if isinstance(node, A.ExceptHandler) and node.name is not None:
            assigned.add(node.name)
        if isinstance(node, (A.FunctionDef, A.ClassDef)):
            assigned.add(node.name)
        if isinstance(node, (A.FunctionDef, A.Lambda)):
            outside = list(node.decorators if isinstance(node, A.FunctionDef) else [])
            outside += node.params.defaults + list(node.params.kwdefaults.values())
        elif isinstance(node, _COMPREHENSIONS):
            outside = [node.generators[0].iter]
        elif isinstance(node, A.ClassDef):
            outside = node.decorators + node.bases + [k.value for k in node.keywords]
        else:
            outside = A.children(node)
        stack.extend(reversed(outside))
    for name, (node, kinds) in declared.items():
        if function and len(kinds) == 2:
            return f"name '{name}' is nonlocal and global", node
    return None


def _targets_of(node) -> list:
    if isinstance(node, (A.Assign, A.Delete)):
        return node.targets
    if isinstance(node, (A.AugAssign, A.AnnAssign, A.For, A.NamedExpr)):
        return [node.target]
    if isinstance(node, A.WithItem) and node.target is not None:
        return [node.target]
    return []


def _target_name_nodes(target) -> list:
    names, stack = [], [target]
    while stack:
        t = stack.pop()
        if isinstance(t, A.Name):
            names.append(t)
        elif isinstance(t, (A.TupleExpr, A.ListExpr)):
            stack.extend(t.elts)
        elif isinstance(t, A.Starred):
            stack.append(t.value)
    return names


# --- the compiler ---------------------------------------------------------------------------------

class Label:
    __slots__ = ("target",)

    def __init__(self):
        self.target = -1


_AUG_OPS = {"+", "-", "*", "@", "/", "//", "%", "**", "&", "|", "^", "<<", ">>"}


class _Unit:
    """One Code being built, with its scope and the loops open in it."""

    def __init__(self, code: Code, scope: Scope):
        self.code = code
        self.scope = scope
        self.loops: list = []          # (continue label, break label, len(blocks), is_for)
        # what a jump out of the code being compiled must close, innermost last: ("with",),
        # ("try",) an except-setup, ("finally", body), ("handler", name) an except clause's
        # body, ("fin_handler",) a finally body run for an exception
        self.blocks: list = []
        self.fixups: list = []         # (instruction index, label)


class Compiler:
    """Compiles a Module into a Code. Use `compile_module(module)`."""

    def __init__(self, module: A.Module):
        self.filename = module.filename
        self.lines = module.source.split("\n")
        self.module = module

    # --- entry point
    def compile(self) -> Code:
        module = self.module
        code = Code("<module>", self.filename, self.lines, is_function=False)
        scope = Scope("module", None)
        unit = _Unit(code, scope)
        if module.expression:
            expr = module.body[0].value
            work: list = [("finish", unit, None), ("emit", RETURN_VALUE, None, expr), expr]
        else:
            if _DECLARATION.search(module.source):     # (a walk of the whole module)
                self._check_declaration_order(module.body, function=False)
            work = [("finish", unit, None), ("emit", RETURN_VALUE, None, module),
                    ("emit", LOAD_CONST, None, module)] + list(reversed(module.body))
        self.unit = unit
        self._run(work)
        return code

    def _run(self, work: list) -> None:
        """The explicit-stack walk: items are AST nodes (compile them) or tuples (actions)."""
        handlers = self._handlers()
        pop = work.pop
        while work:
            item = pop()
            if type(item) is tuple:
                if item[0] == "emit":
                    _, op, arg, node = item
                    code = self.unit.code         # emit(op, arg, node), written out
                    code.instrs.append((op, arg))
                    positions = code.positions
                    if node is not None and node.line:
                        positions.append((node.line, node.col))
                    else:
                        positions.append(positions[-1] if positions else (1, 1))
                else:
                    self._action(item, work)
                continue
            handler = handlers.get(type(item))
            if handler is None:
                raise self._error(f"unsupported syntax: {type(item).__name__}", item)
            handler(item, work)

    # --- emitting
    def emit(self, op: int, arg, node) -> int:
        code = self.unit.code
        code.instrs.append((op, arg))
        if node is not None and node.line:
            code.positions.append((node.line, node.col))
        else:
            code.positions.append(code.positions[-1] if code.positions else (1, 1))
        return len(code.instrs) - 1

    def emit_jump(self, op: int, label: Label, node) -> None:
        index = self.emit(op, None, node)
        self.unit.fixups.append((index, label))

    def mark(self, label: Label) -> None:
        label.target = len(self.unit.code.instrs)

    def _action(self, item: tuple, work: list) -> None:
        kind = item[0]
        if kind == "emit":
            _, op, arg, node = item
            self.emit(op, arg, node)
        elif kind == "jump":
            _, op, label, node = item
            self.emit_jump(op, label, node)
        elif kind == "mark":
            self.mark(item[1])
        elif kind == "target":
            self._store_target(item[1], work)
        elif kind == "call":
            item[1](*item[2:])
        elif kind == "call_work":
            item[1](work, *item[2:])
        elif kind == "finish":
            self._finish(item[1], item[2])
        else:  # pragma: no cover
            raise AssertionError(kind)

    def _finish(self, unit: _Unit, parent: "_Unit | None") -> None:
        instrs = unit.code.instrs
        for index, label in unit.fixups:
            op, _ = instrs[index]
            instrs[index] = (op, label.target)
        if parent is not None:
            self.unit = parent

    def _error(self, message: str, node, hint: str | None = None) -> FormulaSyntaxError:
        line = node.line if node is not None else 1
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return FormulaSyntaxError(message, hint=hint,
                                  position=Position(self.filename, line, node.col if node else 1,
                                                    text))

    # --- names
    _LOAD = (LOAD_FAST, LOAD_DEREF, LOAD_GLOBAL)
    _STORE = (STORE_FAST, STORE_DEREF, STORE_GLOBAL)
    _DELETE = (DELETE_FAST, DELETE_DEREF, DELETE_GLOBAL)

    def _load_name(self, name: str, node) -> None:
        kind, arg = self._resolve(name)
        self.emit(self._LOAD[kind], arg, node)

    def _store_name(self, name: str, node) -> None:
        kind, arg = self._resolve(name)
        self.emit(self._STORE[kind], arg, node)

    def _delete_name(self, name: str, node) -> None:
        kind, arg = self._resolve(name)
        self.emit(self._DELETE[kind], arg, node)

    def _resolve(self, name: str):
        """(0 local | 1 enclosing function | 2 global, argument) for a name here."""
        scope = self.unit.scope
        if scope.kind == "module" or name in scope.globals:
            return 2, name
        if scope.is_local(name):
            return 0, name
        level, outer = 0, scope.parent
        while outer is not None and outer.kind == "function":
            if outer.is_local(name):
                return 1, (level, name)
            if name in outer.globals:
                break
            level += 1
            outer = outer.parent
        return 2, name

    # --- handlers by node type
    def _handlers(self) -> dict:
        return {
            A.Const: self._const, A.Name: self._name, A.Attribute: self._attribute,
            A.Subscript: self._subscript, A.Slice: self._slice, A.Call: self._call,
            A.BinOp: self._binop, A.UnaryOp: self._unaryop, A.BoolOp: self._boolop,
            A.Compare: self._compare, A.IfExp: self._ifexp, A.Lambda: self._lambda,
            A.ListExpr: self._list, A.TupleExpr: self._tuple, A.DictExpr: self._dict,
            A.ListComp: self._listcomp, A.SetComp: self._listcomp,
            A.DictComp: self._listcomp, A.GenExp: self._listcomp,
            A.NamedExpr: self._named_expr, A.SetExpr: self._set, A.FString: self._fstring,
            A.FormattedValue: self._formatted, A.Starred: self._starred,
            A.ExprStmt: self._expr_stmt, A.Assign: self._assign, A.AugAssign: self._augassign,
            A.AnnAssign: self._annassign,
            A.Pass: lambda node, work: None, A.Break: self._break,
            A.Continue: self._continue, A.Return: self._return, A.Yield: self._yield,
            A.Assert: self._assert,
            A.Delete: self._delete, A.Global: self._global, A.Nonlocal: self._nonlocal,
            A.Import: self._import, A.ImportFrom: self._import_from, A.If: self._if,
            A.While: self._while, A.For: self._for, A.With: self._with,
            A.FunctionDef: self._functiondef, A.ClassDef: self._classdef,
            A.Try: self._try, A.Raise: self._raise, A.Match: self._match,
            NestedClass: lambda node, work: self._classdef(node.node, work, node.owner),
        }

    # expressions: each pushes, in reverse order, what must happen after its children
    def _const(self, node, work):
        self.emit(LOAD_CONST, node.value, node)

    def _name(self, node, work):
        if node.id[:2] == "__" and node.id != "__name__":
            raise _dunder_error(self, node)
        if self.unit.scope.kind == "module":          # _load_name's global, in one step
            self.emit(LOAD_GLOBAL, node.id, node)
        else:
            self._load_name(node.id, node)

    def _attribute(self, node, work):
        work.append(("emit", LOAD_ATTR, node.attr, node))
        work.append(node.value)

    def _subscript(self, node, work):
        work.append(("emit", LOAD_SUBSCR, None, node))
        work.append(node.index)
        work.append(node.value)

    def _slice(self, node, work):
        work.append(("emit", BUILD_SLICE, None, node))
        for part in (node.step, node.upper, node.lower):
            work.append(part if part is not None else ("emit", LOAD_CONST, None, node))

    def _starred(self, node, work):
        raise self._error("can't use starred expression here", node)

    def _call(self, node, work):
        star_flags = tuple(isinstance(a, A.Starred) for a in node.args)
        kwnames = tuple(k.name for k in node.keywords)
        if any(star_flags) or None in kwnames:
            work.append(("emit", CALL_EX, (star_flags, kwnames), node))
        else:
            work.append(("emit", CALL, (len(node.args), kwnames), node))
        for kw in reversed(node.keywords):
            work.append(kw.value)
        for arg in reversed(node.args):
            work.append(arg.value if isinstance(arg, A.Starred) else arg)
        work.append(node.func)

    def _binop(self, node, work):
        work.append(("emit", BINARY, node.op, node))
        work.append(node.right)
        work.append(node.left)

    def _unaryop(self, node, work):
        if node.op == "not":
            work.append(("emit", NOT, None, node))
        else:
            work.append(("emit", UNARY, node.op, node))
        work.append(node.operand)

    def _boolop(self, node, work):
        end = Label()
        op = JUMP_IF_FALSE_OR_POP if node.op == "and" else JUMP_IF_TRUE_OR_POP
        work.append(("mark", end))
        for i in range(len(node.values) - 1, -1, -1):
            value = node.values[i]
            work.append(value)
            if i:
                work.append(("jump", op, end, node.values[i - 1]))

    def _compare(self, node, work):
        if len(node.ops) == 1:
            work.append(("emit", BINARY, node.ops[0], node))
            work.append(node.comparators[0])
            work.append(node.left)
            return
        # a < b < c: DUP the middle operand, jump out with False at the first failure
        cleanup, end = Label(), Label()
        work.append(("mark", end))
        work.append(("emit", POP_TOP, None, node))
        work.append(("emit", ROT_TWO, None, node))
        work.append(("mark", cleanup))
        work.append(("jump", JUMP, end, node))
        last = len(node.ops) - 1
        work.append(("emit", BINARY, node.ops[last], node))
        work.append(node.comparators[last])
        for i in range(last - 1, -1, -1):
            work.append(("jump", JUMP_IF_FALSE_OR_POP, cleanup, node))
            work.append(("emit", BINARY, node.ops[i], node))
            work.append(("emit", ROT_THREE, None, node))
            work.append(("emit", DUP_TOP, None, node))
            work.append(node.comparators[i])
        work.append(node.left)

    def _ifexp(self, node, work):
        orelse, end = Label(), Label()
        work.append(("mark", end))
        work.append(node.orelse)
        work.append(("mark", orelse))
        work.append(("jump", JUMP, end, node))
        work.append(node.body)
        work.append(("jump", POP_JUMP_IF_FALSE, orelse, node.test))
        work.append(node.test)

    def _display(self, node, work, kind: str, op: int):
        """A list, tuple or set display; `*items` are spread by one BUILD_UNPACK."""
        flags = tuple(isinstance(e, A.Starred) for e in node.elts)
        if any(flags):
            work.append(("emit", BUILD_UNPACK, (kind, flags), node))
        else:
            work.append(("emit", op, len(node.elts), node))
        work.extend(e.value if isinstance(e, A.Starred) else e for e in reversed(node.elts))

    def _list(self, node, work):
        self._display(node, work, "list", BUILD_LIST)

    def _tuple(self, node, work):
        self._display(node, work, "tuple", BUILD_TUPLE)

    def _set(self, node, work):
        self._display(node, work, "set", BUILD_SET)

    def _dict(self, node, work):
        flags = tuple(key is None for key in node.keys)
        if any(flags):
            work.append(("emit", BUILD_DICT_UNPACK, flags, node))
        else:
            work.append(("emit", BUILD_DICT, len(node.keys), node))
        for key, value in reversed(list(zip(node.keys, node.values))):
            work.append(value)
            if key is not None:
                work.append(key)

    def _fstring(self, node, work):
        work.append(("emit", BUILD_STRING, len(node.parts), node))
        for part in reversed(node.parts):
            work.append(part if isinstance(part, A.Node) else ("emit", LOAD_CONST, part, node))

    def _formatted(self, node, work):
        work.append(("emit", FORMAT_VALUE, (node.conversion, node.spec is not None), node))
        if node.spec is not None:
            work.append(node.spec)
        work.append(node.value)

    # --- functions, lambdas and comprehensions: a nested Code compiled in place
    def _new_unit(self, name: str, node, params: A.Params, body_bound: set, glob=(), nonloc=()):
        scope = Scope("function", self.unit.scope, set(body_bound) | set(params.all_names()),
                      set(glob), set(nonloc))
        code = Code(name, self.filename, self.lines, is_function=True)
        code.params = params
        return _Unit(code, scope)

    def _function_code(self, work, name: str, node, params: A.Params, body: list,
                       expression: A.Node | None, decorators: list, store: bool,
                       make_node=None, owner: str | None = None):
        """Queue: defaults, decorators, MAKE_FUNCTION of the body's Code, CALL decorators,
        store the name (when `store`). `owner`: the class whose method this is."""
        if expression is not None:
            bound, glob, nonloc = bound_names([expression])
        else:
            bound, glob, nonloc = bound_names(body)
        self._check_decls(glob, nonloc, params, node, body)
        unit = self._new_unit(name, node, params, bound, glob, nonloc)
        unit.code.qualname = self._qualname(f"{owner}.{name}" if owner else name)
        unit.code.doc = docstring(body)
        self._check_nonlocals(unit.scope, nonloc, node)
        parent = self.unit
        inner: list = [("finish", unit, parent)]
        if expression is not None:
            inner.append(("emit", RETURN_VALUE, None, expression))
            inner.append(expression)
        else:
            inner.append(("emit", RETURN_VALUE, None, node))
            inner.append(("emit", LOAD_CONST, None, node))
            inner.extend(reversed(body))
        kwdefault_names = tuple(n for n in params.kwonly if n in params.kwdefaults)

        def begin():
            self.unit = unit

        after: list = []
        if store:
            after.append(("call", self._store_name, name, node))
        for deco in decorators:
            after.append(("emit", CALL, (1, ()), deco))
        after.append(("emit", MAKE_FUNCTION, (unit.code, len(params.defaults), kwdefault_names),
                      node))
        # the nested body is compiled (between begin and finish) before MAKE_FUNCTION is
        # emitted in the parent, so the Code is complete when the parent runs
        work.extend(after)
        work.extend(inner)
        work.append(("call", begin))
        for n in reversed(kwdefault_names):
            work.append(params.kwdefaults[n])
        work.extend(reversed(params.defaults))
        work.extend(reversed(decorators))

    def _check_decls(self, glob, nonloc, params, node, body=()):
        for name in glob | nonloc:
            if name in params.all_names():
                kind = "global" if name in glob else "nonlocal"
                raise self._error(f"name '{name}' is parameter and {kind}", node)
        if glob or nonloc:
            self._check_declaration_order(body)

    def _check_declaration_order(self, body: list, function: bool = True) -> None:
        found = misplaced_declaration(body, function)
        if found is not None:
            message, node = found
            error = self._error(message, node)
            keyword = "global" if isinstance(node, A.Global) else "nonlocal"
            start = error.position.source_line.rfind(keyword, 0, node.col - 1)
            if start >= 0:                  # Python points at the statement, not the name
                error.position = Position(self.filename, node.line, start + 1,
                                          error.position.source_line)
            raise error

    def _check_nonlocals(self, scope: Scope, nonloc, node):
        for name in nonloc:
            outer = scope.parent
            while outer is not None and outer.kind == "function" and not outer.is_local(name):
                outer = outer.parent
            if outer is None or outer.kind != "function":
                raise self._error(f"no binding for nonlocal '{name}' found", node)

    def _qualname(self, name: str) -> str:
        """CPython's __qualname__ for a function, lambda or comprehension named `name` made
        here: `f.<locals>.name` in a function, `<listcomp>.name` in a comprehension (3.11),
        the bare name at module level or where the function declared it global."""
        outer = self.unit
        if not outer.code.is_function or name in outer.scope.globals:
            return name
        if outer.code.name in _COMPREHENSION_NAMES:
            return f"{outer.code.qualname}.{name}"
        return f"{outer.code.qualname}.<locals>.{name}"

    def _lambda(self, node, work):
        self._function_code(work, "<lambda>", node, node.params, [], node.body, [], False)

    def _functiondef(self, node, work):
        if node.name.startswith("__"):
            raise self._error("names starting with '__' are not allowed in formulas: "
                              f"'{node.name}'", node,
                              f"`def {node.name}(self, ...)` belongs in a class body "
                              "(`class Name(nn.Module):`, `class Name(Dataset):`)")
        self._function_code(work, node.name, node, node.params, node.body, None,
                            node.decorators, True)

    def _named_expr(self, node, work):
        work.append(("target", node.target))
        work.append(("emit", DUP_TOP, None, node))
        work.append(node.value)

    def _listcomp(self, node, work):
        """A comprehension is a function of one argument, the first iterator (as in Python);
        list, set and dict comprehensions differ only in what they build and add to, and a
        generator expression builds nothing: it yields each element."""
        first = node.generators[0]
        params = A.Params(node.line, node.col, [".0"], [])
        bound: set = set()
        for gen in node.generators:
            bound.update(_target_names(gen.target))
        name, build, add, elts = {
            A.ListComp: ("<listcomp>", BUILD_LIST, LIST_APPEND, lambda: [node.elt]),
            A.SetComp: ("<setcomp>", BUILD_SET, SET_ADD, lambda: [node.elt]),
            A.DictComp: ("<dictcomp>", BUILD_DICT, MAP_ADD, lambda: [node.key, node.value]),
            A.GenExp: ("<genexpr>", None, None, lambda: [node.elt]),
        }[type(node)]
        unit = self._new_unit(name, node, params, bound)
        unit.code.qualname = self._qualname(name)
        parent = self.unit

        def begin():
            self.unit = unit

        body: list = [("call", begin)]
        if build is None:
            unit.code.is_generator = True
        else:
            body.append(("emit", build, 0, node))
        ends: list = []
        for depth, gen in enumerate(node.generators):
            top, end = Label(), Label()
            ends.append((top, end, gen))
            if depth == 0:
                body.append(("emit", LOAD_FAST, ".0", gen))
            else:
                body.append(gen.iter)
                body.append(("emit", GET_ITER, None, gen))
            body.append(("mark", top))
            body.append(("jump", FOR_ITER, end, gen))
            body.append(("target", gen.target))
            for cond in gen.ifs:
                body.append(cond)
                body.append(("jump", POP_JUMP_IF_FALSE, top, cond))
        body.extend(elts())
        if build is None:
            body.append(("emit", YIELD_VALUE, None, node))
            body.append(("emit", POP_TOP, None, node))
        else:
            body.append(("emit", add, len(node.generators), node))
        for top, end, gen in reversed(ends):
            body.append(("jump", JUMP, top, gen))
            body.append(("mark", end))
        if build is None:
            body.append(("emit", LOAD_CONST, None, node))
        body.append(("emit", RETURN_VALUE, None, node))
        body.append(("finish", unit, parent))
        work.append(("emit", CALL, (1, ()), node))
        work.append(("emit", GET_ITER, None, first))
        work.append(first.iter)
        work.append(("emit", MAKE_FUNCTION, (unit.code, 0, ()), node))
        work.extend(reversed(body))

    # --- statements
    def _expr_stmt(self, node, work):
        work.append(("emit", POP_TOP, None, node))
        work.append(node.value)

    def _annassign(self, node, work):
        if node.value is not None:
            work.append(("target", node.target))
            work.append(node.value)

    def _assign(self, node, work):
        *firsts, last = node.targets
        work.append(("target", last))
        for target in reversed(firsts):
            work.append(("target", target))
            work.append(("emit", DUP_TOP, None, node))
        work.append(node.value)

    def _store_target(self, target, work: list) -> None:
        """Store the value on top of the stack into `target` (the object and index of an
        attribute or item target are queued on `work`, to be evaluated next)."""
        if isinstance(target, A.Name):
            if target.id[:2] == "__":
                raise _dunder_error(self, target)
            self._store_name(target.id, target)
        elif isinstance(target, A.Attribute):
            work.append(("emit", STORE_ATTR, target.attr, target))
            work.append(target.value)
        elif isinstance(target, A.Subscript):
            work.append(("emit", STORE_SUBSCR, None, target))
            work.append(target.index)
            work.append(target.value)
        elif isinstance(target, (A.TupleExpr, A.ListExpr)):
            starred = [i for i, e in enumerate(target.elts) if isinstance(e, A.Starred)]
            if starred:
                before = starred[0]
                self.emit(UNPACK_EX, (before, len(target.elts) - before - 1), target)
            else:
                self.emit(UNPACK, len(target.elts), target)
            work.extend(("target", e.value if isinstance(e, A.Starred) else e)
                        for e in reversed(target.elts))
        else:  # the parser rejects other targets
            raise self._error("cannot assign to expression", target)

    def _augassign(self, node, work):
        target = node.target
        if isinstance(target, A.Name):
            work.append(("call", self._store_name, target.id, target))
            work.append(("emit", INPLACE, node.op, node))
            work.append(node.value)
            work.append(target)
        elif isinstance(target, A.Attribute):
            work.append(("emit", STORE_ATTR, target.attr, target))
            work.append(("emit", ROT_TWO, None, node))
            work.append(("emit", INPLACE, node.op, node))
            work.append(node.value)
            work.append(("emit", LOAD_ATTR, target.attr, target))
            work.append(("emit", DUP_TOP, None, node))
            work.append(target.value)
        else:
            work.append(("emit", STORE_SUBSCR, None, target))
            work.append(("emit", ROT_THREE, None, node))
            work.append(("emit", INPLACE, node.op, node))
            work.append(node.value)
            work.append(("emit", LOAD_SUBSCR, None, target))
            work.append(("emit", DUP_TOP_TWO, None, node))
            work.append(target.index)
            work.append(target.value)

    def _loop_exit(self, node, kind: str, work: list) -> None:
        if not self.unit.loops:
            raise self._error(f"'{kind}' outside loop", node)
        cont, brk, depth, is_for = self.unit.loops[-1]
        steps = self._close_blocks(depth, node)
        if kind == "break":
            if is_for:                  # the iterator: a generator dropped here is closed
                steps.append(("emit", POP_TOP, "iterator", node))
            steps.append(("jump", JUMP, brk, node))
        else:
            steps.append(("jump", JUMP, cont, node))
        work.extend(reversed(steps))

    def _break(self, node, work):
        self._loop_exit(node, "break", work)

    def _continue(self, node, work):
        self._loop_exit(node, "continue", work)

    def _return(self, node, work):
        if not self.unit.code.is_function:
            raise self._error("'return' outside function", node)
        steps = [node.value if node.value is not None else ("emit", LOAD_CONST, None, node)]
        top = len(self.unit.blocks)
        for _, _, depth, is_for in reversed(self.unit.loops):
            if is_for:                  # drop the loop's iterator (under the value), as
                steps.extend(self._close_blocks(depth, node, top))    # CPython does
                steps.append(("emit", ROT_TWO, None, node))
                steps.append(("emit", POP_TOP, "iterator", node))
                top = depth
        steps.extend(self._close_blocks(0, node, top))
        steps.append(("emit", RETURN_VALUE, None, node))
        work.extend(reversed(steps))

    def _yield(self, node, work):
        """`yield v`: YIELD_VALUE hands v to whoever asked the generator for its next value
        and suspends the frame there; resumed, the frame finds the value sent (None for
        next()) on its stack. `yield from it`: SEND passes each value sent on to `it` and
        each of its items out, until it ends; its return value is the expression's."""
        if not self.unit.code.is_function:
            raise self._error("'yield' outside function", node)
        self.unit.code.is_generator = True
        if not node.from_:
            work.append(("emit", YIELD_VALUE, None, node))
            work.append(node.value if node.value is not None
                        else ("emit", LOAD_CONST, None, node))
            return
        top, end = Label(), Label()
        work.append(("mark", end))
        work.append(("jump", JUMP, top, node))
        work.append(("emit", YIELD_VALUE, None, node))
        work.append(("jump", SEND, end, node))
        work.append(("mark", top))
        work.append(("emit", LOAD_CONST, None, node))
        work.append(("emit", GET_ITER, None, node.value))
        work.append(node.value)

    def _close_blocks(self, depth: int, node, top: int | None = None) -> list:
        """The work (in execution order) that leaves the blocks above `depth` (and below
        `top`, default all) for a break, continue or return: exit with-blocks, drop try
        set-ups and handled exceptions, and run each `finally` body, compiled there with
        only the blocks outside it open."""
        steps: list = []
        blocks = self.unit.blocks
        for i in range(len(blocks) - 1 if top is None else top - 1, depth - 1, -1):
            kind = blocks[i][0]
            if kind == "with":
                steps.append(("emit", EXIT_WITH, None, node))
            elif kind == "try":
                steps.append(("emit", POP_BLOCK, None, node))
            elif kind in ("handler", "fin_handler"):
                steps.append(("emit", POP_EXCEPT, None, node))
                if kind == "handler" and blocks[i][1] is not None:
                    steps.extend(self._forget(blocks[i][1], node))
            else:
                steps.append(("emit", POP_BLOCK, None, node))
                steps.append(("call", self._set_blocks, blocks[:i]))
                steps.extend(blocks[i][1])
                steps.append(("call", self._set_blocks, blocks))
        return steps

    def _set_blocks(self, blocks: list) -> None:
        self.unit.blocks = blocks

    def _push_block(self, *block) -> None:
        self.unit.blocks.append(block)

    def _pop_block(self) -> None:
        self.unit.blocks.pop()

    def _forget(self, name: str, node) -> list:
        """`name = None; del name`, as Python ends an `except ... as name:` clause."""
        return [("emit", LOAD_CONST, None, node), ("call", self._store_name, name, node),
                ("call", self._delete_name, name, node)]

    def _try(self, node, work):
        if node.finalbody:
            self._try_finally(node, work)
        else:
            self._try_except(node, work)

    def _try_finally(self, node, work):
        """SETUP_TRY to the handler; the rest of the statement; POP_BLOCK; the finally body;
        and at the handler (an exception is being handled) the body again, then RERAISE."""
        handler, end = Label(), Label()
        inner = (A.Try(node.line, node.col, node.body, node.handlers, node.orelse, [])
                 if node.handlers else None)
        steps: list = [("jump", SETUP_TRY, handler, node),
                       ("call", self._push_block, "finally", node.finalbody)]
        steps.extend([inner] if inner is not None else node.body)
        steps += [("call", self._pop_block), ("emit", POP_BLOCK, None, node)]
        steps.extend(node.finalbody)
        steps += [("jump", JUMP, end, node), ("mark", handler), ("emit", POP_TOP, None, node),
                  ("call", self._push_block, "fin_handler")]
        steps.extend(node.finalbody)
        steps += [("call", self._pop_block), ("emit", RERAISE, None, node), ("mark", end)]
        work.extend(reversed(steps))

    def _try_except(self, node, work):
        """SETUP_TRY; body; POP_BLOCK; else body; jump to the end. At the handler the error
        is on the stack: each clause tests it (EXC_MATCH), binds or drops it, runs, and
        POP_EXCEPTs; when none matches, RERAISE."""
        handler, end = Label(), Label()
        steps: list = [("jump", SETUP_TRY, handler, node), ("call", self._push_block, "try")]
        steps.extend(node.body)
        steps += [("call", self._pop_block), ("emit", POP_BLOCK, None, node)]
        steps.extend(node.orelse)
        steps += [("jump", JUMP, end, node), ("mark", handler)]
        for clause in node.handlers:
            following = Label()
            # a bare `except:` tests BaseException: all but the call-depth limit's error
            # (vm._exc_match)
            kind = clause.type if clause.type is not None else \
                ("emit", LOAD_CONST, BaseException, clause)
            steps += [("emit", DUP_TOP, None, clause), kind,
                      ("emit", EXC_MATCH, None, clause),
                      ("jump", POP_JUMP_IF_FALSE, following, clause)]
            if clause.name is not None:
                steps += [("emit", EXC_VALUE, None, clause),
                          ("call", self._store_name, clause.name, clause)]
            else:
                steps.append(("emit", POP_TOP, None, clause))
            steps.append(("call", self._push_block, "handler", clause.name))
            steps.extend(clause.body)
            steps += [("call", self._pop_block), ("emit", POP_EXCEPT, None, clause)]
            if clause.name is not None:
                steps.extend(self._forget(clause.name, clause))
            steps += [("jump", JUMP, end, clause), ("mark", following)]
        steps += [("emit", POP_TOP, None, node), ("emit", RERAISE, None, node), ("mark", end)]
        work.extend(reversed(steps))

    def _raise(self, node, work):
        work.append(("emit", RAISE, (node.exc is not None, node.cause is not None), node))
        if node.cause is not None:
            work.append(node.cause)
        if node.exc is not None:
            work.append(node.exc)

    def _assert(self, node, work):
        end = Label()
        text = self._source_text(node.test, node.msg)
        work.append(("mark", end))
        work.append(("emit", ASSERT_FAIL, (node.msg is not None, text), node))
        if node.msg is not None:
            work.append(node.msg)
        work.append(("jump", POP_JUMP_IF_TRUE, end, node.test))
        work.append(node.test)

    def _source_text(self, start, stop) -> str:
        """The source of `start` up to `stop` (or the end of its line), for messages."""
        line_no, col = A.start_of(start)
        line = self.lines[line_no - 1] if 0 < line_no <= len(self.lines) else ""
        stop_at = A.start_of(stop) if stop is not None else None
        if stop_at is not None and stop_at[0] == line_no:
            text = line[col - 1:stop_at[1] - 1].rstrip().rstrip(",")
        else:
            text = line[col - 1:]
            if "#" in text and "'" not in text and '"' not in text:
                text = text[:text.index("#")]
        return text.strip()

    def _delete(self, node, work):
        for target in reversed(node.targets):
            if isinstance(target, A.Name):
                work.append(("call", self._delete_name, target.id, target))
            elif isinstance(target, A.Subscript):
                work.append(("emit", DELETE_SUBSCR, None, target))
                work.append(target.index)
                work.append(target.value)
            elif isinstance(target, A.Attribute):
                work.append(("emit", DELETE_ATTR, target.attr, target))
                work.append(target.value)
            elif isinstance(target, (A.TupleExpr, A.ListExpr)):
                work.append(A.Delete(target.line, target.col, target.elts))
            else:
                raise self._error("cannot delete this expression", target)

    def _global(self, node, work):
        if self.unit.scope.kind == "module":
            return

    def _nonlocal(self, node, work):
        if self.unit.scope.kind == "module":
            raise self._error("nonlocal declaration not allowed at module level", node)

    def _import(self, node, work):
        for dotted, alias in node.names:
            self.emit(IMPORT_NAME, (dotted, alias is not None), node)
            self._store_name(alias or dotted.split(".")[0], node)

    def _import_from(self, node, work):
        if node.names == ["*"]:
            raise self._error("'from ... import *' is not supported in gradcli formulas", node,
                              f"import the names you need: from {node.module} import ...")
        for name, alias in node.names:
            self.emit(IMPORT_FROM, (node.module, name), node)
            self._store_name(alias or name, node)

    def _if(self, node, work):
        orelse, end = Label(), Label()
        work.append(("mark", end))
        work.extend(reversed(node.orelse))
        work.append(("mark", orelse))
        if node.orelse:
            work.append(("jump", JUMP, end, node))
        work.extend(reversed(node.body))
        work.append(("jump", POP_JUMP_IF_FALSE, orelse, node.test))
        work.append(node.test)

    def _match(self, node, work):
        """The subject stays on the stack while the cases try it: per case, MATCH_CASE
        (given a copy of it and the pattern's values) pushes the captured values and True,
        or False; the captures are stored, the guard tested, then the subject is dropped
        and the body runs."""
        end = Label()
        todo: list = [node.subject]
        for case in node.cases:
            skip = Label()
            todo.append(("emit", DUP_TOP, None, case))
            todo.extend(case.values)
            todo.append(("emit", MATCH_CASE, (case.pattern, tuple(case.captures),
                                              len(case.values)), case))
            todo.append(("jump", POP_JUMP_IF_FALSE, skip, case))
            if case.captures:
                todo.append(("target", A.TupleExpr(case.line, case.col, [
                    A.Name(case.line, case.col, name) for name in case.captures])))
            if case.guard is not None:
                todo.append(case.guard)
                todo.append(("jump", POP_JUMP_IF_FALSE, skip, case.guard))
            todo.append(("emit", POP_TOP, None, case))
            todo.extend(case.body)
            todo.append(("jump", JUMP, end, case))
            todo.append(("mark", skip))
        todo.append(("emit", POP_TOP, None, node))
        todo.append(("mark", end))
        work.extend(reversed(todo))

    def _while(self, node, work):
        top, orelse, end = Label(), Label(), Label()
        unit = self.unit
        work.append(("mark", end))
        work.extend(reversed(node.orelse))
        work.append(("mark", orelse))
        work.append(("call", unit.loops.pop))
        work.append(("jump", JUMP, top, node))
        work.extend(reversed(node.body))
        work.append(("call", self._open_loop, top, end, False))
        work.append(("jump", POP_JUMP_IF_FALSE, orelse, node.test))
        work.append(node.test)
        work.append(("emit", LOOP_STEP, None, node))
        work.append(("mark", top))

    def _for(self, node, work):
        top, orelse, end = Label(), Label(), Label()
        unit = self.unit
        work.append(("mark", end))
        work.extend(reversed(node.orelse))
        work.append(("mark", orelse))
        work.append(("call", unit.loops.pop))
        work.append(("jump", JUMP, top, node))
        work.extend(reversed(node.body))
        work.append(("call", self._open_loop, top, end, True))
        work.append(("target", node.target))
        work.append(("jump", FOR_ITER, orelse, node.target))
        work.append(("mark", top))
        work.append(("emit", GET_ITER, None, node.iter))
        work.append(node.iter)

    def _open_loop(self, top: Label, end: Label, is_for: bool) -> None:
        self.unit.loops.append((top, end, len(self.unit.blocks), is_for))

    def _with(self, node, work):
        """Per item: SETUP_WITH (to resume after its EXIT_WITH should its __exit__ suppress
        an error), the target; then the body and the EXIT_WITHs, innermost first."""
        after = [Label() for _ in node.items]
        for item, label in zip(node.items, after):
            work.append(("mark", label))
            work.append(("call", self._pop_block))
            work.append(("emit", EXIT_WITH, None, item))
        work.extend(reversed(node.body))
        for item, label in zip(reversed(node.items), reversed(after)):
            if item.target is not None:
                work.append(("target", item.target))
            else:
                work.append(("emit", POP_TOP, None, item))
            work.append(("call", self._push_block, "with"))
            work.append(("jump", SETUP_WITH, label, item))
            work.append(item.context)

    def _classdef(self, node, work, owner: str | None = None):
        """Decorators, bases, the methods, the class attributes' values, then MAKE_CLASS
        (told the methods' names and kinds, the attributes' names and the qualified name),
        the decorators' calls and the store (none for a class in a class body, `owner`'s
        attribute)."""
        qualified = f"{owner}.{node.name}" if owner else node.name
        methods, attributes, annotations = self._class_body(node, qualified)
        after: list = []
        if owner is None:
            after.append(("call", self._store_name, node.name, node))
        for deco in node.decorators:
            after.append(("emit", CALL, (1, ()), deco))
        kinds = tuple(_method_kind(m) for m in methods)
        # `metaclass=M` comes last among the bases (MAKE_CLASS takes ABCMeta, as `ABC`)
        bases = node.bases + [k.value for k in node.keywords]
        after.append(("emit", MAKE_CLASS,
                      (node.name, tuple(m.name for m in methods), len(bases), kinds,
                       tuple(name for name, _ in attributes), tuple(annotations),
                       _body_order(node, attributes), self._qualname(qualified)), node))
        work.extend(after)
        work.extend(reversed([value for _, value in attributes]))
        for method in reversed(methods):
            # @staticmethod, @classmethod and @property make the method's kind (MAKE_CLASS is
            # told it; a Function's methods are static anyway); other decorators
            # (@once_differentiable) apply as in Python
            decorators = [d for d in method.decorators if _kind_decorator(d) is None]
            work.append(("call_work", self._function_code, method.name, method,
                         method.params, method.body, None, decorators, False, None,
                         qualified))
        work.extend(reversed(bases))
        work.extend(reversed(node.decorators))

    def _class_body(self, node, qualified: str) -> tuple[list, list, list]:
        """The methods of a class body (defs: special ones from A.METHOD_DUNDERS or names
        without a leading underscore), its class attributes (`name = value`, in order; a
        nested `class` statement is one, made where the class statement is) and
        its annotations ((name, text) of `name: T` and `name: T = value`), docstrings and
        `pass` aside. An attribute's value is computed where the class statement is, so it
        may not use the class's other attributes (Python's class scope)."""
        methods: list = []
        attributes: list = []
        annotations: list = []
        doc = docstring(node.body)
        if doc is not None:
            attributes.append(("__doc__", node.body[0].value))
        for stmt in node.body:
            if isinstance(stmt, A.AnnAssign) and isinstance(stmt.target, A.Name):
                annotations.append((stmt.target.id, stmt.annotation))
                if stmt.value is None:
                    continue
                stmt = A.Assign(stmt.line, stmt.col, [stmt.target], stmt.value)
            if isinstance(stmt, A.FunctionDef):
                if stmt.name.startswith("__") and stmt.name not in A.METHOD_DUNDERS:
                    raise self._error(f"method '{stmt.name}' is not supported in gradcli "
                                      "formulas", stmt,
                                      "a class may define methods whose names do not start "
                                      "with '__' and the special methods "
                                      + ", ".join(A.METHOD_DUNDERS))
                methods.append(stmt)
            elif isinstance(stmt, A.Assign) and all(isinstance(t, A.Name)
                                                    for t in stmt.targets):
                names = {n for n, _ in attributes} | {m.name for m in methods}
                if isinstance(stmt.value, A.Name) and stmt.value.id in names:
                    alias = A.Const(stmt.value.line, stmt.value.col, ClassAlias(stmt.value.id))
                    attributes.extend((t.id, alias) for t in stmt.targets)
                    continue
                used = next((n for n in A.walk(stmt.value)
                             if isinstance(n, A.Name) and n.id in names), None)
                if used is not None:
                    raise self._error(f"class attribute '{stmt.targets[0].id}' uses the "
                                      f"class's own '{used.id}': not supported in gradcli "
                                      "formulas", used,
                                      "compute it outside the class, or in __init__")
                attributes.extend((t.id, stmt.value) for t in stmt.targets)
            elif isinstance(stmt, A.ClassDef):
                attributes.append((stmt.name, NestedClass(stmt, qualified)))
            elif isinstance(stmt, A.Pass) or (isinstance(stmt, A.ExprStmt)
                                               and isinstance(stmt.value, A.Const)):
                continue
            else:
                raise self._error("a class body may hold only methods (def) and attributes "
                                  "(name = value, class statements) in gradcli formulas",
                                  stmt,
                                  "a Function has @staticmethod forward and backward, a "
                                  "module __init__ and forward")
        if any(k.name != "metaclass" for k in node.keywords):
            raise self._error("class keywords are not supported", next(
                k for k in node.keywords if k.name != "metaclass"))
        return methods, attributes, annotations


def _body_order(node, attributes: list) -> tuple:
    """The names a class body binds, in its order (the class's `__dict__` keeps it): the
    docstring's `__doc__`, then the attributes and methods as they come."""
    order = ["__doc__"] if attributes and attributes[0][0] == "__doc__" else []
    for stmt in node.body:
        if isinstance(stmt, A.AnnAssign) and isinstance(stmt.target, A.Name) \
                and stmt.value is not None:
            order.append(stmt.target.id)
        elif isinstance(stmt, (A.FunctionDef, A.ClassDef)):
            order.append(stmt.name)
        elif isinstance(stmt, A.Assign):
            order.extend(t.id for t in stmt.targets if isinstance(t, A.Name))
    return tuple(dict.fromkeys(order))


_METHOD_KINDS = ("staticmethod", "classmethod", "property")


def _kind_decorator(decorator) -> str | None:
    """'staticmethod', 'classmethod' or 'property' for those decorators, 'setter' or
    'deleter' for `@name.setter` and `@name.deleter` (of the property `name` the class
    defines before), else None."""
    if isinstance(decorator, A.Name) and decorator.id in _METHOD_KINDS:
        return decorator.id
    if isinstance(decorator, A.Attribute) and decorator.attr in ("setter", "deleter") \
            and isinstance(decorator.value, A.Name):
        return decorator.attr
    return None


def _method_kind(method) -> str | None:
    kinds = [k for k in map(_kind_decorator, method.decorators) if k is not None]
    return kinds[0] if kinds else None


def _dunder_error(compiler, node):
    """A special name the parser let through for a class body (CLASS_DUNDERS), elsewhere."""
    return compiler._error(f"names starting with '__' are not allowed in formulas: "
                           f"'{node.id}'", node)


def docstring(body: list) -> str | None:
    """The docstring of a function's or class's body: its first statement, a string."""
    first = body[0] if body else None
    if isinstance(first, A.ExprStmt) and isinstance(first.value, A.Const) \
            and isinstance(first.value.value, str):
        return first.value.value
    return None


class NestedClass(Struct):
    """A `class` statement in a class body: the class, an attribute of `owner` (its
    qualified name)."""

    node: object
    owner: str


class ClassAlias(Struct):
    """A class attribute that is another name of the class body (`__rmul__ = __mul__`):
    MAKE_CLASS gives it what that name is in the class."""

    name: str


def compile_module(module: A.Module) -> Code:
    """Compile a parsed Module into its Code (FormulaSyntaxError for static errors)."""
    return Compiler(module).compile()
