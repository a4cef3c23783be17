"""The teaching notebooks run from top to bottom on a fresh kernel, and are stored without outputs.

The kernel is this Python (the project's venv): a throw-away kernelspec in a temporary
JUPYTER_PATH points at ``sys.executable``, so a user's own ``python3`` kernel is never used.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="pip install -e '.[test]' for the notebook tests")
nbclient = pytest.importorskip("nbclient", reason="pip install -e '.[test]' for the notebook tests")
pytest.importorskip("ipykernel", reason="pip install -e '.[test]' for the notebook tests")

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAMES = ["01_first_run", "02_feedback_and_trust", "03_coordination_models", "04_sweeps_and_sensitivity",
         "05_turnover_and_the_network"]
KERNEL = "samsim-test"


@pytest.fixture(scope="module")
def kernel_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "samsim (test)", "language": "python",
        "env": {"MPLBACKEND": "module://matplotlib_inline.backend_inline"},
    }))
    return root


def test_every_notebook_is_listed():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_stored_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{name}: strip the outputs before committing"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    assert "Questions to try" in nb.cells[-1].source


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs(name, kernel_dir, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(kernel_dir))
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name=KERNEL, timeout=300,
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    t0 = time.perf_counter()
    client.execute()  # raises CellExecutionError with the cell and the traceback on any error
    seconds = time.perf_counter() - t0
    images = sum(1 for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {}))
    assert images >= 1, f"{name} drew no figure"
    assert seconds < 120, f"{name} took {seconds:.0f} s: keep the lessons small"
