"""`gradcli batch PATH...`: run many formula files and check each against its expected output.

The work (discovery, worker pool, judging, report formats) is in `gradcli.batch`; this module
only turns options into a run and writes the chosen report.
"""
from __future__ import annotations

import contextlib
import io
import sys
import time

import click

from ..errors import UsageError, printable
from .common import (Count, Number, chosen_format, color_enabled, format_options, global_options,
                     json_for, open_output, settings)

FORMATS = ("table", "json", "ndjson", "junit")


@click.command("batch")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Files run at once, each in its own worker process "
                   "[default: the number of cores].")
@click.option("--timeout", type=Number(0, open_low=True, infinite=True), default=30.0,
              show_default=True, metavar="SECONDS", help="Time each file may run.")
@click.option("--update", is_flag=True,
              help="Write NAME.out (and NAME.err when the file ends in an error) from "
                   "this run's output.")
@click.option("--max-memory", type=Count(64), default=4096, show_default=True,
              metavar="MB", help="Memory cap of each worker process.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr [default: when stderr is a terminal].")
@format_options(FORMATS)
@global_options(hidden_limits=True)
def batch(paths, jobs, timeout, update, max_memory, progress, fmt, as_json, output):
    """Run formula files and compare each with its expected output.

    Directories are searched for *.grad files. Each file runs isolated in a worker
    process: its asserts must hold, its stdout must equal NAME.out and, when NAME.err
    exists, it must end in an error whose message contains NAME.err's first line.
    Exit status 1 when any file fails.

    \b
    Examples:
      gradcli batch samples/
      gradcli batch samples/0*.grad --jobs 2 --timeout 10
      gradcli batch samples/ --format junit -o report.xml
      gradcli batch samples/ --format ndjson | jq -c 'select(.status != "pass")'
      gradcli batch samples/ --update
    """
    from .. import batch as runner
    _check_memory_cap(max_memory)
    files = runner.discover(paths)
    if not files:
        raise UsageError(f"no *.grad files in {', '.join(map(printable, paths))}",
                         hint="batch runs formula files named *.grad: give them, or "
                              "directories that hold some")
    opts = settings()
    run = runner.RunSettings(timeout=timeout, limits=opts.make_limits(), dtype=opts.dtype,
                             seed=opts.seed, max_memory_mb=max_memory)
    fmt = chosen_format(fmt, as_json)
    show_bar = _isatty(sys.stderr) if progress is None else progress
    if progress is None and fmt == "ndjson" and output is None and _isatty(sys.stdout):
        show_bar = False          # the streamed lines and the bar would share one screen
    start = time.perf_counter()
    with open_output(output) as stream:
        stream_line = None
        if fmt == "ndjson":
            def stream_line(result):
                stream.write(json_for(stream)(runner.ndjson_line(result)))
                stream.flush()
        with _progress_bar(len(files), show_bar) as advance:
            results = runner.run_batch(files, run, jobs=jobs, update=update,
                                       on_finish=advance, on_result=stream_line)
        seconds = time.perf_counter() - start
        _report(stream, fmt, results, seconds)
    if fmt != "table":
        click.echo(runner.summary_line(results, seconds), err=True)
    click.get_current_context().exit(0 if all(r.passed for r in results) else 1)


def _check_memory_cap(max_memory: int) -> None:
    """A cap below what a worker (a fork of this process) already has mapped would make
    every file fail with 'out of memory': refuse it up front (Linux, where it is known)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            kb = next(int(line.split()[1]) for line in status if line.startswith("VmSize:"))
    except (OSError, StopIteration, ValueError, IndexError):
        return
    need = -(-kb // 1024)                 # MB mapped now: a worker starts as a copy
    if max_memory <= need:
        raise UsageError(f"--max-memory {max_memory} MB is less than a worker has before it "
                         f"runs anything (about {need} MB: it starts as a copy of gradcli)",
                         hint=f"give well over {need} MB, e.g. --max-memory {need + 256}")


def _report(stream, fmt: str, results, seconds: float) -> None:
    from .. import batch as runner
    if fmt == "table":
        if not _isatty(stream):
            from ..render.plain import columns_text
            text = columns_text(runner.TABLE_COLUMNS, runner.table_rows(results), _WIDTH)
            if text is not None:
                stream.write(text + runner.summary_line(results, seconds) + "\n")
                return
        _print_table(stream, runner.table(results), runner.summary_line(results, seconds))
    elif fmt == "json":
        stream.write(json_for(stream)(runner.json_document(results, seconds)))
    elif fmt == "ndjson":
        stream.write(json_for(stream)(runner.ndjson_summary(results, seconds)))
    else:
        stream.write(runner.junit_xml(results, seconds))


_WIDTH = 200         # a report table's width on a pipe or in a file


def _print_table(stream, table, last_line: str) -> None:
    """Rich on a terminal; elsewhere plain text, 200 columns wide, no trailing blanks."""
    from ..render.console import QuietConsole as Console
    if _isatty(stream):
        console = Console(file=stream, no_color=not color_enabled(stream), highlight=False)
        console.print(table)
        console.print(last_line)
        return
    buffer = io.StringIO()
    Console(file=buffer, width=_WIDTH, color_system=None, highlight=False).print(table)
    stream.writelines(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
    stream.write(last_line + "\n")


@contextlib.contextmanager
def _progress_bar(total: int, show: bool):
    """Yield a callback that advances a Rich progress bar on stderr (or does nothing).

    The bar, and the thread that redraws it, start with the first result: the workers are
    running by then, forked from this process while it had one thread (see
    gradcli.batch._context)."""
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.markup import escape
    from ..batch import shown_name
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn,
                               TextColumn, TimeElapsedColumn)
    console = Console(stderr=True, no_color=not color_enabled(sys.stderr))
    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                   MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                   transient=True, redirect_stdout=False, redirect_stderr=False)
    task = bar.add_task("running", total=total)

    def advance(result) -> None:
        if not bar.live.is_started:
            bar.start()
        bar.update(task, advance=1, description=escape(shown_name(result.file)))

    try:
        yield advance
    finally:
        if bar.live.is_started:
            bar.stop()


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
