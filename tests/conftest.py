"""Shared fixtures. Tests run from the repository root, so page files resolve."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True, scope="session")
def _run_from_repository_root():
    os.chdir(ROOT)
    os.environ.setdefault("DQ_LANG", "nl")


def page_test(script: str, timeout: float = 30):
    """An AppTest for a page script under pages/ (absolute, so any test file can use it)."""
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(ROOT / "pages" / script), default_timeout=timeout)
