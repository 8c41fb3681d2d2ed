"""backprop_lib.datasets: shapes, labels and seeding of the toy data sets."""

import numpy as np
import pytest

from backprop_lib import datasets


def test_xor():
    X, Y = datasets.xor()
    assert X.shape == (4, 2) and Y.shape == (4, 1) and X.dtype == Y.dtype == np.float64
    np.testing.assert_array_equal(Y[:, 0], np.logical_xor(X[:, 0], X[:, 1]).astype(float))
    assert {tuple(r) for r in X} == {(0, 0), (0, 1), (1, 0), (1, 1)}


@pytest.mark.parametrize("make", [datasets.two_spirals, datasets.circles])
@pytest.mark.parametrize("n", [2, 7, 200])
def test_classification_sets_have_the_promised_shape_and_labels(make, n):
    X, Y = make(n=n, seed=0)
    assert X.shape == (n, 2) and Y.shape == (n, 1)
    assert X.dtype == Y.dtype == np.float64 and np.isfinite(X).all()
    assert set(np.unique(Y)) <= {0.0, 1.0}


def test_two_spirals_are_balanced_interleaved_and_inside_the_square():
    X, Y = datasets.two_spirals(n=301, noise=0.0, seed=2)
    assert int(Y.sum()) in (150, 151)
    assert np.abs(X).max() <= 1.0
    # the second spiral is the first turned by 180 degrees: same radii distribution, mirrored
    r = np.hypot(X[:, 0], X[:, 1])
    assert 0.2 < r.min() and r.max() <= 1.0


def test_circles_separate_by_radius_without_noise():
    X, Y = datasets.circles(n=100, noise=0.0, seed=0, factor=0.4)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[Y[:, 0] == 1], 0.4)
    np.testing.assert_allclose(r[Y[:, 0] == 0], 1.0)


def test_sine_targets():
    X, Y = datasets.sine(n=50, seed=0)
    assert X.shape == Y.shape == (50, 1)
    assert np.abs(X).max() <= np.pi
    np.testing.assert_allclose(Y, np.sin(X))
    _, Yn = datasets.sine(n=50, noise=0.1, seed=0)
    assert 0 < np.std(Yn - Y) < 0.2


@pytest.mark.parametrize("make", [datasets.two_spirals, datasets.circles, datasets.sine])
def test_same_seed_same_data(make):
    a, b, c = make(n=20, seed=5), make(n=20, seed=5), make(n=20, seed=6)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


@pytest.mark.parametrize("make", [datasets.two_spirals, datasets.circles, datasets.sine])
@pytest.mark.parametrize("kwargs, fragments", [
    (dict(n=0), ["n", "integer"]),
    (dict(n=-4), ["n", "integer"]),
    (dict(n=3.5), ["n", "integer"]),
    (dict(n=True), ["n", "integer"]),
    (dict(noise=-0.1), ["noise", "non-negative"]),
    (dict(noise=float("nan")), ["noise", "finite"]),
    (dict(noise="a lot"), ["noise"]),
    (dict(seed=-1), ["seed", "non-negative integer"]),
    (dict(seed="s"), ["seed", "non-negative integer"]),
])
def test_bad_input_names_the_argument(make, kwargs, fragments):
    with pytest.raises((TypeError, ValueError)) as err:
        make(**kwargs)
    for fragment in fragments:
        assert fragment in str(err.value)


def test_two_point_minimum_for_classification_sets():
    with pytest.raises(ValueError, match="n must be an integer >= 2"):
        datasets.two_spirals(n=1)


@pytest.mark.parametrize("factor", [0, 1, 1.5, -0.2, "half"])
def test_circles_factor_must_be_between_0_and_1(factor):
    with pytest.raises(ValueError, match="factor must be between 0 and 1"):
        datasets.circles(n=10, factor=factor)


@pytest.mark.parametrize("turns", [0, -1, float("nan"), float("inf"), "x", True])
def test_two_spirals_turns_must_be_a_positive_number(turns):
    with pytest.raises((TypeError, ValueError), match="turns must be a positive finite number"):
        datasets.two_spirals(n=10, turns=turns)
