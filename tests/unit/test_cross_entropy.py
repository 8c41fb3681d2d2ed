"""backprop_lib.cross_entropy: the chapter's output errors and its recovery experiment, whose
claim (cross-entropy turns a confident mistake right in a few steps, squared error needs many
times more) holds for every seed tried."""

import numpy as np
import pytest

from backprop_lib import cross_entropy as ce


def test_output_delta_is_the_two_base_cases():
    z = np.array([-6.0, 0.0, 6.0])
    O = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(ce.output_delta("binary_cross_entropy", z, 0.0), O)
    np.testing.assert_allclose(ce.output_delta("squared_error", z, 0.0), 2 * O * O * (1 - O))
    # saturated and wrong: the squared error's delta is hundreds of times smaller
    assert ce.output_delta("binary_cross_entropy", 6.0, 0.0) / ce.output_delta("squared_error", 6.0, 0.0) > 200
    with pytest.raises(ValueError, match="loss"):
        ce.output_delta("hinge", z, 0.0)


def test_cross_entropy_recovers_from_a_confident_mistake_many_times_faster_for_every_seed():
    for seed in range(10):
        se = ce.recovery("squared_error", seed=seed)
        bce = ce.recovery("binary_cross_entropy", seed=seed)
        assert bce["steps"] <= 5 and se["steps"] >= 15 * bce["steps"], (seed, se["steps"], bce["steps"])
        assert se["E"] == bce["E"] and abs(bce["outputs"][0] - se["outputs"][0]) < 1e-12
        assert abs(bce["outputs"][0] - bce["E"]) > 0.99  # it did start confidently wrong
        assert abs(bce["delta0"]) > 100 * abs(se["delta0"])


@pytest.mark.parametrize("kwargs, fragment", [
    (dict(loss="mse"), "loss"), (dict(loss="squared_error", seed=-1), "seed"),
    (dict(loss="squared_error", max_steps=0), "max_steps"),
])
def test_bad_input_names_the_argument(kwargs, fragment):
    with pytest.raises(ValueError, match=fragment):
        ce.recovery(**kwargs)


def test_recovery_plot_draws():
    import matplotlib

    matplotlib.use("Agg")
    from backprop_lib.draw import cross_entropy as figures

    runs = [ce.recovery(loss, seed=0) for loss in ce.LOSSES]
    fig = figures.recovery_plot([runs[0]], [runs[1]])
    assert len(fig.axes) == 2
    with pytest.raises(ValueError, match="se_runs"):
        figures.recovery_plot([], [])
