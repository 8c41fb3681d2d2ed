"""Gradient checking: backpropagation against central differences.

Backpropagation is exact calculus, so it can be tested against the definition
of the derivative.  For any function f and small eps, the central difference

    (f(theta + eps u) - f(theta - eps u)) / (2 eps)  =  grad f(theta) . u  +  O(eps^2)

so a gradient that is right agrees with it to many digits.  We check two ways,
both in float64:

* along a few random directions u through all parameters at once (cheap, and it
  catches any wrong entry with probability 1), and
* entry by entry for the weights and biases (slower, and it says *which* entry is
  wrong).

Every comparison reports the relative error |analytic - numeric| / max(|analytic|,
|numeric|); a correct float64 backward pass gives about 1e-7 or less, while a real
mistake (a missing factor, a transposed matrix) gives errors near 1.  A failing
check prints the analytic and numeric values side by side.
"""

import numpy as np

from ._checks import check_array, check_int, check_network, check_positive, rng_from_seed

__all__ = ["numerical_gradient", "check_gradients", "GradCheckResult", "relative_error"]


def relative_error(analytic, numeric, floor=1e-4):
    """|analytic - numeric| / max(|analytic|, |numeric|, floor), element-wise.

    The floor keeps the rounding noise of a central difference (about 1e-10 in
    float64) from counting as a large relative error on gradients that are
    themselves almost zero.
    """
    analytic = np.asarray(analytic, dtype=np.float64)
    numeric = np.asarray(numeric, dtype=np.float64)
    return np.abs(analytic - numeric) / np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), floor)


def numerical_gradient(f, x, eps=1e-6):
    """The gradient of the scalar function ``f`` at the float array ``x`` by central differences.

    ``x`` is perturbed in place one entry at a time and restored.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of x returning a number; got {type(f).__name__}")
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise TypeError("x must be a numpy array of floats (it is perturbed in place)")
    check_positive(eps, "eps")
    grad = np.zeros(x.shape, dtype=np.float64)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    if not np.shares_memory(flat, x):
        raise ValueError("x must be contiguous so it can be perturbed in place")
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        f_plus = float(f(x))
        flat[i] = old - eps
        f_minus = float(f(x))
        flat[i] = old
        gflat[i] = (f_plus - f_minus) / (2 * eps)
    return grad


class GradCheckResult:
    """The outcome of :func:`check_gradients`.

    ``rows`` holds ``(what, analytic, numeric, relative_error)`` for every comparison
    made; ``max_rel_error`` is the worst; ``passed`` says whether it is below ``tol``.
    ``str(result)`` shows the worst comparisons side by side.
    """

    def __init__(self, rows, tol):
        self.rows = rows
        self.tol = tol
        self.max_rel_error = max((r[3] for r in rows), default=0.0)
        self.passed = bool(self.max_rel_error <= tol)

    def table(self, n=10):
        """The ``n`` worst comparisons as a text table."""
        worst = sorted(self.rows, key=lambda r: -r[3])[:n]
        lines = [f"{'what':<22} {'analytic':>16} {'numeric':>16} {'rel. error':>11}"]
        for what, an, nu, err in worst:
            lines.append(f"{what:<22} {an:>16.9g} {nu:>16.9g} {err:>11.2e}")
        return "\n".join(lines)

    def __str__(self):
        verdict = "passed" if self.passed else "FAILED"
        return (
            f"gradient check {verdict}: max relative error {self.max_rel_error:.2e} "
            f"(tolerance {self.tol:.0e}) over {len(self.rows)} comparisons\n" + self.table()
        )

    __repr__ = __str__

    def assert_passed(self):
        """Raise AssertionError, with the side-by-side table, unless the check passed."""
        if not self.passed:
            raise AssertionError(str(self))


def check_gradients(
    net, x, E, directions=5, per_entry=True, max_entries=2000, eps=1e-6, tol=1e-5, floor=1e-4, seed=0
):
    """Compare ``net.backward`` with central differences of ``net.cost``, in float64.

    Parameters
    ----------
    net : Network
    x, E : the input and expected output (one example or a batch)
    directions : int
        How many random directions through all parameters to check.
    per_entry : bool
        Also check every weight and bias entry (at most ``max_entries`` of them,
        chosen at random when there are more).
    eps : float
        The step of the central difference.
    tol : float
        The largest relative error that passes.
    floor : float
        Relative errors are taken against max(|analytic|, |numeric|, floor).
    seed : int
        Seeds the random directions (and the entries sampled).
    """
    check_network(net)
    for name, v in (("directions", directions), ("max_entries", max_entries)):
        check_int(v, name, 0)
    for name, v in (("eps", eps), ("tol", tol), ("floor", floor)):
        check_positive(v, name)
    net = net.astype(np.float64)
    x = check_array(x, "x").astype(np.float64)
    _, grads = net.backward(net.forward(x), E)
    params = [(f"W[{k}]", net.W[k], grads.W[k]) for k in range(1, net.L + 1)]
    params += [(f"b[{k}]", net.b[k], grads.b[k]) for k in range(1, net.L + 1)]

    def cost():
        return net.cost(x, E)

    rows = []
    rng = rng_from_seed(seed)
    for d in range(directions):
        us = [rng.standard_normal(p.shape) for _, p, _ in params]
        norm = np.sqrt(sum(float(np.sum(u * u)) for u in us))
        us = [u / norm for u in us]
        for (_, p, _), u in zip(params, us):
            p += eps * u
        c_plus = cost()
        for (_, p, _), u in zip(params, us):
            p -= 2 * eps * u
        c_minus = cost()
        for (_, p, _), u in zip(params, us):
            p += eps * u
        numeric = (c_plus - c_minus) / (2 * eps)
        analytic = sum(float(np.sum(g * u)) for (_, _, g), u in zip(params, us))
        rows.append((f"direction {d + 1}", analytic, numeric, float(relative_error(analytic, numeric, floor))))

    if per_entry:
        entries = [(name, p, g, i) for name, p, g in params for i in np.ndindex(p.shape)]
        if len(entries) > max_entries:
            pick = rng.choice(len(entries), size=max_entries, replace=False)
            entries = [entries[i] for i in sorted(pick)]
        for name, p, g, i in entries:
            old = p[i]
            p[i] = old + eps
            c_plus = cost()
            p[i] = old - eps
            c_minus = cost()
            p[i] = old
            numeric = (c_plus - c_minus) / (2 * eps)
            idx = ",".join(str(j) for j in i)
            rows.append((f"{name}[{idx}]", float(g[i]), numeric, float(relative_error(g[i], numeric, floor))))
    return GradCheckResult(rows, tol)
