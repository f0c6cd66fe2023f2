"""Every gradcli benchmark in one run, beside PyTorch, JAX and HIPS autograd when installed.

    python benchmarks/run.py [--quick] [--repeat N] [--only W1 W3 ...] [--torch-python PATH]
                             [--no-save]

  W1  `gradcli grad "2*dot(x,x)" --x 0,1,2,3` (table, --json) as a fresh process, beside
      `python -c "import numpy"` and a PyTorch script printing the same gradient (cli.py)
  W2  10,000 steps of x = sin(x)*1.0001 + 0.5*x, forward+backward, us per op (engine.py)
  W3  sum(tanh(x)*x + exp(-x*x)), 10^7 elements, float64 and float32, beside NumPy by hand
  W4  mean((tanh(X@W1+b1)@W2 - Y)**2), X 4096x512, W1 512x512, W2 512x10, beside NumPy
  W5  full Hessian of sum(x**4) + dot(x, A@x), n=100 and n=500
  W6  200,000 additions then backward (and 1,000,000 for gradcli alone): time, peak memory,
      memory left after backward and gc
  W7  a 100,000-term `x+x+...` through gradcli.lang.eval_expression, and a 10,000-line file
      through run_source, beside CPython's compile() of the same text
  W8  `gradcli batch` of 1,000 small files, --jobs 1 and 2, beside one `gradcli run` per file
      (timed on 100 files: a new process each) (batch.py)

Within a workload the subjects alternate (gradcli, its peers, the baseline; the order flips
every repetition), a warm-up round is discarded, then --repeat rounds (default 5; W1, which is
cheap and noisy, 5x as many) are kept. Engine and language workloads run each measurement in a
fresh process (`run.py --worker LIB WORKLOAD`), whose peak RSS above its RSS after imports is
the peak memory; there, an engine workload (W2-W6) runs once untimed before the timed run
(see engine.worker), while W7 times the first parse a process makes. Prints one table (median, min-max, gradcli/PyTorch, targets) and writes it to
benchmarks/RESULTS.md with a description of the machine, unless --no-save. --quick: smaller
sizes, one round. Nothing here fails the run: a crashing measurement shows "error: ...".
"""
from __future__ import annotations

import argparse
import datetime
import functools
import io
import json
import os
import pathlib
import platform
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

import batch
import cli
import engine

HERE = pathlib.Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
PEERS = {"torch": "PyTorch", "jax": "JAX", "autograd": "HIPS autograd"}
COLUMNS = ("gradcli", "torch", "jax", "autograd", "base")


# -- W7: the formula language, measured in a child process like the engine workloads ------

def _load_language():
    """Build the grammar and the engine's name table: a one-time cost per process, kept
    out of the timings."""
    from gradcli.lang import eval_expression
    eval_expression("x + x", {"x": 1.0})


def lang_expression(lib, terms):
    from gradcli.lang import eval_expression
    _load_language()
    source, x = "+".join(["x"] * terms), lib.tensor(1.0, dtype=lib.float64, requires_grad=True)
    return engine.timed(lambda: eval_expression(source, {"x": x}))


def lang_parse(lib, terms):
    from gradcli.lang import parse
    _load_language()
    source = "+".join(["x"] * terms)
    return engine.timed(lambda: parse(source, mode="expression"), check=False)


def formula_file(lines: int) -> str:
    """A formula file of exactly `lines` lines: a chain of updates, backward, print."""
    body = "".join(f"y = y * 1.0001 + {i % 7}\n" for i in range(lines - 5))
    return ("import torch\nx = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)\n"
            f"y = x\n{body}y.backward()\nprint(x.grad)\n")


def lang_file(lib, lines):
    from gradcli.lang import run_source
    _load_language()
    source = formula_file(lines)
    return engine.timed(lambda: run_source(source, out=io.StringIO())["x"].grad)


def python_compile(lib, terms=None, lines=None):
    source = "+".join(["x"] * terms) if terms else formula_file(lines)
    return engine.timed(lambda: compile(source, "<bench>", "eval" if terms else "exec"),
                        check=False)


LANG_WORKLOADS = {
    "expr": {"gradcli": lang_expression, "python": python_compile},
    "parse": {"gradcli": lang_parse},
    "file": {"gradcli": lang_file, "python": python_compile},
}
CHILD_WORKLOADS = dict(engine.WORKLOADS, **LANG_WORKLOADS)
SIZES = dict(engine.SIZES, expr={"terms": (100_000, 10_000)},
             parse={"terms": (100_000, 10_000)}, file={"lines": (10_000, 1_000)})


def child_main(lib: str, name: str, quick: bool) -> int:
    engine.worker(lib, CHILD_WORKLOADS[name][lib], warm_up=name in engine.WORKLOADS,
                  **engine.sizes(SIZES, name, quick))
    return 0


def measure(python: str, lib: str, name: str, quick: bool) -> dict:
    """One measurement in a fresh process: its JSON result, or {"error": last stderr line}."""
    cmd = [python, __file__, "--worker", lib, name] + (["--quick"] if quick else [])
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    except subprocess.TimeoutExpired:
        return {"error": "timed out after 1800 s"}
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- what a workload is: subjects measured in turn, rows that show them ---------------------

@dataclass
class Target:
    """A goal and how to tell: holds(samples, row metric) -> True, False, or None when it
    cannot be told (a peer not installed or failing)."""
    text: str
    holds: object


def ratio(text, a, b, limit, key=None, higher=False) -> Target:
    """median(a) <= limit x median(b) (>= when higher is better); b=None compares with limit
    itself. A failing `a` misses the target."""
    def holds(samples, metric):
        if any("error" in s for s in samples.get(a, [])):
            return False
        va = _median(samples.get(a), key or metric)
        vb = 1.0 if b is None else _median(samples.get(b), key or metric)
        if va is None or vb is None:
            return None
        return va >= limit * vb if higher else va <= limit * vb
    return Target(text, holds)


@dataclass
class Row:
    label: str
    metric: str                     # sample key: "ms", "seconds", "us_per_op", "files_per_s"
    unit: str
    cells: dict                     # column -> subject name; a column left out is n/a
    base: str = ""                  # what the baseline column holds
    targets: list = field(default_factory=list)
    memory: bool = False


@dataclass
class Workload:
    key: str
    subjects: dict                  # subject name -> () -> sample dict; None: not installed
    rows: list
    rounds: int = 1                 # times --repeat


@dataclass
class Config:
    quick: bool
    pythons: dict                   # lib -> the Python that runs it, or None
    gradcli: list
    tmp: pathlib.Path

    def size(self, name: str, key: str = "n") -> int:
        return engine.sizes(SIZES, name, self.quick)[key]


def engine_subjects(cfg: Config, names: list[str]) -> dict:
    """name:lib -> a fresh-process measurement, for each library the workload has."""
    out = {}
    for name in names:
        for lib in ("gradcli", "torch", "jax", "autograd", "numpy", "python"):
            if lib in CHILD_WORKLOADS[name]:
                python = cfg.pythons.get(lib, sys.executable)
                out[f"{name}:{lib}"] = python and functools.partial(measure, python, lib, name,
                                                                    cfg.quick)
    return out


def engine_row(label, name, metric="seconds", unit="s", base=("", ""), targets=(),
               memory=True):
    """A row of one child workload; base = (what the baseline is, the lib that runs it)."""
    cells = {c: f"{name}:{c}" for c in COLUMNS[:4] if c in CHILD_WORKLOADS[name]}
    if base[0]:
        cells["base"] = f"{name}:{base[1]}"
    return Row(label, metric, unit, cells, base[0], list(targets), memory)


def versus_torch(name, limit):
    return ratio(f"<= {limit}x PyTorch", f"{name}:gradcli", f"{name}:torch", limit)


def versus_numpy(name, limit):
    return ratio(f"<= {limit}x NumPy", f"{name}:gradcli", f"{name}:numpy", limit)


def memory_vs_torch(name, limit):
    return ratio(f"peak <= {limit}x PyTorch's", f"{name}:gradcli", f"{name}:torch", limit,
                 key="peak_mb")


# -- the eight workloads ----------------------------------------------------------------

def w1(cfg: Config) -> Workload:
    torch = cfg.pythons["torch"]
    subjects = {
        "table": functools.partial(_process, cfg.gradcli + cli.ONE_LINER),
        "json": functools.partial(_process, cfg.gradcli + cli.ONE_LINER + ["--json"]),
        "numpy": functools.partial(_process, [sys.executable, "-c", "import numpy"]),
        "torch": torch and functools.partial(_process, [torch, "-c", cli.TORCH_SCRIPT]),
    }
    cells = {"torch": "torch", "base": "numpy"}
    rows = [Row("W1 grad one-liner, table", "ms", "ms", dict(cells, gradcli="table"),
                "import numpy", [ratio("<= 2x import numpy", "table", "numpy", 2),
                                 ratio("<= 0.12x PyTorch", "table", "torch", 0.12)]),
            Row("W1 grad one-liner, --json", "ms", "ms", dict(cells, gradcli="json"),
                "import numpy", [ratio("<= 1.6x import numpy", "json", "numpy", 1.6),
                                 ratio("<= 0.12x PyTorch", "json", "torch", 0.12)])]
    return Workload("W1", subjects, rows, rounds=5)


def _process(cmd: list[str]) -> dict:
    try:
        return {"ms": cli.wall_ms(cmd)}
    except subprocess.CalledProcessError as exc:
        return {"error": (exc.stderr.decode().strip().splitlines() or [str(exc)])[-1]}


def w2(cfg: Config) -> Workload:
    return Workload("W2", engine_subjects(cfg, ["chain"]), [
        engine_row(f"W2 chain of {cfg.size('chain'):,} steps (scalar)", "chain", "us_per_op",
                   "us/op", targets=[versus_torch("chain", 0.5)])])


def w3(cfg: Config) -> Workload:
    rows = [engine_row(f"W3 elementwise, {cfg.size(name):,} x {dtype}", name,
                       base=("NumPy by hand", "numpy"),
                       targets=[versus_torch(name, 1.0), versus_numpy(name, 1.3),
                                memory_vs_torch(name, 1.2)])
            for name, dtype in (("elem", "float64"), ("elem32", "float32"))]
    return Workload("W3", engine_subjects(cfg, ["elem", "elem32"]), rows)


def w4(cfg: Config) -> Workload:
    return Workload("W4", engine_subjects(cfg, ["mlp"]), [
        engine_row(f"W4 MLP loss, X {cfg.size('mlp', 'rows')}x512", "mlp",
                   base=("NumPy by hand", "numpy"),
                   targets=[versus_torch("mlp", 1.0), versus_numpy("mlp", 1.3),
                            memory_vs_torch("mlp", 1.2)])])


def w5(cfg: Config) -> Workload:
    return Workload("W5", engine_subjects(cfg, ["hess100", "hess500"]), [
        engine_row(f"W5 Hessian, n={cfg.size(name)}", name, targets=[versus_torch(name, 1.0)])
        for name in ("hess100", "hess500")])


def w6(cfg: Config) -> Workload:
    frees = Target("works, frees its memory (left <= 10% of peak)", _frees_memory)
    return Workload("W6", engine_subjects(cfg, ["chain200k", "chain1m"]), [
        engine_row(f"W6 chain of {cfg.size('chain200k'):,} additions", "chain200k",
                   targets=[versus_torch("chain200k", 1.0)]),
        engine_row(f"W6 chain of {cfg.size('chain1m'):,} additions", "chain1m",
                   targets=[frees])])


def _frees_memory(samples, metric) -> bool:
    ok = [s for s in samples.get("chain1m:gradcli", []) if "error" not in s]
    return bool(ok) and all(s["rss_left_mb"] <= 0.1 * s["peak_mb"] for s in ok)


def w7(cfg: Config) -> Workload:
    fast = ratio("< 2 s, no recursion error", "expr:gradcli", None, 2.0)
    cells, terms = {"gradcli": "expr:gradcli", "base": "expr:python"}, cfg.size("expr", "terms")
    return Workload("W7", engine_subjects(cfg, ["expr", "parse", "file"]), [
        Row(f"W7 {terms:,}-term x+x+..., parse+evaluate", "seconds", "s", cells,
            "compile()", [fast], memory=True),
        Row(f"W7 {terms:,}-term x+x+..., parse only", "seconds", "s",
            dict(cells, gradcli="parse:gradcli"), "compile()", memory=True),
        engine_row(f"W7 {cfg.size('file', 'lines'):,}-line file, run_source", "file",
                   base=("compile()", "python"))])


def w8(cfg: Config) -> Workload:
    count, per_file = (100, 10) if cfg.quick else (1000, 100)
    directory = cfg.tmp / "batch"
    directory.mkdir()
    files = batch.make_files(directory, count)
    subjects = {f"jobs{j}": functools.partial(_batch, cfg.gradcli, directory, j, count)
                for j in (1, 2)}
    subjects["run"] = functools.partial(_one_per_file, cfg.gradcli, files[:per_file])
    subjects["cores"] = batch.parallel_speedup
    single = cfg.tmp / "batch-of-one"
    single.mkdir()
    batch.make_files(single, 1)
    subjects["startup"] = functools.partial(_process, cfg.gradcli + [
        "batch", str(single), "--jobs", "1", "--json", "--no-progress"])
    subjects["numpy"] = functools.partial(_process, [sys.executable, "-c", "import numpy"])
    base = f"gradcli run per file ({per_file} timed)"
    return Workload("W8", subjects, [
        Row("W8 this machine: 2 processes at once vs in turn (pure-Python loop)", "speedup",
            "x", {"base": "cores"}, "the ceiling for --jobs 2 / --jobs 1"),
        Row(f"W8 batch of {count:,} files, --jobs 1", "files_per_s", "files/s",
            {"gradcli": "jobs1", "base": "run"}, base),
        Row(f"W8 batch of {count:,} files, --jobs 2", "files_per_s", "files/s",
            {"gradcli": "jobs2", "base": "run"}, base,
            [ratio("jobs 2 >= 1.7x jobs 1", "jobs2", "jobs1", 1.7, higher=True),
             ratio(">= 20x one process per file", "jobs2", "run", 20, higher=True)]),
        Row("W8 the same runs by the batch's own clock, --jobs 2", "own_files_per_s",
            "files/s", {"gradcli": "jobs2", "base": "jobs1"},
            "--jobs 1 by its own clock"),
        Row("W8 the fixed part: a batch of 1 file, start to exit", "ms", "ms",
            {"gradcli": "startup", "base": "numpy"}, "import numpy")])


def _batch(cmd, directory, jobs, count) -> dict:
    wall, own = batch.time_batch(cmd, directory, jobs, count)
    return {"files_per_s": count / wall, "own_files_per_s": count / own}


def _one_per_file(cmd, files) -> dict:
    return {"files_per_s": len(files) / batch.time_run(cmd, files)}


WORKLOADS = {"W1": w1, "W2": w2, "W3": w3, "W4": w4, "W5": w5, "W6": w6, "W7": w7, "W8": w8}


# -- running: interleaved rounds after a warm-up ------------------------------------------

def run_workload(w: Workload, repeat: int) -> dict:
    """Subject name -> its kept samples. Round 0 is the warm-up; odd rounds run the subjects
    in reverse, so neither side always goes first."""
    names = [n for n, fn in w.subjects.items() if fn]
    samples = {n: [] for n in names}
    for rnd in range(repeat * w.rounds + 1):
        for name in (names[::-1] if rnd % 2 else names):
            result = _safely(w.subjects[name])
            if rnd:
                samples[name].append(result)
    return samples


def run_all(a, pythons: dict, load: Load) -> tuple[list, dict]:
    """Every workload asked for, in order: their rows and every subject's samples."""
    rows, samples = [], {}
    with tempfile.TemporaryDirectory(prefix="gradcli-bench-") as tmp:
        cfg = Config(a.quick, pythons, cli.gradcli_command(), pathlib.Path(tmp))
        for key in a.only or WORKLOADS:
            load.begin()
            w = build(key, cfg)
            samples.update(run_workload(w, a.repeat))
            rows += w.rows
            load.end(key)
            print(f"  done {key}", file=sys.stderr, flush=True)
    return rows, samples


def build(key: str, cfg: Config) -> Workload:
    """The workload, or, if it cannot even be set up, one row that says why."""
    try:
        return WORKLOADS[key](cfg)
    except Exception as exc:
        error = {"error": f"{type(exc).__name__}: {exc}"}
        return Workload(key, {key: lambda: error}, [Row(key, "seconds", "s", {"gradcli": key})])


def _safely(fn) -> dict:
    try:
        return fn()
    except (Exception, SystemExit) as exc:        # batch.py stops with SystemExit
        return {"error": f"{type(exc).__name__}: {exc}".strip()}


# -- the table ------------------------------------------------------------------------------

HEAD = ("workload", "gradcli", "PyTorch", "JAX", "HIPS autograd", "baseline",
        "gradcli/PyTorch", "peak MB gradcli", "peak MB PyTorch", "peak MB baseline", "targets")


def _median(samples, key):
    vals = [s[key] for s in samples or [] if key in s]
    return statistics.median(vals) if vals else None


def _num(v: float) -> str:
    return f"{v:.0f}" if abs(v) >= 100 else f"{v:.1f}" if abs(v) >= 10 else f"{v:.3g}"


def _cell(samples, key, unit, range_=True) -> str:
    vals = [s[key] for s in samples if key in s]
    errors = [s["error"] for s in samples if "error" in s]
    if not vals:
        return "error: " + errors[0][:70] if errors else "-"
    text = f"{_num(statistics.median(vals))} {unit}".strip()
    if range_ and len(vals) > 1:
        text += f" ({_num(min(vals))}-{_num(max(vals))})"
    return text + (f" ({len(errors)} failed: {errors[0][:50]})" if errors else "")


def _column(row: Row, column: str, samples: dict, key=None, unit=None, range_=True) -> str:
    name = row.cells.get(column)
    if name is None:
        return "n/a"
    if name not in samples:
        return "not installed"
    text = _cell(samples[name], key or row.metric, row.unit if unit is None else unit, range_)
    return f"{row.base}: {text}" if column == "base" and not key else text


def _memory(row: Row, column: str, samples: dict) -> str:
    if not row.memory or row.cells.get(column) is None:
        return ""
    text = _column(row, column, samples, "peak_mb", "", range_=False)
    if text.startswith("error"):
        return "error"
    left = [s for s in samples.get(row.cells[column], []) if "rss_left_mb" in s]
    if left:
        text += f" (left {_num(_median(left, 'rss_left_mb'))})"
    return text


def _gradcli_over_torch(row: Row, samples: dict) -> str:
    g = _median(samples.get(row.cells.get("gradcli")), row.metric)
    t = _median(samples.get(row.cells.get("torch")), row.metric)
    return f"{g / t:.2f}x" if g is not None and t else "-"


def _verdicts(row: Row, samples: dict) -> str:
    words = {True: "ok", False: "MISSED", None: "n/a"}
    return "; ".join(f"{t.text}: {words[t.holds(samples, row.metric)]}" for t in row.targets)


def table_rows(rows: list[Row], samples: dict) -> list[tuple]:
    return [(row.label, *(_column(row, c, samples) for c in COLUMNS),
             _gradcli_over_torch(row, samples),
             *(_memory(row, c, samples) for c in ("gradcli", "torch", "base")),
             _verdicts(row, samples) or "-") for row in rows]


def markdown(lines: list[tuple]) -> str:
    """A Markdown table, padded so it also reads as plain text."""
    lines = [HEAD] + lines
    widths = [max(len(str(r[i])) for r in lines) for i in range(len(HEAD))]

    def fmt(r):
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"
    return "\n".join([fmt(lines[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] +
                     [fmt(r) for r in lines[1:]])


def summary(rows: list[Row], samples: dict) -> str:
    verdicts = [t.holds(samples, row.metric) for row in rows for t in row.targets]
    return (f"Targets: {verdicts.count(True)} ok, {verdicts.count(False)} MISSED, "
            f"{verdicts.count(None)} not measurable.")


def check_notes(samples: dict) -> list[str]:
    """Workloads whose libraries disagree on the answer (a gradient sum)."""
    notes, by_workload = [], {}
    for name, runs in samples.items():
        value = _median(runs, "check")
        if value is not None and ":" in name:
            by_workload.setdefault(name.split(":")[0], {})[name.split(":")[1]] = value
    for workload, values in by_workload.items():
        ref = values.get("gradcli")
        tol = 1e-3 if workload.endswith("32") else 1e-6
        for lib, value in values.items():
            if ref is not None and abs(value - ref) > tol * max(abs(ref), 1.0):
                notes.append(f"{workload}: {lib} computed {value:.10g}, gradcli {ref:.10g}")
    return notes


# -- the machine, and RESULTS.md ------------------------------------------------------------

def blas() -> str:
    import numpy as np
    try:
        info = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"{info['name']} {info.get('version', '')}".strip()
    except Exception:                # older NumPy: no dicts mode
        return "unknown (see numpy.show_config())"


def cpu_model() -> str:
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def peer_versions(pythons: dict) -> str:
    parts = []
    for lib, label in PEERS.items():
        python = pythons.get(lib)
        if python is None:
            parts.append(f"{label}: not installed")
            continue
        probe = f"import importlib.metadata as m; print(m.version({lib!r}))"
        out = subprocess.run([python, "-c", probe], capture_output=True, text=True).stdout
        parts.append(f"{label} {out.strip() or '?'} ({python})")
    return "; ".join(parts)


def machine(pythons: dict) -> list[str]:
    import numpy as np
    return [f"- {os.cpu_count()} cores (os.cpu_count()), {cpu_model()}, "
            f"{platform.system()} {platform.release()}",
            f"- Python {platform.python_version()}, NumPy {np.__version__} with BLAS {blas()}",
            f"- {peer_versions(pythons)}"]


class Load:
    """What else the machine did: the 1-minute load average, and the CPU time that processes
    other than this run and its children used, per workload (in cores)."""

    def __init__(self):
        self.start_avg, self.max_avg, self.others = os.getloadavg()[0], 0.0, {}
        self.started = time.perf_counter()

    @staticmethod
    def _cpu():
        fields = pathlib.Path("/proc/stat").read_text().split()[1:9]
        busy = sum(int(f) for i, f in enumerate(fields) if i not in (3, 4))
        own = [resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                   resource.RUSAGE_CHILDREN)]
        return (busy / os.sysconf("SC_CLK_TCK"), sum(r.ru_utime + r.ru_stime for r in own),
                time.perf_counter())

    def begin(self):
        self._mark = self._cpu()

    def end(self, key):
        (b0, o0, t0), (b1, o1, t1) = self._mark, self._cpu()
        self.others[key] = max((b1 - b0) - (o1 - o0), 0.0) / max(t1 - t0, 1e-9)
        self.max_avg = max(self.max_avg, os.getloadavg()[0])

    def describe(self) -> str:
        busiest = max(self.others.values(), default=0.0)
        text = (f"1-minute load average {self.start_avg:.2f} at the start, up to "
                f"{self.max_avg:.2f} during the run (this run itself keeps 1-2 cores busy). "
                "CPU used by other processes or taken by the hypervisor (steal), in cores, per "
                "workload: " +
                ", ".join(f"{k} {v:.2f}" for k, v in self.others.items()) + ".")
        if busiest > 0.2:
            text += (" Other work was running on the machine during the run, so timings are "
                     "noisier than on an idle machine.")
        else:
            text += " No other significant load was seen."
        return text


def save(table: str, notes: list[str], command: str, pythons: dict, load: Load, a) -> None:
    rounds = f"{a.repeat} round(s) after a warm-up (W1: {5 * a.repeat})"
    text = "\n".join([
        "# gradcli benchmarks", "",
        f"Written by `{command}` on {datetime.datetime.now():%Y-%m-%d %H:%M}"
        f"{' (quick sizes)' if a.quick else ''}; the run took "
        f"{(time.perf_counter() - load.started) / 60:.1f} min.", "",
        "Machine:", *machine(pythons), f"- Load: {load.describe()}", "",
        f"Each cell: median (min-max) of {rounds}; gradcli and its peers alternate within a "
        "round. Times are wall clock; W2 is microseconds per op, W8 files per second (higher "
        "is better). Peak MB: the measuring process's peak RSS above its RSS after imports. "
        "gradcli/PyTorch: ratio of medians.", "",
        table, "", *(f"- {n}" for n in notes), ""])
    RESULTS.write_text(text)


NOTES = [
    "W1: each run is a fresh process, timed from start to exit, with bytecode caches warm "
    "(PYTHONDONTWRITEBYTECODE unset); the PyTorch column is a script printing the same "
    "gradient; gradcli is the `gradcli` script beside this Python.",
    "W2-W6: each measuring process runs the workload once untimed (lazy initialisation, "
    "the first touch of the memory it needs), then once timed; every library alike. W7 "
    "times a process's first parse.",
    "W3/W4 baseline: the same forward and gradient written by hand in NumPy (the floor).",
    "W6: '(left N)' is the RSS in MB still held after backward, `del` and gc.collect().",
    "W7: the grammar is loaded before timing (a one-time cost per process); the baseline is "
    "CPython's compile() of the same text (compile only, nothing run).",
    "W8: one `gradcli run` process per file is timed on a subset of the files and shown as "
    "files/s, i.e. extrapolated to the whole set; batch rows run every file. The 'own "
    "clock' row divides the same runs' file count by the time `gradcli batch` reports "
    "(summary.seconds: from the files found to the last verdict), leaving out the start-up "
    "(Python, imports) and exit that both --jobs figures pay once and that a second core "
    "cannot shorten. The 'fixed part' row times that directly: a batch of one file, start "
    "to exit, beside `python -c 'import numpy'`. With F that time, T1 the --jobs 1 batch "
    "and c the two-process ceiling, --jobs 2 can at best reach T1 / (F + (T1 - F) / c) "
    "times --jobs 1's files/s.",
]


# -- entry point ----------------------------------------------------------------------------

def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes, one round")
    ap.add_argument("--repeat", type=int, help="rounds kept after the warm-up (default 5, "
                                               "--quick 1)")
    ap.add_argument("--only", nargs="+", choices=list(WORKLOADS), metavar="W")
    ap.add_argument("--torch-python", help="a Python with torch (default: see cli.py)")
    ap.add_argument("--no-save", action="store_true", help=f"do not write {RESULTS.name}")
    ap.add_argument("--worker", nargs=2, metavar=("LIB", "WORKLOAD"), help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    a.repeat = a.repeat or (1 if a.quick else 5)
    return a


def warm_guest_memory(gigabytes: float = 3.0) -> None:
    """Touch memory once in a throwaway process before any timing.

    On a fresh virtual machine the first touch of each guest page is slow (here: 8 s for
    3 GB, 0.4 s the second time), so whichever worker first grows past the memory used so
    far paid for it, and W3's times swung between 0.3 s and 1.1 s. Pages stay backed after
    the process exits, so every library then starts on equal terms."""
    subprocess.run([sys.executable, "-c", "import numpy as np; "
                    f"np.ones(int({gigabytes} * 2**30) // 8)"], check=False)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    a = parse_args(argv)
    if a.worker:
        return child_main(*a.worker, a.quick)
    cli.use_bytecode()
    pythons = {lib: cli.peer_python(lib, a.torch_python) for lib in PEERS}
    warm_guest_memory()
    load = Load()
    rows, samples = run_all(a, pythons, load)
    table = markdown(table_rows(rows, samples)) + "\n\n" + summary(rows, samples)
    notes = NOTES + check_notes(samples)
    print(table)
    print("\n".join(f"- {n}" for n in notes[len(NOTES):]))
    if not a.no_save:
        command = shlex.join(["python", "benchmarks/run.py", *argv])
        save(table, notes, command, pythons, load, a)
        print(f"written to {RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
