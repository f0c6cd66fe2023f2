"""`torch.utils`: the data-loading part (`gradcli.utils.data`), activation
checkpointing (`gradcli.utils.checkpoint`) and DLPack exchange (`gradcli.utils.dlpack`)."""
from . import checkpoint, data, dlpack  # noqa: F401
