"""The weight_gradients explorer: every control changes the picture, the numbers are the library's,
and the no-kernel version sweeps its main parameter (the shared tests: explorer_contract.py)."""

import re

from backprop_lib.explorers import weight_gradients as module
from explorer_contract import *  # noqa: F401,F403  (the shared tests)

NAME = "weight_gradients"
CLASS = module.WeightGradientsExplorer
NUMBERS = ("−0.874", "0.697")
MAIN = "x1"
WIDGET_VALUE = 0.0


def test_static_version_starts_on_the_running_example_and_reaches_zero(ex):
    page = ex.static_html()
    assert 'value="15"' in page                 # index of 0.5 in -1.0, -0.9, ..., 1.0
    assert re.search(r'<output[^>]*>([^<]*)</output>', page).group(1) == "0.5"
    labels = re.search(r'"labels":\[\[([^\]]*)\]\]', page).group(1)
    assert '"0.0"' in labels and '"−1.0"' in labels and '"1.0"' in labels
