"""`gradcli batch`: discovery, isolation, timeouts, crashes, judging, --update, formats."""
from __future__ import annotations

import json
import multiprocessing
import os
import pathlib
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from gradcli import batch as runner
from gradcli.cli.batch import batch as batch_command
from gradcli.errors import UsageError

ROOT = pathlib.Path(__file__).resolve().parents[1]

PASSING = "import torch\nx = torch.tensor([1.0, 2.0], requires_grad=True)\n" \
          "(x * x).sum().backward()\nprint(x.grad)\n"
PASSING_OUT = "tensor([2., 4.])\n"


def gradcli(*args: str, cwd=ROOT, timeout=120) -> subprocess.CompletedProcess:
    """`gradcli ARGS` as a real process (exit codes, stdout and stderr as a user sees them)."""
    code = "import sys; from gradcli.cli import main; sys.exit(main())"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                          text=True, timeout=timeout, cwd=cwd, stdin=subprocess.DEVNULL)


def write(directory: pathlib.Path, name: str, source: str, out: str | None = None,
          err: str | None = None) -> pathlib.Path:
    path = directory / name
    path.write_text(source)
    if out is not None:
        path.with_suffix(".out").write_text(out)
    if err is not None:
        path.with_suffix(".err").write_text(err)
    return path


def statuses(results) -> dict[str, str]:
    return {pathlib.Path(r.file).name: r.status for r in results}


@pytest.fixture
def mixed(tmp_path):
    """One file of each kind the acceptance test names."""
    write(tmp_path, "a_pass.grad", PASSING, PASSING_OUT)
    write(tmp_path, "b_assert.grad", "import torch\nx = torch.ones(2)\n"
                                     "assert x.sum().item() == 3, 'sum is not 3'\n")
    write(tmp_path, "c_wrong_output.grad", "import torch\nprint(torch.ones(2))\nprint(1)\n",
          out="tensor([1., 1.])\n2\n")
    write(tmp_path, "d_syntax.grad", "import torch\nx = (1 +\n")
    write(tmp_path, "e_infinite_loop.grad", "i = 0\nwhile True:\n    i = i + 1\n")
    write(tmp_path, "f_memory.grad", "import torch\nx = torch.ones(100000, 100000)\n"
                                     "print(x.sum())\n")
    return tmp_path


MIXED_STATUSES = {"a_pass.grad": "pass", "b_assert.grad": "error",
                  "c_wrong_output.grad": "fail", "d_syntax.grad": "error",
                  "e_infinite_loop.grad": "timeout", "f_memory.grad": "error"}


# --- the acceptance test ----------------------------------------------------------------------

def test_each_bad_file_gets_its_own_status_and_the_run_exits_1(mixed):
    start = time.monotonic()
    proc = gradcli("batch", str(mixed), "--timeout", "2", "--jobs", "2", "--format", "json")
    elapsed = time.monotonic() - start
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.count("\n") == 1      # one document on one line, as every --json
    doc = json.loads(proc.stdout)
    assert doc["schema"] == "gradcli.batch/1"
    got = {pathlib.Path(r["file"]).name: r for r in doc["results"]}
    assert {name: r["status"] for name, r in got.items()} == MIXED_STATUSES
    assert "sum is not 3" in got["b_assert.grad"]["detail"]
    assert got["c_wrong_output.grad"]["detail"] == "line 2: expected '2', got '1'"
    assert "d_syntax.grad:2" in got["d_syntax.grad"]["detail"]
    assert "timed out after 2 s" in got["e_infinite_loop.grad"]["detail"]
    assert "limit" in got["f_memory.grad"]["detail"]
    assert doc["summary"] == {**doc["summary"], "total": 6, "pass": 1, "fail": 1,
                              "error": 3, "timeout": 1, "crash": 0}
    assert elapsed < 2 + runner.GRACE + 30      # the loop is stopped, never waited out


def test_a_worker_out_of_memory_is_that_files_error(tmp_path):
    write(tmp_path, "big.grad", "import torch\na = torch.ones(40000000)\n"
                                "b = a * 2\nc = a * 3\nd = a * 4\nprint(d.sum())\n")
    write(tmp_path, "ok.grad", PASSING, PASSING_OUT)
    settings = runner.RunSettings(timeout=20, max_memory_mb=400)
    results = runner.run_batch(runner.discover([tmp_path]), settings, jobs=1)
    assert statuses(results) == {"big.grad": "error", "ok.grad": "pass"}
    assert "memory" in results[0].detail.lower() or "limit" in results[0].detail.lower()


def test_a_killed_worker_is_a_crash_and_is_replaced(tmp_path):
    write(tmp_path, "a_loop.grad", "while True:\n    pass\n")
    write(tmp_path, "b_ok.grad", PASSING, PASSING_OUT)

    def kill_the_busy_worker():
        time.sleep(3)
        for child in multiprocessing.active_children():
            if child.name == "gradcli-batch-worker":
                child.kill()

    killer = threading.Thread(target=kill_the_busy_worker)
    killer.start()
    results = runner.run_batch(runner.discover([tmp_path]), runner.RunSettings(timeout=60),
                               jobs=1)
    killer.join()
    assert statuses(results) == {"a_loop.grad": "crash", "b_ok.grad": "pass"}
    assert "died (SIGKILL)" in results[0].detail


KILL_MY_BUSY_CHILD = r'''
import os, sys, time
parent = int(sys.argv[1])
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    time.sleep(0.2)
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # a child of the test process, not this killer, running (R) on its own
        if int(fields[1]) == parent and int(pid) != os.getpid() and fields[0] == "R":
            if float(fields[11]) > 100:               # utime: over a second of CPU
                os.kill(int(pid), 9)
                sys.exit(0)
sys.exit(1)
'''


@pytest.mark.skipif(sys.platform != "linux", reason="workers are hand forks on Linux only")
def test_a_killed_hand_forked_worker_is_a_crash_and_is_replaced(tmp_path):
    """The same with the workers forked by hand (no thread in this process): the parent sees
    the death through the worker's sentinel pipe and reports the signal that ended it."""
    write(tmp_path, "a_loop.grad", "while True:\n    pass\n")
    write(tmp_path, "b_ok.grad", PASSING, PASSING_OUT)
    assert threading.active_count() == 1 and runner._context() is None
    killer = subprocess.Popen([sys.executable, "-c", KILL_MY_BUSY_CHILD, str(os.getpid())])
    try:
        results = runner.run_batch(runner.discover([tmp_path]), runner.RunSettings(timeout=60),
                                   jobs=1)
    finally:
        assert killer.wait(timeout=60) == 0
    assert statuses(results) == {"a_loop.grad": "crash", "b_ok.grad": "pass"}
    assert "died (SIGKILL)" in results[0].detail


@pytest.mark.skipif(sys.platform != "linux", reason="workers are hand forks on Linux only")
def test_a_batch_on_linux_forks_without_multiprocessing():
    """`gradcli batch` forks its workers itself: multiprocessing (and socket with it) is
    never imported, and no worker is left behind."""
    code = ("import sys\nfrom gradcli.cli import main\n"
            "try:\n    main(['batch', 'samples', '--jobs', '2', '--no-progress'])\n"
            "except SystemExit as e:\n    code = e.code\n"
            "import os\n"
            "print(code, 'multiprocessing' in sys.modules, 'socket' in sys.modules, "
            "open(f'/proc/{os.getpid()}/task/{os.getpid()}/children').read().split())\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, stdin=subprocess.DEVNULL)
    assert done.stdout.splitlines()[-1] == "0 False False []", done.stderr


# --- lists of files per worker: a kill costs one file, the rest run again ---------------------

def test_files_go_out_in_lists_that_shrink_to_one_at_the_end():
    todo = runner.deque(range(1000))
    sizes = []
    while todo:
        sizes.append(len(runner._chunk(todo, 2)))
    assert sum(sizes) == 1000
    assert max(sizes) == runner.CHUNK and sizes == sorted(sizes, reverse=True)
    assert sizes[-8:] == [1] * 8


forked_only = pytest.mark.skipif(
    sys.platform != "linux",
    reason="a worker sees the patched execute only when it is a fork of this process")


def patch_execute(monkeypatch, names: dict):
    """Make the workers (forks of this process) do names[NAME]() before running NAME."""
    real = runner.execute

    def execute(path, name, settings):
        action = names.get(pathlib.Path(name).name)
        if action:
            action()
        return real(path, name, settings)

    monkeypatch.setattr(runner, "execute", execute)


def many_files(directory: pathlib.Path, count: int = 40) -> list[pathlib.Path]:
    for i in range(count):
        write(directory, f"f_{i:02d}.grad",
              f"import torch\nprint(torch.ones({i % 5 + 1}).sum())\n", f"tensor({i % 5 + 1}.)\n")
    return runner.discover([directory])


@forked_only
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_killed_for_its_time_costs_only_itself(tmp_path, monkeypatch, jobs):
    files = many_files(tmp_path)
    patch_execute(monkeypatch, {"f_13.grad": lambda: time.sleep(600)})  # beyond the VM's reach
    results = runner.run_batch(files, runner.RunSettings(timeout=0.5), jobs=jobs)
    assert [r.file for r in results] == [str(f) for f in files]
    assert {r.file: r.status for r in results if not r.passed} == {str(files[13]): "timeout"}
    assert "timed out after 0.5 s" in results[13].detail


@forked_only
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_worker_that_dies_mid_list_costs_only_that_file(tmp_path, monkeypatch, jobs):
    files = many_files(tmp_path)
    die = lambda: os.kill(os.getpid(), signal.SIGKILL)  # noqa: E731
    patch_execute(monkeypatch, {"f_05.grad": die, "f_31.grad": die})
    results = runner.run_batch(files, runner.RunSettings(timeout=20), jobs=jobs)
    assert [r.file for r in results] == [str(f) for f in files]
    assert {r.file: r.status for r in results if not r.passed} == {
        str(files[5]): "crash", str(files[31]): "crash"}
    assert "died (SIGKILL)" in results[31].detail
    assert all(r.stdout for r in results if r.passed)


@forked_only
def test_a_worker_dead_before_its_next_list_arrives_costs_one_file(tmp_path, monkeypatch):
    """The parent may send a list to a worker that has just died (a broken pipe): the run
    goes on, the worker's files go back to the queue, and its death costs one of them."""
    files = many_files(tmp_path, 12)
    real_send, sends = runner._Worker.send, []

    def send(worker, indices):
        sends.append(indices)
        if len(sends) == 3:     # its next list after the PIPELINE (2) it started with
            assert worker.ready and runner.PIPELINE == 2              # the worker is gone
            worker.process.kill()
            worker.process.join()
        real_send(worker, indices)
    monkeypatch.setattr(runner._Worker, "send", send)
    results = runner.run_batch(files, runner.RunSettings(timeout=20), jobs=1)
    assert [r.file for r in results] == [str(f) for f in files]
    assert [r.status for r in results].count("crash") == 1
    assert sum(r.passed for r in results) == 11


# --- isolation and order ----------------------------------------------------------------------

def comparable(results):
    return [(r.file, r.status, r.detail, r.error, r.stdout) for r in results]


def test_jobs_1_and_jobs_n_give_the_same_results_in_the_same_order(mixed):
    for i in range(8):
        write(mixed, f"g_{i}.grad", f"import torch\nprint(torch.arange({i + 1}.0).sum())\n")
    files = runner.discover([mixed])
    settings = runner.RunSettings(timeout=2)
    one = runner.run_batch(files, settings, jobs=1)
    three = runner.run_batch(files, settings, jobs=3)
    assert comparable(one) == comparable(three)
    assert [r.file for r in one] == [str(f) for f in files]


def test_workers_forked_or_from_the_forkserver_give_the_same_results(mixed):
    """With another thread running, workers come from the forkserver instead of fork."""
    files = runner.discover([mixed])
    settings = runner.RunSettings(timeout=2)
    forked = runner.run_batch(files, settings, jobs=2)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        context = runner._context()
        assert context is not None and context.get_start_method() != "fork"
        served = runner.run_batch(files, settings, jobs=2)
    finally:
        stop.set()
        other.join()
    assert comparable(forked) == comparable(served)


def report_in_stdout(monkeypatch, report):
    """Make the workers (forks of this process) put report(outcome), what they see, as each
    file's stdout."""
    execute = runner.execute

    def spy(path, name, settings):
        outcome = execute(path, name, settings)
        outcome["stdout"] = report(outcome)
        return outcome
    monkeypatch.setattr(runner, "execute", spy)


@pytest.mark.skipif(runner._blas_threads() is None, reason="numpy's BLAS is not OpenBLAS")
def test_forked_workers_run_blas_on_one_thread_without_starting_one(tmp_path, monkeypatch):
    """The parent sets OpenBLAS to one thread before forking, so a worker inherits it and
    starts no BLAS thread of its own (one would spin on a core the other workers need);
    the parent's count comes back afterwards."""
    before = runner._blas_threads()
    report_in_stdout(monkeypatch, lambda outcome: f"{runner._blas_threads()} "
                                                  f"{len(os.listdir('/proc/self/task'))}\n")
    for i in range(4):
        write(tmp_path, f"m{i}.grad", "import torch\nx = torch.ones(64, 64)\nprint((x @ x).sum())\n")
    assert runner._context() is None                   # forked by hand
    results = runner.run_batch(runner.discover([tmp_path]), runner.RunSettings(), jobs=2)
    assert [r.stdout for r in results] == ["1 1\n"] * 4
    assert runner._blas_threads() == before


@forked_only
def test_forked_workers_share_the_parents_objects_frozen_and_the_parent_thaws(tmp_path,
                                                                            monkeypatch):
    """Before forking, the parent freezes what it holds (gc.freeze): no collection in the
    parent or a worker then writes to the pages they share. The parent thaws afterwards,
    so a caller's objects are collected as before."""
    import gc
    report_in_stdout(monkeypatch, lambda outcome: f"{gc.get_freeze_count() > 1000}\n")
    for i in range(3):
        write(tmp_path, f"f{i}.grad", "print(1)\n")
    assert gc.get_freeze_count() == 0
    results = runner.run_batch(runner.discover([tmp_path]), runner.RunSettings(), jobs=2)
    assert [r.stdout for r in results] == ["True\n"] * 3
    assert gc.get_freeze_count() == 0


@forked_only
@pytest.mark.parametrize("jobs, cores, parent_builds", [(1, 2, True), (2, 2, False),
                                                        (3, 2, True), (2, 1, True)])
def test_the_language_is_built_before_forking_only_when_workers_would_wait_for_a_core(
        tmp_path, monkeypatch, jobs, cores, parent_builds):
    """One worker, or more workers than cores: the parent builds the formula language once
    and every fork inherits it. A worker per core: each builds it itself, at the same
    time, before it says it is ready. Every file's result is the same either way."""
    report_in_stdout(monkeypatch, lambda outcome: f"{runner._WARM[0]} {outcome['stdout']}")
    monkeypatch.setattr(runner, "_cores", lambda: cores)
    monkeypatch.setattr(runner, "_WARM", [False])
    for i in range(4):
        write(tmp_path, f"f{i}.grad", f"import torch\nprint(torch.tensor({i}.5) * 2)\n")
    assert runner._context(warm=False) is None and not runner._WARM[0]
    results = runner.run_batch(runner.discover([tmp_path]), runner.RunSettings(), jobs=jobs)
    assert runner._WARM[0] is parent_builds
    assert [r.stdout for r in results] == [f"True tensor({2 * i + 1}.)\n" for i in range(4)]


def test_files_in_one_worker_do_not_see_each_others_state(tmp_path):
    write(tmp_path, "a_changes_globals.grad",
          "import torch\ntorch.set_grad_enabled(False)\ntorch.set_default_dtype(torch.float64)\n"
          "torch.manual_seed(123)\nprint(torch.ones(1).dtype)\n")
    write(tmp_path, "b_sees_defaults.grad",
          "import torch\nx = torch.ones(2, requires_grad=True)\ny = x * 2\n"
          "print(torch.is_grad_enabled(), y.requires_grad, y.dtype)\n",
          out="True True torch.float32\n")
    draws = "import torch\nprint(torch.rand(3))\n"
    write(tmp_path, "c_random.grad", draws)
    write(tmp_path, "d_random.grad", draws)
    results = runner.run_batch(runner.discover([tmp_path]), runner.RunSettings(), jobs=1)
    assert [r.status for r in results] == ["pass"] * 4
    assert results[2].stdout == results[3].stdout     # each file starts from the same seed


def test_ndjson_lines_stream_in_file_order(mixed):
    seen = []
    results = runner.run_batch(runner.discover([mixed]), runner.RunSettings(timeout=1),
                               jobs=3, on_result=seen.append)
    assert [r.file for r in seen] == [r.file for r in results]


# --- judging ----------------------------------------------------------------------------------

@pytest.mark.parametrize("source, out, err, status", [
    (PASSING, None, None, "pass"),                       # no expected files: must just run
    (PASSING, PASSING_OUT, None, "pass"),
    (PASSING, "tensor([2., 5.])\n", None, "fail"),
    (PASSING, PASSING_OUT, "some error\n", "fail"),      # an error was expected
    ("import torch\ntorch.ones(2, 2).backward()\n", "", None, "error"),
    ("import torch\ntorch.ones(2, 2).backward()\n", "",
     "ELEMENT 0 of tensors does not require grad and does not have a grad_fn\n", "pass"),
    ("import torch\ntorch.ones(2, 2).backward()\n", "", "another message\n", "fail"),
    ("import torch\nprint((torch.ones(1, requires_grad=True) * 2).grad_fn)\n",
     "<MulBackward0 object at 0x…>\n", None, "pass"),        # addresses are normalised
])
def test_judging(tmp_path, source, out, err, status):
    path = write(tmp_path, "case.grad", source, out, err)
    [result] = runner.run_batch([path], runner.RunSettings(timeout=20), jobs=1)
    assert result.status == status, result.detail


def test_expected_error_needs_only_the_first_50_characters(tmp_path):
    path = write(tmp_path, "case.grad",
                 "import torch\ntorch.ones(2, requires_grad=True).backward()\n", out="",
                 err="grad can be implicitly created only for scalar outputs -- and then "
                     "whatever text PyTorch adds\n")
    [result] = runner.run_batch([path], runner.RunSettings(timeout=20), jobs=1)
    assert result.passed, result.detail


def test_normalise_replaces_addresses_only():
    text = "<AddBackward0 object at 0x7f3a2c1b9d30> <X object at 0x…> at 0x12"
    assert runner.normalise(text) == "<AddBackward0 object at 0x…> <X object at 0x…> at 0x12"


def test_first_difference_names_the_line():
    detail, diff = runner.first_difference("a\nb\n", "a\n", "x.out")
    assert detail == "line 2: expected 'b', got end of output"
    assert "-b" in diff


# --- discovery --------------------------------------------------------------------------------

def test_discover_searches_directories_sorted_and_drops_duplicates(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ["sub/b.grad", "c.grad", "a.grad", "notes.txt"]:
        (tmp_path / name).write_text("pass\n")
    found = runner.discover([tmp_path, tmp_path / "c.grad"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.grad", "c.grad",
                                                                   "sub/b.grad"]


def test_discover_follows_file_links_not_directory_links_and_dedupes_by_identity(tmp_path):
    root = tmp_path / "root"
    (root / "z" / "deep").mkdir(parents=True)
    (root / "a").mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "far.grad").write_text("pass\n")
    for name in ["z/deep/x.grad", "a/y.grad", "m.grad"]:
        (root / name).write_text("pass\n")
    os.link(root / "m.grad", root / "a/hard.grad")               # same file twice
    (root / "link.grad").symlink_to(elsewhere / "far.grad")     # a link to a file: run it
    (root / "dirlink").symlink_to(elsewhere, target_is_directory=True)   # not entered
    (root / "broken.grad").symlink_to(tmp_path / "missing.grad")
    (root / "adir.grad").mkdir()                                  # a directory, not a file
    found = runner.discover([root, elsewhere / "far.grad", root / "m.grad"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "root/a/hard.grad", "root/a/y.grad", "root/link.grad", "root/z/deep/x.grad"]
    assert all(isinstance(p, pathlib.Path) for p in found)


def test_discover_refuses_a_missing_path(tmp_path):
    with pytest.raises(UsageError):
        runner.discover([tmp_path / "nope"])


def test_a_directory_without_formula_files_is_a_usage_error(tmp_path):
    proc = gradcli("batch", str(tmp_path))
    assert proc.returncode == 2
    assert "no *.grad files" in proc.stderr


# --- --update ---------------------------------------------------------------------------------

def test_update_writes_expected_files_then_they_pass(tmp_path):
    ok = write(tmp_path, "a.grad", PASSING, out="stale\n", err="stale\n")
    bad = write(tmp_path, "b.grad",
                "import torch\nprint(1)\ntorch.ones(2, requires_grad=True).backward()\n")
    loop = write(tmp_path, "c.grad", "while True:\n    pass\n")
    files = runner.discover([tmp_path])
    settings = runner.RunSettings(timeout=1)
    results = runner.run_batch(files, settings, jobs=2, update=True)
    assert [(r.status, r.updated) for r in results] == [("pass", True), ("pass", True),
                                                        ("timeout", False)]
    assert ok.with_suffix(".out").read_text() == PASSING_OUT
    assert not ok.with_suffix(".err").exists()
    assert bad.with_suffix(".out").read_text() == "1\n"
    assert bad.with_suffix(".err").read_text().startswith("grad can be implicitly created")
    assert not loop.with_suffix(".out").exists()
    again = runner.run_batch(files[:2], settings, jobs=1)
    assert [(r.status, r.updated) for r in again] == [("pass", False), ("pass", False)]


# --- formats through the command --------------------------------------------------------------

def invoke(*args):
    return CliRunner().invoke(batch_command, [*args, "--no-progress"], catch_exceptions=False)


def test_table_lists_every_file_with_status_time_and_detail(mixed):
    result = invoke(str(mixed), "--timeout", "1")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].split() == ["file", "status", "time", "detail"]
    row = next(line for line in lines if "c_wrong_output.grad" in line)
    assert " fail " in row and "line 2: expected '2', got '1'" in row
    assert lines[-1].startswith("1 passed, 1 failed, 3 errors, 1 timed out in ")


def test_passing_run_exits_0(tmp_path):
    write(tmp_path, "a.grad", PASSING, PASSING_OUT)
    result = invoke(str(tmp_path))
    assert result.exit_code == 0
    assert result.output.splitlines()[-1].startswith("1 passed in ")


def test_ndjson_is_one_line_per_file_then_a_summary(mixed):
    result = invoke(str(mixed), "--timeout", "1", "--format", "ndjson")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["schema"] for r in records] == ["gradcli.batch.result/1"] * 6 + [
        "gradcli.batch.summary/1"]
    assert {pathlib.Path(r["file"]).name: r["status"] for r in records[:-1]} == MIXED_STATUSES
    assert records[-1]["total"] == 6


def test_junit_is_xml_a_ci_system_reads(mixed):
    result = invoke(str(mixed), "--timeout", "1", "--format", "junit")
    suites = ET.fromstring(result.stdout.encode())
    suite = suites.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("6", "1", "4")
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert cases["a_pass.grad"].find("failure") is None
    assert cases["c_wrong_output.grad"].find("failure").get("type") == "fail"
    assert cases["e_infinite_loop.grad"].find("error").get("type") == "timeout"


def test_json_to_a_file_is_written_atomically(mixed, tmp_path_factory):
    target = tmp_path_factory.mktemp("report") / "report.json"
    result = invoke(str(mixed), "--timeout", "1", "--json", "-o", str(target))
    assert result.exit_code == 1 and result.stdout == ""
    doc = json.loads(target.read_text())
    assert doc["schema"] == "gradcli.batch/1" and doc["summary"]["total"] == 6
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]


@forked_only
def test_workers_are_forks_even_after_a_large_op_started_the_helper_thread():
    """The helper thread of large elementwise ops is stopped before forking (it is idle
    between ops), so a batch after big tensor work still forks its workers."""
    import gradcli
    from gradcli.ops import core
    (gradcli.ones(2 ** 21) * 2).sum()
    if not core.helper_running():
        pytest.skip("no helper thread on this machine (one core)")
    assert runner._context() is None                   # forked by hand
    assert not core.helper_running()
    assert (gradcli.ones(2 ** 21) * 3).sum().item() == 3 * 2 ** 21    # a new one serves
