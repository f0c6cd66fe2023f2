"""Rich tables and lines of text written line by line, byte for byte as Rich writes them.

Rich lays a table out in two passes over every cell (measure, then render, ~30 us a cell)
and gathers the whole output as segments before writing any of it: a minute and a gigabyte
for the table of a 100,000-node graph. Where the table fits its console, Rich has no choice
left to make: each column is as wide as its widest line plus its padding, each cell is its
text padded to that width, nothing is folded. That case is written here, one row at a time
(memory stays that of a row), with the ANSI codes of Rich's own `Style` objects for the
console's colour system; a cell that is not one plain line (several lines, tabs, joiners,
a justification Rich would change) is laid out by Rich itself, alone. Anything else (a
table too wide, a feature not covered here) returns None and goes back to Rich whole.
tests/test_render_big_s44.py compares both on many generated tables.

A cell is a Rich `Text` or `str` (as in any Rich table), or a light cell: the tuple
`(plain, style, spans)` that stands for `Text(plain, style=style)` with `spans` added, made
with `cell` or `assemble` (what `Text.assemble` would build) and cheap to hold by the
thousand.
"""
from __future__ import annotations

import re
from itertools import islice

from rich.cells import cell_len
from rich.console import Group
from rich.control import strip_control_codes
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Span, Text

_NULL = Style.null()
_TRAILING_SPACE = re.compile(r"\s+$")          # what Text.rstrip_end looks for
_CHUNK = 1 << 16                               # characters gathered before a write
_ROOM = 100_000                                # the width a pipe's renderable is measured in


# -- light cells ------------------------------------------------------------------------------

def cell(plain: str, style="") -> tuple:
    """The light cell of `Text(plain, style=style)`."""
    return (strip_control_codes(plain), style, ())


def assemble(pieces) -> tuple:
    """The light cell of `Text.assemble(*pieces)` for (text, style) pieces."""
    plain, spans, offset = [], [], 0
    for text, style in pieces:
        if len(text):
            clean = strip_control_codes(text)
            plain.append(clean)
            if style:
                spans.append((offset, offset + len(clean), style))
            offset += len(clean)
    return ("".join(plain), "", tuple(spans))


def to_text(c) -> Text | str:
    """A cell as Rich takes it (a light cell becomes the `Text` it stands for)."""
    if type(c) is not tuple:
        return c
    plain, style, spans = c
    text = Text(plain, style=style)
    text.spans = [Span(*s) for s in spans]
    return text


# -- styles -----------------------------------------------------------------------------------

class _Unsupported(Exception):
    """Something Rich must lay out itself."""


class Styles:
    """The console's styles and how each is written: Rich's `Style` objects, their sums and
    their ANSI codes, each worked out once."""

    def __init__(self, console):
        self.console = console
        self.system = console._color_system          # None: no colour at all
        self.colour = self.system is not None
        self._named: dict = {}
        self._strings: dict = {}
        self._wrap: dict = {}
        self._sums: dict = {}

    def get(self, name, default: bool = False) -> Style:
        """console.get_style(name) (with Rich's null default where Text.render uses one)."""
        key = (name, default)
        style = self._named.get(key)
        if style is None:
            style = self._named[key] = self.console.get_style(
                name, default=_NULL if default else None)
        return style

    def add(self, a, b):
        """Rich's `a + b` of two styles (None counts as no style)."""
        key = (a, b)
        s = self._sums.get(key)
        if s is None:
            s = self._sums[key] = (a + b) if a is not None else b
        return s

    def combine(self, names: tuple) -> Style:
        """Style.combine of the null style and the named span styles, as Text.render does."""
        key = ("combine",) + names
        s = self._sums.get(key)
        if s is None:
            s = self._sums[key] = Style.combine([_NULL] + [self.get(n, True) for n in names])
        return s

    def string(self, s: str) -> Text:
        """The Text Rich renders (and measures) a str cell as (never changed once made)."""
        text = self._strings.get(s)
        if text is None:
            text = self._strings[s] = self.console.render_str(s, highlight=False)
        return text

    def _plain_style(self, style):
        """The style Console._render_buffer writes a segment with (None: no codes)."""
        if style and self.console.no_color and self.system:
            style = style.without_color              # Segment.remove_color
        return style if style and self.colour else None

    def wrap(self, style) -> tuple[str, str] | None:
        """(before, after) a segment of this style, as Console._render_buffer writes it;
        None for a style with a link (its id is part of each segment)."""
        w = self._wrap.get(style, False)
        if w is False:
            s = self._plain_style(style)
            if s is None:
                w = ("", "")
            elif s.link:
                w = None
            else:
                before, _, after = s.render("\0", color_system=self.system,
                                            legacy_windows=self.console.legacy_windows
                                            ).partition("\0")
                w = (before, after)
            self._wrap[style] = w
        return w

    def text(self, segments) -> str:
        """Segments (text, style) written out."""
        out = []
        for text, style in segments:
            if not text:
                continue
            if not style:
                out.append(text)
                continue
            w = self.wrap(style)
            if w is None:
                out.append(self._plain_style(style).render(
                    text, color_system=self.system,
                    legacy_windows=self.console.legacy_windows))
            else:
                out.append(w[0] + text + w[1] if w[0] else text)
        return "".join(out)

    def line(self, segments) -> str:
        """A line of Rich `Segment`s written out (no control segments in a table)."""
        return self.text((s.text, s.style) for s in segments)


# -- one simple line of text --------------------------------------------------------------------

def _fit(plain: str, spans, width: int) -> int:
    """The cell width of a text Rich would write as one line `width` cells wide, unfolded,
    with its spans in order and apart (the case `_segments` covers); -1 for any other."""
    if not plain.isprintable() or "\ufe0f" in plain:
        return -1          # several lines, tabs, joiners: Rich's cell count is not a sum
    n = cell_len(plain)
    if n > width or (len(plain) > width and _TRAILING_SPACE.search(plain)):
        return -1          # folded, or Text.rstrip_end would crop its trailing blanks
    end = 0
    for s, e, _ in spans:
        if s < end or e <= s:
            return -1
        end = e
    return n if end <= len(plain) else -1


def _justified(plain: str, n: int, spans, width: int, justify: str):
    """(text, spans, cell width) of a one-line Text of `n` cells after Text.wrap justifies
    it `width` cells wide (it fits: `_fit`); None for a justification not covered."""
    if justify == "left":
        return (plain + " " * (width - n) if n < width else plain), spans, max(n, width)
    if justify == "default" or justify == "full":   # "full" leaves a last line alone
        return plain, spans, n
    if justify != "right" and justify != "center":
        return None
    text = plain.rstrip()
    if len(text) < len(plain):                # Text._trim_spans
        end = len(text)
        spans = tuple((s, min(e, end), st) for s, e, st in spans if s < end)
    m = cell_len(text)
    left = width - m if justify == "right" else (width - m) // 2
    if left:
        text = " " * left + text
        spans = tuple((s + left, e + left, st) for s, e, st in spans)
    if justify == "center":
        right = width - cell_len(text)
        if right:
            text += " " * right
    return text, spans, cell_len(text)


def _segments(styles: Styles, text: str, base, spans) -> list:
    """(text, style) segments of a justified line, as Text.render cuts them: at every span
    boundary, each piece styled by the null style, the base style, then its span's."""
    if not base and not spans:
        return [(text, None)]
    head = (base,) if base else ()
    gap = styles.combine(head)
    out, pos = [], 0
    for s, e, st in spans:
        if s > pos:
            out.append((text[pos:s], gap))
        out.append((text[s:e], styles.combine(head + (st,))))
        pos = e
    if pos < len(text):
        out.append((text[pos:], gap))
    return out


def text_line(styles: Styles, c, width: int, justify: str | None = None) -> str | None:
    """A Text (or light cell) printed on its own (`console.print(Group(text))`, the print's
    justification `justify`): its one line, or None when Rich has to lay it out."""
    if isinstance(c, Text):
        if c.end != "\n" or c.overflow not in (None, "fold", "crop", "ellipsis"):
            return None
        plain, base, spans, just = c.plain, c.style, c._spans, c.justify
    elif type(c) is tuple:
        (plain, base, spans), just = c, None
    else:
        return None
    n = _fit(plain, spans, width)
    if n < 0:
        return None
    justified = _justified(plain, n, spans, width, just or justify or "default")
    if justified is None:
        return None
    text, spans, _ = justified
    if not styles.colour:
        return text
    return styles.text(_segments(styles, text, base, spans))


# -- tables -----------------------------------------------------------------------------------

class _Column:
    """What one column's cells need: padding, width, justification and styles."""

    __slots__ = ("column", "left", "right", "content", "width", "fixed", "justify",
                 "overflow", "style", "header_style", "options", "cache")

    def __init__(self, table: Table, index: int, styles: Styles):
        column = self.column = table.columns[index]
        _, right, _, left = table.padding
        if table.collapse_padding and index:
            left = max(0, left - right)
        if not table.pad_edge:
            if index == 0:
                left = 0
            if index == len(table.columns) - 1:
                right = 0
        self.left, self.right = left, right
        self.content = 0
        self.fixed = column.width
        self.justify = column.justify
        self.overflow = column.overflow
        self.style = styles.get(column.style or "")
        self.header_style = styles.add(styles.get(table.header_style or ""),
                                       styles.get(column.header_style))
        self.options = None
        self.cache: dict = {}


def _rows(table: Table):
    """A function giving the table's rows (tuples of cells), each time from the start."""
    rows = getattr(table, "iter_rows", None)
    if rows is not None:
        return rows
    return lambda: zip(*(column._cells for column in table.columns))


def _plain(c, styles: Styles) -> str:
    if type(c) is tuple:
        return c[0]
    if isinstance(c, Text):
        return c.plain
    if isinstance(c, str):
        return styles.string(c).plain
    raise _Unsupported("a cell that is not text")


def _longest(plain: str) -> int:
    """The cell width Rich measures for a text: its longest line."""
    if plain.isprintable():
        return cell_len(plain)
    return max((cell_len(line) for line in plain.splitlines()), default=0)


def _check_table(table: Table) -> None:
    if (not table.columns or table.width is not None or table.min_width is not None
            or table.expand or table.show_footer or table.caption or table.show_lines
            or table.leading or table.padding[0] or table.padding[2] or table.row_styles
            or table.highlight or any(r.style is not None or r.end_section
                                      for r in table.rows)
            or (isinstance(table.title, Text) and table.title.end != "\n")):
        raise _Unsupported("a table option")
    for c in table.columns:
        if (c.min_width is not None or c.max_width is not None or c.highlight
                or c.overflow == "ignore" or c.vertical not in ("top", "middle", "bottom")):
            raise _Unsupported("a column option")


class TableLines:
    """A table's layout when Rich would not fold it: measured once over every cell; then
    written row by row (`write`) as Rich prints it."""

    def __init__(self, table: Table, console, styles: Styles):
        _check_table(table)
        self.table, self.console, self.styles = table, console, styles
        self.rows = _rows(table)
        self.columns = [_Column(table, i, styles) for i in range(len(table.columns))]
        self.padded = any(table.padding)
        cols = self.columns
        if table.show_header:
            for col in cols:
                col.content = _longest(_plain(col.column.header, styles))
        count = 0
        for row in self.rows():
            count += 1
            for col, c in zip(cols, row):
                n = _longest(c[0]) if type(c) is tuple else _longest(_plain(c, styles))
                if n > col.content:
                    col.content = n
        self.count = count
        if count == 0 and not table.show_header:
            raise _Unsupported("an empty table")
        for i, col in enumerate(cols):
            if col.fixed is not None:
                col.width = col.fixed + table._get_padding_width(i)
            else:
                col.width = col.content + col.left + col.right
        self.extra = table._extra_width
        self.widths = [col.width or 1 for col in cols]
        self.width = sum(self.widths) + self.extra    # what Rich measures (when it fits)

    def fits(self, width: int) -> bool:
        """Whether Rich, given `width`, lays the table out with these widths."""
        room = width - self.extra
        if room < 1 or sum(self.widths) > room:
            return False
        return not self.padded or all(room - c.left - c.right >= 1 for c in self.columns)

    # -- writing ------------------------------------------------------------------------------

    def write(self, out, options=None) -> None:
        """Write the table (`out(text)` takes each piece): title, header, rows.
        `options`: those of console.print (`print_options`)."""
        table, styles = self.table, self.styles
        self.print_options = options = options or print_options(self.console)
        box = table.box.substitute(options, safe=table.safe_box
                                   if table.safe_box is not None else self.console.safe_box
                                   ) if table.box else None
        if box and not table.show_header:
            box = box.get_plain_headed_box()
        border = styles.get(table.style or "") + styles.get(table.border_style or "")
        self.box, self.border, self._edge_text = box, border, {}
        if table.title:
            self._title(out)
        edge = table.show_edge
        if box and edge:
            out(styles.text([(box.get_top(self.widths), border)]) + "\n")
        rows = self._all_rows()
        previous, index = next(rows, None), 0
        while previous is not None:
            current = next(rows, None)
            header = index == 0 and table.show_header
            self._row(out, previous, index == 0, current is None, header)
            if box and header:
                out(styles.text([(box.get_row(self.widths, "head", edge=edge), border)])
                    + "\n")
            previous, index = current, index + 1
        if box and edge:
            out(styles.text([(box.get_bottom(self.widths), border)]) + "\n")

    def _all_rows(self):
        if self.table.show_header:
            yield tuple(col.column.header for col in self.columns)
        yield from self.rows()

    def _title(self, out) -> None:
        """The title above the table, as Table.__rich_console__ renders it."""
        table, console = self.table, self.console
        title = table.title
        if isinstance(title, str):
            title = console.render_str(title, style=Style.pick_first(table.title_style,
                                                                       "table.title"),
                                       highlight=False)
        line = text_line(self.styles, title, self.width, table.title_justify)
        if line is not None:
            out(line + "\n")
            return
        segments = console.render(title, self._options().update(
            justify=table.title_justify))
        for line in Segment.split_and_crop_lines(segments, console.width, pad=False):
            out(self.styles.line(line))

    def _row(self, out, row, first: bool, last: bool, header: bool) -> None:
        cells = []
        height = 1
        for col, c, w in zip(self.columns, row, self.widths):
            lines = self._cell(col, c, w, col.header_style if header else col.style)
            cells.append(lines)
            if len(lines) > height:
                height = len(lines)
        if height > 1 or not all(cells):
            cells = [self._align(col, lines, w, height, header)
                     for col, lines, w in zip(self.columns, cells, self.widths)]
        left, right, divider = self._edges("head" if first else "foot" if last else "mid")
        for k in range(height):
            out(left + divider.join(lines[k] for lines in cells) + right + "\n")

    def _edges(self, part: str) -> tuple[str, str, str]:
        """The box's left edge, right edge and divider on a row of the first ("head"), last
        ("foot") or any other ("mid") row, written out (Table._render's box_segments)."""
        edges = self._edge_text.get(part)
        if edges is None:
            box, border, styles = self.box, self.border, self.styles
            if box is None:
                edges = ("", "", "")
            else:
                left, right, divider = (getattr(box, f"{part}_left"),
                                        getattr(box, f"{part}_right"),
                                        getattr(box, f"{part}_vertical"))
                divider_style = border if divider.strip() else (
                    _NULL.background_style + border)
                edge = self.table.show_edge
                edges = (styles.text([(left, border)]) if edge else "",
                         styles.text([(right, border)]) if edge else "",
                         styles.text([(divider, divider_style)]))
            self._edge_text[part] = edges
        return edges

    def _align(self, col: _Column, lines: list, width: int, height: int,
               header: bool) -> list:
        extra = height - len(lines)
        if not extra:
            return lines
        style = col.header_style if header else col.style
        blank = [self.styles.text([(" " * width, style)])]
        vertical = "bottom" if header else col.column.vertical
        if vertical == "top":
            return lines + blank * extra
        if vertical == "bottom":
            return blank * extra + lines
        top = extra // 2
        return blank * top + lines + blank * (extra - top)

    def _cell(self, col: _Column, c, width: int, style) -> list[str]:
        """The cell's lines, each `width` cells wide and written out."""
        if width - col.left - col.right < 1 and self.padded:
            return []       # no room inside the padding: Rich renders nothing (a blank)
        if type(c) is tuple:                  # a light cell: the same ones come back
            lines = col.cache.get((c, style))
            if lines is None:
                plain, base, spans = c
                lines = self._simple_cell(col, plain, base, spans, width, style, None) or \
                    self._rich_cell(col, c, width, style)
                if len(col.cache) > 4096:
                    col.cache.clear()
                col.cache[(c, style)] = lines
            return lines
        if isinstance(c, str):
            c = self.styles.string(c)           # as Rich renders a str cell
        if isinstance(c, Text) and c.end == "\n" and \
                c.overflow in (None, "fold", "crop", "ellipsis"):
            lines = self._simple_cell(col, c.plain, c.style, c._spans, width, style,
                                      c.justify)
            if lines is not None:
                return lines
        return self._rich_cell(col, c, width, style)

    def _simple_cell(self, col, plain, base, spans, width, style, justify):
        inner = width - col.left - col.right
        n = _fit(plain, spans, inner)
        if n < 0:
            return None
        justified = _justified(plain, n, spans, inner, justify or col.justify or "default")
        if justified is None:
            return None
        text, spans, n = justified
        pad = inner - n
        styles = self.styles
        if not styles.colour:
            return [" " * col.left + text + " " * (pad + col.right)]
        segments = _segments(styles, text, base, spans)
        if style:
            segments = [(t, styles.add(style, s)) for t, s in segments]
        blank = style or None
        parts = [(" " * col.left, blank)] + segments
        parts += [(" " * pad, blank), (" " * col.right, blank)]
        return [styles.text(parts)]

    def _options(self):
        """The options the table renders its title and cells with (Table.__rich_console__)."""
        return self.print_options.update(width=self.width, highlight=self.table.highlight,
                                         height=None)

    def _rich_cell(self, col: _Column, c, width: int, style) -> list[str]:
        """The cell laid out by Rich itself, as Table._render does."""
        renderable = to_text(c)
        if self.padded:
            renderable = Padding(renderable, (0, col.right, 0, col.left))
        if col.options is None:
            col.options = self._options().update(
                width=width, justify=col.justify, no_wrap=col.column.no_wrap,
                overflow=col.overflow, height=None, highlight=col.column.highlight)
        lines = self.console.render_lines(renderable, col.options, style=style)
        return [self.styles.line(line) for line in lines]


# -- printing -----------------------------------------------------------------------------------

def print_options(console):
    """The options console.print renders with (its defaults)."""
    return console.options.update(justify=None, overflow=None, height=None, no_wrap=None,
                                  markup=None, highlight=None)


def table_lines(table: Table, console, styles: Styles | None = None) -> TableLines | None:
    """The table's measured layout, or None: a table or cell Rich must lay out itself."""
    try:
        return TableLines(table, console, styles or Styles(console))
    except _Unsupported:
        return None


def parts(renderable):
    """The renderables printed one after the other: a Group's (made anew by rich_out's
    long walk-throughs each time), or the one."""
    if isinstance(renderable, Group):
        return renderable.renderables
    return [renderable]


class _Out:
    """Text gathered into writes of about _CHUNK characters."""

    def __init__(self, stream):
        self.stream, self.buffer, self.size = stream, [], 0

    def __call__(self, text: str) -> None:
        self.buffer.append(text)
        self.size += len(text)
        if self.size > _CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.stream.write("".join(self.buffer))
            self.buffer.clear()
            self.size = 0


class LinePrinter:
    """Prints a renderable (a table, or a Group of tables and lines of text) as
    console.print would: its own lines wherever Rich has no choice to make, Rich
    elsewhere.

    For a pipe or a file (`grow_to`), console.print is given a console as wide as the
    widest line of the renderable, up to `grow_to` columns. A part that fits that width
    prints the same whatever the width, so parts are written as they come while they fit
    the width known so far (the widest before them); the first one that does not waits
    for the rest to be measured, and from it on each part is printed at the final width.
    A long walk-through of small tables is so made and written once."""

    def __init__(self, console):
        self.console = console
        self.styles = Styles(console)
        self.width = self.options = None
        self.wide = console.options.update_width(_ROOM)    # where a pipe's part is measured

    def usable(self) -> bool:
        c = self.console
        return (not c.quiet and not c.record and not c.legacy_windows and not c.is_jupyter
                and (c.encoding or "").lower().replace("-", "").startswith("utf"))

    def print(self, renderable, grow_to: int | None = None) -> bool:
        """Print it; False (nothing written, the console as it was) when it is a single
        table that Rich must lay out."""
        console = self.console
        before = console.width
        if not isinstance(renderable, Group):
            layout = table_lines(renderable, console, self.styles) \
                if isinstance(renderable, Table) else None
            if layout is None or not layout.fits(_ROOM):
                return False
            width = before if grow_to is None else min(max(before, layout.width), grow_to)
            if not layout.fits(width):
                return False
            console.width = width
            out = _Out(console.file)
            layout.write(out, print_options(console))
            out.flush()
            console.file.flush()
            return True
        out = _Out(console.file)
        widest, done = 0, 0
        self._at(before)
        for part in parts(renderable):
            layout = None
            if grow_to is not None:
                width, layout = self._measure(part)
                widest = max(widest, width)
                self._at(min(max(before, widest), grow_to))
            settled = grow_to is None or self.width == grow_to    # as wide as it gets
            if not self._write(part, layout, out, settled):
                break
            done += 1
        else:
            out.flush()
            console.file.flush()
            return True
        for part in islice(parts(renderable), done + 1, None):
            widest = max(widest, self._measure(part)[0])
        self._at(min(max(before, widest), grow_to))
        for part in islice(parts(renderable), done, None):
            self._write(part, None, out, settled=True)
        out.flush()
        console.file.flush()
        return True

    def _at(self, width: int) -> None:
        """Print at this width from now on (reading console.width asks the terminal)."""
        if width != self.width:
            self.width = self.console.width = width
            self.options = print_options(self.console)

    def _measure(self, part) -> tuple[int, TableLines | None]:
        """What Rich measures of the part (its widest line), and its layout if a table."""
        layout = table_lines(part, self.console, self.styles) \
            if isinstance(part, Table) else None
        if layout is not None and layout.fits(_ROOM):
            return layout.width, layout
        return self.console.measure(to_text(part), options=self.wide).maximum, None

    def _write(self, part, layout, out, settled: bool) -> bool:
        """Write one part at the console's width; unless `settled` (the width is final),
        only a part whose lines do not depend on the width, else False."""
        console = self.console
        if isinstance(part, Table):
            layout = layout or table_lines(part, console, self.styles)
            if layout is not None and layout.fits(self.width):
                layout.write(out, self.options)
                return True
        elif isinstance(part, (Text, tuple)):
            justify = part.justify if isinstance(part, Text) else None
            if settled or justify in (None, "default", "full"):
                line = text_line(self.styles, part, self.width)
                if line is not None:
                    out(line + "\n")
                    return True
        if not settled:
            return False
        out.flush()
        console.print(Group(to_text(part)))
        return True
