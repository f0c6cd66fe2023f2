"""torch.nn.functional's layers: (to be written) convolution, pooling, normalisation,
embedding, dropout, prelu/rrelu, pairwise distance, scaled dot-product attention."""
from __future__ import annotations

from .registry import category

category("nn")
