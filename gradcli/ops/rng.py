"""PyTorch's CPU random numbers: its mt19937 stream and the way its kernels draw from it.

PyTorch's default CPU generator is a 32-bit Mersenne Twister seeded by `manual_seed(s)` with
the low 32 bits of s (the standard init_genrand; NumPy's MT19937 runs the same recurrence
once given that state). Its kernels turn the stream into numbers this way (ATen's
DistributionsHelper.h and cpu/DistributionTemplates.h, PyTorch 2.13):
- uniform (`rand`): one 32-bit draw per float32/float16 element, `(r & (2^24 - 1)) / 2^24`
  (cast to float16/bfloat16, a value rounded up to 1 becomes 0, as `uniform_` does);
  one 64-bit draw (two 32-bit ones, the first high) per float64, `(r & (2^53 - 1)) / 2^53`;
- normal (`randn`, `normal`) of 16 or more contiguous elements: uniforms for all of them,
  then Box-Muller on each block of 16 (u1 = 1 - data[j], u2 = data[j + 8] for j < 8; cos to
  the first half, sin to the second), the last block redrawn and redone when the size is not
  a multiple of 16; of fewer elements: Box-Muller in float64 per element from two 64-bit
  uniforms, keeping the sine half for the next call (until the next seeding); a mean and std
  are applied with one fused multiply-add, as ATen's kernels are compiled;
- uniform in [a, b) (`uniform_`): the uniform above, then fma(u, b - a, a) in the dtype;
- integers in [low, high) (`randint`, `random_`): `r % (high - low) + low`, r a 32-bit draw
  (64-bit for a range of 2^28 or more);
- permutations (`randperm`): a forward Fisher-Yates swap with `r % (n - i)`.
So `manual_seed(0); randn(3)` prints what PyTorch prints, bit for bit (float32 blocks use
ATen's own vectorised log and sincos, ops/avx_mathfun.py) but for float64 normals of more
than 65,536 elements (NumPy's functions, not the C library's).

Inside `vmap(randomness="different")` PyTorch draws each random op's numbers for the whole
batch at once (one `randn(B, 5)` for `randn(5)` in a function mapped over B slices), while
gradcli runs the function slice by slice: `batched_draws` makes each draw of the first
slice draw for every slice, and the later slices take their share (`BATCHES`).
"""
from __future__ import annotations

import functools
import math

import numpy as np

from ..fpmath import fma
from .avx_mathfun import log256, sincos256

DEFAULT_SEED = 67280421310721          # PyTorch's default_rng_seed_val
_STATE = np.dtype([("seed", "<u8"), ("left", "<i4"), ("seeded", "<i4"), ("next", "<u8"),
                   ("state", "<u8", 624), ("normal_x", "<f8"), ("normal_y", "<f8"),
                   ("normal_rho", "<f8"), ("normal_is_valid", "<i4"), ("pad", "<i4"),
                   ("next_float_normal", "<f4"), ("float_valid", "u1"), ("pad2", "u1", 3)])
_M53 = np.uint64((1 << 53) - 1)
_TWO_PI = 2.0 * math.pi


# -- vmap's batches ----------------------------------------------------------------------------

#: the batches of vmap(randomness="different") running now, outermost first
BATCHES: list = []
_DIRECT = [0]           # inside a draw already: its own draws are plain


class BatchDraws:
    """One vmap batch's draws: at its first slice each draw is made for all `size` slices
    and the later slices' shares kept; slice k takes its share of the same draw (the
    draws of a slice are counted, so the j-th draw of slice k is the j-th of slice 0)."""

    def __init__(self, size: int):
        self.size, self.slice, self.count, self.kept = size, 0, 0, []

    def start(self, k: int) -> None:
        self.slice, self.count = k, 0

    def take(self, key):
        """This slice's share of its next draw (None when slice 0 made no such draw)."""
        j, self.count = self.count, self.count + 1
        if j < len(self.kept) and self.kept[j][0] == key:
            return self.kept[j][1][self.slice]
        return None

    def keep(self, key, values: np.ndarray) -> np.ndarray:
        """Keep the slices' shares of a draw for all of them; slice 0's."""
        rows = np.split(values, self.size)
        self.kept.append((key, rows))
        self.count += 1
        return rows[0]


def batched_draws(n_at: int, each: bool = False):
    """A draw method of n values (n its argument number n_at), drawn as PyTorch's batched
    kernel draws it inside vmap batches: n times the batch sizes at once, or with `each`
    (randperm, which PyTorch loops over the batch) once per slice in turn. Batches are
    worked out from the innermost, which takes a share of an outer batch's draw or has
    all of them drawn."""
    def wrap(real):
        @functools.wraps(real)
        def method(self, *args, **kwargs):
            if not BATCHES or _DIRECT[0] or kwargs or len(args) <= n_at:
                return real(self, *args, **kwargs)
            key = (real.__name__,) + args
            drawing, values = [], None
            for batch in reversed(BATCHES):
                if batch.slice:
                    values = batch.take(key)
                    if values is not None:
                        break
                    continue        # a draw slice 0 did not make: this slice's own
                drawing.append(batch)
            if values is None:
                copies = math.prod(b.size for b in drawing)
                _DIRECT[0] += 1
                try:
                    if each:
                        values = np.concatenate([real(self, *args) for _ in range(copies)])
                    else:
                        values = real(self, *_times(args, n_at, copies))
                finally:
                    _DIRECT[0] -= 1
            for batch in reversed(drawing):
                values = batch.keep(key, values)
            return values
        return method
    return wrap


def _times(args: tuple, n_at: int, copies: int) -> tuple:
    return args[:n_at] + (args[n_at] * copies,) + args[n_at + 1:]


def one_at_a_time(real):
    """A draw PyTorch's kernels make element by element (a Poisson sample, one double
    normal): inside vmap batches, drawn plainly in each slice, its own draws too."""
    @functools.wraps(real)
    def method(self, *args, **kwargs):
        _DIRECT[0] += 1
        try:
            return real(self, *args, **kwargs)
        finally:
            _DIRECT[0] -= 1
    return method


class TorchGenerator:
    """PyTorch's CPU generator: an mt19937 engine and the cached second normal sample."""

    def __init__(self, seed: int = DEFAULT_SEED):
        self.manual_seed(seed)

    def manual_seed(self, seed: int) -> None:
        self.seed = int(seed) & 0xFFFFFFFFFFFFFFFF
        s = self.seed & 0xFFFFFFFF
        key = np.empty(624, dtype=np.uint32)
        key[0] = s
        for j in range(1, 624):
            s = (1812433253 * (s ^ (s >> 30)) + j) & 0xFFFFFFFF
            key[j] = s
        self._set_engine(key, 624)
        self.unstarted = key            # PyTorch's engine tells a fresh key (next 0) apart
        self.next_normal = None

    def _set_engine(self, key: np.ndarray, pos: int) -> None:
        self.engine = np.random.MT19937()
        self.engine.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": pos}}

    # -- state (get_rng_state / set_rng_state, and batch's isolation of files): PyTorch's
    # bytes, its CPUGeneratorImplState (CPUGeneratorImpl.cpp): the legacy THGenerator POD
    # (seed u64, left i32, seeded i32, next u64, the 624 words as u64, normal_x/y/rho f64,
    # normal_is_valid i32 + 4 padding), then the float normal cache (f32, bool + 3 padding).
    def state(self):
        """A snapshot for set_state (batch's isolation of files, vmap's check for draws)."""
        return self.engine.state, self.next_normal

    def state_bytes(self):
        """A uint8 tensor of torch.Size([5056]), as PyTorch's get_rng_state gives it."""
        from .._tensor import Tensor
        inner = self.engine.state["state"]
        key, pos = inner["key"], int(inner["pos"])
        nxt = 0 if pos == 624 and np.array_equal(key, self.unstarted) else pos
        out = np.zeros(1, dtype=_STATE)
        left = 625 - nxt if nxt else 1         # draws until the next twist, plus one
        out["seed"], out["left"], out["seeded"], out["next"] = self.seed, left, 1, nxt
        out["state"] = key
        if self.next_normal is not None:
            out["normal_y"], out["normal_is_valid"] = self.next_normal, 1
        return Tensor._wrap(out.view(np.uint8).copy())

    def set_state(self, state) -> None:
        """Restore a snapshot `state()` gave, or bytes `state_bytes()` (or PyTorch's
        get_rng_state) gave, checked as PyTorch checks them."""
        from .._tensor import Tensor
        from ..errors import TorchRuntimeError, TorchTypeError
        if isinstance(state, tuple) and len(state) == 2 and isinstance(state[0], dict):
            self.engine.state, self.next_normal = state
            return
        if not isinstance(state, Tensor):
            raise TorchTypeError(f"expected a torch.ByteTensor, but got {type(state).__name__}")
        if state._data.dtype != np.uint8:
            raise TorchTypeError("RNG state must be a torch.ByteTensor")
        if state._data.size != _STATE.itemsize:
            raise TorchRuntimeError(f"Expected a CPUGeneratorImplState of size {_STATE.itemsize} "
                                    f"but found the input RNG state size to be "
                                    f"{state._data.size}")
        pod = np.ascontiguousarray(state._data).reshape(-1).view(_STATE)[0]
        left, nxt = int(pod["left"]), int(pod["next"]) & 0xFFFFFFFF
        if not (pod["seeded"] & 0xFF and 0 < left <= 624 and nxt <= 624):
            raise TorchRuntimeError("Invalid mt19937 state")
        key = pod["state"].astype(np.uint32)
        self.seed = int(pod["seed"])
        self._set_engine(key, 624 if left == 1 else nxt)
        self.unstarted = key if nxt == 0 else None
        self.next_normal = float(pod["normal_y"]) if pod["normal_is_valid"] else None

    # -- draws
    @batched_draws(0)
    def u32(self, n: int) -> np.ndarray:
        """n 32-bit draws (as uint64)."""
        return self.engine.random_raw(n)

    @batched_draws(0)
    def u64(self, n: int) -> np.ndarray:
        """n 64-bit draws, each two 32-bit ones, the first high."""
        r = self.engine.random_raw(2 * n).reshape(n, 2)
        return (r[:, 0] << np.uint64(32)) | r[:, 1]

    @batched_draws(0)
    def uniform(self, n: int, dtype) -> np.ndarray:
        """n uniforms in [0, 1) of `dtype` (a NumPy float dtype), as PyTorch draws them."""
        dtype = _floating("check_uniform_bounds", dtype)
        if dtype.kind == "c":                   # the real and imaginary parts in turn
            return self.uniform(2 * n, _real(dtype)).view(dtype)
        if np.dtype(dtype) == np.float64:
            return (self.u64(n) & _M53).astype(np.float64) * 2.0 ** -53
        return ((self.u32(n) & np.uint64(0xFFFFFF)).astype(np.float64) * 2.0 ** -24
                ).astype(dtype)

    @batched_draws(0)
    def normal(self, n: int, dtype, mean=0.0, std=1.0) -> np.ndarray:
        dtype = _floating("normal_kernel_cpu", dtype)
        if dtype.kind == "c":                   # both parts, each of std / sqrt(2)
            return self.normal(2 * n, _real(dtype), mean, std / math.sqrt(2)).view(dtype)
        if n >= 16:
            return self._normal_fill(n, dtype, mean, std)
        out = np.array([self._normal_double() for _ in range(n)], dtype=np.float64)
        return fma(out, np.float64(std), np.float64(mean)).astype(dtype)

    @batched_draws(0)
    def uniform_range(self, n: int, dtype, low: float, high: float) -> np.ndarray:
        """n uniforms in [low, high) of `dtype`, as `uniform_(low, high)` draws them: the
        bounds cast to the dtype, then fma(u, high - low, low) (ATen's kernel, contracted)."""
        dtype = _floating("check_uniform_bounds", dtype)
        if dtype.kind == "c":
            return self.uniform_range(2 * n, _real(dtype), low, high).view(dtype)
        work = dtype if dtype in (np.float32, np.float64) else np.dtype(np.float32)
        c = work.type
        lo, hi = c(low), c(high)
        out = _narrowed(fma(self.uniform(n, work), hi - lo, lo), dtype)
        # a value the cast rounded up to the upper bound becomes the lower one (ATen's
        # uniform_kernel), so rand() of float16 or bfloat16 never gives 1
        top = out == _narrowed(np.asarray(high, np.float64), dtype)
        if top.any():
            out[top] = _narrowed(np.asarray(low, np.float64), dtype)
        return out

    @one_at_a_time
    def _normal_double(self) -> float:
        if self.next_normal is not None:
            value, self.next_normal = self.next_normal, None
            return value
        u1, u2 = (float(u) for u in self.uniform(2, np.float64))
        r = math.sqrt(-2.0 * math.log1p(-u2))
        theta = _TWO_PI * u1
        self.next_normal = r * math.sin(theta)
        return r * math.cos(theta)

    def _normal_fill(self, n: int, dtype, mean, std) -> np.ndarray:
        work = dtype if dtype in (np.float32, np.float64) else np.dtype(np.float32)
        data = self.uniform(n, work)
        blocks = n // 16
        _box_muller(data[:blocks * 16].reshape(blocks, 2, 8), work, mean, std)
        if n % 16:
            tail = self.uniform(16, work)
            _box_muller(tail.reshape(1, 2, 8), work, mean, std)
            data[n - 16:] = tail
        return data.astype(dtype, copy=False)

    @batched_draws(2)
    def integers(self, low: int, high: int, n: int) -> np.ndarray:
        """n integers in [low, high) (int64), as ATen's CPU random_from_to kernel: r % (high -
        low) + low in uint64 arithmetic, r a 32-bit draw, or a 64-bit one for a range of
        2^28 or more; for the whole 64-bit range the 64-bit draws themselves."""
        span = high - low
        if span <= 0:
            return np.full(n, low, dtype=np.int64)
        if span == 1 << 64:
            return self.u64(n).view(np.int64)
        draws = self.u64(n) if span >= 1 << 28 else self.u32(n)
        return (draws % np.uint64(span) + np.uint64(low & 0xFFFFFFFFFFFFFFFF)).view(np.int64)

    @batched_draws(0)
    def exponential(self, n: int, lambd: float = 1.0) -> np.ndarray:
        """n exponential draws (float64), as PyTorch's CPU `exponential_`: a 53-bit uniform
        u each, -1/lambd * log1p(-u) with the C library's log1p."""
        u = self.uniform(n, np.float64).tolist()
        return np.array([-1.0 / lambd * math.log1p(-v) for v in u], dtype=np.float64)

    @batched_draws(0)
    def cauchy(self, n: int, median: float = 0.0, sigma: float = 1.0) -> np.ndarray:
        """n Cauchy draws (float64), as ATen's CPU `cauchy_`: a 53-bit uniform u each,
        median + sigma * tan(pi * (u - 0.5)) (the C library's tan, the sum fused)."""
        u = self.uniform(n, np.float64).tolist()
        t = np.array([math.tan(math.pi * (v - 0.5)) for v in u], dtype=np.float64)
        return fma(np.float64(sigma), t, np.float64(median))

    @batched_draws(0)
    def log_normal(self, n: int, mean: float = 1.0, std: float = 2.0) -> np.ndarray:
        """n log-normal draws (float64), as ATen's CPU `log_normal_`: exp of a normal drawn
        one element at a time in double (sharing the cached second Box-Muller sample)."""
        z = np.array([self._normal_double() for _ in range(n)], dtype=np.float64)
        return np.array([math.exp(v) for v in fma(z, np.float64(std), np.float64(mean))
                         .tolist()], dtype=np.float64)

    @batched_draws(0)
    def geometric(self, n: int, p: float) -> np.ndarray:
        """n geometric draws (float64), as ATen's CPU `geometric_`: a 53-bit uniform u each,
        ceil(log(u) / log1p(-p))."""
        u = self.uniform(n, np.float64).tolist()
        d = math.log1p(-p)
        return np.array([math.ceil(math.log(v) / d) if v > 0 else math.inf for v in u],
                        dtype=np.float64)

    @one_at_a_time
    def poisson(self, rate: float) -> int:
        """One Poisson draw, as ATen's sample_poisson (NumPy's algorithms, 53-bit uniforms):
        Hoermann's transformed rejection from rate 10, else multiplying uniforms until the
        product falls to exp(-rate)."""
        if rate >= 10:
            return self._poisson_ptrs(rate)
        if rate == 0:
            return 0
        limit, count, product = math.exp(-rate), 0, 1.0
        while True:
            product *= self._unit()
            if product <= limit:
                return count
            count += 1

    @one_at_a_time
    def _unit(self) -> float:
        return float(self.uniform(1, np.float64)[0])

    def _poisson_ptrs(self, rate: float) -> int:
        slam, loglam = math.sqrt(rate), math.log(rate)
        b = 0.931 + 2.53 * slam
        a = -0.059 + 0.02483 * b
        invalpha = 1.1239 + 1.1328 / (b - 3.4)
        vr = 0.9277 - 3.6224 / (b - 2)
        while True:
            u = self._unit() - 0.5
            v = self._unit()
            us = 0.5 - abs(u)
            k = (2 * a / us + b) * u + rate + 0.43
            k = math.floor(k) if math.isfinite(k) else k    # (an infinite rate: none)
            if us >= 0.07 and v <= vr:
                return k if math.isfinite(k) else -(1 << 63)    # as the CPU casts it
            if k < 0 or (us < 0.013 and v > us):
                continue
            if (math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b)
                    <= -rate + k * loglam - math.lgamma(k + 1.0)):
                return k

    @batched_draws(0, each=True)
    def permutation(self, n: int) -> np.ndarray:
        out = np.arange(n, dtype=np.int64)
        if n > 1:
            draws = self.u32(n - 1).tolist()
            for i in range(n - 1):
                z = draws[i] % (n - i) + i
                out[i], out[z] = out[z], out[i]
        return out


def _narrowed(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """values cast to `dtype` as ATen's static_cast (bfloat16 rounded to nearest even)."""
    from .. import dtypes
    return dtypes.to_bf16(values) if dtype == dtypes.BF16_NP else \
        values.astype(dtype, copy=False)


def _floating(kernel: str, dtype) -> np.dtype:
    """`dtype` as a NumPy dtype when ATen's `kernel` takes it (floating or complex), else
    its NotImplementedError, before any number is drawn."""
    dtype = np.dtype(dtype)
    if dtype.kind not in "fc":
        from .. import dtypes
        from ..errors import TorchNotImplementedError
        raise TorchNotImplementedError(
            f"\"{kernel}\" not implemented for '{dtypes.from_numpy(dtype).legacy}'")
    return dtype


def _real(dtype: np.dtype) -> np.dtype:
    return np.dtype(np.float32 if dtype == np.complex64 else np.float64)


def _box_muller(blocks, dtype, mean, std) -> None:
    """PyTorch's normal_fill_16 on each (2, 8) block of uniforms, in place, in `dtype`."""
    c = dtype.type
    u1 = c(1) - blocks[:, 0]
    u2 = blocks[:, 1].copy()
    if dtype == np.float32:                     # normal_fill_16_AVX2 (ATen's avx_mathfun.h)
        radius = np.sqrt(c(-2) * log256(u1))
        sin_t, cos_t = sincos256(c(_TWO_PI) * u2)
    else:
        log, cos, sin = np.log, np.cos, np.sin
        if blocks.size <= _LIBM_MAX:
            log, cos, sin = _LIBM               # the C library's, as PyTorch's std:: calls
        elif blocks.size <= _LIBM_LOG_MAX:
            log = _libm_log                     # (NumPy's cos and sin agree with it here;
        with np.errstate(divide="ignore"):      # its log does not, for ~0.3% of numbers)
            radius = np.sqrt(c(-2) * log(u1))
        theta = _TWO_PI * u2
        sin_t, cos_t = sin(theta), cos(theta)
    blocks[:, 0] = fma(radius * cos_t, c(std), c(mean))   # one rounding, as ATen
    blocks[:, 1] = fma(radius * sin_t, c(std), c(mean))


def _libm_log(x):
    return np.array([math.log(v) if v > 0 else -math.inf for v in x.ravel().tolist()]
                    ).reshape(x.shape)


_LIBM = (_libm_log,
         lambda x: np.array([math.cos(v) for v in x.ravel().tolist()]).reshape(x.shape),
         lambda x: np.array([math.sin(v) for v in x.ravel().tolist()]).reshape(x.shape))
_LIBM_MAX = 1 << 16     # above it NumPy's vectorised functions (last-bit differences)
_LIBM_LOG_MAX = 1 << 20     # above it NumPy's log too (~0.14 s per million calls of the C one)
