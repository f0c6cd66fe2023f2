"""Variable values on the command line: every syntax of PRODUCT §4, and clear usage errors
(exit 2) that name the variable and point at the bad text."""
from __future__ import annotations

import io
import json
import math

import numpy as np
import pytest

from gradcli.errors import UsageError
from gradcli.values import parse_value

F32, F64 = np.float32, np.float64


def value(text, dtype=F32, **kw):
    return parse_value("x", text, dtype=dtype, **kw)


@pytest.mark.parametrize("text, expected", [
    ("2.5", 2.5),
    ("-1", -1.0),
    ("1e-3", 1e-3),
    ("  7 ", 7.0),
    ("0,1,2,3", [0.0, 1.0, 2.0, 3.0]),
    ("-0.5, 1.5", [-0.5, 1.5]),
    ("1,2;3,4", [[1.0, 2.0], [3.0, 4.0]]),
    ("1;2;3", [[1.0], [2.0], [3.0]]),
    ("[[1,2],[3,4]]", [[1.0, 2.0], [3.0, 4.0]]),
    ("[1.5, -2e3]", [1.5, -2000.0]),
    ("[1., 2.]", [1.0, 2.0]),                  # not JSON: read as a formula
    ("arange(4)", [0.0, 1.0, 2.0, 3.0]),
    ("ones(2, 2) * 3", [[3.0, 3.0], [3.0, 3.0]]),
    ("True", 1.0),
])
def test_syntaxes(text, expected):
    assert value(text, F64).tolist() == expected


def test_the_result_has_the_requested_dtype():
    assert value("0.3").dtype == np.float32
    assert value("0.3", F64).dtype == np.float64
    assert value("arange(3)").dtype == np.float32     # integers become floats


def test_nan_and_infinities():
    arr = value("nan,inf,-inf", F64)
    assert math.isnan(arr[0]) and arr[1] == math.inf and arr[2] == -math.inf
    back = value('["NaN", "Infinity", 1]', F64)         # gradcli's own JSON reads back
    assert math.isnan(back[0]) and back[1] == math.inf and back[2] == 1


def test_random_formulas_follow_the_seed():
    import gradcli
    gradcli.manual_seed(0)
    a = value("randn(3,3)")
    gradcli.manual_seed(0)
    b = value("randn(3,3)")
    assert a.shape == (3, 3) and np.array_equal(a, b)


@pytest.mark.parametrize("text, column, words", [
    ("1,,2", 3, "empty element"),
    ("1,2,", 5, "empty element"),
    (",1", 1, "empty element"),
    ("1,2;3", 5, "row 2 has 1 element but row 1 has 2"),
    ("1;;2", 3, "empty row"),
    ("1,2x", 4, "not"),
    ("", 1, "empty"),
])
def test_malformed_lists_point_at_the_problem(text, column, words):
    with pytest.raises(UsageError) as info:
        value(text)
    err = info.value
    assert err.exit_code == 2
    assert "'x'" in err.message and words in err.message
    if text:
        assert err.position.column == column
        rendered = err.render()
        assert text in rendered and "^" in rendered
        assert "--x" in rendered


def test_ragged_nested_list():
    with pytest.raises(UsageError, match="different lengths"):
        value("[[1,2],[3]]")


def test_a_formula_that_fails_is_a_usage_error():
    with pytest.raises(UsageError) as info:
        value("randn(-1)")
    assert info.value.exit_code == 2 and "'x'" in info.value.message


def test_a_formula_syntax_error_is_a_usage_error_with_a_caret():
    with pytest.raises(UsageError) as info:
        value("ones(3")
    assert info.value.exit_code == 2
    assert "^" in info.value.render()


def test_a_value_that_is_not_a_number():
    with pytest.raises(UsageError, match="not a number|str"):
        value("'hello'")


def test_complex_values_take_the_complex_dtype_of_the_precision():
    # as torch.tensor(1+2j) is complex64 (complex128 under float64); never the real part
    a = value("[1+2j, 3]")
    assert a.dtype == np.complex64 and a.tolist() == [1 + 2j, 3 + 0j]
    assert value("1-0.5j", F64).dtype == np.complex128
    assert value("complex(1, 2)").tolist() == 1 + 2j
    assert value("1+2j,3-1j").tolist() == [1 + 2j, 3 - 1j]


# -- files ------------------------------------------------------------------------------------

def test_npy(tmp_path):
    path = tmp_path / "x.npy"
    np.save(path, np.arange(6.0).reshape(2, 3))
    assert value(f"@{path}", F64).tolist() == [[0, 1, 2], [3, 4, 5]]


def test_json(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps([[1, 2], [3, 4]]))
    assert value(f"@{path}").tolist() == [[1, 2], [3, 4]]


def test_csv_and_txt(tmp_path):
    csv = tmp_path / "x.csv"
    csv.write_text("1,2\n3,4\n")
    txt = tmp_path / "x.txt"
    txt.write_text("# a comment\n1 2 3\n")
    assert value(f"@{csv}").tolist() == [[1, 2], [3, 4]]
    assert value(f"@{txt}").tolist() == [1, 2, 3]


def test_stdin():
    assert value("@-", stdin=io.StringIO("[1, 2, 3]\n")).tolist() == [1, 2, 3]
    assert value("@-", stdin=io.StringIO("1,2;3,4")).tolist() == [[1, 2], [3, 4]]


@pytest.mark.parametrize("name, content, words", [
    ("missing.npy", None, "no such file"),
    ("x.xlsx", b"", "unknown file type"),
    ("bad.npy", b"not numpy", "cannot load"),
    ("bad.json", b"{", "cannot load"),
    ("bad.csv", b"1,a\n", "cannot load"),
    ("ragged.json", b"[[1],[2,3]]", "different lengths"),
])
def test_bad_files_are_usage_errors(tmp_path, name, content, words):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(UsageError, match=words) as info:
        value(f"@{path}")
    assert info.value.exit_code == 2


def test_pickled_npy_is_refused(tmp_path):
    path = tmp_path / "obj.npy"
    np.save(path, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(UsageError):
        value(f"@{path}")
