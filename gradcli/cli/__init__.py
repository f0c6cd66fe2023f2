"""The `gradcli` command: a click group whose commands live one per module and load lazily.

This is the one place where errors become exit codes: a `GradcliError` is rendered once to
stderr and exits with its `exit_code` (1 evaluation, 2 usage, 3 syntax); Ctrl-C exits 130;
a closed pipe (`gradcli ... | head`) ends quietly; anything else is an internal error
(exit 1, traceback only with --debug). `gradcli --help` imports no command module's heavy
dependencies (NumPy, Rich, lark load inside the command that runs).
"""
from __future__ import annotations

import errno
import importlib
import io
import os
import re
import sys

import click

from .common import OUTPUT_ERRNOS, Settings, _output_hint, global_options, settings

#: command name -> "module:attribute", imported only when the command is used.
COMMANDS = {
    "grad": "gradcli.cli.grad:grad",
    "eval": "gradcli.cli.eval:eval_",
    "graph": "gradcli.cli.graph:graph",
    "explain": "gradcli.cli.explain:explain",
    "jacobian": "gradcli.cli.jacobian:jacobian",
    "hessian": "gradcli.cli.hessian:hessian",
    "check": "gradcli.cli.check:check",
    "run": "gradcli.cli.run:run",
    "batch": "gradcli.cli.batch:batch",
    "ops": "gradcli.cli.ops:ops",
}

EXIT_INTERRUPTED = 130
#: a closed pipe (`gradcli ... | head`): the status of a process that SIGPIPE ended, as any
#: Unix tool's, whatever the format (128 + 13)
EXIT_BROKEN_PIPE = 141


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwind like Ctrl-C does (an -o FILE's temporary file is
    removed, batch workers are stopped), then exit with 128 + the signal's number. A
    BaseException, so no formula's `except` and no `except Exception` catches it."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _terminate(signum, frame):
    raise Terminated(signum)


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is needed."""

    def __init__(self, *args, lazy_commands: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx):
        return list(self.lazy_commands) + [c for c in super().list_commands(ctx)
                                           if c not in self.lazy_commands]

    def get_command(self, ctx, name):
        if name in self.lazy_commands:
            return self._load(name)
        return super().get_command(ctx, name)

    def _load(self, name: str):
        module_name, attr = self.lazy_commands[name].split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as e:
            if e.name != module_name:
                raise
            return _unavailable(name)
        return getattr(module, attr)

    def format_commands(self, ctx, formatter):
        """List commands with the first line of their help (the modules are light)."""
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit=formatter.width - 24)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.exceptions.UsageError as e:
            raise _in_gradcli_layout(e) from e

    def invoke(self, ctx):
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()          # a closed pipe shows up here, not at exit
            return result
        except click.exceptions.UsageError as e:      # a command's options, as click read them
            if e.ctx is None and ctx.invoked_subcommand:
                # click's parser leaves out the context (`eval x -o`): it is the command's
                e.ctx = click.Context(self.get_command(ctx, ctx.invoked_subcommand),
                                      parent=ctx, info_name=ctx.invoked_subcommand)
            raise _in_gradcli_layout(e) from e
        except (click.exceptions.ClickException, click.exceptions.Exit,
                click.exceptions.Abort):
            raise
        except BaseException as e:  # noqa: BLE001 - the one place errors become exit codes
            ctx.exit(handle_error(e))


class CommandLineError(click.exceptions.ClickException):
    """A usage error click found (a bad option value, a missing argument ...), shown in
    gradcli's layout (`usage error: ...` and a hint) rather than click's, exit status 2."""

    exit_code = 2

    def __init__(self, rendered: str):
        super().__init__(rendered)
        self.rendered = rendered

    def show(self, file=None) -> None:
        _tell(self.rendered)


def _in_gradcli_layout(e: click.exceptions.UsageError) -> click.exceptions.ClickException:
    """Click's usage error as gradcli shows every other: message, then a hint."""
    if type(e).__name__ == "NoArgsIsHelpError" or isinstance(e, CommandLineError):
        return e                                  # `gradcli` alone shows the help
    from ..errors import UsageError
    where = e.ctx.command_path if e.ctx is not None else "gradcli"
    hint = f"see `{where} --help`"
    message = e.format_message()
    if isinstance(e, click.exceptions.NoSuchOption):
        message = f"no such option: {e.option_name}"
        if e.possibilities:
            hint = f"did you mean {sorted(e.possibilities)[0]}? Otherwise {hint}"
    elif isinstance(e, click.exceptions.BadOptionUsage) and e.option_name == "-v":
        hint = "write -v NAME=VALUE, e.g. -v x=0,1,2,3"
    return CommandLineError(UsageError(message.rstrip("."), hint=hint).render())


def _unavailable(name: str) -> click.Command:
    @click.command(name, help=f"(not available in this build: {name})", hidden=True,
                   context_settings={"ignore_unknown_options": True})
    @click.argument("args", nargs=-1, type=click.UNPROCESSED)
    def missing(args):
        raise click.UsageError(f"the {name!r} command is not available in this build")
    return missing


def handle_error(e: BaseException) -> int:
    """Report an error on stderr and return the exit code (STYLE 8: rendered once)."""
    from ..errors import GradcliError, OutputError
    debug = settings().debug or bool(os.environ.get("GRADCLI_DEBUG"))
    if isinstance(e, Terminated):
        import signal
        _tell(f"terminated ({signal.Signals(e.signum).name})")
        return 128 + e.signum
    if _caused_by(e, BrokenPipeError):
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    if isinstance(e, KeyboardInterrupt):
        _tell("interrupted")
        return EXIT_INTERRUPTED
    if isinstance(e, SystemExit):
        raise e
    if debug:
        import traceback
        traceback.print_exception(type(e), e, e.__traceback__, file=sys.stderr)
    failure = _write_failure(e)
    if failure is not None and not isinstance(e, OutputError):
        # print() or a renderer writing to a full disk or a closed stdout: not a bug
        _silence_stdout()
        e = OutputError(f"cannot write the output: {failure.strerror}",
                        hint=_output_hint(failure))
    if isinstance(e, GradcliError):
        if e.hint is None and re.match(_NO_DERIVATIVE, e.message):
            e.hint = NO_DERIVATIVE_HINT
        _tell(e.render())
        return e.exit_code
    if isinstance(e, RecursionError):
        _tell("error: the input is nested too deeply for gradcli to handle")
        return 1
    if isinstance(e, MemoryError):
        _tell("error: out of memory\nhint: use smaller inputs; --max-elements and "
              "--max-total-elements make gradcli refuse such a size before it runs out")
        return 1
    _tell(f"internal error: {type(e).__name__}: {e}")
    if not debug:
        _tell("this is a bug in gradcli; run again with --debug for the traceback")
    return 1


#: PyTorch's error for a node recorded without a derivative (floor_divide, bincount ...): the
#: engine raises it with PyTorch's text alone, wherever the op lives; the hint is the CLI's
_NO_DERIVATIVE = r"(the )?derivative for \S+ is not implemented"
NO_DERIVATIVE_HINT = ("PyTorch records this operation but cannot differentiate it: detach() "
                      "its input, or compute the output with differentiable operations")


def _caused_by(e: BaseException, kind: type) -> bool:
    """Whether e is, or was raised while handling, an exception of this kind (a formula's
    print() into a closed pipe reaches us as an evaluation error caused by it)."""
    seen = set()
    while e is not None and id(e) not in seen:
        if isinstance(e, kind):
            return True
        seen.add(id(e))
        e = e.__cause__ or e.__context__
    return False


def _tell(message: str) -> None:
    """Write a line to stderr; if stderr itself is unusable, there is no one to tell."""
    try:
        click.echo(message, err=True)
    except (OSError, ValueError):
        pass


def _write_failure(e: BaseException) -> OSError | None:
    """The OSError behind e when it is a write that failed outside gradcli (disk full, a
    closed stdout ...), following what e was raised from or while handling, as Python's
    traceback would show it."""
    seen = set()
    while e is not None and id(e) not in seen:
        if isinstance(e, OSError) and e.errno in OUTPUT_ERRNOS:
            return e
        seen.add(id(e))
        e = e.__cause__ or (None if e.__suppress_context__ else e.__context__)
    return None


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so the final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


@click.group(cls=LazyGroup, lazy_commands=COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"]})
@global_options()
@click.pass_context
def main(ctx):
    """gradcli: gradients, Jacobians, Hessians and computation graphs of formulas, with
    PyTorch's autograd semantics on NumPy.

    \b
    Examples:
      gradcli grad "2*dot(x,x)" --x 0,1,2,3
      gradcli grad "2*dot(x,x)" --x 0,1,2,3 --json
      gradcli graph "sum(sin(x)*y)" --x 1,2 --y 3,4 --format dot | dot -Tsvg > g.svg
      gradcli explain "mean(x**2)" --x 1,2,3
      gradcli run samples/03_leaf_and_grad_fn.grad

    Global options go before or after the command. Exit status: 0 success, 1 evaluation
    error or failed check, 2 usage error, 3 formula syntax error.
    Shell completion: eval "$(_GRADCLI_COMPLETE=bash_source gradcli)" (zsh_source,
    fish_source for other shells).
    """
    ctx.ensure_object(Settings)


def entry() -> None:
    """The `gradcli` executable: run `main`, then end the process without tearing down the
    interpreter (freeing NumPy's and every module's objects one by one costs ~15 ms, a tenth
    of a one-liner's run), once the output is flushed and nothing else is running. Anything
    unusual (a live thread or child process) gets Python's normal exit instead."""
    _stand_in_for_closed_streams()
    _tolerate_narrow_encodings()
    import signal
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:   # the start-up's quiet stop
        signal.signal(signal.SIGINT, signal.default_int_handler)
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is signal.SIG_DFL:
            signal.signal(number, _terminate)
    try:
        main(prog_name="gradcli")
        code = 0
    except SystemExit as e:
        code = e.code
    except Terminated as e:             # before a command ran (while parsing options)
        code = handle_error(e)
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(code)
    if _quiet_process():
        os._exit(code)
    sys.exit(code)


class _ClosedOutput(io.TextIOBase):
    """sys.stdout when the shell closed it (`gradcli ... >&-`): writing fails as a write
    to a closed descriptor does, so the command reports it like any failed write."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not text:
            return 0
        raise OSError(errno.EBADF, "standard output is closed")


class _ClosedInput(io.TextIOBase):
    """sys.stdin when the shell closed it (`gradcli ... <&-`): reading it is a usage error."""

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        from ..errors import UsageError
        raise UsageError("standard input is closed, so - (stdin) cannot be read",
                         hint="give the input as an argument or a file, or pipe it in")

    readline = read


#: What a character an output encoding lacks is written as (see _tolerate_narrow_encodings)
_ASCII_FORMS = {"\u2014": "-", "\u2013": "-", "\u2192": "->", "\u2190": "<-",
                "\u2026": "...", "\u00b2": "^2", "\u00b3": "^3", "\u00d7": "x",
                "\u2500": "-", "\u2502": "|", "\u251c": "|", "\u2514": "`", "\u2212": "-",
                "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
                "\u2248": "~", "\u2260": "!=", "\u2264": "<=", "\u2265": ">=",
                "\u2202": "d", "\u2207": "grad "}


def _narrow_output(error: UnicodeEncodeError):
    """Codec error handler for an output stream whose encoding lacks a character: gradcli's
    own symbols (— → ²) get an ASCII form, a byte that came in undecodable (a surrogate
    escape) goes out as that byte, anything else its Python escape (\\xe9, \\u4e2d)."""
    ch = error.object[error.start]
    if "\udc80" <= ch <= "\udcff":
        return bytes([ord(ch) - 0xDC00]), error.start + 1
    return (_ASCII_FORMS.get(ch) or ch.encode("ascii", "backslashreplace").decode(),
            error.start + 1)


def _tolerate_narrow_encodings() -> None:
    """stdout and stderr in an encoding that is not UTF-8 (PYTHONIOENCODING=ascii, the C
    locale without Python's coercion, latin-1 ...) write what they cannot encode in a form
    they can (see _narrow_output), as Rich's tables already fall back to ASCII borders:
    never an internal UnicodeEncodeError. UTF-8 streams (nearly always) are left alone."""
    import codecs
    registered = False
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
        if encoding in ("utf-8", "utf8", "utf-8-sig") or not hasattr(stream, "reconfigure"):
            continue
        if not registered:
            codecs.register_error("gradcli.narrow", _narrow_output)
            registered = True
        try:
            stream.reconfigure(errors="gradcli.narrow")
        except (ValueError, OSError, AttributeError):
            pass


def _stand_in_for_closed_streams() -> None:
    """A standard stream the shell closed is None in Python (or a stream on a descriptor
    that fails); give each a stand-in so that using it is a clear error (stderr, where
    errors go, becomes /dev/null)."""
    if _closed(sys.stdin):
        sys.stdin = _ClosedInput()
    if _closed(sys.stdout):
        sys.stdout = _ClosedOutput()
    if _closed(sys.stderr):
        sys.stderr = open(os.devnull, "w", encoding="utf-8")


def _closed(stream) -> bool:
    if stream is None:
        return True
    try:
        os.fstat(stream.fileno())
    except OSError:
        return True
    except (AttributeError, ValueError, io.UnsupportedOperation):
        return False
    return False


def _quiet_process() -> bool:
    """No other thread, child process or exit handler that needs a normal shutdown."""
    import threading
    if threading.active_count() > 1:
        return False
    mp = sys.modules.get("multiprocessing")
    return mp is None or not mp.active_children()


__all__ = ["main", "entry", "COMMANDS", "LazyGroup", "handle_error"]
