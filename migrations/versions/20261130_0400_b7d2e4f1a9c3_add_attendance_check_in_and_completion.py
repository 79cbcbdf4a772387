"""add attendance, check-in codes, completion rules and completion records

Revision ID: b7d2e4f1a9c3
Revises: 1f021eeb4e40
Create Date: 2026-11-30 04:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b7d2e4f1a9c3"
down_revision = "1f021eeb4e40"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "attendance_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["enrolments.id"],
            name=op.f("fk_attendance_marks_enrolment_id_enrolments"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_attendance_marks_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_attendance_marks_session_id_sessions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_marks")),
        sa.UniqueConstraint(
            "enrolment_id", "session_id", name=op.f("uq_attendance_marks_enrolment_id_session_id")
        ),
    )
    op.create_index("ix_attendance_marks_session_id", "attendance_marks", ["session_id"])
    op.create_table(
        "check_in_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_check_in_codes_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_check_in_codes_session_id_sessions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_in_codes")),
        sa.UniqueConstraint("code", name=op.f("uq_check_in_codes_code")),
    )
    op.create_index("ix_check_in_codes_session_id", "check_in_codes", ["session_id"])
    op.create_table(
        "completion_rules",
        sa.Column("offering_id", sa.Integer(), nullable=False),
        sa.Column("min_attendance_percent", sa.Integer(), nullable=True),
        sa.Column("require_materials", sa.Boolean(), nullable=False),
        sa.Column("require_action_plan", sa.Boolean(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "min_attendance_percent IS NULL OR "
            "(min_attendance_percent >= 0 AND min_attendance_percent <= 100)",
            name=op.f("ck_completion_rules_percent_range"),
        ),
        sa.ForeignKeyConstraint(
            ["offering_id"],
            ["offerings.id"],
            name=op.f("fk_completion_rules_offering_id_offerings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_completion_rules_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("offering_id", name=op.f("pk_completion_rules")),
    )
    op.create_table(
        "completion_records",
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("rule_state", sa.String(length=16), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("present_sessions", sa.Integer(), nullable=False),
        sa.Column("marked_sessions", sa.Integer(), nullable=False),
        sa.Column("counted_sessions", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("override_state", sa.String(length=16), nullable=True),
        sa.Column("override_reason", sa.String(length=500), nullable=False),
        sa.Column("override_by_id", sa.Integer(), nullable=True),
        sa.Column("override_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["enrolments.id"],
            name=op.f("fk_completion_records_enrolment_id_enrolments"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["override_by_id"],
            ["users.id"],
            name=op.f("fk_completion_records_override_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("enrolment_id", name=op.f("pk_completion_records")),
    )


def downgrade():
    op.drop_table("completion_records")
    op.drop_table("completion_rules")
    op.drop_index("ix_check_in_codes_session_id", table_name="check_in_codes")
    op.drop_table("check_in_codes")
    op.drop_index("ix_attendance_marks_session_id", table_name="attendance_marks")
    op.drop_table("attendance_marks")
