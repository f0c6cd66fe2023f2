"""float64 tanh as PyTorch computes it on an Intel CPU with AVX-512: MKL's vdTanh (HA),
ported in gradcli/mklvml.py (`tanh64`).

The expected digests and outputs are torch 2.13's on such a CPU (the `mkl_intel` fixture
makes any machine take that path); the hard cases are inputs where MKL's result is not the C
library's, written as the input's and torch's output's bits in hex."""
from __future__ import annotations

import hashlib

import numpy as np
import pytest

import gradcli
from gradcli import mklvml
from test_autograd_parity4 import run

pytestmark = pytest.mark.usefixtures("mkl_intel", "aten_avx512")

PROGRAM = 'import torch.nn as nn\ntorch.manual_seed(3)\nm = nn.Sequential(nn.Linear(3, 16), nn.Tanh(), nn.Linear(16, 1)).double()\nopt = torch.optim.SGD(m.parameters(), lr=0.1)\nX = torch.linspace(-3, 3, 60, dtype=torch.float64).reshape(20, 3); Y = X.sum(1, keepdim=True).sin()\nfor i in range(30):\n    opt.zero_grad(); l = ((m(X) - Y) ** 2).mean(); l.backward(); opt.step()\n    if i % 10 == 9:\n        print(i, l.item())\nx = torch.tensor([1.138485353218715, 0.4827736554803256, -0.6366060473553703], dtype=torch.float64, requires_grad=True)\ny = torch.tanh(x); y.sum().backward()\nprint(y.tolist(), x.grad.tolist())\n'
PRINTED = '9 0.4973096918299184\n19 0.4892821687365929\n29 0.48291641794353024\n[0.8139034377047248, 0.44846218671554905, -0.5625842193719509] [0.33756119409243107, 0.798881667086308, 0.6834989961136526]\n'

# words of (input bits)(torch.tanh bits), 16 hex digits each
HARD = (
    "40092ba16cfbf8bc3fefe1bf29980060 bec1880c47d21056bec1880c47d1f446 "
    "beaaac969e237e9cbeaaac969e23786e 4013ee5500224c6a3fefff3ae707b2a4 "
    "3ecafab4547e49943ecafab4547de34c 3ea6b06e5ce8ae233ea6b06e5ce8aa56 "
    "bf2a33e274cfb956bf2a33e26ef489a6 bee912094b56e8b6bee912094b51c797 "
    "40301bd2599def143fefffffffffff48 3f28c498cecda4833f28c498c9db7b08 "
    "3e607c1d75b5d6483e607c1d75b5d647 3fd54b7c9e0e6ba63fd48ad5937dfdcc "
    "402963ae4562d35f3feffffffffd69eb bf08e5210aed4821bf08e5210a9cec1b "
    "bec5034096814f0bbec5034096811eb9 3ebfbf81bdac4b1b3ebfbf81bdac2170 "
    "3e82094f51f87c203e82094f51f87c01 3fa3f7a99574404f3fa3f5129271cb26 "
    "3fbbc5150c3e7d873fbba9541c654e84 3ee740968b9137243ee740968b8d1f7e "
    "bfe44d2926478cd1bfe1f46de60f7b08 3f860a82b2cbab2e3f860a4aee7d414f "
    "bed9b713f8f93a10bed9b713f8f7d7cd bf5d654b47a24073bf5d6549367283d4 "
    "3ee4e48d7285ca703ee4e48d7282d273 bff3eac4fa568d50bfeb192e2d21a12d "
    "3e5f325eaba46de63e5f325eaba46de4 40104bdef4ecc5103feffb431b7f579e "
    "bef4137540efd214bef4137540e548e5 40211e6d3d83865c3fefffffd8877a0c "
    "bea1863d437ccd63bea1863d437ccba3 bea42104d5d14f0cbea42104d5d14c64 "
    "3f294586b8cf348f3f294586b38e394f 40255190f4b5e1873fefffffff6870e8 "
    "3f9d3d723d26116e3f9d3b6995612ef9 3fb3e9ffd7b64c3b3fb3dfbdc2b5d377 "
    "be58ab45cc69161dbe58ab45cc69161c 3eb18845fba77e9a3eb18845fba77796 "
    "3e6fd0ca570024e83e6fd0ca570024de 3f4db4d50eb246f23f4db4d4862905e2 "
    "3eead38682ed75ee3eead38682e72d23 403306761ab4f43c3fefffffffffffff "
    "3f0eceb96b8e71653f0eceb96af62762 3fac7e53b844f1be3fac76ce5683c6b7 "
    "bf57fb3db9b575b0bf57fb3c9a60b5bf bfdaa198c6ae57b2bfd931936cf1bfae "
    "3f3ae7ef91b8b1c93f3ae7ef785bfbaf be6088f879cb7443be6088f879cb7442 "
    "3f15c9d93abe44993f15c9d939e6c5a5 be6642fcabc7a5a2be6642fcabc7a59e "
    "3e6e98ea6898b7a63e6e98ea6898b79d be70191548758f8fbe70191548758f8a "
    "3eb48c0c82e00b863eb48c0c82e0003a 4020478917a08c713fefffffa49fd149 "
    "3e51c953dea2090e3e51c953dea2090e 3ea842252ebb43f33ea842252ebb3f4d "
    "4024e9c0fee453de3fefffffff1ca657 be58d16abedc4d96be58d16abedc4d95 "
    "3e763acb61ebe79b3e763acb61ebe78d bebae3ab3f313c98bebae3ab3f312347 "
    "bfb94beb9c0adac2bfb936ecb554c358 bf09e29f7f44db23bf09e29f7eea8566 "
    "3f5ed115e36fd9443f5ed11381bbe9d4 3e78bbcb9ecd159f3e78bbcb9ecd158b "
    "bf9e3fe750843002bf9e3da6db759c7d bf0127eddcf780c8bf0127eddcdd3426 "
    "bf92d15ccd0c58e8bf92d0d1feb761e3 beead4f25937c6f4beead4f259317d2a "
    "3fde845043f3a7313fdc658bcf1abd97 be5a50870ab150b7be5a50870ab150b6 "
    "3edb3cf11e5a2d3c3edb3cf11e58883b 3efb762f5f07ad423efb762f5eecb5ec "
    "bec547b17bf77811bec547b17bf745e0 bffc581208e66996bfee33650a35b0d6 "
    "3e8d6cad584d8ac33e8d6cad584d8a3e c02de60fe7dcb5b1bfeffffffffff8b7 "
    "3fa0f98a31307d393fa0f7f2c66f849c 401ae26f1b6336a83feffff9e8703af5 "
    "4026200ae34bef603fefffffffbc583a 400cdd36a9b348303feff3f8a5b52dcd "
    "c017a0b8cbf9f0c8bfefffe0f5691328 4024d1a006b5a4443fefffffff062dd1 "
    "bff36b9bb354bbc0bfeacf512d159dcd c01aaa5dce992e48bfeffff933f43649 "
    "402636168ace27f43fefffffffc1ed4f 402dcac0ade37e003feffffffffff7e5 "
    "4025377dfe9d22a03fefffffff5830e4 4030e708c587fe7e3fefffffffffffda "
    "402648e5126d69e43fefffffffc652da 4024a55f1656bfe43feffffffed7093c "
    "c0252ade2455c67cbfefffffff4fb54b c01a09b43bbfb2e4bfeffff6b28fbd77 "
    "4026b0c43ef543783fefffffffd98f5d 40202f93237b209c3fefffff9ba8a6de "
    "40106281fa87d8103feffb778cbc9b0b bfe65775924ffce0bfe34d7ca56c008e "
    "c026e9a407ec462cbfefffffffe137c8 402141e5fabf1e483fefffffdda2e678 "
    "3fe5548e4f359ca03fe2a5a4fbe06491 400e065c9256ce283feff6ffd463cfff "
    "c005269185c42c20bfefad9e74be5ce7 4025bf5eaf2c64003fefffffff9d4d93 "
    "4008f0bb23ddcd903fefdff585b27d1f 402da2a53ec936fc3feffffffffff685 "
    "402b2e80b44f7edc3fefffffffff91b6 4021678a4d9aaa883fefffffe255cf64 "
    "bfae965bf26a0600bfae8d0e9738c033 401e2786e99846203feffffecff180df "
    "bff67d4d4799d0f0bfec5ea7053c2278 40119d794d8e7b9c3feffd8ca38ee2da "
    "c0327e10496f9378bfeffffffffffffe c02a004cbd581ef5bfeffffffffe98e7 "
    "c027bf067e3cf375bfeffffffff29ff5 402007da0bb29fc83fefffff8ad0ec53 "
    "40208ef500d39fcc3fefffffbadeb58f c0306cc43c4d6907bfefffffffffff9e "
    "c0210a5a7cb61518bfefffffd54f4750 c01270cf67845f6cbfeffe60c7e1be05 "
    "401e588eeba734303feffffeebb5d9ab c031345d164e9780bfefffffffffffeb "
    "c001b17798454dd8bfef3dcfbadd00ac c01424cf3f433c9cbfefff4ecbc187c7 "
    "c021d663281c7f26bfefffffecc2b0d9 c011a76f3245b9a4bfeffd98b954a665 "
    "3fe646c7abc320003fe342dd0f27b2db 40216fdd9b2d83583fefffffe348cf10 "
    "40176c605e4506e83fefffdd9dff753c 40230244b1e4d7e83feffffffa098042 "
    "4025710c8c4ec43c3fefffffff79faac bffc9ec5b7175660bfee429982751a7a "
    "c020a960cd2810a8bfefffffc1a61b5c c0222cb52b35059ebfeffffff2447140 "
    "c027fb0ccefc28eebfeffffffff56b9f bfdc748726b5fbc0bfdab7ab4071b0ad "
    "403308268cfe0ee63fefffffffffffff 4024eaac378f54043fefffffff1d76dd "
    "bfdf0d92e0c2c280bfdcd35f9747bd7c c009be0bee080b50bfefe5c55fbd1885 "
    "c0117cc3aeae49b4bfeffd6342176dfa 400def35d33069583feff6cb2be74675 "
    "402506d085c493683fefffffff350c14 3fc9f4ba6e0d34903fc99b1fd7529e6a "
    "3fdf040196bf5b543fdccbbea77c818b 3fe6c85ac455c8923fe394b51b5ecac5 "
    "bfe295395ee7f4cebfe0bdef8ddf3ef4 3fe06c771f78ee723fde3ce27f746518 "
    "3fce8eff4e86a9483fcdfdae9faa512e 3fe6a611fba6867e3fe37f34817cebfc "
    "bf6e8130e3969600bf6e8127a6224295 bfe127dc23918142bfdf5cd973d4c82a "
    "3fe4ec7e0e1d124a3fe2606885e671a8 3fd9872ccb39e7b43fd8414fd8ae23e6 "
    "bfc985a6178b1768bfc9306b10ee9240 3fa81b10d9c5c5203fa8168297d259ca "
    "bfe40d30433d0f3ebfe1c8679e4c0422 bfe4b37f9afece1abfe23a0eb58b5c0e "
    "3fad7bfa0082f9803fad73a4e269199e 3fec3e994edda4183fe6a5ceac2877d6 "
    "bfc6822d2fdf38f0bfc6478234b12b7b 3fe209a90aee190c3fe057ac14e6cdee "
    "bfe7815388ef0d74bfe406d336bec15a 3fead00ffd1d658c3fe5e903e045f8bd "
    "bfddae42b4168d64bfdbb8a40d9f1e6e 3fcabc8990942fd03fca5ab38bd528e9 "
    "bfe06a2e7512787cbfde395611eea42a 3fecd492403ec7003fe6efb18d1c0a98 "
    "3fe143350aae42483fdf86576e5d09c8 3fdf01547e7960083fdcc99c36154202 "
    "3fb7885ea9d75a603fb7777541eb434c 3fee089ff18ad2183fe7817cf00ceebe "
    "3fe0100b729489b23fddac8a93913f26 bfdb1ba33bd151b0bfd99866d8f50b06 "
    "3fea34f694d250da3fe5958e312521a0 3fc8537e12dad2503fc80995af694f96 "
    "3fce1233384f1f603fcd87a19df22e90 bfe167e0052107a0bfdfbdc2e4aa5f54 "
    "bfe14fd07391b386bfdf996c69ac3701 bfe37ea8e23a638cbfe164f08e641ad7 "
    "bfe15e279d6398eebfdfaf1809c1b3ae bfd8296a1b8a8978bfd71364124d089f "
    "3fdef56e3fd93a183fdcc01d80fd9623 bfe0b97f428c2572bfdeb406587203f6 "
    "3fdca9002cddbc803fdae2f069d8c17f 3fba9184a04862103fba79340e10a6fa "
    "bfcea6d5028c4848bfce14345e74253c 3fce9e17701c18683fce0bf239bd33cb "
    "3fe09b8df82deec03fde85d764f57c29 3f9af0fec5ad66003f9aef677cb83cf4 "
    "bfa14bc869b8ed60bfa14a196e35b2d4 bfe5ebe2c79acdf0bfe308834b689a37 "
    "bfefa7e450897baabfe839ac08dd30f4 bfe916d24841ac84bfe4f5e6572ad160 "
    "bfc9829fa6f9c7f0bfc92d829aa7a59b bfece251f5553e30bfe6f65ef8bacbf7 "
    "bfe1fbccde12393ebfe04d6b106b7004 bfdab01d6d655b2cbfd93dd70b76d476 "
    "bfe7d1bab066e6babfe4376fc8aacde0 bfc9ececcb241660bfc993a20e58c7fe "
    "bfe3034d3ecf5cbabfe10d51dac48b50 3fe31574cba5c8c63fe11a4dc5491cd0 "
    "bfd7a8e947eec824bfd6a347566dbea8 bfebbe0f09ca4156bfe664eff823a9df "
    "bfebcbb92e63c410bfe66be6d04c338d bf9bf568564c5980bf9bf3a129f94297 "
    "bfd956fcfded4dccbfd8180015fe9d62 3fe96903fb2000e23fe5248550ddf6e9 "
    "bfe3cc786bc2e9f2bfe19b79f5b9e5d6 bfe0b39f44f8993abfdeaaf9d98ffc74 "
    "bfe23314ab638fe6bfe07635da040a18 bfce771cc2692c98bfcde71ac5093367 "
    "3fe052f37b3e27903fde153055d03076 3fccff0e962413183fcc82a1fd44b076 "
    "3fce056460b713683fcd7b810171a08c 3fe209e061e756de3fe057d4fcc02933 "
    "3fe944bcf993848c3fe5100517f03f0a bfe712a0e3d4f91cbfe3c2e9eaf7e0a6 "
    "3fbe35d88be2e0003fbe1224d2c12cce 3fe75bf1845f59de3fe3f004d2f37600 "
    "bfe0a544f3a0ff48bfde94d7d9164126 3febc1db8d607c123fe666e00891d570 "
    "bfe0d80e4aa6d1fcbfdee2fdeb6b4e20 bfaf7a57f3fa9e40bfaf7034b2a14d91 "
    "bfe15d647fb379bebfdfadf16edf560f bfe174c02e776760bfdfd129cdc9da8d "
    "bfcd0262d6ef4c98bfcc85cbf1457cbf 3fd21711405c2ff03fd19f8d37cfc6e3 "
    "bfc35922b8f0e7c0bfc333c0caf8ddc0 bfca8e539a4dfbc8bfca2e6fcbd8828a "
    "3fda9bb7143ef3d83fd92c9adf83b00f 3f8176e21c75a8003f8176c65e5e84f0 "
    "bfb837e76a529610bfb825795f6f6c3a bfcb3427376b6a68bfcacd28ef3e335a "
    "3fdfe1351690ecb83fdd7b16f6157ab3 bf8f326b08db1d80bf8f31cce9668a08 "
    "3fe610af2aa740d23fe3203abac9540e 3fea10a2ee780cf43fe581b25381c3c0 "
    "bfcaccde97a7af38bfca6a56ebc08866 bfeacc13d7362d44bfe5e6e5cc9a42e4 "
    "3fc7534d3f078a603fc7121208721173 3fe0fcc72f216b9e3fdf1b3567b57993 "
)


def _inputs() -> np.ndarray:
    """14,396 values: specials, both sides of each interval's ends, random bit patterns,
    1e-9 to 50 on a log scale, uniform in [-25, 25]."""
    r = np.random.default_rng(2044)
    parts = [r.integers(0, 2**64, 2048, dtype=np.uint64).view(np.float64),
             r.standard_normal(8192) * np.exp(r.uniform(-20, 4, 8192)),
             r.uniform(-25, 25, 4096)]
    edges = np.array([0.1875, 0.25, 0.375, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24])
    edges = np.concatenate([edges, np.nextafter(edges, 0), -edges])
    special = np.array([0, -0.0, np.inf, -np.inf, np.nan, 5e-324, -1e-310, 2**-1022, 1e-300,
                        19.06, 20, 1e300, -1.7e308, 1.138485353218715, 0.4827736554803256])
    return np.concatenate([special, edges] + parts)


def _digest(t) -> str:
    return hashlib.sha256(np.ascontiguousarray(t.numpy()).tobytes()).hexdigest()


def _hard() -> tuple[np.ndarray, np.ndarray]:
    words = np.array([int(w[i:i + 16], 16) for w in HARD.split() for i in (0, 16)],
                     np.uint64).view(np.float64)
    return words[0::2], words[1::2]


def test_float64_tanh_is_mkls():
    x = gradcli.from_numpy(_inputs())
    assert _digest(gradcli.tanh(x)) == \
        "5ebc4c4e32d1c1a4799db5b495721c78fefa2393f0ff77a1429792bb2fd20f9b"
    assert _digest(x[::3].tanh()) == \
        "49f74a6e8bb6882b516ae5635bdc79cf11f5ab6d323294a22891556984ad1b2b"
    assert _digest(x[:14000].reshape(140, 100).t().tanh()) == \
        "a2fc7f558fe5821d7101fdc2212d13876ce202382dba488f34aadb05c9b1892d"


def test_hard_cases():
    """240 inputs where torch's tanh is not the C library's, each one element of a tensor of
    1 to 40 elements, and all in place."""
    x, want = _hard()
    pieces = np.split(x, np.cumsum(range(1, 21)))             # 1, 2, ..., 20 and 30
    got = np.concatenate([gradcli.from_numpy(p).tanh().numpy() for p in pieces])
    assert np.array_equal(got.view(np.uint64), want.view(np.uint64))
    t = gradcli.from_numpy(x.copy())
    t.tanh_()
    assert np.array_equal(t.numpy().view(np.uint64), want.view(np.uint64))


def test_port_is_not_the_c_librarys():
    """The hard cases are off from libm's tanh by at most one unit in the last place."""
    x, want = _hard()
    got = mklvml.tanh64(x)
    assert np.array_equal(got, want)
    ulps = np.abs(got.view(np.int64) - np.tanh(x).view(np.int64))
    assert ulps.min() == 1 and ulps.max() == 1


def test_prints_what_pytorch_printed():
    assert run(PROGRAM) == PRINTED


def test_other_cpus_keep_numpys(monkeypatch):
    """Without MKL's AVX-512 code the values are NumPy's, as before."""
    from gradcli import cpu
    monkeypatch.setattr(cpu, "mkl_avx512", lambda: False)
    x = _inputs()
    with np.errstate(all="ignore"):
        want = np.tanh(x)
    got = gradcli.from_numpy(x).tanh().numpy()
    assert np.array_equal(got, want, equal_nan=True)
