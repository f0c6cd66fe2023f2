"""Python as tutorials write it, around torch: the standard modules a formula may import
(math, random, time, typing, collections, functools, itertools, copy) and more of NumPy
(np.random's legacy stream, np.testing, np.linalg), `if __name__ ==
"__main__":`, annotations, generators, map/filter/iter/next, plain classes with special methods,
properties and inheritance, and `with` on a formula's own context manager.

Each program's expected output is what Python with torch 2.13 printed for it."""
from __future__ import annotations

import io

import pytest

from gradcli.lang import run_source

PROGRAMS = {
    'math': (
        'import torch\nimport math\nfrom math import pi, sqrt\nprint(math.pi, sqrt(2), math.exp(1), math.log(10), math.floor(2.5), math.factorial(20))\nprint(math.comb(10, 3), math.perm(5, 2), math.prod([1.5, 2, 3]), math.fsum([0.1] * 10), math.isclose(pi, 3.14159, rel_tol=1e-5))\nprint(math.dist([0, 0], [3, 4]), math.gcd(12, 18), math.inf > 10**300, math.isnan(math.nan), math.hypot(3, 4))\n',
        '3.141592653589793 1.4142135623730951 2.718281828459045 2.302585092994046 2 2432902008176640000\n120 20 9.0 1.0 True\n5.0 6 True True 5.0\n'),
    'random': (
        'import torch\nimport random\nrandom.seed(0)\nprint(random.random(), random.randint(1, 10), random.choice([1, 2, 3]), random.uniform(0, 1))\nl = list(range(6)); random.shuffle(l); print(l, random.sample(range(100), 4), random.choices("ab", k=3))\nprint(round(random.gauss(0, 1), 12))\n',
        "0.8444218515250481 7 1 0.25891675029296335\n[0, 2, 1, 5, 3, 4] [45, 74, 27, 64] ['a', 'a', 'a']\n0.90227237604\n"),
    'typing_and_annotations': (
        'import torch\nfrom typing import List, Optional, Dict, Tuple\ndef first(xs: List[int], default: Optional[int] = None) -> Optional[int]:\n    out: Optional[int] = xs[0] if xs else default\n    return out\nscores: Dict[str, float] = {"a": 1.0}\npair: Tuple[int, int]\nprint(first([3, 4]), first([], -1), scores)\n',
        "3 -1 {'a': 1.0}\n"),
    'collections': (
        'import torch\nimport collections\nfrom collections import OrderedDict, defaultdict, Counter, deque, namedtuple\nimport torch.nn as nn\nm = nn.Sequential(OrderedDict([("fc", nn.Linear(1, 1)), ("act", nn.ReLU())]))\nprint(m)\ndd = defaultdict(list); dd["a"].append(1); dd["b"]\nprint(dd, isinstance(dd, dict), isinstance(dd, defaultdict))\nc = Counter("abracadabra"); c.update("aa"); print(c.most_common(2), c["z"])\nq = deque([1, 2], maxlen=3); q.append(3); q.append(4); q.appendleft(0); print(q, q.popleft())\nP = namedtuple("P", ["x", "y"]); p = P(1, y=2); print(p, p.x + p.y, p[1], isinstance(p, tuple))\nod = OrderedDict(b=1, a=2); od.move_to_end("b"); print(list(od), type(od))\n',
        "Sequential(\n  (fc): Linear(in_features=1, out_features=1, bias=True)\n  (act): ReLU()\n)\ndefaultdict(<class 'list'>, {'a': [1], 'b': []}) True True\n[('a', 7), ('b', 2)] 0\ndeque([2, 3], maxlen=3) 0\nP(x=1, y=2) 3 2 True\n['a', 'b'] <class 'collections.OrderedDict'>\n"),
    'functools_itertools': (
        'import torch\nimport functools, itertools\nprint(functools.reduce(lambda a, b: a * b, [1, 2, 3, 4]), functools.reduce(lambda a, b: a + b, [], 7))\nprint(functools.partial(lambda a, b: a - b, 10)(3))\n@functools.lru_cache(maxsize=None)\ndef fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nprint(fib(40))\nprint(list(itertools.product([1, 2], "ab")), list(itertools.combinations(range(4), 2))[:3])\nprint(list(itertools.chain([1], (2, 3))), list(itertools.repeat("x", 2)), list(itertools.accumulate([1, 2, 3])))\nprint(list(itertools.islice(range(10), 2, 8, 2)), list(itertools.zip_longest([1, 2], [3], fillvalue=0)))\nprint([(k, len(list(g))) for k, g in itertools.groupby("aabbbc")], list(itertools.permutations([1, 2])))\n',
        "24 7\n7\n102334155\n[(1, 'a'), (1, 'b'), (2, 'a'), (2, 'b')] [(0, 1), (0, 2), (0, 3)]\n[1, 2, 3] ['x', 'x'] [1, 3, 6]\n[2, 4, 6] [(1, 3), (2, 0)]\n[('a', 2), ('b', 3), ('c', 1)] [(1, 2), (2, 1)]\n"),
    'time': (
        'import torch\nimport time\nt0 = time.perf_counter()\ntime.sleep(0.01)\nelapsed = time.perf_counter() - t0\nprint(elapsed >= 0.01, type(time.time()))\n',
        "True <class 'float'>\n"),
    'copy_deepcopy_a_model': (
        'import torch\nimport copy\nimport torch.nn as nn\ntorch.manual_seed(0)\nmodel = nn.Linear(2, 1)\nbest = copy.deepcopy(model)\nwith torch.no_grad():\n    model.weight.fill_(1.0)\nprint(best.weight, model.weight)\nprint(copy.copy([1, [2]]), copy.deepcopy({"a": [1]}))\n',
        "Parameter containing:\ntensor([[-0.0053,  0.3793]], requires_grad=True) Parameter containing:\ntensor([[1., 1.]], requires_grad=True)\n[1, [2]] {'a': [1]}\n"),
    'dunder_name_and_version': (
        'import torch\ndef main():\n    print("main ran", __name__)\nif __name__ == "__main__":\n    main()\nprint(torch.__version__.split("+")[0], type(torch.ones(1)).__name__, main.__name__, torch.relu.__name__)\n',
        'main ran __main__\n2.13.0 Tensor main relu\n'),
    'lazy_builtins_and_types': (
        'import torch\nprint(list(map(str, [1, 2])), list(filter(None, [0, 1, 2])), list(map(lambda a, b: a + b, [1, 2], [3, 4])))\nit = iter([1, 2])\nprint(next(it), next(it), next(it, "end"))\ntry:\n    next(it)\nexcept StopIteration:\n    print("stop")\nprint(frozenset([1, 1]), [1, 2, 3, 4][slice(1, 3)], hex(255), oct(8), bin(5))\nprint(isinstance([], list), isinstance((1,), (list, tuple)), type([]) is list, type({}) == dict, list)\nprint([type(v).__name__ for v in ([1], (2,), "s", {1: 2}, {3}, 1.0)])\n',
        "['1', '2'] [1, 2] [4, 6]\n1 2 end\nstop\nfrozenset({1}) [2, 3] 0xff 0o10 0b101\nTrue True True True <class 'list'>\n['list', 'tuple', 'str', 'dict', 'set', 'float']\n"),
    'next_iter_of_a_loader': (
        'import torch\nfrom torch.utils.data import DataLoader, TensorDataset\ntorch.manual_seed(0)\nloader = DataLoader(TensorDataset(torch.arange(10.).reshape(5, 2), torch.arange(5)), batch_size=2, shuffle=True)\nxb, yb = next(iter(loader))\nprint(xb, yb)\n',
        'tensor([[2., 3.],\n        [8., 9.]]) tensor([1, 4])\n'),
    'plain_class_with_property': (
        'import torch\nclass AverageMeter:\n    """Computes and stores the average and current value"""\n    def __init__(self):\n        self.reset()\n    def reset(self):\n        self.sum = 0\n        self.count = 0\n    def update(self, val, n=1):\n        self.sum += val * n\n        self.count += n\n    @property\n    def avg(self):\n        return self.sum / self.count\nmeter = AverageMeter()\nfor v in [1.0, 2.0, 4.5]:\n    meter.update(v)\nprint(meter.avg, meter.count, type(meter))\n',
        "2.5 3 <class '__main__.AverageMeter'>\n"),
    'class_special_methods': (
        'import torch\nclass Vec:\n    def __init__(self, *xs):\n        self.xs = list(xs)\n    def __repr__(self):\n        return f"Vec({\', \'.join(map(str, self.xs))})"\n    def __str__(self):\n        return "<" + repr(self) + ">"\n    def __len__(self):\n        return len(self.xs)\n    def __getitem__(self, i):\n        return self.xs[i]\n    def __iter__(self):\n        return iter(self.xs)\n    def __contains__(self, v):\n        return v in self.xs\n    def __eq__(self, other):\n        return isinstance(other, Vec) and self.xs == other.xs\n    def __add__(self, other):\n        return Vec(*[a + b for a, b in zip(self, other)])\n    def __mul__(self, k):\n        return Vec(*[a * k for a in self])\n    def __call__(self, k):\n        return self.xs[k]\n    @staticmethod\n    def zeros(n):\n        return Vec(*[0] * n)\n    @classmethod\n    def name(cls):\n        return cls.__name__\nv = Vec(1, 2) + Vec(3, 4)\nprint(v, str(v), len(v), v[0], list(v), 2 in v, v == Vec(4, 6), v * 2, v(1), Vec.zeros(2), Vec.name())\n',
        '<Vec(4, 6)> <Vec(4, 6)> 2 4 [4, 6] False True <Vec(8, 12)> 6 <Vec(0, 0)> Vec\n'),
    'class_inheritance_and_super': (
        'import torch\nclass Base:\n    def __init__(self, x):\n        self.x = x\n    def describe(self):\n        return "base " + str(self.x)\nclass Child(Base):\n    def __init__(self, x, y):\n        super().__init__(x)\n        self.y = y\n    def describe(self):\n        return super().describe() + " child " + str(self.y)\nc = Child(1, 2)\nprint(c.describe(), isinstance(c, Base), c.x, c.y)\n',
        'base 1 child 2 True 1 2\n'),
    'module_class_repr_and_decorated_method': (
        'import torch\nimport torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(2, 2)\n    def forward(self, x):\n        return self.fc(x)\n    def __repr__(self):\n        return "Net(fc 2->2)"\n    @torch.no_grad()\n    def predict(self, x):\n        return self(x)\ntorch.manual_seed(0)\nnet = Net()\nprint(net, net.predict(torch.ones(1, 2)))\n',
        'Net(fc 2->2) tensor([[ 0.1017, -0.9128]])\n'),
    'context_manager_class': (
        'import torch\nclass Quiet:\n    def __enter__(self):\n        print("enter")\n        return self\n    def __exit__(self, kind, value, tb):\n        print("exit", kind.__name__ if kind else None, value)\n        return kind is ZeroDivisionError\nwith Quiet() as q:\n    print("body", type(q).__name__)\nwith Quiet():\n    1 / 0\nprint("after")\ntry:\n    with Quiet():\n        raise ValueError("boom")\nexcept ValueError as e:\n    print("caught", e)\n\n',
        'enter\nbody Quiet\nexit None None\nenter\nexit ZeroDivisionError division by zero\nafter\nenter\nexit ValueError boom\ncaught boom\n'),
    'numpy_legacy_random': (
        'import torch\nimport numpy as np\nnp.random.seed(0)\na = np.random.randn(3)\nprint(a)\nprint(np.random.rand(2), np.random.uniform(0, 1, size=2), np.random.normal(0, 1, 2), np.random.randint(0, 10, size=3))\n',
        '[1.76405235 0.40015721 0.97873798]\n[0.4236548  0.64589411] [0.43758721 0.891773  ] [ 2.2408932  -0.10321885] [6 7 7]\n'),
    'numpy_math_and_testing': (
        'import torch\nimport numpy as np\nx = np.array([1.0, 2.0, 3.0])\nprint(np.mean(x), np.std(x), np.var(x), np.median(x), np.linalg.norm(x), np.log(x), np.sin(x).round(3))\nnp.testing.assert_allclose(x, x + 1e-9)\nprint(np.isclose(x, x).all(), x.dtype, x.shape, np.float32(1.5) * 2, np.sum(x ** 2), x @ x)\n',
        '2.0 0.816496580927726 0.6666666666666666 2.0 3.7416573867739413 [0.         0.69314718 1.09861229] [0.841 0.909 0.141]\nTrue float64 (3,) 3.0 14.0 14.0\n'),
    'numpy_and_tensors': (
        'import torch\nimport numpy as np\nt = torch.tensor([1.0, 2.0], requires_grad=True)\ny = (t ** 2).sum()\ny.backward()\nprint(t.grad.numpy(), np.allclose(t.grad.numpy(), 2 * t.detach().numpy()), t.detach().numpy().tolist())\na = np.ones((2, 2), dtype=np.float32)\nprint(torch.from_numpy(a), torch.tensor(a), torch.as_tensor(a).dtype)\n',
        '[2. 4.] True [1.0, 2.0]\ntensor([[1., 1.],\n        [1., 1.]]) tensor([[1., 1.],\n        [1., 1.]]) torch.float32\n'),
    'format_a_tensor': (
        'import torch\nx = torch.tensor(3.14159)\nprint(f"{x:.2f}", "{:.3f}".format(x), "%.1f" % x, f"{x.item():>8.3f}", format(x, ".1e"))\n',
        '3.14 3.142 3.1    3.142 3.1e+00\n'),
    'print_a_tensor_in_strings': (
        'import torch\nx = torch.tensor([1.0, 2.0])\nprint(f"{x}", f"{x!r}", str(x), "val=" + str(x.tolist()))\n',
        'tensor([1., 2.]) tensor([1., 2.]) tensor([1., 2.]) val=[1.0, 2.0]\n'),
    'numpy_arrays': (
        'import torch\nimport numpy as np\nprint(np.arange(6).reshape(2, 3), np.zeros(3, dtype=int), np.eye(2), np.concatenate([np.ones(1), np.zeros(1)]))\nprint(np.argmax([1, 3, 2]), np.exp(1.0), np.pi, np.array([[1, 2], [3, 4]]).T, np.dot([1, 2], [3, 4]))\nprint(np.max(np.array([1, 5])), np.abs(-2), np.sqrt(4.0), np.square(3), np.cumsum([1, 2, 3]))\n',
        '[[0 1 2]\n [3 4 5]] [0 0 0] [[1. 0.]\n [0. 1.]] [1. 0.]\n1 2.718281828459045 3.141592653589793 [[1 3]\n [2 4]] 11\n5 2 2.0 9 [1 3 6]\n'),
    'numpy_checks_a_gradient': (
        'import torch\nimport numpy as np\nx = np.linspace(-1, 1, 5)\nt = torch.tensor(x, requires_grad=True)\ny = torch.tanh(t).sum()\ny.backward()\nprint(t.grad, np.allclose(t.grad.numpy(), 1 - np.tanh(x) ** 2))\n',
        'tensor([0.4200, 0.7864, 1.0000, 0.7864, 0.4200], dtype=torch.float64) True\n'),
    'numpy_generator': (
        'import torch\nimport numpy as np\nrng = np.random.default_rng(0)\nprint(rng.normal(size=2), rng.integers(0, 5, size=3), rng.random())\nnp.random.seed(1)\nprint(np.random.choice(5, 3), np.random.permutation(4))\n\n',
        '[ 0.12573022 -0.13210486] [1 0 0] 0.8132702392002724\n[3 4 0] [0 2 1 3]\n'),
    'class_attributes': (
        'import torch\nclass Config:\n    """Hyper-parameters"""\n    lr = 0.01\n    epochs: int = 3\n    layers = [2, 4, 1]\n    name = "run" + str(1)\nConfig.lr = 0.1\nc = Config()\nprint(Config.lr, c.epochs, c.layers, Config.name, c.lr)\nc.epochs = 5\nprint(c.epochs, Config.epochs)\n',
        '0.1 3 [2, 4, 1] run1 0.1\n5 3\n'),
    'module_class_attribute': (
        'import torch\nimport torch.nn as nn\nclass Net(nn.Module):\n    hidden = 4\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(2, self.hidden)\n    def forward(self, x):\n        return self.fc(x)\ntorch.manual_seed(0)\nprint(Net(), Net.hidden)\n',
        'Net(\n  (fc): Linear(in_features=2, out_features=4, bias=True)\n) 4\n'),
    'class_attribute_counter': (
        'import torch\nclass Counter:\n    count = 0\n    def __init__(self):\n        Counter.count += 1\na = Counter(); b = Counter()\nprint(Counter.count, a.count)\n',
        '2 2\n'),
    'generator_function': (
        'import torch\ndef gen(n):\n    for i in range(n):\n        yield i * i\n    return "done"\nprint(list(gen(4)), sum(gen(3)), str(gen(2)).startswith("<generator object gen at 0x"))\ng = gen(1)\nprint(next(g))\ntry:\n    next(g)\nexcept StopIteration as e:\n    print("stop", e)\n',
        '[0, 1, 4, 9] 5 True\n0\nstop done\n'),
    'generator_of_batches_and_yield_from': (
        'import torch\ndef batches(x, bs):\n    for i in range(0, len(x), bs):\n        yield x[i:i + bs]\nx = torch.arange(10.)\nfor b in batches(x, 4):\n    print(b)\ndef chained():\n    yield from batches(x, 5)\n    yield from [1, 2]\n    yield\nprint(list(chained()))\n',
        'tensor([0., 1., 2., 3.])\ntensor([4., 5., 6., 7.])\ntensor([8., 9.])\n[tensor([0., 1., 2., 3., 4.]), tensor([5., 6., 7., 8., 9.]), 1, 2, None]\n'),
    'endless_generator_taken_in_part': (
        'import torch\ndef fib():\n    a, b = 0, 1\n    while True:\n        yield a\n        a, b = b, a + b\nf = fib()\nprint([next(f) for _ in range(10)])\nimport itertools\nprint(list(itertools.islice(fib(), 5, 8)))\n',
        '[0, 1, 1, 2, 3, 5, 8, 13, 21, 34]\n[5, 8, 13]\n'),
    'error_inside_a_generator': (
        'import torch\ndef bad():\n    yield 1\n    raise ValueError("inner")\ntry:\n    for v in bad():\n        print(v)\nexcept ValueError as e:\n    print("caught", e)\n',
        '1\ncaught inner\n'),
    'iter_method_as_a_generator': (
        'import torch\nclass Data:\n    def __init__(self, n):\n        self.n = n\n    def __iter__(self):\n        for i in range(self.n):\n            yield torch.tensor(float(i))\nprint([t.item() for t in Data(3)])\n',
        '[0.0, 1.0, 2.0]\n'),
    'generator_with_finally_and_grad_mode': (
        'import torch\ndef g2():\n    try:\n        yield 1\n        yield 2\n    finally:\n        print("cleanup")\nprint(list(g2()))\nwith torch.no_grad():\n    pass\ndef gg():\n    with torch.no_grad():\n        yield torch.ones(1, requires_grad=True) * 2\nprint(next(gg()).requires_grad, torch.is_grad_enabled())\n\n',
        'cleanup\n[1, 2]\nFalse True\n'),
    'deepcopy_keeps_tied_weights_and_refuses_non_leaves': (
        'import torch\nimport copy\nimport torch.nn as nn\ntorch.manual_seed(0)\nlin = nn.Linear(2, 2)\nm = nn.Sequential(lin, nn.ReLU(), lin)\nlin.weight.grad = torch.ones(2, 2)\nm2 = copy.deepcopy(m)\nprint(m2[0] is m2[2], m2[0].weight is m2[2].weight, m2[0].weight is lin.weight, m2[0].weight.grad)\nx = torch.ones(2, requires_grad=True)\ny = x * 2\ntry:\n    copy.deepcopy(y)\nexcept RuntimeError as e:\n    print(e)\nt = torch.tensor([1.0])\nd = copy.deepcopy([t, t])\nprint(d[0] is d[1], type(copy.deepcopy(lin.weight)).__name__)\n\n',
        'True True False None\nOnly Tensors created explicitly by the user (graph leaves) support the deepcopy protocol at the moment.  If you were attempting to deepcopy a module, this may be because of a torch.nn.utils.weight_norm usage, see https://github.com/pytorch/pytorch/pull/103001\nTrue Parameter\n'),
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_prints_what_python_with_torch_prints(name):
    source, expected = PROGRAMS[name]
    out = io.StringIO()
    run_source(source, f"{name}.grad", out=out)
    assert out.getvalue() == expected


def test_random_starts_fresh_in_each_run():
    """Unseeded, `random` differs from run to run (a new process's does); seeded, it
    repeats, whatever ran before in the same process (batch workers run many files)."""
    draws = set()
    for _ in range(3):
        out = io.StringIO()
        run_source("import random\nprint(random.random())\n", out=out)
        draws.add(out.getvalue())
    assert len(draws) == 3
    seeded = "import random\nrandom.seed(5)\nprint(random.random())\n"
    first, second = io.StringIO(), io.StringIO()
    run_source(seeded, out=first)
    run_source("import random\nrandom.seed(1)\nrandom.random()\n", out=io.StringIO())
    run_source(seeded, out=second)
    assert first.getvalue() == second.getvalue() == "0.6229016948897019\n"


def test_a_class_attribute_may_not_use_the_class_s_own_names():
    """Python evaluates `lr2 = lr * 2` in the class's scope (lr is 1 there); gradcli computes
    attribute values where the class statement is, so it refuses rather than use the outer lr."""
    from gradcli.errors import FormulaSyntaxError
    with pytest.raises(FormulaSyntaxError) as info:
        run_source("lr = 5\nclass Bad:\n    lr = 1\n    lr2 = lr * 2\n", "t.grad",
                   out=io.StringIO())
    assert info.value.message == ("class attribute 'lr2' uses the class's own 'lr': not "
                                  "supported in gradcli formulas")
    assert (info.value.position.line, info.value.position.column) == (4, 11)


# The formula's own warning filters decide how often a warning shows, as Python's do for a
# script (expected: python3 with torch 2.13 on the same program, stderr, lines and texts).
WARN_FILTERS = '''import warnings
import torch
x = torch.ones(2, requires_grad=True)
y = x * 2
warnings.simplefilter("always")
for i in range(2):
    warnings.warn("loop")
    g = y.grad
warnings.simplefilter("once")
for i in range(2):
    warnings.warn("once")
warnings.warn("once")
warnings.simplefilter("default")
for i in range(2):
    warnings.warn("default")
warnings.warn("default")
warnings.resetwarnings()
warnings.filterwarnings("always", message="x.*")
for i in range(2):
    warnings.warn("xx")
    warnings.warn("yy")
'''


def test_formula_warning_filters_decide_repeats(capsys):
    run_source(WARN_FILTERS, filename="w.grad", out=io.StringIO())
    shown = [(line.split(":")[1], line.split("UserWarning: ", 1)[1][:19])
             for line in capsys.readouterr().err.splitlines()]
    grad = "The .grad attribute"
    assert shown == [("7", "loop"), ("8", grad), ("7", "loop"), ("8", grad), ("11", "once"),
                     ("15", "default"), ("16", "default"), ("20", "xx"), ("21", "yy"),
                     ("20", "xx")]
