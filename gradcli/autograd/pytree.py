"""torch.func's pytrees: the tensors of nested dicts, lists and tuples taken out in order and
put back, and how PyTorch prints a structure in its messages.

Every walk here uses an explicit stack: the nesting is the user's, so no recursion.
"""
from __future__ import annotations


def is_container(x) -> bool:
    return isinstance(x, (dict, list, tuple))


def leaves(tree) -> list:
    """The leaves of a dict/list/tuple structure (anything else is a leaf), depth first in
    order."""
    out, stack = [], [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, (list, tuple)):
            stack.extend(reversed(node))
        else:
            out.append(node)
    return out


def rebuilt(tree, values):
    """`tree` with its leaves replaced, in `leaves` order, by the items of the iterator
    `values` (containers are rebuilt children first)."""
    root = [None]
    stack = [(tree, root, 0)]
    containers = []
    while stack:
        node, parent, index = stack.pop()
        if is_container(node):
            children = list(node.values()) if isinstance(node, dict) else list(node)
            slots = [None] * len(children)
            parent[index] = slots
            containers.append((node, parent, index, slots))
            stack.extend((children[j], slots, j) for j in reversed(range(len(children))))
        else:
            parent[index] = next(values)
    for node, parent, index, slots in reversed(containers):
        parent[index] = dict(zip(node, slots)) if isinstance(node, dict) else type(node)(slots)
    return root[0]


def mapped(fn, tree):
    """`tree` with fn applied to each leaf."""
    return rebuilt(tree, iter([fn(x) for x in leaves(tree)]))


def pprint(tree) -> str:
    """A structure as PyTorch's treespec_pprint shows it: `*` for a leaf, `(*, *)`, `[*]`,
    `{'a': *}` for containers."""
    out = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, str) and node.startswith("\0"):
            out.append(node[1:])                  # a piece of container syntax
        elif is_container(node):
            opening, closing = {list: "[]", dict: "{}"}.get(type(node), "()")
            items = list(node.items()) if isinstance(node, dict) else list(node)
            parts = ["\0" + opening]
            for k, item in enumerate(items):
                if k:
                    parts.append("\0, ")
                if isinstance(node, dict):
                    parts.append(f"\0{item[0]!r}: ")
                    item = item[1]
                parts.append(item)
            parts.append("\0" + ("," if isinstance(node, tuple) and len(items) == 1 else "")
                         + closing)
            stack.extend(reversed(parts))
        else:
            out.append("*")
    return "".join(out)


def treespec(tree) -> str:
    """A structure as PyTorch's TreeSpec repr shows it: `TreeSpec(tuple, None, [*,\\n  *])`."""
    out, stack = [], [(tree, 0)]
    while stack:
        node, indent = stack.pop()
        if isinstance(node, str) and node.startswith("\0"):
            out.append(node[1:])
            continue
        if not is_container(node):
            out.append("*")
            continue
        context = repr(list(node)) if isinstance(node, dict) else "None"
        children = list(node.values()) if isinstance(node, dict) else list(node)
        parts = [f"\0TreeSpec({type(node).__name__}, {context}, ["]
        for j, child in enumerate(children):
            if j:
                parts.append("\0,\n" + " " * (indent + 2))
            parts.append((child, indent + 2))
        parts.append("\0])")
        stack.extend((p, indent) if isinstance(p, str) else p for p in reversed(parts))
    return "".join(out)


def broadcast(dims, tree):
    """The entry of `dims` for each leaf of `tree` (in `leaves` order), a leaf of `dims`
    serving its whole subtree; None when the two structures do not fit (PyTorch's
    _broadcast_to_and_flatten)."""
    out, stack = [], [(dims, tree)]
    while stack:
        d, node = stack.pop()
        if not is_container(d):
            out.extend([d] * len(leaves(node)))
            continue
        if type(d) is not type(node) or len(d) != len(node) or \
                (isinstance(d, dict) and list(d) != list(node)):
            return None
        pairs = zip(d.values(), node.values()) if isinstance(d, dict) else zip(d, node)
        stack.extend(reversed(list(pairs)))
    return out
