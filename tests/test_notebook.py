"""The analyst's notebook runs top to bottom on the demo store, from the repository root and
from notebooks/ (as `jupyter execute` does), and is committed clean."""

import json
import shutil

import nbformat
import pytest
from conftest import ROOT
from nbclient import NotebookClient

NOTEBOOK = ROOT / "notebooks" / "readiness.ipynb"


def test_notebook_is_committed_without_outputs():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    assert all(
        not c.get("outputs") and not c.get("execution_count")
        for c in cells
        if c["cell_type"] == "code"
    )


def _run(notebook_path, cwd):
    notebook = nbformat.read(notebook_path, as_version=4)
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    ).execute()
    return [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]


@pytest.mark.parametrize("where", ["root", "notebooks"])
def test_notebook_finds_the_repository_store_from_root_and_from_notebooks(
    demo_store, tmp_path, monkeypatch, where
):
    # a copy of the repository's layout: notebooks/readiness.ipynb and data/sleutelklaar.duckdb,
    # with no DQ_DB, so the notebook's own default path is what finds the store
    monkeypatch.delenv("DQ_DB", raising=False)
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "data").mkdir()
    shutil.copy(NOTEBOOK, tmp_path / "notebooks" / NOTEBOOK.name)
    shutil.copy(demo_store.path, tmp_path / "data" / "sleutelklaar.duckdb")
    cwd = tmp_path if where == "root" else tmp_path / "notebooks"
    outputs = _run(tmp_path / "notebooks" / NOTEBOOK.name, cwd)
    assert not [o for o in outputs if o.output_type == "error"]
    assert len(outputs) >= 8
