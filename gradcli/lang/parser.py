"""Source text to typed AST: the grammar, the indentation post-lexer, and the builder called
on every reduction (so no tree walk, and no recursion, is needed to build the AST).

The LALR tables were computed by lark from grammar/gradcli.lark when gradcli was built
(`_tables.py`, made by `tablegen.py`) and are run by `lalr.py`, so parsing a formula does not
import lark or rebuild the grammar. Lark itself parses only in the tests, which check that
both give the same trees, and when the grammar file has been edited since the tables were made.
"""
from __future__ import annotations

import ast as _pyast
import contextvars
import re
import threading
import unicodedata
import warnings
from pathlib import Path

from ..errors import FormulaSyntaxError, GradcliError, LimitError, Position
from . import ast as A
from . import lalr
from .guards import CLASS_BODY_NAMES as CLASS_BODY_NAMES, CLASS_TREE, NAMED_TUPLE_API
from .lalr import Token
from .limits import DEFAULT_LIMITS, Limits
from .patterns import irrefutable

GRAMMAR_NAME = "gradcli.lark"
_OPEN = {"LPAR": "(", "LSQB": "[", "LBRACE": "{"}
_CLOSE = {"RPAR", "RSQB", "RBRACE"}
_TAB = 8

# Per-parse state the post-lexer reads and writes: the depth limit and the open brackets.
_PARSE_STATE: contextvars.ContextVar[dict] = contextvars.ContextVar("gradcli_parse_state")


# --- the grammar file and the parser instance ---------------------------------------------------

def grammar_path() -> Path:
    """The grammar file: inside the installed package, or at the root of a source checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "grammar" / GRAMMAR_NAME,
                      package.parent / "grammar" / GRAMMAR_NAME):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"gradcli grammar {GRAMMAR_NAME} not found beside {package}")


def _lark_options(lexer=None) -> dict:
    """How lark builds the grammar. The lexer is ours (gradcli/lang/lexer.py) unless a test
    asks for one of lark's ("contextual", "basic") to check that they agree."""
    if lexer is None:
        from .lexer import FastLexer
        lexer = FastLexer
    return dict(parser="lalr", lexer=lexer, start=["file_input", "eval_input"],
                maybe_placeholders=True)


def build_lark(text: str | None = None, *, lexer=None, **extra):
    """A lark parser for the grammar: what tablegen.py reads the tables from, and what the
    tests parse with to check the table-driven parser (lalr.py) against lark itself."""
    from lark import Lark
    if text is None:
        text = grammar_path().read_text(encoding="utf-8")
    return Lark(text, postlex=_make_indenter(), transformer=_Builder(), **_lark_options(lexer),
                **extra)


_LARK = None          # a lark parser to use instead of the tables (tests compare the two)
_TABLES = None        # (lalr.Tables, reductions) once loaded
_TABLES_LOCK = threading.Lock()
_TABLE_KEYS = ("GRAMMAR", "LARK_VERSION", "TOKEN_PATTERN", "KEYWORDS", "MULTILINE",
               "IGNORE", "START", "END", "RULES", "ACTIONS")


def load_tables():
    """The parser's tables: the ones generated into _tables.py when gradcli was built; only
    if the grammar file no longer matches them (someone edited it) does lark rebuild them."""
    global _TABLES
    if _TABLES is None:
        with _TABLES_LOCK:
            if _TABLES is None:
                from . import _tables
                from .lalr import Tables, reductions
                data = {key: getattr(_tables, key) for key in _TABLE_KEYS}
                text = grammar_path().read_text(encoding="utf-8")
                if data["GRAMMAR"] != text:
                    from .tablegen import build, tables_from
                    data = tables_from(build(text))
                tables = Tables(data)
                _TABLES = tables, reductions(tables, _Builder())
    return _TABLES


# --- errors with a place ------------------------------------------------------------------------

def _syntax_error(message: str, line: int, col: int, hint: str | None = None):
    return FormulaSyntaxError(message, hint=hint, position=Position("", line, col))


def _pos_of(item) -> tuple[int, int]:
    if isinstance(item, A.Node):
        return item.line, item.col
    return getattr(item, "line", 0) or 0, getattr(item, "column", 0) or 0


# --- indentation: _NEWLINE tokens to _INDENT / _DEDENT ---------------------------------------

def _indent_width(text: str) -> int:
    col = 0
    for ch in text:
        if ch == "\t":
            col = (col // _TAB + 1) * _TAB
        elif ch == "\f":
            col = 0
        else:
            col += 1
    return col


def _make_token(kind: str, value: str, like, line: int, col: int):
    pos = getattr(like, "end_pos", 0) or 0
    return Token(kind, value, pos, line, col, line, col, pos)


def _post_lex(stream, state: dict):
    """Python's indentation rules, with local state so parses may run concurrently.

    Each level is kept as two widths, tabs to multiples of 8 and tabs as 1: when they
    disagree about a line, its tabs and spaces are inconsistent (Python's TabError)."""
    max_depth = state["max_depth"]
    opened = state["open"]
    indents = [(0, 0)]
    lambdas: list = []      # the bracket depth of each lambda whose body is still open
    token = None
    first = state.get("file", False)      # a file's first line may not be indented
    if state.get("match"):
        stream = _soft_keywords(stream)
    for token in _with_items(stream):
        kind = token.type
        if first:
            first = False
            if kind != "_NEWLINE" and token.line == 1 and token.column > 1:
                raise _syntax_error("unexpected indent", 1, token.column,
                                    "remove the spaces before the first line")
        if kind == "_NEWLINE":
            if opened:
                continue
            lambdas.clear()
            yield token
            if "\n" not in token:
                continue
            indent_text = token.rsplit("\n", 1)[1]
            indent = (_indent_width(indent_text), len(indent_text.replace("\f", "")))
            line, col = token.end_line, token.end_column
            top = indents[-1]
            if indent[0] > top[0]:
                if indent[1] <= top[1]:
                    raise _tab_error(line, col)
                indents.append(indent)
                if len(indents) - 1 > max_depth:
                    raise _depth_error(state, line, col)
                yield _make_token("_INDENT", indent_text, token, line, col)
                continue
            while indent[0] < indents[-1][0]:
                indents.pop()
                yield _make_token("_DEDENT", indent_text, token, line, col)
            if indent[0] != indents[-1][0]:
                raise _syntax_error(
                    "unindent does not match any outer indentation level", line, col,
                    "indent this line as far as one of the blocks it closes")
            if indent[1] != indents[-1][1]:
                raise _tab_error(line, col)
            continue
        if kind in _OPEN:
            opened.append(token)
            if len(opened) + len(indents) + len(lambdas) - 1 > max_depth:
                raise _depth_error(state, token.line, token.column)
        elif kind == "LAMBDA":      # a lambda nests its body (it ends at a comma or a closing
            lambdas.append(len(opened))     # bracket of its own level, or the line's end)
            if len(opened) + len(indents) + len(lambdas) - 1 > max_depth:
                raise _depth_error(state, token.line, token.column)
        elif kind == "COMMA":
            while lambdas and lambdas[-1] >= len(opened):
                lambdas.pop()
        elif kind in _CLOSE and opened:
            while lambdas and lambdas[-1] >= len(opened):
                lambdas.pop()
            opener = opened.pop()
            if _closer(str(opener)) != str(token):
                where = "" if opener.line == token.line else f" on line {opener.line}"
                raise _syntax_error(f"closing parenthesis '{token}' does not match opening "
                                    f"parenthesis '{opener}'{where}", token.line, token.column)
        yield token
    while len(indents) > 1:
        indents.pop()
        line = getattr(token, "end_line", 1) or 1
        yield _make_token("_DEDENT", "", token, line + 1, 1)


def _soft_keywords(stream):
    """Python's soft keywords: a `match` that starts a line ending in a `:` of its own
    bracket level starts a match statement (an expression statement cannot end so), and
    after one, a `case` that starts a line and is followed by a pattern and a `:` starts a
    case clause; each is retyped MATCH / CASE, and `match`/`case` stay names elsewhere."""
    seen_match = False
    at_start = True
    level = 0                           # brackets open before the token
    stream = iter(stream)
    for token in stream:
        if not (at_start and token.type == "NAME" and token in ("match", "case")):
            kind = token.type
            level += (kind in _OPEN) - (kind in _CLOSE)
            at_start = kind == "_NEWLINE" and level <= 0
            yield token
            continue
        line = [token]
        depth = 0
        colons = []                     # where the line's own `:`s are
        for tok in stream:
            line.append(tok)
            kind = tok.type
            if kind in _OPEN:
                depth += 1
            elif kind in _CLOSE:
                depth -= 1
            elif kind == "COLON" and depth <= 0:
                colons.append(len(line) - 1)
            elif kind == "_NEWLINE" and depth <= 0:
                break
        second = line[1].type if len(line) > 1 else None
        if token == "match":
            starts = bool(colons) and colons[-1] == len(line) - 2 and second not in _NOT_SUBJECT
        else:
            starts = seen_match and bool(colons) and second not in _NOT_SUBJECT
        if starts:
            seen_match = seen_match or token == "match"
            line[0] = Token("MATCH" if token == "match" else "CASE", str(token),
                            token.start_pos, token.line, token.column)
        at_start = line[-1].type == "_NEWLINE" and depth <= 0
        level = max(depth, 0)
        yield from line


#: Tokens after `match`/`case` that make them names (`match = ...`, `case.x`, `match(...)`
#: is still a subject and stays possible).
_NOT_SUBJECT = frozenset(("COLON", "EQUAL", "AUGOP", "DOT", "COMMA", "RPAR", "RSQB", "RBRACE",
                          "_NEWLINE", "SEMICOLON", "IN", "IS", "NOT", "AND", "OR", "IF"))


def _with_items(stream):
    """Python 3.10's parenthesized with-items, `with (a() as x,<newline> b() as y,):`, as
    `with a() as x, b() as y:`: the brackets right after `with` go when a `:` follows the
    one that closes them and they hold an `as` or a `,` of their own (then they cannot be
    an expression's), with the line breaks and the trailing comma they held."""
    stream = iter(stream)
    pending: list = []
    while True:
        # a token given back is not looked at again (a file of `with (` stays linear)
        replayed = bool(pending)
        token = pending.pop() if pending else next(stream, None)
        if token is None:
            return
        yield token
        if token.type != "WITH" or replayed:
            continue
        held: list = []
        depth = 0
        for tok in stream:
            held.append(tok)
            depth += (tok.type in _OPEN) - (tok.type in _CLOSE)
            if depth <= 0:
                break
        after = next(stream, None) if held and held[0].type == "LPAR" and depth == 0 else None
        if after is None or after.type != "COLON":
            pending.extend(reversed(held + ([after] if after is not None else [])))
            continue
        inner: list = []
        items = False               # an `as` or a `,` of their own: with-items, not a value
        depth = 0
        for tok in held[1:-1]:
            if tok.type != "_NEWLINE" or depth:
                inner.append(tok)
            items = items or (not depth and tok.type in ("AS", "COMMA"))
            depth += (tok.type in _OPEN) - (tok.type in _CLOSE)
        if not items:
            pending.extend(reversed(held + [after]))
            continue
        if inner[-1].type == "COMMA":
            inner.pop()
        yield from inner
        yield after


def _tab_error(line: int, col: int):
    return _syntax_error("inconsistent use of tabs and spaces in indentation", line, col,
                         "indent with spaces only (or tabs only)")


def _depth_error(state: dict, line: int, col: int) -> LimitError:
    err = state["limits"].error("max_depth", hint="brackets, indented blocks and lambdas count")
    err.position = Position("", line, col)
    return err


def _make_indenter():
    """A lark post-lexer (built on first use, so lark loads only when a formula is parsed):
    indentation to _INDENT/_DEDENT; open brackets suspend it."""
    from lark.lark import PostLex

    class Indenter(PostLex):
        always_accept = ("_NEWLINE",)

        def process(self, stream):
            return _post_lex(stream, _PARSE_STATE.get())

    return Indenter()


# --- the AST builder lark calls on every reduction ----------------------------------------------

class _Clause(tuple):
    """An `elif`/`else` clause or a comprehension clause, passed up to its parent rule."""


def _check_name(tok) -> str:
    """A name token's text. A name may start with one `_` (`_x`, `def _helper():`: it can
    only name what the formula made itself); `__`-names are Python's private machinery."""
    name = str(tok)
    if name.startswith("__"):
        raise _syntax_error(f"names starting with '__' are not allowed in formulas: '{name}'",
                            tok.line, tok.column)
    return name


#: Python 3.11's `from __future__ import` features: all in force already, so a no-op.
_FUTURE_FEATURES = ("nested_scopes", "generators", "division", "absolute_import",
                    "with_statement", "print_function", "unicode_literals",
                    "generator_stop", "annotations")


def _future_import(line: int, col: int, names: list):
    """`from __future__ import annotations` (a formula never evaluates annotations): a
    `pass`; an unknown feature is Python's SyntaxError."""
    for item in names:
        name = item if item == "*" else item[0]
        if name not in _FUTURE_FEATURES:
            raise _syntax_error(f"future feature {name} is not defined", line, col)
    return A.Pass(line, col)


#: The attribute `x.__class__.__name__` becomes (guards.get_attr answers it as
#: `type(x).__name__`); `__class__` alone stays refused.
CLASS_NAME = "__class__.__name__"


#: An exception's chaining attributes (guards._exception_attr reads them).
EXCEPTION_CHAIN = ("__cause__", "__context__", "__suppress_context__")
#: NumPy's array protocol of a tensor (guards.get_attr reads them of tensors only).
TENSOR_ARRAY_PROTOCOL = ("__array__", "__array_wrap__", "__array_priority__")
#: A formula function's defaults (guards.get_attr reads them of its own functions only).
FUNCTION_DEFAULTS = ("__defaults__", "__kwdefaults__")


def _check_attr(tok) -> str:
    name = str(tok)
    if name.startswith("_") and name not in ("_version", "_base", "__name__", "__qualname__",
                                             "__doc__",
                                             "__module__", "__init__", "__version__",
                                             "__dlpack__", "__dlpack_device__",
                                             *TENSOR_ARRAY_PROTOCOL,
                                             *EXCEPTION_CHAIN, *FUNCTION_DEFAULTS,
                                             *CLASS_TREE) \
            and name not in NAMED_TUPLE_API and not _SAVED.fullmatch(name) \
            and name not in CLASS_BODY_NAMES:
        raise _syntax_error(
            f"attributes starting with '_' are not allowed in formulas: '{name}'",
            tok.line, tok.column,
            "the only ones a formula may read are `_version`, `_base`, a tensor's "
            "`__dlpack__`, `__dlpack_device__`, `__array__`, `__array_wrap__` and "
            "`__array_priority__`, a backward node's "
            "`_saved_<name>` and `_raw_saved_<name>`, a class's or function's `__name__`, "
            "`__qualname__` and `__module__`, a class's `__mro__` and `__bases__`, an "
            "exception's `__cause__`, `__context__` and "
            "`__suppress_context__`, a named tuple's `_fields`, `_asdict()` ..., "
            "and a module "
            "class's `__init__` (`super().__init__()`)")
    return name


_SAVED = re.compile(r"(_raw)?_saved_[A-Za-z][A-Za-z0-9_]*")  # grad_fn._saved_self, _raw_saved_self


_TARGETS = (A.Name, A.Attribute, A.Subscript)


def _check_target(node, what: str = "assign to") -> None:
    if isinstance(node, A.Starred):
        message = ("cannot delete starred" if what == "delete"
                   else "starred assignment target must be in a list or tuple")
        raise _syntax_error(message, node.line, node.col)
    stack = [node]
    while stack:
        t = stack.pop()
        if isinstance(t, (A.TupleExpr, A.ListExpr)):
            starred = [e for e in t.elts if isinstance(e, A.Starred)]
            if starred and what == "delete":
                raise _syntax_error("cannot delete starred", starred[0].line, starred[0].col)
            if len(starred) > 1:
                raise _syntax_error("multiple starred expressions in assignment",
                                    starred[1].line, starred[1].col)
            stack.extend(e.value if isinstance(e, A.Starred) else e for e in t.elts)
        elif not isinstance(t, _TARGETS):
            hint = "did you mean '=='?" if isinstance(t, A.Compare) else None
            raise _syntax_error(f"cannot {what} {_describe_expr(t)}", *A.start_of(t), hint)


#: What Python's grammar parses as a `bitwise_or` only when it is in parentheses.
_NOT_BITWISE = (A.Compare, A.BoolOp, A.IfExp, A.Lambda, A.NamedExpr, A.Yield, A.Starred)


def _check_single_target(target, value) -> None:
    """`f() = 3`: Python's parser reads an invalid `target = value` as a comparison
    mistyped and says so ("... here. Maybe you meant '==' instead of '='?"), for the last
    item of an unparenthesized tuple target too (`a, f() = 1, 2`), unless the target starts
    with a list, a parenthesized tuple, a generator expression, True, False or None, or
    the value cannot start a comparison (`lambda`, `not`, `yield`, `*`)."""
    try:
        _check_target(target)
    except GradcliError:
        pass
    else:
        return
    item = target
    if _bare_tuple(target):
        item = target.elts[-1]              # an unparenthesized tuple: its last item
        if isinstance(item, A.Name) and _can_start_comparison(value):
            raise _syntax_error("invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                                *A.start_of(item))
    if isinstance(item, _NOT_BITWISE) or (isinstance(item, A.UnaryOp) and item.op == "not") \
            or isinstance(item, A.TupleExpr) and item is target or _starts_excluded(item) \
            or not _can_start_comparison(value):
        return
    raise _syntax_error(f"cannot assign to {_describe_target(item)} here. Maybe you meant "
                        "'==' instead of '='?", *A.start_of(item))


def _bare_tuple(node) -> bool:
    """A tuple written without parentheses (it is placed at its first item, not before)."""
    return isinstance(node, A.TupleExpr) and bool(node.elts) and \
        (node.line, node.col) >= A.start_of(node.elts[0])


def _describe_target(node) -> str:
    return {A.Attribute: "attribute", A.Subscript: "subscript", A.Name: "name",
            A.TupleExpr: "tuple", A.ListExpr: "list"}.get(type(node)) or _describe_expr(node)


def _starts_excluded(node) -> bool:
    """Whether `node` starts with a list display, a parenthesized tuple, a generator
    expression, True, False or None (Python's lookahead before `... here. Maybe ...`)."""
    while True:
        if isinstance(node, A.BinOp):
            node = node.left
        elif isinstance(node, (A.Subscript, A.Attribute)):
            node = node.value
        elif isinstance(node, A.Call):
            node = node.func
        else:
            break
    return isinstance(node, (A.ListExpr, A.TupleExpr, A.GenExp)) or (
        isinstance(node, A.Const) and (node.value is None or isinstance(node.value, bool)))


def _can_start_comparison(value) -> bool:
    """Whether the value starts with what Python's `bitwise_or` reads (not `lambda`,
    `not`, `yield` or `*x`)."""
    while True:
        if _bare_tuple(value):
            value = value.elts[0]
        elif isinstance(value, A.BoolOp):
            value = value.values[0]
        elif isinstance(value, A.Compare):
            value = value.left
        elif isinstance(value, A.IfExp):
            value = value.body
        else:
            break
    return not (isinstance(value, (A.Lambda, A.Yield, A.Starred)) or
                (isinstance(value, A.UnaryOp) and value.op == "not"))


def _annotation_text(node) -> str:
    """An annotation as written, near enough: `int`, `torch.Tensor`, `List[...]`,
    `ClassVar[...]` (what dataclasses look at)."""
    if isinstance(node, A.Const) and isinstance(node.value, str):
        return node.value
    suffix = ""
    if isinstance(node, A.Subscript):
        node, suffix = node.value, "[...]"
    parts = []
    while isinstance(node, A.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, A.Name):
        return "..."
    parts.append(node.id)
    return ".".join(reversed(parts)) + suffix


def _describe_expr(node) -> str:
    if isinstance(node, A.Const) and (node.value is None or node.value is ...
                                      or isinstance(node.value, bool)):
        return "ellipsis" if node.value is ... else str(node.value)     # Python's names
    return {
        A.Const: "literal", A.Call: "function call", A.BinOp: "expression",
        A.UnaryOp: "expression", A.BoolOp: "expression", A.Compare: "comparison",
        A.Lambda: "lambda", A.IfExp: "conditional expression", A.DictExpr: "dict literal",
        A.ListComp: "list comprehension", A.FString: "f-string expression",
        A.SetExpr: "set display", A.SetComp: "set comprehension",
        A.DictComp: "dict comprehension", A.Starred: "starred",
        A.GenExp: "generator expression", A.Yield: "yield expression",
        A.NamedExpr: "named expression",
    }.get(type(node), "expression")


def _flatten_stmts(children) -> list:
    out = []
    for child in children:
        if isinstance(child, list):
            out.extend(child)
        elif isinstance(child, A.Node):
            out.append(child)
    return out


class _Builder:
    """Lark calls these by rule name on each reduction; each returns an AST node (or a
    small tuple its parent rule consumes)."""

    # --- file structure
    def file_input(self, children):
        return _flatten_stmts(children)

    def eval_input(self, children):
        value = children[0]
        return [A.ExprStmt(value.line, value.col, value)]

    def simple_stmt(self, children):
        return [c for c in children if isinstance(c, A.Node)]

    def suite(self, children):
        return _flatten_stmts(children)

    # --- simple statements
    def expr_stmt(self, children):
        value = children[0]
        return A.ExprStmt(value.line, value.col, value)

    def assign(self, children):
        *targets, value = children
        if len(targets) == 1:
            _check_single_target(targets[0], value)
        for target in targets:
            _check_target(target)
        return A.Assign(targets[0].line, targets[0].col, targets, value)

    def ann_assign(self, children):
        """`x: T = value` assigns as `x = value` does; `x: T` alone does nothing. The
        annotation is not evaluated (Python evaluates it only at module level, and keeps it
        in __annotations__, which formulas cannot read)."""
        target, _annotation, *value = children
        if isinstance(target, (A.TupleExpr, A.ListExpr)):
            what = "tuple" if isinstance(target, A.TupleExpr) else "list"
            raise _syntax_error(f"only single target (not {what}) can be annotated",
                                *A.start_of(target))
        if not isinstance(target, _TARGETS):
            raise _syntax_error("illegal target for annotation", *A.start_of(target))
        return A.AnnAssign(target.line, target.col, target, _annotation_text(_annotation),
                           value[0] if value else None)

    def aug_assign(self, children):
        target, op, value = children
        if not isinstance(target, _TARGETS):
            what = {A.TupleExpr: "tuple", A.ListExpr: "list"}.get(type(target)) or \
                _describe_expr(target)
            raise _syntax_error(
                f"'{what}' is an illegal expression for augmented assignment",
                *A.start_of(target))
        return A.AugAssign(op.line, op.column, target, str(op)[:-1], value)

    def pass_stmt(self, children):
        return A.Pass(children[0].line, children[0].column)

    def break_stmt(self, children):
        return A.Break(children[0].line, children[0].column)

    def continue_stmt(self, children):
        return A.Continue(children[0].line, children[0].column)

    def yield_stmt(self, children):
        value = children[0]
        return A.ExprStmt(value.line, value.col, value)

    def yield_expr(self, children):
        value = children[1] if len(children) > 1 else None
        return A.Yield(children[0].line, children[0].column, value)

    def yield_from(self, children):
        return A.Yield(children[0].line, children[0].column, children[-1], True)

    def return_stmt(self, children):
        value = children[1] if len(children) > 1 else None
        return A.Return(children[0].line, children[0].column, value)

    def raise_stmt(self, children):
        keyword, exc, cause = children
        return A.Raise(keyword.line, keyword.column, exc, cause)

    def assert_stmt(self, children):
        msg = children[3] if len(children) > 3 else None
        return A.Assert(children[0].line, children[0].column, children[1], msg)

    def del_stmt(self, children):
        target = children[1]
        targets = target.elts if isinstance(target, A.TupleExpr) else [target]
        for t in targets:
            _check_target(t, "delete")
        return A.Delete(children[0].line, children[0].column, targets)

    def global_stmt(self, children):
        return A.Global(children[0].line, children[0].column, [_check_name(c) for c in children])

    def nonlocal_stmt(self, children):
        return A.Nonlocal(children[0].line, children[0].column,
                          [_check_name(c) for c in children])

    def dotted_name(self, children):
        if len(children) == 1 and str(children[0]) == "__future__":   # checked by import_from
            return children[0].line, children[0].column, "__future__"
        return children[0].line, children[0].column, ".".join(_check_name(c) for c in children)

    def dotted_as_name(self, children):
        line, col, dotted = children[0]
        alias = _check_name(children[1]) if len(children) > 1 and children[1] else None
        return line, col, dotted, alias

    def import_name(self, children):
        line, col = children[0][0], children[0][1]
        if any(dotted == "__future__" for _, _, dotted, _ in children):
            raise _syntax_error("names starting with '__' are not allowed in formulas: "
                                "'__future__'", line, col)
        return A.Import(line, col, [(dotted, alias) for _, _, dotted, alias in children])

    def import_as_name(self, children):
        alias = _check_name(children[1]) if len(children) > 1 and children[1] else None
        return _check_name(children[0]), alias

    def import_from(self, children):
        line, col, module = children[0]
        names = ["*" if getattr(c, "type", None) == "STAR" else c for c in children[1:]]
        if module == "__future__":
            return _future_import(line, col, names)
        return A.ImportFrom(line, col, module, names)

    # --- compound statements
    def if_stmt(self, children):
        test, body, *clauses = children
        orelse: list = []
        for clause in reversed(clauses):
            if clause[0] == "else":
                orelse = clause[1]
            else:
                orelse = [A.If(clause[1].line, clause[1].col, clause[1], clause[2], orelse)]
        return A.If(test.line, test.col, test, body, orelse)

    def elif_clause(self, children):
        return _Clause(("elif", children[0], children[1]))

    def else_clause(self, children):
        return _Clause(("else", children[0]))

    def while_stmt(self, children):
        test, body, *rest = children
        return A.While(test.line, test.col, test, body, rest[0][1] if rest else [])

    def for_stmt(self, children):
        target, iterable, body, *rest = children
        _check_target(target)
        return A.For(target.line, target.col, target, iterable, body, rest[0][1] if rest else [])

    def try_stmt(self, children):
        body, *clauses = children
        handlers = [c for c in clauses if isinstance(c, A.ExceptHandler)]
        orelse = next((c[1] for c in clauses if isinstance(c, _Clause) and c[0] == "else"), [])
        final = next((c[1] for c in clauses if isinstance(c, _Clause) and c[0] == "finally"),
                     [])
        for handler in handlers[:-1]:
            if handler.type is None:
                raise _syntax_error("default 'except:' must be last", handler.line, handler.col)
        first = handlers[0] if handlers else None
        line, col = (first.line, first.col) if first else _pos_of(body[0] if body else None)
        return A.Try(line, col, body, handlers, orelse, final)

    def except_clause(self, children):
        keyword, kind, name, body = children
        return A.ExceptHandler(keyword.line, keyword.column, kind,
                               _check_name(name) if name is not None else None, body)

    def finally_clause(self, children):
        return _Clause(("finally", children[0]))

    def with_stmt(self, children):
        *items, body = children
        return A.With(items[0].line, items[0].col, items, body)

    def with_item(self, children):
        context = children[0]
        target = children[1] if len(children) > 1 else None
        if target is not None:
            _check_target(target)
        return A.WithItem(context.line, context.col, context, target)

    def funcdef(self, children):
        name_tok, *rest = children
        params = next((c for c in rest if isinstance(c, A.Params)), None)
        if params is None:
            params = A.Params(name_tok.line, name_tok.column, [], [])
        # `def __init__`, `def __repr__` ... (A.METHOD_DUNDERS) are methods' names; the
        # compiler refuses them outside a class body
        name = str(name_tok)
        if name not in A.METHOD_DUNDERS:
            if name.startswith("__") and name.endswith("__"):
                raise _syntax_error(f"method '{name}' is not supported in gradcli formulas",
                                    name_tok.line, name_tok.column,
                                    "the special methods a class may define are "
                                    + ", ".join(A.METHOD_DUNDERS))
            name = _check_name(name_tok)
        return A.FunctionDef(name_tok.line, name_tok.column, name, params, rest[-1])

    def parameters(self, children):
        return _make_params(children)

    lambda_params = parameters

    def param(self, children):
        name = children[0]
        default = children[-1] if len(children) > 1 else None
        annotation = children[1] if len(children) == 3 else None     # (a lambda's has none)
        return ("param", name, default, annotation)

    def star_param(self, children):
        return ("star", children[0] if children else None, None)

    def dstar_param(self, children):
        return ("dstar", children[0], None)

    def slash_param(self, children):
        tok = children[0]
        if str(tok) != "/":
            raise _syntax_error("invalid syntax", tok.line, tok.column)
        return ("slash", tok, None)

    def classdef(self, children):
        name_tok, *rest = children
        args, keywords = next((c for c in rest if isinstance(c, tuple)), ([], []))
        return A.ClassDef(name_tok.line, name_tok.column, _check_name(name_tok), args, keywords,
                          rest[-1])

    def decorated(self, children):
        *decorators, definition = children
        definition.decorators = decorators
        return definition

    def decorator(self, children):
        return children[0]

    # --- match statements: patterns are lists (see patterns.py), value nodes numbered last
    def match_stmt(self, children):
        keyword, subject, *cases = children
        for case in cases[:-1]:
            if case.guard is None:
                _check_reachable(case.pattern, case)
        return A.Match(keyword.line, keyword.column, subject, cases)

    def case_block(self, children):
        keyword, pattern, guard, body = children
        values, captures = _number_pattern(pattern, keyword)
        return A.MatchCase(keyword.line, keyword.column, pattern, values, captures, guard, body)

    def signed_number(self, children):
        value = children[-1].value
        return ["lit", -value if len(children) > 1 else value]

    def literal_pattern(self, children):
        tok = children[0]
        if isinstance(tok, list):
            return tok
        return ["lit", {"None": None, "True": True, "False": False}[str(tok)]]

    def complex_pattern(self, children):
        real, sign, imag = children
        if not isinstance(imag.value, complex) or isinstance(real[1], complex):
            raise _syntax_error("real number required in complex literal"
                                if isinstance(real[1], complex) else
                                "imaginary number required in complex literal",
                                imag.line, imag.col)
        return ["lit", real[1] + imag.value if sign == "+" else real[1] - imag.value]

    def strings_pattern(self, children):
        const = self.strings(children)
        if not isinstance(const, A.Const):
            raise _syntax_error("patterns may only match literals and attribute lookups",
                                const.line, const.col)
        return ["lit", const.value]

    def pattern_ref(self, children):
        return children

    def ref_pattern(self, children):
        toks = children[0]
        if len(toks) == 1:
            name = str(toks[0])
            return ["wild"] if name == "_" else ["capture", _check_name(toks[0])]
        return ["value", _dotted_node(toks)]

    def class_pattern(self, children):
        toks, args = children
        positional, keywords = [], []
        for arg in args or ():
            if arg[0] == "kw":
                if any(name == arg[1] for name, _ in keywords):
                    raise _syntax_error(f"attribute name repeated in class pattern: {arg[1]}",
                                        *_pos_of(arg[3]))
                keywords.append((arg[1], arg[2]))
            elif keywords:
                raise _syntax_error("positional patterns follow keyword patterns",
                                    *_pos_of(toks[0]))
            else:
                positional.append(arg[1])
        return ["class", _dotted_node(toks), positional, keywords]

    def class_args(self, children):
        return children

    def class_positional(self, children):
        return ("pos", children[0])

    def class_keyword(self, children):
        return ("kw", _check_attr(children[0]), children[1], children[0])

    def star_pattern(self, children):
        name = str(children[0])
        return ["star", None if name == "_" else _check_name(children[0]), children[0]]

    def seq_pattern(self, children):
        items = [c for c in children if isinstance(c, list)]
        stars = [i for i, item in enumerate(items) if item[0] == "star"]
        if len(stars) > 1:
            raise _syntax_error("multiple starred names in sequence pattern",
                                *_pos_of(items[stars[1]][2]))
        if not stars:
            return ["seq", items, None, None]
        star = stars[0]
        return ["seq", items[:star] + items[star + 1:], star, items[star][1]]

    def map_item(self, children):
        key, value = children
        if isinstance(key[0], Token):               # a pattern_ref: a dotted name only
            if len(key) == 1:
                raise _syntax_error("invalid syntax", key[0].line, key[0].column)
            key = ["value", _dotted_node(key)]
        return (key, value)

    def map_rest(self, children):
        name = str(children[-1])
        if name == "_":
            raise _syntax_error("invalid syntax", children[-1].line, children[-1].column)
        return ("rest", _check_name(children[-1]))

    def map_pattern(self, children):
        items = [c for c in children if c is not None]
        rest = None
        if items and items[-1][0] == "rest":
            rest = items.pop()[1]
        if any(item[0] == "rest" for item in items):
            raise _syntax_error("invalid syntax", 0, 0)

        return ["map", items, rest]

    def or_pattern(self, children):
        return ["or", [c for c in children if isinstance(c, list)]]

    def as_pattern(self, children):
        pattern, tok = children
        if str(tok) == "_":
            raise _syntax_error("cannot use '_' as a target", tok.line, tok.column)
        return ["as", pattern, _check_name(tok)]

    # --- expressions
    def tuple(self, children):
        if children and getattr(children[0], "type", None) == "LPAR":
            bracket, elts = children[0], children[1:]
            return A.TupleExpr(bracket.line, bracket.column, elts)
        return A.TupleExpr(children[0].line, children[0].col, children)

    def list(self, children):
        return A.ListExpr(children[0].line, children[0].column, children[1:])

    def dict(self, children):
        pairs = children[1:]
        return A.DictExpr(children[0].line, children[0].column,
                          [k for k, _ in pairs], [v for _, v in pairs])

    def key_value(self, children):
        return children[0], children[1]

    def dstar_item(self, children):
        return None, children[1]

    def set(self, children):
        return A.SetExpr(children[0].line, children[0].column, children[1:])

    def setcomp(self, children):
        brace, elt, clauses = children
        comp = _make_comp(elt, clauses)
        return A.SetComp(brace.line, brace.column, comp.elt, comp.generators)

    def dictcomp(self, children):
        brace, (key, value), clauses = children
        comp = _make_comp(key, clauses)
        return A.DictComp(brace.line, brace.column, key, value, comp.generators)

    def starred_paren(self, children):
        star = children[0]
        raise _syntax_error("cannot use starred expression here", star.line, star.col)

    def star_expr(self, children):
        star, value = children
        return A.Starred(star.line, star.column, value)

    def named_expr(self, children):
        name, value = children
        return A.NamedExpr(name.line, name.column, A.Name(name.line, name.column, str(name)),
                           value)

    def if_expr(self, children):
        body, test, orelse = children
        return A.IfExp(body.line, body.col, test, body, orelse)

    def lambdef(self, children):
        lam = children[0]
        params = next((c for c in children if isinstance(c, A.Params)), None)
        if params is None:
            params = A.Params(lam.line, lam.column, [], [])
        return A.Lambda(lam.line, lam.column, params, children[-1])

    lambdef_nocond = lambdef

    def or_test(self, children):
        return A.BoolOp(children[0].line, children[0].col, "or", children)

    def and_test(self, children):
        return A.BoolOp(children[0].line, children[0].col, "and", children)

    def unary(self, children):
        op, operand = children
        return A.UnaryOp(op.line, op.column, str(op), operand)

    def comparison(self, children):
        ops = children[1::2]
        first = ops[0]
        return A.Compare(first.line, first.column, children[0], [str(o) for o in ops],
                         children[2::2])

    def comp_op(self, children):
        first = children[0]
        return Token("COMP_OP", " ".join(str(c) for c in children), first.start_pos,
                     first.line, first.column, first.end_line, first.end_column, first.end_pos)

    def binop(self, children):
        left, op, right = children
        return A.BinOp(op.line, op.column, str(op), left, right)

    def getattr(self, children):
        value, name = children
        if str(name) == "__class__":         # only as `x.__class__.__name__` (see below)
            node = A.Attribute(name.line, name.column, value, "__class__")
            _PARSE_STATE.get().setdefault("class_of", {})[id(node)] = (node, name)
            return node
        if str(name) == "__name__" and isinstance(value, A.Attribute) \
                and value.attr == "__class__":
            pending = _PARSE_STATE.get().get("class_of", {})
            if pending.pop(id(value), None) is not None:     # `type(x).__name__`
                return A.Attribute(name.line, name.column, value.value, CLASS_NAME)
        if str(name)[:1] == "_" and str(name)[1:2] != "_" and isinstance(value, A.Name) \
                and value.id in ("self", "cls"):
            return A.Attribute(name.line, name.column, value, str(name))   # guards decide
        return A.Attribute(name.line, name.column, value, _check_attr(name))

    def getitem(self, children):
        value, index = children
        for node in [index] + (index.elts if isinstance(index, A.TupleExpr) else []):
            if isinstance(node, (A.Slice, A.TupleExpr)) and node.line == 0:
                node.line, node.col = value.line, value.col
        return A.Subscript(value.line, value.col, value, index)

    def slice(self, children):
        lower, upper, step = children
        line, col = next((_pos_of(c) for c in children if c is not None), (0, 0))
        return A.Slice(line, col, lower, upper, step)

    def sliceop(self, children):
        return children[0]

    def call(self, children):
        func = children[0]
        args, keywords = children[1] if len(children) > 1 and children[1] else ([], [])
        return A.Call(func.line, func.col, func, args, keywords)

    def arguments(self, children):
        args, keywords = [], []
        for kind, node, name in children:
            if kind == "pos" and keywords:
                follows = ("iterable argument unpacking follows keyword argument unpacking"
                           if any(k.name is None for k in keywords)
                           else "positional argument follows keyword argument")
                raise _syntax_error(follows, node.line, node.col)
            if kind == "pos":
                args.append(node)
            elif kind == "star":
                if any(k.name is None for k in keywords):
                    raise _syntax_error("iterable argument unpacking follows keyword argument "
                                        "unpacking", node.line, node.col)
                args.append(A.Starred(node.line, node.col, node))
            else:
                if name is not None and any(k.name == name for k in keywords):
                    raise _syntax_error(f"keyword argument repeated: {name}", node.line,
                                        node.col)
                keywords.append(A.Keyword(node.line, node.col, name, node))
        return args, keywords

    def genexp_argument(self, children):
        elt, clauses = children
        return [_make_comp(elt, clauses, A.GenExp)], []

    def positional(self, children):
        return ("pos", children[0], None)

    def keyword(self, children):
        target, value = children
        if not isinstance(target, A.Name):
            raise _syntax_error('expression cannot contain assignment, perhaps you meant "=="?',
                                *A.start_of(target))
        if target.id.startswith("_"):          # (an engine function's private parameters)
            raise _syntax_error(f"keyword arguments starting with '_' are not allowed in "
                                f"formulas: '{target.id}'", target.line, target.col)
        return ("kw", value, target.id)

    def star_arg(self, children):
        return ("star", children[0], None)

    def dstar_arg(self, children):
        return ("kw", children[0], None)

    def listcomp(self, children):
        return _make_comp(children[0], children[1])

    def genexp(self, children):
        return _make_comp(children[0], children[1], A.GenExp)

    def comp_for(self, children):
        target, iterable, *rest = children
        _check_target(target)
        return [_Clause(("for", target, iterable))] + (rest[0] if rest and rest[0] else [])

    def comp_if(self, children):
        cond, *rest = children
        return [_Clause(("if", cond))] + (rest[0] if rest and rest[0] else [])

    def name(self, children):
        tok = children[0]
        if tok[0] != "_":
            return A.Name(tok.line, tok.column, str(tok))
        if str(tok) == "__name__":         # `if __name__ == "__main__":` (a builtin here)
            return A.Name(tok.line, tok.column, "__name__")
        if tok in CLASS_BODY_NAMES:     # `__slots__ = ...`, `__rmul__ = __mul__` (the
            return A.Name(tok.line, tok.column, str(tok))  # compiler refuses them elsewhere)
        return A.Name(tok.line, tok.column, _check_name(tok))

    def const(self, children):
        tok = children[0]
        value = {"True": True, "False": False, "None": None}[str(tok)]
        return A.Const(tok.line, tok.column, value)

    def ellipsis(self, children):
        return A.Const(children[0].line, children[0].column, ...)

    def number(self, children):
        tok = children[0]
        text = str(tok).replace("_", "")
        try:
            if tok.type == "IMAG_NUMBER":
                value: object = complex(text)
            elif tok.type == "FLOAT_NUMBER":
                value = float(text)
            else:
                value = int(text, 0)
        except ValueError as exc:
            message = str(exc)
            hint = None
            if "integer string conversion" in message:   # CPython's 4300-digit limit
                message = message.split("; use sys.")[0]
                hint = ("write a huge integer in hexadecimal (0x...) or as a power (10**5000), "
                        "which are not converted from decimal digits")
            raise _syntax_error(f"invalid number literal: {message}", tok.line, tok.column,
                                hint) from None
        return A.Const(tok.line, tok.column, value)

    def string(self, children):
        return children[0]

    def strings(self, children):
        parts: list = []
        first = children[0]
        kinds = {"b" in _prefix(tok).lower() for tok in children}
        if kinds == {True}:                 # b"ab" b'c': one bytes constant
            return A.Const(first.line, first.column,
                           b"".join(_literal(str(tok), tok.line, tok.column, bytes)
                                    for tok in children))
        if len(kinds) > 1:
            raise _syntax_error("cannot mix bytes and nonbytes literals", first.line,
                                first.column)
        for tok in children:
            if "f" in _prefix(tok).lower():
                parts.extend(_parse_fstring(tok))
            else:
                parts.append(_string_value(tok))
        if all(isinstance(p, str) for p in parts):
            return A.Const(first.line, first.column, "".join(parts))
        return A.FString(first.line, first.column, _merge_text(parts))


def _dotted_node(toks) -> A.Node:
    """`a.b.c` of a value or class pattern as the expression it evaluates."""
    first = toks[0]
    node: A.Node = A.Name(first.line, first.column, _check_name(first))
    for tok in toks[1:]:
        node = A.Attribute(first.line, first.column, node, _check_attr(tok))
    return node


def _number_pattern(pattern: list, keyword) -> tuple[list, list]:
    """Replace the expression nodes of a case's pattern by their index in the values the
    match is given (in the order Python evaluates them), and list the names it binds;
    Python's compile-time checks: a name bound twice, alternatives binding different
    names, an irrefutable alternative before others."""
    values: list = []
    captures: list = []
    stack = [pattern]
    while stack:
        node = stack.pop()
        kind = node[0]
        if kind in ("value", "class"):
            values.append(node[1])
            node[1] = len(values) - 1
        elif kind == "map":
            _check_keys(node[1], keyword)
        names = ([node[1]] if kind == "capture" else [node[2]] if kind == "as" else
                 [node[3]] if kind == "seq" and node[3] else
                 [node[2]] if kind == "map" and node[2] else [])
        for name in names:
            if name in captures:
                raise _syntax_error(f"multiple assignments to name '{name}' in pattern",
                                    keyword.line, keyword.column)
            captures.append(name)
        if kind == "or":
            # each alternative binds the same names: they are the pattern's once
            _check_alternatives(node[1], keyword)
            start = len(captures)
            todo: list = [["_bound", _pattern_names(node[1][0]), start]]
            for alternative in reversed(node[1]):
                todo += [alternative, ["_bound", (), start]]
            stack.extend(todo[:-1])
        elif kind == "_bound":
            del captures[node[2]:]
            for name in node[1]:
                if name in captures:
                    raise _syntax_error(f"multiple assignments to name '{name}' in pattern",
                                        keyword.line, keyword.column)
                captures.append(name)
        else:
            stack.extend(reversed(_subpatterns(node)))
    return values, captures


def _check_keys(items: list, keyword) -> None:
    literals: list = []
    for key, _ in items:
        if key[0] == "lit":
            if key[1] in literals:
                raise _syntax_error(f"mapping pattern checks duplicate key ({key[1]!r})",
                                    keyword.line, keyword.column)
            literals.append(key[1])


def _subpatterns(node: list) -> list:
    kind = node[0]
    if kind == "as":
        return [node[1]]
    if kind == "seq":
        return list(node[1])
    if kind == "map":
        return [k for key, value in node[1] for k in (key, value)]
    if kind == "class":
        return list(node[2]) + [value for _, value in node[3]]
    return []


def _pattern_names(pattern: list) -> list:
    """The names a pattern binds, in order (an alternation: its first alternative's)."""
    names, stack = [], [pattern]
    while stack:
        node = stack.pop()
        kind = node[0]
        if kind == "capture":
            names.append(node[1])
        elif kind == "as":
            stack.append(["capture", node[2]])
        elif kind == "seq" and node[3]:
            stack.append(["capture", node[3]])
        elif kind == "map" and node[2]:
            stack.append(["capture", node[2]])
        if kind == "or":
            stack.append(node[1][0])
        else:
            stack.extend(reversed(_subpatterns(node)))
    return names


def _check_alternatives(alternatives: list, keyword) -> None:
    first = set(_pattern_names(alternatives[0]))
    for i, alternative in enumerate(alternatives):
        if i + 1 < len(alternatives):
            _check_reachable(alternative, keyword)
        if set(_pattern_names(alternative)) != first:
            raise _syntax_error("alternative patterns bind different names",
                                keyword.line, keyword.column)


def _check_reachable(pattern: list, where) -> None:
    words = irrefutable(pattern)
    if words is not None:
        raise _syntax_error(f"{words} makes remaining patterns unreachable", *_pos_of(where))


def _make_params(items) -> A.Params:
    """Params from (kind, name token, default) items, with Python's ordering rules."""
    first = items[0][1]
    line, col = _pos_of(first) if first is not None else (0, 0)
    params = A.Params(line, col, [], [])
    seen: set = set()
    star_seen = slash_seen = False
    for i, (kind, tok, default, *annotation) in enumerate(items):
        if params.kwarg is not None:
            raise _syntax_error("arguments cannot follow var-keyword argument", *_pos_of(tok))
        if kind == "slash":
            message = ("/ may appear only once" if slash_seen else
                       "/ must be ahead of *" if star_seen else None if params.names else
                       "at least one argument must precede /" if i + 1 < len(items) else
                       "invalid syntax")
            if message:
                raise _syntax_error(message, tok.line, tok.column)
            slash_seen = True
            params.posonly = len(params.names)
            continue
        if tok is not None:
            name = _check_name(tok)
            if name in seen:
                raise _syntax_error(f"duplicate argument '{name}' in function definition",
                                    tok.line, tok.column)
            seen.add(name)
        if kind == "star":
            if star_seen:
                raise _syntax_error("* argument may appear only once", *_pos_of(tok or first))
            star_seen = True
            params.vararg = str(tok) if tok is not None else None
        elif kind == "dstar":
            params.kwarg = str(tok)
        elif star_seen:
            params.kwonly.append(str(tok))
            if default is not None:
                params.kwdefaults[str(tok)] = default
        else:
            if default is None and params.defaults:
                raise _syntax_error("non-default argument follows default argument",
                                    tok.line, tok.column)
            params.names.append(str(tok))
            if default is not None:
                params.defaults.append(default)
            if annotation and annotation[0] is not None:
                params.annotations[str(tok)] = _annotation_text(annotation[0])
    if star_seen and params.vararg is None and not params.kwonly:
        raise _syntax_error("named arguments must follow bare *", line, col)
    return params


def _make_comp(elt, clauses, kind=A.ListComp):
    generators: list = []
    for clause in clauses:
        if clause[0] == "for":
            target, iterable = clause[1], clause[2]
            generators.append(A.Comprehension(target.line, target.col, target, iterable, []))
        else:
            generators[-1].ifs.append(clause[1])
    return kind(elt.line, elt.col, elt, generators)


# --- string literals ----------------------------------------------------------------------------

def _prefix(tok) -> str:
    text = str(tok)
    i = 0
    while text[i] not in "'\"":
        i += 1
    return text[:i]


def _string_value(tok) -> str:
    return _literal(str(tok), tok.line, tok.column)


def _literal(text: str, line: int, col: int, kind: type = str):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = _pyast.literal_eval(text)
    except (SyntaxError, ValueError) as exc:
        raise _syntax_error(f"invalid string literal: {exc.msg if hasattr(exc, 'msg') else exc}",
                            line, col) from None
    if not isinstance(value, kind):
        raise _syntax_error("invalid string literal", line, col)
    return value


def _merge_text(parts: list) -> list:
    merged: list = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return merged


def _parse_fstring(tok) -> list:
    """The parts of an f-string token: text and FormattedValue nodes."""
    text = str(tok)
    prefix = _prefix(tok)
    rest = text[len(prefix):]
    quote = rest[:3] if rest[:3] in ('"""', "'''") else rest[0]
    body = rest[len(quote):-len(quote)]
    plain_prefix = prefix.lower().replace("f", "")
    start_offset = len(prefix) + len(quote)
    return _fstring_parts(body, plain_prefix, quote, tok, start_offset, depth=0)


def _fstring_parts(body: str, prefix: str, quote: str, tok, offset: int, depth: int) -> list:
    parts: list = []
    text: list[str] = []
    i, n = 0, len(body)

    def flush():
        if text:
            parts.append(_literal(prefix + quote + "".join(text) + quote, tok.line, tok.column))
            text.clear()

    while i < n:
        ch = body[i]
        if ch in "{}" and i + 1 < n and body[i + 1] == ch:
            text.append(ch)
            i += 2
            continue
        if ch == "}":
            raise _syntax_error("f-string: single '}' is not allowed", tok.line, tok.column)
        if ch != "{":
            text.append(ch)
            i += 1
            continue
        flush()
        i = _fstring_field(body, i + 1, parts, prefix, quote, tok, offset, depth)
    flush()
    return parts


def _fstring_field(body, i, parts, prefix, quote, tok, offset, depth) -> int:
    """Parse one `{expr=!c:spec}` starting after '{'; append to parts; return the next index.
    A spec may hold fields (`{x:>{width}}`), theirs may not, as in Python."""
    if depth > 1:
        raise _syntax_error("f-string: expressions nested too deeply", tok.line, tok.column)
    start, brackets, n = i, 0, len(body)
    in_str = None
    while i < n:
        ch = body[i]
        if in_str:
            if ch == in_str:
                in_str = None
        elif ch in "'\"":
            in_str = ch
        elif ch in "([{":
            brackets += 1
        elif ch in ")]}" and brackets:
            brackets -= 1
        elif brackets == 0 and (ch in "}:" or (ch == "!" and body[i + 1:i + 2] != "=")):
            break
        i += 1
    expr_text = body[start:i]
    debug = None
    stripped = expr_text.rstrip()
    if stripped.endswith("=") and not stripped.endswith(("==", "!=", "<=", ">=")):
        debug = expr_text
        expr_text = stripped[:-1]
    if not expr_text.strip():
        raise _syntax_error("f-string: empty expression not allowed", tok.line, tok.column)
    value = _parse_embedded(expr_text, tok, offset + start)
    conversion = None
    if i < n and body[i] == "!":
        conversion = body[i + 1:i + 2]
        if conversion not in ("r", "s", "a"):
            raise _syntax_error("f-string: invalid conversion character: expected 's', 'r', or 'a'",
                                tok.line, tok.column)
        i += 2
    spec = None
    if i < n and body[i] == ":":
        j, braces = i + 1, 0
        while j < n and (body[j] != "}" or braces):
            braces += body[j] == "{"
            braces -= body[j] == "}" and braces > 0
            j += 1
        spec_parts = _fstring_parts(body[i + 1:j], prefix, quote, tok, offset + i + 1,
                                    depth + 1)
        spec = A.FString(value.line, value.col, _merge_text(spec_parts))
        i = j
    if i >= n or body[i] != "}":
        raise _syntax_error("f-string: expecting '}'", tok.line, tok.column)
    if debug is not None:
        parts.append(debug)
        if conversion is None and spec is None:
            conversion = "r"
    parts.append(A.FormattedValue(value.line, value.col, value, conversion, spec))
    return i + 1


def _parse_embedded(expr_text: str, tok, offset: int) -> A.Node:
    """Parse an f-string's expression and move its positions to where it sits in the file."""
    before = str(tok)[:offset]
    line = tok.line + before.count("\n")
    col = (offset - before.rfind("\n")) if "\n" in before else tok.column + offset
    outer = _PARSE_STATE.get()
    state = dict(outer, open=[], lines=[expr_text], eof=(1, len(expr_text) + 1))
    token = _PARSE_STATE.set(state)
    try:
        body = _run_parser("(" + expr_text.strip("\n") + ")\n", "eval_input", state)
    except GradcliError as err:
        raise _syntax_error(f"f-string: {err.message}", line, col) from None
    finally:
        _PARSE_STATE.reset(token)
    node = body[0].value
    for sub in A.walk(node):
        if sub.line == 1:
            sub.col += col - 2
        sub.line += line - 1
    return node


# --- lark's exceptions to human messages --------------------------------------------------------

_UNSUPPORTED_KEYWORDS = {
    "async": "'async' functions and loops",
    "await": "'await' expressions",
}

_UNSUPPORTED_AT_START = re.compile(
    r"\s*(" + "|".join(_UNSUPPORTED_KEYWORDS) + r")\b(?!\s*[=.(\[,)])")

_DESCRIBE = {
    "_NEWLINE": "end of line", "$END": "end of input", "_INDENT": "indent",
    "_DEDENT": "dedent", "NAME": "name", "STRING": "string", "LONG_STRING": "string",
    "DEC_NUMBER": "number", "FLOAT_NUMBER": "number", "HEX_NUMBER": "number",
    "OCT_NUMBER": "number", "BIN_NUMBER": "number",
}


#: Tokens that can start an expression. Python reports a bracket still open at the end of
#: the source as never closed when the parser reads on to that end: after a token on a later
#: line than the bracket, or one that could begin another operand (`(1 2`, `f(a b`); a token
#: no operand starts with on the bracket's own line (`def f(:`, `f(a, :`) is the error itself.
_STARTS_EXPRESSION = frozenset((
    "NAME", "STRING", "LONG_STRING", "DEC_NUMBER", "HEX_NUMBER", "OCT_NUMBER", "BIN_NUMBER",
    "FLOAT_NUMBER", "IMAG_NUMBER", "LPAR", "LSQB", "LBRACE", "MINUS", "PLUS", "TILDE", "NOT",
    "LAMBDA", "STAR", "POW", "ELLIPSIS", "NONE", "TRUE", "FALSE", "YIELD", "_NEWLINE"))


def _describe_token(tok) -> str:
    kind = tok.type
    if kind == "NAME":
        return f"name '{tok}'"
    if kind in _DESCRIBE:
        if kind in ("STRING", "LONG_STRING") or kind.endswith("NUMBER"):
            return f"{_DESCRIBE[kind]} {str(tok)[:20]!s}"
        return _DESCRIBE[kind]
    return f"'{tok}'"


_NOTEBOOK_PROMPT = re.compile(r"^\s*(In|Out)\s*\[[^\]]*\]:")


def _translate_unexpected_token(err, state: dict, source: str = "") -> FormulaSyntaxError:
    tok = err.token
    expected = set(getattr(err, "expected", ()) or ())
    line, col = (tok.line or 1), (tok.column or 1)
    kind = tok.type
    text = state["lines"][line - 1] if 0 < line <= len(state["lines"]) else ""
    if _NOTEBOOK_PROMPT.match(text):
        return _syntax_error("a notebook prompt is not code", line, 1,
                             f"delete the line `{text.strip()}` (copied from Jupyter)")
    keyword = _UNSUPPORTED_AT_START.match(text)
    if keyword:
        return _syntax_error(f"{_UNSUPPORTED_KEYWORDS[keyword.group(1)]} are not supported in "
                             "gradcli formulas", line, keyword.start(1) + 1)
    opener = _unclosed_before(source, tok) if kind not in ("$END", "_INDENT", "_DEDENT") else None
    if opener is not None and (tok.line > opener.line or kind in _STARTS_EXPRESSION):
        return _syntax_error(f"'{opener}' was never closed", opener.line, opener.column,
                             f"add the matching '{_closer(str(opener))}'")
    if kind in ("EXCEPT", "FINALLY") and kind not in expected:
        return _syntax_error(f"'{tok}' without a matching 'try'", line, col,
                             "an 'except' or 'finally' clause follows the body of a 'try:' "
                             "at the same indentation")
    if expected and expected <= {"EXCEPT", "FINALLY"}:
        if kind == "$END":
            line, col = state["eof"]
        return _syntax_error("expected 'except' or 'finally' block", line, col,
                             "a 'try' block needs an 'except' or a 'finally' clause")
    if kind == "$END":
        line, col = state["eof"]
        if state["open"]:
            opener = state["open"][-1]
            return _syntax_error(f"'{opener}' was never closed", opener.line, opener.column,
                                 f"add the matching '{_closer(str(opener))}'")
        if "_INDENT" in expected and _block_header(source, tok):
            return _missing_block(source, tok, line, col)
        return _syntax_error("unexpected end of input", line, col)
    if kind == "_INDENT":
        return _syntax_error("unexpected indent", line, col,
                             "this line is indented more than the block it is in")
    if "_INDENT" in expected:
        return _missing_block(source, tok, line, col)
    if kind == "_DEDENT":
        return _syntax_error("unexpected dedent", line, col)
    if expected == {"ELSE"}:
        return _syntax_error("expected 'else' after 'if' expression", line, col)
    if kind in _CLOSE and kind not in expected:
        scan = _brackets(source) if source else None
        if scan is None or (line, col) in scan[1]:
            return _syntax_error(f"unmatched '{tok}'", line, col)
        if "NAME" not in expected:
            return _syntax_error(f"unexpected '{tok}'", line, col)
    hint = None
    if "COLON" in expected and kind in ("_NEWLINE", "EQUAL"):
        if kind == "EQUAL":
            hint = "did you mean '=='?"
            return _syntax_error("invalid syntax: '=' is an assignment", line, col, hint)
        return _syntax_error("expected ':'", line, col, "did you forget a ':'?")
    if expected == {"NAME"}:
        return _syntax_error(f"expected a name, found {_describe_token(tok)}", line, col)
    if "NAME" in expected and kind not in ("NAME",):
        if kind == "_NEWLINE":
            return _syntax_error("expected an expression", line, col,
                                 "the line ends where a value should follow")
        return _syntax_error(f"expected an expression, found {_describe_token(tok)}", line, col)
    if kind in ("NAME", "STRING", "LONG_STRING") or kind.endswith("NUMBER"):
        before = text[:col - 1]
        hint = ("print is a function: write print(...)" if before.rstrip().endswith("print")
                else "did you forget an operator or a comma?")
        return _syntax_error(f"unexpected {_describe_token(tok)}", line, col, hint)
    if kind == "_NEWLINE":
        return _syntax_error("unexpected end of line", line, col)
    return _syntax_error(f"unexpected {_describe_token(tok)}", line, col)


#: What Python's "expected an indented block after ..." calls the statement of each keyword.
_HEADERS = {"def": "function definition", "class": "class definition",
            **{k: f"'{k}' statement" for k in ("if", "elif", "else", "for", "while", "with",
                                               "try", "except", "finally", "match", "case")}}


def _missing_block(source: str, tok, line: int, col: int) -> FormulaSyntaxError:
    """Python's IndentationError for a block that is not there: naming the statement it
    belongs to, and placed where that statement's line ends when the source ends first."""
    header = _block_header(source, tok)
    text = source[:-1] if source.endswith("\n") else source       # (the parser's own \n)
    lines = (text[:-1] if text.endswith("\n") else text).split("\n")
    if tok.type in ("$END", "_DEDENT") and not "".join(lines[(tok.line or 1) - 1:]).strip():
        line, col = len(lines), len(lines[-1]) + 1      # (a blank last line: its end too)
    return _syntax_error("expected an indented block" + (f" after {header}" if header else ""),
                         line, col, "indent the body of the statement on the line above")


def _block_header(text: str, tok) -> str | None:
    """The statement whose body should start at `tok`, as Python names it ("'if' statement
    on line 1", "function definition on line 3"): the one that starts the logical line of
    the last ':' outside brackets before tok; None when it cannot be told."""
    tables, _ = load_tables()
    depth, start, header = 0, None, None
    try:
        for token in lalr.tokenize(text, tables):
            if (token.line, token.column) >= (tok.line or 1, tok.column or 1) \
                    and token.type != "$END":
                break
            if token.type in _OPEN:
                depth += 1
            elif token.type in _CLOSE:
                depth = max(depth - 1, 0)
            elif token.type == "_NEWLINE" and depth == 0:
                start = None
                continue
            if start is None:
                start = token
            if token.type == "COLON" and depth == 0:
                header = start
    except lalr.UnexpectedCharacters:
        return None
    what = _HEADERS.get(str(header)) if header is not None else None
    return f"{what} on line {header.line}" if what else None


def _closer(opener: str) -> str:
    return {"(": ")", "[": "]", "{": "}"}[opener]


def _brackets(text: str):
    """The brackets of `text` still open at its end, and the places of its closing
    brackets that close none; None when `text` does not tokenize."""
    tables, _ = load_tables()
    opened: list = []
    unmatched: set = set()
    try:
        for token in lalr.tokenize(text, tables):
            if token.type in _OPEN:
                opened.append(token)
            elif token.type in _CLOSE:
                if opened:
                    opened.pop()
                else:
                    unmatched.add((token.line, token.column))
    except lalr.UnexpectedCharacters:
        return None
    return opened, unmatched


def _unclosed_before(text: str, tok):
    """The innermost bracket still open at the end of `text`, if it opened before `tok`:
    Python reports that bracket rather than the error it met inside it (`print("a"` then
    `print("b")` on the next line is "'(' was never closed")."""
    scan = _brackets(text) if text and tok.line else None
    if scan and scan[0] and (scan[0][-1].line, scan[0][-1].column) < (tok.line, tok.column):
        return scan[0][-1]
    return None


def _translate_unexpected_char(err, text: str) -> FormulaSyntaxError:
    ch = text[err.pos_in_stream] if err.pos_in_stream < len(text) else ""
    line, col = err.line, err.column
    if ch in "'\"":
        triple = text[err.pos_in_stream:err.pos_in_stream + 3] in ('"""', "'''")
        what = "unterminated triple-quoted string literal" if triple else \
            "unterminated string literal"
        return _syntax_error(what, line, col, f"close the string with a matching {ch}")
    if ch == "\0":
        return _syntax_error("source code cannot contain null bytes", line, col)
    if ch == "\\":
        return _syntax_error("unexpected character after line continuation character", line, col)
    if ch.isdigit() and ch.isascii():       # `09`: a number the lexer could not take
        return _syntax_error("leading zeros in decimal integer literals are not permitted; use "
                             "an 0o prefix for octal integers", line, col,
                             "write the number without its leading zeros (0o... for octal)")
    ascii_twin = unicodedata.normalize("NFKC", ch) if ch else ""
    hint = f"did you mean '{ascii_twin}'?" if ascii_twin != ch and ascii_twin.isascii() else None
    shown = f"'{ch}' (U+{ord(ch):04X})" if ch and not ch.isascii() else repr(ch)
    return _syntax_error(f"invalid character {shown}", line, col, hint)


# --- the entry point ----------------------------------------------------------------------------

def normalize_source(source: str) -> str:
    """Drop a UTF-8 BOM and turn CRLF / CR line ends into LF."""
    if source.startswith("\ufeff"):
        source = source[1:]
    if "\r" in source:
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    return source


def parse(source: str, filename: str = "<formula>", *, limits: Limits | None = None,
          mode: str = "file") -> A.Module:
    """Parse a formula file (mode "file") or a one-liner expression (mode "expression").

    Raises FormulaSyntaxError (or LimitError for the source-size and nesting limits), with
    a position in `filename`.
    """
    limits = limits or DEFAULT_LIMITS
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FormulaSyntaxError(f"{filename} is not valid UTF-8: {exc.reason}",
                                     position=Position(filename, 1, 1)) from None
    if len(source) > limits.max_source_bytes // 4 and \
            len(source.encode("utf-8", "surrogatepass")) > limits.max_source_bytes:
        err = limits.error("max_source_bytes")
        err.position = Position(filename, 1, 1)
        raise err
    text = normalize_source(source)
    lines = text.split("\n")
    state = {"max_depth": limits.max_depth, "limits": limits, "open": [], "lines": lines,
             "eof": (len(lines), len(lines[-1]) + 1), "file": mode != "expression",
             "match": "match" in text}
    start = "eval_input" if mode == "expression" else "file_input"
    token = _PARSE_STATE.set(state)
    try:
        body = _run_parser(text + "\n", start, state)
        for _, name in state.get("class_of", {}).values():
            _check_attr(name)               # a `__class__` not followed by `.__name__`
    except GradcliError as err:
        if err.position is not None and not err.position.file:
            p = err.position
            line = min(max(p.line, 1), len(lines))
            err.position = Position(filename, line, max(p.column, 1), lines[line - 1])
        raise
    finally:
        _PARSE_STATE.reset(token)
    return A.Module(1, 1, body, filename, text, mode == "expression")


def _run_parser(text: str, start: str, state: dict) -> list:
    try:
        if _LARK is not None:
            return _run_lark(text, start)
        tables, rules = load_tables()
        tokens = _post_lex(lalr.tokenize(text, tables), state)
        return lalr.parse(tokens, start, tables, rules)
    except lalr.UnexpectedToken as err:
        raise _translate_unexpected_token(err, state, text) from None
    except lalr.UnexpectedCharacters as err:
        raise _translate_unexpected_char(err, text) from None


def _run_lark(text: str, start: str) -> list:
    """Parse with lark itself, its errors as ours (only the tests do this)."""
    from lark.exceptions import UnexpectedCharacters, UnexpectedToken
    try:
        return _LARK.parse(text, start=start)
    except UnexpectedToken as err:
        raise lalr.UnexpectedToken(err.token, set(err.expected)) from None
    except UnexpectedCharacters as err:
        raise lalr.UnexpectedCharacters(text, err.pos_in_stream, err.line, err.column) from None
