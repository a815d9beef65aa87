import os
import tempfile
from pathlib import Path

import pytest

# Notebooks executed by the tests (nbval, reruns) write their derived tables and figures
# below this directory instead of over the committed ones (see energycoop.params.directory).
os.environ.setdefault("ENERGYCOOP_OUTPUT_DIR", tempfile.mkdtemp(prefix="energycoop-test-outputs-"))

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture
def article_text() -> str:
    return (DATA / "article.csv").read_text(encoding="utf-8")


@pytest.fixture
def reference_text() -> str:
    return (DATA / "reference.csv").read_text(encoding="utf-8")
