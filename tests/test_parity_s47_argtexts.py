"""Found in session 47 (a mutation scan of argument parsing): PyTorch's words for a call it
refuses, and which of its checks speaks first. Each expected output is what torch 2.13 printed
(format of test_autograd_parity4).

keyword-texts: an unknown keyword to Tensor.type (one signature: "got an unexpected keyword
argument"), to the functions CPython binds itself (torch.get_default_dtype, torch.from_numpy:
"takes no keyword arguments", then their argument counts) and to torch.Size (tuple's words);
torch.device's two signatures (a lone unknown keyword fits neither and is listed; with two
arguments the missing `type` or its type is refused before the unknown keyword).

out-to-in-place: `out=` (or another unknown keyword) given to an overloaded in-place function
(torch.clamp_, torch.fill_, x.clamp_): its parser's refusal, the signatures listed; the
in-place functions of one signature keep "got an unexpected keyword argument"."""
from __future__ import annotations

from test_autograd_parity4 import printed_programs

KEYWORD_TEXTS = [
    ('x = torch.ones(2)\nx.type(dtyp=torch.float64)\n',
     "!! TypeError: type() got an unexpected keyword argument 'dtyp'\n"),
    ('torch.get_default_dtype(bogus=1)\n',
     '!! TypeError: torch.get_default_dtype() takes no keyword arguments\n'),
    ('torch.device(bogus=1)\n',
     "!! TypeError: device() received an invalid combination of arguments - got (bogus=int, ), but expected one of:\n * (torch.device device)\n      didn't match because some of the keywords were incorrect: bogus\n * (str type, int index = -1)\n\n"),
    ('torch.Size([2], bogus=1)\n',
     '!! TypeError: tuple() takes no keyword arguments\n'),
    ('import numpy as np\ntorch.from_numpy(input=np.ones(2))\n',
     '!! TypeError: torch._VariableFunctionsClass.from_numpy() takes no keyword arguments\n'),
    ('for f in [lambda: torch.device("cpu", bogus=1), lambda: torch.device("cpu", 0, bogus=1),\n          lambda: torch.device(bogus=1, foo=2), lambda: torch.device(1, bogus=1),\n          lambda: torch.device(index=0), lambda: torch.device(type=1, bogus=2)]:\n    try:\n        f()\n    except TypeError as e:\n        print(e)\n',
     'device() got an unexpected keyword argument \'bogus\'\ndevice() received an invalid combination of arguments - got (str, int, bogus=int), but expected one of:\n * (torch.device device)\n * (str type, int index = -1)\n\ndevice() missing 1 required positional arguments: "type"\ndevice(): argument \'type\' (position 1) must be str, not int\ndevice() received an invalid combination of arguments - got (index=int, ), but expected one of:\n * (torch.device device)\n      didn\'t match because some of the keywords were incorrect: index\n * (str type, int index = -1)\n\ndevice(): argument \'type\' must be str, not int\n'),
    ('import numpy as np\nx = torch.ones(2)\nfor f in [lambda: x.type(torch.float64, bogus=1), lambda: torch.get_default_dtype(1),\n          lambda: torch.Size([2], 3), lambda: torch.from_numpy(np.ones(2), np.ones(1)),\n          lambda: torch.from_numpy(np.ones(2), input=1)]:\n    try:\n        f()\n    except TypeError as e:\n        print(e)\n',
     "type() got an unexpected keyword argument 'bogus'\ntorch.get_default_dtype() takes no arguments (1 given)\ntuple expected at most 1 argument, got 2\ntorch._VariableFunctionsClass.from_numpy() takes exactly one argument (2 given)\ntorch._VariableFunctionsClass.from_numpy() takes no keyword arguments\n"),
]

OUT_TO_IN_PLACE = [
    ('x = torch.ones(2)\no = torch.empty(2)\ntorch.clamp_(x, 0, 1, out=o)\n',
     '!! TypeError: clamp_() received an invalid combination of arguments - got (Tensor, int, int, out=Tensor), but expected one of:\n * (Tensor input, Tensor min = None, Tensor max = None)\n * (Tensor input, Number min = None, Number max = None)\n\n'),
    ('x = torch.ones(2)\no = torch.empty(2)\nx.fill_(1, out=o)\n',
     '!! TypeError: fill_() received an invalid combination of arguments - got (int, out=Tensor), but expected one of:\n * (Tensor value)\n * (Number value)\n\n'),
    ('x = torch.ones(2)\no = torch.empty(2)\ntorch.fill_(x, 1, out=o)\n',
     '!! TypeError: fill_() received an invalid combination of arguments - got (Tensor, int, out=Tensor), but expected one of:\n * (Tensor input, Tensor value)\n * (Tensor input, Number value)\n\n'),
    ('x = torch.ones(2)\no = torch.empty(2)\nfor f in [lambda: x.clamp_(0, 1, out=o), lambda: torch.clamp_(x, 0, out=o), lambda: torch.fill_(x, out=o),\n          lambda: x.clamp_(0, bogus=1), lambda: torch.clamp_(x, bogus=1), lambda: x.add_(1, bogus=2), lambda: x.fill_(value=1, out=o)]:\n    try:\n        f()\n    except TypeError as e:\n        print(e)\n',
     "clamp_() received an invalid combination of arguments - got (int, int, out=Tensor), but expected one of:\n * (Tensor min = None, Tensor max = None)\n * (Number min = None, Number max = None)\n\nclamp_() received an invalid combination of arguments - got (Tensor, int, out=Tensor), but expected one of:\n * (Tensor input, Tensor min = None, Tensor max = None)\n      didn't match because some of the keywords were incorrect: out\n * (Tensor input, Number min = None, Number max = None)\n      didn't match because some of the keywords were incorrect: out\n\nfill_() received an invalid combination of arguments - got (Tensor, out=Tensor), but expected one of:\n * (Tensor input, Tensor value)\n      didn't match because some of the keywords were incorrect: out\n * (Tensor input, Number value)\n      didn't match because some of the keywords were incorrect: out\n\nclamp_() received an invalid combination of arguments - got (int, bogus=int), but expected one of:\n * (Tensor min = None, Tensor max = None)\n      didn't match because some of the keywords were incorrect: bogus\n * (Number min = None, Number max = None)\n      didn't match because some of the keywords were incorrect: bogus\n\nclamp_() received an invalid combination of arguments - got (Tensor, bogus=int), but expected one of:\n * (Tensor input, Tensor min = None, Tensor max = None)\n * (Tensor input, Number min = None, Number max = None)\n\nadd_() got an unexpected keyword argument 'bogus'\nfill_() received an invalid combination of arguments - got (out=Tensor, value=int, ), but expected one of:\n * (Tensor value)\n * (Number value)\n\n"),
]

PROGRAMS = {"keyword-texts": KEYWORD_TEXTS, "out-to-in-place": OUT_TO_IN_PLACE}

test_prints_what_pytorch_printed = printed_programs(PROGRAMS)
