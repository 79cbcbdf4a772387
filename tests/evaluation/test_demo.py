"""The demonstration evaluations load once, through the services."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from app.evaluation.models import EvaluationResponse, EvaluationSubmission


def test_seed_demo_adds_evaluations_once(app, db, tmp_path):
    current_app.config["STORAGE_URL"] = f"file://{tmp_path / 'storage'}"
    current_app.extensions.pop("kcc_storage", None)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    assert (
        "Added a finished course with 6 evaluation answers and 1 answer to the workshop's "
        "evaluation." in first.output
    )
    counts = dict(
        db.session.execute(
            select(EvaluationResponse.offering_id, func.count()).group_by(
                EvaluationResponse.offering_id
            )
        ).all()
    )
    assert sorted(counts.values()) == [1, 6]
    assert db.session.scalar(select(func.count()).select_from(EvaluationSubmission)) == 7
    second = runner.invoke(args=["seed", "demo"])
    assert second.exit_code == 0, second.output
    assert "Evaluations: nothing added." in second.output
    assert db.session.scalar(select(func.count()).select_from(EvaluationResponse)) == 7
