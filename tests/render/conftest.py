"""Chart tests: the `graphviz` marker, and where test artefacts (charts to look at) go.

Tests marked ``@pytest.mark.graphviz`` run the real ``dot``. Without it they skip on a developer
machine, but in CI (``CI`` set, as every CI service does) a missing ``dot`` fails them loudly: the
charts are a feature, and a silently skipped test would hide that they were never drawn.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import in_ci

DOT_MISSING = (
    "Graphviz `dot` is not on PATH: install it (apt-get install graphviz, brew install graphviz)"
)


@pytest.fixture(autouse=True)
def _needs_dot(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("graphviz") is None or shutil.which("dot"):
        return
    if in_ci():
        pytest.fail(f"{DOT_MISSING}; CI is set, so this test must not be skipped", pytrace=False)
    pytest.skip(DOT_MISSING)


@pytest.fixture
def artifacts():
    """``artifacts(path)`` copies a file into $CSORG_ARTIFACTS_DIR when that is set."""

    def keep(path: Path) -> Path | None:
        target_dir = os.environ.get("CSORG_ARTIFACTS_DIR")
        if not target_dir:
            return None
        target = Path(target_dir)
        target.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy2(path, target / path.name))

    return keep
