"""The autodiff chapter's exercises: the references are the engine's rules, every declared
mistake is named (the accumulation bug `=` for `+=` above all), and training with the chapter's
own engine, written the way the solution says, passes the 1e-12 check against Network.backward."""

from pathlib import Path

import nbformat
import numpy as np
import pytest

from backprop_lib import Network, autodiff as ad, exercises
from backprop_lib.exercises import autodiff as module

CHAPTER = Path(__file__).resolve().parents[2] / "chapters" / "autodiff.ipynb"


def chapter_engine():
    """The namespace of the chapter's inline engine (the cells that define Value and the cost)."""
    nb = nbformat.read(CHAPTER, as_version=4)
    ns = {"np": np}
    cells = [c.source for c in nb.cells if c.cell_type == "code" and
             ("class Value" in c.source or "def quadratic_cost" in c.source or "def unbroadcast" in c.source)]
    assert cells, "the chapter defines its engine inline"
    for src in cells:
        exec(src, ns)
    return ns


def _mistake(q, name):
    return next(m for m in q.mistakes if m.name == name)


@pytest.mark.parametrize("qid", [e.id for e in module.EXERCISES])
def test_reference_passes(qid):
    q = exercises.get(qid)
    assert q.check(q.reference(), record=False).passed


@pytest.mark.parametrize("qid", ["autodiff.topological_order", "autodiff.backward_pass",
                                 "autodiff.train_with_engine", "autodiff.matmul_backward"])
def test_every_declared_mistake_is_named(qid):
    q = exercises.get(qid)
    for m in q.mistakes:
        result = q.check(m.wrong, record=False)
        assert not result.passed and result.mistake == m.name, (m.name, result.message)


def test_topological_order_of_the_chapter_graph_and_the_engine():
    q = exercises.get("autodiff.topological_order")
    order = q.reference()(**q.cases[0])
    assert order == [2, 6, 5, 4, 3, 1, 0]          # w, x, u, h, y, v, C
    ns = chapter_engine()
    Value, cost = ns["Value"], ns["quadratic_cost"]
    w, x = Value(0.5), Value(0.8)
    C = cost(w * ((w * x).tanh() + x), 1.0)
    visited = C.backward()
    assert [n.op for n in visited] == ["input", "input", "*", "tanh", "+", "*", "cost"]
    assert visited[0] is w and visited[1] is x


def test_random_graphs_are_numbered_out_of_order_and_have_a_fan_out():
    q = exercises.get("autodiff.topological_order")
    rng = np.random.default_rng(0)
    unsorted = 0
    for _ in range(30):
        case = q.random_case(rng)
        order = q.reference()(**case)
        pos = {n: i for i, n in enumerate(order)}
        assert all(pos[j] < pos[i] for i in order for j in case["inputs"][i])
        assert len(order) == len(set(order))
        unsorted += order != sorted(order)
        uses = [j for i in order for j in set(case["inputs"][i])]
        assert any(uses.count(j) > 1 for j in uses)
    assert unsorted > 20


def test_backward_pass_first_case_is_the_chapter_gradient():
    q = exercises.get("autodiff.backward_pass")
    grads = q.reference()(**q.cases[0])
    # local derivatives rounded to 4 places: dC/dw and dC/dx of the chapter to about 1e-3
    assert grads[1] == pytest.approx(-1.2483, abs=2e-3) and grads[0] == pytest.approx(-0.5854, abs=2e-3)
    assert grads[1] != pytest.approx(_mistake(q, "assigned").wrong(**q.cases[0])[1], abs=0.1)


def test_backward_pass_assignment_bug_is_named_on_every_case():
    q = exercises.get("autodiff.backward_pass")
    for _ in range(5):       # the random cases always hold a fan-out, so `=` differs on them too
        result = q.check(_mistake(q, "assigned").wrong, record=False)
        assert result.mistake == "assigned"


def _engine_train(ns):
    Value, quadratic_cost = ns["Value"], ns["quadratic_cost"]

    def train(W1, b1, W2, b2, X, E, eta, steps):            # the solution's code
        params = [W1, b1[:, None], W2, b2[:, None]]
        costs = []
        for _ in range(steps):
            P = [Value(p) for p in params]
            a = (P[0] @ Value(X) + P[1]).tanh()
            a = (P[2] @ a + P[3]).tanh()
            C = quadratic_cost(a, E)
            C.backward()
            costs.append(float(C.data))
            params = [p.data - eta * p.grad for p in P]
        return costs

    return train


def test_training_with_the_chapter_engine_passes_at_1e_12():
    q = exercises.get("autodiff.train_with_engine")
    assert q.tolerances() == (1e-12, 1e-15)
    train = _engine_train(chapter_engine())
    for _ in range(3):
        assert q.check(train, record=False).passed
    assert "Value(p) for p in params" in q.solution_text


def test_training_with_the_library_engine_passes_and_the_kept_gradients_bug_is_named():
    q = exercises.get("autodiff.train_with_engine")

    def train(W1, b1, W2, b2, X, E, eta, steps, keep=False):
        Ws = [ad.Tensor(W1), ad.Tensor(W2)]
        bs = [ad.Tensor(b1), ad.Tensor(b2)]
        costs, totals = [], [0.0] * 4
        for _ in range(steps):
            fresh = [ad.Tensor(t.value) for t in Ws + bs]
            a = ad.Tensor(X.T)
            for W, b in zip(fresh[:2], fresh[2:]):
                a = ad.tanh(a @ W.T + b)
            C = ad.mean(ad.sum(ad.square(a - E.T), axis=1))
            C.backward()
            costs.append(float(C.value))
            for i, (f, t) in enumerate(zip(fresh, Ws + bs)):
                totals[i] = totals[i] + f.grad if keep else f.grad   # keep: gradients never reset
                t.value = t.value - eta * totals[i]
        return costs

    assert q.check(train, record=False).passed
    kept = q.check(lambda W1, b1, W2, b2, X, E, eta, steps: train(W1, b1, W2, b2, X, E, eta, steps, keep=True),
                   record=False)
    assert not kept.passed and kept.mistake == "grads_kept"


def test_training_costs_fall_on_the_running_example():
    q = exercises.get("autodiff.train_with_engine")
    costs = q.reference()(**q.cases[0])
    assert len(costs) == 20 and costs[-1] < 0.5 * costs[0]
    net = Network.from_weights([None, module._W1, module._W2], [None, module._B1, module._B2], activation="tanh")
    assert costs[0] == pytest.approx(net.cost(np.array([0.5, -1.0]), np.array([0.5, -0.5])), rel=1e-15)
