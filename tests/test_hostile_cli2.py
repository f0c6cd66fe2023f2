"""Hostile and odd command lines, as a user or a script would type them: every one ends in a
clear message (a place and a hint where there is one), the documented exit code, no Python
traceback, no hang, and no output file broken or half-written.

Most cases run through click's CliRunner; the few that need a real process (closed or full
standard streams) run one.
"""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading

import pytest
from click.testing import CliRunner

from gradcli.cli import main

CMD = [sys.executable, "-m", "gradcli"]


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def failed(result, code: int, *words: str):
    """The run failed with `code`, told why on stderr (with `words`), printed nothing."""
    assert result.exit_code == code, (result.exit_code, result.stderr, result.stdout)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    return result.stderr


def process(args, **kw):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [os.path.dirname(os.path.dirname(os.path.abspath(__file__)))] +
        [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])}
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(CMD + args, timeout=120, env=env, **kw)


# -- where the output goes ---------------------------------------------------------------------

def test_an_empty_output_name_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    failed(run("grad", "x", "--x", "1", "-o", ""), 2, "-o needs a file name")
    assert list(tmp_path.iterdir()) == []


def test_output_into_a_fifo_streams_into_it_and_leaves_it_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    r = run("grad", "x*x", "--x", "3", "--json", "-o", str(fifo))
    reader.join(timeout=60)
    assert r.exit_code == 0, r.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)          # not replaced by a regular file
    assert json.loads(got[0])["inputs"]["x"]["grad"] == 6.0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_output_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    r = run("grad", "x*x", "--x", "3", "--json", "-o", str(link))
    assert r.exit_code == 0, r.stderr
    assert link.is_symlink() and json.loads(target.read_text())["output"]["value"] == 9.0


@pytest.mark.skipif(not os.path.exists("/dev/full")
                    or not stat.S_ISCHR(os.stat("/dev/full").st_mode), reason="no /dev/full")
def test_a_full_device_is_a_clear_error_and_stays_a_device():
    r = run("grad", "x", "--x", "1", "--json", "-o", "/dev/full")
    failed(r, 1, "cannot write /dev/full: No space left on device")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("args", [["grad", "x", "--x", "1"], ["run", "-"]])
def test_stdout_on_a_full_disk_or_closed_is_a_clear_error(args):
    with open("/dev/full", "wb") as full:
        proc = process(args, input=b"print(1)\n", stdout=full, stderr=subprocess.PIPE)
    assert proc.returncode == 1
    assert proc.stderr.decode().startswith("error: cannot write the output: No space left")
    proc = process(args, input=b"print(1)\n", stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1))     # >&-
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.decode() == "error: cannot write the output: standard output is closed\n"


def test_closed_stdin_and_stderr():
    proc = process(["grad", "-", "--x", "1"], stdin=subprocess.DEVNULL,
                   preexec_fn=lambda: os.close(0))
    assert proc.returncode == 2
    assert b"usage error: standard input is closed" in proc.stderr
    proc = process(["grad", "x"], stderr=subprocess.DEVNULL, preexec_fn=lambda: os.close(2))
    assert proc.returncode == 2             # the usage error, though no one can read it
