"""The formula tokenizer as a lark lexer, for parsing with lark itself (the tests and
tablegen.py do; gradcli runs `lalr.tokenize` directly).

It tokenizes as lark's basic lexer does with the same terminals, in the same order
(priority, then longest pattern), keywords retyped from NAME by a dict, in one tight loop.
The grammar has no terminal collisions (the tests build it with `strict=True` and lark's own
basic and contextual lexers, and check that both tokenizers agree), so no parser state is
needed to choose a terminal.
"""
from __future__ import annotations

import re
from types import SimpleNamespace

from lark.lexer import Lexer

from . import lalr


class FastLexer(Lexer):
    """Lark custom lexer (interface 2: `lex(lexer_state, parser_state)`)."""

    __future_interface__ = 2

    def __init__(self, conf):
        from .tablegen import lexer_spec
        spec = lexer_spec(conf.terminals)
        self.spec = SimpleNamespace(regex=re.compile(spec["TOKEN_PATTERN"]),
                                    keywords=spec["KEYWORDS"],
                                    multiline=frozenset(spec["MULTILINE"]),
                                    ignore=frozenset(conf.ignore))

    def lex(self, lexer_state, parser_state):
        text = lexer_state.text
        return lalr.tokenize(getattr(text, "text", text), self.spec)
