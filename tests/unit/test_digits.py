"""backprop_lib.digits: the shipped UCI digits load without a download, and the capstone's
training reaches the chapter's accuracy on held-out digits for several seeds."""

import gzip
import hashlib

import numpy as np
import pytest

from backprop_lib import digits


def test_the_shipped_data_is_the_uci_copy_with_its_licence():
    X, y = digits.load()
    assert X.shape == (1797, 64) and X.dtype == np.uint8 and y.shape == (1797,)
    assert X.min() == 0 and X.max() == 16 and set(np.unique(y)) == set(range(10))
    assert digits.DATA_FILE.stat().st_size < 100_000
    # byte for byte the file scikit-learn 1.9.1 ships (sklearn/datasets/data/digits.csv.gz)
    assert hashlib.sha256(digits.DATA_FILE.read_bytes()).hexdigest().startswith("09f66e6debdee2cd")
    readme = (digits.DATA_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme and "Alpaydin" in readme and "Kaynak" in readme and "UCI" in readme
    with gzip.open(digits.DATA_FILE, "rt") as f:
        assert len(f.readline().split(",")) == 65
    X[0, 0] = 99  # load() hands out copies
    assert digits.load()[0][0, 0] != 99


def test_split_one_hot_scale_and_confusion():
    X, y = digits.load()
    Xtr, ytr, Xte, yte = digits.split(X, y, test_size=500, seed=3)
    assert len(Xte) == 500 and len(Xtr) == 1297
    a, b = digits.split(X, y, seed=3), digits.split(X, y, seed=4)
    assert np.array_equal(a[3], yte) and not np.array_equal(b[3], yte)
    E = digits.one_hot(np.array([0, 3, 9]))
    assert E.shape == (3, 10) and np.all(E.sum(axis=1) == 1) and E[1, 3] == 1
    assert digits.scale(X).max() == 1.0
    M = digits.confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2], n_classes=3)
    assert M.tolist() == [[1, 0, 0], [0, 1, 1], [0, 0, 1]]


def test_held_out_accuracy_is_at_least_95_percent_for_every_seed():
    accs = [digits.train(seed=s).accuracy for s in range(5)]
    assert min(accs) >= 0.95, accs
    run = digits.train(seed=0)
    assert digits.train(seed=0) is run  # computed once per process
    assert len(run.costs) == len(run.test_accuracy) == len(run.grad_norms) == 40
    assert run.grad_norms[0][0] is None and all(g > 0 for g in run.grad_norms[0][1:])
    assert run.costs[-1] < run.costs[0] / 20
    assert run.predictions().shape == (500,) and "accuracy" in repr(run)


@pytest.mark.parametrize("call, fragment", [
    (lambda: digits.split(*digits.load(), test_size=0), "test_size"),
    (lambda: digits.split(*digits.load(), seed=-1), "seed"),
    (lambda: digits.one_hot(np.array([10])), "labels"),
    (lambda: digits.train(seed=0, epochs=0), "epochs"),
    (lambda: digits.train(seed=0, lr=-1.0), "lr"),
])
def test_bad_input_names_the_argument(call, fragment):
    with pytest.raises(ValueError, match=fragment):
        call()


def test_figures_draw_and_reject_bad_input():
    import matplotlib

    matplotlib.use("Agg")
    from backprop_lib.draw import digits as figures

    run = digits.train(seed=0)
    assert figures.digit_grid(run.X_test[:3], ["a", "b", "c"]).axes
    assert figures.confusion(digits.confusion_matrix(run.y_test, run.predictions())).axes
    assert figures.gradient_norms([run]).axes and figures.accuracy_spread([run]).axes
    assert len(figures.four_diagrams(run.net, run.X_test[0], int(run.y_test[0])).axes) == 8
    with pytest.raises(ValueError, match="X"):
        figures.digit_grid(np.zeros((2, 3)), ["a", "b"])
    with pytest.raises(ValueError, match="titles"):
        figures.digit_grid(run.X_test[:2], ["a"])
    with pytest.raises(ValueError, match="M"):
        figures.confusion(np.zeros((2, 3)))
    import matplotlib.pyplot as plt

    plt.close("all")
