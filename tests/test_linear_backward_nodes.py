"""The backward of an op linear in its input that PyTorch runs as one function
(avg_pool2d_backward, reflection_pad2d_backward, upsample_bilinear2d_backward ...): under
create_graph the gradient carries one node named after it, over (g, self) or (g,), and its
own gradient is the op again (ops/fused.py: linear_backward). Expected: what PyTorch 2.13
printed for the same program (names; second and third derivatives; gradcheck and
gradgradcheck)."""
import pytest

import gradcli as torch

F = torch.nn.functional

BASE = [[[[0.5, -1.0, 2.0, 0.3], [1.5, 0.2, -0.7, 0.9], [0.1, 0.4, -0.3, 1.1],
          [0.6, -0.2, 0.8, -1.3]]]]
CASES = {
 "avg": lambda x: F.avg_pool2d(x, 2, stride=1, padding=1, count_include_pad=False),
 "avg3d": lambda x: F.avg_pool2d(x[0], 3, stride=1, padding=1),
 "aap": lambda x: F.adaptive_avg_pool2d(x, 3),
 "aap3": lambda x: F.adaptive_avg_pool3d(x, 2),
 "avg3": lambda x: F.avg_pool3d(x.expand(1, 1, 2, 4, 4), 2, stride=1, padding=1),
 "refl": lambda x: F.pad(x, (1, 2, 1, 0), mode="reflect"),
 "repl": lambda x: F.pad(x, (1, 2, 1, 0), mode="replicate"),
 "refl1": lambda x: F.pad(x[0], (1, 2), mode="reflect"),
 "bil": lambda x: F.interpolate(x, scale_factor=1.5, mode="bilinear"),
 "bic": lambda x: F.interpolate(x, size=(5, 3), mode="bicubic", align_corners=True),
 "near": lambda x: F.interpolate(x, scale_factor=2),
 "lin": lambda x: F.interpolate(x[0], scale_factor=2, mode="linear"),
}

GOLDEN = """\
avg AvgPool2DBackwardBackward0 AddBackward0
[-1.7446875, -0.4370703125, -1.9028515625, -1.90046875, -1.08765625, -0.0575390625] [14.29905029, 1.89672974, 13.46985718, 15.85422461, 5.85745898, 0.51517358] [-16.318883, 30.348379, -89.535066, -466.712053, 24.531015, 5.675087]
True True
avg3d SelectBackwardBackward0 SelectBackwardBackward0
[-0.0437668038, -0.0594101509, -0.0663539095, -0.0340631001, -0.0371714678, -0.0517037037] [0.02266581, 0.03199277, 0.03111032, 0.01483753, 0.02155029, 0.03023164] [0.009789, 0.013674, 0.012327, 0.005547, 0.009248, 0.012805]
True True
aap AdaptiveAvgPool2DBackwardBackward0 AddBackward0
[-0.0675, -0.0762890625, -0.1552734375, -0.146484375, -0.12421875, -0.1330078125] [0.09022852, 0.12595605, 0.17168335, 0.13595581, 0.12276123, 0.15848877] [0.210171, 0.346432, 0.343882, 0.20762, 0.260917, 0.397178]
True True
aap3 AdaptiveAvgPool3DBackwardBackward0 AddBackward0
[-0.0578571429, -0.0578571429, -0.0837053571, -0.0837053571, -0.0578571429, -0.0578571429] [0.04463265, 0.04463265, 0.04484216, 0.04484216, 0.04463265, 0.04463265] [0.039815, 0.039815, 0.019291, 0.019291, 0.039815, 0.039815]
True True
avg3 ViewBackward0 ViewBackward0
[-0.0671294341, -0.0358530405, -0.1328019426, -0.1229676943, -0.0737964527, -0.023326647] [0.0205876, 0.01989544, 0.06866713, 0.05971769, 0.02473908, 0.01425051] [0.005111, 0.010311, 0.028792, 0.023822, 0.005182, 0.005837]
True True
refl ReflectionPad2DBackwardBackward0 AddBackward0
[-0.3970588235, -3.8823529412, -8.4705882353, -0.0952941176, -7.1470588235, -0.3105882353] [1.26124567, -60.29065744, 143.5017301, 0.12107958, 136.21453287, 1.92930104] [10.115327, 9099.936139, 16206.159484, 0.291774, -16211.245511, 7.509231]
True True
repl ReplicationPad2DBackwardBackward0 AddBackward0
[-2.2941176471, -4.0588235294, -14.8235294118, -0.81, -1.9852941176, -0.0070588235] [42.10380623, -65.89619377, 439.47404844, 8.748, 10.51038062, 0.00099654] [-3462.117792, 12972.816284, 272023.51038, -541.816987, -121.634798, 3e-05]
True True
refl1 SelectBackwardBackward0 SelectBackwardBackward0
[-0.6944444444, -7.2222222222, -16.8888888889, -0.19, -2.75, -0.1022222222] [3.85802469, -208.64197531, 570.4691358, 0.48133333, 20.16666667, 0.20898765] [-82.551881, -35931.370622, 129413.48977, 4.281965, 243.1813, 1.291262]
True True
bil UpsampleBilinear2DBackwardBackward0 UpsampleBilinear2DBackwardBackward0
[-1.8646071429, -1.6763571429, -6.5711651786, -2.0493080357, -2.4634404762, -0.2933950617] [18.06631497, 1.46456086, 97.44144848, 31.5580808, 18.77671272, 1.81518224] [1148.480117, -1689.23969, -13494.048123, -2157.883598, 789.873629, -25.561099]
True True
bic UpsampleBicubic2DBackwardBackward0 UpsampleBicubic2DBackwardBackward0
[-1.4375988549, -0.4303338542, -0.4303338542, -0.2980638242, -3.2136098375, -0.0764131691] [15.2083087, 1.13114145, 1.13114145, 0.68910997, 28.60790649, 0.11247127] [-1025.776499, 38.067007, 38.067007, -7.294196, -1643.576542, -10.710788]
True True
near UpsampleNearest2DBackwardBackward0 UpsampleNearest2DBackwardBackward0
[-2.5714285714, -9.5238095238, -35.0476190476, -0.72, -9.4285714286, -0.1371428571] [52.89795918, -362.81179138, 2456.67120181, 6.912, 237.06122449, 0.37616327] [-14505.194795, 17731.443914, 9039330.363508, 427.029966, -14931.416838, 4.04686]
True True
lin SelectBackwardBackward0 SelectBackwardBackward0
[-1.0380544355, -1.7593245968, -6.6687399194, -2.1332358871, -4.6421673387, -0.6929032258] [4.93194447, 2.41151571, 101.11491754, 34.99326145, 57.57889239, 8.08742438] [-67.79059, 1748.328869, 11748.836622, 2201.185087, 3432.765613, 456.430869]
True True
"""


def _expected() -> dict[str, str]:
    lines = GOLDEN.splitlines()
    return {lines[i].split()[0]: "\n".join(lines[i:i + 3]) for i in range(0, len(lines), 3)}


@pytest.mark.parametrize("name", sorted(CASES))
def test_names_and_derivatives_to_third_order(name):
    f = CASES[name]
    x = torch.tensor(BASE, dtype=torch.float64, requires_grad=True)
    y = f(x)
    w = torch.linspace(-1, 1, y.numel(), dtype=torch.float64).reshape(y.shape)
    (g,) = torch.autograd.grad((w * y * y * y).sum(), x, create_graph=True)
    (h,) = torch.autograd.grad((g * g).sum(), x, create_graph=True)
    (t,) = torch.autograd.grad((h * h.sin()).sum(), x)
    got = "\n".join([
        f"{name} {g.grad_fn.name()} {h.grad_fn.name()}",
        f"{torch.round(g.flatten()[:6], decimals=10).tolist()} "
        f"{torch.round(h.flatten()[:6], decimals=8).tolist()} "
        f"{torch.round(t.flatten()[:6], decimals=6).tolist()}",
        f"{torch.autograd.gradgradcheck(f, (x,))} {torch.autograd.gradcheck(f, (x,))}"])
    assert got == _expected()[name]


def test_the_op_saves_its_input_as_pytorch_does():
    """avg_pool2d's node saves self (PyTorch's _saved_self): changing the input in place
    before backward is the usual error; upsampling saves only sizes"""
    x = torch.ones(1, 1, 4, 4, requires_grad=True)
    a = x * 1
    y = F.avg_pool2d(a, 2)
    z = F.interpolate(a, scale_factor=2)
    a.add_(1)
    z.sum().backward()
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()
