"""torch.utils.data (gradcli/utils/data.py): datasets, random_split, DataLoader's batching,
collation and random stream, in Python and in formulas. Expected values are what PyTorch
2.13 printed for the same code."""
from __future__ import annotations

import io

import pytest

import gradcli as torch
from gradcli.errors import GradcliError
from gradcli.lang import run_source
from gradcli.utils.data import DataLoader, Dataset, Subset, TensorDataset, random_split


def rows():
    return TensorDataset(torch.arange(10.0).view(5, 2), torch.arange(5))


def labels(loader):
    return [batch[1].tolist() for batch in loader]


def test_tensor_dataset_indexes_every_tensor_and_checks_sizes():
    ds = rows()
    x, y = ds[1]
    assert (x.tolist(), y.item(), len(ds)) == ([2.0, 3.0], 1, 5)
    with pytest.raises(AssertionError, match="Size mismatch between tensors"):
        TensorDataset(torch.ones(3), torch.ones(2))
    assert repr(ds).startswith("<torch.utils.data.dataset.TensorDataset object at 0x")


def test_unshuffled_batches_and_drop_last():
    loader = DataLoader(rows(), batch_size=2)
    assert len(loader) == 3 and labels(loader) == [[0, 1], [2, 3], [4]]
    dropped = DataLoader(rows(), batch_size=2, drop_last=True)
    assert len(dropped) == 2 and labels(dropped) == [[0, 1], [2, 3]]
    xb, yb = next(iter(loader))
    assert xb.tolist() == [[0.0, 1.0], [2.0, 3.0]] and yb.dtype == torch.int64


def test_shuffling_draws_pytorchs_stream():
    torch.manual_seed(0)
    loader = DataLoader(rows(), batch_size=2, shuffle=True)
    assert labels(loader) == [[1, 4], [2, 3], [0]]
    assert labels(loader) == [[2, 3], [4, 0], [1]]          # a new order each pass
    assert torch.rand(1).item() == pytest.approx(0.4556, abs=5e-5)
    assert labels(DataLoader(rows(), batch_size=3)) == [[0, 1, 2], [3, 4]]
    # an unshuffled pass still takes one seed from the stream, as PyTorch's does
    assert torch.rand(1).item() == pytest.approx(0.4017, abs=5e-5)
    g = torch.Generator().manual_seed(3)
    assert labels(DataLoader(rows(), batch_size=2, shuffle=True, generator=g)) == [
        [2, 4], [3, 0], [1]]


def test_random_split_by_lengths_and_fractions():
    torch.manual_seed(0)
    ds = rows()
    for _ in DataLoader(ds, batch_size=2, shuffle=True):
        pass
    for _ in DataLoader(ds, batch_size=2, shuffle=True):
        pass
    torch.rand(1)
    for _ in DataLoader(ds, batch_size=3):
        pass
    torch.rand(1)
    for _ in DataLoader(ds, batch_size=2, shuffle=True,
                        generator=torch.Generator().manual_seed(3)):
        pass
    a, b = random_split(ds, [3, 2])
    assert (a.indices, b.indices, len(a)) == ([1, 4, 3], [2, 0], 3)
    assert a[0][0].tolist() == [2.0, 3.0] and isinstance(a, Subset)
    c, d = random_split(ds, [0.5, 0.5], generator=torch.Generator().manual_seed(1))
    assert (c.indices, d.indices) == ([0, 4, 2], [3, 1])
    with pytest.raises(ValueError, match="Sum of input lengths does not equal the length of "
                                         "the input dataset!"):
        random_split(ds, [2, 2])
    with pytest.warns(UserWarning, match="Length of split at index 1 is 0"):
        random_split(ds, [1.0, 0.0])


def test_default_collation_of_numbers_tuples_and_dicts():
    assert [t.tolist() for t in DataLoader([1.0, 2.0, 3.0], batch_size=2)] == [[1.0, 2.0],
                                                                              [3.0]]
    assert next(iter(DataLoader([1.0, 2.0], batch_size=2))).dtype == torch.float64
    (ints, floats, flags), = DataLoader([(1, 2.0, True), (3, 4.0, False)], batch_size=2)
    assert (ints.tolist(), ints.dtype, floats.dtype, flags.tolist()) == (
        [1, 3], torch.int64, torch.float64, [True, False])
    batch, = DataLoader([{"b": torch.ones(2), "a": 1}, {"b": torch.zeros(2), "a": 2}],
                        batch_size=2)
    assert list(batch) == ["b", "a"] and batch["b"].shape == (2, 2)
    assert list(DataLoader(rows(), batch_size=None))[0][1].item() == 0
    (_, names), = DataLoader([(1.0, "a"), (2.0, "b")], batch_size=2)
    assert names == ("a", "b")                    # a column of strings stays a tuple
    assert next(iter(DataLoader(["x", "y"], batch_size=2))) == ["x", "y"]


def test_argument_checks():
    with pytest.raises(ValueError, match="batch_size should be a positive integer value, "
                                         "but got batch_size=0"):
        DataLoader(rows(), batch_size=0)
    with pytest.raises(ValueError, match="num_workers option should be non-negative"):
        DataLoader(rows(), num_workers=-1)
    assert DataLoader(rows(), num_workers=2).num_workers == 2      # loaded in this process
    from gradcli.utils.data import IterableDataset

    class Stream(IterableDataset):
        def __iter__(self):
            return iter(range(3))
    with pytest.raises(NotImplementedError, match="an IterableDataset needs num_workers=0"):
        DataLoader(Stream(), num_workers=2)
    with pytest.raises(NotImplementedError, match="Subclasses of Dataset should implement "
                                                  "__getitem__"):
        Dataset()[0]


FORMULA = """import torch
from torch.utils.data import Dataset, DataLoader, TensorDataset, random_split, Subset
class Pairs(Dataset):
    def __init__(self, n):
        super().__init__()
        self.x = torch.linspace(0, 1, n)
    def __len__(self):
        return len(self.x)
    def __getitem__(self, i):
        return {"x": self.x[i], "i": i}
torch.manual_seed(1)
ds = Pairs(5)
print(ds[0])
for b in DataLoader(ds, batch_size=2, shuffle=True):
    print(b)
tr, te = random_split(ds, [4, 1])
print(len(tr), len(te), te[0])
w = torch.zeros(1, requires_grad=True)
opt = torch.optim.SGD([w], lr=0.5)
X = torch.linspace(-1, 1, 8).view(-1, 1)
Y = 3 * X
loader = DataLoader(TensorDataset(X, Y), batch_size=4, shuffle=True)
for epoch in range(3):
    for xb, yb in loader:
        opt.zero_grad()
        loss = ((xb * w - yb) ** 2).mean()
        loss.backward()
        opt.step()
    print(epoch, round(loss.item(), 4), w)
print(len(loader), Subset(ds, [1, 2])[1])
"""

FORMULA_OUT = """{'x': tensor(0.), 'i': 0}
{'x': tensor([1.0000, 0.2500]), 'i': tensor([4, 1])}
{'x': tensor([0.7500, 0.0000]), 'i': tensor([3, 0])}
{'x': tensor([0.5000]), 'i': tensor([2])}
4 1 {'x': tensor(0.), 'i': 0}
0 1.2595 tensor([2.0204], requires_grad=True)
1 0.3651 tensor([2.7209], requires_grad=True)
2 0.0048 tensor([2.9131], requires_grad=True)
2 {'x': tensor(0.5000), 'i': 2}
"""


def test_a_formula_with_a_dataset_class_prints_what_pytorch_prints():
    out = io.StringIO()
    run_source(FORMULA, "t.grad", out=out)
    assert out.getvalue() == FORMULA_OUT


@pytest.mark.parametrize("source, message", [
    ("def __len__(self):\n    return 1\n", "names starting with '__' are not allowed in "
                                            "formulas: '__len__'"),
    ("import torch\nclass A(torch.nn.Module):\n    def __getattr__(self):\n        pass\n",
     "method '__getattr__' is not supported in gradcli formulas"),
    ("import torch\nx = torch.ones(1)\nx.__len__\n",
     "attributes starting with '_' are not allowed in formulas: '__len__'"),
])
def test_special_methods_only_as_a_class_s_methods(source, message):
    with pytest.raises(GradcliError) as info:
        run_source(source, "t.grad", out=io.StringIO())
    assert info.value.message == message
