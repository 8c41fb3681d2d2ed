"""Exercises of the chapter "From four diagrams to any graph" (``ch-autodiff``).

The pieces of the engine the chapter builds: the local rule of a matrix product (backward
through one node), the topological order, the backward sweep that ADDS the errors of a value's
uses (the accumulation bug: ``=`` instead of ``+=``), fan-out by hand, and training the chapter's
small network with the learner's own engine, which must match ``Network.backward`` to 1e-12.
"""

import numpy as np

from ..network import Network
from .exercise import Exercise, Mistake

# ---------------------------------------------------------------------------------------------
# autodiff.matmul_backward (function)
# ---------------------------------------------------------------------------------------------


def matmul_backward(A, B, G):
    """The errors of A and B for Y = A @ B, given G = dC/dY: (G @ B^T, A^T @ G)."""
    return G @ B.T, A.T @ G


def _draw(rng, m, n, p):
    r = lambda *shape: np.round(rng.uniform(-1, 1, shape), 2)  # noqa: E731
    return dict(A=r(m, n), B=r(n, p), G=r(m, p))


_rng = np.random.default_rng(13)
_MATMUL_CASES = [
    _draw(_rng, 3, 3, 3),          # square first: forgotten transposes still run
    _draw(_rng, 4, 2, 3),
    _draw(_rng, 1, 5, 2),
]

matmul_backward_exercise = Exercise(
    id="autodiff.matmul_backward",
    title="The local rule of a matrix product",
    prompt=(
        "A node computes $Y = A B$ (`A @ B`, $A$ of shape $(m, n)$, $B$ of shape $(n, p)$). Going "
        "backward it receives $G = \\partial C/\\partial Y$, shape $(m, p)$. Write "
        "`matmul_backward(A, B, G)` that returns the pair `(dA, dB)`: "
        "$\\partial C/\\partial A$ (shaped like $A$) and $\\partial C/\\partial B$ (shaped like "
        "$B$). Your function is run on matrices of several shapes."
    ),
    kind="function",
    quantity="the errors of A and B",
    gradient=True,
    template=("def matmul_backward(A, B, G):\n"
              "    ...                # return (dC/dA, dC/dB)"),
    reference=matmul_backward,
    cases=_MATMUL_CASES,
    random_case=lambda rng: _draw(rng, *(int(v) for v in rng.integers(1, 6, size=3))),
    part_names=("dC/dA", "dC/dB"),
    mistakes=[
        Mistake("untransposed", wrong=lambda A, B, G: (G @ B, A @ G),
                message="The transposes are missing. Y_ij = Σ_l A_il B_lj, so ∂C/∂A_il = "
                        "Σ_j G_ij B_lj: that is G Bᵀ (and likewise ∂C/∂B = Aᵀ G). The shapes "
                        "tell you: dC/dA must be shaped like A.",
                hint="Write out the shapes: which product of G and B has the shape (m, n) of A?"),
        Mistake("swapped", wrong=lambda A, B, G: (A.T @ G, G @ B.T),
                message="The two errors are swapped: dC/dA = G Bᵀ is shaped like A, and "
                        "dC/dB = Aᵀ G like B."),
        Mistake("flipped_sign", wrong=lambda A, B, G: (-(G @ B.T), -(A.T @ G)),
                message="The sign is flipped: the local rule of a product has no minus sign."),
        Mistake("forward_weights", wrong=lambda A, B, G: (G @ B.T, G.T @ A),
                message="dC/dB is transposed: Gᵀ A has shape (p, n), but B is (n, p). The "
                        "error of B is Aᵀ G."),
    ],
    hints=[
        "For one example ($m = 1$) this is the backward diagram: $\\partial C/\\partial a^{k-1} "
        "= (W^k)^\\top \\delta^k$, and the weight gradient $\\delta^k (a^{k-1})^\\top$.",
        "Check the shapes: $G B^\\top$ is $(m, p)(p, n) = (m, n)$, like $A$; $A^\\top G$ is "
        "$(n, m)(m, p) = (n, p)$, like $B$.",
        "`return G @ B.T, A.T @ G`.",
    ],
    solution=(
        "$Y_{ij} = \\sum_l A_{il} B_{lj}$, so $\\partial C/\\partial A_{il} = \\sum_j G_{ij} B_{lj}$ "
        "and $\\partial C/\\partial B_{lj} = \\sum_i A_{il} G_{ij}$:\n\n"
        "```python\ndef matmul_backward(A, B, G):\n    return G @ B.T, A.T @ G\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# autodiff.shared_weight (value): fan-out
# ---------------------------------------------------------------------------------------------

# other numbers than the chapter's worked example (x = 0.8, w = 0.5, E = 1), whose printed
# dC/dw would otherwise be this exercise's answer
X, W, E = 0.6, 0.7, 1.2


def _uses(x=X, w=W, e=E):
    """dC/dw of C = (w y - E)^2, y = tanh(w x) + x: (use 1 in u = w x, use 2 in v = w y)."""
    u = w * x
    h = np.tanh(u)
    y = h + x
    v = w * y
    dv = 2 * (v - e)
    use2 = dv * y
    dy = dv * w
    du = dy * (1 - h * h)
    use1 = du * x
    return use1, use2


def _no_skip(x=X, w=W, e=E):
    """The same, for the graph without the skip connection (y = h)."""
    h = np.tanh(w * x)
    v = w * h
    dv = 2 * (v - e)
    return dv * h + dv * w * (1 - h * h) * x


shared_weight_exercise = Exercise(
    id="autodiff.shared_weight",
    title="A weight used twice",
    prompt=(
        "The chapter's graph: $u = w x$, $h = \\tanh u$, $y = h + x$ (a skip connection), "
        "$v = w y$ and $C = (v - E)^2$, now with $x = <<x>>$, $w = <<w>>$, $E = <<E>>$ (in "
        "`q.data`; other numbers than the worked example's). The weight $w$ is used twice. "
        "Compute $\\partial C/\\partial w$ yourself, node by node."
    ),
    kind="value",
    digits=4,  # worked by hand or with a calculator
    gradient=True,
    quantity="∂C/∂w",
    template=("d = q.data            # x, w, E\n"
              "my_answer = ...        # a number: dC/dw"),
    reference=lambda: float(sum(_uses())),
    data=dict(x=X, w=W, E=E),
    mistakes=[
        Mistake("second_use_only", wrong=lambda: float(_uses()[1]),
                message="You counted only the use of w in v = w y. w is also used in u = w x: "
                        "its gradient is the SUM of the errors of both uses (fan-out).",
                hint="Where else does w appear in the graph?"),
        Mistake("first_use_only", wrong=lambda: float(_uses()[0]),
                message="You counted only the use of w in u = w x. w is also used in v = w y: "
                        "its gradient is the SUM of the errors of both uses (fan-out)."),
        Mistake("no_skip", wrong=lambda: float(_no_skip()),
                message="You left the skip connection out: y = h + x, so y's value includes x, "
                        "and the error reaching h is ∂C/∂y itself (∂y/∂h = 1)."),
        Mistake("flipped_sign", wrong=lambda: -float(sum(_uses())),
                message="The sign is flipped: ∂C/∂v = 2(v − E) is negative here (v is below E), "
                        "and every factor after it keeps its sign."),
    ],
    hints=[
        "$w$ is used twice, so its gradient is the SUM of the errors of its two uses (fan-out). "
        "Go backward node by node from $C$.",
        "$\\partial C/\\partial v = 2(v - E)$; the use in $v = wy$ gives "
        "$y\\,\\partial C/\\partial v$; the error reaching $u$ is "
        "$w\\,\\partial C/\\partial v\\,(1 - h^2)$, and the use in $u = wx$ gives $x$ times it.",
        "`x, w, E = d[\"x\"], d[\"w\"], d[\"E\"]`; `h = np.tanh(w * x)`; `y = h + x`; "
        "`dv = 2 * (w * y - E)`; `my_answer = dv * y + dv * w * (1 - h**2) * x`.",
    ],
    solution=(
        "Forward, then backward node by node; the two uses of $w$ add up: "
        "$\\partial C/\\partial w \\approx <<answer>>$.\n\n"
        "```python\nd = q.data\nx, w, E = d['x'], d['w'], d['E']\n"
        "u = w * x; h = np.tanh(u); y = h + x; v = w * y\n"
        "dv = 2 * (v - E)\nuse2 = dv * y                 # w in v = w y\n"
        "du = dv * w * (1 - h**2)      # back through y = h + x and tanh\n"
        "use1 = du * x                 # w in u = w x\nmy_answer = use1 + use2\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# autodiff.topological_order (function)
# ---------------------------------------------------------------------------------------------


def topological_order(inputs, root):
    """The nodes that ``root`` depends on, each after its inputs: depth-first, inputs in order."""
    order, seen = [], set()

    def visit(i):
        if i not in seen:
            seen.add(i)
            for j in inputs[i]:
                visit(j)
            order.append(i)

    visit(root)
    return order


def _preorder(inputs, root):
    order, seen = [], set()

    def visit(i):
        if i not in seen:
            seen.add(i)
            order.append(i)
            for j in inputs[i]:
                visit(j)

    visit(root)
    return order


def _no_seen(inputs, root):
    order = []

    def visit(i):
        for j in inputs[i]:
            visit(j)
        order.append(i)

    visit(root)
    return order


def _random_graph(rng):
    """A random graph, numbered at random (not in a topological order), with a node used twice."""
    n = int(rng.integers(4, 10))
    made = []                                   # creation order: inputs before users
    for k in range(n):
        if k < 2:
            made.append([])
        else:
            m = int(rng.integers(1, 3))
            made.append(sorted({int(j) for j in rng.integers(0, k, size=m)}))
    made[-1] = sorted(set(made[-1]) | {0, n - 2})   # node 0 used by the last two nodes
    if 0 not in made[n - 2]:
        made[n - 2] = sorted(set(made[n - 2]) | {0})
    perm = rng.permutation(n)                   # label of creation index k
    inputs = [None] * n
    for k, ins in enumerate(made):
        inputs[int(perm[k])] = [int(perm[j]) for j in ins]
    return inputs, int(perm[n - 1])


# The chapter's graph u = w x, h = tanh u, y = h + x, v = w y, C = (v - E)^2, numbered
# C = 0, v = 1, w = 2, y = 3, h = 4, u = 5, x = 6 (inputs listed as in the formulas).
_CHAPTER_GRAPH = [[1], [2, 3], [], [4, 6], [5], [2, 6], []]

topological_order_exercise = Exercise(
    id="autodiff.topological_order",
    title="The topological order",
    prompt=(
        "The engine's `backward()` first lists the graph's nodes so that every node comes after "
        "its inputs. Here a graph is a list: `inputs[i]` lists the nodes that node `i` takes as "
        "inputs (numbered in any order, not already sorted). Write `topological_order(inputs, "
        "root)` that returns the list of the nodes `root` depends on (`root` included), by the "
        "depth-first visit of the chapter's engine: to visit a node not visited yet, mark it, "
        "visit its inputs in the order listed, then append it. The first case is the chapter's "
        "graph, numbered $C = 0$, $v = 1$, $w = 2$, $y = 3$, $h = 4$, $u = 5$, $x = 6$."
    ),
    kind="function",
    quantity="the order",
    template=("def topological_order(inputs, root):\n"
              "    ...                # return a list of node numbers, each after its inputs"),
    reference=topological_order,
    cases=[
        dict(inputs=_CHAPTER_GRAPH, root=0),
        dict(inputs=[[2], [], [3, 3], [1], [0, 1]], root=0),   # node 3 used twice by node 2; 4 unreachable
        dict(inputs=[[], [0], [1], [2, 0]], root=3),
    ],
    random_case=lambda rng: dict(zip(("inputs", "root"), _random_graph(rng))),
    mistakes=[
        Mistake("preorder", wrong=_preorder,
                message="Your order puts a node BEFORE its inputs: you appended the node before "
                        "visiting its inputs. Append it after the visits of its inputs, so that "
                        "when backward() walks the list in reverse, every use of a node comes "
                        "before the node itself.",
                hint="When is a node's value ready? Only after all its inputs' values are."),
        Mistake("reversed", wrong=lambda inputs, root: topological_order(inputs, root)[::-1],
                message="This is the order in which backward() VISITS the nodes, the cost first. "
                        "The topological order itself has the inputs first and the root last; "
                        "backward() reverses it."),
        Mistake("no_seen", wrong=_no_seen,
                message="Some nodes appear more than once: a node used twice (like w and x in "
                        "the chapter's graph) is visited once per use. Keep a set of visited "
                        "nodes and skip a node already in it.",
                hint="How many times does w appear in your list for the chapter's graph?"),
    ],
    hints=[
        "Write a nested function `visit(i)` that calls itself on the inputs of `i` and then "
        "appends `i`; call `visit(root)` once.",
        "A node used by two others must be listed once: keep `seen = set()` and return from "
        "`visit` at once when `i in seen`.",
        "`order, seen = [], set()`; `def visit(i):` `if i not in seen: seen.add(i); "
        "[visit(j) for j in inputs[i]]; order.append(i)`; then `visit(root); return order`.",
    ],
    solution=(
        "Depth-first, each node appended after its inputs, each node once:\n\n"
        "```python\ndef topological_order(inputs, root):\n    order, seen = [], set()\n\n"
        "    def visit(i):\n        if i not in seen:\n            seen.add(i)\n"
        "            for j in inputs[i]:\n                visit(j)\n            order.append(i)\n\n"
        "    visit(root)\n    return order\n```\n\nOn the chapter's graph this gives "
        "`[2, 6, 5, 4, 3, 1, 0]`: $w, x, u, h, y, v, C$. Walked in reverse, every node is reached "
        "after all its uses, so its error is complete when it is passed on."
    ),
)


# ---------------------------------------------------------------------------------------------
# autodiff.backward_pass (function): += , not =
# ---------------------------------------------------------------------------------------------


def backward_pass(inputs, local):
    """dC/d(node) for every node of a graph numbered in topological order, C the last node."""
    grads = np.zeros(len(inputs))
    grads[-1] = 1.0
    for i in reversed(range(len(inputs))):
        for j, d in zip(inputs[i], local[i]):
            grads[j] += d * grads[i]
    return grads


def _assigned(inputs, local):
    grads = np.zeros(len(inputs))
    grads[-1] = 1.0
    for i in reversed(range(len(inputs))):
        for j, d in zip(inputs[i], local[i]):
            grads[j] = d * grads[i]
    return grads


def _forward_order(inputs, local):
    grads = np.zeros(len(inputs))
    grads[-1] = 1.0
    for i in range(len(inputs)):
        for j, d in zip(inputs[i], local[i]):
            grads[j] += d * grads[i]
    return grads


def _no_local(inputs, local):
    return backward_pass(inputs, [[1.0] * len(ins) for ins in inputs])


def _graph_case(x=0.8, w=0.5, e=1.0):
    """The chapter's graph in topological order: x, w, u, h, y, v, C, local derivatives at the
    chapter's worked example (x = 0.8, w = 0.5, E = 1; not shared_weight's numbers, whose dC/dw
    this sweep would give away)."""
    u = w * x
    h = np.tanh(u)
    y = h + x
    v = w * y
    r = lambda t: round(float(t), 4)  # noqa: E731
    inputs = [[], [], [1, 0], [2], [3, 0], [1, 4], [5]]
    local = [[], [], [r(x), r(w)], [r(1 - h * h)], [1.0, 1.0], [r(y), r(w)], [r(2 * (v - e))]]
    return dict(inputs=inputs, local=local)


def _random_backward_case(rng):
    n = int(rng.integers(4, 9))
    inputs = [[] for _ in range(n)]
    for k in range(2, n):
        inputs[k] = sorted({int(j) for j in rng.integers(0, k, size=int(rng.integers(1, 3)))})
    for k in (n - 2, n - 1):                    # node 0 used twice: a fan-out in every case
        inputs[k] = sorted(set(inputs[k]) | {0})
    local = [[float(np.round(rng.uniform(-2, 2), 2)) for _ in ins] for ins in inputs]
    return dict(inputs=inputs, local=local)


backward_pass_exercise = Exercise(
    id="autodiff.backward_pass",
    title="The backward sweep, and a value used twice",
    prompt=(
        "The heart of `backward()`, on numbers: the nodes are numbered in a topological order "
        "(every node after its inputs) and the last node is the cost $C$. `inputs[i]` lists node "
        "`i`'s inputs and `local[i]` the local derivatives $\\partial(\\text{node } i)/"
        "\\partial(\\text{input})$ in the same order, already evaluated. Write "
        "`backward_pass(inputs, local)` that returns an array `grads` with $\\partial C/"
        "\\partial(\\text{node } i)$ for every node: start from $\\partial C/\\partial C = 1$ "
        "and apply the backward diagram node by node in reverse order. The first case is the "
        "chapter's graph ($x, w, u, h, y, v, C$), where $w$ (a shared weight) and $x$ (a skip "
        "connection) are each used twice."
    ),
    kind="function",
    gradient=True,
    quantity="the errors of the nodes",
    template=("def backward_pass(inputs, local):\n"
              "    ...                # return dC/d(node) for every node, as an array"),
    reference=backward_pass,
    cases=[
        _graph_case(),
        dict(inputs=[[], [0], [1, 0], [2]], local=[[], [0.6], [0.5, -1.5], [-0.8]]),   # shared weight w y(w)
        dict(inputs=[[], [0, 0], [1, 0], [2]], local=[[], [0.7, 0.7], [1.0, 1.0], [0.9]]),  # x*x and a skip
    ],
    random_case=_random_backward_case,
    mistakes=[
        Mistake("assigned", wrong=_assigned,
                message="You wrote `grads[j] = ...` instead of `grads[j] += ...`: a value used "
                        "twice (the shared weight w, the skip connection's x) keeps only the "
                        "error of the use visited last, and the other use's error is lost. Its "
                        "error is the SUM over its uses (fan-out).",
                hint="Look at node 1 (w) of the first case: it is an input of node 2 AND of "
                     "node 5. What happens to the first contribution when the second arrives?"),
        Mistake("forward_order", wrong=_forward_order,
                message="You visited the nodes in forward order. A node's error is complete only "
                        "after every node that uses it has passed its share back, so the sweep "
                        "must run from the cost back to the inputs: `reversed(range(n))`."),
        Mistake("no_local", wrong=_no_local,
                message="You passed the error on unchanged: each input gets the node's error "
                        "TIMES the local derivative `local[i][k]` (the backward diagram)."),
    ],
    hints=[
        "Start with `grads = np.zeros(n)` and `grads[-1] = 1.0`; then for `i` from the last node "
        "down to the first, hand node `i`'s error to its inputs.",
        "Input `j = inputs[i][k]` receives `local[i][k] * grads[i]`, and it may receive "
        "something from another node too: ADD, do not overwrite.",
        "`for i in reversed(range(n)):` `for j, d in zip(inputs[i], local[i]):` "
        "`grads[j] += d * grads[i]`.",
    ],
    solution=(
        "Reverse order, and `+=`: a value used twice gets the sum of its uses' errors.\n\n"
        "```python\ndef backward_pass(inputs, local):\n    grads = np.zeros(len(inputs))\n"
        "    grads[-1] = 1.0                          # dC/dC\n"
        "    for i in reversed(range(len(inputs))):\n"
        "        for j, d in zip(inputs[i], local[i]):\n"
        "            grads[j] += d * grads[i]         # += : every use of j adds its share\n"
        "    return grads\n```\n\nWith `=`, $\\partial C/\\partial w$ of the chapter's graph "
        "would keep only one of its two uses."
    ),
)


# ---------------------------------------------------------------------------------------------
# autodiff.train_with_engine (function): the learner's engine against Network.backward
# ---------------------------------------------------------------------------------------------


def train(W1, b1, W2, b2, X, E, eta, steps):
    """The costs before each of ``steps`` gradient-descent steps of the tanh network [n0, n1, n2]
    (quadratic cost, mean over the batch), X and E one example per column; by Network.backward."""
    net = Network.from_weights([None, np.array(W1, float), np.array(W2, float)],
                               [None, np.array(b1, float), np.array(b2, float)], activation="tanh")
    return _descend(net, np.asarray(X, float).T, np.asarray(E, float).T, eta, steps)


def _descend(net, X, E, eta, steps, keep=False, sign=1.0, biases=True, after=False):
    costs, total_W, total_b = [], [0.0] * 3, [0.0] * 3
    for _ in range(steps):
        C, g = net.backward(net.forward(X), E)
        if not after:
            costs.append(C)
        for k in (1, 2):
            total_W[k] = total_W[k] + g.W[k] if keep else g.W[k]
            total_b[k] = total_b[k] + g.b[k] if keep else g.b[k]
            net.W[k] = net.W[k] - sign * eta * total_W[k]
            if biases:
                net.b[k] = net.b[k] - sign * eta * total_b[k]
        if after:
            costs.append(net.cost(X, E))
    return np.array(costs)


def _train_wrong(**how):
    def wrong(W1, b1, W2, b2, X, E, eta, steps):
        net = Network.from_weights([None, np.array(W1, float), np.array(W2, float)],
                                   [None, np.array(b1, float), np.array(b2, float)], activation="tanh")
        return _descend(net, np.asarray(X, float).T, np.asarray(E, float).T, eta, steps, **how)
    return wrong


_W1 = np.array([[0.4, -0.6], [0.7, 0.2], [-0.3, 0.5]])
_B1 = np.array([0.1, -0.1, 0.0])
_W2 = np.array([[0.5, -0.4, 0.8], [-0.7, 0.3, 0.6]])
_B2 = np.array([0.0, 0.1])


def _random_train_case(rng):
    n0, n1, n2 = (int(v) for v in rng.integers(1, 5, size=3))
    B = int(rng.integers(1, 6))
    r = lambda *shape: np.round(rng.uniform(-1, 1, shape), 2)  # noqa: E731
    return dict(W1=r(n1, n0), b1=r(n1), W2=r(n2, n1), b2=r(n2), X=r(n0, B),
                E=np.round(0.8 * r(n2, B), 2), eta=0.3, steps=int(rng.integers(3, 12)))


train_with_engine_exercise = Exercise(
    id="autodiff.train_with_engine",
    title="Train the small network with your engine",
    prompt=(
        "Train the chapter's small network with YOUR engine (the `Value` class and "
        "`quadratic_cost` of this chapter, or your own): $a^1 = \\tanh(W^1 x + b^1)$, "
        "$a^2 = \\tanh(W^2 a^1 + b^2)$, the quadratic cost of the chapter (mean over the batch). "
        "Write `train(W1, b1, W2, b2, X, E, eta, steps)`: `X` and `E` hold one example per "
        "column, `b1`, `b2` are vectors. Take `steps` steps of gradient descent on the whole "
        "batch, $W \\leftarrow W - \\eta\\,\\partial C/\\partial W$ (and the same for every $W$ and "
        "$b$), computing each gradient with `backward()`, and return the list of the costs "
        "BEFORE each step. It is checked against `Network.backward` to a relative $10^{-12}$, "
        "on networks of other sizes too."
    ),
    kind="function",
    gradient=True,
    rtol=1e-12,
    atol=1e-15,
    quantity="the costs",
    template=("def train(W1, b1, W2, b2, X, E, eta, steps):\n"
              "    ...                # return the list of costs, one before each step"),
    reference=train,
    cases=[
        dict(W1=_W1, b1=_B1, W2=_W2, b2=_B2, X=np.array([[0.5], [-1.0]]), E=np.array([[0.5], [-0.5]]),
             eta=0.5, steps=20),
        dict(W1=_W1, b1=_B1, W2=_W2, b2=_B2, X=np.array([[0.5, -0.3, 0.9, 0.0], [-1.0, 0.4, 0.2, 0.7]]),
             E=np.array([[0.5, -0.2, 0.6, 0.0], [-0.5, 0.3, 0.1, 0.4]]), eta=0.3, steps=10),
    ],
    random_case=_random_train_case,
    mistakes=[
        Mistake("grads_kept", wrong=_train_wrong(keep=True),
                message="The gradients pile up from step to step: each step uses the sum of all "
                        "the gradients so far. That is the accumulation of `+=` carried over "
                        "between steps: give every step fresh leaves (new `Value`s made from the "
                        "current numbers), or set every `.grad` back to zero before `backward()`.",
                hint="What is in `W.grad` at the start of the second step, if W is the same "
                     "Value as in the first?"),
        Mistake("ascent", wrong=_train_wrong(sign=-1.0),
                message="You stepped uphill: gradient DESCENT subtracts, W − η ∂C/∂W. Your costs "
                        "grow."),
        Mistake("weights_only", wrong=_train_wrong(biases=False),
                message="Your biases never change: b¹ and b² are parameters too, and take a step "
                        "−η ∂C/∂b like the weights."),
        Mistake("costs_after", wrong=_train_wrong(after=True),
                message="Your costs are those AFTER each step (one step late): record the cost "
                        "that `backward()` differentiates, before the update."),
    ],
    hints=[
        "In each step: make `Value`s of the current W1, b1, W2, b2 (the biases as columns, "
        "`b1[:, None]`), build the forward pass, `C = quadratic_cost(a2, E)`, `C.backward()`, "
        "record `float(C.data)`, then update the numbers with the `.grad`s.",
        "New `Value`s in every step start with `grad` zero; reusing old ones would add the new "
        "gradient to the old (the `+=` of the engine).",
        "`P = [Value(W1), Value(b1[:, None]), Value(W2), Value(b2[:, None])]`; "
        "`a = (P[0] @ Value(X) + P[1]).tanh()`; `a = (P[2] @ a + P[3]).tanh()`; "
        "`C = quadratic_cost(a, E)`; `C.backward()`; "
        "`W1, b1, W2, b2 = (p.data - eta * p.grad for p in P)` (keep b1 and b2 as columns).",
    ],
    solution=(
        "Fresh leaves in every step (so every `grad` starts at zero), the forward pass with the "
        "engine, `backward()`, then one step down each gradient:\n\n"
        "```python\ndef train(W1, b1, W2, b2, X, E, eta, steps):\n"
        "    params = [W1, b1[:, None], W2, b2[:, None]]  # biases as columns\n"
        "    costs = []\n    for _ in range(steps):\n"
        "        P = [Value(p) for p in params]           # fresh leaves: grad = 0\n"
        "        a = (P[0] @ Value(X) + P[1]).tanh()\n"
        "        a = (P[2] @ a + P[3]).tanh()\n"
        "        C = quadratic_cost(a, E)\n        C.backward()\n"
        "        costs.append(float(C.data))\n"
        "        params = [p.data - eta * p.grad for p in P]\n    return costs\n```\n\n"
        "Its costs equal those of `Network.backward` to the last bits: the same products, in "
        "the same order."
    ),
)


#: This chapter's exercises, in the order the chapter asks them.
EXERCISES = [matmul_backward_exercise, topological_order_exercise, backward_pass_exercise,
             shared_weight_exercise, train_with_engine_exercise]
