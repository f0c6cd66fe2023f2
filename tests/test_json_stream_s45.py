"""`graph --json` writes its node entries as it makes them (json_out.Items): the document is
the one a list of the same entries gives, and a batch of entries is written before the next
one is made, so a graph's JSON never holds all its entries at once."""
from __future__ import annotations

import json

import numpy as np
from click.testing import CliRunner

from gradcli.cli import main
from gradcli.render import json_out
from gradcli.render.json_out import Items, dumps


def entries(n):
    return [{"id": i, "value": np.float32(i / 3), "grad": np.arange(i % 3, dtype=np.float64),
             "next": [{"node": i - 1, "constant": None}] if i else []} for i in range(n)]


def test_items_write_what_a_list_writes(monkeypatch):
    monkeypatch.setattr(json_out, "ITEMS_BATCH", 3)
    for n in (0, 1, 2, 3, 4, 7, 9):
        listed = {"a": np.ones(2), "nodes": entries(n), "z": [np.float64(0.1)]}
        streamed = {"a": np.ones(2), "nodes": Items(lambda n=n: iter(entries(n))),
                    "z": [np.float64(0.1)]}
        assert dumps(streamed) == dumps(listed)
        assert json.loads(dumps(streamed))["nodes"] == json.loads(dumps(listed))["nodes"]


def test_items_are_made_a_batch_at_a_time(monkeypatch):
    monkeypatch.setattr(json_out, "ITEMS_BATCH", 4)
    made = []

    def make():
        for e in entries(20):
            made.append(e["id"])
            yield e
    seen = []
    for piece in json_out.pieces({"nodes": Items(make)}):
        seen.append((piece, len(made)))
    written = [count for piece, count in seen if '"id"' in piece]
    assert written[0] == 4 and len(written) == 5      # each batch written before the next


def test_graph_json_is_the_same_document_streamed(monkeypatch):
    expr = "+".join(f"sin(x*{i})" for i in range(30))
    args = ["graph", expr, "--x", "0.5", "--json", "--saved"]
    whole = CliRunner().invoke(main, args)
    monkeypatch.setattr(json_out, "ITEMS_BATCH", 7)
    streamed = CliRunner().invoke(main, args)
    assert whole.exit_code == streamed.exit_code == 0
    assert streamed.output == whole.output
    doc = json.loads(streamed.output)
    assert len(doc["nodes"]) > 60 and doc["nodes"][0]["id"] == doc["root"]
