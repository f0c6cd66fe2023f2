"""The formula grammar: precedence, every construct, positions, syntax errors, the odd
inputs people paste (CRLF, BOM, tabs, comment lines), deep input, the generated tables."""
from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from gradcli.errors import FormulaSyntaxError, LimitError
from gradcli.lang import Limits, parse
from gradcli.lang import ast as A
from gradcli.lang import parser as P
from gradcli.lang.compiler import compile_module


def expr(source: str) -> str:
    """The dump of a one-liner's expression."""
    return A.dump(parse(source, mode="expression").body[0].value)


def stmts(source: str) -> list:
    return parse(source).body


# --- the grammar itself -------------------------------------------------------------------------

def test_grammar_has_no_lalr_conflicts():
    """strict=True turns shift/reduce conflicts into errors (our lexer: no interegular)."""
    P.build_lark(strict=True)


@pytest.mark.parametrize("lexer", ["contextual", "basic"])
def test_grammar_has_no_terminal_collisions_with_larks_lexers(lexer):
    pytest.importorskip("interegular")
    P.build_lark(strict=True, lexer=lexer)


CORPUS = [
    "x = -a**2 + b*c if d else (e,)\nprint(x[1:2, ..., None], not a < b <= c)\n",
    "def f(a, b=1, *c, d, **e):\n    '''doc'''\n    return a @ b // c % d\n",
    "class M(Function):\n    @staticmethod\n    def forward(ctx, x):\n        return x\n",
    "for i, j in zip(a, b):\n    if i: break\n    elif j: continue\n    else: pass\n",
    "with torch.no_grad() as g, foo():\n    w += 1\n    w[0] -= 2\n    w.x *= 3\n",
    "l = [x*2 for x in range(3) if x]\nd = {1: 2, 'a': [],}\ng = lambda: 0\n",
    "from torch.autograd import Function, grad as gg\nimport numpy as np, torch.autograd\n",
    "s = f'{x!r:>{w}} {y=}' 'tail' \"\"\"long\nstring\"\"\"\nt = 0x1F + 0o7 + 0b1 + 1_000 + 1.5e-3\n",
    "while a is not b and c not in d or not e:\n    a, = b\n    del a[0], b\nx = 1; y = 2;\n",
    "assert x, 'msg'\nglobal q\nz = a << b >> c | d ^ e & ~f\n",
    "a, *b = [*c, 1]\n*d, e = (*f, *g)\ns = {1, *h}\nm = {**i, 'k': 2, **j}\n",
    "q = {k: v for k, v in z if v}\nr = {x for x in y if x for w in x}\nfor p, *q in r: pass\n",
    "try:\n    f()\nexcept (A, B) as e:\n    raise C('x') from e\nexcept D:\n    raise\n"
    "except:\n    pass\nelse:\n    x = 1\nfinally:\n    y = 2\n",
    "def f():\n    try:\n        return *a, b\n    finally:\n        raise E\n",
]


_BUILT: dict = {}


def _lark(lexer=None):
    """P.build_lark(lexer=...), built once for the module (a build is about half a second and
    a lark parser holds no state between parses: the parse's own lives in a context var)."""
    if lexer not in _BUILT:
        _BUILT[lexer] = P.build_lark(lexer=lexer)
    return _BUILT[lexer]


def _shape(module) -> list:
    return [(type(n).__name__, n.line, n.col) for n in A.walk(module)]


@pytest.mark.parametrize("source", CORPUS)
def test_fast_lexer_parses_exactly_as_larks_contextual_lexer(source, monkeypatch):
    ours = parse(source)
    monkeypatch.setattr(P, "_LARK", _lark("contextual"))
    theirs = parse(source)
    assert A.dump(ours) == A.dump(theirs)
    assert _shape(ours) == _shape(theirs)


def test_shared_conformance_files_parse_the_same_with_both_lexers(monkeypatch):
    folder = Path(__file__).resolve().parents[2] / "shared" / "conformance"
    files = sorted(folder.glob("*.grad"))
    if not files:
        pytest.skip("no shared/conformance beside the repository")
    ours = [parse(f.read_text(), str(f)) for f in files]
    monkeypatch.setattr(P, "_LARK", _lark("contextual"))
    theirs = [parse(f.read_text(), str(f)) for f in files]
    assert [A.dump(m) for m in ours] == [A.dump(m) for m in theirs]


BAD = ["  x = 1\n", "x = (1, 2", "f(a b)", "if x\n    y = 1\n", "x = 1 +\n", "a = 1\n  b = 2\n",
       "def f():\nreturn 1\n", "x = [1, 2)", "y = 3 $ 4", "print 'a'", "for i in range(3) pass\n",
       "x == = 2", "a.b.", "f(**)", "x[::]]", "'abc", "if x = 1:\n  pass\n",
       "try:\n  pass\n", "try:\n  pass\nx = 1\n", "except:\n  pass\n", "(*a)\n",
       "a, *b, *c = d\n", "*a = b\n", "{**a for a in b}\n", "try:\n  pass\nexcept x y:\n  pass\n"]


@pytest.mark.parametrize("source", BAD)
def test_syntax_errors_are_the_same_from_the_tables_and_from_lark(source, monkeypatch):
    def error():
        with pytest.raises((FormulaSyntaxError, LimitError)) as info:
            parse(source)
        return str(info.value), info.value.position
    ours = error()
    monkeypatch.setattr(P, "_LARK", _lark())
    assert error() == ours


def test_runs_of_one_child_rules_are_looked_up_as_they_were_followed():
    """The driver remembers where each run of one-child reductions ends (tables.chains);
    trees and syntax errors are the same from an empty memory and a full one."""
    def outcome(source):
        try:
            return A.dump(parse(source))
        except (FormulaSyntaxError, LimitError) as err:
            return str(err), err.position
    chains = P.load_tables()[0].chains
    cold = []
    for source in CORPUS + BAD:
        chains.clear()
        cold.append(outcome(source))
    for source in CORPUS + BAD:
        outcome(source)
    assert len(chains) > 10
    assert [outcome(source) for source in CORPUS + BAD] == cold


def test_grammar_file_is_found_in_the_checkout():
    path = P.grammar_path()
    assert path.name == "gradcli.lark" and path.is_file()


# --- precedence ---------------------------------------------------------------------------------

@pytest.mark.parametrize("source, tree", [
    ("-x**2", "UnaryOp('-', BinOp('**', Name('x'), Const(2)))"),
    ("2**-1", "BinOp('**', Const(2), UnaryOp('-', Const(1)))"),
    ("1j + 2.5J - 1_0e1j", "BinOp('-', BinOp('+', Const(1j), Const(2.5j)), Const(100j))"),
    ("a**b**c", "BinOp('**', Name('a'), BinOp('**', Name('b'), Name('c')))"),
    ("a - b - c", "BinOp('-', BinOp('-', Name('a'), Name('b')), Name('c'))"),
    ("a + b * c", "BinOp('+', Name('a'), BinOp('*', Name('b'), Name('c')))"),
    ("a * b @ c / d // e % f",
     "BinOp('%', BinOp('//', BinOp('/', BinOp('@', BinOp('*', Name('a'), Name('b')), "
     "Name('c')), Name('d')), Name('e')), Name('f'))"),
    ("a | b ^ c & d << e + f",
     "BinOp('|', Name('a'), BinOp('^', Name('b'), BinOp('&', Name('c'), "
     "BinOp('<<', Name('d'), BinOp('+', Name('e'), Name('f'))))))"),
    ("-a * b", "BinOp('*', UnaryOp('-', Name('a')), Name('b'))"),
    ("~a + +b", "BinOp('+', UnaryOp('~', Name('a')), UnaryOp('+', Name('b')))"),
    ("not a == b", "UnaryOp('not', Compare(Name('a'), ['=='], [Name('b')]))"),
    ("a < b <= c", "Compare(Name('a'), ['<', '<='], [Name('b'), Name('c')])"),
    ("a is not b", "Compare(Name('a'), ['is not'], [Name('b')])"),
    ("a not in b", "Compare(Name('a'), ['not in'], [Name('b')])"),
    ("a and b or c and not d",
     "BoolOp('or', [BoolOp('and', [Name('a'), Name('b')]), "
     "BoolOp('and', [Name('c'), UnaryOp('not', Name('d'))])])"),
    ("a if b else c if d else e",
     "IfExp(Name('b'), Name('a'), IfExp(Name('d'), Name('c'), Name('e')))"),
    ("lambda a, b=1: a + b",
     "Lambda(Params(['a', 'b'], [Const(1)], None, [], {}, None), "
     "BinOp('+', Name('a'), Name('b')))"),
    ("x.y.z(1)[2]",
     "Subscript(Call(Attribute(Attribute(Name('x'), 'y'), 'z'), [Const(1)], []), Const(2))"),
    ("(a)", "Name('a')"),
    ("(a,)", "TupleExpr([Name('a')])"),
    ("()", "TupleExpr([])"),
    ("a, b", "TupleExpr([Name('a'), Name('b')])"),
    ("[]", "ListExpr([])"),
    ("{}", "DictExpr([], [])"),
    ("{'a': 1, 2: b}", "DictExpr([Const('a'), Const(2)], [Const(1), Name('b')])"),
    ("x[0, 1:3]", "Subscript(Name('x'), TupleExpr([Const(0), Slice(Const(1), Const(3), None)]))"),
    ("x[..., None]", "Subscript(Name('x'), TupleExpr([Const(Ellipsis), Const(None)]))"),
    ("x[::2]", "Subscript(Name('x'), Slice(None, None, Const(2)))"),
    ("x[:]", "Subscript(Name('x'), Slice(None, None, None))"),
    ("f(a, b=1, *c, **d)",
     "Call(Name('f'), [Name('a'), Starred(Name('c'))], [Keyword('b', Const(1)), "
     "Keyword(None, Name('d'))])"),
    ("sum(x for x in y)",
     "Call(Name('sum'), [GenExp(Name('x'), [Comprehension(Name('x'), Name('y'), [])])], [])"),
    ("[i for i in a if i for j in b]",
     "ListComp(Name('i'), [Comprehension(Name('i'), Name('a'), [Name('i')]), "
     "Comprehension(Name('j'), Name('b'), [])])"),
    ("'a' \"b\" '''c'''", "Const('abc')"),
    ("'\\n\\t\\x41\\u00e9'", "Const('\\n\\tAé')"),
    ("r'\\n'", "Const('\\\\n')"),
    ("1_000 + 0x10 + 0o7 + 0b11 + 1.5e3 + .5", None),
    ("True, False, None", "TupleExpr([Const(True), Const(False), Const(None)])"),
    ("{1, 2}", "SetExpr([Const(1), Const(2)])"),
    ("{1,}", "SetExpr([Const(1)])"),
    ("{*a, b}", "SetExpr([Starred(Name('a')), Name('b')])"),
    ("[*a, *b]", "ListExpr([Starred(Name('a')), Starred(Name('b'))])"),
    ("(*a, b)", "TupleExpr([Starred(Name('a')), Name('b')])"),
    ("{**a, 'k': 1}", "DictExpr([None, Const('k')], [Name('a'), Const(1)])"),
    ("{x for x in y}", "SetComp(Name('x'), [Comprehension(Name('x'), Name('y'), [])])"),
    ("{k: v for k, v in y if v}",
     "DictComp(Name('k'), Name('v'), [Comprehension(TupleExpr([Name('k'), Name('v')]), "
     "Name('y'), [Name('v')])])"),
    ("{k: v for k in a for v in b}",
     "DictComp(Name('k'), Name('v'), [Comprehension(Name('k'), Name('a'), []), "
     "Comprehension(Name('v'), Name('b'), [])])"),
    ("{a: b}", "DictExpr([Name('a')], [Name('b')])"),
    ("2 * a ** 2", "BinOp('*', Const(2), BinOp('**', Name('a'), Const(2)))"),
])
def test_precedence_and_shapes(source, tree):
    got = expr(source)
    if tree is not None:
        assert got == tree


def test_numbers_have_python_values():
    module = parse("a = 1_000\nb = 0x10\nc = 0o7\nd = 0b11\ne = 1.5e3\nf = .5\ng = 10**3\n")
    assert [s.value.value for s in module.body[:6]] == [1000, 16, 7, 3, 1500.0, 0.5]


def test_fstrings():
    node = parse("f'v={x:.3f} {y!r} {z=} {{lit}}'", mode="expression").body[0].value
    assert isinstance(node, A.FString)
    texts = [p for p in node.parts if isinstance(p, str)]
    assert texts == ["v=", " ", " z=", " {lit}"]
    values = [p for p in node.parts if isinstance(p, A.FormattedValue)]
    assert [A.dump(v.value) for v in values] == ["Name('x')", "Name('y')", "Name('z')"]
    assert [v.conversion for v in values] == [None, "r", "r"]
    assert A.dump(values[0].spec) == "FString(['.3f'])"


def test_fstring_expression_positions_point_into_the_string():
    node = parse("y = f'{a + bad}'").body[0].value
    bad = [n for n in A.walk(node) if isinstance(n, A.Name) and n.id == "bad"][0]
    assert (bad.line, bad.col) == (1, 12)


# --- statements ---------------------------------------------------------------------------------

def test_every_statement_kind():
    module = parse(
        "import torch\nimport torch as t\nimport numpy as np\nimport torch.autograd\n"
        "from torch.autograd import Function, grad as g\n"
        "x = 1\na, b = 1, 2\ng, = (1,)\nx += 1\nx.grad = None\nx[0] = 1\nprint(x)\n"
        "assert x, 'm'\nif x:\n    pass\nelif y:\n    pass\nelse:\n    pass\n"
        "while x:\n    break\nfor i in range(3):\n    continue\n"
        "def f(a, b=1):\n    global x\n    return a\n"
        "with no_grad():\n    pass\n"
        "class MultiplyAdd(Function):\n    @staticmethod\n    def forward(ctx, w):\n"
        "        return w\n    @staticmethod\n    def backward(ctx, g):\n        return g\n"
        "del x\n")
    kinds = [type(s).__name__ for s in module.body]
    assert kinds == ["Import", "Import", "Import", "Import", "ImportFrom", "Assign", "Assign",
                     "Assign", "AugAssign", "Assign", "Assign", "ExprStmt", "Assert", "If",
                     "While", "For", "FunctionDef", "With", "ClassDef", "Delete"]
    cls = module.body[18]
    assert [m.name for m in cls.body] == ["forward", "backward"]
    assert A.dump(cls.body[0].decorators[0]) == "Name('staticmethod')"
    elif_ = module.body[13].orelse[0]
    assert isinstance(elif_, A.If) and isinstance(elif_.orelse[0], A.Pass)


def test_try_statement_shapes():
    (node,) = stmts("try:\n    a\nexcept (A, B) as e:\n    b\nexcept C:\n    raise\n"
                    "except:\n    raise D('m') from e\nelse:\n    c\nfinally:\n    d\n")
    assert A.dump(node) == (
        "Try([ExprStmt(Name('a'))], [ExceptHandler(TupleExpr([Name('A'), Name('B')]), 'e', "
        "[ExprStmt(Name('b'))]), ExceptHandler(Name('C'), None, [Raise(None, None)]), "
        "ExceptHandler(None, None, [Raise(Call(Name('D'), [Const('m')], []), Name('e'))])], "
        "[ExprStmt(Name('c'))], [ExprStmt(Name('d'))])")
    assert [(h.line, h.col) for h in node.handlers] == [(3, 1), (5, 1), (7, 1)]
    (node,) = stmts("try:\n    a\nfinally:\n    b\n")
    assert A.dump(node) == "Try([ExprStmt(Name('a'))], [], [], [ExprStmt(Name('b'))])"
    assert A.dump(stmts("raise X")[0]) == "Raise(Name('X'), None)"


def test_try_except_finally_raise_are_keywords():
    for word in ("try", "except", "finally", "raise"):
        with pytest.raises(FormulaSyntaxError):
            parse(f"{word} = 1\n")


def test_starred_targets():
    assert A.dump(stmts("a, *b = c")[0].targets[0]) == "TupleExpr([Name('a'), Starred(Name('b'))])"
    assert A.dump(stmts("[*a, b.c, d[0]] = e")[0].targets[0]) == (
        "ListExpr([Starred(Name('a')), Attribute(Name('b'), 'c'), Subscript(Name('d'), Const(0))])")
    loop = stmts("for a, *b in c:\n    pass\n")[0]
    assert A.dump(loop.target) == "TupleExpr([Name('a'), Starred(Name('b'))])"
    assert A.dump(stmts("*a, (b, *c) = d")[0].targets[0]) == (
        "TupleExpr([Starred(Name('a')), TupleExpr([Name('b'), Starred(Name('c'))])])")


def test_chained_assignment_and_unpacking_targets():
    assign = stmts("a = b, c = x")[0]
    assert [A.dump(t) for t in assign.targets] == ["Name('a')",
                                                   "TupleExpr([Name('b'), Name('c')])"]
    assert A.dump(stmts("g, = f()")[0].targets[0]) == "TupleExpr([Name('g')])"


def test_positions_point_at_the_operator_the_callee_and_the_attribute():
    source = "y = a.b  +  torch.dott(x)\n"
    binop = stmts(source)[0].value
    assert (binop.line, binop.col) == (1, 10)
    call = binop.right
    assert isinstance(call, A.Call) and (call.line, call.col) == (1, 19)
    assert (binop.left.line, binop.left.col) == (1, 7)


def test_ast_of_a_hundred_thousand_terms_and_its_repr():
    module = parse("+".join(["x"] * 100_000), mode="expression")
    text = repr(module)
    assert text.count("BinOp") == 99_999
    assert len(list(A.walk(module))) == 2 * 100_000 + 1


# --- source text oddities -----------------------------------------------------------------------

def test_crlf_bom_and_tabs():
    module = parse("\ufeffx = 1\r\nif x:\r\n\ty = 2\r\n\tz = 3\r\n")
    assert [type(s).__name__ for s in module.body] == ["Assign", "If"]
    assert len(module.body[1].body) == 2


def test_lone_cr_line_ends():
    assert len(parse("x = 1\ry = 2\r").body) == 2


def test_comment_lines_blank_lines_and_trailing_spaces_inside_blocks():
    source = ("def f(a):   \n"
              "    b = a * 2\t# double it\n"
              "                         \n"
              "\t\t\t\t   # a comment indented anyhow\n"
              "\n"
              "    return b\n"
              "# the end, no newline after")
    module = parse(source)
    assert len(module.body) == 1 and len(module.body[0].body) == 2


def test_continuation_lines():
    module = parse("x = (1 +  # comment inside brackets\n     2)\ny = 1 + \\\n    2\n")
    assert len(module.body) == 2


def test_no_trailing_newline_and_empty_source():
    assert len(parse("x = 1").body) == 1
    assert parse("").body == []
    assert parse("\n\n# only a comment\n").body == []


def test_semicolons():
    assert len(parse("a = 1; b = 2;\n").body) == 2


# --- syntax errors --------------------------------------------------------------------------------

@pytest.mark.parametrize("source, message, line, col, hint", [
    ("f(x))\n", "unmatched ')'", 1, 5, None),
    ("x = (1,\n2\n", "'(' was never closed", 1, 5, "add the matching ')'"),
    ("if x\n    y = 1\n", "expected ':'", 1, 5, "did you forget a ':'?"),
    ("x = \n", "expected an expression", 1, 5, None),
    ("x = 1 +\n", "expected an expression", 1, 8, None),
    ("x = 'abc\n", "unterminated string literal", 1, 5, None),
    ("x = '''abc\n", "unterminated triple-quoted string literal", 1, 5, None),
    ("if x:\n        a = 1\n    b = 2\n", "unindent does not match any outer indentation level",
     3, 5, None),
    ("if x:\ny = 1\n", "expected an indented block", 2, 1, None),
    ("x = 1\n    y = 2\n", "unexpected indent", 2, 5, None),
    ("print x\n", "unexpected name 'x'", 1, 7, "print is a function"),
    ("x = a b\n", "unexpected name 'b'", 1, 7, "did you forget an operator or a comma?"),
    ("try:\n    pass\n", "expected 'except' or 'finally' block", 3, 1, None),
    ("except:\n    pass\n", "'except' without a matching 'try'", 1, 1, None),
    ("x = 1\nmatch x:\n    case y: pass\n    case 1: pass\n",
     "name capture 'y' makes remaining patterns unreachable", 3, 5, None),
    ("x = 1\0\n", "source code cannot contain null bytes", 1, 6, None),
    ("x = $\n", "invalid character '$'", 1, 5, None),
    ("x = f(1，2)\n", "invalid character '，' (U+FF0C)", 1, 8, "did you mean ','?"),
    ("f(a=1, 2)\n", "positional argument follows keyword argument", 1, 8, None),
    ("f(a+1=2)\n", "expression cannot contain assignment", 1, 3, None),
    ("1 = x\n", "cannot assign to literal", 1, 1, None),
    ("f() = 1\n", "cannot assign to function call", 1, 1, None),
    ("x + 1 += 2\n", "illegal expression for augmented assignment", 1, 1, None),
    ("def f(a=1, b): pass\n", "non-default argument follows default argument", 1, 12, None),
    ("def f(a, a): pass\n", "duplicate argument 'a'", 1, 10, None),
    ("x = b'abc' 'd'\n", "cannot mix bytes and nonbytes literals", 1, 5, None),
    ("__x = 1\n", "names starting with '__' are not allowed", 1, 1, None),
    ("f(_x=1)\n", "keyword arguments starting with '_' are not allowed", 1, 3, None),
    ("y = x.__class__\n", "attributes starting with '_' are not allowed", 1, 7, "_version"),
    ("y = f'{}'\n", "f-string: empty expression not allowed", 1, 5, None),
    ("y = f'{x'\n", "f-string: expecting '}'", 1, 5, None),
    ("y = f'{x!z}'\n", "f-string: invalid conversion character", 1, 5, None),
    ("if x = 1:\n    pass\n", "'=' is an assignment", 1, 6, "did you mean '=='?"),
    ("a, *b, *c = d\n", "multiple starred expressions in assignment", 1, 8, None),
    ("[*a, *b] = d\n", "multiple starred expressions in assignment", 1, 6, None),
    ("*a = d\n", "starred assignment target must be in a list or tuple", 1, 1, None),
    ("for *a in d:\n    pass\n", "starred assignment target must be in a list or tuple",
     1, 5, None),
    ("del *a\n", "cannot delete starred", 1, 5, None),
    ("del a, *b\n", "cannot delete starred", 1, 8, None),
    ("(*a)\n", "cannot use starred expression here", 1, 2, None),
    ("a, b += 1\n", "'tuple' is an illegal expression for augmented assignment", 1, 1, None),
    ("{1} = 2\n", "cannot assign to set display", 1, 1, None),
    ("{x for x in y} = 2\n", "cannot assign to set comprehension", 1, 1, None),
    ("try:\n    pass\nexcept:\n    pass\nexcept E:\n    pass\n",
     "default 'except:' must be last", 3, 1, None),
    ("try:\n    pass\nfinally:\n    pass\nexcept:\n    pass\n",
     "'except' without a matching 'try'", 5, 1, None),
    ("finally:\n    pass\n", "'finally' without a matching 'try'", 1, 1, None),
    ("try:\n    pass\nelse:\n    pass\n", "expected 'except' or 'finally' block", 3, 1, None),
    ("try:\n    pass\nexcept __E:\n    pass\n", "names starting with '__'", 3, 8, None),
    ("try:\n    pass\nexcept E as __e:\n    pass\n", "names starting with '__'", 3, 13, None),
])
def test_syntax_errors_are_human(source, message, line, col, hint):
    with pytest.raises(FormulaSyntaxError) as info:
        parse(source, "f.grad")
    err = info.value
    assert message in err.message
    assert (err.position.line, err.position.column) == (line, col)
    assert err.position.file == "f.grad"
    if hint is not None:
        assert hint in (err.hint or "")
    assert err.exit_code == 3


def test_rendered_error_has_file_line_col_source_and_caret():
    with pytest.raises(FormulaSyntaxError) as info:
        parse("x = 1\ny = f(2))\n", "model.grad")
    text = info.value.render()
    assert text.splitlines() == ["model.grad:2:9: syntax error: unmatched ')'",
                                 "    y = f(2))",
                                 "            ^"]


@pytest.mark.parametrize("source, message", [
    ("return 1\n", "'return' outside function"),
    ("break\n", "'break' outside loop"),
    ("def f():\n    continue\n", "'continue' outside loop"),
    ("class A(Function):\n    x += 1\n", "a class body may hold only methods (def) and "
     "attributes"),
    ("from torch import *\n", "'from ... import *' is not supported"),
    ("def f():\n    nonlocal q\n", "no binding for nonlocal 'q' found"),
    ("x = *a\n", "can't use starred expression here"),
    ("*a\n", "can't use starred expression here"),
    ("print(*a if b else c)\n", None),
    ("for x in y:\n    pass\nelse:\n    try:\n        pass\n    finally:\n        break\n",
     "'break' outside loop"),
    ("try:\n    pass\nexcept:\n    return 1\n", "'return' outside function"),
])
def test_static_errors_from_the_compiler(source, message):
    if message is None:
        compile_module(parse(source, "c.grad"))
        return
    with pytest.raises(FormulaSyntaxError) as info:
        compile_module(parse(source, "c.grad"))
    assert message in info.value.message
    assert info.value.position.file == "c.grad"


def test_expression_mode_rejects_statements():
    with pytest.raises(FormulaSyntaxError):
        parse("x = 1", mode="expression")


def test_bytes_source_must_be_utf8():
    assert parse("x = 'é'".encode()).body[0].value.value == "é"
    with pytest.raises(FormulaSyntaxError, match="not valid UTF-8"):
        parse(b"x = '\xff'")


# --- limits on the source ---------------------------------------------------------------------------

def test_deep_parentheses_stop_at_the_nesting_limit_with_its_flag():
    source = "(" * 10_000 + "x" + ")" * 10_000
    with pytest.raises(LimitError) as info:
        parse(source, mode="expression")
    assert "nesting depth limit of 1,000 exceeded (raise it with --max-depth)" in \
        info.value.message
    assert info.value.position.line == 1


def test_deep_parentheses_parse_when_the_limit_allows():
    source = "(" * 10_000 + "x" + ")" * 10_000
    module = parse(source, mode="expression", limits=Limits(max_depth=20_000))
    assert A.dump(module.body[0].value) == "Name('x')"


def test_deep_blocks_count_towards_the_nesting_limit():
    source = "".join("    " * i + "if x:\n" for i in range(30)) + "    " * 30 + "pass\n"
    parse(source)
    with pytest.raises(LimitError, match="--max-depth"):
        parse(source, limits=Limits(max_depth=10))


def test_source_size_limit():
    with pytest.raises(LimitError, match=r"source size limit of 100 bytes exceeded \(raise it "
                                         r"with --max-source-bytes\)"):
        parse("x = 1\n" * 100, limits=Limits(max_source_bytes=100))


# --- the generated tables ---------------------------------------------------------------------

def test_generated_tables_are_what_lark_makes_of_the_grammar():
    """gradcli/lang/_tables.py is up to date: regenerate with `python -m gradcli.lang.tablegen`."""
    import lark

    from gradcli.lang import _tables, tablegen
    if _tables.LARK_VERSION != lark.__version__:
        pytest.skip(f"tables made with lark {_tables.LARK_VERSION}, lark {lark.__version__} here "
                    "(the corpus tests still compare both parsers)")
    assert tablegen.target().read_text(encoding="utf-8") == tablegen.generate()


def test_saved_token_code_is_what_this_python_compiles(monkeypatch):
    """_token_code.py is the terminal regex as `re` compiles it here, and the tokenizer's
    regex comes from it without compiling the pattern (regenerate with tablegen)."""
    import re

    from gradcli.lang import _tables, _token_code, lalr, tablegen
    if _token_code.KEY != lalr.code_key():
        pytest.skip(f"token code saved on {_token_code.KEY}, this is {lalr.code_key()}")
    assert tablegen.token_code_target().read_text(encoding="utf-8") == \
        tablegen.token_code(_tables.TOKEN_PATTERN)

    def refuse(*args, **kwargs):
        raise AssertionError("the saved token code was not used")
    monkeypatch.setattr(re, "compile", refuse)
    regex = lalr.token_regex(_tables.TOKEN_PATTERN)
    monkeypatch.undo()
    fresh = re.compile(_tables.TOKEN_PATTERN)
    assert (regex.pattern, regex.flags, regex.groups, regex.groupindex) == \
        (fresh.pattern, fresh.flags, fresh.groups, fresh.groupindex)


@pytest.mark.parametrize("change", ["key", "pattern", "code"])
def test_token_regex_compiles_the_pattern_when_the_saved_code_does_not_apply(monkeypatch,
                                                                             change):
    """Another Python build, another pattern, or code `_sre` refuses: `re.compile`."""
    import re

    from gradcli.lang import _tables, _token_code, lalr
    if change == "key":
        monkeypatch.setattr(_token_code, "KEY", ("another", (3, 99, 0)))
    elif change == "pattern":
        monkeypatch.setattr(_token_code, "PATTERN", "(?P<A>a)")
    else:
        if not hasattr(_token_code, "CODE"):
            pytest.skip("no token code saved for this Python")
        monkeypatch.setattr(_token_code, "KEY", lalr.code_key())
        monkeypatch.setattr(_token_code, "CODE", _token_code.CODE[:-3])
    compiled = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda *a: compiled.append(a) or real(*a))
    regex = lalr.token_regex(_tables.TOKEN_PATTERN)
    assert compiled == [(_tables.TOKEN_PATTERN,)]
    assert regex.match("x1 + 2").lastgroup == "NAME"


def test_tokens_are_the_same_with_the_saved_token_code():
    """The samples tokenize the same through the regex from the saved code and through a
    freshly compiled one."""
    import re

    from gradcli.lang import _tables, lalr
    saved = lalr.token_regex(_tables.TOKEN_PATTERN)
    fresh = re.compile(_tables.TOKEN_PATTERN + "|(?!)")    # a new pattern: really compiled
    root = Path(__file__).resolve().parent.parent
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "samples").glob("*.grad"))]
    texts.append("x = 1_000.5e-3j + 0x_fF * 0b1 // 0o7 ** 2 @ y; s = rb'a\\'b' "
                 + '"""\n""" ... \\\n # c\n')
    assert len(texts) > 10
    for text in texts:
        assert [(m.lastgroup, m.span()) for m in saved.finditer(text)] == \
            [(m.lastgroup, m.span()) for m in fresh.finditer(text)]


def test_table_generation_does_not_depend_on_string_hashing():
    """Lark keeps states and flags in sets; tablegen renumbers them so the file is stable."""
    import subprocess
    import sys
    code = ("import hashlib; from gradcli.lang import tablegen; "
            "print(hashlib.sha256(tablegen.generate().encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, env=dict(os.environ, PYTHONHASHSEED=seed)).stdout
               for seed in ("1", "2", "3")}
    assert len(digests) == 1


def test_parsing_does_not_import_lark():
    import subprocess
    import sys
    code = ("import sys; from gradcli.lang import parse; parse('x = [a**2 for a in b]\\n'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('lark', 'interegular')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_an_edited_grammar_is_rebuilt_by_lark(monkeypatch):
    """When the grammar file no longer matches the tables, lark rebuilds them in memory."""
    from gradcli.lang import _tables
    monkeypatch.setattr(_tables, "GRAMMAR", "an older grammar")
    monkeypatch.setattr(P, "_TABLES", None)
    try:
        assert expr("a + b * c") == "BinOp('+', Name('a'), BinOp('*', Name('b'), Name('c')))"
        tables, _ = P.load_tables()
        assert tables.grammar == P.grammar_path().read_text(encoding="utf-8")
    finally:
        P._TABLES = None


@pytest.mark.parametrize("source, position", [("  x = 1\n", (1, 3)), ("# note\n  x = 1\n", (2, 3)),
                                              ("\tx = 1", (1, 2))])
def test_an_indented_first_statement_is_an_unexpected_indent(source, position):
    """As Python: IndentationError: unexpected indent."""
    with pytest.raises(FormulaSyntaxError, match="unexpected indent") as info:
        parse(source)
    assert (info.value.position.line, info.value.position.column) == position


def test_a_one_liner_may_start_with_spaces():
    assert expr("  x + 1") == "BinOp('+', Name('x'), Const(1))"


def test_tokens_of_a_long_text_are_the_same_with_the_first_character_matchers():
    """Long texts pick the terminals that can begin with each character first
    (lalr.first_char_matchers); the tokens must be exactly the whole regex's."""
    import pathlib
    import random

    from gradcli.lang import lalr, parser
    tables = parser.load_tables()[0]
    matchers = lalr.first_char_matchers(tables)
    assert any(m is not None for m in matchers)           # the fast path is really on
    full = tables.regex.match
    rng = random.Random(0)
    alphabet = "ab_xyzfrbuFRBU019.eEjJ+-*/%@&|^~<>=!()[]{},:;'\"\\# \t\n" + "é"
    texts = ["".join(rng.choice(alphabet) for _ in range(20_000)) for _ in range(3)]
    root = pathlib.Path(__file__).resolve().parent.parent
    texts += [p.read_text() for p in sorted((root / "samples").glob("*.grad"))]
    checked = 0
    for text in texts:
        pos = 0
        while pos < len(text):
            o = ord(text[pos])
            a = full(text, pos)
            b = ((matchers[o] if o < 128 else None) or full)(text, pos)
            assert (a is None) == (b is None), (text[pos:pos + 20], pos)
            if a is not None:
                assert (a.lastgroup, a.end()) == (b.lastgroup, b.end()), text[pos:pos + 20]
            pos = a.end() if a is not None and a.end() > pos else pos + 1
            checked += 1
    assert checked > 20_000
    src = "+".join(["x"] * (lalr.BIG_TEXT // 2 + 1))
    assert [t.type for t in lalr.tokenize(src, tables)][:3] == ["NAME", "PLUS", "NAME"]


def _larks_basic_tokens(lexer, text: str) -> list:
    """The tokens lark's own basic `lexer` makes of `text` (before the indentation post-lexer)."""
    from lark.lexer import LexerState
    try:
        from lark.utils import TextSlice            # lark >= 1.2 lexes a slice of the text
        state = LexerState(TextSlice(text, 0, len(text)))
    except ImportError:
        state = LexerState(text)
    return list(lexer.lex(state, None))


def test_tokens_have_larks_kinds_places_and_ends():
    """A token on one line leaves its end to Token.__getattr__ (the tokenizer sets four
    fields, not seven); every field must still be what lark's lexer gives, multi-line
    strings and newlines included."""
    import pathlib

    from gradcli.lang import lalr
    tables = P.load_tables()[0]
    root = pathlib.Path(__file__).resolve().parent.parent
    texts = CORPUS + [p.read_text() for p in sorted((root / "samples").glob("*.grad"))]
    fields = ("type", "start_pos", "line", "column", "end_line", "end_column", "end_pos")
    compared, lexer = 0, P.build_lark(lexer="basic")._build_lexer()
    for text in texts:
        ours, theirs = list(lalr.tokenize(text, tables)), _larks_basic_tokens(lexer, text)
        assert [str(t) for t in ours] == [str(t) for t in theirs]
        for a, b in zip(ours, theirs):
            assert [getattr(a, f) for f in fields] == [getattr(b, f) for f in fields], repr(a)
        compared += len(ours)
    assert compared > 1000
    one = next(t for t in lalr.tokenize("ab + 1", tables) if t == "+")
    assert (one.end_line, one.end_column, one.end_pos) == (1, 5, 4)
    assert pickle.loads(pickle.dumps(one)).end_column == 5
    with pytest.raises(AttributeError):
        one.no_such_field
