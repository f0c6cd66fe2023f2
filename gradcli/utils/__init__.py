"""`torch.utils`: the data-loading part (`gradcli.utils.data`)."""
from . import data  # noqa: F401
