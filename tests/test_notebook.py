"""The analyst's notebook runs top to bottom on the demo store, and is committed clean."""

import json

import nbformat
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


def test_notebook_runs_on_the_demo_store(demo_store, monkeypatch):
    monkeypatch.setenv("DQ_DB", str(demo_store.path))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    ).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert len(outputs) >= 8
