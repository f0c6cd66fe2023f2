"""gradcli.printing: tensors print exactly as PyTorch 2.13 prints them.

Every expected string below was produced by ``str(tensor)`` in PyTorch 2.13.0 (CPU);
tests/test_printing_parity.py compares against torch directly where it is installed.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
import pytest

from gradcli import printing
from gradcli.printing import (
    PrintOptions,
    format_dtype,
    format_size,
    format_tensor,
    get_printoptions,
    printoptions,
    set_printoptions,
)

inf, nan = math.inf, math.nan


class Case(NamedTuple):
    id: str
    data: np.ndarray
    dtype_name: str
    default_dtype_name: str
    grad: str | None  # None, "leaf" (requires_grad=True) or a grad_fn name
    options: dict[str, Any] | None
    expected: str


CASES = [
    Case('scalar_grad_fn', np.array(28., dtype=np.float32),
         'float32', 'float32', 'MulBackward0', None,
         'tensor(28., grad_fn=<MulBackward0>)'),
    Case('int_mode_vector', np.array([0., 4., 8., 12.], dtype=np.float32),
         'float32', 'float32', None, None,
         'tensor([ 0.,  4.,  8., 12.])'),
    Case('float64_suffix', np.array([1.], dtype=np.float64),
         'float64', 'float32', None, None,
         'tensor([1.], dtype=torch.float64)'),
    Case('float64_default_no_suffix', np.array([1.], dtype=np.float64),
         'float64', 'float64', None, None,
         'tensor([1.])'),
    Case('float32_suffix_when_default_float64', np.array([1.5, 2.], dtype=np.float32),
         'float32', 'float64', None, None,
         'tensor([1.5000, 2.0000], dtype=torch.float32)'),
    Case('matrix_fixed', np.full((2, 2), 1.5, dtype=np.float32),
         'float32', 'float32', None, None,
         ('tensor([[1.5000, 1.5000],\n'
          '        [1.5000, 1.5000]])')),
    Case('sci_small_min', np.array([1e-5, 1., 1e3], dtype=np.float32),
         'float32', 'float32', None, None,
         'tensor([1.0000e-05, 1.0000e+00, 1.0000e+03])'),
    Case('sci_ratio', np.array([1., 1001.], dtype=np.float32),
         'float32', 'float32', None, None,
         'tensor([1.0000e+00, 1.0010e+03])'),
    Case('no_sci_ratio_1000', np.array([1., 1000.], dtype=np.float32),
         'float32', 'float32', None, None,
         'tensor([   1., 1000.])'),
    Case('sci_big', np.array([1e9, 2e9], dtype=np.float32),
         'float32', 'float32', None, None,
         'tensor([1.0000e+09, 2.0000e+09])'),
    Case('bool', np.array([True, False]),
         'bool', 'float32', None, None,
         'tensor([ True, False])'),
    Case('inf_nan', np.array([inf, nan], dtype=np.float32),
         'float32', 'float32', None, None,
         'tensor([inf, nan])'),
    Case('mixed_nonfinite', np.array([-inf, 1.5, nan, 0., -2.25], dtype=np.float32),
         'float32', 'float32', None, None,
         'tensor([   -inf,  1.5000,     nan,  0.0000, -2.2500])'),
    Case('empty_2d', np.zeros((0, 3), dtype=np.float32),
         'float32', 'float32', None, None,
         'tensor([], size=(0, 3))'),
    Case('empty_1d', np.zeros((0,), dtype=np.float32),
         'float32', 'float32', None, None,
         'tensor([])'),
    Case('empty_int64', np.zeros((0,), dtype=np.int64),
         'int64', 'float32', None, None,
         'tensor([], dtype=torch.int64)'),
    Case('empty_bool_3d', np.zeros((2, 0, 1), dtype=bool),
         'bool', 'float32', None, None,
         'tensor([], size=(2, 0, 1), dtype=torch.bool)'),
    Case('tenths_float32', np.array([0.1, 0.2, 0.3], dtype=np.float32),
         'float32', 'float32', None, None,
         'tensor([0.1000, 0.2000, 0.3000])'),
    Case('rounding_float32', np.array([0.00015, 0.1, 0.12345678], dtype=np.float32),
         'float32', 'float32', None, None,
         'tensor([0.0002, 0.1000, 0.1235])'),
    Case('rounding_widens_column', np.array([9.99996, 1.], dtype=np.float32),
         'float32', 'float32', None, None,
         'tensor([10.0000,  1.0000])'),
    Case('sci_with_zero_and_inf', np.array([0., 1e-7, -inf], dtype=np.float64),
         'float64', 'float64', None, None,
         'tensor([0.0000e+00, 1.0000e-07,       -inf])'),
    Case('int_mode_sci', np.array([1., 1e10], dtype=np.float32),
         'float32', 'float32', None, None,
         'tensor([1.0000e+00, 1.0000e+10])'),
    Case('all_zero', np.zeros((2, 3), dtype=np.float32),
         'float32', 'float32', None, None,
         ('tensor([[0., 0., 0.],\n'
          '        [0., 0., 0.]])')),
    Case('scalar_bool', np.array(True),
         'bool', 'float32', None, None,
         'tensor(True)'),
    Case('negative_fixed', np.array([-1.5, 2.25, -3.125], dtype=np.float32),
         'float32', 'float32', None, None,
         'tensor([-1.5000,  2.2500, -3.1250])'),
    Case('negative_zero', np.array([-0.], dtype=np.float32),
         'float32', 'float32', None, None,
         'tensor([-0.])'),
    Case('zero_and_negative_zero', np.array([0., -0.], dtype=np.float32),
         'float32', 'float32', None, None,
         'tensor([0., -0.])'),
    Case('scalar_nan', np.array(nan, dtype=np.float32),
         'float32', 'float32', None, None,
         'tensor(nan)'),
    Case('scalar_int', np.array(7, dtype=np.int64),
         'int64', 'float32', None, None,
         'tensor(7)'),
    Case('scalar_fixed_float64', np.array(2.5, dtype=np.float64),
         'float64', 'float32', None, None,
         'tensor(2.5000, dtype=torch.float64)'),
    Case('scalar_sci', np.array(123456789., dtype=np.float32),
         'float32', 'float32', None, None,
         'tensor(1.2346e+08)'),
    Case('ints_negative', np.array([[1, -20], [300, 4]], dtype=np.int64),
         'int64', 'float32', None, None,
         ('tensor([[  1, -20],\n'
          '        [300,   4]])')),
    Case('int32_suffix', np.array([1, 2, 3], dtype=np.int32),
         'int32', 'float32', None, None,
         'tensor([1, 2, 3], dtype=torch.int32)'),
    Case('uint8', np.array([0, 255], dtype=np.uint8),
         'uint8', 'float32', None, None,
         'tensor([  0, 255], dtype=torch.uint8)'),
    Case('float16', np.array([0.1, 65504.], dtype=np.float16),
         'float16', 'float32', None, None,
         'tensor([9.9976e-02, 6.5504e+04], dtype=torch.float16)'),
    Case('tensor_3d', np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 4,
         'float32', 'float32', None, None,
         ('tensor([[[0.0000, 0.2500, 0.5000, 0.7500],\n'
          '         [1.0000, 1.2500, 1.5000, 1.7500],\n'
          '         [2.0000, 2.2500, 2.5000, 2.7500]],\n'
          '\n'
          '        [[3.0000, 3.2500, 3.5000, 3.7500],\n'
          '         [4.0000, 4.2500, 4.5000, 4.7500],\n'
          '         [5.0000, 5.2500, 5.5000, 5.7500]]])')),
    Case('tensor_3d_int', np.arange(24).reshape(2, 3, 4) - 12,
         'int64', 'float32', None, None,
         ('tensor([[[-12, -11, -10,  -9],\n'
          '         [ -8,  -7,  -6,  -5],\n'
          '         [ -4,  -3,  -2,  -1]],\n'
          '\n'
          '        [[  0,   1,   2,   3],\n'
          '         [  4,   5,   6,   7],\n'
          '         [  8,   9,  10,  11]]])')),
    Case('long_row_wraps', np.arange(30, dtype=np.float32) * 1.5,
         'float32', 'float32', None, None,
         ('tensor([ 0.0000,  1.5000,  3.0000,  4.5000,  6.0000,  7.5000,  9.0000, 10.5000,\n'
          '        12.0000, 13.5000, 15.0000, 16.5000, 18.0000, 19.5000, 21.0000, 22.5000,\n'
          '        24.0000, 25.5000, 27.0000, 28.5000, 30.0000, 31.5000, 33.0000, 34.5000,\n'
          '        36.0000, 37.5000, 39.0000, 40.5000, 42.0000, 43.5000])')),
    Case('long_rows_2d_wrap', np.arange(40, dtype=np.float32).reshape(2, 20) / 3,
         'float32', 'float32', None, None,
         ('tensor([[ 0.0000,  0.3333,  0.6667,  1.0000,  1.3333,  1.6667,  2.0000,  2.3333,\n'
          '          2.6667,  3.0000,  3.3333,  3.6667,  4.0000,  4.3333,  4.6667,  5.0000,\n'
          '          5.3333,  5.6667,  6.0000,  6.3333],\n'
          '        [ 6.6667,  7.0000,  7.3333,  7.6667,  8.0000,  8.3333,  8.6667,  9.0000,\n'
          '          9.3333,  9.6667, 10.0000, 10.3333, 10.6667, 11.0000, 11.3333, 11.6667,\n'
          '         12.0000, 12.3333, 12.6667, 13.0000]])')),
    Case('summarised_1d', np.arange(2000),
         'int64', 'float32', None, None,
         'tensor([   0,    1,    2,  ..., 1997, 1998, 1999])'),
    Case('summarised_2d', np.arange(2000, dtype=np.float32).reshape(40, 50) / 8,
         'float32', 'float32', None, None,
         ('tensor([[0.0000e+00, 1.2500e-01, 2.5000e-01,  ..., 5.8750e+00, 6.0000e+00,\n'
          '         6.1250e+00],\n'
          '        [6.2500e+00, 6.3750e+00, 6.5000e+00,  ..., 1.2125e+01, 1.2250e+01,\n'
          '         1.2375e+01],\n'
          '        [1.2500e+01, 1.2625e+01, 1.2750e+01,  ..., 1.8375e+01, 1.8500e+01,\n'
          '         1.8625e+01],\n'
          '        ...,\n'
          '        [2.3125e+02, 2.3138e+02, 2.3150e+02,  ..., 2.3712e+02, 2.3725e+02,\n'
          '         2.3738e+02],\n'
          '        [2.3750e+02, 2.3762e+02, 2.3775e+02,  ..., 2.4338e+02, 2.4350e+02,\n'
          '         2.4362e+02],\n'
          '        [2.4375e+02, 2.4388e+02, 2.4400e+02,  ..., 2.4962e+02, 2.4975e+02,\n'
          '         2.4988e+02]])')),
    Case('summarised_3d', np.arange(1200, dtype=np.float64).reshape(12, 10, 10),
         'float64', 'float32', None, None,
         ('tensor([[[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 7.0000e+00,\n'
          '          8.0000e+00, 9.0000e+00],\n'
          '         [1.0000e+01, 1.1000e+01, 1.2000e+01,  ..., 1.7000e+01,\n'
          '          1.8000e+01, 1.9000e+01],\n'
          '         [2.0000e+01, 2.1000e+01, 2.2000e+01,  ..., 2.7000e+01,\n'
          '          2.8000e+01, 2.9000e+01],\n'
          '         ...,\n'
          '         [7.0000e+01, 7.1000e+01, 7.2000e+01,  ..., 7.7000e+01,\n'
          '          7.8000e+01, 7.9000e+01],\n'
          '         [8.0000e+01, 8.1000e+01, 8.2000e+01,  ..., 8.7000e+01,\n'
          '          8.8000e+01, 8.9000e+01],\n'
          '         [9.0000e+01, 9.1000e+01, 9.2000e+01,  ..., 9.7000e+01,\n'
          '          9.8000e+01, 9.9000e+01]],\n'
          '\n'
          '        [[1.0000e+02, 1.0100e+02, 1.0200e+02,  ..., 1.0700e+02,\n'
          '          1.0800e+02, 1.0900e+02],\n'
          '         [1.1000e+02, 1.1100e+02, 1.1200e+02,  ..., 1.1700e+02,\n'
          '          1.1800e+02, 1.1900e+02],\n'
          '         [1.2000e+02, 1.2100e+02, 1.2200e+02,  ..., 1.2700e+02,\n'
          '          1.2800e+02, 1.2900e+02],\n'
          '         ...,\n'
          '         [1.7000e+02, 1.7100e+02, 1.7200e+02,  ..., 1.7700e+02,\n'
          '          1.7800e+02, 1.7900e+02],\n'
          '         [1.8000e+02, 1.8100e+02, 1.8200e+02,  ..., 1.8700e+02,\n'
          '          1.8800e+02, 1.8900e+02],\n'
          '         [1.9000e+02, 1.9100e+02, 1.9200e+02,  ..., 1.9700e+02,\n'
          '          1.9800e+02, 1.9900e+02]],\n'
          '\n'
          '        [[2.0000e+02, 2.0100e+02, 2.0200e+02,  ..., 2.0700e+02,\n'
          '          2.0800e+02, 2.0900e+02],\n'
          '         [2.1000e+02, 2.1100e+02, 2.1200e+02,  ..., 2.1700e+02,\n'
          '          2.1800e+02, 2.1900e+02],\n'
          '         [2.2000e+02, 2.2100e+02, 2.2200e+02,  ..., 2.2700e+02,\n'
          '          2.2800e+02, 2.2900e+02],\n'
          '         ...,\n'
          '         [2.7000e+02, 2.7100e+02, 2.7200e+02,  ..., 2.7700e+02,\n'
          '          2.7800e+02, 2.7900e+02],\n'
          '         [2.8000e+02, 2.8100e+02, 2.8200e+02,  ..., 2.8700e+02,\n'
          '          2.8800e+02, 2.8900e+02],\n'
          '         [2.9000e+02, 2.9100e+02, 2.9200e+02,  ..., 2.9700e+02,\n'
          '          2.9800e+02, 2.9900e+02]],\n'
          '\n'
          '        ...,\n'
          '\n'
          '        [[9.0000e+02, 9.0100e+02, 9.0200e+02,  ..., 9.0700e+02,\n'
          '          9.0800e+02, 9.0900e+02],\n'
          '         [9.1000e+02, 9.1100e+02, 9.1200e+02,  ..., 9.1700e+02,\n'
          '          9.1800e+02, 9.1900e+02],\n'
          '         [9.2000e+02, 9.2100e+02, 9.2200e+02,  ..., 9.2700e+02,\n'
          '          9.2800e+02, 9.2900e+02],\n'
          '         ...,\n'
          '         [9.7000e+02, 9.7100e+02, 9.7200e+02,  ..., 9.7700e+02,\n'
          '          9.7800e+02, 9.7900e+02],\n'
          '         [9.8000e+02, 9.8100e+02, 9.8200e+02,  ..., 9.8700e+02,\n'
          '          9.8800e+02, 9.8900e+02],\n'
          '         [9.9000e+02, 9.9100e+02, 9.9200e+02,  ..., 9.9700e+02,\n'
          '          9.9800e+02, 9.9900e+02]],\n'
          '\n'
          '        [[1.0000e+03, 1.0010e+03, 1.0020e+03,  ..., 1.0070e+03,\n'
          '          1.0080e+03, 1.0090e+03],\n'
          '         [1.0100e+03, 1.0110e+03, 1.0120e+03,  ..., 1.0170e+03,\n'
          '          1.0180e+03, 1.0190e+03],\n'
          '         [1.0200e+03, 1.0210e+03, 1.0220e+03,  ..., 1.0270e+03,\n'
          '          1.0280e+03, 1.0290e+03],\n'
          '         ...,\n'
          '         [1.0700e+03, 1.0710e+03, 1.0720e+03,  ..., 1.0770e+03,\n'
          '          1.0780e+03, 1.0790e+03],\n'
          '         [1.0800e+03, 1.0810e+03, 1.0820e+03,  ..., 1.0870e+03,\n'
          '          1.0880e+03, 1.0890e+03],\n'
          '         [1.0900e+03, 1.0910e+03, 1.0920e+03,  ..., 1.0970e+03,\n'
          '          1.0980e+03, 1.0990e+03]],\n'
          '\n'
          '        [[1.1000e+03, 1.1010e+03, 1.1020e+03,  ..., 1.1070e+03,\n'
          '          1.1080e+03, 1.1090e+03],\n'
          '         [1.1100e+03, 1.1110e+03, 1.1120e+03,  ..., 1.1170e+03,\n'
          '          1.1180e+03, 1.1190e+03],\n'
          '         [1.1200e+03, 1.1210e+03, 1.1220e+03,  ..., 1.1270e+03,\n'
          '          1.1280e+03, 1.1290e+03],\n'
          '         ...,\n'
          '         [1.1700e+03, 1.1710e+03, 1.1720e+03,  ..., 1.1770e+03,\n'
          '          1.1780e+03, 1.1790e+03],\n'
          '         [1.1800e+03, 1.1810e+03, 1.1820e+03,  ..., 1.1870e+03,\n'
          '          1.1880e+03, 1.1890e+03],\n'
          '         [1.1900e+03, 1.1910e+03, 1.1920e+03,  ..., 1.1970e+03,\n'
          '          1.1980e+03, 1.1990e+03]]], dtype=torch.float64)')),
    Case('summarise_one_long_dim', np.arange(1001, dtype=np.float32).reshape(1001, 1),
         'float32', 'float32', None, None,
         ('tensor([[   0.],\n'
          '        [   1.],\n'
          '        [   2.],\n'
          '        ...,\n'
          '        [ 998.],\n'
          '        [ 999.],\n'
          '        [1000.]])')),
    Case('not_summarised_1000', (np.arange(1000, dtype=np.float32) % 7).reshape(10, 100),
         'float32', 'float32', None, None,
         ('tensor([[0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3.,\n'
          '         4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0.,\n'
          '         1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4.,\n'
          '         5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1.,\n'
          '         2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5.,\n'
          '         6., 0., 1., 2., 3., 4., 5., 6., 0., 1.],\n'
          '        [2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5.,\n'
          '         6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2.,\n'
          '         3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6.,\n'
          '         0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3.,\n'
          '         4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0.,\n'
          '         1., 2., 3., 4., 5., 6., 0., 1., 2., 3.],\n'
          '        [4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0.,\n'
          '         1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4.,\n'
          '         5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1.,\n'
          '         2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5.,\n'
          '         6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2.,\n'
          '         3., 4., 5., 6., 0., 1., 2., 3., 4., 5.],\n'
          '        [6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2.,\n'
          '         3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6.,\n'
          '         0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3.,\n'
          '         4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0.,\n'
          '         1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4.,\n'
          '         5., 6., 0., 1., 2., 3., 4., 5., 6., 0.],\n'
          '        [1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4.,\n'
          '         5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1.,\n'
          '         2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5.,\n'
          '         6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2.,\n'
          '         3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6.,\n'
          '         0., 1., 2., 3., 4., 5., 6., 0., 1., 2.],\n'
          '        [3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6.,\n'
          '         0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3.,\n'
          '         4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0.,\n'
          '         1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4.,\n'
          '         5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1.,\n'
          '         2., 3., 4., 5., 6., 0., 1., 2., 3., 4.],\n'
          '        [5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1.,\n'
          '         2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5.,\n'
          '         6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2.,\n'
          '         3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6.,\n'
          '         0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3.,\n'
          '         4., 5., 6., 0., 1., 2., 3., 4., 5., 6.],\n'
          '        [0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3.,\n'
          '         4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0.,\n'
          '         1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4.,\n'
          '         5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1.,\n'
          '         2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5.,\n'
          '         6., 0., 1., 2., 3., 4., 5., 6., 0., 1.],\n'
          '        [2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5.,\n'
          '         6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2.,\n'
          '         3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6.,\n'
          '         0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3.,\n'
          '         4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0.,\n'
          '         1., 2., 3., 4., 5., 6., 0., 1., 2., 3.],\n'
          '        [4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0.,\n'
          '         1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4.,\n'
          '         5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1.,\n'
          '         2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5.,\n'
          '         6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2., 3., 4., 5., 6., 0., 1., 2.,\n'
          '         3., 4., 5., 6., 0., 1., 2., 3., 4., 5.]])')),
    Case('requires_grad_leaf', np.array([1., 2., 3.], dtype=np.float32),
         'float32', 'float32', 'leaf', None,
         'tensor([1., 2., 3.], requires_grad=True)'),
    Case('requires_grad_float64', np.array([1., 2.], dtype=np.float64),
         'float64', 'float32', 'leaf', None,
         'tensor([1., 2.], dtype=torch.float64, requires_grad=True)'),
    Case('grad_fn_matrix', np.array([[1., 2.], [3., 4.]], dtype=np.float32),
         'float32', 'float32', 'AddBackward0', None,
         ('tensor([[1., 2.],\n'
          '        [3., 4.]], grad_fn=<AddBackward0>)')),
    Case('suffix_wraps_line', np.arange(18, dtype=np.float32) * 1.25,
         'float32', 'float32', 'MulBackward0', None,
         ('tensor([ 0.0000,  1.2500,  2.5000,  3.7500,  5.0000,  6.2500,  7.5000,  8.7500,\n'
          '        10.0000, 11.2500, 12.5000, 13.7500, 15.0000, 16.2500, 17.5000, 18.7500,\n'
          '        20.0000, 21.2500], grad_fn=<MulBackward0>)')),
    Case('suffixes_wrap_float64', np.arange(17, dtype=np.float64) + 0.5,
         'float64', 'float32', 'PowBackward0', None,
         ('tensor([ 0.5000,  1.5000,  2.5000,  3.5000,  4.5000,  5.5000,  6.5000,  7.5000,\n'
          '         8.5000,  9.5000, 10.5000, 11.5000, 12.5000, 13.5000, 14.5000, 15.5000,\n'
          '        16.5000], dtype=torch.float64, grad_fn=<PowBackward0>)')),
    Case('complex', np.array([1+2j, -3.5-0j, 0.25j], dtype=np.complex64),
         'complex64', 'float32', None, None,
         'tensor([ 1.0000+2.0000j, -3.5000+0.0000j,  0.0000+0.2500j])'),
    Case('complex_scalar', np.array(1-1j, dtype=np.complex64),
         'complex64', 'float32', None, None,
         'tensor(1.-1.j)'),
    Case('complex128_suffix', np.array([1+1j], dtype=np.complex128),
         'complex128', 'float32', None, None,
         'tensor([1.+1.j], dtype=torch.complex128)'),
    Case('complex128_default', np.array([1+1j], dtype=np.complex128),
         'complex128', 'float64', None, None,
         'tensor([1.+1.j])'),
    Case('precision_2', np.array([1.23456, 2.5], dtype=np.float32),
         'float32', 'float32', None, {'precision': 2},
         'tensor([1.23, 2.50])'),
    Case('sci_forced', np.array([1., 2.5], dtype=np.float32),
         'float32', 'float32', None, {'sci_mode': True},
         'tensor([1.0000e+00, 2.5000e+00])'),
    Case('sci_disabled', np.array([1e-5, 1e5], dtype=np.float32),
         'float32', 'float32', None, {'sci_mode': False},
         'tensor([     0.0000, 100000.0000])'),
    Case('threshold_5', np.arange(10),
         'int64', 'float32', None, {'threshold': 5},
         'tensor([0, 1, 2,  ..., 7, 8, 9])'),
    Case('edgeitems_0', np.arange(10.),
         'float64', 'float32', None, {'threshold': 5, 'edgeitems': 0},
         'tensor([...], size=(10,), dtype=torch.float64)'),
    Case('edgeitems_0_2d', np.arange(12.).reshape(3, 4),
         'float64', 'float64', 'leaf', {'threshold': 5, 'edgeitems': 0},
         'tensor([...], size=(3, 4), requires_grad=True)'),
    Case('linewidth_30', np.arange(12, dtype=np.float32),
         'float32', 'float32', 'leaf', {'linewidth': 30},
         ('tensor([ 0.,  1.,  2.,  3.,\n'
          '         4.,  5.,  6.,  7.,\n'
          '         8.,  9., 10., 11.],\n'
          '       requires_grad=True)')),
    Case('profile_short', np.array([1.23456, 2.5], dtype=np.float32),
         'float32', 'float32', None, {'profile': 'short'},
         'tensor([1.23, 2.50])'),
    Case('suffix_on_new_line', np.arange(8, dtype=np.float32) * 1.25 + 10,
         'float32', 'float32', 'MulBackward0', None,
         ('tensor([10.0000, 11.2500, 12.5000, 13.7500, 15.0000, 16.2500, 17.5000, 18.7500],\n'
          '       grad_fn=<MulBackward0>)')),
    Case('second_suffix_on_new_line', np.arange(5, dtype=np.float64) * 1.25 + 10,
         'float64', 'float32', 'SumBackward1', None,
         ('tensor([10.0000, 11.2500, 12.5000, 13.7500, 15.0000], dtype=torch.float64,\n'
          '       grad_fn=<SumBackward1>)')),
    Case('int16_matrix', np.array([[1, 2], [3, 4]], dtype=np.int16),
         'int16', 'float32', None, None,
         ('tensor([[1, 2],\n'
          '        [3, 4]], dtype=torch.int16)')),
]


@pytest.fixture(autouse=True)
def _default_options():
    """Every test starts from, and leaves behind, PyTorch's default print options."""
    set_printoptions(profile="default")
    yield
    set_printoptions(profile="default")


def _format(case: Case) -> str:
    return format_tensor(
        case.data,
        dtype_name=case.dtype_name,
        default_dtype_name=case.default_dtype_name,
        grad_fn_name=None if case.grad in (None, "leaf") else case.grad,
        requires_grad=case.grad is not None,
    )


def test_cases_use_the_dtype_they_name():
    for case in CASES:
        assert case.data.dtype.name == case.dtype_name, case.id


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_prints_like_pytorch(case: Case):
    if case.options:
        set_printoptions(**case.options)
    assert _format(case) == case.expected


def test_explicit_options_leave_module_state_alone():
    data = np.array([1.23456, 2.5], dtype=np.float32)
    text = format_tensor(data, dtype_name="float32", default_dtype_name="float32",
                         options=PrintOptions(precision=2))
    assert text == "tensor([1.23, 2.50])"
    assert get_printoptions()["precision"] == 4
    assert format_tensor(data, dtype_name="float32",
                         default_dtype_name="float32") == "tensor([1.2346, 2.5000])"


def test_prefix_sets_the_indent():
    data = np.arange(30.0, dtype=np.float32).reshape(2, 15) / 4
    text = format_tensor(data, dtype_name="float32", default_dtype_name="float32",
                         prefix="MyT(")
    assert text == (
        'MyT([[0.0000, 0.2500, 0.5000, 0.7500, 1.0000, 1.2500, 1.5000, 1.7500, 2.0000,\n'
        '      2.2500, 2.5000, 2.7500, 3.0000, 3.2500, 3.5000],\n'
        '     [3.7500, 4.0000, 4.2500, 4.5000, 4.7500, 5.0000, 5.2500, 5.5000, 5.7500,\n'
        '      6.0000, 6.2500, 6.5000, 6.7500, 7.0000, 7.2500]])')


def test_grad_fn_wins_over_requires_grad():
    data = np.array(3.0, dtype=np.float32)
    text = format_tensor(data, dtype_name="float32", default_dtype_name="float32",
                         grad_fn_name="AddBackward0", requires_grad=True)
    assert text == "tensor(3., grad_fn=<AddBackward0>)"


def test_full_profile_never_summarises():
    set_printoptions(profile="full")
    text = format_tensor(np.arange(5000) % 7, dtype_name="int64", default_dtype_name="float32")
    assert "..." not in text
    assert text.count(",") == 4999


def test_summarised_tensor_formats_only_edge_items():
    """The column width comes from the printed edge items, not the hidden middle."""
    data = np.ones(2000, dtype=np.float32)
    data[1000] = 123456.5
    text = format_tensor(data, dtype_name="float32", default_dtype_name="float32")
    assert text == "tensor([1., 1., 1.,  ..., 1., 1., 1.])"


def test_set_printoptions_mirrors_torch():
    assert get_printoptions() == {"precision": 4, "threshold": 1000, "edgeitems": 3,
                                  "linewidth": 80, "sci_mode": None}
    set_printoptions(precision=2, sci_mode=True)
    assert get_printoptions()["precision"] == 2
    assert get_printoptions()["sci_mode"] is True
    set_printoptions(linewidth=100)  # like torch, every call resets sci_mode
    assert get_printoptions()["sci_mode"] is None
    assert get_printoptions()["precision"] == 2
    set_printoptions(profile="short")
    assert get_printoptions() == {"precision": 2, "threshold": 1000, "edgeitems": 2,
                                  "linewidth": 80, "sci_mode": None}
    set_printoptions(profile="full", edgeitems=5)
    assert get_printoptions()["threshold"] == math.inf
    assert get_printoptions()["edgeitems"] == 5
    set_printoptions(profile="no-such-profile")  # ignored, as in torch
    assert get_printoptions()["threshold"] == math.inf


def test_printoptions_context_restores():
    with printoptions(precision=1, threshold=3):
        assert get_printoptions()["precision"] == 1
        assert format_tensor(np.arange(5.0), dtype_name="float64",
                             default_dtype_name="float64") == "tensor([0., 1., 2., 3., 4.])"
        assert printing.PRINT_OPTS.threshold == 3
    assert get_printoptions()["precision"] == 4
    assert get_printoptions()["threshold"] == 1000


@pytest.mark.parametrize("shape, expected", [
    ((), "torch.Size([])"),
    ((4,), "torch.Size([4])"),
    ((2, 3), "torch.Size([2, 3])"),
    ((0, 1, 5), "torch.Size([0, 1, 5])"),
    (np.zeros((2, 2)).shape, "torch.Size([2, 2])"),
])
def test_format_size(shape, expected):
    assert format_size(shape) == expected


@pytest.mark.parametrize("name", ["float32", "float64", "int64", "bool", "complex64"])
def test_format_dtype(name):
    assert format_dtype(name) == "torch." + name


def test_deep_tensor_prints_without_recursion_limits():
    data = np.zeros((1,) * 40, dtype=np.float32)
    text = format_tensor(data, dtype_name="float32", default_dtype_name="float32")
    assert text == "tensor(" + "[" * 40 + "0." + "]" * 40 + ")"


def test_format_of_a_tensor_is_pytorchs():
    """f"{t}" of a 0-d tensor is its number, as in PyTorch; other tensors take no spec."""
    import gradcli
    x = gradcli.tensor(2.0, requires_grad=True)
    assert (f"{x}", f"{x * 3:.3f}", f"{gradcli.tensor(3)}", f"{gradcli.tensor(True)}") == \
        ("2.0", "6.000", "3", "True")
    assert f"{gradcli.ones(2)}" == str(gradcli.ones(2))
    with pytest.raises(TypeError, match="unsupported format string passed to Tensor"):
        f"{gradcli.ones(2):.2f}"
