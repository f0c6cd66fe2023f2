"""Complex gradients of lerp (number and tensor weights), addcmul and addcdiv (number
`value`s complex too): PyTorch's conjugate Wirtinger gradients, which gradcli refused before
("does not compute LerpBackward0's gradient for complex inputs"); a complex weight or value
with real tensors is c10's overflow error. Expected outputs printed by torch 2.13, including
its gradcheck and gradgradcheck of the four over complex128 inputs."""
from __future__ import annotations

import pytest

from test_autograd_parity4 import run

PROGRAM = 'z = torch.tensor([1 + 2j, -0.5 + 1j, 0.3 - 0.7j], dtype=torch.complex128, requires_grad=True)\nw = torch.tensor([0.5 - 1j, 2 + 0.5j, -1 + 0.25j], dtype=torch.complex128, requires_grad=True)\nt = torch.tensor([0.2 + 0.1j, -0.4j, 0.7], dtype=torch.complex128, requires_grad=True)\nr = torch.tensor([0.5, -1.5, 2.0], dtype=torch.float64, requires_grad=True)\nfor name, f in [("lerp", lambda: torch.lerp(z, w, 0.3)), ("lerp_c", lambda: torch.lerp(z, w, 0.3 - 0.2j)),\n                ("lerp_t", lambda: torch.lerp(z, w, t)), ("addcmul", lambda: torch.addcmul(z, w, t, value=0.5)),\n                ("addcmul_c", lambda: torch.addcmul(z, w, t, value=1 - 1j)), ("addcdiv", lambda: torch.addcdiv(z, w, t + 1, value=2)),\n                ("addcmul_r", lambda: torch.addcmul(r, z, t)), ("lerp_r", lambda: torch.lerp(r * 1j, w, r.sigmoid() + 0j))]:\n    for x in (z, w, t, r):\n        x.grad = None\n    out = f()\n    print(name, out.grad_fn.name())\n    out.abs().sum().backward()\n    print(" ", [None if x.grad is None else [complex(round(v.real, 5), round(v.imag, 5)) if isinstance(v, complex) else round(v, 5) for v in x.grad.tolist()] for x in (z, w, t, r)])\nok = []\nfor f in [lambda a, b, c: torch.lerp(a, b, 0.3 - 0.2j), lambda a, b, c: torch.lerp(a, b, c), lambda a, b, c: torch.addcmul(a, b, c, value=1 - 1j),\n          lambda a, b, c: torch.addcdiv(a, b, c + 2, value=0.5j)]:\n    ok.append(torch.autograd.gradcheck(f, (z, w, t)) and torch.autograd.gradgradcheck(f, (z, w, t)))\nprint(ok)\n'

TORCH_PRINTED = 'lerp LerpBackward0\n  [[(0.42801+0.5539j), (0.19752+0.67156j), (-0.14836-0.6841j)], [(0.18343+0.23739j), (0.08465+0.28781j), (-0.06358-0.29318j)], None, None]\nlerp_c LerpBackward0\n  [[(0.33856+0.6445j), (0.45957+0.56462j), (0.21143-0.69663j)], [(-0.13461+0.33448j), (-0.06565+0.35453j), (0.3307-0.14366j)], None, None]\nlerp_t LerpBackward1\n  [[(0.45675+0.66436j), (-1+0.4j), (-0.29951-0.01718j)], [(0.20761+0.08305j), -0.4j, (-0.69885-0.0401j)], [(-2.57441+1.61939j), (-2.5-0.5j), (1.24345+1.02291j)], None]\naddcmul AddcmulBackward0\n  [[(0.49614+0.86824j), (-0.5547+0.83205j), (-0.08136-0.99668j)], [(0.09303+0.06202j), (-0.16641-0.11094j), (-0.02848-0.34884j)], [(-0.31009+0.46513j), (-0.34669+0.97073j), (-0.0839+0.50851j)], None]\naddcmul_c AddcmulBackward0\n  [[(0.53688+0.84366j), (-1+0j), (-0.78935+0.61394j)], [(0.0767+0.30679j), (0.4-0.4j), (-0.9823-0.12279j)], [(-1.53393+0.38348j), (-2.5-1.5j), (1.35944+0.52623j)], None]\naddcdiv AddcdivBackward0\n  [[(0.98693+0.16113j), (0.62621+0.77965j), (-0.90742-0.42022j)], [(1.61132+0.40283j), (1.61737+0.91236j), (-1.06756-0.49437j)], [(-0.20836-1.52797j), (-3.53218+0.39683j), (-0.55527-0.4478j)], None]\naddcmul_r AddcmulBackward0\n  [[(0.21213+0.07071j), (-0.07155-0.39355j), (0.6834-0.15152j)], None, [(2.12132-0.70711j), (0.67082+0.89443j), (0.44441+0.61846j)], [0.70711, -0.98387, 0.97629]]\nlerp_r LerpBackward1\n  [None, [(0.36292-0.50571j), (0.05582-0.17368j), (-0.78124+0.40677j)], None, [0.04817, -0.97107, 0.06332]]\n[True, True, True, True]\n'


def test_gradients_and_gradchecks_are_pytorchs():
    assert run(PROGRAM) == TORCH_PRINTED


@pytest.mark.parametrize("call", ["torch.lerp(torch.ones(2), torch.zeros(2), 0.3j)",
                                  "torch.addcmul(torch.ones(2), torch.ones(2), torch.ones(2), "
                                  "value=1j)"])
def test_a_complex_number_with_real_tensors_is_c10s_overflow_error(call):
    assert run(f"print({call})\n") == \
        "!! RuntimeError: value cannot be converted to type float without overflow\n"


MATRIX_EXP = 'torch.manual_seed(0)\na = (torch.randn(3, 3, dtype=torch.complex128) * 0.7).requires_grad_()\ne = torch.linalg.matrix_exp(a)\nprint(e.grad_fn.name())\n(e * torch.arange(9.).view(3, 3)).abs().sum().backward()\nprint(a.grad)\nf = lambda x: torch.linalg.matrix_exp(x)\nprint(torch.autograd.gradcheck(f, (a,)), torch.autograd.gradgradcheck(f, (a,)))\nb = (torch.randn(2, 2, 2, dtype=torch.complex64)).requires_grad_()\ntorch.linalg.matrix_exp(b).real.sum().backward()\nprint(b.grad)\n'


def test_matrix_exp_complex_gradient_is_pytorchs():
    """matrix_exp is a power series with real coefficients: its backward, run on the
    conjugated input, is PyTorch's complex one (gradcheck and gradgradcheck included)."""
    assert run(MATRIX_EXP) == 'LinalgMatrixExpBackward0\ntensor([[ 1.8874-0.0178j, -1.5989+1.9694j, -0.4960-3.5794j],\n        [-1.4902-1.1012j,  8.8805-0.0743j, -5.3377-1.1039j],\n        [-0.5051+4.0592j, -6.6440-1.0514j, 17.1163+0.0920j]],\n       dtype=torch.complex128)\nTrue True\ntensor([[[0.7506-0.3419j, 0.2443+0.5905j],\n         [0.8920-0.1527j, 0.1751+0.7528j]],\n\n        [[1.2079+0.2152j, 1.2121+0.8046j],\n         [0.6208+0.1634j, 0.5848+0.5490j]]])\n'
