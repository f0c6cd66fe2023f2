"""gradcli._struct: the record classes the engine uses instead of dataclasses (see its
docstring), and that the start-up path defines no dataclass."""
from __future__ import annotations

import copy
import pickle

import pytest

from gradcli._struct import FrozenInstanceError, Struct, asdict, field, replace


class Frozen(Struct, slots=False, eq=True, frozen=True):
    a: int
    b: tuple = ()
    c: list = field(default_factory=list)


class Plain(Struct, slots=False, eq=True):
    a: int = 1
    b: dict = field(default_factory=dict)


def test_a_frozen_struct_refuses_assignment_and_hashes_its_fields():
    f = Frozen(1, (2,))
    with pytest.raises(FrozenInstanceError, match="cannot assign to field 'a'"):
        f.a = 2
    with pytest.raises(AttributeError, match="cannot delete field 'b'"):
        del f.b
    assert (f.a, f.b, f.c) == (1, (2,), [])
    assert Frozen(1, (2,), ()) == Frozen(1, (2,), ()) and Frozen(1) != Frozen(2)
    assert hash(Frozen(1, (2,), ())) == hash(Frozen(1, (2,), ()))
    assert Frozen(1).c is not Frozen(1).c                 # a factory default each time


def test_a_plain_struct_with_eq_is_unhashable_as_a_dataclass():
    assert Plain() == Plain(1, {}) and Plain() != Plain(2)
    with pytest.raises(TypeError):
        hash(Plain())
    p = Plain()
    p.a = 5
    p.extra = "kept"                                      # slots=False: a __dict__
    assert repr(Plain(3, {"k": 1})) == "Plain(a=3, b={'k': 1})"


def test_replace_and_asdict():
    f = Frozen(1, (2,))
    g = replace(f, a=7)
    assert g == Frozen(7, (2,), []) and f.a == 1
    assert asdict(g) == {"a": 7, "b": (2,), "c": []}
    with pytest.raises(TypeError, match="unexpected keyword argument 'z'"):
        replace(f, z=1)


def test_structs_pickle_and_copy():
    f = Frozen(1, (2,), [3])
    assert pickle.loads(pickle.dumps(f)) == f
    assert copy.copy(f) == f and copy.deepcopy(f) == f
    p = Plain(4, {"x": 1})
    assert pickle.loads(pickle.dumps(p)) == p


def test_the_engines_records_behave_as_the_dataclasses_they_were():
    from gradcli.batch import Result, RunSettings
    from gradcli.errors import Position
    from gradcli.lang.limits import FLAGS, Limits
    limits = Limits(max_steps=5)
    with pytest.raises(AttributeError):
        limits.max_steps = 6
    assert replace(limits, max_depth=3) == Limits(max_steps=5, max_depth=3)
    assert set(Limits._fields) == set(FLAGS)
    assert hash(Position("f", 1, 2)) == hash(Position("f", 1, 2))
    settings = RunSettings(timeout=2.0, limits=limits)
    assert pickle.loads(pickle.dumps(settings)) == settings
    assert settings.run_limits() == Limits(max_steps=5, max_seconds=2.0)
    r = Result("a.grad", "pass", 0.5)
    assert pickle.loads(pickle.dumps(r)) == r and r.passed


def test_the_start_up_path_defines_no_dataclass():
    """`dataclasses` costs ~0.45 ms per class at import: a one-liner and a batch import
    neither it nor a class made with it."""
    import os
    import pathlib
    import subprocess
    import sys
    root = pathlib.Path(__file__).resolve().parent.parent
    code = ("import sys\nimport gradcli.cli, gradcli.batch, gradcli.cli.evaluate, "
            "gradcli.cli.common, gradcli.lang.vm, gradcli.lang.compiler, gradcli.printing\n"
            "from gradcli import lang\n"
            "lang.run_source('import torch\\nprint(torch.ones(2).sum())\\n', filename='p')\n"
            "print('dataclasses' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(root)), cwd=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["tensor(2.)", "False"]
