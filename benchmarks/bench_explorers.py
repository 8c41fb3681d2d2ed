"""How fast do the explorers respond?  (A benchmark, not a test.)

For every explorer in ``backprop_lib.explorers.catalog()`` and every one of its controls, this
measures the kernel-side latency from a value change of the live widget's control
(``ex.control_widget(name).value = v``: the new ``params`` the page sends) to the widget holding
the figure's new numbers (explorers/widget.py): the trait notification, the explorer's
``quantities`` (kept for the last settings), the template of a new structure (drawn once per
structure), and the message's state. (Sending it to a browser and writing it into the figure
are not included: benchmarks/bench_jupyter_explorers.py measures that, in JupyterLab.)

Figures are medians and 90th percentiles over many changes, each control swept back and forth
across its range (dropdowns cycle through their options). They are printed as CPU time of
this process (robust on a shared machine) and wall time, and as ratios against a baseline
measured in the same run: rebuilding a small matplotlib figure (a line plot of the activation
curve and a marker, saved as PNG), the usual way a notebook redraws a plot on a slider move.

Target: <= 2 ms median CPU per control change, for every control of every explorer.

Run:  python benchmarks/bench_explorers.py           (~ half a minute)
      python benchmarks/bench_explorers.py --quick   (a few seconds; rougher figures)
"""

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from backprop_lib import explorers  # noqa: E402

#: The target: seconds of CPU, median per control change.
TARGET = 0.002


def _values(control, n):
    """Values to step a control through: across its range and back (always a change)."""
    vals = control.values()
    if len(vals) > 12:  # about 12 values across the range
        vals = [vals[round(i * (len(vals) - 1) / 11)] for i in range(12)]
    if len(vals) < 2:
        return vals * n
    cyc = vals + vals[-2:0:-1]
    out = []
    while len(out) < n:
        out.extend(cyc)
    return out[:n]


def time_changes(widget, values):
    """CPU and wall seconds of each ``widget.value = v``."""
    cpu, wall = [], []
    for v in values:
        if widget.value == v:
            continue
        c0, w0 = time.process_time(), time.perf_counter()
        widget.value = v
        w1, c1 = time.perf_counter(), time.process_time()
        cpu.append(c1 - c0)
        wall.append(w1 - w0)
    return np.array(cpu), np.array(wall)


def baseline(n):
    """Rebuilding a matplotlib figure per change (the usual approach), CPU and wall seconds."""
    import io

    from matplotlib.figure import Figure

    z = np.linspace(-4, 4, 81)
    cpu, wall = [], []
    for i in range(n):
        c0, w0 = time.process_time(), time.perf_counter()
        fig = Figure(figsize=(4, 3), dpi=80)
        ax = fig.add_subplot()
        ax.plot(z, np.tanh(z))
        ax.plot([i % 5 - 2], [np.tanh(i % 5 - 2)], "o")
        ax.set_xlabel("z")
        ax.set_ylabel("σ(z)")
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        w1, c1 = time.perf_counter(), time.process_time()
        cpu.append(c1 - c0)
        wall.append(w1 - w0)
    return np.array(cpu), np.array(wall)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = ap.parse_args(argv)
    n = 12 if args.quick else 40
    nb = 8 if args.quick else 25

    baseline(2)  # warm-up (imports, font cache)
    b_cpu, b_wall = baseline(nb)
    bmed = float(np.median(b_cpu))
    print(f"Baseline: matplotlib figure rebuild + PNG, median CPU {bmed * 1e3:.1f} ms, "
          f"wall {np.median(b_wall) * 1e3:.1f} ms (n={nb})\n")
    head = (f"{'explorer':<18} {'control':<12} {'kind':<4} {'cpu med':>8} {'cpu p90':>8} "
            f"{'wall med':>9} {'wall p90':>9} {'x base':>7} {'target':>7}  ok")
    print(head)
    print("-" * len(head))
    worst = {}
    failures = 0
    for name, factory in sorted(explorers.catalog().items()):
        ex = factory()
        ex.widget  # build it (not timed)
        target, kind = TARGET, "svg"
        for c in ex.control_list:
            w = ex.control_widget(c.name)
            start = w.value
            time_changes(w, _values(c, 4))  # warm-up (caches)
            cpu, wall = time_changes(w, _values(c, n))
            w.value = start
            med, p90 = float(np.median(cpu)), float(np.percentile(cpu, 90))
            ok = med <= target
            failures += not ok
            worst[name] = max(worst.get(name, 0.0), med)
            print(f"{name:<18} {c.name:<12} {kind:<4} {med * 1e3:7.2f}ms {p90 * 1e3:7.2f}ms "
                  f"{np.median(wall) * 1e3:8.2f}ms {np.percentile(wall, 90) * 1e3:8.2f}ms "
                  f"{med / bmed:7.3f} {target * 1e3:5.0f}ms  {'yes' if ok else 'NO'}")
    print()
    for name, med in sorted(worst.items()):
        print(f"{name}: slowest control median {med * 1e3:.2f} ms CPU = {med / bmed:.3f} x the "
              f"matplotlib rebuild")
    print(f"\n{failures} control(s) over target." if failures else "\nEvery control meets its target.")
    print("(CPU time of this process; wall time is also shown and is higher on a loaded machine.)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
