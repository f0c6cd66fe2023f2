"""torch.func's pytrees: the tensors of nested containers taken out in order and put back,
and how PyTorch prints a structure in its messages.

The containers are those torch.utils._pytree knows: tuple, list, dict, OrderedDict,
defaultdict, deque, namedtuples (rebuilt as `cls(*children)`), torch.return_types (`max`,
`sort`, `linalg_qr` ...) and torch.Size (which torch.func rebuilds as a tuple); anything
else, a tuple or dict subclass included, is a leaf. Every walk here uses an explicit stack:
the nesting is the user's, so no recursion.
"""
from __future__ import annotations

from collections import OrderedDict, defaultdict, deque, namedtuple

_BUILTIN = (tuple, list, dict, OrderedDict, defaultdict, deque)
_DICTS = (dict, OrderedDict, defaultdict)


def node_type(x):
    """x's pytree node type as PyTorch's _get_node_type gives it (`namedtuple` for every
    namedtuple class, the class itself for a torch.return_types one and for torch.Size,
    which torch.func registers), None for a leaf."""
    cls = type(x)
    if cls in _BUILTIN:
        return cls
    if issubclass(cls, tuple):
        if cls is _size_class():
            return cls
        fields = getattr(cls, "_fields", None)
        if isinstance(fields, tuple) and all(type(f) is str for f in fields):
            return namedtuple
        if cls.__module__ == "torch.return_types":       # a structseq
            return cls
    return None


def _size_class():
    from .._tensor import Size
    return Size


def is_container(x) -> bool:
    return node_type(x) is not None


def _children(node) -> list:
    return list(node.values()) if isinstance(node, dict) else list(node)


def _context(node):
    """What PyTorch's flatten function keeps besides the children (keys, class, maxlen)."""
    kind = node_type(node)
    if kind in (dict, OrderedDict):
        return list(node)
    if kind is defaultdict:
        return [node.default_factory, list(node)]
    if kind is namedtuple:
        return type(node)
    if kind is deque:
        return node.maxlen
    return None


def _made(node, items: list, plain_sizes: bool = False):
    """A container like `node` holding `items` (PyTorch's unflatten functions; a
    torch.Size stays one unless `plain_sizes`)."""
    kind = node_type(node)
    if kind in (tuple, list):
        return kind(items)
    if kind is _size_class():
        return tuple(items) if plain_sizes else kind(items)
    if kind in (dict, OrderedDict):
        return kind(zip(node, items))
    if kind is defaultdict:
        return defaultdict(node.default_factory, zip(node, items))
    if kind is deque:
        return deque(items, maxlen=node.maxlen)
    if kind is namedtuple:
        return type(node)(*items)
    made = tuple.__new__(type(node), items)          # a torch.return_types value
    made.__dict__.update(node.__dict__)
    return made


def leaves(tree) -> list:
    """The leaves of a structure, depth first in order."""
    out, stack = [], [tree]
    while stack:
        node = stack.pop()
        if is_container(node):
            stack.extend(reversed(_children(node)))
        else:
            out.append(node)
    return out


def rebuilt(tree, values, plain_sizes: bool = False):
    """`tree` with its leaves replaced, in `leaves` order, by the items of the iterator
    `values` (containers are rebuilt children first). plain_sizes: a torch.Size comes back
    as a tuple, as torch.func's tree_unflatten gives it (torch.compile keeps it a Size)."""
    root = [None]
    stack = [(tree, root, 0)]
    containers = []
    while stack:
        node, parent, index = stack.pop()
        if is_container(node):
            children = _children(node)
            slots = [None] * len(children)
            parent[index] = slots
            containers.append((node, parent, index, slots))
            stack.extend((children[j], slots, j) for j in reversed(range(len(children))))
        else:
            parent[index] = next(values)
    for node, parent, index, slots in reversed(containers):
        parent[index] = _made(node, slots, plain_sizes)
    return root[0]


def mapped(fn, tree):
    """`tree` with fn applied to each leaf."""
    return rebuilt(tree, iter([fn(x) for x in leaves(tree)]))


class _Shown:
    """A piece of a structure's printout, standing in for that piece."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self):
        return self.text


def pprint(tree) -> str:
    """A structure as PyTorch's treespec_pprint shows it: the repr of the structure with `*`
    for each leaf (`(*, *)`, `[*]`, `{'a': *}`, `P(a=*, b=*)`). Each container is shown from
    its children's printouts, innermost first."""
    stars = rebuilt(tree, iter(lambda: _Shown("*"), None))
    if not is_container(stars):
        return "*"
    root = [None]
    stack, containers = [(stars, root, 0)], []
    while stack:
        node, parent, index = stack.pop()
        if is_container(node):
            children = _children(node)
            slots = [None] * len(children)
            containers.append((node, parent, index, slots))
            stack.extend((children[j], slots, j) for j in range(len(children)))
        else:
            parent[index] = node
    for node, parent, index, slots in reversed(containers):
        parent[index] = _Shown(repr(_made(node, slots)))
    return root[0].text


def treespec(tree) -> str:
    """A structure as PyTorch's TreeSpec repr shows it: `TreeSpec(tuple, None, [*,\\n  *])`
    (the node type's name, then its context: a dict's keys, a namedtuple's class)."""
    out, stack = [], [(tree, 0)]
    while stack:
        node, indent = stack.pop()
        if isinstance(node, str) and node.startswith("\0"):
            out.append(node[1:])
            continue
        if not is_container(node):
            out.append("*")
            continue
        children = _children(node)
        parts = [f"\0TreeSpec({node_type(node).__name__}, {_context(node)}, ["]
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
    _broadcast_to_and_flatten: the node types must match, except that dict, OrderedDict
    and defaultdict match each other by their keys, which are then taken in `dims`'
    order)."""
    out, stack = [], [(dims, tree)]
    while stack:
        d, node = stack.pop()
        if not is_container(d):
            out.extend([d] * len(leaves(node)))
            continue
        children = _matched(d, node)
        if children is None:
            return None
        stack.extend(reversed(list(zip(_children(d), children))))
    return out


def _matched(prefix, node):
    """node's children paired with the container `prefix`'s (PyTorch's flatten_up_to), or
    None when node does not have prefix's structure."""
    kind, got = node_type(prefix), node_type(node)
    if kind in _DICTS and got in _DICTS:
        if len(node) != len(prefix) or set(node) != set(prefix):
            return None
        return [node[k] for k in prefix]
    if got is not kind or len(node) != len(prefix):
        return None
    if kind is not deque and _context(node) != _context(prefix):
        return None
    return _children(node)
