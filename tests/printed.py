"""What a formula prints: the runner of the test files that hold programs beside the output
PyTorch 2.13 printed for them (test_nn_parity*, test_complex_inputs*, test_autocast_parity3)."""
from __future__ import annotations

import contextlib
import io
import warnings

from gradcli.lang import run_source


def stdout_of(source: str, *, quiet: bool = True) -> str:
    """The program's stdout, run as `gradcli run` runs a file; its stderr (warnings) dropped,
    and with `quiet` the host's warning filters set to ignore as well."""
    out = io.StringIO()
    with contextlib.redirect_stderr(io.StringIO()), warnings.catch_warnings():
        if quiet:
            warnings.simplefilter("ignore")
        run_source(source, "p.grad", out=out)
    return out.getvalue()
