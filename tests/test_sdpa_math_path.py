"""scaled_dot_product_attention's math path (3-D inputs, a boolean mask or is_causal) as
PyTorch 2.13 runs it: its _safe_softmax is softmax's kernel (SLEEF's exp, ATen's row sums),
then 0 on rows that are all -inf; NumPy's exp and sums had differed in the last bits.
Expected outputs are torch 2.13's."""
from __future__ import annotations

import pytest

from test_autograd_parity4 import run

# recorded on an Intel CPU with AVX-512: its MKL and ATen kernels, whatever this machine is
pytestmark = pytest.mark.usefixtures("mkl_intel", "aten_avx512")

CASES = [
    ('F = torch.nn.functional\nfor dt in (torch.float64, torch.float32):\n    q, k, v = torch.randn(2, 3, 4, dtype=dt), torch.randn(2, 5, 4, dtype=dt), torch.randn(2, 5, 3, dtype=dt)\n    mask = torch.rand(3, 5) > 0.4\n    mask[1] = False\n    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)\n    print(out.tolist())\n    print(F.scaled_dot_product_attention(q, k, v, is_causal=True).tolist())\n',
     '[[[0.11591239700761607, 0.2264683985329439, -0.38886100607057417], [0.0, 0.0, 0.0], [-0.3773446885301357, 0.032709431967211655, 0.07713512682678818]], [[-0.3796964602301776, -0.3825218106713409, 0.2805697957927175], [0.0, 0.0, 0.0], [-0.07439794036646148, 0.794631670720803, -1.5186756936551487]]]\n[[[-0.5918823592164963, 0.6195092629710962, -1.4872950971304264], [0.176008090023679, 0.5406640670422345, -0.7680635073436677], [-0.12311071538051141, -0.6914432171672729, -0.021413568824461576]], [[1.0938443736921497, 0.0534191942795709, 0.013427502769270348], [-0.03681496327061129, -0.17633303070364212, 0.3348378352114134], [-0.6505739081043538, -0.07996343238895245, 0.6507245033047133]]]\n[[[0.0645122081041336, 0.32669615745544434, -0.45831674337387085], [0.0, 0.0, 0.0], [-0.7901338338851929, 1.2453336715698242, -0.24722713232040405]], [[0.10183629393577576, 0.31804099678993225, 0.4201474189758301], [0.0, 0.0, 0.0], [1.6260048151016235, -0.04012880474328995, 0.9112330079078674]]]\n[[[1.8393189907073975, -0.5550146102905273, 0.7867499589920044], [1.3236479759216309, 0.3682298958301544, 0.09581243991851807], [0.7912744283676147, 0.15795832872390747, -0.1408742070198059]], [[0.5135660171508789, -0.22579820454120636, -0.6360003352165222], [0.6294049024581909, -0.18290092051029205, -0.2279534637928009], [1.7082514762878418, -0.05798365920782089, 0.9351506233215332]]]\n'),
]


@pytest.mark.parametrize("source, expected", CASES, ids=["masked-and-causal"])
def test_prints_what_pytorch_printed(source, expected):
    assert run(source) == expected
