"""What every command shares: the global settings, the options that set them, the output
format choice, the colour decision, the atomic `-o FILE` writer and the `--NAME VALUE`
variable arguments.

Imports only click and the standard library, so `gradcli --help` stays light.
"""
from __future__ import annotations

import contextlib
import errno
import os
import re
import sys

import click

from .._struct import Struct, field
from ..errors import OutputError, UsageError

DTYPES = ("float32", "float64")

#: errno values of a write that failed for reasons outside gradcli (disk full, a closed or
#: read-only destination): reported as "cannot write", never as an internal error.
OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF,
                           errno.EROFS})


def _output_hint(e: OSError) -> str | None:
    if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "free some space, or write somewhere else with -o FILE"
    return None


# -- global settings -----------------------------------------------------------------------

class Settings(Struct, slots=False, eq=True):
    """The global options of one invocation (`gradcli [GLOBAL OPTIONS] COMMAND ...`)."""

    dtype: str = "float32"
    seed: int | None = None
    no_color: bool = False
    debug: bool = False
    limits: dict = field(default_factory=dict)

    def make_limits(self):
        from ..lang.limits import Limits
        return Limits(**self.limits)


def settings() -> Settings:
    """The settings of the running command (defaults outside a click context)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return Settings()
    return ctx.ensure_object(Settings)


def _setter(attr):
    def callback(ctx, param, value):
        if value is not None and value is not False:
            setattr(ctx.ensure_object(Settings), attr, value)
        return value
    return callback


class Number(click.ParamType):
    """A float option that must be a number (never NaN: every comparison with it is false,
    so it would pass any range check and then break the arithmetic), above `low` (or at
    it, unless `open_low`), and finite unless `infinite`."""

    name = "float"

    def __init__(self, low: float | None = None, *, open_low: bool = False,
                 infinite: bool = False):
        self.low, self.open_low, self.infinite = low, open_low, infinite

    def convert(self, value, param, ctx):
        import math
        x = click.FLOAT.convert(value, param, ctx)
        if math.isnan(x):
            self.fail(f"{value!r} is not a number", param, ctx)
        if math.isinf(x) and not self.infinite:
            self.fail(f"{value!r} is not finite", param, ctx)
        if self.low is not None and (x < self.low or (self.open_low and x == self.low)):
            self.fail(f"{x:g} is not {'>' if self.open_low else '>='} {self.low:g}", param,
                      ctx)
        return x


class Count(click.ParamType):
    """A whole number of bytes, megabytes or elements, at least `low`: as an integer or as
    a number such sizes are often written as (`1e6`, `1_000_000`, `2.5e3`)."""

    name = "integer"

    def __init__(self, low: int | None = None):
        self.low = low

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            n = value
        else:
            import decimal
            try:
                d = decimal.Decimal(str(value).strip())
            except decimal.InvalidOperation:
                d = None
            if d is None or not d.is_finite() or d != d.to_integral_value():
                self.fail(f"{value!r} is not a whole number (write e.g. 4096, 1_000_000 or "
                          "1e6)", param, ctx)
            if d.adjusted() > 30:             # int() of 1e999999999 would take minutes
                self.fail(f"{value!r} is too large", param, ctx)
            n = int(d)
        if self.low is not None and n < self.low:
            self.fail(f"{n:,} is less than the least allowed, {self.low:,}", param, ctx)
        return n


class Seed(click.ParamType):
    """A seed as torch.manual_seed takes it: an integer from -2**63 to 2**64 - 1 (PyTorch
    refuses any other with "Overflow when unpacking long long"; a negative one is read
    modulo 2**64, as there)."""

    name = "integer"
    LOW, HIGH = -(1 << 63), (1 << 64) - 1

    def convert(self, value, param, ctx):
        n = click.INT.convert(value, param, ctx)
        if not self.LOW <= n <= self.HIGH:
            self.fail(f"{n} is out of range: torch.manual_seed takes an integer from "
                      f"-2**63 to 2**64 - 1 ({self.LOW} to {self.HIGH})", param, ctx)
        return n


def _limit_setter(field_name):
    def callback(ctx, param, value):
        if value is not None:
            if value <= 0:
                raise click.BadParameter("must be positive", ctx=ctx, param=param)
            ctx.ensure_object(Settings).limits[field_name] = value
        return value
    return callback


def _limit_options(hidden: bool):
    from ..lang.limits import FLAGS, Limits
    defaults = Limits()
    opts = []
    for name, flag in FLAGS.items():
        default = getattr(defaults, name)
        kind = Number(0, open_low=True, infinite=True) if isinstance(default, float) else Count()
        opts.append(click.option(
            flag, type=kind, default=None, expose_value=False, is_eager=True, hidden=hidden,
            callback=_limit_setter(name), metavar="N",
            help=f"Limit on {name.removeprefix('max_').replace('_', ' ')} "
                 f"(default {default:,})."))
    return opts


def print_version(ctx, param, value):
    """`--version`: before or after the command, print the version and stop."""
    if not value or ctx.resilient_parsing:
        return
    from ..__about__ import __version__
    click.echo(f"gradcli {__version__}")
    ctx.exit()


def global_options(hidden_limits: bool = False, version: bool = True):
    """The options accepted both before and after the command name (the later one wins)."""
    opts = [
        click.option("--version", is_flag=True, expose_value=False, is_eager=True,
                     callback=print_version, help="Show the version and exit."),
    ] if version else []
    opts += [
        click.option("--dtype", type=click.Choice(DTYPES), default=None, expose_value=False,
                     is_eager=True, callback=_setter("dtype"),
                     help="Default floating dtype (float32, as in PyTorch)."),
        click.option("--seed", type=Seed(), default=None, expose_value=False, is_eager=True,
                     callback=_setter("seed"), help="Seed random numbers (manual_seed)."),
        click.option("--no-color", is_flag=True, default=False, expose_value=False,
                     is_eager=True, callback=_setter("no_color"),
                     help="No colour (also when NO_COLOR is set or output is not a terminal)."),
        click.option("--debug", is_flag=True, default=False, expose_value=False,
                     is_eager=True, callback=_setter("debug"),
                     help="Show Python tracebacks of errors."),
    ] + _limit_options(hidden_limits)

    def deco(f):
        for opt in reversed(opts):
            f = opt(f)
        return f
    return deco


# -- output format and destination ---------------------------------------------------------

def format_options(formats: tuple = ("table", "json"), default: str = "table"):
    """`--format FMT`, `--json` (= `--format json`) and `-o/--output FILE`."""
    def deco(f):
        f = click.option("-o", "--output", "output", type=click.Path(dir_okay=False,
                         writable=True), default=None,
                         help="Write to FILE (atomically) instead of stdout.")(f)
        f = click.option("--json", "as_json", is_flag=True,
                         help="Same as --format json.")(f)
        f = click.option("--format", "fmt", type=click.Choice(formats), default=default,
                         show_default=True, help="Output format.")(f)
        return f
    return deco


def gradient_option(help: str):
    """`--gradient W` (PyTorch's grad_tensors): a value like a variable's, so given twice it
    is an error, as a variable given twice is (click would keep the last)."""
    def once(ctx, param, value):
        if len(value) > 1:
            raise UsageError("--gradient is given twice", hint="give --gradient only once")
        return value[0] if value else None
    return click.option("--gradient", metavar="W", multiple=True, callback=once, help=help)


def chosen_format(fmt: str, as_json: bool) -> str:
    return "json" if as_json else fmt


def color_enabled(stream) -> bool:
    """Colour only on a terminal, without --no-color and without NO_COLOR (no-color.org)."""
    if settings().no_color or os.environ.get("NO_COLOR"):
        return False
    return _isatty(stream)


@contextlib.contextmanager
def open_output(path: str | None):
    """Yield the text stream to write to: stdout, or a temporary file beside `path` that
    replaces `path` only when the block succeeds (nothing is left behind on error).

    A symlink is written through (its target is replaced, the link stays), and something
    that is not a regular file (/dev/stdout, /dev/null, a FIFO, a terminal) is written
    straight into: replacing it with a file would break it (as root, even /dev/null)."""
    if path is None or path == "-":
        yield sys.stdout
        return
    if not path.strip():
        raise UsageError("-o needs a file name, got an empty one",
                         hint="write -o FILE, or leave -o out (or -o -) for stdout")
    if path.endswith(("/", os.sep)):
        raise UsageError(f"cannot write {path}: a name ending in / is a directory",
                         hint="give a file name, e.g. -o out.json")
    if _is_special(path):
        try:
            stream = open(path, "w", encoding="utf-8", newline="")
        except OSError as e:
            raise UsageError(f"cannot write {path}: {e.strerror}",
                             hint=_create_hint(path, e)) from None
        with _writing(path), stream:
            yield stream
        return
    target = os.path.realpath(path)
    if os.path.islink(target):          # realpath stops where the links go round
        raise UsageError(f"cannot write {path}: its symbolic links form a loop",
                         hint="point the link at a file (see ls -l), or give another name")
    with _writing(path):
        with _atomic_stream(target) as stream:
            yield stream


def _is_special(path: str) -> bool:
    """Whether `path` exists and is not a regular file or a directory."""
    import stat
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


@contextlib.contextmanager
def _writing(path: str):
    """Turn a failure to create or write `path` into an error that names it."""
    try:
        yield
    except OSError as e:
        if e.errno not in OUTPUT_ERRNOS:
            raise
        raise OutputError(f"cannot write {path}: {e.strerror}",
                          hint=_output_hint(e)) from e


@contextlib.contextmanager
def _atomic_stream(path: str):
    import tempfile
    if os.path.isdir(path):
        raise UsageError(f"cannot write {path}: it is a directory",
                         hint="give a file name, e.g. -o out.json")
    directory = os.path.dirname(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.",
                                   suffix=".tmp")
    except OSError as e:
        raise UsageError(f"cannot write {path}: {e.strerror}",
                         hint=_create_hint(path, e)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _create_hint(path: str, e: OSError) -> str:
    """Why -o FILE could not be created, in the user's terms."""
    directory = os.path.dirname(path) or "."
    if e.errno == errno.ENOENT and not os.path.isdir(directory):
        return f"the directory {directory} does not exist: create it first, or write elsewhere"
    if e.errno == errno.ENAMETOOLONG:
        return "the name is too long for the file system: give a shorter one"
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{directory} cannot be written to: give -o a file somewhere else"
    return "give -o a file in a directory that can hold new files, or leave -o out for stdout"


def _file_mode(path: str) -> int:
    """Keep an existing file's mode; a new file gets the usual 0666 minus the umask."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text(path: str | None, text: str) -> None:
    with open_output(path) as stream:
        stream.write(text)
        if not text.endswith("\n"):
            stream.write("\n")


def write_lines(path: str | None, lines) -> None:
    """Lines (each without its newline) written as they come, a chunk at a time: the text
    of a graph of a million nodes is never held whole."""
    with open_output(path) as stream:
        chunk: list = []
        size = 0
        for line in lines:
            chunk.append(line)
            size += len(line)
            if size > 1 << 16:
                stream.write("\n".join(chunk) + "\n")
                chunk.clear()
                size = 0
        if chunk:
            stream.write("\n".join(chunk) + "\n")


# -- expressions and variables -------------------------------------------------------------

#: `--NAME VALUE` / `--NAME=VALUE`: NAME is an identifier, as the formula language's names
#: (non-ASCII letters included: `--é 1` for the expression `é + 1`).
VARIABLE_OPTION = re.compile(r"--([^\W\d]\w*)(?:=(.*))?\Z", re.S)
NAME = re.compile(r"[^\W\d]\w*\Z")


def expression_command_settings() -> dict:
    """Context settings of commands that take `EXPR [--NAME VALUE]...`."""
    return {"ignore_unknown_options": True, "help_option_names": ["-h", "--help"]}


def variable_options(f=None, *, metavar: str = "EXPR [--NAME VALUE]..."):
    """`-v NAME=VALUE` (repeatable) and the free arguments `EXPR [--NAME VALUE]...`
    (`metavar` names them in usage lines: `FILE [--NAME VALUE]...` for run)."""
    if f is None:
        return lambda g: variable_options(g, metavar=metavar)
    f = click.option("-v", "--var", "var", multiple=True, metavar="NAME=VALUE",
                     help="Give variable NAME a value (for any name, even one that is also "
                          "an option).")(f)
    complete = _complete_file if metavar.startswith("FILE") else None
    f = click.argument("args", nargs=-1, type=click.UNPROCESSED, metavar=metavar,
                       shell_complete=complete)(f)
    return f


def _complete_file(ctx, param, incomplete):
    """Shell completion of `run FILE ...`: file names for FILE, nothing after it."""
    from click.shell_completion import CompletionItem
    if ctx.params.get("args"):
        return []
    return [CompletionItem(incomplete, type="file")]


def split_arguments(args: tuple, var: tuple, *, need_expr: bool = True,
                    known_options: list | None = None, dash_is_stdin: bool = True,
                    extra_hint: str = "quote the expression so the shell passes it as one "
                                      "argument"):
    """(expression, {name: value text}) from `EXPR --x 1 --y=2` and `-v x=1`, in order.
    An EXPR of `-` is read from stdin (unless `dash_is_stdin` is false). A trailing `--x`
    without a value maps to None (see `missing_value_error`)."""
    values = GivenValues()
    positional: list[str] = []
    i = 0
    while i < len(args):
        token = args[i]
        m = VARIABLE_OPTION.match(token)
        if m is None:
            positional.append(token)
            i += 1
            continue
        name, value = m.group(1), m.group(2)
        if value is None and i + 1 < len(args):
            value = args[i + 1]
            i += 1
        _add_value(values, name, value)      # None: checked once the variables are known
        i += 1
    for item in var:
        name, eq, value = item.partition("=")
        name = name.strip()
        if not eq or not NAME.match(name):
            raise UsageError(f"-v expects NAME=VALUE, got {item!r}",
                             hint="e.g. -v x=0,1,2,3")
        _add_value(values, name, value)
        values.spelled[name] = f"-v {item if len(item) <= 40 else item[:37] + '...'}"
    expr = _expression(positional, need_expr, known_options, extra_hint)
    _stdin_once(expr, values, "EXPR" if dash_is_stdin else "FILE")
    if expr == "-" and dash_is_stdin:
        # Named <expr> as an expression on the command line is: its syntax and
        # evaluation errors say <expr>, so its undecodable bytes do too.
        expr = stdin_expression(read_source(sys.stdin, "<expr>", settings().make_limits()))
    return expr, values


def _stdin_once(expr: str | None, values: GivenValues, what: str) -> None:
    """Stdin can be read once: a second reader (`grad - --x @-`) would find it empty."""
    readers = [f"{what} -"] if expr == "-" else []
    ctx = click.get_current_context(silent=True)
    given = dict(values)
    if ctx is not None and isinstance(ctx.params.get("gradient"), str):
        given["--gradient"] = ctx.params["gradient"]
    for name, text in given.items():
        if text is not None and text.strip() == "@-":
            readers.append(values.spelled.get(name) or
                           (name if name.startswith("-") else f"--{name}") + " @-")
    if len(readers) > 1:
        raise UsageError(f"standard input can be read only once: {readers[0]} and "
                         f"{readers[1]} both read it",
                         hint="keep stdin for one of them; write the other on the command "
                              "line or save it to a file (--NAME @FILE)")


class GivenValues(dict):
    """{name: value text} of the variables given on the command line; `spelled` records
    those given as `-v NAME=VALUE` (messages then show what was typed, not `--NAME`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.spelled: dict[str, str] = {}


def stdin_expression(text: str) -> str:
    """EXPR as read from stdin (`gradcli grad - < f.txt`): without the UTF-8 BOM an editor
    put first, nor the line ending it put last (`run` reads a file the same way)."""
    return text.removeprefix("\ufeff").rstrip("\r\n")


#: each command's example of EXPR in the "missing the expression" hint
_EXAMPLES = {"jacobian": '"x*x" --x 1,2,3', "hessian": '"sum(x**3)" --x 1,2,3'}


def _add_value(values: dict, name: str, value: str) -> None:
    if name in values:
        raise UsageError(f"variable {name!r} is given twice",
                         hint=f"give --{name} only once")
    values[name] = value


def _expression(positional: list, need_expr: bool, known_options, extra_hint: str):
    if not positional:
        if need_expr:
            ctx = click.get_current_context(silent=True)
            command = ctx.info_name if ctx is not None and ctx.info_name else "grad"
            example = _EXAMPLES.get(command, '"2*dot(x,x)" --x 0,1,2,3')
            raise UsageError("missing the expression EXPR",
                             hint=f"e.g. gradcli {command} {example}")
        return None
    if len(positional) > 1:
        extra = positional[1]
        hint = extra_hint
        if extra.startswith("-") and len(extra) > 1:
            import difflib
            close = difflib.get_close_matches(extra, known_options or [], n=1)
            bare = extra.lstrip("-")
            hint = f"did you mean {close[0]}?" if close else (
                f"a variable's value is --{bare} VALUE" if NAME.match(bare) else
                f"{extra} is neither an option nor --NAME of a variable (a NAME is a letter "
                "or _ then letters, digits, _)")
        raise UsageError(f"unexpected extra argument {extra!r}", hint=hint)
    return positional[0]


def missing_value_error(name: str, options: list | None = None) -> UsageError:
    """`--name` last on the line: a variable without its value, or a mistyped option."""
    import difflib
    close = difflib.get_close_matches(f"--{name}", options or [], n=1)
    hint = f"write --{name} VALUE, e.g. --{name} 0,1,2,3"
    if close:
        hint = f"did you mean {close[0]}? Otherwise {hint}"
    return UsageError(f"option --{name} needs a value", hint=hint)


def known_option_names(ctx: click.Context) -> list[str]:
    names = []
    for p in ctx.command.params:
        if isinstance(p, click.Option):
            names.extend(o for o in p.opts + p.secondary_opts if o.startswith("--"))
    return names


def unknown_variable_error(name: str, free: list, ctx: click.Context | None,
                           spelled: str | None = None) -> UsageError:
    """A value for a name the expression does not use: most likely a mistyped option (or,
    given as `-v NAME=VALUE`, a mistyped name)."""
    import difflib
    if spelled is not None:
        close = difflib.get_close_matches(name, free, n=1)
        hint = f"did you mean -v {close[0]}=...?" if close else (
            f"the expression's variables are: {listed_names(free)}" if free
            else "the expression has no variables")
        return UsageError(f"{spelled}: the expression has no variable {name!r}", hint=hint)
    options = known_option_names(ctx) if ctx is not None else []
    close = difflib.get_close_matches(f"--{name}", options + [f"--{n}" for n in free], n=1)
    if f"--{name}" in options:
        return UsageError(f"--{name} after `--` is read as a variable, and the expression has "
                          "none of that name", hint=f"put --{name} before `--`")
    hint = f"did you mean {close[0]}?" if close else (
        f"the expression's variables are: {listed_names(free)}" if free
        else "the expression has no variables")
    return UsageError(f"no such option or variable: --{name}", hint=hint)


def listed_names(names: list, most: int = 20, width: int = 40, quoted: bool = False) -> str:
    """Names for a message, each cut to `width` characters and at most `most` of them: a
    formula of 100,000 names (or one name of 100,000 letters) is not repeated whole."""
    def shown_name(n: str) -> str:
        text = repr(n[:width]) if quoted else n[:width]
        return text if len(n) <= width else f"{text}... ({len(n):,} characters)"
    shown = [shown_name(n) for n in names[:most]]
    if len(names) > most:
        shown.append(f"and {len(names) - most:,} more")
    return ", ".join(shown)


def read_source(source, name: str, limits) -> str:
    """The text of a formula: `source` is a path or a stream (stdin). At most the
    source-size limit is read, so /dev/zero or an endless pipe ends in that limit's error
    rather than a hang; the text must be UTF-8, an undecodable byte is a syntax error at
    its line and column."""
    cap = limits.max_source_bytes + 1
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as f:
            data = f.read(cap)
    else:
        raw = getattr(source, "buffer", None)
        data = raw.read(cap) if raw is not None else source.read(cap).encode("utf-8",
                                                                             "surrogateescape")
    if len(data) >= cap:
        err = limits.error("max_source_bytes")
        from ..errors import Position
        raise err.at(Position(name, 1, 1))
    return decode_source(data, name)


def decode_source(data: bytes, name: str) -> str:
    from ..errors import FormulaSyntaxError, Position
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        start = data.rfind(b"\n", 0, e.start) + 1
        end = data.find(b"\n", e.start)
        line = data[start:end if end >= 0 else len(data)].decode("utf-8", "replace")
        column = len(data[start:e.start].decode("utf-8", "replace")) + 1
        raise FormulaSyntaxError(
            f"not UTF-8 text: byte 0x{data[e.start]:02x} cannot be decoded ({e.reason})",
            hint="save the file as UTF-8" if name != "<expr>" else
                 "give the expression as UTF-8 text",
            position=Position(name, data.count(b"\n", 0, e.start) + 1, column, line)) from None


def echo_err(message: str) -> None:
    click.echo(message, err=True)


def stdin_is_tty() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


# -- writing a report ------------------------------------------------------------------------

def emit_json(doc: dict, output: str | None) -> None:
    """One JSON document on stdout (or atomically into FILE), written piece by piece: a
    large Jacobian's text never sits in memory whole."""
    from ..render.json_out import pieces
    with open_output(output) as stream:
        fit = json_for(stream)
        for piece in pieces(doc):
            stream.write(fit(piece))
        stream.write("\n")


def json_for(stream):
    """How JSON text is written to `stream`: as it is, or, on a stream whose encoding is not
    UTF-8 (PYTHONIOENCODING=ascii ...), with every non-ASCII character as JSON's \\uXXXX
    escape, so the document stays valid and exact (the stream's fallback for what it cannot
    encode, a Python escape, is not JSON)."""
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    if encoding in ("utf-8", "utf8", "utf-8-sig"):
        return lambda text: text
    import json
    return lambda text: re.sub(r"[^\x00-\x7f]+", lambda m: json.dumps(m.group())[1:-1], text)


def emit_rich(renderable, output: str | None) -> None:
    """A Rich renderable on stdout, coloured only when stdout is a terminal and colour is on."""
    with open_output(output) as stream:
        print_rich(renderable, stream, to_file=output is not None)


BIG_TABLE = 100   # rows (or parts) from which gradcli lays a table out without Rich's help

#: the widest a table is laid out for a pipe or a file (render.plain writes the same)
PIPE_WIDTH = 160


def print_rich(renderable, stream, *, to_file: bool = False) -> None:
    from ..render.rich_out import make_console
    terminal = not to_file and _isatty(stream)
    console = make_console(stream, terminal and color_enabled(stream))
    if _size(renderable) >= BIG_TABLE and _print_lines(renderable, console, terminal):
        return
    fix = getattr(renderable, "fix_widths", None)        # gradcli's record-keeping tables
    fixed = fix is not None and renderable.row_count >= BIG_TABLE and fix()
    wide = console.options.update_width(100_000)
    if not terminal:
        # A pipe or file has no width: wide enough that little is folded.
        console.width = min(max(console.width,
                                console.measure(renderable, options=wide).maximum),
                            PIPE_WIDTH)
    if fixed and console.measure(renderable, options=wide).maximum > console.width:
        renderable.unfix_widths()             # too wide: Rich measures and folds as usual
    console.print(renderable)


def _size(renderable) -> int:
    """A table's rows, or the parts of a long walk-through (rich_out._Parts)."""
    return getattr(renderable, "part_count", None) or getattr(renderable, "row_count", 0)


def _print_lines(renderable, console, terminal: bool) -> bool:
    """Print a big renderable with render.rich_lines: the lines Rich would print, written
    row by row where Rich has no choice to make (tables that fit), without measuring every
    cell twice nor holding the output whole. False (nothing written): Rich's turn."""
    from ..render.rich_lines import LinePrinter
    printer = LinePrinter(console)
    return printer.usable() and printer.print(renderable,
                                              grow_to=None if terminal else PIPE_WIDTH)


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def emit_report(report, fmt: str, output: str | None, doc: str, table: str) -> None:
    """Write `report` as JSON (`json_out.<doc>`) or as a Rich table (`rich_out.<table>`);
    only the module of the chosen format is imported."""
    with _whole_ints():
        if fmt == "json":
            from ..render import json_out
            emit_json(getattr(json_out, doc)(report), output)
        else:
            with open_output(output) as stream:
                text = _plain_text(report, table, stream, to_file=output is not None)
                if text is not None:
                    stream.write(text)
                    return
                from ..render import rich_out
                print_rich(getattr(rich_out, table)(report), stream,
                           to_file=output is not None)


#: tables render.plain writes as Rich would, when they go to a pipe or a file
_PLAIN = {"grad_table": "grad_text", "eval_table": "eval_text"}


def _plain_text(report, table: str, stream, *, to_file: bool) -> str | None:
    """The table's text without Rich (render.plain), or None: Rich lays it out (a terminal,
    colour, a stream that is not UTF-8, a table render.plain leaves to Rich)."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    if table not in _PLAIN or not encoding.startswith("utf") or \
            (not to_file and _isatty(stream)):
        return None
    from ..render import plain
    return getattr(plain, _PLAIN[table])(report)


@contextlib.contextmanager
def _whole_ints():
    """Let Python write ints of any length while a report is written: `eval "10**5000"`
    computed one within --max-int-bits, and Python's 4,300-digit cap on int-to-text
    conversion would otherwise make writing it fail."""
    get = getattr(sys, "get_int_max_str_digits", None)
    if get is None:
        yield
        return
    before = get()
    sys.set_int_max_str_digits(0)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(before)
