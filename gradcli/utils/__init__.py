"""`torch.utils`: the data-loading part (`gradcli.utils.data`) and activation
checkpointing (`gradcli.utils.checkpoint`)."""
from . import checkpoint, data  # noqa: F401
