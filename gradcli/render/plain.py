"""The `grad` and `eval` tables and `batch`'s report as text, without Rich, for a pipe or a
file: exactly what Rich writes there (tests/test_plain_tables.py compares the two), and
~25 ms sooner, since importing Rich is a tenth of a one-liner's run.

Only what lays out without choices is written here: plain ASCII cells (and the dash) that
fit side by side within the width Rich is given for a pipe (common.print_rich: the table's
own width, up to 160 columns) and a title no wider than the table. Anything else returns
None and Rich lays it out.
"""
from __future__ import annotations

from . import cells
from .model import EvalReport, GradReport

MAX_WIDTH = 160         # common.print_rich: the widest a pipe's table is laid out
_DASH = "—"


def grad_text(r: GradReport) -> str | None:
    return _render(cells.grad_layout(r))


def eval_text(r: EvalReport) -> str | None:
    layout = cells.eval_layout(r)
    return None if layout is None else _render(layout)


def _plain(pieces: list) -> str | None:
    text = "".join(t for t, _ in pieces)
    bare = text.replace(_DASH, "").replace("\n", "")
    if not bare.isascii() or not bare.isprintable():
        return None
    return text


def _render(layout: cells.AttributeTable) -> str | None:
    """Rich's table (box SIMPLE_HEAD, no edges, no edge padding, one space of padding
    inside, one space between columns) with its title above and its footer below."""
    table = [[""] + [_plain([(name, "")]) for name in layout.columns]]
    table += [[label] + [_plain(cell) for cell in row] for label, row in layout.rows]
    if any(cell is None for row in table for cell in row):
        return None
    cells_lines = [[cell.split("\n") for cell in row] for row in table]
    widths = [max(len(line) for row in cells_lines for line in row[i])
              for i in range(len(table[0]))]
    last = len(widths) - 1
    total = sum(widths) + 2 * last + last            # inner padding, then the dividers
    title = _plain(layout.title)
    footer = None if layout.footer is None else _plain(layout.footer)
    if total > MAX_WIDTH or title is None or "\n" in title or len(title) > total or \
            (layout.footer is not None and (footer is None or "\n" in footer
                                            or len(footer) > total)):
        return None
    out = [title]
    for r, row in enumerate(cells_lines):
        for k in range(max(len(lines) for lines in row)):
            parts = []
            for i, lines in enumerate(row):
                text = (lines[k] if k < len(lines) else "").ljust(widths[i])
                parts.append((" " if i else "") + text + (" " if i < last else ""))
            out.append(" ".join(parts))
        if r == 0:
            out.append("─" * total)
    if footer is not None:
        out.append(footer)
    return "\n".join(out) + "\n"


def columns_text(columns, rows: list[list[str]], width: int) -> str | None:
    """Rich's Table(box=None, pad_edge=False) of plain cells, printed `width` columns wide,
    each line's trailing blanks dropped: each column as wide as its widest cell (header
    included), two spaces between columns, left- or right-justified (`columns`: (header,
    right) pairs). None where Rich would have to choose: a cell not plain printable ASCII
    on one line, or a table wider than `width`."""
    table = [[name for name, _ in columns]] + rows
    if any(not cell.isascii() or not cell.isprintable() for row in table for cell in row):
        return None
    widths = [max(len(row[i]) for row in table) for i in range(len(columns))]
    if sum(widths) + 2 * (len(widths) - 1) > width:
        return None
    return "".join("  ".join(cell.rjust(w) if right else cell.ljust(w)
                             for cell, w, (_, right) in zip(row, widths, columns)).rstrip()
                   + "\n" for row in table)
