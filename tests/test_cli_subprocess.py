"""gradcli as a real process: exit codes, pipes, stdin, colour, start-up imports, no
tracebacks."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

CMD = [sys.executable, "-m", "gradcli"]


def gradcli(*args, input=None, env=None, timeout=120):
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full_env.update(env or {})
    return subprocess.run(CMD + list(args), input=input, capture_output=True, text=True,
                          env=full_env, timeout=timeout)


def test_the_card_one_liner_through_a_pipe():
    producer = subprocess.Popen(CMD + ["grad", "2*dot(x,x)", "--x", "0,1,2,3", "--json"],
                                stdout=subprocess.PIPE)
    consumer = subprocess.run(
        [sys.executable, "-c",
         "import json,sys; d=json.load(sys.stdin); print(d['inputs']['x']['grad'])"],
        stdin=producer.stdout, capture_output=True, text=True, timeout=120)
    producer.stdout.close()
    assert producer.wait(timeout=120) == 0
    assert consumer.stdout == "[0.0, 4.0, 8.0, 12.0]\n"


@pytest.mark.parametrize("args, code", [
    (["grad", "2*dot(x,x)", "--x", "0,1,2,3"], 0),
    (["grad", "x*x", "--x", "1,2"], 1),                     # non-scalar output
    (["check", "sum(abs(x))", "--x", "0,1"], 1),           # failed check
    (["grad", "2*dot(x,x)", "--x", "1,,2"], 2),             # bad value
    (["grad", "2*dot(x,x)"], 2),                            # missing variable
    (["grad", "x", "--x", "1", "--format", "yaml"], 2),     # bad option value
    (["grad", "2*dot(x,", "--x", "1"], 3),                  # syntax error
])
def test_exit_codes_and_no_traceback(args, code):
    proc = gradcli(*args)
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    if code:
        assert proc.stderr.strip()


def test_errors_go_to_stderr_and_json_stays_off_stdout():
    proc = gradcli("grad", "x*x", "--x", "1,2", "--json")
    assert proc.returncode == 1 and proc.stdout == ""
    assert "grad can be implicitly created only for scalar outputs" in proc.stderr


def test_bad_value_message():
    proc = gradcli("grad", "2*dot(x,x)", "--x", "1,,2")
    assert proc.stderr.splitlines()[:3] == [
        "--x:1:3: usage error: bad value for variable 'x': an empty element in the value",
        "    1,,2",
        "      ^",
    ]


def test_stdin_expression_and_run():
    proc = gradcli("grad", "-", "--x", "3", "--json", input="x**2")
    assert json.loads(proc.stdout)["inputs"]["x"]["grad"] == 6.0
    proc = gradcli("run", "-", input="import torch\nprint(torch.ones(2) * 3)\n")
    assert proc.returncode == 0 and proc.stdout == "tensor([3., 3.])\n"


def test_json_output_is_one_valid_document_for_every_command():
    for args in (["grad", "x/y", "--x", "1,0", "--y", "0,0", "--gradient", "1,1"],
                 ["eval", "log(x)", "--x", "0,-1"],
                 ["graph", "sum(x*x)", "--x", "1,2"],
                 ["explain", "sum(x*x)", "--x", "1,2"],
                 ["jacobian", "x*x", "--x", "1,2"],
                 ["hessian", "sum(x**3)", "--x", "1,2"],
                 ["check", "sum(x**3)", "--x", "1,2"],
                 ["ops"]):
        proc = gradcli(*args, "--json")
        assert proc.returncode == 0, proc.stderr
        doc = json.loads(proc.stdout)                  # strict: NaN would not parse below
        json.loads(proc.stdout, parse_constant=lambda c: pytest.fail(f"bare {c} in JSON"))
        assert doc["schema"].startswith("gradcli.")


def _tty_output(args, env):
    """Run with stdout on a pseudo-terminal and return what it printed."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full_env.update(env, TERM="xterm-256color", COLUMNS="120")
    proc = subprocess.Popen(CMD + args, stdout=slave, stderr=subprocess.PIPE, env=full_env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_colour_on_a_terminal_and_never_with_no_color():
    args = ["grad", "2*dot(x,x)", "--x", "0,1,2,3"]
    assert "\x1b[" in _tty_output(args, {})
    assert "\x1b[" not in _tty_output(args, {"NO_COLOR": "1"})
    assert "\x1b[" not in _tty_output(["--no-color"] + args, {})
    assert "\x1b[" not in _tty_output(args + ["--no-color"], {})
    assert "\x1b[" not in gradcli(*args).stdout            # a pipe: no colour


def _imported_modules(args):
    code = ("import sys\nfrom gradcli.cli import main\n"
            "try:\n    main(%r, prog_name='gradcli')\nexcept SystemExit:\n    pass\n"
            "sys.stdout.flush()\n"
            "print('\\nMODULES', ' '.join(sorted(m.split('.')[0] for m in sys.modules)),"
            " file=sys.stderr)\n" % (args,))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    line = [x for x in proc.stderr.splitlines() if x.startswith("MODULES ")][-1]
    return set(line.split()[1:])


def test_help_imports_neither_rich_nor_lark():
    for args in (["--help"], ["grad", "--help"], ["graph", "--help"], ["--version"]):
        mods = _imported_modules(args)
        assert "rich" not in mods and "lark" not in mods, args


def test_help_imports_no_more_numpy_than_the_package_itself():
    bare = subprocess.run([sys.executable, "-c", "import sys, gradcli; "
                           "print('numpy' in sys.modules)"], capture_output=True, text=True)
    if bare.stdout.strip() == "True":
        pytest.skip("`import gradcli` itself loads NumPy")
    assert "numpy" not in _imported_modules(["--help"])


def test_json_path_does_not_import_rich():
    for args in (["grad", "2*dot(x,x)", "--x", "0,1,2,3", "--json"],
                 ["graph", "x*x", "--x", "2", "--format", "dot"],
                 ["ops", "--json"]):
        assert "rich" not in _imported_modules(args), args


def test_closed_pipe_is_quiet():
    expr = "x" + "+x" * 2000                      # far more output than a pipe buffers
    producer = subprocess.Popen(CMD + ["graph", expr, "--x", "1"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
    assert producer.stdout.read(10)
    producer.stdout.close()                       # what `| head -c 10` does
    stderr = producer.stderr.read().decode()
    producer.wait(timeout=120)
    # 141, as SIGPIPE ends a Unix tool (0 when Python's buffered write never saw the error)
    assert producer.returncode in (0, 141)
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr and "Exception" not in stderr


def test_closed_pipe_while_a_formula_prints_is_quiet():
    program = "for i in range(3000):\n    print(i)\n"
    producer = subprocess.Popen(CMD + ["run", "-"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    producer.stdin.write(program.encode())
    producer.stdin.close()
    assert producer.stdout.read(5)
    producer.stdout.close()
    stderr = producer.stderr.read().decode()
    producer.wait(timeout=120)
    assert "Broken" not in stderr and "Traceback" not in stderr


def test_shell_completion_script():
    env = {"_GRADCLI_COMPLETE": "bash_source"}
    proc = subprocess.run([sys.executable, "-c", "from gradcli.cli import main; "
                           "main(prog_name='gradcli')"], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=120)
    assert "complete" in proc.stdout and "_GRADCLI_COMPLETE" in proc.stdout
    words = subprocess.run([sys.executable, "-c", "from gradcli.cli import main; "
                            "main(prog_name='gradcli')"], capture_output=True, text=True,
                           env={**os.environ, "_GRADCLI_COMPLETE": "bash_complete",
                                "COMP_WORDS": "gradcli gr", "COMP_CWORD": "1"}, timeout=120)
    assert "grad" in words.stdout and "graph" in words.stdout


def test_a_one_liner_does_not_import_numpy_random():
    """numpy.random costs ~10 ms to import; nothing at start-up may need it (op samples
    included), only a formula that draws."""
    code = ("import sys\nfrom gradcli.cli import main\n"
            "try:\n    main(['grad', '2*dot(x,x)', '--x', '0,1,2,3', '--json'], "
            "prog_name='gradcli')\nexcept SystemExit:\n    pass\n"
            "print('\\nRANDOM', 'numpy.random' in sys.modules, file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert "RANDOM False" in proc.stderr
