"""(to be written) More of torch: grids and index sets, quantiles and modes, sign
manipulation, deprecated linear-algebra aliases, and the remaining nn.functional losses."""
from __future__ import annotations

from .registry import category

category("misc")
