"""render.rich_lines writes big tables (graph --format table, run --inspect, explain's
steps) line by line instead of through Rich: its text must be Rich's own, byte for byte,
with colour and without, for every table it takes on; everything else goes back to Rich.

Each case is compared with Rich rendering the same renderable on the same console, never
with stored text."""
from __future__ import annotations

import io
import random

import numpy as np
import pytest
from click.testing import CliRunner
from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from gradcli.cli import common, main
from gradcli.render import rich_lines, rich_out
from gradcli.render.text import CELL, SHORT, WIDE, scalar_text, tensor_text

# -- consoles ----------------------------------------------------------------------------------

SYSTEMS = [None, "standard", "256", "truecolor"]


def console(width: int, system: str | None, **kwargs) -> Console:
    return Console(file=io.StringIO(), width=width, color_system=system,
                   force_terminal=system is not None, no_color=kwargs.pop("no_color", False),
                   markup=False, emoji=False, highlight=False, soft_wrap=False, **kwargs)


def by_rich(renderable, width: int, system: str | None, **kwargs) -> str:
    c = console(width, system, **kwargs)
    c.print(renderable)
    return c.file.getvalue()


def by_lines(renderable, width: int, system: str | None, **kwargs) -> str | None:
    """The LinePrinter's text, or None when it hands the renderable back to Rich."""
    c = console(width, system, **kwargs)
    printer = rich_lines.LinePrinter(c)
    assert printer.usable()
    if not printer.print(renderable):
        assert c.file.getvalue() == ""          # nothing written before handing it back
        return None
    return c.file.getvalue()


# -- generated tables --------------------------------------------------------------------------

WORDS = ["x", "grad", "AddBackward0", "1.9093", "-0.4161", "[3, 4]", "—", "None", "n12:0",
         "数学", "勾配テンソル", "é", "e\u0301", "ab  ", "  lead", "a b c", "()",
         "[[1, 2],", "tensor(1.)", "ü½", "∂y/∂x", "x" * 25]
STYLES = ["", "", "bold", "dim", "cyan", "bold cyan", "magenta", "green", "bold red",
          "yellow", "underline", "italic dim", "on blue", "#ff8800", "color(200) bold",
          "reverse", "strike"]
JUSTIFY = ["left", "left", "right", "center", "default", "full"]


def words(r: random.Random, most: int = 3) -> str:
    return " ".join(r.choice(WORDS) for _ in range(r.randint(0, most)))


def pieces(r: random.Random) -> list:
    return [(words(r, 2), r.choice(STYLES)) for _ in range(r.randint(1, 3))]


def a_cell(r: random.Random, light: bool):
    kind = r.random()
    if kind < 0.15:
        text = words(r) if r.random() < 0.8 else ""
        return rich_lines.cell(text, r.choice(STYLES)) if light else text
    if kind < 0.45:
        text = words(r)
        style = r.choice(STYLES)
        return rich_lines.cell(text, style) if light else Text(text, style=style)
    if kind < 0.8:
        p = pieces(r)
        return rich_lines.assemble(p) if light else Text.assemble(*p)
    if kind < 0.9:                                  # several lines
        text = "\n".join(words(r, 2) for _ in range(r.randint(2, 3)))
        return rich_lines.cell(text, r.choice(STYLES)) if light else Text(text)
    if kind < 0.95:                                 # what only Rich lays out
        return r.choice(["a\tb", "x\u200dy", "❤\ufe0f", "bell\x07", "c" * 70])
    t = Text(words(r), justify=r.choice(JUSTIFY), style=r.choice(STYLES))
    return t


def a_table(r: random.Random, light: bool = False) -> Table:
    cls = rich_out._Table if light else Table
    title = r.choice([None, None, "Title", Text("step 1  AddBackward0", style="bold"),
                      Text.assemble(("sum(x)", "bold"), ("  (float32)", "dim")),
                      Text("a title that is wider than most of these tables " * 2)])
    t = cls(title=title, title_justify=r.choice(["left", "center", "right"]),
            box=r.choice([None, box.SIMPLE_HEAD, box.SIMPLE, box.ROUNDED, box.HEAVY_HEAD,
                          box.MINIMAL, box.ASCII, box.SQUARE]),
            show_header=r.random() < 0.7, show_edge=r.random() < 0.5,
            pad_edge=r.random() < 0.5, padding=r.choice([(0, 1), (0, 0), (0, 2, 0, 1)]),
            collapse_padding=r.random() < 0.2, header_style=r.choice(STYLES),
            title_style=r.choice(STYLES) or None,
            border_style=r.choice(["", "", "blue", "dim"]) or None)
    for k in range(r.randint(1, 6)):
        header = r.choice(["", "id", "value", Text("grad", style="bold cyan"), "列", "shape"])
        t.add_column(header, style=r.choice(STYLES) or None,
                     header_style=r.choice(STYLES), justify=r.choice(JUSTIFY[:4]),
                     vertical=r.choice(["top", "top", "middle", "bottom"]),
                     no_wrap=r.random() < 0.3, overflow=r.choice(["fold", "crop", "ellipsis"]))
    rows = [tuple(a_cell(r, light) for _ in t.columns) for _ in range(r.randint(0, 25))]
    if light:
        t.lazy_rows(lambda: iter(rows), len(rows))
    else:
        for row in rows:
            t.add_row(*row)
    return t


def _fresh(seed: int, light: bool) -> Table:
    return a_table(random.Random(seed), light)


@pytest.mark.parametrize("system", SYSTEMS)
@pytest.mark.parametrize("light", [False, True])
def test_generated_tables_print_as_rich_prints_them(system, light):
    laid_out = 0
    for seed in range(150):
        width = random.Random(seed).choice([60, 120, 200, 300])
        ours = by_lines(_fresh(seed, light), width, system)
        rich = by_rich(_fresh(seed, light), width, system)
        if ours is not None:
            laid_out += 1
            assert ours == rich, (seed, width, system)
    assert laid_out > 80                            # most of them by rich_lines itself


@pytest.mark.parametrize("no_color", [False, True])
def test_no_color_on_a_colour_console_drops_colours_but_not_bold(no_color):
    for seed in range(40):
        ours = by_lines(_fresh(seed, False), 200, "truecolor", no_color=no_color)
        if ours is not None:
            assert ours == by_rich(_fresh(seed, False), 200, "truecolor", no_color=no_color)


def test_a_table_too_wide_goes_back_to_rich_untouched():
    t = Table("a", "b")
    t.add_row("x" * 50, "y" * 50)
    assert by_lines(t, 60, None) is None
    assert by_lines(t, 120, None) == by_rich(t, 120, None)


def test_an_ascii_console_gets_rich_to_do_it():
    c = Console(file=io.TextIOWrapper(io.BytesIO(), encoding="ascii"), width=80)
    assert not rich_lines.LinePrinter(c).usable()


def test_light_cells_stand_for_the_text_they_make():
    t = rich_lines.assemble([("a\rb", "bold"), ("", "red"), ("c", "")])
    assert rich_lines.to_text(t).plain == Text.assemble(("a\rb", "bold"), ("", "red"),
                                                        ("c", "")).plain == "abc"
    assert list(rich_lines.to_text(t).spans) == list(
        Text.assemble(("a\rb", "bold"), ("", "red"), ("c", "")).spans)


def test_groups_of_tables_and_text_print_as_one_group():
    """explain's layout: lines of text and many small tables, one after the other."""
    for seed in range(30):
        def make():
            return Group(Text(words(random.Random(seed + 1000), 5)), Text(""),
                         *[_fresh(seed * 10 + k, False) for k in range(4)],
                         Text("end", style="bold"))
        for system in (None, "256"):
            for width in (60, 100):
                assert by_lines(make(), width, system) == by_rich(make(), width, system)


# -- print_rich: pipes, files, terminals -------------------------------------------------------

def both(renderable_maker, monkeypatch, *, to_file=True, tty=False) -> tuple[str, str]:
    """print_rich's text with rich_lines (every table big), then with Rich alone."""
    out = []
    for big in (0, 10**12):
        monkeypatch.setattr(common, "BIG_TABLE", big)
        buf = _Tty() if tty else io.StringIO()
        common.print_rich(renderable_maker(), buf, to_file=to_file)
        out.append(buf.getvalue())
    return out[0], out[1]


class _Tty(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("seed", range(40))
def test_print_rich_grows_a_pipe_to_the_widest_line_as_rich(seed, monkeypatch):
    count = random.Random(seed).randint(1, 3)

    def make():
        return Group(Text(words(random.Random(seed), 4)),
                     *[_fresh(seed * 7 + k, False) for k in range(count)])

    fast, slow = both(make, monkeypatch)
    assert fast == slow
    fast, slow = both(lambda: _fresh(seed, True), monkeypatch)
    assert fast == slow


def test_a_group_printed_line_by_line_stops_to_measure_when_it_must(monkeypatch):
    """A part wider than the width known so far (here a long text after small tables) sets
    the pipe's width for the parts after it; those before were printed already."""
    def make():
        small = Table("a", "b")
        small.add_row("1", Text("2", style="bold"))
        wide = Text("w" * 130, justify="left")
        return Group(small, Text("x" * 90, justify="right"), small, wide,
                     Text("end", justify="center"))
    fast, slow = both(make, monkeypatch)
    assert fast == slow


# -- gradcli's own tables, small ---------------------------------------------------------------

SMALL = [
    ["graph", "sin(x*2)+x", "--x", "1.0", "--format", "table"],
    ["graph", "sum(x*y)", "--x", "1,2,3", "--y", "0.5", "--format", "table", "--saved"],
    ["graph", "sum(sin(x)*y)", "--x", "1,2", "--y", "3,4", "--format", "table"],
    ["graph", "mean(x**2)", "--x", ",".join(str(k / 3) for k in range(40)), "--format",
     "table", "--saved"],
    ["graph", "sum(x**2)", "--x", "1,2", "--format", "table", "--no-backward"],
    ["graph", "x*2", "--x", "1,2", "--gradient", "1,1", "--format", "table"],
    ["graph", "数学 * 2 + 数学", "--数学", "2", "--format", "table"],
    ["explain", "sin(x*2)+x", "--x", "1.0"],
    ["explain", "2*dot(x,x)", "--x", "0,1,2,3"],
    ["explain", "mean(sigmoid(w*x + b))", "--w", "0.5", "--x", "1,2,3", "--b", "0.1"],
    ["explain", "x*x", "--x", "1,2", "--gradient", "1,0.5"],
    ["explain", "sum(x*y)", "--x", ",".join(str(k) for k in range(30)), "--y", "2"],
    ["explain", "[red]x[/red] * 2", "-v", "[red]x[/red]=1"],
]


def cli(args: list[str], big: int, monkeypatch) -> str:
    monkeypatch.setattr(common, "BIG_TABLE", big)
    result = CliRunner().invoke(main, args)
    return result.output


@pytest.mark.parametrize("args", SMALL)
def test_small_outputs_are_the_same_either_way(args, monkeypatch):
    fast = cli(args, 0, monkeypatch)
    slow = cli(args, 10**12, monkeypatch)
    assert fast == slow
    assert fast.strip()


def test_run_inspect_is_the_same_either_way(monkeypatch, tmp_path):
    program = tmp_path / "p.grad"
    program.write_text("x = torch.tensor([1.0, 2.0], requires_grad=True)\n"
                       "y = (x * x).sum()\ny.backward()\nz = x.detach() * 3\n"
                       "w = torch.ones(2, 3, dtype=torch.float64)\nprint(y)\n")
    args = ["run", str(program), "--inspect"]
    fast, slow = cli(args, 0, monkeypatch), cli(args, 10**12, monkeypatch)
    assert fast == slow and "requires_grad" in fast


def _report(kind: str, expr: str, values: dict):
    from gradcli.cli.evaluate import explain_report, graph_report, prepare
    problem = prepare(expr, values, common.Settings())
    return graph_report(problem, saved=True) if kind == "graph" else explain_report(problem)


@pytest.mark.parametrize("system", SYSTEMS)
def test_gradcli_tables_in_colour_are_rich_s(system):
    g = _report("graph", "sum(sin(x)*y) + x[0]", {"x": "1,2", "y": "3"})
    e = _report("explain", "sum(sin(x)*y) + x[0]", {"x": "1,2", "y": "3"})
    for make in (lambda: rich_out.graph_table(g), lambda: rich_out.graph_table(g, saved=True),
                 lambda: rich_out.explain_view(e)):
        ours = by_lines(make(), 160, system)
        assert ours is not None
        assert ours == by_rich(make(), 160, system)
        if system is not None:
            assert "\x1b[" in ours


def test_a_terminal_gets_the_same_text_either_way(monkeypatch):
    g = _report("graph", "sum(sin(x)*y)", {"x": "1,2", "y": "3"})
    monkeypatch.delenv("NO_COLOR", raising=False)
    fast, slow = both(lambda: rich_out.graph_table(g), monkeypatch, to_file=False, tty=True)
    assert fast == slow and "\x1b[" in fast


# -- big ---------------------------------------------------------------------------------------

def test_a_big_graph_table_is_written_by_rich_lines_as_rich_writes_it(monkeypatch):
    expr = "+".join(f"sin(x*{k % 7 + 1})" for k in range(400))     # (Rich alone: ~4 s)
    written = []
    write = rich_lines.TableLines.write
    monkeypatch.setattr(rich_lines.TableLines, "write",
                        lambda self, *a, **k: written.append(self.count) or write(self, *a, **k))
    args = ["graph", expr, "--x", "1.0", "--format", "table"]
    fast = cli(args, common.BIG_TABLE, monkeypatch)
    assert written == [1200]            # one table, a row for each node: 3 a term, but one
    rows = [line for line in fast.splitlines() if line.startswith("n")]       # AddBackward0
    assert len(rows) == 1200 and rows[-1].startswith("n1199 ")
    assert sum(line.split()[1] == "x" for line in rows) == 1
    assert len({len(line) for line in rows}) == 1
    monkeypatch.setattr(rich_lines.TableLines, "write", write)
    assert fast == cli(args, 10**12, monkeypatch)


def test_a_long_explain_is_written_step_by_step_as_rich_writes_it(monkeypatch):
    expr = "+".join(f"sin(x*{k % 7 + 1})" for k in range(400))
    args = ["explain", expr, "--x", "1.0"]
    fast = cli(args, common.BIG_TABLE, monkeypatch)
    assert fast.count("\nstep ") == 1200                 # 3 nodes a term
    assert fast == cli(args, 10**12, monkeypatch)


def test_a_graph_table_is_not_held_whole(monkeypatch):
    """The rows are made as they are written (twice: measured, then written), never kept."""
    g = _report("graph", "+".join("x" for _ in range(500)), {"x": "1"})
    made = []
    row = rich_out._graph_row
    monkeypatch.setattr(rich_out, "_graph_row", lambda n, s: made.append(1) or row(n, s))
    t = rich_out.graph_table(g)
    assert t.row_count == len(g.nodes) and not made
    buf = io.StringIO()
    monkeypatch.setattr(common, "BIG_TABLE", 100)
    common.print_rich(t, buf, to_file=True)
    assert len(made) == 2 * len(g.nodes)
    assert t.rows == []                              # never turned into Rich rows


# -- values as text ----------------------------------------------------------------------------

def test_scalar_text_is_printing_s_text():
    from gradcli import printing
    r = np.random.default_rng(5)
    values = [0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -3.0, 1e8, 1.0000001e8, 1e-4,
              9.99e-5, 0.5, 123456.0, 1e38, 5e-324, 99999999.0]
    values += list(r.standard_normal(3000) * 10.0 ** r.integers(-12, 12, 3000))
    for dtype in (np.float32, np.float64):
        for options in (CELL, SHORT, WIDE):
            for v in values:
                with np.errstate(over="ignore"):
                    a = np.asarray(v, dtype=dtype)
                slow = printing.format_tensor(a, dtype_name=np.dtype(dtype).name,
                                              default_dtype_name=np.dtype(dtype).name,
                                              prefix="", options=options)[:-1]
                assert tensor_text(a, options) == slow, (dtype, v)
    assert scalar_text(2.0, 4) == "2." and scalar_text(-0.0, 4) == "-0."


# -- JSON ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("window", [3, 50, 1 << 16])
def test_small_arrays_formatted_together_are_written_as_each_alone(monkeypatch, window):
    """json_out formats the small arrays of a document a window at a time, all those of a
    dtype in one NumPy call: the text must be each array's own (`array_text`)."""
    from gradcli.render import json_out
    monkeypatch.setattr(json_out, "WINDOW", window)
    r = np.random.default_rng(3)
    arrays = []
    for k in range(400):
        shape = [(), (3,), (2, 2), (1, 2, 3), (0,), (2, 0)][k % 6]
        dtype = [np.float32, np.float64, np.float16, np.int64, np.uint8,
                 np.bool_][k % 5 + (k % 7 == 0)]
        with np.errstate(over="ignore", invalid="ignore"):
            a = (r.standard_normal(shape) * 10.0 ** r.integers(-8, 8)).astype(dtype)
        if k % 11 == 0 and a.dtype.kind == "f" and a.size:
            a.flat[0] = [np.nan, np.inf, -np.inf][k % 3]
        arrays.append(a if k % 13 else a[()] if a.ndim == 0 else a)
    arrays.append(np.arange(40000, dtype=np.float32) / 7)      # one written piece by piece
    arrays.append(np.float32(0.3))                                 # a NumPy scalar
    doc = {"schema": "x", "a": arrays, "n": {"v": arrays[1], "f": float("nan"), "i": 3}}
    text = json_out.dumps(doc)
    expected = ('{"schema": "x", "a": [' + ", ".join(json_out.array_text(a) for a in arrays)
                + '], "n": {"v": ' + json_out.array_text(arrays[1])
                + ', "f": "NaN", "i": 3}}')
    assert text == expected
    assert len(list(json_out.pieces(doc))) > 2       # the large array in pieces of its own
