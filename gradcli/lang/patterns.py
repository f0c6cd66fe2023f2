"""`match` statements: whether a subject matches a case's pattern, and what the case binds.

A pattern is the tree of lists the parser builds (parser.py, `case_block`):

    ["wild"]  ["capture", name]  ["lit", value]  ["value", i]  ["as", pattern, name]
    ["or", [patterns]]  ["seq", [patterns], star index | None, star name | None]
    ["map", [(key, pattern)], rest name | None]  ["class", i, [patterns], [(name, pattern)]]

where `i` indexes the values evaluated before the match (value patterns, class names), and a
mapping key is a ["lit", ...] or ["value", i]. Matching walks the tree with explicit stacks,
left to right as CPython's compiled patterns do; an alternation's first matching
alternative wins, its captures kept and the failed ones' dropped.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from .builtins import BuiltinType

#: Builtin types whose one positional sub-pattern matches the subject itself (`case int(n)`).
_MATCH_SELF = (bool, bytearray, bytes, dict, float, frozenset, int, list, set, str, tuple)
_MISSING = object()


def irrefutable(pattern: list) -> str | None:
    """Python's words for a pattern that always matches ("name capture 'x'", "wildcard"),
    or None."""
    while pattern[0] in ("as", "or"):
        pattern = pattern[1] if pattern[0] == "as" else pattern[1][-1]
    if pattern[0] == "capture":
        return f"name capture {pattern[1]!r}"
    return "wildcard" if pattern[0] == "wild" else None


def match(subject, pattern: list, values: list, names: tuple, get_attr):
    """The values of `names` the match binds, or None when the subject does not match.
    `get_attr(obj, name)` reads a class pattern's attributes (the formula's guards)."""
    captured: dict = {}
    goals = [(pattern, subject)]
    choices: list = []          # open alternations: (the rest, subject, goals after, captures)
    while True:
        ok = True
        while ok and goals:
            node, value = goals.pop()
            if node[0] == "or":
                alternatives = iter(node[1])
                choices.append((alternatives, value, goals, dict(captured)))
                goals = [(next(alternatives), value)]
            else:
                ok = _step(node, value, goals, captured, values, get_attr)
        while True:             # an alternative done: resume after its alternation, or next
            if not choices:
                return tuple(captured[name] for name in names) if ok else None
            alternatives, value, after, before = choices[-1]
            if ok:
                choices.pop()
                goals = after
                break
            following = next(alternatives, None)
            if following is None:
                choices.pop()           # no alternative matched: the alternation fails
                continue
            captured.clear()
            captured.update(before)
            goals = [(following, value)]
            break


def _step(node: list, value, goals: list, captured: dict, values: list, get_attr) -> bool:
    """Match one pattern node against `value`, its sub-patterns pushed onto `goals`."""
    kind = node[0]
    if kind == "capture":
        captured[node[1]] = value
        return True
    if kind == "wild":
        return True
    if kind == "lit":
        literal = node[1]
        if literal is None or literal is True or literal is False:
            return value is literal
        return bool(value == literal)
    if kind == "value":
        return bool(value == values[node[1]])
    if kind == "as":
        captured[node[2]] = value
        goals.append((node[1], value))
        return True
    if kind == "seq":
        return _sequence(node, value, goals, captured)
    if kind == "map":
        return _mapping(node, value, goals, captured, values)
    return _class(node, value, goals, values, get_attr)


def _sequence(node: list, value, goals: list, captured: dict) -> bool:
    _, items, star, star_name = node
    if isinstance(value, (str, bytes, bytearray)) or not isinstance(value, Sequence):
        return False
    size = len(value)
    if star is None:
        if size != len(items):
            return False
        goals.extend(reversed([(item, value[i]) for i, item in enumerate(items)]))
        return True
    if size < len(items):
        return False
    after = len(items) - star
    pairs = [(item, value[i]) for i, item in enumerate(items[:star])]
    pairs += [(item, value[size - after + j]) for j, item in enumerate(items[star:])]
    if star_name is not None:
        captured[star_name] = [value[i] for i in range(star, size - after)]
    goals.extend(reversed(pairs))
    return True


def _mapping(node: list, value, goals: list, captured: dict, values: list) -> bool:
    _, items, rest = node
    if not isinstance(value, Mapping) or len(value) < len(items):
        return False
    keys: list = []
    pairs = []
    for key, pattern in items:
        key = key[1] if key[0] == "lit" else values[key[1]]
        if key in keys:
            raise ValueError(f"mapping pattern checks duplicate key ({key!r})")
        keys.append(key)
        item = value.get(key, _MISSING)
        if item is _MISSING:
            return False
        pairs.append((pattern, item))
    if rest is not None:
        remaining = dict(value)
        for key in keys:
            del remaining[key]
        captured[rest] = remaining
    goals.extend(reversed(pairs))
    return True


def _class(node: list, value, goals: list, values: list, get_attr) -> bool:
    _, index, positional, keywords = node
    cls = values[index]
    if isinstance(cls, BuiltinType):        # `str()`: the formula's `str` is str's wrapper
        cls = cls.type
    if not isinstance(cls, type):
        raise TypeError("called match pattern must be a type")
    if not isinstance(value, cls):
        return False
    names = _positional_names(cls, len(positional)) if positional else []
    pairs = []
    if names is None:               # `int(x)`: the subject itself
        pairs.append((positional[0], value))
        names = []
    seen: list = []
    for name, pattern in list(zip(names, positional)) + list(keywords):
        if name in seen:
            raise TypeError(f"{cls.__name__}() got multiple sub-patterns for attribute "
                            f"{name!r}")
        seen.append(name)
        try:
            pairs.append((pattern, get_attr(value, name)))
        except AttributeError:
            return False
    goals.extend(reversed(pairs))
    return True


def _positional_names(cls: type, count: int) -> list | None:
    """The attributes `count` positional sub-patterns of `cls(...)` match (its
    `__match_args__`), or None for a builtin matched as itself."""
    match_args = getattr(cls, "__match_args__", _MISSING)
    if match_args is _MISSING:
        allowed = 1 if issubclass(cls, _MATCH_SELF) else 0
        if allowed and count == 1:
            return None
        raise TypeError(f"{cls.__name__}() accepts {allowed} positional sub-pattern"
                        f"{'' if allowed == 1 else 's'} ({count} given)")
    if not isinstance(match_args, tuple):
        raise TypeError(f"{cls.__name__}.__match_args__ must be a tuple (got "
                        f"{type(match_args).__name__})")
    if count > len(match_args):
        raise TypeError(f"{cls.__name__}() accepts {len(match_args)} positional sub-pattern"
                        f"{'' if len(match_args) == 1 else 's'} ({count} given)")
    for name in match_args[:count]:
        if not isinstance(name, str):
            raise TypeError(f"__match_args__ elements must be strings (got "
                            f"{type(name).__name__})")
    return list(match_args[:count])
