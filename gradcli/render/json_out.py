"""The JSON documents of gradcli's commands, written exactly.

One document per run, on one line, always valid JSON, with a `"schema"` field
(`gradcli.grad/1`, `gradcli.eval/1`, ...). Numbers keep full precision: a float32 is written
as the shortest decimal that reads back to the same float32 (`0.3`), a float64 as Python's
shortest repr; NaN and infinities are the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
Arrays are formatted by NumPy in bulk, so large tensors cost little. No Rich here.
"""
from __future__ import annotations

import json
import math
import os

import numpy as np

from .jsontext import escape_surrogates
from .model import (CheckReport, EvalReport, ExplainReport, GradReport, MatrixReport,
                    RunReport, TensorView)

_NONFINITE = {"nan": '"NaN"', "inf": '"Infinity"', "-inf": '"-Infinity"'}


def array_text(arr) -> str:
    """A NumPy array (or scalar) as JSON: nested lists of exact numbers."""
    return "".join(array_pieces(arr))


#: elements formatted at a time: a large array is written piece by piece, so its text
#: never sits in memory whole (NumPy's strings and Python's cost ~200 bytes an element)
CHUNK = 1 << 15


def array_pieces(arr, chunk: int = CHUNK):
    """`array_text(arr)` in pieces of about `chunk` elements each."""
    arr = np.asarray(arr)
    if arr.dtype.kind == "c":
        arr = np.stack([arr.real, arr.imag], axis=-1)
    if arr.size == 0:
        yield json.dumps(np.empty(arr.shape, dtype=object).tolist())
    elif arr.size <= chunk or arr.ndim == 0:
        yield _small_text(arr)
    elif arr.ndim == 1:
        yield "["
        for start in range(0, arr.size, chunk):
            yield (", " if start else "") + ", ".join(_cells(arr[start:start + chunk]).tolist())
        yield "]"
    else:
        per = chunk // (arr.size // arr.shape[0])       # rows that fit in one piece
        yield "["
        if per >= 1:
            for start in range(0, arr.shape[0], per):
                yield (", " if start else "") + _small_text(arr[start:start + per])[1:-1]
        else:
            for i in range(arr.shape[0]):
                if i:
                    yield ", "
                yield from array_pieces(arr[i], chunk)
        yield "]"


def _small_text(arr: np.ndarray) -> str:
    cells = _cells(arr)
    if arr.ndim == 0:
        return cells.reshape(-1)[0]
    return _nested(cells.reshape(-1).tolist(), arr.shape)


def _cells(arr: np.ndarray) -> np.ndarray:
    kind = arr.dtype.kind
    if kind == "b":
        return np.where(arr, "true", "false")
    if kind in "iu":
        return arr.astype(str)
    if kind != "f":
        raise TypeError(f"cannot write an array of {arr.dtype} as JSON")
    cells = arr.astype(str)
    bad = ~np.isfinite(arr)
    if bad.any():
        cells = cells.astype(object)
        cells[bad] = [_NONFINITE[c] for c in cells[bad].tolist()]
    return cells


def number(x) -> object:
    """A Python number ready for json.dumps (non-finite floats become strings)."""
    if isinstance(x, float) and not math.isfinite(x):
        return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
    return x


def dumps(doc: dict) -> str:
    """`doc` as one line of JSON; ndarrays and NumPy scalars inside it are written exactly."""
    return "".join(pieces(doc))


class Items:
    """A JSON array whose elements are made as they are written: `pieces` writes them a batch
    at a time, so a graph's 1,000,000 node entries never sit in memory together (the
    entries are documents of their own: dicts, lists, numbers, arrays)."""
    __slots__ = ("make",)
    size = 0                     # (no elements of its own for `_windows` to count)

    def __init__(self, make):
        self.make = make         # a function returning an iterator over the elements


#: elements of an `Items` formatted, and held, at a time
ITEMS_BATCH = 1024


def _items_pieces(items: Items):
    yield "["
    batch: list = []
    first = True
    for item in items.make():
        batch.append(item)
        if len(batch) == ITEMS_BATCH:
            yield from _batch_pieces(batch, first)
            batch, first = [], False
    if batch:
        yield from _batch_pieces(batch, first)
    yield "]"


def _batch_pieces(batch: list, first: bool):
    """A batch of an Items' elements as the inside of a JSON array ("[" and "]" left off)."""
    text = "".join(pieces(batch))
    yield text[1:-1] if first else ", " + text[1:-1]


#: elements of small arrays formatted in one NumPy call (a graph has 100,000s of them)
WINDOW = 1 << 16
#: characters gathered before a piece is given out
PIECE = 1 << 16


def pieces(doc):
    """`dumps(doc)` in pieces, each array a few at a time (see `array_pieces`), so that
    writing a large document takes little more memory than its arrays.

    json.dumps writes the document with a marker where each array goes; the arrays are
    then written in their order, the small ones a window at a time: all the elements of a
    window's arrays of one dtype formatted by one `_cells` call (element by element, so
    the text is what each array alone gives)."""
    nonce = os.urandom(8).hex()
    raw: list = []
    text = escape_surrogates(json.dumps(_prepare(doc, raw, f"\0{nonce}:"),
                                        ensure_ascii=False, allow_nan=False))
    if not raw:
        yield text
        return
    marker = json.dumps(f"\0{nonce}:")[:-1]        # the escaped form of the marker's start
    close = "\\u0000\""
    out: list = []
    size = pos = 0
    for start, texts in _windows(raw):
        for k, small in enumerate(texts):       # the markers come in `raw`'s order
            at = text.find(marker, pos)
            end = text.find(close, at)
            out.append(text[pos:at])
            size += at - pos
            pos = end + len(close)
            if small is None:                    # a large array: piece by piece
                yield "".join(out)
                out.clear()
                size = 0
                item = raw[start + k]
                yield from (_items_pieces(item) if item.__class__ is Items else
                            array_pieces(item))
            else:
                out.append(small)
                size += len(small)
            if size > PIECE:
                yield "".join(out)
                out.clear()
                size = 0
    out.append(text[pos:])
    yield "".join(out)


def _prepare(obj, raw: list, marker: str):
    """The document as json.dumps takes it: each array replaced by a marker (its index in
    `raw`), non-finite floats by their strings, keys as strings. Its depth is the
    document's own (a few levels), never the user's."""
    kind = type(obj)
    if kind is dict:
        return {k if type(k) is str else str(k):
                v if type(v) in _AS_IS else
                (raw.append(v) or f"{marker}{len(raw) - 1}\0") if type(v) is np.ndarray else
                _prepare(v, raw, marker)
                for k, v in obj.items()}
    if kind is list or kind is tuple:
        return [v if type(v) in _AS_IS else _prepare(v, raw, marker) for v in obj]
    if isinstance(obj, dict):
        return {str(k): _prepare(v, raw, marker) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_prepare(v, raw, marker) for v in obj]
    if isinstance(obj, (np.ndarray, np.generic, Items)):
        raw.append(obj)
        return f"{marker}{len(raw) - 1}\0"
    if isinstance(obj, float):
        return number(obj)
    return obj


_AS_IS = frozenset({str, int, bool, type(None)})


def _windows(raw: list):
    """(start, texts) for consecutive runs of `raw`: the text of each small array (None for
    one written piece by piece), about WINDOW elements a run."""
    start = 0
    while start < len(raw):
        end, count = start, 0
        while end < len(raw) and (end == start or count < WINDOW):
            count += raw[end].size
            end += 1
        yield start, _small_texts(raw[start:end])
        start = end


def _small_texts(arrays: list) -> list:
    """The JSON text of each array that `_small_text` would write whole (None for the
    others), the arrays of one dtype formatted together."""
    texts: list = [None] * len(arrays)
    by_dtype: dict = {}
    for i, a in enumerate(arrays):
        if a.__class__ is Items:
            continue
        a = np.asarray(a)
        if 0 < a.size <= CHUNK and a.dtype.kind in "biuf":
            by_dtype.setdefault(a.dtype, []).append((i, a))
    for group in by_dtype.values():
        cells = _cells(np.concatenate([a.reshape(-1) for _, a in group])).tolist()
        at = 0
        for i, a in group:
            n = a.size
            if a.ndim == 0:
                texts[i] = cells[at]
            elif a.ndim == 1:
                texts[i] = "[" + ", ".join(cells[at:at + n]) + "]"
            else:
                texts[i] = _nested(cells[at:at + n], a.shape)
            at += n
    return texts


def _nested(flat: list, shape) -> str:
    """Flat element texts as nested JSON lists of this shape (innermost first)."""
    for n in reversed(shape):
        flat = ["[" + ", ".join(flat[i:i + n]) + "]" for i in range(0, len(flat), n)]
    return flat[0]


# -- the documents of each command ---------------------------------------------------------

def tensor_doc(v: TensorView, *, grad: bool = True) -> dict:
    doc = {"value": v.value, "shape": v.shape, "dtype": v.dtype,
           "requires_grad": v.requires_grad, "is_leaf": v.is_leaf, "grad_fn": v.grad_fn}
    if grad:
        doc["grad"] = v.grad
        if v.grad_grad_fn is not None:
            doc["grad_grad_fn"] = v.grad_grad_fn
    return doc


def _head(schema: str, r) -> dict:
    return {"schema": schema, "expression": r.expression, "dtype": r.dtype}


def grad_doc(r: GradReport) -> dict:
    doc = _head("gradcli.grad/1", r)
    doc["output"] = tensor_doc(r.output, grad=False)
    inputs = {}
    for name, v in r.inputs.items():
        entry = tensor_doc(v)
        if r.order > 1:
            entry["grads"] = [v.grad] + list(r.higher.get(name, []))
        check = r.checks.get(name)
        if check is not None:
            entry["numeric_grad"] = check.numeric
            entry["check"] = {"max_abs_error": check.max_abs_error, "ok": check.ok}
        inputs[name] = entry
    doc["inputs"] = inputs
    if r.gradient is not None:
        doc["gradient"] = r.gradient
    if r.order > 1:
        doc["order"] = r.order
    if r.checks:
        doc["check"] = {"ok": r.ok, "rtol": r.rtol, "atol": r.atol, "method":
                        "central differences in float64"}
    return doc


def value_doc(value) -> dict:
    """The output of `eval`: a tensor, or a plain value written as JSON allows."""
    if isinstance(value, TensorView):
        return tensor_doc(value, grad=False)
    kind = type(value).__name__
    if isinstance(value, (bool, int, float, str)) or value is None:
        return {"value": value, "type": kind}
    if isinstance(value, (list, tuple)):
        try:
            arr = np.asarray(value)
        except (ValueError, TypeError, RuntimeError):   # ragged, or a tensor that requires
            arr = None                                  # grad (no .numpy(), as in PyTorch)
        if arr is not None and arr.dtype.kind in "biuf":
            return {"value": arr, "type": kind}
    return {"value": repr(value), "type": kind}


def eval_doc(r: EvalReport) -> dict:
    doc = _head("gradcli.eval/1", r)
    doc["output"] = value_doc(r.output)
    doc["inputs"] = {n: tensor_doc(v, grad=False) for n, v in r.inputs.items()}
    return doc


def matrix_doc(r: MatrixReport) -> dict:
    doc = _head(f"gradcli.{r.kind}/1", r)
    doc["output"] = tensor_doc(r.output, grad=False)
    doc["inputs"] = {n: tensor_doc(v, grad=False) for n, v in r.inputs.items()}
    if r.kind == "jacobian":
        doc["jacobian"] = {n: {"shape": list(m.shape), "value": m} for n, m in r.blocks.items()}
    else:
        nested: dict = {}
        for (a, b), m in r.blocks.items():
            nested.setdefault(a, {})[b] = {"shape": list(m.shape), "value": m}
        doc["hessian"] = nested
    if r.matrix is not None:
        doc["matrix"] = {"rows": r.row_labels, "columns": r.column_labels, "value": r.matrix}
    return doc


def check_doc(r: CheckReport) -> dict:
    doc = _head("gradcli.check/1", r)
    doc["output"] = tensor_doc(r.output, grad=False)
    doc["ok"] = r.ok
    doc["gradcheck"] = r.verdicts.get("gradcheck")
    doc["gradgradcheck"] = r.verdicts.get("gradgradcheck")
    if r.messages:
        doc["messages"] = r.messages
    doc["tolerance"] = {"eps": r.eps, "atol": r.atol, "rtol": r.rtol}
    doc["checks"] = [{"order": c.order, "input": c.name,
                      **({"part": c.part} if c.part else {}), "analytic": c.analytic,
                      "numeric": c.numeric, "max_abs_error": c.max_abs_error, "ok": c.ok}
                     for c in r.rows]
    return doc


def explain_doc(r: ExplainReport) -> dict:
    doc = _head("gradcli.explain/1", r)
    doc["output"] = tensor_doc(r.output, grad=False)
    doc["root_grad"] = r.root_grad
    doc["steps"] = [{"step": s.index, "node": s.node, "name": s.name, "label": s.label,
                     "rule": s.rule, "value": s.value, "incoming": s.incoming,
                     "outgoing": [{"to": e.target, "label": e.label, "input_nr": e.input_nr,
                                   "grad": e.grad} for e in s.outgoing]}
                    for s in r.steps]
    doc["inputs"] = {n: tensor_doc(v) for n, v in r.inputs.items()}
    return doc


def run_doc(r: RunReport) -> dict:
    return {"schema": "gradcli.run/1", "file": r.filename, "stdout": r.stdout,
            "variables": {n: tensor_doc(v) for n, v in r.variables.items()}}


def ops_doc(rows) -> dict:
    return {"schema": "gradcli.ops/1",
            "ops": [{"name": o.name, "signature": o.signature, "grad_fn": o.grad_fn or None,
                     "rule": o.rule, "category": o.category, "method": o.method,
                     "namespaces": o.namespaces, "differentiable": o.differentiable}
                    for o in rows]}
