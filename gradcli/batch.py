"""Run many formula files, each isolated, and judge each against its expected output.

`discover` turns command-line paths into the list of files (directories are searched for
`*.grad`, in sorted order). `run_batch` runs them in a pool of long-lived worker processes,
each running one file at a time with the next one queued; a worker whose file overruns
`--timeout` is killed and one that dies is replaced, so a bad file only costs its own result. The engine's global
state (grad mode, default dtype, random seed, print options) is reset before every file,
so a result never depends on which worker ran the file or what it ran before: `--jobs 1`
and `--jobs N` give the same results, reported in the same (discovery) order.

A file passes when it runs without error and its asserts hold, and, where they exist, its
stdout equals NAME.out and its error contains the first 50 characters of NAME.err
(case-insensitive), as ../shared/tools/conformance.py judges `gradcli run`.

The report formats (`json_document`, `ndjson_line`, `junit_xml`, `table`) only lay out
results. This module imports nothing heavy at the top: workers import the engine and the
formula language themselves.
"""
from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import multiprocessing
import os
import pathlib
import re
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import wait as wait_for_any

STATUSES = ("pass", "fail", "error", "timeout", "crash")
ERR_PREFIX = 50          # characters of NAME.err an error message must contain
GRACE = 1.0              # seconds past --timeout before a worker is killed
PIPELINE = 2             # files sent ahead to each worker
STARTUP_SECONDS = 120.0  # a worker that is not ready by then means the pool is broken
SCHEMA = "gradcli.batch/1"

_ADDRESS = re.compile(r" object at 0x[0-9a-fA-F…]+")


def normalise(text: str) -> str:
    """Replace ' object at 0x7f…' addresses by ' object at 0x…' (as conformance.py does)."""
    return _ADDRESS.sub(" object at 0x…", text)


# --- what to run ------------------------------------------------------------------------------

def discover(paths: Iterable[str | os.PathLike]) -> list[pathlib.Path]:
    """The files to run: files as given, directories searched for `*.grad`; no duplicates."""
    from .errors import UsageError
    found: dict[pathlib.Path, pathlib.Path] = {}
    for raw in paths:
        path = pathlib.Path(raw)
        if path.is_dir():
            candidates = sorted((p for p in path.rglob("*.grad") if p.is_file()),
                                key=lambda p: p.relative_to(path).parts)
        elif path.exists():
            candidates = [path]
        else:
            raise UsageError(f"no such file or directory: {raw}")
        for candidate in candidates:
            found.setdefault(candidate.resolve(), candidate)
    return list(found.values())


@dataclasses.dataclass(frozen=True)
class RunSettings:
    """How each file runs. `limits` is a `gradcli.lang.Limits` (None: its defaults with
    `max_seconds` set to `timeout`); `max_memory_mb` caps each worker's address space."""

    timeout: float = 30.0
    limits: object = None
    dtype: str | None = None
    seed: int | None = None
    max_memory_mb: int | None = 4096

    def run_limits(self):
        from .lang import Limits
        if self.limits is None:
            return Limits(max_seconds=self.timeout)
        return dataclasses.replace(self.limits,
                                   max_seconds=min(self.limits.max_seconds, self.timeout))


@dataclasses.dataclass
class Result:
    """The verdict on one file."""

    file: str
    status: str
    seconds: float
    detail: str = ""              # the first differing line, or the error (one line)
    error: str | None = None      # the error's plain message, when the run ended in one
    diff: str = ""                # a unified diff of expected and actual stdout, on `fail`
    stdout: str = ""              # what the file printed (addresses normalised)
    updated: bool = False         # --update rewrote its expected files

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    def to_dict(self) -> dict:
        data = {"file": self.file, "status": self.status, "seconds": round(self.seconds, 6),
                "detail": self.detail, "error": self.error}
        if self.diff:
            data["diff"] = self.diff
        if self.updated:
            data["updated"] = True
        return data


# --- inside a worker --------------------------------------------------------------------------

def execute(path: str, name: str, settings: RunSettings) -> dict:
    """Run one file in this process and report how it ended: ok, error, timeout or crash."""
    from . import lang
    from .errors import GradcliError
    _reset_engine(settings)
    limits = settings.run_limits()
    buffer = io.StringIO()
    ended, message, rendered = "ok", None, None
    start = time.perf_counter()
    try:
        source = pathlib.Path(path).read_text(encoding="utf-8")
        with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(io.StringIO()):
            lang.run_source(source, filename=name, limits=limits, out=buffer)
    except GradcliError as exc:
        ended = "timeout" if _is_time_limit(exc, limits) else "error"
        message, rendered = exc.message, exc.render()
    except MemoryError:
        ended, message = "error", "out of memory (the worker's limit is set by --max-memory)"
    except (OSError, UnicodeDecodeError) as exc:
        ended, message = "error", f"cannot read {name}: {exc}"
    except Exception as exc:  # a bug in gradcli, not in the file
        ended, message = "crash", f"internal error: {type(exc).__name__}: {exc}"
    if ended == "timeout":
        message = rendered = _timeout_message(settings.timeout)
    return {"ended": ended, "stdout": buffer.getvalue(), "message": message,
            "rendered": rendered, "seconds": time.perf_counter() - start}


def _is_time_limit(exc, limits) -> bool:
    return exc.message == limits.error("max_seconds").message


def _timeout_message(timeout: float) -> str:
    return f"timed out after {timeout:g} s (raise the limit with --timeout)"


def _reset_engine(settings: RunSettings) -> None:
    """Give the file the engine state of a fresh `gradcli run` process."""
    import gradcli
    from .printing import set_printoptions
    gradcli.set_grad_enabled(True)
    gradcli.set_default_dtype(getattr(gradcli, settings.dtype or "float32"))
    gradcli.manual_seed(settings.seed if settings.seed is not None else 0)
    set_printoptions(profile="default")


def _serve(conn, settings: RunSettings) -> None:
    """A worker's life: prepare, say ready, then run files until told to stop."""
    _isolate_worker(settings)
    execute(os.devnull, "<warm-up>", settings)   # builds the parser before the clock starts
    conn.send("ready")
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path, name = task
        conn.send((index, execute(path, name, settings)))


def _isolate_worker(settings: RunSettings) -> None:
    """Keep a worker's stray output off the parent's streams, cap its memory, and leave
    Ctrl-C to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    devnull = os.open(os.devnull, os.O_WRONLY)
    for fd in (1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    if settings.max_memory_mb:
        with contextlib.suppress(ImportError, ValueError, OSError):
            import resource
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            cap = settings.max_memory_mb * 1024 * 1024
            if hard != resource.RLIM_INFINITY:
                cap = min(cap, hard)
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


# --- the pool ---------------------------------------------------------------------------------

class _Worker:
    """One long-lived worker process and the files sent to it, oldest (running) first."""

    def __init__(self, ctx, settings: RunSettings):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, settings), daemon=True,
                                   name="gradcli-batch-worker")
        with _one_thread_numerics():
            self.process.start()
        child.close()
        self.timeout = settings.timeout
        self.born = time.monotonic()
        self.ready = False
        self.tasks: deque[int] = deque()    # indices of the files sent, not yet reported
        self.started = 0.0                  # when the running file (tasks[0]) started
        self.deadline = float("inf")

    def send(self, index: int, path: pathlib.Path) -> None:
        if not self.tasks:
            self._start_clock()
        self.tasks.append(index)
        self.conn.send((index, os.path.abspath(path), str(path)))

    def finished(self) -> int:
        """The running file has been reported; the next one sent (if any) starts now."""
        index = self.tasks.popleft()
        if self.tasks:
            self._start_clock()
        else:
            self.deadline = float("inf")
        return index

    def _start_clock(self) -> None:
        self.started = time.monotonic()
        self.deadline = self.started + self.timeout + GRACE

    def receive(self):
        """The next message, or None when the worker has died."""
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            return None

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(timeout=1.0)
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def _context():
    """forkserver where it exists (a replacement worker is a cheap fork of a process that
    has already imported the engine), spawn elsewhere."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([__name__, "gradcli.lang"])
        return ctx
    return multiprocessing.get_context("spawn")


@contextlib.contextmanager
def _one_thread_numerics():
    """Start processes with single-threaded BLAS: N workers already use N cores."""
    names = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
    saved = {name: os.environ.get(name) for name in names}
    for name in names:
        os.environ.setdefault(name, "1")
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)


def _outcomes(files: list[pathlib.Path], settings: RunSettings,
              jobs: int) -> Iterator[tuple[int, dict]]:
    """(index, outcome) for every file, in the order they finish.

    Each worker holds up to PIPELINE files, so it never waits for the parent between two
    files; a file's clock starts when the worker reaches it. When a worker is killed or
    dies, the files queued behind the culprit go back to the front of the queue."""
    ctx = _context()
    todo = deque(range(len(files)))
    workers: list[_Worker] = []
    try:
        while todo or any(w.tasks for w in workers):
            wanted = min(jobs, len(todo) + sum(len(w.tasks) for w in workers))
            workers += [_Worker(ctx, settings) for _ in range(wanted - len(workers))]
            for w in workers:
                while w.ready and len(w.tasks) < PIPELINE and todo:
                    w.send(todo[0], files[todo.popleft()])
            ready = set(wait_for_any([w.conn for w in workers] +
                                     [w.process.sentinel for w in workers],
                                     timeout=_time_to_next_deadline(workers)))
            survivors = []
            for w in workers:
                report = _check(w, ready)
                if report is not None:
                    yield report
                if w.conn.closed:
                    todo.extendleft(reversed(w.tasks))
                else:
                    survivors.append(w)
            workers = survivors
    finally:
        for w in workers:
            w.stop()


def _time_to_next_deadline(workers: list[_Worker]) -> float | None:
    soonest = min(w.deadline if w.ready else w.born + STARTUP_SECONDS for w in workers)
    return None if soonest == float("inf") else max(soonest - time.monotonic(), 0.0)


def _check(w: _Worker, ready: set) -> tuple[int, dict] | None:
    """Handle what a worker has to say: a message, its death, or an overrun deadline. A
    worker that is killed or dies has its connection closed."""
    if w.conn in ready or w.process.sentinel in ready:
        message = w.receive() if w.conn.poll() else None
        if message == "ready":
            w.ready = True
            return None
        if message is not None:
            w.finished()
            return message
        w.kill()
        if not w.ready:
            raise RuntimeError(f"a batch worker failed to start "
                               f"(exit code {w.process.exitcode})")
        return _ended_badly(w, "crash", _death_message(w)) if w.tasks else None
    if w.tasks and time.monotonic() >= w.deadline:
        w.kill()
        return _ended_badly(w, "timeout", _timeout_message(w.timeout))
    if not w.ready and time.monotonic() - w.born > STARTUP_SECONDS:
        w.kill()
        raise RuntimeError(f"a batch worker did not start within {STARTUP_SECONDS:g} s")
    return None


def _ended_badly(w: _Worker, ended: str, message: str) -> tuple[int, dict]:
    """The outcome of the file a killed or dead worker was running: timeout or crash."""
    seconds = time.monotonic() - w.started
    return w.tasks.popleft(), {"ended": ended, "stdout": "", "message": message,
                               "rendered": message, "seconds": seconds}


def _death_message(w: _Worker) -> str:
    code = w.process.exitcode
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            return f"the worker running this file died ({signal.Signals(-code).name})"
    return f"the worker running this file died (exit code {code})"


# --- judging ----------------------------------------------------------------------------------

def _read(path: pathlib.Path) -> str | None:
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else None


def judge(path: pathlib.Path, outcome: dict) -> Result:
    """Compare how a file ended with NAME.out / NAME.err beside it."""
    want_out = _read(path.with_suffix(".out"))
    want_err = _read(path.with_suffix(".err"))
    got = normalise(outcome["stdout"])
    ended, message = outcome["ended"], outcome["message"]
    result = Result(str(path), "pass", outcome["seconds"], stdout=got, error=message)
    if ended in ("timeout", "crash") or (ended == "error" and want_err is None):
        result.status = ended
        result.detail = _first_line(outcome["rendered"] or message)
        return result
    if want_out is not None and normalise(want_out) != got:
        result.status = "fail"
        result.detail, result.diff = first_difference(normalise(want_out), got,
                                                      path.with_suffix(".out").name)
        return result
    if want_err is not None:
        wanted = want_err.strip()[:ERR_PREFIX]
        if ended == "ok":
            result.status = "fail"
            result.detail = f"expected an error containing {wanted!r}; it ran without error"
        elif wanted.lower() not in f"{message}\n{outcome['rendered']}".lower():
            result.status = "fail"
            result.detail = f"expected an error containing {wanted!r}; got: " \
                            f"{_first_line(message)}"
    return result


def first_difference(want: str, got: str, label: str = "expected") -> tuple[str, str]:
    """A one-line account of the first line where `got` departs from `want`, and a diff."""
    import difflib
    diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                        label, "actual output", n=1))
    wl, gl = want.splitlines(), got.splitlines()
    for i in range(max(len(wl), len(gl))):
        w = wl[i] if i < len(wl) else None
        g = gl[i] if i < len(gl) else None
        if w != g:
            return f"line {i + 1}: expected {_shown(w)}, got {_shown(g)}", diff
    return "output differs in its final newline", diff


def _shown(line: str | None, width: int = 60) -> str:
    if line is None:
        return "end of output"
    return repr(line if len(line) <= width else line[:width - 1] + "…")


def _first_line(text: str | None) -> str:
    lines = (text or "").strip().splitlines()
    return lines[0] if lines else ""


def update_expected(path: pathlib.Path, outcome: dict) -> bool:
    """Write NAME.out (and NAME.err when the run ended in an error) from this run.
    Timeouts and crashes leave the files alone. True when a file changed."""
    if outcome["ended"] not in ("ok", "error"):
        return False
    out_file, err_file = path.with_suffix(".out"), path.with_suffix(".err")
    new_out = normalise(outcome["stdout"])
    new_err = _first_line(outcome["message"]) + "\n" if outcome["ended"] == "error" else None
    changed = False
    if _read(out_file) != new_out:
        _write(out_file, new_out)
        changed = True
    if new_err is None and err_file.exists():
        err_file.unlink()
        changed = True
    elif new_err is not None and _read(err_file) != new_err:
        _write(err_file, new_err)
        changed = True
    return changed


def _write(path: pathlib.Path, text: str) -> None:
    from .cli.common import open_output   # atomic: never half a file
    with open_output(str(path)) as stream:
        stream.write(text)


# --- the whole run ----------------------------------------------------------------------------

def run_batch(files: list[pathlib.Path], settings: RunSettings = RunSettings(), *,
              jobs: int | None = None, update: bool = False,
              on_finish: Callable[[Result], None] | None = None,
              on_result: Callable[[Result], None] | None = None) -> list[Result]:
    """Run `files` in `jobs` workers (default: one per core) and judge each.

    `on_finish` sees each result as its file finishes (for a progress bar); `on_result`
    sees them in the order of `files`, each as soon as it and all before it are done (for
    streaming). The returned list is in the order of `files` whatever `jobs` is.

    Workers start through multiprocessing (forkserver; spawn where there is none), so a
    script that calls this must do it under `if __name__ == "__main__":`."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    results: list[Result | None] = [None] * len(files)
    emitted = 0
    for index, outcome in _outcomes(files, settings, jobs):
        path = files[index]
        changed = update and update_expected(path, outcome)
        results[index] = judge(path, outcome)
        results[index].updated = changed
        if on_finish:
            on_finish(results[index])
        while emitted < len(results) and results[emitted] is not None:
            if on_result:
                on_result(results[emitted])
            emitted += 1
    return results


# --- reports ----------------------------------------------------------------------------------

def summary(results: list[Result], seconds: float | None = None) -> dict:
    counts = {status: 0 for status in STATUSES}
    for r in results:
        counts[r.status] += 1
    data = {"total": len(results), **counts}
    if seconds is not None:
        data["seconds"] = round(seconds, 6)
    return data


_COUNTED = {"fail": ("failed", "failed"), "error": ("error", "errors"),
            "timeout": ("timed out", "timed out"), "crash": ("crashed", "crashed")}


def summary_line(results: list[Result], seconds: float) -> str:
    """'17 passed, 1 failed, 1 error in 0.52 s'."""
    counts = summary(results)
    parts = [f"{counts['pass']} passed"] + [
        f"{counts[s]} {_COUNTED[s][counts[s] != 1]}" for s in STATUSES[1:] if counts[s]]
    updated = sum(r.updated for r in results)
    if updated:
        parts.append(f"{updated} updated")
    return f"{', '.join(parts)} in {seconds:.2f} s"


def json_document(results: list[Result], seconds: float) -> str:
    doc = {"schema": SCHEMA, "summary": summary(results, seconds),
           "results": [r.to_dict() for r in results]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def ndjson_line(result: Result) -> str:
    return json.dumps({"schema": "gradcli.batch.result/1", **result.to_dict()},
                      ensure_ascii=False) + "\n"


def ndjson_summary(results: list[Result], seconds: float) -> str:
    return json.dumps({"schema": "gradcli.batch.summary/1",
                       **summary(results, seconds)}) + "\n"


_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def junit_xml(results: list[Result], seconds: float) -> str:
    """JUnit XML: `fail` is a <failure>; error, timeout and crash are <error>s."""
    import xml.etree.ElementTree as ET
    clean = lambda text: _XML_UNSAFE.sub("\ufffd", text or "")  # noqa: E731
    counts = summary(results)
    attrs = {"name": "gradcli batch", "tests": str(len(results)),
             "failures": str(counts["fail"]),
             "errors": str(counts["error"] + counts["timeout"] + counts["crash"]),
             "time": f"{seconds:.3f}"}
    suites = ET.Element("testsuites", attrs)
    suite = ET.SubElement(suites, "testsuite", {**attrs, "skipped": "0"})
    for r in results:
        path = pathlib.PurePath(r.file)
        case = ET.SubElement(suite, "testcase", {
            "classname": ".".join(p for p in path.parent.parts
                                  if p not in (path.anchor, ".", "..")) or ".",
            "name": path.name,
            "file": r.file, "time": f"{r.seconds:.3f}"})
        if r.passed:
            continue
        tag = "failure" if r.status == "fail" else "error"
        problem = ET.SubElement(case, tag, {"type": r.status, "message": clean(r.detail)})
        problem.text = clean(r.diff or r.error or r.detail)
        if r.stdout:
            ET.SubElement(case, "system-out").text = clean(r.stdout)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


_STYLE = {"pass": "green", "fail": "red", "error": "red", "timeout": "yellow",
          "crash": "magenta"}


def table(results: list[Result]):
    """A Rich table: file, status, time, and the first differing line or the error."""
    from rich.table import Table
    from rich.text import Text
    grid = Table(box=None, header_style="bold", pad_edge=False)
    grid.add_column("file", no_wrap=True, overflow="fold")
    grid.add_column("status", no_wrap=True)
    grid.add_column("time", justify="right", no_wrap=True)
    grid.add_column("detail", overflow="fold")
    for r in results:
        status = r.status + (" (updated)" if r.updated else "")
        grid.add_row(r.file, Text(status, style=_STYLE[r.status]), f"{r.seconds:.3f}s",
                     Text(r.detail))
    return grid
