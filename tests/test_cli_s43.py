"""The command line's answers to the robustness scan b48: large Jacobians and Hessians,
value files, signals, narrow output encodings, closed pipes, messages and their layout,
`batch`'s expected files and file names, and README's tour printed byte for byte.

Each test names the finding it covers. CliRunner where a process is not needed; a real
process for signals, encodings, pipes and exit statuses.
"""
from __future__ import annotations

import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
from click.testing import CliRunner

from gradcli.cli import main
from test_hostile_cli2 import failed

ROOT = pathlib.Path(__file__).resolve().parent.parent
CMD = [sys.executable, "-m", "gradcli"]


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def env(**extra) -> dict:
    e = {k: v for k, v in os.environ.items() if not k.startswith("GRADCLI_")}
    e["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + [p for p in os.environ.get(
        "PYTHONPATH", "").split(os.pathsep) if p])
    e.update(extra)
    return e


def process(args, **kw):
    kw.setdefault("capture_output", True)
    kw.setdefault("env", env())
    return subprocess.run(CMD + list(args), timeout=120, **kw)


# -- 3: Jacobians and Hessians too large for the element limits ------------------------------

def test_a_jacobian_over_the_element_limit_is_refused_before_it_is_computed():
    start = time.monotonic()
    r = run("jacobian", "x*2", "--x", "arange(8000)", "--json")    # 64,000,000 elements
    err = failed(r, 1, "64,000,000", "over the limit of 50,000,000", "--max-elements")
    assert "hint:" in err
    assert time.monotonic() - start < 30      # not 8,000 backward passes


def test_the_jacobian_and_hessian_limits_follow_the_flags():
    failed(run("--max-elements", "10", "jacobian", "x*2", "--x", "arange(4)"), 1,
           "Jacobian would have 16 elements", "--max-elements")
    failed(run("--max-elements", "10", "hessian", "sum(x**3)", "--x", "arange(4.)"), 1,
           "Hessian would have 16 elements", "--max-elements")
    failed(run("--max-total-elements", "20", "jacobian", "x*y", "--x", "1,2,3,4", "--y",
               "1,2,3,4"), 1, "32 elements in all", "--max-total-elements")
    r = run("--max-elements", "16", "jacobian", "x*2", "--x", "arange(4)", "--json")
    assert r.exit_code == 0, r.stderr


def test_json_arrays_are_written_in_bounded_pieces():
    from gradcli.render import json_out
    rng = np.random.default_rng(0)
    for shape in [(200_000,), (500, 400), (3, 70_000), (70_000, 2), (2, 3, 40_000)]:
        a = rng.standard_normal(shape).astype(np.float32)
        a.flat[7] = np.nan
        pieces = list(json_out.array_pieces(a))
        assert len(pieces) > 2
        assert max(map(len, pieces)) < 40 * json_out.CHUNK        # never the whole text
        text = "".join(pieces)
        back = np.array(json.loads(text.replace('"NaN"', "NaN")), dtype=np.float32)
        assert np.array_equal(back, a, equal_nan=True)
    doc = {"a": np.arange(100_000.0), "b": [1.5, float("inf")], "c": "\ud800"}
    assert "".join(json_out.pieces(doc)) == json_out.dumps(doc)
    assert json.loads(json_out.dumps(doc))["b"] == [1.5, "Infinity"]


def test_a_large_jacobian_as_json_is_one_valid_document(tmp_path):
    out = tmp_path / "j.json"
    r = run("jacobian", "x*2", "--x", "arange(300)", "--json", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    doc = json.loads(out.read_text())
    assert np.array_equal(np.array(doc["jacobian"]["x"]["value"]), 2 * np.eye(300))


# -- 4, 9, 14: value files --------------------------------------------------------------------

def _npy_header_only(path, shape):
    header = f"{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}".encode()
    header += b" " * (118 - len(header)) + b"\n"
    path.write_bytes(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header +
                     b"\0" * 16)


def test_an_empty_npy_file_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty.npy").write_bytes(b"")
    failed(run("eval", "x", "--x", "@empty.npy"), 2, "--x", "empty", "hint:")
    failed(run("grad", "x*x", "--x", "1,2", "--gradient", "@empty.npy"), 2, "--gradient",
           "empty")
    (tmp_path / "empty.json").write_text("")
    failed(run("eval", "x", "--x", "@empty.json"), 2, "empty")


def test_an_npy_header_over_the_element_limit_is_refused_before_loading(tmp_path,
                                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)
    _npy_header_only(tmp_path / "huge.npy", (100000, 100000))
    err = failed(run("eval", "x", "--x", "@huge.npy"), 2, "10,000,000,000",
                 "over the limit of 50,000,000", "--max-elements")
    assert "out of memory" not in err
    np.save(tmp_path / "small.npy", np.zeros((8, 8)))
    failed(run("--max-elements", "10", "eval", "x", "--x", "@small.npy"), 2, "64 elements",
           "--max-elements")


def test_a_cut_short_or_foreign_npy_file_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _npy_header_only(tmp_path / "short.npy", (10, 10))
    failed(run("eval", "x", "--x", "@short.npy"), 2, "cut short", "800")
    (tmp_path / "garbage.npy").write_text("not a numpy file\n")
    err = failed(run("eval", "x", "--x", "@garbage.npy"), 2, "not a .npy file")
    assert "allow_pickle" not in err and "pickle" not in err
    np.save(tmp_path / "obj.npy", np.array([1, None], dtype=object), allow_pickle=True)
    err = failed(run("eval", "x", "--x", "@obj.npy"), 2, "Python objects")
    assert "allow_pickle" not in err


def test_value_files_get_messages_of_their_own(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "obj.json").write_text('{"a": 1}')
    err = failed(run("eval", "x", "--x", "@obj.json"), 2, "JSON object")
    assert "different lengths" not in err
    (tmp_path / "ragged.csv").write_text("1,2\n3\n")
    err = failed(run("eval", "x", "--x", "@ragged.csv"), 2, "line 2 has 1 element",
                 "line 1 has 2")
    assert "usecols" not in err
    (tmp_path / "bad.txt").write_text("1 2\n3 x\n")
    failed(run("eval", "x", "--x", "@bad.txt"), 2, "line 2, column 2", "'x' is not a number")
    (tmp_path / "bigint.json").write_text("[" + "9" * 5000 + "]")
    err = failed(run("eval", "x", "--x", "@bigint.json"), 2, "too large for a float")
    assert "set_int_max_str_digits" not in err
    err = failed(run("eval", "x", "--x", "[" + "9" * 5000 + "]"), 2, "too large for a float")
    assert "set_int_max_str_digits" not in err
    for text in ("null", "[1, null]"):
        (tmp_path / "null.json").write_text(text)
        failed(run("eval", "x", "--x", "@null.json"), 2, "null")
    failed(run("eval", "x", "--x", "[1, null]"), 2, "null")
    (tmp_path / "ok.csv").write_text("1,2\n3,4\n")
    r = run("eval", "x", "--x", "@ok.csv", "--json")
    assert json.loads(r.stdout)["output"]["value"] == [[1.0, 2.0], [3.0, 4.0]]


# -- 5: SIGTERM and SIGHUP ----------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = pathlib.Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = pathlib.Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_for(condition, seconds: float = 60.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


SPIN = "while True:\n    pass\n"


def _default_signals() -> None:
    """Start the child with the signals' default actions, as from a terminal: a background
    job of a non-interactive shell, or nohup, would hand it SIGINT or SIGHUP ignored, and
    gradcli rightly keeps an ignored signal ignored."""
    for signum in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals and /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_run_o_leaves_no_temporary_file(tmp_path, signum):
    (tmp_path / "spin.grad").write_text(SPIN)
    p = subprocess.Popen(CMD + ["run", "spin.grad", "-o", "out.txt"], cwd=tmp_path,
                         env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=_default_signals)
    try:
        assert _wait_for(lambda: any(f.name.endswith(".tmp") for f in tmp_path.iterdir()))
        time.sleep(0.3)                               # inside the formula's loop
        p.send_signal(signum)
        _, err = p.communicate(timeout=60)
    finally:
        p.kill()
    assert p.returncode == 128 + signum, err
    assert sorted(f.name for f in tmp_path.iterdir()) == ["spin.grad"]
    assert b"Traceback" not in err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals and /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_batch_workers_end_with_their_parent(tmp_path, signum):
    spins = tmp_path / "spins"
    spins.mkdir()
    for name in ("a", "b"):
        (spins / f"{name}.grad").write_text(SPIN)
    # without a step limit the files would run until their 60 s are up
    p = subprocess.Popen(CMD + ["--max-steps", str(10 ** 12), "batch", "spins", "--jobs", "2",
                                "--timeout", "60", "-o", "report.txt"], cwd=tmp_path, env=env(),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=_default_signals)
    workers: list[int] = []
    try:
        assert _wait_for(lambda: len(_children(p.pid)) >= 2)
        workers = _children(p.pid)
        time.sleep(0.5)                               # each is running its endless file
        p.send_signal(signum)
        p.communicate(timeout=60)
        assert _wait_for(lambda: not any(_alive(w) for w in workers), 10), workers
    finally:
        p.kill()
        for w in workers:
            if _alive(w):
                os.kill(w, signal.SIGKILL)
    assert p.returncode == (128 + signum if signum != signal.SIGKILL else -signum)
    if signum != signal.SIGKILL:
        assert sorted(f.name for f in tmp_path.iterdir()) == ["spins"]


# -- 6: a failing command and -o ---------------------------------------------------------------

def test_a_check_that_finds_a_mismatch_writes_its_whole_report(tmp_path):
    out = tmp_path / "report.txt"
    out.write_text("OLD\n")
    r = run("check", "sum(abs(x))", "--x", "0,1", "-o", str(out))
    assert r.exit_code == 1 and "check failed" in r.stderr
    assert "MISMATCH" in out.read_text() and "gradgradcheck: FAILED" in out.read_text()
    assert sorted(f.name for f in tmp_path.iterdir()) == ["report.txt"]


def test_an_error_leaves_the_output_file_alone(tmp_path):
    out = tmp_path / "keep.txt"
    out.write_text("OLD\n")
    failed(run("grad", "x + y", "--x", "1,2", "--y", "1,2,3", "-o", str(out)), 1)
    (tmp_path / "fail.grad").write_text('print("partial")\nraise ValueError("x")\n')
    r = run("run", str(tmp_path / "fail.grad"), "-o", str(out))
    assert r.exit_code == 1 and r.stdout == ""
    assert out.read_text() == "OLD\n"
    assert sorted(f.name for f in tmp_path.iterdir()) == ["fail.grad", "keep.txt"]


def test_the_readme_says_what_a_failing_command_writes():
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "Nothing is written to stdout (and no `-o` file is touched) when a command " \
           "fails" not in text
    assert "a verdict, not an error" in text


# -- 7: an output encoding that is not UTF-8 -----------------------------------------------------

@pytest.mark.parametrize("args", [["grad", "2*dot(x,x)", "--x", "0,1,2,3"],
                                  ["graph", "x*x", "--x", "1"],
                                  ["explain", "x*2", "--x", "1"],
                                  ["hessian", "x*x", "--x", "1"],
                                  ["jacobian", "x*x", "--x", "1"]])
def test_an_ascii_stdout_gets_ascii_tables(args):
    p = process(args, env=env(PYTHONIOENCODING="ascii"))
    assert p.returncode == 0, p.stderr
    assert b"internal error" not in p.stderr and b"UnicodeEncodeError" not in p.stderr
    p.stdout.decode("ascii")


def test_a_program_printing_beyond_ascii_to_an_ascii_stdout(tmp_path):
    (tmp_path / "e.grad").write_text('print("caf\u00e9 \u2014 ok")\n', encoding="utf-8")
    p = process(["run", str(tmp_path / "e.grad")], env=env(PYTHONIOENCODING="ascii"))
    assert p.returncode == 0, p.stderr
    assert p.stdout == b"caf\\xe9 - ok\n"
    p = process(["grad", "x*2", "--x", "1"],
                env=env(LANG="C", LC_ALL="C", PYTHONCOERCECLOCALE="0", PYTHONUTF8="0"))
    assert p.returncode == 0 and b"internal error" not in p.stderr, p.stderr


def test_json_on_an_ascii_stdout_stays_valid_and_exact(tmp_path):
    (tmp_path / "e.grad").write_text('print("caf\u00e9 \U0001F600")\n', encoding="utf-8")
    for args in (["run", str(tmp_path / "e.grad"), "--json"],
                 ["grad", "\u03b1*2", "--\u03b1", "1", "--json"],
                 ["batch", str(tmp_path / "e.grad"), "--json"]):
        p = process(args, env=env(PYTHONIOENCODING="ascii"))
        assert p.returncode == 0, p.stderr
        doc = json.loads(p.stdout.decode("ascii"))
        if args[0] == "run":
            assert doc["stdout"] == "caf\u00e9 \U0001F600\n"
        elif args[0] == "grad":
            assert doc["expression"] == "\u03b1*2"


# -- 10: check of an output that does not require grad ----------------------------------------

@pytest.mark.parametrize("expr", ["x.detach()*2", "x > 0", "x.item()"])
def test_check_of_a_constant_output_says_why_with_a_place_and_a_hint(expr):
    err = failed(run("check", expr, "--x", "1"), 1, "does not require grad", "hint:",
                 "<expr>:1:1")
    assert "`inputs` argument to `grad()`" not in err


def test_grad_of_a_constant_output_shows_the_expression():
    failed(run("grad", "x.detach()*2", "--x", "1"), 1, "<expr>:1:1",
           "does not require grad and does not have a grad_fn", "    x.detach()*2")


# -- 11: --version after the command -----------------------------------------------------------

@pytest.mark.parametrize("args", [["grad", "x", "--x", "1", "--version"],
                                  ["grad", "--version"], ["batch", "--version"],
                                  ["--version"]])
def test_version_before_or_after_the_command(args):
    r = run(*args)
    assert r.exit_code == 0, r.stderr
    assert re.fullmatch(r"gradcli \S+\n", r.stdout)


# -- 12: a closed pipe -------------------------------------------------------------------------

def _closed_early(args, stdin=None) -> tuple[int, str]:
    p = subprocess.Popen(CMD + args, stdin=subprocess.PIPE if stdin else None,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env())
    if stdin:
        p.stdin.write(stdin.encode())
        p.stdin.close()
    assert p.stdout.read(10)
    p.stdout.close()                                # what `| head -c 10` does
    err = p.stderr.read().decode()
    p.wait(timeout=120)
    return p.returncode, err


def test_a_closed_pipe_ends_with_the_status_of_sigpipe():
    code, err = _closed_early(["run", "-"], "for i in range(100000):\n    print(i)\n")
    assert code == 141 and err == "", err
    code, err = _closed_early(["eval", "x", "--x", "arange(400000)", "--json"])
    assert code == 141 and err == "", err
    code, err = _closed_early(["graph", "x" + "+x" * 3000, "--x", "1"])
    assert code in (0, 141) and err == "", (code, err)        # Rich's table: never 1


# -- 13: an empty expression -------------------------------------------------------------------

def test_an_empty_expression_has_a_place_and_a_hint():
    for args, stdin in ((["grad", ""], None), (["grad", "   "], None), (["grad", "-"], ""),
                        (["eval", "-"], "\n")):
        failed(run(*args, input=stdin), 3, "<expr>:1:1", "the expression is empty", "hint:")


# -- 15: assorted messages ---------------------------------------------------------------------

def test_the_missing_expression_hint_names_the_command():
    assert "gradcli eval " in failed(run("eval"), 2, "missing the expression")
    assert "gradcli hessian " in failed(run("hessian"), 2, "missing the expression")


def test_a_bad_gradient_value_names_the_option():
    err = failed(run("grad", "x*x", "--x", "1,2", "--gradient", "1,,2"), 2,
                 "bad value for --gradient", "--gradient:1:3")
    assert "variable 'gradient'" not in err


def test_a_value_given_with_v_is_named_as_typed():
    err = failed(run("grad", "x*2", "--x", "1", "-v", "y=2"), 2, "-v y=2",
                 "no variable 'y'")
    assert "--y" not in err
    failed(run("grad", "x*2", "-v", "x=1", "-v", "xx=2"), 2, "did you mean -v x=")


@pytest.mark.parametrize("args, words", [
    (["grad", "x", "-v"], ["-v", "requires an argument", "-v NAME=VALUE"]),
    (["grad", "x", "--x", "1", "--order", "0"], ["--order", "grad --help`"]),
    (["batch"], ["PATHS"]),
    (["--dtyp", "float64", "grad", "x", "--x", "1"], ["--dtyp", "did you mean --dtype"]),
])
def test_click_usage_errors_come_in_gradclis_layout(args, words):
    err = failed(run(*args), 2, "usage error: ", "hint: ", *words)
    assert "Usage:" not in err and "Error:" not in err and "Try '" not in err


def test_a_repeated_gradient_is_an_error():
    for command in ("grad", "explain", "graph"):
        failed(run(command, "x*x", "--x", "1,2", "--gradient", "1,1", "--gradient", "2,2"),
               2, "--gradient is given twice")
    r = run("grad", "x*x", "--x", "1,2", "--gradient", "1,0.5", "--json")
    assert json.loads(r.stdout)["inputs"]["x"]["grad"] == [2.0, 2.0]


def test_out_of_memory_points_at_the_limits_the_right_way():
    from gradcli.cli import handle_error
    p = subprocess.run([sys.executable, "-c", "from gradcli.cli import handle_error; "
                        "print(handle_error(MemoryError()))"], capture_output=True, text=True,
                       env=env(), timeout=120)
    assert p.stdout.strip() == "1"
    assert "lower --max-elements" not in p.stderr and "out of memory" in p.stderr
    assert handle_error is not None


# -- 16, 17: help examples and completion ------------------------------------------------------

def test_the_batch_help_examples_name_files_that_exist():
    r = run("batch", "--help")
    examples = [line.split()[2:] for line in r.stdout.splitlines()
                if line.strip().startswith("gradcli batch ")]
    assert examples
    for words in examples:
        for word in words:
            if word.startswith("samples/") or word.startswith("tests/"):
                assert list(ROOT.glob(word)), word


def _complete(words: str, cword: int, cwd) -> str:
    return subprocess.run(CMD, capture_output=True, text=True, cwd=cwd, timeout=120,
                          env=env(_GRADCLI_COMPLETE="bash_complete", COMP_WORDS=words,
                                  COMP_CWORD=str(cword))).stdout


def test_run_completes_file_names(tmp_path):
    assert _complete("gradcli run compl", 2, tmp_path).split() == ["file,compl"]
    assert "--inspect" in _complete("gradcli run --ins", 2, tmp_path)


# -- 18, 19: batch's expected files and file names ---------------------------------------------

def test_batch_reads_an_expected_file_with_a_bom_and_refuses_one_not_utf8(tmp_path):
    (tmp_path / "a.grad").write_text("print(1)\n")
    (tmp_path / "a.out").write_bytes(b"\xef\xbb\xbf1\n")
    (tmp_path / "b.grad").write_text("print(1)\n")
    (tmp_path / "b.out").write_bytes(b"\xe9\n")
    r = run("batch", str(tmp_path), "--json")
    results = {pathlib.Path(x["file"]).name: x for x in json.loads(r.stdout)["results"]}
    assert results["a.grad"]["status"] == "pass"
    assert results["b.grad"]["status"] == "error"
    assert "b.out is not UTF-8" in results["b.grad"]["detail"]
    assert "\ufffd" not in results["b.grad"]["detail"]
    r = run("batch", str(tmp_path), "--update")
    assert r.exit_code == 0 and (tmp_path / "b.out").read_bytes() == b"1\n"


@pytest.mark.skipif(sys.platform != "linux", reason="bytes in file names")
def test_batch_reports_odd_file_names_as_valid_text(tmp_path):
    d = os.fsencode(tmp_path / "odd")
    os.mkdir(d)
    for name in (b"bad\xffname.grad", b"new\nline.grad"):
        with open(os.path.join(d, name), "w") as f:
            f.write("print(1)\n")
    p = process(["batch", os.fsdecode(d), "--json"])
    doc = json.loads(p.stdout.decode("utf-8"))           # strict UTF-8: no lone surrogate
    names = sorted(os.path.basename(x["file"]) for x in doc["results"])
    assert names == ["bad\ufffdname.grad", "new\nline.grad"]
    for x in doc["results"]:
        x["file"].encode("utf-8")
    p = process(["batch", os.fsdecode(d)])
    rows = p.stdout.decode().splitlines()
    assert len(rows) == 4, rows                          # header, two files, summary
    assert any("bad\\xffname.grad" in row for row in rows)
    assert any("new\\nline.grad" in row for row in rows)


# -- 20: EXPR from stdin -----------------------------------------------------------------------

def test_an_expression_from_stdin_loses_its_bom_and_line_ending():
    r = run("grad", "-", "--x", "1", "--json", input="\ufeffx*2\r\n")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["expression"] == "x*2"


# -- 22: --seed as torch.manual_seed takes it --------------------------------------------------

def test_a_seed_out_of_torchs_range_is_a_usage_error():
    failed(run("--seed", str(2 ** 70), "eval", "randn(2)"), 2, "--seed", "out of range",
           "2**64 - 1")
    failed(run("eval", "randn(2)", "--seed", str(-(2 ** 63) - 1)), 2, "out of range")
    top = run("--seed", str(2 ** 64 - 1), "eval", "randn(2)", "--json")
    minus_one = run("--seed", "-1", "eval", "randn(2)", "--json")
    assert top.exit_code == minus_one.exit_code == 0
    # torch.manual_seed(2**64 - 1) and (-1) draw tensor([ 1.2198, -0.3930])
    assert json.loads(top.stdout)["output"]["value"] == \
        json.loads(minus_one.stdout)["output"]["value"] == [1.219763, -0.39297947]


# -- 21: README's tour, byte for byte ----------------------------------------------------------

def _tour():
    from test_readme_examples import SESSIONS
    return SESSIONS


def _exact(text: str) -> str:
    """Only what changes between runs is masked: batch's timings and object addresses."""
    text = re.sub(r"\b\d+\.\d{3}s\b", "<time>", text)
    text = re.sub(r" in \d+\.\d\d s\b", " in <time> s", text)
    return re.sub(r" at 0x[0-9a-f]+", " at 0x<address>", text).strip("\n")


def test_the_readme_tour_is_what_gradcli_prints_byte_for_byte(tmp_path):
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        sessions = _tour()
    finally:
        sys.path.remove(str(ROOT / "tests"))
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    gradcli = " ".join([sys.executable, "-m", "gradcli"])
    e = env(NO_COLOR="1", TERM="dumb")
    e.pop("COLUMNS", None)
    wrong = []
    for _, block in sessions:
        for command, expected, status in block:
            shell = re.sub(r"^gradcli\b", gradcli, command)
            done = subprocess.run(shell, shell=True, cwd=tmp_path, env=e, capture_output=True,
                                  text=True, timeout=120)
            if (_exact(done.stdout + done.stderr), done.returncode) != \
                    (_exact(expected), status):
                wrong.append(command)
    assert wrong == []
