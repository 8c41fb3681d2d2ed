"""How fast is one SGD step of backprop_lib?  (A benchmark, not a test.)

For three networks it times one step of stochastic gradient descent -- forward
pass, backward pass, weight update, exactly ``net.sgd_step(x, E, lr)`` with all
its input checks -- and prints it as ratios measured in the same run:

* against the pure matrix-multiply lower bound of that step: the same matrix
  products (z^k = a^{k-1} W^T, dC/dW^k = delta^T a^{k-1}, dC/da^{k-1} = delta W^k)
  alone, into preallocated outputs, with nothing else;
* against PyTorch on the CPU (same network, activations, loss and dtype,
  ``torch.set_num_threads(1)``, a plain SGD step with autograd) when torch can
  be imported.  Two torch versions are timed -- raw tensors with a manual update,
  and ``nn.Sequential`` + ``torch.optim.SGD`` -- and the faster one is the baseline.

Everything runs on ONE thread (numpy's BLAS too: OPENBLAS_NUM_THREADS and friends
are set to 1 before numpy is imported), so the comparison is like for like.
Times are CPU times of this process (robust when the machine is shared), medians
over many interleaved rounds after a warm-up.

Run:  python benchmarks/bench_step.py          (about a minute; needs only numpy)
      /tmp/bench-venv/bin/python benchmarks/bench_step.py   (a venv that also has torch)
      python benchmarks/bench_step.py --quick  (a few seconds; rougher figures)

Targets: ratio vs torch <= 0.95 (large), <= 0.45 (deep-narrow), <= 0.2 (tiny); within 1.25x
of the matmul bound on the large network.
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
             "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"  # before numpy is imported: one BLAS thread, like torch below

import argparse  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from backprop_lib import Network  # noqa: E402

try:
    import torch

    torch.set_num_threads(1)
except ImportError:  # the benchmark still reports the matmul bound
    torch = None

#: A small learning rate, so thousands of timed steps on random targets never
#: diverge (inf/NaN arithmetic would time something else).
LR = 1e-5

#: CPU time of this process, not wall-clock time: the machine may be shared, and
#: a single-threaded step's CPU time does not count the time other programs ran.
CLOCK = time.process_time

#: (label, sizes, batch (None: one example, x of shape (n0,)), hidden, output activation, target)
CASES = [
    ("large 784-256-256-10, batch 256", [784, 256, 256, 10], 256, "relu", "identity", 0.95),
    ("deep-narrow 20 x 32, batch 64", [32] * 21, 64, "tanh", "identity", 0.45),
    ("tiny 2-3-1, one example", [2, 3, 1], None, "tanh", "identity", 0.2),
]
DTYPE = np.float32
LOSS = "squared_error"


def median_time(fn, number):
    """Seconds per call of fn(), one block of ``number`` calls."""
    t0 = CLOCK()
    for _ in range(number):
        fn()
    return (CLOCK() - t0) / number


def calibrate(fn, target=0.01):
    """How many calls make a block of about ``target`` seconds."""
    fn()
    n = 1
    while True:
        t = median_time(fn, n)
        if t * n >= target / 4 or n >= 1 << 16:
            return max(1, int(n * target / max(t * n, 1e-9)))
        n *= 4


def make_data(sizes, batch, seed=1):
    rng = np.random.default_rng(seed)
    shape_x = (sizes[0],) if batch is None else (batch, sizes[0])
    shape_e = (sizes[-1],) if batch is None else (batch, sizes[-1])
    return rng.standard_normal(shape_x).astype(DTYPE), rng.standard_normal(shape_e).astype(DTYPE)


def matmul_bound(net, x):
    """The same matrix products as one SGD step, into preallocated outputs, nothing else."""
    W, L = net.W, net.L
    a = [np.atleast_2d(x)]
    B = a[0].shape[0]
    for k in range(1, L + 1):
        a.append(np.zeros((B, net.sizes[k]), DTYPE))
    delta = [None] + [np.ones((B, net.sizes[k]), DTYPE) for k in range(1, L + 1)]
    dW = [None] + [np.zeros_like(W[k]) for k in range(1, L + 1)]
    da = [None] + [np.zeros((B, net.sizes[k]), DTYPE) for k in range(1, L + 1)]

    def step():
        for k in range(1, L + 1):
            np.matmul(a[k - 1], W[k].T, out=a[k])  # z^k = a^{k-1} (W^k)^T
        for k in range(L, 0, -1):
            np.matmul(delta[k].T, a[k - 1], out=dW[k])  # dC/dW^k = (delta^k)^T a^{k-1}
            if k > 1:
                np.matmul(delta[k], W[k], out=da[k - 1])  # dC/da^{k-1} = delta^k W^k

    return step


_TORCH_ACT = {"relu": "relu", "tanh": "tanh", "sigmoid": "sigmoid", "identity": None}


def torch_steps(net, x, E, hidden, output):
    """Two torch SGD steps on the same network: raw tensors, and nn.Sequential + optim.SGD."""
    tdtype = {np.float32: torch.float32, np.float64: torch.float64}[DTYPE]
    xt, Et = torch.from_numpy(np.array(x)), torch.from_numpy(np.array(E))
    acts = [None] + [hidden] * (net.L - 1) + [output]

    # Raw tensors, update by hand: the leanest autograd step.
    Ws = [None] + [torch.tensor(net.W[k], dtype=tdtype, requires_grad=True) for k in range(1, net.L + 1)]
    bs = [None] + [torch.tensor(net.b[k], dtype=tdtype, requires_grad=True) for k in range(1, net.L + 1)]
    params = Ws[1:] + bs[1:]

    def apply(name, z):
        return z if name == "identity" else getattr(torch, _TORCH_ACT[name])(z)

    def cost_raw():
        a = xt
        for k in range(1, net.L + 1):
            a = apply(acts[k], a @ Ws[k].T + bs[k])
        return ((a - Et) ** 2).sum(-1).mean()

    def raw_step():
        C = cost_raw()
        C.backward()
        with torch.no_grad():
            for p in params:
                p.add_(p.grad, alpha=-LR)  # in place, fused: p <- p - lr * grad
                p.grad = None
        return C

    # The idiomatic way: modules and an optimizer.
    layers = []
    for k in range(1, net.L + 1):
        lin = torch.nn.Linear(net.sizes[k - 1], net.sizes[k], dtype=tdtype)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(net.W[k]))
            lin.bias.copy_(torch.from_numpy(net.b[k]))
        layers.append(lin)
        if acts[k] == "relu":
            layers.append(torch.nn.ReLU())
        elif acts[k] == "tanh":
            layers.append(torch.nn.Tanh())
        elif acts[k] == "sigmoid":
            layers.append(torch.nn.Sigmoid())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.SGD(model.parameters(), lr=LR)

    def module_step():
        opt.zero_grad(set_to_none=True)
        C = ((model(xt) - Et) ** 2).sum(-1).mean()
        C.backward()
        opt.step()
        return C

    # Sanity: the same cost as backprop_lib from the same weights.
    c_lib = net.cost(x, E)
    with torch.no_grad():
        c_raw, c_mod = float(cost_raw()), float(((model(xt) - Et) ** 2).sum(-1).mean())
    assert np.isclose(c_lib, c_raw, rtol=1e-3) and np.isclose(c_lib, c_mod, rtol=1e-3), (c_lib, c_raw, c_mod)
    return {"torch (tensors)": raw_step, "torch (nn+optim)": module_step}


def run_case(label, sizes, batch, hidden, output, rounds, target_time):
    x, E = make_data(sizes, batch)
    net = Network(sizes, activation=hidden, output_activation=output, loss=LOSS, init="he_normal", seed=0, dtype=DTYPE)
    contenders = {"backprop_lib": lambda: net.sgd_step(x, E, LR), "matmul bound": matmul_bound(net.copy(), x)}
    if torch is not None:
        contenders.update(torch_steps(net.copy(), x, E, hidden, output))
    numbers = {name: calibrate(fn, target_time) for name, fn in contenders.items()}
    for name, fn in contenders.items():  # warm-up
        median_time(fn, numbers[name])
    times = {name: [] for name in contenders}
    for _ in range(rounds):  # interleaved, so a change in machine load hits every contender alike
        for name, fn in contenders.items():
            times[name].append(median_time(fn, numbers[name]))
    for k in range(1, net.L + 1):
        assert np.isfinite(net.W[k]).all(), "training diverged during the benchmark"
    return {name: float(np.median(t)) for name, t in times.items()}


def fmt_time(t):
    return f"{t * 1e6:9.1f} us" if t < 1e-3 else f"{t * 1e3:9.3f} ms"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a few seconds, rougher)")
    args = parser.parse_args(argv)
    rounds, target_time = (7, 0.005) if args.quick else (41, 0.02)

    print("backprop_lib: one SGD step (forward + backward + update), medians over", rounds, "rounds")
    print(f"python {platform.python_version()}, numpy {np.__version__}, dtype {np.dtype(DTYPE).name}, "
          f"loss {LOSS}; CPU time; ONE thread: OPENBLAS/OMP/MKL_NUM_THREADS=1"
          + (f", torch {torch.__version__} with set_num_threads(1)" if torch is not None else ", torch not installed"))
    header = (f"{'network':<34} {'backprop_lib':>12} {'matmul bound':>12} {'lib/bound':>9} "
              f"{'torch':>12} {'lib/torch':>9} {'target':>7}  verdict")
    print(header)
    print("-" * len(header))
    all_met = True
    for label, sizes, batch, hidden, output, target in CASES:
        t = run_case(label, sizes, batch, hidden, output, rounds, target_time)
        lib, bound = t["backprop_lib"], t["matmul bound"]
        row = f"{label:<34} {fmt_time(lib):>12} {fmt_time(bound):>12} {lib / bound:>8.2f}x "
        met = True
        if label.startswith("large"):
            met = lib / bound <= 1.25
        if torch is not None:
            tt = min(v for k, v in t.items() if k.startswith("torch"))
            which = min((v, k) for k, v in t.items() if k.startswith("torch"))[1]
            met = met and lib / tt <= target
            row += f"{fmt_time(tt):>12} {lib / tt:>9.2f} {'<=' + str(target):>7}  "
            row += ("met" if met else "MISSED") + f"  ({which[7:-1]})"
        else:
            row += f"{'-':>12} {'-':>9} {'<=' + str(target):>7}  " + ("met (bound)" if met else "MISSED")
        all_met &= met
        print(row, flush=True)
    print("-" * len(header))
    print("activations: large relu/identity, deep-narrow tanh/identity, tiny tanh/identity; "
          "target on 'large' also: lib/bound <= 1.25")
    print("all targets met" if all_met else "some targets MISSED")


if __name__ == "__main__":
    main()
