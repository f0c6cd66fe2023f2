"""Tensor methods whose only positional parameter is a list of ints take the ints as
separate arguments too (`x.count_nonzero(0, 1)`, `x.broadcast_to(2, 4)`, `x.hsplit(1, 2)`,
`x.squeeze_(0, 2)`, `x.tile(1, 2)`), as PyTorch's argument parser reads them; torch's
functions do not. Also hsplit/vsplit/dsplit's keywords `sections=` and `indices=`. Each
expected output is what PyTorch 2.13 printed for the program, in test_autograd_parity4's
format."""
from __future__ import annotations

import pytest

from test_autograd_parity4 import run


CASES = [
    pytest.param('x = torch.arange(24.).reshape(2, 3, 4)\ncalls = {\n    "flip": lambda: x.flip(0, 1), "count_nonzero": lambda: x.count_nonzero(0, 1), "broadcast_to": lambda: x[0, 0].broadcast_to(2, 4),\n    "permute": lambda: x.permute(2, 0, 1), "repeat": lambda: x.repeat(1, 2, 1), "squeeze": lambda: x[:1, :, :1].squeeze(0, 2),\n    "sum_to_size": lambda: x.sum_to_size(1, 3, 1), "tile": lambda: x.tile(1, 2, 1), "view": lambda: x.view(4, 6),\n    "dsplit": lambda: x.dsplit(1, 2), "hsplit": lambda: x.hsplit(1, 2), "vsplit": lambda: x.vsplit(1, 1), "hsplit_kw": lambda: x.hsplit(sections=3),\n    "hsplit_indices": lambda: x.hsplit(indices=[1]), "squeeze_": lambda: x[:1, :, :1].clone().squeeze_(0, 2), "squeeze__kw": lambda: x[:1, :, :1].clone().squeeze_(dim=(0, 2)),\n    "count_nonzero_kw": lambda: x.count_nonzero(dim=1), "broadcast_to_kw": lambda: x[0, 0].broadcast_to(size=(2, 4)),\n    "count_fn": lambda: torch.count_nonzero(x, 0, 1), "broadcast_fn": lambda: torch.broadcast_to(x[0, 0], 2, 4), "hsplit_fn": lambda: torch.hsplit(x, 1, 2),\n    "count_twice": lambda: x.count_nonzero(0, 0), "broadcast_neg": lambda: x[0, 0].broadcast_to(-1, 4), "hsplit_none": lambda: x.hsplit(),\n}\nfor n, f in calls.items():\n    try:\n        r = f()\n        print(n, tuple(r.shape) if hasattr(r, "shape") else [tuple(t.shape) for t in r])\n    except Exception as e:\n        print(n, str(e).splitlines()[0][:120])\nw = torch.arange(4., requires_grad=True)\nw.broadcast_to(3, 4).hsplit(2, 3)[1].sum().backward()\nprint(w.grad)',
                 "flip (2, 3, 4)\ncount_nonzero (4,)\nbroadcast_to (2, 4)\npermute (4, 2, 3)\nrepeat (2, 6, 4)\nsqueeze (3,)\nsum_to_size (1, 3, 1)\ntile (2, 6, 4)\nview (4, 6)\ndsplit [(2, 3, 1), (2, 3, 1), (2, 3, 2)]\nhsplit [(2, 1, 4), (2, 1, 4), (2, 1, 4)]\nvsplit [(1, 3, 4), (0, 3, 4), (1, 3, 4)]\nhsplit_kw [(2, 1, 4), (2, 1, 4), (2, 1, 4)]\nhsplit_indices [(2, 1, 4), (2, 2, 4)]\nsqueeze_ (3,)\nsqueeze__kw (3,)\ncount_nonzero_kw (2, 4)\nbroadcast_to_kw (2, 4)\ncount_fn count_nonzero() received an invalid combination of arguments - got (Tensor, int, int), but expected one of:\nbroadcast_fn broadcast_to() takes 2 positional arguments but 3 were given\nhsplit_fn hsplit() received an invalid combination of arguments - got (Tensor, int, int), but expected one of:\ncount_twice dim 0 appears multiple times in the list of dims\nbroadcast_neg The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension 0\nhsplit_none hsplit() received an invalid combination of arguments - got (), but expected one of:\ntensor([0., 0., 3., 0.])\n", id='int_list_methods_take_varargs'),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_prints_what_pytorch_printed(source, expected):
    assert run(source) == expected
