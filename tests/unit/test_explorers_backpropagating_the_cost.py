"""The backprop_cost explorer: every control changes the picture, the numbers are the library's,
and the no-kernel version sweeps its main parameter (the shared tests: explorer_contract.py)."""

from backprop_lib.explorers import backpropagating_the_cost as module
from explorer_contract import *  # noqa: F401,F403  (the shared tests)

NAME = "backpropagating_the_cost"
CLASS = module.BackpropCostExplorer
NUMBERS = ("(−0.505, 0.443, −1.066)", "(−0.246, 0.442, −0.718)")
MAIN = "w2_13"
WIDGET_VALUE = 0.0
