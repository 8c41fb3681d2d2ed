"""Every test report of a run, for ``python3 tasks.py test``'s closing table.

``tasks.py test`` runs pytest in phases (tests/conftest.py's markers) and prints, at the end, the 15
slowest tests of the whole run and its counts. Each phase appends its reports (one JSON line per
setup, call and teardown) to the file named by BACKPROP_DURATIONS; under xdist only the controller
writes, since it receives every worker's reports.
"""

from __future__ import annotations

import json
import os


def pytest_runtest_logreport(report):
    path = os.environ.get("BACKPROP_DURATIONS")
    if not path or os.environ.get("PYTEST_XDIST_WORKER"):
        return
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps({"nodeid": report.nodeid, "when": report.when,
                              "outcome": report.outcome, "duration": report.duration}) + "\n")
