"""Run many formula files, each isolated, and judge each against its expected output.

`discover` turns command-line paths into the list of files (directories are searched for
`*.grad`, in sorted order). `run_batch` runs them in a pool of long-lived worker processes:
each is sent lists of files (long while many remain, down to one at the end, so the workers
finish together), judges each file itself and sends the verdicts back a list at a time, and
shows the parent which file it is running through shared memory, so a file costs no message.
A worker whose file overruns `--timeout` is killed and one that dies is replaced; the file it
was running is reported and the rest of its list runs again elsewhere, so a bad file only
costs its own result. The engine's global state (grad mode, default dtype, random seed,
print options) is reset before every file, so a result never depends on which worker ran
the file or what it ran before: `--jobs 1` and `--jobs N` give the same results, reported in
the same (discovery) order. On Linux the workers are forks of the calling process (ready in
milliseconds: the engine is already imported), made with os.fork and pipes rather than
multiprocessing, which the other platforms use; see `_context`.

A file passes when it runs without error and its asserts hold, and, where they exist, its
stdout equals NAME.out and its error contains the first 50 characters of NAME.err
(case-insensitive), as ../shared/tools/conformance.py judges `gradcli run`.

The report formats (`json_document`, `ndjson_line`, `junit_xml`, `table`) only lay out
results. This module imports nothing heavy at the top: workers import the engine and the
formula language themselves.
"""
from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import pathlib
import pickle
import re
import select
import signal
import struct
import sys
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from ._struct import Struct, replace

STATUSES = ("pass", "fail", "error", "timeout", "crash")
ERR_PREFIX = 50          # characters of NAME.err an error message must contain
GRACE = 1.0              # seconds past --timeout before a worker is killed
PIPELINE = 2             # lists of files sent ahead to each worker
CHUNK = 64               # most files in one list
FLUSH_SECONDS = 0.05     # a worker sends its verdicts at least this often
STARTUP_SECONDS = 120.0  # a worker that is not ready by then means the pool is broken
SCHEMA = "gradcli.batch/1"

_ADDRESS = re.compile(r" object at 0x[0-9a-fA-F…]+")


def normalise(text: str) -> str:
    """Replace ' object at 0x7f…' addresses by ' object at 0x…' (as conformance.py does)."""
    return _ADDRESS.sub(" object at 0x…", text)


# --- what to run ------------------------------------------------------------------------------

def discover(paths: Iterable[str | os.PathLike]) -> list[pathlib.Path]:
    """The files to run: files as given, directories searched for `*.grad`; no duplicates
    (one file reached by two paths runs once, under the first)."""
    from .errors import UsageError
    found: dict[tuple[int, int], pathlib.Path] = {}
    for raw in paths:
        path = pathlib.Path(raw)
        if path.is_dir():
            candidates = _formula_files(path)
        elif path.exists():
            st = path.stat()
            candidates = [((st.st_dev, st.st_ino), path)]
        else:
            raise UsageError(f"no such file or directory: {raw}")
        for identity, candidate in candidates:
            found.setdefault(identity, candidate)
    return list(found.values())


def _formula_files(directory: pathlib.Path) -> list[tuple[tuple[int, int], pathlib.Path]]:
    """(identity, path) of each `*.grad` file under `directory`, sorted by the path's parts
    below it; like Path.rglob, symlinked directories are not entered. A regular file's
    identity comes from its directory entry (no stat); a symlink's from the file it names."""
    import stat
    found = []
    stack = [(pathlib.Path(directory), ())]
    while stack:
        base, parts = stack.pop()
        try:
            device = os.stat(base).st_dev
            with os.scandir(base) as entries:
                entries = list(entries)
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((base / name, parts + (name,)))
                    continue
                if not name.endswith(".grad"):
                    continue
                if entry.is_symlink():
                    st = os.stat(entry.path)
                    if not stat.S_ISREG(st.st_mode):
                        continue
                    identity = (st.st_dev, st.st_ino)
                elif entry.is_file(follow_symlinks=False):
                    identity = (device, entry.inode())
                else:
                    continue
            except OSError:
                continue
            found.append((parts + (name,), identity, base, name))
    found.sort(key=lambda entry: entry[0])
    return [(identity, _child(base, name)) for _, identity, base, name in found]


def _child(base: pathlib.Path, name: str) -> pathlib.Path:
    """base / name for a name that scandir gave: as Path.iterdir makes its paths (no
    parsing: half of discovering 1,000 files), else the public way."""
    make = getattr(base, "_make_child_relpath", None)
    return make(name) if make is not None else base / name


class RunSettings(Struct, slots=False, eq=True, frozen=True):
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
        return replace(self.limits,
                                   max_seconds=min(self.limits.max_seconds, self.timeout))


def text_name(name: str) -> str:
    """A file name as text every JSON and XML reader takes: a byte that is not UTF-8 (which
    Python keeps as a lone surrogate, '\\udcff') becomes U+FFFD, as `junit` writes it."""
    return re.sub("[\ud800-\udfff]", "\ufffd", name)


def shown_name(name: str) -> str:
    """A file name for the report table: a byte that is not UTF-8 as \\xff, a newline as
    \\n (one row per file), other control characters escaped (errors.printable)."""
    from .errors import printable
    name = re.sub("[\udc80-\udcff]", lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", name)
    return printable(name.replace("\n", "\\n").replace("\r", "\\r"))


class Result(Struct, slots=False, eq=True):
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
        data = {"file": text_name(self.file), "status": self.status,
                "seconds": round(self.seconds, 6), "detail": self.detail, "error": self.error}
        if self.diff:
            data["diff"] = self.diff
        if self.updated:
            data["updated"] = True
        return data


# --- inside a worker --------------------------------------------------------------------------

def execute(path: str, name: str, settings: RunSettings) -> dict:
    """Run one file in this process and report how it ended: ok, error, timeout or crash."""
    from . import lang
    from .cli.common import read_source
    from .errors import GradcliError
    _reset_engine(settings)
    limits = settings.run_limits()
    buffer = io.StringIO()
    ended, message, rendered = "ok", None, None
    start = time.perf_counter()
    try:
        source = read_source(path, name, limits)     # bounded: /dev/zero is no hang
        with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(io.StringIO()):
            lang.run_source(source, filename=name, limits=limits, out=buffer)
    except GradcliError as exc:
        ended = "timeout" if _is_time_limit(exc, limits) else "error"
        message, rendered = exc.message, exc.render()
    except MemoryError:
        ended, message = "error", "out of memory (the worker's limit is set by --max-memory)"
    except OSError as exc:
        ended, message = "error", f"cannot read {name}: {exc.strerror}"
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
    from .autograd import forward_ad
    from .printing import set_printoptions
    gradcli.set_grad_enabled(True)
    forward_ad.reset()
    gradcli.set_default_dtype(getattr(gradcli, settings.dtype or "float32"))
    gradcli.manual_seed(settings.seed if settings.seed is not None else 0)
    set_printoptions(profile="default")
    predicates = sys.modules.get("gradcli.ops.predicates")   # loaded: a file may have
    if predicates is not None:                               # set the thread count
        predicates.reset_num_threads()
    from .devices import reset_settings
    reset_settings()


def _serve(conn, state, files: list[pathlib.Path], settings: RunSettings,
           update: bool) -> None:
    """A worker's life: prepare, say ready, then run the lists of files it is sent (indices
    into `files`) until told to stop."""
    _isolate_worker(settings)
    _warm()                    # unless a fork of a warmed parent: before any file's clock starts
    conn.send("ready")
    while True:
        try:
            indices = conn.recv()
        except (EOFError, OSError):
            return
        if indices is None:
            return
        _run_list(conn, state, files, indices, settings, update)


def _run_list(conn, state, files: list[pathlib.Path], indices: list[int],
              settings: RunSettings, update: bool) -> None:
    """Run and judge the files, sending the verdicts back at the end of the list and at
    least every FLUSH_SECONDS. `state` tells the parent which file is running and since
    when, so no message is needed per file."""
    verdicts, last_sent = [], time.monotonic()
    for index in indices:
        path = files[index]
        state[_INDEX], state[_STARTED] = index, time.monotonic()
        state[_BUSY] = 1.0
        outcome = execute(os.path.abspath(path), str(path), settings)
        state[_BUSY] = 0.0
        verdicts.append((index, _verdict(path, outcome, update)))
        if time.monotonic() - last_sent >= FLUSH_SECONDS:
            conn.send(verdicts)
            verdicts, last_sent = [], time.monotonic()
    if verdicts:
        conn.send(verdicts)


def _verdict(path: pathlib.Path, outcome: dict, update: bool) -> Result | dict:
    """The file's Result, judged in the worker so the parent only collects. Should judging
    fail here, the outcome goes back and the parent judges it, as it would have."""
    try:
        return judged(path, outcome, update)
    except Exception:
        return outcome


def _isolate_worker(settings: RunSettings) -> None:
    """Keep a worker off the parent's terminal (no input, stray output to /dev/null), cap
    its memory and its BLAS threads, and leave Ctrl-C to the parent. The worker dies with
    its parent (see `_die_with_parent`), and SIGTERM or SIGHUP end it at once (the
    parent's handlers, which unwind a command, are not a worker's)."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    _blas_threads(1)              # a fork has it from the parent already: then a no-op
    # a cap beyond what the kernel takes (2**63 bytes; --max-memory 99999999999999999999)
    # is no cap: setrlimit would raise OverflowError and the worker die before it started
    if settings.max_memory_mb and settings.max_memory_mb < 1 << 43:
        with contextlib.suppress(ImportError, ValueError, OSError):
            import resource
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            cap = settings.max_memory_mb * 1024 * 1024
            if hard != resource.RLIM_INFINITY:
                cap = min(cap, hard)
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
            from . import _memory
            _memory.fit(cap)


def _die_with_parent() -> None:
    """On Linux, have the kernel kill this worker when the process that made it ends, however
    it ends (even by SIGKILL, where it cannot stop its workers itself): a worker busy with
    an endless file would otherwise run on, orphaned, until its file's time is up."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError, ImportError, TypeError):
        import ctypes
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL),
                                                0, 0, 0)
        if os.getppid() != parent:       # the parent ended before the kernel was told
            os._exit(1)


def _blas_threads(count: int | None = None) -> int | None:
    """How many threads numpy's BLAS runs on (None when that cannot be told), after setting
    it to `count` if given and different. Best effort: OpenBLAS (as numpy's wheels ship it)
    on Linux; elsewhere the environment variables of `_one_thread_numerics` do it.

    The parent sets it before forking: the count is inherited, while setting it inside a
    fork starts a BLAS thread (OpenBLAS stops its threads at fork), which then spins for a
    while on a core the other workers need."""
    found = _OPENBLAS.get("functions", False)
    if found is False:
        found = _OPENBLAS["functions"] = _find_openblas()
    if found is None:
        return None
    get, set_ = found
    now = get()
    if count is not None and count != now:
        set_(count)
    return now


_OPENBLAS: dict = {}


def _find_openblas():
    """(get_num_threads, set_num_threads) of the OpenBLAS this process loaded, or None."""
    with contextlib.suppress(OSError, AttributeError, ImportError, ValueError):
        import ctypes
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            libraries = sorted({line.split(None, 5)[-1].strip() for line in maps
                                if "openblas" in line.lower() and "/" in line})
        for library in libraries:
            handle = ctypes.CDLL(library)
            for prefix, suffix in (("openblas", ""), ("openblas", "64_"),
                                   ("scipy_openblas", ""), ("scipy_openblas", "64_")):
                get = getattr(handle, f"{prefix}_get_num_threads{suffix}", None)
                set_ = getattr(handle, f"{prefix}_set_num_threads{suffix}", None)
                if get is not None and set_ is not None:
                    get.restype, get.argtypes = ctypes.c_int, []
                    set_.restype, set_.argtypes = None, [ctypes.c_int]
                    return get, set_
    return None


# --- the pool ---------------------------------------------------------------------------------

_INDEX, _STARTED, _BUSY = range(3)   # a worker's shared state: the file it started last,
                                     # when, and whether it is still running it
_HEADER = struct.Struct("!Q")        # a message's length, before its pickle
_PARENT_FDS: set[int] = set()        # the parent's ends of its workers' pipes: a fork closes
                                     # them, so a worker sees EOF when the parent is gone


class _Channel:
    """One side of a forked worker's two pipes, with what the pool uses of
    multiprocessing's Connection (send, recv, poll, fileno, close, closed): pickled
    messages, each after its length. Reads take exactly one message, so `poll` (the pipe is
    readable) means a whole message has begun to arrive."""

    def __init__(self, read_fd: int, write_fd: int):
        self._read_fd, self._write_fd = read_fd, write_fd
        self.closed = False

    @classmethod
    def pair(cls) -> tuple[_Channel, _Channel]:
        """(the parent's side, the worker's side)."""
        to_worker, from_parent = os.pipe()[::-1]
        to_parent, from_worker = os.pipe()[::-1]
        _PARENT_FDS.update((from_worker, to_worker))
        return cls(from_worker, to_worker), cls(from_parent, to_parent)

    def fileno(self) -> int:
        return self._read_fd

    def send(self, obj) -> None:
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(_HEADER.pack(len(data)) + data)
        while view:
            view = view[os.write(self._write_fd, view):]

    def recv(self):
        (size,) = _HEADER.unpack(self._read_exactly(_HEADER.size))
        return pickle.loads(self._read_exactly(size))

    def _read_exactly(self, size: int) -> bytes:
        parts = []
        while size:
            part = os.read(self._read_fd, min(size, 1 << 20))
            if not part:
                raise EOFError
            parts.append(part)
            size -= len(part)
        return b"".join(parts)

    def poll(self) -> bool:
        return bool(_readable([self._read_fd], 0.0))

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            for fd in (self._read_fd, self._write_fd):
                _PARENT_FDS.discard(fd)
                with contextlib.suppress(OSError):
                    os.close(fd)


class _ForkedProcess:
    """A worker made by os.fork, with what the pool uses of multiprocessing.Process (start,
    sentinel, is_alive, kill, join, exitcode). Forking by hand spares every batch the import
    of multiprocessing and socket, ~7 ms of its start-up (see `_context`)."""

    def __init__(self, target: Callable, args: tuple):
        self._target, self._args = target, args
        self.pid: int | None = None
        self.sentinel: int | None = None      # readable (at EOF) once the worker has ended
        self.exitcode: int | None = None      # -N: ended by signal N

    def start(self) -> None:
        readable, writable = os.pipe()
        for stream in (sys.stdout, sys.stderr):   # nothing buffered to be written twice
            with contextlib.suppress(Exception):
                stream.flush()
        pid = os.fork()
        if pid == 0:                          # the worker: never returns to the caller
            code = 1
            try:
                os.close(readable)
                for fd in list(_PARENT_FDS):
                    with contextlib.suppress(OSError):
                        os.close(fd)
                _PARENT_FDS.clear()
                self._target(*self._args)
                code = 0
            finally:
                os._exit(code)
        os.close(writable)
        self.pid, self.sentinel = pid, readable
        _PARENT_FDS.add(readable)

    def _reap(self, flags: int) -> bool:
        """Collect the exit status (True once known)."""
        if self.exitcode is None:
            try:
                pid, status = os.waitpid(self.pid, flags)
            except ChildProcessError:         # reaped elsewhere: the status is lost
                pid, status = self.pid, 255 << 8
            if pid == 0:
                return False
            self.exitcode = os.waitstatus_to_exitcode(status)
            _PARENT_FDS.discard(self.sentinel)
            os.close(self.sentinel)
        return True

    def is_alive(self) -> bool:
        return not self._reap(os.WNOHANG)

    def kill(self) -> None:
        if self.exitcode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)

    def join(self, timeout: float | None = None) -> None:
        if self.exitcode is None and (timeout is None or _readable([self.sentinel], timeout)):
            self._reap(0)


def _readable(fds: list[int], timeout: float | None) -> list[int]:
    """The file descriptors among `fds` with something to read (or at EOF), waiting up to
    `timeout` seconds (None: until one has)."""
    poller = select.poll()
    for fd in fds:
        poller.register(fd, select.POLLIN)
    wait_ms = None if timeout is None else max(0, int(timeout * 1000 + 0.999))
    return [fd for fd, _ in poller.poll(wait_ms)]         # (a signal: PEP 475 retries)


def _wait(objects: list, timeout: float | None) -> list:
    """Those of `objects` (connections, sentinels) that are ready: multiprocessing's wait,
    without importing multiprocessing while every worker is a hand fork."""
    if all(isinstance(obj, (int, _Channel)) for obj in objects):
        by_fd = {(obj if isinstance(obj, int) else obj.fileno()): obj for obj in objects}
        return [by_fd[fd] for fd in _readable(list(by_fd), timeout)]
    from multiprocessing.connection import wait
    return wait(objects, timeout=timeout)


class _Worker:
    """One long-lived worker process, the files sent to it and not yet reported (in the order
    it runs them) and, through shared memory, the file it is running."""

    def __init__(self, ctx, files: list[pathlib.Path], settings: RunSettings, update: bool):
        if ctx is None:                               # a fork by hand: see _context
            import mmap
            self.conn, child = _Channel.pair()
            self.state = memoryview(mmap.mmap(-1, 3 * 8)).cast("d")   # shared with the fork
            self.process = _ForkedProcess(_serve, (child, self.state, files, settings, update))
            gc.freeze()      # the collector leaves what the fork shares alone: see _outcomes
        else:
            self.conn, child = ctx.Pipe()
            self.state = ctx.RawArray("d", 3)
            self.process = ctx.Process(target=_serve, name="gradcli-batch-worker",
                                       daemon=True,
                                       args=(child, self.state, files, settings, update))
        self.state[_INDEX] = -1
        with _one_thread_numerics(), warnings.catch_warnings():
            # numpy's BLAS threads in this process make Python >= 3.12 warn about fork;
            # _context only forks when no Python thread could hold a lock the copy inherits
            warnings.filterwarnings("ignore", r"This process .* is multi-threaded",
                                    DeprecationWarning)
            self.process.start()
        child.close()
        self.timeout = settings.timeout
        self.born = time.monotonic()
        self.ready = False
        self.tasks: deque[int] = deque()    # indices of the files sent, not yet reported
        self.lists: deque[int] = deque()    # how many of each list sent are not yet reported

    def send(self, indices: list[int]) -> None:
        self.tasks.extend(indices)
        self.lists.append(len(indices))
        try:
            self.conn.send(indices)
        except OSError:        # it died since the last look: its sentinel tells the loop,
            pass               # which requeues these files with the others it held

    def reported(self, index: int) -> None:
        self.tasks.remove(index)
        self.lists[0] -= 1
        if not self.lists[0]:
            self.lists.popleft()

    def running(self) -> tuple[int | None, float]:
        """The file the worker is running and when it started; (None, 0.0) between files."""
        state = self.state
        while True:      # the worker writes index, started, busy in that order: read them in
            index, started, busy = state[_INDEX], state[_STARTED], state[_BUSY]  # that order,
            if state[_INDEX] == index:          # again if a new file began in between
                return (int(index), started) if busy else (None, 0.0)

    def deadline(self) -> float:
        """When the parent must look again: a file that starts now may run until then."""
        if not self.ready:
            return self.born + STARTUP_SECONDS
        if not self.tasks:
            return float("inf")
        index, started = self.running()
        return (time.monotonic() if index is None else started) + self.timeout + GRACE

    def culprit(self) -> int:
        """The file a dead worker costs: the one it was running, else the last it started
        (its verdict never came), else the next it was sent. Every death costs one file,
        so a run always ends."""
        index, _ = self.running()
        last = int(self.state[_INDEX])
        for candidate in (index, last):
            if candidate in self.tasks:
                return candidate
        return self.tasks[0]

    def receive(self):
        """The next message, or None when the worker has died."""
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            return None

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def _context(warm: bool = True):
    """None (fork by hand: `_ForkedProcess`) on Linux while this process runs no other
    thread (gradcli's own helper thread for large ops is stopped first: it is idle between
    ops): a worker is then a copy of a process that has already imported the engine, ready
    in milliseconds, and, with `warm`, built the formula language (else each worker builds
    it, ~10 ms: see `_outcomes`). Otherwise (another thread might hold a lock the copy
    would inherit) a multiprocessing context: the forkserver, whose workers are forks of a
    fresh process that preloaded the engine; spawn where neither exists."""
    core = sys.modules.get("gradcli.ops.core")       # its helper thread: not in threading's
    if core is not None and threading.active_count() == 1:
        core.stop_helper()                            # idle between ops; remade when needed
    if sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1 \
            and not (core and core.helper_running()):
        if warm:
            _warm()
        return None
    import multiprocessing
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([__name__, "gradcli.lang"])
        return ctx
    return multiprocessing.get_context("spawn")


_WARM = [False]


def _warm() -> None:
    """Build what running any file needs (the formula language, its parser tables, the name
    table), once per process: before the first fork, so each worker inherits it (see
    `_outcomes`), or in a worker before it says it is ready. The op modules `import gradcli`
    leaves for later are not loaded here: a worker loads them when one of its files first
    needs them, as `gradcli run` does (~25 ms, in each worker at once rather than before the
    first fork), so a batch of everyday formulas never pays for them."""
    if not _WARM[0]:
        from . import lang
        lang.run_source("import torch\nx = torch.ones(2, requires_grad=True)\n"
                        "x.sum().backward()\n", filename="<warm-up>", out=io.StringIO())
        _WARM[0] = True


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


def _chunk(todo: deque[int], jobs: int) -> list[int]:
    """The next files for a worker: many while many remain (fewer messages, fewer wake-ups
    of the parent), down to one at the end, so the workers finish together."""
    size = max(1, min(CHUNK, len(todo) // (4 * jobs)))
    return [todo.popleft() for _ in range(min(size, len(todo)))]


def _outcomes(files: list[pathlib.Path], settings: RunSettings, jobs: int,
              update: bool) -> Iterator[tuple[int, Result | dict]]:
    """(index, verdict) for every file, in the order they finish: a Result judged by the
    worker, or an outcome (timeout, crash) for the caller to judge.

    Each worker holds up to PIPELINE lists of files, so it never waits for the parent
    between two files; a file's clock starts when the worker reaches it. When a worker is
    killed or dies, the files it had not reported, but for the one it cost, go back to the
    front of the queue and run again elsewhere."""
    todo = deque(range(len(files)))
    workers: list[_Worker] = []
    # The formula language is built once here, before the first fork, for one worker (where
    # it costs the same here or there, and a replacement worker is then ready at once) or for
    # more workers than cores; workers that each have a core build it themselves, at once,
    # rather than one after another wait ~10 ms for this process to build it.
    warm = jobs == 1 or jobs > _cores()
    blas = _blas_threads(1)       # for the forks to inherit; restored at the end
    # Before each fork the objects this process holds are frozen (gc.freeze): its collections
    # and the workers' then never write to the pages they share, each write a copy of a page
    # (~600 page faults of the parent's first collection, and of each worker's, without).
    thaw = gc.get_freeze_count() == 0
    try:
        while todo or any(w.tasks for w in workers):
            wanted = min(jobs, len(todo) + sum(len(w.tasks) for w in workers))
            for _ in range(wanted - len(workers)):
                # a new worker gets its first lists at once: it starts on them as soon as
                # it is ready, while the next one forks, with no round trip to the parent
                workers.append(_Worker(_context(warm), files, settings, update))
                _fill(workers[-1], todo, jobs)
            for w in workers:
                _fill(w, todo, jobs)
            ready = set(_wait([w.conn for w in workers] + [w.process.sentinel for w in workers],
                              _time_to_next_deadline(workers)))
            survivors = []
            for w in workers:
                yield from _check(w, ready)
                if w.conn.closed:
                    todo.extendleft(reversed(w.tasks))
                else:
                    survivors.append(w)
            workers = survivors
    except BaseException:
        for w in workers:        # Ctrl-C, SIGTERM, an error: no file's result is wanted now
            w.kill()
        raise
    finally:
        _stop(workers)
        if thaw:
            gc.unfreeze()
        if blas is not None and blas != 1:
            _blas_threads(blas)


def _cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _fill(w: _Worker, todo: deque[int], jobs: int) -> None:
    while len(w.lists) < PIPELINE and todo:
        w.send(_chunk(todo, jobs))


def _stop(workers: list[_Worker]) -> None:
    """Tell every worker to stop, then wait for them together."""
    for w in workers:
        if not w.conn.closed:
            with contextlib.suppress(OSError):
                w.conn.send(None)
    for w in workers:
        w.process.join(timeout=1.0)
        w.kill()


def _time_to_next_deadline(workers: list[_Worker]) -> float | None:
    soonest = min(w.deadline() for w in workers)
    return None if soonest == float("inf") else max(soonest - time.monotonic(), 0.0)


def _check(w: _Worker, ready: set) -> Iterator[tuple[int, Result | dict]]:
    """Handle what a worker has to say: verdicts, its death, or an overrun deadline. A
    worker that is killed or dies has its connection closed."""
    dead = w.process.sentinel in ready
    if w.conn in ready or dead:
        while not w.conn.closed and w.conn.poll():
            message = w.receive()
            if message is None:
                dead = True
                break
            if message == "ready":
                w.ready = True
                continue
            for index, verdict in message:
                w.reported(index)
                yield index, verdict
        if dead:
            w.kill()
            if not w.ready:
                raise RuntimeError(f"a batch worker failed to start "
                                   f"(exit code {w.process.exitcode})")
            if w.tasks:
                yield _ended_badly(w, "crash", _death_message(w))
            return
    now = time.monotonic()
    if not w.ready and now - w.born > STARTUP_SECONDS:
        w.kill()
        raise RuntimeError(f"a batch worker did not start within {STARTUP_SECONDS:g} s")
    index, started = w.running()
    if index is not None and now >= started + w.timeout + GRACE:
        w.kill()
        yield _ended_badly(w, "timeout", _timeout_message(w.timeout), (index, started))


def _ended_badly(w: _Worker, ended: str, message: str,
                 overran: tuple[int, float] | None = None) -> tuple[int, dict]:
    """The outcome of the file a killed or dead worker cost (`overran`: the file and its
    start, when the parent killed it for its time): timeout or crash."""
    index, started = overran or w.running()
    if index not in w.tasks:
        index = w.culprit()
    w.tasks.remove(index)
    seconds = time.monotonic() - started if started else 0.0
    return index, {"ended": ended, "stdout": "", "message": message, "rendered": message,
                   "seconds": seconds}


def _death_message(w: _Worker) -> str:
    code = w.process.exitcode
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            return f"the worker running this file died ({signal.Signals(-code).name})"
    return f"the worker running this file died (exit code {code})"


# --- judging ----------------------------------------------------------------------------------

def _read(path: pathlib.Path, strict: bool = True) -> str | None:
    """An expected file's text (None when it does not exist), without the UTF-8 BOM an
    editor may put first (as a .grad file's is ignored). Text that is not UTF-8 cannot be
    compared with what the file prints: an error naming the file (`strict`), else read with
    U+FFFD (for --update, which rewrites it anyway)."""
    if not path.exists():
        return None
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        if not strict:
            return data.decode("utf-8", "replace")
        from .errors import GradcliError
        line = data.count(b"\n", 0, e.start) + 1
        raise GradcliError(f"{path.name} is not UTF-8 text: byte 0x{data[e.start]:02x} on "
                           f"line {line} cannot be decoded",
                           hint=f"save {path.name} as UTF-8, or rewrite it with --update") \
            from None


def judged(path: pathlib.Path, outcome: dict, update: bool) -> Result:
    """`judge`, after `--update` rewrote the expected files. An expected file that cannot be
    read or written (a directory named NAME.out, say) is this file's error, not the run's."""
    from .errors import GradcliError
    try:
        changed = update and update_expected(path, outcome)
        result = judge(path, outcome)
    except (OSError, GradcliError, UnicodeError) as exc:
        problem = exc.message if isinstance(exc, GradcliError) else \
            f"cannot use {exc.filename or path}: {exc.strerror}" if isinstance(exc, OSError) \
            else f"cannot write what {path.name} printed as UTF-8: {exc.reason}"
        return Result(str(path), "error", outcome["seconds"], detail=problem, error=problem,
                      stdout=normalise(outcome["stdout"]))
    result.updated = changed
    return result


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
    if _read(out_file, strict=False) != new_out:
        _write(out_file, new_out)
        changed = True
    if new_err is None and err_file.exists():
        err_file.unlink()
        changed = True
    elif new_err is not None and _read(err_file, strict=False) != new_err:
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

    Workers are forks of the caller (os.fork, on Linux while the caller runs a single
    thread), else start through multiprocessing (forkserver, else spawn), so a script that
    calls this must do it under `if __name__ == "__main__":`."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    results: list[Result | None] = [None] * len(files)
    emitted = 0
    for index, verdict in _outcomes(files, settings, jobs, update):
        if not isinstance(verdict, Result):      # a timeout, a crash, or judging failed
            verdict = judged(files[index], verdict, update)
        results[index] = verdict
        if on_finish:
            on_finish(verdict)
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


def _dumps(doc: dict) -> str:
    """JSON on one line, non-ASCII as it is, but a lone surrogate a file printed
    ('\\ud800') as its escape: it cannot be written as UTF-8."""
    from .render.jsontext import escape_surrogates
    return escape_surrogates(json.dumps(doc, ensure_ascii=False))


def json_document(results: list[Result], seconds: float) -> str:
    doc = {"schema": SCHEMA, "summary": summary(results, seconds),
           "results": [r.to_dict() for r in results]}
    return _dumps(doc) + "\n"     # one line, as every --json


def ndjson_line(result: Result) -> str:
    return _dumps({"schema": "gradcli.batch.result/1", **result.to_dict()}) + "\n"


def ndjson_summary(results: list[Result], seconds: float) -> str:
    return json.dumps({"schema": "gradcli.batch.summary/1",
                       **summary(results, seconds)}) + "\n"


_XML_UNSAFE = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]"   # compiled when used


def junit_xml(results: list[Result], seconds: float) -> str:
    """JUnit XML: `fail` is a <failure>; error, timeout and crash are <error>s."""
    import xml.etree.ElementTree as ET
    unsafe = re.compile(_XML_UNSAFE)
    clean = lambda text: unsafe.sub("\ufffd", text or "")  # noqa: E731
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


#: the report table's columns: (header, right-justified)
TABLE_COLUMNS = (("file", False), ("status", False), ("time", True), ("detail", False))


def table_rows(results: list[Result]) -> list[list[str]]:
    """The report table's cells: file, status, time, and the first differing line or the
    error, as they are shown."""
    from .errors import printable
    return [[shown_name(r.file), r.status + (" (updated)" if r.updated else ""),
             f"{r.seconds:.3f}s", printable(r.detail.replace("\n", " "))] for r in results]


def table(results: list[Result]):
    """The report as a Rich table (for a terminal, or what `render.plain.columns_text`
    does not lay out)."""
    from rich.table import Table
    from rich.text import Text

    grid = Table(box=None, header_style="bold", pad_edge=False)
    grid.add_column("file", no_wrap=True, overflow="fold")
    grid.add_column("status", no_wrap=True)
    grid.add_column("time", justify="right", no_wrap=True)
    grid.add_column("detail", overflow="fold")
    for r, (file, status, seconds, detail) in zip(results, table_rows(results)):
        grid.add_row(Text(file), Text(status, style=_STYLE[r.status]), seconds, Text(detail))
    return grid
