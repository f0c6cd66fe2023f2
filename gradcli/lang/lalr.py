"""The formula parser's run time: a tokenizer and an LALR(1) driver over tables that lark
computed from grammar/gradcli.lark when gradcli was built (gradcli/lang/_tables.py).

Lark is not imported here: a process that parses a formula loads two dicts and a regex
instead of lark's modules and its pickled tables. The driver does what lark's LALR parser
does with `maybe_placeholders=True` and a transformer: on each reduction it shapes the
children as lark's parse-tree builder would (anonymous and `_`-terminals dropped, `_rule`s
spliced into their parent, `[x]` placeholders filled with None, `?rule`s with one child
inlined) and calls the builder's method named after the rule or its alias. `tablegen.py`
makes the tables; the tests parse a corpus both ways, through this driver and through lark
itself, and compare the trees.

The stacks are lists, so nesting costs no Python recursion; rules that only pass their one
child up (`?term: factor`) are applied without a call, which is most of the reductions of a
long expression, and a run of them is followed once and then looked up (`Tables.chains`).
"""
from __future__ import annotations

import re
import sys


class Token(str):
    """A token: its text, with lark's attribute names for its kind and place."""

    # Slots, not a __dict__: a token is made for every word and sign of a formula, and
    # filling slots costs half of what a fresh dict does.
    __slots__ = ("type", "start_pos", "line", "column", "end_line", "end_column", "end_pos")

    def __new__(cls, type_, value, start_pos=0, line=1, column=1, end_line=None,
                end_column=None, end_pos=None):
        self = str.__new__(cls, value)
        self.type = type_
        self.start_pos = start_pos
        self.line = line
        self.column = column
        self.end_line = line if end_line is None else end_line
        self.end_column = column if end_column is None else end_column
        self.end_pos = start_pos if end_pos is None else end_pos
        return self

    def __getattr__(self, name):
        # A token on one line keeps no end: the tokenizer leaves it out (three attributes
        # fewer on each of a long formula's tokens) and it follows from the text.
        if name == "end_pos":
            return self.start_pos + len(self)
        if name == "end_line":
            return self.line
        if name == "end_column":
            return self.column + len(self)
        raise AttributeError(f"'Token' object has no attribute '{name}'")

    @property
    def value(self) -> str:
        return str(self)

    def __reduce__(self):
        return (Token, (self.type, str(self), self.start_pos, self.line, self.column,
                        self.end_line, self.end_column, self.end_pos))


class UnexpectedCharacters(Exception):
    """No terminal matches at `pos_in_stream` (line, column 1-based)."""

    def __init__(self, text: str, pos: int, line: int, column: int):
        super().__init__(f"no terminal matches {text[pos:pos + 1]!r} at line {line} col {column}")
        self.pos_in_stream, self.line, self.column = pos, line, column


class UnexpectedToken(Exception):
    """`token` cannot follow what came before; `expected` are the terminals that could."""

    def __init__(self, token: Token, expected: set[str]):
        super().__init__(f"unexpected {token.type} {str(token)!r} at line {token.line}")
        self.token, self.expected = token, expected


class _Inlined:
    """The value of a `_rule`: its children, which the parent rule splices into its own."""

    __slots__ = ("data", "children")

    def __init__(self, data: str, children: list):
        self.data, self.children = data, children


# --- tables ------------------------------------------------------------------------------------

class Tables:
    """What the driver needs, in the form `tablegen.serialize` writes."""

    def __init__(self, data: dict):
        self.grammar = data["GRAMMAR"]
        self.lark_version = data["LARK_VERSION"]
        self.regex = token_regex(data["TOKEN_PATTERN"])
        self._by_first = None           # see first_char_matchers
        self.keywords = data["KEYWORDS"]
        self.ignore = frozenset(data["IGNORE"])
        self.multiline = frozenset(data["MULTILINE"])
        self.start = data["START"]
        self.end = data["END"]
        self.rules = data["RULES"]
        self.actions = data["ACTIONS"]
        self.chains: dict = {}          # see parse(): where runs of one-child rules end


def token_regex(pattern: str):
    """`re.compile(pattern)`; on the Python build tablegen ran on, the same regex from the
    code it saved (_token_code.py): no parse and compile of a 1,500-character pattern at
    each start-up. `_sre.compile` checks the code it is given; anything amiss (another
    pattern or build, private internals changed) compiles the pattern."""
    try:
        from . import _token_code as saved
        if saved.KEY is not None and saved.PATTERN == pattern and saved.KEY == code_key():
            import _sre
            return _sre.compile(pattern, saved.FLAGS, list(saved.CODE), saved.GROUPS,
                                saved.GROUPINDEX, saved.INDEXGROUP)
    except Exception:           # noqa: BLE001 - any failure: the ordinary way below
        pass
    return re.compile(pattern)


def code_key() -> tuple | None:
    """What `re`'s compiled code depends on: the Python build and the regex engine's
    version and code size. None where `_sre` is not CPython's."""
    try:
        import _sre
        return (sys.implementation.cache_tag, tuple(sys.version_info[:3]), _sre.MAGIC,
                _sre.CODESIZE, sys.maxunicode)
    except (ImportError, AttributeError):
        return None


# --- tokens ------------------------------------------------------------------------------------

BIG_TEXT = 10_000      # characters from which tokenizing first picks terminals by first char


def first_char_matchers(tables: Tables) -> list:
    """For each ASCII character, the `match` of the token regex cut down to the terminals
    that can begin with it (None: use the whole regex). Python's alternation takes the first
    alternative that matches, so leaving out ones that cannot match here changes nothing;
    an alternative whose first characters cannot be told is kept everywhere. Made once, for
    long texts (about 3 ms: a 100,000-term formula tokenizes three times faster)."""
    if tables._by_first is None:
        try:
            tables._by_first = _first_char_matchers(tables.regex.pattern)
        except Exception:                   # private re internals changed: the whole regex
            tables._by_first = [None] * 128
    return tables._by_first


def _first_char_matchers(pattern: str) -> list:
    from re import _compiler, _constants as K, _parser
    ascii_chars = [chr(i) for i in range(128)]
    single = {K.LITERAL, K.NOT_LITERAL, K.ANY, K.IN, K.CATEGORY}
    repeats = {K.MAX_REPEAT, K.MIN_REPEAT, getattr(K, "POSSESSIVE_REPEAT", K.MAX_REPEAT)}

    def first(items, flags):
        """(the ASCII characters a match can begin with, or None for any; nullable)"""
        out = set()
        for op, av in items:
            if op in single:
                one = _compiler.compile(_parser.SubPattern(_parser.State(), [(op, av)]), flags)
                return out | {c for c in ascii_chars if one.match(c)}, False
            if op is K.SUBPATTERN:
                chars, null = first(av[3], (flags | av[1]) & ~av[2])
            elif op is K.BRANCH:
                chars, null = set(), False
                for alt in av[1]:
                    c, n = first(alt, flags)
                    chars, null = (None if c is None or chars is None else chars | c), null or n
            elif op in repeats:
                chars, null = first(av[2], flags)
                null = null or av[0] == 0
            elif op in (K.AT, K.ASSERT, K.ASSERT_NOT):
                continue                            # zero width
            else:
                return None, True
            if chars is None:
                return None, True
            out |= chars
            if not null:
                return out, False
        return out, True

    parsed = _parser.parse(pattern)
    ((op, (_, alts)),) = parsed.data
    if op is not K.BRANCH:
        return [None] * 128
    flags = parsed.state.flags
    starts = []
    for alt in alts:
        chars, null = first(alt.data, flags)
        starts.append(None if chars is None or null else chars)
    cache, table = {}, []
    for c in ascii_chars:
        chosen = tuple(i for i, s in enumerate(starts) if s is None or c in s)
        if not chosen:
            table.append(None)
            continue
        if chosen not in cache:
            items = list(alts[chosen[0]].data) if len(chosen) == 1 else \
                [(K.BRANCH, (None, [alts[i] for i in chosen]))]
            cache[chosen] = _compiler.compile(_parser.SubPattern(parsed.state, items),
                                              flags).match
        table.append(cache[chosen])
    return table


def tokenize(text: str, tables: Tables):
    """The tokens of `text`: lark's basic lexer, terminals tried in priority order then
    longest pattern, names retyped as keywords by a dict."""
    match, keywords = tables.regex.match, tables.keywords
    ignore, multiline = tables.ignore, tables.multiline
    new = str.__new__
    pos, line, line_start, end_of_text = 0, 1, 0, len(text)
    by_first = first_char_matchers(tables) if end_of_text >= BIG_TEXT else None
    while pos < end_of_text:
        if by_first is None:
            m = match(text, pos)
        else:
            o = ord(text[pos])
            m = ((by_first[o] if o < 128 else None) or match)(text, pos)
        if m is None:
            raise UnexpectedCharacters(text, pos, line, pos - line_start + 1)
        kind = m.lastgroup
        value = m.group()
        end = m.end()
        if kind == "NAME":
            kind = keywords.get(value, "NAME")
        if kind in multiline and "\n" in value:
            end_line = line + value.count("\n")
            end_line_start = pos + value.rfind("\n") + 1
            if kind not in ignore:
                yield Token(kind, value, pos, line, pos - line_start + 1,
                            end_line, end - end_line_start + 1, end)
            pos, line, line_start = end, end_line, end_line_start
            continue
        if kind not in ignore:
            token = new(Token, value)         # Token(...) with its end left to __getattr__
            token.type = kind
            token.start_pos = pos
            token.line = line
            token.column = pos - line_start + 1
            yield token
        pos = end


# --- reductions --------------------------------------------------------------------------------

_PASS = None          # a reduction that leaves its one child as the value


def _child_filter(to_include, append_none, then):
    """lark's ChildFilterLALR: keep, splice and pad the children, then call `then`."""
    def shape(children):
        filtered = []
        for i, to_expand, add_none in to_include:
            if add_none:
                filtered += [None] * add_none
            if to_expand:
                if filtered:
                    filtered += children[i].children
                else:
                    filtered = children[i].children
            else:
                filtered.append(children[i])
        if append_none:
            filtered += [None] * append_none
        return then(filtered)
    return shape


def _expand_single(then):
    def expand(children):
        return children[0] if len(children) == 1 else then(children)
    return expand


def _pick(index):
    def pick(children):
        return children[index]
    return pick


def _inline(name):
    def inline(children):
        return _Inlined(name, children)
    return inline


def reductions(tables: Tables, builder) -> list:
    """For each rule: (its length, the nonterminal it makes, the function of its children
    that makes the value, or _PASS)."""
    out = []
    for origin, size, name, expand1, to_include, append_none in tables.rules:
        callback = getattr(builder, name, None) or _inline(name)
        simple = to_include is None or (
            len(to_include) == 1 and not to_include[0][1] and not to_include[0][2]
            and not append_none)
        if expand1 and simple:
            index = 0 if to_include is None else to_include[0][0]
            fn = _PASS if size == 1 and index == 0 else _pick(index)
        else:
            fn = _expand_single(callback) if expand1 else callback
            if to_include is not None:
                fn = _child_filter(to_include, append_none, fn)
        out.append((size, origin, fn))
    return out


# --- the driver --------------------------------------------------------------------------------

def _expected(actions: dict) -> set[str]:
    return {name for name in actions if name.isupper()}


def _end_token(last) -> Token:
    """lark's `$END`, at the place the last token ends."""
    if last is None:
        return Token("$END", "", 0, 1, 1, 1, 1, 0)
    return Token("$END", "", last.end_pos, last.end_line, last.end_column,
                 last.end_line, last.end_column, last.end_pos)


def parse(tokens, start: str, tables: Tables, rules: list):
    """Run the LALR(1) automaton over `tokens` from the start symbol `start`; the value of
    the start rule. Raises UnexpectedToken."""
    actions, chains = tables.actions, tables.chains
    states = [tables.start[start]]
    values: list = []
    token = None
    for token in tokens:
        kind = token.type
        act = actions[states[-1]].get(kind)
        while True:
            if act is None:
                raise UnexpectedToken(token, _expected(actions[states[-1]]))
            if act >= 0:
                states.append(act)
                values.append(token)
                break
            size, origin, fn = rules[~act]
            if fn is _PASS:
                # A run of one-child rules (`?test: or_test`, `?or_test: and_test` ...) only
                # replaces the top state, each time by a goto from the same state below, so
                # where the run ends, and the action there, depend on that state, the top
                # and the token alone: followed once, then looked up (a statement's operand
                # passes ~12 of them).
                below = states[-2]
                key = (below, states[-1], kind)
                end = chains.get(key)
                if end is None:
                    top = actions[below][origin]
                    while True:
                        nxt = actions[top].get(kind)
                        if nxt is None or nxt >= 0 or rules[~nxt][2] is not _PASS:
                            break
                        top = actions[below][rules[~nxt][1]]
                    end = chains[key] = (top, nxt)
                states[-1], act = end
                continue
            if size:
                children = values[-size:]
                del values[-size:]
                del states[-size:]
            else:
                children = []
            values.append(fn(children))
            states.append(actions[states[-1]][origin])
            act = actions[states[-1]].get(kind)
    token, end_state = _end_token(token), tables.end[start]
    while True:                 # at the end only reductions may follow, up to the start rule
        act = actions[states[-1]].get("$END")
        if act is None or act >= 0:
            raise UnexpectedToken(token, _expected(actions[states[-1]]))
        size, origin, fn = rules[~act]
        if fn is _PASS:
            states[-1] = actions[states[-2]][origin]
        else:
            if size:
                children = values[-size:]
                del values[-size:]
                del states[-size:]
            else:
                children = []
            values.append(fn(children))
            states.append(actions[states[-1]][origin])
        if states[-1] == end_state:
            return values[-1]
