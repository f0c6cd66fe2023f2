"""Rich renderables of every command's report: tables, the explain walk-through, the console.

Renderers only lay out what a report holds. Every string that came from a user (an
expression, a variable name, a printed value) enters Rich as a `Text`, so markup such as
`[red]` in a formula is shown literally and never interpreted. Values are shown as PyTorch
prints them (`[ 0.,  4.,  8., 12.]`).
"""
from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from . import cells
from .console import QuietConsole
from .model import (CheckReport, EvalReport, ExplainReport, GradReport, GraphReport,
                    MatrixReport, RunReport, TensorView)
from .rich_lines import assemble, cell, to_text
from ..errors import printable
from .text import WIDE, tensor_text


def _text(pieces: list) -> Text:
    """Rich Text of a cell's styled pieces (cells.py)."""
    return Text.assemble(*pieces)


def _dash() -> Text:
    return _text(cells.DASH)


def make_console(stream, color: bool) -> Console:
    """A console that never interprets markup, emoji or highlights in what it prints."""
    return QuietConsole(file=stream, color_system="auto" if color else None, no_color=not color,
                   force_terminal=color, markup=False, emoji=False, highlight=False,
                   soft_wrap=False)


def _value(value) -> Text:
    return _text(cells.value(value))


def _flag(b: bool) -> Text:
    return _text(cells.flag(b))


def _name(s: str | None, style: str = "cyan") -> Text:
    return _text(cells.name(s, style))


def _shape(shape) -> Text:
    return _text(cells.shape(shape))


def _title(expression: str, dtype: str) -> Text:
    return _text(cells.title(expression, dtype))


_NO_WRAP = {"", "variable", "shape", "dtype", "grad_fn", "requires_grad", "is_leaf", "id",
            "order", "input", "check", "name", "max error"}


class _Table(Table):
    """A Rich table that keeps, as rows are added, the longest line of each column: the
    width Rich would measure. `fix_widths` hands those widths to Rich, which then skips
    measuring every cell twice (seconds for a graph of thousands of nodes); the output is
    the same as long as the table fits its console, where Rich would fold nothing.

    Its rows can also be given all at once as a function that makes them (`lazy_rows`):
    rows of light cells (rich_lines), made each time the table is walked, so a table of
    100,000 rows is never held whole; Rich gets them as Text when it lays the table out."""

    def __init__(self, *args, **kwargs):
        self._longest: list = []          # per column; None once a cell is not text
        self._lazy = None                 # (function making the rows, how many)
        super().__init__(*args, **kwargs)

    def add_column(self, header="", **kwargs) -> None:
        super().add_column(header, **kwargs)
        self._longest.append(_longest_line(header))

    def add_row(self, *cells, **kwargs) -> None:
        super().add_row(*cells, **kwargs)
        longest = self._longest
        for i, cell in enumerate(cells):
            if longest[i] is not None:
                n = _longest_line(cell)
                longest[i] = None if n is None else max(longest[i], n)

    def lazy_rows(self, make, count: int) -> None:
        """The rows after those added so far: `make()` gives them (tuples of light cells)."""
        self._lazy = (make, count)

    @property
    def row_count(self) -> int:
        return len(self.rows) + (self._lazy[1] if self._lazy else 0)

    def iter_rows(self):
        """Every row, as tuples of cells (what rich_lines reads)."""
        yield from zip(*(column._cells for column in self.columns))
        if self._lazy:
            yield from self._lazy[0]()

    def materialize(self) -> None:
        """Add the lazy rows as Rich rows of Text (before Rich lays the table out)."""
        if self._lazy:
            make, _ = self._lazy
            self._lazy = None
            for row in make():
                self.add_row(*[to_text(c) for c in row])

    def __rich_console__(self, console, options):
        self.materialize()
        yield from super().__rich_console__(console, options)

    def __rich_measure__(self, console, options):
        self.materialize()
        return super().__rich_measure__(console, options)

    def fix_widths(self) -> bool:
        """Give every column its measured width; False (nothing changed) when a cell is not
        text or a column already has a width."""
        self.materialize()
        if any(n is None for n in self._longest) or any(c.width is not None
                                                          for c in self.columns):
            return False
        for column, n in zip(self.columns, self._longest):
            column.width = max(n, 1)
        return True

    def unfix_widths(self) -> None:
        for column in self.columns:
            column.width = None


class _Parts(Group):
    """A Group whose parts are made anew each time it is walked (Rich measures it, then
    prints it), so the thousands of tables of a long walk-through never sit in memory at
    once. `part_count`: how many parts."""

    def __init__(self, make, count: int):
        super().__init__()
        self._make, self.part_count = make, count

    @property
    def renderables(self):
        return self._make()


def _longest_line(cell) -> int | None:
    """The cell width of a text cell's longest line (as Rich measures it), None for other
    renderables."""
    if isinstance(cell, Text):
        cell = cell.plain
    elif not isinstance(cell, str):
        return None
    return max((cell_len(line) for line in cell.splitlines()), default=0)


def _table(title: Text | None, *columns: str) -> Table:
    t = _Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", header_style="bold",
               pad_edge=False, show_edge=False)
    for c in columns:
        t.add_column(c, no_wrap=c in _NO_WRAP, overflow="fold")
    return t


def _attribute_table(layout: cells.AttributeTable) -> Table:
    """One column per tensor (the output first), one row per attribute, as a learner reads
    `x.grad`, `x.is_leaf`."""
    t = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, show_edge=False)
    t.add_column("", style="dim", no_wrap=True)
    for name in layout.columns:
        t.add_column(Text(name, style="bold" if name == "output" else "bold cyan"),
                     overflow="fold")
    for label, row in layout.rows:
        t.add_row(Text(label), *[_text(cell) for cell in row])
    return t


def _group(layout: cells.AttributeTable) -> Group:
    parts = [_text(layout.title), _attribute_table(layout)]
    if layout.footer is not None:
        parts.append(_text(layout.footer))
    return Group(*parts)


def grad_table(r: GradReport) -> Group:
    return _group(cells.grad_layout(r))


def _grad_cell(v: TensorView) -> Text:
    return _text(cells.grad_cell(v))


def eval_table(r: EvalReport) -> Group:
    layout = cells.eval_layout(r)
    if layout is not None:
        return _group(layout)
    out = r.output
    t = _attribute_table(cells.AttributeTable([], r.inputs, cells.tensor_rows(grad=False))) \
        if r.inputs else Text("")
    head = Text("output ", style="bold")
    head.append(f"{repr(out)}  ({type(out).__name__})")
    return Group(_title(r.expression, r.dtype), head, t)


# -- jacobian and hessian -------------------------------------------------------------------

def matrix_view(r: MatrixReport) -> Group:
    parts = [_title(r.expression, r.dtype),
             Text(f"output = {tensor_text(r.output.value)}   shape {r.output.shape}")]
    if r.matrix is not None:
        what = ("Jacobian: row i, column j = d out[i] / d input[j]" if r.kind == "jacobian"
                else "Hessian: row i, column j = d² out / d input[i] d input[j]")
        parts += [Text(""), Text(what, style="bold"),
                  _labelled(r.matrix, r.row_labels, r.column_labels)]
        return Group(*parts)
    for key, m in r.blocks.items():
        if r.kind == "jacobian":
            head = f"d output / d {key}   shape {list(m.shape)}"
        else:
            head = f"d² output / d {key[0]} d {key[1]}   shape {list(m.shape)}"
        parts += [Text(""), Text(head, style="bold cyan"), Text(tensor_text(m))]
    return Group(*parts)


def _labelled(m, rows: list[str], columns: list[str]) -> Table:
    """A 2-d matrix as a grid, each row and column named by the element it stands for."""
    cells = tensor_text(m, WIDE).replace("[", "").replace("]", "").split("\n")
    t = Table(box=box.SIMPLE_HEAD, header_style="bold cyan", pad_edge=False, show_edge=False)
    t.add_column("", style="bold cyan", justify="right", no_wrap=True)
    for c in columns:
        t.add_column(Text(c), justify="right", no_wrap=True)
    for label, line in zip(rows, cells):
        values = [v.strip() for v in line.strip().rstrip(",").split(",")]
        t.add_row(Text(label), *[Text(v) for v in values])
    return t


# -- check ------------------------------------------------------------------------------------

def check_table(r: CheckReport) -> Group:
    t = _table(_title(r.expression, r.dtype), "order", "input", "analytic", "finite difference",
               "max error", "")
    for c in r.rows:
        name = Text(c.name, style="bold cyan")
        if c.part:                              # of a complex output
            name.append(f" ({c.part} part)", style="dim")
        t.add_row(Text(str(c.order)), name, _value(c.analytic),
                  _value(c.numeric), Text(f"{c.max_abs_error:.3g}"),
                  Text("ok", style="green") if c.ok else Text("MISMATCH", style="bold red"))
    lines = [t]
    for name, passed in r.verdicts.items():
        line = Text(f"{name}: ", style="bold")
        line.append("passed" if passed else "FAILED", style="green" if passed else "bold red")
        if name in r.messages:
            line.append(f"  {r.messages[name]}")
        lines.append(line)
    lines.append(Text(f"central differences in float64, eps={r.eps:g}, atol={r.atol:g}, "
                      f"rtol={r.rtol:g}", style="dim"))
    return Group(*lines)


# -- explain ------------------------------------------------------------------------------------

def explain_view(r: ExplainReport) -> Group:
    return _Parts(lambda: _explain_parts(r), 2 * len(r.steps) + 6)


def _explain_parts(r: ExplainReport):
    out = r.output
    head = Text("Backward pass of ", style="bold")
    head.append(printable(r.expression.strip()), style="bold")
    head.append(f"  ({r.dtype})", style="dim")
    yield head
    yield Text(f"output = {tensor_text(out.value)}, grad_fn={out.grad_fn}")
    yield Text(f"The engine starts with d(output)/d(output) = {tensor_text(r.root_grad)} "
               "and runs each node once all the gradients flowing into it are summed.",
               style="dim")
    yield Text("")
    for s in r.steps:
        yield _step(s)
        yield Text("")
    yield Text("Result (what .grad holds now)", style="bold")
    t = _table(None, "variable", "value", "grad")
    for name, v in r.inputs.items():
        t.add_row(Text(name, style="bold cyan"), _value(v.value), _grad_cell(v))
    yield t


def _step(s) -> Table:
    title = Text(f"step {s.index}  ", style="bold")
    title.append(s.label, style="bold magenta")
    if s.label != s.name:
        title.append(f"  ({s.name})", style="dim")
    title.append(f"  [{s.node}]", style="dim")
    t = _Table(title=title, title_justify="left", box=None, show_header=False,
               padding=(0, 1))
    t.add_column(style="dim", no_wrap=True)
    t.add_column(overflow="fold")
    rows = []                       # light cells (rich_lines): a walk-through has thousands
    if s.value is not None:
        rows.append(("forward value", cell(tensor_text(s.value))))
    rows.append(("incoming grad", cell("\n".join(tensor_text(g) for g in s.incoming)
                                       if s.incoming else "None")))
    rows.append(("local rule", cell(s.rule or "—", "yellow")))
    for i, e in enumerate(s.outgoing):
        if e.target is None:
            line = [(f"input {i} → ", ""), ("None", "dim"),
                    (" (constant" + ("" if e.constant is None else
                                     f" {tensor_text(e.constant)}") + ", no gradient)", "dim")]
        else:
            line = [(f"input {i} → ", ""), (e.label, "bold cyan"), (f" [{e.target}]: ", "dim"),
                    (tensor_text(e.grad) if e.grad is not None else "None", "")]
        rows.append(("sends", assemble(line)))
    t.lazy_rows(lambda: rows, len(rows))
    return t


# -- graph, run, ops -------------------------------------------------------------------------

def graph_table(g: GraphReport, saved: bool = False) -> Table:
    columns = ["id", "node", "shape", "value", "requires_grad", "is_leaf", "grad_fn", "grad",
               "next_functions"]
    if saved:
        columns.append("saved tensors")
    t = _table(_title(g.expression, g.dtype), *columns)
    t.lazy_rows(lambda: (_graph_row(n, saved) for n in g.nodes), len(g.nodes))
    return t


_FLAGS = {b: assemble(cells.flag(b)) for b in (False, True)}
_DASH_CELL = assemble(cells.DASH)


def _graph_row(n, saved: bool) -> tuple:
    """One node's row of light cells (rich_lines): the Text cells it stands for are
    `Text(n.id, style="dim")`, `_shape(n.shape)`, `_value(n.value)` ..."""
    nxt = ", ".join("None" if e.target is None else f"{e.target}:{e.input_nr}"
                    for e in n.next)
    row = (cell(n.id, "dim"), cell(n.label, "bold cyan" if n.variable else "magenta"),
           _DASH_CELL if n.shape is None else assemble(cells.shape(n.shape)),
           assemble(cells.value(n.value)), _FLAGS[bool(n.requires_grad)],
           _FLAGS[bool(n.is_leaf)], assemble(cells.name(None if n.is_leaf else n.name)),
           assemble(cells.value(n.grad)), cell(nxt or "()"))
    if saved:
        row += (cell("\n".join(f"{k}: {tensor_text(v)}" for k, v in n.saved) or "—"),)
    return row


def run_table(r: RunReport) -> Table:
    t = _table(Text(printable(r.filename), style="bold"), "name", "value", "shape", "dtype",
               "requires_grad", "is_leaf", "grad_fn", "grad")
    for name, v in r.variables.items():
        t.add_row(Text(name, style="bold cyan"), _value(v.value), _shape(v.shape),
                  Text(v.dtype), _flag(v.requires_grad), _flag(v.is_leaf), _name(v.grad_fn),
                  _grad_cell(v))
    return t


def ops_table(rows) -> Table:
    t = _table(None, "name", "signature", "grad_fn", "derivative rule")
    category = None
    for o in rows:
        if o.category != category:
            category = o.category
            t.add_row(Text(category or "other", style="bold underline"), "", "", "")
        t.add_row(Text(o.name, style="bold cyan"), Text(o.signature, style="dim"),
                  _name(o.grad_fn or None, "magenta"), Text(o.rule))
    return t
