"""The cells of the attribute tables (`grad` and `eval`: one column per tensor, one row per
attribute), as styled pieces of text: [(text, style), ...]. Both renderers read them:
rich_out makes Rich `Text` of them, plain writes their text (no Rich imported)."""
from __future__ import annotations

from ..errors import printable
from .model import EvalReport, GradReport, TensorView
from .text import tensor_text

DASH = [("—", "dim")]


def value(v) -> list:
    return DASH if v is None else [(tensor_text(v), "")]


def flag(b: bool) -> list:
    return [(str(bool(b)), "green" if b else "dim")]


def name(s: str | None, style: str = "cyan") -> list:
    return DASH if s is None else [(s, style)]


def shape(dims) -> list:
    return [("[" + ", ".join(str(n) for n in dims) + "]", "")]


def title(expression: str, dtype: str) -> list:
    return [(printable(expression.strip()), "bold"), (f"  ({dtype})", "dim")]


def grad_cell(v: TensorView) -> list:
    if v.grad is None:
        return [("None", "dim")]
    if v.grad_grad_fn:
        return [(tensor_text(v.grad), "bold"), (f"\ngrad_fn=<{v.grad_grad_fn}>", "dim")]
    return [(tensor_text(v.grad), "bold")]


def check_cell(c) -> list:
    if c is None:
        return DASH
    verdict = ("ok", "green") if c.ok else ("MISMATCH", "bold red")
    return [verdict, (f" (max error {c.max_abs_error:.2g})", "dim")]


def tensor_rows(grad: bool) -> list:
    """(label, (column name, view) -> cell) for each row."""
    rows = [("value", lambda n, v: value(v.value)),
            ("shape", lambda n, v: shape(v.shape)),
            ("dtype", lambda n, v: [(v.dtype, "")]),
            ("grad_fn", lambda n, v: name(v.grad_fn, "magenta")),
            ("requires_grad", lambda n, v: flag(v.requires_grad)),
            ("is_leaf", lambda n, v: flag(v.is_leaf))]
    if grad:
        rows.append(("grad", lambda n, v: DASH if n == "output" else grad_cell(v)))
    return rows


class AttributeTable:
    """A title, the table (its columns: the views by name; its rows: (label, cells)), and a
    line after it (or None)."""

    def __init__(self, heading: list, views: dict, rows: list, footer: list | None = None):
        self.title = heading
        self.columns = list(views)
        self.rows = [(label, [cell(n, v) for n, v in views.items()]) for label, cell in rows]
        self.footer = footer


def grad_layout(r: GradReport) -> AttributeTable:
    rows = tensor_rows(grad=True)
    for k in range(2, r.order + 1):
        rows.append((f"grad (order {k})",
                     lambda n, v, k=k: value(r.higher[n][k - 2]) if n in r.higher else DASH))
    if r.checks:
        rows.append(("finite difference", lambda n, v: value(r.checks[n].numeric)
                     if n in r.checks else DASH))
        rows.append(("check", lambda n, v: check_cell(r.checks.get(n))))
    footer = None if r.gradient is None else \
        [(f"gradient (grad_tensors): {tensor_text(r.gradient)}", "dim")]
    return AttributeTable(title(r.expression, r.dtype), {"output": r.output, **r.inputs},
                          rows, footer)


def eval_layout(r: EvalReport) -> AttributeTable | None:
    """The eval table when its output is a tensor (None: a plain value, laid out apart)."""
    if not isinstance(r.output, TensorView):
        return None
    return AttributeTable(title(r.expression, r.dtype), {"output": r.output, **r.inputs},
                          tensor_rows(grad=False))
