"""`gradcli graph` in every format: the tree is grad_fn.next_functions, DOT is accepted by
Graphviz, Mermaid is valid flowchart syntax, ids are deterministic, walks never recurse."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import numpy as np
import pytest
from click.testing import CliRunner

import gradcli
from gradcli import lang
from gradcli.cli import main
from gradcli.values import parse_value

EXPRESSIONS = [
    ("2*dot(x,x)", {"x": "0,1,2,3"}),
    ("sum(sin(x)*y) + mean(x)", {"x": "1,2", "y": "3,4"}),
    ("sum((x*y)*(x*y) + exp(x))", {"x": "0.5,1", "y": "2,3"}),   # a shared subexpression
    ("mean(sigmoid(w*x + b))", {"w": "0.5", "x": "1,2,3", "b": "0.1"}),
    ("sum(W @ x)", {"W": "1,2;3,4", "x": "1,1"}),
]


def run(*args):
    return CliRunner().invoke(main, list(args))


def graph(expr, values, *extra):
    args = ["graph", expr, *extra]
    for k, v in values.items():
        args += [f"--{k}", v]
    r = run(*args)
    assert r.exit_code == 0, r.stderr
    return r.stdout


def expected_tree(expr, values):
    """(depth, name) lines of grad_fn.next_functions, read from the engine directly; a node
    met again is listed but not expanded (as the tree command does)."""
    variables = {k: gradcli.tensor(parse_value(k, v, dtype=np.float32), requires_grad=True)
                 for k, v in values.items()}
    out = lang.eval_expression(expr, variables)
    lines, seen = [], set()
    stack = [(out.grad_fn, 0)]
    while stack:
        node, depth = stack.pop()
        if node is None:
            lines.append((depth, "None"))
            continue
        lines.append((depth, type(node).__name__))
        if node in seen:
            continue
        seen.add(node)
        for nxt, _ in reversed(node.next_functions):
            stack.append((nxt, depth + 1))
    return lines


def parsed_tree(text):
    """(depth, name) of each line of the tree: every 4-character prefix is one level."""
    lines = []
    for line in text.splitlines():
        prefix, body = re.match(r"^((?:│   |    |├── |└── )*)(.*)$", line).groups()
        if body.startswith("None"):
            name = "None"
        elif "(AccumulateGrad)" in body:
            name = "AccumulateGrad"
        else:
            name = body.split()[0]
        lines.append((len(prefix) // 4, name))
    return lines


@pytest.mark.parametrize("expr, values", EXPRESSIONS)
def test_tree_is_next_functions(expr, values):
    assert parsed_tree(graph(expr, values)) == expected_tree(expr, values)


def test_tree_labels_leaves_with_variable_names_values_and_grads():
    text = graph("2*dot(x,x)", {"x": "0,1,2,3"})
    assert text.splitlines() == [
        "MulBackward0 [n0]  value=28.  grad=1.",
        "├── DotBackward0 [n1]  value=14.  grad=2.",
        "│   ├── x (AccumulateGrad) [n2]  value=[0., 1., 2., 3.]  grad=[ 0.,  4.,  8., 12.]",
        "│   └── x (AccumulateGrad) [n2]  value=[0., 1., 2., 3.]  grad=[ 0.,  4.,  8., 12.]",
        "└── None  (constant 2.)",
    ]


@pytest.mark.parametrize("fmt", ["tree", "table", "json", "dot", "mermaid"])
def test_output_is_deterministic(fmt):
    expr, values = EXPRESSIONS[2]
    assert graph(expr, values, "--format", fmt) == graph(expr, values, "--format", fmt)


def test_json_nodes_and_edges():
    doc = json.loads(graph("sum(sin(x)*y)", {"x": "1,2", "y": "3,4"}, "--json"))
    assert doc["schema"] == "gradcli.graph/1" and doc["root"] == "n0" and doc["backward"]
    nodes = {n["id"]: n for n in doc["nodes"]}
    assert [n["id"] for n in doc["nodes"]] == [f"n{i}" for i in range(len(nodes))]
    assert [n["name"] for n in doc["nodes"]] == ["SumBackward0", "MulBackward0",
                                                 "SinBackward0", "AccumulateGrad",
                                                 "AccumulateGrad"]
    leaves = {n["variable"]: n for n in doc["nodes"] if n["is_leaf"]}
    assert set(leaves) == {"x", "y"} and leaves["y"]["grad"] == doc["inputs"]["y"]["grad"]
    for n in doc["nodes"]:
        for e in n["next_functions"]:
            assert e["node"] is None or e["node"] in nodes
    mul = nodes["n1"]
    assert mul["shape"] == [2] and mul["rule"] and mul["grad"] == [1.0, 1.0]


def test_saved_tensors_on_request():
    doc = json.loads(graph("x*y", {"x": "2", "y": "3"}, "--json", "--saved"))
    mul = doc["nodes"][0]
    assert [s["label"] for s in mul["saved"]] == ["[0] x", "[1] y"]
    assert "saved" not in json.loads(graph("x*y", {"x": "2", "y": "3"}, "--json"))["nodes"][0]
    assert "saved [0] x = 2." in graph("x*y", {"x": "2", "y": "3"}, "--saved")


def test_table_format():
    text = graph("2*dot(x,x)", {"x": "0,1,2,3"}, "--format", "table")
    for col in ("id", "node", "shape", "value", "requires_grad", "is_leaf", "grad_fn", "grad",
                "next_functions"):
        assert col in text
    assert "n2:0, n2:0" in text


def test_nonscalar_graph():
    r = run("graph", "x*x", "--x", "1,2")
    assert r.exit_code == 1 and "--no-backward" in r.stderr
    text = graph("x*x", {"x": "1,2"}, "--no-backward")
    assert "grad=" not in text and "MulBackward0" in text
    assert "grad=[2., 4.]" in graph("x*x", {"x": "1,2"}, "--gradient", "1,1")


def test_output_without_grad_fn():
    text = graph("x.detach()", {"x": "1"})
    assert "no grad_fn" in text


# -- DOT -------------------------------------------------------------------------------------------

def dot_statements_are_well_formed(text):
    lines = text.strip().splitlines()
    assert lines[0] == "digraph gradcli {" and lines[-1] == "}"
    for line in lines[1:-1]:
        assert line.endswith(";"), line
        assert line.count('"') % 2 == 0 or '\\"' in line, line


@pytest.mark.parametrize("expr, values", EXPRESSIONS)
def test_dot_structure(expr, values):
    text = graph(expr, values, "--format", "dot", "--saved")
    dot_statements_are_well_formed(text)
    ids = set(re.findall(r"^  (n\d+) \[label=", text, re.M))
    for a, b in re.findall(r"^  (n\d+) -> (n\d+)", text, re.M):
        assert a in ids and b in ids


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")
@pytest.mark.parametrize("expr, values", EXPRESSIONS)
def test_graphviz_accepts_dot(expr, values):
    text = graph(expr, values, "--format", "dot", "--saved")
    proc = subprocess.run(["dot", "-Tsvg"], input=text, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "<svg" in proc.stdout


def test_dot_escapes_quotes_and_backslashes():
    text = graph('x * 1  # a "quoted" \\ comment', {"x": "2"}, "--format", "dot")
    dot_statements_are_well_formed(text)
    assert '\\"quoted\\"' in text and "\\\\" in text


# -- Mermaid ---------------------------------------------------------------------------------------

_NODE = re.compile(r'^  (n\d+)(\["[^"]*"\]|\(\["[^"]*"\]\))$')
_EDGE = re.compile(r'^  (n\d+) -->(?:\|"[^"]*"\|)? (n\d+)$')
_CLASSDEF = re.compile(r"^  classDef [A-Za-z]+ [a-z-]+:[#\w]+(,[a-z-]+:[#\w]+)*$")
_CLASS = re.compile(r"^  class (n\d+(?:,n\d+)*) [A-Za-z]+$")


def assert_valid_mermaid(text):
    """Our subset of Mermaid's flowchart grammar: header, node, edge, classDef, class."""
    lines = text.rstrip("\n").split("\n")
    assert re.fullmatch(r"flowchart (TB|TD|BT|LR|RL)", lines[0])
    nodes, edges = set(), []
    for line in lines[1:]:
        if m := _NODE.match(line):
            nodes.add(m.group(1))
            assert "<" not in m.group(2).replace("<br/>", "")
        elif m := _EDGE.match(line):
            edges.append(m.groups())
        elif m := _CLASS.match(line):
            assert set(m.group(1).split(",")) <= nodes
        else:
            assert _CLASSDEF.match(line), line
    for a, b in edges:
        assert a in nodes and b in nodes
    return nodes, edges


@pytest.mark.parametrize("expr, values", EXPRESSIONS)
def test_mermaid_is_valid_flowchart(expr, values):
    nodes, edges = assert_valid_mermaid(graph(expr, values, "--format", "mermaid", "--saved"))
    doc = json.loads(graph(expr, values, "--json"))
    assert nodes == {n["id"] for n in doc["nodes"]}
    assert len(edges) == sum(e["node"] is not None for n in doc["nodes"]
                             for e in n["next_functions"])


def test_mermaid_escapes_special_characters():
    text = graph('x * 1  # "q" <b> #1', {"x": "2"}, "--format", "mermaid")
    assert_valid_mermaid(text)


# -- size ------------------------------------------------------------------------------------------

def test_a_long_chain_does_not_recurse_and_stays_linear():
    n = 3000                                       # deeper than Python's recursion limit
    expr = "x" + "+x" * n
    for fmt in ("tree", "json", "dot", "mermaid"):
        text = graph(expr, {"x": "1"}, "--format", fmt)
        assert "AddBackward0" in text
    tree = graph(expr, {"x": "1"})
    assert max(len(line) for line in tree.splitlines()) < 400


@pytest.mark.parametrize("terms, saved, folds", [(40, False, False), (40, True, True),
                                                (12, False, False)])
def test_a_big_table_gets_its_widths_recorded_and_prints_the_same(monkeypatch, terms, saved,
                                                                  folds):
    """From BIG_TABLE rows the table hands Rich the column widths it recorded instead of
    letting Rich measure every cell; the text must be what Rich's own measuring gives, also
    when the table is too wide for the output and Rich folds it (long saved values)."""
    from gradcli.cli import common
    from gradcli.render import rich_out
    unfixed = []
    unfix = rich_out._Table.unfix_widths
    monkeypatch.setattr(rich_out._Table, "unfix_widths",
                        lambda self: unfixed.append(1) or unfix(self))
    expr = "+".join(f"sum(sin(x)*x*{k}.5)" for k in range(terms))
    args = ["graph", expr, "--x", ",".join(["1.25"] * (30 if saved else 2)),
            "--format", "table"] + (["--saved"] if saved else [])
    outputs = []
    for big in (10**9, 10):
        monkeypatch.setattr(common, "BIG_TABLE", big)
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    assert outputs[0] == outputs[1]
    assert outputs[0].count(" SinBackward0 ") >= terms
    assert bool(unfixed) == folds


def test_the_ops_table_prints_the_same_with_recorded_widths(monkeypatch):
    from gradcli.cli import common
    outputs = []
    for big in (10**9, 10):
        monkeypatch.setattr(common, "BIG_TABLE", big)
        outputs.append(CliRunner().invoke(main, ["ops"]).output)
    assert outputs[0] == outputs[1] and outputs[0].count("\n") > 200
