"""The Rich console gradcli prints with: Rich's, but a closed pipe stays a BrokenPipeError.

Rich's own answer to a closed pipe is SystemExit(1), which would read as an evaluation
error; the CLI ends every closed pipe the same way, whatever the format (cli.handle_error).
Imports only Rich's console, so `batch` can use it without the report models.
"""
from __future__ import annotations

import errno

from rich.console import Console


class QuietConsole(Console):
    """A Rich console whose closed pipe is reported as the BrokenPipeError it is."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")
