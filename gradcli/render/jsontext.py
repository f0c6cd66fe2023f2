"""JSON text that can always be written as UTF-8, without the rest of `json_out` (NumPy,
the report models): `gradcli batch` writes its reports with it after its workers are forked,
where every module it imports then costs page copies."""
from __future__ import annotations

import re

#: A lone surrogate (an undecodable byte of a command-line argument, '\ud800' in a formula)
#: cannot be written as UTF-8: JSON's \uXXXX escape keeps the document valid and exact.
_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_surrogates(text: str) -> str:
    """JSON text with each lone surrogate written as its \\uXXXX escape."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
