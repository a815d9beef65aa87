from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture
def article_text() -> str:
    return (DATA / "article.csv").read_text(encoding="utf-8")


@pytest.fixture
def reference_text() -> str:
    return (DATA / "reference.csv").read_text(encoding="utf-8")
