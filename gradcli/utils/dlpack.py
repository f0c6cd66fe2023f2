"""`torch.utils.dlpack`: tensors exchanged with other array libraries through DLPack, the
memory shared, not copied (torch.from_dlpack and torch.to_dlpack are in ops/creation.py: a
gradcli tensor's memory is a NumPy array's, so NumPy's DLPack does the exchange)."""
from __future__ import annotations

import enum

from ..ops.creation import from_dlpack, to_dlpack

__all__ = ["DLDeviceType", "from_dlpack", "to_dlpack"]


class DLDeviceType(enum.IntEnum):
    """DLPack's device codes, as PyTorch lists them (gradcli's tensors are all kDLCPU)."""
    kDLCPU = 1
    kDLCUDA = 2
    kDLCUDAHost = 3
    kDLOpenCL = 4
    kDLVulkan = 7
    kDLMetal = 8
    kDLVPI = 9
    kDLROCM = 10
    kDLROCMHost = 11
    kDLExtDev = 12
    kDLCUDAManaged = 13
    kDLOneAPI = 14
    kDLWebGPU = 15
    kDLHexagon = 16
    kDLMAIA = 17


DLDeviceType.__module__ = "torch.utils.dlpack"
DLDeviceType.__gradcli_safe__ = True     # a formula reads its members (set here: not a member)


class CapsuleProducer:
    """A bare capsule (to_dlpack's) in the form NumPy's from_dlpack takes."""

    def __init__(self, capsule):
        self.capsule = capsule

    def __dlpack__(self, **kwargs):
        return self.capsule

    def __dlpack_device__(self):
        return (DLDeviceType.kDLCPU, 0)
