"""PyTorch's error when a factory is asked for a tensor on a device type the CPU build
knows by name but has no kernels for (ipu, mps, xla, hip, ve, lazy, fpga, maia, vulkan): the
dispatcher's NotImplementedError, which lists the kernels registered for the factory's
operator (`aten::empty.memory_format`: torch.ones, zeros, rand, arange ...;
`aten::empty_strided`: the *_like factories) as PyTorch 2.13's CPU build has them."""
from __future__ import annotations

#: the dispatch keys that name each device type in the error
BACKENDS = {"ipu": "IPU", "mps": "MPS", "xla": "XLA", "hip": "HIP", "ve": "VE", "lazy": "Lazy",
            "fpga": "FPGA", "maia": "MAIA", "vulkan": "Vulkan"}

_ATEN = "/__w/pytorch/pytorch/aten/src/ATen/"
_BUILD = "/__w/pytorch/pytorch/build/aten/src/ATen/"
_CSRC = "/__w/pytorch/pytorch/torch/csrc/autograd/generated/"

#: each operator's own kernels, as the error lists them (`{A}`, `{B}`, `{C}`: the build's
#: source folders), then where its autograd and tracer kernels are registered
_KERNELS = {
    "aten::empty.memory_format": ("""\
CPU: registered at {B}RegisterCPU_1.cpp:2401 [kernel]
Meta: registered at {B}RegisterMeta_0.cpp:4882 [kernel]
QuantizedCPU: registered at {B}RegisterQuantizedCPU_0.cpp:300 [kernel]
QuantizedMeta: registered at {B}RegisterQuantizedMeta_0.cpp:105 [kernel]
MkldnnCPU: registered at {B}RegisterMkldnnCPU_0.cpp:219 [kernel]
SparseCPU: registered at {B}RegisterSparseCPU_0.cpp:880 [kernel]
SparseMeta: registered at {B}RegisterSparseMeta_0.cpp:176 [kernel]
SparseCsrCPU: registered at {B}RegisterSparseCsrCPU_0.cpp:726 [kernel]
SparseCsrMeta: registered at {B}RegisterSparseCsrMeta_0.cpp:691 [kernel]
BackendSelect: registered at {B}RegisterBackendSelect.cpp:728 [kernel]""",
        "{C}VariableType_7.cpp:10102", "{C}TraceType_7.cpp:9838"),
    "aten::empty_strided": ("""\
CPU: registered at {B}RegisterCPU_2.cpp:2359 [kernel]
Meta: registered at {B}RegisterMeta_0.cpp:4966 [kernel]
QuantizedCPU: registered at {B}RegisterQuantizedCPU_0.cpp:474 [kernel]
BackendSelect: registered at {B}RegisterBackendSelect.cpp:728 [kernel]""",
        "{C}VariableType_2.cpp:10455", "{C}TraceType_2.cpp:7396"),
}

#: the fallbacks every factory lists before its autograd kernels ...
_BEFORE_AUTOGRAD = """\
Python: registered at {A}core/PythonFallbackKernel.cpp:192 [backend fallback]
FuncTorchDynamicLayerBackMode: registered at {A}functorch/DynamicLayer.cpp:479 [backend fallback]
Functionalize: registered at {A}FunctionalizeFallbackKernel.cpp:411 [backend fallback]
Conjugate: fallthrough registered at {A}ConjugateFallback.cpp:21 [kernel]
Negative: fallthrough registered at {A}native/NegateFallback.cpp:22 [kernel]
ZeroTensor: fallthrough registered at {A}ZeroTensorFallback.cpp:119 [kernel]
ADInplaceOrView: fallthrough registered at {A}core/VariableFallbackKernel.cpp:103 [backend fallback]"""

#: ... the autograd keys (one kernel for all) ...
_AUTOGRAD_KEYS = (
    "AutogradOther", "AutogradCPU", "AutogradCUDA", "AutogradHIP", "AutogradXLA", "AutogradMPS",
    "AutogradIPU", "AutogradXPU", "AutogradHPU", "AutogradVE", "AutogradLazy", "AutogradMTIA",
    "AutogradMAIA", "AutogradPrivateUse1", "AutogradPrivateUse2", "AutogradPrivateUse3",
    "AutogradMeta", "AutogradNestedTensor")

#: ... and the fallbacks after its tracer kernel
_AFTER_TRACER = """\
AutocastCPU: fallthrough registered at {A}autocast_mode.cpp:330 [backend fallback]
AutocastMTIA: fallthrough registered at {A}autocast_mode.cpp:472 [backend fallback]
AutocastMAIA: fallthrough registered at {A}autocast_mode.cpp:510 [backend fallback]
AutocastXPU: fallthrough registered at {A}autocast_mode.cpp:548 [backend fallback]
AutocastMPS: fallthrough registered at {A}autocast_mode.cpp:221 [backend fallback]
AutocastCUDA: fallthrough registered at {A}autocast_mode.cpp:177 [backend fallback]
FuncTorchBatched: registered at {A}functorch/LegacyBatchingRegistrations.cpp:730 [backend fallback]
BatchedNestedTensor: registered at {A}functorch/LegacyBatchingRegistrations.cpp:757 [backend fallback]
FuncTorchVmapMode: fallthrough registered at {A}functorch/VmapModeRegistrations.cpp:22 [backend fallback]
Batched: registered at {A}LegacyBatchingRegistrations.cpp:1072 [backend fallback]
VmapMode: fallthrough registered at {A}VmapModeRegistrations.cpp:32 [backend fallback]
FuncTorchGradWrapper: registered at {A}functorch/TensorWrapper.cpp:210 [backend fallback]
PythonTLSSnapshot: registered at {A}core/PythonFallbackKernel.cpp:200 [backend fallback]
FuncTorchDynamicLayerFrontMode: registered at {A}functorch/DynamicLayer.cpp:475 [backend fallback]
PreDispatch: registered at {A}core/PythonFallbackKernel.cpp:204 [backend fallback]
PythonDispatcher: registered at {A}core/PythonFallbackKernel.cpp:196 [backend fallback]"""


def _lines(op: str) -> list:
    """The kernels the error lists for `op`, in the dispatcher's order."""
    own, autograd, tracer = _KERNELS[op]
    return [*own.split("\n"), *_BEFORE_AUTOGRAD.split("\n"),
            *(f"{key}: registered at {autograd} [autograd kernel]" for key in _AUTOGRAD_KEYS),
            f"Tracer: registered at {tracer} [kernel]", *_AFTER_TRACER.split("\n")]


def message(op: str, device_type: str) -> str:
    """The dispatcher's text for `op` run on `device_type` (a key of BACKENDS)."""
    lines = [line.format(A=_ATEN, B=_BUILD, C=_CSRC) for line in _lines(op)]
    keys = ", ".join(line.split(":", 1)[0] for line in lines)
    return (f"Could not run '{op}' with arguments from the '{BACKENDS[device_type]}' backend. "
            "This could be because the operator doesn't exist for this backend, or was omitted "
            "during the selective/custom build process (if using custom build). If you are a "
            "Facebook employee using PyTorch on mobile, please visit "
            "https://fburl.com/ptmfixes for possible resolutions. "
            f"'{op}' is only available for these backends: [{keys}].\n\n"
            + "\n".join(lines) + "\n")
