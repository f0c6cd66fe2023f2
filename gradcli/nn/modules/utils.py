"""torch.nn.modules.utils: consume_prefix_in_state_dict_if_present, to load a checkpoint saved
from a wrapper (DataParallel's "module.") into the bare model."""
from __future__ import annotations

__all__ = ["consume_prefix_in_state_dict_if_present"]


def consume_prefix_in_state_dict_if_present(state_dict, prefix: str) -> None:
    """Strip `prefix` from the keys of state_dict (in place, the stripped keys moved to the
    end as PyTorch's pop-and-set does) and from its _metadata's keys (not the root's '';
    the prefix without its dots too, as PyTorch)."""
    for key in list(state_dict.keys()):
        if key.startswith(prefix):
            state_dict[key[len(prefix):]] = state_dict.pop(key)
    metadata = getattr(state_dict, "_metadata", None)
    if metadata is None:
        return
    for key in list(metadata.keys()):
        if len(key) == 0:
            continue
        if key == prefix.replace(".", "") or key.startswith(prefix):
            metadata[key[len(prefix):]] = metadata.pop(key)
