"""float32 elementwise kernels on operands broadcast together follow ATen's loop: a row of
the output runs vectors (and its last len % (2 * LANES) elements scalar) when every operand
steps by one along it or one of them stays put, else the scalar function throughout
(vecmath._broadcast_positions). The official "polynomial with nn" tutorial's
`x.unsqueeze(-1).pow(p)` (rows of 3: all scalar, on any CPU) then has PyTorch's bits."""
import numpy as np

from gradcli import vecmath
from test_autograd_parity4 import run

TUTORIAL = """\
x = torch.tensor([[-2.849278450012207], [-2.406092405319214]])
print(x.pow(torch.tensor([1, 2, 3])).tolist())
print(torch.atan2(x, torch.tensor([1.0, 2.0, 3.0])).tolist())
xs = torch.linspace(-3.14159, 3.14159, 2000)
xx = xs.unsqueeze(-1).pow(torch.tensor([1, 2, 3]))
print(xx.sum().item(), xx[:, 2].sum().item(), xx[1234].tolist())
"""
EXPECTED = '[[-2.849278450012207, 8.118387222290039, -23.131547927856445], [-2.406092405319214, 5.789280891418457, -13.929544448852539]]\n[[-1.2332611083984375, -0.9587748050689697, -0.7596363425254822], [-1.176904559135437, -0.8773046135902405, -0.6759780049324036]]\n6586.30810546875 -0.0001220703125 [0.7370713949203491, 0.5432742238044739, 0.40043190121650696]\n'


def test_tutorial_powers_round_as_pytorch():
    assert run(TUTORIAL) == EXPECTED


def _tail(shape, *operands, block=16):
    arrays = [np.broadcast_to(np.zeros(s, np.float32), s) for s in operands]
    return vecmath._scalar_positions(arrays, shape, block)


def test_row_with_a_broadcast_operand_runs_vectors():
    m = _tail((4, 20), (4, 20), (20,))          # b steps by one, a row of 20: 16 + 4
    assert m.shape == (4, 20) and not m[:, :16].any() and m[:, 16:].all()
    m = _tail((4, 20), (4, 20), (4, 1))         # (4, 1) stays put along the row
    assert not m[:, :16].any() and m[:, 16:].all()


def test_rows_merge_while_every_operand_allows():
    m = _tail((2, 3, 20), (2, 3, 20), (3, 20))  # rows of 60: 48 vector, 12 scalar
    flat = m.reshape(2, 60)
    assert not flat[:, :48].any() and flat[:, 48:].all()


def test_two_operands_put_along_the_row_are_scalar():
    m = _tail((4, 20), (4, 1), (1, 20), (4, 1))    # two operands stay put: basic_loop
    assert m.all()
    m = _tail((5, 3), (5, 1), (3,))                # rows of 3 < 16: the tail only
    assert m.all()
