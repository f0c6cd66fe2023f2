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

    def invoke(self, ctx):
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()          # a closed pipe shows up here, not at exit
            return result
        except (click.exceptions.ClickException, click.exceptions.Exit,
                click.exceptions.Abort):
            raise
        except BaseException as e:  # noqa: BLE001 - the one place errors become exit codes
            ctx.exit(handle_error(e))


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
    if _caused_by(e, BrokenPipeError):
        _silence_stdout()
        return 1
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
        _tell(e.render())
        return e.exit_code
    if isinstance(e, RecursionError):
        _tell("error: the input is nested too deeply for gradcli to handle")
        return 1
    if isinstance(e, MemoryError):
        _tell("error: out of memory (try a smaller input or lower --max-elements)")
        return 1
    _tell(f"internal error: {type(e).__name__}: {e}")
    if not debug:
        _tell("this is a bug in gradcli; run again with --debug for the traceback")
    return 1


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


def _print_version(ctx, param, value):
    if not value or ctx.resilient_parsing:
        return
    from ..__about__ import __version__
    click.echo(f"gradcli {__version__}")
    ctx.exit()


@click.group(cls=LazyGroup, lazy_commands=COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=_print_version, help="Show the version and exit.")
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
    import signal
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:   # the start-up's quiet stop
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        main(prog_name="gradcli")
        code = 0
    except SystemExit as e:
        code = e.code
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
