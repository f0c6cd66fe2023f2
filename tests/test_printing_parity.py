"""gradcli.printing against PyTorch itself: random tensors must print identically.

Runs only where torch is importable (a separate virtual environment, see PRODUCT.md §5):
    PYTHONPATH=. /path/to/torchenv/bin/python -m pytest tests/test_printing_parity.py
"""

from __future__ import annotations

import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")
hypothesis = pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402

from gradcli import printing  # noqa: E402

FLOATS = ["float16", "float32", "float64"]
COMPLEX = ["complex64", "complex128"]
INTS = ["int8", "int16", "int32", "int64", "uint8"]
DTYPES = FLOATS + COMPLEX + INTS + ["bool"]

SPECIAL = [0.0, -0.0, math.inf, -math.inf, math.nan, 1e-5, 1e-4, 1e8, 1.5e8, 0.1, 0.5,
           1000.0, 1001.0, 9.99995, 99999.5, -2.5, 65504.0]


@pytest.fixture(autouse=True)
def _restore_state():
    """Leave torch's and gradcli's global print state as we found it."""
    torch_opts = torch._tensor_str.get_printoptions()
    ours = printing.get_printoptions()
    default = torch.get_default_dtype()
    yield
    torch.set_printoptions(**torch_opts)
    printing.set_printoptions(**ours)
    torch.set_default_dtype(default)


def _ours(t, **kwargs) -> str:
    grad_fn = type(t.grad_fn).__name__ if t.grad_fn is not None else None
    return printing.format_tensor(
        t.detach().numpy(),
        dtype_name=str(t.dtype).removeprefix("torch."),
        default_dtype_name=str(torch.get_default_dtype()).removeprefix("torch."),
        grad_fn_name=grad_fn,
        requires_grad=t.requires_grad,
        **kwargs,
    )


def _real_values(dtype: str) -> st.SearchStrategy[float]:
    """Values that exercise int mode, fixed mode, sci mode and the non-finite cases."""
    width = {"float16": 16, "float32": 32}.get(dtype, 64)
    scaled = st.tuples(st.integers(-99999, 99999), st.integers(-12, 12)).map(
        lambda p: p[0] * 10.0 ** p[1])
    return st.one_of(
        st.integers(-1000, 1000).map(float),
        scaled,
        st.floats(width=width),
        st.sampled_from(SPECIAL),
    )


def _element(dtype: str) -> st.SearchStrategy:
    if dtype == "bool":
        return st.booleans()
    if dtype in INTS:
        info = np.iinfo(dtype)
        small = st.integers(-300, 300).filter(lambda v: info.min <= v <= info.max)
        return st.one_of(small, st.integers(int(info.min), int(info.max)))
    if dtype in COMPLEX:
        part = _real_values("float32" if dtype == "complex64" else "float64")
        return st.builds(complex, part, part)
    return _real_values(dtype)


@st.composite
def arrays(draw, dtypes=DTYPES, max_side=6):
    dtype = draw(st.sampled_from(dtypes))
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=max_side))
    # A single, float-typed element strategy keeps float16 and float32 casts exact.
    with np.errstate(over="ignore", invalid="ignore"):
        return draw(hnp.arrays(dtype=np.dtype(dtype), shape=shape,
                               elements=_element(dtype).map(lambda v: np.array(v).astype(dtype)
                                                            .item())))


def _as_torch(array: np.ndarray, autograd: str):
    t = torch.from_numpy(array.copy())
    if autograd != "none" and t.dtype.is_floating_point:
        t.requires_grad_()
        if autograd == "grad_fn":
            t = t.clone()
    return t


PARITY = settings(max_examples=1500, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@PARITY
@given(arrays(), st.sampled_from(["none", "leaf", "grad_fn"]),
       st.sampled_from(["float32", "float64"]))
def test_random_tensors_print_like_torch(array, autograd, default):
    torch.set_default_dtype(getattr(torch, default))
    t = _as_torch(array, autograd)
    assert _ours(t) == str(t)


@PARITY
@given(
    arrays(max_side=12),
    st.fixed_dictionaries({
        "precision": st.integers(0, 8),
        "threshold": st.sampled_from([0, 1, 5, 20, 100, 1000]),
        "edgeitems": st.integers(0, 4),
        "linewidth": st.integers(10, 120),
        "sci_mode": st.sampled_from([None, True, False]),
    }),
)
def test_print_options_match_torch(array, options):
    torch.set_printoptions(**options)
    printing.set_printoptions(**options)
    t = torch.from_numpy(array.copy())
    assert _ours(t) == str(t)


@pytest.mark.parametrize("profile", ["default", "short", "full"])
@pytest.mark.parametrize("shape", [(2000,), (40, 60), (12, 11, 10)])
def test_profiles_and_summarisation_match_torch(profile, shape):
    torch.set_printoptions(profile=profile)
    printing.set_printoptions(profile=profile)
    rng = np.random.default_rng(sum(shape))
    for values in (rng.standard_normal(shape), rng.integers(-50, 50, shape) * 1.0,
                   rng.standard_normal(shape) * 1e6, rng.integers(-9, 9, shape)):
        for dtype in ("float32", "float64", values.dtype.name):
            t = torch.from_numpy(values.astype(dtype))
            assert _ours(t) == str(t)


def test_seeded_sweep_matches_torch():
    """A fixed, reproducible sweep on top of the hypothesis runs."""
    rng = np.random.default_rng(2024)
    count = 0
    for _ in range(2000):
        shape = tuple(int(n) for n in rng.integers(0, 7, rng.integers(0, 4)))
        scale = 10.0 ** rng.integers(-9, 12)
        values = np.asarray(rng.standard_normal(shape) * scale)
        if rng.random() < 0.3:
            values = np.asarray(np.round(values))
        if rng.random() < 0.2 and values.size:
            values.flat[rng.integers(values.size)] = rng.choice([np.inf, -np.inf, np.nan, 0.0])
        dtype = rng.choice(["float16", "float32", "float64", "int64", "int32"])
        with np.errstate(over="ignore", invalid="ignore"):
            array = values.astype(dtype)
        t = torch.from_numpy(array)
        assert _ours(t) == str(t), (array, dtype)
        count += 1
    assert count == 2000
