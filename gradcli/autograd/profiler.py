"""`torch.autograd.profiler` as far as gradcli can honour it: `record_function` labels a
block (it changes nothing a formula computes, as in PyTorch) and `profile` runs its block
(PyTorch's autograd tutorial wraps a loop in one). gradcli does not time its operations, so
a profile's results (`key_averages()`, its table, its events) are refused with that said:
PyTorch's are this machine's timings, which no program can reproduce."""
from __future__ import annotations

import functools


class _ContextDecorator:
    """A context manager that also decorates a function (contextlib.ContextDecorator)."""

    __gradcli_safe__ = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def inner(*args, **kwargs):
            with self:
                return fn(*args, **kwargs)
        return inner


class record_function(_ContextDecorator):
    """record_function(name, args=None): labels the ops of its block in a profile."""

    def __init__(self, name: str, args: str | None = None):
        self.name = name
        self.args = args


class profile(_ContextDecorator):
    """profile(enabled=True, *, use_cuda=False, ...): runs its block; gradcli records no
    timings, so the results are refused (`_untimed`)."""

    def __init__(self, enabled: bool = True, *, use_cuda: bool = False, use_device=None,
                 record_shapes: bool = False, with_flops: bool = False,
                 profile_memory: bool = False, with_stack: bool = False,
                 with_modules: bool = False, use_kineto: bool = False, use_cpu: bool = True,
                 experimental_config=None, acc_events: bool = False,
                 custom_trace_id_callback=None, post_processing_timeout_s=None,
                 activity_filters=None):
        self.enabled = enabled
        self.use_cuda = use_cuda
        self.record_shapes = record_shapes

    def key_averages(self, group_by_input_shape: bool = False, group_by_stack_n: int = 0,
                     group_by_overload_name: bool = False):
        raise _untimed("key_averages()")

    def table(self, *args, **kwargs):
        raise _untimed("table()")

    def total_average(self):
        raise _untimed("total_average()")

    def export_chrome_trace(self, path):
        raise _untimed("export_chrome_trace()")

    @property
    def function_events(self):
        raise _untimed("function_events")

    @property
    def self_cpu_time_total(self):
        raise _untimed("self_cpu_time_total")


def _untimed(what: str):
    from ..errors import TorchNotImplementedError
    return TorchNotImplementedError(
        f"profile.{what}: gradcli does not time its operations (PyTorch's profile reports "
        f"this machine's timings); the profiled block ran")
