"""The JSON writer: exact numbers, NaN and infinities as strings, always valid JSON."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

from gradcli.render.json_out import array_text, dumps


def strict_loads(text):
    return json.loads(text, parse_constant=lambda c: pytest.fail(f"bare {c} in JSON"))


@pytest.mark.parametrize("value, text", [
    (np.float32(0.3), "0.3"),
    (np.float32(1) / np.float32(3), "0.33333334"),
    (np.float64(0.1) * 3, "0.30000000000000004"),
    (np.float32(1e20), "1e+20"),
    (np.float32(-0.0), "-0.0"),
    (np.float32(28), "28.0"),
    (np.int64(7), "7"),
    (np.bool_(True), "true"),
])
def test_scalars(value, text):
    assert array_text(value) == text


def test_every_float32_reads_back_to_itself():
    rng = np.random.default_rng(0)
    arr = (rng.standard_normal(2000) * 10.0 ** rng.integers(-30, 30, 2000)).astype(np.float32)
    back = np.array(json.loads(array_text(arr)), dtype=np.float32)
    assert np.array_equal(back, arr)
    arr64 = rng.standard_normal(2000) * 10.0 ** rng.integers(-300, 300, 2000)
    assert np.array_equal(np.array(json.loads(array_text(arr64))), arr64)


def test_nonfinite_values_are_strings():
    arr = np.array([[math.nan, math.inf], [-math.inf, 1.5]], dtype=np.float32)
    assert strict_loads(array_text(arr)) == [["NaN", "Infinity"], ["-Infinity", 1.5]]
    assert strict_loads(dumps({"a": math.nan, "b": [math.inf]})) == {"a": "NaN",
                                                                     "b": ["Infinity"]}


@pytest.mark.parametrize("shape", [(0,), (2, 0), (0, 3), (1, 1, 1), (2, 3, 4)])
def test_shapes(shape):
    arr = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
    assert np.array(json.loads(array_text(arr))).reshape(shape).tolist() == arr.tolist()


def test_complex_and_ints():
    assert json.loads(array_text(np.array([1 + 2j]))) == [[1.0, 2.0]]
    assert json.loads(array_text(np.array([[1, 2]], dtype=np.int8))) == [[1, 2]]


def test_documents_with_arrays_and_hostile_strings():
    doc = {"schema": "x/1", "s": "\x00 fake marker \x00", "a": np.arange(3.0),
           "nested": [{"b": np.float32(0.1)}], "u": "ünïcode ✓"}
    back = strict_loads(dumps(doc))
    assert back == {"schema": "x/1", "s": "\x00 fake marker \x00", "a": [0.0, 1.0, 2.0],
                    "nested": [{"b": 0.1}], "u": "ünïcode ✓"}
    assert "\n" not in dumps(doc)
