"""Add report_figures and report_evaluations: the dashboard's counts per offering

Revision ID: b5e0f6a1c2d3
Revises: e7c1a5ed0001
Create Date: 2026-11-30 12:15:00

report_figures: participants, completions and valid certificates per offering and country;
report_evaluations: per offering the sum and number of ratings and the responses. The
dashboard adds up these rows instead of grouping every enrolment and answer. Filled here from
the existing rows (the counting rules of app/reports/figures.py, copied).
"""

import sqlalchemy as sa
from alembic import op

revision = "b5e0f6a1c2d3"
down_revision = "e7c1a5ed0001"
branch_labels = None
depends_on = None

FILL = """
INSERT INTO report_figures (offering_id, country_code, enrolments, completions, certificates)
SELECT e.offering_id, COALESCE(c.country_code, ''), COUNT(e.id),
       COUNT(CASE WHEN e.completion = 'completed' THEN e.id END), COUNT(cert.id)
FROM enrolments e
LEFT JOIN cities c ON c.id = e.city_id
LEFT JOIN certificates cert ON cert.enrolment_id = e.id AND cert.status = 'valid'
WHERE e.status = 'enrolled'
GROUP BY e.offering_id, COALESCE(c.country_code, '')
"""

FILL_EVALUATIONS = """
INSERT INTO report_evaluations (offering_id, rating_total, ratings, responses)
SELECT r.offering_id, COALESCE(SUM(a.rating), 0), COUNT(a.rating), COUNT(DISTINCT r.id)
FROM evaluation_responses r
JOIN evaluation_answers a ON a.response_id = r.id
GROUP BY r.offering_id
"""


def upgrade():
    op.create_table(
        "report_figures",
        sa.Column("offering_id", sa.Integer(), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("enrolments", sa.Integer(), nullable=False),
        sa.Column("completions", sa.Integer(), nullable=False),
        sa.Column("certificates", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["offering_id"],
            ["offerings.id"],
            name=op.f("fk_report_figures_offering_id_offerings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("offering_id", "country_code", name=op.f("pk_report_figures")),
    )
    op.execute(FILL)
    op.create_table(
        "report_evaluations",
        sa.Column("offering_id", sa.Integer(), nullable=False),
        sa.Column("rating_total", sa.Integer(), nullable=False),
        sa.Column("ratings", sa.Integer(), nullable=False),
        sa.Column("responses", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["offering_id"],
            ["offerings.id"],
            name=op.f("fk_report_evaluations_offering_id_offerings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("offering_id", name=op.f("pk_report_evaluations")),
    )
    op.execute(FILL_EVALUATIONS)


def downgrade():
    op.drop_table("report_evaluations")
    op.drop_table("report_figures")
