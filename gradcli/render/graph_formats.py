"""A computation graph as text: `tree`, `json`, `dot` (Graphviz) and `mermaid` (the `table`
format is a Rich table, in `rich_out`).

Each reads a `GraphReport`, whose nodes are numbered n0, n1, ... in discovery order (a
depth-first walk from the output's grad_fn through `next_functions`, as the engine walks
it), so the same formula always gives the same text. Leaves are labelled with the user's
variable names. Every walk is iterative: a graph of a million nodes is fine.
"""
from __future__ import annotations

from .json_out import Items, dumps, tensor_doc
from .model import Edge, GraphNode, GraphReport
from ..errors import printable
from .text import short_text

_BRANCH, _LAST, _PIPE, _SPACE = "├── ", "└── ", "│   ", "    "
MAX_INDENT = 48          # deeper levels are cut from the left, so output stays linear


def node_summary(n: GraphNode, *, values: bool = True) -> str:
    """`x (AccumulateGrad) [n2]  value=...  grad=...` on one line."""
    head = f"{n.label} ({n.name})" if n.variable else n.name
    text = f"{head} [{n.id}]"
    if values and n.value is not None:
        text += f"  value={short_text(n.value)}"
    if values and n.grad is not None:
        text += f"  grad={short_text(n.grad)}"
    return text


def _edge_summary(e: Edge) -> str:
    if e.constant is not None:
        return f"None  (constant {short_text(e.constant)})"
    return "None"


# -- tree -----------------------------------------------------------------------------------

def tree_lines(g: GraphReport, *, values: bool = True, saved: bool = False) -> list[str]:
    """grad_fn -> next_functions as an indented tree; a node met again is not expanded."""
    return list(iter_tree_lines(g, values=values, saved=saved))


def iter_tree_lines(g: GraphReport, *, values: bool = True, saved: bool = False):
    """`tree_lines` one line at a time."""
    if not g.nodes:
        yield (f"{g.output.grad_fn or 'None'}  (the output has no grad_fn: nothing to "
               "differentiate)")
        return
    by_id = {n.id: n for n in g.nodes}
    shown: set[str] = set()
    # Each stack item: (node id or None, edge, prefix for the line, prefix for children).
    stack = [(g.root, None, "", "")]
    while stack:
        node_id, edge, first, rest = stack.pop()
        if len(rest) > 4 * MAX_INDENT:
            cut = len(rest) - 4 * MAX_INDENT
            first, rest = "⋯" + first[cut:], rest[cut:]
        if node_id is None:
            yield first + _edge_summary(edge)
            continue
        n = by_id[node_id]
        if node_id in shown and n.next:
            yield first + f"{n.name} [{n.id}]  (shown above)"
            continue
        shown.add(node_id)
        yield first + node_summary(n, values=values)
        if saved:
            for label, value in n.saved:
                yield rest + ("│ " if n.next else "  ") + f"saved {label} = {short_text(value)}"
        last = len(n.next) - 1
        for i in range(last, -1, -1):
            stack.append((n.next[i].target, n.next[i], rest + (_LAST if i == last else _BRANCH),
                          rest + (_SPACE if i == last else _PIPE)))


def tree_text(g: GraphReport, *, saved: bool = False) -> str:
    return "".join(line + "\n" for line in iter_tree_lines(g, saved=saved))


# -- json -----------------------------------------------------------------------------------

def graph_doc(g: GraphReport, *, saved: bool = False) -> dict:
    """The gradcli.graph/1 document; its node entries are made as they are written."""
    return {"schema": "gradcli.graph/1", "expression": g.expression, "dtype": g.dtype,
            "output": tensor_doc(g.output, grad=False), "backward": g.backward,
            "root": g.root, "nodes": Items(lambda: (_node_doc(n, saved) for n in g.nodes)),
            "inputs": {k: tensor_doc(v) for k, v in g.inputs.items()}}


def _node_doc(n: GraphNode, saved: bool) -> dict:
    entry = {"id": n.id, "name": n.name, "label": n.label, "variable": n.variable,
             "shape": n.shape, "dtype": n.dtype, "value": n.value, "grad": n.grad,
             "requires_grad": n.requires_grad, "is_leaf": n.is_leaf, "rule": n.rule,
             "next_functions": [{"node": e.target, "input_nr": e.input_nr,
                                 "grad": e.grad, "constant": e.constant}
                                for e in n.next]}
    if saved:
        entry["saved"] = [{"label": k, "value": v} for k, v in n.saved]
    return entry


def json_text(g: GraphReport, *, saved: bool = False) -> str:
    return dumps(graph_doc(g, saved=saved)) + "\n"


# -- labels shared by dot and mermaid --------------------------------------------------------

def _label_lines(n: GraphNode, saved: bool) -> list[str]:
    lines = [n.label] + ([n.name] if n.variable else [])
    if n.shape is not None:
        lines.append("shape [" + ", ".join(str(d) for d in n.shape) + "]")
    if n.value is not None:
        lines.append(f"value {short_text(n.value)}")
    if n.grad is not None:
        lines.append(f"grad {short_text(n.grad)}")
    if saved:
        lines += [f"saved {k} {short_text(v)}" for k, v in n.saved]
    return lines


def _edges(g: GraphReport):
    """(source id, target id, edge) in a fixed order: consumers in id order, inputs in order."""
    for n in g.nodes:
        for e in n.next:
            if e.target is not None:
                yield e.target, n.id, e


# -- dot ------------------------------------------------------------------------------------

def _dot_quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def dot_text(g: GraphReport, *, saved: bool = False) -> str:
    """Graphviz source: data flows from the leaves (top) to the output (bottom)."""
    return "".join(line + "\n" for line in dot_lines(g, saved=saved))


def dot_lines(g: GraphReport, *, saved: bool = False):
    """`dot_text` one line at a time."""
    yield "digraph gradcli {"
    yield ("  graph [rankdir=TB, fontname=\"Helvetica\", label=" +
           _dot_quote(printable(g.expression.strip())) + ", labelloc=t];")
    yield ("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f2f2f2\", "
           "fontname=\"Helvetica\", fontsize=11];")
    yield "  edge [fontname=\"Helvetica\", fontsize=9];"
    for n in g.nodes:
        label = "\\l".join(_dot_escape(s) for s in _label_lines(n, saved)) + "\\l"
        fill = "#cfe8fc" if n.variable else ("#d6f5c8" if n.id == g.root else "#f2f2f2")
        yield f"  {n.id} [label=\"{label}\", fillcolor=\"{fill}\"];"
    for src, dst, e in _edges(g):
        attrs = "" if e.grad is None else f" [label={_dot_quote('grad ' + short_text(e.grad))}]"
        yield f"  {src} -> {dst}{attrs};"
    yield "}"


def _dot_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


# -- mermaid --------------------------------------------------------------------------------

def _mermaid_escape(s: str) -> str:
    """Text safe inside a quoted Mermaid label (entity codes for the special characters)."""
    return (s.replace("#", "#35;").replace('"', "#quot;").replace("<", "#lt;")
            .replace(">", "#gt;").replace("\n", " "))


def mermaid_text(g: GraphReport, *, saved: bool = False) -> str:
    """A Mermaid flowchart: leaves at the top, the output at the bottom."""
    return "".join(line + "\n" for line in mermaid_lines(g, saved=saved))


def mermaid_lines(g: GraphReport, *, saved: bool = False):
    """`mermaid_text` one line at a time."""
    yield "flowchart TB"
    for n in g.nodes:
        label = "<br/>".join(_mermaid_escape(s) for s in _label_lines(n, saved))
        shape = ('(["', '"])') if n.variable else ('["', '"]')
        yield f"  {n.id}{shape[0]}{label}{shape[1]}"
    for src, dst, e in _edges(g):
        if e.grad is not None:
            yield f"  {src} -->|\"grad {_mermaid_escape(short_text(e.grad))}\"| {dst}"
        else:
            yield f"  {src} --> {dst}"
    leaves = [n.id for n in g.nodes if n.variable]
    yield "  classDef leaf fill:#cfe8fc,stroke:#4a90d9"
    yield "  classDef output fill:#d6f5c8,stroke:#5a9a3c"
    if leaves:
        yield f"  class {','.join(leaves)} leaf"
    if g.root is not None:
        yield f"  class {g.root} output"


FORMATS = {"tree": tree_text, "json": json_text, "dot": dot_text, "mermaid": mermaid_text}
#: the text formats line by line (a graph of a million nodes is written as it is made)
LINES = {"tree": iter_tree_lines, "dot": dot_lines, "mermaid": mermaid_lines}
