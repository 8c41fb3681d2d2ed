"""The cost explorer: every control changes the picture, the numbers are the library's,
and the no-kernel version sweeps its main parameter (the shared tests: explorer_contract.py)."""

from backprop_lib.explorers import computing_the_cost as module
from explorer_contract import *  # noqa: F401,F403  (the shared tests)

NAME = "computing_the_cost"
CLASS = module.CostExplorer
NUMBERS = ("0.3977", "(−1.220, −0.150)")
MAIN = "E1"
WIDGET_VALUE = -0.9
