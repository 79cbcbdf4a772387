"""The README's second command is the whole test set-up: `make test` installs and starts what
the tests need (scripts/test-services.sh) and CI only calls it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ci_only_runs_the_readme_command():
    script = (ROOT / ".ci" / "run").read_text()
    assert script.rstrip().endswith("exec make test")
    assert "pg_ctlcluster" not in script and "redis-server" not in script
    assert "make test" in (ROOT / "README.md").read_text().split("\n\n")[1]


def test_make_test_prepares_the_services_first():
    plan = subprocess.run(
        ["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert plan.index("scripts/test-services.sh") < plan.index("-m pytest")


def test_the_services_script_is_a_no_op_where_everything_runs():
    """On a machine with all it needs (this one), the script installs nothing and leaves
    PostgreSQL and Redis answering."""
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "test-services.sh")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PGPASSWORD": os.environ.get("PGPASSWORD", "kcc-test")},
    )
    assert result.returncode == 0, result.stderr
    assert "Installing" not in result.stdout
    assert subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode == 0
    assert subprocess.run(["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True).stdout
