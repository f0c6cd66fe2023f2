"""Plain data the renderers read: what a command found, with NumPy arrays and names only.

Commands fill these in; `json_out`, `rich_out` and `graph_formats` turn them into text and
never compute. Nothing here holds a live tensor or graph node.
"""
from __future__ import annotations

from .._struct import Struct, field
from typing import Any

import numpy as np


class TensorView(Struct, slots=False, eq=True):
    """What a user sees of one tensor: value, autograd flags and gradient."""

    value: np.ndarray
    dtype: str
    requires_grad: bool = False
    is_leaf: bool = True
    grad_fn: str | None = None
    grad: np.ndarray | None = None
    grad_grad_fn: str | None = None       # the gradient's own grad_fn (--create-graph)

    @property
    def shape(self) -> list[int]:
        return [int(n) for n in self.value.shape]

    @classmethod
    def of(cls, t, *, with_grad: bool = True) -> "TensorView":
        """The view of a gradcli Tensor (reads `.grad` without PyTorch's non-leaf warning);
        a meta tensor has no values to show (gradcli.meta)."""
        if t.is_meta:
            from ..errors import TorchNotImplementedError
            from ..meta import NO_DATA
            raise TorchNotImplementedError(NO_DATA, hint="gradcli shows values: compute on "
                                           "the CPU (leave device='meta' out)")
        g = t._grad if with_grad else None
        return cls(value=t._data, dtype=t.dtype.name, requires_grad=t.requires_grad,
                   is_leaf=t.is_leaf, grad_fn=None if t.grad_fn is None else type(t.grad_fn).__name__,
                   grad=None if g is None else g._data,
                   grad_grad_fn=None if g is None or g.grad_fn is None else type(g.grad_fn).__name__)


class Check(Struct, slots=False, eq=True):
    """A gradient beside its central-difference estimate (float64)."""

    analytic: np.ndarray | None
    numeric: np.ndarray | None
    max_abs_error: float
    ok: bool


class GradReport(Struct, slots=False, eq=True):
    expression: str
    dtype: str
    output: TensorView
    inputs: dict[str, TensorView]
    gradient: np.ndarray | None = None
    order: int = 1
    create_graph: bool = False
    higher: dict[str, list] = field(default_factory=dict)   # name -> [order 2, 3, ...]
    checks: dict[str, Check] = field(default_factory=dict)
    rtol: float = 1e-3
    atol: float = 1e-5

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks.values())


class EvalReport(Struct, slots=False, eq=True):
    expression: str
    dtype: str
    output: Any                          # a TensorView, or a plain Python value
    inputs: dict[str, TensorView]


class MatrixReport(Struct, slots=False, eq=True):
    """`jacobian` (blocks keyed by input name) or `hessian` (keyed by (name, name))."""

    kind: str                            # "jacobian" | "hessian"
    expression: str
    dtype: str
    output: TensorView
    inputs: dict[str, TensorView]
    blocks: dict                         # name or (name, name) -> ndarray
    matrix: np.ndarray | None = None     # every block in one 2-d matrix (small cases)
    row_labels: list[str] = field(default_factory=list)
    column_labels: list[str] = field(default_factory=list)


class CheckRow(Struct, slots=False, eq=True):
    order: int
    name: str
    analytic: np.ndarray | None
    numeric: np.ndarray | None
    max_abs_error: float
    ok: bool
    part: str = ""                       # "real" / "imaginary" of a complex output


class CheckReport(Struct, slots=False, eq=True):
    expression: str
    dtype: str
    output: TensorView
    inputs: dict[str, TensorView]
    rows: list[CheckRow]
    verdicts: dict[str, bool]            # "gradcheck" / "gradgradcheck" -> passed
    messages: dict[str, str]             # why a check failed (PyTorch's message)
    eps: float = 1e-6
    atol: float = 1e-5
    rtol: float = 1e-3

    @property
    def ok(self) -> bool:
        return all(self.verdicts.values()) and all(r.ok for r in self.rows)

    @property
    def failures(self) -> list[str]:
        """`x (order 2)` for each input and order whose derivatives disagree (`x (order 1,
        imaginary part)` for a part of a complex output)."""
        out = [f"{r.name} (order {r.order}{f', {r.part} part' if r.part else ''})"
               for r in self.rows if not r.ok]
        out += [f"{name} failed" for name, ok in self.verdicts.items() if not ok]
        return out


class Edge(Struct, slots=False, eq=True):
    """One entry of a node's next_functions, with the gradient sent along it."""

    target: str | None                   # node id, None for PyTorch's (None, 0)
    label: str                           # what the target is, in the user's words
    input_nr: int
    grad: np.ndarray | None = None
    constant: np.ndarray | None = None   # the value of a constant input (no grad)


class Step(Struct, slots=False, eq=True):
    """One node the backward engine ran, in the order it ran them."""

    index: int
    node: str                            # node id (same ids as `gradcli graph`)
    name: str                            # MulBackward0, AccumulateGrad ...
    label: str                           # name, or the variable of an AccumulateGrad
    rule: str
    value: np.ndarray | None             # the node's forward result
    incoming: list                       # gradient w.r.t. each output of the node
    outgoing: list[Edge]


class ExplainReport(Struct, slots=False, eq=True):
    expression: str
    dtype: str
    output: TensorView
    inputs: dict[str, TensorView]
    root_grad: np.ndarray | None
    steps: list[Step]


class GraphNode(Struct, slots=False, eq=True):
    id: str
    name: str                            # grad_fn class name, or AccumulateGrad
    label: str                           # the variable name of a leaf, else the name
    variable: str | None
    shape: list | None
    dtype: str | None
    value: np.ndarray | None
    grad: np.ndarray | None              # gradient w.r.t. this node's output
    requires_grad: bool
    is_leaf: bool
    rule: str
    next: list[Edge]
    saved: list = field(default_factory=list)   # (label, ndarray) pairs, on request


class GraphReport(Struct, slots=False, eq=True):
    expression: str
    dtype: str
    output: TensorView
    inputs: dict[str, TensorView]
    nodes: list[GraphNode]
    backward: bool                        # whether gradients were computed

    @property
    def root(self) -> str | None:
        return self.nodes[0].id if self.nodes else None


class RunReport(Struct, slots=False, eq=True):
    filename: str
    stdout: str | None
    variables: dict[str, TensorView]


class OpRow(Struct, slots=False, eq=True):
    name: str
    signature: str
    grad_fn: str
    rule: str
    category: str
    method: bool
    namespaces: list[str]
    differentiable: bool
