"""`torch.random`: the CPU generator's seeding and state functions (the same ones `torch.*`
has), and `fork_rng`, which restores the generator's state when its block ends."""
from __future__ import annotations

import contextlib


@contextlib.contextmanager
def fork_rng(devices=None, enabled=True, _caller="fork_rng", _devices_kw="devices",
             device_type="cuda"):
    """Inside the block the generator may be used freely; on leaving it (also by an
    exception) its state is what it was on entering. enabled=False: a plain block."""
    import gradcli
    if not enabled:
        yield
        return
    state = gradcli.get_rng_state()
    try:
        yield
    finally:
        gradcli.set_rng_state(state)


fork_rng.__module__ = "torch.random"


def members() -> dict:
    import gradcli
    names = ("manual_seed", "seed", "initial_seed", "get_rng_state", "set_rng_state",
             "default_generator")
    found = {name: getattr(gradcli, name) for name in names}
    found["fork_rng"] = fork_rng
    return found
