"""README.md's shell sessions are real: every `$ ...` command in its code blocks is run (in
a scratch directory that sees samples/) and prints what the README shows after it, with
the exit status the README gives ("(exit status N)", else 0). Compared as a reader would:
trailing spaces (Rich pads its tables), timings and object addresses aside."""
from __future__ import annotations

import os
import pathlib
import re
import shlex
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def sessions() -> list[tuple[int, list[tuple[str, str, int]]]]:
    """(line of the block, [(command, expected output, expected exit status)]) for each
    fenced block with `$ ` commands."""
    blocks, current, start, inside = [], [], 0, False
    lines = README.read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(lines, 1):
        if line.startswith("```"):
            if inside and current:
                blocks.append((start, current))
            inside, current, start = not inside, [], number
        elif inside and line.startswith("$ "):
            current.append([line[2:], [], 0])
        elif inside and current:
            status = re.fullmatch(r"\(exit status (\d+)\)", line)
            if status:
                current[-1][2] = int(status.group(1))
            else:
                current[-1][1].append(line)
    return [(start, [(cmd, "\n".join(out), status) for cmd, out, status in block])
            for start, block in blocks]


def normal(text: str) -> str:
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
    text = re.sub(r"\b\d+\.\d{3}s\b", "<time>", text)             # batch's per-file times
    text = re.sub(r" in \d+\.\d\d s\b", " in <time> s", text)      # and its summary
    return re.sub(r" at 0x[0-9a-f]+", " at 0x<address>", text)


SESSIONS = sessions()


def test_the_readme_has_its_tour():
    commands = [cmd for _, block in SESSIONS for cmd, _, _ in block]
    assert len(commands) >= 30
    for name in ("grad", "eval", "graph", "explain", "jacobian", "hessian", "check", "run",
                 "ops", "batch"):
        assert any(cmd.startswith(f"gradcli {name} ") for cmd in commands), name


@pytest.mark.parametrize("start, block", SESSIONS, ids=[f"line{s}" for s, _ in SESSIONS])
def test_readme_session_prints_what_the_readme_shows(tmp_path, start, block):
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    gradcli = f"{shlex.quote(sys.executable)} -m gradcli"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADCLI_", "COLUMNS"))}
    env.update(NO_COLOR="1", TERM="dumb", PYTHONPATH=str(ROOT))
    for command, expected, status in block:
        shell = re.sub(r"^gradcli\b", gradcli, command)
        done = subprocess.run(shell, shell=True, cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=120)
        assert (normal(done.stdout + done.stderr), done.returncode) == \
            (normal(expected), status), command
