"""Found in session 45 (scan h3, the Python around tensors: gradcli's interpreter). Each
expected output is what torch 2.13 printed (format of test_autograd_parity4).

callables: torch's functions as PyTorch shows them: print/repr/str of torch.sin (a C method,
`<built-in method sin of type object at 0x...>`), torch.nn.functional.relu and torch.einsum
(Python functions), linalg/special/nn C functions (`<built-in function linalg_det>`,
logsigmoid's `log_sigmoid`), torch.Tensor.add (a method descriptor), torch.Tensor.shape (a
getset descriptor), x.add, a node's register_hook, len and print; type() of each
(builtin_function_or_method, function, method_descriptor, method, numpy.ufunc), their
`__name__`, `__qualname__`, `__module__` (a formula's functions and classes `__main__`; a
tensor's, a module's; none on an int or a list),
callable(), isinstance against those types, type(torch) a module, and the same inside
lists, tuples, dicts and sets.

formatting: the same through f-strings, `%` formatting, str.format (with !s/!r) and
format().

stdlib: collections.ChainMap; functools.partial's repr, func, args and keywords; a named
tuple's `_fields`, `_field_defaults`, `_asdict()`, `_replace()`, `_make()` (typing.NamedTuple
too), and torch.return_types' structseqs, which have none of them; a dataclass's repr of a
field holding torch.relu; itertools and operator over tensors, operator.methodcaller; an lru_cache'd function's
cache_info() and cache_clear().

enum: `class Mode(enum.Enum)` (IntEnum with auto(), StrEnum, methods, a property, a
classmethod), its members' name/value, lookups by value and name, Python's errors (an
unknown value, a member reassigned, a member's value set, an enumeration extended),
@enum.unique.

types: isinstance of torch's functions, a formula's, len and modules against types'
FunctionType, BuiltinFunctionType, MethodType, MethodDescriptorType, ModuleType;
types.SimpleNamespace as a config; type(torch).__name__ is 'module'.

tensor-hash: hash(t) is id(t), as PyTorch's.

storage: torch.TypedStorage / torch.UntypedStorage / torch.FloatStorage ... made from
values (the deprecation warning once), isinstance against them, torch.is_storage, and
torch.FloatTensor(storage) (sharing its memory; a storage of another dtype refused).

torch-functions: torch.typename of tensors, dtypes, classes, torch's functions, a formula's
class; torch.is_nonzero / numel / is_floating_point / is_signed / result_type / finfo and
their errors."""
from __future__ import annotations

from test_autograd_parity4 import printed_programs

CALLABLES = [
    ('x = torch.tensor([1.0, 2.0])\nprint(type(torch.sin))\nprint(type(len))\nprint(type(print))\nprint(type(x.add))\nprint(type(torch.nn.functional.relu))\nprint(type(torch.Tensor.add))\n',
     "<class 'builtin_function_or_method'>\n<class 'builtin_function_or_method'>\n<class 'builtin_function_or_method'>\n<class 'builtin_function_or_method'>\n<class 'function'>\n<class 'method_descriptor'>\n"),
    ('x = torch.tensor([1.0, 2.0])\nprint(torch.dot)\nprint(x.add)\nprint(len)\nprint(torch.nn.functional.relu)\nprint(torch.Tensor.add)\nprint(repr(torch.sin), str(torch.sin))\n',
     "<built-in method dot of type object at 0x>\n<built-in method add of Tensor object at 0x>\n<built-in function len>\n<function relu at 0x>\n<method 'add' of 'torch._C.TensorBase' objects>\n<built-in method sin of type object at 0x> <built-in method sin of type object at 0x>\n"),
    ('x = torch.tensor([1.0, 2.0])\nfor f in [torch.sin, len, print, x.add, torch.nn.functional.relu, torch.Tensor.add, torch.nn.Linear, torch.Tensor]:\n    print(f.__name__, f.__qualname__, f.__module__, callable(f))\n',
     "sin _VariableFunctionsClass.sin torch True\nlen len builtins True\nprint print builtins True\nadd Tensor.add None True\nrelu relu torch.nn.functional True\n!! AttributeError: 'method_descriptor' object has no attribute '__module__'\n"),
    ("x = torch.tensor([1.0, 2.0])\nprint(type(torch.sin).__name__, type(x.add).__name__, type(torch.nn.functional.relu).__name__)\nprint(type(torch.Tensor.add).__name__)\nprint(type(x), type(x).__name__, type(x.shape), type(x.dtype), type(x.grad_fn))\nprint(type(torch.float32), type(torch.device('cpu')), type(torch.nn), type(torch))\n",
     "builtin_function_or_method builtin_function_or_method function\nmethod_descriptor\n<class 'torch.Tensor'> Tensor <class 'torch.Size'> <class 'torch.dtype'> <class 'NoneType'>\n<class 'torch.dtype'> <class 'torch.device'> <class 'module'> <class 'module'>\n"),
    ('def f(a): return a\nprint(type(f), f.__name__, f.__qualname__, f.__module__)\nprint(f)\nprint(type(lambda: 0))\nprint(lambda: 0)\nclass A:\n    def m(self): pass\nprint(A.m, A().m)\nprint(type(A().m))\n',
     "<class 'function'> f f __main__\n<function f at 0x>\n<class 'function'>\n<function <lambda> at 0x>\n<function A.m at 0x> <bound method A.m of <__main__.A object at 0x>>\n<class 'method'>\n"),
    ('import torch.nn as nn\nclass Net(nn.Module):\n    pass\nprint(Net.__module__, nn.Linear.__module__, torch.Tensor.__module__, torch.Size.__module__)\nprint(type(nn.Linear(1, 1)).__module__, torch.optim.SGD.__module__, torch.no_grad.__module__)\nprint(torch.autograd.Function.__module__, nn.Parameter.__module__)\nprint(torch.Tensor.backward.__module__, torch.sin.__module__, torch.einsum.__module__, torch.manual_seed.__module__)\nprint(torch.linalg.det.__module__, torch.special.expit.__module__, torch.nn.functional.conv2d.__module__)\n',
     '__main__ torch.nn.modules.linear torch torch\ntorch.nn.modules.linear torch.optim.sgd torch.autograd.grad_mode\ntorch.autograd.function torch.nn.parameter\ntorch._tensor torch torch.functional torch.random\ntorch._C._linalg torch._C._special torch\n'),
    ('x = torch.tensor([1.0, 2.0])\nprint(x.add.__module__)\nprint(x.backward.__module__)\n',
     'None\ntorch._tensor\n'),
    ('x = torch.tensor([1.0, 2.0])\nprint(torch.Tensor.add.__module__)\n',
     "!! AttributeError: 'method_descriptor' object has no attribute '__module__'\n"),
    ('try:\n    type(print)(len)\nexcept TypeError as e:\n    print(e)\nx = torch.ones(1)\ntry:\n    type(torch.Tensor.add)()\nexcept TypeError as e:\n    print(e)\ntry:\n    type(x.backward)(len, 1)\nexcept TypeError as e:\n    print(e)\nprint(type(print) is type(len), type(torch.sin) == type(len), isinstance(torch.sin, type(len)), isinstance(torch.nn.functional.relu, type(len)))\ndef f(): pass\nprint(isinstance(torch.nn.functional.relu, type(f)), isinstance(torch.sin, type(f)), isinstance(f, type(len)), type(f) is type(torch.nn.functional.relu))\nprint(callable(torch.sin), callable(x.add), callable(torch.Tensor.add), callable(x))\nprint(type(torch.Tensor.add).__name__, type(x.backward).__name__, type(torch.Tensor.backward).__name__)\nprint(torch.sin.__name__, torch.linalg.det.__qualname__, torch.nn.functional.linear.__module__, torch.nn.functional.logsigmoid, torch.nn.functional.logsigmoid.__name__)\n',
     "cannot create 'builtin_function_or_method' instances\ncannot create 'method_descriptor' instances\nTrue True True False\nTrue False False True\nTrue True True False\nmethod_descriptor method function\nsin linalg_det torch._C._nn <built-in function log_sigmoid> log_sigmoid\n"),
    ("x = torch.ones(1)\nprint([torch.Tensor, torch.float32], (x.add,))\nprint({'f': torch.nn.functional.relu})\nprint([len])\n",
     "[<class 'torch.Tensor'>, torch.float32] (<built-in method add of Tensor object at 0x>,)\n{'f': <function relu at 0x>}\n[<built-in function len>]\n"),
    ('x = torch.ones(1)\nacts = {\'relu\': torch.relu, \'f\': torch.nn.functional.relu, \'cls\': torch.nn.Linear, \'t\': (torch.Tensor,)}\nprint(acts)\nprint([torch.sin, [torch.cos, (len,)]], (x.add,), {1: {torch.exp}}, frozenset({torch.tanh}), set(), frozenset())\nl = [torch.sin]\nl.append(l)\nprint(l)\nd = {\'a\': torch.sin}\nd[\'d\'] = d\nprint(d)\nprint(str([torch.float32, 1.5, \'a\', None, (1,), ()]), repr([print]))\nprint(f"{[torch.sin]}", f"{(torch.cos,)!r}")\nprint([torch.Tensor], [list, int], [type(x)])\n',
     "{'relu': <built-in method relu of type object at 0x>, 'f': <function relu at 0x>, 'cls': <class 'torch.nn.modules.linear.Linear'>, 't': (<class 'torch.Tensor'>,)}\n[<built-in method sin of type object at 0x>, [<built-in method cos of type object at 0x>, (<built-in function len>,)]] (<built-in method add of Tensor object at 0x>,) {1: {<built-in method exp of type object at 0x>}} frozenset({<built-in method tanh of type object at 0x>}) set() frozenset()\n[<built-in method sin of type object at 0x>, [...]]\n{'a': <built-in method sin of type object at 0x>, 'd': {...}}\n[torch.float32, 1.5, 'a', None, (1,), ()] [<built-in function print>]\n[<built-in method sin of type object at 0x>] (<built-in method cos of type object at 0x>,)\n[<class 'torch.Tensor'>] [<class 'list'>, <class 'int'>] [<class 'torch.Tensor'>]\n"),
    ('import math\nimport torch.nn.functional as F\nm = torch.nn.Linear(2, 1)\nprint(type(m.forward).__name__, m.forward.__name__, m.forward.__qualname__)\nprint(math.sqrt, type(math.sqrt).__name__)\nprint(torch.nn.Linear.forward)\nprint(type(torch.nn.Linear.forward))\nprint(torch.autograd.grad, torch.autograd.backward)\nprint(torch.no_grad, torch.nn.Module, torch.autograd.Function)\nprint(torch.optim.SGD)\nprint(F.softmax, F.mse_loss, F.cross_entropy, F.gelu, F.linear, F.conv1d)\nprint(torch.manual_seed, torch.is_tensor, torch.tensor, torch.from_numpy, torch.zeros_like)\nprint(torch.Tensor.backward, torch.Tensor.register_hook, torch.Tensor.item, torch.Tensor.size)\n',
     "method forward Linear.forward\n<built-in function sqrt> builtin_function_or_method\n<function Linear.forward at 0x>\n<class 'function'>\n<function grad at 0x> <function backward at 0x>\n<class 'torch.autograd.grad_mode.no_grad'> <class 'torch.nn.modules.module.Module'> <class 'torch.autograd.function.Function'>\n<class 'torch.optim.sgd.SGD'>\n<function softmax at 0x> <function mse_loss at 0x> <function cross_entropy at 0x> <built-in function gelu> <built-in function linear> <built-in method conv1d of type object at 0x>\n<function manual_seed at 0x> <function is_tensor at 0x> <built-in method tensor of type object at 0x> <built-in method from_numpy of type object at 0x> <built-in method zeros_like of type object at 0x>\n<function Tensor.backward at 0x> <function Tensor.register_hook at 0x> <method 'item' of 'torch._C.TensorBase' objects> <method 'size' of 'torch._C.TensorBase' objects>\n"),
    ('print(torch.Tensor.shape, torch.Tensor.grad, torch.Tensor.requires_grad)\n',
     "<attribute 'shape' of 'torch._C.TensorBase' objects> <attribute 'grad' of 'torch._C.TensorBase' objects> <attribute 'requires_grad' of 'torch._C.TensorBase' objects>\n"),
    ('import numpy as np\nprint(np.sin, np.ones, type(np.sin).__name__, type(np.ones).__name__)\nprint(np.sin.__name__)\n',
     "<ufunc 'sin'> <function ones at 0x> ufunc function\nsin\n"),
    ("x = torch.ones(2, requires_grad=True)\ny = (x * 2).sum()\nprint(y.grad_fn.__class__.__name__, type(y.grad_fn).__name__, y.grad_fn.name())\nprint(type(y.grad_fn), type(y.grad_fn).__module__ if False else '')\nprint(type(y.grad_fn.next_functions[0][0]))\nprint(y.grad_fn.register_hook)\n",
     "SumBackward0 SumBackward0 SumBackward0\n<class 'SumBackward0'> \n<class 'MulBackward0'>\n<built-in method register_hook of SumBackward0 object at 0x>\n"),
    ('import torch.nn as nn\nclass A:\n    pass\nx = torch.ones(1)\nprint(x.__module__, nn.Parameter(x).__module__, nn.Linear(1, 1).__module__, A().__module__)\nfor v in (1, [1], \'a\', None):\n    try:\n        print(v.__module__)\n    except AttributeError as e:\n        print(e)\nprint("%s and %s" % (1, \'a\'), "%s" % ((1, 2),), "%(a)s" % {\'a\': 1})\n',
     "torch torch.nn.parameter torch.nn.modules.linear __main__\n'int' object has no attribute '__module__'\n'list' object has no attribute '__module__'\n'str' object has no attribute '__module__'\n'NoneType' object has no attribute '__module__'\n1 and a (1, 2) 1\n"),
]

FORMATTING = [
    ('x = torch.ones(2)\nprint("%s %r" % (torch.sin, x.add))\nprint("{} {!r}".format(torch.sin, torch.Tensor.add))\nprint(str(torch.sin), ascii(torch.sin))\n',
     "<built-in method sin of type object at 0x> <built-in method add of Tensor object at 0x>\n<built-in method sin of type object at 0x> <method 'add' of 'torch._C.TensorBase' objects>\n<built-in method sin of type object at 0x> <built-in method sin of type object at 0x>\n"),
    ('x = torch.ones(2)\nprint("%s|%r|%a" % (torch.Tensor, torch.Tensor.add, len), "%-10s|" % \'ab\', "%5.2f" % 1.5)\nprint("{0!s} {0!r} {1}".format([torch.sin], torch.float32), format(torch.cos), format(x, \'\'))\nprint(f"{torch.Tensor.shape}", f"{x.grad_fn}", f"{torch.nn.Linear}", f"{3.14159:.2f}")\nprint("{:>12}".format("ab"), "{0.real}".format(3))\n',
     "<class 'torch.Tensor'>|<method 'add' of 'torch._C.TensorBase' objects>|<built-in function len> ab        |  1.50\n[<built-in method sin of type object at 0x>] [<built-in method sin of type object at 0x>] torch.float32 <built-in method cos of type object at 0x> tensor([1., 1.])\n<attribute 'shape' of 'torch._C.TensorBase' objects> None <class 'torch.nn.modules.linear.Linear'> 3.14\n          ab 3\n"),
]

STDLIB = [
    ("import collections\nc = collections.ChainMap({'a': torch.tensor(1.)}, {'b': torch.tensor(2.)})\nprint(c['a'], c['b'], len(c), sorted(c))\nprint(c)\n",
     "tensor(1.) tensor(2.) 2 ['a', 'b']\nChainMap({'a': tensor(1.)}, {'b': tensor(2.)})\n"),
    ('import functools, operator\nxs = [torch.tensor([1., 2.]), torch.tensor([3., 4.]), torch.tensor([5., 6.])]\nprint(functools.reduce(torch.add, xs))\nprint(functools.reduce(operator.mul, xs))\np = functools.partial(torch.sum, dim=0)\nprint(p(torch.ones(2, 3)))\nprint(p)\n',
     'tensor([ 9., 12.])\ntensor([15., 48.])\ntensor([2., 2., 2.])\nfunctools.partial(<built-in method sum of type object at 0x>, dim=0)\n'),
    ('import functools\np = functools.partial(torch.add, alpha=2)\nprint(type(p), p.func, p.args, p.keywords, p(torch.ones(1), torch.ones(1)))\nprint(isinstance(p, functools.partial))\n',
     "<class 'functools.partial'> <built-in method add of type object at 0x> () {'alpha': 2} tensor([3.])\nTrue\n"),
    ("import typing\nimport collections\nP = collections.namedtuple('P', ['w', 'b'], defaults=[0.5])\np = P(torch.tensor([1., 2.]))\nprint(P._fields, p._fields, P._field_defaults)\nprint(p._asdict())\nprint(p._replace(b=torch.tensor(3.)))\nprint(P._make([torch.zeros(1), 1]))\nclass Q(typing.NamedTuple):\n    a: torch.Tensor\n    b: int = 3\nq = Q(torch.tensor(1.))\nprint(q._asdict(), Q._fields, q._replace(b=4))\ntry:\n    torch.tensor(1.)._fields\nexcept Exception as e:\n    print(type(e).__name__)\n",
     "('w', 'b') ('w', 'b') {'b': 0.5}\n{'w': tensor([1., 2.]), 'b': 0.5}\nP(w=tensor([1., 2.]), b=tensor(3.))\nP(w=tensor([0.]), b=1)\n{'a': tensor(1.), 'b': 3} ('a', 'b') Q(a=tensor(1.), b=4)\nAttributeError\n"),
    ('r = torch.max(torch.tensor([[1., 5.], [3., 2.]]), 0)\nprint(r, r.values, r.indices)\nprint(type(r))\ntry:\n    print(r._fields)\nexcept AttributeError as e:\n    print(e)\ntry:\n    print(r._asdict())\nexcept AttributeError as e:\n    print(e)\nv, i = r\nprint(v, i, len(r), r[0])\n',
     "torch.return_types.max(\nvalues=tensor([3., 5.]),\nindices=tensor([1, 0])) tensor([3., 5.]) tensor([1, 0])\n<class 'torch.return_types.max'>\n'torch.return_types.max' object has no attribute '_fields'\n'torch.return_types.max' object has no attribute '_asdict'\ntensor([3., 5.]) tensor([1, 0]) 2 tensor([3., 5.])\n"),
    ('import typing\nclass Pair(typing.NamedTuple):\n    a: torch.Tensor\n    b: int = 3\np = Pair(torch.tensor(1.))\nprint(p, p.a, p.b, p._fields)\nx, y = p\nprint(x, y)\n',
     "Pair(a=tensor(1.), b=3) tensor(1.) 3 ('a', 'b')\ntensor(1.) 3\n"),
    ('import dataclasses\n@dataclasses.dataclass(frozen=True)\nclass C:\n    lr: float = 0.1\n    act: object = None\nc = C(act=torch.relu)\nprint(c)\nprint(dataclasses.replace(c, lr=0.2).lr, dataclasses.fields(c)[0].name)\n@dataclasses.dataclass\nclass D:\n    xs: list = dataclasses.field(default_factory=list)\nd = D()\nd.xs.append(torch.ones(1))\nprint(d)\n',
     'C(lr=0.1, act=<built-in method relu of type object at 0x>)\n0.2 lr\nD(xs=[tensor([1.])])\n'),
    ("import itertools, operator\nts = [torch.tensor(float(i)) for i in range(4)]\nprint(list(itertools.starmap(operator.add, zip(ts, ts))))\nprint(list(itertools.combinations(range(3), 2)))\nprint(list(itertools.islice(itertools.count(), 3)))\nprint([list(g) for k, g in itertools.groupby([1, 1, 2])])\nprint(list(itertools.zip_longest([1], [torch.ones(1), 2], fillvalue=None)))\nprint(list(itertools.pairwise(ts)))\nprint(operator.itemgetter(0)(torch.tensor([5., 6.])), operator.attrgetter('shape')(torch.ones(2)))\nprint(operator.matmul(torch.ones(2), torch.ones(2)), operator.neg(torch.ones(1)))\nprint(operator.methodcaller('sum')(torch.ones(3)))\n",
     '[tensor(0.), tensor(2.), tensor(4.), tensor(6.)]\n[(0, 1), (0, 2), (1, 2)]\n[0, 1, 2]\n[[1, 1], [2]]\n[(1, tensor([1.])), (None, 2)]\n[(tensor(0.), tensor(1.)), (tensor(1.), tensor(2.)), (tensor(2.), tensor(3.))]\ntensor(5.) torch.Size([2])\ntensor(2.) tensor([-1.])\ntensor(3.)\n'),
    ("import operator\nf = operator.methodcaller('sum', dim=0)\nprint(f(torch.ones(2, 3)))\ntry:\n    operator.methodcaller('_data')(torch.ones(1))\nexcept Exception as e:\n    print(type(e).__name__)\n",
     'tensor([2., 2., 2.])\nAttributeError\n'),
    ('import functools\n@functools.lru_cache(maxsize=None)\ndef fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nprint(fib(20), fib.cache_info())\nfib.cache_clear()\nprint(fib.cache_info())\nprint(fib)\ninfo = fib.cache_info()\nprint(info.hits, info.maxsize, fib.cache_parameters())\n',
     "6765 CacheInfo(hits=18, misses=21, maxsize=None, currsize=21)\nCacheInfo(hits=0, misses=0, maxsize=None, currsize=0)\n<functools._lru_cache_wrapper object at 0x>\n0 None {'maxsize': None, 'typed': False}\n"),
]

ENUM = [
    ('import enum\nclass Mode(enum.Enum):\n    A = 1\n    B = 2\nprint(Mode.A, Mode.A.value, Mode(2), list(Mode))\nprint(repr(Mode.B))\n',
     'Mode.A 1 Mode.B [<Mode.A: 1>, <Mode.B: 2>]\n<Mode.B: 2>\n'),
    ('import enum\nclass Mode(enum.Enum):\n    A = 1\n    B = 2\nprint(Mode.A, Mode.A.value, Mode.A.name, Mode(2), list(Mode), len(Mode))\nprint(repr(Mode.B), Mode[\'B\'], Mode.A == Mode.A, Mode.A is Mode(1), Mode.A in Mode)\nprint(type(Mode.A), isinstance(Mode.A, Mode), isinstance(Mode.A, enum.Enum))\ntry:\n    Mode(3)\nexcept ValueError as e:\n    print(e)\nclass Red(enum.IntEnum):\n    LOW = enum.auto()\n    HIGH = enum.auto()\nprint(Red.HIGH, Red.HIGH + 1, torch.ones(Red.HIGH), [r.name for r in Red])\nclass Act(enum.Enum):\n    RELU = \'relu\'\n    TANH = \'tanh\'\n    def apply(self, x):\n        return torch.relu(x) if self is Act.RELU else torch.tanh(x)\n    @property\n    def upper(self):\n        return self.value.upper()\n    @classmethod\n    def default(cls):\n        return cls.RELU\nprint(Act.RELU.apply(torch.tensor([-1., 2.])), Act.TANH.upper, Act.default())\nd = {Mode.A: torch.ones(1)}\nprint(d)\nclass S(enum.StrEnum):\n    X = \'x\'\nprint(S.X, S.X == \'x\', f"{S.X}")\n',
     "Mode.A 1 A Mode.B [<Mode.A: 1>, <Mode.B: 2>] 2\n<Mode.B: 2> Mode.B True True True\n<enum 'Mode'> True True\n3 is not a valid Mode\n2 3 tensor([1., 1.]) ['LOW', 'HIGH']\ntensor([0., 2.]) TANH Act.RELU\n{<Mode.A: 1>: tensor([1.])}\nx True x\n"),
    ('import enum\nclass Mode(enum.Enum):\n    A = 1\n    B = 2\nfor stmt in ["Mode.A = 3", "Mode.A.value = 3", "Mode.A.extra = 1", "Mode.C = 3"]:\n    try:\n        if stmt == "Mode.A = 3":\n            Mode.A = 3\n        elif stmt == "Mode.A.value = 3":\n            Mode.A.value = 3\n        elif stmt == "Mode.A.extra = 1":\n            Mode.A.extra = 1\n        else:\n            Mode.C = 3\n        print(stmt, "ok")\n    except AttributeError as e:\n        print(stmt, "AttributeError", e)\ntry:\n    class More(Mode):\n        C = 3\nexcept TypeError as e:\n    print(e)\n@enum.unique\nclass U(enum.Enum):\n    A = 1\nprint(U.A)\ntry:\n    @enum.unique\n    class V(enum.Enum):\n        A = 1\n        B = 1\nexcept ValueError as e:\n    print(e)\nprint(sorted(Mode, key=lambda m: -m.value))\n',
     "Mode.A = 3 AttributeError cannot reassign member 'A'\nMode.A.value = 3 AttributeError <enum 'Enum'> cannot set attribute 'value'\nMode.A.extra = 1 ok\nMode.C = 3 ok\n<enum 'More'> cannot extend <enum 'Mode'>\nU.A\nduplicate values found in <enum 'V'>: B -> A\n[<Mode.B: 2>, <Mode.A: 1>]\n"),
]

TYPES = [
    ('import types\nx = torch.tensor([1.0, 2.0])\nprint(isinstance(torch.sin, types.BuiltinFunctionType))\nprint(isinstance(len, types.BuiltinFunctionType))\nprint(isinstance(torch.nn.functional.relu, types.FunctionType))\nprint(isinstance(x.add, types.BuiltinMethodType))\n',
     'True\nTrue\nTrue\nTrue\n'),
    ("import types\nx = torch.tensor([1.0, 2.0])\ndef f(): pass\nprint(isinstance(torch.sin, types.BuiltinFunctionType), isinstance(len, types.BuiltinFunctionType))\nprint(isinstance(torch.nn.functional.relu, types.FunctionType), isinstance(f, types.FunctionType), isinstance(lambda: 0, types.LambdaType))\nprint(isinstance(x.add, types.BuiltinMethodType), isinstance(x.backward, types.MethodType), isinstance(torch.Tensor.add, types.MethodDescriptorType))\nprint(isinstance(torch.sin, types.FunctionType), isinstance(f, types.BuiltinFunctionType), isinstance(torch, types.ModuleType), isinstance(x, types.ModuleType))\nprint(types.FunctionType, types.BuiltinFunctionType, types.ModuleType, types.MethodType, types.NoneType)\ncfg = types.SimpleNamespace(lr=0.1, w=torch.ones(2))\ncfg.steps = 3\nprint(cfg, cfg.lr, cfg.steps)\nprint(cfg == types.SimpleNamespace(lr=0.1, w=cfg.w, steps=3), type(cfg))\ntry:\n    types.SimpleNamespace({'a': 1}, b=2)\nexcept TypeError as e:\n    print(e)\ncallbacks = [torch.relu, torch.nn.functional.relu, f, len]\nprint([type(c).__name__ for c in callbacks])\nprint([isinstance(c, (types.FunctionType, types.BuiltinFunctionType)) for c in callbacks])\n",
     "True True\nTrue True True\nTrue True True\nFalse False True False\n<class 'function'> <class 'builtin_function_or_method'> <class 'module'> <class 'method'> <class 'NoneType'>\nnamespace(lr=0.1, w=tensor([1., 1.]), steps=3) 0.1 3\nTrue <class 'types.SimpleNamespace'>\nno positional arguments expected\n['builtin_function_or_method', 'function', 'function', 'builtin_function_or_method']\n[True, True, True, True]\n"),
    ('import types\nprint(type(torch).__name__, type(torch.nn).__name__, types.ModuleType.__name__, type(torch.Generator()).__name__, type(torch.optim.SGD([torch.ones(1, requires_grad=True)], lr=0.1)).__name__)\n',
     'module module module Generator SGD\n'),
]

TENSOR_HASH = [
    ('t = torch.tensor([2.5])\nprint(int(t), float(t), complex(t))\nprint(int(torch.tensor(3.7)), float(torch.tensor(3)), complex(torch.tensor(1.5)))\nprint(hash(t) == hash(t), hash(t) == id(t))\ntry:\n    int(torch.tensor([1., 2.]))\nexcept Exception as e:\n    print(type(e).__name__, e)\n',
     '2 2.5 (2.5+0j)\n3 3.0 (1.5+0j)\nTrue True\nValueError only one element tensors can be converted to Python scalars\n'),
]

STORAGE = [
    ('s = torch.FloatStorage([1, 2, 3])\nprint(s)\nprint(type(s), s.dtype, s.size(), len(s), s[0], s.tolist())\nx = torch.tensor([1., 2.])\nprint(isinstance(x.storage(), torch.TypedStorage), isinstance(x.untyped_storage(), torch.UntypedStorage))\nprint(torch.TypedStorage, torch.UntypedStorage, torch.FloatStorage, torch.DoubleStorage)\nprint(torch.is_storage(x.storage()), torch.is_storage(x))\n',
     "!W UserWarning: TypedStorage is deprecated. It will be removed in the future and UntypedStorage will be the only storage class. This should only matter to you if you are using storages directly.  To access UntypedStorage directly, use tensor.untyped_storage() instead of tensor.storage()\n 1.0\n 2.0\n 3.0\n[torch.storage.TypedStorage(dtype=torch.float32, device=cpu) of size 3]\n<class 'torch.storage.TypedStorage'> torch.float32 3 3 1.0 [1.0, 2.0, 3.0]\nTrue True\n<class 'torch.storage.TypedStorage'> <class 'torch.storage.UntypedStorage'> <class 'torch.FloatStorage'> <class 'torch.DoubleStorage'>\nTrue False\n"),
    ('s = torch.UntypedStorage([1, 2, 3])\nprint(s)\nt = torch.TypedStorage([1., 2.], dtype=torch.float64)\nprint(t)\nprint(torch.DoubleStorage([1, 2]))\nprint(torch.LongStorage([1, 2]), torch.BoolStorage([True]))\ne = torch.TypedStorage(0)\nprint(e)\nprint(torch.UntypedStorage(0))\nprint(torch.FloatStorage())\n',
     ' 1\n 2\n 3\n[torch.storage.UntypedStorage(device=cpu) of size 3]\n!W UserWarning: TypedStorage is deprecated. It will be removed in the future and UntypedStorage will be the only storage class. This should only matter to you if you are using storages directly.  To access UntypedStorage directly, use tensor.untyped_storage() instead of tensor.storage()\n 1.0\n 2.0\n[torch.storage.TypedStorage(dtype=torch.float64, device=cpu) of size 2]\n 1.0\n 2.0\n[torch.storage.TypedStorage(dtype=torch.float64, device=cpu) of size 2]\n 1\n 2\n[torch.storage.TypedStorage(dtype=torch.int64, device=cpu) of size 2]  True\n[torch.storage.TypedStorage(dtype=torch.bool, device=cpu) of size 1]\n \n[torch.storage.TypedStorage(dtype=torch.float32, device=cpu) of size 0]\n \n[torch.storage.UntypedStorage(device=cpu) of size 0]\n \n[torch.storage.TypedStorage(dtype=torch.float32, device=cpu) of size 0]\n'),
    ('x = torch.tensor([1., 2.])\nprint(x.storage())\nprint(x.untyped_storage())\nprint(type(x.storage()))\n',
     "!W UserWarning: TypedStorage is deprecated. It will be removed in the future and UntypedStorage will be the only storage class. This should only matter to you if you are using storages directly.  To access UntypedStorage directly, use tensor.untyped_storage() instead of tensor.storage()\n 1.0\n 2.0\n[torch.storage.TypedStorage(dtype=torch.float32, device=cpu) of size 2]\n 0\n 0\n 128\n 63\n 0\n 0\n 0\n 64\n[torch.storage.UntypedStorage(device=cpu) of size 8]\n<class 'torch.storage.TypedStorage'>\n"),
    ('x = torch.tensor([1., 2., 3.])\nprint(torch.tensor(x.storage()))\nprint(torch.FloatTensor(torch.FloatStorage([1, 2])))\n',
     '!W UserWarning: TypedStorage is deprecated. It will be removed in the future and UntypedStorage will be the only storage class. This should only matter to you if you are using storages directly.  To access UntypedStorage directly, use tensor.untyped_storage() instead of tensor.storage()\ntensor([1., 2., 3.])\ntensor([1., 2.])\n'),
    ('s = torch.FloatStorage([1, 2])\nt = torch.FloatTensor(s)\nt[0] = 9\nprint(s.tolist(), t)\nprint(torch.Tensor(s))\nprint(torch.LongTensor(torch.UntypedStorage([0] * 8)))\nprint(torch.ByteTensor(torch.UntypedStorage([1, 2, 3])))\ntry:\n    torch.FloatTensor(torch.DoubleStorage([1]))\nexcept RuntimeError as e:\n    print(e)\nx = torch.tensor([1., 2., 3.])\nprint(torch.tensor(x.storage()))\n',
     "!W UserWarning: TypedStorage is deprecated. It will be removed in the future and UntypedStorage will be the only storage class. This should only matter to you if you are using storages directly.  To access UntypedStorage directly, use tensor.untyped_storage() instead of tensor.storage()\n[9.0, 2.0] tensor([9., 2.])\ntensor([9., 2.])\ntensor([0])\ntensor([1, 2, 3], dtype=torch.uint8)\nExpected a Storage of type Float or an UntypedStorage, but got type Double for argument 1 'storage'\ntensor([1., 2., 3.])\n"),
]

TORCH_FUNCTIONS = [
    ('x = torch.tensor([1, 2])\nprint(torch.is_floating_point(x), torch.is_complex(x), torch.is_floating_point(x.float()))\nprint(torch.result_type(x, 1.0), torch.can_cast(torch.float64, torch.int32), torch.promote_types(torch.int32, torch.float32))\nprint(torch.finfo(torch.float32))\nprint(torch.iinfo(torch.int8))\nprint(torch.finfo().eps, torch.finfo(torch.float16).tiny)\nprint(torch.typename(x), torch.typename(torch.float32), torch.typename(torch.nn.Linear), torch.typename(x.shape), torch.typename(None), torch.typename(torch.nn.Parameter(torch.ones(1))))\nprint(torch.numel(x), torch.is_tensor(torch.nn.Parameter(torch.ones(1))), torch.is_storage(x.untyped_storage()))\nprint(torch.get_default_dtype(), torch.is_grad_enabled(), torch.is_inference_mode_enabled())\nprint(torch.is_nonzero(torch.tensor([True])), torch.is_nonzero(torch.tensor(0.5)))\nprint(torch.is_same_size(x, x), torch.is_conj(x), torch.is_signed(x), torch.is_signed(torch.tensor([1], dtype=torch.uint8)))\n',
     'False False True\ntorch.float32 False torch.float32\nfinfo(resolution=1e-06, min=-3.40282e+38, max=3.40282e+38, eps=1.19209e-07, smallest_normal=1.17549e-38, tiny=1.17549e-38, dtype=float32)\niinfo(min=-128, max=127, dtype=int8)\n1.1920928955078125e-07 6.103515625e-05\ntorch.LongTensor torch.dtype torch.nn.modules.linear.Linear torch.Size NoneType torch.FloatTensor\n2 True True\ntorch.float32 True False\nTrue True\nTrue False True False\n'),
    ('for bad in [1, \'a\', [1.0]]:\n    for f in (torch.is_nonzero, torch.numel, torch.is_floating_point):\n        try:\n            print(f(bad))\n        except TypeError as e:\n            print(f.__name__, "TypeError", e)\n',
     "is_nonzero TypeError is_nonzero(): argument 'input' (position 1) must be Tensor, not int\nnumel TypeError numel(): argument 'input' (position 1) must be Tensor, not int\nis_floating_point TypeError is_floating_point(): argument 'input' (position 1) must be Tensor, not int\nis_nonzero TypeError is_nonzero(): argument 'input' (position 1) must be Tensor, not str\nnumel TypeError numel(): argument 'input' (position 1) must be Tensor, not str\nis_floating_point TypeError is_floating_point(): argument 'input' (position 1) must be Tensor, not str\nis_nonzero TypeError is_nonzero(): argument 'input' (position 1) must be Tensor, not list\nnumel TypeError numel(): argument 'input' (position 1) must be Tensor, not list\nis_floating_point TypeError is_floating_point(): argument 'input' (position 1) must be Tensor, not list\n"),
    ('print(torch.typename(torch.ones(1, dtype=torch.bool)), torch.typename(torch.ones(1, dtype=torch.complex64)), torch.typename(torch.ones(1, dtype=torch.float16)), torch.typename(torch.ones(1, dtype=torch.bfloat16)), torch.typename(torch.ones(1, dtype=torch.uint8)))\nprint(torch.typename(1.0), torch.typename([1]), torch.typename(torch.optim.SGD), torch.typename(torch.sin), torch.typename(len))\nclass A: pass\nprint(torch.typename(A()), torch.typename(A))\n',
     'torch.BoolTensor torch.ComplexFloatTensor torch.HalfTensor torch.BFloat16Tensor torch.ByteTensor\nfloat list torch.optim.sgd.SGD torch._VariableFunctionsClass.sin len\n__main__.A __main__.A\n'),
    ('try:\n    torch.is_nonzero(torch.tensor([1., 2.]))\nexcept RuntimeError as e:\n    print(e)\ntry:\n    torch.is_nonzero(torch.tensor([]))\nexcept RuntimeError as e:\n    print(e)\ntry:\n    torch.numel([1, 2])\nexcept TypeError as e:\n    print(e)\n',
     "Boolean value of Tensor with more than one value is ambiguous\nBoolean value of Tensor with no values is ambiguous\nnumel(): argument 'input' (position 1) must be Tensor, not list\n"),
]

PROGRAMS = {"callables": CALLABLES, "formatting": FORMATTING, "stdlib": STDLIB, "enum": ENUM,
            "types": TYPES, "tensor-hash": TENSOR_HASH, "storage": STORAGE,
            "torch-functions": TORCH_FUNCTIONS}

test_python_around_tensors = printed_programs(PROGRAMS)
