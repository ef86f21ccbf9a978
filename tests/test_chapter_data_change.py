"""A changed CSV reaches the page only through a recorded version.

Executes the first chapter (as the book build does) against a scratch copy of
data/: an edited number without a version bump stops the chapter with the
sha256 rule; once the version is recorded the glued figure is the new number.
"""

from __future__ import annotations

import jupytext
import nbclient
import pytest
from nbclient.exceptions import CellExecutionError

from ailayoffs import data
from tests.conftest import ROOT

pytestmark = pytest.mark.slow
CHAPTER = ROOT / "chapters" / "immediate-dimensions.md"


def _glued(notebook) -> dict[str, str]:
    values = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook", {})
            key = record.get("mime_prefix", "") + "text/plain"
            if record.get("name") and key in output.get("data", {}):
                values[record["name"]] = output["data"][key]
    return values


def _execute():
    notebook = jupytext.read(CHAPTER)
    client = nbclient.NotebookClient(
        notebook, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(CHAPTER.parent)}}
    )
    client.execute()
    return notebook


def test_edited_number_fails_until_recorded_then_changes_the_glued_sentence(data_copy):
    quarterly = data.load("amazon_headcount_quarterly")
    latest, period = int(quarterly["employees"].iloc[-1]), quarterly["period"].iloc[-1]
    assert _glued(_execute())["latest_employees"] == str(latest)

    revised = latest + 22_000
    csv = data_copy / "amazon" / "headcount_quarterly.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    assert lines[-1].startswith(period)
    lines[-1] = lines[-1].replace(f",{latest},", f",{revised},", 1)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CellExecutionError) as failure:
        _execute()
    message = str(failure.value)
    assert "headcount_quarterly.csv" in message and "rule 'sha256' failed" in message

    data.record_version("amazon_headcount_quarterly", "Revised Q3 2025 headcount (test)", level="minor")
    glued = _glued(_execute())
    assert glued["latest_employees"] == str(revised)
    roles = int(glued["roles_2025"])
    assert float(glued["share_total_pct"]) == pytest.approx(roles / revised * 100)
