"""The environment checks in the Makefile: the Python version, the venv stamp, distclean.

Runs ``make`` on a copy of the Makefile in a temporary folder, with stand-in
interpreters (small shell scripts that report a version), so nothing is
installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

REQUIRED = re.search(r"^REQUIRED_PYTHON\s*:?=\s*(\S+)", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M).group(1)
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def _fake_python(path: Path, version: str) -> Path:
    """A script that answers the Makefile's two version questions like Python ``version`` would."""
    short = ".".join(version.split(".")[:2])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'#!/bin/sh\ncase "$*" in *version_info*) echo {short};; *) echo {version};; esac\n', encoding="utf-8"
    )
    path.chmod(0o755)
    return path


@pytest.fixture()
def project(tmp_path) -> Path:
    for name in ("Makefile", "requirements.txt", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def _make(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=project, capture_output=True, text=True, timeout=120
    )


def test_the_required_python_is_the_one_the_readme_names():
    assert f"Python {REQUIRED}" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"{sys.version_info.major}.{sys.version_info.minor}" == REQUIRED, "the test suite runs on another Python"


def test_a_venv_made_by_another_python_is_removed_and_a_wrong_python_refused(project):
    _fake_python(project / ".venv" / "bin" / "python", "3.12.1")
    host = _fake_python(project / "host" / "python", "3.10.4")
    result = _make(project, f"PYTHON={host}", ".venv/.installed")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f".venv was made by Python 3.12, not Python {REQUIRED}: removing it" in output
    assert not (project / ".venv").exists()
    assert f"error: this book needs Python {REQUIRED} (see README); PYTHON={host} is Python 3.10." in output


def test_a_missing_interpreter_is_named(project):
    result = _make(project, "PYTHON=/nonexistent/python3", ".venv/.installed")
    assert result.returncode != 0
    assert "PYTHON=/nonexistent/python3 is not a working interpreter" in result.stderr


def test_the_stamp_records_the_interpreter_and_a_different_record_remakes_the_venv(project):
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(project / ".venv")], check=True)
    python = str(project / ".venv" / "bin" / "python")
    version = subprocess.run(
        [python, "-c", "import sys; print(sys.version.split()[0])"], capture_output=True, text=True, check=True
    ).stdout.strip()
    stamp = project / ".venv" / ".installed"
    stamp.write_text(f"python={version}\nexecutable=x\n", encoding="utf-8")
    assert _make(project, "-q", ".venv/.installed").returncode == 0, "an up-to-date venv would be remade"
    stamp.write_text("python=3.11.0\n", encoding="utf-8")  # made by another 3.11 build
    assert _make(project, "-q", ".venv/.installed").returncode == 1, "a stamp from another interpreter was accepted"
    stamp.write_text("", encoding="utf-8")  # an old stamp that records nothing
    assert _make(project, "-q", ".venv/.installed").returncode == 1


def test_distclean_removes_the_venv_and_clean_keeps_it(project):
    (project / ".venv").mkdir()
    (project / "_build" / "html").mkdir(parents=True)
    assert _make(project, "clean").returncode == 0
    assert not (project / "_build").exists() and (project / ".venv").exists()
    assert _make(project, "distclean").returncode == 0
    assert not (project / ".venv").exists()
