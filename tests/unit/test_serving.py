"""How the server sets up its process before serving (clausegraph/app.py: `settle_heap`)."""

from __future__ import annotations

import json
import subprocess
import sys

from clausegraph.app import GC_YOUNGEST_THRESHOLD

# run in a process of its own, so that this test process keeps its collector as it is
PROBE = """
import gc, json
from clausegraph.app import settle_heap
before = gc.get_threshold()
settle_heap()
print(json.dumps({"frozen": gc.get_freeze_count(), "before": before, "after": gc.get_threshold()}))
"""


def test_the_heap_alive_at_start_is_frozen_and_the_youngest_generation_collected_less_often() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60)
    found = json.loads(out.stdout)
    # the app's modules and the schema are tens of thousands of objects
    assert found["frozen"] > 10_000
    assert found["after"] == [GC_YOUNGEST_THRESHOLD, *found["before"][1:]]
    assert found["before"][0] < GC_YOUNGEST_THRESHOLD
