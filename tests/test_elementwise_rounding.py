"""float32 elementwise ops and activations bit for bit as PyTorch 2.13's CPU kernels
(gradcli.vecmath: SLEEF's powf, expm1f, exp2f, sinhf, coshf, atanhf, tanhf on the vector
part, glibc's float functions on the scalar tail; ATen's float digamma and trigamma).

The literal tests hold torch's own outputs (printed values, and sha256 digests of the
float32 results of deterministic inputs, forward and gradient); they run without torch.
`test_parity_sweep` compares against torch directly and is skipped where it is absent
(`/work/torchenv/bin/python -m pytest tests/test_elementwise_rounding.py`).
"""
from __future__ import annotations

import hashlib
import io

import numpy as np
import pytest

import gradcli
from gradcli import lang, vecmath

# The expected bits here were recorded from PyTorch on a CPU with AVX-512: every test runs
# its kernels (conftest.aten_avx512) but the live sweep, which follows this machine's torch.
pytestmark = pytest.mark.usefixtures("aten_avx512")

EXPECTED = {
    'logaddexp/4099': ('c23068cb6972325c70c000f2', None),
    'logaddexp/37': ('75fd7bd095c4f6f1a8fb8a54', None),
    'pow0.75/4099': ('f93481caa08a942143d525b9', 'bc3a083da46d035b2dcca647'),
    'pow0.75/70': ('f5a3e449de743f5390c50b66', '45125fab084b24ea0cf967c4'),
    'pow0.75/37': ('9684760ddf1e520d72ce4370', '287cb85041ab88421d06d10c'),
    'pow0.75/31': ('e74c28244848dbca3eb8cfac', 'cd5a1dd62c2c64422c0c946f'),
    'pow0.75/5': ('3baaf4cf51386ab340e1083e', '1f180079e24e5fb9fc9bd3ca'),
    'pow2.5/4099': ('5ebb8c82e40215f58b5bfbea', 'd5e31c3114b2d62d4ee387e5'),
    'pow2.5/70': ('93d49290fd6918e85c28f355', 'd363285b656ff28ec3c91bf3'),
    'pow2.5/37': ('2450acafa391f693df6dabf2', 'acdf3fe0f470726590293071'),
    'pow2.5/31': ('a08b6ae1a31ed317529dbb81', '2633f5a195f04ad42014b228'),
    'pow2.5/5': ('6ee287856799f1396f888479', 'f6baf74432e35591c89628dc'),
    'pow4/4099': ('46f1ec807263a9d6b6892bff', 'b8bd9b7045293b7f185e9c7c'),
    'pow4/70': ('59db311173c5feb296869cee', '3ccdd42ec3d45ef7563ff591'),
    'pow4/37': ('7a11d513f281d9c3b331f820', 'd4683f7c6f1ba7896e0e231c'),
    'pow4/31': ('fa46f103a96f6c9108c55d24', 'e7737f9caa14e62f533653d4'),
    'pow4/5': ('7dd770bf38813425fa171120', 'fc82f22be049ff58b022d491'),
    'pow-3/4099': ('35e950aae01c9819af9447b1', '5c3e9aa5fcb09cb64bdc3738'),
    'pow-3/70': ('786e6a37fca13b691e96d748', '73af7072db39541728700908'),
    'pow-3/37': ('e4e6bc9ecd9cd542460abe46', 'a06a8de6ac4f5db6b6821eaf'),
    'pow-3/31': ('72efb13fb1ac7f30c86071dc', '46543aea6e7b0675066b7023'),
    'pow-3/5': ('7fab9050d14a1897e07cd400', '1c8daeee2dd59b345dc2e92f'),
    'pow1.5/4099': ('53f94f3f26a31e273aac57ff', None),
    'pow1.5/70': ('c61744d74b3c0ae8038b3f96', None),
    'pow1.5/37': ('59a8cfedd67f1302a4ae2900', None),
    'pow1.5/31': ('d08174a414e57321b69f32a0', None),
    'pow1.5/5': ('7e3e96d3365d68cc34318f8c', None),
    'rpow/4099': ('606c5514f01b8794def5a987', '21a357cdce2ebb409fac9a00'),
    'rpow/70': ('4e9e0f79cde77ba8a71c187e', 'cc44d711b15e1cd9ac73b03a'),
    'rpow/37': ('5f506ef5c5b8292700413147', '6e172b6c7f1f50893af06605'),
    'rpow/31': ('d4b41eb5481d3d4651c76c14', '62f345f74882994012b60c21'),
    'rpow/5': ('a2fabc5fda5b85bdc091ebe0', 'a880e4be6036fbc31d1fd3ab'),
    'powtt/4099': ('5e01e3895117eebf7d7c7b6e', None),
    'powtt/70': ('7a745dcca12c9f7d5bc1e6cb', None),
    'powtt/37': ('3c30073a846e1b561311adb3', None),
    'powtt/31': ('410023357bcd02d6be5d1372', None),
    'powtt/5': ('c4663ac2ec2b0a5ff076b9ae', None),
    'elu/4099': ('d805c5ee69b3bc4da613140c', 'b507654f40fe3c391e4e8c28'),
    'elu/70': ('53b4888eff228dc2808742fb', 'c780bdb1194eae42f2a3c3cc'),
    'elu/37': ('b4d1b7037d8e288ff3b842e6', 'f43ab091bc41eb62b6d846e9'),
    'elu/31': ('5993f71b223450738ad18b87', '5a2c696cf42f2d768e811341'),
    'elu/5': ('7015ae1b9c5134f05caffe3c', '62689186fd8851f2e0f8a44e'),
    'selu/4099': ('af0f602e94769a13288833ed', '9e78b778f6d00188f9d0b23c'),
    'selu/70': ('a516ba21d86c32157accd6a6', '1a8c3a92169ddb77211d7600'),
    'selu/37': ('8247a4d2f8d54bb266648227', 'bd6c4701ce9f21d21b307c4f'),
    'selu/31': ('0c78695413105ffdbe6cfa9a', 'fee0db957cc2786e922c6187'),
    'selu/5': ('15c8bcc3038e30bf34d9b619', '3c4ceed4ddecaafc97c50bae'),
    'celu/4099': ('0c7b25d7142093d2a5a62b01', '6be1218edfa8178aa8ef6cfe'),
    'celu/70': ('eee86feabeca80bc6815bea4', '4b46b1e66a9c231bd8587b80'),
    'celu/37': ('27868eb4bbc9e680d17ff225', 'a3d3dd7dc5994ddd014fce18'),
    'celu/31': ('d197382f140d4759340a7796', '0397b5dacab318b21e00a2ba'),
    'celu/5': ('7015ae1b9c5134f05caffe3c', '62689186fd8851f2e0f8a44e'),
    'gelu_tanh/4099': ('cb060d3ef255773d3797cbeb', '445bd1e4a31d68d1f96eb27d'),
    'gelu_tanh/70': ('7a64447ad0593fde1ff6b02d', 'a8d082c50364c5f6823d54c8'),
    'gelu_tanh/37': ('08c4a852365fe3dfe1d7350b', 'f863ab8eed201efa7823b408'),
    'gelu_tanh/31': ('b88c354acd60100a30baa5aa', 'f899cffb0cf3ee4dc0efef15'),
    'gelu_tanh/5': ('b5ce07760d7ea7c96a5b8158', '9b97a59ee1a3f7ca35a2fa1d'),
    'mish/4099': ('c581e6ec230f95482b4127c8', 'a86d1be8b593c19036f7cac3'),
    'mish/70': ('14aa7c7ee61986fa29562087', '059e911a6b42433893cf248c'),
    'mish/37': ('e26405eaa6b5392691b4a503', '80ff69669d1b0195dea029af'),
    'mish/31': ('f03f4973dd70df394eab75f9', 'f5ab668e4f06122d01945d41'),
    'mish/5': ('7bfd76b74439b8e7a05c6180', '8347c13e2254ed0bbe54026b'),
    'softplus/4099': ('974ab71b7d3d1bc18bd3db66', 'be0562552ab3533288bf22e2'),
    'softplus/70': ('b855f3cbf92f20e8821e5af2', '8aa86dd335e32dee1342ccb4'),
    'softplus/37': ('b4f0b30bb1e2cfbe259a5d61', '78bbf2b5386c9bc43da2aa71'),
    'softplus/31': ('67f5f23ea795e02aad32cd95', '4f75e549c149eb18b998ef7c'),
    'softplus/5': ('442ad1315f34ffdd2a409629', '4c52efaf7f903b7a7a720fa9'),
    'hardsigmoid/4099': ('bf7e6e27e75875798a3afa21', 'b09902efd16d2b094576aa21'),
    'hardsigmoid/70': ('f8438c625b33279e7efbc303', '217eb79cf758f276692d35a2'),
    'hardsigmoid/37': ('e8a3b5c119e4696a90a1ecb9', '63b8ef450f3c2c71491a9b46'),
    'hardsigmoid/31': ('6eb392f5acd2a3e490446503', '1ee9e4b553452ebb0b784263'),
    'hardsigmoid/5': ('f06f069b5f90d95d4b2f51f8', '5b5a7a7f2ad45f394637acf1'),
    'hardswish/4099': ('49ded7f11621121de63e192f', '039b01443fa0fe13102e752f'),
    'hardswish/70': ('07254ea9e14e6ab03b4058e5', 'abc6267c4f96fb6297495bde'),
    'hardswish/37': ('4280621b0b4f89fffd7ab9ca', 'c834537ff44de9f8e3d9cc58'),
    'hardswish/31': ('82ee28f9e08c917deb99bce0', '51442f4cd61017d7b094c254'),
    'hardswish/5': ('d3ef0b324ade923e13cd2855', '8b4d138f861e79d1245d79c7'),
    'softshrink/4099': ('dac9ad105f1f09c40ecf1155', 'aff1226bf7d98a7e505a6e3d'),
    'softshrink/70': ('dd9dd906a9cd433e1e891794', 'fbef727b639c4e09535a18ea'),
    'softshrink/37': ('73a265325b111a9b8d13a278', '1ac5c7c583bf91daabbb7f0e'),
    'softshrink/31': ('769457e3f055eefc990d5773', 'a654cd7d7da32be81967699a'),
    'softshrink/5': ('8e9778ca8579125a97a980b9', '62689186fd8851f2e0f8a44e'),
    'expm1/4099': ('310c65cd6521d703b43fda99', 'ec51d4a3820b0a10fe08531f'),
    'expm1/70': ('02c850d3e2d9ef4e6cddcfb2', '0fa2ace852bb17a27dfb28e9'),
    'expm1/37': ('284bac01e50c0485201f9470', '5c33b80b86056d6af83216ac'),
    'expm1/31': ('308d4c38d6fecae3788489ef', '62a710c76fae2a5b481c5888'),
    'expm1/5': ('4c948bb34f1533cdfc2f14f0', 'cb67cabfef6e1b5e9d2edd00'),
    'log1p/4099': ('5972448fa53de377ee298f66', '97e53e50d9ec4467689740c7'),
    'log1p/70': ('3fc7d68b60f0706f3770b822', '4c97ebe29689c5517682b497'),
    'log1p/37': ('6778758a504599d8455f121b', '7cf4f12d3cc7f0b82a49fb44'),
    'log1p/31': ('84024a7d2b851b8f78aaa381', '6ff893d58142e4f1909861cd'),
    'log1p/5': ('e3fec81638941f4e2dae8bd7', '543fb8b059c60e5e9a0e01f7'),
    'exp2/4099': ('8edf31728b5a709b57ee2c69', '516eaa0924e7bacf9756c6ee'),
    'exp2/70': ('439d6b6dec71439400457ab9', '30217bdcaab3799e069a0e73'),
    'exp2/37': ('de570b48308051619e6f4998', '97a2dfcb64d223e28c3865b0'),
    'exp2/31': ('d4b41eb5481d3d4651c76c14', 'e385228254b67f793ecec6c5'),
    'exp2/5': ('a2fabc5fda5b85bdc091ebe0', '301281997c8c3b60996da12e'),
    'sinh/4099': ('7cccb38cbdd7b7ab2424ef33', '2a4a2ae2926d5336de66febb'),
    'sinh/70': ('c0daf915620b10d3c9601d51', 'cf24337c94828db9c85dcdb3'),
    'sinh/37': ('303a7955536b30af48200512', 'b94710e2ae7fcc1d782937b4'),
    'sinh/31': ('c578e9d7c7310645bad36fe6', '7843965a07a6757c0179bc22'),
    'sinh/5': ('86b3ee6695f66ec4664404be', '1f23a48cd2ad8cfdbe27e03c'),
    'cosh/4099': ('92b6614003930d072a7b7b81', 'dc4d4286694aa778f65e4cf0'),
    'cosh/70': ('84b1b9d03cfb7b42f24a803f', '03d20d57f43ed0502937460e'),
    'cosh/37': ('3a6ccd19eeb1a0d7ad414e06', '16bd81b7c516bc27498acbaf'),
    'cosh/31': ('b541a4c2ab384b521e891d27', '1b0605b2f57574098bb51fd4'),
    'cosh/5': ('f2dfd9045747be98382b9a31', '4e2807693ecacfbc3fb74c65'),
    'atanh/4099': ('dccec36ac650b7417dd71db1', '9865a374e7155d198039270f'),
    'atanh/70': ('e77696ea170260e2a1a68750', '42b3a3a90d3ec3b43d8e17e7'),
    'atanh/37': ('6293570890737db4170e0f3f', 'a0dd0ec3d68fefc3890e8660'),
    'atanh/31': ('b2610417c71b60bc5060b193', '43c2c08c683623971bb7acc6'),
    'atanh/5': ('1977c6200b9d9a3e268aa222', 'cbddf992736af0184f23a2e0'),
    'digamma/4099': ('3f650b0d0559bc5d0b211f3b', 'cc1bd3f6681cc7b330ec97be'),
    'digamma/70': ('9c9a89bd3067e45daddc1d0d', 'eeb31caa7e3f8088224342bb'),
    'digamma/37': ('ee298af691c5c7b15d4ce6d4', 'c1f496f525d40fb92fb2e108'),
    'digamma/31': ('7d310ed2943c407b65677259', 'a64df44f86597919138c71d2'),
    'digamma/5': ('2bc1bb1821551cde5fb767aa', '9fab868eb27286210e85b016'),
    'digamma_pos/4099': ('5baab8817d32ca03347e4d3b', '09611589c0b2140b1999bdf6'),
    'digamma_pos/70': ('6001aa537df29b3bf1eddcad', '559e64024d80a005d1fe25fd'),
    'digamma_pos/37': ('d70f0b2f28eaa30a3e090bb7', '7198ac3bf49fcf0aed986f7b'),
    'digamma_pos/31': ('5d10ee7ffe4649e6f757f417', '8cc8e7d683b9148c72be692a'),
    'digamma_pos/5': ('7d569de2d33157a4a0846998', '6f2f163fc8d3b47125c101aa'),
    'trigamma/4099': ('91f1cb0f53b78c85d0121f83', '32c663d0fca4acd7ce45c176'),
    'trigamma/70': ('06772b73e940cf52c86704ae', '6e7dfd4d9f052be964fa9120'),
    'trigamma/37': ('fc27c7cc53b366fa5a53170e', '4553901cc147939fe59c7717'),
    'trigamma/31': ('8491b03f45918daa48ff5ae9', '44854d6092f12c2e61c3f999'),
    'trigamma/5': ('e6a8807ee327bbd6e6c8a11c', 'e3eda14e81ae5a650ee18abc'),
    'lgamma_grad/4099': ('18ad550c0bb803ce40f1b721', 'b3910ec8385a22ff1247aed3'),
    'lgamma_grad/70': ('f29917a7a398c13c58e0d1a2', '15f8a1ef0aefff57957d62e3'),
    'lgamma_grad/37': ('7b70eb336692dbf710f90f4a', 'aeb66229cd3cfa80ff923622'),
    'lgamma_grad/31': ('7e392c9ad42802ef70255ce0', 'ad8b28ed5e55f713d6b91419'),
    'lgamma_grad/5': ('b777ffd932e11e30dd01335b', '756d77f7e890da22df2fb2ba'),
    'gelu/4099': ('033d2a544f56fbe9bdd30784', 'e76bbcdcecff33c430cbc251'),
    'gelu/70': ('038fcaf2ba84ce82f683e7b1', 'f70cc68f1945a227bfaf9f94'),
    'gelu/37': ('483b16a4093a28c66c7b9cd1', '702d755ff64a41107930b925'),
    'gelu/31': ('2f9b7208f88cb76d908df925', 'b004efab607c65cad131de5e'),
    'gelu/5': ('4e3c1214641c78dd2a1f41ff', '4c08bf8d07623133c88b1c5a'),
    'lgamma/4099': ('110ccc83f50cebaf60b4a2ad', '64f917ad2b24e8b3c2c8e9c0'),
    'lgamma/70': ('6fd051215c443a9d8c687b03', '9c882e3e92296947d8c9ee2b'),
    'lgamma/37': ('a876fde96936af2a31b78d3b', '0c958b663edf1901b0142f89'),
    'lgamma/31': ('2f3de9eed2f9968684af9720', '7283b74d7de04180d5a3f399'),
    'lgamma/5': ('4bccc72bf183bf21f3ebf28e', '9876dcde8c3ffc2c295a3146'),
    'polygamma2/4099': ('04f80c2145b7e88c0ef49d7d', 'e1af69a5f5a3ba197b051640'),
    'polygamma2/70': ('1678552a037be28b019fa3b3', 'b6023a3ec458aada59c0772f'),
    'polygamma2/37': ('2363f8c651dda4f85b483837', 'ecd2fa1ba6b1cf726d9e51af'),
    'polygamma2/31': ('a74de03f7cb9cd352327e8c1', '4a43e703515ac661f1987cbe'),
    'polygamma2/5': ('0030a13ff7bd3818629d3e18', 'f326756ca9ee09386663dcd6'),
    'mvlgamma/4099': ('b97d392e468433d5c7edd01e', '10cbef7c52d0db70a6e8b146'),
    'mvlgamma/70': ('c97cd1a895de6af0e97cba4d', '2169c9c34d7cb6869acf7452'),
    'mvlgamma/37': ('898b417bd1f9f086ed46b6e3', 'df94bbbce1e73cc9cdb06007'),
    'mvlgamma/31': ('3cebdb04077e56bfa95f7619', '45e1498062ba7865c7a12327'),
    'mvlgamma/5': ('5ae8d5150b746c05f93b0a48', '6e91fad7d6dcc75e4b4149f8'),
    'sinc/4099': ('f4193363a33f21aa74ab624a', None),
    'sinc/70': ('f6e2cb436de44c134add70bd', None),
    'sinc/37': ('6f52bbfe46451ce8e6cb8bc1', None),
    'sinc/31': ('5360146c6f5eb07cf4ddb04f', None),
    'sinc/5': ('6acbd058261205ff50c76305', None),
    'entr/4099': ('d281d29e780dc0fafd5c527e', None),
    'entr/70': ('e437eff01b7593ceb1839371', '9f07ede589aaf74b45af3c3d'),
    'entr/37': ('4541fa2b6be24fb205e82fb9', '834c811d1a7d2d14987f3e6e'),
    'entr/31': ('0619d0674216c40a93e33335', '3a221c4805961ac9e9ae798e'),
    'entr/5': ('b4a71db383316c6f401e1e98', '3f30cd7dbfd784a9d4fb5884'),
    'xlog1py/4099': ('81a3ab147dd0f6653619cc5d', '5db7fd4016956b8c8494d314'),
    'xlog1py/70': ('8bb909d38a84be62ba355b93', 'c776cad589391a3618ee47b6'),
    'xlog1py/37': ('59e5db4bcec2e93716a7993a', '7a25371486c8f330f79cd59f'),
    'xlog1py/31': ('c022a9ac6882d60e021d2284', '38ab6ef66e9242b46bc778a8'),
    'xlog1py/5': ('aa9e9170145ae400e46accb6', 'd80fa0b79083d244b70af557'),
}


CASES = {
    "pow0.75": ("x.abs() ** 0.75", "x"), "pow2.5": ("x.abs() ** 2.5", "x"),
    "pow4": ("x ** 4", "x"), "pow-3": ("x ** -3", "x"), "pow1.5": ("x.abs().pow(1.5)", "x"),
    "rpow": ("2.0 ** x", "x"), "powtt": ("x.abs() ** (x * 0.5)", "x"),
    "elu": ("F.elu(x)", "x"), "selu": ("F.selu(x)", "x"), "celu": ("F.celu(x, 1.3)", "x"),
    "gelu_tanh": ("F.gelu(x, approximate='tanh')", "x"), "mish": ("F.mish(x)", "x"),
    "softplus": ("F.softplus(x)", "x"), "hardsigmoid": ("F.hardsigmoid(x)", "x"),
    "hardswish": ("F.hardswish(x * 2)", "x"), "softshrink": ("F.softshrink(x)", "x"),
    "expm1": ("torch.expm1(x)", "x"), "log1p": ("torch.log1p(x.abs())", "x"),
    "exp2": ("torch.exp2(x)", "x"), "sinh": ("torch.sinh(x)", "x"),
    "cosh": ("torch.cosh(x)", "x"), "atanh": ("torch.atanh(x)", "unit"),
    "digamma": ("torch.digamma(x)", "x"), "digamma_pos": ("torch.digamma(x)", "pos"),
    "trigamma": ("torch.polygamma(1, x)", "x"), "lgamma_grad": ("torch.lgamma(x)", "pos"),
    "gelu": ("F.gelu(x)", "x"), "lgamma": ("torch.lgamma(x)", "x"),
    "polygamma2": ("torch.polygamma(2, x)", "pos"), "mvlgamma": ("torch.mvlgamma(x, 3)", "pos"),
    "sinc": ("torch.sinc(x)", "x"), "entr": ("torch.special.entr(x)", "pos"),
    "xlog1py": ("torch.special.xlog1py(x, x.abs())", "x"),
    "logaddexp": ("torch.logaddexp(x, x.flip(0) * 0.5)", "x"),
}


def inputs():
    g = np.linspace(-7, 7, 4099, dtype=np.float64)
    u = (np.sin(g * 12.9898) * 43758.5453) % 1.0            # in [0, 1)
    n = np.sqrt(-2 * np.log(1 - u * 0.999)) * np.cos(g * 78.233)   # roughly normal
    return {"x": (n * 2).astype(np.float32), "pos": (u * 30 + 0.01).astype(np.float32),
            "unit": (u * 1.98 - 0.99).astype(np.float32)}


INPUTS = inputs()


def run(torch, name, size):
    """The op's float32 result and its gradient for a cosine seed (torch: gradcli or torch)."""
    expr, kind = CASES[name]
    x = torch.tensor(INPUTS[kind][:size], requires_grad=True)
    y = eval(expr, {"torch": torch, "F": torch.nn.functional, "x": x})
    seed = torch.tensor(np.cos(np.arange(size) * 0.7).astype(np.float32))
    (gx,) = torch.autograd.grad(y, x, seed)
    return y.detach().numpy(), gx.numpy()


def digest(a):
    return hashlib.sha256(np.ascontiguousarray(a, dtype=np.float32).tobytes()).hexdigest()[:24]


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_bits_are_pytorchs(key):
    name, size = key.split("/")
    y, g = run(gradcli, name, int(size))
    want_y, want_g = EXPECTED[key]
    if want_y is not None:
        assert digest(y) == want_y
    if want_g is not None:
        assert digest(g) == want_g


# oneDNN's gelu forward below AVX-512 (Abramowitz-Stegun's erf): torch 2.13 on an AVX2-only
# CPU (AMD EPYC), for the inputs of `run`; its gradients are the AVX-512 ones above.
GELU_AVX2 = {4099: '79221dde3ab1a266928e27b2', 70: 'af2b4bc1fa2f7bb584b3b624',
             37: 'c748e5f56af9ca2edd2ae701', 31: 'b085d2d0243e6c3adef5165b',
             5: '7cc55dc03ff6b3ed2aa05abb'}


@pytest.mark.parametrize("size", sorted(GELU_AVX2))
def test_gelu_follows_the_instruction_set_onednn_picks(size, monkeypatch):
    from gradcli import cpu
    monkeypatch.setattr(cpu, "onednn_avx512", lambda: False)
    y, g = run(gradcli, "gelu", size)
    assert digest(y) == GELU_AVX2[size]
    assert digest(g) == EXPECTED[f"gelu/{size}"][1]
    x = gradcli.tensor([0.3, -1.7, 2.25, 4.5, -0.02, 9.0, 1e-3, -6.5, 3.0])
    assert gradcli.nn.functional.gelu(x).tolist() == [     # torch 2.13, AVX2
        0.1853734254837036, -0.07576125115156174, 2.2224950790405273, 4.4999847412109375,
        -0.009840431623160839, 9.0, 0.0005003989208489656, 0.0, 2.995950222015381]


PROGRAM = """import torch
F = torch.nn.functional
x = torch.tensor([0.3, -1.7, 2.25, 4.5, -0.02, 9.0, 1e-3, -6.5], requires_grad=True)
print((x.abs() ** 0.75).tolist())
print((x.abs() ** 2.5).sum().item())
print(F.elu(x).tolist())
print(F.selu(x).sum().item())
print(F.mish(x).tolist())
print(F.gelu(x, approximate='tanh').tolist())
print(torch.expm1(x).tolist())
print(torch.digamma(x.abs()).tolist())
y = (F.mish(x) + F.celu(x, 0.8) + F.gelu(x, approximate='tanh')).sum()
y.backward()
print(x.grad.tolist())
s = torch.tensor([0.0, -0.0, float('inf'), float('-inf'), float('nan'), 1.0, -1.0, -2.5, 3.4e38, 1e-40])
print((s ** 0.75).tolist())
print((s ** -3).tolist())
print((s ** 4).tolist())
print((2.0 ** s).tolist())
"""

# torch 2.13's output of PROGRAM (with `import torch.nn.functional as F`)
TORCH_OUTPUT = """[0.40536007285118103, 1.488801121711731, 1.837117314338684, 3.0896506309509277, 0.05318295955657959, 5.196152210235596, 0.005623413249850273, 4.070849418640137]
405.0847473144531
[0.30000001192092896, -0.817316472530365, 2.25, 4.5, -0.019801326096057892, 9.0, 0.0010000000474974513, -0.9984965324401855]
13.63761043548584
[0.20800139009952545, -0.2825893759727478, 2.2094569206237793, 4.498913764953613, -0.011871879920363426, 8.999999046325684, 0.000600320054218173, -0.009765008464455605]
[0.18537093698978424, -0.07589408755302429, 2.2227985858917236, 4.49999475479126, -0.009840433485805988, 9.0, 0.0005003989790566266, -0.0]
[0.349858820438385, -0.817316472530365, 8.487735748291016, 89.01712799072266, -0.019801326096057892, 8102.083984375, 0.0010005001677200198, -0.9984965324401855]
[-3.502523899078369, 0.20854812860488892, 0.5725463628768921, 1.3888709545135498, -50.5447883605957, 2.140641450881958, -1000.5755615234375, 1.792911410331726]
[2.515122890472412, -0.08558760583400726, 3.114589214324951, 3.001936197280884, 2.046536684036255, 3.0000009536743164, 2.10143780708313, -0.007959308102726936]
[0.0, 0.0, inf, inf, nan, 1.0, nan, nan, 7.917884684108373e+28, 9.9999595947051e-31]
[inf, -inf, 0.0, -0.0, nan, 1.0, -1.0, -0.06400000303983688, 0.0, inf]
[0.0, 0.0, inf, inf, nan, 1.0, 1.0, 39.0625, inf, 0.0]
[1.0, 1.0, inf, 0.0, nan, 2.0, 0.5, 0.1767766922712326, inf, 1.0]
"""


def test_program_prints_pytorchs_values():
    buf = io.StringIO()
    lang.run_source(PROGRAM, "prog.grad", out=buf)
    assert buf.getvalue() == TORCH_OUTPUT


def test_float64_takes_the_double_kernels():
    """float64 results come from the double kernels (vecmath64's SLEEF pow, expm1 and sinh,
    as PyTorch's: tests/test_pow_float64.py, test_sleef_float64.py), never the float32
    ones: float64 values within a unit in the last place of NumPy's."""
    x = np.linspace(-3, 3, 101)
    t = gradcli.tensor(x)
    for got, want in ((t.abs() ** 2.5, np.abs(x) ** 2.5), (gradcli.expm1(t), np.expm1(x)),
                      (gradcli.sinh(t), np.sinh(x))):
        assert got.dtype == gradcli.float64
        assert np.all(np.abs(got.numpy() - want) <= np.spacing(np.abs(want)))


def test_pow_special_values():
    """SLEEF's powf on IEEE's special cases, as PyTorch gives them."""
    s = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, -2.5, 3.4e38, 1e-40],
                 dtype=np.float32)
    got = vecmath.pow(s, np.float32(2.5))
    want = [0.0, 0.0, np.inf, np.inf, np.nan, 1.0, np.nan, np.nan, np.inf, 0.0]
    assert np.array_equal(got, np.array(want, np.float32), equal_nan=True)
    assert vecmath.pow(np.float32(-2.0), np.float32(3.0)) == -8
    assert vecmath.pow(np.float32(np.nan), np.float32(0.0)) == 1


def test_large_tensors_keep_numpys_fast_path():
    """Past EXACT_ELEMENTS NumPy's float32 loop runs (within a unit in the last place)."""
    x = np.linspace(0.1, 3, 40000, dtype=np.float32)
    got = (gradcli.tensor(x) ** 2.5).numpy()
    assert np.array_equal(got, np.power(x, np.float32(2.5)))


# md5 digests (10 hex digits) of torch's results on strided and permuted views: ATen's loop
# walks memory order, so which elements take the scalar tail depends on the layout
LAYOUT_DIGESTS = ['335254f1c6', 'd6b8816add', 'd089cd2d36', '91d160b1a8', 'df41f0b7bb', '9479f5c72d', '0a15e9a19f', 'da6934d878', '60755f3107', 'bd2858995b', 'c84f8c3cbc', '8d4095b2de', '600621c7cb', 'cb26f368b7', 'c833ce3b1b', 'b8f8aa089f', '1dc5bcc82d', 'c5155fa122', '440e19736e', 'c1e1daa932', 'c93a59c2b1', '433ed26dd7', '5aaa61be8a', '118f5965fa', 'fb6b8c8e1c', '330954a977', '04bb9437fe', 'd92058cf83', 'a0598606f8', '905bb6e25a', '08b62cbb9e', '12ea5bb834', 'd143dec208', '575752aab8', '7e416c07bb', 'd290e0bb57', '6c7b166274', 'f71e998aa8', '6f71d6dbe7', 'd398011e71', '0d35943f46', 'e0278d379a', 'ad98186bc0', '6183ef4acf', '63af6ee8d3', '8cea6065ec', '4f67b0423f', 'd7f54a8a0a', '99a85d8777', '6aa762eab6', 'eed46a3fd9', '1250d4d869', '1d42c99c61', '81ed8f5c2a', '70c3df493c', '9135ed3ac9', 'd41d8cd98f', 'd41d8cd98f', 'd41d8cd98f', 'd41d8cd98f', 'd41d8cd98f', 'd41d8cd98f', 'd41d8cd98f']


def test_views_take_pytorchs_scalar_tail():
    torch, F = gradcli, gradcli.nn.functional
    a = (np.cos(np.arange(2 * 37 * 41) * 1.3) * 3).astype(np.float32).reshape(2, 37, 41)
    x = torch.tensor(a)
    views = (x, x.transpose(1, 2), x[:, :, 3:40], x[:, 1:30, :], x[0], x[:, :, ::2],
             x.permute(2, 0, 1), torch.tensor(np.float32(0.3)), x[:, :0])
    ops = (lambda t: t.abs() ** 2.5, F.mish, torch.sinh, F.gelu, F.elu, torch.sigmoid,
           torch.expm1)
    got = [hashlib.md5(f(v).numpy().astype(np.float32).tobytes().hex().encode()).hexdigest()[:10]
           for v in views for f in ops]
    assert got == LAYOUT_DIGESTS


# -- against torch itself (skipped without it) -----------------------------------------------

SWEEP = {   # expression, input kind: bit for bit on the vector part and the scalar tail
    "logaddexp": "torch.logaddexp(x, x.flip(0) * 0.5)",
    "pow": "x.abs() ** 0.75", "pow_neg": "x ** -1.5", "pow_int": "x ** 5", "rpow": "3.0 ** x",
    "elu": "F.elu(x, 0.7)", "selu": "F.selu(x)", "celu": "F.celu(x, 0.5)",
    "gelu_tanh": "F.gelu(x, approximate='tanh')", "mish": "F.mish(x)", "silu": "F.silu(x)",
    "gelu": "F.gelu(x)",
    "softplus": "F.softplus(x)", "sigmoid": "torch.sigmoid(x)", "logsigmoid": "F.logsigmoid(x)",
    "hardsigmoid": "F.hardsigmoid(x)", "hardswish": "F.hardswish(x * 3)",
    "softshrink": "F.softshrink(x)", "expm1": "torch.expm1(x)", "log1p": "torch.log1p(x.abs())",
    "exp2": "torch.exp2(x * 4)", "sinh": "torch.sinh(x * 3)", "cosh": "torch.cosh(x * 3)",
    "atanh": "torch.atanh(x * 0.3)", "digamma": "torch.digamma(x)",
    "trigamma": "torch.polygamma(1, x)", "polygamma3": "torch.polygamma(3, x)",
    "lgamma": "torch.lgamma(x)", "mvlgamma": "torch.mvlgamma(x.abs() + 1, 2)",
    "xlog1py": "torch.special.xlog1py(x, x.abs())", "atan2": "torch.atan2(x, x * x - 1)",
    "logaddexp2": "torch.logaddexp2(x, x * 0.3)", "i0": "torch.i0(x * 3)",
    "i0e": "torch.special.i0e(x * 3)", "i1": "torch.special.i1(x * 3)",
    "ndtri": "torch.special.ndtri(torch.sigmoid(x))",
}
# gradients through i1/i1e: a few inputs in 10^5 (x near -0.5) still differ in the last bit;
# ndtri's gradient takes exp, which PyTorch hands to MKL
FORWARD_ONLY = {"i0", "i0e", "i1", "ndtri", "logaddexp"}


@pytest.mark.parametrize("name", sorted(SWEEP))
def test_parity_sweep(name, machine_kernels):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng([ord(c) for c in name])
    for size in list(range(1, 71)) * 3 + [10015]:
        a = (rng.standard_normal(size) * 2).astype(np.float32)
        results = []
        for lib in (torch, gradcli):
            x = lib.tensor(a, requires_grad=True)
            y = eval(SWEEP[name], {"torch": lib, "F": lib.nn.functional, "x": x})
            (g,) = lib.autograd.grad(y.sum(), x)
            results.append((y.detach().numpy(), g.numpy()))
        (ty, tg), (gy, gg) = results
        assert np.array_equal(ty, gy, equal_nan=True), (name, size)
        assert name in FORWARD_ONLY or np.array_equal(tg, gg, equal_nan=True), (name, size)


# asinh and acosh run ATen's scalar loop (std::asinh, std::acosh): glibc's float and double
# functions, which NumPy's own loops do not always equal; as torch 2.13 printed them
ASINH_ACOSH = ('g = torch.Generator().manual_seed(4)\nfor dt in (torch.float32, torch.float64):\n    x = torch.rand(40, generator=g, dtype=dt) * 60 - 20\n    print(torch.asinh(x).tolist()[:20])\n    print(torch.acosh(x.abs() + 1).tolist()[:20])\n    print(torch.asinh(torch.tensor([0.5235928], dtype=dt)).item(), torch.arccosh(torch.tensor(3.7, dtype=dt)).item())\n',
               '[3.3029744625091553, 3.3005645275115967, -3.3693487644195557, -2.6991357803344727, -3.6677117347717285, -3.5653793811798096, 4.371470928192139, 4.242591381072998, 3.533939838409424, 4.343021392822266, -0.7828289866447449, -2.6596009731292725, 4.265005588531494, 2.826206684112549, 3.4476137161254883, 4.016162872314453, 3.9442481994628906, -2.6689624786376953, -1.2500990629196167, -3.566763401031494]\n[3.371504068374634, 3.369248151779175, 3.4337587356567383, 2.817793846130371, 3.716308116912842, 3.6189334392547607, 4.396114826202393, 4.270530700683594, 3.5891106128692627, 4.368358135223389, 1.2354217767715454, 2.7824599742889404, 4.292342185974121, 2.9321951866149902, 3.507463216781616, 4.050955772399902, 3.981539249420166, 2.7908153533935547, 1.610314965248108, 3.6202473640441895]\n0.502213716506958 1.9826970100402832\n[-2.5399086243478166, 3.0306766191415555, 1.0658107124355745, -3.03449199771351, 3.6152513833470334, 2.9661071726582366, -0.6800519220877179, -3.668206874131082, 4.324433831182445, 2.9556564943036787, -3.0528001425684113, -3.111369715546282, 2.495026616020311, 3.389139152280314, -3.556600896999555, 3.3686280580364376, 4.351059647174465, 4.07942835692877, -2.151339714305848, 4.027536116421138]\n[2.6762718807496997, 3.11877909342181, 1.4650297713222566, 3.122288194841426, 3.6663323193602295, 3.0595412690352934, 1.1473774631662421, 3.71678035382098, 4.350234029518398, 3.049980294587616, 3.139140028009445, 3.193196742358879, 2.6367668178640487, 3.4523662090490985, 3.6106017949678257, 3.433081511112692, 4.376198937476971, 4.112157955354772, 2.340240609946165, 4.0619492538131885]\n0.5022136911961946 1.9826969446812033\n')


def test_asinh_and_acosh_are_the_c_librarys():
    from test_autograd_parity4 import run
    source, expected = ASINH_ACOSH
    assert run(source) == expected
